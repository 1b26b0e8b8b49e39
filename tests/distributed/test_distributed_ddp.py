"""DistributedDataParallel on 2-3 ranks against single-process training on the whole batch."""
from __future__ import annotations

import time

import pytest
from mpi_launch import assert_all_ranks_ok, launch, requires_mpi

import ember
import ember.distributed as dist
from ember import nn
from ember.nn.parallel import DistributedDataParallel


@requires_mpi
@pytest.mark.parametrize(("ranks", "bucket_cap_mb"), [(2, 25), (3, 0.0005)])
def test_training_matches_full_batch(ranks, bucket_cap_mb):
    # 20 SGD-with-momentum steps; the small cap puts each parameter in its own bucket.
    result = launch("worker_ddp.py", ranks, "train", bucket_cap_mb)
    assert_all_ranks_ok(result, ranks, "train")


@requires_mpi
def test_no_sync_accumulation_matches_full_batch():
    assert_all_ranks_ok(launch("worker_ddp.py", 2, "no_sync", 0.0005), 2, "no_sync")


@requires_mpi
@pytest.mark.parametrize("ranks", [2, 3])
def test_find_unused_parameters(ranks):
    assert_all_ranks_ok(launch("worker_ddp.py", ranks, "unused"), ranks, "unused")


@requires_mpi
def test_buffers_follow_rank_zero():
    assert_all_ranks_ok(launch("worker_ddp.py", 2, "buffers"), 2, "buffers")


@requires_mpi
def test_a_failing_rank_ends_the_job_with_its_error():
    start = time.perf_counter()
    result = launch("worker_ddp.py", 2, "fail", timeout=60)
    assert result.returncode != 0
    assert "ValueError: deliberate failure on rank 1" in result.stderr
    assert "rank 0/2: fail ok" not in result.stdout
    assert time.perf_counter() - start < 60


def test_wrapping_before_init_raises():
    assert not dist.is_initialized()
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        DistributedDataParallel(nn.Linear(2, 2))


def test_bucket_assignment_reverse_order_by_dtype_and_size():
    from ember.nn.parallel.distributed import _assign_buckets
    params = [ember.zeros(1024 * 256), ember.zeros(10), ember.zeros(4, dtype=ember.float64),
              ember.zeros(1024 * 256), ember.zeros(3)]
    # The first bucket closes at 1 MiB (1024*256 float32), later ones at the cap.
    assert _assign_buckets(params, 2 * 1024 * 1024) == [[4, 3], [2], [1, 0]]
    assert _assign_buckets(params, 1) == [[4], [3], [2], [1], [0]]
