"""Fake quantization with learnable qparams (torch._fake_quantize_learnable_per_tensor_affine and
_per_channel_affine, the ops under LSQ-style quantization-aware training): values, gradients of
input, scale and zero point, grad_fn names and errors compared with torch, and the gradients
checked against LSQ's definition.

LSQ's gradients are estimates, not derivatives (the rounding's derivative is 0 almost
everywhere; the scale's is replaced by (fake_quantized - x) / scale inside the range), so
gradcheck's finite differences cannot check them: the tests compare them with torch's and with
the formula. The ops take float32 only (torch's backward refuses other dtypes)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, compare_with_torch, requires_torch

import ember


def _values(shape=(6, 5), seed=0):
    rng = np.random.default_rng(seed)
    values = (rng.standard_normal(shape) * 3).astype(np.float32)
    values.flat[:3] = [0.25, -40.0, 40.0]  # a tie for rint and both clipping sides
    return values


def _leaf(array):
    return ember.tensor(np.asarray(array, dtype=np.float32), requires_grad=True)


@requires_torch
@pytest.mark.parametrize("zero_point", [0.3, 2.6, -1.5, 3.5, 0.5, 300.0])
@pytest.mark.parametrize("grad_factor", [1.0, 0.25])
def test_per_tensor_matches_torch(zero_point, grad_factor):
    x, scale, zero = _leaf(_values()), _leaf([0.17]), _leaf([zero_point])
    ours, _ = compare_with_torch(lambda m, a, s, z: m._fake_quantize_learnable_per_tensor_affine(
        a, s, z, -8, 7, grad_factor), x, scale, zero, rtol=1e-6, atol=1e-6)
    assert ours.grad_fn.name() == "FakeQuantizeLearnablePerTensorAffineBackward0"
    assert scale.grad.shape == (1,) and zero.grad.shape == (1,)


@requires_torch
@pytest.mark.parametrize("axis", [0, 1, 2])
@pytest.mark.parametrize("grad_factor", [1.0, 0.5])
def test_per_channel_matches_torch(axis, grad_factor):
    x = _leaf(_values((3, 4, 5)))
    channels = x.shape[axis]
    scale = _leaf(np.linspace(0.1, 0.5, channels))
    zero = _leaf([0.3, 2.5, -1.5, 3.5, 7.8][:channels])
    ours, _ = compare_with_torch(lambda m, a, s, z: m._fake_quantize_learnable_per_channel_affine(
        a, s, z, axis, -8, 7, grad_factor), x, scale, zero, rtol=1e-6, atol=1e-6)
    assert ours.grad_fn.name() == "FakeQuantizeLearnablePerChannelAffineBackward0"


def test_per_tensor_gradients_follow_lsq():
    x = _values().ravel()
    xt, scale, zero = _leaf(x), _leaf([0.2]), _leaf([1.2])
    out = ember._fake_quantize_learnable_per_tensor_affine(xt, scale, zero, -8, 7, 0.5)
    out.sum().backward()
    # the forward rounds the zero point (1.2 -> 1); the backward takes int(1.2 + 0.5) = 1 too
    q = np.rint(x / np.float32(0.2)) + 1
    inside = (q >= -8) & (q <= 7)
    np.testing.assert_array_equal(xt.grad.cpu().numpy(), inside.astype(np.float32))
    expected = (np.clip(q, -8, 7) - 1) * np.float32(0.2)
    np.testing.assert_allclose(out.detach().cpu().numpy(), expected, rtol=1e-6, atol=1e-7)
    d_scale = np.where(inside, (expected - x) / np.float32(0.2), np.where(q < -8, -9, 6))
    np.testing.assert_allclose(scale.grad.cpu().numpy(), [0.5 * d_scale.sum()], rtol=1e-5)
    np.testing.assert_allclose(zero.grad.cpu().numpy(), [0.5 * -0.2 * (~inside).sum()],
                               rtol=1e-5)


@requires_torch
@pytest.mark.parametrize("case", ["double input", "double scale", "int zero point"])
@pytest.mark.parametrize("op", ["per_tensor", "per_channel"])
def test_backward_dtype_errors_match_torch(case, op):
    messages = []
    for m in (ember, TORCH):
        x = m.tensor(_values((3, 2)), dtype=m.float64 if case == "double input" else m.float32)
        x.requires_grad_()
        n = 1 if op == "per_tensor" else 2
        scale = m.full((n,), 0.1, dtype=m.float64 if case == "double scale" else m.float32)
        zero = m.zeros(n, dtype=m.int32 if case == "int zero point" else m.float32)
        try:
            if op == "per_tensor":
                out = m._fake_quantize_learnable_per_tensor_affine(x, scale, zero, -8, 7)
            else:
                out = m._fake_quantize_learnable_per_channel_affine(x, scale, zero, 1, -8, 7)
            out.sum().backward()
        except RuntimeError as e:
            messages.append(str(e))
    assert len(messages) == 2 and messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("case", ["range", "axis", "negative axis", "channels", "0-d scale"])
def test_forward_errors_match_torch(case):
    messages = []
    for m in (ember, TORCH):
        x = m.tensor(_values((3, 2)))
        scale, zero = m.tensor([0.1, 0.2]), m.tensor([0.0, 1.0])
        try:
            if case == "range":
                m._fake_quantize_learnable_per_tensor_affine(x, scale, zero, 8, 7)
            elif case == "0-d scale":
                m._fake_quantize_learnable_per_tensor_affine(x, scale[0], zero[0], -8, 7)
            else:
                axis = {"axis": 2, "negative axis": -1, "channels": 0}[case]
                m._fake_quantize_learnable_per_channel_affine(x, scale, zero, axis, -8, 7)
        except (RuntimeError, IndexError) as e:
            messages.append((type(e), str(e)))
    assert len(messages) == 2
    assert messages[0][0] is messages[1][0] and messages[0][1] == messages[1][1]
