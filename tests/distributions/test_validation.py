"""Argument validation: torch's ValueError messages, and switching validation off."""
from __future__ import annotations

import pytest
from conftest import TORCH, as_cpu_text, requires_torch

import ember

pytestmark = requires_torch


def _message(lib, fn):
    with pytest.raises(ValueError) as info:
        fn(lib)
    return str(info.value).replace("torch.", "ember.")


CASES = {
    "bad_scale": lambda L: L.distributions.Normal(L.tensor([0.0, 1.0]), L.tensor([1.0, -1.0])),
    "bad_probs": lambda L: L.distributions.Bernoulli(probs=L.tensor([0.5, 1.5])),
    "both_probs_and_logits": lambda L: L.distributions.Categorical(L.ones(2), L.ones(2)),
    "value_outside_support": lambda L: L.distributions.Exponential(L.ones(2)).log_prob(
        L.tensor([1.0, -1.0])),
    "value_shape": lambda L: L.distributions.Normal(L.zeros(3), L.ones(3)).log_prob(
        L.zeros(2)),
    "event_shape": lambda L: L.distributions.MultivariateNormal(
        L.zeros(2), L.eye(2)).log_prob(L.zeros(3)),
    "not_a_tensor": lambda L: L.distributions.Normal(0.0, 1.0).log_prob(0.5),
    "uniform_bounds": lambda L: L.distributions.Uniform(L.tensor([1.0]), L.tensor([0.0])),
    "geometric_zero": lambda L: L.distributions.Geometric(probs=L.tensor([0.0, 0.5])),
    "broadcast_inputs": lambda L: L.distributions.Normal("a", 1.0),
    "dirichlet_concentration": lambda L: L.distributions.Dirichlet(L.tensor([1.0, -0.5])),
    "poisson_value": lambda L: L.distributions.Poisson(L.tensor([2.0])).log_prob(
        L.tensor([1.5])),
    "binomial_value": lambda L: L.distributions.Binomial(5, L.tensor([0.3])).log_prob(
        L.tensor([6.0])),
    "multinomial_value": lambda L: L.distributions.Multinomial(
        3, L.tensor([0.5, 0.5])).log_prob(L.tensor([2.0, 2.0])),
    "wishart_df": lambda L: L.distributions.Wishart(L.tensor(0.5), L.eye(2)),
    "beta_value": lambda L: L.distributions.Beta(L.tensor([2.0]), L.tensor([3.0])).log_prob(
        L.tensor([1.5])),
    "gamma_rate": lambda L: L.distributions.Gamma(L.tensor([2.0]), L.tensor([0.0])),
    "simplex_value": lambda L: L.distributions.Dirichlet(L.ones(3)).log_prob(
        L.tensor([0.5, 0.6, 0.1])),
    "lkj_value": lambda L: L.distributions.LKJCholesky(2).log_prob(L.eye(2) * 2),
    "student_df": lambda L: L.distributions.StudentT(L.tensor([-1.0])),
}


@pytest.mark.parametrize("case", CASES)
def test_error_messages_match_torch(case):
    assert as_cpu_text(_message(ember, CASES[case])) == _message(TORCH, CASES[case])


def test_validation_can_be_switched_off():
    dist = ember.distributions.Normal(ember.tensor([0.0]), ember.tensor([-1.0]),
                                      validate_args=False)
    assert ember.isnan(dist.log_prob(ember.tensor([0.0]))).all()
    previous = ember.distributions.Distribution._validate_args
    try:
        ember.distributions.Distribution.set_default_validate_args(False)
        ember.distributions.Exponential(ember.tensor([-1.0])).log_prob(ember.tensor([-2.0]))
    finally:
        ember.distributions.Distribution.set_default_validate_args(previous)
    with pytest.raises(ValueError):
        ember.distributions.Distribution.set_default_validate_args("yes")


def test_base_class_defaults():
    dist = ember.distributions.Distribution(validate_args=False)
    for method in ("sample", "rsample", "entropy"):
        with pytest.raises(NotImplementedError):
            getattr(dist, method)()
    with pytest.raises(NotImplementedError, match="does not implement mode"):
        _ = dist.mode
    assert dist.batch_shape == () and dist.event_shape == ()


# Categorical validates its probs (simplex) and its values (integer_interval) on the arrays;
# the answer must be the constraint's own check's, edge values included.
_SIMPLEX_VALUES = [
    [0.25, 0.75], [0.5, 0.5 + 2e-6], [0.5, 0.5 + 5e-7], [-0.0, 1.0], [-1e-9, 1.0],
    [float("nan"), 1.0], [float("inf"), 0.0], [[0.2, 0.8], [0.6, 0.41]], [[1.0], [1.0]],
]
_INTEGER_VALUES = [[0, 1, 2], [0, 3], [-1, 0], [[0, 2], [1, 1]]]
_INTERVAL_CASES = [(values, dtype) for values in _INTEGER_VALUES
                   for dtype in ("int64", "int32", "float32", "float64")] + [
    (values, dtype) for values in ([0.0, 1.5], [2.0, float("nan")], [float("inf")])
    for dtype in ("float32", "float64")]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("values", _SIMPLEX_VALUES, ids=str)
def test_simplex_validation_matches_check(values, dtype):
    from ember.distributions import constraints
    value = ember.tensor(values, dtype=getattr(ember, dtype))
    expected = bool(constraints.simplex.check(value).all())
    assert constraints._all_valid(constraints.simplex, value) is expected


@pytest.mark.parametrize("values, dtype", _INTERVAL_CASES, ids=str)
def test_integer_interval_validation_matches_check(values, dtype):
    from ember.distributions import constraints
    value = ember.tensor(values, dtype=getattr(ember, dtype))
    support = constraints.integer_interval(0, 2)
    expected = bool(support.check(value).all())
    assert constraints._all_valid(support, value) is expected


def test_categorical_validation_errors_match_torch():
    for name, make in {
        "probs_not_simplex": lambda L: L.distributions.Categorical(L.tensor([-0.5, 1.5])),
        "value_outside": lambda L: L.distributions.Categorical(L.tensor([0.5, 0.5])).log_prob(
            L.tensor(2)),
        "value_fraction": lambda L: L.distributions.Categorical(L.tensor([0.5, 0.5])).log_prob(
            L.tensor(0.5)),
    }.items():
        assert as_cpu_text(_message(ember, make)) == _message(TORCH, make), name
