"""ember.onnx.export: the captured forward written as ONNX; onnx.checker accepts it and
onnxruntime computes what ember computes, at the example's batch size and, with dynamic_axes,
at others."""
from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import need

import ember
from ember import nn

F = nn.functional


class AttentionBlock(nn.Module):
    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.ln = nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.fc, self.fc2 = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)
        self.heads = heads

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(1, 2) for t in (q, k, v))
        att = F.softmax(q @ k.transpose(-2, -1) / (C // self.heads) ** 0.5, dim=-1)
        x = x + self.proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))
        return x + self.fc2(F.gelu(self.fc(x)))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, padding="same", groups=2, bias=False), nn.AvgPool2d(2),
            nn.Flatten(), nn.Dropout(0.3))
        self.head = nn.Linear(6 * 2 * 2, 5)

    def forward(self, x):
        return F.log_softmax(self.head(self.features(x)), dim=-1)


class Signal(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv1d(2, 3, 3, stride=2, dilation=2), nn.BatchNorm1d(3),
                                 nn.MaxPool1d(2, stride=1, padding=1),
                                 nn.AvgPool1d(2, count_include_pad=False, padding=1),
                                 nn.Flatten(1, 2))

    def forward(self, x):
        return self.net(x).tanh()


MODELS = {
    "cnn": lambda: (CNN(), ember.randn(2, 1, 8, 8)),
    "signal": lambda: (Signal(), ember.randn(2, 2, 15)),
    "mlp": lambda: (nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(-1)),
                    ember.randn(2, 4)),
    "transformer_block": lambda: (AttentionBlock(), ember.randn(2, 5, 16)),
    "lstm": lambda: (nn.LSTM(3, 4, batch_first=True), ember.randn(2, 5, 3)),
    "tanh_sigmoid_mlp": lambda: (nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2),
                                               nn.Sigmoid()), ember.randn(4, 3)),
}


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [v for item in value for v in _flat(item)]
    return [value]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_exported_model_checks_and_runs_like_ember(name):
    onnx = need("onnx")
    ort = need("onnx", "onnxruntime")
    ember.manual_seed(0)
    model, x = MODELS[name]()
    _train_statistics(model, x)
    model.eval()
    buffer = io.BytesIO()
    proto = ember.onnx.export(model, (x,), buffer, input_names=["x"]).model_proto
    onnx.checker.check_model(proto)
    assert [i.name for i in proto.graph.input] == ["x"]
    names = {init.name for init in proto.graph.initializer}
    assert {n for n, _ in model.named_parameters()} <= names
    session = ort.InferenceSession(buffer.getvalue())
    got = session.run(None, {"x": x.cpu().numpy()})
    expected = [t.detach().cpu().numpy() for t in _flat(model(x))]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


def _train_statistics(model, x):
    """A few training-mode calls, so batch norms hold running statistics of their own."""
    model.train()
    with ember.no_grad():
        for _ in range(2):
            model(ember.randn(*x.shape))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_dynamic_axes_run_at_other_batch_sizes(name):
    need("onnx")
    ort = need("onnx", "onnxruntime")
    ember.manual_seed(1)
    model, x = MODELS[name]()
    _train_statistics(model, x)
    model.eval()
    expected = _flat(model(x))
    output_names = [f"out{i}" for i in range(len(expected))]
    buffer = io.BytesIO()
    ember.onnx.export(model, (x,), buffer, input_names=["x"], output_names=output_names,
                      dynamic_axes={"x": {0: "batch"}, **{n: [0] for n in output_names}})
    session = ort.InferenceSession(buffer.getvalue())
    declared = session.get_inputs()[0].shape
    assert declared[0] == "batch" and declared[1:] == list(x.shape[1:])
    for batch in (1, 3, 7):
        other = ember.randn(batch, *x.shape[1:])
        got = session.run(None, {"x": other.cpu().numpy()})
        for g, e in zip(got, _flat(model(other))):
            np.testing.assert_allclose(g, e.detach().cpu().numpy(), rtol=1e-5, atol=1e-5)


def test_dynamic_axes_refuse_a_shape_the_graph_cannot_leave_open():
    need("onnx")

    class Padded(nn.Module):
        def forward(self, x):
            return x + ember.arange(x.shape[0] * x.shape[1]).reshape(x.shape).float()

    with pytest.raises(ember.onnx.errors.OnnxExporterError,
                       match="depends on a dynamic axis"):
        ember.onnx.export(Padded(), ember.ones(2, 3), None, input_names=["x"],
                          dynamic_axes={"x": [0]})


def test_modules_in_training_mode_are_refused():
    need("onnx")
    with pytest.raises(ember.onnx.errors.UnsupportedOperatorError, match="BatchNorm2d in "
                                                                          "training mode"):
        ember.onnx.export(nn.BatchNorm2d(2), ember.randn(2, 2, 3, 3), None)


def test_dynamo_true_returns_a_program_and_false_returns_none(tmp_path):
    onnx = need("onnx")
    need("onnx", "onnxruntime")
    model, x = MODELS["cnn"]()
    model.eval()
    program = ember.onnx.export(model, (x,))
    assert type(program).__name__ == "ONNXProgram"
    assert type(program).__module__ == "ember.onnx"
    assert isinstance(program.model_proto, onnx.ModelProto)
    path = tmp_path / "cnn.onnx"
    program.save(str(path))
    assert onnx.load(str(path)).graph.node[0].op_type == "Conv"
    (out,) = program(x)
    np.testing.assert_allclose(out.cpu().numpy(), model(x).detach().cpu().numpy(), rtol=1e-5,
                               atol=1e-6)
    legacy = tmp_path / "legacy.onnx"
    assert ember.onnx.export(model, (x,), str(legacy), dynamo=False) is None
    assert onnx.load(str(legacy)).graph == program.model_proto.graph


def test_names_dynamic_axes_and_file_output(tmp_path):
    onnx = need("onnx")
    model = nn.Linear(3, 2)
    path = tmp_path / "linear.onnx"
    ember.onnx.export(model, ember.randn(4, 3), str(path), input_names=["features"],
                      output_names=["scores"], dynamic_axes={"features": {0: "batch"},
                                                             "scores": {0: "batch"}})
    proto = onnx.load(str(path))
    assert [o.name for o in proto.graph.output] == ["scores"]
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    assert dims[0].dim_param == "batch" and dims[1].dim_value == 3


def test_an_op_without_a_mapping_raises_naming_it():
    need("onnx")
    with pytest.raises(ember.onnx.errors.UnsupportedOperatorError,
                       match="Exporting the operator 'cumsum' to ONNX opset version 18 is "
                             "not supported"):
        ember.onnx.export(lambda x: x.cumsum(0), ember.randn(3, 2), None)
    # Ops whose NumPy call is a ufunc method are named as the user called them.
    for op in ("cumprod", "logcumsumexp"):
        with pytest.raises(ember.onnx.errors.UnsupportedOperatorError,
                           match=f"Exporting the operator '{op}' to ONNX"):
            ember.onnx.export(lambda x: getattr(x, op)(0), ember.randn(3, 2), None)
    assert issubclass(ember.onnx.errors.UnsupportedOperatorError, RuntimeError)


def test_data_dependent_python_cannot_be_exported():
    need("onnx")

    class Branchy(nn.Module):
        def forward(self, x):
            return x * 2 if x.sum() > 0 else x

    with pytest.raises(ember.onnx.errors.OnnxExporterError, match="cannot be exported"):
        ember.onnx.export(Branchy(), ember.ones(2), None)
