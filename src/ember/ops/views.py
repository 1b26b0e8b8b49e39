"""In-place ops on views: PyTorch's CopySlices.

A view shares memory with its base, so writing into the view changes the base. When the base
is part of a graph, the base's history must change too. Following PyTorch:

* the base's grad_fn becomes ``CopySlices``: the gradient of the new base passes unchanged
  everywhere except at the view's elements, where it is routed through the in-place op;
* the view's grad_fn is re-derived from the new base (``AsStridedBackward0``: reading the
  view's elements out of the base).

Where the view sits inside its base is found from the arrays' memory addresses, so every kind
of view (slices with steps, transposes, diagonals, unsqueezes...) is handled by one rule.
The view's elements become a flat index into the base (``positions``), and the three
derivatives are index reads and writes at those positions.
"""
from __future__ import annotations

import weakref

import numpy as np

from .. import _backend
from .._conj import source_of
from .._tensor import Tensor
from ._registry import _write, grad_fn, record


def _addresses(arr):
    """The byte address of every element of ``arr`` (an int64 array of arr's shape)."""
    xp = _backend.namespace_of(arr)
    total = xp.zeros(arr.shape, dtype=np.int64)
    for axis, (size, stride) in enumerate(zip(arr.shape, arr.strides)):
        shape = [1] * arr.ndim
        shape[axis] = size
        total = total + (xp.arange(size, dtype=np.int64) * stride).reshape(shape)
    return total + _backend.address(arr)


def view_positions(base, view):
    """The C-order flat index into ``base`` of each element of ``view`` (same shape as view).

    Both are arrays over the same memory; NumPy keeps their byte strides and start addresses,
    which is all that is needed.
    """
    view_addr = _addresses(view)
    if base.flags.c_contiguous:
        return (view_addr - _backend.address(base)) // base.itemsize
    base_addr = _addresses(base).reshape(-1)
    order = np.argsort(base_addr, kind="stable")
    return order[np.searchsorted(base_addr[order], view_addr)]


def locate_no_grad_view(base, view):
    """The locator of a view made in no-grad mode of a base that requires grad: PyTorch
    forbids modifying such a view in place with grad mode on."""
    raise RuntimeError(
        "A view was created in no_grad mode and is being modified inplace with grad mode "
        "enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You "
        "can clarify your code by moving both the view and the inplace either both inside the "
        "no_grad block (if you don't want the inplace to be tracked) or both outside (if you "
        "want the inplace to be tracked).")


def _index_of(positions, shape):
    """NumPy fancy index (one int array per dim of ``shape``) of flat ``positions``."""
    return np.unravel_index(positions, shape) if shape else ()


@grad_fn("AsStridedBackward0")
def AsStridedBackward0(ctx, grad):
    from .indexing import index_grad
    return index_grad(grad, ctx._input_meta[0][0], ctx.index)


@grad_fn("CopySlices")
def CopySlices(ctx, grad):
    """Gradient of base-with-view-overwritten: grad outside the view to the old base, grad
    inside the view to the value written."""
    from .indexing import getitem_raw, masked_zero
    old_base = masked_zero(grad, ctx.index) if ctx.needs_input_grad[0] else None
    value = getitem_raw(grad, ctx.index) if ctx.needs_input_grad[1] else None
    return old_base, value


CopySlices.name = lambda self: "ember::autograd::CopySlices"


def track_view(base, view):
    """Remember a differentiable view of ``base`` (weakly) so that an in-place op on the base
    or on a sibling view can re-derive its history; dead entries are pruned as it grows."""
    views = base.__dict__.get("_views")
    if views is None:
        views = base.__dict__["_views"] = []
    elif len(views) >= 32 and len(views) & (len(views) - 1) == 0:
        views[:] = [ref for ref in views if ref() is not None]
    views.append(weakref.ref(view))


def refresh_views(base, skip=None):
    """After ``base`` changed in place, give each live view a history reading from it.

    PyTorch re-derives a view's grad_fn when its base's version moved; ember does it eagerly
    for the views it tracks, so a view used afterwards sees the in-place op (else its gradient
    would silently skip it).
    """
    views = base.__dict__.get("_views")
    if not views or not base._requires_grad:
        return
    for ref in views:
        view = ref()
        if view is None or view is skip or view._view_fn is not view_positions or \
                not np.may_share_memory(base._data, source_of(view._data)):
            continue
        positions = view_positions(base._data, source_of(view._data))
        node_source = _read_view(base, view._data, _index_of(positions, base._data.shape),
                                 view._is_conj)
        view.grad_fn, view._output_nr = node_source.grad_fn, 0
        view._requires_grad = True


def _read_view(base, arr, index, conj):
    """A tensor over ``arr`` whose history reads the view's elements out of ``base`` (and
    conjugates them, for a conj view, whose array is a mirror of base's memory)."""
    if not conj:
        return record(Tensor._make(arr), AsStridedBackward0, (base,), index=index)
    from .complex import ConjBackward0
    read = record(Tensor._make(source_of(arr)), AsStridedBackward0, (base,), index=index)
    return record(Tensor._make(arr), ConjBackward0, (read,))


def _alias(tensor):
    """A new tensor over ``tensor``'s array carrying its current place in the graph."""
    alias = Tensor._make(tensor._data)
    alias.grad_fn, alias._output_nr = tensor.grad_fn, tensor._output_nr
    alias._requires_grad = tensor._requires_grad
    if alias.grad_fn is None and alias._requires_grad:
        alias._accumulator = tensor._accumulator
    alias._vc = tensor._vc
    return alias


def inplace_on_view(target, compute, *others):
    """Run the in-place op ``compute`` on the view ``target`` and rewrite its base's history.

    ``compute(old_value, *others)`` gives the view's new value out of place; it is written
    into the shared memory, the base gets a ``CopySlices`` node, and the view an
    ``AsStridedBackward0`` node reading from the new base.
    """
    base = target._base
    node = target.grad_fn
    if node is not None and node._num_outputs > 1:
        raise RuntimeError(
            f"Output {target._output_nr} of {node.name().replace('Backward0', '')} is a view "
            "and is being modified inplace. This view is the output of a function that returns "
            "multiple views. Such functions do not allow the output views to be modified "
            "inplace. You should replace the inplace operation by an out-of-place one.")
    conj = target._is_conj
    positions = target._view_fn(base._data, source_of(target._data))
    # Only a broadcast (stride 0) dim makes two elements share memory.
    if any(stride == 0 and size > 1 for stride, size in zip(target._data.strides,
                                                             target._data.shape)):
        raise RuntimeError("unsupported operation: more than one element of the written-to "
                           "tensor refers to a single memory location. Please clone() the "
                           "tensor before performing the operation.")
    old_base = _alias(base)
    index = _index_of(positions, base._data.shape)
    old_view = _read_view(old_base, target._data.copy(), index, conj)
    out = compute(old_view, *others)
    _write(target, out)
    if conj:
        # What lands in base's memory is the conjugate of the value written into the view.
        from .complex import conj_physical
        out = conj_physical(out)
    new_base = Tensor._make(base._data)
    record(new_base, CopySlices, (old_base, out), index=index)
    base.grad_fn, base._output_nr = new_base.grad_fn, 0
    if base._retains_grad:
        base._rebase_retained_grad()
    base._requires_grad = base._requires_grad or new_base._requires_grad
    if base._requires_grad:
        rederived = _read_view(base, target._data, index, conj)
        target.grad_fn, target._output_nr = rederived.grad_fn, 0
        if target._retains_grad:
            target._rebase_retained_grad()
        target._requires_grad = True
        refresh_views(base, skip=target)
    return target
