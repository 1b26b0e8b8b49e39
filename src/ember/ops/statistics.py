"""Statistics and data handling: quantiles, covariance and correlation, differences and
gradients, trapezoid rules, histograms, set membership, index helpers, products, norms and
flat puts.

Most are compositions of ember ops (sort and gather, matmul, cumsum...), so their derivatives
are those of the ops they are made of; the counting ones (histograms, isin, indices) have none.
"""
from __future__ import annotations

import builtins
import itertools
import math
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .._tensor import Tensor, _wrap_dim
from . import elementwise as E
from ._one_node import as_one_node, one_node
from ._registry import grad_fn, inplace, py_type_name, record, type_name, wrap
from .creation import linspace
from .indexing import diag
from .joining import cat, stack
from .linalg import _dot_checks, tensordot, vector_norm
from .reduction import return_types
from .shape import SqueezeBackward4, make_view

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


# --- quantiles ----------------------------------------------------------------------------------

def _quantile(name, input, q, dim, keepdim, interpolation, ignore_nan):
    # torch's messages say quantile() for nanquantile too.
    name = "quantile"
    if input._dtype not in (D.float32, D.float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    scalar_q = not isinstance(q, Tensor)
    if scalar_q:
        q_values = _backend.namespace_of(input._data).asarray([q], dtype=input._data.dtype)
    else:
        if q.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if q._dtype is not input._dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
        q_values = q._data.reshape(-1)
        scalar_q = q.ndim == 0
    if scalar_q and not isinstance(q, Tensor) and not 0 <= q <= 1:
        raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
    if np.any((q_values < 0) | (q_values > 1)) or np.any(np.isnan(q_values)):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    original_ndim = input.ndim
    if dim is None:
        values = input.reshape(-1)
        axis = 0
    else:
        axis = _wrap_dim(dim, max(input.ndim, 1))
        values = input.reshape(1) if input.ndim == 0 else input
    values = values.movedim(axis, -1)
    if values.shape[-1] > 2 ** 24:  # torch refuses more values than float32 counts exactly
        raise RuntimeError(f"{name}() input tensor is too large")
    ordered = values.sort(-1).values  # nan sorts last
    nan_count = np.isnan(ordered._data).sum(-1, keepdims=True)
    size = ordered.shape[-1]
    # The rank of the largest value taken into account (nan slices are replaced below).
    last = (size - nan_count if ignore_nan else np.full_like(nan_count, size)) - 1
    last = last.astype(ordered._data.dtype)
    ranks = q_values.reshape((-1,) + (1,) * ordered.ndim) * last  # (nq, ..., 1)
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)
    below = np.clip(np.floor(ranks), 0, size - 1).astype(np.int64)
    above = np.clip(np.ceil(ranks), 0, size - 1).astype(np.int64)
    weights = np.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
    expanded = ordered.unsqueeze(0).expand(len(q_values), *ordered.shape)
    shape = expanded.shape[:-1] + (1,)
    low = expanded.gather(-1, wrap(np.broadcast_to(below, shape).copy()))
    high = expanded.gather(-1, wrap(np.broadcast_to(above, shape).copy()))
    result = E.lerp(low, high, wrap(np.broadcast_to(weights, shape).astype(
        ordered._data.dtype)))
    # A slice with a nan has a nan quantile; under nanquantile only an all-nan slice does.
    poisoned = nan_count == size if ignore_nan else nan_count > 0
    if poisoned.any():
        result = E.where(wrap(np.broadcast_to(poisoned, shape).copy()), math.nan, result)
    # (q, ...rest, 1) -> the result's shape, the last step one squeeze node as in torch
    if dim is None:
        target = [1] * original_ndim if keepdim else []
    else:
        target = list(ordered.shape[:-1])
        if keepdim and original_ndim:
            target.insert(axis, 1)
    target = target if scalar_q else [len(q_values)] + target
    padded = [1, *target, 1] if scalar_q else [*target, 1]
    if list(result.shape) != padded:
        result = result.reshape(padded)
    squeezed = (0, len(padded) - 1) if scalar_q else (len(padded) - 1,)
    return make_view(result, result._data.squeeze(squeezed), SqueezeBackward4)


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The q-th quantiles of input along dim (of all elements when dim is None), interpolating
    between the sorted values by ``interpolation``; a slice holding a nan gives nan."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile ignoring nan values (nan only where a slice is all nan)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)


# --- covariance and correlation -----------------------------------------------------------------

def _check_cov_weights(name, weights, observations, category, kind):
    """cov's fweights/aweights checks, with PyTorch's messages: 1-D, of the right dtype kind,
    one per observation, non-negative."""
    if weights.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {weights.ndim} dimensions")
    if weights._dtype.category != category:
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{type_name(weights._dtype)} dtype")
    if weights.numel() != observations:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {weights.numel()} != "
                           f"{observations}")
    if (weights._data < 0).any():
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in input's rows (observations in columns):
    sum_k w_k (x_ik - mean_i)(x_jk - mean_j) / (sum w - correction * (sum w a / sum w))."""
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    if input._dtype is D.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.reshape(1, -1) if input.ndim < 2 else input
    if x._dtype.category < D._FLOAT:
        x = x.to(D.get_default_dtype())
    observations = x.shape[1]
    weights = None
    if fweights is not None:
        _check_cov_weights("fweights", fweights, observations, D._INT, "integral")
        weights = fweights
    if aweights is not None:
        _check_cov_weights("aweights", aweights, observations, D._FLOAT, "floating point")
        weights = aweights if weights is None else weights * aweights
    if weights is None:
        mean = x.mean(1, keepdim=True)
        weight_sum = observations
        norm = observations - correction
    else:
        weights = weights.to(x.real.dtype)  # real weights, also for complex variables
        weight_sum = weights.sum()
        mean = (x * weights).sum(1, keepdim=True) / weight_sum
        if aweights is None:
            norm = weight_sum - correction
        else:
            norm = weight_sum - correction * (weights * aweights).sum() / weight_sum
    norm_value = float(norm._data) if isinstance(norm, Tensor) else float(norm)
    if norm_value <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.",
                      UserWarning, stacklevel=_user_stacklevel())
        norm = norm * 0 if isinstance(norm, Tensor) else 0
    centred = x - mean
    weighted = centred if weights is None else centred * weights
    # complex variables pair with their conjugates: sum_k x_ik conj(x_jk), a Hermitian matrix
    paired = weighted.t().conj() if weighted._dtype.category == D._COMPLEX else weighted.t()
    with np.errstate(all="ignore"):
        result = (centred @ paired) / norm
    return result.squeeze()


def corrcoef(input):
    """Pearson correlation coefficients of input's rows: cov / (std_i std_j), clipped to
    [-1, 1] (for complex variables, the real and imaginary parts each clipped)."""
    c = cov(input)
    if c.ndim == 0:
        return c / c
    std = c.diagonal().sqrt()
    c = c / std.unsqueeze(1)
    c = c / std.unsqueeze(0)
    if c._dtype.category == D._COMPLEX:
        from .complex import complex as as_complex
        return as_complex(c.real.clamp(-1, 1), c.imag.clamp(-1, 1))
    return c.clamp(-1, 1)


# --- differences, gradients, trapezoid rules ----------------------------------------------------

def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along dim (input[i+1] - input[i], repeated n times), after
    prepending/appending the given values; for bools, input[i+1] != input[i]."""
    if input.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    axis = _wrap_dim(dim, input.ndim)
    pieces = [p if isinstance(p, Tensor) else None for p in (prepend, append)]
    for which, p in zip(("prepend", "append"), (prepend, append)):
        if p is not None and not isinstance(p, Tensor):
            raise TypeError(f"diff(): argument '{which}' must be Tensor, not {py_type_name(p)}")
        if p is not None and p.ndim != input.ndim:
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        if p is not None:
            for d in builtins.range(input.ndim):
                if d != axis and p.shape[d] != input.shape[d]:
                    raise RuntimeError(
                        f"diff expects the shape of tensor to prepend or append to match that "
                        f"of input except along the differencing dimension; input.size({d}) = "
                        f"{input.shape[d]}, but got tensor.size({d}) = {p.shape[d]}")
    if n == 0:  # a copy of the input alone, as torch's: a CopyBackwards node, prepend and
        from .creation import empty_like  # append left out
        return empty_like(input).copy_(input)
    parts = [t for t in (pieces[0], input, pieces[1]) if t is not None]
    x = cat(parts, axis) if len(parts) > 1 else input
    for _ in range(n):
        length = x.shape[axis]
        if length == 0:
            break
        later, earlier = x.narrow(axis, 1, length - 1), x.narrow(axis, 0, length - 1)
        x = E.logical_xor(later, earlier) if x._dtype is D.bool_ else later - earlier
    return x


def _gradient_along(f, axis, spacing, edge_order):
    """d f / d x along axis by second-order central differences inside and one-sided
    differences of order edge_order at the ends; spacing is a number or the coordinates."""
    size = f.shape[axis]

    def part(start, length):
        return f.narrow(axis, start, length)
    if not isinstance(spacing, Tensor):
        h = float(spacing)
        interior = (part(2, size - 2) - part(0, size - 2)) / (2 * h)
        if edge_order == 1:
            first = (part(1, 1) - part(0, 1)) / h
            last = (part(size - 1, 1) - part(size - 2, 1)) / h
        else:
            first = (part(0, 1) * -3 + part(1, 1) * 4 - part(2, 1)) / (2 * h)
            last = (part(size - 3, 1) - part(size - 2, 1) * 4 + part(size - 1, 1) * 3) / (2 * h)
        return cat([first, interior, last], axis)
    shape = [1] * f.ndim
    shape[axis] = -1
    dx = diff(spacing.to(f.dtype)).reshape(shape)

    def step(start, length):
        return dx.narrow(axis, start, length)
    hs, hd = step(0, size - 2), step(1, size - 2)
    interior = (part(0, size - 2) * (-hd / (hs * (hd + hs))) + part(1, size - 2) * ((hd - hs)
                / (hd * hs)) + part(2, size - 2) * (hs / (hd * (hd + hs))))
    if edge_order == 1:
        first = (part(1, 1) - part(0, 1)) / step(0, 1)
        last = (part(size - 1, 1) - part(size - 2, 1)) / step(size - 2, 1)
    else:
        d1, d2 = step(0, 1), step(1, 1)
        first = (part(0, 1) * (-(2 * d1 + d2) / (d1 * (d1 + d2))) + part(1, 1) * ((d1 + d2)
                 / (d1 * d2)) + part(2, 1) * (-d1 / (d2 * (d1 + d2))))
        d1, d2 = step(size - 3, 1), step(size - 2, 1)
        last = (part(size - 3, 1) * (d2 / (d1 * (d1 + d2))) + part(size - 2, 1) * (-(d2 + d1)
                / (d1 * d2)) + part(size - 1, 1) * ((2 * d2 + d1) / (d2 * (d1 + d2))))
    return cat([first, interior, last], axis)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The gradient of a sampled function along each dim (one tensor per dim): central
    differences inside, one-sided ones of order edge_order (1 or 2) at the ends."""
    if isinstance(spacing, Tensor):
        if spacing.ndim:  # torch's parser takes a number (a 0-dim tensor) or a sequence
            given = "".join(f", {name}={type(value).__name__}" for name, value in
                            (("dim", dim), ("edge_order", edge_order))
                            if value is not None and (name, value) != ("edge_order", 1))
            raise TypeError(
                f"gradient() received an invalid combination of arguments - got (Tensor, "
                f"spacing=Tensor{given}), but expected one of:\n"
                " * (Tensor input, *, tuple of ints dim, int edge_order = 1)\n"
                " * (Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1)\n"
                " * (Tensor input, *, Number spacing = None, int dim = None, "
                "int edge_order = 1)\n"
                " * (Tensor input, *, tuple of Scalars spacing, int dim = None, "
                "int edge_order = 1)\n"
                " * (Tensor input, *, tuple of Scalars spacing, tuple of ints dim, "
                "int edge_order = 1)\n"
                " * (Tensor input, *, tuple of Tensors spacing, int dim = None, "
                "int edge_order = 1)\n"
                " * (Tensor input, *, tuple of Tensors spacing, tuple of ints dim, "
                "int edge_order = 1)\n")
        spacing = spacing.item()
    if edge_order not in (1, 2):
        raise RuntimeError("ember.gradient only supports edge_order=1 and edge_order=2.")
    dims = list(range(input.ndim)) if dim is None else \
        [_wrap_dim(d, input.ndim) for d in ((dim,) if isinstance(dim, int) else dim)]
    for index, d in enumerate(dims):
        if d in dims[:index]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    if isinstance(spacing, (list, tuple)):
        if len(spacing) != len(dims):
            if dim is None:
                raise RuntimeError(f"ember.gradient expected spacing to be unspecified, a "
                                   f"scalar, or a list of length equal to 'self.dim() = "
                                   f"{input.ndim}', since dim argument was not given, but got "
                                   f"a list of length {len(spacing)}")
            raise RuntimeError(f"ember.gradient expected spacing to be unspecified, a scalar "
                               f"or it's spacing and dim arguments to have the same length, but "
                               f"got a spacing argument of length {len(spacing)} and a dim "
                               f"argument of length {len(dims)}.")
        for coordinates in spacing:
            if isinstance(coordinates, Tensor) and coordinates.ndim != 1:
                raise RuntimeError(f"ember.gradient expected each element of spacing to have "
                                   f"one dimension, but got an element with {coordinates.ndim} "
                                   f"dimensions!")
        spacings = list(spacing)
    else:
        spacings = [spacing] * len(dims)
    f = input if input._dtype.category >= D._FLOAT else input.to(D.get_default_dtype())
    for d, coordinates in zip(dims, spacings):
        if f.shape[d] < edge_order + 1:
            raise RuntimeError("ember.gradient expected each dimension size to be at least "
                               "edge_order+1")
        if isinstance(coordinates, Tensor):
            # torch meets coordinates of another length when it weighs the interior samples
            steps, inside = coordinates.shape[0] - 2, f.shape[d] - 2
            if steps != inside and 1 not in (steps, inside):
                raise RuntimeError(f"The size of tensor a ({steps}) must match the size of "
                                   f"tensor b ({inside}) at non-singleton dimension {d}")
    return tuple(_gradient_along(f, d, s, edge_order) for d, s in zip(dims, spacings))


def _trapezoid_parts(y, x, dim, name):
    """The axis, and the sums of neighbouring samples times the widths between their x (None
    when x is not given; None for both when the axis is empty). The axis is y's; a 1-D x lies
    along it, an x of fewer dims gains leading ones, and the widths are taken along that same
    axis of x whatever its dims, so that they broadcast against y's sums as torch's do (or
    fail as torch's do)."""
    axis = _wrap_dim(dim, y.ndim)
    size = y.shape[axis]
    if size == 0:
        return axis, None
    if x is None:
        return axis, None
    if x.ndim == 1:
        if x.shape[0] != size:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        shape = [1] * y.ndim
        shape[axis] = -1
        x = x.reshape(shape)
    elif x.ndim < y.ndim:
        x = x.reshape((1,) * (y.ndim - x.ndim) + tuple(x.shape))
    widths = x.narrow(axis, 1, x.shape[axis] - 1) - x.narrow(axis, 0, x.shape[axis] - 1) \
        if x.shape[axis] else x.narrow(axis, 0, 0)
    return axis, (y.narrow(axis, 1, size - 1) + y.narrow(axis, 0, size - 1)) * widths


def _trapezoid_spacing(y, x, dx, name):
    """(x, dx), a 0-dim tensor dx read as its number; bool samples, and a number given in x's
    place (torch's parser takes dx only by keyword), refused as torch refuses them."""
    if x is not None and not isinstance(x, Tensor):
        spacing = "float" if name == "trapz" else "Number"
        overloads = ["Tensor y, Tensor x, *, int dim = -1",
                     f"Tensor y, *, {spacing} dx = 1, int dim = -1"]
        listed = "".join(f" * ({signature})\n" for signature in
                         (overloads[::-1] if name == "trapz" else overloads))
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"{type(x).__name__}), but expected one of:\n{listed}")
    if y._dtype.category == D._BOOL or x is not None and x._dtype.category == D._BOOL:
        which = "`y`" if x is None else "`x` or `y`"
        raise RuntimeError(f"{name.replace('trapz', 'trapezoid')}: received a bool input for "
                           f"{which}, but bool is not supported")
    if isinstance(dx, Tensor):
        dx = dx.item()
    return x, dx


def _float_samples(y):
    """y in the default float dtype when it holds integers: the rule's halves (times 0.5) promote
    integer samples so in torch, and the products and sums are then taken in that dtype."""
    return y if y._dtype.category >= D._FLOAT else y.to(D.get_default_dtype())


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoid rule along dim: sum (x[i+1] - x[i]) (y[i+1] + y[i]) / 2 (spacing dx when
    x is not given: dx (sum y - (y[0] + y[-1]) / 2))."""
    x, dx = _trapezoid_spacing(y, x, dx, "trapezoid")
    axis, weighted = _trapezoid_parts(y, x, dim, "trapezoid")
    if y.shape[axis] == 0:
        return y.sum(axis) * 0
    if weighted is not None:
        return E.div_scalar(weighted.sum(axis), 2)
    y = _float_samples(y)
    ends = E.mul_scalar(y.select(axis, 0) + y.select(axis, -1), 0.5)
    return E.mul_scalar(y.sum(axis) - ends, 1 if dx is None else dx)


def trapz(y, x=None, *, dx=None, dim=-1):
    """The older spelling of trapezoid."""
    _trapezoid_spacing(y, x, dx, "trapz")
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoid rule along dim (one fewer element than y)."""
    x, dx = _trapezoid_spacing(y, x, dx, "cumulative_trapezoid")
    if x is None:
        y = _float_samples(y)
    axis, weighted = _trapezoid_parts(y, x, dim, "cumulative_trapezoid")
    size = y.shape[axis]
    if size == 0:
        return _float_samples(y.narrow(axis, 0, 0))
    if weighted is not None:
        return E.div_scalar(weighted.cumsum(axis), 2)
    pairs = y.narrow(axis, 1, size - 1) + y.narrow(axis, 0, size - 1)
    return E.mul_scalar(pairs, (1 if dx is None else dx) / 2).cumsum(axis)


# --- histograms ---------------------------------------------------------------------------------

histogram_type = return_types.make("histogram", ("hist", "bin_edges"))
histogramdd_type = return_types.make("histogramdd", ("hist", "bin_edges"))


_CPP_TYPES = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool"}


def _histogram_checks(input, bins, weight, dims):
    """torch's checks of histogram/histogramdd's arguments, in its order: bins tensors of the
    input's dtype and one dimension each, a float32/float64 input, and a weight of the input's
    dtype shaped as its points."""
    name = "torch.histogramdd"
    tensors = bins if isinstance(bins, (list, tuple)) else [bins]
    for dim, edges in enumerate(tensors):
        if not isinstance(edges, Tensor):
            continue
        if edges._dtype is not input._dtype:
            raise RuntimeError(
                f"{name}: input tensor and bins tensors should have the same dtype, but got "
                f"input with dtype {_CPP_TYPES.get(input._dtype.name, input._dtype.name)} and "
                f"bins for dimension {dim} with dtype "
                f"{_CPP_TYPES.get(edges._dtype.name, edges._dtype.name)}")
        if edges.ndim != 1:
            raise RuntimeError(f"{name}: bins tensor should have one dimension, but got "
                               f"{edges.ndim} dimensions in the bins tensor for dimension {dim}")
    if input._dtype not in (D.float32, D.float64):
        kernel = "histogram_cpu" if isinstance(bins, Tensor) else "histogramdd"
        raise NotImplementedError(f"\"{kernel}\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    if weight is not None:
        if weight._dtype is not input._dtype:
            raise RuntimeError(
                f"{name}: if weight tensor is provided, input tensor and weight tensor should "
                f"have the same dtype, but got input({_CPP_TYPES[input._dtype.name]}), and "
                f"weight({_CPP_TYPES.get(weight._dtype.name, weight._dtype.name)})")
        points = tuple(input.shape[:-1]) if dims else tuple(input.shape)
        if tuple(weight.shape) != points:
            shape = list(input.shape[:-1]) + [input.shape[-1]] if dims else \
                [input.numel(), 1]
            raise RuntimeError(
                f"{name}: if weight tensor is provided it should have the same shape as the "
                f"input tensor excluding its innermost dimension, but got input with shape "
                f"{shape} and weight with shape {list(weight.shape)}")


def _edges(values, bins, value_range, dtype, name, dim=0):
    """Bin edges as PyTorch makes them: given, or bins + 1 evenly spaced over the range (the
    data's min..max by default, widened by 1/2 on each side when it is one point)."""
    if isinstance(bins, Tensor):
        return bins._data.astype(dtype.np, copy=False)
    if bins <= 0:
        raise RuntimeError(f"{name}(): bins must be > 0, but got {bins} for dimension {dim}")
    if value_range is not None:
        low, high = value_range
    elif values.size:
        low, high = float(values.min()), float(values.max())
    else:
        low, high = 0.0, 1.0  # no data: torch's bins span [0, 1]
    if low > high:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {low:g} "
                           f"max {high:g} for dimension {dim}")
    if not (math.isfinite(low) and math.isfinite(high)):
        raise RuntimeError(f"{name}(): range of [{low}, {high}] is not finite")
    if low == high:
        low, high = low - 0.5, high + 0.5
    return linspace(low, high, bins + 1, dtype=dtype)._data


def _counts(samples, edges, weights):
    """Weighted counts of each sample's bin: [e_i, e_{i+1}), the last bin closed."""
    hist, _ = np.histogramdd(samples, bins=edges, weights=weights)
    return hist


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """(hist, bin_edges): the (weighted) count of input's elements in each bin, or the density
    (hist / (total * bin width)) when density."""
    _histogram_checks(input, bins, weight, dims=False)
    data = input._data.reshape(-1)
    edges = _edges(data, bins, range, input._dtype, "torch.histogram")
    weights = None if weight is None else weight._data.reshape(-1)
    hist = _counts(data[:, None], [edges], weights)
    if density:
        with np.errstate(all="ignore"):
            hist = hist / (hist.sum() * np.diff(edges))
    node = E._not_implemented("histogram")  # torch records both results, underivable
    return histogram_type(record(wrap(hist.astype(input._data.dtype)), node, (input, weight)),
                          record(wrap(edges.copy()), node, (input, weight)))


def histogramdd(input, bins, *, range=None, weight=None, density=False):
    """(hist, bin_edges): the D-dimensional histogram of the N points in input (..., D)."""
    _histogram_checks(input, bins, weight, dims=True)
    dims = input.shape[-1]
    points = input._data.reshape(-1, dims)
    if isinstance(bins, int):
        bins = [bins] * dims
    ranges = [None] * dims if range is None else \
        [(range[2 * i], range[2 * i + 1]) for i in builtins.range(dims)]
    edges = [_edges(points[:, i], b, r, input._dtype, "torch.histogramdd", i)
             for i, (b, r) in enumerate(zip(bins, ranges))]
    weights = None if weight is None else weight._data.reshape(-1)
    hist = _counts(points, edges, weights)
    if density:
        with np.errstate(all="ignore"):
            widths = np.ix_(*[np.diff(e) for e in edges])
            volume = _backend.namespace_of(hist).ones(hist.shape)
            for w in widths:
                volume = volume * w
            hist = hist / (hist.sum() * volume)
    node = E._not_implemented("_histogramdd_from_bin_cts")  # torch records it, underivable
    return histogramdd_type(record(wrap(hist.astype(input._data.dtype)), node, (input, weight)),
                            tuple(wrap(e.copy()) for e in edges))


# --- sets, index helpers, products --------------------------------------------------------------

def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """True where an element of elements is among test_elements (False when invert)."""
    tensor = elements if isinstance(elements, Tensor) else test_elements
    kinds = [a._dtype if isinstance(a, Tensor) else D.complex128 if isinstance(a, complex)
             else None for a in (elements, test_elements)]
    complex_kind = next((k for k in kinds if k is not None and k.category == D._COMPLEX), None)
    if complex_kind is not None:  # (NumPy would compare complex values silently)
        raise RuntimeError(f"Unsupported input type encountered for isin(): "
                           f"{type_name(complex_kind)}")
    xp = _backend.namespace_of(tensor._data)
    a = elements._data if isinstance(elements, Tensor) else xp.asarray(elements)
    b = test_elements._data if isinstance(test_elements, Tensor) else xp.asarray(test_elements)
    return wrap(np.isin(a, b, assume_unique=assume_unique, invert=invert))


def _indices(name, row, col, offset, dtype, device):
    from .._device import as_device, xp_for
    xp = xp_for(as_device(device))
    rows, cols = getattr(xp, name)(row, offset, col)
    dt = D.int64 if dtype is None else dtype
    return wrap(xp.stack([rows, cols]).astype(dt.np).reshape(2, -1))


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, N) row and column indices of the lower triangle of a row x col matrix."""
    return _indices("tril_indices", row, col, offset, dtype, device)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The (2, N) row and column indices of the upper triangle of a row x col matrix."""
    return _indices("triu_indices", row, col, offset, dtype, device)


def combinations(input, r=2, with_replacement=False):
    """The r-length combinations of a 1-D tensor's elements, as rows (itertools' order)."""
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    xp = _backend.namespace_of(input._data)
    if r == 0:
        return wrap(xp.zeros((0,), dtype=input._data.dtype))
    pick = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    n = input.shape[0]
    # Which cells of the n^r grid of index tuples are combinations (in itertools' order when
    # read row-major): each grid of one position's elements is masked by it, then stacked.
    mask = xp.zeros((n,) * r, dtype=bool)
    picked = list(pick(builtins.range(n), r))
    if picked:
        mask[tuple(xp.asarray(column) for column in zip(*picked))] = True
    mask = wrap(mask)
    grids = []
    for position in builtins.range(r):
        shape = [1] * r
        shape[position] = n
        grids.append(input.view(shape).expand((n,) * r).masked_select(mask))
    return stack(grids, 1)


# --- ops torch differentiates as one node (see _one_node) --------------------------------------

DistBackward0 = one_node("DistBackward0")
RenormBackward0 = one_node("RenormBackward0")
PutBackward0 = one_node("PutBackward0")
IndexReduceBackward0 = one_node("IndexReduceBackward0")


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast)."""
    for position, (argument, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"dist(): argument '{argument}' (position {position}) must be "
                            f"Tensor, not {py_type_name(value)}")
    return as_one_node(DistBackward0, lambda a, b: vector_norm(a - b, p), (input, other))


def inner(input, other):
    """The inner product over the last dims: out[i..., j...] = sum_k input[i..., k] *
    other[j..., k] (the product when either is 0-d)."""
    for position, (argument, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"inner(): argument '{argument}' (position {position}) must be "
                            f"Tensor, not {py_type_name(value)}")
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but "
                           f"got shapes {list(input.shape)} and {list(other.shape)}")
    return tensordot(input, other, ([input.ndim - 1], [other.ndim - 1]))


def vdot(input, other):
    """The dot product of two 1-D tensors (for real tensors, torch.dot)."""
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D "
                           "tensors")
    _dot_checks(input, other)
    return record(wrap(_backend.namespace_of(input._data).vdot(input._data, other._data),
                       input._dtype), VdotBackward0, (input, other), save=(input, other))


@grad_fn("VdotBackward0", complex_aware=True)
def VdotBackward0(ctx, grad):
    """d/dinput = conj(grad) other, d/dother = grad input (torch's conventions)."""
    input, other = ctx.saved_tensors
    needs = ctx.needs_input_grad
    return (grad.conj() * other if needs[0] else None,
            grad * input if needs[1] else None)


def diagflat(input, offset=0):
    """A 2-D matrix with input's flattened elements on the offset-th diagonal."""
    return diag(input.reshape(-1), offset)


def renorm(input, p, dim, maxnorm):
    """Each slice along dim whose p-norm exceeds maxnorm scaled to norm maxnorm."""
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if input.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {input.ndim} "
                           "dimensions")
    axis = _wrap_dim(dim, input.ndim)
    other_dims = tuple(d for d in builtins.range(input.ndim) if d != axis)

    def compose(input):
        norms = vector_norm(input, p, other_dims, keepdim=True)
        factor = E.where(norms > maxnorm, maxnorm / (norms + 1e-7), 1.0)
        return input * factor.to(input.dtype)
    return as_one_node(RenormBackward0, compose, (input,))


def _renorm_inplace(self, p, dim, maxnorm):
    return inplace(self, lambda current: renorm(current, p, dim, maxnorm))


def put(input, index, source, accumulate=False):
    """A copy of input with source's elements written at the flat positions index (added
    there when accumulate)."""
    if index._dtype is not D.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got "
                           f"{type_name(index._dtype)}")
    if source._dtype is not input._dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got "
                           f"self.dtype = {type_name(input._dtype)} and source.dtype = "
                           f"{type_name(source._dtype)}")
    if index.numel() != source.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of "
                           f"elements, but got source.numel() = {source.numel()}, "
                           f"index.numel() = {index.numel()}")
    n = input.numel()
    flat = index._data.reshape(-1)
    bad = flat[(flat >= n) | (flat < -n)]
    if bad.size:  # (index_put's own refusal names a dimension the user never indexed)
        raise IndexError(f"out of range: tried to access index {bad[0]} on a tensor of {n} "
                         "elements.")

    def compose(input, source):
        return input.reshape(-1).index_put((index.reshape(-1),), source.reshape(-1),
                                           accumulate=accumulate).reshape(input.shape)
    return as_one_node(PutBackward0, compose, (input, source))


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """input with the slices of source reduced (prod, mean, amax, amin) into the slices index
    names along dim: scatter_reduce with index spread over source's other dims."""
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or "
                           f"amin but got {reduce}.")
    axis = _wrap_dim(dim, max(input.ndim, 1))
    if index.ndim > 1:
        raise IndexError(f"index_reduce_(): Index is supposed to be a vector, but got dim: "
                         f"{index.ndim} with type: {type_name(index._dtype)} and size: "
                         f"{list(index.shape)}")
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError("index_reduce_(): Expected dtype int32/int64 for index but got: "
                           f"{type_name(index._dtype)}")
    if source.ndim and source.shape[axis] != index.numel():
        raise RuntimeError(f"index_reduce_(): Number of indices ({index.numel()}) should be equal "
                           f"to source.size(dim): ({source.shape[axis]}), for dim: {axis}")
    from .._deprecated import warn_once
    warn_once("index_reduce", "index_reduce() is in beta and the API may change at any time.")
    size = input.shape[axis] if input.ndim else 1
    if index.numel() and bool(((index < 0) | (index >= size)).any()):
        raise IndexError("index out of range in self")
    shape = [1] * source.ndim
    if source.ndim:
        shape[axis] = -1
    spread = index.to(D.int64).reshape(shape).expand(source.shape)
    return as_one_node(IndexReduceBackward0, lambda input, source: input.scatter_reduce(
        axis, spread, source, reduce, include_self=include_self), (input, source))


def _index_reduce_inplace(self, dim, index, source, reduce, *, include_self=True):
    return inplace(self, lambda current, s: index_reduce(current, dim, index, s, reduce,
                                                         include_self=include_self), source)


def _put_inplace(self, index, source, accumulate=False):
    return inplace(self, lambda current, s: put(current, index, s, accumulate), source)


FUNCTIONS = {
    "quantile": quantile, "nanquantile": nanquantile, "cov": cov, "corrcoef": corrcoef,
    "diff": diff, "gradient": gradient, "trapezoid": trapezoid, "trapz": trapz,
    "cumulative_trapezoid": cumulative_trapezoid, "histogram": histogram,
    "histogramdd": histogramdd, "isin": isin, "tril_indices": tril_indices,
    "triu_indices": triu_indices, "combinations": combinations, "dist": dist, "inner": inner,
    "vdot": vdot, "diagflat": diagflat, "renorm": renorm, "put": put,
    "index_reduce": index_reduce,
}
METHODS = {name: FUNCTIONS[name] for name in (
    "quantile", "nanquantile", "cov", "corrcoef", "diff", "histogram", "dist", "inner", "vdot",
    "diagflat", "renorm", "put", "index_reduce")}
METHODS.update({"renorm_": _renorm_inplace, "put_": _put_inplace,
                "index_reduce_": _index_reduce_inplace})
