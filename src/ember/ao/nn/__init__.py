"""ember.ao.nn: quantized modules (``ember.ao.nn.quantized.dynamic.Linear``)."""
from __future__ import annotations

from . import quantized  # noqa: F401
