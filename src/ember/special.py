"""``ember.special``: PyTorch's ``torch.special`` namespace (error and gamma functions, Bessel
functions, orthogonal polynomials...). The ops, with their derivatives, live in
``ember.ops.special``; SciPy, which computes them, is imported on first use."""
from __future__ import annotations

from . import _dtype
from .ops import _out
from .ops import activation as _activation
from .ops import elementwise as _elementwise
from .ops import reduction as _reduction
from .ops._registry import type_name as _type_name
from .ops.special import (
    airy_ai,
    bessel_j0,
    bessel_j1,
    bessel_y0,
    bessel_y1,
    chebyshev_polynomial_t,
    chebyshev_polynomial_u,
    chebyshev_polynomial_v,
    chebyshev_polynomial_w,
    digamma,
    entr,
    erf,
    erfc,
    erfcx,
    erfinv,
    gammainc,
    gammaincc,
    hermite_polynomial_h,
    hermite_polynomial_he,
    i0,
    i0e,
    i1,
    i1e,
    laguerre_polynomial_l,
    legendre_polynomial_p,
    log_ndtr,
    logit,
    modified_bessel_i0,
    modified_bessel_i1,
    modified_bessel_k0,
    modified_bessel_k1,
    ndtr,
    ndtri,
    polygamma,
    scaled_modified_bessel_k0,
    scaled_modified_bessel_k1,
    shifted_chebyshev_polynomial_t,
    shifted_chebyshev_polynomial_u,
    shifted_chebyshev_polynomial_v,
    shifted_chebyshev_polynomial_w,
    sinc,
    spherical_bessel_j0,
    xlog1py,
    xlogy,
    zeta,
)
from .ops.special import lgamma as gammaln
from .ops.special import mvlgamma as multigammaln

psi = digamma


def expit(input):
    """The logistic sigmoid 1 / (1 + exp(-x)), complex input included (as ``ember.sigmoid``).

    Example:
        >>> ember.special.expit(ember.tensor([0.0, 2.0]))
        tensor([0.5000, 0.8808])
    """
    from .ops.complex import _sigmoid
    return _sigmoid(input)


exp2 = _elementwise.exp2
expm1 = _elementwise.expm1
log1p = _elementwise.log1p


def round(input, *, decimals=0):
    """Round half to even to ``decimals`` decimal places.   Zero gradient."""
    if not isinstance(decimals, int) or isinstance(decimals, bool):
        raise TypeError(f"special_round(): argument 'decimals' must be int, not "
                        f"{type(decimals).__name__}")
    if decimals == 0 and input.dtype.category != _dtype._FLOAT:
        # PyTorch sends decimals=0 through its plain rounding kernel, which names itself.
        raise NotImplementedError(f"\"round_vml_cpu\" not implemented for "
                                  f"'{_type_name(input.dtype)}'")
    return _elementwise.round(input, decimals=decimals)


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input), dim)), computed stably.   d/dinput = softmax(input, dim)."""
    return _reduction.logsumexp(input, dim, keepdim)


def softmax(input, dim, *, dtype=None):
    """exp(x) / sum(exp(x), dim).   d/dx = s * (g - sum(g * s, dim))."""
    _dim_given("special_softmax", dim)
    return _activation.softmax(input, dim, dtype=dtype)


def _dim_given(name, dim):
    """torch.special's softmaxes take an int dim (no implicit choice, as F.softmax has)."""
    if dim is None:
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be int, not NoneType")


def log_softmax(input, dim, *, dtype=None):
    """x - logsumexp(x, dim).   d/dx = g - softmax(x) * sum(g, dim)."""
    _dim_given("special_log_softmax", dim)
    return _activation.log_softmax(input, dim, dtype=dtype)


# out=: the elementwise kernels cast into out when safe; the label is the aten op PyTorch's
# autograd message names (None where the function records no graph).
_OUT_LABELS = {
    "erf": "erf", "erfc": "erfc", "erfcx": "special_erfcx", "erfinv": "erfinv",
    "expit": "sigmoid", "exp2": "exp2", "expm1": "expm1", "log1p": "log1p", "gammaln": "lgamma",
    "digamma": "digamma", "psi": "digamma", "polygamma": "polygamma", "i0": "i0",
    "i0e": "special_i0e", "i1": "special_i1", "i1e": "special_i1e", "ndtri": "special_ndtri",
    "log_ndtr": "special_log_ndtr", "entr": "special_entr", "sinc": "sinc", "logit": "logit",
    "xlogy": "xlogy", "xlog1py": "special_xlog1py", "zeta": "special_zeta",
    "gammainc": "igamma", "gammaincc": "igammac", "airy_ai": None, "bessel_j0": None,
    "bessel_j1": None, "bessel_y0": None, "bessel_y1": None, "modified_bessel_i0": None,
    "modified_bessel_i1": None, "modified_bessel_k0": None, "modified_bessel_k1": None,
    "scaled_modified_bessel_k0": None, "scaled_modified_bessel_k1": None,
    "spherical_bessel_j0": None, "chebyshev_polynomial_t": None, "chebyshev_polynomial_u": None,
    "chebyshev_polynomial_v": None, "chebyshev_polynomial_w": None,
    "shifted_chebyshev_polynomial_t": None, "shifted_chebyshev_polynomial_u": None,
    "shifted_chebyshev_polynomial_v": None, "shifted_chebyshev_polynomial_w": None,
    "hermite_polynomial_h": None, "hermite_polynomial_he": None, "laguerre_polynomial_l": None,
    "legendre_polynomial_p": None,
}
for _name, _label in _OUT_LABELS.items():
    _out.OUT_OPS["special." + _name] = (_label, _out._CAST)
    globals()[_name] = _out.with_out("special." + _name, globals()[_name])
# These follow their own rules (see ember.ops._out).
for _name in ("logsumexp", "multigammaln", "ndtr", "round"):
    globals()[_name] = _out.with_out("special." + _name, globals()[_name])

__all__ = [
    "airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
    "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma",
    "entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc",
    "gammaincc", "gammaln", "hermite_polynomial_h", "hermite_polynomial_he", "i0", "i0e", "i1",
    "i1e", "laguerre_polynomial_l", "legendre_polynomial_p", "log1p", "log_ndtr",
    "log_softmax", "logit", "logsumexp", "modified_bessel_i0", "modified_bessel_i1",
    "modified_bessel_k0", "modified_bessel_k1", "multigammaln", "ndtr", "ndtri", "polygamma",
    "psi", "round", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
    "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "sinc", "softmax",
    "spherical_bessel_j0", "xlog1py", "xlogy", "zeta",
]

# Calls with Tensor subclasses, duck types or an active mode go through __torch_function__.
from ._subclass import dispatch_namespace as _dispatch_namespace  # noqa: E402

_dispatch_namespace(globals(), "ember.special")
