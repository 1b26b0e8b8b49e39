"""ember._utils: the rebuild functions pickles of tensors name (``torch._utils``).

A tensor pickled by torch's protocol is ``_rebuild_tensor_v2(storage, storage_offset, size,
stride, requires_grad, backward_hooks)`` over a typed storage (``_rebuild_tensor_v3`` with an
untyped storage and its dtype; ``_rebuild_parameter`` wraps a Parameter). These rebuild a
tensor viewing that storage, so code that calls them, or unpickles data naming them, gets the
tensor torch would.
"""
from __future__ import annotations

from collections import OrderedDict

__all__ = []


def _rebuild_tensor(storage, storage_offset, size, stride):
    """The tensor of ``size`` and ``stride`` viewing a typed ``storage`` from
    ``storage_offset``."""
    from . import empty
    tensor = empty((0,), dtype=storage.dtype, device=storage.device)
    return tensor.set_(storage, storage_offset, size, stride)


def _set_extras(tensor, requires_grad, backward_hooks):
    tensor.requires_grad = requires_grad
    if backward_hooks:
        # torch keeps these for the legacy hook API only; they are set, not called, as there.
        tensor._backward_hooks = backward_hooks
    return tensor


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    """``_rebuild_tensor`` plus the ``requires_grad`` flag (the form torch pickles).

    Args:
        storage (TypedStorage): the data.
        storage_offset (int): first element.
        size (tuple of int): the shape.
        stride (tuple of int): the strides.
        requires_grad (bool): the flag.
        backward_hooks (OrderedDict): legacy hooks (kept, as torch keeps them).
        metadata (dict, optional): the conj/neg bits torch records (a negated view is
            materialised, as ember's checkpoint loader does).
    """
    tensor = _rebuild_tensor(storage, storage_offset, size, stride)
    if metadata:
        from .serialization._zipformat import _with_lazy_bits
        tensor = _with_lazy_bits(tensor, metadata)
    return _set_extras(tensor, requires_grad, backward_hooks)


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       dtype, metadata=None):
    """``_rebuild_tensor_v2`` with the storage's bytes seen as ``dtype`` (torch's form for
    dtypes without a typed storage class)."""
    from . import empty
    untyped = getattr(storage, "_untyped_storage", storage)
    tensor = empty((0,), dtype=dtype, device=untyped.device)
    tensor = tensor.set_(untyped, storage_offset, size, stride)
    if metadata:
        from .serialization._zipformat import _with_lazy_bits
        tensor = _with_lazy_bits(tensor, metadata)
    return _set_extras(tensor, requires_grad, backward_hooks)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    """A Parameter over ``data`` with the ``requires_grad`` flag."""
    from .nn import Parameter
    param = Parameter(data, requires_grad)
    param._backward_hooks = backward_hooks
    return param


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    """``_rebuild_parameter`` plus the Python attributes the Parameter carried."""
    param = _rebuild_parameter(data, requires_grad, backward_hooks)
    for key, value in (state or {}).items():
        setattr(param, key, value)
    return param


def _get_available_device_type():
    """"cuda" when ember has a CUDA device, else None (as torch's helper)."""
    from . import cuda
    return "cuda" if cuda.is_available() else None


def _get_device_index(device, optional=False, allow_cpu=False):
    """The index of ``device`` (a device, string or int): its ``.index``, else the current
    CUDA device when ``optional``; CPU devices need ``allow_cpu`` (then -1)."""
    from ._device import device as device_type
    if isinstance(device, str):
        device = device_type(device)
    if isinstance(device, device_type):
        if device.type == "cpu":
            if not allow_cpu:
                raise ValueError(f"Expected a non cpu device, but got: {device}")
            return -1
        if device.index is not None:
            return device.index
    elif isinstance(device, int):
        return device
    elif device is not None:
        raise ValueError(f"Expected a torch.device with a specified index or an integer, but "
                         f"got:{device}")
    if optional:
        from . import cuda
        return cuda.current_device()
    raise ValueError(f"Expected a torch.device with a specified index or an integer, but "
                     f"got:{device}")


_BACKWARD_HOOKS_TYPE = OrderedDict
