"""``torch.cuda.nvtx``: NVTX ranges and marks, which name regions of a program in NVIDIA's
profilers (Nsight Systems). With CuPy on a GPU they go to CuPy's NVTX bindings; on the strict
stand-in device there is no profiler to annotate, so they are accepted and do nothing; without
any CUDA device they raise torch's RuntimeError for a build without NVTX.
"""
from __future__ import annotations

import contextlib

_NOT_INSTALLED = "NVTX functions not installed. Are you sure you have a CUDA build?"
_depth = [0]
_next_id = [0]


def _nvtx():
    """CuPy's NVTX module on a GPU, None on the stand-in; RuntimeError without a CUDA device."""
    from .._backend import STANDIN_DEVICES, cuda_device_count
    if STANDIN_DEVICES:
        return None
    if cuda_device_count() == 0:
        raise RuntimeError(_NOT_INSTALLED)
    import cupy.cuda.nvtx
    return cupy.cuda.nvtx


def range_push(msg):
    """Open a nested range named ``msg``.

    Args:
        msg (str): the range's name.

    Returns:
        int: the depth of the range opened (0 for the outermost), as torch's.

    Example:
        >>> ember.cuda.nvtx.range_push("step")  # doctest: +SKIP
        0
    """
    nvtx = _nvtx()
    if nvtx is not None:
        nvtx.RangePush(msg)
    _depth[0] += 1
    return _depth[0] - 1


def range_pop():
    """Close the innermost open range.

    Returns:
        int: the depth of the range closed, as torch's.

    Example:
        >>> ember.cuda.nvtx.range_pop()  # doctest: +SKIP
        0
    """
    nvtx = _nvtx()
    if nvtx is not None:
        nvtx.RangePop()
    _depth[0] = max(_depth[0] - 1, 0)
    return _depth[0]


def range_start(msg) -> int:
    """Open a range that need not nest (it may end on another thread; CuPy has no such ranges,
    so on a GPU it is pushed as a nested one).

    Args:
        msg (str): the range's name.

    Returns:
        int: the range's id, for ``range_end``.

    Example:
        >>> rid = ember.cuda.nvtx.range_start("load")  # doctest: +SKIP
    """
    nvtx = _nvtx()
    if nvtx is not None:
        nvtx.RangePush(msg)
    _next_id[0] += 1
    return _next_id[0]


def range_end(range_id) -> None:
    """Close the range ``range_start`` opened.

    Args:
        range_id (int): the id ``range_start`` returned.

    Example:
        >>> ember.cuda.nvtx.range_end(rid)  # doctest: +SKIP
    """
    nvtx = _nvtx()
    if nvtx is not None:
        nvtx.RangePop()


def mark(msg):
    """An instant event named ``msg``.

    Args:
        msg (str): the event's name.

    Example:
        >>> ember.cuda.nvtx.mark("checkpoint saved")  # doctest: +SKIP
    """
    nvtx = _nvtx()
    if nvtx is not None:
        nvtx.Mark(msg)


@contextlib.contextmanager
def range(msg, *args, **kwargs):
    """A range around a block or each call of a decorated function; extra arguments fill
    ``msg.format(*args, **kwargs)``.

    Args:
        msg (str): the range's name (a format string when arguments follow).

    Example:
        >>> with ember.cuda.nvtx.range("epoch {}", 3):  # doctest: +SKIP
        ...     pass
    """
    range_push(msg.format(*args, **kwargs))
    try:
        yield
    finally:
        range_pop()
