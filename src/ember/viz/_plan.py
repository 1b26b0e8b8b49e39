"""Pictures of compiled plans: the recorded array calls, drawn as ``graph`` draws autograd.

A plan is a straight list of array calls; each call is a box named as ``explain`` names it
(``multiply``, ``ndarray.sum``...) with the shape it makes, each arrow an array passed from
the call (or input) that made it to the call that reads it, in the direction the data flows.
The forward's pieces (cut where a Python value was read from a tensor, which the plan guards)
and the backward are drawn as separate boxes around their calls.
"""
from __future__ import annotations

from .._tensor import Tensor
from ._dot import _LEAF, _OP, _OUTPUT, Graph, _quote
from ._walk import fmt_shape

_GUARD, _GRAD = "gold", "lightpink"


def _entries(compiled):
    from .._compile.explain import plans
    if isinstance(compiled, Tensor):
        entry = getattr(compiled.grad_fn, "entry", None)
        if entry is None:
            raise ValueError("this tensor was not computed by a compiled region's plan")
        return [entry], None
    region = getattr(compiled, "_ember_region", None)
    if region is None:
        raise TypeError(f"expected what ember.compile returned (or a tensor it computed), got "
                        f"{type(compiled).__name__}")
    from .._compile.runtime import _module_of
    return plans(region), _module_of(region.fn)


def _input_names(entry, module):
    """Labels of a plan's inputs: its arguments, then the module's parameters and buffers in
    the order the plan takes them (see runtime._module_state)."""
    named = []
    if module is not None:
        seen = set()
        for prefix, m in module.named_modules():
            for table in (m._parameters, m._buffers):
                for name, t in table.items():
                    if t is not None and id(t) not in seen:
                        seen.add(id(t))
                        named.append(f"{prefix}.{name}" if prefix else name)
    arguments = entry.n_inputs - len(named)
    return [f"input {i}" for i in range(arguments)] + named


def _slots(spec):
    from .._compile.plan import Slot
    if isinstance(spec, Slot):
        return [spec.index]
    if isinstance(spec, (tuple, list)):
        return [i for s in spec for i in _slots(s)]
    if isinstance(spec, dict):
        return [i for s in spec.values() for i in _slots(s)]
    return []


def _draw_entry(lines, number, entry, module, backward, count):
    from .._compile.capture import ShapeGuard, ValueGuard
    from .._compile.explain import _name
    guards = (ValueGuard, ShapeGuard)
    meta = entry.slot_meta
    maker = {}

    def box(label, color, shape="box"):
        count[0] += 1
        node = f"p{number}_{count[0]}"
        lines.append(f"    {node} [label={_quote(label)}, fillcolor={color}, shape={shape}];")
        return node

    def describe(slot):
        shape, dtype = meta[slot]
        return f"{fmt_shape(shape) if shape else 'scalar'} {dtype}"

    lines.append(f"  subgraph cluster_plan{number} {{")
    lines.append(f"    label={_quote(f'plan {number}')};")
    for slot, name in enumerate(_input_names(entry, module)):
        maker[slot] = box(f"{name}\n{describe(slot)}", _LEAF)
    for i, slot in enumerate(s for s, k in enumerate(entry.trace.kinds) if k == "grad"):
        maker[slot] = box(f"grad of output {i}\n{describe(slot)}", _GRAD)
    piece = 1
    steps = entry.trace.steps if backward and entry.backward is not None else \
        entry.trace.steps[:entry.forward_steps]
    lines.append(f"    subgraph cluster_plan{number}_piece1 {{ label=\"piece 1\";")
    for position, (fn, arg_specs, kw_specs, out_spec) in enumerate(steps):
        if position == entry.forward_steps:
            lines.append("    }")
            lines.append(f"    subgraph cluster_plan{number}_backward {{ label=\"backward\";")
        if type(fn) in guards:
            node = box(f"guard: {fn.reason}", _GUARD, "diamond")
        else:
            made = _slots(out_spec)
            label = _name(fn) + "".join(f"\n{describe(s)}" for s in made[:1])
            node = box(label, _OP)
        for slot in _slots(arg_specs) + _slots(kw_specs):
            if slot in maker:
                lines.append(f"    {maker[slot]} -> {node};")
        for slot in _slots(out_spec):
            maker[slot] = node
        if type(fn) in guards and position < entry.forward_steps:
            piece += 1
            lines.append("    }")
            lines.append(f"    subgraph cluster_plan{number}_piece{piece} "
                         f"{{ label=\"piece {piece}\";")
    lines.append("    }")
    for i, slot in enumerate(entry.out_slots):
        if slot is not None:
            out = box(f"output {i}\n{describe(slot)}", _OUTPUT)
            lines.append(f"    {maker[slot]} -> {out};")
    if backward and entry.backward is not None:
        names = _input_names(entry, module)
        for position, slot in zip(entry.edge_positions, entry.grad_slots):
            if slot is not None:
                out = box(f"grad → {names[position]}\n{describe(slot)}", _OUTPUT)
                lines.append(f"    {maker[slot]} -> {out};")
    lines.append("  }")


def plan(compiled, backward=True):
    """Draw the plans a compiled region captured, as ``graph`` draws an eager graph.

    Each recorded array call is a box with the name of the call and the shape it makes;
    arrows carry arrays from the call (or input, parameter) that made them to the calls that
    read them. A plan's forward is cut into pieces where a Python value was read from a tensor
    (a diamond: the guard the plan checks there); its backward is drawn below. Every plan of
    the region is drawn: one per signature, and per path through its guards.

    Args:
        compiled: what ``ember.compile`` returned (a function or an ``OptimizedModule``), or a
            tensor computed by a replayed plan (its plan alone is drawn).
        backward: also draw the recorded backward and the gradients it gives.

    Returns:
        A ``Graph`` (``.source`` is the DOT text, ``.render(path)`` draws it with Graphviz).

    Example:
        >>> double_sin = ember.compile(lambda x: (x * 2).sin())
        >>> _ = double_sin(ember.ones(3))
        >>> picture = ember.viz.plan(double_sin)
        >>> picture.num_nodes
        4
        >>> 'label="sin' in picture.source
        True
    """
    entries, module = _entries(compiled)
    lines = ["digraph ember_plan {",
             '  node [style="filled,rounded", fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    count = [0]
    for number, entry in enumerate(entries, 1):
        if getattr(entry, "slot_meta", None) is None:
            continue  # captured but not built yet: its backward has not run
        _draw_entry(lines, number, entry, module, backward, count)
    lines.append("}")
    return Graph("\n".join(lines) + "\n", count[0])
