"""``ember.fx.passes``: analyses and rewrites over FX graphs (``shape_prop.ShapeProp``)."""
from . import shape_prop

__all__ = ["shape_prop"]
