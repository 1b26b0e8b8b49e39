"""Run each replica on its own piece of the batch."""
from __future__ import annotations

__all__ = ["parallel_apply"]


def parallel_apply(modules, inputs, kwargs_tup=None, devices=None):
    """``[modules[i](*inputs[i], **kwargs_tup[i]) for i ...]``.

    The calls run one after the other in this thread: each device's work is queued
    asynchronously by the array library, so the devices still compute concurrently, and grad
    mode and autocast state stay those of the caller. A non-tuple input is passed as the only
    argument.

    Args:
        modules (list of Module): the replicas.
        inputs (list): one argument tuple (or single argument) per replica.
        kwargs_tup (list of dict, optional): one keyword dict per replica.
        devices (list, optional): accepted for compatibility; each replica already lives on
            its device.

    Returns:
        list: the replicas' outputs, in order.
    """
    if len(modules) != len(inputs):
        raise AssertionError(f"The number of modules {len(modules)} is not equal to the number "
                             f"of inputs {len(inputs)}")
    if kwargs_tup is None:
        kwargs_tup = ({},) * len(modules)
    if len(modules) != len(kwargs_tup):
        raise AssertionError(f"The number of modules {len(modules)} is not equal to the number "
                             f"of kwargs {len(kwargs_tup)}")
    return [module(*(args if isinstance(args, (list, tuple)) else (args,)), **kwargs)
            for module, args, kwargs in zip(modules, inputs, kwargs_tup)]
