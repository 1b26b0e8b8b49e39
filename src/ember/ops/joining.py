"""Joining and splitting: cat, stack, split, chunk, tensor_split, meshgrid, block_diag."""
from __future__ import annotations

import itertools
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._deprecated import _user_stacklevel
from .._tensor import Tensor, _wrap_dim
from ._registry import (check_devices, grad_fn, invalid_combination, py_type_name, record,
                        is_sparse, tensor_sequence, wrap)
from .shape import make_view


def _promoted(tensors):
    dt = tensors[0]._dtype
    for t in tensors[1:]:
        dt = D.promote_types(dt, t._dtype)
    return dt


def _check_meta_beside(tensors):
    """A meta tensor joined with tensors of another device: PyTorch's meta kernel names the
    first one off the first tensor's device, before it checks dims or shapes."""
    first = tensors[0]._device
    for t in tensors:
        if t._device != first and "meta" in (t._device.type, first.type):
            raise RuntimeError(f"Tensor on device {t.device} is not on the expected device "
                               f"{tensors[0].device}!")


def _non_empty(name, tensors):
    tensors = tensor_sequence(name, tensors)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tuple(tensors)


def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dimension. The gradient is split back into the pieces.

    Args:
        tensors: a sequence of tensors with equal sizes except along ``dim``.
        dim: the dimension to join along (default 0).

    Returns:
        A new Tensor whose size along ``dim`` is the sum of the inputs'.

    Example:
        >>> ember.cat([ember.zeros(1, 2), ember.ones(2, 2)])
        tensor([[0., 0.],
                [1., 1.],
                [1., 1.]])
    """
    tensors = tensor_sequence("cat", tensors)
    if not tensors:
        raise ValueError("ember.cat(): expected a non-empty list of Tensors")
    if type(tensors[0]) is not Tensor and is_sparse(tensors[0]):
        from ..sparse._coo import cat as sparse_cat  # indices shifted, values joined
        return sparse_cat(tensors, dim)
    _check_meta_beside(tensors)
    # PyTorch skips 1-D empty tensors, a legacy rule kept for compatibility, after it refuses a
    # 0-d one (named by its place in the list); when all are skipped, any dim gives one.
    parts = []
    for i, t in enumerate(tensors):
        ndim = t._data.ndim
        if ndim == 1 and t._data.size == 0:
            continue
        if ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
        parts.append(t)
    ref = parts[0] if parts else tensors[0]
    d = _wrap_dim(dim, ref._data.ndim) if parts else 0
    parts = parts or tensors
    for i, t in enumerate(parts):
        if t._data.ndim != ref._data.ndim:
            raise RuntimeError("Tensors must have same number of dimensions: got "
                               f"{ref._data.ndim} and {t._data.ndim}")
        for k in range(ref._data.ndim):
            if k != d and t._data.shape[k] != ref._data.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref._data.shape[k]} but got size "
                                   f"{t._data.shape[k]} for tensor number {i} in the list.")
    check_devices(parts)
    dt = _promoted(parts)
    arr = np.concatenate([D.as_np(t._data, dt) for t in parts], axis=d)
    arr = MF.in_format(arr, _common_format(parts))
    sizes = [t._data.shape[d] for t in parts]
    return record(wrap(arr), CatBackward0, tuple(parts), dim=d, sizes=sizes)


concat = concatenate = cat


@grad_fn("CatBackward0")
def CatBackward0(ctx, grad):
    return tuple(grad.split(ctx.sizes, ctx.dim))


def stack(tensors, dim=0, *, out=None):
    """Join same-shaped tensors along a new dimension. The gradient is unbound along it.

    Args:
        tensors: a sequence of tensors of one shape.
        dim: where the new dimension goes (default 0).

    Returns:
        A new Tensor with one more dimension, of size ``len(tensors)``.

    Example:
        >>> ember.stack([ember.tensor([1, 2]), ember.tensor([3, 4])], dim=1)
        tensor([[1, 3],
                [2, 4]])
    """
    tensors = tensor_sequence("stack", tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    if type(tensors[0]) is not Tensor and is_sparse(tensors[0]):
        from ..sparse._coo import stack as sparse_stack
        return sparse_stack(tensors, dim)
    shape = tensors[0]._data.shape
    d = _wrap_dim(dim, len(shape) + 1)
    _check_meta_beside(tensors)
    for i, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry "
                               f"{i}")
    check_devices(tensors)
    dt = _promoted(tensors)
    arrays = [D.as_np(t._data, dt) for t in tensors]
    if not shape and all(type(a) is np.ndarray for a in arrays):
        # 0-d tensors (a loop's losses): np.array copies them into one array as np.stack
        # would, without its per-array expand_dims.
        arr = np.array(arrays, like=arrays[0])
    else:
        arr = np.stack(arrays, axis=d)
        # Row-major, as torch's, unless the inputs are all channels-last (then each slot keeps
        # their layout, as NumPy's stack gives it).
        if _common_format(tensors) is MF.contiguous_format:
            arr = MF.row_major_array(arr)
    return record(wrap(arr), StackBackward0, tuple(tensors), dim=d)


def _common_format(tensors):
    """The memory format torch gives a cat of ``tensors``: the one their strides all
    suggest, else contiguous_format."""
    if tensors[0]._data.ndim not in (4, 5):
        return MF.contiguous_format
    formats = {MF.suggest(t._data.shape, t.stride()) for t in tensors}
    return formats.pop() if len(formats) == 1 else MF.contiguous_format


@grad_fn("StackBackward0")
def StackBackward0(ctx, grad):
    return tuple(grad.unbind(ctx.dim))


def split(tensor, split_size_or_sections, dim=0):
    """Split into chunks of a size, or of the given sizes, along dim (views).
    The gradient is the pieces' gradients joined back (cat)."""
    if not (type(split_size_or_sections) is int and type(dim) is int):
        split_size_or_sections = _check_split_args(tensor, split_size_or_sections, dim)
    if tensor._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = _wrap_dim(dim, tensor._data.ndim)
    n = tensor._data.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got split_size="
                               f"{size}")
        if size == 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size and n else [0]
        cls = SplitBackward0
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n or any(s < 0 for s in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={sizes}")
        cls = SplitWithSizesBackward0
    arr = tensor._data
    bounds = np.cumsum([0] + sizes)
    outs = tuple(make_view(tensor, arr[(slice(None),) * d + (slice(a, b),)])
                 for a, b in itertools.pairwise(bounds))
    return record(outs, cls, (tensor,), dim=d)


def _check_split_args(tensor, sizes, dim):
    """PyTorch's parser on split's arguments, returning the size or sizes as ints: a Python int
    size goes to split, anything else to split_with_sizes, which takes a sequence of ints or
    one-element tensors, and a one-element tensor as the size itself (a NumPy integer is
    refused)."""
    if isinstance(sizes, Tensor) and sizes.numel() == 1:
        sizes = int(sizes.item())
    if isinstance(sizes, int) and not isinstance(sizes, bool):
        if not isinstance(dim, (int, np.integer)):
            raise invalid_combination("split", (tensor, sizes, dim), (
                "Tensor input, int split_size, int dim = 0",
                "Tensor input, tuple of ints split_size, int dim = 0"))
        return sizes
    if not isinstance(sizes, (tuple, list)):
        raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position 2) must be tuple "
                        f"of ints, not {py_type_name(sizes)}")
    for pos, size in enumerate(sizes):
        if not (isinstance(size, (int, np.integer)) or
                isinstance(size, Tensor) and size.numel() == 1):
            raise TypeError(f"split_with_sizes(): argument 'split_sizes' failed to unpack the "
                            f"object at pos {pos + 1} with error \"type must be tuple of ints,but "
                            f"got {type(size).__name__}\"")
    return [int(size) for size in sizes]


def _split_backward(ctx, *grads):
    return cat(grads, ctx.dim)


SplitBackward0 = grad_fn("SplitBackward0")(_split_backward)
SplitWithSizesBackward0 = grad_fn("SplitWithSizesBackward0")(_split_backward)


def tensor_split(input, indices_or_sections, dim=0):
    """Split into n nearly equal parts (the first n % size one longer) or at the given
    indices along dim (views)."""
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if isinstance(indices_or_sections, Tensor):
        if indices_or_sections._data.ndim == 0:
            indices_or_sections = int(indices_or_sections.item())
        else:
            indices_or_sections = indices_or_sections.tolist()
    if isinstance(indices_or_sections, int):
        sections = indices_or_sections
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        size, extra = divmod(n, sections)
        lengths = [size + 1] * extra + [size] * (sections - extra)
        bounds = np.cumsum([0] + lengths).tolist()
    else:
        bounds = [0] + [min(max(int(i), 0), n) for i in indices_or_sections] + [n]
    return tuple(input.narrow(d, a, max(b - a, 0)) for a, b in itertools.pairwise(bounds))


def _split_helper(name, input, sections, dim, min_dims):
    if input._data.ndim < min_dims:
        raise RuntimeError(f"ember.{name} requires a tensor with at least {min_dims} dimension, "
                           f"but got a tensor with {input._data.ndim} dimensions!")
    if isinstance(sections, int):
        size = input._data.shape[dim]
        if sections == 0 or size % sections:
            raise RuntimeError(f"ember.{name} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {size} is not divisible by the "
                               f"split_size {sections}!")
    return tensor_split(input, sections, dim)


def hsplit(input, indices_or_sections):
    """tensor_split along dim 1 (dim 0 for 1-D input); int sections must divide evenly."""
    return _split_helper("hsplit", input, indices_or_sections,
                         1 if input._data.ndim > 1 else 0, 1)


def vsplit(input, indices_or_sections):
    """tensor_split along dim 0; int sections must divide evenly."""
    return _split_helper("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    """tensor_split along dim 2; int sections must divide evenly."""
    return _split_helper("dsplit", input, indices_or_sections, 2, 3)


def narrow(input, dim, start, length):
    """The slice [start, start+length) of ``dim`` (a view)."""
    if not (type(dim) is int and type(start) is int and type(length) is int) and (
            not all(isinstance(v, (int, np.integer)) for v in (dim, length)) or
            not isinstance(start, (int, np.integer, Tensor))):
        raise invalid_combination("narrow", (input, dim, start, length), (
            "Tensor input, int dim, Tensor start, int length",
            "Tensor input, int dim, int start, int length"))
    if input._data.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    if isinstance(start, Tensor):
        start = int(start.item())
    if not -n <= start <= n:
        raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but got "
                         f"{start})")
    if start < 0:
        start += n
    if not 0 <= start <= n or start + length > n:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return input[(slice(None),) * d + (slice(start, start + length),)]


def chunk(input, chunks, dim=0):
    """Split into ``chunks`` pieces of equal size (the last may be smaller)."""
    if not (type(chunks) is int and type(dim) is int):
        for name, value, position in (("chunks", chunks, 2), ("dim", dim, 3)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"chunk(): argument '{name}' (position {position}) must be int, "
                                f"not {py_type_name(value)}")
    if input._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = _wrap_dim(dim, input._data.ndim)
    n = input._data.shape[d]
    return split(input, -(-n // chunks) if n else 0, d) if n else \
        split(input, [0] * chunks, d)


def atleast_1d(*tensors):
    """Each tensor viewed with at least one dim."""
    return _atleast(tensors, lambda t: t.reshape(1) if t._data.ndim == 0 else t)


def atleast_2d(*tensors):
    """Each tensor viewed with at least two dims (1-D becomes a row)."""
    return _atleast(tensors, lambda t: t.reshape(1, 1) if t._data.ndim == 0 else
                    t.unsqueeze(0) if t._data.ndim == 1 else t)


def atleast_3d(*tensors):
    """Each tensor viewed with at least three dims (as numpy: (n,) -> (1, n, 1))."""
    def lift(t):
        nd = t._data.ndim
        if nd == 0:
            return t.reshape(1, 1, 1)
        if nd == 1:
            return t.unsqueeze(0).unsqueeze(-1)
        return t.unsqueeze(-1) if nd == 2 else t
    return _atleast(tensors, lift)


def _atleast(tensors, lift):
    if len(tensors) == 1:
        if isinstance(tensors[0], Tensor):
            return lift(tensors[0])
        tensors = tensors[0]
    return tuple(lift(t) for t in tensors)


def hstack(tensors, *, out=None):
    """cat along dim 1 (dim 0 for 1-D tensors)."""
    tensors = tensor_sequence("hstack", tensors)
    if not len(tensors):
        raise RuntimeError("hstack expects a non-empty TensorList")
    tensors = atleast_1d(tuple(tensors))
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors, *, out=None):
    """cat of the tensors made at least 2-D, along dim 0."""
    return cat(atleast_2d(_non_empty("vstack", tensors)), 0)


def row_stack(tensors, *, out=None):
    """vstack under its older name."""
    tensor_sequence("row_stack", tensors)
    return cat(atleast_2d(_non_empty("vstack", tensors)), 0)


def dstack(tensors, *, out=None):
    """cat of the tensors made at least 3-D, along dim 2."""
    return cat(atleast_3d(_non_empty("dstack", tensors)), 2)


def column_stack(tensors, *, out=None):
    """cat along dim 1 with 0-D and 1-D tensors made columns."""
    cols = tuple(t.reshape(-1, 1) if t._data.ndim <= 1 else t
                 for t in _non_empty("column_stack", tensors))
    return cat(cols, 1)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids of 1-D tensors: expanded views (``ij`` or ``xy`` ordering)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("ember.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=_user_stacklevel())
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError('ember.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError("ember.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t}")
    flat = [t.reshape(-1) for t in tensors]
    swap = indexing == "xy" and len(flat) >= 2
    if swap:
        flat[0], flat[1] = flat[1], flat[0]
    shape = tuple(t._data.shape[0] for t in flat)
    nd = len(flat)
    grids = [t.reshape((1,) * i + (-1,) + (1,) * (nd - i - 1)).expand(shape)
             for i, t in enumerate(flat)]
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


def cartesian_prod(*tensors):
    """All combinations of the 1-D tensors' elements, one per row (itertools.product order)."""
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


def block_diag(*tensors):
    """The tensors (0-D, 1-D as rows, 2-D) placed along the diagonal of a zero matrix.
    The gradient of each is its block of the output's gradient."""
    mats = []
    for i, t in enumerate(tensors):
        if t._data.ndim > 2:
            raise RuntimeError("ember.block_diag: Input tensors must have 2 or fewer "
                               f"dimensions. Input {i} has {t._data.ndim} dimensions")
        mats.append(t._data.reshape(1, -1) if t._data.ndim < 2 else t._data)
    dt = _promoted(list(tensors)) if tensors else D.get_default_dtype()
    rows = sum(m.shape[0] for m in mats)
    cols = sum(m.shape[1] for m in mats)
    xp = _backend.common_namespace(*mats)
    arr = xp.zeros((rows, cols), dtype=dt.np)
    r = c = 0
    spans = []
    for m in mats:
        arr[r:r + m.shape[0], c:c + m.shape[1]] = m
        spans.append((r, r + m.shape[0], c, c + m.shape[1]))
        r, c = r + m.shape[0], c + m.shape[1]
    return record(wrap(arr), BlockDiagBackward0, tuple(tensors), spans=spans)


@grad_fn("BlockDiagBackward0")
def BlockDiagBackward0(ctx, grad):
    return tuple(grad[r0:r1, c0:c1].reshape(meta[0]) if meta is not None else None
                 for (r0, r1, c0, c1), meta in zip(ctx.spans, ctx._input_meta))


FUNCTIONS = {"cat": cat, "concat": concat, "concatenate": concatenate, "stack": stack,
             "split": split, "narrow": narrow, "chunk": chunk, "tensor_split": tensor_split,
             "hsplit": hsplit, "vsplit": vsplit, "dsplit": dsplit, "hstack": hstack,
             "vstack": vstack, "row_stack": row_stack, "dstack": dstack,
             "column_stack": column_stack, "atleast_1d": atleast_1d, "atleast_2d": atleast_2d,
             "atleast_3d": atleast_3d, "meshgrid": meshgrid, "cartesian_prod": cartesian_prod,
             "block_diag": block_diag}
METHODS = {"split": split, "narrow": narrow, "chunk": chunk, "tensor_split": tensor_split,
           "hsplit": hsplit, "vsplit": vsplit, "dsplit": dsplit}
