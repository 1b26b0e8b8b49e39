"""Attention masks as torch checks them: bool or floating only (an integer mask was silently
added to the scores as numbers), and a deprecation warning when key_padding_mask and attn_mask
differ in type, as nn.Transformer's decoder triggers with a float causal mask beside a bool
padding mask."""
from __future__ import annotations

import warnings

import pytest

import ember
from ember import nn
from ember.nn import functional as F
from conftest import TORCH, requires_torch

MISMATCH = "Support for mismatched key_padding_mask and attn_mask is deprecated"


def _attention():
    ember.manual_seed(0)
    return nn.MultiheadAttention(4, 2), ember.randn(3, 1, 4)


def _functional(module, q, **masks):
    return F.multi_head_attention_forward(
        q, q, q, 4, 2, module.in_proj_weight, module.in_proj_bias, None, None, False, 0.0,
        module.out_proj.weight, module.out_proj.bias, **masks)


@pytest.mark.parametrize("call", ["module", "functional"])
@pytest.mark.parametrize("name, mask", [
    ("key_padding_mask", ember.tensor([[0, 0, 1]])),
    ("attn_mask", ember.zeros(3, 3, dtype=ember.int64)),
])
def test_integer_masks_are_refused(call, name, mask):
    module, q = _attention()
    with pytest.raises(AssertionError, match=f"only bool and floating types of {name} are "
                                             "supported"):
        if call == "module":
            module(q, q, q, **{name: mask})
        else:
            _functional(module, q, **{name: mask})


@pytest.mark.parametrize("call", ["module", "functional"])
@pytest.mark.parametrize("padding, attn", [
    (ember.tensor([[False, False, True]]), ember.zeros(3, 3)),
    (ember.tensor([[0.0, 0.0, float("-inf")]]), ember.zeros(3, 3, dtype=ember.bool)),
])
def test_mismatched_mask_types_warn_and_still_mask(call, padding, attn):
    module, q = _attention()
    with pytest.warns(UserWarning, match=MISMATCH):
        if call == "module":
            _, weights = module(q, q, q, key_padding_mask=padding, attn_mask=attn)
        else:
            _, weights = _functional(module, q, key_padding_mask=padding, attn_mask=attn)
    assert weights[0, :, 2].abs().max().item() == 0.0


def test_same_mask_types_do_not_warn():
    module, q = _attention()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        module(q, q, q, key_padding_mask=ember.tensor([[False, False, True]]),
               attn_mask=ember.zeros(3, 3, dtype=ember.bool))
        module(q, q, q, key_padding_mask=ember.tensor([[False, True, False]]))


def test_transformer_decoder_with_causal_float_mask_warns():
    layer = nn.TransformerDecoderLayer(4, 2, dim_feedforward=8, dropout=0.0, batch_first=True)
    target, memory = ember.randn(1, 3, 4), ember.randn(1, 2, 4)
    with pytest.warns(UserWarning, match=MISMATCH):
        layer(target, memory, tgt_mask=nn.Transformer.generate_square_subsequent_mask(3),
              tgt_key_padding_mask=ember.tensor([[False, False, True]]))


_KV_MISMATCH = [
    # (module keyword arguments, key shape, value shape), all with a (3, 2, 4) query
    ({}, (3, 2, 5), (3, 2, 4)),
    ({}, (4, 2, 4), (3, 2, 4)),
    ({"kdim": 5, "vdim": 6}, (3, 2, 5), (4, 2, 6)),
]


@requires_torch
@pytest.mark.parametrize("kwargs,key_shape,value_shape", _KV_MISMATCH)
def test_key_value_shape_mismatch_raises_torchs_assertion(kwargs, key_shape, value_shape):
    def message(lib):
        lib.manual_seed(0)
        attention = lib.nn.MultiheadAttention(4, 2, **kwargs)
        with pytest.raises(AssertionError) as caught:
            attention(lib.randn(3, 2, 4), lib.randn(*key_shape), lib.randn(*value_shape))
        return str(caught.value).replace("torch.", "ember.")
    assert message(ember) == message(TORCH)


def _encoder_call(kind, src, padding, mask):
    ember.manual_seed(0)
    layer = nn.TransformerEncoderLayer(4, 2, dim_feedforward=8, dropout=0.0, batch_first=True)
    if kind == "layer":
        return layer(src, src_mask=mask, src_key_padding_mask=padding)
    encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
    return encoder(src, mask=mask, src_key_padding_mask=padding)


@pytest.mark.parametrize("kind, mask_name", [("layer", "src_mask"), ("encoder", "mask")])
def test_encoder_masks_are_checked_under_the_encoders_names(kind, mask_name):
    """torch's encoder and encoder layer check and convert the masks themselves, so their
    warning and errors name src_key_padding_mask and src_mask / mask, not the attention's."""
    src = ember.randn(2, 3, 4)
    padding = ember.tensor([[False, False, True], [False, False, False]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mixed = _encoder_call(kind, src, padding, ember.zeros(3, 3))
    expected = (f"Support for mismatched src_key_padding_mask and {mask_name} is deprecated. "
                "Use same type for both instead.")
    assert [str(w.message) for w in caught] == [expected]
    same = _encoder_call(kind, src, padding, ember.zeros(3, 3, dtype=ember.bool))
    assert ember.equal(mixed, same)
    with pytest.raises(AssertionError, match=f"only bool and floating types of {mask_name} are"):
        _encoder_call(kind, src, None, ember.zeros(3, 3, dtype=ember.int64))
    with pytest.raises(AssertionError, match="types of src_key_padding_mask are supported"):
        _encoder_call(kind, src, ember.zeros(2, 3, dtype=ember.int32), None)
