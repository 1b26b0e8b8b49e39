"""ember.distributed: every collective on 2 and 3 ranks against NumPy; API errors in-process."""
from __future__ import annotations

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


@pytest.mark.parametrize("backend", ["gloo", "nccl", "NCCL"])
def test_other_backends_name_what_ember_supports(backend):
    with pytest.raises(RuntimeError, match=r"supports only the 'mpi' backend.*not '(?i:gloo|nccl)'"):
        dist.init_process_group(backend)
    assert not dist.is_initialized()


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
    from ember.distributed.distributed_c10d import _Buffer
    t = ember.arange(12.0).reshape(3, 4)
    assert _Buffer(t).array is t._data and not _Buffer(t).staged
    view = t.t()
    staged = _Buffer(view)
    assert staged.staged and staged.array.flags.c_contiguous
    staged.array[...] = -staged.array
    staged.write_back()
    assert t.tolist() == (-ember.arange(12.0).reshape(3, 4)).tolist()
