"""Complex gradients of the decompositions, inverses and solves, in PyTorch's convention.

The gradient of a real loss of a complex matrix is the conjugate Wirtinger derivative (its real
and imaginary parts are dL/dRe and dL/dIm). Each case is a smooth real loss of a general complex
matrix X, which builds the structured input the op needs (Hermitian, positive definite,
triangular) with ember ops, so that gradcheck can perturb X freely; losses of singular vectors
and eigenvectors do not depend on their phases (|U|^2, U V^H), as torch requires. Each gradient
is gradchecked in complex128 and compared with torch's.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember


def _weights(t, x):
    """Fixed weights 1..n over x's elements, so that no loss is symmetric by accident."""
    return t.arange(1, x.numel() + 1, dtype=t.float64).reshape(x.shape) / x.numel()


def _sq(t, x):
    """sum(w |x|^2): a smooth real loss of a complex (or real) tensor."""
    return (x.abs() ** 2 * _weights(t, x)).sum()


def _hermitian(t, x):
    return x + x.mH


def _positive(t, x):
    return x @ x.mH + 3 * t.eye(x.shape[-1], dtype=x.dtype)


def _factor(t, x):
    """A Cholesky factor: lower triangular with a real positive diagonal."""
    return x.tril(-1) + 2 * t.eye(x.shape[-1], dtype=x.dtype)


def _rhs(t, *shape, like=None):
    """A fixed right-hand side: complex, or real when ``like`` is a real tensor."""
    rng = np.random.default_rng(7)
    values = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return t.tensor(values if like is None or like.is_complex() else values.real)


def _svd_loss(t, x, full_matrices=False):
    U, S, Vh = t.linalg.svd(x, full_matrices=full_matrices)
    k = S.shape[-1]
    # U V^H and |U|^2 do not change when a singular pair is multiplied by e^{i phi}.
    return _sq(t, U[..., :, :k] @ Vh[..., :k, :]) + _sq(t, U) + _sq(t, Vh) + (S ** 3).sum()


def _eigh_loss(t, x, uplo="L"):
    L, V = t.linalg.eigh(_hermitian(t, x), UPLO=uplo)
    return _sq(t, V) + (L ** 3 * _weights(t, L)).sum()


def _lu_solve_loss(t, x, left, adjoint):
    LU, pivots = t.linalg.lu_factor(x)
    B = _rhs(t, 3, 2, like=x) if left else _rhs(t, 2, 3, like=x)
    return _sq(t, t.linalg.lu_solve(LU, pivots, B, left=left, adjoint=adjoint))


def _triangular_loss(t, x, upper, left, unit):
    A = x + 3 * t.eye(3, dtype=x.dtype)
    B = _rhs(t, 3, 2) if left else _rhs(t, 2, 3)
    return _sq(t, t.linalg.solve_triangular(A, B, upper=upper, left=left, unitriangular=unit))


def _slogdet_loss(t, x):
    sign, logabs = t.linalg.slogdet(x)
    return (sign * (0.3 + 0.7j)).real + logabs


CASES = {
    "qr tall": ((4, 3), lambda t, x: sum(_sq(t, f) for f in t.linalg.qr(x))),
    "qr square": ((3, 3), lambda t, x: sum(_sq(t, f) for f in t.linalg.qr(x))),
    "qr wide": ((2, 4), lambda t, x: sum(_sq(t, f) for f in t.linalg.qr(x))),
    "qr complete wide": ((2, 4), lambda t, x: sum(_sq(t, f) for f in
                                                  t.linalg.qr(x, mode="complete"))),
    "qr batched": ((2, 4, 3), lambda t, x: sum(_sq(t, f) for f in t.linalg.qr(x))),
    "svd tall": ((4, 3), _svd_loss),
    "svd wide": ((3, 4), _svd_loss),
    "svd square full": ((3, 3), lambda t, x: _svd_loss(t, x, True)),
    "svd batched": ((2, 3, 3), _svd_loss),
    "svdvals": ((4, 3), lambda t, x: (t.linalg.svdvals(x) ** 3).sum()),
    "eigh L": ((4, 4), _eigh_loss),
    "eigh U": ((4, 4), lambda t, x: _eigh_loss(t, x, "U")),
    "eigvalsh": ((4, 4), lambda t, x: (t.linalg.eigvalsh(_hermitian(t, x)) ** 3).sum()),
    "cholesky": ((3, 3), lambda t, x: _sq(t, t.linalg.cholesky(_positive(t, x)))),
    "cholesky upper": ((3, 3), lambda t, x: _sq(t, t.linalg.cholesky(_positive(t, x),
                                                                     upper=True))),
    "cholesky_ex": ((3, 3), lambda t, x: _sq(t, t.linalg.cholesky_ex(_positive(t, x)).L)),
    "pinv tall": ((4, 3), lambda t, x: _sq(t, t.linalg.pinv(x))),
    "pinv wide": ((3, 4), lambda t, x: _sq(t, t.linalg.pinv(x))),
    "lstsq": ((4, 3), lambda t, x: _sq(t, t.linalg.lstsq(x, _rhs(t, 4, 2)).solution)),
    "lstsq vector": ((4, 3), lambda t, x: _sq(t, t.linalg.lstsq(x, _rhs(t, 4)).solution)),
    "lu": ((3, 3), lambda t, x: sum(_sq(t, f) for f in t.linalg.lu(x)[1:])),
    "lu tall": ((4, 3), lambda t, x: sum(_sq(t, f) for f in t.linalg.lu(x)[1:])),
    "lu wide": ((3, 5), lambda t, x: sum(_sq(t, f) for f in t.linalg.lu(x)[1:])),
    "lu_factor": ((3, 3), lambda t, x: _sq(t, t.linalg.lu_factor(x).LU)),
    "lu_unpack": ((3, 3), lambda t, x: sum(_sq(t, f) for f in
                                           t.lu_unpack(*t.linalg.lu_factor(x))[1:])),
    "lu_solve": ((3, 3), lambda t, x: _lu_solve_loss(t, x, True, False)),
    "lu_solve adjoint": ((3, 3), lambda t, x: _lu_solve_loss(t, x, True, True)),
    "lu_solve right": ((3, 3), lambda t, x: _lu_solve_loss(t, x, False, False)),
    "lu_solve right adjoint": ((3, 3), lambda t, x: _lu_solve_loss(t, x, False, True)),
    "solve_triangular upper": ((3, 3), lambda t, x: _triangular_loss(t, x, True, True, False)),
    "solve_triangular lower right": ((3, 3), lambda t, x: _triangular_loss(t, x, False, False,
                                                                           False)),
    "solve_triangular unit": ((3, 3), lambda t, x: _triangular_loss(t, x, False, True, True)),
    "cholesky_solve": ((3, 3), lambda t, x: _sq(t, t.cholesky_solve(_rhs(t, 3, 2),
                                                                    _factor(t, x)))),
    "cholesky_solve upper": ((3, 3), lambda t, x: _sq(t, t.cholesky_solve(
        _rhs(t, 3, 2), _factor(t, x).mH, upper=True))),
    "cholesky_inverse": ((3, 3), lambda t, x: _sq(t, t.cholesky_inverse(_factor(t, x)))),
    "cholesky_inverse upper": ((3, 3), lambda t, x: _sq(t, t.cholesky_inverse(
        _factor(t, x).mH, upper=True))),
    "matrix_exp": ((3, 3), lambda t, x: _sq(t, t.linalg.matrix_exp(x))),
    "householder_product": ((4, 3), lambda t, x: _sq(t, t.linalg.householder_product(
        x, _rhs(t, 2)))),
    "inv": ((3, 3), lambda t, x: _sq(t, t.linalg.inv(x))),
    "det": ((3, 3), lambda t, x: (t.linalg.det(x) * (0.3 - 0.2j)).real),
    "solve": ((3, 3), lambda t, x: _sq(t, t.linalg.solve(x, _rhs(t, 3, 2)))),
    "solve right": ((3, 3), lambda t, x: _sq(t, t.linalg.solve(x, _rhs(t, 2, 3), left=False))),
    "slogdet": ((3, 3), _slogdet_loss),
    "logdet": ((3, 3), lambda t, x: (t.logdet(x) * (0.5 + 2j)).real),
    "cond": ((3, 3), lambda t, x: t.linalg.cond(x)),
    "nuclear norm": ((3, 4), lambda t, x: t.linalg.matrix_norm(x, "nuc")),
    "spectral norm": ((3, 4), lambda t, x: t.linalg.matrix_norm(x, 2)),
}


def _input(t, shape, seed=1):
    rng = np.random.default_rng(seed)
    return t.tensor(rng.standard_normal(shape) + 1j * rng.standard_normal(shape),
                    requires_grad=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_complex_gradcheck(name):
    shape, loss = CASES[name]
    x = _input(ember, shape)
    assert ember.autograd.gradcheck(lambda a: loss(ember, a), (x,))


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_complex_gradient_matches_torch(name):
    shape, loss = CASES[name]
    ours, theirs = _input(ember, shape), _input(TORCH, shape)
    loss(ember, ours).backward()
    loss(TORCH, theirs).backward()
    assert ours.grad.dtype == ember.complex128
    # LAPACK's rounding differs between CPUs; the gradients agree to float64 accuracy times
    # the conditioning of these small well-conditioned matrices.
    np.testing.assert_allclose(ours.grad.cpu().numpy(), theirs.grad.cpu().numpy(), rtol=1e-8,
                               atol=1e-10)


@pytest.mark.parametrize("name", ["svd tall", "eigh L", "qr tall", "cholesky", "inv",
                                  "lu_solve adjoint"])
def test_complex_second_derivatives(name):
    shape, loss = CASES[name]
    x = _input(ember, shape)
    assert ember.autograd.gradgradcheck(lambda a: loss(ember, a), (x,))


def test_svd_loss_that_depends_on_the_phase_is_refused():
    x = _input(ember, (3, 3))
    with pytest.raises(RuntimeError, match=r"svd_backward: The singular vectors in the complex "
                                           r"case are specified up to multiplication by e\^\{i "
                                           r"phi\}"):
        ember.linalg.svd(x)[0].real.sum().backward()


def test_eigh_loss_that_depends_on_the_phase_is_refused():
    x = _input(ember, (3, 3))
    with pytest.raises(RuntimeError, match="linalg_eigh_backward: The eigenvectors in the "
                                           "complex case are specified up to multiplication"):
        ember.linalg.eigh(x + x.mH)[1].real.sum().backward()


def test_qr_mode_r_is_not_differentiable():
    x = _input(ember, (3, 3))
    with pytest.raises(RuntimeError, match="The derivative of linalg.qr depends on Q"):
        ember.linalg.qr(x, mode="r").R.abs().sum().backward()


def test_qr_complete_tall_is_not_differentiable():
    x = _input(ember, (4, 3))
    with pytest.raises(RuntimeError, match="not differentiable when mode='complete' and nrows "
                                           "> ncols"):
        _sq(ember, ember.linalg.qr(x, mode="complete").Q).backward()


@pytest.mark.parametrize("name", ["qr wide", "svd wide", "eigh L", "cholesky upper", "lu wide",
                                  "lu_solve right adjoint", "pinv wide", "slogdet"])
def test_real_inputs_keep_real_gradients(name):
    shape, loss = CASES[name]
    x = ember.tensor(np.random.default_rng(3).standard_normal(shape), requires_grad=True)
    assert ember.autograd.gradcheck(lambda a: loss(ember, a), (x,))
    loss(ember, x).backward()
    assert x.grad.dtype == ember.float64
