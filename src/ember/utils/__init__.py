"""Utilities: ``ember.utils.data`` (datasets, samplers, DataLoader), ``ember.utils.checkpoint``."""
from . import data

_LAZY = {"checkpoint", "hooks", "_pytree", "benchmark", "model_zoo"}


def __getattr__(name):
    if name in _LAZY:  # loaded on first use
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'ember.utils' has no attribute '{name}'")


__all__ = ["data"]
