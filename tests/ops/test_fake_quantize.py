"""Fake quantization (quantization-aware training): values, straight-through gradients,
grad_fn names and errors compared with torch.

The straight-through gradient is not the derivative of the rounding (which is 0 almost
everywhere), so gradcheck's finite differences cannot check it; the tests compare it with
torch's and with its definition (1 inside the clipping range, 0 outside) instead, and
gradcheck the op's backward as the linear map it is (double backward through the mask)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, compare_with_torch, requires_torch

import ember


def _values(dtype=np.float32, shape=(6, 5), seed=0):
    rng = np.random.default_rng(seed)
    values = (rng.standard_normal(shape) * 2).astype(dtype)
    # Exact halves of the step (rint rounds them to even) and values beyond the range.
    values.flat[:4] = [0.25, -0.25, 0.35, 40.0]
    return values


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
@pytest.mark.parametrize("scale, zero_point, low, high", [
    (0.1, 3, -128, 127), (0.5, 0, 0, 255), (0.0371, -2, -8, 7), (1, 0, 0, 1)])
def test_per_tensor_matches_torch(dtype, scale, zero_point, low, high):
    # bfloat16 goes to torch as float32 (NumPy has no bfloat16): the cast is in the function.
    x = ember.tensor(_values(), requires_grad=True)
    compare_with_torch(lambda m, t: m.fake_quantize_per_tensor_affine(
        t.to(getattr(m, dtype)), scale, zero_point, low, high).float(), x, rtol=0, atol=0)


@requires_torch
def test_per_tensor_tensor_qparams_match_torch():
    x = ember.tensor(_values(np.float64)).requires_grad_()
    ours, theirs = compare_with_torch(lambda m, t: m.fake_quantize_per_tensor_affine(
        t, m.tensor([0.1]), m.tensor([3], dtype=m.int32), -128, 127), x, rtol=0, atol=0)
    assert ours.grad_fn.name() == "FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0"
    # A tensor scale with a Python zero point is the scalar overload, as in torch.
    x = ember.tensor(_values(np.float64)).requires_grad_()
    ours, theirs = compare_with_torch(lambda m, t: m.fake_quantize_per_tensor_affine(
        t, m.tensor(0.25), 1, -4, 3), x, rtol=0, atol=0)
    assert ours.grad_fn.name() == "FakeQuantizePerTensorAffineCachemaskBackward0"


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("axis", [0, 1, 2])
@pytest.mark.parametrize("zero_dtype", ["int32", "float32", "float16"])
def test_per_channel_matches_torch(dtype, axis, zero_dtype):
    x = ember.tensor(_values(shape=(3, 4, 5))).to(getattr(ember, dtype)).requires_grad_()
    channels = x.shape[axis]
    scale = np.linspace(0.05, 0.4, channels).astype(np.float32)
    zeros = np.arange(channels) - 1 + (0.5 if zero_dtype != "int32" else 0)

    def run(m, t):
        return m.fake_quantize_per_channel_affine(
            t, m.tensor(scale), m.tensor(zeros).to(getattr(m, zero_dtype)), axis, -8, 7)
    compare_with_torch(run, x, rtol=0, atol=0)


def test_straight_through_gradient_is_the_clipping_mask():
    x = ember.linspace(-2, 2, 9, requires_grad=True)
    y = ember.fake_quantize_per_tensor_affine(x, 0.25, 2, -4, 3)
    y.backward(ember.arange(9.0))
    inside = ((x / 0.25).round() + 2 >= -4) & ((x / 0.25).round() + 2 <= 3)
    assert x.grad.tolist() == (ember.arange(9.0) * inside).tolist()
    assert y.tolist() == [-1.5, -1.5, -1.0, -0.5, 0.0, 0.25, 0.25, 0.25, 0.25]


def test_backward_is_differentiable():
    x = ember.tensor(_values(np.float64), requires_grad=True)
    seed = ember.randn(6, 5, dtype=ember.float64, requires_grad=True)

    def backward_of(grad):
        with ember.enable_grad():  # gradcheck's perturbed evaluations run without grad
            y = ember.fake_quantize_per_tensor_affine(x, 0.3, 0, -5, 5)
            return ember.autograd.grad(y, x, grad, create_graph=True)[0]
    assert ember.autograd.gradcheck(backward_of, (seed,))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, x: m.fake_quantize_per_tensor_affine(x, 0.1, 3, 5, 2),
    lambda m, x: m.fake_quantize_per_tensor_affine(x, 0.1, 9, 0, 5),
    lambda m, x: m.fake_quantize_per_tensor_affine(x.long(), 0.1, 0, 0, 5),
    lambda m, x: m.fake_quantize_per_tensor_affine(
        x, m.tensor(0.1, requires_grad=True), m.tensor(0), 0, 5),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5, dtype=m.float64), m.zeros(5, dtype=m.int32), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5), m.zeros(5, dtype=m.int64), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(1, 5), m.zeros(1, 5, dtype=m.int32), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5), m.zeros(4, dtype=m.int32), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(4), m.zeros(4, dtype=m.int32), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5), m.full((5,), 9, dtype=m.int32), 1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5), m.zeros(5, dtype=m.int32), 2, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5), m.zeros(5, dtype=m.int32), -1, -8, 7),
    lambda m, x: m.fake_quantize_per_channel_affine(
        x, m.ones(5, requires_grad=True), m.zeros(5, dtype=m.int32), 1, -8, 7),
])
def test_errors_match_torch(call):
    x = _values()
    with pytest.raises(Exception) as theirs:
        call(TORCH, TORCH.tensor(x))
    with pytest.raises(type(theirs.value)) as ours:
        call(ember, ember.tensor(x))
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("per_channel", [False, True])
def test_qparams_requiring_grad_are_accepted_under_no_grad(per_channel):
    # torch refuses a scale that requires grad only while grad mode would record through it
    x = _values()

    def call(m):
        size = 5 if per_channel else 1
        scale = m.full((size,), 0.25, requires_grad=True)
        zero = m.zeros(size, dtype=m.int32)
        with m.no_grad():
            if per_channel:
                return m.fake_quantize_per_channel_affine(m.tensor(x), scale, zero, 1, -8, 7)
            return m.fake_quantize_per_tensor_affine(m.tensor(x), scale, zero, -8, 7)

    ours, theirs = call(ember), call(TORCH)
    assert not ours.requires_grad
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())
