"""Loss functions of ``nn.functional`` with PyTorch's reductions, weights and ignore_index.

The losses PyTorch implements as single kernels (mse, smooth_l1, huber, nll, binary cross
entropy, soft margin, multi margin) are primitives here too, with the same grad_fn names; the
others are compositions of ember ops, as in PyTorch, so their graphs match.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _aten, _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..amp.autocast_mode import cast_fp32
from ..autograd import grad_mode
from ._registry import broadcast_shape, check_same_device, grad_fn, record, result_type_of
from ._registry import array_path, refuse_grad, type_name, wrap
from .activation import LogSoftmaxBackward0, _softmax_rows, _softplus_array, log_softmax
from .elementwise import _not_implemented
from .activation import logsigmoid
from .elementwise import _quietly, div_scalar, exp, log, sigmoid, _torch_layout, where

_quiet = np.errstate
_REDUCTIONS = ("none", "mean", "sum")


def _legacy_reduction(size_average, reduce, emit_warning=True):
    """PyTorch's mapping of the deprecated size_average/reduce flags to a reduction string."""
    if size_average is None:
        size_average = True
    if reduce is None:
        reduce = True
    if emit_warning:
        warnings.warn("size_average and reduce args will be deprecated, please use "
                      "reduction='{}' instead.".format("mean" if size_average and reduce else
                                                       ("sum" if reduce else "none")),
                      UserWarning, stacklevel=_user_stacklevel())
    if size_average and reduce:
        return "mean"
    return "sum" if reduce else "none"


def _reduction_of(reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction not in _REDUCTIONS:
        if reduction == "elementwise_mean":  # the old name, still taken with a warning
            warnings.warn("reduction='elementwise_mean' is deprecated. Please use "
                          "reduction='mean' instead.", UserWarning, stacklevel=_user_stacklevel())
            return "mean"
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduction_named(reduction, size_average=None, reduce=None):
    """The reduction of the losses torch writes in Python, which know only the three names
    (a name that is not a string fails as torch's text concatenation does: TypeError)."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not a valid value for reduction")
    return reduction


def _reduce(loss, reduction):
    """Apply a reduction to an elementwise loss built from ember ops."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _broadcast_pair(input, target, warn=True):
    """Broadcast input and target as the pointwise losses do, with PyTorch's warning/error."""
    a, b = input._data.shape, target._data.shape
    if a == b:
        return input, target
    if warn:
        warnings.warn(f"Using a target size ({_size(b)}) that is different to the input size "
                      f"({_size(a)}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=_user_stacklevel())
    shape = _broadcast_shape(a, b)
    return (input if a == shape else input.expand(shape),
            target if b == shape else target.expand(shape))


def _broadcast_shape(a, b):
    """The broadcast shape of a and b, or torch's error naming the first clash from the right."""
    return tuple(broadcast_shape(tuple(a), tuple(b)))


def _expand_check(shape, to):
    """``to`` if ``shape`` broadcasts to it, else PyTorch's expand error."""
    for i in range(1, len(shape) + 1):
        if shape[-i] != 1 and (i > len(to) or shape[-i] != to[-i]):
            raise RuntimeError(f"Attempting to broadcast a dimension of length {shape[-i]} at "
                               f"-{i}! Mismatching argument at index 1 had {_size(shape)}; but "
                               f"expected shape should be broadcastable to {list(to)}")
    return tuple(to)


def _size(shape):
    return f"torch.Size({list(shape)})".replace("torch.", "ember.")


def _arrays(input, target, kernel=None):
    """input's and target's arrays in their promoted dtype (and that dtype), on one device; a
    ``kernel`` (torch's, named in its error) takes floating dtypes only."""
    check_same_device(input, target)
    dt = result_type_of(input, target)
    if kernel is not None and dt.category != D._FLOAT:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(dt)}'")
    x = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    t = target._data if target._data.dtype == dt.np else target._data.astype(dt.np)
    return x, t, dt


def _check_result_fits(input, target, at_least=None):
    """torch's error for a loss computed into input's dtype when the result's dtype (the
    promotion of both, and at least ``at_least``) does not cast to it."""
    dt = result_type_of(input, target)
    if at_least is not None and dt.category < D._FLOAT:
        dt = at_least
    if dt.category > input._dtype.category:
        raise RuntimeError(f"result type {type_name(dt)} can't be cast to the desired output "
                           f"type {type_name(input._dtype)}")


def _reduce_array(loss, reduction):
    if reduction == "mean":
        return loss.mean() if loss.size else \
            _backend.namespace_of(loss).full((), np.nan, dtype=loss.dtype)
    if reduction == "sum":
        return loss.sum()
    return loss


def _pointwise_loss(input, target, loss, dt, node_cls, reduction, save, **attrs):
    """Reduce an elementwise loss array and record its node (inputs: input, target)."""
    out = wrap(_reduce_array(loss, reduction), dt)
    return record(out, node_cls, (input, target), save, reduction=reduction,
                  count=max(loss.size, 1), **attrs)


def _per_element(ctx, grad):
    """The gradient each element of a pointwise loss receives from the reduced output."""
    return grad / ctx.count if ctx.reduction == "mean" else grad


def _weighted(loss, weight, reduction):
    """PyTorch's weighted pointwise losses: mean divides by the sum of the weights."""
    if weight.shape != loss.shape:
        raise ValueError("Weights and input must have the same size.")
    loss = loss * weight
    if reduction == "mean":
        return loss.sum() / weight.sum()
    return _reduce(loss, reduction)


# --- regression losses ------------------------------------------------------------------------

def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean((input - target)**2).   d/dinput = 2 (input - target) / N.

    Args:
        input: a Tensor.
        target: a Tensor of input's shape (broadcasting warns, as in PyTorch).
        reduction: "mean" (default), "sum", or "none" for the elementwise squares.

    Returns:
        A scalar Tensor, or input's shape with reduction="none".

    Example:
        >>> F.mse_loss(ember.tensor([0.0, 2.0]), ember.tensor([1.0, 1.0]))
        tensor(1.)
    """
    input, target, weight = cast_fp32(input, target, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    if input._dtype.category < D._FLOAT and target._dtype.category < D._FLOAT:
        raise NotImplementedError(f"\"mse_cpu\" not implemented for '{type_name(input._dtype)}'")
    input, target = _broadcast_pair(input, target)
    if weight is not None:
        return _weighted((input - target) ** 2, weight, reduction)
    x, t, dt = _arrays(input, target, "mse_cpu")
    diff = x - t
    loss = diff * diff
    if reduction == "none":  # torch's mse kernel lays its result out as an elementwise op
        loss = _torch_layout(loss, input, target)
    return _pointwise_loss(input, target, loss, dt, MseLossBackward0, reduction,
                           (input, target))


@grad_fn("MseLossBackward0")
def MseLossBackward0(ctx, grad):
    """(norm (x - t)) grad with norm = 2 (2/N under 'mean'), rounded and grouped as torch's
    kernel; like its kernel's output the gradient is row-major whatever the inputs' layout."""
    x, t = ctx.saved_tensors
    if array_path(grad, x, t) and x._dtype is t._dtype is grad._dtype:  # the same steps
        return _quietly(_mse_backward_arrays, ctx, grad._data, x._data, t._data)
    g = ((x - t) * _per_element(ctx, 2.0) * grad).contiguous()
    return g, (-g if ctx.needs_input_grad[1] else None)


def _mse_backward_arrays(ctx, grad, x, t):
    g = _backend.ascontiguousarray((x - t) * x.dtype.type(_per_element(ctx, 2.0)) * grad)
    return wrap(g), (wrap(-g) if ctx.needs_input_grad[1] else None)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """mean(|input - target|), composed as PyTorch does (AbsBackward0, MeanBackward0)."""
    input, target, weight = cast_fp32(input, target, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    input, target = _broadcast_pair(input, target)
    loss = (input - target).abs()
    if weight is not None:
        return _weighted(loss, weight, reduction)
    return _reduce(loss, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d²/beta where |d| < beta, else |d| - beta/2 (d = input - target).
    d/dinput = d/beta inside, sign(d) outside."""
    input, target = cast_fp32(input, target)
    reduction = _reduction_of(reduction, size_average, reduce)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    input, target = _broadcast_pair(input, target)
    x, t, dt = _arrays(input, target, "smooth_l1_cpu")
    d = x - t
    ad = np.abs(d)
    loss = np.where(ad < beta, 0.5 * d * d / beta, ad - 0.5 * beta)
    if reduction == "none":  # laid out as an elementwise op's result, as torch's kernel is
        loss = _torch_layout(loss, input, target)
    return _pointwise_loss(input, target, loss, dt, SmoothL1LossBackward0, reduction,
                           (input, target), beta=beta)


@grad_fn("SmoothL1LossBackward0")
def SmoothL1LossBackward0(ctx, grad):
    x, t = ctx.saved_tensors
    d = x - t
    # (a NaN difference passes NaN, as in torch)
    slope = where(d < -ctx.beta, -1.0, where(d > ctx.beta, 1.0, d / ctx.beta)) if ctx.beta \
        else d.sign()
    # torch's kernel: slope * norm * grad, into a row-major gradient
    g = (slope * _per_element(ctx, 1.0) * grad).contiguous()
    return g, (-g if ctx.needs_input_grad[1] else None)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d² where |d| < delta, else delta (|d| - delta/2).
    d/dinput = d inside, delta * sign(d) outside."""
    input, target, weight = cast_fp32(input, target, weight)
    reduction = _reduction_of(reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is not None:
        loss = huber_loss(input, target, "none", delta) * weight
        return _reduce(loss, reduction)
    given = input._data
    input, target = _broadcast_pair(input, target)
    _check_result_fits(input, target)
    x, t, dt = _arrays(input, target, "huber_cpu")
    d = x - t
    ad = np.abs(d)
    loss = np.where(ad < delta, 0.5 * d * d, delta * (ad - 0.5 * delta))
    if reduction == "none" and given.shape == loss.shape:
        # torch writes the loss into empty_like(input): a channels-last input gives a
        # channels-last loss whatever the target's layout
        loss = MF.with_strides(loss, MF.preserved_strides(given.shape,
                                                          MF.element_strides(given)))
    if dt is not input._dtype and input._dtype.category == D._FLOAT:
        # torch writes the loss into a tensor like the input: a float64 target does not widen it
        dt = input._dtype
        loss = loss.astype(dt.np)
    return _pointwise_loss(input, target, loss, dt, HuberLossBackward0, reduction,
                           (input, target), delta=delta)


@grad_fn("HuberLossBackward0")
def HuberLossBackward0(ctx, grad):
    x, t = ctx.saved_tensors
    d = x - t
    # torch's kernel: (d norm) grad inside, (norm delta) grad outside with norm and delta in
    # the loss's dtype, into a row-major gradient (float32 may still differ in the last bit
    # outside: torch's product with grad there is not all float32)
    norm = _per_element(ctx, 1.0)
    real = x._dtype.np.type
    bound = float(real(norm) * real(ctx.delta))
    slope = where(d <= -ctx.delta, -bound, where(d >= ctx.delta, bound, d * norm))
    g = (slope * grad).contiguous()
    return g, (-g if ctx.needs_input_grad[1] else None)


# --- classification losses --------------------------------------------------------------------

def _check_target_dtype(target):
    """nll_loss's class indices: int64, or uint8 as PyTorch also takes."""
    if target._dtype not in (D.int64, D.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{type_name(target._dtype)}")


def _check_long_target(target):
    """The margin losses' class indices: int64 only."""
    if target._dtype is not D.int64:
        raise RuntimeError(f"expected scalar type Long but found {type_name(target._dtype)}")


def _check_ignore_index(ignore_index, kernel):
    if not isinstance(ignore_index, int):
        raise TypeError(f"{kernel}(): argument 'ignore_index' (position 5) must be int, not "
                        f"{type(ignore_index).__name__}")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """-weight[t] * input[n, t] for each target t (class dim 1), reduced; mean divides by the
    sum of the weights of the non-ignored targets.   d/dinput = -weight[t] at the target."""
    input, weight = cast_fp32(input, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    _check_ignore_index(ignore_index, "nll_loss_nd")
    ndim = input._data.ndim
    if ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {ndim})")
    if ndim != 1 and input._data.shape[0] != _batch_size(target):
        raise ValueError(f"Expected input batch_size ({input._data.shape[0]}) to match target "
                         f"batch_size ({_batch_size(target)}).")
    if ndim == 3 or ndim > 4:
        n, c = input._data.shape[:2]
        if target._data.shape[1:] != input._data.shape[2:]:
            raise RuntimeError(f"Expected target size {[n] + list(input._data.shape[2:])}, "
                               f"got {list(target._data.shape)}")
        flat_in = input.reshape(n, c, 1, -1) if input._data.size else input.reshape(n, c, 1, 0)
        out = _nll(flat_in, target.reshape(n, 1, -1), weight, ignore_index, reduction,
                   NllLoss2DBackward0)
        return out.reshape(target.shape) if reduction == "none" else out
    if ndim == 4:
        return _nll(input, target, weight, ignore_index, reduction, NllLoss2DBackward0)
    if ndim == 2 and target._data.ndim != 1 or ndim == 1 and target._data.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    return _nll(input, target, weight, ignore_index, reduction, NllLossBackward0)


def _batch_size(target):
    """The batch size PyTorch reads from a target: its first size, 0 for a 0-d target."""
    return target._data.shape[0] if target._data.ndim else 0


def _nll(input, target, weight, ignore_index, reduction, node_cls):
    x = input._data
    if node_cls is NllLoss2DBackward0 and target._data.shape != (x.shape[0],) + x.shape[2:]:
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: "
                           f"{list(target._data.shape)}")
    _check_target_dtype(target)  # after the shapes, as PyTorch checks them
    check_same_device(input, target)  # a CPU target beside CUDA logits: torch's RuntimeError
    if weight is not None:
        check_same_device(input, weight)
    if input._dtype.category != D._FLOAT:
        kernel = "nll_loss2d_forward_out_frame" if node_cls is NllLoss2DBackward0 else \
            "nll_loss_out_frame"
        raise NotImplementedError(f"\"{kernel}\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    classes = x.shape[1] if x.ndim >= 2 else x.shape[0]
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(f"weight tensor should be defined either for all {classes} classes "
                           f"or no classes but got weight tensor of shape: "
                           f"{list(weight.shape)}")
    if weight is not None and weight._dtype is not input._dtype:
        # PyTorch's kernel reads the weights as the input's type, and refuses another.
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(weight._dtype)}")
    t = target._data.astype(np.int64)
    if x.ndim == 1 and t.ndim == 1:
        if t.shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: "
                             f"{t.shape[0]}")
        t = t.reshape(())
    keep = t != ignore_index
    bad = keep & ((t < 0) | (t >= classes))
    # isinstance, not type(): ember.compile's traced arrays are host arrays too, and must take
    # the same path as eager mode so compiled and eager losses agree to the bit.
    on_host = isinstance(t, np.ndarray)
    if on_host and bad.any():
        raise IndexError(f"Target {int(t[bad].flat[0])} is out of bounds.")
    safe = np.where(keep if on_host else keep & ~bad, t, 0)
    weights = keep.astype(x.dtype) if weight is None else \
        weight._data.astype(x.dtype)[safe] * keep
    if type(x) is np.ndarray and x.ndim == 2:  # a batch of plain rows: one gather
        picked = x[_backend.namespace_of(x).arange(x.shape[0]), safe]
    elif x.ndim <= 2:
        picked = np.take_along_axis(x, np.expand_dims(safe, -1), -1)[..., 0]
    else:
        picked = np.take_along_axis(np.moveaxis(x, 1, -1), safe[..., None], -1)[..., 0]
    # An ignored target leaves a plain zero, as torch's kernel skips it (-x * 0 would be -0.0
    # wherever x > 0, and that sign shows in a printed loss or gradient).
    loss = np.where(keep, -picked * weights, 0)
    if not on_host:
        # A device checks the targets without waiting for the host, as torch's CUDA kernel
        # asserts on the device: an out-of-bounds target makes its loss NaN, never a number.
        loss = np.where(bad, np.nan, loss)
    if reduction == "none":
        result, total = loss, None
    elif reduction == "sum":
        result, total = loss.sum(), None
    else:
        total = weights.sum()
        with _quiet(all="ignore"):
            result = loss.sum() / total
    out = wrap(_backend.namespace_of(result).asarray(result, x.dtype), input._dtype)
    # Only the targets and their scaled weights are kept (not a dense input-sized array): the
    # gradient is built in backward by scattering them along the class dim.
    if total is None:
        scaled = -weights
    elif on_host:
        scaled = -weights / total if total else -weights
    else:  # the same choice, made on the device: reading ``total`` would wait for it
        scaled = -weights / np.where(total == 0, 1, total)
    class_dim = 1 if x.ndim >= 2 else 0
    return record(out, node_cls, (input, target), index=np.expand_dims(safe, class_dim),
                  scaled=scaled.astype(x.dtype), keep=keep, class_dim=class_dim)


def _nll_backward(ctx, grad):
    """Linear in the input: the target position of each sample gets -weight (divided by the
    total weight for 'mean') times the gradient; every other position, and every sample whose
    target is ignore_index, gets 0."""
    shape, dt = ctx._input_meta[0]
    if grad_mode.is_grad_enabled():  # create_graph: ember ops, so the gradient is differentiable
        src = (grad * Tensor._make(ctx.scaled)).masked_fill(Tensor._make(~ctx.keep), 0)
        src = src.unsqueeze(ctx.class_dim)
        zeros = Tensor._make(np.zeros_like(grad._data, dtype=dt.np, shape=shape))
        return zeros.scatter_add(ctx.class_dim, Tensor._make(ctx.index), src), None
    # One target per slice along the class dim, so writing the values is the scatter-add.
    values = np.where(ctx.keep, grad._data * ctx.scaled, 0).astype(dt.np, copy=False)
    if type(values) is np.ndarray and len(shape) == 2:
        # A batch of plain rows: one indexed write into zeroed memory (zeros takes it from
        # the allocator, where zeros_like fills an empty array).
        xp = _backend.namespace_of(values)
        result = xp.zeros(shape, dt.np)
        result[xp.arange(shape[0]), ctx.index[:, 0]] = values
        return Tensor._make(result), None
    result = np.zeros_like(values, shape=shape)
    np.put_along_axis(result, ctx.index, np.expand_dims(values, ctx.class_dim), ctx.class_dim)
    return Tensor._make(result), None


NllLossBackward0 = grad_fn("NllLossBackward0")(_nll_backward)
NllLoss2DBackward0 = grad_fn("NllLoss2DBackward0")(_nll_backward)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """nll_loss(log_softmax(input, 1), target) for class indices, or -sum(target *
    log_softmax(input)) for class probabilities; label_smoothing mixes in a uniform target.

    Args:
        input: logits of shape (N, C) (or (N, C, d1, ...), or (C,) for one sample).
        target: class indices of shape (N,) (int64), or probabilities shaped like ``input``.
        weight: a rescaling weight per class, shape (C,).
        ignore_index: a target index that contributes nothing (default -100).
        reduction: "mean" (default), "sum", or "none".
        label_smoothing: in [0, 1]; the weight of the uniform distribution in the target.

    Returns:
        A scalar Tensor, or the per-sample losses with reduction="none".

    Example:
        >>> logits = ember.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]], requires_grad=True)
        >>> F.cross_entropy(logits, ember.tensor([0, 2]), reduction="none")
        tensor([0.2395, 1.0986], grad_fn=<NllLossBackward0>)
    """
    if weight is None and reduction == "mean" and size_average is None and reduce is None \
            and type(ignore_index) is int and type(label_smoothing) in (float, int) \
            and label_smoothing == 0:
        loss = _cross_entropy_rows(input, target, ignore_index)
        if loss is not None:
            return loss
    input, target, weight = cast_fp32(input, target, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    _check_ignore_index(ignore_index, "cross_entropy_loss")
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    # torch checks only the upper bound; a negative smoothing smooths nothing
    label_smoothing = max(label_smoothing, 0.0)
    class_dim = 0 if input._data.ndim == 1 else 1
    probabilities = target._data.shape == input._data.shape  # as PyTorch tells the two apart
    if probabilities and target._dtype.category < D._FLOAT:
        raise RuntimeError(f"Expected floating point type for target with class probabilities, "
                           f"got {type_name(target._dtype)}")
    if probabilities and ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    if probabilities and input._data.ndim == 0:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    # (a dispatch mode sees the two ATen calls torch makes: _log_softmax, nll_loss_forward)
    logp = _aten.reported(log_softmax, "log_softmax", input, class_dim)
    classes = input._data.shape[class_dim]
    if probabilities:
        return _cross_entropy_probabilities(logp, target, weight, reduction, label_smoothing,
                                            class_dim, classes)
    if target._dtype.category >= D._FLOAT:
        if input._data.ndim >= 2 and input._data.shape[0] != _batch_size(target):
            raise ValueError(f"Expected input batch_size ({input._data.shape[0]}) to match "
                             f"target batch_size ({_batch_size(target)}).")
        if input._data.ndim <= 2 and target._data.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if input._data.ndim > 2 and target._data.shape[1:] != input._data.shape[2:]:
            expected = [input._data.shape[0], *input._data.shape[2:]]
            raise RuntimeError(f"Expected target size {expected}, got "
                               f"{list(target._data.shape)}")
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{type_name(target._dtype)}")
    nll = _aten.reported(nll_loss, "nll_loss", logp, target, weight, None, ignore_index, None,
                         reduction)
    if label_smoothing == 0.0:
        return nll
    shape = [1] * input._data.ndim
    shape[class_dim] = classes
    smooth = -(logp * weight.reshape(shape)).sum(class_dim) if weight is not None else \
        -logp.sum(class_dim)
    ignored = Tensor._make(target._data == ignore_index)
    smooth = where(ignored, 0.0, smooth)
    if reduction == "mean":
        keep = target._data != ignore_index
        if weight is None:  # the count of kept targets, left on the device
            smooth = smooth.sum() / wrap(keep.sum().astype(smooth._dtype.np))
        elif _backend.is_host(keep):
            smooth = smooth.sum() / wrap(weight._data[target._data[keep]].sum())
        else:  # selecting the kept targets would read their count back: zeros stand in
            picked = weight._data[np.where(keep, target._data, 0)]
            smooth = smooth.sum() / wrap(np.where(keep, picked, 0).sum())
    elif reduction == "sum":
        smooth = smooth.sum()
    return nll * (1 - label_smoothing) + smooth * (label_smoothing / classes)


_ROW_DTYPES = (D.float32, D.float64)


def _cross_entropy_rows(input, target, ignore_index):
    """cross_entropy's common case, or None for any other (the general path then takes it, and
    raises its errors): a batch of (N, C) logits in a plain row-major float32/float64 NumPy
    array, (N,) int64 class indices each in range or ``ignore_index``, no weight, no label
    smoothing, the mean. The arrays of log_softmax followed by nll_loss, computed in the same
    steps (so the same bits) with the same two nodes, without the checks and calls the general
    path makes to tell its cases apart: 34 -> 17 µs on a (128, 10) batch (process CPU time), and
    less of the cache an MLP step's matrix products leave it (compile_mlp runs it eagerly)."""
    x, t = input._data, target._data
    if type(x) is not np.ndarray or type(t) is not np.ndarray or x.ndim != 2 or t.ndim != 1 \
            or target._dtype is not D.int64 or input._dtype not in _ROW_DTYPES \
            or t.shape[0] != x.shape[0] or not x.size or not x.flags.c_contiguous \
            or _aten.EVERY[0]:
        return None
    keep = t != ignore_index
    if (keep & ((t < 0) | (t >= x.shape[1]))).any():
        return None
    logp = Tensor._make(_softmax_rows(x, log=True))
    logp = record(logp, LogSoftmaxBackward0, (input,), (logp,), dim=1)
    # nll_loss's steps for this case (see _nll)
    safe = np.where(keep, t, 0)
    weights = keep.astype(x.dtype)
    xp = _backend.namespace_of(x)  # numpy: the checks above let only host arrays in
    with np.errstate(invalid="ignore"):  # an ignored row's -inf times 0: the where drops it
        loss = np.where(keep, -logp._data[xp.arange(x.shape[0]), safe] * weights, 0)
    total = weights.sum()
    if total:
        scaled = -weights / total
        result = loss.sum() / total
    else:  # every target ignored: 0 / 0, NaN without a warning, as in torch
        scaled = -weights
        result = _quietly(np.divide, loss.sum(), total)
    return record(Tensor._make(xp.asarray(result, x.dtype)), NllLossBackward0, (logp, target),
                  index=safe[:, None], scaled=scaled, keep=keep, class_dim=1)


def linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None,
                         reduction="mean", ignore_index=None, label_smoothing=0.0, options=None):
    """cross_entropy(linear(input, linear_weight, linear_bias), target) for (N, in) or (in,)
    input; a (C, d1, ..., dK, in) linear_weight gives (N, C, d1, ..., dK) logits (the
    K-dimensional loss). ignore_index None is cross_entropy's default, -100. ``options``
    (chunking the batch to save memory) changes no value here, where the logits are whole."""
    if input.dim() < 1 or input.dim() > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.dim()}")
    if linear_weight.dim() < 2:
        raise RuntimeError("expected linear_weight with dimensionality at least 2, got "
                           f"{linear_weight.dim()}")
    in_features = input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError("expected equal input and linear_weight last dimensions (in_features), "
                           f"got {in_features} and {linear_weight.shape[-1]}, respectively")
    classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (classes, *out_features):
        raise RuntimeError(f"expected linear_bias shape {(classes, *out_features)}, got "
                           f"{tuple(linear_bias.shape)}")
    if out_features and input.dim() == 1:
        raise RuntimeError(f"K-dimensional loss defined by linear_weight shape "
                           f"{tuple(linear_weight.shape)} requires batched input, (N, "
                           f"{in_features}), got unbatched input with shape {tuple(input.shape)}")
    logits_shape = (*input.shape[:-1], classes, *out_features)
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    if options is not None and (out_features or reduction not in ("mean", "sum", "none")
                                or label_smoothing != 0.0 or target.dtype is not D.int64):
        bias_shape = tuple(linear_bias.shape) if linear_bias is not None else None
        warnings.warn("linear_cross_entropy: ``options`` ignored; chunked path needs reduction "
                      "in {'mean','sum','none'}, label_smoothing == 0, target.dtype == int64, "
                      f"out_features == (). Got reduction={reduction!r}, label_smoothing="
                      f"{label_smoothing}, target.dtype={target.dtype}, out_features="
                      f"{out_features}, tracing=False, linear_bias.shape={bias_shape}.",
                      UserWarning, stacklevel=_user_stacklevel())
    from .nn_misc import linear
    if out_features:
        flat = math.prod(out_features) * classes
        linear_weight = linear_weight.reshape(flat, in_features)
        if linear_bias is not None:
            linear_bias = linear_bias.reshape(flat)
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    ignore = -100 if ignore_index is None else ignore_index
    return cross_entropy(logits, target, weight, None, ignore, None, reduction, label_smoothing)


def _cross_entropy_probabilities(logp, target, weight, reduction, label_smoothing, class_dim,
                                 classes):
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / classes
    terms = logp * target
    if weight is not None:
        shape = [1] * logp.ndim
        shape[class_dim] = classes
        terms = terms * weight.reshape(shape)
    if reduction == "none":
        return -terms.sum(class_dim)
    if reduction == "sum":
        return -terms.sum()
    return div_scalar(-terms.sum(), logp.numel() / classes)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-w (t log x + (1-t) log(1-x)) with each log clamped at -100 as PyTorch does.
    d/dinput = w (x - t) / max(x (1-x), 1e-12)."""
    input, target, weight = cast_fp32(input, target, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    if target._data.shape != input._data.shape:
        raise ValueError(f"Using a target size ({_size(target._data.shape)}) that is different "
                         f"to the input size ({_size(input._data.shape)}) is deprecated. Please "
                         "ensure they have the same size.")
    if target._dtype is not input._dtype:
        raise RuntimeError(f"Found dtype {type_name(target._dtype)} but expected "
                           f"{type_name(input._dtype)}")
    if input._dtype.category != D._FLOAT:
        raise NotImplementedError(f"\"binary_cross_entropy\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    x, t, dt = _arrays(input, target)
    if ((x < 0) | (x > 1)).any() or np.isnan(x).any():
        raise RuntimeError("all elements of input should be between 0 and 1")
    if not ((t >= 0) & (t <= 1)).all():  # NaN fails too
        raise RuntimeError("all elements of target should be between 0 and 1")
    if weight is not None and weight._data.shape != target._data.shape:
        weight = weight.expand(_expand_check(weight._data.shape, target._data.shape))
    with _quiet(all="ignore"):
        log_x = np.maximum(np.log(x), -100.0)
        log_1mx = np.maximum(np.log1p(-x), -100.0)
    loss = -(t * log_x + (1 - t) * log_1mx)
    if weight is not None:
        loss = loss * weight._data
    return _pointwise_loss(input, target, loss, dt, BinaryCrossEntropyBackward0, reduction,
                           (input, target), weight=weight)


@grad_fn("BinaryCrossEntropyBackward0")
def BinaryCrossEntropyBackward0(ctx, grad):
    x, t = ctx.saved_tensors
    g = _per_element(ctx, grad)
    if ctx.weight is not None:
        g = g * ctx.weight
    gx = g * (x - t) / (x * (1 - x)).clamp(min=1e-12) if ctx.needs_input_grad[0] else None
    gt = None
    if ctx.needs_input_grad[1]:
        # unclamped, as torch's: the loss clamps its logs at -100, its target gradient does not
        gt = g * (x.log() - (-x).log1p()).neg()
    return gx, gt


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean", pos_weight=None):
    """BCE on sigmoid(input), computed stably: (1-t) x + lw * softplus(-x) with
    lw = 1 + (pos_weight - 1) t.   d/dinput = lw * sigmoid(x) - pos_weight * t."""
    input, target, weight, pos_weight = cast_fp32(input, target, weight, pos_weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    if target._data.shape != input._data.shape:
        raise ValueError(f"Target size ({_size(target._data.shape)}) must be the same as input "
                         f"size ({_size(input._data.shape)})")
    refuse_grad("binary_cross_entropy_with_logits", ("weight", weight),
                ("pos_weight", pos_weight))
    if input._dtype.category != D._FLOAT:
        raise NotImplementedError(f"\"log_sigmoid_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    if target._dtype.category < D._FLOAT:
        raise RuntimeError(f"result type {type_name(input._dtype)} can't be cast to the desired "
                           f"output type {type_name(target._dtype)}")
    # torch's kernel scales by pos_weight, then multiplies the loss by weight, both in place
    # in a tensor of input's shape: neither may broadcast it larger
    shape = tuple(input._data.shape)
    for extra, pair in ((pos_weight, lambda s: (s, shape)), (weight, lambda s: (shape, s))):
        if extra is not None:
            wide = _broadcast_shape(*pair(tuple(extra._data.shape)))
            if wide != shape:
                raise RuntimeError(f"output with shape {list(shape)} doesn't match the "
                                   f"broadcast shape {list(wide)}")
    x, t, dt = _arrays(input, target)
    # a CPU pos_weight or weight beside CUDA logits (a loss built before model.to(device)):
    # torch's RuntimeError from (pos_weight - 1) * target and loss *= weight, not the array
    # library's failure inside
    # (a 0-d CPU one joins as a scalar, as in torch's arithmetic)
    if pos_weight is not None:
        check_same_device(pos_weight, target)
    if weight is not None:
        check_same_device(input, weight)
    softplus_neg = _softplus_array(-x, 1.0, np.inf)
    if pos_weight is not None:
        log_weight = (_beside(pos_weight, input) - 1) * t + 1
        loss = (1 - t) * x + log_weight * softplus_neg
    else:
        loss = (1 - t) * x + softplus_neg
    if weight is not None:
        loss = loss * _beside(weight, input)
    # PyTorch accumulates the loss in place into a tensor of target's dtype (1 - target), so
    # the result takes target's dtype even when input's is wider, and target's layout.
    dt = target._dtype
    if reduction == "none":
        loss = _torch_layout(loss, target)
    return _pointwise_loss(input, target, loss.astype(dt.np, copy=False), dt,
                           BinaryCrossEntropyWithLogitsBackward0, reduction, (input, target),
                           weight=weight, pos_weight=pos_weight)


def _beside(extra, input):
    """``extra``'s array for arithmetic with input's: a 0-d CPU tensor beside a tensor on
    another device as a NumPy scalar, which every backend takes."""
    if extra._device is input._device or extra._device == input._device:
        return extra._data
    return extra._data[()]


@grad_fn("BinaryCrossEntropyWithLogitsBackward0")
def BinaryCrossEntropyWithLogitsBackward0(ctx, grad):
    x, t = ctx.saved_tensors
    pw = ctx.pos_weight
    gx = gt = None
    if ctx.needs_input_grad[0]:
        # torch's operand order, which sets the gradient's layout: the pointwise factor
        # first (from pos_weight * target, else from sigmoid(input)), then weight, then grad
        if pw is None:
            gx = sigmoid(x) - t
        else:
            weighted_target = pw * t
            gx = (weighted_target + 1 - t) * sigmoid(x) - weighted_target
        gx = _scaled_by_grad(ctx, gx, grad)
    if ctx.needs_input_grad[1]:
        gt = -x if pw is None else logsigmoid(-x) - logsigmoid(x) * pw
        gt = _scaled_by_grad(ctx, gt, grad)
    return gx, gt


def _scaled_by_grad(ctx, factor, grad):
    """A pointwise loss's ``factor`` (d loss / d element) times weight and the output's grad,
    divided by the element count under 'mean', in that order (torch's)."""
    if ctx.weight is not None:
        factor = factor * ctx.weight
    return _per_element(ctx, factor * grad)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """sum target * (log target - input) (input holds log-probabilities)."""
    input, target = cast_fp32(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.'mean' will be changed to behave the same as "
                      "'batchmean' in the next major release.",
                      UserWarning, stacklevel=_user_stacklevel())
    return _kl_div(input, target, reduction, log_target)


def _kl_div(input, target, reduction, log_target):
    """kl_div's computation, without F.kl_div's warning about 'mean' (torch.kl_div, the ATen
    op with an integer reduction, gives none)."""
    if reduction not in _REDUCTIONS + ("batchmean",):
        reduction = _reduction_of(reduction)
    categories = {t._dtype.category for t in (input, target) if isinstance(t, Tensor)}
    if any(c < D._FLOAT for c in categories):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if D._COMPLEX in categories:
        raise RuntimeError("kl_div: Complex inputs not supported.")
    if log_target:
        loss = exp(target) * (target - input)
    else:
        loss = _xlogy(target) - target * input
    if reduction == "batchmean":
        if input.dim() == 0:
            return loss.sum()
        return loss.sum() / input.size(0)
    return _reduce(loss, reduction)


def _xlogy(t):
    """t * log(t) with 0 where t == 0."""
    return where(t == 0, 0.0, t * log(t))


def _clamp_min(input, minimum):
    """max(input, minimum).   d/dinput = 1 where input >= minimum."""
    with _quiet(invalid="ignore"):
        out = wrap(np.maximum(input._data, minimum), input._dtype)
    return record(out, ClampMinBackward0, (input,), (input,), minimum=minimum)


@grad_fn("ClampMinBackward0")
def ClampMinBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * (x >= ctx.minimum)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):
    """1 - cos(x1, x2) for target 1, max(0, cos(x1, x2) - margin) for target -1."""
    input1, input2, target = cast_fp32(input1, input2, target)
    reduction = _reduction_of(reduction, size_average, reduce)
    # torch's shape checks: a 1-D target pairs rows of 2-D inputs, a 0-D one two vectors
    if target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != target.dim() + 1 or input2.dim() != target.dim() + 1:
        raise RuntimeError(f"{target.dim()}D target tensor expects {target.dim() + 1}D input "
                           f"tensors, but found inputs with sizes {list(input1.shape)} and "
                           f"{list(input2.shape)}.")
    _broadcast_shape(input1._data.shape, input2._data.shape)
    dim = 0 if input1.dim() == 1 else 1
    eps = 1e-12
    prod = (input1 * input2).sum(dim)
    mag1 = (input1 * input1).sum(dim) + eps
    mag2 = (input2 * input2).sum(dim) + eps
    cos = prod / (mag1 * mag2).sqrt()
    _broadcast_shape(target._data.shape, cos._data.shape)
    pos = where(target == 1, 1 - cos, 0.0)
    neg = where(target == -1, _clamp_min(cos - margin, 0), 0.0)
    return _reduce(pos + neg, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):
    """max(0, -target * (input1 - input2) + margin)."""
    input1, input2, target = cast_fp32(input1, input2, target)
    reduction = _reduction_of(reduction, size_average, reduce)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {_size(input1.shape)}, input2: "
                           f"{_size(input2.shape)}, target: {_size(target.shape)} ")
    return _reduce(_clamp_min(-target * (input1 - input2) + margin, 0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    """input where target is 1, max(0, margin - input) where target is -1."""
    input, target = cast_fp32(input, target)
    reduction = _reduction_of(reduction, size_average, reduce)
    _broadcast_shape(target._data.shape, input._data.shape)
    margin_part = where(target != 1, _clamp_min(margin - input, 0), 0.0)
    self_part = where(target != -1, input, 0.0)
    return _reduce(margin_part + self_part, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the p-norm distance."""
    anchor, positive, negative = cast_fp32(anchor, positive, negative)
    from .nn_misc import pairwise_distance
    reduction = _reduction_of(reduction, size_average, reduce)
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {dims[0]}D, positive "
                           f"{dims[1]}D, and negative {dims[2]}D inputs")
    if margin <= 0:
        raise ValueError(f"TripletMarginLoss: expected margin to be greater than 0, got "
                         f"{margin} instead")
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        from .elementwise import minimum
        d_neg = minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce(_clamp_min(d_pos - d_neg + margin, 0), reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    """triplet_margin_loss with any distance function (pairwise_distance by default)."""
    from .nn_misc import pairwise_distance
    if margin <= 0:
        raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater than 0, "
                         f"got {margin} instead")
    reduction = _reduction_of(reduction)
    distance = distance_function if distance_function is not None else pairwise_distance
    d_pos = distance(anchor, positive)
    d_neg = distance(anchor, negative)
    if swap:
        from .elementwise import minimum
        d_neg = minimum(d_neg, distance(positive, negative))
    return _reduce(_clamp_min(margin + d_pos - d_neg, 0.0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """exp(input) - target * input (log_input), or input - target * log(input + eps);
    ``full`` adds Stirling's term for target > 1."""
    input, target = cast_fp32(input, target)
    reduction = _reduction_named(reduction, size_average, reduce)
    if log_input:
        loss = exp(input) - target * input
    else:
        loss = input - target * log(input + eps)
    if full:
        stirling = target * log(target) - target + log(target * (2 * math.pi)) * 0.5
        loss = loss + where(target <= 1, 0.0, stirling)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log var + (input - target)² / var), var clamped at eps (without gradient)."""
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * Tensor._make(np.ones_like(input._data))
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (input.shape[:-1] == var.shape[:-1] and var.size(-1) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    if (var._data < 0).any():
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with grad_mode.no_grad():
        var.clamp_(min=eps)
    loss = (log(var) + (input - target) ** 2 / var) * 0.5
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target * input)).   d/dinput = -target * sigmoid(-target * input)."""
    input, target = cast_fp32(input, target)
    reduction = _reduction_of(reduction, size_average, reduce)
    refuse_grad("soft_margin_loss", ("target", target))
    shape = _broadcast_shape(tuple(input.shape), tuple(target.shape))
    if shape != tuple(input.shape):  # torch's kernel writes into a tensor of input's shape
        raise RuntimeError(f"output with shape {list(input.shape)} doesn't match the broadcast "
                           f"shape {list(shape)}")
    input, target = _broadcast_pair(input, target, warn=False)  # PyTorch does not warn here
    _check_result_fits(input, target, D.get_default_dtype())
    x, t, dt = _arrays(input, target)
    if dt.category == D._COMPLEX:  # no complex logaddexp: log(1 + exp(z)) as it reads
        with _quiet(all="ignore"):
            loss = np.log1p(np.exp(-t * x)).astype(dt.np, copy=False)
    else:
        loss = np.logaddexp(0.0, -t * x).astype(dt.np, copy=False)
    return _pointwise_loss(input, target, loss, dt, SoftMarginLossBackward0, reduction,
                           (input, target))


@grad_fn("SoftMarginLossBackward0")
def SoftMarginLossBackward0(ctx, grad):
    x, t = ctx.saved_tensors
    g = _per_element(ctx, grad) * sigmoid(-t * x)
    return -g * t, None


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    """Mean over classes of the binary logistic loss of each label."""
    reduction = _reduction_named(reduction, size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    """sum over i != y of max(0, margin - x[y] + x[i])**p * weight[y] / C, per sample.
    d/dx[i] = p z**(p-1) w[y] / C for z = margin - x[y] + x[i] > 0, and minus their sum at y."""
    input, weight = cast_fp32(input, weight)
    reduction = _reduction_of(reduction, size_average, reduce)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    x = input._data
    if not (x.ndim <= 1 and x.size or x.ndim == 2 and x.shape[1]):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, "
                           f"but got: {list(x.shape)}")
    x2 = x.reshape(1, -1) if x.ndim <= 1 else x
    n, classes = x2.shape
    t = target._data.reshape(-1).astype(np.int64)
    if t.shape[0] != n or target.dim() > 1:
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to "
                           f"the number of input samples (batch size). Expected target size "
                           f"[{n}], but got {list(target.shape)}. Input has shape "
                           f"{list(input.shape)}.")
    if weight is not None and weight._data.shape[0] != classes:
        raise RuntimeError(f"inconsistent weight size, expected {classes} but got "
                           f"{list(weight.shape)}")
    if input._dtype.category != D._FLOAT:
        raise NotImplementedError("\"multi_margin_loss_cpu_kernel\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    _check_long_target(target)
    if weight is not None and weight._dtype is not input._dtype:
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(weight._dtype)}")
    if ((t < 0) | (t >= classes)).any():
        raise RuntimeError("target out of range")
    xp = _backend.namespace_of(x)
    rows = xp.arange(n)
    z = margin - x2[rows, t][:, None] + x2
    z[rows, t] = 0
    active = z > 0
    w = xp.ones(n, x.dtype) if weight is None else weight._data.astype(x.dtype)[t]
    # torch's order, so float32 rounds the same: each sample's weighted terms summed one by
    # one (cumsum is sequential), then divided by C; the batch sum or mean in double.
    terms = np.where(active, z ** p, 0)
    if weight is not None:
        terms = terms * w[:, None]
    loss = np.cumsum(terms, axis=1)[:, -1] / x.dtype.type(classes)
    if x.ndim <= 1 and reduction == "none":
        loss = loss.reshape(target.shape if target.dim() else ())
    if reduction != "none":
        loss = _reduce_array(loss.astype(np.float64), reduction).astype(x.dtype)
    out = wrap(loss, input._dtype)
    slope = np.where(active, p * z ** (p - 1), 0) * (w[:, None] / classes)
    slope[rows, t] = -slope.sum(1)
    if reduction == "mean":
        slope = slope / n
    return record(out, MultiMarginLossBackward0, (input, target), (input,),
                  slope=Tensor._make(slope.reshape(x.shape).astype(x.dtype)),
                  reduction=reduction, per_row=x.ndim == 2)


def _margin_grad(ctx, grad, double_backward):
    """grad times the saved slope. torch has no derivative of the margin losses' gradient:
    under create_graph it is recorded as a node whose backward raises (a constant here gave a
    silently missing second-order term for p=2, whose slope depends on the input)."""
    (x,) = ctx.saved_tensors
    if ctx.reduction == "none" and ctx.per_row:
        grad = grad.unsqueeze(1)
    if not grad_mode.is_grad_enabled():
        return grad * ctx.slope, None
    with grad_mode.no_grad():
        result = grad * ctx.slope
    return record(result, double_backward, (x,)), None


@grad_fn("MultiMarginLossBackward0")
def MultiMarginLossBackward0(ctx, grad):
    return _margin_grad(ctx, grad, _MultiMarginDoubleBackward)


_MultiMarginDoubleBackward = _not_implemented("multi_margin_loss_backward")


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """For each target class y (the target row up to its first -1) and each non-target class i:
    max(0, 1 - (x[y] - x[i])), summed and divided by C.   d/dx[i] = +1/C per active pair,
    d/dx[y] = -1/C per active pair."""
    input = cast_fp32(input)
    reduction = _reduction_of(reduction, size_average, reduce)
    x = input._data
    if x.ndim > 2 or target._data.shape != x.shape:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(x.shape)}")
    if input._dtype.category != D._FLOAT:
        raise NotImplementedError("\"multilabel_margin_loss_forward_out_frame\" not implemented "
                                  f"for '{type_name(input._dtype)}'")
    _check_long_target(target)
    x2 = x.reshape(1, -1) if x.ndim <= 1 else x
    t = target._data.reshape(x2.shape).astype(np.int64)
    n, classes = x2.shape
    valid = np.cumprod(t != -1, axis=1).astype(bool)
    if ((t[valid] < 0) | (t[valid] >= classes)).any():
        raise RuntimeError("multilabel-margin-loss: target values must be in [0, C)")
    xp = _backend.namespace_of(x)
    rows = xp.arange(n)[:, None]
    safe = np.where(valid, t, 0)
    is_target = xp.zeros((n, classes), bool)
    is_target[np.broadcast_to(rows, t.shape)[valid], t[valid]] = True
    picked = np.take_along_axis(x2, safe, 1)
    margins = 1 - picked[:, :, None] + x2[:, None, :]
    active = (margins > 0) & valid[:, :, None] & ~is_target[:, None, :]
    loss = np.where(active, margins, 0).sum((1, 2)) / classes
    if x.ndim <= 1:
        loss = loss.reshape(())
    out = wrap(_reduce_array(loss, reduction), input._dtype)
    slope = active.sum(1).astype(x.dtype) / classes
    _backend.scatter_add(slope, (np.broadcast_to(rows, t.shape), safe), -active.sum(2) / classes)
    if reduction == "mean":
        slope = slope / max(loss.size, 1)
    return record(out, MultilabelMarginLossBackward0, (input, target), (input,),
                  slope=Tensor._make(slope.reshape(x.shape)), reduction=reduction,
                  per_row=x.ndim == 2)


@grad_fn("MultilabelMarginLossBackward0")
def MultilabelMarginLossBackward0(ctx, grad):
    return _margin_grad(ctx, grad, _MultilabelMarginDoubleBackward)


_MultilabelMarginDoubleBackward = _not_implemented("multilabel_margin_loss_backward")


# --- connectionist temporal classification ----------------------------------------------------

def _logsumexp3(a, b, c):
    m = np.maximum(np.maximum(a, b), c)
    safe = np.where(np.isfinite(m), m, 0)
    with _quiet(all="ignore"):
        return np.log(np.exp(a - safe) + np.exp(b - safe) + np.exp(c - safe)) + safe


def _shift(a, k):
    """a shifted right by k along the last axis, filled with -inf."""
    out = _backend.namespace_of(a).full_like(a, -np.inf)
    out[..., k:] = a[..., :a.shape[-1] - k]
    return out


def _ctc_tables(targets, target_lengths, batch, blank):
    """Per-sample labels interleaved with blanks (N, 2S+1), and where a skip over a blank is
    allowed (the label differs from the one two places back), built where the targets are;
    the lengths are host integers (they decide the shapes) and go over with them."""
    t = targets._data.astype(np.int64)
    xp = _backend.namespace_of(t)
    host_lengths = target_lengths.astype(np.int64)
    lengths = xp.asarray(host_lengths)
    longest = int(host_lengths.max()) if host_lengths.size else 0
    if t.ndim == 2:
        labels = t[:, :longest]
    elif t.size:
        starts = xp.asarray(np.cumsum(host_lengths) - host_lengths)
        labels = t[np.minimum(starts[:, None] + xp.arange(longest), t.shape[0] - 1)]
    else:
        labels = xp.zeros((batch, longest), np.int64)
    labels = np.where(xp.arange(longest) < lengths[:, None], labels, blank)
    extended = xp.full((batch, 2 * longest + 1), blank, np.int64)
    extended[:, 1::2] = labels
    skip = xp.zeros(extended.shape, bool)
    skip[:, 2:] = (extended[:, 2:] != blank) & (extended[:, 2:] != extended[:, :-2])
    return extended, skip, lengths


def _ctc_alpha(lp, extended, skip, input_lengths, target_lengths):
    steps, batch, _ = lp.shape
    width = extended.shape[1]
    xp = _backend.namespace_of(lp)
    emit = np.take_along_axis(lp, np.broadcast_to(extended[None], (steps, batch, width)), 2)
    alpha = xp.full((steps, batch, width), -np.inf, lp.dtype)
    alpha[0, :, 0] = emit[0, :, 0]
    if width > 1:
        alpha[0, :, 1] = np.where(target_lengths > 0, emit[0, :, 1], -np.inf)
    for t in range(1, steps):
        prev = alpha[t - 1]
        skipped = np.where(skip, _shift(prev, 2), -np.inf)
        alpha[t] = _logsumexp3(prev, _shift(prev, 1), skipped) + emit[t]
    last = np.clip(input_lengths - 1, 0, steps - 1)
    rows = xp.arange(batch)
    final = alpha[last, rows]
    end = 2 * target_lengths
    tail = np.take_along_axis(final, end[:, None], 1)[:, 0]
    before = np.where(end > 0, np.take_along_axis(final, np.maximum(end - 1, 0)[:, None], 1)[:, 0],
                      -np.inf)
    return alpha, emit, -np.logaddexp(tail, before)


_CTC_CHECKING = " (while checking arguments for ctc_loss_allocate_outputs)"


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):
    """The negative log-likelihood of each target under all alignments of (T, N, C)
    log-probabilities, by the forward (alpha) recursion in log space, vectorised over the batch;
    mean divides each loss by its target length, then averages."""
    log_probs = cast_fp32(log_probs)
    reduction = _reduction_of(reduction)
    unbatched = log_probs.dim() == 2
    if unbatched:
        log_probs = log_probs.unsqueeze(1)
        targets = targets.unsqueeze(0) if targets.dim() == 1 else targets
    steps, batch, classes = log_probs.shape
    for name, lengths in (("input_lengths", input_lengths), ("target_lengths", target_lengths)):
        if isinstance(lengths, Tensor) and lengths._dtype.category > D._INT:
            raise RuntimeError(f"{name} must be integral")
    # The lengths decide shapes and loop bounds: they are read on the host, as torch does.
    lengths_in = np.asarray(_backend.to_host(input_lengths._data)
                            if isinstance(input_lengths, Tensor) else input_lengths,
                            np.int64).reshape(-1)
    lengths_target = np.asarray(_backend.to_host(target_lengths._data)
                                if isinstance(target_lengths, Tensor) else target_lengths,
                                np.int64).reshape(-1)
    if lengths_in.shape[0] != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if lengths_target.shape[0] != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    if (lengths_in > steps).any():
        raise RuntimeError(f"Expected input_lengths to have value at most {steps}, but got value "
                           f"{int(lengths_in.max())}{_CTC_CHECKING}")
    for name, lengths in (("input_lengths", lengths_in), ("target_lengths", lengths_target)):
        if (lengths < 0).any():
            raise RuntimeError(f"Expected {name} to have value at least 0, but got value "
                               f"{int(lengths.min())}{_CTC_CHECKING}")
    if targets.dim() == 2 and lengths_target.size and lengths_target.max() > targets.shape[1]:
        raise RuntimeError(f"Expected tensor to have size at least {int(lengths_target.max())} at "
                           f"dimension 1, but got size {targets.shape[1]} for argument #2 "
                           f"'targets'{_CTC_CHECKING}")
    if targets.dim() == 1 and not unbatched and int(lengths_target.sum()) != targets.shape[0]:
        raise RuntimeError(f"Expected tensor to have size {int(lengths_target.sum())} at "
                           f"dimension 0, but got size {targets.shape[0]} for argument #2 "
                           f"'targets'{_CTC_CHECKING}")
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    extended, skip, lengths_target = (
        _backend.to_device(a, log_probs._device)  # CPU targets may go with a device's lp
        for a in _ctc_tables(targets, lengths_target, batch, blank))
    lp = log_probs._data
    xp = _backend.namespace_of(lp)
    lengths_in = xp.asarray(lengths_in)
    alpha, emit, nll = _ctc_alpha(lp, extended, skip, lengths_in, lengths_target)
    infinite = ~np.isfinite(nll)
    out = wrap(nll.astype(lp.dtype), log_probs._dtype)
    out = record(out, CtcLossBackward0, (log_probs,), (log_probs,), alpha=alpha, emit=emit,
                 nll=nll, extended=extended, skip=skip, input_lengths=lengths_in,
                 target_lengths=lengths_target, zero=infinite if zero_infinity else None)
    if zero_infinity:
        out = where(Tensor._make(infinite), 0.0, out)
    if reduction == "mean":
        divisor = Tensor._make(xp.maximum(lengths_target, 1).astype(lp.dtype))
        return (out / divisor).mean()
    if reduction == "sum":
        return out.sum()
    return out.squeeze(0) if unbatched else out


@grad_fn("CtcLossBackward0")
def CtcLossBackward0(ctx, grad):
    """PyTorch's gradient: exp(lp) - posterior(label at t), i.e. the gradient with respect to
    logits whose log_softmax gave lp (its log_softmax backward then passes it through)."""
    (log_probs,) = ctx.saved_tensors
    lp = log_probs._data
    steps, batch, _ = lp.shape
    width = ctx.extended.shape[1]
    xp = _backend.namespace_of(lp)
    positions = xp.arange(width)
    last = ctx.input_lengths - 1
    ends = 2 * ctx.target_lengths
    beta = xp.full((steps, batch, width), -np.inf, lp.dtype)
    tail = (positions == ends[:, None]) | (positions == ends[:, None] - 1)
    for t in range(steps - 1, -1, -1):
        start = np.where(tail, ctx.emit[t], -np.inf)
        if t + 1 < steps:
            nxt = beta[t + 1]
            ahead1 = xp.full_like(nxt, -np.inf)
            ahead1[:, :-1] = nxt[:, 1:]
            ahead2 = xp.full_like(nxt, -np.inf)
            ahead2[:, :-2] = np.where(ctx.skip[:, 2:], nxt[:, 2:], -np.inf)
            carried = _logsumexp3(nxt, ahead1, ahead2) + ctx.emit[t]
        else:
            carried = xp.full_like(start, -np.inf)
        beta[t] = np.where((t == last)[:, None], start, np.where((t < last)[:, None], carried,
                                                                 -np.inf))
    with _quiet(all="ignore"):
        posterior_terms = np.exp(ctx.alpha + beta - ctx.emit + ctx.nll[None, :, None])
    posterior = xp.zeros_like(lp)
    index = np.broadcast_to(ctx.extended[None], posterior_terms.shape)
    t_idx, n_idx, _ = xp.indices(posterior_terms.shape)
    _backend.scatter_add(posterior, (t_idx, n_idx, index), np.nan_to_num(posterior_terms))
    result = np.exp(lp) - posterior
    live = xp.arange(steps)[:, None] < ctx.input_lengths[None, :]
    result = np.where(live[:, :, None], result, 0)
    if ctx.zero is not None:
        result = np.where(ctx.zero[None, :, None], 0, result)
    result = Tensor._make(result.astype(lp.dtype))
    if grad_mode.is_grad_enabled():
        # create_graph: torch has no derivative of this gradient; its second backward raises
        # (a constant here would give a silently wrong hessian)
        result = record(result, _CtcDoubleBackward, (log_probs,))
    return grad.reshape(1, batch, 1) * result


_CtcDoubleBackward = _not_implemented("_ctc_loss_backward")
