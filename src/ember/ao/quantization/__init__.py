"""ember.ao.quantization: the observers and FakeQuantize modules of quantization-aware training,
and ``quantize_dynamic``, which swaps a model's Linear layers for
dynamic int8 ones (weights stored as int8, inputs quantized per call), as torch's eager
dynamic quantization does on x86."""
from __future__ import annotations

import copy
import warnings

from ... import _dtype as D

from .fake_quantize import (  # noqa: E402,F401
    FakeQuantize,
    FakeQuantizeBase,
    default_fake_quant,
    default_per_channel_weight_fake_quant,
    default_weight_fake_quant,
    disable_fake_quant,
    disable_observer,
    enable_fake_quant,
    enable_observer,
)
from .observer import (  # noqa: E402,F401
    MinMaxObserver,
    MovingAverageMinMaxObserver,
    MovingAveragePerChannelMinMaxObserver,
    ObserverBase,
    PerChannelMinMaxObserver,
)

__all__ = ["quantize_dynamic", "FakeQuantize", "FakeQuantizeBase", "MinMaxObserver",
           "MovingAverageMinMaxObserver", "PerChannelMinMaxObserver",
           "MovingAveragePerChannelMinMaxObserver", "ObserverBase", "default_fake_quant",
           "default_weight_fake_quant", "default_per_channel_weight_fake_quant",
           "disable_fake_quant", "enable_fake_quant", "disable_observer", "enable_observer"]


_DEPRECATION = (
    "torch.ao.quantization is deprecated and will be removed in 2.10. \n"
    "For migrations of users: \n"
    "1. Eager mode quantization (torch.ao.quantization.quantize, "
    "torch.ao.quantization.quantize_dynamic), please migrate to use torchao eager mode "
    "quantize_ API instead \n"
    "2. FX graph mode quantization (torch.ao.quantization.quantize_fx.prepare_fx,"
    "torch.ao.quantization.quantize_fx.convert_fx, please migrate to use torchao pt2e "
    "quantization API instead (prepare_pt2e, convert_pt2e) \n"
    "3. pt2e quantization has been migrated to torchao "
    "(https://github.com/pytorch/ao/tree/main/torchao/quantization/pt2e) \n"
    "see https://github.com/pytorch/ao/issues/2259 for more details")


def quantize_dynamic(model, qconfig_spec=None, dtype=None, mapping=None, inplace=False):
    """The model with its ``nn.Linear`` layers (those whose types or names ``qconfig_spec``
    lists; all Linears when it is None) replaced by dynamic int8 ones; a copy unless
    ``inplace``. torch deprecates this API and warns on each call; so does ember.

    Args:
        model (Module): the float model.
        qconfig_spec (set of types or names, optional): what to quantize.
        dtype (dtype): ``ember.qint8`` (the default); ember has no float16 dynamic Linear.
        mapping (dict, optional): float module type -> quantized type.
        inplace (bool): change ``model`` itself. Default: False.

    Returns:
        Module: the quantized model.

    Example:
        >>> import warnings
        >>> warnings.simplefilter("ignore")
        >>> model = ember.nn.Sequential(ember.nn.Linear(3, 2), ember.nn.ReLU())
        >>> quantized = ember.ao.quantization.quantize_dynamic(model, {ember.nn.Linear})
        >>> type(quantized[0]).__name__, quantized[0]
        ('Linear', DynamicQuantizedLinear(in_features=3, out_features=2, dtype=ember.qint8,
                                          qscheme=ember.per_tensor_affine))
    """
    warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=2)
    from ... import nn
    from ..nn.quantized.dynamic import Linear
    dtype = D.ALIASES["qint8"] if dtype is None else dtype
    known = dtype in (D.ALIASES["qint8"], D.float16, D.ALIASES["quint8"],
                      D.ALIASES["quint4x2"])
    if qconfig_spec is None and not known:
        raise ValueError(f"Don't know how to quantize with default settings for {dtype}. "
                         f"Provide full qconfig please")
    if not known:
        raise RuntimeError(("Unknown dtype specified for quantize_dynamic: ", str(dtype)))
    if dtype is D.float16:
        raise NotImplementedError("ember has no float16 dynamic quantized Linear (torch's "
                                  "fbgemm fp16 kernel); use dtype=ember.qint8")
    if dtype is not D.ALIASES["qint8"]:
        raise AssertionError(f"The only supported dtypes for dynamic quantized linear are "
                             f"qint8 and float16, got: {dtype}")
    # torch's quantize_dynamic calls its (also deprecated) convert, which warns again.
    warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=2)
    mapping = {nn.Linear: Linear} if mapping is None else mapping
    if qconfig_spec is None:
        qconfig_spec = set(mapping)
    targets = set(qconfig_spec)
    if not inplace:
        model = copy.deepcopy(model)
    _swap(model, "", targets, mapping)
    return model


def _swap(module, prefix, targets, mapping):
    for name, child in list(module.named_children()):
        qualified = f"{prefix}{name}"
        wanted = type(child) in targets or qualified in targets
        if wanted and type(child) in mapping:
            setattr(module, name, mapping[type(child)].from_float(child))
        else:
            _swap(child, qualified + ".", targets, mapping)
