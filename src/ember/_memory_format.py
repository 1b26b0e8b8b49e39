"""Memory formats: the order in which a tensor's elements lie in memory.

``contiguous_format`` is row-major (C) order. ``channels_last`` lays a 4-D (N, C, H, W) tensor
out as N, H, W, C (the channels of a pixel side by side), ``channels_last_3d`` a 5-D
(N, C, D, H, W) one as N, D, H, W, C. The tensor keeps its logical shape: a channels-last
tensor is an NHWC buffer viewed as NCHW, so its strides are (H*W*C, 1, W*C, C), exactly the
strides NumPy reports for it. ``preserve_format`` (for copies) keeps the source's format.
"""
from __future__ import annotations

import numpy as np


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
    """The format torch reads off a tensor's strides (its ``suggest_memory_format``): a 4-D
    (5-D) tensor whose dims grow in stride in channels-last order C, W, H, N (C, W, H, D, N) is
    channels-last; everything else, the ambiguous cases included, is contiguous_format."""
    fmt = {4: channels_last, 5: channels_last_3d}.get(len(shape))
    if fmt is None or strides[1] == 0:
        return contiguous_format
    least = 0
    for d in _ORDER[fmt]:
        if shape[d] == 0 or strides[d] < least:
            return contiguous_format
        # N1..1 with equal strides (a contiguous N111, or an N11W sliced to one W) stays NCHW.
        if d == 0 and least == strides[1]:
            return contiguous_format
        least = strides[d] * shape[d] if shape[d] > 1 else strides[d]
    return fmt


def is_dense(shape, strides):
    """True when the elements fill their memory span exactly once, in any dim order (torch's
    non-overlapping-and-dense test; dims of size 0 or 1 do not count)."""
    expected = 1
    for d in sorted((d for d in range(len(shape)) if shape[d] > 1), key=strides.__getitem__):
        if strides[d] != expected:
            return False
        expected *= shape[d]
    return True


def dims_by_stride(ndim, slower):
    """The dims fastest first, ordered as torch orders them for a result's layout: an insertion
    sort from the last dim on, where ``slower(a, b)`` is 1 when dim a lies outside dim b, -1
    when inside, and 0 when it cannot tell (the pair keeps its order, the sort moves on)."""
    order = list(range(ndim))[::-1]
    for i in range(1, len(order)):
        moving = i
        for j in range(i - 1, -1, -1):
            verdict = slower(order[j], order[moving])
            if verdict > 0:
                order[j], order[moving] = order[moving], order[j]
                moving = j
            elif verdict < 0:
                break
    return order


def strides_in_order(shape, order):
    """Dense strides (in elements) for ``shape`` with the dims ``order`` lists fastest first
    (size-0 and size-1 dims counted as one, as torch counts them)."""
    strides = [0] * len(shape)
    step = 1
    for d in order:
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def inferred_strides(shape, strides):
    """Dense strides in the dim order ``strides`` suggests (torch's rule for a copy of an
    overlapping or gappy tensor): dims sorted by stride, a tie going to the smaller size first,
    a zero stride (a broadcast dim) left where row-major order puts it."""
    def slower(a, b):  # 1: a lies outside b; -1: inside; 0: the strides cannot tell
        if strides[a] == 0 or strides[b] == 0:
            return 0
        if strides[a] != strides[b]:
            return 1 if strides[a] > strides[b] else -1
        return 1 if shape[a] > shape[b] else 0

    return strides_in_order(shape, dims_by_stride(len(shape), slower))


def preserved_strides(shape, strides):
    """The strides of a preserve_format copy: the input's own when it is dense (an empty one
    counts as dense, as in torch), else the dense ones its stride order suggests."""
    if 0 in shape or is_dense(shape, strides):
        return tuple(strides)
    return inferred_strides(shape, strides)


def with_strides(array, strides):
    """``array``'s values (a backend array) with exactly these dense element ``strides``: itself
    when it has them, a view when only size-1 dims differ, else a copy laid out so."""
    itemsize = array.itemsize
    if tuple(s // itemsize for s in array.strides) == strides:
        return array
    if not array.size:
        return restrided(array, strides)
    slow_to_fast = sorted(range(array.ndim), key=lambda d: -strides[d])
    inverse = [slow_to_fast.index(d) for d in range(array.ndim)]
    arranged = array.transpose(slow_to_fast)
    if not arranged.flags.c_contiguous:
        arranged = arranged.copy()
    array = arranged.transpose(inverse)
    if tuple(s // itemsize for s in array.strides) == strides:
        return array
    if type(array) is np.ndarray and (array.flags.c_contiguous or array.flags.f_contiguous):
        # only size-1 dims' strides differ: the array is its own buffer (as_strided's interface
        # copy costs several times more)
        return np.ndarray(array.shape, array.dtype, buffer=array,
                          strides=tuple(s * itemsize for s in strides))
    from ._backend import as_strided
    return as_strided(array, array.shape, tuple(s * itemsize for s in strides), writeable=True)


def preserved_copy(array):
    """A copy of ``array`` (a backend array) laid out as torch's preserve_format copies are:
    the input's strides when it is dense, else dense ones in its stride order."""
    out = array.copy(order="K")
    if out.strides == array.strides:
        return out
    if not array.size:  # torch counts an empty tensor as dense: the copy keeps its strides
        return restrided(out, element_strides(array))
    itemsize = array.itemsize
    return with_strides(out, preserved_strides(array.shape,
                                               tuple(s // itemsize for s in array.strides)))


def same_strides(a, b):
    """True when backend arrays ``a`` and ``b`` (of one shape) step alike, counted in
    elements."""
    if a.itemsize == b.itemsize:
        return a.strides == b.strides
    return all(x // a.itemsize == y // b.itemsize for x, y in zip(a.strides, b.strides))


def like_source(array, source):
    """``array`` (a fresh result of ``source``'s shape, values in place) with the strides a
    preserve_format copy of ``source`` has, as torch's ops that allocate their result like
    their input (flip, sort) give it."""
    if not source.size:  # torch counts an empty tensor as dense: the result takes its strides
        return restrided(array, element_strides(source))
    if source.flags.c_contiguous and 1 not in source.shape:
        return array if array.flags.c_contiguous else array.copy()
    itemsize = source.itemsize
    return with_strides(array, preserved_strides(source.shape,
                                                 tuple(s // itemsize for s in source.strides)))


def in_format(array, fmt):
    """``array`` laid out in ``fmt`` with torch's exact strides (row-major ones for
    contiguous_format), as the ops that allocate ``empty(..., memory_format=fmt)`` give it."""
    return row_major_array(array) if fmt is contiguous_format else laid_out(array, fmt)


def row_major_array(array):
    """``array`` (a backend array) laid out row-major with torch's exact strides (its size-1
    dims' included), as the ops that write a fresh contiguous result give it."""
    if not array.flags.c_contiguous:
        array = array.copy()
    if 1 in array.shape and array.ndim > 1:
        array = with_strides(array, row_major(array.shape))
    return array


def row_major(shape):
    """contiguous_format's strides (in elements) for ``shape``, size-1 dims counted as torch
    counts them."""
    return strides_in_order(shape, range(len(shape) - 1, -1, -1))


def dense_strides(shape, fmt):
    """``fmt``'s strides (in elements) for ``shape``: each dim's step is the product of the
    sizes of the dims that vary faster in memory (size-1 dims included, as torch counts; an
    empty dim is not counted as one, unlike row-major order's: the dims outside it step by
    zero)."""
    strides = [0] * len(shape)
    step = 1
    for d in _ORDER[fmt]:
        strides[d] = step
        step *= shape[d]
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


def torch_strided_empty(array):
    """``array`` (a fresh backend array) with torch's row-major strides when it is empty:
    NumPy gives a new empty array all-zero strides, and its views (a transpose, a narrow, a
    diagonal) then step by zero where torch's step by the dims' sizes (an empty dim counted as
    one)."""
    if array.size or not array.ndim or any(array.strides):
        return array
    return restrided(array, row_major(array.shape))


def element_strides(array):
    """``array``'s strides in elements as ``Tensor.stride()`` reports them (an all-zero-strided
    empty array, as NumPy makes one, counts as row-major)."""
    strides = tuple(s // array.itemsize for s in array.strides)
    if strides and not any(strides) and not array.size:
        return row_major(array.shape)
    return strides


def restrided(array, strides):
    """An empty backend ``array`` with these element ``strides`` (it has no memory to
    rearrange: only its reported layout changes)."""
    from ._backend import as_strided
    return as_strided(array, array.shape, tuple(s * array.itemsize for s in strides),
                      writeable=True)


def is_row_major(shape, strides):
    """True when ``strides`` (in elements) are row-major for ``shape``, size-1 dims aside
    (torch's ``is_contiguous()``)."""
    expected = 1
    for size, stride in zip(reversed(shape), reversed(strides)):
        if size != 1:
            if stride != expected:
                return False
            expected *= size
    return True


def iterator_strides(shape, operands):
    """The strides (in elements) torch's elementwise kernels give a new result of ``shape``.

    ``operands``: each input's (shape, element strides), in argument order; a number counts as
    a 0-d tensor. Inputs all of the result's shape that are all row-major, all channels-last
    (4-D), or all dense with the same strides give the result that layout. Otherwise the dims
    are sorted by stride: the first input whose strides tell two dims apart decides (a
    broadcast dim tells nothing; equal strides put the smaller dim inside)."""
    if all(op_shape == shape for op_shape, _ in operands):
        if all(is_row_major(shape, strides) for _, strides in operands):
            return row_major(shape)
        if len(shape) == 4 and all(is_contiguous_as(shape, strides, channels_last)
                                   for _, strides in operands):
            return dense_strides(shape, channels_last)
        first = operands[0][1]
        if all(tuple(strides) == tuple(first) and is_dense(shape, strides)
               for _, strides in operands):
            return tuple(first)
    return strides_in_order(shape, _iterator_order(shape, operands))


def _iterator_order(shape, operands):
    """The result's dims fastest first, as torch's elementwise kernels order them: sorted by
    stride, the first input whose strides tell two dims apart deciding (a broadcast dim tells
    nothing; equal strides put the smaller dim inside)."""
    ndim = len(shape)
    seen = []  # each input's strides over the result's dims, 0 along a broadcast dim
    for op_shape, strides in operands:
        lead = ndim - len(op_shape)
        seen.append((0,) * lead + tuple(0 if size == 1 and shape[lead + d] != 1 else stride
                                        for d, (size, stride) in enumerate(zip(op_shape,
                                                                               strides))))

    def slower(a, b):
        for strides in seen:
            if strides[a] and strides[b]:
                if strides[a] != strides[b]:
                    return 1 if strides[a] > strides[b] else -1
                if shape[a] > shape[b]:
                    return 1
        return 0

    return dims_by_stride(ndim, slower)


def _empty_result_strides(shape, operands):
    """The strides (in elements) torch's elementwise kernels give an empty result of
    ``shape``: row-major when every input has the result's shape (an empty tensor counts as
    contiguous) or the dims keep row-major order; else each dim's step is the product of the
    sizes inside it, an empty one included, so the dims outside an empty dim step by zero."""
    if all(op_shape == shape for op_shape, _ in operands):
        return row_major(shape)
    order = _iterator_order(shape, operands)
    if order == list(range(len(shape) - 1, -1, -1)):
        return row_major(shape)
    strides = [0] * len(shape)
    step = 1
    for d in order:
        strides[d] = step
        step *= shape[d]
    return tuple(strides)


_ELEMENTWISE = {}  # the result's and inputs' shapes and byte strides -> torch's element strides
_NUMBERS = frozenset({int, float, complex, bool})


def elementwise_result(result, *operands):
    """``result`` (a fresh backend array an elementwise op computed from the backend arrays or
    numbers ``operands``) with the strides torch's kernels give it. Where the inputs' layouts
    disagree NumPy falls back to row-major, where torch follows the first input whose strides
    order two dims (a channels-last batch plus a row-major one stays channels-last); NumPy
    writes size-1 dims row-major where torch orders them among the others by the inputs'
    strides (a channels-last one-channel batch plus a number stays (H*W, 1, W, 1)). A view
    when only size-1 dims' strides differ, else a copy."""
    shape, strides = result.shape, result.strides
    if not result.size:
        wanted = _empty_result_strides(shape, [
            ((), ()) if type(op) in _NUMBERS else
            (op.shape, element_strides(op)) for op in operands])
        return restrided(result, wanted)
    if result.flags.c_contiguous:
        if 1 not in shape:
            # row-major inputs (broadcast or not) order every pair of dims row-major or not at
            # all: torch's result is row-major too
            for op in operands:
                if type(op) not in _NUMBERS and op.ndim > 1 and not op.flags.c_contiguous:
                    break
            else:
                return result
        else:
            # NumPy writes a row-major result (size-1 dims too) from row-major inputs: when
            # every input strides as the result does, torch's layout is row-major as well
            for op in operands:
                if type(op) not in _NUMBERS and op.shape and (op.strides != strides or
                                                              op.shape != shape):
                    break
            else:
                return result
    key = (shape, strides, result.itemsize) + tuple([
        None if type(op) in _NUMBERS else (op.shape, op.strides, op.itemsize)
        for op in operands])
    wanted = _ELEMENTWISE.get(key, False)
    if wanted is False:
        wanted = None
        if result.size:
            wanted = iterator_strides(result.shape, [
                ((), ()) if type(op) in _NUMBERS else
                (op.shape, tuple(s // op.itemsize for s in op.strides)) for op in operands])
            if wanted == tuple(s // result.itemsize for s in result.strides):
                wanted = None
        if len(_ELEMENTWISE) > 4096:
            _ELEMENTWISE.clear()
        _ELEMENTWISE[key] = wanted
    return result if wanted is None else with_strides(result, wanted)


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
