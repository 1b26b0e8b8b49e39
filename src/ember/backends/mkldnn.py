"""ember.backends.mkldnn: oneDNN's switch. ember's CPU kernels are NumPy's, not oneDNN's."""
from __future__ import annotations

import contextlib
import sys
import types

from . import _fp32

enabled = True
deterministic = False

matmul = _fp32._FP32Precision("mkldnn", "matmul")
conv = _fp32._FP32Precision("mkldnn", "conv")
rnn = _fp32._FP32Precision("mkldnn", "rnn")


VERBOSE_OFF = 0
VERBOSE_ON = 1
VERBOSE_ON_CREATION = 2


def is_available():
    """False: ember does not compute with oneDNN (the ``enabled`` flag is only stored)."""
    return False


def is_acl_available():
    """Whether oneDNN was built with Arm's Compute Library: False, as ember has no oneDNN.

    Example:
        >>> ember.backends.mkldnn.is_acl_available()
        False
    """
    return False


class verbose:
    """A ``with`` block in which torch asks oneDNN to log each kernel it runs (and, with
    ``VERBOSE_ON_CREATION``, each kernel it creates).

    ember has no oneDNN kernels, so the block logs nothing; it checks the level as torch does.

    Args:
        level: ``VERBOSE_OFF`` (0), ``VERBOSE_ON`` (1) or ``VERBOSE_ON_CREATION`` (2).

    Example:
        >>> with ember.backends.mkldnn.verbose(ember.backends.mkldnn.VERBOSE_ON):
        ...     _ = ember.nn.functional.relu(ember.ones(2))
    """

    def __init__(self, level):
        self.level = level

    def __enter__(self):
        if self.level == VERBOSE_OFF:
            return None
        if self.level not in (VERBOSE_ON, VERBOSE_ON_CREATION):
            raise AssertionError("Failed to set MKLDNN into verbose mode. Please consider to "
                                 "disable this verbose scope.")
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False


def set_flags(_enabled=None, _deterministic=None, _allow_tf32=None, _fp32_precision="none"):
    """Assign the oneDNN switches given (None leaves one as it is); return the old ones.

    The old switches come back as (enabled, deterministic, allow_tf32, fp32_precision), which
    ``set_flags(*old)`` restores; ``allow_tf32`` reads None (oneDNN's TF32 is for Intel GPUs,
    and assigning it warns, as torch's does), and ``fp32_precision`` is assigned unless None.

    Example:
        >>> old = ember.backends.mkldnn.set_flags(_deterministic=True)
        >>> ember.backends.mkldnn.deterministic, old
        (True, (True, False, None, 'none'))
        >>> _ = ember.backends.mkldnn.set_flags(*old)
    """
    return _set_flags(_enabled, _deterministic, _allow_tf32, _fp32_precision)


def _set_flags(enabled, deterministic, allow_tf32, fp32_precision):
    module = globals()
    saved = (module["enabled"], module["deterministic"], None,
             _fp32.get_precision("mkldnn", "all"))
    if enabled is not None:
        module["enabled"] = enabled
    if deterministic is not None:
        module["deterministic"] = deterministic
    if allow_tf32 is not None:
        _fp32.set_onednn_allow_tf32(allow_tf32)
    if fp32_precision is not None:
        _fp32.set_precision("mkldnn", "all", fp32_precision)
    return saved


@contextlib.contextmanager
def flags(enabled=False, deterministic=False, allow_tf32=True, fp32_precision="none"):
    """Set the oneDNN switches inside a ``with`` block and restore them after it.
    ``fp32_precision`` is oneDNN's 'all' precision; ``allow_tf32`` (Intel GPUs only) warns."""
    saved = _set_flags(enabled, deterministic, allow_tf32, fp32_precision)
    try:
        yield
    finally:
        _set_flags(*saved)


class _MkldnnModule(types.ModuleType):
    """The module with ``allow_tf32`` and ``fp32_precision`` going through the process-wide
    precision settings, as torch's do. Its ``fp32_precision`` reads oneDNN's 'all' setting but
    assigns the generic one (``ember.backends.fp32_precision``), as torch 2.13's does."""

    @property
    def allow_tf32(self):
        return None

    @allow_tf32.setter
    def allow_tf32(self, value):
        _fp32.set_onednn_allow_tf32(value)

    @property
    def fp32_precision(self):
        return _fp32.get_precision("mkldnn", "all")

    @fp32_precision.setter
    def fp32_precision(self, value):
        _fp32.set_precision("generic", "all", value)


sys.modules[__name__].__class__ = _MkldnnModule
