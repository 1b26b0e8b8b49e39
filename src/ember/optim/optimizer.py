"""The Optimizer base class: parameter groups, per-parameter state, state_dict, hooks.

Subclasses implement ``step``: for each group, gather the parameters that have a gradient,
create their state on first use, and apply the update rule in place under ``no_grad``.
"""
import copy
import functools
import itertools
import warnings
from collections import OrderedDict, defaultdict

from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad

__all__ = ["Optimizer", "register_optimizer_step_post_hook", "register_optimizer_step_pre_hook",
           "required"]


class _RequiredParameter:
    """Marks a hyper-parameter that every parameter group must set (SGD's lr, in old torch)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _type_name(obj):
    """``torch.typename``: a tensor's legacy type name, else the object's qualified name."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = "" if cls.__module__ in ("builtins", None) else cls.__module__ + "."
    return module + cls.__qualname__


class _RemovableHandle:
    """Returned by hook registration; ``remove()`` takes the hook out again."""

    _next_id = itertools.count()

    def __init__(self, hooks):
        self._hooks = hooks
        self.id = next(self._next_id)

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


# Hooks every optimizer runs around its step: the global ones before the optimizer's own pre
# hooks and after its own post hooks.
_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """Run ``hook(optimizer, args, kwargs)`` before the step of every optimizer.

    The hook may return ``(new_args, new_kwargs)`` to replace the step's arguments.

    Args:
        hook: the callable.

    Returns:
        A handle whose ``remove()`` unregisters the hook.

    Example:
        >>> calls = []
        >>> handle = ember.optim.optimizer.register_optimizer_step_pre_hook(
        ...     lambda opt, args, kwargs: calls.append(type(opt).__name__))
        >>> w = ember.nn.Parameter(ember.ones(2))
        >>> ember.optim.SGD([w], lr=0.1).step()
        >>> handle.remove()
        >>> calls
        ['SGD']
    """
    handle = _RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook):
    """Run ``hook(optimizer, args, kwargs)`` after the step of every optimizer.

    Args:
        hook: the callable.

    Returns:
        A handle whose ``remove()`` unregisters the hook.

    Example:
        >>> steps = []
        >>> handle = ember.optim.optimizer.register_optimizer_step_post_hook(
        ...     lambda opt, args, kwargs: steps.append(len(opt.param_groups)))
        >>> ember.optim.SGD([ember.nn.Parameter(ember.ones(2))], lr=0.1).step()
        >>> handle.remove()
        >>> steps
        [1]
    """
    handle = _RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    return handle


def _with_hooks(step):
    """Wrap a subclass's ``step`` so that pre- and post-step hooks run around it."""
    @functools.wraps(step)
    def wrapper(*args, **kwargs):
        # as in torch, the hooks' ``args`` are step's whole positional arguments, the
        # optimizer first, and a pre-hook's new args replace all of them
        self = args[0]
        pre = self._optimizer_step_pre_hooks.values()
        if _global_optimizer_pre_hooks:
            pre = itertools.chain(_global_optimizer_pre_hooks.values(), pre)
        for hook in list(pre):
            result = hook(self, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError(
                        f"{step} must return None or a tuple of (new_args, new_kwargs), "
                        f"but got {result}.")
                args, kwargs = result
        out = step(*args, **kwargs)
        post = self._optimizer_step_post_hooks.values()
        if _global_optimizer_post_hooks:
            post = itertools.chain(post, _global_optimizer_post_hooks.values())
        for hook in list(post):
            hook(self, args, kwargs)
        return out
    wrapper._ember_hooked = True
    return wrapper


class Optimizer:
    """Base class of all optimizers.

    Args:
        params: an iterable of Tensors, or of dicts that define parameter groups (each with a
            ``"params"`` entry and optional per-group hyper-parameters).
        defaults: hyper-parameter values used by groups that do not set them.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_ember_hooked", False):
            cls.step = _with_hooks(step)

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._optimizer_step_pre_hooks = OrderedDict()
        self._optimizer_step_post_hooks = OrderedDict()
        self._optimizer_state_dict_pre_hooks = OrderedDict()
        self._optimizer_state_dict_post_hooks = OrderedDict()
        self._optimizer_load_state_dict_pre_hooks = OrderedDict()
        self._optimizer_load_state_dict_post_hooks = OrderedDict()
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {_type_name(params)}")
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for name in ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks",
                     "_optimizer_state_dict_pre_hooks", "_optimizer_state_dict_post_hooks",
                     "_optimizer_load_state_dict_pre_hooks",
                     "_optimizer_load_state_dict_post_hooks"):
            self.__dict__.setdefault(name, OrderedDict())

    def __repr__(self):
        lines = [self.__class__.__name__ + " ("]
        for index, group in enumerate(self.param_groups):
            if index:
                lines.append("")  # torch separates the groups with an empty line
            lines.append(f"Parameter Group {index}")
            lines.extend(f"    {key}: {group[key]}" for key in sorted(group) if key != "params")
        return "\n".join(lines) + "\n)"

    # ------------------------------------------------------------------ groups

    def add_param_group(self, param_group):
        """Add a group of parameters, filling unset hyper-parameters from ``defaults``."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but "
                            "the ordering of tensors in sets will change between runs. Please use "
                            "a list instead.")
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        else:
            param_group["params"] = list(params)
        _split_names(param_group, self.param_groups)
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + _type_name(param))
            if not self.defaults.get("differentiable", None) and not (
                    param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=_user_stacklevel())
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Reset the gradient of every parameter: drop it (default) or fill it with zeros.

        Call it before each step's ``backward()``, since gradients accumulate.

        Args:
            set_to_none: set ``.grad`` to None (default) instead of zeroing it in place.

        Returns:
            None.

        Example:
            >>> w = nn.Parameter(ember.ones(2))
            >>> optimizer = ember.optim.SGD([w], lr=0.1)
            >>> w.sum().backward()
            >>> optimizer.zero_grad()
            >>> w.grad is None
            True
        """
        for group in self.param_groups:
            for param in group["params"]:
                if param.grad is None:
                    continue
                if set_to_none:
                    param.grad = None
                else:
                    grad = param.grad
                    if grad.grad_fn is not None:
                        grad.detach_()
                    else:
                        grad.requires_grad_(False)
                    grad.zero_()

    def step(self, closure=None):
        """Update the parameters once; ``closure`` re-evaluates the model and returns the loss."""
        raise NotImplementedError

    # The text of PyTorch's RuntimeError for a sparse gradient, in optimizers whose rule is
    # only written for dense ones; None where sparse gradients are accepted.
    _sparse_error = None

    def _params_with_grad(self, group):
        """The group's parameters that received a gradient this step; a sparse gradient is
        refused (before any parameter changes) by optimizers that have no sparse rule."""
        params = [p for p in group["params"] if p.grad is not None]
        if self._sparse_error is not None and any(p.grad.is_sparse for p in params):
            raise RuntimeError(self._sparse_error)
        if params and group.get("capturable"):
            self._check_capturable(group, params)
        return params

    # torch's updates assert that a capturable step runs on an accelerator; its text names the
    # states each optimizer keeps there, and its single-tensor and foreach paths list their
    # devices (with or without xla) each in its own way: (single, foreach)
    _capturable_states = ("params and state_steps", "params and state_steps")
    _capturable_xla = (True, False)

    def _check_capturable(self, group, params):
        foreach = bool(group.get("foreach"))
        devices = ["cuda", "xpu", "hpu", "privateuseone"]
        if self._capturable_xla[foreach]:
            devices.append("xla")
        if any(p.device.type not in devices for p in params):
            raise AssertionError(f"If capturable=True, {self._capturable_states[foreach]} must be "
                                 f"on supported devices: {devices}.")

    @staticmethod
    def _evaluate(closure):
        if closure is None:
            return None
        from ..autograd.grad_mode import enable_grad
        with enable_grad():
            return closure()

    # ------------------------------------------------------------------ state_dict

    def state_dict(self):
        """Return ``{"state": {index: state}, "param_groups": [...]}`` with params as indices.

        Parameters are numbered in the order they appear across the groups, as PyTorch does,
        so the dict does not depend on object identity and loads into a fresh optimizer.
        """
        for hook in self._optimizer_state_dict_pre_hooks.values():
            hook(self)
        index_of = {}
        next_index = 0
        groups = []
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            for param in group["params"]:
                if id(param) not in index_of:
                    index_of[id(param)] = next_index
                    next_index += 1
            packed["params"] = [index_of[id(param)] for param in group["params"]]
            groups.append(packed)
        state = {index_of[id(param)] if isinstance(param, Tensor) else param: value
                 for param, value in self.state.items()}
        result = {"state": state, "param_groups": groups}
        for hook in self._optimizer_state_dict_post_hooks.values():
            returned = hook(self, result)
            if returned is not None:
                result = returned
        return result

    @staticmethod
    def _cast_state(param, value, key):
        """Match a loaded state tensor to its parameter's device and dtype (the step counter
        excepted, which stays where it was saved, as in torch)."""
        if isinstance(value, Tensor):
            if key == "step":
                return value
            if param.is_floating_point() and value.is_floating_point():
                return value.to(dtype=param.dtype, device=param.device)
            return value.to(device=param.device)
        if isinstance(value, dict):
            return {k: Optimizer._cast_state(param, v, k) for k, v in value.items()}
        return value

    def load_state_dict(self, state_dict):
        """Restore state and hyper-parameters saved by :meth:`state_dict`.

        As in torch, the state tensors are taken as they are when their dtype and device
        already fit (no copy): loading another live optimizer's ``state_dict()`` shares them.
        """
        state_dict = state_dict.copy()
        for hook in self._optimizer_load_state_dict_pre_hooks.values():
            returned = hook(self, state_dict)
            if returned is not None:
                state_dict = returned
        groups = self.param_groups
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        param_of = {saved: param for group, saved_group in zip(groups, saved_groups)
                    for saved, param in zip(saved_group["params"], group["params"])}
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in param_of:
                param = param_of[key]
                state[param] = {k: self._cast_state(param, v, k) for k, v in value.items()}
            else:
                state[key] = value
        new_groups = []
        for group, saved_group in zip(groups, saved_groups):
            merged = dict(saved_group)
            merged["params"] = group["params"]
            new_groups.append(merged)
        self.__setstate__({"state": state, "param_groups": new_groups})
        for hook in self._optimizer_load_state_dict_post_hooks.values():
            hook(self)

    # ------------------------------------------------------------------ hooks

    def _add_hook(self, hooks, hook, prepend=False):
        handle = _RemovableHandle(hooks)
        hooks[handle.id] = hook
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_step_pre_hook(self, hook):
        """Run ``hook(optimizer, args, kwargs)`` before each step; it may replace the args."""
        return self._add_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Run ``hook(optimizer, args, kwargs)`` after each step."""
        return self._add_hook(self._optimizer_step_post_hooks, hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        return self._add_hook(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        return self._add_hook(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        return self._add_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        return self._add_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend)


def _split_names(param_group, groups):
    """(name, tensor) pairs (``model.named_parameters()``) become the group's ``params`` and
    ``param_names``; all of the optimizer's parameters are named, or none."""
    pairs = [p for p in param_group["params"] if isinstance(p, tuple)]
    if pairs:
        if len(pairs) != len(param_group["params"]):
            raise ValueError("all optimizer params should be with/without names. Some param "
                             "names are missing")
        param_group["params"] = [tensor for _, tensor in pairs]
        param_group["param_names"] = [name for name, _ in pairs]
    named = "param_names" in param_group
    if groups and ("param_names" in groups[0]) != named:
        raise ValueError("all optimizer param groups should be with/without names. cannot add "
                         f"param group {'with' if named else 'without'} names to the optimizer")


def _use_grad(step):
    """Run an optimizer's ``step`` body under ``no_grad`` (the closure re-enables grad)."""
    @functools.wraps(step)
    def wrapper(self, *args, **kwargs):
        with no_grad():
            return step(self, *args, **kwargs)
    return wrapper


def _scalar_dtype(fused=False):
    """The dtype of an optimizer's scalar state (step counts, running products): float64 while
    the default dtype is float64, else float32, and float32 always for a fused update, as in
    PyTorch."""
    from .._dtype import float32, float64, get_default_dtype
    return float64 if not fused and get_default_dtype() is float64 else float32


def _step_tensor(fused=False):
    """A fresh step counter: a 0-d tensor of the optimizer's scalar dtype."""
    from .._tensor import tensor
    return tensor(0.0, dtype=_scalar_dtype(fused))
