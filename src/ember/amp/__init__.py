"""ember.amp: automatic mixed precision — ``autocast`` regions and the ``GradScaler``.

The autocast state is imported with the ops (they consult it); the GradScaler module loads
on first use.
"""
from __future__ import annotations

from .autocast_mode import autocast, custom_bwd, custom_fwd, is_autocast_available

__all__ = ["GradScaler", "autocast", "custom_bwd", "custom_fwd", "is_autocast_available"]


def __getattr__(name):
    if name in ("GradScaler", "OptState", "grad_scaler"):
        import importlib
        module = importlib.import_module(f"{__name__}.grad_scaler")
        return module if name == "grad_scaler" else getattr(module, name)
    raise AttributeError(f"module 'ember.amp' has no attribute '{name}'")
