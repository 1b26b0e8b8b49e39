"""Small fidelity gaps against torch: the strides of new empty tensors, and (below) the names
and nodes torch prints where ember printed its own."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (2, 0, 4), (0, 8, 8), (1, 0), (0, 1, 0)]


@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
@pytest.mark.parametrize("make", ["empty", "zeros", "ones", "randn"])
def test_new_empty_tensors_have_contiguous_strides(shape, make):
    x = getattr(ember, make)(*shape)
    expected, step = [], 1
    for size in reversed(shape):
        expected.insert(0, step)
        step *= max(size, 1)
    assert x.stride() == tuple(expected)
    assert x.is_contiguous()
    assert x.clone().stride() == x.contiguous().stride() == tuple(expected)


@requires_torch
@pytest.mark.parametrize("shape", EMPTY_SHAPES, ids=str)
def test_empty_strides_match_torch(shape):
    for make in ("empty", "zeros"):
        ours, theirs = getattr(ember, make)(*shape), getattr(TORCH, make)(*shape)
        assert ours.stride() == theirs.stride()
        assert ours.is_contiguous() == theirs.is_contiguous()
        assert ours.reshape(-1).stride() == theirs.reshape(-1).stride()


@requires_torch
def test_empty_tensors_from_data_match_torch():
    for build in (lambda m: m.tensor([]), lambda m: m.arange(0), lambda m: m.ones(3, 4)[:0],
                  lambda m: m.ones(3, 4)[:, :0], lambda m: m.ones(3, 4).t()[:0]):
        assert build(ember).stride() == build(TORCH).stride()
