"""ember.cuda.amp: PyTorch's older spellings of ``ember.amp`` for CUDA, deprecated there.

Each one warns with PyTorch's FutureWarning and then does what ``ember.amp`` does with
``device_type='cuda'`` (so without a GPU, autocast and the scaler disable themselves).
"""
from __future__ import annotations

import functools
import warnings

from .. import amp as _amp
from .. import float16 as _float16
from .._deprecated import _user_stacklevel
from ..amp import grad_scaler as _grad_scaler

__all__ = ["GradScaler", "autocast", "custom_bwd", "custom_fwd"]


def _deprecated(name, replacement):
    warnings.warn(f"`ember.cuda.amp.{name}(args...)` is deprecated. Please use "
                  f"`ember.amp.{replacement}` instead.",
                  FutureWarning, stacklevel=_user_stacklevel())


class autocast(_amp.autocast):
    """``ember.amp.autocast('cuda', ...)``, under its deprecated name."""

    def __init__(self, enabled=True, dtype=_float16, cache_enabled=True):
        _deprecated("autocast", "autocast('cuda', args...)")
        super().__init__("cuda", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)


class GradScaler(_grad_scaler.GradScaler):
    """``ember.amp.GradScaler('cuda', ...)``, under its deprecated name."""

    def __init__(self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        _deprecated("GradScaler", "GradScaler('cuda', args...)")
        super().__init__("cuda", init_scale=init_scale, growth_factor=growth_factor,
                         backoff_factor=backoff_factor, growth_interval=growth_interval,
                         enabled=enabled)


def custom_fwd(fwd=None, *, cast_inputs=None):
    """``ember.amp.custom_fwd(..., device_type='cuda')``, under its deprecated name."""
    _deprecated("custom_fwd", "custom_fwd(args..., device_type='cuda')")
    if fwd is None:
        return functools.partial(_amp.custom_fwd, device_type="cuda", cast_inputs=cast_inputs)
    return _amp.custom_fwd(fwd, device_type="cuda", cast_inputs=cast_inputs)


def custom_bwd(bwd):
    """``ember.amp.custom_bwd(..., device_type='cuda')``, under its deprecated name."""
    _deprecated("custom_bwd", "custom_bwd(args..., device_type='cuda')")
    return _amp.custom_bwd(bwd, device_type="cuda")
