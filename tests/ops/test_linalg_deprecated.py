"""torch's older linear-algebra spellings: the deprecated ones warn once and compute, the removed
ones raise torch's RuntimeError with its porting advice; plus vander, nuclear_norm,
frobenius_norm and conj_physical_ against torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires_torch

import ember
from ember import _deprecated

A = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]

REMOVED = {
    "eig": lambda t: t.eig(t.tensor(A)),
    "symeig": lambda t: t.symeig(t.tensor(A)),
    "matrix_rank": lambda t: t.matrix_rank(t.tensor(A)),
    "lstsq": lambda t: t.lstsq(t.tensor(A), t.tensor(A)),
    "solve": lambda t: t.solve(t.tensor(A), t.tensor(A)),
    "Tensor.eig": lambda t: t.tensor(A).eig(),
    "Tensor.symeig": lambda t: t.tensor(A).symeig(eigenvectors=True),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(REMOVED))
def test_removed_functions_raise_torchs_advice(name):
    with pytest.raises(RuntimeError) as theirs:
        REMOVED[name](TORCH)
    with pytest.raises(RuntimeError) as ours:
        REMOVED[name](ember)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


SAME = {
    "qr": lambda t: t.qr(t.tensor(A)),
    "qr complete": lambda t: t.qr(t.tensor(A), some=False),
    "Tensor.qr": lambda t: t.tensor(A).qr(),
    "vander": lambda t: t.vander(t.tensor([1, 2, 3])),
    "vander increasing": lambda t: t.vander(t.tensor([1.0, -2.0, 0.5]), N=4, increasing=True),
    "vander N=0": lambda t: t.vander(t.tensor([1.0, 2.0]), N=0),
    "vander N=1": lambda t: t.vander(t.tensor([1.0, 2.0]), N=1),
    "vander bool": lambda t: t.vander(t.tensor([True, False])),
    "vander int32": lambda t: t.vander(t.tensor([1, 2], dtype=t.int32)),
    "frobenius_norm": lambda t: t.frobenius_norm(t.tensor(A), dim=(0, 1), keepdim=True),
    "frobenius_norm one dim": lambda t: t.frobenius_norm(t.tensor(A), (1,)),
    "nuclear_norm": lambda t: t.nuclear_norm(t.tensor(A)),
    "nuclear_norm dim": lambda t: t.nuclear_norm(t.tensor([A, A]), (1, 2), True),
    "nuclear_norm keepdim": lambda t: t.nuclear_norm(t.tensor(A), True),
    "nuclear_norm complex": lambda t: t.nuclear_norm(t.tensor([[1 + 1j, 2], [0, 1j]])),
    "conj_physical_": lambda t: t.tensor([1 + 2j, -3j]).conj_physical_(),
    "conj_physical_ real": lambda t: t.conj_physical_(t.tensor([1.0, -2.0])),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SAME))
def test_values_match_torch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_close(SAME[name](ember), SAME[name](TORCH), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("fn, text", [
    (lambda: ember.qr(ember.eye(2)), "ember.qr is deprecated in favor of ember.linalg.qr"),
    (lambda: ember.nuclear_norm(ember.eye(2)), "at::nuclear_norm is deprecated"),
    (lambda: ember.frobenius_norm(ember.eye(2), (0, 1)), "at::frobenius_norm is deprecated"),
])
def test_deprecated_spellings_warn_once(fn, text, monkeypatch):
    monkeypatch.setattr(_deprecated, "_warned", set())  # as in a fresh process
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
        fn()
    assert [str(w.message)[:len(text)] for w in caught] == [text]
    assert caught[0].category is UserWarning
    assert caught[0].filename == __file__  # the user's line, as torch's, not a wrapper's


def test_vander_errors():
    with pytest.raises(RuntimeError, match="x must be a one-dimensional tensor."):
        ember.vander(ember.ones(2, 2))
    with pytest.raises(RuntimeError, match="N must be non-negative."):
        ember.vander(ember.ones(2), N=-1)


def test_vander_gradient():
    x = ember.tensor([0.5, -1.5, 2.0], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda v: ember.vander(v, N=4), (x,))


@requires_torch
def test_conj_physical_in_place_gradient_matches_torch():
    grads, names = [], []
    for lib in (ember, TORCH):
        x = lib.tensor([1 + 1j, -2 + 0.5j], requires_grad=True)
        y = x * (2 - 1j)
        y.conj_physical_()
        names.append(y.grad_fn.name())
        (y * lib.tensor([1 + 2j, 3 - 1j])).real.sum().backward()
        grads.append(np.asarray(x.grad.detach().cpu().numpy()))
    assert names == ["ConjPhysicalBackward1"] * 2
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12)
