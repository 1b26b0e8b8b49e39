"""DataParallel: one process, the batch split over the CUDA devices, results gathered back.

On a machine without a CUDA device it wraps the module and calls it unchanged, as torch's
does there; the wrapper's state_dict keys carry the ``module.`` prefix either way.
"""
from __future__ import annotations

from ..modules.module import Module
from .parallel_apply import parallel_apply
from .replicate import replicate
from .scatter_gather import gather, scatter_kwargs

__all__ = ["DataParallel", "data_parallel"]


def _cuda_indices():
    """All CUDA device indices, or None when there is no CUDA device."""
    from ... import cuda
    return list(range(cuda.device_count())) if cuda.is_available() else None


def _index(device):
    """A device index from an int, a ``cuda:N`` string or device (no index: the current)."""
    if isinstance(device, int):
        return device
    from ... import cuda
    from ..._device import as_device
    device = as_device(device)
    return device.index if device.index is not None else cuda.current_device()


def _check_on(module, source):
    from itertools import chain
    for t in chain(module.parameters(), module.buffers()):
        if t.device != source:
            raise RuntimeError("module must have its parameters and buffers on device "
                               f"{source} (device_ids[0]) but found one of them on device: "
                               f"{t.device}")


def _run(module, inputs, kwargs, device_ids, output_device, dim):
    inputs, kwargs = scatter_kwargs(inputs, kwargs, device_ids, dim)
    if not inputs and not kwargs:
        inputs, kwargs = ((),), ({},)
    if len(device_ids) == 1:
        return module(*inputs[0], **kwargs[0])
    used = device_ids[:len(inputs)]
    outputs = parallel_apply(replicate(module, used), inputs, kwargs, used)
    return gather(outputs, output_device, dim)


class DataParallel(Module):
    """Data parallelism in one process over CUDA devices (full docstring in ember._docs.nn)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        all_indices = _cuda_indices()
        if all_indices is None:
            self.module = module
            self.device_ids = []
            return
        from ..._device import device as make_device
        device_ids = all_indices if device_ids is None else device_ids
        self.dim = dim
        self.module = module
        self.device_ids = [_index(d) for d in device_ids]
        self.output_device = _index(device_ids[0] if output_device is None else output_device)
        self.src_device_obj = make_device("cuda", self.device_ids[0])
        if len(self.device_ids) == 1:
            self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        _check_on(self.module, self.src_device_obj)
        return _run(self.module, inputs, kwargs, self.device_ids, self.output_device, self.dim)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0,
                  module_kwargs=None):
    """Evaluate ``module(*inputs)`` with the batch split over ``device_ids`` (the functional
    form of DataParallel; the module must already be on ``device_ids[0]``).

    Args:
        module (Module): the module to evaluate.
        inputs (Tensor or tuple): the positional inputs.
        device_ids (list of int or device, optional): the devices (default: all CUDA devices).
        output_device (int or device, optional): where the output goes (default:
            ``device_ids[0]``).
        dim (int): the batch dimension. Default: 0.
        module_kwargs (dict, optional): keyword arguments for the module.

    Returns:
        the module's output, gathered on ``output_device``.
    """
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    all_indices = _cuda_indices()
    if all_indices is None:
        raise RuntimeError("device type could not be determined")
    from ..._device import device as make_device
    device_ids = all_indices if device_ids is None else device_ids
    output_device = _index(device_ids[0] if output_device is None else output_device)
    device_ids = [_index(d) for d in device_ids]
    _check_on(module, make_device("cuda", device_ids[0]))
    return _run(module, inputs, module_kwargs, device_ids, output_device, dim)
