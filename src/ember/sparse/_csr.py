"""Sparse CSR matrices (``layout == ember.sparse_csr``): 2-D tensors stored as compressed rows.

A CSR matrix keeps, per row, the range of its entries in ``col_indices``/``values``
(``crow_indices[i]`` to ``crow_indices[i + 1]``). Its entries in row-major order are exactly a
coalesced COO matrix's, so ember builds a CSR tensor on the COO one (``ember.sparse._coo``) and
adds the compressed rows: products with dense matrices, ``to_dense``, conversions and their
gradients are the COO tensor's, as are the gradients a dense matrix gets through
``to_sparse_csr`` (at its nonzero entries). ``t()`` and the other reshaping operations give a
COO tensor (torch gives a CSC one; ember has no CSC layout).
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ._coo import SparseTensor, _long, layout

sparse_csr = layout("sparse_csr")

_BETA_WARNING = ("Sparse {} tensor support is in beta state. If you miss a functionality in "
                 "the sparse tensor support, please submit a feature request to "
                 "https://github.com/pytorch/pytorch/issues.")
_warned = [False]


def _warn_beta(kind="CSR"):
    """torch's note, once a process, naming the compressed layout (CSR or CSC) of the first
    such tensor made."""
    if not _warned[0]:
        _warned[0] = True
        # at the user's line, however deep the call (to_sparse_csr reaches here from a method)
        from .._deprecated import _user_stacklevel
        warnings.warn(_BETA_WARNING.format(kind), UserWarning, stacklevel=_user_stacklevel())


class SparseCsrTensor(SparseTensor):
    """A 2-D sparse CSR matrix (``layout == ember.sparse_csr``)."""

    is_sparse = property(lambda self: False)  # torch's is_sparse means the COO layout
    is_sparse_csr = property(lambda self: True)

    @property
    def layout(self):
        return sparse_csr

    def crow_indices(self):
        """Row ``i``'s entries are ``col_indices()[crow[i]:crow[i + 1]]`` (int64, rows + 1)."""
        rows = self._sparse_indices._data[0]
        xp = _namespace(rows)
        crow = xp.zeros(self._sparse_shape[0] + 1, np.int64)
        crow[1:] = xp.bincount(rows, minlength=self._sparse_shape[0]).cumsum()
        return _long(crow)

    def col_indices(self):
        """The column of each entry, row by row (int64, nnz)."""
        return self._sparse_indices[1]

    def values(self):
        return self._sparse_values

    def indices(self):
        raise RuntimeError("indices expected sparse coordinate tensor layout but got SparseCsr")

    def ccol_indices(self):
        raise RuntimeError("ccol_indices expected sparse column compressed tensor layout but "
                           "got SparseCsr")

    def row_indices(self):
        raise RuntimeError("row_indices expected sparse column compressed tensor layout but "
                           "got SparseCsr")

    def add(self, other, *, alpha=1, _name="AddBackward0"):
        out = super().add(other, alpha=alpha, _name=_name)
        if isinstance(other, SparseCsrTensor) and isinstance(out, SparseTensor):
            from ._coo import _carry_path, _dense_path
            csr = SparseCsrTensor._build(out._sparse_indices, out._sparse_values,
                                         out._sparse_shape, True)
            csr.grad_fn = out.grad_fn
            return _carry_path(csr, _dense_path(out))
        return out

    __add__ = add

    def t(self):
        from ._csc import SparseCscTensor, _swap
        return _swap(self, SparseCscTensor, "TBackward0")

    def transpose(self, dim0, dim1, *, _name="TransposeBackward0"):
        if {dim0 % 2, dim1 % 2} == {0, 1}:
            from ._csc import SparseCscTensor, _swap
            return _swap(self, SparseCscTensor, _name)
        return super().transpose(dim0, dim1, _name=_name)

    @property
    def T(self):
        return self.t()

    def to_sparse_csc(self, dense_dim=None):
        from ._csc import to_sparse_csc
        return to_sparse_csc(self, dense_dim)

    def mm(self, mat2):
        _check_product(self, mat2)
        return super().mm(mat2)

    def matmul(self, other):
        _check_product(self, other)
        return super().matmul(other)

    __matmul__ = mv = matmul

    def to_sparse(self, *args, layout=None, **kwargs):
        if layout is sparse_csr:
            return self
        if layout is not None and layout._name == "sparse_csc":
            return self.to_sparse_csc()
        return SparseTensor._build(self._sparse_indices, self._sparse_values,
                                   self._sparse_shape, True, "ToSparseBackward1")

    def to_sparse_coo(self):
        return self.to_sparse()

    def to_sparse_csr(self, dense_dim=None):
        return self

    def coalesce(self):
        raise RuntimeError("coalesce expected sparse coordinate tensor layout but got "
                           "SparseCsr")

    def is_coalesced(self):
        raise RuntimeError("is_coalesced expected sparse coordinate tensor layout but got "
                           "SparseCsr")

    def to(self, *args, **kwargs):
        values = self._sparse_values.to(*args, **kwargs)
        if values is self._sparse_values:
            return self
        from ._coo import _carry_path, _map_path
        out = SparseCsrTensor._build(self._sparse_indices.to(values.device), values,
                                     self._sparse_shape, True, "ToCopyBackward0")
        return _carry_path(out, _map_path(self, lambda path: path.to(*args, **kwargs)))

    def _with_values(self, values, name):
        return SparseCsrTensor._build(self._sparse_indices, values, self._sparse_shape, True,
                                      name)

    def __repr__(self, *, tensor_contents=None):
        from ._coo import _sparse_repr
        return _sparse_repr(self, (("crow_indices", self.crow_indices()),
                                   ("col_indices", self.col_indices()),
                                   ("values", self._sparse_values)), "sparse_csr", False)

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (_rebuild_csr, (self._sparse_indices, self._sparse_values.detach(),
                               self._sparse_shape))

    def __deepcopy__(self, memo):
        return SparseCsrTensor._build(self._sparse_indices.clone(),
                                      self._sparse_values.detach().clone(), self._sparse_shape,
                                      True)


def _check_product(csr, other):
    if isinstance(other, Tensor) and other.dim() == 2 and other.shape[0] != csr.shape[1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({csr.shape[0]}x"
                           f"{csr.shape[1]} and {other.shape[0]}x{other.shape[1]})")


def _namespace(array):
    from .. import _backend
    return _backend.namespace_of(array)


def _rebuild_csr(indices, values, shape):
    return SparseCsrTensor._build(indices, values, shape, True)


def _check_matrix(tensor):
    if tensor.dim() != 2:
        raise RuntimeError(f"to_sparse_csr: expected a 2-D tensor (ember has no batched or "
                           f"hybrid CSR tensors), got {tensor.dim()}-D")


def to_sparse_csr(tensor, dense_dim=None):
    """``tensor`` (a dense matrix or a COO one) as a CSR matrix of its nonzero entries."""
    if isinstance(tensor, SparseCsrTensor):
        return tensor
    if dense_dim:
        raise RuntimeError("to_sparse_csr: ember has no hybrid CSR tensors (dense_dim > 0)")
    _check_matrix(tensor)
    _warn_beta()
    if isinstance(tensor, SparseTensor):
        from ._coo import _carry_path, _dense_path
        coo = tensor.coalesce()
        out = SparseCsrTensor._build(coo._sparse_indices, coo._sparse_values,
                                     coo._sparse_shape, True, "ToSparseCsrBackward0")
        return _carry_path(out, _dense_path(coo))
    from ._coo import to_sparse
    coo = to_sparse(tensor)
    out = SparseCsrTensor._build(coo._sparse_indices, coo._sparse_values, coo._sparse_shape,
                                 True, "ToSparseCsrBackward0")
    if coo.grad_fn is not None:
        out.grad_fn = coo.grad_fn
    from ._coo import _carry_path, _dense_stand_in
    if tensor.requires_grad and grad_mode.is_grad_enabled():
        _carry_path(out, _dense_stand_in(tensor, "ToSparseCsrBackward0"))
    return out


def sparse_csr_tensor(crow_indices, col_indices, values, size=None, *, dtype=None, device=None,
                      pin_memory=False, requires_grad=False, check_invariants=None):
    """A CSR matrix of ``values`` at columns ``col_indices``, row ``i`` holding entries
    ``crow_indices[i]`` to ``crow_indices[i + 1]``; ``size`` defaults to (rows, largest column
    + 1)."""
    import ember
    crow = crow_indices if isinstance(crow_indices, Tensor) else ember.tensor(crow_indices)
    cols = col_indices if isinstance(col_indices, Tensor) else ember.tensor(col_indices)
    if not isinstance(values, Tensor):
        values = ember.tensor(values, dtype=dtype)
    elif dtype is not None:
        values = values.to(dtype)
    if device is not None:
        values = values.to(device)
    if crow.dim() != 1 or cols.dim() != 1 or values.dim() != 1:
        raise RuntimeError("sparse_csr_tensor: ember has batched or hybrid CSR tensors neither; "
                           "crow_indices, col_indices and values must be 1-D")
    if crow._dtype not in (D.int32, D.int64) or cols._dtype is not crow._dtype:
        raise RuntimeError(f"crow_indices and col_indices must have the same dtype, int32 or "
                           f"int64, but got {crow.dtype} and {cols.dtype}")
    # ember checks the invariants whatever check_invariants says (torch, unchecked, would
    # build a tensor that reads outside its arrays), with torch's messages for a failed check.
    nnz = values.shape[0]
    if cols.shape[0] != nnz:
        raise RuntimeError(f"col_indices.shape[-1] must be equal to nnz (={nnz}) as defined by "
                           f"values.shape[0], but got {cols.shape[0]}")
    counts = crow.long().diff()
    if crow.numel() == 0 or crow[0].item() != 0:
        raise RuntimeError("`crow_indices[..., 0] == 0` is not satisfied.")
    if crow[-1].item() != nnz:
        raise RuntimeError("`crow_indices[..., -1] == nnz` is not satisfied.")
    if bool((counts < 0).any()):
        raise RuntimeError("`0 <= crow_indices[..., 1:] - crow_indices[..., :-1] <= ncols` is "
                           "not satisfied.")
    rows = crow.shape[0] - 1
    if size is None:
        size = (rows, int(cols.max().item()) + 1 if nnz else 0)
    size = tuple(int(s) for s in size)
    if len(size) != 2 or size[0] != rows:
        raise RuntimeError(f"sparse_csr_tensor: size {size} does not match {rows} rows of "
                           f"crow_indices")
    if nnz and (int(cols.min().item()) < 0 or int(cols.max().item()) >= size[1]):
        raise RuntimeError("`0 <= col_indices < ncols` is not satisfied.")
    from ._more import warn_if_implicit
    warn_if_implicit(check_invariants)
    _warn_beta()
    row_of = ember.repeat_interleave(ember.arange(rows, device=values.device), counts)
    indices = ember.stack([row_of, cols.long().to(values.device)])
    if requires_grad:
        values = values.detach().requires_grad_()
    out = SparseCsrTensor._build(indices, values, size, True,
                                 "SparseCompressedTensorBackward0")
    out._sparse_leaf = bool(requires_grad)
    return out
