"""``ember.multiprocessing``: Python's multiprocessing, with tensors shared between processes.

Every name of :mod:`multiprocessing` is here (``Process``, ``Queue``, ``Pool``,
``get_context``, ``set_start_method``...). Importing this module teaches multiprocessing's
pickler to send CPU tensors as shared memory: a tensor put on a queue or passed to a
process is moved into shared memory (``Tensor.share_memory_``) and the receiver gets a tensor
over the same memory, so in-place updates on either side are seen by both (Hogwild training).
"""
import multiprocessing
from multiprocessing import *  # noqa: F403

from . import _shared
from ._shared import ALL_STRATEGIES as _ALL_STRATEGIES
from .spawn import (
    ProcessContext,
    ProcessExitedException,
    ProcessRaisedException,
    SpawnContext,
    spawn,
    start_processes,
)

__all__ = list(multiprocessing.__all__) + [
    "ProcessContext", "ProcessExitedException", "ProcessRaisedException", "SpawnContext",
    "get_all_sharing_strategies", "get_sharing_strategy", "init_reductions",
    "set_sharing_strategy", "spawn", "start_processes"]


def set_sharing_strategy(new_strategy):
    """Choose how CPU tensors travel: ``"file_descriptor"`` (the descriptor of the shared
    memory is passed over a socket) or ``"file_system"`` (the receiver opens it by path)."""
    if new_strategy not in _ALL_STRATEGIES:
        raise AssertionError(f"invalid sharing strategy {new_strategy!r}, expected one of "
                             f"{set(_ALL_STRATEGIES)}")
    _shared._strategy[0] = new_strategy


def get_sharing_strategy():
    """The current sharing strategy."""
    return _shared._strategy[0]


def get_all_sharing_strategies():
    """The sharing strategies this system supports."""
    return set(_ALL_STRATEGIES)


def init_reductions():
    """Register the tensor reducers with multiprocessing's pickler (done on import)."""
    _shared.register_reductions()


init_reductions()
