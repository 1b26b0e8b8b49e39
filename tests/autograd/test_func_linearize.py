"""ember.func.linearize, functionalize, replace_all_batch_norm_modules_ and debug_unwrap
against torch.func."""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch


def _both(values, dtype=np.float64):
    array = np.asarray(values, dtype=dtype)
    return ember.tensor(array), TORCH.tensor(array)


def _tree_close(ours, theirs):
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs)
        for key in theirs:
            _tree_close(ours[key], theirs[key])
    elif isinstance(theirs, (tuple, list)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _tree_close(a, b)
    else:
        np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.detach().cpu().numpy(), rtol=1e-12,
                                   atol=1e-14)


def _mixed(lib, x, y):
    return {"a": x * y.exp(), "b": (x.sin() @ y.reshape(3, 1), y.sum())}


@requires_torch
def test_linearize_matches_torch_on_a_pytree_function():
    x_ours, x_theirs = _both([0.1, -0.5, 0.9])
    y_ours, y_theirs = _both([1.0, 2.0, -0.3])
    out_ours, jvp_ours = ember.func.linearize(lambda x, y: _mixed(ember, x, y), x_ours, y_ours)
    out_theirs, jvp_theirs = TORCH.func.linearize(lambda x, y: _mixed(TORCH, x, y), x_theirs,
                                                   y_theirs)
    _tree_close(out_ours, out_theirs)
    rng = np.random.default_rng(0)
    for _ in range(3):
        u, v = rng.standard_normal(3), rng.standard_normal(3)
        _tree_close(jvp_ours(ember.tensor(u), ember.tensor(v)),
                    jvp_theirs(TORCH.tensor(u), TORCH.tensor(v)))


def test_linearize_is_the_jacobian_product_and_linear():
    x = ember.tensor([0.3, -1.2, 2.0], dtype=ember.float64)

    def f(x):
        return (x.tanh() * x).cumsum(0)
    out, jvp_fn = ember.func.linearize(f, x)
    jacobian = ember.autograd.functional.jacobian(f, x)
    u, v = ember.tensor([1.0, 0.5, -2.0], dtype=ember.float64), ember.ones(3,
                                                                            dtype=ember.float64)
    np.testing.assert_allclose(jvp_fn(u).cpu().numpy(), (jacobian @ u).cpu().numpy(), rtol=1e-12)
    np.testing.assert_allclose(jvp_fn(2 * u + v).cpu().numpy(), (2 * jvp_fn(u) + jvp_fn(v)).cpu().numpy(),
                               rtol=1e-12)
    assert ember.equal(out, f(x))


@requires_torch
@pytest.mark.parametrize("tangent", [lambda lib: lib.ones(2, dtype=lib.float64),
                                     lambda lib: lib.ones(3, dtype=lib.float32)])
def test_linearize_tangent_errors_match_torch(tangent):
    x_ours, x_theirs = _both([0.1, 0.5, 0.9])
    with pytest.raises(RuntimeError) as expected:
        TORCH.func.linearize(TORCH.sin, x_theirs)[1](tangent(TORCH))
    with pytest.raises(RuntimeError) as got:
        ember.func.linearize(ember.sin, x_ours)[1](tangent(ember))
    assert str(got.value) == str(expected.value).replace("torch.", "ember.")


def test_linearize_refuses_tangents_of_another_structure():
    _, jvp_fn = ember.func.linearize(ember.sin, ember.ones(3))
    with pytest.raises(RuntimeError, match="Expected the tangents .* to have the same argspec "
                                           "as the primals"):
        jvp_fn(ember.ones(3), ember.ones(3))


@requires_torch
def test_functionalize_gives_torch_results_and_input_mutations():
    def program(x):
        x.add_(1)
        y = x.view(2, 2)
        y.mul_(3)
        return y.sum(1)

    ours, theirs = _both([[1.0, 2.0], [3.0, 4.0]])
    for remove in ("mutations", "mutations_and_views"):
        a, b = ours.clone(), theirs.clone()
        np.testing.assert_array_equal(ember.func.functionalize(program, remove=remove)(a).cpu().numpy(),
                                      TORCH.func.functionalize(program, remove=remove)(b).cpu().numpy())
        np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())
    with pytest.raises(RuntimeError) as expected:
        TORCH.func.functionalize(program, remove="views")
    with pytest.raises(RuntimeError) as got:
        ember.func.functionalize(program, remove="views")
    assert str(got.value) == str(expected.value)


@requires_torch
def test_replace_all_batch_norm_modules_matches_torch():
    def build(lib):
        lib.manual_seed(0)
        return lib.nn.Sequential(lib.nn.BatchNorm1d(3), lib.nn.Linear(3, 3),
                                 lib.nn.BatchNorm2d(2), lib.nn.InstanceNorm1d(3,
                                                                             track_running_stats=True))
    ours, theirs = build(ember), build(TORCH)
    assert ember.func.replace_all_batch_norm_modules_(ours) is ours
    TORCH.func.replace_all_batch_norm_modules_(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for index in (0, 2, 3):
        assert ours[index].track_running_stats == theirs[index].track_running_stats
        assert (ours[index].running_mean is None) == (theirs[index].running_mean is None)
    x = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    ours.eval()
    theirs.eval()
    # Without running statistics even eval mode normalises with the batch's own.
    np.testing.assert_allclose(ours[0](ember.tensor(x)).detach().cpu().numpy(),
                               theirs[0](TORCH.tensor(x)).detach().cpu().numpy(), rtol=1e-5,
                               atol=1e-6)


def test_debug_unwrap_returns_the_tensor():
    x = ember.ones(2)
    assert ember.func.debug_unwrap(x) is x
    seen = []
    ember.func.grad(lambda t: seen.append(ember.func.debug_unwrap(t)) or (t * t).sum())(x)
    assert isinstance(seen[0], ember.Tensor)


@requires_torch
def test_jacfwd_of_grad_is_the_hessian_like_torch():
    """Forward over reverse: jacfwd(grad(f)) carries the tangent through grad's backward."""
    def f(lib, x):
        return (lib.nn.functional.softplus(x * lib.tensor([1.5, -0.5], dtype=x.dtype)) ** 3
                ).sum() + x.prod()
    x_ours, x_theirs = _both([0.3, -0.2])
    ours = ember.func.jacfwd(ember.func.grad(lambda x: f(ember, x)))(x_ours)
    theirs = TORCH.func.jacfwd(TORCH.func.grad(lambda x: f(TORCH, x)))(x_theirs)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12, atol=1e-14)
    batched = ember.func.vmap(ember.func.jacfwd(ember.func.grad(lambda x: f(ember, x))))(
        ember.stack([x_ours, 2 * x_ours]))
    np.testing.assert_allclose(batched[0].cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12, atol=1e-14)


def test_grad_stays_differentiable_in_closed_over_parameters():
    """A loss made of func.grad's result trains the parameters the function uses (as in
    torch); with nothing else requiring grad the gradient comes back detached."""
    ember.manual_seed(0)
    layer = ember.nn.Linear(2, 1).double()
    x = ember.tensor([0.3, -0.2], dtype=ember.float64)
    score = ember.func.grad(lambda x: ember.tanh(layer(x)).sum())(x)
    assert score.requires_grad
    score.square().sum().backward()
    w = layer.weight.detach().clone().requires_grad_(True)
    (expected,) = ember.autograd.grad(_score_norm(w, layer.bias.detach(), x), w)
    np.testing.assert_allclose(layer.weight.grad.cpu().numpy(), expected.cpu().numpy(), rtol=1e-12)
    plain = ember.func.grad(lambda x: (x ** 3).sum())(x)
    assert not plain.requires_grad and plain.grad_fn is None


def _score_norm(w, b, x):
    xx = x.clone().requires_grad_(True)
    (score,) = ember.autograd.grad(ember.tanh(xx @ w.T + b).sum(), xx, create_graph=True)
    return score.square().sum()


@requires_torch
@pytest.mark.parametrize("transform", ["grad", "jacrev", "jacfwd", "hessian", "vjp", "jvp"])
def test_transforms_stay_differentiable_in_closed_over_parameters(transform):
    """A loss built from a transform's result trains the model the function uses, with
    torch's gradients (physics-informed losses, score matching, gradient penalties)."""
    def run(lib):
        lib.manual_seed(0)  # the weights are torch's CPU draws, then go to the default device
        net = lib.nn.Sequential(lib.nn.Linear(2, 6, device="cpu"), lib.nn.Tanh(),
                                lib.nn.Linear(6, 1, device="cpu"))
        net = net.double().to(lib.get_default_device())
        x = lib.tensor([0.3, -0.2], dtype=lib.float64)

        def f(x):
            return net(x).squeeze(-1)
        if transform == "vjp":
            out, vjp_fn = lib.func.vjp(f, x)
            result = vjp_fn(lib.ones((), dtype=lib.float64))[0] * out
        elif transform == "jvp":
            out, tangent = lib.func.jvp(f, (x,), (lib.ones(2, dtype=lib.float64),))
            result = tangent * out
        else:
            result = getattr(lib.func, transform)(f)(x)
        result.square().sum().backward()
        # The last bias does not reach a derivative in x: no gradient, in torch as here.
        return [None if p.grad is None else p.grad.cpu().numpy() for p in net.parameters()]

    for ours, theirs in zip(run(ember), run(TORCH)):
        assert (ours is None) == (theirs is None)
        if theirs is not None:
            np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)


def test_transforms_without_closed_over_grad_come_back_detached():
    x = ember.tensor([0.3, -0.2], dtype=ember.float64)
    for result in (ember.func.jacrev(lambda x: x.sin())(x), ember.func.hessian(
            lambda x: x.sin().sum())(x), ember.func.jvp(lambda x: x.sin(), (x,), (x,))[1],
            ember.func.vjp(lambda x: x.sin(), x)[1](x)[0]):
        assert not result.requires_grad
