"""The module path of anomaly detection (torch.autograd.anomaly_mode); defined in graph."""
from __future__ import annotations

from .graph import detect_anomaly, set_detect_anomaly

__all__ = ["detect_anomaly", "set_detect_anomaly"]
