"""The general eigendecomposition ``linalg.eig``/``eigvals``: complex results for any square
matrix, from LAPACK's geev (through NumPy), with PyTorch's gradient.

For A = V diag(L) V^{-1} with unit-norm eigenvectors, the gradient (in PyTorch's convention for
complex numbers) is

    gA = V^{-H} (diag(gL) + off(V^H gV - V^H V Re(diag(V^H gV))) / conj(L_j - L_i)) V^H,

where ``off`` keeps the off-diagonal part; a real A keeps the real part of gA. Eigenvectors are
only defined up to a phase, so a loss that depends on the phase has no gradient: PyTorch
raises for it, and so does ember.
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor
from ..autograd import grad_mode
from ..ops.reduction import return_types
from . import linalg as LA
from ._registry import grad_fn, not_tensor, record, type_name, wrap

eig_type = return_types.make("linalg_eig", ("eigenvalues", "eigenvectors"))


def _check(name, A):
    if not isinstance(A, Tensor):
        raise not_tensor(name, A, "A")
    if A._dtype.category < D._FLOAT:
        raise RuntimeError(f"Unknown Complex ScalarType for {type_name(A._dtype)}")
    if A._data.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    rows, cols = A._data.shape[-2:]
    if rows != cols:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {rows} "
                           f"by {cols} matrices")
    LA.no_low_precision(name, A)
    if not np.isfinite(A._data).all():
        raise RuntimeError(f"ember.{name}: input tensor should not contain infs or NaNs.")


def _complex_of(dt):
    return D.complex128 if dt in (D.float64, D.complex128) else D.complex64


def _decompose(A):
    dt = _complex_of(A._dtype)
    if A._data.size == 0:
        shape = A._data.shape
        xp = _backend.namespace_of(A._data)
        return xp.zeros(shape[:-1], dt.np), xp.zeros(shape, dt.np)
    values, vectors = np.linalg.eig(A._data)
    return values.astype(dt.np), vectors.astype(dt.np)


def eig(input, *, out=None):
    """Eigenvalues L and eigenvectors V (columns, unit norm) of a square matrix: A V = V diag(L).

    Both are complex, also for real A (float32 gives complex64).

    Args:
        A: a (batch of) square matrices.

    Returns:
        A named tuple (eigenvalues, eigenvectors).

    Example:
        >>> ember.linalg.eig(ember.tensor([[2.0, 0.0], [0.0, 3.0]]))
        ember.return_types.linalg_eig(
        eigenvalues=tensor([2.+0.j, 3.+0.j]),
        eigenvectors=tensor([[1.+0.j, 0.+0.j],
                [0.+0.j, 1.+0.j]]))
    """
    A = input  # torch's parser names
    _check("linalg.eig", A)
    values, vectors = _decompose(A)
    outs = (wrap(values), wrap(vectors))
    record(outs, LinalgEigBackward0, (A,), outs)
    return eig_type(*outs)


def eigvals(input, *, out=None):
    """The eigenvalues of a square matrix (complex), as ``eig`` gives them.

    Args:
        A: a (batch of) square matrices.

    Returns:
        A complex Tensor of shape A.shape[:-1].

    Example:
        >>> ember.linalg.eigvals(ember.tensor([[0.0, -1.0], [1.0, 0.0]]))
        tensor([0.+1.j, 0.-1.j])
    """
    A = input  # torch's parser names
    _check("linalg.eigvals", A)
    values, vectors = _decompose(A)
    out = wrap(values)
    return record(out, EigvalsBackward, (A,), (out, wrap(vectors), A))


def _eig_backward(ctx, grad_values, grad_vectors=None):
    from .complex import real
    from .indexing import diag_embed
    from .linalg import matmul, solve
    saved = ctx.saved_tensors
    L, V = saved[:2]
    if len(saved) == 3 and grad_mode.is_grad_enabled():
        # eigvals kept its eigenvectors as constants: a derivative that will be differentiated
        # again needs them to move with A, so they are taken again with a graph.
        L, V = eig(saved[2])
    Vh = V.mH
    n = L.shape[-1]
    eye = Tensor._make(_backend.namespace_of(L._data).eye(n, dtype=L._data.real.dtype))
    if grad_vectors is not None:
        VhgV = matmul(Vh, grad_vectors)
        diag_re = real(VhgV.diagonal(0, -2, -1))
        middle = VhgV - matmul(Vh, V) * diag_re.unsqueeze(-2)
        phase = middle.diagonal(0, -2, -1).imag
        if np.abs(phase._data).max(initial=0) > 1e-6 * max(1.0, np.abs(VhgV._data).max()):
            raise RuntimeError(
                "linalg_eig_backward: The eigenvectors in the complex case are specified up to "
                "multiplication by e^{i phi}. The specified loss function depends on this "
                "quantity, so it is ill-defined.")
        gaps = L.conj().unsqueeze(-2) - L.conj().unsqueeze(-1) + eye
        middle = middle / gaps * (1 - eye)
        if grad_values is not None:
            middle = middle + diag_embed(grad_values)
    else:
        middle = diag_embed(grad_values)
    gA = solve(Vh, matmul(middle, Vh))
    if ctx._input_meta[0][1].category != D._COMPLEX:
        gA = real(gA)
    return gA


LinalgEigBackward0 = grad_fn("LinalgEigBackward0", num_outputs=2,
                             complex_aware=True)(_eig_backward)
EigvalsBackward = grad_fn("LinalgEigBackward0", complex_aware=True)(_eig_backward)

LINALG = {"eig": eig, "eigvals": eigvals}
