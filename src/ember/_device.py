"""Devices: ``ember.device`` and the default device; their arrays come from ``_backend``."""
from __future__ import annotations

import numpy as np


class device:
    """Where a tensor's data lives: ``device('cpu')``, ``device('cuda', 0)``, ``'cuda:1'``."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int):
            type, index = "cuda", type
        if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
            raise TypeError(f"device(): argument 'index' (position 2) must be int, not "
                            f"{index.__class__.__name__}")
        if ":" in type:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type not in ("cpu", "cuda", "meta"):
            raise RuntimeError(
                "Expected one of cpu, cuda, meta device type at start of device string: " + type)
        self.type, self.index = type, index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self):
        """``with ember.device("meta"):`` makes factories create on this device inside."""
        _device_stack.append(_default_device[0])
        _default_device[0] = self
        return self

    def __exit__(self, *exc):
        _default_device[0] = _device_stack.pop()


CPU = device("cpu")
META = device("meta")
_default_device = [CPU]  # set by ember.set_default_device: where factories create tensors
_device_stack = []  # the defaults that ``with device(...)`` blocks replaced


def as_device(d):
    if d is None:
        return _default_device[0]
    if isinstance(d, device):
        return d
    return device(d)


def _cupy():
    from ._backend import _cupy
    return _cupy()


def xp_for(dev):
    """The array module (numpy, cupy or the stand-in) for a device."""
    if dev.type == "cuda":
        from ._backend import namespace
        return namespace(dev)
    if dev.type == "meta":
        from ._backend_meta import NAMESPACE
        return NAMESPACE
    return np


def device_of(array):
    """The device an array lives on: NumPy arrays are on the CPU, others on their CUDA index."""
    if isinstance(array, np.ndarray):
        return CPU
    if getattr(array, "_is_meta", False):
        return META
    dev = getattr(array, "device", None)
    return device("cuda", getattr(dev, "id", 0))


def get_array_module(array):
    from ._backend import namespace_of
    return namespace_of(array)


def _keep_freed_memory():
    """Let glibc keep up to 256 MiB of freed memory (blocks under 64 MiB) for reuse.

    Every NumPy op allocates its result fresh. With glibc's defaults a training step returns
    most of its memory to the OS when it ends and page-faults it back in during the next,
    which in a small CNN costs more than the arithmetic (46 -> 25 ms CPU per step of
    benchmarks/bench_cnn.py). Set EMBER_KEEP_FREED_MEMORY=0 to leave the allocator alone.
    """
    import ctypes
    import os
    import sys
    if not sys.platform.startswith("linux") or os.environ.get("EMBER_KEEP_FREED_MEMORY") == "0":
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 64 << 20)     # M_MMAP_THRESHOLD: larger blocks still go straight back
        libc.mallopt(-1, 256 << 20)    # M_TRIM_THRESHOLD: free heap kept before trimming
    except (OSError, AttributeError):  # not glibc
        pass


_keep_freed_memory()
