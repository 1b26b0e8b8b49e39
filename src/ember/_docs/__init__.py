"""Docstrings of the public API, kept beside the code rather than inside it.

The ops are written for reading their math (forward and derivative side by side); the long
user-facing text with arguments and an example lives here, one module per namespace, and is
attached when that namespace is imported, the way PyTorch keeps ``_torch_docs.py``. Each example
is run by ``tests/test_docstrings.py``, under ember and, when torch is installed, under torch too.
"""
from __future__ import annotations


def add_docstr(obj, text):
    """Set ``obj.__doc__`` (functions, classes, methods; static/class methods unwrapped)."""
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    obj.__doc__ = text
    # A function and its dispatching copies (ember.permute, Tensor.permute) share one text.
    from .._subclass import copies_of
    for copy in copies_of(obj):
        copy.__doc__ = text
