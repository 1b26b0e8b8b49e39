"""ember.nn.utils: gradient clipping, parameter/vector conversion, sequence padding and packing,
parametrizations, spectral norm and batch-norm fusion."""
from __future__ import annotations

from . import fusion, parametrizations, parametrize, rnn, stateless  # noqa: F401
from .clip_grad import (  # noqa: F401
    clip_grad_norm,
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from .convert_parameters import parameters_to_vector, vector_to_parameters  # noqa: F401
from .weight_norm import remove_weight_norm, weight_norm  # noqa: F401
from .fusion import (  # noqa: F401
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
)
from .spectral_norm import remove_spectral_norm, spectral_norm  # noqa: F401


def skip_init(module_cls, *args, **kwargs):
    """Build ``module_cls(*args, **kwargs)`` without caring about its initial values.

    As torch does, it builds the module on the meta device (so no random number is drawn, on
    any device) and then gives it uninitialised memory on ``device`` (default: the CPU, as in
    torch, whatever the default device). The same checks as torch's: a Module class that takes
    ``device``.

    Args:
        module_cls: an ``nn.Module`` subclass whose constructor takes ``device``.
        args, kwargs: the constructor's arguments.

    Returns:
        The module.

    Example:
        >>> nn.utils.skip_init(nn.Linear, 2, 3).weight.shape
        ember.Size([3, 2])
    """
    import inspect

    from ..modules.module import Module
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")  # noqa: TRY004 - torch's
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    return module_cls(*args, device="meta", **kwargs).to_empty(device=final_device)


def _convert_weights(module, memory_format, kinds):
    from .. import modules
    if isinstance(module, tuple(getattr(modules, kind) for kind in kinds)):
        module.weight.data = module.weight.detach().clone(memory_format=memory_format)
    for child in module.children():
        _convert_weights(child, memory_format, kinds)
    return module


def convert_conv2d_weight_memory_format(module, memory_format):
    """Lay out the weight of every ``Conv2d`` and ``ConvTranspose2d`` in ``module`` (itself
    and its descendants) in ``memory_format``; the values and shapes stay the same, only the
    strides change (``channels_last``: channels vary fastest).

    Args:
        module (nn.Module): a convolution or a module containing some.
        memory_format: ``ember.channels_last`` or ``ember.contiguous_format``.

    Returns:
        nn.Module: ``module`` itself.

    Example:
        >>> model = ember.nn.Sequential(ember.nn.Conv2d(8, 4, 3), ember.nn.ReLU())
        >>> model = ember.nn.utils.convert_conv2d_weight_memory_format(
        ...     model, ember.channels_last)
        >>> model[0].weight.stride()
        (72, 1, 24, 8)
    """
    return _convert_weights(module, memory_format, ("Conv2d", "ConvTranspose2d"))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Lay out the weight of every ``Conv3d`` and ``ConvTranspose3d`` in ``module`` (itself
    and its descendants) in ``memory_format``; the values and shapes stay the same, only the
    strides change (``channels_last_3d``: channels vary fastest).

    Args:
        module (nn.Module): a convolution or a module containing some.
        memory_format: ``ember.channels_last_3d`` or ``ember.contiguous_format``.

    Returns:
        nn.Module: ``module`` itself.

    Example:
        >>> model = ember.nn.Sequential(ember.nn.Conv3d(8, 4, 2))
        >>> model = ember.nn.utils.convert_conv3d_weight_memory_format(
        ...     model, ember.channels_last_3d)
        >>> model[0].weight.stride()
        (64, 1, 32, 16, 8)
    """
    return _convert_weights(module, memory_format, ("Conv3d", "ConvTranspose3d"))
