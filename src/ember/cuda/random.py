"""CUDA random-number state: seeding and saving each device's generator.

Each CUDA device draws from its own generator on the device
(``ember._random.DeviceGenerator``), seeded by ``manual_seed``. Its numbers are not
bit-identical to PyTorch's CUDA generator. Without a GPU, seeding is a no-op and there are no
states to save, as in a PyTorch built without CUDA.
"""
from __future__ import annotations

import numpy as np


def manual_seed(seed):
    """Seed the current GPU's generator (a no-op without a GPU, as in PyTorch)."""
    from . import current_device, is_available
    if is_available():
        from .. import _random
        _random.cuda_manual_seed(int(seed), current_device())


def manual_seed_all(seed):
    """Seed every GPU's generator (a no-op without a GPU, as in PyTorch)."""
    from . import device_count, is_available
    if is_available():
        from .. import _random
        for index in range(device_count()):
            _random.cuda_manual_seed(int(seed), index)


def seed():
    """Seed the current GPU's generator from the operating system's entropy."""
    import secrets
    manual_seed(secrets.randbits(63))


def seed_all():
    """Seed every GPU's generator from one draw of the operating system's entropy."""
    import secrets
    manual_seed_all(secrets.randbits(63))


def initial_seed():
    """The seed the current GPU's generator started from."""
    from .. import _random
    from . import _require, current_device
    _require()
    return _random.cuda_generator(current_device()).initial_seed()


def _device_index(device):
    from .streams import _index
    return _index(None if device == "cuda" else device)


def get_rng_state(device="cuda"):
    """The state of a GPU's generator, as a CPU uint8 tensor that ``set_rng_state`` restores.

    The bytes are the generator's (seed, stream) written as JSON (no pickled code), so a state
    stored in a checkpoint loads with ``weights_only=True``. CuPy's generators cannot report
    their position, so reading the state moves the generator to a fresh stream, and restoring
    it repeats the draws made after the read (see ``ember._random.DeviceGenerator``).
    """
    from . import _require
    _require()
    from .. import _random
    return _state_tensor(_random.cuda_generator(_device_index(device)).get_state())


def set_rng_state(new_state, device="cuda"):
    """Restore a GPU's generator to a state from ``get_rng_state`` (a no-op without a GPU)."""
    from .. import _random
    from . import is_available
    if not is_available():
        return
    _random.cuda_generator(_device_index(device)).set_state(_state_dict(new_state))


def _state_tensor(state):
    """A device generator's state (a dict of ints) as the CPU uint8 tensor of its JSON."""
    import json

    from .._tensor import tensor
    return tensor(np.frombuffer(json.dumps(state).encode(), np.uint8).copy(), device="cpu")


def _state_dict(new_state):
    """The dict of ints inside a state tensor from ``_state_tensor``."""
    import json
    return json.loads(new_state.cpu().numpy().tobytes().decode())


def get_rng_state_all():
    """``get_rng_state`` of every GPU, in index order (empty without a GPU)."""
    from . import device_count
    return [get_rng_state(index) for index in range(device_count())]


def set_rng_state_all(new_states):
    """Restore every GPU's generator from ``get_rng_state_all``'s list."""
    for index, state in enumerate(new_states):
        set_rng_state(state, index)
