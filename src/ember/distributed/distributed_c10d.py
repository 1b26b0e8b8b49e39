"""Process groups and collectives on tensors, carried by MPI through mpi4py.

Every rank is one MPI process. Started by ``mpiexec`` (or any MPI launcher), the default process
group is a duplicate of ``MPI.COMM_WORLD``, so ember's traffic never mixes with the user's own
MPI messages; started otherwise (``torch.multiprocessing.spawn``...), it is the communicator that
MPI's connect/accept makes of the ranks meeting in the rendezvous store (``_join``).

A collective hands MPI the tensor's NumPy array itself (no copy) when it is contiguous and in
host memory; otherwise it goes through a contiguous host copy that is written back.
``async_op=True`` starts the non-blocking MPI call (``Iallreduce``, ``Ibcast``, ...) and returns
a ``Work`` whose ``wait()`` completes it.

Before a collective moves data, the ranks check that they agree on it (the collective, op, root,
dtype and shape): a mismatch raises RuntimeError on every rank instead of a silent wrong result
or an MPI abort. The check is one small all-gather of a fixed-size fingerprint; it runs for the
first call of each fingerprint in a group, and for every call when
``TORCH_DISTRIBUTED_DEBUG=DETAIL`` (read when the group is made, as PyTorch does).
"""
from __future__ import annotations

import enum
import os
import sys
import warnings

import numpy as np

from .._deprecated import _user_stacklevel
from .._tensor import Tensor

__all__ = [
    "Backend", "GroupMember", "ProcessGroup", "ReduceOp", "Work", "all_gather",
    "all_gather_into_tensor", "all_gather_object", "all_gather_single", "all_reduce", "barrier",
    "broadcast", "broadcast_object_list", "destroy_process_group", "gather", "get_backend",
    "get_rank", "get_world_size", "group", "init_process_group", "irecv", "is_available",
    "is_gloo_available", "is_initialized", "is_mpi_available", "is_nccl_available", "isend",
    "new_group", "recv", "reduce",
    "reduce_scatter", "reduce_scatter_single", "reduce_scatter_tensor", "scatter", "send",
]

_MISSING_MPI = ("ember.distributed needs mpi4py and an MPI library; install them with "
                "`pip install mpi4py mpich` (from a checkout of ember: `pip install -e .[dist]`)")


def is_available():
    """True when mpi4py (and so an MPI library) can be imported."""
    import importlib.util
    return importlib.util.find_spec("mpi4py") is not None


is_mpi_available = is_available
# gloo's collectives run on MPI in ember, so it is there exactly when MPI is.
is_gloo_available = is_available


def is_nccl_available():
    """True when MPI is there and a CUDA device is (ember carries "nccl" collectives on MPI)."""
    from .. import cuda
    return is_available() and cuda.is_available()


_MPI = None


def _mpi():
    """The mpi4py MPI module; importing it starts MPI, so it happens on first use only."""
    global _MPI
    if _MPI is None:
        try:
            from mpi4py import MPI
        except ImportError as error:
            raise RuntimeError(_MISSING_MPI) from error
        _MPI = MPI
    return _MPI


class Backend(str):
    """The name of a communication backend; ember has one, ``"mpi"``."""

    MPI = "mpi"
    GLOO = "gloo"
    NCCL = "nccl"

    def __new__(cls, name):
        return str.__new__(cls, name.lower())


class ReduceOp(enum.IntEnum):
    """How a reduction combines the ranks' values (numbers as PyTorch's ``RedOpType``)."""

    SUM = 0
    AVG = 1
    PRODUCT = 2
    MIN = 3
    MAX = 4
    BAND = 5
    BOR = 6
    BXOR = 7

    def __repr__(self):
        return f"<RedOpType.{self.name}: {self.value}>"

    def __str__(self):
        return f"RedOpType.{self.name}"


ReduceOp.RedOpType = ReduceOp


_OP_TABLES = {}


def _mpi_op(op, dtype):
    """The MPI operation for ``op`` on arrays of ``dtype`` (AVG is a SUM, divided afterwards)."""
    if not _OP_TABLES:
        MPI = _mpi()
        _OP_TABLES["number"] = {
            ReduceOp.SUM: MPI.SUM, ReduceOp.AVG: MPI.SUM, ReduceOp.PRODUCT: MPI.PROD,
            ReduceOp.MIN: MPI.MIN, ReduceOp.MAX: MPI.MAX, ReduceOp.BAND: MPI.BAND,
            ReduceOp.BOR: MPI.BOR, ReduceOp.BXOR: MPI.BXOR}
        # MPI has no arithmetic on C bool: sums and maxima of booleans are logical ors.
        _OP_TABLES["bool"] = {
            ReduceOp.SUM: MPI.LOR, ReduceOp.MAX: MPI.LOR, ReduceOp.BOR: MPI.LOR,
            ReduceOp.PRODUCT: MPI.LAND, ReduceOp.MIN: MPI.LAND, ReduceOp.BAND: MPI.LAND,
            ReduceOp.BXOR: MPI.LXOR}
    table = _OP_TABLES["bool" if dtype.kind == "b" else "number"]
    if op not in table:
        raise ValueError(f"ember.distributed does not support the reduction {op!r}; use one of "
                         f"{[str(o) for o in ReduceOp]}")
    return table[op]


class ProcessGroup:
    """A set of ranks that run collectives together: an MPI communicator and its rank map."""

    _count = 0  # groups made since the default one (get_pg_count)

    def __init__(self, comm, global_ranks):
        ProcessGroup._count += 1
        self.comm = comm
        self._global_ranks = list(global_ranks)
        self._group_rank_of = {g: i for i, g in enumerate(self._global_ranks)}
        # Fingerprints every rank has been seen to agree on; with DETAIL, every call is checked.
        self._agreed = set()
        self._check_every_call = (os.environ.get("TORCH_DISTRIBUTED_DEBUG", "").upper() ==
                                  "DETAIL")

    def rank(self):
        return self.comm.Get_rank()

    def size(self):
        return self.comm.Get_size()

    def name(self):
        return "MPI"

    def _group_rank(self, global_rank, what):
        rank = self._group_rank_of.get(global_rank)
        if rank is None:
            raise ValueError(f"{what} rank {global_rank} is not part of this group (its global "
                             f"ranks are {self._global_ranks})")
        return rank

    def __repr__(self):
        return f"<ember.distributed.ProcessGroup MPI, ranks {self._global_ranks}>"


class GroupMember:
    """Holds the default group once initialised (``GroupMember.WORLD``)."""

    WORLD = None
    NON_GROUP_MEMBER = -100


class _WorldAlias:
    """``ember.distributed.group.WORLD``: the default group, looked up when read."""

    @property
    def WORLD(self):
        return GroupMember.WORLD


group = _WorldAlias()


class Work:
    """A started collective: ``wait()`` blocks until it finished (and its output is in place)."""

    def __init__(self, requests, finish=None, keep=(), outputs=()):
        self._requests = list(requests)
        self._finish = finish
        self._keep = keep  # buffers MPI reads or writes until the requests complete
        self._outputs = list(outputs)
        self._status = None
        self._done = False

    def _complete(self):
        if self._finish is not None:
            finish, self._finish = self._finish, None
            finish()
        self._keep = ()
        self._done = True

    def wait(self, timeout=None):
        """Block until the operation completed; returns True."""
        if not self._done:
            MPI = _mpi()
            self._status = MPI.Status()
            if len(self._requests) == 1:
                self._requests[0].Wait(self._status)
            else:
                MPI.Request.Waitall(self._requests)
            self._complete()
        return True

    def is_completed(self):
        """Whether the operation finished; polling also lets MPI progress it."""
        if not self._done:
            MPI = _mpi()
            self._status = MPI.Status()
            if len(self._requests) == 1:
                finished = self._requests[0].Test(self._status)
            else:
                finished = MPI.Request.Testall(self._requests)
            if finished:
                self._complete()
        return self._done

    def is_success(self):
        return self._done

    def exception(self):
        return None

    def result(self):
        """The output tensors of the operation."""
        self.wait()
        return list(self._outputs)

    def source_rank(self):
        """The rank a finished ``irecv`` got its message from."""
        self.wait()
        return self._status.Get_source()

    def synchronize(self):
        self.wait()


class _Done(Work):
    """A Work for an operation that already finished (a blocking call, or nothing to do)."""

    def __init__(self, outputs=()):
        super().__init__((), outputs=outputs)
        self._done = True


# --- the default group ------------------------------------------------------------------------

class _State:
    world = None
    previous_excepthook = None


def is_initialized():
    """Whether ``init_process_group`` has run (and ``destroy_process_group`` has not)."""
    return _State.world is not None


def _default_group():
    if _State.world is None:
        raise ValueError("Default process group has not been initialized, please make sure to "
                         "call init_process_group.")
    return _State.world


def _group_of(group):
    return _default_group() if group is None else group


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1,
                       store=None, group_name="", pg_options=None, device_id=None):
    """Join the default process group, whose collectives run over MPI (mpi4py).

    ember carries every backend's collectives over MPI: ``"mpi"``, ``"gloo"``, and ``"nccl"``
    where CUDA is available (also as ``"cpu:gloo,cuda:nccl"``). The ranks can be started two
    ways. By an MPI launcher (``python -m ember.distributed.run -n N script.py`` or
    ``mpiexec -n N``): each process is one rank of MPI's world; for ``"mpi"`` the rank and
    world size come from the MPI runtime, as in torch, and for the other backends a given
    ``rank``/``world_size`` (or ``RANK``/``WORLD_SIZE``) must agree with the launch. Or, for
    gloo/nccl, by anything else (``torch.multiprocessing.spawn``, ``multiprocessing.Process``,
    separate shells with torchrun's variables): the processes meet through the rendezvous
    (``env://`` with ``MASTER_ADDR``/``MASTER_PORT``, ``tcp://host:port``, ``file://path`` or
    ``store``) and MPI's connect/accept joins them into one communicator, in rank order. A
    rank that does not arrive within ``timeout`` fails as in torch (``DistStoreError`` on rank
    0, ``DistNetworkError`` where no rank 0 serves the store). A process started alone with a
    world size of one is a world of one. After this call an uncaught exception on any rank
    aborts the whole job instead of leaving the other ranks waiting in a collective.
    """
    name = _backend_name(backend)
    if _State.world is not None:
        raise ValueError("trying to initialize the default process group twice!")
    joined = None
    if name != Backend.MPI:
        joined = _join_unlaunched(init_method, timeout, world_size, rank, store)
    MPI = _mpi()
    if joined is not None:
        comm = joined
    else:
        comm = MPI.COMM_WORLD
        if name == Backend.MPI:
            if world_size != -1 or rank != -1:
                warnings.warn(f"For MPI backend, world_size ({world_size}) and rank ({rank}) "
                              "are ignored since they are assigned by the MPI runtime.",
                              stacklevel=_user_stacklevel())
        else:
            _check_rendezvous(comm, init_method, world_size, rank)
        comm = comm.Dup()
    ProcessGroup._count = 0
    if joined is not None:
        from . import _liveness
        _liveness.start(comm, _liveness_timeout(timeout))
    world = ProcessGroup(comm, range(comm.Get_size()))
    world._backend = Backend(name)
    world._joined = joined is not None
    _State.world = world
    GroupMember.WORLD = world
    _export_environment(comm)
    if comm.Get_size() > 1:
        _install_abort_hook(comm)


def _liveness_timeout(timeout):
    from ._join import _seconds
    from ._p2p import default_pg_timeout
    return _seconds(default_pg_timeout if timeout is None else timeout)


def _join_unlaunched(init_method, timeout, world_size, rank, store):
    """The communicator of a gloo/nccl group whose processes no MPI launcher started together
    (``torch.multiprocessing.spawn``, separate shells with ``RANK``/``WORLD_SIZE``...): they
    meet through the rendezvous store and MPI's connect/accept joins them (see ``_join``).
    None when MPI's own world is the group: started by mpiexec, or a world of one."""
    from . import _join
    if _join.launched_by_mpi() or (_join.mpi_started() and _mpi().COMM_WORLD.Get_size() > 1):
        return None
    if store is not None:
        if init_method is not None:
            raise AssertionError("Cannot specify both init_method and store.")
        if world_size <= 0:
            raise AssertionError("world_size must be positive if using store")
        if rank < 0:
            raise AssertionError("rank must be non-negative if using store")
    elif _requested_world_size(init_method, world_size) in (-1, 1):
        return None
    from ._p2p import default_pg_timeout
    from .rendezvous import rendezvous
    timeout = default_pg_timeout if timeout is None else timeout
    if store is None:
        store, rank, world_size = next(rendezvous(init_method or "env://", rank, world_size,
                                                  timeout=timeout))
    if world_size == 1:
        return None
    borrowed = False
    if not _join.mpi_started():
        # UCX (MPICH's transport) warns on stdout when a rank ends with a message it never
        # received, e.g. a peer's part of a collective this rank left by raising: noise in the
        # program's own output that torch's ranks do not print. Its errors still show.
        os.environ.setdefault("UCX_LOG_LEVEL", "error")
        borrowed = _join.borrow_process_manager(timeout)
        _mpi()
        _join.forget_borrowed_settings()
    MPI = _mpi()
    try:
        return _join.join(MPI, store, rank, world_size, timeout)
    except MPI.Exception as error:
        from ._store import DistBackendError
        hint = "" if borrowed else (
            " MPI started in this process without a launcher (before init_process_group, or "
            "with no MPICH mpiexec to lend it a process manager); MPICH gives every such "
            "process the same name, and two of them cannot connect. Import mpi4py only after "
            "init_process_group, or start the ranks with `python -m ember.distributed.run`.")
        raise DistBackendError(
            f"ember.distributed could not connect rank {rank} of {world_size} to the other "
            f"ranks over MPI: {error}.{hint}") from error


def _requested_world_size(init_method, world_size):
    """The world size asked for by the argument, the init_method URL's query or (env://) the
    WORLD_SIZE environment variable; -1 when none says."""
    from urllib.parse import parse_qsl, urlparse
    if world_size != -1:
        return world_size
    query = dict(parse_qsl(urlparse(str(init_method or "env://")).query))
    if "world_size" in query:
        return int(query["world_size"])
    if init_method is None or str(init_method).startswith("env://"):
        return int(os.environ.get("WORLD_SIZE", -1))
    return -1


def _backend_name(backend):
    """The backend asked for, checked as torch checks it ("mpi" when None)."""
    if backend is None:
        return Backend.MPI
    text = str(backend).lower()
    parts = [part.split(":")[-1] for part in text.split(",")]
    for part in parts:
        if part not in (Backend.MPI, Backend.GLOO, Backend.NCCL):
            raise AssertionError(f"Unknown backend type {part}")
        if part == Backend.NCCL and not is_nccl_available():
            raise RuntimeError("Distributed package doesn't have NCCL built in")
    return text


def _check_rendezvous(comm, init_method, world_size, rank):
    """A gloo/nccl rank and world size must be the MPI launcher's: ember's ranks are MPI
    processes, so a world of N needs N processes started together."""
    size, own = comm.Get_size(), comm.Get_rank()
    if (init_method is None or str(init_method).startswith("env://")) and rank == -1:
        if "RANK" not in os.environ and size == 1:
            raise ValueError("Error initializing ember.distributed using env:// rendezvous: "
                             "environment variable RANK expected, but not set")
        rank = int(os.environ.get("RANK", own))
        world_size = int(os.environ.get("WORLD_SIZE", world_size))
    if world_size not in (-1, size) or rank not in (-1, own):
        raise RuntimeError(
            f"ember.distributed runs each rank as an MPI process: this process was started as "
            f"rank {own} of {size}, but rank {rank} of world_size {world_size} was asked for. "
            f"Start the ranks together with `python -m ember.distributed.run -n {world_size} "
            "script.py` (it takes torchrun's --nproc_per_node) or mpiexec.")


def _export_environment(comm):
    """Set RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE as torchrun does, unless already set."""
    MPI = _mpi()
    local = comm.Split_type(MPI.COMM_TYPE_SHARED)
    values = {"RANK": comm.Get_rank(), "WORLD_SIZE": comm.Get_size(),
              "LOCAL_RANK": local.Get_rank(), "LOCAL_WORLD_SIZE": local.Get_size()}
    local.Free()
    for key, value in values.items():
        os.environ.setdefault(key, str(value))


def _install_abort_hook(comm):
    """Make an uncaught exception print its traceback, then abort every rank of the job."""
    previous = sys.excepthook

    def abort_on_uncaught(exc_type, exc, traceback):
        previous(exc_type, exc, traceback)
        sys.stderr.write(f"[rank {comm.Get_rank()}] uncaught {exc_type.__name__}: aborting "
                         f"all {comm.Get_size()} ranks\n")
        sys.stderr.flush()
        sys.stdout.flush()
        comm.Abort(1)

    _State.previous_excepthook = previous
    sys.excepthook = abort_on_uncaught


def destroy_process_group(group=None):
    """Leave the default group (MPI itself stays up until the interpreter exits)."""
    if group is not None and group is not _State.world:
        if group.comm is not None:
            group.comm.Free()
            group.comm = None
        return
    world = _default_group()
    _State.world = None
    GroupMember.WORLD = None
    if world._joined:
        from . import _liveness
        _liveness.stop()
    if _State.previous_excepthook is not None:
        sys.excepthook = _State.previous_excepthook
        _State.previous_excepthook = None
    world.comm.Free()
    world.comm = None


def new_group(ranks=None, timeout=None, backend=None, pg_options=None,
              use_local_synchronization=False, group_desc=None, device_id=None, sort_ranks=True):
    """A process group of some ranks; every rank of the default group must call it."""
    world = _default_group()
    MPI = _mpi()
    members = list(range(world.size())) if ranks is None else list(ranks)
    if sort_ranks:
        members = sorted(members)
    for member in members:
        if not 0 <= member < world.size():
            raise ValueError(f"The new group's rank should be within the world_size set by "
                             f"init_process_group: got rank {member} for world size "
                             f"{world.size()}")
    mine = world.rank() in members
    key = members.index(world.rank()) if mine else 0
    comm = world.comm.Split(0 if mine else MPI.UNDEFINED, key)
    if not mine:
        return GroupMember.NON_GROUP_MEMBER
    return ProcessGroup(comm, members)


def get_rank(group=None):
    """This process's rank in ``group`` (the default group when None)."""
    return _group_of(group).rank()


def get_world_size(group=None):
    """The number of ranks in ``group`` (the default group when None)."""
    return _group_of(group).size()


def get_backend(group=None):
    """The backend name the default group was initialised with (its collectives run on MPI)."""
    return getattr(_group_of(group), "_backend", Backend(Backend.MPI))


def barrier(group=None, async_op=False, device_ids=None, timeout=None):
    """Wait until every rank of the group reached this call."""
    comm = _group_of(group).comm
    if async_op:
        return Work([comm.Ibarrier()])
    comm.Barrier()
    return None


# --- tensors as MPI buffers -------------------------------------------------------------------

def _check_tensor(value, name):
    if not isinstance(value, Tensor):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type "
                        f"ember.Tensor\n             but got {type(value)} instead.")


def _check_tensor_list(value, name):
    if not isinstance(value, list):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type "
                        f"List[ember.Tensor]\n             but got {type(value)} instead.")
    if not all(isinstance(t, Tensor) for t in value):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type "
                        f"List[ember.Tensor]\n             but got {type(value)} with elements of "
                        f"type {[type(t) for t in value]}.")


def _same_dtype(tensors):
    first = tensors[0].dtype
    for t in tensors[1:]:
        if t.dtype != first:
            raise ValueError(f"Invalid usage of tensors with different dtypesFound {first} and  "
                             f"{t.dtype}")


_MPI_NATIVE = frozenset("?bBhHiIlLqQefdgFDG")


class _Buffer:
    """A tensor's storage as a contiguous host array MPI can read and write in place.

    Contiguous CPU tensors lend their own array. Non-contiguous or GPU tensors, and dtypes MPI
    has no type for (bfloat16), go through a contiguous host copy; ``write_back()`` stores the
    result into the tensor.
    """

    __slots__ = ("array", "staged", "tensor")

    def __init__(self, tensor, reduce=False):
        self.tensor = tensor
        data = tensor._data
        self.staged = False
        if type(data) is np.ndarray and data.flags.c_contiguous:
            array = data
        else:
            array = np.ascontiguousarray(data.get() if hasattr(data, "get") else data)
            self.staged = True
        if array.dtype.char not in _MPI_NATIVE:
            # bfloat16: reductions run in float32, moves copy the raw 16-bit words.
            array = array.astype(np.float32) if reduce else array.view(np.uint16)
            self.staged = True
        self.array = array

    def write_back(self):
        if self.staged:
            data = self.tensor._data
            values = self.array
            if values.dtype != data.dtype:
                values = (values.astype(data.dtype) if values.dtype == np.float32
                          else values.view(data.dtype))
            if type(data) is np.ndarray:
                data[...] = values.reshape(data.shape)
            else:
                import cupy
                data[...] = cupy.asarray(values.reshape(data.shape))


def _nothing():
    """The finishing step of an operation whose output needs no post-processing."""


def _run(async_op, start, blocking, finish, keep, outputs):
    """Run a collective blocking, or start its non-blocking form and return a Work."""
    if async_op:
        return Work(start(), finish, keep, outputs)
    blocking()
    finish()
    return None


def _writer(*buffers, after=None):
    if after is None and not any(buffer.staged for buffer in buffers):
        return _nothing
    def finish():
        if after is not None:
            after()
        for buffer in buffers:
            buffer.write_back()
    return finish


def _check_avg(op, array):
    if op == ReduceOp.AVG and array.dtype.kind in "biu":
        name = {"b": "Bool", "i": "Long", "u": "Byte"}[array.dtype.kind]
        raise RuntimeError(f"result type Float can't be cast to the desired output type {name}")


def _divider(op, array, size):
    if op == ReduceOp.AVG:
        def divide():
            np.divide(array, size, out=array)
        return divide
    return None


def _root(group, rank, group_rank, what):
    """The group-local rank of a src/dst given as a global rank or as ``group_<what>``."""
    if group_rank is not None:
        if rank is not None:
            raise ValueError(f"Can not specify both {what} and group_{what}")
        return group_rank
    if rank is None:
        rank = 0
    return group._group_rank(rank, what) if group is not _State.world else rank


def _check_root(group, root, name):
    if not 0 <= root < group.size():
        raise RuntimeError(f"ProcessGroupMPI::{name}: invalid root rank: {root} (the group has "
                           f"{group.size()} ranks)")


def _check_sizes(name, expected, tensors):
    for index, t in enumerate(tensors):
        if t.shape != expected.shape:
            raise RuntimeError(f"ProcessGroupMPI::{name}: invalid tensor size at index {index} "
                               f"(expected {tuple(expected.shape)}, got {tuple(t.shape)})")


# --- the ranks agree on each collective ---------------------------------------------------------

_COLLECTIVES = ("all_reduce", "broadcast", "reduce", "all_gather", "all_gather_single",
                "reduce_scatter", "reduce_scatter_single", "gather", "scatter")
_DTYPE_NAMES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
                "float32", "float64", "complex64", "complex128")
_SHOWN_DIMS = 5  # dims carried for the message; the shape's hash covers the rest
_FINGERPRINT = 7 + _SHOWN_DIMS


def _agree(pg, name, tensor, op=-1, root=-1):
    """Raise RuntimeError on every rank unless all ranks of ``pg`` run collective ``name`` with
    the same op, root, dtype and shape of ``tensor``.

    A small all-gather of int64 fingerprints, done once per fingerprint (every call under
    TORCH_DISTRIBUTED_DEBUG=DETAIL); each rank sees all fingerprints, so all decide alike.
    """
    shape = tensor._data.shape
    key = (name, int(op), root, tensor._dtype, shape)
    if key in pg._agreed and not pg._check_every_call:
        return
    if pg.size() > 1:
        mine = np.full(_FINGERPRINT, -1, np.int64)
        dtype_name = tensor._dtype.name
        mine[:7] = (_COLLECTIVES.index(name), int(op), root,
                    _DTYPE_NAMES.index(dtype_name) if dtype_name in _DTYPE_NAMES else 99,
                    len(shape), tensor.numel(), hash(shape) & (2**62 - 1))
        mine[7:7 + min(len(shape), _SHOWN_DIMS)] = shape[:_SHOWN_DIMS]
        everyone = np.empty((pg.size(), _FINGERPRINT), np.int64)
        pg.comm.Allgather(mine, everyone)
        different = np.flatnonzero((everyone != everyone[0]).any(axis=1))
        if different.size:
            other = int(different[0])
            raise RuntimeError(f"Detected mismatch between collectives on ranks. Rank 0 is "
                               f"running collective: {_describe(everyone[0])}, but Rank {other} "
                               f"is running collective: {_describe(everyone[other])}")
    pg._agreed.add(key)


def _describe(fingerprint):
    """A fingerprint in words: the collective, its op and root, the tensor's shape and dtype."""
    kind, op, root, dtype, ndim, numel = (int(v) for v in fingerprint[:6])
    dims = [int(d) for d in fingerprint[7:7 + min(ndim, _SHOWN_DIMS)]]
    shape = dims + ["..."] * (ndim > _SHOWN_DIMS)
    parts = [f"OpType={_COLLECTIVES[kind].upper()}"]
    if op >= 0:
        parts.append(f"ReduceOp={ReduceOp(op).name}")
    if root >= 0:
        parts.append(f"Root={root}")
    parts += [f"TensorShape={shape}", f"NumElements={numel}",
              f"TensorDtype={_DTYPE_NAMES[dtype] if dtype < len(_DTYPE_NAMES) else 'other'}"]
    return "CollectiveFingerPrint(" + ", ".join(parts) + ")"


# --- collectives ------------------------------------------------------------------------------

def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``tensor`` over all ranks with ``op``; every rank gets the result, in place."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    MPI = _mpi()
    buffer = _Buffer(tensor, reduce=True)
    array = buffer.array
    if op == ReduceOp.AVG:
        _check_avg(op, array)
    mpi_op = _mpi_op(op, array.dtype)
    _agree(pg, "all_reduce", tensor, op)
    if async_op:
        finish = _writer(buffer, after=_divider(op, array, pg.size()))
        return Work([pg.comm.Iallreduce(MPI.IN_PLACE, array, mpi_op)], finish, (buffer,),
                    [tensor])
    # The blocking call is the common one: no closures, just the MPI call and what must follow.
    pg.comm.Allreduce(MPI.IN_PLACE, array, mpi_op)
    if op == ReduceOp.AVG:
        np.divide(array, pg.size(), out=array)
    if buffer.staged:
        buffer.write_back()
    return None


def broadcast(tensor, src=None, group=None, async_op=False, group_src=None):
    """Copy ``tensor`` from rank ``src`` into ``tensor`` on every other rank."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    root = _root(pg, src, group_src, "src")
    _check_root(pg, root, "broadcast")
    _agree(pg, "broadcast", tensor, root=root)
    buffer = _Buffer(tensor)
    array, comm = buffer.array, pg.comm
    return _run(async_op, lambda: [comm.Ibcast(array, root)], lambda: comm.Bcast(array, root),
                _writer(buffer), (buffer,), [tensor])


def reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None):
    """Reduce ``tensor`` over all ranks with ``op``; only rank ``dst`` receives the result."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    root = _root(pg, dst, group_dst, "dst")
    _check_root(pg, root, "reduce")
    MPI = _mpi()
    buffer = _Buffer(tensor, reduce=True)
    array, comm = buffer.array, pg.comm
    _check_avg(op, array)
    mpi_op = _mpi_op(op, array.dtype)
    _agree(pg, "reduce", tensor, op, root)
    if pg.rank() == root:
        send, finish = MPI.IN_PLACE, _writer(buffer, after=_divider(op, array, pg.size()))
    else:
        send, finish = array, (lambda: None)
    return _run(async_op, lambda: [comm.Ireduce(send, array, mpi_op, root)],
                lambda: comm.Reduce(send, array, mpi_op, root), finish, (buffer,), [tensor])


def all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False):
    """Concatenate every rank's ``input_tensor`` (in rank order) into ``output_tensor``.

    ``output_tensor`` is either the concatenation along dim 0 or the stack (world size first).
    """
    warnings.warn("`ember.distributed.all_gather_into_tensor` is deprecated. Please use "
                  "`ember.distributed.all_gather_single` instead.",
                  FutureWarning, stacklevel=_user_stacklevel())
    return all_gather_single(output_tensor, input_tensor, group, async_op)


def all_gather_single(output_tensor, input_tensor, group=None, async_op=False):
    """Concatenate every rank's ``input_tensor`` (in rank order) into ``output_tensor``."""
    _check_tensor(output_tensor, "output_tensor")
    _check_tensor(input_tensor, "input_tensor")
    pg = _group_of(group)
    _same_dtype([output_tensor, input_tensor])
    if output_tensor.numel() != input_tensor.numel() * pg.size():
        raise RuntimeError(f"ProcessGroupMPI::allgather: output tensor of shape "
                           f"{tuple(output_tensor.shape)} must hold world size ({pg.size()}) "
                           f"times the input of shape {tuple(input_tensor.shape)}")
    _agree(pg, "all_gather_single", input_tensor)
    source, target = _Buffer(input_tensor), _Buffer(output_tensor)
    comm = pg.comm
    return _run(async_op, lambda: [comm.Iallgather(source.array, target.array)],
                lambda: comm.Allgather(source.array, target.array), _writer(target),
                (source, target), [output_tensor])


def all_gather(tensor_list, tensor, group=None, async_op=False):
    """Fill ``tensor_list[i]`` with rank i's ``tensor``, on every rank."""
    _check_tensor_list(tensor_list, "tensor_list")
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    _same_dtype(tensor_list + [tensor])
    if len(tensor_list) != pg.size():
        raise RuntimeError(f"ProcessGroupMPI::allgather: invalid output tensor list at index 0 "
                           f"(expected length {pg.size()}, got {len(tensor_list)})")
    _check_sizes("allgather", tensor, tensor_list)
    _agree(pg, "all_gather", tensor)
    source = _Buffer(tensor)
    gathered = np.empty((pg.size(),) + source.array.shape, source.array.dtype)
    comm = pg.comm

    def scatter_rows():
        for out, row in zip(tensor_list, gathered):
            _store(out, row)
    return _run(async_op, lambda: [comm.Iallgather(source.array, gathered)],
                lambda: comm.Allgather(source.array, gathered), scatter_rows, (source, gathered),
                tensor_list)


def _store(tensor, values):
    """Write a host array (possibly raw bfloat16 words) into ``tensor``."""
    data = tensor._data
    if values.dtype != data.dtype:
        values = values.view(data.dtype)
    if type(data) is np.ndarray:
        data[...] = values.reshape(data.shape)
    else:
        import cupy
        data[...] = cupy.asarray(values.reshape(data.shape))


def _stacked(tensors):
    """The tensors' values stacked into one contiguous host array MPI can send."""
    return np.stack([_Buffer(t).array for t in tensors])


def reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``input`` over ranks; rank i keeps the i-th of world-size equal chunks (dim 0)."""
    warnings.warn("`ember.distributed.reduce_scatter_tensor` is deprecated. Please use "
                  "`ember.distributed.reduce_scatter_single` instead.", FutureWarning,
                  stacklevel=_user_stacklevel())
    return reduce_scatter_single(output, input, op, group, async_op)


def reduce_scatter_single(output, input, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``input`` over ranks; rank i keeps the i-th of world-size equal chunks (dim 0)."""
    _check_tensor(output, "output")
    _check_tensor(input, "input")
    pg = _group_of(group)
    _same_dtype([output, input])
    if input.numel() != output.numel() * pg.size():
        raise RuntimeError(f"ProcessGroupMPI::reduce_scatter: input tensor of shape "
                           f"{tuple(input.shape)} must hold world size ({pg.size()}) times the "
                           f"output of shape {tuple(output.shape)}")
    source, target = _Buffer(input, reduce=True), _Buffer(output, reduce=True)
    _check_avg(op, target.array)
    mpi_op = _mpi_op(op, target.array.dtype)
    _agree(pg, "reduce_scatter_single", output, op)
    comm = pg.comm
    return _run(async_op,
                lambda: [comm.Ireduce_scatter_block(source.array, target.array, mpi_op)],
                lambda: comm.Reduce_scatter_block(source.array, target.array, mpi_op),
                _writer(target, after=_divider(op, target.array, pg.size())), (source, target),
                [output])


def reduce_scatter(output, input_list, op=ReduceOp.SUM, group=None, async_op=False):
    """Reduce ``input_list[i]`` over ranks into ``output`` on rank i."""
    _check_tensor(output, "output")
    _check_tensor_list(input_list, "input_list")
    pg = _group_of(group)
    _same_dtype(input_list + [output])
    if len(input_list) != pg.size():
        raise RuntimeError(f"ProcessGroupMPI::reduce_scatter: invalid input tensor list (expected "
                           f"length {pg.size()}, got {len(input_list)})")
    _check_sizes("reduce_scatter", output, input_list)
    source = np.stack([_Buffer(t, reduce=True).array for t in input_list])
    target = _Buffer(output, reduce=True)
    _check_avg(op, target.array)
    mpi_op = _mpi_op(op, target.array.dtype)
    _agree(pg, "reduce_scatter", output, op)
    comm = pg.comm
    return _run(async_op, lambda: [comm.Ireduce_scatter_block(source, target.array, mpi_op)],
                lambda: comm.Reduce_scatter_block(source, target.array, mpi_op),
                _writer(target, after=_divider(op, target.array, pg.size())), (source, target),
                [output])


def gather(tensor, gather_list=None, dst=None, group=None, async_op=False, group_dst=None):
    """Collect every rank's ``tensor`` into ``gather_list`` on rank ``dst``."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    root = _root(pg, dst, group_dst, "dst")
    _check_root(pg, root, "gather")
    if pg.rank() == root:
        if gather_list is None:
            raise ValueError("Argument ``gather_list`` must be specified on destination rank.")
        _check_tensor_list(gather_list, "gather_list")
        _same_dtype(gather_list + [tensor])
        if len(gather_list) != pg.size():
            raise RuntimeError(f"ProcessGroupMPI::gather: Incorrect output list size "
                               f"{len(gather_list)}. Output list size should be {pg.size()}, "
                               f"same as size of the process group.")
        _check_sizes("gather", tensor, gather_list)
    elif gather_list:
        raise ValueError("Argument ``gather_list`` must NOT be specified on non-destination "
                         "ranks.")
    _agree(pg, "gather", tensor, root=root)
    source = _Buffer(tensor)
    comm = pg.comm
    if pg.rank() == root:
        gathered = np.empty((pg.size(),) + source.array.shape, source.array.dtype)

        def finish():
            for out, row in zip(gather_list, gathered):
                _store(out, row)
    else:
        gathered, finish = None, (lambda: None)
    return _run(async_op, lambda: [comm.Igather(source.array, gathered, root)],
                lambda: comm.Gather(source.array, gathered, root), finish, (source, gathered),
                gather_list or [])


def scatter(tensor, scatter_list=None, src=None, group=None, async_op=False, group_src=None):
    """Send ``scatter_list[i]`` from rank ``src`` into ``tensor`` on rank i."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    root = _root(pg, src, group_src, "src")
    _check_root(pg, root, "scatter")
    source = None
    if pg.rank() == root:
        if scatter_list is None:
            raise ValueError("Argument ``scatter_list`` must be specified on source rank.")
        _check_tensor_list(scatter_list, "scatter_list")
        _same_dtype(scatter_list + [tensor])
        if len(scatter_list) != pg.size():
            raise RuntimeError(f"ProcessGroupMPI::scatter: Incorrect input list size "
                               f"{len(scatter_list)}. Input list size should be {pg.size()}, "
                               f"same as size of the process group.")
        _check_sizes("scatter", tensor, scatter_list)
        source = _stacked(scatter_list)
    elif scatter_list:
        raise ValueError("Argument ``scatter_list`` must NOT be specified on non-source ranks.")
    _agree(pg, "scatter", tensor, root=root)
    target = _Buffer(tensor)
    comm = pg.comm
    return _run(async_op, lambda: [comm.Iscatter(source, target.array, root)],
                lambda: comm.Scatter(source, target.array, root), _writer(target),
                (source, target), [tensor])


# --- point to point ---------------------------------------------------------------------------

def _peer(pg, rank, group_rank, what):
    peer = _root(pg, rank, group_rank, what)
    if peer == pg.rank():
        noun = "destination" if what == "dst" else "source"
        raise ValueError(f"Invalid {noun} rank: {noun} rank should not be the same as the rank "
                         f"of the current process.")
    if not 0 <= peer < pg.size():
        raise RuntimeError(f"ProcessGroupMPI: invalid {what} rank {peer} (the group has "
                           f"{pg.size()} ranks)")
    return peer


def send(tensor, dst=None, group=None, tag=0, group_dst=None):
    """Send ``tensor`` to rank ``dst`` (blocks until MPI took the data)."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    peer = _peer(pg, dst, group_dst, "dst")
    pg.comm.Send(_Buffer(tensor).array, peer, tag)


def isend(tensor, dst=None, group=None, tag=0, group_dst=None):
    """Start sending ``tensor`` to rank ``dst``; returns a Work."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    peer = _peer(pg, dst, group_dst, "dst")
    source = _Buffer(tensor)
    return Work([pg.comm.Isend(source.array, peer, tag)], keep=(source,), outputs=[tensor])


def _receive_from(pg, src, group_src):
    if src is None and group_src is None:
        return _mpi().ANY_SOURCE
    return _peer(pg, src, group_src, "src")


def recv(tensor, src=None, group=None, tag=0, group_src=None):
    """Receive into ``tensor`` from rank ``src`` (any rank when None); returns the sender."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    MPI = _mpi()
    target = _Buffer(tensor)
    status = MPI.Status()
    pg.comm.Recv(target.array, _receive_from(pg, src, group_src), tag, status)
    target.write_back()
    sender = status.Get_source()
    return pg._global_ranks[sender]


def irecv(tensor, src=None, group=None, tag=0, group_src=None):
    """Start receiving into ``tensor`` from rank ``src``; returns a Work."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    target = _Buffer(tensor)
    request = pg.comm.Irecv(target.array, _receive_from(pg, src, group_src), tag)
    return Work([request], target.write_back, (target,), [tensor])


# --- Python objects ---------------------------------------------------------------------------

def all_gather_object(object_list, obj, group=None):
    """Fill ``object_list[i]`` with rank i's picklable ``obj``."""
    pg = _group_of(group)
    object_list[:] = pg.comm.allgather(obj)


def broadcast_object_list(object_list, src=None, group=None, device=None, group_src=None):
    """Replace ``object_list``'s items with rank ``src``'s, on every rank."""
    pg = _group_of(group)
    root = _root(pg, src, group_src, "src")
    object_list[:] = pg.comm.bcast(list(object_list) if pg.rank() == root else None, root)
