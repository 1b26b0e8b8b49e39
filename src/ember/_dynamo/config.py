"""Settings of the compiler, under the names ``torch._dynamo.config`` uses.

``recompile_limit`` (alias ``cache_size_limit``) is how many plans one compiled callable keeps
for different input signatures before it stops capturing and runs eagerly, with a logged
warning as torch's; ``accumulated_recompile_limit`` bounds the total over all callables. The
other settings are torch's switches with torch's defaults, kept so that programs that set them
run; ember's capture-and-replay compiler has nothing they would change. As torch's, the module
refuses names it does not have, and ``config.patch(...)`` sets some for a ``with`` block or a
decorated function (src/ember/_config_module.py).
"""
from __future__ import annotations

from .._config_module import install

install(__name__, {
    "recompile_limit": 8,
    "accumulated_recompile_limit": 256,
    "suppress_errors": False,
    "verbose": False,
    "capture_scalar_outputs": False,
    "capture_dynamic_output_shape_ops": False,
    "optimize_ddp": True,
    "automatic_dynamic_shapes": True,
    "assume_static_by_default": True,
    "specialize_int": False,
    "specialize_float": False,
    "force_parameter_static_shapes": True,
    "force_nn_module_property_static_shapes": True,
    "guard_nn_modules": True,
    "error_on_recompile": False,
    "fail_on_recompile_limit_hit": False,
    "compiled_autograd": False,
    "trace_numpy": True,
    "numpy_default_float": "float64",
    "use_numpy_random_stream": False,
    "raise_on_ctx_manager_usage": True,
    "allow_unspec_int_on_nn_module": False,
    "skip_nnmodule_hook_guards": True,
    "dynamic_shapes": True,
    "replay_record_enabled": False,
    "log_compilation_metrics": True,
    "allow_rnn": False,
    "install_free_tensors": False,
    "do_not_emit_runtime_asserts": False,
    "prefer_deferred_runtime_asserts_over_guards": False,
    "enable_cpp_guard_manager": True,
    "report_guard_failures": True,
}, aliases={"cache_size_limit": "recompile_limit",
            "accumulated_cache_size_limit": "accumulated_recompile_limit"},
    deprecated={"inline_inbuilt_nn_modules": True})
