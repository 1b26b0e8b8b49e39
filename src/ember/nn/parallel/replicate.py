"""Copies of a module on several devices whose parameters stay tied to the original's."""
from __future__ import annotations

from ...autograd import grad_mode

__all__ = ["replicate"]


def _copy_structure(module, device, detach, memo):
    """A shallow copy of ``module`` (and, recursively, its children) whose parameters are the
    originals moved to ``device``: a differentiable copy, so a replica's gradients flow back
    into the original parameters (no copy's own .grad), unless ``detach``."""
    if module in memo:
        return memo[module]
    replica = module.__new__(type(module))
    replica.__dict__ = module.__dict__.copy()
    memo[module] = replica
    parameters = {}
    for name, param in module._parameters.items():
        if param is None:
            parameters[name] = None
            continue
        with grad_mode.set_grad_enabled(not detach and grad_mode.is_grad_enabled()):
            moved = param.to(device)
        parameters[name] = moved.detach() if detach else moved
    replica.__dict__["_parameters"] = parameters
    replica.__dict__["_buffers"] = {name: None if buffer is None else buffer.to(device)
                                    for name, buffer in module._buffers.items()}
    replica.__dict__["_modules"] = {name: None if child is None
                                    else _copy_structure(child, device, detach, memo)
                                    for name, child in module._modules.items()}
    return replica


def replicate(network, devices, detach=False):
    """One copy of ``network`` per device in ``devices``, sharing its structure and attributes.

    Each copy's parameters are the original parameters moved to its device through a
    differentiable copy, so ``backward`` through any replica accumulates into the original
    parameters' ``.grad``; with ``detach=True`` the copies are cut from the graph. Buffers are
    copied to each device.

    Args:
        network (Module): the module to replicate.
        devices (list of int or device): the target devices.
        detach (bool): cut the replicas' parameters from the autograd graph. Default: False.

    Returns:
        list of Module: the replicas, in the order of ``devices``.
    """
    from .scatter_gather import _device
    return [_copy_structure(network, _device(device), detach, {}) for device in devices]
