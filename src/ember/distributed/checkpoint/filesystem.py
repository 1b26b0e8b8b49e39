"""Where a distributed checkpoint lives on disk: a directory with ``.metadata`` and one
``__<rank>_0.distcp`` data file per writing rank, each a run of torch-format archives."""
from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["FileSystemReader", "FileSystemWriter", "StorageReader", "StorageWriter"]


@dataclass
class _StorageInfo:
    """Where one stored piece lies: its data file, byte offset and length."""

    relative_path: str
    offset: int
    length: int
    transform_descriptors: object = None


class StorageWriter:
    """Where ``save`` writes (subclassed by FileSystemWriter)."""


class StorageReader:
    """Where ``load`` reads (subclassed by FileSystemReader)."""


class FileSystemWriter(StorageWriter):
    """Writes a checkpoint into the directory ``path`` (made if missing)."""

    def __init__(self, path, single_file_per_rank=True, sync_files=True, thread_count=1,
                 per_thread_copy_ahead=10_000_000, cache_staged_state_dict=False,
                 overwrite=True, _extensions=None, serialization_format=None):
        self.path = os.fspath(path)
        self.sync_files = sync_files
        self.overwrite = overwrite


class FileSystemReader(StorageReader):
    """Reads a checkpoint from the directory ``path``."""

    def __init__(self, path, _extension_registry=None):
        self.path = os.fspath(path)
