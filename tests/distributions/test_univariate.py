"""Each distribution against torch.distributions: scores, moments, samples, gradients."""
from __future__ import annotations

import math

import numpy as np
import pytest
from _dist_helpers import build, pair, to_ember
from conftest import CPU_RNG, TORCH, as_cpu_text, assert_close, cpu_only, requires_torch

import ember

pytestmark = requires_torch

LOC = [0.0, 1.5, -2.0]
SCALE = [1.0, 0.5, 2.5]
PROBS = [0.1, 0.5, 0.85]
ROWS = [[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]]

# name -> (parameters, methods beyond log_prob/moments to compare, how samples compare).
# "exact": the same bits as torch. "ulp": the same uniform/normal draws, then float transforms
# whose NumPy results may differ from torch's vectorised (SLEEF) kernels in the last bit.
SPECS = {
    "Normal": ({"loc": LOC, "scale": SCALE}, ("cdf", "icdf"), "exact"),
    "Uniform": ({"low": LOC, "high": [1.0, 2.0, 0.5]}, ("cdf", "icdf"), "exact"),
    "Laplace": ({"loc": LOC, "scale": SCALE}, ("cdf", "icdf"), "ulp"),
    "Cauchy": ({"loc": LOC, "scale": SCALE}, ("cdf", "icdf"), "exact"),
    "Exponential": ({"rate": SCALE}, ("cdf", "icdf"), "exact"),
    "Gumbel": ({"loc": LOC, "scale": SCALE}, (), "ulp"),
    "LogNormal": ({"loc": LOC, "scale": SCALE}, ("cdf", "icdf"), "ulp"),
    "HalfNormal": ({"scale": SCALE}, ("cdf", "icdf"), "exact"),
    "HalfCauchy": ({"scale": SCALE}, ("cdf", "icdf"), "exact"),
    "Bernoulli": ({"probs": PROBS}, (), "exact"),
    "Geometric": ({"probs": PROBS}, (), "exact"),
    "Categorical": ({"probs": ROWS}, (), "exact"),
    "OneHotCategorical": ({"probs": ROWS}, (), "exact"),
    "OneHotCategoricalStraightThrough": ({"logits": ROWS}, (), "exact"),
}
MOMENTS = ("mean", "variance", "stddev", "mode")
TOL = {"float32": {"rtol": 2e-5, "atol": 2e-6}, "float64": {"rtol": 1e-10, "atol": 1e-12}}


def _value(theirs, shape=(4,)):
    """A batch of in-support values: torch's own samples."""
    TORCH.manual_seed(7)
    return theirs.sample(shape)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", SPECS)
def test_scores_and_moments_match_torch(name, dtype):
    params, extra, _ = SPECS[name]
    ours, _, theirs, _ = pair(name, params, dtype)
    tol = TOL[dtype]
    for moment in MOMENTS:
        assert_close(getattr(ours, moment), getattr(theirs, moment), **tol)
    assert_close(ours.entropy(), theirs.entropy(), **tol)
    assert_close(ours.perplexity(), theirs.perplexity(), **tol)
    value = _value(theirs)
    assert_close(ours.log_prob(to_ember(value)), theirs.log_prob(value), **tol)
    if "cdf" in extra:
        assert_close(ours.cdf(to_ember(value)), theirs.cdf(value), **tol)
    if "icdf" in extra:
        q = TORCH.tensor([[0.05], [0.3], [0.5], [0.95]], dtype=getattr(TORCH, dtype))
        assert_close(ours.icdf(to_ember(q)), theirs.icdf(q), **tol)
    assert ours.batch_shape == tuple(theirs.batch_shape)
    assert ours.event_shape == tuple(theirs.event_shape)
    assert ours.has_rsample == theirs.has_rsample
    assert as_cpu_text(repr(ours.support)) == repr(theirs.support).replace("torch.", "ember.")
    assert as_cpu_text(repr(ours)) == repr(theirs).replace("torch.", "ember.")


@cpu_only(CPU_RNG)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", SPECS)
def test_samples_match_torch_after_manual_seed(name, dtype):
    params, _, how = SPECS[name]
    ours, _, theirs, _ = pair(name, params, dtype)
    methods = ["sample"] + (["rsample"] if theirs.has_rsample else [])
    for method in methods:
        TORCH.manual_seed(123)
        expected = getattr(theirs, method)((5, 2))
        ember.manual_seed(123)
        got = getattr(ours, method)((5, 2))
        if how == "exact":
            np.testing.assert_array_equal(got.detach().cpu().numpy(),
                                          expected.detach().cpu().numpy())
            assert str(got.dtype)[6:] == str(expected.dtype)[6:]
        else:
            eps = np.finfo(dtype).eps
            assert_close(got, expected, rtol=16 * eps, atol=16 * eps * expected.abs().max())


@pytest.mark.parametrize("name", SPECS)
def test_batched_sample_shapes_and_expand(name):
    params, _, _ = SPECS[name]
    # Parameters batched over a leading dim of 2 on top of their own shape.
    batched = {k: np.stack([np.asarray(v), np.asarray(v)[::-1]]) for k, v in params.items()}
    ours, _, theirs, _ = pair(name, batched)
    for shape in [(), (3,), (2, 4)]:
        assert ours.sample(shape).shape == tuple(theirs.sample(shape).shape)
    big = (5,) + tuple(theirs.batch_shape)
    ours_big, theirs_big = ours.expand(big), theirs.expand(big)
    assert ours_big.batch_shape == tuple(theirs_big.batch_shape)
    value = _value(theirs_big, (2,))
    assert_close(ours_big.log_prob(to_ember(value)), theirs_big.log_prob(value))
    assert_close(ours_big.entropy(), theirs_big.entropy())


def test_broadcasting_of_mixed_parameters():
    ours = ember.distributions.Normal(ember.zeros(3, 1, dtype=ember.float64), 2.0)
    theirs = TORCH.distributions.Normal(TORCH.zeros(3, 1, dtype=TORCH.float64), 2.0)
    assert ours.batch_shape == (3, 1) and ours.scale.dtype == ember.float64
    value = TORCH.linspace(-1, 1, 4, dtype=TORCH.float64)
    assert_close(ours.log_prob(to_ember(value)), theirs.log_prob(value))
    assert ember.distributions.Normal(0.0, 1.0).batch_shape == ()


# Parameters the log-density is differentiable in (positive ones kept away from zero).
GRAD_PARAMS = {
    "Normal": {"loc": LOC, "scale": SCALE}, "Laplace": {"loc": LOC, "scale": SCALE},
    "Cauchy": {"loc": LOC, "scale": SCALE}, "Exponential": {"rate": SCALE},
    "Gumbel": {"loc": LOC, "scale": SCALE}, "LogNormal": {"loc": LOC, "scale": SCALE},
    "HalfNormal": {"scale": SCALE}, "HalfCauchy": {"scale": SCALE},
    "Bernoulli": {"logits": LOC}, "Geometric": {"probs": PROBS},
    "Categorical": {"logits": ROWS}, "OneHotCategorical": {"logits": ROWS},
    "Uniform": {"low": LOC, "high": [1.0, 2.0, 0.5]},
}


@pytest.mark.parametrize("name", GRAD_PARAMS)
def test_log_prob_gradients(name):
    params = GRAD_PARAMS[name]
    _, _, theirs, theirs_args = pair(name, params, requires_grad=True)
    value = _value(theirs).detach()
    if name == "Uniform":
        value = theirs.mean.detach().expand(4, 3)   # strictly inside every interval
    names = list(params)

    def log_prob(*tensors):
        dist = ember.distributions.__dict__[name](**dict(zip(names, tensors)))
        return dist.log_prob(to_ember(value))

    inputs = [ember.tensor(np.asarray(params[k], dtype=np.float64), requires_grad=True)
              for k in names]
    assert ember.autograd.gradcheck(log_prob, inputs)
    ours = log_prob(*inputs)
    ours.sum().backward()
    theirs.log_prob(value).sum().backward()
    for ours_in, key in zip(inputs, names):
        assert_close(ours_in.grad, theirs_args[key].grad, rtol=1e-9, atol=1e-12)
    if name in ("Normal", "Laplace", "Cauchy", "Exponential", "Gumbel"):
        entropy = ember.distributions.__dict__[name](**dict(zip(names, inputs))).entropy()
        assert ember.autograd.gradcheck(
            lambda *t: ember.distributions.__dict__[name](**dict(zip(names, t))).entropy(),
            inputs)
        assert_close(entropy, theirs.entropy())


RSAMPLE = ["Normal", "Uniform", "Laplace", "Cauchy", "Exponential", "Gumbel", "LogNormal",
           "HalfNormal", "HalfCauchy"]


@pytest.mark.parametrize("name", RSAMPLE)
def test_rsample_is_pathwise_differentiable(name):
    params = GRAD_PARAMS[name]
    names = list(params)
    inputs = [ember.tensor(np.asarray(params[k], dtype=np.float64), requires_grad=True)
              for k in names]

    def draw(*tensors):
        ember.manual_seed(5)
        return ember.distributions.__dict__[name](**dict(zip(names, tensors))).rsample((3,))

    assert ember.autograd.gradcheck(draw, inputs)
    if inputs[0].device.type != "cpu":
        return  # the draws below are torch's CPU stream: a device has its own generator
    _, _, theirs, theirs_args = pair(name, params, requires_grad=True)
    TORCH.manual_seed(5)
    theirs.rsample((3,)).sum().backward()
    draw(*inputs).sum().backward()
    for ours_in, key in zip(inputs, names):
        assert_close(ours_in.grad, theirs_args[key].grad, rtol=1e-9, atol=1e-12)


def test_straight_through_gradient_is_the_probabilities_gradient():
    logits = ember.tensor([0.2, -0.4, 1.0], requires_grad=True)
    dist = ember.distributions.OneHotCategoricalStraightThrough(logits=logits)
    sample = dist.rsample()
    assert set(sample.detach().cpu().numpy().tolist()) <= {0.0, 1.0}
    (sample * ember.tensor([1.0, 2.0, 3.0])).sum().backward()
    t_logits = TORCH.tensor([0.2, -0.4, 1.0], requires_grad=True)
    t_sample = TORCH.distributions.OneHotCategoricalStraightThrough(logits=t_logits).rsample()
    (t_sample * TORCH.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert_close(logits.grad, t_logits.grad)


def test_enumerate_support():
    for name, params in [("Bernoulli", {"probs": PROBS}), ("Categorical", {"probs": ROWS}),
                         ("OneHotCategorical", {"probs": ROWS})]:
        ours, _, theirs, _ = pair(name, params)
        for expand in (True, False):
            assert_close(ours.enumerate_support(expand), theirs.enumerate_support(expand))


def test_probs_and_logits_derive_each_other():
    for name, params in [("Bernoulli", {"logits": LOC}), ("Categorical", {"logits": ROWS}),
                         ("Geometric", {"logits": LOC}), ("Bernoulli", {"probs": PROBS})]:
        ours, _, theirs, _ = pair(name, params)
        assert_close(ours.probs, theirs.probs, rtol=1e-12)
        assert_close(ours.logits, theirs.logits, rtol=1e-12)


def test_sample_n_is_deprecated():
    with pytest.warns(FutureWarning, match=r"`sample_n\(n\)` will be deprecated"):
        assert ember.distributions.Normal(0.0, 1.0).sample_n(3).shape == (3,)


def test_categorical_samples_follow_the_probabilities():
    ember.manual_seed(0)
    probs = ember.tensor([0.2, 0.5, 0.3])
    counts = np.bincount(ember.distributions.Categorical(probs).sample((20000,)).cpu().numpy(),
                         minlength=3)
    np.testing.assert_allclose(counts / 20000, [0.2, 0.5, 0.3], atol=0.015)
    assert build(ember, "Categorical", {"probs": ROWS})[0].mode.tolist() == [1, 2]


# StudentT's and FisherSnedecor's means write NaN where they are undefined into a copy of the
# parameter, as torch does: an integer parameter cannot hold it, and torch's error is raised
# (a float mean was returned before), whether or not any entry is undefined.
@pytest.mark.parametrize("make", [
    lambda: ember.distributions.StudentT(ember.tensor(3.0), ember.tensor(2), ember.tensor(1.0)),
    lambda: ember.distributions.FisherSnedecor(ember.tensor(2.0), ember.tensor(5))])
def test_mean_of_an_integer_parameter(make):
    with pytest.raises(RuntimeError, match="^value cannot be converted to type int64_t without "
                                           "overflow$"):
        make().mean  # noqa: B018 - the property raises


def test_student_t_and_fisher_means_where_undefined():
    loc = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    mean = ember.distributions.StudentT(ember.tensor([0.5, 3.0]), loc).mean
    assert math.isnan(mean[0].item()) and mean[1].item() == 2.0
    mean[1].backward()
    assert loc.grad.tolist() == [0.0, 1.0]
    fisher = ember.distributions.FisherSnedecor(ember.tensor(3.0), ember.tensor([1.0, 4.0])).mean
    assert math.isnan(fisher[0].item()) and fisher[1].item() == 2.0
