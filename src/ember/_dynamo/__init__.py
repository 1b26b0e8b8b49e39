"""``ember._dynamo``: the names of ``torch._dynamo`` that real programs touch."""
from __future__ import annotations

import functools

from .._compile.api import OptimizedModule
from .._compile.region import is_compiling, reset
from ..compiler import (allow_in_graph, assume_constant_result, disable, list_backends,
                        set_stance)
from . import config, exc

__all__ = ["OptimizedModule", "allow_in_graph", "assume_constant_result", "config", "disable",
           "disallow_in_graph", "exc", "explain", "get_recursion_limit", "graph_break",
           "is_compiling", "is_dynamo_supported", "is_inductor_supported", "list_backends",
           "mark_dynamic", "mark_static", "mark_static_address", "maybe_mark_dynamic",
           "optimize", "optimize_assert", "patch_dynamo_config", "reset", "run",
           "set_recursion_limit", "set_stance", "skip_frame"]

_recursion_limit = [-1]


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


def mark_static_address(t, guard=False):
    """Accepted for torch compatibility: replayed plans read parameters' own arrays already.

    Args:
        t (Tensor): the tensor whose address would be treated as constant.
        guard (bool): whether torch would guard on the address.

    Example:
        >>> ember._dynamo.mark_static_address(ember.zeros(2))
    """
    from .._tensor import Tensor
    if not isinstance(t, Tensor):
        raise TypeError(f"mark_static_address expects a tensor but received {type(t)}")


def skip_frame(msg=""):
    """Inside a compiled region, run the calling region eagerly (a graph break with ``msg``
    as its reason); outside one, nothing.

    Args:
        msg (str): the reason ``explain`` shows.

    Example:
        >>> ember._dynamo.skip_frame("not worth compiling")
    """
    from .._compile.region import _state
    if _state.capturing:
        from .._compile.capture import note_break
        note_break(f"skip_frame: {msg}")


def disallow_in_graph(fn):
    """Mark an ember op as one compiled regions must not put in their graph; returns ``fn``.
    ember's plans replay the array calls of every op alike, so the mark changes no result.
    Anything but an ember op raises torch's error.

    Args:
        fn: an ember function such as ``ember.sub``.

    Returns:
        ``fn`` itself.

    Example:
        >>> ember._dynamo.disallow_in_graph(ember.sub) is ember.sub
        True
    """
    import ember
    name = getattr(fn, "__name__", None)
    if not isinstance(name, str) or getattr(ember, name, None) is not fn:
        raise RuntimeError("disallow_in_graph is expected to be used on an already allowed "
                           "callable (like ember.* ops). Allowed callables means callables "
                           "that TorchDynamo puts as-is in the extracted graph.")
    return fn


def is_dynamo_supported():
    """Whether compilation works in this interpreter: True (ember's compiler is Python).

    Example:
        >>> ember._dynamo.is_dynamo_supported()
        True
    """
    return True


def is_inductor_supported():
    """Whether the ``inductor`` backend can be used: True (every backend runs ember's capture).

    Example:
        >>> ember._dynamo.is_inductor_supported()
        True
    """
    return True


def get_recursion_limit():
    """The recursion limit set by ``set_recursion_limit`` (-1: Python's own).

    Example:
        >>> ember._dynamo.get_recursion_limit()
        -1
    """
    return _recursion_limit[0]


def set_recursion_limit(limit):
    """Set the compiler's recursion limit: at least 1, or -1 to reset it (ember's capture does
    not recurse through frames, so it is only kept).

    Args:
        limit (int): the limit.

    Example:
        >>> ember._dynamo.set_recursion_limit(-1)
    """
    if limit < 1 and limit != -1:
        raise ValueError("recursion limit must be >= 1, or -1 to reset")
    _recursion_limit[0] = limit


def optimize(backend="inductor", *, nopython=False, guard_export_fn=None, guard_fail_fn=None,
             guard_filter_fn=None, disable=False, dynamic=None, rebuild_ctx=None,
             package=None):
    """The older spelling of ``ember.compile`` as a decorator: ``@optimize("eager")``.

    Args:
        backend (str or callable): the backend name (or function), checked as ``compile``
            checks it.
        nopython (bool): raise at a graph break, as ``compile(fullgraph=True)``.
        guard_export_fn, guard_fail_fn, guard_filter_fn, rebuild_ctx, package: accepted for
            torch compatibility.
        disable (bool): return the function unchanged.
        dynamic: accepted for torch compatibility (each shape gets its own plan).

    Returns:
        A decorator that compiles a function or module.

    Example:
        >>> @ember._dynamo.optimize("eager")
        ... def f(x):
        ...     return x + 1
        >>> f(ember.ones(2))
        tensor([2., 2.])
    """
    from .._compile.api import _check_settings, compile
    _check_settings(backend, None, None)
    if disable:
        return lambda fn: fn
    return compile(fullgraph=nopython, backend=backend, dynamic=dynamic)


def optimize_assert(backend, *, hooks=None, export=False, export_constraints=None,
                    dynamic=None, rebuild_ctx=None):
    """``optimize(backend, nopython=True)``: a compiled region that raises at a graph break.

    Args:
        backend (str or callable): the backend name (or function).
        hooks, export, export_constraints, rebuild_ctx: accepted for torch compatibility.
        dynamic: accepted for torch compatibility.

    Returns:
        A decorator that compiles a function or module with ``fullgraph=True``.

    Example:
        >>> f = ember._dynamo.optimize_assert("eager")(lambda x: x * 3)
        >>> f(ember.ones(1))
        tensor([3.])
    """
    return optimize(backend, nopython=True, dynamic=dynamic)


def run(fn=None):
    """Run ``fn`` without compiling anything new: plans captured before are replayed, other
    signatures run eagerly (the ``"eager_on_recompile"`` stance while it runs).

    Args:
        fn: the (compiled) function.

    Returns:
        A function calling ``fn`` that way.

    Example:
        >>> ember._dynamo.run(lambda x: x - 1)(ember.ones(1))
        tensor([0.])
    """
    if fn is None:
        return run

    @functools.wraps(fn)
    def replaying(*args, **kwargs):
        with set_stance("eager_on_recompile"):
            return fn(*args, **kwargs)
    return replaying


def patch_dynamo_config(arg1=None, arg2=None, **kwargs):
    """``config.patch``: change ``ember._dynamo.config`` settings for a block or a function.

    Args:
        arg1 (str or dict, optional): a setting's name, or a dict of settings.
        arg2 (optional): the value, when ``arg1`` is a name.
        kwargs: settings as keyword arguments.

    Returns:
        A context manager that is also a decorator.

    Example:
        >>> with ember._dynamo.patch_dynamo_config(verbose=True):
        ...     print(ember._dynamo.config.verbose)
        True
    """
    return config.patch(arg1, arg2, **kwargs)
