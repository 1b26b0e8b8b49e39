"""ember.signal: signal-processing helpers; ``ember.signal.windows`` holds the window functions."""
from . import windows

__all__ = ["windows"]
