"""Ops on a tensor's storage: ``as_strided`` (any size/stride/offset over the memory a tensor
shares with its base), its in-place and scatter forms, and ``resize_``.

A tensor's *storage* is the flat memory its base spans: the base's array read in memory order
(``_storage``). A strided view picks the storage elements ``offset + sum(index[d] * stride[d])``.
The derivative of ``as_strided`` goes through the storage, as PyTorch's does: the output's
gradient is added into a zero storage at its positions, and the input's gradient is read back
at the input's positions (divided by how often an overlapping input repeats a position).
"""
from __future__ import annotations

import operator

import numpy as np

from .. import _backend
from .._conj import source_of
from .._device import xp_for
from .._tensor import Tensor, _storage_root
from ..autograd import grad_mode
from ._registry import check_inplace, grad_fn, record

_grad_state = grad_mode._state


def _root(tensor):
    return _storage_root(tensor)


def _address(arr):
    # isinstance: a compiled region's traced arrays are ndarrays too (their memory is the same)
    return arr.__array_interface__["data"][0] if isinstance(arr, np.ndarray) else arr.data.ptr


def _storage(tensor):
    """``(flat, offset)``: a 1-D array over all the memory of ``tensor``'s storage (its base's
    elements in memory order) and the position of ``tensor``'s first element in it."""
    root = _root(tensor)
    flat = root.__dict__.get("_storage")
    if flat is None:
        arr = root._data
        if any(stride < 0 for stride in arr.strides):
            arr = arr[tuple(slice(None, None, -1) if stride < 0 else slice(None)
                            for stride in arr.strides)]
        span = 0 if arr.size == 0 else arr.itemsize + sum(
            (size - 1) * stride for size, stride in zip(arr.shape, arr.strides))
        flat = _backend.as_strided(arr, (span // arr.itemsize,), (arr.itemsize,),
                                   writeable=True)
    if flat.dtype != tensor._data.dtype:
        flat = flat.view(tensor._data.dtype)
    if tensor._data.size == 0:
        # No element to locate: the offset as_strided was given is remembered.
        return flat, tensor.__dict__.get("_empty_offset", 0)
    return flat, (_address(source_of(tensor._data)) - _address(flat)) // flat.itemsize


def storage_offset(tensor):
    """How many elements of its storage come before ``tensor``'s first element."""
    return _storage(tensor)[1]


def _int_list(name, arg, position, values):
    try:
        return tuple(operator.index(v) for v in values)
    except TypeError:
        bad = next(v for v in values if not hasattr(v, "__index__"))
        raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be tuple of "
                        f"ints, but found element of type {type(bad).__name__} at pos "
                        f"{list(values).index(bad)}") from None


def _geometry(name, size, stride, offset, flat):
    """Check a strided geometry against a storage as PyTorch does; return it as int tuples."""
    size = _int_list(name, "size", 1, size)
    stride = _int_list(name, "stride", 2, stride)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    if all(size):
        needed = offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
        if needed > flat.size:
            item = flat.itemsize
            raise RuntimeError(
                f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                f"{offset}, and itemsize {item} requiring a storage size of {needed * item} are "
                f"out of bounds for storage of size {flat.size * item}")
    return size, stride


def _strided(tensor, flat, size, stride, offset):
    """The array over ``flat`` (``tensor``'s storage) with the given geometry: a view sharing
    its memory."""
    start = flat[offset:] if all(size) else flat[:0]
    return _backend.as_strided(start, size, tuple(s * flat.itemsize for s in stride),
                               writeable=True)


def _positions(size, stride, offset):
    """The storage position of each element of a strided geometry (int64 array of ``size``)."""
    positions = np.full(size, offset, dtype=np.int64)
    for axis, (n, s) in enumerate(zip(size, stride)):
        shape = [1] * len(size)
        shape[axis] = n
        positions = positions + (np.arange(n, dtype=np.int64) * s).reshape(shape)
    return positions


def _input_geometry(tensor):
    flat, offset = _storage(tensor)
    return flat, _positions(tensor._data.shape, tensor.stride(), offset)


def _through_storage(grad, out_positions, in_positions, storage_size):
    """The gradient of reading ``out_positions`` from a storage, taken back to the elements at
    ``in_positions``: scatter-add into the storage, read at the input's places, and share a
    position's gradient among the input elements that alias it."""
    from .indexing import getitem_raw, index_grad
    storage_grad = index_grad(grad, (storage_size,), (out_positions,))
    result = getitem_raw(storage_grad, (in_positions,))
    counts = np.bincount(in_positions.reshape(-1), minlength=storage_size)
    if in_positions.size and counts.max() > 1:
        # The positions are host arrays (the geometry is known on the host): the counts go to
        # the gradient's device.
        result = result / Tensor._make(_backend.to_device(
            counts[in_positions].astype(grad._data.dtype), grad._device))
    return result


def as_strided(input, size, stride, storage_offset=None):
    """A view of ``input``'s storage: element ``index`` of the result is storage element
    ``storage_offset + sum(index[d] * stride[d])`` (offset defaults to input's own).

    grad: the output's gradient summed into storage positions, read back at input's positions.
    """
    flat, own_offset = _storage(input)
    offset = own_offset if storage_offset is None else operator.index(storage_offset)
    size, stride = _geometry("as_strided", size, stride, offset, flat)
    from .shape import make_view
    out = make_view(input, _strided(input, flat, size, stride, offset))
    if not all(size):
        out.__dict__["_empty_offset"] = offset
    if _grad_state.enabled and input._requires_grad:
        in_positions = _input_geometry(input)[1]
        record(out, AsStridedBackward0, (input,), size=flat.size,
               out_positions=_positions(size, stride, offset), in_positions=in_positions)
    return out


def _as_strided_backward(ctx, grad):
    return _through_storage(grad, ctx.out_positions, ctx.in_positions, ctx.size)


AsStridedBackward0 = grad_fn("AsStridedBackward0")(_as_strided_backward)
AsStridedBackward1 = grad_fn("AsStridedBackward1")(_as_strided_backward)


def as_strided_(self, size, stride, storage_offset=None):
    """In-place ``as_strided``: ``self`` itself takes the new geometry over its storage."""
    check_inplace(self)
    flat, own_offset = _storage(self)
    offset = own_offset if storage_offset is None else operator.index(storage_offset)
    size, stride = _geometry("as_strided_", size, stride, offset, flat)
    in_positions = _input_geometry(self)[1] if self._requires_grad else None
    source = Tensor._make(self._data)
    source.grad_fn, source._output_nr = self.grad_fn, self._output_nr
    source._requires_grad = self._requires_grad
    if self.__dict__.get("_storage") is None and _storage_root(self) is self:
        self.__dict__["_storage"] = flat
    self._data = _strided(self, flat, size, stride, offset)
    if _grad_state.enabled and self._requires_grad:
        self._output_nr = 0
        record(self, AsStridedBackward1, (source,), size=flat.size,
               out_positions=_positions(size, stride, offset), in_positions=in_positions)
    return self


def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of ``input`` with ``src`` written into its ``as_strided(size, stride,
    storage_offset)`` view (the copy has input's storage layout, so the offset is counted in
    input's storage, defaulting to input's own).

    grad: input gets grad with the written places zeroed; src gets grad read at its places.
    """
    if not isinstance(src, Tensor):
        raise TypeError(f"as_strided_scatter(): argument 'src' (position 2) must be Tensor, not "
                        f"{type(src).__name__}")
    flat, own_offset = _storage(input)
    offset = own_offset if storage_offset is None else operator.index(storage_offset)
    size, stride = _geometry("as_strided_scatter", size, stride, offset, flat)
    if tuple(src._data.shape) != size:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._data.shape)}, slice size = {list(size)}")
    if src._dtype is not input._dtype:
        raise RuntimeError(f"expected src to have the same dtype as self, got {src._dtype} and "
                           f"{input._dtype}")
    copy = flat.copy()
    in_positions = _positions(input._data.shape, input.stride(), own_offset)
    out_positions = _positions(size, stride, offset)
    copy[out_positions] = src._data
    # The result has input's geometry over a copy of input's whole storage, as in torch.
    out = Tensor._make(_strided(input, copy, input._data.shape, input.stride(), own_offset))
    out.__dict__["_storage"] = copy
    return record(out, AsStridedScatterBackward0, (input, src), size=flat.size,
                  out_positions=out_positions, in_positions=in_positions)


@grad_fn("AsStridedScatterBackward0")
def AsStridedScatterBackward0(ctx, grad):
    from .indexing import getitem_raw, index_grad
    storage_grad = index_grad(grad, (ctx.size,), (ctx.in_positions,))
    grad_input = grad_src = None
    if ctx.needs_input_grad[0]:
        written = np.zeros(ctx.size, dtype=bool)
        written[ctx.out_positions] = True
        kept = Tensor._make(_backend.to_device((~written).astype(grad._data.dtype),
                                               grad._device))
        grad_input = getitem_raw(storage_grad * kept, (ctx.in_positions,))
    if ctx.needs_input_grad[1]:
        grad_src = getitem_raw(storage_grad, (ctx.out_positions,))
    return grad_input, grad_src


def resize_(self, *sizes, memory_format=None):
    """Give ``self`` the contiguous shape ``sizes`` over its storage, in place.

    Element ``i`` (in C order) becomes storage element ``storage_offset + i``. When the
    storage is too small it grows: the old storage is copied to the start of a new one and the
    rest is uninitialised. Same shape: nothing changes (not even the strides).
    """
    from .shape import _shape_args
    size = _shape_args(sizes, "resize_")
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    check_inplace(self)
    if any(n < 0 for n in size):
        raise RuntimeError("numel: integer multiplication overflow")
    if size == tuple(self._data.shape):
        return self
    flat, offset = _storage(self)
    numel = int(np.prod(size, dtype=np.int64))
    if offset + numel > flat.size:
        xp = xp_for(self._device)
        grown = xp.empty(offset + numel, dtype=flat.dtype)
        grown[:flat.size] = flat
        flat = grown
        # A view's base keeps its old memory: NumPy cannot move it in place, as torch would.
        self._base = None
        self.__dict__.pop("_alias_of", None)
        self._vc = [self._vc[0]]
        self.__dict__.pop("_view_fn", None)
        self.__dict__["_storage"] = flat
    elif _storage_root(self) is self and self.__dict__.get("_storage") is None:
        self.__dict__["_storage"] = flat
    self._data = flat[offset:offset + numel].reshape(size)
    return self


def resize_as_(self, the_template, *, memory_format=None):
    """``self.resize_(the_template.size())``."""
    return resize_(self, *the_template._data.shape)


FUNCTIONS = {"as_strided": as_strided, "as_strided_scatter": as_strided_scatter}
METHODS = dict(FUNCTIONS)
METHODS.update({"as_strided_": as_strided_, "resize_": resize_, "resize_as_": resize_as_})
