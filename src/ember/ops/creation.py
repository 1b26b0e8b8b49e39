"""Creating tensors: zeros/ones/full/arange/..., random sampling, and in-place fills."""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from .. import _dtype as D
from .. import _memory_format as MF
from .. import _random, _settings
from ..autograd import forward_ad as _forward_ad
from .._backend import to_device
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._device import as_device, xp_for
from .._tensor import Tensor, _factory_requires_grad, _host
from ._registry import complex_half_error, invalid_combination, write_into
from ._registry import (as_tensor_arg, broadcast_error, check_inplace,
                        check_no_partial_overlap, grad_fn, inplace, needs_grad, record,
                        require_float, sum_to)
from ._registry import python_scalar
from ._registry import type_name as _type_name
from .._deprecated import _user_stacklevel, warn_complex_to_real


_RANDOM_SIGNATURES = (
    " * (tuple of ints size, *, ember.Generator generator, Tensor out = None, ember.dtype dtype "
    "= None, ember.layout layout = None, ember.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n"
    " * (tuple of ints size, *, Tensor out = None, ember.dtype dtype = None, ember.layout layout "
    "= None, ember.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


def _integer_like(value):
    """Whether ``value`` can stand alone as a size: an int, or a one-element integer tensor."""
    if isinstance(value, Tensor):
        return value.numel() == 1 and not (value.is_floating_point() or value.is_complex())
    return isinstance(value, numbers.Integral)


def _size(size, name="empty"):
    """The shape a factory's ``*size`` names (separate ints or one sequence), with torch's
    TypeErrors, naming the factory, for anything else."""
    if not size:  # ember.zeros(()) is the 0-d tensor; ember.zeros() lacks its size
        if name in ("rand", "randn"):
            raise TypeError(f"{name}() received an invalid combination of arguments - got (), "
                            f"but expected one of:\n{_RANDOM_SIGNATURES}")
        raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
    if len(size) > 1 and isinstance(size[0], (tuple, list)):
        if name in ("rand", "randn"):
            got = ", ".join(type(s).__name__ for s in size)
            raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                            f"but expected one of:\n{_RANDOM_SIGNATURES}")
        raise TypeError(f"{name}() takes 1 positional argument but {len(size)} were given")
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    elif len(size) == 1 and not _integer_like(size[0]):
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size[0]).__name__}")
    out = []
    for pos, s in enumerate(size):
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, numbers.Integral):
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos "
                            f"{pos + 1} with error \"type must be tuple of ints,but got "
                            f"{type(s).__name__}\"")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"{list(size)}")
        if s >= 2**63:
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos "
                            f"{pos + 1} with error \"Overflow when unpacking long long\"")
        out.append(int(s))
    if math.prod(out) >= 2**60:  # past any memory, and past int64 once counted in bytes
        raise RuntimeError(f"Storage size calculation overflowed with sizes={out}")
    return tuple(out)


def _allocate(np_fn, shape, *args):
    """``np_fn(shape, *args)`` with PyTorch's errors for sizes that overflow or do not fit."""
    try:
        return np_fn(shape, *args)
    except ValueError:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}") \
            from None
    except MemoryError:
        raise RuntimeError(f"DefaultCPUAllocator: can't allocate memory: you tried to allocate "
                           f"{math.prod(shape) * np.dtype(args[-1]).itemsize} bytes.") from None


def _finish(arr, dtype, device, requires_grad):
    dev = as_device(device)
    if dev.type != "cpu":
        arr = to_device(arr, dev)
    if not arr.size:
        arr = MF.torch_strided_empty(arr)
    t = Tensor._make(arr)
    if requires_grad:
        _factory_requires_grad(t)
    return t


def _xp(device):
    """The array module that allocates on ``device`` (the default device when None)."""
    return xp_for(as_device(device))


def _dt(dtype, default=None, name=None):
    if dtype is None:
        return default if default is not None else D.get_default_dtype()
    if name is not None:
        D.check_dtype_argument(dtype, name)
    dtype = D.as_dtype(dtype)
    if dtype is D.complex32:
        D.warn_complex32()
    return dtype


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          pin_memory=False):
    """A tensor of the given size filled with zeros.

    Args:
        *size: the dimensions, as separate ints or one tuple/list.
        dtype: the element type (default: ``ember.get_default_dtype()``, float32).
        device: where the tensor lives (default: the CPU).
        requires_grad: record operations on the result for autograd.

    Returns:
        A new Tensor.

    Example:
        >>> ember.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> ember.zeros((2,), dtype=ember.int64)
        tensor([0, 0])
    """
    if any(isinstance(s, int) and s < 0 for s in (size[0] if len(size) == 1 and
                                                  isinstance(size[0], (tuple, list)) else size)):
        raise RuntimeError("zeros: Dimension size must be non-negative.")
    return _finish(_allocate(_xp(device).zeros, _size(size, "zeros"),
                             _dt(dtype, name="zeros").np), dtype, device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None,
         pin_memory=False):
    """A tensor of the given size filled with ones.

    Args:
        *size: the dimensions, as separate ints or one tuple/list.
        dtype: the element type (default: ``ember.get_default_dtype()``, float32).
        device: where the tensor lives (default: the CPU).
        requires_grad: record operations on the result for autograd.

    Returns:
        A new Tensor.

    Example:
        >>> ember.ones(2, 2, requires_grad=True)
        tensor([[1., 1.],
                [1., 1.]], requires_grad=True)
    """
    dt = _dt(dtype, name="ones")
    if dt is D.complex32:  # NumPy would set both halves of each pair to 1
        return full(_size(size, "ones"), 1, dtype=dt, device=device, requires_grad=requires_grad)
    return _finish(_allocate(_xp(device).ones, _size(size, "ones"), dt.np), dtype, device,
                   requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          pin_memory=False, memory_format=None):
    """An uninitialised tensor of the given size (filled in deterministic mode, as PyTorch),
    laid out in ``memory_format`` (default: C order)."""
    arr = _settings.fill_uninitialized(_allocate(_xp(device).empty, _size(size, "empty"),
                                                 _dt(dtype, name="empty").np))
    if memory_format is not None and memory_format is not MF.contiguous_format:
        if memory_format is MF.preserve_format:
            raise RuntimeError("preserve memory format is unsupported by the contiguous "
                               "operator")
        MF.check(memory_format, arr.ndim)
        arr = MF.laid_out(arr, memory_format)
    return _finish(arr, dtype, device, requires_grad)


def _formatted(out, memory_format, input):
    """``out`` (a fresh ``*_like`` result) in the layout ``memory_format`` asks for, where
    preserve_format (the default) means a preserve_format copy's of ``input`` (a dense input's
    exact strides, else dense ones in its stride order), with the values taken in memory
    order, as torch's empty_like and its in-place fills give them."""
    MF.check(memory_format, input.dim())
    if memory_format is None or memory_format is MF.preserve_format:
        strides = _dense_strides(input._data)
        if strides is not None:
            from .._backend import as_strided
            flat = out._data.reshape(-1)
            out._data = as_strided(flat, flat.shape if not out._data.shape else
                                   out._data.shape, tuple(st * flat.itemsize for st in strides),
                                   writeable=True)
    elif memory_format is not MF.contiguous_format:
        out._data = MF.laid_out(out._data, memory_format)
    return out


def _dense_strides(array):
    """The element strides of a preserve_format copy of ``array`` when they are not row-major
    order's, else None."""
    if not array.size:  # torch counts an empty tensor as dense: it keeps its strides
        strides = MF.element_strides(array)
        return None if strides == MF.row_major(array.shape) else strides
    if array.size < 2 or array.flags.c_contiguous and 1 not in array.shape:
        return None
    strides = MF.preserved_strides(array.shape, tuple(st // array.itemsize
                                                      for st in array.strides))
    return None if strides == MF.row_major(array.shape) else strides


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None,
         layout=None):
    """A tensor of the given size filled with ``fill_value``; its dtype is inferred from the value.

    Args:
        size: the dimensions, a tuple or list.
        fill_value: the number to fill with (a bool, int, float or complex).
        dtype: the element type (default: bool, int64, the default float or complex dtype,
            according to ``fill_value``).
        device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new Tensor.

    Example:
        >>> ember.full((2, 2), 7)
        tensor([[7, 7],
                [7, 7]])
        >>> ember.full((3,), 0.5)
        tensor([0.5000, 0.5000, 0.5000])
    """
    fill_value = fill_value.item() if isinstance(fill_value, Tensor) else python_scalar(fill_value)
    if not isinstance(fill_value, numbers.Number):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not "
                        f"{type(fill_value).__name__}")
    dt = _dt(dtype, D._scalar_dtype(fill_value), "full")
    shape = _size((size,))  # one argument: an int, or a sequence (() is the 0-d shape)
    fill_value = checked_scalar(fill_value, dt, math.prod(shape))
    if dt is D.complex32:
        D.warn_complex32()
        return _finish(D.to_complex32(_allocate(D.full_complex, shape, fill_value)),
                       dtype, device, requires_grad)
    return _finish(_allocate(_xp(device).full, shape, fill_value, dt.np), dtype, device,
                   requires_grad)


# The C++ type torch names when a Python number does not fit a dtype. float16 and bfloat16
# go through double when one element is filled (any real number fits: out of range is inf)
# and are checked as c10::Half / c10::BFloat16 when several are.
_CPP_TYPES = {"float32": "float", "float64": "double", "float16": "double",
              "bfloat16": "double", "int32": "int"}
_HALF_TYPES = {"float16": "c10::Half", "bfloat16": "c10::BFloat16"}


_UINT64_MAX, _INT64_MIN = 2 ** 64 - 1, -2 ** 63


def checked_scalar(value, dt, numel=1):
    """``value`` for a tensor of ``dt`` with ``numel`` elements, refused as torch refuses a
    scalar that does not fit it (full, scalar_tensor): a complex number with an imaginary part
    for a real dtype, a number outside an integer dtype's range (ints may reach down to minus
    an unsigned type's maximum, as -1 gives 255 in uint8; floats, NaN and inf may not), a
    finite number beyond float32's range (float16's and bfloat16's when numel > 1)."""
    if isinstance(value, int) and not isinstance(value, bool):  # torch's argument parser
        if value > _UINT64_MAX:
            raise OverflowError("int too big to convert")
        if value < _INT64_MIN:
            raise OverflowError("can't convert negative int to unsigned")
    if dt is D.bool_:
        return bool(value)
    if dt.category == D._COMPLEX:
        if dt is D.complex64 and any(math.isfinite(part) and math.fabs(part) > float(
                D.finfo(D.float32).max) for part in (complex(value).real, complex(value).imag)):
            raise RuntimeError("value cannot be converted to type c10::complex<float> without "
                               "overflow")
        # (NumPy's complex takes no int past int64's range)
        return float(value) if isinstance(value, int) else value
    if isinstance(value, bool):
        return value
    name = str(dt).rpartition(".")[2]
    half = _HALF_TYPES.get(name) if numel > 1 else None

    def fail():
        cpp = half or _CPP_TYPES.get(name, f"{name}_t")
        return RuntimeError(f"value cannot be converted to type {cpp} without overflow")
    if isinstance(value, complex):
        if value.imag != 0:
            raise fail()
        value = value.real
    if dt.category == D._INT:
        info = np.iinfo(dt.np)
        low = info.min if info.min < 0 or isinstance(value, float) else -int(info.max)
        if not low <= value <= info.max:  # NaN fails too
            raise fail()
        if isinstance(value, int) and value < 0 and info.min == 0:
            value += int(info.max) + 1  # -1 is 255 in uint8, as a C cast gives
    elif math.isfinite(value) and (dt is D.float32 or half):
        if math.fabs(value) > float(D.finfo(dt).max):
            raise fail()
    elif dt is D.float16 and math.isfinite(value):
        with np.errstate(over="ignore"):  # beyond float16's range is inf, silently
            value = float(np.float16(value))
    elif dt is D.bfloat16 and math.isfinite(value) and math.fabs(value) > float(D.finfo(
            D.float32).max):
        value = math.copysign(math.inf, value)  # beyond float32's too: inf, silently
    return value


def _like_input(name, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


def _like(fn):
    def like(input, *args, dtype=None, device=None, requires_grad=False, layout=None,
             memory_format=None, pin_memory=False):
        _like_input(fn.__name__ + "_like", input)
        if args:
            raise TypeError(f"{fn.__name__}_like() takes 1 positional argument but "
                            f"{len(args) + 1} were given")
        return _formatted(fn(input.shape, *args, dtype=dtype if dtype is not None else
                             input.dtype, device=device if device is not None else input.device,
                             requires_grad=requires_grad), memory_format, input)
    like.__name__ = fn.__name__ + "_like"
    like.__doc__ = f"``{fn.__name__}`` with the shape (and by default dtype, device) of input."
    return like


zeros_like = _like(zeros)
ones_like = _like(ones)
empty_like = _like(empty)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None,
              memory_format=None, pin_memory=False):
    """``full`` with the shape (and by default dtype, device) of input; ``fill_value`` may be
    given by name, as torch's signature allows."""
    _like_input("full_like", input)
    if not isinstance(fill_value, (numbers.Number, Tensor, np.bool_)):
        raise TypeError("full_like(): argument 'fill_value' (position 2) must be Number, not "
                        f"{type(fill_value).__name__}")
    return _formatted(full(input.shape, fill_value, dtype=dtype if dtype is not None else
                           input.dtype, device=device if device is not None else input.device,
                           requires_grad=requires_grad), memory_format, input)


_ARANGE_OVERLOADS = "".join(f" * ({signature}, *, {rest}ember.dtype dtype = None, ember.layout "
                            "layout = None, ember.device device = None, bool pin_memory = False, "
                            "bool requires_grad = False)\n" for signature, rest in (
                                ("Number end", "Tensor out = None, "),
                                ("Number start, Number end", ""),
                                ("Number start, Number end, Number step = 1",
                                 "Tensor out = None, ")))
_UNSET = object()


def _arange_bounds(bounds, start, end, step):
    """(start, end, step) from arange's positional ``bounds`` and its keywords, as torch's three
    overloads read them: the end alone (positional, or ``end=``), a start and an end, or those
    and a step. Anything else is torch's TypeError."""
    given = dict(zip(("start", "end", "step"), bounds))
    keywords = {k: v for k, v in (("start", start), ("end", end), ("step", step))
                if v is not _UNSET}
    if len(bounds) == 1 and not keywords:
        return 0, bounds[0], 1
    if len(bounds) <= 3 and not set(given) & set(keywords):
        given.update(keywords)
        if set(given) in ({"end"}, {"start", "end"}, {"start", "end", "step"}):
            return given.get("start", 0), given["end"], given.get("step", 1)
        if set(given) == {"start"}:
            raise TypeError('arange() missing 1 required positional arguments: "end"')
    got = [type(v).__name__ for v in bounds] + [f"{k}={type(v).__name__}"
                                                for k, v in keywords.items()]
    raise TypeError(f"arange() received an invalid combination of arguments - got "
                    f"({', '.join(got)}), but expected one of:\n{_ARANGE_OVERLOADS}")


def arange(*bounds, start=_UNSET, end=_UNSET, step=_UNSET, dtype=None, device=None,
           requires_grad=False, out=None, layout=None):
    """The values start, start + step, ... up to ``end`` (excluded), as a 1-D tensor.

    With one argument it counts from 0 to that value. The dtype is int64 when every bound is an
    integer, else the default floating dtype.

    Args:
        start: the first value (or, alone, the end; the start is then 0).
        end: the bound, not included.
        step: the difference between neighbours (default 1).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new 1-D Tensor of ceil((end - start) / step) values.

    Example:
        >>> ember.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> ember.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
    if dtype is not None and D.as_dtype(dtype) is D.complex32:
        raise complex_half_error("arange_cpu")
    if start is _UNSET and end is _UNSET and step is _UNSET and 0 < len(bounds) <= 3:
        start, end, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds, 1)[:3]
    else:
        start, end, step = _arange_bounds(bounds, start, end, step)
    vals = [v.item() if isinstance(v, Tensor) else python_scalar(v) for v in (start, end, step)]
    if any(isinstance(v, complex) for v in vals):  # torch reads the bounds as doubles
        if any(isinstance(v, complex) and v.imag for v in vals):
            raise RuntimeError("value cannot be converted to type double without overflow")
        vals = [v.real if isinstance(v, complex) else v for v in vals]
    start, end, step = vals
    if step == 0 or step != step:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_bound(start)} -> {_bound(end)}")
    if (end - start) / step < 0 and end != start:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        dt = D.get_default_dtype() if any(isinstance(v, float) for v in vals) else D.int64
    else:
        dt = _no_bool(D.as_dtype(dtype), "arange_cpu")
        if dt.category == D._COMPLEX:
            raise NotImplementedError(f"\"arange_cpu\" not implemented for '{_type_name(dt)}'")
    count = math.ceil((end - start) / step)
    if dt.category == D._INT and any(isinstance(v, float) for v in vals):
        start, end, step, count = _integral_range(start, end, step, count, dt)
    if count * (np.dtype(dt.np).itemsize) >= 2**63:
        raise RuntimeError("invalid size, possible overflow?")
    n = max(int(count), 0)
    xp = _xp(device)
    if dt.category >= D._FLOAT:
        # PyTorch computes start + i*step in double precision, then casts.
        arr = (start + xp.arange(n, dtype=np.float64) * step).astype(dt.np)
    else:
        arr = (start + xp.arange(n, dtype=np.int64) * step).astype(dt.np)
    return _finish(arr, dtype, device, requires_grad)


def _integral_range(start, end, step, count, dt):
    """arange's float bounds for an integral dtype, read as torch's kernel reads them: each
    truncated toward zero to an int64 and the values start + i * step computed there (wrapped
    into a narrower dtype). int64 also counts the values from the truncated bounds (a step
    truncated to 0 is then refused); the narrower dtypes count them from the exact ones."""
    from .elementwise import _kernel_scalar
    if dt is not D.int64 and count * np.dtype(dt.np).itemsize >= 2**63:
        raise RuntimeError("invalid size, possible overflow?")  # counted before the reading
    start, end, step = (_kernel_scalar(v, D.int64) for v in (start, end, step))
    if dt is D.int64:
        if step == 0:
            raise ValueError("step must be nonzero")
        span = end - start + step - (1 if step > 0 else -1)
        count = abs(span) // abs(step) * (1 if (span >= 0) == (step > 0) else -1)
    return start, end, step, count


def _bound(value):
    """A range bound as PyTorch prints it: integers without a decimal point, inf, nan."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def range_(start, end, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated inclusive range, kept for PyTorch code that still uses it: the
    floor((end - start) / step) + 1 values start + i * step. An integral dtype reads the
    bounds as int64s first (truncated toward zero) and counts with them."""
    warnings.warn("ember.range is deprecated and will be removed in a future release because its "
                  "behavior is inconsistent with Python's range builtin. Instead, use "
                  "ember.arange, which produces values in [start, end).", UserWarning,
                  stacklevel=_user_stacklevel())
    dt = D.get_default_dtype() if dtype is None else _no_bool(D.as_dtype(dtype), "range_cpu")
    if dt.category == D._COMPLEX:
        raise NotImplementedError(f"\"range_cpu\" not implemented for '{_type_name(dt)}'")
    start, end, step = (v.item() if isinstance(v, Tensor) else python_scalar(v)
                        for v in (start, end, step))
    if step == 0 or math.isnan(step):
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_bound(start)} -> {_bound(end)}")
    if (end - start) / step < 0 and end != start:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    xp = _xp(device)
    if dt.category == D._INT:
        from .elementwise import _kernel_scalar
        start, end, step = (_kernel_scalar(v, D.int64) for v in (start, end, step))
        if step == 0:  # a float step truncated to 0 (torch's kernel divides by it)
            raise ValueError("step must be nonzero")
        span = end - start
        count = abs(span) // abs(step) * (1 if (span >= 0) == (step > 0) else -1) + 1
        arr = start + xp.arange(max(count, 0), dtype=np.int64) * step
    else:
        count = math.floor((end - start) / step) + 1
        if count * np.dtype(dt.np).itemsize >= 2**63:
            raise RuntimeError("invalid size, possible overflow?")
        arr = start + xp.arange(count, dtype=np.float64) * step
    return _finish(arr.astype(dt.np), dt, device, requires_grad)


def _no_steps(name, start, end, base, keywords):
    """torch's TypeError for linspace/logspace called without ``steps``: no overload of its
    parser takes two arguments, so it lists all four (Tensor or Number start and end)."""
    got = ", ".join(["Tensor" if isinstance(v, Tensor) else type(v).__name__
                     for v in (start, end)] + ([] if base is None else [type(base).__name__]) +
                    [f"{k}=ember.dtype" if k == "dtype" else f"{k}={type(v).__name__}"
                     for k, v in keywords.items() if v is not None and v is not False])
    rest = ("" if name == "linspace" else "float base = 10.0, ") + (
        "*, Tensor out = None, ember.dtype dtype = None, ember.layout layout = None, "
        "ember.device device = None, bool pin_memory = False, bool requires_grad = False")
    listed = "".join(f" * ({a} start, {b} end, int steps, {rest})\n" for a, b in (
        ("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), "
                     f"but expected one of:\n{listed}")


_NO_STEPS = object()


def linspace(start, end, steps=_NO_STEPS, *, dtype=None, device=None, requires_grad=False,
             out=None, layout=None):
    """``steps`` evenly spaced values from ``start`` to ``end``, both included.

    Args:
        start: the first value.
        end: the last value.
        steps: how many values.
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new 1-D Tensor of ``steps`` values.

    Example:
        >>> ember.linspace(0, 1, steps=5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    if steps is _NO_STEPS:
        raise _no_steps("linspace", start, end, None, {"dtype": dtype, "device": device,
                                                       "requires_grad": requires_grad})
    if dtype is not None and D.as_dtype(dtype) is D.complex32:
        raise complex_half_error("linspace_cpu")
    (start, end), is_complex = _range_ends("linspace", start, end)
    dt = _no_bool(_range_dtype("linspace", dtype, is_complex), "linspace_cpu")
    if not isinstance(steps, (int, np.integer)):
        raise TypeError(f"linspace(): argument 'steps' must be int, not {type(steps).__name__}")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if dt.category == D._INT:
        # torch reads the ends in the integral dtype first (truncated toward zero, a negative
        # end wrapped into an unsigned dtype, one it cannot hold refused) and steps between them
        from .elementwise import _kernel_scalar
        start, end = (_kernel_scalar(v, dt) for v in (start, end))
    # PyTorch fills the first half from start and the second half from end, each by
    # multiplication with the step, which keeps both ends exact.
    xp = _xp(device)
    if steps == 1:
        arr = xp.full((1,), start, dtype=np.complex128 if is_complex else np.float64)
    else:
        if dt.np == np.float32:
            # torch's float32 kernel rounds the ends and the step to float32 and forms each
            # point with one fused multiply-add: float64 holds that product exactly, so one
            # rounding to float32 of the float64 result gives the same bits.
            f32 = np.float32
            start, end = float(f32(start)), float(f32(end))
            step = float(f32(f32(end - start) / f32(steps - 1)))
        else:
            step = (end - start) / (steps - 1)
        i = xp.arange(steps, dtype=np.float64)
        half = steps // 2
        if dt.np == np.float64:
            arr = xp.where(i < half, _fused_multiply_add(step, i, start, xp),
                           _fused_multiply_add(-step, steps - 1 - i, end, xp))
        else:
            arr = xp.where(i < half, start + step * i, end - step * (steps - 1 - i))
    return _finish(arr.astype(dt.np), dtype, device, requires_grad)


def _fused_multiply_add(a, b, c, xp):
    """a * b + c with the one rounding of a fused multiply-add (torch's float64 linspace
    kernel uses one), from error-free transformations: Dekker's exact product p + e = a * b
    and Knuth's exact sum s + t = c + p, then s + (t + e). Where those overflow (|a b| near
    the float64 maximum) the plainly rounded a * b + c stands."""
    a, b = xp.asarray(a, dtype=np.float64), xp.asarray(b, dtype=np.float64)
    with np.errstate(all="ignore"):
        p = a * b
        split = 134217729.0  # 2^27 + 1: halves of 26 bits multiply exactly
        a_big = split * a
        a_hi = a_big - (a_big - a)
        b_big = split * b
        b_hi = b_big - (b_big - b)
        a_lo, b_lo = a - a_hi, b - b_hi
        e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
        s = c + p
        back = s - c
        t = (c - (s - back)) + (p - back)
        fused = s + (t + e)
    return xp.where(xp.isfinite(fused), fused, p + c)


def logspace(start, end, steps=_NO_STEPS, base=10.0, *, dtype=None, device=None,
             requires_grad=False, out=None, layout=None):
    """base ** linspace(start, end, steps)."""
    if steps is _NO_STEPS:
        raise _no_steps("logspace", start, end, None, {"dtype": dtype, "device": device,
                                                       "requires_grad": requires_grad})
    (start, end), is_complex = _range_ends("logspace", start, end)
    dt = _no_bool(_range_dtype("logspace", dtype, is_complex), "logspace_cpu")
    exps = linspace(start, end, steps, dtype=D.complex128 if is_complex else D.float64,
                    device=device)._data
    return _finish(np.power(base, exps).astype(dt.np), dtype, device, requires_grad)


def _range_ends(name, start, end):
    """start and end as Python numbers (0-d tensors read out), and whether either is complex."""
    values = []
    for label, value in (("start", start), ("end", end)):
        if isinstance(value, Tensor):
            if value.ndim:
                raise RuntimeError(f"{name} only supports 0-dimensional start and end tensors, "
                                   f"but got {label} with {value.ndim} dimension(s).")
            value = value.item()
        values.append(value)
    return values, any(isinstance(value, complex) for value in values)


def _range_dtype(name, dtype, is_complex):
    """The result dtype: complex ends infer the default dtype's complex counterpart, which a
    real ``dtype`` cannot hold."""
    if not is_complex:
        return _dt(dtype)
    wide = D.get_default_dtype() is D.float64
    inferred = D.complex128 if wide else D.complex64
    if dtype is None:
        return inferred
    dt = D.as_dtype(dtype)
    if dt.category != D._COMPLEX:
        raise RuntimeError(f"ember.{name}(): inferred dtype c10::complex<"
                           f"{'double' if wide else 'float'}> can't be safely cast to passed "
                           f"dtype {_type_name(dt)}")
    return dt


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    """The identity matrix: ones on the diagonal, zeros elsewhere.

    Args:
        n: the number of rows.
        m: the number of columns (default: ``n``).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new (n, m) Tensor.

    Example:
        >>> ember.eye(2, 3)
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if not (dtype is None or isinstance(dtype, D.dtype) or any(dtype is k for k in (
            float, int, bool, complex))) \
            or m is not None and (not isinstance(m, numbers.Integral) or isinstance(m, bool)):
        got = ", ".join([type(v).__name__ for v in (n, m) if v is not None] +
                        ([f"dtype={type(dtype).__name__}"] if dtype is not None else []))
        keywords = ("Tensor out = None, ember.dtype dtype = None, ember.layout layout = None, "
                    "ember.device device = None, bool pin_memory = False, "
                    "bool requires_grad = False")
        raise TypeError(f"eye() received an invalid combination of arguments - got ({got}), but "
                        f"expected one of:\n * (int n, *, {keywords})\n"
                        f" * (int n, int m, *, {keywords})\n")
    if dtype is not None and D.as_dtype(dtype) is D.complex32:
        raise complex_half_error("eye")
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise TypeError(f"eye(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    for name, size in (("n", n), ("m", m)):
        if size is not None and size < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {size}")
    return _finish(_xp(device).eye(n, n if m is None else m, dtype=_dt(dtype).np), dtype,
                   device, requires_grad)


# --- randomness ---------------------------------------------------------------------------------

class Generator:
    """A pseudo-random generator. On the CPU it has PyTorch's CPU algorithm (mt19937), so seeds
    give torch's numbers; ``Generator(device='cuda')`` draws on that device, a generator apart
    from the device's default one and from the CPU's, not bit-identical to torch's CUDA stream
    (its state is a (seed, stream) pair: see ``ember._random.DeviceGenerator``)."""

    # Shown (and pickled) as ember._C.Generator, where torch has its Generator.
    __module__ = "ember._C"

    def __init__(self, device="cpu"):
        self.device = as_device(device)
        if self.device.type == "meta":
            raise RuntimeError("META device type not an accelerator.")
        if self.device.type == "cuda":
            from .. import _backend
            index = self.device.index or 0
            _backend.check_index(index)
            self.device = as_device(f"cuda:{index}")
            self._impl = _random.DeviceGenerator(index, seed=_random.DEFAULT_SEED)
        else:
            self._impl = _random.Generator()

    def manual_seed(self, seed):
        self._impl.manual_seed(int(seed))
        return self

    def seed(self):
        return self._impl.seed()

    def initial_seed(self):
        return self._impl.initial_seed()

    def get_state(self):
        if self.device.type == "cuda":
            from ..cuda.random import _state_tensor
            return _state_tensor(self._impl.get_state())
        return Tensor._make(np.asarray(self._impl.get_state(), dtype=np.uint8).copy())

    def set_state(self, new_state):
        if self.device.type == "cuda":
            from ..cuda.random import _state_dict
            self._impl.set_state(_state_dict(new_state))
            return self
        if isinstance(new_state, Tensor) and new_state._dtype is not D.uint8:
            raise TypeError("RNG state must be a ember.ByteTensor")
        self._impl.set_state(_host(new_state._data) if isinstance(new_state, Tensor)
                             else np.asarray(new_state))
        return self


default_generator = Generator()
default_generator._impl = _random.default_generator


def manual_seed(seed):
    """Seed the default random-number generator (and CUDA's, when present).

    ember's generator is PyTorch's CPU generator reproduced bit for bit, so the same seed gives
    the same numbers as ``torch.manual_seed`` does in PyTorch.

    Args:
        seed: an int.

    Returns:
        The default ``ember.Generator``.

    Example:
        >>> _ = ember.manual_seed(42)
        >>> ember.randn(3)
        tensor([0.3367, 0.1288, 0.2345])
    """
    seed = int(seed)
    default_generator.manual_seed(seed)
    from .. import cuda
    if cuda.is_available():
        cuda.manual_seed_all(seed)
    return default_generator


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


def _gen(generator):
    """The CPU engine that draws: ``generator``'s, or the default one's."""
    if generator is None:
        return default_generator._impl
    if generator.device.type != "cpu":
        raise RuntimeError("Expected a 'cpu' device type for generator but found "
                           f"'{generator.device.type}'")
    return generator._impl


def _device_rng(device, generator):
    """The generator that draws on the device for ``device``: an explicit CUDA generator, or
    the CUDA device's own one when the draw uses the default generator; None on the CPU or
    with an explicit CPU generator (which draws PyTorch's CPU stream, moved to the device). A meta
    tensor's draws come from the meta device's generator, which draws nothing (so, as in
    torch, no generator's state moves)."""
    dev = as_device(device)
    if dev.type == "meta":
        return xp_for(dev).random.default_rng()
    try:
        on_cuda = generator is not None and generator.device.type == "cuda"
    except AttributeError:  # torch's parser refuses it: a TypeError naming the op's overloads
        raise TypeError(f"generator must be a Generator, not {type(generator).__name__}") \
            from None
    if on_cuda:
        if dev.type != "cuda":
            raise RuntimeError("Expected a 'cpu' device type for generator but found 'cuda'")
        return generator._impl
    if dev.type != "cuda" or generator is not None:
        return None
    return _random.cuda_generator(dev.index or 0)


def _device_uniform(rng, shape, dt):
    """Uniform [0, 1) values of float dtype ``dt`` drawn on the device (16-bit floats via
    float32, which CuPy's generator draws natively)."""
    wide = dt.np if dt.np in (np.float32, np.float64) else np.float32
    return rng.random(shape, dtype=wide).astype(dt.np, copy=False)


def _device_normal(rng, shape, dt):
    """Standard normal values of float dtype ``dt`` drawn on the device (16-bit floats via
    float32)."""
    wide = dt.np if dt.np in (np.float32, np.float64) else np.float32
    return rng.standard_normal(shape, dtype=wide).astype(dt.np, copy=False)


def _float_dt(dtype, name):
    dt = _dt(dtype)
    if dt.category != D._FLOAT:
        raise NotImplementedError(f"\"{name}\" not implemented for '{_short(dt)}'")
    return dt


def _no_bool(dt, kernel):
    """PyTorch has no bool kernel for numeric ranges and permutations."""
    if dt is D.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    return dt


def _short(dt):
    from ._registry import type_name
    return type_name(dt)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None,
         layout=None, pin_memory=False):
    """Samples from the uniform distribution on [0, 1), in a tensor of the given size.

    Args:
        *size: the dimensions, as separate ints or one tuple/list.
        generator: the ``ember.Generator`` to draw from (default: the global one).
        dtype: a floating dtype (default: ``ember.get_default_dtype()``).
        device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new Tensor.

    Example:
        >>> _ = ember.manual_seed(0)
        >>> ember.rand(2, 2)
        tensor([[0.4963, 0.7682],
                [0.0885, 0.1320]])
    """
    dt = _dt(dtype)
    rng = _device_rng(device, generator)
    if dt.category == D._COMPLEX:  # real and imaginary parts drawn in turn, as PyTorch
        shape = _size(size, "rand") + (2,)
        parts = _random.rand(_gen(generator), shape, dt.to_real().np) if rng is None else \
            _device_uniform(rng, shape, dt.to_real())
        return _finish(parts.view(dt.np)[..., 0], dtype, device, requires_grad)
    dt = _float_dt(dtype, "check_uniform_bounds")
    if rng is not None:
        return _finish(_device_uniform(rng, _size(size, "rand"), dt), dtype, device,
                       requires_grad)
    arr = _random.rand(_gen(generator), _size(size, "rand"), dt.np)
    return _finish(arr, dtype, device, requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None,
          layout=None, pin_memory=False):
    """Samples from the standard normal distribution (mean 0, variance 1), of the given size.

    Args:
        *size: the dimensions, as separate ints or one tuple/list.
        generator: the ``ember.Generator`` to draw from (default: the global one).
        dtype: a floating dtype (default: ``ember.get_default_dtype()``).
        device, requires_grad: as for ``ember.zeros``.

    Returns:
        A new Tensor; the same seed gives the same values as PyTorch.

    Example:
        >>> _ = ember.manual_seed(0)
        >>> ember.randn(2, 3)
        tensor([[ 1.5410, -0.2934, -2.1788],
                [ 0.5684, -1.0845, -1.3986]])
    """
    dt = _dt(dtype)
    rng = _device_rng(device, generator)
    if dt.category == D._COMPLEX:
        # Real and imaginary parts are drawn in turn, each with variance 1/2 (so E|z|^2 = 1):
        # on the CPU one normal draw with std 1/sqrt(2), as PyTorch's (a small tensor's
        # samples are scaled in double and rounded once).
        shape = _size(size, "randn") + (2,)
        if rng is None:
            parts = _random.normal(_gen(generator), shape, 0.0, 1.0 / math.sqrt(2.0),
                                   dt.to_real().np)
        else:
            parts = _device_normal(rng, shape, dt.to_real())
            parts *= np.sqrt(0.5).astype(parts.dtype)
        return _finish(parts.view(dt.np)[..., 0], dtype, device, requires_grad)
    dt = _float_dt(dtype, "normal_kernel_cpu")
    if rng is not None:
        return _finish(_device_normal(rng, _size(size, "randn"), dt), dtype, device,
                       requires_grad)
    arr = _random.randn(_gen(generator), _size(size, "randn"), dt.np)
    return _finish(arr, dtype, device, requires_grad)


# The C++ names torch's bound checks print, and the float types' exact-integer digits.
_CPP_NAMES = {D.uint8: "unsigned char", D.int8: "signed char", D.int16: "short int",
              D.int32: "int", D.bool_: "bool", D.float16: "c10::Half",
              D.bfloat16: "c10::BFloat16", D.float32: "float", D.float64: "double"}
_DIGITS = {D.float16: 11, D.bfloat16: 8, D.float32: 24, D.float64: 53}


def _check_random_bounds(low, high, dt):
    """torch's check of random_/randint bounds for dtype ``dt``: both ends representable
    (errors), and for a float type within the range it holds every integer of (a warning)."""
    name = _CPP_NAMES.get(dt)
    if name is None:
        return
    if dt.category == D._FLOAT:
        info = np.finfo(D.float32.np if dt is D.bfloat16 else dt.np)
        lo, hi = float(info.min), float(info.max)
        if dt is D.bfloat16:
            lo, hi = -3.3895313892515355e38, 3.3895313892515355e38
        ends = ((low, "from"), (high - 1, "to - 1"))
        for value, what in ends:
            if not lo <= value <= hi:
                raise RuntimeError(f"{what} is out of bounds for {name}")
        digits = _DIGITS[dt]
        for value, what in ends:
            if not -(2 ** digits) <= value <= 2 ** digits:
                warnings.warn(f"{what} is out of bounds [-(2^{digits}), 2^{digits}]. Due to "
                              f"precision limitations {name} can support discrete uniform "
                              "distribution only within this range. This warning will become an "
                              "error in version 1.7 release, please fix the code in advance",
                              UserWarning, stacklevel=_user_stacklevel())
        return
    info = np.iinfo(dt.np) if dt is not D.bool_ else None
    lo, hi = (0, 2) if info is None else (info.min, info.max + 1)
    if not lo <= low < hi:
        raise RuntimeError(f"from is out of bounds for {name}")
    if not lo < high <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {name}")


_RANDINT_OVERLOADS = "".join(
    f" * ({bounds}, tuple of ints size, *, {gen}Tensor out = None, ember.dtype dtype = None, "
    "ember.layout layout = None, ember.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n"
    for bounds in ("int high", "int low, int high")
    for gen in ("ember.Generator generator, ", ""))


def _randint_bounds(bounds, keywords):
    """(low, high, size) from randint's positional ``bounds`` and its keywords, as torch's two
    overloads read them: positionals fill (high, size) or else (low, high, size) in order, and
    keywords the rest; ``randint(high=5, size=(3,))`` counts from 0."""
    for names in (("high", "size"), ("low", "high", "size")):
        if len(bounds) > len(names) or set(names[:len(bounds)]) & set(keywords):
            continue
        given = {**dict(zip(names, bounds)), **keywords}
        if set(given) == set(names):
            return given.get("low", 0), given["high"], given["size"]
    if not bounds and "low" in keywords and "high" not in keywords:
        raise TypeError('randint() missing 2 required positional argument: "high", "size"')
    def kind(v):
        return "Tensor" if isinstance(v, Tensor) else type(v).__name__
    got = [kind(v) for v in bounds] + [f"{k}={kind(v)}" for k, v in keywords.items()]
    raise TypeError(f"randint() received an invalid combination of arguments - got "
                    f"({', '.join(got)}), but expected one of:\n{_RANDINT_OVERLOADS}")


def randint(*bounds, low=_UNSET, high=_UNSET, size=_UNSET, generator=None, dtype=None,
            device=None, requires_grad=False, out=None, layout=None):
    """Uniform integers from [low, high), in a tensor of shape ``size``.

    Called as ``randint(high, size)`` or ``randint(low, high, size)``; each bound may also be
    given by keyword (``randint(high=5, size=(3,))`` counts from 0).

    Example:
        >>> _ = ember.manual_seed(0)
        >>> ember.randint(1, 5, (3,))
        tensor([1, 4, 2])
    """
    if low is _UNSET and high is _UNSET and size is _UNSET and len(bounds) in (2, 3):
        low, high, size = (0, *bounds) if len(bounds) == 2 else bounds
    else:
        keywords = {k: v for k, v in (("low", low), ("high", high), ("size", size))
                    if v is not _UNSET}
        low, high, size = _randint_bounds(bounds, keywords)
    for name, bound in (("low", low), ("high", high)):
        if not isinstance(bound, (int, np.integer, Tensor)):
            raise TypeError(f"randint(): argument '{name}' must be int, not "
                            f"{type(bound).__name__}")
        if not isinstance(bound, Tensor) and not -2 ** 63 <= bound < 2 ** 63:
            # torch's parser reads the bounds as 64-bit ints.
            raise ValueError("Overflow when unpacking long long")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    dt = _dt(dtype, D.int64)
    if dt.category == D._COMPLEX:
        raise RuntimeError("check_random_bounds handles only integral, floating-point and "
                           "boolean types")
    _check_random_bounds(low, high, dt)
    rng = _device_rng(device, generator)
    if rng is not None:
        arr = rng.integers(int(low), int(high), _size((size,)), dtype=np.int64)
        return _finish(arr.astype(dt.np, copy=False), dtype, device, requires_grad)
    arr = _random.randint(_gen(generator), int(low), int(high), _size((size,)), dt.np)
    return _finish(arr, dtype, device, requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, out=None,
             layout=None, pin_memory=False):
    """A random permutation of 0..n-1."""
    if isinstance(n, (bool, float, str)) or n is None:
        raise TypeError(f"randperm(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    dt = _no_bool(_dt(dtype, D.int64), "randperm")
    rng = _device_rng(device, generator)
    _random.check_randperm_n(int(n))
    if dt.category == D._INT and n > 1 and n - 1 > np.iinfo(dt.np).max:  # the last value
        from .elementwise import _BOUND_TYPE_NAMES
        raise RuntimeError(f"value cannot be converted to type "
                           f"{_BOUND_TYPE_NAMES.get(dt.name, dt.name + '_t')} without overflow")
    if rng is not None:  # sorting random keys: CuPy's generator has no permutation
        arr = np.argsort(rng.random((int(n),), dtype=np.float64)).astype(dt.np, copy=False)
        return _finish(arr, dtype, device, requires_grad)
    arr = _random.randperm(_gen(generator), int(n), dt.np)
    return _finish(arr, dtype, device, requires_grad)


def rand_like(input, *, generator=None, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None):
    _like_input("rand_like", input)
    return _formatted(rand(input.shape, generator=generator, dtype=dtype or input.dtype,
                           device=device or input.device, requires_grad=requires_grad),
                      memory_format, input)


def randn_like(input, *, generator=None, dtype=None, layout=None, device=None,
               requires_grad=False, memory_format=None):
    _like_input("randn_like", input)
    dt = D.as_dtype(dtype or input.dtype)
    device = device or input.device
    if (memory_format is None or memory_format is MF.preserve_format) and \
            dt.category == D._FLOAT and _device_rng(device, generator) is None and \
            _dense_strides(input._data) is not None:
        # A result strided like a transposed or channels-last input is not contiguous:
        # torch fills it element by element in memory order (its serial normal path).
        arr = _random.normal(_gen(generator), (input.numel(),), 0.0, 1.0, dt.np,
                             contiguous=False)
        out = _finish(arr.reshape(tuple(input.shape)), dt, device, requires_grad)
        return _formatted(out, memory_format, input)
    return _formatted(randn(input.shape, generator=generator, dtype=dt, device=device,
                            requires_grad=requires_grad), memory_format, input)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, layout=None,
                 device=None, requires_grad=False, memory_format=None):
    if high is None:
        low, high = 0, low
    return _formatted(randint(low, high, input.shape, generator=generator,
                              dtype=dtype or input.dtype, device=device or input.device,
                              requires_grad=requires_grad), memory_format, input)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False, out=None):
    """Normal samples with the given mean(s) and standard deviation(s)."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else mean
        s = std._data if isinstance(std, Tensor) else std
        ref = mean if isinstance(mean, Tensor) else std
        if isinstance(mean, Tensor) and isinstance(std, Tensor):
            from ._registry import broadcast_shape
            broadcast_shape(tuple(mean.shape), tuple(std.shape))  # torch's size-mismatch error
        if isinstance(std, Tensor) and (std._data < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
        rng = _device_rng(ref._device, generator)
        if rng is not None:
            shape = np.broadcast_shapes(np.shape(m), np.shape(s))
            draws = rng.standard_normal(shape, dtype=np.float64)
            return Tensor._make((draws * s + m).astype(ref._dtype.np))
        return Tensor._make(_random.normal(_gen(generator), None, m, s, ref._dtype.np))
    if size is None:
        raise TypeError("normal() missing required argument 'size'")
    _random.check_normal_std(float(std))
    dt = _dt(dtype)
    rng = _device_rng(device, generator)
    if rng is not None:
        draws = rng.standard_normal(_size((size,)), dtype=np.float64)
        return _finish((draws * std + mean).astype(dt.np), dtype, device, requires_grad)
    arr = _random.normal(_gen(generator), _size((size,)), mean, std, dt.np)
    return _finish(arr, dtype, device, requires_grad)


def bernoulli(input, p=None, *, generator=None, out=None):
    """1 with probability ``input`` (or ``p``), else 0; same shape and dtype as input."""
    if p is not None and not isinstance(p, Tensor):
        _random.check_bernoulli_p(p)
    if p is None and input._dtype.category != D._FLOAT:
        raise NotImplementedError("\"bernoulli_tensor_cpu_p_\" not implemented for "
                                  f"'{_type_name(input._dtype)}'")
    probs = input._data if p is None else np.full_like(input._data, p, np.float64)
    rng = _device_rng(input._device, generator)
    if rng is not None:
        if ((probs < 0) | (probs > 1) | (probs != probs)).any():  # NaN too, as torch refuses
            raise RuntimeError(_random.BERNOULLI_P_MESSAGE)
        return Tensor._make((rng.random(probs.shape) < probs).astype(input._dtype.np))
    # (the CPU stream checks each p as torch's kernel does, spending the draws before a bad one)
    return Tensor._make(_random.bernoulli(_gen(generator), probs, input._dtype.np))


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Sample indices from the rows of ``input`` (unnormalised probabilities)."""
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    rng = _device_rng(input._device, generator)
    if rng is not None:
        return Tensor._make(_random.device_multinomial(rng, input._data, num_samples,
                                                       replacement))
    drawn = _random.multinomial(_gen(generator), _host(input._data), num_samples, replacement)
    return Tensor._make(to_device(drawn.astype(np.int64), input._device))


# --- in-place fills (used by nn.init and optimizers) ---------------------------------------------

def _visit_axes(self):
    """The axes of a CPU tensor that is not row-major, outermost in memory first, else None.

    torch's CPU samplers fill a tensor's elements in the order its TensorIterator visits them,
    which sorts the dimensions by stride: memory order, so a transposed or channels-last tensor
    takes the draws along its storage, not along its logical row-major order."""
    if self._device.type != "cpu" or self._data.flags.c_contiguous:
        return None
    return sorted(range(self._data.ndim), key=lambda axis: -self._data.strides[axis])


def _fill_with(self, arr):
    """Overwrite self's data (no graph) with a sampler's draws, ``arr`` holding them in the
    order drawn (row-major): as PyTorch's in-place samplers, element after element in the
    order ``_visit_axes`` gives."""
    check_inplace(self)
    if self._device.type == "cuda":
        arr = to_device(arr, self._device)
    axes = _visit_axes(self)
    if axes is not None:
        shape = self._data.shape
        arr = np.reshape(arr, [shape[axis] for axis in axes]).transpose(np.argsort(axes))
    write_into(self._data, arr)
    self._vc[0] += 1
    if _CONJ_LIVE:
        _conj_written(self)
    return self


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    require_float(self, "check_uniform_bounds")
    if self._dtype.is_complex:
        # As torch: the real and imaginary parts are the two columns of view_as_real, drawn
        # in that interleaved order.
        part = self._dtype.to_real()
        rng = _device_rng(self._device, generator)
        if rng is not None:
            a, b = _random.check_uniform_bounds(a, b, np.dtype(part.np))
            pairs = _device_uniform(rng, self._data.shape + (2,), part) * (b - a) + a
        else:
            pairs = _random.uniform(_gen(generator), self._data.shape + (2,), a, b, part.np)
        return _fill_with(self, pairs[..., 0] + 1j * pairs[..., 1])
    rng = _device_rng(self._device, generator)
    if rng is not None:
        a, b = _random.check_uniform_bounds(a, b, np.dtype(self._dtype.np))
        unit = _device_uniform(rng, self._data.shape, self._dtype)
        return _fill_with(self, unit * (b - a) + a)
    return _fill_with(self, _random.uniform(_gen(generator), self._data.shape, a, b,
                                            self._dtype.np))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    require_float(self, "normal_kernel_cpu")
    rng = _device_rng(self._device, generator)
    if self._dtype.is_complex:
        # As torch: the real and imaginary parts (view_as_real's columns, in that order) are
        # normal with the given mean and half the variance.
        _random.check_normal_std(float(std))
        shape, scale = self._data.shape + (2,), std / math.sqrt(2.0)
        pairs = _random.normal(_gen(generator), shape, mean, scale, self._dtype.to_real().np,
                               contiguous=_visit_axes(self) is None) \
            if rng is None else rng.standard_normal(shape) * scale + mean
        return _fill_with(self, pairs[..., 0] + 1j * pairs[..., 1])
    if rng is not None:
        _random.check_normal_std(float(std))
        return _fill_with(self, rng.standard_normal(self._data.shape) * std + mean)
    # a tensor that is not contiguous takes torch's element-serial path, not its blocks of 16
    return _fill_with(self, _random.normal(_gen(generator), self._data.shape, mean, std,
                                           self._dtype.np, contiguous=_visit_axes(self) is None))


def bernoulli_(self, p=0.5, *, generator=None):
    probs = p._data if isinstance(p, Tensor) else float(p)
    rng = _device_rng(self._device, generator)
    if rng is not None:
        if isinstance(probs, float):
            _random.check_bernoulli_p(probs)
        return _fill_with(self, rng.random(self._data.shape) < probs)
    shape, axes = self._data.shape, _visit_axes(self)
    if axes is not None and not isinstance(probs, float):  # each p beside its element's draw
        probs = np.broadcast_to(_host(probs), shape).transpose(axes)
        shape = probs.shape
    return _fill_with(self, _random.bernoulli(_gen(generator), probs, self._dtype.np,
                                              shape=shape))


def random_(self, from_=0, to=None, *, generator=None):
    if to is not None and int(from_) < int(to):
        _check_random_bounds(int(from_), int(to), self._dtype)
    elif to is None and from_:
        _check_random_bounds(0, int(from_), self._dtype)
    rng = _device_rng(self._device, generator)
    if rng is not None:
        if to is None:
            from_, to = (0, from_) if from_ else (0, 2 ** 24 if self._dtype.category ==
                                                  D._FLOAT else np.iinfo(self._dtype.np).max)
        return _fill_with(self, rng.integers(int(from_), int(to), self._data.shape))
    if to is None and not from_:
        # No bounds: torch's uniform_int over the dtype's whole non-negative range.
        return _fill_with(self, _random.random_(_gen(generator), self._data.shape,
                                                self._dtype.np))
    if to is None:
        from_, to = 0, from_ if from_ else 2 ** 24 if self._dtype.category == D._FLOAT else \
            np.iinfo(self._dtype.np).max
    return _fill_with(self, _random.randint(_gen(generator), int(from_), int(to),
                                            self._data.shape, self._dtype.np))


def exponential_(self, lambd=1.0, *, generator=None):
    if self._dtype.category != D._FLOAT:  # (after the lambda, as torch checks them)
        _random.check_exponential_lambda(float(lambd))
        raise RuntimeError("Exponential distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified "
                           f"{_type_name(self._dtype)}")
    rng = _device_rng(self._device, generator)
    if rng is not None:
        _random.check_exponential_lambda(float(lambd))
        return _fill_with(self, rng.standard_exponential(self._data.shape) / lambd)
    return _fill_with(self, _random.exponential(_gen(generator), self._data.shape, lambd,
                                                self._dtype.np))


def fill_(self, value):
    """Set every element to ``value``.   Zero gradient to the old value (and to a tensor value)."""
    if isinstance(value, np.bool_):  # torch reads it as a float, as other NumPy scalars
        value = float(value)
    if not isinstance(value, (Tensor, numbers.Number)):
        raise invalid_combination("fill_", (value,), ("Tensor value", "Number value"))
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value._data.ndim} dimensions.")
        return inplace(self, lambda s, v: _filled(s, v), value)
    value = checked_scalar(value, self._dtype, self._data.size)
    return inplace(self, lambda s: _filled(s, value), aliased_ok=True)


def _filled(s, value):
    # A 0-d tensor's value as a scalar of its backend, so a CPU one can fill a CUDA tensor.
    v = value._data[()] if isinstance(value, Tensor) else value
    if s._dtype is D.complex32 or isinstance(value, Tensor) and value._dtype is D.complex32:
        v = value.item() if isinstance(value, Tensor) else v
        out = Tensor._make(D.cast(D.full_complex(s._data.shape, v, xp_for(s._device)), s._dtype))
    else:
        if isinstance(value, Tensor) and value._data.dtype.kind == "c" and \
                s._data.dtype.kind not in "cb":
            warn_complex_to_real()  # torch's warning, not NumPy's ComplexWarning
            v = v.real
        out = Tensor._make(np.full_like(s._data, v))
    inputs = (s, value) if isinstance(value, Tensor) else (s,)
    return record(out, FillBackward3 if isinstance(value, Tensor) else FillBackward2, inputs)


# PyTorch's names for the in-place fill_ nodes (FillBackward0/1 belong to out-of-place fill).
@grad_fn("FillBackward2")
def FillBackward2(ctx, grad):
    return grad * 0


@grad_fn("FillBackward3")
def FillBackward3(ctx, grad):
    return grad * 0, grad.sum()


def zero_(self):
    """Set every element to zero."""
    return inplace(self, lambda s: record(Tensor._make(np.zeros_like(s._data)), ZeroBackward0,
                                          (s,)), aliased_ok=True)


@grad_fn("ZeroBackward0")
def ZeroBackward0(ctx, grad):
    return grad * 0


def copy_(self, src, non_blocking=False):
    """Copy src (broadcast, cast) into self.   d/dsrc = grad summed to src's shape."""
    src = as_tensor_arg(src)
    try:
        if np.broadcast_shapes(src._data.shape, self._data.shape) != self._data.shape:
            raise ValueError
    except ValueError:
        try:
            shape = np.broadcast_shapes(self._data.shape, src._data.shape)
        except ValueError:
            raise broadcast_error(self._data.shape, src._data.shape) from None
        # The two broadcast together, but to a shape self does not have.
        raise RuntimeError(f"output with shape {list(self._data.shape)} doesn't match the "
                           f"broadcast shape {list(shape)}") from None

    def compute(s, o):
        arr = o._data if type(o._data) is type(s._data) else to_device(o._data, s._device)
        out = Tensor._make(D.cast(np.broadcast_to(arr, s._data.shape), s._dtype))
        return record(out, CopyBackwards, (s, o))
    if src._vc is self._vc:
        check_no_partial_overlap(self, src)
    if not needs_grad(self, src):
        check_inplace(self)
        write_into(self._data, D.as_np(src._data, self._dtype) if type(src._data) is
                   type(self._data) else to_device(src._data, self._device))
        self._vc[0] += 1
        if _CONJ_LIVE:
            _conj_written(self)
        if _forward_ad._state.level is not None:  # jvp through copy_ into a plain tensor
            _forward_ad.written(self, None, src)
        return self
    return inplace(self, compute, src, overlap_checked=True)


@grad_fn("CopyBackwards")
def CopyBackwards(ctx, grad):
    gs = None
    if ctx.needs_input_grad[1]:
        gs = sum_to(grad, ctx._input_meta[1][0], "copy_")
    return (grad * 0 if ctx.needs_input_grad[0] else None), gs


# PyTorch's C++ name for this node, with ember's prefix.
CopyBackwards.name = lambda self: "ember::autograd::CopyBackwards"


def _new(fn):
    def method(self, *size, dtype=None, device=None, requires_grad=False, **kw):
        if "size" in kw:  # torch takes the shape as a keyword too: x.new_ones(size=())
            if size:
                raise TypeError(f"new_{fn.__name__}() got multiple values for argument 'size'")
            size = (kw.pop("size"),)
        if not size:
            raise TypeError(f'new_{fn.__name__}() missing 1 required positional arguments: '
                            '"size"')
        return fn(*size, dtype=dtype or self._dtype, device=device or self._device,
                  requires_grad=requires_grad, **kw)
    method.__name__ = "new_" + fn.__name__
    return method


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=dtype or self._dtype, device=device or self._device,
                requires_grad=requires_grad)


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    from .._tensor import tensor
    return tensor(data, dtype=dtype or self._dtype, device=device or self._device,
                  requires_grad=requires_grad)


FUNCTIONS = {
    "zeros": zeros, "ones": ones, "empty": empty, "full": full, "zeros_like": zeros_like,
    "ones_like": ones_like, "empty_like": empty_like, "full_like": full_like, "arange": arange,
    "range": range_, "linspace": linspace, "logspace": logspace, "eye": eye,
    "Generator": Generator, "default_generator": default_generator, "manual_seed": manual_seed,
    "seed": seed, "initial_seed": initial_seed, "get_rng_state": get_rng_state,
    "set_rng_state": set_rng_state, "rand": rand, "randn": randn, "randint": randint,
    "randperm": randperm, "rand_like": rand_like, "randn_like": randn_like,
    "randint_like": randint_like, "normal": normal, "bernoulli": bernoulli,
    "multinomial": multinomial,
}
METHODS = {
    "uniform_": uniform_, "normal_": normal_, "bernoulli_": bernoulli_, "random_": random_,
    "exponential_": exponential_, "fill_": fill_, "zero_": zero_, "copy_": copy_,
    "new_zeros": _new(zeros), "new_ones": _new(ones), "new_empty": _new(empty),
    "new_full": new_full, "new_tensor": new_tensor, "bernoulli": bernoulli,
    "multinomial": multinomial,
}
