"""Recorded NumPy calls -> ONNX nodes (see ``ember.onnx``)."""
from __future__ import annotations

import inspect

import numpy as np

from .._compile.capture import (
    _WRITING_METHODS,
    Const,
    MethodCall,
    Slot,
    Trace,
    _expect_false,
    _expect_true,
    _raw,
    _transpose_property,
    capturing,
)
from .._tensor import Tensor
from ..autograd import grad_mode
from ..export import _check_on_cpu
from . import _modules
from ._modules import ModuleStep, exported_whole
from .errors import OnnxExporterError, UnsupportedOperatorError

# ufunc name -> ONNX op for elementwise calls (same number of inputs).
_ELEMENTWISE = {"add": "Add", "subtract": "Sub", "multiply": "Mul", "true_divide": "Div",
                "divide": "Div", "maximum": "Max", "minimum": "Min", "matmul": "MatMul",
                "exp": "Exp", "log": "Log", "tanh": "Tanh", "sqrt": "Sqrt", "negative": "Neg",
                "power": "Pow", "reciprocal": "Reciprocal", "absolute": "Abs", "sin": "Sin",
                "cos": "Cos", "greater": "Greater", "less": "Less", "equal": "Equal",
                "erf": "Erf", "expit": "Sigmoid", "floor": "Floor", "ceil": "Ceil",
                "sign": "Sign", "logical_not": "Not", "greater_equal": "GreaterOrEqual",
                "less_equal": "LessOrEqual", "logical_and": "And", "logical_or": "Or"}
_REDUCE = {"add": "ReduceSum", "maximum": "ReduceMax", "minimum": "ReduceMin",
           "multiply": "ReduceProd"}
_METHOD_REDUCE = {"sum": "ReduceSum", "mean": "ReduceMean", "max": "ReduceMax",
                  "min": "ReduceMin", "prod": "ReduceProd"}
_METHOD_REDUCE.update(amax="ReduceMax", amin="ReduceMin")
_INPLACE = {"__iadd__": "Add", "__isub__": "Sub", "__imul__": "Mul", "__itruediv__": "Div"}
_UNARY_METHODS = {"__neg__": "Neg", "__abs__": "Abs", "__pos__": "Identity",
                  "__invert__": "Not"}
_TO_THE_END = np.iinfo(np.int64).max
_CONSTRUCTORS = {"zeros", "ones", "full", "eye", "arange", "identity", "tri", "linspace"}


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ImportError("ember.onnx.export needs the onnx package: pip install onnx "
                          "onnxruntime (or pip install -e \".[onnx]\")") from None
    return onnx


def _name_of(fn):
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, np.ufunc):
        return owner.__name__, fn.__name__
    if type(fn) is MethodCall:
        return fn.name, "method"
    return getattr(fn, "__name__", repr(fn)), "function"


class _Graph:
    def __init__(self, onnx, trace, opset):
        self.onnx = onnx
        self.helper = onnx.helper
        self.trace = trace
        self.opset = opset
        self.nodes = []
        self.initializers = []
        self.names = {}
        self.count = 0
        self.rebind = []
        self.params = {}  # id(parameter or buffer) -> its initializer's name

    def fresh(self, hint="v"):
        self.count += 1
        return f"{hint}_{self.count}"

    def constant(self, value, dtype=None):
        array = np.asarray(value, dtype=dtype)
        name = self.fresh("const")
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, outputs=None, **attrs):
        outputs = outputs or [self.fresh(op.lower())]
        self.nodes.append(self.helper.make_node(op, inputs, outputs, **attrs))
        return outputs[0]

    def value(self, spec, like_dtype=None):
        """The ONNX name of an argument: a slot's value or a constant."""
        if isinstance(spec, Slot):
            return self.names[spec.index]
        value = spec.value if isinstance(spec, Const) else spec
        if isinstance(value, (np.ndarray, bool, int, float, np.generic)):
            return self.constant(value, like_dtype)
        raise self.unsupported(f"a constant of type {type(value).__name__}")

    def unsupported(self, name):
        return UnsupportedOperatorError(name, self.opset, None)

    def dtype_of(self, slot_spec):
        return self.trace.arrays[slot_spec.index].dtype


# A NumPy ufunc method ember's ops call, by the name of the op the user called (the error of an
# op without an ONNX mapping names that op, as torch's does).
_OP_NAMES = {"add.accumulate": "cumsum", "multiply.accumulate": "cumprod",
             "maximum.accumulate": "cummax", "minimum.accumulate": "cummin",
             "logaddexp.accumulate": "logcumsumexp"}


def _axes(graph, axis, ndim):
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple) else (axis,)
    return graph.constant([a % ndim for a in axes], np.int64)


def _convert_step(graph, step):
    fn, arg_specs, kw_specs, out_spec = step
    if fn in (_expect_true, _expect_false):
        return
    if type(fn) is ModuleStep:
        source = graph.trace.arrays[arg_specs[0].index]
        graph.names[out_spec.index] = _modules.convert(graph, fn, graph.value(arg_specs[0]),
                                                       source, graph.params)
        return
    name, kind = _name_of(fn)
    if not isinstance(out_spec, Slot):
        raise graph.unsupported(name)
    result = graph.trace.arrays[out_spec.index]
    out = graph.fresh(name)
    target = kw_specs.get("out")
    if isinstance(target, tuple) and len(target) == 1:
        target = target[0]
    if isinstance(target, Slot) and graph.trace.kinds[target.index] == "step":
        # ufunc(..., out=intermediate): a new value that later uses of the target read.
        kw_specs = {k: v for k, v in kw_specs.items() if k != "out"}
        graph.rebind.append(target.index)
    kwargs = {k: (v.value if isinstance(v, Const) else v) for k, v in kw_specs.items()}
    if any(isinstance(v, (Slot, tuple)) for v in kw_specs.values()) or \
            kwargs.get("out") is not None:
        raise graph.unsupported(f"{name} with out= or array keywords")
    slots = [a for a in arg_specs if isinstance(a, Slot)]
    if not slots and (name in _CONSTRUCTORS or kind == "function" and name in _CONSTRUCTORS):
        graph.names[out_spec.index] = graph.constant(_raw(result))
        return
    if kind == "__call__" and name in _ELEMENTWISE and not kwargs.get("dtype"):
        like = result.dtype if name not in ("greater", "less", "equal", "greater_equal",
                                            "less_equal") else \
            next(graph.dtype_of(s) for s in slots)
        inputs = [graph.value(a, like) for a in arg_specs]
        graph.node(_ELEMENTWISE[name], inputs, [out])
    elif name == "einsum" and kind == "function" and isinstance(arg_specs[0], Const):
        # Row sums (layer_norm's statistics): ONNX's Einsum takes the same subscripts.
        graph.node("Einsum", [graph.value(a) for a in arg_specs[1:]], [out],
                   equation=arg_specs[0].value)
    elif kind == "__call__" and name == "square":
        x = graph.value(arg_specs[0])
        graph.node("Mul", [x, x], [out])
    elif kind == "reduce" and name in _REDUCE:
        source = graph.trace.arrays[arg_specs[0].index]
        axis = kwargs.get("axis", 0 if len(arg_specs) < 2 else arg_specs[1].value)
        axes = _axes(graph, axis, source.ndim)
        inputs = [graph.value(arg_specs[0])] + ([axes] if axes is not None else [])
        graph.node(_REDUCE[name], inputs, [out], keepdims=int(bool(kwargs.get("keepdims"))))
    elif kind == "method" and name in _INPLACE and \
            graph.trace.kinds[arg_specs[0].index] == "step":
        # In-place arithmetic on an intermediate (softmax's e /= sum): a new value that
        # later uses of the target read.
        inputs = [graph.value(a, result.dtype) for a in arg_specs]
        graph.node(_INPLACE[name], inputs, [out])
        graph.names[arg_specs[0].index] = out
    elif kind in ("method", "function") and name in _METHOD_REDUCE:
        source = graph.trace.arrays[arg_specs[0].index]
        axis = kwargs.get("axis", arg_specs[1].value if len(arg_specs) > 1 else None)
        axes = _axes(graph, axis, source.ndim)
        inputs = [graph.value(arg_specs[0])] + ([axes] if axes is not None else [])
        graph.node(_METHOD_REDUCE[name], inputs, [out],
                   keepdims=int(bool(kwargs.get("keepdims"))))
    elif name in ("reshape", "ravel", "flatten", "squeeze") and kind in ("method", "function"):
        graph.node("Reshape", [graph.value(arg_specs[0]),
                               graph.constant(result.shape, np.int64)], [out])
    elif fn is _transpose_property or (name in ("transpose", "swapaxes")
                                       and kind in ("method", "function")):
        source = graph.trace.arrays[arg_specs[0].index]
        perm = _permutation(fn, name, arg_specs, kwargs, source.ndim)
        graph.node("Transpose", [graph.value(arg_specs[0])], [out], perm=perm)
    elif name == "astype" and kind == "method":
        to = graph.helper.np_dtype_to_tensor_dtype(result.dtype)
        graph.node("Cast", [graph.value(arg_specs[0])], [out], to=to)
    elif name in ("copy", "ascontiguousarray", "asarray", "array", "view", "__array__") and \
            result.dtype == graph.dtype_of(slots[0]):
        graph.node("Identity", [graph.value(slots[0])], [out])
    elif name == "__getitem__" and kind == "method":
        _getitem(graph, arg_specs, result, out)
    elif name == "where" and kind == "function" and len(arg_specs) == 3:
        cond = graph.value(arg_specs[0], np.bool_)
        inputs = [cond] + [graph.value(a, result.dtype) for a in arg_specs[1:]]
        graph.node("Where", inputs, [out])
    elif name == "concatenate" and kind == "function":
        axis = kwargs.get("axis", arg_specs[1].value if len(arg_specs) > 1 else 0)
        graph.node("Concat", [graph.value(a) for a in arg_specs[0]], [out],
                   axis=axis % result.ndim)
    elif name == "stack" and kind == "function":
        axis = kwargs.get("axis", arg_specs[1].value if len(arg_specs) > 1 else 0) % result.ndim
        axes = graph.constant([axis], np.int64)
        parts = [graph.node("Unsqueeze", [graph.value(a), axes]) for a in arg_specs[0]]
        graph.node("Concat", parts, [out], axis=axis)
    elif name == "broadcast_to" and kind == "function":
        graph.node("Expand", [graph.value(arg_specs[0]),
                              graph.constant(result.shape, np.int64)], [out])
    elif name == "take" and kind in ("function", "method") and len(arg_specs) >= 2:
        axis = kwargs.get("axis", arg_specs[2].value if len(arg_specs) > 2 else None)
        if axis is None:
            raise graph.unsupported("take without axis")
        graph.node("Gather", [graph.value(arg_specs[0]), graph.value(arg_specs[1])], [out],
                   axis=axis)
    elif kind == "method" and name in _UNARY_METHODS:
        graph.node(_UNARY_METHODS[name], [graph.value(arg_specs[0])], [out])
    else:
        raise graph.unsupported(name if kind in ("function", "method", "__call__")
                                else _OP_NAMES.get(f"{name}.{kind}", f"{name}.{kind}"))
    graph.names[out_spec.index] = out
    while graph.rebind:
        graph.names[graph.rebind.pop()] = out


def _permutation(fn, name, arg_specs, kwargs, ndim):
    if fn is _transpose_property:
        return list(range(ndim))[::-1]
    extra = [a.value for a in arg_specs[1:]]
    if name == "swapaxes":
        a, b = (e % ndim for e in extra[:2])
        perm = list(range(ndim))
        perm[a], perm[b] = perm[b], perm[a]
        return perm
    axes = kwargs.get("axes", extra[0] if len(extra) == 1 else (extra or None))
    if axes is None:
        return list(range(ndim))[::-1]
    return [a % ndim for a in axes]


def _getitem(graph, arg_specs, result, out):
    """Basic indexing (ints, slices, ..., None) as Slice then Reshape to the result's shape."""
    source = graph.trace.arrays[arg_specs[0].index]
    key = arg_specs[1]
    key = key if isinstance(key, tuple) else (key,)
    items = []
    for k in key:
        if isinstance(k, Slot):
            index = graph.value(k)
            if len(key) == 1 and graph.dtype_of(k).kind in "iu":
                graph.node("Gather", [graph.value(arg_specs[0]), index], [out], axis=0)
                return
            raise graph.unsupported("__getitem__ with a tensor index")
        items.append(k.value if isinstance(k, Const) else k)
    if Ellipsis in items:
        at = items.index(Ellipsis)
        used = sum(1 for k in items if k is not None and k is not Ellipsis)
        items[at:at + 1] = [slice(None)] * (source.ndim - used)
    starts, ends, axes, steps = [], [], [], []
    dim = 0
    for k in items:
        if k is None:
            continue
        if isinstance(k, (int, np.integer)):
            start = int(k) % source.shape[dim]
            starts.append(start), ends.append(start + 1), axes.append(dim), steps.append(1)
        elif isinstance(k, slice):
            start, stop, step = k.indices(source.shape[dim])
            if (start, stop, step) != (0, source.shape[dim], 1):
                if step < 0 and stop < 0:
                    stop = -source.shape[dim] - 1
                elif step > 0 and stop == source.shape[dim]:
                    stop = _TO_THE_END  # the same node at every length of the axis
                starts.append(start), ends.append(stop), axes.append(dim), steps.append(step)
        else:
            raise graph.unsupported(f"__getitem__ with {type(k).__name__}")
        dim += 1
    value = graph.value(arg_specs[0])
    if axes:
        value = graph.node("Slice", [value, graph.constant(starts, np.int64),
                                     graph.constant(ends, np.int64),
                                     graph.constant(axes, np.int64),
                                     graph.constant(steps, np.int64)])
    graph.node("Reshape", [value, graph.constant(result.shape, np.int64)], [out])


def _trace(model, args, kwargs, named):
    """Run the model once under the capture; (trace, outputs)."""
    trace = Trace()
    trace.splits = False  # one graph: a Python value read from a tensor cannot be exported
    inputs = list(args) + list(kwargs.values())
    _check_on_cpu("ember.onnx.export", [x for x in inputs if isinstance(x, Tensor)] +
                  [t for _, t in named])
    proxies = [Tensor._make(trace.new_slot(x._data, "input")) for x in inputs]
    originals = [t._data for _, t in named]
    for _, t in named:
        t._data = trace.new_slot(t._data, "param")
    try:
        with grad_mode.no_grad(), capturing(trace), exported_whole(model):
            result = model(*proxies[:len(args)], **dict(zip(kwargs, proxies[len(args):])))
    finally:
        for (_, t), data in zip(named, originals):
            t._data = data
    if trace.breaks:
        raise OnnxExporterError("the model cannot be exported as one graph: "
                                + "; ".join(dict.fromkeys(trace.breaks)))
    outs = []
    _flatten_outputs(result, outs)
    if not all(isinstance(o, Tensor) for o in outs):
        raise OnnxExporterError("the model's outputs must be tensors")
    return trace, outs


def _convert(onnx, trace, outs, input_names, output_names, named, opset):
    """The ONNX nodes and initializers of a trace (outputs bound to ``output_names``)."""
    graph = _Graph(onnx, trace, opset)
    for i, name in enumerate(input_names):
        graph.names[i] = name
    for index, (name, t) in enumerate(named, start=len(input_names)):
        graph.names[index] = name
        graph.params[id(t)] = name
        graph.initializers.append(onnx.numpy_helper.from_array(np.ascontiguousarray(
            _raw(t._data)), name))
    for step in _live_steps(trace.steps, [trace.slot_of.get(id(o._data)) for o in outs]):
        _convert_step(graph, step)
    for o, name in zip(outs, output_names):
        slot = trace.slot_of.get(id(o._data))
        if slot is None:
            raise OnnxExporterError("an output is not computed from the inputs")
        graph.node("Identity", [graph.names[slot]], [name])
    return graph


def _on_host(model, args, kwargs):
    """A module on a device is recorded from a host copy of it, with host copies of its inputs:
    an ONNX file holds no device (torch's exporter writes the same graph from a CUDA module),
    and the capture that records the graph reads host arrays."""
    from ..nn.modules.module import Module
    tensors = [*args, *kwargs.values()]
    if isinstance(model, Module):
        tensors += [*model.parameters(), *model.buffers()]
    if all(t._device.type == "cpu" for t in tensors):
        return model, args, kwargs
    import copy
    if isinstance(model, Module):
        model = copy.deepcopy(model).cpu()
    return (model, tuple(a.cpu() for a in args), {k: v.cpu() for k, v in kwargs.items()})


def _default_device_of(args, kwargs):
    """The CPU as the default device while a host copy is recorded (``_on_host``), so tensors
    its forward makes without a device join its host inputs."""
    import contextlib

    from .._device import device
    if all(a._device.type == "cpu" for a in (*args, *kwargs.values())):
        return device("cpu")
    return contextlib.nullcontext()


def export_model(model, args, f, *, kwargs, input_names, output_names, opset_version,
                 dynamic_axes, keep_initializers_as_inputs):
    onnx = _onnx()
    from ..nn.modules.module import Module
    args = args if isinstance(args, tuple) else (args,)
    kwargs = kwargs or {}
    if not all(isinstance(a, Tensor) for a in (*args, *kwargs.values())):
        raise OnnxExporterError("ember.onnx.export takes tensors as the model's inputs")
    model, args, kwargs = _on_host(model, args, kwargs)
    named = []
    if isinstance(model, Module):
        seen = set()
        for name, t in list(model.named_parameters()) + list(model.named_buffers()):
            if id(t) not in seen:
                seen.add(id(t))
                named.append((name, t))
    inputs = list(args) + list(kwargs.values())
    with _default_device_of(args, kwargs):
        trace, outs = _trace(model, args, kwargs, named)
    if input_names is None:
        forward = model.forward if isinstance(model, Module) else model
        try:
            params = [p for p in inspect.signature(forward).parameters if p != "self"]
        except (TypeError, ValueError):
            params = []
        input_names = (params + [f"input_{i}" for i in range(len(inputs))])[:len(inputs)] \
            if len(params) >= len(args) else [f"input_{i}" for i in range(len(inputs))]
        input_names[len(args):] = list(kwargs)
    input_names = list(input_names)
    output_names = list(output_names or [f"output_{i}" for i in range(len(outs))])
    dynamic_axes = {name: _labels(name, axes) for name, axes in (dynamic_axes or {}).items()}
    graph = _convert(onnx, trace, outs, input_names, output_names, named, opset_version)
    dynamic_inputs = {i: dynamic_axes[n] for i, n in enumerate(input_names) if n in dynamic_axes}
    if dynamic_inputs:
        # The shapes baked into the graph (reshape targets) are found by tracing again with
        # the dynamic axes one longer and comparing.
        grown = [_grown(x, dynamic_inputs.get(i, {})) for i, x in enumerate(inputs)]
        with _default_device_of(args, kwargs):
            trace2, outs2 = _trace(model, tuple(grown[:len(args)]),
                                   dict(zip(kwargs, grown[len(args):])), named)
        sizes = [(input_names[i], axis, inputs[i].shape[axis])
                 for i, labels in dynamic_inputs.items() for axis in labels]
        _generalise(graph, _convert(onnx, trace2, outs2, input_names, output_names, named,
                                    opset_version), sizes)
    used = {name for node in graph.nodes for name in node.input}
    graph.initializers = [i for i in graph.initializers if i.name in used]  # num_batches_tracked
    output_values = [_value_info(onnx, name, o._data, dynamic_axes.get(name))
                     for o, name in zip(outs, output_names)]
    input_values = [_value_info(onnx, name, x._data, dynamic_axes.get(name))
                    for name, x in zip(input_names, inputs)]
    if keep_initializers_as_inputs:
        input_values += [onnx.helper.make_tensor_value_info(
            init.name, init.data_type, list(init.dims)) for init in graph.initializers]
    model_graph = onnx.helper.make_graph(graph.nodes, type(model).__name__, input_values,
                                         output_values, graph.initializers)
    proto = onnx.helper.make_model(model_graph, producer_name="ember",
                                   opset_imports=[onnx.helper.make_opsetid("", opset_version)])
    onnx.checker.check_model(proto)
    if f is not None:
        if hasattr(f, "write"):
            f.write(proto.SerializeToString())
        else:
            onnx.save(proto, f)
    return proto


def _labels(name, axes):
    return dict(axes) if isinstance(axes, dict) else {a: f"{name}_dim_{a}" for a in axes}


def _grown(x, axes):
    data = _raw(x._data)
    for axis in axes:
        data = np.concatenate([data, np.take(data, [0], axis=axis)], axis=axis)
    return Tensor._make(data)


def _generalise(graph, other, sizes):
    """Make ``graph`` hold at every size of its dynamic axes, given ``other``, the same model
    traced with those axes one longer. A reshape target that differs in one place gets -1
    there; a constant filled with one value whose shape follows the axes (an LSTM's initial
    state) is made at run time from the inputs' shapes (``sizes``: (input, axis, length) of
    each dynamic axis); any other constant that differs is a shape the graph cannot leave
    open, and export says so."""
    onnx = graph.onnx
    if [n.op_type for n in graph.nodes] != [n.op_type for n in other.nodes]:
        raise OnnxExporterError("dynamic_axes: the model runs other operators when a dynamic "
                                "axis changes length")
    constants = {init.name: i for i, init in enumerate(graph.initializers)}
    others = {init.name: init for init in other.initializers}
    body, graph.nodes = graph.nodes, []  # nodes made here go first: they read only inputs
    made = {}
    for node, twin in zip(body, other.nodes):
        for position, (name, twin_name) in enumerate(zip(node.input, twin.input)):
            if name in made:
                node.input[position] = made[name]
            if name not in constants or twin_name not in others:
                continue
            value = onnx.numpy_helper.to_array(graph.initializers[constants[name]])
            value2 = onnx.numpy_helper.to_array(others[twin_name])
            if value.shape == value2.shape and np.array_equal(value, value2):
                continue
            differ = np.flatnonzero(value != value2) if value.shape == value2.shape else ()
            if node.op_type == "Reshape" and position == 1 and len(differ) == 1:
                general = value.copy()
                general[differ[0]] = -1
                graph.initializers[constants[name]] = onnx.numpy_helper.from_array(general,
                                                                                   name)
                continue
            made[name] = _filled_like(graph, value, value2, sizes)
            if made[name] is None:
                raise OnnxExporterError(
                    f"dynamic_axes: the {node.op_type} node's input {position} is a constant "
                    f"that depends on a dynamic axis (shape {list(value.shape)} at the "
                    "example's size); export with fixed shapes instead")
            node.input[position] = made[name]
    graph.nodes += body


def _filled_like(graph, value, value2, sizes):
    """The name of a ConstantOfShape node making ``value`` at any length of the dynamic axes,
    or None when ``value`` is not one value repeated along them."""
    if value.ndim != value2.ndim or not value.size or not value2.size:
        return None
    fill = value.reshape(-1)[:1]
    if not (np.array_equal(value, np.broadcast_to(fill, value.shape))
            and np.array_equal(value2, np.broadcast_to(fill, value2.shape))):
        return None
    parts = []
    for length, length2 in zip(value.shape, value2.shape):
        if length == length2:
            parts.append(graph.constant([length], np.int64))
            continue
        source = next(((name, axis) for name, axis, size in sizes
                       if size == length and length2 == length + 1), None)
        if source is None:
            return None
        shape = graph.node("Shape", [source[0]])
        parts.append(graph.node("Gather", [shape, graph.constant([source[1]], np.int64)]))
    shape = graph.node("Concat", parts, axis=0)
    return graph.node("ConstantOfShape", [shape],
                      value=graph.onnx.numpy_helper.from_array(fill.copy(), "fill"))


def _live_steps(steps, outputs):
    """The steps an output depends on: the forward's checks and what only they read go."""
    from .._compile.plan import slots_made, slots_used
    live = {o for o in outputs if o is not None}
    kept = []
    for step in reversed(steps):
        made = slots_made([step])
        writes = step[2].get("out")
        targets = {s.index for s in (writes if isinstance(writes, tuple) else (writes,))
                   if isinstance(s, Slot)}
        if step[0] in (_expect_true, _expect_false):
            continue
        writes_in_place = step[3] is None or (type(step[0]) is MethodCall
                                              and step[0].name in _WRITING_METHODS)
        if not writes_in_place and not (made | targets) & live:
            continue
        kept.append(step)
        live |= slots_used([step])
    return kept[::-1]


def _flatten_outputs(value, outs):
    if isinstance(value, (tuple, list)):
        for v in value:
            _flatten_outputs(v, outs)
    else:
        outs.append(value)


def _value_info(onnx, name, array, labels):
    shape = list(array.shape)
    for axis, label in (labels or {}).items():
        shape[axis] = label
    return onnx.helper.make_tensor_value_info(
        name, onnx.helper.np_dtype_to_tensor_dtype(array.dtype), shape)
