"""float16/bfloat16 reductions accumulate in float32 and round once, as PyTorch's do.

Summing thousands of values near 1 in 16 bits stalls (a bfloat16 running sum stops at 512);
torch accumulates in float32. Results are compared with torch within one unit in the last
place of the half dtype (the float32 sums may differ in their order of addition).
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires, requires_torch

import ember

_A = np.random.default_rng(0).uniform(0.5, 1.5, (4, 3000)).astype(np.float32)

CASES = {
    "sum": lambda m, t: t.sum(), "sum_dim": lambda m, t: t.sum(1),
    "mean": lambda m, t: t.mean(), "mean_dim": lambda m, t: t.mean(1),
    "nansum": lambda m, t: m.nansum(t), "cumsum": lambda m, t: t.cumsum(1),
    "cumprod": lambda m, t: t[:, :40].cumprod(1), "var": lambda m, t: t.var(1),
    "std": lambda m, t: t.std(), "norm": lambda m, t: t.norm(),
    "vector_norm": lambda m, t: m.linalg.vector_norm(t, dim=1),
    "vector_norm_3": lambda m, t: m.linalg.vector_norm(t, 3, dim=1),
    "logsumexp": lambda m, t: m.logsumexp(t, 1), "var_mean": lambda m, t: m.var_mean(t, 1)[0],
}


@requires_torch
@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_half_reductions_match_torch(name, dtype):
    ours = CASES[name](ember, ember.tensor(_A).to(getattr(ember, dtype)))
    theirs = CASES[name](TORCH, TORCH.from_numpy(_A).to(getattr(TORCH, dtype)))
    assert str(ours.dtype) == f"ember.{dtype}"
    ulp = 2.0 ** -7 if dtype == "bfloat16" else 2.0 ** -10
    np.testing.assert_allclose(ours.float().cpu().numpy(), theirs.float().cpu().numpy(), rtol=ulp,
                               atol=0)


@requires("ml_dtypes")
def test_a_long_bfloat16_sum_does_not_stall():
    ones = ember.ones(3000, dtype=ember.bfloat16)
    assert ones.sum().item() == 3008.0  # 3000 rounded to bfloat16's 8 significant bits
    assert ones.cumsum(0)[-1].item() == 3008.0
    assert ones.mean().item() == 1.0


def test_half_sum_gradient_keeps_the_dtype():
    x = ember.ones(5, dtype=ember.float16, requires_grad=True)
    x.sum().backward()
    assert x.grad.dtype == ember.float16 and x.grad.tolist() == [1.0] * 5
