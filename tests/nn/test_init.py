"""nn.init: same draws as torch for the same seed, gains, fans, and torch's errors."""
from __future__ import annotations

import math

import numpy as np
import pytest

import ember
from ember.nn import init
from tests.conftest import CPU_RNG, TORCH, cpu_only, requires_torch

CASES = [
    ("uniform_", (4, 5), {"a": -2.0, "b": 3.0}),
    ("normal_", (40,), {"mean": 1.0, "std": 0.5}),
    ("normal_", (3, 7), {}),
    ("trunc_normal_", (10,), {}),
    ("trunc_normal_", (500,), {"mean": 0.5, "std": 2.0, "a": -1.0, "b": 1.0}),
    ("trunc_normal_", (300,), {"mean": 0.0, "std": 1.0, "a": 2.0, "b": 3.0}),
    ("trunc_normal_", (40,), {"mean": 0.0, "std": 0.02, "a": -0.04, "b": 0.04}),
    ("constant_", (2, 3), {"val": 0.3}),
    ("ones_", (2, 3), {}),
    ("zeros_", (2, 3), {}),
    ("eye_", (3, 5), {}),
    ("dirac_", (4, 2, 3), {}),
    ("dirac_", (6, 3, 3, 3), {"groups": 2}),
    ("dirac_", (2, 4, 1, 3, 3), {}),
    ("xavier_uniform_", (20, 30), {"gain": 2.0}),
    ("xavier_normal_", (8, 4, 3, 3), {}),
    ("kaiming_uniform_", (16, 8), {}),
    ("kaiming_uniform_", (6, 4, 3), {"a": math.sqrt(5)}),
    ("kaiming_uniform_", (6, 4), {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal_", (10, 20), {"nonlinearity": "tanh"}),
    ("kaiming_normal_", (5, 3, 2, 2), {"mode": "fan_out", "a": 0.2}),
    ("orthogonal_", (4, 6), {}),
    ("orthogonal_", (6, 3, 2), {"gain": 2.0}),
    ("orthogonal_", (5, 5), {}),
    ("sparse_", (5, 4), {"sparsity": 0.4}),
]
DETERMINISTIC = ("constant_", "ones_", "zeros_", "eye_", "dirac_")
CASES = [case if case[0] in DETERMINISTIC else pytest.param(*case, marks=cpu_only(CPU_RNG))
         for case in CASES]


@requires_torch
@pytest.mark.parametrize("name,shape,kwargs", CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_initialiser_matches_torch_for_the_same_seed(name, shape, kwargs, dtype):
    ember.manual_seed(11)
    ours = getattr(init, name)(ember.empty(shape, dtype=getattr(ember, dtype)), **kwargs)
    TORCH.manual_seed(11)
    theirs = getattr(TORCH.nn.init, name)(TORCH.empty(shape, dtype=getattr(TORCH, dtype)),
                                          **kwargs)
    assert ours.dtype is getattr(ember, dtype)
    if name == "orthogonal_":
        # Same Gaussian draws; the QR factorisations (LAPACK in both) agree to rounding.
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())
    # The generator stream advanced by the same amount (none, for the deterministic ones).
    if name in DETERMINISTIC:
        after = ember.rand(3)
        ember.manual_seed(11)
        assert ember.equal(after, ember.rand(3))
    else:
        np.testing.assert_array_equal(ember.rand(3).cpu().numpy(), TORCH.rand(3).cpu().numpy())


def test_initialisers_work_in_place_on_parameters_without_recording():
    weight = ember.nn.Parameter(ember.empty(3, 4))
    out = init.kaiming_uniform_(weight, a=math.sqrt(5))
    assert out is weight and weight.grad_fn is None and weight.requires_grad
    bound = 1 / math.sqrt(4)
    assert np.all(np.abs(weight.detach().cpu().numpy()) <= bound)
    init.orthogonal_(weight)
    np.testing.assert_allclose(weight.detach().cpu().numpy() @ weight.detach().cpu().numpy().T,
                               np.eye(3),
                               atol=1e-5)
    assert weight.grad_fn is None
    init.trunc_normal_(weight, std=0.02)
    assert weight.grad_fn is None and np.all(np.abs(weight.detach().cpu().numpy()) <= 2)


def test_generator_argument_is_used():
    gen = ember.Generator().manual_seed(5)
    a = init.normal_(ember.empty(6), generator=gen)
    gen.manual_seed(5)
    b = init.normal_(ember.empty(6), generator=gen)
    np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())


@requires_torch
@pytest.mark.parametrize("args", [("linear",), ("conv2d",), ("sigmoid",), ("tanh",), ("relu",),
                                  ("leaky_relu",), ("leaky_relu", 0.2), ("leaky_relu", 3),
                                  ("selu",)])
def test_calculate_gain_matches_torch(args):
    assert init.calculate_gain(*args) == TORCH.nn.init.calculate_gain(*args)


@requires_torch
@pytest.mark.parametrize("shape", [(3, 4), (5, 2, 3), (6, 4, 3, 2), (2, 3, 1, 2, 2)])
def test_fan_in_and_fan_out_match_torch(shape):
    assert init._calculate_fan_in_and_fan_out(ember.empty(shape)) == \
        TORCH.nn.init._calculate_fan_in_and_fan_out(TORCH.empty(shape))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, t: lib.nn.init.calculate_gain("swish"),
    lambda lib, t: lib.nn.init.calculate_gain("leaky_relu", "x"),
    lambda lib, t: lib.nn.init.xavier_uniform_(t(3)),
    lambda lib, t: lib.nn.init.kaiming_uniform_(t(3, 2), mode="fan_avg"),
    lambda lib, t: lib.nn.init.eye_(t(2, 2, 2)),
    lambda lib, t: lib.nn.init.dirac_(t(2, 2)),
    lambda lib, t: lib.nn.init.dirac_(t(3, 2, 2), groups=2),
    lambda lib, t: lib.nn.init.orthogonal_(t(3)),
    lambda lib, t: lib.nn.init.sparse_(t(3, 2, 2), 0.1),
])
def test_errors_match_torch(call):
    with pytest.raises(ValueError) as ours:
        call(ember, ember.empty)
    with pytest.raises(ValueError) as theirs:
        call(TORCH, TORCH.empty)
    assert str(ours.value) == str(theirs.value)


def test_warnings():
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        init.kaiming_uniform_(ember.empty(0, 3))
    with pytest.warns(UserWarning, match="mean is more than 2 std from"):
        init.trunc_normal_(ember.empty(3), mean=10.0)
    with pytest.warns(FutureWarning, match="nn.init.normal` is now deprecated in favor of "
                                           "`nn.init.normal_`"):
        init.normal(ember.empty(3))
