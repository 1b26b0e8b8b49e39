"""ember.viz: see the graph your code built, and the chain rule worked out with your numbers.

    graph(loss)           the backward graph: DOT text in .source, .render("g.svg") with Graphviz
    explain(loss)         the backward pass, node by node: local derivative × incoming gradient
    plan(compiled)        the array calls ember.compile recorded, drawn the same way
"""
from ._dot import INSTALL_HINT, Graph, GraphvizNotFound, graph, graphviz_available
from ._explain import Explanation, explain
from ._plan import plan

__all__ = ["Explanation", "Graph", "GraphvizNotFound", "INSTALL_HINT", "explain", "graph",
           "graphviz_available", "plan"]

from .._docs import viz as _docs_viz  # noqa: E402,F401
