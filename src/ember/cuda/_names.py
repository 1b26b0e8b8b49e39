"""torch.cuda's plain names: the CUDA error classes, the legacy ``ember.cuda.*Storage``
classes, the NVML queries (temperature, power, clocks, memory use: nvidia-ml-py), host-memory
statistics, and CUDA graphs and memory pools, which ember does not capture or create: they
raise torch's error without a device and say that ember has none with one (except
``make_graphed_callables``, which returns the callables to run as they are).
"""
from __future__ import annotations

import collections

from .._storage import LEGACY, TypedStorage
from .._toplevel import AcceleratorError  # noqa: F401 - torch.cuda re-exports it


class CudaError(RuntimeError):
    """A CUDA runtime error, named by its code.

    Args:
        code (int): the ``cudaError_t`` value.

    Example:
        >>> issubclass(ember.cuda.CudaError, RuntimeError)
        True
    """

    def __init__(self, code):
        try:
            import cupy
            message = f"{cupy.cuda.runtime.CUDARuntimeError(code)} ({code})"
        except ImportError:
            message = f"CUDA error {code}"
        super().__init__(message)


def _require():
    from . import _require
    return _require()


def _cuda_storage(name, legacy):
    def init(self, *args, wrap_storage=None):
        _require()
        TypedStorage.__init__(self, *args, dtype=legacy._fixed_dtype, device="cuda",
                              wrap_storage=wrap_storage)
    doc = f"""``ember.{name}`` on the current CUDA device (a legacy name; needs a GPU).

    Args:
        size_or_values: the number of elements, or a sequence of values.
        wrap_storage: an ``UntypedStorage`` to read as elements, with no copy.
    """
    return type(name, (TypedStorage,), {"_fixed_dtype": legacy._fixed_dtype, "__init__": init,
                                        "__module__": "ember.cuda", "__doc__": doc})


STORAGES = {name: _cuda_storage(name, legacy) for name, legacy in LEGACY.items()}


def _nvml_handle(device):
    from . import _checked_index, _nvml, current_device
    nvml = _nvml()
    nvml.nvmlInit()
    return nvml, nvml.nvmlDeviceGetHandleByIndex(
        _checked_index(current_device() if device is None else device))


def temperature(device=None):
    """The GPU's temperature in degrees Celsius (NVML, from nvidia-ml-py).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).
    """
    nvml, handle = _nvml_handle(device)
    return nvml.nvmlDeviceGetTemperature(handle, 0)


def power_draw(device=None):
    """The GPU's power draw in milliwatts (NVML, from nvidia-ml-py).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).
    """
    nvml, handle = _nvml_handle(device)
    return nvml.nvmlDeviceGetPowerUsage(handle)


def clock_rate(device=None):
    """The GPU's streaming-multiprocessor clock in MHz (NVML, from nvidia-ml-py).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).
    """
    nvml, handle = _nvml_handle(device)
    return nvml.nvmlDeviceGetClockInfo(handle, 1)


def memory_usage(device=None):
    """Percent of the last sample period the GPU's memory was read or written (NVML).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).
    """
    nvml, handle = _nvml_handle(device)
    return nvml.nvmlDeviceGetUtilizationRates(handle).memory


def device_memory_used(device=None):
    """Bytes of the GPU's memory in use by all processes (NVML, from nvidia-ml-py).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).
    """
    nvml, handle = _nvml_handle(device)
    return nvml.nvmlDeviceGetMemoryInfo(handle).used


def memory_stats_as_nested_dict(device=None):
    """``memory_stats()`` with its dotted keys as nested dicts (empty without a GPU).

    Args:
        device (int or ember.device, optional): the GPU (default: the current one).

    Example:
        >>> import ember.cuda
        >>> ember.cuda.is_available() or ember.cuda.memory_stats_as_nested_dict() == {}
        True
    """
    from .memory import memory_stats
    nested = {}
    for key, value in memory_stats(device).items():
        *path, leaf = key.split(".")
        level = nested
        for part in path:
            level = level.setdefault(part, {})
        level[leaf] = value
    return nested


def host_memory_stats():
    """Statistics of the pinned host-memory allocator: empty (ember keeps none; torch's are
    empty too without CUDA).

    Example:
        >>> ember.cuda.host_memory_stats()
        OrderedDict()
    """
    return collections.OrderedDict()


def host_memory_stats_as_nested_dict():
    """``host_memory_stats()`` as nested dicts: empty.

    Example:
        >>> ember.cuda.host_memory_stats_as_nested_dict()
        {}
    """
    return {}


def reset_peak_host_memory_stats():
    """Reset the pinned host-memory peaks: nothing to reset (ember keeps no such figures)."""


def reset_accumulated_host_memory_stats():
    """Reset the pinned host-memory totals: nothing to reset (ember keeps no such figures)."""


def _no_graphs(what):
    from . import is_available
    if not is_available():
        raise RuntimeError(f"Tried to instantiate dummy base class {what}")
    raise RuntimeError(f"{what}: ember does not capture CUDA graphs")


class CUDAGraph:
    """A captured CUDA graph: ember does not capture them (torch's error without a GPU)."""

    def __init__(self, keep_graph=False):
        _no_graphs("CUDAGraph")


class MemPool:
    """A CUDA memory pool: ember allocates through CuPy's pool only (torch's error without a
    GPU)."""

    def __init__(self, allocator=None, use_on_oom=False, symmetric=False):
        _no_graphs("MemPool")


class graph:
    """Capture CUDA work into a ``CUDAGraph``: ember does not (torch's error without a GPU).

    Args:
        cuda_graph (CUDAGraph): the graph to capture into.
        pool, stream, capture_error_mode: as torch's.
    """

    def __init__(self, cuda_graph, pool=None, stream=None, capture_error_mode="global"):
        from .streams import Stream
        Stream()  # without a device this raises torch's error
        _no_graphs("graph")


def graph_pool_handle():
    """A memory-pool handle to share between graph captures (none: ember does not capture)."""
    _no_graphs("_graph_pool_handle")


def is_current_stream_capturing():
    """Whether the current stream is capturing a CUDA graph: never on ember.

    Returns:
        bool: False (torch's error without a GPU).
    """
    from . import is_available
    if not is_available():
        raise RuntimeError("Tried to instantiate dummy base class _cuda_isCurrentStreamCapturing")
    return False


def make_graphed_callables(callables, sample_args, num_warmup_iters=3,
                           allow_unused_input=False, pool=None):
    """Graph-captured versions of ``callables``: ember replays no CUDA graphs, so they come
    back as they are (same results; torch's error without a GPU).

    Args:
        callables: a callable or module, or a tuple of them.
        sample_args: their sample arguments.
        num_warmup_iters, allow_unused_input, pool: as torch's.

    Returns:
        ``callables``.
    """
    from . import is_available
    if not is_available():
        raise RuntimeError("Tried to instantiate dummy base class CUDAGraph")
    return callables

