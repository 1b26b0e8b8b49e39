"""``ember.jit``: the TorchScript names that eager PyTorch programs call, with eager meaning.

ember has no TorchScript compiler. What programs rely on still holds: ``is_scripting()`` and
``is_tracing()`` tell model code which branch torch would take (the scripted branch inside a
call of a scripted object, the eager one elsewhere); the decorators (``ignore``, ``unused``, ``export``, ``script_method``,
``interface``) leave the Python function as it is; ``script`` and ``trace`` return an object
that is called with the same arguments and gives the same results, and for a module is still a
module (same parameters and buffers, same ``state_dict`` keys, its own ``training`` flag, as
torch's scripted copy has). Both run the original Python code on every call: control flow is
not frozen by ``trace`` as torch's graph freezes it, and nothing is compiled. ``save`` writes
the scripted module itself (pickled, as ``ember.save(module)`` does) and ``load`` reads it back
as a ``RecursiveScriptModule``, so a save/load round trip in one program works as in torch; the
file holds no TorchScript code, so reading it needs the module's classes importable, and a
TorchScript archive written by torch cannot be read. ``.code`` and ``.graph`` (TorchScript IR)
raise RuntimeError.
"""
from __future__ import annotations

import collections
import contextlib
import functools
import inspect
import types
import typing
import warnings

from .._deprecated import _user_stacklevel
from ..nn.modules.module import Module

__all__ = [
    "Attribute", "Error", "Final", "Future", "RecursiveScriptModule", "ScriptFunction",
    "ScriptModule", "ScriptWarning", "TopLevelTracedModule", "TracedModule", "TracerWarning",
    "annotate", "enable_onednn_fusion", "export", "fork", "freeze", "ignore", "interface",
    "is_scripting", "is_tracing", "isinstance", "load", "onednn_fusion_enabled",
    "optimize_for_inference", "optimized_execution", "save", "script", "script_if_tracing",
    "script_method", "trace", "trace_module", "unused", "wait",
]

_builtin_isinstance = isinstance

Final = typing.Final

# How many calls of scripted modules and functions are running now (is_scripting()).
_scripting_depth = [0]
# How many ``trace`` calls are running their example now (model code may ask is_tracing()).
_tracing_depth = [0]

_NO_ARCHIVE = ("ember has no TorchScript compiler, so it cannot {what}; store the weights "
               "with ember.save(module.state_dict(), f) and rebuild the module in Python")
# The key under which save() stores the module in the pickled payload.
_ARCHIVE_KEY = "ember.jit.ScriptModule"


def _deprecated(name, advice="Please switch to `ember.compile` or `ember.export`."):
    """torch 2.13 deprecates TorchScript: the same DeprecationWarning with ember's names,
    attributed (as torch's is) to the jit function, so Python's default filters hide it unless
    the user asks for DeprecationWarnings."""
    warnings.warn(f"`ember.jit.{name}` is deprecated. {advice}", DeprecationWarning,
                  stacklevel=2)


class Error(Exception):
    """The error TorchScript raises from a scripted ``raise``; ember raises it nowhere itself.

    Args:
        args: the message, as for any exception.

    Example:
        >>> issubclass(ember.jit.Error, Exception)
        True
    """


class TracerWarning(Warning):
    """The warning category of tracing; filters that name it work unchanged.

    Args:
        args: the message, as for any warning.

    Example:
        >>> issubclass(ember.jit.TracerWarning, Warning)
        True
    """


class ScriptWarning(Warning):
    """The warning category of scripted code; filters that name it work unchanged.

    Args:
        args: the message, as for any warning.

    Example:
        >>> issubclass(ember.jit.ScriptWarning, Warning)
        True
    """


Attribute = collections.namedtuple("Attribute", ["value", "type"])
Attribute.__doc__ = """Attribute(value, type): a module attribute with its TorchScript type.

Under ``script`` the module sees ``value``; in eager code the pair is kept as it is, as torch
keeps it.

Args:
    value: the attribute's value.
    type: its TorchScript type (``List[int]``, ``Dict[str, Tensor]``, ...).

Example:
    >>> ember.jit.Attribute(3, int)
    Attribute(value=3, type=<class 'int'>)
"""


def is_scripting():
    """Whether the code runs as part of a scripted module or function (``ember.jit.script``).

    Model code uses it to choose between a TorchScript-friendly branch and a Python-only one;
    ember takes the branch torch takes: the scripted one while a scripted object runs, the
    eager one otherwise. The check is one list read.

    Returns:
        True inside a call of what ``ember.jit.script`` returned, False otherwise.

    Example:
        >>> ember.jit.is_scripting()
        False
    """
    return _scripting_depth[0] > 0


def is_tracing():
    """Whether ``ember.jit.trace`` is running its example inputs through the code now.

    Returns:
        True inside the example run of ``trace``, False otherwise (every later call of the
        traced object runs eagerly).

    Example:
        >>> ember.jit.is_tracing()
        False
    """
    return _tracing_depth[0] > 0


def ignore(drop=False, **kwargs):
    """Decorator that keeps a function out of TorchScript: in ember it is returned unchanged.

    Usable bare (``@ignore``) or called (``@ignore(drop=True)``), as torch's.

    Args:
        drop: torch replaces the function by one that raises inside scripts; ember never
            scripts, so it has no effect.

    Returns:
        The function, or a decorator that returns it.

    Example:
        >>> @ember.jit.ignore
        ... def debug(x):
        ...     return x + 1
        >>> debug(ember.tensor([1.0]))
        tensor([2.])
    """
    if callable(drop):
        return drop
    if not _builtin_isinstance(drop, bool):
        raise RuntimeError(f"Argument to @ember.jit.ignore must be a bool or a function but "
                           f"got {drop}")
    old_spelling = kwargs.pop("drop_on_export", None)
    if old_spelling or drop:
        argument = "drop_on_export=True" if old_spelling else "True"
        warnings.warn(f"ignore({argument}) has been deprecated. TorchScript will now drop the "
                      "function call on compilation. Use ember.jit.unused now. {}",
                      FutureWarning, stacklevel=_user_stacklevel())
    return lambda fn: fn


def unused(fn):
    """Decorator for methods TorchScript should not compile: the method is returned unchanged.

    Args:
        fn: the function (or property) to mark.

    Returns:
        ``fn`` itself.

    Example:
        >>> ember.jit.unused(lambda x: x + 1)(1)
        2
    """
    return fn


def export(fn):
    """Decorator that makes TorchScript compile a method besides ``forward``; returns it as is.

    Args:
        fn: the method to mark.

    Returns:
        ``fn`` itself.

    Example:
        >>> ember.jit.export(lambda x: x + 1)(1)
        2
    """
    return fn


def script_method(fn):
    """The decorator of the old ``ScriptModule`` subclass style; returns the method as is.

    Args:
        fn: the method.

    Returns:
        ``fn`` itself.

    Example:
        >>> callable(ember.jit.script_method)
        True
    """
    return fn


def interface(obj):
    """Decorator for TorchScript interface classes; returns the class as is.

    Args:
        obj: the class.

    Returns:
        ``obj`` itself.

    Example:
        >>> callable(ember.jit.interface)
        True
    """
    return obj


def script_if_tracing(fn):
    """Decorator that scripts ``fn`` when a trace calls it; ember runs it eagerly always.

    Args:
        fn: the function.

    Returns:
        ``fn`` itself.

    Example:
        >>> ember.jit.script_if_tracing(abs)(-2)
        2
    """
    return fn


def annotate(the_type, the_value):
    """Tell TorchScript the type of a value (an empty list, None); eagerly the value itself.

    Args:
        the_type: the TorchScript type (``List[int]``, ``Optional[Tensor]``, ...).
        the_value: the value.

    Returns:
        ``the_value``.

    Example:
        >>> ember.jit.annotate(list, [])
        []
    """
    return the_value


def isinstance(obj, target_type):  # torch.jit.isinstance: the builtin stays reachable as _builtin_isinstance
    """``builtins.isinstance`` that also understands typing containers, element by element.

    ``List[int]``, ``Dict[str, Tensor]``, ``Tuple[int, float]``, ``Optional[T]`` and
    ``Union[...]`` (and ``list[int]`` and friends) are checked recursively.

    Args:
        obj: the value to check.
        target_type: a class or a typing annotation.

    Returns:
        Whether ``obj`` is of that type.

    Example:
        >>> from typing import Dict, List
        >>> ember.jit.isinstance([1, 2], List[int]), ember.jit.isinstance([1, "a"], List[int])
        (True, False)
        >>> ember.jit.isinstance({"w": ember.ones(1)}, Dict[str, ember.Tensor])
        True
    """
    origin = typing.get_origin(target_type)
    if origin is None:
        if target_type is typing.Any:
            return True
        if target_type is None or target_type is type(None):
            return obj is None
        return _builtin_isinstance(obj, target_type)
    args = typing.get_args(target_type)
    if origin in (list, dict, tuple) and _builtin_isinstance(obj, origin) and not obj:
        warnings.warn("The inner type of a container is lost when calling ember.jit.isinstance "
                      "in eager mode. For example, List[int] would become list and therefore "
                      "falsely return True for List[float] or List[str].",
                      stacklevel=_user_stacklevel())
    if origin is typing.Union or origin is types.UnionType:
        return any(isinstance(obj, arg) for arg in args)
    if origin is list:
        return _builtin_isinstance(obj, list) and all(isinstance(item, args[0]) for item in obj)
    if origin is dict:
        return _builtin_isinstance(obj, dict) and all(
            isinstance(key, args[0]) and isinstance(value, args[1])
            for key, value in obj.items())
    if origin is tuple:
        if not _builtin_isinstance(obj, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(isinstance(item, args[0]) for item in obj)
        return len(obj) == len(args) and all(isinstance(item, arg)
                                             for item, arg in zip(obj, args))
    return _builtin_isinstance(obj, origin)


# ------------------------------------------------------------------------------ script objects
class ScriptFunction:
    """A function returned by ``script`` or ``trace``: calling it runs the original function.

    Args:
        fn: the Python function.

    Example:
        >>> double = ember.jit.trace(lambda x: x * 2, ember.ones(2))
        >>> isinstance(double, ember.jit.ScriptFunction)
        True
        >>> double(ember.tensor([1.0, 2.0]))
        tensor([2., 4.])
    """

    def __init__(self, fn, _scripted=False):
        self._fn = fn
        self._scripted = _scripted
        functools.update_wrapper(self, fn)

    def __call__(self, *args, **kwargs):
        if not self._scripted:
            return self._fn(*args, **kwargs)
        _scripting_depth[0] += 1
        try:
            return self._fn(*args, **kwargs)
        finally:
            _scripting_depth[0] -= 1

    @property
    def name(self):
        """The function's name."""
        return self._fn.__name__

    @property
    def qualified_name(self):
        """TorchScript's qualified name of the function (``__torch__.<name>``)."""
        return f"__torch__.{self._fn.__qualname__}"

    @property
    def code(self):
        """TorchScript source: there is none in ember (RuntimeError)."""
        raise RuntimeError(_NO_ARCHIVE.format(what="show TorchScript code"))

    @property
    def graph(self):
        """The TorchScript graph: there is none in ember (RuntimeError)."""
        raise RuntimeError(_NO_ARCHIVE.format(what="show a TorchScript graph"))

    def save(self, f, _extra_files=None):
        """Writing a TorchScript archive is not possible in ember (RuntimeError)."""
        raise RuntimeError(_NO_ARCHIVE.format(what="write a TorchScript archive"))


class ScriptModule(Module):
    """A module TorchScript has compiled; in ember, a module that runs its Python forward.

    Subclassing it (the old ``@script_method`` style) gives an ordinary module.

    Args:
        none: built by ``script`` and ``trace``, or as the base of a user's module class.

    Example:
        >>> scripted = ember.jit.script(nn.Linear(2, 2))
        >>> isinstance(scripted, ember.jit.ScriptModule), isinstance(scripted, nn.Module)
        (True, True)
    """

    @property
    def original_name(self):
        """The class name of the module that was scripted or traced."""
        return self.__dict__.get("_jit_original_name", type(self).__name__)

    @property
    def code(self):
        """TorchScript source: there is none in ember (RuntimeError)."""
        raise RuntimeError(_NO_ARCHIVE.format(what="show TorchScript code"))

    @property
    def graph(self):
        """The TorchScript graph: there is none in ember (RuntimeError)."""
        raise RuntimeError(_NO_ARCHIVE.format(what="show a TorchScript graph"))

    def save(self, f, _extra_files=None):
        """Write this module to ``f`` (a path or a binary file) for ``ember.jit.load``: the
        module pickled with its tensors (ember's ``save`` format) and the ``_extra_files``
        (name -> str or bytes) beside it; no TorchScript code is stored."""
        from ..serialization import save as save_object
        extra = {name: value.encode() if _builtin_isinstance(value, str) else bytes(value)
                 for name, value in (_extra_files or {}).items()}
        save_object({_ARCHIVE_KEY: self, "extra_files": extra}, f)

    def __reduce_ex__(self, protocol):
        # A scripted copy's class is made at runtime (_scripted_class): pickle it as its two
        # named parts, the scripted kind and the user's class.
        made = type(self).__dict__.get("_jit_parts")
        if made is None:
            return super().__reduce_ex__(protocol)
        return _rebuild_scripted, (*made, self.__dict__)


def _rebuild_scripted(kind, original, state):
    """A scripted module of ``kind`` over ``original`` with ``state`` (unpickling)."""
    module = object.__new__(_scripted_class(kind, original))
    module.__setstate__(state)
    return module


class RecursiveScriptModule(ScriptModule):
    """The module ``script`` returns: same parameters, buffers and submodules (each scripted).

    Args:
        none: built by ``script`` from a module.

    Example:
        >>> ember.jit.script(nn.Linear(2, 2))
        RecursiveScriptModule(original_name=Linear)
    """

    def __call__(self, *args, **kwargs):
        _scripting_depth[0] += 1
        try:
            return super().__call__(*args, **kwargs)
        finally:
            _scripting_depth[0] -= 1

    def _get_name(self):
        return "RecursiveScriptModule"

    def extra_repr(self):
        return f"original_name={self.original_name}"


class TracedModule(ScriptModule):
    """A submodule of a traced module: same parameters and buffers as the original.

    Args:
        none: built by ``trace`` for each submodule.

    Example:
        >>> traced = ember.jit.trace(nn.Sequential(nn.Linear(2, 2)), ember.ones(1, 2))
        >>> traced
        Sequential(
          original_name=Sequential
          (0): Linear(original_name=Linear)
        )
    """

    def _get_name(self):
        return self.original_name

    def extra_repr(self):
        return f"original_name={self.original_name}"


class TopLevelTracedModule(TracedModule):
    """The module ``trace`` returns for a module.

    Args:
        none: built by ``trace`` from a module.

    Example:
        >>> ember.jit.trace(nn.Linear(2, 2), ember.ones(1, 2))
        Linear(original_name=Linear)
    """


@functools.cache
def _scripted_class(kind, original):
    """The class of a scripted or traced copy: ``kind`` first, so that its repr, ``save`` and
    ``code`` apply, then the original class, whose ``forward`` and methods run."""
    if issubclass(original, kind):
        return original
    return type(kind.__name__, (kind, original), {"__module__": __name__,
                                                  "_jit_parts": (kind, original)})


def _copy_module(module, kind, child_kind):
    """A module of class ``kind`` + ``type(module)`` that shares every parameter and buffer
    tensor with ``module`` but has its own tables, training flag and scripted submodules (a
    submodule scripted or traced already is kept as it is, the same object, as in torch)."""
    copy = object.__new__(_scripted_class(kind, type(module)))
    state = dict(module.__dict__)
    for name, value in state.items():
        if _builtin_isinstance(value, Attribute):
            state[name] = value.value
        elif _builtin_isinstance(value, (dict, set)):
            state[name] = type(value)(value)
    state["_modules"] = {
        name: child if child is None or _builtin_isinstance(child, ScriptModule)
        else _copy_module(child, child_kind, child_kind)
        for name, child in module._modules.items()}
    state["_jit_original_name"] = getattr(module, "original_name", type(module).__name__) \
        if _builtin_isinstance(module, ScriptModule) else type(module).__name__
    copy.__dict__.update(state)
    return copy


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Script a module or function: ember returns an equivalent that runs the Python code.

    A module becomes a ``RecursiveScriptModule`` sharing its parameters and buffers (so the
    original's weights and the copy's stay the same tensors, and ``state_dict`` has the same
    keys); a function becomes a ``ScriptFunction``; a class is returned as it is. Nothing is
    compiled, so code torch would refuse to script runs here too.

    Args:
        obj: an ``nn.Module``, a function or a class.
        optimize, example_inputs: accepted for torch's signature; no effect.

    Returns:
        The scripted module or function.

    Example:
        >>> _ = ember.manual_seed(0)
        >>> layer = nn.Linear(2, 1)
        >>> scripted = ember.jit.script(layer)
        >>> scripted.weight is layer.weight
        True
        >>> list(scripted.state_dict())
        ['weight', 'bias']
    """
    _deprecated("script")
    if _builtin_isinstance(obj, (RecursiveScriptModule, TracedModule, ScriptFunction)):
        return obj
    if _builtin_isinstance(obj, Module):
        return _copy_module(obj, RecursiveScriptModule, RecursiveScriptModule)
    if inspect.isclass(obj):
        if obj.__module__ == "builtins":
            raise TypeError(f"{obj!r} is a built-in class")
        return obj
    if callable(obj):
        return ScriptFunction(obj, _scripted=True)
    raise TypeError(f"{type(obj)!r} is a built-in class" if type(obj).__module__ == "builtins"
                    else f"cannot script an object of type {type(obj).__name__}")


def _type_name(value):
    """TorchScript's name for the type of an example input, as its tracing error spells it."""
    from .._tensor import Tensor
    if _builtin_isinstance(value, Tensor):
        return "Tensor"
    if _builtin_isinstance(value, tuple):
        return "Tuple[" + ", ".join(_type_name(item) for item in value) + "]"
    if _builtin_isinstance(value, list):
        return f"List[{_type_name(value[0]) if value else 'Tensor'}]"
    if _builtin_isinstance(value, dict):
        key, item = next(iter(value.items())) if value else ("", None)
        return f"Dict[{_type_name(key)}, {_type_name(item)}]"
    return type(value).__name__


def _traceable(value):
    from .._tensor import Tensor
    if _builtin_isinstance(value, Tensor):
        return True
    if _builtin_isinstance(value, (list, tuple)):
        return all(_traceable(item) for item in value)
    if _builtin_isinstance(value, dict):
        return all(_traceable(item) for item in value.values())
    return False


def _example_run(fn, example_inputs, example_kwarg_inputs):
    """Run ``fn`` once on the example, with ``is_tracing()`` True, after torch's input checks."""
    from .._tensor import Tensor
    if example_kwarg_inputs is not None:
        if not _builtin_isinstance(example_kwarg_inputs, dict):
            raise RuntimeError("example_kwarg_inputs should be a dict")
        args, kwargs = (), example_kwarg_inputs
    else:
        if example_inputs is None:
            raise RuntimeError("example_inputs must be given (a Tensor or a tuple of Tensors)")
        args = (example_inputs,) if _builtin_isinstance(example_inputs, Tensor) \
            else tuple(example_inputs)
        kwargs = {}
    everything = args + tuple(kwargs.values())
    if not _traceable(everything):
        raise RuntimeError(f"Type '{_type_name(everything)}' cannot be traced. Only Tensors and "
                           "(possibly nested) Lists, Dicts, and Tuples of Tensors can be traced")
    _tracing_depth[0] += 1
    try:
        return fn(*args, **kwargs), args, kwargs
    finally:
        _tracing_depth[0] -= 1


def _tensors(value):
    """The tensors of a (nested) output, in order."""
    from .._tensor import Tensor
    if _builtin_isinstance(value, Tensor):
        return [value]
    if _builtin_isinstance(value, (list, tuple)):
        return [t for item in value for t in _tensors(item)]
    if _builtin_isinstance(value, dict):
        return [t for item in value.values() for t in _tensors(item)]
    return []


def _check_trace(fn, checks, keyword, tolerance):
    """torch's ``check_trace``: for each check input, trace again and run the Python code
    eagerly, both without grad, and warn (``TracerWarning``) where an output differs. The two
    extra runs happen as in torch, so code with side effects (prints, random draws) sees them."""
    import warnings

    from .. import testing
    from ..autograd.grad_mode import no_grad
    with no_grad():
        for check in checks:
            traced, args, kwargs = _example_run(fn, None if keyword else check,
                                                check if keyword else None)
            python = fn(*args, **kwargs)
            for number, (ours, theirs) in enumerate(zip(_tensors(traced), _tensors(python))):
                try:
                    testing.assert_close(ours, theirs, rtol=tolerance, atol=1e-5,
                                         equal_nan=True)
                except AssertionError as error:
                    warnings.warn(TracerWarning(
                        f"Output nr {number + 1}. of the traced function does not match the "
                        f"corresponding output of the Python function. Detailed error:\n"
                        f"{error}"), stacklevel=3)


def trace(func, example_inputs=None, optimize=None, check_trace=True, check_inputs=None,
          check_tolerance=1e-05, strict=True, _force_outplace=False, _module_class=None,
          _compilation_unit=None, example_kwarg_inputs=None, _store_inputs=True):
    """Trace a function or module on example inputs: ember runs it once on them (with
    ``is_tracing()`` True, and torch's checks of what may be traced) and returns an equivalent
    that runs the Python code on each call.

    Unlike torch's trace, later calls do not replay the example's path: data-dependent
    branches are taken anew each time (torch would warn with ``TracerWarning`` and freeze
    them). For code without such branches the results are the same.

    Args:
        func: a function or an ``nn.Module`` (its ``forward`` is traced).
        example_inputs: a Tensor or a tuple of Tensors (nested lists, tuples and dicts of
            Tensors are accepted) to call ``func`` with.
        example_kwarg_inputs: keyword inputs instead of ``example_inputs``.
        check_trace: as torch, trace again and run the Python code on each check input (the
            example by default), warning with ``TracerWarning`` where outputs differ. torch
            also replays its recorded graph once per check input, which draws random numbers
            a fourth time in code that draws them; ember has no graph to replay.
        check_inputs: inputs for ``check_trace`` (a list of tuples or Tensors).
        check_tolerance: the relative tolerance of that comparison.
        optimize, strict: accepted for torch's signature; no effect.

    Returns:
        A ``TopLevelTracedModule`` for a module, a ``ScriptFunction`` for a function.

    Example:
        >>> traced = ember.jit.trace(lambda x: x.relu() * 2, ember.tensor([-1.0, 1.0]))
        >>> traced(ember.tensor([3.0, -3.0]))
        tensor([6., 0.])
    """
    _deprecated("trace")
    if _builtin_isinstance(func, (TracedModule, ScriptFunction)):
        return func
    _example_run(func, example_inputs, example_kwarg_inputs)
    if check_trace:
        keyword = example_kwarg_inputs is not None
        _check_trace(func, check_inputs or [example_kwarg_inputs if keyword else example_inputs],
                     keyword, check_tolerance)
    if _builtin_isinstance(func, Module):
        return _copy_module(func, TopLevelTracedModule, TracedModule)
    return ScriptFunction(func)


def trace_module(mod, inputs, optimize=None, check_trace=True, check_inputs=None,
                 check_tolerance=1e-05, strict=True, _force_outplace=False, _module_class=None,
                 _compilation_unit=None, example_inputs_is_kwarg=False, _store_inputs=True):
    """Trace several methods of a module, each on its own example: ``{"forward": x, ...}``.

    Args:
        mod: the module.
        inputs: a dict from method name to that method's example input(s).
        example_inputs_is_kwarg: the examples are dicts of keyword arguments.

    Returns:
        A ``TopLevelTracedModule`` whose methods run the original Python code.

    Example:
        >>> traced = ember.jit.trace_module(nn.ReLU(), {"forward": ember.tensor([-1.0])})
        >>> traced(ember.tensor([-2.0, 2.0]))
        tensor([0., 2.])
    """
    _deprecated("trace_method")
    if not _builtin_isinstance(inputs, dict):
        raise AttributeError("expected a dictionary of (method_name, input) pairs")
    for method, example in inputs.items():
        function = getattr(mod, method)
        if example_inputs_is_kwarg:
            _example_run(function, None, example)
        else:
            _example_run(function, example, None)
    return _copy_module(mod, TopLevelTracedModule, TracedModule)


def freeze(mod, preserved_attrs=None, optimize_numerics=True):
    """Freeze a scripted module for inference: ember checks what torch checks and returns it.

    Args:
        mod: a scripted or traced module in eval mode.
        preserved_attrs, optimize_numerics: accepted for torch's signature; no effect.

    Returns:
        ``mod``, which runs as before.

    Example:
        >>> frozen = ember.jit.freeze(ember.jit.script(nn.ReLU()).eval())
        >>> frozen(ember.tensor([-1.0, 1.0]))
        tensor([0., 1.])
    """
    _deprecated("freeze", "Please use `ember.compile` instead.")
    if not _builtin_isinstance(mod, ScriptModule):
        raise RuntimeError("Freezing expects a ScriptModule as input. Please use "
                           "ember.jit.script or ember.jit.trace to script your 'nn.Module'.")
    if mod.training:
        raise RuntimeError("Freezing is currently only implemented for modules in eval mode. "
                           "Please call .eval() on your module before freezing.")
    return mod


def optimize_for_inference(mod, other_methods=None):
    """``freeze`` plus graph rewrites in torch; in ember the frozen module itself.

    Args:
        mod: a scripted or traced module (set to eval mode here, as torch does).
        other_methods: accepted for torch's signature; no effect.

    Returns:
        ``mod`` in eval mode.

    Example:
        >>> fast = ember.jit.optimize_for_inference(ember.jit.script(nn.ReLU()))
        >>> fast(ember.tensor([-1.0, 1.0]))
        tensor([0., 1.])
    """
    _deprecated("optimize_for_inference", "Please use `ember.compile` instead.")
    if not _builtin_isinstance(mod, ScriptModule):
        raise RuntimeError("optimize_for_inference expects a ScriptModule as input. Please use "
                           "ember.jit.script or ember.jit.trace to script your 'nn.Module'.")
    return freeze(mod.eval())


def save(m, f, _extra_files=None):
    """Write a scripted or traced module to ``f`` for ``ember.jit.load``.

    ember has no TorchScript code to store: the file holds the module pickled with its tensors
    (as ``ember.save(module)`` does), so loading it needs the module's classes importable, as
    in the program that saved it.

    Args:
        m (ScriptModule): what ``ember.jit.script`` or ``ember.jit.trace`` returned.
        f: a path or a binary file.
        _extra_files (dict, optional): file name -> str or bytes, stored beside the module.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> ember.jit.save(ember.jit.script(nn.ReLU()), buffer)
        >>> _ = buffer.seek(0)
        >>> ember.jit.load(buffer)
        RecursiveScriptModule(original_name=ReLU)
    """
    _deprecated("save", "Please switch to `ember.export`.")
    if _builtin_isinstance(m, ScriptFunction):
        m.save(f)
    if not _builtin_isinstance(m, ScriptModule):
        raise AttributeError(f"'{type(m).__name__}' object has no attribute 'save_to_buffer'")
    m.save(f, _extra_files=_extra_files)


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """Read a module that ``ember.jit.save`` wrote: a ``RecursiveScriptModule`` (every
    submodule too, as torch's loaded modules are), on ``map_location`` if given.

    Like ``ember.load(..., weights_only=False)`` this unpickles: load only files you trust. A
    TorchScript archive written by torch holds compiled code ember cannot run (RuntimeError).

    Args:
        f: a path or a binary file.
        map_location: where to put the tensors (as ``ember.load``'s).
        _extra_files (dict, optional): file names to read; their values are replaced by the
            stored bytes.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> ember.jit.save(ember.jit.trace(nn.Linear(2, 1), ember.ones(1, 2)), buffer,
        ...                _extra_files={"note.txt": "v1"})
        >>> _ = buffer.seek(0)
        >>> extra = {"note.txt": ""}
        >>> loaded = ember.jit.load(buffer, _extra_files=extra)
        >>> loaded, extra
        (RecursiveScriptModule(original_name=Linear), {'note.txt': b'v1'})
    """
    _deprecated("load", "Please switch to `ember.export`.")
    from ..serialization import load as load_object
    try:
        payload = load_object(f, map_location=map_location, weights_only=False)
    except Exception as exc:
        raise RuntimeError(f"ember.jit.load reads back only files ember.jit.save wrote, with "
                           f"the module's classes importable; this one could not be read "
                           f"({type(exc).__name__}: {exc})") from exc
    if not (_builtin_isinstance(payload, dict) and _ARCHIVE_KEY in payload):
        raise RuntimeError(_NO_ARCHIVE.format(what="read a TorchScript archive that "
                                                   "ember.jit.save did not write"))
    module = payload[_ARCHIVE_KEY]
    for submodule in module.modules():
        parts = type(submodule).__dict__.get("_jit_parts")
        if parts is not None:
            submodule.__class__ = _scripted_class(RecursiveScriptModule, parts[1])
    if _extra_files is not None:
        for name in _extra_files:
            if name in payload["extra_files"]:
                _extra_files[name] = payload["extra_files"][name]
    return module


# ------------------------------------------------------------------------------ fork and wait
class Future:
    """The result of ``fork``: in ember the call has already run, so ``wait`` returns at once.

    Args:
        value: the call's result.

    Example:
        >>> future = ember.jit.fork(lambda x: x + 1, ember.tensor([1.0]))
        >>> future.done(), future.wait()
        (True, tensor([2.]))
    """

    def __init__(self, value=None):
        self._value = value

    def done(self):
        """True: the work ran when it was forked."""
        return True

    def wait(self):
        """The result of the forked call."""
        return self._value

    value = wait

    def then(self, callback):
        """A Future of ``callback(self)``."""
        return Future(callback(self))


def fork(func, *args, **kwargs):
    """Start ``func(*args, **kwargs)`` asynchronously; ember runs it now (torch does the same
    outside TorchScript) and returns its Future.

    Args:
        func: the function to call.
        args, kwargs: its arguments.

    Returns:
        A ``Future`` holding the result.

    Example:
        >>> ember.jit.wait(ember.jit.fork(ember.add, ember.ones(2), 1))
        tensor([2., 2.])
    """
    _deprecated("fork", "Please use `ember.compile` instead.")
    return Future(func(*args, **kwargs))


def wait(future):
    """The result of a ``fork``.

    Args:
        future: the Future ``fork`` returned.

    Returns:
        The forked call's result.

    Example:
        >>> ember.jit.wait(ember.jit.fork(abs, -3))
        3
    """
    _deprecated("wait", "Please use `ember.compile` instead.")
    return future.wait()


# ------------------------------------------------------------------------------ fuser settings
_onednn_fusion = [False]


def enable_onednn_fusion(enabled):
    """Turn oneDNN graph fusion on or off for TorchScript; ember stores the setting.

    Args:
        enabled: the new setting.

    Example:
        >>> ember.jit.enable_onednn_fusion(False)
        >>> ember.jit.onednn_fusion_enabled()
        False
    """
    _onednn_fusion[0] = bool(enabled)


def onednn_fusion_enabled():
    """The setting of ``enable_onednn_fusion`` (False by default).

    Example:
        >>> ember.jit.onednn_fusion_enabled()
        False
    """
    return _onednn_fusion[0]


@contextlib.contextmanager
def optimized_execution(should_optimize):
    """Context manager that turns TorchScript's optimisations on or off; no effect in ember.

    Args:
        should_optimize: the setting inside the block.

    Example:
        >>> with ember.jit.optimized_execution(False):
        ...     print(ember.ones(1))
        tensor([1.])
    """
    yield
