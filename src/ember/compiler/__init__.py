"""``ember.compiler``: torch.compiler's functions over ember's capture-and-replay compiler."""
from __future__ import annotations

import functools

from .._compile.api import compile
from .._compile.region import _stance, _state, is_compiling, reset

__all__ = ["allow_in_graph", "assume_constant_result", "compile", "cudagraph_mark_step_begin",
           "disable", "get_default_backend", "is_compiling", "is_dynamo_compiling",
           "is_exporting", "keep_portable_guards_unsafe", "keep_tensor_guards_unsafe",
           "list_backends", "nested_compile_region", "reset", "set_default_backend",
           "set_enable_guard_collectives", "set_stance", "skip_all_guards_unsafe",
           "skip_guard_on_globals_unsafe", "wrap_numpy"]

_settings = {"backend": "inductor", "guard_collectives": False}

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

    eager._ember_disable_recursive = recursive  # for _dynamo.is_dynamo_disable_recursive
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
    """The names of the backends ``compile`` accepts (all run ember's capture), built-in and
    added by ``ember._dynamo.register_backend``, less those with a tag in ``exclude_tags`` (by
    default torch's debugging backends such as ``"eager"`` are left out)."""
    from .._compile.api import BACKEND_TAGS, BACKENDS, REGISTERED_BACKENDS, REGISTERED_TAGS
    tags = {**BACKEND_TAGS, **REGISTERED_TAGS}
    return sorted(name for name in {*BACKENDS, *REGISTERED_BACKENDS}
                  if not set(tags.get(name, ())) & set(exclude_tags or ()))


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


def get_default_backend():
    """The backend ``compile`` uses when given none: ``"inductor"`` unless set (every backend
    runs ember's capture).

    Example:
        >>> ember.compiler.get_default_backend()
        'inductor'
    """
    return _settings["backend"]


def set_default_backend(backend):
    """Set the backend ``compile`` uses when given none; ``None`` resets it to "inductor".

    Args:
        backend (str, callable or None): the backend.

    Example:
        >>> ember.compiler.set_default_backend("eager")
        >>> ember.compiler.get_default_backend()
        'eager'
        >>> ember.compiler.set_default_backend(None)
    """
    _settings["backend"] = "inductor" if backend is None else backend


def set_enable_guard_collectives(enabled):
    """Switch torch's cross-rank synchronisation of guard checks; returns the previous
    setting (ember's plans have no collective guards, so only the setting is kept).

    Args:
        enabled (bool): the new setting.

    Returns:
        bool: the previous one.

    Example:
        >>> ember.compiler.set_enable_guard_collectives(False)
        False
    """
    previous, _settings["guard_collectives"] = _settings["guard_collectives"], bool(enabled)
    return previous


def skip_all_guards_unsafe(guard_entries):
    """A ``guard_filter_fn`` that drops every guard: one False per entry.

    Args:
        guard_entries (list): the guards of a compiled region.

    Returns:
        list of bool: which guards to keep.

    Example:
        >>> ember.compiler.skip_all_guards_unsafe(["a", "b"])
        [False, False]
    """
    return [False for _ in guard_entries]


def skip_guard_on_globals_unsafe(guard_entries):
    """A ``guard_filter_fn`` that keeps the guards not on global variables.

    Args:
        guard_entries (list): guards with an ``is_global`` attribute.

    Returns:
        list of bool: which guards to keep.

    Example:
        >>> from types import SimpleNamespace as Entry
        >>> ember.compiler.skip_guard_on_globals_unsafe([Entry(is_global=True),
        ...                                              Entry(is_global=False)])
        [False, True]
    """
    return [not entry.is_global for entry in guard_entries]


def keep_portable_guards_unsafe(guard_entries):
    """A ``guard_filter_fn`` that keeps the guards usable outside Python: global state,
    shapes, and tensor metadata of tensors that are not globals.

    Args:
        guard_entries (list): guards with ``guard_type`` and ``is_global`` attributes.

    Returns:
        list of bool: which guards to keep.

    Example:
        >>> from types import SimpleNamespace as Entry
        >>> ember.compiler.keep_portable_guards_unsafe([
        ...     Entry(guard_type="TENSOR_MATCH", is_global=False),
        ...     Entry(guard_type="ID_MATCH", is_global=False)])
        [True, False]
    """
    return [entry.guard_type in ("GLOBAL_STATE", "SHAPE_ENV")
            or (entry.guard_type == "TENSOR_MATCH" and not entry.is_global)
            for entry in guard_entries]


def keep_tensor_guards_unsafe(guard_entries, keep_parameters=False):
    """A ``guard_filter_fn`` that keeps only the tensor-metadata guards (on parameters too
    when ``keep_parameters``).

    Args:
        guard_entries (list): guards with ``guard_type`` and ``value`` attributes.
        keep_parameters (bool): keep the guards on ``nn.Parameter`` values.

    Returns:
        list of bool: which guards to keep.

    Example:
        >>> from types import SimpleNamespace as Entry
        >>> ember.compiler.keep_tensor_guards_unsafe([
        ...     Entry(guard_type="TENSOR_MATCH", value=ember.ones(1)),
        ...     Entry(guard_type="TENSOR_MATCH", value=ember.nn.Parameter(ember.ones(1)))])
        [True, False]
    """
    from ..nn import Parameter
    return [entry.guard_type == "TENSOR_MATCH"
            and (keep_parameters or not isinstance(entry.value, Parameter))
            for entry in guard_entries]


def wrap_numpy(fn):
    """Turn a function of NumPy arrays into one of tensors: tensor arguments (anywhere in
    lists, tuples and dicts) go in as arrays, array results come back as tensors.

    Args:
        fn: a function taking and returning ``np.ndarray``.

    Returns:
        The function on tensors.

    Example:
        >>> import numpy as np
        >>> total = ember.compiler.wrap_numpy(lambda x: np.sum(x, axis=0))
        >>> total(ember.ones(2, 3))
        tensor([2., 2., 2.])
    """
    import numpy as np

    from .._tensor import Tensor
    from ..utils._pytree import tree_map_only

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        args, kwargs = tree_map_only(Tensor, lambda x: x.numpy(), (args, kwargs))
        from .. import as_tensor
        return tree_map_only(np.ndarray, as_tensor, fn(*args, **kwargs))
    return wrapped


def nested_compile_region(fn=None, *, options=None, max_reuse_entries=8, reuse_hash_fn=None):
    """Mark ``fn`` as a region torch compiles once and reuses at each call; ember's plans
    capture a region's calls wherever they are, so ``fn`` runs as it is.

    Args:
        fn: the function; omitted, a decorator is returned.
        options, max_reuse_entries, reuse_hash_fn: accepted for torch compatibility.

    Returns:
        ``fn`` (or a decorator returning it).

    Example:
        >>> block = ember.compiler.nested_compile_region(lambda x: x.sin())
        >>> block(ember.zeros(1))
        tensor([0.])
    """
    if fn is None:
        return lambda inner: inner
    return fn
