"""Fake quantization for quantization-aware training: values rounded to a quantizer's grid and
mapped back to floats, with the straight-through gradient.

``fake_quantize_per_tensor_affine(x, scale, zero_point, qmin, qmax)`` is
``(clamp(rint(x * (1 / scale)) + zero_point, qmin, qmax) - zero_point) * scale``, computed as
torch's CPU kernel computes it: ``scale`` stored as float32 and its reciprocal taken in float32,
the product ``x * (1 / scale)`` in float32 for the 16- and 32-bit float types and in float64
for float64, the grid point ``(q - zero_point) * scale`` in float32 (per tensor) or in the
input's precision (per channel), then rounded to the input's dtype. The per-channel variant takes
one scale and zero point per index along ``axis``; a floating zero point is added before the
rounding (``rint(x / scale + zero_point)``), as torch does for float qparams.

The true derivative of a rounding is 0 almost everywhere. Quantization-aware training uses the
straight-through estimator instead, and so do these ops: the gradient passes unchanged where
the rounded value lies inside ``[qmin, qmax]`` and is 0 where it was clipped (the mask is
computed in the forward and saved, as torch's ``*Cachemask*`` nodes do).
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ._registry import grad_fn, record, refuse_grad, wrap

_RANGE = "`quant_min` should be less than or         equal to `quant_max`."
_ZERO_POINT_RANGE = "`zero_point` must be between `quant_min` and `quant_max`."
_FLOATS = (D.float16, D.bfloat16, D.float32, D.float64)


def _check_input(input, kernel):
    if input._dtype not in _FLOATS:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{input._dtype._legacy[:-len('Tensor')]}'")


def _fake_quantize(x, scale, inv_scale, zero_point, quant_min, quant_max, float_zero_point,
                   xp, float32_product=False):
    """(values, mask) on arrays. ``scale`` and ``inv_scale`` are float32 and ``zero_point`` a
    number, or arrays of them broadcasting against ``x``. ``float32_product``: the grid point
    rounded to float32 before the input's dtype (torch's per-tensor kernel multiplies in
    float32 even for float64 inputs; its per-channel one in the input's precision)."""
    compute = np.float64 if x.dtype == np.float64 else np.float32
    x = x.astype(compute, copy=False)
    zero = zero_point.astype(compute) if hasattr(zero_point, "astype") else zero_point
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = x * inv_scale.astype(compute)
        q = xp.rint(scaled + zero) if float_zero_point else xp.rint(scaled) + zero
        mask = (q >= quant_min) & (q <= quant_max)
        # The grid point in float64 (an integer times a float32 step), rounded once by the
        # caller to the input's dtype.
        out = (xp.clip(q, quant_min, quant_max).astype(np.float64) - zero) \
            * scale.astype(np.float64)
    return (out.astype(np.float32) if float32_product else out), mask


def fake_quantize_per_tensor_affine(input, scale, zero_point, quant_min, quant_max):
    """``input`` rounded to the grid of ``scale`` and ``zero_point`` within ``[quant_min,
    quant_max]``, as floats: ``(clamp(rint(input / scale) + zero_point) - zero_point) * scale``.
    d/dinput = 1 where the rounded value was not clipped, else 0 (straight through).

    Args:
        input (Tensor): float values.
        scale (float or Tensor): the step (a one-element tensor goes with a tensor zero point).
        zero_point (int or Tensor): the integer standing for 0.
        quant_min (int): the lowest integer.
        quant_max (int): the highest integer.

    Returns:
        Tensor: the fake-quantized values, of ``input``'s dtype.

    Example:
        >>> ember.fake_quantize_per_tensor_affine(ember.tensor([-1.0, 0.26, 9.0]), 0.1, 2, -8, 7)
        tensor([-1.0000,  0.3000,  0.5000])
    """
    tensor_qparams = isinstance(scale, Tensor) and isinstance(zero_point, Tensor)
    if tensor_qparams:
        refuse_grad("_fake_quantize_per_tensor_affine_cachemask_tensor_qparams",
                         ("scale", scale), ("zero_point", zero_point))
    scale = float(scale.item() if isinstance(scale, Tensor) else scale)
    zero_point = int(zero_point.item() if isinstance(zero_point, Tensor) else zero_point)
    if quant_min > quant_max:
        raise RuntimeError(_RANGE)
    if not tensor_qparams and not quant_min <= zero_point <= quant_max:
        raise RuntimeError(_ZERO_POINT_RANGE)
    _check_input(input, "fake_quantize_tensor_cachemask_kernel_type_handling")
    xp = _backend.namespace_of(input._data)
    scale32 = np.float32(scale)
    with np.errstate(divide="ignore"):
        inv_scale = np.float32(1) / scale32
    out, mask = _fake_quantize(input._data, scale32, inv_scale, zero_point, quant_min,
                               quant_max, False, xp, float32_product=True)
    node = FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0 if tensor_qparams \
        else FakeQuantizePerTensorAffineCachemaskBackward0
    return record(wrap(out, input._dtype), node, (input,), (Tensor._make(mask),))


@grad_fn("FakeQuantizePerTensorAffineCachemaskBackward0")
def FakeQuantizePerTensorAffineCachemaskBackward0(ctx, grad):
    (mask,) = ctx.saved_tensors
    return grad * mask


@grad_fn("FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0")
def FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0(ctx, grad):
    (mask,) = ctx.saved_tensors
    return grad * mask


def fake_quantize_per_channel_affine(input, scale, zero_point, axis, quant_min, quant_max):
    """``input`` rounded, slice by slice along ``axis``, to the grid of that slice's ``scale``
    and ``zero_point`` within ``[quant_min, quant_max]``, as floats. d/dinput = 1 where the
    rounded value was not clipped, else 0 (straight through).

    Args:
        input (Tensor): float values.
        scale (Tensor): float32 (or bfloat16) steps, one per index along ``axis``.
        zero_point (Tensor): int32, float or half zero points, one per index along ``axis``.
        axis (int): the channel dimension (not negative).
        quant_min (int): the lowest integer.
        quant_max (int): the highest integer.

    Returns:
        Tensor: the fake-quantized values, of ``input``'s dtype.

    Example:
        >>> ember.fake_quantize_per_channel_affine(
        ...     ember.tensor([[0.26, 0.26]]), ember.tensor([0.1, 0.2]),
        ...     ember.tensor([0, 0], dtype=ember.int32), 1, -8, 7)
        tensor([[0.3000, 0.2000]])
    """
    refuse_grad("fake_quantize_per_channel_affine_cachemask", ("scale", scale),
                     ("zero_point", zero_point))
    if scale._dtype not in (D.float32, D.bfloat16):
        raise RuntimeError(f"Scale must be Float or BFloat16, found "
                           f"{scale._dtype._legacy[:-len('Tensor')]}")
    if zero_point._dtype not in (D.int32, D.float32, D.float16):
        raise RuntimeError(f"Zero-point must be Int32, Float or Half, found "
                           f"{zero_point._dtype._legacy[:-len('Tensor')]}")
    if scale.dim() != 1:
        raise RuntimeError("scale should be a 1-D tensor")
    if zero_point.dim() != 1:
        raise RuntimeError("zero point should be a 1-D tensor")
    if scale.numel() != zero_point.numel():
        raise RuntimeError("scale and zero-point need to have the same dimensions")
    if scale.numel() != input.shape[_wrap_dim(axis, input.dim())]:
        raise RuntimeError("dimensions of scale and zero-point are not consistent with input "
                           "tensor")
    if quant_min > quant_max:
        raise RuntimeError(_RANGE)
    float_zero_point = zero_point._dtype is not D.int32
    if not float_zero_point and zero_point.numel() and not (
            quant_min <= int(zero_point.min().item())
            and int(zero_point.max().item()) <= quant_max):
        raise RuntimeError(_ZERO_POINT_RANGE)
    if not 0 <= axis <= input.dim():
        raise RuntimeError("`axis` must be between 0 and number of dimensions of input")
    _check_input(input, "fake_quantize_channel_cachemask_cpu_type_handling")
    xp = _backend.namespace_of(input._data)
    shape = [1] * input.dim()
    shape[axis] = -1
    scale32 = scale._data.astype(np.float32).reshape(shape)
    with np.errstate(divide="ignore"):
        inv_scale = 1 / scale32
    zeros = zero_point._data.reshape(shape)
    out, mask = _fake_quantize(input._data, scale32, inv_scale, zeros, quant_min, quant_max,
                               float_zero_point, xp)
    return record(wrap(out, input._dtype), FakeQuantizePerChannelAffineCachemaskBackward0,
                  (input,), (Tensor._make(mask),))


@grad_fn("FakeQuantizePerChannelAffineCachemaskBackward0")
def FakeQuantizePerChannelAffineCachemaskBackward0(ctx, grad):
    (mask,) = ctx.saved_tensors
    return grad * mask


# --- learnable qparams (LSQ) -------------------------------------------------------------------
# The forward is the fake quantization above with the zero point rounded (rint) and clamped into
# [quant_min, quant_max]. The backward is LSQ's: where the value was not clipped, d/dinput = 1,
# d/dscale = (fake_quantized - input) / scale and d/dzero_point = 0; where it was clipped,
# d/dinput = 0, d/dscale = (quant_min or quant_max) - zero_point and d/dzero_point = -scale;
# the qparam gradients are multiplied by grad_factor and summed over the elements (over all
# but ``axis`` per channel). torch's per-tensor backward takes its zero point as
# int(clamp(zero_point + 0.5)), its per-channel one as clamp(rint(zero_point)); so do these.

_NOT_FLOAT = ("Expected {}.scalar_type() == ScalarType::Float to be true, but got false.  "
              "(Could this error message be improved?  If so, please report an enhancement "
              "request to PyTorch.)")


def _check_learnable_backward(grad, scale, zero_point):
    for name, value in (("dY_", grad), ("scale_", scale), ("zero_point_", zero_point)):
        if value._dtype is not D.float32:
            raise RuntimeError(_NOT_FLOAT.format(name))


def _lsq_grads(x, dy, scale, zero, quant_min, quant_max, grad_factor, xp):
    """(d input, d scale, d zero_point) elementwise, on float32 arrays; ``scale`` and ``zero``
    broadcast against ``x``; ``zero`` holds integers."""
    inv_scale = np.float32(1) / scale
    q = xp.rint(x * inv_scale) + zero
    inside = (q >= quant_min) & (q <= quant_max)
    with np.errstate(invalid="ignore", over="ignore"):
        inside_scale = ((q - zero) * scale - x) * inv_scale
    clipped_scale = xp.where(q < quant_min, quant_min - zero, quant_max - zero)
    factor = np.float32(grad_factor)
    d_scale = dy * xp.where(inside, inside_scale, clipped_scale) * factor
    d_zero = dy * xp.where(inside, np.float32(0), -scale) * factor
    return xp.where(inside, dy, np.float32(0)), d_scale, d_zero


def _fake_quantize_learnable_per_tensor_affine(input, scale, zero_point, quant_min, quant_max,
                                               grad_factor=1.0):
    """Fake quantization with a learnable ``scale`` and ``zero_point`` (one-element float32
    tensors), as LSQ trains them: the forward is ``fake_quantize_per_tensor_affine`` with the
    zero point rounded and clamped; the gradients reach ``input`` (straight through),
    ``scale`` and ``zero_point`` (LSQ's estimates, times ``grad_factor``).

    Args:
        input (Tensor): float32 values.
        scale (Tensor): the step, ``scale[0]``.
        zero_point (Tensor): the (float) zero point, ``zero_point[0]``.
        quant_min (int): the lowest integer.
        quant_max (int): the highest integer.
        grad_factor (float): multiplies the gradients of ``scale`` and ``zero_point``.

    Returns:
        Tensor: the fake-quantized values.

    Example:
        >>> ember._fake_quantize_learnable_per_tensor_affine(
        ...     ember.tensor([-1.0, 0.26, 9.0]), ember.tensor([0.1]), ember.tensor([1.6]), -8, 7)
        tensor([-1.0000,  0.3000,  0.5000])
    """
    if quant_min > quant_max:
        raise RuntimeError(_RANGE)
    if scale.dim() == 0 or zero_point.dim() == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    step = float(scale[0].item())
    zero = int(min(max(np.rint(np.float32(zero_point[0].item())), quant_min), quant_max))
    _check_input(input, "fake_quantize_tensor_cachemask_kernel_type_handling")
    xp = _backend.namespace_of(input._data)
    scale32 = np.float32(step)
    with np.errstate(divide="ignore"):
        inv_scale = np.float32(1) / scale32
    out, _ = _fake_quantize(input._data, scale32, inv_scale, zero, quant_min, quant_max, False,
                            xp, float32_product=True)
    return record(wrap(out, input._dtype), FakeQuantizeLearnablePerTensorAffineBackward0,
                  (input, scale, zero_point), (input, scale, zero_point), quant_min=quant_min,
                  quant_max=quant_max, grad_factor=grad_factor)


@grad_fn("FakeQuantizeLearnablePerTensorAffineBackward0")
def FakeQuantizeLearnablePerTensorAffineBackward0(ctx, grad):
    x, scale, zero_point = ctx.saved_tensors
    _check_learnable_backward(grad, scale, zero_point)
    step = np.float32(scale[0].item())
    low, high = ctx.quant_min, ctx.quant_max
    zero = np.float32(int(min(max(np.float32(zero_point[0].item()) + np.float32(0.5), low),
                              high)))
    xp = _backend.namespace_of(x._data)
    d_x, d_scale, d_zero = _lsq_grads(x._data, grad._data, step, zero, low, high,
                                      ctx.grad_factor, xp)
    return (wrap(d_x, D.float32), wrap(d_scale.sum().reshape(1), D.float32),
            wrap(d_zero.sum().reshape(1), D.float32))


def _fake_quantize_learnable_per_channel_affine(input, scale, zero_point, axis, quant_min,
                                                quant_max, grad_factor=1.0):
    """Fake quantization with learnable per-channel ``scale`` and ``zero_point`` (float32, one
    per index along ``axis``), as LSQ trains them: the forward is
    ``fake_quantize_per_channel_affine`` with the zero points rounded and clamped; gradients
    reach ``input`` (straight through), ``scale`` and ``zero_point`` (LSQ's estimates, summed
    per channel, times ``grad_factor``).

    Args:
        input (Tensor): float32 values.
        scale (Tensor): float32 steps, one per channel.
        zero_point (Tensor): float32 zero points, one per channel.
        axis (int): the channel dimension (not negative).
        quant_min (int): the lowest integer.
        quant_max (int): the highest integer.
        grad_factor (float): multiplies the gradients of ``scale`` and ``zero_point``.

    Returns:
        Tensor: the fake-quantized values.

    Example:
        >>> ember._fake_quantize_learnable_per_channel_affine(
        ...     ember.tensor([[0.26, 0.26]]), ember.tensor([0.1, 0.2]), ember.tensor([0.0, 0.4]),
        ...     1, -8, 7)
        tensor([[0.3000, 0.2000]])
    """
    from ..autograd import grad_mode
    with grad_mode.no_grad():
        zeros = zero_point.round().clamp(quant_min, quant_max).to(D.int32)
        out = fake_quantize_per_channel_affine(input.detach(), scale.detach(), zeros, axis,
                                               quant_min, quant_max)
    return record(out, FakeQuantizeLearnablePerChannelAffineBackward0,
                  (input, scale, zero_point), (input, scale, zero_point), axis=axis,
                  quant_min=quant_min, quant_max=quant_max, grad_factor=grad_factor)


@grad_fn("FakeQuantizeLearnablePerChannelAffineBackward0")
def FakeQuantizeLearnablePerChannelAffineBackward0(ctx, grad):
    x, scale, zero_point = ctx.saved_tensors
    _check_learnable_backward(grad, scale, zero_point)
    low, high = ctx.quant_min, ctx.quant_max
    shape = [1] * x.dim()
    shape[ctx.axis] = -1
    xp = _backend.namespace_of(x._data)
    zero = xp.clip(xp.rint(zero_point._data), low, high).reshape(shape)
    d_x, d_scale, d_zero = _lsq_grads(x._data, grad._data, scale._data.reshape(shape), zero,
                                      low, high, ctx.grad_factor, xp)
    others = tuple(d for d in range(x.dim()) if d != ctx.axis)
    return (wrap(d_x, D.float32), wrap(d_scale.sum(axis=others), D.float32),
            wrap(d_zero.sum(axis=others), D.float32))


FUNCTIONS = {"fake_quantize_per_tensor_affine": fake_quantize_per_tensor_affine,
             "fake_quantize_per_channel_affine": fake_quantize_per_channel_affine,
             "_fake_quantize_learnable_per_tensor_affine":
                 _fake_quantize_learnable_per_tensor_affine,
             "_fake_quantize_learnable_per_channel_affine":
                 _fake_quantize_learnable_per_channel_affine}
METHODS = {}
