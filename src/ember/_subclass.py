"""Tensor subclasses and the ``__torch_function__`` protocol, as PyTorch runs them.

A call dispatches when one of its arguments (or an element of a list/tuple argument) has a
type that defines ``__torch_function__`` other than plain Tensor's or Parameter's disabled
one, or when a ``TorchFunctionMode`` is active. Then the innermost mode, and after it each
such argument's type (subclasses before their bases, otherwise left to right), is asked
``__torch_function__(func, types, args, kwargs)`` until one answers something other than
NotImplemented.

Where the check runs, so that plain tensors pay nothing on their hot path:

- Tensor methods, operators and properties: a Tensor subclass that takes part gets, at its
  definition, a dispatching copy of each Tensor method it does not define itself; plain
  Tensor's own methods are dispatching copies only while a mode is active.
- ``ember.*`` and ``ember.nn.functional.*`` functions: one flag test, until the first
  subclass or mode makes the flag true; a duck type (any object with ``__torch_function__``)
  that an op refuses is dispatched from the refusal, which costs nothing until it happens.

The default ``Tensor.__torch_function__`` runs the function with subclass dispatch disabled and
turns tensor results (also inside tuples and lists) into the most derived subclass.
"""
from __future__ import annotations

import functools
import threading

from . import _aten
from ._tensor import Tensor
from ._torch_names import torch_module, torch_name


class _State(threading.local):
    def __init__(self):
        self.subclass_off = 0   # DisableTorchFunctionSubclass depth
        self.all_off = 0        # DisableTorchFunction depth
        self.modes = []         # the TorchFunctionMode stack, innermost last


_state = _State()
# True once anything can dispatch (a taking-part subclass, a mode, a duck type): until then a
# function's whole check is reading this flag. ``_for_good``: one of those made it true, not only
# a TorchDispatchMode (which ``_aten`` hands the calls to while it is active).
_live = [False]
_for_good = [False]
_RUN = object()  # "no override took the call: run the implementation"
_SEQUENCE = "sequence"
_KINDS = {Tensor: False, int: False, float: False, bool: False, type(None): False,
          complex: False, str: False, slice: False, type(Ellipsis): False,
          list: _SEQUENCE, tuple: _SEQUENCE}


class _DisabledImpl:
    """The ``__torch_function__`` of Parameter (and of any class that sets it): its instances
    take no part in dispatch, and a call that reaches it runs as for plain tensors, its result
    not converted to any subclass. Like torch's, it is a plain callable, not a method."""

    def __call__(self, func, types, args=(), kwargs=None):
        _state.subclass_off += 1
        try:
            return func(*args, **(kwargs or {}))
        finally:
            _state.subclass_off -= 1

    def __repr__(self):
        return "<built-in function _disabled_torch_function_impl>"


_disabled_torch_function_impl = _DisabledImpl()


# Other types: {type: (the ``__torch_function__`` its class dictionaries hold, dispatches?)}.
# The entry is checked against the class on every use, so that a ``__torch_function__``
# assigned or replaced after the type's first call counts from the next call on, as in torch.
_USER = {}


def _kind(kind):
    """True for a type whose instances dispatch, False for one whose instances do not,
    ``_SEQUENCE`` for list/tuple (looked into, one level)."""
    found = _KINDS.get(kind)
    if found is not None:
        return found
    method = None
    for klass in kind.__mro__:
        method = vars(klass).get("__torch_function__")
        if method is not None:
            break
    seen = _USER.get(kind)
    if seen is not None and seen[0] is method:
        return seen[1]
    found = method is not None and method is not _disabled_torch_function_impl
    _USER[kind] = (method, found)
    if found:
        _live[0] = _for_good[0] = True
        if seen is not None and issubclass(kind, Tensor):
            _give_wrappers(kind)  # it took no part when it was defined
        if seen is not None or not issubclass(kind, Tensor):
            _plain_tensors_dispatch(kind)  # (install() does it for a new subclass)
    return found


def _add(found, arg):
    """Put ``arg`` among the overloading arguments: one per type, a subclass before its bases."""
    if found is None:
        return [arg]
    kind = type(arg)
    position = len(found)
    for i, other in enumerate(found):
        other_kind = type(other)
        if other_kind is kind:
            return found
        if position == len(found) and issubclass(kind, other_kind):
            position = i
    found.insert(position, arg)
    return found


def _overloaded(args, kwargs):
    """The arguments whose types take part in dispatch, in torch's order (None when none)."""
    found = None
    kinds = _KINDS
    for arg in args:
        kind = kinds.get(type(arg))
        if kind is not False:
            found = _take(arg, kind, found)
    if kwargs:
        for arg in kwargs.values():
            kind = kinds.get(type(arg))
            if kind is not False:
                found = _take(arg, kind, found)
    return found


def _take(arg, kind, found):
    """``found`` with ``arg`` (or the elements of a list/tuple ``arg``) added if it dispatches."""
    if kind is None:
        kind = _kind(type(arg))
    if kind is True:
        return _add(found, arg)
    if kind is _SEQUENCE:
        for item in arg:
            item_kind = _KINDS.get(type(item))
            if item_kind is None:
                item_kind = _kind(type(item))
            if item_kind is True:
                found = _add(found, item)
    return found


def overloaded_args(relevant_args):
    """The arguments among ``relevant_args`` that take part in dispatch (a list)."""
    return _overloaded(tuple(relevant_args), None) or []


def has_override(relevant_args):
    """Whether a call with these arguments dispatches (an overloading argument or a mode)."""
    if _state.all_off:
        return False
    if _state.modes:
        return True
    return not _state.subclass_off and bool(_overloaded(tuple(relevant_args), None))


def _route(public, name, style, args, kwargs, attribute=None):
    """The dispatched result of a call, or ``_RUN`` when the implementation should run.
    ``attribute``: the Tensor attribute called, when ``name`` is not its name."""
    overloaded = _overloaded(args, kwargs)
    if overloaded is None and not _PATCHED[0]:  # no overloading argument, no mode anywhere
        return _RUN
    state = _state
    if state.all_off:
        return _reported(public, attribute or name, args, kwargs)
    if state.subclass_off:
        overloaded = None
    if overloaded is None and not state.modes:
        return _reported(public, attribute or name, args, kwargs)
    return dispatch(_told(public), overloaded or [], args, kwargs, name, style)


def _reported(public, name, args, kwargs):
    """The call as the TorchDispatchModes answer it, when one is active and ``_aten`` knows the
    call's ATen operator; ``_RUN`` otherwise."""
    if not _aten.EVERY[0]:
        return _RUN
    result = _aten.report(public, name, args, kwargs)
    return _RUN if result is _aten.UNREPORTED else result


def dispatch_modes_changed(active):
    """A TorchDispatchMode that sees every operator call was pushed (``active``) or the last
    one popped: plain tensors' methods, and the namespace functions, route their calls (to
    ``_aten.report``) only while one is."""
    with _PATCH_LOCK:
        _PATCHED[0] += 1 if active else -1
        if active:
            _live[0] = True
        elif not _for_good[0]:
            _live[0] = bool(_PATCHED[0])
        if _PATCHED[0] == (1 if active else 0):
            _patch_tensor()


def _told(public):
    """The function an override is told was called: a Tensor method as ``ember.Tensor.<name>``
    is now (its dispatching copy once plain tensors dispatch), so that ``func is
    ember.Tensor.add`` holds inside ``__torch_function__`` as in torch."""
    current = vars(Tensor).get(getattr(public, "__name__", ""))
    if current is not None and current is not public and \
            getattr(current, "__wrapped__", None) is public:
        return current
    return public


def dispatch(public, overloaded, args, kwargs, name, style="multiple"):
    """Ask the innermost mode, then each overloading argument's type, to run ``public``.

    ``style`` picks torch's error when every answer is NotImplemented: ``"multiple"`` (the
    C++ functions' "Multiple dispatch failed"), ``"python"`` (the Python functions') or
    ``"operator"`` (none: an operator answers NotImplemented in turn, as torch's do).
    """
    types = tuple(type(arg) for arg in overloaded)
    kwargs = {} if kwargs is None else kwargs
    modes = _state.modes
    mode = None
    if modes:
        mode = modes.pop()  # the mode's own calls go to the modes below it
        try:
            result = mode.__torch_function__(public, types, args, kwargs)
        finally:
            modes.append(mode)
        if result is not NotImplemented:
            return result
    if not _state.subclass_off:
        for arg in overloaded:
            result = arg.__torch_function__(public, types, args, kwargs)
            if result is not NotImplemented:
                return result
    if style == "python":
        raise TypeError(f"no implementation found for '{name}' on types that implement "
                        f"__torch_function__: {list(types)}")
    lines = ([f"  - mode object {mode!r}"] if mode is not None else []) + [
        f"  - tensor subclass {kind}" for kind in types]
    if style == "operator":
        return NotImplemented  # Python then raises its "unsupported operand type(s)" error
    raise TypeError(f"Multiple dispatch failed for '{name}'; all __torch_function__ handlers "
                    "returned NotImplemented:\n\n" + "\n".join(lines) + "\n\nFor more "
                    "information, try re-running with TORCH_LOGS=not_implemented")


# --- the default __torch_function__ -------------------------------------------------------

def _nowrap():
    return (Tensor.__dict__["grad"].__get__, Tensor.__dict__["_base"].__get__,
            Tensor.__dict__["_grad"].__get__)


def default_torch_function(cls, func, types, args=(), kwargs=None):
    """Run ``func`` with subclass dispatch off and give its tensor results ``cls``'s type
    (NotImplemented when some overloading type is not a base of ``cls``)."""
    for kind in types:
        if not issubclass(cls, kind):
            return NotImplemented
    _state.subclass_off += 1
    try:
        result = func(*args, **(kwargs or {}))
        if func in _NOWRAP:
            return result
        return convert(result, cls)
    finally:
        _state.subclass_off -= 1


def convert(result, cls):
    """``result`` with each tensor in it (also inside tuples and lists) an instance of ``cls``:
    a tensor of another class becomes an alias of class ``cls``, as ``as_subclass`` makes."""
    if cls is Tensor:
        return result
    if isinstance(result, Tensor):
        if not isinstance(result, cls):
            result = as_subclass(result, cls)
        return result
    kind = type(result)
    if kind is tuple or kind is list:
        return kind(convert(item, cls) for item in result)
    if isinstance(result, tuple) and hasattr(kind, "_fields"):  # ember.return_types.*
        return kind(*(convert(item, cls) for item in result))
    return result


def as_subclass(tensor, cls):
    """An alias of ``tensor`` (same memory, in the graph as AliasBackward0) of class ``cls``."""
    _state.all_off += 1
    try:
        out = _ORIGINALS.get("__getitem__", vars(Tensor)["__getitem__"])(tensor, ...)
    finally:
        _state.all_off -= 1
    out.__class__ = cls
    return out


class DisableTorchFunctionSubclass:
    """Context manager: inside it, Tensor subclasses' ``__torch_function__`` is not called
    (calls run as for plain tensors; active modes still see them).

    Example:
        >>> class Tagged(ember.Tensor):
        ...     pass
        >>> t = ember.ones(2).as_subclass(Tagged)
        >>> with ember._C.DisableTorchFunctionSubclass():
        ...     print(type(t + 1).__name__)
        Tensor
        >>> type(t + 1).__name__
        'Tagged'
    """

    def __enter__(self):
        _state.subclass_off += 1
        return self

    def __exit__(self, *exc):
        _state.subclass_off -= 1


class DisableTorchFunction:
    """Context manager: inside it, neither subclasses' ``__torch_function__`` nor modes are
    called."""

    def __enter__(self):
        _state.all_off += 1
        return self

    def __exit__(self, *exc):
        _state.all_off -= 1


def is_torch_function_enabled():
    """False inside ``DisableTorchFunction`` or ``DisableTorchFunctionSubclass``."""
    return not (_state.all_off or _state.subclass_off)


def is_torch_function_mode_enabled():
    """Whether a mode is active (and not disabled)."""
    return bool(_state.modes) and not _state.all_off


# --- modes ---------------------------------------------------------------------------------

def push_mode(mode, for_good=True):
    """Make ``mode`` the innermost mode of this thread; plain tensors' methods dispatch while
    any mode is active. ``for_good=False`` (ember's own short-lived modes): once every mode
    is gone, the namespace functions go back to their one-flag check."""
    _live[0] = True
    if for_good:
        _for_good[0] = True
    _state.modes.append(mode)
    with _PATCH_LOCK:
        _PATCHED[0] += 1
        if _PATCHED[0] == 1:
            _patch_tensor()


def pop_mode(mode):
    """Leave ``mode`` (it must be in this thread's stack)."""
    _state.modes.remove(mode)
    with _PATCH_LOCK:
        _PATCHED[0] -= 1
        if not _for_good[0]:
            _live[0] = bool(_PATCHED[0])
        if _PATCHED[0] == 0:
            _patch_tensor()


def _patch_tensor():
    """Give Tensor its dispatching copies while a mode is active (or once a user subclass
    takes part), its own attributes else."""
    for name, wrapper in _wrappers().items():
        setattr(Tensor, name, wrapper if _PATCHED[0] or _PLAIN[0] else _ORIGINALS[name])


_PATCH_LOCK = threading.Lock()
_PATCHED = [0]  # active modes, all threads together
_PLAIN = [False]  # a user subclass takes part: plain tensors' methods dispatch for good


# --- dispatching copies of Tensor's methods -------------------------------------------------

# Dunder methods torch dispatches (the others, __init__, __hash__, __iter__..., it does not).
_DUNDERS = frozenset((
    "__abs__", "__add__", "__and__", "__array__", "__bool__", "__complex__", "__contains__",
    "__deepcopy__", "__div__", "__eq__", "__float__", "__floordiv__", "__format__", "__ge__",
    "__getitem__", "__gt__", "__iadd__", "__iand__", "__ifloordiv__", "__ilshift__", "__imod__",
    "__imul__", "__index__", "__int__", "__invert__", "__ior__", "__ipow__", "__irshift__",
    "__isub__", "__itruediv__", "__ixor__", "__le__", "__len__", "__lshift__", "__lt__",
    "__matmul__", "__mod__", "__mul__", "__ne__", "__neg__", "__or__", "__pos__", "__pow__",
    "__radd__", "__rand__", "__reduce_ex__", "__repr__", "__rfloordiv__", "__rlshift__",
    "__rmatmul__", "__rmod__", "__rmul__", "__ror__", "__rpow__", "__rrshift__", "__rshift__",
    "__rsub__", "__rtruediv__", "__rxor__", "__setitem__", "__sub__", "__truediv__",
    "__xor__", "__dlpack__", "__str__"))
# Not dispatched, as in torch: the class machinery and the subclass constructors.
_SKIPPED = frozenset(("as_subclass",))
# Reflected operators: with a tensor on the left they run as the forward op on (other, self),
# as torch's shared operator slots do; with a number, as the named function.
_REFLECTED = {"__radd__": "add", "__rmul__": "mul", "__rsub__": "sub", "__rtruediv__": "div",
              "__rmatmul__": "matmul", "__rpow__": "pow", "__rfloordiv__": "floor_divide",
              "__rmod__": "remainder", "__rand__": "bitwise_and", "__ror__": "bitwise_or",
              "__rxor__": "bitwise_xor", "__rlshift__": "bitwise_left_shift",
              "__rrshift__": "bitwise_right_shift"}
_COMMUTATIVE = frozenset(("__radd__", "__rmul__"))
# Binary operators that answer NotImplemented when no override takes the call.
_OPERATORS = frozenset(("__add__", "__sub__", "__mul__", "__truediv__", "__div__",
                        "__floordiv__", "__mod__", "__pow__", "__matmul__", "__and__", "__or__",
                        "__xor__", "__lshift__", "__rshift__"))
# In-place operators, which torch reports as the named in-place method.
_INPLACE = {"__iadd__": "add_", "__isub__": "sub_", "__imul__": "mul_", "__itruediv__": "div_",
            "__ipow__": "pow_", "__imod__": "remainder_", "__iand__": "bitwise_and_",
            "__ior__": "bitwise_or_", "__ixor__": "bitwise_xor_",
            "__ilshift__": "bitwise_left_shift_", "__irshift__": "bitwise_right_shift_",
            "__ifloordiv__": "floor_divide_"}

# Operators torch reports as the method they stand for (``a + b`` as ``Tensor.add``, ``str(a)``
# as ``Tensor.__repr__``; ``a & b`` as itself). (torch reports ``a.__eq__(b)`` on a subclass as
# itself but ``a == duck`` as ``eq``: ember says ``eq`` for both.)
_TOLD_AS = {"__add__": "add", "__sub__": "sub", "__mul__": "mul", "__truediv__": "div",
            "__div__": "div", "__mod__": "remainder", "__pow__": "pow", "__matmul__": "matmul",
            "__eq__": "eq", "__ne__": "ne", "__lt__": "lt", "__le__": "le", "__gt__": "gt",
            "__ge__": "ge",
            "__abs__": "abs", "__neg__": "neg", "__pos__": "positive", "__str__": "__repr__"}

_ORIGINALS = {}
_WRAPPERS = {}


def _method(name, original, public):
    qualified = f"ember.Tensor.{getattr(public, '__name__', name)}"
    if name in _OPERATORS:
        @functools.wraps(original)
        def operator(self, other):
            if not _PATCHED[0] and kinds.get(type(other)) is False and \
                    kinds.get(type(self)) is False:
                return original(self, other)
            result = _route(public, qualified, "operator", (self, other), None, name)
            return original(self, other) if result is _RUN else result
        kinds = _KINDS
        return operator

    @functools.wraps(original)
    def method(*args, **kwargs):
        if not kwargs and not _PATCHED[0]:
            # The common call once plain tensors dispatch: no mode, plain arguments only.
            for arg in args:
                if kinds.get(type(arg)) is not False:
                    break
            else:
                return original(*args)
        result = _route(public, qualified, "multiple", args, kwargs, name)
        return original(*args, **kwargs) if result is _RUN else result
    kinds = _KINDS
    return method


def _reflected(name, original, forward):
    qualified = f"ember.Tensor.{name}"
    commutative = name in _COMMUTATIVE

    @functools.wraps(original)
    def method(self, other):
        if isinstance(other, Tensor):
            result = _route(forward, f"ember.Tensor.{forward.__name__}", "operator",
                            (other, self), None, _REFLECTED[name])
        elif commutative:
            result = _route(forward, f"ember.Tensor.{forward.__name__}", "operator",
                            (self, other), None, _REFLECTED[name])
        else:
            result = _route(original, qualified, "operator", (self, other), None, name)
        return original(self, other) if result is _RUN else result
    return method


def _property(name, prop):
    getter, qualified = prop.__get__, f"ember.Tensor.{name}.__get__"

    def fget(self):
        result = _route(getter, qualified, "multiple", (self,), None)
        return prop.fget(self) if result is _RUN else result

    fset = None
    if prop.fset is not None:
        setter, set_name = prop.__set__, f"ember.Tensor.{name}.__set__"

        def fset(self, value):
            if _route(setter, set_name, "multiple", (self, value), None) is _RUN:
                prop.fset(self, value)
    return property(fget, fset, prop.fdel, prop.__doc__)


def _tensor_originals():
    """{name: Tensor's own attribute} for each method, operator and property that dispatches."""
    _wrappers()
    return dict(_ORIGINALS)


def _wrappers():
    """{name: dispatching copy} for each of Tensor's methods, operators and properties (built
    once, again if Tensor gained attributes since)."""
    if _WRAPPERS and len(Tensor.__dict__) == _WRAPPERS["__len"]:
        return _WRAPPERS["table"]
    for name, value in vars(Tensor).items():
        if name not in _SKIPPED and (name in _DUNDERS or not name.startswith("_")) and (
                isinstance(value, property) or callable(value) and
                not isinstance(value, (type, staticmethod, classmethod))):
            _ORIGINALS.setdefault(name, value)
    table = {}
    for name, original in _ORIGINALS.items():
        if isinstance(original, property):
            table[name] = _property(name, original)
        elif _REFLECTED.get(name) in _ORIGINALS:
            table[name] = _reflected(name, original, _ORIGINALS[_REFLECTED[name]])
        else:
            # an operator wrapped to answer NotImplemented reports the op it wraps
            told = getattr(original, "__ember_operator_of__", original)
            public = _ORIGINALS.get(_TOLD_AS.get(name) or _INPLACE.get(name), told)
            table[name] = _method(name, original, public)
    _WRAPPERS["table"] = table
    _WRAPPERS["__len"] = len(Tensor.__dict__)
    return table


def install(cls):
    """Give the Tensor subclass ``cls`` dispatching copies of the Tensor methods no class
    between it and Tensor defines (nothing when its ``__torch_function__`` is disabled)."""
    _USER.pop(cls, None)
    if _kind(cls):
        _give_wrappers(cls)
        _plain_tensors_dispatch(cls)


def _plain_tensors_dispatch(cls):
    """From the first user subclass that takes part on, plain tensors' methods dispatch too:
    ``plain.add(sub)`` reaches ``sub``'s ``__torch_function__`` as in torch. ember's own
    subclasses (quantized tensors) do not switch it on; the cost, one scan of the arguments
    per method call, is paid only by programs that define such a subclass."""
    if _PLAIN[0] or (cls.__module__ or "").startswith("ember."):
        return
    with _PATCH_LOCK:
        _PLAIN[0] = True
        _patch_tensor()


def _give_wrappers(cls):
    mro = cls.__mro__
    own = set()
    for klass in mro[:mro.index(Tensor)]:
        own.update(vars(klass))
    for name, wrapper in _wrappers().items():
        if name not in own:
            setattr(cls, name, wrapper)


def refused_operator(name, tensor, other):
    """A reflected operator of a plain tensor that the op refused: dispatched when ``other``
    overrides (``duck - tensor``), else NotImplemented so that Python raises its TypeError."""
    if _KINDS.get(type(other)) is False or _kind(type(other)) is not True:
        return NotImplemented
    return _wrappers()[name](tensor, other)


# --- dispatching namespace functions --------------------------------------------------------

def dispatching(function, name, style="multiple", public=None):
    """``function`` as a namespace function that dispatches (``name``: its qualified name in
    torch's error messages, e.g. ``"ember.add"``). ``public``, a function of no arguments,
    gives the function the overrides are told was called, where torch names another one (its
    ``spmm`` is reported as ``mm``); by default the dispatching copy itself."""
    @functools.wraps(function)
    def op(*args, **kwargs):
        if _live[0]:
            result = _route(op if public is None else public(), name, style, args, kwargs)
            return function(*args, **kwargs) if result is _RUN else result
        try:
            return function(*args, **kwargs)
        except (TypeError, AttributeError):
            # A duck type the implementation refused: dispatch it if it has the protocol.
            if not _overloaded(args, kwargs):
                raise
        _live[0] = _for_good[0] = True
        result = _route(op if public is None else public(), name, style, args, kwargs)
        return function(*args, **kwargs) if result is _RUN else result
    op.__ember_dispatch__ = function
    _COPIES.setdefault(function, []).append(op)
    return op


_COPIES = {}  # function -> its dispatching copies


def copies_of(obj):
    """The functions one text documents with ``obj``: the function behind a dispatching copy,
    and that function's dispatching copies."""
    function = getattr(obj, "__ember_dispatch__", obj)
    try:
        found = _COPIES.get(function, ())
    except TypeError:  # an unhashable object
        return []
    return [copy for copy in (function, *found) if copy is not obj]


# Functions of the global state, which torch does not dispatch either.
_GLOBAL_STATE = frozenset(("manual_seed", "seed", "initial_seed", "get_rng_state",
                           "set_rng_state", "is_storage", "typename", "broadcast_shapes"))


def dispatch_namespace(namespace, prefix, style="multiple"):
    """Replace each public function in the dict ``namespace`` by its dispatching copy."""
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in _GLOBAL_STATE or isinstance(value, type) or \
                not callable(value) or hasattr(value, "__ember_dispatch__") or \
                type(value).__name__ not in ("function", "builtin_function_or_method"):
            continue
        op = namespace[name] = dispatching(value, f"{prefix}.{name}", style)
        op.__name__ = op.__qualname__ = torch_name(prefix, name)  # (torch's: "linalg_inv"...)
        op.__module__ = torch_module(prefix, name)


_NOWRAP = _nowrap()
