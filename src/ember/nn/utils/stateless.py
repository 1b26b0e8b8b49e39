"""The pre-2.0 home of ``functional_call`` (deprecated in favour of ``ember.func``)."""
from __future__ import annotations

import warnings

from ..._deprecated import _user_stacklevel

__all__ = ["functional_call"]


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """``module(*args, **kwargs)`` with some parameters and buffers replaced by the tensors in
    ``parameters_and_buffers`` for this call only; deprecated (with torch's FutureWarning)
    for ``ember.func.functional_call``, which it calls.

    Args:
        module (Module): the module to call.
        parameters_and_buffers (dict): ``{name: tensor}`` by state_dict name.
        args (tuple or Tensor, optional): the positional arguments.
        kwargs (dict, optional): the keyword arguments.
        tie_weights (bool): tied tensors are replaced together. Default: True.
        strict (bool): every parameter and buffer must be given. Default: False.

    Returns:
        the module's output.
    """
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 "
                  "and will be removed in a future version of PyTorch. Please use "
                  "`torch.func.functional_call` instead which is a drop-in replacement.",
                  FutureWarning, stacklevel=_user_stacklevel())
    from ...func import functional_call as func_functional_call
    return func_functional_call(module, parameters_and_buffers, args, kwargs,
                                tie_weights=tie_weights, strict=strict)
