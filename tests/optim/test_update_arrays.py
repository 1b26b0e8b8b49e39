"""SGD, Adam and AdamW update plain float parameters in place on their arrays.

That path must give exactly (to the bit) what the tensor path gives, which the
``differentiable=True`` groups still take; torch trajectories are compared in
test_optimizers.py.
"""
import numpy as np
import pytest

import ember
from ember import optim

CONFIGS = [
    ("SGD", {"lr": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "maximize": True, "decoupled_weight_decay": True, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.3, "betas": (0.8, 0.99)}),
]


def _run(name, kwargs, differentiable, dtype, steps=15):
    rng = np.random.default_rng(0)
    params = [ember.nn.Parameter(ember.tensor(rng.standard_normal(shape), dtype=dtype))
              for shape in [(5, 3), (3,)]]
    opt = getattr(optim, name)(params, differentiable=differentiable, **kwargs)
    for _ in range(steps):
        for p in params:
            p.grad = ember.tensor(rng.standard_normal(tuple(p.shape)), dtype=dtype)
        opt.step()
    return params, opt


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(CONFIGS)])
def test_array_path_equals_tensor_path_bitwise(name, kwargs, dtype):
    fast, fast_opt = _run(name, kwargs, False, dtype)
    slow, slow_opt = _run(name, kwargs, True, dtype)
    for p, q in zip(fast, slow):
        assert p.dtype == q.dtype == dtype
        assert np.array_equal(p.detach().numpy(), q.detach().numpy())
    for p, q in zip(fast, slow):
        ours, theirs = fast_opt.state[p], slow_opt.state[q]
        assert ours.keys() == theirs.keys()
        for key in ours:
            assert ours[key].dtype == theirs[key].dtype, key
            assert np.array_equal(ours[key].numpy(), theirs[key].numpy()), key


@pytest.mark.parametrize("name,kwargs", CONFIGS[1::2], ids=[n for n, _ in CONFIGS[1::2]])
def test_update_is_in_place_and_counts_a_version(name, kwargs):
    w = ember.nn.Parameter(ember.ones(4))
    opt = getattr(optim, name)([w], **kwargs)
    data, version = w.data_ptr(), w._version
    w.grad = ember.full((4,), 0.5)
    opt.step()
    assert w.data_ptr() == data
    assert w._version > version
    assert w.grad.tolist() == [0.5] * 4   # the gradient itself is never written
    for value in opt.state[w].values():
        assert not value.requires_grad


def test_saved_parameter_changed_by_step_is_caught_in_backward():
    w = ember.nn.Parameter(ember.tensor([1.0, 2.0]))
    opt = optim.SGD([w], lr=0.1)
    loss = (w * w).sum()           # MulBackward0 saves w
    w.grad = ember.ones(2)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
