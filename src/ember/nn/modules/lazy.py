"""ember.nn.modules.lazy: the mixin of layers that infer their sizes from the first input."""
from __future__ import annotations

from .linear import LazyModuleMixin

__all__ = ["LazyModuleMixin"]
