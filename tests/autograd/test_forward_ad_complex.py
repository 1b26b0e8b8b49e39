"""Forward mode on complex numbers: a tangent through holomorphic ops (mul, exp), ones that are
not (abs, angle, conj), and ops between real and complex (fft of a real signal, view_as_real,
polar) is the directional derivative along the tangent, checked by central differences, and
torch's jvp where torch is installed (ember's jvp raised on every one of them before)."""
import numpy as np
import pytest

import ember
from conftest import TORCH, requires_torch


def _np(tensor):
    return tensor.detach().cpu().numpy()


def _cases(lib):
    return {
        "fft_abs": (lambda x: lib.fft.fft(x).abs(), False),
        "fft": (lambda x: lib.fft.fft(x), False),
        "rfft_real": (lambda x: lib.fft.rfft(x).real, False),
        "irfft_of_rfft_sq": (lambda x: lib.fft.irfft(lib.fft.rfft(x) ** 2, n=5), False),
        "mul_by_complex": (lambda z: z * (1 + 2j), True),
        "abs": (lambda z: z.abs(), True),
        "exp": (lambda z: z.exp(), True),
        "view_as_real": (lambda z: lib.view_as_real(z * z), True),
        "polar": (lambda x: lib.polar(x.abs() + 1, x), False),
        "angle": (lambda z: z.angle(), True),
        "conj_times_z": (lambda z: (z.conj() * z).real, True),
        "matmul_sum": (lambda z: (z @ z.conj().unsqueeze(-1)).squeeze(-1) * z, True),
        "cholesky": (lambda z: lib.linalg.cholesky(
            z.unsqueeze(-1) * z.conj().unsqueeze(-2) + 6 * lib.eye(5)), True),
        "eigh_vectors": (lambda z: lib.linalg.eigh(
            z.unsqueeze(-1) * z.conj().unsqueeze(-2) + lib.diag(lib.arange(5.0)))[1].abs(),
            True),
    }


def _inputs(complex_input, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(5)
    t = rng.standard_normal(5)
    if complex_input:
        x = x + 1j * rng.standard_normal(5)
        t = t + 1j * rng.standard_normal(5)
    return x, t


@pytest.mark.parametrize("name", list(_cases(ember)))
def test_complex_tangents_are_directional_derivatives(name):
    f, complex_input = _cases(ember)[name]
    x, t = _inputs(complex_input)
    _, tangent = ember.func.jvp(f, (ember.tensor(x),), (ember.tensor(t),))
    eps = 1e-6
    numeric = (_np(f(ember.tensor(x + eps * t))) - _np(f(ember.tensor(x - eps * t)))) / (2 * eps)
    assert tangent.dtype == f(ember.tensor(x)).dtype
    np.testing.assert_allclose(_np(tangent), numeric, rtol=1e-6, atol=1e-7)


@requires_torch
@pytest.mark.parametrize("name", list(_cases(ember)))
def test_complex_jvp_matches_torch(name):
    x, t = _inputs(_cases(ember)[name][1], seed=1)
    ours = ember.func.jvp(_cases(ember)[name][0], (ember.tensor(x),), (ember.tensor(t),))[1]
    theirs = TORCH.func.jvp(_cases(TORCH)[name][0], (TORCH.tensor(x),), (TORCH.tensor(t),))[1]
    np.testing.assert_allclose(_np(ours), theirs.numpy(), rtol=1e-10, atol=1e-12)


@requires_torch
def test_complex_jacfwd_of_a_real_loss_matches_torch_and_jacrev():
    def loss(lib):
        return lambda x: (lib.fft.rfft(x).abs() ** 2).log1p().sum()
    x, _ = _inputs(False, seed=2)
    forward = ember.func.jacfwd(loss(ember))(ember.tensor(x))
    reverse = ember.func.jacrev(loss(ember))(ember.tensor(x))
    np.testing.assert_allclose(_np(forward), _np(reverse), rtol=1e-10, atol=1e-12)
    theirs = TORCH.func.jacfwd(loss(TORCH))(TORCH.tensor(x))
    np.testing.assert_allclose(_np(forward), theirs.numpy(), rtol=1e-10, atol=1e-12)
