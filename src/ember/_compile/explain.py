"""``ember._dynamo.explain``: run a callable through a fresh capture and say what it made."""
from __future__ import annotations

import dataclasses

from .region import Region


@dataclasses.dataclass
class BreakReason:
    """Why a capture broke (``reason``), as torch's graph-break records name it."""

    reason: str


@dataclasses.dataclass
class ExplainOutput:
    """What one capture produced: the pieces of its plans (``graphs``, each a list of recorded
    steps), the breaks between them and the recorded calls of each piece."""

    graphs: list
    graph_count: int
    graph_break_count: int
    break_reasons: list
    op_count: int
    ops_per_graph: list
    out_guards: list
    compile_times: str

    def __str__(self):
        lines = [f"Graph Count: {self.graph_count}",
                 f"Graph Break Count: {self.graph_break_count}",
                 f"Op Count: {self.op_count}", "Break Reasons:"]
        for i, reason in enumerate(self.break_reasons, 1):
            lines += [f"  Break Reason {i}:", f"    Reason: {reason.reason}"]
        lines.append("Ops per Graph:")
        for i, ops in enumerate(self.ops_per_graph, 1):
            lines.append(f"  Ops {i}:")
            lines += [f"    {op}" for op in ops]
        lines.append(f"Compile Times: {self.compile_times}")
        return "\n".join(lines) + "\n"


def _name(fn):
    import numpy as np
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.ufunc):
        return owner.__name__ + ("" if fn.__name__ == "__call__" else f".{fn.__name__}")
    if type(fn).__name__ == "MethodCall":
        return repr(fn)
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def plans(region):
    """Every captured plan of ``region``: each signature's chain of plans, one per path."""
    from .runtime import Entry
    found = []
    for entry in region.plans.values():
        while isinstance(entry, Entry):
            found.append(entry)
            entry = entry.alternative
    return found


def pieces(entry):
    """The forward of a plan cut at its guarded reads: (steps of each piece, reasons of the
    reads between them), as torch's graphs around its graph breaks."""
    from .capture import ShapeGuard, ValueGuard
    cut, reasons = [[]], []
    for step in entry.trace.steps[:entry.forward_steps]:
        if type(step[0]) is ValueGuard or type(step[0]) is ShapeGuard:
            cut.append([])
            reasons.append(step[0].reason)
        else:
            cut[-1].append(step)
    return cut, reasons


def explain(f, *extra_args, **extra_kwargs):
    """``explain(f)(*args, **kwargs)`` runs ``f`` once under a new capture and reports it.

    A Python value read from a tensor (``.item()``, ``bool(t)``) is a graph break that splits
    the plan into pieces (the graphs) around it; what keeps a region eager is a break too.
    """
    target = getattr(f, "_ember_region", None)
    target = target.fn if target is not None else f

    def inner(*args, **kwargs):
        region = Region(target)
        region(*args, **kwargs)
        graphs, reasons = [], []
        for entry in plans(region):
            cut, read = pieces(entry)
            graphs += cut
            reasons += read
        reasons += region.break_reasons
        ops = [[_name(step[0]) for step in piece] for piece in graphs]
        times = ", ".join(f"{t:.4f}" for t in region.compile_times)
        return ExplainOutput(graphs=graphs, graph_count=len(graphs),
                             graph_break_count=len(reasons),
                             break_reasons=[BreakReason(r) for r in reasons],
                             op_count=sum(len(o) for o in ops), ops_per_graph=ops,
                             out_guards=list(region.plans), compile_times=
                             f"capture: {times} s")

    if extra_args or extra_kwargs:
        return inner(*extra_args, **extra_kwargs)
    return inner
