"""Checkpoints: ``ember.save`` and ``ember.load``, with ``torch.serialization``'s API.

``save`` writes PyTorch's own checkpoint format (a zip archive holding a pickle of the object
and one record per tensor storage, see ``_zipformat``), so files move between ember and torch
both ways, and it pickles whatever it is given (a whole module, NumPy arrays...). A path ending
in ``.safetensors`` gets ember's safetensors layout instead (tensors and plain containers
only, no pickle, see ``_safetensors``). Both are written atomically (``_atomic``) and carry a
SHA-256 that ember checks on load.

``load`` reads both, plus safetensors files from other tools and torch's legacy (pre-1.6)
format (``_legacy``). Like torch since 2.6 it defaults to ``weights_only=True``: the pickle
may only name tensors, dtypes, sizes, devices and plain containers, so loading runs no code
from the file. Other globals load with ``weights_only=False`` (only for files you trust) or
once allow-listed with :func:`add_safe_globals` / the :class:`safe_globals` context manager.
"""
import io
import os
import pickle
import threading

from . import _atomic, _legacy, _safetensors, _zipformat
from ._common import CheckpointError, EmptyCheckpointError, restore_location
from .._device import device as Device

__all__ = [
    "DEFAULT_PROTOCOL",
    "CheckpointError",
    "SourceChangeWarning",
    "add_safe_globals",
    "clear_safe_globals",
    "default_restore_location",
    "get_safe_globals",
    "get_unsafe_globals_in_checkpoint",
    "load",
    "safe_globals",
    "save",
    "skip_data",
]

DEFAULT_PROTOCOL = 2
_SAFETENSORS_SUFFIX = ".safetensors"
# torch's files before 1.6 open with this pickled magic number.
_LEGACY_MAGIC = b"\x80\x02\x8a\x0a"


class SourceChangeWarning(Warning):
    """Warned by torch when a pickled module's source changed; kept so filters can name it."""


# ---------------------------------------------------------------------- the allow-list

_user_safe_globals = []


def _check_safe_globals(entries):
    if not isinstance(entries, (list, tuple)):
        raise TypeError(f"safe_globals must be a list of callables or (callable, name) tuples, "
                        f"got {type(entries).__name__}")
    for entry in entries:
        if isinstance(entry, tuple):
            if len(entry) != 2 or not isinstance(entry[1], str):
                raise TypeError(f"a safe global given as a tuple must be (callable, "
                                f"'module.name'), got {entry!r}")
        elif not callable(entry):
            raise TypeError(f"safe globals must be callables (classes or functions), got "
                            f"{entry!r}")
    return list(entries)


def add_safe_globals(safe_globals):
    """Allow these globals in ``weights_only`` loads, for the rest of the process.

    Each entry is a class or function, or ``(obj, "module.name")`` when the checkpoint names
    it differently from where it lives now.
    """
    _user_safe_globals.extend(_check_safe_globals(safe_globals))


def get_safe_globals():
    """The globals :func:`add_safe_globals` allowed (a copy)."""
    return list(_user_safe_globals)


def clear_safe_globals():
    """Forget every global :func:`add_safe_globals` allowed."""
    _user_safe_globals.clear()


class safe_globals:
    """Context manager: allow these globals in ``weights_only`` loads inside the block."""

    def __init__(self, safe_globals):
        self.safe_globals = _check_safe_globals(safe_globals)

    def __enter__(self):
        _user_safe_globals.extend(self.safe_globals)

    def __exit__(self, *exc_info):
        for entry in self.safe_globals:
            if entry in _user_safe_globals:
                _user_safe_globals.remove(entry)


def _dotted_name(obj):
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', '?')}"


def _find_user_safe_global(module, name):
    spelled = f"{module}.{name}"
    # A torch checkpoint names torch's class; the user allow-lists ember's.
    translated = "ember" + spelled[len("torch"):] if module.split(".")[0] == "torch" else None
    for entry in _user_safe_globals:
        obj, names = (entry[0], {entry[1]}) if isinstance(entry, tuple) else (
            entry, {_dotted_name(entry)})
        if spelled in names or translated in names:
            return obj
    return None


def _weights_only_error(module, name):
    spelled = name if module == "builtins" else f"{module}.{name}"  # torch's: "slice"
    return pickle.UnpicklingError(
        "Weights only load failed. This file can still be loaded, to do so you have two "
        "options, \x1b[1mdo those steps only if you trust the source of the checkpoint"
        "\x1b[0m. \n\t(1) ember.load defaults to `weights_only=True`, as torch.load does "
        "since PyTorch 2.6. Re-running `ember.load` with `weights_only` set to `False` will "
        "likely succeed, but it can result in arbitrary code execution. Do it only if you got "
        "the file from a trusted source.\n\t(2) Alternatively, to load with "
        "`weights_only=True` please check the recommended steps in the following error "
        f"message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL {spelled} was not an "
        f"allowed global by default. Please use `ember.serialization.add_safe_globals"
        f"([{spelled}])` or the `ember.serialization.safe_globals([{spelled}])` context "
        "manager to allowlist this global if you trust this class/function.")


class _WeightsOnlyUnpickler(_zipformat.TorchUnpickler):
    """Accepts only tensors, dtypes, sizes, devices, plain containers and allowed globals."""

    weights_only = True

    def find_class(self, module, name):
        module, name = _zipformat.python2_name(module, name)
        found = _zipformat.torch_global(module, name, self.rebuilder)
        if found is None:
            found = _zipformat.PLAIN_SAFE.get((module, name))
        if found is None:
            found = _find_user_safe_global(module, name)
        if found is None:
            raise _weights_only_error(module, name)
        return found


def get_unsafe_globals_in_checkpoint(f):
    """The ``module.name`` of every global in the checkpoint that a weights-only load refuses.

    Reads the pickle's opcodes without unpickling, so nothing in the file runs.
    """
    import pickletools
    import zipfile
    name, handle, close = _open(f)
    try:
        with zipfile.ZipFile(handle) as archive:
            pickles = [e for e in archive.namelist() if e.endswith("/data.pkl")]
            if len(pickles) != 1:
                raise CheckpointError(f"{name}: not a torch checkpoint (no single data.pkl)")
            data = archive.read(pickles[0])
    finally:
        if close:
            handle.close()
    unsafe, strings = [], []
    for opcode, argument, _ in pickletools.genops(data):
        if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE", "BINUNICODE8"):
            strings.append(argument)
            continue
        if opcode.name == "GLOBAL":
            module, _, attribute = argument.partition(" ")
        elif opcode.name == "STACK_GLOBAL" and len(strings) >= 2:
            module, attribute = strings[-2], strings[-1]
        else:
            continue
        module, attribute = _zipformat.python2_name(module, attribute)
        allowed = (_zipformat.torch_global(module, attribute, _zipformat.Rebuilder(None))
                   is not None or (module, attribute) in _zipformat.PLAIN_SAFE
                   or _find_user_safe_global(module, attribute) is not None)
        spelled = f"{module}.{attribute}"
        if not allowed and spelled not in unsafe:
            unsafe.append(spelled)
    return unsafe


# ---------------------------------------------------------------------- save

_skipping = threading.local()


class skip_data:
    """Within it, ``save`` writes each storage's record as zero bytes of the data's size (the
    file's layout and tensors' metadata are complete; the values can be written in later).

    Args:
        materialize_fake_tensors: torch's option for its fake tensors, which ember has not.
    """

    def __init__(self, materialize_fake_tensors: bool = False):
        self.materialize_fake_tensors = materialize_fake_tensors

    def __enter__(self):
        self._previous = getattr(_skipping, "on", False)
        _skipping.on = True

    def __exit__(self, *exc):
        _skipping.on = self._previous


def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """Save ``obj`` to ``f`` (a path or a writable binary file object).

    The file is PyTorch's zip checkpoint, which ``torch.load`` reads; ``obj`` may be anything
    picklable (tensors keep their shared storage, so views stay views). A path ending in
    ``.safetensors`` is written in ember's safetensors layout instead, which holds only tensors
    and plain containers. ``_use_new_zipfile_serialization=False`` writes torch's legacy
    (pre-1.6) format, which ``load`` cannot memory-map. Paths are written atomically: a crash
    keeps the previous file.
    """
    if pickle_module not in (None, pickle):
        raise TypeError("ember.save writes tensors with the standard pickle module only; "
                        f"pickle_module={getattr(pickle_module, '__name__', pickle_module)!r} "
                        "is not supported")
    if not hasattr(f, "write") and not isinstance(f, (str, os.PathLike)):
        raise AttributeError("expected 'f' to be string, path, or a file-like object with a "
                             "'write' attribute")
    path = None if hasattr(f, "write") else os.fspath(f)
    skip = getattr(_skipping, "on", False)
    if not _use_new_zipfile_serialization:
        if skip:
            raise RuntimeError("Cannot use skip_data=True with "
                               "_use_new_zipfile_serialization=False")
        raw = _legacy.encode(obj, pickle_protocol)
        if path is None:
            f.write(raw)
        else:
            _write_path(path, lambda handle: handle.write(raw), len(raw))
        return
    if path is not None and os.fspath(path).lower().endswith(_SAFETENSORS_SUFFIX):
        header, arrays = _safetensors.encode(obj)
        _write_path(path, lambda handle: _write_safetensors(handle, header, arrays),
                    _safetensors.size_of(header, arrays))
        return
    records = _zipformat.encode(obj, pickle_protocol, skip_data=skip)
    if _disable_byteorder_record:
        records = [(name, raw) for name, raw in records if name != "byteorder"]
    if path is None:
        _write_zip(f, records)
        return
    _write_path(path, lambda handle: _write_zip(handle, records), _zipformat.size_of(records))


def _write_path(path, write, size_hint):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise RuntimeError(f"Parent directory {directory} does not exist.")
    _atomic.atomic_write(path, write, size_hint)


def _write_zip(handle, records):
    """Write the zip body; the crash tests interrupt this."""
    _zipformat.write(handle, records)


def _write_safetensors(handle, header, arrays):
    """Write the safetensors body; the crash tests interrupt this."""
    _safetensors.write(handle, header, arrays)


# ---------------------------------------------------------------------- load

def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Load a checkpoint written by :func:`save` or ``torch.save`` (or a safetensors file).

    Args:
        f: a path or a readable binary file object.
        map_location: where tensors go: None (where they were saved), a device or device
            string, a dict from saved to target device strings, or a callable
            ``(tensor, saved_location)`` returning the tensor to use.
        pickle_module: only the standard ``pickle`` (giving it turns the default
            ``weights_only`` off, as in torch).
        weights_only: True (the default unless ``pickle_module`` is given) accepts only
            tensors, dtypes, sizes, devices, plain containers and globals allowed with
            :func:`add_safe_globals`; False unpickles anything, running code from the file.
        mmap: map the storages of a zip checkpoint from the file (copy-on-write: changes to
            the tensors stay in memory) instead of reading them; ``f`` must be a path.
            Safetensors files are always read into memory.
        pickle_load_args: passed to the unpickler (e.g. ``encoding``).
    """
    if weights_only is None:
        weights_only = pickle_module is None
    if pickle_module not in (None, pickle):
        raise TypeError("ember.load unpickles with the standard pickle module only; "
                        f"pickle_module={getattr(pickle_module, '__name__', pickle_module)!r} "
                        "is not supported")
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is "
                           "specified")
    pickle_load_args.setdefault("encoding", "utf-8")
    if not isinstance(f, (str, os.PathLike)) and not hasattr(f, "seek"):
        raise AttributeError(f"'{type(f).__name__}' object has no attribute 'seek'. You can only "
                             "ember.load from a file that is seekable. Please pre-load the data "
                             "into a buffer like io.BytesIO and try to load from it instead.")
    if not (map_location is None or callable(map_location) or
            isinstance(map_location, (str, bytes, dict, Device))):
        # torch calls any other map_location on the first storage it restores
        raise TypeError(f"'{type(map_location).__name__}' object is not callable")
    name, handle, close = _open(f)
    try:
        start = handle.tell()
        magic = handle.read(4)
        handle.seek(start)
        if not magic:
            raise EmptyCheckpointError(f"{name}: not a valid checkpoint: the file is empty")
        if magic == b"PK\x03\x04":
            if mmap and hasattr(f, "read"):
                raise ValueError("f must be a file path in order to use the mmap argument")
            unpickler = _WeightsOnlyUnpickler if weights_only else _zipformat.TorchUnpickler
            return _zipformat.load(name, handle, map_location, unpickler, pickle_load_args,
                                   mmap_path=name if mmap else None)
        if magic == _LEGACY_MAGIC:
            if mmap:
                # torch names the file when it was given as a str (not as a Path)
                shown = f"{f}, " if isinstance(f, str) else ""
                raise RuntimeError(
                    f"mmap can only be used with files saved with `torch.save({shown}"
                    "_use_new_zipfile_serialization=True), please torch.save your checkpoint "
                    "with this option in order to use mmap.")
            unpickler = _WeightsOnlyUnpickler if weights_only else _zipformat.TorchUnpickler
            return _legacy.load(name, handle, map_location, unpickler, pickle_load_args)
        return _safetensors.load(name, handle.read(), map_location)
    finally:
        if close:
            handle.close()


def _open(f):
    """(name for messages, seekable binary handle, whether we must close it)."""
    if hasattr(f, "read"):
        name = getattr(f, "name", "<file object>")
        seekable = getattr(f, "seekable", lambda: False)()
        return name, (f if seekable else io.BytesIO(f.read())), False
    path = os.fspath(f)
    return path, open(path, "rb"), True


def default_restore_location(storage, location):
    """``storage`` (here: a tensor) moved to the device named ``location``."""
    return restore_location(storage, location)
