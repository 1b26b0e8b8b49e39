"""More elementwise math: hypot, logaddexp, copysign, ldexp, frexp, float_power, heaviside,
gcd/lcm, bit shifts, angle conversions, logcumsumexp, and the in-place and alias spellings
PyTorch has for the elementwise ops (``abs_``, ``arccos_``, ``divide_``...).

Each differentiable op's derivative, written with ember ops, sits beside it.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from . import elementwise as E
from ._out import _CAST, OUT_OPS
from ._registry import check_dim_type
from ._registry import (
    as_tensor_arg,
    grad_fn,
    inplace,
    operands,
    record,
    result_type_of,
    type_name,
    wrap,
)
from .creation import zeros_like
from .reduction import return_types


def _float_operands(name, kernel, input, other, allow_int=False, scalar_other=False,
                    allow_complex=False):
    """Arrays of two operands in their promoted dtype; ints promote to the default float
    when ``allow_int``, else raise PyTorch's "not implemented for 'Long'". ``other`` must be a
    Tensor too unless ``scalar_other`` (torch's signature for the op has a Scalar overload)."""
    for position, (arg, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor) and (position == 1 or not scalar_other):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")
    dt = result_type_of(input, other)
    if dt.category < D._FLOAT:
        if not allow_int:
            raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')
        dt = D.get_default_dtype()
    elif dt.category == D._COMPLEX and not allow_complex:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')
    a, b = operands(input, other, dt)
    return a, b, dt


def _compute(fn, a, b):
    with np.errstate(all="ignore"):
        try:
            return fn(a, b)
        except ValueError:
            raise E._broadcast_error(np.shape(a), np.shape(b)) from None


def hypot(input, other):
    """sqrt(x**2 + y**2) without overflow.   d/dx = x / out, d/dy = y / out."""
    a, b, dt = _float_operands("hypot", "hypot_cpu", input, other)
    out = wrap(E._torch_layout(_compute(np.hypot, a, b), input, other), dt)
    return record(out, HypotBackward0, (input, other), (input, other, out))


@grad_fn("HypotBackward0")
def HypotBackward0(ctx, grad):
    x, y, out = ctx.saved_tensors
    return grad * (x / out), grad * (y / out)


def logaddexp(input, other):
    """log(exp(x) + exp(y)), computed stably.   d/dx = 1 / (1 + exp(y - x))."""
    a, b, dt = _float_operands("logaddexp", "logaddexp_cpu", input, other, allow_complex=True)
    fn = _complex_logaddexp if dt.category == D._COMPLEX else np.logaddexp
    out = wrap(E._torch_layout(_compute(fn, a, b), input, other), dt)
    return record(out, LogaddexpBackward0, (input, other), (input, other))


def _complex_logaddexp(a, b):
    """log(e^a + e^b) of complex arrays (NumPy's logaddexp is real only): the operand of the
    larger real part (a on a tie) plus log1p(e^(other - it)), so that the exponential cannot
    overflow; the imaginary part follows that operand's branch, as PyTorch's does. Where both
    real parts are the same infinity that difference is undefined, and the sum of the
    exponentials is taken as it is."""
    a, b = np.broadcast_arrays(a, b)
    first = ~(b.real > a.real)
    larger, smaller = np.where(first, a, b), np.where(first, b, a)
    result = larger + np.log1p(np.exp(smaller - larger))
    both_infinite = np.isinf(a.real) & (a.real == b.real)
    return np.where(both_infinite, np.log(np.exp(a) + np.exp(b)), result)


@grad_fn("LogaddexpBackward0")
def LogaddexpBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    return grad / (1 + E.exp(y - x)), grad / (1 + E.exp(x - y))


def logaddexp2(input, other):
    """log2(2**x + 2**y), computed stably.   d/dx = 1 / (1 + 2**(y - x))."""
    a, b, dt = _float_operands("logaddexp2", "logaddexp2_cpu", input, other)
    out = wrap(E._torch_layout(_compute(np.logaddexp2, a, b), input, other), dt)
    return record(out, Logaddexp2Backward0, (input, other), (input, other))


@grad_fn("Logaddexp2Backward0")
def Logaddexp2Backward0(ctx, grad):
    x, y = ctx.saved_tensors
    return grad / (1 + E.exp2(y - x)), grad / (1 + E.exp2(x - y))


def logcumsumexp(input, dim):
    """log(cumsum(exp(input), dim)), computed stably.
    d/dx_i = sum_{j >= i} grad_j * exp(x_i - out_j)."""
    check_dim_type("logcumsumexp", dim)
    axis = _wrap_dim(dim, input._data.ndim)  # torch checks dim before the dtype
    if input._dtype.category < D._FLOAT:
        raise NotImplementedError(f'"logcumsumexp_out_cpu" not implemented for '
                                  f"'{type_name(input._dtype)}'")
    arr = input._data
    with np.errstate(all="ignore"):
        if input._dtype.category == D._COMPLEX:
            values = _complex_logcumsumexp(arr.reshape(1) if arr.ndim == 0 else arr, axis)
        else:
            values = _backend.accumulate(np.logaddexp, arr.reshape(1) if arr.ndim == 0 else arr,
                                         axis)
        values = values.reshape(arr.shape)
    out = wrap(values, input._dtype)
    return record(out, LogcumsumexpBackward0, (input,), (input, out), dim=axis)


def _complex_logcumsumexp(arr, axis):
    """The running log(sum(exp)) of complex values, one step along ``axis`` at a time:
    log(e^a + e^b) = m + log1p(e^(n - m)), m the operand of larger real part (NumPy's logaddexp
    takes no complex numbers)."""
    moved = np.moveaxis(arr, axis, 0)
    out = np.empty_like(moved)
    if moved.shape[0]:
        total = moved[0]
        out[0] = total
        for k in range(1, moved.shape[0]):
            step = moved[k]
            larger = np.where(step.real > total.real, step, total)
            smaller = np.where(step.real > total.real, total, step)
            total = np.where(np.isneginf(larger.real), larger,
                             larger + np.log1p(np.exp(smaller - larger)))
            out[k] = total
    return np.moveaxis(out, 0, axis)


@grad_fn("LogcumsumexpBackward0")
def LogcumsumexpBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    if x.ndim == 0:
        return grad
    dim = ctx.dim
    if x.is_complex():
        # Holomorphic: d out_j / d x_i = exp(x_i - out_j) for i <= j (a derivative written as
        # for exp's, the engine applying the conjugate convention): exp(x_i) times the
        # reversed running sum of grad_j exp(-out_j).
        later = (grad * E.exp(-out)).flip(dim).cumsum(dim).flip(dim)
        return later * E.exp(x)

    def reverse_logcumsumexp(t):
        return logcumsumexp(t.flip(dim), dim).flip(dim)
    # Positive and negative parts of grad go through log space separately, so that no
    # exp(x_i - out_j) is formed outside [0, 1].
    log_positive = E.where(grad > 0, E.log(grad.abs()) - out, -math.inf)
    log_negative = E.where(grad < 0, E.log(grad.abs()) - out, -math.inf)
    return (E.exp(x + reverse_logcumsumexp(log_positive))
            - E.exp(x + reverse_logcumsumexp(log_negative)))


def _logcumsumexp_forward(attrs, inputs, outs, tangents):
    """Forward mode: out_i = log sum_{j <= i} exp(x_j), so d out_i = sum_{j <= i} w_ij t_j with
    weights w_ij = exp(x_j) / sum_{k <= i} exp(x_k): a running sum of exp(x - m) t over the
    running sum of exp(x - m), m the largest real part along dim (no overflow). The transposed
    backward rule takes the log of the cotangent, which is 0 where forward mode probes it: jvp
    gave NaN."""
    (x,), (t,) = inputs, tangents
    if x.ndim == 0:
        return (t,)
    dim = attrs["dim"]
    shift = (x.real if x.is_complex() else x).amax(dim, keepdim=True)
    shift = E.where(shift.isfinite(), shift, 0.0)
    weights = E.exp(x - shift)
    total = weights.cumsum(dim)
    # where every x so far is -inf the output stays -inf and does not move: tangent 0 (the
    # backward rule runs its zero cotangents through here under forward-over-reverse)
    empty = total == 0
    return (E.where(empty, 0.0, (weights * t).cumsum(dim) / E.where(empty, 1.0, total)),)


LogcumsumexpBackward0.forward_rule = _logcumsumexp_forward


def copysign(input, other):
    """|input| with the sign of other.   d/dinput = sign(input) * sign(other) (0 at input = 0),
    d/dother = 0."""
    a, b, dt = _float_operands("copysign", "copysign_cpu", input, other, allow_int=True,
                               scalar_other=True)
    out = wrap(E._torch_layout(_compute(np.copysign, a, b), input, other), dt)
    node = CopysignBackward0 if isinstance(other, Tensor) else CopysignBackward1
    return record(out, node, (input, other), (input, out))


def _copysign_rule(ctx, grad):
    x, out = ctx.saved_tensors
    gx = grad * E.where(x == 0, 0.0, out / E.where(x == 0, 1.0, x))
    return gx, zeros_like(grad) if ctx.needs_input_grad[1] else None


CopysignBackward0 = grad_fn("CopysignBackward0")(_copysign_rule)
CopysignBackward1 = grad_fn("CopysignBackward1")(_copysign_rule)


def nextafter(input, other):
    """The next float after input towards other.   d/dinput = 1, d/dother = 0 (as PyTorch)."""
    a, b, dt = _float_operands("nextafter", "nextafter_cpu", input, other)
    out = wrap(E._torch_layout(_compute(np.nextafter, a, b), input, other), dt)
    return record(out, NextafterBackward0, (input, other))


@grad_fn("NextafterBackward0")
def NextafterBackward0(ctx, grad):
    return grad, zeros_like(grad) if ctx.needs_input_grad[1] else None


def ldexp(input, other):
    """input * 2**other.   d/dinput = 2**other, d/dother = input * 2**other * log(2)."""
    a, b, dt = _float_operands("ldexp", "ldexp_cpu", input, other, allow_int=True,
                               allow_complex=True)
    if other._dtype is D.bool_ and input._dtype.category >= D._FLOAT:
        # torch takes 2**other in other's dtype when input is already floating.
        raise NotImplementedError("\"ldexp_cpu_exp\" not implemented for 'Bool'")
    with np.errstate(all="ignore"):
        # PyTorch takes 2**other in other's own floating dtype, then multiplies.
        scale = np.exp2(other._data).astype(dt.np) if isinstance(other, Tensor) and \
            other._dtype.category == D._FLOAT and other._dtype is not dt else np.exp2(b)
        out = wrap(E._torch_layout(_compute(np.multiply, a, scale), input, other), dt)
    return record(out, LdexpBackward0, (input, other), (input, other))


@grad_fn("LdexpBackward0")
def LdexpBackward0(ctx, grad):
    x, e = ctx.saved_tensors
    scale = E.exp2(e)
    return grad * scale, grad * x * scale * math.log(2.0) if ctx.needs_input_grad[1] else None


frexp_type = return_types.make("frexp", ("mantissa", "exponent"))


def frexp(input):
    """Split input into mantissa in (-1, -0.5] U [0.5, 1) and int32 exponent:
    input = mantissa * 2**exponent.   d/dinput(mantissa) = 2**-exponent."""
    if input._dtype.category != D._FLOAT:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    arr = input._data
    wide = arr if arr.dtype in (np.float32, np.float64) else arr.astype(np.float32)
    mantissa, exponent = np.frexp(wide)
    exponent = wrap(exponent.astype(np.int32))
    mantissa = record(wrap(mantissa, input._dtype), FrexpBackward0, (input,), (exponent,))
    return frexp_type(mantissa, exponent)


@grad_fn("FrexpBackward0")
def FrexpBackward0(ctx, grad):
    (exponent,) = ctx.saved_tensors
    return grad / E.exp2(exponent.to(grad.dtype))


def float_power(input, exponent):
    """input ** exponent computed in double precision (the result is float64)."""
    if isinstance(input, Tensor):
        input = input.to(D.float64)
    if isinstance(exponent, Tensor):
        exponent = exponent.to(D.float64)
    elif not isinstance(input, Tensor):
        raise TypeError("float_power() received an invalid combination of arguments - got "
                        f"({type(input).__name__}, {type(exponent).__name__})")
    else:
        exponent = float(exponent)
    return E.pow(float(input) if not isinstance(input, Tensor) else input, exponent)


def _float_power_inplace(self, exponent):
    if self._dtype is not D.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {type_name(self._dtype)} "
                           "but the operation's result requires dtype Double")
    return inplace(self, lambda current, e: float_power(current, e), exponent)


def heaviside(input, values):
    """The step function: 0 for input < 0, values at 0, 1 for input > 0 (and 0 at nan)."""
    if not isinstance(values, Tensor):
        raise TypeError(f"heaviside(): argument 'values' (position 2) must be Tensor, not "
                        f"{type(values).__name__}")
    if D._COMPLEX in (input._dtype.category, values._dtype.category):
        raise RuntimeError("heaviside is not yet implemented for complex tensors.")
    if input._dtype is not values._dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    a, b = input._data, values._data
    out = wrap(E._torch_layout(_compute(lambda x, v: np.where(x == 0, v, x > 0), a, b), input,
                                values), input._dtype)
    if out._dtype.category < D._FLOAT:
        return out
    return record(out, HeavisideNotImplemented, (input, values))


@grad_fn("NotImplemented")
def HeavisideNotImplemented(ctx, grad):
    raise RuntimeError("derivative for aten::heaviside is not implemented")


HeavisideNotImplemented.name = lambda self: "ember::autograd::NotImplemented"


def _integer_op(np_fn, kernel):
    def op(input, other):
        dt = result_type_of(input, other)
        if dt.category != D._INT:
            raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')
        a, b = operands(input, other, dt)
        return wrap(E._torch_layout(_compute(np_fn, a, b), input, other), dt)
    return op


gcd = _integer_op(np.gcd, "gcd_cpu")
gcd.__doc__ = "The greatest common divisor of integers (non-negative). No gradient."
lcm = _integer_op(np.lcm, "lcm_cpu")
lcm.__doc__ = "The least common multiple of integers (non-negative). No gradient."


def _shift(left):
    kernel = "lshift_cpu" if left else "rshift_cpu"

    def kernel_fn(a, b):
        bits = a.dtype.itemsize * 8
        outside = (b < 0) | (b >= bits)
        amount = np.where(outside, 0, b).astype(a.dtype)
        if left:
            return np.where(outside, 0, np.left_shift(a, amount))
        # Shifting right by the width or more leaves only the sign (-1 or 0).
        return np.where(outside, np.where(a < 0, -1, 0).astype(a.dtype),
                        np.right_shift(a, amount))

    def op(input, other):
        if not isinstance(input, Tensor):
            input = as_tensor_arg(input)
        dt = result_type_of(input, other)
        if dt.category != D._INT:
            raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')
        a, b = operands(input, other, dt)
        xp = _backend.common_namespace(a, b)
        a = xp.asarray(a, dtype=dt.np)
        return wrap(E._torch_layout(_compute(kernel_fn, a, xp.asarray(b, dtype=dt.np)), input,
                                   other), dt)
    return op


bitwise_left_shift = _shift(True)
bitwise_left_shift.__doc__ = "input << other on integers (0 once shifted past the width)."
bitwise_right_shift = _shift(False)
bitwise_right_shift.__doc__ = "input >> other on integers (an arithmetic shift for signed)."


@E.on_sparse_values()
def signbit(input):
    """True where the sign bit is set (negative numbers, -0.0, negative nan)."""
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError("signbit is not implemented for complex tensors.")
    arr = input._data
    if input._dtype.category < D._FLOAT:
        return wrap(np.less(arr, 0) if input._dtype is not D.bool_ else np.zeros_like(arr))
    return wrap(np.signbit(arr))


_DEGREES_PER_RADIAN = 180.0 / math.pi
_RADIANS_PER_DEGREE = math.pi / 180.0


@E.on_sparse_values()
def deg2rad(input):
    """input * pi / 180.   d/dinput = pi / 180."""
    _refuse_complex_angle("deg2rad", input)
    return _scale(input, _RADIANS_PER_DEGREE, Deg2RadBackward0)


@E.on_sparse_values()
def rad2deg(input):
    """input * 180 / pi.   d/dinput = 180 / pi."""
    _refuse_complex_angle("rad2deg", input)
    return _scale(input, _DEGREES_PER_RADIAN, Rad2DegBackward0)


def _refuse_complex_angle(name, input):
    """torch converts angles of real tensors only (a complex one was scaled silently)."""
    if isinstance(input, Tensor) and input._dtype.category == D._COMPLEX:
        raise RuntimeError(f"{name} is not supported for complex tensors.")


def _scale(input, factor, node_cls):
    dt = E._float_dtype(input)
    arr = input._data.astype(dt.np, copy=False)
    return record(wrap(arr * arr.dtype.type(factor), dt), node_cls, (input,), factor=factor)


@grad_fn("Deg2RadBackward0")
def Deg2RadBackward0(ctx, grad):
    return grad * ctx.factor


@grad_fn("Rad2DegBackward0")
def Rad2DegBackward0(ctx, grad):
    return grad * ctx.factor


# --- in-place forms, aliases and registration -------------------------------------------------

def _inplace(op):
    def method(self, *args, **kwargs):
        return inplace(self, lambda current, *others: op(current, *others, **kwargs), *args)
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method


def _method_alias(name):
    """A Tensor method that forwards to another one (``arccos_`` is ``acos_``)."""
    def method(self, *args, **kwargs):
        return getattr(self, name)(*args, **kwargs)
    method.__doc__ = f"Alias of ``Tensor.{name}``."
    return method


def _function_of_method(name):
    """A top-level in-place function, ``ember.abs_(x)``, as PyTorch has beside ``x.abs_()``."""
    def function(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = name
    function.__doc__ = f"``input.{name}(...)``."
    return function


def _linear_algebra_inplace(name):
    """``self.addmm_(m1, m2, beta=, alpha=)`` and its kin: the op written back into self."""
    def method(self, first, second, *deprecated, beta=1, alpha=1):
        from . import linalg
        if deprecated:  # self.addmm_(beta, [alpha,] m1, m2): PyTorch's deprecated order
            from .. import _deprecated
            _, first, second, beta, alpha = _deprecated.product_scalars_first(
                name, (self, first, second) + deprecated, inplace=True)
        op = getattr(linalg, name)
        return inplace(self, lambda current, a, b: op(current, a, b, beta=beta, alpha=alpha),
                       first, second)
    method.__name__ = name + "_"
    method.__doc__ = f"In-place version of ``{name}``."
    return method


def _cumprod_inplace(self, dim, *, dtype=None):
    from .reduction import cumprod
    return inplace(self, lambda current: cumprod(current, dim, dtype=dtype))


def _fill_diagonal_inplace(self, fill_value, wrap=False):
    """Fill the main diagonal (all indices equal) with fill_value; for a tall matrix and
    wrap, start again every cols + 1 rows.   d/dself = 0 on the diagonal, 1 elsewhere."""
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.ndim > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    # torch reads the value in self's dtype: truncated into an integral one, any nonzero number
    # is True for a bool one, and one the dtype cannot hold is refused
    if self._dtype is D.bool_:
        fill_value = bool(fill_value)
    elif isinstance(fill_value, (int, float, complex)):
        fill_value = E._kernel_scalar(fill_value, self._dtype, opmath=False)
    mask = _backend.namespace_of(self._data).zeros(self.shape, dtype=bool)
    np.fill_diagonal(mask, True, wrap=wrap)
    on_diagonal = Tensor._make(mask)
    return inplace(self, lambda current: E.where(on_diagonal, fill_value, current))


def _reflected(op):
    def method(self, other):
        return op(other, self)
    return method


FUNCTIONS = {
    "hypot": hypot, "logaddexp": logaddexp, "logaddexp2": logaddexp2,
    "logcumsumexp": logcumsumexp, "copysign": copysign, "nextafter": nextafter, "ldexp": ldexp,
    "frexp": frexp, "float_power": float_power, "heaviside": heaviside, "gcd": gcd, "lcm": lcm,
    "bitwise_left_shift": bitwise_left_shift, "bitwise_right_shift": bitwise_right_shift,
    "signbit": signbit, "deg2rad": deg2rad, "rad2deg": rad2deg,
}
METHODS = dict(FUNCTIONS)
METHODS.update({name + "_": _inplace(FUNCTIONS[name]) for name in (
    "hypot", "copysign", "nextafter", "ldexp", "heaviside", "gcd", "lcm", "bitwise_left_shift",
    "bitwise_right_shift", "deg2rad", "rad2deg")})
METHODS.update({
    "float_power_": _float_power_inplace,
    "__lshift__": bitwise_left_shift, "__rshift__": bitwise_right_shift,
    "__rlshift__": _reflected(bitwise_left_shift), "__rrshift__": _reflected(bitwise_right_shift),
    "__ilshift__": METHODS["bitwise_left_shift_"], "__irshift__": METHODS["bitwise_right_shift_"],
})
_ALIASES = {"absolute_": "abs_", "arccos_": "acos_", "arccosh_": "acosh_", "arcsin_": "asin_",
            "arcsinh_": "asinh_", "arctan_": "atan_", "arctanh_": "atanh_",
            "arctan2_": "atan2_", "divide_": "div_", "true_divide_": "div_",
            "multiply_": "mul_", "subtract_": "sub_", "negative_": "neg_", "fix_": "trunc_",
            "greater_": "gt_", "greater_equal_": "ge_", "less_": "lt_", "less_equal_": "le_",
            "not_equal_": "ne_"}
METHODS.update({alias: _method_alias(name) for alias, name in _ALIASES.items()})
METHODS.update({name + "_": _linear_algebra_inplace(name)
                for name in ("addmm", "addmv", "addr", "addbmm", "baddbmm")})
METHODS.update({"cumprod_": _cumprod_inplace, "fill_diagonal_": _fill_diagonal_inplace})
FUNCTIONS.update({name: _function_of_method(name) for name in (
    "abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_",
    "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_",
    "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "exp2_", "exp_", "expm1_", "fix_",
    "floor_", "frac_", "gcd_", "lcm_", "ldexp_", "log10_", "log1p_", "log2_", "log_",
    "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_", "round_", "rsqrt_",
    "sigmoid_", "sin_", "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_", "zero_",
    "fill_", "addmv_")})

# out=: elementwise kernels cast into out when the cast is safe (those without a gradient let
# out= through whatever requires grad). heaviside and logcumsumexp have torch's own dtype rules
# in _out.py's table.
OUT_OPS.update({name: (name, _CAST) for name in (
    "hypot", "logaddexp", "logaddexp2", "copysign", "nextafter", "deg2rad", "rad2deg")})
OUT_OPS.update({name: (None, _CAST) for name in (
    "gcd", "lcm", "bitwise_left_shift", "bitwise_right_shift")})

# torch's hypot hands other, self, then the result to saved-tensor hooks
HypotBackward0._pack_order = (1, 0, 2)
