"""linalg.eig / eigvals against torch: complex results, gradients (torch's formula), errors."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, assert_close, compare_with_torch, requires_torch

import ember


def matrix(*shape, kind="real", seed=0):
    rng = np.random.default_rng(seed)
    arr = rng.standard_normal(shape)
    if kind == "complex":
        arr = arr + 1j * rng.standard_normal(shape)
        return ember.tensor(arr, dtype=ember.complex128, requires_grad=True)
    return ember.tensor(arr, dtype=ember.float64, requires_grad=True)


# Losses that do not depend on the eigenvectors' arbitrary phase (|V| and L).
LOSSES = {
    "values": lambda m, A: m.linalg.eigvals(A),
    "eig_values": lambda m, A: m.linalg.eig(A)[0] * (1 + 2j),
    "eig_both": lambda m, A: _both(*m.linalg.eig(A)),
}


def _both(L, V):
    return L.abs() + (V.abs() ** 2).sum(-2)


@requires_torch
@pytest.mark.parametrize("kind,shape", [("real", (3, 3)), ("complex", (3, 3)),
                                        ("real", (2, 4, 4)), ("complex", (2, 2, 2))])
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_values_and_gradients_match_torch(loss, kind, shape):
    compare_with_torch(LOSSES[loss], matrix(*shape, kind=kind), rtol=1e-8, atol=1e-8)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_outputs_match_torch(dtype):
    A = ember.tensor(np.random.default_rng(1).standard_normal((4, 4)),
                     dtype=getattr(ember, dtype))
    tol = 1e-4 if dtype in ("float32", "complex64") else 1e-10
    L, V = ember.linalg.eig(A)
    tL, tV = TORCH.linalg.eig(TORCH.from_numpy(A.cpu().numpy()))
    assert_close(L, tL, rtol=tol, atol=tol)
    # Each eigenvector is defined up to a unit factor (LAPACK builds differ in the sign for
    # float32): compare them with the first entry's phase divided out.
    ours, theirs = V.cpu().numpy(), tV.cpu().numpy()
    assert V.dtype is getattr(ember, str(tV.dtype).replace("torch.", ""))
    np.testing.assert_allclose(ours / np.exp(1j * np.angle(ours[:1])),
                               theirs / np.exp(1j * np.angle(theirs[:1])), rtol=tol, atol=tol)
    assert_close(ember.linalg.eigvals(A), TORCH.linalg.eigvals(TORCH.from_numpy(A.cpu().numpy())),
                 rtol=tol, atol=tol)


@pytest.mark.parametrize("kind", ["real", "complex"])
def test_gradcheck(kind):
    A = matrix(3, 3, kind=kind, seed=4)
    assert ember.autograd.gradcheck(lambda a: ember.linalg.eigvals(a), (A,))
    assert ember.autograd.gradcheck(
        lambda a: _values_and_magnitudes(*ember.linalg.eig(a)), (A,))


def _values_and_magnitudes(L, V):
    return L, V.abs()


@requires_torch
@pytest.mark.parametrize("expr", ["F.eig(m.ones(2, 3))", "F.eig(m.ones(2, 2, dtype=m.int64))",
                                  "F.eigvals(m.ones(3))",
                                  "F.eig(m.tensor([[1.0, float('nan')], [0.0, 1.0]]))"])
def test_errors_match_torch(expr):
    with pytest.raises(Exception) as theirs:
        eval(expr, {"F": TORCH.linalg, "m": TORCH})
    with pytest.raises(type(theirs.value)) as ours:
        eval(expr, {"F": ember.linalg, "m": ember})
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
def test_phase_dependent_loss_raises_like_torch():
    def run(m):
        A = m.tensor([[2.0, 1.0], [0.5, 3.0]], dtype=m.float64, requires_grad=True)
        m.linalg.eig(A)[1].imag.sum().backward()
    with pytest.raises(RuntimeError) as theirs:
        run(TORCH)
    with pytest.raises(RuntimeError) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


@requires_torch
def test_empty_and_grad_fn_name():
    A = ember.ones(0, 0)
    assert ember.linalg.eigvals(A).dtype is ember.complex64
    L, _ = ember.linalg.eig(matrix(2, 2))
    assert L.grad_fn.name() == TORCH.linalg.eig(TORCH.ones(2, 2, requires_grad=True))[0] \
        .grad_fn.name()


def test_eigvals_second_derivatives_gradgradcheck():
    # eigvals keeps its eigenvectors as constants for a first derivative; one built with
    # create_graph takes them again with a graph, so second derivatives see them move with A.
    rng = np.random.default_rng(4)
    a = ember.tensor(rng.standard_normal((3, 3)), dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda m: ember.view_as_real(ember.linalg.eigvals(m)),
                                        (a,))


@requires_torch
def test_eigvals_second_derivative_matches_torch():
    rng = np.random.default_rng(5)
    data = rng.standard_normal((3, 3))

    def second(lib):
        a = lib.tensor(data, dtype=lib.float64, requires_grad=True)
        values = lib.linalg.eigvals(a)
        (g,) = lib.autograd.grad(values.real.sum() + values.imag.pow(2).sum(), a,
                                 create_graph=True)
        return lib.autograd.grad(g.pow(2).sum(), a)[0]
    np.testing.assert_allclose(second(ember).cpu().numpy(), second(TORCH).numpy(), rtol=1e-9,
                               atol=1e-12)
