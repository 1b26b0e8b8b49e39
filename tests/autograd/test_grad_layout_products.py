"""The layout of a product's gradient: torch computes d/dmat2 in the transposed layout when
mat2 is column-major (``weight.t()`` of a row-major weight), so a Linear weight's ``.grad`` is
row-major and is taken over without a copy, size-1 dims included (a (1, k) head's weight)."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember


def _grad_strides(lib, out_features, in_features, batch, kind):
    rng = np.random.default_rng(0)

    def draw(*shape, requires_grad=False):
        return lib.tensor(rng.standard_normal(shape), requires_grad=requires_grad)

    x = draw(batch, in_features)
    w = draw(out_features, in_features, requires_grad=True)
    b = draw(out_features, requires_grad=True)
    if kind == "linear":
        y = lib.nn.functional.linear(x, w, b)
    elif kind == "linear_nobias":
        y = lib.nn.functional.linear(x, w)
    elif kind == "mm":
        y = x.mm(w.t())
    else:  # a user's column of the right shape, contiguous (not a transpose)
        m = draw(in_features, out_features, requires_grad=True)
        y = lib.addmm(b, x, m)
        y.sum().backward()
        return m.grad.stride(), m.grad.flatten().tolist()
    (y * y).sum().backward()
    return w.grad.stride(), w.grad.flatten().tolist()


SHAPES = [(1, 32, 4), (32, 1, 4), (1, 1, 3), (5, 7, 1), (6, 3, 4)]


@pytest.mark.parametrize("kind", ["linear", "linear_nobias", "mm", "addmm_column"])
@pytest.mark.parametrize("shape", SHAPES)
def test_weight_grad_is_row_major_like_the_weight(shape, kind):
    strides, _ = _grad_strides(ember, *shape, kind)
    if kind != "addmm_column":
        assert strides == (shape[1], 1)


@requires_torch
@pytest.mark.parametrize("kind", ["linear", "linear_nobias", "mm", "addmm_column"])
@pytest.mark.parametrize("shape", SHAPES)
def test_weight_grad_strides_and_values_match_torch(shape, kind):
    ours = _grad_strides(ember, *shape, kind)
    theirs = _grad_strides(TORCH, *shape, kind)
    assert ours[0] == theirs[0]
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12, abs=1e-12)
