"""MultivariateNormal, LowRankMultivariateNormal and Independent against torch."""
from __future__ import annotations

import numpy as np
import pytest
from _dist_helpers import to_ember
from conftest import TORCH, assert_close, requires_torch

import ember

pytestmark = requires_torch


def _spd(n, batch=(), seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(batch + (n, n))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


LOC = np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]])
COV = _spd(3, (2,))
FACTOR = np.random.default_rng(1).standard_normal((2, 3, 2))
DIAG = np.array([[0.5, 1.0, 2.0], [1.5, 0.7, 0.9]])


def _mvn(lib, which, dtype="float64", requires_grad=False):
    def t(a):
        return lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=requires_grad)
    if which == "lowrank":
        params = {"loc": t(LOC), "cov_factor": t(FACTOR), "cov_diag": t(DIAG)}
        return lib.distributions.LowRankMultivariateNormal(**params), params
    matrix = {"covariance_matrix": COV, "precision_matrix": np.linalg.inv(COV),
              "scale_tril": np.linalg.cholesky(COV)}[which]
    params = {"loc": t(LOC), which: t(matrix)}
    return lib.distributions.MultivariateNormal(**params), params


KINDS = ["covariance_matrix", "precision_matrix", "scale_tril", "lowrank"]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("which", KINDS)
def test_multivariate_normal_matches_torch(which, dtype):
    ours, _ = _mvn(ember, which, dtype)
    theirs, _ = _mvn(TORCH, which, dtype)
    tol = {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-9, "atol": 1e-11}
    for attr in ("mean", "mode", "variance", "stddev", "covariance_matrix", "precision_matrix",
                 "scale_tril"):
        assert_close(getattr(ours, attr), getattr(theirs, attr), **tol)
    assert_close(ours.entropy(), theirs.entropy(), **tol)
    TORCH.manual_seed(0)
    value = theirs.sample((4,))
    assert_close(ours.log_prob(to_ember(value)), theirs.log_prob(value), **tol)
    if ours.mean.device.type == "cpu":  # torch's CPU stream: a device has its own generator
        TORCH.manual_seed(3)
        expected = theirs.rsample((5,))
        ember.manual_seed(3)
        assert_close(ours.rsample((5,)), expected, **tol)
    assert ours.sample((2, 7)).shape == (2, 7, 2, 3)
    big = ours.expand((4, 2))
    assert_close(big.log_prob(to_ember(value[:, None])),
                 theirs.expand((4, 2)).log_prob(value[:, None]), **tol)


@pytest.mark.parametrize("which", KINDS)
def test_multivariate_normal_gradients(which):
    _, ours_params = _mvn(ember, which, requires_grad=True)
    theirs, theirs_params = _mvn(TORCH, which, requires_grad=True)
    TORCH.manual_seed(0)
    value = theirs.sample((3,)).detach()
    names = list(ours_params)
    cls = ember.distributions.LowRankMultivariateNormal if which == "lowrank" else \
        ember.distributions.MultivariateNormal

    def log_prob(*tensors):
        params = dict(zip(names, tensors))
        if which in ("covariance_matrix", "precision_matrix"):
            # Symmetrise so that finite differences stay on symmetric matrices.
            params[which] = (params[which] + params[which].mT) / 2
        return cls(**params, validate_args=False).log_prob(to_ember(value))

    inputs = [ours_params[k] for k in names]
    assert ember.autograd.gradcheck(log_prob, inputs, atol=1e-6)
    log_prob(*inputs).sum().backward()
    theirs.log_prob(value).sum().backward()
    for key in names:
        if key in ("covariance_matrix", "precision_matrix"):
            # torch differentiates through its non-symmetrised input: compare symmetric parts.
            ours_grad, theirs_grad = ours_params[key].grad, theirs_params[key].grad
            assert_close((ours_grad + ours_grad.mT) / 2, (theirs_grad + theirs_grad.mT) / 2,
                         rtol=1e-7, atol=1e-9)
        else:
            assert_close(ours_params[key].grad, theirs_params[key].grad, rtol=1e-7, atol=1e-9)


def test_multivariate_normal_rsample_gradient():
    loc = ember.tensor(LOC, requires_grad=True)
    tril = ember.tensor(np.linalg.cholesky(COV), requires_grad=True)

    def draw(loc, tril):
        ember.manual_seed(1)
        return ember.distributions.MultivariateNormal(loc, scale_tril=tril.tril(),
                                                      validate_args=False).rsample((4,))

    assert ember.autograd.gradcheck(draw, (loc, tril))


def test_multivariate_normal_argument_errors():
    mvn = ember.distributions.MultivariateNormal
    with pytest.raises(ValueError, match="loc must be at least one-dimensional."):
        mvn(ember.tensor(0.0), ember.eye(1))
    with pytest.raises(ValueError, match="Exactly one of covariance_matrix or precision_matrix "
                                         "or scale_tril may be specified."):
        mvn(ember.zeros(2))
    with pytest.raises(ValueError, match="scale_tril matrix must be at least two-dimensional"):
        mvn(ember.zeros(2), scale_tril=ember.ones(2))
    with pytest.raises(ValueError, match="covariance_matrix"):
        mvn(ember.zeros(2), covariance_matrix=-ember.eye(2))


def test_independent_sums_the_reinterpreted_dims():
    loc, scale = LOC, np.abs(LOC) + 0.5
    ours = ember.distributions.Independent(
        ember.distributions.Normal(ember.tensor(loc), ember.tensor(scale)), 1)
    theirs = TORCH.distributions.Independent(
        TORCH.distributions.Normal(TORCH.tensor(loc), TORCH.tensor(scale)), 1)
    assert ours.batch_shape == (2,) and ours.event_shape == (3,)
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")
    assert repr(ours.support) == repr(theirs.support)
    value = TORCH.tensor(np.linspace(-1, 1, 6).reshape(2, 3))
    assert_close(ours.log_prob(to_ember(value)), theirs.log_prob(value))
    assert_close(ours.entropy(), theirs.entropy())
    assert ours.expand((4, 2)).batch_shape == (4, 2)
    with pytest.raises(ValueError, match=r"Expected reinterpreted_batch_ndims <= "
                                         r"len\(base_distribution.batch_shape\), actual 3 vs 2"):
        ember.distributions.Independent(ours.base_dist, 3)
