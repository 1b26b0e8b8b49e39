"""ember.library: user-defined operators, as ``torch.library`` makes them.

``@custom_op("mylib::name", mutates_args=())`` turns a Python function into an operator with a
schema (inferred from its type annotations, or given), reachable as ``ember.ops.mylib.name``;
``register_autograd`` gives it a derivative (``setup_context`` + ``backward``, run through the
same Node as ``autograd.Function``), ``register_kernel`` a per-device implementation and
``register_fake`` the shape-only one used for ``meta`` tensors. ``Library``/``define``/``impl``
are the lower-level route: declare a schema, then attach implementations per dispatch key.
``opcheck`` runs torch's checks that make sense without a compiler: declared mutations,
autograd registration, the fake implementation against the real one.
"""
from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Sequence

from . import _dtype as D
from ._device import device as _device_type
from ._tensor import Tensor
from .autograd.function import Function

__all__ = ["Library", "custom_op", "define", "impl", "infer_schema", "opcheck",
           "register_autograd", "register_fake", "register_kernel"]

_KINDS = ("DEF", "IMPL", "FRAGMENT")
_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
                 "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                 "privateuseone")
_TESTS = ("test_schema", "test_autograd_registration", "test_faketensor",
          "test_aot_dispatch_static", "test_aot_dispatch_dynamic")
_DEFAULT_TESTS = ("test_schema", "test_autograd_registration", "test_faketensor",
                  "test_aot_dispatch_dynamic")


# ---- schemas ----------------------------------------------------------------------------------

def _annotation_types():
    """Python annotation -> schema type of an argument, as torch's infer_schema reads them."""
    optional = typing.Optional
    table = {Tensor: "Tensor", optional[Tensor]: "Tensor?", int: "SymInt", float: "float",
             bool: "bool", str: "str", D.dtype: "ScalarType", _device_type: "Device",
             typing.Union[int, float, bool]: "Scalar"}
    for base, name in [(Tensor, "Tensor"), (int, "SymInt"), (float, "float"), (bool, "bool")]:
        for seq in (list, typing.List, Sequence, typing.Sequence):  # noqa: UP006
            table[seq[base]] = f"{name}[]"
            table[optional[seq[base]]] = f"{name}[]?"
    for seq in (list, typing.List, Sequence, typing.Sequence):  # noqa: UP006
        table[seq[optional[Tensor]]] = "Tensor?[]"
    for base, name in [(int, "SymInt"), (float, "float"), (bool, "bool"), (str, "str"),
                       (D.dtype, "ScalarType"), (_device_type, "Device"),
                       (typing.Union[int, float, bool], "Scalar")]:
        table[optional[base]] = f"{name}?"
    return table


def _return_types():
    return {Tensor: "Tensor", list[Tensor]: "Tensor[]", typing.List[Tensor]: "Tensor[]",  # noqa: UP006
            int: "SymInt", float: "float", bool: "bool",
            typing.Union[int, float, bool]: "Scalar"}


def _default_text(value):
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, D.dtype):
        return value.name
    return repr(value)


def infer_schema(prototype_function, /, *, mutates_args, op_name=None):
    """The operator schema of a type-annotated Python function: ``(Tensor x, float y=2.) ->
    Tensor``, with ``int`` as ``SymInt``, ``list[Tensor]`` as ``Tensor[]``, ``X | None`` as
    ``X?`` and the arguments in ``mutates_args`` marked ``Tensor(a0!)``.

    Args:
        prototype_function (callable): the function; every argument and the return annotated.
        mutates_args (iterable of str or "unknown"): the arguments it writes to.
        op_name (str, optional): the name to put before the argument list.

    Returns:
        str: the schema.

    Example:
        >>> def f(x: ember.Tensor, n: int, scale: float = 2.0) -> ember.Tensor: ...
        >>> ember.library.infer_schema(f, mutates_args=())
        '(Tensor x, SymInt n, float scale=2.0) -> Tensor'
    """
    def error(what):
        return ValueError(f"infer_schema(func): {what} Got func with signature {signature})")
    signature = inspect.signature(prototype_function)

    def resolve(annotation):
        """A string annotation (``from __future__ import annotations``) evaluated in the
        function's module, as torch reads it."""
        if not isinstance(annotation, str):
            return annotation
        try:
            return eval(annotation, prototype_function.__globals__)  # noqa: S307
        except NameError as err:
            raise error(f"Unsupported type annotation {annotation}. It is not a type. ({err}). "
                        f"If you are using 'from __future__ import annotations', note that "
                        f"annotations are evaluated lazily as strings; make sure all types "
                        f"referenced in annotations are importable at module scope, not only "
                        f"inside a local function.") from None
        except Exception as err:  # noqa: BLE001 - any failure means it is not a type
            raise error(f"Unsupported type annotation {annotation}. It is not a type. "
                        f"({type(err).__name__}: {err})") from None
    hints = {name: resolve(p.annotation) for name, p in signature.parameters.items()
             if p.annotation is not inspect.Parameter.empty}
    if signature.return_annotation is not inspect.Signature.empty:
        hints["return"] = resolve(signature.return_annotation)
    types = _annotation_types()
    pieces, seen_kwonly = [], False
    names = set(signature.parameters)
    for position, (name, param) in enumerate(signature.parameters.items()):
        if param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
            raise error("We do not support positional-only args, varargs, or varkwargs.")
        if param.annotation is inspect.Parameter.empty:
            raise error(f"Parameter {name} must have a type annotation.")
        annotation = hints.get(name, param.annotation)
        if annotation not in types:
            raise error(f"Parameter {name} has unsupported type {annotation}. The valid types "
                        f"are: {types.keys()}.")
        kind = types[annotation]
        if param.kind == param.KEYWORD_ONLY and not seen_kwonly:
            pieces.append("*")
            seen_kwonly = True
        unknown = mutates_args == "unknown"
        if (unknown and kind.startswith("Tensor")) or (not unknown and name in mutates_args):
            if not kind.startswith("Tensor"):
                raise error(f"Parameter {name} is in mutable_args but only Tensors or "
                            f"collections of Tensors can be mutated")
            kind = kind.replace("Tensor", f"Tensor(a{position}!)", 1)
        default = "" if param.default is inspect.Parameter.empty \
            else "=" + _default_text(param.default)
        pieces.append(f"{kind} {name}{default}")
    if mutates_args != "unknown":
        missing = set(mutates_args) - names
        if missing:
            raise error(f"{missing} in mutates_args were not found in the custom op's signature. "
                        f"mutates_args should contain the names of all args that the custom op "
                        f"mutates, or just the string 'unknown' if you don't know.")
    returns = _returns_schema(signature, hints, error)
    return f"{op_name or ''}({', '.join(pieces)}) -> {returns}"


def _returns_schema(signature, hints, error):
    annotation = signature.return_annotation
    if annotation is inspect.Signature.empty:
        raise error("No return type annotation was provided. Please add one.")
    annotation = hints.get("return", annotation)
    if annotation is None or annotation is type(None):
        return "()"
    table = _return_types()
    if typing.get_origin(annotation) is tuple:
        parts = []
        for item in typing.get_args(annotation):
            if item not in table:
                raise error(f"Return has unsupported type {item}. The valid types are: "
                            f"{table}.")
            parts.append(table[item])
        return f"({', '.join(parts)})"
    if annotation not in table:
        raise error(f"Return has unsupported type {annotation}. The valid types are: {table}.")
    return table[annotation]


class _Argument:
    """One argument of a parsed schema: its type text, name, default text and place."""

    def __init__(self, type_text, name, default, kwarg_only):
        self.type, self.name, self.default_text = type_text, name, default
        self.kwarg_only = kwarg_only
        self.is_mutable = "!" in type_text

    @property
    def has_default(self):
        return self.default_text is not None

    def default(self):
        text = self.default_text
        if text in ("None", "True", "False"):
            return {"None": None, "True": True, "False": False}[text]
        if text.startswith('"') or text.startswith("'"):
            return text[1:-1]
        if self.type.startswith("ScalarType"):
            return getattr(D, text, None) or D.ALIASES[text]
        if self.type.startswith("int") or self.type.startswith("SymInt"):
            return int(text)
        return float(text) if self.type.startswith("float") else text


class _FunctionSchema:
    """A parsed operator schema ``ns::name(arguments) -> returns``; ``str`` gives it back."""

    _PATTERN = re.compile(r"^\s*(?:(\w+)::)?([\w.]*)\s*\((.*)\)\s*->\s*(.+?)\s*$", re.S)

    def __init__(self, text, namespace=None, name=None):
        match = self._PATTERN.match(text)
        if match is None:
            raise RuntimeError(f"expected a schema of the form 'name(args) -> returns' but got "
                               f"'{text}'")
        ns, own_name, args, returns = match.groups()
        self.namespace = namespace or ns
        self.name = own_name or name
        self.arguments, kwarg_only = [], False
        for piece in _split_top(args):
            if piece == "*":
                kwarg_only = True
                continue
            declaration, _, default = piece.partition("=")
            type_text, _, arg_name = declaration.strip().rpartition(" ")
            if not type_text:
                raise RuntimeError(f"expected a type and a name for an argument of schema "
                                   f"'{text}' but got '{piece}'")
            self.arguments.append(_Argument(type_text.strip(), arg_name, default.strip() or None
                                            if default else None, kwarg_only))
        self.returns = returns.strip()

    def __str__(self):
        def show(argument):
            default = argument.default_text
            if default is not None and argument.type.startswith("float") \
                    and re.fullmatch(r"-?\d+\.0", default):
                default = default[:-1]  # C++ prints 1.0 as "1."
            text = f"{argument.type} {argument.name}"
            return text if default is None else f"{text}={default}"
        parts, kwarg_only = [], False
        for argument in self.arguments:
            if argument.kwarg_only and not kwarg_only:
                parts.append("*")
                kwarg_only = True
            parts.append(show(argument))
        return f"{self.namespace}::{self.name}({', '.join(parts)}) -> {self.returns}"

    __repr__ = __str__

    def bind(self, args, kwargs):
        """All arguments in schema order, defaults filled in, as torch checks a call."""
        positional = [a for a in self.arguments if not a.kwarg_only]
        declaration = f"Declaration: {self}"
        if len(args) > len(positional):
            raise RuntimeError(f"{self.namespace}::{self.name}() expected at most "
                               f"{len(positional)} argument(s) but received {len(args)} "
                               f"argument(s). {declaration}")
        values = list(args)
        kwargs = dict(kwargs)
        for argument in self.arguments[len(args):]:
            if argument.name in kwargs:
                values.append(kwargs.pop(argument.name))
            elif argument.has_default:
                values.append(argument.default())
            else:
                raise RuntimeError(f"{self.namespace}::{self.name}() is missing value for "
                                   f"argument '{argument.name}'. {declaration}")
        if kwargs:
            name = next(iter(kwargs))
            raise RuntimeError(f"Unknown keyword argument '{name}' for operator "
                               f"'{self.namespace}::{self.name}'. Schema: {self}")
        return values


def _split_top(text):
    """Comma-separated pieces at bracket depth zero."""
    pieces, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            pieces.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    tail = "".join(current).strip()
    return [*pieces, tail] if tail else pieces


# ---- operators --------------------------------------------------------------------------------

_NAMESPACES = {}  # namespace -> {name: _Operator}


def _split_qualname(qualname):
    if "::" not in qualname:
        raise ValueError(f"Expected there to be a namespace in {qualname}, i.e. The operator "
                         f"name should look something like ns::foo")
    namespace, name = qualname.split("::", 1)
    if "." in name:
        raise ValueError(f"The torch.custom_ops APIs do not handle overloads, i.e. operator "
                         f"names with '.' in them. Please name your operator something like "
                         f"{namespace}::{name.split('.')[0]}. Got {qualname}")
    return namespace, name


def _device_of(values):
    for value in values:
        if isinstance(value, Tensor):
            return value.device.type
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, Tensor):
                    return item.device.type
    return None


def _tensors(values):
    for value in values:
        if isinstance(value, Tensor):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (v for v in value if isinstance(v, Tensor))


class _Operator:
    """One registered operator: its schema and its implementations by device type (``None``:
    any device), its fake (meta) implementation and its derivative."""

    def __init__(self, schema, custom):
        self.schema = schema
        self.custom = custom  # custom_op ops check aliasing and refuse backward without formula
        self.kernels = {}
        self.fake = None
        self.backward = None
        self.setup_context = None
        self.node = _node_class(self)

    def no_fake_message(self):
        op = f"<CustomOpDef({self.qualname})>" if self.custom else self.qualname
        return (f"There was no fake impl registered for {op}. This is necessary for "
                f"torch.compile/export/fx tracing to work. Please use "
                f"`{self.schema.name}.register_fake` to add an fake impl.")

    def run(self, kernel, values):
        """Call ``kernel`` with the bound values: keyword-only arguments by keyword."""
        count = sum(1 for a in self.schema.arguments if not a.kwarg_only)
        keywords = {a.name: v for a, v in zip(self.schema.arguments[count:], values[count:])}
        return kernel(*values[:count], **keywords)

    @property
    def qualname(self):
        return f"{self.schema.namespace}::{self.schema.name}"

    def kernel_for(self, device_type):
        if device_type == "meta" and "meta" not in self.kernels:
            if self.fake is None:
                raise RuntimeError(self.no_fake_message())
            return self.fake
        kernel = self.kernels.get(device_type, self.kernels.get(None))
        if kernel is None:
            raise NotImplementedError(
                f"Could not run '{self.qualname}' with arguments from the "
                f"'{(device_type or 'cpu').upper()}' backend: no implementation was registered "
                f"for it (registered: {sorted(k or 'any' for k in self.kernels)}).")
        return kernel

    def __call__(self, *args, **kwargs):
        from .autograd import grad_mode
        values = self.schema.bind(args, kwargs)
        kernel = self.kernel_for(_device_of(values))
        needs_node = self.custom and grad_mode.is_grad_enabled() and any(
            t.requires_grad for t in _tensors(values))
        if not needs_node:
            output = self.run(kernel, values)
        else:
            output = self.node.apply(*values)
        if self.custom and _device_of(values) != "meta":  # meta tensors hold no memory
            self._check_aliasing(values, output)
        if self.custom:
            # what a custom_op writes to (its mutates_args) gets a new version, as torch's
            # custom_op marks it (a graph that saved it before refuses to backward); an op
            # only defined through Library leaves that to the ops its kernel runs
            for argument, value in zip(self.schema.arguments, values):
                if argument.is_mutable and value is not None:
                    for tensor in _tensors((value,)):
                        tensor._vc[0] += 1
        return output

    def _check_aliasing(self, values, output):
        outputs = output if isinstance(output, (tuple, list)) else (output,)
        inputs = [t for t in _tensors(values)]
        for out in outputs:
            if isinstance(out, Tensor) and any(out is t or _shares_memory(out, t)
                                               for t in inputs):
                raise RuntimeError(
                    f"{self.schema.name} (with implementation in {self.implementation_module}): "
                    f"The output of this custom operator (1) must not also be an input to this "
                    f"custom operator and (2) may not alias any inputs to this custom operator "
                    f"or other returns. The most common way to trigger this error is if we have "
                    f"y = custom_op(x) and y and x are the same Tensor. Please instead return a "
                    f"clone of the offending output tensor(s) (e.g. return x.clone()) or "
                    f"refactor the custom operator to not return y.")

    implementation_module = "<module 'ember.library'>"


def _shares_memory(a, b):
    import numpy as np
    try:
        return a._data.size > 0 and np.shares_memory(a._data, b._data)
    except TypeError:  # arrays of another library (CuPy): compare the buffers' start
        return a.data_ptr() == b.data_ptr()


def _node_class(operator):
    """The Function whose node records a custom operator's call: forward runs its kernel,
    backward its registered formula (refusing, as torch does, when none was registered)."""
    schema = operator.schema

    def forward(*values):
        return operator.run(operator.kernel_for(_device_of(values)), values)

    def setup_context(ctx, inputs, output):
        if operator.setup_context is not None:
            operator.setup_context(ctx, inputs, output)

    def backward(ctx, *grads):
        if operator.backward is None:
            raise RuntimeError(f"Trying to backward through {schema.namespace}.{schema.name}"
                               f".default but no autograd formula was registered. Please use "
                               f"register_autograd to add one.")
        result = operator.backward(ctx, *grads)
        result = result if isinstance(result, tuple) else (result,)
        if len(result) != len(schema.arguments):
            raise RuntimeError(f"{operator.qualname}: expected the backward to return "
                               f"{len(schema.arguments)} gradient(s) (one per input) but got "
                               f"{len(result)}")
        return result

    return type(f"GeneratedBackwardFor_{schema.namespace}_{schema.name}_default", (Function,),
                {"forward": staticmethod(forward), "setup_context": staticmethod(setup_context),
                 "backward": staticmethod(backward)})


def _register(schema, custom):
    operators = _NAMESPACES.setdefault(schema.namespace, {})
    operator = _Operator(schema, custom)
    operators[schema.name] = operator
    return operator


def _lookup(op):
    """The _Operator behind a qualified name, a CustomOpDef, an OpOverload or its packet."""
    if isinstance(op, CustomOpDef):
        return op._operator
    if isinstance(op, (OpOverload, _OpOverloadPacket)):
        return op._operator
    if isinstance(op, str):
        namespace, name = _split_qualname(op)
        operator = _NAMESPACES.get(namespace, {}).get(name)
        if operator is None:
            raise ValueError(f"register_fake(...): the operator {op} does not exist yet. "
                             f"Please define it (custom_op or Library.define) first.")
        return operator
    raise ValueError(f"expected an operator name 'ns::name' or a custom op, got {op!r}")


class OpOverload:
    """``ember.ops.ns.name.default``: one overload of an operator, callable, with its
    ``_schema``.

    Args:
        operator: the registered operator (made by ``custom_op`` or ``Library.define``).

    Example:
        >>> @ember.library.custom_op("doc::add_one", mutates_args=())
        ... def add_one(x: ember.Tensor) -> ember.Tensor:
        ...     return x + 1
        >>> ember.ops.doc.add_one.default
        <OpOverload(op='doc.add_one', overload='default')>
        >>> ember.ops.doc.add_one.default(ember.zeros(1))
        tensor([1.])
    """

    def __init__(self, operator):
        self._operator = operator
        self._schema = operator.schema

    def __call__(self, *args, **kwargs):
        return self._operator(*args, **kwargs)

    def name(self):
        return self._operator.qualname

    def __str__(self):
        return f"{self._schema.namespace}.{self._schema.name}.default"

    def __repr__(self):
        return f"<OpOverload(op='{self._schema.namespace}.{self._schema.name}', " \
               f"overload='default')>"


class _OpOverloadPacket:
    """``ember.ops.ns.name``: an operator with its overloads (``.default``), callable."""

    def __init__(self, operator):
        self._operator = operator
        self.default = OpOverload(operator)
        self._qualified_op_name = operator.qualname
        self.__name__ = operator.schema.name

    def __call__(self, *args, **kwargs):
        return self._operator(*args, **kwargs)

    def overloads(self):
        return ["default"]

    def __str__(self):
        return f"{self._operator.schema.namespace}.{self._operator.schema.name}"

    __repr__ = __str__


class _OpNamespace:
    """``ember.ops.ns``: the operators registered under one namespace."""

    def __init__(self, namespace):
        self.name = namespace

    def __getattr__(self, name):
        operator = _NAMESPACES.get(self.name, {}).get(name)
        if operator is None:
            raise AttributeError(f"'_OpNamespace' '{self.name}' object has no attribute "
                                 f"'{name}'")
        return _OpOverloadPacket(operator)

    def __repr__(self):
        return f"<module 'ember.ops.{self.name}' from 'ember.ops'>"


def _namespace(name):
    """The ``ember.ops.<name>`` namespace of registered operators, or None if none."""
    return _OpNamespace(name) if name in _NAMESPACES else None


class CustomOpDef:
    """An operator made by ``custom_op``: call it like the function; register its derivative,
    per-device kernels and fake implementation on it.

    Args:
        namespace (str): the operator's namespace.
        name (str): its name.
        schema (str): its schema.
        fn (callable): its implementation.

    Example:
        >>> @ember.library.custom_op("doc::triple", mutates_args=())
        ... def triple(x: ember.Tensor) -> ember.Tensor:
        ...     return x * 3
        >>> triple
        <CustomOpDef(doc::triple)>
    """

    def __init__(self, namespace, name, schema, fn):
        self._namespace, self._name = namespace, name
        self._init_fn = fn
        self._operator = _register(_FunctionSchema(schema, namespace, name), custom=True)
        self._operator.kernels[None] = fn
        self._operator.implementation_module = repr(inspect.getmodule(fn))
        self._opoverload = OpOverload(self._operator)

    def __call__(self, *args, **kwargs):
        return self._operator(*args, **kwargs)

    def __repr__(self):
        return f"<CustomOpDef({self._namespace}::{self._name})>"

    def register_kernel(self, device_types, fn=None):
        """Use ``fn`` for inputs on ``device_types`` (decorator when ``fn`` is None)."""
        def inner(fn):
            for device_type in _device_types(device_types):
                self._operator.kernels[device_type] = fn
            return fn
        return inner if fn is None else inner(fn)

    def register_fake(self, fn):
        """Use ``fn`` (shapes and dtypes only) for ``meta`` inputs."""
        self._operator.fake = fn
        return fn

    def register_autograd(self, backward, *, setup_context=None):
        """Differentiate the operator with ``backward(ctx, *grads)`` after
        ``setup_context(ctx, inputs, output)`` saved what it needs."""
        self._operator.backward = backward
        self._operator.setup_context = setup_context


def _device_types(device_types):
    if device_types is None:
        return [None]
    names = [device_types] if isinstance(device_types, str) else list(device_types)
    for name in names:
        if name.split(":")[0] not in _DEVICE_TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at "
                               f"start of device string: {name}")
    return [name.split(":")[0] for name in names]


def custom_op(name, fn=None, /, *, mutates_args, device_types=None, schema=None, tags=None):
    """Make ``fn`` an operator ``name`` ("namespace::opname"): its schema is inferred from the
    annotations (or given as ``schema``), calls check it, and ``ember.ops.namespace.opname``
    reaches it. The implementation must not return its inputs (or views of them).

    Args:
        name (str): "namespace::opname".
        fn (callable, optional): the implementation (decorator form when omitted).
        mutates_args (iterable of str or "unknown"): the arguments ``fn`` writes to.
        device_types (str or list of str, optional): the devices ``fn`` serves (default all).
        schema (str, optional): the schema, instead of inferring it.
        tags: torch's operator tags (accepted, unused).

    Returns:
        CustomOpDef: the operator (or a decorator making it).

    Example:
        >>> @ember.library.custom_op("doc::scaled_sin", mutates_args=())
        ... def scaled_sin(x: ember.Tensor, scale: float = 1.0) -> ember.Tensor:
        ...     return ember.sin(x) * scale
        >>> scaled_sin(ember.tensor([0.0, 1.0]), 2.0)
        tensor([0.0000, 1.6829])
        >>> ember.ops.doc.scaled_sin.default._schema
        doc::scaled_sin(Tensor x, float scale=1.) -> Tensor
    """
    def inner(fn):
        namespace, opname = _split_qualname(name)
        text = schema if schema is not None else infer_schema(fn, mutates_args=mutates_args)
        op = CustomOpDef(namespace, opname, text, fn)
        if device_types is not None:
            del op._operator.kernels[None]
            op.register_kernel(device_types, fn)
        return op
    return inner if fn is None else inner(fn)


def _as_operator(op):
    return _lookup(op)


def register_fake(op, func=None, /, *, lib=None, _stacklevel=1, allow_override=True):
    """Register the fake (meta) implementation of an operator: it computes the output's
    shape and dtype from meta inputs, without data.

    Args:
        op (str or CustomOpDef): the operator ("ns::name").
        func (callable, optional): the implementation (decorator form when omitted).

    Returns:
        callable: ``func`` (or a decorator).

    Example:
        >>> @ember.library.custom_op("doc::double", mutates_args=())
        ... def double(x: ember.Tensor) -> ember.Tensor:
        ...     return x * 2
        >>> @ember.library.register_fake("doc::double")
        ... def _(x):
        ...     return ember.empty_like(x)
        >>> double(ember.empty(3, device="meta")).shape
        ember.Size([3])
    """
    def inner(func):
        _as_operator(op).fake = func
        return func
    return inner if func is None else inner(func)


def register_autograd(op, backward, /, *, setup_context=None, lib=None):
    """Give a custom operator its derivative: ``setup_context(ctx, inputs, output)`` saves
    what ``backward(ctx, *grads)`` needs; backward returns one gradient per input (None for
    non-tensors).

    Args:
        op (str or CustomOpDef): the operator.
        backward (callable): the formula.
        setup_context (callable, optional): saves values on ``ctx``.

    Example:
        >>> @ember.library.custom_op("doc::cube", mutates_args=())
        ... def cube(x: ember.Tensor) -> ember.Tensor:
        ...     return x ** 3
        >>> def setup(ctx, inputs, output):
        ...     ctx.save_for_backward(inputs[0])
        >>> def backward(ctx, grad):
        ...     (x,) = ctx.saved_tensors
        ...     return grad * 3 * x ** 2
        >>> ember.library.register_autograd("doc::cube", backward, setup_context=setup)
        >>> x = ember.tensor(2.0, requires_grad=True)
        >>> cube(x).backward()
        >>> x.grad
        tensor(12.)
    """
    operator = _as_operator(op)
    operator.backward = backward
    operator.setup_context = setup_context


def register_kernel(op, device_types, func=None, /, *, lib=None):
    """Use ``func`` as the operator's implementation for inputs on ``device_types``.

    Args:
        op (str or CustomOpDef): the operator.
        device_types (str or list of str or None): "cpu", "cuda"... (None: every device).
        func (callable, optional): the implementation (decorator form when omitted).

    Example:
        >>> @ember.library.custom_op("doc::plus_one", mutates_args=())
        ... def plus_one(x: ember.Tensor) -> ember.Tensor:
        ...     return x + 1
        >>> @ember.library.register_kernel("doc::plus_one", "cpu")
        ... def _(x):
        ...     return x + 100
        >>> plus_one(ember.zeros(2))
        tensor([100., 100.])
    """
    def inner(func):
        operator = _as_operator(op)
        for device_type in _device_types(device_types):
            operator.kernels[device_type] = func
        return func if operator.custom else None  # torch returns None for Library ops
    return inner if func is None else inner(func)


# ---- Library / define / impl ------------------------------------------------------------------

_DISPATCH_DEVICES = {"CPU": "cpu", "CUDA": "cuda", "Meta": "meta", "": None,
                     "CompositeImplicitAutograd": None, "CompositeExplicitAutograd": None}


class Library:
    """A handle for defining operators in a namespace (kind "DEF") or adding
    implementations to them ("IMPL", "FRAGMENT").

    Args:
        ns (str): the namespace.
        kind (str): "DEF", "IMPL" or "FRAGMENT".
        dispatch_key (str): the default dispatch key of ``impl``.

    Example:
        >>> lib = ember.library.Library("doclib", "DEF")
        >>> lib.define("square(Tensor x) -> Tensor")
        'square'
        >>> lib.impl("square", lambda x: x * x, "CPU")
        >>> ember.ops.doclib.square(ember.tensor([3.0]))
        tensor([9.])
    """

    def __init__(self, ns, kind, dispatch_key=""):
        if kind not in _KINDS:
            raise ValueError(f"Unsupported kind: {kind}")
        self.ns, self.kind, self.dispatch_key = ns, kind, dispatch_key

    def __repr__(self):
        return f"Library(kind={self.kind}, ns={self.ns}, dispatch_key={self.dispatch_key})>"

    def define(self, schema, alias_analysis="", *, tags=()):
        """Declare an operator of this namespace by its schema; returns its name."""
        parsed = _FunctionSchema(schema, self.ns)
        if parsed.name in _NAMESPACES.get(self.ns, {}):
            raise RuntimeError(f"Tried to register an operator ({parsed}) with the same name and "
                               f"overload name multiple times. Each overload's schema should "
                               f"only be registered with a single call to def().")
        _register(parsed, custom=False)
        return parsed.name

    def impl(self, op_name, fn, dispatch_key="", *, with_keyset=False, allow_override=True):
        """Implement operator ``op_name`` for ``dispatch_key`` ("CPU", "CUDA", "Meta", or a
        composite key for every device)."""
        key = dispatch_key or self.dispatch_key
        if key not in _DISPATCH_DEVICES:
            raise ValueError(f"ember.library supports the dispatch keys "
                             f"{sorted(_DISPATCH_DEVICES)}; got '{key}'")
        name = op_name if isinstance(op_name, str) else op_name._operator.schema.name
        name = name.split("::")[-1].split(".")[0]
        operator = _NAMESPACES.get(self.ns, {}).get(name)
        if operator is None:
            raise RuntimeError(f"Could not find schema for {self.ns}::{name}")
        device = _DISPATCH_DEVICES[key]
        if device == "meta":
            operator.fake = fn
        else:
            operator.kernels[device] = fn


_LIBRARIES = {}


def _library_for(namespace):
    if namespace not in _LIBRARIES:
        _LIBRARIES[namespace] = Library(namespace, "FRAGMENT")
    return _LIBRARIES[namespace]


def define(qualname, schema, *, lib=None, tags=()):
    """Declare operator ``qualname`` ("ns::name") with ``schema`` ("(Tensor x) -> Tensor").

    Args:
        qualname (str): "namespace::name".
        schema (str): its argument list and returns.

    Example:
        >>> ember.library.define("doc::halve", "(Tensor x) -> Tensor")
        >>> ember.library.impl("doc::halve", "cpu", lambda x: x / 2)
        >>> ember.ops.doc.halve(ember.tensor([3.0]))
        tensor([1.5000])
    """
    namespace, name = _split_qualname(qualname)
    (lib or _library_for(namespace)).define(name + schema, tags=tags)


def impl(qualname, types, func=None, *, lib=None):
    """Implement operator ``qualname`` for device ``types`` ("cpu", "cuda", "meta", or
    "default"/"CompositeImplicitAutograd" for every device).

    Args:
        qualname (str): "namespace::name".
        types (str or list of str): the device types.
        func (callable, optional): the implementation (decorator form when omitted).

    Example:
        >>> ember.library.define("doc::negate", "(Tensor x) -> Tensor")
        >>> @ember.library.impl("doc::negate", "cpu")
        ... def _(x):
        ...     return -x
        >>> ember.ops.doc.negate(ember.tensor([1.0]))
        tensor([-1.])
    """
    def inner(func):
        operator = _as_operator(qualname)
        names = [types] if isinstance(types, str) else list(types)
        for name in names:
            if name in ("default", "CompositeImplicitAutograd", "CompositeExplicitAutograd"):
                operator.kernels[None] = func
            elif name in ("meta", "Meta"):
                operator.fake = func
            else:
                for device_type in _device_types(name.lower()):
                    operator.kernels[device_type] = func
    return inner if func is None else inner(func)


# ---- opcheck ----------------------------------------------------------------------------------

class OpCheckError(Exception):
    """A check of ``opcheck`` failed; the message names the check and the cause.

    Args:
        message (str): what failed.

    Example:
        >>> str(ember.library.OpCheckError("test_schema failed"))
        'test_schema failed'
    """


def opcheck(op, args, kwargs=None, *, test_utils=_DEFAULT_TESTS, raise_exception=True,
            atol=None, rtol=None):
    """Check a custom operator on sample inputs as torch's opcheck does where no compiler is
    involved: ``test_schema`` (only the arguments marked mutable are written to),
    ``test_autograd_registration`` / ``test_aot_dispatch_*`` (inputs needing gradients have a
    registered formula that runs), ``test_faketensor`` (a fake implementation exists and gives
    the real output's shapes and dtypes).

    Args:
        op (CustomOpDef or OpOverload or _OpOverloadPacket): the operator.
        args (tuple): sample arguments.
        kwargs (dict, optional): sample keyword arguments.
        test_utils (str or sequence of str): which checks to run.
        raise_exception (bool): raise the first failure (else report it in the result).

    Returns:
        dict: check name -> "SUCCESS" (or the exception when not raising).

    Example:
        >>> @ember.library.custom_op("doc::sine", mutates_args=())
        ... def sine(x: ember.Tensor) -> ember.Tensor:
        ...     return ember.sin(x)
        >>> _ = sine.register_fake(lambda x: ember.empty_like(x))
        >>> ember.library.opcheck(sine, (ember.randn(3),))["test_faketensor"]
        'SUCCESS'
    """
    kwargs = kwargs or {}
    names = (test_utils,) if isinstance(test_utils, str) else tuple(test_utils)
    if not set(names) <= set(_TESTS):
        raise ValueError(f"opcheck(op, ..., test_utils={names}), expected test_utils to be "
                         f"subset of {_TESTS} but it was not")
    operator = op._operator
    results = {}
    for name in names:
        try:
            _CHECKS[name](op, operator, args, kwargs)
            results[name] = "SUCCESS"
        except Exception as error:  # noqa: BLE001 - reported per check, as torch's opcheck
            if raise_exception:
                raise OpCheckError(f"opcheck(op, ...): {name} failed with {error} (scroll up "
                                   f"for stack trace)") from error
            results[name] = error
    return results


def _clone_args(values):
    return [v.detach().clone().requires_grad_(v.requires_grad) if isinstance(v, Tensor) else v
            for v in values]


def _check_schema(op, operator, args, kwargs):
    values = operator.schema.bind(args, kwargs)
    before = _clone_args(values)
    from .autograd import grad_mode
    with grad_mode.no_grad():
        operator.run(operator.kernel_for(_device_of(values)), values)
    for argument, old, new in zip(operator.schema.arguments, before, values):
        if isinstance(new, Tensor) and not argument.is_mutable and \
                not bool((old.detach() == new.detach()).all() | (old.isnan() & new.isnan()).all()):
            raise RuntimeError(f"Argument {argument.name} is not defined as mutable but was "
                               f"mutated")


def _check_autograd(op, operator, args, kwargs):
    values = operator.schema.bind(args, kwargs)
    if not any(t.requires_grad for t in _tensors(values)):
        return
    output = op(*_clone_args(values))
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    from .autograd import grad as autograd_grad
    inputs = [t for t in _tensors(values) if t.requires_grad]
    tensors = [o for o in outputs if isinstance(o, Tensor) and o.requires_grad]
    if tensors and operator.custom:
        autograd_grad([o.sum() for o in tensors], [i for i in inputs], allow_unused=True)


def _check_fake(op, operator, args, kwargs):
    if operator.fake is None:
        raise RuntimeError(operator.no_fake_message())
    values = operator.schema.bind(args, kwargs)
    real = operator.run(operator.kernel_for(_device_of(values)), _clone_args(values))
    metas = [v.detach().to("meta") if isinstance(v, Tensor) else v for v in values]
    fake = operator.run(operator.fake, metas)
    reals = real if isinstance(real, (tuple, list)) else (real,)
    fakes = fake if isinstance(fake, (tuple, list)) else (fake,)
    for r, f in zip(reals, fakes):
        if isinstance(r, Tensor) and (r.shape != f.shape or r.dtype != f.dtype):
            raise RuntimeError(f"the fake implementation of {operator.qualname} gives "
                               f"{tuple(f.shape)} {f.dtype}, the real one {tuple(r.shape)} "
                               f"{r.dtype}")


_CHECKS = {"test_schema": _check_schema, "test_autograd_registration": _check_autograd,
           "test_faketensor": _check_fake, "test_aot_dispatch_static": _check_autograd,
           "test_aot_dispatch_dynamic": _check_autograd}
