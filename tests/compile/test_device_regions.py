"""A compiled region whose tensors live on a CUDA device (here the strict stand-in, which
refuses what CuPy refuses) is captured and replayed there: its plan's steps are NumPy's
protocol calls, the arrays' own methods and the device module's functions, which run on the
device's arrays, so values and gradients are eager mode's on that device, bit for bit, and
never leave it. ONNX export records a host copy of a device module (an ONNX file holds no
device); ember.export still records CPU arrays and refuses a device module."""
from __future__ import annotations

import io

import pytest
from conftest import need

import ember
from ember import nn
from ember._compile.region import _EAGER


def _model(device, dropout=0.0):
    ember.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Dropout(dropout),
                         nn.Linear(4, 2)).to(device)


def _entry(compiled):
    (entry,) = compiled._ember_region.plans.values()
    return entry


def test_a_region_on_a_device_replays_its_plan_there_with_eager_values(standin):
    model, twin = _model("cuda"), _model("cuda")
    compiled = ember.compile(model)
    x = ember.arange(6.0, device="cuda").reshape(2, 3) / 5
    for _ in range(3):
        out = compiled(x)
        expected = twin(x)
        assert out.device == ember.device("cuda", 0)
        assert type(out._data) is type(expected._data)
        assert out.tolist() == expected.tolist()
        out.sum().backward()
        expected.sum().backward()
    for ours, theirs in zip(model.parameters(), twin.parameters()):
        assert ours.grad.device == ours.device
        assert ours.grad.tolist() == theirs.grad.tolist()
    assert compiled._ember_region.break_reasons == []
    assert _entry(compiled).state == "ready"
    assert type(out.grad_fn).__name__ == "CompiledFunctionBackward"


def test_a_function_region_on_a_device_keeps_its_results_there(standin):
    compiled = ember.compile(lambda a, b: (a * b).sin().sum(0))
    a = ember.ones(2, 3, device="cuda", requires_grad=True)
    b = ember.full((2, 3), 0.5, device="cuda")
    for _ in range(3):
        a.grad = None
        out = compiled(a, b)
        out.sum().backward()
        assert out.device == a.grad.device == ember.device("cuda", 0)
        assert a.grad.tolist() == (b.cos() * b).tolist()
    assert _entry(compiled).state == "ready"


def test_dropout_on_a_device_draws_from_the_generator_eager_mode_would(standin):
    """manual_seed gives a device a new generator: each replay draws from the current one, so
    the masks are eager mode's after every reseed."""
    model, twin = _model("cuda", dropout=0.5), _model("cuda", dropout=0.5)
    compiled = ember.compile(model)
    x = ember.ones(8, 3, device="cuda")
    for step in range(4):
        ember.manual_seed(step)
        out = compiled(x)
        out.sum().backward()
        ember.manual_seed(step)
        assert out.tolist() == twin(x).tolist(), step
    assert _entry(compiled).state == "ready"


def test_a_device_plan_that_needs_the_check_against_eager_mode_runs_eagerly(standin):
    """The check runs eager mode and the plan on perturbed host copies: a device plan that
    needs it (here, asked for) stays eager, with eager results, and says why."""
    compiled = ember.compile(lambda x: (x * 2).exp(), options={"validate": True})
    x = ember.randn(3, device="cuda")
    for _ in range(3):
        assert compiled(x).tolist() == (x * 2).exp().tolist()
    assert _entry(compiled).state == _EAGER
    assert compiled._ember_region.break_reasons == [
        "a device plan the capture cannot trust as recorded (validate=True)"]


def test_export_refuses_a_device_module_naming_it(standin):
    model = _model("cuda").eval()
    x = ember.ones(2, 3, device="cuda")
    with pytest.raises(NotImplementedError, match="tensor is on cuda:0: move the module"):
        ember.export.export(model, (x,))


def test_onnx_export_of_a_device_module_writes_the_hosts_graph(standin):
    """An ONNX file holds no device: a device module gives the bytes its host copy gives, and
    the module stays on its device."""
    need("onnx")
    files = []
    for device in ("cpu", "cuda"):
        model = _model(device).eval()
        written = io.BytesIO()
        ember.onnx.export(model, (ember.ones(2, 3, device=device),), written, dynamo=False)
        files.append(written.getvalue())
        assert next(model.parameters()).device.type == device
    assert files[0] == files[1]


def test_a_guard_that_fails_after_a_device_draw_gives_eager_draws(standin):
    """A replay that meets a read of another value hands the call to eager mode after its
    dropout has drawn: the device's generator is put back first, so eager mode draws the same
    mask it would have drawn alone."""
    def fn(x):
        h = ember.nn.functional.dropout(x, 0.5)
        return h * 2 if h.sum() > 0 else h - 1

    compiled = ember.compile(fn)
    for step, sign in enumerate([1, 1, -1, 1, -1]):
        x = ember.full((6,), float(sign), device="cuda")
        ember.manual_seed(step)
        ours = compiled(x)
        ember.manual_seed(step)
        assert ours.tolist() == fn(x).tolist(), step
