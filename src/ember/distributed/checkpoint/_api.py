"""save and load of distributed checkpoints, in torch's directory format.

A checkpoint is a directory: ``.metadata`` (a pickle of ``metadata.Metadata`` under torch's class
names) and data files ``__<rank>_0.distcp``, each a run of torch-format archives, one per stored
piece (a tensor chunk, or any other value). Nested dicts are flattened to dotted keys. ember's
ranks hold whole tensors, so rank 0 writes every piece and the metadata; loading reads the
pieces a checkpoint has, whole or in chunks (as torch writes sharded tensors), into the tensors
of the given state dict, in place.
"""
from __future__ import annotations

import io
import os
import pickle
import traceback
import uuid
import warnings
from typing import ClassVar

from ..._tensor import Tensor
from ...serialization import _zipformat
from ...serialization._atomic import atomic_write
from . import filesystem, metadata as M
from .stateful import Stateful

_DATA_FILE = "__0_0.distcp"
_METADATA_FILE = ".metadata"
_TORCH_NAMES = {M.Metadata: "torch.distributed.checkpoint.metadata",
                M.TensorStorageMetadata: "torch.distributed.checkpoint.metadata",
                M.ChunkStorageMetadata: "torch.distributed.checkpoint.metadata",
                M.BytesStorageMetadata: "torch.distributed.checkpoint.metadata",
                M.MetadataIndex: "torch.distributed.checkpoint.metadata",
                M.StorageMeta: "torch.distributed.checkpoint.metadata",
                M.TensorProperties: "torch.distributed.checkpoint.metadata",
                filesystem._StorageInfo: "torch.distributed.checkpoint.filesystem"}


class CheckpointException(BaseException):
    """Raised when a rank failed while saving or loading; ``failures`` maps each failed rank to
    its exception and the stack it was raised in. (A BaseException, as torch's.)"""

    def __init__(self, msg, failures):
        super().__init__(msg, failures)
        self._failures = failures

    @property
    def failures(self):
        return self._failures

    def __str__(self):
        lines = [f"CheckpointException ranks:{self._failures.keys()}\n"]
        for rank, (error, stack) in self._failures.items():
            lines.append(f"Traceback (most recent call last): (RANK {rank})\n")
            if stack is not None:
                lines.extend(traceback.format_list(stack))
            lines.extend(traceback.format_exception_only(type(error), error))
        return "".join(lines)


def _failed(step, rank, error):
    """torch's report of a rank's failure in a checkpoint step, raised from ``error``."""
    try:
        raise error
    except BaseException as raised:
        stack = traceback.extract_tb(raised.__traceback__)
        return CheckpointException(step, {rank: (raised, stack)})


class DefaultSavePlanner:
    """How ``save`` lays out the state dict (ember flattens nested dicts and lets rank 0 write
    every piece; the options are accepted for torch's scripts)."""

    def __init__(self, flatten_state_dict=True, flatten_sharded_tensors=True,
                 dedup_replicated_tensors=None, dedup_save_to_lowest_rank=False,
                 enable_plan_caching=False):
        self.flatten_state_dict = flatten_state_dict
        self.flatten_sharded_tensors = flatten_sharded_tensors
        self.dedup_save_to_lowest_rank = dedup_save_to_lowest_rank


class DefaultLoadPlanner:
    """How ``load`` reads; ``allow_partial_load=True`` skips keys the checkpoint lacks."""

    def __init__(self, flatten_state_dict=True, flatten_sharded_tensors=True,
                 allow_partial_load=False):
        self.flatten_state_dict = flatten_state_dict
        self.flatten_sharded_tensors = flatten_sharded_tensors
        self.allow_partial_load = allow_partial_load


def _single_process_warning(what, process_group, no_dist):
    from .. import distributed_c10d as c10d
    if not c10d.is_initialized():
        warnings.warn(f"torch.distributed is disabled, unavailable or uninitialized, assuming "
                      f"the intent is to {what} in a single process.", stacklevel=3)


# -- the metadata pickle ------------------------------------------------------------------------
def _save_dataclass(pickler, obj):
    """NEWOBJ of torch's class by name, then the object's state, as pickle writes a dataclass."""
    pickler.save(_zipformat._global(_TORCH_NAMES[type(obj)], type(obj).__name__))
    pickler.write(pickle.EMPTY_TUPLE + pickle.NEWOBJ)
    pickler.memoize(obj)
    if type(obj) is M.TensorProperties:
        state = (obj.dtype, _Reduced(("torch.serialization", "_get_layout"), ("torch.strided",)),
                 obj.requires_grad,
                 _Reduced(("torch.distributed.checkpoint.metadata", "_MEM_FORMAT_ENCODING"),
                          (0,)), obj.pin_memory)
    else:
        state = dict(obj.__dict__)
    pickler.save(state)
    pickler.write(pickle.BUILD)


class _Reduced:
    """A call of a torch global by name with arguments, written as pickle's REDUCE."""

    def __init__(self, name, args):
        self.name, self.args = name, args


def _save_reduced(pickler, obj):
    pickler.save(_zipformat._global(*obj.name))
    pickler.save(obj.args)
    pickler.write(pickle.REDUCE)


class _MetadataPickler(_zipformat._TorchPickler):
    dispatch: ClassVar[dict] = dict(_zipformat._TorchPickler.dispatch)
    for _kind in _TORCH_NAMES:
        dispatch[_kind] = _save_dataclass
    dispatch[_Reduced] = _save_reduced


class _MetadataUnpickler(pickle.Unpickler):
    """Reads ``.metadata`` with ember's classes for torch's, refusing any other global."""

    def find_class(self, module, name):
        if module in ("torch.distributed.checkpoint.metadata",
                      "torch.distributed.checkpoint.filesystem"):
            found = getattr(M, name, None) or getattr(filesystem, name, None)
            if found is not None:
                return found
        if (module, name) == ("torch.serialization", "_get_layout"):
            return _layout
        if module == "torch":
            found = _zipformat.torch_global(module, name, None)
            if found is not None:
                return found
        if module == "pathlib" and name in ("PosixPath", "WindowsPath", "Path"):
            import pathlib
            return pathlib.Path
        raise pickle.UnpicklingError(f"a checkpoint's metadata may not name {module}.{name}")


def _layout(text):
    """ember's layout object for torch's name of it (``"torch.strided"``)."""
    import ember
    layout = getattr(ember, text.rsplit(".", 1)[-1], None)
    if layout is None:
        raise pickle.UnpicklingError(f"unknown layout {text}")
    return layout


# -- flattening ---------------------------------------------------------------------------------
def _flatten(state_dict):
    """{dotted key: leaf} and {dotted key: path of keys} for nested dicts."""
    flat, paths = {}, {}

    def visit(value, path):
        if isinstance(value, dict) and value:
            for key, item in value.items():
                visit(item, path + (key,))
        else:
            fqn = ".".join(str(p) for p in path)
            flat[fqn], paths[fqn] = value, path
    for key, value in state_dict.items():
        visit(value, (key,))
    return flat, paths


def _resolve_stateful(state_dict):
    """The state dict with each Stateful value replaced by its ``state_dict()``."""
    return {key: value.state_dict() if _is_stateful(value) else value
            for key, value in state_dict.items()}


def _is_stateful(value):
    return not isinstance(value, (Tensor, dict)) and isinstance(value, Stateful)


def _path_of(checkpoint_id, storage, what):
    if checkpoint_id is not None:
        return os.fspath(checkpoint_id)
    if storage is not None:
        return storage.path
    raise RuntimeError(f"`checkpoint_id` must be specificed if {what} is None.")


def _rank(process_group, no_dist):
    """(this rank, whether the call runs on several processes)."""
    from .. import distributed_c10d as c10d
    if no_dist or not c10d.is_initialized():
        return 0, False
    return c10d.get_rank(process_group), True


def _archive(value):
    buffer = io.BytesIO()
    from ... import save as ember_save
    ember_save(value, buffer)
    return buffer.getvalue()


# -- save and load ------------------------------------------------------------------------------
def save(state_dict, *, checkpoint_id=None, storage_writer=None, planner=None,
         process_group=None, no_dist=False, use_collectives=True):
    """Write ``state_dict`` (nested dicts of tensors and other values; Stateful objects give
    their ``state_dict()``) as a checkpoint directory; every rank calls it.

    Returns the checkpoint's Metadata.
    """
    from ... import Size
    from ..._memory_format import contiguous_format
    path = _path_of(checkpoint_id, storage_writer, "storage_writer")
    _single_process_warning("save", process_group, no_dist)
    rank, distributed = _rank(process_group, no_dist)
    flat, paths = _flatten(_resolve_stateful(state_dict))
    described, located = {}, {}
    meta = None
    if rank == 0:
        os.makedirs(path, exist_ok=True)
        offset = 0
        with open(os.path.join(path, _DATA_FILE), "wb") as data:
            for fqn, value in flat.items():
                if isinstance(value, Tensor):
                    blob = _archive(value.detach().contiguous())
                    zeros = Size([0] * value.dim())
                    described[fqn] = M.TensorStorageMetadata(
                        M.TensorProperties(value.dtype, None, value.requires_grad,
                                           contiguous_format, False),
                        Size(value.shape), [M.ChunkStorageMetadata(zeros, Size(value.shape))])
                    key = M.MetadataIndex(fqn, zeros, 0)
                else:
                    blob = _archive(value)
                    described[fqn] = M.BytesStorageMetadata()
                    key = M.MetadataIndex(fqn)
                data.write(blob)
                located[key] = filesystem._StorageInfo(_DATA_FILE, offset, len(blob))
                offset += len(blob)
        meta = M.Metadata(described, planner_data=paths, storage_data=located,
                          storage_meta=M.StorageMeta(checkpoint_id=path,
                                                     save_id=str(uuid.uuid4())),
                          version="1.0.0")
        buffer = io.BytesIO()
        _MetadataPickler(buffer, 4).dump(meta)
        atomic_write(os.path.join(path, _METADATA_FILE), lambda handle: handle.write(
            buffer.getvalue()), buffer.tell())
    if distributed:
        # the other ranks return once rank 0 has written everything, with its metadata
        from .. import distributed_c10d as c10d
        box = [meta]
        c10d.broadcast_object_list(box, src=0, group=process_group)
        meta = box[0]
    return meta


def _read_metadata(path):
    with open(os.path.join(path, _METADATA_FILE), "rb") as handle:
        return _MetadataUnpickler(handle).load()


def _read_piece(path, info):
    from ... import load as ember_load
    with open(os.path.join(path, info.relative_path), "rb") as handle:
        handle.seek(info.offset)
        raw = handle.read(info.length)
    return ember_load(io.BytesIO(raw), weights_only=True)


def load(state_dict, *, checkpoint_id=None, storage_reader=None, planner=None,
         process_group=None, no_dist=False):
    """Read a checkpoint into ``state_dict`` in place: its tensors are overwritten, other values
    replaced, Stateful objects given ``load_state_dict``. Keys the checkpoint has but the state
    dict lacks are left out; a key the checkpoint lacks raises."""
    path = _path_of(checkpoint_id, storage_reader, "storage_reader")
    _single_process_warning("load", process_group, no_dist)
    meta = _read_metadata(path)
    partial = getattr(planner, "allow_partial_load", False)
    resolved = _resolve_stateful(state_dict)
    flat, paths = _flatten(resolved)
    from ...autograd import grad_mode
    for fqn, value in flat.items():
        described = meta.state_dict_metadata.get(fqn)
        if described is None:
            if partial:
                continue
            raise _failed("plan", _rank(process_group, no_dist)[0],
                          RuntimeError(f"Missing key in checkpoint state_dict: {fqn}."))
        if isinstance(value, Tensor):
            if not isinstance(described, M.TensorStorageMetadata):
                raise RuntimeError(f"{fqn} is a tensor here but not in the checkpoint")
            if tuple(described.size) != tuple(value.shape):
                raise ValueError(f"Size mismatch between saved {described.size} and current: "
                                 f"{value.size()} for {fqn}")
            with grad_mode.no_grad():
                for index, chunk in enumerate(described.chunks):
                    info = _find(meta.storage_data, fqn, chunk.offsets, index)
                    piece = _read_piece(path, info)
                    where = tuple(slice(o, o + s) for o, s in zip(chunk.offsets, chunk.sizes))
                    value[where].copy_(piece.reshape(tuple(chunk.sizes)))
        else:
            loaded = _read_piece(path, meta.storage_data[M.MetadataIndex(fqn)])
            target = resolved
            for key in paths[fqn][:-1]:
                target = target[key]
            target[paths[fqn][-1]] = loaded
    for key, value in state_dict.items():
        if _is_stateful(value):
            value.load_state_dict(resolved[key])
        elif isinstance(value, dict) and resolved[key] is not value:
            value.update(resolved[key])
        else:
            state_dict[key] = resolved[key]


def _find(storage_data, fqn, offsets, index):
    from ... import Size
    info = storage_data.get(M.MetadataIndex(fqn, Size(offsets), index))
    if info is None:
        raise RuntimeError(f"the checkpoint has no data for {fqn} at {list(offsets)}")
    return info


def save_state_dict(state_dict, storage_writer, process_group=None, coordinator_rank=0,
                    no_dist=False, planner=None):
    """``save`` under its old name (deprecated, as in torch)."""
    warnings.warn("`save_state_dict` is deprecated and will be removed in future versions.Please "
                  "use `save` instead.", FutureWarning, stacklevel=2)
    return save(state_dict, storage_writer=storage_writer, process_group=process_group,
                no_dist=no_dist, planner=planner)


def load_state_dict(state_dict, storage_reader, process_group=None, coordinator_rank=0,
                    no_dist=False, planner=None):
    """``load`` under its old name (deprecated, as in torch)."""
    warnings.warn("`load_state_dict` is deprecated and will be removed in future versions. "
                  "Please use `load` instead.", FutureWarning, stacklevel=2)
    return load(state_dict, storage_reader=storage_reader, process_group=process_group,
                no_dist=no_dist, planner=planner)


def async_save(state_dict, *, checkpoint_id=None, storage_writer=None, planner=None,
               process_group=None, async_checkpointer_type=None, async_stager=None,
               no_dist=False, use_collectives=True):
    """``save`` run to completion, returned as a finished Future (ember saves synchronously)."""
    from concurrent.futures import Future
    future = Future()
    future.set_result(save(state_dict, checkpoint_id=checkpoint_id,
                           storage_writer=storage_writer, process_group=process_group,
                           no_dist=no_dist))
    return future
