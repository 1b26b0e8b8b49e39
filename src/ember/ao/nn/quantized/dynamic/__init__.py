"""ember.ao.nn.quantized.dynamic: modules whose weights are stored as int8 and whose inputs
are quantized on each call (torch's ``DynamicQuantizedLinear``)."""
from __future__ import annotations

import numpy as np

from ..... import _dtype as D
from ..... import _quantized as Q
from ....._tensor import Tensor
from .....nn import Module, Parameter

__all__ = ["Linear"]


class Linear(Module):
    """A Linear layer with int8 weights: each call quantizes the input to 7-bit integers from
    its own range, multiplies in int32 and rescales to float32, adding the float bias; the
    numbers are torch's x86 (fbgemm) ones, bit for bit. ``from_float`` converts an
    ``nn.Linear`` (symmetric per-tensor int8 weights, scale ``max|w| / 127.5``).

    Args:
        in_features (int): input size.
        out_features (int): output size.
        bias_ (bool): keep a bias. Default: True.
        dtype (dtype): ``ember.qint8``.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> from ember.ao.nn.quantized.dynamic import Linear
        >>> layer = Linear(4, 2)
        >>> layer
        DynamicQuantizedLinear(in_features=4, out_features=2, dtype=ember.qint8,
                               qscheme=ember.per_tensor_affine)
    """

    _version = 4

    def __init__(self, in_features, out_features, bias_=True, dtype=None):
        super().__init__()
        dtype = D.ALIASES["qint8"] if dtype is None else dtype
        if dtype is not D.ALIASES["qint8"]:
            raise NotImplementedError(f"ember's dynamic quantized Linear stores qint8 weights; "
                                      f"got {dtype}")
        self.in_features, self.out_features = in_features, out_features
        self.scale, self.zero_point = 1.0, 0
        self._weight_q = np.zeros((out_features, in_features), dtype=np.int8)
        self._weight_scale = np.float32(1.0)
        self._bias = np.zeros(out_features, dtype=np.float32) if bias_ else None

    def _get_name(self):
        return "DynamicQuantizedLinear"

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"dtype=ember.qint8, qscheme=ember.per_tensor_affine")

    def weight(self):
        """The int8 weight as a quantized tensor."""
        return Q.QuantizedTensor(self._weight_q.copy(), D.ALIASES["qint8"],
                               float(self._weight_scale), 0)

    def bias(self):
        """The float bias (a Parameter, as torch returns it), or None."""
        return None if self._bias is None else Parameter(Tensor._make(self._bias.copy()))

    def forward(self, x):
        if not isinstance(x, Tensor) or x.dtype is not D.float32:
            raise RuntimeError(f"DynamicQuantizedLinear expects a float32 input, got "
                               f"{getattr(x, 'dtype', type(x).__name__)}")
        if x.device.type != "cpu":
            raise NotImplementedError("ember's dynamic quantized Linear runs on the CPU only "
                                      "(torch's quantized kernels are CPU kernels)")
        if x.shape[-1] != self.in_features:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                               f"({x.numel() // max(x.shape[-1], 1)}x{x.shape[-1]} and "
                               f"{self.in_features}x{self.out_features})")
        return Tensor._make(Q.dynamic_linear(x.detach()._data, self._weight_q,
                                           self._weight_scale, self._bias))

    @classmethod
    def from_float(cls, mod, use_precomputed_fake_quant=False):
        """The dynamic quantized version of an ``nn.Linear``."""
        weight = mod.weight.detach().cpu()._data.astype(np.float32)
        layer = cls(mod.in_features, mod.out_features, mod.bias is not None)
        layer._weight_scale = Q.weight_qparams(weight)
        layer._weight_q = Q._quantize_array(weight, layer._weight_scale, 0, "qint8")
        if mod.bias is not None:
            layer._bias = mod.bias.detach().cpu()._data.astype(np.float32).copy()
        return layer
