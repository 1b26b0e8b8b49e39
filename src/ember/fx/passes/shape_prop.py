"""``ember.fx.passes.shape_prop``: run a GraphModule on example inputs and record each Node's
result shape, dtype and layout in ``node.meta['tensor_meta']``."""
from __future__ import annotations

from typing import Any, NamedTuple

from ..interpreter import Interpreter
from ..node import map_aggregate as _map_aggregate

__all__ = ["ShapeProp", "TensorMetadata"]


class TensorMetadata(NamedTuple):
    """What ShapeProp records about a tensor value.

    Args:
        shape: its size (an ``ember.Size``).
        dtype: its dtype.
        requires_grad: whether it requires grad.
        stride: its strides.
        memory_format: the memory format it is contiguous in (None if none).
        is_quantized: whether it is quantized (ember's never are).
        qparams: its quantization parameters (empty).

    Example:
        >>> from ember.fx.passes.shape_prop import TensorMetadata
        >>> TensorMetadata._fields[:3]
        ('shape', 'dtype', 'requires_grad')
    """

    shape: Any
    dtype: Any
    requires_grad: bool
    stride: tuple
    memory_format: Any
    is_quantized: bool
    qparams: dict


def _extract_tensor_metadata(result):
    import ember
    memory_format = None
    for candidate in (ember.contiguous_format, ember.channels_last, ember.channels_last_3d):
        if result.is_contiguous(memory_format=candidate):
            memory_format = candidate
            break
    return TensorMetadata(result.shape, result.dtype, result.requires_grad, result.stride(),
                          memory_format, False, {})


class ShapeProp(Interpreter):
    """Runs the graph on example inputs and stores, on every Node whose value is a tensor (or
    holds tensors), ``node.meta['tensor_meta']`` (a TensorMetadata, or the same structure of
    them) and ``node.meta['type']`` (the value's type).

    Args:
        gm: the GraphModule.

    Example:
        >>> from ember import fx
        >>> from ember.fx.passes.shape_prop import ShapeProp
        >>> gm = fx.symbolic_trace(ember.nn.Linear(3, 2))
        >>> _ = ShapeProp(gm).propagate(ember.randn(4, 3))
        >>> [tuple(node.meta['tensor_meta'].shape) for node in gm.graph.nodes]
        [(4, 3), (2, 3), (2,), (4, 2), (4, 2)]
    """

    def __init__(self, gm, fake_mode=None):
        super().__init__(gm)
        self.fake_mode = fake_mode

    def run_node(self, n):
        from ..._tensor import Tensor
        result = super().run_node(n)
        found = []

        def extract(value):
            if isinstance(value, Tensor):
                found.append(True)
                return _extract_tensor_metadata(value)
            return value
        meta = _map_aggregate(result, extract)
        if found:
            n.meta["tensor_meta"] = meta
        n.meta["type"] = type(result)
        return result

    def propagate(self, *args):
        """Run the graph on ``args``, recording each Node's metadata.

        Returns:
            The graph's result.
        """
        return super().run(*args)
