"""ember.random: the global generator's functions and fork_rng, compared with torch.random."""
from __future__ import annotations

import importlib

import pytest
from conftest import CHECK_WRAPPERS, CPU_RNG, TORCH, cpu_only, requires_torch

import ember

MODULES = [pytest.param("ember", id="ember"),
           pytest.param("torch", id="torch", marks=requires_torch)]


def _lib(name):
    return ember if name == "ember" else TORCH


@cpu_only(CHECK_WRAPPERS)
def test_functions_are_the_top_level_ones():
    from ember import random
    for name in ("manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state"):
        assert getattr(random, name) is getattr(ember, name)
    assert random.default_generator is ember.default_generator
    assert random.thread_safe_generator() is None


def _draws(name):
    lib = _lib(name)
    random = importlib.import_module(f"{name}.random")
    out = []
    random.manual_seed(7)
    out.append(random.initial_seed())
    with random.fork_rng():
        out.append(lib.rand(3).tolist())
    out.append(lib.rand(3).tolist())
    with random.fork_rng(enabled=False):
        out.append(lib.randn(2).tolist())
    out.append(lib.randn(2).tolist())
    with random.fork_rng(devices=[], device_type="cuda"):
        lib.rand(5)
    with random.fork_rng(device_type="meta"):
        lib.rand(1)
    try:
        with random.fork_rng():
            lib.rand(4)
            raise KeyError("inside")
    except KeyError:
        pass
    out.append(lib.rand(2).tolist())
    state = random.get_rng_state()
    first = lib.rand(2).tolist()
    random.set_rng_state(state)
    out.append(first == lib.rand(2).tolist())
    return out


@cpu_only(CPU_RNG)
@requires_torch
def test_fork_rng_restores_the_stream_as_torch():
    assert _draws("ember") == _draws("torch")


@pytest.mark.parametrize("name", MODULES)
def test_fork_rng_on_devices_that_are_absent(name):
    random = importlib.import_module(f"{name}.random")
    if _lib(name).cuda.is_available():
        pytest.skip("a CUDA device is present: this checks fork_rng on a machine without one")
    with pytest.raises(AssertionError), random.fork_rng(devices=[0], device_type="cuda"):
        pass
    with random.fork_rng(device_type="xpu"):  # no XPU device: nothing to fork but the CPU
        pass
    with pytest.raises(RuntimeError), random.fork_rng(device_type="nonsense"):
        pass


def test_fork_rng_restores_the_cuda_generators(standin):
    # As torch's: the draws after the block repeat those inside it, on each forked device.
    ember.manual_seed(3)
    with ember.random.fork_rng(devices=[0, 1], device_type="cuda"):
        inside = [ember.rand(3, device=f"cuda:{i}").cpu().tolist() for i in (0, 1)]
    assert [ember.rand(3, device=f"cuda:{i}").cpu().tolist() for i in (0, 1)] == inside
    assert inside[0] != ember.rand(3, device="cuda:0").cpu().tolist()


@pytest.mark.parametrize("call, message", [
    (lambda t: t.randperm(-3), "Trying to create tensor with negative dimension -3: [-3]"),
    (lambda t: t.normal(0.0, -1.0, (2,)), "normal expects std >= 0.0, but found std -1"),
    (lambda t: t.empty(2).normal_(0, -2.5), "normal expects std >= 0.0, but found std -2.5"),
    (lambda t: t.empty(2).uniform_(1.5, 0.25),
     "uniform_ expects to return a [from, to) range, but found from=1.5 > to=0.25"),
    (lambda t: t.empty(2).uniform_(2, 1),
     "uniform_ expects to return a [from, to) range, but found from=2 > to=1"),
    (lambda t: t.rand(2).bernoulli(2.0), "bernoulli_ expects p to be in [0, 1], but got p=2"),
    (lambda t: t.empty(2).exponential_(-1.0),
     "exponential_ expects lambda > 0.0, but found lambda=-1"),
    (lambda t: t.bernoulli(t.tensor([1.5])),
     "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
     "improved?  If so, please report an enhancement request to PyTorch.)"),
    (lambda t: t.Generator(device="meta"), "META device type not an accelerator."),
])
def test_random_argument_errors_read_as_torch(call, message):
    """Numbers print as C++ prints a double (-1, not -1.0), as torch's messages show them."""
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(RuntimeError) as info:
            call(lib)
        assert str(info.value) == message, lib.__name__


def test_generator_shows_as_the_c_extension_class():
    assert ember.Generator.__module__ == "ember._C" and ember._C.Generator is ember.Generator
    assert repr(ember.manual_seed(0)).startswith("<ember._C.Generator object at 0x")
