"""``TorchDispatchMode``: a ``with`` block whose ``__torch_dispatch__`` sees the ATen-level
operator calls made inside it, below autograd (see ``ember._aten`` for how they are reported).

A mode sees the calls of the public ops torch's dispatcher would hand it, with torch's operator
names (``aten.add.Tensor``, ``aten.relu.default``, ``aten.sum.dim_IntList``,
``aten._softmax.default``, ``aten.mm.default``...), forward and backward. What differs from
torch: an op ember computes as one where torch runs several ATen calls (cross_entropy,
dropout) is not reported, nor is the ``aten.detach`` torch's autograd makes when it saves an
output; backward reports the public ops ember's derivatives are written with (torch's have
kernels of their own, ``threshold_backward``...); there are no decompositions
(``func.decompose`` answers NotImplemented) and no Tensor-subclass ``__torch_dispatch__``
(wrapper subclasses are not built on it). With no mode active, nothing of this costs anything.
"""
from __future__ import annotations

import contextlib

from .. import _aten

__all__ = ["TorchDispatchMode", "is_in_torch_dispatch_mode"]


class TorchDispatchMode:
    """A ``with`` block whose ``__torch_dispatch__(func, types, args, kwargs)`` is called for
    each reported ATen operator call inside it (``func`` an ``OpOverload`` such as
    ``ember.ops.aten.mm.default``); its return value is the call's result, and autograd
    records the op on it. While it runs, the calls it makes go to the modes outside it.

    Example:
        >>> from ember.utils._python_dispatch import TorchDispatchMode
        >>> class Log(TorchDispatchMode):
        ...     def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        ...         print(func)
        ...         return func(*args, **(kwargs or {}))
        >>> a, b = ember.ones(2, 3), ember.ones(3, 4)
        >>> with Log():
        ...     out = a @ b
        aten.mm.default
    """

    def __init__(self, _dispatch_key=None):
        self._dispatch_key = _dispatch_key

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        raise NotImplementedError

    def __enter__(self):
        _aten.push(self)
        return self

    def __exit__(self, *exc):
        _aten.pop(self)

    @classmethod
    def push(cls, *args, **kwargs):
        return cls(*args, **kwargs)

    @classmethod
    def is_infra_mode(cls):
        return False


class BaseTorchDispatchMode(TorchDispatchMode):
    """A TorchDispatchMode that runs each operator as it is (a base for modes that watch)."""

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))


def is_in_torch_dispatch_mode(include_infra_modes=True):
    """Whether a TorchDispatchMode is active in this thread."""
    return bool(_aten.current_modes())


def _get_current_dispatch_mode():
    """The innermost active TorchDispatchMode, or None."""
    modes = _aten.current_modes()
    return modes[-1] if modes else None


def _get_current_dispatch_mode_stack():
    """The active TorchDispatchModes, outermost first."""
    return _aten.current_modes()


def _len_torch_dispatch_stack():
    return len(_aten.current_modes())


@contextlib.contextmanager
def _disable_current_modes():
    """Inside this block no TorchDispatchMode is active; they come back after it."""
    modes = _aten.current_modes()
    for mode in reversed(modes):
        _aten.pop(mode)
    try:
        yield modes
    finally:
        for mode in modes:
            _aten.push(mode)


@contextlib.contextmanager
def _pop_mode_temporarily():
    """Inside this block the innermost mode is not active (it is yielded)."""
    mode = _get_current_dispatch_mode()
    if mode is not None:
        _aten.pop(mode)
    try:
        yield mode
    finally:
        if mode is not None:
            _aten.push(mode)
