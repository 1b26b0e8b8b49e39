"""``ember._dynamo``: the names of ``torch._dynamo`` that real programs touch."""
from __future__ import annotations

from .._compile.api import OptimizedModule
from .._compile.region import is_compiling, reset
from ..compiler import allow_in_graph, disable, list_backends, set_stance
from . import config, exc

__all__ = ["OptimizedModule", "allow_in_graph", "config", "disable", "exc", "explain",
           "graph_break", "is_compiling", "list_backends", "mark_dynamic", "mark_static",
           "maybe_mark_dynamic", "reset", "set_stance"]


def explain(f, *extra_args, **extra_kwargs):
    """``explain(f)(*args)``: run ``f`` compiled once and report its plans and graph breaks."""
    from .._compile.explain import explain as _explain
    return _explain(f, *extra_args, **extra_kwargs)


def graph_break():
    """Force a graph break: the region calling this runs eagerly (fullgraph raises)."""
    from .._compile.region import _state
    if _state.capturing:
        from .._compile.capture import note_break
        note_break("graph_break() called")


def mark_dynamic(t, index, *, min=None, max=None, specialize_on=None):
    """Accepted for torch compatibility: every new shape gets its own plan in ember."""


def maybe_mark_dynamic(t, index):
    """Accepted for torch compatibility: every new shape gets its own plan in ember."""


def mark_static(t, index=None):
    """Accepted for torch compatibility: plans are specialised to shapes already."""
