"""nn.utils.prune against torch: the same masks from the same seed, the reparametrisation's
names and hooks, gradients only through kept entries, remove, and torch's errors."""
import io
import warnings

import numpy as np
import pytest

import ember
import ember.nn.utils.prune
from tests.conftest import CPU_RNG, TORCH, cpu_only, requires_torch

if TORCH is not None:
    # As in torch, the prune module is imported by name, not loaded with nn.utils.
    import torch.nn.utils.prune  # noqa: F401


def _net(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(64, 5))


def _program(lib):
    """Every pruning method applied in turn; what each step leaves, as NumPy arrays."""
    prune = lib.nn.utils.prune
    lib.manual_seed(0)
    net = _net(lib)
    conv, fc = net[0], net[3]
    seen = {}
    prune.random_unstructured(conv, name="weight", amount=0.3)
    prune.l1_unstructured(conv, name="bias", amount=2)
    seen["random"] = conv.weight_mask
    seen["l1"] = conv.bias_mask
    prune.ln_structured(conv, name="weight", amount=0.5, n=2, dim=0)
    seen["ln"] = conv.weight_mask
    prune.random_structured(fc, name="weight", amount=2, dim=1)
    seen["random_structured"] = fc.weight_mask
    prune.global_unstructured([(conv, "weight"), (fc, "weight")],
                              pruning_method=prune.L1Unstructured, amount=0.4)
    seen["global_conv"], seen["global_fc"] = conv.weight_mask, fc.weight_mask
    scores = lib.arange(5.0)
    prune.l1_unstructured(fc, name="bias", amount=2, importance_scores=scores)
    seen["scores"] = fc.bias_mask
    prune.custom_from_mask(fc, name="bias", mask=lib.tensor([0, 1, 1, 0, 1]))
    seen["custom"] = fc.bias_mask
    x = lib.randn(2, 1, 6, 6)
    out = net(x)
    out.sum().backward()
    seen["out"] = out
    seen["grad"] = conv.weight_orig.grad
    seen["state"] = list(net.state_dict())
    seen["hooks"] = [type(hook).__name__ for hook in conv._forward_pre_hooks.values()]
    weight_hook = [hook for hook in conv._forward_pre_hooks.values()
                   if hook._tensor_name == "weight"]
    seen["container"] = [type(method).__name__ for method in weight_hook[0]]
    prune.remove(conv, "weight")
    seen["removed"] = conv.weight
    seen["after_remove"] = list(net.state_dict()), prune.is_pruned(conv), prune.is_pruned(net)
    seen["is_parameter"] = isinstance(conv.weight, lib.nn.Parameter)
    return {key: value.detach().cpu().numpy() if hasattr(value, "detach") else value
            for key, value in seen.items()}


@cpu_only(CPU_RNG)  # a seeded model, and random_unstructured's draws
@requires_torch
def test_every_method_matches_torch_step_by_step():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = _program(TORCH)
    ours = _program(ember)
    assert list(ours) == list(theirs)
    for key, expected in theirs.items():
        if isinstance(expected, np.ndarray):
            np.testing.assert_allclose(ours[key], expected, rtol=1e-5, atol=1e-6, err_msg=key)
        else:
            assert ours[key] == expected, key


def test_gradient_reaches_only_kept_entries():
    ember.manual_seed(1)
    layer = ember.nn.Linear(6, 4)
    ember.nn.utils.prune.l1_unstructured(layer, "weight", amount=10)
    layer(ember.randn(3, 6)).square().sum().backward()
    mask = layer.weight_mask
    assert int((mask == 0).sum()) == 10
    assert ember.equal(layer.weight_orig.grad * (1 - mask), ember.zeros(4, 6))
    assert int((layer.weight_orig.grad[mask == 1] == 0).sum()) == 0
    assert ember.equal(layer.weight, layer.weight_orig * mask)


@requires_torch
def test_pruned_torch_checkpoint_loads_into_pruned_ember_model():
    TORCH.manual_seed(3)
    theirs = TORCH.nn.Linear(5, 4)
    TORCH.nn.utils.prune.l1_unstructured(theirs, "weight", amount=0.5)
    buffer = io.BytesIO()
    TORCH.save(theirs.state_dict(), buffer)
    buffer.seek(0)
    ours = ember.nn.Linear(5, 4)
    ember.nn.utils.prune.identity(ours, "weight")
    ours.load_state_dict(ember.load(buffer))
    x = np.random.default_rng(0).standard_normal((2, 5)).astype(np.float32)
    np.testing.assert_allclose(ours(ember.tensor(x)).detach().cpu().numpy(),
                               theirs(TORCH.tensor(x)).detach().cpu().numpy(), rtol=1e-6)


@requires_torch
@pytest.mark.parametrize("case", [
    lambda lib: lib.nn.utils.prune.l1_unstructured(lib.nn.Linear(2, 2), "weight", amount=1.5),
    lambda lib: lib.nn.utils.prune.l1_unstructured(lib.nn.Linear(2, 2), "weight", amount=-1),
    lambda lib: lib.nn.utils.prune.l1_unstructured(lib.nn.Linear(2, 2), "weight", amount="a"),
    lambda lib: lib.nn.utils.prune.l1_unstructured(lib.nn.Linear(2, 2), "weight", amount=5),
    lambda lib: lib.nn.utils.prune.ln_structured(lib.nn.Linear(2, 2), "bias", 1, n=1, dim=0),
    lambda lib: lib.nn.utils.prune.ln_structured(lib.nn.Linear(2, 2), "weight", 1, n=1, dim=2),
    lambda lib: lib.nn.utils.prune.remove(lib.nn.Linear(2, 2), "weight"),
    lambda lib: lib.nn.utils.prune.global_unstructured(
        [(lib.nn.Linear(2, 2), "weight")], pruning_method=lib.nn.utils.prune.RandomStructured,
        amount=1),
    lambda lib: lib.nn.utils.prune.global_unstructured(
        [(lib.nn.Linear(2, 2), "weight")], pruning_method=lib.nn.utils.prune.L1Unstructured,
        importance_scores=[1], amount=1),
    lambda lib: lib.nn.utils.prune.PruningContainer().add_pruning_method(3),
])
def test_errors_match_torch(case):
    with pytest.raises(Exception) as theirs:
        case(TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        case(ember)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


def test_failed_pruning_leaves_the_parameter_in_place():
    layer = ember.nn.Linear(2, 2)
    with pytest.raises(ValueError):
        ember.nn.utils.prune.l1_unstructured(layer, "weight", amount=7)
    assert {name for name, _ in layer.named_parameters()} == {"weight", "bias"}
    assert not ember.nn.utils.prune.is_pruned(layer)


@requires_torch
def test_stateless_functional_call_warns_like_torch():
    layer = ember.nn.Linear(2, 2)
    with pytest.warns(FutureWarning, match="deprecated as of PyTorch 2.0") as caught:
        out = ember.nn.utils.stateless.functional_call(
            layer, {"weight": ember.zeros(2, 2), "bias": ember.ones(2)}, (ember.ones(2),))
    assert out.tolist() == [1.0, 1.0]
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        TORCH.nn.utils.stateless.functional_call(TORCH.nn.Linear(2, 2),
                                                 {"weight": TORCH.zeros(2, 2)},
                                                 (TORCH.ones(2),))
    assert str(caught[0].message) == str(theirs[0].message)
