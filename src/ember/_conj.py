"""Lazily conjugated views: the memory behind ``x.conj()``.

In PyTorch ``x.conj()`` is a view: it shares x's memory and conjugates on every read, so a
write through either tensor shows in the other. NumPy has no conjugate-on-read array, and
ember's ops read ``tensor._data`` in a thousand places, so a conj view here holds a *mirror*
instead: an array with the conjugate of every element of the memory span under x. Views of a
conj view (slices, transposes, ``.imag``) are plain NumPy views into the mirror, with the
strides and offsets their counterparts have in x's memory; ``source_of`` maps one to the other.

The two copies are kept equal at the only moments they can part: every in-place write (each
place that bumps a version counter) calls ``written(tensor)`` while a mirror is alive. A write
into a mirror is conjugated back into x's memory, and every mirror over memory that changed is
refreshed from it. With no conj view alive the cost of a write is one truth test of ``LIVE``.
A write that bypasses ember (into an array from ``x.numpy()``) is not seen by a live mirror.
"""
from __future__ import annotations

import weakref

import numpy as np

from . import _backend

#: The live mirrors; each leaves when its mirror array (and every view of it) is freed.
LIVE = []


class Mirror:
    """The conjugate of one span of memory (``source``, a flat complex array over it)."""

    __slots__ = ("source", "_mirror", "_wrapped")

    def __init__(self, source, mirror):
        self.source = source
        owner = _backend.memory_owner(mirror)
        self._mirror = weakref.ref(owner, lambda _: LIVE.remove(self))
        self._wrapped = None if owner is mirror else _backend.device_index(mirror)
        LIVE.append(self)

    @property
    def mirror(self):
        owner = self._mirror()
        return owner if self._wrapped is None else _backend.standin_array(owner, self._wrapped)

    def to_mirror(self, arr):
        """The array over the mirror with ``arr``'s geometry (``arr`` lies in the source)."""
        return _moved(arr, self.source, self.mirror)

    def to_source(self, arr):
        """The array over the source with ``arr``'s geometry (``arr`` lies in the mirror)."""
        offset = _address(arr) - _address(self.mirror) + _address(self.source)
        root = _root(self.source)
        if root is not None:
            # Built on the array that owns the memory, so code that walks ``.base`` to find a
            # storage (serialization) finds the source's.
            return np.ndarray(arr.shape, arr.dtype, buffer=root,
                              offset=offset - _address(root), strides=arr.strides)
        return _moved(arr, self.mirror, self.source)

    def pull(self):
        """Refresh the mirror after the source memory changed."""
        conjugate_into(self.source, self.mirror)

    def push(self):
        """Write the mirror's values back (conjugated) into the source memory."""
        conjugate_into(self.mirror, self.source)


def conjugate_into(source, out):
    """``out[...] = conj(source)``, for complex32's (real, imag) float16 pairs too."""
    if source.dtype.names:  # complex32's (real, imag) float16 pairs
        out["real"] = source["real"]
        np.negative(source["imag"], out=out["imag"])
    else:
        np.conjugate(source, out=out)


def _moved(arr, start_from, to):
    """``arr`` (lying in the span ``start_from``) at the same place in the span ``to``."""
    flat = to.view(arr.dtype) if arr.dtype != to.dtype else to
    offset = (_address(arr) - _address(start_from)) // arr.itemsize
    return _as_strided(flat[offset:], arr.shape, arr.strides)


_address = _backend.address


def _root(arr):
    """The contiguous array that owns ``arr``'s memory, or None when there is none to name (a
    device array's memory is only ever reached through views)."""
    if not isinstance(arr, np.ndarray):
        return None
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    base = arr.base
    if base is not None and hasattr(base, "base") and isinstance(base.base, np.ndarray):
        return _root(base.base)  # an as_strided view: its base holds the original array
    return arr if arr.flags.c_contiguous and arr.flags.writeable else None


def _as_strided(arr, shape, strides):
    return _backend.as_strided(arr, shape, strides, writeable=True)


def _span(arr):
    """A flat array over the memory ``arr`` covers, from its lowest to its highest element."""
    if any(stride < 0 for stride in arr.strides):
        arr = arr[tuple(slice(None, None, -1) if stride < 0 else slice(None)
                        for stride in arr.strides)]
    if arr.size == 0:
        return arr.reshape(-1)[:0]
    extent = arr.itemsize + sum((size - 1) * stride for size, stride in zip(arr.shape,
                                                                            arr.strides))
    return _as_strided(arr, (-(-extent // arr.itemsize),), (arr.itemsize,))


def conjugated(arr):
    """The mirror array for a conj view of ``arr`` (a complex array, on its own device): its
    conjugate, laid out over a new span exactly as ``arr`` lies in its own memory."""
    source = _span(arr)
    mirror = _backend.namespace_of(source).empty_like(source)
    conjugate_into(source, mirror)
    return Mirror(source, mirror).to_mirror(arr)


def owner(arr):
    """The live ``Mirror`` whose mirror memory holds ``arr``, or None."""
    for mirror in LIVE:
        if _may_share(mirror.mirror, arr):
            return mirror
    return None


def _may_share(first, second):
    """Whether two arrays may share memory: never when they live on different devices."""
    if type(first) is not type(second):
        return False
    if type(first) is np.ndarray:
        return np.may_share_memory(first, second)
    return _backend.device_index(first) == _backend.device_index(second) and \
        _backend.namespace_of(first).may_share_memory(first, second)


def source_of(arr):
    """``arr`` itself, or for an array in a mirror the same geometry over the real memory."""
    if not LIVE or getattr(arr, "_is_meta", False):
        return arr
    mirror = owner(arr)
    return arr if mirror is None else mirror.to_source(arr)


def written(tensor):
    """Bring the two sides back in step after ``tensor``'s memory was written in place."""
    arr = tensor._data
    if getattr(arr, "_is_meta", False):
        return
    written_mirror = owner(arr)
    if written_mirror is not None:
        written_mirror.push()
        arr = written_mirror.source
    for mirror in LIVE:
        if mirror is not written_mirror and _may_share(mirror.source, arr):
            mirror.pull()
