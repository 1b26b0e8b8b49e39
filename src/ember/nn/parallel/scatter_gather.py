"""Scatter a batch over devices and gather the results back (DataParallel's data movement)."""
from __future__ import annotations

import warnings

from ..._deprecated import _user_stacklevel
from ..._tensor import Tensor

__all__ = ["gather", "scatter", "scatter_kwargs"]


def _device(index):
    from ..._device import as_device
    return as_device(index) if not isinstance(index, int) else as_device(f"cuda:{index}")


def scatter(inputs, target_gpus, dim=0):
    """Split every tensor in ``inputs`` into ``len(target_gpus)`` chunks along ``dim`` and move
    chunk i to device ``target_gpus[i]``.

    Tuples, lists and dicts are split element by element (one structure per device); other
    objects are repeated as they are. Moving a tensor is differentiable, so gradients reach
    the whole batch. Fewer chunks than devices are made when the batch is smaller.

    Args:
        inputs: a tensor, or a structure of tensors and other objects.
        target_gpus (list of int or device): the devices, in order.
        dim (int): the dimension the batch is split along. Default: 0.

    Returns:
        list: one piece of ``inputs`` per device used.
    """
    devices = [_device(index) for index in target_gpus]

    def split(obj):
        if isinstance(obj, Tensor):
            return [chunk.to(device) for chunk, device in zip(obj.chunk(len(devices), dim),
                                                              devices)]
        if isinstance(obj, tuple) and hasattr(obj, "_fields"):
            return [type(obj)(*parts) for parts in zip(*map(split, obj))]
        if isinstance(obj, tuple) and obj:
            return list(zip(*map(split, obj)))
        if isinstance(obj, list) and obj:
            return [list(parts) for parts in zip(*map(split, obj))]
        if isinstance(obj, dict) and obj:
            return [type(obj)(parts) for parts in zip(*map(split, obj.items()))]
        return [obj] * len(devices)

    return split(inputs)


def scatter_kwargs(inputs, kwargs, target_gpus, dim=0):
    """``scatter`` of the positional and of the keyword arguments, padded to the same
    number of pieces (empty tuples / dicts)."""
    scattered_inputs = scatter(inputs, target_gpus, dim) if inputs else []
    scattered_kwargs = scatter(kwargs, target_gpus, dim) if kwargs else []
    while len(scattered_inputs) < len(scattered_kwargs):
        scattered_inputs.append(())
    while len(scattered_kwargs) < len(scattered_inputs):
        scattered_kwargs.append({})
    return tuple(scattered_inputs), tuple(scattered_kwargs)


def gather(outputs, target_device, dim=0):
    """Concatenate the per-device ``outputs`` along ``dim`` on ``target_device`` (the
    inverse of ``scatter``; tuples, lists and dicts element by element; differentiable).

    Args:
        outputs (list): one result per device, all of the same structure.
        target_device (int or device): where the result goes (``-1``: the CPU).
        dim (int): the dimension to concatenate along. Default: 0.

    Returns:
        the results joined into one structure.
    """
    from ...ops.joining import cat
    device = "cpu" if target_device == -1 else _device(target_device)

    def join(parts):
        first = parts[0]
        if isinstance(first, Tensor):
            if first.dim() == 0:
                warnings.warn("Was asked to gather along dimension 0, but all input tensors "
                              "were scalars; will instead unsqueeze and return a vector.",
                              stacklevel=_user_stacklevel())
                return cat([part.to(device).reshape(1) for part in parts], 0)
            return cat([part.to(device) for part in parts], dim)
        if first is None:
            return None
        if isinstance(first, dict):
            if any(len(part) != len(first) for part in parts):
                raise ValueError("All dicts must have the same number of keys")
            return type(first)((key, join([part[key] for part in parts])) for key in first)
        if isinstance(first, tuple) and hasattr(first, "_fields"):
            return type(first)(*map(join, zip(*parts)))
        return type(first)(map(join, zip(*parts)))

    return join(outputs)
