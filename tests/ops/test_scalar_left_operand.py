"""A Python number on the left of a float64 tensor (``0.7 ** t``, ``0.7 % t``, ``10.7 // t``)
enters the computation at double precision, as torch's wrapped scalar does: it must not be
rounded to the default float32 first (0.7 ** 47 was 8e-7 off relatively, the error of 0.7 in
float32 times 47)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, check_gradients, requires_torch

import ember

EXPONENTS = [3.0, 47.0, 0.3, -2.5, 0.0]

CASES = {
    "rpow": lambda lib, t: 0.7 ** t,
    "pow": lambda lib, t: lib.pow(0.7, t),
    "float_power": lambda lib, t: lib.float_power(0.7, t),
    "rmod": lambda lib, t: 0.7 % t,
    "remainder": lambda lib, t: lib.remainder(0.7, t),
    "rfloordiv": lambda lib, t: 10.7 // t,
    # 2.9999999999 is 3.0 in float32: the floor of the quotient and the remainder move
    "rfloordiv_edge": lambda lib, t: 2.9999999999 // t,
    "floor_divide_edge": lambda lib, t: lib.floor_divide(2.9999999999, t),
    "rmod_edge": lambda lib, t: 2.9999999999 % t,
    "complex_rpow": lambda lib, t: (0.7 + 0.2j) ** t,
}


def _values(lib, name):
    return CASES[name](lib, lib.tensor(EXPONENTS, dtype=lib.float64)).cpu().numpy()


@pytest.mark.parametrize("name", sorted(CASES))
def test_scalar_left_operand_keeps_double_precision(name):
    t = ember.tensor(EXPONENTS, dtype=ember.float64)
    got = CASES[name](ember, t).cpu().numpy()
    # the same computation in NumPy with the scalar as a Python (double) number
    with np.errstate(divide="ignore", invalid="ignore"):  # the divisor 0 gives nan
        ref = CASES[name](np, np.asarray(EXPONENTS, dtype=np.float64))
    if name.startswith(("rmod", "remainder")):
        ref = np.where(ref == 0, np.copysign(ref, 0.7), ref)
    assert got.dtype == ref.dtype
    np.testing.assert_allclose(got, ref, rtol=4 * np.finfo(np.float64).eps, atol=0)


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_scalar_left_operand_matches_torch(name):
    ours, theirs = _values(ember, name), _values(TORCH, name)
    assert ours.dtype == theirs.dtype
    # complex pow goes through log and exp, computed in another order than torch's: a few
    # ulps apart at 47 (the float32-rounded base was 1e-8 off)
    rtol = 1e-14 if name.startswith("complex") else 4 * np.finfo(np.float64).eps
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=0)


@requires_torch
def test_default_dtype_float64_and_float32_results():
    # float32 tensors keep a float32 result; under a float64 default an integer tensor's
    # result is float64 and takes the scalar at double precision
    for lib in (ember, TORCH):
        previous = lib.get_default_dtype()
        lib.set_default_dtype(lib.float64)
        try:
            wide = (0.7 ** lib.arange(40, 48)).cpu().numpy()
        finally:
            lib.set_default_dtype(previous)
        narrow = (0.7 ** lib.arange(40.0, 48.0)).cpu().numpy()
        if lib is ember:
            ours = wide, narrow
        else:
            theirs = wide, narrow
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=4 * np.finfo(a.dtype).eps, atol=0)


def test_scalar_base_pow_gradcheck():
    exponent = ember.tensor([0.5, 3.0, -1.2, 47.0], dtype=ember.float64, requires_grad=True)
    check_gradients(lambda e: 0.7 ** e, exponent)
    check_gradients(lambda e: ember.pow(2.5, e), exponent)
