"""What a distributed checkpoint's ``.metadata`` file records: for every flattened key, whether
it is a tensor (its dtype, size and the chunks it was written in) or a pickled object, and where
in the data files each piece lies. The classes carry torch's names and fields, so the file
reads in torch and torch's reads here."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["BytesStorageMetadata", "ChunkStorageMetadata", "Metadata", "MetadataIndex",
           "StorageMeta", "TensorProperties", "TensorStorageMetadata"]


class _MEM_FORMAT_ENCODING(enum.Enum):  # noqa: N801 (torch's name)
    TORCH_CONTIGUOUS_FORMAT = 0
    TORCH_CHANNELS_LAST = 1
    TORCH_PRESERVE_FORMAT = 2


@dataclass
class ChunkStorageMetadata:
    """One written piece of a tensor: where it starts and its size."""

    offsets: object
    sizes: object


@dataclass
class TensorProperties:
    dtype: object = None
    layout: object = None
    requires_grad: bool = False
    memory_format: object = None
    pin_memory: bool = False

    def __getstate__(self):
        return (self.dtype, self.layout, self.requires_grad,
                _MEM_FORMAT_ENCODING.TORCH_CONTIGUOUS_FORMAT, self.pin_memory)

    def __setstate__(self, state):
        self.dtype, self.layout, self.requires_grad, _, self.pin_memory = state
        from ..._memory_format import contiguous_format
        self.memory_format = contiguous_format


@dataclass
class TensorStorageMetadata:
    properties: TensorProperties
    size: object
    chunks: list


@dataclass
class BytesStorageMetadata:
    pass


@dataclass(frozen=True)
class MetadataIndex:
    """The key of one stored piece: the flattened name, the chunk's offsets and its index."""

    fqn: str
    offset: object = None
    index: object = field(hash=False, compare=False, default=None)


@dataclass
class StorageMeta:
    checkpoint_id: object = None
    save_id: object = None
    load_id: object = None
    modules: list = field(default_factory=list)


@dataclass
class Metadata:
    state_dict_metadata: dict
    planner_data: object = None
    storage_data: object = None
    storage_meta: object = None
    version: object = None
