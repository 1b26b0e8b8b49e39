"""``ember.cpu``: the CPU's answers to the device-module questions torch asks of every device
(``is_available``, ``device_count``, ``synchronize``...), so device-generic code written
against ``torch.get_device_module(...)`` runs on the CPU. Work on the CPU runs in program order,
so there is nothing to wait for and one stream.
"""
from __future__ import annotations

import contextlib

from .._toplevel import Event, Stream

__all__ = ["Event", "Stream", "current_device", "current_stream", "device_count",
           "is_available", "is_initialized", "set_device", "stream", "synchronize"]

_DEFAULT_STREAM = []


def is_available():
    """True: the CPU is always there."""
    return True


def is_initialized():
    """True: the CPU needs no initialisation."""
    return True


def device_count():
    """1: ember sees the CPU as one device."""
    return 1


def current_device():
    """``"cpu"``."""
    return "cpu"


def set_device(device):
    """Nothing to select: there is one CPU device."""


def synchronize(device=None):
    """Return at once: CPU work has finished when the call that did it returns."""


def current_stream(device=None):
    """The CPU's one stream."""
    if not _DEFAULT_STREAM:
        _DEFAULT_STREAM.append(Stream())
    return _DEFAULT_STREAM[0]


@contextlib.contextmanager
def stream(stream):
    """A block run on ``stream``: the CPU's only stream, so nothing changes."""
    yield


def __getattr__(name):
    if name == "amp":  # loaded on first use (it pulls in the GradScaler)
        import importlib
        return importlib.import_module(f"{__name__}.amp")
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
