"""ember.onnx.export: the captured forward written as ONNX; onnx.checker accepts it and
onnxruntime computes what ember computes."""
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


MODELS = {
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
    model.eval()
    buffer = io.BytesIO()
    proto = ember.onnx.export(model, (x,), buffer, input_names=["x"])
    onnx.checker.check_model(proto)
    assert [i.name for i in proto.graph.input] == ["x"]
    names = {init.name for init in proto.graph.initializer}
    assert {n for n, _ in model.named_parameters()} <= names
    session = ort.InferenceSession(buffer.getvalue())
    got = session.run(None, {"x": x.numpy()})
    expected = [t.detach().numpy() for t in _flat(model(x))]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


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
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
    with pytest.raises(ember.onnx.errors.UnsupportedOperatorError,
                       match="Exporting the operator 'as_strided' to ONNX opset version 18 is "
                             "not supported"):
        ember.onnx.export(model, ember.randn(1, 1, 5, 5), None)
    assert issubclass(ember.onnx.errors.UnsupportedOperatorError, RuntimeError)


def test_data_dependent_python_cannot_be_exported():
    need("onnx")

    class Branchy(nn.Module):
        def forward(self, x):
            return x * 2 if x.sum() > 0 else x

    with pytest.raises(ember.onnx.errors.OnnxExporterError, match="cannot be exported"):
        ember.onnx.export(Branchy(), ember.ones(2), None)
