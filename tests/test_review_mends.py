"""Regressions a review of stop 25's change found, each compared with torch: half-precision
gradients through the Tensor-by-Scalar formulas, cross_entropy's ignored rows, warnings from
meta tensors, float8 names in errors, forward AD through the gamma sampler."""
import warnings

import numpy as np
import pytest
from conftest import TORCH, INSTALL, installed, requires_torch

import ember


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("number", [0.6931471805599453, 1 / 3, 2.7, -4.775])
def test_scalar_formulas_keep_the_number_in_float32_for_halves(dtype, number):
    # the derivative formulas' Tensor-by-Scalar product and quotient (erf, sinc, exp2, log2,
    # addmm's alpha...) are torch's t * number and t / number, bit for bit
    if dtype == "bfloat16" and not installed("ml_dtypes"):
        pytest.skip(INSTALL["ml_dtypes"])
    from ember.ops.elementwise import div_scalar, mul_scalar
    values = np.linspace(-3, 3, 61)
    ours = ember.tensor(values, dtype=getattr(ember, dtype))
    theirs = TORCH.tensor(values, dtype=getattr(TORCH, dtype))
    np.testing.assert_array_equal(mul_scalar(ours, number).float().cpu().numpy(),
                                  (theirs * number).float().cpu().numpy())
    np.testing.assert_array_equal(div_scalar(ours, number).float().cpu().numpy(),
                                  (theirs / number).float().cpu().numpy())


@requires_torch
def test_cross_entropy_ignores_a_row_of_minus_infinity():
    outs = []
    for lib in (ember, TORCH):
        x = lib.tensor([[-float("inf"), 0.0], [1.0, 2.0]], requires_grad=True)
        loss = lib.nn.functional.cross_entropy(x, lib.tensor([-100, 1]))
        loss.backward()
        outs.append((loss.item(), x.grad.cpu().numpy()))
    assert outs[0][0] == pytest.approx(outs[1][0], rel=1e-6)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-6)


def test_meta_norms_of_empty_inputs_do_not_warn():
    F = ember.nn.functional
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.group_norm(ember.empty(2, 4, 0, device="meta"), 2)
        F.batch_norm(ember.empty(0, 3, device="meta"), None, None, training=True)
        F.instance_norm(ember.empty(2, 3, 0, device="meta"))


@requires_torch
@pytest.mark.skipif(not installed("ml_dtypes"), reason=INSTALL["ml_dtypes"])
def test_float8_is_named_in_kernel_errors():
    errors = []
    for lib in (ember, TORCH):
        with pytest.raises(NotImplementedError) as error:
            lib.nn.functional.local_response_norm(lib.ones(1, 2, 3).to(lib.float8_e4m3fn), 2)
        errors.append(str(error.value))
    assert errors[0] == errors[1]


@requires_torch
def test_forward_ad_through_the_gamma_sampler_is_refused_as_torch():
    errors = []
    for lib in (ember, TORCH):
        fw = lib.autograd.forward_ad
        with fw.dual_level(), pytest.raises(NotImplementedError) as error:
            lib._standard_gamma(fw.make_dual(lib.tensor([1.5]), lib.tensor([1.0])))
        errors.append(str(error.value).splitlines()[0])
    assert errors[0] == errors[1]
