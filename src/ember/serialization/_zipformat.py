"""PyTorch's checkpoint format: a zip archive of one pickle plus one record per storage.

Layout (what ``torch.save`` writes since 1.6, and what it reads):

    archive/data.pkl                the object, pickled; each storage is a persistent id
                                    ``("storage", torch.<Type>Storage, key, location, numel)``
    archive/data/<key>              the storage's raw bytes (in ``byteorder``), 64-byte aligned
    archive/byteorder, archive/version, archive/.format_version, archive/.storage_alignment,
    archive/.data/serialization_id  bookkeeping torch writes
    archive/.data/ember_sha256      ember's own integrity record (torch ignores it): the SHA-256
                                    of every other record's name and bytes (but the id's, which
                                    is derived from it)

Tensors are pickled under the global names torch rebuilds them with
(``torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)``,
``_rebuild_parameter``, ``torch.float32``, ``torch.Size``, ``torch.device``), so torch loads
ember's files, and ember maps those names back to its own. Tensors that view one NumPy buffer
share one storage record, so views stay views after a round trip.

Loading rebuilds each tensor only after checking its size, storage offset and every stride
against its storage (no negative stride, no overflow, the whole extent inside), so a crafted
file raises RuntimeError as torch does instead of reading outside the buffer.
"""
import _compat_pickle
import collections
import hashlib
import importlib
import io
import os
import pickle
import struct
import sys
import types
import zipfile
from typing import ClassVar

import numpy as np

from .. import _backend, _quantized
from .. import _dtype as D
from .._conj import conjugated, source_of
from .._device import device as Device
from .._tensor import Size, Tensor
from ._common import device_target, fail, make_parameter, place

_ALIGNMENT = 64
_INTEGRITY = ".data/ember_sha256"
_SERIALIZATION_ID = ".data/serialization_id"
_INT64_MAX = 2 ** 63 - 1
# Beyond this ratio a compressed record is refused before it is inflated.
_MAX_RATIO = 64

# torch's legacy storage class of each dtype (the type named in a storage's persistent id).
_STORAGE_OF = {"float32": "FloatStorage", "float64": "DoubleStorage", "float16": "HalfStorage",
               "bfloat16": "BFloat16Storage", "int64": "LongStorage", "int32": "IntStorage",
               "int16": "ShortStorage", "int8": "CharStorage", "uint8": "ByteStorage",
               "bool": "BoolStorage", "complex64": "ComplexFloatStorage",
               "complex128": "ComplexDoubleStorage"}
DTYPE_OF_STORAGE = {storage: dtype for dtype, storage in _STORAGE_OF.items()}
# torch's storage class of a quantized tensor's integers, by quantized dtype, and the dtype
# its elements are read as.
_QUANTIZED_STORAGE = {"qint8": ("QInt8Storage", "int8"), "quint8": ("QUInt8Storage", "uint8"),
                      "qint32": ("QInt32Storage", "int32")}


# ---------------------------------------------------------------------- save

class _Global:
    """Stands for a global by name, so the pickle names torch's function without torch."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):
        # Callable only so that pickle accepts it in a reduce tuple; it is never called.
        raise TypeError(f"{self.module}.{self.name} is a name written into checkpoints")


_GLOBALS = {}


def _global(module, name):
    key = (module, name)
    if key not in _GLOBALS:
        _GLOBALS[key] = _Global(module, name)
    return _GLOBALS[key]


def _save_global_marker(pickler, marker):
    pickler.write(pickle.GLOBAL + f"{marker.module}\n{marker.name}\n".encode())
    pickler.memoize(marker)


class _TorchPickler(pickle._Pickler):
    """Pickles any object, writing tensors, dtypes, sizes and devices as torch does.

    The pure-Python pickler is used because only it lets a global be written by name; the
    pickle holds only structure, the tensor bytes go to storage records.
    """

    dispatch: ClassVar[dict] = dict(pickle._Pickler.dispatch)
    dispatch[_Global] = _save_global_marker

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.records = []          # (key, uint8 array) in key order
        self._storage_keys = {}    # id(root buffer) -> (key, dtype name)
        self._keep_alive = []
        self._host_copies = {}     # id(device root) -> its host copy

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:
            if obj.storage_class is not None:
                return ("storage", _global("torch", obj.storage_class), obj.key,
                        obj.location, obj.numel)
            if obj.dtype.name not in _STORAGE_OF:  # torch has no typed storage class for it
                return ("storage", _global("torch.storage", "UntypedStorage"), obj.key,
                        obj.location, obj.numel * obj.dtype.itemsize)
            return ("storage", _global("torch", _STORAGE_OF[obj.dtype.name]), obj.key,
                    obj.location, obj.numel)
        return None

    def save(self, obj, save_persistent_id=True):
        if type(obj) is D.dtype or type(obj) is D._Opaque:  # (qint8 and the other opaque ones)
            obj = _global("torch", obj.name)
        elif type(obj) is _quantized.qscheme:
            obj = _global("torch", obj.name)
        super().save(obj, save_persistent_id)

    def save_global(self, obj, name=None):
        """A function or class by name; one defined inside a function has no importable name,
        which is the AttributeError the C pickler (torch's) raises."""
        qualname = name or getattr(obj, "__qualname__", None)
        if isinstance(qualname, str) and "<locals>" in qualname.split("."):
            raise AttributeError(f"Can't pickle local object {qualname!r}")
        super().save_global(obj, name)

    dispatch[types.FunctionType] = save_global

    def reducer_override(self, obj):
        if isinstance(obj, _quantized.QuantizedTensor):
            return self._reduce_quantized(obj)
        if isinstance(obj, Tensor):
            if obj.layout._name != "strided":
                return self._reduce_sparse(obj)
            return self._reduce_tensor(obj)
        if type(obj).__name__ == "layout" and type(obj).__module__ == "ember.sparse._coo":
            return (_global("torch.serialization", "_get_layout"), (f"torch.{obj._name}",))
        if type(obj) is Size:
            return (_global("torch", "Size"), (tuple(obj),))
        if type(obj) is Device:
            return (_global("torch", "device"), (str(obj),))
        return NotImplemented

    @staticmethod
    def _reduce_sparse(tensor):
        """torch's form: ``_rebuild_sparse_tensor(layout, (indices, values, size, coalesced))``
        for COO, ``(compressed indices, plain indices, values, size)`` for CSR, CSC, BSR and
        BSC (``crow_indices``/``col_indices`` or ``ccol_indices``/``row_indices``)."""
        values = tensor._sparse_values.detach()
        if tensor.layout._name in ("sparse_csr", "sparse_bsr"):
            data = (tensor.crow_indices(), tensor.col_indices(), values, tensor.shape)
        elif tensor.layout._name in ("sparse_csc", "sparse_bsc"):
            data = (tensor.ccol_indices(), tensor.row_indices(), values, tensor.shape)
        else:
            data = (tensor._sparse_indices, values, tensor.shape, tensor._coalesced)
        return (_global("torch._utils", "_rebuild_sparse_tensor"), (tensor.layout, data))

    def _reduce_quantized(self, tensor):
        """torch's form: ``_rebuild_qtensor(storage, offset, size, stride, (qscheme, scale,
        zero_point), requires_grad, hooks)`` over a QInt8Storage (QUInt8, QInt32) of the
        stored integers."""
        integers = Tensor._make(tensor._data)
        self._keep_alive.append(integers)
        storage, offset, stride = self._storage(integers)
        storage.storage_class = _QUANTIZED_STORAGE[tensor.dtype.name][0]
        if isinstance(tensor, _quantized.PerChannelQuantizedTensor):
            params = (_global("torch", "per_channel_affine"), tensor.q_per_channel_scales(),
                      tensor.q_per_channel_zero_points(), tensor.q_per_channel_axis())
        else:
            params = (_global("torch", "per_tensor_affine"), tensor.q_scale(),
                      tensor.q_zero_point())
        return (_global("torch._utils", "_rebuild_qtensor"),
                (storage, offset, tuple(tensor._data.shape), stride, params, False,
                 collections.OrderedDict()))

    def _reduce_tensor(self, tensor):
        kind = type(tensor)
        if kind is not Tensor and not tensor._is_param and kind.__module__.split(".")[0] != "ember":
            # A user's Tensor subclass: torch's _rebuild_from_type_v2(rebuild, class, its
            # arguments, attributes); a weights-only load refuses the class, as torch's does.
            plain = Tensor._make(tensor._data)
            plain._requires_grad, plain._vc = tensor._requires_grad, tensor._vc
            plain._is_conj, plain._is_neg = tensor._is_conj, tensor._is_neg
            self._keep_alive.append(plain)
            rebuild, args = self._reduce_tensor(plain)
            state = {key: value for key, value in tensor.__dict__.items()
                     if not hasattr(Tensor, key) and key not in ("_views", "_fw_grad")}
            return (_global("torch._tensor", "_rebuild_from_type_v2"),
                    (rebuild, kind, args, state))
        hooks = collections.OrderedDict()
        if tensor._is_param:
            data = Tensor._make(tensor._data)
            self._keep_alive.append(data)
            return (_global("torch._utils", "_rebuild_parameter"),
                    (data, tensor.requires_grad, hooks))
        storage, offset, stride = self._storage(tensor)
        args = (storage, offset, tuple(tensor.shape), stride, tensor.requires_grad, hooks)
        if tensor.dtype.name not in _STORAGE_OF:
            # complex32: an untyped (byte) storage and the dtype, as torch writes it.
            return (_global("torch._utils", "_rebuild_tensor_v3"), args + (tensor.dtype,))
        # A conj view is stored as PyTorch stores it: its source's memory plus the bit.
        if tensor._is_conj:
            args += ({"conj": True},)
        elif tensor._is_neg:
            args += ({"neg": True},)
        return (_global("torch._utils", "_rebuild_tensor_v2"), args)

    def _storage(self, tensor):
        """The storage record a tensor views, its element offset in it and its strides."""
        data = source_of(tensor.detach()._data)
        location = str(tensor.device)
        if type(data) is not np.ndarray:
            data = self._on_host(tensor, data)
        root = data
        while True:  # (as_strided's views, expanded ones among them, hang under a wrapper)
            base = root.base if isinstance(root.base, np.ndarray) else \
                getattr(root.base, "base", None)
            if not isinstance(base, np.ndarray):
                break
            root = base
        itemsize = data.itemsize
        offset = (data.__array_interface__["data"][0] - root.__array_interface__["data"][0]
                  if data.size else 0)
        shareable = (root.flags.c_contiguous and root.nbytes % itemsize == 0
                     and offset % itemsize == 0 and all(s >= 0 and s % itemsize == 0
                                                        for s in data.strides))
        if not shareable:
            root = np.ascontiguousarray(data).reshape(data.shape)
            offset = 0
            data = root
        key, dtype_name = self._storage_keys.get(id(root), (None, None))
        if key is None:
            key = str(len(self.records))
            dtype_name = tensor.dtype.name
            self._storage_keys[id(root)] = (key, dtype_name)
            self._keep_alive.append(root)
            self.records.append((key, root.reshape(-1).view(np.uint8)))
        elif dtype_name != tensor.dtype.name:
            raise RuntimeError("Cannot save multiple tensors or storages that view the same "
                               "data as different types")
        ref = _StorageRef(key, tensor.dtype, location, root.nbytes // itemsize)
        self._keep_alive.append(ref)
        stride = tuple(s // itemsize for s in data.strides)
        return ref, offset // itemsize, stride


    def _on_host(self, tensor, data):
        """A device tensor's elements as a view of a host copy of its base's memory, copied
        once per base, so views of one device storage are saved as one storage."""
        from .._tensor import _storage_root
        base = _storage_root(tensor)
        root = source_of(base.detach()._data)
        start = _backend.address(root)
        low, high = _backend.byte_bounds(data)
        # The base is copied in its own memory order, so that a channels-last or transposed
        # base (and the views of it) keep their strides.
        order = sorted(range(root.ndim), key=lambda d: -root.strides[d])
        in_order = root.transpose(order)
        if not (in_order.flags.c_contiguous and start <= low and high <= start + root.nbytes):
            order = sorted(range(data.ndim), key=lambda d: -data.strides[d])
            return data.transpose(order).get().transpose(np.argsort(order))
        host = self._host_copies.get(id(root))
        if host is None:
            host = self._host_copies[id(root)] = in_order.get()
            self._keep_alive.append(root)
        if data.size == 0:
            return np.empty(data.shape, dtype=data.dtype)
        return np.ndarray(data.shape, dtype=data.dtype, buffer=host,
                          offset=_backend.address(data) - start, strides=data.strides)


class _StorageRef:
    def __init__(self, key, dtype, location, numel):
        self.key, self.dtype, self.location, self.numel = key, dtype, location, numel
        self.storage_class = None  # torch's class name where the dtype's own is not it


def encode(obj, protocol, skip_data=False):
    """The records of a torch checkpoint holding ``obj``: [(name, bytes-like)] in file order;
    ``skip_data``: each storage's record holds as many zero bytes as its data would."""
    buffer = io.BytesIO()
    pickler = _TorchPickler(buffer, protocol)
    pickler.dump(obj)
    records = [("data.pkl", buffer.getvalue()), (".format_version", b"1"),
               (".storage_alignment", str(_ALIGNMENT).encode()),
               ("byteorder", sys.byteorder.encode())]
    records += [(f"data/{key}", bytes(memoryview(raw).nbytes) if skip_data else memoryview(raw))
                for key, raw in pickler.records]
    records.append(("version", b"3\n"))
    hasher = hashlib.sha256()
    for name, raw in records:
        _hash_record(hasher, name, raw)
    digest = hasher.hexdigest()
    # torch writes a 40-digit id of the contents (never checked); the digest provides one.
    records.append((_SERIALIZATION_ID, str(int(digest, 16) % 10 ** 40).zfill(40).encode()))
    records.append((_INTEGRITY, digest.encode("ascii")))
    return records


def _hash_record(hasher, name, raw):
    encoded = name.encode("utf-8")
    hasher.update(len(encoded).to_bytes(8, "little") + encoded)
    hasher.update(len(raw).to_bytes(8, "little") if isinstance(raw, bytes) else
                  memoryview(raw).nbytes.to_bytes(8, "little"))
    hasher.update(raw)


def size_of(records):
    return sum(memoryview(raw).nbytes + 200 for _, raw in records)


def write(handle, records, prefix="archive"):
    """Write the records as an uncompressed zip whose record data start 64-byte aligned."""
    start = handle.tell() if handle.seekable() else 0
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, raw in records:
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o600 << 16
            position = (handle.tell() if handle.seekable() else archive.start_dir) - start
            header = 30 + len(info.filename.encode("utf-8"))
            # The padding goes in an extra field, so that the record's data (not its local
            # header) starts on the boundary, as torch's own writer does.
            padding = -(position + header + 4) % _ALIGNMENT
            info.extra = b"FB" + struct.pack("<H", padding) + b"Z" * padding
            archive.writestr(info, raw)


# ---------------------------------------------------------------------- load

def load(name, file, map_location, unpickler_class, pickle_load_args, mmap_path=None):
    """Unpickle a torch checkpoint read from ``file`` (a seekable binary file).

    ``unpickler_class`` decides which globals may load; it is given the storages and
    map_location as attributes. With ``mmap_path`` the storages are copy-on-write maps of
    that file instead of copies in memory.
    """
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        fail(name, f"damaged zip archive ({error})")
    pickles = [entry for entry in entries if entry.endswith("/data.pkl")
               and entry.count("/") == 1]
    if len(pickles) != 1:
        fail(name, "zip file is not a torch checkpoint (no single data.pkl record)")
    prefix = pickles[0][:-len("data.pkl")]
    reader = _RecordReader(name, archive, entries)
    if prefix + _INTEGRITY in entries:
        reader.verify(prefix, [entry for entry in entries if entry.startswith(prefix)],
                      keep=mmap_path is None)
    byteorder = "little"
    if prefix + "byteorder" in entries:
        byteorder = reader.read(prefix + "byteorder").decode("ascii", "replace")
        if byteorder not in ("little", "big"):
            fail(name, f"byteorder record says {byteorder!r}, expected 'little' or 'big'")
    unpickler = unpickler_class(io.BytesIO(reader.read(pickles[0])), **pickle_load_args)
    unpickler.storages = _Storages(name, reader, prefix, byteorder, mmap_path)
    unpickler.map_location = map_location
    unpickler.rebuilder = Rebuilder(unpickler)
    damage = (EOFError, ValueError, IndexError, KeyError, TypeError, struct.error,
              RecursionError, MemoryError, OverflowError)
    if unpickler.weights_only:
        # No user code runs in a weights-only load, so these can only come from the file.
        damage += (AttributeError,)
    try:
        return unpickler.load()
    except damage as error:
        fail(name, f"corrupted pickle ({type(error).__name__}: {error})")


class TorchUnpickler(pickle.Unpickler):
    """Unpickles a checkpoint's structure, mapping torch's names to ember's objects.

    Any other global is imported as pickle would; :class:`WeightsOnlyUnpickler` narrows this.
    """

    weights_only = False

    def persistent_load(self, pid):
        return self.storages.persistent_load(pid)

    def find_class(self, module, name):
        module, name = python2_name(module, name)
        found = torch_global(module, name, self.rebuilder)
        if found is not None:
            return found
        if module == "torch" or module.startswith("torch."):
            return ember_equivalent(module, name)
        return super().find_class(module, name)


class _RecordReader:
    """Reads zip records, turning zip-level damage into CheckpointError."""

    def __init__(self, name, archive, entries):
        self.name, self.archive, self.entries = name, archive, entries
        self.verified = {}

    def take(self, entry):
        """A record's bytes, from :meth:`verify`'s reading when it kept them."""
        data = self.verified.pop(entry, None)
        return self.read(entry) if data is None else data

    def read(self, entry):
        try:
            info = self.archive.getinfo(entry)
            if (info.compress_type != zipfile.ZIP_STORED
                    and info.file_size > max(_MAX_RATIO * info.compress_size, 2 ** 20)):
                fail(self.name, f"record {entry} would inflate {info.compress_size} bytes to "
                                f"{info.file_size} (a zip bomb?); torch writes records "
                                "uncompressed")
            if info.CRC == 0 and info.file_size and info.compress_type == zipfile.ZIP_STORED:
                return self._skipped(entry, info)
            return self.archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError,
                NotImplementedError, RuntimeError) as error:
            fail(self.name, f"damaged zip record {entry} ({type(error).__name__}: {error})")

    def _skipped(self, entry, info):
        """A record torch wrote under ``serialization.skip_data()``: zero bytes with a CRC of
        0, not their CRC (torch's loader checks no CRC and reads the zeros). Read as stored,
        and refused unless it is all zeros, which is what such a record holds."""
        file = self.archive.fp
        file.seek(info.header_offset)
        local = file.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            fail(self.name, f"damaged zip record {entry} (bad local header)")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        file.seek(info.header_offset + 30 + name_length + extra_length)
        data = file.read(info.file_size)
        if len(data) != info.file_size or data.count(0) != len(data):
            fail(self.name, f"damaged zip record {entry} (BadZipFile: Bad CRC-32 for file "
                            f"'{entry}')")
        return data

    def verify(self, prefix, names, keep):
        """Check ember's integrity record against every other record of the archive.

        ``keep`` holds on to the storage records read, so that they are read only once.
        """
        expected = self.read(prefix + _INTEGRITY).decode("ascii", "replace")
        hasher = hashlib.sha256()
        seen = set()
        for entry in names:
            if entry in (prefix + _INTEGRITY, prefix + _SERIALIZATION_ID):
                continue
            if entry in seen:
                fail(self.name, f"record {entry} appears twice in the archive")
            seen.add(entry)
            data = self.read(entry)
            _hash_record(hasher, entry[len(prefix):], data)
            if keep and entry.startswith(prefix + "data/"):
                self.verified[entry] = data
        if hasher.hexdigest() != expected:
            fail(self.name, "archive does not match ember's SHA-256 integrity record "
                            "(corrupted or altered)")


class _Storages:
    """Loads each storage record once, as bytes that every dtype view shares."""

    def __init__(self, name, reader, prefix, byteorder, mmap_path=None):
        self.name, self.reader, self.prefix = name, reader, prefix
        self.swap = byteorder != sys.byteorder
        self.mmap_path = mmap_path
        self.loaded = {}
        self.storages = {}

    def _read(self, entry):
        if self.mmap_path is None:
            return np.frombuffer(self.reader.take(entry), dtype=np.uint8).copy()
        info = self.reader.archive.getinfo(entry)
        if info.compress_type != zipfile.ZIP_STORED:
            fail(self.name, f"record {entry} is compressed, so it cannot be memory-mapped")
        file = self.reader.archive.fp
        file.seek(info.header_offset)
        local = file.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            fail(self.name, f"damaged zip record {entry} (bad local header)")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        start = info.header_offset + 30 + name_length + extra_length
        if start + info.file_size > os.path.getsize(self.mmap_path):
            fail(self.name, f"record {entry} runs past the end of the file (truncated)")
        if info.file_size == 0:
            return np.empty(0, dtype=np.uint8)
        # Copy-on-write, as torch's default: writes to the tensors never reach the file.
        return np.memmap(self.mmap_path, dtype=np.uint8, mode="c", offset=start,
                         shape=(info.file_size,))

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r:.200}")
        storage_type, key, location, numel = pid[1:]
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"unsupported storage type {storage_type!r:.200}")
        if not isinstance(key, str) or not isinstance(location, str):
            raise pickle.UnpicklingError(f"malformed storage id {pid!r:.200}")
        if type(numel) is not int or numel < 0:
            raise pickle.UnpicklingError(f"storage {key} has an invalid size {numel!r}")
        dtype = storage_type.dtype
        raw = self.loaded.get(key)
        if raw is None:
            entry = f"{self.prefix}data/{key}"
            if entry not in self.reader.entries:
                fail(self.name, f"storage {key} is missing from the archive")
            raw = self._read(entry)
            self.loaded[key] = raw
        needed = numel * dtype.itemsize
        if raw.nbytes < needed:
            fail(self.name, f"storage {key} holds {raw.nbytes} bytes, needs {needed} "
                            "(truncated)")
        # One storage object per (key, type, numel, location), so tensors viewing one storage
        # share its copy on a device as they share the bytes on the host.
        quantized = storage_type.quantized
        storage = self.storages.get((key, dtype, numel, location, quantized))
        if storage is None:
            array = raw[:needed].view(dtype.np)
            if self.swap and dtype.itemsize > 1:
                array = array.byteswap()
            storage = self.storages[key, dtype, numel, location, quantized] = \
                LoadedStorage(array, location, quantized)
        return storage


class LoadedStorage:
    def __init__(self, array, location, quantized=None):
        self.array, self.location = array, location
        self.quantized = quantized  # a quantized dtype's name: _rebuild_qtensor's storages
        self.placed = {}
        self.roots = {}

    def root(self, flat):
        """One tensor over all of ``flat`` (this storage, on one device), the storage root
        the tensors loaded over it alias: they report their offset into it and its size, as
        torch's tensors over one storage do."""
        key = id(flat)
        if key not in self.roots:
            self.roots[key] = (flat, Tensor._make(flat))
        return self.roots[key][1]

    def on(self, device):
        """The storage copied to ``device`` once, so that every tensor viewing it there shares
        that one copy, as views of one storage do in torch."""
        if device not in self.placed:
            self.placed[device] = _backend.to_device(self.array, device)
        return self.placed[device]


class _StorageType:
    """Stand-in for ``torch.FloatStorage`` etc.: it only names a dtype."""

    def __init__(self, dtype, quantized=None):
        self.dtype = dtype
        self.quantized = quantized  # the quantized dtype's name for QInt8Storage and its kin


def _check_view(size, stride, offset, numel, itemsize):
    """Raise RuntimeError (torch's messages) unless the view lies inside its storage."""
    if not (isinstance(size, (tuple, list)) and isinstance(stride, (tuple, list))):
        raise TypeError(f"invalid size {size!r} or stride {stride!r} for a tensor")
    if not all(type(v) is int for v in (*size, *stride, offset)):
        raise RuntimeError(f"tensor size {size!r}, stride {stride!r} and storage offset "
                           f"{offset!r} must be integers")
    if len(size) != len(stride):
        raise RuntimeError(f"mismatch in length of strides and shape: sizes={list(size)} and "
                           f"strides={list(stride)}")
    count = 1
    for n in size:
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: "
                               f"{list(size)}")
        count *= n
    if count > _INT64_MAX:
        raise RuntimeError("numel: integer multiplication overflow")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if count == 0:
        return
    extent = 1 + sum((n - 1) * s for n, s in zip(size, stride))
    # torch computes the storage's size in bytes, in int64.
    if any(s < 0 for s in stride) or (extent + offset) * itemsize > _INT64_MAX:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    if offset + extent > numel:
        raise RuntimeError("Trying to resize storage that is not resizable")


def _host_view(storage, offset, size, stride):
    if not isinstance(storage, LoadedStorage):
        raise pickle.UnpicklingError(f"expected a storage, got {type(storage).__name__}")
    flat = storage.array
    _check_view(size, stride, offset, flat.size, flat.itemsize)
    size, stride = tuple(size), tuple(stride)
    if 0 in size:
        return np.empty(size, dtype=flat.dtype)
    itemsize = flat.itemsize
    return np.ndarray(size, dtype=flat.dtype, buffer=flat, offset=offset * itemsize,
                      strides=tuple(s * itemsize for s in stride))


class Rebuilder:
    """The tensor-rebuild functions a pickle calls, bound to one load's map_location."""

    def __init__(self, unpickler):
        self.unpickler = unpickler

    def tensor(self, storage, storage_offset, size, stride, requires_grad=False,
               backward_hooks=None, metadata=None):
        host = _host_view(storage, storage_offset, size, stride)
        device = device_target(storage.location, self.unpickler.map_location)
        if device is None:
            tensor = place(Tensor._make(host), storage.location, self.unpickler.map_location)
            if host.size and tensor._data is host:
                tensor.__dict__["_alias_of"] = storage.root(storage.array)
        elif host.size == 0:
            tensor = Tensor._make(_backend.to_device(host, device))
        else:
            flat = storage.on(device)
            tensor = Tensor._make(_backend.as_strided(flat[storage_offset:], host.shape,
                                                      host.strides))
            tensor.__dict__["_alias_of"] = storage.root(flat)
        if metadata:
            tensor = _with_lazy_bits(tensor, metadata)
        if requires_grad:
            tensor.requires_grad_(True)
        return tensor

    def tensor_v3(self, storage, storage_offset, size, stride, requires_grad, backward_hooks,
                  dtype, metadata=None):
        """A tensor over an untyped (byte) storage, seen as ``dtype`` (torch's format for dtypes
        without a typed storage class, complex32 among them)."""
        if not isinstance(storage, LoadedStorage) or not isinstance(dtype, D.dtype):
            raise pickle.UnpicklingError("_rebuild_tensor_v3 needs a storage and a dtype")
        array = storage.array
        if array.nbytes % dtype.itemsize:
            raise pickle.UnpicklingError(f"a storage of {array.nbytes} bytes does not hold "
                                         f"{dtype} elements")
        typed = LoadedStorage(array.view(dtype.np), storage.location)
        return self.tensor(typed, storage_offset, size, stride, requires_grad, backward_hooks,
                           metadata)

    def qtensor(self, storage, storage_offset, size, stride, quantizer_params,
                requires_grad=False, backward_hooks=None):
        """A per-tensor or per-channel affine quantized tensor over a QInt8Storage (QUInt8,
        QInt32) of its integers; other schemes are refused (ember has none)."""
        if not (isinstance(storage, LoadedStorage) and isinstance(storage.quantized, str)):
            raise pickle.UnpicklingError("_rebuild_qtensor needs a quantized storage")
        schemes = _quantized.SCHEMES
        scheme = quantizer_params[0] if isinstance(quantizer_params, tuple) and \
            quantizer_params else quantizer_params
        dtype = D.ALIASES[storage.quantized]
        if scheme is schemes["per_tensor_affine"] and len(quantizer_params) == 3:
            integers = self.tensor(storage, storage_offset, size, stride).cpu()._data.copy()
            _, scale, zero_point = quantizer_params
            return _quantized.QuantizedTensor(integers, dtype, float(scale), int(zero_point))
        if scheme is schemes["per_channel_affine"] and len(quantizer_params) == 4 and \
                all(isinstance(v, Tensor) for v in quantizer_params[1:3]):
            integers = self.tensor(storage, storage_offset, size, stride).cpu()._data.copy()
            _, scales, zero_points, axis = quantizer_params
            if not (type(axis) is int and 0 <= axis < integers.ndim and
                    scales.numel() == zero_points.numel() == integers.shape[axis]):
                raise pickle.UnpicklingError(f"per-channel quantizer parameters do not fit a "
                                             f"tensor of size {list(integers.shape)}")
            return _quantized.PerChannelQuantizedTensor(
                integers, dtype, scales.cpu()._data.astype(np.float64).reshape(-1),
                zero_points.cpu()._data.astype(np.int64).reshape(-1), axis)
        raise RuntimeError(f"this checkpoint holds a quantized tensor with scheme {scheme}; "
                           f"ember has per-tensor and per-channel affine quantized tensors only")

    def tensor_legacy(self, storage, storage_offset, size, stride):
        return self.tensor(storage, storage_offset, size, stride)

    @staticmethod
    def parameter(data, requires_grad, backward_hooks=None, *state):
        if not isinstance(data, Tensor):
            raise pickle.UnpicklingError(f"a Parameter needs a tensor, got "
                                         f"{type(data).__name__}")
        parameter = make_parameter(data, bool(requires_grad))
        if state and isinstance(state[0], dict):
            for key, value in state[0].items():
                setattr(parameter, key, value)
        return parameter

    @staticmethod
    def from_type(func, kind, args, state):
        tensor = func(*args)
        if not (isinstance(kind, type) and issubclass(kind, Tensor)):
            raise pickle.UnpicklingError(f"cannot rebuild a tensor of type {kind!r}")
        if type(tensor) is not kind:
            tensor = tensor.as_subclass(kind)
        if isinstance(state, dict):
            for key, value in state.items():
                setattr(tensor, key, value)
        return tensor


def _with_lazy_bits(tensor, metadata):
    """The tensor a checkpoint stored with PyTorch's conj or neg bit: a conj view of the stored
    memory; a negated view is materialised (ember has no lazy negation over a storage)."""
    if not isinstance(metadata, dict):
        raise pickle.UnpicklingError(f"tensor metadata must be a dict, got "
                                     f"{type(metadata).__name__}")
    if metadata.get("conj") and tensor.is_complex():
        data = tensor._data
        # A conj view on a device mirrors its storage as on the CPU (the views loaded with it
        # share that storage); a meta array has no memory to mirror.
        tensor = Tensor._make(data.conj() if getattr(data, "_is_meta", False)
                              else conjugated(data))
        tensor._is_conj = True
    if metadata.get("neg"):
        tensor = Tensor._make(-tensor._data)
    return tensor


def _make_size(values=()):
    return Size(int(v) for v in values)


def _parameter_class():
    from ..nn import Parameter
    return Parameter


def python2_name(module, name):
    """The Python 3 spelling of a global that protocol-2 pickles write Python 2's way."""
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


def torch_global(module, name, rebuilder):
    """ember's stand-in for the torch global ``module.name`` that checkpoints name, or None."""
    if module == "torch._utils":
        functions = {"_rebuild_tensor_v2": rebuilder.tensor,
                     "_rebuild_tensor_v3": rebuilder.tensor_v3,
                     "_rebuild_tensor": rebuilder.tensor_legacy,
                     "_rebuild_parameter": rebuilder.parameter,
                     "_rebuild_parameter_with_state": rebuilder.parameter,
                     "_rebuild_sparse_tensor": _rebuild_sparse,
                     "_rebuild_qtensor": rebuilder.qtensor}
        return functions.get(name)
    if module == "torch._tensor" and name == "_rebuild_from_type_v2":
        return rebuilder.from_type
    if module == "torch":
        if name in DTYPE_OF_STORAGE:
            return _StorageType(D.ALIASES[DTYPE_OF_STORAGE[name]])
        quantized = {storage: (qdtype, dtype) for qdtype, (storage, dtype)
                     in _QUANTIZED_STORAGE.items()}.get(name)
        if quantized is not None:
            return _StorageType(D.ALIASES[quantized[1]], quantized=quantized[0])
        if name in _quantized.SCHEMES:
            return _quantized.SCHEMES[name]
        if name in D.ALIASES and isinstance(D.ALIASES[name], D.dtype):
            return D.ALIASES[name]
        if name == "Size":
            return _make_size
        if name == "device":
            return Device
        if name == "Tensor":
            return Tensor
    if (module, name) == ("torch.storage", "UntypedStorage"):
        return _StorageType(D.uint8)
    if (module, name) == ("torch.nn.parameter", "Parameter"):
        return _parameter_class()
    if (module, name) == ("torch.serialization", "_get_layout"):
        return _layout_named
    return None


def _layout_named(name):
    """ember's layout for torch's name of it in a checkpoint (``"torch.sparse_coo"``)."""
    from ..sparse import _compressed, _coo
    found = {"torch.strided": _coo.strided, "torch.sparse_coo": _coo.sparse_coo}.get(name)
    compressed = _compressed._LAYOUTS.get(name[len("torch."):])
    found = compressed._layout if found is None and compressed is not None else found
    if found is None:
        raise pickle.UnpicklingError(f"this checkpoint holds a tensor of layout {name}, which "
                                     f"ember does not have")
    return found


def _rebuild_sparse(layout, data):
    """A sparse COO, CSR, CSC, BSR or BSC tensor from torch's checkpoint form (its invariants
    checked)."""
    from ..sparse import _compressed, _coo
    if layout is _coo.sparse_coo:
        indices, values, size, coalesced = data
        return _coo.sparse_coo_tensor(indices, values, size, check_invariants=True,
                                      is_coalesced=coalesced)
    if layout is not _coo.strided:  # (torch's beta note on the first compressed one, as torch)
        compressed, plain, values, size = data
        return _compressed.sparse_compressed_tensor(compressed, plain, values, size,
                                                    layout=layout, check_invariants=True)
    raise pickle.UnpicklingError(f"this checkpoint holds a sparse tensor of layout {layout}, "
                                 f"which ember does not have")


# Globals a weights-only load accepts besides torch's tensor names (as torch 2.13 does: it
# refuses frozenset).
PLAIN_SAFE = {("collections", "OrderedDict"): collections.OrderedDict,
              ("collections", "Counter"): collections.Counter, ("builtins", "set"): set,
              ("builtins", "bytearray"): bytearray, ("builtins", "complex"): complex}


def _codecs_encode():
    import codecs
    return codecs.encode


PLAIN_SAFE[("_codecs", "encode")] = _codecs_encode()


def ember_equivalent(module, name):
    """ember's object for a torch module path (``torch.nn.modules.linear.Linear``)."""
    ember_module = "ember" + module[len("torch"):]
    try:
        target = importlib.import_module(ember_module)
    except ImportError:
        target = None
    if target is not None:
        value = target
        try:
            for part in name.split("."):
                value = getattr(value, part)
            return value
        except AttributeError:
            pass
    raise pickle.UnpicklingError(f"this checkpoint needs {module}.{name}, which ember does not "
                                 f"provide (looked for {ember_module}.{name})")
