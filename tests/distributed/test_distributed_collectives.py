"""ember.distributed: every collective on 2 and 3 ranks against NumPy; API errors in-process."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import need
from mpi_launch import assert_all_ranks_ok, launch, requires_mpi

import ember
import ember.distributed as dist


@requires_mpi
@pytest.mark.parametrize("ranks", [2, 3])
def test_every_collective_matches_numpy(ranks):
    result = launch("worker_collectives.py", ranks)
    assert_all_ranks_ok(result, ranks, "collectives")


def test_not_initialized_errors():
    assert not dist.is_initialized()
    for call in (dist.get_rank, dist.get_world_size, dist.barrier,
                 lambda: dist.all_reduce(ember.ones(2))):
        with pytest.raises(ValueError, match="Default process group has not been initialized"):
            call()


@pytest.mark.parametrize("backend, error, message", [
    ("foo", AssertionError, "Unknown backend type foo"),
    ("cpu:gloo,cuda:ucc", AssertionError, "Unknown backend type ucc"),
])
def test_unknown_backends_are_refused_as_torch_refuses_them(backend, error, message):
    with pytest.raises(error, match=message):
        dist.init_process_group(backend)
    assert not dist.is_initialized()


@pytest.mark.parametrize("backend", ["nccl", "NCCL", "cpu:gloo,cuda:nccl"])
def test_nccl_needs_a_cuda_device(backend):
    if ember.cuda.is_available():
        pytest.skip("a CUDA device is present: nccl is accepted there")
    assert not dist.is_nccl_available()
    with pytest.raises(RuntimeError, match="Distributed package doesn't have NCCL built in"):
        dist.init_process_group(backend)
    assert not dist.is_initialized()


def _run_alone(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("RANK", "WORLD_SIZE")}
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True, timeout=60, env=environment)


@requires_mpi
def test_gloo_alone_is_a_world_of_one_when_its_rank_is_given():
    code = ("import ember, ember.distributed as dist; "
            "dist.init_process_group('gloo', rank=0, world_size=1); "
            "t = ember.tensor([1., 2.]); dist.all_reduce(t); "
            "print(dist.get_rank(), dist.get_world_size(), dist.get_backend(), t.tolist(), "
            "dist.is_gloo_available())")
    out = _run_alone(code)
    assert out.stdout.split("\n")[0] == "0 1 gloo [1.0, 2.0] True", out.stderr
    env_out = _run_alone(code.replace("rank=0, world_size=1", "init_method='env://'"),
                         RANK="0", WORLD_SIZE="1")
    assert env_out.stdout.split("\n")[0] == "0 1 gloo [1.0, 2.0] True", env_out.stderr


@requires_mpi
def test_gloo_alone_without_a_rank_is_torchs_env_rendezvous_error():
    out = _run_alone("import ember.distributed as dist; dist.init_process_group('gloo')")
    assert out.returncode != 0
    assert ("ValueError: Error initializing ember.distributed using env:// rendezvous: "
            "environment variable RANK expected, but not set") in out.stderr


@requires_mpi
def test_gloo_on_two_launched_ranks_runs_on_mpi():
    assert_all_ranks_ok(launch("worker_gloo.py", 2), 2, "gloo")
    refused = launch("worker_gloo.py", 2, "wrong-size")
    assert refused.returncode == 0, refused.stderr
    assert refused.stdout.count("wrong size refused ok") == 2, refused.stdout + refused.stderr


def test_reduce_op_names_and_values_as_torch():
    need("torch")
    import torch.distributed as torch_dist
    for name in ("SUM", "AVG", "PRODUCT", "MIN", "MAX", "BAND", "BOR", "BXOR"):
        ours, theirs = getattr(dist.ReduceOp, name), getattr(torch_dist.ReduceOp, name)
        assert (repr(ours), str(ours), int(ours)) == (repr(theirs), str(theirs), int(theirs))


def test_import_does_not_start_mpi():
    code = "import sys, ember.distributed; print('mpi4py.MPI' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "False", out.stderr


@requires_mpi
def test_single_process_without_launcher_is_a_world_of_one():
    code = ("import ember, ember.distributed as dist; dist.init_process_group('mpi'); "
            "t = ember.tensor([1., 2.]); dist.all_reduce(t, op=dist.ReduceOp.AVG); "
            "print(dist.get_rank(), dist.get_world_size(), t.tolist())")
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split("\n")[0] == "0 1 [1.0, 2.0]", out.stderr


def test_contiguous_tensors_lend_their_array_to_mpi():
    """Host memory handed to MPI as it is (a device tensor is staged through the host)."""
    from ember.distributed.distributed_c10d import _Buffer
    t = ember.arange(12.0, device="cpu").reshape(3, 4)
    assert _Buffer(t).array is t._data and not _Buffer(t).staged
    view = t.t()
    staged = _Buffer(view)
    assert staged.staged and staged.array.flags.c_contiguous
    staged.array[...] = -staged.array
    staged.write_back()
    assert t.tolist() == (-ember.arange(12.0, device="cpu").reshape(3, 4)).tolist()
