"""ember.quantization: torch's older spelling of ``ember.ao.quantization``."""
from __future__ import annotations

from ..ao.quantization import quantize_dynamic  # noqa: F401

__all__ = ["quantize_dynamic"]
