"""vmap by batching each op: one call over the whole batch instead of one per sample.

Inside a batched vmap the function sees *stand-ins*: plain tensors of one sample's shape with
no data (a meta array: reading values raises) that a ``TorchFunctionMode`` maps to their *physical*
tensor, the whole batch with its batch dim first. Every call that touches a stand-in reaches
the mode, which runs the op's batching rule: the same op once on the physical tensors (dims
shifted past the batch dim, unbatched operands lined up against it) and a stand-in for the
result. The autograd graph is recorded on the physical tensors, so ``grad``/``jacrev`` inside
the vmap differentiate every sample at once (see ``func._grad_or_zeros``).

A call without a rule, or anything whose per-sample meaning the rules do not cover (random
draws, in-place writes, reading values, custom Functions), raises ``Unbatchable`` before it
runs; ``func.vmap`` then runs the function once per sample as before, which gives torch's
errors and the remaining semantics. Only the outermost vmap batches: a vmap inside it runs
its loop over the outer batch's stand-ins.
"""
from __future__ import annotations

import threading
import weakref

from ._tensor import Tensor


class Unbatchable(Exception):
    """A call the batched run has no rule for: the vmap runs sample by sample instead."""


class _State(threading.local):
    mode = None  # the running batched vmap's mode (at most one: the outermost vmap)


_state = _State()


def active():
    """The running batched vmap's mode, or None."""
    return _state.mode


def refuse(what):
    """Leave a running batched vmap for its per-sample loop: ``what`` has no batching rule
    (forward-mode AD, custom Functions)."""
    if _state.mode is not None:
        raise Unbatchable(what)


def refuse_stand_ins(*values):
    """Leave a running batched vmap for its per-sample loop when ``values`` (tensors, or
    tuples/lists of them) hold a stand-in: autograd's entry points read a stand-in's graph and
    values directly, which are the physical tensor's graph and one sample's values."""
    mode = _state.mode
    if mode is not None and mode._touches(values):
        raise Unbatchable("autograd of stand-ins")


class BatchingMode:
    """One batched vmap call: the stand-ins it made and their physical tensors."""

    def __init__(self, size):
        self.size = size
        self.table = {}  # id(stand-in) -> (weak reference to it, physical tensor)

    # -- stand-ins --------------------------------------------------------------------------
    def wrap(self, physical):
        """A stand-in for ``physical`` (its batch dim first): one sample's shape, dtype,
        device and strides over no data (code that reads values without dispatching raises,
        and the vmap runs per sample), with the physical tensor's autograd metadata so that
        transforms read it as they would."""
        from ._backend_meta import MetaArray
        array = physical._data
        data = MetaArray(array.shape[1:], array.dtype, array.strides[1:])
        stand_in = Tensor._wrap(data, physical._dtype, physical._device)
        stand_in._requires_grad = physical._requires_grad
        stand_in.grad_fn = physical.grad_fn
        stand_in._output_nr = physical._output_nr
        key, table = id(stand_in), self.table
        table[key] = (weakref.ref(stand_in, lambda _, key=key: table.pop(key, None)), physical)
        return stand_in

    def physical(self, t):
        """The physical tensor of stand-in ``t``, or None for a tensor outside the batch."""
        entry = self.table.get(id(t))
        if entry is not None and entry[0]() is t:
            return entry[1]
        return None

    def holds(self, t):
        return isinstance(t, Tensor) and self.physical(t) is not None

    def lift(self, t):
        """``t``'s physical tensor, an unbatched tensor expanded along a new batch dim."""
        p = self.physical(t)
        if p is not None:
            return p
        return t.unsqueeze(0).expand(self.size, *t.shape)

    # -- the mode ---------------------------------------------------------------------------
    def __enter__(self):
        from . import _random, _subclass
        _subclass.push_mode(self, for_good=False)
        _state.mode = self
        _random.VMAP.aborts += 1
        return self

    def __exit__(self, *exc):
        from . import _random, _subclass
        _random.VMAP.aborts -= 1
        _state.mode = None
        _subclass.pop_mode(self)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = _op_name(func)
        if not (self._touches(args) or self._touches(kwargs.values())):
            if _writes(name):
                raise Unbatchable(name)  # it would run twice if the loop takes over
            return func(*args, **kwargs)
        if name in _READS_METADATA:
            return func(*args, **kwargs)
        rule = _RULES.get(name)
        if rule is None:
            raise Unbatchable(name)
        try:
            return rule(self, func, args, kwargs)
        except Unbatchable:
            raise
        except Exception as error:  # the loop raises it with one sample's shapes, as torch
            raise Unbatchable(name) from error

    def _touches(self, values):
        for value in values:
            if isinstance(value, Tensor):
                if self.physical(value) is not None:
                    return True
            elif isinstance(value, (tuple, list)) and self._touches(value):
                return True
        return False


def _op_name(func):
    """The name of the method, function or property ``func`` (a setter's as "set:<name>")."""
    name = getattr(func, "__name__", "")
    if name in ("__get__", "__set__"):
        prop = getattr(func, "__self__", None)
        if not _PROPERTIES:
            _PROPERTIES.update((id(value), key) for key, value in vars(Tensor).items()
                               if isinstance(value, property))
            from ._subclass import _tensor_originals
            _PROPERTIES.update((id(value), key) for key, value in _tensor_originals().items()
                               if isinstance(value, property))
        name = ("" if name == "__get__" else "set:") + _PROPERTIES.get(id(prop), "?")
    return name


_PROPERTIES = {}  # id(a property of Tensor) -> its name


def _writes(name):
    return (name.endswith("_") and not name.startswith("_") and name != "requires_grad_") \
        or name.startswith("__i") and name not in ("__index__", "__init__", "__iter__") \
        or name in ("__setitem__",) or name.startswith("set:")


# What a stand-in answers itself: its logical shape, dtype, device and autograd flags (never
# its values, which are one sample's).
_READS_METADATA = {
    "size", "dim", "ndimension", "numel", "nelement", "shape", "ndim", "dtype", "device",
    "is_floating_point", "is_complex", "is_signed", "requires_grad", "is_leaf", "is_cuda",
    "is_cpu", "is_meta", "layout", "element_size", "__len__", "new_zeros", "new_ones",
    "new_empty", "new_full", "get_device", "is_sparse", "is_quantized", "is_nested",
    "_version", "output_nr", "grad_fn", "names", "__hash__",
}


def _dim(dim, ndim):
    """``dim`` wrapped against a logical rank ``ndim`` and moved past the batch dim."""
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise Unbatchable("dim")
    size = max(ndim, 1)
    if not -size <= dim < size:
        raise Unbatchable("dim")  # the loop raises torch's IndexError
    return dim % size + 1


def _padded(mode, t, ndim):
    """The physical tensor of ``t`` for broadcasting against logical rank ``ndim``: a
    stand-in's batch dim first, then ones up to ``ndim`` dims; an unbatched tensor as it is."""
    p = mode.physical(t)
    if p is None:
        return t
    missing = ndim - t.ndim
    if missing > 0:
        p = p.reshape((p.shape[0],) + (1,) * missing + tuple(p.shape[1:]))
    return p


def _elementwise(mode, func, args, kwargs):
    """Pointwise ops: every tensor operand lined up against the batch dim."""
    if kwargs.get("out") is not None or kwargs.get("inplace") or any(
            a is True for a in args[1:]) or _op_name(func) == "where" and len(args) < 3:
        raise Unbatchable("out")  # (a positional True is an activation's inplace flag)
    tensors = [a for a in list(args) + list(kwargs.values()) if isinstance(a, Tensor)]
    if any(isinstance(a, (tuple, list)) for a in args):
        raise Unbatchable("sequence operand")
    ndim = max(t.ndim for t in tensors)
    if len({t.dtype for t in tensors}) > 1 and any(
            t.ndim == 0 and mode.holds(t) for t in tensors):
        _check_promotion(mode, tensors, ndim)
    phys_args = [_padded(mode, a, ndim) if isinstance(a, Tensor) else a for a in args]
    phys_kwargs = {k: _padded(mode, v, ndim) if isinstance(v, Tensor) else v
                   for k, v in kwargs.items()}
    return mode.wrap(func(*phys_args, **phys_kwargs))


def _check_promotion(mode, tensors, ndim):
    """A batched 0-dim operand has a dim physically, which may change type promotion (a
    0-dim tensor's dtype counts for less): the batched op must promote as the logical one."""
    from . import result_type
    if len(tensors) != 2 or result_type(*tensors) != result_type(
            *(_padded(mode, t, ndim) for t in tensors)):
        raise Unbatchable("0-dim promotion")


def _same(mode, func, args, kwargs):
    """Ops that act on every element alike and take no dims (detach, clone, casts)."""
    if any(isinstance(a, Tensor) for a in list(args[1:]) + list(kwargs.values())):
        raise Unbatchable("tensor argument")
    return mode.wrap(func(mode.physical(args[0]), *args[1:], **kwargs))


def _requires_grad_(mode, func, args, kwargs):
    t = args[0]
    flag = args[1] if len(args) > 1 else kwargs.get("requires_grad", True)
    p = mode.physical(t)
    p.requires_grad_(flag)
    t._requires_grad = p._requires_grad
    return t


def _reduction(mode, func, args, kwargs):
    """Reductions over ``dim`` (None: every logical dim), per sample."""
    x, rest = args[0], list(args[1:])
    kwargs = dict(kwargs)
    if "dim" in kwargs:
        dim = kwargs.pop("dim")
    elif rest and not isinstance(rest[0], bool):
        dim = rest.pop(0)
    else:
        dim = None
    if kwargs.get("out") is not None or any(isinstance(a, Tensor) for a in rest) or (
            _op_name(func) in ("var", "std") and rest):
        raise Unbatchable("reduction arguments")
    p = mode.physical(x)
    ndim = x.ndim
    if ndim == 0:
        if dim is not None and dim not in (0, -1, (0,), (-1,), [0], [-1]):
            raise Unbatchable("dim")
        p, dims = p.unsqueeze(1), (1,)
        if rest:
            rest[0] = False
        kwargs["keepdim"] = False
    elif dim is None:
        dims = tuple(range(1, ndim + 1))
    elif isinstance(dim, (tuple, list)):
        if not dim:
            raise Unbatchable("dim")
        dims = tuple(_dim(d, ndim) for d in dim)
    else:
        dims = _dim(dim, ndim)
    return mode.wrap(func(p, dims, *rest, **kwargs))


def _single_dim(mode, func, args, kwargs):
    """Ops over one required ``dim`` (softmax, log_softmax, cumsum, logsumexp)."""
    x, rest = args[0], list(args[1:])
    kwargs = dict(kwargs)
    dim = kwargs.pop("dim") if "dim" in kwargs else (rest.pop(0) if rest else None)
    if dim is None or x.ndim == 0 or any(isinstance(a, Tensor) for a in rest):
        raise Unbatchable("dim")
    if isinstance(dim, (tuple, list)):
        dim = tuple(_dim(d, x.ndim) for d in dim)
    else:
        dim = _dim(dim, x.ndim)
    return mode.wrap(func(mode.physical(x), dim, *rest, **kwargs))


def _sizes(args):
    """The sizes of a view/reshape/expand call: ints, or one tuple/list/Size of them."""
    sizes = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        raise Unbatchable("sizes")
    return tuple(sizes)


def _reshape(mode, func, args, kwargs):
    if kwargs:
        shape = kwargs.get("shape", kwargs.get("size"))
        if shape is None or len(kwargs) != 1:
            raise Unbatchable("reshape")
        sizes = _sizes((shape,))
    else:
        sizes = _sizes(args[1:])
    p = mode.physical(args[0])
    return mode.wrap(func(p, (p.shape[0],) + sizes))


def _view_as(mode, func, args, kwargs):
    other = args[1] if len(args) > 1 else kwargs.get("other")
    if not isinstance(other, Tensor) or kwargs and "other" not in kwargs:
        raise Unbatchable("view_as")
    p = mode.physical(args[0])
    name = "view" if _op_name(func) == "view_as" else "reshape"
    return mode.wrap(getattr(p, name)((p.shape[0],) + tuple(other.shape)))


def _flatten(mode, func, args, kwargs):
    x = args[0]
    start = args[1] if len(args) > 1 else kwargs.get("start_dim", 0)
    end = args[2] if len(args) > 2 else kwargs.get("end_dim", -1)
    if len(args) > 3 or set(kwargs) - {"start_dim", "end_dim"}:
        raise Unbatchable("flatten")
    p = mode.physical(x)
    if x.ndim == 0:
        return mode.wrap(p.reshape(p.shape[0], 1))
    return mode.wrap(p.flatten(_dim(start, x.ndim), _dim(end, x.ndim)))


def _unsqueeze(mode, func, args, kwargs):
    x = args[0]
    dim = args[1] if len(args) > 1 else kwargs.get("dim")
    return mode.wrap(mode.physical(x).unsqueeze(_dim(dim, x.ndim + 1)))


def _squeeze(mode, func, args, kwargs):
    x = args[0]
    dim = args[1] if len(args) > 1 else kwargs.get("dim")
    p = mode.physical(x)
    if dim is None:  # every size-1 dim: a view of the remaining shape
        return mode.wrap(p.reshape((p.shape[0],) + tuple(s for s in x.shape if s != 1)))
    if isinstance(dim, (tuple, list)):
        dims = tuple(_dim(d, x.ndim) for d in dim)
    else:
        dims = (_dim(dim, x.ndim),)
    if x.ndim == 0:
        return mode.wrap(p)
    return mode.wrap(p.squeeze(dims) if dims else p.view_as(p))


def _permute(mode, func, args, kwargs):
    x = args[0]
    dims = _sizes(args[1:]) if not kwargs else _sizes((kwargs["dims"],))
    if sorted(d % max(x.ndim, 1) for d in dims) != list(range(x.ndim)):
        raise Unbatchable("permute")
    return mode.wrap(mode.physical(x).permute(0, *(_dim(d, x.ndim) for d in dims)))


def _transpose(mode, func, args, kwargs):
    x = args[0]
    if kwargs or len(args) != 3:
        raise Unbatchable("transpose")
    p = mode.physical(x)
    if x.ndim == 0:
        return mode.wrap(p.view_as(p))
    return mode.wrap(p.transpose(_dim(args[1], x.ndim), _dim(args[2], x.ndim)))


def _t(mode, func, args, kwargs):
    x = args[0]
    if x.ndim > 2:
        raise Unbatchable("t")  # the loop raises torch's error
    p = mode.physical(x)
    return mode.wrap(p.transpose(1, 2) if x.ndim == 2 else p.view_as(p))


def _matrix_t(mode, func, args, kwargs):
    x = args[0]
    if x.ndim < 2:
        raise Unbatchable("mT")
    return mode.wrap(mode.physical(x).transpose(-2, -1))


def _matrix_transpose(mode, func, args, kwargs):
    """``.T`` of a matrix (other ranks warn or raise in the loop, as torch does)."""
    if args[0].ndim != 2:
        raise Unbatchable("T")
    return mode.wrap(mode.physical(args[0]).transpose(1, 2))


def _max_min(mode, func, args, kwargs):
    """max/min against another tensor (elementwise) or over a ``dim`` (values and indices)."""
    x, rest = args[0], list(args[1:])
    other = rest[0] if rest else kwargs.get("other")
    if isinstance(other, Tensor):
        return _elementwise(mode, func, args, kwargs)
    kwargs = dict(kwargs)
    dim = rest.pop(0) if rest else kwargs.pop("dim", None)
    if dim is None or x.ndim == 0 or kwargs.get("out") is not None or any(
            isinstance(a, Tensor) for a in rest):
        raise Unbatchable("max")
    result = func(mode.physical(x), _dim(dim, x.ndim), *rest, **kwargs)
    return type(result)(*(mode.wrap(part) for part in result))


def _arg_reduction(mode, func, args, kwargs):
    """argmax/argmin over ``dim``, or over every logical dim (indices into the flat sample)."""
    x, rest = args[0], list(args[1:])
    kwargs = dict(kwargs)
    dim = rest.pop(0) if rest else kwargs.pop("dim", None)
    p = mode.physical(x)
    if dim is None:
        if rest or kwargs.get("keepdim"):
            raise Unbatchable("argmax")
        return mode.wrap(func(p.reshape(p.shape[0], -1), 1))
    if x.ndim == 0:
        raise Unbatchable("argmax")
    return mode.wrap(func(p, _dim(dim, x.ndim), *rest, **kwargs))


def _einsum(mode, func, args, kwargs):
    """einsum with an explicit output: a new letter for the batch dim, ahead of the batched
    operands' subscripts and of the output's."""
    if kwargs or not args or not isinstance(args[0], str):
        raise Unbatchable("einsum")
    equation = args[0].replace(" ", "")
    operands = list(args[1][0] if len(args) == 2 and isinstance(args[1], (tuple, list))
                    else args[1:])
    if "->" not in equation or not all(isinstance(t, Tensor) for t in operands):
        raise Unbatchable("einsum")
    inputs, output = equation.split("->")
    subscripts = inputs.split(",")
    letter = next((c for c in "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA"
                   if c not in equation), None)
    if letter is None or len(subscripts) != len(operands):
        raise Unbatchable("einsum")
    physical = []
    for k, t in enumerate(operands):
        p = mode.physical(t)
        if p is not None:
            subscripts[k] = letter + subscripts[k]
            t = p
        physical.append(t)
    return mode.wrap(func(",".join(subscripts) + "->" + letter + output, *physical))


def _broadcast_tensors(mode, func, args, kwargs):
    """broadcast_tensors: each operand expanded to the samples' common shape (an unbatched one
    stays unbatched)."""
    tensors = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if kwargs or not all(isinstance(t, Tensor) for t in tensors):
        raise Unbatchable("broadcast_tensors")
    from . import broadcast_shapes
    shape = tuple(broadcast_shapes(*(t.shape for t in tensors)))
    results = []
    for t in tensors:
        p = mode.physical(t)
        results.append(t.expand(shape) if p is None else
                       mode.wrap(_padded(mode, t, len(shape)).expand(p.shape[0], *shape)))
    return tuple(results)


def _whole_batch(mode, func, args, kwargs):
    """_is_all_true/_is_any_true: torch answers for the whole batch (an unbatched result)."""
    if len(args) != 1 or kwargs:
        raise Unbatchable("_is_all_true")
    return func(mode.physical(args[0]))


def _expand(mode, func, args, kwargs):
    x = args[0]
    if kwargs:
        raise Unbatchable("expand")
    sizes = _sizes(args[1:])
    if len(sizes) < x.ndim:
        raise Unbatchable("expand")
    p = _padded(mode, x, len(sizes))
    return mode.wrap(p.expand(p.shape[0], *sizes))


def _expand_as(mode, func, args, kwargs):
    other = args[1]
    if not isinstance(other, Tensor) or kwargs:
        raise Unbatchable("expand_as")
    return _expand(mode, func, (args[0], *other.shape), {})


def _select(mode, func, args, kwargs):
    x = args[0]
    if kwargs or len(args) != 3 or x.ndim == 0:
        raise Unbatchable("select")
    return mode.wrap(mode.physical(x).select(_dim(args[1], x.ndim), args[2]))


def _getitem(mode, func, args, kwargs):
    """Basic indexing (ints, slices, None, Ellipsis), and unbatched integer index tensors
    that stay next to each other (then the indexed dims land where the batch dim stays first)."""
    x, index = args
    items = index if isinstance(index, tuple) else (index,)
    advanced = []
    for k, item in enumerate(items):
        if isinstance(item, Tensor):
            if mode.holds(item) or item.dtype.is_floating_point or item.dtype.is_complex or \
                    item.dtype.itemsize == 1:
                raise Unbatchable("index")  # batched or boolean indices: the loop's errors
            advanced.append(k)
        elif isinstance(item, (list, bool)) or not (
                item is None or item is Ellipsis or isinstance(item, (int, slice))):
            raise Unbatchable("index")
    if advanced and advanced != list(range(advanced[0], advanced[-1] + 1)):
        raise Unbatchable("index")
    return mode.wrap(mode.physical(x)[(slice(None),) + items])


def _cat(mode, func, args, kwargs, stacking=False):
    kwargs = dict(kwargs)
    tensors = args[0] if args else kwargs.pop("tensors")
    dim = args[1] if len(args) > 1 else kwargs.pop("dim", 0)
    if kwargs or not isinstance(tensors, (tuple, list)) or not tensors or not all(
            isinstance(t, Tensor) for t in tensors):
        raise Unbatchable("cat")
    ndim = tensors[0].ndim
    if any(t.ndim != ndim for t in tensors) or (not stacking and ndim == 0):
        raise Unbatchable("cat")  # the loop raises torch's errors (and cat's legacy 1-d case)
    physical = [mode.lift(t) for t in tensors]
    return mode.wrap(func(physical, _dim(dim, ndim + 1 if stacking else ndim)))


def _stack(mode, func, args, kwargs):
    return _cat(mode, func, args, kwargs, stacking=True)


def _matmul(mode, func, args, kwargs):
    """matmul/mm/bmm/mv/dot and ``@``: the batched operand's batch dim ahead of the matrix
    dims (vectors made matrices first), the unbatched one broadcast against it."""
    if kwargs or len(args) != 2:
        raise Unbatchable("matmul")
    return _batched_matmul(mode, _op_name(func), *args)


def _batched_matmul(mode, name, a, b):
    if not (isinstance(a, Tensor) and isinstance(b, Tensor)) or a.ndim == 0 or b.ndim == 0:
        raise Unbatchable("matmul")
    if name == "mm" and (a.ndim != 2 or b.ndim != 2) or name == "bmm" and (
            a.ndim != 3 or b.ndim != 3) or name == "mv" and (a.ndim != 2 or b.ndim != 1) or \
            name == "dot" and (a.ndim != 1 or b.ndim != 1) or a.dtype != b.dtype:
        raise Unbatchable("matmul")
    if a.shape[-1] != (b.shape[0] if b.ndim == 1 else b.shape[-2]):
        raise Unbatchable("matmul")  # the loop raises torch's error
    from . import matmul, mv
    # vectors become matrices (a row, a column), and those dims are dropped afterwards
    a_vector, b_vector = a.ndim == 1, b.ndim == 1
    rank = max(a.ndim + a_vector, b.ndim + b_vector)

    def physical(t, axis):
        p = mode.physical(t)
        if p is None:  # unbatched: broadcast against the batch dim as it is
            return t.unsqueeze(axis) if t.ndim == 1 else t
        if t.ndim == 1:
            p = p.unsqueeze(axis)
        return _pad_matrix(p, max(t.ndim, 2), rank)
    pa, pb = mode.physical(a), mode.physical(b)
    if a_vector and b_vector:  # a batch of dot products: one matrix-vector product
        return mode.wrap(mv(pa, b) if pb is None else mv(pb, a) if pa is None else
                         (pa * pb).sum(-1))
    if pa is None and b_vector and a.ndim == 2:  # one matrix times a batch of vectors
        return mode.wrap(matmul(a, pb.mT).permute(1, 0))
    out = matmul(physical(a, -2), physical(b, -1))
    if b_vector:
        out = out.squeeze(-1)
    if a_vector:
        out = out.squeeze(-1 if b_vector else -2)
    return mode.wrap(out)


def _pad_matrix(p, ndim, target):
    """A batched operand of logical rank ``ndim`` (>= 2) with ones after the batch dim up to
    rank ``target``, so that its matrix dims line up with the other operand's."""
    if target > ndim:
        p = p.reshape((p.shape[0],) + (1,) * (target - ndim) + tuple(p.shape[1:]))
    return p


def _linear(mode, func, args, kwargs):
    names = ("input", "weight", "bias")
    bound = dict(zip(names, args), **kwargs)
    if set(bound) - set(names) or len(args) > 3:
        raise Unbatchable("linear")
    x, w, b = bound["input"], bound["weight"], bound.get("bias")
    if not isinstance(w, Tensor) or w.ndim not in (1, 2) or x.ndim == 0 or (
            b is not None and (not isinstance(b, Tensor) or b.ndim > 1 or w.ndim == 1)):
        raise Unbatchable("linear")  # torch's rule for a vector weight and a bias: the loop
    if x.shape[-1] != w.shape[-1] or x.dtype != w.dtype or (
            b is not None and b.dtype != x.dtype):
        raise Unbatchable("linear")  # the loop raises torch's error
    from . import add, nn
    batched_bias = b is not None and mode.holds(b)
    if not mode.holds(w):
        # the common case, a batch of inputs through one layer: one linear call
        out = mode.wrap(nn.functional.linear(mode.lift(x), w, None if batched_bias else b))
    else:
        weight = mode.wrap(mode.physical(w).transpose(-2, -1)) if w.ndim == 2 else w
        out = _batched_matmul(mode, "matmul", x, weight)
        batched_bias = b is not None
    if batched_bias:
        out = _elementwise(mode, add, (out, b), {})
    return out


def _mse_loss(mode, func, args, kwargs):
    names = ("input", "target", "size_average", "reduce", "reduction", "weight")
    bound = dict(zip(names, args), **kwargs)
    if set(bound) - set(names) or bound.get("size_average") is not None or \
            bound.get("reduce") is not None or bound.get("weight") is not None:
        raise Unbatchable("mse_loss")
    x, target = bound["input"], bound["target"]
    reduction = bound.get("reduction", "mean")
    if not isinstance(target, Tensor) or tuple(x.shape) != tuple(target.shape) or \
            reduction not in ("mean", "sum", "none") or x.dtype != target.dtype:
        raise Unbatchable("mse_loss")  # the loop warns or raises as torch does
    from . import nn
    px, pt = mode.lift(x), mode.lift(target)
    per_element = nn.functional.mse_loss(px, pt, reduction="none")
    if reduction == "none" or x.ndim == 0:
        return mode.wrap(per_element)
    dims = tuple(range(1, x.ndim + 1))
    return mode.wrap(per_element.mean(dims) if reduction == "mean" else per_element.sum(dims))


def _cross_entropy(mode, func, args, kwargs):
    """cross_entropy and nll_loss with class-index targets: one call with reduction="none"
    over the batch, each sample's reduction after it (a weighted mean divides by the sample's
    own target weights)."""
    name = _op_name(func)
    names = ("input", "target", "weight", "size_average", "ignore_index", "reduce",
             "reduction") + (("label_smoothing",) if name == "cross_entropy" else ())
    bound = dict(zip(names, args), **kwargs)
    if set(bound) - set(names) or bound.get("size_average") is not None or \
            bound.get("reduce") is not None or bound.get("label_smoothing", 0.0) != 0.0:
        raise Unbatchable("cross_entropy")
    x, target, weight = bound["input"], bound["target"], bound.get("weight")
    reduction = bound.get("reduction", "mean")
    ignore = bound.get("ignore_index", -100)
    if not isinstance(target, Tensor) or target.dtype.is_floating_point or \
            target.dtype.is_complex or x.ndim == 0 or target.ndim != x.ndim - 1 or \
            tuple(target.shape) != (tuple(x.shape[:1]) + tuple(x.shape[2:]) if x.ndim > 1
                                    else ()) or \
            (weight is not None and (mode.holds(weight) or weight.ndim != 1)) or \
            reduction not in ("mean", "sum", "none") or not x.dtype.is_floating_point:
        raise Unbatchable("cross_entropy")  # the loop raises torch's errors
    from . import nn
    px, pt = mode.lift(x), mode.lift(target)
    if x.ndim >= 2:
        px = px.movedim(2, 1)  # the class dim second, where cross_entropy reads it
    losses = getattr(nn.functional, name)(px, pt, weight, ignore_index=ignore,
                                          reduction="none")
    keep = pt != ignore
    if reduction == "none":  # (ignored targets' losses are zeros already)
        return mode.wrap(losses.where(keep, 0))
    if x.ndim == 1:  # one sample's single target: a batch of one
        losses, keep, pt = losses.unsqueeze(1), keep.unsqueeze(1), pt.unsqueeze(1)
    dims = tuple(range(1, losses.ndim))
    total = losses.sum(dims)
    if reduction == "sum":
        return mode.wrap(total)
    if weight is None:
        count = keep.sum(dims).to(losses.dtype)
    else:
        count = (weight[pt.masked_fill(~keep, 0)] * keep).sum(dims)
    return mode.wrap(total / count)


def _conv(mode, func, args, kwargs):
    """conv1d/2d/3d. One weight for the batch: the samples (each with or without its own
    leading batch) go through one convolution. A weight per sample (per-sample gradients of
    a model's weights): one grouped convolution, each sample's channels a group of their own."""
    name = _op_name(func)
    spatial = int(name[4])
    names = ("input", "weight", "bias", "stride", "padding", "dilation", "groups")
    bound = dict(zip(names, args), **kwargs)
    if set(bound) - set(names) or len(args) > len(names):
        raise Unbatchable(name)
    x, w, b = bound["input"], bound["weight"], bound.get("bias")
    groups = bound.get("groups", 1)
    options = {k: bound[k] for k in ("stride", "padding", "dilation") if k in bound}
    if not isinstance(w, Tensor) or w.ndim != spatial + 2 or \
            x.ndim not in (spatial + 1, spatial + 2) or not isinstance(groups, int) or \
            (b is not None and (not isinstance(b, Tensor) or b.ndim != 1)) or \
            x.dtype != w.dtype or (b is not None and b.dtype != x.dtype) or \
            x.shape[-spatial - 1] != w.shape[1] * groups or \
            any(isinstance(v, Tensor) for v in options.values()):
        raise Unbatchable(name)  # the loop raises torch's errors
    size = mode.size
    px = mode.lift(x)
    if x.ndim == spatial + 1:
        px = px.unsqueeze(1)  # each sample a batch of one
    count = px.shape[1]
    if not mode.holds(w):
        out = func(px.reshape(size * count, *px.shape[2:]), w,
                   None if b is None or mode.holds(b) else b, groups=groups, **options)
        out = out.reshape(size, count, *out.shape[1:])
        batched_bias = b is not None and mode.holds(b)
    else:
        pw = mode.physical(w)
        out = func(px.movedim(0, 1).reshape(count, size * px.shape[2], *px.shape[3:]),
                   pw.reshape(size * pw.shape[1], *pw.shape[2:]), groups=groups * size,
                   **options)
        out = out.reshape(count, size, pw.shape[1], *out.shape[2:]).movedim(1, 0)
        batched_bias = b is not None
    if batched_bias:
        out = out + mode.lift(b).reshape(size, 1, -1, *(1,) * spatial)
    return mode.wrap(out.squeeze((1,)) if x.ndim == spatial + 1 else out)


def _pool(mode, func, args, kwargs):
    """Pooling over the trailing ``rank`` dims: the batch folded into the op's own batch dim."""
    name = _op_name(func)
    rank = int(name[-2])
    x = args[0] if args else kwargs.get("input")
    rest = args[1:] if args else ()
    kwargs = {k: v for k, v in kwargs.items() if k != "input"}
    if not isinstance(x, Tensor) or x.ndim not in (rank + 1, rank + 2) or \
            kwargs.get("return_indices") or (name.startswith("max") and len(rest) >= 6 and
                                             rest[5]) or \
            any(isinstance(v, Tensor) for v in list(rest) + list(kwargs.values())):
        raise Unbatchable(name)
    p = mode.physical(x)
    if x.ndim == rank + 1:  # the batch dim is the op's own
        return mode.wrap(func(p, *rest, **kwargs))
    out = func(p.reshape(p.shape[0] * p.shape[1], *p.shape[2:]), *rest, **kwargs)
    return mode.wrap(out.reshape(p.shape[0], p.shape[1], *out.shape[1:]))


def _layer_norm(mode, func, args, kwargs):
    """layer_norm over trailing dims; a per-sample weight or bias scales after it."""
    names = ("input", "normalized_shape", "weight", "bias", "eps")
    bound = dict(zip(names, args), **kwargs)
    if set(bound) - set(names) or len(args) > len(names):
        raise Unbatchable("layer_norm")
    x, w, b = bound["input"], bound.get("weight"), bound.get("bias")
    shape = bound["normalized_shape"]
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if tuple(x.shape[x.ndim - len(shape):]) != shape or len(shape) > x.ndim or any(
            t is not None and (not isinstance(t, Tensor) or tuple(t.shape) != shape or
                               t.dtype != x.dtype) for t in (w, b)):
        raise Unbatchable("layer_norm")
    from . import add, mul
    eps = bound.get("eps", 1e-5)
    affine = w is not None and mode.holds(w) or b is not None and mode.holds(b)
    out = mode.wrap(func(mode.physical(x), shape, None if affine else w,
                         None if affine else b, eps))
    if affine:
        if w is not None:
            out = _elementwise(mode, mul, (out, w), {})
        if b is not None:
            out = _elementwise(mode, add, (out, b), {})
    return out


_UNARY = (
    "abs", "neg", "negative", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
    "acosh", "atanh", "sigmoid", "relu", "relu6", "gelu", "silu", "mish", "elu", "selu", "celu",
    "leaky_relu", "softplus", "softsign", "hardtanh", "hardsigmoid", "hardswish", "logsigmoid",
    "tanhshrink", "erf", "erfc", "erfinv", "square", "reciprocal", "sign", "sgn", "floor",
    "ceil", "round", "trunc", "frac", "clamp", "clip", "clamp_min", "clamp_max", "nan_to_num",
    "__neg__", "__abs__", "__pos__", "positive", "lgamma", "digamma", "xlogy", "sinc",
    "deg2rad", "rad2deg", "isnan", "isinf", "isfinite", "logit", "heaviside",
)
_BINARY = (
    "add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide", "pow",
    "maximum", "minimum", "fmax", "fmin", "atan2", "arctan2", "remainder", "fmod",
    "floor_divide", "hypot", "where", "lerp", "addcmul", "addcdiv", "eq", "ne", "lt", "le",
    "gt", "ge", "logaddexp", "logaddexp2", "copysign", "logical_and", "logical_or",
    "logical_xor", "logical_not",
    "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
    "__rtruediv__", "__pow__", "__rpow__", "__floordiv__", "__rfloordiv__", "__mod__",
    "__rmod__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__and__",
    "__or__", "__xor__", "__invert__", "rsub",
)
_RULES = {name: _elementwise for name in _UNARY + _BINARY}
_RULES.update({name: _same for name in (
    "detach", "clone", "contiguous", "float", "double", "half", "bfloat16", "int", "long",
    "bool", "to", "type_as", "alias", "view_as_real", "view_as_complex", "conj", "zeros_like",
    "ones_like", "empty_like", "full_like")})
_RULES.update({name: _reduction for name in (
    "sum", "mean", "amax", "amin", "nansum", "nanmean", "var", "std", "all", "any")})
_RULES.update({name: _single_dim for name in (
    "softmax", "log_softmax", "logsumexp", "cumsum", "cumprod")})
_RULES.update({
    "requires_grad_": _requires_grad_, "view": _reshape, "reshape": _reshape,
    "view_as": _view_as, "reshape_as": _view_as, "flatten": _flatten,
    "unsqueeze": _unsqueeze, "squeeze": _squeeze, "permute": _permute,
    "transpose": _transpose, "swapaxes": _transpose, "swapdims": _transpose, "t": _t,
    "mT": _matrix_t, "expand": _expand, "expand_as": _expand_as, "select": _select,
    "__getitem__": _getitem, "cat": _cat, "concat": _cat, "concatenate": _cat,
    "stack": _stack, "matmul": _matmul, "__matmul__": _matmul, "mm": _matmul,
    "bmm": _matmul, "mv": _matmul, "dot": _matmul, "linear": _linear,
    "T": _matrix_transpose, "max": _max_min, "min": _max_min, "argmax": _arg_reduction,
    "argmin": _arg_reduction, "einsum": _einsum, "broadcast_tensors": _broadcast_tensors,
    "_is_all_true": _whole_batch, "_is_any_true": _whole_batch,
    "mse_loss": _mse_loss, "cross_entropy": _cross_entropy, "nll_loss": _cross_entropy,
    "conv1d": _conv, "conv2d": _conv, "conv3d": _conv, "layer_norm": _layer_norm,
})
_RULES.update({name: _pool for name in (
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d")})


def grad(mode, outputs, inputs, grad_outputs, autograd_grad, **kwargs):
    """``autograd.grad`` of stand-ins: one backward pass over the physical graph gives every
    sample's gradient at once (the samples do not mix, so each one's vector-Jacobian product
    is its slice of the whole batch's). Every input must be a stand-in: an unbatched one would
    receive the sum over the batch."""
    from . import ones_like
    if not all(mode.holds(x) for x in inputs):
        if any(mode.holds(t) for t in list(inputs) + list(outputs)) or any(
                ct is None for ct in grad_outputs) or kwargs.get("create_graph"):
            raise Unbatchable("grad of an unbatched input")
        # only the cotangents are batched (vmap over a vjp_fn): one product per sample
        with _outside(mode):
            grads = autograd_grad(outputs, inputs, [mode.lift(ct) for ct in grad_outputs],
                                  is_grads_batched=True, **kwargs)
        return tuple(None if g is None else mode.wrap(g) for g in grads)
    physical_outputs, physical_grads = [], []
    for out, ct in zip(outputs, grad_outputs):
        if ct is None and out.numel() != 1:
            raise Unbatchable("implicit grad")  # the loop raises torch's error
        p = mode.lift(out)
        physical_outputs.append(p)
        physical_grads.append(ones_like(p) if ct is None else mode.lift(ct))
    physical_inputs = [mode.physical(x) for x in inputs]
    with _outside(mode):
        grads = autograd_grad(physical_outputs, physical_inputs, physical_grads, **kwargs)
    return tuple(None if g is None else mode.wrap(g) for g in grads)


class _outside:
    """The mode left out of the mode stack for a while (the others stay in their order)."""

    def __init__(self, mode):
        self.mode = mode

    def __enter__(self):
        from ._subclass import _state as modes
        self.index = modes.modes.index(self.mode)
        modes.modes.pop(self.index)

    def __exit__(self, *exc):
        from ._subclass import _state as modes
        modes.modes.insert(self.index, self.mode)
