"""Pooling, unfold and fold: values, indices, gradients and grad_fn names against torch."""
from __future__ import annotations

import functools

import numpy as np
import pytest

import ember
from ember.ops import pooling
from tests.conftest import (INSTALL, TORCH, check_gradients, compare_with_torch, rand64,
                            requires_torch)


def F(lib):
    """The functional namespace of ``lib``: ember's pooling ops or torch.nn.functional."""
    return pooling if lib is ember else lib.nn.functional


MAX_POOL_2D = [
    {"kernel_size": 2},
    {"kernel_size": 3, "stride": 2, "padding": 1},
    {"kernel_size": (3, 2), "stride": (2, 1), "padding": (1, 0), "dilation": (2, 1), "ceil_mode": True},
    {"kernel_size": 3, "stride": 2, "ceil_mode": True},
    {"kernel_size": 2, "stride": 1, "dilation": 2},
    {"kernel_size": (1, 3), "stride": (1, 2), "padding": (0, 1), "ceil_mode": True},
]


@requires_torch
@pytest.mark.parametrize("kw", MAX_POOL_2D)
@pytest.mark.parametrize("batched", [True, False])
def test_max_pool2d_matches_torch(kw, batched):
    shape = (2, 3, 7, 8) if batched else (3, 7, 8)
    x = rand64(*shape)
    compare_with_torch(lambda lib, x: F(lib).max_pool2d(x, **kw), x)
    _out, idx = pooling.max_pool2d(x, return_indices=True, **kw)
    _, tidx = TORCH.nn.functional.max_pool2d(TORCH.from_numpy(x.detach().cpu().numpy()),
                                             return_indices=True, **kw)
    assert idx.dtype == ember.int64
    np.testing.assert_array_equal(idx.cpu().numpy(), tidx.cpu().numpy())


@requires_torch
@pytest.mark.parametrize("kw", [{"kernel_size": 3, "stride": 2, "padding": 1, "return_indices": True},
                                {"kernel_size": 2, "ceil_mode": True, "dilation": 2}])
def test_max_pool1d_and_3d_match_torch(kw):
    compare_with_torch(lambda lib, x: F(lib).max_pool1d(x, **kw), rand64(2, 3, 9))
    compare_with_torch(lambda lib, x: F(lib).max_pool3d(x, **kw), rand64(1, 2, 5, 6, 5))


@requires_torch
def test_adaptive_max_pool_nan_index_matches_torch():
    x = ember.tensor(np.arange(72, dtype=np.float32).reshape(1, 2, 6, 6))
    x._data[0, 0, 1, 1] = x._data[0, 0, 2, 2] = np.nan
    compare_with_torch(lambda lib, x: F(lib).adaptive_max_pool2d(x, 2, return_indices=True), x)


@requires_torch
def test_max_pool_propagates_nan_and_handles_float32():
    x = ember.tensor(np.arange(32, dtype=np.float32).reshape(1, 2, 4, 4))
    x._data[0, 0, 1, 1] = np.nan
    compare_with_torch(lambda lib, x: F(lib).max_pool2d(x, 2, return_indices=True), x)


AVG_POOL_2D = [
    {"kernel_size": 2},
    {"kernel_size": 3, "stride": 2, "padding": 1},
    {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
    {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False},
    {"kernel_size": (3, 2), "stride": (2, 3), "padding": (1, 1), "ceil_mode": True},
    {"kernel_size": 3, "stride": 1, "padding": 1, "divisor_override": 5},
]


@requires_torch
@pytest.mark.parametrize("kw", AVG_POOL_2D)
@pytest.mark.parametrize("batched", [True, False])
def test_avg_pool2d_matches_torch(kw, batched):
    shape = (2, 3, 7, 8) if batched else (3, 7, 8)
    compare_with_torch(lambda lib, x: F(lib).avg_pool2d(x, **kw), rand64(*shape))


@requires_torch
@pytest.mark.parametrize("kw", [{"kernel_size": 3, "stride": 2, "padding": 1},
                                {"kernel_size": 2, "ceil_mode": True, "count_include_pad": False}])
def test_avg_pool1d_and_3d_match_torch(kw):
    compare_with_torch(lambda lib, x: F(lib).avg_pool1d(x, **kw), rand64(2, 3, 9))
    compare_with_torch(lambda lib, x: F(lib).avg_pool3d(x, **kw), rand64(1, 2, 5, 6, 5))


@requires_torch
@pytest.mark.parametrize("size", [(3, 5), 1, (None, 3), 7, (4, 8)])
def test_adaptive_avg_pool2d_matches_torch(size):
    compare_with_torch(lambda lib, x: F(lib).adaptive_avg_pool2d(x, size), rand64(2, 3, 7, 8))
    compare_with_torch(lambda lib, x: F(lib).adaptive_avg_pool2d(x, size), rand64(3, 7, 8))


@requires_torch
@pytest.mark.parametrize("size", [(3, 5), 1, (7, 3)])
def test_adaptive_max_pool2d_matches_torch(size):
    compare_with_torch(lambda lib, x: F(lib).adaptive_max_pool2d(x, size, True),
                       rand64(2, 3, 7, 8))
    compare_with_torch(lambda lib, x: F(lib).adaptive_max_pool2d(x, size), rand64(3, 7, 8))


@requires_torch
@pytest.mark.parametrize("size", [1, 3, 4, 9])
def test_adaptive_pool1d_matches_torch(size):
    compare_with_torch(lambda lib, x: F(lib).adaptive_avg_pool1d(x, size), rand64(2, 3, 7))
    compare_with_torch(lambda lib, x: F(lib).adaptive_max_pool1d(x, size, True), rand64(2, 3, 7))
    compare_with_torch(lambda lib, x: F(lib).adaptive_avg_pool3d(x, size), rand64(1, 2, 7, 5, 4))


@requires_torch
@pytest.mark.parametrize("norm", [1, 2, 3.0])
def test_lp_pool_matches_torch(norm):
    compare_with_torch(lambda lib, x: F(lib).lp_pool2d(x, norm, 3, 2),
                       rand64(2, 3, 7, 8, low=0.1, high=2.0))
    compare_with_torch(lambda lib, x: F(lib).lp_pool2d(x, norm, (2, 3), ceil_mode=True),
                       rand64(2, 3, 7, 8, low=0.1, high=2.0))
    y = rand64(2, 3, 9, low=0.1, high=2.0)
    compare_with_torch(lambda lib, x: F(lib).lp_pool1d(x, norm, 3, 2), y)


@requires_torch
@pytest.mark.parametrize("kw", [{"kernel_size": 2}, {"kernel_size": (3, 2), "dilation": (1, 2),
                                                            "padding": 1, "stride": (2, 1)}])
@pytest.mark.parametrize("batched", [True, False])
def test_unfold_fold_match_torch(kw, batched):
    shape = (2, 3, 7, 8) if batched else (3, 7, 8)
    compare_with_torch(lambda lib, x: F(lib).unfold(x, **kw), rand64(*shape))
    cols = TORCH.nn.functional.unfold(TORCH.zeros(shape), **kw)
    x = rand64(*cols.shape)
    compare_with_torch(lambda lib, x: F(lib).fold(x, (7, 8), **kw), x)


@requires_torch
def test_max_unpool2d_matches_torch():
    out, idx = pooling.max_pool2d(rand64(2, 3, 6, 8, requires_grad=False), 2,
                                  return_indices=True)
    compare_with_torch(lambda lib, x, i: F(lib).max_unpool2d(x, i, 2), rand64(*out.shape), idx)
    compare_with_torch(lambda lib, x, i: F(lib).max_unpool2d(x, i, 2, output_size=(7, 9)),
                       rand64(*out.shape), idx)


@pytest.mark.parametrize("fn", [
    lambda x: pooling.max_pool2d(x, 2, 1),
    lambda x: pooling.max_pool2d(x, 3, 2, 1, ceil_mode=True),
    lambda x: pooling.max_pool1d(x.flatten(2), 3, 2, 1),
    lambda x: pooling.avg_pool2d(x, 3, 2, 1, True, False),
    lambda x: pooling.avg_pool2d(x, 2, 1, divisor_override=3),
    lambda x: pooling.avg_pool1d(x.flatten(2), 3, 2, 1),
    lambda x: pooling.adaptive_avg_pool2d(x, 3),
    lambda x: pooling.adaptive_max_pool2d(x, 3),
    lambda x: pooling.lp_pool2d(x * x + 0.5, 2, 2),
    lambda x: pooling.unfold(x, 2, 1, 1, 2),
    lambda x: pooling.fold(pooling.unfold(x, 2), (5, 4), 2),
])
def test_pooling_gradients(fn):
    check_gradients(fn, rand64(1, 2, 5, 4))


def test_max_unpool2d_gradients():
    _, idx = pooling.max_pool2d(rand64(1, 2, 4, 4, requires_grad=False), 2, return_indices=True)
    check_gradients(lambda x: pooling.max_unpool2d(x, idx, 2), rand64(1, 2, 2, 2))


@pytest.mark.parametrize("call, message", [
    (lambda: pooling.max_pool2d(ember.zeros(1, 4, 5, 5), 7),
     r"Given input size: \(4x5x5\). Calculated output size: \(4x0x0\). Output size is too"),
    (lambda: pooling.max_pool2d(ember.zeros(1, 4, 5, 5), 3, padding=2),
     "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3"),
    (lambda: pooling.avg_pool2d(ember.zeros(1, 4, 2, 2), 3),
     r"Given input size: \(4x2x2\). Calculated output size: \(4x0x0\)"),
    (lambda: pooling.max_pool2d(ember.zeros(5, 5), 3),
     "non-empty 3D or 4D \\(batch mode\\) tensor expected for input"),
    (lambda: pooling.max_pool2d(ember.zeros(1, 4, 5, 5), 3, stride=0),
     "stride should not be zero"),
    (lambda: pooling.adaptive_avg_pool2d(ember.zeros(5), 3),
     r"adaptive_avg_pool2d\(\): Expected 3D or 4D tensor, but got \[5\]"),
    (lambda: pooling.fold(ember.zeros(1, 5, 4), (3, 3), 2),
     "Expected size of input's dimension 1 to be divisible by the product of kernel_size"),
])
def test_pooling_errors(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


@requires_torch
@pytest.mark.parametrize("call", [
    lambda F: F.max_pool2d(F_zeros(F, 1, 4, 5, 5), 7),
    lambda F: F.max_pool2d(F_zeros(F, 1, 4, 5, 5), 3, padding=2),
    lambda F: F.avg_pool2d(F_zeros(F, 1, 4, 2, 2), 3),
    lambda F: F.adaptive_avg_pool2d(F_zeros(F, 5), 3),
    lambda F: F.max_pool2d(F_zeros(F, 5, 5), 3),
    lambda F: F.fold(F_zeros(F, 1, 5, 4), (3, 3), 2),
])
def test_pooling_error_messages_match_torch(call):
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH.nn.functional)
    with pytest.raises(RuntimeError) as ours:
        call(pooling)
    assert str(ours.value) == str(theirs.value)


def F_zeros(namespace, *shape):
    lib = ember if namespace is pooling else TORCH
    return lib.zeros(*shape)


@pytest.mark.parametrize("fn", [
    lambda x: pooling.max_pool2d(x, 2, 1),
    lambda x: pooling.adaptive_max_pool2d(x, 3),
    lambda x: pooling.avg_pool2d(x, 2, 1),
    lambda x: pooling.unfold(x, 2),
])
def test_unbatched_pooling_second_order(fn):
    check_gradients(fn, rand64(2, 4, 4))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda F, x: F.max_pool2d(x, 2),
    lambda F, x: F.avg_pool2d(x, 2, ceil_mode=True),
    lambda F, x: F.adaptive_max_pool2d(x, 3),
    lambda F, x: F.adaptive_avg_pool2d(x, 3),
    lambda F, x: F.unfold(x, 2),
])
def test_empty_batch_matches_torch(call):
    theirs = call(TORCH.nn.functional, TORCH.zeros(0, 2, 4, 4, requires_grad=True))
    x = ember.zeros(0, 2, 4, 4, requires_grad=True)
    ours = call(pooling, x)
    assert tuple(ours.shape) == tuple(theirs.shape)
    ours.sum().backward()
    assert tuple(x.grad.shape) == (0, 2, 4, 4)


@requires_torch
@pytest.mark.parametrize("kw", MAX_POOL_2D)
def test_max_pool2d_ties_pick_the_first_maximum_like_torch(kw):
    # ReLU outputs are full of equal zeros: the gradient must go where torch sends it.
    arr = np.round(np.random.default_rng(0).standard_normal((2, 3, 7, 8)), 1)
    x = ember.tensor(np.maximum(arr, 0.0), requires_grad=True)
    compare_with_torch(lambda lib, x: F(lib).max_pool2d(x, return_indices=True, **kw), x)


# Each of PyTorch's CPU pooling/resampling kernels exists for some dtypes only and names
# itself when refusing another: ember refuses the same ones with the same message.
_KERNEL_CALLS = {
    "adaptive_avg_pool1d": lambda F, x: F.adaptive_avg_pool1d(x[..., 0, 0], 2),
    "adaptive_avg_pool2d": lambda F, x: F.adaptive_avg_pool2d(x[..., 0], 2),
    "adaptive_avg_pool3d": lambda F, x: F.adaptive_avg_pool3d(x, 2),
    "adaptive_max_pool2d": lambda F, x: F.adaptive_max_pool2d(x[..., 0], 2),
    "adaptive_max_pool3d": lambda F, x: F.adaptive_max_pool3d(x, 2),
    "avg_pool1d": lambda F, x: F.avg_pool1d(x[..., 0, 0], 2),
    "avg_pool2d": lambda F, x: F.avg_pool2d(x[..., 0], 2),
    "avg_pool3d": lambda F, x: F.avg_pool3d(x, 2),
    "max_pool1d": lambda F, x: F.max_pool1d(x[..., 0, 0], 2),
    "max_pool1d_indices": lambda F, x: F.max_pool1d(x[..., 0, 0], 2, return_indices=True),
    "max_pool2d": lambda F, x: F.max_pool2d(x[..., 0], 2),
    "max_pool3d": lambda F, x: F.max_pool3d(x, 2),
    "lp_pool2d": lambda F, x: F.lp_pool2d(x[..., 0], 2, 2),
    "nearest1d": lambda F, x: F.interpolate(x[..., 0, 0], scale_factor=2),
    "nearest2d": lambda F, x: F.interpolate(x[..., 0], scale_factor=2, mode="nearest-exact"),
    "nearest3d": lambda F, x: F.interpolate(x, scale_factor=2),
    "linear": lambda F, x: F.interpolate(x[..., 0, 0], scale_factor=2, mode="linear"),
    "bilinear": lambda F, x: F.interpolate(x[..., 0], scale_factor=2, mode="bilinear"),
    "bicubic": lambda F, x: F.interpolate(x[..., 0], scale_factor=2, mode="bicubic"),
    "trilinear": lambda F, x: F.interpolate(x, scale_factor=2, mode="trilinear"),
    "area1d": lambda F, x: F.interpolate(x[..., 0, 0], scale_factor=0.5, mode="area"),
    "area3d": lambda F, x: F.interpolate(x, scale_factor=0.5, mode="area"),
}


@requires_torch
@pytest.mark.parametrize("call", sorted(_KERNEL_CALLS))
def test_pooling_and_resampling_dtypes_as_torchs_kernels(call):
    def outcome(lib, dtype):
        x = lib.ones(1, 2, 4, 4, 4, dtype=getattr(lib, dtype))
        try:
            _KERNEL_CALLS[call](lib.nn.functional, x)
        except NotImplementedError as error:
            return str(error)
        return "ok"
    for dtype in ("int8", "int32", "int64", "uint8", "bool", "float16", "bfloat16", "float32",
                  "float64", "complex64"):
        assert outcome(ember, dtype) == outcome(TORCH, dtype), dtype


@requires_torch
@pytest.mark.parametrize("shape", [(), (3,), (3, 3), (0, 2, 3, 3), (1, 0, 3, 3), (2, 0, 3),
                                   (1, 2, 0, 3), (2, 3, 3), (1, 2, 3, 3, 3)])
def test_unfold_rank_and_empty_dims_as_torch(shape):
    def outcome(lib):
        try:
            return tuple(lib.nn.functional.unfold(lib.ones(shape), 2).shape)
        except (IndexError, RuntimeError) as error:
            return type(error).__name__, str(error)
    assert outcome(ember) == outcome(TORCH)


@requires_torch
@pytest.mark.parametrize("dims", [1, 3])
def test_bicubic_needs_a_4d_input_with_torchs_message(dims):
    def message(lib):
        with pytest.raises(NotImplementedError) as error:
            lib.nn.functional.interpolate(lib.ones((1, 2) + (4,) * dims), scale_factor=2,
                                          mode="bicubic")
        return str(error.value)
    assert message(ember) == message(TORCH)


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
@pytest.mark.parametrize("dims, size, out", [(1, (11,), (4,)), (2, (11, 13), (3, 5)),
                                             (2, (11, 13), (7, 2)), (3, (5, 6, 7), (2, 3, 4))])
def test_adaptive_avg_pool_values_bit_for_bit_and_nan_stays_in_its_windows(dtype, dims, size,
                                                                           out):
    # torch adds each window in row-major order (half types in float32 for 1-D/2-D) and
    # divides by its length in one dim after another; ember multiplied by averaging matrices,
    # a rounding step apart, and 0 * nan spread one NaN or inf over every output
    if dtype == "bfloat16":
        pytest.importorskip("ml_dtypes", reason=INSTALL["ml_dtypes"])
    values = np.random.default_rng(5).normal(size=(2, 3) + size)
    values[0, 1].flat[7] = np.nan
    values[1, 2].flat[3] = np.inf
    results, grads = [], []
    upstream = np.random.default_rng(6).normal(size=(2, 3) + tuple(out))
    for lib in (ember, TORCH):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        pool = getattr(lib.nn.functional, f"adaptive_avg_pool{dims}d")
        y = pool(x, out)
        results.append(y.detach().to(lib.float64).cpu().numpy())
        # the derivative: each output's gradient / length per dim, added in output order
        y.backward(lib.tensor(upstream, dtype=getattr(lib, dtype)))
        grads.append(x.grad.to(lib.float64).cpu().numpy())
    np.testing.assert_array_equal(results[0], results[1])  # NaN where torch has NaN
    assert 0 < np.isnan(results[0]).sum() < results[0][0, 1].size
    np.testing.assert_array_equal(grads[0], grads[1])


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("dims, kwargs", [(1, {"kernel_size": 4, "ceil_mode": True}),
                                          (2, {"kernel_size": 2}),
                                          (2, {"kernel_size": 3, "stride": 2, "padding": 1,
                                               "count_include_pad": False}),
                                          (2, {"kernel_size": 3, "divisor_override": 5})])
def test_half_avg_pool_adds_in_float_as_torch(dtype, dims, kwargs):
    # torch adds a float16/bfloat16 window in float and divides there, rounding once (ember
    # added in the half type; before that it floor-divided bfloat16 into float64)
    if dtype == "bfloat16":
        pytest.importorskip("ml_dtypes", reason=INSTALL["ml_dtypes"])
    values = np.random.default_rng(1).normal(size=(2, 3, 7, 9)[-dims - 2:]) * 5 + 20
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(values).to(getattr(lib, dtype)).requires_grad_()
        out = getattr(lib.nn.functional, f"avg_pool{dims}d")(x, **kwargs)
        out.sum().backward()
        results.append((str(out.dtype).split(".")[1], out.tolist(), x.grad.tolist()))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, x: lib.nn.functional.max_pool1d(x[0], 2),
    lambda lib, x: lib.nn.functional.max_pool1d(x[0], 3, 1, return_indices=True)[0],
    lambda lib, x: lib.nn.functional.max_pool2d(x, 2),
    lambda lib, x: lib.nn.functional.max_pool2d(x, 3, 1, 1, ceil_mode=True),
    lambda lib, x: lib.nn.MaxPool2d(2, dilation=1)(x),
    lambda lib, x: lib.nn.functional.max_pool3d(x[None], (1, 2, 2)),
])
def test_max_pool_forward_ad_matches_torch(call):
    # A dual input must record the pool for its tangent to be pushed through the argmax
    # indices; max_pool1d/2d recorded only for requires_grad inputs and jvp returned zeros.
    rng = np.random.default_rng(0)
    x, v = rng.standard_normal((2, 2, 5, 6)), rng.standard_normal((2, 2, 5, 6))
    tangents = []
    for lib in (ember, TORCH):
        fn = functools.partial(call, lib)
        _, tangent = lib.func.jvp(fn, (lib.tensor(x),), (lib.tensor(v),))
        with lib.autograd.forward_ad.dual_level():
            dual = lib.autograd.forward_ad.make_dual(lib.tensor(x), lib.tensor(v))
            unpacked = lib.autograd.forward_ad.unpack_dual(fn(dual)).tangent
        tangents.append((tangent.cpu().numpy(), unpacked.cpu().numpy()))
    for ours, theirs in zip(*tangents):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    assert np.abs(tangents[0][0]).sum() > 0


ADAPTIVE_EMPTY = {
    "avg2d": lambda lib: lib.nn.functional.adaptive_avg_pool2d(lib.zeros(1, 2, 0, 6), 2),
    "avg2d to 0": lambda lib: lib.nn.functional.adaptive_avg_pool2d(lib.zeros(1, 2, 0, 6), 0),
    "avg3d": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.zeros(1, 2, 0, 6), 2),
    "max2d": lambda lib: lib.nn.functional.adaptive_max_pool2d(lib.zeros(1, 2, 0, 6), 2),
    "max3d": lambda lib: lib.nn.functional.adaptive_max_pool3d(lib.zeros(1, 2, 2, 0, 6), 2),
    "area": lambda lib: lib.nn.functional.interpolate(lib.zeros(1, 2, 0, 6), size=3,
                                                      mode="area"),
}


@pytest.mark.parametrize("case", ADAPTIVE_EMPTY)
def test_adaptive_pooling_refuses_an_empty_non_batch_dim_as_torch(case):
    """An empty window has no mean or maximum: torch's RuntimeError (ember gave an empty or
    zero result, or failed inside NumPy with a TypeError/ValueError)."""
    with pytest.raises(RuntimeError, match="non-zero size for non-batch dimensions") as ours:
        ADAPTIVE_EMPTY[case](ember)
    if TORCH is not None:
        with pytest.raises(RuntimeError) as theirs:
            ADAPTIVE_EMPTY[case](TORCH)
        assert str(ours.value) == str(theirs.value)
    # an empty batch (or the first dim of an unbatched input) is no window: an empty result
    assert ember.nn.functional.adaptive_avg_pool2d(ember.zeros(0, 3, 6), 2).shape == (0, 2, 2)
