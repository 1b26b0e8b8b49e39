"""``ember.fx.subgraph_rewriter``: find a pattern's graph inside a GraphModule's and put a
replacement's graph in its place."""
from __future__ import annotations

from typing import NamedTuple

from ._symbolic_trace import symbolic_trace
from .graph_module import GraphModule
from .node import Node

__all__ = ["Match", "replace_pattern"]


class Match(NamedTuple):
    """One place a pattern matched: ``anchor`` is the Node matching the pattern's output,
    ``nodes_map`` maps each pattern Node to the Node it matched."""

    anchor: Node
    nodes_map: dict


def _graph_of(value):
    if isinstance(value, GraphModule):
        return value.graph
    return symbolic_trace(value).graph


class _Matcher:
    """Matches a pattern graph (one output value) against Nodes, walking back from the anchor:
    ops, targets and constant arguments must be equal; a pattern placeholder matches any value,
    the same one everywhere it is used."""

    def __init__(self, pattern):
        self.pattern = pattern
        self.placeholders = [node for node in pattern.nodes if node.op == "placeholder"]
        output = next(node for node in pattern.nodes if node.op == "output")
        self.pattern_anchor = output.args[0]

    def match(self, node):
        self.nodes_map = {}
        if not self._match_nodes(self.pattern_anchor, node):
            return None
        inner = [pattern for pattern in self.nodes_map if pattern.op != "placeholder"]
        for pattern in inner:
            if pattern is self.pattern_anchor:
                continue
            matched = self.nodes_map[pattern]
            if any(user not in {self.nodes_map[p] for p in inner} for user in matched.users):
                return None
        return dict(self.nodes_map)

    def _match_nodes(self, pattern, node):
        if pattern in self.nodes_map:
            return self.nodes_map[pattern] is node
        if pattern.op == "placeholder":
            if node in self.nodes_map.values():
                return False
            self.nodes_map[pattern] = node
            return True
        if not isinstance(node, Node) or pattern.op != node.op or \
                pattern.target != node.target or len(pattern.args) != len(node.args) or \
                set(pattern.kwargs) != set(node.kwargs):
            return False
        self.nodes_map[pattern] = node
        pairs = list(zip(pattern.args, node.args)) + \
            [(pattern.kwargs[key], node.kwargs[key]) for key in pattern.kwargs]
        return all(self._match_args(p, n) for p, n in pairs)

    def _match_args(self, pattern, value):
        if isinstance(pattern, Node):
            return self._match_nodes(pattern, value)
        if isinstance(pattern, (list, tuple)):
            return isinstance(value, (list, tuple)) and len(pattern) == len(value) and \
                all(self._match_args(p, v) for p, v in zip(pattern, value))
        if isinstance(value, Node):
            return False
        return type(pattern) is type(value) and pattern == value


def replace_pattern(gm, pattern, replacement):
    """Replace every (non-overlapping) occurrence of ``pattern``'s computation in ``gm`` by
    ``replacement``'s, then recompile ``gm``.

    Args:
        gm: the GraphModule to rewrite (in place).
        pattern: a function (or GraphModule) whose graph is searched for; its inputs match any
            value.
        replacement: a function (or GraphModule) with the same inputs, computing the new value.

    Returns:
        A list of Match, one per replaced occurrence.

    Example:
        >>> from ember import fx
        >>> gm = fx.symbolic_trace(lambda x: ember.relu(x) + 1)
        >>> matches = fx.replace_pattern(gm, lambda a: ember.relu(a),
        ...                                    lambda a: ember.sigmoid(a))
        >>> len(matches), [node.name for node in gm.graph.nodes]
        (1, ['x', 'sigmoid', 'add', 'output'])
    """
    graph = gm.graph
    pattern_graph = _graph_of(pattern)
    replacement_graph = _graph_of(replacement)
    matcher = _Matcher(pattern_graph)
    matches = []
    taken = set()
    for node in list(graph.nodes):
        found = matcher.match(node)
        if found is None:
            continue
        inner = {found[p] for p in found if p.op != "placeholder"}
        if inner & taken:
            continue
        taken |= inner
        matches.append(Match(anchor=node, nodes_map=found))
    replacement_inputs = [node for node in replacement_graph.nodes if node.op == "placeholder"]
    for match in matches:
        values = {}
        for pattern_input, replacement_input in zip(matcher.placeholders, replacement_inputs):
            values[replacement_input] = match.nodes_map[pattern_input]
        with graph.inserting_before(match.anchor):
            result = graph.graph_copy(replacement_graph, values)
        if isinstance(result, Node):
            match.anchor.replace_all_uses_with(result)
        inner = [match.nodes_map[p] for p in reversed(list(pattern_graph.nodes))
                 if p in match.nodes_map and p.op != "placeholder"]
        for node in inner:
            if not node.users:
                graph.erase_node(node)
    gm.recompile()
    return matches
