"""PyTorch's legacy tensor types: ``FloatTensor(data or sizes)``, ``Tensor.new(...)``.

``ember.FloatTensor`` and its siblings are constructors fixed to one dtype on the CPU, and
``isinstance`` targets that match tensors of that dtype and device, as in PyTorch (they are
not subclasses of Tensor: ``ember.FloatTensor([1.])`` is a plain ``ember.Tensor``).
"""
from __future__ import annotations

import numbers

from . import _dtype as D
from ._tensor import Size, Tensor

# PyTorch names each dtype by its C++ scalar type in the legacy constructor's TypeError.
_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int",
              "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
              "bool": "bool", "complex64": "c10::complex<float>",
              "complex128": "c10::complex<double>"}


def _options(dt):
    return (f"TensorOptions(dtype={_CPP_NAMES[dt.name]}, device=cpu, layout=Strided, "
            f"requires_grad=false (default), pinned_memory=false (default), "
            f"memory_format=(nullopt))")


def _construct(dt, device, args, kwargs):
    """The legacy constructor: no argument, sizes (ints or a Size), a tensor, or data."""
    from .ops.creation import empty
    from ._tensor import tensor
    if kwargs:
        given = ", ".join(f"{k}={type(v).__module__.split('.')[0]}.{type(v).__name__}"
                          for k, v in kwargs.items())
        kinds = ", ".join(type(a).__name__ for a in args)
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"({kinds}{', ' if kinds else ''}{given}), but expected one of:\n"
                        f" * (*, ember.device device = None)\n * (Tensor other)\n"
                        f" * (tuple of ints size, *, ember.device device = None)\n"
                        f" * (object data, *, ember.device device = None)\n")
    if not args:
        return empty(0, dtype=dt, device=device)
    first = args[0]
    if len(args) == 1 and not isinstance(first, (numbers.Integral, Size)):
        if isinstance(first, Tensor):
            if first._dtype is not dt:
                raise TypeError(f"expected {_options(dt)} (got {_options(first._dtype)})")
            return first.view_as(first)
        if isinstance(first, str):
            raise TypeError("new(): invalid data type 'str'")
        return tensor(first, dtype=dt, device=device)
    return empty(*args, dtype=dt, device=device)


class _LegacyTensorType(type):
    """The metaclass: calling the type constructs, ``isinstance`` checks dtype and device."""

    def __call__(cls, *args, device=None, **kwargs):
        if device is None:  # the type's own device, whatever the default device
            device = cls._device_type
        if cls._device_type == "cuda":
            from . import cuda
            if not cuda.is_available():  # torch's CPU build refuses the type itself
                raise TypeError(f"type ember.cuda.{cls.__name__} not available. ember has no "
                                f"CUDA device here")
        return _construct(cls.dtype, device, args, kwargs)

    def __instancecheck__(cls, obj):
        return (isinstance(obj, Tensor) and obj._dtype is cls.dtype
                and obj._device.type == cls._device_type and not obj.is_sparse)

    def __subclasscheck__(cls, sub):
        return sub is cls


def _make_type(dt, device_type="cpu"):
    module = "ember" if device_type == "cpu" else "ember.cuda"
    return _LegacyTensorType(dt._legacy, (), {
        "dtype": dt, "is_cuda": device_type == "cuda", "is_sparse": False,
        "_device_type": device_type, "__module__": module,
        "__doc__": f"Legacy constructor of {dt} {device_type.upper()} tensors."})


TYPES = {dt._legacy: _make_type(dt) for dt in D.ALL if dt not in D.NO_LEGACY_TYPE}
# ``ember.cuda.FloatTensor`` and friends: CUDA tensors of that dtype (isinstance targets in old
# programs; constructing one needs a GPU).
CUDA_TYPES = {dt._legacy: _make_type(dt, "cuda") for dt in D.ALL if dt not in D.NO_LEGACY_TYPE}


def type_to_dtype(spec):
    """What ``Tensor.type(spec)`` asks for: (dtype, device type). A legacy type or its name
    names its device too (``"torch.cuda.FloatTensor"`` a CUDA one, ``ember.FloatTensor`` the
    CPU); a dtype keeps the tensor's device (None). A CUDA name whose type is unknown gives a
    None dtype: the caller checks for a device first, as PyTorch does."""
    if isinstance(spec, _LegacyTensorType):
        return spec.dtype, spec._device_type
    if isinstance(spec, str):
        package, _, rest = spec.partition(".")
        if package in ("torch", "ember"):
            if rest.startswith("cuda."):
                found = CUDA_TYPES.get(rest[len("cuda."):])
                return (found.dtype if found is not None else None), "cuda"
            if rest in TYPES:
                return TYPES[rest].dtype, "cpu"
        raise ValueError(f"invalid type: '{spec}'")
    return spec, None


def new(self, *args, **kwargs):
    """A tensor of self's dtype and device from sizes or data (the legacy ``Tensor.new``)."""
    device = kwargs.pop("device", None)
    return _construct(self._dtype, self._device if device is None else device, args, kwargs)
