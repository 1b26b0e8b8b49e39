"""The fused kernels' fast paths (issue 16): each against torch in float32 and float64, on the
inputs that pick one path or the other, with gradients of first and second order."""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from ember.ops import conv
from tests.conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch


def F(lib):
    return lib.nn.functional


def _tensor(arr, dtype, requires_grad=True):
    return ember.tensor(np.asarray(arr), dtype=dtype, requires_grad=requires_grad)


# Rows whose sums of exponentials lie inside the range where softmax skips the max shift,
# outside it on either side, at its lower end (maxima just below -20, the sum above exp(-20)),
# infinite or NaN.
SOFTMAX_ROWS = {
    "small": [[0.5, -1.0, 2.0, 0.0], [3.0, 1.0, -2.0, 0.25]],
    "large": [[100.0, 99.0, 50.0, -3.0], [1.0, 2.0, 3.0, 4.0]],
    "very_negative": [[-50.0, -60.0, -140.0, -51.0], [-30.0, -30.5, -31.0, -200.0]],
    "mixed_bounds": [[59.0, 58.0, -80.0, 0.0], [-19.0, -25.0, -20.0, -130.0]],
    "low_sums": [[-20.5, -20.5, -20.5, -110.0], [-20.5, -20.5, -21.0, -21.0]],
}


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("rows", list(SOFTMAX_ROWS))
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_shift_paths_match_torch(name, rows, dtype):
    x = _tensor(SOFTMAX_ROWS[rows], dtype)
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    for dim in (-1, 0):
        x.grad = None
        compare_with_torch(lambda lib, x, dim=dim: getattr(F(lib), name)(x, dim), x, rtol=rtol,
                           atol=rtol)


@requires_torch
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_infinite_and_nan_rows_match_torch(name):
    # A row whose maximum is +inf or -inf is NaN throughout, as PyTorch's shift makes it.
    x = _tensor([[-np.inf, -np.inf, -np.inf], [np.inf, 1.0, 0.0], [np.nan, 1.0, 2.0],
                 [-np.inf, 0.0, 1.0]], ember.float32, requires_grad=False)
    compare_with_torch(lambda lib, x: getattr(F(lib), name)(x, 1), x, grad=False)


@requires_torch
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_non_contiguous_and_empty(name):
    base = rand64(6, 5, seed=3)
    compare_with_torch(lambda lib, x: getattr(F(lib), name)(x.t(), -1), base, rtol=1e-10)
    compare_with_torch(lambda lib, x: getattr(F(lib), name)(x, -1),
                       _tensor(np.zeros((0, 4)), ember.float32))


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_double_backward(name):
    check_gradients(lambda x: getattr(EF, name)(x, -1), rand64(3, 4, low=-3, high=3))
    check_gradients(lambda x: getattr(EF, name)(x * 40, -1), rand64(2, 3, seed=1))


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [-100, 1])
def test_cross_entropy_options_match_torch(dtype, reduction, smoothing, weighted, ignore):
    rng = np.random.default_rng(0)
    logits = _tensor(rng.standard_normal((6, 4)) * 3, dtype)
    target = ember.tensor([0, 1, 3, 1, 2, 1])
    weight = _tensor(rng.uniform(0.5, 2.0, 4), dtype, requires_grad=False) if weighted else None
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    compare_with_torch(
        lambda lib, x, t, w: F(lib).cross_entropy(x, t, w, ignore_index=ignore,
                                                  reduction=reduction,
                                                  label_smoothing=smoothing),
        logits, target, weight, rtol=rtol, atol=rtol)


@requires_torch
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_empty_batch_matches_torch(reduction):
    logits = _tensor(np.zeros((0, 5)), ember.float32)
    target = ember.tensor(np.zeros(0, np.int64))
    compare_with_torch(lambda lib, x, t: F(lib).cross_entropy(x, t, reduction=reduction,
                                                              label_smoothing=0.1),
                       logits, target, grad=reduction != "mean")


def test_cross_entropy_double_backward():
    target = ember.tensor([2, 0, 1])
    check_gradients(lambda x: EF.cross_entropy(x, target, label_smoothing=0.3, ignore_index=0),
                    rand64(3, 4))


ACTIVATIONS = {
    "gelu": lambda lib, x: F(lib).gelu(x),
    "gelu_tanh": lambda lib, x: F(lib).gelu(x, approximate="tanh"),
    "silu": lambda lib, x: F(lib).silu(x),
    "mish": lambda lib, x: F(lib).mish(x),
}


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_paths_match_torch(name, dtype):
    # Large enough for the threaded path of exact GELU's CDF, with the tails included.
    rng = np.random.default_rng(1)
    arr = np.concatenate([rng.standard_normal(70_000) * 4, [-40.0, -12.0, 0.0, 12.0, 40.0]])
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    compare_with_torch(ACTIVATIONS[name], _tensor(arr, dtype), rtol=rtol, atol=rtol)


@requires_torch
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_non_contiguous_and_scalar(name):
    compare_with_torch(lambda lib, x: ACTIVATIONS[name](lib, x.t()), rand64(4, 3),
                       rtol=1e-10)
    compare_with_torch(ACTIVATIONS[name], _tensor(0.75, ember.float64), rtol=1e-10)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_double_backward(name):
    check_gradients(lambda x: ACTIVATIONS[name](ember, x), rand64(3, 4, low=-3, high=3))


def test_activation_backward_twice_with_retained_graph():
    # The kept forward arrays (CDF, tanh, sigmoid) must survive the first backward.
    for fn in ACTIVATIONS.values():
        x = rand64(5, seed=2)
        out = fn(ember, x)
        out.sum().backward(retain_graph=True)
        first = x.grad.clone()
        out.sum().backward()
        np.testing.assert_allclose(x.grad.cpu().numpy(), 2 * first.cpu().numpy(), rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("name", ["silu", "gelu", "gelu_tanh"])
def test_activation_output_modified_in_place_keeps_gradient(name):
    # Backward multiplies by the derivative built in forward, never reads the output back.
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.linspace(-30.0, 30.0, 70_001), requires_grad=True)
        out = ACTIVATIONS[name](lib, x)
        with lib.no_grad():
            out.mul_(3.0)
        out.backward(lib.ones_like(out))
        results.append(x.grad.cpu().numpy() if lib is ember else x.grad.numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-10, atol=1e-12)


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("affine", ["none", "weight", "bias", "both"])
def test_layer_norm_affine_variants_match_torch(affine, dtype):
    rng = np.random.default_rng(2)
    x = _tensor(rng.standard_normal((3, 5, 8)) * 2 + 1, dtype)
    w = _tensor(rng.standard_normal((5, 8)), dtype) if affine in ("weight", "both") else None
    b = _tensor(rng.standard_normal((5, 8)), dtype) if affine in ("bias", "both") else None
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    compare_with_torch(lambda lib, x, w, b: F(lib).layer_norm(x, (5, 8), w, b), x, w, b,
                       rtol=rtol, atol=rtol)


@requires_torch
def test_layer_norm_non_contiguous_and_empty():
    compare_with_torch(lambda lib, x, w: F(lib).layer_norm(x.transpose(0, 1), (4,), w),
                       rand64(4, 3), rand64(4, seed=1), rtol=1e-10)
    compare_with_torch(lambda lib, x: F(lib).layer_norm(x, (6,)),
                       _tensor(np.zeros((0, 6)), ember.float32))


def test_layer_norm_output_modified_in_place_keeps_gradient():
    # Without an affine transform the output is xhat itself: backward must not read it back.
    x = rand64(3, 4)
    expected_out = EF.layer_norm(x, (4,))
    expected_out.sum().backward()
    expected = x.grad.clone()
    x.grad = None
    out = EF.layer_norm(x, (4,))
    with ember.no_grad():
        out.mul_(100.0)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), expected.cpu().numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm_double_backward(affine):
    w, b = (rand64(4, seed=1), rand64(4, seed=2)) if affine else (None, None)
    check_gradients(lambda x, *wb: EF.layer_norm(x, (4,), *wb), rand64(3, 4),
                    *((w, b) if affine else ()))


# Stride-1 depthwise convolutions (one filter per channel) take the flat-shift path.
DEPTHWISE = [
    ("conv1d", (2, 3, 9), (3, 1, 4), {"padding": 2}),
    ("conv1d", (2, 3, 9), (3, 1, 3), {"padding": "same", "dilation": 2}),
    ("conv2d", (2, 4, 7, 6), (4, 1, 3, 3), {"padding": 1}),
    ("conv2d", (2, 4, 7, 6), (4, 1, 3, 2), {"padding": (2, 0), "dilation": (2, 1)}),
    ("conv2d", (1, 3, 5, 5), (3, 1, 5, 5), {}),
    ("conv3d", (1, 2, 4, 5, 4), (2, 1, 3, 2, 3), {"padding": (1, 0, 1)}),
]


@requires_torch
@pytest.mark.parametrize("name, x_shape, w_shape, kw", DEPTHWISE)
def test_flat_depthwise_matches_torch(name, x_shape, w_shape, kw):
    compare_with_torch(lambda lib, x, w, b: getattr(F(lib), name)(x, w, b, groups=x_shape[1],
                                                                  **kw),
                       rand64(*x_shape), rand64(*w_shape, seed=1), rand64(w_shape[0], seed=2),
                       rtol=1e-10)


@requires_torch
def test_flat_depthwise_float32_large_batch_matches_torch():
    # More samples than one cache block holds, so the tap loops run over several blocks.
    rng = np.random.default_rng(3)
    x = _tensor(rng.standard_normal((40, 8, 20, 20)), ember.float32)
    w = _tensor(rng.standard_normal((8, 1, 3, 3)), ember.float32)
    compare_with_torch(lambda lib, x, w: F(lib).conv2d(x, w, padding=1, groups=8), x, w,
                       rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name, x_shape, w_shape, kw", DEPTHWISE[::2])
def test_flat_depthwise_double_backward(name, x_shape, w_shape, kw):
    fn = getattr(conv, name)
    check_gradients(lambda x, w: fn(x, w, groups=x_shape[1], **kw), rand64(*x_shape),
                    rand64(*w_shape, seed=1))


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("options", [{}, {"padding_idx": 2}, {"scale_grad_by_freq": True},
                                     {"padding_idx": 0, "scale_grad_by_freq": True}])
def test_embedding_backward_matches_torch(options, dtype):
    weight = _tensor(np.random.default_rng(4).standard_normal((6, 3)), dtype)
    indices = ember.tensor([[0, 2, 2, 5], [5, 5, 1, 0]])
    compare_with_torch(lambda lib, i, w: F(lib).embedding(i, w, **options), indices, weight,
                       rtol=1e-6 if dtype is ember.float32 else 1e-12)


def test_embedding_double_backward():
    indices = ember.tensor([1, 1, 0, 3])
    check_gradients(lambda w: EF.embedding(indices, w) ** 2, rand64(4, 2))



def _bool_mask_with_empty_row():
    mask = np.ones((4, 6), bool)
    mask[1] = False  # a query row that may attend to nothing: zero output, as in PyTorch
    mask[2, :3] = False
    return ember.tensor(mask)


ATTENTION = {
    "plain": {},
    "causal": {"is_causal": True},
    "bool_mask": {"attn_mask": "bool"},
    "float_mask": {"attn_mask": "float"},
    "scaled": {"scale": 0.3},
}


def _attention_kwargs(case, dtype):
    kwargs = dict(ATTENTION[case])
    if kwargs.get("attn_mask") == "bool":
        kwargs["attn_mask"] = _bool_mask_with_empty_row()
    elif kwargs.get("attn_mask") == "float":
        kwargs["attn_mask"] = _tensor(np.random.default_rng(5).standard_normal((4, 6)), dtype,
                                      requires_grad=False)
    return kwargs


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("case", list(ATTENTION))
def test_fused_attention_matches_torch(case, dtype):
    rng = np.random.default_rng(6)
    source = 4 if case == "causal" else 6
    q = _tensor(rng.standard_normal((2, 3, 4, 5)), dtype)
    k = _tensor(rng.standard_normal((2, 3, source, 5)), dtype)
    v = _tensor(rng.standard_normal((2, 3, source, 5)), dtype)
    kwargs = _attention_kwargs(case, dtype)
    rtol = 1e-5 if dtype is ember.float32 else 1e-10

    def attend(lib, q, k, v):
        extra = {name: (value if lib is ember or not isinstance(value, ember.Tensor)
                        else TORCH.from_numpy(value.cpu().numpy()))
                 for name, value in kwargs.items()}
        return F(lib).scaled_dot_product_attention(q, k, v, **extra)
    compare_with_torch(attend, q, k, v, rtol=rtol, atol=rtol)


@requires_torch
def test_unfused_attention_keeps_torch_grad_fn():
    # A value head size of its own is outside PyTorch's fused kernel: the composite runs.
    q, k, v = rand64(1, 2, 3, 4), rand64(1, 2, 5, 4, seed=1), rand64(1, 2, 5, 6, seed=2)
    compare_with_torch(lambda lib, q, k, v: F(lib).scaled_dot_product_attention(q, k, v),
                       q, k, v, rtol=1e-10)


@requires_torch
def test_fused_attention_grouped_heads_match_torch():
    q, k, v = rand64(1, 4, 3, 2), rand64(1, 2, 5, 2, seed=1), rand64(1, 2, 5, 2, seed=2)
    compare_with_torch(lambda lib, q, k, v: F(lib).scaled_dot_product_attention(
        q, k, v, enable_gqa=True), q, k, v, rtol=1e-10)


@pytest.mark.parametrize("case", ["plain", "causal", "bool_mask"])
def test_fused_attention_double_backward(case):
    kwargs = _attention_kwargs(case, ember.float64)
    length = 4 if case == "causal" else 6
    check_gradients(lambda q, k, v: EF.scaled_dot_product_attention(q, k, v, **kwargs),
                    rand64(1, 2, 4, 3), rand64(1, 2, length, 3, seed=1),
                    rand64(1, 2, length, 3, seed=2))


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("shape", [(6, 4), (3, 4, 5), (2, 4, 3, 5)])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [False, True])
def test_batch_norm_backward_matches_torch(shape, training, affine, dtype):
    rng = np.random.default_rng(7)
    x = _tensor(rng.standard_normal(shape) * 2 + 0.5, dtype)
    w, b = (_tensor(rng.standard_normal(4), dtype), _tensor(rng.standard_normal(4), dtype)) \
        if affine else (None, None)
    mean = _tensor(rng.standard_normal(4), dtype, requires_grad=False)
    var = _tensor(rng.uniform(0.5, 2.0, 4), dtype, requires_grad=False)
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    compare_with_torch(lambda lib, x, w, b, m, v: F(lib).batch_norm(
        x, m.clone(), v.clone(), w, b, training=training), x, w, b, mean, var, rtol=rtol,
        atol=rtol)


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("shape, groups", [((3, 6), 3), ((2, 6, 5), 2), ((2, 4, 3, 3), 4),
                                            ((2, 4, 3, 3), 1)])
@pytest.mark.parametrize("affine", [False, True])
def test_group_norm_backward_matches_torch(shape, groups, affine, dtype):
    rng = np.random.default_rng(8)
    x = _tensor(rng.standard_normal(shape) * 3 - 1, dtype)
    c = shape[1]
    w, b = (_tensor(rng.standard_normal(c), dtype), _tensor(rng.standard_normal(c), dtype)) \
        if affine else (None, None)
    rtol = 1e-5 if dtype is ember.float32 else 1e-10
    compare_with_torch(lambda lib, x, w, b: F(lib).group_norm(x, groups, w, b), x, w, b,
                       rtol=rtol, atol=rtol)


@pytest.mark.parametrize("norm", ["batch", "group"])
def test_batch_and_group_norm_double_backward(norm):
    w, b = rand64(4, seed=1), rand64(4, seed=2)
    if norm == "batch":
        fn = lambda x, w, b: EF.batch_norm(x, None, None, w, b, training=True)
    else:
        fn = lambda x, w, b: EF.group_norm(x, 2, w, b)
    check_gradients(fn, rand64(3, 4, 2), w, b)
