"""``ember._dynamo.explain``: run a callable through a fresh capture and say what it made."""
from __future__ import annotations

import dataclasses

from .region import _EAGER, Region


@dataclasses.dataclass
class BreakReason:
    """Why a capture broke (``reason``), as torch's graph-break records name it."""

    reason: str


@dataclasses.dataclass
class ExplainOutput:
    """What one capture produced: plans (``graphs``), breaks and the recorded calls per plan."""

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


def explain(f, *extra_args, **extra_kwargs):
    """``explain(f)(*args, **kwargs)`` runs ``f`` once under a new capture and reports it."""
    target = getattr(f, "_ember_region", None)
    target = target.fn if target is not None else f

    def inner(*args, **kwargs):
        region = Region(target)
        region(*args, **kwargs)
        graphs = [e for e in region.plans.values() if e is not _EAGER]
        ops = [[_name(step[0]) for step in e.trace.steps[:e.forward_steps]] for e in graphs]
        times = ", ".join(f"{t:.4f}" for t in region.compile_times)
        return ExplainOutput(graphs=[e.trace for e in graphs], graph_count=len(graphs),
                             graph_break_count=len(region.break_reasons),
                             break_reasons=[BreakReason(r) for r in region.break_reasons],
                             op_count=sum(len(o) for o in ops), ops_per_graph=ops,
                             out_guards=list(region.plans), compile_times=
                             f"capture: {times} s")

    if extra_args or extra_kwargs:
        return inner(*extra_args, **extra_kwargs)
    return inner
