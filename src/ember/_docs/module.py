"""Docstrings of ``ember.nn.Module``'s methods (attached when ember.nn is imported; see
ember._docs)."""
from __future__ import annotations

from ..nn.modules.module import Module
from . import add_docstr

add_docstr(Module.float, r"""float() -> Module

Converts the module's floating-point parameters and buffers to float32, and returns the module
itself.

Floating-point parameters and buffers are converted in place (the Parameter objects stay the
same, so an optimizer built earlier still holds them); integer buffers such as BatchNorm's
``num_batches_tracked`` keep their dtype. Applies to every submodule.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> _ = bn.float()
    >>> bn.weight.dtype, bn.running_mean.dtype, bn.num_batches_tracked.dtype
    (ember.float32, ember.float32, ember.int64)
""")


add_docstr(Module.double, r"""double() -> Module

Converts the module's floating-point parameters and buffers to float64, and returns the module
itself.

Floating-point parameters and buffers are converted in place (the Parameter objects stay the
same, so an optimizer built earlier still holds them); integer buffers such as BatchNorm's
``num_batches_tracked`` keep their dtype. Applies to every submodule.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> _ = bn.double()
    >>> bn.weight.dtype, bn.running_mean.dtype, bn.num_batches_tracked.dtype
    (ember.float64, ember.float64, ember.int64)
""")


add_docstr(Module.half, r"""half() -> Module

Converts the module's floating-point parameters and buffers to float16, and returns the module
itself.

Floating-point parameters and buffers are converted in place (the Parameter objects stay the
same, so an optimizer built earlier still holds them); integer buffers such as BatchNorm's
``num_batches_tracked`` keep their dtype. Applies to every submodule.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> _ = bn.half()
    >>> bn.weight.dtype, bn.running_mean.dtype, bn.num_batches_tracked.dtype
    (ember.float16, ember.float16, ember.int64)
""")


add_docstr(Module.bfloat16, r"""bfloat16() -> Module

Converts the module's floating-point parameters and buffers to bfloat16, and returns the module
itself.

Floating-point parameters and buffers are converted in place (the Parameter objects stay the
same, so an optimizer built earlier still holds them); integer buffers such as BatchNorm's
``num_batches_tracked`` keep their dtype. Applies to every submodule.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> _ = bn.bfloat16()
    >>> bn.weight.dtype, bn.running_mean.dtype, bn.num_batches_tracked.dtype
    (ember.bfloat16, ember.bfloat16, ember.int64)
""")


add_docstr(Module.type, r"""type(dst_type) -> Module

Converts every parameter and buffer (integer ones too) to ``dst_type`` and returns the module
itself.

Prefer ``to(dtype)``, which leaves integer buffers alone.

Args:
    dst_type (ember.dtype or str): the dtype (or legacy type name) to convert to.

Returns:
    Module: self.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> _ = lin.type(ember.float64)
    >>> lin.weight.dtype, lin.bias.dtype
    (ember.float64, ember.float64)
""")


add_docstr(Module.cpu, r"""cpu() -> Module

Moves every parameter and buffer to the CPU (a no-op for those already there) and returns the
module itself.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> lin.cpu() is lin
    True
    >>> lin.weight.device
    device(type='cpu')
""")


add_docstr(Module.cuda, r"""cuda(device=None) -> Module

Moves every parameter and buffer to a GPU (the current one, or ``device``) and returns the
module itself.

Call it before building the optimizer. ember runs CUDA tensors on CuPy; without a GPU it raises
an error, so check ``ember.cuda.is_available()`` first.

Args:
    device (int or ember.device, optional): which GPU (default: the current one).

Returns:
    Module: self.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> dev = 'cuda' if ember.cuda.is_available() else 'cpu'
    >>> lin = lin.cuda() if dev == 'cuda' else lin
    >>> lin.weight.device.type == dev
    True
""")


add_docstr(Module.to_empty, r"""to_empty(*, device, recurse=True) -> Module

Replaces every parameter and buffer by an UNINITIALIZED tensor of the same shape and dtype on
``device``, and returns the module itself.

Used to materialize a module built on the ``meta`` device; re-initialize (or load a state dict)
afterwards, since the values are garbage.

Args:
    device (ember.device or str): where the new tensors live (keyword-only).
    recurse (bool): include submodules (default True; keyword-only).

Returns:
    Module: self.

Example::

    >>> lin = nn.Linear(2, 3)
    >>> lin = lin.to_empty(device='cpu')
    >>> lin.weight.shape, lin.bias.shape
    (ember.Size([3, 2]), ember.Size([3]))
""")


add_docstr(Module.share_memory, r"""share_memory() -> Module

Moves every parameter and buffer into shared memory (``Tensor.share_memory_``) and returns the
module itself, so that processes started by ``ember.multiprocessing`` train the same weights
(Hogwild-style).

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Module: self.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> _ = lin.share_memory()
    >>> lin.weight.is_shared()
    True
""")


add_docstr(Module.requires_grad_, r"""requires_grad_(requires_grad=True) -> Module

Sets ``requires_grad`` on every parameter, in place, and returns the module itself.

The usual way to freeze part of a model (``requires_grad_(False)``) for fine-tuning.

Args:
    requires_grad (bool): whether autograd should record operations on the parameters (default
        True).

Returns:
    Module: self.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> _ = net[0].requires_grad_(False)
    >>> [p.requires_grad for p in net.parameters()]
    [False, False, True, True]
""")


add_docstr(Module.add_module, r"""add_module(name, module) -> None

Adds ``module`` as a child under ``name``, the same as ``setattr(self, name, module)``;
``register_module`` is the same method.

Useful when the name is computed. The child then appears in ``children()``, ``parameters()``,
``state_dict()`` and the repr. ``name`` must be a non-empty string without dots that is not
already some other attribute (a child of the same name is replaced).

Args:
    name (str): the attribute name of the child.
    module (Module or None): the child (None reserves the name).

Returns:
    None.

Example::

    >>> net = nn.Sequential()
    >>> for i in range(2):
    ...     net.add_module(f'layer{i}', nn.Linear(2, 2))
    >>> net
    Sequential(
      (layer0): Linear(in_features=2, out_features=2, bias=True)
      (layer1): Linear(in_features=2, out_features=2, bias=True)
    )
""")


add_docstr(Module.register_parameter, r"""register_parameter(name, param) -> None

Adds ``param`` to the module under ``name``, the same as assigning an ``nn.Parameter``
attribute.

The parameter then appears in ``parameters()`` and ``state_dict()``. ``param`` must be an
``nn.Parameter`` (or None, which keeps the name with no value).

Args:
    name (str): the attribute name.
    param (Parameter or None): the parameter.

Returns:
    None.

Example::

    >>> m = nn.Module()
    >>> m.register_parameter('scale', nn.Parameter(ember.ones(2)))
    >>> [name for name, _ in m.named_parameters()]
    ['scale']
""")


add_docstr(Module.buffers, r"""buffers(recurse=True) -> Iterator[Tensor]

Iterates over the module's buffers: registered tensors that are state but not parameters
(BatchNorm's running statistics, for example).

Args:
    recurse (bool): include the buffers of all submodules (default True).

Returns:
    Iterator[Tensor]: the buffers.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> [tuple(b.shape) for b in bn.buffers()]
    [(2,), (2,), ()]
""")


add_docstr(Module.named_buffers, r"""
named_buffers(prefix='', recurse=True, remove_duplicate=True) -> Iterator[Tuple[str, Tensor]]

Iterates over ``(name, buffer)`` pairs, with dotted names such as ``'1.running_mean'`` for
buffers of submodules.

Args:
    prefix (str): prepended to every name.
    recurse (bool): include submodules (default True).
    remove_duplicate (bool): yield a buffer shared by several submodules only once (default
        True).

Returns:
    Iterator[Tuple[str, Tensor]]: the names and buffers.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    >>> [name for name, _ in net.named_buffers()]
    ['1.running_mean', '1.running_var', '1.num_batches_tracked']
""")


add_docstr(Module.named_children, r"""named_children() -> Iterator[Tuple[str, Module]]

Iterates over the immediate children as ``(name, module)`` pairs (not grandchildren; see
``named_modules``).

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    Iterator[Tuple[str, Module]]: the names and children.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> [(name, type(m).__name__) for name, m in net.named_children()]
    [('0', 'Linear'), ('1', 'ReLU'), ('2', 'Linear')]
""")


add_docstr(Module.named_modules, r"""
named_modules(memo=None, prefix='', remove_duplicate=True) -> Iterator[Tuple[str, Module]]

Iterates over ALL modules in the tree, this one first (with name ``''``), as
``(dotted name, module)`` pairs in depth-first order.

Args:
    memo (set, optional): modules already seen, to skip.
    prefix (str): prepended to every name.
    remove_duplicate (bool): yield a module that appears several times only once (default True).

Returns:
    Iterator[Tuple[str, Module]]: the names and modules.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
    >>> [(name, type(m).__name__) for name, m in net.named_modules()]
    [('', 'Sequential'), ('0', 'Linear'), ('1', 'Sequential'), ('1.0', 'ReLU')]
""")


add_docstr(Module.get_submodule, r"""get_submodule(target) -> Module

Returns the submodule at the dotted path ``target`` (``''`` is this module).

Raises AttributeError naming the missing part when the path does not lead to a module.

Args:
    target (str): a dotted path such as ``'encoder.0'``.

Returns:
    Module: the submodule.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU(), nn.Linear(2, 1)))
    >>> net.get_submodule('1.1')
    Linear(in_features=2, out_features=1, bias=True)
""")


add_docstr(Module.set_submodule, r"""set_submodule(target, module, strict=False) -> None

Replaces (or, unless ``strict``, adds) the submodule at the dotted path ``target``.

The parent along the path must exist. Handy for swapping layers, e.g. replacing activations.

Args:
    target (str): a dotted path such as ``'1.0'``.
    module (Module): the new submodule.
    strict (bool): require that the submodule already exists (default False).

Returns:
    None.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> net.set_submodule('1', nn.Tanh())
    >>> net
    Sequential(
      (0): Linear(in_features=2, out_features=3, bias=True)
      (1): Tanh()
      (2): Linear(in_features=3, out_features=1, bias=True)
    )
""")


add_docstr(Module.get_parameter, r"""get_parameter(target) -> Parameter

Returns the parameter at the dotted path ``target``, such as ``'0.weight'``.

Raises AttributeError when there is no such parameter.

Args:
    target (str): the dotted path.

Returns:
    Parameter: the parameter.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    >>> net.get_parameter('2.bias').shape
    ember.Size([1])
""")


add_docstr(Module.get_buffer, r"""get_buffer(target) -> Tensor

Returns the buffer at the dotted path ``target``, such as ``'1.running_mean'``.

Raises AttributeError when there is no such buffer.

Args:
    target (str): the dotted path.

Returns:
    Tensor: the buffer.

Example::

    >>> net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    >>> net.get_buffer('1.running_var')
    tensor([1., 1.])
""")


add_docstr(Module.get_extra_state, r"""get_extra_state() -> object

Override it to return extra (non-tensor) state that ``state_dict()`` should save under the key
``'_extra_state'``.

The base class saves nothing: ``state_dict()`` calls it only when a subclass overrides it, and
then ``set_extra_state`` receives the value on ``load_state_dict``. Keep the value picklable
(and, for ``weights_only`` loading, plain containers of numbers and strings).

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    object: the extra state.

Example::

    >>> class Counter(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.calls = 0
    ...     def get_extra_state(self):
    ...         return {'calls': self.calls}
    ...     def set_extra_state(self, state):
    ...         self.calls = state['calls']
    >>> c = Counter()
    >>> c.calls = 5
    >>> c.get_extra_state()
    {'calls': 5}
""")


add_docstr(Module.set_extra_state, r"""set_extra_state(state) -> None

Override it to restore the extra state that ``get_extra_state`` saved; ``load_state_dict`` calls
it with the value stored under ``'_extra_state'``.

The base class raises RuntimeError when called, since it never saves extra state.

Args:
    state (object): the value ``get_extra_state`` returned.

Returns:
    None.

Example::

    >>> class Counter(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.calls = 0
    ...     def get_extra_state(self):
    ...         return {'calls': self.calls}
    ...     def set_extra_state(self, state):
    ...         self.calls = state['calls']
    >>> c = Counter()
    >>> c.set_extra_state({'calls': 7})
    >>> c.calls
    7
""")


add_docstr(Module.extra_repr, r"""extra_repr() -> str

Override it to return the text shown inside the module's parentheses in its repr (its
hyperparameters, typically).

The base class returns ``''``; built-in layers return e.g.
``'in_features=2, out_features=3, bias=True'``.

Args:
    self (Module): the module; the method takes no other argument.

Returns:
    str: the extra representation.

Example::

    >>> nn.Linear(2, 3).extra_repr()
    'in_features=2, out_features=3, bias=True'
    >>> class Scale(nn.Module):
    ...     def __init__(self, s):
    ...         super().__init__()
    ...         self.s = s
    ...     def extra_repr(self):
    ...         return f's={self.s}'
    >>> Scale(0.5)
    Scale(s=0.5)
""")


add_docstr(Module.forward, r"""forward(*args, **kwargs) -> Any

Defines what the module computes; every subclass overrides it.

Call the module itself (``module(x)``) rather than ``module.forward(x)``: the call also runs the
registered forward and backward hooks. The base class raises NotImplementedError.

Args:
    *args (Any): the inputs, as the subclass defines them.
    **kwargs (Any): keyword inputs, likewise.

Returns:
    Any: whatever the subclass computes.

Example::

    >>> class Affine(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.w = nn.Parameter(ember.tensor(2.))
    ...     def forward(self, x):
    ...         return self.w * x + 1
    >>> Affine()(ember.tensor([1., 2.]))
    tensor([3., 5.], grad_fn=<AddBackward0>)
""")


add_docstr(Module.register_forward_pre_hook, r"""
register_forward_pre_hook(hook, *, prepend=False, with_kwargs=False) -> RemovableHandle

Registers ``hook(module, args)`` to run before every ``forward`` call.

``args`` is the tuple of positional inputs; if the hook returns something other than None, that
replaces the inputs (a single value is wrapped in a tuple). With ``with_kwargs=True`` the hook
is ``hook(module, args, kwargs)`` and may return a new ``(args, kwargs)``.

Args:
    hook (Callable): the function to call.

Keyword args:
    prepend (bool): run before the hooks already registered (default False: after).
    with_kwargs (bool): also pass the keyword inputs (default False).

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> lin = nn.Linear(1, 1)
    >>> h = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    >>> lin(ember.tensor([[5.]])) == lin.bias
    tensor([[True]])
    >>> h.remove()
""")


add_docstr(Module.register_forward_hook, r"""
register_forward_hook(hook, *, prepend=False, with_kwargs=False, always_call=False)

Registers ``hook(module, args, output)`` to run after every ``forward`` call.

If the hook returns something other than None, that replaces the output. A common use is
recording activations.

Args:
    hook (Callable): the function to call.

Keyword args:
    prepend (bool): run before the hooks already registered (default False).
    with_kwargs (bool): call ``hook(module, args, kwargs, output)`` instead.
    always_call (bool): run the hook even if ``forward`` raises.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> relu = nn.ReLU()
    >>> seen = []
    >>> h = relu.register_forward_hook(lambda m, args, out: seen.append(out))
    >>> _ = relu(ember.tensor([-1., 2.]))
    >>> seen
    [tensor([0., 2.])]
    >>> h.remove()
""")


add_docstr(Module.register_full_backward_pre_hook, r"""
register_full_backward_pre_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(module, grad_output)`` to run during backward when the gradients with respect
to the module's outputs have been computed, before those with respect to its inputs.

``grad_output`` is a tuple; returning a tuple replaces it.

Args:
    hook (Callable): the function to call.
    prepend (bool): run before the hooks already registered (default False).

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> h = lin.register_full_backward_pre_hook(lambda m, g_out: print(g_out))
    >>> lin(ember.ones(1, 2)).sum().backward()
    (tensor([[1.]]),)
    >>> h.remove()
""")


add_docstr(Module.register_full_backward_hook, r"""
register_full_backward_hook(hook, prepend=False) -> RemovableHandle

Registers ``hook(module, grad_input, grad_output)`` to run during backward once the gradients
with respect to the module's inputs are known.

Both arguments are tuples (None for inputs that need no gradient); returning a tuple replaces
``grad_input``. The module's inputs must be passed positionally as tensors.

Args:
    hook (Callable): the function to call.
    prepend (bool): run before the hooks already registered (default False).

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> lin = nn.Linear(2, 1)
    >>> x = ember.ones(1, 2, requires_grad=True)
    >>> show = lambda m, g_in, g_out: print(g_in[0].shape, g_out[0].shape)
    >>> h = lin.register_full_backward_hook(show)
    >>> lin(x).sum().backward()
    ember.Size([1, 2]) ember.Size([1, 1])
    >>> h.remove()
""")


add_docstr(Module.register_backward_hook, r"""register_backward_hook(hook) -> RemovableHandle

Deprecated form of ``register_full_backward_hook``: ``hook(module, grad_input, grad_output)``
attached to the LAST operation of the forward only, so ``grad_input`` is that operation's, not
the module's, when forward has several.

Use ``register_full_backward_hook`` in new code.

Args:
    hook (Callable): the function to call.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> relu = nn.ReLU()
    >>> x = ember.tensor([-1., 2.], requires_grad=True)
    >>> h = relu.register_backward_hook(lambda m, g_in, g_out: print(g_in))
    >>> relu(x).sum().backward()
    (tensor([0., 1.]),)
    >>> h.remove()
""")
