"""Auto-wrap policies: which submodules become FullyShardedDataParallel units of their own.

A policy is called as ``policy(module=m, recurse=..., nonwrapped_numel=n)``. With
``recurse=True`` it says whether to look inside ``m``; with ``recurse=False`` whether to wrap
``m`` itself, where ``n`` counts the parameters of ``m`` that no wrapped descendant took.
Descendants are wrapped before their ancestors, so the innermost units form first.
"""
from __future__ import annotations

import contextlib

__all__ = ["CustomPolicy", "ModuleWrapPolicy", "always_wrap_policy", "enable_wrap",
           "lambda_auto_wrap_policy", "size_based_auto_wrap_policy",
           "transformer_auto_wrap_policy", "wrap"]


def always_wrap_policy(*args, **kwargs):
    """Wrap every submodule."""
    return True


def lambda_auto_wrap_policy(module, recurse, nonwrapped_numel, lambda_fn):
    """Wrap the submodules for which ``lambda_fn(module)`` is true."""
    if recurse:
        return True
    return lambda_fn(module)


def transformer_auto_wrap_policy(module, recurse, nonwrapped_numel, transformer_layer_cls):
    """Wrap the instances of the given layer classes (a transformer's blocks)."""
    if recurse:
        return True
    return isinstance(module, tuple(transformer_layer_cls))


def size_based_auto_wrap_policy(module, recurse, nonwrapped_numel, min_num_params=int(1e8),
                                force_leaf_modules=None, exclude_wrap_modules=None):
    """Wrap a submodule once at least ``min_num_params`` of its parameters are not yet wrapped.

    ``force_leaf_modules`` (default: MultiheadAttention) are not looked inside;
    ``exclude_wrap_modules`` (default: ModuleList, ModuleDict) are never wrapped themselves.
    """
    from ... import nn
    if force_leaf_modules is None:
        force_leaf_modules = {nn.MultiheadAttention}
    if exclude_wrap_modules is None:
        exclude_wrap_modules = {nn.ModuleList, nn.ModuleDict}
    large = nonwrapped_numel >= min_num_params
    if recurse:
        return large and not isinstance(module, tuple(force_leaf_modules))
    return large and not isinstance(module, tuple(exclude_wrap_modules))


class ModuleWrapPolicy:
    """Wrap every submodule whose class is one of ``module_classes``."""

    def __init__(self, module_classes):
        self._module_classes = set(module_classes)
        self._module_classes_str = str(self._module_classes)

    def __call__(self, module, recurse, *args, **kwargs):
        if recurse:
            return True
        return isinstance(module, tuple(self._module_classes))

    def __repr__(self):
        return super().__repr__() + f"({self._module_classes_str})"


class CustomPolicy:
    """Wrap the submodules for which ``lambda_fn(module)`` is true or a dict.

    A dict gives keyword arguments that override the root's for that unit.
    """

    def __init__(self, lambda_fn):
        self._lambda_fn = lambda_fn

    def __call__(self, module, recurse, *args, **kwargs):
        if recurse:
            return True
        return self._lambda_fn(module)


class _WrapContext:
    wrapper_cls = None
    kwargs = {}


@contextlib.contextmanager
def enable_wrap(*, wrapper_cls, **wrapper_kwargs):
    """Inside this block, ``wrap(module)`` wraps with ``wrapper_cls(module, **wrapper_kwargs)``."""
    if _WrapContext.wrapper_cls is not None:
        raise NotImplementedError("You are already within an autowrap context and we currently "
                                  "do not supported nested autowrap.")
    _WrapContext.wrapper_cls, _WrapContext.kwargs = wrapper_cls, dict(wrapper_kwargs)
    try:
        yield
    finally:
        _WrapContext.wrapper_cls, _WrapContext.kwargs = None, {}


def wrap(module, **wrap_overrides):
    """Wrap ``module`` with the class and arguments of the enclosing ``enable_wrap``.

    Outside ``enable_wrap`` the module is returned unchanged.
    """
    if _WrapContext.wrapper_cls is None:
        return module
    return _WrapContext.wrapper_cls(module, **{**_WrapContext.kwargs, **wrap_overrides})


def _wrap_targets(root, policy, ignored_modules):
    """The submodules of ``root`` the policy wraps, innermost first, each with its overrides."""
    def unwrapped_numel(module, taken):
        return sum(p.numel() for p in module.parameters() if id(p) not in taken)

    targets = []

    def visit(module, taken, is_root):
        # returns the number of parameters wrapped inside (and including) module
        numel = unwrapped_numel(module, taken)
        if not policy(module=module, recurse=True, nonwrapped_numel=numel):
            return 0
        wrapped = 0
        for child in module.children():
            if child in ignored_modules or _is_fsdp(child):
                continue
            wrapped += visit(child, taken, False)
        if is_root:
            return wrapped
        decision = policy(module=module, recurse=False, nonwrapped_numel=numel - wrapped)
        if decision:
            overrides = decision if isinstance(decision, dict) else {}
            targets.append((module, overrides))
            taken.update(id(p) for p in module.parameters())
            return numel
        return wrapped

    visit(root, set(), True)
    return targets


def _is_fsdp(module):
    from .fully_sharded_data_parallel import FullyShardedDataParallel
    return isinstance(module, FullyShardedDataParallel)
