"""ember.ao: torch's architecture-optimisation namespace, as far as scripts reach it:
``ember.ao.quantization.quantize_dynamic`` and the dynamic quantized Linear it installs
(``ember.ao.nn.quantized.dynamic.Linear``)."""
from __future__ import annotations

from . import nn, quantization  # noqa: F401
