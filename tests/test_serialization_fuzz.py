"""A bounded, deterministic fuzz of ember.load over damaged and crafted checkpoints.

Every case must end in a clear error (CheckpointError, pickle.UnpicklingError, or torch's
RuntimeError for a view outside its storage) or in exactly the original data. Files whose
bytes were damaged at random (truncated, one byte flipped) must never load altered data
(except plain safetensors files from other tools and torch's legacy files, which have no
checksum to catch it);
crafted files (re-zipped with fresh CRCs, re-signed safetensors headers, forged views) must
give a clear error or load without reading outside their buffers. The loads run in a child
process, so a crash is reported as a failure naming the case instead of killing the suite.
"""
import hashlib
import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest

import ember
from ember import nn
from tests.conftest import TORCH

try:
    import safetensors.numpy as safetensors_numpy
except ImportError:
    safetensors_numpy = None

SEED = 20261204
TRUNCATIONS = 24
FLIPS = 80
CRAFTED = 40

_CHILD = r"""
import hashlib, json, pickle, sys
import ember
from ember.serialization import CheckpointError

CLEAR = (CheckpointError, pickle.UnpicklingError, RuntimeError)


def fingerprint(obj):
    if isinstance(obj, ember.Tensor):
        array = obj.detach().cpu().numpy()
        if array.size > 10 ** 6:
            return f"T(huge {array.shape})"
        data = hashlib.sha256(array.tobytes()).hexdigest()[:16]
        return (f"{type(obj).__name__}({obj.dtype},{tuple(obj.shape)},{obj.stride()},"
                f"{obj.requires_grad},{data})")
    if isinstance(obj, dict):
        return f"{type(obj).__name__}{{" + ",".join(
            f"{fingerprint(k)}:{fingerprint(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return f"{type(obj).__name__}[" + ",".join(fingerprint(v) for v in obj) + "]"
    return f"{type(obj).__name__}:{obj!r}"


for line in sys.stdin:
    case, path = json.loads(line)
    print(json.dumps({"start": case}), flush=True)
    try:
        result = {"case": case, "ok": fingerprint(ember.load(path))}
    except CLEAR as error:
        result = {"case": case, "error": type(error).__name__}
    except BaseException as error:
        result = {"case": case, "unclear": f"{type(error).__name__}: {error}"[:300]}
    print(json.dumps(result), flush=True)
"""


def _run_loads(paths):
    """Load each path in one child process; {case: outcome} and the case it died on."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    lines = "".join(json.dumps([case, str(path)]) + "\n" for case, path in paths.items())
    child = subprocess.run([sys.executable, "-c", _CHILD], input=lines, capture_output=True,
                           text=True, env=env, timeout=300, check=False)
    outcomes, started = {}, None
    for line in child.stdout.splitlines():
        record = json.loads(line)
        if "start" in record:
            started = record["start"]
        else:
            outcomes[record.pop("case")] = record
    crashed = started if child.returncode != 0 else None
    return outcomes, crashed, child


def _bases(tmp_path):
    """Well-formed files in every format ember reads: {name: path}."""
    base = ember.arange(12.0).reshape(3, 4)
    obj = {"w": base, "rows": base[1:], "b": ember.tensor([1, -2, 3]), "lr": 0.1,
           "p": nn.Parameter(ember.ones(2)), "name": "net", "steps": [1, 2]}
    files = {"ember.pt": tmp_path / "base.pt", "ember.safetensors": tmp_path / "base.safetensors"}
    ember.save(obj, files["ember.pt"])
    ember.save(obj, files["ember.safetensors"])
    if TORCH is not None:
        theirs = TORCH.arange(12.0).reshape(3, 4)
        files["torch.pt"] = tmp_path / "torch.pt"
        content = {"w": theirs, "rows": theirs[1:], "b": TORCH.tensor([1, -2, 3]), "lr": 0.1,
                   "p": TORCH.nn.Parameter(TORCH.ones(2))}
        TORCH.save(content, files["torch.pt"])
        files["torch legacy"] = tmp_path / "legacy.pt"
        TORCH.save(content, files["torch legacy"], _use_new_zipfile_serialization=False)
    if safetensors_numpy is not None:
        files["plain.safetensors"] = tmp_path / "plain.safetensors"
        safetensors_numpy.save_file({"w": np.arange(12, dtype=np.float32).reshape(3, 4),
                                     "b": np.array([1, -2, 3])}, str(files["plain.safetensors"]))
    return files


def _damaged(tmp_path, files, rng):
    """Random truncations and one-byte flips: {case: (path, base name)}."""
    cases = {}
    for name, path in files.items():
        blob = path.read_bytes()
        cuts = sorted(set(rng.integers(0, len(blob), TRUNCATIONS).tolist()) | {0, 7, 8})
        for cut in cuts:
            case = f"{name} truncated to {cut} bytes"
            cases[case] = (tmp_path / f"{len(cases)}.bin", name)
            cases[case][0].write_bytes(blob[:cut])
        for position in rng.integers(0, len(blob), FLIPS).tolist():
            mask = int(rng.integers(1, 256))
            damaged = bytearray(blob)
            damaged[position] ^= mask
            case = f"{name} byte {position} ^= {mask:#04x}"
            cases[case] = (tmp_path / f"{len(cases)}.bin", name)
            cases[case][0].write_bytes(bytes(damaged))
    return cases


def _rezipped(path, target, change):
    with zipfile.ZipFile(path) as archive:
        records = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in records:
            archive.writestr(name, change(name, data))


def _flip_pickle(rng):
    position, mask = None, int(rng.integers(1, 256))

    def change(name, data):
        nonlocal position
        if not name.endswith("data.pkl"):
            return data
        position = int(rng.integers(2, len(data)))
        altered = bytearray(data)
        altered[position] ^= mask
        return bytes(altered)
    return change


def _resigned_header(blob, rng):
    """A safetensors header with one field replaced by a random value, checksum recomputed."""
    length = int.from_bytes(blob[:8], "little")
    header, data = json.loads(blob[8:8 + length]), blob[8 + length:]
    names = [key for key in header if key != "__metadata__"]
    entry = header[names[int(rng.integers(len(names)))]]
    field = ["dtype", "shape", "data_offsets"][int(rng.integers(3))]
    choices = {"dtype": ["F16", "I8", "BOOL", "F64", "X"],
               "shape": [[-1], [2 ** 62, 2 ** 62], [1, 0], [3, 5], [], "3"],
               "data_offsets": [[0, 2 ** 63], [-8, 0], [4, 2], [0, 0], [1, 13], None]}
    options = choices[field]
    entry[field] = options[int(rng.integers(len(options)))]
    meta = header.get("__metadata__")
    if meta is not None:
        meta["ember.sha256"] = "0" * 64
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    if meta is not None:
        digest = hashlib.sha256(len(text).to_bytes(8, "little") + text + data).hexdigest()
        text = text.replace(b'"ember.sha256":"' + b"0" * 64, b'"ember.sha256":"'
                            + digest.encode())
    return len(text).to_bytes(8, "little") + text + data


def _crafted(tmp_path, files, rng):
    """Re-zipped pickles with fresh CRCs, re-signed headers: {case: (path, base, exact)}."""
    cases = {}
    for name, path in files.items():
        if name == "torch legacy":
            continue  # no CRC to recompute: its byte flips above already reach the unpickler
        for index in range(CRAFTED):
            target = tmp_path / f"c{len(cases)}.bin"
            if name.endswith(".pt"):
                _rezipped(path, target, _flip_pickle(rng))
                case = f"{name} pickle flip #{index}"
            else:
                target.write_bytes(_resigned_header(path.read_bytes(), rng))
                case = f"{name} re-signed header #{index}"
            # ember's zip files still carry the integrity record, so they must stay exact.
            cases[case] = (target, name, name == "ember.pt")
    from tests.test_serialization_torch import _craft_file
    values = [0, 1, 2, 3, 11, 12, 13, -1, -2, 2 ** 31, 2 ** 60, -2 ** 60, 2 ** 62, 2 ** 63 - 1]
    for index in range(CRAFTED):
        rank = int(rng.integers(0, 3))
        size = tuple(int(rng.choice(values)) for _ in range(rank))
        stride = tuple(int(rng.choice(values)) for _ in range(rank))
        offset = int(rng.choice(values))
        folder = tmp_path / f"view{index}"
        folder.mkdir()
        case = f"view offset={offset} size={size} stride={stride}"
        cases[case] = (_craft_file(folder, offset, size, stride), "view", False)
    return cases


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX child process")
def test_fuzzed_checkpoints_load_exactly_or_fail_clearly(tmp_path):
    rng = np.random.default_rng(SEED)
    files = _bases(tmp_path)
    damaged = _damaged(tmp_path, files, rng)
    crafted = _crafted(tmp_path, files, rng)
    paths = {f"base {name}": path for name, path in files.items()}
    paths.update({case: path for case, (path, _) in damaged.items()})
    paths.update({case: path for case, (path, _, _) in crafted.items()})
    outcomes, crashed, child = _run_loads(paths)
    assert crashed is None, f"the loader crashed on {crashed}: {child.stderr[-2000:]}"
    assert set(outcomes) == set(paths), child.stderr[-2000:]

    baseline = {}
    for name in files:
        assert "ok" in outcomes[f"base {name}"], outcomes[f"base {name}"]
        baseline[name] = outcomes[f"base {name}"]["ok"]
    unclear = {case: o["unclear"] for case, o in outcomes.items() if "unclear" in o}
    assert not unclear, f"{len(unclear)} unclear errors, e.g. {list(unclear.items())[:5]}"
    # Plain safetensors files and torch's legacy files carry no checksum: a flipped data
    # byte loads as that value.
    unchecked = ("plain.safetensors", "torch legacy")
    exact = [(case, base) for case, (_, base) in damaged.items() if base not in unchecked]
    exact += [(case, base) for case, (_, base, must) in crafted.items() if must]
    altered = [case for case, base in exact
               if "ok" in outcomes[case] and outcomes[case]["ok"] != baseline[base]]
    assert not altered, f"loaded altered data without an error: {altered[:10]}"
    # The fuzz must exercise both outcomes, or it tests nothing.
    errors = sum("error" in o for o in outcomes.values())
    loads = sum("ok" in o for o in outcomes.values())
    assert errors > len(paths) // 2 and loads > len(files)
