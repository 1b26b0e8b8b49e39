"""Utilities: ``ember.utils.data`` (datasets, samplers, DataLoader), ``ember.utils.checkpoint``."""
from . import data


def __getattr__(name):
    if name == "checkpoint":  # loaded on first use
        import importlib
        return importlib.import_module(f"{__name__}.checkpoint")
    raise AttributeError(f"module 'ember.utils' has no attribute '{name}'")


__all__ = ["data"]
