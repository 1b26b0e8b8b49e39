"""LR schedulers: lr sequences identical to torch's, warnings, state_dict round trips."""
import pickle
import warnings

import pytest

import ember
from ember import optim
from ember.optim import lr_scheduler as sched
from tests.conftest import TORCH, requires_torch

STEPS = 60


def _lambda(epoch):
    return 0.95 ** epoch


def _factor(epoch):
    return 0.9


# Each case builds (scheduler, stepper) from (lib, optimizer); plateau metrics are fed in.
CASES = {
    "StepLR": lambda lib, o: lib.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.3),
    "MultiStepLR": lambda lib, o: lib.optim.lr_scheduler.MultiStepLR(o, [3, 10, 10, 25], 0.5),
    "ExponentialLR": lambda lib, o: lib.optim.lr_scheduler.ExponentialLR(o, gamma=0.93),
    "CosineAnnealingLR": lambda lib, o: lib.optim.lr_scheduler.CosineAnnealingLR(
        o, T_max=13, eta_min=0.001),
    "CosineAnnealingWarmRestarts": lambda lib, o:
        lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01),
    "LambdaLR": lambda lib, o: lib.optim.lr_scheduler.LambdaLR(o, [_lambda, lambda e: 1 / (e + 1)]),
    "MultiplicativeLR": lambda lib, o: lib.optim.lr_scheduler.MultiplicativeLR(o, _factor),
    "LinearLR": lambda lib, o: lib.optim.lr_scheduler.LinearLR(o, 0.1, 0.9, total_iters=17),
    "ConstantLR": lambda lib, o: lib.optim.lr_scheduler.ConstantLR(o, 0.4, total_iters=9),
    "PolynomialLR": lambda lib, o: lib.optim.lr_scheduler.PolynomialLR(o, 40, power=2.5),
    "OneCycleLR": lambda lib, o: lib.optim.lr_scheduler.OneCycleLR(o, [0.5, 1.0], total_steps=61),
    "OneCycleLR-three-linear": lambda lib, o: lib.optim.lr_scheduler.OneCycleLR(
        o, 0.8, epochs=6, steps_per_epoch=11, three_phase=True, anneal_strategy="linear"),
    "CyclicLR": lambda lib, o: lib.optim.lr_scheduler.CyclicLR(o, 0.01, [0.1, 0.2], 4, 7),
    "CyclicLR-triangular2": lambda lib, o: lib.optim.lr_scheduler.CyclicLR(
        o, 0.01, 0.1, step_size_up=5, mode="triangular2"),
    "CyclicLR-exp_range": lambda lib, o: lib.optim.lr_scheduler.CyclicLR(
        o, 0.01, 0.1, step_size_up=3, mode="exp_range", gamma=0.97),
    "SequentialLR": lambda lib, o: lib.optim.lr_scheduler.SequentialLR(
        o, [lib.optim.lr_scheduler.LinearLR(o, 0.2, total_iters=5),
            lib.optim.lr_scheduler.ExponentialLR(o, 0.9),
            lib.optim.lr_scheduler.CosineAnnealingLR(o, 10)], milestones=[5, 20]),
    "ChainedScheduler": lambda lib, o: lib.optim.lr_scheduler.ChainedScheduler(
        [lib.optim.lr_scheduler.ConstantLR(o, 0.5, total_iters=4),
         lib.optim.lr_scheduler.ExponentialLR(o, 0.95),
         lib.optim.lr_scheduler.StepLR(o, 6, 0.5)]),
    "ReduceLROnPlateau": lambda lib, o: lib.optim.lr_scheduler.ReduceLROnPlateau(
        o, patience=2, factor=0.5, cooldown=1, min_lr=[0.02, 0.0]),
    "ReduceLROnPlateau-max-abs": lambda lib, o: lib.optim.lr_scheduler.ReduceLROnPlateau(
        o, mode="max", threshold_mode="abs", threshold=0.1, patience=1),
}


def _metric(step):
    # Improves, then stalls and wobbles, so the plateau logic is exercised.
    return 10.0 / (step + 1) if step < 8 else 1.0 + 0.01 * (step % 3)


def _run(lib, name, optimizer_name="SGD"):
    param = lib.zeros(2, requires_grad=True)
    other = lib.zeros(2, requires_grad=True)
    extra = {"momentum": 0.9} if optimizer_name == "SGD" else {}
    opt = getattr(lib.optim, optimizer_name)(
        [{"params": [param]}, {"params": [other], "lr": 0.3}], lr=0.1, **extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scheduler = CASES[name](lib, opt)
    lrs, momenta = [scheduler.get_last_lr()], []
    for step in range(STEPS):
        opt.step()
        if "Plateau" in name:
            scheduler.step(_metric(step))
        else:
            scheduler.step()
        lrs.append(scheduler.get_last_lr())
        momenta.append([g.get("momentum", g.get("betas")) for g in opt.param_groups])
    return lrs, momenta, [g["lr"] for g in opt.param_groups]


@requires_torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_lr_sequence_identical_to_torch(name):
    assert _run(ember, name) == _run(TORCH, name)


@requires_torch
@pytest.mark.parametrize("name", ["CyclicLR", "OneCycleLR"])
def test_beta1_cycling_identical_to_torch(name):
    assert _run(ember, name, "Adam") == _run(TORCH, name, "Adam")


@requires_torch
@pytest.mark.parametrize("name", ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR",
                                  "LinearLR", "ConstantLR", "PolynomialLR"])
def test_closed_form_with_explicit_epoch_matches_torch(name):
    def run(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = CASES[name](lib, opt)
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in (3, 7, 2, 12, 30):
                opt.step()
                scheduler.step(epoch)
                out.append(scheduler.get_last_lr())
        return out

    assert run(ember) == run(TORCH)


@requires_torch
def test_warm_restarts_fractional_epochs_match_torch():
    def run(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 3, T_mult=2)
        out = []
        for epoch in (0.5, 1.25, 4.0, 9.5, 22.0, 2.0):
            opt.step()
            scheduler.step(epoch)
            out.append(scheduler.get_last_lr())
        return out

    assert run(ember) == run(TORCH)


def _sgd(lr=0.1):
    return optim.SGD([ember.zeros(1, requires_grad=True)], lr=lr, momentum=0.9)


def test_scheduler_step_before_optimizer_step_warns():
    opt = _sgd()
    scheduler = sched.StepLR(opt, 2)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before "
                                         r"`optimizer.step\(\)`"):
        scheduler.step()


def test_correct_order_does_not_warn():
    opt = _sgd()
    scheduler = sched.StepLR(opt, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        scheduler.step()


def test_overridden_optimizer_step_warns():
    opt = _sgd()
    scheduler = sched.ExponentialLR(opt, 0.5)
    opt.step = lambda closure=None: None
    with pytest.warns(UserWarning, match="has been overridden after learning rate scheduler"):
        scheduler.step()


def test_get_lr_outside_step_warns():
    scheduler = sched.ExponentialLR(_sgd(), 0.5)
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        scheduler.get_lr()


def test_state_dict_round_trip_resumes_the_schedule():
    opt = _sgd()
    scheduler = sched.CosineAnnealingLR(opt, T_max=10)
    for _ in range(4):
        opt.step()
        scheduler.step()
    state = pickle.loads(pickle.dumps(scheduler.state_dict()))
    assert "optimizer" not in state and state["last_epoch"] == 4
    expected = []
    for _ in range(3):
        opt.step()
        scheduler.step()
        expected.append(scheduler.get_last_lr())

    opt2 = _sgd()
    resumed = sched.CosineAnnealingLR(opt2, T_max=10)
    resumed.load_state_dict(state)
    opt2.param_groups[0]["lr"] = state["_last_lr"][0]
    got = []
    for _ in range(3):
        opt2.step()
        resumed.step()
        got.append(resumed.get_last_lr())
    assert got == expected


def test_composite_state_dict_nests_sub_schedulers():
    opt = _sgd()
    chained = sched.ChainedScheduler([sched.ExponentialLR(opt, 0.9), sched.StepLR(opt, 2)])
    state = chained.state_dict()
    assert [s["gamma"] for s in state["_schedulers"]] == [0.9, 0.1]
    state["_schedulers"][0]["gamma"] = 0.5
    chained.load_state_dict(state)
    assert chained._schedulers[0].gamma == 0.5


@requires_torch
def test_errors_match_torch():
    cases = [
        lambda lib, o: lib.optim.lr_scheduler.StepLR("not an optimizer", 2),
        lambda lib, o: lib.optim.lr_scheduler.ConstantLR(o, factor=2.0),
        lambda lib, o: lib.optim.lr_scheduler.LinearLR(o, start_factor=0),
        lambda lib, o: lib.optim.lr_scheduler.ExponentialLR(o, 0.5, last_epoch=3),
        lambda lib, o: lib.optim.lr_scheduler.LambdaLR(o, [_lambda, _lambda]),
        lambda lib, o: lib.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 0),
        lambda lib, o: lib.optim.lr_scheduler.OneCycleLR(o, 0.1),
        lambda lib, o: lib.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=5, pct_start=2),
        lambda lib, o: lib.optim.lr_scheduler.ReduceLROnPlateau(o, factor=1.5),
        lambda lib, o: lib.optim.lr_scheduler.ReduceLROnPlateau(o, mode="avg"),
        lambda lib, o: lib.optim.lr_scheduler.CyclicLR(
            lib.optim.Adagrad([lib.zeros(1, requires_grad=True)]), 0.1, 1.0),
        lambda lib, o: lib.optim.lr_scheduler.SequentialLR(
            o, [lib.optim.lr_scheduler.StepLR(o, 2)], milestones=[3]),
    ]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(TORCH, TORCH.optim.SGD([TORCH.zeros(1, requires_grad=True)], lr=0.1))
        with pytest.raises(type(theirs.value)) as ours:
            case(ember, _sgd())
        assert str(ours.value) == str(theirs.value)


def test_one_cycle_refuses_to_step_past_total_steps():
    opt = _sgd()
    scheduler = sched.OneCycleLR(opt, 0.5, total_steps=3)
    for _ in range(3):
        opt.step()
        scheduler.step()
    with pytest.raises(ValueError, match="Tried to step 4 times"):
        scheduler.step()
