"""The meta device's arrays: shape, dtype and strides, and no data.

A ``MetaArray`` stands where a NumPy array would, so every op body runs unchanged on it: NumPy
hands ufuncs and array functions on it to ``__array_ufunc__`` / ``__array_function__``, which
work out the result's shape and dtype with NumPy's own rules without touching full-size data:

* ufuncs: the inputs' shapes broadcast, the dtype comes from the ufunc run on 0-d probes;
* reductions: the reduced axes are cut to one element before NumPy reduces a stand-in;
* views (transpose, basic slicing, reshape without a copy, broadcast, as_strided...): NumPy
  computes the view on a *strided ghost*, an array with this array's strides over a
  one-element buffer that is never read, so the result has a view's strides and offset;
* anything else runs on *zero-stride stand-ins* (one element repeated, so reading them is
  safe) and keeps only the result's shape and dtype.

What depends on the values (``nonzero``, ``unique``, boolean masks, ``item``...) raises
NotImplementedError or RuntimeError as PyTorch does for meta tensors; writes are no-ops.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

_NO_DATA = "Cannot copy out of meta tensor; no data!"
_ALL_TRUE = -1  # the offset that marks the 0-d result of an ``all`` (see ``__bool__``)


def _contiguous_strides(shape, itemsize):
    strides = []
    step = itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


_NONZERO = ("The register_meta function for torch.nonzero() raises unimplemented by default, "
            "as a correct data-independent implementation does not exist. This implementation "
            "returns a fake value, assuming all elements of the tensor are non-zero. To enable "
            "this registration, please set "
            "'torch.fx.experimental._config.meta_nonzero_assume_all_nonzero' to True.")


def _no_values(name):
    if name in ("nonzero", "argwhere", "flatnonzero", "extract", "compress"):
        return NotImplementedError(_NONZERO)
    return NotImplementedError(
        f"{name}: attempted to run this operator with Meta tensors, but there was no fake impl "
        f"or Meta kernel registered (its result's shape depends on the data, which a meta "
        f"tensor does not have)")


class _Pointer:
    __slots__ = ("ptr",)

    def __init__(self, ptr):
        self.ptr = ptr


class _Flags:
    __slots__ = ("c_contiguous", "f_contiguous")
    writeable = True
    owndata = False
    aligned = True

    def __init__(self, array):
        self.c_contiguous = _is_contiguous(array.shape, array.strides, array.itemsize)
        self.f_contiguous = _is_contiguous(array.shape[::-1], array.strides[::-1],
                                           array.itemsize)

    fortran = property(lambda self: self.f_contiguous and not self.c_contiguous)

    def __getitem__(self, key):
        return getattr(self, {"C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous",
                              "F_CONTIGUOUS": "f_contiguous", "F": "f_contiguous",
                              "WRITEABLE": "writeable"}.get(key, key.lower()))


def _is_contiguous(shape, strides, itemsize):
    """NumPy's C-contiguity: strides of size-1 dims do not count, empty arrays always are."""
    if 0 in shape:
        return True
    step = itemsize
    for n, s in zip(reversed(shape), reversed(strides)):
        if n != 1 and s != step:
            return False
        step *= n
    return True


class MetaArray(np.lib.mixins.NDArrayOperatorsMixin):
    """An array with a shape, a dtype, strides (in bytes, as NumPy's) and a storage offset (in
    bytes), and no elements."""

    __slots__ = ("shape", "dtype", "strides", "offset")
    _is_meta = True
    __array_priority__ = 1000
    base = None

    def __init__(self, shape, dtype, strides=None, offset=0):
        self.shape = tuple(int(n) for n in shape)
        self.dtype = np.dtype(dtype)
        self.strides = _contiguous_strides(self.shape, self.dtype.itemsize) if strides is None \
            else tuple(int(s) for s in strides)
        self.offset = offset

    # -- what NumPy arrays report ---------------------------------------------------------------
    ndim = property(lambda self: len(self.shape))
    # An address space of its own: ``data.ptr`` is the byte offset in the storage, so code that
    # locates a view in its storage by address difference works on meta arrays too.
    data = property(lambda self: _Pointer(self.offset))
    size = property(lambda self: math.prod(self.shape))
    itemsize = property(lambda self: self.dtype.itemsize)
    nbytes = property(lambda self: self.size * self.dtype.itemsize)
    flags = property(_Flags)
    device = "meta"

    @property
    def T(self):
        return self.transpose()

    @property
    def mT(self):
        return np.swapaxes(self, -1, -2)

    @property
    def real(self):
        return _view_call(np.real, (self,), {}) if self.dtype.kind == "c" else self

    @property
    def imag(self):
        return _view_call(np.imag, (self,), {}) if self.dtype.kind == "c" else \
            MetaArray(self.shape, self.dtype)

    def __repr__(self):
        return f"MetaArray(shape={self.shape}, dtype={self.dtype})"

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    # -- no data: reading raises, writing does nothing ------------------------------------------
    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(_NO_DATA)

    def get(self, *args, **kwargs):
        raise NotImplementedError(_NO_DATA)

    def tolist(self):
        raise NotImplementedError(_NO_DATA)

    def tobytes(self, order="C"):
        raise NotImplementedError(_NO_DATA)

    def item(self, *args):
        raise RuntimeError("Tensor.item() cannot be called on meta tensors")

    __float__ = __int__ = __index__ = __complex__ = item

    def __bool__(self):
        # Ops test values only to reject bad input or pick a fast path. With no values there is
        # nothing to reject (torch's meta kernels skip those checks too): ``any``-style tests
        # read False and ``all``-style ones True, and either path gives the same shapes. Users
        # never get here: Tensor.__bool__ raises torch's error for a meta tensor first.
        return self.offset == _ALL_TRUE

    def __dlpack__(self, **kwargs):
        raise NotImplementedError(_NO_DATA)

    def __setitem__(self, key, value):
        return None

    def fill(self, value):
        return None

    # -- new arrays of the same geometry or a new one -------------------------------------------
    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
        dtype = np.dtype(dtype)
        if not copy and dtype == self.dtype:
            return self
        return MetaArray(self.shape, dtype, self._kept_strides(dtype.itemsize, order))

    def copy(self, order="C"):
        return MetaArray(self.shape, self.dtype, self._kept_strides(self.itemsize, order))

    def _kept_strides(self, itemsize, order):
        """The strides of a copy: C order, or this array's dimension order under order='K'."""
        if order != "K" or self.flags.c_contiguous:
            return None
        return _dense_like(self.shape, self.strides, itemsize)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy("K")

    def view(self, dtype=None, type=None):
        if dtype is None or np.dtype(dtype) == self.dtype:
            return MetaArray(self.shape, self.dtype, self.strides, self.offset)
        return _view_call(lambda a: a.view(dtype), (self,), {})

    # -- views, computed on the strided ghost ---------------------------------------------------
    def reshape(self, *shape, order="C", copy=None):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _reshape(self, shape, copy)

    def ravel(self, order="C"):
        return _reshape(self, (-1,))

    def flatten(self, order="C"):
        return MetaArray((self.size,), self.dtype)

    def transpose(self, *axes):
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return _view_call(lambda a: a.transpose(axes or None), (self,), {})

    def swapaxes(self, a, b):
        return _view_call(np.swapaxes, (self, a, b), {})

    def squeeze(self, axis=None):
        return _view_call(np.squeeze, (self, axis), {})

    def diagonal(self, offset=0, axis1=0, axis2=1):
        return _view_call(np.diagonal, (self, offset, axis1, axis2), {})

    def __getitem__(self, key):
        keys = key if isinstance(key, tuple) else (key,)
        basic = all(k is None or k is Ellipsis or isinstance(k, (int, np.integer, slice))
                    and not isinstance(k, bool) for k in keys)
        if basic:
            return _view_call(lambda a: a[key], (self,), {})
        for k in keys:
            if isinstance(k, MetaArray) and k.dtype == bool:
                raise NotImplementedError(_NONZERO)
        return _fallback(lambda a, k: a[k], (self, key), {})

    def __getattr__(self, name):
        # Methods NumPy also has as functions (sum, max, argsort, clip, ...) go through the
        # array-function protocol, whose rules below know the meta arrays.
        fn = getattr(np, name, None)
        if fn is None or not callable(fn) or not hasattr(np.ndarray, name):
            raise AttributeError(f"'MetaArray' object has no attribute '{name}'")
        return lambda *args, **kwargs: fn(self, *args, **kwargs)

    # -- the protocols ----------------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        if method == "at":
            _written(inputs[0], ufunc.__name__ + ".at")
            return None
        kwargs.pop("where", None)
        if method == "__call__":
            if ufunc.signature is not None:
                result = _gufunc(ufunc, inputs, kwargs)
            else:
                shape = np.broadcast_shapes(*(np.shape(x) if not isinstance(x, MetaArray)
                                              else x.shape for x in inputs))
                with np.errstate(all="ignore"):
                    probe = ufunc(*(_probe(x) for x in inputs), **kwargs)
                result = tuple(MetaArray(shape, p.dtype) for p in probe) if ufunc.nout > 1 \
                    else MetaArray(shape, probe.dtype)
        elif method == "reduce":
            result = _reduced(lambda a, *r, **k: ufunc.reduce(a, *r, **k), inputs, kwargs)
        elif method == "outer":
            with np.errstate(all="ignore"):
                probe = ufunc(*(_probe(x) for x in inputs), **kwargs)
            result = MetaArray(np.shape(inputs[0]) + np.shape(inputs[1]), probe.dtype)
        else:  # accumulate, reduceat: the same shape, a dtype from a one-element stand-in
            result = _fallback(getattr(ufunc, method), inputs, kwargs)
        return _into(out, result)

    def __array_function__(self, func, types, args, kwargs):
        rule = _RULES.get(func)
        if rule is not None:
            return rule(*args, **kwargs)
        name = getattr(func, "__name__", "")
        if name in _DATA_DEPENDENT:
            raise _no_values(name)
        if name in _WRITES:
            _written(args[0] if args else kwargs.get("dst", kwargs.get("a")), name)
            return None
        if name in _VIEWS:
            return _view_call(func, args, kwargs)
        if name in _REDUCTIONS:
            result = _reduced(func, args, kwargs)
            if name == "all" and not result.shape:
                result.offset = _ALL_TRUE
            return result
        if name in _SHAPE_ONLY:
            return func(*(_ghost(a) for a in args), **kwargs)
        return _fallback(func, args, kwargs)


def _dense_like(shape, strides, itemsize):
    """Dense strides that keep the dimension order of ``strides`` (largest stride outermost)."""
    order = sorted(range(len(shape)), key=lambda d: (abs(strides[d]), -d))
    out = [0] * len(shape)
    step = itemsize
    for d in order:
        out[d] = step
        step *= max(shape[d], 1)
    return tuple(out)


def _probe(x):
    """A 0-d array of ``x``'s dtype (Python scalars stay themselves: they are weakly typed)."""
    if isinstance(x, MetaArray):
        return np.zeros((), x.dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        return np.zeros((), x.dtype)
    return x


_ONE = {}


def _ghost(x):
    """A zero-stride stand-in of ``x``'s shape and dtype (one zero, repeated): safe to read."""
    if isinstance(x, MetaArray):
        one = _ONE.get(x.dtype)
        if one is None:
            one = _ONE[x.dtype] = np.zeros(1, x.dtype)
        return np.lib.stride_tricks.as_strided(one, x.shape, (0,) * len(x.shape),
                                               writeable=False)
    if isinstance(x, (list, tuple)):
        return type(x)(_ghost(item) for item in x)
    return x


def _meta(result):
    """The meta array of a stand-in's result (its shape and dtype; C-contiguous)."""
    if isinstance(result, (np.ndarray, np.generic)):
        return MetaArray(np.shape(result), result.dtype)
    if isinstance(result, tuple):
        return type(result)(*map(_meta, result)) if hasattr(result, "_fields") else \
            tuple(map(_meta, result))
    if isinstance(result, list):
        return [_meta(item) for item in result]
    return result


def _fallback(func, args, kwargs):
    """``func`` run on zero-stride stand-ins; only the result's shape and dtype are kept."""
    out = kwargs.pop("out", None)
    ghosts = [_ghost(a) for a in args]
    named = {k: _ghost(v) for k, v in kwargs.items()}
    # Ghosts (zeros) raise NumPy's floating-point warnings, which errstate silences without
    # touching Python's filters (every change of those forgets which warnings the user's
    # lines have shown); only an empty ghost's reductions warn through Python ("Mean of empty
    # slice"), and only then are the filters changed.
    if any(getattr(g, "size", 1) == 0 for g in (*ghosts, *named.values())):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            result = func(*ghosts, **named)
    else:
        with np.errstate(all="ignore"):
            result = func(*ghosts, **named)
    return _into(out, _meta(result))


def _into(out, result):
    """Results written to ``out=`` meta arrays are the ``out`` arrays themselves."""
    if out is None:
        return result
    for target in out if isinstance(out, tuple) else (out,):
        _written(target, "out=")
    if isinstance(out, tuple):
        return out[0] if len(out) == 1 else out
    return out


def _written(target, name):
    """A meta value written into a real array would leave it silently unchanged: refuse."""
    if not isinstance(target, MetaArray):
        raise NotImplementedError(
            f"{name}: a meta tensor's values cannot be written into a {type(target).__name__} "
            f"(the meta device has no data)")


_BUFFERS = {}


def _strided_ghost(x):
    """An array with ``x``'s shape and strides over one element that is never read: NumPy's
    view functions compute a view's geometry on it without touching memory."""
    one = _BUFFERS.get(x.dtype)
    if one is None:
        one = _BUFFERS[x.dtype] = np.zeros(1, x.dtype)
    return np.lib.stride_tricks.as_strided(one, x.shape, x.strides, writeable=False), one


def _address(array):
    return array.__array_interface__["data"][0]


def _view_call(func, args, kwargs):
    """``func`` (a view function) on the strided ghosts of the meta arrays in ``args``: the
    results keep the view's strides and offset."""
    source = next(a for a in args if isinstance(a, MetaArray))
    ghost, buffer = _strided_ghost(source)
    view = func(*(ghost if a is source else a for a in args), **kwargs)

    def back(v):
        if isinstance(v, (list, tuple)):
            return type(v)(back(item) for item in v)
        return MetaArray(v.shape, v.dtype, v.strides,
                         source.offset + _address(v) - _address(buffer))
    return back(view)


def _reshape(array, shape, copy=None):
    """A view when the strides allow one (as NumPy's reshape), else a C-contiguous copy (or,
    with ``copy=False``, NumPy's ValueError)."""
    ghost, buffer = _strided_ghost(array)
    view = ghost.view()
    try:
        view.shape = shape
    except AttributeError:  # no view has that shape: NumPy (and torch) copy
        if copy is False:
            raise ValueError("Unable to avoid creating a copy while reshaping.") from None
        return MetaArray(_new_shape(array.size, shape), array.dtype)
    return MetaArray(view.shape, view.dtype, view.strides,
                     array.offset + _address(view) - _address(buffer))


def _new_shape(size, shape):
    """``shape`` with its -1 worked out (ValueError, as NumPy's, when it does not fit)."""
    return np.lib.stride_tricks.as_strided(np.zeros(1), (size,), (0,)).reshape(shape).shape


def _reduced(func, args, kwargs):
    """A reduction on a stand-in whose reduced axes are cut to one element (zero-size ones stay
    empty): the result has the full reduction's shape and dtype at a fraction of the work."""
    array = args[0]
    axis = kwargs.get("axis", args[1] if len(args) > 1 else None)
    shape = array.shape
    if axis is None:
        axes = range(len(shape))
    else:
        axes = [a % max(len(shape), 1) for a in (axis if isinstance(axis, (tuple, list))
                                                  else (axis,))]
    small = list(shape)
    for a in axes:
        small[a] = min(small[a], 1)
    stand_in = MetaArray(small, array.dtype)
    return _fallback(func, (stand_in, *args[1:]), kwargs)


def _gufunc(ufunc, inputs, kwargs):
    """matmul (NumPy's one generalised ufunc that ops use) by its shape rule; others on
    stand-ins."""
    if ufunc is not np.matmul:
        return _fallback(ufunc, inputs, kwargs)
    a, b = (np.shape(x) for x in inputs)
    if not a or not b:
        raise ValueError("matmul: Input operand does not have enough dimensions")
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, "
                         f"with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {b2[-2]} is "
                         f"different from {a2[-1]})")
    shape = np.broadcast_shapes(a2[:-2], b2[:-2]) + (a2[-2], b2[-1])
    if len(a) == 1:
        shape = shape[:-2] + shape[-1:]
    if len(b) == 1:
        shape = shape[:-1]
    with np.errstate(all="ignore"):
        dtype = ufunc(*(np.zeros((1, 1), x.dtype) if hasattr(x, "dtype") else x
                        for x in inputs), **kwargs).dtype
    return MetaArray(shape, dtype)


# -- the array functions by family -----------------------------------------------------------------
# Their result's shape depends on the values: a meta tensor cannot say.
_DATA_DEPENDENT = frozenset((
    "nonzero", "argwhere", "flatnonzero", "unique", "unique_values", "unique_counts",
    "unique_inverse", "unique_all", "extract", "compress", "bincount", "trim_zeros", "union1d",
    "intersect1d", "setdiff1d", "setxor1d", "array_equal", "array_equiv", "allclose",
    "histogram", "histogramdd", "histogram2d", "histogram_bin_edges"))
# They write into their first argument: no data, nothing to do.
_WRITES = frozenset(("copyto", "put", "place", "putmask", "put_along_axis", "fill_diagonal"))
_VIEWS = frozenset((
    "transpose", "swapaxes", "moveaxis", "rollaxis", "squeeze", "expand_dims", "broadcast_to",
    "broadcast_arrays", "diagonal", "real", "imag", "atleast_1d", "atleast_2d", "atleast_3d",
    "as_strided", "sliding_window_view", "split", "array_split", "hsplit", "vsplit", "dsplit",
    "matrix_transpose", "permute_dims"))
_REDUCTIONS = frozenset((
    "sum", "prod", "mean", "std", "var", "max", "min", "amax", "amin", "argmax", "argmin", "any",
    "all", "nansum", "nanprod", "nanmean", "nanstd", "nanvar", "nanmax", "nanmin", "nanargmax",
    "nanargmin", "ptp", "median", "nanmedian", "count_nonzero", "average", "linalg_norm"))
# They read only the shape and dtype.
_SHAPE_ONLY = frozenset(("shape", "ndim", "size", "result_type", "can_cast", "min_scalar_type",
                         "iscomplexobj", "isrealobj", "shares_memory", "may_share_memory"))


def _concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrays = list(arrays)
    if axis is None:
        arrays = [np.reshape(a, -1) for a in arrays]
        axis = 0
    stand_ins = [MetaArray(tuple(min(n, 1) if i == axis % len(a.shape) else n
                                 for i, n in enumerate(np.shape(a))), a.dtype)
                 if np.ndim(a) else a for a in arrays]
    probe = _fallback(np.concatenate, (stand_ins, axis), {"dtype": dtype, "casting": casting})
    shape = list(probe.shape)
    shape[axis % len(shape)] = sum(np.shape(a)[axis % len(shape)] for a in arrays)
    return _into(out, MetaArray(shape, probe.dtype))


def _stack(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    arrays = list(arrays)
    if not arrays:
        raise ValueError("need at least one array to stack")
    shapes = {np.shape(a) for a in arrays}
    if len(shapes) != 1:
        raise ValueError("all input arrays must have the same shape")
    expanded = [np.expand_dims(a, axis) for a in arrays]
    return _concatenate(expanded, axis, out, dtype, casting)


def _einsum(*operands, out=None, **kwargs):
    """einsum with every summed-over index cut to one element: the output's shape, not the work."""
    if not isinstance(operands[0], str):
        return _fallback(np.einsum, operands, kwargs)
    spec, arrays = operands[0].replace(" ", ""), operands[1:]
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if not _ or "." in spec:
        return _fallback(np.einsum, operands, kwargs)
    small = []
    for term, a in zip(terms, arrays):
        shape = tuple(min(n, 1) if letter not in output else n
                      for letter, n in zip(term, np.shape(a)))
        small.append(MetaArray(shape, a.dtype) if hasattr(a, "dtype") else a)
    kwargs.pop("optimize", None)
    return _into(out, _fallback(np.einsum, (operands[0], *small), kwargs))


def _tensordot(a, b, axes=2):
    if isinstance(axes, int):
        axes_a, axes_b = list(range(np.ndim(a) - axes, np.ndim(a))), list(range(axes))
    else:
        axes_a, axes_b = ([x] if isinstance(x, int) else list(x) for x in axes)
    for x, y in zip(axes_a, axes_b):
        if np.shape(a)[x] != np.shape(b)[y]:
            raise ValueError("shape-mismatch for sum")
    cut_a = MetaArray([min(n, 1) if i in {x % np.ndim(a) for x in axes_a} else n
                       for i, n in enumerate(np.shape(a))], a.dtype)
    cut_b = MetaArray([min(n, 1) if i in {y % np.ndim(b) for y in axes_b} else n
                       for i, n in enumerate(np.shape(b))], b.dtype)
    return _fallback(np.tensordot, (cut_a, cut_b, (axes_a, axes_b)), {})


def _where(condition, *values):
    if not values:
        raise _no_values("where")
    with np.errstate(all="ignore"):
        probe = np.where(True, *(_probe(v) for v in values))
    shape = np.broadcast_shapes(*(np.shape(v) for v in (condition, *values)))
    return MetaArray(shape, probe.dtype)


def _copy(a, order="K", subok=False):
    return a.copy(order) if isinstance(a, MetaArray) else np.copy(a, order)


def _like(prototype, *args, dtype=None, order="K", subok=True, shape=None, **kwargs):
    """``empty_like``/``zeros_like``/``full_like``...: the prototype's dtype and, under
    order='K', its dimension order."""
    dt = np.dtype(dtype) if dtype is not None else prototype.dtype
    if shape is not None:
        return MetaArray(_shape_of(shape), dt)
    strides = None if order != "K" or prototype.flags.c_contiguous else \
        _dense_like(prototype.shape, prototype.strides, dt.itemsize)
    return MetaArray(prototype.shape, dt, strides)


def _reshape_function(a, shape=None, order="C", *, newshape=None, copy=None):
    shape = newshape if shape is None else shape
    return _reshape(a, _shape_of(shape), copy)


def _ravel(a, order="C"):
    return _reshape(a, (-1,)) if isinstance(a, MetaArray) else np.ravel(a, order)


_RULES = {
    np.concatenate: _concatenate, np.stack: _stack, np.einsum: _einsum,
    np.tensordot: _tensordot, np.where: _where, np.copy: _copy,
    np.empty_like: _like, np.zeros_like: _like, np.ones_like: _like, np.full_like: _like,
    np.reshape: _reshape_function, np.ravel: _ravel,
}


# -- the namespace ---------------------------------------------------------------------------------
class _Generator:
    """A random generator for the meta device: every draw is a meta array of the asked shape
    (no numbers are drawn, so no generator's state moves)."""

    # Where each method takes its size positionally (after its distribution's parameters).
    _SIZE_AT = {"random": 0, "standard_normal": 0, "standard_exponential": 0, "integers": 2,
                "normal": 2, "uniform": 2, "exponential": 1, "binomial": 2, "poisson": 1}

    def __getattr__(self, name):
        def draw(*args, size=None, dtype=None, **kwargs):
            if name == "permutation":
                size = args[0] if isinstance(args[0], (int, np.integer)) else len(args[0])
            elif size is None and len(args) > self._SIZE_AT.get(name, len(args)):
                size = args[self._SIZE_AT[name]]
            default = np.int64 if name in ("integers", "permutation") else np.float64
            return MetaArray(() if size is None else _shape_of(size),
                             dtype if dtype is not None else default)
        return draw


class _Random:
    def default_rng(self, seed=None):
        return _Generator()


def _as_strided(x, shape=None, strides=None, subok=False, writeable=True):
    ghost, buffer = _strided_ghost(x)
    view = np.lib.stride_tricks.as_strided(ghost, shape, strides)
    return MetaArray(view.shape, view.dtype, view.strides,
                     x.offset + _address(view) - _address(buffer))


class _StrideTricks:
    as_strided = staticmethod(_as_strided)

    @staticmethod
    def sliding_window_view(x, window_shape, axis=None, **kwargs):
        return _view_call(np.lib.stride_tricks.sliding_window_view, (x, window_shape, axis),
                          kwargs)


class _Lib:
    stride_tricks = _StrideTricks()


def _shape_of(shape):
    return (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)


def _create(dtype_from=None):
    def create(shape, *args, dtype=None, order="C", **kwargs):
        if dtype is None and args:
            dtype = args[-1] if dtype_from is None else np.asarray(args[0]).dtype \
                if len(args) == 1 else args[1]
        return MetaArray(_shape_of(shape), np.dtype(dtype) if dtype is not None else
                         np.float64)
    return create


def _asarray(a, dtype=None, order=None, copy=None, **kwargs):
    if isinstance(a, MetaArray):
        return a if dtype is None else a.astype(dtype, copy=False)
    host = np.asarray(a, dtype=dtype)
    return MetaArray(host.shape, host.dtype)


def _ascontiguousarray(a, dtype=None, **kwargs):
    """``a`` in C order (a copy unless it already is), as NumPy's ``ascontiguousarray``."""
    if not isinstance(a, MetaArray):
        return _asarray(a, dtype)
    dt = np.dtype(dtype) if dtype is not None else a.dtype
    if a.flags.c_contiguous and dt == a.dtype:
        return a
    return MetaArray(a.shape, dt)


def _computed(fn):
    """Small creations whose shape needs NumPy's arithmetic (arange, linspace, eye...)."""
    def create(*args, **kwargs):
        return _meta(fn(*args, **kwargs))
    return create


class MetaNamespace:
    """The array module of the meta device: creation gives meta arrays; everything else is
    NumPy's own function, which hands meta arguments to ``MetaArray``'s protocols."""

    _is_meta_namespace = True
    ndarray = MetaArray
    random = _Random()
    lib = _Lib()
    zeros = ones = empty = staticmethod(_create())
    full = staticmethod(_create(dtype_from="value"))
    asarray = array = asanyarray = staticmethod(_asarray)
    ascontiguousarray = staticmethod(_ascontiguousarray)
    arange = staticmethod(_computed(np.arange))
    linspace = staticmethod(_computed(np.linspace))
    logspace = staticmethod(_computed(np.logspace))
    eye = staticmethod(_computed(np.eye))
    identity = staticmethod(_computed(np.identity))
    tri = staticmethod(_computed(np.tri))

    @staticmethod
    def take(a, indices, axis=None, **kwargs):
        """``np.take`` where the indices may be meta (NumPy dispatches take on ``a`` only)."""
        return _fallback(np.take, (a, indices, axis), kwargs)

    def __getattr__(self, name):
        return getattr(np, name)

    def __repr__(self):
        return "<array namespace of the meta device>"


NAMESPACE = MetaNamespace()


def to_meta(array):
    """A meta array with ``array``'s shape and dtype (a host or device array's, or a scalar's)."""
    if isinstance(array, MetaArray):
        return array
    return MetaArray(np.shape(array), array.dtype)
