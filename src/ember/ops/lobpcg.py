"""``lobpcg``: a few extreme eigenpairs of a large symmetric positive-definite matrix, by the
locally optimal block preconditioned conjugate gradient method (SciPy's implementation).

The start block is drawn from ember's generator exactly as torch draws its own (``randn(m, n)``
per matrix), so a seeded program's later random numbers stay torch's. The gradient with respect
to ``A`` is the exact derivative of the returned eigenpairs, ``U diag(gE) U^T + V (C * F) U^T``
with ``V, lam`` the full eigendecomposition, ``C = V^T gU`` and ``F[j, i] = 1 / (E_i - lam_j)``
(0 where ``j`` is eigenpair ``i`` itself), taken of the symmetrised ``(A + A^T) / 2`` as torch
does, so the gradient is symmetric too.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor, tensor
from ._registry import is_sparse
from ._registry import not_tensor


def _check(A, k, X, n):
    if not isinstance(A, Tensor):
        raise not_tensor("lobpcg", A, "A")
    if A.dim() < 2 or A.shape[-1] != A.shape[-2]:
        raise AssertionError(f"A must be square, got shape {A.shape}")
    m = A.shape[-1]
    k = (1 if X is None else X.shape[-1]) if k is None else k
    n = (k if n is None else n) if X is None else X.shape[-1]
    if m < 3 * n:
        raise ValueError(f"LOBPCG algorithm is not applicable when the number of A rows (={m}) "
                         f"is smaller than 3 x the number of requested eigenpairs (={n})")
    return k, n


def _solve(A, k, B, X, n, iK, niter, tol, largest):
    """(E, U) arrays for each matrix of the batch ``A`` (SciPy's LOBPCG on host arrays)."""
    from scipy.sparse.linalg import lobpcg as scipy_lobpcg

    from .creation import randn
    if is_sparse(A):  # a sparse matrix: SciPy's LOBPCG takes its CSR form
        from ..sparse._coo import _scipy_matrix
        a = _scipy_matrix(A._elements() if getattr(A, "_blocked", False) else A)
        flat = [a]
    else:
        a = A.detach().cpu().numpy()
        flat = a.reshape(-1, a.shape[-1], a.shape[-1])
    batch = a.shape[:-2]
    m = a.shape[-1]
    b = None if B is None else B.detach().cpu().numpy().reshape(-1, m, m)
    pre = None if iK is None else iK.detach().cpu().numpy().reshape(-1, m, m)
    x = None if X is None else X.detach().cpu().numpy().reshape(-1, m, n)
    dtype = a.dtype
    tol = float(np.finfo(dtype).eps) ** 0.5 if tol is None else tol
    values, vectors = [], []
    for i in range(len(flat)):
        # Drawn by A's device's generator, as torch draws it; SciPy's solver runs on the host.
        start = randn(m, n, dtype=A.dtype, device=A.device).cpu().numpy() if x is None \
            else x[i]
        with warnings.catch_warnings():
            # SciPy warns when it stops at maxiter; torch returns what it has, silently.
            warnings.simplefilter("ignore")
            e, u = scipy_lobpcg(flat[i], start.astype(dtype), B=None if b is None else b[i],
                                M=None if pre is None else pre[i], tol=tol,
                                maxiter=1000 if niter is None else niter, largest=largest)
        order = np.argsort(-e if largest else e)[:k]
        values.append(e[order].astype(dtype))
        vectors.append(u[:, order].astype(dtype))
    return (np.stack(values).reshape(*batch, k), np.stack(vectors).reshape(*batch, m, k))


def _lobpcg_backward(A, E, U, gE, gU):
    """dL/dA for (E, U) = the chosen eigenpairs of symmetric ``A`` (see the module's note)."""
    from .. import linalg
    lam, V = linalg.eigh(A)
    diff = E.unsqueeze(-2) - lam.unsqueeze(-1)            # [j, i] = E_i - lam_j
    scale = float(np.finfo(np.dtype(str(A.dtype).split(".")[-1])).eps) ** 0.5
    same = diff.abs() <= scale * lam.abs().amax(-1, keepdim=True).unsqueeze(-1).clamp(min=1)
    F = (1 / diff).masked_fill(same, 0)
    grad = A.new_zeros(A.shape)
    if gE is not None:
        grad = grad + (U * gE.unsqueeze(-2)) @ U.mT
    if gU is not None:
        grad = grad + V @ ((V.mT @ gU) * F) @ U.mT
    return grad


def _autograd_function():
    from ..autograd.function import Function

    class LOBPCGAutogradFunction(Function):
        """LOBPCG as one autograd node (torch's name), differentiable in ``A``."""

        @staticmethod
        def forward(ctx, A, k, B, X, n, iK, niter, tol, largest):
            E, U = _as_tensors(A, *_solve(A, k, B, X, n, iK, niter, tol, largest))
            ctx.save_for_backward(A, E, U)
            ctx.has_B = B is not None
            ctx.sparse = is_sparse(A)
            return E, U

        @staticmethod
        def backward(ctx, gE, gU):
            if ctx.sparse:
                raise ValueError("lobpcg.backward does not support sparse input yet. Note that "
                                 "lobpcg.forward does though.")
            if ctx.has_B:
                raise ValueError("lobpcg.backward does not support backward with B != I yet.")
            A, E, U = ctx.saved_tensors
            return (_lobpcg_backward(A, E, U, gE, gU),) + (None,) * 8

    return LOBPCGAutogradFunction


_FUNCTION = []


def lobpcg(A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None,
           method=None, tracker=None, ortho_iparams=None, ortho_fparams=None,
           ortho_bparams=None):
    """The ``k`` largest (or smallest) eigenpairs of the symmetric positive-definite ``A``
    (generalised: ``A x = lambda B x``), by LOBPCG with a block of ``n`` vectors."""
    k, n = _check(A, k, X, n)
    if tracker is not None:
        raise NotImplementedError("ember.lobpcg: tracker is not supported (SciPy's LOBPCG runs "
                                  "the iterations and reports no per-iteration state)")
    if method not in (None, "ortho", "basic"):
        raise ValueError(f"method must be 'basic' or 'ortho', got {method!r}")
    largest = True if largest is None else largest
    if A.requires_grad or (B is not None and B.requires_grad):
        if not _FUNCTION:
            _FUNCTION.append(_autograd_function())
        # a sparse A is taken as given (its backward refuses, as torch's does)
        A_sym = A if is_sparse(A) else (A + A.mT) / 2
        B_sym = (B + B.mT) / 2 if B is not None else None
        return _FUNCTION[0].apply(A_sym, k, B_sym, X, n, iK, niter, tol, largest)
    return _as_tensors(A, *_solve(A, k, B, X, n, iK, niter, tol, largest))


def _as_tensors(A, *arrays):
    """Dense tensors of ``arrays`` in A's dtype, on A's device (A may be sparse)."""
    return tuple(tensor(array, dtype=A.dtype, device=A.device) for array in arrays)


FUNCTIONS = {"lobpcg": lobpcg}
METHODS = {}
