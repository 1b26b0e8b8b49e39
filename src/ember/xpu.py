"""ember.xpu: Intel GPUs, which ember does not drive; every query answers as torch does on a
machine without one.

Programs that pick a device (``"xpu" if ember.xpu.is_available() else "cpu"``) get False and
0 devices; the calls that need a device raise AssertionError, as torch's do when it is built
without XPU support; the memory counters read 0 and the seed calls do nothing.
"""
from __future__ import annotations

from collections import OrderedDict

_MESSAGE = "ember has no XPU support: it runs on CPUs and (through CuPy) NVIDIA GPUs only"

default_generators = ()


def _require(*args, **kwargs):
    raise AssertionError(_MESSAGE)


def is_available():
    """False: ember has no XPU backend.

    Returns:
        False.

    Example:
        >>> ember.xpu.is_available(), ember.xpu.device_count()
        (False, 0)
    """
    return False


def device_count():
    """0: no XPU device is visible to ember."""
    return 0


def is_initialized():
    """False: the XPU runtime is never started."""
    return False


def is_bf16_supported(including_emulation=True):
    """False: there is no XPU device to run bfloat16 on."""
    return False


def is_tf32_supported():
    """False: there is no XPU device to run TF32 on."""
    return False


def get_arch_list():
    """The XPU architectures ember was built for: none."""
    return []


def get_gencode_flags():
    """The XPU code-generation flags ember was built with: none."""
    return ""


# What needs a device raises; the names are torch's, so programs reach the error they expect.
init = current_device = get_device_name = get_device_properties = get_device_capability = \
    synchronize = set_device = get_rng_state = initial_seed = current_stream = mem_get_info = \
    can_device_access_peer = get_per_process_memory_fraction = \
    set_per_process_memory_fraction = _require


get_stream_from_external = _require


def _no_graphs(*args, **kwargs):
    raise RuntimeError("ember has no XPU support: XPU graphs, memory pools and stream capture "
                       "need an XPU device")


is_current_stream_capturing = graph_pool_handle = make_graphed_callables = _no_graphs


class XPUGraph:
    """A captured XPU graph: cannot be made without an XPU device."""

    def __init__(self, *args, **kwargs):
        _no_graphs()


class MemPool:
    """An XPU memory pool: cannot be made without an XPU device."""

    def __init__(self, *args, **kwargs):
        _no_graphs()


class graph:
    """``with ember.xpu.graph(g):`` captures into an XPUGraph: needs an XPU device."""

    def __init__(self, xpu_graph, pool=None, stream=None):
        _no_graphs()


def _no_telemetry(*args, **kwargs):
    raise ImportError("reading an XPU device's telemetry needs an XPU device, which ember does "
                      "not support")


clock_rate = device_memory_used = memory_usage = power_draw = temperature = utilization = \
    _no_telemetry


def _no_allocator(*args, **kwargs):
    raise AttributeError("ember has no XPU allocator: there is no XPU device")


reset_accumulated_memory_stats = reset_peak_memory_stats = _no_allocator


def memory_stats_as_nested_dict(device=None):
    """The XPU allocator's statistics as nested dicts: none."""
    return {}


def empty_cache():
    """Release cached XPU memory: there is none."""


def memory_allocated(device=None):
    """Bytes of XPU memory held by tensors: 0."""
    return 0


max_memory_allocated = memory_reserved = max_memory_reserved = memory_allocated


def memory_stats(device=None):
    """The XPU allocator's statistics: none."""
    return OrderedDict()


def memory_snapshot(mempool_id=None):
    """The XPU allocator's segments: none."""
    return []


def get_rng_state_all():
    """Every XPU device's generator state: an empty list."""
    return []


def manual_seed(seed):
    """Seed the XPU generator: nothing to seed (accepted so seeding code runs everywhere)."""


def manual_seed_all(seed):
    """Seed every XPU device's generator: nothing to seed."""


def seed():
    """Seed the XPU generator from entropy: nothing to seed."""


def seed_all():
    """Seed every XPU device's generator from entropy: nothing to seed."""


def set_rng_state(new_state, device="xpu"):
    """Restore an XPU generator's state: no device, nothing to restore."""


def set_rng_state_all(new_states):
    """Restore every XPU device's generator: nothing to restore."""


def set_stream(stream):
    """Make ``stream`` current: a None stream (the only one there can be here) is ignored."""
    if stream is not None:
        _require()


class device:
    """``with ember.xpu.device(i):`` selects XPU device i: entering raises NotImplementedError
    (no XPU support), whatever ``i`` is."""

    def __init__(self, device):
        self.idx = device

    def __enter__(self):
        raise NotImplementedError(_MESSAGE)

    def __exit__(self, *exc):
        return False


class device_of(device):
    """``with ember.xpu.device_of(tensor):`` selects the tensor's XPU device: entering raises
    NotImplementedError (no XPU support)."""

    def __init__(self, obj):
        super().__init__(None)


class StreamContext:
    """``with ember.xpu.stream(s):`` makes ``s`` current; a None stream changes nothing."""

    def __init__(self, stream):
        self.stream = stream

    def __enter__(self):
        if self.stream is not None:
            _require()

    def __exit__(self, *exc):
        return False


def stream(stream):
    """A context manager making ``stream`` current (a no-op for None)."""
    return StreamContext(stream)


class Stream:
    """An XPU stream: cannot be made without an XPU device."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("ember has no XPU support: an XPU Stream cannot be created")


class Event:
    """An XPU event: cannot be made without an XPU device."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("ember has no XPU support: an XPU Event cannot be created")
