"""ember.save / ember.load: round trips, safetensors compatibility, torch .pt import, safety."""
import collections
import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest
from conftest import INSTALL

import ember
from ember import optim, serialization
from ember.serialization import CheckpointError
from tests.conftest import TORCH, requires_torch

try:
    import safetensors.numpy as safetensors_numpy
except ImportError:
    safetensors_numpy = None

DTYPES = [d for d in ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
                      "float32", "float64", "complex64", "complex128")
          if getattr(ember, d, None) is not None]


def _sample(dtype_name, shape=(3, 4)):
    rng = np.random.default_rng(0)
    values = rng.standard_normal(shape) * 50
    dtype = getattr(ember, dtype_name)
    if dtype_name == "bool":
        return ember.tensor(values > 0)
    if dtype.is_complex:
        return ember.from_numpy(np.asarray((values + 1j * (values + 3)).astype(dtype.np)))
    return ember.tensor(values).to(dtype)


def _equal(a, b):
    assert a.dtype == b.dtype and tuple(a.shape) == tuple(b.shape)
    np.testing.assert_array_equal(a.numpy().astype(np.complex128 if a.is_complex() else
                                                   np.float64),
                                  b.numpy().astype(np.complex128 if b.is_complex() else
                                                   np.float64))


@pytest.mark.parametrize("dtype_name", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 5), (2, 1, 3)])
def test_round_trip_every_dtype(tmp_path, dtype_name, shape):
    tensor = _sample(dtype_name, shape)
    path = tmp_path / "t.ember"
    ember.save(tensor, path)
    _equal(ember.load(path), tensor)


def test_round_trip_nested_structure(tmp_path):
    shared = ember.arange(6.0).reshape(2, 3)
    obj = {
        "weights": collections.OrderedDict([("fc.weight", ember.ones(2, 3)),
                                            ("fc.bias", ember.zeros(2))]),
        "list": [1, 2.5, "three", None, True, float("inf"), float("nan"), 10 ** 30],
        "tuple": (shared, shared, -7),
        3: "int key", (1, "a"): "tuple key", 2.5: None,
        "empty": {}, "dtype": ember.float64, "size": ember.Size([2, 3]),
        "grad": ember.ones(2, requires_grad=True),
    }
    path = tmp_path / "nested.ember"
    ember.save(obj, path)
    back = ember.load(path)
    assert isinstance(back["weights"], collections.OrderedDict)
    assert list(back["weights"]) == ["fc.weight", "fc.bias"]
    _equal(back["weights"]["fc.weight"], ember.ones(2, 3))
    assert back["list"][:5] == [1, 2.5, "three", None, True]
    assert back["list"][5] == float("inf") and np.isnan(back["list"][6])
    assert back["list"][7] == 10 ** 30 and isinstance(back["list"][7], int)
    assert isinstance(back["tuple"], tuple) and back["tuple"][2] == -7
    # The same tensor object saved twice comes back as one tensor.
    assert back["tuple"][0] is back["tuple"][1]
    _equal(back["tuple"][0], shared)
    assert back[3] == "int key" and back[(1, "a")] == "tuple key" and back[2.5] is None
    assert back["empty"] == {} and back["dtype"] is ember.float64
    assert back["size"] == (2, 3) and type(back["size"]).__name__ == "Size"
    assert back["grad"].requires_grad and back["grad"].is_leaf


def test_optimizer_state_dict_round_trip(tmp_path):
    params = [ember.randn(3, 2, requires_grad=True), ember.randn(2, requires_grad=True)]
    opt = optim.Adam(params, lr=0.01, amsgrad=True)
    for _ in range(3):
        opt.zero_grad()
        sum((p * p).sum() for p in params).backward()
        opt.step()
    path = tmp_path / "opt.ember"
    ember.save({"optimizer": opt.state_dict(), "epoch": 3}, path)
    loaded = ember.load(path)
    assert loaded["epoch"] == 3
    state = loaded["optimizer"]
    assert set(state["state"]) == {0, 1}
    assert state["param_groups"][0]["betas"] == (0.9, 0.999)
    fresh = optim.Adam([p.detach().clone().requires_grad_() for p in params])
    fresh.load_state_dict(state)
    for key in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"):
        _equal(fresh.state[fresh.param_groups[0]["params"][0]][key], opt.state[params[0]][key])


def test_file_objects_work(tmp_path):
    buffer = io.BytesIO()
    ember.save({"a": ember.ones(2)}, buffer)
    buffer.seek(0)
    _equal(ember.load(buffer)["a"], ember.ones(2))


def test_unsupported_objects_are_refused_without_pickle(tmp_path):
    with pytest.raises(TypeError, match=r"cannot store an object of type object at key path "
                                        r"'a' -> 0"):
        ember.save({"a": [object()]}, tmp_path / "x")
    assert not os.listdir(tmp_path)


@pytest.mark.skipif(safetensors_numpy is None, reason=INSTALL["safetensors"])
def test_safetensors_package_reads_ember_files(tmp_path):
    state = collections.OrderedDict(
        (name, _sample(name, (2, 3))) for name in DTYPES if not name.startswith("complex"))
    path = tmp_path / "model.safetensors"
    ember.save(state, path)
    read = safetensors_numpy.load_file(str(path))
    assert set(read) == set(state)
    for name, tensor in state.items():
        expected = tensor.numpy()
        assert read[name].dtype == expected.dtype
        np.testing.assert_array_equal(read[name], expected)


@pytest.mark.skipif(safetensors_numpy is None, reason=INSTALL["safetensors"])
def test_ember_reads_plain_safetensors_files(tmp_path):
    path = tmp_path / "plain.safetensors"
    arrays = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "i": np.array([1, 2])}
    safetensors_numpy.save_file(arrays, str(path))
    loaded = ember.load(path)
    assert set(loaded) == {"w", "i"}
    np.testing.assert_array_equal(loaded["w"].numpy(), arrays["w"])
    assert loaded["i"].dtype == ember.int64


# ---------------------------------------------------------------------- damaged files

def _good_file(tmp_path):
    path = tmp_path / "good.ember"
    ember.save({"w": ember.arange(12.0).reshape(3, 4), "b": ember.ones(4)}, path)
    return path


@pytest.mark.parametrize("keep", [0, 5, 8, 20, -1, -17])
def test_truncated_file_raises_a_clear_error(tmp_path, keep):
    path = _good_file(tmp_path)
    blob = path.read_bytes()
    path.write_bytes(blob[:keep] if keep >= 0 else blob[:len(blob) + keep])
    with pytest.raises(CheckpointError, match=str(path)):
        ember.load(path)


def _rewrite_header(path, change):
    blob = path.read_bytes()
    length = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8:8 + length])
    change(header)
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + blob[8 + length:])


@pytest.mark.parametrize("change,message", [
    (lambda h: h["w"].update(dtype="F99"), "unsupported dtype"),
    (lambda h: h["w"].update(shape=[3, 5]), "needs 60 bytes"),
    (lambda h: h["w"].update(shape=[-1, 4]), "invalid shape"),
    (lambda h: h["w"].update(data_offsets=[0, 10 ** 9]), "truncated"),
    (lambda h: h["w"].update(data_offsets=[8, 4]), "out of order"),
    (lambda h: h["b"].update(data_offsets=[0, 16]), "overlap or leave gaps"),
    (lambda h: h["__metadata__"].update({"ember.structure": "{not json"}), "not valid JSON"),
    (lambda h: h["__metadata__"].update({"ember.structure": '{"$tensor": "zz"}'}),
     "missing tensor"),
])
def test_tampered_header_raises_a_clear_error(tmp_path, change, message):
    path = _good_file(tmp_path)
    _rewrite_header(path, change)
    with pytest.raises(CheckpointError, match=message):
        ember.load(path)


def test_altered_tensor_bytes_fail_the_checksum(tmp_path):
    path = _good_file(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(CheckpointError, match="SHA-256"):
        ember.load(path)


def test_garbage_header_raises(tmp_path):
    path = tmp_path / "junk"
    path.write_bytes((30).to_bytes(8, "little") + b"\xff" * 30)
    with pytest.raises(CheckpointError, match="not valid JSON"):
        ember.load(path)
    path.write_bytes(b"\xff" * 64)
    with pytest.raises(CheckpointError, match="implausible"):
        ember.load(path)


# ---------------------------------------------------------------------- atomic writes

def test_crash_mid_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.ember"
    ember.save({"step": 1, "w": ember.ones(1000)}, path)
    original = path.read_bytes()

    def crash(handle, header, arrays):
        handle.write(len(header).to_bytes(8, "little"))
        handle.write(header[:10])
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(serialization, "_write_payload", crash)
    with pytest.raises(KeyboardInterrupt):
        ember.save({"step": 2, "w": ember.zeros(1000)}, path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["ckpt.ember"]
    loaded = ember.load(path)
    assert loaded["step"] == 1
    _equal(loaded["w"], ember.ones(1000))


def test_save_replaces_the_file_and_keeps_normal_permissions(tmp_path):
    path = tmp_path / "ckpt.ember"
    ember.save({"v": 1}, path)
    ember.save({"v": 2}, path)
    assert ember.load(path) == {"v": 2}
    mode = os.stat(path).st_mode & 0o777
    assert mode == 0o666 & ~_umask()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------------- torch checkpoints

@requires_torch
def test_torch_state_dicts_load_with_equal_values(tmp_path):
    TORCH.manual_seed(0)
    model = TORCH.nn.Sequential(TORCH.nn.Linear(4, 3), TORCH.nn.BatchNorm1d(3),
                                TORCH.nn.Linear(3, 2))
    opt = TORCH.optim.Adam(model.parameters())
    model(TORCH.randn(5, 4)).sum().backward()
    opt.step()
    extra = {"bf16": TORCH.ones(3, dtype=TORCH.bfloat16) * 1.5,
             "view": TORCH.arange(20.0).reshape(4, 5)[1:, ::2].t(),
             "half": TORCH.randn(2, 2).half(), "bool": TORCH.tensor([True, False]),
             "complex": TORCH.randn(3, dtype=TORCH.complex64),
             "param": TORCH.nn.Parameter(TORCH.ones(2)), "dtype": TORCH.float16,
             "size": TORCH.Size([1, 2]), "empty": TORCH.zeros(0, 3)}
    path = tmp_path / "torch.pt"
    TORCH.save({"model": model.state_dict(), "opt": opt.state_dict(), "extra": extra}, path)
    loaded = ember.load(path)
    assert list(loaded["model"]) == list(model.state_dict())
    for key, value in model.state_dict().items():
        ours = loaded["model"][key]
        assert str(ours.dtype)[6:] == str(value.dtype)[6:]
        np.testing.assert_array_equal(ours.numpy(), value.numpy())
    assert loaded["opt"]["param_groups"][0]["params"] == opt.state_dict()[
        "param_groups"][0]["params"]
    np.testing.assert_array_equal(loaded["opt"]["state"][0]["exp_avg"].numpy(),
                                  opt.state_dict()["state"][0]["exp_avg"].numpy())
    for key in ("view", "half", "bool", "complex", "empty"):
        np.testing.assert_array_equal(loaded["extra"][key].numpy(), extra[key].numpy())
    np.testing.assert_array_equal(loaded["extra"]["bf16"].float().numpy(), [1.5] * 3)
    assert loaded["extra"]["param"].requires_grad
    assert loaded["extra"]["dtype"] is ember.float16 and loaded["extra"]["size"] == (1, 2)


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def _zip_with_pickle(path, payload):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", payload)
        archive.writestr("archive/version", "3\n")


def test_malicious_torch_pickle_is_refused(tmp_path):
    path = tmp_path / "evil.pt"
    _zip_with_pickle(path, pickle.dumps({"weight": _Exploit()}, protocol=2))
    with pytest.raises(pickle.UnpicklingError, match=r"refusing to load global posix.system"):
        ember.load(path)


@pytest.mark.parametrize("module,name", [("builtins", "eval"), ("torch", "load"),
                                         ("torch._utils", "_rebuild_device_tensor_from_numpy"),
                                         ("subprocess", "Popen")])
def test_only_tensor_rebuild_globals_are_allowed(tmp_path, module, name):
    payload = b"\x80\x02c" + f"{module}\n{name}\n".encode() + b"q\x00."
    path = tmp_path / "g.pt"
    _zip_with_pickle(path, payload)
    with pytest.raises(pickle.UnpicklingError, match=f"{module}.{name}"):
        ember.load(path)


@requires_torch
def test_legacy_torch_format_is_named_in_the_error(tmp_path):
    path = tmp_path / "legacy.pt"
    TORCH.save({"w": TORCH.ones(2)}, path, _use_new_zipfile_serialization=False)
    with pytest.raises(CheckpointError, match="legacy"):
        ember.load(path)


@requires_torch
def test_truncated_torch_file_raises_a_clear_error(tmp_path):
    path = tmp_path / "t.pt"
    TORCH.save({"w": TORCH.ones(100)}, path)
    blob = path.read_bytes()
    path.write_bytes(blob[:len(blob) // 2])
    with pytest.raises(CheckpointError, match=str(path)):
        ember.load(path)


def test_map_location_forms(tmp_path):
    path = tmp_path / "m.ember"
    ember.save({"w": ember.ones(2)}, path)
    assert ember.load(path, map_location="cpu")["w"].device.type == "cpu"
    assert ember.load(path, map_location={"cpu": "cpu"})["w"].device.type == "cpu"
    seen = []
    ember.load(path, map_location=lambda tensor, location: seen.append(location))
    assert seen == ["cpu"]


# ---------------------------------------------------------------------- training checkpoints

def _train_steps(model, opt, scheduler, batches, steps):
    from ember.nn import functional as F
    for _, (x, y) in zip(range(steps), batches):
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
        scheduler.step()


def _setup(seed):
    from ember import nn
    from ember.utils.data import DataLoader, TensorDataset
    ember.manual_seed(seed)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    opt = optim.AdamW(model.parameters(), lr=0.05)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    data = TensorDataset(ember.randn(24, 4), ember.randint(0, 3, (24,)))
    loader = DataLoader(data, batch_size=8, shuffle=True,
                        generator=ember.Generator().manual_seed(seed))
    return model, opt, scheduler, loader


def test_save_crash_load_resumes_training_identically(tmp_path, monkeypatch):
    model, opt, scheduler, loader = _setup(0)
    batches = _cycle(loader)
    _train_steps(model, opt, scheduler, batches, 4)
    path = tmp_path / "train.ember"
    ember.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
                "scheduler": scheduler.state_dict(), "step": 4}, path)
    _train_steps(model, opt, scheduler, batches, 3)
    expected = {k: v.clone() for k, v in model.state_dict().items()}

    # A later save dies half-way; the step-4 checkpoint must survive it.
    def crash(handle, header, arrays):
        handle.write(header[:5])
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(serialization, "_write_payload", crash)
        with pytest.raises(OSError, match="disk full"):
            ember.save({"model": model.state_dict()}, path)

    resumed, resumed_opt, resumed_scheduler, _ = _setup(1)
    checkpoint = ember.load(path)
    resumed.load_state_dict(checkpoint["model"])
    resumed_opt.load_state_dict(checkpoint["optimizer"])
    resumed_scheduler.load_state_dict(checkpoint["scheduler"])
    assert checkpoint["step"] == 4
    assert resumed_opt.param_groups[0]["lr"] == 0.05 * 0.5
    # Replay the same batches the original run saw after step 4.
    _, _, _, replay_loader = _setup(0)
    batches = [batch for _, batch in zip(range(7), _cycle(replay_loader))][4:]
    _train_steps(resumed, resumed_opt, resumed_scheduler, iter(batches), 3)
    for key, value in resumed.state_dict().items():
        np.testing.assert_array_equal(value.numpy(), expected[key].numpy())


def _cycle(loader):
    while True:
        yield from loader


@requires_torch
def test_torch_training_checkpoint_resumes_in_ember(tmp_path):
    from ember import nn
    TORCH.manual_seed(0)
    theirs = TORCH.nn.Linear(3, 2)
    theirs_opt = TORCH.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    for _ in range(2):
        theirs_opt.zero_grad()
        theirs(TORCH.from_numpy(x)).pow(2).sum().backward()
        theirs_opt.step()
    path = tmp_path / "torch_ckpt.pt"
    TORCH.save({"model": theirs.state_dict(), "optimizer": theirs_opt.state_dict()}, path)

    ours = nn.Linear(3, 2)
    ours_opt = optim.SGD(ours.parameters(), lr=0.5, momentum=0.9)
    checkpoint = ember.load(path)
    ours.load_state_dict(checkpoint["model"])
    ours_opt.load_state_dict(checkpoint["optimizer"])
    for _ in range(3):
        theirs_opt.zero_grad()
        theirs(TORCH.from_numpy(x)).pow(2).sum().backward()
        theirs_opt.step()
        ours_opt.zero_grad()
        ours(ember.tensor(x)).pow(2).sum().backward()
        ours_opt.step()
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(),
                               rtol=1e-5, atol=1e-6)
