"""ember.autograd.profiler: where the time of a program goes, op by op.

While a profiler is active, every public op (``ember.<op>``, the Tensor methods and operators,
``ember.nn.functional``) is replaced by a wrapper that times the call; when the last profiler
stops the original functions come back, so with no profiler active the ops run exactly as
without this module (zero cost). Each timed call becomes a ``FunctionEvent`` named as in
PyTorch's tables (``aten::mm``, ``aten::add``...), and backward's evaluation of each node as
``autograd::engine::evaluate_function: MmBackward0``; calls made inside another timed call are its
children, so an event's self time is its time minus its children's. ``record_function`` adds a
named range of the user's own.

``key_averages()`` groups the events by name (and input shapes, optionally) and ``table()``
prints them in PyTorch's layout: self and total CPU time, their share, the average and the
number of calls. Times are wall-clock microseconds from ``time.perf_counter_ns``.

With ``profile_memory=True`` each op is charged the bytes of the new arrays it returns (memory
that none of its inputs already held), and each such array, when it is freed while profiling,
gives its bytes back to the op running then, or to a ``[memory]`` event when none is, as
torch's allocator reports them; the table gains torch's "CPU Mem" and "Self CPU Mem" columns.
Temporaries an op frees before returning are not seen (torch's allocator sees them).

While a profiler records, it also takes the ATen calls the ops report to dispatch modes
(``ember._aten``: the matrix products and convolutions, in forward and backward) as events of
their own, so ``aten::linear`` shows its ``aten::addmm`` and a backward node its ``aten::mm``.
With ``with_flops=True`` the events torch counts carry torch's FLOP counts: ``2·M·K·N`` for
``mm``/``addmm`` (and their batched forms), ``2 · output elements · input channels per group ·
kernel size`` for ``conv2d``, and the first input's element count for out-of-place ``add`` and
``mul``.
"""
from __future__ import annotations

import enum
import itertools
import json
import threading
import time
import weakref

import numpy as np

from .. import _aten
from .._deprecated import _user_stacklevel

__all__ = ["profile", "record_function", "EventList", "FunctionEvent", "FunctionEventAvg",
           "DeviceType", "KinetoStepTracker", "ProfilerState", "emit_itt", "emit_nvtx",
           "kineto_available"]

_ids = itertools.count()


# -- the events -----------------------------------------------------------------------------
def _format_time(us):
    """PyTorch's time format: 12.345us, 1.234ms or 1.234s."""
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


class FunctionEvent:
    """One timed call: its name, thread, start and end (microseconds), children and shapes."""

    def __init__(self, name, thread, start_us, input_shapes=None, is_user_annotation=False):
        self.id = next(_ids)
        self.name = self.key = name
        self.thread = thread
        self.start_us = start_us
        self.end_us = start_us
        self.input_shapes = input_shapes if input_shapes is not None else []
        self.cpu_children = []
        self.cpu_parent = None
        self.count = 1
        self.is_user_annotation = is_user_annotation
        self.is_async = self.is_remote = self.is_legacy = False
        self.self_cpu_memory_usage = 0
        self.flops = 0
        self.device_time_total = self.self_device_time_total = 0.0

    @property
    def cpu_memory_usage(self):
        """Bytes allocated less bytes freed during the call, its children's included."""
        return self.self_cpu_memory_usage + sum(c.cpu_memory_usage for c in self.cpu_children)

    @property
    def cpu_time_total(self):
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    cpu_time = cpu_time_total

    @property
    def cpu_time_str(self):
        return _format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self):
        return _format_time(self.self_cpu_time_total)

    def __repr__(self):
        return (f"<FunctionEvent id={self.id} name={self.name} cpu_time={self.cpu_time_str} "
                f"start_us={self.start_us:.3f} end_us={self.end_us:.3f} "
                f"cpu_children={[c.id for c in self.cpu_children]} thread={self.thread} "
                f"input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """The events of one name (and shapes) added up: count, total and self CPU time."""

    def __init__(self, key, input_shapes=None):
        self.key = key
        self.input_shapes = input_shapes
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.is_user_annotation = False
        self.cpu_memory_usage = self.self_cpu_memory_usage = 0
        self.flops = 0
        self.device_time_total = self.self_device_time_total = 0.0

    def add(self, event):
        self.count += event.count
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        self.cpu_memory_usage += event.cpu_memory_usage
        self.self_cpu_memory_usage += event.self_cpu_memory_usage
        self.flops += event.flops
        self.is_user_annotation = event.is_user_annotation
        return self

    @property
    def cpu_time(self):
        """The average time of one call."""
        return self.cpu_time_total / self.count if self.count else 0.0

    @property
    def cpu_time_str(self):
        return _format_time(self.cpu_time)

    @property
    def cpu_time_total_str(self):
        return _format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self):
        return _format_time(self.self_cpu_time_total)

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total_str} "
                f"cpu_time={self.cpu_time_str} input_shapes={self.input_shapes or ''}>")


_SORT_KEYS = ("cpu_time", "cpu_time_total", "self_cpu_time_total", "count",
              "cpu_memory_usage", "self_cpu_memory_usage", "device_time_total",
              "self_device_time_total", "cuda_time_total", "self_cuda_time_total")


class EventList(list):
    """A list of events (or of averages) that prints as PyTorch's profiler table."""

    def __init__(self, *args, profile_memory=False, with_flops=False):
        super().__init__(*args)
        self._profile_memory = profile_memory
        self._with_flops = with_flops

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        """One FunctionEventAvg per name (and input shapes, when asked), in first-seen order."""
        groups = {}
        for event in self:
            key = event.key
            if key.startswith("ProfilerStep#"):
                key = "ProfilerStep*"
            group = (key, str(event.input_shapes)) if group_by_input_shape else key
            avg = groups.get(group)
            if avg is None:
                avg = groups[group] = FunctionEventAvg(
                    key, event.input_shapes if group_by_input_shape else None)
            avg.add(event)
        return EventList(groups.values(), profile_memory=self._profile_memory,
                         with_flops=self._with_flops)

    def total_average(self):
        total = FunctionEventAvg("Total")
        for event in self:
            total.add(event)
        total.key = "Total"
        return total

    @property
    def self_cpu_time_total(self):
        return sum(e.self_cpu_time_total for e in self)

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False):
        """PyTorch's table: one row per entry, sorted by ``sort_by`` (descending)."""
        return _table(self, sort_by, row_limit, max_name_column_width, max_shapes_column_width,
                      header, top_level_events_only, self._profile_memory, self._with_flops)

    def export_chrome_trace(self, path):
        """Write the events as a Chrome trace (open it in chrome://tracing or Perfetto)."""
        events = [{"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total,
                   "pid": 0, "tid": e.thread,
                   "cat": "user_annotation" if e.is_user_annotation else "cpu_op",
                   "args": {"Input Dims": e.input_shapes}} for e in self]
        with open(path, "w") as f:
            json.dump({"traceEvents": events}, f)

    def __str__(self):
        return self.table()


def _format_memory(nbytes):
    """PyTorch's memory format: 12 B, 1.50 KB, 2.00 MB, 1.00 GB (binary units)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if abs(nbytes) >= size:
            return f"{nbytes / size:.2f} {unit}"
    return f"{nbytes} B"


def _flops_unit(smallest):
    """torch's scale for the FLOPs column, chosen by the smallest count shown."""
    import math
    units = ("FLOPs", "KFLOPs", "MFLOPs", "GFLOPs", "TFLOPs", "PFLOPs")
    step = math.floor(max(0.0, min(math.log10(smallest) / 3, len(units) - 1.0)))
    return 10.0 ** (-3 * step), units[step]


def _table(events, sort_by, row_limit, max_name_width, max_shapes_width, header, top_level,
           memory=False, flops=False):
    """The table's text; ``max_name_width`` bounds the name column and cuts longer names."""
    if sort_by is not None:
        if sort_by not in _SORT_KEYS:
            raise AttributeError(f"'FunctionEventAvg' object has no attribute '{sort_by}'")
        key = sort_by.replace("cuda", "device")
        events = sorted(events, key=lambda e: getattr(e, key), reverse=True)
    if top_level:
        events = [e for e in events if getattr(e, "cpu_parent", None) is None]
    if not events:
        return ""
    shapes = any(e.input_shapes for e in events)
    name_width = min(max(len(e.key) for e in events) + 4, max_name_width)
    columns = [("Name", name_width), ("Self CPU %", 12), ("Self CPU", 12), ("CPU total %", 12),
               ("CPU total", 12), ("CPU time avg", 12)]
    if memory:
        columns += [("CPU Mem", 12), ("Self CPU Mem", 12)]
    columns.append(("# of Calls", 12))
    if shapes:
        shapes_width = min(max(len(str(e.input_shapes)) for e in events) + 4, max_shapes_width)
        columns.append(("Input Shapes", shapes_width))
    counted = [e.flops for e in events if e.flops > 0] if flops else []
    if counted:
        scale, unit = _flops_unit(min(counted))
        columns.append((f"Total {unit}", 12))
    rule = "".join("-" * width + "  " for _, width in columns)
    lines = [] if header is None else ["=" * len(rule), header, "=" * len(rule)]
    lines += [rule, "".join(f"{title:>{width}}  " for title, width in columns), rule]
    total = sum(e.self_cpu_time_total for e in events) or 1.0
    shown = events if row_limit is None or row_limit < 0 else events[:row_limit]
    for e in shown:
        name = e.key if len(e.key) < max_name_width - 3 else e.key[:max_name_width - 3] + "..."
        cells = [name, f"{e.self_cpu_time_total / total * 100:.2f}%",
                 _format_time(e.self_cpu_time_total), f"{e.cpu_time_total / total * 100:.2f}%",
                 _format_time(e.cpu_time_total), _format_time(e.cpu_time)]
        if memory:
            cells += [_format_memory(e.cpu_memory_usage), _format_memory(e.self_cpu_memory_usage)]
        cells.append(str(e.count))
        if shapes:
            cells.append(str(e.input_shapes)[:shapes_width])
        if counted:
            cells.append(f"{e.flops * scale:8.3f}" if e.flops > 0 else "--")
        lines.append("".join(f"{cell:>{width}}  " for cell, (_, width) in zip(cells, columns)))
    self_total = sum(e.self_cpu_time_total for e in events)
    lines += [rule, f"Self CPU time total: {_format_time(self_total)}"]
    return "\n".join(lines) + "\n"


# -- recording -------------------------------------------------------------------------------
class _Recorder(threading.local):
    def __init__(self):
        self.stack = []


_local = _Recorder()
_active = []  # the profilers now recording (usually one)
_lock = threading.Lock()
_memory = [False]  # whether an active profiler records memory
_flops = [False]  # whether an active profiler counts FLOPs
_tracked = {}  # id of an array charged to an op -> the finalizer that reports its free


def _now_us():
    return time.perf_counter_ns() / 1000.0


# How many arguments torch's schema gives an op: its profiler lists one shape per argument,
# [] for the scalars and defaults (addmm's beta and alpha) a call leaves out.
_SCHEMA_ARGUMENTS = {
    "aten::add": 3, "aten::sub": 3, "aten::rsub": 3, "aten::addmm": 5, "aten::baddbmm": 5,
    "aten::batch_norm": 9, "aten::layer_norm": 6, "aten::cat": 2, "aten::conv1d": 7,
    "aten::conv2d": 7, "aten::conv3d": 7, "aten::linear": 3, "aten::max_pool2d": 6,
    "aten::avg_pool2d": 7, "aten::adaptive_avg_pool2d": 2, "aten::softmax": 3,
    "aten::log_softmax": 3, "aten::dropout": 3, "aten::embedding": 5, "aten::gelu": 2,
    "aten::mse_loss": 3, "aten::leaky_relu": 2, "aten::clamp": 3,
    "aten::cross_entropy_loss": 6, "aten::nll_loss": 5}


def _shapes(args, name=None):
    shapes = [list(a._data.shape) if hasattr(a, "_data") and hasattr(a, "_vc") else []
              for a in args]
    missing = _SCHEMA_ARGUMENTS.get(name, 0) - len(shapes)
    return shapes + [[] for _ in range(missing)] if missing > 0 else shapes


def _begin(name, args=None, user=False):
    record_shapes = any(p.record_shapes or p.with_flops for p in _active)
    event = FunctionEvent(name, threading.get_ident(), 0.0,
                          _shapes(args, name) if record_shapes and args is not None else None,
                          user)
    stack = _local.stack
    if stack:
        event.cpu_parent = stack[-1]
        stack[-1].cpu_children.append(event)
    else:
        for p in _active:
            p._record(event)
    stack.append(event)
    event.start_us = event.end_us = _now_us()
    return event


def _end(event):
    event.end_us = _now_us()
    stack = _local.stack
    if stack and stack[-1] is event:
        stack.pop()
    elif event in stack:
        stack.remove(event)


def _owner(value):
    """The NumPy array that owns the memory of a tensor or array, or None."""
    array = getattr(value, "_data", value)
    if not isinstance(array, np.ndarray):
        return None
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def _owners(values):
    """The owning arrays of the tensors and arrays in ``values`` (nested tuples and lists)."""
    found = []
    for value in values:
        if isinstance(value, (tuple, list)):
            found += _owners(value)
        else:
            owner = _owner(value)
            if owner is not None:
                found.append(owner)
    return found


def _freed(key, nbytes):
    """An array charged to an op was freed: give its bytes back to the op running now, or
    record a ``[memory]`` event when none is."""
    _tracked.pop(key, None)
    if not _memory[0]:
        return
    stack = _local.stack
    if stack:
        stack[-1].self_cpu_memory_usage -= nbytes
        return
    event = FunctionEvent("[memory]", threading.get_ident(), _now_us())
    event.self_cpu_memory_usage = -nbytes
    for p in _active:
        if p.profile_memory:
            p._record(event)


def _charge(event, inputs, result):
    """Charge ``event`` the bytes of the arrays ``result`` holds that no input held."""
    held = {id(a) for a in _owners(inputs)}
    for array in _owners(result if isinstance(result, (tuple, list)) else (result,)):
        key = id(array)
        if key in held or key in _tracked:
            continue
        held.add(key)
        _tracked[key] = weakref.finalize(array, _freed, key, array.nbytes)
        event.self_cpu_memory_usage += array.nbytes


def _shape(value):
    return tuple(value._data.shape) if hasattr(value, "_data") else ()


def _product_flops(first, second):
    """2·M·K·N for (…, M, K) @ (…, K, N), times the batch size."""
    batch = 1
    for size in first[:-2]:
        batch *= size
    return 2 * batch * first[-2] * first[-1] * second[-1]


def _elements(shape):
    count = 1
    for size in shape:
        count *= size
    return count


# torch's FLOP formulas, by the event they are charged to (inputs and result -> count).
_COUNTED = {
    "aten::mm": lambda args, out: _product_flops(_shape(args[0]), _shape(args[1])),
    "aten::bmm": lambda args, out: _product_flops(_shape(args[0]), _shape(args[1])),
    "aten::addmm": lambda args, out: _product_flops(_shape(args[1]), _shape(args[2])),
    "aten::baddbmm": lambda args, out: _product_flops(_shape(args[1]), _shape(args[2])),
    "aten::conv2d": lambda args, out: (2 * _elements(_shape(out)) *
                                       _elements(_shape(args[1])[1:])),
    "aten::add": lambda args, out: _elements(_shape(args[0])),
    "aten::mul": lambda args, out: _elements(_shape(args[0])),
}


class _AtenEvents:
    """The dispatch mode a profiler pushes: each ATen call an op reports becomes an event
    (the public call of the same op, already an event, is not recorded twice)."""

    # The profiler times the public ops itself: it takes only the products and convolutions
    # that the ops report (``_aten``), not every operator call.
    _ember_every_op = False

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        name = func.name()
        stack = _local.stack
        same = bool(stack) and stack[-1].name == name
        event = None if same else _begin(name, args)
        try:
            result = func(*args, **(kwargs or {}))
            if _flops[0] and name in _COUNTED:
                (stack[-1] if same else event).flops = _COUNTED[name](args, result)
            return result
        finally:
            if event is not None:
                _end(event)


_ATEN_EVENTS = _AtenEvents()


def _timed(name, fn):
    """``fn`` with each call recorded as an event ``name``."""
    def timed(*args, **kwargs):
        if not _active:
            return fn(*args, **kwargs)
        stack = _local.stack
        if (stack and stack[-1].name == name and not stack[-1].is_user_annotation) or \
                _aten._state.kernel:
            # one public spelling delegating to another, or an ATen call computed by calling
            # the public op again: the call already has its event
            return fn(*args, **kwargs)
        event = _begin(name, args)
        try:
            result = fn(*args, **kwargs)
            if _memory[0]:
                _charge(event, (args, tuple(kwargs.values())), result)
            if _flops[0] and name in _COUNTED:
                event.flops = _COUNTED[name](args, result)
            return result
        finally:
            _end(event)
    timed.__name__ = getattr(fn, "__name__", name)
    timed.__qualname__ = getattr(fn, "__qualname__", name)
    timed.__doc__ = getattr(fn, "__doc__", None)
    timed.__wrapped__ = fn
    return timed


# Operators named as PyTorch names the op behind them.
_DUNDER = {"truediv": "div", "rtruediv": "div", "itruediv": "div_", "floordiv": "floor_divide",
           "rfloordiv": "floor_divide", "mod": "remainder", "rmod": "remainder",
           "getitem": "index", "setitem": "index_put_", "and": "bitwise_and",
           "or": "bitwise_or", "xor": "bitwise_xor", "invert": "bitwise_not", "radd": "add",
           "rmul": "mul", "rsub": "rsub", "rpow": "pow", "rmatmul": "matmul"}


def _op_name(name):
    if name.startswith("__") and name.endswith("__"):
        bare = name[2:-2]
        if bare in _DUNDER:
            bare = _DUNDER[bare]
        elif bare.startswith("i") and bare[1:] in ("add", "sub", "mul", "pow", "matmul", "and",
                                                   "or", "xor", "mod"):
            bare = _DUNDER.get(bare[1:], bare[1:]) + "_"
        name = bare
    return "aten::" + name


_installed = []  # (owner, attribute, original) to put back when recording stops
# Tensor methods that read or set metadata or hooks: torch's profiler records no op for them.
_NOT_OPS = frozenset((
    "backward", "data_ptr", "dim", "element_size", "get_device", "is_complex", "is_contiguous",
    "is_floating_point", "is_inference", "is_shared", "ndimension", "nelement", "new", "numel",
    "numpy", "register_hook", "register_post_accumulate_grad_hook", "requires_grad_",
    "retain_grad", "share_memory_", "size", "storage", "storage_offset", "storage_type",
    "stride", "tolist", "type", "untyped_storage"))


def _instrument():
    """Wrap every public op where programs call it from: ember, Tensor, nn.functional."""
    import types

    import ember
    from .. import ops
    from .._tensor import Tensor
    from ..nn import functional as F
    callables = (types.FunctionType, types.BuiltinFunctionType)
    targets = [(ember, name, fn) for name, fn in ops.FUNCTIONS.items()]
    for family in ops.FAMILIES:
        targets += [(Tensor, name, fn) for name, fn in family.METHODS.items()]
    targets += [(Tensor, name, fn) for name, fn in vars(Tensor).items()
                if isinstance(fn, types.FunctionType) and not name.startswith("_")
                and name not in _NOT_OPS]
    targets += [(F, name, fn) for name, fn in vars(F).items() if not name.startswith("_")]
    for owner, name, fn in targets:
        current = owner.__dict__.get(name) if isinstance(owner, type) else vars(owner).get(name)
        if not isinstance(fn, callables):
            continue
        # Where plain tensors dispatch (a mode, or a user subclass in the program), Tensor
        # holds the dispatching copy of the method (over the operator's NotImplemented
        # wrapper, for an operator): time that copy, which runs ``fn``.
        if not _runs(current, fn):
            continue
        _installed.append((owner, name, current))
        setattr(owner, name, _timed(_op_name(name), current))


def _runs(current, fn):
    """Whether ``current`` is ``fn`` or a chain of wrappers (``__wrapped__``) ending at it or
    at a copy of it under another name (a Tensor alias such as ``__eq__`` is its own function
    object over ``eq``'s code, so that it carries torch's name)."""
    code = getattr(fn, "__code__", None)
    for _ in range(4):
        if current is None:
            return False
        if current is fn or (code is not None and getattr(current, "__code__", None) is code):
            return True
        current = getattr(current, "__wrapped__", None)
    return False


def _uninstrument():
    while _installed:
        owner, name, fn = _installed.pop()
        setattr(owner, name, fn)


def _evaluate_function(node, grads):
    """The engine's call of a node's derivative, recorded under PyTorch's name for it."""
    name = node.name()
    outer = _begin(f"autograd::engine::evaluate_function: {name}")
    try:
        inner = _begin(name)
        try:
            result = node.apply(*grads)
            if _memory[0]:
                _charge(inner, grads, result)
            return result
        finally:
            _end(inner)
    finally:
        _end(outer)


def _start(profiler):
    from . import graph
    with _lock:
        if not _active:
            _instrument()
            graph._profiling[:] = [_evaluate_function]
            _aten.push(_ATEN_EVENTS)
        _active.append(profiler)
        _memory[0] = any(p.profile_memory for p in _active)
        _flops[0] = any(p.with_flops for p in _active)


def _stop(profiler):
    from . import graph
    with _lock:
        if profiler in _active:
            _active.remove(profiler)
        _memory[0] = any(p.profile_memory for p in _active)
        _flops[0] = any(p.with_flops for p in _active)
        if not _active:
            _aten.pop(_ATEN_EVENTS)
        if not _memory[0]:
            for finalizer in list(_tracked.values()):
                finalizer.detach()
            _tracked.clear()
        if not _active:
            graph._profiling.clear()
            _uninstrument()


class record_function:
    """Time a named region of the user's own; a context manager or a decorator.

    Without an active profiler it records nothing.
    """

    def __init__(self, name, args=None):
        self.name = name
        self.args = args
        self._event = None

    def __enter__(self):
        if _active:
            self._event = _begin(self.name, user=True)
        return self

    def __exit__(self, *exc):
        if self._event is not None:
            _end(self._event)
            self._event = None

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with record_function(self.name, self.args):
                return fn(*args, **kwargs)
        return wrapper


class profile:
    """Record the ops run inside ``with profile() as prof:``; then ``prof.key_averages()``.

    Args:
        enabled: False records nothing (the block runs as it would).
        record_shapes: keep each call's input shapes (``key_averages(group_by_input_shape=True)``).
        profile_memory: charge each op the memory of the arrays it returns and give it back
            when they are freed (see the module's docstring); the table shows it.
        with_flops: count FLOPs as torch's profiler does (see the module's docstring); the
            table gains a "Total FLOPs" column.
        use_cuda, use_device, with_stack, with_modules: accepted for PyTorch's signature;
            ember times CPU wall clock only.
    """

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False,
                 with_flops=False, profile_memory=False, with_stack=False, with_modules=False,
                 use_kineto=False, use_cpu=True, experimental_config=None, acc_events=False,
                 custom_trace_id_callback=None):
        self.enabled = enabled
        self.record_shapes = record_shapes
        self.profile_memory = profile_memory
        self.with_flops = with_flops
        self.with_stack = with_stack
        self.entered = False
        self._running = False
        self._events = []
        self._function_events = None

    def _record(self, event):
        self._events.append(event)

    def __enter__(self):
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self.entered = self._running = True
        if self.enabled:
            _start(self)
        return self

    def __exit__(self, *exc):
        if self.enabled:
            _stop(self)
        self._running = False
        self._function_events = None
        return False

    @property
    def function_events(self):
        """Every recorded event, parents before their children, in start order."""
        if self._function_events is None:
            flat = []
            stack = list(reversed(self._events))
            while stack:
                event = stack.pop()
                flat.append(event)
                stack.extend(reversed(event.cpu_children))
            self._function_events = EventList(flat, profile_memory=self.profile_memory,
                                              with_flops=self.with_flops)
        return self._function_events

    def events(self):
        return self.function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0,
                     group_by_overload_name=False):
        if self._running:
            raise RuntimeError("Profiler didn't finish running")
        return self.function_events.key_averages(group_by_input_shape, group_by_stack_n)

    def total_average(self):
        return self.function_events.total_average()

    @property
    def self_cpu_time_total(self):
        return self.function_events.self_cpu_time_total

    def table(self, sort_by=None, row_limit=100, **kwargs):
        return self.function_events.table(sort_by=sort_by, row_limit=row_limit, **kwargs)

    def export_chrome_trace(self, path):
        self.function_events.export_chrome_trace(path)

    def __str__(self):
        return self.table()


# -- torch's other profiler names --------------------------------------------------------------
DeviceType = enum.IntEnum("DeviceType", [
    ("CPU", 0), ("CUDA", 1), ("MKLDNN", 2), ("OPENGL", 3), ("OPENCL", 4), ("IDEEP", 5),
    ("HIP", 6), ("FPGA", 7), ("MAIA", 8), ("XLA", 9), ("Vulkan", 10), ("Metal", 11),
    ("XPU", 12), ("MPS", 13), ("Meta", 14), ("HPU", 15), ("VE", 16), ("Lazy", 17), ("IPU", 18),
    ("MTIA", 19), ("PrivateUse1", 20)], module=__name__)
DeviceType.__doc__ = "The device kinds torch's profiler events name, with torch's numbers."

ProfilerState = enum.IntEnum("ProfilerState", [
    ("Disabled", 0), ("CPU", 1), ("CUDA", 2), ("NVTX", 3), ("ITT", 4), ("PRIVATEUSE1", 5),
    ("KINETO", 6), ("KINETO_GPU_FALLBACK", 7), ("KINETO_PRIVATEUSE1_FALLBACK", 8),
    ("KINETO_PRIVATEUSE1", 9)], module=__name__)
ProfilerState.__doc__ = "The profiler's states, with torch's numbers."


def kineto_available():
    """False: ember's profiler is its own op timer, not torch's Kineto library.

    Example:
        >>> ember.autograd.profiler.kineto_available()
        False
    """
    return False


class KinetoStepTracker:
    """The global profiler step, shared by several requesters (the profiler, an optimizer
    hook...): each counts its own steps and the global step is the largest count, so two
    requesters stepping once each advance it by one.

    Example:
        >>> from ember.autograd.profiler import KinetoStepTracker
        >>> KinetoStepTracker.init_step_count("mine")
        >>> KinetoStepTracker.increment_step("mine") - KinetoStepTracker.current_step()
        0
        >>> KinetoStepTracker.erase_step_count("mine")
        True
    """

    _current_step = 0
    _step_dict = {}

    @classmethod
    def init_step_count(cls, requester):
        """Start counting for ``requester`` at the current global step."""
        cls._step_dict[requester] = cls._current_step

    @classmethod
    def erase_step_count(cls, requester):
        """Stop counting for ``requester``; whether it was counted."""
        return cls._step_dict.pop(requester, None) is not None

    @classmethod
    def increment_step(cls, requester):
        """Count a step of ``requester``; return the global step (warning when it jumps by
        more than one)."""
        import warnings
        if requester not in cls._step_dict:
            cls.init_step_count(requester)
        cls._step_dict[requester] += 1
        step = max(cls._step_dict.values())
        if step - cls._current_step > 1:
            warnings.warn(f"Profiler step count has increased more than 1 - current_step = "
                          f"{cls._current_step} step dict =  {cls._step_dict}",
                          stacklevel=_user_stacklevel())
        cls._current_step = max(step, cls._current_step)
        return cls._current_step

    @classmethod
    def current_step(cls):
        """The global step."""
        return cls._current_step


class emit_nvtx:
    """Mark each op as an NVTX range for NVIDIA's profilers; needs a CUDA device (entering
    synchronises it, and raises without one as torch does). ember emits no ranges.

    Args:
        enabled (bool): False makes the block run as it would.
        record_shapes (bool): torch would add input shapes to the range names.

    Example:
        >>> with ember.autograd.profiler.emit_nvtx(enabled=False):
        ...     pass
    """

    def __init__(self, enabled=True, record_shapes=False):
        self.enabled, self.record_shapes, self.entered = enabled, record_shapes, False

    def __enter__(self):
        if not self.enabled:
            return self
        if self.entered:
            raise RuntimeError("NVTX annotation context manager is not reentrant")
        self.entered = True
        from .. import cuda
        cuda.synchronize()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            from .. import cuda
            cuda.synchronize()
            self.entered = False


class emit_itt:
    """Mark each op as an ITT range for Intel's VTune; ember emits none, so the block runs
    as it would.

    Args:
        enabled (bool): whether torch would emit ranges.
        record_shapes (bool): torch would add input shapes to the range names.

    Example:
        >>> with ember.autograd.profiler.emit_itt():
        ...     pass
    """

    def __init__(self, enabled=True, record_shapes=False):
        self.enabled, self.record_shapes, self.entered = enabled, record_shapes, False

    def __enter__(self):
        if self.enabled:
            if self.entered:
                raise RuntimeError("ITT annotation context manager is not reentrant")
            self.entered = True
        return self

    def __exit__(self, *exc):
        self.entered = False


def __getattr__(name):
    if name == "ProfilerActivity":  # defined in ember.profiler, which imports this module
        from ..profiler import ProfilerActivity
        return ProfilerActivity
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
