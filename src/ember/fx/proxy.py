"""``ember.fx.proxy``: the stand-in values that record a program while it runs.

A Proxy wraps a Node. Everything a program does with it (operators, Tensor methods, attribute
reads, ``ember.*`` and ``ember.nn.functional.*`` calls through ``__torch_function__``) adds a
Node to the tracer's graph and returns a new Proxy for the result. What cannot be recorded,
such as a Python ``if`` on a traced value, raises TraceError.
"""
from __future__ import annotations

import dis
import inspect
import operator
import sys

from .graph import Graph
from .node import Node, _public_object, map_aggregate

__all__ = [
    "Attribute",
    "GraphAppendingTracer",
    "ParameterProxy",
    "Proxy",
    "TraceError",
    "TracerBase",
]


class TraceError(ValueError):
    """Raised when symbolic tracing meets something it cannot record (control flow on a
    traced value, iterating a Proxy of unknown length)."""


# ember.nn.functional functions that torch implements in C++: their calls are recorded with
# the arguments exactly as given. The others record the required arguments positionally and
# every optional one as a keyword with its value, as torch's Python functional API does.
_AS_GIVEN = frozenset((
    "adaptive_avg_pool1d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "bilinear",
    "celu_", "channel_shuffle", "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d",
    "conv_transpose2d", "conv_transpose3d", "cosine_similarity", "elu_", "gelu", "hardshrink",
    "hardtanh_", "leaky_relu_", "linear", "logsigmoid", "native_channel_shuffle", "one_hot",
    "pairwise_distance", "pdist", "pixel_shuffle", "pixel_unshuffle", "prelu", "relu_",
    "rrelu_", "scaled_dot_product_attention", "selu_", "softplus", "softshrink", "threshold_"))


# ember.nn.functional functions that torch's functional API hands on to the Tensor method.
_AS_METHOD = frozenset(("tanh", "sigmoid"))


def _normalized_call(func, args, kwargs):
    """The (args, kwargs) a call of ``func`` is recorded with (see ``_AS_GIVEN``)."""
    name = getattr(func, "__name__", None)
    if name is None or name in _AS_GIVEN or not _in_functional(func):
        return args, kwargs
    try:
        signature = inspect.signature(func)
        bound = signature.bind(*args, **kwargs)
    except (TypeError, ValueError):
        return args, kwargs
    bound.apply_defaults()
    positional, keywords = [], {}
    for name, parameter in signature.parameters.items():
        value = bound.arguments[name]
        if parameter.kind is parameter.VAR_POSITIONAL:
            positional.extend(value)
        elif parameter.kind is parameter.VAR_KEYWORD:
            keywords.update(value)
        elif parameter.default is parameter.empty and parameter.kind is not parameter.KEYWORD_ONLY:
            positional.append(value)
        else:
            keywords[name] = value
    return tuple(positional), keywords


def _in_functional(func):
    from ..nn import functional
    return getattr(functional, func.__name__, None) is func


class TracerBase:
    """What Proxies record into: a graph plus the rules for turning values into arguments."""

    graph: Graph
    record_stack_traces = False
    check_mutable_operations = False
    trace_asserts = False
    proxy_buffer_attributes = False
    scope = None

    def create_node(self, kind, target, args, kwargs, name=None, type_expr=None):
        """Add a Node to the graph (``kind`` is its op)."""
        return self.graph.create_node(kind, target, args, kwargs, name, type_expr)

    def proxy(self, node):
        """The Proxy for ``node``."""
        return Proxy(node, self)

    def create_proxy(self, kind, target, args, kwargs, name=None, type_expr=None,
                     proxy_factory_fn=None):
        """Record a call (its arguments converted by ``create_arg``) and return its Proxy."""
        args_ = self.create_arg(args)
        kwargs_ = self.create_arg(kwargs)
        if not isinstance(args_, tuple) or not isinstance(kwargs_, dict):
            raise AssertionError("create_proxy expects a tuple of args and a dict of kwargs")
        node = self.create_node(kind, target, args_, kwargs_, name, type_expr)
        return self.proxy(node) if proxy_factory_fn is None else proxy_factory_fn(node)

    def create_arg(self, a):
        """Turn a value into a Node argument: Proxies become their Nodes, containers are
        walked, constants stay (NotImplementedError for values a graph cannot hold)."""
        if isinstance(a, Proxy):
            return a.node
        if isinstance(a, tuple) and hasattr(a, "_fields"):
            return type(a)(*(self.create_arg(item) for item in a))
        if isinstance(a, (tuple, list)):
            return type(a)(self.create_arg(item) for item in a)
        if isinstance(a, dict):
            result = {}
            for key, value in a.items():
                if isinstance(key, (Node, Proxy)):
                    raise RuntimeError(f"Keys for dictionaries used as an argument cannot "
                                       f"contain a Node. Got key: {key}")
                result[key] = self.create_arg(value)
            return result
        if isinstance(a, slice):
            return slice(self.create_arg(a.start), self.create_arg(a.stop),
                         self.create_arg(a.step))
        if isinstance(a, range):
            return range(self.create_arg(a.start), self.create_arg(a.stop),
                         self.create_arg(a.step))
        if isinstance(a, Node) or a is None or a is ... or \
                isinstance(a, (str, int, float, bool, complex)) or _is_ember_constant(a):
            return a
        raise NotImplementedError(f"argument of type: {type(a)}")

    def to_bool(self, obj):
        """Called when a Proxy is used as a bool: tracing cannot follow both branches."""
        raise TraceError("symbolically traced variables cannot be used as inputs to control "
                         "flow")

    def iter(self, obj):
        """Called when a Proxy is iterated and its length is unknown."""
        raise TraceError("Proxy object cannot be iterated. This can be attempted when the "
                         "Proxy is used in a loop or as a *args or **kwargs function argument. "
                         "See the torch.fx docs on pytorch.org for a more detailed explanation "
                         "of what types of control flow can be traced, and check out the Proxy "
                         "docstring for help troubleshooting Proxy iteration errors")

    def keys(self, obj):
        """Called for ``**proxy``: records ``proxy.keys()``."""
        return Attribute(obj, "keys")()


def _is_ember_constant(value):
    from .._device import device
    from .._dtype import dtype
    from .._memory_format import memory_format
    return isinstance(value, (dtype, device, memory_format))


class GraphAppendingTracer(TracerBase):
    """A tracer that only appends to an existing graph (what ``Proxy(node)`` uses)."""

    def __init__(self, graph):
        super().__init__()
        self.graph = graph
        self.scope = None
        self.module_stack = {}
        self.node_name_to_scope = {}


class Proxy:
    """A value being traced: every operation on it records a Node and returns a new Proxy.

    Args:
        node: the Node this Proxy stands for.
        tracer: the tracer to record into (by default one appending to ``node``'s graph).

    Example:
        >>> from ember import fx
        >>> graph = fx.Graph()
        >>> x = fx.Proxy(graph.placeholder("x"))
        >>> y = (x + 1).relu()
        >>> y
        Proxy(relu)
        >>> y.node.args
        (add,)
    """

    def __init__(self, node, tracer=None):
        if tracer is None:
            tracer = GraphAppendingTracer(node.graph)
        self.tracer = tracer
        self.node = node

    def __repr__(self):
        return f"Proxy({self.node.name})"

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Attribute(self, name)

    def __getstate__(self):
        return self.__dict__

    def __setstate__(self, state):
        self.__dict__ = state

    def __deepcopy__(self, memo):
        raise TraceError("Proxy objects cannot be deep-copied while tracing")

    def __call__(self, *args, **kwargs):
        return self.tracer.create_proxy("call_method", "__call__", (self,) + args, kwargs)

    def __iter__(self):
        frame = sys._getframe(1)
        instructions = list(dis.get_instructions(frame.f_code))
        for index, instruction in enumerate(instructions):
            if instruction.offset == frame.f_lasti:
                if instruction.opname == "UNPACK_SEQUENCE":
                    return (self[i] for i in range(instruction.argval))
                if instruction.opname == "UNPACK_EX":
                    break
                break
        return self.tracer.iter(self)

    def __bool__(self):
        return self.tracer.to_bool(self)

    def __len__(self):
        raise RuntimeError("'len' is not supported in symbolic tracing by default. If you want "
                           "this call to be recorded, please call ember.fx.wrap('len') at "
                           "module scope")

    def keys(self):
        """Records ``proxy.keys()`` (used by ``**proxy``)."""
        return self.tracer.keys(self)

    @classmethod
    def __torch_function__(cls, orig_method, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        tracers = set()

        def find_tracer(value):
            if isinstance(value, Proxy):
                tracers.add(value.tracer)
            return value
        map_aggregate(args, find_tracer)
        map_aggregate(kwargs, find_tracer)
        if len(tracers) > 1:
            raise RuntimeError(f"Found multiple different tracers {list(tracers)} while "
                               f"trying to trace operations {orig_method}")
        tracer = next(iter(tracers))
        orig_method = _public_object(orig_method)
        if orig_method.__name__ in _AS_METHOD and _in_functional(orig_method):
            return tracer.create_proxy("call_method", orig_method.__name__, args, kwargs)
        args, kwargs = _normalized_call(orig_method, args, kwargs)
        return tracer.create_proxy("call_function", orig_method, args, kwargs)


class ParameterProxy(Proxy):
    """A Proxy for a module's Parameter: ``shape``, ``size()``, ``dim()`` and ``ndim`` answer
    concretely (a parameter's shape does not depend on the input)."""

    def __init__(self, tracer, node, name, param):
        super().__init__(node, tracer)
        self.param = param
        self.name = name

    def __repr__(self):
        return f"ParameterProxy({self.name})"

    @property
    def shape(self):
        return self.param.shape

    def size(self, dim=None):
        return self.param.size() if dim is None else self.param.size(dim)

    def dim(self):
        return self.param.dim()

    @property
    def ndim(self):
        return self.param.ndim

    def numel(self):
        return self.param.numel()

    def nelement(self):
        return self.param.nelement()


class Attribute(Proxy):
    """``proxy.name``: recorded as a ``getattr`` Node when its value is used, or as a method
    call (``call_method``) when it is called."""

    def __init__(self, root, attr):
        self.root = root
        self.attr = attr
        self.tracer = root.tracer
        self._node = None

    @property
    def node(self):
        if self._node is None:
            self._node = self.tracer.create_proxy("call_function", getattr,
                                                  (self.root, self.attr), {}).node
        return self._node

    def __call__(self, *args, **kwargs):
        return self.tracer.create_proxy("call_method", self.attr, (self.root,) + args, kwargs)


def _binary(target):
    def impl(self, other):
        return self.tracer.create_proxy("call_function", target, (self, other), {})
    impl.__name__ = f"__{target.__name__.rstrip('_')}__"
    return impl


def _reflected(target):
    def impl(self, other):
        return self.tracer.create_proxy("call_function", target, (other, self), {})
    impl.__name__ = f"__r{target.__name__.rstrip('_')}__"
    return impl


def _unary(target):
    def impl(self):
        return self.tracer.create_proxy("call_function", target, (self,), {})
    impl.__name__ = f"__{target.__name__}__"
    return impl


_REFLECTABLE = ("add", "sub", "mul", "floordiv", "truediv", "mod", "pow", "lshift", "rshift",
                "and_", "or_", "xor", "matmul")
for _name in _REFLECTABLE + ("eq", "ne", "lt", "le", "gt", "ge", "getitem"):
    setattr(Proxy, f"__{_name.rstrip('_')}__", _binary(getattr(operator, _name)))
for _name in _REFLECTABLE:
    setattr(Proxy, f"__r{_name.rstrip('_')}__", _reflected(getattr(operator, _name)))
for _name in ("neg", "pos", "invert", "abs"):
    setattr(Proxy, f"__{_name}__", _unary(getattr(operator, _name)))
Proxy.__hash__ = object.__hash__
