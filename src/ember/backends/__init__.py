"""ember.backends: the switches PyTorch programs flip for their compute libraries.

ember computes with NumPy and SciPy on the CPU and CuPy on a GPU, so most of these switches
have nothing to select: they are stored and reported back as PyTorch reports them, and each
``is_available()`` says truthfully whether ember uses that library here. The float32
precision settings (``fp32_precision`` here and on the backends, ``allow_tf32``) follow torch
2.13's rules for reading and mixing them (``_fp32``) and do not change ember's float32 results,
as torch's do not on a CPU.
"""
from __future__ import annotations

import contextlib
import sys
import types

from . import _fp32
from . import cpu, cuda, cudnn, mha, mkl, mkldnn, mps, openmp, opt_einsum  # noqa: F401

__all__ = ["cpu", "cuda", "cudnn", "mha", "mkl", "mkldnn", "mps", "openmp", "opt_einsum"]


def set_flags(_fp32_precision="none"):
    """Assign the generic float32 precision (unless None); return the old one as a tuple.

    Example:
        >>> old = ember.backends.set_flags("ieee")
        >>> old, ember.backends.cudnn.conv.fp32_precision
        (('none',), 'ieee')
        >>> _ = ember.backends.set_flags(*old)
    """
    saved = (_fp32.get_precision("generic", "all"),)
    if _fp32_precision is not None:
        _fp32.set_precision("generic", "all", _fp32_precision)
    return saved


@contextlib.contextmanager
def flags(fp32_precision="none"):
    """Set the generic float32 precision inside a ``with`` block and restore it after.

    Example:
        >>> with ember.backends.flags(fp32_precision="tf32"):
        ...     ember.backends.cuda.matmul.fp32_precision
        'tf32'
    """
    saved = set_flags(fp32_precision)
    try:
        yield
    finally:
        set_flags(*saved)


class _BackendsModule(types.ModuleType):
    """``ember.backends`` with ``fp32_precision``: the generic float32 precision every backend
    setting left at 'none' reads (see ``ember.backends._fp32``)."""

    @property
    def fp32_precision(self):
        return _fp32.get_precision("generic", "all")

    @fp32_precision.setter
    def fp32_precision(self, value):
        _fp32.set_precision("generic", "all", value)


sys.modules[__name__].__class__ = _BackendsModule
