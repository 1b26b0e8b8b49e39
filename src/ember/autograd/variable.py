"""ember.autograd.Variable: the pre-0.4 wrapper, kept as PyTorch keeps it.

``Variable(t, requires_grad=...)`` gives a tensor sharing ``t``'s data, detached from its
graph, with the requested ``requires_grad``; every tensor passes ``isinstance(x, Variable)``.
"""
from __future__ import annotations

import warnings

from .._deprecated import _user_stacklevel


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        from .._tensor import Tensor
        return isinstance(obj, Tensor)

    def __call__(cls, data=None, requires_grad=False, volatile=False):
        from .._tensor import Tensor
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with ember.no_grad():` "
                          "instead.", UserWarning, stacklevel=_user_stacklevel())
        if data is None:
            from ..ops.creation import empty
            return empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad_(True)
        return out


class Variable(metaclass=_VariableMeta):
    """The legacy autograd wrapper: calling it returns a detached alias of a tensor."""

    __module__ = "ember.autograd.variable"
