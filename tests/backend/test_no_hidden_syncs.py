"""No hidden syncs: the stand-in counts every device-to-host transfer (each one waits for the
GPU on CuPy), and a training step keeps its values on the device as torch's CUDA step does.

What remains is what torch also does: ``GradScaler.step`` reads whether an inf was found
(``.item()`` in torch's ``_maybe_opt_step`` too), ``clip_grad_norm_(error_if_nonfinite=True)``
reads the norm, and ``.item()``, printing and ``bool()`` are syncs by definition.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember import nn
from ember._backend_standin import counting_syncs

F = nn.functional


@pytest.fixture(autouse=True)
def _user_default_device():
    """A user's program: the default device stays the CPU and the model is moved to the GPU,
    so the optimizers' step counters live on the host as torch's do (the stand-in run sends
    every tensor made without a device to ``cuda``, a counter too)."""
    previous = ember.get_default_device()
    ember.set_default_device("cpu")
    yield
    ember.set_default_device(previous)


def _syncs(fn):
    with counting_syncs() as record:
        fn()
    return record.syncs


@pytest.mark.parametrize("path, read", [
    ("get", lambda a: a.get()), ("item", lambda a: a.item()), ("tolist", lambda a: a.tolist()),
    ("__bool__", bool), ("__float__", float), ("__int__", int), ("__complex__", complex),
    ("__repr__", repr), ("__str__", str), ("__format__", lambda a: f"{a:.2f}"),
])
def test_every_path_off_the_device_is_counted(standin, path, read):
    array = ember.ones((), device="cuda")._data
    syncs = _syncs(lambda: read(array))
    assert [p for p, _ in syncs] == [path]
    assert _syncs(lambda: array + 1) == []  # work on the device is not a transfer


def test_tensor_reads_are_counted_at_the_callers_line(standin):
    t = ember.ones(3, device="cuda")
    assert len(_syncs(lambda: t.sum().item())) == 1
    assert len(_syncs(lambda: t.tolist())) == 1
    assert len(_syncs(lambda: bool(t.sum() > 0))) == 1
    assert len(_syncs(lambda: t.cpu())) == 1
    assert len(_syncs(lambda: float(t[0]))) == 1
    assert _syncs(lambda: float(t[0]._data)) == [("__float__", "(outside ember)")]
    _, where = _syncs(lambda: nn.utils.clip_grad_norm_([_with_grad(2.0)], 1.0,
                                                       error_if_nonfinite=True))[0]
    assert where.startswith("nn/utils/clip_grad.py:")


def _with_grad(value):
    p = nn.Parameter(ember.ones(2, device="cuda"))
    p.grad = ember.full((2,), value, device="cuda")
    return p


LOSSES = {
    "cross_entropy": lambda out, labels, target, reduction: F.cross_entropy(
        out, labels, reduction=reduction),
    "nll_loss": lambda out, labels, target, reduction: F.nll_loss(
        out.log_softmax(1), labels, reduction=reduction),
    "mse_loss": lambda out, labels, target, reduction: F.mse_loss(out, target,
                                                                  reduction=reduction),
}


def _data():
    ember.manual_seed(0)
    x = ember.randn(16, 8, device="cuda")
    labels = ember.randint(0, 4, (16,), device="cuda")
    target = ember.randn(16, 4, device="cuda")
    return x, labels, target


def _model():
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)).to("cuda")


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_loss_forward_and_backward_make_no_sync(standin, loss, reduction):
    model = _model()
    x, labels, target = _data()
    syncs = _syncs(lambda: LOSSES[loss](model(x), labels, target, reduction).backward())
    assert syncs == []
    assert all(p.grad.device == p.device for p in model.parameters())


OPTIMIZERS = {
    "SGD": lambda params: ember.optim.SGD(params, lr=0.1),
    "SGD momentum": lambda params: ember.optim.SGD(params, lr=0.1, momentum=0.9),
    "Adam": lambda params: ember.optim.Adam(params, lr=1e-3),
    "AdamW": lambda params: ember.optim.AdamW(params, lr=1e-3),
    "Adam fused": lambda params: ember.optim.Adam(params, lr=1e-3, fused=True),
    "AdamW foreach": lambda params: ember.optim.AdamW(params, lr=1e-3, foreach=True),
    "RMSprop": lambda params: ember.optim.RMSprop(params, lr=1e-3, momentum=0.9),
    "Adagrad": lambda params: ember.optim.Adagrad(params, lr=1e-2),
    "Adadelta": lambda params: ember.optim.Adadelta(params),
    "Adamax": lambda params: ember.optim.Adamax(params, lr=1e-3),
    "NAdam": lambda params: ember.optim.NAdam(params, lr=1e-3),
    "RAdam": lambda params: ember.optim.RAdam(params, lr=1e-3, weight_decay=0.1),
    "ASGD": lambda params: ember.optim.ASGD(params, lr=1e-2),
    "Rprop": lambda params: ember.optim.Rprop(params, lr=1e-2, maximize=True),
}


def _training_step(model, optimizer, batch, scaler, clip):
    x, labels, _ = batch
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), labels)
    if scaler is None:
        loss.backward()
        if clip:
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return
    scaler.scale(loss).backward()
    if clip:
        scaler.unscale_(optimizer)
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(optimizer)
    scaler.update()


@pytest.mark.parametrize("clip", [False, True], ids=["plain", "clip_grad_norm_"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_training_step_makes_no_sync(standin, name, clip):
    model = _model()
    optimizer = OPTIMIZERS[name](model.parameters())
    batch = _data()
    before = [p.detach().clone() for p in model.parameters()]
    for _ in range(2):  # the first step creates the optimizer's state
        assert _syncs(lambda: _training_step(model, optimizer, batch, None, clip)) == []
    assert all(not ember.equal(a, p) for a, p in zip(before, model.parameters()))


@pytest.mark.parametrize("clip", [False, True], ids=["plain", "clip_grad_norm_"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_a_scaled_step_syncs_once_where_torch_does(standin, name, clip):
    """GradScaler.step reads found_inf on the host to skip the step, as torch's does; the inf
    check, unscale_, clipping and update() stay on the device."""
    model = _model()
    optimizer = OPTIMIZERS[name](model.parameters())
    scaler = ember.amp.GradScaler("cuda", init_scale=1024.0)
    batch = _data()
    for _ in range(2):
        syncs = _syncs(lambda: _training_step(model, optimizer, batch, scaler, clip))
        assert len(syncs) == 1
        assert syncs[0][1].startswith("amp/grad_scaler.py:")
    assert scaler.get_scale() == 1024.0  # no inf: the scale stays until the growth interval


def test_clip_grad_norm_syncs_only_when_asked_to_check_the_norm(standin):
    params = [_with_grad(3.0), _with_grad(4.0)]
    assert _syncs(lambda: nn.utils.clip_grad_norm_(params, 1.0)) == []
    assert len(_syncs(lambda: nn.utils.clip_grad_norm_(params, 1.0,
                                                        error_if_nonfinite=True))) == 1
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_([_with_grad(float("inf"))], 1.0, error_if_nonfinite=True)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_an_out_of_bounds_target_on_a_device_gives_nan_not_a_number(standin, reduction):
    """The bounds check stays on the device, as torch's CUDA kernel asserts there: the loss of
    a bad target is NaN (the CPU raises torch's IndexError)."""
    logits = ember.zeros(3, 4, device="cuda")
    loss = F.cross_entropy(logits, ember.tensor([0, 7, 1], device="cuda"), reduction=reduction)
    values = loss.reshape(-1).tolist()
    assert values[1 if reduction == "none" else 0] != values[1 if reduction == "none" else 0]
    with pytest.raises(IndexError, match="Target 7 is out of bounds"):
        F.cross_entropy(logits.cpu(), ember.tensor([0, 7, 1], device="cpu"), reduction=reduction)


def test_adafactor_reads_two_norms_per_parameter_as_torchs_does(standin):
    """torch's Adafactor reads each parameter's norm and its update's norm with ``.item()``
    (its step count is a host tensor); ember's step makes those reads and no other."""
    model = _model()
    optimizer = ember.optim.Adafactor(model.parameters(), lr=1e-2)
    batch = _data()
    for _ in range(2):
        syncs = _syncs(lambda: _training_step(model, optimizer, batch, None, False))
        assert len(syncs) == 2 * len(list(model.parameters()))
        assert all(where.startswith("optim/adafactor.py:") for _, where in syncs)


@pytest.mark.parametrize("read", [
    lambda a: a[a > 0], lambda a: a[1:, a[0] > 0], lambda a: a.nonzero(),
    lambda a: np.nonzero(a), lambda a: np.unique(a), lambda a: np.argwhere(a),
], ids=["mask", "mask_in_tuple", "nonzero_method", "nonzero", "unique", "argwhere"])
def test_results_sized_by_the_data_are_counted(standin, read):
    """A result whose size depends on the values (a boolean mask's selection, nonzero,
    unique) makes CuPy read that size back to the host: a sync, as torch's masked_select and
    nonzero make one."""
    array = ember.tensor([[1.0, -1.0], [2.0, 3.0]], device="cuda")._data
    assert len(_syncs(lambda: read(array))) == 1
    assert _syncs(lambda: array[array.argmax(0)]) == []  # an integer index is not one
    assert _syncs(lambda: np.where(array > 0, array, 0)) == []
