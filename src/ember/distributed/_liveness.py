"""Noticing that a joined rank died, so the others stop instead of waiting forever.

Ranks that ``_join`` connected (``multiprocessing.Process``, ``torch.multiprocessing.spawn``,
separate shells) each run under a process manager of their own, so when one of them dies
nothing tells the others: MPI would leave them waiting in their next collective for good.
torch's gloo notices because its TCP connection to the dead peer closes, and the waiting
collective raises ``RuntimeError`` ("Connection closed by peer").

ember makes one idle TCP connection between every two ranks right after the join. Nothing is
sent over them; the operating system closes a process's sockets when it ends, however it
ends, so a connection that reads as closed means that peer is gone. A daemon thread sleeps
in ``select`` on them (no cost while all is well). Once a peer is gone, it looks four times
a second at this process's threads: one that has sat in the same place inside
``ember.distributed`` for longer than ``_GRACE``, in a collective of a group that holds the
dead rank (or a receive from it), is blocked in an MPI call that can no longer finish, and MPI
cannot be interrupted, so the watchdog prints that thread's traceback ending
in torch's ``RuntimeError`` and ends the process with status 1, as an uncaught exception
would. Ranks an MPI launcher started together are not watched: the launcher ends the whole
job when one of them dies.
"""
from __future__ import annotations

import os
import select
import socket
import sys
import threading
import time
import traceback

from ._store import read_exactly

_GRACE = 1.0  # seconds a thread must stay blocked in a collective after a peer is gone
_LOOK_EVERY = 0.25  # seconds between looks at the threads once a peer is gone
_HERE = os.path.dirname(os.path.abspath(__file__))
# Where a blocked thread is not waiting for a collective: the rendezvous store and the join
# have timeouts of their own, as in torch.
_NOT_COLLECTIVES = tuple(os.path.join(_HERE, name) for name in
                         ("_store.py", "_join.py", "rendezvous.py", "_liveness.py"))


class Peers:
    """The idle connections to the other ranks of a joined world, by world rank."""

    def __init__(self, rank, sockets, pids):
        self.rank = rank
        self.sockets = sockets  # world rank -> connected socket
        self.pids = pids  # world rank -> process id, for the message
        self.gone = set()
        self.stopped = False
        self._wake_read, self._wake_write = socket.socketpair()

    @classmethod
    def connect(cls, comm, timeout):
        """One connection between every two ranks of ``comm`` (every rank calls this)."""
        rank = comm.Get_rank()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("", 0))
        listener.listen(comm.Get_size())
        me = (socket.gethostname(), listener.getsockname()[1], os.getpid())
        everyone = comm.allgather(me)
        sockets = {}
        try:
            for other in range(rank):  # connect to each lower rank...
                host, port, _ = everyone[other]
                address = "127.0.0.1" if host == me[0] else host
                conn = socket.create_connection((address, port), timeout=timeout)
                conn.sendall(rank.to_bytes(4, "little"))
                sockets[other] = conn
            listener.settimeout(timeout)
            for _ in range(rank + 1, comm.Get_size()):  # ...and accept each higher one
                conn, _ = listener.accept()
                conn.settimeout(timeout)
                other = int.from_bytes(read_exactly(
                    conn, 4, ConnectionError,
                    "a rank closed its connection while the ranks were joining"), "little")
                sockets[other] = conn
        finally:
            listener.close()
        for conn in sockets.values():
            conn.setblocking(False)
        return cls(rank, sockets, {r: pid for r, (_, _, pid) in enumerate(everyone)})

    def _note_closed(self, readable):
        for conn in readable:
            try:
                data = conn.recv(1)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                self.gone.add(next(r for r, s in self.sockets.items() if s is conn))

    def watch(self):
        """The watchdog thread's loop."""
        blocked = {}  # thread id -> (frame, instruction, since when)
        while not self.stopped:
            alive = [s for r, s in self.sockets.items() if r not in self.gone]
            wait = _LOOK_EVERY if self.gone else None
            try:
                readable, _, _ = select.select(alive + [self._wake_read], [], [], wait)
            except (OSError, ValueError):  # closed under us: the group was left
                return
            if self.stopped:
                return
            self._note_closed([s for s in readable if s is not self._wake_read])
            if self.gone:
                stuck = _blocked_thread(blocked, time.monotonic())
                if stuck is not None:
                    needed = _ranks_waited_for(stuck)
                    # a collective of a group without the dead rank (or a receive from a live
                    # one) is merely waiting for a slow rank: it is left alone
                    if needed is None or needed & self.gone:
                        self._fail(stuck)

    def _fail(self, frame):
        dead = ", ".join(f"rank {r} (pid {self.pids.get(r)})" for r in sorted(self.gone))
        lines = []
        import multiprocessing
        if multiprocessing.parent_process() is not None:
            lines.append(f"Process {multiprocessing.current_process().name}:\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_stack(frame))
        lines.append(f"RuntimeError: Connection closed by peer: {dead} of the process group "
                     f"exited while rank {self.rank} waited for it in a collective. This is "
                     f"typically caused by a remote worker crashing; check the logs of the "
                     f"remote worker.\n")
        try:
            sys.stdout.flush()
            sys.stderr.write("".join(lines))
            sys.stderr.flush()
        finally:
            os._exit(1)

    def close(self):
        self.stopped = True
        try:
            self._wake_write.send(b"x")
        except OSError:
            pass
        for conn in self.sockets.values():
            conn.close()
        self._wake_write.close()
        self.sockets = {}


def _blocked_thread(blocked, now):
    """The frame of a thread that has stayed at the same instruction in ember.distributed for
    longer than ``_GRACE`` (``blocked`` remembers where each thread was when first seen)."""
    me = threading.get_ident()
    frames = sys._current_frames()
    for ident in list(blocked):
        if ident not in frames:
            del blocked[ident]
    for ident, frame in frames.items():
        filename = os.path.abspath(frame.f_code.co_filename)
        if ident == me or not filename.startswith(_HERE) or filename in _NOT_COLLECTIVES:
            blocked.pop(ident, None)
            continue
        place = (frame, frame.f_lasti)
        seen = blocked.get(ident)
        if seen is None or seen[0] != place:
            blocked[ident] = (place, now)
        elif now - seen[1] > _GRACE:
            return frame
    return None


def _ranks_waited_for(frame):
    """The world ranks the collective blocked at ``frame`` waits for, read from the locals of
    ember.distributed's functions on its stack: the group's ranks (``pg``, ``group``), or the
    one peer of a send or a receive from a given rank. None when they cannot be told (every
    rank, then)."""
    from .distributed_c10d import ProcessGroup
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_HERE):
        names = frame.f_locals
        pg = names.get("pg")
        if isinstance(pg, ProcessGroup):
            ranks = pg._global_ranks
            if frame.f_code.co_name == "send" and isinstance(names.get("peer"), int):
                return {ranks[names["peer"]]}
            if frame.f_code.co_name == "recv":
                if isinstance(names.get("src"), int):
                    return {names["src"]}
                if isinstance(names.get("group_src"), int):
                    return {ranks[names["group_src"]]}
            return set(ranks)
        if "group" in names and frame.f_code.co_name == "barrier":
            group = names["group"]
            return set(group._global_ranks) if isinstance(group, ProcessGroup) else None
        frame = frame.f_back
    return None


class _State:
    peers = None
    # Connections of groups this process left: they stay open until the next join has brought
    # every rank in, since closing them at once would read, to a rank still finishing its part
    # of the old group's last collective, as this process dying.
    retired = []


def start(comm, timeout):
    """Connect the ranks of the freshly joined world ``comm`` and start the watchdog."""
    stop()
    peers = Peers.connect(comm, timeout)
    for old in _State.retired:
        old.close()
    _State.retired = []
    _State.peers = peers
    threading.Thread(target=peers.watch, name="ember.distributed liveness",
                     daemon=True).start()


def stop():
    """Stop watching (the group was destroyed); the connections close at the next join."""
    if _State.peers is not None:
        _State.peers.stopped = True
        try:
            _State.peers._wake_write.send(b"x")
        except OSError:
            pass
        _State.retired.append(_State.peers)
        _State.peers = None
