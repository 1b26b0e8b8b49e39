"""Modules exported whole: one ONNX node from the module's settings, not from its array calls.

A convolution or a pooling window is computed in NumPy through strided views and products
that have no ONNX counterpart, while ONNX has the operator itself (``Conv``, ``MaxPool``,
``AveragePool``, ``BatchNormalization``, ``Flatten``). During export each such module's
``forward`` records one ``ModuleStep`` (the module run eagerly on plain arrays) and the
converter writes the operator with the module's weights, so the node also works at other
batch sizes (``dynamic_axes``).
"""
from __future__ import annotations

import numpy as np

from .._compile.capture import _current, _raw
from .._tensor import Tensor

_CONVOLUTIONS = ("Conv1d", "Conv2d", "Conv3d")
_MAX_POOLS = ("MaxPool1d", "MaxPool2d", "MaxPool3d")
_AVG_POOLS = ("AvgPool1d", "AvgPool2d", "AvgPool3d")
_BATCH_NORMS = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d")
WHOLE = frozenset(_CONVOLUTIONS + _MAX_POOLS + _AVG_POOLS + _BATCH_NORMS + ("Flatten", "Dropout"))


class ModuleStep:
    """A module called on one tensor, as one step of an export trace."""

    __slots__ = ("forward", "module")

    def __init__(self, module, forward):
        self.module = module
        self.forward = forward

    def __call__(self, array):
        # The recording trace is inside this call (depth > 0): the module's own array calls
        # run on plain arrays and are not recorded.
        return _raw(self.forward(Tensor._make(array))._data)

    def __repr__(self):
        return type(self.module).__name__


class exported_whole:
    """Context: the model's exportable modules record one ``ModuleStep`` per call."""

    def __init__(self, model):
        from ..nn.modules.module import Module
        self.modules = [m for m in model.modules() if type(m).__name__ in WHOLE] \
            if isinstance(model, Module) else []

    def __enter__(self):
        for module in self.modules:
            object.__setattr__(module, "forward", _recording_forward(module, module.forward))
        return self

    def __exit__(self, *exc):
        for module in self.modules:
            module.__dict__.pop("forward", None)


def _recording_forward(module, original):
    step = ModuleStep(module, original)

    def forward(input):
        trace = _current.trace
        if trace is None or trace.depth or not isinstance(input, Tensor):
            return original(input)
        return Tensor._make(trace.call(step, (input._data,), {}))
    return forward


def _tuple(value, n):
    return list(value) if isinstance(value, (tuple, list)) else [value] * n


def convert(graph, step, x, source, names):
    """Write ``step``'s module as ONNX nodes reading ``x``; returns the output's name.
    ``names`` maps id(parameter or buffer) to its initializer's name."""
    module = step.module
    kind = type(module).__name__
    n = source.ndim - 2
    if kind in _CONVOLUTIONS:
        return _conv(graph, module, kind, x, n, names)
    if kind in _MAX_POOLS or kind in _AVG_POOLS:
        return _pool(graph, module, kind, x, n)
    if kind in _BATCH_NORMS:
        return _batch_norm(graph, module, kind, x, source, names)
    if kind == "Flatten":
        start, end = module.start_dim % source.ndim, module.end_dim % source.ndim
        if start == 1 and end == source.ndim - 1:
            return graph.node("Flatten", [x], axis=1)
        shape = [0] * start + [-1] + list(source.shape[end + 1:])
        return graph.node("Reshape", [x, graph.constant(shape, np.int64)])
    if module.training and module.p > 0:
        raise graph.unsupported("Dropout in training mode")
    return graph.node("Identity", [x])


def _conv(graph, module, kind, x, n, names):
    if module.padding_mode != "zeros":
        raise graph.unsupported(f"{kind} with padding_mode={module.padding_mode!r}")
    kernel = _tuple(module.kernel_size, n)
    dilation = _tuple(module.dilation, n)
    if module.padding == "valid":
        begin = end = [0] * n
    elif module.padding == "same":
        total = [d * (k - 1) for d, k in zip(dilation, kernel)]
        begin = [t // 2 for t in total]
        end = [t - b for t, b in zip(total, begin)]
    else:
        begin = end = _tuple(module.padding, n)
    inputs = [x, names[id(module.weight)]]
    if module.bias is not None:
        inputs.append(names[id(module.bias)])
    return graph.node("Conv", inputs, kernel_shape=kernel, strides=_tuple(module.stride, n),
                      dilations=dilation, pads=list(begin) + list(end), group=module.groups)


def _pool(graph, module, kind, x, n):
    kernel = _tuple(module.kernel_size, n)
    stride = _tuple(module.stride if module.stride is not None else module.kernel_size, n)
    pads = _tuple(module.padding, n) * 2
    if kind in _MAX_POOLS:
        if module.return_indices:
            raise graph.unsupported(f"{kind} with return_indices=True")
        return graph.node("MaxPool", [x], kernel_shape=kernel, strides=stride, pads=pads,
                          dilations=_tuple(module.dilation, n), ceil_mode=int(module.ceil_mode))
    if getattr(module, "divisor_override", None) is not None:
        raise graph.unsupported(f"{kind} with divisor_override")
    return graph.node("AveragePool", [x], kernel_shape=kernel, strides=stride, pads=pads,
                      ceil_mode=int(module.ceil_mode),
                      count_include_pad=int(module.count_include_pad))


def _batch_norm(graph, module, kind, x, source, names):
    if module.training or module.running_mean is None:
        raise graph.unsupported(f"{kind} in training mode (or without running statistics)")
    channels = source.shape[1]
    dtype = source.dtype
    scale = names[id(module.weight)] if module.weight is not None else \
        graph.constant(np.ones(channels, dtype))
    bias = names[id(module.bias)] if module.bias is not None else \
        graph.constant(np.zeros(channels, dtype))
    return graph.node("BatchNormalization", [x, scale, bias, names[id(module.running_mean)],
                                             names[id(module.running_var)]],
                      epsilon=float(module.eps))
