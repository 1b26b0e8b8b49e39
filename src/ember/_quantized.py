"""Quantized tensors (``torch.quantize_per_tensor``) and the arithmetic of torch's dynamic
int8 Linear on x86, emulated in NumPy integers.

A per-tensor affine quantized tensor stores integers ``q`` standing for ``(q - zero_point) *
scale``. torch's CPU quantizer (fbgemm) computes ``q = clamp(rint(x * (1 / scale) +
zero_point))`` in float32 for the 8-bit types, and ``rint(x * (1 / scale)) + zero_point`` for
qint32; ember does the same sums in the same precision, so the integers agree bit for bit.

The dynamic Linear (``quantize_dynamic``) keeps int8 weights quantized symmetrically (scale
``max|w| / 127.5``), and per call quantizes the input to 7-bit unsigned integers (fbgemm's
``reduce_range`` on x86, which keeps the int16 pair sums of its kernel from saturating) with a
scale and zero point chosen from the input's range, accumulates in int32, and returns
``float(acc - zp_x * colsum(w_q)) * (scale_x * scale_w) + bias`` with one rounding (a fused
multiply-add), as fbgemm's float requantization does.

Only the quantized operations torch's quantized CPU backend shares with these (printing,
``int_repr``, ``dequantize``, the quantization parameters) run on a quantized tensor; every
other op refuses it, as torch refuses ops it has no quantized kernel for.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from . import _dtype as D
from ._deprecated import _user_stacklevel
from ._tensor import Tensor

_CREATION_WARNING = (
    "ember.quantize_per_tensor, ember.quantize_per_channel and other quantized tensor creation "
    "functions that produce tensors with dtype ember.quint8, ember.qint8, and ember.qint32 are "
    "deprecated and will be removed in a future PyTorch release. Please see "
    "https://github.com/pytorch/pytorch/issues/184982 for more information.")
_warned = [False]
# quantized dtype name -> (storage NumPy type, lowest, highest)
_RANGES = {"qint8": (np.int8, -128, 127), "quint8": (np.uint8, 0, 255),
           "qint32": (np.int32, -(2 ** 31), 2 ** 31 - 1)}


class qscheme:
    """How a quantized tensor maps integers to values: ``ember.per_tensor_affine`` (one scale
    and zero point) and its siblings.

    Args:
        name (str): the scheme's name.

    Example:
        >>> ember.per_tensor_affine
        ember.per_tensor_affine
    """

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"ember.{self.name}"

    def __reduce__(self):
        return (_scheme, (self.name,))


SCHEMES = {name: qscheme(name) for name in (
    "per_tensor_affine", "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric",
    "per_channel_affine_float_qparams")}


def _scheme(name):
    return SCHEMES[name]


def _quantize_array(values, scale, zero_point, dtype_name):
    """The stored integers of float32 ``values`` at ``scale``/``zero_point``, as fbgemm
    rounds them (float32 product, nearest even)."""
    storage, low, high = _RANGES[dtype_name]
    values = np.asarray(values, dtype=np.float32)
    inverse = np.float32(1.0) / np.float32(scale)
    with np.errstate(all="ignore"):
        scaled = values * inverse
        if dtype_name == "qint32":
            rounded = np.rint(scaled).astype(np.float64) + zero_point
        else:
            rounded = np.rint(scaled + np.float32(zero_point))
    return np.clip(rounded, low, high).astype(storage)


class QuantizedTensor(Tensor):
    """A per-tensor affine quantized tensor: integers standing for ``(q - zero_point) *
    scale``. Made by ``ember.quantize_per_tensor``.

    Args:
        integers (ndarray): the stored integers.
        dtype (dtype): ``ember.qint8``, ``ember.quint8`` or ``ember.qint32``.
        scale (float): the step between neighbouring values.
        zero_point (int): the integer standing for 0.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> q = ember.quantize_per_tensor(ember.tensor([-1.0, 0.5]), 0.5, 2, ember.quint8)
        >>> q.int_repr(), q.q_scale(), q.q_zero_point()
        (tensor([0, 3], dtype=ember.uint8), 0.5, 2)
    """

    _plain_repr = True

    def __new__(cls, integers, dtype, scale, zero_point):
        return cls._make(integers)

    def __init__(self, integers, dtype, scale, zero_point):
        self._dtype = dtype
        self._scale = float(scale)  # kept as a double, as torch keeps it
        self._zero_point = int(zero_point)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", str(func))
        raise NotImplementedError(
            f"Could not run 'aten::{name}' with arguments from the 'QuantizedCPU' backend. "
            f"ember runs quantized tensors through quantize_per_tensor, dequantize, int_repr, "
            f"q_scale, q_zero_point, qscheme and the dynamic quantized Linear only.")

    @property
    def is_quantized(self):
        return True

    @property
    def dtype(self):
        return self._dtype

    def int_repr(self):
        """The stored integers, as a plain int8/uint8/int32 tensor (a copy)."""
        return Tensor._make(self._data.copy())

    def q_scale(self):
        """The scale."""
        return self._scale

    def q_zero_point(self):
        """The zero point."""
        return self._zero_point

    def qscheme(self):
        """``ember.per_tensor_affine``."""
        return SCHEMES["per_tensor_affine"]

    def dequantize(self):
        """The float32 values ``(q - zero_point) * scale``."""
        values = (self._data.astype(np.float32) - np.float32(self._zero_point)) \
            * np.float32(self._scale)
        return Tensor._make(values.astype(np.float32))

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import _append_suffixes, format_tensor
        body = format_tensor(self.dequantize()._data, dtype_name="float32")
        suffixes = [f"size={tuple(self._data.shape)}", f"dtype=ember.{self._dtype.name}",
                    "quantization_scheme=ember.per_tensor_affine", f"scale={self._scale}",
                    f"zero_point={self._zero_point}"]
        return _append_suffixes(body[:-1], suffixes, len("tensor("))

    __str__ = __repr__


class PerChannelQuantizedTensor(QuantizedTensor):
    """A per-channel affine quantized tensor: along ``axis``, channel ``c`` stores integers
    standing for ``(q - zero_points[c]) * scales[c]``. Made by ``ember.quantize_per_channel``.

    Args:
        integers (ndarray): the stored integers.
        dtype (dtype): ``ember.qint8``, ``ember.quint8`` or ``ember.qint32``.
        scales (ndarray): float64 scales, one per channel.
        zero_points (ndarray): int64 zero points, one per channel.
        axis (int): the channel dimension.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> q = ember.quantize_per_channel(ember.tensor([[1.0, 2.0], [3.0, 4.0]]),
        ...                                ember.tensor([0.5, 0.25]), ember.tensor([0, 1]),
        ...                                0, ember.quint8)
        >>> q.int_repr(), q.q_per_channel_axis()
        (tensor([[ 2,  4],
                [13, 17]], dtype=ember.uint8), 0)
    """

    def __new__(cls, integers, dtype, scales, zero_points, axis):
        return cls._make(integers)

    def __init__(self, integers, dtype, scales, zero_points, axis):
        self._dtype = dtype
        self._scales = np.asarray(scales, dtype=np.float64)
        self._zero_points = np.asarray(zero_points, dtype=np.int64)
        self._axis = int(axis)

    def _per_channel(self, values):
        """values (one per channel) shaped to broadcast along the channel axis."""
        shape = [1] * self._data.ndim
        shape[self._axis] = -1
        return values.reshape(shape)

    def q_scale(self):
        raise RuntimeError("Expected quantizer->qscheme() == kPerTensorAffine to be true, but "
                           "got false.  (Could this error message be improved?  If so, please "
                           "report an enhancement request to PyTorch.)")

    q_zero_point = q_scale

    def q_per_channel_scales(self):
        """The scales, a float64 tensor."""
        return Tensor._make(self._scales.copy())

    def q_per_channel_zero_points(self):
        """The zero points, an int64 tensor."""
        return Tensor._make(self._zero_points.copy())

    def q_per_channel_axis(self):
        """The channel dimension."""
        return self._axis

    def qscheme(self):
        """``ember.per_channel_affine``."""
        return SCHEMES["per_channel_affine"]

    def dequantize(self):
        """The float32 values ``(q - zero_points[c]) * scales[c]``, computed in double (the
        scales' precision) and rounded once, as torch's per-channel kernel does."""
        scales = self._per_channel(self._scales)
        zero_points = self._per_channel(self._zero_points)
        return Tensor._make(((self._data.astype(np.int64) - zero_points) * scales)
                            .astype(np.float32))

    def __repr__(self, *, tensor_contents=None):
        from ._tensor_str import _append_suffixes, format_tensor
        body = format_tensor(self.dequantize()._data, dtype_name="float32")
        scales = repr(self.q_per_channel_scales()).replace("\n", "\n" + " " * 6)
        zero_points = repr(self.q_per_channel_zero_points()).replace("\n", "\n" + " " * 11)
        suffixes = [f"size={tuple(self._data.shape)}", f"dtype=ember.{self._dtype.name}",
                    "quantization_scheme=ember.per_channel_affine", f"scale={scales}",
                    f"zero_point={zero_points}", f"axis={self._axis}"]
        return _append_suffixes(body[:-1], suffixes, len("tensor("))

    __str__ = __repr__


def _warn_creation():
    if not _warned[0]:
        _warned[0] = True
        warnings.warn(_CREATION_WARNING, UserWarning, stacklevel=_user_stacklevel())


def quantize_per_tensor(input, scale, zero_point, dtype):
    """The quantized tensor of ``input``: integers ``clamp(round(input / scale) +
    zero_point)`` of ``dtype``, standing for ``(q - zero_point) * scale``. torch warns once
    that quantized tensors are deprecated, and so does ember.

    Args:
        input (Tensor): float values.
        scale (float): the step.
        zero_point (int): the integer standing for 0.
        dtype (dtype): ``ember.quint8``, ``ember.qint8`` or ``ember.qint32``.

    Returns:
        Tensor: the quantized tensor.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> ember.quantize_per_tensor(ember.tensor([-1.0, 0.0, 0.26]), 0.1, 10, ember.quint8)
        tensor([-1.0000,  0.0000,  0.3000], size=(3,), dtype=ember.quint8,
               quantization_scheme=ember.per_tensor_affine, scale=0.1, zero_point=10)
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"quantize_per_tensor(): argument 'input' (position 1) must be Tensor, "
                        f"not {type(input).__name__}")
    name = getattr(dtype, "name", None)
    if input.dtype is not D.float32:  # torch names C++'s scalar types here (Double, Long...)
        raise RuntimeError(f"Quantize only works on Float Tensor, got "
                           f"{input.dtype._legacy[:-len('Tensor')]}")
    if name not in _RANGES:
        scalar = getattr(dtype, "_legacy", str(dtype))
        raise RuntimeError(f"ScalarType {scalar[:-len('Tensor')]} is not supported in "
                           f"new_qtensor.")
    _warn_creation()
    values = input.detach().cpu()._data.astype(np.float32)
    return QuantizedTensor(_quantize_array(values, scale, zero_point, name), dtype, scale,
                           zero_point)


def choose_qparams(low, high, qmin=0, qmax=255, reduce_range=False):
    """(scale, zero_point) for values in [low, high] mapped to integers [qmin, qmax], as
    fbgemm chooses them: the range widened to include 0, the scale computed in double and
    stored as float32, the zero point from whichever end loses less, rounded and clamped."""
    if reduce_range:
        qmin, qmax = qmin // 2, qmax // 2
    low = float(np.float32(min(low, 0.0)))
    high = float(np.float32(max(high, 0.0)))
    scale = (high - low) / (qmax - qmin)
    if np.float32(scale) == 0 or math.isinf(1.0 / float(np.float32(scale))):
        scale = 0.1
    from_low, from_high = qmin - low / scale, qmax - high / scale
    low_error = abs(qmin) - abs(low / scale)
    high_error = abs(qmax) - abs(high / scale)
    initial = from_low if low_error < high_error else from_high
    zero_point = qmin if initial < qmin else qmax if initial > qmax else int(np.rint(initial))
    return np.float32(scale), zero_point


def weight_qparams(weight):
    """The symmetric int8 scale of torch's default weight observer: ``max|w| / 127.5`` in
    float32, at least float32's eps (zero point 0)."""
    largest = max(-min(float(weight.min()), 0.0), max(float(weight.max()), 0.0))
    scale = np.float32(np.float32(largest) / np.float32(127.5))
    return max(scale, np.finfo(np.float32).eps)


def dynamic_linear(x, weight_q, weight_scale, bias):
    """fbgemm's dynamic int8 linear on float32 ``x`` (..., in): 7-bit activations from the
    input's range, int32 accumulation, one-rounding float requantization plus ``bias``."""
    flat = x.reshape(-1, x.shape[-1]).astype(np.float32)
    if flat.size:
        low, high = float(flat.min()), float(flat.max())
    else:
        low = high = 0.0
    scale, zero_point = choose_qparams(low, high, 0, 255, reduce_range=True)
    x_q = _quantize_array(flat, scale, zero_point, "quint8").astype(np.int64)
    w_q = weight_q.astype(np.int64)
    accumulated = x_q @ w_q.T
    corrected = accumulated.astype(np.float32) - \
        np.float32(zero_point) * w_q.sum(axis=1).astype(np.float32)
    factor = np.float64(np.float32(scale) * np.float32(weight_scale))
    # A fused multiply-add: the float32 product and the bias are summed before one rounding.
    out = corrected.astype(np.float64) * factor
    if bias is not None:
        out = out + bias.astype(np.float64)
    return out.astype(np.float32).reshape(*x.shape[:-1], weight_q.shape[0])


def quantize_per_channel(input, scales, zero_points, axis, dtype):
    """The per-channel quantized tensor of ``input``: along ``axis``, channel ``c`` holds
    ``clamp(round(input / scales[c]) + zero_points[c])``, standing for ``(q - zero_points[c])
    * scales[c]``.

    Args:
        input (Tensor): float32 values.
        scales (Tensor): one scale per channel (kept as float64).
        zero_points (Tensor): one integer zero point per channel.
        axis (int): the channel dimension.
        dtype (dtype): ``ember.quint8``, ``ember.qint8`` or ``ember.qint32``.

    Returns:
        Tensor: the quantized tensor.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> w = ember.tensor([[0.5, -1.0], [2.0, 0.1]])
        >>> q = ember.quantize_per_channel(w, ember.tensor([0.01, 0.02]), ember.tensor([0, 1]),
        ...                                0, ember.qint8)
        >>> q.int_repr()
        tensor([[  50, -100],
                [ 101,    6]], dtype=ember.int8)
    """
    for name, value in (("input", input), ("scales", scales), ("zero_points", zero_points)):
        if not isinstance(value, Tensor):
            raise TypeError(f"quantize_per_channel(): argument '{name}' must be Tensor, not "
                            f"{type(value).__name__}")
    # (torch's checks, in its order)
    if scales.numel() != zero_points.numel():
        raise RuntimeError("number of elements in scales and zero_points must match")
    ndim = input.dim()
    if not 0 <= axis < ndim:
        raise RuntimeError(f"Channel axis out of range in per channel affine quantization. "
                           f"Got: {axis}Expected: [0, {ndim})")
    name = getattr(dtype, "name", None)
    if name not in _RANGES:
        scalar = getattr(dtype, "_legacy", str(dtype))
        raise RuntimeError(f"ScalarType {scalar[:-len('Tensor')]} is not supported in "
                           f"new_qtensor.")
    channels = input.shape[axis]
    if scales.numel() != channels:
        raise RuntimeError(f"length of scales must equal to channel, expected {channels} got, "
                           f"{scales.numel()}")
    if input.dtype is not D.float32:
        raise RuntimeError(f"quantize_tensor_per_channel_affine expects a Float Tensor, got "
                           f"{input.dtype._legacy[:-len('Tensor')]}")
    _warn_creation()
    scale_values = scales.detach().cpu()._data.astype(np.float64).reshape(-1)
    zero_values = zero_points.detach().cpu()._data.astype(np.int64).reshape(-1)
    values = input.detach().cpu()._data.astype(np.float32)
    storage, low, high = _RANGES[name]
    shape = [1] * ndim
    shape[axis] = -1
    # Each value as torch's per-channel kernel rounds it: the float32 product with the float32
    # inverse of the channel's scale, rounded to nearest even, then the zero point added.
    inverse = (np.float32(1.0) / scale_values.astype(np.float32)).reshape(shape)
    with np.errstate(all="ignore"):
        rounded = np.rint(values * inverse).astype(np.float64) + zero_values.reshape(shape)
    integers = np.clip(rounded, low, high).astype(storage)
    return PerChannelQuantizedTensor(integers, dtype, scale_values, zero_values, axis)
