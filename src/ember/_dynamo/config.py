"""Settings of the compiler, under the names ``torch._dynamo.config`` uses.

``recompile_limit`` (alias ``cache_size_limit``) is how many plans one compiled callable keeps
for different input signatures before it stops capturing and runs eagerly, with a logged
warning as torch's; ``accumulated_recompile_limit`` bounds the total over all callables.
"""
from __future__ import annotations

import sys
import types

recompile_limit = 8
accumulated_recompile_limit = 256
suppress_errors = False
verbose = False
capture_scalar_outputs = False
optimize_ddp = True
automatic_dynamic_shapes = True
assume_static_by_default = True


class _Config(types.ModuleType):
    """This module, with ``cache_size_limit`` read and written as ``recompile_limit``."""

    @property
    def cache_size_limit(self):
        return self.recompile_limit

    @cache_size_limit.setter
    def cache_size_limit(self, value):
        self.recompile_limit = value


sys.modules[__name__].__class__ = _Config
