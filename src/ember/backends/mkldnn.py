"""ember.backends.mkldnn: oneDNN's switch. ember's CPU kernels are NumPy's, not oneDNN's."""
from __future__ import annotations

import contextlib

enabled = True
deterministic = False


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


@contextlib.contextmanager
def flags(enabled=False, deterministic=False):
    """Set the oneDNN switches inside a ``with`` block and restore them after it."""
    module = globals()
    saved = (module["enabled"], module["deterministic"])
    module["enabled"], module["deterministic"] = enabled, deterministic
    try:
        yield
    finally:
        module["enabled"], module["deterministic"] = saved
