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

    torch builds it on the meta device and leaves the storage uninitialised, so any values are
    what it promises; ember builds it normally (the values are the usual initialisation, the
    time saving is not there) with the global generator's state put back afterwards, so that,
    as in torch, no random number is consumed and later draws match torch's. The same checks
    as torch's: a Module class that takes ``device``.

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
    from ...ops.creation import get_rng_state, set_rng_state
    state = get_rng_state()
    try:
        return module_cls(*args, **kwargs)
    finally:
        set_rng_state(state)
