"""ember.backends.mps: Apple's Metal backend, which ember does not have."""
from __future__ import annotations


def is_available():
    """False: ember runs on NumPy (CPU) and CuPy (CUDA) only."""
    return False


def is_built():
    return False


def is_macos_or_newer(major, minor):
    return False


def is_macos13_or_newer(minor=0):
    return False
