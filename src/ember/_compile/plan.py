"""A recorded trace turned into plain Python functions: one straight line per array call.

``build`` writes the source of a function whose parameters are the plan's input arrays, whose
body is the recorded calls in order (each result bound to a local ``v<slot>``) and which
returns the requested slots; the called functions and non-literal constants are the
function's globals. Running it costs the array calls and one local store each: no Tensor, no
Node, no dispatch.
"""
from __future__ import annotations

import math

from .capture import Const, MethodCall, Slot

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


def build(steps, inputs, outputs, name):
    """A function ``name(*arrays of inputs) -> tuple of arrays of outputs`` running ``steps``."""
    namespace = _Namespace()
    lines = [f"def {name}({', '.join(f'v{i}' for i in inputs)}):"]
    for fn, arg_specs, kw_specs, out_spec in steps:
        if type(fn) is MethodCall:
            callee, arg_specs = f"{_render(arg_specs[0], namespace)}.{fn.name}", arg_specs[1:]
        else:
            callee = namespace.name_of(fn, "f")
        call = callee + "(" + ", ".join(
            [_render(a, namespace) for a in arg_specs]
            + [f"{k}={_render(v, namespace)}" for k, v in kw_specs.items()]) + ")"
        target = _target(out_spec)
        lines.append(f"    {target} = {call}" if target else f"    {call}")
    returned = ", ".join(f"v{i}" for i in outputs)
    lines.append(f"    return ({returned},)" if outputs else "    return ()")
    source = "\n".join(lines)
    scope = dict(namespace.names)
    exec(compile(source, f"<ember plan {name}>", "exec"), scope)  # noqa: S102 - our own source
    function = scope[name]
    function.source = source
    return function


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
        used, made = [], []
        _collect(arg_specs, used)
        if kw_specs:
            _collect(kw_specs, used)
        _collect(out_spec, made)
        table.append((used, made))
    return table


__all__ = ["Const", "Slot", "build", "slots_made", "slots_used", "step_slots"]
