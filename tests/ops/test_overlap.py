"""Writes whose input partially occupies the written memory are refused as torch refuses them
("unsupported operation: some elements of the input tensor and the written-to tensor refer to a
single memory location"); the same elements in the same layout, and strided views (too hard
for torch's check), are allowed. ember used to compute these with NumPy's buffering, a result
torch never gives."""
from __future__ import annotations

import pytest
from conftest import TORCH

import ember

OVERLAP = "unsupported operation: some elements of the input tensor and the written-to tensor"


def _assign(lib, y, index, value_index):
    y[index] = y[value_index]
    return y


# (name, code run with lib = ember or torch on y = arange(6.), torch refuses it)
CASES = [
    ("shifted slice assignment", lambda lib, y: _assign(lib, y, slice(1, None), slice(None, -1)),
     True),
    ("add_ of an overlapping view", lambda lib, y: y[1:4].add_(y[:3]), True),
    ("add_ of itself", lambda lib, y: y.add_(y), False),
    ("advanced assignment", lambda lib, y: _assign(lib, y, [1, 2], slice(None, 2)), True),
    ("copy_ of a flipped copy", lambda lib, y: y.copy_(y.flip(0)), False),
    ("row assignment, disjoint", lambda lib, y: _assign(lib, y.reshape(2, 3), 0, 1), False),
    ("column assignment, strided", lambda lib, y: _assign(
        lib, y.reshape(3, 2), (slice(None), 0), (slice(None), 1)), False),
    ("out= overlapping the input", lambda lib, y: lib.mul(y[:3], 2, out=y[2:5]), True),
    ("out= the input itself", lambda lib, y: lib.mul(y[:3], 2, out=y[:3]), False),
    ("mul_ of a shifted detached view", lambda lib, y: y[1:].mul_(y[:-1].detach()), True),
    ("index_put_ of an overlapping view", lambda lib, y: y.index_put_(
        (lib.tensor([1, 2]),), y[:2]), True),
    ("copy_ of the transpose", lambda lib, y: y[:4].reshape(2, 2).copy_(
        y[:4].reshape(2, 2).t()), True),
    ("strided even/odd assignment", lambda lib, y: _assign(
        lib, y, slice(None, None, 2), slice(1, None, 2)), False),
    ("copy_ of a disjoint half", lambda lib, y: y[:3].copy_(y[3:]), False),
    ("cat with an overlapping out", lambda lib, y: lib.cat([y[:2], y[2:4]], out=y[1:5]), True),
    ("clamp_ with an overlapping bound", lambda lib, y: y[1:].clamp_(min=y[:-1]), True),
    ("sub_ through a reshaped view", lambda lib, y: y.view(2, 3)[0].sub_(y[2:5]), True),
    # `x[..., i:] += 1` assigns the updated view to itself: leading size-1 dims included
    ("+= on a slice with size-1 dims", lambda lib, y: _iadd_slice(y.view(1, 1, 6)), False),
    ("a row into its one-row slice", lambda lib, y: _assign(
        lib, y.view(1, 6), slice(0, 1), 0), False),
    ("a row into a one-row slice of a wider view", lambda lib, y: _assign(
        lib, y.view(2, 3), (slice(0, 1), slice(None, 2)), (0, slice(None, 2))), True),
]


def _iadd_slice(y):
    y[..., 2:] += 1
    return y


@pytest.mark.parametrize("name, run, refused", CASES, ids=[c[0] for c in CASES])
def test_partial_overlap_is_refused_as_torch_refuses_it(name, run, refused):
    y = ember.arange(6.0)
    if refused:
        with pytest.raises(RuntimeError, match=OVERLAP):
            run(ember, y)
    else:
        run(ember, y)
    if TORCH is not None:
        theirs = TORCH.arange(6.0)
        if refused:
            with pytest.raises(RuntimeError, match=OVERLAP):
                run(TORCH, theirs)
        else:
            run(TORCH, theirs)
            assert y.tolist() == theirs.tolist()


def test_overlap_is_checked_with_autograd_too():
    x = ember.arange(6.0, requires_grad=True)
    y = x * 1
    with pytest.raises(RuntimeError, match=OVERLAP):
        y[1:] = y[:-1]
    y[0] = y[1]  # disjoint: recorded as usual
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 1.0, 1.0, 1.0, 1.0]
