"""Lazy layers, SyncBatchNorm (one process) and LPPool3d against torch: shapes inferred on the
first call, the same initial weights for the same seed, the class they become, an optimizer
made before the first call, state_dict round trips and the errors."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import CPU_RNG, TORCH, cpu_only, requires_torch

import ember

LAZY = {
    "LazyLinear": ((3,), (4, 5)), "LazyConv1d": ((4, 3), (2, 3, 8)),
    "LazyConv2d": ((4, 3), (2, 2, 6, 6)), "LazyConv3d": ((2, 2), (1, 3, 4, 4, 4)),
    "LazyConvTranspose1d": ((4, 2), (2, 3, 5)), "LazyConvTranspose2d": ((2, 3), (2, 3, 4, 4)),
    "LazyConvTranspose3d": ((2, 2), (1, 2, 3, 3, 3)), "LazyBatchNorm1d": ((), (4, 3)),
    "LazyBatchNorm2d": ((), (2, 3, 4, 4)), "LazyBatchNorm3d": ((), (2, 3, 2, 2, 2)),
    "LazyInstanceNorm1d": ((), (2, 3, 5)), "LazyInstanceNorm2d": ((), (2, 3, 4, 4)),
    "LazyInstanceNorm3d": ((), (2, 3, 2, 2, 2)),
}


def _first_call(lib, name):
    args, shape = LAZY[name]
    lib.manual_seed(0)
    module = getattr(lib.nn, name)(*args)
    before = repr(module)
    x = lib.tensor(np.random.default_rng(1).standard_normal(shape).astype(np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = module(x)
    state = {k: v.detach().cpu().numpy().copy() for k, v in module.state_dict().items()}
    return before, type(module).__name__, repr(module), out.detach().cpu().numpy(), state


@cpu_only(CPU_RNG)  # the lazy weights are drawn at the first call, on the input's device
@requires_torch
@pytest.mark.parametrize("name", sorted(LAZY))
def test_lazy_layer_initialises_and_becomes_its_eager_class_as_torch(name):
    ours, theirs = _first_call(ember, name), _first_call(TORCH, name)
    assert ours[:3] == theirs[:3]
    np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-5, atol=1e-5)
    assert sorted(ours[4]) == sorted(theirs[4])
    for key in theirs[4]:
        np.testing.assert_allclose(ours[4][key], theirs[4][key], rtol=1e-6, atol=1e-7)


@requires_torch
def test_uninitialized_parameters_and_buffers_print_and_refuse_shapes_as_torch():
    for lib in (ember, TORCH):
        bn = lib.nn.LazyBatchNorm1d()
        assert repr(bn.running_mean) == "<UninitializedBuffer>"
        assert repr(bn.weight) == "<UninitializedParameter>"
        assert int(bn.num_batches_tracked) == 0
        with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
            bn.weight.shape
        assert sorted(bn.state_dict()) == ["bias", "num_batches_tracked", "running_mean",
                                           "running_var", "weight"]


def _train(lib):
    lib.manual_seed(0)
    nn = lib.nn
    net = nn.Sequential(nn.LazyConv2d(4, 3), nn.LazyBatchNorm2d(), nn.ReLU(), nn.Flatten(),
                        nn.LazyLinear(2))
    optimizer = lib.optim.Adam(net.parameters(), lr=0.01)
    x = lib.randn(3, 2, 6, 6)
    losses = []
    for _ in range(3):
        optimizer.zero_grad()
        loss = net(x).pow(2).mean()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    fresh = nn.Sequential(nn.LazyConv2d(4, 3), nn.LazyBatchNorm2d(), nn.ReLU(), nn.Flatten(),
                          nn.LazyLinear(2))
    result = str(fresh.load_state_dict(net.state_dict()))
    return losses, result, [type(m).__name__ for m in fresh], tuple(fresh[4].weight.shape)


@cpu_only(CPU_RNG)  # the lazy weights are drawn at the first call, on the input's device
@requires_torch
def test_optimizer_made_before_the_first_call_trains_the_materialized_parameters():
    ours, theirs = _train(ember), _train(TORCH)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-4)
    assert ours[0][0] != ours[0][-1]
    assert ours[1:] == theirs[1:]


@requires_torch
@pytest.mark.parametrize("make,shape", [
    (lambda lib: lib.nn.LazyConv2d(4, 3, groups=2), (2, 3, 5, 5)),
    (lambda lib: lib.nn.LazyConv2d(4, 3), (5, 5)),
    (lambda lib: lib.nn.LazyConv1d(4, 3), (2, 2, 3, 7)),
])
def test_lazy_convolution_errors_match_torch(make, shape):
    errors = []
    for lib in (ember, TORCH):
        with pytest.raises((ValueError, RuntimeError)) as caught:
            make(lib)(lib.zeros(shape))
        errors.append((type(caught.value), str(caught.value).replace("torch.", "ember.")))
    assert errors[0] == errors[1]


def _sync(lib):
    nn = lib.nn
    lib.manual_seed(0)
    layer = nn.SyncBatchNorm(3)
    x = lib.randn(4, 3, 2)
    out = layer(x)
    model = nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4),
                          nn.Sequential(nn.BatchNorm1d(2, affine=False)),
                          nn.BatchNorm1d(3, bias=False))
    model[2].eval()
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    shared = converted[1].weight is model[1].weight and \
        converted[1].running_mean is model[1].running_mean
    errors = []
    for bad in (lib.randn(4), lib.randn(4, 0, 2)):
        try:
            layer(bad)
        except ValueError as error:
            errors.append(str(error))
    return (repr(layer), out.detach().cpu().numpy(), layer.running_var.tolist(), repr(converted),
            shared, converted[2][0].training, errors)


@cpu_only(CPU_RNG)  # its input is drawn after a seed
@requires_torch
def test_sync_batch_norm_in_one_process_and_its_conversion_match_torch():
    ours, theirs = _sync(ember), _sync(TORCH)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-5)
    assert ours[3:] == theirs[3:]
    assert ours[4] is True


@requires_torch
@pytest.mark.parametrize("args", [(2, 2), (1.5, (2, 1, 2), 1), (3, 2, None, True)])
def test_lp_pool3d_matches_torch(args):
    data = np.random.default_rng(0).uniform(0.1, 1.0, (1, 2, 4, 5, 4))
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(data, requires_grad=True)
        out = lib.nn.LPPool3d(*args)(x)
        out.sum().backward()
        results.append((repr(lib.nn.LPPool3d(*args)), out.detach().cpu().numpy(),
                        x.grad.cpu().numpy()))
    assert results[0][0] == results[1][0]
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-10)
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=1e-10)


def test_lp_pool3d_gradcheck():
    x = ember.tensor(np.random.default_rng(2).uniform(0.2, 1.0, (1, 1, 3, 3, 3)),
                     requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: ember.nn.functional.lp_pool3d(t, 2.0, 2, 1), (x,))


def _loaded_then_called(lib, make, shape, wrong_shape):
    """A lazy layer given a trained twin's state_dict before its first call: what it reports
    after loading, after the call, and the error for an input of another size."""
    source, target = make(lib), make(lib)
    source(lib.ones(*shape))
    target.load_state_dict(source.state_dict())
    before = (type(target).__name__, repr(target))
    target(lib.ones(*shape))
    after = (type(target).__name__, repr(target))
    other = make(lib)
    other.load_state_dict(source.state_dict())
    try:
        other(lib.ones(*wrong_shape))
        error = None
    except Exception as exc:  # noqa: BLE001 - the type is compared with torch's
        error = (type(exc).__name__, str(exc))
    return before, after, error


@requires_torch
@pytest.mark.parametrize("make, shape, wrong_shape", [
    (lambda lib: lib.nn.LazyLinear(3), (2, 5), (2, 4)),
    (lambda lib: lib.nn.LazyConv2d(3, 2), (1, 4, 5, 5), (1, 2, 5, 5)),
    (lambda lib: lib.nn.LazyBatchNorm1d(), (2, 3), (2, 3)),
], ids=["linear", "conv2d", "batchnorm1d"])
def test_lazy_layer_loaded_before_its_first_call_as_torch(make, shape, wrong_shape):
    assert _loaded_then_called(ember, make, shape, wrong_shape) == \
        _loaded_then_called(TORCH, make, shape, wrong_shape)
