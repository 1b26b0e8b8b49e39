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
from .ops.creation import Generator  # noqa: F401  torch._C.Generator is torch.Generator
from .ops.linalg import _LinAlgError  # noqa: F401  linalg.LinAlgError's own name


def _log_api_usage_once(event):
    """torch records which APIs a process used, once each, for its own usage statistics
    (torchvision's models call this in ``__init__``); ember keeps no such record, so the call
    only checks its argument as torch does."""
    if not isinstance(event, str):
        raise TypeError("bad argument type for built-in operation")


class TracingState:
    """What ``_get_tracing_state()`` returns while ``ember.jit.trace`` runs its example: model
    code only tests it for truth (``if torch._C._get_tracing_state():``); ember's trace records
    no TorchScript graph to hang on it."""


def _get_tracing_state():
    """A ``TracingState`` while ``ember.jit.trace`` runs its example inputs, else None, as
    torch's is None outside tracing."""
    from .jit import is_tracing
    return TracingState() if is_tracing() else None


def _set_grad_enabled(enabled):
    """Turn grad mode on or off for this thread, as ``ember.set_grad_enabled(enabled)`` called
    as a function does."""
    from .autograd.grad_mode import set_grad_enabled
    set_grad_enabled(enabled)


# torch's functional ops implemented in C++ live in torch._C._nn; code that FX generates calls
# them by that path (``torch._C._nn.gelu(x)``), so ember._C._nn holds the same functions.
_NN_NAMES = ("avg_pool2d", "avg_pool3d", "elu_", "gelu", "hardtanh_", "leaky_relu_", "linear",
             "logsigmoid", "one_hot", "scaled_dot_product_attention", "softplus", "softshrink")


def __getattr__(name):
    if name == "_nn":
        import types

        from .nn import functional
        module = types.ModuleType("ember._C._nn")
        for member in _NN_NAMES:
            setattr(module, member, getattr(functional, member))
        globals()["_nn"] = module
        return module
    raise AttributeError(f"module 'ember._C' has no attribute '{name}'")
