"""segment_reduce: values, gradients, grad_fn and errors compared with torch; gradcheck."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, requires_torch

import ember

REDUCTIONS = ["sum", "mean", "max", "min", "prod", "amax"]
# Ties, zeros (one and two in a segment) and an empty segment.
VALUES = [0.0, 1.0, 2.0, 5.0, 5.0, 0.0, 3.0, 0.0, 0.0, -1.5]
LENGTHS = [3, 0, 2, 2, 3]


@requires_torch
@pytest.mark.parametrize("reduce", REDUCTIONS)
@pytest.mark.parametrize("initial", [None, 3.0, -2])
@pytest.mark.parametrize("by", ["lengths", "offsets"])
def test_one_dimensional_matches_torch(reduce, initial, by):
    data = ember.tensor(VALUES, requires_grad=True)

    def run(m, t):
        bounds = {"lengths": m.tensor(LENGTHS)} if by == "lengths" else \
            {"offsets": m.tensor([1, 3, 3, 5, 7, 9])}  # leaves the first and last entry out
        return m.segment_reduce(t, reduce, initial=initial, **bounds)
    compare_with_torch(run, data)


@requires_torch
@pytest.mark.parametrize("reduce", REDUCTIONS)
def test_rows_and_batched_lengths_match_torch(reduce):
    rows = ember.tensor(np.random.default_rng(0).standard_normal((6, 3)), requires_grad=True)
    compare_with_torch(lambda m, t: m.segment_reduce(t, reduce, lengths=m.tensor([2, 3, 0, 1])),
                       rows)
    batched = ember.tensor(np.random.default_rng(1).standard_normal((2, 5, 2)),
                           requires_grad=True)
    compare_with_torch(lambda m, t: m.segment_reduce(
        t, reduce, lengths=m.tensor([[2, 3], [5, 0]]), axis=1), batched)


@pytest.mark.parametrize("reduce", ["sum", "mean", "max", "min", "prod"])
def test_gradcheck(reduce):
    # Distinct nonzero values: max/min and prod are differentiable there.
    data = ember.tensor(np.random.default_rng(2).uniform(0.5, 2.0, 7), requires_grad=True)
    lengths = ember.tensor([3, 0, 2, 2])
    check_gradients(lambda t: ember.segment_reduce(t, reduce, lengths=lengths, initial=1.5),
                    data, second_order=False)


@requires_torch
@pytest.mark.parametrize("reduce", ["sum", "mean", "max", "min", "prod"])
def test_second_derivative_raises_as_in_torch(reduce):
    # torch's segment_reduce gradient has no derivative, for every reduction: under
    # create_graph the gradient requires grad and a second backward raises (ember's prod
    # gradient was a constant there: a silently wrong second derivative)
    messages = []
    for lib in (ember, TORCH):
        x = lib.tensor([0.5, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        out = lib.segment_reduce(x, reduce, lengths=lib.tensor([2, 1]))
        (g,) = lib.autograd.grad(out.sum(), x, create_graph=True)
        assert g.requires_grad
        with pytest.raises(RuntimeError) as info:
            lib.autograd.grad(g.pow(2).sum(), x)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_empty_segments_and_identity():
    out = ember.segment_reduce(ember.tensor([1.0, 2.0]), "mean", lengths=ember.tensor([0, 2]))
    assert np.isnan(out[0].item()) and out[1].item() == 1.5
    out = ember.segment_reduce(ember.tensor([1.0, 2.0]), "min", lengths=ember.tensor([2, 0]))
    assert out.tolist() == [1.0, float("inf")]


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, v: m.segment_reduce(v, "sum", lengths=m.tensor([1, 2])),
    lambda m, v: m.segment_reduce(v, "sum", lengths=m.tensor([12, -2])),
    lambda m, v: m.segment_reduce(v, "median", lengths=m.tensor(LENGTHS)),
    lambda m, v: m.segment_reduce(v, "sum"),
    lambda m, v: m.segment_reduce(v, "sum", indices=m.tensor(LENGTHS)),
    lambda m, v: m.segment_reduce(v, "sum", lengths=m.tensor(LENGTHS).float()),
    lambda m, v: m.segment_reduce(v, "sum", offsets=m.tensor(LENGTHS).float()),
    lambda m, v: m.segment_reduce(v, "sum", lengths=m.tensor(LENGTHS), axis=1),
    lambda m, v: m.segment_reduce(v.view(10, 1), "sum", lengths=m.tensor(LENGTHS), axis=-1),
    lambda m, v: m.segment_reduce(v.long(), "sum", lengths=m.tensor(LENGTHS)),
])
def test_errors_match_torch(call):
    with pytest.raises(Exception) as theirs:
        call(TORCH, TORCH.tensor(VALUES))
    with pytest.raises(type(theirs.value)) as ours:
        call(ember, ember.tensor(VALUES))
    assert str(ours.value) == str(theirs.value)
