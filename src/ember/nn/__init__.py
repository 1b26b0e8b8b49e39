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

from .._docs import functional as _docs_functional, module as _docs_module, nn as _docs_nn  # noqa: E402,F401,I001
