"""ember.xpu, ember.mps and ember.accelerator on a machine without those devices: each query
answers, and each call needing a device fails, as torch's do on a CPU-only machine."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

XPU_VALUES = ["is_available", "device_count", "is_initialized", "is_bf16_supported",
              "is_tf32_supported", "get_arch_list", "get_gencode_flags", "empty_cache",
              "memory_allocated", "max_memory_allocated", "memory_reserved",
              "max_memory_reserved", "memory_snapshot", "get_rng_state_all", "seed", "seed_all"]
XPU_RAISING = ["init", "current_device", "get_device_name", "get_device_properties",
               "get_device_capability", "synchronize", "get_rng_state", "initial_seed",
               "current_stream", "mem_get_info", "get_per_process_memory_fraction"]
MPS_RAISING = ["synchronize", "get_rng_state", "seed", "empty_cache", "current_allocated_memory",
               "driver_allocated_memory", "recommended_max_memory"]
ACCELERATOR_RAISING = ["current_stream", "empty_host_cache", "get_device_capability",
                       "get_memory_info", "memory_reserved", "max_memory_reserved",
                       "memory_stats", "reset_accumulated_memory_stats",
                       "reset_peak_memory_stats", "memory_allocated", "max_memory_allocated",
                       "empty_cache", "synchronize", "current_device_index"]


def _outcome(call):
    try:
        value = call()
    except Exception as error:  # noqa: BLE001 - the test compares the types
        return ("raises", type(error).__name__)
    return ("returns", value)


pytestmark = pytest.mark.skipif(ember.cuda.is_available(), reason="needs a machine without GPU")


@requires_torch
@pytest.mark.parametrize("name", XPU_VALUES + XPU_RAISING)
def test_xpu_query_as_torch(name):
    ours = _outcome(getattr(ember.xpu, name))
    assert ours == _outcome(getattr(TORCH.xpu, name))
    assert (ours[0] == "raises") == (name in XPU_RAISING)


@requires_torch
def test_xpu_seeding_and_contexts():
    for lib in (ember, TORCH):
        assert lib.xpu.manual_seed(0) is None and lib.xpu.manual_seed_all(1) is None
        assert lib.xpu.set_rng_state(lib.zeros(3, dtype=lib.uint8)) is None
        assert dict(lib.xpu.memory_stats()) == {}
        assert lib.xpu.set_stream(None) is None
        with lib.xpu.stream(None):
            pass
        for context in (lib.xpu.device(0), lib.xpu.device_of(lib.zeros(1))):
            with pytest.raises(NotImplementedError):
                context.__enter__()
        for make in (lib.xpu.Stream, lib.xpu.Event):
            with pytest.raises(RuntimeError):
                make()
        with pytest.raises(AssertionError):
            lib.xpu.set_device(0)
        assert lib.get_device_module("xpu") is lib.xpu
        assert lib.get_device_module("mps") is lib.mps


@requires_torch
@pytest.mark.parametrize("name", MPS_RAISING)
def test_mps_needs_the_backend_as_torch(name):
    with pytest.raises(RuntimeError) as ours:
        getattr(ember.mps, name)()
    with pytest.raises(RuntimeError) as theirs:
        getattr(TORCH.mps, name)()
    assert str(ours.value) == str(theirs.value)


@requires_torch
def test_mps_queries():
    for lib in (ember, TORCH):
        assert (lib.mps.is_available(), lib.mps.device_count()) == (False, 0)
        assert lib.mps.manual_seed(3) is None
        with pytest.raises(RuntimeError, match="without MPS backend"):
            lib.mps.set_rng_state(lib.zeros(3, dtype=lib.uint8))
        with pytest.raises(RuntimeError, match="without MPS backend"):
            lib.mps.set_per_process_memory_fraction(0.5)
        with pytest.raises(RuntimeError, match="MPS is not available"):
            lib.mps.compile_shader("kernel void f() {}")


@requires_torch
@pytest.mark.parametrize("name", ACCELERATOR_RAISING)
def test_accelerator_needs_a_device_as_torch(name):
    with pytest.raises(RuntimeError) as ours:
        getattr(ember.accelerator, name)()
    with pytest.raises(RuntimeError) as theirs:
        getattr(TORCH.accelerator, name)()
    assert str(ours.value) == str(theirs.value)


def test_accelerator_graph_and_stream_need_a_device():
    with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
        ember.accelerator.Graph()
    with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
        ember.accelerator.set_stream(ember.Stream())


@requires_torch
@pytest.mark.parametrize("name", ["clock_rate", "device_memory_used", "memory_usage",
                                  "power_draw", "temperature", "utilization",
                                  "is_current_stream_capturing", "graph_pool_handle",
                                  "memory_stats_as_nested_dict", "reset_peak_memory_stats",
                                  "reset_accumulated_memory_stats", "XPUGraph", "MemPool"])
def test_more_xpu_calls_as_torch(name):
    ours = _outcome(getattr(ember.xpu, name))
    theirs = _outcome(getattr(TORCH.xpu, name))
    assert ours[0] == theirs[0] and (ours[1] == theirs[1] or ours == ("returns", {}))


@requires_torch
def test_mps_load_metallib_and_xpu_graph():
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError, match="MPS is not available"):
            lib.mps.load_metallib("library.metallib")
        with pytest.raises(RuntimeError):
            lib.xpu.graph(None)
        with pytest.raises(AssertionError):
            lib.xpu.get_stream_from_external(0)
