"""CUDA random-number state: seeding and saving each device's generator.

Each CUDA device draws from its own generator on the device (``ember._random``), seeded by
``manual_seed``. Its numbers are not bit-identical to PyTorch's CUDA generator. Without a GPU,
seeding is a no-op and there are no states to save, as in a PyTorch built without CUDA.
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
    _random.cuda_generator(current_device())
    return _random._CUDA_SEEDS[current_device()]


def _device_index(device):
    from .streams import _index
    return _index(None if device == "cuda" else device)


def get_rng_state(device="cuda"):
    """The state of a GPU's generator, as a CPU uint8 tensor that ``set_rng_state`` restores.

    The bytes are the generator's state written as JSON (no pickled code), so a state stored
    in a checkpoint loads with ``weights_only=True``.
    """
    import json

    from . import _require
    _require()
    from .. import _random
    from .._tensor import tensor
    index = _device_index(device)
    state = {"seed": _random._CUDA_SEEDS.get(index),
             "bit_generator": _bit_generator_state(_random.cuda_generator(index))}
    return tensor(np.frombuffer(json.dumps(state, default=_plain).encode(), np.uint8).copy())


def set_rng_state(new_state, device="cuda"):
    """Restore a GPU's generator to a state from ``get_rng_state`` (a no-op without a GPU)."""
    import json

    from .. import _random
    from . import is_available
    if not is_available():
        return
    index = _device_index(device)
    state = json.loads(new_state.cpu().numpy().tobytes().decode())
    _random.cuda_manual_seed(state["seed"], index)
    generator = _random.cuda_generator(index)
    generator.bit_generator.state = state["bit_generator"]


def get_rng_state_all():
    """``get_rng_state`` of every GPU, in index order (empty without a GPU)."""
    from . import device_count
    return [get_rng_state(index) for index in range(device_count())]


def set_rng_state_all(new_states):
    """Restore every GPU's generator from ``get_rng_state_all``'s list."""
    for index, state in enumerate(new_states):
        set_rng_state(state, index)


def _bit_generator_state(generator):
    bit_generator = getattr(generator, "bit_generator", None)
    if bit_generator is None or not hasattr(bit_generator, "state"):
        raise NotImplementedError("this CuPy generator cannot report its state; seed it with "
                                  "ember.cuda.manual_seed to make its draws repeatable")
    return bit_generator.state


def _plain(value):
    """JSON for the NumPy values inside a bit generator's state."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.integer):
        return int(value)
    raise TypeError(f"cannot write {type(value).__name__} into a generator state")
