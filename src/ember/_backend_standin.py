"""A strict stand-in for CuPy, so that CPU-only CI catches what would break on a GPU.

Selected by the environment variable ``EMBER_CUDA_STANDIN`` (its value is the number of
devices, ``1`` when it is not a number): ``cuda:N`` tensors then hold ``ndarray`` objects of
this module, which keep a NumPy array inside and behave as CuPy arrays do for what ember uses:

* implicit conversion to NumPy (``np.asarray``, ``np.array``) raises CuPy's TypeError; ``.get()``
  copies to the host; ``float()``, ``.item()`` and ``.tolist()`` work (they are syncs on a GPU);
* NumPy ufuncs and array functions dispatch here (``__array_ufunc__``/``__array_function__``) and
  run only when CuPy has the same name (``_backend_cupy_names``) and the ufunc method is one
  CuPy implements; a raw ``numpy.ndarray`` operand is refused as CuPy refuses it (NumPy scalars
  and Python numbers are fine), and so are operands on another device;
* results are stand-in arrays on the operands' device; reductions give 0-d arrays, not
  scalars, as CuPy does.

The namespace (``namespace(index)``) offers what ember asks of ``xp``: creation functions that
allocate on its device, ``asarray`` from host data, ``random`` (NumPy's Generator, so the
numbers are not torch's CUDA stream), ``fft``, ``linalg`` and ``special``.
"""
from __future__ import annotations

import numpy as np

from . import _backend_cupy_names as names

IMPLICIT_MESSAGE = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` "
                    "to construct a NumPy array explicitly.")


# -- device-to-host transfers ----------------------------------------------------------------
#: Every path by which a value leaves the device (``get``, ``item``, ``tolist``, ``bool``,
#: ``float``, ``int``, ``complex``, printing, and the size of a result that depends on the values:
#: a boolean mask's selection, ``nonzero``, ``unique``): each one waits for the GPU on CuPy.
SYNCS = []  # one (path, where) per transfer while ``counting_syncs`` records


class counting_syncs:
    """Record the device-to-host transfers made inside the block: ``.syncs`` lists (path,
    where), ``where`` being the innermost ember frame (``file:line``) that asked."""

    def __enter__(self):
        self.syncs = []
        SYNCS.append(self.syncs)
        return self

    def __exit__(self, *exc):
        SYNCS.remove(self.syncs)


def _sync(path):
    if not SYNCS:
        return
    import sys
    frame, where = sys._getframe(2), "(outside ember)"
    while frame is not None:
        name = frame.f_code.co_filename.replace("\\", "/")
        # The caller of a Tensor method (item, tolist, __bool__...) is the place that asked.
        # (The dispatch layer's method copies only forward the call.)
        if "/ember/" in name and not name.endswith(("_backend_standin.py", "_wrapper.py",
                                                    "/ember/_tensor.py", "/ember/_subclass.py")):
            where = f"{name.rsplit('/ember/', 1)[1]}:{frame.f_lineno}"
            break
        frame = frame.f_back
    for record in SYNCS:
        record.append((path, where))


class Device:
    """``ndarray.device``: the device index as ``.id``, as ``cupy.cuda.Device`` gives it."""

    __slots__ = ("id",)

    def __init__(self, index=0):
        self.id = index

    def __eq__(self, other):
        return isinstance(other, Device) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return f"<CUDA Device {self.id}>"

    def synchronize(self):
        """Nothing to wait for: the stand-in computes eagerly."""


_DEVICES = {}


def _device(index):
    dev = _DEVICES.get(index)
    if dev is None:
        dev = _DEVICES[index] = Device(index)
    return dev


class MemoryPointer:
    """``ndarray.data`` as CuPy gives it: the address (``ptr``) and the device index."""

    __slots__ = ("ptr", "device_id")

    def __init__(self, ptr, device_id):
        self.ptr, self.device_id = ptr, device_id


def _refuse(value):
    raise TypeError(f"Unsupported type {type(value)}")


def _unwrap(value, devices):
    """The NumPy data of stand-in arrays in ``value`` (nested in lists/tuples/dicts)."""
    kind = type(value)
    if kind is ndarray:
        devices.add(value._dev.id)
        return value._a
    if kind is np.ndarray:
        _refuse(value)
    if kind is list or kind is tuple:
        return kind(_unwrap(v, devices) for v in value)
    return value


def _wrap(value, index):
    """Stand-in arrays of NumPy results; NumPy scalars become 0-d arrays as CuPy returns."""
    kind = type(value)
    if kind is np.ndarray:
        return ndarray(value, index)
    if isinstance(value, np.generic):
        return ndarray(np.asarray(value), index)
    if kind is tuple or kind is list:
        return kind(_wrap(v, index) for v in value)
    if isinstance(value, tuple):  # numpy.linalg's named results (SVDResult, EighResult...)
        return kind(*(_wrap(v, index) for v in value))
    return value


def _key(key, devices):
    """Index keys: stand-in arrays unwrap; host arrays and lists are accepted, as CuPy copies
    them to the device."""
    kind = type(key)
    if kind is ndarray:
        devices.add(key._dev.id)
        return key._a
    if kind is tuple:
        return tuple(_key(k, devices) for k in key)
    return key


# Functions whose result's shape depends on the values (a device must report it to the host).
_SIZED_BY_DATA = frozenset(("nonzero", "argwhere", "flatnonzero", "unique", "compress",
                            "extract", "trim_zeros", "unique_values", "unique_counts",
                            "unique_inverse", "unique_all"))


def _selects_by_mask(key):
    """Whether an (unwrapped) index key holds a boolean array of one or more dimensions."""
    parts = key if type(key) is tuple else (key,)
    return any(type(k) is np.ndarray and k.dtype == bool and k.ndim for k in parts)


def _one_device(devices, default=0):
    if len(devices) > 1:
        first, second = sorted(devices)[:2]
        raise ValueError(f"The device where the array resides ({second}) is different from the "
                         f"current device ({first}). Peer access is unavailable between these "
                         "devices.")
    return next(iter(devices)) if devices else default


def _ufunc_name(ufunc):
    return ufunc.__name__


class _Flags:
    """CuPy's array flags: contiguity and ownership only (no "writeable": CuPy arrays always
    are), so code that reads NumPy's writeable flag off a device array fails here as on CuPy."""

    __slots__ = ("c_contiguous", "f_contiguous", "owndata")

    def __init__(self, flags):
        self.c_contiguous = flags.c_contiguous
        self.f_contiguous = flags.f_contiguous
        self.owndata = flags.owndata

    def __getitem__(self, name):
        key = {"C_CONTIGUOUS": "c_contiguous", "F_CONTIGUOUS": "f_contiguous",
               "OWNDATA": "owndata"}.get(name)
        if key is None:
            raise KeyError(name)
        return getattr(self, key)


class ndarray:
    """A device array of the stand-in: NumPy data that refuses to leave without ``.get()``."""

    __slots__ = ("_a", "_dev", "__weakref__")  # CuPy's arrays take weak references too
    __array_priority__ = 100

    def __init__(self, data, index=0):
        self._a = data
        self._dev = _device(index)

    # -- what CuPy refuses ------------------------------------------------------------------
    def __array__(self, dtype=None, copy=None):
        raise TypeError(IMPLICIT_MESSAGE)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        name = _ufunc_name(ufunc)
        # CuPy calls ``cupy.<name>`` for a called ufunc: a ufunc there, or a gufunc (matmul).
        if name not in names.UFUNCS and not (method == "__call__" and name in names.NUMPY_NAMES):
            raise NotImplementedError(f"CuPy has no ufunc '{name}'")
        if method not in ("__call__", "outer") and name not in names.UFUNC_METHODS.get(
                method, ()):
            raise NotImplementedError(f"`cupy_{name}.{method}` is not supported yet")
        devices = set()
        if method == "at":  # indices may be host arrays: CuPy copies index arrays over
            args = (_unwrap(inputs[0], devices), _key(inputs[1], devices),
                    *_unwrap(inputs[2:], devices))
        else:
            args = _unwrap(inputs, devices)
        if "out" in kwargs:
            kwargs["out"] = _unwrap(kwargs["out"], devices)
        index = _one_device(devices)
        return _wrap(getattr(ufunc, method)(*args, **kwargs), index)

    def __array_function__(self, func, types, args, kwargs):
        module = func.__module__ or ""
        name = func.__name__
        if ".linalg" in module:
            supported = name in names.LINALG
        elif ".fft" in module:
            supported = name in names.FFT
        elif "stride_tricks" in module:
            supported = name in names.STRIDE_TRICKS
        else:
            supported = name in names.NUMPY_NAMES
        if not supported:
            raise NotImplementedError(f"CuPy has no '{module}.{name}'")
        devices = set()
        args = _unwrap(args, devices)
        kwargs = {k: _unwrap(v, devices) for k, v in kwargs.items()}
        index = _one_device(devices)
        if name in _SIZED_BY_DATA:
            _sync(name)  # the result's size depends on the values: CuPy reads it back
        result = func(*args, **kwargs)
        if name == "diagonal" and args[0].flags.writeable:
            result.flags.writeable = True  # CuPy's diagonal is a writable view; NumPy's is not
        return _wrap(result, index)

    # -- attributes --------------------------------------------------------------------------
    @property
    def device(self):
        return self._dev

    def __dlpack_device__(self):
        return (2, self._dev.id)  # kDLCUDA

    def __dlpack__(self, stream=None, **kwargs):
        """The host data's capsule, naming this CUDA device as its place (so host consumers
        refuse it, as they refuse CuPy's); bfloat16 goes as DLPack's bfloat16."""
        from . import _backend_dlpack as dlpack
        if kwargs.get("dl_device") not in (None, (2, self._dev.id)):
            raise BufferError("the stand-in exports only to its own device")
        kwargs.pop("dl_device", None)
        kwargs.pop("copy", None)
        if self._a.dtype.name == "bfloat16":
            capsule = dlpack.export_bfloat16(self._a, **kwargs)
        else:
            capsule = self._a.__dlpack__(**kwargs)
        return dlpack.set_device(capsule, dlpack.CUDA, self._dev.id)

    def get(self, stream=None, order="C", out=None):
        """A NumPy copy on the host."""
        _sync("get")
        return np.array(self._a, copy=True)

    def item(self):
        _sync("item")
        return self._a.item()

    def tolist(self):
        _sync("tolist")
        return self._a.tolist()

    @property
    def data(self):
        """``cupy.cuda.MemoryPointer``'s address and device: where the first element lives."""
        return MemoryPointer(self._a.__array_interface__["data"][0], self._dev.id)

    @property
    def shape(self):
        return self._a.shape

    @property
    def dtype(self):
        return self._a.dtype

    @property
    def ndim(self):
        return self._a.ndim

    @property
    def size(self):
        return self._a.size

    @property
    def strides(self):
        return self._a.strides

    @property
    def itemsize(self):
        return self._a.itemsize

    @property
    def nbytes(self):
        return self._a.nbytes

    @property
    def flags(self):
        return _Flags(self._a.flags)

    @property
    def base(self):
        base = self._a.base
        return None if base is None else ndarray(base, self._dev.id)

    @property
    def T(self):
        return ndarray(self._a.T, self._dev.id)

    @property
    def mT(self):
        return ndarray(self._a.mT, self._dev.id)

    @property
    def real(self):
        return ndarray(self._a.real, self._dev.id)

    @real.setter
    def real(self, value):
        self._a.real = _unwrap(value, set())

    @property
    def imag(self):
        return ndarray(self._a.imag, self._dev.id)

    @imag.setter
    def imag(self, value):
        self._a.imag = _unwrap(value, set())

    def __getattr__(self, name):
        if name not in names.NDARRAY_ATTRIBUTES:
            raise AttributeError(f"'cupy.ndarray' object has no attribute '{name}'")
        attr = getattr(self._a, name)
        if not callable(attr):
            return _wrap(attr, self._dev.id)
        index = self._dev.id

        def method(*args, **kwargs):
            devices = {index}
            args = _unwrap(args, devices)
            kwargs = {k: _unwrap(v, devices) for k, v in kwargs.items()}
            _one_device(devices)
            if name in _SIZED_BY_DATA:
                _sync(name)
            return _wrap(attr(*args, **kwargs), index)
        return method

    # -- indexing ----------------------------------------------------------------------------
    def __getitem__(self, key):
        devices = {self._dev.id}
        key = _key(key, devices)
        _one_device(devices)
        if _selects_by_mask(key):
            _sync("mask")  # the result's size is the mask's count: CuPy reads it back
        return _wrap(self._a[key], self._dev.id)

    def __setitem__(self, key, value):
        if type(value) is np.ndarray and value.ndim:
            _refuse(value)
        devices = {self._dev.id}
        key = _key(key, devices)
        value = _unwrap(value, devices)
        _one_device(devices)
        self._a[key] = value

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        index = self._dev.id
        return (ndarray(np.asarray(v), index) for v in self._a)

    # -- host values (synchronising on a GPU, allowed, counted) -------------------------------
    def __bool__(self):
        _sync("__bool__")
        return bool(self._a)

    def __float__(self):
        _sync("__float__")
        return float(self._a)

    def __int__(self):
        _sync("__int__")
        return int(self._a)

    def __complex__(self):
        _sync("__complex__")
        return complex(self._a)

    def __index__(self):
        raise TypeError("only integer scalar arrays can be converted to a scalar index")

    def __repr__(self):
        _sync("__repr__")
        return repr(self._a).replace("array(", "standin_array(", 1)

    def __str__(self):
        _sync("__str__")
        return str(self._a)

    def __format__(self, spec):
        _sync("__format__")
        return format(self._a, spec)

    def __copy__(self):
        return ndarray(self._a.copy(), self._dev.id)

    def __deepcopy__(self, memo):
        return ndarray(self._a.copy(), self._dev.id)

    def __reduce__(self):
        return (ndarray, (self._a, self._dev.id))

    __hash__ = None


def _operator(ufunc, reflected=False):
    if reflected:
        def op(self, other):
            return ufunc(other, self)
    else:
        def op(self, other):
            return ufunc(self, other)
    return op


def _inplace(ufunc):
    def op(self, other):
        ufunc(self, other, out=self)
        return self
    return op


for _name, _ufunc in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                      ("truediv", np.true_divide), ("floordiv", np.floor_divide),
                      ("mod", np.remainder), ("pow", np.power), ("matmul", np.matmul),
                      ("and", np.bitwise_and), ("or", np.bitwise_or),
                      ("xor", np.bitwise_xor), ("lshift", np.left_shift),
                      ("rshift", np.right_shift)):
    setattr(ndarray, f"__{_name}__", _operator(_ufunc))
    setattr(ndarray, f"__r{_name}__", _operator(_ufunc, reflected=True))
    if _name != "matmul":
        setattr(ndarray, f"__i{_name}__", _inplace(_ufunc))
for _name, _ufunc in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                      ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    setattr(ndarray, f"__{_name}__", _operator(_ufunc))
ndarray.__neg__ = lambda self: np.negative(self)
ndarray.__pos__ = lambda self: np.positive(self)
ndarray.__abs__ = lambda self: np.absolute(self)
ndarray.__invert__ = lambda self: np.invert(self)
ndarray.__divmod__ = _operator(np.divmod)


class _Wrapped:
    """A NumPy/SciPy submodule whose functions take and give stand-in arrays (``supported``:
    the names CuPy has)."""

    def __init__(self, module, supported, label, index):
        self._module, self._supported, self._label, self._index = module, supported, label, index

    def __getattr__(self, name):
        if name not in self._supported:
            raise AttributeError(f"module '{self._label}' has no attribute '{name}'")
        fn = getattr(self._module, name)
        if not callable(fn) or isinstance(fn, type):
            return fn
        index = self._index

        def call(*args, **kwargs):
            devices = set()
            args = _unwrap(args, devices)
            kwargs = {k: _unwrap(v, devices) for k, v in kwargs.items()}
            return _wrap(fn(*args, **kwargs), _one_device(devices, index))
        call.__name__ = name
        return call


class Generator:
    """``cupy.random.Generator``'s methods, drawn by NumPy's Generator on the host and kept on
    the device: the same seed gives the same numbers on every run, not torch's CUDA ones."""

    def __init__(self, seed, index):
        self._rng = np.random.default_rng(seed)
        self._index = index

    def __getattr__(self, name):
        if name not in names.RANDOM_GENERATOR:
            raise AttributeError(f"'cupy.random.Generator' object has no attribute '{name}'")
        fn = getattr(self._rng, name)
        index = self._index

        def draw(*args, **kwargs):
            devices = set()
            args = _unwrap(args, devices)
            kwargs = {k: _unwrap(v, devices) for k, v in kwargs.items()}
            return _wrap(fn(*args, **kwargs), index)
        return draw


class _Random:
    def __init__(self, index):
        self._index = index

    def default_rng(self, seed=None):
        return Generator(seed, self._index)


_CREATION = frozenset(("zeros", "ones", "empty", "full", "eye", "identity", "arange",
                       "linspace", "logspace", "tri", "asarray", "array", "ascontiguousarray",
                       "frombuffer", "zeros_like", "ones_like", "empty_like", "full_like"))


class Namespace:
    """``xp`` for stand-in device ``index``: NumPy's names that CuPy has, giving arrays on the
    device. Creation functions accept host data (as ``cupy.asarray`` copies it over)."""

    def __init__(self, index):
        self.index = index
        self.__name__ = f"ember._backend_standin(cuda:{index})"
        self.ndarray = ndarray
        self.random = _Random(index)
        self.linalg = _Wrapped(np.linalg, names.LINALG, "cupy.linalg", index)
        from numpy.lib import stride_tricks
        self.stride_tricks = _Wrapped(stride_tricks, names.STRIDE_TRICKS,
                                      "cupy.lib.stride_tricks", index)

    @property
    def fft(self):
        """scipy.fft's functions that cupyx.scipy.fft has (the same names as cupy.fft)."""
        import scipy.fft
        return _Wrapped(scipy.fft, names.FFT, "cupyx.scipy.fft", self.index)

    @property
    def special(self):
        import scipy.special
        return _Wrapped(scipy.special, names.SPECIAL, "cupyx.scipy.special", self.index)

    def __getattr__(self, name):
        if name not in names.NUMPY_NAMES:
            raise AttributeError(f"module 'cupy' has no attribute '{name}'")
        fn = getattr(np, name)
        if name in _CREATION:
            index = self.index

            def create(*args, **kwargs):
                if args and type(args[0]) is ndarray and args[0]._dev.id == index and (
                        name.startswith("as") or name.endswith("_like")):
                    return _wrap(fn(args[0]._a, *args[1:], **kwargs), index)
                # Host data is copied over, never shared, as a transfer to a GPU would be.
                args = tuple(a.get() if type(a) is ndarray else a for a in args)
                kwargs = {k: v.get() if type(v) is ndarray else v for k, v in kwargs.items()}
                return _wrap(np.array(fn(*args, **kwargs), copy=True), index)
            return create
        if isinstance(fn, np.ufunc) or not callable(fn) or isinstance(fn, type):
            return fn
        return _Wrapped(np, names.NUMPY_NAMES, "cupy", self.index).__getattr__(name)

    def from_dlpack(self, value):
        """An array sharing the memory of a DLPack producer on this device (a stand-in array,
        an ember tensor or a capsule wrapper of one)."""
        device_type, index = value.__dlpack_device__()
        if (int(device_type), int(index)) != (2, self.index):
            raise BufferError(f"from_dlpack: data on device {tuple(value.__dlpack_device__())} "
                              f"is not on cuda:{self.index}")
        from . import _backend_dlpack as dlpack
        wrapped = dlpack.Capsule(dlpack.versioned_capsule(value))
        dlpack.set_device(wrapped._capsule, dlpack.CPU, 0)  # the data is the host's, inside
        wrapped.device = (dlpack.CPU, 0)
        array = dlpack.host_array(wrapped)
        if wrapped.bfloat16:
            from ._dtype import bfloat16
            array = array.view(bfloat16.np)
        return ndarray(array, self.index)

    def scatter_add(self, target, index, values):
        """``cupyx.scatter_add``: target[index] += values, repeated indices adding up."""
        np.add.at(target, index, values)
