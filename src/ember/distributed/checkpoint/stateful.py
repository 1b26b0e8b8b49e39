"""Objects that take part in a checkpoint through their own ``state_dict``/``load_state_dict``."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Stateful"]


@runtime_checkable
class Stateful(Protocol):
    def state_dict(self): ...

    def load_state_dict(self, state_dict): ...
