"""``ember.compiler``: torch.compiler's functions over ember's capture-and-replay compiler."""
from __future__ import annotations

import functools

from .._compile.api import compile
from .._compile.region import _stance, _state, is_compiling, reset

__all__ = ["allow_in_graph", "assume_constant_result", "compile", "cudagraph_mark_step_begin",
           "disable", "is_compiling", "is_dynamo_compiling", "is_exporting", "list_backends",
           "reset", "set_stance"]

STANCES = ("default", "force_eager", "eager_on_recompile", "fail_on_recompile",
           "eager_then_compile", "aot_eager_then_compile")


def is_dynamo_compiling():
    """True while a compiled region records its calls (the same as ``is_compiling``)."""
    return is_compiling()


def is_exporting():
    """True while ``ember.onnx.export`` records a model (never during plain compilation)."""
    return False


def disable(fn=None, recursive=True, *, reason=None):
    """Make ``fn`` always run eagerly: inside a compiled region, calling it is a graph break.

    Usable as ``@disable`` or ``@disable(reason=...)``.
    """
    if fn is None:
        return functools.partial(disable, recursive=recursive, reason=reason)

    @functools.wraps(fn)
    def eager(*args, **kwargs):
        if _state.capturing:
            from .._compile.capture import note_break
            note_break(f"call to a function disabled for compilation: "
                       f"{getattr(fn, '__qualname__', fn)}" + (f" ({reason})" if reason else ""))
        _state.disabled += 1
        try:
            return fn(*args, **kwargs)
        finally:
            _state.disabled -= 1

    return eager


def allow_in_graph(fn):
    """Accept ``fn`` inside compiled regions; ember records its array calls like any code."""
    return fn


def assume_constant_result(fn):
    """Accepted for torch compatibility; ember re-runs ``fn`` on every call as eager does."""
    return fn


def cudagraph_mark_step_begin():
    """A no-op: ember's plans hold no CUDA graphs whose outputs a new step would overwrite."""


def list_backends(exclude_tags=("debug", "experimental")):
    """The backend names ``compile`` lists by default (all run ember's capture)."""
    return ["cudagraphs", "inductor", "openxla", "tvm"]


class set_stance:
    """Change how compiled regions behave: ``"force_eager"`` runs them all eagerly.

    Works as a call, a context manager and a decorator; the previous stance comes back on exit.
    """

    def __init__(self, stance="default", *, skip_guard_eval_unsafe=False, force_backend=None):
        if stance not in STANCES:
            raise RuntimeError(f"invalid torch.compile stance '{stance}'")
        self.previous = _stance["stance"]
        _stance["stance"] = stance

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _stance["stance"] = self.previous

    def __call__(self, fn):
        stance = _stance["stance"]
        _stance["stance"] = self.previous

        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            previous, _stance["stance"] = _stance["stance"], stance
            try:
                return fn(*args, **kwargs)
            finally:
                _stance["stance"] = previous
        return wrapped
