"""SGD, Adam and AdamW update plain float parameters in place on their arrays.

That path must give exactly (to the bit) what the tensor path gives, which the
``differentiable=True`` groups still take; torch trajectories are compared in
test_optimizers.py.
"""
import numpy as np
import pytest

import ember
from ember import optim
from tests.conftest import TORCH, installed, requires_torch

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


def _same(a, b, dtype, fused=False):
    """Bitwise: both paths round each product and each sum in float32 and float64 (see
    optim._common.update_arrays), and the halves take the tensor path. ``fused``: Adam in
    float32, whose tensor path's lerp_/addcmul_ round once each (torch's fused kernels) where
    the array path rounds twice, for speed: within a few float32 ulps after 15 steps."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if fused:
        return np.allclose(a, b, rtol=1e-5, atol=1e-7)
    return np.array_equal(a, b)


@pytest.mark.parametrize("dtype", ["float32", "float64", pytest.param("bfloat16", marks=(
    pytest.mark.skipif(not installed("ml_dtypes"), reason="ml_dtypes not installed: bfloat16 "
                       "is skipped (pip install -e \".[bf16]\")")))])
@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(CONFIGS)])
def test_array_path_equals_tensor_path(name, kwargs, dtype):
    dtype = getattr(ember, dtype)
    fast, fast_opt = _run(name, kwargs, False, dtype)
    slow, slow_opt = _run(name, kwargs, True, dtype)
    fused = name != "SGD" and dtype is ember.float32
    for p, q in zip(fast, slow):
        assert p.dtype == q.dtype == dtype
        assert _same(p.detach().float().cpu().numpy(), q.detach().float().cpu().numpy(), dtype,
                     fused)
    for p, q in zip(fast, slow):
        ours, theirs = fast_opt.state[p], slow_opt.state[q]
        assert ours.keys() == theirs.keys()
        for key in ours:
            assert ours[key].dtype == theirs[key].dtype, key
            assert _same(ours[key].float().cpu().numpy(), theirs[key].float().cpu().numpy(),
                         dtype if ours[key].is_floating_point() and key != "step"
                         else ember.float64, fused and key != "step"), key


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


def _chunked_run(lib, name, kwargs, foreach, steps=4, differentiable=False):
    """Parameters larger than one chunk of the array path (one of them non-contiguous), with
    the same gradients each step; returns the parameters' final values."""
    from ember.optim._common import CHUNK
    rng = np.random.default_rng(1)
    values = [rng.standard_normal(CHUNK * 2 + 7).astype(np.float32),
              rng.standard_normal((40, 30)).astype(np.float32).T,
              rng.standard_normal(3).astype(np.float32)]
    params = [lib.nn.Parameter(lib.tensor(np.ascontiguousarray(v))) for v in values]
    opt = getattr(lib.optim, name)(params, foreach=foreach, differentiable=differentiable,
                                   **kwargs)
    for step in range(steps):
        for p, v in zip(params, values):
            grad = np.cos(v * (step + 1)).astype(np.float32)
            p.grad = lib.tensor(grad) if grad.ndim != 2 else lib.tensor(grad.T).t()
        opt.step()
    return [p.detach().cpu().numpy().copy() for p in params]


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(CONFIGS)])
def test_foreach_runs_the_same_arithmetic_as_the_loop(name, kwargs):
    # Bitwise: foreach=True is the same array loop, over chunks and whole arrays alike.
    for ours, again in zip(_chunked_run(ember, name, kwargs, True),
                           _chunked_run(ember, name, kwargs, False)):
        assert np.array_equal(ours, again)


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(CONFIGS)])
def test_chunked_array_path_equals_tensor_path(name, kwargs):
    # Several chunks and a short last one, a gradient that is not contiguous, a small
    # parameter: each way through the array path against the tensor path.
    for ours, again in zip(_chunked_run(ember, name, kwargs, None),
                           _chunked_run(ember, name, kwargs, None, differentiable=True)):
        assert _same(ours, again, ember.float32, fused=name != "SGD")


@requires_torch
@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in
                                                       enumerate(CONFIGS)])
def test_foreach_matches_torch_foreach(name, kwargs):
    for ours, theirs in zip(_chunked_run(ember, name, kwargs, True),
                            _chunked_run(TORCH, name, kwargs, True)):
        np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=2e-6)


@requires_torch
@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_foreach_fused_and_differentiable_refusals_as_torch(name):
    for kwargs in ({"foreach": True, "fused": True}, {"fused": True, "differentiable": True}):
        with pytest.raises(RuntimeError) as theirs:
            getattr(TORCH.optim, name)([TORCH.nn.Parameter(TORCH.ones(2))], **kwargs)
        with pytest.raises(RuntimeError, match=str(theirs.value).replace("`", "\\`")):
            getattr(optim, name)([ember.nn.Parameter(ember.ones(2))], **kwargs)


@pytest.mark.parametrize("name", ["Adam", "AdamW"])
def test_foreach_with_differentiable_refused_as_torch(name):
    w = ember.nn.Parameter(ember.ones(2))
    opt = getattr(optim, name)([w], foreach=True, differentiable=True)
    w.grad = ember.ones(2)
    with pytest.raises(AssertionError, match="_foreach ops don't support autograd"):
        opt.step()
