"""ember.compile: capture a region's array calls once, replay them as a plan afterwards."""
from .api import OptimizedModule, compile
from .region import is_compiling, reset

__all__ = ["OptimizedModule", "compile", "is_compiling", "reset"]
