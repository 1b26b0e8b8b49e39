"""Storages: the flat memory under a tensor and its views, as torch's storage objects show it.

A tensor's storage is the memory its base spans (``ops.strided._storage``); every view of that
base reports the same storage: the same ``data_ptr()`` and ``nbytes()``. ``UntypedStorage``
sees it as bytes, ``TypedStorage`` (what the deprecated ``Tensor.storage()`` returns, and the
legacy ``FloatStorage``... classes) as elements of one dtype. Both are windows on the tensor's
own memory: writing through them, or through a tensor ``set_`` to them, changes the tensor.
A meta tensor's storage has a size and no bytes.
"""
from __future__ import annotations

import os

import numpy as np

from . import _dtype as D
from ._deprecated import warn_once

_TYPED_WARNING = (
    "TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the "
    "only storage class. This should only matter to you if you are using storages directly.  To "
    "access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()")


def _address(array):
    return array.__array_interface__["data"][0] if isinstance(array, np.ndarray) else \
        array.data.ptr


def _file_mapping(array):
    while isinstance(array, np.ndarray):
        if isinstance(array, np.memmap):
            return True
        array = array.base
    return False


def _listing(items, header):
    """torch's storage printout: one element a line, then the header in brackets."""
    return " " + "\n ".join(items) + f"\n[{header}]"


class StorageBase:
    """The base class of ``UntypedStorage`` (torch's ``torch._C.StorageBase``), for
    ``isinstance`` checks; typed storages are not instances of it, as in torch.

    Example:
        >>> isinstance(ember.ones(2).untyped_storage(), ember.StorageBase)
        True
    """


class UntypedStorage(StorageBase):
    """The bytes under a tensor (``Tensor.untyped_storage()``), or new bytes
    (``UntypedStorage(n)``, uninitialised in torch, zeros here) or given ones
    (``UntypedStorage([1, 2, 3])``).

    Indexing reads and writes bytes as ints; a slice is a storage over the same bytes.

    Args:
        size_or_bytes: the number of bytes, or a sequence of ints in [0, 255].
        device: where the bytes live (default: the CPU; ``"meta"`` gives a size and no bytes).

    Example:
        >>> ember.UntypedStorage([1, 2, 255]).tolist()
        [1, 2, 255]
        >>> s = ember.tensor([1.0, 2.0]).untyped_storage()
        >>> s.nbytes(), s[4:].tolist()
        (8, [0, 0, 0, 64])
    """

    __module__ = "ember.storage"

    def __init__(self, *args, device=None):
        from ._device import as_device
        dev = as_device("cpu" if device is None else device)
        if len(args) > 1:
            raise TypeError("UntypedStorage(): expected at most one argument, a size or a "
                            "sequence of bytes")
        source = args[0] if args else 0
        if isinstance(source, (int, np.integer)):
            if dev.type == "meta":
                self._bytes, self._meta_nbytes = None, int(source)
                self.device = dev
                return
            array = np.zeros(int(source), np.uint8)
        else:
            array = np.asarray(list(source), dtype=np.int64)
            if array.size and (array.min() < 0 or array.max() > 255):
                raise RuntimeError("Overflow when unpacking long")
            array = array.astype(np.uint8)
        self._bytes, self._meta_nbytes, self.device = array, None, dev
        if dev.type == "cuda":
            from ._backend import to_device
            self._bytes = to_device(array, dev)

    @classmethod
    def _over(cls, array, device, meta_nbytes=None):
        """The storage over an existing byte array (no copy)."""
        self = object.__new__(cls)
        self._bytes, self._meta_nbytes, self.device = array, meta_nbytes, device
        return self

    @classmethod
    def from_file(cls, filename, shared=False, nbytes=0):
        """``nbytes`` bytes of the file ``filename``, memory-mapped on the CPU. With ``shared``
        writes reach the file (created, or grown, to ``nbytes`` if needed); without, they stay
        in this process's copy and the file must hold ``nbytes`` bytes.

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), "bytes.bin")
            >>> with open(path, "wb") as f:
            ...     _ = f.write(bytes([1, 2, 3, 4]))
            >>> ember.UntypedStorage.from_file(path, shared=False, nbytes=3).tolist()
            [1, 2, 3]
        """
        from ._device import CPU
        filename, nbytes = str(filename), int(nbytes)
        if shared:
            with open(filename, "ab") as f:  # created if missing, never truncated
                if f.seek(0, 2) < nbytes:
                    f.truncate(nbytes)
        else:
            try:
                size = os.path.getsize(filename)
            except OSError as error:
                raise RuntimeError(f"unable to open file <{filename}> in read-only mode: "
                                   f"{error.strerror} ({error.errno})") from None
            if size < nbytes:
                raise RuntimeError(f"file <{filename}> size <{size}> is smaller than the "
                                   f"required mapping size <{nbytes}>")
        if nbytes == 0:
            return cls._over(np.empty(0, np.uint8), CPU)
        mapped = np.memmap(filename, np.uint8, mode="r+" if shared else "c", shape=(nbytes,))
        # a plain array over the mapping: tensors take exactly np.ndarray on the CPU
        return cls._over(np.ndarray((nbytes,), np.uint8, buffer=mapped), CPU)

    # -- sizes and place ------------------------------------------------------------------------
    def nbytes(self):
        """The storage's size in bytes."""
        return self._meta_nbytes if self._bytes is None else int(self._bytes.size)

    size = nbytes
    __len__ = nbytes

    def element_size(self):
        return 1

    def data_ptr(self):
        """The address of the first byte (0 on the meta device, which has no memory)."""
        return 0 if self._bytes is None else _address(self._bytes)

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    @property
    def is_meta(self):
        return self.device.type == "meta"

    def is_shared(self):
        """True when the bytes lie in shared memory (``share_memory_``) or on a GPU."""
        if self.device.type != "cpu":
            return self.device.type == "cuda"
        from .multiprocessing._shared import mapping_of
        # a file mapping (from_file) counts as shared memory, as torch's does
        return mapping_of(self._bytes) is not None or _file_mapping(self._bytes)

    def is_pinned(self, device="cuda"):
        return False

    def type(self, dtype=None, non_blocking=False):
        return "ember.storage.UntypedStorage"

    # -- the bytes ------------------------------------------------------------------------------
    def _array(self):
        """The bytes where they live, on the storage's device: writes and views go through
        them, so they reach the tensors over this storage."""
        if self._bytes is None:
            raise NotImplementedError("Not available for 'meta' device type")
        return self._bytes

    def _host(self):
        from ._backend import to_host
        return to_host(self._array())

    def tolist(self):
        return self._host().tolist()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return UntypedStorage._over(self._array()[index], self.device)
        return int(self._array()[index])

    def __setitem__(self, index, value):
        self._array()[index] = value

    def __iter__(self):
        return iter(self.tolist())

    def fill_(self, value):
        self._array()[...] = value
        return self

    def copy_(self, source, non_blocking=None):
        if source.nbytes() != self.nbytes():
            raise RuntimeError(f"size mismatch, got input ({source.nbytes()}), "
                               f"output ({self.nbytes()})")
        from ._backend import to_device
        self._array()[...] = to_device(source._array(), self.device)
        return self

    def clone(self):
        return UntypedStorage._over(self._array().copy(), self.device)

    def cpu(self):
        return self if self.device.type == "cpu" else UntypedStorage._over(
            self._host().copy(), self._cpu())

    @staticmethod
    def _cpu():
        from ._device import CPU
        return CPU

    def share_memory_(self):
        """Move the bytes into shared memory; the storage (not the tensors over it) moves."""
        if not self.is_shared() and self._bytes is not None:
            from .multiprocessing._shared import _new_mapping
            mapping = _new_mapping(max(self.nbytes(), 1))
            shared = np.ndarray((self.nbytes(),), np.uint8, buffer=mapping)
            shared[...] = self._bytes
            self._bytes = shared
        return self

    def untyped(self):
        return self

    def __repr__(self):
        header = f"ember.storage.UntypedStorage(device={self.device}) of size {self.nbytes()}"
        if self._bytes is None:
            return f"...\n[{header}]"
        return _listing([str(b) for b in self.tolist()], header)

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, UntypedStorage) and self.device == other.device and \
            self.data_ptr() == other.data_ptr() and self.nbytes() == other.nbytes()

    __hash__ = object.__hash__


class TypedStorage:
    """Elements of one dtype over an ``UntypedStorage`` (deprecated in torch; what
    ``Tensor.storage()`` returns). ``FloatStorage(n)``, ``LongStorage([1, 2])``... make new ones.

    Args:
        size_or_values: the number of elements, or a sequence of values.
        dtype: the element type (default: the default float dtype).
        device: where the elements live (default: the CPU).
        wrap_storage: an ``UntypedStorage`` to read as ``dtype`` elements, with no copy.

    Example:
        >>> raw = ember.tensor([1, 2], dtype=ember.int32).untyped_storage()
        >>> ember.TypedStorage(wrap_storage=raw, dtype=ember.int32).tolist()
        [1, 2]
    """

    __module__ = "ember.storage"
    _fixed_dtype = None

    def __init__(self, *args, dtype=None, device=None, wrap_storage=None):
        dt = D.as_dtype(dtype) if dtype is not None else self._fixed_dtype or \
            D.get_default_dtype()
        if wrap_storage is not None:
            self._untyped, self.dtype = wrap_storage, dt
            return
        warn_once("typed_storage", _TYPED_WARNING)
        source = args[0] if args else 0
        if isinstance(source, (int, np.integer)):
            raw = UntypedStorage(int(source) * dt.itemsize, device=device)
        else:
            values = np.asarray(list(source), dtype=dt.np)
            raw = UntypedStorage(device=device)
            raw._bytes = values.view(np.uint8)
        self._untyped, self.dtype = raw, dt

    @property
    def device(self):
        return self._untyped.device

    @property
    def is_cuda(self):
        return self._untyped.is_cuda

    def untyped(self):
        """The ``UntypedStorage`` under these elements."""
        return self._untyped

    _untyped_storage = property(untyped)

    def size(self):
        """The number of elements."""
        return self._untyped.nbytes() // self.dtype.itemsize

    __len__ = size

    def nbytes(self):
        return self._untyped.nbytes()

    def element_size(self):
        return self.dtype.itemsize

    def data_ptr(self):
        return self._untyped.data_ptr()

    def is_shared(self):
        return self._untyped.is_shared()

    def share_memory_(self):
        self._untyped.share_memory_()
        return self

    def is_pinned(self, device="cuda"):
        return False

    def _elements(self):
        return self._untyped._host().view(self.dtype.np)

    def _device_elements(self):
        return self._untyped._array().view(self.dtype.np)

    def tolist(self):
        return self._elements().tolist()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return TypedStorage(wrap_storage=UntypedStorage._over(
                self._device_elements()[index].view(np.uint8), self.device), dtype=self.dtype)
        return self._device_elements()[index].item()

    def __setitem__(self, index, value):
        self._device_elements()[index] = value

    def __iter__(self):
        return iter(self.tolist())

    def fill_(self, value):
        self._device_elements()[...] = value
        return self

    def type(self, dtype=None, non_blocking=False):
        return f"ember.{self.dtype._legacy.replace('Tensor', 'Storage')}"

    def cpu(self):
        return self if self.device.type == "cpu" else TypedStorage(
            wrap_storage=self._untyped.cpu(), dtype=self.dtype)

    def clone(self):
        return TypedStorage(wrap_storage=self._untyped.clone(), dtype=self.dtype)

    def __repr__(self):
        header = (f"ember.storage.TypedStorage(dtype=ember.{self.dtype.name}, "
                  f"device={self.device}) of size {self.size()}")
        if self._untyped._bytes is None:
            return f"...\n[{header}]"
        return _listing([str(v) for v in self.tolist()], header)

    __str__ = __repr__


def _legacy_class(name, dtype):
    def init(self, *args, device=None, wrap_storage=None):
        TypedStorage.__init__(self, *args, dtype=dtype, device=device, wrap_storage=wrap_storage)
    # The example's printout, read off the dtype's kind: touching dtype.np here would import
    # ml_dtypes (an optional extra) for BFloat16Storage at `import ember`.
    values = {D._BOOL: [True, False], D._INT: [1, 0], D._FLOAT: [1.0, 0.0],
              D._COMPLEX: [(1 + 0j), 0j]}[dtype.category]
    doc = f"""A ``TypedStorage`` of ``{dtype}`` elements (a legacy name).

    Args:
        size_or_values: the number of elements, or a sequence of values.
        device: where the elements live (default: the CPU).
        wrap_storage: an ``UntypedStorage`` to read as elements, with no copy.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> ember.{name}([1, 0]).tolist()
        {values}
    """
    return type(name, (TypedStorage,), {"_fixed_dtype": dtype, "__init__": init,
                                        "__module__": "ember", "__doc__": doc})


LEGACY = {name: _legacy_class(name, dtype) for name, dtype in (
    ("FloatStorage", D.float32), ("DoubleStorage", D.float64), ("HalfStorage", D.float16),
    ("LongStorage", D.int64), ("IntStorage", D.int32), ("ShortStorage", D.int16),
    ("CharStorage", D.int8), ("ByteStorage", D.uint8), ("BoolStorage", D.bool_),
    ("ComplexFloatStorage", D.complex64), ("ComplexDoubleStorage", D.complex128))}
if D.bfloat16 is not None:  # ml_dtypes is installed
    LEGACY["BFloat16Storage"] = _legacy_class("BFloat16Storage", D.bfloat16)


def untyped_storage(tensor):
    """The ``UntypedStorage`` under ``tensor``: the same object for the tensor and its views
    (until ``share_memory_`` or ``set_`` moves the memory)."""
    from ._tensor import _storage_root
    root = _storage_root(tensor)
    if tensor._device.type == "meta":
        data = root._data
        span = 0 if data.size == 0 else data.itemsize + sum(
            (n - 1) * s for n, s in zip(data.shape, data.strides))
        cached = root.__dict__.get("_untyped_storage")
        if cached is None:
            cached = root.__dict__["_untyped_storage"] = UntypedStorage._over(
                None, tensor._device, data.offset + span)
        return cached
    from .ops.strided import _storage
    flat = _storage(root)[0]
    cached = root.__dict__.get("_untyped_storage")
    if cached is not None and cached._bytes.size == flat.nbytes and (
            flat.size == 0 or cached.data_ptr() == _address(flat)):
        return cached
    data = root._data
    if "_storage" not in root.__dict__ and isinstance(data, np.ndarray) and \
            data.flags.c_contiguous:
        # Built from the array itself, the bytes keep its chain of bases, through which
        # ``is_shared`` finds a shared-memory mapping.
        raw = data.reshape(-1).view(np.uint8)
    else:
        raw = flat.view(np.uint8)
    storage = root.__dict__["_untyped_storage"] = UntypedStorage._over(raw, tensor._device)
    return storage


def typed_storage(tensor):
    """``Tensor.storage()``: the untyped storage seen as the tensor's dtype, with torch's
    deprecation warning (once per process, as torch gives it)."""
    warn_once("typed_storage", _TYPED_WARNING)
    return TypedStorage(wrap_storage=untyped_storage(tensor), dtype=tensor._dtype)


def set_(tensor, source=None, storage_offset=0, size=None, stride=None):
    """Point ``tensor`` at ``source``'s memory (a storage, or another tensor's storage and
    geometry) with the given geometry; with no source, at a new empty storage."""
    from .ops.strided import _geometry, _strided
    from ._tensor import Tensor
    if source is None:
        tensor._data = np.empty(0, tensor._dtype.np) if tensor.is_cpu else \
            tensor._data.reshape(-1)[:0].copy()
        _detach_storage(tensor, None)
        return tensor
    if isinstance(source, Tensor):
        if source._dtype is not tensor._dtype:
            raise RuntimeError(f"Could not set tensor of type {tensor._dtype._legacy[:-6]} to a "
                               f"tensor of type {source._dtype._legacy[:-6]}")
        if size is None:
            size, stride = tuple(source.shape), source.stride()
            storage_offset = source.storage_offset()
        source = untyped_storage(source)
    elif isinstance(source, TypedStorage):
        source = source.untyped()
    elif not isinstance(source, UntypedStorage):
        raise TypeError(f"set_(): argument 'source' must be Storage or Tensor, not "
                        f"{type(source).__name__}")
    if source.device != tensor._device:
        raise RuntimeError(f"Attempted to set the storage of a tensor on device "
                           f"\"{tensor._device}\" to a storage on different device "
                           f"\"{source.device}\".  This is no longer allowed; the devices must "
                           f"match.")
    itemsize = tensor._dtype.itemsize
    if size is None:
        size, stride = (source.nbytes() // itemsize,), (1,)
    elif stride is None:
        stride = tuple(int(np.prod(size[i + 1:], dtype=np.int64)) for i in range(len(size)))
    if source._bytes is None:  # meta
        from ._backend_meta import MetaArray
        tensor._data = MetaArray(size, tensor._dtype.np, tuple(s * itemsize for s in stride),
                                 storage_offset * itemsize)
        _detach_storage(tensor, None)
        return tensor
    usable = source.nbytes() // itemsize * itemsize
    flat = source._bytes[:usable].view(tensor._dtype.np)
    size, stride = _geometry("set_", size, stride, storage_offset, flat)
    tensor._data = _strided(tensor, flat, size, stride, storage_offset)
    _detach_storage(tensor, flat)
    tensor.__dict__["_untyped_storage"] = source
    return tensor


def _detach_storage(tensor, flat):
    """``tensor`` now owns its geometry over ``flat``: it is nobody's view any more."""
    tensor._base = None
    tensor.__dict__.pop("_alias_of", None)
    tensor.__dict__.pop("_view_fn", None)
    tensor.__dict__.pop("_untyped_storage", None)
    if flat is None:
        tensor.__dict__.pop("_storage", None)
    else:
        tensor.__dict__["_storage"] = flat
    tensor._vc[0] += 1
