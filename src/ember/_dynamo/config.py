"""Settings of the compiler, under the names ``torch._dynamo.config`` uses.

``recompile_limit`` (alias ``cache_size_limit``) is how many plans one compiled callable keeps
for different input signatures before it stops capturing and runs eagerly, with a logged
warning as torch's; ``accumulated_recompile_limit`` bounds the total over all callables. The
other settings are torch's switches with torch's defaults, kept so that programs that set them
run; ember's capture-and-replay compiler has nothing they would change. As torch's, the module
refuses names it does not have, and ``config.patch(...)`` sets some for a ``with`` block or a
decorated function.
"""
from __future__ import annotations

import contextlib
import sys
import types
import warnings

recompile_limit = 8
accumulated_recompile_limit = 256
suppress_errors = False
verbose = False
capture_scalar_outputs = False
capture_dynamic_output_shape_ops = False
optimize_ddp = True
automatic_dynamic_shapes = True
assume_static_by_default = True
specialize_int = False
specialize_float = False
force_parameter_static_shapes = True
force_nn_module_property_static_shapes = True
guard_nn_modules = True
error_on_recompile = False
fail_on_recompile_limit_hit = False
compiled_autograd = False
trace_numpy = True
numpy_default_float = "float64"
use_numpy_random_stream = False
raise_on_ctx_manager_usage = True
allow_unspec_int_on_nn_module = False
skip_nnmodule_hook_guards = True
dynamic_shapes = True
replay_record_enabled = False
log_compilation_metrics = True
allow_rnn = False
install_free_tensors = False
do_not_emit_runtime_asserts = False
prefer_deferred_runtime_asserts_over_guards = False
enable_cpp_guard_manager = True
report_guard_failures = True

_ALIASES = {"cache_size_limit": "recompile_limit",
            "accumulated_cache_size_limit": "accumulated_recompile_limit"}
_DEPRECATED = {"inline_inbuilt_nn_modules": True}


class _Config(types.ModuleType):
    """This module: the aliases read and write their targets, unknown names are refused."""

    def __getattr__(self, name):
        if name in _ALIASES:
            return getattr(self, _ALIASES[name])
        if name in _DEPRECATED:
            warnings.warn(f"ember._dynamo.config.{name} is deprecated and does not do anything, "
                          f"{name} is always {_DEPRECATED[name]}. It will be removed in a "
                          f"future version of PyTorch.", FutureWarning, stacklevel=2)
            return _DEPRECATED[name]
        raise AttributeError(f"ember._dynamo.config.{name} does not exist")

    def __setattr__(self, name, value):
        if name in _ALIASES:
            name = _ALIASES[name]
        elif name not in self.__dict__ and name not in _DEPRECATED:
            raise AttributeError(f"ember._dynamo.config.{name} does not exist")
        if name not in _DEPRECATED:
            super().__setattr__(name, value)


def patch(arg1=None, arg2=None, **changes):
    """Set settings for a ``with`` block or each call of a decorated function, then put the
    old values back: ``patch("verbose", True)``, ``patch({"verbose": True})`` or
    ``patch(verbose=True)``.

    Args:
        arg1 (str or dict, optional): a setting's name, or a dict of settings.
        arg2 (optional): the value, when ``arg1`` is a name.
        changes: settings as keyword arguments.

    Returns:
        A context manager that is also a decorator.

    Example:
        >>> from ember._dynamo import config
        >>> with config.patch(suppress_errors=True):
        ...     print(config.suppress_errors)
        True
        >>> config.suppress_errors
        False
    """
    if isinstance(arg1, str):
        changes[arg1] = arg2
    elif isinstance(arg1, dict):
        changes.update(arg1)
    module = sys.modules[__name__]

    class _Patch(contextlib.ContextDecorator):
        def __enter__(self):
            self.saved = {name: getattr(module, name) for name in changes}
            for name, value in changes.items():
                setattr(module, name, value)
            return self

        def __exit__(self, *exc):
            for name, value in self.saved.items():
                setattr(module, name, value)
            return False

    return _Patch()


sys.modules[__name__].__class__ = _Config
