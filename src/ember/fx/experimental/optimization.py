"""``ember.fx.experimental.optimization``: inference-time rewrites of traced models."""
from __future__ import annotations

import copy

from ... import nn
from .._symbolic_trace import symbolic_trace
from ..graph_module import GraphModule

__all__ = ["fuse", "matches_module_pattern", "replace_node_module"]

# (the module computing a value, the BatchNorm applied to it): folded into the first.
_PATTERNS = [(nn.Conv1d, nn.BatchNorm1d), (nn.Conv2d, nn.BatchNorm2d),
             (nn.Conv3d, nn.BatchNorm3d), (nn.Linear, nn.BatchNorm1d)]


def matches_module_pattern(pattern, node, modules):
    """Whether ``node`` calls a module of type ``pattern[1]`` on the result of a call of a
    module of type ``pattern[0]``.

    Args:
        pattern: the two module types.
        node: the Node to look at.
        modules: the traced model's submodules by qualified name.

    Returns:
        A bool.

    Example:
        >>> from ember.fx.experimental.optimization import matches_module_pattern
        >>> model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
        >>> gm = ember.fx.symbolic_trace(model)
        >>> bn = list(gm.graph.nodes)[2]
        >>> matches_module_pattern((nn.Conv2d, nn.BatchNorm2d), bn, dict(gm.named_modules()))
        True
    """
    if len(node.args) == 0:
        return False
    nodes = (node.args[0], node)
    for expected_type, current in zip(pattern, nodes):
        if not isinstance(current, type(node)) or current.op != "call_module" or \
                not isinstance(current.target, str) or current.target not in modules or \
                type(modules[current.target]) is not expected_type:
            return False
    return True


def replace_node_module(node, modules, new_module):
    """Install ``new_module`` where the module ``node`` calls lives, in the model and in
    ``modules``.

    Args:
        node: a ``call_module`` Node.
        modules: the model's submodules by qualified name (updated).
        new_module: the replacement.

    Returns:
        None.

    Example:
        >>> from ember.fx.experimental.optimization import replace_node_module
        >>> gm = ember.fx.symbolic_trace(nn.Sequential(nn.ReLU()))
        >>> modules = dict(gm.named_modules())
        >>> replace_node_module(list(gm.graph.nodes)[1], modules, nn.Tanh())
        >>> gm.get_submodule("0")
        Tanh()
    """
    parent, _, name = node.target.rpartition(".")
    modules[node.target] = new_module
    setattr(modules[parent], name, new_module)


def fuse(model, inplace=False, no_trace=False):
    """Fold every BatchNorm that directly follows a convolution (or a Linear, for
    BatchNorm1d) into that layer's weight and bias, for inference: ``w' = w * g / sqrt(v + e)``,
    ``b' = (b - m) * g / sqrt(v + e) + beta``. The model must be in eval mode.

    Args:
        model: the module (traced first unless ``no_trace`` and it is a GraphModule).
        inplace: change ``model``'s own submodules instead of a copy's.
        no_trace: take ``model`` as an already traced GraphModule.

    Returns:
        A GraphModule without the folded BatchNorms.

    Example:
        >>> from ember.fx.experimental.optimization import fuse
        >>> model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU()).eval()
        >>> fused = fuse(model)
        >>> [name for name, _ in fused.named_children()]
        ['0', '2']
        >>> x = ember.randn(1, 1, 5, 5)
        >>> bool((fused(x) - model(x)).abs().max() < 1e-5)
        True
    """
    from ...nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval
    if not inplace:
        model = copy.deepcopy(model)
    traced = model if no_trace and isinstance(model, GraphModule) else symbolic_trace(model)
    modules = dict(traced.named_modules())
    graph = copy.deepcopy(traced.graph)
    for pattern in _PATTERNS:
        for node in list(graph.nodes):
            if not matches_module_pattern(pattern, node, modules):
                continue
            if len(node.args[0].users) > 1:
                continue  # the layer's own output is used elsewhere: it must stay unfused
            first, bn = modules[node.args[0].target], modules[node.target]
            if not bn.track_running_stats:
                continue
            fold = fuse_linear_bn_eval if isinstance(first, nn.Linear) else fuse_conv_bn_eval
            replace_node_module(node.args[0], modules, fold(first, bn))
            node.replace_all_uses_with(node.args[0])
            graph.erase_node(node)
    return GraphModule(traced, graph)
