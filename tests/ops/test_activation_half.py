"""float16/bfloat16 activations, softmax and layer_norm compute in float32 and round once.

NumPy's half-precision ufuncs round after every step, so gelu's x * Phi(x) or layer_norm's
centring and scaling, done step by step in 16 bits, rounded their results several times and
drifted from PyTorch by units of the last place (enough to change a bfloat16 autocast training
run's losses in the fourth digit). PyTorch's CPU kernels load half-precision values into float32
and round the result once; these tests pin that: the half result equals the float32 result
rounded to the half dtype exactly, forward and backward, and agrees with torch.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, installed, requires_torch

import ember

CASES = {
    "gelu": lambda m, t: m.nn.functional.gelu(t),
    "gelu_tanh": lambda m, t: m.nn.functional.gelu(t, approximate="tanh"),
    "silu": lambda m, t: m.nn.functional.silu(t),
    "mish": lambda m, t: m.nn.functional.mish(t),
    "elu": lambda m, t: m.nn.functional.elu(t, 0.7),
    "selu": lambda m, t: m.nn.functional.selu(t),
    "softplus": lambda m, t: m.nn.functional.softplus(t, beta=2.0),
    "hardswish": lambda m, t: m.nn.functional.hardswish(t),
    "softmax": lambda m, t: m.softmax(t, dim=-1),
    "log_softmax": lambda m, t: m.log_softmax(t, dim=-1),
    "layer_norm": lambda m, t: m.nn.functional.layer_norm(t, (t.shape[-1],)),
    # Affine parameters that float16 and bfloat16 hold exactly (multiples of 1/32 up to 1.5).
    "layer_norm_affine": lambda m, t: m.nn.functional.layer_norm(
        t, (t.shape[-1],), (m.arange(t.shape[-1]) % 33 + 16).to(t.dtype) / 32,
        (m.arange(t.shape[-1]) - 20).to(t.dtype) / 32),
}
# softmax and log_softmax differentiate through their rounded output (as torch's do), so their
# half gradient is not the float32 one rounded.
FROM_OUTPUT = {"softmax", "log_softmax"}
# layer_norm's backward reads the mean and rstd its forward kept in the input's half dtype
# (torch's native_layer_norm returns them so beside parameters of that dtype or none).
HALF_STATISTICS = {"layer_norm", "layer_norm_affine"}
DTYPES = ["float16"] + (["bfloat16"] if installed("ml_dtypes") else [])
_X = (np.random.default_rng(0).standard_normal((6, 40)) * 2).astype(np.float32)
_G = np.random.default_rng(1).standard_normal((6, 40)).astype(np.float32)


def _run(name, dtype, compute):
    """The op's output and input gradient for half-precision data, computed in ``compute``."""
    half = getattr(ember, dtype)
    x = ember.tensor(_X).to(half).to(compute).requires_grad_(True)
    out = CASES[name](ember, x)
    out.backward(ember.tensor(_G).to(half).to(compute))
    return out.detach().to(half), x.grad.to(half)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_half_result_is_the_float32_result_rounded_once(name, dtype):
    out, grad = _run(name, dtype, getattr(ember, dtype))
    out32, grad32 = _run(name, dtype, ember.float32)
    assert out.dtype is getattr(ember, dtype) and grad.dtype is getattr(ember, dtype)
    np.testing.assert_array_equal(out.float().cpu().numpy(), out32.float().cpu().numpy())
    if name not in FROM_OUTPUT | HALF_STATISTICS:
        np.testing.assert_array_equal(grad.float().cpu().numpy(), grad32.float().cpu().numpy())


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_half_activations_match_torch(name, dtype):
    out, grad = _run(name, dtype, getattr(ember, dtype))
    x = TORCH.from_numpy(_X).to(getattr(TORCH, dtype)).requires_grad_(True)
    expected = CASES[name](TORCH, x)
    expected.backward(TORCH.from_numpy(_G).to(x.dtype))
    # One unit in the last place of an O(1) value: torch's float32 steps inside the kernels
    # (its vectorised exp and erf, its variance algorithm) differ from NumPy's by rounding, which
    # moves a few results across a half-precision rounding boundary.
    ulp = 2.0 ** -7 if dtype == "bfloat16" else 2.0 ** -10
    pairs = [(out, expected.detach())]
    if not (name == "log_softmax" and dtype == "bfloat16"):
        # (log_softmax's gradient reads its rounded output, so a one-unit difference in an
        # output of magnitude near 8 becomes a few percent in exp(out); the test below pins
        # ember's rule to the formula torch's kernel evaluates.)
        pairs.append((grad, x.grad))
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.float().cpu().numpy(), theirs.float().cpu().numpy(),
                                   rtol=ulp,
                                   atol=ulp)


@requires_torch
def test_mixed_layer_norm_keeps_each_dtype():
    """Under autocast a bfloat16 activation meets float32 affine parameters: the output stays
    in the input's dtype and each gradient in its own input's."""
    x = ember.tensor(_X).to(ember.float16).requires_grad_(True)
    weight = ember.ones(40, requires_grad=True)
    bias = ember.zeros(40, requires_grad=True)
    out = ember.nn.functional.layer_norm(x, (40,), weight, bias)
    out.backward(ember.tensor(_G).to(ember.float16))
    assert out.dtype is ember.float16 and x.grad.dtype is ember.float16
    assert weight.grad.dtype is ember.float32 and bias.grad.dtype is ember.float32
    np.testing.assert_allclose(bias.grad.cpu().numpy(),
                               _G.astype(np.float16).astype(np.float32).sum(0),
                               rtol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(FROM_OUTPUT))
def test_softmax_gradients_come_from_the_rounded_output_in_float32(name, dtype):
    """softmax: out * (g - sum(g * out)); log_softmax: g - exp(out) * sum(g), with the half
    output and gradient read as float32 and the result rounded once."""
    out, grad = _run(name, dtype, getattr(ember, dtype))
    y = out.float().cpu().numpy().astype(np.float64)
    g = ember.tensor(_G).to(getattr(ember, dtype)).double().cpu().numpy()
    if name == "softmax":
        expected = y * (g - (g * y).sum(-1, keepdims=True))
    else:
        expected = g - np.exp(y) * g.sum(-1, keepdims=True)
    expected = ember.tensor(expected.astype(np.float32)).to(getattr(ember, dtype))
    ulp = 2.0 ** -7 if dtype == "bfloat16" else 2.0 ** -10
    # float64 here against float32 sums in ember: equal up to one rounding of the result.
    np.testing.assert_allclose(grad.float().cpu().numpy(), expected.float().cpu().numpy(), rtol=ulp,
                               atol=ulp * 1e-3)


def _layer_norm_grad_from_statistics(x, g, mean, rstd):
    """dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) in float64 from the given statistics."""
    xhat = (x - mean) * rstd
    return rstd * (g - g.mean(-1, keepdims=True) - xhat * (g * xhat).mean(-1, keepdims=True))


@pytest.mark.parametrize("dtype", DTYPES)
def test_half_layer_norm_backward_reads_statistics_rounded_to_the_input_dtype(dtype):
    """A bfloat16 layer_norm (no affine parameters, as in a pre-norm block under autocast):
    its input gradient is the formula evaluated with mean and rstd rounded to bfloat16, as
    torch's kernel saves them, not with the float32 statistics (a third of the gradients came
    out a rounding step from torch's, which moved an autocast run's gradient norms in the
    fifth digit)."""
    half = getattr(ember, dtype)
    x = ember.tensor(_X).to(half).requires_grad_(True)
    g = ember.tensor(_G).to(half)
    ember.nn.functional.layer_norm(x, (40,)).backward(g)
    xs = x.detach().double().cpu().numpy()
    gs = g.double().cpu().numpy()
    mean = xs.mean(-1, keepdims=True)
    rstd = 1 / np.sqrt(xs.var(-1, keepdims=True) + 1e-5)
    rounded = [ember.tensor(v.astype(np.float32)).to(half).double().cpu().numpy()
               for v in (mean, rstd)]
    ours = x.grad.double().cpu().numpy()

    def mismatches(statistics):
        expected = ember.tensor(_layer_norm_grad_from_statistics(xs, gs, *statistics)
                                .astype(np.float32)).to(half).double().cpu().numpy()
        return np.count_nonzero(ours != expected)

    # float64 here against float32 steps in ember: a rare result crosses a rounding boundary
    assert mismatches(rounded) <= ours.size // 50
    assert mismatches((mean, rstd)) > ours.size // 10


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("weight", [None, "half"])
def test_half_layer_norm_input_gradient_matches_torch_bit_for_bit_mostly(dtype, weight):
    def run(m):
        half = getattr(m, dtype)
        x = m.tensor(_X).to(half).requires_grad_(True)
        w = None if weight is None else (m.arange(40) % 33 + 16).to(half) / 32
        m.nn.functional.layer_norm(x, (40,), w).backward(m.tensor(_G).to(half))
        return x.grad.float().cpu().numpy()

    ours, theirs = run(ember), run(TORCH)
    # torch's float32 steps (its variance algorithm) may move a rare value a rounding step
    assert np.count_nonzero(ours != theirs) <= ours.size // 50
