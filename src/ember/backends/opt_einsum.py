"""ember.backends.opt_einsum: contraction-order optimisation for ``ember.einsum``.

When the opt_einsum package is installed, ``enabled`` starts True and ``strategy`` 'auto', as
in PyTorch; ember's einsum is NumPy's, which optimises contraction order itself.
"""
from __future__ import annotations

import contextlib
import importlib.util

_STRATEGIES = ("auto", "greedy", "optimal")


def is_available():
    """True when the opt_einsum package can be imported."""
    return importlib.util.find_spec("opt_einsum") is not None


def get_opt_einsum():
    """The opt_einsum module, or None when it is not installed."""
    if not is_available():
        return None
    import opt_einsum
    return opt_einsum


enabled = is_available()
strategy = "auto" if enabled else None


def set_flags(_enabled=None, _strategy=None):
    """Set ``enabled`` and ``strategy``; returns the previous pair."""
    global enabled, strategy
    previous = (enabled, strategy)
    if _enabled is not None:
        if _enabled and not is_available():
            raise ValueError("opt_einsum is not available, so setting `enabled` to True is not "
                             "possible. Please install opt_einsum if you'd like to use it.")
        enabled = _enabled
        if not enabled:
            strategy = None
        elif strategy is None:
            strategy = "auto"
    if _strategy is not None:
        if not enabled:
            raise ValueError("opt_einsum is not enabled, so setting a `strategy` is not "
                             "possible. Please set `ember.backends.opt_einsum.enabled` to True.")
        if _strategy not in _STRATEGIES:
            raise ValueError(f"`strategy` must be one of the following: {list(_STRATEGIES)} but "
                             f"got {_strategy}")
        strategy = _strategy
    return previous


@contextlib.contextmanager
def flags(enabled=None, strategy=None):
    """Set ``enabled``/``strategy`` inside a ``with`` block and restore them after it."""
    previous = set_flags(enabled, strategy)
    try:
        yield
    finally:
        set_flags(*previous)
