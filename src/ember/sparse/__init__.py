"""``ember.sparse``: sparse COO tensors and the operations on them (``mm``, ``sum``,
``softmax``, ``log_softmax``, ``addmm``). Create them with ``ember.sparse_coo_tensor`` or
``Tensor.to_sparse()``."""
from ._coo import log_softmax, mm, softmax
from ._coo import sparse_sum as sum  # noqa: A001

__all__ = ["addmm", "log_softmax", "mm", "softmax", "sum"]


def addmm(mat, mat1, mat2, *, beta=1.0, alpha=1.0):
    """beta * mat + alpha * (mat1 @ mat2), with ``mat1`` sparse and ``mat`` dense."""
    return mat * beta + mm(mat1, mat2) * alpha
