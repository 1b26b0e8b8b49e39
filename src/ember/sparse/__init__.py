"""``ember.sparse``: sparse COO tensors and the operations on them (``mm``, ``sum``,
``softmax``, ``log_softmax``, ``addmm``). Create them with ``ember.sparse_coo_tensor`` or
``Tensor.to_sparse()``."""
from . import _coo
from ._coo import log_softmax, mm, softmax
from ._coo import sparse_sum as sum  # noqa: A001
from ._more import (
    LEGACY_TYPES,
    SparseSemiStructuredTensor,
    SparseSemiStructuredTensorCUSPARSELT,
    SparseSemiStructuredTensorCUTLASS,
    as_sparse_gradcheck,
    check_sparse_tensor_invariants,
    sampled_addmm,
    spsolve,
    to_sparse_semi_structured,
)

__all__ = ["SparseSemiStructuredTensor", "SparseSemiStructuredTensorCUSPARSELT",
           "SparseSemiStructuredTensorCUTLASS", "addmm", "as_sparse_gradcheck",
           "check_sparse_tensor_invariants", "log_softmax", "mm", "sampled_addmm", "softmax",
           "spsolve", "sum", "to_sparse_semi_structured"]
globals().update(LEGACY_TYPES)


def addmm(mat, mat1, mat2, *, beta=1.0, alpha=1.0):
    """beta * mat + alpha * (mat1 @ mat2), with ``mat1`` sparse and ``mat`` dense."""
    return _coo.addmm(mat, mat1, mat2, beta=beta, alpha=alpha)


def spdiags(diagonals, offsets, shape, layout=None):
    """A sparse (m, n) matrix with row i of ``diagonals`` on the diagonal ``offsets[i]``
    (0 the main one, above it positive): entry (r, r + k) holds ``diagonals[i, r + k]``, as
    SciPy's ``spdiags``, for the columns ``diagonals`` reaches.

    Args:
        diagonals (Tensor): (number of diagonals, length) values, or one diagonal 1-D.
        offsets (Tensor): int64 offset of each diagonal (distinct), or a 0-d one.
        shape (tuple of int): (m, n).
        layout (ember.layout, optional): ``ember.sparse_coo`` (the default),
            ``ember.sparse_csr`` or ``ember.sparse_csc``.

    Returns:
        A sparse COO tensor (not coalesced: the diagonals' entries in the order given), or
        the CSR or CSC matrix of those entries.

    Example:
        >>> ember.sparse.spdiags(ember.tensor([[1., 2., 3.], [4., 5., 6.]]),
        ...                      ember.tensor([0, -1]), (3, 3)).to_dense()
        tensor([[1., 0., 0.],
                [4., 2., 0.],
                [0., 5., 3.]])
    """
    import numpy as np

    import ember
    if layout is not None and layout not in (ember.sparse_coo, ember.sparse_csr,
                                             ember.sparse_csc):
        name = {ember.strided: "Strided"}.get(layout, str(layout))
        raise RuntimeError("Only output layouts (Sparse, SparseCsc, SparseCsr) are supported, "
                           f"got {name}")
    if len(shape) != 2:
        raise RuntimeError("Output shape must be 2d")
    if offsets.dtype is not ember.int64:
        from ..ops._registry import type_name
        raise RuntimeError(f"Offset Tensor must have dtype Long but got "
                           f"{type_name(offsets.dtype)}")
    values = diagonals.detach().reshape(1, -1) if diagonals.dim() == 1 else diagonals.detach()
    ks = offsets.reshape(-1).tolist()
    if values.shape[0] != len(ks):
        raise RuntimeError(f"Number of diagonals ({values.shape[0]}) does not match the number "
                           f"of offsets ({len(ks)})")
    if len(set(ks)) != len(ks):
        raise RuntimeError("Offset tensor contains duplicate values")
    rows, cols, picked = [], [], []
    m, n = shape
    for i, k in enumerate(ks):
        r = np.arange(max(0, -k), min(m, n - k, values.shape[1] - k))
        rows.append(r)
        cols.append(r + k)
        picked.append(np.full(r.shape, i))
    rows, cols, picked = (np.concatenate(a).astype(np.int64) for a in (rows, cols, picked))
    index = ember.tensor(np.stack([rows, cols]))
    data = values[ember.tensor(picked), ember.tensor(cols)]
    # torch has no derivative for spdiags: the result carries its NotImplemented node.
    data = _coo._undifferentiable(data._data, (diagonals,), "_spdiags")
    out = _coo.SparseTensor._build(index, data, tuple(shape), len(rows) <= 1, "NotImplemented")
    if layout is ember.sparse_csr:
        return out.to_sparse_csr()
    if layout is ember.sparse_csc:
        return out.to_sparse_csc()
    return out


__all__.append("spdiags")
