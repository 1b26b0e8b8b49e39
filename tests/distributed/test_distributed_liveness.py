"""Ranks started by a plain multiprocessing.Process, when one of them ends early: a rank left
waiting in a collective for a rank that crashed fails with torch's RuntimeError ("Connection
closed by peer") instead of waiting for ever, and a rank that leaves without a fault stops
nobody. The same program runs under ember and, when it is installed, under torch."""
from __future__ import annotations

import os

from conftest import installed
from mpi_launch import requires_mpi, run_unlaunched


def run(case, library):
    """(stdout lines, stderr) of the program's ``case`` under ``library``."""
    result = run_unlaunched("liveness_script.py", [case], library, timeout=120)
    assert result.returncode == 0, f"{case} under {library}:\n{result.stderr[-4000:]}"
    # the parent prints the ranks' lines in one order; its own line comes last
    return sorted(result.stdout.splitlines()), result.stderr


def rank_lines(lines):
    return [line for line in lines if line.startswith("rank ")]


def compare_with_torch(case, lines):
    if installed("torch") and not os.environ.get("EMBER_CUDA_STANDIN"):
        torch_lines, _ = run(case, "torch")
        assert rank_lines(lines) == rank_lines(torch_lines)
        return torch_lines
    return None


@requires_mpi
def test_a_rank_waiting_for_a_crashed_rank_raises_instead_of_hanging():
    lines, stderr = run("crash", "ember")
    assert rank_lines(lines) == ["rank 0 first all_reduce [3.0, 3.0, 3.0]",
                                 "rank 1 first all_reduce [3.0, 3.0, 3.0]"]
    # both ranks failed: rank 1 by its own exception, rank 0 in its second all_reduce
    assert "exit codes nonzero: [True, True]" in lines
    assert "ValueError: rank 1 fails on purpose" in stderr
    error = [line for line in stderr.splitlines() if line.startswith("RuntimeError")]
    assert len(error) == 1 and "Connection closed by peer" in error[0], stderr
    assert "rank 1 (pid " in error[0] and "rank 0 waited" in error[0]
    # the traceback is rank 0's, at the collective it waited in, under multiprocessing's header
    assert "Process SpawnProcess-1:\nTraceback (most recent call last):" in stderr
    assert "in crash\n    dist.all_reduce(x)" in stderr
    # nothing of MPI's or its process manager's reports reaches the program's output
    assert not [line for line in lines if "UCX" in line or "TERMINATION" in line], lines
    torch_lines = compare_with_torch("crash", lines)
    if torch_lines is not None:
        assert "exit codes nonzero: [True, True]" in torch_lines


@requires_mpi
def test_ranks_go_on_in_their_group_after_a_rank_outside_it_left():
    # rank 2 returns from its target (its process ends without destroy_process_group) while
    # ranks 0 and 1 go on for about four seconds in their own group, rank 1 first waiting 2.5 s
    # in an all_reduce for rank 0 (waiting for a live rank of a group without the dead one)
    lines, stderr = run("subgroup", "ember")
    assert rank_lines(lines) == ["rank 0 pair total 144.0", "rank 1 pair total 144.0"]
    assert "exit codes nonzero: [False, False, False]" in lines, stderr
    assert "Connection closed" not in stderr
    compare_with_torch("subgroup", lines)
