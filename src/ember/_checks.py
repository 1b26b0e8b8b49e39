"""torch's assertion helpers that model code calls at the top level: ``torch._assert`` (in
torchvision's models), the ``torch._check*`` family (newer model and library code) and
``torch._assert_async``. Each raises torch's exception type with torch's message.
"""
from __future__ import annotations

import builtins
import warnings

from ._deprecated import _user_stacklevel
from ._tensor import Tensor

_DEFAULT = ("Expected cond to be True, but got False. (Could this error message be improved? "
            "If so, please report an enhancement request to PyTorch.)")


def _assert(condition, message):
    """``assert condition, message`` that scripting and tracing keep: raises
    ``AssertionError(message)`` when ``condition`` is false (a one-element tensor counts by its
    value)."""
    if not condition:
        raise AssertionError(message)


def _assert_async(tensor, assert_msg=None):
    """Raise ``RuntimeError`` unless the one-element ``tensor`` is nonzero (torch checks this on
    the device without waiting; ember checks it at once)."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"_assert_async(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(tensor).__name__}")
    if not builtins.bool(tensor):
        raise RuntimeError(assert_msg if assert_msg is not None
                           else "Expected Tensor with single nonzero value, but got zero")


def _check_with(error_type, cond, message):
    """Raise ``error_type(message())`` when ``cond`` (a Python bool) is False; ``message`` is a
    callable so that building the text costs nothing when the check passes."""
    if not (isinstance(error_type, type) and issubclass(error_type, Exception)):
        raise TypeError("issubclass() arg 1 must be a class")
    if isinstance(cond, Tensor):
        raise TypeError("cond must be a bool, but got a Tensor. For tensor conditions, use "
                        "torch._check_tensor_all() to assert that all elements are true.")
    if not isinstance(cond, builtins.bool):
        raise TypeError(f"cond must be a bool, but got {type(cond)}")
    if cond:
        return
    if message is None:
        text = _DEFAULT
    elif not callable(message):
        raise TypeError("message must be a callable")
    else:
        text = str(message())
    raise error_type(text)


def _check(cond, message=None):
    """``RuntimeError`` unless ``cond`` is True (see ``_check_with``)."""
    _check_with(RuntimeError, cond, message)


def _check_index(cond, message=None):
    """``IndexError`` unless ``cond`` is True (see ``_check_with``)."""
    _check_with(IndexError, cond, message)


def _check_value(cond, message=None):
    """``ValueError`` unless ``cond`` is True (see ``_check_with``)."""
    _check_with(ValueError, cond, message)


def _check_type(cond, message=None):
    """``TypeError`` unless ``cond`` is True (see ``_check_with``)."""
    _check_with(TypeError, cond, message)


def _check_not_implemented(cond, message=None):
    """``NotImplementedError`` unless ``cond`` is True (see ``_check_with``)."""
    _check_with(NotImplementedError, cond, message)


def _check_is_size(i, message=None, *, max=None):
    """Check that ``i`` can be a size: ``0 <= i`` (and ``i <= max`` when given); deprecated in
    torch in favour of ``_check(i >= 0)``, with its FutureWarning."""
    warnings.warn("_check_is_size will be removed in a future PyTorch release along with "
                  "guard_size_oblivious.     Use _check(i >= 0) instead.", FutureWarning,
                  stacklevel=_user_stacklevel())
    _check(i >= 0, message)
    if max is not None:
        _check(i <= max, message)


def _check_tensor_all_with(error_type, cond, message=None):
    """Raise ``error_type`` unless every element of the boolean tensor ``cond`` is True."""
    if not isinstance(cond, Tensor):
        raise TypeError(f"cond must be a tensor, but got {type(cond)}")
    if cond.dtype.name != "bool":
        raise TypeError(f"cond tensor must have dtype torch.bool, but got {cond.dtype}")
    _check_with(error_type, builtins.bool(cond.all()), message)


def _check_tensor_all(cond, message=None):
    """``RuntimeError`` unless every element of the boolean tensor ``cond`` is True."""
    _check_tensor_all_with(RuntimeError, cond, message)


NAMES = ["_assert", "_assert_async", "_check", "_check_index", "_check_value", "_check_type",
         "_check_not_implemented", "_check_is_size", "_check_with", "_check_tensor_all",
         "_check_tensor_all_with"]
