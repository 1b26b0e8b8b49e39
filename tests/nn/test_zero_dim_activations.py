"""Activations on 0-d tensors (NumPy hands back scalars there): values and gradients as torch's."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
import ember.nn.functional as F

NAMES = ["silu", "gelu", "mish", "sigmoid", "tanh", "softplus", "elu", "selu", "celu",
         "leaky_relu", "hardswish", "hardsigmoid", "relu6", "logsigmoid", "softsign",
         "tanhshrink", "hardtanh", "relu"]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("value", [0.75, -2.5])
@pytest.mark.parametrize("name", NAMES)
def test_zero_dim_activation_matches_torch(name, value, dtype):
    results = []
    for lib, functional in ((ember, F), (TORCH, TORCH.nn.functional)):
        x = lib.tensor(value, dtype=getattr(lib, dtype), requires_grad=True)
        out = getattr(functional, name)(x)
        out.backward()
        results.append((out.detach().cpu().numpy(), x.grad.cpu().numpy()))
    (out_e, grad_e), (out_t, grad_t) = results
    assert out_e.shape == out_t.shape == ()
    # torch keeps some constants (leaky_relu's slope, hardsigmoid's 1/6) in float32 even for
    # float64 tensors: agreement to float32 precision is what both sides promise here.
    np.testing.assert_allclose(out_e, out_t, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_e, grad_t, rtol=1e-6, atol=1e-7)


@requires_torch
def test_gelu_tanh_on_zero_dim():
    x = ember.tensor(0.3, requires_grad=True)
    t = TORCH.tensor(0.3, requires_grad=True)
    F.gelu(x, approximate="tanh").backward()
    TORCH.nn.functional.gelu(t, approximate="tanh").backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), t.grad.cpu().numpy(), rtol=1e-6)
