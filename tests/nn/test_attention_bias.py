"""nn.attention.bias: CausalBias masks passed to scaled_dot_product_attention, the upper-left
and lower-right triangles, torch's warnings and errors, gradients through both paths."""
import importlib
import warnings

import numpy as np
import pytest

import ember
from ember.autograd import gradcheck
from ember.nn.attention.bias import (CausalBias, CausalVariant, causal_lower_right,
                                     causal_upper_left)
from tests.conftest import TORCH, requires_torch

F = ember.nn.functional


@pytest.mark.parametrize("q, kv", [(3, 3), (3, 5), (5, 3), (1, 4)])
def test_the_masks_are_the_two_triangles(q, kv):
    rows, cols = np.arange(q)[:, None], np.arange(kv)[None, :]
    upper_left = causal_upper_left(q, kv)._materialize()
    lower_right = causal_lower_right(q, kv) if q <= kv else None
    assert type(upper_left) is ember.Tensor and upper_left.dtype == ember.bool
    assert np.array_equal(upper_left.cpu().numpy(), cols <= rows)
    if lower_right is not None:
        assert np.array_equal(lower_right._materialize().cpu().numpy(), cols <= rows + kv - q)
        assert (lower_right.variant, lower_right.seq_len_q, lower_right.seq_len_kv) == \
            (CausalVariant.LOWER_RIGHT, q, kv)


@pytest.mark.parametrize("make", [causal_upper_left, causal_lower_right])
@pytest.mark.parametrize("q, kv", [(4, 4), (3, 6)])
def test_attention_with_a_bias_equals_attention_with_its_mask(make, q, kv):
    ember.manual_seed(0)
    query = ember.randn(2, 4, q, 8, dtype=ember.float64)
    key, value = (ember.randn(2, 2, kv, 8, dtype=ember.float64) for _ in range(2))
    bias = make(q, kv)
    out = F.scaled_dot_product_attention(query, key, value, attn_mask=bias, enable_gqa=True,
                                         scale=0.3)
    reference = F.scaled_dot_product_attention(query, key, value, attn_mask=bias._materialize(),
                                               enable_gqa=True, scale=0.3)
    assert type(out) is ember.Tensor
    ember.testing.assert_close(out, reference)


@pytest.mark.parametrize("make", [causal_upper_left, causal_lower_right])
def test_gradients_through_a_causal_bias(make):
    ember.manual_seed(1)
    query = ember.randn(1, 2, 3, 4, dtype=ember.float64, requires_grad=True)
    key = ember.randn(1, 2, 5, 4, dtype=ember.float64, requires_grad=True)
    value = ember.randn(1, 2, 5, 4, dtype=ember.float64, requires_grad=True)
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(
        q, k, v, attn_mask=make(3, 5)), (query, key, value))


def test_bad_uses_raise_torchs_errors():
    with pytest.raises(AssertionError, match="^causal_lower_right only supports 2D tensors$"):
        causal_lower_right(3)
    with pytest.raises(AssertionError, match="^causal_upper_left only supports 2D tensors$"):
        causal_upper_left(1, 2, 3)
    x = ember.randn(1, 1, 2, 4)
    with pytest.raises(ValueError, match="^CausalBias should not be used with causal=True$"):
        F.scaled_dot_product_attention(x, x, x, attn_mask=causal_upper_left(2, 2),
                                       is_causal=True)
    with pytest.warns(UserWarning, match="will produce NaNs in the output when seq_len_q > "):
        causal_lower_right(5, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        causal_upper_left(5, 3)
    assert isinstance(causal_upper_left(2, 2), CausalBias)


@requires_torch
@pytest.mark.parametrize("variant", ["causal_upper_left", "causal_lower_right"])
@pytest.mark.parametrize("q, kv", [(3, 3), (3, 5), (5, 3)])
def test_matches_torch(variant, q, kv):
    results = []
    for lib in (ember, TORCH):
        bias_module = importlib.import_module(f"{lib.__name__}.nn.attention.bias")
        rng = np.random.default_rng(0)
        query = lib.tensor(rng.standard_normal((2, 2, q, 4)), requires_grad=True)
        key = lib.tensor(rng.standard_normal((2, 2, kv, 4)), requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            bias = getattr(bias_module, variant)(q, kv)
        out = lib.nn.functional.scaled_dot_product_attention(query, key, key, attn_mask=bias)
        out.sum().backward()
        # (the stand-in run makes the mask on its CUDA device, whose repr names it)
        shown = (repr(bias) + str(bias)).replace(lib.__name__, "LIB").replace(
            ", device='cuda:0'", "")
        results.append((shown, out.grad_fn.name(),
                        out.detach().cpu().numpy(), query.grad.cpu().numpy(),
                        [str(w.message) for w in caught]))
    (ours, theirs) = results
    assert ours[0] == theirs[0] and ours[1] == theirs[1] and ours[4] == theirs[4]
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-12, atol=1e-12)


@requires_torch
def test_sdpbackend_prints_as_torchs():
    from torch.nn.attention import SDPBackend as Theirs

    from ember.nn.attention import SDPBackend as Ours
    for name in ("MATH", "FLASH_ATTENTION", "EFFICIENT_ATTENTION"):
        ours, theirs = getattr(Ours, name), getattr(Theirs, name)
        assert (str(ours), repr(ours), f"{ours}", int(ours)) == \
            (str(theirs), repr(theirs), f"{theirs}", int(theirs))
