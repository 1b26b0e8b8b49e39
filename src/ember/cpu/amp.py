"""ember.cpu.amp: PyTorch's older spellings of ``ember.amp`` for the CPU, deprecated there.

Each one warns with PyTorch's FutureWarning and then does what ``ember.amp`` does with
``device_type='cpu'``: autocast to bfloat16 by default, and a GradScaler that scales.
"""
from __future__ import annotations

import warnings

from .. import _dtype as D
from .. import amp as _amp
from .._deprecated import _user_stacklevel
from ..amp import grad_scaler as _grad_scaler

__all__ = ["GradScaler", "autocast"]


def _deprecated(name):
    warnings.warn(f"`ember.cpu.amp.{name}(args...)` is deprecated. Please use "
                  f"`ember.amp.{name}('cpu', args...)` instead.",
                  FutureWarning, stacklevel=_user_stacklevel())


class autocast(_amp.autocast):
    """``ember.amp.autocast('cpu', ...)``, under its deprecated name.

    Example:
        >>> with ember.cpu.amp.autocast():  # doctest: +SKIP
        ...     (ember.ones(2, 2) @ ember.ones(2, 2)).dtype
        ember.bfloat16
    """

    # None where ml_dtypes (bfloat16) is missing: then autocast's CPU default, float16
    def __init__(self, enabled=True, dtype=D.bfloat16, cache_enabled=True):
        _deprecated("autocast")
        super().__init__("cpu", enabled=enabled, dtype=dtype, cache_enabled=cache_enabled)


class GradScaler(_grad_scaler.GradScaler):
    """``ember.amp.GradScaler('cpu', ...)``, under its deprecated name.

    Example:
        >>> ember.cpu.amp.GradScaler().is_enabled()  # doctest: +SKIP
        True
    """

    def __init__(self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        _deprecated("GradScaler")
        super().__init__("cpu", init_scale=init_scale, growth_factor=growth_factor,
                         backoff_factor=backoff_factor, growth_interval=growth_interval,
                         enabled=enabled)
