"""Checkpoints without pickle: ``ember.save`` and ``ember.load``.

File layout (the safetensors format, so other tools read the tensors):

    [8 bytes: header length N, little-endian uint64]
    [N bytes: JSON header, space-padded to a multiple of 8]
    [tensor bytes, little-endian, back to back in header order]

The header maps each tensor's name to ``{"dtype", "shape", "data_offsets": [begin, end]}``
(offsets relative to the data section). Its ``__metadata__`` (string values only, as the
format requires) holds ``format: "ember"``, the saved object's nesting as JSON
(``ember.structure``) and a SHA-256 of the data section (``ember.sha256``). Loading parses
JSON and copies bytes into arrays, so it can never run code; every field is checked, and a
truncated or altered file raises :class:`CheckpointError` naming the file.

Saving to a path is atomic: the bytes go to a temporary file in the same directory, which is
flushed, fsync'ed and renamed over the target, and then the directory is fsync'ed. A crash
leaves either the old file or the new one, never a mix.

``ember.load`` also reads PyTorch's zip checkpoints (``torch.save`` since 1.6) of tensors,
state_dicts and other plain containers, with an unpickler that only accepts the handful of
tensor-rebuild globals: anything else is refused with ``pickle.UnpicklingError``.
"""
import collections
import hashlib
import io
import json
import math
import os
import pickle
import tempfile
import zipfile

import numpy as np

from . import _dtype as D
from ._device import device as Device
from ._tensor import Tensor

__all__ = ["CheckpointError", "load", "save"]

_MAX_HEADER = 100 * 1024 * 1024
_FORMAT = "ember"

# safetensors dtype codes.
_CODE_OF = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "int32": "I32",
            "int64": "I64", "float16": "F16", "bfloat16": "BF16", "float32": "F32",
            "float64": "F64"}
_DTYPE_OF_CODE = {code: D.ALIASES.get(name) for name, code in _CODE_OF.items()}
# Complex tensors are stored as their real view (a trailing dimension of 2).
_COMPLEX_PART = {"complex64": D.float32, "complex128": D.float64}


class CheckpointError(RuntimeError):
    """A checkpoint file is truncated, corrupted, or not a checkpoint at all."""


# ---------------------------------------------------------------------- save

class _Encoder:
    """Turns a nested object into JSON-able structure plus a list of named tensors."""

    def __init__(self):
        self.tensors = {}       # name -> numpy array (little-endian, contiguous)
        self.info = {}          # name -> safetensors header entry without offsets
        self._names_by_id = {}  # id(tensor) -> name, so a tensor saved twice is stored once
        self._keep_alive = []

    def encode(self, obj, path):
        if isinstance(obj, Tensor):
            return self._tensor(obj, path)
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return obj if math.isfinite(obj) else {"$float": repr(obj)}
        if isinstance(obj, (np.integer, np.floating, np.bool_)):
            return self.encode(obj.item(), path)
        if isinstance(obj, D.dtype):
            return {"$dtype": obj.name}
        if isinstance(obj, Device):
            return {"$device": str(obj)}
        if isinstance(obj, dict):
            items = [[self.encode(key, path + ("<key>",)), self.encode(value, path + (key,))]
                     for key, value in obj.items()]
            tag = "$odict" if isinstance(obj, collections.OrderedDict) else "$dict"
            return {tag: items}
        if isinstance(obj, tuple) and type(obj).__name__ == "Size":
            return {"$size": [int(s) for s in obj]}
        if isinstance(obj, (list, tuple)):
            tag = "$list" if isinstance(obj, list) else "$tuple"
            return {tag: [self.encode(value, path + (index,)) for index, value in
                          enumerate(obj)]}
        raise TypeError(f"ember.save cannot store an object of type {type(obj).__name__} at "
                        f"{_describe(path)}: checkpoints hold tensors, dicts, lists, tuples, "
                        "numbers, strings, bools and None (no pickle)")

    def _tensor(self, tensor, path):
        name = self._names_by_id.get(id(tensor))
        if name is None:
            name = self._unique_name(path)
            self._names_by_id[id(tensor)] = name
            self._keep_alive.append(tensor)
            array = _host_array(tensor)
            dtype = tensor.dtype
            if dtype.name in _COMPLEX_PART:
                part = _COMPLEX_PART[dtype.name]
                # A trailing axis of 1 first: NumPy only reinterprets the last axis.
                array = _contiguous(array).reshape(array.shape + (1,)).view(part.np)
            array = _contiguous(array)
            if array.dtype.byteorder == ">":
                array = array.astype(array.dtype.newbyteorder("<"))
            self.tensors[name] = array
            stored = _COMPLEX_PART.get(dtype.name, dtype)
            self.info[name] = {"dtype": _CODE_OF[stored.name], "shape": list(array.shape)}
        node = {"$tensor": name, "dtype": tensor.dtype.name}
        if tensor.requires_grad:
            node["requires_grad"] = True
        if type(tensor).__name__ == "Parameter":
            node["parameter"] = True
        if tensor.device.type != "cpu":
            node["device"] = str(tensor.device)
        return node

    def _unique_name(self, path):
        base = ".".join(str(part) for part in path) or "tensor"
        name, suffix = base, 1
        while name in self.info or name == "__metadata__":
            name = f"{base}#{suffix}"
            suffix += 1
        return name


def _describe(path):
    return "the top level" if not path else "key path " + " -> ".join(repr(p) for p in path)


def _contiguous(array):
    """A C-contiguous array of the same shape (np.ascontiguousarray would make 0-d into 1-d)."""
    return array if array.flags.c_contiguous else array.copy(order="C")


def _host_array(tensor):
    data = tensor.detach()._data
    return data.get() if hasattr(data, "get") else np.asarray(data)


def _layout(encoder, structure):
    """Header bytes (padded) and the tensors in file order."""
    # Larger elements first keeps every tensor aligned to its element size in the file.
    names = sorted(encoder.tensors, key=lambda n: -encoder.tensors[n].dtype.itemsize)
    hasher = hashlib.sha256()
    offset = 0
    header = {}
    for name in names:
        array = encoder.tensors[name]
        entry = dict(encoder.info[name])
        entry["data_offsets"] = [offset, offset + array.nbytes]
        header[name] = entry
        offset += array.nbytes
        hasher.update(_bytes_view(array))
    header["__metadata__"] = {"format": _FORMAT, "ember.structure": json.dumps(structure),
                              "ember.sha256": hasher.hexdigest()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return text, [encoder.tensors[name] for name in names]


def _bytes_view(array):
    return memoryview(array.reshape(-1).view(np.uint8)) if array.size else b""


def _write_payload(handle, header, arrays):
    """Write the whole file body; the crash tests interrupt this."""
    handle.write(len(header).to_bytes(8, "little"))
    handle.write(header)
    for array in arrays:
        if array.size:
            handle.write(_bytes_view(array))


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True):
    """Save tensors and nested containers of them to ``f`` (a path or a binary file object).

    ``obj`` may be a tensor, a state_dict (model or optimizer) or any nesting of dicts, lists
    and tuples holding tensors, numbers, strings, bools and None. The same tensor object
    appearing twice is stored once and comes back as one tensor. A path is written
    atomically; see the module docstring for the format.
    """
    if pickle_module is not None:
        raise TypeError("ember.save never pickles; pickle_module is not supported")
    encoder = _Encoder()
    structure = encoder.encode(obj, ())
    header, arrays = _layout(encoder, structure)
    if hasattr(f, "write"):
        _write_payload(f, header, arrays)
        return
    _atomic_write(os.fspath(f), header, arrays)


def _atomic_write(path, header, arrays):
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                     suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_payload(handle, header, arrays)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory):
    """Make the rename itself durable (not possible on every platform)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- load

def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None,
         **pickle_load_args):
    """Load what :func:`save` wrote (or a safetensors file, or a ``torch.save`` zip file).

    Args:
        f: a path or a binary file object.
        map_location: where tensors go: None (where they were saved), a device or device
            string, a dict from saved to target device strings, or a callable
            ``(tensor, saved_location) -> tensor``.
        weights_only: accepted for PyTorch compatibility; loading is always weights-only,
            since no code is ever run.
    """
    if pickle_module is not None:
        raise TypeError("ember.load never unpickles with a custom pickle_module")
    name, blob = _read_all(f)
    if blob[:4] == b"PK\x03\x04":
        return _load_torch_zip(name, blob, map_location)
    # torch's legacy files open with a pickled magic number; read as our header length it
    # would exceed _MAX_HEADER, so no valid checkpoint starts this way.
    if blob[:4] == b"\x80\x02\x8a\x0a":
        _fail(name, "this is torch's legacy (pre-1.6, non-zip) format, which only pickle can "
                    "read; re-save it with torch.save's default zip format")
    return _load_safetensors(name, blob, map_location)


def _read_all(f):
    if hasattr(f, "read"):
        return getattr(f, "name", "<file object>"), f.read()
    path = os.fspath(f)
    with open(path, "rb") as handle:
        return path, handle.read()


def _fail(name, reason):
    raise CheckpointError(f"{name}: not a valid checkpoint: {reason}")


def _parse_header(name, blob):
    if len(blob) < 8:
        _fail(name, f"file is {len(blob)} bytes, too short for the 8-byte header length "
                    "(truncated?)")
    length = int.from_bytes(blob[:8], "little")
    if length > _MAX_HEADER:
        _fail(name, f"header length {length} is implausible (corrupted, or not a checkpoint)")
    if 8 + length > len(blob):
        _fail(name, f"header needs {length} bytes but the file holds {len(blob) - 8} after the "
                    "length field (truncated)")
    try:
        header = json.loads(bytes(blob[8:8 + length]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _fail(name, f"header is not valid JSON ({error})")
    if not isinstance(header, dict):
        _fail(name, "header is not a JSON object")
    return header, 8 + length


def _load_safetensors(name, blob, map_location):
    header, start = _parse_header(name, blob)
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict):
        _fail(name, "__metadata__ is not an object")
    data = memoryview(blob)[start:]
    spans = []
    for key, entry in header.items():
        spans.append(_check_entry(name, key, entry, len(data)))
    spans.sort()
    covered = 0
    for begin, end, key in spans:
        if begin != covered:
            _fail(name, f"tensor {key!r} starts at byte {begin}, expected {covered} (data "
                        "sections overlap or leave gaps)")
        covered = end
    if covered != len(data):
        _fail(name, f"data section is {len(data)} bytes but the header describes {covered} "
                    "(truncated or padded)")
    digest = metadata.get("ember.sha256")
    if digest is not None and hashlib.sha256(data).hexdigest() != digest:
        _fail(name, "tensor data does not match its SHA-256 checksum (corrupted or altered)")
    arrays = {}
    for key, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = _DTYPE_OF_CODE[entry["dtype"]]
        raw = np.frombuffer(data[begin:end], dtype=dtype.np.newbyteorder("<"))
        arrays[key] = raw.astype(dtype.np, copy=True).reshape(entry["shape"])
    if metadata.get("format") != _FORMAT or "ember.structure" not in metadata:
        # A plain safetensors file: a flat dict of tensors.
        return {key: _finish(Tensor._make(arrays[key]), None, map_location) for key in header}
    try:
        structure = json.loads(metadata["ember.structure"])
    except json.JSONDecodeError as error:
        _fail(name, f"structure metadata is not valid JSON ({error})")
    decoder = _Decoder(name, arrays, map_location)
    return decoder.decode(structure)


def _check_entry(name, key, entry, data_length):
    if not isinstance(entry, dict):
        _fail(name, f"entry {key!r} is not an object")
    code = entry.get("dtype")
    if code not in _DTYPE_OF_CODE or _DTYPE_OF_CODE[code] is None:
        _fail(name, f"tensor {key!r} has unsupported dtype {code!r}")
    shape = entry.get("shape")
    if not isinstance(shape, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape):
        _fail(name, f"tensor {key!r} has an invalid shape {shape!r}")
    offsets = entry.get("data_offsets")
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(
            isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
        _fail(name, f"tensor {key!r} has invalid data_offsets {offsets!r}")
    begin, end = offsets
    if not 0 <= begin <= end:
        _fail(name, f"tensor {key!r} has data_offsets {offsets} out of order")
    if end > data_length:
        _fail(name, f"tensor {key!r} ends at byte {end} of the data section, which holds only "
                    f"{data_length} bytes (truncated)")
    expected = math.prod(shape) * _DTYPE_OF_CODE[code].itemsize
    if end - begin != expected:
        _fail(name, f"tensor {key!r} of shape {shape} and dtype {code} needs {expected} bytes, "
                    f"its data_offsets span {end - begin}")
    return begin, end, key


def _resolve_device(map_location, saved):
    """The device a tensor saved on ``saved`` should be loaded onto (None: leave it)."""
    if map_location is None:
        return saved
    if isinstance(map_location, dict):
        return map_location.get(saved, saved)
    if isinstance(map_location, (str, Device)):
        return str(map_location)
    raise TypeError(f"map_location should be a str, device, dict or callable, got "
                    f"{type(map_location).__name__}")


def _finish(tensor, saved_device, map_location, requires_grad=False, parameter=False):
    saved = saved_device or "cpu"
    if callable(map_location) and not isinstance(map_location, (dict, str, Device)):
        result = map_location(tensor, saved)
        tensor = result if result is not None else tensor
    else:
        target = _resolve_device(map_location, saved)
        if Device(target).type != "cpu":
            from . import cuda
            if not cuda.is_available():
                raise RuntimeError(
                    "Attempting to deserialize object on a CUDA device but "
                    "ember.cuda.is_available() is False. If you are running on a CPU-only "
                    "machine, please use ember.load with map_location=ember.device('cpu') to "
                    "map your storages to the CPU.")
            tensor = tensor.to(target)
    if parameter:
        try:
            from .nn import Parameter
        except ImportError:
            Parameter = None
        if Parameter is not None:
            return Parameter(tensor, requires_grad=requires_grad)
    if requires_grad:
        tensor.requires_grad_(True)
    return tensor


class _Decoder:
    """Rebuilds the saved object from its JSON structure and the loaded arrays."""

    def __init__(self, name, arrays, map_location):
        self.name = name
        self.arrays = arrays
        self.map_location = map_location
        self.built = {}

    def decode(self, node):
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if isinstance(node, list) or not isinstance(node, dict) or not node:
            _fail(self.name, f"unexpected structure node {node!r}")
        if "$tensor" in node:
            return self._tensor(node)
        tag, value = next(iter(node.items()))
        if tag in ("$dict", "$odict"):
            pairs = [(self._key(k), self.decode(v)) for k, v in value]
            return collections.OrderedDict(pairs) if tag == "$odict" else dict(pairs)
        if tag == "$list":
            return [self.decode(v) for v in value]
        if tag == "$tuple":
            return tuple(self.decode(v) for v in value)
        if tag == "$float":
            return float(value)
        if tag == "$size":
            from ._tensor import Size
            return Size(int(v) for v in value)
        if tag == "$dtype":
            return D.ALIASES.get(value) or _fail(self.name, f"unknown dtype {value!r}")
        if tag == "$device":
            return Device(value)
        _fail(self.name, f"unknown structure tag {tag!r}")

    def _key(self, node):
        key = self.decode(node)
        # JSON lists decode to lists; dict keys must be hashable.
        return tuple(key) if isinstance(key, list) else key

    def _tensor(self, node):
        name = node["$tensor"]
        if name in self.built:
            return self.built[name]
        if name not in self.arrays:
            _fail(self.name, f"structure refers to missing tensor {name!r}")
        array = self.arrays[name]
        dtype = D.ALIASES.get(node.get("dtype"))
        if dtype is not None and dtype.name in _COMPLEX_PART:
            if array.shape[-1:] != (2,):
                _fail(self.name, f"complex tensor {name!r} lacks its trailing dimension of 2")
            array = _contiguous(array).view(dtype.np).reshape(array.shape[:-1])
        tensor = _finish(Tensor._make(array), node.get("device"), self.map_location,
                         node.get("requires_grad", False), node.get("parameter", False))
        self.built[name] = tensor
        return tensor


# ---------------------------------------------------------------------- torch .pt files

_TORCH_STORAGES = {
    "FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
    "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32",
    "ShortStorage": "int16", "CharStorage": "int8", "ByteStorage": "uint8",
    "BoolStorage": "bool", "ComplexFloatStorage": "complex64",
    "ComplexDoubleStorage": "complex128",
}
_TORCH_DTYPES = {"float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8",
                 "uint8", "bool", "complex64", "complex128", "float", "double", "half", "long",
                 "int", "short", "cfloat", "cdouble"}


class _StorageType:
    """Stand-in for ``torch.FloatStorage`` etc.: it only names a dtype."""

    def __init__(self, dtype):
        self.dtype = dtype


class _Storage:
    """One storage of a torch checkpoint: a flat array of its dtype."""

    def __init__(self, array):
        self.array = array


def _rebuild_tensor(storage, storage_offset, size, stride, requires_grad=False,
                    backward_hooks=None, metadata=None):
    flat = storage.array
    size, stride = tuple(size), tuple(stride)
    if size and any(s == 0 for s in size):
        array = np.empty(size, dtype=flat.dtype)
    else:
        last = storage_offset + sum((n - 1) * s for n, s in zip(size, stride))
        if storage_offset < 0 or last >= max(len(flat), 1) or (not size and
                                                                storage_offset >= len(flat)):
            raise pickle.UnpicklingError(
                f"tensor of size {size} and stride {stride} at offset {storage_offset} reads "
                f"past its storage of {len(flat)} elements")
        item = flat.itemsize
        array = np.lib.stride_tricks.as_strided(
            flat[storage_offset:], shape=size, strides=tuple(s * item for s in stride)).copy()
    tensor = Tensor._make(array)
    if requires_grad:
        tensor.requires_grad_(True)
    return tensor


def _rebuild_parameter(data, requires_grad, backward_hooks, *state):
    try:
        from .nn import Parameter
    except ImportError:
        return data.requires_grad_(requires_grad) if data.is_floating_point() else data
    return Parameter(data, requires_grad=requires_grad)


def _rebuild_tensor_legacy(storage, storage_offset, size, stride):
    return _rebuild_tensor(storage, storage_offset, size, stride)


def _make_size(values=()):
    from ._tensor import Size
    return Size(values)


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickles torch checkpoints, allowing only the globals that rebuild tensors."""

    def __init__(self, data, storages):
        super().__init__(io.BytesIO(data))
        self._storages = storages

    def find_class(self, module, name):
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils":
            allowed = {"_rebuild_tensor_v2": _rebuild_tensor, "_rebuild_tensor":
                       _rebuild_tensor_legacy, "_rebuild_parameter": _rebuild_parameter,
                       "_rebuild_parameter_with_state": _rebuild_parameter}
            if name in allowed:
                return allowed[name]
        if module == "torch":
            if name in _TORCH_STORAGES:
                return _StorageType(D.ALIASES[_TORCH_STORAGES[name]])
            if name in _TORCH_DTYPES:
                return D.ALIASES[name]
            if name == "Size":
                return _make_size
        if module == "torch.serialization" and name == "_get_layout":
            raise pickle.UnpicklingError("sparse tensors in torch checkpoints are not supported")
        raise pickle.UnpicklingError(
            f"refusing to load global {module}.{name}: ember.load only accepts tensors, "
            "state_dicts and plain containers from torch checkpoints (an allow-list of "
            "tensor-rebuild calls); this file asks for code that could run on load")

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r}")
        storage_type, key, _location, numel = pid[1], str(pid[2]), pid[3], pid[4]
        if not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"unsupported storage type {storage_type!r}")
        return self._storages(key, storage_type.dtype, int(numel))


def _load_torch_zip(name, blob, map_location):
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        entries = archive.namelist()
    except zipfile.BadZipFile as error:
        _fail(name, f"damaged zip archive ({error})")
    pickles = [entry for entry in entries if entry.endswith("data.pkl")]
    if len(pickles) != 1:
        _fail(name, "zip file is not a torch checkpoint (no single data.pkl)")
    prefix = pickles[0][:-len("data.pkl")]
    byteorder = "little"
    if prefix + "byteorder" in entries:
        byteorder = archive.read(prefix + "byteorder").decode("ascii", "replace").strip()
    loaded = {}

    def storage(key, dtype, numel):
        if key not in loaded:
            entry = f"{prefix}data/{key}"
            if entry not in entries:
                _fail(name, f"storage {key} is missing from the archive")
            raw = archive.read(entry)
            if len(raw) < numel * dtype.itemsize:
                _fail(name, f"storage {key} holds {len(raw)} bytes, needs "
                            f"{numel * dtype.itemsize} (truncated)")
            np_dtype = dtype.np.newbyteorder("<" if byteorder == "little" else ">")
            loaded[key] = _Storage(np.frombuffer(raw, dtype=np_dtype, count=numel).astype(
                dtype.np))
        return loaded[key]

    try:
        obj = _RestrictedUnpickler(archive.read(pickles[0]), storage).load()
    except zipfile.BadZipFile as error:
        _fail(name, f"damaged zip archive ({error})")
    except (EOFError, ValueError, IndexError, KeyError, TypeError) as error:
        _fail(name, f"corrupted torch pickle ({type(error).__name__}: {error})")
    return _map_nested(obj, map_location)


def _map_nested(obj, map_location):
    """Apply map_location to every tensor of an object loaded from a torch file."""
    if map_location is None:
        return obj
    if isinstance(obj, Tensor):
        return _finish(obj, "cpu", map_location, obj.requires_grad)
    if isinstance(obj, dict):
        return type(obj)((k, _map_nested(v, map_location)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)) and type(obj) in (list, tuple):
        return type(obj)(_map_nested(v, map_location) for v in obj)
    return obj
