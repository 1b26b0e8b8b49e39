"""ember.backends.mkldnn: oneDNN's switch. ember's CPU kernels are NumPy's, not oneDNN's."""
from __future__ import annotations

import contextlib

enabled = True
deterministic = False


def is_available():
    """False: ember does not compute with oneDNN (the ``enabled`` flag is only stored)."""
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
