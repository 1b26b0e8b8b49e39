"""ember.backends.cudnn: cuDNN's switches (used through CuPy when a GPU is present).

``enabled``, ``benchmark``, ``deterministic``, ``allow_tf32`` and ``benchmark_limit`` are plain
module attributes a program may read and assign, as with PyTorch. ember's GPU kernels come from
CuPy and do not consult them; ``ember.use_deterministic_algorithms`` is the switch that acts.
"""
from __future__ import annotations

import contextlib

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def _cudnn():
    from .. import cuda
    if not cuda.is_available():
        return None
    try:
        from cupy.cuda import cudnn
    except ImportError:
        return None
    return cudnn


def is_available():
    """True when a GPU is present and CuPy was built with cuDNN."""
    return _cudnn() is not None


def version():
    """cuDNN's version number (e.g. 90100), or None when cuDNN is not available."""
    lib = _cudnn()
    return None if lib is None else int(lib.getVersion())


def is_acceptable(tensor):
    """Whether cuDNN could take this tensor: a floating CUDA tensor with cuDNN enabled."""
    return bool(enabled and tensor.is_cuda and tensor.is_floating_point() and is_available())


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False,
          allow_tf32=True):
    """Set the cuDNN switches inside a ``with`` block and restore them after it."""
    module = globals()
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32")
    saved = {name: module[name] for name in names}
    module.update(zip(names, (enabled, benchmark, benchmark_limit, deterministic, allow_tf32)))
    try:
        yield
    finally:
        module.update(saved)
