"""The exception types ``torch.onnx.errors`` raises, for code that catches them."""
from __future__ import annotations


class OnnxExporterError(RuntimeError):
    """An ONNX export that could not be completed."""


class UnsupportedOperatorError(OnnxExporterError):
    """An operation of the model that has no ONNX counterpart in the exporter."""

    def __init__(self, name, version, supported_version=None):
        if supported_version is not None:
            message = (f"Exporting the operator '{name}' to ONNX opset version {version} is not "
                       f"supported. Support for this operator was added in version "
                       f"{supported_version}, try exporting with this version.")
        else:
            message = (f"Exporting the operator '{name}' to ONNX opset version {version} is not "
                       "supported.")
        super().__init__(message)


for _cls in (OnnxExporterError, UnsupportedOperatorError):
    _cls.__module__ = "ember.onnx.errors"
