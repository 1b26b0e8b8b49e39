"""ember.nn.modules.channelshuffle: the channel shuffle layer (defined in misc)."""
from __future__ import annotations

from .misc import ChannelShuffle

__all__ = ["ChannelShuffle"]
