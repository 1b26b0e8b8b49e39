"""Symbolic tracing: run a module's ``forward`` on Proxies and keep the Graph they record.

While a trace runs, ``Module.__call__`` and ``Module.__getattr__`` are patched (and put back
afterwards): a call of a leaf submodule (by default the ones ember.nn provides) is recorded as
one ``call_module`` Node instead of being traced through, and reading a parameter or buffer
records a ``get_attr`` Node. Functions registered with ``wrap`` (and ``math``'s functions) are
patched in their module's globals so that a call with a Proxy is recorded whole.
"""
from __future__ import annotations

import builtins
import collections
import contextlib
import functools
import inspect
import math

from .graph import Graph
from .node import map_aggregate
from .proxy import ParameterProxy, Proxy, TracerBase

__all__ = ["PH", "ProxyableClassMeta", "Tracer", "symbolic_trace", "wrap"]

# (globals dict, name) of every function registered with ``wrap``.
_wrapped_fns_to_patch = {}


class _PH:
    """A placeholder in ``concrete_args``: this part of the input stays a graph input."""

    def __repr__(self):
        return "PH"


PH = _PH()


class ProxyableClassMeta(type):
    """A metaclass whose classes are recorded as one ``call_function`` when built from
    Proxies during tracing (instead of running ``__init__`` on Proxies).

    Args:
        name: the class's name (as for ``type``).
        bases: its base classes.
        namespace: its attributes.

    Example:
        >>> from ember import fx
        >>> class Pair(metaclass=fx.ProxyableClassMeta):
        ...     def __init__(self, a, b):
        ...         self.a, self.b = a, b
        >>> gm = fx.symbolic_trace(lambda x: Pair(x, 1))
        >>> [node.op for node in gm.graph.nodes]
        ['placeholder', 'call_function', 'output']
    """

    def __call__(cls, *args, **kwargs):
        found = []
        map_aggregate((args, kwargs),
                      lambda value: found.append(value) if isinstance(value, Proxy) else None)
        if found:
            return found[0].tracer.create_proxy("call_function", cls, args, kwargs)
        return super().__call__(*args, **kwargs)


def wrap(fn_or_name):
    """Record calls of a module-level function as one ``call_function`` Node instead of
    tracing through it (for functions with control flow, or builtins such as ``len``). Call
    it at the top level of the module that calls the function.

    Args:
        fn_or_name: the function, or its name in the calling module's globals.

    Returns:
        ``fn_or_name`` (so it can be used as a decorator).

    Example:
        >>> from ember import fx
        >>> def clamp_positive(x):
        ...     return x if float(x.min()) >= 0 else x.clamp(min=0)
        >>> fx.wrap(clamp_positive) is clamp_positive
        True
    """
    if not callable(fn_or_name) and not isinstance(fn_or_name, str):
        raise RuntimeError("Unsupported type for global function! Must be either a callable "
                           "or string name")
    name = fn_or_name if isinstance(fn_or_name, str) else fn_or_name.__name__
    frame = inspect.currentframe().f_back
    if frame.f_code.co_name != "<module>":
        raise NotImplementedError("wrap must be called at the top level of a module")
    _wrapped_fns_to_patch[(id(frame.f_globals), name)] = frame.f_globals
    return fn_or_name


def _find_proxy(args, kwargs):
    found = []
    map_aggregate((args, kwargs),
                  lambda value: found.append(value) if isinstance(value, Proxy) else None)
    return found[0] if found else None


def _recording(original):
    """``original`` made to record a ``call_function`` Node when called with a Proxy."""
    @functools.wraps(original)
    def wrapped(*args, **kwargs):
        proxy = _find_proxy(args, kwargs)
        if proxy is None:
            return original(*args, **kwargs)
        result = proxy.tracer.create_proxy("call_function", original, args, kwargs)
        result.node.meta["is_wrapped"] = True
        return result
    wrapped.__fx_original__ = original
    return wrapped


@contextlib.contextmanager
def proxies_dispatch():
    """Proxies take part in ``__torch_function__`` dispatch from the first call on, not only
    once an op has refused one (some ops would read a Proxy's attributes first). Afterwards
    ember's functions go back to their one-flag check, unless something besides fx's Proxies
    started dispatching meanwhile: a traced model then trains at eager speed."""
    from .. import _subclass
    before = _subclass._live[0]
    _subclass._kind(Proxy)
    _subclass._live[0] = True
    try:
        yield
    finally:
        others = [kind for kind, (_, found) in _subclass._USER.items()
                  if found and not issubclass(kind, Proxy)]
        if not before and not others and not _subclass._state.modes:
            _subclass._live[0] = False


def _proxy_mode():
    """A TorchFunctionMode for the trace's duration: a call on real tensors that has a Proxy
    among its arguments (``constant + x``, ``constant.add(x)``, ``mask.masked_fill(x > 0, 1)``)
    is recorded, a Tensor method as ``call_method`` on the real tensor (stored as a constant);
    every other call runs as usual."""
    from .._tensor import Tensor
    from ..overrides import TorchFunctionMode, is_tensor_method_or_property
    # Tensor's methods, and the functions they wrap (the CUDA stand-in's checks wrap them)
    methods = set()
    for klass in Tensor.__mro__:
        for value in vars(klass).values():
            value = getattr(value, "fget", value)
            while value is not None and id(value) not in methods:
                methods.add(id(value))
                value = getattr(value, "__wrapped__", None)

    class ProxyMode(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            proxy = _find_proxy(args, kwargs)
            if proxy is None:
                return func(*args, **kwargs)
            if args and not isinstance(args[0], Proxy) and (
                    id(func) in methods or is_tensor_method_or_property(func)):
                return proxy.tracer.create_proxy("call_method", func.__name__, args, kwargs)
            return Proxy.__torch_function__(func, types, args, kwargs)
    return ProxyMode()


class _Patcher:
    """Sets attributes and dict entries for the trace's duration and puts them back."""

    def __init__(self):
        self._undo = []

    def set_item(self, table, name, value):
        had, old = name in table, table.get(name)
        table[name] = value
        self._undo.append(lambda: table.__setitem__(name, old) if had else table.pop(name))

    def set_attr(self, owner, name, value):
        old = owner.__dict__[name]
        setattr(owner, name, value)
        self._undo.append(lambda: setattr(owner, name, old))

    def restore(self):
        while self._undo:
            self._undo.pop()()


class Tracer(TracerBase):
    """Records a module's or function's ``forward`` as a Graph. Subclass it to change what
    is traced through: ``is_leaf_module`` decides which submodules stay one ``call_module``.

    Args:
        autowrap_modules: modules whose functions are recorded whole when called with a
            Proxy (``math`` by default).
        autowrap_functions: single functions recorded whole.
        param_shapes_constant: answer ``shape``/``size()`` of parameters concretely.

    Example:
        >>> from ember import fx
        >>> class KeepLinear(fx.Tracer):
        ...     def is_leaf_module(self, m, module_qualified_name):
        ...         return isinstance(m, ember.nn.Linear)
        >>> model = ember.nn.Sequential(ember.nn.Linear(2, 2), ember.nn.ReLU())
        >>> graph = KeepLinear().trace(model)
        >>> [node.op for node in graph.nodes]
        ['placeholder', 'call_module', 'call_function', 'output']
    """

    def __init__(self, autowrap_modules=(math,), autowrap_functions=(),
                 param_shapes_constant=False):
        super().__init__()
        self._autowrap_functions = {id(value): value for module in autowrap_modules
                                    for value in vars(module).values()
                                    if callable(value) and not isinstance(value, type)}
        self._autowrap_functions.update({id(fn): fn for fn in autowrap_functions})
        self._autowrap_modules = list(autowrap_modules)
        self.param_shapes_constant = param_shapes_constant
        self.proxy_buffer_attributes = True
        self.submodule_paths = None
        self.root = None
        self.tensor_attrs = {}
        self.module_stack = collections.OrderedDict()
        self._paths = None

    # -- what becomes a Node -----------------------------------------------------------------
    def is_leaf_module(self, m, module_qualified_name):
        """Whether a call of submodule ``m`` is recorded as one ``call_module`` Node: true for
        ember.nn's own modules except Sequential, false for user-defined ones."""
        from ..nn import Sequential
        module = type(m).__module__
        return module.startswith("ember.nn") and not isinstance(m, Sequential)

    def path_of_module(self, mod):
        """The qualified name of submodule ``mod`` in the root (NameError if it is not one)."""
        if self.submodule_paths is not None:
            path = self.submodule_paths.get(id(mod))
            if path is not None:
                return path
        for name, module in self.root.named_modules():
            if module is mod:
                return name
        raise NameError("module is not installed as a submodule")

    def call_module(self, m, forward, args, kwargs):
        """Record a leaf module's call as ``call_module``, or trace through ``forward``."""
        path = self.path_of_module(m)
        outer = self.module_stack.get(path)
        self.module_stack[path] = (path, type(m))
        try:
            if not self.is_leaf_module(m, path):
                return forward(*args, **kwargs)
            return self.create_proxy("call_module", path, args, kwargs)
        finally:
            if outer is None:
                self.module_stack.pop(path)
            else:
                self.module_stack[path] = outer

    def create_node(self, kind, target, args, kwargs, name=None, type_expr=None):
        """Add a Node; inside a submodule's call it records ``meta['nn_module_stack']`` (the
        enclosing submodules: qualified name -> (qualified name, class))."""
        node = super().create_node(kind, target, args, kwargs, name, type_expr)
        if self.module_stack:
            node.meta["nn_module_stack"] = collections.OrderedDict(self.module_stack)
        return node

    def getattr(self, attr, attr_val, parameter_proxy_cache):
        """What reading attribute ``attr`` (value ``attr_val``) of a module gives while
        tracing: a Proxy of a ``get_attr`` Node for parameters and buffers, else the value."""
        from .._tensor import Tensor
        from ..nn import Parameter
        if not isinstance(attr_val, Tensor):
            return attr_val
        found = self._attribute_paths().get(id(attr_val))
        if found is None:
            return attr_val
        if found not in parameter_proxy_cache:
            if isinstance(attr_val, Parameter) and self.param_shapes_constant:
                node = self.create_node("get_attr", found, (), {})
                parameter_proxy_cache[found] = ParameterProxy(self, node, found, attr_val)
            else:
                parameter_proxy_cache[found] = self.create_proxy("get_attr", found, (), {})
        return parameter_proxy_cache[found]

    def _attribute_paths(self):
        if self._paths is None:
            self._paths = {}
            for name, buffer in self.root.named_buffers():
                self._paths.setdefault(id(buffer), name)
            for name, param in self.root.named_parameters():
                self._paths.setdefault(id(param), name)
        return self._paths

    def create_arg(self, a):
        """Like TracerBase's, and: parameters, buffers and tensor attributes of the root
        become ``get_attr`` Nodes; other tensors are stored on the root as
        ``_tensor_constant0``, ``_tensor_constant1``... and read back by ``get_attr``."""
        from .._tensor import Tensor
        from ..nn import Module, Parameter
        if isinstance(a, Parameter):
            for name, param in self.root.named_parameters():
                if param is a:
                    return self.create_node("get_attr", name, (), {})
            raise NameError("parameter is not a member of this module")
        if isinstance(a, Tensor):
            for name, buffer in self.root.named_buffers():
                if buffer is a:
                    return self.create_node("get_attr", name, (), {})
            path = self.tensor_attrs.get(id(a))
            if path is None:
                index = 0
                while hasattr(self.root, f"_tensor_constant{index}"):
                    index += 1
                path = f"_tensor_constant{index}"
                setattr(self.root, path, a)
                self.tensor_attrs[id(a)] = path
            return self.create_node("get_attr", path, (), {})
        if isinstance(a, Module):
            return self.create_node("get_attr", self.path_of_module(a), (), {})
        return super().create_arg(a)

    # -- the trace ---------------------------------------------------------------------------
    def create_args_for_root(self, root_fn, is_module, concrete_args=None):
        """The Proxies (and concrete values) ``root_fn`` is called with: one placeholder per
        parameter of its signature, except those ``concrete_args`` fixes."""
        signature = inspect.signature(root_fn)
        annotations = getattr(root_fn, "__annotations__", {})
        parameters = list(signature.parameters.values())
        if is_module:
            parameters = parameters[1:]
        concrete_args = dict(concrete_args or {})
        args, kwargs = [], {}
        # The graph's inputs come in the code object's order: named parameters (keyword-only
        # ones too), then *args, then **kwargs.
        order = {inspect.Parameter.VAR_POSITIONAL: 1, inspect.Parameter.VAR_KEYWORD: 2}
        parameters.sort(key=lambda parameter: order.get(parameter.kind, 0))
        for parameter in parameters:
            name = parameter.name
            # *args and **kwargs become inputs of the graph; the traced function sees them
            # empty (torch hands it the Proxies themselves)
            if parameter.kind is parameter.VAR_POSITIONAL:
                self.create_proxy("placeholder", f"*{name}", (), {})
                continue
            if parameter.kind is parameter.VAR_KEYWORD:
                self.create_proxy("placeholder", f"**{name}", (), {})
                continue
            if name in concrete_args:
                default = () if parameter.default is parameter.empty else (parameter.default,)
                value = self._concrete(name, concrete_args[name], default)
            else:
                default = () if parameter.default is parameter.empty else (parameter.default,)
                value = self.create_proxy("placeholder", name, default, {},
                                          type_expr=annotations.get(name))
            if parameter.kind is parameter.KEYWORD_ONLY:
                kwargs[name] = value
            else:
                args.append(value)
        return args, kwargs

    def _concrete(self, name, value, default=()):
        """A fixed input: PH leaves a placeholder; a bool, number, string or None gets a
        placeholder (with the parameter's own default, if any) and a check that calls pass
        the same value."""
        import operator

        from .. import _assert
        if value is PH:
            return self.create_proxy("placeholder", name, (), {})
        if isinstance(value, (bool, int, float, str)):
            proxy = self.create_proxy("placeholder", f"{name}_1", default, {})
            check = self.create_proxy("call_function", operator.eq, (proxy, value), {})
            self.create_proxy("call_function", _assert,
                              (check, (f"{name} has been specialized to have value {value} "
                                       f"but got another value")), {})
            return value
        if value is None:
            proxy = self.create_proxy("placeholder", f"{name}_1", default, {})
            self.create_proxy("call_function", _assert_is_none,
                              (proxy, (f"{name} has been specialized to have value None but "
                                       f"got another value")), {})
        return value

    def trace(self, root, concrete_args=None):
        """Run ``root`` (a Module, or a function) on Proxies and return the recorded Graph.

        Args:
            root: the module (its ``forward`` is traced) or function.
            concrete_args: values fixed for some inputs (by parameter name); ``PH`` keeps one
                a graph input.

        Returns:
            The Graph.
        """
        from ..nn import Module
        if isinstance(root, Module):
            self.root = root
            fn = type(root).forward
            is_module = True
        else:
            self.root = Module()
            fn = root
            is_module = False
        self._paths = None
        self.submodule_paths = {id(module): name for name, module in self.root.named_modules()}
        self.tensor_attrs = {}
        for name, value in _tensor_attributes(self.root):
            self.tensor_attrs.setdefault(id(value), name)
        self.graph = Graph(tracer_cls=type(self))
        args, kwargs = self.create_args_for_root(fn, is_module, concrete_args)
        if is_module:
            args = [root] + args
        patcher = _Patcher()
        try:
            self._patch(patcher, fn)
            with proxies_dispatch(), _proxy_mode():
                result = fn(*args, **kwargs)
            self.create_node("output", "output", (self.create_arg(result),), {},
                             type_expr=getattr(fn, "__annotations__", {}).get("return"))
        finally:
            patcher.restore()
        self.submodule_paths = None
        return self.graph

    def _patch(self, patcher, fn):
        from ..nn import Module
        tracer = self
        original_call = Module.__dict__["__call__"]
        original_getattr = Module.__dict__["__getattr__"]
        parameter_proxy_cache = {}

        def module_call(module, *args, **kwargs):
            def forward(*args, **kwargs):
                return original_call(module, *args, **kwargs)
            return tracer.call_module(module, forward, args, kwargs)

        def module_getattr(module, name):
            value = original_getattr(module, name)
            return tracer.getattr(name, value, parameter_proxy_cache)

        patcher.set_attr(Module, "__call__", module_call)
        patcher.set_attr(Module, "__getattr__", module_getattr)
        targets = list(_wrapped_fns_to_patch.values())
        fn_globals = getattr(fn, "__globals__", None)
        for (_, name), table in _wrapped_fns_to_patch.items():
            original = table.get(name, getattr(builtins, name, None))
            if original is not None:
                patcher.set_item(table, name, _recording(_unwrapped(original)))
        searched = [vars(module) for module in self._autowrap_modules]
        if fn_globals is not None and all(fn_globals is not table for table in targets):
            searched.append(fn_globals)
        for table in searched:
            for name, value in list(table.items()):
                if id(value) in self._autowrap_functions and not name.startswith("_"):
                    patcher.set_item(table, name, _recording(value))


def _assert_is_none(value, msg):
    """The check a graph specialized on a None input makes when called."""
    assert value is None, msg


def _unwrapped(fn):
    return getattr(fn, "__fx_original__", fn)


def _tensor_attributes(module, prefix=""):
    """(path, tensor) for the plain tensor attributes (not parameters or buffers) of a
    module tree."""
    from .._tensor import Tensor
    for name, value in vars(module).items():
        if isinstance(value, Tensor) and not name.startswith("__"):
            yield prefix + name, value
    for name, child in module._modules.items():
        if child is not None:
            yield from _tensor_attributes(child, f"{prefix}{name}.")


def symbolic_trace(root, concrete_args=None):
    """Trace a module (or function) into a GraphModule: the same computation, as a Graph you
    can read and rewrite, with ``forward`` generated from it (``gm.code``).

    Args:
        root: an ``ember.nn.Module`` or a function.
        concrete_args: values fixed for some inputs, by parameter name.

    Returns:
        A GraphModule named after ``root``'s class (or function).

    Example:
        >>> from ember import fx
        >>> model = ember.nn.Sequential(ember.nn.Linear(3, 2), ember.nn.ReLU())
        >>> gm = fx.symbolic_trace(model)
        >>> print(gm.code.strip())
        def forward(self, input):
            input_1 = input
            _0 = getattr(self, "0")(input_1);  input_1 = None
            _1 = getattr(self, "1")(_0);  _0 = None
            return _1
    """
    from ..nn import Module
    from .graph_module import GraphModule
    tracer = Tracer()
    graph = tracer.trace(root, concrete_args)
    name = type(root).__name__ if isinstance(root, Module) else root.__name__
    return GraphModule(tracer.root, graph, name)
