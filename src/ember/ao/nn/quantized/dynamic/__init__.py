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

    # The state_dict entries torch's layer writes, in its order: the scale and zero point (of
    # the static layer it shares its base with), the packed weight's dtype and the packed
    # (int8 weight, float bias) pair.
    _KEYS = ("scale", "zero_point", "_packed_params.dtype", "_packed_params._packed_params")

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        super()._save_to_state_dict(destination, prefix, keep_vars)
        destination[prefix + "scale"] = Tensor._make(np.array(self.scale, dtype=np.float32))
        destination[prefix + "zero_point"] = Tensor._make(np.array(self.zero_point,
                                                                   dtype=np.int64))
        destination[prefix + "_packed_params.dtype"] = D.ALIASES["qint8"]
        # (the bias as the Parameter bias() returns, even without keep_vars, as in torch)
        destination[prefix + "_packed_params._packed_params"] = (self.weight(), self.bias())

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        found = {}
        for key in self._KEYS:
            if prefix + key in state_dict:
                found[key] = state_dict.pop(prefix + key)
            elif strict:
                missing_keys.append(prefix + key)
        if "scale" in found:
            self.scale = float(found["scale"])
        if "zero_point" in found:
            self.zero_point = int(found["zero_point"])
        if "_packed_params._packed_params" in found:
            weight, bias = found["_packed_params._packed_params"]
            if not (isinstance(weight, Q.QuantizedTensor) and weight.dtype is D.ALIASES["qint8"]
                    and weight.q_zero_point() == 0):
                error_msgs.append(f'While copying the parameter named '
                                  f'"{prefix}_packed_params._packed_params", expected a qint8 '
                                  f'per-tensor symmetric weight, got {weight!r:.200}')
            else:
                self._weight_q = weight._data.copy()
                self._weight_scale = np.float32(weight.q_scale())
                self._bias = None if bias is None else \
                    bias.detach().cpu()._data.astype(np.float32).copy()
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                      unexpected_keys, error_msgs)

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
