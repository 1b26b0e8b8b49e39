"""Inside ``vmap``, a tensor that holds one sample of the batch (a sliced input, or anything
computed from one) refuses to give up its value as torch's batched tensors do: ``.item()``,
``float()``, ``bool()`` (data-dependent control flow), ``.tolist()``, ``.numpy()`` and
value-sized ops raise torch's RuntimeError; tensors outside the batch still work."""
import pytest

import ember
from tests.conftest import TORCH, requires_torch

READS = {
    "item": lambda t: t.sum().item(),
    "float": lambda t: float(t.sum()),
    "int": lambda t: int(t.sum()),
    "complex": lambda t: complex(t.sum()),
    "index": lambda t: [1, 2, 3][t.long().sum()],
    "bool": lambda t: bool(t.sum()),
    "if": lambda t: t if t.sum() > 0 else -t,
    "tolist": lambda t: t.tolist(),
    "numpy": lambda t: t.numpy(),
    "data_ptr": lambda t: t.data_ptr(),
    "nonzero": lambda t: t.nonzero(),
    "scaled_by_item": lambda t: t * t.max().item(),
    "after_inplace": lambda t: ember_or_torch(t).zeros(3).add_(t).sum().item(),
    "iadd_into_unbatched": lambda t: _iadd(ember_or_torch(t).zeros(3), t),
    "setitem_into_unbatched": lambda t: _setitem(ember_or_torch(t).zeros(3), t),
    "returns_str": lambda t: repr(t),
    "formats_a_scalar": lambda t: f"{t.sum()}",
    "all_true_of_batch": lambda t: t * 2 if ember_or_torch(t)._is_all_true(t > 0) else t,
    "any_true_method": lambda t: t * 2 if (t > 5)._is_any_true() else t,
}


def _iadd(z, t):
    z += t
    return z


def _setitem(z, t):
    z[0] = t[0]
    return z


def ember_or_torch(t):
    return ember if isinstance(t, ember.Tensor) else TORCH


def _outcome(lib, name):
    try:
        result = lib.func.vmap(READS[name])(lib.ones(2, 3))
    except Exception as error:  # noqa: BLE001 - the type and message are what is compared
        return type(error).__name__, str(error)
    return "value", result.tolist()


@requires_torch
@pytest.mark.parametrize("name", READS)
def test_reading_a_batched_value_raises_as_torch(name):
    assert _outcome(ember, name) == _outcome(TORCH, name)


def test_item_on_a_batched_tensor_raises():
    with pytest.raises(RuntimeError, match=r"calling \.item\(\) on a Tensor"):
        ember.func.vmap(lambda t: t * t.sum().item())(ember.ones(2, 3))
    with pytest.raises(RuntimeError, match="data-dependent control flow"):
        ember.func.vmap(lambda t: t if t.sum() > 0 else -t)(ember.ones(2, 3))


def test_tensors_outside_the_batch_still_give_their_values():
    scale = ember.tensor(2.0)
    out = ember.func.vmap(lambda t: t * scale.item() + ember.ones(3).sum().item())(
        ember.ones(2, 3))
    assert out.tolist() == [[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]
    assert ember.ones(2).sum().item() == 2.0  # and after the call


def test_unmapped_inputs_are_not_batched():
    out = ember.func.vmap(lambda t, w: t * w.sum().item(), in_dims=(0, None))(
        ember.ones(2, 3), ember.ones(4))
    assert out.tolist() == [[4.0] * 3] * 2


# Distributions built from a sample's parameters: their validity check (_is_all_true) answers
# for the whole batch in torch, so construction, log_prob and gradients work under vmap.
DISTRIBUTIONS = {
    "normal_log_prob": lambda lib, mu: lib.distributions.Normal(mu, 1.0).log_prob(
        lib.tensor([0.5, -0.5])).sum(),
    "gamma_log_prob": lambda lib, mu: lib.distributions.Gamma(mu + 1, 1.0).log_prob(
        lib.tensor([0.5, 1.5])).sum(),
    "normal_cdf_checked": lambda lib, mu: lib.distributions.Normal(
        mu, 1.0, validate_args=True).cdf(lib.tensor([0.5, -0.5])),
    "categorical_entropy": lambda lib, mu: lib.distributions.Categorical(
        logits=lib.stack([mu, -mu])).entropy(),
    "mvn_log_prob": lambda lib, mu: lib.distributions.MultivariateNormal(
        lib.zeros(2), scale_tril=lib.eye(2) * (mu + 1)).log_prob(lib.tensor([0.5, -0.5])),
    "invalid_scale": lambda lib, mu: lib.distributions.Normal(0.0, mu - 1).log_prob(
        lib.tensor(0.0)),
}


def _distribution_outcome(lib, name, grad=False):
    fn = lambda mu: DISTRIBUTIONS[name](lib, mu)  # noqa: E731
    try:
        result = lib.func.vmap(lib.func.grad(fn) if grad else fn)(lib.tensor([0.0, 1.0, 2.0]))
    except Exception as error:  # noqa: BLE001 - the type and message are what is compared
        return type(error).__name__, str(error)
    return "value", result.flatten().tolist()


def _agree(ours, theirs):
    if ours[0] != "value" or theirs[0] != "value":
        return ours == theirs
    return ours[1] == pytest.approx(theirs[1], rel=1e-5, abs=1e-6)


@requires_torch
@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_distributions_of_a_sample_work_under_vmap_as_in_torch(name):
    assert _agree(_distribution_outcome(ember, name), _distribution_outcome(TORCH, name))
    if name.endswith("log_prob"):
        assert _agree(_distribution_outcome(ember, name, grad=True),
                      _distribution_outcome(TORCH, name, grad=True))


def test_is_all_true_and_is_any_true():
    assert ember._is_all_true(ember.tensor([True, True])).item() is True
    assert ember._is_all_true(ember.tensor([True, False])).item() is False
    assert ember.tensor([False, True])._is_any_true().item() is True
    assert ember._is_any_true(ember.zeros(0, dtype=ember.bool)).item() is False
    with pytest.raises(RuntimeError, match="bool tensor"):
        ember._is_all_true(ember.ones(2))
