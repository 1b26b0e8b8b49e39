"""Derivative rules that compute on NumPy arrays when no graph is wanted (``array_path``).

A plain ``backward()`` takes that path; ``create_graph=True`` runs the same rule through
ember ops. The two must give the same bits, edge values included (zeros, infinities, NaN,
values on a clamp bound), and the array path's result must be what torch computes.
"""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH

_EDGES = [0.0, -0.0, 1e-7, 0.5, 1.0 - 1e-7, 1.0, 2.0, -3.0, np.inf, -np.inf, np.nan]

CASES = {
    "clamp_both": lambda t, x: x.clamp(min=1e-7, max=1.0 - 1e-7),
    "clamp_min": lambda t, x: t.clamp(x, min=0.5),
    "clamp_max": lambda t, x: x.clamp(max=1),
    "clamp_int_bounds": lambda t, x: x.clamp(-1, 2),
    "log": lambda t, x: t.log(x),
    "view": lambda t, x: x.view(1, -1, 1).reshape(-1),
    "squeeze": lambda t, x: x.unsqueeze(0).squeeze(0),
    "sum_keepdim": lambda t, x: x.reshape(-1, 1).sum(-1, keepdim=True),
    "sum_dim": lambda t, x: x.reshape(1, -1).sum(0),
    "div": lambda t, x: x / x.abs().sum(-1, keepdim=True),
    "mul_float": lambda t, x: x * 0.3,
    "mul_int": lambda t, x: 3 * x,
    "mul_self": lambda t, x: x * x,
    "mul_0d_float64": lambda t, x: x * t.tensor(0.7, dtype=t.float64),
    "mul_bool": lambda t, x: x * True,
    "exp": lambda t, x: t.exp(x),
}


def _grads(lib, name, dtype, create_graph):
    x = lib.tensor(_EDGES, dtype=getattr(lib, dtype), requires_grad=True)
    y = CASES[name](lib, x)
    g = lib.linspace(-2.0, 3.0, y.numel(), dtype=getattr(lib, dtype)).reshape(y.shape)
    (grad,) = lib.autograd.grad(y, x, g, create_graph=create_graph)
    return grad.detach().numpy() if lib is TORCH else grad.detach().cpu().numpy()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(CASES))
def test_array_path_gives_the_bits_of_the_ops(name, dtype):
    fast = _grads(ember, name, dtype, create_graph=False)
    ops = _grads(ember, name, dtype, create_graph=True)
    assert fast.dtype == ops.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(fast.view(f"u{fast.itemsize}"), ops.view(f"u{ops.itemsize}"))
    if TORCH is not None:
        np.testing.assert_allclose(fast, _grads(TORCH, name, dtype, create_graph=False),
                                   rtol=1e-6 if dtype == "float32" else 1e-13, atol=0)


@pytest.mark.parametrize("lib", ["ember", "torch"])
def test_view_rules_give_views_of_the_gradient(lib):
    """The gradient a reshaping view's rule passes on is a view of the one it got, as
    reshape gives, in ember as in torch."""
    if lib == "torch" and TORCH is None:
        pytest.skip("torch is not installed")
    t = ember if lib == "ember" else TORCH
    seen = []
    z = t.ones(6, requires_grad=True) * 1
    z.register_hook(seen.append)
    incoming = t.ones(2, 3)
    z.view(2, 3).backward(incoming)
    assert seen[0]._base is incoming


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_gradients_summed_in_the_engine_match_the_ops(dtype):
    """A tensor used several times gets the sum of its gradients; the engine's array sum gives
    the bits ``a + b`` gives (create_graph's path), inf + -inf included."""
    def grads(create_graph):
        w = ember.tensor([1.0, -2.0, 3.0, 0.5], dtype=getattr(ember, dtype), requires_grad=True)
        h = w * 1
        factors = [[1e4, np.inf, 3.0, 0.1], [1.0, -np.inf, 1e-3, 0.7], [-7.0, 2.0, 0.3, 0.2]]
        y = sum((h * ember.tensor(f, dtype=w.dtype)).sum() for f in factors)
        (grad,) = ember.autograd.grad(y, w, create_graph=create_graph)
        return grad.detach().cpu().numpy()
    fast, ops = grads(False), grads(True)
    np.testing.assert_array_equal(fast.view(f"u{fast.itemsize}"), ops.view(f"u{ops.itemsize}"))
    assert np.isnan(fast[1])


def test_gradients_summed_for_a_0d_tensor_stay_a_tensor():
    x = ember.tensor(2.0, requires_grad=True)
    (x * 3 + x * x).backward()
    assert x.grad.shape == () and x.grad.item() == 7.0 and repr(x.grad).startswith("tensor(7.")
