"""ember.save / ember.load: round trips, safetensors compatibility, torch .pt import, safety."""
import collections
import errno
import hashlib
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest
from conftest import INSTALL

import ember
from ember import optim, serialization
from ember.serialization import CheckpointError
from tests.conftest import TORCH, requires_torch, torch_load

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


def _host_values(t):
    """t's values as a NumPy array (bfloat16 through float64: numpy() refuses it, as torch's)."""
    t = t.detach().cpu()
    return (t.double() if t.dtype == getattr(ember, "bfloat16", None) else t).numpy()


def _equal(a, b):
    assert a.dtype == b.dtype and tuple(a.shape) == tuple(b.shape)
    np.testing.assert_array_equal(_host_values(a).astype(np.complex128 if a.is_complex() else
                                                         np.float64),
                                  _host_values(b).astype(np.complex128 if b.is_complex() else
                                                         np.float64))


FORMATS = [".pt", ".safetensors"]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("dtype_name", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 5), (2, 1, 3)])
def test_round_trip_every_dtype(tmp_path, dtype_name, shape, suffix):
    tensor = _sample(dtype_name, shape)
    path = tmp_path / f"t{suffix}"
    ember.save(tensor, path)
    _equal(ember.load(path), tensor)


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_nested_structure(tmp_path, suffix):
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
    path = tmp_path / f"nested{suffix}"
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


@pytest.mark.parametrize("suffix", FORMATS)
def test_optimizer_state_dict_round_trip(tmp_path, suffix):
    params = [ember.randn(3, 2, requires_grad=True), ember.randn(2, requires_grad=True)]
    opt = optim.Adam(params, lr=0.01, amsgrad=True)
    for _ in range(3):
        opt.zero_grad()
        sum((p * p).sum() for p in params).backward()
        opt.step()
    path = tmp_path / f"opt{suffix}"
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


def test_the_safetensors_layout_refuses_what_needs_pickle(tmp_path):
    with pytest.raises(TypeError, match=r"cannot store an object of type object at key path "
                                        r"'a' -> 0"):
        ember.save({"a": [object()]}, tmp_path / "x.safetensors")
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
        if tensor.dtype == getattr(ember, "bfloat16", None):  # ml_dtypes' type, read as float
            assert read[name].dtype.name == "bfloat16"
            np.testing.assert_array_equal(read[name].astype(np.float64), _host_values(tensor))
            continue
        expected = tensor.cpu().numpy()
        assert read[name].dtype == expected.dtype
        np.testing.assert_array_equal(read[name], expected)


@pytest.mark.skipif(safetensors_numpy is None, reason=INSTALL["safetensors"])
def test_ember_reads_plain_safetensors_files(tmp_path):
    path = tmp_path / "plain.safetensors"
    arrays = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "i": np.array([1, 2])}
    safetensors_numpy.save_file(arrays, str(path))
    loaded = ember.load(path)
    assert set(loaded) == {"w", "i"}
    np.testing.assert_array_equal(loaded["w"].cpu().numpy(), arrays["w"])
    assert loaded["i"].dtype == ember.int64


# ---------------------------------------------------------------------- damaged safetensors

def _good_file(tmp_path):
    path = tmp_path / "good.safetensors"
    ember.save({"w": ember.arange(12.0).reshape(3, 4), "b": ember.ones(4),
                "lr": 0.1, "bn.running_mean": ember.zeros(4)}, path)
    return path


@pytest.mark.parametrize("keep", [0, 5, 8, 20, -1, -17])
def test_truncated_file_raises_a_clear_error(tmp_path, keep):
    path = _good_file(tmp_path)
    blob = path.read_bytes()
    path.write_bytes(blob[:keep] if keep >= 0 else blob[:len(blob) + keep])
    with pytest.raises(CheckpointError, match=str(path)):
        ember.load(path)


def _split(blob):
    length = int.from_bytes(blob[:8], "little")
    return json.loads(blob[8:8 + length]), blob[8 + length:]


def _signed(header, data):
    """A file with a correct ember checksum over the given header and data, as a forger
    who knows the format would write it (so the structural checks are what must catch it)."""
    meta = header["__metadata__"]
    meta["ember.sha256"] = "0" * 64
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    digest = hashlib.sha256(len(text).to_bytes(8, "little") + text + data).hexdigest()
    text = text.replace(b'"ember.sha256":"' + b"0" * 64, b'"ember.sha256":"' + digest.encode())
    return len(text).to_bytes(8, "little") + text + data


def _rewrite_header(path, change):
    header, data = _split(path.read_bytes())
    change(header)
    path.write_bytes(_signed(header, data))


def test_a_resigned_unchanged_file_still_loads(tmp_path):
    path = _good_file(tmp_path)
    before = ember.load(path)
    _rewrite_header(path, lambda header: None)
    after = ember.load(path)
    assert set(after) == set(before) and after["lr"] == 0.1
    _equal(after["w"], before["w"])


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
    (lambda h: h["__metadata__"].update({"ember.structure": '{"$dict": 3}'}),
     "malformed structure"),
    (lambda h: h["__metadata__"].update({"extra": "1"}), "ember writes exactly"),
])
def test_tampered_header_raises_a_clear_error(tmp_path, change, message):
    path = _good_file(tmp_path)
    _rewrite_header(path, change)
    with pytest.raises(CheckpointError, match=message):
        ember.load(path)


@pytest.mark.parametrize("old,new", [(b"running_mean", b"running_meam"), (b"0.1", b"0.2"),
                                     (b'"F32"', b'"I32"')])
def test_a_one_byte_header_edit_fails_the_checksum(tmp_path, old, new):
    path = _good_file(tmp_path)
    blob = path.read_bytes()
    assert old in blob
    path.write_bytes(blob.replace(old, new, 1))
    with pytest.raises(CheckpointError, match="SHA-256"):
        ember.load(path)


def test_altered_tensor_bytes_fail_the_checksum(tmp_path):
    path = _good_file(tmp_path)
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(CheckpointError, match="SHA-256"):
        ember.load(path)


def _with_raw_header(text, data=b""):
    text += b" " * (-(8 + len(text)) % 8)
    return len(text).to_bytes(8, "little") + text + data


def test_duplicate_json_keys_are_refused(tmp_path):
    path = _good_file(tmp_path)
    header, data = _split(path.read_bytes())
    text = json.dumps(header, separators=(",", ":")).encode()
    # A second __metadata__ without the checksum used to win and switch the check off.
    forged = text[:-1] + b',"__metadata__":{}}'
    path.write_bytes(_with_raw_header(forged, data))
    with pytest.raises(CheckpointError, match="repeats the key '__metadata__'"):
        ember.load(path)
    path.write_bytes(_with_raw_header(b'{"a":{"dtype":"F32","dtype":"F64","shape":[],'
                                      b'"data_offsets":[0,4]}}', b"\0" * 4))
    with pytest.raises(CheckpointError, match="repeats the key 'dtype'"):
        ember.load(path)


@pytest.mark.parametrize("metadata,message", [
    ({"format": "embes", "ember.structure": "{}", "ember.sha256": "0" * 64}, "ember writes"),
    ({"ember.structure": "{}"}, "ember writes"),
    ({"format": "ember", "ember.structure": "{}", "ember.sha256": "xyz"}, "hex digest"),
])
def test_headers_ember_did_not_write_are_refused(tmp_path, metadata, message):
    path = tmp_path / "forged.safetensors"
    header = {"a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]},
              "__metadata__": metadata}
    path.write_bytes(_with_raw_header(json.dumps(header).encode(), b"\0" * 4))
    with pytest.raises(CheckpointError, match=message):
        ember.load(path)


def test_the_checksum_field_must_be_as_ember_writes_it(tmp_path):
    path = _good_file(tmp_path)
    header, data = _split(path.read_bytes())
    # Same JSON, other spacing: the checksum cannot be located as written.
    path.write_bytes(_with_raw_header(json.dumps(header, indent=1).encode(), data))
    with pytest.raises(CheckpointError, match="not written by ember"):
        ember.load(path)


def test_damaged_file_errors_are_caught_as_torch_users_catch_them(tmp_path):
    # torch raises pickle.UnpicklingError for bytes that are not an archive and RuntimeError
    # for a damaged archive; except clauses written for either must catch ember's error.
    path = tmp_path / "junk"
    path.write_bytes(b"garbage")
    for caught in (pickle.UnpicklingError, RuntimeError):
        with pytest.raises(caught):
            ember.load(path)


def test_garbage_header_raises(tmp_path):
    path = tmp_path / "junk"
    path.write_bytes((30).to_bytes(8, "little") + b"\xff" * 30)
    with pytest.raises(CheckpointError, match="not valid JSON"):
        ember.load(path)
    path.write_bytes(b"\xff" * 64)
    with pytest.raises(CheckpointError, match="implausible"):
        ember.load(path)


# ---------------------------------------------------------------------- damaged zip files

def _rezip(path, change):
    """Rewrite an archive record by record (fresh CRCs), applying ``change(name, data)``."""
    with zipfile.ZipFile(path) as archive:
        records = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in records:
            data = change(name, data)
            if data is not None:
                archive.writestr(name, data)


def test_zip_records_altered_with_a_fresh_crc_fail_the_integrity_record(tmp_path):
    path = tmp_path / "model.pt"
    ember.save({"bn.running_mean": ember.zeros(3), "lr": 0.1}, path)
    _rezip(path, lambda name, data: data.replace(b"running_mean", b"running_meam")
           if name.endswith("data.pkl") else data)
    with pytest.raises(CheckpointError, match="integrity record"):
        ember.load(path)
    ember.save({"w": ember.ones(4)}, path)
    _rezip(path, lambda name, data: b"\0" * len(data) if name.endswith("data/0") else data)
    with pytest.raises(CheckpointError, match="integrity record"):
        ember.load(path)


def test_a_flipped_byte_in_a_zip_record_is_caught(tmp_path):
    path = tmp_path / "model.pt"
    ember.save({"w": ember.arange(64.0)}, path)
    blob = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("archive/data/0")
    blob[info.header_offset + 30 + len(info.filename) + len(blob) // 1000 + 70] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(CheckpointError, match="CRC"):
        ember.load(path)


@requires_torch
def test_torch_reads_files_with_the_integrity_record_and_ignores_it(tmp_path):
    path = tmp_path / "model.pt"
    ember.save({"w": ember.arange(6.0)}, path)
    with zipfile.ZipFile(path) as archive:
        assert "archive/.data/ember_sha256" in archive.namelist()
    assert TORCH.equal(torch_load(path)["w"], TORCH.arange(6.0))
    assert TORCH.equal(torch_load(path, mmap=True)["w"], TORCH.arange(6.0))


# ---------------------------------------------------------------------- atomic writes

def _crash(handle, *rest):
    handle.write(b"PK\x03\x04 half a checkpoint")
    raise KeyboardInterrupt("power cut")


@pytest.mark.parametrize("suffix,writer", [(".pt", "_write_zip"),
                                           (".safetensors", "_write_safetensors")])
def test_crash_mid_save_keeps_the_previous_checkpoint(tmp_path, monkeypatch, suffix, writer):
    path = tmp_path / f"ckpt{suffix}"
    ember.save({"step": 1, "w": ember.ones(1000)}, path)
    original = path.read_bytes()
    monkeypatch.setattr(serialization, writer, _crash)
    with pytest.raises(KeyboardInterrupt):
        ember.save({"step": 2, "w": ember.zeros(1000)}, path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == [f"ckpt{suffix}"]
    loaded = ember.load(path)
    assert loaded["step"] == 1
    _equal(loaded["w"], ember.ones(1000))


def test_save_replaces_the_file_and_keeps_normal_permissions(tmp_path):
    for suffix in FORMATS:
        path = tmp_path / f"ckpt{suffix}"
        ember.save({"v": 1}, path)
        ember.save({"v": 2}, path)
        assert ember.load(path) == {"v": 2}
        mode = os.stat(path).st_mode & 0o777
        assert mode == 0o666 & ~_umask()


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_save_removes_stale_temporary_files(tmp_path):
    path = tmp_path / "ckpt.pt"
    dead = _dead_pid()
    stale = tmp_path / f".ckpt.pt.ember-tmp-{dead}-abc123"
    alive = tmp_path / f".ckpt.pt.ember-tmp-{os.getppid()}-def456"
    other = tmp_path / f".other.pt.ember-tmp-{dead}-ghi789"
    for leftover in (stale, alive, other):
        leftover.write_bytes(b"partial")
    ember.save({"w": ember.ones(2)}, path)
    # Only the dead writer's leftover of this target goes; a running writer's file stays.
    assert sorted(os.listdir(tmp_path)) == sorted(["ckpt.pt", alive.name, other.name])


def test_a_full_disk_reports_the_space_needed(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    ember.save({"w": ember.ones(10)}, path)
    original = path.read_bytes()

    def full(handle, records):
        handle.write(b"PK")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(serialization, "_write_zip", full)
    with pytest.raises(RuntimeError, match=r"needs about \d+ bytes .* bytes are free") as info:
        ember.save({"w": ember.ones(100000)}, path)
    assert isinstance(info.value, OSError) and info.value.errno == errno.ENOSPC
    assert path.read_bytes() == original and os.listdir(tmp_path) == ["ckpt.pt"]


_KILL_WRITER = """
import sys, ember
step = 0
while True:
    step += 1
    ember.save({"step": step, "w": ember.full((400000,), float(step))}, sys.argv[1])
    print(step, flush=True)
"""


def test_kill_9_mid_save_leaves_a_whole_checkpoint_and_the_next_save_cleans_up(tmp_path):
    path = tmp_path / "ckpt.pt"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    for delay in (0.05, 0.13, 0.21):
        writer = subprocess.Popen([sys.executable, "-c", _KILL_WRITER, str(path)],
                                  stdout=subprocess.PIPE, env=env)
        writer.stdout.readline()  # at least one save completed
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        loaded = ember.load(path)
        assert isinstance(loaded["step"], int) and loaded["step"] >= 1
        _equal(loaded["w"], ember.full((400000,), float(loaded["step"])))
    ember.save({"step": 0}, path)
    assert os.listdir(tmp_path) == ["ckpt.pt"]


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
        np.testing.assert_array_equal(ours.cpu().numpy(), value.cpu().numpy())
    assert loaded["opt"]["param_groups"][0]["params"] == opt.state_dict()[
        "param_groups"][0]["params"]
    np.testing.assert_array_equal(loaded["opt"]["state"][0]["exp_avg"].cpu().numpy(),
                                  opt.state_dict()["state"][0]["exp_avg"].cpu().numpy())
    for key in ("view", "half", "bool", "complex", "empty"):
        np.testing.assert_array_equal(loaded["extra"][key].cpu().numpy(), extra[key].cpu().numpy())
    np.testing.assert_array_equal(loaded["extra"]["bf16"].float().cpu().numpy(), [1.5] * 3)
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
    with pytest.raises(pickle.UnpicklingError, match=r"Unsupported global: GLOBAL posix.system "):
        ember.load(path)


@pytest.mark.parametrize("module,name", [("builtins", "eval"), ("torch", "load"),
                                         ("torch._utils", "_rebuild_device_tensor_from_numpy"),
                                         ("subprocess", "Popen")])
def test_only_tensor_rebuild_globals_are_allowed(tmp_path, module, name):
    payload = b"\x80\x02c" + f"{module}\n{name}\n".encode() + b"q\x00."
    path = tmp_path / "g.pt"
    _zip_with_pickle(path, payload)
    # torch spells a builtin by its bare name ("GLOBAL eval")
    spelled = name if module == "builtins" else f"{module}.{name}"
    with pytest.raises(pickle.UnpicklingError, match=f"GLOBAL {spelled} was not"):
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
    path = tmp_path / "m.pt"
    saved = ember.ones(2)
    ember.save({"w": saved}, path)
    assert ember.load(path, map_location="cpu")["w"].device.type == "cpu"
    assert ember.load(path, map_location={str(saved.device): "cpu"})["w"].device.type == "cpu"
    seen = []
    ember.load(path, map_location=lambda tensor, location: seen.append(location))
    assert seen == [str(saved.device)]


def test_map_location_meta_gives_meta_tensors_and_parameters(tmp_path):
    path = tmp_path / "m.pt"
    ember.save({"w": ember.ones(2, 3), "p": ember.nn.Parameter(ember.zeros(4))}, path)
    for location in ("meta", ember.device("meta")):
        loaded = ember.load(path, map_location=location)
        assert loaded["w"].device.type == "meta" and loaded["w"].shape == (2, 3)
        assert isinstance(loaded["p"], ember.nn.Parameter) and loaded["p"].is_meta


@pytest.mark.parametrize("location", ["gpu", "cpu:0", "cpux", {"cpu": "gpu"},
                                      {"cuda:0": "gpu"}])
def test_map_location_no_restorer_takes_is_refused_as_torch(tmp_path, location):
    path = tmp_path / "m.pt"
    saved = ember.ones(2)
    ember.save(saved, path)
    if isinstance(location, dict):  # the saved device's own entry
        location = {str(saved.device): next(iter(location.values()))}
    tag = location if isinstance(location, str) else next(iter(location.values()))
    message = f"don't know how to restore data location of ember.storage.UntypedStorage " \
              f"(tagged with {tag})"
    with pytest.raises(RuntimeError) as ours:
        ember.load(path, map_location=location)
    assert str(ours.value) == message
    if TORCH is not None and saved.device.type == "cpu":
        buffer = io.BytesIO()
        TORCH.save(TORCH.ones(2), buffer)
        buffer.seek(0)
        with pytest.raises(RuntimeError) as theirs:
            TORCH.load(buffer, map_location=location)
        assert str(theirs.value) == message.replace("ember.", "torch.")


def test_skip_data_writes_zeros_in_place_of_storage_bytes(tmp_path):
    from ember.serialization import skip_data
    path = tmp_path / "skipped.pt"
    whole = ember.arange(1.0, 7.0)
    with skip_data(materialize_fake_tensors=False):
        ember.save({"w": whole.view(2, 3), "tail": whole[4:]}, path)
    loaded = ember.load(path)
    assert loaded["w"].tolist() == [[0.0] * 3] * 2 and loaded["tail"].tolist() == [0.0, 0.0]
    assert loaded["tail"].untyped_storage().nbytes() == whole.untyped_storage().nbytes()
    full = tmp_path / "full.pt"
    ember.save({"w": whole}, full)  # outside the context the data are written again
    assert ember.load(full)["w"].tolist() == whole.tolist()
    assert os.path.getsize(full) < os.path.getsize(path) + 64
    with skip_data(), pytest.raises(RuntimeError, match="Cannot use skip_data=True with "
                                                        "_use_new_zipfile_serialization=False"):
        ember.save(whole, io.BytesIO(), _use_new_zipfile_serialization=False)
    if TORCH is not None:
        assert TORCH.load(path, map_location="cpu")["w"].tolist() == [[0.0] * 3] * 2


def _zero_data_crcs(path):
    """The file as torch's skip_data writes it: each storage record's CRC-32 left 0, in its
    local header and in the central directory."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if "/data/" in i.filename and i.file_size]
    for info in infos:
        raw[info.header_offset + 14:info.header_offset + 18] = bytes(4)
        name = info.filename.encode()
        central = raw.find(b"PK\x01\x02")
        while central != -1:
            length = int.from_bytes(raw[central + 28:central + 30], "little")
            if raw[central + 46:central + 46 + length] == name:
                raw[central + 16:central + 20] = bytes(4)
            central = raw.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(raw))
    return len(infos)


@pytest.mark.parametrize("mmap", [False, True])
def test_records_with_a_zero_crc_load_as_the_zeros_they_hold(tmp_path, mmap):
    from ember.serialization import skip_data
    path = tmp_path / "skipped.pt"
    with skip_data():
        ember.save({"w": ember.ones(2, 3), "b": ember.ones(3, dtype=ember.float16)}, path)
    assert _zero_data_crcs(path) == 2
    loaded = ember.load(path, mmap=mmap)
    assert loaded["w"].tolist() == [[0.0] * 3] * 2 and loaded["b"].dtype is ember.float16
    assert loaded["b"].tolist() == [0.0] * 3
    # a record with a zero CRC holding anything but zeros is damaged, not skipped
    whole = tmp_path / "whole.pt"
    ember.save({"w": ember.ones(2, 3)}, whole)
    _zero_data_crcs(whole)
    with pytest.raises(CheckpointError):
        ember.load(whole)


@requires_torch
def test_loads_what_torch_writes_under_skip_data(tmp_path):
    path = tmp_path / "torch_skipped.pt"
    whole = TORCH.arange(1.0, 7.0)
    state = {"w": whole.view(2, 3), "tail": whole[4:], "b": TORCH.ones(3, dtype=TORCH.float16),
             "n": TORCH.arange(4), "flag": TORCH.tensor([True, False])}
    with TORCH.serialization.skip_data():
        TORCH.save(state, path)
    theirs, ours = TORCH.load(path), ember.load(path)
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        assert ours[key].tolist() == value.tolist()
        assert str(ours[key].dtype)[6:] == str(value.dtype)[6:]
    assert ours["tail"].untyped_storage().nbytes() == theirs["tail"].untyped_storage().nbytes()
    assert ember.load(path, mmap=True)["w"].tolist() == theirs["w"].tolist()
    # torch checks no CRC; ember still refuses a non-zero record that claims to be skipped
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("torch_skipped/data/0")
    local = info.header_offset  # torch pads the local header's extra field (alignment)
    start = local + 30 + int.from_bytes(raw[local + 26:local + 28], "little") + \
        int.from_bytes(raw[local + 28:local + 30], "little")
    raw[start] = 7
    path.write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match="damaged zip record torch_skipped/data/0"):
        ember.load(path)


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
    path = tmp_path / "train.pt"
    ember.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
                "scheduler": scheduler.state_dict(), "step": 4}, path)
    _train_steps(model, opt, scheduler, batches, 3)
    expected = {k: v.clone() for k, v in model.state_dict().items()}

    # A later save dies half-way; the step-4 checkpoint must survive it.
    def crash(handle, records):
        handle.write(records[0][1][:5])
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(serialization, "_write_zip", crash)
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
        np.testing.assert_array_equal(value.cpu().numpy(), expected[key].cpu().numpy())


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
    np.testing.assert_allclose(ours.weight.detach().cpu().numpy(),
                               theirs.weight.detach().cpu().numpy(),
                               rtol=1e-5, atol=1e-6)


def test_a_zip_bomb_record_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.pt"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02N." + b"\0" * (16 * 2 ** 20))
        archive.writestr("archive/version", "3\n")
    assert path.stat().st_size < 2 ** 17
    with pytest.raises(CheckpointError, match="zip bomb"):
        ember.load(path)


def test_a_modestly_compressed_torch_style_archive_still_loads(tmp_path):
    path = tmp_path / "deflated.pt"
    ember.save({"w": ember.arange(4.0)}, path)
    deflated = tmp_path / "d.pt"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(
            deflated, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    assert ember.load(deflated)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


@requires_torch
@pytest.mark.parametrize("save_base", [True, False])
def test_loaded_views_report_their_offset_into_the_saved_storage_as_torch(save_base):
    # torch saves a view's whole storage and rebuilds the view at its offset in it: the loaded
    # views share one storage of the base's size (ember's loaded views each started their
    # own storage: offset 0, their own size), whether or not the base itself was saved
    def outcome(lib, load):
        base = lib.arange(10.0)
        saved = {"head": base[:5], "tail": base[5:], "grid": base.view(2, 5)[:, 1:]}
        if save_base:
            saved["base"] = base
        buffer = io.BytesIO()
        lib.save(saved, buffer)
        buffer.seek(0)
        back = load(lib, buffer)
        back["head"][0] = 100.0
        return [(name, t.storage_offset(), t.untyped_storage().nbytes(), t.stride(),
                 t.tolist(), t._base is None) for name, t in sorted(back.items())]
    assert outcome(ember, lambda lib, f: lib.load(f)) == \
        outcome(TORCH, lambda lib, f: lib.load(f, weights_only=True))
