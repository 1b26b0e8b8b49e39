"""Joining and splitting: cat, stack, split, chunk."""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ._registry import grad_fn, record, wrap


def _promoted(tensors):
    dt = tensors[0]._dtype
    for t in tensors[1:]:
        dt = D.promote_types(dt, t._dtype)
    return dt


def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dim.   The gradient is split back into the pieces."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    # PyTorch skips 1-D empty tensors, a legacy rule kept for compatibility.
    parts = [t for t in tensors if not (t._data.ndim == 1 and t._data.size == 0)] or tensors[:1]
    ref = parts[0]
    if ref._data.ndim == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _wrap_dim(dim, ref._data.ndim)
    for i, t in enumerate(parts):
        if t._data.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
        if t._data.ndim != ref._data.ndim:
            raise RuntimeError("Tensors must have same number of dimensions: got "
                               f"{ref._data.ndim} and {t._data.ndim}")
        for k in range(ref._data.ndim):
            if k != d and t._data.shape[k] != ref._data.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref._data.shape[k]} but got size "
                                   f"{t._data.shape[k]} for tensor number {i} in the list.")
    dt = _promoted(parts)
    arr = np.concatenate([t._data.astype(dt.np, copy=False) for t in parts], axis=d)
    sizes = [t._data.shape[d] for t in parts]
    return record(wrap(arr), CatBackward0, tuple(parts), dim=d, sizes=sizes)


concat = concatenate = cat


@grad_fn("CatBackward0")
def CatBackward0(ctx, grad):
    return tuple(grad.split(ctx.sizes, ctx.dim))


def stack(tensors, dim=0, *, out=None):
    """Join same-shaped tensors along a new dim.   The gradient is unbound along it."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry "
                               f"{i}")
    d = _wrap_dim(dim, len(shape) + 1)
    dt = _promoted(tensors)
    arr = np.stack([t._data.astype(dt.np, copy=False) for t in tensors], axis=d)
    return record(wrap(arr), StackBackward0, tuple(tensors), dim=d)


@grad_fn("StackBackward0")
def StackBackward0(ctx, grad):
    return tuple(grad.unbind(ctx.dim))


def split(tensor, split_size_or_sections, dim=0):
    """Split into chunks of a size, or of the given sizes, along dim (views)."""
    d = _wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size <= 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size else [0]
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={sizes}")
    outs, start = [], 0
    for s in sizes:
        outs.append(tensor.narrow(d, start, s))
        start += s
    return tuple(outs)


def narrow(input, dim, start, length):
    """The slice [start, start+length) of ``dim`` (a view)."""
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if isinstance(start, Tensor):
        start = int(start.item())
    if start < 0:
        start += n
    if not 0 <= start <= n or start + length > n:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return input[(slice(None),) * d + (slice(start, start + length),)]


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller)."""
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    size = -(-n // chunks) if n else 0
    return split(input, size, d) if size else split(input, [0] * chunks if n == 0 else [n], d)


FUNCTIONS = {"cat": cat, "concat": concat, "concatenate": concatenate, "stack": stack,
             "split": split, "narrow": narrow, "chunk": chunk}
METHODS = {"split": split, "narrow": narrow, "chunk": chunk}
