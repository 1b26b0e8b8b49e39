"""ember.distributed.checkpoint: torch's distributed checkpoints (``save``/``load`` of a
directory in torch's format) and the state-dict helpers of wrapped models (``state_dict``)."""
from __future__ import annotations

from ._api import (CheckpointException, DefaultLoadPlanner, DefaultSavePlanner, async_save, load,
                   load_state_dict, save, save_state_dict)
from .filesystem import FileSystemReader, FileSystemWriter, StorageReader, StorageWriter
from .metadata import (BytesStorageMetadata, ChunkStorageMetadata, Metadata, MetadataIndex,
                       TensorStorageMetadata)
from .stateful import Stateful

__all__ = ["BytesStorageMetadata", "CheckpointException", "ChunkStorageMetadata",
           "DefaultLoadPlanner", "DefaultSavePlanner", "FileSystemReader", "FileSystemWriter",
           "Metadata", "MetadataIndex", "Stateful", "StorageReader", "StorageWriter",
           "TensorStorageMetadata", "async_save", "load", "load_state_dict", "save",
           "save_state_dict"]
