"""ember.func.stack_module_state: the model-ensembling recipe (stack the models' state, vmap a
functional_call over it), compared with torch."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch, seeded_on_cpu

import ember
from ember import nn


def _models(library, count, factory):
    """Drawn from torch's CPU stream, then on the device under test."""
    return seeded_on_cpu(library, 0, lambda: [factory(library) for _ in range(count)])


def test_stacks_parameters_as_fresh_leaves_and_buffers_as_they_are():
    models = _models(ember, 3, lambda m: m.nn.BatchNorm1d(4))
    params, buffers = ember.func.stack_module_state(models)
    assert sorted(params) == ["bias", "weight"]
    assert sorted(buffers) == ["num_batches_tracked", "running_mean", "running_var"]
    assert params["weight"].shape == (3, 4) and params["weight"].is_leaf
    assert params["weight"].requires_grad and not buffers["running_var"].requires_grad
    models[1].weight.data.fill_(5.0)
    # A copy, not a view of the models' storage: later model updates do not show through.
    assert params["weight"][1].tolist() == [1.0] * 4
    params["weight"].sum().backward()
    assert models[0].weight.grad is None


def test_frozen_models_stack_without_grad():
    models = [nn.Linear(2, 2).requires_grad_(False) for _ in range(2)]
    params, _ = ember.func.stack_module_state(models)
    assert not params["weight"].requires_grad


@pytest.mark.parametrize("models, message", [
    (lambda: [], "Expected at least one model, got 0."),
    (lambda: [nn.Linear(2, 2), nn.Linear(2, 2).eval()], "same training/eval mode"),
    (lambda: [nn.Linear(2, 2), nn.Conv1d(2, 2, 1)], "of the same class"),
    (lambda: [nn.Linear(2, 2), nn.Linear(2, 2).requires_grad_(False)],
     "Expected weight from each model to have the same .requires_grad"),
])
def test_mismatched_models_are_refused(models, message):
    with pytest.raises(RuntimeError, match=message.replace(".", r"\.").replace("(", r"\(")):
        ember.func.stack_module_state(models())


@requires_torch
def test_ensemble_through_vmap_matches_torch():
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    results = []
    for library in (ember, TORCH):
        models = _models(library, 4, lambda m: m.nn.Sequential(m.nn.Linear(3, 4), m.nn.Tanh(),
                                                                  m.nn.Linear(4, 2)))
        params, buffers = library.func.stack_module_state(models)
        data = library.tensor(x)

        def call(p, b, inputs, base=models[0], library=library):
            return library.func.functional_call(base, (p, b), (inputs,))

        out = library.func.vmap(call, in_dims=(0, 0, None))(params, buffers, data)
        out.square().sum().backward()
        direct = library.stack([model(data) for model in models])
        assert library.allclose(out, direct, atol=1e-6)
        results.append((out.detach().cpu().numpy(), params["0.weight"].grad.cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def _ntk_by_products(library):
    """The empirical NTK of a small network through vjp then jvp over the parameter dict (the
    NTK tutorial's second method), and the vjp's gradient dict's keys."""
    net = _models(library, 1, lambda m: m.nn.Sequential(
        m.nn.Linear(3, 4, dtype=m.float64), m.nn.Tanh(), m.nn.Linear(4, 2, dtype=m.float64)))[0]
    params = {name: p.detach() for name, p in net.named_parameters()}
    x1 = library.linspace(-1, 1, 3, dtype=library.float64, device=params["0.weight"].device)
    x2 = x1.flip(0) * 0.5

    def at(x):
        return lambda p: library.func.functional_call(net, p, (x,))

    out, vjp_fn = library.func.vjp(at(x1), params)
    rows, keys = [], None
    for unit in library.eye(out.numel(), dtype=out.dtype, device=out.device):
        (cotangent_params,) = vjp_fn(unit)
        keys = list(cotangent_params)
        rows.append(library.func.jvp(at(x2), (params,), (cotangent_params,))[1])
    return library.stack(rows).cpu().numpy(), keys


@requires_torch
def test_vjp_and_jvp_take_a_dict_of_parameters_as_torch():
    ours, our_keys = _ntk_by_products(ember)
    theirs, their_keys = _ntk_by_products(TORCH)
    assert our_keys == their_keys == ["0.weight", "0.bias", "2.weight", "2.bias"]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
