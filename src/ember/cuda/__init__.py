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


def _standin():
    from .._backend import STANDIN_DEVICES
    return STANDIN_DEVICES


def is_available():
    """True when a CUDA device can be used: CuPy sees a GPU, or the stand-in is selected."""
    from .._backend import cuda_device_count
    return cuda_device_count() > 0


def _require():
    if not is_available():
        raise AssertionError("ember has no CUDA device here: it needs CuPy (pip install "
                             "-e '.[gpu]' from a checkout of ember) and an NVIDIA GPU with its "
                             "driver")
    return _cupy()


def device_count():
    """The number of CUDA devices (0 without a GPU)."""
    from .._backend import cuda_device_count
    return cuda_device_count()


_CURRENT = [0]  # the stand-in's current device


def current_device():
    """The index of the current CUDA device."""
    cp = _require()
    return _CURRENT[0] if _standin() else cp.cuda.runtime.getDevice()


def _checked_index(device):
    from .._backend import check_index
    from .._device import as_device
    index = device if isinstance(device, int) else (as_device(device).index or 0)
    _require()
    check_index(index)
    return index


def set_device(device):
    """Make ``device`` the current CUDA device (a negative index is a no-op, as in PyTorch)."""
    if isinstance(device, int) and device < 0:
        return
    index = _checked_index(device)
    if _standin():
        _CURRENT[0] = index
    else:
        _cupy().cuda.runtime.setDevice(index)


def get_device_name(device=None):
    """The GPU's name (``"ember CUDA stand-in"`` on the stand-in)."""
    index = _checked_index(current_device() if device is None else device)
    if _standin():
        return "ember CUDA stand-in"
    return _cupy().cuda.runtime.getDeviceProperties(index)["name"].decode()


def synchronize(device=None):
    """Wait until the device has finished all queued work."""
    index = _checked_index(current_device() if device is None else device)
    if not _standin():
        _cupy().cuda.Device(index).synchronize()


def is_bf16_supported(including_emulation=True):
    """True when a GPU is present whose compute capability (8.0+) has native bfloat16."""
    if not is_available():
        return False
    if _standin():
        return True
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
    """Seed the current GPU's generator (a no-op without a GPU, as in PyTorch)."""
    if is_available():
        from .. import _random
        _random.cuda_manual_seed(int(seed), current_device())


def manual_seed_all(seed):
    """Seed every GPU's generator (a no-op without a GPU, as in PyTorch)."""
    if is_available():
        from .. import _random
        for index in range(device_count()):
            _random.cuda_manual_seed(int(seed), index)


def memory_allocated(device=None):
    """Bytes held by tensors on the device (CuPy's memory pool; 0 on the stand-in)."""
    cp = _require()
    return 0 if _standin() else cp.get_default_memory_pool().used_bytes()


def max_memory_allocated(device=None):
    """The pool's size, its high-water mark (CuPy's memory pool; 0 on the stand-in)."""
    cp = _require()
    return 0 if _standin() else cp.get_default_memory_pool().total_bytes()


def empty_cache():
    """Return the pool's unused blocks to the driver."""
    if is_available() and not _standin():
        _cupy().get_default_memory_pool().free_all_blocks()
