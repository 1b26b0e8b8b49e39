"""ember.backends.mkl: whether the BLAS NumPy computes with is Intel's MKL."""
from __future__ import annotations


def is_available():
    """True when NumPy is linked against MKL (ember's matmuls then run on it)."""
    import numpy as np
    try:
        config = np.show_config(mode="dicts")
    except TypeError:  # NumPy < 1.25 prints its configuration and has no dict form
        return False
    libraries = config.get("Build Dependencies", {})
    return any("mkl" in str(info.get("name", "")).lower() for info in libraries.values())


VERBOSE_OFF = 0
VERBOSE_ON = 1


class verbose:
    """A ``with`` block in which torch asks oneMKL to log each kernel it runs.

    ember computes through NumPy's BLAS, whose logging (``MKL_VERBOSE``) it does not switch,
    so the block logs nothing; it checks the level as torch does.

    Args:
        enable: ``VERBOSE_OFF`` (0), ``VERBOSE_ON`` (1) or 2.

    Example:
        >>> with ember.backends.mkl.verbose(ember.backends.mkl.VERBOSE_ON):
        ...     _ = ember.ones(2, 2) @ ember.ones(2, 2)
    """

    def __init__(self, enable):
        self.enable = enable

    def __enter__(self):
        if self.enable == VERBOSE_OFF:
            return None
        if self.enable not in (1, 2):
            raise AssertionError("Failed to set MKL into verbose mode. Please consider to "
                                 "disable this verbose scope.")
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False
