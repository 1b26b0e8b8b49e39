"""Names of nn.attention, the profilers and torch.cuda that a CPU-only machine answers:
SDPAParams and the kernel checks, the flash-attention registry, KinetoStepTracker, emit_nvtx
and emit_itt, the profiler enums, and torch.cuda's graphs, pools, storages, NVML queries and
host-memory statistics, each compared with torch."""
from __future__ import annotations

import importlib
import warnings

import pytest
from conftest import TORCH, requires_torch

import ember


def _outcome(fn, module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", fn(module)
        except Exception as exc:  # noqa: BLE001 - the tests compare types
            return "error", type(exc).__name__


def _no_cuda():
    return not ember.cuda.is_available() and TORCH is not None and not TORCH.cuda.is_available()


# -- nn.attention --------------------------------------------------------------------------------
@requires_torch
@pytest.mark.parametrize("check", ["can_use_flash_attention", "can_use_efficient_attention"])
@pytest.mark.parametrize("debug", [False, True])
def test_attention_kernel_checks_match_torch(check, debug):
    def run(m):
        q = m.ones(1, 2, 3, 4)
        params = m.nn.attention.SDPAParams(q, q, q, None, 0.0, True, False)
        assert params.query is q and params.is_causal and params.dropout == 0.0
        return getattr(m.nn.attention, check)(params, debug)
    assert run(ember) == run(TORCH)
    q = ember.ones(1, 2, 3, 4)
    assert ember.backends.cuda.can_use_cudnn_attention(
        ember.backends.cuda.SDPAParams(q, q, q, None, 0.0, False, False)) is \
        TORCH.backends.cuda.can_use_cudnn_attention(
            TORCH.backends.cuda.SDPAParams(*([TORCH.ones(1, 2, 3, 4)] * 3), None, 0.0, False,
                                           False))


@requires_torch
def test_flash_attention_registry_matches_torch():
    def run(m):
        attention = m.nn.attention
        listed = attention.list_flash_attention_impls()[:2]
        unknown = _outcome(lambda mm: mm.nn.attention.activate_flash_attention_impl("XX"), m)
        missing = _outcome(lambda mm: mm.nn.attention.activate_flash_attention_impl("FA3"), m)
        removed = []

        class Handle:
            def remove(self):
                removed.append(True)
        attention.register_flash_attention_impl("TestImpl", register_fn=Handle)
        attention.activate_flash_attention_impl("TestImpl")
        active = attention.current_flash_attention_impl()
        attention.restore_flash_attention_impl()
        return (listed, unknown, missing, active, attention.current_flash_attention_impl(),
                removed, attention.WARN_FOR_UNFUSED_KERNELS)
    assert run(ember) == run(TORCH)


# -- profilers -----------------------------------------------------------------------------------
@requires_torch
def test_kineto_step_tracker_counts_as_torchs():
    def run(m):
        tracker = m.autograd.profiler.KinetoStepTracker
        start = tracker.current_step()
        tracker.init_step_count("first")
        steps = [tracker.increment_step("first") - start, tracker.increment_step("first") - start]
        tracker.init_step_count("second")
        steps.append(tracker.increment_step("second") - start)
        steps += [tracker.erase_step_count("first"), tracker.erase_step_count("first"),
                  tracker.erase_step_count("second"), tracker.current_step() - start]
        return steps
    assert run(ember) == run(TORCH)
    assert ember.profiler.KinetoStepTracker is ember.autograd.profiler.KinetoStepTracker


@requires_torch
@pytest.mark.parametrize(("path", "name"), [
    ("autograd.profiler", "DeviceType"), ("autograd.profiler", "ProfilerState"),
    ("profiler", "RecordScope"), ("profiler", "DeviceType"), ("autograd", "DeviceType"),
    ("autograd", "ProfilerState")])
def test_profiler_enums_have_torchs_members(path, name):
    ours = getattr(importlib.import_module(f"ember.{path}"), name)
    theirs = getattr(importlib.import_module(f"torch.{path}"), name)
    assert {member.name: int(member.value) for member in ours} == \
        {key: int(value) for key, value in theirs.__members__.items()}


@requires_torch
def test_emit_ranges_and_profiler_reexports_match_torch():
    def itt(m):
        with m.autograd.profiler.emit_itt(), m.autograd.profiler.emit_nvtx(enabled=False):
            return m.ones(2).sum().item()
    assert _outcome(itt, ember) == _outcome(itt, TORCH)
    assert ember.profiler.Optimizer is ember.optim.Optimizer
    assert ember.profiler.register_optimizer_step_post_hook is \
        ember.optim.optimizer.register_optimizer_step_post_hook
    assert ember.autograd.profiler.ProfilerActivity is ember.profiler.ProfilerActivity
    if _no_cuda():
        def nvtx(m):
            with m.autograd.profiler.emit_nvtx():
                pass
        assert _outcome(nvtx, ember) == _outcome(nvtx, TORCH)


# -- torch.cuda without a device -----------------------------------------------------------------
CUDA_CALLS = {
    "CUDAGraph": lambda m: m.cuda.CUDAGraph(),
    "MemPool": lambda m: m.cuda.MemPool(),
    "graph": lambda m: m.cuda.graph(None),
    "graph_pool_handle": lambda m: m.cuda.graph_pool_handle(),
    "is_current_stream_capturing": lambda m: m.cuda.is_current_stream_capturing(),
    "make_graphed_callables": lambda m: m.cuda.make_graphed_callables(abs, (m.ones(1),)),
    "FloatStorage": lambda m: m.cuda.FloatStorage(2),
    "LongStorage": lambda m: m.cuda.LongStorage([1, 2]),
    "memory_stats_as_nested_dict": lambda m: m.cuda.memory_stats_as_nested_dict(),
    "host_memory_stats": lambda m: dict(m.cuda.host_memory_stats()),
    "host_memory_stats_as_nested_dict": lambda m: m.cuda.host_memory_stats_as_nested_dict(),
    "temperature": lambda m: m.cuda.temperature(),
    "power_draw": lambda m: m.cuda.power_draw(),
    "clock_rate": lambda m: m.cuda.clock_rate(),
    "memory_usage": lambda m: m.cuda.memory_usage(),
    "device_memory_used": lambda m: m.cuda.device_memory_used(),
}


@requires_torch
@pytest.mark.parametrize("name", CUDA_CALLS)
def test_cuda_names_answer_as_torch_without_a_device(name):
    if not _no_cuda():
        pytest.skip("a CUDA device is present: these check the CPU-only answers")
    if name in ("temperature", "power_draw", "clock_rate", "memory_usage",
                "device_memory_used") and importlib.util.find_spec("pynvml"):
        pytest.skip("nvidia-ml-py is installed: torch and ember then ask NVML")
    assert _outcome(CUDA_CALLS[name], ember) == _outcome(CUDA_CALLS[name], TORCH)


def test_cuda_error_classes():
    assert issubclass(ember.cuda.CudaError, RuntimeError)
    assert ember.cuda.AcceleratorError is ember.AcceleratorError
    assert "2" in str(ember.cuda.CudaError(2))
    assert all(hasattr(ember.cuda, name) for name in ember._storage.LEGACY)
