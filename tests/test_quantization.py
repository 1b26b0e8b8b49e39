"""Quantized tensors and dynamic int8 Linear (``ember.ao.quantization.quantize_dynamic``)
compared with torch 2.13 on this x86 CPU: the stored integers of quantize_per_tensor and the
float outputs of the dynamic quantized Linear must be torch's bit for bit."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import CPU_KERNEL, TORCH, cpu_only, requires_torch

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
