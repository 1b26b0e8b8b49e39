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


def memory_reserved(device_index=None, /):
    """Bytes the accelerator's caching allocator holds (allocated plus cached)."""
    _require()
    return _cuda.memory_reserved(device_index)


def max_memory_reserved(device_index=None, /):
    """The peak of ``memory_reserved`` since the start or the last reset."""
    _require()
    return _cuda.max_memory_reserved(device_index)


def memory_stats(device_index=None, /):
    """The accelerator allocator's statistics, as ``ember.cuda.memory_stats`` gives them."""
    _require()
    return _cuda.memory_stats(device_index)


def reset_peak_memory_stats(device_index=None, /):
    """Start the peak memory counters again from the current usage."""
    _require()
    _cuda.reset_peak_memory_stats(device_index)


def reset_accumulated_memory_stats(device_index=None, /):
    """Zero the allocator's accumulated counters (allocation and free counts)."""
    _require()
    _cuda.reset_accumulated_memory_stats(device_index)


def get_memory_info(device_index=None, /):
    """(free, total) bytes of the accelerator device's memory."""
    _require()
    return _cuda.mem_get_info(device_index)


def get_device_capability(device=None, /):
    """What the accelerator device supports: ``{"supported_dtypes": {the dtypes its tensors
    can hold}}``."""
    _require()
    from . import _dtype
    return {"supported_dtypes": {d for d in (_dtype.bool_, _dtype.uint8, _dtype.int8,
                                             _dtype.int16, _dtype.int32, _dtype.int64,
                                             _dtype.float16, _dtype.float32, _dtype.float64,
                                             _dtype.complex64, _dtype.complex128,
                                             _dtype.bfloat16) if d is not None}}


def empty_host_cache():
    """Release the pinned host memory cached for transfers to the accelerator."""
    _require()


def current_stream(device=None, /):
    """The stream work on the accelerator device is queued on now."""
    _require()
    return _cuda.current_stream(device)


def set_stream(stream):
    """Make ``stream`` the current stream of its device."""
    _require()
    _cuda.set_stream(stream)


class Graph:
    """A captured sequence of accelerator work to replay (CUDA graphs); needs an accelerator."""

    def __init__(self, keep_graph=False, *, pool=None, capture_error_mode="default"):
        _require()
        raise RuntimeError("ember does not capture accelerator graphs: run the work eagerly, or "
                           "use ember.compile to replay a captured region")
