"""bfloat16 (ml_dtypes, NumPy kind 'V', not 'f') through the code paths that looked for NumPy
floats to treat NaN, inf and division: each against torch, value for value."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires, requires_torch

import ember

NAN, INF = float("nan"), float("inf")
ROWS = [[1.5, NAN, 2.0, 4.0, -1.0], [0.5, 7.0, 3.0, 1.0, NAN], [NAN, INF, -2.5, 1.0, -INF]]

CASES = {
    # NumPy's nan_to_num passes a non-NumPy float through: NaN and inf stayed
    "nan_to_num": lambda t, x: t.nan_to_num(x),
    "nan_to_num_values": lambda t, x: t.nan_to_num(x, nan=2.5, posinf=9.0),
    "sign": lambda t, x: t.sign(x),
    "sgn": lambda t, x: x.sgn(),
    "median_dim": lambda t, x: t.stack(list(x.median(1))),
    "median_all": lambda t, x: x.median(),
    "nanmedian_all": lambda t, x: x.nanmedian(),
    "nanmedian_dim": lambda t, x: t.stack(list(x.nanmedian(1))),
    "cummax": lambda t, x: t.stack(list(x.cummax(1))),
    "cummin": lambda t, x: t.stack(list(x.cummin(1))),
    "scatter_mean": lambda t, x: t.zeros(3, 4, dtype=x.dtype).scatter_reduce(
        1, t.tensor([[0, 0, 1, 2, 1]] * 3), x.nan_to_num(), "mean"),
    "scatter_mean_fresh": lambda t, x: t.zeros(3, 4, dtype=x.dtype).scatter_reduce(
        1, t.tensor([[0, 0, 1, 2, 1]] * 3), x.nan_to_num(), "mean", include_self=False),
    "scatter_amax_fresh": lambda t, x: t.zeros(3, 4, dtype=x.dtype).scatter_reduce(
        1, t.tensor([[0, 0, 1, 2, 1]] * 3), x, "amax", include_self=False),
    "scatter_amin_fresh": lambda t, x: t.zeros(3, 4, dtype=x.dtype).scatter_reduce(
        1, t.tensor([[0, 0, 1, 2, 1]] * 3), x, "amin", include_self=False),
    # avg pooling divided by flooring (into float64), max pooling's index missed the NaN
    "avg_pool1d": lambda t, x: t.nn.functional.avg_pool1d(x.nan_to_num()[None] / 3, 2),
    "avg_pool1d_nan": lambda t, x: t.nn.functional.avg_pool1d(x[None] / 3, 2, 1),
    "max_pool1d_indices": lambda t, x: t.nn.functional.max_pool1d(
        x[None], 2, return_indices=True)[1],
    "adaptive_max_pool1d_indices": lambda t, x: t.nn.functional.adaptive_max_pool1d(
        x[None], 2, return_indices=True)[1],
}


@requires_torch
@requires("ml_dtypes")
@pytest.mark.parametrize("name", sorted(CASES))
def test_bfloat16_with_nan_and_inf_as_torch(name):
    ours = CASES[name](ember, ember.tensor(ROWS, dtype=ember.bfloat16))
    theirs = CASES[name](TORCH, TORCH.tensor(ROWS, dtype=TORCH.bfloat16))
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
    assert str(ours.tolist()) == str(theirs.tolist())
