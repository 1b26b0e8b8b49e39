"""ember.export: a module's forward recorded once; ``ep.module()`` gives the eager module's
outputs on new inputs (bit for bit), the signature names inputs as torch.export does, a saved
program loads without pickled code, and a branch on a tensor's value raises torch's error."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
from conftest import CPU_CAPTURE, TORCH, cpu_only, requires_torch

import ember
from ember import nn
from ember.export import GuardOnDataDependentSymNode

pytestmark = cpu_only(CPU_CAPTURE)

F = nn.functional


class GPTBlock(nn.Module):
    """Pre-norm block with causal attention and dropout."""

    def __init__(self, dim=16, heads=2, p=0.1):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.fc, self.fc2 = nn.Linear(dim, 4 * dim), nn.Linear(4 * dim, dim)
        self.drop = nn.Dropout(p)
        self.heads = heads

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.drop(self.proj(y.transpose(1, 2).contiguous().view(B, T, C)))
        return x + self.drop(self.fc2(F.gelu(self.fc(self.ln2(x)))))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4),
                                      nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 8, batch_first=True)
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        out, (h, _) = self.lstm(x)
        return self.head(out[:, -1]), h


MODELS = {
    "mlp": (lambda: nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3)), (4, 6)),
    "cnn": (CNN, (2, 1, 8, 8)),
    "lstm": (LSTMNet, (3, 5, 4)),
    "gpt": (GPTBlock, (2, 5, 16)),
}


def _equal(ours, theirs):
    return np.array_equal(ours.detach().cpu().numpy(), theirs.detach().cpu().numpy())


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("training", [False, True])
def test_the_exported_module_gives_the_eager_modules_outputs(name, training):
    make, shape = MODELS[name]
    ember.manual_seed(0)
    model = make().train(training)
    twin = make().train(training)
    twin.load_state_dict(model.state_dict())
    ep = ember.export.export(model, (ember.randn(*shape),))
    exported = ep.module()
    for step in range(3):
        x = ember.randn(*shape)
        state = ember.get_rng_state()
        ours = exported(x)
        ember.set_rng_state(state)  # dropout draws the same numbers in both
        with ember.no_grad():
            theirs = twin(x)
        ours, theirs = (ours, theirs) if isinstance(ours, tuple) else ((ours,), (theirs,))
        assert all(_equal(a, b) for a, b in zip(ours, theirs)), step
    # Buffers the forward writes (batch-norm statistics in training) move as the eager ones.
    for key, value in twin.state_dict().items():
        assert np.array_equal(exported.state_dict()[key].cpu().numpy(), value.cpu().numpy()), key


def test_a_saved_program_loads_without_code_and_computes_the_same(tmp_path):
    ember.manual_seed(0)
    model = CNN().eval()
    ep = ember.export.export(model, (ember.randn(2, 1, 8, 8),))
    path = tmp_path / "cnn.pt2"
    ember.export.save(ep, path, extra_files={"note": "hello"})
    extra = {"note": ""}
    loaded = ember.export.load(path, extra_files=extra)
    assert extra == {"note": "hello"}
    x = ember.randn(2, 1, 8, 8)
    assert _equal(loaded.module()(x), model(x))
    assert list(loaded.module().state_dict()) == list(model.state_dict())
    assert str(loaded) == str(ep)
    # The weights load with weights_only=True; the calls are JSON text naming functions.
    assert ember.load(path, weights_only=True)["program"].startswith("{")


def test_load_refuses_a_program_that_names_a_function_outside_numpy_and_ember(tmp_path):
    ep = ember.export.export(nn.ReLU(), (ember.ones(2),))
    path = tmp_path / "relu.pt2"
    ember.export.save(ep, path)
    payload = ember.load(path, weights_only=True)
    program = json.loads(payload["program"])
    program["steps"][0]["fn"] = {"function": "os:system"}
    payload["program"] = json.dumps(program)
    ember.save(payload, path)
    with pytest.raises(ValueError, match="names no function"):
        ember.export.load(path)
    program["steps"][0]["fn"] = {"function": "numpy:load"}
    payload["program"] = json.dumps(program)
    ember.save(payload, path)
    with pytest.raises(ValueError, match="names no function"):
        ember.export.load(path)


def test_the_saved_file_is_ember_checkpoint_zip():
    buffer = io.BytesIO()
    ember.export.save(ember.export.export(nn.Linear(2, 2), (ember.ones(1, 2),)), buffer)
    assert zipfile.is_zipfile(io.BytesIO(buffer.getvalue()))


class Branch(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x


class ItemScale(nn.Module):
    def forward(self, x):
        return x * float(x.max())


@pytest.mark.parametrize("model", [Branch(), ItemScale()])
def test_a_python_read_of_a_tensor_value_raises_torchs_error_type(model):
    with pytest.raises(GuardOnDataDependentSymNode, match="data-dependent"):
        ember.export.export(model, (ember.ones(3),))
    assert issubclass(GuardOnDataDependentSymNode, RuntimeError)


def test_a_custom_functions_forward_records_like_any_other():
    class Square(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * x

        @staticmethod
        def backward(ctx, grad):
            return grad

    class M(nn.Module):
        def forward(self, x):
            return Square.apply(x)

    # Under no_grad the Function's forward is array calls like any other: it records.
    ep = ember.export.export(M(), (ember.ones(2),))
    assert _equal(ep.module()(ember.tensor([3.0, -2.0])), ember.tensor([9.0, 4.0]))


def test_dynamic_shapes_are_refused_with_a_reason():
    with pytest.raises(ember._dynamo.exc.UserError, match="static shapes"):
        ember.export.export(nn.Linear(2, 2), (ember.ones(1, 2),),
                            dynamic_shapes={"input": {0: "batch"}})


def _both_errors(fn):
    caught = []
    for lib in (ember, TORCH):
        try:
            fn(lib)
        except Exception as error:  # noqa: BLE001 - the test compares the types
            caught.append((type(error).__name__, str(error).split("\n")[0]
                           .replace("torch.", "ember.")))
    return caught


@requires_torch
def test_signature_names_and_errors_match_torch():
    def signature(lib):
        model = lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.BatchNorm1d(2)).eval()
        ep = lib.export.export(model, (lib.ones(4, 3),))
        sig = ep.graph_signature
        return sig.user_inputs, sig.parameters, sig.buffers, list(ep.state_dict)
    assert signature(ember) == signature(TORCH)

    ours, theirs = _both_errors(lambda lib: lib.export.export(lambda x: x, (lib.ones(1),)))
    assert ours == theirs
    ours, theirs = _both_errors(lambda lib: lib.export.export(lib.nn.Linear(3, 2), lib.ones(1, 3)))
    assert ours == theirs

    def wrong_shape(lib):
        lib.export.export(lib.nn.Linear(3, 2), (lib.ones(4, 3),)).module()(lib.ones(5, 3))
    ours, theirs = _both_errors(wrong_shape)
    assert ours == theirs


@requires_torch
def test_exported_outputs_match_torch_export_on_the_same_weights():
    ember.manual_seed(0)
    model = GPTBlock(p=0.0).eval()
    twin = TORCH.nn.Module()
    x = np.random.default_rng(0).standard_normal((2, 5, 16)).astype(np.float32)
    ours = ember.export.export(model, (ember.tensor(x),)).module()(ember.tensor(x))

    class TorchBlock(TORCH.nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = TORCH.nn.LayerNorm(16), TORCH.nn.LayerNorm(16)
            self.qkv, self.proj = TORCH.nn.Linear(16, 48), TORCH.nn.Linear(16, 16)
            self.fc, self.fc2 = TORCH.nn.Linear(16, 64), TORCH.nn.Linear(64, 16)
            self.drop = TORCH.nn.Dropout(0.0)
            self.heads = 2

        forward = GPTBlock.forward

    twin = TorchBlock().eval()
    twin.load_state_dict({k: TORCH.tensor(v.cpu().numpy()) for k, v in model.state_dict().items()})
    global F
    saved, F = F, TORCH.nn.functional
    try:
        theirs = TORCH.export.export(twin, (TORCH.tensor(x),)).module()(TORCH.tensor(x))
    finally:
        F = saved
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.detach().cpu().numpy(), rtol=1e-5,
                               atol=1e-5)


class Keywords(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)

    def forward(self, x, mask=None, *, scale=1.0, extra=None):
        out = self.lin(x) * scale
        return {"out": out, "total": out.sum() + extra[0], "count": 3}


def test_keyword_inputs_python_constants_and_structured_outputs(tmp_path):
    model = Keywords()
    ep = ember.export.export(model, (ember.randn(4, 3), None),
                             {"extra": [ember.ones(())], "scale": 2.0})
    assert ep.graph_signature.user_inputs == ("x", None, "extra_0", 2.0)
    path = tmp_path / "kw.pt2"
    ember.export.save(ep, path)
    for program in (ep, ember.export.load(path)):
        x, extra = ember.randn(4, 3), [ember.full((), 5.0)]
        ours = program.module()(x, None, extra=extra, scale=2.0)
        theirs = model(x, None, extra=extra, scale=2.0)
        assert ours["count"] == 3
        assert _equal(ours["out"], theirs["out"]) and _equal(ours["total"], theirs["total"])
        with pytest.raises(AssertionError, match="Guard failed: scale == 2.0"):
            program.module()(x, None, extra=extra, scale=3.0)
    args, kwargs = ep.example_inputs
    assert args[0].shape == (4, 3) and args[1] is None and kwargs["scale"] == 2.0


@requires_torch
def test_a_constant_inputs_guard_matches_torch():
    def changed_scale(lib):
        class Scaled(lib.nn.Module):
            def forward(self, x, scale):
                return x * scale

        ep = lib.export.export(Scaled(), (lib.ones(2), 2.0))
        assert ep.graph_signature.user_inputs == ("x", 2.0)
        ep.module()(lib.ones(2), 3.0)
    ours, theirs = _both_errors(changed_scale)
    assert ours == theirs


@requires_torch
def test_dims_static_specs_and_the_programs_other_views_match_torch():
    def views(lib):
        Dim = lib.export.Dim
        names = [repr(Dim("b")), repr(Dim("b", min=2)), repr(Dim("b", max=8)),
                 repr(lib.export.dims("x", "y")), repr(Dim.STATIC)]
        ep = lib.export.export(lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.BatchNorm1d(2)),
                               (lib.ones(3, 2),), dynamic_shapes={"input": {0: Dim.STATIC}})
        ep = ep.run_decompositions()
        return (names, type(ep).__name__, [n for n, _ in ep.named_parameters()],
                [n for n, _ in ep.named_buffers()], ep.constants)
    assert views(ember) == views(TORCH)
    ours, theirs = _both_errors(lambda lib: lib.export.Dim("b", min=5, max=2))
    assert ours == theirs


def test_a_dynamic_dim_is_refused():
    with pytest.raises(ember._dynamo.exc.UserError, match="static shapes"):
        ember.export.export(nn.Linear(2, 2), (ember.ones(3, 2),),
                            dynamic_shapes={"input": {0: ember.export.Dim("batch")}})
