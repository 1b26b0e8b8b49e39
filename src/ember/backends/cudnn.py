"""ember.backends.cudnn: cuDNN's switches (used through CuPy when a GPU is present).

``enabled``, ``benchmark``, ``deterministic``, ``allow_tf32`` and ``benchmark_limit`` are plain
module attributes a program may read and assign, as with PyTorch. ember's GPU kernels come from
CuPy and do not consult them; ``ember.use_deterministic_algorithms`` is the switch that acts.
"""
from __future__ import annotations

import contextlib
import sys
import types

from . import _fp32

enabled = True
benchmark = False
deterministic = False
benchmark_limit = 10

conv = _fp32._FP32Precision("cuda", "conv")
rnn = _fp32._FP32Precision("cuda", "rnn")


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


def _set_flags(enabled, benchmark, benchmark_limit, deterministic, allow_tf32, fp32_precision):
    module = globals()
    saved = (module["enabled"], module["benchmark"], module["benchmark_limit"],
             module["deterministic"], _fp32.cudnn_allow_tf32(), _fp32.get_precision("cuda", "all"))
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic")
    module.update(zip(names, (enabled, benchmark, benchmark_limit, deterministic)))
    if allow_tf32 is not None:
        _fp32.set_cudnn_allow_tf32(allow_tf32)
    if fp32_precision is not None:
        _fp32.set_precision("cuda", "all", fp32_precision)
    return saved


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False,
          allow_tf32=True, fp32_precision="none"):
    """Set the cuDNN switches inside a ``with`` block and restore them after it.
    ``allow_tf32`` assigns the conv and rnn precisions, ``fp32_precision`` cuDNN's 'all' one."""
    saved = _set_flags(enabled, benchmark, benchmark_limit, deterministic, allow_tf32,
                       fp32_precision)
    try:
        yield
    finally:
        _set_flags(*saved)


class _CudnnModule(types.ModuleType):
    """The module with ``allow_tf32`` and ``fp32_precision`` read and assigned through the
    process-wide precision settings (``ember.backends._fp32``), as torch's are."""

    @property
    def allow_tf32(self):
        return _fp32.cudnn_allow_tf32()

    @allow_tf32.setter
    def allow_tf32(self, value):
        _fp32.set_cudnn_allow_tf32(value)

    @property
    def fp32_precision(self):
        return _fp32.get_precision("cuda", "all")

    @fp32_precision.setter
    def fp32_precision(self, value):
        _fp32.set_precision("cuda", "all", value)


sys.modules[__name__].__class__ = _CudnnModule
