"""A recorded trace turned into something that runs it: one call per recorded array call.

``build`` gives a ``Program``: called with the plan's input arrays, it runs the recorded calls
in order and returns the requested slots' arrays. It starts as a list of *ops* over a register
list read by one loop: a small tuple per step for the common forms (an array function of one
or two arrays and numbers, with or without ``out=``), and for any other form a small function
made from a *template*: the text of a call with its arrays, constants and callee left as
names (``r[o0] = fn(r[s0], k0, out=r[s1])``), compiled once per process for every step of
that form. Building a plan of thousands of calls then costs no Python compilation and little
memory. After ``COMPILE_AFTER`` runs a plan has shown it is replayed often; it is then written
as one straight-line Python function (each result a local ``v<slot>``, the callees and
non-literal constants its globals), which runs the calls with no per-step dispatch: the
source compilation is paid only by plans that are used a lot. Either way a replay costs the
array calls: no Tensor, no Node, no dispatch.
"""
from __future__ import annotations

import math
import time
from operator import methodcaller as _methodcaller

import numpy as np

from .capture import Const, MethodCall, Slot

_ufunc = np.ufunc

_LITERALS = (bool, int, str, type(None), type(Ellipsis))


class _Namespace:
    """The globals of a generated function: the callables and constants it refers to."""

    def __init__(self):
        self.names = {}
        self.by_id = {}

    def name_of(self, value, prefix):
        key = id(value)
        name = self.by_id.get(key)
        if name is None:
            name = f"{prefix}{len(self.names)}"
            self.names[name] = value
            self.by_id[key] = name
        return name


def _render(spec, namespace):
    if isinstance(spec, Slot):
        return f"v{spec.index}"
    if isinstance(spec, tuple):
        inner = ", ".join(_render(s, namespace) for s in spec)
        return f"({inner},)" if len(spec) == 1 else f"({inner})"
    if isinstance(spec, list):
        return "[" + ", ".join(_render(s, namespace) for s in spec) + "]"
    if isinstance(spec, dict):
        return "{" + ", ".join(f"{k!r}: {_render(v, namespace)}" for k, v in spec.items()) + "}"
    value = spec.value
    if type(value) in _LITERALS or (type(value) is float and math.isfinite(value)):
        return repr(value)
    if type(value) is slice and all(type(p) in _LITERALS for p in
                                    (value.start, value.stop, value.step)):
        return repr(value)
    if type(value) is tuple and all(type(v) in _LITERALS for v in value):
        return repr(value)
    return namespace.name_of(value, "c")


def _target(out_spec):
    if out_spec is None:
        return None
    if isinstance(out_spec, Slot):
        return f"v{out_spec.index}"
    return "(" + ", ".join(_target(s) for s in out_spec) + ",)"


# A recorded ufunc call's callee is the ufunc's bound ``__call__`` (how the capture tells a plain
# call from ``reduce`` or ``at``). A plan calls the ufunc itself instead: the same call, through
# NumPy's vectorcall rather than the method wrapper's tuple of arguments. The 1000-op chain's
# replay (process CPU time, three alternating runs): 1.15-1.23 -> 1.02-1.10 ms in the template
# phase, 1.02-1.09 -> 0.88-0.89 ms as source.
# id(a ufunc's bound __call__) -> (it, the ufunc): one per ufunc (capture._UFUNC_CALLS keeps
# the same one), held so that its id stays its own.
_DIRECT = {}


def _direct(fn):
    """What a plan calls for the recorded callee ``fn``."""
    known = _DIRECT.get(id(fn))
    if known is not None:
        return known[1]
    owner = getattr(fn, "__self__", None)
    if type(owner) is _ufunc and getattr(fn, "__name__", None) == "__call__":
        _DIRECT[id(fn)] = (fn, owner)
        return owner
    return fn


def source_function(steps, inputs, outputs, name, outs=None, frees=None):
    """A function ``name(*arrays of inputs) -> tuple of arrays of outputs`` running ``steps``
    as straight-line Python (its source in ``.source``); ``outs``: {step position: the slot
    whose array that step writes its result into (``out=``)}, see runtime._reuse; ``frees``:
    {step position: slots no later step reads, dropped after it (``del``)}, see
    runtime._frees."""
    namespace = _Namespace()
    outs = outs or {}
    frees = frees or {}
    lines = [f"def {name}({', '.join(f'v{i}' for i in inputs)}):"]
    for position, (fn, arg_specs, kw_specs, out_spec) in enumerate(steps):
        if type(fn) is MethodCall:
            callee, arg_specs = f"{_render(arg_specs[0], namespace)}.{fn.name}", arg_specs[1:]
        else:
            callee = namespace.name_of(_direct(fn), "f")
        into = outs.get(position)
        call = callee + "(" + ", ".join(
            [_render(a, namespace) for a in arg_specs]
            + [f"{k}={_render(v, namespace)}" for k, v in kw_specs.items()]
            + ([] if into is None else [f"out=v{into}"])) + ")"
        target = _target(out_spec)
        lines.append(f"    {target} = {call}" if target else f"    {call}")
        dead = frees.get(position)
        if dead:
            lines.append("    del " + ", ".join(f"v{s}" for s in dead))
    returned = ", ".join(f"v{i}" for i in outputs)
    lines.append(f"    return ({returned},)" if outputs else "    return ()")
    source = "\n".join(lines)
    scope = dict(namespace.names)
    exec(compile(source, f"<ember plan {name}>", "exec"), scope)  # noqa: S102 - our own source
    function = scope[name]
    function.source = source
    return function


# After this many runs a plan is compiled to straight-line source (see the module docstring).
COMPILE_AFTER = 16
_TEMPLATES = {}


class _Pattern:
    """A step's call written with placeholders, and the values that fill them in order."""

    def __init__(self):
        self.values = []
        self.names = []

    def bind(self, value, prefix):
        name = f"{prefix}{len(self.names)}"
        self.names.append(name)
        self.values.append(value)
        return name

    def render(self, spec):
        kind = type(spec)
        if kind is Slot:
            return f"r[{self.bind(spec.index, 's')}]"
        if kind is tuple:
            inner = ", ".join(self.render(s) for s in spec)
            return f"({inner},)" if len(spec) == 1 else f"({inner})"
        if kind is list:
            return "[" + ", ".join(self.render(s) for s in spec) + "]"
        if kind is dict:
            return "{" + ", ".join(f"{k!r}: {self.render(v)}" for k, v in spec.items()) + "}"
        return self.bind(spec.value, "k")

    def target(self, out_spec):
        if type(out_spec) is Slot:
            return f"r[{self.bind(out_spec.index, 'o')}]"
        return "(" + ", ".join(self.target(s) for s in out_spec) + ",)"


_FLAT_TEMPLATES = {}


def _flat_step(fn, arg_specs, kw_specs, out_spec):
    """``_step_function`` for a flat form, slots and constants (positional or by keyword) into
    one slot: its template is found by the form's kinds, with no text rendered; None for
    another form."""
    if type(out_spec) is not Slot:
        return None
    kinds, values = [], []
    keywords = tuple(kw_specs) if kw_specs else ()
    first_keyword = len(arg_specs)
    specs = (*arg_specs, *kw_specs.values()) if kw_specs else arg_specs
    for position, spec in enumerate(specs):
        kind = type(spec)
        if kind is Slot:
            kinds.append(True)
            values.append(spec.index)
        elif kind is Const:
            kinds.append(False)
            values.append(spec.value)
        elif (position >= first_keyword and kind is tuple and len(spec) == 1
              and type(spec[0]) is Slot):
            kinds.append(None)  # out=(slot,) by keyword, as a ufunc's out= is recorded
            values.append(spec[0].index)
        elif kind is tuple and all(type(item) is Const for item in spec):
            # A tuple of constants (a reshape's or transpose's shape) is one constant: the
            # same immutable tuple at every run, where rendering its form as text cost a CNN's
            # capture ~90 µs per step until its template was compiled.
            kinds.append(False)
            values.append(tuple([item.value for item in spec]))
        else:
            return None
    key = (fn.name if type(fn) is MethodCall else None, tuple(kinds), keywords)
    factory = _FLAT_TEMPLATES.get(key)
    if factory is None:
        if not _frequent(key):
            return _generic_step(fn, arg_specs, kw_specs, out_spec)
        factory = _FLAT_TEMPLATES[key] = _flat_template(*key)
    return factory(fn, out_spec.index, *values)


# A form's template is compiled (~50 µs) once this process has built this many steps of it;
# until then its steps run as generic ones. A plan of a few dozen steps mostly has forms it
# uses once or twice: compiling a template for each cost the MLP-and-loss capture a third of
# an eager step in a fresh process, for a template phase that lasts COMPILE_AFTER runs.
TEMPLATE_AFTER = 8
_FORM_COUNTS = {}


def _frequent(key):
    count = _FORM_COUNTS.get(key, 0) + 1
    _FORM_COUNTS[key] = count
    return count >= TEMPLATE_AFTER


def _resolve(spec, r):
    """A step argument's value at run time: a slot's array, a constant's value, or a tuple,
    list or dict of them."""
    kind = type(spec)
    if kind is Slot:
        return r[spec.index]
    if kind is Const:
        return spec.value
    if kind is tuple:
        return tuple([_resolve(s, r) for s in spec])
    if kind is list:
        return [_resolve(s, r) for s in spec]
    return {k: _resolve(v, r) for k, v in spec.items()}


def _assign(out_spec, result, r):
    """Put a step's result into its slots (a tuple of slots unpacks it, as ``a, b = ...``)."""
    if type(out_spec) is Slot:
        r[out_spec.index] = result
        return
    items = tuple(result)
    if len(items) != len(out_spec):
        raise ValueError(f"expected {len(out_spec)} values to unpack, got {len(items)}")
    for spec, item in zip(out_spec, items):
        _assign(spec, item, r)


def _generic_step(fn, arg_specs, kw_specs, out_spec):
    """The step as a function of ``r`` that reads its specs at each run: no compilation."""
    if kw_specs:
        def step(r):
            result = fn(*[_resolve(s, r) for s in arg_specs],
                        **{k: _resolve(v, r) for k, v in kw_specs.items()})
            if out_spec is not None:
                _assign(out_spec, result, r)
    else:
        def step(r):
            result = fn(*[_resolve(s, r) for s in arg_specs])
            if out_spec is not None:
                _assign(out_spec, result, r)
    return step


def _flat_template(method, kinds, keywords):
    """The factory of steps of one flat form: ``make(f, o, *values) -> step(r)``."""
    names = [f"k{i}" if slot is False else f"s{i}" for i, slot in enumerate(kinds)]
    args = [n if slot is False else f"r[{n}]" if slot else f"(r[{n}],)"
            for n, slot in zip(names, kinds)]
    if keywords:
        args[-len(keywords):] = [f"{k}={a}" for k, a in zip(keywords, args[-len(keywords):])]
    callee = "f" if method is None else f"{args.pop(0)}.{method}"
    source = (f"def make(f, o, {', '.join(names)}):\n"
              f"    def step(r):\n        r[o] = {callee}({', '.join(args)})\n"
              f"    return step")
    scope = {}
    exec(compile(source, "<ember plan step>", "exec"), scope)  # noqa: S102 - our own source
    return scope["make"]


def _step_function(fn, arg_specs, kw_specs, out_spec):
    """The step as a function of the register list ``r``, from its (cached) template."""
    step = _flat_step(fn, arg_specs, kw_specs, out_spec)
    if step is not None:
        return step
    pattern = _Pattern()
    args = arg_specs
    if type(fn) is MethodCall:
        callee, args = f"{pattern.render(arg_specs[0])}.{fn.name}", arg_specs[1:]
    else:
        callee = pattern.bind(fn, "f")
    call = callee + "(" + ", ".join(
        [pattern.render(a) for a in args]
        + [f"{k}={pattern.render(v)}" for k, v in kw_specs.items()]) + ")"
    body = call if out_spec is None else f"{pattern.target(out_spec)} = {call}"
    factory = _TEMPLATES.get(body)
    if factory is None:
        if not _frequent(body):
            return _generic_step(fn, arg_specs, kw_specs, out_spec)
        source = (f"def make({', '.join(pattern.names)}):\n"
                  f"    def step(r):\n        {body}\n    return step")
        scope = {}
        exec(compile(source, "<ember plan step>", "exec"), scope)  # noqa: S102 - our own source
        factory = _TEMPLATES[body] = scope["make"]
    return factory(*pattern.values)


# The template phase runs most steps as an op (code, f, o, x, y, z) read by one loop
# (Program.__call__), a step function only for the other forms: building a plan of thousands
# of steps then makes no function and cells per step. A plan's ops are one flat list, six
# items an op: not a tuple each, which the garbage collector would track for as long as the
# plan lives (a ufunc is an object it tracks; the chain's plan: 2000 of them). The codes,
# with r the register list: 1 r[o] = f(r[x]); 2 f(r[x], r[y]); 3 f(r[x], y); 4 f(x, r[y]); 5
# to 8 the same with the ``out=r[z]`` that runtime._reuse adds (5: f(r[x], out=r[y])); 0 f(r)
# for a step function f. An array method's step is code 1 with f an operator.methodcaller of
# its constants, or code 2 with f its MethodCall (see _method_op).


def _op(fn, arg_specs, kw_specs, out_spec):
    """The op tuple of one step (see above)."""
    if type(out_spec) is Slot:
        op = _method_op(fn, arg_specs, kw_specs, out_spec.index) if type(fn) is MethodCall \
            else _common_op(fn, arg_specs, kw_specs, out_spec.index)
        if op is not None:
            return op
    return (0, _step_function(fn, arg_specs, kw_specs, out_spec), 0, 0, 0, 0)


_NOT_CONSTANT = object()


def _constant(spec):
    """The value a step argument always has: a constant's, or a tuple of constants' (an
    index, a shape); ``_NOT_CONSTANT`` for anything that reads a slot or a list."""
    kind = type(spec)
    if kind is Const:
        return spec.value
    if kind is tuple and all(type(item) is Const for item in spec):
        return tuple([item.value for item in spec])
    return _NOT_CONSTANT


def _method_op(method, arg_specs, kw_specs, o):
    """The op of an array method called on a slot's array into one slot, or None: with
    constant arguments (an index, a reshape's shape, an astype's dtype) code 1 calling an
    ``operator.methodcaller`` of them, which makes no function per step (a CNN's plan has
    hundreds of such steps, each a template step function before, ~40% of its build); with
    one array argument and no keywords (an in-place ``__iadd__``) code 2 calling the
    ``MethodCall``. Either calls the method of the array as the template did."""
    if not arg_specs or type(arg_specs[0]) is not Slot:
        return None
    x = arg_specs[0].index
    if len(arg_specs) == 2 and not kw_specs and type(arg_specs[1]) is Slot:
        return (2, method, o, x, arg_specs[1].index, 0)
    values = [_constant(spec) for spec in arg_specs[1:]]
    keywords = {name: _constant(spec) for name, spec in kw_specs.items()} if kw_specs else {}
    for value in (*values, *keywords.values()):  # by identity: a constant may be an array
        if value is _NOT_CONSTANT:
            return None
    return (1, _methodcaller(method.name, *values, **keywords), o, x, 0, 0)


def _common_op(fn, arg_specs, kw_specs, o):
    out = None
    if kw_specs:
        out = kw_specs.get("out")
        if len(kw_specs) != 1:
            return None
        if type(out) is tuple and len(out) == 1 and type(out[0]) is Slot and \
                type(fn) is _ufunc:
            out = out[0]  # a ufunc's out=(array,) (how NumPy passes it on): out=array
        elif type(out) is not Slot:
            return None
    count = len(arg_specs)
    if count == 1:
        (a,) = arg_specs
        if type(a) is not Slot:
            return None
        return (1, fn, o, a.index, 0, 0) if out is None else (5, fn, o, a.index, out.index, 0)
    if count != 2:
        return None
    a, b = arg_specs
    kind_a, kind_b = type(a), type(b)
    if kind_a is Slot:
        if kind_b is Slot:
            return (2, fn, o, a.index, b.index, 0) if out is None else \
                (6, fn, o, a.index, b.index, out.index)
        if kind_b is Const:
            return (3, fn, o, a.index, b.value, 0) if out is None else \
                (7, fn, o, a.index, b.value, out.index)
    elif kind_a is Const and kind_b is Slot:
        return (4, fn, o, a.value, b.index, 0) if out is None else \
            (8, fn, o, a.value, b.index, out.index)
    return None


def _ops(steps, outs=None, frees=None):
    """The ops of ``steps``, flat: ``_op`` of each, with its most common forms (a call of one
    or two arguments, arrays and numbers, no keywords but ``out=``) made inline, a plan having
    thousands. ``outs``: as for ``source_function``."""
    ops = []
    append = ops.extend  # six items an op, one flat list (see above)
    direct = _DIRECT
    outs = outs or _NO_OUTS
    for position, step in enumerate(steps):
        if frees and position - 1 in frees:  # the slots the step before read last
            append((9, None, 0, tuple(frees[position - 1]), 0, 0))
        fn, arg_specs, kw_specs, out_spec = step
        if type(out_spec) is Slot and type(fn) is not MethodCall:
            known = direct.get(id(fn))
            fn = _direct(fn) if known is None else known[1]
            # Without keywords, or with only an out=slot (recorded, or runtime._reuse's: half
            # the steps of an elementwise chain's plan): codes 1-3 and 5-7 built here.
            if kw_specs:
                out = kw_specs.get("out")
                if len(kw_specs) != 1 or type(out) is not Slot:
                    append(_op(fn, arg_specs, kw_specs, out_spec))
                    continue
                z = out.index
            else:
                z = outs.get(position)
            count = len(arg_specs)
            if count == 2:
                a, b = arg_specs
                if type(a) is Slot:
                    kind_b = type(b)
                    if kind_b is Slot:
                        append((2, fn, out_spec.index, a.index, b.index, 0) if z is None else
                               (6, fn, out_spec.index, a.index, b.index, z))
                        continue
                    if kind_b is Const:
                        append((3, fn, out_spec.index, a.index, b.value, 0) if z is None else
                               (7, fn, out_spec.index, a.index, b.value, z))
                        continue
            elif count == 1 and type(arg_specs[0]) is Slot:
                append((1, fn, out_spec.index, arg_specs[0].index, 0, 0) if z is None else
                       (5, fn, out_spec.index, arg_specs[0].index, z, 0))
                continue
        if not kw_specs and position in outs:  # another form, written over a slot
            kw_specs = {"out": Slot(outs[position])}
        append(_op(fn, arg_specs, kw_specs, out_spec))
    return ops


_NO_OUTS = {}


class Program:
    """Runs recorded steps: per-step template functions first, straight-line source once the
    program has run ``COMPILE_AFTER`` times (see the module docstring)."""

    def __init__(self, steps, inputs, outputs, name, table=None, size=None, outs=None,
                 frees=None):
        self.steps = steps
        self.outs = outs  # {step position: slot written over (out=)}, see source_function
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.name = name
        self.runs = 0
        self.compiled = None
        self.compile_seconds = 0.0  # spent writing and compiling the straight-line source
        if size is None:
            table = step_slots(steps) if table is None else table
            size = 1 + max([*self.inputs, *self.outputs,
                            *(s for used, made in table for s in used + made)], default=0)
        self.size = size
        self.frees = frees
        self.ops = _ops(steps, outs, frees)

    @property
    def source(self):
        """The straight-line Python source of the plan (compiling it if not done yet)."""
        return self._compile().source

    def _compile(self):
        if self.compiled is None:
            started = time.perf_counter()
            self.compiled = source_function(self.steps, self.inputs, self.outputs, self.name,
                                            self.outs, self.frees)
            self.ops = None
            self.compile_seconds = time.perf_counter() - started
        return self.compiled

    def __call__(self, *arrays):
        compiled = self.compiled
        if compiled is not None:
            return compiled(*arrays)
        self.runs += 1
        if self.runs > COMPILE_AFTER:
            return self._compile()(*arrays)
        r = [None] * self.size
        for slot, array in zip(self.inputs, arrays):
            r[slot] = array
        ops = iter(self.ops)
        for code, f, o, x, y, z in zip(ops, ops, ops, ops, ops, ops):
            if code > 4:
                if code == 6:
                    r[o] = f(r[x], r[y], out=r[z])
                elif code == 7:
                    r[o] = f(r[x], y, out=r[z])
                elif code == 5:
                    r[o] = f(r[x], out=r[y])
                elif code == 8:
                    r[o] = f(x, r[y], out=r[z])
                else:
                    for dead in x:
                        r[dead] = None
            elif code == 2:
                r[o] = f(r[x], r[y])
            elif code == 3:
                r[o] = f(r[x], y)
            elif code == 1:
                r[o] = f(r[x])
            elif code == 4:
                r[o] = f(x, r[y])
            else:
                f(r)
        return tuple([r[o] for o in self.outputs])


def build(steps, inputs, outputs, name, table=None, size=None, outs=None, frees=None):
    """A ``Program`` ``(*arrays of inputs) -> tuple of arrays of outputs`` running ``steps``
    (``table``: their ``step_slots``, when the caller has it; ``size``: one more than the
    largest slot, when the caller knows it; ``outs``: as for ``source_function``)."""
    return Program(steps, inputs, outputs, name, table, size, outs, frees)


def slots_used(steps):
    """Every slot the steps read (arguments), as a set of indices."""
    used = set()

    def visit(spec):
        if isinstance(spec, Slot):
            used.add(spec.index)
        elif isinstance(spec, (tuple, list)):
            for s in spec:
                visit(s)
        elif isinstance(spec, dict):
            for s in spec.values():
                visit(s)

    for _, arg_specs, kw_specs, _ in steps:
        visit(arg_specs)
        visit(kw_specs)
    return used


def slots_made(steps):
    made = set()

    def visit(spec):
        if isinstance(spec, Slot):
            made.add(spec.index)
        elif isinstance(spec, tuple):
            for s in spec:
                visit(s)

    for *_, out_spec in steps:
        visit(out_spec)
    return made


def _collect(spec, into):
    kind = type(spec)
    if kind is Slot:
        into.append(spec.index)
    elif kind is tuple or kind is list:
        for item in spec:
            if type(item) is Slot:
                into.append(item.index)
            elif type(item) is not Const:
                _collect(item, into)
    elif kind is dict:
        for item in spec.values():
            _collect(item, into)


def step_slots(steps):
    """(slots read, slots made) of each step, as lists: the passes over a plan look at every
    step several times, and a plan of a long chain has thousands."""
    table = []
    for _, arg_specs, kw_specs, out_spec in steps:
        used = []
        for spec in arg_specs:  # _collect inlined for the flat arguments of most steps
            kind = type(spec)
            if kind is Slot:
                used.append(spec.index)
            elif kind is not Const:
                _collect(spec, used)
        if kw_specs:
            _collect(kw_specs, used)
        if type(out_spec) is Slot:
            made = [out_spec.index]
        else:
            made = []
            _collect(out_spec, made)
        table.append((used, made))
    return table


__all__ = ["Const", "Program", "Slot", "build", "slots_made", "slots_used", "source_function",
           "step_slots"]
