"""Distributed checkpoints (``ember.distributed.checkpoint.save``/``load``) in torch's format:
written by ember and read by torch, written by torch (whole and FSDP-sharded) and read by ember."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest
from conftest import TORCH
from mpi_launch import HERE, mpi_environment
from test_scripts import EMBER_RUNNER as ALIAS

import ember
import ember.distributed.checkpoint as dcp

needs_torch = pytest.mark.skipif(TORCH is None,
                                 reason="torch is not installed (the other side of the format)")


def _run(lib, script, *args, cwd):
    command = [sys.executable, os.path.join(HERE, script), *args]
    if lib == "ember":
        command.insert(1, ALIAS)
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env=mpi_environment(), cwd=cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.replace("ember.", "torch.")


@pytest.fixture(scope="module")
def torch_round_trip(tmp_path_factory):
    """What torch prints reading back its own checkpoint: the reference."""
    where = tmp_path_factory.mktemp("reference")
    _run("torch", "dcp_roundtrip_script.py", "save", str(where / "c"), cwd=where)
    return _run("torch", "dcp_roundtrip_script.py", "load", str(where / "c"), cwd=where)


@needs_torch
@pytest.mark.parametrize(("writer", "reader"), [("ember", "torch"), ("torch", "ember"),
                                                ("ember", "ember")])
def test_checkpoints_move_between_ember_and_torch(tmp_path, writer, reader, torch_round_trip):
    # tensors, nested dicts, plain values and a Stateful object, each way
    path = str(tmp_path / "checkpoint")
    _run(writer, "dcp_roundtrip_script.py", "save", path, cwd=tmp_path)
    got = _run(reader, "dcp_roundtrip_script.py", "load", path, cwd=tmp_path)
    assert got == torch_round_trip
    assert "tensor([[0., 1., 2.]," in got and " 3 x {'h'" in got


@needs_torch
def test_a_torch_fsdp_sharded_checkpoint_reads_into_whole_tensors(tmp_path):
    path = str(tmp_path / "sharded")
    theirs = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
         os.path.join(HERE, "dcp_sharded_torch_script.py"), path],
        capture_output=True, text=True, timeout=300, env=mpi_environment(), cwd=tmp_path)
    assert theirs.returncode == 0, theirs.stderr[-3000:]
    assert sorted(os.listdir(path)) == [".metadata", "__0_0.distcp", "__1_0.distcp"]
    weights, moments = theirs.stdout.strip().splitlines()
    ours = _run("ember", "dcp_sharded_read_script.py", path, cwd=tmp_path).strip().splitlines()
    assert eval(ours[0]) == eval(weights)
    assert eval(ours[1]) == eval(moments)


def test_save_and_load_in_one_process(tmp_path):
    path = tmp_path / "c"
    weights = ember.arange(6.0).reshape(2, 3)
    with pytest.warns(UserWarning, match="assuming the intent is to save in a single process"):
        metadata = dcp.save({"w": weights, "meta": {"epoch": 4, "tag": "a"}},
                            checkpoint_id=path)
    assert sorted(metadata.state_dict_metadata) == ["meta.epoch", "meta.tag", "w"]
    assert sorted(os.listdir(path)) == [".metadata", "__0_0.distcp"]
    target = {"w": ember.zeros(2, 3), "meta": {"epoch": 0, "tag": ""}}
    same = target["w"]
    with pytest.warns(UserWarning, match="assuming the intent is to load in a single process"):
        dcp.load(target, checkpoint_id=path)
    assert target["w"] is same and ember.equal(same, weights)  # in place, as torch loads
    assert target["meta"] == {"epoch": 4, "tag": "a"}
    # keys the checkpoint lacks raise; a tensor of another size raises; extra keys are fine
    # a key the checkpoint lacks fails the load as torch's does: a CheckpointException (a
    # BaseException) naming the rank and the RuntimeError, unless a partial load is asked for
    with pytest.raises(dcp.CheckpointException) as caught:
        dcp.load({"other": ember.zeros(1)}, checkpoint_id=path)
    text = str(caught.value)
    assert text.startswith("CheckpointException ranks:dict_keys([0])\nTraceback (most recent "
                           "call last): (RANK 0)\n"), text
    assert text.endswith("RuntimeError: Missing key in checkpoint state_dict: other.\n"), text
    partial = {"other": ember.zeros(1), "w": ember.zeros(2, 3)}
    dcp.load(partial, checkpoint_id=path,
             planner=dcp.DefaultLoadPlanner(allow_partial_load=True))
    assert ember.equal(partial["w"], weights) and partial["other"].eq(0).all()
    with pytest.raises(ValueError, match=r"Size mismatch between saved ember.Size\(\[2, 3\]\) "
                                         r"and current: ember.Size\(\[3\]\) for w"):
        dcp.load({"w": ember.zeros(3)}, checkpoint_id=path)
    dcp.load({"w": ember.zeros(2, 3)}, checkpoint_id=str(path))
    with pytest.raises(RuntimeError, match="`checkpoint_id` must be specificed"):
        dcp.save({"w": weights})
    # the old names still work, with torch's deprecation warnings
    with pytest.warns(FutureWarning, match="`save_state_dict` is deprecated"):
        dcp.save_state_dict({"w": weights}, dcp.FileSystemWriter(tmp_path / "old"))
    back = {"w": ember.zeros(2, 3)}
    with pytest.warns(FutureWarning, match="`load_state_dict` is deprecated"):
        dcp.load_state_dict(back, dcp.FileSystemReader(tmp_path / "old"))
    assert ember.equal(back["w"], weights)


def test_metadata_that_names_other_globals_is_refused(tmp_path):
    path = tmp_path / "c"
    dcp.save({"w": ember.ones(2)}, checkpoint_id=path)

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo should-not-run",))
    (path / ".metadata").write_bytes(pickle.dumps(Evil()))
    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        dcp.load({"w": ember.ones(2)}, checkpoint_id=path)
