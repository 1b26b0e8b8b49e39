"""dtype objects and PyTorch's type-promotion rules.

NumPy promotes differently from PyTorch in several places (int64 tensor + Python float is
float64 in NumPy, float32 in PyTorch; a 0-d float64 tensor does not upcast a float32 tensor in
PyTorch). Every op therefore asks this module for the result dtype and casts NumPy's answer.
"""
from __future__ import annotations

import importlib.util

import numpy as np

# Categories order the promotion lattice: bool < integer < floating < complex.
_BOOL, _INT, _FLOAT, _COMPLEX = 0, 1, 2, 3


class dtype:
    """A tensor element type, printed as ``ember.<name>``."""

    __slots__ = ("name", "np", "category", "itemsize", "is_signed", "_legacy")

    def __init__(self, name, np_dtype, category, legacy):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_signed = name != "bool" and not name.startswith("uint")
        self._legacy = legacy

    @property
    def is_floating_point(self):
        return self.category == _FLOAT

    @property
    def is_complex(self):
        return self.category == _COMPLEX

    def to_real(self):
        return {complex32: float16, complex64: float32, complex128: float64}.get(self, self)

    def to_complex(self):
        return {float64: complex128, float16: complex32}.get(self, complex64) \
            if self.category != _COMPLEX else self

    def __repr__(self):
        return f"ember.{self.name}"

    def __reduce__(self):
        return (_by_name, (self.name,))


def _by_name(name):
    return _NAMES[name]


bool_ = dtype("bool", np.bool_, _BOOL, "BoolTensor")
uint8 = dtype("uint8", np.uint8, _INT, "ByteTensor")
int8 = dtype("int8", np.int8, _INT, "CharTensor")
int16 = dtype("int16", np.int16, _INT, "ShortTensor")
int32 = dtype("int32", np.int32, _INT, "IntTensor")
int64 = dtype("int64", np.int64, _INT, "LongTensor")
float16 = dtype("float16", np.float16, _FLOAT, "HalfTensor")
float32 = dtype("float32", np.float32, _FLOAT, "FloatTensor")
float64 = dtype("float64", np.float64, _FLOAT, "DoubleTensor")
complex64 = dtype("complex64", np.complex64, _COMPLEX, "ComplexFloatTensor")
complex128 = dtype("complex128", np.complex128, _COMPLEX, "ComplexDoubleTensor")
# NumPy has no complex32: its elements are stored as (real, imag) float16 pairs, so that
# view_as_real shares their memory, and computed through complex64 (see to_complex32).
COMPLEX32_NP = np.dtype([("real", "<f2"), ("imag", "<f2")])
complex32 = dtype("complex32", COMPLEX32_NP, _COMPLEX, "ComplexHalfTensor")
# torch's "limited support" unsigned types: storage, conversion, printing and the few ops torch
# has kernels for; promotion with any other non-float dtype raises (see promote_types).
uint16 = dtype("uint16", np.uint16, _INT, "UInt16Tensor")
uint32 = dtype("uint32", np.uint32, _INT, "UInt32Tensor")
uint64 = dtype("uint64", np.uint64, _INT, "UInt64Tensor")
_WIDE_UINTS = (uint16, uint32, uint64)


class _LazyDtype(dtype):
    """A dtype whose NumPy type comes from an optional library imported on first use.

    bfloat16 is ml_dtypes' type; importing ml_dtypes costs most of a second, so ``import
    ember`` only checks that it is installed and the import happens when a bfloat16 tensor is
    first made (or its limits asked for).
    """

    __slots__ = ("_module", "_attribute")

    def __init__(self, name, module, attribute, itemsize, legacy):
        self.name = name
        self.category = _FLOAT
        self.itemsize = itemsize
        self.is_signed = True
        self._legacy = legacy
        self._module, self._attribute = module, attribute

    @property
    def np(self):
        np_dtype = np.dtype(getattr(importlib.import_module(self._module), self._attribute))
        _FROM_NP[np_dtype] = self
        return np_dtype


class _Float8(_LazyDtype):
    """A float8 type from ml_dtypes (torch's float8 family): conversion and printing work,
    arithmetic promotion with any other dtype raises, as in torch."""

    __slots__ = ()


class _Opaque(dtype):
    """A dtype torch names but keeps no element storage for on the CPU (sub-byte integers,
    bit-packed and quantized types): the object exists, tensors of it do not in ember."""

    __slots__ = ("_signed",)

    def __init__(self, name, itemsize, signed, category=_INT):
        self.name = name
        self.category = category
        self.itemsize = itemsize
        self._signed = signed
        self._legacy = _opaque_legacy(name) + "Tensor"

    @property
    def np(self):
        raise NotImplementedError(f"ember has no storage for {self!r} tensors: torch keeps "
                                  f"this type for packed or quantized data")

    @property
    def is_signed(self):
        if isinstance(self._signed, str):
            raise RuntimeError(self._signed)  # noqa: TRY004 - torch's type
        return self._signed


def _opaque_legacy(name):
    """torch's scalar-type name: int4 -> Int4, uint4 -> UInt4, bits2x4 -> Bits2x4."""
    if name.startswith("uint"):
        return "UInt" + name[4:]
    if name.startswith("quint"):
        return "QUInt" + name[5:]
    if name.startswith("qint"):
        return "QInt" + name[4:]
    return name[0].upper() + name[1:]


class _NumpyToEmber(dict):
    """NumPy dtype -> ember dtype; a lazily imported type is registered when first looked up."""

    def __missing__(self, np_dtype):
        lazy = _LAZY.get(getattr(np_dtype, "name", None))
        if lazy is None:
            raise KeyError(np_dtype)
        if lazy.np != np_dtype:  # registers it
            raise KeyError(np_dtype)
        return lazy


bfloat16 = (_LazyDtype("bfloat16", "ml_dtypes", "bfloat16", 2, "BFloat16Tensor")
            if importlib.util.find_spec("ml_dtypes") is not None else None)

_F8_LEGACY = {"float8_e4m3fn": "Float8_e4m3fn", "float8_e5m2": "Float8_e5m2",
              "float8_e4m3fnuz": "Float8_e4m3fnuz", "float8_e5m2fnuz": "Float8_e5m2fnuz",
              "float8_e8m0fnu": "Float8_e8m0fnu"}
FLOAT8 = ([_Float8(name, "ml_dtypes", name, 1, legacy + "Tensor")
           for name, legacy in _F8_LEGACY.items()]
          if importlib.util.find_spec("ml_dtypes") is not None else [])


def to_float8(arr, dt):
    """``arr`` converted to the float8 type ``dt`` as torch converts: e4m3fn saturates every
    value beyond its range (infinities too) to +-448, e8m0fnu (exponent only, no sign) takes
    the magnitude, zero becoming its smallest value 2**-127; the others round as ml_dtypes does (to nearest even, overflow to inf/nan)."""
    if dt.name == "float8_e4m3fn":
        arr = np.clip(arr, -448.0, 448.0)
    elif dt.name == "float8_e8m0fnu":
        arr = np.abs(arr)
        arr = np.where(arr == 0, 2.0 ** -127, arr)
    return arr.astype(dt.np)


_BITS = "Bits types are undefined"
_QUANTIZED = "isSignedType not supported for quantized types"
OPAQUE = ([_Opaque(f"bits{n}", size, _BITS)
           for n, size in (("1x8", 1), ("2x4", 1), ("4x2", 1), ("8", 1), ("16", 2))]
          + [_Opaque(f"int{n}", 1, True) for n in range(1, 8)]
          + [_Opaque(f"uint{n}", 1, False) for n in range(1, 8)]
          + [_Opaque(name, size, _QUANTIZED) for name, size in
             (("qint8", 1), ("quint8", 1), ("qint32", 4), ("quint4x2", 1), ("quint2x4", 1))]
          + [_Opaque("float4_e2m1fn_x2", 1, True, _FLOAT)])

ALL = [d for d in (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64,
                   complex32, complex64, complex128, uint16, uint32, uint64, *FLOAT8)
       if d is not None]
_NAMES = {d.name: d for d in (*ALL, *OPAQUE)}
# Newer dtypes torch made no legacy constructor for (there is no torch.UInt16Tensor).
NO_LEGACY_TYPE = (uint16, uint32, uint64, complex32, *FLOAT8)
_LAZY = {d.name: d for d in ALL if isinstance(d, _LazyDtype)}
_FROM_NP = _NumpyToEmber({d.np: d for d in ALL if d.name not in _LAZY})

# Aliases PyTorch exposes at top level.
ALIASES = {"bool": bool_, "uint8": uint8, "int8": int8, "int16": int16, "short": int16,
           "int32": int32, "int": int32, "int64": int64, "long": int64, "float16": float16,
           "half": float16, "float32": float32, "float": float32, "float64": float64,
           "double": float64, "complex64": complex64, "cfloat": complex64,
           "complex128": complex128, "cdouble": complex128, "complex32": complex32,
           "chalf": complex32, "uint16": uint16,
           "uint32": uint32, "uint64": uint64}
if bfloat16 is not None:
    ALIASES["bfloat16"] = bfloat16
ALIASES.update({d.name: d for d in (*FLOAT8, *OPAQUE)})

_default = [float32]


class finfo:
    """Machine limits of a floating dtype (torch.finfo): bits, eps, max, min, tiny, resolution.

    A complex dtype reports its real part's limits, as PyTorch does.
    """

    def __init__(self, type=None):
        type = _default[0] if type is None else type
        if type.category < _FLOAT:
            raise TypeError("ember.finfo() requires a floating point input type. Use "
                            "ember.iinfo to handle 'ember.finfo'")
        if type.name == "bfloat16":
            import ml_dtypes
            info = ml_dtypes.finfo(type.np)
        elif type is complex32:
            info = np.finfo(np.float16)
        else:
            info = np.finfo(type.np)
        self.bits = int(info.bits)
        self.eps, self.max, self.min = float(info.eps), float(info.max), float(info.min)
        if type.name == "float8_e5m2fnuz":
            # torch's numeric_limits give the gap below 1 (2**-3), ml_dtypes the gap above it.
            self.eps = float(info.epsneg)
        self.tiny = self.smallest_normal = float(info.tiny)
        # 10 ** -digits10 (std::numeric_limits), which NumPy's precision rounds up for float8.
        self.resolution = 10.0 ** -int(info.precision) if type not in FLOAT8 else \
            10.0 ** -int(info.nmant * 0.30102999566398120)
        self.dtype = {"complex32": "float16", "complex64": "float32",
                      "complex128": "float64"}.get(type.name, type.name)

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'ember.finfo' object")  # torch's is a C struct

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """Machine limits of an integer dtype (torch.iinfo): bits, min, max."""

    def __init__(self, type):
        if type.category == _BOOL:
            raise TypeError(f"{type} is not supported by ember.iinfo")
        if type.category != _INT:
            raise TypeError("ember.iinfo() requires an integer input type. Use ember.finfo "
                            "to handle 'ember.iinfo'")
        info = np.iinfo(type.np)
        self.bits, self.min, self.max, self.dtype = int(info.bits), int(info.min), \
            int(info.max), type.name

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'ember.iinfo' object")

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def get_default_dtype():
    """The dtype of new floating-point tensors (float32 unless changed)."""
    return _default[0]


def set_default_dtype(d):
    """Set the dtype of new floating-point tensors; PyTorch allows floating types only."""
    d = as_dtype(d)
    if d.category != _FLOAT:
        raise TypeError("only floating-point types are supported as the default type")
    _default[0] = d


def check_dtype_argument(d, name):
    """A factory's dtype= as torch's parser takes it: an ember dtype or a Python type (float,
    int, bool, complex); a NumPy type or a string is refused, named as torch names it."""
    if isinstance(d, dtype) or d is float or d is int or d is bool or d is complex:
        return
    kind = type(d)
    label = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    raise TypeError(f"{name}(): argument 'dtype' must be ember.dtype, not {label}")


def as_dtype(d):
    """Accept an ember dtype, a NumPy dtype, or a Python type and give the ember dtype."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    if d is complex:
        return complex128
    if isinstance(d, str):  # NumPy would read "float32"; PyTorch takes dtype objects only
        raise TypeError(f"argument 'dtype' must be ember.dtype, not {type(d).__name__}")
    try:
        return _FROM_NP[np.dtype(d)]
    except (TypeError, KeyError):
        raise TypeError(f"cannot interpret {d!r} as an ember dtype") from None


def from_numpy_dtype(np_dtype):
    """The ember dtype for a NumPy dtype, or TypeError naming the unsupported one."""
    try:
        return _FROM_NP[np_dtype]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).type.__name__}. The only "
            "supported types are: float64, float32, float16, complex64, complex128, int64, "
            "int32, int16, int8, uint64, uint32, uint16, uint8, and bool.") from None


# --- promotion -------------------------------------------------------------------------------

_INT_ORDER = [uint8, int8, int16, int32, int64]


def _promote_same_category(a, b):
    if a is b:
        return a
    if a.category == _INT:
        if a is uint8 or b is uint8:  # uint8 with a signed int needs the next wider signed type
            other = b if a is uint8 else a
            return {int8: int16}.get(other, other)
        return a if _INT_ORDER.index(a) > _INT_ORDER.index(b) else b
    if a.category == _FLOAT:
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return float32
        return a if a.itemsize > b.itemsize else b
    return a if a.itemsize > b.itemsize else b


_PROMOTE_CACHE = {}


def promote_types(a, b):
    """PyTorch's promote_types: the smallest dtype both a and b convert to without loss of kind."""
    key = (a, b)
    hit = _PROMOTE_CACHE.get(key)
    if hit is not None:
        return hit
    if a is not b and (isinstance(a, _Float8) or isinstance(b, _Float8)):
        raise RuntimeError(f"Promotion for Float8 Types is not supported, attempted to promote "
                           f"{a._legacy[:-6]} and {b._legacy[:-6]}")
    if a is not b and (a in _WIDE_UINTS or b in _WIDE_UINTS) and \
            _FLOAT not in (a.category, b.category):
        raise RuntimeError(f"Promotion for uint16, uint32, uint64 types is not supported, "
                           f"attempted to promote {a._legacy[:-6]} and {b._legacy[:-6]}")
    if a.category == b.category:
        r = _promote_same_category(a, b)
    else:
        hi, lo = (a, b) if a.category > b.category else (b, a)
        if hi.category == _COMPLEX and lo.category == _FLOAT:
            # The complex type of the wider real part (complex32 + float32 is complex64).
            r = _promote_same_category(hi.to_real(), lo).to_complex()
        else:
            r = hi
    _PROMOTE_CACHE[key] = r
    return r


def warn_complex32():
    """torch warns once per process when it first allocates a ComplexHalf tensor."""
    from ._deprecated import warn_once
    warn_once("complex32", "ComplexHalf support is experimental and many operators don't support "
                           "it yet.")


def _array_module(data):
    """The array module of ``data`` and ``data`` as an array of it: a device array keeps its
    device; anything else (NumPy arrays, scalars, nested lists) becomes a NumPy array."""
    if isinstance(data, (np.ndarray, np.generic)) or not hasattr(data, "__array_function__"):
        return np, np.asarray(data)
    from ._backend import namespace_of
    return namespace_of(data), data


def to_complex32(data):
    """``data`` (an array or array-like of any dtype) as complex32 storage: each component
    rounded to the nearest float16, as torch converts to ComplexHalf. A device array stays on
    its device: the pairs are written field by field (CuPy's structured-dtype support covers
    allocation, field views and field assignment, which is all complex32 storage needs)."""
    warn_complex32()
    xp, src = _array_module(data)
    if src.dtype == COMPLEX32_NP:
        return src.copy()
    if src.dtype == object:
        src = src.astype(np.complex128)
    out = xp.empty(src.shape, COMPLEX32_NP)
    with np.errstate(over="ignore"):  # out of float16's range is inf, silently, as in torch
        if src.dtype.kind == "c":
            out["real"], out["imag"] = src.real, src.imag
        else:
            out["real"], out["imag"] = src, 0
    return out


def full_complex(shape, value, xp=np):
    """A complex64 array of ``shape`` filled with ``value`` (complex32 is filled through it),
    made by array module ``xp``."""
    return xp.full(shape, value, np.complex64)


def from_complex32(arr, np_dtype=np.complex64):
    """complex32 storage as an array of ``np_dtype`` (complex64 by default; a real dtype
    takes the real part), on the storage's device."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind == "b":  # true where either part is non-zero, as for any complex number
        return (arr["real"] != 0) | (arr["imag"] != 0)
    if np_dtype.kind != "c":
        return arr["real"].astype(np_dtype)
    out = _array_module(arr)[0].empty(arr.shape, np_dtype)
    out.real, out.imag = arr["real"], arr["imag"]
    return out


def as_np(arr, dt):
    """``arr`` in ``dt``'s NumPy type, itself when it already is (see ``cast``)."""
    if arr.dtype == dt.np:
        return arr
    return cast(arr, dt)


def cast(arr, dt):
    """``arr`` converted to ``dt``'s NumPy type, through the float16 pairs where either side is
    complex32 (a NumPy cast to or from a structured dtype would be wrong or refused)."""
    if dt is complex32:
        return to_complex32(arr)
    if arr.dtype == COMPLEX32_NP:
        return from_complex32(arr, dt.np)
    if arr.dtype.kind == "c" and dt.np.kind not in "cb":
        from ._deprecated import warn_complex_to_real
        warn_complex_to_real()
        arr = arr.real
    return arr.astype(dt.np)


def _scalar_dtype(value):
    """dtype of a Python scalar as a weak participant in promotion."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    if isinstance(value, float):
        return _default[0]
    if isinstance(value, complex):
        return complex128 if _default[0] is float64 else complex64
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


def _combine(higher, lower):
    """Let a lower-priority group (0-d tensors, scalars) win only if it is of a higher kind."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.category == _COMPLEX:
        return higher
    if lower.category == _COMPLEX:
        return higher.to_complex() if higher.category == _FLOAT else lower
    if higher.category == _FLOAT:
        return higher
    if higher is bool_ or lower.category == _FLOAT:
        return promote_types(higher, lower) if lower.category > higher.category or \
            higher is bool_ else higher
    return higher


def result_dtype(dims, zero_dims, scalars):
    """Promote three priority groups: dimensioned tensors, 0-d tensors, Python scalars."""
    groups = []
    for group in (dims, zero_dims, scalars):
        r = None
        for d in group:
            r = d if r is None else promote_types(r, d)
        groups.append(r)
    return _combine(groups[0], _combine(groups[1], groups[2]))
