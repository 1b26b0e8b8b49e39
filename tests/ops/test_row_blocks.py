"""Fused kernels run block by block of rows, the blocks shared among intra-op threads (issue
16). With blocks made tiny, every kernel here crosses many block boundaries and runs on one and
on two threads: the results must be bit-identical between thread counts (blocks depend on the
shape alone; sums across rows add one partial per block in block order), match torch, and pass
gradcheck."""
from __future__ import annotations

import os
import signal
import threading
import time
import warnings

import numpy as np
import pytest

import ember
import ember.nn.functional as EF
from ember import _settings
from ember.ops import _kernels, normalization
from tests.conftest import check_gradients, compare_with_torch, rand64, requires_torch


@pytest.fixture
def tiny_blocks(monkeypatch):
    """Blocks of 40 elements, threads used from the first element, weight and bias tiles of a
    row or two (so layer_norm's blocks hold whole tiles and a rest); yields a function that
    sets the intra-op thread count."""
    monkeypatch.setattr(_kernels, "BLOCK_ELEMENTS", 40)
    monkeypatch.setattr(normalization, "_TILE_ELEMENTS", 12)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_SPECIAL", 0)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)

    def threads(count):
        monkeypatch.setitem(_settings._state, "threads", count)
    return threads


def _run(fn, arrays, seed=1):
    """fn's output and the gradients of every input, for a fixed random upstream gradient, as
    NumPy arrays."""
    inputs = [ember.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*inputs)
    grad = np.random.default_rng(seed).standard_normal(out.shape)
    grad = grad.astype(out.detach().cpu().numpy().dtype)
    out.backward(ember.tensor(grad))
    return [out.detach().cpu().numpy()] + [t.grad.cpu().numpy() for t in inputs]


def _same_bits_for_one_and_two_threads(tiny_blocks, fn, arrays):
    results = []
    for count in (1, 2):
        tiny_blocks(count)
        results.append(_run(fn, arrays))
    for one, two in zip(*results):
        assert one.dtype == two.dtype
        np.testing.assert_array_equal(one, two)
    return results[0]


LAYER_NORM_CASES = {
    "affine": (lambda x, w, b: EF.layer_norm(x, (6,), w, b), [(23, 6), (6,), (6,)]),
    "weight_only": (lambda x, w: EF.layer_norm(x, (3, 4), w), [(5, 7, 3, 4), (3, 4)]),
    "plain": (lambda x: EF.layer_norm(x, (9,)), [(31, 9)]),
    "long_rows": (lambda x, w, b: EF.layer_norm(x, (50,), w, b), [(7, 50), (50,), (50,)]),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", list(LAYER_NORM_CASES))
def test_layer_norm_blocks_bit_identical_across_threads(tiny_blocks, case, dtype):
    fn, shapes = LAYER_NORM_CASES[case]
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(s) * 3 + 2).astype(dtype) for s in shapes]
    out, *grads = _same_bits_for_one_and_two_threads(tiny_blocks, fn, arrays)
    assert out.dtype == dtype and all(g.dtype == dtype for g in grads)


@requires_torch
@pytest.mark.parametrize("case", list(LAYER_NORM_CASES))
def test_layer_norm_blocks_match_torch(tiny_blocks, case):
    shapes = LAYER_NORM_CASES[case][1]
    tiny_blocks(2)
    shape = tuple(shapes[1]) if len(shapes) > 1 else tuple(shapes[0][-1:])
    for cast, tol in ((lambda t: t, 1e-10), (lambda t: t.float(), 1e-5)):
        compare_with_torch(
            lambda lib, x, *wb, cast=cast: lib.nn.functional.layer_norm(
                cast(x), shape, *(cast(t) for t in wb)),
            *(rand64(*s, seed=i) for i, s in enumerate(shapes)), rtol=tol, atol=tol)


@pytest.mark.parametrize("case", ["affine", "plain"])
def test_layer_norm_blocks_gradcheck(tiny_blocks, case):
    fn, shapes = LAYER_NORM_CASES[case]
    tiny_blocks(2)
    check_gradients(fn, *(rand64(*s, seed=i) for i, s in enumerate(shapes)),
                    second_order=False)


def test_row_blocks_depend_on_shape_only(monkeypatch):
    monkeypatch.setattr(_kernels, "BLOCK_ELEMENTS", 100)
    assert _kernels.row_blocks(10, 30) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert _kernels.row_blocks(2, 500) == [(0, 1), (1, 2)]
    assert _kernels.row_blocks(0, 5) == []


@pytest.mark.parametrize("failing", [0, 2])
def test_run_row_blocks_raises_the_kernels_error_after_the_running_blocks_finished(tiny_blocks,
                                                                                  failing):
    # Three blocks on two threads, claimed in order: every block up to the failing one runs,
    # none twice, no block starts after the error, and none is still running on return.
    tiny_blocks(2)
    seen = []

    def kernel(index, lo, hi):
        time.sleep(0.01)
        seen.append((index, lo, hi))
        if index == failing:
            raise ValueError(f"block {index}")
    with pytest.raises(ValueError, match=f"block {failing}"):
        _kernels.run_row_blocks(kernel, _kernels.row_blocks(10, 10), 10)
    finished = sorted(seen)
    time.sleep(0.05)
    assert sorted(seen) == finished
    expected = [(0, 0, 4), (1, 4, 8), (2, 8, 10)]
    assert len(set(finished)) == len(finished)
    assert expected[:failing + 1] == finished[:failing + 1]
    assert set(finished) <= set(expected)


def test_run_row_blocks_does_not_wait_for_a_worker_that_has_not_started(tiny_blocks):
    # The only intra-op worker is kept busy: the calling thread claims every block itself and
    # returns, rather than wait for the worker (as a busy machine's late-running thread).
    tiny_blocks(2)
    release = threading.Event()
    busy = _kernels._executor(1).submit(release.wait, 30)
    ran = []
    try:
        caller = threading.Thread(target=_kernels.run_row_blocks, args=(
            lambda index, lo, hi: ran.append((index, threading.get_ident())),
            _kernels.row_blocks(10, 10), 10))
        caller.start()
        caller.join(10)
        assert not caller.is_alive(), "run_row_blocks waited for the busy worker"
    finally:
        release.set()
        busy.result()
    assert sorted(index for index, _ in ran) == [0, 1, 2]
    assert {thread for _, thread in ran} == {caller.ident}


@requires_torch
@pytest.mark.parametrize("dtypes", [("float32", "float64"), ("float64", "float32")])
@pytest.mark.parametrize("which", ["weight", "bias"])
def test_layer_norm_mixed_parameter_dtype_raises_as_torch(dtypes, which):
    import torch
    messages = []
    for lib in (ember, torch):
        x = lib.ones(2, 3, dtype=getattr(lib, dtypes[0]))
        param = {which: lib.ones(3, dtype=getattr(lib, dtypes[1]))}
        with pytest.raises(RuntimeError) as info:
            lib.nn.functional.layer_norm(x, (3,), **param)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


ACTIVATIONS = {
    "silu": lambda lib, x: lib.nn.functional.silu(x),
    "mish": lambda lib, x: lib.nn.functional.mish(x),
    "gelu": lambda lib, x: lib.nn.functional.gelu(x),
    "gelu_tanh": lambda lib, x: lib.nn.functional.gelu(x, approximate="tanh"),
    "softmax": lambda lib, x: lib.nn.functional.softmax(x, -1),
    "log_softmax": lambda lib, x: lib.nn.functional.log_softmax(x, -1),
    # Rows past the range where softmax skips the max shift.
    "log_softmax_shifted": lambda lib, x: lib.nn.functional.log_softmax(x * 40, -1),
    # One row past that range: the blocks finished unshifted are all redone with the shift.
    "softmax_last_row_shifted": lambda lib, x: lib.nn.functional.softmax(
        lib.cat([x[:-1], x[-1:] * 40]), -1),
    "log_softmax_last_row_shifted": lambda lib, x: lib.nn.functional.log_softmax(
        lib.cat([x[:-1], x[-1:] * 40]), -1),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_blocks_bit_identical_across_threads(tiny_blocks, name, dtype):
    x = (np.random.default_rng(0).standard_normal((13, 7)) * 3).astype(dtype)
    out, grad = _same_bits_for_one_and_two_threads(
        tiny_blocks, lambda t: ACTIVATIONS[name](ember, t), [x])
    assert out.dtype == grad.dtype == dtype


@requires_torch
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_blocks_match_torch(tiny_blocks, name):
    tiny_blocks(2)
    compare_with_torch(ACTIVATIONS[name], rand64(11, 9, low=-4, high=4), rtol=1e-10,
                       atol=1e-10)
    compare_with_torch(lambda lib, x: ACTIVATIONS[name](lib, x.float()),
                       rand64(11, 9, low=-4, high=4, seed=1), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_blocks_gradcheck(tiny_blocks, name):
    tiny_blocks(2)
    check_gradients(lambda x: ACTIVATIONS[name](ember, x), rand64(6, 9, low=-3, high=3),
                    second_order=False)


# Convolutions lay their columns out per sample or over the whole batch (conv.PER_SAMPLE_MIN,
# PER_SAMPLE_MAX_ROWS), the whole batch's on the flat grid when the stride is 1
# (conv.FLAT_LAYOUT): each layout, forced, on each geometry.
CONVS = [
    ("conv2d", (3, 4, 7, 6), (6, 4, 3, 3), {"padding": 1}),
    ("conv2d", (2, 4, 9, 8), (6, 2, 3, 2), {"stride": 2, "groups": 2, "dilation": (1, 2)}),
    ("conv1d", (3, 2, 11), (4, 2, 3), {"padding": 2, "stride": 2}),
    ("conv3d", (2, 2, 4, 5, 4), (3, 2, 2, 3, 2), {"padding": (1, 0, 1)}),
    ("conv_transpose2d", (2, 4, 5, 4), (4, 3, 3, 3), {"stride": 2, "padding": 1}),
    ("conv_transpose1d", (2, 4, 6), (4, 1, 3), {"groups": 2, "output_padding": 1,
                                                "stride": 2}),
    ("conv_transpose2d", (2, 4, 5, 4), (4, 3, 2, 3), {"padding": (1, 0), "dilation": (2, 1)}),
]


@requires_torch
@pytest.mark.parametrize("layout", ["per_sample", "whole_batch", "flat"])
@pytest.mark.parametrize("case", range(len(CONVS)))
def test_conv_column_layouts_match_torch(monkeypatch, case, layout):
    from ember.ops import conv
    monkeypatch.setattr(conv, "PER_SAMPLE_MIN", 0 if layout == "per_sample" else 1 << 30)
    monkeypatch.setattr(conv, "FLAT_LAYOUT", layout == "flat")
    monkeypatch.setattr(conv, "PER_SAMPLE_MAX_ROWS", 1 << 30)
    name, x_shape, w_shape, kwargs = CONVS[case]
    bias = w_shape[1] * kwargs.get("groups", 1) if "transpose" in name else w_shape[0]
    tensors = [rand64(*x_shape), rand64(*w_shape, seed=1), rand64(bias, seed=2)]
    compare_with_torch(lambda lib, x, w, b: getattr(lib.nn.functional, name)(x, w, b, **kwargs),
                       *tensors, rtol=1e-10, atol=1e-10)
    if case in (1, 4) or (layout == "flat" and case in (0, 6)):
        check_gradients(lambda x, w, b: getattr(EF, name)(x, w, b, **kwargs),
                        *(rand64(*t.shape, seed=i) for i, t in enumerate(tensors)))


# Batch norm's blocks are samples (statistics added over blocks in block order); group norm's
# are rows of (sample, group).
CHANNEL_NORM_CASES = {
    "batch_affine": (lambda x, w, b: EF.batch_norm(x, None, None, w, b, training=True),
                     [(7, 3, 5), (3,), (3,)]),
    "batch_plain": (lambda x: EF.batch_norm(x, None, None, training=True), [(9, 2, 2, 3)]),
    "batch_running": (lambda x, w: EF.batch_norm(
        x, ember.zeros(4, dtype=x.dtype), ember.ones(4, dtype=x.dtype), w, training=True),
        [(6, 4, 3), (4,)]),
    "group_affine": (lambda x, w, b: EF.group_norm(x, 2, w, b), [(5, 4, 3, 2), (4,), (4,)]),
    "group_weight_only": (lambda x, w: EF.group_norm(x, 3, w), [(4, 6, 5), (6,)]),
    "group_plain": (lambda x: EF.group_norm(x, 1, None), [(7, 2, 4)]),
    # planes too large for tiles of the channel values beside tiny blocks: per-channel columns
    "group_columns": (lambda x, w, b: EF.group_norm(x, 2, w, b), [(3, 4, 15), (4,), (4,)]),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", list(CHANNEL_NORM_CASES))
def test_channel_norm_blocks_bit_identical_across_threads(tiny_blocks, case, dtype):
    fn, shapes = CHANNEL_NORM_CASES[case]
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(s) * 3 + 2).astype(dtype) for s in shapes]
    out, *grads = _same_bits_for_one_and_two_threads(tiny_blocks, fn, arrays)
    assert out.dtype == dtype and all(g.dtype == dtype for g in grads)


@requires_torch
@pytest.mark.parametrize("case", list(CHANNEL_NORM_CASES))
def test_channel_norm_blocks_match_torch(tiny_blocks, case):
    fn, shapes = CHANNEL_NORM_CASES[case]
    tiny_blocks(2)
    tensors = [rand64(*s, seed=i) for i, s in enumerate(shapes)]
    ember_out = _run(fn, [t.detach().cpu().numpy() for t in tensors])
    import torch
    torch_fns = {
        "batch_affine": lambda x, w, b: torch.nn.functional.batch_norm(
            x, None, None, w, b, training=True),
        "batch_plain": lambda x: torch.nn.functional.batch_norm(x, None, None, training=True),
        "batch_running": lambda x, w: torch.nn.functional.batch_norm(
            x, torch.zeros(4, dtype=x.dtype), torch.ones(4, dtype=x.dtype), w, training=True),
        "group_affine": lambda x, w, b: torch.nn.functional.group_norm(x, 2, w, b),
        "group_weight_only": lambda x, w: torch.nn.functional.group_norm(x, 3, w),
        "group_plain": lambda x: torch.nn.functional.group_norm(x, 1, None),
        "group_columns": lambda x, w, b: torch.nn.functional.group_norm(x, 2, w, b),
    }
    inputs = [torch.tensor(t.detach().cpu().numpy(), requires_grad=True) for t in tensors]
    out = torch_fns[case](*inputs)
    grad = np.random.default_rng(1).standard_normal(tuple(out.shape))
    out.backward(torch.tensor(grad))
    expected = [out.detach().cpu().numpy()] + [t.grad.cpu().numpy() for t in inputs]
    for mine, theirs in zip(ember_out, expected):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("case", ["batch_affine", "group_affine"])
def test_channel_norm_blocks_gradcheck(tiny_blocks, case):
    fn, shapes = CHANNEL_NORM_CASES[case]
    tiny_blocks(2)
    check_gradients(fn, *(rand64(*s, seed=i) for i, s in enumerate(shapes)),
                    second_order=False)


@requires_torch
@pytest.mark.parametrize("bit_masks", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_backward_selects_bits_as_torch(tiny_blocks, monkeypatch, dtype, bit_masks):
    # relu's backward selects through bit masks on large contiguous arrays (forced here), with
    # np.where on small ones: zeros where out <= 0 are +0 whatever the gradient (inf, NaN, -0),
    # a NaN output passes its gradient, as torch's threshold_backward; the same bits on one and
    # two threads, over many blocks.
    import torch

    from ember.ops import elementwise
    monkeypatch.setattr(elementwise, "_SELECT_MIN", 0 if bit_masks else 1 << 30)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((13, 9)).astype(dtype)
    x.flat[:6] = [np.nan, 0.0, -0.0, -np.inf, np.inf, 1e-30]
    grad = rng.standard_normal(x.shape).astype(dtype)
    grad.flat[1:9] = [np.inf, np.nan, -0.0, np.nan, -np.inf, 2.0, -np.inf, np.nan]
    results = []
    for count in (1, 2):
        tiny_blocks(count)
        t = ember.tensor(x, requires_grad=True)
        ember.relu(t).backward(ember.tensor(grad))
        results.append(t.grad.cpu().numpy())
    reference = torch.tensor(x, requires_grad=True)
    torch.relu(reference).backward(torch.tensor(grad))
    expected = reference.grad.cpu().numpy()
    for got in results:
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))


# Rows of 128 elements or more run with NumPy's ufunc buffer cut to one row (per-row broadcasts
# then run at contiguous speed): the bits must be those of the default buffer, on one and two
# threads, and NumPy's buffer size is the user's again afterwards.
ONE_ROW_BUFFER_CASES = {
    "layer_norm": (lambda x, w, b: EF.layer_norm(x, (160,), w, b), [(9, 160), (160,), (160,)]),
    "softmax": (lambda x: EF.softmax(x, -1), [(6, 300)]),
    "log_softmax_shifted": (lambda x: EF.log_softmax(x * 40, -1), [(6, 300)]),
    "group_norm": (lambda x, w, b: EF.group_norm(x, 2, w, b), [(3, 4, 12, 12), (4,), (4,)]),
    "batch_norm": (lambda x, w, b: EF.batch_norm(x, None, None, w, b, training=True),
                   [(5, 3, 144), (3,), (3,)]),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", list(ONE_ROW_BUFFER_CASES))
def test_one_row_buffer_keeps_the_bits(monkeypatch, case, dtype):
    fn, shapes = ONE_ROW_BUFFER_CASES[case]
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(s) * 3 + 2).astype(dtype) for s in shapes]
    monkeypatch.setattr(_kernels, "BLOCK_ELEMENTS", 700)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_SPECIAL", 0)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)
    results = {}
    for buffered in (True, False):
        monkeypatch.setattr(_kernels, "_ROW_BUFFER_MIN", 128 if buffered else 1 << 30)
        for count in (1, 2):
            monkeypatch.setitem(_settings._state, "threads", count)
            results[buffered, count] = _run(fn, arrays)
            assert np.getbufsize() == 8192
    for key, result in results.items():
        for got, expected in zip(result, results[False, 1]):
            np.testing.assert_array_equal(got, expected, err_msg=str(key))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(5, 3, 144), (4, 6, 7), (3, 2, 40, 3)])
def test_batch_norm_channel_tiles_keep_the_bits(monkeypatch, shape, dtype):
    # Batch norm's per-channel values come as (C, S) tiles on short planes, as (C, 1) columns
    # on long ones: the two give the same bits, forward and backward, on one and two threads.
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(s) * 3 + 2).astype(dtype)
              for s in (shape, shape[1:2], shape[1:2])]

    def fn(x, w, b):
        return EF.batch_norm(x, None, None, w, b, training=True)
    monkeypatch.setattr(_kernels, "BLOCK_ELEMENTS", 700)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)
    results = {}
    for plane in (1 << 30, 0):
        monkeypatch.setattr(normalization, "_SHORT_PLANE", plane)
        for count in (1, 2):
            monkeypatch.setitem(_settings._state, "threads", count)
            results[plane, count] = _run(fn, arrays)
    for key, result in results.items():
        for got, expected in zip(result, results[0, 1]):
            np.testing.assert_array_equal(got, expected, err_msg=str(key))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_forked_child_starts_its_own_intra_op_pool(monkeypatch):
    """A child forked after the pool ran (a DataLoader worker) has none of the parent's pool
    threads: a split kernel there must start its own pool rather than wait forever."""
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_SPECIAL", 0)
    monkeypatch.setattr(_kernels, "PARALLEL_MIN_PASSES", 0)
    monkeypatch.setitem(_settings._state, "threads", 2)
    a = np.linspace(-3.0, 3.0, 1000)
    expected = _kernels.parallel_unary(np.exp, a)
    assert _kernels._pool, "the parent's pool should have started"
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a threaded process may deadlock: what is tested here.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's result is its exit status
        signal.alarm(30)
        try:
            same = np.array_equal(_kernels.parallel_unary(np.exp, a), expected)
        finally:
            os._exit(0 if same else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"child status {status}"


def test_small_arrays_stay_in_the_calling_thread(monkeypatch):
    """Below the grain size a kernel runs in the calling thread with two intra-op threads
    allowed; from the grain up it is split, unless set_num_threads(1). The grain of SciPy's
    scalar special-function loops (PARALLEL_MIN_SPECIAL; torch's grain is 32768) is smaller than
    that of kernels made of NumPy's vectorised passes (PARALLEL_MIN_PASSES)."""
    monkeypatch.setitem(_settings._state, "threads", 2)
    handed_off = []
    real = _kernels._executor

    def recording(workers):
        handed_off.append(workers)
        return real(workers)
    monkeypatch.setattr(_kernels, "_executor", recording)
    special, passes = _kernels.PARALLEL_MIN_SPECIAL, _kernels.PARALLEL_MIN_PASSES
    assert special < passes
    small = np.linspace(-3.0, 3.0, special - 1)
    _kernels.parallel_unary(np.exp, small)
    _kernels.flat_blocks(lambda lo, hi: None, small.size, special=True)
    _kernels.flat_blocks(lambda lo, hi: None, passes - 1)
    assert handed_off == []
    large = np.linspace(-3.0, 3.0, special)
    _kernels.parallel_unary(np.exp, large)
    assert handed_off == [1]
    _kernels.flat_blocks(lambda lo, hi: None, 2 * special, special=True)
    assert handed_off == [1, 1]
    _kernels.flat_blocks(lambda lo, hi: None, passes)
    assert handed_off == [1, 1, 1]
    monkeypatch.setitem(_settings._state, "threads", 1)
    _kernels.parallel_unary(np.exp, large)
    _kernels.flat_blocks(lambda lo, hi: None, 4 * passes)
    assert handed_off == [1, 1, 1]


SPECIAL_CASES = {
    "erf": ember.erf, "erfc": ember.erfc, "lgamma": ember.lgamma, "digamma": ember.digamma,
    "i0": ember.special.i0, "ndtri": ember.special.ndtri,
    "logit": lambda t: ember.special.logit(t, eps=1e-6),
}


@pytest.mark.parametrize("name", sorted(SPECIAL_CASES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_special_functions_same_bits_split_among_threads(tiny_blocks, name, dtype):
    """SciPy's special functions run on one slice per intra-op thread: the same values at one
    and two threads, in the input's shape (an odd size, so the slices differ in length)."""
    values = np.random.default_rng(3).uniform(-4.0, 4.0, (7, 143)).astype(dtype)
    if name in ("ndtri", "logit"):
        values = (values + 4.0) / 8.0
    results = []
    for count in (1, 2):
        tiny_blocks(count)
        results.append(SPECIAL_CASES[name](ember.tensor(values)).cpu().numpy())
    assert results[0].shape == values.shape and results[0].dtype == dtype
    np.testing.assert_array_equal(results[0], results[1])


def test_parallel_map_splits_and_keeps_the_callers_error_state(tiny_blocks, monkeypatch):
    tiny_blocks(2)
    handed_off = []
    real = _kernels._executor
    monkeypatch.setattr(_kernels, "_executor", lambda workers: handed_off.append(workers)
                        or real(workers))
    values = -np.arange(1.0, 1002.0).reshape(7, 143)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(invalid="ignore"):
            result = _kernels.parallel_map(np.log, values)
    assert handed_off == [1]
    assert result.shape == values.shape and np.isnan(result).all()
    with np.errstate(invalid="raise"), pytest.raises(FloatingPointError):
        _kernels.parallel_map(np.log, values)


SMALL_SOFTMAX_INPUTS = {
    "one_row": [0.5, -1.25, 2.0],
    "rows": [[0.5, -1.25, 2.0], [3.0, 3.0, -7.5]],
    "shifted_row": [[0.5, -1.25, 2.0], [90.0, 1.0, -3.0]],  # exp overflows float32 unshifted
    "all_tiny": [-200.0, -150.0],  # the sum underflows: the shift is needed
    "special": [[float("nan"), 1.0], [float("inf"), 0.0], [float("-inf"), 0.0]],
}


@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", list(SMALL_SOFTMAX_INPUTS))
def test_small_softmax_path_keeps_the_bits(monkeypatch, case, dtype, log):
    """softmax and log_softmax on a one-block array run their steps directly (no block
    runner): the values and gradients are bit for bit those of the block runner's single
    block, which runs when NumPy's error-state context variable is not used."""
    from ember.ops import activation
    fn = EF.log_softmax if log else EF.softmax
    x = np.array(SMALL_SOFTMAX_INPUTS[case], dtype=dtype)
    fast = _run(lambda t: fn(t, -1), [x])
    monkeypatch.setattr(activation, "_extobj_contextvar", None)
    blocks = _run(lambda t: fn(t, -1), [x])
    for a, b in zip(fast, blocks):
        assert a.dtype == b.dtype == dtype
        np.testing.assert_array_equal(a, b)
