"""The float32 precision flags of torch 2.9+ (``ember.backends.fp32_precision``, the ``matmul``,
``conv`` and ``rnn`` leaves of ``cuda``/``cudnn`` and ``mkldnn``) and how they meet the legacy
switches (``allow_tf32``, ``set_float32_matmul_precision``).

ember only records these settings: its float32 kernels compute in full float32 whatever they
say. (torch's CPU build ignores 'tf32' too, having no TF32 unit; its oneDNN matmul and conv do
round to bfloat16 under 'bf16', on CPUs with bf16 instructions only.)

The rules are PyTorch's, probed on torch 2.13:

* each setting is one of ``'ieee'``, ``'tf32'``, ``'bf16'`` or ``'none'``; ``'cuda'`` refuses
  ``'bf16'``;
* a leaf that holds ``'none'`` reads its backend's ``'all'`` setting, and that one the generic
  setting; a value its backend does not support reads as ``'none'``;
* cuDNN's conv and rnn leaves start out untouched, which reads as ``'tf32'`` when nothing above
  them is set; once assigned (``'none'`` included) they inherit like the others.
"""
from __future__ import annotations

import warnings

from .._deprecated import _user_stacklevel

_PRECISIONS = ("ieee", "tf32", "bf16", "none")
_SUPPORTED = {"generic": _PRECISIONS, "mkldnn": _PRECISIONS, "cuda": ("ieee", "tf32", "none")}
_OPS = {"generic": ("all",), "cuda": ("all", "matmul", "conv", "rnn"),
        "mkldnn": ("all", "matmul", "conv", "rnn")}
_UNSET = None          # a cuDNN conv/rnn leaf nobody assigned yet
_DEFAULT_WHEN_UNSET = {("cuda", "conv"): "tf32", ("cuda", "rnn"): "tf32"}


def _initial():
    state = {(backend, op): "none" for backend, ops in _OPS.items() for op in ops}
    state.update(dict.fromkeys(_DEFAULT_WHEN_UNSET, _UNSET))
    return state


_state = _initial()
_legacy = {"cudnn_allow_tf32": True}

_DOCS = "See also: https://pytorch.org/docs/main/notes/cuda.html#tensorfloat-32-tf32-on-ampere-and-later-devices"


def _reset():
    """Back to the process's starting state (the tests' fixture uses this)."""
    from .. import _settings
    _state.clear()
    _state.update(_initial())
    _legacy["cudnn_allow_tf32"] = True
    _settings._state["precision"] = "highest"


def _check(backend, op, precision):
    if (backend, op) not in _state:
        raise RuntimeError(f"Invalid (backend, op) pair: ({backend}, {op})")
    if not isinstance(precision, str):
        raise TypeError(
            "_set_fp32_precision_setter(): incompatible function arguments. The following "
            "argument types are supported:\n    1. (arg0: str, arg1: str, arg2: str) -> str\n\n"
            f"Invoked with: {backend!r}, {op!r}, {precision!r}")
    if precision not in _PRECISIONS:
        raise RuntimeError(f"Unknown precision: {precision}")
    if precision not in _SUPPORTED[backend]:
        raise RuntimeError(f"backend '{backend}' does not support precision '{precision}'")


def set_precision(backend, op, precision):
    """Assign one setting (``backend`` 'generic', 'cuda' or 'mkldnn'; ``op`` 'all', 'matmul',
    'conv' or 'rnn')."""
    _check(backend, op, precision)
    _state[(backend, op)] = precision
    return precision


def get_precision(backend, op):
    """What one setting reads as: its own value, else its backend's, else the generic one."""
    if (backend, op) not in _state:
        raise RuntimeError(f"Invalid (backend, op) pair: ({backend}, {op})")
    own = _state[(backend, op)]
    value = "none" if own is _UNSET else own
    if value == "none":
        value = _state[(backend, "all")]
    if value == "none":
        value = _state[("generic", "all")]
    if value == "none" and own is _UNSET:
        value = _DEFAULT_WHEN_UNSET[(backend, op)]
    return value if value in _SUPPORTED[backend] else "none"


# -- the legacy switches, kept in step with the new settings -----------------------------------
_MATMUL_TARGET = {"highest": ("ieee", "ieee"), "high": ("tf32", "tf32"),
                  "medium": ("tf32", "bf16")}


def set_matmul_precision_legacy(precision):
    """``set_float32_matmul_precision``: also assigns the cuda and mkldnn matmul leaves."""
    cuda, mkldnn = _MATMUL_TARGET[precision]
    _state[("cuda", "matmul")] = cuda
    _state[("mkldnn", "matmul")] = mkldnn


def check_matmul_precision_legacy(legacy):
    """``get_float32_matmul_precision``: refuse when the new settings contradict ``legacy``."""
    for backend, target in zip(("cuda", "mkldnn"), _MATMUL_TARGET[legacy]):
        if get_precision(backend, "matmul") not in ("none", "ieee", target):
            raise RuntimeError(
                "ember is checking the matmul precision without a specific backend name,"
                "Current status indicate that you have used mix of the legacy and new APIs to "
                "set the matmul precision. We suggest only using the new API for matmul "
                f"precision. {_DOCS}")


def cuda_matmul_allow_tf32():
    from .. import _settings
    legacy = _settings._state["precision"] != "highest"
    new = get_precision("cuda", "matmul") == "tf32"
    if legacy != new:
        raise RuntimeError(
            "ember is checking whether allow_tf32_new is enabled for cuBlas matmul,Current "
            "status indicate that you have used mix of the legacy and new APIs to set the TF32 "
            f"status for cublas matmul. We suggest only using the new API to set the TF32 flag. "
            f"{_DOCS}")
    return new


def set_cuda_matmul_allow_tf32(flag):
    from .. import _settings
    _settings._state["precision"] = "high" if flag else "highest"
    _state[("cuda", "matmul")] = "tf32" if flag else "ieee"


def cudnn_allow_tf32():
    conv = get_precision("cuda", "conv") == "tf32"
    rnn = get_precision("cuda", "rnn") == "tf32"
    if not conv == rnn == _legacy["cudnn_allow_tf32"]:
        raise RuntimeError(
            "ember is checking whether allow_tf32 is enabled for cuDNN without a specific "
            "operator name,but the current flag(s) indicate that cuDNN conv and cuDNN RNN have "
            "different TF32 flags.This combination indicates that you have used a mix of the "
            "legacy and new APIs to set the TF32 flags. We suggest only using the new API to set "
            f"the TF32 flag(s). {_DOCS}")
    return _legacy["cudnn_allow_tf32"]


def set_cudnn_allow_tf32(flag):
    flag = bool(flag)
    _state[("cuda", "conv")] = _state[("cuda", "rnn")] = "tf32" if flag else "none"
    _legacy["cudnn_allow_tf32"] = flag


def set_onednn_allow_tf32(flag):
    """oneDNN's TF32 switch is for Intel GPUs: torch without one warns and keeps nothing."""
    warnings.warn("TF32 acceleration on top of oneDNN is available for Intel GPUs. The current "
                  "ember version does not have Intel GPU Support.", UserWarning,
                  stacklevel=_user_stacklevel())


class _FP32Precision:  # shown as ember.backends._FP32Precision, where torch keeps it
    """One ``fp32_precision`` leaf (``ember.backends.cuda.matmul``'s siblings): reading and
    assigning ``.fp32_precision`` go to the process-wide settings.

    Example:
        >>> ember.backends.cudnn.conv.fp32_precision
        'tf32'
    """

    def __init__(self, backend, op):
        object.__setattr__(self, "backend", backend)
        object.__setattr__(self, "op", op)

    def __getattr__(self, name):
        if name == "fp32_precision":
            return get_precision(self.backend, self.op)
        raise AttributeError("Unknown attribute " + name)

    def __setattr__(self, name, value):
        if name == "fp32_precision":
            set_precision(self.backend, self.op, value)
        elif name in ("backend", "op"):
            object.__setattr__(self, name, value)
        else:
            raise AttributeError("Unknown attribute " + name)


_FP32Precision.__module__ = "ember.backends"
