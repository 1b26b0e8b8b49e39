"""Complex inputs through linalg: each gradient is torch's, or ember refuses; never a wrong one.

The derivatives of the decompositions (qr, svd, eigh, cholesky, pinv, lstsq, the lu family...)
are written for real matrices; for complex ones they raise NotImplementedError until they are
written in PyTorch's convention (conjugate Wirtinger derivative).
"""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember


def _cases(t):
    L = t.linalg

    def square(g):
        return t.randn(3, 3, dtype=t.complex128, generator=g)

    def hermitian(g):
        h = square(g)
        return h + h.mH

    def positive(g):
        b = square(g)
        return b @ b.mH + 3 * t.eye(3, dtype=t.complex128)

    def tall(g):
        return t.randn(4, 3, dtype=t.complex128, generator=g)

    ones3 = t.ones(3, dtype=t.complex128)
    return {
        "qr": (tall, lambda a: sum(x.abs().sum() for x in L.qr(a))),
        "svd": (square, lambda a: L.svd(a)[1].sum()),
        "svdvals": (square, lambda a: L.svdvals(a).sum()),
        "eigh": (hermitian, lambda a: L.eigh(a)[0].pow(2).sum()),
        "eigvalsh": (hermitian, lambda a: L.eigvalsh(a).pow(2).sum()),
        "cholesky": (positive, lambda a: L.cholesky(a).abs().sum()),
        "pinv": (tall, lambda a: L.pinv(a).abs().sum()),
        "lstsq": (tall, lambda a: L.lstsq(a, t.ones(4, 1, dtype=t.complex128)).solution
                  .abs().sum()),
        "det": (square, lambda a: L.det(a).abs()),
        "slogdet": (square, lambda a: L.slogdet(a)[1]),
        "inv": (square, lambda a: L.inv(a).abs().sum()),
        "solve": (square, lambda a: L.solve(a, ones3).abs().sum()),
        "norm": (square, lambda a: L.norm(a)),
        "eigvals": (square, lambda a: L.eigvals(a).abs().sum()),
    }


def _grad(t, name):
    make, loss = _cases(t)[name]
    a = make(t.Generator().manual_seed(1)).requires_grad_()
    loss(a).backward()
    return a.grad


@requires_torch
@pytest.mark.parametrize("name", sorted(_cases(ember)))
def test_complex_gradient_is_torchs_or_refused(name):
    expected = _grad(TORCH, name)
    try:
        ours = _grad(ember, name)
    except NotImplementedError as exc:
        assert "complex" in str(exc)
        return
    assert ours.dtype == ember.complex128
    assert (abs(ours.numpy() - expected.numpy()) < 1e-9).all(), name


def test_refusal_names_the_derivative():
    a = ember.randn(3, 3, dtype=ember.complex128, requires_grad=True)
    q, r = ember.linalg.qr(a)
    with pytest.raises(NotImplementedError, match="LinalgQrBackward0 for complex inputs"):
        (q.abs().sum() + r.abs().sum()).backward()


def test_real_inputs_still_differentiate():
    a = ember.randn(4, 3, dtype=ember.float64, requires_grad=True)
    q, r = ember.linalg.qr(a)
    (q.sum() + r.sum()).backward()
    assert a.grad.shape == (4, 3)
