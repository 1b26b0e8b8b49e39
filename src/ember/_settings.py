"""Process-wide switches PyTorch programs set at their top: threads, matmul precision,
deterministic algorithms and the default device.

Threads are the BLAS thread pool's (through threadpoolctl when it is installed; without it the
number is stored and reported). Deterministic mode has ember's one visible effect of it on the
CPU, as in PyTorch: ``empty`` tensors are filled with NaN (or the largest integer) instead of
left uninitialised, so a program that reads them is caught.
"""
from __future__ import annotations

import os
import warnings

from ._deprecated import _user_stacklevel

_state = {"threads": None, "pool_threads": None, "interop": None, "precision": "highest",
          "deterministic": False, "warn_only": False, "fill_uninitialized": True}


def _threadpool():
    try:
        import threadpoolctl
    except ImportError:
        return None
    return threadpoolctl


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _check_threads(name, n):
    if not isinstance(n, int):
        raise RuntimeError(f"{name} expects an int, but got {type(n).__name__}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer")


def set_num_threads(num):
    """Use ``num`` threads for intra-op parallelism (the BLAS thread pool)."""
    _check_threads("set_num_threads", num)
    _state["threads"] = num
    tpc = _threadpool()
    if tpc is not None:
        tpc.threadpool_limits(limits=num, user_api="blas")
    _state["pool_threads"] = None


def get_num_threads():
    """The number of threads intra-op work uses (the BLAS pool's size)."""
    tpc = _threadpool()
    if tpc is not None:
        # Asking threadpoolctl inspects every loaded library (milliseconds): ask once, and
        # again only after set_num_threads changed the pool.
        cached = _state.get("pool_threads")
        if cached is None:
            sizes = [info["num_threads"] for info in tpc.threadpool_info()
                     if info.get("user_api") == "blas"]
            cached = _state["pool_threads"] = max(sizes) if sizes else 0
        if cached:
            return cached
    return _state["threads"] or _cpu_count()


def set_num_interop_threads(num):
    """Record the inter-op thread count (ember runs ops one after another: stored only)."""
    _check_threads("set_num_interop_threads", num)
    _state["interop"] = num


def get_num_interop_threads():
    return _state["interop"] or _cpu_count()


_PRECISIONS = ("highest", "high", "medium")


def set_float32_matmul_precision(precision):
    """'highest' (full float32), 'high' or 'medium' (TF32/bf16 allowed on GPUs that have it)."""
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      f"setFloat32MatmulPrecision call has no effect.",
                      UserWarning, stacklevel=_user_stacklevel())
        return
    _state["precision"] = precision
    from .backends import _fp32
    _fp32.set_matmul_precision_legacy(precision)


def get_float32_matmul_precision():
    from .backends import _fp32
    _fp32.check_matmul_precision_legacy(_state["precision"])
    return _state["precision"]


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Ask for deterministic algorithms; ``empty`` then fills its memory (NaN / max integer)."""
    if not isinstance(mode, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be "
                        f"bool, not {type(mode).__name__}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                        f"not {type(warn_only).__name__}")
    _state["deterministic"] = mode
    _state["warn_only"] = mode and warn_only


def are_deterministic_algorithms_enabled():
    return _state["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    return _state["warn_only"]


def set_deterministic_debug_mode(debug_mode):
    """0/'default', 1/'warn', 2/'error': the same switch as ``use_deterministic_algorithms``."""
    modes = {"default": 0, "warn": 1, "error": 2}
    if isinstance(debug_mode, str):
        if debug_mode not in modes:
            raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, "
                               f"`error`, but got {debug_mode}")
        debug_mode = modes[debug_mode]
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got "
                           f"{debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    if not _state["deterministic"]:
        return 0
    return 1 if _state["warn_only"] else 2


def fill_uninitialized(arr):
    """Fill a freshly allocated array as deterministic mode asks (no-op otherwise)."""
    if _state["deterministic"] and _state["fill_uninitialized"] and arr.size:
        kind = arr.dtype.kind
        if kind in "fc":
            arr.fill(float("nan"))
        elif kind == "b":
            arr.fill(True)
        else:
            import numpy as np
            arr.fill(np.iinfo(arr.dtype).max)
    return arr


def set_default_device(device):
    """Make factories (``zeros``, ``randn``, module parameters...) create tensors on ``device``."""
    from . import _device
    _device._default_device[0] = _device.CPU if device is None else _device.as_device(device)


def get_default_device():
    """The device factories create tensors on when no ``device=`` is given."""
    from . import _device
    dev = _device._default_device[0]
    if dev.type == "cuda" and dev.index is None:
        from . import cuda
        return _device.device("cuda", cuda.current_device())
    return dev
