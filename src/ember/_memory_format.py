"""Memory formats: the order in which a tensor's elements lie in memory.

``contiguous_format`` is row-major (C) order. ``channels_last`` lays a 4-D (N, C, H, W) tensor
out as N, H, W, C (the channels of a pixel side by side), ``channels_last_3d`` a 5-D
(N, C, D, H, W) one as N, D, H, W, C. The tensor keeps its logical shape: a channels-last
tensor is an NHWC buffer viewed as NCHW, so its strides are (H*W*C, 1, W*C, C), exactly the
strides NumPy reports for it. ``preserve_format`` (for copies) keeps the source's format.
"""
from __future__ import annotations


class memory_format:  # noqa: N801 - torch's name
    """A memory layout: ``ember.contiguous_format``, ``ember.channels_last``,
    ``ember.channels_last_3d`` or ``ember.preserve_format`` (the four instances; no others).

    Args:
        name: the layout's name (the instances are made once, by ember).

    Example:
        >>> ember.channels_last, type(ember.channels_last) is ember.memory_format
        (ember.channels_last, True)
        >>> x = ember.zeros(1, 3, 2, 2).to(memory_format=ember.channels_last)
        >>> x.stride()
        (12, 1, 6, 3)
    """

    __slots__ = ("_name",)
    __module__ = "ember"

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"ember.{self._name}"

    __str__ = __repr__

    def __reduce__(self):
        return self._name  # pickled as the global ``ember.<name>``: the one instance


contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
preserve_format = memory_format("preserve_format")

# The dims from the fastest-varying to the slowest in memory, for each channels-last format.
_ORDER = {channels_last: (1, 3, 2, 0), channels_last_3d: (1, 4, 3, 2, 0)}
_RANK = {channels_last: 4, channels_last_3d: 5}


def check(fmt, ndim):
    """RuntimeError in torch's words when a channels-last format meets the wrong rank."""
    if fmt is not None and not isinstance(fmt, memory_format):
        raise TypeError(f"memory_format must be ember.memory_format, not {type(fmt).__name__}")
    rank = _RANK.get(fmt)
    if rank is not None and ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {fmt._name} format")


def is_contiguous_as(shape, strides, fmt):
    """True when ``strides`` (in elements) are ``fmt``'s dense strides for ``shape`` (dims of
    size 1 may have any stride, as in torch)."""
    order = _ORDER.get(fmt)
    if order is None or len(shape) != len(order):
        return False
    expected = 1
    for d in order:
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def suggest(shape, strides):
    """The format a tensor with these strides is in: channels-last when it is laid out so and
    not also C-contiguous (torch's preserve_format rule for dense tensors)."""
    for fmt in (channels_last, channels_last_3d):
        if len(shape) == _RANK[fmt] and is_contiguous_as(shape, strides, fmt) and \
                not _is_c(shape, strides):
            return fmt
    return contiguous_format


def _is_c(shape, strides):
    expected = 1
    for n, s in zip(reversed(shape), reversed(strides)):
        if n != 1:
            if s != expected:
                return False
            expected *= n
    return True


def dense_strides(shape, fmt):
    """``fmt``'s strides (in elements) for ``shape``: each dim's step is the product of the
    sizes of the dims that vary faster in memory (size-1 dims included, as torch counts)."""
    order = _ORDER[fmt]
    strides = [0] * len(shape)
    step = 1
    for d in order:
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def laid_out(array, fmt):
    """``array`` (a backend array) in ``fmt``'s layout with torch's exact strides: itself when
    it already is, a view when only size-1 dims' strides differ, else a copy."""
    order = _ORDER.get(fmt)
    if order is None:
        return array if array.flags.c_contiguous else array.copy()
    itemsize = array.itemsize
    wanted = dense_strides(array.shape, fmt)
    current = tuple(s // itemsize for s in array.strides)
    if current == wanted:
        return array
    if not is_contiguous_as(array.shape, current, fmt):
        slow_to_fast = order[::-1]
        inverse = [slow_to_fast.index(d) for d in range(len(order))]
        array = array.transpose(slow_to_fast).copy().transpose(inverse)
        if tuple(s // itemsize for s in array.strides) == wanted:
            return array
    from ._backend import as_strided
    return as_strided(array, array.shape, tuple(s * itemsize for s in wanted), writeable=True)


def follow(result, *inputs):
    """Give a fresh op result (or tuple of them) the channels-last layout of its inputs, as
    torch's convolution and pooling kernels do."""
    for t in inputs:
        if t is not None and t._data.ndim in (4, 5):
            fmt = suggest(t._data.shape, t.stride())
            if fmt is not contiguous_format:
                for out in (result if isinstance(result, tuple) else (result,)):
                    if out._data.ndim == t._data.ndim:
                        out._data = laid_out(out._data, fmt)
                break
    return result


def resolve(fmt, array):
    """The concrete format ``fmt`` asks for ``array`` (preserve_format becomes the array's
    own)."""
    if fmt is None or fmt is preserve_format:
        itemsize = array.itemsize
        return suggest(array.shape, tuple(s // itemsize for s in array.strides))
    return fmt
