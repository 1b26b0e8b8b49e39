"""Recording the backend array calls of a region while it runs eagerly.

The region's input arrays (its tensor arguments, its module's parameters and buffers) are
wrapped as ``Traced`` views: an ndarray subclass whose ufunc and array-function protocols, and
whose array-returning methods, run the real call on plain arrays and append it to the current
``Trace`` as one step. Every array a step returns is traced in turn, so the trace follows the
data from the inputs to the outputs. NumPy's constructors (``empty``, ``zeros``, ``asarray``...)
and ember's random samplers are recorded too while a capture runs, so arrays made inside ops
and random draws are steps of the plan (a replay draws from the generator as eager would).

A Python value read from a traced array in the forward (``item``, ``bool(t)``, ``float``,
``int``, ``tolist``, printing, or a number a NumPy call returns, as ``np.array_equal``) splits
the plan in two: the read becomes a ``ValueGuard`` step that, at replay, compares the array's
bytes with those seen at capture. The same bytes give the same
Python value, so the Python code after the read took the same path and the rest of the plan
holds; other bytes abort the replay (``Diverged``) and the call runs another plan of the same
signature, captured for that value (see runtime.call).

An op whose result shape depends on the data (``nonzero``, ``unique``, a boolean mask, a
repeat count or size taken from an array) is followed by a ``ShapeGuard`` step: Python code
may have read that shape, so another shape at replay aborts it the same way.

These are every path by which data reaches Python through an array: the plan is then trusted
as recorded. Only data read past the trace (NumPy's base-class methods called on a traced
array, which skip its overrides) can reach a constant unseen; an array so made is a plain array
the capture never saw made, which makes the trace *unsure* (``Trace.unsure``), and an unsure
plan is checked against eager mode on other values before it is used (runtime.Entry.validate;
``options={"validate": True}`` asks for that check always). A Python number computed that
way is what the capture cannot see at all.

Whatever else the trace cannot follow makes it *break*: a traced array the trace never
produced (unless read-only: a constant an op cached in an earlier capture), a write into an
array it cannot see or into an input that requires grad, a call to code marked
``ember.compiler.disable``, a Python value read in the backward. A broken capture still
computed the right (eager) result; its plan is simply never used.
"""
from __future__ import annotations

import gc
import threading

import numpy as np

from .. import _random
from .._compile.exc import Unsupported
from .region import _state


class _Current(threading.local):
    trace = None


_current = _Current()


class Slot:
    """A reference to the array a step (or a plan input) produced."""

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


class Const:
    """A value the plan passes as it is (a plain array by reference, a dtype, a callable)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


_PLAIN = frozenset((int, float, bool, str, type(None)))
_NUMBERS = frozenset((int, float, bool, complex))


class Trace:
    """The steps recorded so far, and which array object each slot stands for."""

    def __init__(self, fullgraph=False, keep=True):
        self.fullgraph = fullgraph
        self.steps = []          # (function, arg specs, kwarg specs, output spec)
        # Each traced array carries (token, slot, plain view) as ``_ember``: the token tells
        # this trace's arrays from another's, so the trace needs to hold no array itself. An
        # array the code drops is then freed as in eager mode (a capture that kept them all
        # grew the heap by every temporary of the step, paid in page faults). ``keep``: also
        # hold them, with ``slot_of`` (id -> slot) and ``arrays``, as ONNX export reads them.
        self.token = object()
        self.keep = keep
        self.slot_of = {}        # id(traced array) -> slot index (kept traces only)
        self.arrays = []         # the traced array of each slot (kept traces only)
        self.metas = []          # (shape, dtype) of each slot's array
        self.kinds = []          # per slot: "input", "param", "grad" or "step"
        self.specs = []          # the Slot of each slot, made once (every reader shares it)
        self.breaks = []
        self.reads = []          # why each ValueGuard step of the forward was recorded
        self.splits = True       # a read splits the plan (False: it breaks the capture)
        self.depth = 0           # > 0 while a recorded call runs its real code
        self.backward = False    # recording the backward
        self.param_writes = set()  # input/parameter/buffer slots written in place
        self.grad_inputs = set()   # input slots whose tensors require grad (never written)
        self.reads_grad = False    # the region read a tensor's .grad
        # Why the plan must be checked against eager mode before it is used (runtime
        # Entry.validate): data may have reached Python or a constant by a path the trace
        # cannot see. Empty: every such path was seen, and the plan is trusted as recorded.
        self.unsure = []
        self.known = {}            # id -> plain array whose values the data cannot change

    # -- slots -------------------------------------------------------------------------------
    def new_slot(self, raw, kind):
        traced = np.ndarray.view(raw, Traced)
        index = len(self.kinds)
        if type(raw) is not np.ndarray:
            raw = np.ndarray.view(raw, np.ndarray)
        traced._ember = (self.token, index, raw)
        self.metas.append((raw.shape, raw.dtype))
        self.kinds.append(kind)
        self.specs.append(Slot(index))
        if self.keep:
            self.slot_of[id(traced)] = index
            self.arrays.append(traced)
        return traced

    def slot_for(self, array):
        """The slot of ``array`` when this trace made it, else None."""
        tag = array.__dict__.get("_ember") if type(array) is Traced else None
        return tag[1] if tag is not None and tag[0] is self.token else None

    def wrap_result(self, result):
        """Traced versions of a call's result, and the spec that says where each slot is."""
        if isinstance(result, np.ndarray):
            traced = self.new_slot(_raw(result), "step")
            return traced, self.specs[-1]
        if isinstance(result, np.generic):
            traced = self.new_slot(np.asarray(result), "step")
            return traced, self.specs[-1]
        if isinstance(result, (tuple, list)) and result and all(
                isinstance(r, (np.ndarray, np.generic)) for r in result):
            pairs = [self.wrap_result(r) for r in result]
            out = type(result)(p[0] for p in pairs) if type(result) in (tuple, list) else \
                tuple(p[0] for p in pairs)
            return out, tuple(p[1] for p in pairs)
        if result is None or isinstance(result, (bool, int, float, complex, str)):
            # A Python value out of an array call depends on the data: it cannot be replayed.
            if result is not None:
                self.note(f"a Python value computed from traced arrays ({type(result).__name__})")
            return result, None
        self.note(f"an array call returned {type(result).__name__}")
        return result, None

    def encode(self, value):
        """(spec, raw value): traced arrays become slots, plain arrays constants."""
        kind = type(value)
        if kind is Traced:
            tag = value.__dict__.get("_ember")
            if tag is None or tag[0] is not self.token:
                raw = _raw(value)
                if not value.flags.writeable:
                    # A read-only constant an op made and cached during an earlier capture
                    # (a 0-d zero of a dtype): fixed since, so a constant here too; the plan's
                    # check against eager mode (runtime.Entry.validate) would see otherwise.
                    return Const(raw), raw
                self.note("an array derived from traced data outside the recorded calls")
                return Const(value), raw
            return self.specs[tag[1]], tag[2]
        if kind is tuple or kind is list:
            # The arguments of every recorded call: arrays and numbers, handled inline.
            specs, raws = [], []
            token = self.token
            for item in value:
                item_kind = type(item)
                if item_kind in _PLAIN:
                    specs.append(Const(item))
                    raws.append(item)
                    continue
                if item_kind is Traced:
                    tag = item.__dict__.get("_ember")
                    if tag is not None and tag[0] is token:
                        specs.append(self.specs[tag[1]])
                        raws.append(tag[2])
                        continue
                spec, raw = self.encode(item)
                specs.append(spec)
                raws.append(raw)
            return kind(specs), kind(raws)
        if isinstance(value, (tuple, list)):
            pairs = [self.encode(v) for v in value]
            return type(value)(p[0] for p in pairs) if type(value) in (tuple, list) else \
                tuple(p[0] for p in pairs), type(value)(p[1] for p in pairs) \
                if type(value) in (tuple, list) else tuple(p[1] for p in pairs)
        if isinstance(value, dict):
            pairs = {k: self.encode(v) for k, v in value.items()}
            return {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()}
        if isinstance(value, np.ndarray):
            if not self.is_known(value):
                self.distrust("an array made past the recorded calls (its values may come "
                              "from a tensor's data)")
        elif type(value) is slice and any(isinstance(p, np.ndarray) for p in
                                          (value.start, value.stop, value.step)):
            self.distrust("an array inside a slice")
        return Const(value), value

    def know(self, array):
        """Note a plain array whose values are fixed whatever the tensors hold (it existed
        before the capture, or was made from Python numbers)."""
        self.known[id(array)] = array

    def is_known(self, array):
        """True for a plain array the data cannot have written: one noted by ``know``, a view
        of one, or a read-only array that owns its memory (a constant an op cached)."""
        if array.base is None and not array.flags.writeable:
            return True
        known = self.known
        while isinstance(array, np.ndarray):
            if id(array) in known:
                return True
            array = array.base
        return False

    def distrust(self, reason):
        if reason not in self.unsure:
            self.unsure.append(reason)

    def guard_shape(self, result, out_spec, reason):
        """Record that a call's result shape depends on the values of its arguments: at replay
        the plan checks the shape (a ``ShapeGuard`` step), since Python code after the call
        may have read it (``len(t.nonzero())``) and later calls were recorded for it."""
        if not self.splits:
            return  # one graph for export, whose shapes may depend on the data (ONNX NonZero)
        if self.backward:
            self.note(f"{reason} (an output shape that depends on the data)")
            return
        # Not a graph break: torch's fullgraph capture accepts these ops too.
        slots = out_spec if isinstance(out_spec, tuple) else (out_spec,)
        shapes = tuple(np.shape(r) for r in (result if isinstance(out_spec, tuple)
                                               else (result,)))
        self.steps.append((ShapeGuard(shapes, reason), slots, {}, None))
        self.reads.append(reason)

    def guard(self, array, reason):
        """Record a Python value read from ``array``: a ValueGuard step on its bytes (a hard
        break in the backward, whose replay cannot fall back to eager mode midway)."""
        if self.fullgraph or self.backward or not self.splits:
            self.note(reason)
            return
        self.call(ValueGuard(_raw(array).tobytes(), reason), (array,), {})
        self.reads.append(reason)

    def record_step(self, fn, arrays):
        """Append a call that ``fn(*arrays)`` makes at replay but that already ran (a module
        hook, see runtime.HookCall); it returns nothing the plan reads."""
        arg_specs, _ = self.encode(tuple(arrays))
        self.steps.append((fn, arg_specs, {}, None))

    def note(self, reason):
        self.breaks.append(reason)
        if self.fullgraph:
            raise Unsupported(f"graph break: {reason}")

    # -- recording ---------------------------------------------------------------------------
    def call(self, fn, args, kwargs, writes=()):
        """Run ``fn`` on plain arrays and record it; ``writes`` are argument positions (or
        keyword names) the call writes into."""
        arg_specs, raw_args = self.encode(args)
        kw_specs, raw_kwargs = self.encode(kwargs) if kwargs else ({}, {})
        for where in writes:
            spec = arg_specs[where] if isinstance(where, int) else kw_specs.get(where)
            self._check_write(spec)
        self.depth += 1
        try:
            result = fn(*raw_args, **raw_kwargs)
        finally:
            self.depth -= 1
        if type(result) in _NUMBERS and not (self.fullgraph or self.backward or not self.splits):
            return self._read_number(fn, arg_specs, kw_specs, result)
        out, out_spec = self.wrap_result(result)
        self.steps.append((fn, arg_specs, kw_specs, out_spec))
        if out_spec is not None and (type(fn) is MethodCall or _maybe_shaped(fn)):
            reason = _data_shaped(fn, arg_specs, kw_specs, self.metas)
            if reason is not None:
                self.guard_shape(result, out_spec, reason)
        return out

    def call_ufunc(self, fn, args):
        """``call`` for a ufunc's plain call on arrays and numbers (the bulk of a capture):
        the same step, recorded without the general path's checks, which cannot apply (a
        ufunc call writes into nothing without ``out=``, and its result shape is fixed by
        its arguments' shapes)."""
        specs, raws = [], []
        token, slot_specs = self.token, self.specs
        for item in args:
            kind = type(item)
            if kind is Traced:
                tag = item.__dict__.get("_ember")
                if tag is None or tag[0] is not token:
                    return self.call(fn, args, {})
                specs.append(slot_specs[tag[1]])
                raws.append(tag[2])
            elif kind in _PLAIN:
                specs.append(Const(item))
                raws.append(item)
            else:
                return self.call(fn, args, {})
        result = fn(*raws)
        if type(result) is np.ndarray:
            traced = self.new_slot(result, "step")
            self.steps.append((fn, tuple(specs), {}, slot_specs[-1]))
            return traced
        out, out_spec = self.wrap_result(result)
        self.steps.append((fn, tuple(specs), {}, out_spec))
        return out

    def _read_number(self, fn, arg_specs, kw_specs, result):
        """A call that gives a Python number (``np.count_nonzero``, ``np.array_equal``): the
        plan makes the call and guards on the number, as on a value read with ``.item()``."""
        reason = f"a Python {type(result).__name__} computed from a tensor's data"
        index = len(self.kinds)
        self.new_slot(np.asarray(result), "step")
        self.steps.append((fn, arg_specs, kw_specs, Slot(index)))
        self.steps.append((ValueGuard(np.asarray(result).tobytes(), reason), (Slot(index),),
                           {}, None))
        self.reads.append(reason)
        return result

    def _check_write(self, spec):
        specs = spec if isinstance(spec, tuple) else (spec,)
        for s in specs:
            if isinstance(s, Const) and isinstance(s.value, np.ndarray):
                self.note("an in-place write into an array the capture cannot see")
            elif isinstance(s, Slot) and s.index in self.grad_inputs:
                # Eager mode would rebase the input's autograd history onto the write, which
                # a replay (whose only node is on the outputs) cannot do.
                self.note("an in-place write into an input of the compiled region that "
                          "requires grad")
            elif isinstance(s, Slot) and self.kinds[s.index] in ("input", "param"):
                # The replay writes into the caller's own array, as eager mode does; the
                # version counter moves by the capture's count (runtime.Entry.replay).
                self.param_writes.add(s.index)


def _raw(array):
    """The plain-ndarray view of an array (no recording: ``view`` itself is recorded)."""
    return np.ndarray.view(array, np.ndarray)


def note_break(reason):
    """Make the capture now running break (``fullgraph=True``: raise Unsupported instead)."""
    trace = _current.trace
    if trace is not None:
        trace.note(reason)


def _plain(value):
    if type(value) is Traced:
        return _raw(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value) if type(value) in (tuple, list) else value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(fn, args, kwargs, writes=()):
    trace = _current.trace
    if trace is None or trace.depth:
        return fn(*_plain(args), **_plain(kwargs))
    return trace.call(fn, args, kwargs, writes)


_UFUNC_WRITES = {"at": (0,)}
_UFUNC_CALLS = {}  # ufunc -> its bound __call__, the step's callee (one object per ufunc)


class Traced(np.ndarray):
    """An array whose operations are recorded into the capture now running."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method == "__call__" and not kwargs:
            trace = _current.trace
            if trace is not None and not trace.depth:
                call = _UFUNC_CALLS.get(ufunc)
                if call is None:
                    call = _UFUNC_CALLS[ufunc] = ufunc.__call__
                return trace.call_ufunc(call, inputs)
        writes = _UFUNC_WRITES.get(method, ())
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(getattr(ufunc, method), inputs, kwargs, writes)

    def __array_function__(self, func, types, args, kwargs):
        if func in _METADATA:
            return func(*_plain(args), **_plain(kwargs))
        writes = (0,) if func in _WRITING_FUNCTIONS else ()
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(func, args, kwargs, writes)

    # Python values read from the data: the eager result, and a guard on the bytes read.
    def item(self, *args):
        _read(self, "a Python number read from a tensor (.item())")
        return np.ndarray.item(_raw(self), *args)

    def tolist(self):
        _read(self, "a tensor converted to a Python list (.tolist())")
        return np.ndarray.tolist(_raw(self))

    def __bool__(self):
        # An op's own check (bounds, finiteness...): the plan re-checks it at each replay and,
        # when the outcome differs, gives the call back to eager mode (see runtime.Diverged).
        value = bool(_raw(self))
        trace = _current.trace
        if trace is not None and not trace.depth:
            trace.call(_expect_true if value else _expect_false, (self,), {})
        return value

    def __float__(self):
        _read(self, "a Python float read from a tensor")
        return float(_raw(self))

    def __int__(self):
        _read(self, "a Python int read from a tensor")
        return int(_raw(self))

    def __index__(self):
        _read(self, "a tensor used as a Python index")
        return operator_index(_raw(self))

    def __complex__(self):
        _read(self, "a Python complex read from a tensor")
        return complex(_raw(self))

    def __iter__(self):
        note_break("iteration over a tensor's array")
        return iter(_raw(self))

    def tobytes(self, order="C"):
        note_break("an array's bytes read")
        return _raw(self).tobytes(order)

    def __repr__(self):
        _read(self, "a tensor's values printed")
        return repr(_raw(self))

    def __str__(self):
        _read(self, "a tensor's values printed")
        return str(_raw(self))

    def __format__(self, spec):
        _read(self, "a tensor's values formatted")
        return format(_raw(self), spec)

    def __reduce_ex__(self, protocol):
        note_break("a tensor's array pickled")
        return _raw(self).__reduce_ex__(protocol)

    @property
    def data(self):
        # The buffer (memoryview) and the C pointers give the bytes to code the trace cannot
        # follow.
        note_break("an array's memory read through its buffer")
        return _raw(self).data

    @property
    def ctypes(self):
        note_break("an array's memory read through ctypes")
        return _raw(self).ctypes

    def get(self):
        # ember calls .get() on non-NumPy arrays to bring them to the host (CuPy's spelling):
        # a traced array is on the host already, so the host copy is a recorded copy, whose
        # values a later read (tolist, item) guards.
        return _record(_COPY, (self,), {})

    def __getitem__(self, key):
        if isinstance(np.ndarray.__getitem__(_raw(self), key), np.generic):
            # A full integer index gives NumPy's scalar copy; the plan keeps the 0-d view that
            # ember's indexing takes in that case (writes through it reach the array).
            key = (*key, Ellipsis) if type(key) is tuple else (key, Ellipsis)
        return _record(_GETITEM, (self, key), {})

    @property
    def T(self):
        return _record(_transpose_property, (self,), {})

    @property
    def mT(self):
        return _record(_mt_property, (self,), {})

    @property
    def real(self):
        return _record(np.real, (self,), {})

    @property
    def imag(self):
        return _record(np.imag, (self,), {})


class Diverged(Exception):
    """A replayed check came out differently from the capture: the plan does not apply."""


def _read(array, reason):
    trace = _current.trace
    if trace is not None and not trace.depth:
        trace.guard(array, reason)


class ValueGuard:
    """A plan step that checks an array holds the bytes a Python read saw at capture."""

    __slots__ = ("expected", "reason")

    def __init__(self, expected, reason):
        self.expected = expected
        self.reason = reason

    def __call__(self, value):
        if np.asarray(value).tobytes() != self.expected:
            raise Diverged

    def __repr__(self):
        return f"guard({self.reason})"


class ShapeGuard:
    """A plan step that checks the results of a call whose output shape depends on the data
    (``nonzero``, a boolean mask) have the shapes seen at capture."""

    __slots__ = ("expected", "reason")

    def __init__(self, expected, reason):
        self.expected = expected
        self.reason = reason

    def __call__(self, *arrays):
        if tuple(np.shape(a) for a in arrays) != self.expected:
            raise Diverged

    def __repr__(self):
        return f"guard({self.reason})"


def _expect_true(value):
    if not value:
        raise Diverged


def _expect_false(value):
    if value:
        raise Diverged


def operator_index(array):
    import operator
    return operator.index(array)


def _transpose_property(a):
    return a.T


def _mt_property(a):
    return a.mT


class MethodCall:
    """An array method as a plan step: called on its first argument, so it also works on the
    NumPy scalars that full reductions give at replay (the plan writes ``v.name(...)``)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __call__(self, array, *args, **kwargs):
        return getattr(array, self.name)(*args, **kwargs)

    def __repr__(self):
        return f"ndarray.{self.name}"


def _method(name):
    call = MethodCall(name)

    def method(self, *args, **kwargs):
        writes = (0,) if name in _WRITING_METHODS else ()
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(call, (self, *args), kwargs, writes)
    method.__name__ = name
    return method


_WRITING_METHODS = {"__setitem__", "fill", "sort", "put", "partition", "itemset", "resize",
                    "setfield", "__iadd__", "__isub__", "__imul__", "__itruediv__",
                    "__ifloordiv__", "__imod__", "__ipow__", "__imatmul__", "__iand__",
                    "__ior__", "__ixor__", "__ilshift__", "__irshift__"}
_GETITEM = MethodCall("__getitem__")
_COPY = MethodCall("copy")
for _name in ("__setitem__", "reshape", "transpose", "swapaxes", "astype",
              "copy", "ravel", "flatten", "squeeze", "view", "sum", "mean", "max", "min", "prod",
              "any", "all", "argmax", "argmin", "std", "var", "cumsum", "cumprod", "clip", "dot",
              "round", "conj", "conjugate", "nonzero", "repeat", "take", "diagonal", "trace",
              "searchsorted", "sort", "argsort", "partition", "argpartition", "fill", "put",
              "compress", "choose", "byteswap", "__copy__", "__deepcopy__", "__array__",
              "ptp", "resize", "__iadd__", "__isub__", "__imul__", "__itruediv__",
              "__ifloordiv__", "__imod__", "__ipow__", "__imatmul__", "__iand__", "__ior__",
              "__ixor__", "__ilshift__", "__irshift__", "__abs__", "__neg__", "__pos__",
              "__invert__"):
    if hasattr(np.ndarray, _name):
        setattr(Traced, _name, _method(_name))
del _name

# Functions of shapes and dtypes only: their result is fixed by the signature.
_METADATA = {np.shape, np.ndim, np.size, np.result_type, np.iscomplexobj, np.isrealobj,
             np.may_share_memory, np.shares_memory, np.min_scalar_type}
# Calls whose result shape depends on the values of their arguments, not only their shapes:
# always (nonzero, unique...), or when an argument past the array is an array (a repeat
# count, a size, split points).
_DATA_SHAPED = {getattr(np, name) for name in (
    "nonzero", "flatnonzero", "argwhere", "unique", "unique_all", "unique_counts",
    "unique_inverse", "unique_values", "compress", "extract", "bincount", "trim_zeros",
    "intersect1d", "union1d", "setdiff1d", "setxor1d", "histogram", "histogram_bin_edges")
    if hasattr(np, name)}
_DATA_SHAPED_METHODS = {"nonzero", "compress"}
_SIZED_BY_ARGUMENTS = {np.repeat, np.split, np.array_split, np.resize, np.pad, np.tile,
                       np.broadcast_to, np.reshape, np.lib.stride_tricks.as_strided}
_SIZED_BY_ARGUMENT_METHODS = {"repeat", "reshape", "resize"}
_NOT_SIZES = frozenset(("fill_value", "like", "dtype", "order", "device"))
_SIZE_CONSTRUCTORS = {getattr(np, name) for name in (
    "empty", "zeros", "ones", "full", "arange", "eye", "identity", "linspace", "tri")}

_SHAPE_CANDIDATES = _DATA_SHAPED | _SIZED_BY_ARGUMENTS | _SIZE_CONSTRUCTORS | {np.where}


def _has_slot(spec):
    kind = type(spec)
    if kind is Slot:
        return True
    if kind is tuple or kind is list:
        return any(_has_slot(s) for s in spec)
    if kind is dict:
        return any(_has_slot(s) for s in spec.values())
    return False


def _bool_slot(spec, metas):
    kind = type(spec)
    if kind is Slot:
        return metas[spec.index][1] == np.bool_
    if kind is tuple or kind is list:
        return any(_bool_slot(s, metas) for s in spec)
    return False


def _maybe_shaped(fn):
    try:
        return fn in _SHAPE_CANDIDATES
    except TypeError:  # unhashable
        return False


def _data_shaped(fn, arg_specs, kw_specs, metas):
    """Why ``fn``'s result shape depends on the data of its arguments, or None."""
    if type(fn) is MethodCall:
        name = fn.name
        if name in _DATA_SHAPED_METHODS:
            return f"ndarray.{name}"
        if name in _SIZED_BY_ARGUMENT_METHODS and (_has_slot(arg_specs[1:])
                                                    or _has_slot(kw_specs)):
            return f"ndarray.{name} with sizes from a tensor"
        if name == "__getitem__" and _bool_slot(arg_specs[1], metas):
            return "indexing with a boolean mask"
        return None
    if fn in _DATA_SHAPED:
        return getattr(fn, "__name__", repr(fn))
    if fn is np.where and len(arg_specs) + len(kw_specs) == 1:
        return "where with one argument"
    if fn in _SIZED_BY_ARGUMENTS and (_has_slot(arg_specs[1:]) or _has_slot(kw_specs)):
        return f"{fn.__name__} with sizes from a tensor"
    if fn in _SIZE_CONSTRUCTORS:
        sized = arg_specs[:1] if fn is np.full else arg_specs
        sized_kw = {k: v for k, v in kw_specs.items() if k not in _NOT_SIZES}
        if _has_slot(sized) or _has_slot(sized_kw):
            return f"{fn.__name__} with sizes from a tensor"
    return None


_WRITING_FUNCTIONS = {np.copyto, np.put, np.place, np.putmask, np.put_along_axis,
                      np.fill_diagonal}


# -- NumPy constructors and ember's samplers, recorded while a capture runs -----------------------
_CONSTRUCTORS = ("empty", "zeros", "ones", "full", "arange", "eye", "identity", "linspace", "tri",
                 "asarray", "asanyarray", "array", "ascontiguousarray", "frombuffer")
_SIZED_BUILDERS = ("indices", "tril_indices", "triu_indices", "diag_indices", "ix_")
_GRIDS = ("ogrid", "mgrid")
_SAMPLERS = ("rand", "randn", "randint", "randperm", "normal", "bernoulli", "uniform",
             "exponential", "multinomial", "random_")


def _contains_traced(value):
    if type(value) is Traced:
        return True
    if isinstance(value, (tuple, list)):
        return any(_contains_traced(v) for v in value)
    return False


def _recording_constructor(name, original):
    converts = name in ("asarray", "asanyarray", "array", "ascontiguousarray", "frombuffer")

    def constructor(*args, **kwargs):
        trace = _current.trace
        # Conversions of plain data stay constants; arrays made from sizes alone are made
        # again at each replay (ops write into them).
        if trace is None or trace.depth:
            return original(*args, **kwargs)
        if converts and not _contains_traced(args[:1]):
            result = original(*args, **kwargs)
            if _fixed_data(args[:1], trace):
                trace.know(result)
            return result
        return trace.call(original, args, kwargs)
    constructor.__name__ = name
    return constructor


def _fixed_data(value, trace):
    """True when ``value`` (a conversion's argument) holds no array the data may have made."""
    if isinstance(value, np.ndarray):
        return trace.is_known(value)
    if isinstance(value, (tuple, list)):
        return all(_fixed_data(v, trace) for v in value)
    return True


def _know_all(result, trace):
    if isinstance(result, np.ndarray):
        trace.know(result)
    elif isinstance(result, (tuple, list)):
        for r in result:
            _know_all(r, trace)


def _sized_builder(original):
    """A builder of index arrays from Python sizes (``np.indices``, ``np.tril_indices``):
    its results are constants of the plan, whatever the tensors hold."""
    def builder(*args, **kwargs):
        result = original(*args, **kwargs)
        trace = _current.trace
        if trace is not None and not trace.depth and _fixed_data((args, kwargs.values()),
                                                                  trace):
            _know_all(result, trace)
        return result
    builder.__name__ = original.__name__
    return builder


class _SizedGrid:
    """``np.ogrid`` / ``np.mgrid`` whose grids, made from slices of Python sizes, are
    constants of the plan."""

    def __init__(self, original):
        self.original = original

    def __getitem__(self, key):
        result = self.original[key]
        trace = _current.trace
        if trace is not None and not trace.depth:
            _know_all(result, trace)
        return result


def _recording_sampler(original):
    def sampler(*args, **kwargs):
        trace = _current.trace
        if trace is None or trace.depth:
            return original(*args, **kwargs)
        return trace.call(original, args, kwargs)
    sampler.__name__ = original.__name__
    return sampler


_ORIGINALS = {}
_ALIASES = {"modules": -1, "pairs": [], "scanned": {}}


def _replacements():
    """{original function: recording stand-in} for everything a capture routes to the trace."""
    table = {}
    for name in _CONSTRUCTORS:
        original = getattr(np, name)
        table[original] = _recording_constructor(name, original)
    for name in _SAMPLERS:
        original = getattr(_random, name, None)
        if original is not None:
            table[original] = _recording_sampler(original)
    strided = np.lib.stride_tricks.as_strided
    table[strided] = _recording_sampler(strided)
    for name in _SIZED_BUILDERS:
        table[getattr(np, name)] = _sized_builder(getattr(np, name))
    for name in _GRIDS:
        table[getattr(np, name)] = _SizedGrid(getattr(np, name))
    return table


_TABLE = {}


def _alias_sites():
    """(module, name) of every ember module global bound to a replaced function (modules that
    did ``from numpy.lib.stride_tricks import as_strided``), rescanned when modules are added."""
    import sys
    if _ALIASES["modules"] != len(sys.modules):
        # Only modules not seen before are scanned: their globals are bound at import.
        scanned = _ALIASES["scanned"]
        for module_name, module in list(sys.modules.items()):
            if module is None or not module_name.startswith("ember.") or \
                    scanned.get(module_name) is module:
                continue
            scanned[module_name] = module
            for attr, value in list(vars(module).items()):
                if callable(value) and _hashable(value) and value in _TABLE:
                    _ALIASES["pairs"].append((module, attr))
        _ALIASES["modules"] = len(sys.modules)
    return _ALIASES["pairs"]


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _grad_property(original):
    """``Tensor.grad`` that tells the running capture a gradient was read (runtime then
    guards on which parameters have one)."""
    def read(self):
        trace = _current.trace
        if trace is not None:
            trace.reads_grad = True
        return original.fget(self)
    return property(read, original.fset, original.fdel, original.__doc__)


def patch():
    """Route NumPy's constructors, ``as_strided`` and ember's samplers through the trace, and
    note reads of ``Tensor.grad``."""
    if _ORIGINALS:
        return
    from .._tensor import Tensor
    _ORIGINALS[(Tensor, "grad")] = Tensor.__dict__["grad"]
    Tensor.grad = _grad_property(Tensor.__dict__["grad"])
    if not _TABLE:
        _TABLE.update(_replacements())
    sites = [(np, name) for name in _CONSTRUCTORS + _SIZED_BUILDERS + _GRIDS] + [
        (_random, name) for name in _SAMPLERS if hasattr(_random, name)]
    sites.append((np.lib.stride_tricks, "as_strided"))
    for module, name in sites + _alias_sites():
        original = getattr(module, name)
        if original in _TABLE:
            _ORIGINALS[(module, name)] = original
            setattr(module, name, _TABLE[original])


def unpatch():
    for (module, name), original in _ORIGINALS.items():
        setattr(module, name, original)
    _ORIGINALS.clear()


class gc_paused:
    """Context: Python's cyclic garbage collector off until exit (if it was on).

    A capture makes a few small objects per recorded call (specs, slots, views) and keeps
    them all, so the collector's passes over the growing trace took about half of a long
    capture (the 1000-op chain: 8.5 -> 4.6 eager steps). Reference counting still frees what
    the capture drops; cycles wait for the next collection after it."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


class capturing:
    """Context: record into ``trace`` (NumPy patched, is_compiling() True, the garbage
    collector paused) until exit."""

    def __init__(self, trace):
        self.trace = trace

    def __enter__(self):
        self.previous = _current.trace
        _current.trace = self.trace
        self.was_capturing = _state.capturing
        _state.capturing = True
        self.paused = gc_paused().__enter__() if self.previous is None else None
        patch()
        return self.trace

    def __exit__(self, *exc):
        _current.trace = self.previous
        _state.capturing = self.was_capturing
        if self.previous is None:
            unpatch()
            self.paused.__exit__()


def sampler_functions():
    """ember's random samplers as the plan calls them (the originals, never the stand-ins)."""
    return [f for (module, _), f in _ORIGINALS.items() if module is _random] or [
        getattr(_random, name) for name in _SAMPLERS if hasattr(_random, name)]
