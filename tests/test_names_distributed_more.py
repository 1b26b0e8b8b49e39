"""The rest of torch.distributed's names (rank lookups, object collectives, all_to_all,
subgroups, DeviceMesh, debug levels, availability), in one process under torch and ember,
and on two MPI ranks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from conftest import requires_torch

import ember
import ember.distributed as dist

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "distributed")
sys.path.insert(0, HERE)
from mpi_launch import HAVE_MPI4PY, assert_all_ranks_ok, launch, requires_mpi


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _printout(library):
    env = dict(os.environ)
    env.pop("LOCAL_RANK", None)
    result = subprocess.run([sys.executable, os.path.join(HERE, "names_single.py"), library,
                             str(_free_port())], capture_output=True, text=True, timeout=180,
                            env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.replace("torch", "ember").splitlines()


@requires_torch
@pytest.mark.skipif(not HAVE_MPI4PY, reason="ember.distributed needs mpi4py: pip install mpi4py")
@pytest.mark.skipif(ember.cuda.is_available(), reason="a CUDA device is present: the printout "
                    "is torch's without one (new_subgroups' default size is the device count)")
def test_one_process_prints_what_torch_prints():
    ours, theirs = _printout("ember"), _printout("torch")
    assert ours == theirs


@requires_mpi
def test_object_collectives_all_to_all_subgroups_and_mesh_on_two_ranks():
    assert_all_ranks_ok(launch("worker_names.py", 2, timeout=200), 2, "names")


def test_helpers_without_a_process_group(monkeypatch):
    monkeypatch.delenv("LOCAL_RANK", raising=False)
    assert dist.get_node_local_rank(fallback_rank=2) == 2
    with pytest.raises(RuntimeError, match="LOCAL_RANK is not in the environment"):
        dist.get_node_local_rank()
    monkeypatch.setenv("LOCAL_RANK", "5")
    assert dist.get_node_local_rank() == 5
    monkeypatch.setenv("TORCHELASTIC_RUN_ID", "x")
    assert dist.is_torchelastic_launched()
    assert [dist.supports_complex(op) for op in dist.ReduceOp] == \
        [True, True, False, False, False, False, False, False]
    with pytest.raises(ValueError, match="Default backend not registered for device : meta"):
        dist.get_default_backend_for_device("meta")
    monkeypatch.setenv("TORCH_DISTRIBUTED_DEBUG", "info")
    dist.set_debug_level_from_env()
    assert dist.get_debug_level() is dist.DebugLevel.INFO
    monkeypatch.setenv("TORCH_DISTRIBUTED_DEBUG", "loud")
    with pytest.raises(ValueError, match="must be OFF, INFO, or DETAIL"):
        dist.set_debug_level_from_env()
    with pytest.raises(TypeError):
        dist.set_debug_level(3)
    dist.set_debug_level(dist.DebugLevel.OFF)
    assert dist.get_pg_count() == 0
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        dist.get_process_group_ranks(None)
