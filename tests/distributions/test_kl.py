"""kl_divergence over every pair torch registers, against torch's values and gradients."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires_torch

import ember

pytestmark = requires_torch


def _examples(lib):
    """Two instances (p-like and q-like) of each distribution, batch shape (3,), float64."""
    D = lib.distributions

    def t(*values):
        return lib.tensor(values, dtype=lib.float64)

    T = D.transforms
    cov = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])
    factor = np.array([[0.5, 0.1], [-0.3, 0.4], [0.2, 0.2]])
    return {
        "Bernoulli": (D.Bernoulli(t(0.2, 0.5, 0.9)), D.Bernoulli(t(0.4, 0.3, 0.7))),
        "Categorical": (D.Categorical(lib.tensor([[0.2, 0.3, 0.5]] * 3, dtype=lib.float64)),
                        D.Categorical(lib.tensor([[0.1, 0.6, 0.3]] * 3, dtype=lib.float64))),
        "OneHotCategorical": (
            D.OneHotCategorical(lib.tensor([[0.2, 0.3, 0.5]] * 3, dtype=lib.float64)),
            D.OneHotCategorical(lib.tensor([[0.1, 0.6, 0.3]] * 3, dtype=lib.float64))),
        "Cauchy": (D.Cauchy(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)),
                   D.Cauchy(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5))),
        "Exponential": (D.Exponential(t(0.5, 1.0, 2.0)), D.Exponential(t(1.5, 0.3, 1.0))),
        "Geometric": (D.Geometric(t(0.2, 0.5, 0.7)), D.Geometric(t(0.3, 0.6, 0.1))),
        "Gumbel": (D.Gumbel(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)),
                   D.Gumbel(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5))),
        "HalfNormal": (D.HalfNormal(t(1.0, 2.0, 0.5)), D.HalfNormal(t(2.0, 1.0, 1.5))),
        "Laplace": (D.Laplace(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)),
                    D.Laplace(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5))),
        "Normal": (D.Normal(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)),
                   D.Normal(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5))),
        "Uniform": (D.Uniform(t(0.1, 0.2, 0.3), t(0.5, 0.9, 0.7)),
                    D.Uniform(t(0.0, -1.0, 0.35), t(1.0, 2.0, 3.0))),
        "Uniform_in_unit": (D.Uniform(t(0.1, 0.2, 0.3), t(0.5, 0.9, 0.7)), None),
        "Uniform_positive": (D.Uniform(t(0.1, 0.2, 1.3), t(0.5, 0.9, 1.7)), None),
        "MultivariateNormal": (
            D.MultivariateNormal(lib.tensor(np.eye(3), dtype=lib.float64),
                                 lib.tensor(cov, dtype=lib.float64)),
            D.MultivariateNormal(lib.tensor(np.ones((3, 3)) * 0.2, dtype=lib.float64),
                                 scale_tril=lib.tensor(np.linalg.cholesky(cov + np.eye(3)),
                                                       dtype=lib.float64))),
        "LowRankMultivariateNormal": (
            D.LowRankMultivariateNormal(lib.tensor(np.eye(3), dtype=lib.float64),
                                        lib.tensor(factor, dtype=lib.float64),
                                        t(1.0, 0.5, 2.0)),
            D.LowRankMultivariateNormal(lib.tensor(np.ones(3) * 0.3, dtype=lib.float64),
                                        lib.tensor(factor[::-1].copy(), dtype=lib.float64),
                                        t(0.7, 1.5, 1.0))),
        "Beta": (D.Beta(t(0.5, 2.0, 3.0), t(1.5, 0.7, 2.0)),
                 D.Beta(t(1.2, 3.0, 0.9), t(2.0, 1.1, 4.0))),
        "Binomial": (D.Binomial(t(10.0, 12.0, 10.0), t(0.2, 0.5, 0.7)),
                     D.Binomial(t(10.0, 10.0, 10.0), t(0.4, 0.3, 0.6))),
        "ContinuousBernoulli": (D.ContinuousBernoulli(t(0.2, 0.4995, 0.9)),
                                D.ContinuousBernoulli(t(0.6, 0.3, 0.5))),
        "Dirichlet": (D.Dirichlet(lib.tensor([[0.5, 2.0, 3.0]] * 3, dtype=lib.float64)),
                      D.Dirichlet(lib.tensor([[1.5, 1.0, 0.7]] * 3, dtype=lib.float64))),
        "Gamma": (D.Gamma(t(0.5, 2.0, 3.0), t(1.5, 0.7, 2.0)),
                  D.Gamma(t(1.2, 3.0, 0.9), t(2.0, 1.1, 4.0))),
        "Pareto": (D.Pareto(t(0.5, 1.0, 2.0), t(1.5, 2.5, 3.5)),
                   D.Pareto(t(0.4, 1.5, 1.0), t(2.0, 3.0, 0.8))),
        "Poisson": (D.Poisson(t(0.5, 2.0, 7.0)), D.Poisson(t(1.5, 0.7, 4.0))),
        "Independent": (D.Independent(D.Normal(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)), 1),
                        D.Independent(D.Normal(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5)), 1)),
        "TransformedDistribution": (
            D.TransformedDistribution(D.Normal(t(0.0, 1.0, -1.0), t(1.0, 2.0, 0.5)),
                                      [T.ExpTransform()]),
            D.TransformedDistribution(D.Normal(t(0.5, 0.0, 1.0), t(2.0, 1.0, 1.5)),
                                      [T.ExpTransform()])),
    }


def _registered_pairs():
    from torch.distributions.kl import _KL_REGISTRY
    names = set(_examples(ember))
    return sorted((p.__name__, q.__name__) for p, q in _KL_REGISTRY
                  if p.__name__ in names and q.__name__ in names)


# The ExponentialFamily pair is reached through Bernoulli/Normal... of the same type.
PAIRS = _registered_pairs() if TORCH is not None else []


# p's support must lie inside q's for a finite KL: these pairs take a p drawn to fit.
P_EXAMPLE = {("Uniform", "Beta"): "Uniform_in_unit",
             ("Uniform", "ContinuousBernoulli"): "Uniform_in_unit",
             ("Uniform", "Pareto"): "Uniform_positive"}


@pytest.mark.parametrize("p_name,q_name", PAIRS)
def test_kl_matches_torch(p_name, q_name):
    ours, theirs = _examples(ember), _examples(TORCH)
    p_key = P_EXAMPLE.get((p_name, q_name), p_name)
    expected = TORCH.distributions.kl_divergence(theirs[p_key][0], theirs[q_name][1])
    got = ember.distributions.kl_divergence(ours[p_key][0], ours[q_name][1])
    assert_close(got, expected, rtol=1e-9, atol=1e-12)


def test_every_torch_pair_is_registered_in_ember():
    from torch.distributions.kl import _KL_REGISTRY as theirs

    from ember.distributions.kl import _KL_REGISTRY as ours
    ours_names = {(p.__name__, q.__name__) for p, q in ours}
    theirs_names = {(p.__name__, q.__name__) for p, q in theirs}
    available = set(ember.distributions.__all__) | {"ExponentialFamily"}
    expected = {(p, q) for p, q in theirs_names if p in available and q in available}
    assert ours_names == expected


KL_GRAD = [("Normal", "Normal"), ("Laplace", "Laplace"), ("Gumbel", "Normal"),
           ("Exponential", "Normal"), ("MultivariateNormal", "MultivariateNormal"),
           ("Cauchy", "Cauchy"), ("Normal", "Gumbel"), ("Gamma", "Gamma"), ("Beta", "Beta"),
           ("Gamma", "Normal"), ("Poisson", "Poisson"), ("Pareto", "Exponential")]


@pytest.mark.parametrize("p_name,q_name", KL_GRAD)
def test_kl_gradients(p_name, q_name):
    """gradcheck of KL(p || q) in p's and q's parameters, rebuilt from float64 leaves."""
    def params_of(dist):
        keys = {"Normal": ("loc", "scale"), "Laplace": ("loc", "scale"),
                "Gumbel": ("loc", "scale"), "Cauchy": ("loc", "scale"),
                "Exponential": ("rate",), "MultivariateNormal": ("loc", "scale_tril"),
                "Gamma": ("concentration", "rate"), "Beta": ("concentration1", "concentration0"),
                "Poisson": ("rate",), "Pareto": ("scale", "alpha")}
        return {k: getattr(dist, k).detach().clone().requires_grad_() for k in
                keys[type(dist).__name__]}

    p0, q0 = _examples(ember)[p_name][0], _examples(ember)[q_name][1]
    p_params, q_params = params_of(p0), params_of(q0)
    cls = ember.distributions.__dict__

    def kl(*tensors):
        p = cls[p_name](**dict(zip(p_params, tensors[:len(p_params)])), validate_args=False)
        q = cls[q_name](**dict(zip(q_params, tensors[len(p_params):])), validate_args=False)
        return ember.distributions.kl_divergence(p, q)

    inputs = list(p_params.values()) + list(q_params.values())
    if p_name == "MultivariateNormal":
        def kl_tril(p_loc, p_tril, q_loc, q_tril):
            return kl(p_loc, p_tril.tril(), q_loc, q_tril.tril())
        assert ember.autograd.gradcheck(kl_tril, inputs)
    else:
        assert ember.autograd.gradcheck(kl, inputs)


def test_register_kl_and_dispatch():
    D = ember.distributions

    class MyNormal(D.Normal):
        pass

    p = MyNormal(ember.tensor([0.0]), ember.tensor([1.0]))
    q = D.Normal(ember.tensor([1.0]), ember.tensor([2.0]))
    assert_close(D.kl_divergence(p, q), TORCH.tensor([0.4431471805599453]), rtol=1e-6)

    @D.register_kl(MyNormal, D.Normal)
    def _kl_mine(p, q):
        return ember.zeros(1)

    try:
        assert D.kl_divergence(p, q).tolist() == [0.0]
    finally:
        from ember.distributions.kl import _KL_MEMOIZE, _KL_REGISTRY
        del _KL_REGISTRY[MyNormal, D.Normal]
        _KL_MEMOIZE.clear()
    with pytest.raises(NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for p "
                                                  "type Normal and q type Categorical"):
        D.kl_divergence(q, D.Categorical(ember.ones(2)))


def test_exponential_family_fallback_is_the_bregman_divergence():
    """Wishart has no closed form registered: both libraries use the log-normalizer's
    Bregman divergence (autograd of the natural parameters)."""
    cov = np.array([[2.0, 0.3], [0.3, 1.0]])

    def pair_of(lib):
        W = lib.distributions.Wishart
        return (W(lib.tensor([4.0, 5.0], dtype=lib.float64), lib.tensor(cov)),
                W(lib.tensor([3.0, 6.0], dtype=lib.float64), lib.tensor(cov * 1.5)))
    ours, theirs = pair_of(ember), pair_of(TORCH)
    assert_close(ember.distributions.kl_divergence(*ours),
                 TORCH.distributions.kl_divergence(*theirs), rtol=1e-9)
    with pytest.raises(NotImplementedError, match="The cross KL-divergence between different "
                                                  "exponential families"):
        ember.distributions.kl_divergence(ember.distributions.Wishart(
            ember.tensor(4.0, dtype=ember.float64), ember.tensor(cov)),
            ember.distributions.Dirichlet(ember.ones(2, 2, dtype=ember.float64)))
