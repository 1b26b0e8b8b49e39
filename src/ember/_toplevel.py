"""torch's small top-level switches and helpers: the eager control-flow operators ``cond`` and
``while_loop``, warning/anomaly/denormal switches, the deprecated ``set_default_tensor_type``,
the ``sym_*`` functions (plain Python in eager mode), the ``SymInt``/``SymFloat``/``SymBool``
types, the device-independent ``Stream``/``Event``, torch's error classes, and tensors over
host memory the caller owns (``frombuffer``, ``from_file``).
"""
from __future__ import annotations

import builtins
import math
import os
import sys

import numpy as np

from . import _dtype as D
from ._deprecated import warn_once
from ._tensor import Tensor

# --- control flow -----------------------------------------------------------------------------


def _truth(name, value, what):
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise RuntimeError(f"Expected {what} to be bool or single-element tensor, but got "
                               f"{value}.")
        return builtins.bool(value.item())
    if isinstance(value, (builtins.bool, builtins.int, builtins.float)):
        return builtins.bool(value)
    raise RuntimeError(f"Expected {what} to be bool or single-element tensor, but got "
                       f"{value}.")


def cond(pred, true_fn, false_fn, operands=()):
    """``true_fn(*operands)`` if ``pred`` else ``false_fn(*operands)``: torch's ``cond``
    operator, run eagerly."""
    return (true_fn if _truth("cond", pred, "pred") else false_fn)(*operands)


def while_loop(cond_fn, body_fn, carried_inputs):
    """Run ``carried = body_fn(*carried)`` while ``cond_fn(*carried)`` holds, starting from
    ``carried_inputs``; returns the last carried values (``carried_inputs`` when the loop
    never ran). Each step must give back tensors of the inputs' shapes and dtypes."""
    if not isinstance(carried_inputs, (tuple, list)):
        raise RuntimeError(f"carried_inputs must be a tuple or list but got "  # noqa: TRY004
                           f"{type(carried_inputs)}")
    carried, result = tuple(carried_inputs), carried_inputs
    while True:
        go = cond_fn(*carried)
        if isinstance(go, Tensor) and go.dim() != 0 or \
                not isinstance(go, (Tensor, builtins.bool)):
            shape = go.shape if isinstance(go, Tensor) else type(go).__name__
            raise RuntimeError(f"Expected cond_fn to return a scalar tensor or a bool but got "
                               f"{shape}.")
        if not builtins.bool(go):
            return result
        result = body_fn(*carried)
        step = tuple(result) if isinstance(result, (tuple, list)) else (result,)
        if len(step) != len(carried):
            raise RuntimeError(f"Expected body_fn_output and carried_inputs to have the same "
                               f"number of elements, but got {len(step)} and {len(carried)}")
        for i, (new, old) in enumerate(zip(step, carried)):
            if isinstance(old, Tensor) and (not isinstance(new, Tensor) or new.shape != old.shape
                                            or new.dtype is not old.dtype):
                raise RuntimeError(f"Expected body_fn_output and carried_inputs to have same "
                                   f"metadata but found: pair[{i}] differs: {_meta(new)} vs "
                                   f"{_meta(old)}")
        carried = step


def _meta(value):
    if isinstance(value, Tensor):
        return f"shape {list(value.shape)}, dtype {value.dtype}"
    return type(value).__name__


# --- switches ---------------------------------------------------------------------------------

_warn_always = [False]


def set_warn_always(b, /):
    """Make the warnings torch gives once per process (e.g. ``frombuffer``'s) repeat every time
    when ``b`` is True."""
    if not isinstance(b, builtins.bool):
        raise RuntimeError(  # noqa: TRY004 - torch's type
            f"setWarnOnlyOnce expects a bool, but got {type(b).__name__}")
    _warn_always[0] = b


def is_warn_always_enabled():
    """Whether ``set_warn_always(True)`` is in effect."""
    return _warn_always[0]


def set_anomaly_enabled(enabled, check_nan=True):
    """Turn autograd's anomaly detection on or off for the rest of the program (what
    ``autograd.set_detect_anomaly`` does, without restoring the old setting)."""
    from .autograd.graph import _Anomaly
    _Anomaly.enabled, _Anomaly.check_nan = builtins.bool(enabled), builtins.bool(check_nan)


def is_anomaly_enabled():
    """Whether autograd's anomaly detection is on."""
    from .autograd.graph import _Anomaly
    return _Anomaly.enabled


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection also checks backward's results for NaN."""
    from .autograd.graph import _Anomaly
    return _Anomaly.check_nan


def set_flush_denormal(mode):
    """Ask for subnormal floats to be flushed to zero. NumPy has no such switch, so ember
    cannot honour it and returns False, as torch does on processors without the feature."""
    if not isinstance(mode, builtins.bool):
        raise RuntimeError(  # noqa: TRY004 - torch's type
            f"flush_denormal expects a bool, but got {type(mode).__name__}")
    return False


def set_default_tensor_type(t, /):
    """Deprecated: set the default dtype from a legacy tensor type (``ember.DoubleTensor``) or
    its dotted name (``"torch.DoubleTensor"``); use ``set_default_dtype`` instead."""
    from . import _legacy
    if isinstance(t, str):
        t = _dotted_object(t)
    # torch warns once per process, after the name resolved and before the type is checked
    warn_once("set_default_tensor_type",
              "ember.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
              "ember.set_default_dtype() and ember.set_default_device() as alternatives.")
    if not isinstance(t, _legacy._LegacyTensorType):
        raise TypeError("invalid type object: only floating-point types are supported as the "
                        "default type")
    if not t.dtype.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    if t._device_type == "cuda":
        from . import cuda
        if not cuda.is_available():
            raise TypeError(f"type {t.__module__}.{t.__name__} not available. ember has no "
                            "CUDA device here")
    D.set_default_dtype(t.dtype)


def _dotted_object(name):
    """The object a dotted name such as ``"torch.cuda.FloatTensor"`` names: its first part
    imported (``torch`` meaning ember), each later part an attribute of the one before."""
    import importlib
    first, *rest = name.split(".")
    obj = sys.modules["ember"] if first in ("torch", "ember") else importlib.import_module(first)
    for part in rest:
        obj = getattr(obj, part)
    return obj


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func.vmap``: ``func`` mapped over a batch dim of its inputs."""
    from .func import vmap as _vmap
    return _vmap(func, in_dims, out_dims, randomness, chunk_size=chunk_size)


# --- tensors over host memory the caller owns (a buffer, a file) ------------------------------------------------------


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor over the bytes of an object with the buffer protocol, sharing its memory:
    ``count`` elements of ``dtype`` from byte ``offset`` (``-1``: all that remain)."""
    dt = D.as_dtype(dtype)
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length = view.nbytes
    if length <= 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than "
                         f"buffer length ({length} bytes) minus 1")
    itemsize = dt.itemsize
    if count < 0:
        if (length - offset) % itemsize:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} "
                             f"bytes) must be a multiple of element size ({itemsize})")
        count = (length - offset) // itemsize
    elif offset + count * itemsize > length:
        raise ValueError(f"requested buffer length ({count} * {itemsize} bytes) after offset "
                         f"({offset} bytes) must not be greater than actual buffer length "
                         f"({length} bytes)")
    arr = np.frombuffer(view.cast("B"), dtype=dt.np, count=count, offset=offset)
    if not arr.flags.writeable:
        # NumPy refuses writes through a read-only buffer, so ember copies it; torch would
        # share it (and warns, once, that writes then reach the buffer).
        warn_once("buffer_not_writable",
                  "The given buffer is not writable, and PyTorch does not support non-writable "
                  "tensors. This means you can write to the underlying (supposedly "
                  "non-writable) buffer using the tensor. You may want to copy the buffer to "
                  "protect its data or make it writable before converting it to a tensor. This "
                  "type of warning will be suppressed for the rest of this program.")
        arr = arr.copy()
    out = Tensor._make(arr)
    if requires_grad:
        out.requires_grad_(True)
    return out


def from_file(filename, shared=None, size=0, *, dtype=None, layout=None, device=None,
              pin_memory=False):
    """A 1-D tensor of ``size`` elements mapped from ``filename``. ``shared=True`` maps the
    file itself (writes reach it; the file grows to fit), otherwise the tensor gets a private
    copy-on-write mapping of it."""
    dt = D.get_default_dtype() if dtype is None else D.as_dtype(dtype)
    nbytes = size * dt.itemsize
    if shared:
        mode = "r+b" if os.path.exists(filename) else "w+b"
        with open(filename, mode) as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < nbytes:
                f.truncate(nbytes)
    if not os.path.exists(filename):
        raise RuntimeError(f"unable to open file <{filename}> in read-only mode: No such file "
                           f"or directory (2)")
    if size == 0:
        out = Tensor._make(np.empty(0, dtype=dt.np))
    else:
        actual = os.path.getsize(filename)
        if actual < nbytes:
            raise RuntimeError(f"file <{filename}> size <{actual}> is smaller than the required "
                               f"mapping size <{nbytes}>")
        out = Tensor._make(np.memmap(filename, dtype=dt.np, mode="r+" if shared else "c",
                                     shape=(size,)).view(np.ndarray))
    return out if device is None else out.to(device)


# --- symbolic numbers: plain Python values in eager mode --------------------------------------

class SymInt:
    """An integer whose value a tracer may leave symbolic. ember runs eagerly, so sizes are
    plain ``int``; the type exists for ``isinstance`` checks and annotations.

    Args:
        node: the symbolic expression it stands for.

    Example::

        >>> isinstance(ember.ones(2).shape[0], ember.SymInt)
        False
    """

    def __init__(self, node):
        self.node = node


class SymFloat:
    """A float whose value a tracer may leave symbolic (never produced by ember's eager ops).

    Args:
        node: the symbolic expression it stands for.

    Example::

        >>> isinstance(2.5, ember.SymFloat)
        False
    """

    def __init__(self, node):
        self.node = node


class SymBool:
    """A bool whose value a tracer may leave symbolic (never produced by ember's eager ops).

    Args:
        node: the symbolic expression it stands for.

    Example::

        >>> isinstance(True, ember.SymBool)
        False
    """

    def __init__(self, node):
        self.node = node


def _number(value):
    import numpy as np
    if not isinstance(value, (np.integer, np.floating, builtins.int, builtins.float, SymInt,
                              SymFloat)):
        raise AssertionError(  # noqa: TRY004 - torch's type
            f"expected (<class 'numpy.integer'>, <class 'numpy.floating'>, "
            f"<class 'int'>, <class 'float'>), got {type(value)}")


def sym_int(a):
    """``int(a)``, truncating a float toward zero."""
    return math.trunc(a) if isinstance(a, builtins.float) else builtins.int(a)


def sym_float(a):
    """``float(a)``."""
    return builtins.float(a)


def sym_max(a, b):
    """``max(a, b)``, a float when either is one."""
    _number(a)
    _number(b)
    result = builtins.max(a, b)
    return builtins.float(result) if isinstance(a, builtins.float) or \
        isinstance(b, builtins.float) else result


def sym_min(a, b):
    """``min(a, b)``, a float when either is one."""
    _number(a)
    _number(b)
    result = builtins.min(a, b)
    return builtins.float(result) if isinstance(a, builtins.float) or \
        isinstance(b, builtins.float) else result


def sym_not(a):
    """``not a``."""
    return not a


def sym_sqrt(a):
    """``math.sqrt(a)``."""
    return math.sqrt(a)


def sym_sum(args):
    """``sum(args)``."""
    return builtins.sum(args)


def sym_ite(b, t, f):
    """``t if b else f``; ``t`` and ``f`` must have the same type."""
    if not isinstance(b, (builtins.bool, SymBool)):
        raise AssertionError(f"expected SymBool or bool, got {type(b)}")  # noqa: TRY004
    if type(t) is not type(f):
        raise AssertionError(f"type mismatch: {type(t)} vs {type(f)}")
    return t if b else f


# --- errors -----------------------------------------------------------------------------------

class OutOfMemoryError(RuntimeError):
    """Raised when a device cannot allocate the memory an op needs.

    Args:
        args: the message.

    Example::

        >>> issubclass(ember.OutOfMemoryError, RuntimeError)
        True
    """


class AcceleratorError(RuntimeError):
    """Raised when an accelerator reports an error of its own (a failed launch, a bad
    address).

    Args:
        args: the message.

    Example::

        >>> issubclass(ember.AcceleratorError, RuntimeError)
        True
    """


# --- device-independent streams and events ----------------------------------------------------

def _cpu_device(device):
    from ._device import device as Device
    dev = Device("cpu" if device is None else device)
    if dev.type != "cpu":
        raise RuntimeError(f"ember.Stream: device type '{dev.type}' has no generic stream "
                           f"in ember; use ember.cuda.Stream")
    return dev


class Stream:
    """A queue of work on a device. On the CPU work runs in program order, so the stream has
    nothing to wait for: ``query()`` is True and ``synchronize()`` returns at once.

    Args:
        device (ember.device or str, optional): the device (the CPU).
        priority (int): the stream's priority (no effect on the CPU).

    Example::

        >>> ember.Stream()
        ember.Stream device_type=cpu, device_index=-1, stream_id=0
        >>> ember.Stream().query()
        True
    """

    def __init__(self, device=None, *, priority=0):
        self.device = _cpu_device(device)
        self.device_type, self.device_index, self.stream_id = "cpu", -1, 0
        self.priority = priority

    def query(self):
        return True

    def synchronize(self):
        return None

    def wait_event(self, event):
        return None

    def wait_stream(self, stream):
        return None

    def record_event(self, event=None):
        raise RuntimeError("cpu backend doesn't support events.")

    def __eq__(self, other):
        return isinstance(other, Stream) and (self.device_type, self.stream_id) == \
            (other.device_type, other.stream_id)

    def __hash__(self):
        return hash((self.device_type, self.stream_id))

    def __repr__(self):
        return (f"ember.Stream device_type={self.device_type}, device_index={self.device_index},"
                f" stream_id={self.stream_id}")


class Event:
    """A marker in a stream's work. The CPU backend has no events: ``record`` raises, as in
    torch, and an unrecorded event is complete (``query()`` is True).

    Args:
        device (ember.device or str, optional): the device (the CPU).
        enable_timing (bool): whether the event measures time.
        blocking (bool): whether ``synchronize`` blocks.
        interprocess (bool): whether the event can be shared between processes.

    Example::

        >>> ember.Event()
        ember.Event device_type=cpu, device_index=-1, event_flag=0, event_id=0
    """

    def __init__(self, device=None, *, enable_timing=False, blocking=False, interprocess=False):
        self.device = _cpu_device(device)
        self.device_type, self.device_index, self.event_id = "cpu", -1, 0
        self.event_flag = builtins.int(enable_timing)

    def record(self, stream=None):
        raise RuntimeError("cpu backend doesn't support events.")

    def query(self):
        return True

    def synchronize(self):
        return None

    def wait(self, stream=None):
        return None

    def elapsed_time(self, end_event):
        raise RuntimeError("cpu backend doesn't support events.")

    def __repr__(self):
        return (f"ember.Event device_type={self.device_type}, device_index={self.device_index},"
                f" event_flag={self.event_flag}, event_id={self.event_id}")


def get_device_module(device=None):
    """The module with ``device``'s runtime functions (``ember.cuda`` for ``"cuda"``,
    ``ember.cpu`` for ``"cpu"``); with no device, the accelerator's when there is one, else the
    CPU's."""
    import importlib

    from ._device import device as Device
    if device is None:
        from . import cuda
        kind = "cuda" if cuda.is_available() else "cpu"
    elif isinstance(device, str) and device.partition(":")[0] in ("xpu", "mps"):
        kind = device.partition(":")[0]  # ember makes no tensors there, but has their modules
    else:
        kind = device.type if isinstance(device, Device) else Device(device).type
    if kind not in ("cpu", "cuda", "xpu", "mps"):
        raise RuntimeError(f"Device '{kind}' does not have a corresponding module registered as "
                           f"'ember.{kind}'.")
    return importlib.import_module(f"ember.{kind}")


def init_num_threads():
    """Set up the intra-op thread pool of the calling thread. NumPy's BLAS threads start on
    their own, so there is nothing to do."""


def thread_safe_generator():
    """The generator of the DataLoader thread worker calling it, or None outside one. ember's
    DataLoader runs its workers as processes (or in the main process), where torch too returns
    None, so that random ops use the global generator."""
    return


NAMES = ["cond", "while_loop", "set_warn_always", "is_warn_always_enabled",
         "set_anomaly_enabled", "is_anomaly_enabled", "is_anomaly_check_nan_enabled", "vmap", "set_flush_denormal",
         "set_default_tensor_type", "SymInt", "SymFloat", "SymBool", "sym_int", "sym_float",
         "sym_max", "sym_min", "sym_not", "sym_sqrt", "sym_sum", "sym_ite", "OutOfMemoryError",
         "AcceleratorError", "Stream", "Event", "get_device_module", "init_num_threads", "frombuffer", "from_file",
         "thread_safe_generator"]
