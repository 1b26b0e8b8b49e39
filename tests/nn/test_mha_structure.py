"""nn.MultiheadAttention and the Transformer layers compute through the calls torch's do:
F.multi_head_attention_forward with one packed in-projection for self-attention (two products
when only key is value, three otherwise or with kdim/vdim), baddbmm/bmm scores when the weights
are asked for, the fused scaled_dot_product_attention when not, and F.linear with out_proj's
parameters (out_proj's hooks do not fire). Checked against torch: FlopCounterMode totals, the
matrix products a TorchDispatchMode sees, hooks, outputs and gradients; the private helpers
(_canonical_mask, _none_or_dtype, _in_projection_packed, _in_projection) as torch's."""
from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, check_gradients, rand64, requires_torch

import ember
import ember.nn.functional as EF

PRODUCTS = {"mm", "bmm", "addmm", "baddbmm", "mv", "dot"}

# (name, constructor kwargs, which inputs: "self" q is k is v, "kv" key is value, "cross")
CASES = {
    "self": ({}, "self"),
    "self-batch-first": ({"batch_first": True}, "self"),
    "key-is-value": ({}, "kv"),
    "cross": ({}, "cross"),
    "kdim-vdim": ({"kdim": 6, "vdim": 4}, "cross"),
    "no-bias": ({"bias": False}, "self"),
    "bias-kv-zero-attn": ({"add_bias_kv": True, "add_zero_attn": True}, "kv"),
}


def _inputs(lib, kwargs, which, dtype, batched=True):
    """(query, key, value) drawn by numpy, with the identities ``which`` names."""
    rng = np.random.default_rng(1)
    lead = ((3, 2) if not kwargs.get("batch_first") else (2, 3)) if batched else (3,)
    klead = ((4, 2) if not kwargs.get("batch_first") else (2, 4)) if batched else (4,)

    def draw(shape):
        return lib.tensor(rng.standard_normal(shape), dtype=dtype, requires_grad=True)
    query = draw(lead + (8,))
    if which == "self":
        return query, query, query
    key = draw(klead + (kwargs.get("kdim", 8),))
    if which == "kv":
        return query, key, key
    return query, key, draw(klead + (kwargs.get("vdim", 8),))


def _same_weights(theirs, ours):
    """Copy torch module ``theirs``'s parameters into ember module ``ours``."""
    state = {k: ember.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    return ours


def _pair(build, dtype_name="float64"):
    TORCH.manual_seed(0)
    theirs = build(TORCH).to(getattr(TORCH, dtype_name))
    ours = _same_weights(theirs, build(ember).to(getattr(ember, dtype_name)))
    return ours, theirs


def _mha(kwargs):
    return lambda lib: lib.nn.MultiheadAttention(8, 2, **kwargs)


def _flops(lib, module, run):
    counter = importlib.import_module(f"{lib.__name__}.utils.flop_counter")
    with counter.FlopCounterMode(display=False) as mode:
        run(lib, module)
    return mode.get_total_flops()


def _mha_step(kwargs, which, need_weights, **call):
    def run(lib, module):
        q, k, v = _inputs(lib, kwargs, which, lib.float64)
        out, weights = module(q, k, v, need_weights=need_weights, **call)
        loss = out.sum() if weights is None else out.sum() + weights.sum()
        loss.backward()
    return run


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_flops_match_torch(name, need_weights):
    kwargs, which = CASES[name]
    ours, theirs = _pair(_mha(kwargs))
    run = _mha_step(kwargs, which, need_weights)
    total = _flops(ember, ours, run)
    assert total > 0
    assert total == _flops(TORCH, theirs, run)


def _layer_step(kind):
    def run(lib, module):
        rng = np.random.default_rng(2)
        src = lib.tensor(rng.standard_normal((5, 2, 16)), dtype=lib.float64, requires_grad=True)
        if kind == "encoder":
            out = module(src)
        else:
            tgt = lib.tensor(rng.standard_normal((4, 2, 16)), dtype=lib.float64)
            mask = lib.nn.Transformer.generate_square_subsequent_mask(4, dtype=lib.float64)
            out = module(tgt, src, tgt_mask=mask, tgt_is_causal=True)
        out.sum().backward()
    return run


def _layer(kind, **kwargs):
    name = "TransformerEncoderLayer" if kind == "encoder" else "TransformerDecoderLayer"
    return lambda lib: getattr(lib.nn, name)(16, 2, 32, dropout=0.0, **kwargs)


@requires_torch
@pytest.mark.parametrize("kind", ["encoder", "decoder"])
@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_layer_flops_match_torch(kind, norm_first):
    ours, theirs = _pair(_layer(kind, norm_first=norm_first))
    run = _layer_step(kind)
    assert _flops(ember, ours, run) == _flops(TORCH, theirs, run)


def test_encoder_layer_flops_figure():
    """One training forward of a (16, 2 heads, 32) layer on (6, 4, 16) inputs: the packed
    in-projection (one product), the attention's two batched products (dropout sends it down
    the unfused path), the out-projection and the feed-forward, 2 * m * k * n FLOPs each."""
    ember.manual_seed(0)
    layer = ember.nn.TransformerEncoderLayer(16, 2, 32)
    rows, heads = 6 * 4, 4 * 2
    expected = (2 * rows * 16 * 48 + 2 * 2 * heads * 6 * 8 * 6 + 2 * rows * 16 * 16
                + 2 * 2 * rows * 16 * 32)
    assert _flops(ember, layer, lambda lib, m: m(lib.ones(6, 4, 16))) == expected == 107520


def _products(lib, module, run):
    """The matrix products a TorchDispatchMode sees, forward and backward, in order."""
    dispatch = importlib.import_module(f"{lib.__name__}.utils._python_dispatch")
    seen = []

    class Log(dispatch.TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            if str(func).split(".")[1] in PRODUCTS:
                seen.append((str(func), tuple(tuple(a.shape) for a in args
                                              if hasattr(a, "shape"))))
            return func(*args, **(kwargs or {}))
    with Log():
        run(lib, module)
    return seen


@requires_torch
@pytest.mark.parametrize("name", ["self", "key-is-value", "cross", "kdim-vdim"])
@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_products_match_torch(name, need_weights):
    kwargs, which = CASES[name]
    ours, theirs = _pair(_mha(kwargs))
    run = _mha_step(kwargs, which, need_weights)
    seen = _products(ember, ours, run)
    assert "aten.addmm.default" in {op for op, _ in seen}
    assert seen == _products(TORCH, theirs, run)


@requires_torch
@pytest.mark.parametrize("kind", ["encoder", "decoder"])
def test_out_proj_hooks_fire_as_in_torch(kind):
    counts = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        model = _layer(kind)(lib).double()
        calls = []
        for attn in (m for m in model.modules() if isinstance(m, lib.nn.MultiheadAttention)):
            attn.out_proj.register_forward_hook(lambda *a, calls=calls: calls.append("out_proj"))
            attn.register_forward_hook(lambda *a, calls=calls: calls.append("attn"))
        _layer_step(kind)(lib, model)
        counts.append(calls)
    assert counts[0] == counts[1]
    assert "attn" in counts[0]


def _compare(build, call, dtype_name, rtol, atol):
    ours, theirs = _pair(build, dtype_name)
    results = []
    for lib, module in ((ember, ours), (TORCH, theirs)):
        out = call(lib, module)
        outs = [t for t in out if t is not None]
        lib.autograd.backward(outs, [lib.ones_like(t) for t in outs])
        results.append((out, {k: p.grad for k, p in module.named_parameters()}))
    (out, grads), (tout, tgrads) = results
    assert_close(out, tout, rtol, atol)
    assert grads.keys() == tgrads.keys()
    for key in grads:
        assert_close(grads[key], tgrads[key], rtol, atol)


def _mha_call(kwargs, which, batched=True, **call):
    def run(lib, module):
        dtype = next(module.parameters()).dtype
        q, k, v = _inputs(lib, kwargs, which, dtype, batched)
        return tuple(module(q, k, v, **call))
    return run


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize("dtype_name,rtol,atol", [("float64", 1e-12, 1e-13),
                                                  ("float32", 1e-5, 1e-6)])
def test_mha_values_and_grads_match_torch(name, need_weights, dtype_name, rtol, atol):
    kwargs, which = CASES[name]
    _compare(_mha(kwargs), _mha_call(kwargs, which, need_weights=need_weights), dtype_name,
             rtol, atol)


def _masks(lib, dtype, bool_padding):
    tgt, src = 3, 4
    causal = lib.triu(lib.full((tgt, src), float("-inf"), dtype=dtype), 1)
    padding = lib.tensor([[False, False, False, True], [False, False, True, True]])
    if not bool_padding:
        padding = lib.zeros(2, src, dtype=dtype).masked_fill(padding, float("-inf"))
    return causal, padding


@requires_torch
@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize("is_causal", [False, True])
@pytest.mark.parametrize("average", [True, False])
def test_mha_masks_match_torch(need_weights, is_causal, average):
    def run(lib, module):
        q, k, v = _inputs(lib, {}, "kv", lib.float64)
        causal, padding = _masks(lib, lib.float64, bool_padding=False)
        return tuple(module(q, k, v, key_padding_mask=padding if not is_causal else None,
                            attn_mask=causal, is_causal=is_causal, need_weights=need_weights,
                            average_attn_weights=average))
    _compare(_mha({}), run, "float64", 1e-12, 1e-13)


@requires_torch
@pytest.mark.parametrize("need_weights", [True, False])
def test_mha_unbatched_matches_torch(need_weights):
    _compare(_mha({}), _mha_call({}, "self", batched=False, need_weights=need_weights),
             "float64", 1e-12, 1e-13)


@requires_torch
def test_mismatched_mask_types_warn_once_as_in_torch():
    caught = []
    for lib in (ember, TORCH):
        module = lib.nn.MultiheadAttention(8, 2).double()
        q, k, v = _inputs(lib, {}, "kv", lib.float64)
        causal, padding = _masks(lib, lib.float64, bool_padding=True)
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            module(q, k, v, key_padding_mask=padding, attn_mask=causal)
        caught.append([str(w.message) for w in record])
    assert caught[0] == caught[1]
    assert len(caught[0]) == 1


@requires_torch
def test_dropout_only_in_training():
    module = ember.nn.MultiheadAttention(8, 2, dropout=0.5).double().eval()
    q, _, _ = _inputs(ember, {}, "self", ember.float64)
    first, second = module(q, q, q)[0], module(q, q, q)[0]
    assert ember.equal(first, second)
    module.train()
    ember.manual_seed(3)
    assert not ember.equal(module(q, q, q)[0], first)


def test_mha_forward_gradcheck_both_paths():
    """Gradients of F.multi_head_attention_forward by finite differences, through the scores
    (need_weights) and through the fused attention."""
    e, h = 4, 2
    x = rand64(3, 2, e, seed=1)
    w, b = rand64(3 * e, e, seed=2), rand64(3 * e, seed=3)
    wo, bo = rand64(e, e, seed=4), rand64(e, seed=5)
    for need_weights in (True, False):
        def fn(x, w, b, wo, bo, need_weights=need_weights):
            return EF.multi_head_attention_forward(
                x, x, x, e, h, w, b, None, None, False, 0.0, wo, bo,
                need_weights=need_weights)[0]
        check_gradients(fn, x, w, b, wo, bo, second_order=False)


# --- the private helpers ----------------------------------------------------------------------

def _F(lib):
    return EF if lib is ember else lib.nn.functional


@requires_torch
@pytest.mark.parametrize("which", ["self", "kv", "cross"])
@pytest.mark.parametrize("bias", [True, False])
def test_in_projection_packed_matches_torch(which, bias):
    results = []
    for lib in (ember, TORCH):
        q, k, v = _inputs(lib, {}, which, lib.float64)
        w = lib.tensor(np.random.default_rng(5).standard_normal((24, 8)), requires_grad=True)
        b = lib.tensor(np.random.default_rng(6).standard_normal(24)) if bias else None
        outs = _F(lib)._in_projection_packed(q, k, v, w, b)
        assert len(outs) == 3
        lib.autograd.backward(list(outs), [lib.ones_like(t) * (i + 1) for i, t in
                                           enumerate(outs)])
        results.append((outs, w.grad, [o.is_contiguous() for o in outs]))
    assert_close(results[0][0], results[1][0], 1e-12, 1e-13)
    assert_close(results[0][1], results[1][1], 1e-12, 1e-13)
    assert results[0][2] == results[1][2]


@requires_torch
def test_in_projection_matches_torch_and_checks_shapes():
    outs = []
    for lib in (ember, TORCH):
        q, k, v = _inputs(lib, {"kdim": 6, "vdim": 4}, "cross", lib.float64)
        rng = np.random.default_rng(7)
        ws = [lib.tensor(rng.standard_normal(s)) for s in ((8, 8), (8, 6), (8, 4))]
        bs = [lib.tensor(rng.standard_normal(8)) for _ in range(3)]
        outs.append(_F(lib)._in_projection(q, k, v, *ws, *bs))
        errors = []
        for bad in ((ws[0], ws[2], ws[2]), (ws[0], ws[1], ws[1])):
            with pytest.raises(AssertionError) as info:
                _F(lib)._in_projection(q, k, v, *bad)
            errors.append(str(info.value))
        outs.append(errors)
    assert_close(outs[0], outs[2], 1e-12, 1e-13)
    assert outs[1] == [e.replace("torch.", "ember.") for e in outs[3]]


@requires_torch
@pytest.mark.parametrize("mask_kind", ["bool", "float", "int", "none"])
def test_canonical_mask_matches_torch(mask_kind):
    results = []
    for lib in (ember, TORCH):
        base = lib.tensor([[True, False], [False, True]])
        mask = {"bool": base, "float": base.double(), "int": base.long(), "none": None}[mask_kind]
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            try:
                out = _F(lib)._canonical_mask(mask, "key_padding_mask", lib.float32,
                                              "attn_mask", lib.float32)
            except AssertionError as e:
                out = str(e)
        results.append((out, [str(w.message) for w in record]))
    (ours, warned), (theirs, twarned) = results
    assert warned == twarned
    if isinstance(theirs, str) or theirs is None:
        assert ours == theirs
    else:
        assert_close(ours, theirs, 0, 0)


@requires_torch
def test_none_or_dtype_matches_torch():
    assert EF._none_or_dtype(None) is None
    assert str(EF._none_or_dtype(ember.ones(1, dtype=ember.float16))) == "ember.float16"
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError, match=r"must be None or torch.Tensor"):
            _F(lib)._none_or_dtype(3)


@requires_torch
@pytest.mark.parametrize("shapes", [((2, 3, 1, 8), (4, 3, 8), None, None),
                                    ((3, 2, 8), (4, 8), None, None),
                                    ((3, 8), (4, 2, 8), None, None),
                                    ((3, 2, 8), (4, 2, 8), (2, 4, 1), None),
                                    ((3, 8), (4, 8), (1, 4), None),
                                    ((3, 2, 8), (4, 2, 8), None, (1, 1, 3, 4)),
                                    ((3, 8), (4, 8), None, (3, 3, 4))])
def test_mha_shape_errors_match_torch(shapes):
    messages = []
    for lib in (ember, TORCH):
        q_shape, kv_shape, padding, mask = shapes
        module = lib.nn.MultiheadAttention(8, 2)
        kv = lib.ones(kv_shape)
        with pytest.raises(AssertionError) as info:
            module(lib.ones(q_shape), kv, kv,
                   key_padding_mask=None if padding is None else lib.zeros(padding),
                   attn_mask=None if mask is None else lib.zeros(mask))
        messages.append(str(info.value).replace("torch.", "ember."))
    assert messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("shape", [(3, 4), (2, 3), (2, 4, 1)])
@pytest.mark.parametrize("need_weights", [True, False])
def test_key_padding_mask_of_the_wrong_shape_raises_torchs_assertion(shape, need_weights):
    def call(lib):
        lib.manual_seed(0)
        module = lib.nn.MultiheadAttention(8, 2)
        x = lib.ones(4, 2, 8)
        return module(x, x, x, key_padding_mask=lib.zeros(shape, dtype=lib.bool),
                      need_weights=need_weights)
    with pytest.raises(AssertionError) as theirs:
        call(TORCH)
    with pytest.raises(AssertionError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)
