"""ember.accelerator: the device-agnostic view of the accelerator (CUDA through CuPy).

On a machine without a GPU (or without CuPy) there is no accelerator: ``is_available()`` is
False, ``current_accelerator()`` None, ``device_count()`` 0, and the calls that need a device
raise PyTorch's RuntimeError. With a GPU they forward to ``ember.cuda``.
"""
from __future__ import annotations

from . import cuda as _cuda
from ._device import device as _device_cls


def _require():
    if not _cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")


def is_available():
    """True when an accelerator (a CUDA GPU that CuPy sees) is present."""
    return _cuda.is_available()


def current_accelerator(check_available=False):
    """``device(type='cuda')`` when a GPU is present, else None."""
    return _device_cls("cuda") if _cuda.is_available() else None


def device_count():
    """The number of accelerator devices (0 without one)."""
    return _cuda.device_count()


def current_device_index():
    """The index of the current accelerator device."""
    _require()
    return _cuda.current_device()


current_device_idx = current_device_index


def _index(device):
    if isinstance(device, int):
        return device
    if isinstance(device, str):
        device = _device_cls(device)
    if device.type != "cuda":
        raise ValueError(f"{device} doesn't match the current accelerator cuda.")
    return device.index if device.index is not None else _cuda.current_device()


def set_device_index(device):
    """Make ``device`` (an index, 'cuda:N' or a device) the current accelerator device."""
    _require()
    _cuda.set_device(_index(device))


set_device_idx = set_device_index


def synchronize(device=None):
    """Wait for all work queued on the accelerator device to finish."""
    _require()
    _cuda.synchronize(device)


class device_index:
    """Make ``device`` current inside a ``with`` block (None: leave it as it is)."""

    def __init__(self, device):
        self.idx = device
        self.prev = None

    def __enter__(self):
        if self.idx is not None:
            _require()
            self.prev = _cuda.current_device()
            _cuda.set_device(self.idx)

    def __exit__(self, *exc):
        if self.prev is not None:
            _cuda.set_device(self.prev)


def empty_cache():
    """Release the accelerator's cached memory."""
    _require()
    _cuda.empty_cache()


def memory_allocated(device_index=None):
    _require()
    return _cuda.memory_allocated(device_index)


def max_memory_allocated(device_index=None):
    _require()
    return _cuda.max_memory_allocated(device_index)
