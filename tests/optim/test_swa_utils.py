"""ember.optim.swa_utils against torch.optim.swa_utils: the averages, the SWALR schedule,
update_bn, and the errors; plus the global optimizer step hooks of optim.optimizer."""
from __future__ import annotations

import importlib

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

_X = np.random.default_rng(0).standard_normal((12, 3)).astype(np.float32)


def _net(lib):
    """Drawn on the CPU (torch's CPU stream on both sides), then moved to the default device."""
    lib.manual_seed(0)
    nn = lib.nn
    return nn.Sequential(nn.Linear(3, 4, device="cpu"), nn.BatchNorm1d(4, device="cpu"),
                         nn.Linear(4, 1, device="cpu")).to(lib.get_default_device())


def _train_and_average(lib, **kwargs):
    """Five SGD steps, each folded into an AveragedModel; returns its state as arrays."""
    swa = lib.optim.swa_utils
    for key in ("avg_fn", "multi_avg_fn"):
        if isinstance(kwargs.get(key), tuple):
            name, args = kwargs[key]
            kwargs[key] = getattr(swa, name)(*args)
    model = _net(lib)
    averaged = swa.AveragedModel(model, **kwargs)
    optimizer = lib.optim.SGD(model.parameters(), lr=0.1)
    x = lib.tensor(_X)
    for _ in range(5):
        optimizer.zero_grad()
        model(x).pow(2).mean().backward()
        optimizer.step()
        averaged.update_parameters(model)
    return {k: v.detach().cpu().numpy().copy() for k, v in averaged.state_dict().items()}


@requires_torch
@pytest.mark.parametrize("kwargs", [
    {}, {"use_buffers": True},
    {"multi_avg_fn": ("get_ema_multi_avg_fn", (0.8,))},
    {"multi_avg_fn": ("get_ema_multi_avg_fn", (0.8,)), "use_buffers": True},
    {"avg_fn": ("get_ema_avg_fn", (0.7,))}, {"multi_avg_fn": ("get_swa_multi_avg_fn", ())},
    {"avg_fn": ("get_swa_avg_fn", ())},
], ids=lambda k: "-".join(f"{a}={b[0] if isinstance(b, tuple) else b}" for a, b in k.items())
   or "default")
def test_averaged_model_matches_torch(kwargs):
    ours = _train_and_average(ember, **dict(kwargs))
    theirs = _train_and_average(TORCH, **dict(kwargs))
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5, atol=1e-6, err_msg=key)


def test_averaged_model_forwards_to_its_copy_and_counts():
    model = ember.nn.Linear(2, 1)
    averaged = ember.optim.swa_utils.AveragedModel(model)
    assert averaged.module is not model and averaged.n_averaged.item() == 0
    x = ember.ones(1, 2)
    assert averaged(x).tolist() == model(x).tolist()
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        ember.optim.swa_utils.AveragedModel(model, avg_fn=lambda *a: a[0],
                                            multi_avg_fn=lambda *a: None)


def _schedule(lib, swa_lr, anneal_epochs, strategy, groups=1):
    params = [lib.nn.Parameter(lib.ones(1)) for _ in range(groups)]
    optimizer = lib.optim.SGD([{"params": [p], "lr": 0.5 * (i + 1)} for i, p in
                               enumerate(params)], lr=1.0)
    scheduler = lib.optim.swa_utils.SWALR(optimizer, swa_lr, anneal_epochs, strategy)
    rates = [scheduler.get_last_lr()]
    for _ in range(6):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr())
    return rates


@requires_torch
@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("anneal_epochs", [0, 1, 3])
def test_swalr_schedule_matches_torch(strategy, anneal_epochs):
    for swa_lr, groups in ((0.05, 1), ([0.05, 0.2], 2)):
        ours = _schedule(ember, swa_lr, anneal_epochs, strategy, groups)
        theirs = _schedule(TORCH, swa_lr, anneal_epochs, strategy, groups)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("args", [(0.1, 10, "exp"), (0.1, -1, "cos"), (0.1, 1.5, "cos"),
                                  ([0.1, 0.2], 2, "cos")])
def test_swalr_errors_match_torch(args):
    errors = []
    for lib in (ember, TORCH):
        optimizer = lib.optim.SGD([lib.nn.Parameter(lib.ones(1))], lr=1.0)
        with pytest.raises(ValueError) as caught:
            lib.optim.swa_utils.SWALR(optimizer, *args)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]


@requires_torch
def test_update_bn_recomputes_statistics_as_torch():
    results = []
    for lib in (ember, TORCH):
        model = _net(lib)
        model[1].running_mean.fill_(5.0)
        model.eval()
        loader = [(lib.tensor(_X[i:i + 4]), 0) for i in range(0, 12, 4)]
        lib.optim.swa_utils.update_bn(loader, model)
        bn = model[1]
        assert not model.training and bn.momentum == 0.1
        results.append((bn.running_mean.tolist(), bn.running_var.tolist(),
                        int(bn.num_batches_tracked)))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-5, atol=1e-6)
    assert results[0][2] == results[1][2] == 3


def test_update_bn_without_batch_norm_leaves_the_model_alone():
    model = ember.nn.Linear(2, 2).eval()
    ember.optim.swa_utils.update_bn([ember.ones(1, 2)], model)
    assert not model.training


@requires_torch
def test_global_step_hooks_run_around_every_optimizer_in_torchs_order():
    logs = []
    for lib in (ember, TORCH):
        module = importlib.import_module(lib.__name__ + ".optim.optimizer")
        log = []
        w = lib.nn.Parameter(lib.ones(2))
        w.grad = lib.ones(2)
        optimizer = lib.optim.Adam([w], lr=0.1)
        handles = [module.register_optimizer_step_pre_hook(lambda o, a, k: log.append("gpre")),
                   module.register_optimizer_step_post_hook(lambda o, a, k: log.append("gpost")),
                   optimizer.register_step_pre_hook(lambda o, a, k: log.append("pre")),
                   optimizer.register_step_post_hook(lambda o, a, k: log.append("post"))]
        optimizer.step()
        for handle in handles[:2]:
            handle.remove()
        optimizer.step()
        logs.append(log)
    assert logs[0] == logs[1] == ["gpre", "pre", "post", "gpost", "pre", "post"]


def test_a_global_pre_hook_may_replace_the_step_arguments():
    seen = []
    w = ember.nn.Parameter(ember.ones(1))
    w.grad = ember.ones(1)
    optimizer = ember.optim.SGD([w], lr=1.0)
    module = ember.optim.optimizer
    # torch's hooks get (and give back) step's whole positional arguments, the optimizer first
    handle = module.register_optimizer_step_pre_hook(lambda o, a, k: ((o,), {"closure": closure}))

    def closure():
        seen.append("closure")
        return ember.tensor(0.0)
    optimizer.step()
    handle.remove()
    assert seen == ["closure"] and w.tolist() == [0.0]


@requires_torch
@pytest.mark.parametrize("strategy", ["cos", "linear"])
def test_swalr_state_saves_and_loads_with_weights_only_like_torch(strategy):
    # the annealing function is saved by name (a function would refuse to load with the
    # default weights_only=True) and restored on load
    import io

    def run(lib):
        w = lib.nn.Parameter(lib.ones(1))
        optimizer = lib.optim.SGD([w], lr=1.0)
        scheduler = lib.optim.swa_utils.SWALR(optimizer, 0.1, 4, strategy)
        for _ in range(2):
            optimizer.step()
            scheduler.step()
        buffer = io.BytesIO()
        lib.save(scheduler.state_dict(), buffer)
        buffer.seek(0)
        state = lib.load(buffer)
        fresh = lib.optim.swa_utils.SWALR(optimizer, 0.1, 4, "linear" if strategy == "cos"
                                          else "cos")
        fresh.load_state_dict(state)
        lrs = []
        for _ in range(3):
            optimizer.step()
            fresh.step()
            lrs.append(round(fresh.get_last_lr()[0], 12))
        return sorted(state), state["_anneal_strategy"], lrs
    assert run(ember) == run(TORCH)
