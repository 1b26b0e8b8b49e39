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

Device arrays (CuPy's, or the strict stand-in's) are traced by ``DeviceTraced``, which holds
the device array instead of being one; while a capture runs, each device's array module is a
``RecordingNamespace`` and its generator a recording one (``DeviceDraw`` steps), so the plan
is made of calls that replay on that device.
"""
from __future__ import annotations

import gc
import os
import sys
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
_NO_KWARGS = {}  # the keyword specs of every step recorded without any (never written)
_view = np.ndarray.view
_NUMBERS = frozenset((int, float, bool, complex))


class Trace:
    """The steps recorded so far, and which array object each slot stands for."""

    def __init__(self, fullgraph=False, keep=True, kernels=False):
        self.fullgraph = fullgraph
        # Record ember's pure array kernels (``_KERNELS``) as one step each rather than their
        # NumPy calls: a compile plan's choice; export and ONNX want the NumPy calls.
        self.kernels = kernels
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
        # shape -> the (shape, dtype) last put in metas: slots of one shape and dtype share
        # one tuple (a long chain's thousands of slots: two fewer objects each for the
        # garbage collector to go through after the capture).
        self.meta_of = {}
        self.made_metas = []     # each (shape, dtype) tuple meta() made, once (few)
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
        index = len(self.kinds)
        if isinstance(raw, np.ndarray):
            traced = np.ndarray.view(raw, Traced)
            if type(raw) is not np.ndarray:
                raw = np.ndarray.view(raw, np.ndarray)
            traced._ember = (self.token, index, raw)
        else:
            traced = DeviceTraced((self.token, index, raw))
        self.metas.append(self.meta(raw))
        self.kinds.append(kind)
        self.specs.append(Slot(index))
        if self.keep:
            self.slot_of[id(traced)] = index
            self.arrays.append(traced)
        return traced

    def meta(self, array):
        """The (shape, dtype) of ``array``, shared with the slots before it of that shape and
        dtype."""
        shape, dtype = array.shape, array.dtype
        meta = self.meta_of.get(shape)
        if meta is None or meta[1] is not dtype:
            meta = self.meta_of[shape] = (shape, dtype)
            self.made_metas.append(meta)
        return meta

    def slot_for(self, array):
        """The slot of ``array`` when this trace made it, else None."""
        kind = type(array)
        tag = getattr(array, "_ember", None) if kind is Traced else \
            array._ember if kind is DeviceTraced else None
        return tag[1] if tag is not None and tag[0] is self.token else None

    def wrap_result(self, result):
        """Traced versions of a call's result, and the spec that says where each slot is."""
        if type(result) is np.ndarray:  # a plain array already: no view of it needed
            traced = self.new_slot(result, "step")
            return traced, self.specs[-1]
        if isinstance(result, np.ndarray):
            traced = self.new_slot(_raw(result), "step")
            return traced, self.specs[-1]
        if isinstance(result, np.generic):
            traced = self.new_slot(np.asarray(result), "step")
            return traced, self.specs[-1]
        if is_device_array(result):
            traced = self.new_slot(result, "step")
            return traced, self.specs[-1]
        if isinstance(result, (tuple, list)) and result and all(
                isinstance(r, (np.ndarray, np.generic)) or is_device_array(r) for r in result):
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
            tag = getattr(value, "_ember", None)
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
        if kind is DeviceTraced:
            tag = value._ember
            if tag[0] is not self.token:
                self.note("a device array traced by another capture")
                return Const(tag[2]), tag[2]
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
                    tag = getattr(item, "_ember", None)
                    if tag is not None and tag[0] is token:
                        specs.append(self.specs[tag[1]])
                        raws.append(tag[2])
                        continue
                elif item_kind is slice and type(item.start) in _PLAIN and \
                        type(item.stop) in _PLAIN and type(item.step) in _PLAIN:
                    specs.append(Const(item))  # an index's slice of numbers (most indexing)
                    raws.append(item)
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
        elif is_device_array(value):
            if id(value) not in self.known:
                self.distrust("a device array made past the recorded calls (its values may "
                              "come from a tensor's data)")
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

    def guard_shape(self, result, out_spec, reason, bounded=False):
        """Record that a call's result shape depends on the values of its arguments: at replay
        the plan checks the shape (a ``ShapeGuard`` step), since Python code after the call
        may have read it (``len(t.nonzero())``) and later calls were recorded for it.

        In the backward, whose replay cannot hand the call to eager mode midway, such a call
        breaks the capture, except a ``bounded`` one: a bincount as ember's derivatives use
        it to scatter-add (max pooling's), whose ``minlength`` is the size of what it fills
        and whose indices are positions in it. Its length is ``minlength`` unless an index
        falls outside, where the derivative's next reshape fails in eager mode too; the plan
        checks the length and raises instead of going on."""
        if not self.splits:
            return  # one graph for export, whose shapes may depend on the data (ONNX NonZero)
        if self.backward and not bounded:
            self.note(f"{reason} (an output shape that depends on the data)")
            return
        # Not a graph break: torch's fullgraph capture accepts these ops too.
        slots = out_spec if isinstance(out_spec, tuple) else (out_spec,)
        shapes = tuple(_shape(r) for r in (result if isinstance(out_spec, tuple)
                                             else (result,)))
        self.steps.append((ShapeGuard(shapes, reason), slots, {}, None))
        self.reads.append(reason)

    def guard(self, array, reason):
        """Record a Python value read from ``array``: a ValueGuard step on its bytes (a hard
        break in the backward, whose replay cannot fall back to eager mode midway)."""
        if self.fullgraph or self.backward or not self.splits:
            self.note(reason)
            return
        self.call(ValueGuard(_host_bytes(_raw(array)), reason), (array,), {})
        self.reads.append(reason)

    def record_step(self, fn, arrays):
        """Append a call that ``fn(*arrays)`` makes at replay but that already ran (a module
        hook, see runtime.HookCall); it returns nothing the plan reads."""
        arg_specs, _ = self.encode(tuple(arrays))
        self.steps.append((fn, arg_specs, {}, None))

    def note(self, reason):
        if reason not in self.breaks:  # once per capture (a loop may read thousands)
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
                self.guard_shape(result, out_spec, reason,
                                 _bounded_bincount(fn, raw_args, raw_kwargs, result))
        return out

    def call_ufunc(self, fn, args):
        """``call`` for a ufunc's plain call on arrays and numbers (the bulk of a capture):
        the same step, recorded without the general path's checks, which cannot apply (a
        ufunc call writes into nothing without ``out=``, and its result shape is fixed by
        its arguments' shapes). A plan's trace runs it inlined (Traced.__array_ufunc__)."""
        specs, raws = [], []
        token, slot_specs = self.token, self.specs
        for item in args:
            kind = type(item)
            if kind is Traced:
                tag = getattr(item, "_ember", None)
                if tag is None or tag[0] is not token:
                    return self.call(fn, args, {})
                specs.append(slot_specs[tag[1]])
                raws.append(tag[2])
            elif kind in _PLAIN:
                specs.append(Const(item))
                raws.append(item)
            else:
                return self.call(fn, args, {})
        out, out_spec = self.wrap_result(fn(*raws))
        self.steps.append((fn, tuple(specs), _NO_KWARGS, out_spec))
        return out

    def call_kernel(self, fn, args):
        """``call`` for one of ember's pure kernels (``_KERNELS``) on this trace's arrays:
        no keywords, no writes, a result shaped by its arguments' shapes, so none of the
        general path's checks apply (a tanh's backward in a long chain: one per op)."""
        specs, raws = [], []
        token, slot_specs = self.token, self.specs
        for item in args:
            tag = getattr(item, "_ember", None) if type(item) is Traced else None
            if tag is None or tag[0] is not token:
                return self.call(fn, args, {})
            specs.append(slot_specs[tag[1]])
            raws.append(tag[2])
        self.depth += 1
        try:
            result = fn(*raws)
        finally:
            self.depth -= 1
        if type(result) is not _ndarray or self.keep:
            out, out_spec = self.wrap_result(result)
            self.steps.append((fn, tuple(specs), _NO_KWARGS, out_spec))
            return out
        # new_slot inlined for the plain array a kernel returns (as in Traced.__array_ufunc__)
        index = len(slot_specs)
        traced = _view(result, Traced)
        traced._ember = (token, index, result)
        shape = result.shape
        meta = self.meta_of.get(shape)
        if meta is None or meta[1] is not result.dtype:
            meta = self.meta(result)
        self.metas.append(meta)
        self.kinds.append("step")
        spec = _new_object(Slot)
        spec.index = index
        slot_specs.append(spec)
        self.steps.append((fn, tuple(specs), _NO_KWARGS, spec))
        return traced

    def call_method(self, fn, args):
        """``call`` for a view or copy method of this trace's array (``_CONSTANT_METHODS``) with
        constant arguments (numbers, strings, None, slices of numbers, dtypes, tuples of
        them): no keywords, no writes, a result shaped by the array's shape and the constants,
        so none of the general path's checks apply (a CNN's capture records ~200 indexings and
        reshapes). Any other argument takes the general path."""
        array = args[0]
        tag = getattr(array, "_ember", None)
        if tag is None or tag[0] is not self.token:
            return self.call(fn, args, {})
        specs = [self.specs[tag[1]]]
        for item in args[1:]:
            spec = _constant_spec(item)
            if spec is None:
                return self.call(fn, args, {})
            specs.append(spec)
        self.depth += 1
        try:
            result = fn(tag[2], *args[1:])
        finally:
            self.depth -= 1
        if type(result) is not _ndarray or self.keep:
            out, out_spec = self.wrap_result(result)
            self.steps.append((fn, tuple(specs), _NO_KWARGS, out_spec))
            return out
        # new_slot inlined, as in call_kernel
        slot_specs = self.specs
        index = len(slot_specs)
        traced = _view(result, Traced)
        traced._ember = (self.token, index, result)
        meta = self.meta_of.get(result.shape)
        if meta is None or meta[1] is not result.dtype:
            meta = self.meta(result)
        self.metas.append(meta)
        self.kinds.append("step")
        spec = _new_object(Slot)
        spec.index = index
        slot_specs.append(spec)
        self.steps.append((fn, tuple(specs), _NO_KWARGS, spec))
        return traced

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
            if isinstance(s, Const) and (isinstance(s.value, np.ndarray)
                                         or is_device_array(s.value)):
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
    """The plain-ndarray view of an array (no recording: ``view`` itself is recorded); the
    device array a ``DeviceTraced`` stands for."""
    if type(array) is DeviceTraced:
        return array._ember[2]
    return np.ndarray.view(array, np.ndarray)


def _host_bytes(value):
    """The bytes of an array's values, a device array's read through an explicit copy."""
    if isinstance(value, (np.ndarray, np.generic)) or not hasattr(value, "get"):
        return np.asarray(value).tobytes()
    return value.get().tobytes()


def _shape(value):
    shape = getattr(value, "shape", None)
    return np.shape(value) if shape is None else tuple(shape)


_DEVICE_TYPES = {}  # type -> whether it is a device library's array type


def is_device_array(value):
    """True for an array of a device library (CuPy's, or the strict stand-in's): not NumPy's,
    taking NumPy's ufunc and array-function protocols and naming its device through DLPack."""
    kind = type(value)
    known = _DEVICE_TYPES.get(kind)
    if known is None:
        known = _DEVICE_TYPES[kind] = (
            not issubclass(kind, (np.ndarray, np.generic)) and kind is not DeviceTraced
            and hasattr(kind, "__array_ufunc__") and hasattr(kind, "__array_function__")
            and hasattr(kind, "__dlpack_device__") and not getattr(kind, "_is_meta", False)
            and not any(c.__name__ == "Tensor" for c in kind.__mro__))
    return known


def note_break(reason):
    """Make the capture now running break (``fullgraph=True``: raise Unsupported instead)."""
    trace = _current.trace
    if trace is not None:
        trace.note(reason)


def _plain(value):
    if type(value) is Traced:
        return _raw(value)
    if type(value) is DeviceTraced:
        return value._ember[2]
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


# The array methods Trace.call_method records: views and copies, fixed by the array's shape.
_CONSTANT_METHODS = frozenset(("__getitem__", "reshape", "transpose", "swapaxes", "astype",
                               "copy", "ravel", "flatten", "squeeze"))


def _constant_spec(value):
    """The spec of a constant argument as ``Trace.encode`` makes it (a Const, or a tuple of
    them for a tuple), or None for a value that is no such constant (an array, a list, a
    NumPy scalar: the general path encodes those)."""
    kind = type(value)
    if kind in _PLAIN or kind is type(Ellipsis) or kind is type or isinstance(value, np.dtype):
        return Const(value)
    if kind is slice:
        if type(value.start) in _PLAIN and type(value.stop) in _PLAIN and \
                type(value.step) in _PLAIN:
            return Const(value)
        return None
    if kind is tuple:
        specs = []
        for item in value:
            spec = _constant_spec(item)
            if spec is None or type(spec) is tuple:
                return None
            specs.append(spec)
        return tuple(specs)
    return None


_CONSTS = {}  # (type, value) -> its shared Const: a Python number many steps pass (0.5)
# (Never a zero nor a NaN: a lookup of one finds nothing and goes on to _const.)
_new_object = object.__new__


def _const(value, kind):
    """The Const of a Python number, string or None, one per distinct value (the recording
    made one per recorded call). Zeros and NaNs get their own: -0.0 == 0.0, and a NaN is
    unequal to itself."""
    if not value or value != value or len(_CONSTS) >= 4096:  # noqa: PLR0124 - NaN
        return Const(value)
    const = _CONSTS.get((kind, value))
    if const is None:
        const = _CONSTS[(kind, value)] = Const(value)
    return const


_ARRAY_CONSTS = {}  # id(0-d read-only array) -> (its shared Const, the array: keeps its id)
_ndarray = np.ndarray


def _array_const(array):
    """The shared Const of a 0-d read-only array that owns its memory (elementwise's cached
    float operands: a Python float met with a float tensor, as an array of its dtype), or None
    for any other plain array (the general path decides). Read-only and owning its memory,
    its value is fixed (``Trace.is_known``), as the Python number's was."""
    known = _ARRAY_CONSTS.get(id(array))
    if known is not None:
        return known[0]
    if array.ndim or array.base is not None or array.flags.writeable or \
            len(_ARRAY_CONSTS) >= 4096:
        return None
    const = Const(array)
    _ARRAY_CONSTS[id(array)] = (const, array)
    return const


_UFUNC_WRITES = {"at": (0,)}
_UFUNC_CALLS = {}  # ufunc -> its bound __call__, the step's callee (one object per ufunc)


class _RecordedViews:
    """The view properties a traced array records as plan steps, host or device alike."""

    __slots__ = ()

    @property
    def T(self):
        return _record(_transpose_property, (self,), {})

    @property
    def mT(self):
        return _record(_mt_property, (self,), {})

    @property
    def real(self):
        return _record(np.real, (self,), {})

    @real.setter
    def real(self, value):
        _record(_set_real, (self, value), {}, writes=(0,))

    @property
    def imag(self):
        return _record(np.imag, (self,), {})

    @imag.setter
    def imag(self, value):  # ``arr.imag += 0.0`` reads the view, adds, then sets it
        _record(_set_imag, (self, value), {}, writes=(0,))


def _set_real(a, value):
    a.real = value


def _set_imag(a, value):
    a.imag = value


_VIEW_INDEX = frozenset((slice, type(None), type(Ellipsis)))


class Traced(_RecordedViews, np.ndarray):
    """An array whose operations are recorded into the capture now running."""

    # (token, slot, plain view), set by Trace.new_slot. A slot, not an instance dict: one
    # fewer object per recorded array. An array NumPy made of this class without the trace
    # (a view taken past it) has it unset, read as None.
    __slots__ = ("_ember",)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method == "__call__" and not kwargs:
            trace = _current.trace
            if trace is not None and not trace.depth:
                call = _UFUNC_CALLS.get(ufunc)
                if call is None:
                    call = _UFUNC_CALLS[ufunc] = ufunc.__call__
                if trace.keep:
                    return trace.call_ufunc(call, inputs)
                # Trace.call_ufunc inlined for a plan's trace: once per recorded ufunc call,
                # the bulk of a capture's own cost. Two arguments (the common case) unrolled.
                token, slot_specs = trace.token, trace.specs
                if len(inputs) == 2:
                    a, b = inputs
                    kind = type(a)
                    if kind is Traced:
                        tag = getattr(a, "_ember", None)
                        if tag is None or tag[0] is not token:
                            return trace.call(call, inputs, {})
                        spec_a, a = slot_specs[tag[1]], tag[2]
                    elif kind in _PLAIN:
                        spec_a = _CONSTS.get((kind, a)) or _const(a, kind)
                    elif kind is not _ndarray or (spec_a := _array_const(a)) is None:
                        return trace.call(call, inputs, {})
                    kind = type(b)
                    if kind is Traced:
                        tag = getattr(b, "_ember", None)
                        if tag is None or tag[0] is not token:
                            return trace.call(call, inputs, {})
                        spec_b, b = slot_specs[tag[1]], tag[2]
                    elif kind in _PLAIN:
                        spec_b = _CONSTS.get((kind, b)) or _const(b, kind)
                    elif kind is not _ndarray or (spec_b := _array_const(b)) is None:
                        return trace.call(call, inputs, {})
                    specs = (spec_a, spec_b)
                    result = call(a, b)
                else:
                    specs, raws = [], []
                    for item in inputs:
                        kind = type(item)
                        if kind is Traced:
                            tag = getattr(item, "_ember", None)
                            if tag is None or tag[0] is not token:
                                return trace.call(call, inputs, {})
                            specs.append(slot_specs[tag[1]])
                            raws.append(tag[2])
                        elif kind in _PLAIN:
                            specs.append(_const(item, kind))
                            raws.append(item)
                        else:
                            return trace.call(call, inputs, {})
                    specs = tuple(specs)
                    result = call(*raws)
                if type(result) is not np.ndarray:
                    out, out_spec = trace.wrap_result(result)
                    trace.steps.append((call, specs, _NO_KWARGS, out_spec))
                    return out
                kinds = trace.kinds
                index = len(kinds)
                traced = _view(result, Traced)
                traced._ember = (token, index, result)
                shape = result.shape
                meta = trace.meta_of.get(shape)
                if meta is None or meta[1] is not result.dtype:
                    meta = trace.meta(result)
                trace.metas.append(meta)
                kinds.append("step")
                spec = _new_object(Slot)  # Slot(index) without its __init__ call
                spec.index = index
                slot_specs.append(spec)
                trace.steps.append((call, specs, _NO_KWARGS, spec))
                return traced
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
        kind = type(key)
        if kind is slice or (kind is tuple and any(type(k) in _VIEW_INDEX for k in key)):
            pass  # a slice, None or Ellipsis in the index: NumPy gives an array, never a scalar
        elif isinstance(np.ndarray.__getitem__(_raw(self), key), np.generic):
            # A full integer index gives NumPy's scalar copy; the plan keeps the 0-d view that
            # ember's indexing takes in that case (writes through it reach the array).
            key = (*key, Ellipsis) if type(key) is tuple else (key, Ellipsis)
        trace = _current.trace
        if trace is None or trace.depth:
            return np.ndarray.__getitem__(_raw(self), _plain(key))
        return trace.call_method(_GETITEM, (self, key))


class DeviceTraced(_RecordedViews):
    """A device array (CuPy's, or the stand-in's) whose operations are recorded into the
    capture now running: ``Traced`` for arrays that are not NumPy's.

    It holds the device array (``_ember``: token, slot, array) rather than being one, so it
    works for any device library that takes NumPy's protocols: ufuncs and array functions
    dispatch here and run on the device array, its methods and operators are recorded as
    method calls, and ``xp``'s own functions reach the trace through the recording namespace
    a capture puts in place of each device's (``RecordingNamespace``). The plan's steps are
    then the same NumPy protocol calls, methods and ``xp`` functions, which replay on that
    device's arrays. A read of its values into Python is a guard, as for ``Traced``; anything
    that takes its memory past these paths (DLPack, the CUDA array interface) breaks the
    capture, and what took it still computes the right value from the device array.
    """

    __slots__ = ("__weakref__", "_ember")
    __array_priority__ = 1000
    __hash__ = None

    def __init__(self, tag):
        self._ember = tag

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        writes = _UFUNC_WRITES.get(method, ())
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
            kwargs["out"] = _rewrapped(kwargs["out"], self)
        if method == "at":  # its indices may be host arrays (copied over, as CuPy does)
            inputs = (_rewrapped(inputs[0], self), inputs[1], *_rewrapped(inputs[2:], self))
        else:
            inputs = _rewrapped(inputs, self)
        return _record(getattr(ufunc, method), inputs, kwargs, writes)

    def __array_function__(self, func, types, args, kwargs):
        if func in _METADATA:
            return func(*_plain(args), **_plain(kwargs))
        writes = (0,) if func in _WRITING_FUNCTIONS else ()
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(func, _rewrapped(args, self), kwargs, writes)

    def __array__(self, dtype=None, copy=None):
        if _current.trace is None:
            return self._ember[2].__array__(dtype)  # refused, as the device library refuses it
        # Code that takes the memory by a path the trace cannot follow (a device library's
        # own function writing into one of its arrays): it gets the values, the plan breaks.
        note_break("a device array's values taken past the recorded calls")
        host = self._ember[2].get()
        return host if dtype is None else host.astype(dtype, copy=False)

    # Metadata of the device array: fixed by the signature, read without a step.
    shape = property(lambda self: self._ember[2].shape)
    dtype = property(lambda self: self._ember[2].dtype)
    ndim = property(lambda self: self._ember[2].ndim)
    size = property(lambda self: self._ember[2].size)
    strides = property(lambda self: self._ember[2].strides)
    itemsize = property(lambda self: self._ember[2].itemsize)
    nbytes = property(lambda self: self._ember[2].nbytes)
    flags = property(lambda self: self._ember[2].flags)
    device = property(lambda self: self._ember[2].device)

    def __len__(self):
        return len(self._ember[2])

    def __getattr__(self, name):
        value = getattr(self._ember[2], name)
        if callable(value) and not isinstance(value, type):
            return _device_method(self, name)
        return value  # the memory's owner, its base: identities, not values

    def __getitem__(self, key):
        return _record(_GETITEM, (self, key), {})

    def __setitem__(self, key, value):
        _record(_SETITEM, (self, key, value), {}, (0,))

    # Python values read from the data: the eager result, and a guard on the values read.
    def item(self, *args):
        _read(self, "a Python number read from a tensor (.item())")
        return self._ember[2].item(*args)

    def tolist(self):
        _read(self, "a tensor converted to a Python list (.tolist())")
        return self._ember[2].tolist()

    def __bool__(self):
        value = bool(self._ember[2])
        trace = _current.trace
        if trace is not None and not trace.depth:
            trace.call(_expect_true if value else _expect_false, (self,), {})
        return value

    def __float__(self):
        _read(self, "a Python float read from a tensor")
        return float(self._ember[2])

    def __int__(self):
        _read(self, "a Python int read from a tensor")
        return int(self._ember[2])

    def __index__(self):
        _read(self, "a tensor used as a Python index")
        return operator_index(self._ember[2])

    def __complex__(self):
        _read(self, "a Python complex read from a tensor")
        return complex(self._ember[2])

    def __repr__(self):
        _read(self, "a tensor's values printed")
        return repr(self._ember[2])

    def __str__(self):
        _read(self, "a tensor's values printed")
        return str(self._ember[2])

    def __format__(self, spec):
        _read(self, "a tensor's values formatted")
        return format(self._ember[2], spec)

    def __iter__(self):
        note_break("iteration over a tensor's array")
        return iter(self._ember[2])

    def __reduce_ex__(self, protocol):
        note_break("a tensor's array pickled")
        return self._ember[2].__reduce_ex__(protocol)

    def __dlpack__(self, *args, **kwargs):
        note_break("an array's memory exported through DLPack")
        return self._ember[2].__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._ember[2].__dlpack_device__()

    @property
    def __cuda_array_interface__(self):
        note_break("an array's memory read through the CUDA array interface")
        return self._ember[2].__cuda_array_interface__


def _rewrapped(values, traced):
    """``values`` with the device arrays the stand-in unwrapped before handing the call over
    put back: the stand-in's own protocol runs first when its array is the left operand, and
    hands NumPy its arrays' host data; they are wrapped again, on the traced array's device
    (outside a capture: a traced array an op kept, as a saved value)."""
    from .. import _backend
    if not _backend.STANDIN_DEVICES:
        return values
    kind = type(values)
    if kind is np.ndarray:
        return _backend.standin_array(values, _backend.device_index(traced._ember[2]))
    if kind is tuple or kind is list:
        if not any(type(v) is np.ndarray or type(v) in (tuple, list) for v in values):
            return values
        return kind(_rewrapped(v, traced) for v in values)
    return values


def _device_method(array, name):
    call = _METHOD_CALLS.get(name)
    if call is None:
        call = _METHOD_CALLS[name] = MethodCall(name)

    def method(*args, **kwargs):
        writes = (0,) if name in _WRITING_METHODS else ()
        if kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(call, (array, *args), kwargs, writes)
    return method


def _binary(ufunc):
    def operator(self, other):
        return ufunc(self, other)
    return operator


def _unary(ufunc):
    def operator(self):
        return ufunc(self)
    return operator


def _reflected(ufunc):
    def operator(self, other):
        return ufunc(other, self)
    return operator


def _in_place(name):
    call = MethodCall(name)

    def operator(self, other):
        return _record(call, (self, other), {}, (0,))
    return operator


_METHOD_CALLS = {}


class DeviceCall:
    """A function of a device's array module (``xp.<name>``) as a plan step; ``numpy`` is
    NumPy's function of that name (what the capture knows about its shapes and writes)."""

    __slots__ = ("fn", "name", "numpy", "writes")

    def __init__(self, fn, name):
        self.fn, self.name = fn, name
        self.numpy = getattr(np, name, None)
        self.writes = (0,) if name in _WRITING_NAMES else ()

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def __repr__(self):
        return f"xp.{self.name}"


_WRITING_NAMES = frozenset(("copyto", "put", "place", "putmask", "put_along_axis",
                            "fill_diagonal", "scatter_add"))
_SUBMODULES = frozenset(("special", "fft", "linalg", "stride_tricks", "lib"))


class RecordingNamespace:
    """A device's array module (``xp``) while a capture runs: its creation functions are
    recorded as NumPy's are, its other functions become ``DeviceCall`` steps, its
    submodules (``special``, ``fft``, ``linalg``) record the same way; ufuncs, types and
    constants are the module's own."""

    def __init__(self, module):
        self._module = module
        self._made = {}

    def __getattr__(self, name):
        made = self._made.get(name)
        if made is None:
            value = getattr(self._module, name)
            if name in _SUBMODULES:
                made = RecordingNamespace(value)
            elif name in _CONSTRUCTORS or name in _LIKE:
                made = _recording_constructor(name, value)
            elif name == "random":
                made = _Unrecorded(value)
            elif not callable(value) or isinstance(value, (type, np.ufunc)) or name == "cuda":
                made = value
            else:
                made = _device_function(DeviceCall(value, name))
            self._made[name] = made
        return made


_LIKE = frozenset(("zeros_like", "ones_like", "empty_like", "full_like"))


class _Unrecorded:
    """``xp.random`` while a capture runs: making a generator (from a seed, with NumPy's
    own arrays inside) is no step of the plan; its draws are, through ember's samplers."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type):
            return value

        def unrecorded(*args, **kwargs):
            trace = _current.trace
            if trace is None:
                return value(*args, **kwargs)
            trace.depth += 1
            try:
                return value(*args, **kwargs)
            finally:
                trace.depth -= 1
        return unrecorded


def _device_function(call):
    def function(*args, **kwargs):
        return _record(call, args, kwargs, call.writes)
    function.__name__ = call.name
    return function


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
        if _host_bytes(value) != self.expected:
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
        if tuple(_shape(a) for a in arrays) != self.expected:
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
    written = (0,) if name in _WRITING_METHODS else ()
    if name in _CONSTANT_METHODS:
        def method(self, *args, **kwargs):
            trace = _current.trace
            if trace is None or trace.depth:
                return fn_of(_raw(self))(*_plain(args), **_plain(kwargs))
            if kwargs:
                return trace.call(call, (self, *args), kwargs)
            return trace.call_method(call, (self, *args))

        def fn_of(array):
            return getattr(array, name)
        method.__name__ = name
        return method

    def method(self, *args, **kwargs):
        writes = written
        if kwargs and kwargs.get("out") is not None:
            writes = (*writes, "out")
        return _record(call, (self, *args), kwargs, writes)
    method.__name__ = name
    return method


_WRITING_METHODS = {"__setitem__", "fill", "sort", "put", "partition", "itemset", "resize",
                    "setfield", "__iadd__", "__isub__", "__imul__", "__itruediv__",
                    "__ifloordiv__", "__imod__", "__ipow__", "__imatmul__", "__iand__",
                    "__ior__", "__ixor__", "__ilshift__", "__irshift__"}
_GETITEM = MethodCall("__getitem__")
_SETITEM = MethodCall("__setitem__")
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
        for item in spec:  # an index of constants (slices, numbers) seen without a call each
            if type(item) is not Const and _bool_slot(item, metas):
                return True
    return False


def _maybe_shaped(fn):
    if type(fn) is DeviceCall:
        fn = fn.numpy
    try:
        return fn in _SHAPE_CANDIDATES
    except TypeError:  # unhashable
        return False


def _bounded_bincount(fn, args, kwargs, result):
    """True for a bincount call whose result is exactly ``minlength`` long (every index
    below it), see Trace.guard_shape."""
    if type(fn) is DeviceCall:
        fn = fn.numpy
    if fn is not np.bincount:
        return False
    minlength = kwargs.get("minlength", args[2] if len(args) > 2 else None)
    return isinstance(minlength, (int, np.integer)) and minlength > 0 \
        and _shape(result) == (int(minlength),)


def _data_shaped(fn, arg_specs, kw_specs, metas):
    """Why ``fn``'s result shape depends on the data of its arguments, or None."""
    if type(fn) is DeviceCall:
        fn = fn.numpy
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
    if type(value) is Traced or type(value) is DeviceTraced:
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
        if not _made_by_ember_or_numpy(sys._getframe(1)):
            # The region's own code made an array by NumPy, directly or through compiled
            # code such as a NumPy Generator's draw, which fills it where no step can see:
            # replaying the constructor alone would give stale or uninitialised memory.
            trace.note(f"numpy.{name} called by the region's own code (e.g. a NumPy random "
                       f"draw), which a plan cannot replay")
            return original(*args, **kwargs)
        if converts and not _contains_traced(args[:1]):
            result = original(*args, **kwargs)
            if _fixed_data(args[:1], trace):
                trace.know(result)
            return result
        return trace.call(original, args, kwargs)
    constructor.__name__ = name
    return constructor


_OWN_CODE = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,
             os.path.dirname(os.path.abspath(np.__file__)) + os.sep)


_OWN_FILES = {}  # code object's file name -> whether it is ember's or NumPy's


def _made_by_ember_or_numpy(frame):
    """Whether the Python code that called a NumPy constructor is ember's or NumPy's own (a
    call from compiled code, such as a NumPy Generator method, shows its Python caller)."""
    if frame is None:
        return False
    name = frame.f_code.co_filename
    own = _OWN_FILES.get(name)
    if own is None:
        own = _OWN_FILES[name] = os.path.abspath(name).startswith(_OWN_CODE)
    return own


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


class DeviceDraw:
    """A draw from a CUDA device's generator as a plan step. The generator is looked up at
    each call, as eager mode looks it up (``manual_seed`` gives a device a new one), and draws
    as it would in eager mode."""

    __slots__ = ("index", "lookup", "name")

    def __init__(self, index, name, lookup):
        self.index, self.name, self.lookup = index, name, lookup

    def __call__(self, *args, **kwargs):
        return getattr(self.lookup(self.index), self.name)(*args, **kwargs)

    def __repr__(self):
        return f"cuda_generator({self.index}).{self.name}"


class _RecordingGenerator:
    """A CUDA device's generator while a capture runs: each draw is a ``DeviceDraw`` step
    (NumPy's arrays made inside the draw are not)."""

    def __init__(self, index, lookup):
        self._index, self._lookup = index, lookup

    def __getattr__(self, name):
        value = getattr(self._lookup(self._index), name)
        if not callable(value):
            return value
        draw = DeviceDraw(self._index, name, self._lookup)

        def method(*args, **kwargs):
            trace = _current.trace
            if trace is None or trace.depth:
                return draw(*args, **kwargs)
            return trace.call(draw, args, kwargs)
        return method


def _recording_cuda_generator(original):
    def cuda_generator(index):
        trace = _current.trace
        if trace is None or trace.depth:
            return original(index)
        return _RecordingGenerator(index, original)
    cuda_generator.__name__ = original.__name__
    return cuda_generator


def _recording_sampler(original):
    def sampler(*args, **kwargs):
        trace = _current.trace
        if trace is None or trace.depth:
            return original(*args, **kwargs)
        return trace.call(original, args, kwargs)
    sampler.__name__ = original.__name__
    return sampler


def _recording_kernel(original):
    """A pure array kernel of ember's ops while a capture runs: one step of the plan, run on
    the plain arrays (its own NumPy calls unrecorded), instead of one step per NumPy call."""
    def kernel(*args):
        trace = _current.trace
        if trace is None or trace.depth or not trace.kernels:
            return original(*args)
        return trace.call_kernel(original, args)
    kernel.__name__ = original.__name__
    kernel.__wrapped__ = original
    return kernel


# ember's array kernels that are pure functions of their array arguments: each makes a new
# array, writes into nothing else, draws nothing and reads no value into Python (shapes,
# dtypes and layouts only, fixed by a plan's signature). Recorded as one step each (their
# NumPy calls cost a recorded step apiece), and replayed as eager mode runs them, in the
# intra-op threads where they use them. (module, names).
_KERNELS = (("ember.ops.elementwise", ("_tanh_backward_kernel", "_sigmoid_backward_kernel",
                                       "_relu_backward_kernel", "_exp32", "_log32",
                                       "_expm1_32", "_log10")),
            ("ember.ops.activation", ("_elementwise",)))
# Those of them that also take ``out=``, an array of their result's shape and dtype to write
# into (runtime._reuse hands them a temporary they read for the last time).
_OUT_KERNELS = frozenset({"_relu_backward_kernel"})


def _kernel_sites():
    sites = []
    for module_name, names in _KERNELS:
        module = sys.modules.get(module_name)
        if module is not None:
            sites.extend((module, name) for name in names if hasattr(module, name))
    return sites


_KERNEL_FUNCTIONS = set()  # the kernels' originals (the plan calls them)
_ORIGINALS = {}
# ember module globals bound to a replaced function besides the places patch() names itself
# (a module that did ``from numpy.lib.stride_tricks import as_strided``): a fixed list, kept
# complete by test_capture's scan of every ember module's globals. Scanning them at a
# process's first capture cost it 1 ms (0.15 eager steps of the 1000-op chain).
_ALIAS_SITES = (("ember.ops.conv", "as_strided"),)


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
    table[_random.cuda_generator] = _recording_cuda_generator(_random.cuda_generator)
    for name in _SIZED_BUILDERS:
        table[getattr(np, name)] = _sized_builder(getattr(np, name))
    for name in _GRIDS:
        table[getattr(np, name)] = _SizedGrid(getattr(np, name))
    for module, name in _kernel_sites():
        original = getattr(module, name)
        _KERNEL_FUNCTIONS.add(original)
        table[original] = _recording_kernel(original)
    return table


_TABLE = {}


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


def _patched_sites():
    """(module, name) of every global a capture points at its recording stand-in."""
    sites = [(np, name) for name in _CONSTRUCTORS + _SIZED_BUILDERS + _GRIDS] + [
        (_random, name) for name in _SAMPLERS if hasattr(_random, name)]
    sites.append((np.lib.stride_tricks, "as_strided"))
    sites.append((_random, "cuda_generator"))
    sites += _kernel_sites()
    for module_name, name in _ALIAS_SITES:
        module = sys.modules.get(module_name)
        if module is not None:
            sites.append((module, name))
    return sites


SEED_REASON = ("a random generator seeded or its state set inside the region (a plan would "
               "draw on from where the last call left the generator)")
# The generators' methods that move them to another place in their stream: a plan replays
# draws, not these (a DeviceGenerator's get_state starts a new stream, see ember._random).
_SEEDING = (("Generator", ("manual_seed", "set_state")),
            ("DeviceGenerator", ("manual_seed", "set_state", "get_state")))


def _seeding(original):
    """A generator method that breaks the capture now running (``SEED_REASON``)."""
    def seeding(self, *args, **kwargs):
        trace = _current.trace
        if trace is not None:
            trace.note(SEED_REASON)
        return original(self, *args, **kwargs)
    seeding.__name__ = original.__name__
    return seeding


_SEEDING_TABLE = {}  # (class, name) -> its breaking stand-in, made once
PRINT_REASON = "print() inside the region (a plan replays array calls, not Python's output)"


def _printing(original):
    """``print`` while a capture runs: it prints, and the capture breaks (``PRINT_REASON``),
    so that every call prints as in eager mode (torch breaks its graph at a print too)."""
    def print_(*args, **kwargs):
        trace = _current.trace
        if trace is not None:
            trace.note(PRINT_REASON)
        return original(*args, **kwargs)
    print_.__name__ = "print"
    return print_


_SITES = [None, ()]  # (ids of the _SITE_MODULES when found, _patched_sites() then)
# The modules whose sites _patched_sites() finds only once they are imported.
_SITE_MODULES = tuple(sorted({name for name, _ in _KERNELS} | {name for name, _ in _ALIAS_SITES}))
_STAND_INS = {}  # (original, maker) -> its stand-in, made once


def _stand_in(original, maker):
    """``maker(original)``, made at the first capture that patches ``original``."""
    known = _STAND_INS.get((original, maker))
    if known is None:
        known = _STAND_INS[(original, maker)] = maker(original)
    return known


def patch():
    """Route NumPy's constructors, ``as_strided`` and ember's samplers through the trace, and
    note reads of ``Tensor.grad``, (re)seedings of ember's generators and prints."""
    if _ORIGINALS:
        return
    from .._tensor import Tensor
    original = _ORIGINALS[(Tensor, "grad")] = Tensor.__dict__["grad"]
    Tensor.grad = _stand_in(original, _grad_property)
    for class_name, names in _SEEDING:
        cls = getattr(_random, class_name)
        for name in names:
            stand_in = _SEEDING_TABLE.get((cls, name))
            if stand_in is None:
                stand_in = _SEEDING_TABLE[(cls, name)] = _seeding(cls.__dict__[name])
            _ORIGINALS[(cls, name)] = cls.__dict__[name]
            setattr(cls, name, stand_in)
    import builtins
    original = _ORIGINALS[(builtins, "print")] = builtins.print
    builtins.print = _stand_in(original, _printing)
    if not _TABLE:
        _TABLE.update(_replacements())
    # The sites change only when a module that has some is imported (or imported again).
    loaded = tuple([id(sys.modules.get(name)) for name in _SITE_MODULES])
    if _SITES[0] != loaded:
        _SITES[:] = loaded, _patched_sites()
    table = _TABLE
    for module, name in _SITES[1]:
        original = getattr(module, name)
        stand_in = table.get(original)
        if stand_in is not None:
            _ORIGINALS[(module, name)] = original
            setattr(module, name, stand_in)
    from .. import _backend
    namespaces = _backend._NAMESPACES
    for index, xp in list(namespaces.items()):
        recording = _RECORDING.get(index)
        if recording is None or recording._module is not xp:
            recording = _RECORDING[index] = RecordingNamespace(xp)
        _DEVICE_ORIGINALS[index] = xp
        namespaces[index] = recording


_RECORDING = {}         # device index -> the RecordingNamespace of its array module
_DEVICE_ORIGINALS = {}  # device index -> its array module, while patched


def unpatch():
    for (module, name), original in _ORIGINALS.items():
        setattr(module, name, original)
    _ORIGINALS.clear()
    from .. import _backend
    _backend._NAMESPACES.update(_DEVICE_ORIGINALS)
    _DEVICE_ORIGINALS.clear()


class gc_paused:
    """Context: Python's cyclic garbage collector off until exit (if it was on).

    A capture makes a few small objects per recorded call (specs, slots, views) and keeps
    them all, so the collector's passes over the growing trace took about half of a long
    capture (the 1000-op chain: 8.5 -> 4.6 eager steps). Reference counting still frees what
    the capture drops; cycles wait for the next collection after it.

    On exit every object the collector tracks goes to its oldest generation untraversed
    (``gc.freeze`` then ``gc.unfreeze``, two list splices): the pause left thousands of young
    objects that the plan keeps for good, and the first young collection after it went
    through them all (1.7 ms, 0.16 eager steps of the chain's first call). Garbage cycles
    made before then wait for the next full collection. Skipped when the program has frozen
    objects itself (``unfreeze`` would release them)."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        if self.was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
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


# DeviceTraced's operators: NumPy's ufuncs (recorded as any ufunc call), in-place ones as
# method calls that write into the array.
for _name, _ufunc in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                      ("truediv", np.true_divide), ("floordiv", np.floor_divide),
                      ("mod", np.remainder), ("pow", np.power), ("matmul", np.matmul),
                      ("and", np.bitwise_and), ("or", np.bitwise_or), ("xor", np.bitwise_xor),
                      ("lshift", np.left_shift), ("rshift", np.right_shift),
                      ("divmod", np.divmod)):
    setattr(DeviceTraced, f"__{_name}__", _binary(_ufunc))
    setattr(DeviceTraced, f"__r{_name}__", _reflected(_ufunc))
    if _name not in ("divmod",):
        setattr(DeviceTraced, f"__i{_name}__", _in_place(f"__i{_name}__"))
for _name, _ufunc in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                      ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    setattr(DeviceTraced, f"__{_name}__", _binary(_ufunc))
for _name, _ufunc in (("neg", np.negative), ("pos", np.positive), ("abs", np.absolute),
                      ("invert", np.invert)):
    setattr(DeviceTraced, f"__{_name}__", _unary(_ufunc))
del _name, _ufunc
