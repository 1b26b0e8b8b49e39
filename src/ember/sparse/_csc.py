"""Sparse CSC matrices (``layout == ember.sparse_csc``): 2-D tensors stored as compressed
columns.

A CSC matrix keeps, per column, the range of its entries in ``row_indices``/``values``
(``ccol_indices[j]`` to ``ccol_indices[j + 1]``), so its entries run column by column. ember
builds it on the COO tensor (``ember.sparse._coo``) with its entries in that column-major
order, marked uncoalesced: the COO code that needs row-major order (sums, adds) sorts them
first, and products with dense matrices, ``to_dense`` and their gradients are the COO
tensor's. The CSC matrix of ``A`` holds the same arrays as the CSR matrix of ``A^T``, so
``t()`` turns one into the other sharing the values, as torch's does.
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ._coo import (SparseTensor, _carry_path, _dense_path, _dense_stand_in, _long, _map_path,
                   _named, layout)
from ._csr import SparseCsrTensor, _check_product, _warn_beta

sparse_csc = layout("sparse_csc")


class SparseCscTensor(SparseTensor):
    """A 2-D sparse CSC matrix (``layout == ember.sparse_csc``)."""

    is_sparse = property(lambda self: False)  # torch's is_sparse means the COO layout
    is_sparse_csr = property(lambda self: False)

    @property
    def layout(self):
        return sparse_csc

    def ccol_indices(self):
        """Column ``j``'s entries are ``row_indices()[ccol[j]:ccol[j + 1]]`` (int64,
        columns + 1)."""
        cols = self._sparse_indices._data[1]
        xp = _backend.namespace_of(cols)
        ccol = xp.zeros(self._sparse_shape[1] + 1, np.int64)
        ccol[1:] = xp.bincount(cols, minlength=self._sparse_shape[1]).cumsum()
        return _long(ccol)

    def row_indices(self):
        """The row of each entry, column by column (int64, nnz)."""
        return self._sparse_indices[0]

    def values(self):
        values = self._sparse_values
        return _named(values, "ValuesBackward0") if values.requires_grad else values

    def crow_indices(self):
        raise RuntimeError("crow_indices expected sparse row compressed tensor layout but got "
                           "SparseCsc")

    def col_indices(self):
        raise RuntimeError("col_indices expected sparse row compressed tensor layout but got "
                           "SparseCsc")

    def indices(self):
        raise RuntimeError("indices expected sparse coordinate tensor layout but got SparseCsc")

    def coalesce(self):
        raise RuntimeError("coalesce expected sparse coordinate tensor layout but got "
                           "SparseCsc")

    def is_coalesced(self):
        raise RuntimeError("is_coalesced expected sparse coordinate tensor layout but got "
                           "SparseCsc")

    def mm(self, mat2):
        _check_product(self, mat2)
        return super().mm(mat2)

    def matmul(self, other):
        _check_product(self, other)
        return super().matmul(other)

    __matmul__ = mv = matmul

    # -- conversions ----------------------------------------------------------------------------
    def _as_coo(self, name):
        """The COO tensor of the same entries in the same (column-major) order, uncoalesced
        as torch's, behind node ``name``."""
        coo = SparseTensor._build(self._sparse_indices, self._sparse_values,
                                  self._sparse_shape, False, name)
        return _carry_path(coo, _dense_path(self))

    def to_sparse(self, *args, layout=None, **kwargs):
        if layout is sparse_csc:
            return self
        if layout is not None and layout._name == "sparse_csr":
            return self.to_sparse_csr()
        return self._as_coo("ToSparseBackward1")

    def to_sparse_coo(self):
        return self.to_sparse()

    def to_sparse_csr(self, dense_dim=None):
        coo = self._as_coo(None).coalesce()
        out = SparseCsrTensor._build(coo._sparse_indices, coo._sparse_values, coo._sparse_shape,
                                     True, "ToSparseCsrBackward0")
        return _carry_path(out, _dense_path(coo))

    def to_sparse_csc(self, dense_dim=None):
        return self

    def to(self, *args, **kwargs):
        values = self._sparse_values.to(*args, **kwargs)
        if values is self._sparse_values:
            return self
        out = SparseCscTensor._build(self._sparse_indices.to(values.device), values,
                                     self._sparse_shape, False, "ToCopyBackward0")
        return _carry_path(out, _map_path(self, lambda path: path.to(*args, **kwargs)))

    def _with_values(self, values, name):
        return SparseCscTensor._build(self._sparse_indices, values, self._sparse_shape, False,
                                      name)

    # -- arithmetic and transposes --------------------------------------------------------------
    def add(self, other, *, alpha=1, _name="AddBackward0"):
        out = super().add(other, alpha=alpha, _name=_name)
        if isinstance(other, SparseCscTensor):
            return _from_coo(out, _name)
        return out

    __add__ = add

    def sub(self, other, *, alpha=1):
        return self.add(other, alpha=-alpha, _name="SubBackward0")

    __sub__ = sub

    def t(self):
        return _swap(self, SparseCsrTensor, "TBackward0")

    def transpose(self, dim0, dim1, *, _name="TransposeBackward0"):
        if {dim0 % 2, dim1 % 2} == {0, 1}:
            return _swap(self, SparseCsrTensor, _name)
        return super().transpose(dim0, dim1, _name=_name)

    @property
    def T(self):
        return self.t()

    # -- printing and copies --------------------------------------------------------------------
    def __repr__(self, *, tensor_contents=None):
        from ._coo import _sparse_repr
        return _sparse_repr(self, (("ccol_indices", self.ccol_indices()),
                                   ("row_indices", self.row_indices()),
                                   ("values", self._sparse_values)), "sparse_csc", False)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (_rebuild_csc, (self._sparse_indices, self._sparse_values.detach(),
                               self._sparse_shape))

    def __deepcopy__(self, memo):
        return SparseCscTensor._build(self._sparse_indices.clone(),
                                      self._sparse_values.detach().clone(), self._sparse_shape,
                                      False)


def _rebuild_csc(indices, values, shape):
    return SparseCscTensor._build(indices, values, shape, False)


def _swap(matrix, kind, name):
    """The transpose of a CSR or CSC ``matrix`` as a ``kind`` (CSC or CSR) matrix on the same
    arrays: the CSR entries of ``A`` are the CSC entries of ``A^T``, in the same order."""
    values = matrix._sparse_values
    values = values.view_as(values) if values.requires_grad else values
    rows, cols = matrix._sparse_shape
    out = kind._build(matrix._sparse_indices[[1, 0]], values, (cols, rows),
                      kind is SparseCsrTensor, name)
    return _carry_path(out, _map_path(matrix, lambda path: path.t()))


def _column_major(indices):
    """The order that sorts (row, col) ``indices`` column by column, rows ascending."""
    rows, cols = _backend.to_host(indices._data)
    return np.lexsort((rows, cols))


def _from_coo(coo, name):
    """The CSC matrix of a 2-D COO tensor's entries (coalesced first), behind node ``name``."""
    coo = coo if coo._coalesced else coo.coalesce()
    order = _column_major(coo._sparse_indices)
    indices, values = coo._sparse_indices, coo._sparse_values
    if len(order) and (order != np.arange(len(order))).any():
        picked = _long(_backend.to_device(order, values.device))
        indices, values = indices[:, picked], values[picked]
    out = SparseCscTensor._build(indices, values, coo._sparse_shape, False, name)
    return _carry_path(out, _dense_path(coo))


def _check_matrix(tensor):
    if tensor.dim() != 2:
        raise RuntimeError(f"to_sparse_csc: expected a 2-D tensor (ember has no batched or "
                           f"hybrid CSC tensors), got {tensor.dim()}-D")


def to_sparse_csc(tensor, dense_dim=None):
    """``tensor`` (a dense matrix, a COO or a CSR one) as a CSC matrix of its nonzero
    entries."""
    if isinstance(tensor, SparseCscTensor):
        return tensor
    if dense_dim:
        raise RuntimeError("to_sparse_csc: ember has no hybrid CSC tensors (dense_dim > 0)")
    _check_matrix(tensor)
    _warn_beta("CSC")
    name = "ToSparseCscBackward0"
    if isinstance(tensor, SparseCsrTensor):
        # A's CSC arrays are A^T's CSR ones: transpose, reorder as CSR, transpose back
        transposed = _swap(tensor, SparseCscTensor, name).to_sparse_csr()
        return _swap(transposed, SparseCscTensor, name)
    if isinstance(tensor, SparseTensor):
        return _from_coo(tensor, name)
    from ._coo import to_sparse
    out = _from_coo(to_sparse(tensor), name)
    if tensor.requires_grad and grad_mode.is_grad_enabled():
        _carry_path(out, _dense_stand_in(tensor, name))
    return out


def sparse_csc_tensor(ccol_indices, row_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A CSC matrix of ``values`` at rows ``row_indices``, column ``j`` holding entries
    ``ccol_indices[j]`` to ``ccol_indices[j + 1]``; ``size`` defaults to (largest row + 1,
    columns).

    Example:
        >>> ember.sparse_csc_tensor([0, 2, 3], [0, 1, 1], [1.0, 2.0, 3.0]).to_dense()
        tensor([[1., 0.],
                [2., 3.]])
    """
    import ember
    ccol = ccol_indices if isinstance(ccol_indices, Tensor) else ember.tensor(ccol_indices)
    rows = row_indices if isinstance(row_indices, Tensor) else ember.tensor(row_indices)
    if not isinstance(values, Tensor):
        values = ember.tensor(values, dtype=dtype)
    elif dtype is not None:
        values = values.to(dtype)
    if device is not None:
        values = values.to(device)
    if ccol.dim() != 1 or rows.dim() != 1 or values.dim() != 1:
        raise RuntimeError("sparse_csc_tensor: ember has batched or hybrid CSC tensors neither; "
                           "ccol_indices, row_indices and values must be 1-D")
    if ccol._dtype not in (D.int32, D.int64) or rows._dtype is not ccol._dtype:
        raise RuntimeError(f"ccol_indices and row_indices must have the same dtype, int32 or "
                           f"int64, but got {ccol.dtype} and {rows.dtype}")
    # ember checks the invariants whatever check_invariants says (torch, unchecked, would
    # build a tensor that reads outside its arrays), with torch's messages for a failed check.
    nnz = values.shape[0]
    if rows.shape[0] != nnz:
        raise RuntimeError(f"row_indices.shape[-1] must be equal to nnz (={nnz}) as defined by "
                           f"values.shape[0], but got {rows.shape[0]}")
    if ccol.numel() == 0 or ccol[0].item() != 0:
        raise RuntimeError("`ccol_indices[..., 0] == 0` is not satisfied.")
    if ccol[-1].item() != nnz:
        raise RuntimeError("`ccol_indices[..., -1] == nnz` is not satisfied.")
    counts = ccol.long().diff()
    columns = ccol.shape[0] - 1
    if size is None:
        size = (int(rows.max().item()) + 1 if nnz else 0, columns)
    size = tuple(int(s) for s in size)
    if len(size) != 2 or size[1] != columns:
        raise RuntimeError(f"sparse_csc_tensor: size {size} does not match {columns} columns of "
                           f"ccol_indices")
    if bool((counts < 0).any()) or bool((counts > size[0]).any()):
        raise RuntimeError("`0 <= ccol_indices[..., 1:] - ccol_indices[..., :-1] <= nrows` is "
                           "not satisfied.")
    if nnz and (int(rows.min().item()) < 0 or int(rows.max().item()) >= size[0]):
        raise RuntimeError("`0 <= row_indices < nrows` is not satisfied.")
    col_of = ember.repeat_interleave(ember.arange(columns, device=values.device), counts)
    indices = ember.stack([rows.long().to(values.device), col_of])
    if nnz and (_column_major(indices) != np.arange(nnz)).any():
        raise RuntimeError("`row_indices[..., ccol_indices[..., i - 1]:ccol_indices[..., i]] "
                           "for all i = 1, ..., ncols are sorted and distinct along the last "
                           "dimension values` is not satisfied.")
    from ._more import warn_if_implicit
    warn_if_implicit(check_invariants)
    _warn_beta("CSC")
    if requires_grad:
        values = values.detach().requires_grad_()
    out = SparseCscTensor._build(indices, values, size, False,
                                 "SparseCompressedTensorBackward0")
    out._sparse_leaf = bool(requires_grad)
    return out


def sparse_compressed_tensor(compressed_indices, plain_indices, values, size=None, *,
                             dtype=None, layout=None, device=None, pin_memory=False,
                             requires_grad=False, check_invariants=None):
    """A CSR (``layout=ember.sparse_csr``) or CSC (``layout=ember.sparse_csc``) matrix from its
    compressed and plain indices and its values.

    Example:
        >>> ember.sparse_compressed_tensor([0, 1, 2], [1, 0], [5.0, 6.0],
        ...                                layout=ember.sparse_csr).to_dense()
        tensor([[0., 5.],
                [6., 0.]])
    """
    from ._csr import sparse_csr_tensor
    build = {"sparse_csr": sparse_csr_tensor, "sparse_csc": sparse_csc_tensor}.get(
        getattr(layout, "_name", None))
    if build is None:
        raise RuntimeError(f"sparse_compressed_tensor expected sparse compressed tensor layout "
                           f"but got {'none' if layout is None else layout._name}")
    return build(compressed_indices, plain_indices, values, size, dtype=dtype, device=device,
                 pin_memory=pin_memory, requires_grad=requires_grad,
                 check_invariants=check_invariants)
