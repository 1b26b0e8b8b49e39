"""ember.nn.modules.upsampling: the upsampling layers (defined in misc)."""
from __future__ import annotations

from .misc import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d

__all__ = ["Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]
