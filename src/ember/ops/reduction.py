"""Reductions over dims: sum, mean, prod, var/std, max/min, norms, logsumexp, cumulative ops.

A reduction's derivative spreads the output gradient back over the reduced dims; ``_expand_back``
does that once for all of them (unsqueeze the dims ``keepdim=False`` removed, then broadcast).
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _dtype as D
from .. import _memory_format as MF
from .._backend import namespace_of
from .._tensor import Tensor, _wrap_dim
from ..autograd.grad_mode import is_grad_enabled
from ..amp.autocast_mode import cast_fp32
from ._registry import complex_half_error, computable, refuse_complex
from ._registry import ALL_DIMS, grad_fn, keepdim_without_dim, none_dim_error, not_tensor, record, type_name, wrap
from ._registry import check_dim_type, is_sparse
from .elementwise import _quiet, _quietly, div_scalar, where


def _dims(dim, ndim):
    """Normalise ``dim`` (None, int, or sequence) to a sorted tuple of non-negative dims."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = tuple(sorted(_wrap_dim(d, ndim) for d in dim))
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
        return dims if ndim else ()
    index = _wrap_dim(dim, ndim)
    # A 0-d tensor accepts dim 0 or -1 and has no axis to reduce.
    return (index,) if ndim else ()


def _dim_type(name, dim, expected="tuple of ints"):
    """torch's parser's TypeError for a ``dim`` of the wrong type, raised before any check of
    the input's dtype: a float (or bool) never, a tuple or list only where dims are a list."""
    scalar_only = expected == "int"
    if isinstance(dim, (float, bool)) or scalar_only and isinstance(dim, (tuple, list)):
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be {expected}, not "
                        f"{type(dim).__name__}")


_MISMATCH = "didn't match because some of the arguments have invalid types: (Tensor, !NoneType!)"
_SPREAD_SIGNATURES = (
    "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, Tensor out "
    "= None",
    "Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False, "
    "Tensor out = None", ("Tensor input, bool unbiased = True", _MISMATCH))
_SPREAD_MEAN_SIGNATURES = (
    "Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False",
    "Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False",
    ("Tensor input, bool unbiased = True", _MISMATCH))
_LOGICAL_SIGNATURES = (
    "Tensor input, *, Tensor out = None",
    "Tensor input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = None",
    "Tensor input, int dim, bool keepdim = False, *, Tensor out = None")
_TOTAL_TAIL = "tuple of ints dim, bool keepdim = False, *, ember.dtype dtype = None, Tensor out " \
    "= None"
# The overloads torch's parser lists when a reduction's dim is a float (a tuple too where dim is
# one int), with the lines it adds under some of them.
_DIM_OVERLOADS = {
    "sum": ("Tensor input, *, ember.dtype dtype = None", "Tensor input, " + _TOTAL_TAIL),
    "mean": ("Tensor input, *, ember.dtype dtype = None, Tensor out = None",
             "Tensor input, " + _TOTAL_TAIL),
    "std": _SPREAD_SIGNATURES, "var": _SPREAD_SIGNATURES,
    "std_mean": _SPREAD_MEAN_SIGNATURES, "var_mean": _SPREAD_MEAN_SIGNATURES,
    "all": _LOGICAL_SIGNATURES, "any": _LOGICAL_SIGNATURES,
    "count_nonzero": (("Tensor input, int dim = None", _MISMATCH),
                      ("Tensor input, tuple of ints dim", _MISMATCH)),
}


def _check_overload_dim(name, dim, signatures=None, one_int=False):
    """torch's "invalid combination of arguments" TypeError for a float dim (or a sequence,
    where ``one_int``: the op takes one dim) of an op with several overloads."""
    if isinstance(dim, float) or one_int and isinstance(dim, (tuple, list)):
        raise none_dim_error(name, signatures or _DIM_OVERLOADS[name],
                             given=type(dim).__name__)


def _expand_back(grad, shape, dims, keepdim):
    """Broadcast a reduction's gradient back to the input shape."""
    data = grad._data
    # (an empty input takes expand, which keeps torch's strides for it: all 0 for a full sum)
    if type(data) is np.ndarray and type(grad) is Tensor and not is_grad_enabled() and \
            0 not in shape:
        # A backward pass that records nothing (no create_graph): one broadcast view of the
        # gradient's array instead of an unsqueeze per reduced dim and an expand, each a
        # recorded view; the values and the shape are the same.
        if not data.ndim:  # a full reduction's: the view built directly (broadcast_to's
            # checks cost a small tensor's whole backward step)
            view = np.ndarray(shape, data.dtype, data, 0, (0,) * len(shape))
            view.flags.writeable = False
            return Tensor._make(view)
        if not keepdim and dims:
            data = data.reshape(tuple(1 if i in dims else n for i, n in enumerate(shape)))
        return Tensor._make(_broadcast_view(data, shape))
    if not keepdim and dims:
        for d in dims:
            grad = grad.unsqueeze(d)
    return grad.expand(shape)


def _broadcast_view(data, shape):
    """``np.broadcast_to(data, shape)`` for a NumPy array of shape's rank: the same read-only
    view (stride 0 on the broadcast dims), built directly when data is C-contiguous, since
    broadcast_to's checks cost more than a small tensor's whole backward step."""
    if data.flags.c_contiguous and data.ndim == len(shape):
        strides = []
        for have, want, stride in zip(data.shape, shape, data.strides):
            if have == want:
                strides.append(stride)
            elif have == 1:
                strides.append(0)
            else:
                break  # not broadcastable: broadcast_to's error
        else:
            view = np.ndarray(shape, data.dtype, data, 0, tuple(strides))
            view.flags.writeable = False
            return view
    return np.broadcast_to(data, shape)


class return_types:
    """Named results like PyTorch's ``torch.return_types.max(values=..., indices=...)``."""

    @staticmethod
    def make(name, fields):
        def __repr__(self):
            body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
            return f"ember.return_types.{name}(\n{body})"
        cls = type(name, (tuple,), {
            "__new__": lambda c, *vals: tuple.__new__(c, vals), "__repr__": __repr__,
            "__slots__": (), "_fields": fields, "__module__": "ember.return_types"})
        for i, f in enumerate(fields):
            setattr(cls, f, property(lambda self, i=i: tuple.__getitem__(self, i)))
        setattr(return_types, name, cls)  # ember.return_types.max, as torch.return_types.max
        return cls


_VI = ("values", "indices")
max_type = return_types.make("max", _VI)
min_type = return_types.make("min", _VI)
median_type = return_types.make("median", _VI)
mode_type = return_types.make("mode", _VI)


def _accumulating(arr):
    """Half-precision arrays (float16, bfloat16) as float32: PyTorch accumulates their
    reductions in float32 and rounds the result once; summing in 16 bits loses whole terms
    (a bfloat16 running sum stops growing at 512 when adding ones)."""
    if arr.dtype.itemsize == 2 and arr.dtype.kind in "fV":
        return arr.astype(np.float32)
    return arr


# The dtype torch's CPU running sums and products (cumsum, cumprod) carry their partial results
# in: one wider than the result's for floats (float32 and complex64 in double, the half types in
# float32), each output then rounded to the result dtype. A float32 running sum kept in float32
# drifts: 4096 additions of 0.1 end at 409.6158 where torch's ends at 409.6000.
_RUNNING = {np.dtype(np.float32): np.float64, np.dtype(np.complex64): np.complex128}


def _running(arr, np_dtype):
    """(arr in the result dtype, the dtype to accumulate it in) for cumsum/cumprod: the input is
    first converted to the result dtype (as torch converts it for dtype=), then accumulated in
    the wider dtype above (float32 for the half types, as sum does)."""
    if arr.dtype.kind == "c" and np.dtype(np_dtype).kind != "c":
        from .shape import _warn_complex_cast
        _warn_complex_cast()
        arr = arr.real
    arr = arr if arr.dtype == np_dtype else arr.astype(np_dtype)
    wide = arr.dtype if arr.dtype.itemsize != 2 or arr.dtype.kind not in "fV" else \
        np.dtype(np.float32)  # the half types, as _accumulating widens them
    return arr, _RUNNING.get(arr.dtype, wide)


def _rounded(result, np_dtype):
    """A reduction's result, accumulated by ``_accumulating``, back in the result dtype and
    row-major (torch's reductions write a fresh contiguous tensor, whatever the input's
    layout, a kept dim's stride counted as row-major order counts it)."""
    return _row_major(result if result.dtype == np_dtype else
                      result.astype(np_dtype, order="C"))


_row_major = MF.row_major_array


def sum(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Sum over ``dim`` (all dims by default); ints and bools sum as int64.
    d/dinput = 1 (the gradient is broadcast back over the reduced dims).

    Args:
        input: a Tensor.
        dim: a dimension or tuple of dimensions to reduce (default: all of them).
        keepdim: keep the reduced dimensions with size 1.
        dtype: the dtype to accumulate and return in.

    Returns:
        A Tensor: 0-d for a full sum.

    Example:
        >>> x = ember.tensor([[1, 2], [3, 4]])
        >>> x.sum(), x.sum(dim=0), x.sum(1, keepdim=True)
        (tensor(10), tensor([4, 6]), tensor([[3],
                [7]]))
    """
    # torch's two overloads: no dim (SumBackward0), or a dim list, which None or keepdim also
    # selects (SumBackward1: all dims, kept as size 1 under keepdim)
    overall = dim is ALL_DIMS and not keepdim
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim("sum", _DIM_OVERLOADS["sum"])
        dim = None
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("sum_cpu")
    if not isinstance(input, Tensor):
        raise not_tensor("sum", input)
    data = input._data
    if type(data) is not np.ndarray and is_sparse(input):
        return input.sum(dim, keepdim, dtype)
    if overall and dtype is None and type(data) is np.ndarray and data.ndim and \
            (input._dtype is D.float32 or input._dtype is D.float64):
        # A float32/float64 tensor's full sum (a loss's): the same reduction, kept as a 0-d
        # array (NumPy would return a scalar to convert back), without the general path's
        # dtype, layout and rounding steps, which have nothing to do here.
        dims = tuple(range(data.ndim))
        total = np.add.reduce(data, dims, None, None, True).reshape(())
        out = Tensor._wrap(total, input._dtype, input._device)
        return record(out, SumBackward0, (input,), dims=dims, keepdim=False)
    if type(dim) is float:
        _check_overload_dim("sum", dim)
    dt = D.as_dtype(dtype) if dtype is not None else \
        (D.int64 if input._dtype.category <= D._INT else input._dtype)
    dims = _dims(dim, input._data.ndim)
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    # The ufunc itself, not ndarray.sum: NumPy's Python wrapper would warn (inf + -inf,
    # float32 overflow) from outside ember, past the warning filter ember sets
    total = np.add.reduce(_accumulating(arr), dims, None, None, keepdim)
    out = wrap(_rounded(total, dt.np), dt)
    cls = SumBackward0 if overall else SumBackward1
    return record(out, cls, (input,), dims=dims, keepdim=keepdim)


@grad_fn("SumBackward0")
def SumBackward0(ctx, grad):
    return _expand_back(grad, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)


@grad_fn("SumBackward1")
def SumBackward1(ctx, grad):
    return _expand_back(grad, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum treating NaN as zero.   d/dinput = 1 where input is not NaN, else 0."""
    if not isinstance(input, Tensor):
        raise not_tensor("nansum", input)
    _dim_type("nansum", dim)
    dims = _dims(dim, input._data.ndim)  # torch checks dim before the dtype
    if input._dtype.category == D._COMPLEX:
        raise RuntimeError("nansum on CPU does not support complex inputs")
    dt = D.as_dtype(dtype) if dtype is not None else \
        (D.int64 if input._dtype.category <= D._INT else input._dtype)
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    total = _quietly(np.nansum, _accumulating(arr), dims, None, None, keepdim)
    out = wrap(_rounded(total, dt.np), dt)
    return record(out, NansumBackward0, (input,), (input,), dims=dims, keepdim=keepdim)


@grad_fn("NansumBackward0")
def NansumBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    g = _expand_back(grad, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)
    return where(x != x, 0.0, g)


def mean(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Arithmetic mean over ``dim``.   d/dinput = 1 / N over the reduced elements.

    Args:
        input: a floating or complex Tensor (or give ``dtype``).
        dim: a dimension or tuple of dimensions to reduce (default: all of them).
        keepdim: keep the reduced dimensions with size 1.
        dtype: cast to this dtype before averaging.

    Returns:
        A Tensor: 0-d for a full mean.

    Example:
        >>> x = ember.tensor([[1.0, 2.0], [3.0, 5.0]])
        >>> x.mean(), x.mean(dim=1)
        (tensor(2.7500), tensor([1.5000, 4.0000]))
    """
    overall = dim is ALL_DIMS and not keepdim  # MeanBackward0, as sum's overloads
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim("mean", _DIM_OVERLOADS["mean"])
        dim = None
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("sum_cpu")
    if not isinstance(input, Tensor):
        raise not_tensor("mean", input)
    if type(dim) is float:
        _check_overload_dim("mean", dim)
    _dim_type("mean", dim)
    dt = D.as_dtype(dtype) if dtype is not None else input._dtype
    if dt.category < D._FLOAT:
        which = "Input" if dtype is None else "Optional"
        raise RuntimeError(f"mean(): could not infer output dtype. {which} dtype must be either "
                           f"a floating point or complex dtype. Got: {type_name(dt)}")
    dims = _dims(dim, input._data.ndim)
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    count = 1
    for d in dims:
        count *= input._data.shape[d]
    with _quiet(all="ignore"):
        if count:
            out = wrap(_rounded(_accumulating(arr).mean(axis=dims, keepdims=keepdim), dt.np), dt)
        else:  # the mean of nothing is nan, as in torch, without NumPy's "empty slice" warning
            out = wrap(_rounded(_accumulating(arr).sum(axis=dims, keepdims=keepdim) / 0, dt.np),
                       dt)
    cls = MeanBackward0 if overall else MeanBackward1
    return record(out, cls, (input,), dims=dims, keepdim=keepdim, count=count)


def _mean_backward(ctx, grad):
    """Expanded, then divided by the count as a number (DivBackward1 over ExpandBackward0 under
    create_graph), as torch: the gradient is a new row-major tensor, not a broadcast view (a
    leaf takes it over with its strides)."""
    expanded = _expand_back(grad, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)
    if grad._dtype is not D.float32 and grad._dtype is not D.float64:
        return expanded / ctx.count  # (the count as a half would overflow)
    return div_scalar(expanded, ctx.count)


MeanBackward0 = grad_fn("MeanBackward0")(_mean_backward)
MeanBackward1 = grad_fn("MeanBackward1")(_mean_backward)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """mean over the non-nan elements (nan where all are nan); float and complex inputs only."""
    if not isinstance(input, Tensor):
        raise not_tensor("nanmean", input)
    if input._dtype.category < D._FLOAT:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype "
                           f"but got {type_name(input._dtype)}")
    if dtype is not None:
        input = input.to(dtype)
    not_nan = input == input
    return nansum(input, dim, keepdim) / not_nan.sum(dim, keepdim)


_PROD_SIGNATURES = ("Tensor input, *, ember.dtype dtype = None",
                    "Tensor input, int dim, bool keepdim = False, *, ember.dtype dtype = None, "
                    "Tensor out = None")


def prod(input, dim=ALL_DIMS, keepdim=False, *, dtype=None):
    """Product over one dim (or all).   d/dinput_i = product of the other elements."""
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim("prod", _PROD_SIGNATURES)
        dim = None
    elif dim is None:
        raise none_dim_error("prod", _PROD_SIGNATURES)
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("prod_out_cpu")
    if not isinstance(input, Tensor):
        raise not_tensor("prod", input)
    if dim is not None and type(dim) is not int:
        _check_overload_dim("prod", dim, _PROD_SIGNATURES, one_int=True)
    input = cast_fp32(input)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod(): argument 'dim' (position 1) must be int, not "
                        f"{type(dim).__name__}")
    dt = D.as_dtype(dtype) if dtype is not None else \
        (D.int64 if input._dtype.category <= D._INT else input._dtype)
    dims = _dims(dim, input._data.ndim)
    arr = input._data if input._data.dtype == dt.np else input._data.astype(dt.np)
    # (inf * 0 is nan) row-major, as torch writes a reduction's result
    out = wrap(_row_major(np.multiply.reduce(arr, dims, None, None, keepdim)), dt)
    cls = ProdBackward0 if dim is None else ProdBackward1
    return record(out, cls, (input,), (input, out), dims=dims, keepdim=keepdim)


def _prod_backward(ctx, grad):
    x, out = ctx.saved_tensors
    shape = ctx._input_meta[0][0]
    g = _expand_back(grad, shape, ctx.dims, ctx.keepdim)
    o = _expand_back(out, shape, ctx.dims, ctx.keepdim)
    if not (x._data == 0).any():
        return g * o / x
    if is_grad_enabled():
        # create_graph: the product of the others must itself have a derivative (it varies
        # with a zero even where it is 0), so it is built from ember ops
        return g * _prod_of_others_differentiable(x, ctx.dims)
    # With zeros, out / x is undefined: take the product of all the other elements directly.
    others = _quietly(_prod_of_others, x._data, ctx.dims)  # inf * 0 is nan, unannounced
    return g * Tensor._make(others)


def _prod_of_others_differentiable(x, dims):
    """prod_{m != i} x_m over ``dims`` for every i: the exclusive running products from the
    left and from the right, multiplied (cumprod's derivative carries the zeros)."""
    from .joining import cat
    last = tuple(range(x.ndim - len(dims), x.ndim))
    moved = x.movedim(dims, last)
    flat = moved.reshape(moved.shape[:x.ndim - len(dims)] + (-1,))
    ones = flat.new_ones(flat.shape[:-1] + (1,))
    left = cat([ones, flat[..., :-1]], -1).cumprod(-1)
    right = cat([flat[..., 1:], ones], -1).flip(-1).cumprod(-1).flip(-1)
    return (left * right).reshape(moved.shape).movedim(last, dims)


def _prod_of_others(x, dims):
    """``_prod_of_others_differentiable`` on arrays, for a backward that records no graph."""
    moved = np.moveaxis(x, dims, tuple(range(x.ndim - len(dims), x.ndim)))
    flat = moved.reshape(moved.shape[:x.ndim - len(dims)] + (-1,))
    left = np.cumprod(np.concatenate([np.ones_like(flat[..., :1]), flat[..., :-1]], -1), -1)
    right = np.flip(np.cumprod(np.flip(np.concatenate(
        [flat[..., 1:], np.ones_like(flat[..., :1])], -1), -1), -1), -1)
    res = (left * right).reshape(moved.shape)
    return np.moveaxis(res, tuple(range(x.ndim - len(dims), x.ndim)), dims)


ProdBackward0 = grad_fn("ProdBackward0")(_prod_backward)
ProdBackward1 = grad_fn("ProdBackward1")(_prod_backward)


def _spread(input, dim, unbiased, keepdim, correction, name, label=None):
    """var or std as an array, with its dims, correction and reduced element count N."""
    _dim_type(name, dim)
    if input._dtype.category < D._FLOAT:
        kind = "std and var" if name in ("std", "var") else name
        raise RuntimeError(f"{kind} only support floating point and complex dtypes")
    correction = _correction(unbiased, correction, label or name)
    dims = _dims(dim, input._data.ndim)
    n = 1
    for d in dims:
        n *= input._data.shape[d]
    # torch's reduction factor is input numel / output numel: 0 for an empty input.
    arr = _accumulating(input._data)
    with _quiet(all="ignore"):
        if (n if input._data.size else 0) - correction <= 0:
            from .._deprecated import _user_stacklevel
            warnings.warn(f"{label or name}(): degrees of freedom is <= 0. Correction should be "
                          "strictly less than the reduction factor (input numel divided by "
                          "output numel).", UserWarning, stacklevel=_user_stacklevel())
            r = _without_degrees_of_freedom(arr, name, dims, keepdim, n)
        else:
            r = getattr(arr, name)(axis=dims, ddof=correction, keepdims=keepdim)
    return wrap(_rounded(r, input._data.dtype), input._dtype), dims, correction, n


def _without_degrees_of_freedom(arr, name, dims, keepdim, n):
    """std or var where the correction leaves no degrees of freedom: the sum of squares over
    zero, +inf where a slice spreads and nan where it does not or is empty. Computed so that
    NumPy does not warn: catching its warning would reset Python's registry of warnings
    already shown, and the caller's own "degrees of freedom" warning would repeat at every
    call from one line (torch's shows once there)."""
    if n:
        return getattr(arr, name)(axis=dims, keepdims=keepdim) / 0.0
    return np.add.reduce(np.abs(arr), dims, keepdims=keepdim) * np.nan


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance with Bessel's ``correction`` (default 1).
    d/dinput = 2 (input - mean) / (N - correction)."""
    if not isinstance(input, Tensor):
        raise not_tensor("var", input)
    if type(dim) is float:
        _check_overload_dim("var", dim)
    out, dims, correction, n = _spread(input, dim, unbiased, keepdim, correction, "var")
    return record(out, VarBackward0, (input,), (input,), dims=dims, keepdim=keepdim,
                  correction=correction, count=n)


_OUT = ", *, Tensor out = None"


def _correction(unbiased, correction, name="std"):
    if unbiased is not None and not isinstance(unbiased, (bool, int, float, np.integer)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(unbiased={type(unbiased).__name__}, ), but expected one of:\n"
                        f" * (tuple of ints dim, bool unbiased = True, bool keepdim = False)\n"
                        f" * (tuple of ints dim = None, *, Number correction = None, bool "
                        f"keepdim = False)\n * (bool unbiased = True)\n      didn't match "
                        f"because some of the keywords were incorrect: unbiased\n")
    if isinstance(unbiased, bool) and correction is not None:
        # torch has no overload taking both (ember cannot tell a method call or a positional
        # dim here: the text is that of the function called with keywords)
        raise TypeError(
            f"{name}() received an invalid combination of arguments - got (Tensor, correction="
            f"{type(correction).__name__}, unbiased=bool), but expected one of:\n"
            f" * (Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False"
            f"{_OUT if '_' not in name else ''})\n"
            f" * (Tensor input, tuple of ints dim = None, *, Number correction = None, bool "
            f"keepdim = False{', Tensor out = None' if '_' not in name else ''})\n"
            f" * (Tensor input, bool unbiased = True)\n")
    if isinstance(unbiased, (int, float)) and not isinstance(unbiased, bool) and \
            correction is None:
        return unbiased  # var(x, dim) passed positionally as var(x, 0) in older call styles
    if correction is not None:
        return correction
    return 0 if unbiased is False else 1


def _degrees(ctx):
    # PyTorch divides by N - correction as it is (a negative count flips the sign); N equal to
    # the correction gives an infinite factor, so 0/0 spreads become NaN as in PyTorch.
    dof = ctx.count - ctx.correction
    return dof if dof != 0 else math.inf


def _var_input_grad(ctx, x, grad):
    centered = x - x.mean(ctx.dims, keepdim=True)
    g = _expand_back(grad, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)
    dof = _degrees(ctx)
    return g * centered * (2.0 / dof if dof is not math.inf else math.inf)


def _std_input_grad(ctx, x, out, grad):
    centered = x - x.mean(ctx.dims, keepdim=True)
    # Where the deviation is 0 the derivative is undefined; PyTorch gives 0 there.
    g = _expand_back(where(out == 0, 0.0, grad / out), ctx._input_meta[0][0], ctx.dims,
                     ctx.keepdim)
    return g * centered / _degrees(ctx)


@grad_fn("VarBackward0")
def VarBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    return _var_input_grad(ctx, x, grad)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation.   d/dinput = (input - mean) / ((N - correction) * out)."""
    if not isinstance(input, Tensor):
        raise not_tensor("std", input)
    if type(dim) is float:
        _check_overload_dim("std", dim)
    out, dims, correction, n = _spread(input, dim, unbiased, keepdim, correction, "std")
    return record(out, StdBackward0, (input,), (input, out), dims=dims, keepdim=keepdim,
                  correction=correction, count=n)


@grad_fn("StdBackward0")
def StdBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    return _std_input_grad(ctx, x, out, grad)


def _with_mean(input, dim, unbiased, keepdim, correction, name, node_cls):
    if type(dim) is float:
        _check_overload_dim(f"{name}_mean", dim)
    _dim_type(f"{name}_mean", dim)
    if input._dtype.category < D._FLOAT:
        raise RuntimeError(f"{name}_mean only support floating point and complex dtypes")
    spread, dims, correction, n = _spread(input, dim, unbiased, keepdim, correction, name,
                                          f"{name}_mean")
    with _quiet(all="ignore"):
        # the mean of an empty slice as 0 / 0 (NumPy's mean would warn; see
        # _without_degrees_of_freedom for why that warning is not caught)
        average = wrap(input._data.mean(axis=dims, keepdims=keepdim) if n else
                       np.add.reduce(input._data, dims, keepdims=keepdim) / 0, input._dtype)
    return record((spread, average), node_cls, (input,), (input, spread), dims=dims,
                  keepdim=keepdim, correction=correction, count=n)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) in one op.   d/dinput = var's derivative + grad_mean / N."""
    if not isinstance(input, Tensor):
        raise not_tensor("var_mean", input)
    return _with_mean(input, dim, unbiased, keepdim, correction, "var", VarMeanBackward0)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) in one op.   d/dinput = std's derivative + grad_mean / N."""
    if not isinstance(input, Tensor):
        raise not_tensor("std_mean", input)
    return _with_mean(input, dim, unbiased, keepdim, correction, "std", StdMeanBackward0)


def _mean_part(ctx, grad_mean):
    return _expand_back(grad_mean / ctx.count, ctx._input_meta[0][0], ctx.dims, ctx.keepdim)


@grad_fn("VarMeanBackward0", num_outputs=2)
def VarMeanBackward0(ctx, grad_var, grad_mean):
    x, _ = ctx.saved_tensors
    return _var_input_grad(ctx, x, grad_var) + _mean_part(ctx, grad_mean)


@grad_fn("StdMeanBackward0", num_outputs=2)
def StdMeanBackward0(ctx, grad_std, grad_mean):
    x, out = ctx.saved_tensors
    return _std_input_grad(ctx, x, out, grad_std) + _mean_part(ctx, grad_mean)


def _check_each_nonempty(name, input, dim):
    """amax/amin on an empty input: PyTorch takes the dims one by one, in the order given, and
    refuses the first of size zero before it looks for repeated dims."""
    shape = input._data.shape
    for given in dim if isinstance(dim, (tuple, list)) else () if dim is None else (dim,):
        d = _wrap_dim(given, len(shape))
        if shape and shape[d] == 0:  # the dim named as given
            raise IndexError(f"{name}(): Expected reduction dim {given} to have non-zero size.")


def check_nonempty(name, input, dims, all_error=IndexError):
    """PyTorch's errors for a reduction with no identity over an empty input: the whole
    tensor (``dims`` None or empty) or a dim of size zero."""
    if not dims:
        if all_error is IndexError:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             "input.numel() == 0.")
        raise all_error(f"{name}(): Expected reduction dim to be specified for input.numel() == "
                        "0. Specify the reduction dim with the 'dim' argument.")
    for d in dims:
        if input._data.ndim and input._data.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _extreme(input, dim, keepdim, np_fn, arg_fn, name, cls_all, cls_dim, result_type):
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)
    if dim is not None and type(dim) is not int:
        _check_overload_dim(name, dim, _EXTREME_SIGNATURES, one_int=True)
    if dim is not None:
        _wrap_dim(dim, input._data.ndim)  # torch checks dim before the dtype
    if input._dtype.category == D._COMPLEX:
        if dim is not None:
            raise RuntimeError(f"{name}(): does not support complex input")
        raise NotImplementedError(f"\"{name}_all\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    if dim is None:
        if input._data.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        out = wrap(np_fn(input._data), input._dtype)
        return record(out, cls_all, (input,), (input, out))
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim and input._data.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    data = input._data if input._data.ndim else input._data.reshape(1)
    idx = arg_fn(data, axis=d if input._data.ndim else 0, keepdims=True)
    values = np.take_along_axis(data, idx, axis=d if input._data.ndim else 0)
    if not keepdim or not input._data.ndim:
        values = values.squeeze(d if input._data.ndim else 0)
        idx = idx.squeeze(d if input._data.ndim else 0)
    values = wrap(values, input._dtype)
    indices = wrap(idx.astype(np.int64))
    record(values, cls_dim, (input,), (indices,), dim=d, keepdim=keepdim)
    return result_type(values, indices)


def _nan_arg(np_arg):
    def fn(a, axis, keepdims):
        # PyTorch propagates NaN: a NaN anywhere along the dim is the max and the min.
        r = np_arg(a, axis=axis, keepdims=keepdims)
        if a.dtype.kind == "f":
            nan = np.isnan(a)
            if nan.any():
                r = np.where(nan.any(axis=axis, keepdims=keepdims),
                             np.argmax(nan, axis=axis, keepdims=keepdims), r)
        return r
    return fn


_EXTREME_SIGNATURES = ("Tensor input, *, Tensor out = None",
                       "Tensor input, Tensor other, *, Tensor out = None",
                       "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = "
                       "None")


def max(input, dim=ALL_DIMS, keepdim=False, *, out=None):
    """max over all elements, or (values, indices) along ``dim``; or elementwise with a tensor.
    d/dinput = the gradient at the maximal element(s)."""
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim("max", _EXTREME_SIGNATURES)
        dim = None
    elif dim is None:
        raise none_dim_error("max", _EXTREME_SIGNATURES)
    if dim is None and isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("max_all")
    if isinstance(dim, Tensor):
        from .elementwise import maximum
        return maximum(input, dim)
    return _extreme(input, dim, keepdim, np.max, _nan_arg(np.argmax), "max", MaxBackward1,
                    MaxBackward0, max_type)


def min(input, dim=ALL_DIMS, keepdim=False, *, out=None):
    """min over all elements, or (values, indices) along ``dim``; or elementwise with a tensor."""
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim("min", _EXTREME_SIGNATURES)
        dim = None
    elif dim is None:
        raise none_dim_error("min", _EXTREME_SIGNATURES)
    if dim is None and isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("min_all")
    if isinstance(dim, Tensor):
        from .elementwise import minimum
        return minimum(input, dim)
    return _extreme(input, dim, keepdim, np.min, _nan_arg(np.argmin), "min", MinBackward1,
                    MinBackward0, min_type)


def _evenly_distribute(ctx, grad):
    x, out = ctx.saved_tensors
    # a NaN extreme: torch's gradient goes to the NaN elements (x == NaN holds nowhere)
    mask = (x == out) | (x.isnan() & out.isnan())
    return mask * (grad / mask.sum())


def _to_index(ctx, grad):
    (indices,) = ctx.saved_tensors
    shape = ctx._input_meta[0][0]
    if not shape:
        return grad.reshape(())
    if not ctx.keepdim:
        grad = grad.unsqueeze(ctx.dim)
        indices = indices.unsqueeze(ctx.dim)
    from .indexing import scatter
    zeros = grad.new_zeros(shape)
    return scatter(zeros, ctx.dim, indices, grad)


MaxBackward1 = grad_fn("MaxBackward1")(_evenly_distribute)
MinBackward1 = grad_fn("MinBackward1")(_evenly_distribute)
MaxBackward0 = grad_fn("MaxBackward0")(_to_index)
MinBackward0 = grad_fn("MinBackward0")(_to_index)


def amax(input, dim=(), keepdim=False):
    """Max over dims (values only).   The gradient is split evenly between tied maxima."""
    if not isinstance(input, Tensor):
        raise not_tensor("amax", input)
    check_dim_type("amax", dim, "tuple of ints")
    if input._data.size == 0:
        _check_each_nonempty("amax", input, dim)
    dims = _dims(dim, input._data.ndim)  # torch checks dim before the dtype
    refuse_complex(input, "max_values_cpu")
    if input._data.size == 0:
        check_nonempty("amax", input, dims if dim not in ((), [], None) else None,
                       RuntimeError)
    out = wrap(_row_major(np.max(input._data, axis=dims, keepdims=keepdim)), input._dtype)
    return record(out, AmaxBackward0, (input,), (input, out), dims=dims, keepdim=keepdim)


def amin(input, dim=(), keepdim=False):
    """Min over dims (values only).   The gradient is split evenly between tied minima."""
    if not isinstance(input, Tensor):
        raise not_tensor("amin", input)
    check_dim_type("amin", dim, "tuple of ints")
    if input._data.size == 0:
        _check_each_nonempty("amin", input, dim)
    dims = _dims(dim, input._data.ndim)  # torch checks dim before the dtype
    refuse_complex(input, "min_values_cpu")
    if input._data.size == 0:
        check_nonempty("amin", input, dims if dim not in ((), [], None) else None,
                       RuntimeError)
    out = wrap(_row_major(np.min(input._data, axis=dims, keepdims=keepdim)), input._dtype)
    return record(out, AminBackward0, (input,), (input, out), dims=dims, keepdim=keepdim)


def _amax_backward(ctx, grad):
    x, out = ctx.saved_tensors
    return _to_extremes(ctx, x, out, grad)


def _to_extremes(ctx, x, out, grad):
    """Split the gradient evenly between the elements equal to the reduced extreme."""
    shape = ctx._input_meta[0][0]
    o = _expand_back(out, shape, ctx.dims, ctx.keepdim)
    mask = x == o
    count = _expand_back(mask.sum(ctx.dims, keepdim=ctx.keepdim), shape, ctx.dims, ctx.keepdim)
    return _expand_back(grad, shape, ctx.dims, ctx.keepdim) * mask / count


AmaxBackward0 = grad_fn("AmaxBackward0")(_amax_backward)
AminBackward0 = grad_fn("AminBackward0")(_amax_backward)


def _arg_extreme(name, np_arg):
    """argmax/argmin: the index of the extreme (of the flattened tensor when dim is None)."""
    pick = _nan_arg(np_arg)

    def op(input, dim=None, keepdim=False):
        if not isinstance(input, Tensor):
            raise not_tensor(name, input)
        if dim is not None:
            _dim_type(name, dim, "int")
        if input._dtype is D.bool_:
            raise RuntimeError(f"{name}(): does not support bool input")
        if input._data.size == 0:
            check_nonempty(name, input, None if dim is None else
                           (_wrap_dim(dim, input._data.ndim),))
        if dim is None or input._data.ndim == 0:
            _dims(dim, input._data.ndim)
            r = namespace_of(input._data).asarray(pick(input._data.reshape(-1), 0, False))
            if keepdim:
                r = r.reshape((1,) * input._data.ndim)
            return wrap(r.astype(np.int64))
        d = _wrap_dim(dim, input._data.ndim)
        return wrap(pick(input._data, axis=d, keepdims=keepdim).astype(np.int64))
    op.__name__ = name
    op.__doc__ = f"Index of the {name[3:]} (of the flattened tensor when dim is None)."
    return op


argmax = _arg_extreme("argmax", np.argmax)
argmin = _arg_extreme("argmin", np.argmin)


def all(input, dim=None, keepdim=False):
    """True if every element (along dim) is nonzero."""
    if not isinstance(input, Tensor):
        raise not_tensor("all", input)
    if type(dim) is float:
        _check_overload_dim("all", dim)
    dims = None if dim is None else _dims(dim, input._data.ndim)
    r = wrap(np.all(computable(input), axis=dims, keepdims=keepdim))
    return r if input._dtype is not D.uint8 else r.to(D.uint8)


def any(input, dim=None, keepdim=False):
    """True if some element (along dim) is nonzero."""
    if not isinstance(input, Tensor):
        raise not_tensor("any", input)
    if type(dim) is float:
        _check_overload_dim("any", dim)
    dims = None if dim is None else _dims(dim, input._data.ndim)
    r = wrap(np.any(computable(input), axis=dims, keepdims=keepdim))
    return r if input._dtype is not D.uint8 else r.to(D.uint8)


def _is_all_true(input):
    """Whether every element of the bool tensor ``input`` is true, as a 0-dim bool tensor.

    The check distributions make of their parameters and values. Under ``vmap`` it answers
    for the whole batch, not per sample, so ``bool()`` of it is allowed there (ember's vmap
    runs sample by sample: a sample whose elements are not all true makes it false).

    Example:
        >>> ember._is_all_true(ember.tensor([True, False]))
        tensor(False)
    """
    return _bool_reduction("_is_all_true", all, input)


def _is_any_true(input):
    """Whether some element of the bool tensor ``input`` is true, as a 0-dim bool tensor
    (under ``vmap``, for the whole batch: see ``_is_all_true``).

    Example:
        >>> ember._is_any_true(ember.tensor([True, False]))
        tensor(True)
    """
    return _bool_reduction("_is_any_true", any, input)


def _bool_reduction(name, reduce, input):
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)
    if input._dtype is not D.bool_:
        raise RuntimeError(f"{name}: expected a bool tensor, got {input._dtype}")
    return reduce(input)


def count_nonzero(input, dim=None):
    if not isinstance(input, Tensor):
        raise not_tensor("count_nonzero", input)
    if type(dim) is float:
        _check_overload_dim("count_nonzero", dim)
    dims = None if dim is None else _dims(dim, input._data.ndim)
    xp = namespace_of(input._data)
    return wrap(xp.asarray(xp.count_nonzero(input._data, axis=dims)).astype(np.int64))


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) computed stably.   d/dinput = exp(input - out) = softmax(input)."""
    if not isinstance(input, Tensor):
        raise not_tensor("logsumexp", input)
    if dim is None:
        raise none_dim_error("logsumexp", expected="tuple of ints")
    check_dim_type("logsumexp", dim, "tuple of ints")
    dims = _dims(dim, input._data.ndim)
    x = input._data if input._dtype.category >= D._FLOAT else \
        input._data.astype(D.get_default_dtype().np)
    m = np.max(x, axis=dims, keepdims=True) if x.size else np.zeros_like(x, shape=(1,) * x.ndim)
    m = np.where(np.isfinite(m), m, 0)
    with _quiet(all="ignore"):
        # Each step rounds to x's dtype as PyTorch's composite does; only the sum accumulates
        # half precision in float32.
        total = _rounded(np.sum(_accumulating(np.exp(x - m)), axis=dims, keepdims=True), x.dtype)
        r = np.log(total) + m
    if not keepdim:
        r = r.squeeze(dims)
    out = wrap(r, D.from_numpy_dtype(x.dtype))
    return record(out, LogsumexpBackward0, (input,), (input, out), dims=dims, keepdim=keepdim)


@grad_fn("LogsumexpBackward0")
def LogsumexpBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    shape = ctx._input_meta[0][0]
    o = _expand_back(out, shape, ctx.dims, ctx.keepdim)
    return _expand_back(grad, shape, ctx.dims, ctx.keepdim) * (x - o).exp()


def cumsum(input, dim, *, dtype=None):
    """Running sum along dim.   d/dinput = reversed running sum of the gradient."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("cumsum_out_cpu")
    if not isinstance(input, Tensor):
        raise not_tensor("cumsum", input)
    check_dim_type("cumsum", dim)
    d = _wrap_dim(dim, input._data.ndim)
    dt = D.as_dtype(dtype) if dtype is not None else \
        (D.int64 if input._dtype.category <= D._INT else input._dtype)
    if dt is D.bool_:
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    arr = input._data if input._data.ndim else input._data.reshape(1)
    arr, accumulating = _running(arr, dt.np)
    running = np.add.accumulate(arr, d, accumulating)
    out = wrap(_rounded(running, dt.np).reshape(input._data.shape), dt)
    return record(out, CumsumBackward0, (input,), dim=d)


@grad_fn("CumsumBackward0")
def CumsumBackward0(ctx, grad):
    if grad.ndim == 0:
        return grad
    return grad.flip(ctx.dim).cumsum(ctx.dim).flip(ctx.dim)


def cumprod(input, dim, *, dtype=None):
    """Running product along dim.   d/dinput_i = sum_{j>=i} grad_j * out_j / input_i."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("cumprod_out_cpu")
    if not isinstance(input, Tensor):
        raise not_tensor("cumprod", input)
    check_dim_type("cumprod", dim)
    d = _wrap_dim(dim, input._data.ndim)
    dt = D.as_dtype(dtype) if dtype is not None else \
        (D.int64 if input._dtype.category <= D._INT else input._dtype)
    if dt is D.bool_:
        raise NotImplementedError("\"cumprod_out_cpu\" not implemented for 'Bool'")
    arr = input._data if input._data.ndim else input._data.reshape(1)
    arr, accumulating = _running(arr, dt.np)
    running = np.multiply.accumulate(arr, d, accumulating)
    out = wrap(_rounded(running, dt.np).reshape(input._data.shape), dt)
    return record(out, CumprodBackward0, (input,), (input, out), dim=d)


@grad_fn("CumprodBackward0")
def CumprodBackward0(ctx, grad):
    x, out = ctx.saved_tensors
    if grad.ndim == 0:
        return grad
    d = ctx.dim
    if not (x._data == 0).any():
        return (grad * out).flip(d).cumsum(d).flip(d) / x
    if is_grad_enabled():
        # create_graph: the split below has the right values but not the right derivative
        # (a term grad_j * out_j / x_i with j past the zero is 0 yet varies with the zero), so
        # each x_i's gradient is summed from the products that leave x_i out, with ember ops.
        return _cumprod_grad_differentiable(x, grad, d)
    # Zeros: with k the first zero of a slice, an x_i before it gets the formula above summed
    # over j < k only; x_k gets prod_{m<k} x_m * sum_{j>=k} grad_j prod_{k<m<=j} x_m; the rest
    # get 0. (torch's split, which also decides what inf and nan inputs give.)
    return Tensor._make(_quietly(_cumprod_grad_with_zeros, x._data, out._data, grad._data, d))


def _cumprod_grad_differentiable(x, grad, d):
    """d/dx_i = sum_{j>=i} grad_j prod_{m<=j, m!=i} x_m, one i at a time (n cumprods of the
    slice with x_i set to 1): quadratic in the length, used only under create_graph."""
    xs, gs = x.movedim(d, -1), grad.movedim(d, -1)
    n = xs.shape[-1]
    position = namespace_of(xs._data).arange(n)
    columns = []
    for i in range(n):
        left_out = where(Tensor._make(position == i), 1.0, xs).cumprod(-1)
        columns.append(where(Tensor._make(position >= i), gs * left_out, 0.0).sum(-1))
    from .joining import stack
    return stack(columns, -1).movedim(-1, d)


def _cumprod_grad_with_zeros(x, out, grad, d):
    xs, outs, gs = (np.moveaxis(a, d, -1) for a in (x, out, grad))
    n = xs.shape[-1]
    zero = xs == 0
    k = np.where(zero.any(-1, keepdims=True), zero.argmax(-1)[..., None], n)
    position = namespace_of(xs).arange(n)
    before = position < k
    partial = np.where(before, gs * outs, 0)
    suffix = np.flip(np.cumsum(np.flip(partial, -1), -1), -1)
    res = np.where(before, suffix / np.where(before, xs, 1), 0)
    prefix = np.take_along_axis(outs, np.maximum(k - 1, 0), -1)
    prefix = np.where(k > 0, prefix, 1)
    after = np.cumprod(np.where(position > k, xs, 1), -1)
    at_zero = prefix * np.where(position >= k, gs * after, 0).sum(-1, keepdims=True)
    res = np.where(position == k, at_zero, res)
    return np.moveaxis(res, -1, d)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector p-norm over dims (Frobenius = 2-norm of the flattened tensor)."""
    from .linalg import vector_norm
    if type(input) is not Tensor and is_sparse(input):  # its own norm: of the stored values
        return input.norm(p, dim, keepdim, dtype)
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):  # 'nuc', or an order only matrix_norm can name in its error
        from .linalg import matrix_norm
        return matrix_norm(input, p, dim if dim is not None else (-2, -1), keepdim)
    return vector_norm(input, p, dim, keepdim, dtype=dtype)


aminmax_type = return_types.make("aminmax", ("min", "max"))


def aminmax(input, *, dim=None, keepdim=False):
    """(amin, amax) in one op; each gradient is split evenly between tied extremes."""
    dims = _dims(dim, input._data.ndim)
    if input._data.size == 0 and (dim is None or input._data.shape[dims[0]] == 0):
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                           "operation has no identity.")
    low = wrap(np.min(input._data, axis=dims, keepdims=keepdim), input._dtype)
    high = wrap(np.max(input._data, axis=dims, keepdims=keepdim), input._dtype)
    record((low, high), AminmaxBackward0, (input,), (input, low, high), dims=dims,
           keepdim=keepdim)
    return aminmax_type(low, high)


@grad_fn("AminmaxBackward0", num_outputs=2)
def AminmaxBackward0(ctx, grad_min, grad_max):
    x, low, high = ctx.saved_tensors
    return _to_extremes(ctx, x, low, grad_min) + _to_extremes(ctx, x, high, grad_max)


FUNCTIONS = {
    "sum": sum, "nansum": nansum, "mean": mean, "nanmean": nanmean, "prod": prod, "var": var,
    "std": std, "var_mean": var_mean, "std_mean": std_mean, "max": max, "min": min,
    "amax": amax, "amin": amin, "argmax": argmax, "argmin": argmin, "all": all, "any": any,
    "count_nonzero": count_nonzero, "logsumexp": logsumexp, "cumsum": cumsum,
    "cumprod": cumprod, "norm": norm, "aminmax": aminmax, "_is_all_true": _is_all_true,
    "_is_any_true": _is_any_true,
}
METHODS = dict(FUNCTIONS)
METHODS["cumsum_"] = lambda self, dim: self.copy_(cumsum(self, dim))
