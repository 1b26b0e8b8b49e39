"""``grad_fn._saved_<name>``: what torch's nodes show of the values they saved.

torch's generated nodes expose each saved value as an attribute (``MulBackward0._saved_self``,
``SumBackward1._saved_dim``, ``MmBackward0._saved_mat2_sym_strides``...), which graph-drawing
tools (torchviz) and tutorials read. ember's nodes keep the same values in their own layout (the
saved tensors in ``_saved``, options as attributes, the inputs' shapes in ``_input_meta``); the
table here says, per node name, where each of torch's attributes is found, so ``Node`` answers
them (and lists them in ``dir``) without storing anything more. A saved tensor read after
backward freed it raises torch's error.
"""
from __future__ import annotations

import math

import numpy as np


def _saved(position):
    """The tensor (or value) the node saved at ``position`` of ``_saved``."""
    def read(node):
        from .graph import FREED, FREED_MESSAGE, SavedTensor
        saved = node._saved
        if saved is FREED:
            raise RuntimeError(FREED_MESSAGE)
        if position >= len(saved):
            return None
        value = saved[position]
        if type(value) is SavedTensor:
            return value.unpack(node)
        if isinstance(value, (bool, int, float, complex)):
            import ember
            return ember.tensor(value)  # torch saves a wrapped number as a 0-d tensor
        return value
    read.position = position
    return read


class RawSavedTensor:
    """``grad_fn._raw_saved_<name>``: the slot of one saved tensor, which can take a pack/unpack
    hook pair of its own (``register_hooks``), as torch's ``SavedTensor`` can."""

    def __init__(self, node, position):
        self._node, self._position = node, position

    def _value(self):
        from .graph import FREED
        saved = self._node._saved
        if saved is FREED:
            return FREED
        return saved[self._position] if self._position < len(saved) else None

    def register_hooks(self, pack_hook, unpack_hook):
        """Pack the saved tensor now with ``pack_hook``; backward will read it back with
        ``unpack_hook`` (one pair per saved tensor)."""
        from .graph import _PACKED, FREED, SavedTensor, _packed
        if not callable(pack_hook) or not callable(unpack_hook):
            raise TypeError("register_hooks(): incompatible function arguments: pack_hook and "
                            "unpack_hook must be callables")
        value = self._value()
        if value is FREED:
            raise RuntimeError(
                "Calling register_hooks on a saved tensor after it has been freed. Saved "
                "intermediate values of the graph are freed when you call .backward() or "
                "autograd.grad(). Specify retain_graph=True if you need to backward through the "
                "graph a second time or if you need to access saved variables after calling "
                "backward.")
        if type(value) is not SavedTensor:
            raise RuntimeError("Calling register_hooks on a saved tensor with value None is "
                               "forbidden")
        if value.tensor is _PACKED:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already "
                               "been set. Hint: only one pair of hooks is allowed at a time.")
        node = self._node
        packed = _packed(SavedTensor, value.unpack(node), node, (pack_hook, unpack_hook))
        saved = list(node._saved)
        saved[self._position] = packed
        node._saved = tuple(saved)

    def unpack(self):
        """The saved tensor, as backward would read it."""
        return _saved(self._position)(self._node)

    @property
    def data(self):
        return self.unpack()

    @property
    def unpack_hook(self):
        value = self._value()
        return getattr(value, "unpack_hook", None) if value is not None else None

    def __repr__(self):
        return f"<ember._C._autograd.SavedTensor object at {hex(id(self))}>"


# what a program sees as type(grad_fn._raw_saved_self): torch's class name and module
RawSavedTensor.__name__ = RawSavedTensor.__qualname__ = "SavedTensor"
RawSavedTensor.__module__ = "ember._C._autograd"


def _attribute(name, default=None, convert=None):
    def read(node):
        value = node.__dict__.get(name, default)
        return convert(value) if convert is not None and value is not None else value
    return read


def _constant(value):
    return lambda node: value


def _input_sizes(position=0):
    """The shape (a tuple of ints) of the node's input ``position``."""
    def read(node):
        meta = node._input_meta[position]
        return tuple(int(size) for size in meta[0]) if meta is not None else None
    return read


def _input_numel(node):
    return math.prod(_input_sizes()(node))


def _tensor_sizes(position):
    def read(node):
        tensor = _saved(position)(node)
        return tuple(tensor.shape) if tensor is not None else None
    return read


def _tensor_strides(position):
    def read(node):
        tensor = _saved(position)(node)
        return tuple(tensor.stride()) if tensor is not None else None
    return read


def _ints(value):
    return tuple(int(v) for v in value) if isinstance(value, (tuple, list)) else int(value)


def _unsigned(value):
    """A dim as torch's node shows it: as given, a negative one read as unsigned 64-bit."""
    if isinstance(value, (tuple, list)):
        return tuple(_unsigned(v) for v in value)
    value = int(value)
    return value + 2 ** 64 if value < 0 else value


def _integral(value):
    return int(value) if float(value).is_integer() else value


def _array_tensor(name):
    def read(node):
        import ember
        value = node.__dict__.get(name)
        return ember.Tensor._make(value) if value is not None else None
    return read


def _key_part(node, kind):
    """The first basic index in a select/slice node's key: (dim, the int or slice)."""
    key = node.__dict__.get("index", ())
    key = key if isinstance(key, tuple) else (key,)
    for dim, part in enumerate(key):
        if isinstance(part, kind) and (kind is not slice or part != slice(None)):
            return dim, part
    return None, None


def _new_axis(node):
    """The output dim of the first None in an indexing node's key (``x[:, None]``: 1)."""
    key = node.__dict__.get("index", ())
    dim = 0
    for part in key if isinstance(key, tuple) else (key,):
        if part is None:
            return dim
        if not isinstance(part, (int, np.integer)):
            dim += 1
    return None


def _select(field):
    def read(node):
        dim, index = _key_part(node, (int, np.integer))
        return int(dim if field == "dim" else index) if dim is not None else None
    return read


_LONG_MAX = 2 ** 63 - 1


def _slice(field):
    def read(node):
        dim, part = _key_part(node, slice)
        if dim is None:
            return None
        return {"dim": dim, "start": 0 if part.start is None else part.start,
                "end": _LONG_MAX if part.stop is None else part.stop,
                "step": 1 if part.step is None else part.step}[field]
    return read


def _indices(node):
    import ember
    key = node.__dict__.get("index", ())
    key = key if isinstance(key, tuple) else (key,)
    # an index array is kept as the node's own array (host or device): shown as a tensor of it
    return tuple(ember.Tensor._make(part._data if isinstance(part, ember.Tensor) else part)
                 if isinstance(part, np.ndarray)
                 or hasattr(part, "__array__") and not isinstance(part, (int, slice))
                 else None for part in key)


_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}


def _convolution(field):
    """A convolution node's option as torch's ConvolutionBackward0 shows it, from its
    geometry (``geo``, of the forward convolution a transposed one is the transpose of)."""
    def read(node):
        geo = node.__dict__.get("geo")
        if geo is None:
            return None
        padding = tuple(int(lo) for lo, _ in geo.pads)
        transposed = bool(node.__dict__.get("kind"))
        if field == "stride":
            return tuple(int(s) for s in geo.stride)
        if field == "padding":
            return padding
        if field == "dilation":
            return tuple(int(d) for d in geo.dilation)
        if field == "groups":
            return int(geo.groups)
        if field == "transposed":
            return transposed
        if field == "output_padding":
            if not transposed:
                return (0,) * len(padding)
            return tuple(int(size - ((n - 1) * s - 2 * p + d * (k - 1) + 1)) for size, n, s, p, d, k
                         in zip(geo.in_size, geo.out_size, geo.stride, padding, geo.dilation,
                                geo.kernel))
        # bias_sym_sizes_opt: (out_channels,) with a bias, (0,) without
        if not node.__dict__.get("has_bias"):
            return (0,)
        weight = node.__dict__.get("weight_shape")
        return (int(weight[1] * geo.groups if transposed else weight[0]),)
    return read

_SELF = {"_saved_self": _saved(0)}
_RESULT = {"_saved_result": _saved(0)}
_SIZES = {"_saved_self_sym_sizes": _input_sizes()}
_ALPHA = {"_saved_alpha": _attribute("alpha", 1)}

FIELDS = {
    "AddBackward0": _ALPHA, "SubBackward0": _ALPHA,
    "MulBackward0": {"_saved_self": _saved(0), "_saved_other": _saved(1)},
    "DivBackward0": {"_saved_self": _saved(0), "_saved_other": _saved(1)},
    "PowBackward0": {"_saved_self": _saved(0), "_saved_exponent": _attribute("exponent")},
    "PowBackward1": {"_saved_self": _saved(0), "_saved_exponent": _saved(1),
                     "_saved_result": _saved(2)},
    "PowBackward2": {"_saved_self": _attribute("base"), "_saved_exponent": _saved(0),
                     "_saved_result": _saved(1)},
    **{name: _RESULT for name in ("ExpBackward0", "TanhBackward0", "SigmoidBackward0",
                                  "ReluBackward0", "SqrtBackward0", "RsqrtBackward0")},
    **{name: _SELF for name in (
        "LogBackward0", "SinBackward0", "CosBackward0", "AbsBackward0", "Log2Backward0",
        "Log1PBackward0", "ErfBackward0", "AcosBackward0", "SinhBackward0", "DigammaBackward0",
        "LgammaBackward0", "I0Backward0", "SincBackward0", "SpecialEntrBackward0",
        "NanToNumBackward0", "AngleBackward0", "SiluBackward0", "MishBackward0",
        "HardsigmoidBackward0", "HardswishBackward0")},
    **{name: _RESULT for name in ("Exp2Backward0", "Expm1Backward0", "ReciprocalBackward0")},
    **{name: {"_saved_self": _saved(0), "_saved_other": _saved(1)} for name in (
        "Atan2Backward0", "XlogyBackward0", "LogaddexpBackward0", "MaximumBackward0",
        "MinimumBackward0")},
    "HypotBackward0": {"_saved_self": _saved(0), "_saved_other": _saved(1),
                       "_saved_result": _saved(2)},
    "MvBackward0": {"_saved_self": _saved(0), "_saved_vec": _saved(1)},
    "AddcmulBackward0": {"_saved_tensor1": _saved(0), "_saved_tensor2": _saved(1),
                         "_saved_value": _attribute("value", 1)},
    "AddcdivBackward0": {"_saved_tensor1": _saved(0), "_saved_tensor2": _saved(1),
                         "_saved_value": _attribute("value", 1)},
    "BaddbmmBackward0": {"_saved_alpha": _attribute("alpha", 1),
                         "_saved_beta": _attribute("beta", 1),
                         "_saved_batch1": _saved(0), "_saved_batch2": _saved(1)},
    "MulBackward1": {"_saved_other": _attribute("factor")},
    "DivBackward1": {"_saved_other": _attribute("divisor")},
    "CumsumBackward0": {"_saved_dim": _attribute("dim")},
    "CumprodBackward0": {"_saved_dim": _attribute("dim"), "_saved_self": _saved(0),
                         "_saved_result": _saved(1)},
    "FlipBackward0": {"_saved_dims": _attribute("dims", convert=_ints)},
    "TrilBackward0": {"_saved_diagonal": _attribute("diagonal")},
    "TriuBackward0": {"_saved_diagonal": _attribute("diagonal")},
    "StackBackward0": {"_saved_dim": _attribute("dim")},
    "UnbindBackward0": {"_saved_dim": _attribute("dim")},
    "PixelShuffleBackward0": {"_saved_upscale_factor": _attribute("factor")},
    "DiagonalBackward0": {"_saved_offset": _attribute("offset"), "_saved_dim1": _attribute("dim1"),
                          "_saved_dim2": _attribute("dim2"), **_SIZES},
    "TraceBackward0": _SIZES,
    "GluBackward0": {"_saved_dim": _attribute("dim"), "_saved_self": _saved(0)},
    "HardtanhBackward0": {"_saved_min_val": _attribute("min_val"),
                          "_saved_max_val": _attribute("max_val"), "_saved_self": _saved(0)},
    # (elu's scale and input_scale are torch's int 1 unless selu's constants)
    "EluBackward0": {"_saved_alpha": _attribute("alpha"),
                     "_saved_scale": _attribute("scale", convert=_integral),
                     "_saved_input_scale": _attribute("input_scale", convert=_integral),
                     "_saved_self": _saved(0)},
    "CeluBackward0": {"_saved_alpha": _attribute("alpha"), "_saved_self": _saved(0)},
    "SoftplusBackward0": {"_saved_beta": _attribute("beta"),
                          "_saved_threshold": _attribute("threshold"), "_saved_self": _saved(0)},
    "ThresholdBackward0": {"_saved_threshold": _attribute("threshold"),
                           "_saved_self": _saved(0)},
    "AmaxBackward0": {"_saved_dim": _attribute("dims", convert=_ints),
                      "_saved_keepdim": _attribute("keepdim", False), "_saved_self": _saved(0),
                      "_saved_result": _saved(1)},
    "LogsumexpBackward0": {"_saved_dim": _attribute("dims", convert=_ints),
                           "_saved_keepdim": _attribute("keepdim", False),
                           "_saved_self": _saved(0), "_saved_result": _saved(1)},
    "ProdBackward1": {"_saved_dim": _attribute("dims", convert=lambda dims: int(dims[0])),
                      "_saved_keepdim": _attribute("keepdim", False), "_saved_self": _saved(0),
                      "_saved_result": _saved(1)},
    "SmoothL1LossBackward0": {"_saved_beta": _attribute("beta"),
                              "_saved_reduction": _attribute("reduction", "mean",
                                                             convert=_REDUCTIONS.get),
                              "_saved_self": _saved(0), "_saved_target": _saved(1)},
    "HuberLossBackward0": {"_saved_delta": _attribute("delta"),
                           "_saved_reduction": _attribute("reduction", "mean",
                                                          convert=_REDUCTIONS.get),
                           "_saved_self": _saved(0), "_saved_target": _saved(1)},
    "SumBackward0": _SIZES,
    "SumBackward1": {"_saved_dim": _attribute("dims", convert=_ints),
                     "_saved_keepdim": _attribute("keepdim", False), **_SIZES},
    "MeanBackward0": {"_saved_self_sym_numel": _input_numel, **_SIZES},
    "MeanBackward1": {"_saved_dim": _attribute("dims", convert=_ints),
                      "_saved_keepdim": _attribute("keepdim", False),
                      "_saved_self_sym_numel": _input_numel, **_SIZES},
    "MmBackward0": {"_saved_self": _saved(0), "_saved_mat2": _saved(1),
                    "_saved_self_sym_sizes": _tensor_sizes(0),
                    "_saved_self_sym_strides": _tensor_strides(0),
                    "_saved_mat2_sym_sizes": _tensor_sizes(1),
                    "_saved_mat2_sym_strides": _tensor_strides(1)},
    "AddmmBackward0": {"_saved_alpha": _attribute("alpha", 1),
                       "_saved_beta": _attribute("beta", 1),
                       "_saved_mat1": _saved(0), "_saved_mat2": _saved(1),
                       "_saved_mat1_sym_sizes": _tensor_sizes(0),
                       "_saved_mat1_sym_strides": _tensor_strides(0),
                       "_saved_mat2_sym_sizes": _tensor_sizes(1),
                       "_saved_mat2_sym_strides": _tensor_strides(1)},
    "ViewBackward0": _SIZES, "ExpandBackward0": _SIZES, "SqueezeBackward0": _SIZES,
    "SqueezeBackward1": {"_saved_dim": _attribute("dim", convert=_unsigned), **_SIZES},
    "SqueezeBackward2": {"_saved_dim": _attribute("dim", convert=_unsigned), **_SIZES},
    "TransposeBackward0": {"_saved_dim0": _attribute("dim0"), "_saved_dim1": _attribute("dim1")},
    "PermuteBackward0": {"_saved_dims": _attribute("dims", convert=_ints)},
    "UnsqueezeBackward0": {"_saved_dim": lambda node: node.__dict__["dim"]
                           if "dim" in node.__dict__ else _new_axis(node)},
    "SelectBackward0": {"_saved_dim": _select("dim"), "_saved_index": _select("index"),
                        **_SIZES},
    "SliceBackward0": {"_saved_dim": _slice("dim"), "_saved_start": _slice("start"),
                       "_saved_end": _slice("end"), "_saved_step": _slice("step"), **_SIZES},
    "IndexBackward0": {"_saved_indices": _indices, **_SIZES},
    "CatBackward0": {"_saved_dim": _attribute("dim")},
    "ConvolutionBackward0": {"_saved_input": _saved(0), "_saved_weight": _saved(1),
                             **{f"_saved_{field}": _convolution(field) for field in (
                                 "stride", "padding", "dilation", "groups", "transposed",
                                 "output_padding", "bias_sym_sizes_opt")}},
    "SoftmaxBackward0": {"_saved_dim": _attribute("dim"), "_saved_result": _saved(0)},
    "LogSoftmaxBackward0": {"_saved_dim": _attribute("dim"), "_saved_result": _saved(0)},
    "GeluBackward0": {"_saved_approximate": _attribute("approximate", "none"),
                      "_saved_self": _saved(0)},
    "LeakyReluBackward0": {"_saved_negative_slope": _attribute("negative_slope"),
                           "_saved_self": _saved(0)},
    "MaxBackward1": {"_saved_self": _saved(0), "_saved_result": _saved(1)},
    "MinBackward1": {"_saved_self": _saved(0), "_saved_result": _saved(1)},
    "MaxBackward0": {"_saved_dim": _attribute("dim"), "_saved_keepdim": _attribute("keepdim"),
                     **_SIZES},
    "MinBackward0": {"_saved_dim": _attribute("dim"), "_saved_keepdim": _attribute("keepdim"),
                     **_SIZES},
    "ClampBackward1": {"_saved_min": _attribute("min"), "_saved_max": _attribute("max"),
                       "_saved_self": _saved(0)},
    "WhereBackward0": {"_saved_condition": _saved(0)},
    "MseLossBackward0": {"_saved_reduction": _attribute("reduction", "mean",
                                                        convert=_REDUCTIONS.get),
                         "_saved_self": _saved(0), "_saved_target": _saved(1)},
    "NativeLayerNormBackward0": {"_saved_input": _saved(0), "_saved_weight": _saved(1),
                                 "_saved_normalized_shape": lambda node: tuple(
                                     node._input_meta[0][0][axis]
                                     for axis in node.__dict__.get("axes", ())),
                                 "_saved_result1": _array_tensor("mean"),
                                 "_saved_result2": _array_tensor("rstd")},
    "EmbeddingBackward0": {"_saved_indices": _saved(0),
                           # torch keeps "no padding index" as -1 and shows it unsigned
                           "_saved_padding_idx": lambda node: 2 ** 64 - 1 if node.__dict__.get(
                               "padding") is None else node.__dict__["padding"],
                           "_saved_scale_grad_by_freq": _attribute("scale", False),
                           "_saved_sparse": _attribute("sparse", False),
                           "_saved_weight_sym_argsize_0": lambda node: int(
                               node._input_meta[-1][0][0]) if node._input_meta[-1] else None},
}


def raw_fields(node_name):
    """{``_raw_saved_<name>``: its reader} for the tensor fields of ``node_name``."""
    found = RAW.get(node_name)
    if found is None:
        found = RAW[node_name] = {
            "_raw" + name: (lambda position: lambda node: RawSavedTensor(node, position))(
                read.position)
            for name, read in FIELDS.get(node_name, {}).items() if hasattr(read, "position")}
    return found


RAW = {}
