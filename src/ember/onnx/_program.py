"""``ONNXProgram``: what ``ember.onnx.export(..., dynamo=True)`` returns, as torch's does."""
from __future__ import annotations


class ONNXProgram:
    """An exported model: its ``onnx.ModelProto``, a way to save it and to run it.

    ``model_proto`` is the ONNX model; ``save(path)`` writes it; calling the program runs it
    in onnxruntime (an optional extra) on ember tensors and gives ember tensors back.

    Args:
        model_proto: the ``onnx.ModelProto`` the exporter built.
        exported_program: accepted for torch compatibility (ember has no ExportedProgram).
    """

    def __init__(self, model_proto, exported_program=None):
        self.model_proto = model_proto
        self.exported_program = exported_program
        self._session = None

    def __repr__(self):
        import onnx
        return f"ONNXProgram(\n    model=\n{onnx.printer.to_text(self.model_proto)}\n)"

    def save(self, destination, *, include_initializers=True,
             keep_initializers_as_inputs=False, external_data=None):
        """Write the model to the path ``destination`` (its weights inline)."""
        import onnx
        proto = self.model_proto
        if not include_initializers or keep_initializers_as_inputs:
            proto = onnx.ModelProto()
            proto.CopyFrom(self.model_proto)
            graph = proto.graph
            if keep_initializers_as_inputs:
                present = {i.name for i in graph.input}
                graph.input.extend(onnx.helper.make_tensor_value_info(
                    init.name, init.data_type, list(init.dims))
                    for init in graph.initializer if init.name not in present)
            if not include_initializers:
                del graph.initializer[:]
        onnx.save(proto, destination)

    def initialize_inference_session(self, initializer=None):
        """Open the onnxruntime session that calls run (``initializer`` builds it from the
        serialized model when given)."""
        if initializer is not None:
            self._session = initializer(self.model_proto.SerializeToString())
            return
        try:
            import onnxruntime
        except ImportError:
            raise ImportError("running an ONNXProgram needs onnxruntime: pip install "
                              "onnxruntime (or pip install -e \".[onnx]\")") from None
        self._session = onnxruntime.InferenceSession(self.model_proto.SerializeToString(),
                                                     providers=["CPUExecutionProvider"])

    def release(self):
        """Close the inference session."""
        self._session = None

    def __call__(self, *args, **kwargs):
        """Run the model in onnxruntime on the inputs, in the graph's input order."""
        from .._tensor import Tensor
        if self._session is None:
            self.initialize_inference_session()
        values = list(args) + list(kwargs.values())
        names = [i.name for i in self._session.get_inputs()]
        # onnxruntime reads host arrays: a device tensor is copied over, as torch does.
        feed = {name: (v.detach().cpu().numpy() if isinstance(v, Tensor) else v)
                for name, v in zip(names, values)}
        return [Tensor._make(out) for out in self._session.run(None, feed)]


ONNXProgram.__module__ = "ember.onnx"
