"""python -m ember.distributed.run: finds the installed mpiexec and starts N ranks."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from mpi_launch import HERE, mpi_environment, requires_mpi

from ember.distributed import run


def test_command_line_for_script_and_module():
    args = run.parse_args(["-n", "4", "train.py", "--epochs", "3", "-n", "9"])
    command = run.build_command(args, "/opt/mpi/bin/mpiexec")
    assert command == ["/opt/mpi/bin/mpiexec", "-n", "4", sys.executable, "-u", "train.py",
                       "--epochs", "3", "-n", "9"]
    args = run.parse_args(["--nproc-per-node", "2", "--mpiexec-args", "-launcher fork", "-m",
                           "pkg.train", "--lr", "0.1"])
    assert run.build_command(args, "mpiexec")[3:] == ["-launcher", "fork", sys.executable, "-u",
                                                      "-m", "pkg.train", "--lr", "0.1"]


def test_torchrun_options_are_understood():
    # a torchrun command line, options as torchrun users write them, works unchanged
    args = run.parse_args(["--standalone", "--nnodes=1", "--nproc_per_node=2", "--rdzv_backend",
                           "c10d", "--rdzv-endpoint=localhost:0", "--master_port", "29500",
                           "--max_restarts=0", "--log_dir", "/tmp/x", "train.py", "--nnodes",
                           "3"])
    assert (args.nproc, args.nnodes, args.master_port, args.standalone) == (2, 1, 29500, True)
    assert run.build_command(args, "mpiexec")[1:] == ["-n", "2", sys.executable, "-u",
                                                      "train.py", "--nnodes", "3"]
    assert run.parse_args(["--nproc-per-node", "cpu", "t.py"]).nproc == (os.cpu_count() or 1)
    assert run.parse_args(["--nnodes", "1:2", "--hostfile", "h", "t.py"]).nnodes == 2
    args = run.parse_args(["--module", "pkg.train", "--lr", "1"])
    assert (args.module, args.script_args) == ("pkg.train", ["--lr", "1"])


@pytest.mark.parametrize("argv, message", [
    (["--nnodes", "2", "t.py"], "needs --hostfile"),
    (["--max_restarts", "3", "t.py"], "are not restarted"),
    (["--nproc_per_node", "gpu", "t.py"], "needs CUDA devices"),
    (["--nproc_per_node", "two", "t.py"], "invalid --nproc_per_node value"),
])
def test_torchrun_options_ember_cannot_honour_are_refused(argv, message, capsys):
    with pytest.raises(SystemExit):
        run.parse_args(argv)
    assert message in capsys.readouterr().err


def test_errors_without_script_or_with_zero_processes():
    for argv in (["-n", "2"], ["-n", "0", "train.py"]):
        with pytest.raises(SystemExit):
            run.parse_args(argv)


def test_environment_override_wins(monkeypatch):
    monkeypatch.setenv("EMBER_MPIEXEC", "/somewhere/mpiexec")
    assert run.find_mpiexec() == "/somewhere/mpiexec"


@requires_mpi
def test_found_mpiexec_is_executable():
    found = run.find_mpiexec()
    assert os.path.isfile(found) and os.access(found, os.X_OK)


@requires_mpi
def test_launches_every_rank():
    script = os.path.join(HERE, "worker_ddp.py")
    result = subprocess.run([sys.executable, "-m", "ember.distributed.run", "-n", "2", script,
                             "buffers"], check=False, capture_output=True, text=True,
                            timeout=120,
                            env=mpi_environment())
    assert result.returncode == 0, result.stderr
    assert "rank 0/2: buffers ok" in result.stdout and "rank 1/2: buffers ok" in result.stdout


def test_hostfile_option_follows_the_mpi_flavour(tmp_path):
    mpich = tmp_path / "mpich"
    mpich.mkdir()
    (mpich / "mpichversion").write_text("")
    args = run.parse_args(["-n", "8", "--hostfile", "hosts.txt", "train.py"])
    assert run.build_command(args, str(mpich / "mpiexec"))[3:5] == ["-f", "hosts.txt"]
    assert run.build_command(args, str(tmp_path / "mpirun"))[3:5] == ["--hostfile", "hosts.txt"]
