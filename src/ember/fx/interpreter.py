"""``ember.fx.interpreter``: run a GraphModule one Node at a time, with a hook per kind of
Node, and ``Transformer``, which runs it on Proxies to write a new graph."""
from __future__ import annotations

import inspect

from ._symbolic_trace import proxies_dispatch
from .graph import Graph
from .graph_module import GraphModule
from .node import map_aggregate, map_arg
from .proxy import Proxy, TracerBase

__all__ = ["Interpreter", "Transformer"]


class Interpreter:
    """Runs a GraphModule's graph Node by Node. Override ``run_node`` or the method named
    after a Node's op (``call_function``, ``call_module``...) to observe or change what each
    Node computes.

    Args:
        module: the GraphModule (or Module whose ``graph`` is given) to run.
        garbage_collect_values: drop each value after its last use.
        graph: the graph to run instead of ``module.graph``.

    Example:
        >>> from ember import fx
        >>> class Negating(fx.Interpreter):
        ...     def call_function(self, target, args, kwargs):
        ...         return -super().call_function(target, args, kwargs)
        >>> gm = fx.symbolic_trace(lambda x: ember.relu(x))
        >>> Negating(gm).run(ember.tensor([1.0, -2.0]))
        tensor([-1., -0.])
    """

    def __init__(self, module, garbage_collect_values=True, graph=None):
        self.module = module
        self.submodules = dict(module.named_modules())
        self.graph = graph if graph is not None else module.graph
        self.env = {}
        self.name = "Interpreter"
        self.garbage_collect_values = garbage_collect_values
        self.extra_traceback = True
        if garbage_collect_values:
            last_use = {}
            self.user_to_last_uses = {}
            for node in reversed(list(self.graph.nodes)):
                def register(value, node=node):
                    if value not in last_use:
                        last_use[value] = node
                        self.user_to_last_uses.setdefault(node, []).append(value)
                map_arg(node.args, register)
                map_arg(node.kwargs, register)

    def run(self, *args, initial_env=None, enable_io_processing=True):
        """Run the graph on ``args`` (the placeholders' values, in order).

        Args:
            *args: the inputs.
            initial_env: values already known for some Nodes (they are not recomputed).
            enable_io_processing: accepted for compatibility.

        Returns:
            What the graph's output returns.
        """
        self.env = dict(initial_env) if initial_env is not None else {}
        self.args_iter = iter(args)
        for node in self.graph.nodes:
            if node in self.env:
                continue
            self.env[node] = self.run_node(node)
            if self.garbage_collect_values:
                for dead in self.user_to_last_uses.get(node, []):
                    del self.env[dead]
            if node.op == "output":
                return self.env[node]
        return None

    def run_node(self, n):
        """Compute Node ``n``: fetch its arguments' values, then call the method named after
        its op."""
        args, kwargs = self.fetch_args_kwargs_from_env(n)
        return getattr(self, n.op)(n.target, args, kwargs)

    def placeholder(self, target, args, kwargs):
        """The next input (or the placeholder's default; ``*args`` takes the rest)."""
        if target.startswith("**"):
            return {}
        if target.startswith("*"):
            return list(self.args_iter)
        try:
            return next(self.args_iter)
        except StopIteration:
            if args:
                return args[0]
            raise RuntimeError(f"Expected positional argument for parameter {target}, but "
                               f"one was not passed in!") from None

    def get_attr(self, target, args, kwargs):
        """The module's attribute ``target``."""
        return self.fetch_attr(target)

    def call_function(self, target, args, kwargs):
        """``target(*args, **kwargs)``."""
        return target(*args, **kwargs)

    def call_method(self, target, args, kwargs):
        """``args[0].target(*args[1:], **kwargs)``."""
        self_obj, *rest = args
        return getattr(self_obj, target)(*rest, **kwargs)

    def call_module(self, target, args, kwargs):
        """The submodule ``target`` called on the arguments."""
        return self.fetch_attr(target)(*args, **kwargs)

    def output(self, target, args, kwargs):
        """The graph's result."""
        return args[0]

    def fetch_attr(self, target):
        """The attribute at qualified name ``target`` of the module."""
        value = self.module
        atoms = target.split(".")
        for i, atom in enumerate(atoms):
            if not hasattr(value, atom):
                raise RuntimeError(f"Node referenced nonexistent target "
                                   f"{'.'.join(atoms[:i + 1])}")
            value = getattr(value, atom)
        return value

    def fetch_args_kwargs_from_env(self, n):
        """Node ``n``'s arguments with each Node replaced by its computed value."""
        args = self.map_nodes_to_values(n.args, n)
        kwargs = self.map_nodes_to_values(n.kwargs, n)
        return args, kwargs

    def map_nodes_to_values(self, args, n):
        """``args`` with each Node replaced by its value in ``self.env``."""
        def load(node):
            if node not in self.env:
                raise RuntimeError(f"Node {n} referenced nonexistent value {node}! Run "
                                   f"Graph.lint() to diagnose such issues")
            return self.env[node]
        return map_arg(args, load)


class _TransformerTracer(TracerBase):
    def __init__(self, graph):
        super().__init__()
        self.graph = graph

    def is_leaf_module(self, m, module_qualified_name):
        return True


class Transformer(Interpreter):
    """An Interpreter that runs the graph on Proxies, so that what its methods return is
    recorded into a new graph: override ``call_function`` etc. to rewrite Nodes, then
    ``transform()`` gives the new GraphModule.

    Args:
        module: the GraphModule to transform.

    Example:
        >>> from ember import fx
        >>> class ReluToSigmoid(fx.Transformer):
        ...     def call_function(self, target, args, kwargs):
        ...         if target is ember.relu:
        ...             target = ember.sigmoid
        ...         return super().call_function(target, args, kwargs)
        >>> gm = ReluToSigmoid(fx.symbolic_trace(lambda x: ember.relu(x))).transform()
        >>> gm(ember.tensor([0.0]))
        tensor([0.5000])
    """

    def __init__(self, module):
        super().__init__(module)
        self.new_graph = Graph()
        self.tracer = _TransformerTracer(self.new_graph)
        self.tracer.root = module

    def placeholder(self, target, args, kwargs):
        """A placeholder of the new graph (with the same default)."""
        default = next(iter(args)) if args else inspect.Signature.empty
        return Proxy(self.new_graph.placeholder(target, default_value=default), self.tracer)

    def get_attr(self, target, args, kwargs):
        """A ``get_attr`` Node of the new graph."""
        return self.tracer.create_proxy("get_attr", target, args, kwargs)

    def call_function(self, target, args, kwargs):
        """Record ``target(*args, **kwargs)`` in the new graph."""
        return self.tracer.create_proxy("call_function", target, args, kwargs)

    def call_method(self, target, args, kwargs):
        """Record the method call in the new graph."""
        return self.tracer.create_proxy("call_method", target, args, kwargs)

    def call_module(self, target, args, kwargs):
        """Record the submodule call in the new graph."""
        return self.tracer.create_proxy("call_module", target, args, kwargs)

    def transform(self):
        """Run the transformation and return the new GraphModule (same submodules)."""
        with proxies_dispatch():
            result = super().run(enable_io_processing=False)
        if result is not None:
            self.new_graph.output(map_aggregate(
                result, lambda value: value.node if isinstance(value, Proxy) else value))
        return GraphModule(self.module, self.new_graph)

    def run_node(self, n):
        args, kwargs = self.fetch_args_kwargs_from_env(n)
        if n.op == "placeholder":
            return self.placeholder(n.target, args, kwargs)
        return getattr(self, n.op)(n.target, args, kwargs)

    def output(self, target, args, kwargs):
        return args[0]
