"""Joining ranks that no MPI launcher started together into one MPI communicator.

``torch.multiprocessing.spawn``, ``multiprocessing.Process`` or separate shells (torchrun-style
``RANK``/``WORLD_SIZE``/``MASTER_ADDR``/``MASTER_PORT``) start processes that each initialise
MPI alone. They meet through the rendezvous store (``env://``, ``tcp://``, ``file://`` or a
given store), and MPI's dynamic-process calls make one communicator of them: rank 0 opens an
MPI port and publishes its name in the store; the ranks then join in rank order, rank ``r``
connecting (``Comm.Connect``) while ranks ``0..r-1`` accept it together (``Comm.Accept``), and
``Intercomm.Merge`` with the newcomer placed last keeps the ranks in order. Every collective
then runs over that communicator exactly as over ``COMM_WORLD`` under ``mpiexec``.

MPICH (5.0.x, the ``mpich`` wheel) names the world of every process that initialised MPI
without a launcher ``"singinit"``, so two such processes look like the same process to
``MPI_Comm_connect`` ("Local and remote groups ... must not overlap", pmodels/mpich#7805). So,
before MPI starts, a process that will join borrows a process manager: it starts
``mpiexec -n 1`` on a tiny helper (``_pm_lender.py``) which passes back its PMI connection,
and MPI then initialises as the rank of that one-process job, in a world with a unique name.
The helper waits until this process exits. Processes that started MPI already are joined
as they are (which works with an MPI whose singletons have distinct names).
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

_KEY = "ember_mpi_join/"  # then the join's number in this process
# PMI settings that describe the borrowed process-manager connection; MPI reads them once,
# when it initialises, and they must not leak into processes this one starts afterwards.
_borrowed = {"helper": None, "keep": None, "settings": ()}
_joins = [0]


def launched_by_mpi():
    """Whether an MPI launcher (mpiexec, srun...) started this process as one of its ranks."""
    markers = ("PMI_RANK", "PMI_FD", "PMI_PORT", "PMIX_RANK", "OMPI_COMM_WORLD_SIZE",
               "MPI_LOCALNRANKS", "SLURM_PROCID")
    return any(marker in os.environ for marker in markers)


def mpi_started():
    """Whether MPI is initialised in this process already (mpi4py.MPI imported)."""
    return "mpi4py.MPI" in sys.modules


def _seconds(timeout):
    return timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else float(timeout)


def borrow_process_manager(timeout):
    """Start ``mpiexec -n 1`` on the lender script and take over its PMI connection, so that
    MPI, initialised next, is the rank of a one-process job. False when no MPICH launcher is
    found (MPI then initialises alone)."""
    from .run import _is_mpich, find_mpiexec
    mpiexec = find_mpiexec()
    if mpiexec is None or not _is_mpich(mpiexec):
        return False
    folder = tempfile.mkdtemp(prefix="ember-pm-")
    path = os.path.join(folder, "pm")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
        listener.listen(1)
        environment = dict(os.environ, HYDRA_LAUNCHER=os.environ.get("HYDRA_LAUNCHER", "fork"))
        lender = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_pm_lender.py")
        # The helper prints nothing; what mpiexec itself prints on stdout is its banner about
        # a job that ended without MPI_Finalize ("BAD TERMINATION..."), which here describes
        # the helper, not the program: it would land in the program's own output.
        helper = subprocess.Popen([mpiexec, "-n", "1", sys.executable, "-S", "-E", lender, path],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  env=environment)
        connection = _accept_from(listener, helper, _seconds(timeout))
        if connection is None:
            return False
        with connection:
            message, descriptors, _, _ = socket.recv_fds(connection, 1 << 16, 1)
            # A descriptor that no Python object owns: it closes only when this process ends,
            # after MPI has finalised, which is when the helper's job may end too.
            _borrowed["keep"] = os.dup(connection.fileno())
    finally:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
    settings = json.loads(message.decode())
    if not descriptors or "PMI_FD" not in settings:
        return False
    settings["PMI_FD"] = str(descriptors[0])
    os.environ.update(settings)
    _borrowed.update(helper=helper, settings=tuple(settings))
    return True


def _accept_from(listener, helper, seconds):
    """The helper's connection, or None when it ended or did not call within ``seconds``."""
    listener.settimeout(0.05)
    deadline = time.monotonic() + max(seconds, 1.0)
    while time.monotonic() < deadline and helper.poll() is None:
        try:
            return listener.accept()[0]
        except TimeoutError:
            continue
    if helper.poll() is None:
        helper.kill()
    helper.wait()
    return None


def forget_borrowed_settings():
    """Remove the PMI settings from the environment once MPI has read them."""
    for key in _borrowed["settings"]:
        os.environ.pop(key, None)
    _borrowed["settings"] = ()


def _clients_timeout(store, world_size, timeout):
    from ._store import DistStoreError, FileStore, PrefixStore
    base = store
    while isinstance(base, PrefixStore):
        base = base.underlying_store
    if isinstance(base, FileStore):
        return RuntimeError("Wait timeout")
    joined = store.add("arrived", 0)
    return DistStoreError(f"Timed out after {int(_seconds(timeout)) + 1} seconds waiting for "
                          f"clients. {joined}/{world_size} clients joined.")


def _wait_for_all(store, world_size, timeout):
    """Rank 0: wait until every rank has announced itself in the store."""
    deadline = time.monotonic() + _seconds(timeout)
    while store.add("arrived", 0) < world_size:
        if time.monotonic() > deadline:
            raise _clients_timeout(store, world_size, timeout)
        time.sleep(0.005)


def join(MPI, store, rank, world_size, timeout):
    """One intracommunicator over the ``world_size`` processes meeting in ``store``, in which
    this process has rank ``rank``."""
    # Every rank makes the same sequence of groups, so the n-th join of each process uses the
    # same keys, and a store (or file) that served an earlier join is not misread.
    _joins[0] += 1
    from ._store import PrefixStore
    store = PrefixStore(f"{_KEY}{_joins[0]}", store)
    store.add("arrived", 1)
    comm = MPI.COMM_SELF
    port = None
    if rank == 0:
        store.set("world_size", str(world_size))
        port = MPI.Open_port()
        _wait_for_all(store, world_size, timeout)
    else:
        expected = int(store.get("world_size"))
        if expected != world_size:
            from ._store import DistStoreError
            raise DistStoreError(f"ember.distributed: rank {rank} was started with world_size "
                                 f"{world_size}, but rank 0 with world_size {expected}")
    try:
        for newcomer in range(1, world_size):
            if rank == 0:
                store.set(f"port/{newcomer}", port)
            if rank < newcomer:
                # Accept blocks until someone connects: wait (with the timeout) until the
                # newcomer says it is about to.
                store.wait([f"ready/{newcomer}"], timeout)
                intercomm = comm.Accept(port if rank == 0 else None, root=0)
            elif rank == newcomer:
                name = store.get(f"port/{newcomer}").decode()
                store.set(f"ready/{newcomer}", "1")
                intercomm = MPI.COMM_SELF.Connect(name, root=0)
            else:
                continue
            merged = intercomm.Merge(high=rank == newcomer)
            intercomm.Free()
            if comm is not MPI.COMM_SELF:
                comm.Free()
            comm = merged
    finally:
        if port is not None:
            MPI.Close_port(port)
    if comm is MPI.COMM_SELF:
        comm = comm.Dup()
    if comm.Get_rank() != rank or comm.Get_size() != world_size:
        raise RuntimeError(f"ember.distributed: the joined ranks disagree: this process asked for "
                           f"rank {rank} of {world_size} and was joined as rank "
                           f"{comm.Get_rank()} of {comm.Get_size()}")
    return comm
