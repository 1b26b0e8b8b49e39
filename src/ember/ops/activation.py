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
from .. import _memory_format as MF
from .._deprecated import _user_stacklevel
from .._tensor import Tensor, _wrap_dim
from ..amp.autocast_mode import cast_lower
from ..autograd.grad_mode import _state as _grad_state
from ._half import widened
from ._kernels import (
    _IGNORE_ALL,
    _ROW_BUFFER_MIN,
    BLOCK_ELEMENTS,
    _extobj_contextvar,
    c_einsum,
    flat_blocks,
    parallel_unary,
    plain,
    row_blocks,
    row_dots,
    row_sums,
    run_row_blocks,
)
from ._registry import (check_dim_type, grad_fn, needs_grad, none_dim_error, record, type_name,
                        wrap)
from ._registry import inplace as inplace_op
from .elementwise import (_fused_backward, _not_implemented, _quietly, _sigmoid_array, _zero,
                          exp, neg, relu, sigmoid, tanh, where)
from .joining import cat
from .shape import _preserved_layout
from .special import erf as _erf

_quiet = np.errstate

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_LOG_INV_SQRT_2PI = math.log(_INV_SQRT_2PI)
_GELU_K = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _check_float(input, name, complex_ok=False):
    """torch's kernel refusal of an integer, bool or (unless ``complex_ok``) complex input."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    category = input._dtype.category
    if category < D._FLOAT or (category == D._COMPLEX and not complex_ok):
        raise NotImplementedError(f'"{name}" not implemented for '
                                  f"'{type_name(input._dtype)}'")


def _check_numbers(name, *args):
    """The argument parser's TypeError for a scalar argument that is not a number (``args``:
    (argument name, position, value))."""
    for arg, position, value in args:
        if value is None or isinstance(value, (str, bytes, list, tuple, dict)):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Number, "
                            f"not {type(value).__name__}")


def _pointwise(input, fn, node_cls, name, save_output=False, layout=None, **attrs):
    """Shared body of elementwise activations: compute on the array, record the node.
    ``layout(result, input_array)`` lays the result out as torch's kernel does, where NumPy's
    differs."""
    if name == "threshold":  # integers pass, as in torch
        if input._dtype.category == D._COMPLEX:
            _check_float(input, "threshold_cpu")
    elif name != "hardtanh":
        _check_float(input, name)
    a = widened(input._data)
    with _quiet(all="ignore"):
        # NumPy gives scalars for 0-d operands, which the kernels' in-place steps can't write.
        result = fn(a) if a.ndim else fn(a.reshape(1)).reshape(())
    if layout is not None and result.ndim > 1:
        result = layout(result, input._data)
    out = wrap(result, input._dtype)
    return record(out, node_cls, (input,), (out,) if save_output else (input,), **attrs)


def _like_input(result, data):
    """An activation's result array (row-major, from a kernel that works on the flattened
    input) laid out as torch lays out a one-input elementwise result: as the input is."""
    if result.ndim < 2 or data.flags.c_contiguous and 1 not in data.shape:
        return result
    return MF.elementwise_result(result, data)


def _beside_a_number(result, data):
    """The result of a kernel torch runs with a number beside the input (clamp's bounds): a
    size-1 dim of the input keeps its stride."""
    return MF.elementwise_result(result, data, 0.0)


def _wide(*tensors):
    """float16/bfloat16 tensors as float32, for derivative rules written as several ember ops:
    the registry rounds their result to the input's dtype once, as PyTorch's kernels do."""
    return tuple(t.float() if t._data.dtype.itemsize == 2 and t._data.dtype.kind in "fV"
                 else t for t in tensors)


def _maybe_inplace(input, inplace_flag, op, *args):
    if inplace_flag:
        return inplace_op(input, lambda s: op(s, *args))
    return op(input, *args)


# --- relu family ------------------------------------------------------------------------------

def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamp to [min_val, max_val].   d/dinput = 1 strictly inside the range, else 0."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if isinstance(input, Tensor):
        if input._dtype is D.bool_:
            raise RuntimeError("Bool inputs not supported for hardtanh")
        if input._dtype.category == D._COMPLEX:
            raise NotImplementedError("clamp is not supported for complex types")
        if input._dtype.name.startswith("uint") and (min_val < 0 or max_val < 0):
            raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    return _maybe_inplace(input, inplace, _hardtanh, min_val, max_val)


def _hardtanh(input, min_val, max_val):
    return _pointwise(input, lambda a: np.clip(a, min_val, max_val), HardtanhBackward0,
                      "hardtanh", layout=_beside_a_number, min_val=min_val, max_val=max_val)


@grad_fn("HardtanhBackward0")
def HardtanhBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _hardtanh_backward(grad, x, ctx.min_val, ctx.max_val)


def _hardtanh_backward(grad, x, min_val, max_val):
    """grad strictly inside (min_val, max_val), else 0, as one op (torch's hardtanh_backward)
    that a double backward differentiates: d/dgrad is the same selection, d/dx is 0, so a
    gradient taken with create_graph still reaches x (with zeros) as in torch."""
    def kernel(g, a):
        return np.where((a > min_val) & (a < max_val), g, _zero(g))
    return _fused_backward(grad, x, kernel, HardtanhBackwardBackward0, min_val=min_val,
                           max_val=max_val)


@grad_fn("HardtanhBackwardBackward0")
def HardtanhBackwardBackward0(ctx, grad):
    _, x = ctx.saved_tensors
    d_upstream = _hardtanh_backward(grad, x, ctx.min_val, ctx.max_val) \
        if ctx.needs_input_grad[0] else None
    return d_upstream, grad.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


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
    _check_numbers("leaky_relu_" if inplace else "leaky_relu",
                   ("negative_slope", 2, negative_slope))
    if inplace:
        return inplace_op(input, lambda s: _pointwise(
            s, lambda a: np.where(a > 0, a, a * negative_slope), LeakyReluBackward1,
            "leaky_relu_cpu", save_output=True, negative_slope=negative_slope))
    return _pointwise(input, lambda a: np.where(a > 0, a, a * negative_slope),
                      LeakyReluBackward0, "leaky_relu_cpu", negative_slope=negative_slope)


@grad_fn("LeakyReluBackward0")
def LeakyReluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _leaky_relu_backward(grad, x, ctx.negative_slope)


@grad_fn("LeakyReluBackward1")
def LeakyReluBackward1(ctx, grad):
    (out,) = ctx.saved_tensors
    return _leaky_relu_backward(grad, out, ctx.negative_slope)


def _leaky_relu_backward(grad, x, negative_slope):
    """grad where x > 0, else grad * negative_slope, as one op (torch's leaky_relu_backward)
    that a double backward differentiates: d/dgrad is the same product, d/dx is 0 (a gradient
    taken with create_graph reaches x, with zeros, as in torch)."""
    def kernel(g, a):
        if g.dtype.itemsize == 2:  # float16/bfloat16: the product in float32, rounded once
            return np.where(a > 0, g, (g.astype(np.float32) * negative_slope).astype(g.dtype))
        return np.where(a > 0, g, g * negative_slope)
    return _fused_backward(grad, x, kernel, LeakyReluBackwardBackward0,
                           negative_slope=negative_slope)


@grad_fn("LeakyReluBackwardBackward0")
def LeakyReluBackwardBackward0(ctx, grad):
    _, x = ctx.saved_tensors
    d_upstream = _leaky_relu_backward(grad, x, ctx.negative_slope) \
        if ctx.needs_input_grad[0] else None
    return d_upstream, grad.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


def threshold(input, threshold, value, inplace=False):
    """value where input <= threshold, else input (NaN stays NaN).   d/dinput = 0 where
    input <= threshold, else 1."""
    _check_numbers("threshold_" if inplace else "threshold", ("threshold", 2, threshold),
                   ("value", 3, value))
    if isinstance(input, Tensor) and input._dtype is not D.bool_:
        # torch reads both in input's dtype: an integral one truncates threshold=-1.5 to -1 (so
        # -1 is replaced), and refuses what it cannot hold (the threshold of a half input is
        # compared in float32)
        from .elementwise import _kernel_scalar
        threshold = _kernel_scalar(threshold, input._dtype)
        value = _kernel_scalar(value, input._dtype, opmath=False)
    elif isinstance(input, Tensor):
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")

    def op(x):
        return _pointwise(x, lambda a: np.where(a <= threshold, value, a), ThresholdBackward0,
                          "threshold", threshold=threshold)

    def op_inplace(x):
        return _pointwise(x, lambda a: np.where(a <= threshold, value, a), ThresholdBackward1,
                          "threshold", save_output=True, threshold=threshold)
    return inplace_op(input, op_inplace) if inplace else op(input)


@grad_fn("ThresholdBackward0")
def ThresholdBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _threshold_backward(grad, x, ctx.threshold)


@grad_fn("ThresholdBackward1")
def ThresholdBackward1(ctx, grad):
    (out,) = ctx.saved_tensors
    return _threshold_backward(grad, out, ctx.threshold)


def _threshold_backward(grad, x, threshold):
    """0 where x <= threshold, else grad (a NaN x passes it), as one op (torch's
    threshold_backward) that a double backward differentiates: d/dgrad is the same selection,
    d/dx is 0, so a gradient taken with create_graph reaches x as in torch."""
    def kernel(g, a):
        return np.where(a <= threshold, _zero(g), g)
    return _fused_backward(grad, x, kernel, ThresholdBackwardBackward0, threshold=threshold)


@grad_fn("ThresholdBackwardBackward0")
def ThresholdBackwardBackward0(ctx, grad):
    _, x = ctx.saved_tensors
    d_upstream = _threshold_backward(grad, x, ctx.threshold) if ctx.needs_input_grad[0] \
        else None
    return d_upstream, grad.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


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
    x, grad = _wide(*ctx.saved_tensors, grad)
    coef = ctx.alpha * ctx.scale * ctx.input_scale
    # at x = 0 the slope is the negative branch's (coef), but torch's second derivative there
    # is 0: exp(0) * coef is coef itself, taken as a constant
    negative = where(x < 0, exp(x * ctx.input_scale) * coef, coef)
    return grad * where(x > 0, ctx.scale, negative)


def _elu_grad_from_result(ctx, grad):
    """From the output: input_scale * (out + alpha * scale) where out <= 0."""
    out, grad = _wide(*ctx.saved_tensors, grad)
    negative = (out + ctx.alpha * ctx.scale) * ctx.input_scale
    return grad * where(out > 0, ctx.scale, negative)


EluBackward0 = grad_fn("EluBackward0")(_elu_grad)
EluBackward1 = grad_fn("EluBackward1")(_elu_grad_from_result)
CeluBackward0 = grad_fn("CeluBackward0")(_elu_grad)
CeluBackward1 = grad_fn("CeluBackward1")(_elu_grad_from_result)


def elu(input, alpha=1.0, inplace=False):
    """input if input > 0 else alpha * (exp(input) - 1).   d/dinput = 1 or alpha * exp(input)."""
    _check_numbers("elu_" if inplace else "elu", ("alpha", 2, alpha))
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
    _check_numbers("celu_" if inplace else "celu", ("alpha", 2, alpha))
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
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
    a = widened(input._data)
    a = a.reshape(a.shape or (1,))  # 0-d as 1-d: NumPy's 0-d results can't be written into
    if plain(a) and a.dtype in _WIDE_FLOATS:
        # Block by block. When a gradient will be wanted the derivative is built here, while
        # x and the tanh (or CDF) block are in the cache, with the steps of backward's kernel
        # (so the same bits): backward is then one multiplication.
        flat = a.reshape(-1)
        out = np.empty_like(flat)
        slope = np.empty_like(flat) if needs_grad(input) else None
        forward, derivative = (_gelu_tanh_forward, _gelu_tanh_slope) if approximate == "tanh" \
            else (_gelu_forward, _gelu_slope)

        def kernel(lo, hi):
            x = flat[lo:hi]
            t = np.empty_like(x)
            forward(x, t, out[lo:hi])
            if slope is not None:
                derivative(slope[lo:hi], x, t)
        # The exact form's erf is SciPy's scalar loop, worth the threads on smaller arrays.
        flat_blocks(kernel, flat.size, special=approximate != "tanh")
        out = wrap(_like_input(out.reshape(input._data.shape), input._data), input._dtype)
        return record(out, GeluBackward0, (input,), (input,), approximate=approximate,
                      slope=None if slope is None else slope.reshape(a.shape))
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
    out = wrap(_like_input(out.reshape(input._data.shape), input._data), input._dtype)
    return record(out, GeluBackward0, (input,), (input,), approximate=approximate, cached=t,
                  slope=None)


_WIDE_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _gelu_tanh_forward(a, t, out):
    """t = tanh(k * a * (1 + c * a**2)) (kept for backward), out = a * (1 + t) / 2."""
    np.multiply(a, a, out=t)
    t *= _GELU_C
    t += 1.0
    t *= a
    t *= _GELU_K
    np.tanh(t, out=t)
    np.add(t, 1.0, out=out)
    out *= a
    out *= 0.5


def _gelu_forward(a, cdf, out):
    """cdf = (1 + erf(a / sqrt 2)) / 2 (kept for backward), out = a * cdf; the steps of
    _cdf_array, so the bits are the same."""
    import scipy.special
    np.multiply(a, _SQRT_HALF, out=cdf)
    scipy.special.erf(cdf, out=cdf)
    cdf += 1.0
    cdf *= 0.5
    np.multiply(a, cdf, out=out)


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
    a = widened(x._data).reshape(x._data.shape or (1,))
    if ctx.slope is not None:  # the forward's derivative
        return Tensor._make(_elementwise(_times, ctx.slope, grad._data.reshape(a.shape))
                            .reshape(x._data.shape))
    # The same formulas on arrays, with the forward's tanh (or CDF) array, each step in place
    # on one temporary.
    t = ctx.cached
    kernel = _gelu_tanh_backward if ctx.approximate == "tanh" else _gelu_backward
    return Tensor._make(_elementwise(kernel, a, t, grad._data.reshape(a.shape))
                        .reshape(x._data.shape))


def _gelu_tanh_backward(result, a, t, g):
    """((1 + t) + x * (1 - t**2) * k * (1 + 3c * x**2)) / 2 * grad, t the forward's tanh."""
    _gelu_tanh_slope(result, a, t)
    result *= g


def _gelu_tanh_slope(result, a, t):
    """The tanh form's derivative ((1 + t) + x * (1 - t**2) * k * (1 + 3c * x**2)) / 2."""
    np.multiply(a, a, out=result)
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


def _gelu_backward(result, a, cdf, g):
    """(cdf + x * pdf) * grad, cdf the forward's."""
    _gelu_slope(result, a, cdf)
    result *= g


def _gelu_slope(result, a, cdf):
    """The derivative cdf + x * pdf."""
    np.multiply(a, a, out=result)
    result *= -0.5
    result += _LOG_INV_SQRT_2PI
    np.exp(result, out=result)
    result *= a
    result += cdf


def _elementwise(kernel, *arrays):
    """A new array of arrays[0]'s shape and dtype filled by ``kernel(result, *arrays)``: block by
    block in the intra-op threads on plain NumPy arrays of one shape, else on the whole arrays
    (the same ufuncs in the same order: the same bits)."""
    first = arrays[0]
    if first.size <= BLOCK_ELEMENTS:  # one block: no closure, no blocks
        result = np.empty_like(first)
        _quietly(kernel, result, *arrays)
        return result
    if plain(*arrays) and all(a.shape == first.shape for a in arrays):
        flats = [a.reshape(-1) for a in arrays]
        result = np.empty_like(flats[0])

        def block(lo, hi):
            kernel(result[lo:hi], *(f[lo:hi] for f in flats))
        flat_blocks(block, result.size)
        return result.reshape(first.shape)
    result = np.empty_like(first)
    with _quiet(all="ignore"):
        kernel(result, *arrays)
    return result


def _times(result, a, b):
    np.multiply(a, b, out=result)


def silu(input, inplace=False):
    """x * sigmoid(x).   d/dinput = s * (1 + x * (1 - s)), s = sigmoid(x)."""
    return inplace_op(input, _silu) if inplace else _silu(input)


def _silu(input):
    _check_float(input, "silu_cpu", complex_ok=True)
    a = widened(input._data)
    if a.dtype in _WIDE_FLOATS:
        flat = a if a.ndim == 1 else a.reshape(-1)
        out = np.empty_like(flat)
        slope = np.empty_like(flat) if needs_grad(input) else None
        if flat.size <= BLOCK_ELEMENTS:  # one block, with _quietly's body inline
            if _extobj_contextvar is None:
                _quietly(_silu_forward, flat, out, slope)
            else:
                token = _extobj_contextvar.set(_IGNORE_ALL)
                try:
                    _silu_forward(flat, out, slope)
                finally:
                    _extobj_contextvar.reset(token)
        elif plain(flat):
            def kernel(lo, hi):
                _silu_forward(flat[lo:hi], out[lo:hi], None if slope is None else slope[lo:hi])
            flat_blocks(kernel, flat.size)
        else:
            with _quiet(all="ignore"):
                _silu_forward(flat, out, slope)
        if out.shape != input._data.shape:
            out = _like_input(out.reshape(input._data.shape), input._data)
        if out.dtype is input._dtype.np:  # (not a widened half-precision input)
            out = Tensor._wrap(out, input._dtype, input._device)
        else:
            out = wrap(out, input._dtype)
        return record(out, SiluBackward0, (input,), (input,), slope=slope)
    # Complex: s = 1 / (1 + e^-x) is kept for backward, which then needs no exp of its own.
    a = a.reshape(a.shape or (1,))
    with _quiet(all="ignore"):
        s = np.negative(a)
        np.exp(s, out=s)
    s += 1.0
    np.reciprocal(s, out=s)
    out = wrap(_like_input(np.multiply(a, s).reshape(input._data.shape), input._data),
               input._dtype)
    return record(out, SiluBackward0, (input,), (input,), sigmoid=s, slope=None)


def _silu_forward(x, out, slope):
    """out = x / d, d = 1 + e^-x (not the tanh form of the sigmoid, which rounds the tiny
    negative tail to zero); with ``slope`` (a gradient will be wanted) also the derivative
    (1 + x - out) / d (= s * (1 + x * (1 - s)), s = 1 / d), built while x, d and out are in
    the cache, so that backward is one multiplication. Without ``slope``, d is built in
    ``out`` (the division then overwrites each d with its quotient)."""
    d = np.negative(x) if slope is not None else np.negative(x, out=out)
    np.exp(d, out=d)
    d += 1.0
    np.divide(x, d, out=out)
    if slope is not None:
        np.subtract(x, out, out=slope)
        slope += 1.0
        slope /= d


@grad_fn("SiluBackward0")
def SiluBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        s = sigmoid(x)
        return grad * (s * (1 + x * (1 - s)))
    g = widened(grad._data)
    slope = ctx.slope
    if slope is not None:  # the forward's derivative
        g = g.reshape(slope.shape)
        return Tensor._make(_elementwise(_times, slope, g).reshape(x._data.shape))
    s = ctx.sigmoid
    a, g = widened(x._data).reshape(s.shape), g.reshape(s.shape)

    def kernel(result, s, a, g):  # s * (1 + x * (1 - s)) * grad, in place
        np.subtract(1.0, s, out=result)
        result *= a
        result += 1.0
        result *= s
        result *= g
    return Tensor._make(_elementwise(kernel, s, a, g).reshape(x._data.shape))


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
    a = widened(input._data)
    a = a.reshape(a.shape or (1,))
    if plain(a):
        flat = a.reshape(-1)
        t, out = np.empty_like(flat), np.empty_like(flat)
        flat_blocks(lambda lo, hi: _mish_forward(flat[lo:hi], t[lo:hi], out[lo:hi]), flat.size)
        out = wrap(_like_input(out.reshape(input._data.shape), input._data), input._dtype)
        return record(out, MishBackward0, (input,), (input,), tanh_softplus=t.reshape(a.shape))
    with _quiet(all="ignore"):
        t = np.abs(a)
        np.negative(t, out=t)
        np.exp(t, out=t)
        np.log1p(t, out=t)
        t += np.maximum(a, 0)
        np.tanh(t, out=t)
    out = wrap(_like_input(np.multiply(a, t).reshape(input._data.shape), input._data),
               input._dtype)
    return record(out, MishBackward0, (input,), (input,), tanh_softplus=t)


def _mish_forward(a, t, out):
    """t = tanh(max(a, 0) + log1p(exp(-|a|))) (kept for backward), out = a * t."""
    np.abs(a, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    t += np.maximum(a, 0)
    np.tanh(t, out=t)
    np.multiply(a, t, out=out)


@grad_fn("MishBackward0")
def MishBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        t = tanh(softplus(x))
        return grad * (t + x * sigmoid(x) * (1 - t * t))
    t = ctx.tanh_softplus
    a = widened(x._data).reshape(t.shape)
    return Tensor._make(_elementwise(_mish_backward, t, a, grad._data.reshape(t.shape))
                        .reshape(x._data.shape))


def _mish_backward(result, t, a, g):
    """(t + a * s * (1 - t**2)) * grad, s = sigmoid(a) = 1 / (1 + e^-a), in place."""
    s = np.negative(a)
    np.exp(s, out=s)
    s += 1.0
    np.reciprocal(s, out=s)
    np.multiply(t, t, out=result)
    np.subtract(1.0, result, out=result)
    result *= s
    result *= a
    result += t
    result *= g


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta, linear above threshold.
    d/dinput = sigmoid(beta * x) (1 above the threshold)."""
    _check_numbers("softplus", ("beta", 2, beta), ("threshold", 3, threshold))
    return _pointwise(input, lambda a: _softplus_array(a, beta, threshold), SoftplusBackward0,
                      "softplus_cpu", beta=beta, threshold=threshold)


@grad_fn("SoftplusBackward0")
def SoftplusBackward0(ctx, grad):
    x, grad = _wide(*ctx.saved_tensors, grad)
    scaled = x * ctx.beta
    slope = sigmoid(scaled)
    # at beta * x == threshold the slope is sigmoid's, but torch's second derivative is 0 there
    slope = where(scaled < ctx.threshold, slope, slope.detach())
    return grad * where(scaled > ctx.threshold, 1.0, slope).to(grad.dtype)


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|.   d/dinput = sigmoid(-x)."""
    # (torch writes it row-major whatever the input's layout)
    return _pointwise(input, lambda a: -np.logaddexp(0.0, -a), LogSigmoidBackward0,
                      "log_sigmoid_cpu", layout=lambda result, _: MF.row_major_array(result))


@grad_fn("LogSigmoidBackward0")
def LogSigmoidBackward0(ctx, grad):
    x, grad = _wide(*ctx.saved_tensors, grad)
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
    (saved,) = ctx.saved_tensors
    from ..autograd.grad_mode import no_grad
    with no_grad():
        x, wide = _wide(saved, grad)
        result = wide * ((x > -3) & (x < 3)) * _ONE_SIXTH
    # torch records its derivative as a node that cannot be differentiated again: a double
    # backward through hardsigmoid raises (ember's gave numbers)
    return record(result, _HardsigmoidBackwardNotImplemented, (grad, saved))


_HardsigmoidBackwardNotImplemented = _not_implemented("hardsigmoid_backward")


# torch's hardsigmoid derivative multiplies by 1/6 written as a float literal, in float64 too
_ONE_SIXTH = float(np.float32(1.0) / np.float32(6.0))


def hardswish(input, inplace=False):
    """x * relu6(x + 3) / 6.   d/dinput = 0 up to -3, x/3 + 1/2 on (-3, 3), 1 from 3."""
    def op(x):
        return _pointwise(x, lambda a: a * np.clip(a + 3.0, 0.0, 6.0) / 6.0, HardswishBackward0,
                          "hardswish_cpu")
    return inplace_op(input, op) if inplace else op(input)


@grad_fn("HardswishBackward0")
def HardswishBackward0(ctx, grad):
    x, grad = _wide(*ctx.saved_tensors, grad)
    return grad * where(x <= -3, 0.0, where(x >= 3, 1.0, x / 3 + 0.5))


def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, else x * 0 (a signed zero; NaN stays
    NaN).   d/dinput = 1 where |x| > lambd."""
    _check_numbers("softshrink", ("lambd", 2, lambd))
    _check_float(input, "softshrink_check")
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    return _pointwise(input, lambda a: np.where(a > lambd, a - lambd,
                                                np.where(a < -lambd, a + lambd, a * 0)),
                      SoftshrinkBackward0, "softshrink_check", lambd=lambd)


@grad_fn("SoftshrinkBackward0")
def SoftshrinkBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _shrink_backward(grad, x, ctx.lambd, SoftshrinkBackwardBackward0)


def _shrink_backward(grad, x, lambd, node_cls):
    """grad outside [-lambd, lambd], else 0 (0 at a NaN too, as torch's vectorised loop), as
    one op (torch's softshrink_backward / hardshrink_backward) that a double backward
    differentiates: d/dgrad is the same selection, d/dx is 0, so a gradient taken with
    create_graph reaches x (ember raised that it did not require grad)."""
    def kernel(g, a):
        return np.where((a > lambd) | (a < -lambd), g, _zero(g))
    return _fused_backward(grad, x, kernel, node_cls, lambd=lambd)


@grad_fn("SoftshrinkBackwardBackward0")
def SoftshrinkBackwardBackward0(ctx, grad):
    _, x = ctx.saved_tensors
    d_upstream = _shrink_backward(grad, x, ctx.lambd, SoftshrinkBackwardBackward0) \
        if ctx.needs_input_grad[0] else None
    return d_upstream, grad.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0.   d/dinput = 1 where |x| > lambd."""
    _check_numbers("hardshrink", ("lambd", 2, lambd))
    return _pointwise(input, lambda a: np.where((a >= -lambd) & (a <= lambd), 0.0, a),
                      HardshrinkBackward0, "hardshrink_cpu", lambd=lambd)


@grad_fn("HardshrinkBackward0")
def HardshrinkBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _shrink_backward(grad, x, ctx.lambd, HardshrinkBackwardBackward0)


@grad_fn("HardshrinkBackwardBackward0")
def HardshrinkBackwardBackward0(ctx, grad):
    _, x = ctx.saved_tensors
    d_upstream = _shrink_backward(grad, x, ctx.lambd, HardshrinkBackwardBackward0) \
        if ctx.needs_input_grad[0] else None
    return d_upstream, grad.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


def glu(input, dim=-1):
    """a * sigmoid(b) with (a, b) the two halves of input along dim.
    d/da = sigmoid(b), d/db = a * sigmoid(b) * (1 - sigmoid(b))."""
    if input._data.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {size}")
    _check_float(input, "glu_cpu")
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
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got "
                           f"{type_name(input._dtype)} and {type_name(weight._dtype)}")
    count = weight.numel()
    if count != 1:
        # (a 1-D input is one channel: torch's kernel reads its size as the elements')
        channels = input._data.shape[1] if input._data.ndim >= 2 else 1
        if weight._data.ndim != 1 or channels != count:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {count} and channel size = {channels}.")
        if input._data.ndim >= 2:
            weight = weight.reshape((count,) + (1,) * (input._data.ndim - 2))
    elif weight._data.ndim > input._data.ndim and input._data.ndim:
        weight = weight.reshape(())
    _check_float(input, "prelu_cpu")
    w = weight._data
    result = np.where(input._data > 0, input._data, w * input._data)
    if result.ndim > 1:  # torch's kernel runs over the input and the weight
        result = MF.elementwise_result(result, input._data, w)
    out = wrap(result, input._dtype)
    return record(out, PreluKernelBackward0, (input, weight), (input, weight))


@grad_fn("PreluKernelBackward0")
def PreluKernelBackward0(ctx, grad):
    x, w = ctx.saved_tensors
    positive = x > 0
    gx = _prelu_input_grad(grad, x, w) if ctx.needs_input_grad[0] else None
    # torch's second derivatives leave out x == 0 (where the first take the weight's branch):
    # x enters the weight's gradient as a constant there
    gw = (where(positive, 0.0, grad * where(x < 0, x, x.detach()))
          if ctx.needs_input_grad[1] else None)
    return gx, gw


def _prelu_input_grad(grad, x, w):
    """grad * (1 where x > 0, else w), recorded as one node of (grad, x, w) as torch's
    PreluKernelBackwardBackward0: d/dx is 0, so a gradient taken with create_graph still
    reaches x (a penalty on it gave a parameter before a PReLU grad None, torch zeros)."""
    from ..autograd.grad_mode import no_grad
    with no_grad():
        gx = grad * where(x > 0, 1.0, w).to(grad.dtype)
    # laid out like the input, as torch's kernel writes it (a one-channel channels-last batch
    # keeps its channel stride)
    gx._data = _preserved_layout(gx._data, x._data)
    return record(gx, PreluKernelBackwardBackward0, (grad, x, w), (grad, x, w))


@grad_fn("PreluKernelBackwardBackward0")
def PreluKernelBackwardBackward0(ctx, gg):
    grad, x, w = ctx.saved_tensors
    d_grad = _prelu_input_grad(gg, x, w) if ctx.needs_input_grad[0] else None
    d_x = gg.new_zeros(x.shape) if ctx.needs_input_grad[1] else None
    d_w = where(x < 0, gg * grad, 0.0) if ctx.needs_input_grad[2] else None
    return d_grad, d_x, d_w


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky relu with slope (lower+upper)/2 in eval; a random slope in [lower, upper] per
    negative element when training.   d/dinput = 1 or the slope used."""
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    _check_float(input, "rrelu_with_noise")
    if training:
        from .. import _random
        from .creation import _device_rng, empty
        if _device_rng(input._device, None) is None:
            noise = _random.rrelu_slopes(None, input._data, lower, upper)
        else:
            noise = empty(input._data.shape, dtype=input._dtype,
                          device=input._device).uniform_(lower, upper)._data
        noise = np.where(input._data <= 0, noise, 1.0).astype(input._dtype.np)
    else:
        noise = (lower + upper) / 2

    def op(x, node_cls):
        slopes = np.broadcast_to(np.where(x._data > 0, 1.0, noise), x._data.shape)
        out = wrap(MF.row_major_array(x._data * slopes), x._dtype)  # as torch writes it
        save = (x,) if node_cls is RreluWithNoiseBackward0 else ()
        return record(out, node_cls, (x,), save, slopes=Tensor._make(slopes.astype(x._dtype.np)))
    if inplace:
        return inplace_op(input, lambda x: op(x, RreluWithNoiseBackward1))
    return op(input, RreluWithNoiseBackward0)


def _rrelu_grad(ctx, grad):
    if not ctx.saved_tensors:  # the in-place variant keeps no input
        return grad * ctx.slopes
    # one node of (grad, x), as torch's RreluWithNoiseBackwardBackward0: d/dx is 0, so a
    # gradient taken with create_graph still reaches x (a second grad gave an error, torch 0s)
    (x,) = ctx.saved_tensors
    slopes = ctx.slopes
    return _fused_backward(grad, x, lambda g, _: g * slopes._data.astype(g.dtype, copy=False),
                           RreluWithNoiseBackwardBackward0, slopes=slopes)


@grad_fn("RreluWithNoiseBackwardBackward0")
def RreluWithNoiseBackwardBackward0(ctx, gg):
    _, x = ctx.saved_tensors
    d_grad = gg * ctx.slopes if ctx.needs_input_grad[0] else None
    return d_grad, gg.new_zeros(x.shape) if ctx.needs_input_grad[1] else None


RreluWithNoiseBackward0 = grad_fn("RreluWithNoiseBackward0")(_rrelu_grad)
RreluWithNoiseBackward1 = grad_fn("RreluWithNoiseBackward1")(_rrelu_grad)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, inplace=True)


# --- softmax ----------------------------------------------------------------------------------

def _softmax_dim(name, ndim):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=_user_stacklevel())
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, dtype, name):
    if dim is None:
        dim = _softmax_dim(name, input._data.ndim)
    elif type(dim) is not int:
        check_dim_type(name, dim)
    d = _wrap_dim(dim, max(input._data.ndim, 1))  # torch checks dim before the dtype
    if dtype is not None:
        input = input.to(dtype)
    if input._dtype.category != D._FLOAT:
        # torch's kernel for the last dim and the one for another dim name themselves.
        kernel = "lastdim_kernel_impl" if d == max(input._data.ndim, 1) - 1 else "kernel_impl"
        raise NotImplementedError(f'"{name}_{kernel}" not implemented for '
                                  f"'{type_name(input._dtype)}'")
    return input, d


def _row_major_input(a):
    """softmax's input array as a row-major one: torch writes softmax and log_softmax of any
    layout (transposed, permuted, channels-last) row-major, and NumPy's results follow the
    input's order, so a strided input is copied first (the row kernel then reads it in order)."""
    return a if a.flags.c_contiguous else a.copy()


# Where every row's sum of exponentials lies in this range, exp(x) neither overflowed (each
# term is at most the sum) nor lost a term that exp(x - max) would keep: the row maximum is at
# least log(low) - log(row length), so a term that underflows (float32's normal range ends
# near exp(-87)) is below exp(-60) of the largest and of the sum. softmax and log_softmax then
# skip the shift, and the row maxima with it (a pass over the input); the sums they need anyway
# decide, after the unshifted attempt, which is redone with the shift where a sum is outside.
_UNSHIFTED_SUMS = (math.exp(-20.0), math.exp(60.0))
_UNSHIFTED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _unshifted_sums(total):
    """Whether every row sum of exp(x) lies in the unshifted range (False for NaN, infinite
    or zero sums too)."""
    low, high = _UNSHIFTED_SUMS
    if total.size == 1:  # one row: read as a float, cheaper than two reductions
        return low <= total.item() <= high
    return bool(total.min() >= low and total.max() <= high)


def _exp_rows(a, axis):
    """exp(a - c) along axis as a fresh array, its sums along axis (kept as a length-1 axis),
    and c: None (no shift) where that is safe, else the row maximum."""
    if not a.size:
        return a.copy(), _exp_sums(a, axis), None
    # The range test reads the sums on the host: a device always shifts rather than wait.
    if a.dtype in _UNSHIFTED_DTYPES and isinstance(a, np.ndarray):
        e = np.exp(a)
        total = _exp_sums(e, axis)
        if _unshifted_sums(total):
            return e, total, None
        m = np.max(a, axis=axis, keepdims=True)
        np.subtract(a, m, out=e)
    else:
        m = np.max(a, axis=axis, keepdims=True)
        e = np.subtract(a, m)
    # An infinite maximum is subtracted too: its row becomes NaN, as in PyTorch.
    np.exp(e, out=e)
    return e, _exp_sums(e, axis), m


def _exp_sums(e, axis):
    """Sums of the exponentials along ``axis``, kept as a length-1 axis: einsum's along the last
    axis of a float NumPy array (one read of each row, as the row kernel sums), else
    add.reduce's."""
    if axis == e.ndim - 1 and isinstance(e, np.ndarray) and e.dtype in _UNSHIFTED_DTYPES:
        return np.einsum("...i->...", e).reshape(e.shape[:-1] + (1,))
    return np.add.reduce(e, axis=axis, keepdims=True)


def _row_kernel_applies(a, dim):
    """softmax and log_softmax run block by block of rows in the intra-op threads on plain,
    non-empty float arrays normalised along their last axis."""
    return dim == a.ndim - 1 and a.size and plain(a) and a.dtype in _UNSHIFTED_DTYPES


def _softmax_rows(a, log):
    """softmax (or log_softmax) along a's last axis, block by block of rows: the steps of the
    whole-array forward (the shift decided once for all rows, as there), so the same bits.
    Each block is first finished unshifted; if any block's sums fall outside the range, every
    block is redone with the row maxima subtracted."""
    rows = a.reshape(-1, a.shape[-1])
    if _one_block(rows) and _extobj_contextvar is not None:
        out = _softmax_small(rows, log)
        if out is not None:
            return out.reshape(a.shape)
    out = np.empty_like(rows)
    totals = np.empty_like(rows, shape=(rows.shape[0], 1))
    blocks = _SMALL_BLOCKS if _one_block(rows) else row_blocks(*rows.shape)
    in_range = [True] * len(blocks)
    high = None

    def kernel(index, lo, hi):
        x, e, total = rows[lo:hi], out[lo:hi], totals[lo:hi]
        if high is None:
            np.exp(x, out=e)
        else:
            np.subtract(x, high[lo:hi], out=e)
            np.exp(e, out=e)
        c_einsum("ij->i", e, out=total[:, 0])
        if high is None and not _unshifted_sums(total):
            in_range[index] = False
            return
        if log:
            np.log(total, out=total)
            if high is not None:
                total += high[lo:hi]
            np.subtract(x, total, out=e)
        else:
            np.reciprocal(total, out=total)
            e *= total
    _run_rows(kernel, blocks, rows)
    if not all(in_range):
        high = np.max(rows, axis=1, keepdims=True)
        _run_rows(kernel, blocks, rows)
    return out.reshape(a.shape)


def _softmax_small(rows, log):
    """The row kernel's unshifted steps on a one-block array, run here with warnings off and
    no block machinery (a policy's softmax over a few actions costs mostly that): the same
    ufuncs on the same rows, so the same bits. None where a row sum is outside the unshifted
    range: the caller then takes the block path, which shifts."""
    token = _extobj_contextvar.set(_IGNORE_ALL)
    try:
        out = np.exp(rows)
        totals = np.empty_like(rows, shape=(rows.shape[0], 1))
        c_einsum("ij->i", out, out=totals[:, 0])
        if not _unshifted_sums(totals):
            return None
        if log:
            np.log(totals, out=totals)
            np.subtract(rows, totals, out=out)
        else:
            np.reciprocal(totals, out=totals)
            out *= totals
        return out
    finally:
        _extobj_contextvar.reset(token)


# A small array's rows as one block (``_one_block``): its bounds are those of all its rows.
_SMALL_BLOCKS = (None,)


def _one_block(rows):
    """Whether the rows of a 2-D array make one block of ``row_blocks`` on which the block runner
    would keep NumPy's default buffer: a small array, whose block then runs here directly."""
    return rows.size <= BLOCK_ELEMENTS and rows.shape[1] < _ROW_BUFFER_MIN


def _run_rows(kernel, blocks, rows, parallel=True):
    """``run_row_blocks(kernel, blocks, ...)`` over a 2-D array's rows; ``_SMALL_BLOCKS`` run as
    one block in this thread with warnings off, without the block runner's cost."""
    if blocks is _SMALL_BLOCKS:
        _quietly(kernel, 0, 0, rows.shape[0])
    else:
        run_row_blocks(kernel, blocks, rows.shape[1], parallel)


def _softmax_rows_backward(y, g, log):
    """The no-graph backward of softmax (y * (g - sum(g * y))) or log_softmax
    (g - exp(y) * sum(g)) along the last axis of same-shape arrays, block by block of rows;
    traced arrays (ember.compile) run the same blocks in this thread."""
    n = y.shape[-1]
    y_rows, g_rows = y.reshape(-1, n), g.reshape(-1, n)
    result = np.empty_like(y_rows)

    def kernel(index, lo, hi):
        _softmax_backward_block(result[lo:hi], y_rows[lo:hi], g_rows[lo:hi], log)
    one_block = _one_block(y_rows)
    if one_block and _extobj_contextvar is not None and type(y) is np.ndarray is type(g):
        # The one block run here directly: no closure call, no slices.
        token = _extobj_contextvar.set(_IGNORE_ALL)
        try:
            _softmax_backward_block(result, y_rows, g_rows, log)
        finally:
            _extobj_contextvar.reset(token)
        return result.reshape(y.shape)
    blocks = _SMALL_BLOCKS if one_block else row_blocks(*y_rows.shape)
    _run_rows(kernel, blocks, y_rows, plain(y, g))
    return result.reshape(y.shape)


def _softmax_backward_block(out, y, g, log):
    """One block of rows of softmax's backward, y * (g - sum(g * y)), or log_softmax's,
    g - exp(y) * sum(g), written into ``out``."""
    if log:
        np.exp(y, out=out)
        out *= row_sums(g, 1)
        np.subtract(g, out, out=out)
    else:
        np.subtract(g, row_dots(g, y, 1), out=out)
        out *= y


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
    a = _row_major_input(widened(input._data))
    if a.ndim == 0:
        out = wrap(np.ones_like(a), input._dtype)
    elif _row_kernel_applies(a, d):
        out = wrap(_softmax_rows(a, log=False), input._dtype)
    else:
        with _quiet(all="ignore"):
            e, total, _ = _exp_rows(a, d)
            np.reciprocal(total, out=total)
            e *= total
            out = wrap(e, input._dtype)
    return record(out, SoftmaxBackward0, (input,), (out,), dim=d)


@grad_fn("SoftmaxBackward0")
def SoftmaxBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out.ndim == 0:
        return grad * 0
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        return out * (grad - (grad * out).sum(ctx.dim, keepdim=True))
    y, g = widened(out._data), widened(grad._data)
    if _row_backward_applies(y, g, ctx.dim):
        return Tensor._make(_softmax_rows_backward(y, g, log=False))
    result = np.subtract(g, row_dots(g, y, ctx.dim))
    result *= y
    return Tensor._make(result)


def _row_backward_applies(y, g, dim):
    return dim == y.ndim - 1 and y.size and y.shape == g.shape and y.dtype == g.dtype \
        and isinstance(y, np.ndarray) and isinstance(g, np.ndarray) \
        and y.dtype in _UNSHIFTED_DTYPES


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along dim.   d/dinput = grad - exp(out) * sum(grad)."""
    input, d = _softmax_input(input, dim, dtype, "log_softmax")
    a = _row_major_input(widened(input._data))
    if a.ndim == 0:
        out = wrap(np.zeros_like(a), input._dtype)
    elif a.shape[d] == 1:  # (x - max) - log(1): torch's exact 0 (NaN from inf and NaN)
        with _quiet(invalid="ignore"):
            out = wrap(np.subtract(a, a), input._dtype)
    elif _row_kernel_applies(a, d):
        out = wrap(_softmax_rows(a, log=True), input._dtype)
    else:
        with _quiet(all="ignore"):
            # out = a - (c + log(sum(exp(a - c)))): the exp array is a scratch buffer.
            e, total, shift = _exp_rows(a, d)
            total = np.log(total)
            if shift is not None:
                total += shift
            out = wrap(np.subtract(a, total, out=e), input._dtype)
    return record(out, LogSoftmaxBackward0, (input,), (out,), dim=d)


@grad_fn("LogSoftmaxBackward0")
def LogSoftmaxBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out.ndim == 0:
        return grad * 0
    if _grad_state.enabled:  # create_graph: ember ops, so the gradient is differentiable
        return grad - exp(out) * grad.sum(ctx.dim, keepdim=True)
    y, g = widened(out._data), widened(grad._data)
    if _row_backward_applies(y, g, ctx.dim):
        return Tensor._make(_softmax_rows_backward(y, g, log=True))
    with _quiet(over="ignore"):
        result = np.exp(y)
    result *= row_sums(g, ctx.dim)
    np.subtract(g, result, out=result)
    return Tensor._make(result)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along dim."""
    if dim is None:
        dim = _softmax_dim("softmin", input._data.ndim)
    if dtype is not None:
        input = input.to(dtype)
    return softmax(neg(input), dim)


# Unlike F.softmax, the method and ember.softmax require dim: a call without it is a TypeError
# worded as PyTorch's argument parser words it (not Python's text naming the helper), and so is
# an explicit None.
_NO_DIM = object()


def _method_softmax(self, dim=_NO_DIM, dtype=None):
    if dim is _NO_DIM:
        raise TypeError('softmax() missing 1 required positional arguments: "dim"')
    if dim is None:
        raise none_dim_error("softmax")
    return softmax(self, dim, dtype=dtype)


def _method_log_softmax(self, dim=_NO_DIM, dtype=None):
    if dim is _NO_DIM:
        raise TypeError('log_softmax() missing 1 required positional arguments: "dim"')
    if dim is None:
        raise none_dim_error("log_softmax")
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
