"""ember.random: the global random-number generator's seed and state, and ``fork_rng``.

The functions are the top-level ones (``ember.manual_seed`` is ``ember.random.manual_seed``);
``fork_rng`` saves the CPU generator's state (and the chosen accelerator devices') on entry and
puts it back on exit, so draws inside the block leave the program's random stream untouched.
"""
from __future__ import annotations

import contextlib

from ._deprecated import warn_once
from ._toplevel import thread_safe_generator
from .ops.creation import (
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    seed,
    set_rng_state,
)

__all__ = [
    "default_generator",
    "fork_rng",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "seed",
    "set_rng_state",
    "thread_safe_generator",
]

@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices",
             device_type=None):
    """Run a block with the generators' states saved before and restored after it.

    The CPU generator is always forked; so are the generators of ``devices`` (indices of
    ``device_type``'s devices: the accelerator's type, or ``"cuda"`` without one). With
    ``devices=None`` every device of that type is forked (none on a machine without one).

    Args:
        devices: device indices whose generators are forked too (default: all of them).
        enabled: False runs the block with nothing forked.
        device_type: the device type of ``devices`` (default: the current accelerator's).

    Returns:
        A context manager.

    Example:
        >>> _ = ember.manual_seed(0)
        >>> with ember.random.fork_rng():
        ...     inside = ember.rand(2)
        >>> ember.equal(inside, ember.rand(2))
        True
    """
    if device_type == "meta" or not enabled:
        yield
        return
    from . import accelerator
    from ._toplevel import get_device_module
    current = accelerator.current_accelerator()
    device_type = device_type or (current.type if current is not None else "cuda")
    module = get_device_module(device_type)
    if devices is None:
        count = module.device_count()
        if count > 1:
            kind = device_type.upper()
            warn_once(
                "fork_rng_devices",
                f"{kind} reports {count} available devices and {_caller} was called without "
                f"saying which of them are used, so every {kind} device's generator is forked, "
                f"which is slow with many devices. Pass the '{_devices_kw}' keyword argument of "
                f"{_caller} (or set {kind}_VISIBLE_DEVICES) to fork only the ones in use, or "
                f"`range(ember.{device_type}.device_count())` to fork all of them without this "
                "warning.")
        devices = list(range(count))
    else:
        devices = list(devices)  # a generator could be walked only once
    cpu_state = get_rng_state()
    device_states = [module.get_rng_state(index) for index in devices]
    try:
        yield
    finally:
        set_rng_state(cpu_state)
        for index, state in zip(devices, device_states):
            module.set_rng_state(state, index)
