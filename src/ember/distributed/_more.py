"""The rest of torch.distributed's process-group API: rank lookups, object collectives,
all-to-all, subgroups, debug levels and the availability questions, on ember's MPI groups."""
from __future__ import annotations

import contextlib
import enum
import os
import typing
import warnings

import numpy as np

from .._deprecated import _user_stacklevel
from . import distributed_c10d as _c10d
from .distributed_c10d import ReduceOp, _Buffer, _Done, _group_of, _root, _State

__all__ = [
    "DebugLevel",
    "GroupName",
    "all_gather_coalesced",
    "all_reduce_coalesced",
    "all_to_all",
    "all_to_all_single",
    "breakpoint",
    "gather_object",
    "get_debug_level",
    "get_default_backend_for_device",
    "get_global_rank",
    "get_group_rank",
    "get_node_local_rank",
    "get_pg_count",
    "get_process_group_ranks",
    "is_backend_available",
    "is_torchelastic_launched",
    "is_ucc_available",
    "is_xccl_available",
    "monitored_barrier",
    "new_subgroups",
    "new_subgroups_by_enumeration",
    "record_comm",
    "recv_object_list",
    "scatter_object_list",
    "send_object_list",
    "set_debug_level",
    "set_debug_level_from_env",
    "shrink_group",
    "split_group",
    "supports_complex",
]

GroupName = typing.NewType("GroupName", str)


class DebugLevel(enum.IntEnum):
    """How much the process groups check and log: OFF, INFO, or DETAIL (every collective's
    arguments compared across ranks)."""

    OFF = 0
    INFO = 1
    DETAIL = 2

    def __repr__(self):
        return f"<DebugLevel.{self.name}: {self.value}>"

    def __str__(self):
        return f"DebugLevel.{self.name}"


class _Debug:
    level = DebugLevel.OFF


def get_debug_level():
    """The debug level set by ``set_debug_level`` or ``TORCH_DISTRIBUTED_DEBUG``."""
    return _Debug.level


def set_debug_level(level):
    """Set the debug level (a DebugLevel)."""
    if not isinstance(level, DebugLevel):
        raise TypeError("set_debug_level(): incompatible function arguments. The following "
                        "argument types are supported:\n    1. (arg0: DebugLevel) -> None\n\n"
                        f"Invoked with: {level!r}")
    _Debug.level = level


def set_debug_level_from_env():
    """Set the debug level from ``TORCH_DISTRIBUTED_DEBUG`` (OFF, INFO or DETAIL; unset is
    OFF)."""
    value = os.environ.get("TORCH_DISTRIBUTED_DEBUG", "OFF").upper()
    if value not in DebugLevel.__members__:
        raise ValueError("The value of TORCH_DISTRIBUTED_DEBUG must be OFF, INFO, or DETAIL.")
    _Debug.level = DebugLevel[value]


def is_ucc_available():
    """False: ember carries no UCC backend (its collectives run over MPI)."""
    return False


def is_xccl_available():
    """False: ember carries no XCCL (Intel GPU) backend."""
    return False


def is_backend_available(backend):
    """Whether ``backend`` ("gloo", "mpi", "nccl", ...) can be used here."""
    checks = {"gloo": _c10d.is_gloo_available, "mpi": _c10d.is_mpi_available,
              "nccl": _c10d.is_nccl_available, "ucc": is_ucc_available,
              "xccl": is_xccl_available}
    check = checks.get(str(backend).lower())
    return bool(check and check())


def is_torchelastic_launched():
    """Whether this process was started by torchelastic (``torchrun``): it sets
    ``TORCHELASTIC_RUN_ID``."""
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def get_node_local_rank(fallback_rank=None):
    """This process's rank on its node: ``LOCAL_RANK`` from the launcher, else
    ``fallback_rank``."""
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError("LOCAL_RANK is not in the environment. Consider passing fallback_rank to "
                       "allow `get_node_local_rank` to work, assuming you are not running in a "
                       "multi-device context and want the code to run locally instead.")


def supports_complex(reduceOp):
    """Whether a reduction is defined on complex tensors (not for MAX, MIN, PRODUCT and the
    bitwise ops)."""
    return reduceOp not in (ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PRODUCT, ReduceOp.BAND,
                            ReduceOp.BOR, ReduceOp.BXOR)


def get_default_backend_for_device(device):
    """The backend a device's tensors use by default: "gloo" for cpu, "nccl" for cuda."""
    kind = device if isinstance(device, str) else device.type
    kind = kind.split(":")[0]
    backends = {"cpu": "gloo", "cuda": "nccl"}
    if kind not in backends:
        raise ValueError(f"Default backend not registered for device : {device}")
    return backends[kind]


def get_pg_count():
    """How many process groups exist: the default one and those made since it."""
    return _c10d.ProcessGroup._count if _State.world is not None else 0


def get_process_group_ranks(group):
    """The global ranks of ``group``'s members, in group-rank order."""
    return list(_group_of(group)._global_ranks)


def get_global_rank(group, group_rank):
    """The global rank of ``group``'s member number ``group_rank``."""
    pg = _group_of(group)
    if not 0 <= group_rank < len(pg._global_ranks):
        raise ValueError(f"Group rank {group_rank} is not part of group {pg}")
    return pg._global_ranks[group_rank]


def get_group_rank(group, global_rank):
    """``global_rank``'s number within ``group``."""
    pg = _group_of(group)
    if global_rank not in pg._group_rank_of:
        raise ValueError(f"Global rank {global_rank} is not part of group {pg}")
    return pg._group_rank_of[global_rank]


# --- Python objects ---------------------------------------------------------------------------

def gather_object(obj, object_gather_list=None, dst=None, group=None, group_dst=None):
    """Collect every rank's picklable ``obj`` into ``object_gather_list`` on rank ``dst``."""
    pg = _group_of(group)
    root = _root(pg, dst, group_dst, "dst")
    gathered = pg.comm.gather(obj, root)
    if pg.rank() == root:
        if object_gather_list is None:
            raise ValueError("Argument ``object_gather_list`` must be specified on destination "
                             "rank.")
        object_gather_list[:] = gathered


def scatter_object_list(scatter_object_output_list, scatter_object_input_list=None, src=None,
                        group=None, group_src=None):
    """Give rank i item i of rank ``src``'s ``scatter_object_input_list``, as
    ``scatter_object_output_list[0]``."""
    if not isinstance(scatter_object_output_list, list) or len(scatter_object_output_list) < 1:
        raise ValueError("Expected argument scatter_object_output_list to be a list of size at "
                         "least 1.")
    pg = _group_of(group)
    root = _root(pg, src, group_src, "src")
    items = list(scatter_object_input_list) if pg.rank() == root else None
    scatter_object_output_list[0] = pg.comm.scatter(items, root)


def send_object_list(object_list, dst=None, group=None, device=None, group_dst=None,
                     use_batch=False):
    """Send the picklable items of ``object_list`` to rank ``dst``."""
    pg = _group_of(group)
    peer = _root(pg, dst, group_dst, "dst")
    if peer == pg.rank():
        raise ValueError("Invalid destination rank: destination rank should not be the same as "
                         "the rank of the current process.")
    pg.comm.send(list(object_list), peer, tag=0)


def recv_object_list(object_list, src=None, group=None, device=None, group_src=None,
                     use_batch=False):
    """Fill ``object_list`` with the items rank ``src`` (any rank when None) sent; returns the
    sender's global rank."""
    pg = _group_of(group)
    MPI = _c10d._mpi()
    status = MPI.Status()
    peer = MPI.ANY_SOURCE if src is None and group_src is None else _root(pg, src, group_src,
                                                                          "src")
    received = pg.comm.recv(source=peer, tag=0, status=status)
    object_list[:len(received)] = received
    return pg._global_ranks[status.Get_source()]


# --- collectives --------------------------------------------------------------------------------

def monitored_barrier(group=None, timeout=None, wait_all_ranks=False):
    """A barrier (every rank of the group waits for the others)."""
    _c10d.barrier(group)


def _host_arrays(tensors):
    return [np.ascontiguousarray(_Buffer(t).array) for t in tensors]


def _store_into(tensor, array):
    buffer = _Buffer(tensor)
    buffer.array[...] = array.reshape(buffer.array.shape)
    buffer.write_back()
    if not buffer.staged and buffer.array is not tensor._data:
        tensor._data[...] = buffer.array


def all_to_all(output_tensor_list, input_tensor_list, group=None, async_op=False):
    """Rank i sends ``input_tensor_list[j]`` to rank j, which receives it as
    ``output_tensor_list[i]``."""
    pg = _group_of(group)
    for name, tensors in (("output_tensor_list", output_tensor_list),
                          ("input_tensor_list", input_tensor_list)):
        _c10d._check_tensor_list(tensors, name)
        if len(tensors) != pg.size():
            raise ValueError(f"{name} must hold one tensor per rank ({pg.size()}), got "
                             f"{len(tensors)}")
    received = pg.comm.alltoall(_host_arrays(input_tensor_list))
    for tensor, array in zip(output_tensor_list, received):
        if array.size != tensor.numel():
            raise RuntimeError(f"all_to_all: received {array.size} elements for an output of "
                               f"{tensor.numel()}")
        _store_into(tensor, array)
    return _Done(list(output_tensor_list)) if async_op else None


def _splits(sizes, total, ranks, name):
    if sizes is None or len(sizes) == 0:
        if total % ranks:
            raise RuntimeError(f"Tensor's dim 0 does not divide equally across group size: "
                               f"{total} rows for {ranks} ranks")
        return [total // ranks] * ranks
    sizes = [int(s) for s in sizes]
    if len(sizes) != ranks or sum(sizes) != total:
        raise RuntimeError(f"{name} must have one size per rank ({ranks}) summing to dim 0 "
                           f"({total}), got {sizes}")
    return sizes


def all_to_all_single(output, input, output_split_sizes=None, input_split_sizes=None,
                      group=None, async_op=False):
    """Split ``input`` along dim 0 into one piece per rank, send piece j to rank j, and write
    the pieces received (in rank order) into ``output``."""
    pg = _group_of(group)
    _c10d._check_tensor(output, "output")
    _c10d._check_tensor(input, "input")
    sent = _splits(input_split_sizes, input.shape[0] if input.dim() else 1, pg.size(),
                   "input_split_sizes")
    expected = _splits(output_split_sizes, output.shape[0] if output.dim() else 1, pg.size(),
                       "output_split_sizes")
    array = _host_arrays([input])[0].reshape((sum(sent), -1))
    pieces = np.split(array, np.cumsum(sent)[:-1])
    received = pg.comm.alltoall(pieces)
    for rank, (piece, rows) in enumerate(zip(received, expected)):
        if piece.shape[0] != rows:
            raise RuntimeError(f"all_to_all_single: rank {pg._global_ranks[rank]} sent "
                               f"{piece.shape[0]} rows where output_split_sizes expects {rows}")
    _store_into(output, np.concatenate(received) if received else array[:0])
    return _Done([output]) if async_op else None


def all_reduce_coalesced(tensors, op=ReduceOp.SUM, group=None, async_op=False):
    """``all_reduce`` of each tensor of the list."""
    warnings.warn("`ember.distributed.all_reduce_coalesced` will be deprecated. If you must use "
                  "it, please revisit our documentation later at https://pytorch.org/docs/main/"
                  "distributed.html#collective-functions",
                  FutureWarning, stacklevel=_user_stacklevel())
    for tensor in tensors:
        _c10d.all_reduce(tensor, op, group)
    return _Done(list(tensors)) if async_op else None


def all_gather_coalesced(output_tensor_lists, input_tensor_list, group=None, async_op=False):
    """``all_gather`` of each input tensor into the matching list of outputs."""
    warnings.warn("`ember.distributed.all_gather_coalesced` will be deprecated. If you must use "
                  "it, please revisit our documentation later at https://pytorch.org/docs/main/"
                  "distributed.html#collective-functions",
                  FutureWarning, stacklevel=_user_stacklevel())
    for outputs, tensor in zip(output_tensor_lists, input_tensor_list):
        _c10d.all_gather(outputs, tensor, group)
    return _Done([t for outputs in output_tensor_lists for t in outputs]) if async_op else None


# --- subgroups --------------------------------------------------------------------------------

def new_subgroups_by_enumeration(ranks_per_subgroup_list, timeout=None, backend=None,
                                 pg_options=None, group_desc=None):
    """One group per list of ranks (disjoint); returns (this rank's group, all of them)."""
    if not ranks_per_subgroup_list:
        raise ValueError("The arg 'ranks_per_subgroup_list' cannot be empty")
    mine, subgroups, seen = None, [], set()
    me = _c10d.get_rank()
    for ranks in ranks_per_subgroup_list:
        for rank in ranks:
            if rank in seen:
                first = next(r for r in ranks_per_subgroup_list if rank in r)
                raise ValueError(f"Rank {rank} has appeared in both subgroup {first} and "
                                 f"{ranks}")
            seen.add(rank)
        subgroup = _c10d.new_group(ranks, timeout=timeout, backend=backend,
                                   pg_options=pg_options)
        subgroups.append(subgroup)
        if me in ranks:
            mine = subgroup
    return mine, subgroups


def new_subgroups(group_size=None, group=None, timeout=None, backend=None, pg_options=None,
                  group_desc=None):
    """Split the world into consecutive groups of ``group_size`` ranks; returns (this rank's
    group, all of them)."""
    world = _c10d.get_world_size()
    if group_size is None:
        from .. import cuda
        if not cuda.is_available():
            raise ValueError("Default group size only takes effect when CUDA is available.If "
                             "your subgroup using a backend that does not depend on CUDA,please "
                             "pass in 'group_size' correctly.")
        group_size = cuda.device_count()
    if group_size <= 0:
        raise ValueError(f"The arg 'group_size' ({group_size}) must be positive")
    if group_size > world:
        raise ValueError(f"The arg 'group_size' ({group_size}) must not exceed the world size "
                         f"({world})")
    if world % group_size:
        raise ValueError(f"The world size ({world}) must be divisible by 'group_size' "
                         f"({group_size})")
    return new_subgroups_by_enumeration(
        [list(range(start, start + group_size)) for start in range(0, world, group_size)],
        timeout, backend, pg_options, group_desc)


def split_group(parent_pg=None, split_ranks=None, timeout=None, pg_options=None,
                group_desc=None):
    """Split ``parent_pg`` (the default group) into the disjoint ``split_ranks`` lists; returns
    this rank's new group, or None when it is in none."""
    if not split_ranks:
        raise ValueError("split_ranks cannot be None or empty")
    parent = _group_of(parent_pg)
    me = _c10d.get_rank()
    MPI = _c10d._mpi()
    color, key, members = MPI.UNDEFINED, 0, None
    for position, ranks in enumerate(split_ranks):
        if me in ranks:
            color, key, members = position, sorted(ranks).index(me), sorted(ranks)
    comm = parent.comm.Split(color, key)
    if members is None:
        return None
    return _c10d.ProcessGroup(comm, members)


def shrink_group(ranks_to_exclude, group=None, shrink_flags=0, pg_options=None):
    """A new group of ``group``'s members without ``ranks_to_exclude`` (group ranks); every
    remaining member must call it."""
    parent = _group_of(group)
    keep = [rank for position, rank in enumerate(parent._global_ranks)
            if position not in set(ranks_to_exclude)]
    me = parent.rank()
    MPI = _c10d._mpi()
    mine = me not in set(ranks_to_exclude)
    comm = parent.comm.Split(0 if mine else MPI.UNDEFINED, me)
    if not mine:
        raise ValueError(f"rank {parent._global_ranks[me]} is excluded from the shrunk group")
    return _c10d.ProcessGroup(comm, keep)


# --- debugging --------------------------------------------------------------------------------

def breakpoint(rank=0, skip=0, timeout_s=3600):
    """Stop rank ``rank`` in the Python debugger while the others wait at a barrier."""
    if _c10d.get_rank() == rank:
        import pdb  # noqa: T100 - stopping in the debugger is what this function is for
        pdb.Pdb(skip=[f"*{__name__}*"] if skip else None).set_trace()
    _c10d.barrier()


@contextlib.contextmanager
def record_comm(name):
    """Name the collectives issued inside for profiling (ember's profiler sees them by their
    own names, so the name is kept and not otherwise used)."""
    previous, _Debug.comm_name = getattr(_Debug, "comm_name", None), name
    try:
        yield
    finally:
        _Debug.comm_name = previous
