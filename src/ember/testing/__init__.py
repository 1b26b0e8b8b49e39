"""ember.testing: ``assert_close`` and ``make_tensor`` with PyTorch's behaviour and messages.

``assert_close(actual, expected)`` checks tensors (and NumPy arrays, Python numbers, and
sequences or mappings of them, recursively) for equal shape, dtype and device and for values
with ``|actual - expected| <= atol + rtol * |expected|``, with default tolerances by dtype.
A failure reports how many elements mismatch and the greatest absolute and relative
differences with their index, as PyTorch does.
"""
from __future__ import annotations

import collections.abc
import math
import numbers

import numpy as np

from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .._tensor import Tensor

__all__ = ["assert_allclose", "assert_close", "make_tensor"]

# (rtol, atol) by dtype; integer and bool dtypes compare exactly.
_TOLERANCES = {"float16": (1e-3, 1e-5), "bfloat16": (1.6e-2, 1e-5), "float32": (1.3e-6, 1e-5),
               "float64": (1e-7, 1e-7), "complex64": (1.3e-6, 1e-5),
               "complex128": (1e-7, 1e-7)}


class _Mismatch(AssertionError):
    """A failed comparison; ``path`` names the item of a container where it occurred."""

    def __init__(self, message, exc_type=AssertionError):
        super().__init__(message)
        self.message = message
        self.exc_type = exc_type
        self.path = []


def _tolerances(*dtypes):
    pairs = [_TOLERANCES.get(d.name, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _is_tensor_like(x):
    return isinstance(x, (Tensor, np.ndarray))


def _as_tensor(x):
    if isinstance(x, Tensor):
        return x
    return Tensor._make(np.asarray(x))


def _compare(actual, expected, path, options):
    if actual is None or expected is None:
        if actual is None and expected is None:
            return None
        mismatch = _Mismatch(f"None mismatch: {actual} is not {expected}")
        mismatch.path = path
        raise mismatch
    try:
        if _is_tensor_like(actual) and _is_tensor_like(expected):
            return _compare_tensors(_as_tensor(actual), _as_tensor(expected), options)
        if isinstance(actual, numbers.Number) and isinstance(expected, numbers.Number):
            return _compare_numbers(actual, expected, options)
    except _Mismatch as mismatch:
        mismatch.path = path
        raise
    if (isinstance(actual, collections.abc.Sequence) and not isinstance(actual, str)
            and isinstance(expected, collections.abc.Sequence)
            and not isinstance(expected, str)):
        if len(actual) != len(expected):
            raise _Mismatch(f"The length of the sequences mismatch: {len(actual)} != "
                            f"{len(expected)}")
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, path + [i], options)
        return None
    if isinstance(actual, collections.abc.Mapping) and isinstance(expected,
                                                                  collections.abc.Mapping):
        if set(actual) != set(expected):
            missing = sorted(set(expected) - set(actual), key=str)
            extra = sorted(set(actual) - set(expected), key=str)
            raise _Mismatch(f"The keys of the mappings do not match:\nMissing keys in the "
                            f"actual mapping: {missing}\nAdditional keys in the actual "
                            f"mapping: {extra}")
        for key in expected:
            _compare(actual[key], expected[key], path + [key], options)
        return None
    raise _Mismatch(f"No comparison pair was able to handle inputs of type {type(actual)} and "
                    f"{type(expected)}.", TypeError)


def _fail(message, path, options):
    if path:
        message += "\n\nThe failure occurred for item " + "".join(f"[{p!r}]" for p in path)
    msg = options["msg"]
    if callable(msg):
        message = msg(message)
    elif msg is not None:
        message = msg
    return message


def _compare_numbers(actual, expected, options):
    if type(actual) is not type(expected) and options["check_dtype"]:
        raise _Mismatch(f"The (d)types do not match: {type(actual)} != {type(expected)}.")
    rtol, atol = options["rtol"], options["atol"]
    if rtol is None:
        rtol, atol = (1e-7, 1e-7) if isinstance(actual, float) or isinstance(expected, float) \
            else (0.0, 0.0)
    if isinstance(actual, complex) or isinstance(expected, complex):
        close = _scalar_close(actual, expected, rtol, atol, options["equal_nan"])
    else:
        close = _scalar_close(float(actual), float(expected), rtol, atol, options["equal_nan"])
    if close:
        return
    exact = rtol == 0 and atol == 0
    diff = abs(actual - expected)
    rel = diff / abs(expected) if expected != 0 else math.inf
    raise _Mismatch(_scalar_message(actual, expected, diff, rel, rtol, atol, exact))


def _scalar_close(a, e, rtol, atol, equal_nan):
    if a == e:
        return True
    if a != a and e != e:
        return bool(equal_nan)
    return abs(a - e) <= atol + rtol * abs(e)


def _scalar_message(actual, expected, diff, rel, rtol, atol, exact):
    if exact:
        return (f"Scalars are not equal!\n\nExpected {expected} but got {actual}.\n"
                f"Absolute difference: {diff}\nRelative difference: {rel}")
    return (f"Scalars are not close!\n\nExpected {expected} but got {actual}.\n"
            f"Absolute difference: {diff} (up to {atol} allowed)\n"
            f"Relative difference: {rel} (up to {rtol} allowed)")


def _compare_tensors(actual, expected, options):
    if actual.shape != expected.shape:
        raise _Mismatch(f"The values for attribute 'shape' do not match: {actual.shape} != "
                        f"{expected.shape}.")
    if options["check_device"] and actual.device != expected.device:
        raise _Mismatch(f"The values for attribute 'device' do not match: {actual.device} != "
                        f"{expected.device}.")
    if options["check_dtype"] and actual.dtype is not expected.dtype:
        raise _Mismatch(f"The values for attribute 'dtype' do not match: {actual.dtype} != "
                        f"{expected.dtype}.")
    if options["check_layout"] and actual.layout != expected.layout:
        raise _Mismatch(f"The values for attribute 'layout' do not match: {actual.layout} != "
                        f"{expected.layout}.")
    from .. import strided
    if options["check_stride"] and actual.layout == strided and \
            actual.stride() != expected.stride():
        raise _Mismatch(f"The values for attribute 'stride()' do not match: {actual.stride()} "
                        f"!= {expected.stride()}.")
    if actual.layout != expected.layout:  # check_layout=False: compare the dense values
        actual, expected = actual.to_dense(), expected.to_dense()
    if actual.layout != strided:
        return _compare_sparse(actual, expected, options)
    return _compare_values(actual, expected, options)


# A compressed layout's name in messages and its index tensors, outer first.
_COMPRESSED = {"sparse_csr": ("CSR", "crow_indices", "col_indices"),
               "sparse_csc": ("CSC", "ccol_indices", "row_indices"),
               "sparse_bsr": ("BSR", "crow_indices", "col_indices"),
               "sparse_bsc": ("BSC", "ccol_indices", "row_indices")}


def _compare_sparse(actual, expected, options):
    """Sparse tensors of one layout: the numbers of specified values, then the index tensors
    exactly, then the values (COO ones coalesced first)."""
    from .. import sparse_coo
    if actual.layout == sparse_coo:
        name, parts = "COO", ("indices",)
        actual, expected = actual.coalesce(), expected.coalesce()
    else:
        name, *parts = _COMPRESSED[str(actual.layout).rsplit(".", 1)[-1]]
    if actual._nnz() != expected._nnz():
        raise _Mismatch(f"The number of specified values in sparse {name} tensors does not "
                        f"match: {actual._nnz()} != {expected._nnz()}")
    exact = dict(options, rtol=0.0, atol=0.0)
    for part in parts:
        _compare_values(getattr(actual, part)(), getattr(expected, part)(), exact,
                        f"Sparse {name} {part}")
    _compare_values(actual.values(), expected.values(), options, f"Sparse {name} values")


def _compare_values(actual, expected, options, identifier="Tensor-likes"):
    rtol, atol = options["rtol"], options["atol"]
    if rtol is None:
        rtol, atol = _tolerances(actual.dtype, expected.dtype)
    common = D.promote_types(actual.dtype, expected.dtype)
    a = _host(actual, common)
    e = _host(expected, common)
    exact = rtol == 0 and atol == 0
    if common.category == D._BOOL:
        a, e = a.astype(np.int64), e.astype(np.int64)
    elif common.category == D._INT:
        a, e = a.astype(np.int64), e.astype(np.int64)
    with np.errstate(all="ignore"):
        if exact or common.category < D._FLOAT:
            close = a == e
        else:
            close = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=options["equal_nan"])
            close |= a == e  # equal infinities
        if close.all():
            return
        diff = _magnitude(a - e)
        if common.category < D._FLOAT:
            # PyTorch divides integer differences in the default float dtype.
            float_np = D.get_default_dtype().np
            rel = diff.astype(float_np) / np.abs(e).astype(float_np)
        else:
            rel = diff / _magnitude(e)
        diff = np.where(close, 0, diff)
        rel = np.where(close, 0, rel)
    if actual.dim() == 0:
        raise _Mismatch(_scalar_message(actual.item(), expected.item(), diff.item(),
                                        float(rel), rtol, atol, exact))
    mismatched = int((~close).sum())
    total = close.size
    lines = [f"{identifier} are not {'equal' if exact else 'close'}!", "",
             f"Mismatched elements: {mismatched} / {total} ({mismatched / total * 100:.1f}%)"]
    for label, values, allowed in (("absolute", diff, atol), ("relative", rel, rtol)):
        index = np.unravel_index(int(np.argmax(values)), values.shape)
        value = values[index].item()
        line = f"Greatest {label} difference: {value} at index {tuple(int(i) for i in index)}"
        lines.append(line if exact else f"{line} (up to {allowed} allowed)")
    raise _Mismatch("\n".join(lines))


def _magnitude(array):
    """|array| as torch.abs gives it: a complex one through hypot (NumPy's complex abs is an
    ulp off on a share of inputs)."""
    if np.iscomplexobj(array):
        return np.hypot(array.real, array.imag)
    return np.abs(array)


def _host(tensor, dtype):
    data = tensor.detach()._data
    if not isinstance(data, np.ndarray):
        data = data.get()
    return data.astype(dtype.np, copy=False)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None,
                 equal_nan=False, check_device=True, check_dtype=True, check_layout=True,
                 check_stride=False, msg=None):
    """Raise AssertionError unless ``actual`` and ``expected`` are close (see the module doc).

    Args:
        rtol, atol: tolerances; both or neither (then the dtype's defaults).
        equal_nan: NaN compares equal to NaN.
        check_device, check_dtype, check_layout, check_stride: also require these to match
            (sparse tensors of one layout compare their index tensors exactly, then values).
        msg: a message replacing the generated one, or a callable taking it.
    """
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got "
                         f"no {'rtol' if rtol is None else 'atol'}.")
    options = {"rtol": rtol, "atol": atol, "equal_nan": equal_nan, "check_device": check_device,
               "check_dtype": check_dtype, "check_layout": check_layout,
               "check_stride": check_stride, "msg": msg}
    try:
        _compare(actual, expected, [], options)
    except _Mismatch as mismatch:
        if mismatch.exc_type is not AssertionError:
            raise mismatch.exc_type(mismatch.message) from None
        raise AssertionError(_fail(mismatch.message, mismatch.path, options)) from None


def _bounds(low, high, default_low, default_high, lowest, highest, dtype, integral):
    """The sampling interval: defaults filled in, checked, clamped to what ``dtype`` holds."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low == high and not integral:
        import warnings
        warnings.warn("Passing `low==high` to `ember.testing.make_tensor` for floating or "
                      "complex types is deprecated since 2.1 and will be removed in 2.3. Use "
                      "`ember.full(...)` instead.", FutureWarning, stacklevel=_user_stacklevel())
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                         f"but {dtype} only supports [{lowest}, {highest})")
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    if integral:
        # Integers are drawn from [low, high): round the bounds inwards.
        return math.ceil(low), math.ceil(high)
    return low, high


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False,
                noncontiguous=False, exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` with random values, drawn as PyTorch draws them.

    Floating: uniform in [low, high) (default [-9, 9)); integers: uniform in [low, high)
    (default [-9, 10), clamped to the dtype's range); bool: random True/False.
    ``noncontiguous`` gives a strided view (every second element of a tensor twice as long in
    its last dimension); ``exclude_zero`` replaces zeros by 1 (integers) or the smallest
    normal number (floats).
    """
    from .. import empty, randint
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    shape = tuple(int(s) for s in shape)
    if not isinstance(dtype, D.dtype) or dtype.name.startswith(("qint", "quint", "bits")):
        raise TypeError(f"The requested dtype '{dtype}' is not supported by "
                        "ember.testing.make_tensor(). To request support, file an issue at: "
                        "https://github.com/pytorch/pytorch/issues")
    if noncontiguous and math.prod(shape) > 1:
        shape = shape[:-1] + (2 * shape[-1],)
    if dtype.category == D._BOOL:
        low, high = _bounds(low, high, 0, 2, 0, 2, dtype, True)
        result = randint(low, high, shape, device=device, dtype=dtype)
    elif dtype.category == D._INT:
        info = np.iinfo(dtype.np)
        # randint's bounds are int64, so int64's maximum itself cannot be the exclusive end.
        highest = int(info.max) + (0 if dtype.name == "int64" else 1)
        low, high = _bounds(low, high, -9, 10, int(info.min), highest, dtype, True)
        result = randint(low, high, shape, device=device, dtype=dtype)
    else:
        info = D.finfo(dtype)
        low, high = _bounds(low, high, -9, 9, info.min, info.max, dtype, False)
        result = empty(shape, dtype=dtype, device=device)
        if high - low >= info.max:  # the span overflows: draw half of it and double
            result.uniform_(low / 2, high / 2).mul_(2)
        else:
            result.uniform_(low, high)
    if noncontiguous and result.numel() > 1:
        result = result[..., 1::2]
    if exclude_zero:
        result[result == 0] = 1 if dtype.category < D._FLOAT else D.finfo(dtype).tiny
    if dtype.category >= D._FLOAT:
        result.requires_grad = requires_grad
    return result


# assert_allclose's tolerances by dtype (looser than assert_close's for float32 and float64).
_ALLCLOSE_TOLERANCES = {"float16": (1e-3, 1e-3), "float32": (1e-4, 1e-5),
                        "float64": (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """The deprecated form of ``assert_close`` (a ``FutureWarning`` says so): the values of
    ``actual`` and ``expected`` must satisfy ``|actual - expected| <= atol + rtol * |expected|``;
    dtypes may differ, NaNs compare equal by default, and a non-tensor ``expected`` is made a
    tensor of ``actual``'s dtype. Default tolerances: float16 (1e-3, 1e-3), float32 (1e-4,
    1e-5), float64 (1e-5, 1e-8), other dtypes exact.

    Args:
        actual: the tensor (or data) to check.
        expected: what it should be close to.
        rtol (float, optional): relative tolerance; give it with ``atol``.
        atol (float, optional): absolute tolerance; give it with ``rtol``.
        equal_nan (bool): whether NaNs in the same places compare equal (default True).
        msg (str): the message of the failure instead of the computed one.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> ember.testing.assert_allclose(ember.tensor([1.0, 2.0]), [1.00001, 2.0])
    """
    import warnings

    from .. import tensor
    warnings.warn("`ember.testing.assert_allclose()` is deprecated since 1.12 and will be "
                  "removed in a future release. Please use `ember.testing.assert_close()` "
                  "instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.",
                  FutureWarning, stacklevel=_user_stacklevel())
    if not isinstance(actual, Tensor):
        actual = tensor(actual)
    if not isinstance(expected, Tensor):
        expected = tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        pairs = [_ALLCLOSE_TOLERANCES.get(t.dtype.name, (0.0, 0.0)) for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_device=True, check_dtype=False, check_stride=False, msg=msg or None)
