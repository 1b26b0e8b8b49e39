"""Transforms, constraints and the constraint registries against torch."""
from __future__ import annotations

import numpy as np
import pytest
from _dist_helpers import to_ember
from conftest import TORCH, assert_close, requires_torch

import ember

pytestmark = requires_torch

X = np.array([[0.3, -1.2, 2.0], [-0.5, 0.8, 0.1]])
POS = np.abs(X) + 0.2


def _transforms(lib):
    """Each transform with an input in its domain (as a float64 numpy array)."""
    T = lib.distributions.transforms
    c = lib.distributions.constraints
    normal = lib.distributions.Normal(lib.tensor(0.5, dtype=lib.float64),
                                      lib.tensor(2.0, dtype=lib.float64))
    square = np.array([[[0.3, 0.2], [-0.4, 0.1]], [[1.0, -2.0], [0.5, -0.3]]])
    return {
        "exp": (T.ExpTransform(), X),
        "exp_inv": (T.ExpTransform().inv, POS),
        "power": (T.PowerTransform(lib.tensor(2.5, dtype=lib.float64)), POS),
        "sigmoid": (T.SigmoidTransform(), X),
        "softplus": (T.SoftplusTransform(), X),
        "tanh": (T.TanhTransform(), X),
        "abs": (T.AbsTransform(), X),
        "affine": (T.AffineTransform(lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64), -2.0), X),
        "affine_event": (T.AffineTransform(0.5, lib.tensor([1.0, -2.0, 3.0],
                                                            dtype=lib.float64), event_dim=1), X),
        "compose": (T.ComposeTransform([T.AffineTransform(1.0, 2.0), T.ExpTransform(),
                                        T.PowerTransform(lib.tensor(0.5, dtype=lib.float64))]),
                    X),
        "independent": (T.IndependentTransform(T.SigmoidTransform(), 1), X),
        "reshape": (T.ReshapeTransform((3,), (3, 1)), X),
        "softmax": (T.SoftmaxTransform(), X),
        "stick_breaking": (T.StickBreakingTransform(), X),
        "corr_cholesky": (T.CorrCholeskyTransform(), X),
        "lower_cholesky": (T.LowerCholeskyTransform(), square),
        "positive_definite": (T.PositiveDefiniteTransform(), square),
        "cat": (T.CatTransform([T.ExpTransform(), T.SigmoidTransform()], dim=1,
                               lengths=[2, 1]), X),
        "stack": (T.StackTransform([T.ExpTransform(), T.TanhTransform()], dim=0), X),
        "cdf": (T.CumulativeDistributionTransform(normal), X),
        "identity": (T.identity_transform, X),
        "constraint_positive": (T.ComposeTransform([T.ExpTransform(),
                                                    T.AffineTransform(2.0, 1)]), X),
        "domain_check": (T.IndependentTransform(T.ExpTransform(), 1), X),
        "interval": (lib.distributions.transform_to(c.interval(-1.0, 3.0)), X),
    }


NAMES = list(_transforms(ember))
NO_JACOBIAN = {"abs", "softmax", "lower_cholesky", "positive_definite"}
NOT_BIJECTIVE = {"abs", "softmax"}


@pytest.mark.parametrize("name", NAMES)
def test_transform_matches_torch(name):
    ours, x = _transforms(ember)[name]
    theirs, _ = _transforms(TORCH)[name]
    x_t = TORCH.tensor(x)
    x_e = ember.tensor(x)
    y_t, y_e = theirs(x_t), ours(x_e)
    assert_close(y_e, y_t, rtol=1e-10, atol=1e-12)
    assert_close(ours.inv(to_ember(y_t)), theirs.inv(y_t), rtol=1e-9, atol=1e-10)
    if name not in NO_JACOBIAN:
        assert_close(ours.log_abs_det_jacobian(x_e, y_e), theirs.log_abs_det_jacobian(x_t, y_t),
                     rtol=1e-9, atol=1e-10)
    assert repr(ours.domain) == repr(theirs.domain)
    assert repr(ours.codomain) == repr(theirs.codomain)
    assert ours.bijective == theirs.bijective
    assert ours.forward_shape(tuple(x.shape)) == tuple(theirs.forward_shape(x_t.shape))
    assert ours.inverse_shape(tuple(y_t.shape)) == tuple(theirs.inverse_shape(y_t.shape))
    if name not in ("cdf", "domain_check", "constraint_positive"):
        assert repr(ours).replace("ember.", "torch.") == repr(theirs)


@pytest.mark.parametrize("name", sorted(set(NAMES) - NO_JACOBIAN - NOT_BIJECTIVE))
def test_transform_gradients(name):
    ours, x = _transforms(ember)[name]
    x_e = ember.tensor(x, requires_grad=True)
    assert ember.autograd.gradcheck(lambda v: ours(v), (x_e,))
    assert ember.autograd.gradcheck(lambda v: ours.log_abs_det_jacobian(v, ours(v)), (x_e,))


def test_log_abs_det_jacobian_is_the_log_derivative():
    """For elementwise transforms, log|dy/dx| equals the log of autograd's derivative."""
    T = ember.distributions.transforms
    for transform in (T.ExpTransform(), T.SigmoidTransform(), T.SoftplusTransform(),
                      T.TanhTransform(), T.AffineTransform(1.0, -3.0),
                      T.PowerTransform(ember.tensor(1.7, dtype=ember.float64))):
        x = ember.tensor(POS.ravel(), requires_grad=True)
        (derivative,) = ember.autograd.grad(transform(x).sum(), x)
        np.testing.assert_allclose(
            transform.log_abs_det_jacobian(x, transform(x)).detach().cpu().numpy(),
            derivative.abs().log().cpu().numpy(), rtol=1e-10)


def test_cache_returns_the_original_input():
    transform = ember.distributions.transforms.ExpTransform(cache_size=1)
    x = ember.tensor([1000.0])
    y = transform(x)
    assert transform.inv(y) is x
    with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
        ember.distributions.transforms.ExpTransform(cache_size=2)
    assert transform.with_cache(0)._cache_size == 0


def test_transform_equality_and_inverse_pairs():
    T = ember.distributions.transforms
    assert T.ExpTransform() == T.ExpTransform() and T.ExpTransform() != T.SigmoidTransform()
    assert T.ExpTransform().inv == T.ExpTransform().inv
    assert T.AffineTransform(1.0, 2.0) == T.AffineTransform(1.0, 2.0)
    assert T.AffineTransform(1.0, 2.0) != T.AffineTransform(1.0, 3.0)
    compose = T.ComposeTransform([T.ExpTransform(), T.AffineTransform(1.0, 2.0)])
    assert compose.inv.inv is compose
    assert compose.sign == 1 and T.AffineTransform(0.0, -2.0).sign == -1
    with pytest.raises(TypeError, match="unhashable"):
        hash(T.ExpTransform())


CONSTRAINTS = [
    ("real", ()), ("positive", ()), ("nonnegative", ()), ("unit_interval", ()),
    ("simplex", ()), ("real_vector", ()), ("corr_cholesky", ()), ("lower_cholesky", ()),
    ("positive_definite", ()), ("greater_than", (1.5,)), ("greater_than_eq", (-2.0,)),
    ("less_than", (3.0,)), ("interval", (-1.0, 2.0)), ("half_open_interval", (0.0, 5.0)),
]


def _constraint(lib, name, args):
    c = getattr(lib.distributions.constraints, name)
    return c(*args) if args else c


@pytest.mark.parametrize("name,args", CONSTRAINTS)
@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
def test_registries_map_reals_into_the_constraint(name, args, registry):
    ours_c, theirs_c = _constraint(ember, name, args), _constraint(TORCH, name, args)
    try:
        theirs = getattr(TORCH.distributions, registry)(theirs_c)
    except NotImplementedError as error:
        with pytest.raises(NotImplementedError, match=str(error)):
            getattr(ember.distributions, registry)(ours_c)
        return
    ours = getattr(ember.distributions, registry)(ours_c)
    shape = {"corr_cholesky": (2, 3), "lower_cholesky": (2, 3, 3),
             "positive_definite": (2, 3, 3)}.get(name, (2, 3))
    x = np.random.default_rng(0).standard_normal(shape)
    y_t = theirs(TORCH.tensor(x))
    y_e = ours(ember.tensor(x))
    assert_close(y_e, y_t, rtol=1e-10, atol=1e-12)
    assert bool(ours_c.check(y_e).all())
    assert_close(ours_c.check(y_e), theirs_c.check(y_t))
    assert repr(ours_c) == repr(theirs_c)


def test_constraint_checks_match_torch():
    values = np.array([[-1.0, 0.0, 0.5], [1.0, 2.0, np.nan]])
    c_e, c_t = ember.distributions.constraints, TORCH.distributions.constraints
    for name in ("real", "positive", "nonnegative", "unit_interval", "boolean",
                 "nonnegative_integer", "positive_integer", "simplex", "real_vector",
                 "one_hot"):
        assert_close(getattr(c_e, name).check(ember.tensor(values)),
                     getattr(c_t, name).check(TORCH.tensor(values)))
    for name, args in (("integer_interval", (0, 1)), ("multinomial", (2,)),
                       ("interval", (0.0, 1.0)), ("greater_than", (0.0,))):
        assert_close(getattr(c_e, name)(*args).check(ember.tensor(values)),
                     getattr(c_t, name)(*args).check(TORCH.tensor(values)))
    symmetric = np.array([[[2.0, 1.0], [1.0, 2.0]], [[1.0, 3.0], [3.0, 1.0]]])
    for name in ("square", "symmetric", "positive_semidefinite", "positive_definite",
                 "lower_triangular", "lower_cholesky"):
        assert_close(getattr(c_e, name).check(ember.tensor(symmetric)),
                     getattr(c_t, name).check(TORCH.tensor(symmetric)))
    cat_e = c_e.cat([c_e.positive, c_e.real], dim=1, lengths=[1, 2])
    cat_t = c_t.cat([c_t.positive, c_t.real], dim=1, lengths=[1, 2])
    assert_close(cat_e.check(ember.tensor(values)), cat_t.check(TORCH.tensor(values)))
    stack_e = c_e.stack([c_e.positive, c_e.real], dim=0)
    stack_t = c_t.stack([c_t.positive, c_t.real], dim=0)
    assert_close(stack_e.check(ember.tensor(values)), stack_t.check(TORCH.tensor(values)))
    assert c_e.is_dependent(c_e.dependent) and not c_e.is_dependent(c_e.real)
    with pytest.raises(ValueError, match="Cannot determine validity of dependent constraint"):
        c_e.dependent.check(ember.ones(1))
    assert sorted(c_e.__all__) == sorted(c_t.__all__)


def test_transformed_distribution_matches_torch():
    def flow(lib):
        T = lib.distributions.transforms
        base = lib.distributions.Normal(lib.zeros(3, dtype=lib.float64),
                                        lib.ones(3, dtype=lib.float64))
        return lib.distributions.TransformedDistribution(
            base, [T.AffineTransform(lib.tensor([1.0, -1.0, 0.5], dtype=lib.float64), 2.0),
                   T.SigmoidTransform()])
    ours, theirs = flow(ember), flow(TORCH)
    TORCH.manual_seed(2)
    expected = theirs.rsample((4,))
    if ours.base_dist.loc.device.type == "cpu":  # torch's CPU stream: a device has its own
        ember.manual_seed(2)
        assert_close(ours.rsample((4,)), expected, rtol=1e-12)
    assert_close(ours.log_prob(to_ember(expected)), theirs.log_prob(expected), rtol=1e-9)
    assert_close(ours.cdf(to_ember(expected)), theirs.cdf(expected), rtol=1e-9)
    assert repr(ours.support) == repr(theirs.support)
    assert ours.expand((2, 3)).batch_shape == (2, 3)
    decreasing = ember.distributions.TransformedDistribution(
        ember.distributions.Uniform(0.0, 1.0), ember.distributions.transforms.AffineTransform(
            0.0, -1.0))
    assert_close(decreasing.cdf(ember.tensor(-0.25)), TORCH.tensor(0.75))
    with pytest.raises(ValueError, match="transforms must be a Transform or list"):
        ember.distributions.TransformedDistribution(ours.base_dist, "exp")
