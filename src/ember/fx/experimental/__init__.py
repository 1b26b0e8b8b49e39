"""``ember.fx.experimental``: graph transformations built on ember.fx (``optimization.fuse``)."""
from . import optimization

__all__ = ["optimization"]
