"""ember.nn.modules.distance: the distance layers, at PyTorch's module path (defined in misc)."""
from __future__ import annotations

from .misc import CosineSimilarity, PairwiseDistance

__all__ = ["CosineSimilarity", "PairwiseDistance"]
