"""``ember.fx``: capture a program as a graph of Python-level calls, read it, rewrite it, and
run the rewritten program, as ``torch.fx`` does.

``symbolic_trace(model)`` runs ``model.forward`` on Proxies and returns a GraphModule: the
recorded Graph (``gm.graph``: placeholder, get_attr, call_function, call_module, call_method
and output Nodes), and a ``forward`` generated from it as Python source (``gm.code``). Passes
walk ``gm.graph.nodes``, edit them and call ``gm.recompile()``; ``Interpreter`` runs a graph
Node by Node; ``Transformer`` writes a new graph from an old one; ``replace_pattern`` swaps
subgraphs; ``passes.shape_prop.ShapeProp`` records shapes. A GraphModule is an ordinary
Module: it trains, saves and loads like the module it was traced from.
"""
from . import experimental, graph, graph_module, interpreter, node, passes, proxy, subgraph_rewriter
from ._symbolic_trace import PH, ProxyableClassMeta, Tracer, symbolic_trace, wrap
from .graph import CodeGen, Graph
from .graph_module import GraphModule
from .interpreter import Interpreter, Transformer
from .node import Node, has_side_effect, map_arg
from .proxy import Proxy
from .subgraph_rewriter import replace_pattern

__all__ = [
           "PH",
           "CodeGen",
           "Graph",
           "GraphModule",
           "Interpreter",
           "Node",
           "Proxy",
           "ProxyableClassMeta",
           "Tracer",
           "Transformer",
           "has_side_effect",
           "map_arg",
           "replace_pattern",
           "symbolic_trace",
           "wrap",
]
