"""A leaf's hooks apply to the gradient autograd.grad returns, once, as in torch."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember


def _program(lib, how):
    w = lib.tensor([1.0, -2.0, 3.0], dtype=lib.float64, requires_grad=True)
    seen = []
    w.register_hook(lambda g: g * 2)
    w.register_hook(lambda g: seen.append(g.tolist()))
    w.register_hook(lambda g: g + 1)
    loss = (w * w * 3).sum()
    if how == "grad":
        got = lib.autograd.grad(loss, w)[0]
    elif how == "grad_create_graph":
        got = lib.autograd.grad(loss, w, create_graph=True)[0]
        got = lib.autograd.grad(got.sum(), w)[0]
    elif how == "backward_inputs":
        loss.backward(inputs=[w])
        got = w.grad
    else:
        loss.backward()
        got = w.grad
    return got.tolist(), seen, None if w.grad is None else w.grad.tolist()


@requires_torch
@pytest.mark.parametrize("how", ["grad", "grad_create_graph", "backward_inputs", "backward"])
def test_leaf_hooks_match_torch(how):
    ours, theirs = _program(ember, how), _program(TORCH, how)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(np.array(a, dtype=float), np.array(b, dtype=float))
