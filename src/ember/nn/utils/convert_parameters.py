"""Flatten parameters into one vector and back (for optimisers that work on vectors)."""
from __future__ import annotations

from ..._tensor import Tensor
from ..modules.module import typename

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _check_same_device(param, device):
    """The device index of ``param`` (-1 for CPU), erroring if it differs from ``device``."""
    index = param.get_device() if param.is_cuda else -1
    if device is not None and index != device:
        raise TypeError("Found two parameters on different devices, this is currently not "
                        "supported.")
    return index


def parameters_to_vector(parameters):
    """One 1-D tensor holding every parameter's elements in order (differentiable)."""
    from ... import cat
    device = None
    pieces = []
    for param in parameters:
        device = _check_same_device(param, device)
        pieces.append(param.view(-1))
    return cat(pieces)


def vector_to_parameters(vec, parameters):
    """Give each parameter, in order, the next ``numel`` elements of ``vec`` as its data."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected ember.Tensor, but got: {typename(vec)}")
    device = None
    pointer = 0
    for param in parameters:
        device = _check_same_device(param, device)
        count = param.numel()
        param.data = vec[pointer:pointer + count].view_as(param).data
        pointer += count
