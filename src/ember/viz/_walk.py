"""What graph pictures and explanations share: walking a graph, naming its tensors, numbers.

The walk is iterative (a graph of a million ops must not hit Python's recursion limit) and
visits each grad_fn once. Names come from a ``params`` dict, then from the variables of the
caller's frame, matched by identity, so ``x`` in the user's code is ``x`` in the picture.
"""
from __future__ import annotations

import heapq

import numpy as np

from .. import _backend
from .._tensor import Tensor
from ..autograd.graph import AccumulateGrad, gradient_edge

# Tensors with at most this many elements have their values printed.
SMALL = 8


def root_node(tensor):
    """The node where backward from ``tensor`` starts (its grad_fn, or a leaf's accumulator)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"expected an ember Tensor, got {type(tensor).__name__}")
    node, _ = gradient_edge(tensor)
    if node is None:
        raise ValueError("this tensor has no backward graph: it does not require grad (create "
                         "its inputs with requires_grad=True, outside of no_grad())")
    return node


def walk(root):
    """Every node reachable from ``root``, and every edge as (parent, input_index, child)."""
    nodes = [root]
    seen = {root}
    edges = []
    stack = [root]
    while stack:
        node = stack.pop()
        for index, (child, _) in enumerate(node.next_functions):
            if child is None:
                continue
            edges.append((node, index, child))
            if child not in seen:
                seen.add(child)
                nodes.append(child)
                stack.append(child)
    return nodes, edges


def topological(root, nodes=None):
    """Nodes in the order the engine runs them: a node only after every node that feeds it."""
    if nodes is None:
        nodes, _ = walk(root)
    pending = {node: 0 for node in nodes}
    for node in nodes:
        for child, _ in node.next_functions:
            if child is not None:
                pending[child] += 1
    order = []
    # Latest-created first, as the engine does, so the story follows the code backwards.
    ready = [(-root._seq, id(root), root)]
    while ready:
        node = heapq.heappop(ready)[2]
        order.append(node)
        for child, _ in node.next_functions:
            if child is None:
                continue
            pending[child] -= 1
            if pending[child] == 0:
                heapq.heappush(ready, (-child._seq, id(child), child))
    return order


class Names:
    """Variable names for the tensors of a graph: leaves by identity, results by grad_fn."""

    def __init__(self, params=None, frame=None):
        self.by_id = {}
        self.by_edge = {}
        self.tensors = {}
        sources = [params or {}]
        if frame is not None:
            sources += [frame.f_locals, frame.f_globals]
        for source in sources:
            for name, value in source.items():
                if isinstance(value, Tensor) and not name.startswith("_"):
                    self._add(name, value)

    def _add(self, name, tensor):
        if id(tensor) in self.by_id:
            return
        self.by_id[id(tensor)] = name
        self.tensors[name] = tensor
        if tensor.grad_fn is not None:
            self.by_edge.setdefault((tensor.grad_fn, tensor._output_nr), name)

    def of_tensor(self, tensor):
        return self.by_id.get(id(tensor))

    def of_node(self, node, output_nr=0):
        """The variable name of a node's output (a leaf's name for AccumulateGrad)."""
        if type(node) is AccumulateGrad:
            return self.by_id.get(id(node.variable))
        return self.by_edge.get((node, output_nr))


def fmt_number(value):
    """A number as a learner would write it: 98 rather than 98.0, four significant digits."""
    value = complex(value) if np.iscomplexobj(value) else float(value)
    if isinstance(value, complex):
        return f"{value:.4g}"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4g}"


def fmt_array(array):
    """Small arrays in full ([5, 7, 9]); large ones by shape only (a device array is read to
    the host, as printing a tensor is)."""
    array = _backend.to_host(array) if hasattr(array, "__array_function__") else \
        np.asarray(array)
    if array.ndim == 0:
        return fmt_number(array)
    if array.size > SMALL:
        return f"<{'×'.join(map(str, array.shape))} values>"
    if array.ndim == 1:
        return "[" + ", ".join(fmt_number(v) for v in array) + "]"
    return "[" + ", ".join(fmt_array(row) for row in array) + "]"


def fmt_shape(shape):
    return str(tuple(int(s) for s in shape))


def fmt_value(tensor):
    """A tensor's values when small, else its shape."""
    if tensor.numel() <= SMALL:
        return fmt_array(tensor._data)
    return f"shape {fmt_shape(tensor.shape)}"
