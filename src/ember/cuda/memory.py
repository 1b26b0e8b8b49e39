"""CUDA memory figures (``ember.cuda.memory_allocated`` and friends), from CuPy's memory pool.

ember's CUDA arrays come from CuPy's default memory pool: "allocated" is what live arrays hold
(the pool's used bytes), "reserved" is what the pool holds from the driver (its total bytes).
CuPy's pool keeps no high-water marks, so ember records them itself each time a figure is read
and ``reset_peak_memory_stats`` starts them again from the current values. Without a GPU every
figure is 0, as in a PyTorch built without CUDA; the strict stand-in device allocates host
memory and reports 0 as well.
"""
from __future__ import annotations

import collections
import warnings

from .._deprecated import _user_stacklevel

_PEAKS = {}  # device index -> [peak allocated, peak reserved], as read so far


def _pool(device):
    """CuPy's pool and the device index, or (None, index) without a real GPU."""
    from . import _cupy, _standin, is_available
    from .streams import _index
    if not is_available():
        return None, 0
    index = _index(device)
    if _standin():
        return None, index
    with _cupy().cuda.Device(index):
        return _cupy().get_default_memory_pool(), index


def _figures(device):
    """(allocated, reserved) now, with the recorded peaks brought up to date."""
    pool, index = _pool(device)
    if pool is None:
        return 0, 0, _PEAKS.setdefault(index, [0, 0])
    now = (pool.used_bytes(), pool.total_bytes())
    peaks = _PEAKS.setdefault(index, [0, 0])
    peaks[0], peaks[1] = max(peaks[0], now[0]), max(peaks[1], now[1])
    return now[0], now[1], peaks


def memory_allocated(device=None):
    """Bytes held by tensors on the device now (0 without a GPU).

    Args:
        device: a CUDA device, its index or None for the current one.

    Returns:
        int: the bytes CuPy's memory pool has handed out and not taken back.
    """
    return _figures(device)[0]


def max_memory_allocated(device=None):
    """The most bytes held by tensors at once, among the values read since the last reset."""
    return _figures(device)[2][0]


def memory_reserved(device=None):
    """Bytes the memory pool holds from the driver (allocated plus cached)."""
    return _figures(device)[1]


def max_memory_reserved(device=None):
    """The most bytes the pool has held at once, among the values read since the last reset."""
    return _figures(device)[2][1]


def memory_cached(device=None):
    """Deprecated name of ``memory_reserved``."""
    warnings.warn("`ember.cuda.memory_cached` has been renamed to `ember.cuda.memory_reserved`",
                  FutureWarning, stacklevel=_user_stacklevel())
    return memory_reserved(device)


def max_memory_cached(device=None):
    """Deprecated name of ``max_memory_reserved``."""
    warnings.warn("`ember.cuda.max_memory_cached` has been renamed to "
                  "`ember.cuda.max_memory_reserved`", FutureWarning, stacklevel=_user_stacklevel())
    return max_memory_reserved(device)


def reset_peak_memory_stats(device=None):
    """Start the peaks again from the current figures."""
    from . import _require
    _require()
    allocated, reserved, peaks = _figures(device)
    peaks[0], peaks[1] = allocated, reserved


def reset_max_memory_allocated(device=None):
    """Deprecated: calls ``reset_peak_memory_stats``, which resets every peak."""
    warnings.warn("ember.cuda.reset_max_memory_allocated now calls "
                  "ember.cuda.reset_peak_memory_stats, which resets /all/ peak memory stats.",
                  FutureWarning, stacklevel=_user_stacklevel())
    reset_peak_memory_stats(device)


def reset_max_memory_cached(device=None):
    """Deprecated: calls ``reset_peak_memory_stats``, which resets every peak."""
    warnings.warn("ember.cuda.reset_max_memory_cached now calls "
                  "ember.cuda.reset_peak_memory_stats, which resets /all/ peak memory stats.",
                  FutureWarning, stacklevel=_user_stacklevel())
    reset_peak_memory_stats(device)


def reset_accumulated_memory_stats(device=None):
    """ember keeps no accumulated counters beyond the peaks: the same as resetting those."""
    reset_peak_memory_stats(device)


def memory_stats(device=None):
    """The figures above under PyTorch's key names (an empty dict without a GPU, as torch's).

    Returns:
        collections.OrderedDict: ``allocated_bytes.all.current``/``.peak``,
        ``reserved_bytes.all.current``/``.peak``.
    """
    from . import is_available
    if not is_available():
        return collections.OrderedDict()
    allocated, reserved, peaks = _figures(device)
    return collections.OrderedDict([
        ("allocated_bytes.all.current", allocated), ("allocated_bytes.all.peak", peaks[0]),
        ("reserved_bytes.all.current", reserved), ("reserved_bytes.all.peak", peaks[1])])


def memory_summary(device=None, abbreviated=False):
    """A readable table of ``memory_stats``."""
    stats = memory_stats(device)
    lines = [f"{'metric':<28}{'current':>16}{'peak':>16}"]
    for name in ("allocated_bytes", "reserved_bytes"):
        lines.append(f"{name:<28}{stats.get(name + '.all.current', 0):>16}"
                     f"{stats.get(name + '.all.peak', 0):>16}")
    return "\n".join(lines) + "\n"


def mem_get_info(device=None):
    """(free, total) bytes of the GPU's memory, as the driver reports them."""
    from . import _cupy, _require, _standin
    from .streams import _index
    _require()
    if _standin():
        return 0, 0
    with _cupy().cuda.Device(_index(device)):
        return tuple(_cupy().cuda.runtime.memGetInfo())


def empty_cache():
    """Return the pool's unused blocks to the driver."""
    pool = _pool(None)[0]
    if pool is not None:
        pool.free_all_blocks()


_FRACTIONS = {}


def set_per_process_memory_fraction(fraction, device=None):
    """Cap the pool at ``fraction`` of the GPU's memory (CuPy's pool limit)."""
    from . import _require
    _require()
    if not isinstance(fraction, float):
        raise TypeError("Invalid type for fraction argument, must be `float`")
    if not 0 <= fraction <= 1:
        raise ValueError(f"Invalid fraction value: {fraction}. Allowed range: 0~1")
    pool, index = _pool(device)
    _FRACTIONS[index] = fraction
    if pool is not None:
        pool.set_limit(fraction=fraction)


def get_per_process_memory_fraction(device=None):
    """The fraction set by ``set_per_process_memory_fraction`` (1.0 by default)."""
    from . import _require
    _require()
    return _FRACTIONS.get(_pool(device)[1], 1.0)
