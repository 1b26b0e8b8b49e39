"""Quantized tensors and dynamic int8 Linear (``ember.ao.quantization.quantize_dynamic``)
compared with torch 2.13 on this x86 CPU: the stored integers of quantize_per_tensor and the
float outputs of the dynamic quantized Linear must be torch's bit for bit."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import CPU_KERNEL, TORCH, as_cpu_text, cpu_only, requires_torch

import ember


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _both(fn):
    return fn(ember), fn(TORCH)


@requires_torch
@pytest.mark.parametrize("dtype, scale, zero_point", [
    ("quint8", 0.1, 10), ("qint8", 0.05, 3), ("qint8", 0.0037464646, 0), ("qint32", 0.013, 0),
    ("quint8", 1e-3, 255), ("qint8", 7.0, -128)])
def test_quantize_per_tensor_integers_match_torch(dtype, scale, zero_point):
    values = (np.random.default_rng(0).standard_normal(20000) * 3).astype(np.float32)
    values[:4] = [0.0, scale / 2, -scale * 1.5, 1e9]

    def run(m):
        q = m.quantize_per_tensor(m.tensor(values), scale, zero_point, getattr(m, dtype))
        return q
    ours, theirs = _both(run)
    assert ours.int_repr().tolist() == theirs.int_repr().tolist()
    assert str(ours.int_repr().dtype)[6:] == str(theirs.int_repr().dtype)[6:]
    assert np.array_equal(ours.dequantize().numpy(), theirs.dequantize().numpy())
    assert (ours.q_scale(), ours.q_zero_point()) == (theirs.q_scale(), theirs.q_zero_point())
    assert repr(ours.qscheme()) == repr(theirs.qscheme()).replace("torch", "ember")
    assert ours.is_quantized and str(ours.dtype) == str(theirs.dtype).replace("torch", "ember")


@requires_torch
@pytest.mark.parametrize("values", [[-1.0, 0.0, 0.5, 2.0, 3.3], [[1.5, -2.25], [0.0, 7.0]],
                                    [float(v) for v in np.linspace(-3, 3, 30)]])
def test_quantized_repr_matches_torch(values):
    ours, theirs = _both(lambda m: m.quantize_per_tensor(
        m.tensor(values), 0.25, 4, m.quint8))
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("case", ["long_input", "double_input", "int8_dtype"])
def test_quantize_per_tensor_errors_match_torch(case):
    def run(m):
        x = {"long_input": m.tensor([1]), "double_input": m.tensor([1.0], dtype=m.float64)}.get(
            case, m.tensor([1.0]))
        dtype = m.int8 if case == "int8_dtype" else m.qint8
        with pytest.raises(RuntimeError) as error:
            m.quantize_per_tensor(x, 0.1, 0, dtype)
        return str(error.value)
    ours, theirs = _both(run)
    assert ours == theirs


def test_ops_on_quantized_tensors_refuse():
    q = ember.quantize_per_tensor(ember.tensor([1.0, 2.0]), 0.1, 0, ember.qint8)
    with pytest.raises(NotImplementedError, match="QuantizedCPU"):
        q.sum()
    with pytest.raises(NotImplementedError, match="QuantizedCPU"):
        ember.add(q, q)


def _model(m, sizes, bias=True):
    m.manual_seed(0)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(m.nn.Linear(n_in, n_out, bias=bias))
        if i < len(sizes) - 2:
            layers.append(m.nn.ReLU())
    return m.nn.Sequential(*layers)


@cpu_only(CPU_KERNEL)
@requires_torch
@pytest.mark.parametrize("sizes, batch, spread, bias", [
    ((4, 8, 3), (5,), 1.0, True), ((17, 33, 9), (2, 7), 4.0, True),
    ((64, 16), (3,), 0.01, False), ((5, 5), (4,), 0.0, True), ((3, 6), (1, 1, 2), 100.0, True),
    ((31, 2), (0,), 1.0, True)])
def test_dynamic_quantized_linear_is_torchs_bit_for_bit(sizes, batch, spread, bias):
    rng = np.random.default_rng(sum(sizes))
    inputs = (rng.standard_normal((*batch, sizes[0])) * spread).astype(np.float32)
    if spread > 10:
        inputs = np.abs(inputs)  # an all-positive input: the zero point sits at the bottom

    def run(m):
        model = _model(m, sizes, bias)
        quantized = m.ao.quantization.quantize_dynamic(model, {m.nn.Linear}, dtype=m.qint8)
        return quantized, quantized(m.tensor(inputs))
    (q_ours, ours), (q_theirs, theirs) = _both(run)
    assert np.array_equal(ours.numpy(), theirs.numpy()), np.abs(
        ours.numpy() - theirs.numpy()).max()
    assert ours.dtype is ember.float32 and not ours.requires_grad
    assert repr(q_ours) == repr(q_theirs).replace("torch.", "ember.")
    first_ours, first_theirs = q_ours[0].weight(), q_theirs[0].weight()
    assert first_ours.q_scale() == first_theirs.q_scale()
    assert first_ours.int_repr().tolist() == first_theirs.int_repr().tolist()


@requires_torch
def test_quantize_dynamic_options_match_torch():
    def run(m):
        model = _model(m, (4, 6, 2))
        by_name = m.quantization.quantize_dynamic(model, {"2"}, dtype=m.qint8)
        in_place = m.ao.quantization.quantize_dynamic(model, inplace=True)
        with pytest.raises(RuntimeError) as error:
            m.ao.quantization.quantize_dynamic(_model(m, (2, 2)), {m.nn.Linear},
                                               dtype=m.float32)
        return (repr(by_name), in_place is model, type(model[0]).__name__,
                str(error.value))
    ours, theirs = _both(run)
    assert ours[0] == theirs[0].replace("torch.", "ember.")
    assert ours[1:3] == theirs[1:3]
    assert ours[3] == theirs[3].replace("torch.", "ember.")


@requires_torch
def test_quantize_dynamic_warns_as_torch():
    def run(m):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.ao.quantization.quantize_dynamic(_model(m, (2, 2)))
        return [(w.category, str(w.message)) for w in caught]
    ours, theirs = _both(run)
    assert ours == theirs and ours[0][0] is DeprecationWarning


@requires_torch
def test_quantize_dynamic_default_settings_error_matches_torch():
    def run(m):
        with pytest.raises(ValueError) as error:
            m.ao.quantization.quantize_dynamic(_model(m, (2, 2)), dtype=m.float32)
        return str(error.value)
    ours, theirs = _both(run)
    assert ours == theirs.replace("torch.", "ember.")


# --- quantization-aware training: observers and FakeQuantize ---------------------------------

def _ao(lib):
    import importlib
    return importlib.import_module(f"{lib.__name__}.ao.quantization")


def _observer_cases():
    for name in ("MinMaxObserver", "MovingAverageMinMaxObserver", "PerChannelMinMaxObserver",
                 "MovingAveragePerChannelMinMaxObserver"):
        symmetric = "per_channel_symmetric" if "PerChannel" in name else "per_tensor_symmetric"
        for kwargs in ({}, {"qscheme": symmetric}, {"dtype": "qint8", "reduce_range": True},
                       {"quant_min": 0, "quant_max": 15}, {"qscheme": symmetric, "dtype": "qint8"}):
            yield name, kwargs


def _resolved(lib, kwargs):
    return {key: getattr(lib, value) if key in ("qscheme", "dtype") else value
            for key, value in kwargs.items()}


@requires_torch
@pytest.mark.parametrize("name, kwargs", list(_observer_cases()))
def test_observers_match_torch(name, kwargs):
    def run(lib):
        observer = getattr(_ao(lib), name)(**_resolved(lib, kwargs))
        observer(lib.tensor([[-0.5, 3.0], [0.25, -2.0]]))
        observer(lib.tensor([[-0.1, 1.0], [0.5, 0.0]]))
        scale, zero_point = observer.calculate_qparams()
        return (repr(observer), scale.tolist(), zero_point.tolist(), str(zero_point.dtype),
                observer.quant_min, observer.quant_max)
    ours, theirs = _both(run)
    assert as_cpu_text(ours[0]) == theirs[0].replace("torch.", "ember.")
    assert ours[1:3] == theirs[1:3] and ours[4:] == theirs[4:]
    assert ours[3][6:] == theirs[3][6:]


FAKE_QUANTIZERS = {
    "default": lambda ao, lib: ao.FakeQuantize(),
    "default_fake_quant": lambda ao, lib: ao.default_fake_quant(),
    "default_weight_fake_quant": lambda ao, lib: ao.default_weight_fake_quant(),
    "per_channel": lambda ao, lib: ao.default_per_channel_weight_fake_quant(),
    "per_channel_axis_1": lambda ao, lib: ao.FakeQuantize(
        observer=ao.MovingAveragePerChannelMinMaxObserver, quant_min=-8, quant_max=7,
        dtype=lib.qint8, qscheme=lib.per_channel_symmetric, ch_axis=1),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(FAKE_QUANTIZERS))
def test_fake_quantize_modules_match_torch(name):
    def run(lib):
        fake = FAKE_QUANTIZERS[name](_ao(lib), lib)
        first = repr(fake)
        x = lib.linspace(-2, 3, 12, dtype=lib.float32).reshape(3, 4).requires_grad_()
        outputs = [fake(x * scale) for scale in (1.0, 1.5, 0.5)]
        fake.disable_observer()
        frozen = fake(x * 4)
        frozen.sum().backward()
        fake.apply(_ao(lib).disable_fake_quant)
        passthrough = fake(x)
        return (first, repr(fake), [o.tolist() for o in outputs], frozen.tolist(),
                x.grad.tolist(), passthrough is x, sorted(fake.state_dict()),
                frozen.grad_fn.name())
    ours, theirs = _both(run)
    assert as_cpu_text(ours[0]) == theirs[0].replace("torch.", "ember.")
    assert as_cpu_text(ours[1]) == theirs[1].replace("torch.", "ember.")
    assert ours[2:] == theirs[2:]


def _quantized_state(m):
    model = m.ao.quantization.quantize_dynamic(_model(m, (3, 4, 2)), {m.nn.Linear})
    return model.state_dict()


def _describe(value):
    if isinstance(value, tuple):
        return tuple(_describe(v) for v in value)
    # ember's classes for qint8 and for quantized tensors have their own names
    kind = {"_Opaque": "dtype", "QuantizedTensor": "Tensor"}.get(type(value).__name__,
                                                                 type(value).__name__)
    return (kind, repr(value).replace("torch.", "ember."))


@cpu_only(CPU_KERNEL)
@requires_torch
def test_dynamic_quantized_state_dict_matches_torch():
    ours, theirs = _both(_quantized_state)
    assert list(ours) == list(theirs)
    assert [_describe(v) for v in ours.values()] == [_describe(v) for v in theirs.values()]


@cpu_only(CPU_KERNEL)
def test_dynamic_quantized_state_dict_round_trip_restores_the_weights():
    import io
    saved = ember.ao.quantization.quantize_dynamic(_model(ember, (3, 4, 2)), {ember.nn.Linear})
    buffer = io.BytesIO()
    ember.save(saved.state_dict(), buffer)
    buffer.seek(0)
    ember.manual_seed(5)
    other = ember.ao.quantization.quantize_dynamic(
        ember.nn.Sequential(ember.nn.Linear(3, 4), ember.nn.ReLU(), ember.nn.Linear(4, 2)),
        {ember.nn.Linear})
    x = ember.randn(6, 3)
    assert not ember.equal(other(x), saved(x))
    result = other.load_state_dict(ember.load(buffer))
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert ember.equal(other(x), saved(x))
    incomplete = dict(saved.state_dict())
    del incomplete["0._packed_params._packed_params"]
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: '
                                           r'"0._packed_params._packed_params"'):
        other.load_state_dict(incomplete)


@requires_torch
@pytest.mark.parametrize("writer", ["ember", "torch"])
def test_quantized_tensors_cross_serialization_with_torch(writer):
    import io
    source, reader = (ember, TORCH) if writer == "ember" else (TORCH, ember)
    payload = {"q": source.quantize_per_tensor(source.tensor([[1.0, -0.5], [9.0, 0.3]]), 0.1,
                                               3, source.qint8),
               "u": source.quantize_per_tensor(source.tensor([0.0, 2.0]), 0.05, 10,
                                               source.quint8),
               "i": source.quantize_per_tensor(source.tensor([1.0]), 0.001, 7, source.qint32),
               "dtype": source.qint8, "scheme": source.per_tensor_affine}
    buffer = io.BytesIO()
    source.save(payload, buffer)
    buffer.seek(0)
    loaded = reader.load(buffer)  # weights_only: quantized tensors are allowed
    for key in ("q", "u", "i"):
        assert repr(loaded[key]).replace("torch.", "ember.") == \
            repr(payload[key]).replace("torch.", "ember.")
        assert loaded[key].int_repr().tolist() == payload[key].int_repr().tolist()
    assert str(loaded["dtype"]).split(".")[1] == "qint8"
    assert str(loaded["scheme"]).split(".")[1] == "per_tensor_affine"


def _per_channel(lib, shape, axis, dtype, seed):
    """A per-channel quantized tensor of random values with scales and zero points drawn per
    channel (from NumPy, the same for both libraries)."""
    rng = np.random.default_rng(seed)
    values = lib.tensor((rng.standard_normal(shape) * 3).astype(np.float32))
    channels = shape[axis]
    scales = lib.tensor(rng.uniform(0.005, 0.1, channels))
    low, high = {"qint8": (-20, 20), "quint8": (0, 200), "qint32": (-50, 50)}[dtype]
    zero_points = lib.tensor(rng.integers(low, high, channels))
    return lib.quantize_per_channel(values, scales, zero_points, axis, getattr(lib, dtype))


@requires_torch
@pytest.mark.parametrize("shape, axis, dtype", [
    ((4, 6), 0, "qint8"), ((4, 6), 1, "quint8"), ((3, 2, 5), 2, "qint32"),
    ((2, 3, 4, 4), 1, "qint8"), ((5,), 0, "quint8")])
def test_quantize_per_channel_matches_torch(shape, axis, dtype):
    ours, theirs = _both(lambda lib: _per_channel(lib, shape, axis, dtype, sum(shape)))
    assert ours.int_repr().tolist() == theirs.int_repr().tolist()
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")
    assert np.array_equal(ours.dequantize().numpy(), theirs.dequantize().numpy())
    assert ours.q_per_channel_scales().tolist() == theirs.q_per_channel_scales().tolist()
    assert ours.q_per_channel_zero_points().tolist() == \
        theirs.q_per_channel_zero_points().tolist()
    assert ours.q_per_channel_axis() == theirs.q_per_channel_axis()
    assert str(ours.qscheme()) == str(theirs.qscheme()).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("case", [
    lambda lib: lib.quantize_per_channel(lib.ones(2, 3), lib.tensor([0.1]), lib.tensor([0, 0]),
                                         0, lib.qint8),
    lambda lib: lib.quantize_per_channel(lib.ones(2, 3), lib.tensor([0.1, 0.2]),
                                         lib.tensor([0, 0]), -1, lib.qint8),
    lambda lib: lib.quantize_per_channel(lib.ones(2, 3), lib.tensor([0.1, 0.2]),
                                         lib.tensor([0, 0]), 0, lib.float32),
    lambda lib: lib.quantize_per_channel(lib.ones(2, 3), lib.tensor([0.1, 0.2, 0.3]),
                                         lib.tensor([0, 0, 0]), 0, lib.qint8),
    lambda lib: lib.quantize_per_channel(lib.ones(2, 3, dtype=lib.float64),
                                         lib.tensor([0.1, 0.2]), lib.tensor([0, 0]), 0,
                                         lib.qint8),
    lambda lib: lib.quantize_per_channel(lib.ones(2), lib.tensor([0.1, 0.2]),
                                         lib.tensor([0, 0]), 0, lib.qint8).q_scale(),
], ids=["counts", "axis", "dtype", "channels", "input_dtype", "q_scale"])
def test_quantize_per_channel_errors_match_torch(case):
    def error(lib):
        with pytest.raises(Exception) as info:
            case(lib)
        return type(info.value), str(info.value).replace("torch.", "ember.")
    ours, theirs = _both(error)
    assert ours == theirs


@requires_torch
@pytest.mark.parametrize("writer", ["ember", "torch"])
def test_per_channel_quantized_tensors_cross_serialization_with_torch(writer):
    import io
    source, reader = (ember, TORCH) if writer == "ember" else (TORCH, ember)
    saved = _per_channel(source, (3, 4), 1, "qint8", 7)
    buffer = io.BytesIO()
    source.save({"w": saved}, buffer)
    buffer.seek(0)
    loaded = reader.load(buffer)["w"]
    assert repr(loaded).replace("torch.", "ember.") == repr(saved).replace("torch.", "ember.")
    assert loaded.int_repr().tolist() == saved.int_repr().tolist()
