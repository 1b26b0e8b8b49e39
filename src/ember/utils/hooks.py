"""ember.utils.hooks: the handle every ``register_*hook`` returns, and hook helpers.

``RemovableHandle`` is the class ``nn.Module``'s hooks return (one class, so ``isinstance``
checks agree); ``BackwardHook`` wires a module's full backward hooks; ``unserializable_hook``
marks a tensor hook that is not meant to be saved, which silences ``warn_if_has_hooks``.
"""
from __future__ import annotations

import warnings

from .._deprecated import _user_stacklevel
from ..nn.modules.module import RemovableHandle
from ..nn.modules.module import _BackwardHook as BackwardHook

__all__ = ["BackwardHook", "RemovableHandle", "unserializable_hook", "warn_if_has_hooks"]


def unserializable_hook(f):
    """Mark ``f`` as a tensor hook that is not saved with its tensor (no warning about it).

    Args:
        f: the hook function; it is returned, marked.

    Returns:
        ``f``.

    Example:
        >>> @ember.utils.hooks.unserializable_hook
        ... def double(grad):
        ...     return grad * 2
        >>> x = ember.ones(2, requires_grad=True)
        >>> _ = x.register_hook(double)
        >>> ember.utils.hooks.warn_if_has_hooks(x)
    """
    f.__torch_unserializable__ = True
    return f


def warn_if_has_hooks(tensor):
    """Warn, once per hook, that the backward hooks of ``tensor`` are lost when it is saved
    (hooks marked with ``unserializable_hook`` are left out).

    Args:
        tensor: the tensor about to be serialized.

    Returns:
        None.
    """
    hooks = getattr(tensor, "_backward_hooks", None)
    for hook in (hooks or {}).values():
        if not hasattr(hook, "__torch_unserializable__"):
            warnings.warn(f"backward hook {hook!r} on tensor will not be serialized.  If this "
                          "is expected, you can decorate the function with "
                          "@ember.utils.hooks.unserializable_hook to suppress this warning",
                          stacklevel=_user_stacklevel())
