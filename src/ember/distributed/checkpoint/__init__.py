"""ember.distributed.checkpoint: torch's distributed checkpoints (``save``/``load`` of a
directory in torch's format) and the state-dict helpers of wrapped models (``state_dict``)."""
from __future__ import annotations

from ._api import CheckpointException, async_save, load, save
from .filesystem import FileSystemReader, FileSystemWriter
from .metadata import (BytesStorageMetadata, ChunkStorageMetadata, Metadata, MetadataIndex,
                       TensorStorageMetadata)
from .stateful import Stateful

__all__ = ["BytesStorageMetadata", "CheckpointException", "ChunkStorageMetadata",
           "FileSystemReader", "FileSystemWriter", "Metadata", "MetadataIndex", "Stateful",
           "TensorStorageMetadata", "async_save", "load", "save"]
