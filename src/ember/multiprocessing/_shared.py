"""Tensor storage in shared memory, and the pickling that sends it between processes.

``share_memory_`` copies a CPU tensor's memory into a ``MAP_SHARED`` mapping and re-points the
tensor, its base and its tracked views at it. Children started by ``fork`` inherit the mapping.

- ``file_descriptor`` strategy (the default): the mapping is of an anonymous memory file
  (Linux ``memfd_create``) whose descriptor other processes receive through multiprocessing's
  pickler. It has no name, and the kernel frees it when the last process unmaps it, so nothing
  can leak.
- ``file_system`` strategy: the mapping is of a named file in /dev/shm (the temporary directory
  where there is none) that other processes open by its path, for systems that limit open
  descriptors. The process that made a file removes it when it exits normally; processes that
  opened it keep the memory until they unmap it. A process killed first leaves its files behind
  (PyTorch's file_system strategy has the same weakness).
"""
from __future__ import annotations

import atexit
import mmap
import os
import tempfile
import weakref

import numpy as np

from .. import _backend

_strategy = ["file_descriptor"]
ALL_STRATEGIES = ("file_descriptor", "file_system")


class _Mapping(mmap.mmap):
    """A shared mapping of a memory file; it keeps the descriptor open for re-sending and
    closes it when the mapping is freed."""


def _map(fd, size):
    mapping = _Mapping(fd, size)
    mapping.fd = fd
    mapping.path = None
    mapping.address = np.frombuffer(mapping, np.uint8).ctypes.data
    weakref.finalize(mapping, os.close, fd)
    return mapping


def _new_mapping(nbytes):
    """A fresh shared mapping of at least one byte, of the kind the strategy needs."""
    size = max(int(nbytes), 1)
    path = None
    if _strategy[0] == "file_system":
        # The creator's pid in the name tells whose segment a stray file was.
        fd, path = tempfile.mkstemp(prefix=f"ember_shm_{os.getpid()}_", dir=_shm_directory())
        _made_here.add(path)
    else:
        fd = os.memfd_create("ember-shared", os.MFD_CLOEXEC)
    os.ftruncate(fd, size)
    mapping = _map(fd, size)
    mapping.path = path
    return mapping


def _shm_directory():
    return "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


# Named files this process made, removed when it exits (a forked child inherits the set but
# not the ownership: only the process that made them removes them).
_made_here = set()
_maker = os.getpid()


def _remove_files_made_here():
    if os.getpid() != _maker:
        return
    for path in list(_made_here):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    _made_here.clear()


atexit.register(_remove_files_made_here)


def _after_fork_in_child():
    global _maker
    _made_here.clear()
    _maker = os.getpid()


os.register_at_fork(after_in_child=_after_fork_in_child)


def mapping_of(array):
    """The shared mapping under ``array``, or None when its memory is private."""
    owner = array
    while isinstance(owner, np.ndarray):
        owner = owner.base
    return owner if isinstance(owner, _Mapping) else None


def is_shared(tensor):
    if not tensor.is_cpu:
        return True
    return mapping_of(tensor._data) is not None


def _related(tensor):
    """The tensor, its base and the base's live tracked views: all that share its memory."""
    from .._tensor import _storage_root
    base = _storage_root(tensor)
    related = [base, tensor]
    for ref in base.__dict__.get("_views", ()):
        view = ref()
        if view is not None and np.may_share_memory(view._data, base._data):
            related.append(view)
    unique = {id(t): t for t in related}
    return list(unique.values())


def share_memory_(tensor):
    """Move ``tensor``'s memory (and that of the tensors viewing it) into shared memory."""
    if is_shared(tensor):
        return tensor
    return _move_to_new_mapping(tensor)


def _move_to_new_mapping(tensor):
    related = _related(tensor)
    bounds = [_backend.byte_bounds(t._data) for t in related]
    low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
    mapping = _new_mapping(high - low)
    moved = []
    for t in related:
        old = t._data
        start = old.ctypes.data - low
        new = np.ndarray(old.shape, old.dtype, buffer=mapping, offset=start,
                         strides=old.strides)
        new[...] = old
        moved.append((t, new))
    for t, new in moved:
        t._data = new
    return tensor


def _refuse_non_leaf(tensor):
    if tensor.requires_grad and not tensor.is_leaf:
        raise RuntimeError(
            "Cowardly refusing to serialize non-leaf tensor which requires_grad, since autograd "
            "does not support crossing process boundaries.  If you just want to transfer the "
            "data, call detach() on the tensor before serializing (e.g., putting it on the "
            "queue).")


def _handle(mapping):
    if _strategy[0] == "file_system":
        return mapping.path
    from multiprocessing import reduction
    return reduction.DupFd(mapping.fd)


def _open(handle, size):
    fd = os.open(handle, os.O_RDWR | os.O_CLOEXEC) if isinstance(handle, str) \
        else handle.detach()
    mapping = _map(fd, size)
    if isinstance(handle, str):
        mapping.path = handle
    return mapping


def _layout(tensor):
    share_memory_(tensor)
    mapping = mapping_of(tensor._data)
    if _strategy[0] == "file_system" and mapping.path is None:
        # Shared before the strategy changed: move it to a file other processes can open.
        _move_to_new_mapping(tensor)
        mapping = mapping_of(tensor._data)
    array = tensor._data
    offset = array.ctypes.data - mapping.address
    return (_handle(mapping), len(mapping), array.dtype.str, array.shape, array.strides, offset)


def _rebuild_array(handle, size, dtype, shape, strides, offset):
    return np.ndarray(shape, np.dtype(dtype), buffer=_open(handle, size), offset=offset,
                      strides=strides)


def reduce_tensor(tensor):
    """Pickle a tensor for another process as a window on shared memory (moving it there
    first, as torch does)."""
    from .._tensor import Tensor
    _refuse_non_leaf(tensor)
    if not tensor.is_cpu:
        return Tensor.__reduce_ex__(tensor, 2)
    return rebuild_tensor, (_layout(tensor), tensor.requires_grad)


def rebuild_tensor(layout, requires_grad):
    from .._tensor import Tensor
    out = Tensor._make(_rebuild_array(*layout))
    out._requires_grad = requires_grad
    return out


def reduce_parameter(param):
    _refuse_non_leaf(param)
    if not param.is_cpu:
        return param.__reduce_ex__(2)
    return rebuild_parameter, (_layout(param), param.requires_grad)


def rebuild_parameter(layout, requires_grad):
    from ..nn.parameter import Parameter
    return Parameter(rebuild_tensor(layout, False), requires_grad)


def register_reductions():
    """Make multiprocessing's pickler send ember tensors through shared memory."""
    from multiprocessing.reduction import ForkingPickler

    from .._tensor import Tensor
    from ..nn.parameter import Parameter
    ForkingPickler.register(Tensor, reduce_tensor)
    ForkingPickler.register(Parameter, reduce_parameter)
