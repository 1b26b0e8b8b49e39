"""torch.func transforms of functions whose output does not depend on the differentiated
input (a constant, a detached value, an op without a derivative such as bessel_j0): torch
gives zero gradients, Jacobians and Hessians, where a plain autograd.grad would raise. ember's
transforms raised "element 0 of tensors does not require grad"."""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

FUNCTIONS = {
    "bessel_j0": lambda lib, t: lib.special.bessel_j0(t).sum(),
    "detached": lambda lib, t: t.detach().pow(2).sum(),
    "constant": lambda lib, t: lib.ones((), dtype=lib.float64),
    "no-grad block": lambda lib, t: _no_grad_sum(lib, t),
}


def _no_grad_sum(lib, t):
    with lib.no_grad():
        return (t * 3).sum()


def _apply(lib, transform, name):
    x = lib.tensor([0.7, 1.3, -0.4], dtype=lib.float64)
    fn = getattr(lib.func, transform)(lambda t: FUNCTIONS[name](lib, t))
    return fn(x)


@requires_torch
@pytest.mark.parametrize("transform", ["grad", "jacrev", "jacfwd", "hessian"])
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_transforms_of_a_constant_are_zero_as_torch(transform, name):
    ours, theirs = _apply(ember, transform, name), _apply(TORCH, transform, name)
    assert tuple(ours.shape) == tuple(theirs.shape) and ours.dtype.is_floating_point
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
def test_grad_and_value_vjp_and_mixed_outputs_match_torch():
    def run(lib):
        x = lib.tensor([0.5, 2.0], dtype=lib.float64)
        g, value = lib.func.grad_and_value(lambda t: lib.special.bessel_j1(t).sum())(x)
        # one output depends on x, the other does not: its cotangent contributes nothing
        _, vjp_fn = lib.func.vjp(lambda t: (t.sin(), t.detach() * 2), x)
        (from_both,) = vjp_fn((lib.ones(2, dtype=lib.float64), lib.ones(2, dtype=lib.float64)))
        jac = lib.func.jacrev(lambda t: (t.pow(3), lib.zeros(3, dtype=lib.float64)))(x)
        return [g, value, from_both, jac[0], jac[1]]
    for mine, reference in zip(run(ember), run(TORCH)):
        np.testing.assert_allclose(mine.detach().cpu().numpy(), reference.detach().numpy(),
                                   rtol=1e-13, atol=0)  # bessel_j1: libm vs SciPy


def test_a_term_without_derivative_adds_nothing_to_a_hessian():
    """A loss with a bessel term (no derivative) plus a smooth one: the Hessian is the smooth
    term's alone."""
    x = ember.tensor([0.3, 0.9], dtype=ember.float64)
    H = ember.func.hessian(lambda t: ember.special.bessel_j0(t).sum() + (t ** 3).sum())(x)
    np.testing.assert_allclose(H.cpu().numpy(), np.diag(6 * np.array([0.3, 0.9])), rtol=1e-15)


@requires_torch
def test_ops_without_a_derivative_still_raise_through_transforms():
    """ldl_solve has no derivative in torch (its result carries a NotImplemented node): a
    gradient through it is torch's error, not a zero, both by backward and by torch.func."""
    def run(lib):
        A = lib.tensor([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], dtype=lib.float64)
        B = lib.ones(3, 1, dtype=lib.float64)
        seen = []
        for attempt in (
                lambda: lib.func.grad(lambda M: lib.linalg.ldl_solve(
                    *lib.linalg.ldl_factor(M.detach()), B * M.sum()).sum())(A),
                lambda: lib.func.grad(lambda b: lib.linalg.ldl_solve(
                    *lib.linalg.ldl_factor(A), b).sum())(B)):
            with pytest.raises(RuntimeError) as info:
                attempt()
            seen.append(str(info.value))
        solved = lib.linalg.ldl_solve(*lib.linalg.ldl_factor(A), B.requires_grad_())
        seen.append(solved.grad_fn.name().replace("torch::", "ember::"))
        return seen
    assert run(ember) == run(TORCH)


UNDERIVABLE = {
    "unique": lambda lib, x: lib.unique(x),
    "unique(dim)": lambda lib, x: lib.unique(x, dim=0),
    "Tensor.unique(inverse)": lambda lib, x: x.unique(return_inverse=True)[0],
    "unique_consecutive": lambda lib, x: lib.unique_consecutive(x),
    "histogram.hist": lambda lib, x: lib.histogram(x, 3).hist,
    "histogram.bin_edges": lambda lib, x: lib.histogram(x, 3).bin_edges,
    "histogramdd": lambda lib, x: lib.histogramdd(x[:, None], bins=2).hist,
    "bincount": lambda lib, x: lib.bincount(lib.tensor([0, 1, 1, 3]), weights=x),
}


@requires_torch
@pytest.mark.parametrize("op", sorted(UNDERIVABLE))
def test_underivable_ops_record_torch_node_and_error(op):
    """torch records these ops on an input that requires grad and raises in backward (so
    torch.func.grad through them is an error, not a zero): ember's results had no graph."""
    def run(lib):
        x = lib.tensor([0.3, 0.7, 0.7, 2.2], dtype=lib.float64, requires_grad=True)
        out = UNDERIVABLE[op](lib, x)
        seen = [out.requires_grad, out.grad_fn.name().replace("torch::", "ember::")]
        with pytest.raises((RuntimeError, NotImplementedError)) as info:
            out.sum().backward()
        seen += [info.type.__name__, str(info.value)]
        with pytest.raises((RuntimeError, NotImplementedError)) as info:
            lib.func.grad(lambda t: UNDERIVABLE[op](lib, t).sum())(x.detach())
        return seen + [info.type.__name__, str(info.value)]
    assert run(ember) == run(TORCH)
