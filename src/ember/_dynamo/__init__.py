"""``ember._dynamo``: the names of ``torch._dynamo`` that real programs touch."""
from __future__ import annotations

import contextlib
import functools

from .._compile.api import OptimizedModule
from .._compile.region import is_compiling, reset
from ..compiler import allow_in_graph, assume_constant_result, disable, list_backends, set_stance
from . import config, exc

__all__ = [
    "OptimizedModule",
    "allow_in_graph",
    "assume_constant_result",
    "config",
    "disable",
    "disable_nested_graph_breaks",
    "disallow_in_graph",
    "dont_skip_tracing",
    "exc",
    "explain",
    "forbid_in_graph",
    "get_recursion_limit",
    "graph_break",
    "is_compiling",
    "is_dynamo_disable_recursive",
    "is_dynamo_supported",
    "is_inductor_supported",
    "list_backends",
    "lookup_backend",
    "mark_dynamic",
    "mark_static",
    "mark_static_address",
    "maybe_mark_dynamic",
    "nonstrict_trace",
    "optimize",
    "optimize_assert",
    "override_cudagraphs",
    "override_optimization_hint",
    "patch_dynamo_config",
    "register_backend",
    "reset",
    "run",
    "set_recursion_limit",
    "set_stance",
    "skip_frame",
    "substitute_in_graph",
]

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


class _Policy:
    """A tracing-policy switch usable as ``with switch():`` and as ``@switch`` (or
    ``@switch()``). ember's compiled regions record every array call of the code they run and
    skip nothing, so the policies these switches set have nothing to change."""

    def __init__(self, name):
        self.__name__ = self.__qualname__ = name

    def __call__(self, fn=None, **settings):
        if fn is None:
            return contextlib.nullcontext()
        return fn


disable_nested_graph_breaks = _Policy("disable_nested_graph_breaks")
disable_nested_graph_breaks.__doc__ = """Context manager or decorator: nested graph breaks are
not split further. In ember a break runs the region eagerly, so there is nothing to disable.

Args:
    fn (callable, optional): the function to decorate (returned as it is).

Example:
    >>> with ember._dynamo.disable_nested_graph_breaks():
    ...     print(ember.ones(1))
    tensor([1.])
"""
dont_skip_tracing = _Policy("dont_skip_tracing")
dont_skip_tracing.__doc__ = """Context manager or decorator: trace into functions marked to be
skipped. ember's capture records the array calls of all code alike, so none is skipped.

Args:
    fn (callable, optional): the function to decorate (returned as it is).

Example:
    >>> f = ember._dynamo.dont_skip_tracing(lambda x: x + 1)
    >>> f(ember.ones(1))
    tensor([2.])
"""


@contextlib.contextmanager
def override_cudagraphs(fwd=None, bwd=None):
    """Context manager: record compiled graphs as CUDA graphs or not. ember's plans hold no
    CUDA graphs, so the override changes nothing.

    Args:
        fwd (bool, optional): for forward graphs.
        bwd (bool, optional): for backward graphs.

    Example:
        >>> with ember._dynamo.override_cudagraphs(fwd=False):
        ...     print(ember.zeros(1))
        tensor([0.])
    """
    yield


def override_optimization_hint(x, val):
    """Give the compiler a size hint for the unbacked symbolic integer behind ``x``. ember's
    compiled regions have no symbolic integers (an int is a plain int, as in torch's own
    no-op for one), so nothing is recorded.

    Args:
        x: the integer (or symbolic integer) to hint.
        val (int): the hint.

    Example:
        >>> ember._dynamo.override_optimization_hint(3, 42)
    """


def forbid_in_graph(fn):
    """Mark ``fn`` as a function compiled graphs must not contain; returns ``fn``. ember's
    compiled regions re-run Python code on a break, so the mark changes no result.

    Args:
        fn (callable): the function.

    Returns:
        ``fn`` itself.

    Example:
        >>> def helper(x):
        ...     return x
        >>> ember._dynamo.forbid_in_graph(helper) is helper
        True
    """
    assert callable(fn), "forbid_in_graph applies only to callables"
    return fn


def nonstrict_trace(traceable_fn):
    """Mark ``traceable_fn`` to be traced non-strictly (its body run as plain Python, its
    result used in the graph); returns it. ember traces everything that way.

    Args:
        traceable_fn (callable): the function.

    Returns:
        A function that calls ``traceable_fn``.

    Example:
        >>> double = ember._dynamo.nonstrict_trace(lambda x: x * 2)
        >>> double(ember.ones(2))
        tensor([2., 2.])
    """
    @functools.wraps(traceable_fn)
    def traced(*args, **kwargs):
        return traceable_fn(*args, **kwargs)
    return traced


def is_dynamo_disable_recursive(method):
    """Whether ``method`` was wrapped by ``disable``: True when recursively (its callees too),
    False when only itself, None when it was not disabled.

    Args:
        method (callable): the function to ask about.

    Returns:
        bool or None.

    Example:
        >>> f = ember._dynamo.disable(lambda x: x)
        >>> ember._dynamo.is_dynamo_disable_recursive(f)
        True
    """
    return getattr(method, "_ember_disable_recursive", None)


def substitute_in_graph(original_fn, *, can_constant_fold_through=False,
                        skip_signature_check=False, is_embedded_type=False):
    """A decorator that registers a Python stand-in (a polyfill) for ``original_fn`` to trace in
    its place. The decorated name calls ``original_fn`` eagerly, as torch's does outside a
    compiled region; ember traces ``original_fn``'s array calls directly, so the stand-in is
    checked (the same signature as a builtin's) and kept.

    Args:
        original_fn (callable): the function the stand-in replaces.
        can_constant_fold_through (bool): whether calls on constants may be folded.
        skip_signature_check (bool): do not compare the two signatures.
        is_embedded_type (bool): ``original_fn`` is a type defined in C.

    Returns:
        A decorator taking the stand-in.

    Example:
        >>> import operator
        >>> @ember._dynamo.substitute_in_graph(operator.indexOf)
        ... def index_of(a, b, /):
        ...     return next(i for i, item in enumerate(a) if item == b)
        >>> index_of([3, 5], 5)
        1
    """
    import inspect

    def register(traceable_fn):
        if not skip_signature_check:
            try:
                expected = inspect.signature(original_fn)
            except (TypeError, ValueError):
                expected = None
            got = inspect.signature(traceable_fn)
            if expected is not None and str(expected) != str(got):
                raise TypeError(f"Signature mismatch between {original_fn} and "
                                f"{traceable_fn}: {expected} != {got}")

        @functools.wraps(traceable_fn)
        def substituted(*args, **kwargs):
            return original_fn(*args, **kwargs)
        substituted.__ember_polyfill__ = traceable_fn
        return substituted
    return register


def _named_backend(name):
    def backend(gm, example_inputs):
        return gm
    backend.__name__ = backend.__qualname__ = name
    backend.__doc__ = (f"The {name!r} backend: ember's compiled regions replay their recorded "
                       "array calls whatever the backend, so it returns the graph as it is.")
    return backend


def lookup_backend(compiler_fn):
    """The backend function a ``compile(backend=...)`` name stands for (a callable is returned
    as it is).

    Args:
        compiler_fn (str or callable): a backend name or a backend.

    Returns:
        callable

    Example:
        >>> ember._dynamo.lookup_backend("eager").__name__
        'eager'
    """
    from .._compile import api
    from .._compile.exc import InvalidBackend
    if not isinstance(compiler_fn, str):
        return compiler_fn
    if compiler_fn in api.REGISTERED_BACKENDS:
        return api.REGISTERED_BACKENDS[compiler_fn]
    if compiler_fn not in api.BACKENDS:
        raise InvalidBackend(compiler_fn)
    return _named_backend(compiler_fn)


def register_backend(compiler_fn=None, name=None, tags=()):
    """Register ``compiler_fn`` as a backend ``compile(backend=name)`` accepts (its own name by
    default). ember's compiled regions run their own capture whatever the backend.

    Args:
        compiler_fn (callable, optional): the backend (``@register_backend`` or
            ``@register_backend(name=...)``).
        name (str, optional): the name to register it under.
        tags (tuple of str): labels ``list_backends(exclude_tags=...)`` filters on.

    Returns:
        ``compiler_fn``.

    Example:
        >>> @ember._dynamo.register_backend
        ... def doc_example_backend(gm, example_inputs):
        ...     return gm
        >>> ember._dynamo.lookup_backend("doc_example_backend") is doc_example_backend
        True
    """
    if compiler_fn is None:
        return functools.partial(register_backend, name=name, tags=tags)
    from .._compile import api
    name = name or compiler_fn.__name__
    assert name not in api.REGISTERED_BACKENDS, f"duplicate name: {name}"
    api.REGISTERED_BACKENDS[name] = compiler_fn
    api.REGISTERED_TAGS[name] = tuple(tags)
    return compiler_fn
