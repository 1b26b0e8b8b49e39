"""ember.quantization: torch's older spelling of ``ember.ao.quantization`` (the same names)."""
from __future__ import annotations

from ..ao.quantization import *  # noqa: F403
from ..ao.quantization import __all__  # noqa: F401
