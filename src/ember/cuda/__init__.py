"""ember.cuda: the CUDA device, through CuPy when it is installed and a GPU is present.

On a machine without CuPy or without a GPU, ``is_available()`` is False and every call that
needs a device raises AssertionError, as PyTorch does when it was built without CUDA.
"""
from __future__ import annotations

from .streams import (Event, Stream, StreamContext, current_stream, default_stream, set_stream,
                      stream)


def _cupy():
    try:
        import cupy
        return cupy
    except ImportError:
        return None


def is_available():
    """True when CuPy is installed and sees at least one GPU."""
    cp = _cupy()
    if cp is None:
        return False
    try:
        return cp.cuda.runtime.getDeviceCount() > 0
    except Exception:  # CuPy present but no driver/GPU
        return False


def _require():
    if not is_available():
        raise AssertionError("ember has no CUDA device here: it needs CuPy (pip install "
                             "-e '.[gpu]' from a checkout of ember) and an NVIDIA GPU with its "
                             "driver")
    return _cupy()


def device_count():
    return _cupy().cuda.runtime.getDeviceCount() if is_available() else 0


def current_device():
    return _require().cuda.runtime.getDevice()


def set_device(device):
    from .._device import as_device
    index = device if isinstance(device, int) else (as_device(device).index or 0)
    _require().cuda.runtime.setDevice(index)


def get_device_name(device=None):
    cp = _require()
    index = 0 if device is None else (device if isinstance(device, int) else device.index or 0)
    return cp.cuda.runtime.getDeviceProperties(index)["name"].decode()


def synchronize(device=None):
    _require().cuda.Device().synchronize()


def is_bf16_supported(including_emulation=True):
    """True when a GPU is present whose compute capability (8.0+) has native bfloat16."""
    if not is_available():
        return False
    major = int(_cupy().cuda.Device().compute_capability[:-1])
    return major >= 8 or bool(including_emulation)


def __getattr__(name):
    if name == "amp":  # loaded on first use: it pulls in the GradScaler
        import importlib
        return importlib.import_module(f"{__name__}.amp")
    from .._legacy import CUDA_TYPES
    if name in CUDA_TYPES:
        return CUDA_TYPES[name]
    raise AttributeError(f"module 'ember.cuda' has no attribute '{name}'")


def manual_seed(seed):
    """Seed the GPU generator (a no-op without a GPU, as in PyTorch)."""
    if is_available():
        _cupy().random.seed(int(seed))


manual_seed_all = manual_seed


def memory_allocated(device=None):
    return _require().get_default_memory_pool().used_bytes()


def max_memory_allocated(device=None):
    return _require().get_default_memory_pool().total_bytes()


def empty_cache():
    if is_available():
        _cupy().get_default_memory_pool().free_all_blocks()
