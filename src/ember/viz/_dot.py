"""Pictures of the backward graph: DOT text always, SVG/PNG/PDF through Graphviz.

Arrows point the way the forward pass ran (inputs above, the result at the bottom), so the
picture reads like the code; backward walks them upwards. Each grad_fn is one box named as
PyTorch names it; leaves (AccumulateGrad) show the variable, its shape, value and gradient.
"""
from __future__ import annotations

import os
import shutil
import sys

from ..autograd.graph import FREED, AccumulateGrad, SavedTensor
from ._walk import SMALL, Names, fmt_shape, fmt_value, root_node, walk

INSTALL_HINT = ("Drawing graphs needs Graphviz: the graphviz Python package (from a checkout "
                "of ember: pip install -e \".[viz]\") and the dot program (Debian/Ubuntu: "
                "apt-get install graphviz; macOS: brew install graphviz; conda: conda install "
                "graphviz). The DOT text is available without it in .source.")

_LEAF, _OP, _OUTPUT = "lightblue", "lightgrey", "darkolivegreen1"
# Node attributes that are bookkeeping of custom Functions, not data a reader wants.
_HIDDEN_ATTRS = {"materialize_grads", "to_save"}


class GraphvizNotFound(RuntimeError):
    """Raised when a graph is rendered but Graphviz (package or dot program) is missing."""


def graphviz_available():
    """True when both the graphviz package and the dot program are installed."""
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


class Graph:
    """A backward graph as DOT text (``.source``), renderable with Graphviz."""

    def __init__(self, source, num_nodes):
        self.source = source
        self.num_nodes = num_nodes

    def __str__(self):
        return self.source

    def __repr__(self):
        return (f"<ember.viz.Graph of {self.num_nodes} nodes: .source is its DOT text, "
                ".render(path) draws it>")

    def pipe(self, format="svg"):
        """The rendered picture as bytes (``format``: svg, png, pdf, or any dot format)."""
        if not graphviz_available():
            raise GraphvizNotFound(INSTALL_HINT)
        import graphviz
        return graphviz.Source(self.source).pipe(format=format)

    def render(self, path, format=None):
        """Draw the graph into ``path``; the format defaults to the file's extension (svg)."""
        path = os.fspath(path)
        if format is None:
            extension = os.path.splitext(path)[1].lstrip(".").lower()
            format = extension or "svg"
        data = self.pipe(format)
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    def _repr_svg_(self):
        if not graphviz_available():
            return None
        return self.pipe("svg").decode("utf-8")


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _tensor_lines(tensor, show_values, name=None):
    lines = [name] if name else []
    lines.append("scalar" if tensor.dim() == 0 else "shape " + fmt_shape(tensor.shape))
    if show_values and tensor.numel() <= SMALL:
        lines.append("value " + fmt_value(tensor))
    grad = tensor._grad
    if grad is not None:
        lines.append("grad " + (fmt_value(grad) if show_values else fmt_shape(grad.shape)))
    return lines


def _saved_lines(node):
    if node._saved is FREED:
        return ["saved: freed by backward"]
    lines = []
    for index, saved in enumerate(node._saved):
        if saved is None:
            continue
        if isinstance(saved, SavedTensor):
            value = saved.tensor
            shape = value.shape if hasattr(value, "shape") else ()
            lines.append(f"saved[{index}]: {fmt_shape(shape)}")
        else:
            lines.append(f"saved[{index}]: {saved!r}")
    for key, value in node.__dict__.items():
        if not key.startswith("_") and key not in _HIDDEN_ATTRS:
            lines.append(f"{key}={value!r}")
    return lines


def graph(tensor, params=None, show_saved=False, show_values=True, _frame=None):
    """The backward graph that ``tensor.backward()`` would walk, as a renderable Graph.

    Each grad_fn is a box named as PyTorch names it; leaves show their name, shape, value and
    gradient. ``.source`` is the DOT text (no Graphviz needed); ``.render("g.svg")`` draws it
    with Graphviz; in Jupyter the graph shows inline.

    Args:
        tensor: the result whose history to draw (usually a loss).
        params: optional ``{name: tensor}`` naming leaves (e.g. ``dict(model.named_parameters())``);
            without it, names are found among the caller's variables.
        show_saved: also list what each node saved for backward (shapes, attributes).
        show_values: print values (small tensors) and gradients on the leaves.

    Returns:
        A Graph with ``source``, ``num_nodes``, ``render(path)`` and ``pipe(format)``.

    Example:
        >>> x = ember.tensor(2.0, requires_grad=True)
        >>> y = x * x + 3 * x
        >>> picture = ember.viz.graph(y)
        >>> picture.num_nodes, picture.source.splitlines()[0]
        (4, 'digraph ember {')
    """
    frame = _frame if _frame is not None else sys._getframe(1)
    names = Names(params, frame)
    root = root_node(tensor)
    nodes, edges = walk(root)
    ids = {node: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["digraph ember {",
             '  node [shape=box, style="filled,rounded", fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for node in nodes:
        if type(node) is AccumulateGrad:
            label = _tensor_lines(node.variable, show_values,
                                  names.of_node(node) or "leaf")
            color = _LEAF
        else:
            label = [node.name()]
            name = names.of_node(node)
            if name is not None and node is not root:
                label.append("→ " + name)
            if show_saved:
                label += _saved_lines(node)
            color = _OP
        lines.append(f"  {ids[node]} [label={_quote(chr(10).join(label))}, "
                     f"fillcolor={color}];")
    for parent, index, child in edges:
        # Multi-input nodes label their edges so a reader can tell which input is which.
        attrs = f" [label={_quote(str(index))}]" if len(parent.next_functions) > 1 else ""
        lines.append(f"  {ids[child]} -> {ids[parent]}{attrs};")
    if type(root) is not AccumulateGrad:
        label = _tensor_lines(tensor, show_values, names.of_tensor(tensor) or "output")
        lines.append(f"  output [label={_quote(chr(10).join(label))}, fillcolor={_OUTPUT}];")
        lines.append(f"  {ids[root]} -> output;")
    lines.append("}")
    return Graph("\n".join(lines) + "\n", len(nodes))
