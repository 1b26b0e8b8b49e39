"""ember.nn: neural-network building blocks; ``ember.nn.functional`` holds the stateless ops."""
from __future__ import annotations

from . import attention, functional, grad, init, modules, parallel, parameter, utils  # noqa: F401
from .modules import *
from .modules.module import (  # noqa: F401
                             register_module_forward_hook,
                             register_module_forward_pre_hook,
                             register_module_full_backward_hook,
                             register_module_full_backward_pre_hook,
)
from .parallel import DataParallel
from .parameter import (  # noqa: F401
    Buffer,
    Parameter,
    UninitializedBuffer,
    UninitializedParameter,
)



def factory_kwargs(kwargs):
    """The factory arguments (``device``, ``dtype``, ``memory_format``) of a module's
    ``**kwargs``, merged with those given under ``factory_kwargs``, as one dict to pass to
    ``ember.empty`` and the like; other keys, or a key given both ways, raise ``TypeError``.

    Args:
        kwargs (dict or None): a module constructor's keyword arguments.

    Returns:
        dict: the factory arguments.

    Example:
        >>> ember.nn.factory_kwargs({"dtype": ember.float64, "factory_kwargs": {"device": "cpu"}})
        {'device': 'cpu', 'dtype': ember.float64}
    """
    if kwargs is None:
        return {}
    simple = {"device", "dtype", "memory_format"}
    unexpected = kwargs.keys() - simple - {"factory_kwargs"}
    if unexpected:
        raise TypeError(f"unexpected kwargs {unexpected}")
    merged = dict(kwargs.get("factory_kwargs", {}))
    for key in simple:
        if key in kwargs:
            if key in merged:
                raise TypeError(f"{key} specified twice, in **kwargs and in factory_kwargs")
            merged[key] = kwargs[key]
    return merged


from .._docs import functional as _docs_functional, module as _docs_module, nn as _docs_nn  # noqa: E402,F401,I001
