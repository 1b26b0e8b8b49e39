"""The ``*_copy`` twins of the view ops (``view_copy``, ``permute_copy``, ``diagonal_copy``...):
the same elements as the view, in new contiguous memory.

Each view op reads elements of its input, so its copy is "read the input at these flat
positions". The positions come from running the view op on ``arange(numel)`` shaped like the
input; the derivative adds the gradient back at them (``<View>Backward0_copy``, as PyTorch
names it), written with ember ops so that higher derivatives work.
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .._tensor import Tensor
from ..autograd import grad_mode
from ._registry import grad_fn, py_type_name, record
from .strided import _as_strided_backward, _positions, _storage, as_strided


def _copy_node(view_name):
    def backward(ctx, grad):
        from .indexing import index_grad
        numel = int(np.prod(ctx._input_meta[0][0], dtype=np.int64))
        return index_grad(grad, (numel,), (ctx.positions,)).reshape(ctx._input_meta[0][0])
    return grad_fn(f"{view_name}Backward0_copy")(backward)


def _read_copy(input, view, node):
    """``view(input)`` in new memory, with ``node`` as its derivative when input needs one."""
    with grad_mode.no_grad():
        values = view(input)
        xp = _backend.namespace_of(input._data)
        positions = view(Tensor._make(xp.arange(input._data.size, dtype=np.int64)
                                      .reshape(input._data.shape)))._data
    out = Tensor._make(values._data.copy())
    return record(out, node, (input,), positions=positions)


def _tensor_arg(name, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{py_type_name(input)}")


def _single(name, view_name, view):
    node = _copy_node(view_name)

    def op(input, *args, **kwargs):
        _tensor_arg(name, input)
        return _read_copy(input, lambda t: view(t, *args, **kwargs), node)
    op.__name__ = op.__qualname__ = name
    return op


def _many(name, view_name, view, resize):
    """A list-valued copy twin; its out= tensors are resized to the pieces (``resize``, with
    torch's warning when they held elements) or must already take them (split_copy)."""
    node = _copy_node(view_name)

    def op(input, *args, out=None, **kwargs):
        _tensor_arg(name, input)
        with grad_mode.no_grad():
            count = len(view(input, *args, **kwargs))
        pieces = tuple(_read_copy(input, lambda t, i=i: view(t, *args, **kwargs)[i], node)
                       for i in range(count))
        if out is None:
            return pieces
        if len(out) != count:
            raise RuntimeError(f"{name}: expected {count} out tensors, got {len(out)}")
        from ._out import store
        with grad_mode.no_grad():
            for piece, target in zip(pieces, out):
                if resize:
                    store(piece, target, True)
                else:
                    target.copy_(piece)
        return None
    op.__name__ = op.__qualname__ = name
    return op


def _slice(input, dim=0, start=None, end=None, step=1):
    index = [slice(None)] * input._data.ndim
    index[dim] = slice(start, end, step)
    return input[tuple(index)]


def _alias(input):
    return input.view_as(input)


def as_strided_copy(input, size, stride, storage_offset=None):
    """``as_strided(input, size, stride, storage_offset)`` in new memory."""
    _tensor_arg("as_strided_copy", input)
    with grad_mode.no_grad():
        view = as_strided(input, size, stride, storage_offset)
    flat, offset = _storage(input)
    start = offset if storage_offset is None else int(storage_offset)
    out = Tensor._make(view._data.copy())
    return record(out, AsStridedBackward0_copy, (input,), size=flat.size,
                  out_positions=_positions(view._data.shape, view.stride(), start),
                  in_positions=_positions(input._data.shape, input.stride(), offset))


AsStridedBackward0_copy = grad_fn("AsStridedBackward0_copy")(_as_strided_backward)


def detach_copy(input):
    """``input.detach()`` in new memory: a copy outside the graph."""
    _tensor_arg("detach_copy", input)
    return Tensor._make(input._data.copy())


def _view_as_real_copy(input):
    from .complex import view_as_real
    return _converted_copy("view_as_real_copy", input, view_as_real, ViewAsRealBackward0_copy)


def _view_as_complex_copy(input):
    from .complex import view_as_complex
    return _converted_copy("view_as_complex_copy", input, view_as_complex,
                           ViewAsComplexBackward0_copy)


def _converted_copy(name, input, view, node):
    _tensor_arg(name, input)
    with grad_mode.no_grad():
        values = view(input)
    return record(Tensor._make(values._data.copy()), node, (input,))


@grad_fn("ViewAsRealBackward0_copy", complex_aware=True)
def ViewAsRealBackward0_copy(ctx, grad):
    from .complex import view_as_complex
    return view_as_complex(grad.contiguous())


@grad_fn("ViewAsComplexBackward0_copy", complex_aware=True)
def ViewAsComplexBackward0_copy(ctx, grad):
    from .complex import view_as_real
    return view_as_real(grad)


def view_copy(input, size):
    """``input.view(size)`` in new memory; ``view_copy(input, dtype)`` reinterprets the bytes
    (no gradient), as ``view(dtype)`` does."""
    from .. import _dtype as D
    _tensor_arg("view_copy", input)
    if isinstance(size, D.dtype):
        with grad_mode.no_grad():
            return Tensor._make(input.view(size)._data.copy())
    return _view_copy(input, size)


_view_copy = _single("view_copy", "View", lambda t, size: t.view(size))
FUNCTIONS = {
    "view_copy": view_copy,
    "permute_copy": _single("permute_copy", "Permute", lambda t, dims: t.permute(dims)),
    "transpose_copy": _single("transpose_copy", "Transpose", lambda t, dim0, dim1:
                              t.transpose(dim0, dim1)),
    "t_copy": _single("t_copy", "T", lambda t: t.t()),
    "expand_copy": _single("expand_copy", "Expand", lambda t, size, *, implicit=False:
                           t.expand(size)),
    "squeeze_copy": _single("squeeze_copy", "Squeeze", lambda t, *dim: t.squeeze(*dim)),
    "unsqueeze_copy": _single("unsqueeze_copy", "Unsqueeze", lambda t, dim: t.unsqueeze(dim)),
    "diagonal_copy": _single("diagonal_copy", "Diagonal", lambda t, offset=0, dim1=0, dim2=1:
                             t.diagonal(offset, dim1, dim2)),
    "select_copy": _single("select_copy", "Select", lambda t, dim, index: t.select(dim, index)),
    "slice_copy": _single("slice_copy", "Slice", _slice),
    "unfold_copy": _single("unfold_copy", "Unfold", lambda t, dimension, size, step:
                           t.unfold(dimension, size, step)),
    "alias_copy": _single("alias_copy", "Alias", _alias),
    "split_copy": _many("split_copy", "Split", lambda t, split_size, dim=0:
                        t.split(split_size, dim), resize=False),
    "split_with_sizes_copy": _many("split_with_sizes_copy", "SplitWithSizes",
                                   lambda t, split_sizes, dim=0: t.split(list(split_sizes), dim),
                                   resize=True),
    "unbind_copy": _many("unbind_copy", "Unbind", lambda t, dim=0: t.unbind(dim), resize=True),
    "as_strided_copy": as_strided_copy,
    "detach_copy": detach_copy,
    "view_as_real_copy": _view_as_real_copy,
    "view_as_complex_copy": _view_as_complex_copy,
}
for _name, _fn in FUNCTIONS.items():
    _fn.__name__ = _fn.__qualname__ = _name
METHODS = {}
