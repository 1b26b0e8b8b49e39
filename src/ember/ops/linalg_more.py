"""The rest of torch.linalg for real and complex inputs: LU and LDL factorisations and solves,
triangular solves, the matrix exponential, Householder products, condition numbers, tensor
inverses and solves, Vandermonde matrices, randomised low-rank SVD and PCA, and their top-level
spellings. Derivatives follow PyTorch's convention for complex inputs (the conjugate Wirtinger
derivative: every transpose in a real formula is a conjugate transpose).

The factorisations come from LAPACK through SciPy (imported on first use), one matrix of a
batch at a time. Derivatives are written with ember ops beside each primitive; the simple
compositions (cond, vander, vecdot, tensorinv, householder_product...) get theirs from the
ops they are made of.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _backend, _deprecated
from .. import _dtype as D
from .._deprecated import warn_once
from .._tensor import Tensor
from ..amp.autocast_mode import cast_lower
from . import linalg as LA
from ._one_node import as_one_node, one_node
from ._registry import grad_fn, py_type_name, record, type_name, wrap
from .creation import zeros
from .joining import cat
from .reduction import return_types


def _lapack(name, array):
    """The LAPACK routine ``name`` (without its s/d prefix) for the array's dtype."""
    from scipy.linalg import lapack
    return lapack.get_lapack_funcs((name,), (array,))[0]


def _check_float_matrix(name, A, argument="A", square=False, kernel=None):
    """A Tensor of floating point or complex matrices (square ones when ``square``); for the
    ops torch dispatches straight to a kernel, ``kernel`` names it in the dtype error."""
    if not isinstance(A, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not "
                        f"{type(A).__name__}")
    if kernel is not None and A._dtype.category not in (D._FLOAT, D._COMPLEX) and A.ndim >= 2:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(A._dtype)}'")
    if A._dtype.category not in (D._FLOAT, D._COMPLEX):
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{type_name(A._dtype)}")
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {argument} must have at least 2 "
                           "dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: {argument} must be batches of square matrices, but they "
                           f"are {A.shape[-2]} by {A.shape[-1]} matrices")
    if argument != "B":
        LA.no_low_precision(name, A)


def _check_same_dtype(name, A, B, a_name, b_name, ending):
    if A._dtype is not B._dtype:
        raise RuntimeError(f"{name}Expected {a_name} and {b_name} to have the same dtype, but "
                           f"found {a_name} of type {type_name(A._dtype)} and {b_name} of type "
                           f"{type_name(B._dtype)} instead{ending}")


def _compute_dtype(array):
    """The array in a dtype LAPACK has: half precision is computed in float32."""
    return array if array.dtype in _LAPACK_DTYPES else array.astype(np.float32)


_LAPACK_DTYPES = (np.float32, np.float64, np.complex64, np.complex128)


def _eye_like(x, rows, cols):
    return wrap(_backend.namespace_of(x._data).eye(rows, cols, dtype=x._data.dtype))


# --- LU -----------------------------------------------------------------------------------------

lu_factor_ex_type = return_types.make("linalg_lu_factor_ex", ("LU", "pivots", "info"))
lu_factor_type = return_types.make("linalg_lu_factor", ("LU", "pivots"))
lu_type = return_types.make("linalg_lu", ("P", "L", "U"))
lu_unpack_type = return_types.make("lu_unpack", ("P", "L", "U"))


@_backend.host_only
def _getrf(array):
    """LU with partial pivoting of each matrix: packed LU, 1-based int32 pivots, info."""
    array = _compute_dtype(array)
    m, n = array.shape[-2:]
    batch = array.shape[:-2]
    lu = np.empty_like(array)
    pivots = np.empty(batch + (min(m, n),), dtype=np.int32)
    info = np.zeros(batch, dtype=np.int32)
    getrf = _lapack("getrf", array)
    for index in np.ndindex(batch):
        if m and n:
            lu[index], piv, info[index] = getrf(array[index])
            pivots[index] = piv + 1
    return lu, pivots, info


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info): A = P L U packed in one matrix (L unit lower, U upper), LAPACK's
    1-based row interchanges, and info > 0 naming the first zero diagonal entry of U.
    d/dA as for linalg.lu."""
    if isinstance(A, Tensor) and A.ndim < 2:
        raise RuntimeError(f"ember.lu_factor: Expected tensor with 2 or more dimensions. Got "
                           f"size: {list(A.shape)} instead")
    _check_float_matrix("linalg.lu_factor_ex", A, kernel="lu_cpu")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    if getattr(A._data, "_is_meta", False):  # shapes only: no data to factor
        xp = _backend.namespace_of(A._data)
        batch, (m, n) = A.shape[:-2], A.shape[-2:]
        lu, pivots, info = (xp.empty(A.shape, dtype=A._data.dtype),
                            xp.empty(batch + (min(m, n),), dtype=np.int32),
                            xp.zeros(batch, dtype=np.int32))
    else:
        lu, pivots, info = _getrf(A._data)
    if check_errors and info.any():
        raise RuntimeError(_zero_pivot_message("linalg.lu_factor_ex", info))
    LU = wrap(lu.astype(A._data.dtype, copy=False))
    pivots = wrap(pivots)
    record(LU, LinalgLuFactorExBackward0, (A,), (LU, pivots))
    return lu_factor_ex_type(LU, pivots, wrap(info))


def lu_factor(A, *, pivot=True):
    """(LU, pivots) of lu_factor_ex, raising for a matrix whose U has a zero on its
    diagonal."""
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    if info.device.type != "meta" and info._data.any():
        raise RuntimeError(_zero_pivot_message("linalg.lu_factor", info._data))
    return lu_factor_type(LU, pivots)


def _zero_pivot_message(name, info):
    """torch's text for the first matrix of the batch whose U has a zero pivot."""
    flat = _backend.to_host(info).reshape(-1)
    first = int(np.flatnonzero(flat)[0])
    bad = int(flat[first])
    where = f"(Batch element {first}): " if info.ndim else ""
    return (f"ember.{name}: {where}U[{bad},{bad}] is zero and using it on lu_solve would "
            "result in a division by zero. If you still want to perform the factorization, "
            "consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


@_backend.host_only
def _permutation(pivots, m, dtype):
    """The permutation matrix P with A = P L U, from LAPACK's sequence of row swaps (applied one
    after another, so on the host)."""
    batch = pivots.shape[:-1]
    order = np.broadcast_to(np.arange(m), batch + (m,)).copy()
    for index in np.ndindex(batch):
        row = order[index]
        for i, p in enumerate(pivots[index] - 1):
            row[i], row[p] = row[p], row[i]
    P = np.zeros(batch + (m, m), dtype=dtype)
    np.put_along_axis(P, order[..., :, None], 1, axis=-1)
    return np.swapaxes(P, -1, -2)


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from a packed LU and its pivots: L unit lower (m x k), U upper (k x n).
    d/dLU = tril(grad_L, -1) + triu(grad_U), placed in the packed matrix."""
    m, n = LU_data.shape[-2:]
    k = min(m, n)
    xp = _backend.namespace_of(LU_data._data)
    empty = wrap(xp.zeros((0,), dtype=LU_data._data.dtype))
    P = wrap(_permutation(LU_pivots._data, m, LU_data._data.dtype)) if unpack_pivots else empty
    if not unpack_data:
        return lu_unpack_type(P, empty, empty.clone())
    data = LU_data._data
    # ones placed on the diagonal, not added: adding the identity's zeros turned a -0.0
    # multiplier (0 / a negative pivot) into 0.0, which torch prints as -0.
    L = xp.where(xp.eye(m, k, dtype=bool), xp.ones((), dtype=data.dtype),
                 np.tril(data[..., :, :k], -1))
    L, U = wrap(L), wrap(np.triu(data[..., :k, :]))
    record((L, U), LuUnpackBackward0, (LU_data,), k=k)
    return lu_unpack_type(P, L, U)


@grad_fn("LuUnpackBackward0", num_outputs=2, complex_aware=True)
def LuUnpackBackward0(ctx, grad_L, grad_U):
    m, n = ctx._input_meta[0][0][-2:]
    k = ctx.k
    pieces = []
    if grad_L is not None:
        lower = grad_L.tril(-1)
        pieces.append(lower if n == k else cat([lower, _zeros(lower, m, n - k)], -1))
    if grad_U is not None:
        upper = grad_U.triu()
        pieces.append(upper if m == k else cat([upper, _zeros(upper, m - k, n)], -2))
    return pieces[0] if len(pieces) == 1 else pieces[0] + pieces[1]


def _zeros(like, rows, cols):
    xp = _backend.namespace_of(like._data)
    return wrap(xp.zeros(like.shape[:-2] + (rows, cols), dtype=like._data.dtype))


def _split_lu(LU, k):
    """L (unit lower, m x k) and U (upper, k x n) of a packed LU, with ember ops."""
    m = LU.shape[-2]
    L = LU[..., :, :k].tril(-1) + _eye_like(LU, m, k)
    U = LU[..., :k, :].triu()
    return L, U


@grad_fn("LinalgLuFactorExBackward0", complex_aware=True)
def LinalgLuFactorExBackward0(ctx, grad):
    LU, pivots = ctx.saved_tensors
    k = min(LU.shape[-2:])
    L, U = _split_lu(LU, k)
    P = wrap(_permutation(pivots._data, LU.shape[-2], LU._data.dtype))
    return _lu_backward(P, L, U, grad[..., :, :k].tril(-1), grad[..., :k, :].triu())


def lu(A, *, pivot=True):
    """(P, L, U) with A = P L U.   d/dA through the LU factors (see _lu_backward)."""
    _check_float_matrix("linalg.lu", A, kernel="lu_cpu")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    lu_arr, pivots, _ = _getrf(A._data)
    LU = wrap(lu_arr.astype(A._data.dtype, copy=False))
    P, L, U = lu_unpack(LU, wrap(pivots))
    L, U = wrap(L._data), wrap(U._data)
    record((L, U), LinalgLuBackward0, (A,), (P, L, U))
    return lu_type(P, L, U)


@grad_fn("LinalgLuBackward0", num_outputs=2, complex_aware=True)
def LinalgLuBackward0(ctx, grad_L, grad_U):
    P, L, U = ctx.saved_tensors
    grad_L = grad_L if grad_L is not None else L * 0
    grad_U = grad_U if grad_U is not None else U * 0
    return _lu_backward(P, L, U, grad_L.tril(-1), grad_U.triu())


def _lu_backward(P, L, U, grad_L, grad_U):
    """The gradient of A = P L U from those of L and U.

    Square: grad_A = P L^{-H} (tril(L^H grad_L, -1) + triu(grad_U U^H)) U^{-H}. A wide A
    = P L [U1 U2] first moves U2's dependence on L into grad_L; a tall P^T A = [L1; L2] U
    moves L2's dependence on U into grad_U; then the square formula applies to the square part.
    """
    m, n = L.shape[-2], U.shape[-1]
    k = min(m, n)
    if m < n:
        U1, U2 = U[..., :, :k], U[..., :, k:]
        grad_U1, grad_U2 = grad_U[..., :, :k], grad_U[..., :, k:]
        grad_A2 = solve_triangular(L.mH, grad_U2, upper=True, unitriangular=True)
        grad_L = grad_L - (grad_A2 @ U2.mH).tril(-1)
        grad_A1 = _lu_backward_square(L, U1, grad_L, grad_U1)
        return P @ cat([grad_A1, grad_A2], -1)
    if m > n:
        L1, L2 = L[..., :k, :], L[..., k:, :]
        grad_L1, grad_L2 = grad_L[..., :k, :], grad_L[..., k:, :]
        grad_A2 = solve_triangular(U.mH, grad_L2, upper=False, left=False)
        grad_U = grad_U - (L2.mH @ grad_A2).triu()
        grad_A1 = _lu_backward_square(L1, U, grad_L1, grad_U)
        return P @ cat([grad_A1, grad_A2], -2)
    return P @ _lu_backward_square(L, U, grad_L, grad_U)


def _lu_backward_square(L, U, grad_L, grad_U):
    middle = (L.mH @ grad_L).tril(-1) + (grad_U @ U.mH).triu()
    left = solve_triangular(L.mH, middle, upper=True, unitriangular=True)
    return solve_triangular(U.mH, left, upper=False, left=False)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (X A = B when left=False; A^H in place of A when adjoint), A = P L U
    given packed.   d/dB = the solve with the adjoint; d/dLU through the factors."""
    _check_float_matrix("linalg.lu_solve", LU, "LU")
    _check_same_dtype("linalg.lu_solve: ", LU, B, "LU", "B", "")
    if LU.shape[-1] != LU.shape[-2]:
        raise RuntimeError(f"ember.linalg.lu_solve: A must be batches of square matrices, but "
                           f"they are {LU.shape[-2]} by {LU.shape[-1]} matrices")
    _check_float_matrix("linalg.lu_solve", B, "B")
    n = LU.shape[-1]
    if (B.shape[-2] if left else B.shape[-1]) != n:
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    batch = np.broadcast_shapes(LU.shape[:-2], B.shape[:-2])
    lu_arr = np.broadcast_to(LU._data, batch + (n, n))
    piv = np.broadcast_to(pivots._data, batch + (n,))
    rhs = np.broadcast_to(B._data, batch + B.shape[-2:])
    # X A = B is A^T X^T = B^T, and X A^H = B is A conj(X)^T = conj(B)^T: right-hand
    # solves are left-hand ones on the transposed (and conjugated) right-hand side.
    if left:
        trans = 2 if adjoint else 0
    else:
        rhs = np.swapaxes(rhs, -1, -2)
        rhs, trans = (rhs.conj(), 0) if adjoint else (rhs, 1)
    result = _lu_solve_each(lu_arr, piv, rhs, trans)
    if not left:
        result = np.swapaxes(result.conj() if adjoint else result, -1, -2).copy()
    X = wrap(result)
    return record(X, LinalgLuSolveBackward0, (LU, B), (LU, pivots, X), left=left,
                  adjoint=adjoint)


@_backend.host_only
def _lu_solve_each(lu_arr, piv, rhs, trans):
    """SciPy's lu_solve (LAPACK getrs) on each matrix of a broadcast batch."""
    from scipy.linalg import lu_solve as scipy_lu_solve
    result = np.empty(rhs.shape, dtype=np.result_type(lu_arr, rhs))
    for index in np.ndindex(rhs.shape[:-2]):
        if rhs.shape[-1] and rhs.shape[-2]:
            result[index] = scipy_lu_solve((lu_arr[index], piv[index] - 1), rhs[index],
                                           trans=trans, check_finite=False)
    return result


@grad_fn("LinalgLuSolveBackward0", complex_aware=True)
def LinalgLuSolveBackward0(ctx, grad):
    LU, pivots, X = ctx.saved_tensors
    left, adjoint = ctx.left, ctx.adjoint
    grad_B = lu_solve(LU, pivots, grad, left=left, adjoint=not adjoint)
    if not ctx.needs_input_grad[0]:
        return None, grad_B
    if left:
        grad_A = -(grad_B @ X.mH) if not adjoint else -(X @ grad_B.mH)
    else:
        grad_A = -(X.mH @ grad_B) if not adjoint else -(grad_B.mH @ X)
    # Through A = P L U onto the packed factors: tril(P^T gA U^H, -1) + triu(L^H P^T gA).
    n = LU.shape[-1]
    L, U = _split_lu(LU, n)
    P = wrap(_permutation(pivots._data, n, LU._data.dtype))
    permuted = P.mH @ grad_A
    return (permuted @ U.mH).tril(-1) + (L.mH @ permuted).triu(), grad_B


# --- triangular solves --------------------------------------------------------------------------

def solve_triangular(input, B, *, upper, left=True, unitriangular=False):
    """X with A X = B (X A = B when left=False) for triangular A (only its triangle is read).
    d/dB = the solve with A^H; d/dA = -d/dB X^H (or -X^H d/dB), kept to A's triangle."""
    A = input  # torch's parser names
    _check_float_matrix("linalg.solve_triangular", A, square=True,
                        kernel="triangular_solve_cpu")
    if isinstance(B, Tensor) and B._dtype.category != A._dtype.category and \
            B._dtype.category != D._FLOAT:
        # PyTorch solves in A's dtype: an integer or bool B is cast to it, and a complex B
        # beside a real A loses its imaginary part (the cast warns).
        B = B.to(A._dtype)
    _check_float_matrix("linalg.solve_triangular", B, "B")
    n = A.shape[-1]
    if (B.shape[-2] if left else B.shape[-1]) != n:
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the "
                           f"equation {'AX = B' if left else 'XA = B'} ({n}x{n} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    batch = LA.batch_shape(B.shape[:-2], A.shape[:-2])
    # PyTorch solves in A's dtype: a B of another precision is cast to it.
    dtype = A._data.dtype
    a = np.broadcast_to(A._data, batch + (n, n))
    rhs = np.broadcast_to(B._data, batch + B.shape[-2:])
    rhs = rhs if left else np.swapaxes(rhs, -1, -2)
    # X A = B is A^T X^T = B^T.
    result = _solve_triangular_each(a, rhs, dtype, 0 if left else 1, not upper, unitriangular)
    X = wrap(result if left else np.swapaxes(result, -1, -2).copy())
    return record(X, LinalgSolveTriangularBackward0, (A, B), (A, X), upper=upper, left=left,
                  unitriangular=unitriangular)


@_backend.host_only
def _solve_triangular_each(a, rhs, dtype, trans, lower, unitriangular):
    """SciPy's solve_triangular (LAPACK trtrs) on each matrix of a broadcast batch.

    Batch dims along which the matrix only repeats (stride 0: broadcast or expanded, as a
    MultivariateNormal's scale_tril against a batch of points) go into the right-hand side's
    columns instead: one solve per distinct matrix, not one per point."""
    from scipy.linalg import solve_triangular as scipy_solve_triangular
    nb = rhs.ndim - 2
    free = [i for i in range(nb) if a.strides[i] == 0 and a.shape[i] > 1]
    if free and rhs.size:
        keep = [i for i in range(nb) if a.strides[i] != 0 or a.shape[i] == 1]
        order = keep + [nb] + free + [nb + 1]
        columns = rhs.transpose(order)
        moved_shape = columns.shape
        columns = columns.reshape(tuple(rhs.shape[i] for i in keep) + (rhs.shape[-2], -1))
        distinct = a[tuple(0 if i in free else slice(None) for i in range(nb))]
        result = _solve_triangular_each(distinct, columns, dtype, trans, lower, unitriangular)
        inverse = sorted(range(len(order)), key=order.__getitem__)
        return result.reshape(moved_shape).transpose(inverse).copy()
    result = np.empty(rhs.shape, dtype=dtype)
    with np.errstate(all="ignore"):
        for index in np.ndindex(rhs.shape[:-2]):
            if rhs.shape[-1] and rhs.shape[-2]:
                result[index] = scipy_solve_triangular(
                    a[index], rhs[index], trans=trans, lower=lower,
                    unit_diagonal=unitriangular, check_finite=False)
    return result


@grad_fn("LinalgSolveTriangularBackward0", complex_aware=True)
def LinalgSolveTriangularBackward0(ctx, grad):
    A, X = ctx.saved_tensors
    upper, left, unit = ctx.upper, ctx.left, ctx.unitriangular
    grad_B = solve_triangular(A.mH, grad, upper=not upper, left=left, unitriangular=unit)
    grad_A = None
    if ctx.needs_input_grad[0]:
        grad_A = -(grad_B @ X.mH) if left else -(X.mH @ grad_B)
        offset = 1 if unit else 0
        grad_A = grad_A.triu(offset) if upper else grad_A.tril(-offset)
    return grad_A, grad_B if ctx.needs_input_grad[1] else None


triangular_solve_type = return_types.make("triangular_solve",
                                          ("solution", "cloned_coefficient"))


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    """(X, A.clone()) with A X = b (A^T X = b when transpose): the older spelling of
    linalg.solve_triangular."""
    _deprecated.warn_replaced_once("triangular_solve")
    if A.ndim >= 2 and b.ndim >= 2 and b.shape[-2] != A.shape[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for triangular_solve: each A matrix is "
                           f"{A.shape[-2]} by {A.shape[-1]} but each b matrix is {b.shape[-2]} "
                           f"by {b.shape[-1]}")
    def compose(b, A):
        coefficient = A.mT if transpose else A
        return solve_triangular(coefficient, b, upper=upper != transpose,
                                unitriangular=unitriangular)
    from ..autograd import grad_mode
    with grad_mode.no_grad():
        outs = (compose(b, A), A.clone())
    outs = tuple(wrap(out._data, out._dtype) for out in outs)
    record(outs, TriangularSolveBackward0, (b, A), save=(b, A), compose=compose)
    return triangular_solve_type(*outs)


@grad_fn("TriangularSolveBackward0", num_outputs=2, complex_aware=True)
def TriangularSolveBackward0(ctx, grad_X, grad_M):
    """One node for both outputs, as torch records them: the solution's gradient by
    differentiating the solve again, plus the copy of A's gradient, which goes to A as it is."""
    from ._one_node import _differentiate_again
    grad_b, grad_A = _differentiate_again(ctx, grad_X)
    if grad_A is not None:
        grad_A = grad_A + grad_M
    return grad_b, grad_A


# --- Cholesky solves ----------------------------------------------------------------------------

def cholesky_solve(B, L, upper=False):
    """X with A X = B for A = L L^H (U^H U when upper).
    d/dB = cholesky_solve(grad); d/dL = -(gB X^H + X gB^H) L (U (...) when upper)."""
    for argument, value, position in (("input", B, 1), ("input2", L, 2)):
        if not isinstance(value, Tensor):
            raise TypeError(f"cholesky_solve(): argument '{argument}' (position {position}) must "
                            f"be Tensor, not {py_type_name(value)}")
    for name, value in (("b", B), ("u", L)):
        if value.ndim < 2:
            raise RuntimeError(f"{name} should have at least 2 dimensions, but has {value.ndim} "
                               "dimensions instead")
    _check_same_dtype("", B, L, "b", "A", ".")  # dtype, device, then shape, as torch
    if B.device != L.device:
        raise RuntimeError(f"Expected b and A to be on the same device, but found b on "
                           f"{B.device.type} and A on {L.device.type} instead.")
    if L.shape[-1] != L.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {L.shape[-2]} by "
                           f"{L.shape[-1]} matrices")
    if B._dtype not in (D.float32, D.float64, D.complex64, D.complex128):
        raise NotImplementedError(f"\"cholesky_solve_cpu\" not implemented for "
                                  f"'{type_name(B._dtype)}'")
    n = L.shape[-1]
    if B.shape[-2] != n:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{n} by {n} but each b matrix is {B.shape[-2]} by {B.shape[-1]}")
    batch = LA.batch_shape(B.shape[:-2], L.shape[:-2])
    factor = np.broadcast_to(L._data, batch + (n, n))
    rhs = np.broadcast_to(B._data, batch + B.shape[-2:])
    X = wrap(_cho_solve_each(factor, rhs, upper))
    return record(X, CholeskySolveBackward0, (B, L), (L, X), upper=upper)


@_backend.host_only
def _cho_solve_each(factor, rhs, upper):
    """SciPy's cho_solve (LAPACK potrs) on each matrix of a broadcast batch."""
    from scipy.linalg import cho_solve
    result = np.empty(rhs.shape, dtype=np.result_type(factor, rhs))
    for index in np.ndindex(rhs.shape[:-2]):
        if rhs.shape[-1] and rhs.shape[-2]:
            triangle = np.triu(factor[index]) if upper else np.tril(factor[index])
            result[index] = cho_solve((triangle, not upper), rhs[index], check_finite=False)
    return result


@grad_fn("CholeskySolveBackward0", complex_aware=True)
def CholeskySolveBackward0(ctx, grad):
    L, X = ctx.saved_tensors
    grad_B = cholesky_solve(grad, L, ctx.upper)
    grad_L = None
    if ctx.needs_input_grad[1]:
        common = grad_B @ X.mH
        common = common + common.mH
        grad_L = -(L @ common) if ctx.upper else -(common @ L)
    return grad_B, grad_L


def cholesky_inverse(L, upper=False):
    """(L L^H)^{-1} from the Cholesky factor L (U^H U when upper).
    d/dL = -(grad + grad^H) applied as for cholesky_solve with X = the inverse."""
    _check_float_matrix("cholesky_inverse", L, square=True, kernel="cholesky_inverse_out_cpu")
    n = L.shape[-1]
    eye = _backend.namespace_of(L._data).eye(n, dtype=L._data.dtype)
    identity = wrap(np.broadcast_to(eye, L.shape).copy())
    from ..autograd import grad_mode
    with grad_mode.no_grad():
        inverse = cholesky_solve(identity, L, upper)
    out = wrap(inverse._data)
    return record(out, CholeskyInverseBackward0, (L,), (L, out), upper=upper)


@grad_fn("CholeskyInverseBackward0", complex_aware=True)
def CholeskyInverseBackward0(ctx, grad):
    L, inverse = ctx.saved_tensors
    common = -(inverse @ (grad + grad.mH) @ inverse)
    return L @ common if ctx.upper else common @ L


# --- solve_ex, matrix_exp, cond, and compositions -----------------------------------------------

solve_ex_type = return_types.make("linalg_solve_ex", ("result", "info"))


def solve_ex(A, B, *, left=True, check_errors=False):
    """(X, info) of linalg.solve: info names the first zero pivot of a singular A, whose X is
    then LAPACK's inf/nan, unless check_errors raises."""
    _check_float_matrix("linalg.solve", A, square=True)  # torch checks solve_ex as solve
    LU, pivots, info = lu_factor_ex(A.detach())
    if check_errors or not info._data.any():
        return solve_ex_type(LA._solve(A, B, left, "linalg.solve_ex"), info)
    vector = left and LA._vector_rhs(A, B)
    X = lu_solve(LU, pivots, B.unsqueeze(-1) if vector else B, left=left)
    return solve_ex_type(X.squeeze(-1) if vector else X, info)


def matrix_exp(input):
    """exp(A) = sum_k A^k / k!.   d/dA = the top-right block of exp([[A^H, grad], [0, A^H]])."""
    A = input  # torch's parser names
    _check_float_matrix("linalg.matrix_exp", A, square=True)
    out = wrap(_expm(A._data))
    return record(out, LinalgMatrixExpBackward0, (A,), (A,))


@_backend.host_only
def _expm(data):
    """SciPy's expm (scaling and squaring with a Pade approximant) in data's dtype."""
    from scipy.linalg import expm
    with np.errstate(all="ignore"):
        result = expm(_compute_dtype(data)) if data.size else data.copy()
    return np.asarray(result).astype(data.dtype, copy=False)


@grad_fn("LinalgMatrixExpBackward0", complex_aware=True)
def LinalgMatrixExpBackward0(ctx, grad):
    (A,) = ctx.saved_tensors
    n = A.shape[-1]
    zeros = A.mH * 0
    top = cat([A.mH, grad], -1)
    bottom = cat([zeros, A.mH], -1)
    return matrix_exp(cat([top, bottom], -2))[..., :n, n:]


def cond(input, p=None):
    """The condition number: sigma_max / sigma_min for p in (None, 2), its inverse for -2,
    sum(sigma) * sum(1 / sigma) for 'nuc', else norm(A, p) * norm(A^{-1}, p), inf where A is
    singular. Empty matrices give zeros."""
    A = input  # torch's parser names
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p not in (None, 2, -2, 1, -1, math.inf, -math.inf, "fro", "nuc"):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    square = A.shape[-1] == A.shape[-2]
    # torch checks the shape of the 'fro' and 'nuc' inputs before an empty one gives zeros
    if p in ("fro", "nuc") and not square or A.numel() and p not in (None, 2, -2) and not square:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but "
                           f"they are {A.shape[-2]} by {A.shape[-1]} matrices")
    if A.numel() == 0:
        return zeros(A.shape[:-2], dtype=A.dtype.to_real(), device=A.device)
    if p in (None, 2, -2, "nuc"):
        values = LA.svdvals(A)
        if p == "nuc":  # sum(sigma) * sum(1 / sigma): a singular matrix gives inf, a zero one nan
            return values.sum(-1) * values.reciprocal().sum(-1)
        largest, smallest = values[..., :1], values[..., -1:]
        return (largest / smallest if p != -2 else smallest / largest).squeeze(-1)
    # A singular matrix (its inverse nan) has condition number inf, not an error
    inverse = LA.inv_ex(A).inverse
    return (LA.matrix_norm(A, p) * LA.matrix_norm(inverse, p)).nan_to_num(math.inf, math.inf)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal of each matrix (a view), as torch.diagonal with matrix-last defaults."""
    return A.diagonal(offset, dim1, dim2)


def vecdot(x, y, *, dim=-1):
    """sum(conj(x) * y, dim): the dot product along dim, broadcasting the rest (vdot for two
    vectors, whatever dim says, as torch dispatches). On autocast's lower-precision list."""
    x, y = cast_lower(x, y)
    if not (x.is_floating_point() or x.is_complex()):
        raise RuntimeError("linalg.vecdot: Expected a floating point or complex tensor as input. "
                           f"Got {type_name(x.dtype)}")
    if x.dtype != y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x "
                           f"of type {type_name(x.dtype)} and y of type {type_name(y.dtype)} "
                           "instead")
    if x.ndim == 1 and y.ndim == 1:
        from .complex import _vdot
        return _vdot(x, y)
    return (x.conj() * y).sum(dim)


def vander(x, *, N=None):
    """The Vandermonde matrix with columns x**0, x**1, ..., x**(N-1) (N defaults to
    x.shape[-1])."""
    n = (x.shape[-1] if x.ndim else 1) if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    ones = wrap(np.ones_like(x._data, shape=x.shape + (1,)))
    powers = x.unsqueeze(-1).expand(*x.shape, n - 1).cumprod(-1)
    return cat([ones, powers], -1)


def tensorinv(input, ind=2):
    """The tensor T with tensordot(T, A, ind) the identity: inv of A reshaped to a square
    matrix (the product of its first ind dims by the product of the rest)."""
    A = input  # torch's parser names
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = A.shape[:ind], A.shape[ind:]
    n = math.prod(rows)
    if n != math.prod(cols):
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) "
                           f"== prod(self.shape[:ind]), but got {math.prod(cols)} != {n}")
    return LA.inv(A.reshape(n, n)).reshape(tuple(cols) + tuple(rows))


def tensorsolve(input, other, dims=None):
    """X with tensordot(A, X, X.ndim) = B: a linear solve on A reshaped to B.numel() rows."""
    A, B = input, other  # torch's parser names
    if dims is not None:
        dims = [d % A.ndim for d in dims]
        A = A.movedim(dims, list(range(A.ndim - len(dims), A.ndim)))
    result_shape = A.shape[B.ndim:]
    rows, cols = B.numel(), math.prod(result_shape)
    if A.numel() != rows * cols or rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement "
                           f"prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
                           f"but got {cols} != {rows}")
    return LA.solve(A.reshape(rows, cols), B.reshape(rows)).reshape(tuple(result_shape))


# --- Householder products, QR pieces, LDL -------------------------------------------------------

def _apply_reflectors(A, tau, Q):
    """H_1 H_2 ... H_k Q for H_i = I - tau_i v_i v_i^H, v_i the unit-diagonal columns of A."""
    m, n = A.shape[-2:]
    V = A.tril(-1) + _eye_like(A, m, n)
    for i in reversed(range(tau.shape[-1])):
        v = V[..., :, i:i + 1]
        Q = Q - (tau[..., i:i + 1].unsqueeze(-1) * v) @ (v.mH @ Q)
    return Q


def householder_product(input, tau):
    """The first n columns of the product of Householder reflectors H_1 ... H_k (as LAPACK's
    orgqr): H_i = I - tau_i v_i v_i^H with v_i the i-th column of A below a unit diagonal."""
    A = input  # torch's parser names
    name = "ember.linalg.householder_product"
    _check_float_matrix(name, A, "input")
    m, n = A.shape[-2:]
    if m < n:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if n < tau.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if A.ndim - tau.ndim != 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but "
                           f"got tau.ndim equal to {tau.ndim} and input.ndim is equal to "
                           f"{A.ndim}")
    return as_one_node(LinalgHouseholderProductBackward0, lambda A, tau: _apply_reflectors(
        A, tau, _eye_like(A, m, n).expand(A.shape)), (A, tau))


LinalgHouseholderProductBackward0 = one_node("LinalgHouseholderProductBackward0")


def ormqr(input, tau, other, left=True, transpose=False):
    """Q @ other (other @ Q when not left; Q^T when transpose) for the full m x m Q of the
    Householder reflectors in (input, tau), as LAPACK's ormqr."""
    m = other.shape[-2] if left else other.shape[-1]
    side = -2 if left else -1
    if input.shape[-2] != m:
        raise RuntimeError(f"ember.ormqr: other.shape[{side}] must be equal to "
                           "input.shape[-2]")
    if tau.shape[-1] != min(other.shape[side], input.shape[-1]):
        raise RuntimeError(f"ember.ormqr: tau.shape[-1] must be equal to "
                           f"min(other.shape[{side}], input.shape[-1])")
    def compose(input, tau, other):
        Q = _apply_reflectors(input, tau, _eye_like(input, m, m))
        Q = Q.mH if transpose else Q
        return Q @ other if left else other @ Q
    return as_one_node(OrmqrBackward0, compose, (input, tau, other))


OrmqrBackward0 = one_node("OrmqrBackward0")


geqrf_type = return_types.make("geqrf", ("a", "tau"))


def geqrf(input):
    """LAPACK's geqrf: R above the diagonal and the Householder vectors below, with tau.
    No derivative (as PyTorch)."""
    if isinstance(input, Tensor) and input.ndim < 2:
        raise RuntimeError("ember.geqrf: input must have at least 2 dimensions.")
    _check_float_matrix("geqrf", input, "input")
    a, tau = _geqrf(input._data)
    outs = (wrap(a.astype(input._data.dtype, copy=False)),
            wrap(tau.astype(input._data.dtype, copy=False)))
    record(outs, GeqrfBackward0, (input,))
    return geqrf_type(*outs)


@_backend.host_only
def _geqrf(data):
    """LAPACK's geqrf on each matrix of a batch: (packed R and reflectors, tau)."""
    data = _compute_dtype(data)
    m, n = data.shape[-2:]
    batch = data.shape[:-2]
    a = np.empty_like(data)
    tau = np.zeros(batch + (min(m, n),), dtype=data.dtype)
    routine = _lapack("geqrf", data)
    for index in np.ndindex(batch):
        if m and n:
            a[index], tau[index] = routine(data[index])[:2]
    return a, tau


@grad_fn("GeqrfBackward0", num_outputs=2, complex_aware=True)
def GeqrfBackward0(ctx, grad_a, grad_tau):
    raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


ldl_factor_ex_type = return_types.make("linalg_ldl_factor_ex", ("LD", "pivots", "info"))
ldl_factor_type = return_types.make("linalg_ldl_factor", ("LD", "pivots"))


def ldl_factor_ex(input, *, hermitian=False, check_errors=False):
    """(LD, pivots, info): the Bunch-Kaufman factorisation A = L D L^T of a symmetric A
    (A = L D L^H of a Hermitian one when ``hermitian``; lower triangle read), in LAPACK's
    sytrf / hetrf layout. No derivative (as PyTorch)."""
    A = input  # torch's parser names
    _check_float_matrix("ember.linalg.ldl_factor_ex", A, square=True)
    LD, pivots, info = _sytrf(A._data, _ldl_routine("trf", A, hermitian))
    if check_errors and info.any():
        raise LA.LinAlgError(f"ember.linalg.ldl_factor_ex: The factorization could not be "
                             f"completed because the input is not invertible (info = "
                             f"{info.max()}).")
    out = wrap(LD.astype(A._data.dtype, copy=False))
    record(out, LdlNotImplemented, (A,))
    return ldl_factor_ex_type(out, wrap(pivots), wrap(info))


def _ldl_routine(step, A, hermitian):
    """LAPACK's name for an LDL step ("trf" or "trs"): the Hermitian form (he) for complex
    matrices when ``hermitian``, else the symmetric one (sy; the same for real matrices)."""
    return ("he" if hermitian and A._dtype.category == D._COMPLEX else "sy") + step


@_backend.host_only
def _sytrf(data, name="sytrf"):
    """LAPACK's sytrf or hetrf (``name``; lower triangle) on each matrix of a batch:
    (LD, pivots, info)."""
    data = _compute_dtype(data)
    n = data.shape[-1]
    batch = data.shape[:-2]
    LD = np.zeros_like(data)
    pivots = np.zeros(batch + (n,), dtype=np.int32)
    info = np.zeros(batch, dtype=np.int32)
    routine = _lapack(name, data)
    for index in np.ndindex(batch):
        if n:
            ld, pivots[index], info[index] = routine(data[index], lower=1)
            LD[index] = np.tril(ld)
    return LD, pivots, info


@grad_fn("NotImplemented")
def LdlNotImplemented(ctx, grad):
    raise RuntimeError("derivative for aten::linalg_ldl_factor_ex is not implemented")


LdlNotImplemented.name = lambda self: "ember::autograd::NotImplemented"


def ldl_factor(input, *, hermitian=False):
    """(LD, pivots) of ldl_factor_ex."""
    A = input  # torch's parser names
    LD, pivots, _ = ldl_factor_ex(A, hermitian=hermitian)
    return ldl_factor_type(LD, pivots)


def ldl_solve(LD, pivots, B, *, hermitian=False):
    """X with A X = B from A's LDL factorisation (ldl_factor's LD and pivots)."""
    _check_float_matrix("ember.linalg.ldl_solve", LD, "LD", square=True)
    _check_float_matrix("ember.linalg.ldl_solve", B, "B")
    out = wrap(_sytrs(LD._data, pivots._data, B._data, _ldl_routine("trs", LD, hermitian)))
    # no derivative (as PyTorch): a node that says so when backward reaches it, so that a
    # gradient through the solve is an error, not a silent zero
    record(out, LdlSolveNotImplemented, (LD, B))
    return out


@grad_fn("NotImplemented")
def LdlSolveNotImplemented(ctx, grad):
    raise RuntimeError("derivative for aten::linalg_ldl_solve is not implemented")


LdlSolveNotImplemented.name = lambda self: "ember::autograd::NotImplemented"


@_backend.host_only
def _sytrs(ld, piv, rhs, name="sytrs"):
    """LAPACK's sytrs or hetrs (``name``) on each (broadcast) matrix of a batch: X with
    A X = B."""
    n = ld.shape[-1]
    batch = np.broadcast_shapes(ld.shape[:-2], rhs.shape[:-2])
    ld = np.broadcast_to(ld, batch + (n, n))
    piv = np.broadcast_to(piv, batch + (n,))
    rhs = np.broadcast_to(rhs, batch + rhs.shape[-2:])
    result = np.empty(rhs.shape, dtype=np.result_type(ld, rhs))
    routine = _lapack(name, result)
    for index in np.ndindex(batch):
        if n and rhs.shape[-1]:
            result[index] = routine(ld[index], piv[index], rhs[index], lower=1)[0]
    return result


# --- randomised low-rank SVD and PCA ------------------------------------------------------------

def _approximate_basis(A, q, niter, M=None):
    """An orthonormal Q (m x q) whose range approximates A's, by subspace iteration from a
    Gaussian sketch (Halko, Martinsson and Tropp, 2011)."""
    from .creation import randn
    R = randn(A.shape[-1], q, dtype=A.dtype)
    X = A @ R if M is None else A @ R - M @ R
    Q = LA.qr(X).Q
    for _ in range(niter):
        X = A.mH @ Q if M is None else A.mH @ Q - M.mH @ Q
        Q = LA.qr(X).Q
        X = A @ Q if M is None else A @ Q - M @ Q
        Q = LA.qr(X).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    """(U, S, V) of a rank-q approximation of A (A - M when given): A ~ U diag(S) V^T."""
    q = 6 if q is None else q
    m, n = A.shape[-2:]
    if m < n:
        U, S, V = svd_lowrank(A.mH, q, niter, None if M is None else M.mH)
        return V, S, U
    Q = _approximate_basis(A, q, niter, M)
    B = Q.mH @ A if M is None else Q.mH @ A - Q.mH @ M
    U, S, Vh = LA.svd(B, full_matrices=False)
    return Q @ U, S, Vh.mH


def pca_lowrank(A, q=None, center=True, niter=2):
    """(U, S, V) of a rank-q PCA of A's rows: svd_lowrank of A minus its column means."""
    m, n = A.shape[-2:]
    q = min(6, m, n) if q is None else q
    if not 0 <= q <= min(m, n):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than "
                         f"min(m, n)={min(m, n)}")
    if niter < 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return svd_lowrank(A, q, niter)
    mean = A.mean(-2, keepdim=True)
    return svd_lowrank(A, q, niter, mean.expand(A.shape))


# --- top-level spellings, deprecated forms ------------------------------------------------------

def torch_lu(A, pivot=True, get_infos=False):
    """torch.lu: (LU, pivots) of lu_factor_ex, with the infos when get_infos."""
    _deprecated.warn_replaced_once("lu")
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    return (LU, pivots, info) if get_infos else (LU, pivots)


def torch_lu_solve(b, LU_data, LU_pivots):
    """torch.lu_solve: linalg.lu_solve with the right-hand side first."""
    _deprecated.warn_replaced_once("lu_solve")
    return lu_solve(LU_data, LU_pivots, b)


def _removed(name, replacement, advice):
    """A function PyTorch removed in 1.9: it raises torch's RuntimeError pointing to
    ``linalg.replacement``, with torch's advice on porting the call."""
    message = "This function was deprecated since version 1.9 and is now removed." + (
        advice if advice.startswith("\n") else " " + advice)

    def function(*args, **kwargs):
        raise RuntimeError(message)
    function.__name__ = name
    function.__doc__ = f"""Removed from PyTorch in 1.9: calling it raises RuntimeError.

    Use ``ember.linalg.{replacement}`` instead.

    Args:
        *args, **kwargs: ignored; the call raises.

    Returns:
        Nothing; it always raises.

    Example:
        >>> try:
        ...     ember.{name}(ember.eye(2))
        ... except RuntimeError as error:
        ...     print(str(error).split(" and is now")[0])
        This function was deprecated since version 1.9
    """
    return function


_EIG_ADVICE = ("`ember.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather "
               "than real tensors mimicking complex tensors.\n\nL, _ = ember.eig(A) should be "
               "replaced with:\nL_complex = ember.linalg.eigvals(A)\n\nand\n\nL, V = "
               "ember.eig(A, eigenvectors=True) should be replaced with:\nL_complex, V_complex = "
               "ember.linalg.eig(A)")
_SYMEIG_ADVICE = ("The default behavior has changed from using the upper triangular portion of "
                  "the matrix by default to using the lower triangular portion.\n\nL, _ = "
                  "ember.symeig(A, upper=upper) should be replaced with:\nL = "
                  "ember.linalg.eigvalsh(A, UPLO='U' if upper else 'L')\n\nand\n\nL, V = "
                  "ember.symeig(A, eigenvectors=True) should be replaced with:\nL, V = "
                  "ember.linalg.eigh(A, UPLO='U' if upper else 'L')")
_LSTSQ_ADVICE = ("`ember.lstsq` is deprecated in favor of `ember.linalg.lstsq`.\n"
                 "`ember.linalg.lstsq` has reversed arguments and does not return the QR "
                 "decomposition in the returned tuple (although it returns other information "
                 "about the problem).\n\nTo get the QR decomposition consider using "
                 "`ember.linalg.qr`.\n\nThe returned solution in `ember.lstsq` stored the "
                 "residuals of the solution in the last m - n columns of the returned value "
                 "whenever m > n. In ember.linalg.lstsq, the residuals are in the field "
                 "'residuals' of the returned named tuple.\n\nThe unpacking of the solution, as "
                 "in\nX, _ = ember.lstsq(B, A).solution[:A.size(1)]\nshould be replaced with:\n"
                 "X = ember.linalg.lstsq(A, B).solution")
_SOLVE_ADVICE = ("`ember.solve` is deprecated in favor of `ember.linalg.solve`. "
                 "`ember.linalg.solve` has its arguments reversed and does not return the LU "
                 "factorization.\n\nTo get the LU factorization see `ember.lu`, which can be "
                 "used with `ember.lu_solve` or `ember.lu_unpack`.\nX = ember.solve(B, A)."
                 "solution should be replaced with:\nX = ember.linalg.solve(A, B)")
_MATRIX_RANK_ADVICE = ("\nPlease use the `ember.linalg.matrix_rank` function instead. The "
                       "parameter 'symmetric' was renamed in `ember.linalg.matrix_rank()` to "
                       "'hermitian'.")


qr_deprecated_type = return_types.make("qr", ("Q", "R"))


def qr_deprecated(input, some=True, *, out=None):
    """The QR decomposition A = Q R, as ``linalg.qr`` with mode 'reduced' (or 'complete' when
    ``some`` is False); deprecated in PyTorch, which warns once.

    Args:
        input: a float or complex Tensor of matrices.
        some: the reduced decomposition (Q m x k, R k x n for k = min(m, n)) when True, else
            the complete one (Q m x m).

    Returns:
        A named tuple (Q, R).

    Example:
        >>> Q, R = ember.qr(ember.tensor([[3.0, 1.0], [4.0, 2.0]]))
        >>> R
        tensor([[-5.0000, -2.2000],
                [ 0.0000,  0.4000]])
    """
    warn_once("qr", "ember.qr is deprecated in favor of ember.linalg.qr and will be removed in a "
                    "future PyTorch release.\nThe boolean parameter 'some' has been replaced with "
                    "a string parameter 'mode'.\nQ, R = ember.qr(A, some)\nshould be replaced "
                    "with\nQ, R = ember.linalg.qr(A, 'reduced' if some else 'complete')")
    return qr_deprecated_type(*LA.qr(input, "reduced" if some else "complete"))



def torch_vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D x: column j holds x ** (N - 1 - j), or x ** j when
    ``increasing`` (N defaults to len(x)).

    Args:
        x: a 1-D Tensor.
        N: the number of columns.
        increasing: powers increasing from left to right.

    Returns:
        A (len(x), N) Tensor of x's dtype (int64 for bool and smaller integers).

    Example:
        >>> ember.vander(ember.tensor([1, 2, 3]))
        tensor([[1, 1, 1],
                [4, 2, 1],
                [9, 3, 1]])
    """
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    if x._dtype.category < D._FLOAT:
        x = x.to(D.int64)
    ones = wrap(np.ones_like(x._data, shape=x.shape + (min(n, 1),)))
    powers = x.unsqueeze(-1).expand(*x.shape, max(n - 1, 0)).cumprod(-1)
    result = cat([ones, powers], -1)
    return result if increasing else result.flip(-1)


FUNCTIONS = {
    "lu_unpack": lu_unpack, "cholesky_solve": cholesky_solve,
    "cholesky_inverse": cholesky_inverse, "triangular_solve": triangular_solve,
    "geqrf": geqrf, "orgqr": householder_product, "ormqr": ormqr, "lu": torch_lu,
    "lu_solve": torch_lu_solve, "matrix_exp": matrix_exp, "svd_lowrank": svd_lowrank,
    "pca_lowrank": pca_lowrank, "lstsq": _removed("lstsq", "lstsq", _LSTSQ_ADVICE),
    "solve": _removed("solve", "solve", _SOLVE_ADVICE), "qr": qr_deprecated,
    "eig": _removed("eig", "eig", _EIG_ADVICE), "vander": torch_vander,
    "symeig": _removed("symeig", "eigh", _SYMEIG_ADVICE),
    "matrix_rank": _removed("matrix_rank", "matrix_rank", _MATRIX_RANK_ADVICE),
}
METHODS = {
    "cholesky_solve": cholesky_solve, "cholesky_inverse": cholesky_inverse,
    "triangular_solve": triangular_solve, "geqrf": geqrf, "orgqr": householder_product,
    "ormqr": ormqr, "lu": torch_lu, "lu_solve": torch_lu_solve, "matrix_exp": matrix_exp,
    "lstsq": FUNCTIONS["lstsq"], "solve": FUNCTIONS["solve"], "qr": qr_deprecated,
    "eig": FUNCTIONS["eig"], "symeig": FUNCTIONS["symeig"],
}
LINALG = {
    "cond": cond, "diagonal": diagonal, "householder_product": householder_product,
    "ldl_factor": ldl_factor, "ldl_factor_ex": ldl_factor_ex, "ldl_solve": ldl_solve,
    "lu": lu, "lu_factor": lu_factor, "lu_factor_ex": lu_factor_ex, "lu_solve": lu_solve,
    "matrix_exp": matrix_exp, "solve_ex": solve_ex, "solve_triangular": solve_triangular,
    "tensorinv": tensorinv, "tensorsolve": tensorsolve, "vander": vander, "vecdot": vecdot,
}
