"""torch's checkpoint format before 1.6 (``torch.save(..., _use_new_zipfile_serialization=False)``).

The file is a run of pickles followed by raw storages:

    magic number, protocol version 1001, sys_info (byte order, C type sizes),
    the object (storages as persistent ids ("storage", type, key, location, numel, view)),
    the list of storage keys in file order,
    then per key: numel as an 8-byte integer and numel elements of the storage's dtype.

``encode`` writes this format (what ``save(..., _use_new_zipfile_serialization=False)`` gives);
tensors are pickled as in the zip format, only the storage ids carry the sixth (view) field.

The storages come after the pickle that uses them, so loading takes two passes: an inert pass
over the object's pickle, in which every global is a stand-in that runs nothing, learns each
storage's dtype; the storages are then read and checked against the file's size; the real pass
unpickles with the caller's unpickler (weights-only or not), as for zip checkpoints.
"""
import io
import pickle
import sys

import numpy as np

from .. import _dtype as D
from ._common import fail
from ._zipformat import (DTYPE_OF_STORAGE, LoadedStorage, Rebuilder, _TorchPickler,
                         python2_name)

MAGIC = 0x1950A86A20F9469CFC6C
PROTOCOL = 1001
# torch records the sizes of C's short, int and long of the machine that wrote the file.
_SYS_INFO = {"protocol_version": PROTOCOL, "little_endian": sys.byteorder == "little",
             "type_sizes": {"short": 2, "int": 4, "long": 4}}


class _LegacyPickler(_TorchPickler):
    """The zip format's pickler, with the legacy storage id: a sixth field for the view
    (always None: a storage is written whole)."""

    def persistent_id(self, obj):
        pid = super().persistent_id(obj)
        return None if pid is None else (*pid, None)


def encode(obj, protocol):
    """The bytes of a legacy checkpoint holding ``obj``: the header pickles, the object, the
    storage keys, then each storage as its element count (8 bytes) and its elements."""
    buffer = io.BytesIO()
    for header in (MAGIC, PROTOCOL, _SYS_INFO):
        pickle.dump(header, buffer, protocol=protocol)
    pickler = _LegacyPickler(buffer, protocol)
    pickler.dump(obj)
    records = sorted(pickler.records, key=lambda record: record[0])
    dtype_of = dict(pickler._storage_keys.values())
    pickle.dump([key for key, _ in records], buffer, protocol=protocol)
    for key, raw in records:
        dtype = D.ALIASES[dtype_of[key]]
        # an untyped storage (a dtype without a storage class) counts bytes
        itemsize = dtype.itemsize if dtype.name in DTYPE_OF_STORAGE.values() else 1
        buffer.write((raw.nbytes // itemsize).to_bytes(8, sys.byteorder, signed=True))
        buffer.write(raw)
    return buffer.getvalue()


class _PlainUnpickler(pickle.Unpickler):
    """For the header pickles and the key list: plain values only, no globals at all."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"unexpected global {module}.{name} in a checkpoint header")


class _Inert:
    """What every global becomes in the inert pass: accepts any call, item or state."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Inert()

    def __setstate__(self, state):
        pass

    def __setitem__(self, key, value):
        pass

    def append(self, value):
        pass

    def extend(self, values):
        pass


_INERT_GLOBALS = {}


def _inert_global(module, name):
    """A class standing for the global (a class, since pickle's NEWOBJ needs one)."""
    key = (module, name)
    if key not in _INERT_GLOBALS:
        _INERT_GLOBALS[key] = type("_InertGlobal", (_Inert,), {"module": module,
                                                               "global_name": name})
    return _INERT_GLOBALS[key]


class _ScanUnpickler(pickle.Unpickler):
    """Unpickles with every global inert, only to collect the storages' ids."""

    def __init__(self, file):
        super().__init__(file, encoding="utf-8")
        self.storages = {}

    def find_class(self, module, name):
        return _inert_global(*python2_name(module, name))

    def persistent_load(self, pid):
        if _is_module_id(pid):
            return pid[1]
        if not (isinstance(pid, tuple) and len(pid) == 6 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r:.200}")
        storage_type, key = pid[1], pid[2]
        if not (isinstance(storage_type, type) and issubclass(storage_type, _Inert)
                and isinstance(key, str)):
            raise pickle.UnpicklingError(f"unsupported storage id {pid!r:.200}")
        name = (storage_type.module, storage_type.global_name)
        if name == ("torch.storage", "UntypedStorage"):
            # bytes, for a dtype without a typed storage class (_rebuild_tensor_v3 views them)
            dtype = D.uint8
        elif name[0] == "torch" and name[1] in DTYPE_OF_STORAGE:
            dtype = D.ALIASES[DTYPE_OF_STORAGE[name[1]]]
        else:
            raise pickle.UnpicklingError(f"unsupported storage id {pid!r:.200}")
        if self.storages.setdefault(key, dtype) is not dtype:
            raise pickle.UnpicklingError(f"storage {key} is used with two dtypes")
        return _Inert()


def _is_module_id(pid):
    """A pickled class's id: ("module", class, source file, source), torch's way to warn
    when a class's source changed; the class itself already passed ``find_class``."""
    return isinstance(pid, tuple) and len(pid) == 4 and pid[0] == "module"


def load(name, file, map_location, unpickler_class, pickle_load_args):
    """Unpickle a legacy checkpoint from the seekable binary ``file``."""
    damage = (EOFError, ValueError, IndexError, KeyError, TypeError, AttributeError,
              RecursionError, MemoryError, OverflowError)
    try:
        if _PlainUnpickler(file).load() != MAGIC:
            fail(name, "invalid magic number (not a torch checkpoint)")
        if _PlainUnpickler(file).load() != PROTOCOL:
            fail(name, "unsupported legacy protocol version")
        sys_info = _PlainUnpickler(file).load()
        little = sys_info.get("little_endian", True) if isinstance(sys_info, dict) else True
        start = file.tell()
        scan = _ScanUnpickler(file)
        scan.load()
        keys = _PlainUnpickler(file).load()
    except (*damage, pickle.UnpicklingError) as error:
        fail(name, f"corrupted legacy checkpoint ({type(error).__name__}: {error})")
    if not (isinstance(keys, list) and all(isinstance(key, str) for key in keys)):
        fail(name, "the storage key list is malformed")
    arrays = _read_storages(name, file, keys, scan.storages, little)
    file.seek(start)
    unpickler = unpickler_class(file, **pickle_load_args)
    unpickler.storages = _LegacyStorages(name, arrays)
    unpickler.map_location = map_location
    unpickler.rebuilder = Rebuilder(unpickler)
    if not unpickler.weights_only:
        # User code may run in a full load; its AttributeErrors are its own.
        damage = tuple(kind for kind in damage if kind is not AttributeError)
    try:
        return unpickler.load()
    except damage as error:
        fail(name, f"corrupted pickle ({type(error).__name__}: {error})")


def _read_storages(name, file, keys, dtypes, little):
    """Each storage's elements, after checking every size against what the file holds."""
    position = file.tell()
    end = file.seek(0, io.SEEK_END)
    file.seek(position)
    arrays = {}
    for key in keys:
        if key not in dtypes:
            fail(name, f"storage {key} is listed but no tensor uses it")
        dtype = dtypes[key]
        size = file.read(8)
        if len(size) < 8:
            fail(name, f"storage {key} is missing (truncated)")
        numel = int.from_bytes(size, "little" if little else "big", signed=True)
        nbytes = numel * dtype.itemsize
        if numel < 0 or nbytes > end - file.tell():
            fail(name, f"storage {key} claims {numel} elements, more than the file holds "
                       "(truncated or corrupted)")
        raw = np.frombuffer(bytearray(file.read(nbytes)), dtype=np.uint8)
        array = raw.view(dtype.np)
        if little != (sys.byteorder == "little") and dtype.itemsize > 1:
            array = array.byteswap()
        arrays[key] = array
    return arrays


class _LegacyStorages:
    def __init__(self, name, arrays):
        self.name, self.arrays = name, arrays
        # one storage object per id, so tensors viewing one storage share its device copy
        self.storages = {}

    def persistent_load(self, pid):
        if _is_module_id(pid):
            return pid[1]
        if not (isinstance(pid, tuple) and len(pid) == 6 and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unsupported persistent id {pid!r:.200}")
        key, location, numel, view = pid[2], pid[3], pid[4], pid[5]
        if key not in self.arrays:
            fail(self.name, f"storage {key} is missing from the file")
        array = self.arrays[key]
        if type(numel) is not int or numel != array.size:
            fail(self.name, f"storage {key} has {array.size} elements, its id says {numel!r}")
        if view is not None:
            if not (isinstance(view, tuple) and len(view) == 3
                    and all(type(v) is int for v in view[1:])):
                raise pickle.UnpicklingError(f"malformed storage view {view!r}")
            _, offset, size = view
            if offset < 0 or size < 0 or offset + size > array.size:
                raise RuntimeError(f"storage view [{offset}, {offset + size}) lies outside its "
                                   f"storage of {array.size} elements")
            array = array[offset:offset + size]
        location = location if isinstance(location, str) else "cpu"
        storage = self.storages.get((key, location, view))
        if storage is None:
            storage = self.storages[key, location, view] = LoadedStorage(array, location)
        return storage
