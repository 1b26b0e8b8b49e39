"""ember.mps: Apple's Metal GPUs, which ember does not drive; every query answers as torch does
on a machine without one.

``is_available()`` is False and ``device_count()`` 0, so device-choosing code falls back to
the CPU; seeding does nothing; the calls that need the Metal runtime raise RuntimeError, as
torch's do without an MPS backend.
"""
from __future__ import annotations


def _missing(what):
    def call(*args, **kwargs):
        raise RuntimeError(f"Cannot execute {what}() without MPS backend.")
    call.__name__ = what
    call.__doc__ = f"Needs the MPS backend, which ember has not: raises RuntimeError ({what})."
    return call


def is_available():
    """False: ember has no MPS (Metal) backend.

    Returns:
        False.

    Example:
        >>> ember.mps.is_available(), ember.mps.device_count()
        (False, 0)
    """
    return False


def device_count():
    """0: no MPS device is visible to ember."""
    return 0


def manual_seed(seed):
    """Seed the MPS generator: nothing to seed (accepted so seeding code runs everywhere)."""


synchronize = _missing("deviceSynchronize")
seed = _missing("getDefaultGenerator")
empty_cache = _missing("emptyCache")
current_allocated_memory = _missing("getCurrentAllocatedMemory")
driver_allocated_memory = _missing("getDriverAllocatedMemory")
recommended_max_memory = _missing("getRecommendedMaxMemory")
set_per_process_memory_fraction = _missing("setMemoryFraction")


def get_rng_state(device="mps"):
    """The MPS generator's state: needs the MPS backend."""
    raise RuntimeError("Cannot execute getDefaultGenerator() without MPS backend.")


def set_rng_state(new_state, device="mps"):
    """Restore the MPS generator's state: needs the MPS backend."""
    raise RuntimeError("Cannot execute getDefaultGenerator() without MPS backend.")


def compile_shader(source):
    """Compile Metal shader source: needs the MPS backend."""
    raise RuntimeError("MPS is not available")


def load_metallib(path):
    """Load a compiled Metal library: needs the MPS backend."""
    raise RuntimeError("MPS is not available")


class Event:
    """An MPS event: cannot be made without the MPS backend."""

    def __init__(self, enable_timing=False):
        raise RuntimeError("Cannot execute acquireEvent() without MPS backend.")
