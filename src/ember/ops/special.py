"""Special functions: error functions, gamma family, Bessel functions, orthogonal polynomials.

The values come from SciPy's ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays),
imported on first use so that ``import ember`` does not load SciPy. Narrow float dtypes
(float16, bfloat16) and integer inputs are computed in float32 and cast back to the result
dtype, as PyTorch's kernels do. Each op's derivative, written with ember ops, sits beside it;
ops that PyTorch does not differentiate (the Bessel functions and orthogonal polynomials)
record no graph at all, and those whose derivative it lacks for one argument raise its
``NotImplementedError`` when that gradient is asked for.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._tensor import Tensor
from . import elementwise as E
from ._kernels import parallel_map
from ._out import _CAST, OUT_OPS
from ._registry import grad_fn, inplace, operands, record, result_type_of, type_name, wrap

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_SQRT_HALF = math.sqrt(0.5)


def _library(arr):
    """The special-function module for an array: SciPy's for NumPy, CuPy's for CuPy arrays."""
    return _backend.special(_backend.namespace_of(arr))


def _compute_array(arr, dt):
    """``arr`` in the dtype the library computes ``dt`` in: float64 as is, the rest in float32."""
    return arr.astype(np.float64 if dt is D.float64 else np.float32, copy=False)


def _check_tensor(input, name, kernel, argument="input"):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument '{argument}' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{type_name(input._dtype)}'")


# torch's CPU kernels of these have no float16/bfloat16 version (the orthogonal polynomials'
# "<name>_cpu" kernels neither): their NotImplementedError, where ember would compute in float32.
_NO_LOW_PRECISION = {
    "erfcx_cpu", "ndtri_cpu", "log_ndtr_cpu", "bessel_j0_cpu", "bessel_j1_cpu", "bessel_y0_cpu",
    "bessel_y1_cpu", "modified_bessel_i0_cpu", "modified_bessel_i1_cpu", "modified_bessel_k0_cpu",
    "modified_bessel_k1_cpu", "scaled_modified_bessel_k0_cpu", "scaled_modified_bessel_k1_cpu",
    "spherical_bessel_j0_cpu", "airy_ai_cpu", "zeta_cpu"}


def _check_precision(dt, kernel, polynomial=False):
    """The NotImplementedError of a kernel torch has no float16/bfloat16 version of."""
    if dt.itemsize == 2 and dt.category == D._FLOAT and (polynomial or
                                                          kernel in _NO_LOW_PRECISION):
        raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')


def _unary(input, kernel_fn, name, kernel, node_cls=None, save=(), **attrs):
    """Shared body of unary special functions: promote to float, compute, record.

    ``kernel_fn(library, array)`` computes the values; ``save`` names what the derivative
    needs: ``"input"`` and/or ``"output"``.
    """
    _check_tensor(input, name, kernel)
    dt = E._float_dtype(input)
    _check_precision(dt, kernel)
    arr = _compute_array(input._data, dt)
    library = _library(arr)
    with np.errstate(all="ignore"):
        # SciPy's special functions are scalar loops (erf: about 12 ns an element, 30 times
        # NumPy's exp): a large array is shared among the intra-op threads, as torch does.
        out = wrap(parallel_map(lambda a: kernel_fn(library, a), arr), dt)
    if node_cls is None:
        return out
    saved = tuple(input if s == "input" else out for s in save)
    return record(out, node_cls, (input,), saved, **attrs)


# --- error functions --------------------------------------------------------------------------

def erf_array(arr):
    """erf on a backend float array, in its dtype (narrow floats computed in float32)."""
    wide = arr if arr.dtype == np.float64 else arr.astype(np.float32)
    with np.errstate(all="ignore"):
        return _library(wide).erf(wide).astype(arr.dtype, copy=False)


@E.on_sparse_values()
def erf(input):
    """erf(x) = 2/sqrt(pi) * integral_0^x exp(-t**2) dt.   d/dx = 2/sqrt(pi) * exp(-x**2)."""
    return _unary(input, lambda sc, a: sc.erf(a), "erf", "erf_vml_cpu", ErfBackward0, ("input",))


@grad_fn("ErfBackward0")
def ErfBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return E.mul_scalar(E.exp(-x.pow(2)), _TWO_OVER_SQRT_PI) * grad


@E.on_sparse_values((), "erfc")
def erfc(input):
    """erfc(x) = 1 - erf(x).   d/dx = -2/sqrt(pi) * exp(-x**2)."""
    return _unary(input, lambda sc, a: sc.erfc(a), "erfc", "erfc_vml_cpu", ErfcBackward0,
                  ("input",))


@grad_fn("ErfcBackward0")
def ErfcBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return E.mul_scalar(E.exp(-x.pow(2)), -_TWO_OVER_SQRT_PI) * grad


def _signed_zeros(result, input):
    """An odd function's result with its zeros signed as its input's (-0. for -0.)."""
    return np.where(result == 0, np.copysign(result, input), result)


@E.on_sparse_values()
def erfinv(input):
    """The inverse of erf on (-1, 1).   d/dx = sqrt(pi)/2 * exp(erfinv(x)**2)."""
    # SciPy's answer for -0. is +0.; torch's, as an odd function's, is -0.
    return _unary(input, lambda sc, a: _signed_zeros(sc.erfinv(a), a), "erfinv", "erfinv_vml_cpu",
                  ErfinvBackward0, ("output",))


@grad_fn("ErfinvBackward0")
def ErfinvBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (E.exp(out * out) * _SQRT_PI_OVER_TWO)


def erfcx(input):
    """The scaled complementary error function exp(x**2) * erfc(x).
    d/dx = 2 * x * erfcx(x) - 2/sqrt(pi)."""
    return _unary(input, lambda sc, a: sc.erfcx(a), "special_erfcx", "erfcx_cpu",
                  SpecialErfcxBackward0, ("input", "output"))


@grad_fn("SpecialErfcxBackward0")
def SpecialErfcxBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    return grad * (2.0 * x * out - _TWO_OVER_SQRT_PI)


def ndtr(input):
    """The standard normal CDF (1 + erf(x/sqrt(2))) / 2, composed as PyTorch does.
    d/dx = exp(-x**2/2) / sqrt(2 pi)."""
    _check_tensor(input, "special_ndtr", "erf_vml_cpu")
    return E.mul_scalar(erf(E.mul_scalar(input, _SQRT_HALF)) + 1.0, 0.5)


@E.on_sparse_values((), "special_ndtri")
def ndtri(input):
    """The inverse of the standard normal CDF.   d/dp = sqrt(2 pi) * exp(ndtri(p)**2 / 2)."""
    return _unary(input, lambda sc, a: sc.ndtri(a), "special_ndtri", "ndtri_cpu",
                  SpecialNdtriBackward0, ("output",))


@grad_fn("SpecialNdtriBackward0")
def SpecialNdtriBackward0(ctx, grad):
    (out,) = ctx.saved_tensors
    return grad * (E.exp(out * out * 0.5) * _SQRT_2PI)


def log_ndtr(input):
    """log of the standard normal CDF, accurate far into the left tail.
    d/dx = exp(-x**2/2 - log_ndtr(x)) / sqrt(2 pi)."""
    return _unary(input, lambda sc, a: sc.log_ndtr(a), "special_log_ndtr", "log_ndtr_cpu",
                  SpecialLogNdtrBackward0, ("input", "output"))


@grad_fn("SpecialLogNdtrBackward0")
def SpecialLogNdtrBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    return grad * (E.exp(-(out + x * x * 0.5)) / _SQRT_2PI)


# --- gamma family -----------------------------------------------------------------------------

@E.on_sparse_values((), "lgamma")
def lgamma(input):
    """log|Gamma(x)|.   d/dx = digamma(x)."""
    return _unary(input, _lgamma_kernel, "lgamma", "lgamma_vml_cpu",
                  LgammaBackward0, ("input",))


def _lgamma_kernel(sc, a):
    # |Gamma| grows without bound towards -inf too, where SciPy answers -inf.
    return np.where(a == -np.inf, np.inf, sc.gammaln(a)).astype(a.dtype, copy=False)


@grad_fn("LgammaBackward0")
def LgammaBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * digamma(x)


@E.on_sparse_values((), "digamma")
def digamma(input):
    """psi(x) = d/dx log Gamma(x).   d/dx = polygamma(1, x)."""
    return _unary(input, _digamma_kernel, "digamma", "digamma", DigammaBackward0, ("input",))


def _digamma_kernel(sc, a):
    # PyTorch gives the pole at 0 the sign of the limit from the side of the zero's sign.
    return np.where(a == 0, np.copysign(np.inf, -a), sc.psi(a)).astype(a.dtype, copy=False)


def _polygamma_kernel(n):
    # PyTorch's ends: trigamma is nan at -inf; higher orders go through zeta(n + 1, x), which it
    # makes infinite at -inf (signed as (-1)**(n+1)) and nan at +inf.
    at_minus_inf, at_inf = (np.nan, None) if n == 1 else ((-1.0) ** (n + 1) * np.inf, np.nan)

    def kernel(sc, a):
        values = np.where(a == -np.inf, at_minus_inf, sc.polygamma(n, a))
        if at_inf is not None:
            values = np.where(a == np.inf, at_inf, values)
        return values.astype(a.dtype, copy=False)
    return kernel


@grad_fn("DigammaBackward0")
def DigammaBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * polygamma(1, x)


def polygamma(n, input):
    """The n-th derivative of digamma, psi^(n)(x).   d/dx = polygamma(n + 1, x)."""
    n = _check_order(n)
    kernel = "digamma" if n == 0 else "trigamma" if n == 1 else "polygamma"
    fn = _digamma_kernel if n == 0 else _polygamma_kernel(n)
    return _unary(input, fn, "polygamma", kernel, PolygammaBackward0, ("input",), n=n)


def _check_order(n):
    if isinstance(n, Tensor) or not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"polygamma(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return int(n)


@grad_fn("PolygammaBackward0")
def PolygammaBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * polygamma(ctx.n + 1, x)


def mvlgamma(input, p):
    """The multivariate log-gamma sum_{j<p} lgamma(x - j/2) + p(p-1)/4 * log(pi).
    d/dx = sum_{j<p} digamma(x - j/2)."""
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
        raise TypeError(f"mvlgamma(): argument 'p' (position 2) must be int, not "
                        f"{type(p).__name__}")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    _check_tensor(input, "mvlgamma", "arange_cpu")
    if input._dtype is D.bool_:
        raise RuntimeError("The input tensor may not be a boolean tensor.")
    dt = E._float_dtype(input)  # integers computed in the default float dtype, as torch does
    arr = _compute_array(input._data, dt)
    shifts = _backend.namespace_of(arr).arange(p, dtype=arr.dtype) * arr.dtype.type(-0.5)
    with np.errstate(all="ignore"):
        values = _lgamma_kernel(_library(arr), arr[..., None] + shifts).sum(-1)
        values += p * (p - 1) / 4 * math.log(math.pi)
    return record(wrap(values, dt), MvlgammaBackward0, (input,), (input,), p=int(p))


@grad_fn("MvlgammaBackward0")
def MvlgammaBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    xp = _backend.namespace_of(x._data)
    shifts = Tensor._make(xp.arange(ctx.p, dtype=x._data.dtype) * -0.5)
    return grad * digamma(x.unsqueeze(-1) + shifts).sum(-1)


def _gammainc(name, kernel, upper, node_cls, input, other):
    for argument, value in (("input", input), ("other", other)):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not "
                            f"{type(value).__name__}")
    dt = result_type_of(input, other)
    if dt.category != D._FLOAT:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{type_name(dt)}\'')
    a, x = operands(input, other, dt)
    a, x = _compute_array(a, dt), _compute_array(x, dt)
    try:
        np.broadcast_shapes(np.shape(a), np.shape(x))
    except ValueError:
        raise E._broadcast_error(np.shape(a), np.shape(x)) from None
    with np.errstate(all="ignore"):
        library = _library(a)
        values = (library.gammaincc if upper else library.gammainc)(a, x)
        # PyTorch's order of cases settles some nan arguments: P(a, 0) = 0 and P(a, inf) = 1
        # for any a, P(inf, x) = 0 for any x but inf (and Q = 1 - P).
        at_zero, at_inf = (1, 0) if upper else (0, 1)
        values = np.where(np.isnan(a) & (x == 0), at_zero, values)
        values = np.where(np.isnan(a) & (x == np.inf), at_inf, values)
        values = np.where((a == np.inf) & np.isnan(x), at_zero, values)
    out = wrap(E._torch_layout(values, input, other), dt)
    return record(out, node_cls, (input, other), (input, other))


def gammainc(input, other):
    """The regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a).
    d/dx = exp(-x) * x**(a-1) / Gamma(a); PyTorch has no derivative in a."""
    return _gammainc("special_gammainc", "igamma_cpu", False, IgammaBackward0, input,
                     other)


def gammaincc(input, other):
    """The regularised upper incomplete gamma Q(a, x) = 1 - P(a, x).
    d/dx = -exp(-x) * x**(a-1) / Gamma(a); PyTorch has no derivative in a."""
    return _gammainc("special_gammaincc", "igammac_cpu", True, IgammacBackward0, input,
                     other)


def _gammainc_density(a, x):
    return E.exp((a - 1) * E.log(x) - x - lgamma(a))


@grad_fn("IgammaBackward0")
def IgammaBackward0(ctx, grad):
    if ctx.needs_input_grad[0]:
        raise NotImplementedError("the derivative for 'igamma: input' is not implemented.")
    a, x = ctx.saved_tensors
    return None, grad * _gammainc_density(a, x)


@grad_fn("IgammacBackward0")
def IgammacBackward0(ctx, grad):
    if ctx.needs_input_grad[0]:
        raise NotImplementedError("the derivative for 'igammac: input' is not implemented.")
    a, x = ctx.saved_tensors
    return None, -grad * _gammainc_density(a, x)


# --- binary functions with a scalar form ------------------------------------------------------

def _binary(name, kernel, library_fn, nodes, input, other):
    """Shared body of xlogy/xlog1py/zeta: either argument may be a Python number.

    ``nodes`` are the three Node classes PyTorch uses: both tensors, scalar first, scalar
    second.
    """
    first, second = isinstance(input, Tensor), isinstance(other, Tensor)
    if not (first or second):
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({type(input).__name__}, {type(other).__name__})")
    for value in (input, other):
        if isinstance(value, Tensor):
            _check_tensor(value, name, kernel)
    dt = result_type_of(input, other)
    if dt.category < D._FLOAT:
        dt = D.get_default_dtype()
    _check_precision(dt, kernel)
    a, b = operands(input, other, dt)
    a = _compute_array(a, dt) if first else a
    b = _compute_array(b, dt) if second else b
    with np.errstate(all="ignore"):
        try:
            values = library_fn(_library(a if first else b), a, b)
        except ValueError:
            raise E._broadcast_error(np.shape(a), np.shape(b)) from None
    out = wrap(E._torch_layout(values, input, other), dt)
    # Python numbers are saved as 0-d tensors, for the derivative that needs them.
    xp = _backend.namespace_of(values)
    input, other = (value if isinstance(value, Tensor) else Tensor._make(xp.asarray(value, dt.np))
                    for value in (input, other))
    node = nodes[0] if first and second else nodes[1] if second else nodes[2]
    return record(out, node, (input, other), (input, other))


def xlogy(input, other):
    """x * log(y), and 0 where x == 0 (unless y is nan).
    d/dx = log(y) (0 where x == 0 and y <= 0), d/dy = x / y."""
    return _binary("xlogy", "xlogy_cpu", lambda sc, x, y: sc.xlogy(x, y),
                   (XlogyBackward0, XlogyBackward1, XlogyBackward2), input, other)


def _xlogy_rule(ctx, grad):
    x, y = ctx.saved_tensors
    gx = gy = None
    if ctx.needs_input_grad[0]:
        gx = E.where((x == 0) & (y <= 0), 0.0, xlogy(grad, y))
    if ctx.needs_input_grad[1]:
        gy = grad * x / y
    return gx, gy


XlogyBackward0 = grad_fn("XlogyBackward0")(_xlogy_rule)
XlogyBackward1 = grad_fn("XlogyBackward1")(_xlogy_rule)
XlogyBackward2 = grad_fn("XlogyBackward2")(_xlogy_rule)


def xlog1py(input, other):
    """x * log1p(y), and 0 where x == 0 (unless y is nan).
    d/dx = log1p(y) (0 where x == 0 and y <= -1), d/dy = x / (1 + y)."""
    return _binary("special_xlog1py", "xlog1py_cpu", lambda sc, x, y: sc.xlog1py(x, y),
                   (SpecialXlog1PyBackward0, SpecialXlog1PyBackward1, SpecialXlog1PyBackward2),
                   input, other)


def _xlog1py_rule(ctx, grad):
    x, y = ctx.saved_tensors
    gx = gy = None
    if ctx.needs_input_grad[0]:
        gx = E.where((x == 0) & (y <= -1), 0.0, xlog1py(grad, y))
    if ctx.needs_input_grad[1]:
        gy = grad * x / (y + 1)
    return gx, gy


SpecialXlog1PyBackward0 = grad_fn("SpecialXlog1PyBackward0")(_xlog1py_rule)
SpecialXlog1PyBackward1 = grad_fn("SpecialXlog1PyBackward1")(_xlog1py_rule)
SpecialXlog1PyBackward2 = grad_fn("SpecialXlog1PyBackward2")(_xlog1py_rule)


def zeta(input, other):
    """The Hurwitz zeta function sum_{k>=0} (k + q)**-x.
    d/dq = -x * zeta(x + 1, q); PyTorch has no derivative in x."""
    return _binary("special_zeta", "zeta_cpu", _zeta_kernel,
                   (SpecialZetaBackward0, SpecialZetaBackward1, SpecialZetaBackward2),
                   input, other)


def _zeta_kernel(sc, x, q):
    # PyTorch answers nan for q = inf, where the series' terms all vanish (but inf for x = 1).
    return np.where((q == np.inf) & (x != 1), np.nan, sc.zeta(x, q))


def _zeta_rule(ctx, grad):
    if ctx.needs_input_grad[0]:
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")
    x, q = ctx.saved_tensors
    return None, grad * -x * zeta(x + 1.0, q)


SpecialZetaBackward0 = grad_fn("SpecialZetaBackward0")(_zeta_rule)
SpecialZetaBackward1 = grad_fn("SpecialZetaBackward1")(_zeta_rule)
SpecialZetaBackward2 = grad_fn("SpecialZetaBackward2")(_zeta_rule)


# --- Bessel functions -------------------------------------------------------------------------

@E.on_sparse_values((), "i0")
def i0(input):
    """The modified Bessel function of the first kind, order 0.   d/dx = i1(x)."""
    return _unary(input, lambda sc, a: sc.i0(a), "i0", "i0_vml_cpu", I0Backward0, ("input",))


@grad_fn("I0Backward0")
def I0Backward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * i1(x)


@E.on_sparse_values((), "special_i0e")
def i0e(input):
    """exp(-|x|) * i0(x).   d/dx = i1e(x) - sign(x) * i0e(x)."""
    return _unary(input, lambda sc, a: sc.i0e(a), "special_i0e", "i0e_cpu", SpecialI0EBackward0,
                  ("input", "output"))


@grad_fn("SpecialI0EBackward0")
def SpecialI0EBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    return grad * (i1e(x) - E.sign(x) * out)


@E.on_sparse_values((), "special_i1")
def i1(input):
    """The modified Bessel function of the first kind, order 1.
    d/dx = i0(x) - i1(x) / x (1/2 at x = 0)."""
    return _unary(input, lambda sc, a: sc.i1(a), "special_i1", "i1_cpu", SpecialI1Backward0,
                  ("input", "output"))


@grad_fn("SpecialI1Backward0")
def SpecialI1Backward0(ctx, grad):
    x, out = ctx.saved_tensors
    zero = x == 0
    safe = E.where(zero, 1.0, x)
    return grad * E.where(zero, 0.5, i0(x) - out / safe)


@E.on_sparse_values((), "special_i1e")
def i1e(input):
    """exp(-|x|) * i1(x).   d/dx = i0e(x) - i1e(x) * (sign(x) + 1/x) (1/2 at x = 0)."""
    return _unary(input, lambda sc, a: sc.i1e(a), "special_i1e", "i1e_cpu", SpecialI1EBackward0,
                  ("input", "output"))


@grad_fn("SpecialI1EBackward0")
def SpecialI1EBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    zero = x == 0
    safe = E.where(zero, 1.0, x)
    return grad * E.where(zero, 0.5, i0e(x) - out * (E.sign(x) + 1.0 / safe))


def _no_grad_unary(name, kernel, library_call):
    """A special function PyTorch computes without recording a graph."""
    def op(input):
        return _unary(input, library_call, name, kernel)
    op.__name__ = name
    return op


bessel_j0 = _no_grad_unary("special_bessel_j0", "bessel_j0_cpu", lambda sc, a: sc.j0(a))
bessel_j1 = _no_grad_unary("special_bessel_j1", "bessel_j1_cpu", lambda sc, a: sc.j1(a))
bessel_y0 = _no_grad_unary("special_bessel_y0", "bessel_y0_cpu", lambda sc, a: sc.y0(a))
bessel_y1 = _no_grad_unary("special_bessel_y1", "bessel_y1_cpu", lambda sc, a: sc.y1(a))
modified_bessel_i0 = _no_grad_unary("special_modified_bessel_i0", "modified_bessel_i0_cpu",
                                    lambda sc, a: sc.i0(a))
modified_bessel_i1 = _no_grad_unary("special_modified_bessel_i1", "modified_bessel_i1_cpu",
                                    lambda sc, a: sc.i1(a))
modified_bessel_k0 = _no_grad_unary("special_modified_bessel_k0", "modified_bessel_k0_cpu",
                                    lambda sc, a: sc.k0(a))
modified_bessel_k1 = _no_grad_unary("special_modified_bessel_k1", "modified_bessel_k1_cpu",
                                    lambda sc, a: sc.k1(a))
scaled_modified_bessel_k0 = _no_grad_unary("special_scaled_modified_bessel_k0",
                                           "scaled_modified_bessel_k0_cpu",
                                           lambda sc, a: sc.k0e(a))
scaled_modified_bessel_k1 = _no_grad_unary("special_scaled_modified_bessel_k1",
                                           "scaled_modified_bessel_k1_cpu",
                                           lambda sc, a: sc.k1e(a))
spherical_bessel_j0 = _no_grad_unary("special_spherical_bessel_j0", "spherical_bessel_j0_cpu",
                                     lambda sc, a: sc.spherical_jn(0, a))
airy_ai = _no_grad_unary("special_airy_ai", "airy_ai_cpu", lambda sc, a: sc.airy(a)[0])
bessel_j0.__doc__ = "The Bessel function of the first kind, order 0 (no gradient, as PyTorch)."
bessel_j1.__doc__ = "The Bessel function of the first kind, order 1 (no gradient, as PyTorch)."
bessel_y0.__doc__ = "The Bessel function of the second kind, order 0 (no gradient, as PyTorch)."
bessel_y1.__doc__ = "The Bessel function of the second kind, order 1 (no gradient, as PyTorch)."
modified_bessel_i0.__doc__ = "I_0(x), the modified Bessel function of the first kind."
modified_bessel_i1.__doc__ = "I_1(x), the modified Bessel function of the first kind."
modified_bessel_k0.__doc__ = "K_0(x), the modified Bessel function of the second kind."
modified_bessel_k1.__doc__ = "K_1(x), the modified Bessel function of the second kind."
scaled_modified_bessel_k0.__doc__ = "exp(x) * K_0(x)."
scaled_modified_bessel_k1.__doc__ = "exp(x) * K_1(x)."
spherical_bessel_j0.__doc__ = "sin(x) / x, the spherical Bessel function of order 0."
airy_ai.__doc__ = "Ai(x), the Airy function of the first kind."


# --- other elementwise functions --------------------------------------------------------------

def entr(input):
    """The elementwise entropy -x * log(x) (0 at 0, -inf for x < 0).   d/dx = -(1 + log x)."""
    return _unary(input, lambda sc, a: sc.entr(a), "special_entr", "entr_cpu",
                  SpecialEntrBackward0, ("input",))


@grad_fn("SpecialEntrBackward0")
def SpecialEntrBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return grad * -(1.0 + E.log(x))


@E.on_sparse_values((), "sinc")
def sinc(input):
    """sin(pi x) / (pi x), and 1 at 0.   d/dx = (cos(pi x) * pi x - sin(pi x)) / (pi x**2)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"sinc(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    dt = E._float_dtype(input)
    # half types compute in float32 (their opmath type) and round once at the end, as torch
    compute = np.dtype(np.float32) if dt.np.itemsize < 4 else dt.np
    arr = input._data.astype(compute, copy=False)
    with np.errstate(all="ignore"):
        scaled = arr * compute.type(math.pi)
        values = np.where(arr == 0, 1, np.sin(scaled) / scaled).astype(dt.np, copy=False)
    return record(wrap(values, dt), SincBackward0, (input,), (input,))


@grad_fn("SincBackward0", complex_aware=True)
def SincBackward0(ctx, grad):
    # torch's formula term for term, so that its graph under create_graph is torch's: the
    # slope is 0/0 at x = 0 and the where masks it, leaving the second derivative there nan.
    (x,) = ctx.saved_tensors
    scaled = E.mul_scalar(x, math.pi)
    squared = E.mul_scalar(x * x, math.pi)
    slope = (scaled * E.cos(scaled) - E.sin(scaled)) / squared
    if slope._dtype.category == D._COMPLEX:
        slope = slope.conj()
    return E.where(squared == 0, 0.0, slope * grad)


@E.on_sparse_values((), "logit", "logit")
def logit(input, eps=None):
    """log(p / (1 - p)), p clamped to [eps, 1 - eps] when eps is given.
    d/dp = 1 / (p (1 - p)) (0 outside the clamp; nan outside [0, 1] without eps)."""
    def kernel(sc, a):
        if eps is not None:  # torch's order of the two bounds (eps > 0.5 crosses them)
            a = np.where(a < eps, eps, np.where(a > 1 - eps, 1 - eps, a)).astype(a.dtype)
        return sc.logit(a)
    return _unary(input, kernel, "logit", "logit_cpu", LogitBackward0, ("input",), eps=eps)


@grad_fn("LogitBackward0")
def LogitBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    slope = grad / (x * (1.0 - x))
    if ctx.eps is None:
        return E.where((x < 0) | (x > 1), math.nan, slope)
    return E.where((x < ctx.eps) | (x > 1.0 - ctx.eps), 0.0, slope)


# --- orthogonal polynomials -------------------------------------------------------------------
# Evaluated as PyTorch evaluates them, so integer points give integers and the last bits agree:
# the three-term recurrence from P_0 = 1 and P_1 in the input's precision, a closed form at the
# ends of the interval, and for high degrees inside (-1, 1) the trigonometric form of the
# Chebyshev families (SciPy's eval_* take other routes and differ in the last bits).

def _recurrence(n, one, first, step):
    """P_n from P_0 = ``one``, P_1 = ``first`` and P_{j+1} = step(j, P_{j-1}, P_j), per element
    of the degree array ``n`` (degrees below 0 are handled by the caller)."""
    out = np.where(n == 0, one, first)
    previous, current = one, first
    for j in range(1, int(n.max()) if n.size else 0):
        previous, current = current, step(j, previous, current)
        out = np.where(n == j + 1, current, out)
    return out


def _parity(n, value):
    """``value`` for even n, ``-value`` for odd n."""
    return np.where(n % 2 == 0, value, -value)


def _chebyshev(kind, shifted=False):
    """T, U, V or W (``kind``), or their shifted forms P*_n(x) = P_n(2x - 1).

    With x = cos(t): T_n = cos(nt), U_n = sin((n+1)t) / sin(t), V_n = cos((n+1/2)t) / cos(t/2),
    W_n = sin((n+1/2)t) / sin(t/2); all follow P_{n+1} = 2x P_n - P_{n-1}, with P_1 = x, 2x,
    2x - 1 and 2x + 1.
    """
    def evaluate(x, n):
        ty = x.dtype.type
        y = x + x - ty(1) if shifted else x
        degree = n.astype(x.dtype)
        one = np.ones_like(x)
        first = {"t": y, "u": y + y, "v": y + y - ty(1), "w": y + y + ty(1)}[kind]
        values = _recurrence(n, one, first, lambda j, p, q: (y + y) * q - p)
        # The closed forms at y = 1 and y = -1 (x = 1 and x = 0 when shifted).
        top, bottom = ((x == 1, x == 0) if shifted else (x == 1, x == -1))
        at_top = {"t": one, "u": degree + 1, "v": one, "w": degree + degree + 1}[kind]
        at_bottom = _parity(n, {"t": one, "u": degree + 1, "v": degree + degree + 1,
                                "w": one}[kind])
        # Above a degree threshold (6 for T and the shifted U and V, 8 for U, V, W, 4 for the
        # shifted W) the trigonometric form is used inside (-1, 1).
        threshold = {"t": 6, "u": 6 if shifted else 8, "v": 6 if shifted else 8,
                     "w": 4 if shifted else 8}[kind]
        angle = np.arccos(y)
        if kind == "t":
            trig = np.cos(degree * angle)
        elif kind == "u":
            trig = np.where(np.sin(angle) != 0, np.sin((degree + 1) * angle) / np.sin(angle),
                            (degree + 1) * np.cos((degree + 1) * angle) / y)
        elif kind == "v":
            trig = np.where(np.sin(angle / 2) != 1,
                            np.cos((degree + ty(0.5)) * angle) / np.cos(angle / 2),
                            _parity(n, degree + degree + 1))
        else:
            fallback = _parity(n, one) if shifted else np.where(
                x > 0, degree + degree + 1, _parity(n, one))
            trig = np.where(np.cos(angle / 2) != 1,
                            np.sin((degree + ty(0.5)) * angle) / np.sin(angle / 2), fallback)
        return np.select([top, bottom, (n > threshold) & (np.abs(y) < 1)],
                         [at_top, at_bottom, trig], values)
    return evaluate


def _hermite_h(x, n):
    # H_{j+1} = 2x H_j - 2j H_{j-1}, H_1 = 2x.
    return _recurrence(n, np.ones_like(x), x + x, lambda j, p, q: (x + x) * q - (j + j) * p)


def _hermite_he(x, n):
    # He_{j+1} = x He_j - j He_{j-1}, He_1 = x.
    return _recurrence(n, np.ones_like(x), x, lambda j, p, q: x * q - j * p)


def _laguerre(x, n):
    # (j+1) L_{j+1} = (2j + 1 - x) L_j - j L_{j-1}, L_1 = 1 - x; L_n(0) = 1.
    one = np.ones_like(x)
    values = _recurrence(n, one, one - x,
                         lambda j, p, q: (((j + j) + (one - x)) * q - j * p) / (j + 1))
    return np.where(x == 0, one, values)


def _legendre(x, n):
    # (j+1) P_{j+1} = (2j+1) x P_j - j P_{j-1}, P_1 = x; P_n(1) = 1, P_n(-1) = (-1)^n.
    one = np.ones_like(x)
    values = _recurrence(n, one, x, lambda j, p, q: ((j + j + 1) * x * q - j * p) / (j + 1))
    return np.select([x == 1, x == -1], [one, _parity(n, one)], values)


def _polynomial(name, evaluate, doc):
    """An orthogonal polynomial P_n(x) of integer degree n (truncated), 0 for n < 0."""
    kernel = f"{name}_cpu"

    def op(input, n):
        if not isinstance(input, Tensor) and not isinstance(n, Tensor):
            raise TypeError(f"special_{name}() received an invalid combination of arguments - "
                            f"got ({type(input).__name__}, {type(n).__name__})")
        for value in (input, n):
            if isinstance(value, Tensor):
                _check_tensor(value, f"special_{name}", kernel)
        dt = result_type_of(input, n)
        if dt.category < D._FLOAT:
            dt = D.get_default_dtype()
        _check_precision(dt, kernel, polynomial=True)
        x, degree = operands(input, n, dt)
        xp = _backend.common_namespace(x, degree)
        x = _compute_array(xp.asarray(x), dt)
        degree = xp.asarray(degree)
        try:
            x, degree = np.broadcast_arrays(x, degree)
        except ValueError:
            raise E._broadcast_error(np.shape(x), np.shape(degree)) from None
        with np.errstate(all="ignore"):
            order = np.where(np.isfinite(degree), degree, -1).astype(np.int64)
            values = evaluate(x, np.maximum(order, 0))
            values = np.where(order < 0, 0, values)
        return wrap(xp.asarray(values), dt)
    op.__name__ = name
    op.__doc__ = doc + " No gradient (as PyTorch)."
    return op


chebyshev_polynomial_t = _polynomial("chebyshev_polynomial_t", _chebyshev("t"),
                                     "T_n(x), the Chebyshev polynomial of the first kind.")
chebyshev_polynomial_u = _polynomial("chebyshev_polynomial_u", _chebyshev("u"),
                                     "U_n(x), the Chebyshev polynomial of the second kind.")
chebyshev_polynomial_v = _polynomial("chebyshev_polynomial_v", _chebyshev("v"),
                                     "V_n(x), the Chebyshev polynomial of the third kind.")
chebyshev_polynomial_w = _polynomial("chebyshev_polynomial_w", _chebyshev("w"),
                                     "W_n(x), the Chebyshev polynomial of the fourth kind.")
shifted_chebyshev_polynomial_t = _polynomial(
    "shifted_chebyshev_polynomial_t", _chebyshev("t", shifted=True), "T_n(2x - 1).")
shifted_chebyshev_polynomial_u = _polynomial(
    "shifted_chebyshev_polynomial_u", _chebyshev("u", shifted=True), "U_n(2x - 1).")
shifted_chebyshev_polynomial_v = _polynomial(
    "shifted_chebyshev_polynomial_v", _chebyshev("v", shifted=True), "V_n(2x - 1).")
shifted_chebyshev_polynomial_w = _polynomial(
    "shifted_chebyshev_polynomial_w", _chebyshev("w", shifted=True), "W_n(2x - 1).")
hermite_polynomial_h = _polynomial("hermite_polynomial_h", _hermite_h,
                                   "H_n(x), the physicists' Hermite polynomial.")
hermite_polynomial_he = _polynomial("hermite_polynomial_he", _hermite_he,
                                    "He_n(x), the probabilists' Hermite polynomial.")
laguerre_polynomial_l = _polynomial("laguerre_polynomial_l", _laguerre,
                                    "L_n(x), the Laguerre polynomial.")
legendre_polynomial_p = _polynomial("legendre_polynomial_p", _legendre,
                                    "P_n(x), the Legendre polynomial.")


# --- in-place forms and registration ----------------------------------------------------------

def _inplace(op):
    def method(self, *args, **kwargs):
        return inplace(self, lambda current, *others: op(current, *others, **kwargs), *args)
    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place version of ``{op.__name__}``."
    return method


def _polygamma_method(self, n):
    return polygamma(n, self)


def _polygamma_inplace(self, n):
    return inplace(self, lambda current: polygamma(n, current))


FUNCTIONS = {
    "erf": erf, "erfc": erfc, "erfinv": erfinv, "lgamma": lgamma, "digamma": digamma,
    "polygamma": polygamma, "mvlgamma": mvlgamma, "i0": i0, "sinc": sinc, "logit": logit,
    "xlogy": xlogy, "igamma": gammainc, "igammac": gammaincc,
}
_INPLACE = {"erf": erf, "erfc": erfc, "erfinv": erfinv, "lgamma": lgamma, "digamma": digamma,
            "mvlgamma": mvlgamma, "i0": i0, "sinc": sinc, "logit": logit, "xlogy": xlogy,
            "igamma": gammainc, "igammac": gammaincc}
METHODS = dict(FUNCTIONS)
METHODS["polygamma"] = _polygamma_method
METHODS.update({name + "_": _inplace(fn) for name, fn in _INPLACE.items()})
METHODS["polygamma_"] = _polygamma_inplace
FUNCTIONS.update({name + "_": METHODS[name + "_"]
                  for name in ("erf", "erfc", "i0", "sinc", "logit", "xlogy")})

# out=: PyTorch's elementwise kernels cast into out when the cast is safe; their autograd
# message names the aten op.
OUT_OPS.update({name: (name, _CAST) for name in (
    "erf", "erfc", "erfinv", "lgamma", "digamma", "polygamma", "i0", "sinc", "logit", "xlogy",
    "igamma", "igammac")})

# torch's xlogy hands other to saved-tensor hooks before self
XlogyBackward0._pack_order = (1, 0)
