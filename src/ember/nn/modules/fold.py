"""ember.nn.modules.fold: the sliding-block layers, at PyTorch's module path (defined in misc)."""
from __future__ import annotations

from .misc import Fold, Unfold

__all__ = ["Fold", "Unfold"]
