"""Shape ops. Most are views: they share memory and the version counter with their base.

Each view's derivative is the inverse reshaping of the gradient (reshape back, permute back,
sum over expanded dims...).
"""
from __future__ import annotations

import operator

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._backend import to_device
from .._device import as_device
from .._device import device as device_cls
from .._tensor import Tensor, _wrap_dim
from ..autograd import forward_ad as _forward_ad
from ..autograd import grad_mode
from ._registry import ALL_DIMS, array_path, complex_half_error, none_dim_error
from ._registry import broadcast_shape, grad_fn, not_tensor, record, sum_to
from ._registry import check_dim_type, invalid_combination, is_sparse, missing_arguments
from .views import locate_no_grad_view, track_view, view_positions
from .._deprecated import warn_complex_to_real

_grad_state = grad_mode._state


def make_view(base, arr, node_cls=None, inputs=None, **attrs):
    """Wrap ``arr`` (a NumPy view of base's data) as a view tensor of ``base``.

    Made with grad mode on, it is a differentiable view: an in-place op on it rewrites its
    base's history (``views.inplace_on_view``), which finds it in the base by memory address.
    """
    out = Tensor._make(arr)
    out._vc = base._vc
    out._base = base._base if base._base is not None else base
    if out._inference is not base._inference:  # a view is an inference tensor iff its base is
        out._inference = base._inference
    if base._is_conj or base._is_neg:
        out._is_conj, out._is_neg = base._is_conj, base._is_neg
    if _grad_state.enabled:
        out._view_fn = view_positions
        if out._base._requires_grad:
            track_view(out._base, out)
    elif out._base._requires_grad:
        out._view_fn = locate_no_grad_view
    if node_cls is not None:
        record(out, node_cls, inputs or (base,), **attrs)
    return out


def _infer_shape(shape, numel):
    if -1 not in shape:  # the common case: every size given, none negative, the right total
        known = 1
        for size in shape:
            if size < 0:
                break
            known *= size
        else:
            if known == numel:
                return tuple(shape)
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for i, s in enumerate(shape):
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {shape}")
    known = 1
    for s in shape:
        if s != -1:
            known *= s
    if neg:
        if known == 0 and numel == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {_fmt(shape)} "
                               "because the unspecified dimension size -1 can be any value and "
                               "is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{_fmt(shape)}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{_fmt(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _fmt(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


def _shape_args(shape, name="view", arg="size", position=1):
    """A size given as ints or one tuple/list of ints; TypeError (never truncation) for other
    types, as PyTorch's argument parser; none at all is a missing argument."""
    if not shape:
        if name == "view":
            raise invalid_combination("view", (), ("ember.dtype dtype", "tuple of ints size"))
        raise missing_arguments(name, arg)
    given = shape
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    elif len(shape) == 1 and name != "view" and not hasattr(shape[0], "__index__"):
        # one argument that is neither a sequence nor an int: the parser names its type
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be tuple of "
                        f"ints, not {type(shape[0]).__name__}")
    for size in shape:  # plain ints (the common case) need no conversion
        if type(size) is not int:
            break
    else:
        return tuple(shape)
    out = []
    for pos, s in enumerate(shape):
        try:
            out.append(operator.index(s))
        except TypeError:
            raise _element_error(name, arg, given, pos, position) from None
    return tuple(out)


def _element_error(name, arg, given, pos, position):
    """torch's parser on a size holding a non-int: view matches neither overload (a dtype or
    ints); reshape names the first element as the wrong type, a later one as unpacked badly."""
    kind = type(given[0][pos] if len(given) == 1 else given[pos]).__name__
    if name == "view":
        if len(given) == 1 and isinstance(given[0], (tuple, list)):
            seq = given[0]
            names = ", ".join(type(v).__name__ for v in seq)
            shown = f"tuple of ({names})" if isinstance(seq, tuple) else f"list of [{names}]"
            why = (f"      didn't match because some of the arguments have invalid types: "
                   f"(!{shown}!)\n")
            return TypeError(f"view() received an invalid combination of arguments - got "
                             f"({type(seq).__name__}), but expected one of:\n"
                             f" * (ember.dtype dtype)\n{why} * (tuple of ints size)\n{why}")
        return invalid_combination("view", given, ("ember.dtype dtype", "tuple of ints size"))
    if name == "reshape" and len(given) == 1:
        if pos:
            return TypeError(f"reshape(): argument 'shape' failed to unpack the object at pos "
                             f"{pos + 1} with error \"type must be tuple of ints,but got {kind}\"")
        return TypeError(f"reshape(): argument 'shape' (position {position}) must be tuple of "
                         f"ints, but found element of type {kind} at pos 0")
    return TypeError(f"{name}(): argument '{arg}' must be tuple of ints, but found element of "
                     f"type {kind} at pos {pos}")


def view(input, *shape, dtype=None, size=None):
    """The same data seen with a new shape; errors when that needs a copy (use reshape).

    One size may be -1: it is inferred from the others. The result shares memory and the
    version counter with ``input``.

    Args:
        input: a Tensor.
        *shape: the new sizes (their product must equal ``input.numel()``), or a dtype to
            reinterpret the bytes as.
        dtype, size: the same, given by keyword (``x.view(dtype=ember.int16)``).

    Returns:
        A view of ``input``.

    Example:
        >>> x = ember.arange(6)
        >>> x.view(2, 3)
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> x.view(-1, 2).shape
        ember.Size([3, 2])
    """
    if dtype is not None or size is not None:
        if shape or (dtype is not None and size is not None):
            keywords = [f"{k}={'ember.dtype' if k == 'dtype' else type(v).__name__}"
                        for k, v in (("dtype", dtype), ("size", size)) if v is not None]
            # torch's parser ends each keyword with ", " when no positional comes first
            given = ", ".join([type(a).__name__ for a in shape] + keywords) if shape else \
                "".join(f"{k}, " for k in keywords)
            raise TypeError(f"view() received an invalid combination of arguments - got "
                            f"({given}), but expected one of:\n * (ember.dtype dtype)\n"
                            f" * (tuple of ints size)\n")
        if dtype is not None:
            return view_dtype(input, dtype)
        shape = (size,)
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        return view_dtype(input, shape[0])
    shape = _infer_shape(_shape_args(shape), input._data.size)
    try:
        arr = input._data.reshape(shape, copy=False)
    except (ValueError, TypeError):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") \
            from None
    return make_view(input, arr, ViewBackward0)


def view_dtype(input, dtype):
    if input._is_conj:
        raise RuntimeError("ember.Tensor.view is not supported for conjugate view tensors when "
                           "converting to a different dtype.")
    dtype = D.as_dtype(dtype)
    size_in, size_out = input._dtype.np.itemsize, np.dtype(dtype.np).itemsize
    if size_in != size_out:
        _check_view_dtype(input, dtype, size_in, size_out)
    return make_view(input, input._data.view(dtype.np))


def _check_view_dtype(input, dtype, size_in, size_out):
    """PyTorch's conditions for viewing elements as a type of another size: the last dim is
    contiguous, and for a larger type its size, the offset and the other strides are whole
    multiples of the size ratio."""
    from ._registry import type_name
    what = (f"to view {type_name(input._dtype)} as {type_name(dtype)} (different element "
            "sizes)")
    if input.dim() == 0:
        raise RuntimeError(f"self.dim() cannot be 0 {what}")
    ratio = size_out // size_in
    if size_out > size_in and input.size(-1) % ratio:  # (checked before the stride)
        raise RuntimeError(f"self.size(-1) must be divisible by {ratio} {what}, but got "
                           f"{input.size(-1)}")
    if input.stride(-1) != 1:
        raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {input.stride(-1)}")
    if size_out < size_in:
        return
    if input.storage_offset() % ratio:
        raise RuntimeError(f"self.storage_offset() must be divisible by {ratio} {what}, but got "
                           f"{input.storage_offset()}")
    for dim in range(input.dim() - 1):
        if input.stride(dim) % ratio:
            raise RuntimeError(f"self.stride({dim}) must be divisible by {ratio} {what}, but "
                               f"got {input.stride(dim)}")


def _reshaped_grad(grad, shape):
    """``grad.reshape(shape)``, the derivative of every reshaping view. With no graph and no
    mode watching (``array_path``), a C-contiguous gradient's view is made here directly,
    without reshape's argument parsing: the same view tensor."""
    data = grad._data
    if data.flags.c_contiguous and array_path(grad):
        try:
            return make_view(grad, data.reshape(shape))
        except ValueError:  # the wrong number of elements: reshape's own error, below
            pass
    return grad.reshape(shape)


@grad_fn("ViewBackward0")
def ViewBackward0(ctx, grad):
    return _reshaped_grad(grad, ctx._input_meta[0][0])


@grad_fn("UnsafeViewBackward0")
def UnsafeViewBackward0(ctx, grad):
    return _reshaped_grad(grad, ctx._input_meta[0][0])


@grad_fn("ReshapeAliasBackward0")
def ReshapeAliasBackward0(ctx, grad):
    return _reshaped_grad(grad, ctx._input_meta[0][0])


def reshape(input, *shape):
    """A tensor of the given shape with input's data: a view when possible, else a copy.

    Args:
        input: a Tensor.
        *shape: the new sizes (one may be -1, inferred), as ints or one tuple.

    Returns:
        A Tensor with ``input.numel()`` elements.

    Example:
        >>> ember.arange(6).reshape(3, -1)
        tensor([[0, 1],
                [2, 3],
                [4, 5]])
    """
    shape = _infer_shape(_shape_args(shape, "reshape", "shape"), input._data.size)
    # PyTorch's reshape is a view of a contiguous input, an alias with computed strides of a
    # strided one, and a copy where no strides fit: three grad_fn names.
    node = ViewBackward0 if input._data.flags.c_contiguous else ReshapeAliasBackward0
    if shape == input._data.shape:
        return make_view(input, input._data.view(), node)
    try:
        arr = input._data.reshape(shape, copy=False)
    except (ValueError, TypeError):
        out = Tensor._make(input._data.reshape(shape))
        return record(out, UnsafeViewBackward0, (input,))
    return make_view(input, arr, node)


def view_as(input, other):
    return view(input, other.shape)


def reshape_as(input, other):
    return reshape(input, other.shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one."""
    if not isinstance(input, Tensor):
        raise not_tensor("flatten", input)
    nd = input._data.ndim
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if nd == 0:
        return reshape(input, (1,))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    shape = input._data.shape
    return reshape(input, shape[:s] + (-1,) + shape[e + 1:]) if input._data.size else \
        reshape(input, shape[:s] + (int(np.prod(shape[s:e + 1])),) + shape[e + 1:])


def unflatten(input, dim, sizes):
    given = list(sizes)
    if not given:  # (torch checks the sizes before the dim)
        raise RuntimeError("unflatten: sizes must be non-empty")
    d = _wrap_dim(dim, input._data.ndim)
    shape = input._data.shape
    sizes = list(given)
    if -1 in sizes:
        known = int(np.prod([s for s in sizes if s != -1]))
        sizes[sizes.index(-1)] = shape[d] // known if known else 0
    if int(np.prod(sizes)) != shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {given} don't multiply up to the size of "
                           f"dim {dim} ({shape[d]}) in the input tensor")
    return view(input, shape[:d] + tuple(sizes) + shape[d + 1:])


def permute(input, *dims):
    """Reorder dims.   The gradient is permuted back by the inverse permutation."""
    dims = _shape_args(dims, "permute", "dims")
    nd = input._data.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return make_view(input, input._data.transpose(dims), PermuteBackward0, dims=dims)


@grad_fn("PermuteBackward0")
def PermuteBackward0(ctx, grad):
    return grad.permute(tuple(np.argsort(ctx.dims)))


def transpose(input, dim0, dim1):
    """Swap two dims.   The gradient is swapped back."""
    nd = input._data.ndim
    if nd == 0:
        _wrap_dim(dim0, 0), _wrap_dim(dim1, 0)
        return make_view(input, input._data.view(), TransposeBackward0, dim0=0, dim1=0)
    a, b = _wrap_dim(dim0, nd), _wrap_dim(dim1, nd)
    return make_view(input, np.swapaxes(input._data, a, b), TransposeBackward0, dim0=a, dim1=b)


@grad_fn("TransposeBackward0")
def TransposeBackward0(ctx, grad):
    return grad.transpose(ctx.dim0, ctx.dim1) if grad.ndim else grad


swapaxes = swapdims = transpose


def t(input):
    """Transpose a tensor of at most 2 dims."""
    if not isinstance(input, Tensor):
        raise not_tensor("t", input)
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
    return make_view(input, input._data.T, TBackward0)


def _t_checked_inplace(input):
    """t for t_: its error names the in-place method."""
    if isinstance(input, Tensor) and input._data.ndim > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                           f"{input._data.ndim}D")
    return t(input)


@grad_fn("TBackward0")
def TBackward0(ctx, grad):
    if array_path(grad):  # the same view, made here without the op's dispatch
        return make_view(grad, grad._data.T)
    return grad.t()


def _T(self):
    nd = self._data.ndim
    if nd == 2:
        return permute(self, 1, 0)
    from .._deprecated import warn_once
    if nd == 0:
        warn_once("T0", "Tensor.T is deprecated on 0-D tensors. This function is the identity in "
                        "these cases.")
        return self
    warn_once("T", "The use of `x.T` on tensors of dimension other than 2 to reverse their shape "
                   "is deprecated and it will throw an error in a future release. Consider `x.mT` "
                   "to transpose batches of matrices or `x.permute(*ember.arange(x.ndim - 1, -1, "
                   "-1))` to reverse the dimensions of a tensor.")
    return permute(self, tuple(range(nd - 1, -1, -1)))


def _mT(self):
    if self._data.ndim == 0:
        from .._deprecated import warn_once
        warn_once("mT0", "Tensor.mT is deprecated on 0-D tensors. This function is the identity "
                         "in these cases.")
        return self
    if self._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. Got "
                           f"{self._data.ndim}-D tensor.")
    return transpose(self, -2, -1)


def expand(input, *sizes):
    """Broadcast to a larger shape without copying (-1 keeps a dim).
    The gradient is summed over the broadcast dims."""
    sizes = _shape_args(sizes, "expand")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand({input.type()}{{{list(shape)}}}, size={list(sizes)}): the "
                           f"number of sizes provided ({len(sizes)}) must be greater or equal to "
                           f"the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    target = []
    # PyTorch checks from the last dim backwards, so its message names the last mismatch.
    for i in range(len(sizes) - 1, lead - 1, -1):
        s, cur = sizes[i], shape[i - lead]
        if s != -1 and cur != s and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"{list(sizes)}.  Tensor sizes: {list(shape)}")
    for i, s in enumerate(sizes):
        if i < lead:
            if s < 0:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a "
                                   "leading, non-existing dimension 0")
            target.append(s)
            continue
        cur = shape[i - lead]
        if s == -1:
            s = cur
        elif cur != s and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"{list(sizes)}.  Tensor sizes: {list(shape)}")
        target.append(s)
    target = tuple(target)
    if target == shape:
        return make_view(input, input._data.view(), ExpandBackward0)
    out = make_view(input, _expanded(input._data, target), ExpandBackward0)
    if 0 in target:
        # NumPy gives every empty array zero strides, which stride() reads as contiguous;
        # torch's expanded strides are kept for it (a sum's gradient of an empty input is
        # an expanded 0-d tensor: strides all 0)
        out.__dict__["_empty_strides"] = _expanded_strides(input.stride(), shape, target)
    return out


def _expanded_strides(strides, shape, target):
    """torch's strides (in elements) of a tensor of ``shape`` and ``strides`` expanded to
    ``target``, as _expanded lays them out."""
    lead = len(target) - len(shape)
    result = [0] * len(target)
    next_extent = 0
    for i in range(len(target) - 1, -1, -1):
        size, stride = (shape[i - lead], strides[i - lead]) if i >= lead else (1, next_extent)
        result[i] = 0 if size != target[i] else stride
        next_extent = target[i] * result[i]
    return tuple(result)


def _expanded(data, target):
    """``data`` seen with shape ``target`` and torch's strides: a broadcast dim has stride 0,
    and a new leading dim of size 1 the stride it would have if contiguous over the dims after
    it (so ``arange(n).expand(1, -1)`` has strides (n, 1), as torch's position_ids buffers do).
    Writing stays possible exactly when no two elements share memory. Meta arrays broadcast
    with their own strides."""
    if getattr(data, "_is_meta", False):
        return np.broadcast_to(data, target)
    lead = len(target) - data.ndim
    strides = [0] * len(target)
    next_extent = 0
    for i in range(len(target) - 1, -1, -1):
        if i >= lead:
            size, stride = data.shape[i - lead], data.strides[i - lead]
        else:
            size, stride = 1, next_extent
        strides[i] = 0 if size != target[i] else stride
        next_extent = target[i] * strides[i]
    overlap = any(st == 0 and n > 1 for st, n in zip(strides, target))
    if type(data) is np.ndarray and data.flags.c_contiguous:
        # The same view built directly over data's memory: as_strided's array-interface round
        # trip costs several times a small tensor's whole op.
        view = np.ndarray(target, data.dtype, data, 0, tuple(strides))
        if overlap:
            view.flags.writeable = False
        return view
    return _backend.as_strided(data, target, strides, writeable=not overlap)


@grad_fn("ExpandBackward0")
def ExpandBackward0(ctx, grad):
    return sum_to(grad, ctx._input_meta[0][0], "expand")


def expand_as(input, other):
    return expand(input, other.shape)


def broadcast_to(input, size):
    return expand(input, size)


def _method_broadcast_to(self, *sizes, size=None):
    """``self`` broadcast to a larger shape, as a view (``Tensor.broadcast_to`` takes the
    sizes spread out too, as ``expand`` does).

    Args:
        *sizes (int or tuple): the target shape; -1 keeps a dimension's size.
        size (tuple): the target shape, given by keyword.

    Returns:
        A view of ``self`` with the target shape; no data is copied.

    Example:
        >>> ember.tensor([1, 2]).broadcast_to(2, 2)
        tensor([[1, 2],
                [1, 2]])
        >>> ember.tensor([[3], [4]]).broadcast_to((2, 3)).shape
        ember.Size([2, 3])
    """
    return expand(self, *sizes) if size is None else expand(self, size)


def broadcast_tensors(*tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    shape = broadcast_shape(*(t._data.shape for t in tensors))
    # A tensor that already has the common shape comes back as itself, not as an expanded
    # view (torch's broadcast_tensors does the same: no ExpandBackward0 in its graph).
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)


def broadcast_shapes(*shapes):
    """The shape all ``shapes`` broadcast to, built right to left as torch does, so its error
    names the first argument that clashes with the shape gathered from those before it."""
    from .._tensor import Size
    shapes = [(s,) if isinstance(s, (int, np.integer)) else s for s in shapes if s is not None]
    for shape in shapes:
        if not isinstance(shape, (tuple, list)):
            raise RuntimeError("Input shapes should be of type ints, a tuple of ints, or a list "
                               f"of ints, got {shape}")
    common = [1] * max((len(s) for s in shapes), default=0)
    for index, shape in enumerate(shapes):
        for d in range(-1, -1 - len(shape), -1):
            size = shape[d]
            if size == common[d]:
                continue
            if common[d] == 1:
                if size < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[d] = size
            elif size != 1:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {size} at "
                                   f"{d}! Mismatching argument at index {index} had {shape}; "
                                   f"but expected shape should be broadcastable to {common}")
    return Size(common)


_SQUEEZE_MISMATCH = "didn't match because some of the arguments have invalid types: (Tensor, " \
    "!NoneType!)"
_SQUEEZE_SIGNATURES = ("Tensor input", ("Tensor input, int dim", _SQUEEZE_MISMATCH),
                       ("Tensor input, tuple of ints dim", _SQUEEZE_MISMATCH))


def squeeze(input, dim=ALL_DIMS):
    """Remove dims of size 1 (all of them, or those in ``dim``)."""
    shape = input._data.shape
    if dim is None or type(dim) is float:
        raise none_dim_error("squeeze", _SQUEEZE_SIGNATURES, given=type(dim).__name__)
    if type(dim) is int:  # one dim (the common case): no list of dims to check
        ndim = input._data.ndim
        d = _wrap_dim(dim, ndim)
        data = input._data.squeeze(d) if ndim and shape[d] == 1 else input._data.view()
        return make_view(input, data, SqueezeBackward1, dim=dim)
    if dim is ALL_DIMS:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
        cls = SqueezeBackward0
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        wrapped = [_wrap_dim(d, input._data.ndim) for d in dims]
        for i, d in enumerate(wrapped):
            if d in wrapped[:i]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        axes = tuple(d for d in wrapped if input._data.ndim and shape[d] == 1)
        cls = SqueezeBackward1 if not isinstance(dim, (tuple, list)) else SqueezeBackward2
        # (the dim as given: torch's node shows it, grad_fn._saved_dim)
        return make_view(input, input._data.squeeze(axes) if axes else input._data.view(), cls,
                         dim=dim)
    return make_view(input, input._data.squeeze(axes) if axes else input._data.view(), cls)


def _unsqueeze_back(ctx, grad):
    return _reshaped_grad(grad, ctx._input_meta[0][0])


SqueezeBackward0 = grad_fn("SqueezeBackward0")(_unsqueeze_back)
SqueezeBackward1 = grad_fn("SqueezeBackward1")(_unsqueeze_back)
SqueezeBackward2 = grad_fn("SqueezeBackward2")(_unsqueeze_back)
SqueezeBackward4 = grad_fn("SqueezeBackward4")(_unsqueeze_back)


def unsqueeze(input, dim):
    """Insert a dim of size 1 at ``dim``.   The gradient is squeezed back."""
    check_dim_type("unsqueeze", dim)
    if type(input) is not Tensor and getattr(input, "is_sparse", False) is True:
        return input.unsqueeze(dim)  # a sparse COO tensor gains a sparse or a dense dim
    data = input._data
    d = _wrap_dim(dim, data.ndim + 1)
    shape = data.shape
    new_shape = shape[:d] + (1,) + shape[d:]
    out = data.reshape(new_shape)
    # torch keeps every stride and steps over the new dim by the size times the stride of the
    # dim it goes before (one element at the end). NumPy's reshape agrees, save for size-1
    # dims (it gives them strides of its own) and a new dim at the end (empty arrays aside).
    # An empty array's strides are NumPy's own (all zero, often): torch's are the tensor's.
    if 1 in shape or (d == len(shape) and d and data.strides[-1] != data.itemsize) or \
            not data.size:
        strides = data.strides if data.size else tuple(s * data.itemsize
                                                       for s in input.stride())
        step = shape[d] * strides[d] if d < len(shape) else data.itemsize
        wanted = strides[:d] + (step,) + strides[d:]
        if out.strides != wanted:
            out = _backend.as_strided(data, new_shape, wanted, writeable=True)
    return make_view(input, out, UnsqueezeBackward0, dim=d)


@grad_fn("UnsqueezeBackward0")
def UnsqueezeBackward0(ctx, grad):
    return grad.squeeze(ctx.dim)


def contiguous(input, memory_format=None):
    """input itself if its memory is laid out in ``memory_format`` (default: C order), else a
    copy that is."""
    if memory_format is None or memory_format is MF.contiguous_format:
        if input._data.flags.c_contiguous:
            return input
        return clone(input, memory_format=MF.contiguous_format)
    MF.check(memory_format, input._data.ndim)
    if input.is_contiguous(memory_format=memory_format):
        return input
    return clone(input, memory_format=memory_format)


def clone(input, *, memory_format=None):
    """A copy with its own memory.   d/dinput = 1.

    The copy stays in the graph (gradients flow back to ``input``); ``detach().clone()`` gives an
    independent copy outside it.

    Args:
        input: a Tensor.
        memory_format: the copy's layout: ``ember.preserve_format`` (default: the input's own
            strides when it is dense, else dense ones in its stride order),
            ``ember.contiguous_format`` or ``ember.channels_last``.

    Returns:
        A new Tensor equal to ``input``.

    Example:
        >>> x = ember.tensor([1.0, 2.0])
        >>> y = x.clone()
        >>> y[0] = 5.0
        >>> x, y
        (tensor([1., 2.]), tensor([5., 2.]))
    """
    if not isinstance(input, Tensor):
        raise not_tensor("clone", input)
    if type(input) is not Tensor and is_sparse(input):
        return input.clone(memory_format=memory_format)
    if memory_format is None or memory_format is MF.preserve_format:
        data = MF.preserved_copy(input._data)
    elif memory_format is MF.contiguous_format:
        data = input._data.copy()
    else:
        MF.check(memory_format, input._data.ndim)
        data = MF.laid_out(input._data, memory_format)
        if data is input._data:
            data = MF.laid_out(data.copy(), memory_format)
    return record(Tensor._make(data), CloneBackward0, (input,))


@grad_fn("CloneBackward0")
def CloneBackward0(ctx, grad):
    return grad


def to(input, *args, **kwargs):
    """Convert dtype and/or device: ``to(dtype)``, ``to(device)``, ``to(other)``, with
    ``copy=`` and ``non_blocking=``. Returns input itself when nothing changes.

    Args:
        input: a Tensor.
        *args: a dtype, a device (or its name), a device and a dtype, or a Tensor whose dtype
            and device to take.
        copy: return a new tensor even when nothing changes.

    Returns:
        A Tensor; differentiable, so gradients flow back through the conversion.

    Example:
        >>> x = ember.tensor([1, 2])
        >>> x.to(ember.float64)
        tensor([1., 2.], dtype=ember.float64)
        >>> x.to("cpu") is x
        True
    """
    if not kwargs and len(args) == 1 and args[0] is input._dtype:  # nothing to convert
        return input
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    memory_format = kwargs.pop("memory_format", None)
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, (str, device_cls)):
            device = a
        elif isinstance(a, Tensor):
            dtype, device = a._dtype, a._device
        elif isinstance(a, bool):
            copy = a
        elif a is None:
            continue
        else:
            dtype = D.as_dtype(a)
    dt = input._dtype if dtype is None else D.as_dtype(dtype)
    dev = input._device if device is None else as_device(device)
    if dev.type == "cuda" and dev.index is None:
        dev = device_cls("cuda", 0)
    preserve = memory_format is None or memory_format is MF.preserve_format
    if not preserve:
        MF.check(memory_format, input._data.ndim)
        # torch keeps the tensor itself when the format its strides suggest is the one asked
        # for, even when they are not that format's dense strides (a transposed tensor
        # stays transposed under contiguous_format).
        if MF.suggest(input._data.shape, input.stride()) is not memory_format:
            copy = True
    if dt is input._dtype and dev == input._device and not copy:
        return input
    arr = input._data
    if not preserve:
        arr = MF.laid_out(arr, memory_format)
    if dev != input._device:
        arr = to_device(arr, dev)
    if input._dtype.category == D._COMPLEX and dt is D.bool_:
        arr = D.from_complex32(arr, np.bool_) if input._dtype is D.complex32 else arr != 0
    elif input._dtype.category == D._COMPLEX and dt.category != D._COMPLEX:
        _warn_complex_cast()
        arr = arr.real if input._dtype is not D.complex32 else arr["real"].copy()
    if dt in D.FLOAT8 and arr.dtype != dt.np:
        arr = D.to_float8(arr, dt)
    elif dt is D.complex32 or arr.dtype == D.COMPLEX32_NP:
        arr = D.cast(arr, dt)
    elif arr.dtype.kind == "f" and (dt.np.kind in "iu" or dt.np.itemsize < arr.itemsize):
        # nan, inf and floats out of the target's range convert without a warning in torch
        with np.errstate(invalid="ignore", over="ignore"):
            arr = arr.astype(dt.np)
    elif arr.dtype != dt.np or arr is input._data:
        arr = arr.astype(dt.np)  # order "K": a channels-last input stays channels-last
    if preserve and not MF.same_strides(arr, input._data):
        arr = _preserved_layout(arr, input._data)
    out = Tensor._make(arr)
    if dt.category >= D._FLOAT:
        record(out, ToCopyBackward0, (input,), source_device=input._device)
    return out


def _preserved_layout(arr, source):
    """``arr`` (a converted copy of ``source``) with the strides torch's preserve_format copy
    of ``source`` has."""
    return MF.with_strides(arr, MF.preserved_strides(source.shape, MF.element_strides(source)))


def _warn_complex_cast():
    """PyTorch warns once per process when a cast drops imaginary parts."""
    warn_complex_to_real()


@grad_fn("ToCopyBackward0", complex_aware=True)
def ToCopyBackward0(ctx, grad):
    """The gradient cast back to the input's dtype and moved back to its device (a real input
    keeps the real part)."""
    dt = ctx._input_meta[0][1]
    if grad._dtype.category == D._COMPLEX and dt.category != D._COMPLEX:
        return grad.to(ctx.source_device)
    return grad.to(ctx.source_device, dt)


def _conversion(dt, name):
    def method(self, *args, memory_format=None):
        if args:  # memory_format is keyword-only in PyTorch
            raise TypeError(f"{name}() takes 0 positional arguments but {len(args)} was given")
        return to(self, dt)
    method.__doc__ = f"``self.to({dt})``"
    return method


def cpu(input, memory_format=None):
    """A copy on the CPU (input itself if it is already there)."""
    return to(input, "cpu")


def cuda(input, device=None, non_blocking=False, memory_format=None):
    """A copy on a CUDA device (through CuPy)."""
    from .. import cuda as cuda_module
    cuda_module._require()
    return to(input, "cuda" if device is None else device if not isinstance(device, int)
              else f"cuda:{device}")


def type_as(input, other):
    return to(input, other._dtype)


def unbind(input, dim=0):
    """Split along ``dim`` into a tuple of views without that dim."""
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    arr = input._data
    # The trailing Ellipsis keeps 0-d pieces as arrays (a bare index gives a NumPy scalar).
    outs = tuple(make_view(input, arr[(slice(None),) * d + (i, Ellipsis)])
                 for i in range(arr.shape[d]))
    return record(outs, UnbindBackward0, (input,), dim=d) if outs else outs


@grad_fn("UnbindBackward0")
def UnbindBackward0(ctx, *grads):
    from .joining import stack
    return stack(grads, ctx.dim)


def flip(input, *args, dims=None):
    """Reverse the order of elements along dims (a copy, as in PyTorch).   The gradient is
    flipped back."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("flip_cpu")
    if dims is None:
        dims = args[0] if len(args) == 1 and not isinstance(args[0], int) else args
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    axes = tuple(_wrap_dim(d, input._data.ndim) for d in dims)
    for i, a in enumerate(axes):
        if a in axes[:i]:
            raise RuntimeError(f"dim {a} appears multiple times in the list of dims")
    out = Tensor._make(MF.like_source(np.flip(input._data, axes), input._data)
                       if input._data.ndim else input._data.copy())
    return record(out, FlipBackward0, (input,), dims=axes)


def _flip_function(input, dims):
    """``ember.flip(input, dims)``: unlike the method, the function takes the dims as one
    sequence only (an int there is torch's TypeError, not a one-dim flip)."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"flip(): argument 'dims' (position 2) must be tuple of ints, not "
                        f"{type(dims).__name__}")
    return flip(input, dims)


@grad_fn("FlipBackward0")
def FlipBackward0(ctx, grad):
    return grad.flip(ctx.dims)


def fliplr(input):
    """Reverse the order of columns (dim 1)."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


def flipud(input):
    """Reverse the order of rows (dim 0)."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


def movedim(input, source, destination):
    """Move dims ``source`` to positions ``destination``, keeping the others' order (a view).
    The gradient is permuted back."""
    nd = input._data.ndim
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) "
                           f"should contain the same number of dims as destination ({dst} dims)")
    wrapped = [_wrap_dim(d, nd) for d in src], [_wrap_dim(d, nd) for d in dst]
    for name, dims, given in zip(("source", "destination"), wrapped, (src, dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    if nd == 0:  # torch returns an alias of a 0-d tensor
        return input[...]
    src, dst = wrapped
    order = [d for d in range(nd) if d not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute(input, order)


moveaxis = movedim


def repeat(input, *sizes):
    """Tile input ``sizes[i]`` times along each dim (leading sizes add new dims).
    The gradient sums the copies: reshape to (repeats, size) pairs and sum the repeats."""
    sizes = _shape_args(sizes, "repeat", "repeats")
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    padded = (1,) * (len(sizes) - len(shape)) + shape
    target = [r * n for r, n in zip(sizes, padded)]
    for size in target:
        if size < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                               f"{target}")
    out = Tensor._make(MF.row_major_array(np.tile(input._data.reshape(padded), sizes)))
    return record(out, RepeatBackward0, (input,), repeats=sizes, padded=padded)


@grad_fn("RepeatBackward0")
def RepeatBackward0(ctx, grad):
    pairs = [n for r, s in zip(ctx.repeats, ctx.padded) for n in (r, s)]
    summed = grad.reshape(pairs).sum(tuple(range(0, len(pairs), 2)))
    return summed.reshape(ctx._input_meta[0][0])


def tile(input, dims):
    """Like repeat, but ``dims`` shorter than input's rank is padded with leading ones."""
    dims = _shape_args((dims,))
    lead = input._data.ndim - len(dims)
    return repeat(input, (1,) * lead + dims if lead > 0 else dims)


def roll(input, shifts, dims=None):
    """Shift elements cyclically along dims (flattened when dims is None).
    The gradient is rolled back by the opposite shifts."""
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               "dims:0")
        arr = np.roll(input._data.reshape(-1), shifts[0]).reshape(input._data.shape)
        axes = None
    else:
        dims = (dims,) if isinstance(dims, int) else tuple(dims)
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               f"dims:{len(dims)}")
        if input._data.ndim == 0:
            raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
        if input._data.size == 0:  # torch returns an empty tensor's copy before reading dims
            return record(Tensor._make(input._data.copy()), RollBackward0, (input,),
                          shifts=shifts[:1], dims=None)
        axes = tuple(_wrap_dim(d, input._data.ndim) for d in dims)
        arr = np.roll(input._data, shifts, axes)
    # (in the format the input's strides suggest, as torch writes it)
    arr = MF.in_format(arr, MF.suggest(input._data.shape, input.stride()))
    return record(Tensor._make(arr), RollBackward0, (input,), shifts=shifts, dims=axes)


@grad_fn("RollBackward0")
def RollBackward0(ctx, grad):
    return roll(grad, tuple(-s for s in ctx.shifts), ctx.dims)


def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees k times in the plane of dims (from dims[0] towards dims[1]).
    The gradient is rotated back by -k."""
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    a, b = _wrap_dim(dims[0], nd), _wrap_dim(dims[1], nd)
    if a == b:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {a} and "
                           f"dim1 = {b}")
    out = Tensor._make(_backend.ascontiguousarray(np.rot90(input._data, k, (a, b))))
    return record(out, Rot90Backward0, (input,), k=k, dims=(a, b))


@grad_fn("Rot90Backward0")
def Rot90Backward0(ctx, grad):
    return rot90(grad, -ctx.k, ctx.dims)


def ravel(input):
    """The elements as a 1-D tensor (a view when input is contiguous, else a copy)."""
    if not isinstance(input, Tensor):
        raise not_tensor("ravel", input)
    return view(contiguous(input), -1)


def select(input, dim, index):
    """The slice at ``index`` along ``dim``, without that dim (a view)."""
    if type(input) is not Tensor and is_sparse(input):
        return input.select(dim, index)  # a sparse tensor keeps the entries at index
    nd = input._data.ndim
    if not (type(dim) is int and type(index) is int):
        for name, value, position in (("dim", dim, 2), ("index", index, 3)):
            if isinstance(value, (bool, float)):
                raise TypeError(f"select(): argument '{name}' (position {position}) must be "
                                f"int, not {type(value).__name__}")
    if nd == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, nd)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(input._data.shape)} at dimension {d}")
    return input[(slice(None),) * d + (int(index),)]


def adjoint(input):
    """The conjugate transpose of the last two dims (a view)."""
    return transpose(input, -2, -1)


def narrow_copy(input, dim, start, length):
    """A copy of input.narrow(dim, start, length).   The gradient is padded back with zeros."""
    if type(input) is not Tensor and getattr(input, "is_sparse", False) is True:
        return input.narrow_copy(dim, start, length)  # a sparse COO tensor keeps its entries
    piece = input.detach().narrow(dim, start, length)
    d = _wrap_dim(dim, input._data.ndim)
    out = Tensor._make(piece._data.copy())
    return record(out, NarrowCopyBackward0, (input,), dim=d,
                  start=start % input._data.shape[d] if start < 0 else start, length=length)


@grad_fn("NarrowCopyBackward0")
def NarrowCopyBackward0(ctx, grad):
    from .indexing import index_grad
    index = (slice(None),) * ctx.dim + (slice(ctx.start, ctx.start + ctx.length),)
    return index_grad(grad, ctx._input_meta[0][0], index)


def unfold(input, dimension, size, step):
    """All windows of ``size`` elements along ``dimension``, ``step`` apart, as a new last dim
    (a view; windows may overlap).   The gradient adds each window's gradient back."""
    nd = input._data.ndim
    d = _wrap_dim(dimension, nd) if nd else 0
    length = input._data.shape[d] if nd else 1
    if size > length:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {length} but size is "
                           f"{size}")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    arr = input._data if nd else input._data.reshape(1)
    count = (length - size) // step + 1
    shape = arr.shape[:d] + (count,) + arr.shape[d + 1:] + (size,)
    strides = arr.strides[:d] + (arr.strides[d] * step,) + arr.strides[d + 1:] + \
        (arr.strides[d],)
    windows = _backend.as_strided(arr, shape, strides)
    if not nd:
        windows = windows.reshape(1)
    positions = view_positions(input._data, windows)
    return make_view(input, windows, UnfoldBackward0,
                     index=np.unravel_index(positions, input._data.shape) if nd else ())


@grad_fn("UnfoldBackward0")
def UnfoldBackward0(ctx, grad):
    from .indexing import index_grad
    if not ctx.index:
        return grad.reshape(())
    return index_grad(grad, ctx._input_meta[0][0], ctx.index, "UnfoldBackwardBackward0")


def _repeat_counts(counts, output_size=None):
    """``repeat_interleave(counts)``: each index i of a 1-D integer tensor repeated counts[i]
    times, in the counts' dtype (torch checks the dtype before the shape)."""
    from ._registry import type_name
    if counts._dtype not in (D.int32, D.int64):
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for "
                                  f"'{type_name(counts._dtype)}'")
    data = counts._data
    if data.ndim != 1:
        raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
    if data.size and bool((data < 0).any()):
        raise RuntimeError("repeats can not be negative")
    if output_size is not None and output_size != int(data.sum()):
        raise RuntimeError("allocated size does not match required size")
    xp = _backend.namespace_of(data)
    return Tensor._make(np.repeat(xp.arange(data.size, dtype=data.dtype), data))


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along dim) repeated ``repeats`` times in place; with only a
    tensor of counts, the indices 0..n-1 each repeated that many times."""
    if repeats is None:
        return _repeat_counts(input, output_size)
    if dim is None:
        input, dim = input.reshape(-1), 0
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if isinstance(repeats, Tensor):
        if repeats._data.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        if repeats._data.size == 1:  # one count for every slice
            repeats = repeats.reshape(1).expand(size)
        elif repeats._data.size != size:
            raise RuntimeError("repeats must have the same size as input along dim, but got "
                               f"repeats.size(0) = {repeats._data.size} and input.size({d}) = "
                               f"{size}")
        return input.index_select(d, _repeat_counts(repeats, output_size))
    times = int(repeats)
    if times < 0:
        raise RuntimeError("Repeats must be non-negative")
    if output_size is not None and output_size != size * times:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {size * times} "
                           f"but got {output_size}")
    shape = input._data.shape
    wide = input.unsqueeze(d + 1).expand(shape[:d + 1] + (times,) + shape[d + 1:])
    return clone(wide).view(shape[:d] + (shape[d] * times,) + shape[d + 1:])


def _inplace_view(op, pick_node):
    """``self.op_(...)``: self takes op's shape over the same memory; with a graph, the node
    ``pick_node(self, *args)`` gives (class, attributes) records the change."""
    def method(self, *args):
        from ._registry import check_inplace
        check_inplace(self)
        source = Tensor._make(self._data)
        source.grad_fn, source._output_nr = self.grad_fn, self._output_nr
        source._requires_grad = self._requires_grad
        source._vc = self._vc
        cls, attrs = pick_node(self, *args)
        with grad_mode.no_grad():
            self._data = op(source, *args)._data
            # a dual tensor's tangent takes the same shape change (it kept the old shape, and
            # the next op on self, stft's transpose_ for one, failed on the mismatch)
            tangent = _forward_ad._tangent(self) if _forward_ad._state.level is not None \
                else None
            if tangent is not None:
                self._fw_grad = op(tangent, *args)
        self._vc[0] += 1
        if _grad_state.enabled and self._requires_grad:
            self._output_nr = 0
            record(self, cls, (source,), **attrs)
        return self
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place ``{op.__name__}``: changes self's shape, not its data."
    return method


def _reshape_back(ctx, grad):
    return grad.reshape(ctx._input_meta[0][0])


UnsqueezeBackward1 = grad_fn("UnsqueezeBackward1")(_reshape_back)
SqueezeBackward3 = grad_fn("SqueezeBackward3")(_reshape_back)


@grad_fn("TBackward1")
def TBackward1(ctx, grad):
    return grad.t()


@grad_fn("TransposeBackward1")
def TransposeBackward1(ctx, grad):
    return grad.transpose(ctx.dim0, ctx.dim1)


def _transpose_node(self, dim0, dim1):
    nd = self._data.ndim
    return TransposeBackward1, {"dim0": _wrap_dim(dim0, nd) if nd else 0,
                                "dim1": _wrap_dim(dim1, nd) if nd else 0}


_INPLACE_VIEWS = {
    "unsqueeze_": _inplace_view(unsqueeze, lambda self, dim: (UnsqueezeBackward1, {})),
    "squeeze_": _inplace_view(squeeze, lambda self, dim=None: (
        SqueezeBackward3 if dim is None else SqueezeBackward4, {})),
    "t_": _inplace_view(_t_checked_inplace, lambda self: (TBackward1, {})),
    "transpose_": _inplace_view(transpose, _transpose_node),
    "swapaxes_": _inplace_view(transpose, _transpose_node),
    "swapdims_": _inplace_view(transpose, _transpose_node),
}


def _reshape_function(input, *shape):
    # ember.reshape(input, shape): unlike the method, the function takes one sequence only.
    if len(shape) != 1:
        if not shape:
            raise missing_arguments("reshape", "shape")
        raise TypeError(f"reshape() takes 2 positional arguments but {len(shape) + 1} were "
                        "given")
    if not isinstance(shape[0], (tuple, list)):
        raise TypeError(f"reshape(): argument 'shape' (position 2) must be tuple of ints, not "
                        f"{type(shape[0]).__name__}")
    if any(type(s) is not int for s in shape[0]):
        _shape_args(shape, "reshape", "shape", position=2)
    return reshape(input, *shape)


_reshape_function.__name__ = _reshape_function.__qualname__ = "reshape"
_reshape_function.__doc__ = reshape.__doc__


FUNCTIONS = {
    "flip": _flip_function, "repeat_interleave": repeat_interleave, "ravel": ravel,
    "select": select,
    "adjoint": adjoint, "narrow_copy": narrow_copy, "fliplr": fliplr, "flipud": flipud,
    "movedim": movedim, "moveaxis": moveaxis, "roll": roll, "rot90": rot90, "tile": tile,
    "reshape": reshape, "flatten": flatten, "unflatten": unflatten, "permute": permute,
    "transpose": transpose, "swapaxes": swapaxes, "swapdims": swapdims, "t": t,
    "squeeze": squeeze, "unsqueeze": unsqueeze, "clone": clone, "unbind": unbind,
    "broadcast_to": broadcast_to, "broadcast_tensors": broadcast_tensors,
    "broadcast_shapes": broadcast_shapes,
}
METHODS = dict(FUNCTIONS)
FUNCTIONS["reshape"] = _reshape_function
METHODS.update({
    "flip": flip,
    "cpu": cpu, "cuda": cuda, "broadcast_to": _method_broadcast_to,
    "view": view, "view_as": view_as, "reshape_as": reshape_as, "expand": expand,
    "expand_as": expand_as, "contiguous": contiguous, "repeat": repeat, "unfold": unfold,
    "to": to, "type_as": type_as,
    **{name: _conversion(dt, name) for name, dt in (
        ("float", D.float32), ("double", D.float64), ("half", D.float16), ("long", D.int64),
        ("int", D.int32), ("short", D.int16), ("char", D.int8), ("byte", D.uint8),
        ("bool", D.bool_), ("cfloat", D.complex64), ("cdouble", D.complex128),
        ("chalf", D.complex32))},
    "T": property(_T), "mT": property(_mT),
})
METHODS.update(_INPLACE_VIEWS)
for _name in ("broadcast_shapes",):
    METHODS.pop(_name)
if D.bfloat16 is not None:
    METHODS["bfloat16"] = _conversion(D.bfloat16, "bfloat16")
