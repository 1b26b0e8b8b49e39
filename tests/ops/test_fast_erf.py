"""The exact gelu's erf through ONNX Runtime (``_kernels.fast_erf``, issue 16) beside SciPy's:
within one float32 ulp of SciPy's erf, the same bits however an array is cut, and gelu's two
paths against each other, against torch, across thread counts and under ember.compile."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops import _kernels
from tests.conftest import compare_with_torch, cpu_only, installed, requires_torch

F = ember.nn.functional

requires_onnxruntime = pytest.mark.skipif(
    not installed("onnxruntime"),
    reason="onnxruntime not installed: gelu's erf through ONNX Runtime is skipped (pip install "
           "-e \".[onnx]\")")
pytestmark = cpu_only("ONNX Runtime's erf runs on host arrays: a device's gelu takes its "
                      "array library's erf")

# Shapes of gelu's input: one block of FAST_ERF_MIN elements; two blocks whose second is large
# enough for ONNX Runtime too; two blocks whose second (11,564 elements) takes SciPy's erf; one
# small block (SciPy's erf on either path).
SHAPES = [(128, 128), (300, 300), (257, 300), (5, 7)]


@pytest.fixture
def scipy_erf(monkeypatch):
    """erf as without onnxruntime: SciPy's."""
    monkeypatch.setattr(_kernels, "_erf_session", [None])


def _ulps(a, b):
    """Distance in units in the last place between float32 arrays of the same signs."""
    return np.abs(a.view(np.int32).astype(np.int64) - b.view(np.int32).astype(np.int64))


def test_the_stored_model_is_one_onnx_erf_node():
    helper = pytest.importorskip(
        "onnx.helper", reason="onnx not installed: the stored Erf model is not rebuilt (pip "
                              "install -e \".[onnx]\")")
    from onnx import TensorProto
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, None)
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph([helper.make_node("Erf", ["x"], ["y"])], "erf", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    assert model.SerializeToString() == _kernels._ERF_MODEL


@requires_onnxruntime
def test_fast_erf_is_within_one_ulp_of_scipy():
    import scipy.special
    # Every 4099th float32 bit pattern of either sign (the whole range: subnormals, the
    # linear part near 0, the saturation to +-1), then the values with exact answers.
    bits = np.arange(0, 0x7F800000, 4099, dtype=np.uint32)
    positive = bits.view(np.float32)
    x = np.concatenate([positive, -positive])
    fast, exact = _kernels.fast_erf(x), scipy.special.erf(x)
    assert fast.dtype == np.float32 and fast.shape == x.shape
    assert np.array_equal(np.signbit(fast), np.signbit(exact))
    assert _ulps(fast, exact).max() <= 1
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 10.0, -10.0, 3e38] * 2048,
                       np.float32)
    assert np.array_equal(_kernels.fast_erf(special), scipy.special.erf(special),
                          equal_nan=True)
    assert np.array_equal(np.signbit(_kernels.fast_erf(special)), np.signbit(special))


@requires_onnxruntime
def test_fast_erf_gives_the_same_bits_however_the_array_is_cut(monkeypatch):
    monkeypatch.setattr(_kernels, "FAST_ERF_MIN", 1)
    x = (np.random.default_rng(0).standard_normal(20_011) * 3).astype(np.float32)
    whole = _kernels.fast_erf(x)
    for start in (0, 1, 3, 7, 13):
        for length in (1, 2, 3, 5, 8, 15, 16, 17, 33, 1000, 20_011):
            part = x[start:start + length]
            assert np.array_equal(_kernels.fast_erf(part), whole[start:start + length])


@requires_onnxruntime
def test_fast_erf_declines_what_it_does_not_compute():
    x = np.linspace(-3, 3, 2 * _kernels.FAST_ERF_MIN, dtype=np.float32)
    assert _kernels.fast_erf(x) is not None
    assert _kernels.fast_erf(x[:_kernels.FAST_ERF_MIN - 1]) is None  # small: SciPy is quicker
    assert _kernels.fast_erf(x.astype(np.float64)) is None
    assert _kernels.fast_erf(x[::2]) is None
    assert _kernels.fast_erf(x.view(np.matrix)) is None  # ember.compile's traced arrays


def test_without_onnxruntime_fast_erf_declines(scipy_erf):
    assert _kernels.fast_erf(np.zeros(1 << 16, np.float32)) is None
    assert not _kernels.fast_erf_available()


def _gelu_step(data, upstream, fn=None):
    x = ember.tensor(data, requires_grad=True)
    out = (fn or F.gelu)(x)
    out.backward(ember.tensor(upstream))
    return out.detach().numpy(), x.grad.numpy()


def _data(shape, seed=0):
    rng = np.random.default_rng(seed)
    data = (rng.standard_normal(shape) * 3).astype(np.float32)
    data.reshape(-1)[:4] = [-12.0, -0.0, 12.0, 1e-30]
    return data, rng.standard_normal(shape).astype(np.float32)


@requires_onnxruntime
@pytest.mark.parametrize("shape", SHAPES)
def test_gelu_with_either_erf_agrees_within_the_erfs_ulp(shape, monkeypatch):
    data, upstream = _data(shape)
    out, grad = _gelu_step(data, upstream)
    monkeypatch.setattr(_kernels, "_erf_session", [None])
    scipy_out, scipy_grad = _gelu_step(data, upstream)
    # erf(x / sqrt 2) differs by at most one ulp (<= 2**-24 near 1): the CDF (1 + erf) / 2 by
    # at most 2**-24 after its own rounding, so out = x * cdf by |x| 2**-23 and the gradient
    # (cdf + x pdf) * grad by |grad| 2**-23, plus their own roundings.
    assert np.all(np.abs(out - scipy_out)
                  <= np.abs(data) * 2.0 ** -23 + 2 * np.abs(np.spacing(out)))
    assert np.all(np.abs(grad - scipy_grad)
                  <= np.abs(upstream) * 2.0 ** -22 + 2 * np.abs(np.spacing(grad)))
    if data.size < _kernels.FAST_ERF_MIN:  # SciPy's erf on either path
        assert np.array_equal(out, scipy_out) and np.array_equal(grad, scipy_grad)
    else:  # ONNX Runtime's erf was used: it rounds some values differently
        assert not np.array_equal(out, scipy_out)


@requires_torch
@pytest.mark.parametrize("erf", ["default", "scipy"])
@pytest.mark.parametrize("shape", SHAPES)
def test_gelu_with_either_erf_matches_torch(shape, erf, monkeypatch):
    if erf == "scipy":
        monkeypatch.setattr(_kernels, "_erf_session", [None])
    data, _ = _data(shape, seed=1)
    compare_with_torch(lambda lib, x: lib.nn.functional.gelu(x),
                       ember.tensor(data, requires_grad=True), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("erf", ["default", "scipy"])
def test_gelu_gives_the_same_bits_at_any_thread_count(erf, monkeypatch):
    if erf == "scipy":
        monkeypatch.setattr(_kernels, "_erf_session", [None])
    data, upstream = _data((300, 300), seed=2)
    threads = ember.get_num_threads()
    try:
        results = []
        for count in (1, 2, 3):
            ember.set_num_threads(count)
            results.append(_gelu_step(data, upstream))
    finally:
        ember.set_num_threads(threads)
    for other in results[1:]:
        assert all(np.array_equal(a, b) for a, b in zip(results[0], other))


@pytest.mark.parametrize("erf", ["default", "scipy"])
@pytest.mark.parametrize("shape", [(257, 300), (128, 128)])
def test_compiled_gelu_gives_eager_modes_bits(shape, erf, monkeypatch):
    # The plan records the CDF as one kernel step and replays it as eager mode computes it,
    # with the same erf.
    if erf == "scipy":
        monkeypatch.setattr(_kernels, "_erf_session", [None])
    compiled = ember.compile(lambda x: F.gelu(x) * 2)
    for step in range(3):  # the capture, then replays on other values
        data, upstream = _data(shape, seed=step)
        got = _gelu_step(data, upstream, compiled)
        want = _gelu_step(data, upstream, lambda x: F.gelu(x) * 2)
        assert all(np.array_equal(a, b) for a, b in zip(got, want)), step
