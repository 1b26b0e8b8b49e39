"""``ember.onnx.export``: write a model as an ONNX graph, from the same capture as compile.

The model's forward runs once under ``ember.compile``'s capture (grad off, in the mode the
model is in); each recorded NumPy call becomes ONNX nodes, parameters and buffers become
initializers named as in ``state_dict``, arrays made from sizes alone are folded into
constants. The ``onnx`` package (an optional extra: ``pip install onnx onnxruntime``) builds
and checks the model. A call with no ONNX counterpart raises ``UnsupportedOperatorError``
naming it; the plan is specialised to the example's shapes, except the axes ``dynamic_axes``
names (see ``export``).
"""
from __future__ import annotations

from ._program import ONNXProgram
from .errors import OnnxExporterError, UnsupportedOperatorError

__all__ = ["ONNXProgram", "OnnxExporterError", "UnsupportedOperatorError", "export",
           "is_in_onnx_export"]

_exporting = [False]


def is_in_onnx_export():
    """True while ``export`` runs the model."""
    return _exporting[0]


def export(model, args=(), f=None, *, kwargs=None, verbose=None, input_names=None,
           output_names=None, opset_version=None, dynamo=True, external_data=True,
           dynamic_shapes=None, export_params=True, keep_initializers_as_inputs=False,
           dynamic_axes=None, **options):
    """Export ``model`` called on ``args`` as an ONNX model (written to ``f`` when given).

    The forward runs once under compile's capture; each recorded array call becomes ONNX
    nodes, while convolutions, pooling, batch norm (eval), ``Flatten`` and ``Dropout`` (eval)
    modules become their own ONNX operators. With ``dynamic_axes`` the model is traced a
    second time with those axes one longer, and the reshapes that follow them are written
    with -1 there, so the graph runs at other lengths of them.

    Args:
        model: an ``nn.Module`` (or a function of tensors).
        args: the example inputs (a tuple, or one tensor).
        f: a path or a binary file object to write the model to; ``None`` writes nothing.
        kwargs: example keyword inputs.
        verbose: accepted for torch compatibility.
        input_names: names of the graph inputs (default: the forward's argument names).
        output_names: names of the graph outputs (default ``output_0``, ``output_1``...).
        opset_version: the ONNX opset (default 18).
        dynamo: ``True`` (torch's default) returns an ``ONNXProgram``; ``False`` returns
            ``None``, as torch's TorchScript-based exporter does. Both write ``f``.
        external_data: accepted for torch compatibility (weights are stored inline).
        dynamic_shapes: accepted for torch compatibility; see ``dynamic_axes``.
        export_params: store the parameters as initializers (always done).
        keep_initializers_as_inputs: also list the initializers as graph inputs.
        dynamic_axes: ``{name: {axis: "label"}}`` or ``{name: [axis, ...]}``: dimensions of
            inputs and outputs left symbolic.
        **options: other torch options, accepted and ignored.

    Returns:
        An ``ONNXProgram`` (its ``model_proto`` is the ``onnx.ModelProto``), or ``None`` when
        ``dynamo=False``.
    """
    from ._export import export_model
    _exporting[0] = True
    try:
        proto = export_model(model, args, f, kwargs=kwargs, input_names=input_names,
                             output_names=output_names, opset_version=opset_version or 18,
                             dynamic_axes=dynamic_axes,
                             keep_initializers_as_inputs=keep_initializers_as_inputs)
    finally:
        _exporting[0] = False
    return ONNXProgram(proto) if dynamo else None
