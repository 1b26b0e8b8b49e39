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


def set_flags(_enabled=None, _benchmark=None, _benchmark_limit=None, _deterministic=None,
              _allow_tf32=None, _fp32_precision="none", _depthwise_kernel=None):
    """Assign the cuDNN switches given (None leaves one as it is); return the old ones.

    The old switches come back as the tuple (enabled, benchmark, benchmark_limit,
    deterministic, allow_tf32, fp32_precision, depthwise_kernel) that ``set_flags(*old)``
    restores. As in torch, ``benchmark_limit`` is only read and assigned where cuDNN is
    available (None otherwise), ``fp32_precision`` is assigned unless None (so a call without
    it resets cuDNN's precision to 'none'), and reading ``allow_tf32`` raises RuntimeError once
    the conv and rnn precisions differ.

    Example:
        >>> old = ember.backends.cudnn.set_flags(_benchmark=True)
        >>> ember.backends.cudnn.benchmark, old[1]
        (True, False)
        >>> _ = ember.backends.cudnn.set_flags(*old)
    """
    module = globals()
    available = is_available()
    saved = (module["enabled"], module["benchmark"],
             module["benchmark_limit"] if available else None, module["deterministic"],
             _fp32.cudnn_allow_tf32(), _fp32.get_precision("cuda", "all"),
             module["_depthwise_kernel"])
    for name, value in (("enabled", _enabled), ("benchmark", _benchmark),
                        ("deterministic", _deterministic)):
        if value is not None:
            module[name] = value
    if _benchmark_limit is not None and available:
        module["benchmark_limit"] = _benchmark_limit
    if _allow_tf32 is not None:
        _fp32.set_cudnn_allow_tf32(_allow_tf32)
    if _fp32_precision is not None:
        _fp32.set_precision("cuda", "all", _fp32_precision)
    if _depthwise_kernel is not None:
        _set_depthwise_kernel(_depthwise_kernel)
    return saved


_depthwise_kernel = "auto"
_DEPTHWISE_KERNELS = ("auto", "cudnn", "native")


def _set_depthwise_kernel(mode):
    """Store which kernel torch would run depthwise convolutions with (ember's are CuPy's)."""
    if not isinstance(mode, str):
        raise RuntimeError(f"set_cudnn_depthwise_kernel expects a string, but got "
                           f"{type(mode).__name__}")
    if mode not in _DEPTHWISE_KERNELS:
        raise RuntimeError(f"Unknown cuDNN depthwise kernel mode: {mode}. Expected one of: "
                           f"{', '.join(_DEPTHWISE_KERNELS)}")
    globals()["_depthwise_kernel"] = mode


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False,
          allow_tf32=True, fp32_precision="none", depthwise_kernel="auto"):
    """Set the cuDNN switches inside a ``with`` block and restore them after it.
    ``allow_tf32`` assigns the conv and rnn precisions, ``fp32_precision`` cuDNN's 'all' one."""
    saved = set_flags(enabled, benchmark, benchmark_limit, deterministic, allow_tf32,
                      fp32_precision, depthwise_kernel)
    try:
        yield
    finally:
        set_flags(*saved)


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
    def depthwise_kernel(self):
        return _depthwise_kernel

    @depthwise_kernel.setter
    def depthwise_kernel(self, value):
        _set_depthwise_kernel(value)

    @property
    def fp32_precision(self):
        return _fp32.get_precision("cuda", "all")

    @fp32_precision.setter
    def fp32_precision(self, value):
        _fp32.set_precision("cuda", "all", value)


sys.modules[__name__].__class__ = _CudnnModule
