"""Versions: ember's own, the PyTorch release whose behaviour it follows, and the GPU toolkit.

PyTorch programs print ``torch.version.cuda`` (None on a CPU-only build) and ``torch.version.hip``
to report their setup; ember answers the same questions about itself.
"""
from __future__ import annotations

__version__ = "0.1.0"
torch_version = "2.13.0"  # the PyTorch release whose API and numbers ember reproduces
git_version = "unknown"
debug = False
hip = None
rocm = None
xpu = None


def _cuda_version():
    """The CUDA runtime version CuPy was built for ("12.8"), or None without CuPy."""
    try:
        import cupy
    except ImportError:
        return None
    version = cupy.cuda.runtime.runtimeGetVersion()  # e.g. 12080
    return f"{version // 1000}.{version % 1000 // 10}"


def __getattr__(name):
    if name == "cuda":  # CuPy is an optional extra: looked up on first use
        return _cuda_version()
    raise AttributeError(f"module 'ember.version' has no attribute '{name}'")
