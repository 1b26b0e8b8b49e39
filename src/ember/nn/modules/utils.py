"""Argument helpers shared by the layer modules: ``_pair(3) == (3, 3)`` and friends."""
from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, Iterable):
            return tuple(x)
        return tuple(repeat(x, n))
    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(values, n):
    """``(a, b)`` -> ``(b, b, a, a)`` for n=2: F.pad's last-dimension-first padding order."""
    return tuple(x for x in reversed(values) for _ in range(n))
