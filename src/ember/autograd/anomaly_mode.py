"""The module path of anomaly detection (torch.autograd.anomaly_mode); defined in graph."""
from __future__ import annotations

from .graph import detect_anomaly, set_detect_anomaly

__all__ = ["detect_anomaly", "set_detect_anomaly"]

# Printed as torch prints them: <...autograd.anomaly_mode.set_detect_anomaly object at ...>.
detect_anomaly.__module__ = set_detect_anomaly.__module__ = __name__
