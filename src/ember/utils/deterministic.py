"""What deterministic mode does to new memory: ``ember.utils.deterministic``.

``fill_uninitialized_memory`` (default True): while ``use_deterministic_algorithms(True)``
is on, ``empty`` and its kin fill new floating memory with NaN and integer memory with the
largest value, so a read before the first write shows. Set it to False to skip the fill.

Example:
    >>> ember.utils.deterministic.fill_uninitialized_memory
    True
"""
import sys
import types

from .. import _settings


class _Deterministic(types.ModuleType):
    @property
    def fill_uninitialized_memory(self):
        """Whether deterministic mode fills new memory (NaN, or the largest integer).

        Example:
            >>> ember.utils.deterministic.fill_uninitialized_memory
            True
        """
        return _settings._state["fill_uninitialized"]

    @fill_uninitialized_memory.setter
    def fill_uninitialized_memory(self, mode):
        if not isinstance(mode, bool):
            raise RuntimeError(f"expected a bool, but got {type(mode).__name__}")
        _settings._state["fill_uninitialized"] = mode


sys.modules[__name__].__class__ = _Deterministic
