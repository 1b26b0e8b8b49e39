"""DLPack across devices: what the array libraries leave out, read and written in the capsule.

A DLPack capsule holds a ``DLManagedTensor`` (named ``"dltensor"``, the legacy layout) or a
``DLManagedTensorVersioned`` (``"dltensor_versioned"``); both carry a ``DLTensor`` with the
data pointer, the device (type, index) and the dtype (code, bits, lanes). NumPy neither exports
nor imports bfloat16 (DLPack's type code 4), so ember exports bfloat16 as uint16 data with the
dtype fields rewritten to bfloat16, and imports it the other way round. A capsule given directly
(``torch.utils.dlpack.to_dlpack``'s legacy output) is wrapped in a small object with
``__dlpack__``/``__dlpack_device__``, the protocol the libraries' ``from_dlpack`` reads.
"""
from __future__ import annotations

import ctypes

import numpy as np

CPU, CUDA = 1, 2  # DLDeviceType's kDLCPU and kDLCUDA
UINT, BFLOAT = 1, 4  # DLDataTypeCode's kDLUInt and kDLBfloat
LEGACY, VERSIONED = b"dltensor", b"dltensor_versioned"
READ_ONLY = 1  # DLPACK_FLAG_BITMASK_READ_ONLY


class _Device(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", _Device), ("ndim", ctypes.c_int32),
                ("dtype", _DataType), ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p), ("byte_offset", ctypes.c_uint64)]


class _Version(ctypes.Structure):
    _fields_ = [("major", ctypes.c_uint32), ("minor", ctypes.c_uint32)]


class _ManagedVersioned(ctypes.Structure):
    _fields_ = [("version", _Version), ("manager_ctx", ctypes.c_void_p),
                ("deleter", ctypes.c_void_p), ("flags", ctypes.c_uint64),
                ("dl_tensor", _Tensor)]


_api = ctypes.pythonapi
_api.PyCapsule_GetName.restype = ctypes.c_char_p
_api.PyCapsule_GetName.argtypes = [ctypes.py_object]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


def is_capsule(value):
    return type(value).__name__ == "PyCapsule"


def _tensor(capsule):
    """The capsule's DLTensor (writable in place: it is read only when the capsule is consumed).
    Raises for a capsule already consumed (renamed ``used_dltensor``)."""
    name = _api.PyCapsule_GetName(capsule)
    if name not in (LEGACY, VERSIONED):
        raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor capsules "
                           "can be consumed only once, so you might have already constructed a "
                           "tensor from it once.")
    address = _api.PyCapsule_GetPointer(capsule, name)
    if name == VERSIONED:
        return _ManagedVersioned.from_address(address).dl_tensor
    return _Tensor.from_address(address)  # the DLManagedTensor starts with its DLTensor


def capsule_device(capsule):
    """(device type, index) of the tensor in a capsule."""
    device = _tensor(capsule).device
    return device.device_type, device.device_id


def set_device(capsule, device_type, index):
    """Rewrite the device a capsule names (the stand-in's host data exported as CUDA data)."""
    device = _tensor(capsule).device
    device.device_type, device.device_id = device_type, index
    return capsule


def export_bfloat16(array, **kwargs):
    """A capsule of a bfloat16 array: its uint16 view's capsule, dtype rewritten to bfloat16."""
    capsule = array.view(np.uint16).__dlpack__(**kwargs)
    dtype = _tensor(capsule).dtype
    dtype.code = BFLOAT
    return capsule


def is_bfloat16(capsule):
    dtype = _tensor(capsule).dtype
    return dtype.code == BFLOAT and dtype.bits == 16 and dtype.lanes == 1


class Capsule:
    """A bare capsule as a DLPack producer, for the libraries' ``from_dlpack`` (which take
    objects with ``__dlpack__``); bfloat16 is handed over as uint16 and marked here."""

    def __init__(self, capsule):
        self.device = capsule_device(capsule)
        self.bfloat16 = is_bfloat16(capsule)
        self.read_only = _api.PyCapsule_GetName(capsule) == VERSIONED and bool(
            _ManagedVersioned.from_address(_api.PyCapsule_GetPointer(capsule, VERSIONED)).flags
            & READ_ONLY)
        if self.bfloat16:
            _tensor(capsule).dtype.code = UINT
        self._capsule = capsule

    def __dlpack__(self, stream=None, **kwargs):
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor "
                               "capsules can be consumed only once, so you might have already "
                               "constructed a tensor from it once.")
        return capsule

    def __dlpack_device__(self):
        return self.device


class _Writable:
    """The memory of a read-only array, offered writable (``__array_interface__``); it keeps
    the array, and with it the producer's memory, alive."""

    def __init__(self, array):
        self._array = array
        interface = dict(array.__array_interface__)
        interface["data"] = (interface["data"][0], False)
        self.__array_interface__ = interface


def host_array(wrapped):
    """NumPy's array of a wrapped host capsule: writable unless the producer said read-only
    (NumPy marks every array of a legacy capsule read-only, though torch's are writable)."""
    array = np.from_dlpack(wrapped)
    if array.flags.writeable or wrapped.read_only:
        return array
    return np.asarray(_Writable(array))


def versioned_capsule(value):
    """The producer's capsule, in the versioned layout when it offers one (it can say
    read-only; NumPy takes legacy capsules as read-only)."""
    try:
        return value.__dlpack__(max_version=(1, 0))
    except TypeError:  # a producer that predates max_version
        return value.__dlpack__()


def import_array(value):
    """The array behind a DLPack producer or capsule, sharing its memory: a NumPy array for
    host data, a device array (CuPy's, or the stand-in's) on the index the producer names."""
    if is_capsule(value):
        value = Capsule(value)
    if not hasattr(value, "__dlpack__"):
        raise TypeError(f"from_dlpack: expected an object with __dlpack__ or a DLPack capsule, "
                        f"not {type(value).__name__}")
    device_type, index = value.__dlpack_device__() if hasattr(value, "__dlpack_device__") \
        else (CPU, 0)
    device_type, index = int(device_type), int(index)
    if device_type == CUDA:
        from . import _backend
        from ._device import device
        xp = _backend.namespace(device("cuda", index))
        if _backend.STANDIN_DEVICES:
            return xp.from_dlpack(value)
        with xp.cuda.Device(index):
            return xp.from_dlpack(value)
    if device_type != CPU:
        raise RuntimeError(f"from_dlpack: unsupported DLPack device type {device_type}")
    if not isinstance(value, Capsule):
        value = Capsule(versioned_capsule(value))
    array = host_array(value)
    if value.bfloat16:
        from ._dtype import bfloat16
        if bfloat16 is None:
            raise RuntimeError("from_dlpack: bfloat16 data needs ml_dtypes (pip install -e "
                               "\".[bf16]\")")
        array = array.view(bfloat16.np)
    return array
