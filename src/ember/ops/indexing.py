"""Indexing: ``t[...]``, ``t[...] = v``, gather/scatter and friends.

The derivative of reading ``t[idx]`` is writing the gradient into zeros at ``idx`` (adding,
so repeated indices accumulate); the derivative of that write is reading ``grad[idx]`` again.
The two ops are each other's derivative, which gives every order of derivative.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _backend
from .. import _memory_format as MF
from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._tensor import Tensor, _wrap_dim
from ..autograd import forward_ad as _forward_ad
from ..autograd import grad_mode
from ..autograd.graph import modified_inplace_error
from ._registry import complex_half_error, invalid_combination, no_meta_kernel
from ._registry import (
    _repeats_elements,
    array_path,
    as_tensor_arg,
    broadcast_shape,
    check_inplace,
    check_no_partial_overlap,
    grad_fn,
    inplace,
    needs_grad,
    not_tensor,
    record,
    sum_to,
    type_name,
    wrap,
    write_into,
)
from .shape import make_view
from .._deprecated import _user_stacklevel, warn_complex_to_real, warn_once

_grad_state = grad_mode._state


_INDEX_TYPES = "tensors used as indices must be long, int, byte or bool tensors"


def _convert_index(index, shape, device):
    """Turn a PyTorch index into a NumPy one; report whether it is advanced (copying).

    Also checks what NumPy would report in its own words: too many indices and boolean masks
    whose shape does not match the dims they cover, and PyTorch's rule for index tensors on a
    device: they index a tensor on their own device, and CPU ones index a tensor anywhere.
    """
    if type(index) is list and _sequence_as_tuple(index):
        warnings.warn(_SEQUENCE_WARNING, UserWarning, stacklevel=_user_stacklevel())
        index = tuple(index)
    single = not isinstance(index, tuple)
    if single and not shape:
        _check_zero_dim_index(index)
    # PyTorch reads a string as the sequence of its characters, each one index.
    items = tuple(index) or (index,) if isinstance(index, str) else \
        (index,) if single else index
    out = []
    advanced = False
    consumed = 0
    masks = []
    text = False
    refused = None  # the first index of a type torch refuses, raised after the count
    for i in items:
        if isinstance(i, Tensor):
            if i._device != device and i._device.type != "cpu":
                raise RuntimeError("indices should be either on cpu or on the same device as "
                                   f"the indexed tensor ({device})")
            if i._dtype is D.bool_ or i._dtype is D.uint8:
                if i._dtype is D.uint8:
                    warnings.warn("indexing with dtype ember.uint8 is now deprecated, please use "
                                  "a dtype ember.bool instead.", UserWarning,
                                  stacklevel=_user_stacklevel())
                arr = i._data.astype(bool, copy=False)
                masks.append((len(out), arr.shape))
                consumed += arr.ndim
                advanced = True
            elif i._dtype.category == D._INT and (i._data.ndim == 0 or
                                                   i._dtype is D.int64 or i._dtype is D.int32):
                # a 0-d integer tensor of any width is a number; index tensors are long or int
                arr = i._data
                if arr.ndim == 0:
                    arr = int(arr)
                else:
                    advanced = True
                consumed += 1
            else:  # refused once the count of indices is checked, as torch does
                refused = refused or _INDEX_TYPES
                consumed += 1
                continue
            out.append(arr)
        elif isinstance(i, (list, tuple, range, np.ndarray)):
            numbers = not isinstance(i, (list, tuple)) or not any(isinstance(x, Tensor)
                                                                  for x in i)
            arr = np.asarray(i if numbers else [x.item() if isinstance(x, Tensor) else x
                                                for x in i])
            if arr.dtype.kind not in "iub":
                if not shape:  # a 0-d tensor takes no index at all: the count first
                    raise IndexError("too many indices for tensor of dimension 0")
                # torch reads a list (or NumPy array) of numbers as long indices: floats
                # truncated
                if arr.dtype.kind != "f" or arr.size and not numbers:
                    raise IndexError(_INDEX_TYPES)
                if not (np.abs(arr) < 2.0 ** 63).all():  # NaN too
                    raise RuntimeError("value cannot be converted to type int64 without "
                                       "overflow")
                arr = arr.astype(np.int64)
            if arr.dtype == np.uint8:  # a byte mask, as a uint8 tensor is (a NumPy image mask)
                warnings.warn("indexing with dtype ember.uint8 is now deprecated, please use "
                              "a dtype ember.bool instead.", UserWarning,
                              stacklevel=_user_stacklevel())
                arr = arr.astype(bool)
            if arr.dtype.kind == "b":
                masks.append((len(out), arr.shape))
                consumed += arr.ndim
            else:
                consumed += 1
            out.append(arr)
            advanced = True
        elif isinstance(i, slice):
            if i.step is not None and int(i.step) <= 0:
                raise ValueError("slice step cannot be zero" if int(i.step) == 0 else
                                 "step must be greater than zero")
            out.append(slice(*(None if v is None else int(v) for v in (i.start, i.stop,
                                                                        i.step))))
            consumed += 1
        elif i is None or i is Ellipsis:
            out.append(i)
        elif isinstance(i, (bool, np.bool_)):
            out.append(bool(i))
            advanced = True
        elif isinstance(i, (int, np.integer)):
            out.append(int(i))
            consumed += 1
        elif isinstance(i, str):
            text = True  # refused once the count of indices is checked
            consumed += 1
        else:  # refused once the count of indices is checked, as torch does
            refused = refused or ("only integers, slices (`:`), ellipsis (`...`), None and long "
                                  f"or byte Variables are valid indices (got "
                                  f"{type(i).__name__})")
            consumed += 1
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if refused:
        raise IndexError(refused)
    if text:
        raise TypeError("new(): invalid data type 'str'")
    if masks:
        _check_masks(out, masks, shape, consumed)
    if advanced and any(type(i) is int for i in out):
        return _split(out), advanced, single
    return tuple(out), advanced, single


def _check_zero_dim_index(index):
    """PyTorch's errors for an int or a slice alone indexing a 0-d tensor."""
    if isinstance(index, (int, np.integer)) and not isinstance(index, (bool, np.bool_)):
        if index == 0:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                             "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"index {index} is out of bounds for dimension 0 with size 0")
    if isinstance(index, slice) and (index.step is None or int(index.step) > 0):
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")


_SEQUENCE_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error or "
    "a different result")


def _sequence_as_tuple(index):
    """PyTorch reads a short list holding tensors, sequences, slices, ... or None as a tuple."""
    if len(index) >= 32:
        return False
    return any(isinstance(i, (Tensor, list, tuple, range, slice)) or i is None or i is Ellipsis
               for i in index)


class _Split(tuple):
    """An index PyTorch applies in two steps: its integers first (each a select), then the
    advanced rest. NumPy would count the integers as advanced indices, which moves the
    broadcast dims to the front when a slice separates them from the others."""


def _split(items):
    basic, rest = [], []
    for i in items:
        if type(i) is int:
            basic.append(i)
        elif i is None:
            basic.append(None)
            rest.append(slice(None))
        elif i is Ellipsis:
            basic.append(Ellipsis)
            rest.append(Ellipsis)
        else:
            n = i.ndim if isinstance(i, np.ndarray) and i.dtype == bool else \
                (0 if isinstance(i, bool) else 1)
            basic.extend([slice(None)] * n)
            rest.append(i)
    split = _Split((tuple(basic), tuple(rest)))
    split.items = tuple(items)  # the order torch applies them in, for the gradient's grad_fn
    return split


def _target(arr, idx):
    """The array and index that a read or write at ``idx`` applies to."""
    if type(idx) is _Split:
        return arr[idx[0]], idx[1]
    return arr, idx


def _read(arr, idx):
    arr, idx = _target(arr, idx)
    return arr[idx]


def _check_masks(items, masks, shape, consumed):
    """PyTorch's error for a boolean mask whose shape differs from the dims it covers."""
    for position, mask_shape in masks:
        dim = 0
        for i in items[:position]:
            if i is Ellipsis:
                dim += len(shape) - consumed
            elif isinstance(i, np.ndarray) and i.dtype == bool:
                dim += i.ndim
            elif i is not None and not isinstance(i, bool):
                dim += 1
        for k, size in enumerate(mask_shape):
            if shape[dim + k] != size:
                raise IndexError(f"The shape of the mask {list(mask_shape)} at index {k} does "
                                 f"not match the shape of the indexed tensor {list(shape)} at "
                                 f"index {dim + k}")


def _is_full(item, size):
    return (item.start in (None, 0) and item.step in (None, 1)
            and (item.stop is None or item.stop >= size))


def _basic_name(idx, shape, single):
    """The grad_fn PyTorch shows for basic indexing: that of the last view op it records.

    PyTorch records one node per index item (select, slice, unsqueeze) and skips full slices
    inside a tuple; ember records one node that undoes the whole index, under the last name.
    """
    if single and isinstance(idx[0], slice):
        return "SliceBackward0"
    consumed = sum(1 for i in idx if i is not None and i is not Ellipsis)
    last, dim = "AliasBackward0", 0
    for i in idx:
        if i is Ellipsis:
            dim += len(shape) - consumed
        elif i is None:
            last = "UnsqueezeBackward0"
        else:
            if isinstance(i, int):
                last = "SelectBackward0"
            elif not _is_full(i, shape[dim]):
                last = "SliceBackward0"
            dim += 1
    return last


def _index_error(exc, idx=None, shape=None):
    """NumPy's indexing error in PyTorch's words (``idx``/``shape``: the converted index and
    the indexed shape, to number an out-of-bounds index tensor as torch does)."""
    if idx is not None:
        bounds = _index_tensor_bounds_error(idx, shape)
        if bounds is not None:
            return bounds
    msg = str(exc).replace("axis", "dimension")
    if msg.startswith("shape mismatch"):
        shapes = msg.split("shapes ", 1)[1].split()
        msg = ("shape mismatch: indexing tensors could not be broadcast together with shapes " +
               ", ".join(_fmt_shape(s) for s in shapes))
    return IndexError(msg)


def _real_part(value, dtype):
    """The array a write of ``value`` into a ``dtype`` tensor copies: a complex value into a
    real tensor loses its imaginary part, with PyTorch's warning (once a process)."""
    if value._dtype.category == D._COMPLEX and dtype.category != D._COMPLEX:
        warn_complex_to_real()
        return value._data.real
    return value._data


def _broadcasts_into(value_shape, target):
    """Whether a value of ``value_shape`` can be written into a place of shape ``target``
    (PyTorch drops the value's leading size-1 dims first)."""
    lead = 0
    while lead < len(value_shape) and value_shape[lead] == 1:
        lead += 1
    try:
        return np.broadcast_shapes(tuple(value_shape[lead:]), tuple(target)) == tuple(target)
    except ValueError:
        return False


def _mismatch(value_shape, target):
    return RuntimeError(f"shape mismatch: value tensor of shape {list(value_shape)} cannot be "
                        f"broadcast to indexing result of shape {list(target)}")


def _put_error(exc, idx, shape, value_shape):
    """PyTorch's error for a write of a ``value_shape`` value at ``idx`` that NumPy refused:
    a value that does not broadcast to the indexed place is reported first, even where an
    index is also out of bounds; then the index error."""
    try:
        target = _result_shape(idx, shape)
    except IndexError as empty:
        return empty
    if target is not None:
        if not _broadcasts_into(value_shape, target):
            return _mismatch(value_shape, target)
    if isinstance(exc, IndexError):
        return _index_error(exc, idx, shape)
    return exc


# One int8 element broadcast to a shape: a stand-in that holds no data, indexed to learn the
# shape an index gives (host-side bookkeeping; the tensor's own array is never touched).
_GHOST_ELEMENT = np.int8(0)


def _result_shape(idx, shape):
    """The shape of ``x[idx]`` for an x of ``shape``, worked out on a stand-in that holds no
    data, with out-of-bounds index tensors wrapped into range (None where the stand-in cannot be
    indexed either; PyTorch's IndexError for an index into an empty dim)."""
    ghost = np.broadcast_to(_GHOST_ELEMENT, shape)
    items = idx
    if type(idx) is _Split:
        try:
            ghost = ghost[idx[0]]
        except IndexError:
            return None
        items = idx[1]
    sizes = list(ghost.shape)
    consumed = sum(1 if not isinstance(i, np.ndarray) or i.dtype != np.bool_ else i.ndim
                   for i in items if i is not None and i is not Ellipsis)
    axis, safe = 0, []
    for i in items:
        if i is Ellipsis:
            axis += len(sizes) - consumed
        elif hasattr(i, "dtype") and i.dtype != np.bool_:
            i = _backend.to_host(i)
            if sizes[axis]:
                i = i % sizes[axis]
            elif i.size:  # PyTorch reports an index into an empty dim first
                raise IndexError("index is out of bounds for dimension with size 0")
            axis += 1
        elif hasattr(i, "dtype"):
            i = _backend.to_host(i)
            axis += i.ndim
        elif i is not None and not isinstance(i, bool):
            axis += 1
        safe.append(i)
    try:
        return np.broadcast_to(_GHOST_ELEMENT, sizes)[tuple(safe)].shape
    except (IndexError, ValueError):
        return None


def _index_tensor_bounds_error(idx, shape):
    """torch's error for the first out-of-bounds value of an index tensor: it numbers the
    dimension among the index tensors (x[:, [9]] on a (3, 4) tensor: dimension 0), not among
    the tensor's dims as NumPy does. None when no index tensor is out of bounds."""
    consumed = sum(1 if not isinstance(i, np.ndarray) or i.dtype != np.bool_ else i.ndim
                   for i in idx if i is not None and i is not Ellipsis)
    axis = ordinal = 0
    for i in idx:
        if i is None:
            continue
        if i is Ellipsis:
            axis += len(shape) - consumed
            continue
        if not isinstance(i, np.ndarray):
            axis += 1
            continue
        if i.dtype == np.bool_:
            axis += i.ndim
            ordinal += i.ndim
            continue
        size = shape[axis]
        bad = i[(i >= size) | (i < -size)]
        if bad.size:
            return IndexError(f"index {int(bad.flat[0])} is out of bounds for dimension "
                              f"{ordinal} with size {size}")
        axis += 1
        ordinal += 1
    return None


def _fmt_shape(text):
    return "[" + ", ".join(p for p in text.strip("(),").split(",") if p) + "]"


def getitem(input, index):
    """``input[index]``: a view for ints/slices/None/..., a copy for tensor, list or bool
    indices.   The gradient is written (added, for repeated indices) into zeros at index."""
    shape = input._data.shape
    if type(index) is int and shape:
        # The most common index (``x[i]``, iteration): skip the general conversion.
        if not -shape[0] <= index < shape[0]:
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size "
                             f"{shape[0]}")
        idx, advanced, single = (index,), False, True
    else:
        idx, advanced, single = _convert_index(index, shape, input._device)
    try:
        arr = _unsqueezed(input._data, idx) if not advanced and None in idx else \
            _read(input._data, idx)
    except IndexError as exc:
        raise _index_error(exc, idx, shape) from None
    if not advanced:
        if isinstance(arr, np.generic):
            # NumPy returns a scalar copy for a full integer index; a trailing ... gives the
            # 0-d view that torch returns (writes through it reach the input).
            arr = input._data[idx + (Ellipsis,)]
        out = make_view(input, arr)
        name = "SelectBackward0" if single and type(index) is int else \
            _basic_name(idx, shape, single)
        return record(out, _BASIC_NODES[name], (input,), index=idx)
    out = wrap(arr)
    saved = _index_versions(index)
    if saved:
        return record(out, IndexBackward0, (input,), index=idx, index_versions=saved)
    return record(out, IndexBackward0, (input,), index=idx)


def _index_versions(index):
    """The index tensors of ``index`` with their versions now: a backward that reads the
    index (converted to arrays sharing their memory) first checks that none has been changed in
    place since, as torch checks the indices it saved."""
    items = index if type(index) is tuple else (index,)
    return tuple([(t, t._vc[0]) for t in items if isinstance(t, Tensor) and t._data.ndim])


def _check_index_versions(ctx):
    for t, version in ctx.__dict__.get("index_versions", ()):
        if t._vc[0] != version:
            raise modified_inplace_error(t, t._vc[0], version)


def _unsqueezed(data, idx):
    """``data[idx]`` for a basic index holding None, with torch's stride for each new dim.

    torch unsqueezes as it meets each None, before the items after it apply, so a new dim steps
    over the dim it goes before (that dim's size times its stride, as in ``data``) or over one
    element at the end; NumPy gives it stride 0. An index of only None, ``...`` and ``:`` is a
    reshape, and NumPy's reshape strides a new dim as torch does, save where ``data`` has
    size-1 dims (restrided by NumPy) or a new dim ends a result whose last stride is not one
    element: the common idioms cost one reshape; the rest are restrided here."""
    arr = data[idx]
    shape = data.shape
    # With no size-1 dim in data, an index that keeps every element takes whole dims only
    if (arr.size == data.size and arr.size and 1 not in shape and
            (arr.shape[-1] != 1 or not shape or data.strides[-1] == data.itemsize)):
        return data.reshape(arr.shape)
    strides = data.strides
    if not data.size and data.ndim and not any(strides):  # NumPy's empty strides: torch's
        strides = tuple(s * data.itemsize for s in Tensor._make(data).stride())
    wanted, dim = [], 0
    for item in idx:
        if item is None:
            wanted.append(shape[dim] * strides[dim] if dim < len(shape) else data.itemsize)
        elif item is Ellipsis:
            rest = len(shape) + idx.count(None) + 1 - len(idx)  # every other item takes a dim
            wanted.extend(strides[dim:dim + rest])
            dim += rest
        elif type(item) is int:
            dim += 1
        else:
            wanted.append(strides[dim] * (item.step or 1))
            dim += 1
    wanted = tuple(wanted) + strides[dim:]
    if arr.strides == wanted:
        return arr
    if type(arr) is not np.ndarray:
        return _backend.as_strided(arr, arr.shape, wanted)
    if arr.flags.c_contiguous or arr.flags.f_contiguous:
        # a contiguous result is its own buffer: far cheaper than as_strided's interface copy
        return np.ndarray(arr.shape, arr.dtype, buffer=arr, strides=wanted)
    return _backend.as_strided(arr, arr.shape, wanted, writeable=arr.flags.writeable)



def _getitem_backward(ctx, grad):
    _check_index_versions(ctx)
    shape = ctx._input_meta[0][0]
    idx = ctx.index
    name = _first_backward_name(getattr(idx, "items", idx), shape)
    if name is None:
        if type(ctx).__name__ == "AliasBackward0":
            return grad  # x[...], x[:, :]: torch's alias passes the gradient through
        name = "SliceBackwardBackward0"  # x[:] alone: torch records the (full) slice
    return index_grad(grad, shape, idx, name)


def _first_backward_name(idx, shape):
    """The grad_fn torch gives the gradient of ``x[idx]`` (seen under create_graph): torch
    applies the index's items as select/slice/unsqueeze views left to right (skipping full
    slices), then one index() for the tensor items, and backpropagates through them in reverse,
    so the gradient comes out of the backward of the first view it applied, or of index()'s
    index_put when there was none. None where torch applies nothing."""
    consumed = sum(1 for i in idx if i is not None and i is not Ellipsis and
                   not isinstance(i, bool))
    dim, advanced = 0, False
    for i in idx:
        if i is Ellipsis:
            dim += len(shape) - consumed
        elif i is None or isinstance(i, bool):  # True/False: an unsqueeze (then an index)
            return "SqueezeBackward1"
        elif isinstance(i, (int, np.integer)):
            return "SelectBackwardBackward0"
        elif isinstance(i, slice):
            if not _is_full(i, shape[dim]):
                return "SliceBackwardBackward0"
            dim += 1
        else:
            advanced = True
            dim += i.ndim if getattr(i, "dtype", None) == np.bool_ else 1
    return "IndexPutImplBackward0" if advanced else None


IndexBackward0 = grad_fn("IndexBackward0")(_getitem_backward)
_BASIC_NODES = {name: grad_fn(name)(_getitem_backward) for name in
                ("SelectBackward0", "SliceBackward0", "UnsqueezeBackward0", "AliasBackward0")}


def index_grad(grad, shape, index, name=None):
    """zeros(shape) with ``grad`` added at ``index`` (the derivative of indexing), recorded
    under ``name`` (the grad_fn torch's own derivative shows; IndexGradBackward0 if None)."""
    out = _backend.namespace_of(grad._data).zeros(shape, dtype=grad._data.dtype)
    _backend.scatter_add(*_target(out, index), grad._data)
    node = IndexGradBackward0 if name is None else _index_grad_node(name)
    return record(Tensor._make(out), node, (grad,), index=index)


def _index_grad_backward(ctx, grad):
    return getitem_raw(grad, ctx.index)


IndexGradBackward0 = grad_fn("IndexGradBackward0")(_index_grad_backward)
_INDEX_GRAD_NODES = {}


def _index_grad_node(name):
    node = _INDEX_GRAD_NODES.get(name)
    if node is None:
        node = _INDEX_GRAD_NODES[name] = grad_fn(name)(_index_grad_backward)
    return node


def getitem_raw(input, idx):
    out = wrap(_read(input._data, idx))
    return record(out, IndexBackward0, (input,), index=idx)


def _check_indices_arg(indices, name, method):
    """torch's argument parser for ``indices``: a tuple (or list) of tensors only; slices,
    ints, None and lists, which ``x[...]`` takes, raise its TypeError (the function's argument
    numbers are one more than the method's)."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"{name}(): argument 'indices' (position {1 if method else 2}) must be "
                        f"tuple of Tensors, not {type(indices).__name__}")
    for i, item in enumerate(indices):
        if not isinstance(item, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument {0 if method else 1}, "
                            f"but got {type(item).__name__}")


def index_put(input, indices, values, accumulate=False, *, _method=False):
    """A copy of input with ``values`` written (or added) at ``indices``.
    d/dinput = grad with the written places zeroed; d/dvalues = grad[indices]."""
    _check_indices_arg(indices, "index_put", _method)
    if not accumulate and len(indices) == 1 and isinstance(indices[0], Tensor) and \
            indices[0]._dtype is D.uint8 and as_tensor_arg(values)._data.size == 1:
        # torch writes one value under one mask as masked_fill_, which takes no uint8 mask
        # (``self[mask] = value`` takes it, with the deprecation warning)
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           "unsigned char")
    idx = _convert_index(tuple(indices), input._data.shape, input._device)[0]
    if isinstance(values, Tensor) and values._dtype is not input._dtype:
        _check_index_put(input, tuple(indices), idx, values)  # the shape, then the dtype
    return _put(input, idx, values, accumulate, "IndexPutBackward0", _index_versions(indices))


def _put(input, idx, values, accumulate, name, index_versions=()):
    values = as_tensor_arg(values)
    out = input._data.copy()
    v = _real_part(values, input._dtype)
    if v.dtype != out.dtype:
        v = v.astype(out.dtype)
    view, at = _target(out, idx)
    try:
        if accumulate:
            np.add.at(view, at, v)
        else:
            view[at] = v
    except (IndexError, ValueError, TypeError) as exc:
        raise _put_error(exc, idx, input._data.shape, values._data.shape) from None
    cls = _PUT_NODES[name]
    if index_versions:
        return record(Tensor._make(out), cls, (input, values), index=idx, accumulate=accumulate,
                      index_versions=index_versions)
    return record(Tensor._make(out), cls, (input, values), index=idx, accumulate=accumulate)


def _put_backward(ctx, grad):
    _check_index_versions(ctx)
    gi = gv = None
    if ctx.needs_input_grad[0]:
        gi = grad if ctx.accumulate else masked_zero(grad, ctx.index)
    if ctx.needs_input_grad[1]:
        gv = getitem_raw(grad, ctx.index)
        shape = ctx._input_meta[1][0]
        if gv._data.shape != shape:
            gv = sum_to(gv, shape, "index_put")
    return gi, gv


_PUT_NODES = {name: grad_fn(name)(_put_backward) for name in
              ("IndexPutBackward0", "CopySlices", "CopyBackwards", "FillBackward3")}
# PyTorch names its two hand-written C++ nodes with their namespace.
_PUT_NODES["CopyBackwards"].name = lambda self: "ember::autograd::CopyBackwards"
_PUT_NODES["CopySlices"].name = lambda self: "ember::autograd::CopySlices"


def masked_zero(grad, idx):
    """grad with the places at ``idx`` set to zero (linear, so its derivative is itself)."""
    out = grad._data.copy()
    view, at = _target(out, idx)
    view[at] = 0
    return record(Tensor._make(out), MaskedZeroBackward0, (grad,), index=idx)


@grad_fn("MaskedZeroBackward0")
def MaskedZeroBackward0(ctx, grad):
    return masked_zero(grad, ctx.index)


def _as_expanded(value, shape):
    """``value`` seen as the view PyTorch's setitem copies from: expanded to ``shape``, a new
    leading dim striding over all the dims behind it (so ``x[0:1] = x[0]`` writes x[0:1]
    onto itself, a full overlap, not a partial one)."""
    array = value._data
    if array.shape == tuple(shape) or array.size == 0:
        return value
    strides = []
    for i in range(len(shape) - 1, -1, -1):
        dim = i - (len(shape) - array.ndim)
        if dim >= 0:
            stride = array.strides[dim] if array.shape[dim] == shape[i] else 0
        else:
            stride = shape[i + 1] * strides[0] if strides else array.itemsize
        strides.insert(0, stride)
    view = Tensor._make(_backend.as_strided(array, tuple(shape), tuple(strides)))
    view._vc = value._vc
    return view


def _checked_item(value, dtype):
    """A Python number written into a tensor of ``dtype`` by ``self[index] = value``, refused as
    torch refuses it: an int past int64's range (its parser's ValueError), a number the dtype
    cannot hold (NaN, inf or out of range for an integer dtype; an imaginary part for a real
    one, a finite number past float32's range for float32 and complex64), never a NumPy
    OverflowError or a silent wrap or inf."""
    if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    if dtype is D.bool_:
        return value
    from .creation import checked_scalar
    return checked_scalar(value, dtype)


def _is_byte_mask(index):
    """A uint8 tensor, NumPy array or list of NumPy uint8 scalars: torch's deprecated mask."""
    # (a 0-d one is not: torch writes through it as a mask of the whole tensor)
    if isinstance(index, Tensor):
        return index._dtype is D.uint8 and index._data.ndim > 0
    if isinstance(index, np.ndarray):
        return index.dtype == np.uint8 and index.ndim > 0
    return isinstance(index, list) and bool(index) and all(isinstance(i, np.uint8)
                                                           for i in index)


def _lone_byte_mask(index):
    """Whether the only advanced part of ``index`` is a byte mask (torch's masked_fill_ case)."""
    if not isinstance(index, tuple):
        return _is_byte_mask(index)
    advanced = [i for i in index if not (i is None or i is Ellipsis or
                                         isinstance(i, (slice, int, np.integer)))]
    return len(advanced) == 1 and _is_byte_mask(advanced[0])


def setitem(self, index, value):
    """``self[index] = value`` as an in-place op (so gradients reach both self and value)."""
    if (not isinstance(value, Tensor) or not value._data.ndim) and _lone_byte_mask(index) and \
            not (isinstance(index, Tensor) and index.shape != self.shape[:index.ndim]):
        # (a mask of another shape than self's leading dims: torch's IndexError comes first)
        # one value under a lone mask is masked_fill_, which takes no uint8 mask (reading
        # self[mask] takes it, with the deprecation warning)
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           "unsigned char")
    shape = self._data.shape
    idx, advanced, _ = _convert_index(index, shape, self._device)
    scalar = not isinstance(value, Tensor)
    if advanced:
        _check_index_put(self, index, idx, value)
    if scalar and isinstance(value, (int, float, complex)) and not isinstance(value, bool):
        value = _checked_item(value, self._dtype)
    if scalar:
        value = Tensor._make(_backend.namespace_of(self._data).asarray(value,
                                                                      dtype=self._data.dtype)
                             if self._dtype is not D.complex32 else D.to_complex32(
                                 _backend.namespace_of(self._data).asarray(value)))
    if not advanced:
        if _grad_state.enabled and self._requires_grad and self.grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in "
                               "an in-place operation.")
        try:
            target = _read(self._data, idx)
        except IndexError as exc:
            raise _index_error(exc, idx, self._data.shape) from None
    if not scalar and value._data.ndim and value._data.shape[0] == 1 and (
            advanced or value._data.shape != target.shape):
        # PyTorch drops the value's leading size-1 dims before broadcasting it into place,
        # unless it has the target's shape already (``x[i:] += 1`` writes x[i:] into itself).
        lead = 0
        while lead < value._data.ndim and value._data.shape[lead] == 1:
            lead += 1
        value = value.reshape(value._data.shape[lead:])
    if not advanced:
        # PyTorch copies into the view with expand semantics: its shape errors are expand's.
        value.detach().expand(target.shape)
    if not scalar and value._vc is self._vc:
        source = value if advanced else _as_expanded(value, target.shape)
        check_no_partial_overlap(self, source, region=None if advanced else target)
    if not needs_grad(self, value):
        check_inplace(self)
        view, at = _target(self._data, idx)
        try:
            view[at] = D.as_np(_real_part(value, self._dtype), self._dtype)
        except ValueError as exc:
            if not _repeats_elements(view):
                raise _put_error(exc, idx, self._data.shape, value._data.shape) from None
            if advanced:  # index_put_ into an expanded tensor: allowed, with torch's warning
                _warn_expanded(self, "index_put_", "tensor[indices] = tensor")
                from ._registry import _writable_alias
                _writable_alias(view)[at] = D.as_np(_real_part(value, self._dtype),
                                                    self._dtype)
                self._vc[0] += 1
                return
            # an expanded self: torch writes the indexed place only when it has no shared
            # elements (x[0] = v, not x[:, 0] = v, for x of stride 0 along dim 0)
            write_into(target, D.as_np(_real_part(value, self._dtype), self._dtype))
        except (IndexError, TypeError) as exc:
            raise _put_error(exc, idx, self._data.shape, value._data.shape) from None
        self._vc[0] += 1
        if _CONJ_LIVE:
            _conj_written(self)
        # forward AD: the written place takes value's tangent (jvp gave zeros for
        # ``out[i] = f(x)`` into a plain tensor, and left a dual's tangent where a number was
        # written)
        _forward_ad.written(self, idx, value)
        return
    saved = ()
    if advanced:
        name = "IndexPutBackward0"
        saved = _index_versions(index)
    elif all(i is Ellipsis or isinstance(i, slice) and _is_full(i, n)
             for i, n in zip(idx, shape)) and len(idx) <= len(shape):
        name = "FillBackward3" if scalar else "CopyBackwards"
    else:
        name = "CopySlices"
    inplace(self, lambda s, v: _put(s, idx, v, False, name, saved), value, overlap_checked=True)


def _check_index_put(self, index, idx, value):
    """torch's checks of ``self[index] = value`` with an advanced index: a lone mask with a
    scalar (or 0-d) value is masked_fill_, which takes bool masks only; any other advanced
    write is index_put_, which takes a value tensor of self's dtype only (it does not cast),
    after its errors for an index into an empty dim and for a value of the wrong shape."""
    lone_mask = isinstance(index, Tensor) and index._dtype in (D.bool_, D.uint8)
    zero_d = not isinstance(value, Tensor) or not value._data.ndim
    if lone_mask and zero_d:
        if index._dtype is D.uint8:
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with "
                               "dtype unsigned char")
        return
    if isinstance(value, Tensor) and value._dtype is not self._dtype:
        try:
            shape = _read(self._data, idx).shape
        except IndexError:
            if 0 in self._data.shape:
                return  # the write raises torch's error for an index into an empty dim
            shape = _result_shape(idx, self._data.shape)
        if shape is not None and not _broadcasts_into(value._data.shape, shape):
            raise _mismatch(value._data.shape, shape)
        raise RuntimeError("Index put requires the source and destination dtypes match, got "
                           f"{type_name(self._dtype)} for the destination and "
                           f"{type_name(value._dtype)} for the source.")


# --- gather / scatter ---------------------------------------------------------------------------

def _along(index, dim):
    """Fancy-index tuple addressing ``out[i][j][index[i][j][k]]...`` along ``dim``."""
    if index.ndim == 1:  # no other dims: no open grid (np.ogrid's slice parsing costs)
        return (index,)
    grids = list(np.ogrid[tuple(slice(0, s) for s in index.shape)])
    grids[dim] = index
    return tuple(grids)


def _rank1(arr):
    """A 0-d array as a 1-element one (a view): gather and scatter count a scalar as rank 1,
    so ``zeros(10).scatter_(0, tensor(3), value=1)`` writes one place, as in torch."""
    return arr.reshape(1) if arr.ndim == 0 else arr


def _check_index(input, dim, index, name, src=None, reduce=None):
    """gather/scatter's rules: an int64 or int32 index of input's rank (a scalar counting as
    rank 1), every value in [0, size) along dim (no wrap-around of negatives), and for scatter
    a src of input's dtype, at least as large as index."""
    if index._dtype is not D.int64 and index._dtype is not D.int32:
        # scatter_add and scatter_reduce share scatter's kernel, whose name the message gives.
        kernel = "gather" if name == "gather" else "scatter"
        raise RuntimeError(f"{kernel}(): Expected dtype int32/int64 for index")
    if max(index._data.ndim, 1) != max(input._data.ndim, 1) and index._data.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as "
                           f"{'input' if name == 'gather' else 'self'} tensor")
    _check_src_dtype(input, src)
    if not index._data.size:  # an empty index touches nothing: torch checks no sizes
        if reduce is not None and reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        return
    idx_shape, self_shape = _rank1(index._data).shape, _rank1(input._data).shape
    # the first dim (other than ``dim``) where index is larger than the input
    larger = None
    if len(idx_shape) == len(self_shape):
        for k, (i, n) in enumerate(zip(idx_shape, self_shape)):
            if k != dim and i > n:
                larger = k
                break
    if isinstance(src, Tensor):
        shape = _rank1(src._data).shape
        if larger is not None or len(shape) != len(idx_shape) or \
                any(i > n for i, n in zip(idx_shape, shape)):
            raise RuntimeError(f"Expected index {list(idx_shape)} to be no larger than self "
                               f"{list(self_shape)} apart from dimension {dim} and to be "
                               f"no larger size than src {list(shape)}")
    elif larger is not None:
        where = f"Size does not match at dimension {larger} expected index" \
            if name == "gather" else "Expected index"
        raise RuntimeError(f"{where} {list(idx_shape)} to be no larger than self "
                           f"{list(self_shape)} apart from dimension {dim}")
    if reduce is not None and reduce not in ("add", "multiply"):  # scatter's, before the bounds
        raise RuntimeError("reduce argument must be either add or multiply.")
    _check_bounds(index._data, input._data.shape[dim] if input._data.ndim else 1, dim)


def _largest(values):
    """``values.max()``: on a NumPy array the ufunc reduction it runs, without its Python
    wrapper's cost; a device array's own method otherwise."""
    return _max_of(values, None) if type(values) is np.ndarray else values.max()


_max_of = np.maximum.reduce


def _check_bounds(positions, size, dim):
    """RuntimeError for the first position outside [0, size): negatives do not wrap."""
    # Seen as unsigned, a negative index is huge: one reduction checks both ends.
    if positions.size and _largest(positions.view(np.uint64 if positions.itemsize == 8 else
                                                  np.uint32)) >= size:
        bad = positions[(positions < 0) | (positions >= size)].flat[0]
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")


def gather(input, dim, index, *, sparse_grad=False):
    """out[i][j] = input[i][index[i][j]] (for dim=1).   d/dinput = scatter_add of grad."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("scatter_gather_tensor_cpu")
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "gather")
    if not index._data.size:  # (an empty index of any rank gathers nothing)
        arr = _backend.namespace_of(input._data).zeros(index._data.shape, input._data.dtype)
        return record(wrap(arr), GatherBackward0, (input,), (index,), dim=d)
    try:
        arr = _rank1(input._data)[_along(_rank1(index._data), d)].reshape(index._data.shape)
    except IndexError as exc:
        raise RuntimeError(str(exc).replace("axis", "dimension")) from None
    return record(wrap(arr), GatherBackward0, (input,), (index,), dim=d)


@grad_fn("GatherBackward0")
def GatherBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    if array_path(grad):  # scatter_add's steps on the arrays
        out = np.zeros_like(grad._data, shape=ctx._input_meta[0][0])
        np.add.at(_rank1(out), _along(_rank1(index._data), ctx.dim), _rank1(grad._data))
        return Tensor._make(out)
    zeros = grad.new_zeros(ctx._input_meta[0][0])
    return scatter_add(zeros, ctx.dim, index, grad)


def _check_src_dtype(input, src):
    if isinstance(src, Tensor) and src._dtype is not input._dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")


def _fitted_scalar(value, input):
    """A Python number written into input's elements, refused as torch refuses one that does
    not fit its dtype (an imaginary part, outside an integer type's range, NaN into integers)
    rather than wrapped or cast to a wrong number."""
    from .creation import checked_scalar
    return checked_scalar(value, input._dtype, numel=2)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of input with out[i][index[i][j]] = src[i][j] (for dim=1).
    d/dinput = grad with the written places zeroed; d/dsrc = grad gathered at index."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("scatter_gather_tensor_cpu")
    if src is None and value is None:
        raise invalid_combination("scatter", (dim, index), (
            "int dim, Tensor index, Tensor src", "int dim, Tensor index, Tensor src, *, str reduce",
            "int dim, Tensor index, Number value",
            "int dim, Tensor index, Number value, *, str reduce"))
    if src is None:
        src = value
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "scatter", src, reduce)
    if not isinstance(src, Tensor):
        src = _fitted_scalar(src, input)
    if reduce is not None:
        if isinstance(src, Tensor):
            warn_once("scatter reduce", "The reduce argument of ember.scatter with Tensor src is "
                      "deprecated and will be removed in a future PyTorch release. Use "
                      "ember.scatter_reduce instead for more reduction options.")
    out = input._data.copy() if reduce is None else _accumulator(input._data)
    if not index._data.size:  # an empty index writes nothing
        inputs = (input, src) if isinstance(src, Tensor) else (input,)
        cls = ScatterBackward0 if isinstance(src, Tensor) else ScatterBackward1
        return record(Tensor._make(out.astype(input._data.dtype, copy=False)), cls, inputs,
                      (index,), dim=d)
    where = _along(_rank1(index._data), d)
    if isinstance(src, Tensor):
        s = _rank1(src._data)[tuple(slice(0, n) for n in _rank1(index._data).shape)]
        s = s.astype(out.dtype, copy=False)
    else:
        s = src
    if reduce == "add":
        _backend.scatter_add(_rank1(out), where, s)
    elif reduce == "multiply":
        _backend.ufunc_at(np.multiply, _rank1(out), where, s)
    else:
        _rank1(out)[where] = s
    out = out.astype(input._data.dtype, copy=False)
    inputs = (input, src) if isinstance(src, Tensor) else (input,)
    cls = ScatterBackward0 if isinstance(src, Tensor) else ScatterBackward1
    return record(Tensor._make(out), cls, inputs, (index,), dim=d)


def _scatter_backward(ctx, grad):
    (index,) = ctx.saved_tensors
    gi = grad.scatter(ctx.dim, index, 0.0) if ctx.needs_input_grad[0] else None
    if len(ctx.needs_input_grad) == 1:
        return gi
    gs = _to_src_shape(grad.gather(ctx.dim, index), ctx._input_meta[1][0]) \
        if ctx.needs_input_grad[1] else None
    return gi, gs


def _to_src_shape(grad, shape):
    """Pad a gradient of index's shape with zeros to src's (possibly larger) shape."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    return index_grad(grad, tuple(shape), tuple(slice(0, n) for n in grad.shape))


ScatterBackward0 = grad_fn("ScatterBackward0")(_scatter_backward)
ScatterBackward1 = grad_fn("ScatterBackward1")(_scatter_backward)


def scatter_add(input, dim, index, src):
    """A copy of input with src added at index along dim.
    d/dinput = grad; d/dsrc = grad gathered at index."""
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "scatter_add", src)
    out = _accumulator(input._data)
    if not index._data.size:  # an empty index adds nothing
        return record(Tensor._make(out.astype(input._data.dtype, copy=False)),
                      ScatterAddBackward0, (input, src), (index,), dim=d)
    s = _rank1(src._data)[tuple(slice(0, n) for n in _rank1(index._data).shape)].astype(
        out.dtype, copy=False)
    np.add.at(_rank1(out), _along(_rank1(index._data), d), s)
    out = out.astype(input._data.dtype, copy=False)
    return record(Tensor._make(out), ScatterAddBackward0, (input, src), (index,), dim=d)


def _accumulator(arr):
    """A copy of arr to scatter into: float32 for float16 and bfloat16, as torch's scatter
    kernels add and multiply those in float and round once at the end."""
    if arr.dtype.itemsize == 2 and arr.dtype.kind in "fV" and arr.dtype.names is None:
        return arr.astype(np.float32)
    return arr.copy()


@grad_fn("ScatterAddBackward0")
def ScatterAddBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    gs = _to_src_shape(grad.gather(ctx.dim, index), ctx._input_meta[1][0]) \
        if ctx.needs_input_grad[1] else None
    return grad, gs


def nonzero(input, *, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple of 1-D tensors."""
    if not isinstance(input, Tensor):
        raise not_tensor("nonzero", input)
    if as_tuple:
        if input._data.ndim == 0:
            return (wrap(np.nonzero(input._data.reshape(1))[0].astype(np.int64)),)
        return tuple(wrap(a.astype(np.int64)) for a in np.nonzero(input._data))
    return wrap(np.argwhere(input._data).astype(np.int64))


# Each index_* op words its index-dtype error its own way: op -> (exception, message).
_INDEX_DTYPE_ERRORS = {
    "index_select": (RuntimeError, "index_select(): Expected dtype int32 or int64 for index"),
    "index_add": (RuntimeError, "index_add_(): Expected dtype int32/int64 for index but got: "
                                "{dtype}"),
    "index_copy": (RuntimeError, "index_copy_(): Expected a long tensor for index, but got "
                                 "{dtype}"),
    "index_fill": (IndexError, "index_fill_(): Expected dtype int64 for index."),
}


def _index_vector(name, index, allow_int32=True):
    """Check an index tensor (int64, or int32 where PyTorch allows it) and return its array."""
    # index_add_ and index_copy_ check the index's rank before its dtype, the others after
    if index._data.ndim > 1 and name == "index_add":
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: "
                         f"{index.ndim} with type: {type_name(index._dtype)} and size: "
                         f"{list(index.shape)}")
    if index._data.ndim > 1 and name == "index_copy":
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got "
                         f"{index.ndim})")
    ok = index._dtype is D.int64 or allow_int32 and index._dtype is D.int32
    if not ok:
        error, message = _INDEX_DTYPE_ERRORS[name]
        raise error(message.format(dtype=type_name(index._dtype)))
    if index._data.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    return index._data.reshape(-1)


def _check_index_device(name, input, index, source=None):
    """torch's check, before the index's dtype, that self, index and source share a device
    (index_fill is checked as index_copy, its source being self)."""
    devices = (input._device, index._device,
               (source if isinstance(source, Tensor) else input)._device)
    if devices[1] != devices[0] or devices[2] != devices[0]:
        raise RuntimeError(f"{name}(): self, index and source expected to be in the same device, "
                           f"but got (self) {devices[0]}, (index) {devices[1]}, and (source) "
                           f"{devices[2]}")


def _dim_index(ndim, dim, positions):
    return (slice(None),) * dim + (positions,) if ndim else ()


def index_select(input, dim, index):
    """The entries of input at ``index`` along ``dim``.
    d/dinput = zeros with the gradient added (index_add) back at index."""
    if type(input) is not Tensor and getattr(input, "is_sparse", False) is True:
        return input.index_select(dim, index)  # a sparse COO tensor selects its entries
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if not input._data.ndim and index._data.size != 1:  # before the index's dtype, as torch
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                           f"{index._data.size} value(s)")
    positions = _index_vector("index_select", index)
    size = input._data.shape[d] if input._data.ndim else 1
    if input._data.ndim and not _backend.is_host(positions) and \
            input._dtype.category >= D._FLOAT:
        # A device checks the positions without waiting for the host, as torch's CUDA kernel
        # asserts on the device: a position outside the input selects a slice of NaN.
        outside = positions.view(np.uint64 if positions.itemsize == 8 else np.uint32) >= size
        arr = np.take(input._data, np.where(outside, 0, positions), axis=d)
        arr = np.where(outside.reshape((-1,) + (1,) * (input._data.ndim - d - 1)), np.nan, arr)
        return record(wrap(arr, input._dtype), IndexSelectBackward0, (input,), (index,), dim=d)
    if positions.size and positions.view(np.uint64 if positions.itemsize == 8 else
                                         np.uint32).max() >= size:
        if d == 1:  # PyTorch's kernel for dim 1 checks and words it differently
            bad = positions[(positions < 0) | (positions >= size)][0]
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} "
                               f"axis_dim={size}")
        raise IndexError("index out of range in self")
    arr = np.take(input._data, positions, axis=d) if input._data.ndim else \
        input._data.reshape(1)[positions].reshape(())
    return record(wrap(arr), IndexSelectBackward0, (input,), (index,), dim=d)


@grad_fn("IndexSelectBackward0")
def IndexSelectBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    shape = ctx._input_meta[0][0]
    positions = index._data.reshape(-1)
    if len(shape) and not _backend.is_host(positions) and not grad_mode.is_grad_enabled() \
            and grad._dtype.category >= D._FLOAT:
        # No graph wanted, on a device: one scatter-add there, with the forward's NaN for a
        # position outside the input (index_add would read the positions back to check them).
        outside = positions.view(np.uint64 if positions.itemsize == 8 else np.uint32) \
            >= shape[ctx.dim]
        values = np.where(outside.reshape((-1,) + (1,) * (len(shape) - ctx.dim - 1)), np.nan,
                          grad._data)
        out = np.zeros_like(grad._data, shape=shape)
        _backend.scatter_add(out, _dim_index(len(shape), ctx.dim,
                                             np.where(outside, 0, positions)), values)
        return Tensor._make(out)
    return index_add(grad.new_zeros(ctx._input_meta[0][0]), ctx.dim, index, grad)


def _check_source_rank(name, input, d, source):
    """torch's checks of a source of another rank (or, for index_copy, other slices) than the
    input, made before the index count."""
    self_shape, shape = input._data.shape, source._data.shape
    if name == "index_add":
        if d >= max(len(shape), 1 if self_shape else 0) and (shape or self_shape):
            raise RuntimeError(f"index_add_(): Indexing dim {d} is out of bounds of the source "
                               f"tensor with dim {len(shape)}")
        return
    if shape and self_shape and len(shape) != len(self_shape):
        raise IndexError("index_copy_(): When source and destination are not scalars, their "
                         f"dimensionality must match. Source dimensionality ({len(shape)}), "
                         f"destination dimensionality ({len(self_shape)})")
    if shape and self_shape[:d] + self_shape[d + 1:] != shape[:d] + shape[d + 1:]:
        raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice "
                           f"shapes. Destination slice shape: {_slice_shape(self_shape, d)} at "
                           f"dimension {d} and source slice shape: {_slice_shape(shape, d)} at "
                           f"dimension 0.")


def _check_source(name, input, d, positions, source):
    if input._dtype is not source._dtype:
        if name == "index_copy":
            raise RuntimeError(f"index_copy_(): self and source expected to have the same "
                               f"dtype, but got (self) {type_name(input._dtype)} and (source) "
                               f"{type_name(source._dtype)}")
        raise RuntimeError(f"{name}_(): self ({type_name(input._dtype)}) and source "
                           f"({type_name(source._dtype)}) must have the same scalar type")
    _check_source_rank(name, input, d, source)
    count = source._data.shape[d] if source._data.ndim else 1
    if name == "index_add" and positions.size != count:  # before the bounds, as PyTorch
        if not source._data.ndim:  # PyTorch's message reads source.size(dim)
            raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
        raise RuntimeError(f"index_add_(): Number of indices ({positions.size}) should be equal "
                           f"to source.size(dim): ({count}), for dim: {d}")
    if name == "index_copy" and positions.size != count:  # before the bounds, as torch
        raise IndexError(f"index_copy_(): Number of indices ({positions.size}) should be equal "
                         f"to source.size(dim) ({count})")
    size = input._data.shape[d] if input._data.ndim else 1
    # torch adds nothing to an empty input of 2 or more dims, and checks no index then
    unchecked = name == "index_add" and input._data.ndim > 1 and not input._data.size
    if positions.size and not unchecked and positions.view(
            np.uint64 if positions.itemsize == 8 else np.uint32).max() >= size:
        bad = positions[(positions < 0) | (positions >= size)][0]
        if name == "index_add":
            if input._data.ndim > 1 and d in (0, input._data.ndim - 1):
                # torch adds along the first or last dim of a 2-D or wider input through
                # scatter_add_, which checks and words the bound its own way
                raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size "
                                   f"{size}")
            raise IndexError("index out of range in self")
        raise IndexError(f"index_copy_(): index {bad} is out of bounds for dimension {d} with "
                         f"size {size}")
    if positions.size != count:
        raise IndexError(f"index_copy_(): Number of indices ({positions.size}) should be equal "
                         f"to source.size(dim) ({count})")
    expected = input._data.shape[:d] + (positions.size,) + input._data.shape[d + 1:] \
        if input._data.ndim else ()
    if (input._data.ndim or name == "index_add") and source._data.shape != expected:
        if name == "index_copy":
            raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice "
                               f"shapes. Destination slice shape: "
                               f"{_slice_shape(input._data.shape, d)} at dimension {d} and "
                               f"source slice shape: {_slice_shape(source._data.shape, d)} at "
                               f"dimension 0.")
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(input._data.shape)} "
                           f"source.shape = {list(source._data.shape)}")


def _slice_shape(shape, d):
    rest = shape[:d] + shape[d + 1:]
    return " ".join(str(s) for s in rest) if rest else "1"


def index_add(input, dim, index, source, *, alpha=1):
    """input with ``alpha * source`` added at ``index`` along dim (repeated indices add up).
    d/dinput = grad; d/dsource = alpha * grad.index_select(dim, index)."""
    d = _wrap_dim(dim, input._data.ndim)
    _check_index_device("index_add", input, index, source)
    positions = _index_vector("index_add", index)
    _check_source("index_add", input, d, positions, source)
    out = input._data.copy()
    if type(alpha) is float and input._dtype.category < D._FLOAT:
        alpha = int(alpha)  # torch reads alpha in the integral input's type: truncated
    values = source._data if alpha == 1 else source._data * alpha
    if out.size:
        np.add.at(out, _dim_index(out.ndim, d, positions), values)
    return record(Tensor._make(out), IndexAddBackward0, (input, source), (index,), dim=d,
                  alpha=alpha)


@grad_fn("IndexAddBackward0")
def IndexAddBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    gs = None
    if ctx.needs_input_grad[1]:
        gs = grad.index_select(ctx.dim, index) if grad.ndim else grad
        if ctx.alpha != 1:
            gs = gs * ctx.alpha
    return grad, gs


def index_copy(input, dim, index, source):
    """input with the slices at ``index`` along dim replaced by source's slices.
    d/dinput = grad zeroed at index; d/dsource = grad.index_select(dim, index)."""
    d = _wrap_dim(dim, input._data.ndim)
    _check_index_device("index_copy", input, index, source)
    if not source._data.ndim and index.numel() != 1 and index.ndim <= 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element "
                         f"(got {index.numel()})")
    positions = _index_vector("index_copy", index, allow_int32=False)
    _check_source("index_copy", input, d, positions, source)
    out = input._data.copy()
    # a 0-d input takes its one value from a one-element source of any rank
    out[_dim_index(out.ndim, d, positions)] = source._data if out.ndim else \
        source._data.reshape(())
    return record(Tensor._make(out), IndexCopyBackward0, (input, source), (index,), dim=d)


@grad_fn("IndexCopyBackward0")
def IndexCopyBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    gi = grad.index_fill(ctx.dim, index, 0) if ctx.needs_input_grad[0] else None
    gs = grad.index_select(ctx.dim, index) if ctx.needs_input_grad[1] else None
    return gi, gs


def index_fill(input, dim, index, value):
    """input with the slices at ``index`` along dim set to ``value`` (a number or 0-d tensor).
    d/dinput = grad zeroed at index; d/dvalue = sum of grad at index."""
    if index._device != input._device:  # the dim, then the devices
        _wrap_dim(dim, input._data.ndim)
        _check_index_device("index_copy", input, index)
    if index._dtype is not D.int64:  # torch's order: the index's dtype, the dim, its rank
        error, message = _INDEX_DTYPE_ERRORS["index_fill"]
        raise error(message)
    d = _wrap_dim(dim, input._data.ndim)
    if index._data.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    positions = _index_vector("index_fill", index, allow_int32=False)
    size = input._data.shape[d] if input._data.ndim else 1
    bad = positions[(positions >= size) | (positions < -size)]
    if bad.size:
        raise IndexError(f"index {bad[0]} is out of bounds for dimension {d} with size {size}")
    out = input._data.copy()
    where = _dim_index(out.ndim, d, positions)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value._data.ndim} dimension(s).")
        out[where] = value._data
        return record(Tensor._make(out), IndexFillBackward1, (input, value), (index,), dim=d)
    if isinstance(value, complex) and input._dtype.category != D._COMPLEX:
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not "
                           "supported")
    out[where] = _fitted_scalar(value, input)
    return record(Tensor._make(out), IndexFillBackward0, (input,), (index,), dim=d)


def _index_fill_backward(ctx, grad):
    (index,) = ctx.saved_tensors
    gi = grad.index_fill(ctx.dim, index, 0) if ctx.needs_input_grad[0] else None
    if len(ctx.needs_input_grad) == 1:
        return gi
    gv = grad.index_select(ctx.dim, index).sum() if ctx.needs_input_grad[1] else None
    return gi, gv


IndexFillBackward0 = grad_fn("IndexFillBackward0")(_index_fill_backward)
IndexFillBackward1 = grad_fn("IndexFillBackward1")(_index_fill_backward)


def _bool_mask(name, mask):
    if mask._dtype is not D.bool_:
        raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype "
                           f"{_dtype_word(mask._dtype)}")
    return mask._data


def _dtype_word(dt):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "uint8": "unsigned char"}.get(dt.name, dt.name)


def _broadcast_or_raise(a, b):
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        nd = max(len(a), len(b))
        pa, pb = (1,) * (nd - len(a)) + tuple(a), (1,) * (nd - len(b)) + tuple(b)
        for k in range(nd - 1, -1, -1):
            if pa[k] != pb[k] and pa[k] != 1 and pb[k] != 1:
                raise RuntimeError(f"The size of tensor a ({pa[k]}) must match the size of "
                                   f"tensor b ({pb[k]}) at non-singleton dimension {k}") \
                    from None
        raise


def masked_fill(input, mask, value):
    """input with ``value`` where mask is True.
    d/dinput = grad where mask is False; d/dvalue = sum of grad where mask is True."""
    if isinstance(mask, Tensor) and mask._device != input._device and \
            "meta" not in (mask._device.type, input._device.type):
        raise RuntimeError(f"expected self and mask to be on the same device, but got mask on "
                           f"{mask._device} and self on {input._device}")
    m = _bool_mask("masked_fill_", mask)
    shape = _broadcast_or_raise(m.shape, input._data.shape)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value._data.ndim} dimension(s).")
        fill = D.as_np(value._data, input._dtype)[()]  # a scalar: a CPU one may fill CUDA
    else:
        value = _fitted_scalar(value, input)
        fill = _backend.namespace_of(input._data).asarray(value, dtype=input._data.dtype) \
            if input._dtype is not D.complex32 else \
            D.to_complex32(_backend.namespace_of(input._data).asarray(value))
    # (row-major, as torch's: it fills a contiguous clone)
    out = MF.row_major_array(np.where(m, fill, np.broadcast_to(input._data, shape)))
    if isinstance(value, Tensor):
        return record(Tensor._make(out), MaskedFillBackward1, (input, value), (mask,))
    return record(Tensor._make(out), MaskedFillBackward0, (input,), (mask,))


def _masked_fill_backward(ctx, grad):
    (mask,) = ctx.saved_tensors
    gi = grad.masked_fill(mask, 0) if ctx.needs_input_grad[0] else None
    if len(ctx.needs_input_grad) == 1:
        return gi
    gv = (grad * mask).sum() if ctx.needs_input_grad[1] else None
    return gi, gv


MaskedFillBackward0 = grad_fn("MaskedFillBackward0")(_masked_fill_backward)
MaskedFillBackward1 = grad_fn("MaskedFillBackward1")(_masked_fill_backward)


def masked_select(input, mask):
    """The elements of input where mask is True (both broadcast), as a 1-D tensor.
    d/dinput = zeros with the gradient scattered back where mask is True."""
    no_meta_kernel("masked_select", input, mask)
    if mask._dtype is not D.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = _broadcast_or_raise(mask._data.shape, input._data.shape)
    m = np.broadcast_to(mask._data, shape)
    out = wrap(np.broadcast_to(input._data, shape)[m])
    return record(out, MaskedSelectBackward0, (input,), (mask,), shape=shape)


@grad_fn("MaskedSelectBackward0")
def MaskedSelectBackward0(ctx, grad):
    (mask,) = ctx.saved_tensors
    return grad.new_zeros(ctx.shape).masked_scatter(mask.expand(ctx.shape), grad)


def masked_scatter(input, mask, source):
    """input with the elements where mask is True taken, in order, from source.
    d/dinput = grad where mask is False; d/dsource = grad[mask] in the first places."""
    m = _bool_mask("masked_scatter_", mask)
    if source._dtype is not input._dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but "
                           f"got{type_name(input._dtype)} and {type_name(source._dtype)}")
    shape = _broadcast_or_raise(input._data.shape, m.shape)
    m = np.broadcast_to(m, shape)
    count = int(m.sum())
    if count > source._data.size:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    out = np.broadcast_to(input._data, shape).copy()
    out[m] = source._data.reshape(-1)[:count]
    return record(Tensor._make(out), MaskedScatterBackward0, (input, source), (mask,),
                  count=count)


@grad_fn("MaskedScatterBackward0")
def MaskedScatterBackward0(ctx, grad):
    (mask,) = ctx.saved_tensors
    gi = grad.masked_fill(mask, 0) if ctx.needs_input_grad[0] else None
    gs = None
    if ctx.needs_input_grad[1]:
        shape = ctx._input_meta[1][0]
        total = int(np.prod(shape))
        picked = grad.masked_select(mask)
        from .creation import zeros
        from .joining import cat
        rest = zeros(total - ctx.count, dtype=grad.dtype)
        gs = cat([picked, rest]).reshape(shape)
    return gi, gs


def take(input, index):
    """input's elements at flat (row-major) positions ``index``, in index's shape.
    d/dinput = zeros with the gradient added back at those positions."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("take_cpu")
    if index._dtype is not D.int64:
        raise RuntimeError(f"take(): Expected a long tensor for index, but got "
                           f"{type_name(index._dtype)}")
    n = input._data.size
    flat = index._data.reshape(-1)
    if not n and flat.size:
        raise IndexError("take(): tried to take from an empty tensor")
    bad = flat[(flat >= n) | (flat < -n)]
    if bad.size:
        raise IndexError(f"out of range: tried to access index {bad[0]} on a tensor of {n} "
                         "elements.")
    positions = np.where(index._data < 0, index._data + n, index._data)
    out = wrap(input._data.reshape(-1)[positions])
    return record(out, TakeBackward0, (input,),
                  index=np.unravel_index(positions, input._data.shape),
                  index_versions=((index, index._vc[0]),))


@grad_fn("TakeBackward0")
def TakeBackward0(ctx, grad):
    _check_index_versions(ctx)
    return index_grad(grad, ctx._input_meta[0][0], ctx.index, "PutBackward0")


def take_along_dim(input, indices, dim=None):
    """Values of input at ``indices`` along dim (indices broadcast against input), as gather;
    with dim None, over the flattened input."""
    if dim is None:  # gather's dtype rule (int32 too)
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if input._data.ndim != indices._data.ndim:
        raise RuntimeError("ember.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input._data.ndim} dimensions for "
                           f"input, and {indices._data.ndim} dimensions for indices")
    if indices._dtype is not D.int64:
        raise RuntimeError("ember.take_along_dim(): dtype of indices should be Long but got "
                           f"{type_name(indices._dtype)}")
    d = _wrap_dim(dim, input._data.ndim)
    in_shape = list(input._data.shape)
    ix_shape = list(indices._data.shape)
    in_shape[d] = ix_shape[d] = 1
    shape = list(broadcast_shape(tuple(in_shape), tuple(ix_shape)))
    src_shape, ix_target = list(shape), list(shape)
    src_shape[d] = input._data.shape[d]
    ix_target[d] = indices._data.shape[d]
    src = input.expand(src_shape) if tuple(src_shape) != input._data.shape else input
    ix = indices.expand(ix_target) if tuple(ix_target) != indices._data.shape else indices
    # torch's gather here saves a copy of the broadcast index: changing the caller's indices in
    # place before backward neither raises nor moves the gradient (with dim=None it raises)
    ix = Tensor._wrap(ix._data.copy(), ix._dtype, ix._device)
    return gather(src, d, ix)


def tril(input, diagonal=0):
    """The lower triangle (on and below the diagonal-th diagonal) of the last two dims.
    d/dinput = grad.tril(diagonal)."""
    if not isinstance(input, Tensor):
        raise not_tensor("tril", input)
    if input._data.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    out = Tensor._make(MF.row_major_array(np.tril(input._data, diagonal)))
    return record(out, TrilBackward0, (input,), diagonal=diagonal)


@grad_fn("TrilBackward0")
def TrilBackward0(ctx, grad):
    return tril(grad, ctx.diagonal)


def triu(input, diagonal=0):
    """The upper triangle (on and above the diagonal-th diagonal) of the last two dims.
    d/dinput = grad.triu(diagonal)."""
    if not isinstance(input, Tensor):
        raise not_tensor("triu", input)
    if input._data.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    out = Tensor._make(MF.row_major_array(np.triu(input._data, diagonal)))
    return record(out, TriuBackward0, (input,), diagonal=diagonal)


@grad_fn("TriuBackward0")
def TriuBackward0(ctx, grad):
    return triu(grad, ctx.diagonal)


def _diag_positions(shape, offset, d1, d2, xp=np):
    """Row and column indices (arrays of ``xp``) of the offset-th diagonal of dims (d1, d2) of
    ``shape``."""
    rows, cols = shape[d1], shape[d2]
    length = max(0, min(rows + min(offset, 0), cols - max(offset, 0)))
    start = xp.arange(length)
    return start - min(offset, 0), start + max(offset, 0)


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The offset-th diagonal of dims (dim1, dim2), appended as the last dim (a view).
    d/dinput = zeros with the gradient written on that diagonal."""
    nd = input._data.ndim
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    arr = np.diagonal(input._data, offset, d1, d2)
    if type(arr) is np.ndarray and input._data.flags.writeable:
        # NumPy marks diagonals read-only by default; PyTorch's diagonal is a writable view.
        # (CuPy's are writable, and its flags have no "writeable".)
        arr.flags.writeable = True
    return make_view(input, arr, DiagonalBackward0, offset=offset, dim1=d1, dim2=d2)


def _diagonal_backward(ctx, grad):
    return diagonal_scatter_zeros(grad, ctx._input_meta[0][0], ctx.offset, ctx.dim1, ctx.dim2)


DiagonalBackward0 = grad_fn("DiagonalBackward0")(_diagonal_backward)
DiagonalCopyBackward = grad_fn("DiagonalBackward0_copy")(_diagonal_backward)


def diagonal_scatter_zeros(grad, shape, offset, dim1, dim2):
    """zeros(shape) with ``grad``'s last dim written on the offset-th diagonal of (dim1, dim2)
    (the derivative of ``diagonal``; its own derivative is ``diagonal``)."""
    xp = _backend.namespace_of(grad._data)
    out = xp.zeros(shape, dtype=grad._data.dtype)
    rows, cols = _diag_positions(shape, offset, dim1, dim2, xp)
    np.moveaxis(out, (dim1, dim2), (-2, -1))[..., rows, cols] = grad._data
    return record(Tensor._make(out), DiagonalScatterBackward, (grad,), offset=offset,
                  dim1=dim1, dim2=dim2)


@grad_fn("DiagonalBackwardBackward0")
def DiagonalScatterBackward(ctx, grad):
    return diagonal(grad, ctx.offset, ctx.dim1, ctx.dim2)


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices (in dims dim1, dim2 of the output) whose offset-th diagonals are input's last
    dim.   d/dinput = the gradient's same diagonal."""
    nd = input._data.ndim + 1
    d1, d2 = _wrap_dim(dim1, nd), _wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    n = input._data.shape[-1] + abs(offset) if input._data.ndim else 1 + abs(offset)
    rest = list(input._data.shape[:-1])
    shape = []
    for k in range(nd):
        shape.append(n if k in (d1, d2) else rest.pop(0))
    out = diagonal_scatter_zeros(input.detach(), tuple(shape), offset, d1, d2)
    return record(Tensor._make(out._data), DiagEmbedBackward0, (input,), offset=offset,
                  dim1=d1, dim2=d2)


@grad_fn("DiagEmbedBackward0")
def DiagEmbedBackward0(ctx, grad):
    return diagonal(grad, ctx.offset, ctx.dim1, ctx.dim2)


def diag(input, diagonal=0):
    """A 1-D input as the diagonal-th diagonal of a square matrix, or a 2-D input's
    diagonal-th diagonal (a copy)."""
    if not isinstance(input, Tensor):
        raise not_tensor("diag", input)
    nd = input._data.ndim
    if nd == 1:
        return diag_embed(input, diagonal, 0, 1)
    if nd != 2:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")
    out = Tensor._make(np.diagonal(input._data, diagonal).copy())
    return record(out, DiagonalCopyBackward, (input,), offset=diagonal, dim1=0, dim2=1)


def trace(input):
    """The sum of a matrix's main diagonal.   d/dinput = grad * identity."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("trace")
    if not isinstance(input, Tensor):
        raise not_tensor("trace", input)
    if input._data.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim "
                           f"{input._data.ndim}")
    dt = D.int64 if input._dtype.category <= D._INT else input._dtype
    out = wrap(np.trace(input._data), dt)
    return record(out, TraceBackward0, (input,))


@grad_fn("TraceBackward0")
def TraceBackward0(ctx, grad):
    shape = ctx._input_meta[0][0]
    n = min(shape)
    return diag_embed(grad.expand(n), 0, 0, 1) if shape[0] == shape[1] else \
        diagonal_scatter_zeros(grad.expand(n), shape, 0, 0, 1)


def _reduce_identity(reduce, dtype):
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind in "fV":  # (bfloat16's kind is 'V')
        return np.inf if reduce == "amin" else -np.inf
    info = np.iinfo(dtype)
    return info.max if reduce == "amin" else info.min


_REDUCE_UFUNC = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum,
                 "amin": np.minimum}


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """input with src's values reduced (sum, prod, mean, amax, amin) into the places index
    points at along dim.   d/dsrc = the gradient gathered at index (scaled for mean, spread
    over ties for amax/amin, times out/src for prod)."""
    given = reduce  # torch's kernel also reads "max" and "min"; its derivative does not
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)
    if reduce not in _REDUCE_UFUNC:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "scatter_reduce", src)
    out = _accumulator(input._data)
    xp = _backend.namespace_of(out)
    if not index._data.size:  # an empty index reduces nothing into the input
        out = out.astype(input._data.dtype, copy=False)
        return record(Tensor._make(out), ScatterReduceBackward0, (input, src),
                      (index, input, src), dim=d, reduce=reduce, include_self=include_self,
                      counts=xp.ones(out.shape, dtype=np.int64), result=out)
    where = _along(_rank1(index._data), d)
    values = _rank1(src._data)[tuple(slice(0, n) for n in _rank1(index._data).shape)].astype(
        out.dtype, copy=False)
    xp = _backend.namespace_of(out)
    counts = xp.ones(out.shape, dtype=np.int64) if include_self else \
        xp.zeros(out.shape, dtype=np.int64)
    _backend.scatter_add(_rank1(counts), where, 1)
    if not include_self:
        # Places that receive values forget input's value: start them at the identity.
        touched = xp.zeros(out.shape, dtype=bool)
        _rank1(touched)[where] = True
        out[touched] = _reduce_identity(reduce, out.dtype)
    _backend.ufunc_at(_REDUCE_UFUNC[reduce], _rank1(out), where, values)
    if reduce == "mean":
        # (a half type's sum is rounded to it before the division, as torch does)
        out = out.astype(input._data.dtype, copy=False).astype(out.dtype, copy=False)
        safe = np.maximum(counts, 1).astype(out.dtype) if out.dtype.kind in "fcV" else \
            np.maximum(counts, 1)
        out = out / safe if out.dtype.kind in "fcV" else out // safe
    out = out.astype(input._data.dtype, copy=False)
    return record(Tensor._make(out), ScatterReduceBackward0, (input, src), (index, input, src),
                  dim=d, reduce=given, include_self=include_self, counts=counts,
                  result=out)


@grad_fn("ScatterReduceBackward0")
def ScatterReduceBackward0(ctx, grad):
    index, input, src = ctx.saved_tensors
    d, reduce = ctx.dim, ctx.reduce
    if reduce not in _REDUCE_UFUNC:
        raise RuntimeError("Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', 'amin' "
                           f"but got {reduce}.")
    src_part = src[tuple(slice(0, n) for n in index.shape)] if src.shape != index.shape \
        else src
    if reduce in ("sum", "mean"):
        g = grad / Tensor._make(ctx.counts.clip(1).astype(grad._data.dtype)) \
            if reduce == "mean" else grad
        gi = g if ctx.include_self else g.scatter(d, index, 0.0)
        gs = g.gather(d, index)
    elif reduce == "prod":
        gi, gs = _scatter_prod_grads(grad, index, input, src_part, d, ctx.include_self)
    else:
        result = Tensor._make(ctx.result)
        self_hit = (input == result) if ctx.include_self else input.new_zeros(
            input.shape).bool()
        src_hit = src_part == result.gather(d, index)
        ties = self_hit.to(grad.dtype).scatter_add(d, index, src_hit.to(grad.dtype))
        share = grad / ties.clamp_min(1)
        gi = share * self_hit if ctx.include_self else grad.scatter(d, index, 0.0)
        gs = share.gather(d, index) * src_hit
    return gi, _to_src_shape(gs, tuple(src.shape))


def _scatter_prod_grads(grad, index, input, src, d, include_self):
    """Gradients of a scatter_reduce "prod": each factor gets the product of the other factors
    landing on its place, computed without dividing by a zero factor. The zeros are split
    out: a place's factors other than zeros are multiplied (``rest``), and its zero factors
    themselves (``zeros``, 0 where one lands, with the zero's derivative); a factor then gets
    rest / itself, times the place's src zeros unless it is that place's only one (and times
    input's value there if that is a zero). With two src zeros on a place every src gradient
    is 0, and torch has no second derivative: one raises.
    Built with ember ops, so second derivatives see the dependence on every factor."""
    from .elementwise import where
    ones = input.new_ones(input.shape)
    src_zero = src == 0
    masked = where(src_zero, 1.0, src)
    rest = scatter_reduce(ones, d, index, masked, "prod")
    zeros = scatter_reduce(ones, d, index, where(src_zero, src, 1.0), "prod")
    count = ones.new_zeros(input.shape).scatter_add(d, index, src_zero.to(input.dtype))
    gi = grad * scatter_reduce(ones, d, index, src, "prod") if include_self \
        else grad.scatter(d, index, 0.0)
    own = where(src_zero, 1.0, zeros.gather(d, index))
    if include_self:  # a zero in input is a factor of every src's gradient, its own included
        self_zero = input == 0
        rest = rest * where(self_zero, 1.0, input)
        own = own * where(self_zero, input, 1.0).gather(d, index)
    gs = (grad * rest).gather(d, index) / masked * own
    crowded = count.gather(d, index) > 1
    if crowded._data.any():
        gs = where(crowded, 0.0, gs)
        if grad_mode.is_grad_enabled():
            gs = gs + record(src.new_zeros(src.shape), _ScatterProdDoubleBackward, (src,))
    return gi, gs


def _scatter_prod_double_backward(ctx, grad):
    raise RuntimeError("scatter_reduce(): Double backward is unsupported for src when >1 zeros "
                       "in src are scattered to the same position in self")


_ScatterProdDoubleBackward = grad_fn("NotImplemented")(_scatter_prod_double_backward)


def _scatter_into(input, src, view_arr, cls):
    """input with the elements of its view ``view_arr`` replaced by src.
    d/dinput = grad zeroed there; d/dsrc = grad read there."""
    if tuple(src._data.shape) != view_arr.shape:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._data.shape)}, slice size = {list(view_arr.shape)}")
    from .views import view_positions
    positions = view_positions(input._data, view_arr)
    index = np.unravel_index(positions, input._data.shape) if input._data.ndim else ()
    out = _backend.namespace_of(input._data).ascontiguousarray(input._data).copy()
    out[index] = src._data.astype(out.dtype, copy=False)
    return record(Tensor._make(out), cls, (input, src), index=index, accumulate=False)


_SCATTER_NODES = {name: grad_fn(name)(_put_backward) for name in
                  ("SelectScatterBackward0", "SliceScatterBackward0", "DiagonalScatterBackward0")}


def select_scatter(input, src, dim, index):
    """input with the slice at ``index`` along dim replaced by src."""
    view = input.detach().select(dim, index)._data
    return _scatter_into(input, src, view, _SCATTER_NODES["SelectScatterBackward0"])


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """input with the slice start:end:step along dim replaced by src."""
    d = _wrap_dim(dim, input._data.ndim)
    view = input._data[(slice(None),) * d + (slice(start, end, step),)]
    return _scatter_into(input, src, view, _SCATTER_NODES["SliceScatterBackward0"])


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """input with its offset-th diagonal of (dim1, dim2) replaced by src."""
    view = input.detach().diagonal(offset, dim1, dim2)._data
    return _scatter_into(input, src, view, _SCATTER_NODES["DiagonalScatterBackward0"])


def argwhere(input):
    """Indices of the nonzero elements, one row each (as nonzero)."""
    if not isinstance(input, Tensor):
        raise not_tensor("argwhere", input)
    return nonzero(input)


# What ``self[index] = value`` takes besides a tensor: Python numbers and the NumPy scalars that
# are Python numbers to torch's parser (integers, and np.float64 and np.complex128, subclasses of
# float and complex). A NumPy array, a list, np.float32 or None is refused before any index is
# read, as torch refuses it (None was written as NaN, a silently wrong number).
_ASSIGNABLE = (Tensor, bool, int, float, complex, np.integer)


def _setitem_method(self, index, value):
    if not isinstance(value, _ASSIGNABLE):
        from ._registry import py_type_name
        raise TypeError(f"can't assign a {py_type_name(value)} to a {self.type()}")
    setitem(self, index, value)


def _gather_method(self, dim, index, **kw):
    return gather(self, dim, index, **kw)


def _warn_expanded(self, op, example="tensor[mask] = scalar"):
    """torch's deprecation warning for ``op`` writing an expanded tensor, which it allows."""
    strides = self._data.strides
    if 0 in strides and _repeats_elements(self._data):
        warnings.warn(f"Use of {op} on expanded tensors is deprecated. Please clone() the "
                      "tensor before performing this operation. This also applies to advanced "
                      f"indexing e.g. {example}", UserWarning, stacklevel=_user_stacklevel())


def _inplace_method(op, aliased_ok=False):
    """``self.op_(...)``: op computed out of place on self, written back in place
    (``aliased_ok``: also into an expanded self, which torch allows with a warning)."""
    def method(self, *args, **kwargs):
        if aliased_ok:
            _warn_expanded(self, op.__name__ + "_")
        tensors = [a for a in args if isinstance(a, Tensor)]
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]

        def compute(target, *others):
            full = list(args)
            for i, t in zip(positions, others):
                full[i] = t
            return op(target, *full, **kwargs)
        return inplace(self, compute, *tensors, aliased_ok=aliased_ok)
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place ``{op.__name__}``."
    return method


FUNCTIONS = {"gather": gather, "scatter": scatter, "scatter_add": scatter_add,
             "nonzero": nonzero, "index_put": index_put, "index_select": index_select,
             "index_add": index_add, "index_copy": index_copy, "index_fill": index_fill,
             "masked_fill": masked_fill, "masked_select": masked_select,
             "masked_scatter": masked_scatter, "take": take, "take_along_dim": take_along_dim,
             "tril": tril, "triu": triu, "diagonal": diagonal, "diag_embed": diag_embed,
             "diag": diag, "trace": trace, "scatter_reduce": scatter_reduce,
             "select_scatter": select_scatter, "slice_scatter": slice_scatter,
             "diagonal_scatter": diagonal_scatter, "argwhere": argwhere}
def _index_put_method(self, indices, values, accumulate=False):
    """``self.index_put_(indices, values, accumulate)``."""
    _check_indices_arg(indices, "index_put_", method=True)
    _warn_expanded(self, "index_put_", "tensor[indices] = tensor")
    values = as_tensor_arg(values)
    if accumulate and 0 in self._data.strides and type(self._data) is np.ndarray and \
            _repeats_elements(self._data) and not needs_grad(self, values):
        # torch adds into the shared memory once per element that refers to it
        check_inplace(self)
        from ._registry import _writable_alias
        index_put(self, indices, values, accumulate)  # torch's checks and errors
        idx = _convert_index(tuple(indices), self._data.shape, self._device)[0]
        np.add.at(_writable_alias(self._data), idx, D.as_np(values._data, self._dtype))
        self._vc[0] += 1
        return self
    return inplace(self, lambda s, v: index_put(s, indices, v, accumulate), values,
                   aliased_ok=True)


def index_put_(input, indices, values, accumulate=False):
    """``ember.index_put_(input, indices, values, accumulate)``: ``input.index_put_(...)``."""
    _check_indices_arg(indices, "index_put_", method=False)
    return _index_put_method(input, indices, values, accumulate)


def _index_put_tensor_method(self, indices, values, accumulate=False):
    """A copy of this tensor with ``values`` written (or, with ``accumulate=True``, added) at
    the positions the tuple of index tensors gives; ``ember.index_put(self, ...)``.

    Args:
        indices (tuple of Tensor): one index tensor per leading dimension.
        values (Tensor): the values, broadcast to the indexed shape.
        accumulate (bool, optional): add instead of replace (default ``False``).

    Example::

        >>> ember.zeros(3).index_put((ember.tensor([0, 2]),), ember.tensor(1.0))
        tensor([1., 0., 1.])
    """
    return index_put(self, indices, values, accumulate, _method=True)


FUNCTIONS["index_put_"] = index_put_
METHODS = dict(FUNCTIONS)
METHODS.update({
    "__getitem__": getitem, "__setitem__": _setitem_method,
    "scatter_": _inplace_method(scatter),
    "scatter_add_": lambda self, dim, index, src: inplace(
        self, lambda s, o: scatter_add(s, dim, index, o), src),
    "index_put_": _index_put_method,
    "index_put": _index_put_tensor_method,
    "masked_fill_": _inplace_method(masked_fill, aliased_ok=True),
    "index_fill_": _inplace_method(index_fill, aliased_ok=True),
    "index_add_": _inplace_method(index_add), "index_copy_": _inplace_method(index_copy),
    "masked_scatter_": _inplace_method(masked_scatter), "tril_": _inplace_method(tril),
    "triu_": _inplace_method(triu), "scatter_reduce_": _inplace_method(scatter_reduce),
})
