"""The torch._dynamo and torch.compiler names programs set or call (config settings and
patch, optimize, run, disallow_in_graph, the recursion limit, the default backend, guard
filters, wrap_numpy...), compared with torch."""
from __future__ import annotations

import importlib
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import CPU_NUMPY, TORCH, cpu_only, requires_torch

import ember


def _dynamo(module):
    return importlib.import_module(f"{module.__name__}._dynamo")


def _error(fn, module):
    try:
        fn(module)
    except Exception as exc:  # noqa: BLE001 - the tests compare types and messages
        return type(exc).__name__, str(exc).replace("torch.", "ember.")
    raise AssertionError("no error raised")


def _same_error(fn):
    assert _error(fn, ember) == _error(fn, TORCH)


SETTINGS = ["cache_size_limit", "accumulated_cache_size_limit", "recompile_limit",
            "suppress_errors", "verbose", "capture_scalar_outputs", "optimize_ddp",
            "capture_dynamic_output_shape_ops", "automatic_dynamic_shapes",
            "assume_static_by_default", "specialize_int", "specialize_float",
            "force_parameter_static_shapes", "guard_nn_modules", "error_on_recompile",
            "compiled_autograd", "trace_numpy", "numpy_default_float", "dynamic_shapes",
            "fail_on_recompile_limit_hit", "allow_rnn"]


@requires_torch
@pytest.mark.parametrize("name", SETTINGS)
def test_config_defaults_match_torch(name):
    assert getattr(ember._dynamo.config, name) == getattr(_dynamo(TORCH).config, name)


@requires_torch
def test_config_refuses_unknown_names_and_patches_as_torch_does():
    _same_error(lambda m: setattr(_dynamo(m).config, "no_such_setting", 1))
    _same_error(lambda m: _dynamo(m).config.no_such_setting)

    def enter(m):
        with _dynamo(m).config.patch(no_such_setting=1):
            pass
    _same_error(enter)
    config = ember._dynamo.config
    with config.patch("verbose", True), config.patch({"suppress_errors": True}):
        assert config.verbose and config.suppress_errors
    assert not config.verbose and not config.suppress_errors

    @ember._dynamo.patch_dynamo_config(cache_size_limit=3)
    def limit():
        return config.recompile_limit
    assert limit() == 3 and config.cache_size_limit == 8
    with pytest.warns(FutureWarning, match="inline_inbuilt_nn_modules is deprecated"):
        assert config.inline_inbuilt_nn_modules is True


@requires_torch
def test_optimize_run_and_disallow_in_graph_compute_what_torch_does():
    def run(m):
        d = _dynamo(m)
        d.reset()

        @d.optimize("eager")
        def f(x):
            return x * 2 + 1
        strict = d.optimize_assert("eager")(lambda x: x.sin())
        plain = d.optimize("eager", disable=True)(lambda x: x - 1)
        banned = d.disallow_in_graph(m.cos)
        assert banned is m.cos
        x = m.tensor([0.5, -1.0])
        return [f(x), d.run(f)(x), strict(x), plain(x), banned(x)]
    for ours, theirs in zip(run(ember), run(TORCH)):
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.numpy(), rtol=1e-6)
    _same_error(lambda m: _dynamo(m).optimize("no_such_backend"))
    _same_error(lambda m: _dynamo(m).disallow_in_graph(lambda x: x))


@requires_torch
def test_dynamo_queries_and_limits_match_torch():
    for name in ("is_dynamo_supported", "is_inductor_supported", "get_recursion_limit"):
        assert getattr(ember._dynamo, name)() == getattr(_dynamo(TORCH), name)()
    _same_error(lambda m: _dynamo(m).set_recursion_limit(0))
    _same_error(lambda m: _dynamo(m).mark_static_address(3))
    ember._dynamo.set_recursion_limit(5)
    assert ember._dynamo.get_recursion_limit() == 5
    ember._dynamo.set_recursion_limit(-1)
    ember._dynamo.mark_static_address(ember.ones(1))
    ember._dynamo.skip_frame("outside a region: nothing")


def test_skip_frame_breaks_the_graph():
    def body(x):
        ember._dynamo.skip_frame("by request")
        return x + 1
    with pytest.raises(ember._dynamo.exc.Unsupported):
        ember.compile(body, fullgraph=True)(ember.ones(2))


@requires_torch
def test_compiler_default_backend_and_guard_collectives_match_torch():
    def run(m):
        c = m.compiler
        first = c.get_default_backend()
        c.set_default_backend("eager")
        second = c.get_default_backend()
        c.set_default_backend(None)
        flags = [c.set_enable_guard_collectives(True), c.set_enable_guard_collectives(False)]
        return first, second, c.get_default_backend(), flags
    assert run(ember) == run(TORCH)


@requires_torch
def test_guard_filters_match_torch():
    def run(m):
        entries = [SimpleNamespace(guard_type=kind, is_global=is_global, value=value)
                   for kind, is_global, value in [
                       ("TENSOR_MATCH", False, m.ones(1)), ("TENSOR_MATCH", True, m.ones(1)),
                       ("TENSOR_MATCH", False, m.nn.Parameter(m.ones(1))),
                       ("GLOBAL_STATE", True, None), ("SHAPE_ENV", False, None),
                       ("ID_MATCH", False, None)]]
        c = m.compiler
        return [c.skip_all_guards_unsafe(entries), c.skip_guard_on_globals_unsafe(entries),
                c.keep_portable_guards_unsafe(entries), c.keep_tensor_guards_unsafe(entries),
                c.keep_tensor_guards_unsafe(entries, keep_parameters=True)]
    assert run(ember) == run(TORCH)


@cpu_only(CPU_NUMPY)
@requires_torch
def test_wrap_numpy_and_nested_compile_region_match_torch():
    def run(m):
        f = m.compiler.wrap_numpy(lambda x, pair: (np.sum(x * pair[0], axis=0), pair[1], [x]))
        out = f(m.ones(2, 2, dtype=m.float64), (m.full((2, 2), 3.0), 7))
        region = m.compiler.nested_compile_region(lambda x: x.exp())
        return out[0].tolist(), out[1], out[2][0].dtype.is_floating_point, \
            region(m.zeros(1)).tolist()
    assert run(ember) == run(TORCH)
    _same_error(lambda m: m.compiler.wrap_numpy(lambda x: x)(m.ones(1, requires_grad=True)))
