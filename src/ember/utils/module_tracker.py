"""``ModuleTracker``: which nn.Modules are running, in forward and in backward."""
from __future__ import annotations

import weakref

__all__ = ["ModuleTracker"]


class ModuleTracker:
    """A ``with`` block that keeps ``parents``, the set of the names of the modules now running
    (always with ``"Global"``), in forward and, through gradient hooks on each module's inputs
    and outputs, in backward.

    A module is named by its class (the first module seen) or by its parent's name, a dot and
    its attribute name (``"MLP.fc1"``). In backward a module is entered when the gradients of
    its outputs are computed and left when those of its inputs are; the set goes back to
    ``{"Global"}`` when the backward pass ends.

    Example:
        >>> from ember.utils.module_tracker import ModuleTracker
        >>> seen = []
        >>> layer = ember.nn.Linear(2, 2)
        >>> _ = layer.register_forward_pre_hook(lambda *_: seen.append(sorted(tracker.parents)))
        >>> with ModuleTracker() as tracker:
        ...     _ = layer(ember.ones(1, 2))
        >>> seen
        [['Global', 'Linear']]
    """

    def __init__(self):
        self.parents = {"Global"}
        self._known_modules = weakref.WeakKeyDictionary()
        self._seen_modules = weakref.WeakSet()
        self._has_callback = False
        self._hooks = []

    @property
    def is_bw(self):
        """Whether a backward pass is running now."""
        from ..autograd.graph import _current_graph_task
        return _current_graph_task() is not None

    def _maybe_set_engine_callback(self):
        if self._has_callback:
            return
        from ..autograd.graph import queue_callback

        def reset():
            self.parents = {"Global"}
            self._has_callback = False
        queue_callback(reset)
        self._has_callback = True

    def _get_mod_name(self, mod):
        if mod not in self._known_modules:
            self._known_modules[mod] = type(mod).__name__
        name = self._known_modules[mod]
        if mod not in self._seen_modules:
            for child_name, child in mod.named_children():
                self._known_modules[child] = f"{name}.{child_name}"
                self._get_mod_name(child)
            self._seen_modules.add(mod)
        return name

    def _enter(self, name, backward):
        def enter(*_):
            if backward:
                self._maybe_set_engine_callback()
            self.parents.add(name)
        return enter

    def _leave(self, name):
        def leave(*_):
            self.parents.discard(name)
        return leave

    def _watch(self, values, fn):
        from ..autograd.graph import register_multi_grad_hook
        from ._pytree import tree_flatten
        from .._tensor import Tensor
        leaves, _ = tree_flatten(values)
        tensors = [t for t in leaves if isinstance(t, Tensor) and t.requires_grad]
        if tensors:
            self._hooks.append(register_multi_grad_hook(tensors, fn))

    def _fw_pre_hook(self, mod, input):
        name = self._get_mod_name(mod)
        self._enter(name, False)()
        self._watch(input, self._leave(name))

    def _fw_post_hook(self, mod, input, output):
        name = self._get_mod_name(mod)
        self._leave(name)()
        self._watch(output, self._enter(name, True))

    def __enter__(self):
        from ..nn.modules.module import (register_module_forward_hook,
                                         register_module_forward_pre_hook)
        self._fw_pre_handle = register_module_forward_pre_hook(self._fw_pre_hook)
        self._fw_post_handle = register_module_forward_hook(self._fw_post_hook)
        return self

    def __exit__(self, *exc):
        self._fw_pre_handle.remove()
        self._fw_post_handle.remove()
        for hook in self._hooks:
            hook.remove()
        self._hooks.clear()
