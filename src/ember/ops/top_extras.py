"""Small tensor functions of torch's top level and Tensor that programs reach for: the
``unsafe_`` splits, ``nonzero_static``, tensors over a buffer or a file (``frombuffer``,
``from_file``), ``empty_permuted``, ``to_dlpack`` and ``is_distributed``.
"""
from __future__ import annotations

import itertools
import math
import os
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ._registry import grad_fn, not_tensor, record, wrap


def _tensor(name, value, arg="input", position=1):
    if not isinstance(value, Tensor):
        raise not_tensor(name, value, arg, position)
    return value


# --- splits whose pieces are not tracked as views ---------------------------------------------

def _unsafe_pieces(name, input, sizes, dim, cls):
    """The pieces of ``input`` along ``dim``, sharing its memory but not recorded as views (so
    in-place ops on them skip the view checks, as torch's unsafe_ variants do); the gradient
    is the pieces' gradients joined back."""
    arr = input._data
    bounds = np.cumsum([0, *sizes])
    lead = (slice(None),) * dim
    outs = tuple(Tensor._make(arr[(*lead, slice(int(a), int(b)))])
                 for a, b in itertools.pairwise(bounds))
    return record(outs, cls, (input,), dim=dim)


def _cat_pieces(ctx, *grads):
    from .joining import cat
    return cat(grads, ctx.dim)


UnsafeSplitBackward0 = grad_fn("UnsafeSplitBackward0")(_cat_pieces)
UnsafeSplitWithSizesBackward0 = grad_fn("UnsafeSplitWithSizesBackward0")(_cat_pieces)


def unsafe_split(input, split_size, dim=0):
    """``split`` into pieces of ``split_size`` (the last may be smaller) whose in-place
    modification torch does not track as views of ``input``."""
    _tensor("unsafe_split", input, "self")
    d = _wrap_dim(dim, input.dim())
    n = input._data.shape[d]
    if split_size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size="
                           f"{split_size}")
    if split_size == 0 and n:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension "
                           f"size of {n}")
    sizes = [split_size] * (n // split_size) + ([n % split_size] if n % split_size else []) \
        if split_size else [0]
    return _unsafe_pieces("unsafe_split", input, sizes, d, UnsafeSplitBackward0)


def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """``split_with_sizes`` whose pieces torch does not track as views of ``input``."""
    _tensor("unsafe_split_with_sizes", input, "self")
    d = _wrap_dim(dim, input.dim())
    n = input._data.shape[d]
    sizes = [int(s) for s in split_sizes]
    if sum(sizes) != n or any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                           f"tensor's size at dimension {d}), but got split_sizes={sizes}")
    return _unsafe_pieces("unsafe_split_with_sizes", input, sizes, d,
                          UnsafeSplitWithSizesBackward0)


def unsafe_chunk(input, chunks, dim=0):
    """``chunk`` into ``chunks`` pieces of ``ceil(size / chunks)`` (fewer when that covers the
    dim), not tracked as views of ``input``."""
    _tensor("unsafe_chunk", input, "self")
    if input.dim() == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._data.shape[_wrap_dim(dim, input.dim())]
    return unsafe_split(input, math.ceil(n / chunks) if n else 0, dim) if n else \
        unsafe_split_with_sizes(input, [0] * chunks, dim)


# --- nonzero with a fixed result size ---------------------------------------------------------

def nonzero_static(input, *, size, fill_value=-1):
    """The first ``size`` rows of ``nonzero(input)``, padded with rows of ``fill_value`` when
    there are fewer: a result shape that does not depend on the values."""
    _tensor("nonzero_static", input)
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    xp = _backend.namespace_of(input._data)
    found = xp.argwhere(input._data).astype(np.int64)[:size]
    ndim = input._data.ndim
    out = xp.full((size, ndim), fill_value, dtype=np.int64)
    out[:found.shape[0]] = found
    return wrap(out)


# --- tensors over memory the caller owns ------------------------------------------------------

_warned_read_only = []


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor over the bytes of an object with the buffer protocol, sharing its memory:
    ``count`` elements of ``dtype`` from byte ``offset`` (``-1``: all that remain)."""
    dt = D.as_dtype(dtype)
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length = view.nbytes
    if length <= 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than "
                         f"buffer length ({length} bytes) minus 1")
    itemsize = dt.itemsize
    if count < 0:
        if (length - offset) % itemsize:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} "
                             f"bytes) must be a multiple of element size ({itemsize})")
        count = (length - offset) // itemsize
    elif offset + count * itemsize > length:
        raise ValueError(f"requested buffer length ({count} * {itemsize} bytes) after offset "
                         f"({offset} bytes) must not be greater than actual buffer length "
                         f"({length} bytes)")
    arr = np.frombuffer(view.cast("B"), dtype=dt.np, count=count, offset=offset)
    if not arr.flags.writeable:
        # NumPy refuses writes through a read-only buffer, so ember copies it; torch would
        # share it (and warns, once, that writes then reach the buffer).
        if not _warned_read_only:
            _warned_read_only.append(True)
            warnings.warn("The given buffer is not writable, and PyTorch does not support "
                          "non-writable tensors. This means you can write to the underlying "
                          "(supposedly non-writable) buffer using the tensor. You may want to "
                          "copy the buffer to protect its data or make it writable before "
                          "converting it to a tensor. This type of warning will be suppressed "
                          "for the rest of this program.", UserWarning, stacklevel=2)
        arr = arr.copy()
    out = Tensor._make(arr)
    if requires_grad:
        out.requires_grad_(True)
    return out


def from_file(filename, shared=None, size=0, *, dtype=None, layout=None, device=None,
              pin_memory=False):
    """A 1-D tensor of ``size`` elements mapped from ``filename``. ``shared=True`` maps the
    file itself (writes reach it; the file grows to fit), otherwise the tensor gets a private
    copy-on-write mapping of it."""
    dt = D.get_default_dtype() if dtype is None else D.as_dtype(dtype)
    nbytes = size * dt.itemsize
    if shared:
        mode = "r+b" if os.path.exists(filename) else "w+b"
        with open(filename, mode) as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < nbytes:
                f.truncate(nbytes)
    if not os.path.exists(filename):
        raise RuntimeError(f"unable to open file <{filename}> in read-only mode: No such file "
                           f"or directory (2)")
    if size == 0:
        out = Tensor._make(np.empty(0, dtype=dt.np))
    else:
        actual = os.path.getsize(filename)
        if actual < nbytes:
            raise RuntimeError(f"file <{filename}> size <{actual}> is smaller than the required "
                               f"mapping size <{nbytes}>")
        out = Tensor._make(np.memmap(filename, dtype=dt.np, mode="r+" if shared else "c",
                                     shape=(size,)).view(np.ndarray))
    return out if device is None else out.to(device)


def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad=False, pin_memory=False):
    """An uninitialised tensor of logical ``size`` whose memory holds the dims in the order
    ``physical_layout`` (outermost first): ``empty(size[physical_layout]).permute(inverse)``."""
    from .creation import empty
    size, order = list(size), list(physical_layout)
    if len(size) != len(order):
        raise RuntimeError(f"Number of dimensions in size does not match the length of the "
                           f"physical_layout; i.e. len(size) = {len(size)} is not equal to "
                           f"len(physical_layout) = {len(order)}")
    for i, d in enumerate(order):
        if not 0 <= d < len(size):
            raise RuntimeError(f"Dimension out of range (expected to be between 0 and "
                               f"{len(size) - 1}, but got {d} at index {i}).  NB: negative dims "
                               f"not currently supported; file an issue if you want it.")
    if len(set(order)) < len(order):
        raise RuntimeError("Duplicate dim not allowed")
    inverse = [order.index(d) for d in range(len(size))]
    out = empty([size[d] for d in order], dtype=dtype, device=device).permute(inverse)
    out = out.detach()
    if requires_grad:
        out.requires_grad_(True)
    return out


def to_dlpack(tensor):
    """A DLPack capsule sharing ``tensor``'s memory, for another library's ``from_dlpack``
    (versioned: NumPy imports an unversioned one read-only)."""
    _tensor("to_dlpack", tensor, "data")
    return tensor._data.__dlpack__(max_version=(1, 0))


def is_distributed(input):
    """False: ember's tensors are never split across processes (torch's legacy query)."""
    _tensor("is_distributed", input, "self")
    return False


FUNCTIONS = {
    "unsafe_split": unsafe_split, "unsafe_split_with_sizes": unsafe_split_with_sizes,
    "unsafe_chunk": unsafe_chunk, "nonzero_static": nonzero_static, "frombuffer": frombuffer,
    "from_file": from_file, "empty_permuted": empty_permuted, "to_dlpack": to_dlpack,
    "is_distributed": is_distributed,
}
METHODS = {
    "unsafe_split": unsafe_split, "unsafe_split_with_sizes": unsafe_split_with_sizes,
    "unsafe_chunk": unsafe_chunk, "nonzero_static": nonzero_static,
    "is_distributed": is_distributed,
}
