"""ember.nn: neural-network building blocks; ``ember.nn.functional`` holds the stateless ops."""
from __future__ import annotations

from . import functional  # noqa: F401
from . import init, parameter  # noqa: F401,E402
from . import modules  # noqa: F401,E402
from .modules import *  # noqa: F401,F403,E402
from .modules.module import (register_module_forward_hook,  # noqa: F401,E402
                             register_module_forward_pre_hook,
                             register_module_full_backward_hook,
                             register_module_full_backward_pre_hook)
from .parameter import Buffer, Parameter  # noqa: F401,E402
from . import utils  # noqa: F401,E402
