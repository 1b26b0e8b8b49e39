"""Launching helper scripts on several MPI ranks, with a timeout so a hang fails the test."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from conftest import INSTALL

from ember.distributed.run import find_mpiexec

HERE = os.path.dirname(os.path.abspath(__file__))
MPIEXEC = find_mpiexec()
HAVE_MPI4PY = importlib.util.find_spec("mpi4py") is not None

requires_mpi = pytest.mark.skipif(
    not HAVE_MPI4PY or MPIEXEC is None,
    reason=INSTALL["mpi4py"])


def mpi_environment():
    """The environment for mpiexec: local launches only, one BLAS thread per rank."""
    env = dict(os.environ)
    # Hydra (MPICH) starts local ranks by fork, so no ssh is needed in a container; Open MPI
    # refuses to run as root unless told it may.
    env.update(HYDRA_LAUNCHER="fork", OMPI_ALLOW_RUN_AS_ROOT="1",
               OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def run_unlaunched(script, args, library, timeout):
    """Run tests/distributed/<script> with ``args`` as one plain process (it starts its own
    ranks: mp.spawn, multiprocessing.Process), under ``library`` ("ember", through
    tests/torch_alias.py, or "torch"); returns the CompletedProcess. Nothing of the test run's
    own rendezvous leaks into it, and a program that hangs fails the test."""
    command = [sys.executable, os.path.join(HERE, script), *args]
    if library == "ember":
        command.insert(1, os.path.join(os.path.dirname(HERE), "torch_alias.py"))
    environment = {key: value for key, value in mpi_environment().items()
                   if key not in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR",
                                  "MASTER_PORT")}
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=environment, cwd=HERE)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{script} {' '.join(args)} under {library} hung:\n{error.stdout}\n"
                    f"{error.stderr}")


def launch(script, ranks, *args, timeout=120):
    """Run tests/distributed/<script> on ``ranks`` MPI processes; returns the CompletedProcess.

    A job that hangs is killed after ``timeout`` seconds and fails the test.
    """
    command = [MPIEXEC, "-n", str(ranks), sys.executable, os.path.join(HERE, script),
               *map(str, args)]
    try:
        return subprocess.run(command, check=False, capture_output=True, text=True, timeout=timeout,
                              env=mpi_environment())
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{script} on {ranks} ranks hung for {timeout} s:\n{error.stdout}\n"
                    f"{error.stderr}")


def assert_all_ranks_ok(result, ranks, what):
    """Every rank printed its success line and the job exited with status 0."""
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    for rank in range(ranks):
        assert f"rank {rank}/{ranks}: {what} ok" in result.stdout, result.stdout + result.stderr
