"""``segment_reduce``: reductions over consecutive runs (segments) of a tensor's rows.

Segment ``s`` along ``axis`` holds ``lengths[..., s]`` consecutive entries (or the entries
``offsets[..., s]`` to ``offsets[..., s + 1]``); each is reduced by sum, mean, max, min or prod,
starting from ``initial`` when given. An empty segment gives ``initial``, or the reduction's
identity (0, 1, -inf, inf; NaN for a mean). The forward scatters the rows into their segments
with ``scatter_reduce``; the derivative, beside it, gathers the output gradient back:

- sum: ``grad[s]`` to each entry of segment s; mean: ``grad[s] / lengths[s]``;
- max/min: ``grad[s]`` to each entry equal to the result; when several are, torch's CPU
  kernel divides it among them only where it is positive (a negative gradient goes whole to
  each tied entry), and so does ember, to give torch's numbers;
- prod: ``grad[s]`` times the product of the segment's other entries (and ``initial``).
"""
from __future__ import annotations

import math

from .. import _dtype as D
from .._tensor import _wrap_dim
from ..autograd import grad_mode
from ..autograd.grad_mode import no_grad
from ._registry import grad_fn, record
from .elementwise import _not_implemented

_REDUCTIONS = {"sum": "sum", "mean": "mean", "max": "amax", "amax": "amax", "min": "amin",
               "amin": "amin", "prod": "prod"}
_EMPTY = {"sum": 0.0, "mean": math.nan, "amax": -math.inf, "amin": math.inf, "prod": 1.0}
_INTEGERS = (D.int32, D.int64)


def _scalar_type(tensor):
    return tensor._dtype._legacy[:-len("Tensor")]


def segment_reduce(data, reduce, *, lengths=None, indices=None, offsets=None, axis=0,
                   unsafe=False, initial=None):
    """Reduce each segment of ``data`` along ``axis``: consecutive runs of ``lengths`` entries
    (or from one of ``offsets`` to the next). d/ddata: see the module's docstring.

    Args:
        data (Tensor): float values.
        reduce (str): ``"sum"``, ``"mean"``, ``"max"``, ``"min"`` or ``"prod"``.
        lengths (Tensor, optional): int segment lengths, shape ``data.shape[:axis] + (S,)``.
        offsets (Tensor, optional): int segment bounds, shape ``data.shape[:axis] + (S + 1,)``.
        axis (int): the dimension the segments run along (the last one of ``lengths``).
        unsafe (bool): skip the check that the lengths add up to ``data.shape[axis]``.
        initial (number, optional): the value each reduction starts from.

    Returns:
        Tensor: ``data.shape[:axis] + (S,) + data.shape[axis + 1:]``.

    Example:
        >>> ember.segment_reduce(ember.tensor([1.0, 2.0, 3.0, 4.0]), "max",
        ...                      lengths=ember.tensor([3, 0, 1]))
        tensor([3., -inf, 4.])
    """
    kind = _REDUCTIONS.get(reduce)
    if kind is None:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    if lengths is None and offsets is None:
        raise RuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    bounds = lengths if lengths is not None else offsets
    axis = _wrap_dim(axis, data.dim())
    if axis != bounds.dim() - 1:
        raise RuntimeError(f"segment_reduce(): Expected axis to be the last dimension of "
                           f"lengths but got {axis}.")
    if bounds._dtype not in _INTEGERS:
        kernel = "lengths" if lengths is not None else "offsets"
        raise NotImplementedError(f'"_segment_reduce_{kernel}_cpu_kernel1" not implemented for '
                                  f"'{_scalar_type(bounds)}'")
    if data._dtype.category < D._FLOAT or data._dtype.is_complex:
        raise NotImplementedError(f'"_segment_reduce_cpu" not implemented for '
                                  f"'{_scalar_type(data)}'")
    if lengths is not None:
        starts = lengths.cumsum(-1) - lengths
        if not unsafe:
            if bool((lengths < 0).any()):
                raise RuntimeError("lengths contains negative value!")
            if bool((lengths.sum(-1) != data.shape[axis]).any()):
                raise RuntimeError("segment_reduce(): Expected all rows of lengths along axis "
                                   "to sum to data.size(lengths.dim()-1) when !unsafe.")
    else:
        starts, lengths = offsets[..., :-1], offsets[..., 1:] - offsets[..., :-1]
    with no_grad():
        segment, inside = _segment_of_entries(data, starts.long(), lengths.long(), axis)
        out = _reduce(data, kind, segment, inside, lengths, initial, axis)
    return record(out, SegmentReduceBackward0, (data,), (data, out),
                  kind=kind, segment=segment, inside=inside, lengths=lengths, initial=initial,
                  axis=axis)


def _segment_of_entries(data, starts, lengths, axis):
    """For each entry along ``axis`` (per leading index): its segment's number, and whether it
    lies in any segment (offsets may leave entries out)."""
    from .. import arange
    count = data.shape[axis]
    position = arange(count, device=data.device)
    # (..., S, N): entry n lies in segment s.
    member = (position >= starts.unsqueeze(-1)) & (position < (starts + lengths).unsqueeze(-1))
    inside = member.any(-2)
    segment = member.long().argmax(-2)
    return segment, inside


def _spread(index, data, axis):
    """``index`` (shape ``data.shape[:axis + 1]``) broadcast over ``data``'s trailing dims."""
    trailing = data.dim() - axis - 1
    return index.reshape(tuple(index.shape) + (1,) * trailing).expand(data.shape)


def _reduce(data, kind, segment, inside, lengths, initial, axis):
    shape = tuple(data.shape[:axis]) + (lengths.shape[-1],) + tuple(data.shape[axis + 1:])
    spread_inside = _spread(inside, data, axis)
    index = _spread(segment, data, axis)
    if kind in ("sum", "mean"):
        total = data.new_zeros(shape).scatter_add(axis, index, data * spread_inside)
        if initial is not None:
            total = total + initial
        if kind == "sum":
            return total
        count = _spread(lengths, total, axis).to(data.dtype)
        empty = float(initial) if initial is not None else math.nan
        return (total / count).masked_fill(count == 0, empty)
    fill = _EMPTY[kind] if initial is None else float(initial)
    # Entries outside every segment are replaced by the identity, so they change nothing.
    values = data.masked_fill(~spread_inside, _EMPTY[kind])
    return data.new_full(shape, fill).scatter_reduce(axis, index, values, kind)


@grad_fn("SegmentReduceBackward0")
def SegmentReduceBackward0(ctx, grad):
    if not grad_mode.is_grad_enabled():
        return _segment_grad(ctx, grad)
    # create_graph: torch's segment_reduce gradient has no derivative of its own, for every
    # reduction; a second backward raises (not a constant: a silently wrong hessian). Its ops
    # then record nothing: the one node below stands for them.
    with no_grad():
        result = _segment_grad(ctx, grad)
    return record(result.detach(), _SEGMENT_DOUBLE_BACKWARD, (grad, ctx.saved_tensors[0]))


def _segment_grad(ctx, grad):
    data, out = ctx.saved_tensors
    axis, kind = ctx.axis, ctx.kind
    index = _spread(ctx.segment, data, axis)
    inside = _spread(ctx.inside, data, axis)
    back = grad.gather(axis, index)
    if kind == "sum":
        return back * inside
    if kind == "mean":
        count = _spread(ctx.lengths, grad, axis).to(grad.dtype).clamp_min(1)
        return back * inside / count.gather(axis, index)
    if kind in ("amax", "amin"):
        hit = (data == out.gather(axis, index)) & inside
        ties = grad.new_zeros(grad.shape).scatter_add(axis, index, hit.to(grad.dtype))
        shared = back * hit
        return shared.where(shared <= 0, shared / ties.gather(axis, index).clamp_min(1))
    # prod: the product of the segment's other entries, exact where entries are 0.
    zero = (data == 0) & inside
    nonzero = data.masked_fill(zero | ~inside, 1.0)
    start = 1.0 if ctx.initial is None else float(ctx.initial)
    product = grad.new_full(grad.shape, start).scatter_reduce(axis, index, nonzero, "prod")
    zeros = grad.new_zeros(grad.shape).scatter_add(axis, index, zero.to(grad.dtype))
    zeros_here = zeros.gather(axis, index)
    others = product.gather(axis, index) / nonzero
    others = others * ((zeros_here == 0) | (zero & (zeros_here == 1)))
    return back * others * inside


_SEGMENT_DOUBLE_BACKWARD = _not_implemented("_segment_reduce_backward")

FUNCTIONS = {"segment_reduce": segment_reduce}
METHODS = {}
