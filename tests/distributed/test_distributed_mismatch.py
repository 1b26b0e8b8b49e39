"""Collectives whose tensors differ across ranks raise RuntimeError on every rank (torch's type),
never a silent result or an MPI abort; DETAIL mode checks every call."""
from __future__ import annotations

import pytest
from mpi_launch import assert_all_ranks_ok, launch, requires_mpi

CASES = ["all_reduce shape", "all_reduce numel", "all_reduce dtype", "all_reduce op",
         "broadcast shape", "broadcast src", "reduce shape", "all_gather shape",
         "all_gather_single numel", "reduce_scatter_single shape", "gather shape",
         "scatter shape"]


@requires_mpi
@pytest.mark.parametrize("ranks, mode", [(2, "default"), (3, "default"), (2, "detail")])
def test_mismatched_collectives_raise_on_every_rank(ranks, mode):
    result = launch("worker_mismatch.py", ranks, mode)
    assert_all_ranks_ok(result, ranks, "mismatch")
    cases = CASES + (["all_reduce diverging after agreement"] if mode == "detail" else [])
    for rank in range(ranks):
        for case in cases:
            assert f"rank {rank}/{ranks}: {case} raised" in result.stdout, result.stdout
