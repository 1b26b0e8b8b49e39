"""ember.ao.nn.quantized: quantized modules; ``dynamic`` holds the dynamic int8 Linear."""
from __future__ import annotations

from . import dynamic  # noqa: F401
