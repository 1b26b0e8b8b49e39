"""Sparse COO tensors: ``indices`` (sparse_dim x nnz, int64) and ``values`` (nnz x dense dims).

A sparse tensor is an ``ember.Tensor`` whose data is the pair (indices, values) rather than an
array. Gradients flow through ``values``, an ordinary tensor: every sparse op is written with
ember ops on the values (or as a recorded primitive whose derivative is), so ``gradcheck``,
``create_graph`` and leaf gradients work as for dense tensors. Products with dense matrices run
on ``scipy.sparse`` (imported on first use).
"""
from __future__ import annotations

import sys

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._subclass import _disabled_torch_function_impl
from .._tensor import Tensor, _wrap_dim
from ..autograd import grad_mode
from ..ops._out import with_out
from ..ops._registry import grad_fn, record


class _NoDenseData:
    """Stands in for a sparse tensor's array: a dense op reading it fails with torch's error for
    that op on that layout (``_dense_op_error``) instead of reading something that is not the
    tensor's data. Only ``shape`` is there, so that autograd's checks of a gradient's shape
    accept a sparse gradient; ``kind`` is torch's name of a compressed layout ("" for COO)."""

    __slots__ = ("shape", "kind", "device")

    def __init__(self, shape, kind="", device="cpu"):
        self.shape = shape
        self.kind = kind
        self.device = device

    def _refuse(self, *args, **kwargs):
        raise _dense_op_error(self.kind, self.device, _entry_op(sys._getframe(1)))

    __array__ = _refuse

    def __getattr__(self, name):
        self._refuse()


# torch's error for a dense op given a sparse tensor, by the op's name in ember: its
# NotImplementedError names the kernel it lacks (first for COO, then for the compressed
# layouts, then for the blocked ones where they differ); _LAYOUT, _STRIDES, _NON_BLOCK,
# _RESIZE and _SCALAR stand for its RuntimeErrors that name the layout or the result instead. Measured against torch 2.13.
_LAYOUT, _STRIDES, _NON_BLOCK, _RESIZE, _SCALAR = 1, 2, 3, 4, 5
_DENSE_OP_ERRORS = {
    **{name: (name, _LAYOUT) for name in (
        "clamp", "clamp_min", "clamp_max", "threshold", "leaky_relu", "hardshrink",
        "softshrink", "silu", "gelu", "hardsigmoid", "mish", "softplus", "addcmul")},
    "clip": ("clamp", _LAYOUT), "elu": ("elu", _LAYOUT), "selu": ("elu", _LAYOUT),
    "celu": ("elu", _LAYOUT), "copysign": ("copysign.Tensor", _LAYOUT),
    "fmod": ("fmod.Tensor", _LAYOUT), "remainder": ("remainder.Tensor", _LAYOUT),
    "lerp": ("lerp.Scalar", _LAYOUT),
    **{name: (name, name) for name in (
        "flip", "roll", "max", "min", "median", "nanmedian", "nansum", "prod", "trace", "mode",
        "hardtanh", "hardswish")},
    "relu6": ("hardtanh", "hardtanh"), "logsigmoid": ("log_sigmoid_forward",) * 2,
    "dropout": ("bernoulli_.float",) * 2, "logcumsumexp": ("_logcumsumexp",) * 2,
    "count_nonzero": ("count_nonzero.dim_IntList",) * 2, "norm": (None, "norm.out"),
    "any": (None, "any.all_out"), "normalize": (None, None), "any.dim": ("any.dim",),
    "vector_norm": ("linalg_vector_norm", _SCALAR), "reduction over dims": (None, _RESIZE),
    **{name: (name, name + ".out") for name in ("amax", "amin", "argmax", "argmin")},
    "mean": ("mean.dim", "mean.out"), "all": ("all", "all.all_out"),
    "std": ("std.correction",) * 2, "var": ("var.correction",) * 2,
    **{name: (name, name + ".out", _NON_BLOCK) for name in ("cumsum", "cumprod", "tril",
                                                             "triu")},
    "topk": ("topk", "topk.values", _NON_BLOCK), "softmax": ("_softmax", "_softmax.out",
                                                              _NON_BLOCK),
    "log_softmax": ("_log_softmax", "_log_softmax.out", _NON_BLOCK),
    **{name: ("sort.stable", _STRIDES) for name in ("sort", "argsort", "msort")},
    "cummax": ("_cummax_helper", None, _NON_BLOCK), "cummin": ("_cummin_helper", None,
                                                               _NON_BLOCK),
    "diag": ("diagonal_copy", _STRIDES), "diff": ("as_strided", _STRIDES),
    "kthvalue": ("kthvalue.values", None), "logsumexp": ("logsumexp.out", None),
}


def _entry_op(frame):
    """The name of the outermost ember function calling ``frame`` that ``_DENSE_OP_ERRORS``
    knows: the op the user called (an nn.Module's forward calls it); an entry of None stops
    an op that calls a known one from taking that one's error."""
    known = None
    while frame is not None:  # NumPy's frames may come between ember's
        if frame.f_globals.get("__name__", "").startswith("ember."):
            name = frame.f_code.co_name
            if name not in _DENSE_OP_ERRORS:  # a generated wrapper: the function it wraps
                name = getattr(frame.f_locals.get("fn"), "__name__", None)
            if name in _DENSE_OP_ERRORS:
                known = name
        frame = frame.f_back
    return known


def _dense_op_error(kind, device, op):
    """torch's error for ``op`` (None: an op not measured) on a sparse tensor of layout
    ``kind`` ("" for COO, else SparseCsr ...)."""
    entry = _DENSE_OP_ERRORS.get(op, (None,))
    form = entry[0] if not kind else entry[-1] if kind in ("SparseBsr", "SparseBsc") and \
        len(entry) > 2 else entry[1] if len(entry) > 1 else None
    if isinstance(form, str):
        backend = ("SparseCsr" if kind else "Sparse") + device.upper()
        return NotImplementedError(f"Could not run 'aten::{form}' with arguments from the "
                                   f"'{backend}' backend.")
    if form == _LAYOUT:
        return RuntimeError(f"unsupported tensor layout: {kind}")
    if form == _STRIDES:
        return RuntimeError(f"Sparse {kind[6:].upper()} tensors do not have strides")
    if form == _RESIZE:
        return RuntimeError(f"resize_reduction: support for output with {kind} layout is not "
                            f"implemented yet")
    if form == _SCALAR:
        return RuntimeError("torch.empty: Only batched sparse compressed (non-block) tensors are "
                            "supported, but got size []")
    if form == _NON_BLOCK:
        return RuntimeError(f"empty_sparse_compressed expected sparse compressed (non-block) "
                            f"tensor layout but got {kind}")
    name = kind[6:].upper() or "COO"
    layout = "sparse_" + (kind[6:].lower() or "coo")
    return RuntimeError(f"this operation does not support sparse {name} tensors (layout "
                        f"ember.{layout}); call .to_dense() first")


def _ember():
    import ember
    return ember


class layout:
    """How a tensor stores its elements: ``ember.strided`` (dense) or ``ember.sparse_coo``."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"ember.{self._name}"

    def __reduce__(self):
        return self._name


strided = layout("strided")
sparse_coo = layout("sparse_coo")
# the compressed layouts (``ember.sparse._compressed``); here, where a pickled layout is found
sparse_csr = layout("sparse_csr")
sparse_csc = layout("sparse_csc")
sparse_bsr = layout("sparse_bsr")
sparse_bsc = layout("sparse_bsc")


def _long(array):
    """An int64 index tensor of ``array``, on the array's device."""
    xp = np if isinstance(array, (list, tuple)) else _backend.namespace_of(array)
    return Tensor._make(xp.ascontiguousarray(array, dtype=np.int64))


class SparseTensor(Tensor):
    """A sparse COO tensor (``layout == ember.sparse_coo``)."""

    is_sparse = property(lambda self: True)
    _index_dtype = D.int64  # a compressed layout's may be int32

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not getattr(cls, "_is_param", False):  # a sparse nn.Parameter's results are plain
            cls._sparse_class = cls
    # A sparse tensor is an ember.Tensor to user code, as torch's is: no subclass dispatch.
    __torch_function__ = _disabled_torch_function_impl

    @classmethod
    def _build(cls, indices, values, shape, coalesced=False, grad_fn_name=None):
        self = object.__new__(cls)
        self._data = _NoDenseData(tuple(int(size) for size in shape), getattr(cls, "_kind", ""),
                                  values._device.type)
        self._dtype = values._dtype
        self._requires_grad = False
        self.grad_fn = None
        self._output_nr = 0
        self._vc = [0]
        self._base = None
        self._device = values._device
        self._sparse_indices = indices
        self._sparse_values = values
        self._sparse_shape = tuple(int(s) for s in shape)
        self._coalesced = bool(coalesced)
        self._grad_fn_name = grad_fn_name if values.requires_grad else None
        self._sparse_leaf = False
        self._name_node(grad_fn_name)
        return self

    def _name_node(self, name):
        """Give the result the op's node ``name`` (torch's ``grad_fn``) when its values carry a
        graph: the values' own node when it has that name, else a pass-through node of that
        name on top of it (the gradient of the sparse result is the gradient of its values)."""
        values = self._sparse_values
        node = values.grad_fn
        if name in ("SparseCooTensorWithDimsAndTensorsBackward0",
                    "SparseCompressedTensorBackward0") and values.requires_grad:
            # built from values that carry a graph (or are a leaf): torch's constructor node
            # sits on top, and the sparse tensor is not a leaf
            values = _named(values, name)
            self._sparse_values, self.grad_fn = values, values.grad_fn
            return
        if node is None or name is None:
            return
        if type(node).__name__ != name:
            values = _named(values, name)
            self._sparse_values, node = values, values.grad_fn
        self.grad_fn = node

    # -- what a sparse tensor is ----------------------------------------------------------------
    @property
    def shape(self):
        from .._tensor import Size
        return Size(self._sparse_shape)

    def size(self, dim=None):
        if dim is None:
            return self.shape
        return self._sparse_shape[_wrap_dim(dim, len(self._sparse_shape))]

    def dim(self):
        return len(self._sparse_shape)

    ndimension = dim

    @property
    def ndim(self):
        return len(self._sparse_shape)

    def numel(self):
        return int(np.prod(self._sparse_shape, dtype=np.int64))

    nelement = numel

    @property
    def layout(self):
        return sparse_coo

    def sparse_dim(self):
        return int(self._sparse_indices.shape[0])

    def dense_dim(self):
        return self._sparse_values.dim() - 1

    def _nnz(self):
        return int(self._sparse_values.shape[0])

    def is_coalesced(self):
        return self._coalesced

    def is_contiguous(self, memory_format=None):
        raise RuntimeError("is_contiguous is not supported for sparse tensors (layout "
                           "ember.sparse_coo)")

    @property
    def requires_grad(self):
        return self._sparse_values.requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        self._sparse_values.requires_grad = value

    def requires_grad_(self, requires_grad=True):
        self._sparse_values.requires_grad_(requires_grad)
        self._sparse_leaf = True
        return self

    @property
    def is_leaf(self):
        return not self._sparse_values.requires_grad or self._sparse_leaf

    @property
    def grad(self):
        """The gradient of a leaf: sparse on the same indices when it came through the
        values; dense, as torch's, once a product (mm, matmul) gave it a dense one."""
        if not self._sparse_leaf:
            return None
        values_grad = self._sparse_values.grad
        shadow = self.__dict__.get("_shadow")
        dense_grad = None if shadow is None else shadow._grad
        sparse_grad = None if values_grad is None else self._grad_on_positions(values_grad)
        if dense_grad is None or sparse_grad is None:
            return sparse_grad if dense_grad is None else dense_grad
        return add_dense_sparse(dense_grad, sparse_grad)

    def _grad_on_positions(self, values_grad):
        """The leaf's gradient as torch gives it: the dense gradient at each place the leaf
        has an entry, once per place in index order (an uncoalesced leaf's repeated entries
        share one place, and each entry's value gradient is the dense gradient there), marked
        uncoalesced as torch marks it."""
        if self._coalesced:
            return self._sparse_class._build(self._sparse_indices, values_grad,
                                             self._sparse_shape, True)
        indices = self._sparse_indices._data
        places = self._sparse_shape[:len(indices)]
        linear = np.ravel_multi_index(tuple(indices), places) \
            if indices.shape[1] and len(indices) else np.zeros(indices.shape[1], np.int64)
        unique, first = np.unique(linear, return_index=True)
        new_indices = np.stack(np.unravel_index(unique, places)) \
            if len(indices) else np.zeros((0, len(unique)), np.int64)
        return self._sparse_class._build(_long(new_indices.reshape(len(indices), -1)),
                                 values_grad[_long(first)], self._sparse_shape, False)

    def _dense_grad_leaf(self):
        """A dense stand-in of this leaf (a broadcast zero: no memory) that collects the
        dense gradients torch's products give a sparse leaf."""
        shadow = self.__dict__.get("_shadow")
        if shadow is None:
            data = self._sparse_values._data
            xp = _backend.namespace_of(data)
            zero = xp.broadcast_to(xp.zeros((), dtype=data.dtype), self._sparse_shape)
            shadow = self.__dict__["_shadow"] = Tensor._make(zero).requires_grad_()
        return shadow

    @property
    def _grad(self):
        # what optimizers read (``p._grad is not None``) and clear, as for a dense parameter
        return self.grad

    @_grad.setter
    def _grad(self, value):
        self.grad = value

    @grad.setter
    def grad(self, value):
        if value is None:
            self._sparse_values.grad = None
            shadow = self.__dict__.get("_shadow")
            if shadow is not None:
                shadow.grad = None
            return
        raise RuntimeError("assigning .grad of a sparse tensor is not supported")

    def detach(self):
        out = self._sparse_class._build(self._sparse_indices, self._sparse_values.detach(),
                                        self._sparse_shape, self._coalesced)
        out._index_dtype = self._index_dtype
        return out

    def clone(self, *, memory_format=None):
        out = self._sparse_class._build(self._sparse_indices.clone(), self._sparse_values.clone(),
                                        self._sparse_shape, self._coalesced, "CloneBackward0")
        out._index_dtype = self._index_dtype
        return _carry_path(out, _dense_path(self))

    # -- indices and values ---------------------------------------------------------------------
    def _indices(self):
        return self._sparse_indices

    def _values(self):
        # torch's _values() is outside the graph: the values' data, not differentiable.
        return self._sparse_values.detach()

    def indices(self):
        if not self._coalesced:
            raise RuntimeError("Cannot get indices on an uncoalesced tensor, please call "
                               ".coalesce() first")
        return self._sparse_indices

    def values(self):
        if not self._coalesced:
            raise RuntimeError("Cannot get values on an uncoalesced tensor, please call "
                               ".coalesce() first")
        values = self._sparse_values
        return _named(values, "ValuesBackward0") if values.requires_grad else values

    def coalesce(self):
        """Sort the entries by index and sum the values of repeated indices."""
        if self._coalesced:
            return self
        indices = self._sparse_indices._data
        linear = np.ravel_multi_index(tuple(indices), self._sparse_shape[:len(indices)]) \
            if indices.shape[1] else np.zeros(0, np.int64)
        unique, inverse = np.unique(linear, return_inverse=True)
        new_indices = np.stack(np.unravel_index(unique, self._sparse_shape[:len(indices)])) \
            if len(indices) else np.zeros((0, len(unique)), np.int64)
        values = self._sparse_values
        summed = values.new_zeros((len(unique),) + tuple(values.shape[1:])).index_add(
            0, _long(inverse.reshape(-1)), values)
        out = SparseTensor._build(_long(new_indices.reshape(len(indices), -1)), summed,
                                  self._sparse_shape, True, "CoalesceBackward0")
        return _carry_path(out, _dense_path(self))

    # -- conversions ----------------------------------------------------------------------------
    def to_dense(self, dtype=None, *, masked_grad=None):
        out = _to_dense(self)
        return out if dtype is None else out.to(dtype)

    def to_sparse(self, *args, layout=None, blocksize=None, dense_dim=None):
        if layout is not None and layout is not sparse_coo:
            from ._compressed import to_layout
            return to_layout(self, layout, blocksize, dense_dim)
        return self

    def to_sparse_coo(self):
        return self

    def sparse_mask(self, mask):
        return sparse_mask(self, mask)

    def index_select(self, dim, index):
        """The slices ``index`` names along ``dim``, as torch orders them: by position in
        ``index``, then by entry; never marked coalesced. torch has no backward for it (a
        sparse gradient cannot be index-added), so backward through it raises as torch's."""
        dim = _wrap_dim(dim, self.dim())
        if not isinstance(index, Tensor) or isinstance(index, SparseTensor) \
                or index.dim() > 1 or index.dtype is not D.int64:
            raise IndexError("index_select() argument index must be 1-D strided (non-sparse) "
                             "long-tensor.")
        wanted = _backend.to_host(index._data).reshape(-1).astype(np.int64)
        extent = self._sparse_shape[dim]
        bad = wanted[(wanted < 0) | (wanted >= extent)]
        if len(bad):
            raise IndexError(f"index_select(): index contains {int(bad[0])} that is out of "
                             f"range for tensor of size {list(self._sparse_shape)} at "
                             f"dimension {dim}")
        shape = list(self._sparse_shape)
        shape[dim] = len(wanted)
        values = self._sparse_values
        if dim >= self.sparse_dim():
            picked = _no_sparse_backward(values, values._data.take(
                index._data.astype(np.int64), axis=dim - self.sparse_dim() + 1),
                "IndexSelectBackward0")
            return SparseTensor._build(self._sparse_indices, picked, shape, self._coalesced,
                                       "IndexSelectBackward0")
        indices = _backend.to_host(self._sparse_indices._data)
        # For each position of ``index`` in turn, the entries at that slice, in entry order.
        hits = [(k, np.flatnonzero(indices[dim] == at)) for k, at in enumerate(wanted)]
        entries = np.concatenate([found for _, found in hits] + [np.zeros(0, np.int64)])
        positions = np.concatenate([np.full(len(found), k) for k, found in hits]
                                   + [np.zeros(0, np.int64)])
        new_indices = indices[:, entries]
        new_indices[dim] = positions
        device = values.device
        picked = _no_sparse_backward(values, values._data[_backend.to_device(entries, device)],
                                     "IndexSelectBackward0")
        return SparseTensor._build(_long(_backend.to_device(new_indices, device)), picked,
                                   shape, False, "IndexSelectBackward0")

    def select(self, dim, index):
        """The slice at ``index`` along ``dim``, without that dim. Along a sparse dim: the
        entries there as a COO tensor, marked coalesced when at most one is left or when they
        come from a compressed matrix; the last sparse dim selected leaves a dense tensor (its
        duplicates summed)."""
        if getattr(self, "_blocked", False):  # a block matrix selects among its elements
            return self._elements().select(dim, index)
        d = _wrap_dim(dim, self.dim())
        size = self._sparse_shape[d]
        if not -size <= index < size:
            raise IndexError(f"select(): index {index} out of range for tensor of size "
                             f"{list(self._sparse_shape)} at dimension {d}")
        index %= size
        shape = self._sparse_shape[:d] + self._sparse_shape[d + 1:]
        values, sparse_dims = self._sparse_values, self.sparse_dim()
        if d >= sparse_dims:
            picked = values.select(d - sparse_dims + 1, index)
            return SparseTensor._build(self._sparse_indices, picked, shape,
                                       picked.shape[0] <= 1, "SelectBackward0")
        indices = _backend.to_host(self._sparse_indices._data)
        entries = np.flatnonzero(indices[d] == index)
        at = _long(_backend.to_device(entries, values.device))
        picked = values.index_select(0, at)
        if sparse_dims == 1:  # nothing sparse is left: the entries summed into place
            return picked.sum(0)
        kept = _long(_backend.to_device(np.delete(indices[:, entries], d, axis=0),
                                        values.device))
        # a compressed matrix's entries are unique and in order: a slice of them is coalesced
        coalesced = len(entries) <= 1 or self.layout is not sparse_coo
        return SparseTensor._build(kept, picked, shape, coalesced, "SelectBackward0")

    def __getitem__(self, key):
        """Integer indices (and whole-dim slices ``:``) select along the dims they name; a
        None inserts a dim. Other keys fall to the dense indexing, which refuses them."""
        keys = key if isinstance(key, tuple) else (key,)
        simple = all(k is None or type(k) is int or isinstance(k, np.integer)
                     or k == slice(None) for k in keys if not isinstance(k, Tensor))
        if not simple or any(isinstance(k, Tensor) for k in keys) or \
                len([k for k in keys if k is not None]) > self.dim():
            return super().__getitem__(key)
        out, dim, source = self, 0, 0  # dim: in the result so far; source: in self
        for k in keys:
            if k is None:
                if out.layout is not sparse_coo:
                    raise RuntimeError(f"Sparse {str(out.layout)[-3:].upper()} tensors do not "
                                       f"have strides")
                out = out.unsqueeze(dim)
                dim += 1
                continue
            if isinstance(k, slice):
                dim += 1
            else:
                size = out.shape[dim]
                if not -size <= int(k) < size:
                    raise IndexError(f"index {int(k)} is out of bounds for dimension {source} "
                                     f"with size {size}")
                out = out.select(dim, int(k))
            source += 1
        return out

    def unsqueeze(self, dim):
        """A dim of size 1 inserted at ``dim``: a sparse dim (a row of zeros in the indices)
        when it goes before or between the sparse dims, else a dense dim of the values."""
        from ..ops._registry import check_dim_type
        check_dim_type("unsqueeze", dim)
        d = _wrap_dim(dim, self.dim() + 1)
        shape = self._sparse_shape[:d] + (1,) + self._sparse_shape[d:]
        values = self._sparse_values
        indices = self._sparse_indices
        if d <= self.sparse_dim():
            zero = _long(_backend.namespace_of(indices._data).zeros((1, indices.shape[1])))
            indices = _ember().cat([indices[:d], zero, indices[d:]])
            values = values.view_as(values) if values.requires_grad else values
        else:
            values = values.unsqueeze(d - self.sparse_dim() + 1)
        out = SparseTensor._build(indices, values, shape, self._coalesced, "UnsqueezeBackward0")
        return _carry_path(out, _map_path(self, lambda path: path.unsqueeze(d)))

    def narrow_copy(self, dim, start, length):
        """A copy of the slice ``start:start + length`` along ``dim`` (entries in their order,
        coalesced state kept). torch has no backward for it on sparse tensors, nor has ember."""
        if not 0 <= dim < self.dim():  # torch's sparse narrow_copy takes no negative dim
            raise RuntimeError(f"Dimension {dim} out of range. Expecting 0 <= dim < "
                               f"{self.dim()}.")
        extent = self._sparse_shape[dim]
        start = start + extent if start < 0 else start
        if start < 0 or length < 0 or start + length > extent:
            raise RuntimeError(f"Invalid range to narrow. range(start, start+length) must be a "
                               f"subset of range(0, {extent}).")
        shape = list(self._sparse_shape)
        shape[dim] = length
        values = self._sparse_values
        if dim >= self.sparse_dim():
            axis = dim - self.sparse_dim() + 1
            part = values._data[(slice(None),) * axis + (slice(start, start + length),)]
            picked = _no_sparse_backward(values, part.copy(), "NarrowCopyBackward0")
            return SparseTensor._build(self._sparse_indices, picked, shape, self._coalesced,
                                       "NarrowCopyBackward0")
        indices = _backend.to_host(self._sparse_indices._data)
        entries = np.flatnonzero((indices[dim] >= start) & (indices[dim] < start + length))
        new_indices = indices[:, entries]
        new_indices[dim] -= start
        device = values.device
        picked = _no_sparse_backward(values, values._data[_backend.to_device(entries, device)],
                                     "NarrowCopyBackward0")
        return SparseTensor._build(_long(_backend.to_device(new_indices, device)), picked,
                                   shape, self._coalesced, "NarrowCopyBackward0")

    def to_sparse_csr(self, dense_dim=None):
        from ._compressed import to_sparse_csr
        return to_sparse_csr(self, dense_dim)

    def to_sparse_csc(self, dense_dim=None):
        from ._compressed import to_sparse_csc
        return to_sparse_csc(self, dense_dim)

    def to_sparse_bsr(self, blocksize, dense_dim=None):
        from ._compressed import SparseBsrTensor, convert
        return convert(self, SparseBsrTensor, blocksize, dense_dim)

    def to_sparse_bsc(self, blocksize, dense_dim=None):
        from ._compressed import SparseBscTensor, convert
        return convert(self, SparseBscTensor, blocksize, dense_dim)

    def to(self, *args, **kwargs):
        values = self._sparse_values.to(*args, **kwargs)
        indices = self._sparse_indices.to(values.device)
        if values is self._sparse_values:
            return self
        out = SparseTensor._build(indices, values, self._sparse_shape, self._coalesced,
                                  "ToCopyBackward0")
        return _carry_path(out, _map_path(self, lambda path: path.to(*args, **kwargs)))

    def float(self):
        return self.to(D.float32)

    def double(self):
        return self.to(D.float64)

    def half(self):
        return self.to(D.float16)

    def bfloat16(self):
        return self.to(D.bfloat16)

    def long(self):
        return self.to(D.int64)

    def int(self):
        return self.to(D.int32)

    def short(self):
        return self.to(D.int16)

    def char(self):
        return self.to(D.int8)

    def byte(self):
        return self.to(D.uint8)

    def bool(self):
        return self.to(D.bool_)

    def cpu(self):
        return self.to("cpu")

    def numpy(self, *, force=False):
        kind = getattr(self, "_kind", "Sparse")  # the compressed layouts name theirs
        raise TypeError(f"can't convert {kind} layout tensor to numpy. Use Tensor.to_dense() "
                        "first.")

    def __len__(self):
        return self._sparse_shape[0]

    # -- arithmetic -----------------------------------------------------------------------------
    def _with_values(self, values, name):
        return SparseTensor._build(self._sparse_indices, values, self._sparse_shape,
                                   self._coalesced, name)

    def __mul__(self, other):
        if isinstance(other, SparseTensor):
            product = self.to_dense().mul(other.to_dense()).to_sparse()
            product._coalesced = self._coalesced and other._coalesced  # as torch's
            return product._renamed("MulBackward0")
        if isinstance(other, Tensor) and other.dim() > 0:
            raise RuntimeError("mul of a sparse and a dense tensor is only supported with a "
                               "0-dim dense tensor")
        return _carry_path(self._with_values(self._sparse_values * other, "MulBackward0"),
                           _map_path(self, lambda path: path * other))

    __rmul__ = mul = __mul__

    def __truediv__(self, other):
        if isinstance(other, Tensor) and other.dim() > 0:
            raise RuntimeError(f"Sparse division requires a scalar or zero-dim dense tensor "
                               f"divisor (got shape {list(other.shape)} for divisor)")
        return _carry_path(self._with_values(self._sparse_values / other, "DivBackward0"),
                           _map_path(self, lambda path: path / other))

    div = __truediv__

    def pow(self, exponent):
        from ._elementwise import pow
        return pow(self, exponent)

    __pow__ = pow

    def square(self):
        return self.pow(2)

    def __neg__(self):
        return _carry_path(self._with_values(-self._sparse_values, "NegBackward0"),
                           _map_path(self, lambda path: -path))

    neg = __neg__

    def add(self, other, *, alpha=1, _name="AddBackward0"):
        if isinstance(other, SparseTensor):
            if other._sparse_shape != self._sparse_shape:
                raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but "
                                   f"self has size {list(self._sparse_shape)} while other has "
                                   f"size {list(other._sparse_shape)}")
            other_values = other._sparse_values if alpha == 1 else other._sparse_values * alpha
            ember = _ember()
            both = SparseTensor._build(
                ember.cat([self._sparse_indices, other._sparse_indices], dim=1),
                ember.cat([self._sparse_values, other_values]), self._sparse_shape)
            out = both.coalesce()._renamed(_name)
            first, second = _dense_path(self), _dense_path(other)
            if first is not None or second is not None:
                # the sum's dense path: a term without one reaches its values (entries only)
                first = _to_dense(self) if first is None else first
                second = _to_dense(other) if second is None else second
                _carry_path(out, first + second * alpha)
            return out
        if isinstance(other, Tensor) and other.dim() > 0:
            raise RuntimeError("add(sparse, dense) is not supported. Use add(dense, sparse) "
                               "instead.")
        raise RuntimeError("add of a sparse tensor and a scalar is not supported")

    __add__ = add

    def __radd__(self, other):
        if isinstance(other, Tensor) and not isinstance(other, SparseTensor):
            return add_dense_sparse(other, self)
        return self.add(other)

    def add_(self, other, *, alpha=1):
        """In place: ``self += alpha * other`` for a sparse ``other``; the entries are
        appended, so the result is uncoalesced (as torch's)."""
        if not isinstance(other, SparseTensor):
            raise RuntimeError(  # noqa: TRY004 - torch's type and words
                "add(sparse, dense) is not supported. Use add(dense, sparse) instead.")
        if other._sparse_shape != self._sparse_shape:
            raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but self "
                               f"has size {list(self._sparse_shape)} while other has size "
                               f"{list(other._sparse_shape)}")
        if self._sparse_leaf and self._sparse_values.requires_grad and \
                _same_indices(self, other):
            # an optimizer's step on a sparse parameter (a gradient on its own entries): the
            # values change in place, so the leaf and its gradient stay, as in torch
            with grad_mode.no_grad():
                self._sparse_values.add_(other._sparse_values, alpha=alpha)
            self._coalesced = self._coalesced and other._coalesced
            self._vc[0] += 1
            return self
        both = _concatenated(self, other if alpha == 1 else other * alpha)
        self._sparse_indices, self._sparse_values = both._sparse_indices, both._sparse_values
        self._coalesced = False
        self._vc[0] += 1
        return self

    def mul_(self, other):
        """In place: every stored value times the scalar ``other``."""
        if isinstance(other, Tensor) and other.dim() > 0:
            raise RuntimeError("mul of a sparse and a dense tensor is only supported with a "
                               "0-dim dense tensor")
        self._sparse_values = self._sparse_values * other
        self._vc[0] += 1
        return self

    def zero_(self):
        """In place: drop every entry (nnz becomes 0); the size stays."""
        values = self._sparse_values
        self._sparse_indices = _long(np.zeros((self.sparse_dim(), 0), np.int64))
        self._sparse_values = values.new_zeros((0,) + tuple(values.shape[1:]))
        self._coalesced = True
        self._vc[0] += 1
        return self

    def sub(self, other, *, alpha=1):
        return self.add(other, alpha=-alpha, _name="SubBackward0")

    __sub__ = sub

    def __rsub__(self, other):
        if isinstance(other, Tensor) and not isinstance(other, SparseTensor):
            return other.sub(self.to_dense())
        return (-self).add(other)

    def _renamed(self, name):
        self._grad_fn_name = name if self._sparse_values.requires_grad else None
        self._name_node(name)
        return self

    def t(self):
        if self.sparse_dim() != 2 or self.dense_dim() != 0:
            raise RuntimeError(f"t() expects a tensor with <= 2 sparse and 0 dense dimensions, "
                               f"but got {self.sparse_dim()} sparse and {self.dense_dim()} "
                               "dense dimensions")
        return self.transpose(0, 1, _name="TBackward0")

    def transpose(self, dim0, dim1, *, _name="TransposeBackward0"):
        dim0, dim1 = _wrap_dim(dim0, self.dim()), _wrap_dim(dim1, self.dim())
        if max(dim0, dim1) >= self.sparse_dim():
            raise RuntimeError("transposing dense dimensions of a sparse tensor is not "
                               "supported")
        order = list(range(self.sparse_dim()))
        order[dim0], order[dim1] = order[dim1], order[dim0]
        shape = list(self._sparse_shape)
        shape[dim0], shape[dim1] = shape[dim1], shape[dim0]
        values = self._sparse_values.view_as(self._sparse_values) \
            if self._sparse_values.requires_grad else self._sparse_values
        out = SparseTensor._build(self._sparse_indices[order], values, shape, False, _name)
        return _carry_path(out, _map_path(self, lambda path: path.transpose(dim0, dim1)))

    @property
    def T(self):
        return self.t()

    def mm(self, mat2):
        return _matmul(self, mat2, "MmBackward0", vector=False)

    def matmul(self, other):
        return _matmul(self, other, "MmBackward0")

    __matmul__ = mv = matmul

    def __rmatmul__(self, other):
        if isinstance(other, SparseTensor):
            return _matmul(other, self, "MmBackward0")
        # dense @ sparse as (sparse^T @ dense^T)^T, under torch's one node for the product
        product = _matmul(self.t(), other.t(), "MmBackward0").t()
        return _named(product, "MmBackward0") if product.requires_grad else product

    def sum(self, dim=None, keepdim=False, dtype=None):
        return whole_sum(self, dtype) if dim is None else tensor_sum(self, dim, keepdim, dtype)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """The p-norm of the stored values: torch's sparse norm reduces over every dim only;
        the missing entries are zeros, which no p-norm counts. COO only, as torch's."""
        whole = dim is None or len({_wrap_dim(d, self.dim()) for d in (
            (dim,) if isinstance(dim, int) else dim)}) == self.dim()
        kind = getattr(self, "_kind", "")
        if kind:
            raise _dense_op_error(kind, self._device.type, "norm" if whole and not keepdim
                                  else "reduction over dims")
        if keepdim:
            raise RuntimeError("norm_sparse currently does not support keepdim=True")
        if dtype is not None and p == "fro":
            raise ValueError("dtype argument is not supported in frobenius norm")
        if not whole:
            raise RuntimeError("norm_sparse currently only supports full reductions, so 'dim' "
                               "must either be empty or contain all dimensions of the input")
        values = self.coalesce()._sparse_values if p == 0 else self._sparse_values
        total = values.norm(p, dtype=dtype)
        return _named(total, "NormBackward1") if total.requires_grad else total

    def any(self, dim=None, keepdim=False):
        kind = getattr(self, "_kind", "")
        if kind or dim is not None:
            raise _dense_op_error(kind, self._device.type, "any.dim" if not kind else "any"
                                  if dim is None else "reduction over dims")
        return self._sparse_values.any()

    # -- printing -------------------------------------------------------------------------------
    def __repr__(self, *, tensor_contents=None):
        return _sparse_repr(self, (("indices", self._sparse_indices),
                                   ("values", self._sparse_values)), "sparse_coo", True)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (_rebuild_sparse, (self._sparse_indices, self._sparse_values.detach(),
                                  self._sparse_shape, self._coalesced))

    def __deepcopy__(self, memo):
        return SparseTensor._build(self._sparse_indices.clone(),
                                   self._sparse_values.detach().clone(), self._sparse_shape,
                                   self._coalesced)


SparseTensor._sparse_class = SparseTensor


def _add_in_place_ops():
    from ._elementwise import IN_PLACE, in_place
    for name in IN_PLACE:
        setattr(SparseTensor, f"{name}_", in_place(name))


_add_in_place_ops()
_PARAMETER_CLASSES = {}


def as_parameter(parameter_class, sparse, requires_grad):
    """``nn.Parameter(sparse)``: a sparse leaf of ``sparse``'s layout sharing its indices and
    values, that is also a ``parameter_class`` (Modules register it, optimizers update it); the
    results of ops on it are plain sparse tensors, as torch's."""
    key = (parameter_class, sparse._sparse_class)
    kind = _PARAMETER_CLASSES.get(key)
    if kind is None:
        def __repr__(self, *, tensor_contents=None):
            return "Parameter containing:\n" + key[1].__repr__(self)
        kind = _PARAMETER_CLASSES[key] = type(parameter_class.__name__, key[::-1], {
            "__module__": parameter_class.__module__, "__repr__": __repr__,
            "__str__": __repr__, "__reduce_ex__": key[1].__reduce_ex__,
            "__deepcopy__": key[1].__deepcopy__})
    values = sparse._sparse_values.detach()
    if requires_grad and not (values.is_floating_point() or values.is_complex()):
        raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                           "gradients")
    out = kind._build(sparse._sparse_indices, values.requires_grad_(requires_grad),
                      sparse._sparse_shape, sparse._coalesced)
    out._sparse_leaf = True
    return out


def _sparse_repr(tensor, parts, layout_name, suffixes_on_new_line):
    """torch's repr of a sparse tensor: its parts (``name=tensor(...)``, one per line), then
    size, nnz, dtype when not implied, layout and grad state."""
    from .._tensor_str import _append_suffixes, format_tensor

    def plain(part, column):
        # The inner tensors print without their own dtype: the suffix below names it. They
        # start at ``column``, and their rows wrap within what is left of the line.
        name = part._dtype.name
        # Printing reads the values on the host (a sync on a GPU, as torch's printing).
        text = format_tensor(_backend.to_host(part._data), dtype_name=name,
                             default_dtype_name=name, column=column)
        if part.numel() == 0 and "size=" not in text:  # torch names an empty part's size
            text = f"{text[:-1]}, size={tuple(part.shape)})"
        return text
    lines = []
    for index, (name, part) in enumerate(parts):
        lead = "tensor(" if index == 0 else "       "
        lines.append(f"{lead}{name}=" + plain(part, len(f"{lead}{name}=")))
    body = ",\n".join(lines)
    suffixes = [f"size={tensor._sparse_shape}", f"nnz={tensor._nnz()}"]
    default = D.get_default_dtype()
    implied = (default, D.int64, D.bool_, D.complex128 if default is D.float64 else D.complex64)
    if tensor._dtype not in implied:
        suffixes.append(f"dtype={tensor._dtype}")
    suffixes.append(f"layout=ember.{layout_name}")
    if tensor._sparse_values.requires_grad and tensor.is_leaf:
        suffixes.append("requires_grad=True")
    elif tensor._grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{tensor._grad_fn_name}>")
    if suffixes_on_new_line:
        return _append_suffixes(body + ",\n       " + suffixes[0], suffixes[1:], 7)
    return _append_suffixes(body, suffixes, 7)


def _pass_through(ctx, grad):
    return grad


_PASS_THROUGH_NODES = {}


def _named(tensor, name):
    """``tensor`` (sharing its data) behind a node called ``name`` that passes the gradient on
    unchanged: sparse ops built from ember ops on the values get torch's node name this way."""
    node = _PASS_THROUGH_NODES.get(name)
    if node is None:
        node = _PASS_THROUGH_NODES[name] = grad_fn(name)(_pass_through)
    return record(Tensor._make(tensor._data), node, (tensor,))


def _dense_path(sparse):
    """The dense tensor through which a product reaches ``sparse`` in backward, or None.

    torch's mm and matmul give their sparse operand the dense gradient ``grad @ other^T``
    (every position, not only the entries), and its sparse ops (scalar products, t, add,
    clone, coalesce) pass that gradient on unmasked, down to a dense tensor made sparse by
    ``to_sparse``/``to_sparse_csr`` or to a sparse leaf. A tensor built from its values
    (``sparse_coo_tensor``) has none: its backward keeps the gradient at its entries.
    """
    path = sparse.__dict__.get("_dense_path")
    if path is not None:
        return path
    if sparse._sparse_leaf and sparse._sparse_values.requires_grad:
        return sparse._dense_grad_leaf()
    return None


def _map_path(sparse, op):
    """``op`` of ``sparse``'s dense path, or None where it has none."""
    path = _dense_path(sparse)
    return None if path is None else op(path)


def _carry_path(out, path):
    """``out`` with ``path`` as its dense path (see ``_dense_path``) while grad mode is on."""
    if path is not None and path.requires_grad and grad_mode.is_grad_enabled():
        out.__dict__["_dense_path"] = path
    return out


def _dense_stand_in(source, name):
    """A zero of ``source``'s shape (a broadcast: no memory) behind a node called ``name``
    that hands the dense gradient it gets to ``source`` unchanged: the dense path of a sparse
    tensor made from the dense ``source``."""
    data = source._data
    xp = _backend.namespace_of(data)
    zero = Tensor._make(xp.broadcast_to(xp.zeros((), dtype=data.dtype), tuple(source.shape)))
    node = _PASS_THROUGH_NODES.get(name)
    if node is None:
        node = _PASS_THROUGH_NODES[name] = grad_fn(name)(_pass_through)
    return record(zero, node, (source,))


def _same_indices(first, second):
    """Whether two sparse tensors hold their entries at the same indices, in the same order."""
    one, two = first._sparse_indices._data, second._sparse_indices._data
    return one.shape == two.shape and np.array_equal(_backend.to_host(one),
                                                     _backend.to_host(two))


def _concatenated(first, second):
    """The entries of both sparse tensors (same size) side by side, uncoalesced."""
    ember = _ember()
    return SparseTensor._build(ember.cat([first._sparse_indices, second._sparse_indices], dim=1),
                               ember.cat([first._sparse_values, second._sparse_values]),
                               first._sparse_shape)


def add_dense_sparse(dense, sparse, alpha=1):
    """``dense + alpha * sparse`` as a dense tensor (torch's dense-sparse add: the sizes must be
    equal, no broadcasting); differentiable in ``dense`` and in the sparse values."""
    if tuple(dense.shape) != sparse._sparse_shape:
        raise RuntimeError(f"add: expected 'self' and 'other' to have same size, but self has "
                           f"size {list(dense.shape)} while other has size "
                           f"{list(sparse._sparse_shape)} (FYI: dense-sparse addition does not "
                           "currently support broadcasting)")
    if sparse._sparse_leaf and sparse.requires_grad:
        # torch gives a sparse leaf added to a dense tensor the dense gradient.
        with grad_mode.no_grad():
            addend = sparse.to_dense()
        node = _PASS_THROUGH_NODES.get("ToDenseBackward0")
        if node is None:
            node = _PASS_THROUGH_NODES["ToDenseBackward0"] = \
                grad_fn("ToDenseBackward0")(_pass_through)
        addend = record(addend, node, (sparse._dense_grad_leaf(),))
    else:
        addend = sparse.to_dense()
    return dense.add(addend if alpha == 1 else addend * alpha)


def add_sparse_into_dense_(dense, sparse, alpha):
    """``dense += alpha * sparse`` touching only the stored entries (an optimizer step on an
    embedding table costs O(nnz), not O(table)). Returns False, changing nothing, where the
    general path must run (the dtypes differ, or the sizes, whose error that path raises)."""
    values = sparse._sparse_values
    data = dense._data
    # Plain NumPy arrays that can be written, or device arrays (traced and meta ones aside).
    direct = data.flags.writeable if type(data) is np.ndarray else \
        not _backend.is_host(data) and not getattr(data, "_is_meta", False)
    if values._dtype is not dense._dtype or tuple(dense.shape) != sparse._sparse_shape \
            or not direct:
        return False
    update = values._data if alpha == 1 else values._data * alpha
    _backend.scatter_add(data, tuple(sparse._sparse_indices._data), update)
    dense._vc[0] += 1
    return True


def embedding_grad(rows, indices, keep, shape):
    """The weight gradient of an embedding lookup as a sparse COO tensor, as torch builds it
    for ``sparse=True``: ``rows[k]`` (the output gradient of the k-th lookup) at row
    ``indices[k]``, uncoalesced, without the lookups ``keep`` leaves out (``padding_idx``)."""
    if keep is not None and not keep.all():
        rows = rows[_long(np.flatnonzero(keep))]
        indices = indices[keep]
    else:
        rows = rows.clone()  # the incoming gradient may be the user's: .grad gets its own copy
    return SparseTensor._build(_long(indices.reshape(1, -1)), rows, shape)


def accumulate_grad(var, grad):
    """Add ``grad`` into the leaf's ``.grad`` when either is sparse, as torch does: a first
    sparse gradient is kept as it is; sparse + sparse appends the entries (uncoalesced);
    dense + sparse, in either order, is dense."""
    old = var._grad
    if old is None:
        var._grad = grad
    elif old.is_sparse and grad.is_sparse:
        var._grad = _concatenated(old, grad)
    elif old.is_sparse:
        var._grad = add_dense_sparse(grad, old)
    elif old.requires_grad or grad_mode.is_grad_enabled() \
            or not add_sparse_into_dense_(old, grad, 1):
        var._grad = add_dense_sparse(old, grad)


def _rebuild_sparse(indices, values, shape, coalesced):
    return SparseTensor._build(indices, values, shape, coalesced)


# ---------------------------------------------------------------------------------- creation
def _values_given(values, dtype, device):
    """A sparse constructor's ``values`` as a tensor of ``dtype`` on ``device`` (where given)."""
    if not isinstance(values, Tensor):
        values = _ember().tensor(values, dtype=dtype)
    elif dtype is not None:
        values = values.to(dtype)
    return values if device is None else values.to(device)


def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, pin_memory=False,
                      requires_grad=False, check_invariants=None, is_coalesced=None):
    """A sparse COO tensor with ``values[k]`` at position ``indices[:, k]``.

    ``size`` defaults to the smallest that holds every index; repeated indices are summed when
    the tensor is coalesced.
    """
    ember = _ember()
    from ._more import warn_if_implicit
    warn_if_implicit(check_invariants)
    if not isinstance(indices, Tensor):
        indices = ember.tensor(indices)
    values = _values_given(values, dtype, device)
    if indices.dtype is not D.int64:
        if indices.is_floating_point() or indices.is_complex():
            # torch would truncate them to int64; a fractional index is refused instead
            raise RuntimeError(f"indices must be an int64 tensor, but got {indices.dtype}")
        indices = indices.long()  # int32 and the other integers, exactly, as torch
    if indices.dim() != 2:
        raise RuntimeError(f"indices must be sparse_dim x nnz, but got: {list(indices.shape)}")
    if values.dim() < 1:
        raise RuntimeError("values must have at least one dimension (nnz first)")
    nnz = indices.shape[1]
    if values.shape[0] != nnz:
        raise RuntimeError(f"indices and values must have same nnz, but got nnz from indices: "
                           f"{nnz}, nnz from values: {values.shape[0]}")
    sparse_dim = indices.shape[0]
    raw = indices._data
    if size is None:
        size = tuple(int(m) + 1 for m in raw.max(axis=1)) if nnz else (0,) * sparse_dim
        size = size + tuple(values.shape[1:])
    size = tuple(int(s) for s in size)
    if len(size) != sparse_dim + values.dim() - 1:
        raise RuntimeError(f"number of dimensions must be sparse_dim ({sparse_dim}) + dense_dim "
                           f"({values.dim() - 1}), but got {len(size)}")
    if tuple(values.shape[1:]) != size[sparse_dim:]:
        raise RuntimeError(f"values has incorrect size, expected {[nnz, *size[sparse_dim:]]}, "
                           f"got {list(values.shape)}")
    if nnz:
        if raw.min() < 0:
            raise RuntimeError(f"found negative index {int(raw.min())} for dim "
                               f"{int(raw.min(axis=1).argmin())}")
        for dim, (largest, extent) in enumerate(zip(raw.max(axis=1), size)):
            if largest >= extent:
                raise RuntimeError(f"size is inconsistent with indices: for dim {dim}, size is "
                                   f"{extent} but found index {int(largest)}")
    if requires_grad:
        values = values.detach().requires_grad_()
    coalesced = bool(is_coalesced) if is_coalesced is not None else nnz <= 1
    out = SparseTensor._build(indices, values, size, coalesced, None if requires_grad else
                              "SparseCooTensorWithDimsAndTensorsBackward0")
    out._sparse_leaf = bool(requires_grad)
    return out


def to_sparse(dense, sparse_dim=None):
    """The non-zero entries of a dense tensor as a coalesced sparse COO tensor."""
    given = sparse_dim
    sparse_dim = dense.dim() if sparse_dim is None else sparse_dim
    if not 1 <= sparse_dim <= dense.dim():
        raise RuntimeError(f"sparse_dim must be in [1, {dense.dim()}], got {sparse_dim}")
    array = dense._data
    flat = array.reshape(array.shape[:sparse_dim] + (int(np.prod(array.shape[sparse_dim:])),))
    nonzero = np.nonzero(np.any(flat != 0, axis=-1))
    indices = _long(np.stack(nonzero))
    values = dense[tuple(_long(i) for i in nonzero)]
    # torch names the node by the overload: to_sparse() is ToSparseBackward1.
    name = "ToSparseBackward1" if given is None else "ToSparseBackward0"
    out = SparseTensor._build(indices, values, dense.shape, True, name)
    if dense.requires_grad and grad_mode.is_grad_enabled():
        _carry_path(out, _dense_stand_in(dense, name))
    return out


def sparse_mask(input, mask):
    """``input``'s elements at the positions ``mask`` (sparse COO) stores, as a sparse tensor
    with ``mask``'s indices (its order and coalesced state kept); differentiable in
    ``input``: the gradient reaches those positions only."""
    if not isinstance(mask, SparseTensor):
        raise NotImplementedError("Could not run 'aten::sparse_mask' with arguments from the "
                                  "'CPU' backend: the mask must be a sparse COO tensor.")
    if tuple(input.shape) != mask._sparse_shape:
        raise RuntimeError(f"sparse_mask(): operands have incompatible sizes; self has size "
                           f"{list(input.shape)} but mask has size {list(mask._sparse_shape)}")
    at = mask._sparse_indices
    if isinstance(input, SparseTensor):
        # Each mask position's value in ``input`` (repeats summed; zero where it stores none).
        source = input.coalesce()
        dims = source._sparse_shape[:source.sparse_dim()]
        have = np.ravel_multi_index(tuple(_backend.to_host(source._sparse_indices._data)), dims)
        want = np.ravel_multi_index(tuple(_backend.to_host(at._data)), dims)
        spot = np.minimum(np.searchsorted(have, want), max(len(have) - 1, 0))
        found = have[spot] == want if len(have) else np.zeros(len(want), bool)
        values = source._sparse_values
        padded = _ember().cat([values, values.new_zeros((1,) + tuple(values.shape[1:]))])
        pick = np.where(found, spot, len(have))
        values = padded[_long(_backend.to_device(pick, values.device))]
    else:
        values = input[tuple(at[d] for d in range(at.shape[0]))]
    return SparseTensor._build(at, values, mask._sparse_shape, mask._coalesced,
                               "SparseMaskBackward0")


# ------------------------------------------------------------------------------ to_dense
def _to_dense(sparse):
    values = sparse._sparse_values
    index = tuple(sparse._sparse_indices._data)
    out = _backend.namespace_of(values._data).zeros(sparse._sparse_shape,
                                                    dtype=values._data.dtype)
    _backend.scatter_add(out, index, values._data)
    return record(Tensor._make(out), ToDenseBackward0, (values,), index=index)


@grad_fn("ToDenseBackward0")
def ToDenseBackward0(ctx, grad):
    """d dense / d values: each value's gradient is the dense gradient at its position."""
    from ..ops.indexing import getitem_raw
    return getitem_raw(grad, ctx.index)


# --------------------------------------------------------------------------- products
def _scipy_matrix(sparse):
    """SciPy's CSR matrix of a 2-D sparse tensor, on the host (copied from a device)."""
    import scipy.sparse
    rows, cols = _backend.to_host(sparse._sparse_indices._data)
    return scipy.sparse.csr_matrix((_backend.to_host(sparse._sparse_values._data), (rows, cols)),
                                   shape=sparse._sparse_shape)


def _sparse_times(sparse, array):
    """The array ``sparse @ array`` (a 2-D sparse matrix times a 2-D array) on the array's
    device: SciPy's CSR product on the host; elsewhere each entry's scaled row of ``array``
    scatter-added onto its row of the result."""
    if _backend.is_host(array):
        return np.asarray(_scipy_matrix(sparse) @ array)
    values = sparse._sparse_values._data
    rows, cols = sparse._sparse_indices._data
    out = _backend.namespace_of(array).zeros((sparse._sparse_shape[0], array.shape[1]),
                                             dtype=np.result_type(values, array))
    _backend.scatter_add(out, rows, values[:, None] * array[cols])
    return out


def _matmul(sparse, other, name, vector=True):
    """sparse (n x k, 2 sparse dims) @ other (k x m dense, or sparse; a k-vector too where
    ``vector``, as matmul and mv take one and mm does not)."""
    kind = sparse.layout
    if getattr(sparse, "_blocked", False):  # a block matrix multiplies as its elements
        sparse = sparse._elements()
    if sparse.sparse_dim() != 2 or sparse.dense_dim() != 0:
        raise RuntimeError("sparse matrix products need a 2-D sparse tensor with no dense "
                           f"dimensions, got sparse_dim={sparse.sparse_dim()}, "
                           f"dense_dim={sparse.dense_dim()}")
    if isinstance(other, SparseTensor):
        return _sparse_product(sparse, other, kind, name == "SparseAddmmBackward0")
    if not isinstance(other, Tensor):
        raise TypeError(f"mm(): argument 'mat2' must be Tensor, not {type(other).__name__}")
    if other.dim() == 1 and not vector:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)")
    vector = other.dim() == 1
    if vector and other.shape[0] != sparse._sparse_shape[1]:
        rows, cols = sparse._sparse_shape
        if kind is sparse_coo:
            raise RuntimeError("mv: expected self.size(-1) == vec.size(-1)")
        raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{cols}), vec "
                           f"({other.shape[0]})")
    dense = other.unsqueeze(1) if vector else other
    if dense.dim() != 2:
        raise RuntimeError(f"mm: expected a 2-D dense matrix, got {dense.dim()}-D")
    if dense.shape[0] != sparse._sparse_shape[1]:
        raise RuntimeError(f"addmm: Argument #3 (dense): Expected dim 0 size "
                           f"{sparse._sparse_shape[1]}, got {dense.shape[0]}")
    if dense.dtype is not sparse.dtype:
        raise RuntimeError(f"expected scalar type {sparse.dtype._legacy[:-6]} but found "
                           f"{dense.dtype._legacy[:-6]}")
    values = sparse._sparse_values
    result = _sparse_times(sparse, dense._data).astype(dense._data.dtype, copy=False)
    if vector:
        result = result[:, 0]
    node = _SPARSE_MM_NODES["MvBackward0" if vector else name]
    # torch's mm/matmul give a sparse operand the dense gradient grad @ other^T where it has a
    # dense path (a sparse leaf, a dense tensor made sparse); sparse.mm the sparse one, on its
    # entries only.
    path = _dense_path(sparse) if name != "SparseAddmmBackward0" else None
    dense_grad = path is not None and path.requires_grad
    source = path if dense_grad else values
    return record(Tensor._make(_backend.ascontiguousarray(result)), node, (source, other),
                  sparse=sparse, dense=other, dense_grad=dense_grad)


def _sparse_mm_rule(ctx, grad):
    """d(S D)/d values_k = <grad[row_k], D[col_k]>;  d(S D)/dD = S^T grad (D a matrix or a
    vector)."""
    sparse, dense = ctx.sparse, ctx.dense
    rows, cols = sparse._sparse_indices[0], sparse._sparse_indices[1]
    grad_values = None
    if ctx.needs_input_grad[0] and ctx.dense_grad:
        grad_values = grad.unsqueeze(1) * dense if dense.dim() == 1 else grad.mm(dense.t())
    elif ctx.needs_input_grad[0]:
        grad_values = grad[rows] * dense[cols]
        grad_values = grad_values.sum(-1) if dense.dim() == 2 else grad_values
    grad_dense = _matmul(sparse.t(), grad, "MmBackward0") if ctx.needs_input_grad[1] else None
    return grad_values, grad_dense


_SPARSE_MM_NODES = {name: grad_fn(name)(_sparse_mm_rule)
                    for name in ("MmBackward0", "SparseAddmmBackward0", "MvBackward0")}


_PRODUCT_KINDS = {sparse_coo: "Sparse", sparse_csr: "SparseCsr", sparse_csc: "SparseCsc"}


def _sparse_product(first, second, first_layout, sparse_mm):
    """``first @ second`` for two sparse matrices in the layout torch's CPU kernels give it: COO
    for two COO operands, CSR for two compressed ones (torch.sparse.mm keeps CSC for two CSC
    operands and has no CSR @ CSC); a COO operand with a compressed one has no kernel. The
    error names the layout the kernel would write (mat1's, mat2's for torch.sparse.mm)."""
    second_layout = second.layout
    # two layouts torch multiplies, at least one of them compressed (else the COO product)
    has_compressed = first_layout in _PRODUCT_KINDS and second_layout in _PRODUCT_KINDS and \
        not first_layout is second_layout is sparse_coo
    if has_compressed and (sparse_coo in (first_layout, second_layout) or
                           sparse_mm and (first_layout, second_layout) == (sparse_csr, sparse_csc)):
        target = _PRODUCT_KINDS[second_layout if sparse_mm else first_layout]
        raise RuntimeError(f"addmm: computation on CPU is not implemented for {target} + "
                           f"{_PRODUCT_KINDS[first_layout]} @ {_PRODUCT_KINDS[second_layout]}")
    # sparse.mm's gradient stays on the operands' entries, mm's reaches their dense paths
    product = _sparse_sparse(first, second, "SparseSparseMatmulBackward0" if sparse_mm
                             else "MmBackward0")
    if not has_compressed:
        return product
    from ._compressed import SparseCscTensor, SparseCsrTensor, _from_entries
    both_csc = first_layout is second_layout is sparse_csc
    layout = SparseCscTensor if sparse_mm and both_csc else SparseCsrTensor
    return _from_entries(product, layout, "SparseAddmmBackward0" if sparse_mm else "MmBackward0")


def _sparse_sparse(first, second, name):
    """sparse (n x k) @ sparse (k x m) -> sparse (n x m), differentiable in both values.

    d out_values / d first_values at (i, k) = sum_j grad[i, j] second[k, j], that is
    (G second^T)[i, k] on first's entries, and (first^T G)[k, j] on second's, with G the
    gradient as a sparse matrix on the output's entries."""
    if second.sparse_dim() != 2 or second.dense_dim() != 0:
        raise RuntimeError("sparse @ sparse needs two 2-D sparse matrices")
    if first._sparse_shape[1] != second._sparse_shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({first._sparse_shape[0]}x{first._sparse_shape[1]} and "
                           f"{second._sparse_shape[0]}x{second._sparse_shape[1]})")
    if first.dtype is not second.dtype:
        raise RuntimeError(f"expected mat1 and mat2 to have the same dtype, but got: "
                           f"{first.dtype} != {second.dtype}")
    # SciPy's sparse-sparse product on the host: a device's operands make a round trip.
    device = first._sparse_values.device
    left, right = _scipy_matrix(first), _scipy_matrix(second)
    product = (left @ right).tocoo()
    product.sum_duplicates()
    indices = _long(_backend.to_device(np.stack([product.row, product.col]), device))
    dtype = first._sparse_values._data.dtype
    values = Tensor._make(_backend.to_device(product.data.astype(dtype), device))
    shape = (first._sparse_shape[0], second._sparse_shape[1])
    # torch's mm and matmul give an operand with a dense path (a dense tensor made sparse, a
    # sparse leaf) the dense gradient, every position; sparse.mm only its entries'
    paths = [_dense_path(operand) if name == "MmBackward0" else None
             for operand in (first, second)]
    dense_grads = tuple(path is not None and path.requires_grad for path in paths)
    sources = tuple(path if dense else operand._sparse_values
                    for path, dense, operand in zip(paths, dense_grads, (first, second)))
    values = record(values, _SPARSE_SPARSE_NODES[name], sources, left=left, right=right,
                    dense_grads=dense_grads,
                    first_at=tuple(_backend.to_host(first._sparse_indices._data)), shape=shape,
                    second_at=tuple(_backend.to_host(second._sparse_indices._data)),
                    out_at=(product.row, product.col), device=device)
    return SparseTensor._build(indices, values, shape, True, name)


def _sparse_sparse_rule(ctx, grad):
    import scipy.sparse
    if grad.requires_grad or grad_mode.is_grad_enabled():  # a graph of the backward is wanted
        raise RuntimeError("ember differentiates sparse @ sparse products once only: "
                           "create_graph=True through them is not supported")
    g = scipy.sparse.csr_matrix((_backend.to_host(grad._data), ctx.out_at), shape=ctx.shape)
    dtype = grad._data.dtype
    grad_first = grad_second = None
    if ctx.needs_input_grad[0]:
        grad_first = _gradient_at((g @ ctx.right.T).tocsr(), ctx.first_at, ctx.dense_grads[0],
                                  dtype, ctx.device)
    if ctx.needs_input_grad[1]:
        grad_second = _gradient_at((ctx.left.T @ g).tocsr(), ctx.second_at,
                                   ctx.dense_grads[1], dtype, ctx.device)
    return grad_first, grad_second


def _gradient_at(full, places, dense, dtype, device):
    """The gradient ``full`` (a SciPy matrix) of one operand: all of it where the operand
    takes a dense gradient, else its values at the operand's entries."""
    array = full.toarray() if dense else np.asarray(full[places]).ravel()
    return Tensor._make(_backend.to_device(array.astype(dtype), device))


_SPARSE_SPARSE_NODES = {name: grad_fn(name)(_sparse_sparse_rule)
                        for name in ("MmBackward0", "SparseSparseMatmulBackward0")}


def mm(mat1, mat2):
    """``mat1 @ mat2`` with ``mat1`` sparse (n x k) and ``mat2`` dense or sparse (k x m)."""
    if not isinstance(mat1, SparseTensor):
        return mat1.mm(mat2)
    return _matmul(mat1, mat2, "SparseAddmmBackward0", vector=False)


def addmm(mat, mat1, mat2, *, beta=1.0, alpha=1.0):
    """``beta * mat + alpha * (mat1 @ mat2)`` with ``mat1`` sparse, as one SparseAddmmBackward0
    node (torch's): gradients reach ``mat``, ``mat1``'s values and ``mat2``."""
    if not isinstance(mat, Tensor):
        raise TypeError(f"addmm(): argument 'input' must be Tensor, not {type(mat).__name__}")
    with grad_mode.no_grad():  # the product's checks and value; the node is recorded below
        product = mm(mat1, mat2)
    sparse = mat1.to_sparse_coo() if mat1.layout is not sparse_coo else mat1
    result = mat._data * beta + product._data * alpha
    out = Tensor._make(_backend.ascontiguousarray(result.astype(product._data.dtype,
                                                                copy=False)))
    return record(out, _SparseAddmmBackward0, (mat, sparse._sparse_values, mat2), sparse=sparse,
                  dense=mat2, beta=beta, alpha=alpha, mat_shape=tuple(mat.shape))


def addmm_sparse_operand(mat, mat1, mat2, beta=1, alpha=1):
    """``torch.addmm(mat, mat1, mat2)`` with a sparse ``mat1``: ``beta * mat + alpha * (mat1 @
    mat2)`` (``mat`` broadcast), differentiable as mm is: ``mat1`` gets the dense gradient
    where it has a dense path (see ``_dense_path``). beta = 0 ignores ``mat``'s values."""
    product = _matmul(mat1, mat2, "MmBackward0", vector=False)
    scaled = product if alpha == 1 else product * alpha
    if beta == 0:
        out = scaled + mat.detach().new_zeros(()).expand_as(mat)
    else:
        out = (mat if beta == 1 else mat * beta) + scaled
    return _named(out, "AddmmBackward0")


@grad_fn("SparseAddmmBackward0")
def _SparseAddmmBackward0(ctx, grad):
    """d/d mat = beta * grad (summed to mat's shape); d/d values and d/d mat2 as for S @ D."""
    grad_mat = (grad * ctx.beta).sum_to_size(ctx.mat_shape) if ctx.needs_input_grad[0] else None
    scaled = grad * ctx.alpha
    sparse, dense = ctx.sparse, ctx.dense
    rows, cols = sparse._sparse_indices[0], sparse._sparse_indices[1]
    grad_values = (scaled[rows] * dense[cols]).sum(-1) if ctx.needs_input_grad[1] else None
    grad_dense = mm(sparse.t(), scaled) if ctx.needs_input_grad[2] else None
    return grad_mat, grad_values, grad_dense


def spmm(input, mat2):
    """Sparse (n x k) times dense (k x m) matrix product."""
    if not isinstance(input, SparseTensor):
        return input.mm(mat2)
    return _matmul(input, mat2, "MmBackward0")


spmm = with_out("spmm", spmm)


def _row_products(name, sparse, dense):
    """(the rows of ``sparse`` that hold entries, ``(sparse @ dense)[rows]``) for the products
    that keep only those rows (smm, hspmm, sspaddmm); checked as torch checks them."""
    if not isinstance(sparse, SparseTensor):
        raise RuntimeError(f"{name}: expected 'mat1' to have sparse layout, got 'mat1' with "
                           f"layout Strided")
    if isinstance(dense, SparseTensor):
        raise RuntimeError(f"{name}: expected 'mat2' to have strided layout, got 'mat2' with "
                           f"layout Sparse")
    if dense.dtype is not sparse.dtype:
        raise RuntimeError(f"expected scalar type {sparse.dtype._legacy[:-6]} but found "
                           f"{dense.dtype._legacy[:-6]}")
    if dense.dim() != 2 or sparse.dim() != 2 or dense.shape[0] != sparse.shape[1]:
        raise RuntimeError(f"{name}: Argument #3: Expected dim 0 size {sparse.shape[1]}, got "
                           f"{dense.shape[0] if dense.dim() else 0}")
    product = _sparse_times(sparse, dense._data)
    rows = np.unique(sparse._sparse_indices._data[0])
    return rows, _backend.ascontiguousarray(product[rows].astype(dense._data.dtype, copy=False))


@grad_fn("NotImplemented")
def _ProductNotImplemented(ctx, grad):
    raise RuntimeError(f"derivative for aten::{ctx.op} is not implemented")


# torch's node prints as NotImplemented and names itself by its C++ name.
_ProductNotImplemented.name = lambda self: "ember::autograd::NotImplemented"


def _refuse_sparse_backward(ctx, grad):
    raise NotImplementedError(f"Could not run 'aten::{ctx.op}' with arguments from the "
                              "'SparseCPU' backend: ember, as torch, has no backward of this "
                              "op for sparse tensors.")


_NO_SPARSE_BACKWARD = {name: grad_fn(name)(_refuse_sparse_backward)
                       for name in ("IndexSelectBackward0", "NarrowCopyBackward0")}


def _no_sparse_backward(values, array, name):
    """``array`` (new values taken from ``values``) behind torch's node ``name``, whose
    backward raises as torch's does for sparse tensors."""
    out = Tensor._make(_backend.ascontiguousarray(array))
    op = "index_add_" if name == "IndexSelectBackward0" else "as_strided"
    return record(out, _NO_SPARSE_BACKWARD[name], (values,), op=op)


def _undifferentiable(values, inputs, op):
    """``values`` with torch's NotImplemented node when an input needs a gradient: these
    sparse products have no derivative in torch, and backward through them says so."""
    out = Tensor._make(values)
    return record(out, _ProductNotImplemented, inputs, op=op)


def _grid(rows, columns):
    """The (row, column) indices of every entry of the given rows, row by row (on the rows'
    device)."""
    xp = _backend.namespace_of(rows)
    return _long(xp.stack([xp.repeat(rows, columns),
                           xp.tile(xp.arange(columns, dtype=rows.dtype), len(rows))]))


def smm(input, mat):
    """``input @ mat`` (sparse times dense) as a sparse tensor holding every entry of the rows
    where ``input`` has entries.

    Args:
        input (Tensor): a 2-D sparse matrix (n x k).
        mat (Tensor): a 2-D dense matrix (k x m).

    Returns:
        Tensor: the sparse (n x m) product; not differentiable, as in torch.
    """
    if not isinstance(input, SparseTensor):
        raise RuntimeError("tensor.sspaddmm(...) can only be called on sparse tensors")
    if not input.is_sparse:  # torch's error for a compressed layout
        raise RuntimeError("torch.empty: Only batched sparse compressed (non-block) tensors "
                           "are supported, but got size [0]")
    rows, block = _row_products("sspaddmm", input, mat)
    values = _undifferentiable(block.reshape(-1), (input._sparse_values, mat), "sspaddmm")
    shape = (input.shape[0], mat.shape[1])
    return SparseTensor._build(_grid(rows, mat.shape[1]), values, shape, False,
                               "NotImplemented")


def hspmm(mat1, mat2, *, out=None):
    """``mat1 @ mat2`` (sparse times dense) as a hybrid sparse tensor: one sparse dimension
    (the rows where ``mat1`` has entries) and one dense dimension (each row's values).

    Args:
        mat1 (Tensor): a 2-D sparse matrix (n x k).
        mat2 (Tensor): a 2-D dense matrix (k x m).
        out (Tensor, optional): a sparse tensor of the result's dtype to hold the result.

    Returns:
        Tensor: the hybrid sparse (n x m) product (``out`` when given); not differentiable, as
        in torch.
    """
    if not isinstance(mat1, SparseTensor):
        raise NotImplementedError("Could not run 'aten::hspmm' with arguments from the 'CPU' "
                                  "backend: hspmm needs a sparse 'mat1'.")
    if not mat1.is_sparse:
        from ._more import _not_on_cpu
        _not_on_cpu("hspmm", mat1)
    if isinstance(mat2, SparseTensor):
        raise RuntimeError("addmm_sparse_dense: expected strided result tensor, got tensor "
                           "with layout Sparse")
    rows, block = _row_products("hspmm", mat1, mat2)
    values = _undifferentiable(block, (mat1._sparse_values, mat2), "hspmm")
    result = SparseTensor._build(_long(rows[None]), values, (mat1.shape[0], mat2.shape[1]),
                                 False, "NotImplemented")
    if out is None:
        return result
    if not isinstance(out, SparseTensor):
        raise RuntimeError("hspmm(): expected a sparse 'out' tensor, got one with layout Strided")
    if out.dtype is not result.dtype:
        raise RuntimeError(f"dtype of values ({result.dtype._legacy[:-6]}) must match dtype of "
                           f"sparse tensor ({out.dtype._legacy[:-6]})")
    out._data = result._data
    out._sparse_indices, out._sparse_values = result._sparse_indices, result._sparse_values
    out._sparse_shape, out._coalesced = result._sparse_shape, False
    out._vc[0] += 1
    return out


def dsmm(input, mat):
    """``input @ mat`` (sparse times dense) as a dense matrix, differentiable in the sparse
    values and in ``mat`` (``grad_fn`` ``MmBackward0``); a dense ``input`` is multiplied as
    by ``mm``.

    Args:
        input (Tensor): a 2-D sparse matrix (n x k).
        mat (Tensor): a 2-D dense matrix (k x m).

    Returns:
        Tensor: the dense (n x m) product.
    """
    if not isinstance(input, SparseTensor):
        return input.mm(mat)
    if isinstance(mat, Tensor) and not isinstance(mat, SparseTensor) and \
            mat.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._legacy[:-6]} but found "
                           f"{mat.dtype._legacy[:-6]}")
    return _matmul(input, mat, "MmBackward0")


dsmm = with_out("dsmm", dsmm)


def sspaddmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)`` as a sparse tensor: ``input``'s entries
    followed by those of the product's rows where ``mat1`` has entries (not coalesced).

    Args:
        input (Tensor): a 2-D sparse matrix (n x m) to add.
        mat1 (Tensor): a 2-D sparse matrix (n x k).
        mat2 (Tensor): a 2-D dense matrix (k x m).
        beta (Number): the factor of ``input``.
        alpha (Number): the factor of the product.

    Returns:
        Tensor: the sparse (n x m) sum; not differentiable, as in torch.
    """
    if not isinstance(input, SparseTensor):
        raise RuntimeError("tensor.sspaddmm(...) can only be called on sparse tensors")
    rows, block = _row_products("sspaddmm", mat1, mat2)
    for position, dim in enumerate((mat1.shape[0], mat2.shape[1])):
        if input.dim() != 2 or input.shape[position] != dim:
            raise RuntimeError(f"sspaddmm: Argument #1: Expected dim {position} size {dim}, "
                               f"got {input.shape[position] if input.dim() > position else 0}")
    first = input._sparse_values._data * beta
    values = np.concatenate([first.astype(block.dtype, copy=False), block.reshape(-1) * alpha])
    values = _undifferentiable(values, (input._sparse_values, mat1._sparse_values, mat2),
                               "sspaddmm")
    indices = _long(np.concatenate([input._sparse_indices._data,
                                    _grid(rows, mat2.shape[1])._data], axis=1))
    return SparseTensor._build(indices, values, tuple(input.shape), False,
                               "NotImplemented")


# -------------------------------------------------------------------------------- reductions
def _coo_only(input, dim, aten):
    """torch.sparse's sum and softmaxes take COO tensors only: its error for a compressed one
    (a sum of all entries coalesces first, a sum over dims and the softmaxes read indices)."""
    kind = getattr(input, "_kind", None)
    if kind is None:
        return
    if aten is None:
        raise RuntimeError(f"coalesce expected sparse coordinate tensor layout but got {kind}")
    raise NotImplementedError(f"Could not run 'aten::{aten}' with arguments from the "
                              f"'SparseCsrCPU' backend.")


def sparse_sum(input, dim=None, dtype=None):
    """Sum of a sparse COO tensor: all entries (a dense scalar), or over ``dim`` (sparse while
    sparse dims remain, dense once all are summed)."""
    _coo_only(input, dim, None if dim is None else "_indices")
    return summed(input, dim, dtype)


def whole_sum(sparse, dtype=None):
    """``Tensor.sum()`` of a sparse tensor. Its SumBackward0 hands every place the gradient
    (torch.sparse.sum only the entries): a dense tensor made sparse, or a sparse leaf, gets it
    everywhere through its dense path."""
    values = sparse._sparse_values if dtype is None else sparse._sparse_values.to(dtype)
    path = _dense_path(sparse)
    if path is None:
        return values.sum()
    total = values.detach().sum() + (path if dtype is None else path.to(dtype)).sum()
    return _named(total, "SumBackward0")


def _summed_values(input, dim, dtype, keepdim):
    """The wrapped set of ``dim``, the sparse dim count, and the values (cast to ``dtype``)
    already summed over the dense dims among ``dim``: what every sparse sum over dims starts
    from."""
    dims = {_wrap_dim(d, input.dim()) for d in ((dim,) if isinstance(dim, int) else dim)}
    sparse_dim = input.sparse_dim()
    values = input._sparse_values if dtype is None else input._sparse_values.to(dtype)
    dense_dims = sorted(d - sparse_dim + 1 for d in dims if d >= sparse_dim)
    if dense_dims:
        values = values.sum(dim=dense_dims, keepdim=keepdim)
    return dims, sparse_dim, values


def summed(input, dim=None, dtype=None):
    """``sparse_sum`` of a COO tensor: every entry (a dense scalar), or over ``dim`` (sparse
    while sparse dims remain, dense once all are summed)."""
    if dim is None:
        return (input._sparse_values if dtype is None else input._sparse_values.to(dtype)).sum()
    dims, sparse_dim, values = _summed_values(input, dim, dtype, keepdim=False)
    keep = [d for d in range(sparse_dim) if d not in dims]
    if not keep:
        total = values.sum(0)
        return _named(total, "SparseSumBackward0") if total.requires_grad else total
    dense_shape = [s for d, s in enumerate(input._sparse_shape[sparse_dim:], sparse_dim)
                   if d not in dims]
    shape = [input._sparse_shape[d] for d in keep] + dense_shape
    out = SparseTensor._build(input._sparse_indices[keep], values, shape).coalesce()
    return out._renamed("SparseSumBackward0")


def tensor_sum(input, dim, keepdim=False, dtype=None):
    """``Tensor.sum(dim)`` of a COO tensor (or of a CSR matrix's entries, with ``keepdim``):
    the entries summed over ``dim`` as ``sparse_sum`` does, the summed dims kept with size 1
    where ``keepdim``; torch's node for it is SumBackward1."""
    dims = {_wrap_dim(d, input.dim()) for d in ((dim,) if isinstance(dim, int) else dim)}
    sparse_dim = input.sparse_dim()
    if not keepdim or all(d in dims for d in range(sparse_dim)) and input.is_sparse:
        # a COO tensor summed over every sparse dim is dense, its summed dims kept as 1
        out = summed(input, dim, dtype)
        if keepdim:
            out = out.reshape([1 if d in dims else size
                               for d, size in enumerate(input._sparse_shape)])
    else:
        dims, sparse_dim, values = _summed_values(input, dim, dtype, keepdim=True)
        indices = input._sparse_indices
        if any(d < sparse_dim for d in dims):
            # every entry moves to index 0 along a summed sparse dim; coalescing adds them
            kept = _ember().tensor([[d not in dims] for d in range(sparse_dim)],
                                   device=indices.device)
            indices = indices * kept
        shape = [1 if d in dims else size for d, size in enumerate(input._sparse_shape)]
        out = SparseTensor._build(indices, values, shape).coalesce()
    if isinstance(out, SparseTensor):
        return out._renamed("SumBackward1")
    return _named(out, "SumBackward1") if out.requires_grad else out


def softmax(input, dim, dtype=None):
    """Softmax over ``dim`` of the specified entries only (missing entries count as -inf)."""
    _coo_only(input, dim, "_sparse_softmax")
    return _softmax(input, dim, dtype, log=False)


def log_softmax(input, dim, dtype=None):
    """Log of ``softmax``, over the specified entries only."""
    _coo_only(input, dim, "_sparse_log_softmax")
    return _softmax(input, dim, dtype, log=True)


def _softmax(input, dim, dtype, log):
    dim = _wrap_dim(dim, input.dim())
    sparse = input.coalesce()
    values = sparse._sparse_values if dtype is None else sparse._sparse_values.to(dtype)
    sparse_dim = sparse.sparse_dim()
    if dim >= sparse_dim:
        return sparse._with_values(values.log_softmax(dim - sparse_dim + 1) if log
                                   else values.softmax(dim - sparse_dim + 1),
                                   "SparseLogSoftmaxBackward0" if log
                                   else "SparseSoftmaxBackward0")
    indices = sparse._sparse_indices._data
    xp = _backend.namespace_of(indices)
    others = [d for d in range(sparse_dim) if d != dim]
    shape = [sparse._sparse_shape[d] for d in others]
    group = np.ravel_multi_index(tuple(indices[others]), shape) if others else \
        xp.zeros(indices.shape[1], np.int64)
    _, group = np.unique(group, return_inverse=True)
    group = _long(group.reshape(-1))
    count = int(group._data.max()) + 1 if group.numel() else 0
    tail = tuple(values.shape[1:])
    # The largest entry of each group, subtracted for stability; it cancels in the derivative.
    top = xp.full((count,) + tail, -np.inf, dtype=values._data.dtype)
    np.maximum.at(top, group._data, values._data)
    shifted = values - Tensor._make(top)[group]
    total = shifted.exp().new_zeros((count,) + tail).index_add(0, group, shifted.exp())
    out = shifted - total.log()[group] if log else shifted.exp() / total[group]
    name = "SparseLogSoftmaxBackward0" if log else "SparseSoftmaxBackward0"
    return SparseTensor._build(sparse._sparse_indices, out, sparse._sparse_shape, True, name)


def cat(tensors, dim, _name="CatBackward0"):
    """Sparse COO tensors joined along ``dim``: along a sparse dim each tensor's indices move by
    the sizes before it; along a dense dim each one's values sit in its own slice of the joined
    dim, zeros elsewhere. The entries keep their order; the result is never marked coalesced.
    Gradients reach each tensor's values."""
    ember = _ember()
    first = tensors[0]
    for position, tensor in enumerate(tensors):
        if not isinstance(tensor, SparseTensor):  # torch's RuntimeError, not a TypeError
            raise RuntimeError(f"Concatenating sparse tensors, but a dense tensor was "  # noqa: TRY004
                               f"found at position {position}.")
        if tensor.layout is not sparse_coo:
            raise RuntimeError("Sparse CSR tensors do not have is_contiguous")
    d = _wrap_dim(dim, first.dim())
    for position, tensor in enumerate(tensors):
        shape = tensor._sparse_shape
        if len(shape) != first.dim() or tensor.sparse_dim() != first.sparse_dim() or any(
                k != d and size != first._sparse_shape[k] for k, size in enumerate(shape)):
            raise RuntimeError(f"All tensors must have the same shape: "
                               f"{list(first._sparse_shape)} (except in the concatenating "
                               f"dimension), but found shape: {list(shape)} at position "
                               f"{position}.")
    sizes = [tensor._sparse_shape[d] for tensor in tensors]
    total = sum(sizes)
    sparse_dim = first.sparse_dim()
    indices, values, offset = [], [], 0
    for tensor, size in zip(tensors, sizes):
        these = tensor._sparse_values
        if d < sparse_dim:
            moved = tensor._sparse_indices.clone()
            moved[d] += offset
            indices.append(moved)
        else:
            indices.append(tensor._sparse_indices)
            axis = d - sparse_dim + 1
            before = list(these.shape)
            before[axis] = offset
            after = list(these.shape)
            after[axis] = total - offset - size
            these = ember.cat([these.new_zeros(before), these, these.new_zeros(after)], axis)
        values.append(these)
        offset += size
    shape = list(first._sparse_shape)
    shape[d] = total
    out = SparseTensor._build(ember.cat(indices, 1), ember.cat(values), shape, False, _name)
    paths = [_dense_path(tensor) for tensor in tensors]
    if any(path is not None for path in paths):
        _carry_path(out, ember.cat([tensor.to_dense() if path is None else path
                                    for tensor, path in zip(tensors, paths)], d))
    return out


def stack(tensors, dim):
    """Sparse COO tensors of one shape joined along a new dim ``dim``."""
    d = _wrap_dim(dim, tensors[0].dim() + 1)
    for position, tensor in enumerate(tensors):
        if tuple(tensor.shape) != tuple(tensors[0].shape):
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(tensors[0].shape)} at entry 0 and {list(tensor.shape)} "
                               f"at entry {position}")
    return cat([tensor.unsqueeze(d) if isinstance(tensor, SparseTensor) else tensor
                for tensor in tensors], d, "StackBackward0")
