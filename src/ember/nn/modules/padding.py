"""Padding layers: constant (and zero), reflection, replication and circular padding."""
from __future__ import annotations

from .. import functional as F
from .module import Module
from .utils import _ntuple, _pair, _quadruple

__all__ = [
    "CircularPad1d",
    "CircularPad2d",
    "CircularPad3d",
    "ConstantPad1d",
    "ConstantPad2d",
    "ConstantPad3d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReflectionPad3d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "ReplicationPad3d",
    "ZeroPad1d",
    "ZeroPad2d",
    "ZeroPad3d",
]

_sextuple = _ntuple(6, "_sextuple")


class _PadNd(Module):
    """Pads the last dims by ``padding`` = (left, right[, top, bottom[, front, back]])."""

    _mode = "constant"
    _tuple = None

    def __init__(self, padding):
        super().__init__()
        self.padding = type(self)._tuple(padding)

    def forward(self, input):
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    _tuple = staticmethod(_pair)


class ConstantPad2d(_ConstantPadNd):
    _tuple = staticmethod(_quadruple)


class ConstantPad3d(_ConstantPadNd):
    _tuple = staticmethod(_sextuple)


class ZeroPad1d(ConstantPad1d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad3d(ConstantPad3d):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    _mode, _tuple = "reflect", staticmethod(_pair)


class ReflectionPad2d(_PadNd):
    _mode, _tuple = "reflect", staticmethod(_quadruple)


class ReflectionPad3d(_PadNd):
    _mode, _tuple = "reflect", staticmethod(_sextuple)


class ReplicationPad1d(_PadNd):
    _mode, _tuple = "replicate", staticmethod(_pair)


class ReplicationPad2d(_PadNd):
    _mode, _tuple = "replicate", staticmethod(_quadruple)


class ReplicationPad3d(_PadNd):
    _mode, _tuple = "replicate", staticmethod(_sextuple)


class _CircularPadNd(_PadNd):
    _mode = "circular"
    _rank = 1  # the padded dims: the input has one or two more

    def forward(self, input):
        if input.dim() not in (self._rank + 1, self._rank + 2):
            raise ValueError(f"expected {self._rank + 1}D or {self._rank + 2}D input (got "
                             f"{input.dim()}D input)")
        return F.pad(input, self.padding, self._mode)


class CircularPad1d(_CircularPadNd):
    _tuple = staticmethod(_pair)


class CircularPad2d(_CircularPadNd):
    _tuple, _rank = staticmethod(_quadruple), 2


class CircularPad3d(_CircularPadNd):
    _tuple, _rank = staticmethod(_sextuple), 3
