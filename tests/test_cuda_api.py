"""ember.cuda's memory, random-state and device-query functions, with and without a GPU."""
import importlib.util
import warnings

import numpy as np
import pytest

import ember
from conftest import TORCH, requires_torch

no_gpu = pytest.mark.skipif(ember.cuda.is_available(),
                            reason="a GPU is present: this checks the behaviour without one")

# Names real training scripts call on ember.cuda (memory reports, RNG checkpointing, queries).
_NAMES = ["memory_allocated", "max_memory_allocated", "memory_reserved", "max_memory_reserved",
          "reset_peak_memory_stats", "memory_stats", "memory_summary", "mem_get_info",
          "empty_cache", "get_device_properties", "get_device_capability", "get_rng_state",
          "set_rng_state", "get_rng_state_all", "set_rng_state_all", "seed", "seed_all",
          "initial_seed", "manual_seed", "manual_seed_all", "is_initialized", "init",
          "get_arch_list", "is_tf32_supported", "device", "device_of", "OutOfMemoryError",
          "can_device_access_peer", "set_per_process_memory_fraction"]


@requires_torch
def test_the_names_torch_has_are_there():
    for name in _NAMES:
        assert hasattr(TORCH.cuda, name) and hasattr(ember.cuda, name), name
    assert ember.cuda.memory.memory_allocated is ember.cuda.memory_allocated
    assert ember.cuda.random.get_rng_state is ember.cuda.get_rng_state


# Without a GPU: what a PyTorch built without CUDA answers (checked against torch 2.13's CPU
# build, which is what the tests' oracle is).
_WITHOUT_GPU_VALUES = [
    ("memory_allocated", 0), ("max_memory_allocated", 0), ("memory_reserved", 0),
    ("max_memory_reserved", 0), ("get_rng_state_all", []), ("get_arch_list", []),
    ("is_initialized", False), ("is_tf32_supported", False), ("seed", None), ("seed_all", None),
]
_WITHOUT_GPU_ASSERTS = ["get_device_properties", "get_device_capability", "mem_get_info",
                        "initial_seed", "init", "get_rng_state", "ipc_collect",
                        "get_sync_debug_mode"]


@no_gpu
@pytest.mark.parametrize("name,value", _WITHOUT_GPU_VALUES)
def test_without_gpu_the_figures_are_torchs(name, value):
    assert getattr(ember.cuda, name)() == value
    if TORCH is not None:
        assert getattr(TORCH.cuda, name)() == value


@no_gpu
@pytest.mark.parametrize("name", _WITHOUT_GPU_ASSERTS)
def test_without_gpu_device_queries_raise_torchs_assertion(name):
    with pytest.raises(AssertionError, match="CuPy"):
        getattr(ember.cuda, name)()
    if TORCH is not None:
        with pytest.raises(AssertionError):
            getattr(TORCH.cuda, name)()


@no_gpu
def test_without_gpu_factories_on_cuda_raise_the_same_assertion():
    # torch: "Torch not compiled with CUDA enabled" (AssertionError) for every way of asking.
    for make in (lambda: ember.zeros(2, device="cuda"), lambda: ember.ones(2).cuda(),
                 lambda: ember.tensor([1.0], device="cuda:0")):
        with pytest.raises(AssertionError, match="CuPy"):
            make()
    assert ember.cuda.memory_stats() == {}
    with ember.cuda.device_of(ember.zeros(1)):  # a CPU tensor: nothing to switch
        pass
    with pytest.raises(RuntimeError, match="no CUDA device"):
        ember.cuda.device(0).__enter__()


def test_deprecated_memory_names_warn_as_torch():
    with pytest.warns(FutureWarning, match="renamed to `ember.cuda.memory_reserved`"):
        assert ember.cuda.memory_cached() == ember.cuda.memory_reserved()


def test_rng_state_names_a_stream_that_restoring_repeats(standin, tmp_path):
    # CuPy's generators cannot report their position, so a CUDA state is (seed, stream):
    # restoring it repeats the draws made after it was read, through a weights_only checkpoint
    # too (the state is JSON bytes in a CPU uint8 tensor).
    ember.cuda.manual_seed(7)
    assert ember.cuda.initial_seed() == 7
    first = ember.rand(5, device="cuda").cpu().numpy()
    ember.cuda.manual_seed(7)
    np.testing.assert_array_equal(ember.rand(5, device="cuda").cpu().numpy(), first)
    state = ember.cuda.get_rng_state()
    assert state.dtype == ember.uint8 and state.device.type == "cpu"
    ember.save(state, tmp_path / "state.pt")
    after = ember.randn(3, 2, device="cuda").cpu().numpy()
    assert not np.array_equal(ember.randn(3, 2, device="cuda").cpu().numpy(), after)
    ember.cuda.set_rng_state(ember.load(tmp_path / "state.pt", weights_only=True))
    np.testing.assert_array_equal(ember.randn(3, 2, device="cuda").cpu().numpy(), after)
    assert ember.cuda.initial_seed() == 7


def test_a_cuda_generator_draws_on_its_device_apart_from_the_default(standin):
    gen = ember.Generator(device="cuda")
    assert gen.device == ember.device("cuda:0") and gen.initial_seed() == 67280421310721
    gen.manual_seed(5)
    ember.cuda.manual_seed(5)
    ours = ember.rand(4, device="cuda", generator=gen)
    assert ours.device == ember.device("cuda:0")
    # The same seed gives the default CUDA generator the same stream; drawing from one leaves
    # the other where it was.
    np.testing.assert_array_equal(ember.rand(4, device="cuda").cpu().numpy(), ours.cpu().numpy())
    state = gen.get_state()
    again = ember.randn(6, device="cuda", generator=gen).cpu().numpy()
    gen.set_state(state)
    np.testing.assert_array_equal(ember.randn(6, device="cuda", generator=gen).cpu().numpy(),
                                  again)
    with pytest.raises(RuntimeError, match="Expected a 'cpu' device type for generator but "
                                           "found 'cuda'"):
        ember.rand(2, device="cpu", generator=gen)
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        ember.Generator(device="cuda:5")


def test_device_context_switches_and_restores_on_the_standin(standin):
    assert ember.cuda.current_device() == 0
    with ember.cuda.device(1):
        assert ember.cuda.current_device() == 1
    assert ember.cuda.current_device() == 0
    with ember.cuda.device_of(ember.zeros(1, device="cuda:1")):
        assert ember.cuda.current_device() == 1
    assert ember.cuda.current_device() == 0


def test_device_queries_on_the_standin(standin):
    props = ember.cuda.get_device_properties(0)
    assert props.name == ember.cuda.get_device_name(0)
    assert ember.cuda.get_device_capability() == (props.major, props.minor)
    assert repr(props).startswith("_CudaDeviceProperties(name='")
    assert ember.cuda.can_device_access_peer(0, 1) is False
    ember.cuda.reset_peak_memory_stats()
    assert ember.cuda.max_memory_allocated() == ember.cuda.memory_allocated() == 0
    assert set(ember.cuda.memory_stats()) >= {"allocated_bytes.all.current",
                                             "allocated_bytes.all.peak"}
    with pytest.raises(ValueError, match="Allowed range"):
        ember.cuda.set_per_process_memory_fraction(1.5)
    ember.cuda.set_per_process_memory_fraction(0.5)
    assert ember.cuda.get_per_process_memory_fraction() == 0.5
    ember.cuda.set_sync_debug_mode("warn")
    assert ember.cuda.get_sync_debug_mode() == 1
    ember.cuda.set_sync_debug_mode(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.cuda.empty_cache()


def test_version_module_answers_what_programs_print():
    import ember.version
    assert ember.version.__version__ == ember.__version__
    assert ember.version.hip is None and ember.version.debug is False
    if importlib.util.find_spec("cupy") is None:
        assert ember.version.cuda is None  # as a CPU-only torch build's torch.version.cuda
    assert ember.version.torch_version.split(".")[:2] == ["2", "13"]
