"""``ember.onnx.export``: write a model as an ONNX graph, from the same capture as compile.

The model's forward runs once under ``ember.compile``'s capture (grad off, in the mode the
model is in); each recorded NumPy call becomes ONNX nodes, parameters and buffers become
initializers named as in ``state_dict``, arrays made from sizes alone are folded into
constants. The ``onnx`` package (an optional extra: ``pip install onnx onnxruntime``) builds
and checks the model. A call with no ONNX counterpart raises ``UnsupportedOperatorError``
naming it; the plan is specialised to the example's shapes, so the graph's shapes are fixed
except where ``dynamic_axes`` names a dimension that no reshape fixed.
"""
from __future__ import annotations

from .errors import OnnxExporterError, UnsupportedOperatorError

__all__ = ["OnnxExporterError", "UnsupportedOperatorError", "export", "is_in_onnx_export"]

_exporting = [False]


def is_in_onnx_export():
    """True while ``export`` runs the model."""
    return _exporting[0]


def export(model, args=(), f=None, *, kwargs=None, verbose=None, input_names=None,
           output_names=None, opset_version=None, dynamo=True, external_data=True,
           dynamic_shapes=None, export_params=True, keep_initializers_as_inputs=False,
           dynamic_axes=None, **options):
    """Export ``model`` called on ``args`` as an ONNX model written to ``f``.

    Args:
        model: an ``nn.Module`` (or a function of tensors).
        args: the example inputs (a tuple, or one tensor).
        f: a path or a binary file object to write the model to; ``None`` writes nothing.
        kwargs: example keyword inputs.
        verbose: accepted for torch compatibility.
        input_names: names of the graph inputs (default: the forward's argument names).
        output_names: names of the graph outputs (default ``output_0``, ``output_1``...).
        opset_version: the ONNX opset (default 18).
        dynamo: accepted for torch compatibility (ember has one exporter).
        external_data: accepted for torch compatibility (weights are stored inline).
        dynamic_shapes: accepted for torch compatibility; see ``dynamic_axes``.
        export_params: store the parameters as initializers (always done).
        keep_initializers_as_inputs: also list the initializers as graph inputs.
        dynamic_axes: ``{name: {axis: "label"}}`` or ``{name: [axis, ...]}``: dimensions
            written symbolically in the inputs' and outputs' declared shapes.
        **options: other torch options, accepted and ignored.

    Returns:
        The ``onnx.ModelProto`` (torch returns an ``ONNXProgram``; ``.model_proto`` of it).
    """
    from ._export import export_model
    _exporting[0] = True
    try:
        return export_model(model, args, f, kwargs=kwargs, input_names=input_names,
                            output_names=output_names, opset_version=opset_version or 18,
                            dynamic_axes=dynamic_axes,
                            keep_initializers_as_inputs=keep_initializers_as_inputs)
    finally:
        _exporting[0] = False
