"""ember.sparse.spdiags compared with torch.sparse.spdiags: entries, their order, errors."""
from __future__ import annotations

import pytest
from conftest import TORCH, requires_torch

import ember

CASES = [([[1.0, 2, 3], [4, 5, 6]], [0, -1], (3, 3)),
         ([[1.0, 2, 3], [4, 5, 6]], [0, -1], (2, 4)),
         ([1.0, 2, 3], 1, (3, 3)),
         ([[1.0, 2, 3]], [2], (2, 5)),
         ([[1.0, 2, 0]], [0], (3, 3)),
         ([[1.0, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [1, 0, -2], (4, 4))]


def _build(m, diagonals, offsets, shape):
    out = m.sparse.spdiags(m.tensor(diagonals), m.tensor(offsets), shape)
    return (out._indices().tolist(), out._values().tolist(), tuple(out.shape),
            out.is_coalesced(), out.to_dense().tolist())


@requires_torch
@pytest.mark.parametrize("case", CASES, ids=str)
def test_spdiags_matches_torch(case):
    assert _build(ember, *case) == _build(TORCH, *case)


def test_spdiags_places_each_diagonal():
    dense = ember.sparse.spdiags(ember.arange(1.0, 7.0).reshape(2, 3), ember.tensor([1, -1]),
                                 (3, 3)).to_dense()
    assert dense.tolist() == [[0.0, 2.0, 0.0], [4.0, 0.0, 3.0], [0.0, 5.0, 0.0]]


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m: m.sparse.spdiags(m.ones(2, 3), m.tensor([0, 0]), (3, 3)),
    lambda m: m.sparse.spdiags(m.ones(2, 3), m.tensor([0.0, 1.0]), (3, 3)),
    lambda m: m.sparse.spdiags(m.ones(3), m.tensor([0, 1]), (3, 3)),
    lambda m: m.sparse.spdiags(m.ones(2, 3), m.tensor([0]), (3, 3)),
    lambda m: m.sparse.spdiags(m.ones(2, 3), m.tensor([0, 1]), (3, 3), layout=m.strided),
    lambda m: m.sparse.spdiags(m.ones(2, 3), m.tensor([0, 1]), (3,)),
])
def test_spdiags_errors_match_torch(call):
    def run(m):
        try:
            call(m)
        except RuntimeError as error:
            return str(error)
        return None
    ours = run(ember)
    assert ours is not None and ours == run(TORCH)
