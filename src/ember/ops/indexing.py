"""Indexing: ``t[...]``, ``t[...] = v``, gather/scatter and friends.

The derivative of reading ``t[idx]`` is writing the gradient into zeros at ``idx`` (adding,
so repeated indices accumulate); the derivative of that write is reading ``grad[idx]`` again.
The two ops are each other's derivative, which gives every order of derivative.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ..autograd import grad_mode
from ._registry import (as_tensor_arg, check_inplace, grad_fn, inplace, needs_grad, record,
                        sum_to, wrap)
from .shape import make_view

_grad_state = grad_mode._state


_INDEX_TYPES = "tensors used as indices must be long, int, byte or bool tensors"


def _convert_index(index, shape):
    """Turn a PyTorch index into a NumPy one; report whether it is advanced (copying).

    Also checks what NumPy would report in its own words: too many indices and boolean masks
    whose shape does not match the dims they cover.
    """
    single = not isinstance(index, tuple)
    items = (index,) if single else index
    out = []
    advanced = False
    consumed = 0
    masks = []
    for i in items:
        if isinstance(i, Tensor):
            if i._dtype is D.bool_ or i._dtype is D.uint8:
                arr = i._data.astype(bool, copy=False)
                masks.append((len(out), arr.shape))
                consumed += arr.ndim
                advanced = True
            elif i._dtype.category == D._INT:
                arr = i._data
                if arr.ndim == 0:
                    arr = int(arr)
                else:
                    advanced = True
                consumed += 1
            else:
                raise IndexError(_INDEX_TYPES)
            out.append(arr)
        elif isinstance(i, (list, np.ndarray)):
            arr = np.asarray([x.item() if isinstance(x, Tensor) else x for x in i]
                             if isinstance(i, list) and any(isinstance(x, Tensor) for x in i)
                             else i)
            if arr.dtype.kind not in "iub":
                if arr.size or arr.dtype.kind != "f":
                    raise IndexError(_INDEX_TYPES)
                arr = arr.astype(np.int64)
            if arr.dtype.kind == "b":
                masks.append((len(out), arr.shape))
                consumed += arr.ndim
            else:
                consumed += 1
            out.append(arr)
            advanced = True
        elif isinstance(i, slice):
            if i.step is not None and int(i.step) <= 0:
                raise ValueError("step must be greater than zero")
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
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             f"byte Variables are valid indices (got {type(i).__name__})")
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if masks:
        _check_masks(out, masks, shape, consumed)
    return tuple(out), advanced, single


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


def _index_error(exc):
    """NumPy's indexing error in PyTorch's words."""
    msg = str(exc).replace("axis", "dimension")
    if msg.startswith("shape mismatch"):
        shapes = msg.split("shapes ", 1)[1].split()
        msg = ("shape mismatch: indexing tensors could not be broadcast together with shapes " +
               ", ".join(_fmt_shape(s) for s in shapes))
    return IndexError(msg)


def _fmt_shape(text):
    return "[" + ", ".join(p for p in text.strip("(),").split(",") if p) + "]"


def getitem(input, index):
    """``input[index]``: a view for ints/slices/None/..., a copy for tensor, list or bool
    indices.   The gradient is written (added, for repeated indices) into zeros at index."""
    shape = input._data.shape
    idx, advanced, single = _convert_index(index, shape)
    try:
        arr = input._data[idx]
    except IndexError as exc:
        raise _index_error(exc) from None
    if not advanced:
        if type(arr) is not np.ndarray and isinstance(arr, np.generic):
            arr = np.asarray(arr)
        out = make_view(input, arr)
        return record(out, _BASIC_NODES[_basic_name(idx, shape, single)], (input,), index=idx)
    out = wrap(arr)
    return record(out, IndexBackward0, (input,), index=idx)


def _getitem_backward(ctx, grad):
    return index_grad(grad, ctx._input_meta[0][0], ctx.index)


IndexBackward0 = grad_fn("IndexBackward0")(_getitem_backward)
_BASIC_NODES = {name: grad_fn(name)(_getitem_backward) for name in
                ("SelectBackward0", "SliceBackward0", "UnsqueezeBackward0", "AliasBackward0")}


def index_grad(grad, shape, index):
    """zeros(shape) with ``grad`` added at ``index`` (the derivative of indexing)."""
    out = np.zeros(shape, dtype=grad._data.dtype)
    np.add.at(out, index, grad._data)
    return record(Tensor._make(out), IndexGradBackward0, (grad,), index=index)


@grad_fn("IndexGradBackward0")
def IndexGradBackward0(ctx, grad):
    return getitem_raw(grad, ctx.index)


def getitem_raw(input, idx):
    out = wrap(input._data[idx])
    return record(out, IndexBackward0, (input,), index=idx)


def index_put(input, indices, values, accumulate=False):
    """A copy of input with ``values`` written (or added) at ``indices``.
    d/dinput = grad with the written places zeroed; d/dvalues = grad[indices]."""
    idx = _convert_index(tuple(indices), input._data.shape)[0]
    return _put(input, idx, values, accumulate, "IndexPutBackward0")


def _put(input, idx, values, accumulate, name):
    values = as_tensor_arg(values)
    out = input._data.copy()
    v = values._data
    if v.dtype != out.dtype:
        v = v.astype(out.dtype)
    try:
        if accumulate:
            np.add.at(out, idx, v)
        else:
            out[idx] = v
    except ValueError:
        target = np.empty_like(input._data)[idx].shape
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(values.shape)} cannot "
                           f"be broadcast to indexing result of shape {list(target)}") from None
    except IndexError as exc:
        raise _index_error(exc) from None
    cls = _PUT_NODES[name]
    return record(Tensor._make(out), cls, (input, values), index=idx, accumulate=accumulate)


def _put_backward(ctx, grad):
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
    out[idx] = 0
    return record(Tensor._make(out), MaskedZeroBackward0, (grad,), index=idx)


@grad_fn("MaskedZeroBackward0")
def MaskedZeroBackward0(ctx, grad):
    return masked_zero(grad, ctx.index)


def setitem(self, index, value):
    """``self[index] = value`` as an in-place op (so gradients reach both self and value)."""
    shape = self._data.shape
    idx, advanced, single = _convert_index(index, shape)
    scalar = not isinstance(value, Tensor)
    if scalar:
        value = Tensor._make(np.asarray(value, dtype=self._data.dtype))
    if not advanced:
        if _grad_state.enabled and self._requires_grad and self.grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in "
                               "an in-place operation.")
        # PyTorch copies into the view with expand semantics: its shape errors are expand's.
        value.detach().expand(self._data[idx].shape)
    if not needs_grad(self, value):
        check_inplace(self)
        try:
            self._data[idx] = value._data
        except IndexError as exc:
            raise _index_error(exc) from None
        except ValueError:
            target = list(self._data[idx].shape)
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(value.shape)} "
                               f"cannot be broadcast to indexing result of shape {target}") \
                from None
        self._version[0] += 1
        return
    if advanced:
        name = "IndexPutBackward0"
    elif all(i is Ellipsis or isinstance(i, slice) and _is_full(i, n)
             for i, n in zip(idx, shape)) and len(idx) <= len(shape):
        name = "FillBackward3" if scalar else "CopyBackwards"
    else:
        name = "CopySlices"
    inplace(self, lambda s, v: _put(s, idx, v, False, name), value)


# --- gather / scatter ---------------------------------------------------------------------------

def _along(index, dim):
    """Fancy-index tuple addressing ``out[i][j][index[i][j][k]]...`` along ``dim``."""
    grids = list(np.ogrid[tuple(slice(0, s) for s in index.shape)])
    grids[dim] = index
    return tuple(grids)


def _check_index(input, dim, index, name):
    if index._dtype is not D.int64:
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    if index._data.ndim != input._data.ndim and index._data.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as "
                           f"{'input' if name == 'gather' else 'self'} tensor")


def gather(input, dim, index, *, sparse_grad=False):
    """out[i][j] = input[i][index[i][j]] (for dim=1).   d/dinput = scatter_add of grad."""
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "gather")
    try:
        arr = input._data[_along(index._data, d)]
    except IndexError as exc:
        raise RuntimeError(f"index {exc} is out of bounds for dimension {d} with size "
                           f"{input._data.shape[d]}") from None
    return record(wrap(arr), GatherBackward0, (input,), (index,), dim=d)


@grad_fn("GatherBackward0")
def GatherBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    zeros = grad.new_zeros(ctx._input_meta[0][0])
    return scatter_add(zeros, ctx.dim, index, grad)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of input with out[i][index[i][j]] = src[i][j] (for dim=1).
    d/dinput = grad with the written places zeroed; d/dsrc = grad gathered at index."""
    if src is None:
        src = value
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "scatter")
    out = input._data.copy()
    where = _along(index._data, d)
    if isinstance(src, Tensor):
        s = src._data[tuple(slice(0, n) for n in index._data.shape)]
        s = s.astype(out.dtype, copy=False)
    else:
        s = src
    if reduce == "add":
        np.add.at(out, where, s)
    elif reduce == "multiply":
        np.multiply.at(out, where, s)
    else:
        out[where] = s
    inputs = (input, src) if isinstance(src, Tensor) else (input,)
    cls = ScatterBackward0 if isinstance(src, Tensor) else ScatterBackward1
    return record(Tensor._make(out), cls, inputs, (index,), dim=d)


def _scatter_backward(ctx, grad):
    (index,) = ctx.saved_tensors
    gi = grad.scatter(ctx.dim, index, 0.0) if ctx.needs_input_grad[0] else None
    if len(ctx.needs_input_grad) == 1:
        return gi
    gs = grad.gather(ctx.dim, index) if ctx.needs_input_grad[1] else None
    return gi, gs


ScatterBackward0 = grad_fn("ScatterBackward0")(_scatter_backward)
ScatterBackward1 = grad_fn("ScatterBackward1")(_scatter_backward)


def scatter_add(input, dim, index, src):
    """A copy of input with src added at index along dim.
    d/dinput = grad; d/dsrc = grad gathered at index."""
    d = _wrap_dim(dim, input._data.ndim)
    _check_index(input, d, index, "scatter_add")
    out = input._data.copy()
    s = src._data[tuple(slice(0, n) for n in index._data.shape)].astype(out.dtype, copy=False)
    np.add.at(out, _along(index._data, d), s)
    return record(Tensor._make(out), ScatterAddBackward0, (input, src), (index,), dim=d)


@grad_fn("ScatterAddBackward0")
def ScatterAddBackward0(ctx, grad):
    (index,) = ctx.saved_tensors
    gs = grad.gather(ctx.dim, index) if ctx.needs_input_grad[1] else None
    return grad, gs


def nonzero(input, *, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple of 1-D tensors."""
    if as_tuple:
        if input._data.ndim == 0:
            return (wrap(np.nonzero(input._data.reshape(1))[0].astype(np.int64)),)
        return tuple(wrap(a.astype(np.int64)) for a in np.nonzero(input._data))
    return wrap(np.argwhere(input._data).astype(np.int64))


def _setitem_method(self, index, value):
    setitem(self, index, value)


def _gather_method(self, dim, index, **kw):
    return gather(self, dim, index, **kw)


FUNCTIONS = {"gather": gather, "scatter": scatter, "scatter_add": scatter_add,
             "nonzero": nonzero, "index_put": index_put}
METHODS = dict(FUNCTIONS)
METHODS.update({
    "__getitem__": getitem, "__setitem__": _setitem_method,
    "scatter_": lambda self, dim, index, src=None, **kw: self.copy_(
        scatter(self, dim, index, src, **kw)) if not self.requires_grad else inplace(
        self, lambda s: scatter(s, dim, index, src, **kw)),
    "scatter_add_": lambda self, dim, index, src: inplace(
        self, lambda s, o: scatter_add(s, dim, index, o), src),
    "index_put_": lambda self, indices, values, accumulate=False: inplace(
        self, lambda s, v: index_put(s, indices, v, accumulate), as_tensor_arg(values)),
})
