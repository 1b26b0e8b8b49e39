"""ember._C: the few switches of torch's ``torch._C`` that Python programs use directly (the
``__torch_function__`` protocol's; see ``ember._subclass``)."""
from __future__ import annotations

from ._subclass import (  # noqa: F401
    DisableTorchFunction,
    DisableTorchFunctionSubclass,
    _disabled_torch_function_impl,
)
from ._subclass import is_torch_function_enabled as _is_torch_function_enabled  # noqa: F401
from ._subclass import is_torch_function_mode_enabled as _is_torch_function_mode_enabled  # noqa: F401
