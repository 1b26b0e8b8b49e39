"""ember's safetensors layout: checkpoints of tensors and plain containers, without pickle.

Chosen by ``ember.save`` for paths ending in ``.safetensors``; ``ember.load`` reads any
safetensors file (also plain ones written by other tools). The file:

    [8 bytes: header length N, little-endian uint64]
    [N bytes: JSON header, space-padded to a multiple of 8]
    [tensor bytes, little-endian, back to back in header order]

The header maps each tensor's name to ``{"dtype", "shape", "data_offsets": [begin, end]}``
(offsets relative to the data section). Its ``__metadata__`` (string values only, as the
format requires) holds exactly ``format: "ember"``, the saved object's nesting as JSON
(``ember.structure``) and ``ember.sha256``: the SHA-256 of the whole file, computed with
those 64 hex digits written as zeros, so the header is covered as well as the data. Loading
parses JSON and copies bytes into arrays, so it never runs code. A header with duplicate keys,
an ember header with anything ember does not write, a wrong checksum or a wrong length raises
:class:`CheckpointError` naming the file. Plain files from other tools carry no checksum; they
still have every field checked.
"""
import collections
import hashlib
import json
import math

import numpy as np

from .. import _dtype as D
from .._device import device as Device
from .._tensor import Tensor
from ._common import fail as _fail
from ._common import make_parameter, place

_MAX_HEADER = 100 * 1024 * 1024
_FORMAT = "ember"
_DIGEST_KEY = "ember.sha256"
_METADATA_KEYS = {"format", "ember.structure", _DIGEST_KEY}
_PLACEHOLDER = "0" * 64

# safetensors dtype codes.
_CODE_OF = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "int32": "I32",
            "int64": "I64", "float16": "F16", "bfloat16": "BF16", "float32": "F32",
            "float64": "F64"}
_DTYPE_OF_CODE = {code: D.ALIASES.get(name) for name, code in _CODE_OF.items()}
# Complex tensors are stored as their real view (a trailing dimension of 2).
_COMPLEX_PART = {"complex64": D.float32, "complex128": D.float64}


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
                        "numbers, strings, bools and None (the .safetensors layout stores no "
                        "pickle; save to another suffix for PyTorch's pickled format)")

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


def encode(obj):
    """The file's header bytes and its tensors in file order, for :func:`write`.

    Raises TypeError for anything this layout cannot hold (it stores no pickle).
    """
    encoder = _Encoder()
    structure = encoder.encode(obj, ())
    # Larger elements first keeps every tensor aligned to its element size in the file.
    names = sorted(encoder.tensors, key=lambda n: -encoder.tensors[n].dtype.itemsize)
    offset = 0
    header = {}
    for name in names:
        array = encoder.tensors[name]
        entry = dict(encoder.info[name])
        entry["data_offsets"] = [offset, offset + array.nbytes]
        header[name] = entry
        offset += array.nbytes
    header["__metadata__"] = {"format": _FORMAT, "ember.structure": json.dumps(structure),
                              _DIGEST_KEY: _PLACEHOLDER}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    arrays = [encoder.tensors[name] for name in names]
    hasher = hashlib.sha256(len(text).to_bytes(8, "little") + text)
    for array in arrays:
        hasher.update(_bytes_view(array))
    marker = _digest_field(_PLACEHOLDER)
    text = text.replace(marker, _digest_field(hasher.hexdigest()))
    return text, arrays


def _digest_field(digest):
    return f'"{_DIGEST_KEY}":"{digest}"'.encode("ascii")


def _bytes_view(array):
    return memoryview(array.reshape(-1).view(np.uint8)) if array.size else b""


def write(handle, header, arrays):
    """Write the whole file body (what :func:`encode` returned)."""
    handle.write(len(header).to_bytes(8, "little"))
    handle.write(header)
    for array in arrays:
        if array.size:
            handle.write(_bytes_view(array))


def size_of(header, arrays):
    return 8 + len(header) + sum(array.nbytes for array in arrays)


# ---------------------------------------------------------------------- load

def _unique_pairs(pairs):
    """JSON objects with a repeated key are refused: which one counts would be ambiguous."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    pass


def _parse_json(name, text, what):
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as error:
        _fail(name, f"{what} repeats the key {error.args[0]!r}")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        _fail(name, f"{what} is not valid JSON ({error})")


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
    raw = bytes(blob[8:8 + length])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _fail(name, f"header is not valid JSON ({error})")
    header = _parse_json(name, text, "header")
    if not isinstance(header, dict):
        _fail(name, "header is not a JSON object")
    return header, raw, 8 + length


def _check_metadata(name, metadata, raw, blob, start):
    """Verify an ember header's checksum over the whole file; True for ember's own files."""
    if not isinstance(metadata, dict):
        _fail(name, "__metadata__ is not an object")
    ours = metadata.get("format") == _FORMAT or any(
        isinstance(key, str) and key.startswith("ember.") for key in metadata)
    if not ours:
        return False
    if set(metadata) != _METADATA_KEYS or metadata["format"] != _FORMAT:
        _fail(name, f"ember header metadata has keys {sorted(metadata)}, ember writes exactly "
                    f"{sorted(_METADATA_KEYS)} (altered)")
    digest = metadata[_DIGEST_KEY]
    if not (isinstance(digest, str) and len(digest) == 64
            and all(c in "0123456789abcdef" for c in digest)):
        _fail(name, "checksum field is not a SHA-256 hex digest (altered)")
    field = _digest_field(digest)
    if raw.count(field) != 1:
        _fail(name, "header was not written by ember (checksum field not found as written)")
    hasher = hashlib.sha256(blob[:8])
    hasher.update(raw.replace(field, _digest_field(_PLACEHOLDER)))
    hasher.update(memoryview(blob)[start:])
    if hasher.hexdigest() != digest:
        _fail(name, "file does not match its SHA-256 checksum (corrupted or altered)")
    return True


def load(name, blob, map_location):
    """Rebuild what :func:`encode` stored, or a plain safetensors file as a dict of tensors."""
    header, raw, start = _parse_header(name, blob)
    metadata = header.pop("__metadata__", None)
    ours = metadata is not None and _check_metadata(name, metadata, raw, blob, start)
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
    arrays = {}
    for key, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = _DTYPE_OF_CODE[entry["dtype"]]
        raw_array = np.frombuffer(data[begin:end], dtype=dtype.np.newbyteorder("<"))
        arrays[key] = raw_array.astype(dtype.np, copy=True).reshape(entry["shape"])
    if not ours:
        return {key: place(Tensor._make(arrays[key]), None, map_location) for key in header}
    structure = _parse_json(name, metadata["ember.structure"], "structure metadata")
    try:
        return _Decoder(name, arrays, map_location).decode(structure)
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as error:
        _fail(name, f"malformed structure metadata ({type(error).__name__}: {error})")


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
            from .._tensor import Size
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
        tensor = place(Tensor._make(array), node.get("device"), self.map_location)
        requires_grad = node.get("requires_grad", False) is True
        if node.get("parameter", False) is True:
            tensor = make_parameter(tensor, requires_grad)
        elif requires_grad:
            tensor.requires_grad_(True)
        self.built[name] = tensor
        return tensor
