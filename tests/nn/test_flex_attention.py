"""flex_attention, BlockMask and the mask helpers compared with torch's eager CPU behaviour:
block-sparse fields and pictures, values for the common score/mask mods, gradients into the
tensors the mods capture, torch's errors and warnings; gradient-checked in float64."""
from __future__ import annotations

import importlib
import math
import re
import warnings

import numpy as np
import pytest
from conftest import CPU_KERNEL, TORCH, assert_close, cpu_only, requires_torch

import ember
from ember.autograd import gradcheck
from ember.nn.attention import flex_attention as flex


def _module(m):
    return importlib.import_module(f"{m.__name__}.nn.attention.flex_attention")


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _masks(m):
    """Name -> mask_mod builder (given the library), the common ones of real programs."""
    docs = m.tensor([0, 0, 0, 1, 1, 2, 2, 2, 2, 3] * 40)

    def causal(b, h, q, kv):
        return q >= kv

    def window(b, h, q, kv):
        return (q - kv).abs() <= 70

    def document(b, h, q, kv):
        return docs[q] == docs[kv]

    def prefix(b, h, q, kv):
        return kv < 130

    def per_head(b, h, q, kv):
        return (kv + h * 64 <= q) | (b == 1)

    f = _module(m)
    return {"causal": causal, "window": window, "document": document,
            "causal_window": f.and_masks(causal, window), "prefix_lm": f.or_masks(prefix, causal),
            "per_head": per_head, "noop": f.noop_mask}


def _fields(mask):
    names = ["kv_num_blocks", "kv_indices", "full_kv_num_blocks", "full_kv_indices",
             "q_num_blocks", "q_indices", "full_q_num_blocks", "full_q_indices"]
    return [None if getattr(mask, n) is None else getattr(mask, n).tolist() for n in names]


def _device(m):
    """Where a block mask goes beside the test's q/k/v: torch's CPU, ember's default device."""
    return "cpu" if m is TORCH else str(ember.get_default_device())


def _text(obj):
    return str(obj).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("name", ["causal", "window", "document", "causal_window", "prefix_lm",
                                  "per_head", "noop"])
@pytest.mark.parametrize("B,H,L,S,block,separate", [
    (None, None, 256, 256, 128, True), (2, 3, 200, 300, 64, True),
    (1, 2, 130, 257, (32, 64), True), (2, 2, 96, 96, 32, False)])
def test_block_mask_matches_torch(name, B, H, L, S, block, separate):
    ours = flex.create_block_mask(_masks(ember)[name], B, H, L, S, device="cpu",
                                  BLOCK_SIZE=block, separate_full_blocks=separate)
    theirs = _module(TORCH).create_block_mask(_masks(TORCH)[name], B, H, L, S, device="cpu",
                                              BLOCK_SIZE=block, separate_full_blocks=separate)
    assert _fields(ours) == _fields(theirs)
    assert ours.kv_indices.dtype is ember.int32
    assert ours.shape == theirs.shape and ours.BLOCK_SIZE == theirs.BLOCK_SIZE
    assert ours.sparsity() == theirs.sparsity()
    assert repr(ours) == _text(repr(theirs))
    assert str(ours) == str(theirs)
    assert ours.to_string(grid_size=3, limit=2) == theirs.to_string(grid_size=3, limit=2)
    assert ours.to_dense().tolist() == theirs.to_dense().tolist()
    assert ours[0].kv_num_blocks.tolist() == theirs[0].kv_num_blocks.tolist()
    assert _fields(ours[:, -1]) == _fields(theirs[:, -1])
    try:
        adjusted = _fields(theirs._adjust(L // 2, S // 3))
    except IndexError:  # torch's cropping keeps column indices beyond the new width
        with pytest.raises(IndexError):
            ours._adjust(L // 2, S // 3)
    else:
        assert _fields(ours._adjust(L // 2, S // 3)) == adjusted
    assert ours.as_tuple()[:2] == theirs.as_tuple()[:2]


@requires_torch
@pytest.mark.parametrize("name", ["causal", "document", "per_head", "prefix_lm"])
def test_create_mask_matches_torch(name):
    ours = flex.create_mask(_masks(ember)[name], 2, 2, 37, 41, device="cpu")
    theirs = _module(TORCH).create_mask(_masks(TORCH)[name], 2, 2, 37, 41, device="cpu")
    assert ours.tolist() == theirs.tolist() and ours.dtype is ember.bool


@requires_torch
def test_create_mask_of_a_score_mod_marks_finite_scores():
    def mod(m):
        return lambda s, b, h, q, kv: m.where(q >= kv, s + 1, -math.inf)
    ours = flex.create_mask(mod(ember), 1, 2, 4, 5, device="cpu")
    theirs = _module(TORCH).create_mask(mod(TORCH), 1, 2, 4, 5, device="cpu")
    assert ours.tolist() == theirs.tolist()


def _score_mods(m, heads, length):
    """Name -> (score_mod, mask_mod or None), and the tensors they capture."""
    slopes = m.tensor([2.0 ** (-8 * (i + 1) / heads) for i in range(heads)], dtype=m.float64)
    table = m.linspace(-1, 1, 2 * length - 1, dtype=m.float64)
    docs = m.tensor(([0] * 3 + [1] * 4 + [2] * 5) * length)[:length]
    mods = {
        "none": (None, None),
        "causal": (None, lambda b, h, q, kv: q >= kv),
        "alibi": (lambda s, b, h, q, kv: s + slopes[h] * (kv - q), None),
        "relative_bias": (lambda s, b, h, q, kv: s + table[q - kv + length - 1], None),
        "softcap": (lambda s, b, h, q, kv: 3.0 * m.tanh(s / 3.0), lambda b, h, q, kv: q >= kv),
        "document": (None, lambda b, h, q, kv: docs[q] == docs[kv]),
        "window_softcap": (lambda s, b, h, q, kv: 2.0 * m.tanh(s / 2.0),
                           lambda b, h, q, kv: (q >= kv) & (q - kv < 3)),
        "fully_masked_rows": (None, lambda b, h, q, kv: (q >= kv) & (q % 4 != 1)),
    }
    return mods


def _run(m, q, k, v, name, *, gqa=False, scale=None, aux=False, block=16):
    f = _module(m)
    score_mod, mask_mod = _score_mods(m, q.shape[1], q.shape[2])[name]
    block_mask = None
    if mask_mod is not None:
        block_mask = f.create_block_mask(mask_mod, q.shape[0], q.shape[1], q.shape[2],
                                         k.shape[2], device=_device(m), BLOCK_SIZE=block)
    return f.flex_attention(q, k, v, score_mod=score_mod, block_mask=block_mask, scale=scale,
                            enable_gqa=gqa,
                            return_aux=f.AuxRequest(lse=True) if aux else None)


def _inputs(dtype, shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype(dtype) for shape in shapes]


@requires_torch
@pytest.mark.parametrize("name", ["none", "causal", "alibi", "relative_bias", "softcap",
                                  "document", "window_softcap", "fully_masked_rows"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_torch(name, dtype):
    arrays = _inputs(dtype, [(2, 2, 12, 8), (2, 2, 12, 8), (2, 2, 12, 5)])
    ours = _run(ember, *[ember.tensor(a) for a in arrays], name, aux=True)
    theirs = _run(TORCH, *[TORCH.tensor(a) for a in arrays], name, aux=True)
    tol = {"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}[dtype]
    assert_close(ours[0], theirs[0], *tol)
    assert_close(ours[1].lse, theirs[1].lse, *tol)
    assert ours[1].max_scores is None


@requires_torch
@pytest.mark.parametrize("case", ["gqa", "scale", "broadcast_kv_batch", "float16", "lengths"])
def test_values_of_other_shapes_and_options(case):
    shapes = {"gqa": [(1, 4, 6, 8), (1, 2, 6, 8), (1, 2, 6, 3)],
              "broadcast_kv_batch": [(3, 2, 6, 4), (1, 2, 6, 4), (1, 2, 6, 4)],
              "lengths": [(1, 1, 5, 4), (1, 1, 9, 4), (1, 1, 9, 2)]}.get(
        case, [(2, 2, 7, 4), (2, 2, 7, 4), (2, 2, 7, 4)])
    dtype = "float16" if case == "float16" else "float32"
    arrays = _inputs(dtype, shapes, seed=3)

    def run(m):
        f = _module(m)
        q, k, v = (m.tensor(a) for a in arrays)
        block_mask = None
        if case == "broadcast_kv_batch":
            block_mask = f.create_block_mask(lambda b, h, i, j: i >= j, 3, 1, 6, 6,
                                             device=_device(m))
        return f.flex_attention(q, k, v, block_mask=block_mask, enable_gqa=case == "gqa",
                                scale=0.3 if case == "scale" else None, return_lse=True)
    ours, theirs = run(ember), run(TORCH)
    tol = (1e-3, 1e-3) if case == "float16" else (1e-5, 1e-6)
    assert_close(ours, theirs, *tol)


@requires_torch
@pytest.mark.parametrize("name", ["alibi_bias", "relative_table", "softcap_bias"])
def test_gradients_into_captured_tensors_match_torch(name):
    arrays = _inputs("float64", [(2, 2, 6, 4), (2, 2, 6, 4), (2, 2, 6, 3), (2, 6, 6), (11,)])

    def run(m):
        f = _module(m)
        q, k, v = (m.tensor(a) for a in arrays[:3])
        bias = m.tensor(arrays[3], requires_grad=True)
        table = m.tensor(arrays[4], requires_grad=True)
        mods = {"alibi_bias": lambda s, b, h, i, j: s + bias[h, i, j],
                "relative_table": lambda s, b, h, i, j: s + table[i - j + 5],
                "softcap_bias": lambda s, b, h, i, j: 2.5 * m.tanh((s + bias[h, i, j]) / 2.5)}
        mask = f.create_block_mask(lambda b, h, i, j: i >= j, None, None, 6, 6,
                                   device=_device(m))
        out = f.flex_attention(q, k, v, score_mod=mods[name], block_mask=mask)
        (out * m.arange(3.0, dtype=m.float64)).sum().backward()
        return out, bias.grad, table.grad
    ours, theirs = run(ember), run(TORCH)
    assert ours[0].grad_fn.name() == theirs[0].grad_fn.name() == "FlexAttentionAutogradOpBackward"
    for mine, reference in zip(ours, theirs):
        assert (mine is None) == (reference is None)
        if mine is not None:
            assert_close(mine, reference, 1e-10, 1e-12)


def test_gradcheck_through_captured_tensors():
    rng = np.random.default_rng(1)
    q, k, v = (ember.tensor(rng.standard_normal((1, 2, 5, 3))) for _ in range(3))
    bias = ember.tensor(rng.standard_normal((2, 5, 5)), requires_grad=True)
    cap = ember.tensor(1.7, dtype=ember.float64, requires_grad=True)
    mask = flex.create_block_mask(lambda b, h, i, j: (i >= j) & (i % 4 != 1), None, None, 5, 5,
                                  device=_device(ember))

    def attend(bias, cap):
        def mod(s, b, h, i, j):
            return cap * ember.tanh((s + bias[h, i, j]) / cap)
        out, aux = flex.flex_attention(q, k, v, score_mod=mod, block_mask=mask,
                                       return_aux=flex.AuxRequest(lse=True))
        return out, aux.lse.masked_fill(aux.lse.isinf(), 0.0)
    assert gradcheck(attend, (bias, cap))


def test_gradcheck_of_the_computation_in_query_key_value():
    """torch refuses q/k/v gradients on the CPU; the math ember runs where they are allowed
    (an accelerator) is the same function, checked here directly."""
    rng = np.random.default_rng(2)
    q, k, v = (ember.tensor(rng.standard_normal(shape), requires_grad=True)
               for shape in [(1, 4, 4, 3), (1, 2, 4, 3), (1, 2, 4, 2)])

    def attend(q, k, v):
        out, lse, _ = flex._attend(q, k, v, lambda s, b, h, i, j: s * (1 + h),
                                   lambda b, h, i, j: i >= j, 0.5)
        return out, lse
    assert gradcheck(attend, (q, k, v))


def _errors():
    x = ember.ones(1, 2, 4, 3)
    causal = flex.create_block_mask(lambda b, h, i, j: i >= j, None, None, 4, 4,
                                    device=_device(ember))
    return {
        "requires_grad": lambda m, x, mask: _module(m).flex_attention(
            x.clone().requires_grad_(), x, x),
        "three_dims": lambda m, x, mask: _module(m).flex_attention(x[0], x[0], x[0]),
        "heads": lambda m, x, mask: _module(m).flex_attention(x, x[:, :1], x[:, :1]),
        "gqa_multiple": lambda m, x, mask: _module(m).flex_attention(
            x[:, :1].repeat(1, 3, 1, 1), x, x, enable_gqa=True),
        "embed": lambda m, x, mask: _module(m).flex_attention(x, x[..., :2], x),
        "batch": lambda m, x, mask: _module(m).flex_attention(x.repeat(2, 1, 1, 1), x, x),
        "max_scores": lambda m, x, mask: _module(m).flex_attention(
            x, x, x, return_aux=_module(m).AuxRequest(max_scores=True)),
        "both_lse": lambda m, x, mask: _module(m).flex_attention(
            x, x, x, return_lse=True, return_aux=_module(m).AuxRequest(lse=True)),
        "backend": lambda m, x, mask: _module(m).flex_attention(
            x, x, x, kernel_options={"BACKEND": "CUDA"}),
        "longer": lambda m, x, mask: _module(m).flex_attention(
            x.repeat(1, 1, 2, 1), x.repeat(1, 1, 2, 1), x.repeat(1, 1, 2, 1), block_mask=mask),
        "shorter": lambda m, x, mask: _module(m).flex_attention(x[:, :, :2], x, x,
                                                                 block_mask=mask),
        "sliced": lambda m, x, mask: _module(m).flex_attention(x, x, x, block_mask=mask[0]),
        "mod_arity": lambda m, x, mask: _module(m).create_block_mask(
            lambda b, h: b, 1, 1, 4, 4, device="cpu"),
        "score_mod_for_mask": lambda m, x, mask: _module(m).create_block_mask(
            lambda s, b, h, i, j: s, 1, 1, 4, 4, device="cpu"),
        "or_not_callable": lambda m, x, mask: _module(m).or_masks(1),
        "two_dims_block_mask": lambda m, x, mask: _module(m).BlockMask.from_kv_blocks(
            m.ones(1, dtype=m.int32), m.ones(1, dtype=m.int32)),
    }, x, causal


# torch refuses q/k/v gradients and max_scores on the CPU only; its CUDA kernels give them.
_CPU_REFUSALS = ("requires_grad", "max_scores")


@requires_torch
@pytest.mark.parametrize("case", [pytest.param(case, marks=cpu_only(CPU_KERNEL))
                                  if case in _CPU_REFUSALS else case for case in _errors()[0]])
def test_errors_match_torch(case):
    cases, x, mask = _errors()
    theirs_mask = _module(TORCH).create_block_mask(lambda b, h, i, j: i >= j, None, None, 4, 4,
                                                   device="cpu")
    with pytest.raises(Exception) as theirs:
        cases[case](TORCH, TORCH.ones(1, 2, 4, 3), theirs_mask)
    with pytest.raises(type(theirs.value)) as ours:
        cases[case](ember, x, mask)
    assert _no_address(ours.value) == _no_address(theirs.value).replace("torch.", "ember.")


def _no_address(error):
    return re.sub(r" at 0x[0-9a-f]+", "", str(error))


@requires_torch
def test_warnings_match_torch_once_per_process():
    torch_flex = _module(TORCH)
    x = ember.ones(1, 1, 2, 2)
    for module, inputs in [(flex, (x, x, x)), (torch_flex, (TORCH.ones(1, 1, 2, 2),) * 3)]:
        module._WARNINGS_SHOWN.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module.flex_attention(*inputs, return_lse=True)
            module.flex_attention(*inputs, return_lse=True)
        module._WARNINGS_SHOWN.update(("flex_attention_performance", "deprecated_return_lse"))
        if module is flex:
            ours = [(w.category, str(w.message)) for w in caught]
        else:
            theirs = [(w.category, str(w.message)) for w in caught]
    assert ours == theirs and len(ours) == 2
    assert [c for c, _ in ours] == [FutureWarning, UserWarning]


def test_block_mask_from_kv_blocks_derives_columns_and_moves():
    mask = flex.BlockMask.from_kv_blocks(ember.tensor([[[1, 2]]], dtype=ember.int32),
                                         ember.tensor([[[[1, 0], [0, 1]]]], dtype=ember.int32),
                                         BLOCK_SIZE=(16, 32))
    assert mask.shape == (1, 1, 32, 64)
    assert mask.q_num_blocks.tolist() == [[[1, 2]]]
    assert mask.q_indices.tolist() == [[[[1, 0], [0, 1]]]]
    assert mask.to("cpu").kv_indices.tolist() == mask.kv_indices.tolist()
    assert mask.sparsity() == 25.0
