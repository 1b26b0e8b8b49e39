"""Versions: ember's own (``ember_version``), the PyTorch release it follows, the GPU toolkit.

PyTorch programs print ``torch.version.cuda`` (None on a CPU-only build) and ``torch.version.hip``
to report their setup; ember answers the same questions about itself.
"""
from __future__ import annotations

from .torch_version import TorchVersion

ember_version = "0.1.0"  # ember's own release (pyproject.toml's version)
torch_version = "2.13.0"  # the PyTorch release whose API and numbers ember reproduces
# Compares as a version, as torch.__version__ does; ember's release is the local label, so version
# checks written for PyTorch take the branch of the API ember implements (see torch_version.py).
__version__ = TorchVersion(f"{torch_version}+ember.{ember_version}")
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
