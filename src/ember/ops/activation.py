"""Activation functions: the elementwise nonlinearities of ``nn.functional`` and softmax.

Hot or numerically delicate activations (softmax, log_softmax, gelu, silu, softplus,
logsigmoid ...) are primitives: a NumPy forward and a derivative written with ember ops beside
it, so second derivatives work. Simple ones (softsign, tanhshrink, softmin) are compositions.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from ..amp.autocast_mode import cast_lower
from ..autograd.grad_mode import _state as _grad_state
from ._kernels import parallel_unary, row_dots, row_sums
from ._registry import grad_fn, record, wrap
from ._registry import inplace as inplace_op
from .elementwise import _sigmoid_array, exp, neg, relu, sigmoid, tanh, where
from .joining import cat
from .special import erf as _erf

_quiet = np.errstate

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_LOG_INV_SQRT_2PI = math.log(_INV_SQRT_2PI)
_GELU_K = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _check_float(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input._dtype.category < D._FLOAT:
        raise NotImplementedError(f'"{name}" not implemented for '
                                  f"'{_short(input._dtype)}'")


def _short(dt):
    return {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
            "uint8": "Byte", "bool": "Bool"}.get(dt.name, dt.name)


def _pointwise(input, fn, node_cls, name, save_output=False, **attrs):
    """Shared body of elementwise activations: compute on the array, record the node."""
    if name not in ("hardtanh", "threshold"):
        _check_float(input, name)
    a = input._data
    with _quiet(all="ignore"):
        # NumPy gives scalars for 0-d operands, which the kernels' in-place steps can't write.
        out = wrap(fn(a) if a.ndim else fn(a.reshape(1)).reshape(()), input._dtype)
    return record(out, node_cls, (input,), (out,) if save_output else (input,), **attrs)


def _maybe_inplace(input, inplace_flag, op, *args):
    if inplace_flag:
        return inplace_op(input, lambda s: op(s, *args))
    return op(input, *args)


# --- relu family ------------------------------------------------------------------------------

def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamp to [min_val, max_val].   d/dinput = 1 strictly inside the range, else 0."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _maybe_inplace(input, inplace, _hardtanh, min_val, max_val)


def _hardtanh(input, min_val, max_val):
    return _pointwise(input, lambda a: np.clip(a, min_val, max_val), HardtanhBackward0,
                      "hardtanh", min_val=min_val, max_val=max_val)


@grad_fn("HardtanhBackward0")
def HardtanhBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * ((x > ctx.min_val) & (x < ctx.max_val))


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """min(max(input, 0), 6), recorded as hardtanh(0, 6) like PyTorch."""
    return hardtanh(input, 0.0, 6.0, inplace)


def relu_(input):
    """In-place relu."""
    return inplace_op(input, relu)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input if input > 0 else negative_slope * input.   d/dinput = 1 or negative_slope."""
    if inplace:
        return inplace_op(input, lambda s: _pointwise(
            s, lambda a: np.where(a > 0, a, a * negative_slope), LeakyReluBackward1,
            "leaky_relu_cpu", save_output=True, negative_slope=negative_slope))
    return _pointwise(input, lambda a: np.where(a > 0, a, a * negative_slope),
                      LeakyReluBackward0, "leaky_relu_cpu", negative_slope=negative_slope)


@grad_fn("LeakyReluBackward0")
def LeakyReluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * where(x > 0, 1.0, ctx.negative_slope).to(grad.dtype)


@grad_fn("LeakyReluBackward1")
def LeakyReluBackward1(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * where(out > 0, 1.0, ctx.negative_slope).to(grad.dtype)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


def threshold(input, threshold, value, inplace=False):
    """input if input > threshold else value.   d/dinput = 1 where input > threshold."""
    def op(x):
        return _pointwise(x, lambda a: np.where(a > threshold, a, value), ThresholdBackward0,
                          "threshold", threshold=threshold)

    def op_inplace(x):
        return _pointwise(x, lambda a: np.where(a > threshold, a, value), ThresholdBackward1,
                          "threshold", save_output=True, threshold=threshold)
    return inplace_op(input, op_inplace) if inplace else op(input)


@grad_fn("ThresholdBackward0")
def ThresholdBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * (x > ctx.threshold)


@grad_fn("ThresholdBackward1")
def ThresholdBackward1(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (out > ctx.threshold)


def threshold_(input, threshold_value, value):
    return threshold(input, threshold_value, value, inplace=True)


# --- exponential linear units -----------------------------------------------------------------

def _elu_forward(alpha, scale, input_scale):
    def fn(a):
        return np.where(a > 0, a * scale, np.expm1(a * input_scale) * (alpha * scale))
    return fn


def _elu_family(input, alpha, scale, input_scale, inplace_flag, names, fn_name):
    forward, from_result = names
    attrs = {"alpha": alpha, "scale": scale, "input_scale": input_scale}
    if inplace_flag:
        return inplace_op(input, lambda s: _pointwise(
            s, _elu_forward(alpha, scale, input_scale), from_result, fn_name,
            save_output=True, **attrs))
    return _pointwise(input, _elu_forward(alpha, scale, input_scale), forward, fn_name, **attrs)


def _elu_grad(ctx, grad):
    """scale where x > 0, else scale * alpha * input_scale * exp(x * input_scale)."""
    (x,) = ctx.saved_tensors
    negative = exp(x * ctx.input_scale) * (ctx.alpha * ctx.scale * ctx.input_scale)
    return grad * where(x > 0, ctx.scale, negative)


def _elu_grad_from_result(ctx, grad):
    """From the output: input_scale * (out + alpha * scale) where out <= 0."""
    (out,) = ctx.saved_tensors
    negative = (out + ctx.alpha * ctx.scale) * ctx.input_scale
    return grad * where(out > 0, ctx.scale, negative)


EluBackward0 = grad_fn("EluBackward0")(_elu_grad)
EluBackward1 = grad_fn("EluBackward1")(_elu_grad_from_result)
CeluBackward0 = grad_fn("CeluBackward0")(_elu_grad)
CeluBackward1 = grad_fn("CeluBackward1")(_elu_grad_from_result)


def elu(input, alpha=1.0, inplace=False):
    """input if input > 0 else alpha * (exp(input) - 1).   d/dinput = 1 or alpha * exp(input)."""
    return _elu_family(input, alpha, 1.0, 1.0, inplace, (EluBackward0, EluBackward1), "elu_cpu")


def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    """scale * elu(input, alpha) with the self-normalising constants."""
    return _elu_family(input, _SELU_ALPHA, _SELU_SCALE, 1.0, inplace,
                       (EluBackward0, EluBackward1), "elu_cpu")


def selu_(input):
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return _elu_family(input, alpha, 1.0, 1.0 / alpha, inplace, (CeluBackward0, CeluBackward1),
                       "elu_cpu")


def celu_(input, alpha=1.0):
    return celu(input, alpha, inplace=True)


# --- smooth activations -----------------------------------------------------------------------

def gelu(input, approximate="none"):
    """x * Phi(x) (Phi the normal CDF), or its tanh approximation.
    d/dinput = Phi(x) + x * phi(x)  (exact form)."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _check_float(input, "GeluKernelImpl")
    a = input._data
    a = a.reshape(a.shape or (1,))  # 0-d as 1-d: NumPy's 0-d results can't be written into
    with _quiet(all="ignore"):
        if approximate == "tanh":
            # t = tanh(k * a * (1 + c * a**2)), kept for backward; out = a * (1 + t) / 2.
            t = a * a
            t *= _GELU_C
            t += 1.0
            t *= a
            t *= _GELU_K
            np.tanh(t, out=t)
            out = t + 1.0
        else:
            # Phi(a), kept for backward; out = a * Phi(a).
            t = _cdf_array(a)
            out = np.multiply(a, t)
        if approximate == "tanh":
            out *= a
            out *= 0.5
    out = wrap(out.reshape(input._data.shape), input._dtype)
    return record(out, GeluBackward0, (input,), (input,), approximate=approximate, cached=t)


def _cdf_array(a):
    """The standard normal CDF (1 + erf(a / sqrt 2)) / 2 of a float array, in a's dtype
    (narrow floats via float32). SciPy's erf is the costly step: on plain arrays it runs in
    the intra-op threads. (erf rather than ndtr, its equal in cost: ONNX export names erf.)"""
    from .special import _library
    wide = a if a.dtype == np.float64 or a.dtype == np.float32 else a.astype(np.float32)
    cdf = np.multiply(wide, _SQRT_HALF)
    if type(cdf) is np.ndarray:
        import scipy.special
        parallel_unary(scipy.special.erf, cdf, out=cdf)
    else:
        cdf = _library(cdf).erf(cdf)
    cdf += 1.0
    cdf *= 0.5
    return cdf.astype(a.dtype, copy=False)


@grad_fn("GeluBackward0")
def GeluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        if ctx.approximate == "tanh":
            x2 = x * x
            t = tanh((x + x2 * x * _GELU_C) * _GELU_K)
            slope = (1 + x2 * (3 * _GELU_C)) * _GELU_K
            return grad * ((1 + t) * 0.5 + x * (1 - t * t) * slope * 0.5)
        cdf = (_erf(x * _SQRT_HALF) + 1) * 0.5
        pdf = exp(x * x * -0.5) * _INV_SQRT_2PI
        return grad * (cdf + x * pdf)
    # The same formulas on arrays, with the forward's tanh (or CDF) array, each step in place
    # on one temporary.
    a = x._data.reshape(x._data.shape or (1,))
    t = ctx.cached
    with _quiet(all="ignore"):
        if ctx.approximate == "tanh":
            # ((1 + t) + x * (1 - t**2) * k * (1 + 3c * x**2)) / 2
            result = a * a
            result *= 3 * _GELU_C
            result += 1.0
            result *= a
            slope = t * t
            np.subtract(1.0, slope, out=slope)
            result *= slope
            result *= _GELU_K
            result += t
            result += 1.0
            result *= 0.5
        else:
            result = a * a  # cdf + x * pdf
            result *= -0.5
            result += _LOG_INV_SQRT_2PI
            np.exp(result, out=result)
            result *= a
            result += t
    result *= grad._data.reshape(result.shape)
    return Tensor._make(result.reshape(x._data.shape))


def silu(input, inplace=False):
    """x * sigmoid(x).   d/dinput = s * (1 + x * (1 - s)), s = sigmoid(x)."""
    return inplace_op(input, _silu) if inplace else _silu(input)


def _silu(input):
    # s = 1 / (1 + e^-a) (not the tanh form, which rounds the tiny negative tail to zero) is
    # kept for backward, which then needs no exp of its own.
    _check_float(input, "silu_cpu")
    a = input._data
    a = a.reshape(a.shape or (1,))
    with _quiet(all="ignore"):
        s = np.negative(a)
        np.exp(s, out=s)
    s += 1.0
    np.reciprocal(s, out=s)
    out = wrap(np.multiply(a, s).reshape(input._data.shape), input._dtype)
    return record(out, SiluBackward0, (input,), (input,), sigmoid=s)


@grad_fn("SiluBackward0")
def SiluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        s = sigmoid(x)
        return grad * (s * (1 + x * (1 - s)))
    s = ctx.sigmoid
    result = np.subtract(1.0, s)  # s * (1 + x * (1 - s)), in place
    result *= x._data.reshape(s.shape)
    result += 1.0
    result *= s
    result *= grad._data.reshape(s.shape)
    return Tensor._make(result.reshape(x._data.shape))


def _softplus_array(a, beta=1.0, threshold=20.0):
    scaled = a * beta
    soft = np.logaddexp(0.0, scaled) / beta if beta != 1 else np.logaddexp(0.0, scaled)
    return np.where(scaled > threshold, a, soft)


def mish(input, inplace=False):
    """x * tanh(softplus(x)).   d/dinput = t + x * sigmoid(x) * (1 - t**2), t = tanh(sp(x))."""
    return inplace_op(input, _mish) if inplace else _mish(input)


def _mish(input):
    # softplus as max(x, 0) + log1p(exp(-|x|)): exact at both ends, and several times faster
    # than np.logaddexp; t = tanh(softplus) is kept for backward.
    _check_float(input, "mish_cpu")
    a = input._data
    a = a.reshape(a.shape or (1,))
    with _quiet(all="ignore"):
        t = np.abs(a)
        np.negative(t, out=t)
        np.exp(t, out=t)
        np.log1p(t, out=t)
        t += np.maximum(a, 0)
        np.tanh(t, out=t)
    out = wrap(np.multiply(a, t).reshape(input._data.shape), input._dtype)
    return record(out, MishBackward0, (input,), (input,), tanh_softplus=t)


@grad_fn("MishBackward0")
def MishBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        t = tanh(softplus(x))
        return grad * (t + x * sigmoid(x) * (1 - t * t))
    t = ctx.tanh_softplus
    a = x._data.reshape(t.shape)
    with _quiet(all="ignore"):
        s = np.negative(a)  # sigmoid(a) = 1 / (1 + e^-a)
        np.exp(s, out=s)
    s += 1.0
    np.reciprocal(s, out=s)
    result = t * t  # t + a * s * (1 - t**2), in place
    np.subtract(1.0, result, out=result)
    result *= s
    result *= a
    result += t
    result *= grad._data.reshape(t.shape)
    return Tensor._make(result.reshape(x._data.shape))


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta, linear above threshold.
    d/dinput = sigmoid(beta * x) (1 above the threshold)."""
    return _pointwise(input, lambda a: _softplus_array(a, beta, threshold), SoftplusBackward0,
                      "softplus_cpu", beta=beta, threshold=threshold)


@grad_fn("SoftplusBackward0")
def SoftplusBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    scaled = x * ctx.beta
    return grad * where(scaled > ctx.threshold, 1.0, sigmoid(scaled)).to(grad.dtype)


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|.   d/dinput = sigmoid(-x)."""
    return _pointwise(input, lambda a: -np.logaddexp(0.0, -a), LogSigmoidBackward0,
                      "log_sigmoid_cpu")


@grad_fn("LogSigmoidBackward0")
def LogSigmoidBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * sigmoid(-x)


def softsign(input):
    """x / (1 + |x|)."""
    return input / (input.abs() + 1)


def tanhshrink(input):
    """x - tanh(x)."""
    return input - tanh(input)


def hardsigmoid(input, inplace=False):
    """relu6(x + 3) / 6.   d/dinput = 1/6 on (-3, 3), else 0."""
    def op(x):
        return _pointwise(x, lambda a: np.clip(a + 3.0, 0.0, 6.0) / 6.0, HardsigmoidBackward0,
                          "hardsigmoid_cpu")
    return inplace_op(input, op) if inplace else op(input)


@grad_fn("HardsigmoidBackward0")
def HardsigmoidBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * ((x > -3) & (x < 3)) / 6


def hardswish(input, inplace=False):
    """x * relu6(x + 3) / 6.   d/dinput = 0 below -3, x/3 + 1/2 on [-3, 3], 1 above."""
    def op(x):
        return _pointwise(x, lambda a: a * np.clip(a + 3.0, 0.0, 6.0) / 6.0, HardswishBackward0,
                          "hardswish_cpu")
    return inplace_op(input, op) if inplace else op(input)


@grad_fn("HardswishBackward0")
def HardswishBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * where(x < -3, 0.0, where(x <= 3, x / 3 + 0.5, 1.0))


def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, else 0.   d/dinput = 1 where |x| > lambd."""
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    return _pointwise(input, lambda a: np.where(a > lambd, a - lambd,
                                                np.where(a < -lambd, a + lambd, 0.0)),
                      SoftshrinkBackward0, "softshrink_check", lambd=lambd)


@grad_fn("SoftshrinkBackward0")
def SoftshrinkBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * ((x > ctx.lambd) | (x < -ctx.lambd))


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0.   d/dinput = 1 where |x| > lambd."""
    return _pointwise(input, lambda a: np.where((a >= -lambd) & (a <= lambd), 0.0, a),
                      HardshrinkBackward0, "hardshrink_cpu", lambd=lambd)


@grad_fn("HardshrinkBackward0")
def HardshrinkBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * ((x < -ctx.lambd) | (x > ctx.lambd))


def glu(input, dim=-1):
    """a * sigmoid(b) with (a, b) the two halves of input along dim.
    d/da = sigmoid(b), d/db = a * sigmoid(b) * (1 - sigmoid(b))."""
    if input._data.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {size}")
    a, b = np.split(input._data, 2, axis=d)
    out = wrap(a * _sigmoid_array(b), input._dtype)
    return record(out, GluBackward0, (input,), (input,), dim=d)


@grad_fn("GluBackward0")
def GluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    a, b = x.chunk(2, ctx.dim)
    s = sigmoid(b)
    return cat([grad * s, grad * a * s * (1 - s)], ctx.dim)


def prelu(input, weight):
    """input if input > 0 else weight * input, weight per channel (dim 1) or shared.
    d/dinput = 1 or weight; d/dweight = sum of input where input <= 0."""
    input, weight = cast_lower(input, weight)
    count = weight.numel()
    if count != 1:
        channels = input._data.shape[1] if input._data.ndim >= 2 else \
            (input._data.shape[0] if input._data.ndim == 1 else 1)
        if weight._data.ndim != 1 or channels != count:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {count} and channel size = {channels}.")
        if input._data.ndim >= 2:
            weight = weight.reshape((count,) + (1,) * (input._data.ndim - 2))
    elif weight._data.ndim > input._data.ndim and input._data.ndim:
        weight = weight.reshape(())
    _check_float(input, "prelu")
    w = weight._data
    out = wrap(np.where(input._data > 0, input._data, w * input._data), input._dtype)
    return record(out, PreluKernelBackward0, (input, weight), (input, weight))


@grad_fn("PreluKernelBackward0")
def PreluKernelBackward0(ctx, grad):
    x, w = ctx.saved_tensors
    positive = x > 0
    gx = grad * where(positive, 1.0, w).to(grad.dtype) if ctx.needs_input_grad[0] else None
    gw = where(positive, 0.0, grad * x) if ctx.needs_input_grad[1] else None
    return gx, gw


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky relu with slope (lower+upper)/2 in eval; a random slope in [lower, upper] per
    negative element when training.   d/dinput = 1 or the slope used."""
    _check_float(input, "rrelu_with_noise")
    if training:
        from .creation import empty
        noise = empty(input._data.shape, dtype=input._dtype).uniform_(lower, upper)._data
        noise = np.where(input._data > 0, 1.0, noise).astype(input._dtype.np)
    else:
        noise = (lower + upper) / 2

    def op(x, node_cls):
        slopes = np.broadcast_to(np.where(x._data > 0, 1.0, noise), x._data.shape)
        out = wrap(x._data * slopes, x._dtype)
        return record(out, node_cls, (x,), slopes=Tensor._make(slopes.astype(x._dtype.np)))
    if inplace:
        return inplace_op(input, lambda x: op(x, RreluWithNoiseBackward1))
    return op(input, RreluWithNoiseBackward0)


def _rrelu_grad(ctx, grad):
    return grad * ctx.slopes


RreluWithNoiseBackward0 = grad_fn("RreluWithNoiseBackward0")(_rrelu_grad)
RreluWithNoiseBackward1 = grad_fn("RreluWithNoiseBackward1")(_rrelu_grad)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, inplace=True)


# --- softmax ----------------------------------------------------------------------------------

def _softmax_dim(name, ndim, stacklevel=3):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=stacklevel + 1)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, dtype, name):
    if dim is None:
        dim = _softmax_dim(name, input._data.ndim, 3)
    if dtype is not None:
        input = input.to(dtype)
    elif input._dtype.category < D._FLOAT:
        raise NotImplementedError(f'"{name}_lastdim_kernel_impl" not implemented for '
                           f"'{_short(input._dtype)}'")
    return input, _wrap_dim(dim, max(input._data.ndim, 1))


# Where every row's maximum lies in this range, exp(x) neither overflows nor loses a term that
# exp(x - max) would keep (float32's normal range ends near exp(-87)), so softmax and
# log_softmax skip the shifted copy: one pass over the input fewer.
_UNSHIFTED_RANGE = (-20.0, 60.0)
_UNSHIFTED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _exp_rows(a, axis):
    """exp(a - c) along axis as a fresh array, and c: None (no shift) where that is safe, else
    the row maximum."""
    if a.size and a.dtype in _UNSHIFTED_DTYPES:
        m = np.max(a, axis=axis, keepdims=True)
        low, high = _UNSHIFTED_RANGE
        if m.min() >= low and m.max() <= high:  # False for NaN and infinite maxima too
            return np.exp(a), None
    elif not a.size:
        return a.copy(), None
    else:
        m = np.max(a, axis=axis, keepdims=True)
    # An infinite maximum is subtracted too: its row becomes NaN, as in PyTorch.
    e = np.subtract(a, m)
    return np.exp(e, out=e), m


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along dim.   d/dinput = out * (grad - sum(grad * out)).

    Computed stably (the maximum is subtracted first), so large inputs do not overflow.

    Args:
        input: a Tensor.
        dim: the dimension whose entries sum to 1 (give it: the implicit choice is deprecated).
        dtype: cast the input to this dtype first.

    Returns:
        A Tensor of input's shape.

    Example:
        >>> F.softmax(ember.tensor([[1.0, 1.0], [0.0, 1000.0]]), dim=1)
        tensor([[0.5000, 0.5000],
                [0.0000, 1.0000]])
    """
    input, d = _softmax_input(input, dim, dtype, "softmax")
    a = input._data
    if a.ndim == 0:
        out = wrap(np.ones_like(a))
    else:
        with _quiet(all="ignore"):
            e, _ = _exp_rows(a, d)
            total = np.add.reduce(e, axis=d, keepdims=True)
            np.reciprocal(total, out=total)
            e *= total
            out = wrap(e)
    return record(out, SoftmaxBackward0, (input,), (out,), dim=d)


@grad_fn("SoftmaxBackward0")
def SoftmaxBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out.ndim == 0:
        return grad * 0
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        return out * (grad - (grad * out).sum(ctx.dim, keepdim=True))
    y, g = out._data, grad._data
    result = np.subtract(g, row_dots(g, y, ctx.dim))
    result *= y
    return Tensor._make(result)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along dim.   d/dinput = grad - exp(out) * sum(grad)."""
    input, d = _softmax_input(input, dim, dtype, "log_softmax")
    a = input._data
    if a.ndim == 0:
        out = wrap(np.zeros_like(a))
    else:
        with _quiet(all="ignore"):
            # out = a - (c + log(sum(exp(a - c)))): the exp array is a scratch buffer.
            e, shift = _exp_rows(a, d)
            total = np.log(np.add.reduce(e, axis=d, keepdims=True))
            if shift is not None:
                total += shift
            out = wrap(np.subtract(a, total, out=e))
    return record(out, LogSoftmaxBackward0, (input,), (out,), dim=d)


@grad_fn("LogSoftmaxBackward0")
def LogSoftmaxBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out.ndim == 0:
        return grad * 0
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        return grad - exp(out) * grad.sum(ctx.dim, keepdim=True)
    g = grad._data
    with _quiet(over="ignore"):
        result = np.exp(out._data)
    result *= row_sums(g, ctx.dim)
    np.subtract(g, result, out=result)
    return Tensor._make(result)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along dim."""
    if dim is None:
        dim = _softmax_dim("softmin", input._data.ndim, 3)
    if dtype is not None:
        input = input.to(dtype)
    return softmax(neg(input), dim)


def _method_softmax(self, dim, dtype=None):
    return softmax(self, dim, dtype=dtype)


def _method_log_softmax(self, dim, dtype=None):
    return log_softmax(self, dim, dtype=dtype)


FUNCTIONS = {
    "softmax": _method_softmax, "log_softmax": _method_log_softmax, "selu": selu,
    "selu_": selu_, "celu": celu, "celu_": celu_, "prelu": prelu, "rrelu": rrelu,
    "rrelu_": rrelu_, "threshold": threshold, "threshold_": threshold_, "relu_": relu_,
    "hardshrink": hardshrink,
}
METHODS = {
    "softmax": _method_softmax, "log_softmax": _method_log_softmax, "hardshrink": hardshrink,
    "prelu": prelu,
}
