"""A compiled region whose tensors live on a device runs eagerly there: ember's capture records
CPU (NumPy) arrays, so on the stand-in (and on CuPy) the region's break reason says why, the
values and gradients are eager mode's, and every result stays on the device."""
from __future__ import annotations

import io

import pytest
from conftest import need

import ember
from ember import nn


def _model(device):
    ember.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).to(device)


def test_a_region_on_a_device_runs_eagerly_with_its_reason(standin):
    model, twin = _model("cuda"), _model("cuda")
    compiled = ember.compile(model)
    x = ember.arange(6.0, device="cuda").reshape(2, 3) / 5
    for _ in range(2):
        out = compiled(x)
        expected = twin(x)
        assert out.device == ember.device("cuda", 0)
        assert out.tolist() == expected.tolist()
        out.sum().backward()
        expected.sum().backward()
    for ours, theirs in zip(model.parameters(), twin.parameters()):
        assert ours.grad.device == ours.device
        assert ours.grad.tolist() == theirs.grad.tolist()
    reason = "a tensor on a device other than the CPU (the capture records CPU arrays)"
    assert compiled._ember_region.break_reasons == [reason]


def test_a_function_region_on_a_device_keeps_its_results_there(standin):
    compiled = ember.compile(lambda a, b: (a * b).sin().sum(0))
    a = ember.ones(2, 3, device="cuda", requires_grad=True)
    b = ember.full((2, 3), 0.5, device="cuda")
    out = compiled(a, b)
    out.sum().backward()
    assert out.device == a.grad.device == ember.device("cuda", 0)
    assert a.grad.tolist() == (b.cos() * b).tolist()


def test_export_and_onnx_export_refuse_a_device_module_naming_it(standin):
    model = _model("cuda").eval()
    x = ember.ones(2, 3, device="cuda")
    with pytest.raises(NotImplementedError, match="tensor is on cuda:0: move the module"):
        ember.export.export(model, (x,))
    need("onnx")
    with pytest.raises(NotImplementedError, match="ember.onnx.export: ember records"):
        ember.onnx.export(model, (x,), io.BytesIO(), dynamo=False)
