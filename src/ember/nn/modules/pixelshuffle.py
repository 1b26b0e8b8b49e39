"""ember.nn.modules.pixelshuffle: the pixel shuffling layers (defined in misc)."""
from __future__ import annotations

from .misc import PixelShuffle, PixelUnshuffle

__all__ = ["PixelShuffle", "PixelUnshuffle"]
