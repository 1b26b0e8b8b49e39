"""ember.overrides: the ``__torch_function__`` protocol, as torch.overrides has it.

A Tensor subclass, or any object, whose type defines ``__torch_function__`` takes over the
calls it is an argument of: ``ember.*`` functions, ``ember.nn.functional.*``, ``ember.linalg``,
``ember.fft`` and ``ember.special`` functions, Tensor methods, operators and properties (see
``ember._subclass``). ``handle_torch_function`` asks the active ``TorchFunctionMode``
(innermost first), then each overloading argument's type (subclasses before their bases,
otherwise left to right), calling ``__torch_function__(func, types, args, kwargs)`` until one
returns something other than NotImplemented. A library function opts in as torch's do:

    def scale(x, factor):
        if has_torch_function((x,)):
            return handle_torch_function(scale, (x,), x, factor)
        ...
"""
from __future__ import annotations

import contextlib
import functools
import threading
import warnings

from . import _subclass
from ._deprecated import _user_stacklevel

__all__ = ["BaseTorchFunctionMode", "TorchFunctionMode", "enable_reentrant_dispatch",
           "get_default_nowrap_functions", "get_ignored_functions", "get_overridable_functions",
           "get_testing_overrides", "handle_torch_function", "has_torch_function",
           "has_torch_function_unary", "has_torch_function_variadic", "is_tensor_like",
           "is_tensor_method_or_property", "redispatch_function", "resolve_name",
           "wrap_torch_function"]


class _Skip(threading.local):
    def __init__(self):
        self.next = False  # set by redispatch_function for the next dispatch check


_skip = _Skip()


def _tensor_class():
    from ._tensor import Tensor
    return Tensor


def has_torch_function(relevant_args):
    """Whether a call with these arguments must go through ``handle_torch_function``: some
    argument's type defines ``__torch_function__``, or a TorchFunctionMode is active.

    Args:
        relevant_args: the arguments to check (an iterable).

    Returns:
        A bool.

    Example:
        >>> from ember.overrides import has_torch_function
        >>> has_torch_function((1, ember.ones(1)))
        False
    """
    if _skip.next:
        _skip.next = False
        return False
    return _subclass.has_override(relevant_args)


def has_torch_function_unary(a):
    """has_torch_function for a single argument."""
    return has_torch_function((a,))


def has_torch_function_variadic(*args):
    """has_torch_function for the arguments given one by one."""
    return has_torch_function(args)


def _qualified(func):
    return f"{func.__module__}.{func.__name__}"


def handle_torch_function(public_api, relevant_args, *args, **kwargs):
    """Call ``public_api`` through the ``__torch_function__`` of the active mode or of the
    overloading arguments, as explained in the module's docstring.

    Args:
        public_api: the function being called (passed on to the overrides).
        relevant_args: the arguments that may overload it.
        args: the call's positional arguments.
        kwargs: the call's keyword arguments.

    Returns:
        The first result that is not NotImplemented.

    Example:
        >>> from ember.overrides import handle_torch_function, has_torch_function
        >>> class Logged:
        ...     @classmethod
        ...     def __torch_function__(cls, func, types, args=(), kwargs=None):
        ...         return f"{func.__name__} on {cls.__name__}"
        >>> def double(x):
        ...     if has_torch_function((x,)):
        ...         return handle_torch_function(double, (x,), x)
        ...     return x * 2
        >>> double(Logged()), double(3)
        ('double on Logged', 6)
    """
    return _subclass.dispatch(public_api, _subclass.overloaded_args(relevant_args), args,
                              kwargs, _qualified(public_api), "python")


def redispatch_function(func, types, args, kwargs):
    """Call ``func`` from a ``__torch_function__`` override, skipping one level of dispatch:
    ``func``'s own check (its first ``has_torch_function``) answers False, so its
    implementation runs, while the calls it makes dispatch as usual.

    Args:
        func: the function being overridden.
        types: the overloading types (unused, as in torch).
        args: its positional arguments.
        kwargs: its keyword arguments (or None).

    Returns:
        ``func``'s result.
    """
    _skip.next = True
    try:
        return func(*args, **(kwargs or {}))
    finally:
        _skip.next = False


def wrap_torch_function(dispatcher):
    """Decorator: the function dispatches through ``__torch_function__`` on the arguments
    ``dispatcher(*args, **kwargs)`` returns.

    Args:
        dispatcher: takes the function's arguments, returns the relevant ones (an iterable).

    Returns:
        The decorator.
    """
    def decorator(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            relevant = dispatcher(*args, **kwargs)
            if has_torch_function(relevant):
                return handle_torch_function(wrapped, relevant, *args, **kwargs)
            return func(*args, **kwargs)
        return wrapped
    return decorator


def is_tensor_like(inp):
    """Whether ``inp`` is an ember Tensor or something (an object or a type) that defines
    ``__torch_function__``.

    Args:
        inp: any object.

    Returns:
        A bool.

    Example:
        >>> from ember.overrides import is_tensor_like
        >>> is_tensor_like(ember.ones(1)), is_tensor_like([1.0])
        (True, False)
    """
    return isinstance(inp, _tensor_class()) or hasattr(inp, "__torch_function__")


class TorchFunctionMode:
    """A ``with`` block whose ``__torch_function__(func, types, args, kwargs)`` sees every
    dispatching call inside it, also on plain tensors (innermost mode first; while it runs, the
    calls it makes go to the modes outside it)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        raise NotImplementedError

    def __enter__(self):
        _subclass.push_mode(self)
        return self

    def __exit__(self, *exc):
        _subclass.pop_mode(self)

    @classmethod
    def push(cls, *args, **kwargs):
        warnings.warn("`Mode.push()` is no longer necessary and can be replaced with just "
                      "`with Mode()`", stacklevel=_user_stacklevel())
        return cls(*args, **kwargs)


class BaseTorchFunctionMode(TorchFunctionMode):
    """A TorchFunctionMode that calls each function as it is (a base for modes that only
    watch)."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))


@contextlib.contextmanager
def enable_reentrant_dispatch():
    """For use inside ``__torch_dispatch__``, which ember does not have: entering it raises
    RuntimeError, as torch's does outside a dispatch."""
    raise RuntimeError("Accessing ember dispatch state outside of '__torch_dispatch__' is not "
                       "allowed.")
    yield  # a generator, so that the error comes on entering the block


def _namespaces():
    import ember
    from ember.nn import functional
    return {ember: "ember", ember.Tensor: "ember.Tensor", functional: "ember.nn.functional",
            ember.linalg: "ember.linalg", ember.fft: "ember.fft", ember.special: "ember.special"}


def _public_callables(namespace):
    for name in sorted(dir(namespace)):
        if name.startswith("_"):
            continue
        value = getattr(namespace, name, None)
        if callable(value) and not isinstance(value, type):
            yield name, value


def _dispatches(namespace, value):
    if namespace is _tensor_class():
        return True
    return hasattr(value, "__ember_dispatch__")


@functools.lru_cache(maxsize=1)
def _function_table():
    Tensor = _tensor_class()
    return {namespace: [f for _, f in _public_callables(namespace) if _dispatches(namespace, f)]
            for namespace in _namespaces() if namespace is not Tensor}


def get_overridable_functions():
    """{namespace: [its functions that dispatch through ``__torch_function__``]} for ember's
    function namespaces and Tensor (whose methods appear as ``ember.Tensor`` holds them now,
    its properties as their ``__get__``)."""
    Tensor = _tensor_class()
    table = dict(_function_table())
    table[Tensor] = [value.__get__ if isinstance(value, property) else value
                     for value in (vars(Tensor)[name] for name in _subclass._tensor_originals()
                                   if not name.startswith("_") or name in _subclass._DUNDERS)]
    return table


def get_ignored_functions():
    """The public functions of ember's namespaces that do not dispatch (they take no tensor,
    or set global state)."""
    return {f for namespace in _namespaces() if namespace is not _tensor_class()
            for _, f in _public_callables(namespace) if not _dispatches(namespace, f)}


def get_default_nowrap_functions():
    """The Tensor accessors whose results the default ``__torch_function__`` leaves unwrapped."""
    return set(_subclass._NOWRAP)


def get_testing_overrides():
    """{overridable function: a dummy returning -1}, for testing overrides."""
    def dummy(*args, **kwargs):
        return -1
    return {f: dummy for functions in get_overridable_functions().values() for f in functions}


def is_tensor_method_or_property(func):
    """Whether ``func`` is a method or property of ember.Tensor.

    Args:
        func: a function.

    Returns:
        A bool.
    """
    Tensor = _tensor_class()
    name = getattr(func, "__name__", None)
    return name is not None and any(
        vars(cls).get(name) is func or getattr(vars(cls).get(name), "__get__", None) is func
        for cls in Tensor.__mro__)


def resolve_name(f):
    """The qualified name of an ember function or Tensor method (``"ember.add"``,
    ``"ember.Tensor.add"``), or None for anything else.

    Args:
        f: a function.

    Returns:
        A string or None.
    """
    for namespace, prefix in _namespaces().items():
        for name, value in _public_callables(namespace):
            if value is f:
                return f"{prefix}.{name}"
    return None
