"""Module: the base class of every layer and model.

A Module keeps three ordered tables that ``__setattr__`` fills as attributes are assigned:
``_parameters`` (Parameters), ``_buffers`` (tensors that are state but not learned, such as
BatchNorm's running mean) and ``_modules`` (child Modules). Everything else (``parameters()``,
``state_dict()``, ``to()``, the repr) walks these tables, so names follow the attribute path:
a child ``fc`` holding ``weight`` gives the key ``fc.weight``.
"""
from __future__ import annotations

import itertools
import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

from ... import _dtype as D
from ..._deprecated import _user_stacklevel
from ..._device import as_device
from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import Function
from ...utils import swap_tensors
from ..parameter import Buffer, Parameter

__all__ = [
    "Module",
    "RemovableHandle",
    "register_module_forward_hook",
    "register_module_forward_pre_hook",
    "register_module_full_backward_hook",
    "register_module_full_backward_pre_hook",
]

_global_forward_pre_hooks = OrderedDict()
_global_forward_hooks = OrderedDict()
_global_forward_hooks_always_called = OrderedDict()
_global_forward_hooks_with_kwargs = OrderedDict()
_global_backward_hooks = OrderedDict()
_global_backward_pre_hooks = OrderedDict()


# The state_dict key of what get_extra_state returns (torch's name, so checkpoints move).
_EXTRA_STATE_KEY = "_extra_state"


def typename(obj):
    """The type name PyTorch's error messages use: ``ember.FloatTensor``, ``int``, ``a.b.C``."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    return qualname if module in ("", "builtins") else f"{module}.{qualname}"


class RemovableHandle:
    """Returned by ``register_*_hook``: ``remove()`` takes the hook out of every table it is in."""

    _next_id = itertools.count()

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict_refs = [hooks_dict]
        self.id = next(RemovableHandle._next_id)
        if isinstance(extra_dict, dict):
            extra_dict = [extra_dict]
        self.extra_dict_refs = list(extra_dict or ())

    def remove(self):
        for table in itertools.chain(self.hooks_dict_refs, self.extra_dict_refs):
            table.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(table, hook, prepend=False, extra=None):
    handle = RemovableHandle(table, extra_dict=extra)
    table[handle.id] = hook
    if prepend:
        table.move_to_end(handle.id, last=False)
    return handle


def register_module_forward_pre_hook(hook):
    """A forward pre-hook run before every Module's forward (before the module's own hooks)."""
    return _add_hook(_global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """A forward hook run after every Module's forward: ``hook(module, args, output)``, or
    ``hook(module, args, kwargs, output)`` with ``with_kwargs``; ``always_call`` runs it even
    when forward raises."""
    handle = _add_hook(_global_forward_hooks, hook,
                       extra=[_global_forward_hooks_always_called,
                              _global_forward_hooks_with_kwargs])
    if always_call:
        _global_forward_hooks_always_called[handle.id] = True
    if with_kwargs:
        _global_forward_hooks_with_kwargs[handle.id] = True
    return handle


def register_module_full_backward_hook(hook):
    """A full backward hook for every Module."""
    return _add_hook(_global_backward_hooks, hook)


def register_module_full_backward_pre_hook(hook):
    """A full backward pre-hook for every Module."""
    return _add_hook(_global_backward_pre_hooks, hook)


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the keys it could not match, either way."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _addindent(text, spaces):
    """Indent every line but the first (nested module reprs)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


# --- full backward hooks -----------------------------------------------------------------------

class BackwardHookFunction(Function):
    """Identity on a module's input or output tensors: its graph node is where a full backward
    hook sees the gradients w.r.t. the module's outputs (pre-hook) and inputs (hook)."""

    @staticmethod
    def forward(ctx, *tensors):
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return grads


class _BackwardHook:
    """Wires one forward call's full backward hooks: grads of outputs are caught at the output
    identity node, then the user hooks run at the input identity node with both sets."""

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.module = module
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.grad_outputs = None
        self.n_inputs = self.n_outputs = -1
        self.input_index = self.output_index = None

    @staticmethod
    def _pack(indices, values, size):
        packed = [None] * size
        for i, v in zip(indices, values):
            packed[i] = v
        return tuple(packed)

    def _wrap(self, args, attach):
        """Pass the tensors of ``args`` through BackwardHookFunction; ``attach`` gets its node."""
        index = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        tensors = [args[i] for i in index]
        if not (grad_mode.is_grad_enabled() and any(t.requires_grad for t in tensors)):
            return args, None
        wrapped = BackwardHookFunction.apply(*tensors)
        if not isinstance(wrapped, tuple):
            wrapped = (wrapped,)
        node = next(t.grad_fn for t in wrapped if t.grad_fn is not None)
        attach(node, tensors)
        out = list(args)
        for i, t in zip(index, wrapped):
            out[i] = t
        return tuple(out), index

    def setup_input_hook(self, args):
        def attach(node, tensors):
            def hook(grad_inputs, _):
                if self.grad_outputs is None:
                    return None
                # As PyTorch's, the identity's backward yields zeros (not None) for the tensor
                # inputs that received no gradient, including those not requiring one.
                from ... import zeros
                grad_inputs = [zeros(t.shape, dtype=t.dtype, device=t.device) if g is None
                               else g for g, t in zip(grad_inputs, tensors)]
                result = self._pack(self.input_index, grad_inputs, self.n_inputs)
                for user_hook in self.user_hooks:
                    out = user_hook(self.module, result, self.grad_outputs)
                    if out is None:
                        continue
                    if len(out) != len(result):
                        raise RuntimeError(f"Backward hook returned an invalid number of "
                                           f"grad_input, got {len(out)}, but expected "
                                           f"{len(result)}")
                    result = out
                self.grad_outputs = None
                return tuple(result[i] for i in self.input_index)
            hook._fills_none = True  # (the zeros above stand for missing gradients)
            node.register_hook(hook)
        wrapped, self.input_index = self._wrap(args, attach)
        self.n_inputs = len(args)
        return wrapped

    def setup_output_hook(self, result):
        def attach(node, tensors):
            # A pre-hook sees the gradients as they arrived: None for outputs that got none.
            def hook(grad_outputs):
                self.grad_outputs = self._pack(self.output_index, grad_outputs, self.n_outputs)
                for pre_hook in self.user_pre_hooks:
                    new = pre_hook(self.module, self.grad_outputs)
                    if new is None:
                        continue
                    if len(new) != len(self.grad_outputs):
                        raise RuntimeError(f"Backward pre hook returned an invalid number of "
                                           f"grad_output, got {len(new)}, but expected "
                                           f"{len(self.grad_outputs)}")
                    self.grad_outputs = tuple(new)
                local = self.grad_outputs
                if self.input_index is None:
                    # No input needs a gradient, so the input node never runs: call the user
                    # hooks here with all-None grad_input, and say so as torch does.
                    warnings.warn("Full backward hook is firing when gradients are computed "
                                  "with respect to module outputs since no inputs require "
                                  "gradients. See https://docs.pytorch.org/docs/main/generated/"
                                  "torch.nn.Module.html#torch.nn.Module.register_full_backward_"
                                  "hook for more details.", stacklevel=_user_stacklevel())
                    grad_inputs = (None,) * self.n_inputs
                    for user_hook in self.user_hooks:
                        out = user_hook(self.module, grad_inputs, self.grad_outputs)
                        if out is not None and not (isinstance(out, tuple)
                                                    and all(o is None for o in out)):
                            raise RuntimeError("Backward hook for Modules where no input "
                                               "requires gradient should always return None or "
                                               "None for all gradients.")
                    self.grad_outputs = None
                return tuple(local[i] for i in self.output_index)
            node.register_prehook(hook)
        is_tuple = isinstance(result, tuple)
        outputs = result if is_tuple else (result,)
        wrapped, self.output_index = self._wrap(outputs, attach)
        self.n_outputs = len(outputs)
        return wrapped if is_tuple else wrapped[0]


def _no_forward(self, *args, **kwargs):
    raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" '
                              f'function')


class Module:
    """Base class of all neural-network modules; subclasses define ``forward``.

    Assigning a Parameter, a Module or a Buffer as an attribute registers it, so it appears in
    ``parameters()``, ``children()``, ``state_dict()`` and the repr. Calling the module runs its
    hooks around ``forward``.

    Example:
        >>> class TwoLayer(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.hidden = nn.Linear(4, 8)
        ...         self.out = nn.Linear(8, 1)
        ...     def forward(self, x):
        ...         return self.out(self.hidden(x).relu())
        >>> model = TwoLayer()
        >>> model(ember.zeros(5, 4)).shape
        ember.Size([5, 1])
        >>> [name for name, _ in model.named_parameters()]
        ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    """

    dump_patches = False
    _version = 1
    training: bool
    call_super_init = False

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got an unexpected keyword "
                            f"argument '{next(iter(kwargs))}'")
        if args:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument but "
                            f"{len(args) + 1} were given")
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers_set", set())
        setattr_(self, "_backward_pre_hooks", OrderedDict())
        setattr_(self, "_backward_hooks", OrderedDict())
        setattr_(self, "_is_full_backward_hook", None)
        setattr_(self, "_forward_hooks", OrderedDict())
        setattr_(self, "_forward_hooks_with_kwargs", OrderedDict())
        setattr_(self, "_forward_hooks_always_called", OrderedDict())
        setattr_(self, "_forward_pre_hooks", OrderedDict())
        setattr_(self, "_forward_pre_hooks_with_kwargs", OrderedDict())
        setattr_(self, "_state_dict_pre_hooks", OrderedDict())
        setattr_(self, "_state_dict_hooks", OrderedDict())
        setattr_(self, "_load_state_dict_pre_hooks", OrderedDict())
        setattr_(self, "_load_state_dict_post_hooks", OrderedDict())
        setattr_(self, "_modules", {})

    forward = _no_forward

    # -- registration ------------------------------------------------------------------------
    def register_buffer(self, name, tensor, persistent=True):
        """Register a tensor that is part of the module's state but not a parameter.

        Buffers (running statistics, masks...) move with ``to()``, appear in ``state_dict()`` unless
        ``persistent=False``, and are not returned by ``parameters()``.

        Args:
            name: the attribute name.
            tensor: the Tensor (or None).
            persistent: include it in ``state_dict()`` (default True).

        Returns:
            None.

        Example:
            >>> module = nn.Module()
            >>> module.register_buffer("steps", ember.zeros(1))
            >>> list(module.state_dict()), list(module.parameters())
            (['steps'], [])
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {typename(name)}")
        if "." in name:
            raise KeyError('buffer name can\'t contain "."')
        if name == "":
            raise KeyError('buffer name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def register_parameter(self, name, param):
        """Add a Parameter (or None) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"parameter name should be a string. Got {typename(name)}")
        if "." in name:
            raise KeyError('parameter name can\'t contain "."')
        if name == "":
            raise KeyError('parameter name can\'t be empty string ""')
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError(f"attribute '{name}' already exists")
        if param is None:
            self._parameters[name] = None
            return
        if not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            "(ember.nn.Parameter or None required)")
        if param.grad_fn is not None:
            raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model "
                             f"parameters must be created explicitly. To express '{name}' as a "
                             "function of another Tensor, compute the value in the forward() "
                             "method.")
        self._parameters[name] = param

    def add_module(self, name, module):
        """Add a child module under ``name`` (an attribute of this module)."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        """The submodule at dotted path ``target`` (``""`` is this module)."""
        if target == "":
            return self
        module = self
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(module._get_name() + " has no attribute `" + item + "`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError("`" + item + "` is not an nn.Module")  # noqa: TRY004
        return module

    def set_submodule(self, target, module, strict=False):
        """Replace (or, unless ``strict``, add) the submodule at dotted path ``target``."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        atoms = target.split(".")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")  # noqa: TRY004
        parent = self if len(atoms) == 1 else self.get_submodule(".".join(atoms[:-1]))
        if strict and not hasattr(parent, atoms[-1]):
            raise AttributeError(parent._get_name() + " has no attribute `" + atoms[-1] + "`")
        if hasattr(parent, atoms[-1]) and not isinstance(getattr(parent, atoms[-1]), Module):
            raise AttributeError("`" + atoms[-1] + "` is not an nn.Module")
        setattr(parent, atoms[-1], module)

    def to_empty(self, *, device, recurse=True):
        """Move parameters and buffers to ``device`` without keeping their values."""
        from ... import empty_like
        return self._apply(lambda t: empty_like(t, device=device), recurse=recurse)

    def get_parameter(self, target):
        """The Parameter at dotted path ``target``."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(module._get_name() + " has no attribute `" + name + "`")
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError("`" + name + "` is not an nn.Parameter")  # noqa: TRY004
        return param

    def get_buffer(self, target):
        """The buffer at dotted path ``target``."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(module._get_name() + " has no attribute `" + name + "`")
        if name not in module._buffers:
            raise AttributeError("`" + name + "` is not a buffer")
        return getattr(module, name)

    def get_extra_state(self):
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never be "
                           "called.")

    def set_extra_state(self, state):
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never be "
                           "called.")

    # -- attribute protocol ------------------------------------------------------------------
    def __getattr__(self, name):
        table = self.__dict__
        for key in ("_parameters", "_buffers", "_modules"):
            members = table.get(key)
            if members is not None and name in members:
                return members[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        def remove_from(*tables):
            for table in tables:
                if name in table:
                    if isinstance(table, dict):
                        del table[name]
                    else:
                        table.discard(name)

        params = self.__dict__.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            remove_from(self.__dict__, self._buffers, self._modules,
                        self._non_persistent_buffers_set)
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                "(ember.nn.Parameter or None expected)")
            self.register_parameter(name, value)
            return
        modules = self.__dict__.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            remove_from(self.__dict__, self._parameters, self._buffers,
                        self._non_persistent_buffers_set)
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                "(ember.nn.Module or None expected)")
            modules[name] = value
            return
        buffers = self.__dict__.get("_buffers")
        if isinstance(value, Buffer) or buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                "(ember.nn.Buffer, ember.Tensor or None expected)")
            if isinstance(value, Buffer):
                persistent = value.persistent
            else:
                persistent = name not in self._non_persistent_buffers_set
            if buffers is None:
                raise AttributeError("cannot assign buffer before Module.__init__() call")
            remove_from(self.__dict__, self._parameters, self._modules)
            self.register_buffer(name, value, persistent)
            return
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if name in self._parameters:
            del self._parameters[name]
        elif name in self._buffers:
            del self._buffers[name]
            self._non_persistent_buffers_set.discard(name)
        elif name in self._modules:
            del self._modules[name]
        else:
            object.__delattr__(self, name)

    def __dir__(self):
        keys = (dir(type(self)) + list(self.__dict__) + list(self._parameters)
                + list(self._modules) + list(self._buffers))
        return sorted(key for key in keys if not key[0].isdigit())

    def __setstate__(self, state):
        self.__dict__.update(state)
        for key, default in (("_forward_pre_hooks", OrderedDict), ("_forward_hooks", OrderedDict),
                             ("_forward_hooks_with_kwargs", OrderedDict),
                             ("_forward_hooks_always_called", OrderedDict),
                             ("_forward_pre_hooks_with_kwargs", OrderedDict),
                             ("_backward_pre_hooks", OrderedDict),
                             ("_state_dict_pre_hooks", OrderedDict),
                             ("_state_dict_hooks", OrderedDict),
                             ("_load_state_dict_pre_hooks", OrderedDict),
                             ("_load_state_dict_post_hooks", OrderedDict),
                             ("_non_persistent_buffers_set", set)):
            if key not in self.__dict__:
                self.__dict__[key] = default()
        self.__dict__.setdefault("_is_full_backward_hook", None)

    # -- iteration over members --------------------------------------------------------------
    def _named_members(self, get_members, prefix="", recurse=True, remove_duplicate=True):
        memo = set()
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                   if recurse else [(prefix, self)])
        for module_prefix, module in modules:
            for key, value in get_members(module):
                if value is None or value in memo:
                    continue
                if remove_duplicate:
                    memo.add(value)
                yield (module_prefix + ("." if module_prefix else "") + key, value)

    def parameters(self, recurse=True):
        """Every Parameter of this module (and, with ``recurse``, of its descendants), once.

        Args:
            recurse: include the parameters of submodules (default True).

        Returns:
            An iterator of Parameters, in registration order; pass it to an optimizer.

        Example:
            >>> layer = nn.Linear(3, 2)
            >>> [tuple(p.shape) for p in layer.parameters()]
            [(2, 3), (2,)]
            >>> sum(p.numel() for p in layer.parameters())
            8
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """``(dotted name, Parameter)`` pairs, in registration order, depth first.

        Args:
            prefix: prepended to every name.
            recurse: include the parameters of submodules (default True).
            remove_duplicate: list a parameter shared by several modules only once (default True).

        Returns:
            An iterator of ``(str, Parameter)``.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
            >>> [name for name, _ in model.named_parameters()]
            ['0.weight', '0.bias', '2.weight', '2.bias']
        """
        yield from self._named_members(lambda module: module._parameters.items(), prefix,
                                       recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """``(dotted name, buffer)`` pairs, in registration order, depth first."""
        yield from self._named_members(lambda module: module._buffers.items(), prefix,
                                       recurse, remove_duplicate)

    def children(self):
        """The direct submodules, each once, in registration order.

        Returns:
            An iterator of Modules.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            >>> list(model.children())
            [Linear(in_features=2, out_features=3, bias=True), ReLU()]
        """
        for _, module in self.named_children():
            yield module

    def named_children(self):
        """Direct children as ``(name, module)``, each module once."""
        memo = set()
        for name, module in self._modules.items():
            if module is not None and module not in memo:
                memo.add(module)
                yield name, module

    def modules(self, remove_duplicate=True):
        """This module and every descendant, depth first, each once (or at every place it
        appears, with ``remove_duplicate=False``).

        Args:
            remove_duplicate: yield a module used in several places only once.

        Returns:
            An iterator of Modules, starting with this one.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU()))
            >>> [type(m).__name__ for m in model.modules()]
            ['Sequential', 'Linear', 'Sequential', 'ReLU']
        """
        for _, module in self.named_modules(remove_duplicate=remove_duplicate):
            yield module

    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """This module and every descendant as ``(dotted name, module)``, depth first."""
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub_prefix = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub_prefix, remove_duplicate)

    # -- modes and gradients -----------------------------------------------------------------
    def train(self, mode=True):
        """Set training mode here and in every descendant (Dropout, BatchNorm act on it).

        Args:
            mode: True for training mode (default), False for evaluation mode.

        Returns:
            This module.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
            >>> model.train().training, model[1].training
            (True, True)
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")  # noqa: TRY004
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        """Set evaluation mode here and in every descendant: ``train(False)``.

        Dropout stops dropping and BatchNorm uses its running statistics. It does not turn off
        gradient recording; combine it with ``ember.no_grad()`` for inference.

        Returns:
            This module.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
            >>> model.eval().training, model[1].training
            (False, False)
        """
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Drop (or zero, when ``set_to_none=False``) every parameter's ``.grad``.

        Gradients accumulate across ``backward()`` calls; call this (or the optimizer's
        ``zero_grad()``) before each step's backward.

        Args:
            set_to_none: set ``.grad`` to None (default) instead of filling it with zeros.

        Returns:
            None.

        Example:
            >>> layer = nn.Linear(2, 1)
            >>> layer(ember.ones(1, 2)).sum().backward()
            >>> layer.bias.grad
            tensor([1.])
            >>> layer.zero_grad()
            >>> layer.bias.grad is None
            True
        """
        for param in self.parameters():
            grad = param.grad
            if grad is None:
                continue
            if set_to_none:
                param.grad = None
                continue
            if grad.grad_fn is not None:
                grad.detach_()
            else:
                grad.requires_grad_(False)
            grad.zero_()

    def apply(self, fn):
        """Call ``fn`` on every descendant (children first) and then on this module.

        Typically used to initialise weights.

        Args:
            fn: a function taking a Module.

        Returns:
            This module.

        Example:
            >>> def init(module):
            ...     if isinstance(module, nn.Linear):
            ...         nn.init.zeros_(module.weight)
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.ReLU()).apply(init)
            >>> model[0].weight.abs().sum().item()
            0.0
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- conversions -------------------------------------------------------------------------
    def _apply(self, fn, recurse=True):
        """Replace every parameter's and buffer's data by ``fn(tensor)``, keeping the objects
        (or, as ``ember.__future__``'s switches ask, giving new Parameter objects or swapping
        the converted state into the existing ones)."""
        from ... import __future__ as future
        swap = future.get_swap_module_params_on_conversion()
        overwrite = future.get_overwrite_module_params_on_conversion()
        if recurse:
            for module in self.children():
                module._apply(fn)
        for key, param in self._parameters.items():
            if param is None:
                continue
            grad = param._grad
            with grad_mode.no_grad():
                new = fn(param)
                new_grad = None if grad is None else fn(grad)
            if swap:
                if not isinstance(new, Parameter):
                    new = Parameter(new, requires_grad=param.requires_grad)
                swap_tensors(param, new)
                if grad is not None:
                    swap_tensors(grad, new_grad.requires_grad_(grad.requires_grad))
                    param._grad = grad
            elif overwrite:
                self._parameters[key] = Parameter(new, requires_grad=param.requires_grad)
                if grad is not None:
                    self._parameters[key].grad = new_grad.requires_grad_(grad.requires_grad)
            else:
                param.data = new
                if grad is not None:
                    grad.data = new_grad
        for key, buf in self._buffers.items():
            if buf is not None:
                self._buffers[key] = fn(buf)
        return self

    def to(self, *args, **kwargs):
        """Move/cast parameters and buffers: ``to(device)``, ``to(dtype)``, ``to(tensor)``.

        Only floating-point tensors change dtype; integer buffers keep theirs. The module is changed
        in place (its Parameters stay the same objects).

        Args:
            *args: a device, a floating dtype, both, or a Tensor whose device and dtype to take.

        Returns:
            This module.

        Example:
            >>> layer = nn.Linear(2, 2).to(ember.float64)
            >>> layer.weight.dtype
            ember.float64
        """
        memory_format = kwargs.pop("memory_format", None)
        device, dtype = _parse_to(args, kwargs)
        if dtype is not None and not (dtype.is_floating_point or dtype.is_complex):
            raise TypeError("nn.Module.to only accepts floating point or complex dtypes, but got "
                            f"desired dtype={dtype}")
        if dtype is not None and dtype.is_complex:
            warnings.warn("Complex modules are a new feature under active development whose "
                          "design may change, and some modules might not work as expected when "
                          "using complex tensors as parameters or buffers. Please file an issue "
                          "at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml "
                          "if a complex module does not work as expected.",
                          stacklevel=_user_stacklevel())

        def convert(t):
            # As torch: a memory format applies to the 4-D and 5-D tensors (conv weights).
            layout = {"memory_format": memory_format} if memory_format is not None and \
                t.dim() in (4, 5) else {}
            if t.is_floating_point() or t.is_complex():
                return t.to(device=device, dtype=dtype, **layout)
            return t.to(device=device, **layout)
        return self._apply(convert)

    def cpu(self):
        return self._apply(lambda t: t.to("cpu"))

    def cuda(self, device=None):
        target = as_device("cuda" if device is None else
                           device if not isinstance(device, int) else f"cuda:{device}")
        return self._apply(lambda t: t.to(target))

    def xpu(self, device=None):
        """Move to an Intel XPU: ember has no such backend, so this raises AssertionError (as torch
        built without one does).

        Args:
            device: the device index (unused).

        Example:
            >>> try:
            ...     nn.Linear(1, 1).xpu()
            ... except AssertionError:
            ...     print("no xpu backend")
            no xpu backend
        """
        raise AssertionError("ember not compiled with XPU enabled")

    def mtia(self, device=None):
        """Move to an MTIA device: ember has no such backend, so this raises AssertionError (as torch
        built without one does).

        Args:
            device: the device index (unused).

        Example:
            >>> try:
            ...     nn.Linear(1, 1).mtia()
            ... except AssertionError:
            ...     print("no mtia backend")
            no mtia backend
        """
        raise AssertionError("ember not compiled with MTIA enabled")

    def ipu(self, device=None):
        """Move to a Graphcore IPU: ember has no such backend, so this raises RuntimeError (as torch
        built without one does).

        Args:
            device: the device index (unused).

        Example:
            >>> try:
            ...     nn.Linear(1, 1).ipu()
            ... except RuntimeError:
            ...     print("no ipu backend")
            no ipu backend
        """
        raise RuntimeError("ember is not linked with support for ipu devices")

    def type(self, dst_type):
        return self._apply(lambda t: t.type(dst_type))

    def float(self):
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def bfloat16(self):
        return self._apply(lambda t: t.to(D.bfloat16) if t.is_floating_point() else t)

    def share_memory(self):
        """Move every parameter, gradient and buffer into shared memory (``share_memory_``)."""
        return self._apply(lambda t: t.share_memory_())

    # -- state dict --------------------------------------------------------------------------
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + _EXTRA_STATE_KEY] = self.get_extra_state()

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An OrderedDict of every parameter and persistent buffer, keyed by dotted path.

        Values are detached tensors sharing memory with the module (``keep_vars=True`` gives the
        Parameters themselves). Save it with ``ember.save`` and restore it with
        ``load_state_dict``.

        Args:
            destination: a mapping to fill (default: a new OrderedDict).
            prefix: prepended to every key.
            keep_vars: return the Parameters instead of detached tensors.

        Returns:
            The OrderedDict ``{name: tensor}``.

        Example:
            >>> layer = nn.Linear(3, 2)
            >>> {name: tuple(t.shape) for name, t in layer.state_dict().items()}
            {'weight': (2, 3), 'bias': (2,)}
        """
        if args:
            warnings.warn("Positional args are being deprecated, use kwargs instead. Refer to "
                          "https://pytorch.org/docs/main/generated/torch.nn.Module.html"
                          "#torch.nn.Module.state_dict for details.", FutureWarning,
                          stacklevel=_user_stacklevel())
            destination = args[0] if len(args) > 0 else destination
            prefix = args[1] if len(args) > 1 else prefix
            keep_vars = args[2] if len(args) > 2 else keep_vars
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        for hook in list(self.__dict__.get("_state_dict_pre_hooks", {}).values()):
            hook(self, prefix, keep_vars)
        metadata = getattr(destination, "_metadata", None)
        local_metadata = {"version": self._version}
        if metadata is not None:
            metadata[prefix[:-1]] = local_metadata
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        for hook in list(self.__dict__.get("_state_dict_hooks", {}).values()):
            result = hook(self, destination, prefix, local_metadata)
            if result is not None:
                if not getattr(hook, "_may_replace_state", False):
                    raise RuntimeError("state_dict post-hook must return None")
                destination = result
        return destination

    def register_state_dict_pre_hook(self, hook):
        """``hook(module, prefix, keep_vars)`` runs before this module's ``state_dict()``.

        Args:
            hook: the function to call.

        Returns:
            A handle whose ``remove()`` unregisters the hook.

        Example:
            >>> layer = nn.Linear(1, 1)
            >>> handle = layer.register_state_dict_pre_hook(
            ...     lambda module, prefix, keep_vars: print("saving", type(module).__name__))
            >>> _ = layer.state_dict()
            saving Linear
        """
        return _add_hook(self._state_dict_pre_hooks, hook)

    def register_state_dict_post_hook(self, hook):
        """``hook(module, state_dict, prefix, local_metadata)`` runs after this module (and its
        children) filled ``state_dict``; it may change the dict in place and must return None.

        Args:
            hook: the function to call.

        Returns:
            A handle whose ``remove()`` unregisters the hook.

        Example:
            >>> layer = nn.Linear(1, 1)
            >>> handle = layer.register_state_dict_post_hook(
            ...     lambda module, state, prefix, meta: state.pop(prefix + "bias"))
            >>> list(layer.state_dict())
            Traceback (most recent call last):
              ...
            RuntimeError: state_dict post-hook must return None
            >>> handle.remove()
            >>> _ = layer.register_state_dict_post_hook(
            ...     lambda module, state, prefix, meta: state.pop(prefix + "bias") and None)
            >>> list(layer.state_dict())
            ['weight']
        """
        return _add_hook(self._state_dict_hooks, hook)

    def register_load_state_dict_pre_hook(self, hook):
        """``hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
        unexpected_keys, error_msgs)`` runs before this module loads its entries; it may
        rename or convert entries of ``state_dict`` in place (old checkpoint layouts).

        Args:
            hook: the function to call.

        Returns:
            A handle whose ``remove()`` unregisters the hook.

        Example:
            >>> layer = nn.Linear(1, 1, bias=False)
            >>> def rename(module, state, prefix, *rest):
            ...     if prefix + "w" in state:
            ...         state[prefix + "weight"] = state.pop(prefix + "w")
            >>> _ = layer.register_load_state_dict_pre_hook(rename)
            >>> layer.load_state_dict({"w": ember.tensor([[2.0]])})
            <All keys matched successfully>
            >>> layer.weight.item()
            2.0
        """
        return _add_hook(self._load_state_dict_pre_hooks, hook)

    def _register_state_dict_hook(self, hook):
        """The older, private spelling of :meth:`register_state_dict_post_hook` that model code
        copied from libraries still calls: ``hook(module, state_dict, prefix, local_metadata)``
        may also return a dict, which then replaces ``state_dict`` from there on.

        Args:
            hook: the function to call.

        Returns:
            A handle whose ``remove()`` unregisters the hook.
        """
        def replacing(module, state_dict, prefix, local_metadata):
            return hook(module, state_dict, prefix, local_metadata)

        replacing._may_replace_state = True
        return _add_hook(self._state_dict_hooks, replacing)

    def _register_load_state_dict_pre_hook(self, hook, with_module=False):
        """The older, private spelling of :meth:`register_load_state_dict_pre_hook` that model
        code copied from libraries still calls: ``hook(state_dict, prefix, local_metadata,
        strict, missing_keys, unexpected_keys, error_msgs)``, with the module passed first
        only when ``with_module`` is true.

        Args:
            hook: the function to call.
            with_module: whether the hook takes the module as its first argument.

        Returns:
            A handle whose ``remove()`` unregisters the hook.
        """
        if with_module:
            return _add_hook(self._load_state_dict_pre_hooks, hook)

        def without_module(module, *args):
            return hook(*args)

        return _add_hook(self._load_state_dict_pre_hooks, without_module)

    def register_load_state_dict_post_hook(self, hook):
        """``hook(module, incompatible_keys)`` runs after ``load_state_dict`` loaded everything,
        before strict mode reports missing or unexpected keys: clearing entries of
        ``incompatible_keys.missing_keys`` / ``unexpected_keys`` in place accepts them. It must
        return None.

        Args:
            hook: the function to call.

        Returns:
            A handle whose ``remove()`` unregisters the hook.

        Example:
            >>> layer = nn.Linear(1, 1)
            >>> _ = layer.register_load_state_dict_post_hook(
            ...     lambda module, keys: keys.missing_keys.clear())
            >>> layer.load_state_dict({"weight": ember.ones(1, 1)})
            <All keys matched successfully>
        """
        return _add_hook(self._load_state_dict_post_hooks, hook)

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        persistent = {k: v for k, v in self._buffers.items()
                      if k not in self._non_persistent_buffers_set}
        local_state = {k: v for k, v in itertools.chain(self._parameters.items(),
                                                         persistent.items()) if v is not None}
        assign = local_metadata.get("assign_to_params_buffers", False)
        for name, param in local_state.items():
            key = prefix + name
            if key not in state_dict:
                if strict:
                    missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                error_msgs.append(f'While copying the parameter named "{key}", expected '
                                  "ember.Tensor or Tensor-like object from checkpoint but "
                                  f"received {type(value)}")
                continue
            if param.dim() == 0 and value.dim() == 1:
                value = value[0]
            if value.shape != param.shape:
                error_msgs.append(f"size mismatch for {key}: copying a param with shape "
                                  f"{value.shape} from checkpoint, the shape in current model "
                                  f"is {param.shape}.")
                continue
            try:
                with grad_mode.no_grad():
                    if assign:
                        if isinstance(param, Parameter):
                            if not isinstance(value, Parameter):
                                value = Parameter(value, requires_grad=param.requires_grad)
                            else:
                                value.requires_grad_(param.requires_grad)
                        setattr(self, name, value)
                    else:
                        if param.is_meta and not value.is_meta:
                            warnings.warn(
                                f"for {key}: copying from a non-meta parameter in the checkpoint "
                                "to a meta parameter in the current model, which is a no-op. "
                                "(Did you mean to pass `assign=True` to assign items in the state "
                                "dictionary to their corresponding key in the module instead of "
                                "copying them in place?)",
                                UserWarning, stacklevel=_user_stacklevel())
                        param.copy_(value)
            except Exception as exc:  # noqa: BLE001
                error_msgs.append(f'While copying the parameter named "{key}", whose dimensions '
                                  f"in the model are {param.size()} and whose dimensions in the "
                                  f"checkpoint are {value.size()}, an exception occurred : "
                                  f"{exc.args}.")
        extra_key = prefix + _EXTRA_STATE_KEY
        has_extra = type(self).set_extra_state is not Module.set_extra_state
        if has_extra:
            if extra_key in state_dict:
                self.set_extra_state(state_dict[extra_key])
            elif strict:
                missing_keys.append(extra_key)
        if strict:
            for key in state_dict:
                if not key.startswith(prefix):
                    continue
                parts = key[len(prefix):].split(".", 1)
                if len(parts) > 1:
                    if parts[0] not in self._modules:
                        unexpected_keys.append(key)
                elif parts[0] not in local_state and not (has_extra and key == extra_key):
                    unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from ``state_dict`` (keys as ``state_dict()`` gives them).

        With ``strict``, missing or unexpected keys raise RuntimeError; shape mismatches always do.

        Args:
            state_dict: a mapping from dotted names to tensors.
            strict: require the keys to match this module's exactly (default True).
            assign: install the given tensors instead of copying into the existing ones.

        Returns:
            A named tuple ``(missing_keys, unexpected_keys)``.

        Example:
            >>> source, target = nn.Linear(2, 2), nn.Linear(2, 2)
            >>> target.load_state_dict(source.state_dict())
            <All keys matched successfully>
            >>> ember.equal(source.weight, target.weight)
            True
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        missing, unexpected, errors = [], [], []
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)
        if metadata is not None:
            state_dict._metadata = metadata

        incompatible = _IncompatibleKeys(missing, unexpected)
        # Depth first; a None entry marks the end of a module's subtree, where its post hooks
        # run (as torch's recursion runs them once the module and its children are loaded).
        stack = [(self, state_dict, "")]
        while stack:
            module, local_dict, prefix = stack.pop()
            if local_dict is None:
                _run_load_post_hooks(module, incompatible)
                continue
            # the checkpoint's own metadata dict, as torch's: assign=True is written into it, so
            # a later load of the same state_dict object assigns too (and torch.save keeps it)
            local_metadata = {} if metadata is None else metadata.get(prefix[:-1], {})
            if assign:
                local_metadata["assign_to_params_buffers"] = assign
            for hook in list(module.__dict__.get("_load_state_dict_pre_hooks", {}).values()):
                hook(module, local_dict, prefix, local_metadata, True, missing, unexpected,
                     errors)
            module._load_from_state_dict(local_dict, prefix, local_metadata, True, missing,
                                         unexpected, errors)
            children = []
            for name, child in module._modules.items():
                if child is not None:
                    child_prefix = prefix + name + "."
                    children.append((child, {k: v for k, v in local_dict.items()
                                             if k.startswith(child_prefix)}, child_prefix))
            stack.append((module, None, prefix))
            stack.extend(reversed(children))

        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(
                    ", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        return incompatible

    # -- hooks -------------------------------------------------------------------------------
    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """``hook(module, args)`` (or ``(module, args, kwargs)``) runs before forward and may
        return replacement args."""
        handle = _add_hook(self._forward_pre_hooks, hook, prepend,
                           extra=self._forward_pre_hooks_with_kwargs)
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False,
                              always_call=False):
        """``hook(module, args, output)`` (or ``(module, args, kwargs, output)``) runs after
        forward and may return a replacement output."""
        handle = _add_hook(self._forward_hooks, hook, prepend,
                           extra=[self._forward_hooks_with_kwargs,
                                  self._forward_hooks_always_called])
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        return handle

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """``hook(module, grad_output)`` runs when the gradients w.r.t. the module's outputs
        are known; it may return replacement grad_output."""
        return _add_hook(self._backward_pre_hooks, hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """``hook(module, grad_input, grad_output)`` runs when the gradients w.r.t. the module's
        inputs are computed; it may return replacement grad_input."""
        if self._is_full_backward_hook is False:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks "
                               "on a single Module. Please use only one of them.")
        self._is_full_backward_hook = True
        return _add_hook(self._backward_hooks, hook, prepend)

    def register_backward_hook(self, hook):
        """Deprecated hook on the last operation of forward; prefer the full backward hook."""
        if self._is_full_backward_hook is True:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks "
                               "on a single Module. Please use only one of them.")
        self._is_full_backward_hook = False
        return _add_hook(self._backward_hooks, hook)

    def _call_impl(self, *args, **kwargs):
        forward = self.forward
        if not (self._forward_hooks or self._forward_pre_hooks or self._backward_hooks
                or self._backward_pre_hooks or _global_forward_pre_hooks
                or _global_forward_hooks or _global_backward_hooks
                or _global_backward_pre_hooks):
            return forward(*args, **kwargs)
        state = {"args": args, "kwargs": kwargs, "result": None, "called": set()}
        try:
            return self._call_with_hooks(forward, state)
        except Exception:
            # Forward hooks registered with always_call=True still see the (partial) call.
            self._run_always_called_hooks(state)
            raise

    def _run_always_called_hooks(self, state):
        for table, always, kind in ((_global_forward_hooks, _global_forward_hooks_always_called,
                                     "global module forward hook"),
                                    (self._forward_hooks, self._forward_hooks_always_called,
                                     "module forward hook")):
            for hook_id, hook in list(table.items()):
                if hook_id not in always or hook_id in state["called"]:
                    continue
                try:
                    if hook_id in self._forward_hooks_with_kwargs or \
                            hook_id in _global_forward_hooks_with_kwargs:
                        new = hook(self, state["args"], state["kwargs"], state["result"])
                    else:
                        new = hook(self, state["args"], state["result"])
                    if new is not None:
                        state["result"] = new
                except Exception as exc:  # noqa: BLE001 - reported, the forward error wins
                    warnings.warn(f"{kind} with ``always_call=True`` raised an exception that "
                                  f"was silenced as another error was raised in forward: {exc}",
                                  stacklevel=_user_stacklevel())

    def _call_with_hooks(self, forward, state):
        args, kwargs = state["args"], state["kwargs"]
        full_hooks, pre_backward_hooks = [], []
        if self._backward_pre_hooks or _global_backward_pre_hooks:
            pre_backward_hooks = (list(_global_backward_pre_hooks.values())
                                  + list(self._backward_pre_hooks.values()))
        legacy_hooks = []
        if self._is_full_backward_hook is False:
            legacy_hooks = list(self._backward_hooks.values())
        elif self._backward_hooks or _global_backward_hooks:
            full_hooks = (list(_global_backward_hooks.values())
                          + list(self._backward_hooks.values()))

        for hook_id, hook in itertools.chain(_global_forward_pre_hooks.items(),
                                             self._forward_pre_hooks.items()):
            if hook_id in self._forward_pre_hooks_with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if isinstance(result, tuple) and len(result) == 2:
                        args, kwargs = result
                    else:
                        raise RuntimeError("forward pre-hook must return None or a tuple of "
                                           f"(new_args, new_kwargs), but got {result}.")
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
            state["args"], state["kwargs"] = args, kwargs

        backward_hook = None
        if full_hooks or pre_backward_hooks:
            backward_hook = _BackwardHook(self, full_hooks, pre_backward_hooks)
            args = backward_hook.setup_input_hook(args)

        result = forward(*args, **kwargs)
        state["result"] = result

        for hook_id, hook in itertools.chain(_global_forward_hooks.items(),
                                             self._forward_hooks.items()):
            if hook_id in _global_forward_hooks_always_called or \
                    hook_id in self._forward_hooks_always_called:
                state["called"].add(hook_id)
            if hook_id in self._forward_hooks_with_kwargs or \
                    hook_id in _global_forward_hooks_with_kwargs:
                new = hook(self, args, kwargs, result)
            else:
                new = hook(self, args, result)
            if new is not None:
                result = state["result"] = new

        if backward_hook is not None:
            if not isinstance(result, (Tensor, tuple)):
                warnings.warn("For backward hooks to be called, module output should be a "
                              f"Tensor or a tuple of Tensors but received {type(result)}",
                              stacklevel=_user_stacklevel())
            result = backward_hook.setup_output_hook(result)

        if legacy_hooks:
            var = result
            while not isinstance(var, Tensor):
                var = next(v for v in (var.values() if isinstance(var, dict) else var)
                           if isinstance(v, (Tensor, tuple, list, dict)))
            if var.grad_fn is not None:
                for hook in legacy_hooks:
                    var.grad_fn.register_hook(
                        lambda grad_in, grad_out, hook=hook: hook(self, grad_in, grad_out))
        return result

    # Set by compile(): calls go through the compiled region instead (torch's attribute name).
    _compiled_call_impl = None

    def _wrapped_call_impl(self, *args, **kwargs):
        if self._compiled_call_impl is not None:
            return self._compiled_call_impl(*args, **kwargs)
        return self._call_impl(*args, **kwargs)

    __call__ = _wrapped_call_impl

    def compile(self, *args, **kwargs):
        """Compile this module in place: later calls run through ``ember.compile``'s region.

        Unlike ``ember.compile(module)``, the module keeps its type and its ``state_dict`` keys
        (no ``_orig_mod.`` prefix); hooks run inside the compiled region.

        Args:
            *args: passed to ``ember.compile`` (after the module's call).
            **kwargs: passed to ``ember.compile`` (``fullgraph``, ``mode``, ``backend``...).

        Returns:
            None (the module itself is changed).

        Example:
            >>> model = nn.Linear(2, 1)
            >>> model.compile()
            >>> type(model).__name__, list(model.state_dict())
            ('Linear', ['weight', 'bias'])
        """
        from ..._compile.api import compile as compile_
        self._compiled_call_impl = compile_(self._call_impl, *args, **kwargs)

    # -- printing ----------------------------------------------------------------------------
    def _get_name(self):
        return type(self).__name__

    def extra_repr(self):
        """The text between the parentheses of this module's repr (its settings)."""
        return ""

    def __repr__(self):
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = ["(" + key + "): " + _addindent(repr(module), 2)
                       for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"


def _run_load_post_hooks(module, incompatible):
    for hook in list(module.__dict__.get("_load_state_dict_post_hooks", {}).values()):
        if hook(module, incompatible) is not None:
            raise AssertionError(
                "Hooks registered with ``register_load_state_dict_post_hook`` are not expected "
                "to return new values, if incompatible_keys need to be modified, it should be "
                "done inplace.")


def _parse_to(args, kwargs):
    """(device, dtype) from the arguments of ``Module.to``."""
    from ..._device import device as device_cls
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() received an invalid combination of arguments - got unexpected "
                        f"keyword argument '{next(iter(kwargs))}'")
    for arg in args:
        if isinstance(arg, D.dtype) or isinstance(arg, type) and arg in (float, int, bool, complex):
            dtype = arg
        elif isinstance(arg, (str, device_cls, int)) and not isinstance(arg, bool):
            device = arg
        elif isinstance(arg, Tensor):
            device, dtype = arg.device, arg.dtype
    if device is not None:
        device = as_device(device if not isinstance(device, int) else f"cuda:{device}")
    if dtype is not None:
        dtype = D.as_dtype(dtype)
    return device, dtype
