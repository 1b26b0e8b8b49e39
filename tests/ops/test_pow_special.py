"""pow with the exponents torch computes by multiplication, sqrt or division: bit-identical to
torch on float32 and float64, gradients checked in float64."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, check_gradients, rand64, requires_torch

import ember

EXPONENTS = [2, 3, 0.5, -0.5, -1, -2, 2.0, 3.0, 1, 0, 1.5, 4, -3]


def _base(lib, dtype, positive):
    data = np.random.default_rng(1).standard_normal(4096) * 3
    if positive:
        data = np.abs(data) + 1e-3
    return lib.tensor(data.astype(dtype))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("exponent", EXPONENTS)
def test_pow_matches_torch(exponent, dtype):
    positive = exponent in (0.5, -0.5, 1.5)
    ours = ember.pow(_base(ember, dtype, positive), exponent).cpu().numpy()
    theirs = TORCH.pow(_base(TORCH, dtype, positive), exponent).cpu().numpy()
    if exponent in (2, 3, -1, -2, 1, 0):
        # Products and quotients are correctly rounded everywhere: equal bit for bit.
        np.testing.assert_array_equal(ours, theirs)
    elif exponent in (0.5, -0.5):
        # torch's vectorised sqrt may be a 1-ulp approximation on some CPUs; NumPy's is exact.
        np.testing.assert_array_max_ulp(ours, theirs, maxulp=1)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=4 * np.finfo(dtype).eps)
    assert ours.dtype == theirs.dtype


@requires_torch
def test_pow_operator_and_method_take_the_same_path():
    x = _base(ember, "float32", False)
    t = _base(TORCH, "float32", False)
    np.testing.assert_array_equal((x ** 3).cpu().numpy(), (t ** 3).cpu().numpy())
    np.testing.assert_array_equal(x.pow(-1).cpu().numpy(), t.pow(-1).cpu().numpy())


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -0.5, -1, -2])
def test_pow_special_gradcheck(exponent):
    x = (rand64(3, 4).abs() + 0.5).detach().requires_grad_(True)
    check_gradients(lambda t: t.pow(exponent), x)


def test_integer_pow_keeps_integer_semantics():
    x = ember.tensor([2, -3, 4])
    assert (x ** 3).tolist() == [8, -27, 64]
    assert (x ** 2).dtype == ember.int64
