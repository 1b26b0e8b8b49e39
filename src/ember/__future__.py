"""``ember.__future__``: switches for behaviour that torch plans to make the default, read by
``nn.Module``'s conversions (``to``, ``double``, ``cuda``... all go through ``_apply``).

By default a conversion keeps each Parameter object and replaces its ``.data``. With
``set_overwrite_module_params_on_conversion(True)`` the module gets new Parameter objects
instead; with ``set_swap_module_params_on_conversion(True)`` each Parameter (and its ``.grad``)
keeps its identity but takes the converted tensor's whole state through
``ember.utils.swap_tensors``, so references held elsewhere (an optimizer's) see the new dtype.
"""
from __future__ import annotations

_overwrite_module_params_on_conversion = False
_swap_module_params_on_conversion = False

__all__ = ["get_overwrite_module_params_on_conversion",
           "get_swap_module_params_on_conversion",
           "set_overwrite_module_params_on_conversion",
           "set_swap_module_params_on_conversion"]


def set_overwrite_module_params_on_conversion(value: bool) -> None:
    """Make module conversions (``module.double()``, ``module.to(...)``) give the module new
    Parameter objects rather than change the existing ones' ``.data``.

    Args:
        value (bool): the new setting (default False).

    Example:
        >>> ember.__future__.set_overwrite_module_params_on_conversion(True)
        >>> layer = ember.nn.Linear(2, 2)
        >>> weight = layer.weight
        >>> layer.double().weight is weight
        False
        >>> ember.__future__.set_overwrite_module_params_on_conversion(False)
    """
    global _overwrite_module_params_on_conversion
    _overwrite_module_params_on_conversion = value


def get_overwrite_module_params_on_conversion() -> bool:
    """Whether module conversions give new Parameter objects (see
    ``set_overwrite_module_params_on_conversion``).

    Example:
        >>> ember.__future__.get_overwrite_module_params_on_conversion()
        False
    """
    return _overwrite_module_params_on_conversion


def set_swap_module_params_on_conversion(value: bool) -> None:
    """Make module conversions swap each Parameter's (and gradient's) state with the converted
    tensor through ``ember.utils.swap_tensors``: the objects stay, their dtype and device change.
    Takes precedence over ``set_overwrite_module_params_on_conversion``.

    Args:
        value (bool): the new setting (default False).

    Example:
        >>> ember.__future__.set_swap_module_params_on_conversion(True)
        >>> layer = ember.nn.Linear(2, 2)
        >>> weight = layer.weight
        >>> layer.double().weight is weight, weight.dtype
        (True, ember.float64)
        >>> ember.__future__.set_swap_module_params_on_conversion(False)
    """
    global _swap_module_params_on_conversion
    _swap_module_params_on_conversion = value


def get_swap_module_params_on_conversion() -> bool:
    """Whether module conversions swap Parameters' state in place (see
    ``set_swap_module_params_on_conversion``).

    Example:
        >>> ember.__future__.get_swap_module_params_on_conversion()
        False
    """
    return _swap_module_params_on_conversion
