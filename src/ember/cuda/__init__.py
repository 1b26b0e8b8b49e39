"""ember.cuda: the CUDA device, through CuPy when it is installed and a GPU is present.

On a machine without CuPy or without a GPU, ``is_available()`` is False and every call that
needs a device raises AssertionError, as PyTorch does when it was built without CUDA.
"""
from __future__ import annotations

from .memory import (empty_cache, get_per_process_memory_fraction, max_memory_allocated,
                     max_memory_cached, max_memory_reserved, mem_get_info, memory_allocated,
                     memory_cached, memory_reserved, memory_stats, memory_summary,
                     reset_accumulated_memory_stats, reset_max_memory_allocated,
                     reset_max_memory_cached, reset_peak_memory_stats,
                     set_per_process_memory_fraction)
from .random import (get_rng_state, get_rng_state_all, initial_seed, manual_seed,
                     manual_seed_all, seed, seed_all, set_rng_state, set_rng_state_all)
from .streams import (Event, Stream, StreamContext, current_stream, default_stream, set_stream,
                      stream)

has_half = True
has_magma = False
default_generators = ()


class OutOfMemoryError(RuntimeError):
    """The GPU ran out of memory (CuPy's OutOfMemoryError is reported as this)."""


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


_PLAIN_NAMES = frozenset((
    "AcceleratorError", "CUDAGraph", "CudaError", "MemPool", "clock_rate", "device_memory_used",
    "graph", "graph_pool_handle", "host_memory_stats", "host_memory_stats_as_nested_dict",
    "is_current_stream_capturing", "make_graphed_callables", "memory_stats_as_nested_dict",
    "memory_usage", "power_draw", "reset_accumulated_host_memory_stats",
    "reset_peak_host_memory_stats", "temperature"))


def __getattr__(name):
    if name in ("amp", "nvtx"):  # loaded on first use (amp pulls in the GradScaler)
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    from .._legacy import CUDA_TYPES
    if name in CUDA_TYPES:
        return CUDA_TYPES[name]
    if name in _PLAIN_NAMES or name.endswith("Storage"):
        import importlib  # torch.cuda's plain names (errors, storages, NVML, graphs)
        names = importlib.import_module(f"{__name__}._names")
        if name in names.STORAGES:
            return names.STORAGES[name]
        if name in _PLAIN_NAMES:
            return getattr(names, name)
    raise AttributeError(f"module 'ember.cuda' has no attribute '{name}'")


def is_initialized():
    """True once CUDA has been used (ember starts it on first use; False without a GPU)."""
    return is_available()


def init():
    """Start CUDA now rather than on first use (AssertionError without a GPU)."""
    _require()


def ipc_collect():
    """Free memory shared with other processes that they no longer use (nothing to do here)."""
    _require()


def get_arch_list():
    """The GPU architectures this build has kernels for: CuPy compiles for the GPU it finds,
    so the list is empty, as a PyTorch built without CUDA reports."""
    return []


def get_gencode_flags():
    """The nvcc ``-gencode`` flags of this build (none: CuPy compiles at run time)."""
    return ""


def is_tf32_supported():
    """True when the GPU has TensorFloat-32 (compute capability 8.0 or newer)."""
    return is_available() and get_device_capability()[0] >= 8


class _CudaDeviceProperties:
    """What ``get_device_properties`` reports about one GPU."""

    def __init__(self, name, major, minor, total_memory, multi_processor_count, l2_cache_size):
        self.name, self.major, self.minor = name, major, minor
        self.total_memory, self.multi_processor_count = total_memory, multi_processor_count
        self.L2_cache_size = l2_cache_size

    def __repr__(self):
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, "
                f"minor={self.minor}, total_memory={self.total_memory // (1024 * 1024)}MB, "
                f"multi_processor_count={self.multi_processor_count}, "
                f"L2_cache_size={self.L2_cache_size // (1024 * 1024)}MB)")


def get_device_properties(device=None):
    """The GPU's name, compute capability, memory and multiprocessor count.

    Args:
        device: a CUDA device, its index or None for the current one.
    """
    index = _checked_index(current_device() if device is None else device)
    if _standin():
        return _CudaDeviceProperties("ember CUDA stand-in", 8, 0, 0, 1, 0)
    props = _cupy().cuda.runtime.getDeviceProperties(index)
    return _CudaDeviceProperties(props["name"].decode(), props["major"], props["minor"],
                                 props["totalGlobalMem"], props["multiProcessorCount"],
                                 props["l2CacheSize"])


def get_device_capability(device=None):
    """The GPU's compute capability as (major, minor), e.g. (9, 0) for an H100/H200."""
    props = get_device_properties(device)
    return props.major, props.minor


def can_device_access_peer(device, peer_device):
    """True when ``device`` can read ``peer_device``'s memory directly."""
    index, peer = _checked_index(device), _checked_index(peer_device)
    if _standin() or index == peer:
        return False
    return bool(_cupy().cuda.runtime.deviceCanAccessPeer(index, peer))


_SYNC_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}
_SYNC_DEBUG_MODE = [0]


def set_sync_debug_mode(debug_mode):
    """Record how loudly host-device synchronizations should be reported (0, 1 or 2, or
    "default", "warn", "error"); ember reports the mode back and does not act on it."""
    _require()
    if isinstance(debug_mode, str):
        if debug_mode not in _SYNC_DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, "
                               "`warn`, `error`")
        debug_mode = _SYNC_DEBUG_MODES[debug_mode]
    _SYNC_DEBUG_MODE[0] = int(debug_mode)


def get_sync_debug_mode():
    """The mode set by ``set_sync_debug_mode`` (0 by default)."""
    _require()
    return _SYNC_DEBUG_MODE[0]


def _nvml():
    try:
        import pynvml
    except ImportError:
        raise ModuleNotFoundError("nvidia-ml-py does not seem to be installed or it can't be "
                                  "imported.") from None
    return pynvml


def utilization(device=None):
    """Percent of the last sample period the GPU was busy (NVML, from nvidia-ml-py)."""
    nvml = _nvml()
    nvml.nvmlInit()
    handle = nvml.nvmlDeviceGetHandleByIndex(_checked_index(
        current_device() if device is None else device))
    return nvml.nvmlDeviceGetUtilizationRates(handle).gpu


def list_gpu_processes(device=None):
    """The processes using the GPU and their memory, as NVML reports them."""
    try:
        nvml = _nvml()
    except ModuleNotFoundError:
        return "pynvml module not found, please install nvidia-ml-py"
    nvml.nvmlInit()
    index = _checked_index(current_device() if device is None else device)
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    lines = [f"GPU:{index}"]
    procs = nvml.nvmlDeviceGetComputeRunningProcesses(handle)
    lines += [f"process {p.pid:>10d} uses {p.usedGpuMemory / (1024 * 1024):>12.3f} MB GPU memory"
              for p in procs] or ["no processes are running"]
    return "\n".join(lines)


class device:
    """Context manager that makes a CUDA device the current one, then restores the previous.

    Args:
        device: a CUDA device, its index, or None / -1 / a CPU device for "leave it as it is".
    """

    def __init__(self, device):
        from .._device import device as Device
        if device is None or (isinstance(device, int) and device < 0):
            self.idx = -1
        elif isinstance(device, (str, Device)):
            dev = Device(device)
            self.idx = -1 if dev.type != "cuda" else (dev.index or 0)
        else:
            self.idx = int(device)
        self.prev_idx = -1

    def __enter__(self):
        if self.idx == -1:
            return None
        if not is_available():
            raise RuntimeError("ember has no CUDA device here: it needs CuPy (pip install "
                               "-e '.[gpu]' from a checkout of ember) and an NVIDIA GPU")
        self.prev_idx = current_device()
        set_device(self.idx)
        return None

    def __exit__(self, *exc):
        if self.prev_idx != -1:
            set_device(self.prev_idx)
        return False


class device_of(device):
    """``device`` for the GPU a tensor lives on (a no-op for a CPU tensor)."""

    def __init__(self, obj):
        super().__init__(obj.get_device() if obj.is_cuda else -1)
