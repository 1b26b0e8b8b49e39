"""ember.backends.cuda: CUDA matmul and attention switches.

``matmul.allow_tf32`` is the float32 matmul precision (``ember.set_float32_matmul_precision``)
seen as a flag, as in PyTorch. The scaled-dot-product-attention switches are stored and
reported: ember has one attention implementation (the math one) and runs it whatever they say.
"""
from __future__ import annotations

import contextlib
import warnings

from .._deprecated import _user_stacklevel
from . import _fp32


def is_built():
    """True when CuPy is installed, the library ember's CUDA support is built on."""
    import importlib.util
    return importlib.util.find_spec("cupy") is not None


class _Matmul:
    """``ember.backends.cuda.matmul``: the float32/reduced-precision matmul flags, and the
    cuBLAS matmul's ``fp32_precision`` ('ieee', 'tf32' or 'none', see ``backends._fp32``)."""

    _FLAGS = ("allow_tf32", "allow_fp16_reduced_precision_reduction",
              "allow_bf16_reduced_precision_reduction", "allow_fp16_accumulation")

    def __init__(self):
        object.__setattr__(self, "_stored", {"allow_fp16_reduced_precision_reduction": True,
                                             "allow_bf16_reduced_precision_reduction": True,
                                             "allow_fp16_accumulation": False})

    def __getattr__(self, name):
        if name == "allow_tf32":
            return _fp32.cuda_matmul_allow_tf32()
        if name == "fp32_precision":
            return _fp32.get_precision("cuda", "matmul")
        if name in self._FLAGS:
            return self._stored[name]
        raise AttributeError(f"Unknown attribute {name}")

    def __setattr__(self, name, value):
        if name == "allow_tf32":
            _fp32.set_cuda_matmul_allow_tf32(value)
        elif name == "fp32_precision":
            _fp32.set_precision("cuda", "matmul", value)
        elif name in self._FLAGS:
            self._stored[name] = bool(value)
        else:
            raise AttributeError(f"Unknown attribute {name}")


matmul = _Matmul()

_sdp = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True}


def flash_sdp_enabled():
    return _sdp["flash"]


def mem_efficient_sdp_enabled():
    return _sdp["mem_efficient"]


def math_sdp_enabled():
    return _sdp["math"]


def cudnn_sdp_enabled():
    return _sdp["cudnn"]


def enable_flash_sdp(enabled):
    _sdp["flash"] = bool(enabled)


def enable_mem_efficient_sdp(enabled):
    _sdp["mem_efficient"] = bool(enabled)


def enable_math_sdp(enabled):
    _sdp["math"] = bool(enabled)


def enable_cudnn_sdp(enabled):
    _sdp["cudnn"] = bool(enabled)


def is_flash_attention_available():
    """False: ember has no flash-attention kernel."""
    return False


def sdp_kernel(enable_flash=True, enable_math=True, enable_mem_efficient=True,
               enable_cudnn=True):
    """Deprecated: set the attention switches inside a ``with`` block, restore them after.
    The call itself warns, as torch's does (before any ``with``)."""
    warnings.warn(
        "`ember.backends.cuda.sdp_kernel()` is deprecated. In the future, this context manager "
        "will be removed. Please see `ember.nn.attention.sdpa_kernel()` for the new context "
        "manager, with updated signature.", FutureWarning, stacklevel=_user_stacklevel())
    return _sdp_switches(enable_flash, enable_math, enable_mem_efficient, enable_cudnn)


@contextlib.contextmanager
def _sdp_switches(enable_flash, enable_math, enable_mem_efficient, enable_cudnn):
    saved = dict(_sdp)
    _sdp.update(flash=bool(enable_flash), math=bool(enable_math),
                mem_efficient=bool(enable_mem_efficient), cudnn=bool(enable_cudnn))
    try:
        yield
    finally:
        _sdp.update(saved)


class SDPAParams:
    """The arguments of one ``scaled_dot_product_attention`` call, as the kernel checks
    (``can_use_flash_attention``...) receive them.

    Args:
        query, key, value (Tensor): the attention inputs.
        attn_mask (Tensor or None): the mask.
        dropout (float): the dropout probability.
        is_causal (bool): whether the attention is causal.
        enable_gqa (bool): whether grouped-query attention is allowed.

    Example:
        >>> q = ember.ones(1, 2, 3, 4)
        >>> params = ember.backends.cuda.SDPAParams(q, q, q, None, 0.0, False, False)
        >>> params.is_causal, params.dropout
        (False, 0.0)
    """

    def __init__(self, query, key, value, attn_mask, dropout, is_causal, enable_gqa, /):
        self.query, self.key, self.value, self.attn_mask = query, key, value, attn_mask
        self.dropout, self.is_causal, self.enable_gqa = float(dropout), is_causal, enable_gqa


def can_use_flash_attention(params, debug=False):
    """Whether CUDA's flash-attention kernel could run this call: False on ember (torch
    answers False too without a CUDA device).

    Args:
        params (SDPAParams): the call's arguments.
        debug (bool): torch would log why not.

    Example:
        >>> q = ember.ones(1, 2, 3, 4)
        >>> params = ember.backends.cuda.SDPAParams(q, q, q, None, 0.0, False, False)
        >>> ember.backends.cuda.can_use_flash_attention(params)
        False
    """
    return False


def can_use_efficient_attention(params, debug=False):
    """Whether CUDA's memory-efficient attention kernel could run this call: False on ember
    (as torch without a CUDA device).

    Args:
        params (SDPAParams): the call's arguments.
        debug (bool): torch would log why not.

    Example:
        >>> q = ember.ones(1, 2, 3, 4)
        >>> params = ember.backends.cuda.SDPAParams(q, q, q, None, 0.0, False, False)
        >>> ember.backends.cuda.can_use_efficient_attention(params)
        False
    """
    return False


def can_use_cudnn_attention(params, debug=False):
    """Whether cuDNN's attention kernel could run this call: False on ember (as torch
    without a CUDA device).

    Args:
        params (SDPAParams): the call's arguments.
        debug (bool): torch would log why not.

    Example:
        >>> q = ember.ones(1, 2, 3, 4)
        >>> params = ember.backends.cuda.SDPAParams(q, q, q, None, 0.0, False, False)
        >>> ember.backends.cuda.can_use_cudnn_attention(params)
        False
    """
    return False


def is_ck_sdpa_available():
    """Whether AMD's Composable Kernel attention is built: False, as in torch without ROCm.

    Example:
        >>> ember.backends.cuda.is_ck_sdpa_available()
        False
    """
    return False


def __getattr__(name):
    # torch.backends.cuda.SDPBackend is nn.attention's enum, which imports this module
    if name == "SDPBackend":
        from ..nn.attention import SDPBackend
        return SDPBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
