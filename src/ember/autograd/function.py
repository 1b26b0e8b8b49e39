"""Custom differentiable functions: ``class MyOp(Function)`` with static forward/backward.

A custom Function builds the same kind of Node as a built-in op: ``apply`` runs ``forward``
without recording, then attaches one Node (named ``<Class>Backward``) whose derivative is the
user's ``backward``. The context object *is* that Node.
"""
from __future__ import annotations

import functools

from .._deprecated import _user_stacklevel
from . import grad_mode
from .graph import Node, gradient_edge


def _check_saveable(tensors):
    """A user's ctx saves tensors (or None) only, as PyTorch's does."""
    from .._tensor import Tensor
    for i, t in enumerate(tensors):
        if t is not None and not isinstance(t, Tensor):
            raise TypeError(f"save_for_backward can only save variables, but argument {i} is of "
                            f"type {type(t).__name__}")


def _expandable(shape, target):
    """True when a tensor of ``shape`` expands to ``target`` (so a gradient of ``target`` sums
    back to it)."""
    if len(shape) > len(target):
        return False
    return all(n == m or n == 1 for n, m in zip(reversed(shape), reversed(target)))


class FunctionCtx:
    """What ``forward`` uses to pass information to ``backward``."""

    def save_for_backward(self, *tensors):
        _check_saveable(tensors)
        Node.save_for_backward(self, *tensors)

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        from .._tensor import Tensor
        for t in tensors:
            if not isinstance(t, Tensor):
                # (torch's text ends there, with no type named)
                raise RuntimeError("mark_non_differentiable only accepts variable arguments, "
                                   "but got ")
        self._non_differentiable = tensors

    def save_for_forward(self, *tensors):
        """Keep tensors for ``jvp``, where ``ctx.saved_tensors`` gives them."""
        _check_saveable(tensors)
        self._saved_for_forward = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class BackwardCFunction(Node, FunctionCtx):
    """The Node of one call of a custom Function; it is also the ``ctx`` given to the user."""

    _forward_cls = None
    _tensor_inputs = None  # which forward arguments were tensors (set by apply)

    def __init__(self):
        Node.__init__(self)
        self.materialize_grads = True
        self._dirty = ()
        self._non_differentiable = ()
        self.to_save = ()

    def save_for_backward(self, *tensors):
        _check_saveable(tensors)
        Node.save_for_backward(self, *tensors)

    def backward(self, *grads):
        cls = self._forward_cls
        result = cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        n = len(self.next_functions)
        if len(result) < n:
            raise RuntimeError(f"function {type(self).__name__} returned an incorrect number of "
                               f"gradients (expected {n}, got {len(result)})")
        if len(result) > n:
            extra = result[n:]
            if any(g is not None for g in extra):
                raise RuntimeError(f"function {type(self).__name__} returned an incorrect number "
                                   f"of gradients (expected {n}, got {len(result)})")
            result = result[:n]
        from .._tensor import Tensor
        out = []
        kinds = self._tensor_inputs or (True,) * len(result)
        for g, meta, is_tensor in zip(result, self._input_meta, kinds):
            if g is None:
                out.append(None)
                continue
            if not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
            if not is_tensor:
                raise RuntimeError(f"function {type(self).__name__} returned a gradient "
                                   f"different than None at position {len(out) + 1}, but the "
                                   "corresponding forward input was not a Variable")
            if meta is None:  # a tensor input that needs no gradient: it is dropped
                out.append(None)
                continue
            if g._data.shape != meta[0]:
                if not _expandable(meta[0], g._data.shape):
                    raise RuntimeError(
                        f"Function {type(self).__name__} returned an invalid gradient at index "
                        f"{len(out)} - got {list(g.shape)} but expected shape compatible with "
                        f"{list(meta[0])}")
                from ..ops._registry import sum_to
                g = sum_to(g, meta[0], type(self).__name__)
            if g._dtype.category == 3 and meta[1].category != 3:
                raise RuntimeError("Expected isFloatingType(grad.scalar_type()) || "
                                   "(input_is_complex == grad_is_complex) to be true, but got "
                                   "false.  (Could this error message be improved?  If so, "
                                   "please report an enhancement request to PyTorch.)")
            if g._dtype is not meta[1]:
                g = g.to(meta[1])   # the engine gives each input a gradient of its own dtype
            if g._device.type != meta[2].type:
                raise RuntimeError(
                    f"Function {type(self).__name__} returned an invalid gradient at index "
                    f"{len(out)} - expected device {meta[2]} but got {g._device}")
            out.append(g)
        return out

    def __repr__(self):
        return f"<ember.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})
        backward_cls.__module__ = "ember.autograd.function"
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(metaclass=_FunctionMeta):
    """Base class of user-defined differentiable operations.

    Define ``forward(ctx, *args)`` (or ``forward(*args)`` plus ``setup_context(ctx, inputs,
    output)``) and ``backward(ctx, *grad_outputs)``, both static; call the operation with
    ``MyOp.apply(*args)``. ``ctx.save_for_backward(*tensors)`` keeps tensors for backward
    (``ctx.saved_tensors``); backward returns one gradient per forward argument (None for
    arguments that need none). Built-in ops use the same graph node, so custom ones mix freely.

    Example:
        >>> class Cube(ember.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad):
        ...         (x,) = ctx.saved_tensors
        ...         return grad * 3 * x ** 2
        >>> x = ember.tensor(2.0, requires_grad=True)
        >>> y = Cube.apply(x)
        >>> y.backward()
        >>> y, x.grad
        (tensor(8., grad_fn=<CubeBackward>), tensor(12.))
    """

    def __init__(self, *args, **kwargs):
        import warnings
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions "
                      "are all static, so you should invoke them on the class itself. "
                      "Instantiating an autograd function will raise an error in a future "
                      "version of PyTorch.", DeprecationWarning, stacklevel=_user_stacklevel())

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           "deprecated. Please use new-style autograd function with static "
                           "forward method. (Example: https://pytorch.org/docs/stable/"
                           "autograd.html#torch.autograd.Function)")

    # True: vmap runs each sample through forward (as it does for a Function with a vmap
    # staticmethod whose batched argument is not a mapped input itself; torch asks for this
    # flag, or for a vmap staticmethod, before a Function may be vmapped).
    generate_vmap_rule = False

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd."
                                  "Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd."
                                  "Function to use it with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor
        from . import forward_ad
        from .. import func as _func
        if _func._VMAP_DEPTH[0]:
            _func._batched.refuse(cls.__name__)  # the per-sample loop runs its vmap rule
            _check_vmappable(cls)
            if not getattr(cls, "generate_vmap_rule", False) and _func._WATCHES:
                output = _func._WATCHES[-1].apply_rule(cls, args, kwargs)
                if output is not None:
                    return output
        ctx = cls._backward_cls()
        tensor_args = [a for a in args if isinstance(a, Tensor)]
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        uses_setup = cls.setup_context is not Function.setup_context
        # Inside a dual level, forward runs on the primals and the user's jvp alone gives the
        # outputs' tangents, as in torch.
        level = forward_ad._state.level
        tangents = [forward_ad._tangent(a) if isinstance(a, Tensor) else None for a in args] \
            if level is not None else []
        if not any(t is not None for t in tangents):
            tangents = None
        forward_ad._state.level = None if tangents is not None else level
        try:
            with grad_mode.no_grad():
                output = cls.forward(*args, **kwargs) if uses_setup else \
                    cls.forward(ctx, *args, **kwargs)
            if uses_setup:
                cls.setup_context(ctx, args, output)
            if tangents is not None:
                _push_jvp(cls, ctx, tangents, output)
        finally:
            forward_ad._state.level = level
        del tensor_args
        is_tuple = isinstance(output, tuple)
        outputs = output if is_tuple else (output,)
        if ctx._dirty:
            returned = {id(o) for o in outputs}
            if not all(id(t) in returned for t in ctx._dirty):
                raise RuntimeError("Some elements marked as dirty during the forward method were "
                                   "not returned as output. The inputs that are modified inplace "
                                   "must all be outputs of the Function.")
            # As in torch, a tensor marked dirty counts one more modification once the
            # Function has run, besides those its in-place ops made.
            for t in ctx._dirty:
                t._vc[0] += 1
        if not (grad_mode.is_grad_enabled() and any(ctx.needs_input_grad)):
            if tangents is not None or not any(isinstance(o, Tensor) and any(o is a for a in args)
                                               for o in outputs):
                return output
            # an input returned as an output comes back as a new tensor on the same data and
            # version counter, which needs no gradient (torch's, under no_grad too)
            aliases = tuple(_alias(o) if isinstance(o, Tensor) and any(o is a for a in args)
                            else o for o in outputs)
            return aliases if is_tuple else aliases[0]
        ctx.next_functions = tuple(gradient_edge(a) if isinstance(a, Tensor) and n
                                   else (None, 0) for a, n in zip(args, ctx.needs_input_grad))
        ctx._input_meta = tuple((a._data.shape, a._dtype, a._device)
                                if isinstance(a, Tensor) and n else None
                                for a, n in zip(args, ctx.needs_input_grad))
        ctx._tensor_inputs = tuple(isinstance(a, Tensor) for a in args)
        dirty = {id(t) for t in ctx._dirty}
        non_diff = {id(t) for t in ctx._non_differentiable}
        wrapped = []
        metas = []
        for i, o in enumerate(outputs):
            if not isinstance(o, Tensor):
                wrapped.append(o)
                metas.append(None)
                continue
            if id(o) in dirty:
                if o.grad_fn is None and o._requires_grad and o._base is None:
                    # the forward already wrote into it: torch's message says so
                    raise RuntimeError("a leaf Variable that requires grad has been used in an "
                                       "in-place operation.")
                from ..ops._registry import check_inplace
                check_inplace(o)
            elif any(o is a for a in args):
                o = _alias(o)
                o._custom_view = f"Output {i} of {cls.__name__}"
            if id(outputs[i]) in non_diff or o._dtype.category < 2:
                # No gradient flows into it, but backward still receives zeros for it.
                wrapped.append(o)
                metas.append((o._data.shape, o._dtype, o._device))
                continue
            o.grad_fn, o._output_nr, o._requires_grad = ctx, i, True
            wrapped.append(o)
            metas.append((o._data.shape, o._dtype, o._device))
        ctx._num_outputs = len(outputs)
        ctx._output_meta = tuple(metas)
        if ctx.to_save:
            ctx.save_for_backward(*ctx.to_save)
        return tuple(wrapped) if is_tuple else wrapped[0]


def _alias(tensor):
    """A tensor on ``tensor``'s array and version counter, with no autograd history."""
    from .._tensor import Tensor
    alias = Tensor._make(tensor._data)
    alias._vc = tensor._vc
    return alias


def _check_vmappable(cls):
    """torch's refusal of a Function under vmap: it needs a separate setup_context, and a vmap
    staticmethod or generate_vmap_rule=True."""
    if cls.setup_context is Function.setup_context:
        raise RuntimeError("In order to use an autograd.Function with functorch transforms "
                           "(vmap, grad, jvp, jacrev, ...), it must override the setup_context "
                           "staticmethod. For more details, please see "
                           "https://pytorch.org/docs/main/notes/extending.func.html")
    if not getattr(cls, "generate_vmap_rule", False) and not any(
            "vmap" in vars(klass) for klass in cls.__mro__ if klass is not Function):
        raise RuntimeError(f"You tried to vmap over {cls.__name__}, but it does not have vmap "
                           "support. Please override and implement the vmap staticmethod or set "
                           "generate_vmap_rule=True. For more details, please see "
                           "https://pytorch.org/docs/main/notes/extending.func.html")


def _push_jvp(cls, ctx, tangents, output):
    """Attach ``cls.jvp(ctx, *tangents)`` to the outputs as their tangents; ``ctx.saved_tensors``
    gives what ``save_for_forward`` kept while it runs."""
    from .._tensor import Tensor
    from . import forward_ad
    saved = ctx._saved
    ctx._saved = tuple(getattr(ctx, "_saved_for_forward", ()))
    try:
        result = cls.jvp(ctx, *tangents)
    finally:
        ctx._saved = saved
    outputs = output if isinstance(output, tuple) else (output,)
    results = result if isinstance(result, tuple) else (result,)
    for out, tangent in zip(outputs, results):
        if isinstance(out, Tensor) and isinstance(tangent, Tensor):
            forward_ad._attach(out, tangent)


_TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


@functools.cache
def _error_node():
    """The Node that stands for a derivative that was never recorded: it raises when reached."""
    from ..ops._registry import grad_fn

    @grad_fn("Error")
    def Error(ctx, grad):
        raise RuntimeError(_TWICE)
    Error.name = lambda self: "ember::autograd::Error"
    return Error


def once_differentiable(fn):
    """Mark a backward as not differentiable: it runs without recording a graph.

    When the backward is itself being recorded (``create_graph=True`` with gradients that
    require grad), each gradient it returns hangs from an ``Error`` node, so that
    differentiating it again raises instead of giving a silently wrong (zero) answer.
    """
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            outputs = fn(ctx, *args)
        from .._tensor import Tensor
        if not grad_mode.is_grad_enabled() or not any(
                isinstance(arg, Tensor) and arg.requires_grad for arg in args):
            return outputs
        from ..ops._registry import record
        single = not isinstance(outputs, tuple)
        wrapped = tuple(
            record(out.detach(), _error_node(), (out.detach().requires_grad_(),))
            if isinstance(out, Tensor) and out.is_floating_point() | out.is_complex() else out
            for out in ((outputs,) if single else outputs))
        return wrapped[0] if single else wrapped
    wrapper._once_differentiable = True
    return wrapper


class InplaceFunction(Function):
    pass


class NestedIOFunction(Function):
    pass
