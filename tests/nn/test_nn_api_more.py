"""nn names real programs use that were missing or spelled differently: adaptive_max_pool3d,
max_unpool1d/3d, the global forward hook's with_kwargs, get/set_extra_state in state dicts,
FractionalMaxPool's output_ratio checks, the Lazy norms' ``bias``, and signatures that must stay
torch's (the list of names whose parameters were fixed)."""
from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember

LIBS = [pytest.param(ember, id="ember"),
        pytest.param(TORCH, id="torch", marks=requires_torch)]


# ------------------------------------------------------------------- adaptive_max_pool3d
@requires_torch
@pytest.mark.parametrize("shape, output_size", [
    ((2, 3, 5, 6, 7), (2, 3, 4)), ((2, 3, 5, 6, 7), 1), ((3, 4, 4, 5), (None, 2, 3)),
    ((1, 2, 3, 3, 3), (3, 3, 3)), ((1, 1, 7, 2, 5), (4, 2, None)),
])
def test_adaptive_max_pool3d_matches_torch(shape, output_size):
    x = rand64(*shape)
    compare_with_torch(lambda lib, t: lib.nn.functional.adaptive_max_pool3d(t, output_size), x)
    ours, _ = compare_with_torch(
        lambda lib, t: lib.nn.AdaptiveMaxPool3d(output_size, return_indices=True)(t), x,
        grad=False)
    assert ours[1].dtype == ember.int64


def test_adaptive_max_pool3d_gradients():
    check_gradients(lambda t: ember.nn.functional.adaptive_max_pool3d(t, (2, 2, 3)),
                    rand64(1, 2, 4, 3, 5))


@requires_torch
def test_adaptive_max_pool3d_with_indices_and_errors_as_torch():
    x = rand64(1, 2, 4, 4, 4, requires_grad=False)
    compare_with_torch(lambda lib, t: lib.nn.functional.adaptive_max_pool3d_with_indices(
        t, output_size=2, return_indices=False), x)
    for lib_call in (lambda lib: lib.nn.functional.adaptive_max_pool3d(lib.ones(2, 3, 4), 2),):
        assert _error(ember, lib_call) == _error(TORCH, lib_call)


# ------------------------------------------------------------------- max_unpool1d / 3d
@requires_torch
@pytest.mark.parametrize("length, kernel, stride, padding, output_size", [
    (8, 2, None, 0, None), (9, 2, None, 0, [9]), (11, 3, 2, 1, None), (7, 3, 2, 0, (2, 3, 8)),
])
def test_max_unpool1d_matches_torch(length, kernel, stride, padding, output_size):
    def run(lib, t):
        pooled, index = lib.nn.functional.max_pool1d(t, kernel, stride, padding,
                                                      return_indices=True)
        out = lib.nn.functional.max_unpool1d(pooled, index, kernel, stride, padding, output_size)
        module = lib.nn.MaxUnpool1d(kernel, stride, padding)(pooled, index, output_size)
        return out, module

    compare_with_torch(run, rand64(2, 3, length))


@requires_torch
@pytest.mark.parametrize("shape, kernel, stride, output_size", [
    ((1, 2, 4, 6, 6), 2, None, None), ((2, 1, 5, 6, 7), 2, None, (5, 6, 7)),
    ((2, 5, 5, 7), 3, 2, None), ((1, 2, 5, 6, 7), 2, 2, (1, 2, 5, 6, 7)),
])
def test_max_unpool3d_matches_torch(shape, kernel, stride, output_size):
    def run(lib, t):
        pooled, index = lib.nn.functional.max_pool3d(t, kernel, stride, return_indices=True)
        out = lib.nn.functional.max_unpool3d(pooled, index, kernel, stride,
                                             output_size=output_size)
        return out, lib.nn.MaxUnpool3d(kernel, stride)(pooled, index, output_size)

    compare_with_torch(run, rand64(*shape))


def test_max_unpool_gradients():
    index1 = ember.tensor([[[0, 3, 4, 7]]])
    check_gradients(lambda t: ember.nn.functional.max_unpool1d(t, index1, 2), rand64(1, 1, 4))
    index3 = ember.tensor([[[[[1, 3]]]]])
    check_gradients(lambda t: ember.nn.functional.max_unpool3d(t, index3, (1, 1, 2),
                                                               output_size=(1, 1, 4)),
                    rand64(1, 1, 1, 1, 2))


def _error(lib, action):
    with pytest.raises(Exception) as info:
        action(lib)
    return type(info.value), str(info.value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib: lib.nn.functional.max_unpool1d(lib.ones(2, 3, 4), lib.zeros(2, 3, 4).long(), 2,
                                               output_size=[12]),
    lambda lib: lib.nn.functional.max_unpool1d(lib.ones(2, 3, 4), lib.zeros(2, 3, 4).long(), 2,
                                               output_size=[3, 9]),
    lambda lib: lib.nn.functional.max_unpool1d(lib.ones(2, 3, 4), lib.full((2, 3, 4), 70), 2),
    lambda lib: lib.nn.functional.max_unpool1d(lib.ones(2, 3, 4, 5),
                                               lib.zeros(2, 3, 4, 5).long(), 2),
    lambda lib: lib.nn.functional.max_unpool3d(lib.ones(2, 3, 4), lib.zeros(2, 3, 4).long(), 2),
    lambda lib: lib.nn.functional.max_unpool3d(lib.ones(1, 1, 2, 2, 2),
                                               lib.full((1, 1, 2, 2, 2), 99), 1),
    lambda lib: lib.nn.functional.max_unpool2d(lib.ones(1, 1, 2, 2), lib.full((1, 1, 2, 2), 99),
                                               1),
    lambda lib: lib.nn.functional.max_unpool2d(lib.ones(1, 1, 2, 2), lib.zeros(1, 1, 2, 2).long(),
                                               2, output_size=(9, 9)),
], ids=["1d-size", "1d-length", "1d-index", "1d-dims", "3d-dims", "3d-index", "2d-index",
        "2d-size"])
def test_unpool_errors_as_torch(action):
    assert _error(ember, action) == _error(TORCH, action)


# ------------------------------------------------------------------- global forward hooks
def _global_hooks(lib):
    seen = []
    module = lib.nn.Linear(2, 2)

    def with_kwargs(mod, args, kwargs, output):
        seen.append(("kwargs", type(mod).__name__, len(args), sorted(kwargs)))
        return output * 0

    def plain(mod, args, output):
        seen.append(("plain", type(mod).__name__, len(args)))

    handles = [lib.nn.modules.module.register_module_forward_hook(with_kwargs, with_kwargs=True),
               lib.nn.modules.module.register_module_forward_hook(plain, always_call=True)]
    try:
        out = module(lib.ones(1, 2))
        with pytest.raises(TypeError):
            module(lib.ones(1, 2), bad=1)
    finally:
        for handle in handles:
            handle.remove()
    module(lib.ones(1, 2))
    return seen, out.abs().sum().item()


@requires_torch
def test_global_forward_hook_with_kwargs_as_torch():
    assert _global_hooks(ember) == _global_hooks(TORCH)
    assert _global_hooks(ember)[0][0] == ("kwargs", "Linear", 1, [])


@pytest.mark.parametrize("lib", LIBS)
def test_global_hook_signatures_as_torch(lib):
    module = lib.nn.modules.module
    assert list(inspect.signature(module.register_module_forward_hook).parameters) == \
        ["hook", "with_kwargs", "always_call"]


# ------------------------------------------------------------------- extra state
def _extra_state_round_trip(lib):
    class Counter(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = lib.nn.Linear(1, 1)
            self.steps = 0

        def get_extra_state(self):
            return {"steps": self.steps}

        def set_extra_state(self, state):
            self.steps = state["steps"]

    outer = lib.nn.Sequential(Counter(), lib.nn.ReLU())
    outer[0].steps = 7
    state = outer.state_dict()
    keys = list(state)
    fresh = lib.nn.Sequential(Counter(), lib.nn.ReLU())
    result = fresh.load_state_dict(state)
    restored = fresh[0].steps
    del state["0._extra_state"]
    missing = _error(lib, lambda _: fresh.load_state_dict(state))
    lax = fresh.load_state_dict(state, strict=False)
    plain = lib.nn.Linear(1, 1)
    unexpected = plain.load_state_dict({**plain.state_dict(), "_extra_state": 1}, strict=False)
    return (keys, repr(result), restored, missing, repr(lax), repr(unexpected))


@requires_torch
def test_extra_state_is_saved_and_loaded_as_torch():
    ours = _extra_state_round_trip(ember)
    assert ours == _extra_state_round_trip(TORCH)
    assert "0._extra_state" in ours[0] and ours[2] == 7


def test_extra_state_survives_ember_save(tmp_path):
    class Holder(ember.nn.Module):
        def __init__(self):
            super().__init__()
            self.vocab = []

        def get_extra_state(self):
            return self.vocab

        def set_extra_state(self, state):
            self.vocab = list(state)

    holder = Holder()
    holder.vocab = ["a", "b"]
    ember.save(holder.state_dict(), tmp_path / "holder.pt")
    fresh = Holder()
    fresh.load_state_dict(ember.load(tmp_path / "holder.pt", weights_only=True))
    assert fresh.vocab == ["a", "b"]


def _state_dict_hooks(lib):
    events = []
    model = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.Sequential(lib.nn.Linear(2, 1)))
    for name, module in model.named_modules():
        module.register_state_dict_pre_hook(
            lambda mod, prefix, keep_vars, name=name: events.append(("pre", name, prefix)))
        module.register_state_dict_post_hook(
            lambda mod, state, prefix, meta, name=name: events.append(
                ("post", name, prefix, len(state), sorted(meta))))
        module.register_load_state_dict_pre_hook(
            lambda mod, state, prefix, meta, strict, missing, unexpected, errors, name=name:
            events.append(("load-pre", name, prefix, sorted(state))))
        module.register_load_state_dict_post_hook(
            lambda mod, keys, name=name: events.append(("load-post", name)))
    state = model.state_dict()
    events.append(list(state))
    del state["1.0.bias"]
    forgiving = model[1][0].register_load_state_dict_post_hook(
        lambda mod, keys: keys.missing_keys.remove("1.0.bias"))
    events.append(repr(model.load_state_dict(state)))
    forgiving.remove()
    events.append(_error(lib, lambda _: model.load_state_dict(state))[0].__name__)
    model[0].register_load_state_dict_post_hook(lambda mod, keys: 1)
    events.append(_error(lib, lambda _: model.load_state_dict(state, strict=False))[0].__name__)
    return events


@requires_torch
def test_state_dict_hooks_run_as_torchs():
    assert _state_dict_hooks(ember) == _state_dict_hooks(TORCH)


def _private_state_dict_hooks(lib):
    """The private hook spellings model code copied from HF/timm calls: a load pre-hook without
    the module (renaming old keys) or with it, and a state_dict hook that returns a new dict."""
    events = []
    model = lib.nn.Sequential(lib.nn.Linear(2, 2))

    def rename(state, prefix, meta, strict, missing, unexpected, errors):
        events.append(("rename", prefix, strict))
        for key in [k for k in state if k.startswith(prefix + "0.w.")]:
            state[key.replace("0.w.", "0.")] = state.pop(key)

    model._register_load_state_dict_pre_hook(rename)
    model[0]._register_load_state_dict_pre_hook(
        lambda mod, state, prefix, *rest: events.append((type(mod).__name__, prefix)),
        with_module=True)
    old = {k.replace("0.", "0.w."): lib.ones_like(v) for k, v in model.state_dict().items()}
    events.append(repr(model.load_state_dict(old)))
    events.append(model[0].weight.sum().item())
    model._register_state_dict_hook(
        lambda mod, state, prefix, meta: {k.upper(): v for k, v in state.items()})
    events.append(list(model.state_dict()))
    return events


@requires_torch
def test_private_state_dict_hooks_run_as_torchs():
    assert _private_state_dict_hooks(ember) == _private_state_dict_hooks(TORCH)


# ------------------------------------------------------------------- output_ratio checks
@requires_torch
@pytest.mark.parametrize("ratio", [0.5, 1.0, 0.0, 1.5, -0.5, (0.5, 1.0), (0.5, 0.5, 0.5), (0.5,),
                                   2, "a", (0.5, 0)])
@pytest.mark.parametrize("name", ["FractionalMaxPool2d", "FractionalMaxPool3d"])
def test_fractional_output_ratio_checked_as_torch(name, ratio):
    def build(lib):
        module = getattr(lib.nn, name)(2, output_ratio=ratio)
        return ("ok", module.output_ratio)

    def outcome(lib):
        try:
            return build(lib)
        except Exception as error:  # noqa: BLE001 - the type and text are what is compared
            return type(error), str(error)

    assert outcome(ember) == outcome(TORCH)


@requires_torch
@pytest.mark.parametrize("ratio", [0.5, (0.5, 0.5)])
def test_functional_fractional_output_ratio_as_torch(ratio):
    def outcome(lib):
        x = lib.arange(64.0).reshape(1, 1, 8, 8)
        try:
            return tuple(lib.nn.functional.fractional_max_pool2d(
                x, 2, output_ratio=ratio, _random_samples=lib.full((1, 1, 2), 0.5)).shape)
        except Exception as error:  # noqa: BLE001 - the type and text are what is compared
            return type(error), str(error)

    assert outcome(ember) == outcome(TORCH)


# ------------------------------------------------------------------- lazy norms' bias
@requires_torch
@pytest.mark.parametrize("name, shape", [("LazyBatchNorm1d", (4, 3)), ("LazyBatchNorm2d",
                                                                        (2, 3, 2, 2)),
                                         ("LazyInstanceNorm1d", (2, 3, 5))])
@pytest.mark.parametrize("bias", [True, False])
def test_lazy_norms_take_bias_as_torch(name, shape, bias):
    def run(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = getattr(lib.nn, name)(affine=True, bias=bias)
            before = repr(module)
            module(lib.ones(*shape))
        return before, repr(module), list(module.state_dict()), module.bias is None

    assert run(ember) == run(TORCH)


# ------------------------------------------------------------------- signatures
# The names whose parameters differed from torch 2.13's (name, kind or default) and were fixed.
FIXED_SIGNATURES = [
    "nn.LazyBatchNorm1d", "nn.LazyBatchNorm2d", "nn.LazyBatchNorm3d", "nn.LazyInstanceNorm1d",
    "nn.LazyInstanceNorm2d", "nn.LazyInstanceNorm3d", "nn.Module.modules",
    "nn.functional.max_pool1d_with_indices", "nn.functional.max_pool2d_with_indices",
    "nn.functional.max_pool3d_with_indices", "nn.functional.adaptive_max_pool1d_with_indices",
    "nn.functional.adaptive_max_pool2d_with_indices",
    "nn.functional.adaptive_max_pool3d_with_indices",
    "nn.functional.fractional_max_pool2d_with_indices",
    "nn.functional.fractional_max_pool3d_with_indices", "nn.functional.max_unpool1d",
    "nn.functional.max_unpool3d",
    "nn.modules.module.register_module_forward_hook", "nn.Module.register_state_dict_pre_hook",
    "nn.Module.register_state_dict_post_hook", "nn.Module.register_load_state_dict_pre_hook",
    "nn.Module.register_load_state_dict_post_hook",
]


def _resolve(lib, dotted):
    target = lib
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def _parameters(obj):
    return [(p.name, p.kind, p.default) for p in inspect.signature(obj).parameters.values()
            if p.name != "self"]


@requires_torch
@pytest.mark.parametrize("name", FIXED_SIGNATURES)
def test_fixed_signatures_stay_torchs(name):
    assert _parameters(_resolve(ember, name)) == _parameters(_resolve(TORCH, name))


@pytest.mark.parametrize("lib", LIBS)
def test_with_indices_take_return_indices_positionally(lib):
    x = lib.arange(16.0).reshape(1, 1, 4, 4)
    values, index = lib.nn.functional.max_pool2d_with_indices(x, 2, None, 0, 1, False, False)
    assert values.flatten().tolist() == [5.0, 7.0, 13.0, 15.0]
    assert index.flatten().tolist() == [5, 7, 13, 15]


@pytest.mark.parametrize("lib", LIBS)
def test_modules_can_keep_duplicates(lib):
    shared = lib.nn.Linear(1, 1)
    model = lib.nn.Sequential(shared, shared)
    assert len(list(model.modules())) == 2
    assert len(list(model.modules(remove_duplicate=False))) == 3


def test_max_unpool_round_trip_restores_the_maxima():
    x = ember.tensor(np.random.default_rng(0).standard_normal((2, 3, 4, 4, 4)))
    pooled, index = ember.nn.functional.max_pool3d(x, 2, return_indices=True)
    restored = ember.nn.functional.max_unpool3d(pooled, index, 2)
    again, _ = ember.nn.functional.max_pool3d(restored, 2, return_indices=True)
    assert ember.equal(again, pooled)


# ------------------------------------------------------------------- CrossMapLRN2d
@requires_torch
@pytest.mark.parametrize("size", [2, 3, 4, 5, 8])
@pytest.mark.parametrize("settings", [{}, {"alpha": 0.2, "beta": 0.5, "k": 2.0}])
def test_cross_map_lrn2d_values_and_gradients_are_torchs(size, settings):
    """torch's legacy layer: its channel window and its (inexact) gradient, both reproduced."""
    compare_with_torch(lambda lib, t: lib.nn.CrossMapLRN2d(size, **settings)(t),
                       rand64(2, 6, 3, 2, low=-3.0, high=3.0))


@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib: lib.nn.CrossMapLRN2d(3)(lib.ones(2, 3, 4)),
    lambda lib: lib.nn.CrossMapLRN2d(1)(lib.ones(1, 2, 1, 1, requires_grad=True)).sum()
    .backward(),
], ids=["3d-input", "size-1-backward"])
def test_cross_map_lrn2d_errors_as_torch(action):
    assert _error(ember, action) == _error(TORCH, action)


@requires_torch
def test_cross_map_lrn2d_repr_and_signature_as_torch():
    for lib_args in ((3,), (3, 0.1, 0.5, 2)):
        assert repr(ember.nn.CrossMapLRN2d(*lib_args)) == repr(TORCH.nn.CrossMapLRN2d(*lib_args))
    assert _parameters(ember.nn.CrossMapLRN2d) == _parameters(TORCH.nn.CrossMapLRN2d)


# ------------------------------------------------------------------- small names
@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib: lib.nn.utils.skip_init(lib.nn.ReLU),
    lambda lib: lib.nn.utils.skip_init(int),
    lambda lib: lib.nn.Linear(1, 1).xpu(),
    lambda lib: lib.nn.Linear(1, 1).ipu(),
], ids=["skip_init-no-device", "skip_init-not-module", "xpu", "ipu"])
def test_small_names_fail_as_torch(action):
    ours, theirs = _error(ember, action), _error(TORCH, action)
    assert ours[0] is theirs[0]
    assert ours[1].replace("ember", "Torch").replace("Torch is", "PyTorch is") == theirs[1]


@pytest.mark.parametrize("lib", LIBS)
def test_skip_init_and_uninitialized_names(lib):
    layer = lib.nn.utils.skip_init(lib.nn.Linear, 2, 3, bias=False)
    assert isinstance(layer, lib.nn.Linear) and tuple(layer.weight.shape) == (3, 2)
    assert layer.bias is None
    assert isinstance(lib.nn.LazyLinear(2).weight, lib.nn.UninitializedParameter)
    assert isinstance(lib.nn.LazyBatchNorm1d().running_mean, lib.nn.UninitializedBuffer)
    for name in ("skip_init",):
        assert _parameters(getattr(lib.nn.utils, name)) == [
            ("module_cls", inspect.Parameter.POSITIONAL_OR_KEYWORD,
             inspect.Parameter.empty),
            ("args", inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.empty),
            ("kwargs", inspect.Parameter.VAR_KEYWORD, inspect.Parameter.empty)]


@pytest.mark.parametrize("lib", LIBS)
def test_skip_init_draws_no_random_numbers(lib):
    """torch builds on the meta device, so the generator does not move: later draws are the same
    as if skip_init had not been called."""
    lib.manual_seed(3)
    expected = lib.rand(4)
    lib.manual_seed(3)
    lib.nn.utils.skip_init(lib.nn.Linear, 5, 6)
    assert lib.equal(lib.rand(4), expected)
