"""Elementwise ops: arithmetic, unary math, comparisons. Each op's derivative sits beside it.

Binary ops broadcast; their rules may return gradients in the broadcast shape, and the
registry sums them back to each input's shape.
"""
from __future__ import annotations

import builtins
import functools
import math

import numpy as np

from .. import _backend, _deprecated
from .. import _memory_format as MF
from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from ..autograd import forward_ad as _forward_ad
from ..autograd import grad_mode as _grad_mode
from .._tensor import Tensor
# NumPy's prebuilt "warnings off" error state: _unary sets it inline, the rest call _quietly.
from ._kernels import _IGNORE_ALL, _extobj_contextvar, flat_blocks
from ._kernels import quietly as _quietly
from ._registry import invalid_combination, no_meta_kernel
from ._registry import array_path
from ._registry import is_sparse as _is_sparse  # its ops with a scalar act on its values
from ._registry import (as_tensor_arg, broadcast_error as _broadcast_error, broadcast_shape,
                        check_inplace, check_same_device, check_no_partial_overlap,
                        complex_half_error, computable, grad_fn, inplace, needs_grad, not_tensor,
                        operands, record, _repeats_elements, require_float, result_type_of, wrap)

_quiet = np.errstate  # NumPy warns on log(0), 1/0...; PyTorch silently gives inf/nan.
try:
    from numpy._core.umath import clip as _clip  # the ufunc behind np.clip
except ImportError:
    _clip = None


_fw_state = _forward_ad._state
_grad_state = _grad_mode._state


_OPERANDS = (Tensor, bool, int, float, complex, np.generic)


def _op_name(node_cls):
    """The op a binary node class records (AddBackward0: add), for its errors."""
    name = getattr(node_cls, "__name__", "") or "add"
    return name[:name.find("Backward")].lower() if "Backward" in name else name


def _binary(a, b, fn, node_cls, save=(), dt=None, **attrs):
    """Shared body of binary ops: promote, compute on arrays, wrap, record."""
    if dt is None and type(a) is Tensor:
        # The common case first: a float tensor with a float scalar or with a tensor of its own
        # dtype and device, where the result keeps that dtype and nothing needs converting.
        da = a._dtype
        if da.category == D._FLOAT:
            tb = type(b)
            if tb is Tensor:
                xb = b._data if b._dtype is da and b._device is a._device else None
            elif tb is float:
                # The cached 0-d arrays are host arrays: a device array takes the float as is.
                cache = _SCALAR_ARRAYS.get(da) if isinstance(a._data, _ndarray) else None
                xb = b if cache is None else cache.get(b) or _scalar_array(b, da, cache)
            else:
                xb = None
            if xb is not None:
                xa = a._data
                try:
                    result = fn(xa, xb)
                except ValueError:
                    raise _broadcast_error(xa.shape, np.shape(xb)) from None
                shape = result.shape
                if 1 in shape:
                    if result.ndim > 1 and not (
                            # elementwise_result's first test, inline (a column or a batch of
                            # one is common): row-major operands striding as the result keep it
                            xa.strides == result.strides and xa.shape == shape
                            and result.flags.c_contiguous
                            and (type(xb) is float or not xb.shape
                                 or (xb.strides == result.strides and xb.shape == shape))):
                        result = MF.elementwise_result(result, xa, xb)
                elif result.ndim > 1 and not (
                        # a dense first input of the result's shape (as many elements: with no
                        # size-1 dim in the result, none of its dims is broadcast) orders every
                        # pair of dims: a result striding as it does keeps its layout, and a
                        # row-major one makes NumPy's result row-major whatever the second
                        # input is (its flag is the cheapest test of the common case; NumPy
                        # calls every empty array contiguous, so an empty one is left to
                        # elementwise_result). A first input of one dim orders none, so then
                        # the second one does (a bias plus a batch). A result of one dim has
                        # one layout: it is tested first, for free.
                        0 != xa.size == result.size and (xa.flags.c_contiguous
                                                         or xa.strides == result.strides)
                        or xa.ndim < 2 and type(xb) is not float
                        and xb.strides == result.strides and xb.shape == shape):
                    result = MF.elementwise_result(result, xa, xb)
                if isinstance(result, _ndarray) and result.dtype is da.np:
                    out = Tensor._wrap(result, da, a._device)
                else:
                    out = wrap(result, da)
                # Nothing to record without grad mode or forward AD (e.g. inside backward),
                # or when neither input needs a gradient (record would find that out later).
                if node_cls is None or not (_grad_state.enabled and (
                        a._requires_grad or tb is Tensor and b._requires_grad)) \
                        and _fw_state.level is None:
                    return out
                return record(out, node_cls, (a, b), save, **attrs)
    if dt is None:
        if not isinstance(b, _OPERANDS) and isinstance(a, Tensor):
            # torch's named ops refuse an array (or a list, None...); its operators (``t +
            # array``) answer NotImplemented on this TypeError, and NumPy's reflected operator
            # then computes on the tensor's values and wraps the result as a tensor (see
            # ops/__init__.py)
            raise not_tensor(_op_name(node_cls), b, "other", 2)
        dt = result_type_of(a, b)
    if dt is D.complex32 and fn not in _COMPLEX_HALF_BINARY and node_cls not in (
            RsubBackward0, RsubBackward1):
        name = node_cls.__name__ if node_cls is not None else "PowBackward1"
        raise complex_half_error(_COMPLEX_HALF_KERNELS.get(name, name[:-9].lower() + "_cpu"))
    xa, xb = operands(a, b, dt)
    if type(xb) is int and dt.category == D._INT:
        # PyTorch wraps an out-of-range Python int into the tensor's type (uint8 + 300 = 45);
        # NumPy 2 refuses it. A NumPy scalar, not a 0-d array, so a device operand takes it too.
        xb = np.array(xb).astype(dt.np)[()]
    try:
        result = fn(xa, xb)
    except ValueError:
        raise _broadcast_error(np.shape(xa), np.shape(xb)) from None
    result = _torch_layout(result, a, b)
    out = wrap(result, dt)
    if node_cls is None:
        return out
    return record(out, node_cls, (a, b), save, **attrs)


def _torch_layout(result, *inputs):
    """``result`` (the backend array an elementwise op computed from ``inputs``: tensors,
    numbers or None, in torch's operand order) laid out as torch lays out such a result. The
    inputs' own arrays decide, not their promoted copies (NumPy's copy restrides size-1 dims,
    torch's keeps them)."""
    if result.ndim < 2:
        return result
    first = inputs[0]
    if type(first) is Tensor and 1 not in result.shape:
        data = first._data
        if data.shape == result.shape and (
                data.strides == result.strides if data.itemsize == result.itemsize else
                data.flags.c_contiguous and result.flags.c_contiguous and data.size
                or MF.same_strides(data, result)):
            return result  # a dense first input of the result's shape orders every pair of dims
    return MF.elementwise_result(result, *[x._data if isinstance(x, Tensor) else x
                                           for x in inputs if x is not None])


_ndarray = np.ndarray
_HALVES = frozenset(dt for dt in (D.float16, D.bfloat16) if dt is not None)
# Python floats met with float32/float64 tensors, as read-only 0-d arrays of that dtype. NumPy
# converts a Python scalar operand on every call (to the array's dtype, as a weak scalar), which
# costs nearly as much as a small op; the array gives the same value and result without that.
_SCALAR_ARRAYS = {D.float32: {}, D.float64: {}}
_SCALAR_LIMIT = 1024


def _scalar_array(value, dt, cache):
    """``value`` as a cached 0-d array of ``dt``; ``value`` itself when the cast is not exact
    for the cache's purpose: zeros (0.0 and -0.0 share a key), NaN, and magnitudes outside the
    dtype's normal range (NumPy's own conversion then decides the overflow or underflow)."""
    info = _FINFO.get(dt) or _FINFO.setdefault(dt, np.finfo(dt.np))
    if not info.tiny <= builtins.abs(value) <= info.max or len(cache) >= _SCALAR_LIMIT:
        return value
    arr = np.array(value, dtype=dt.np)
    arr.flags.writeable = False
    return cache.setdefault(value, arr)


_FINFO = {}
# Ufuncs that set no floating-point flag for any real input (inf and NaN included), so they need no
# np.errstate around them; entering one costs as much as a small op itself.
_NEVER_WARN = frozenset({np.tanh, np.negative, np.absolute, np.floor, np.ceil, np.trunc,
                         np.rint, np.sign, np.positive})


def _broadcastable(shape_a, shape_b):
    return all(a == b or a == 1 or b == 1 for a, b in zip(shape_a[::-1], shape_b[::-1]))


def _float_dtype(x):
    """Result dtype of a float-valued unary op: integers and bools promote to the default."""
    return x._dtype if x._dtype.category >= D._FLOAT else D.get_default_dtype()


def _unary(x, fn, node_cls, save_input=False, save_output=False, float_result=True, **attrs):
    if not isinstance(x, Tensor):
        raise TypeError(f"{node_cls.__name__[:-9].lower()}(): argument 'input' (position 1) must "
                        f"be Tensor, not {type(x).__name__}")
    if type(x) is not Tensor and _is_sparse(x):
        from ..sparse._elementwise import unary  # the stored values, where f(0) = 0
        return unary(x, fn, node_cls, save_input, save_output, float_result, attrs)
    dt = x._dtype
    if float_result and dt.category < D._FLOAT:
        dt = D.get_default_dtype()
    arr = x._data
    if arr.dtype is not dt.np and arr.dtype != dt.np:
        arr = arr.astype(dt.np)
    try:
        if fn in _NEVER_WARN and dt.category != D._COMPLEX:
            result = fn(arr)
        elif _extobj_contextvar is not None:  # _quietly's body, without its call
            token = _extobj_contextvar.set(_IGNORE_ALL)
            try:
                result = fn(arr)
            finally:
                _extobj_contextvar.reset(token)
        else:
            result = _quietly(fn, arr)
    except TypeError:
        if dt is not D.complex32:
            raise
        result = _complex_half_unary(arr, fn, node_cls)
    if 1 in result.shape and result.ndim > 1 and not (arr.strides == result.strides
                                                       and result.flags.c_contiguous):
        result = MF.elementwise_result(result, arr)  # (its first test inline, as in _binary)
    if isinstance(result, _ndarray) and result.dtype is dt.np:
        out = Tensor._wrap(result, dt, x._device)
    else:
        out = wrap(result, dt)
    if node_cls is None or not _grad_state.enabled and _fw_state.level is None:
        return out
    save = (x,) if save_input else ((out,) if save_output else ())
    return record(out, node_cls, (x,), save, **attrs)


# torch's CPU kernel of each unary op that has no ComplexHalf version (named in its error).
_VML = ("Acos", "Asin", "Atan", "Cos", "Exp", "Expm1", "Log10", "Log1P", "Log2", "Log", "Sin",
        "Sqrt", "Tan", "Tanh", "Round")
_COMPLEX_HALF_KERNELS = {
    **{f"{name}Backward0": f"{name.lower()}_vml_cpu" for name in _VML},
    **{f"{name}Backward0": f"{name.lower()}_cpu" for name in
       ("Acosh", "Asinh", "Atanh", "Cosh", "Frac", "Reciprocal", "Rsqrt", "Sigmoid", "Sinh")},
    "AcoshBackward1": "acosh_cpu", "AsinhBackward1": "asinh_cpu", "AtanhBackward1": "atanh_cpu",
    "Exp2Backward0": "exp2"}
_COMPLEX_HALF_KERNELS.update({
    "DivBackward0": "div_cpu", "DivBackward2": "div_cpu", "PowBackward1": "pow",
    "PowBackward2": "pow", "Atan2Backward0": "atan2_cpu", "FloorDivideNotImplemented":
    "div_floor_cpu", "RemainderBackward0": "remainder_cpu", "RemainderBackward1":
    "remainder_cpu", "FmodBackward0": "fmod_cpu", "FmodBackward1": "fmod_cpu"})
# The ops torch has ComplexHalf CPU kernels for; ember computes them in complex64.
_COMPLEX_HALF_UNARY = frozenset({"NegBackward0", "PositiveBackward0"})
_COMPLEX_HALF_BINARY = frozenset({np.add, np.subtract, np.multiply, np.equal, np.not_equal})


def _complex_half_unary(arr, fn, node_cls):
    """``fn`` on complex32 storage: through complex64, rounded back, where torch has a
    ComplexHalf kernel; torch's NotImplementedError where it has none."""
    name = node_cls.__name__ if node_cls is not None else ""
    if name not in _COMPLEX_HALF_UNARY:
        kernel = _COMPLEX_HALF_KERNELS.get(name, name.replace("Backward0", "").lower() + "_cpu")
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'ComplexHalf'")
    return D.to_complex32(fn(D.from_complex32(arr)))


# --- arithmetic -------------------------------------------------------------------------------

def add(input, other, *deprecated, alpha=1, out=None):
    """input + alpha * other.   d/dinput = 1, d/dother = alpha."""
    if deprecated:  # add(input, alpha, other): PyTorch's deprecated order
        alpha, (other,) = _deprecated.scalar_first("add", other, (), deprecated)
    if type(other) is not Tensor and isinstance(other, Tensor) and other.is_sparse:
        from ..sparse._coo import add_dense_sparse  # dense + sparse COO is dense
        return add_dense_sparse(input, other, alpha)
    if alpha != 1 or type(alpha) is not int:
        alpha = _read_alpha(input, other, alpha)
    if alpha != 1:
        fused = _fused_add(input, other, alpha, AddAlphaBackward0)
        if fused is not None:
            return fused
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    if not isinstance(input, Tensor):
        input, other = other, input
    return _binary(input, other, np.add, AddBackward0)


def _check_alpha(input, other, alpha):
    """torch's refusal of an alpha the result's dtype cannot take: a bool beside a non-bool
    result, a float beside an integral one, a complex beside a real one (never a silent
    promotion or truncation)."""
    if not isinstance(alpha, (bool, float, complex)):
        return
    dt = result_type_of(input, other)
    if isinstance(alpha, bool):
        if dt is not D.bool_:
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif dt.category <= D._INT:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    elif isinstance(alpha, complex) and dt.category != D._COMPLEX:
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex "
                           "number.")


def _read_alpha(input, other, alpha):
    """alpha checked (_check_alpha) and read in the result's dtype as torch's kernels read it:
    a bool result takes a nonzero integer as True, and a value the dtype cannot hold is
    refused (an int8 add with alpha=300 wrapped around, a half one with alpha=1e6 gave inf)."""
    if type(alpha) is not int:
        _check_alpha(input, other, alpha)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, complex)):
        return alpha
    dt = result_type_of(input, other)
    if dt is not D.bool_:
        return _kernel_scalar(alpha, dt, opmath=False)
    if not -2 ** 63 <= alpha < 2 ** 64:
        raise OverflowError("int too big to convert")  # torch's argument parser's refusal
    return alpha != 0


def _fused_add(input, other, alpha, node_cls):
    """``input + alpha * other`` for two tensors whose result is a half type, as torch's CPU
    kernel computes it: one fused multiply-add in float32 (here in float64, where the product
    is exact, rounded once), with alpha in the result's dtype. None where that does not apply.

    float32 rounds the product and then the sum, two passes in float32, where torch's kernel
    fuses them: a result may differ from torch's by an ulp. The fused form through float64
    takes casting passes that cost 2-3.5x the time (400k elements, one thread: 227 against
    794 us for ``p.add_(g, alpha=-lr)``, 470 against 1010 for ``lerp_``, 570 against 1191 for
    ``addcmul_``), on the ops of every tensor-path optimizer step and weight average. In a
    half, the product rounded to the half first is whole steps off, so the halves pay for the
    fused form."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)) or \
            type(alpha) not in (int, float):
        return None
    dt = result_type_of(input, other)
    if dt not in _HALVES:
        return None
    kernel = _fma_kernel(alpha, dt)
    return _binary(input, other, kernel, node_cls, dt=dt, alpha=alpha)


def _fma_kernel(alpha, dt):
    """``x + alpha * y`` rounded once to float32, then to ``dt``."""
    with np.errstate(over="ignore"):
        weight = np.asarray(alpha, dtype=dt.np).astype(np.float64)[()]  # a scalar: any device

    def kernel(x, y):
        wide = np.multiply(y, weight, dtype=np.float64)  # exact: the product, then one sum
        wide = np.add(wide, x, out=wide if wide.shape == x.shape else None)
        return wide.astype(np.float32).astype(dt.np, copy=False)
    return kernel


@grad_fn("AddBackward0")
def AddAlphaBackward0(ctx, grad):
    """add with alpha: d/dinput = 1, d/dother = alpha."""
    return grad, grad * ctx.alpha if ctx.needs_input_grad[1] else None


@grad_fn("AddBackward0")
def AddBackward0(ctx, grad):
    return grad, grad


def _is_bool(x):
    return x._dtype is D.bool_ if isinstance(x, Tensor) else isinstance(x, bool)


def _check_bool_subtraction(input, other):
    left, right = _is_bool(input), _is_bool(other)
    if left and right:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if left or right:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


def sub(input, other, *deprecated, alpha=1):
    """input - alpha * other.   d/dinput = 1, d/dother = -alpha."""
    if deprecated:  # sub(input, alpha, other): PyTorch's deprecated order
        alpha, (other,) = _deprecated.scalar_first("sub", other, (), deprecated)
    _check_bool_subtraction(input, other)
    if not isinstance(input, Tensor):  # scalar - tensor is PyTorch's rsub
        return rsub(other, input, alpha=alpha)
    if alpha != 1 or type(alpha) is not int:
        alpha = _read_alpha(input, other, alpha)
    if alpha != 1:
        fused = _fused_add(input, other, -alpha, SubAlphaBackward0)
        if fused is not None:
            return fused
        other = mul(other, alpha) if isinstance(other, Tensor) else other * alpha
    return _binary(input, other, np.subtract, SubBackward0)


@grad_fn("SubBackward0")
def SubAlphaBackward0(ctx, grad):
    """sub with alpha (computed as an add of -alpha times other): d/dother = -alpha."""
    return grad, grad * ctx.alpha if ctx.needs_input_grad[1] else None


@grad_fn("SubBackward0")
def SubBackward0(ctx, grad):
    return grad, -grad if ctx.needs_input_grad[1] else None


def rsub(input, other, *, alpha=1):
    """other - alpha * input (the reflected ``scalar - tensor``).
    d/dinput = -alpha, d/dother = 1."""
    _check_bool_subtraction(input, other)
    if alpha != 1 or type(alpha) is not int:
        alpha = _read_alpha(input, other, alpha)
    if alpha != 1:
        input = mul(input, alpha)
    node_cls = RsubBackward0 if isinstance(other, Tensor) else RsubBackward1
    out = _binary(input, other, lambda x, y: y - x, node_cls)
    if isinstance(other, Tensor):  # torch computes other - input: other's layout leads
        out._data = _torch_layout(out._data, other, input)
    return out


@grad_fn("RsubBackward0")
def RsubBackward0(ctx, grad):
    return -grad, grad


@grad_fn("RsubBackward1")
def RsubBackward1(ctx, grad):
    return -grad, None


def mul(input, other):
    """input * other.   d/dinput = other, d/dother = input."""
    if not isinstance(input, Tensor):
        input, other = other, input
    if type(input) is not Tensor and _is_sparse(input):
        return input.mul(other)
    fn = _half_by_number(input, other, np.multiply)
    if _forward_ad._state.level is None:
        if not _grad_state.enabled:
            return _binary(input, other, fn, MulBackward0)
        # Save only what a needed gradient uses: d/dinput needs other, d/dother needs input.
        save = (input if isinstance(other, Tensor) and other._requires_grad else None,
                other if input._requires_grad else None)
    else:
        save = (input if _requires(other) else None, other if _requires(input) else None)
    return _binary(input, other, fn, MulBackward0, save=save)



_EVERY_SPARSE_LAYOUT = ("coo", "compressed")


def on_sparse_values(kinds=_EVERY_SPARSE_LAYOUT, aten=None, compressed_aten=None):
    """The decorated op, given a sparse tensor of a layout in ``kinds`` ("coo", "compressed"),
    acts on its stored values (the op keeps zero at zero) and keeps its layout; on another
    layout it raises torch's error, naming ``aten`` for COO and ``compressed_aten`` for the
    compressed layouts (``ember.sparse._elementwise.on_values``); ``kinds=()`` for an op that
    torch refuses on every layout. A dense tensor pays one type test."""
    def decorate(fn):
        @functools.wraps(fn)
        def op(input, *args, **kwargs):
            if type(input) is not Tensor and _is_sparse(input):
                from ..sparse._elementwise import on_values
                return on_values(input, fn, args, kwargs, kinds, aten, compressed_aten)
            return fn(input, *args, **kwargs)
        return op
    return decorate


def _half_by_number(input, other, ufunc):
    """The kernel for ``input <ufunc> other``: ``ufunc`` itself, except for a float16 or
    bfloat16 tensor by a number (a Python number or a 0-d tensor, as the second operand). There
    torch's CPU mul, div and floor_divide keep the number in float32, their opmath type, and
    round only the result: bfloat16 3.0 * -4.775 is -14.3125, where rounding -4.775 to bfloat16
    first (NumPy's weak scalar) gives -14.375. Newton-Schulz iterations in bfloat16 (Muon)
    multiply by such constants at every step."""
    if input._dtype not in _HALVES:
        return ufunc
    if isinstance(other, Tensor):
        if other.ndim != 0 or other._dtype.category != D._FLOAT or \
                result_type_of(input, other) is not input._dtype:
            return ufunc
        number = other._data.astype(np.float32) if other._device is input._device else \
            np.float32(other.item())
    elif type(other) in (int, float):
        with np.errstate(over="ignore"):
            number = np.float32(other)
    else:
        return ufunc
    return lambda x, _: ufunc(x.astype(np.float32), number).astype(x.dtype)


def _requires(x):
    """Will a derivative w.r.t. x be taken (reverse mode, or a forward-mode tangent)?"""
    if not isinstance(x, Tensor):
        return False
    return x._requires_grad or (_forward_ad._state.level is not None and
                                "_fw_grad" in x.__dict__)


@grad_fn("MulBackward0")
def MulBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    gx = _times(grad, y) if ctx.needs_input_grad[0] else None
    gy = _times(grad, x) if ctx.needs_input_grad[1] else None
    return gx, gy


def _times(grad, factor):
    """``grad * factor`` in a derivative rule. With no graph and nothing watching
    (``array_path``, no forward AD), a float32/float64 gradient times a plain tensor or a
    Python number runs _binary's multiplication directly, without the operator's dispatch:
    the kernel ``mul`` picks for such a gradient, so the same bits."""
    if _fw_state.level is None and array_path(grad) and (
            type(factor) is Tensor or type(factor) is float or type(factor) is int):
        return _binary(grad, factor, np.multiply, None)
    return grad * factor


def mul_scalar(input, factor):
    """input * a Python number as torch's own formulas multiply (its Tensor-times-Scalar
    overload): the number in input's float dtype, recorded as MulBackward1, whose derivative
    is again a MulBackward1 node (user code's ``t * 2`` wraps the number and builds
    MulBackward0).   d/dinput = factor."""
    if input._dtype.category < D._FLOAT:
        return mul(input, factor)
    with _quiet(all="ignore"):
        kernel = _half_by_number(input, factor, np.multiply)  # a half keeps it in float32
        out = wrap(kernel(input._data, input._data.dtype.type(factor)), input._dtype)
    return record(out, MulBackward1, (input,), factor=factor)


@grad_fn("MulBackward1")
def MulBackward1(ctx, grad):
    return mul_scalar(grad, ctx.factor)  # (a complex grad: the registry conjugates around it)


def div_scalar(input, divisor):
    """input / a Python number as torch's own formulas divide (its Tensor-by-Scalar overload),
    recorded as DivBackward1, whose derivative is again a DivBackward1 node; an integral input
    divides into the default float dtype, as true division does.   d/dinput = 1 / divisor."""
    if input._dtype.category < D._FLOAT:
        return div(input, divisor)
    with _quiet(all="ignore"):
        kernel = _half_by_number(input, divisor, np.true_divide)
        out = wrap(kernel(input._data, input._data.dtype.type(divisor)), input._dtype)
    return record(out, DivBackward1, (input,), divisor=divisor)


@grad_fn("DivBackward1")
def DivBackward1(ctx, grad):
    return div_scalar(grad, ctx.divisor)


def _true_div_dtype(a, b):
    dt = result_type_of(a, b)
    return dt if dt.category >= D._FLOAT else D.get_default_dtype()


_TRUE_DIVISION = object()  # rounding_mode not given at all (None given explicitly differs)


def div(input, other, *, rounding_mode=_TRUE_DIVISION):
    """input / other (true division; ints give floats).   d/dinput = 1/other,
    d/dother = -input/other**2.  rounding_mode 'trunc'/'floor' rounds and has zero gradient."""
    if type(input) is not Tensor and _is_sparse(input):
        return _sparse_div(input, other, rounding_mode, "division")
    if rounding_mode is None:  # PyTorch's rounding-mode overload: true division, DivBackward2
        if not isinstance(input, Tensor):
            input = as_tensor_arg(input)
        with _quiet(all="ignore"):
            return _binary(input, other, np.true_divide, DivBackward2,
                           save=_div_saves(input, other), dt=_true_div_dtype(input, other),
                           rounding=False)
    if rounding_mode is not _TRUE_DIVISION:
        if rounding_mode == "floor":
            return _floor_divide(input, other, DivBackward2, rounding=True)
        if rounding_mode == "trunc":
            dt = result_type_of(input, other)
            with _quiet(all="ignore"):
                fn = (lambda x, y: np.trunc(x / y)) if dt.category >= D._FLOAT else \
                    (lambda x, y: _int_trunc_div(x, y))
                return _binary(input, other, fn, DivBackward2, dt=dt, rounding=True)
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    dt = _true_div_dtype(input, other)
    if not isinstance(input, Tensor):
        return mul(reciprocal(other), input)
    if dt is input._dtype and (dt is D.float32 or dt is D.float64) and (
            type(other) is float or type(other) is Tensor and other._dtype is dt):
        # The result keeps input's dtype: _binary's fast path (no promotion, no conversion)
        # runs the same division.
        dt = None
    return _quietly(_binary, input, other, _half_by_number(input, other, np.true_divide),
                    DivBackward0, _div_saves(input, other), dt)


def _sparse_div(input, other, rounding_mode, what):
    """A sparse tensor divided by a number or a 0-d tensor: its stored values divided (COO
    only, as torch, for a rounding division; a compressed layout's error comes first)."""
    if input.is_sparse and isinstance(other, Tensor) and other.dim() > 0:
        raise RuntimeError(f"Sparse {what} requires a scalar or zero-dim dense tensor divisor "
                           f"(got shape {list(other.shape)} for divisor)")
    if rounding_mode is _TRUE_DIVISION or rounding_mode is None:
        return input.div(other)
    from ..sparse._elementwise import on_values
    if what == "floor division":
        return on_values(input, floor_divide, (other,), {}, ("coo",), None, "floor_divide")
    return on_values(input, div, (other,), {"rounding_mode": rounding_mode}, ("coo",), None)


def _div_saves(input, other):
    """What division's derivative uses: other always, input only for d/dother (so x / 2
    saves, and hands saved-tensor hooks, nothing but the number, as torch does)."""
    return (input if _requires(other) else None, other)


def _int_trunc_div(x, y):
    # x and y are arrays of the op's device or Python/NumPy numbers: the ufuncs keep the device
    if bool((y == 0).any()) if hasattr(y, "any") else y == 0:
        raise RuntimeError("ZeroDivisionError")
    q = np.abs(x) // np.abs(y)
    return np.where((x < 0) != (y < 0), -q, q)


@grad_fn("DivBackward0")
def DivBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    if array_path(grad, y, *(() if x is None else (x,))) and grad._dtype is y._dtype and \
            (x is None or x._dtype is y._dtype):  # the same steps on the arrays
        return _quietly(_div_backward_arrays, ctx.needs_input_grad, grad._data,
                        None if x is None else x._data, y._data)
    gx = grad / y if ctx.needs_input_grad[0] else None
    gy = -grad * x / (y * y) if ctx.needs_input_grad[1] else None
    return gx, gy


def _div_backward_arrays(needs, grad, x, y):
    gx = wrap(grad / y) if needs[0] else None  # (wrap: 0-d arrays give NumPy scalars)
    gy = wrap(-grad * x / (y * y)) if needs[1] else None
    return gx, gy


@grad_fn("DivBackward2")
def DivBackward2(ctx, grad):
    """Rounded division is piecewise constant: zero gradient to both operands."""
    if not ctx.rounding:
        return DivBackward0.backward(ctx, grad)
    zero = grad * 0
    return zero, zero


def _not_implemented(op_name):
    """A node for ops PyTorch records but cannot differentiate: its backward raises."""
    def rule(ctx, grad):
        raise RuntimeError(f"derivative for aten::{op_name} is not implemented")
    node_cls = grad_fn("NotImplemented")(rule)
    # PyTorch's C++ name for such a node, with ember's prefix.
    node_cls.name = lambda self: "ember::autograd::NotImplemented"
    return node_cls


FloorDivideNotImplemented = _not_implemented("floor_divide")
RemainderNotImplemented = _not_implemented("remainder")


def floor_divide(input, other):
    """floor(input / other), PyTorch's ``//``; PyTorch defines no derivative for it (backward
    through it raises)."""
    if type(input) is not Tensor and _is_sparse(input):
        return _sparse_div(input, other, "floor", "floor division")
    return _floor_divide(input, other, FloorDivideNotImplemented)


def _bool_kernel(dt, kernel):
    """PyTorch's error for the rounding kernels it has no bool or complex version of."""
    if dt is D.bool_ or dt.category == D._COMPLEX:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(dt)}'")


def _check_integer_divisor(other, dt):
    if dt.category < D._FLOAT:
        # the array's own any(): a device divisor is checked on its device
        zero = bool((other._data == 0).any()) if isinstance(other, Tensor) else other == 0
        if zero:
            raise RuntimeError("ZeroDivisionError")


def _scalar_operand(value, dt):
    """A Python scalar on the left of a tensor (``0.7 ** t``, ``0.7 % t``) as a 0-d tensor.
    A double-precision result takes the scalar at double precision: made in the default
    dtype first, 0.7 would be rounded to float32 before the float64 computation (torch keeps
    it a double)."""
    if dt is D.float64 or dt is D.complex128:
        return Tensor._make(np.asarray(value, dtype=dt.np))
    return as_tensor_arg(value)


def _floor_divide(input, other, node_cls, **attrs):
    dt = result_type_of(input, other)
    _bool_kernel(dt, "div_floor_cpu")
    _check_integer_divisor(other, dt)
    if not isinstance(input, Tensor):
        input = _scalar_operand(input, dt)
    with _quiet(all="ignore"):
        return _binary(input, other, _half_by_number(input, other, np.floor_divide), node_cls,
                       dt=dt, **attrs)


def _remainder_kernel(x, y):
    """Python's modulo (the divisor's sign), except that a zero remainder of floats keeps the
    dividend's sign as torch's does (its fmod's zero: remainder(-4., 2.) is -0.), where NumPy
    gives it the divisor's."""
    result = np.remainder(x, y)
    if result.dtype.kind in "iub":
        return result
    if type(result) is np.ndarray:  # in place, over the zeros only
        np.copysign(result, x, out=result, where=result == 0)
        return result
    return np.where(result == 0, np.copysign(result, x), result)


def remainder(input, other):
    """input - floor(input/other) * other (sign of the divisor, Python's %).
    d/dinput = 1, d/dother = -floor(input/other)."""
    dt = result_type_of(input, other)
    if not isinstance(input, Tensor):
        input = _scalar_operand(input, dt)
        node_cls = RemainderNotImplemented
    else:
        node_cls = RemainderBackward1 if isinstance(other, Tensor) else RemainderBackward0
    _bool_kernel(dt, "remainder_cpu")
    _check_integer_divisor(other, dt)
    with _quiet(all="ignore"):
        return _binary(input, other, _remainder_kernel, node_cls, save=(input, other))


@grad_fn("RemainderBackward0")
def RemainderBackward0(ctx, grad):
    return grad, None


@grad_fn("RemainderBackward1")
def RemainderBackward1(ctx, grad):
    x, y = ctx.saved_tensors
    gy = -grad * x.div(y, rounding_mode="floor") if ctx.needs_input_grad[1] else None
    return grad, gy


def fmod(input, other):
    """C's fmod: remainder with the sign of the dividend.
    d/dinput = 1, d/dother = -trunc(input / other)."""
    node_cls = FmodBackward1 if isinstance(other, Tensor) else FmodBackward0
    dt = result_type_of(input, other)
    _bool_kernel(dt, "fmod_cpu")
    _check_integer_divisor(other, dt)
    with _quiet(all="ignore"):
        return _binary(input, other, np.fmod, node_cls, save=(input, other))


@grad_fn("FmodBackward0")
def FmodBackward0(ctx, grad):
    return grad, None


@grad_fn("FmodBackward1")
def FmodBackward1(ctx, grad):
    x, y = ctx.saved_tensors
    gy = -grad * x.div(y, rounding_mode="trunc") if ctx.needs_input_grad[1] else None
    return grad, gy


def pow(input, exponent):
    """input ** exponent.   d/dinput = exponent * input**(exponent-1),
    d/dexponent = input**exponent * log(input)."""
    if type(input) is not Tensor and _is_sparse(input):
        return input.pow(exponent)
    if not isinstance(input, Tensor):
        dt = result_type_of(input, exponent)
        base = _scalar_operand(input, dt)
        out = _binary(base, exponent, _int_power if dt.category == D._INT else np.power, None,
                      dt=dt)
        # the exponent and the result are saved, as torch saves them
        return record(out, PowBackward2, (base, exponent), (exponent, out), base=input)
    if isinstance(exponent, Tensor):
        dt = result_type_of(input, exponent)
        if dt is D.complex32:
            raise complex_half_error("pow")
        if dt is D.bool_:
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        with _quiet(all="ignore"):
            out = _binary(input, exponent, _int_power if dt.category == D._INT else np.power,
                          None, dt=dt)
        return record(out, PowBackward1, (input, exponent), (input, exponent, out)) \
            if out._dtype.category >= D._FLOAT else out
    dt = result_type_of(input, exponent)
    _check_int_pow(input, exponent, dt)
    if type(exponent) is int or (type(exponent) is float and
                                 (dt.category == D._INT or dt in _HALVES)):
        # torch reads the exponent in an integral or half result's dtype (float32 and float64
        # read a float one as a double): one that dtype cannot hold is refused
        _kernel_scalar(exponent, dt, opmath=False)
    xa, _ = operands(input, exponent, dt)
    with _quiet(all="ignore"):
        special = _POW_SPECIAL.get(exponent) if dt.category == D._FLOAT else \
            _POW_SPECIAL_COMPLEX.get(exponent) if dt.category == D._COMPLEX else None
        r = special(xa) if special is not None else np.power(xa, exponent)
    return record(wrap(r, dt), PowBackward0, (input,), (input,), exponent=exponent)


# Exponents torch computes by multiplication, sqrt and division instead of pow: the same
# values bit for bit, and many times faster than np.power.
_POW_SPECIAL = {
    2: lambda a: a * a,
    3: lambda a: a * a * a,
    0.5: np.sqrt,
    -0.5: lambda a: np.reciprocal(np.sqrt(a)),
    -1: np.reciprocal,
    -2: lambda a: np.reciprocal(a * a),
}
# torch's complex pow takes the same shortcuts, dividing where real pow takes the reciprocal:
# (-2+0j) ** 0.5 is exactly 2**0.5 j (np.power leaves 8.7e-17 in the real part), and 0j ** -1
# is inf+nanj as 1 / 0j is (np.power and np.reciprocal give nan+nanj)
_POW_SPECIAL_COMPLEX = {
    2: lambda a: a * a,
    3: lambda a: a * a * a,
    0.5: np.sqrt,
    -0.5: lambda a: np.divide(1, np.sqrt(a)),
    -1: lambda a: np.divide(1, a),
    -2: lambda a: np.divide(1, a * a),
}


def _int_power(base, exponent):
    """Integer ``base ** exponent`` elementwise as torch computes it with a tensor exponent:
    where the exponent is negative, 1 for a base of 1, -1 or 1 for a base of -1 (odd or even
    exponent), 0 for every other base (NumPy refuses negative integer powers)."""
    negative = np.less(exponent, 0)
    if not np.any(negative):
        return np.power(base, exponent)
    out = np.power(base, np.where(negative, 0, exponent))
    one = np.equal(base, 1)
    minus_one = np.equal(base, -1)
    odd = np.not_equal(np.remainder(exponent, 2), 0)
    at_negative = np.where(one, 1, np.where(minus_one, np.where(odd, -1, 1), 0))
    return np.where(negative, at_negative, out).astype(out.dtype, copy=False)


def _check_int_pow(input, exponent, dt):
    if dt is D.complex32:
        raise complex_half_error("pow")
    if dt.category == D._INT:
        # (a device array answers ``any`` itself: it refuses np.asarray)
        negative = (exponent._data < 0).any() if isinstance(exponent, Tensor) else exponent < 0
        if negative:
            raise RuntimeError("Integers to negative integer powers are not allowed.")


@grad_fn("PowBackward0")
def PowBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    p = ctx.exponent
    if p == 0:
        # PyTorch's derivative of x ** 0 is a zero tensor outside any graph (not grad * 0:
        # an infinite incoming gradient stays a zero one).
        return Tensor._make(np.zeros_like(x._data))
    if p == 2 and not _grad_state.enabled:
        return grad * (x * 2)
    # Under create_graph the formula's own graph is PyTorch's, x ** (p - 1) included, so a
    # higher derivative depends on x where PyTorch's does (x ** 2's second derivative too).
    return grad * (p * x ** (p - 1))


@grad_fn("PowBackward1")
def PowBackward1(ctx, grad):
    x, p, out = ctx.saved_tensors
    gx = gp = None
    if ctx.needs_input_grad[0]:
        gx = grad * where(p == 0, 0.0, p * x ** (p - 1))
    if ctx.needs_input_grad[1]:
        # For a complex exponent the sign test reads its real part.
        p_real = p.real if p._dtype.category == D._COMPLEX else p
        gp = grad * where((x == 0) & (p_real >= 0), 0.0, out * log(x))
    return gx, gp


@grad_fn("PowBackward2")
def PowBackward2(ctx, grad):
    p, out = ctx.saved_tensors
    base = ctx.base
    if base > 0:
        return None, grad * out * math.log(base)
    if base == 0:  # 0 ** p is flat for p >= 0; PyTorch keeps log(0) = -inf beyond
        return None, where(p >= 0, 0.0, grad * out * -math.inf)
    return None, grad * math.nan  # log of a negative base


def neg(input):
    """-input.   d/dinput = -1."""
    if not isinstance(input, Tensor):
        raise not_tensor("neg", input)
    if input._dtype is D.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If "
                           "you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")
    return _unary(input, np.negative, NegBackward0, float_result=False)


@grad_fn("NegBackward0")
def NegBackward0(ctx, grad):
    return -grad


def abs(input):
    """|input|.   d/dinput = sign(input)."""
    _not_for_bool(input, "abs_cpu")
    return _unary(input, np.abs, AbsBackward0, save_input=True, float_result=False)


@grad_fn("AbsBackward0")
def AbsBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * sign(x)


def _sign_array(a):
    if a.dtype == np.bool_:
        return a.copy()
    r = np.sign(a)
    if a.dtype.kind in "fV":  # (bfloat16's kind is 'V')
        r = np.where(np.isnan(a), 0, r)  # PyTorch's sign(nan) is 0
    return r


def sign(input):
    """-1, 0 or 1 by the sign of input; zero gradient."""
    return _unary(input, _sign_array, SignBackward0, float_result=False)


@grad_fn("SignBackward0")
def SignBackward0(ctx, grad):
    # zeros, as torch's zeros_like(grad): grad * 0 gave -0 under a negative gradient and NaN
    # under an infinite one
    return grad.new_zeros(grad.shape)


def sgn(input):
    """sign for real tensors (PyTorch records it as its own op); zero gradient."""
    return _unary(input, _sign_array, SgnBackward0, float_result=False)


@grad_fn("SgnBackward0")
def SgnBackward0(ctx, grad):
    # zeros, as torch's zeros_like(grad): grad * 0 gave -0 under a negative gradient and NaN
    # under an infinite one
    return grad.new_zeros(grad.shape)


def reciprocal(input):
    """1 / input.   d/dinput = -1/input**2 = -out**2."""
    return _unary(input, lambda a: 1 / a, ReciprocalBackward0, save_output=True)


@grad_fn("ReciprocalBackward0")
def ReciprocalBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return -grad * out * out


def square(input):
    """input ** 2 (PyTorch records it as a pow)."""
    if not isinstance(input, Tensor):
        raise not_tensor("square", input)
    if input._dtype is D.bool_:
        input = input.to(D.int64)
    return pow(input, 2)


def sqrt(input):
    """sqrt(input).   d/dinput = 1 / (2 sqrt(input))."""
    return _unary(input, np.sqrt, SqrtBackward0, save_output=True)


@grad_fn("SqrtBackward0")
def SqrtBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad / (2 * out)


def rsqrt(input):
    """1 / sqrt(input).   d/dinput = -out**3 / 2."""
    return _unary(input, lambda a: 1 / np.sqrt(a), RsqrtBackward0, save_output=True)


@grad_fn("RsqrtBackward0")
def RsqrtBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (-0.5 * out * out * out)


def _through_float64(fn):
    """fn evaluated in float64 and rounded once to float32 for a float32 array; other dtypes
    as they are. NumPy's float32 SIMD loops of exp, log, expm1, log1p and log10 are an ulp away
    from torch on a large share of inputs (exp on about 40% of standard normals, log on a quarter);
    the correctly rounded float64 result agrees with torch on about 99%."""
    def through_float64(arr):
        if arr.dtype == np.float32:
            return fn(arr, dtype=np.float64).astype(np.float32)
        return fn(arr)
    through_float64.__name__ = fn.__name__
    return through_float64


_exp32 = _through_float64(np.exp)
_log32 = _through_float64(np.log)
_expm1_32 = _through_float64(np.expm1)


def exp(input):
    """e**input.   d/dinput = out."""
    return _unary(input, _exp32, ExpBackward0, save_output=True)


@grad_fn("ExpBackward0")
def ExpBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return _times(grad, out)


def exp2(input):
    """2**input.   d/dinput = out * ln 2."""
    return _unary(input, np.exp2, Exp2Backward0, save_output=True)


@grad_fn("Exp2Backward0")
def Exp2Backward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return mul_scalar(grad * out, math.log(2.0))


def expm1(input):
    """e**input - 1 (accurate near 0).   d/dinput = out + 1."""
    return _unary(input, _expm1_32, Expm1Backward0, save_output=True)


@grad_fn("Expm1Backward0")
def Expm1Backward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (out + 1)


def log(input):
    """Natural log.   d/dinput = 1 / input."""
    return _unary(input, _log32, LogBackward0, save_input=True)


@grad_fn("LogBackward0")
def LogBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if array_path(grad, x) and grad._dtype is x._dtype:  # the same division on the arrays
        return wrap(_quietly(np.true_divide, grad._data, x._data))
    return grad / x


def log2(input):
    """log base 2.   d/dinput = 1 / (input ln 2)."""
    return _unary(input, np.log2, Log2Backward0, save_input=True)


@grad_fn("Log2Backward0")
def Log2Backward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad / mul_scalar(x, math.log(2.0))


# NumPy's float32 log10 loop is 1 ulp off on about half of all inputs (log10(100) gives
# 2.0000002); float64 rounded back to float32 is what torch gives.
_log10 = _through_float64(np.log10)


def log10(input):
    """log base 10.   d/dinput = 1 / (input ln 10)."""
    return _unary(input, _log10, Log10Backward0, save_input=True)


@grad_fn("Log10Backward0")
def Log10Backward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad / mul_scalar(x, math.log(10.0))


def log1p(input):
    """log(1 + input) (accurate near 0).   d/dinput = 1 / (1 + input)."""
    return _unary(input, _log1p_array, Log1PBackward0, save_input=True)


def _log1p_array(a):
    """np.log1p, accurate near 0 for complex input too. NumPy's complex log1p is log(1 + z),
    which drops a real part below the rounding of 1 (log1p(1e-20 - 1e-20j) gave -1e-20j).
    log|1 + z| is half of log1p(x (x + 2) + y^2) for |z| < 1/2 (x itself where that
    underflows to 0, which keeps the sign of a zero), log(hypot(1 + x, y)) beyond, as in
    torch; the angle is atan2(y, 1 + x)."""
    if a.dtype == np.float32:  # as _through_float64: NumPy's float32 loop is an ulp off
        return np.log1p(a, dtype=np.float64).astype(np.float32)
    if a.dtype.kind != "c":
        return np.log1p(a)
    x, y = a.real, a.imag
    r = x * (x + 2) + y * y
    near = np.where(r == 0, x, 0.5 * np.log1p(r))
    out = np.empty_like(a)
    out.real = np.where(np.abs(a) < 0.5, near, np.log(np.hypot(x + 1, y)))
    out.imag = np.arctan2(y, x + 1)
    return out


@grad_fn("Log1PBackward0")
def Log1PBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad / (x + 1)


def sin(input):
    """sin.   d/dinput = cos(input)."""
    return _unary(input, np.sin, SinBackward0, save_input=True)


@grad_fn("SinBackward0")
def SinBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * cos(x)


def cos(input):
    """cos.   d/dinput = -sin(input)."""
    return _unary(input, np.cos, CosBackward0, save_input=True)


@grad_fn("CosBackward0")
def CosBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * -sin(x)


def tan(input):
    """tan.   d/dinput = 1 + tan(input)**2."""
    return _unary(input, np.tan, TanBackward0, save_output=True)


@grad_fn("TanBackward0")
def TanBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (1 + out * out)


def asin(input):
    """arcsin.   d/dinput = 1 / sqrt(1 - input**2)."""
    return _unary(input, np.arcsin, AsinBackward0, save_input=True)


@grad_fn("AsinBackward0")
def AsinBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * rsqrt(1 - x * x)


def acos(input):
    """arccos.   d/dinput = -1 / sqrt(1 - input**2)."""
    return _unary(input, _acos_array, AcosBackward0, save_input=True)


def _acos_array(a):
    """np.arccos; torch's complex128 acos gives +0 for a zero imaginary part (the real segment
    [-1, 1]), where C99's acos, NumPy's and torch's complex64 one, gives -0 for an input of
    +0j."""
    out = np.arccos(a)
    if out.dtype == np.complex128:
        out.imag += 0.0  # -0.0 + 0.0 is +0.0; every other value is unchanged
    return out


@grad_fn("AcosBackward0")
def AcosBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return -grad * rsqrt(1 - x * x)


def atan(input):
    """arctan.   d/dinput = 1 / (1 + input**2)."""
    return _unary(input, np.arctan, AtanBackward0, save_input=True)


@grad_fn("AtanBackward0")
def AtanBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad / (1 + x * x)


def _tensor_operands(name, input, other):
    """PyTorch's tensor-only binary ops refuse Python numbers."""
    for position, (arg, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, "
                            f"not {type(value).__name__}")


def atan2(input, other):
    """Angle of (other, input).   d/dinput = other/(input²+other²), d/dother = -input/(...)."""
    _tensor_operands("atan2", input, other)
    dt = _true_div_dtype(input, other)
    return _binary(input, other, np.arctan2, Atan2Backward0, save=(input, other), dt=dt)


@grad_fn("Atan2Backward0")
def Atan2Backward0(ctx, grad):
    y, x = ctx.saved_tensors
    # times the reciprocal of the squared radius, as torch's formula rounds (not a division);
    # where the squared radius is 0 (the origin, or a radius that underflows) torch gives 0
    denom = y * y + x * x
    recip = where(denom == 0, 0.0, denom.reciprocal())
    return grad * x * recip, grad * -y * recip


arctan2 = atan2


def sinh(input):
    """sinh.   d/dinput = cosh(input)."""
    return _unary(input, np.sinh, SinhBackward0, save_input=True)


@grad_fn("SinhBackward0")
def SinhBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * cosh(x)


def cosh(input):
    """cosh.   d/dinput = sinh(input)."""
    return _unary(input, np.cosh, CoshBackward0, save_input=True)


@grad_fn("CoshBackward0")
def CoshBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * sinh(x)


def _inplace_without_derivative(name):
    """The node PyTorch records for ``name_`` (e.g. asinh_), which has no derivative."""
    def rule(ctx, grad):
        raise NotImplementedError(f"the derivative for 'inplace version of {name}' is not "
                                  "implemented.")
    return grad_fn(f"{name.capitalize()}Backward1")(rule)


def asinh(input):
    """arcsinh.   d/dinput = 1 / sqrt(input**2 + 1)."""
    return _unary(input, np.arcsinh, AsinhBackward0, save_input=True)


def _asinh_inplace(input):
    """asinh as its in-place form records it: AsinhBackward1, without a derivative."""
    return _unary(input, np.arcsinh, AsinhBackward1)


@grad_fn("AsinhBackward0")
def AsinhBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * rsqrt(x * x + 1)


AsinhBackward1 = _inplace_without_derivative("asinh")


def acosh(input):
    """arccosh.   d/dinput = 1 / sqrt(input**2 - 1)."""
    return _unary(input, np.arccosh, AcoshBackward0, save_input=True)


def _acosh_inplace(input):
    """acosh as its in-place form records it: AcoshBackward1, without a derivative."""
    return _unary(input, np.arccosh, AcoshBackward1)


@grad_fn("AcoshBackward0")
def AcoshBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    if x.is_complex():
        # 1 / sqrt(z**2 - 1) is acosh' only off the left half-plane: the principal branch's
        # derivative is 1 / (sqrt(z - 1) sqrt(z + 1))
        return grad * (rsqrt(x - 1) * rsqrt(x + 1))
    return grad * rsqrt(x * x - 1)


AcoshBackward1 = _inplace_without_derivative("acosh")


def atanh(input):
    """arctanh.   d/dinput = 1 / (1 - input**2)."""
    return _unary(input, np.arctanh, AtanhBackward0, save_input=True)


def _atanh_inplace(input):
    """atanh as its in-place form records it: AtanhBackward1, without a derivative."""
    return _unary(input, np.arctanh, AtanhBackward1)


@grad_fn("AtanhBackward0")
def AtanhBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad / (1 - x * x)


AtanhBackward1 = _inplace_without_derivative("atanh")


def tanh(input):
    """tanh.   d/dinput = 1 - out**2."""
    return _unary(input, np.tanh, TanhBackward0, save_output=True)


@grad_fn("TanhBackward0")
def TanhBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out._dtype.category == D._COMPLEX:
        return grad * (1 - out * out)
    return _tanh_backward(grad, out)


def _fused_backward(grad, out, kernel, node_cls, **attrs):
    """One op of arrays ``kernel(grad, out)`` (both real, of one dtype and device), recorded as
    ``node_cls`` (with ``attrs`` on its context) so that it can itself be differentiated; other
    inputs compute in the promoted dtype."""
    if grad._dtype is not out._dtype or (grad._device is not out._device
                                         and grad._device != out._device):
        dt = result_type_of(grad, out)
        grad, out = grad.to(dt), out.to(dt)
    result = kernel(grad._data, out._data)
    dt = grad._dtype
    if isinstance(result, _ndarray) and result.dtype is dt.np:
        result = Tensor._wrap(result, dt, grad._device)
    else:
        result = wrap(result, dt)
    # A backward without create_graph runs with grad mode off: nothing to record.
    if not _grad_state.enabled and _fw_state.level is None:
        return result
    return record(result, node_cls, (grad, out), (grad, out), **attrs)


def _one(arr):
    """A 1 of ``arr``'s dtype (a NumPy scalar: a Python 1 would be converted on every call, and
    an array made by np.ones inside an ember.compile capture would be one of its traced ones)."""
    one = _ONES.get(arr.dtype)
    if one is None:
        one = _ONES[arr.dtype] = arr.dtype.type(1)
    return one


_ONES = {}


def _tanh_backward_kernel(g, y):
    if not y.ndim:  # NumPy gives 0-d results as scalars, which cannot take out=
        return g * (1 - y * y)
    t = y * y
    np.subtract(_one(y), t, out=t)
    np.multiply(g, t, out=t)
    return t


def _tanh_backward(grad, out):
    """grad * (1 - out**2), tanh's derivative as one op (PyTorch's tanh_backward).
    d/dgrad = 1 - out**2, d/dout = -2 * grad * out."""
    return _fused_backward(grad, out, _tanh_backward_kernel, TanhBackwardBackward0)


@grad_fn("TanhBackwardBackward0")
def TanhBackwardBackward0(ctx, grad):
    upstream, out = ctx.saved_tensors
    d_upstream = _tanh_backward(grad, out) if ctx.needs_input_grad[0] else None
    d_out = grad * upstream * (-2 * out) if ctx.needs_input_grad[1] else None
    return d_upstream, d_out


def _sigmoid_array(a):
    # SciPy's expit is 1 / (1 + e^-a) in a's precision, as torch computes it: float32 gives 0
    # where e^-a overflows (a < -88.7), not a denormal, and it is one ufunc pass.
    from .special import _library
    return _library(a).expit(a)


def sigmoid(input):
    """1 / (1 + e**-input).   d/dinput = out * (1 - out)."""
    return _unary(input, _sigmoid_array, SigmoidBackward0, save_output=True)


@grad_fn("SigmoidBackward0")
def SigmoidBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    if out._dtype.category == D._COMPLEX:
        return grad * (out * (1 - out))
    return _sigmoid_backward(grad, out)


def _sigmoid_backward_kernel(g, y):
    if not y.ndim:
        return g * y * (1 - y)
    t = np.subtract(_one(y), y)
    np.multiply(t, y, out=t)
    np.multiply(g, t, out=t)
    return t


def _sigmoid_backward(grad, out):
    """grad * out * (1 - out), sigmoid's derivative as one op (PyTorch's sigmoid_backward).
    d/dgrad = out * (1 - out), d/dout = grad * (1 - 2 * out)."""
    return _fused_backward(grad, out, _sigmoid_backward_kernel, SigmoidBackwardBackward0)


@grad_fn("SigmoidBackwardBackward0")
def SigmoidBackwardBackward0(ctx, grad):
    upstream, out = ctx.saved_tensors
    d_upstream = _sigmoid_backward(grad, out) if ctx.needs_input_grad[0] else None
    d_out = grad * upstream * (1 - 2 * out) if ctx.needs_input_grad[1] else None
    return d_upstream, d_out


def relu(input):
    """max(input, 0).   d/dinput = 1 where out > 0, else 0."""
    if not isinstance(input, Tensor):
        raise not_tensor("relu", input)
    if input._dtype is D.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError("clamp is not supported for complex types")
    return _unary(input, _relu_array, ReluBackward0, save_output=True, float_result=False)


def _relu_array(a):
    """max(a, 0); a float32/float64 NumPy array meets a cached 0-d zero of its dtype (the
    value NumPy converts the Python 0 to, without the conversion per call)."""
    zero = _RELU_ZEROS.get(a.dtype) if type(a) is _ndarray else None
    return np.maximum(a, 0 if zero is None else zero)


_RELU_ZEROS = {np.dtype(t): np.zeros((), t) for t in (np.float32, np.float64)}
for _zero in _RELU_ZEROS.values():
    _zero.flags.writeable = False


@grad_fn("ReluBackward0")
def ReluBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return _relu_backward(grad, out)


def _relu_backward_kernel(g, y, out=None):
    # Selected, not multiplied: an infinite incoming gradient at a zero stays 0, not NaN; a NaN
    # output passes its gradient (PyTorch zeroes where out <= 0).
    # NumPy arrays and their subclasses (ember.compile's traced arrays record the same
    # selection, in this thread, so a compiled plan runs it too). ``out``: an array of g's
    # shape and dtype the result may be written into (a compiled plan passes g when nothing
    # reads it later); the result is returned either way.
    ints = _SAME_WIDTH_INT.get(g.dtype)
    if ints is not None and g.size >= _SELECT_MIN and isinstance(g, np.ndarray) \
            and isinstance(y, np.ndarray) and g.shape == y.shape and g.dtype == y.dtype \
            and g.flags.c_contiguous and y.flags.c_contiguous:
        return _select_positive(g, y, ints, out)
    return np.where(y <= 0, _zero(g), g)


# The integer type of each float type's width: relu's backward selects through bit masks, from
# this many elements on (below, np.where's branches cost less than the block calls).
_SELECT_MIN = 4096
_SAME_WIDTH_INT = {np.dtype(np.float32): np.dtype(np.int32),
                   np.dtype(np.float64): np.dtype(np.int64)}


def _select_positive(g, y, ints, out=None):
    """np.where(y <= 0, 0, g) on same-shape contiguous float arrays, bit for bit, as g's bits
    ANDed with a mask of all ones where not y <= 0 ((y <= 0) - 1): np.where takes a branch per
    element, which a random mask mispredicts half the time (about 6x slower). Block by block in
    the intra-op threads; into ``out`` when it is a plain C-contiguous array of g's shape and
    dtype (g or y itself too: a block reads its elements of both before writing them)."""
    if out is None or type(out) is not np.ndarray or out.shape != g.shape \
            or out.dtype != g.dtype or not out.flags.c_contiguous:
        out = np.empty_like(g)
    g_bits, out_bits, y_flat = g.reshape(-1).view(ints), out.reshape(-1).view(ints), y.reshape(-1)

    def block(lo, hi):
        mask = np.subtract(np.less_equal(y_flat[lo:hi], 0), 1, dtype=ints)
        np.bitwise_and(g_bits[lo:hi], mask, out=out_bits[lo:hi])
    flat_blocks(block, g.size, type(g) is np.ndarray and type(y) is np.ndarray)
    return out


def _zero(arr):
    """A 0 of ``arr``'s dtype (np.where then keeps that dtype), a NumPy scalar as _one's."""
    zero = _ZEROS.get(arr.dtype)
    if zero is None:
        zero = _ZEROS[arr.dtype] = arr.dtype.type(0)
    return zero


_ZEROS = {}


def _relu_backward(grad, out):
    """grad where out > 0, else 0: relu's derivative as one op (PyTorch's threshold_backward).
    d/dgrad = (out > 0), d/dout = 0."""
    return _fused_backward(grad, out, _relu_backward_kernel, ThresholdBackwardBackward0)


@grad_fn("ThresholdBackwardBackward0")
def ThresholdBackwardBackward0(ctx, grad):
    upstream, out = ctx.saved_tensors
    d_upstream = _relu_backward(grad, out) if ctx.needs_input_grad[0] else None
    d_out = grad.new_zeros(out.shape) if ctx.needs_input_grad[1] else None
    return d_upstream, d_out


def clamp(input, min=None, max=None):
    """Limit input to [min, max].   d/dinput = 1 inside the range, 0 outside."""
    return _clamp(input, min, max, "clamp")


def clip(input, min=None, max=None):
    """Alias of clamp: limit input to [min, max] (its errors name clip, as torch's)."""
    return _clamp(input, min, max, "clip")


def _clamp(input, min, max, name):
    if min is None and max is None:
        raise RuntimeError("ember.clamp: At least one of 'min' or 'max' must not be None")
    tensor_bound = isinstance(min, Tensor) or isinstance(max, Tensor)
    if tensor_bound and min is not None and max is not None:
        _check_bound_kinds(input, min, max, name)
    if input._dtype.category == D._COMPLEX:
        _check_bounds_fit(None, min, max)
        raise NotImplementedError("clamp is not supported for complex types")
    if isinstance(min, complex) or isinstance(max, complex):
        min, max = _real_bounds(input, min, max)
    if tensor_bound:
        return _clamp_tensor(input, min, max, ClampBackward0)
    return _clamp_scalar(input, min, max, ClampBackward1)


def _check_bound_kinds(input, min, max, name="clamp"):
    """torch's parser has one overload with two Tensor bounds and one with two Numbers: a
    Tensor bound beside a number bound matches neither (a 0-d tensor that does not require
    grad is read as a number). The text is the function's with positional bounds."""
    def tensor_like(b):
        return isinstance(b, Tensor) and (b.ndim or b._requires_grad)
    if tensor_like(min) != tensor_like(max) and not (isinstance(min, Tensor) and
                                                     isinstance(max, Tensor)):
        got = ", ".join("Tensor" if isinstance(a, Tensor) else _number_type(a)
                        for a in (input, min, max))
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:\n"
                        " * (Tensor input, Tensor min = None, Tensor max = None, *, "
                        "Tensor out = None)\n"
                        " * (Tensor input, Number min = None, Number max = None, *, "
                        "Tensor out = None)\n")


def _number_type(value):
    """A Python or NumPy number's type as torch's parser names it (``numpy.float64``)."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"numpy.{kind.__name__}"


def _real_bounds(input, *bounds):
    """Complex Python bounds as torch's clamp reads them: a floating input takes a complex
    number with no imaginary part as its real part; anything else is refused."""
    if input._dtype.category < D._FLOAT:
        raise NotImplementedError("clamp is not supported for complex types")
    if any(isinstance(b, complex) and b.imag for b in bounds):
        raise RuntimeError("value cannot be converted to type double without overflow")
    return tuple(b.real if isinstance(b, complex) else b for b in bounds)


def _clamp_scalar(input, min, max, node_cls):
    dt = input._dtype
    cache = _SCALAR_ARRAYS.get(dt)
    if cache is not None and type(min) is float and type(max) is float and \
            type(input._data) is _ndarray and input._data.ndim and _clip is not None:
        # Float bounds of a float32/float64 tensor of >= 1 dims (Categorical's clamp_probs; a
        # 0-d array's ufunc gives a NumPy scalar): the tensor's dtype, and each bound as
        # _binary's cached 0-d array of it (the value NumPy would convert it to), so neither
        # promotion nor conversion runs per call.
        lo = cache.get(min)
        if lo is None:
            lo = _clamp_bound(min, dt, cache)
        hi = cache.get(max)
        if hi is None:
            hi = _clamp_bound(max, dt, cache)
        out = Tensor._wrap(_clip(input._data, lo, hi), dt, input._device)
        return record(out, node_cls, (input,), (input,), min=min, max=max)
    dt = result_type_of(input, *(v for v in (min, max) if v is not None))
    if not ((min is None or 0 <= min <= 127) and (max is None or 0 <= max <= 127)):
        min, max = _fitted_bounds(dt, min, max)  # (bounds in [0, 127] fit every dtype)
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    # np.clip's own ufunc where both bounds are given (its wrapper costs twice the call).
    clipped = _clip(arr, min, max) if _clip is not None and min is not None and \
        max is not None and type(arr) is _ndarray else np.clip(arr, min, max)
    out = wrap(clipped, dt)
    return record(out, node_cls, (input,), (input,), min=min, max=max)


# torch's names for the dtypes a clamp bound can overflow, in its conversion error's text.
_BOUND_TYPE_NAMES = {"float32": "float", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
                     "int8": "int8_t", "int16": "int16_t", "int32": "int", "uint8": "uint8_t",
                     "uint16": "uint16_t", "uint32": "uint32_t"}


def _conversion_error(dt):
    name = {"float64": "double", "int64": "int64_t"}.get(dt.name) or _BOUND_TYPE_NAMES.get(
        dt.name, dt.name + "_t")
    return RuntimeError(f"value cannot be converted to type {name} without overflow")


_FLOAT_MAX = {dt: float(np.finfo(np.float32 if dt is D.bfloat16 else dt.np).max)
              for dt in (D.float16, D.float32, D.float64)}
_FLOAT_MAX[D.bfloat16] = (2 - 2 ** -7) * 2.0 ** 127  # its largest finite value, without ml_dtypes


def _kernel_scalar(value, dt, opmath=True):
    """A Python number as a kernel of dtype ``dt`` reads it, through torch's checked conversion:
    an integral dtype truncates a float toward zero (an unsigned one also takes a negative
    value down to minus its maximum, wrapped); nan, an infinity or a value past the range
    (of float32, the compute type of a half dtype when ``opmath``) is refused, and so is a
    complex with an imaginary part beside a real dtype."""
    if dt.category == D._COMPLEX or isinstance(value, bool):
        return value
    if type(value) is int and not -2 ** 63 <= value < 2 ** 64:
        raise OverflowError("int too big to convert")  # torch's argument parser's refusal
    compute = D.float32 if opmath and dt in (D.float16, D.bfloat16) else dt
    if isinstance(value, complex):
        if value.imag != 0:
            raise _conversion_error(compute)
        value = value.real
    if dt.category == D._FLOAT:
        if builtins.abs(value) > _FLOAT_MAX[compute] and math.isfinite(value):
            raise _conversion_error(compute)
        return value
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        raise _conversion_error(dt)
    number = int(value)
    info = np.iinfo(dt.np)
    low = -int(info.max) if info.min == 0 else int(info.min)
    if not low <= number <= int(info.max):
        raise _conversion_error(dt)
    return number + int(info.max) + 1 if number < 0 and info.min == 0 else number


def _fitted_bounds(dt, min, max):
    """clamp's number bounds checked against the result dtype, a negative one wrapped into an
    unsigned dtype as a C cast does."""
    _check_bounds_fit(dt, min, max)
    if not dt.is_signed and dt.category == D._INT:
        min, max = (b + int(np.iinfo(dt.np).max) + 1 if type(b) is int and b < 0 else b
                    for b in (min, max))
    return min, max


def _clamp_bound(value, dt, cache):
    """A float bound as _scalar_array gives it, checked when it is not cached (NaN, inf, a
    tiny or huge magnitude; zero needs no check)."""
    arr = _scalar_array(value, dt, cache)
    if arr is value and value:
        _check_bounds_fit(dt, value)
    return arr


def _check_bounds_fit(dt, *bounds):
    """torch's checks of clamp's number bounds: a Python int past int64 fails its argument
    parser (OverflowError), and a finite bound the result dtype ``dt`` cannot hold fails its
    conversion (RuntimeError; an unsigned type also takes a negative bound as far as its max)."""
    for b in bounds:
        if type(b) is int and not -_INT64_LIMIT <= b < _INT64_LIMIT:
            raise OverflowError("int too big to convert")
    limits = _BOUND_LIMITS.get(dt)
    if limits is None:
        limits = _BOUND_LIMITS[dt] = _bound_limits(dt)
    if not limits:
        return
    low, high, name = limits
    for b in bounds:
        if b is None or isinstance(b, (Tensor, complex)) or low <= b <= high:
            continue
        if math.isfinite(b):
            raise RuntimeError(f"value cannot be converted to type {name} without overflow")


def _bound_limits(dt):
    """(lowest, highest, torch's type name) of the bounds ``dt`` holds; () when all do."""
    name = _BOUND_TYPE_NAMES.get(dt.name if dt is not None else None)
    if name is None:
        return ()
    info = np.finfo(dt.np) if dt.category >= D._FLOAT else np.iinfo(dt.np)
    high = float(info.max) if dt.category >= D._FLOAT else int(info.max)
    low = -high if dt.category >= D._FLOAT or not dt.is_signed else int(info.min)
    return low, high, name


_BOUND_LIMITS = {}
_INT64_LIMIT = 2 ** 63


def _clamp_tensor(input, min, max, node_cls):
    """clamp with tensor bounds (a Python number bound becomes a 0-d tensor)."""
    low = _full_like_scalar(input, min) if min is not None and not isinstance(min, Tensor) \
        else min
    high = _full_like_scalar(input, max) if max is not None and not isinstance(max, Tensor) \
        else max
    bounds = [b for b in (low, high) if b is not None]
    shape = broadcast_shape(input._data.shape, *(b._data.shape for b in bounds))
    dt = result_type_of(input, *bounds)
    if dt.category == D._COMPLEX:
        # a real input with a complex bound: torch's kernel (clamp with both bounds, else
        # maximum for min and minimum for max) has no complex version
        kernel = "clamp_cpu" if len(bounds) == 2 else \
            "maximum_cpu" if low is not None else "minimum_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(dt)}'")
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    if low is not None:
        arr = np.maximum(arr, low._data.astype(dt.np, copy=False))
    if high is not None:
        arr = np.minimum(arr, high._data.astype(dt.np, copy=False))
    out = wrap(_torch_layout(np.broadcast_to(arr, shape), input, low, high), dt)
    return record(out, node_cls, (input, low, high), (input, low, high))


def _full_like_scalar(x, v):
    """The Python bound ``v`` as a 0-d tensor of x's dtype, on x's device."""
    return wrap(_backend.namespace_of(x._data).asarray(v, dtype=x._dtype.np))


def _clamp_scalar_backward(ctx, grad):
    """d/dinput = 1 where min <= input <= max (ties pass the gradient), else 0."""
    (x,) = ctx.saved_tensors
    low, high = ctx.min, ctx.max
    if type(low) in _PLAIN_BOUNDS and type(high) in _PLAIN_BOUNDS and array_path(grad, x):
        # The same comparisons and product on the arrays (a Python bound compares in x's dtype
        # there too).
        a = x._data
        mask = None if low is None else a >= low
        if high is not None:
            mask = a <= high if mask is None else mask & (a <= high)
        return wrap(grad._data * mask)
    mask = None
    if ctx.min is not None:
        mask = x >= ctx.min
    if ctx.max is not None:
        upper = x <= ctx.max
        mask = upper if mask is None else mask & upper
    return grad * mask


_PLAIN_BOUNDS = (int, float, type(None))


def _clamp_tensor_backward(ctx, grad):
    """input gets the gradient inside [min, max]; min below it, max above it (max wins when
    min > max, since the result is then max everywhere)."""
    x, low, high = ctx.saved_tensors
    inside = None
    grad_low = grad_high = None
    if low is not None:
        inside = x >= low
        below = x < low if high is None else (x < low) & (low <= high)
        grad_low = grad * below
    if high is not None:
        upper = x <= high
        inside = upper if inside is None else inside & upper
        above = x > high if low is None else (x > high) | (low > high)
        grad_high = grad * above
    return grad * inside, grad_low, grad_high


ClampBackward1 = grad_fn("ClampBackward1")(_clamp_scalar_backward)
ClampMinBackward0 = grad_fn("ClampMinBackward0")(_clamp_scalar_backward)
ClampMaxBackward0 = grad_fn("ClampMaxBackward0")(_clamp_scalar_backward)
ClampBackward0 = grad_fn("ClampBackward0")(_clamp_tensor_backward)
ClampMinBackward1 = grad_fn("ClampMinBackward1")(_clamp_tensor_backward)
ClampMaxBackward1 = grad_fn("ClampMaxBackward1")(_clamp_tensor_backward)


def clamp_min(input, min):
    """max(input, min).   d/dinput = 1 where input >= min; d/dmin = 1 where input < min."""
    if isinstance(min, Tensor):
        return _clamp_tensor(input, min, None, ClampMinBackward1)
    return _clamp_scalar(input, min, None, ClampMinBackward0)


def clamp_max(input, max):
    """min(input, max).   d/dinput = 1 where input <= max; d/dmax = 1 where input > max."""
    if isinstance(max, Tensor):
        return _clamp_tensor(input, None, max, ClampMaxBackward1)
    return _clamp_scalar(input, None, max, ClampMaxBackward0)


def minimum(input, other):
    """Elementwise min; the gradient goes to the smaller input (split evenly on ties)."""
    _tensor_operands("minimum", input, other)
    return _binary(input, other, np.minimum, MinimumBackward0, save=(input, other))


@grad_fn("MinimumBackward0")
def MinimumBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    return _select_grad(grad, x > y, x < y, x == y)


def maximum(input, other):
    """Elementwise max; the gradient goes to the larger input (split evenly on ties)."""
    _tensor_operands("maximum", input, other)
    return _binary(input, other, np.maximum, MaximumBackward0, save=(input, other))


@grad_fn("MaximumBackward0")
def MaximumBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    return _select_grad(grad, x < y, x > y, x == y)


def _select_grad(grad, x_loses, y_loses, tie):
    """Each side's gradient: half on a tie, none where it loses, else all of it (so both sides
    of a NaN, which neither wins nor ties, get the whole gradient, as in torch)."""
    half = grad * 0.5
    gx = where(tie, half, where(x_loses, 0.0, grad))
    gy = where(tie, half, where(y_loses, 0.0, grad))
    return gx, gy


def fmax(input, other):
    """Elementwise max ignoring NaN.   The gradient goes to input where input >= other or
    other is NaN, else to other (ties go to input, unlike maximum)."""
    _tensor_operands("fmax", input, other)
    return _binary(input, other, np.fmax, FmaxBackward0, save=(input, other))


def fmin(input, other):
    """Elementwise min ignoring NaN.   The gradient goes to input where input <= other or
    other is NaN, else to other."""
    _tensor_operands("fmin", input, other)
    return _binary(input, other, np.fmin, FminBackward0, save=(input, other))


@grad_fn("FmaxBackward0")
def FmaxBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    first = (x >= y) | isnan(y)
    return where(first, grad, 0.0), where(first, 0.0, grad)


@grad_fn("FminBackward0")
def FminBackward0(ctx, grad):
    x, y = ctx.saved_tensors
    first = (x <= y) | isnan(y)
    return where(first, grad, 0.0), where(first, 0.0, grad)


def where(condition, input=None, other=None):
    """input where condition else other.   d/dinput = condition, d/dother = not condition.

    With only ``condition``, the indices of its nonzero elements (as ``nonzero(as_tuple=True)``).

    Args:
        condition: a bool Tensor choosing, elementwise, between the other two.
        input: the values where ``condition`` is True (a Tensor or a number).
        other: the values where ``condition`` is False (a Tensor or a number).

    Returns:
        A Tensor of the three arguments' broadcast shape and promoted dtype.

    Example:
        >>> x = ember.tensor([-1.0, 2.0, -3.0])
        >>> ember.where(x > 0, x, 0.0)
        tensor([0., 2., 0.])
    """
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    _check_where_arguments((condition, input, other), _WHERE_SIGNATURES)
    if not isinstance(condition, Tensor):
        condition = as_tensor_arg(condition)
    if condition._dtype is not D.bool_:
        if condition._dtype is not D.uint8:
            raise RuntimeError("where expected condition to be a boolean tensor, but got a "
                               f"tensor with dtype {type_name(condition._dtype)}")
        _deprecated.warn_once("where-uint8", "where received a uint8 condition tensor. This "
                              "behavior is deprecated and will be removed in a future version "
                              "of PyTorch. Use a boolean condition instead.")
    dt = result_type_of(input, other)
    xa, xb = operands(input, other, dt)
    broadcast_shape(condition._data.shape, np.shape(xa), np.shape(xb))
    result = np.where(condition._data, xa, xb)
    result = _torch_layout(result, condition, input, other)
    out = wrap(result, dt)
    return record(out, WhereBackward0, (condition, input, other), (condition,))


_WHERE_SIGNATURES = ("Tensor condition", "Tensor condition, Tensor input, Tensor other, *, "
                     "Tensor out = None", "Tensor condition, Number self, Tensor other",
                     "Tensor condition, Tensor input, Number other",
                     "Tensor condition, Number self, Number other")
_WHERE_METHOD_SIGNATURES = ("Tensor condition, Tensor other", "Tensor condition, Number other")
_NUMBERS = (bool, int, float, complex, np.number, np.bool_)


def _check_where_arguments(args, signatures):
    """torch's TypeError for a condition that is not a tensor (a Python bool, a list, a
    function) or values that are neither tensors nor numbers (a string): where() would
    otherwise pick from them silently. (NumPy arrays pass: ember's own code hands them in.)"""
    condition, *values = args
    if not isinstance(condition, (Tensor, np.ndarray, np.generic)) or not all(
            isinstance(v, (Tensor, np.ndarray) + _NUMBERS) for v in values):
        raise invalid_combination("where", args, signatures)


@grad_fn("WhereBackward0")
def WhereBackward0(ctx, grad):
    (cond,) = ctx.saved_tensors
    gx = where(cond, grad, 0.0) if ctx.needs_input_grad[1] else None
    gy = where(cond, 0.0, grad) if ctx.needs_input_grad[2] else None
    return None, gx, gy


def lerp(input, end, weight):
    """input + weight * (end - input).   d/dinput = 1 - weight, d/dend = weight."""
    if isinstance(input, Tensor) and isinstance(end, Tensor) and end._dtype is not input._dtype:
        from ._out import _CPP  # torch's kernel names the dtypes in C++
        names = [type_name(t._dtype) for t in (input, end)]
        raise RuntimeError(f"expected dtype {_CPP.get(names[0], names[0])} for `end` but got "
                           f"dtype {_CPP.get(names[1], names[1])}")
    if isinstance(weight, Tensor):
        require_float(input, "lerp_kernel_tensor")
        out = _binary(input, end, lambda a, b: _lerp_kernel(a, b, weight._data), None)
        return record(out, LerpBackward1, (input, end, weight), (input, end, weight))
    require_float(input, "lerp_kernel_scalar")
    out = _binary(input, end, lambda a, b: _lerp_kernel(a, b, weight), None)
    return record(out, LerpBackward0, (input, end), weight=weight)


def _lerp_kernel(a, b, weight):
    """torch's lerp: a + w * (b - a) while |w| < 0.5, else b - (1 - w) * (b - a), each a fused
    multiply-add over the rounded difference (the far end's form keeps w = 1 exact). For
    float32 and the halves (whose difference and fused step are in float32) the step runs in
    float64, where the product is exact, and rounds once to float32, as the fused step does:
    torch's bits (lerp_ keeps Adam's first moment). float64 and complex take the same two
    forms unfused (NumPy has no fma)."""
    dtype = np.result_type(a, b)
    if dtype.kind in "fV" and dtype.itemsize <= 4 and type(weight) in (float, int):
        # one number: only its form, as two passes over float64 (the product, then the sum)
        w = np.float32(weight)
        near = builtins.abs(w) < 0.5
        diff = b.astype(np.float32, copy=False) - a.astype(np.float32, copy=False)
        wide = np.multiply(diff, float(w) if near else -float(np.float32(1) - w),
                           dtype=np.float64)
        wide += a if near else b
        return wide.astype(np.float32).astype(dtype, copy=False)
    if dtype.kind in "fV" and dtype.itemsize <= 4:
        diff = (b.astype(np.float32) - a.astype(np.float32)).astype(np.float64)
        w = weight.astype(np.float32) if hasattr(weight, "astype") else np.float32(weight)
        rest = (np.float32(1) - w).astype(np.float64)  # 1 - w rounded in float32
        near = (a.astype(np.float64) + w.astype(np.float64) * diff).astype(np.float32)
        far = (b.astype(np.float64) - rest * diff).astype(np.float32)
        return np.where(np.abs(w) < 0.5, near, far).astype(dtype)
    diff = b - a
    if isinstance(weight, (int, float, np.floating)):  # a number: its one form
        if builtins.abs(weight) < 0.5:
            diff *= weight
            diff += a
            return diff
        diff *= 1 - weight
        return b - diff
    return np.where(np.abs(weight) < 0.5, a + weight * diff, b - (1 - weight) * diff)


@grad_fn("LerpBackward0")
def LerpBackward0(ctx, grad):
    return grad * (1 - ctx.weight), grad * ctx.weight


@grad_fn("LerpBackward1")
def LerpBackward1(ctx, grad):
    x, end, w = ctx.saved_tensors
    return grad * (1 - w), grad * w, grad * (end - x)


def _not_for_bool(input, kernel):
    if not isinstance(input, Tensor):
        raise not_tensor(kernel.split("_")[0], input)
    if input._dtype is D.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _rounding(np_fn, node_cls, kernel):
    def op(input):
        _not_for_bool(input, kernel)
        if input._dtype.category == D._COMPLEX:
            raise NotImplementedError(f"{np_fn.__name__} is not supported for complex inputs")
        if input._dtype.category < D._FLOAT:
            return input.clone()
        return _unary(input, np_fn, node_cls, float_result=False)
    return op


@grad_fn("FloorBackward0")
def FloorBackward0(ctx, grad):
    return grad * 0


@grad_fn("CeilBackward0")
def CeilBackward0(ctx, grad):
    return grad * 0


@grad_fn("TruncBackward0")
def TruncBackward0(ctx, grad):
    return grad * 0


@grad_fn("RoundBackward0")
def RoundBackward0(ctx, grad):
    return grad * 0


@grad_fn("RoundBackward1")
def RoundBackward1(ctx, grad):
    return grad * 0


floor = _rounding(np.floor, FloorBackward0, "floor_vml_cpu")
floor.__doc__ = "Round down.   Zero gradient."
ceil = _rounding(np.ceil, CeilBackward0, "ceil_vml_cpu")
ceil.__doc__ = "Round up.   Zero gradient."
trunc = _rounding(np.trunc, TruncBackward0, "trunc_vml_cpu")
trunc.__doc__ = "Round toward zero.   Zero gradient."
fix = trunc


def round(input, *, decimals=None):
    """Round half to even (as PyTorch).   Zero gradient."""
    if decimals is not None and (not isinstance(decimals, (int, np.integer)) or
                                 isinstance(decimals, bool)):
        raise TypeError("round() received an invalid combination of arguments - got (Tensor, "
                        f"decimals={type(decimals).__name__}), but expected one of:\n"
                        " * (Tensor input, *, Tensor out = None)\n"
                        " * (Tensor input, *, int decimals, Tensor out = None)\n")
    if decimals is not None:  # PyTorch's decimals overload, recorded as RoundBackward1
        if isinstance(input, Tensor) and input._dtype.category != D._FLOAT:
            from ._registry import type_name
            raise NotImplementedError(f"\"round_cpu\" not implemented for "
                                      f"'{type_name(input._dtype)}'")
        return _unary(input, lambda a: np.round(a, decimals), RoundBackward1,
                      float_result=False)
    if isinstance(input, Tensor) and input._dtype.category == D._COMPLEX:
        from ._registry import type_name
        raise NotImplementedError(f"\"round_vml_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    return _rounding(np.round, RoundBackward0, "round_vml_cpu")(input)


def frac(input):
    """input - trunc(input).   d/dinput = 1."""
    if not isinstance(input, Tensor):
        raise not_tensor("frac", input)
    if input._dtype.category < D._FLOAT:
        from ._registry import type_name
        raise NotImplementedError(f"\"frac_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    return _unary(input, lambda a: a - np.trunc(a), FracBackward0, float_result=False)


@grad_fn("FracBackward0")
def FracBackward0(ctx, grad):
    return grad


@on_sparse_values(("coo",), compressed_aten="nan_to_num.out")
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """Replace nan/inf by finite numbers.   d/dinput = 1 where input was finite, else 0."""
    if isinstance(input, Tensor) and input._dtype.category == D._FLOAT and (
            posinf is None or neginf is None):
        # the dtype's own largest value
        big = float(D.finfo(input._dtype).max)
        posinf = big if posinf is None else posinf
        neginf = -big if neginf is None else neginf

    def replace(a):
        if a.dtype.kind == "V":  # bfloat16 is no NumPy float: nan_to_num passed it through
            return np.nan_to_num(a.astype(np.float32), nan=nan, posinf=posinf,
                                 neginf=neginf).astype(a.dtype)
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)
    out = _unary(input, replace, NanToNumBackward0, save_input=True, float_result=False)
    # torch writes into empty_like(input): a preserve_format layout (np.array's K-order copy
    # makes a broadcast dim the fastest)
    data = input._data
    out._data = MF.with_strides(out._data, MF.preserved_strides(data.shape,
                                                                MF.element_strides(data)))
    return out


@grad_fn("NanToNumBackward0")
def NanToNumBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * isfinite(x)


def _addc(input, tensor1, tensor2, value, combine, node_cls):
    """input + combine(tensor1 * value, tensor2) on arrays, in PyTorch's CPU order of rounding."""
    dt = result_type_of(input, tensor1, tensor2)
    if dt is D.bool_:
        raise NotImplementedError("\"addcmul_cpu_out\" not implemented for 'Bool'")
    value = _kernel_scalar(value, dt)
    arrays = [t._data if t._data.dtype == dt.np else t._data.astype(dt.np)
              for t in (input, tensor1, tensor2)]
    with _quiet(all="ignore"):
        try:
            if dt in _HALVES or dt is D.float32:
                result = _addc_float32(arrays, value, combine).astype(dt.np, copy=False)
            else:
                result = arrays[0] + combine(arrays[1] * value, arrays[2])
        except ValueError:
            shape = arrays[0].shape
            # the first pair that clashes, the shapes gathered in torch's order: input,
            # tensor1, tensor2
            for other in (arrays[1].shape, arrays[2].shape):
                if not _broadcastable(shape, other):
                    raise _broadcast_error(shape, other,
                                           builtins.max(a.ndim for a in arrays)) from None
                shape = np.broadcast_shapes(shape, other)
            raise
    out = wrap(_torch_layout(result, input, tensor1, tensor2), dt)
    return record(out, node_cls, (input, tensor1, tensor2), (tensor1, tensor2), value=value)


def _addc_float32(arrays, value, combine):
    """addcmul/addcdiv of float32 or half arrays as torch's CPU kernel rounds them, in float32
    (torch's bits: addcmul_ keeps Adam's second moment):
    value * tensor1 first, then addcmul's product and sum as one fused multiply-add (run in
    float64, where the product is exact, and rounded once to float32) and addcdiv's quotient
    and sum as two steps."""
    input, tensor1, tensor2 = (a.astype(np.float32, copy=False) for a in arrays)
    scaled = tensor1 * np.float32(value)
    if combine is np.multiply:
        wide = np.multiply(scaled, tensor2, dtype=np.float64)  # exact: the product, one sum
        # (0-d operands give a NumPy scalar, which cannot be an out=)
        wide = np.add(wide, input, out=wide if type(wide) is np.ndarray and
                      wide.shape == input.shape else None)
        return wide.astype(np.float32)
    return input + combine(scaled, tensor2)


def _number_value(name, value):
    """addcmul's and addcdiv's ``value``, a Number to torch's parser: a 0-d tensor that needs no
    grad is read as its number; any other tensor is refused."""
    if isinstance(value, Tensor):
        if value._data.ndim or value.requires_grad:
            raise TypeError(f"{name}(): argument 'value' must be Number, not Tensor")
        return value.item()
    return value


def addcmul(input, tensor1, tensor2, *deprecated, value=1):
    """input + value * tensor1 * tensor2.
    d/dinput = 1, d/dtensor1 = value * tensor2, d/dtensor2 = value * tensor1."""
    if deprecated:  # addcmul(input, value, tensor1, tensor2): PyTorch's deprecated order
        value, (tensor1, tensor2) = _deprecated.scalar_first("addcmul", tensor1, (tensor2,),
                                                             deprecated)
    value = _number_value("addcmul", value)
    return _addc(input, tensor1, tensor2, value, np.multiply, AddcmulBackward0)


@grad_fn("AddcmulBackward0")
def AddcmulBackward0(ctx, grad):
    t1, t2 = ctx.saved_tensors
    scaled = grad * ctx.value
    return (grad, scaled * t2 if ctx.needs_input_grad[1] else None,
            scaled * t1 if ctx.needs_input_grad[2] else None)


def addcdiv(input, tensor1, tensor2, *deprecated, value=1):
    """input + value * tensor1 / tensor2.
    d/dinput = 1, d/dtensor1 = value / tensor2, d/dtensor2 = -value * tensor1 / tensor2**2."""
    if deprecated:  # addcdiv(input, value, tensor1, tensor2): PyTorch's deprecated order
        value, (tensor1, tensor2) = _deprecated.scalar_first("addcdiv", tensor1, (tensor2,),
                                                             deprecated)
    value = _number_value("addcdiv", value)
    if isinstance(tensor1, Tensor) and isinstance(tensor2, Tensor) and \
            tensor1._dtype.category < D._FLOAT and tensor2._dtype.category < D._FLOAT:
        raise RuntimeError(_ADDCDIV_INTEGERS)
    return _addc(input, tensor1, tensor2, value, np.true_divide, AddcdivBackward0)


_ADDCDIV_INTEGERS = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be "
    "implemented as (input + value * ember.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes.")


@grad_fn("AddcdivBackward0")
def AddcdivBackward0(ctx, grad):
    t1, t2 = ctx.saved_tensors
    scaled = grad * ctx.value
    return (grad, scaled / t2 if ctx.needs_input_grad[1] else None,
            -scaled * t1 / (t2 * t2) if ctx.needs_input_grad[2] else None)


# --- comparisons, logic and tests (no gradient) ------------------------------------------------

def _compare(np_fn, kernel=None):
    """A comparison operator (``t < x``); ``kernel`` names the ordering ones, which complex
    numbers lack. Another operand than a tensor or a number answers NotImplemented, so Python
    decides (``t == "a"`` is False, ``t < "a"`` its TypeError), as torch's operators do."""
    def op(input, other):
        if not isinstance(other, _COMPARABLE):
            if np_fn is np.equal and type(other) is _ndarray:
                other = Tensor._make(other)  # t == array compares elementwise, as in torch
            else:
                return NotImplemented
        dt = result_type_of(input, other)
        if kernel is not None and dt.category == D._COMPLEX:
            raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{type_name(dt)}'")
        xa, xb = operands(input, other, dt)
        try:
            result = np_fn(xa, xb)
        except ValueError:
            raise _broadcast_error(np.shape(xa), np.shape(xb)) from None
        return wrap(_torch_layout(result, input, other))
    return op


_COMPARABLE = _OPERANDS
_COMPARE_SIGNATURES = ("Tensor input, Tensor other, *, Tensor out = None",
                       "Tensor input, Number other, *, Tensor out = None")


def _named_compare(operator, name):
    """The named comparison (``t.lt(x)``, ``ember.lt(t, x)``): unlike its operator, which
    answers NotImplemented so that Python decides (``t == None`` is False), it refuses any
    ``other`` that is neither a tensor nor a number, as torch's parser does."""
    def op(input, other):
        if not isinstance(other, _COMPARABLE):
            raise invalid_combination(op.__name__, (input, other), _COMPARE_SIGNATURES)
        return operator(input, other)
    op.__name__ = op.__qualname__ = name  # what __torch_function__ overrides see (x.lt)
    return op


_eq_operator = _compare(np.equal)
_ne_operator = _compare(np.not_equal)
_lt_operator = _compare(np.less, "lt")
_le_operator = _compare(np.less_equal, "le")
_gt_operator = _compare(np.greater, "gt")
_ge_operator = _compare(np.greater_equal, "ge")
eq = _named_compare(_eq_operator, "eq")
ne = _named_compare(_ne_operator, "ne")
lt = _named_compare(_lt_operator, "lt")
le = _named_compare(_le_operator, "le")
gt = _named_compare(_gt_operator, "gt")
ge = _named_compare(_ge_operator, "ge")
for _name, _op in (("eq", _eq_operator), ("ne", _ne_operator), ("lt", _lt_operator),
                   ("le", _le_operator), ("gt", _gt_operator), ("ge", _ge_operator)):
    _op.__name__ = _op.__qualname__ = _name
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def equal(input, other):
    """True if both tensors have the same shape and elements."""
    if not isinstance(input, Tensor):
        raise not_tensor("equal", input)
    if not isinstance(other, Tensor):
        raise not_tensor("equal", other, "other", 2)
    no_meta_kernel("equal", input, other)
    if input._dtype is D.complex32:
        raise complex_half_error("equal_notnan_cpu")
    check_same_device(input, other)
    return input.shape == other.shape and bool(np.array_equal(input._data, other._data))


def _logical(np_fn, checked=True):
    """The logical op ``np_fn`` on two operands; ``checked``: both must be Tensors, as torch's
    logical_and/or/xor require (the &, | and ^ operators also take Python bools)."""
    def op(input, other):
        if checked:
            _tensor_operands(np_fn.__name__, input, other)
            check_same_device(input, other)
        xa = input._data if isinstance(input, Tensor) else input
        xb = other._data if isinstance(other, Tensor) else other
        try:
            result = np_fn(xa, xb)
        except ValueError:
            raise _broadcast_error(np.shape(xa), np.shape(xb)) from None
        return wrap(_torch_layout(result, input, other))
    return op


logical_and = _logical(np.logical_and)
logical_or = _logical(np.logical_or)
logical_xor = _logical(np.logical_xor)
_logical_and = _logical(np.logical_and, checked=False)
_logical_or = _logical(np.logical_or, checked=False)
_logical_xor = _logical(np.logical_xor, checked=False)


def logical_not(input):
    if not isinstance(input, Tensor):
        raise not_tensor("logical_not", input)
    return wrap(np.logical_not(input._data))


def _iterator_checks(input, other):
    """PyTorch's checks of two tensor operands before it looks at their dtype: their shapes
    broadcast, and they sit on one device (a 0-d CPU tensor goes anywhere)."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        return
    broadcast_shape(input._data.shape, other._data.shape)
    if input._device != other._device and other._data.ndim and input._data.ndim:
        raise RuntimeError(f"Tensor on device {other.device} is not on the expected device "
                           f"{input.device}!")


def _bitwise(np_fn, symbol):
    def op(input, other):
        dt = result_type_of(input, other)
        if dt.category >= D._FLOAT:
            _iterator_checks(input, other)  # PyTorch checks shapes and devices before dtypes
            raise NotImplementedError(f"\"{symbol}_cpu\" not implemented for '{type_name(dt)}'")
        xa, xb = operands(input, other, dt)
        try:
            result = np_fn(xa, xb)
        except ValueError:
            raise _broadcast_error(np.shape(xa), np.shape(xb)) from None
        return wrap(_torch_layout(result, input, other), dt)
    return op


def type_name(dt):
    from ._registry import type_name as tn
    return tn(dt)


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(input):
    if not isinstance(input, Tensor):
        raise not_tensor("bitwise_not", input)
    if input._dtype.category >= D._FLOAT:
        if input._device.type == "meta":  # a meta kernel checks no dtype: the shape is all
            return wrap(np.empty_like(input._data))
        raise NotImplementedError(f"\"bitwise_not_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    return wrap(np.invert(input._data))


@on_sparse_values()
def isnan(input):
    if not isinstance(input, Tensor):
        raise not_tensor("isnan", input)
    return wrap(np.isnan(computable(input)))


@on_sparse_values()
def isinf(input):
    if not isinstance(input, Tensor):
        raise not_tensor("isinf", input)
    return wrap(np.isinf(computable(input)))


@on_sparse_values()
def isposinf(input):
    if input._dtype.category == D._COMPLEX:
        raise RuntimeError("isposinf does not support complex inputs.")
    return wrap(np.isposinf(input._data))


@on_sparse_values()
def isneginf(input):
    if input._dtype.category == D._COMPLEX:
        raise RuntimeError("isneginf does not support complex inputs.")
    return wrap(np.isneginf(input._data))


@on_sparse_values((), "ne.Scalar")
def isfinite(input):
    if not isinstance(input, Tensor):
        raise not_tensor("isfinite", input)
    return wrap(np.isfinite(computable(input)))


def _close_operands(name, input, other, rtol, atol):
    """torch's checks of isclose/allclose: two tensors of one dtype on one device (it compares
    them as they are rather than promoting), and tolerances that are not negative."""
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)
    if not isinstance(other, Tensor):
        raise not_tensor(name, other, "other", 2)
    if other._device != input._device:
        raise RuntimeError(f"Tensor on device {other.device} is not on the expected device "
                           f"{input.device}!")
    if other._dtype is not input._dtype:
        raise RuntimeError(f"{type_name(input._dtype)} did not match {type_name(other._dtype)}")
    for tolerance, value in (("rtol", rtol), ("atol", atol)):
        if not value >= 0:  # a NaN tolerance too
            raise RuntimeError(f"{tolerance} must be greater than or equal to zero, but got "
                               f"{value:g}")
    broadcast_shape(input._data.shape, other._data.shape)


def _close_with_infinite_tolerance(x, y, rtol, atol, equal_nan):
    """torch's closeness where a tolerance is infinite: equal, or a finite difference within
    atol + |rtol y| (NumPy warns and calls inf close to a finite number; torch does neither)."""
    if x.dtype.kind in "iub":
        x, y = x.astype(np.float64), y.astype(np.float64)
    with np.errstate(all="ignore"):
        close = x == y
        if equal_nan:
            close = close | (np.isnan(x) & np.isnan(y))
        error = np.abs(x - y)
        return close | (np.isfinite(error) & (error <= atol + np.abs(rtol * y)))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    _close_operands("isclose", input, other, rtol, atol)
    if math.isinf(rtol) or math.isinf(atol):
        return wrap(_close_with_infinite_tolerance(computable(input), computable(other), rtol,
                                                   atol, equal_nan))
    return wrap(np.isclose(computable(input), computable(other), rtol=rtol, atol=atol,
                           equal_nan=equal_nan))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    _close_operands("allclose", input, other, rtol, atol)
    if math.isinf(rtol) or math.isinf(atol):
        return bool(isclose(input, other, rtol, atol, equal_nan).all())
    return bool(np.allclose(computable(input), computable(other), rtol=rtol, atol=atol,
                            equal_nan=equal_nan))


# --- in-place forms ---------------------------------------------------------------------------

# ufuncs for in-place updates done straight into the target's memory when no graph is
# recorded (optimizer steps, initialisation): no temporary result, no second copy.
_DIRECT_UFUNCS = {"add": np.add, "sub": np.subtract, "mul": np.multiply}


def _direct_inplace(name, self, other, alpha):
    """Try ``self op= other`` with NumPy's out=; return False where the general path is needed."""
    if needs_grad(self, other) or _forward_ad._state.level is not None or \
            self._view_fn is not None and self._base._requires_grad:
        return False
    if isinstance(other, Tensor):
        if type(other) is not Tensor and other.is_sparse:
            # dense += sparse (an SGD step on a sparse embedding gradient): only the entries.
            from ..sparse._coo import add_sparse_into_dense_
            return name != "mul" and add_sparse_into_dense_(self, other,
                                                            alpha if name == "add" else -alpha)
        if other._device != self._device or other._data.ndim > self._data.ndim:
            return False
        dt = result_type_of(self, other)
        arr = other._data
    elif type(other) in (int, float):
        if name == "mul" and self._dtype in _HALVES:
            return False  # the number stays float32 (see _half_by_number)
        dt = result_type_of(self, other)
        arr = other
    else:
        return False
    # CuPy's flags have no "writeable" (its arrays always are): an expanded view there is
    # found by its strides; NumPy's expanded views are not writeable
    if dt is not self._dtype or self._dtype.category != D._FLOAT or (
            not self._data.flags.writeable if type(self._data) is _ndarray
            else _repeats_elements(self._data)):
        return False
    if type(alpha) not in (int, float):
        return False  # a bool or complex alpha: the general path's refusal (_check_alpha)
    if type(alpha) is float and not builtins.abs(alpha) <= _FLOAT_MAX[dt]:
        return False  # one the dtype cannot hold: the general path's refusal (_read_alpha)
    if alpha != 1:
        if type(other) is Tensor and name != "mul" and dt in _HALVES:
            return False  # one rounding: the general path's add/sub (see _fused_add)
        arr = arr * alpha
    check_inplace(self)
    if type(other) is Tensor and other._vc is self._vc:
        check_no_partial_overlap(self, other)
    try:
        _DIRECT_UFUNCS[name](self._data, arr, out=self._data)
    except (ValueError, TypeError):  # TypeError: complex32, which NumPy cannot add
        return False
    self._vc[0] += 1
    if _CONJ_LIVE:
        _conj_written(self)
    return True


def _inplace_binary(op):
    def method(self, *args, **kwargs):
        name = op.__name__
        if name in _DIRECT_UFUNCS and len(args) == 1 and set(kwargs) <= {"alpha"} and \
                _direct_inplace(name, self, args[0], kwargs.get("alpha", 1)):
            return self
        return inplace(self, lambda s, *o: op(s, *o, **kwargs), *args)
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method


def _inplace_unary(op):
    def method(self, *args, **kwargs):
        if args or kwargs:  # clamp_'s bounds may be tensors
            if self._dtype.category < D._FLOAT:
                _check_clamp_inplace_bounds(self, args, kwargs)
            check_no_partial_overlap(self, *args, *kwargs.values())
        return inplace(self, lambda s: op(s, *args, **kwargs))
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method


# The C++ names torch's in-place clamp gives an integral self that a float number bound cannot
# be written into.
_CPP_TYPE_NAMES = {"int64": "long int", "int32": "int", "int16": "short int",
                   "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _check_clamp_inplace_bounds(self, args, kwargs):
    """An integral tensor's in-place clamp with a Python float bound: torch refuses the cast
    before it converts the bound (and names the type as C++ does)."""
    bounds = [b for b in (*args, *kwargs.values()) if b is not None and not isinstance(b, Tensor)]
    if any(type(b) is float for b in bounds):
        _check_bounds_fit(None, *bounds)
        res = D.get_default_dtype()
        raise RuntimeError(f"result type {type_name(res)} can't be cast to the desired output "
                           f"type {_CPP_TYPE_NAMES.get(self._dtype.name, self._dtype.name)}")


_BINARY_INPLACE = {"add": add, "sub": sub, "mul": mul, "div": div, "pow": pow,
                   "remainder": remainder, "fmod": fmod, "floor_divide": floor_divide,
                   "atan2": atan2, "minimum": minimum, "maximum": maximum, "lerp": lerp,
                   "bitwise_and": bitwise_and, "bitwise_or": bitwise_or,
                   "bitwise_xor": bitwise_xor, "logical_and": logical_and,
                   "logical_or": logical_or, "logical_xor": logical_xor,
                   "eq": eq, "ne": ne, "lt": lt, "le": le, "gt": gt, "ge": ge}
_UNARY_INPLACE = {"neg": neg, "abs": abs, "sign": sign, "reciprocal": reciprocal,
                  "square": square, "sqrt": sqrt, "rsqrt": rsqrt, "exp": exp, "exp2": exp2,
                  "expm1": expm1, "log": log, "log2": log2, "log10": log10, "log1p": log1p,
                  "sin": sin, "cos": cos, "tan": tan, "asin": asin, "acos": acos, "atan": atan,
                  "sinh": sinh, "cosh": cosh, "asinh": _asinh_inplace, "acosh": _acosh_inplace,
                  "atanh": _atanh_inplace, "sgn": sgn,
                  "tanh": tanh, "sigmoid": sigmoid, "relu": relu, "clamp": clamp, "clip": clip,
                  "clamp_min": clamp_min, "clamp_max": clamp_max, "floor": floor, "ceil": ceil,
                  "trunc": trunc, "round": round, "frac": frac, "nan_to_num": nan_to_num,
                  "logical_not": logical_not, "bitwise_not": bitwise_not}


def _addc_(self, tensor1, tensor2, deprecated, value, op):
    """``self += value * tensor1 (* or /) tensor2``, also in the deprecated scalar-first order."""
    if deprecated:
        value, (tensor1, tensor2) = _deprecated.scalar_first(op, tensor1, (tensor2,), deprecated)
    # One fused op recorded in self's place, so its grad_fn is AddcmulBackward0/AddcdivBackward0.
    fused = addcmul if op == "addcmul" else addcdiv
    return inplace(self, lambda s, t1, t2: fused(s, t1, t2, value=value), tensor1, tensor2)


def _reflected(op):
    def method(self, other):
        return op(other, self)
    return method


def _rpow(self, other):
    return pow(other, self)


def _rtruediv(self, other):
    # torch defines scalar / tensor as tensor.reciprocal() * scalar; the rounding follows it.
    return self.reciprocal() * other if not isinstance(other, Tensor) else div(other, self)


def _floordiv(self, other):
    return floor_divide(self, other)


def _rfloordiv(self, other):
    # the number enters at the result's precision (see _scalar_operand)
    return floor_divide(other, self)


def _rmod(self, other):
    return remainder(other, self)


def _invert(self):
    if self._dtype.category >= D._FLOAT:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    if self._dtype is D.bool_:
        return logical_not(self)
    return bitwise_not(self)


def _and(self, other):
    if self._dtype is D.bool_ and (isinstance(other, bool) or
                                   isinstance(other, Tensor) and other._dtype is D.bool_):
        return _logical_and(self, other)
    return bitwise_and(self, other)


def _or(self, other):
    if self._dtype is D.bool_ and (isinstance(other, bool) or
                                   isinstance(other, Tensor) and other._dtype is D.bool_):
        return _logical_or(self, other)
    return bitwise_or(self, other)


def _xor(self, other):
    if self._dtype is D.bool_ and (isinstance(other, bool) or
                                   isinstance(other, Tensor) and other._dtype is D.bool_):
        return _logical_xor(self, other)
    return bitwise_xor(self, other)


def _iop(name):
    def method(self, other):
        return getattr(self, name + "_")(other)
    return method


def _imatmul(self, other):
    from .linalg import matmul
    return inplace(self, lambda s, o: matmul(s, o), other)


FUNCTIONS = {
    "add": add, "sub": sub, "subtract": sub, "rsub": rsub, "mul": mul, "multiply": mul,
    "div": div, "divide": div, "true_divide": div, "floor_divide": floor_divide,
    "remainder": remainder, "fmod": fmod, "pow": pow, "float_power": None,
    "neg": neg, "negative": neg, "abs": abs, "absolute": abs, "sign": sign, "sgn": sgn,
    "reciprocal": reciprocal, "square": square, "sqrt": sqrt, "rsqrt": rsqrt, "exp": exp,
    "exp2": exp2, "expm1": expm1, "log": log, "log2": log2, "log10": log10, "log1p": log1p,
    "sin": sin, "cos": cos, "tan": tan, "asin": asin, "arcsin": asin, "acos": acos,
    "arccos": acos, "atan": atan, "arctan": atan, "atan2": atan2, "arctan2": atan2,
    "sinh": sinh, "cosh": cosh, "asinh": asinh, "arcsinh": asinh, "acosh": acosh,
    "arccosh": acosh, "atanh": atanh, "arctanh": atanh, "tanh": tanh, "sigmoid": sigmoid,
    "relu": relu, "clamp": clamp, "clip": clip, "clamp_min": clamp_min,
    "clamp_max": clamp_max, "minimum": minimum, "maximum": maximum, "fmax": fmax, "fmin": fmin,
    "where": where, "lerp": lerp, "floor": floor, "ceil": ceil, "round": round, "trunc": trunc,
    "fix": fix, "frac": frac, "nan_to_num": nan_to_num, "eq": eq, "ne": ne, "lt": lt, "le": le,
    "gt": gt, "ge": ge, "greater": gt, "greater_equal": ge, "less": lt, "less_equal": le,
    "not_equal": ne, "equal": equal, "logical_and": logical_and, "logical_or": logical_or,
    "logical_xor": logical_xor, "logical_not": logical_not, "bitwise_and": bitwise_and,
    "bitwise_or": bitwise_or, "bitwise_xor": bitwise_xor, "bitwise_not": bitwise_not,
    "isnan": isnan, "isinf": isinf, "isposinf": isposinf, "isneginf": isneginf,
    "isfinite": isfinite, "isclose": isclose, "allclose": allclose,
}
del FUNCTIONS["float_power"]

FUNCTIONS.update({"addcmul": addcmul, "addcdiv": addcdiv})
METHODS = dict(FUNCTIONS)


def _where_method(self, condition=None, other=None):
    """``self`` where ``condition`` is True, else ``other``: ``where(condition, self, other)``
    (the method takes the condition first).

    Args:
        condition: a bool Tensor choosing, elementwise, between ``self`` and ``other``.
        other: the values where ``condition`` is False (a Tensor or a number).

    Returns:
        A Tensor of the three arguments' broadcast shape and promoted dtype.

    Example:
        >>> x = ember.tensor([1.0, -2.0, 3.0])
        >>> x.where(x > 0, 0.0)
        tensor([1., 0., 3.])
    """
    if condition is None or other is None:
        got = ", ".join(type(a).__name__ for a in (condition, other) if a is not None)
        raise TypeError(f"where() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:\n * (Tensor condition, Tensor other)\n"
                        " * (Tensor condition, Number other)\n")
    _check_where_arguments((condition, other), _WHERE_METHOD_SIGNATURES)
    return where(condition, self, other)


METHODS["where"] = _where_method
METHODS.update({
    "addcmul_": lambda self, t1, t2, *old, value=1: _addc_(self, t1, t2, old, value, "addcmul"),
    "addcdiv_": lambda self, t1, t2, *old, value=1: _addc_(self, t1, t2, old, value, "addcdiv"),
})
METHODS.update({name + "_": _inplace_binary(fn) for name, fn in _BINARY_INPLACE.items()})
METHODS.update({name + "_": _inplace_unary(fn) for name, fn in _UNARY_INPLACE.items()})
METHODS.update({
    "__add__": add, "__radd__": add, "__sub__": sub, "__rsub__": _reflected(sub),
    "__mul__": mul, "__rmul__": mul, "__truediv__": div, "__rtruediv__": _rtruediv,
    "__div__": div, "__floordiv__": _floordiv, "__rfloordiv__": _rfloordiv,
    "__mod__": remainder, "__rmod__": _rmod, "__pow__": pow, "__rpow__": _rpow,
    "__neg__": neg, "__pos__": lambda self: self, "__abs__": abs, "__invert__": _invert,
    "__eq__": _eq_operator, "__ne__": _ne_operator, "__lt__": _lt_operator,
    "__le__": _le_operator, "__gt__": _gt_operator, "__ge__": _ge_operator,
    "__and__": _and, "__rand__": _and, "__or__": _or, "__ror__": _or, "__xor__": _xor,
    "__rxor__": _xor, "__iadd__": _iop("add"), "__isub__": _iop("sub"),
    "__imul__": _iop("mul"), "__itruediv__": _iop("div"), "__ifloordiv__": _iop("floor_divide"),
    "__imod__": _iop("remainder"), "__ipow__": _iop("pow"), "__iand__": _iop("bitwise_and"),
    "__ior__": _iop("bitwise_or"), "__ixor__": _iop("bitwise_xor"),
})


# The order torch's ops hand their saved values to saved-tensor hooks, where it is not the
# order the rules above read them in: the second operand first (as its derivative formulas
# name it first), the result last.
for _node, _order in ((MulBackward0, (1, 0)), (DivBackward0, (1, 0)), (Atan2Backward0, (1, 0)),
                      (MaximumBackward0, (1, 0)), (MinimumBackward0, (1, 0)),
                      (FmodBackward1, (1, 0)), (RemainderBackward1, (1, 0)),
                      (PowBackward1, (1, 0, 2)), (LerpBackward1, (1, 0, 2))):
    _node._pack_order = _order
del _node, _order
