"""Ranks that no MPI launcher started together (torch.multiprocessing.spawn, a plain
multiprocessing.Process, torchrun's environment variables) join one gloo group over MPI through
each rendezvous method, and fail with torch's errors when a rank never comes, no rank serves
the store, or the ranks disagree on the world size. The same program runs under ember and,
when it is installed, under torch, and prints the same lines."""
from __future__ import annotations

import os

from conftest import installed
from mpi_launch import requires_mpi, run_unlaunched


def run(case, library):
    """The program's stdout for ``case`` under ``library`` ("ember" or "torch")."""
    result = run_unlaunched("spawn_join_script.py", [case], library, timeout=300)
    assert result.returncode == 0, f"{case} under {library}:\n{result.stderr[-4000:]}"
    return result.stdout


def same_as_torch(case, output):
    # torch's lines do not depend on ember's device: CI's stand-in run, which repeats the full
    # run, checks ember's lines above and leaves the comparison (a minute of spawned ranks
    # importing torch) to the full run
    if installed("torch") and not os.environ.get("EMBER_CUDA_STANDIN"):
        assert output == run(case, "torch")


@requires_mpi
def test_spawned_ranks_meet_through_env_tcp_file_store_and_torchrun_variables():
    output = run("methods", "ember")
    world_size = 3
    for rank in range(world_size):
        for method in ("env://", "tcp://", "file://", "torchrun env", "store=", "file:// again"):
            assert (f"{method} rank {rank} of {world_size} (gloo): sum "
                    f"{float(sum(range(1, world_size + 1)))}, broadcast "
                    f"{float(10 * (world_size - 1))}, gathered {list(range(world_size))}"
                    ) in output, output
        # the borrowed process-manager connection is gone from what children would inherit
        assert f"rank {rank} environment has PMI settings: False" in output, output
    same_as_torch("methods", output)


@requires_mpi
def test_missing_ranks_and_wrong_world_sizes_fail_with_torchs_errors():
    lines = run("failures", "ember").splitlines()
    assert lines[0] == ("rank 0: DistStoreError: Timed out after 3 seconds waiting for clients. "
                        "1/2 clients joined."), lines
    assert lines[1] == ("rank 1: DistNetworkError: The client socket has timed out after "
                        "1000ms while trying to connect to (127.0.0.1, PORT)."), lines
    assert lines[2:] == ["rank 0: DistStoreError: Timed out after 3 seconds waiting for clients. "
                         "2/3 clients joined.", "rank 1: DistStoreError"], lines
    same_as_torch("failures", "\n".join(lines) + "\n")
