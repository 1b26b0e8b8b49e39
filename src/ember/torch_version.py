"""``ember.__version__``: a string that compares as a version, as ``torch.__version__`` does.

Programs written for PyTorch gate features on its version (``torch.__version__ >= "2.0"``,
``torch.__version__ > (1, 12)``, ``version.parse(torch.__version__)``). ember follows PyTorch's
API of one release (``ember.version.torch_version``), so its version string is that release with
ember's own release as the local label, ``2.13.0+ember.0.1.0``: version checks written for
PyTorch take the branch for the API ember implements, and the label still says it is ember.
"""
from __future__ import annotations

import operator
import re

__all__ = ["TorchVersion"]


def _packaging():
    """packaging.version.Version (pip's own dependency, loaded on first use), or None."""
    try:
        from packaging.version import Version
    except ImportError:  # a bare interpreter: compare the numeric release parts only
        return None
    return Version


class InvalidVersion(ValueError):
    """Raised by comparisons with a string that is not a version when packaging is missing."""


def _release(text):
    """The numeric release parts of a version string ("2.13.0+cpu" -> (2, 13, 0))."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    if match is None:
        raise InvalidVersion(f"Invalid version: '{text}'")
    parts = [int(p) for p in match.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _compared(compare):
    """A comparison method of TorchVersion: ``compare`` applied to both sides read as versions,
    or NotImplemented for an operand that is not a version (a number, say)."""
    def method(self, other):
        operands = self._operands(other)
        return NotImplemented if operands is None else compare(*operands)
    return method


class TorchVersion(str):
    """A ``str`` holding a version that compares with strings, tuples and ``Version`` objects as
    versions: ``"2.13.0" > "2.9"`` and ``> (2, 9)`` are both true, where plain strings compare
    letter by letter.

    Args:
        value: the version text.

    Returns:
        The version, usable wherever a ``str`` is.

    Example:
        >>> from ember.torch_version import TorchVersion
        >>> TorchVersion("2.13.0") > "2.9", TorchVersion("2.13.0") >= (2, 13)
        (True, True)
    """

    def _operands(self, other):
        if isinstance(other, (tuple, list)):
            other = ".".join(str(part) for part in other)
        version = _packaging()
        if version is not None:
            if isinstance(other, version):
                return version(str(self)), other
            if isinstance(other, str):
                return version(str(self)), version(other)
            return None
        if isinstance(other, str):
            return _release(str(self)), _release(other)
        return None

    __eq__ = _compared(operator.eq)
    __ne__ = _compared(operator.ne)
    __lt__ = _compared(operator.lt)
    __le__ = _compared(operator.le)
    __gt__ = _compared(operator.gt)
    __ge__ = _compared(operator.ge)
    __hash__ = str.__hash__
