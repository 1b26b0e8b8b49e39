"""Joining ops (cat, stack and friends, meshgrid, cartesian_prod, block_diag) against torch,
gradcheck, and their errors."""
from __future__ import annotations

import warnings

import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember

JOIN = {
    "cat": lambda t, a, b: t.cat([a, b]),
    "cat_dim1": lambda t, a, b: t.cat((a, b), dim=1),
    "cat_empty_skipped": lambda t, a, b: t.cat([a, t.zeros(0, dtype=a.dtype), b], -1),
    "concat": lambda t, a, b: t.concat([a, b], 1),
    "stack": lambda t, a, b: t.stack([a, b]),
    "stack_last": lambda t, a, b: t.stack([a, b], -1),
    "stack_0d": lambda t, a, b: t.stack([a[0, 0], b[1, 2], (a * b).sum(), a[1, 1]]),
    "stack_0d_promoted": lambda t, a, b: t.stack([a[0, 1], t.tensor(3), t.tensor(True)]),
    "hstack": lambda t, a, b: t.hstack([a, b]),
    "hstack_1d": lambda t, a, b: t.hstack([a[0], b[1]]),
    "vstack": lambda t, a, b: t.vstack([a, b[0]]),
    "row_stack": lambda t, a, b: t.row_stack([a[0], b[1]]),
    "dstack": lambda t, a, b: t.dstack([a, b]),
    "column_stack": lambda t, a, b: t.column_stack([a[0], b.t()]),
    "atleast_3d": lambda t, a, b: t.atleast_3d(a[0]),
    "meshgrid_ij": lambda t, a, b: t.meshgrid(a[0], b[1, :2], indexing="ij"),
    "meshgrid_xy": lambda t, a, b: t.meshgrid([a[0], b[1, :2], a[1, :2]], indexing="xy"),
    "cartesian_prod": lambda t, a, b: t.cartesian_prod(a[0], b[1, :2]),
    "cartesian_prod_three": lambda t, a, b: t.cartesian_prod(a[0, :2], b[1, :2], a[1, 1:]),
    "block_diag": lambda t, a, b: t.block_diag(a, b[0], b[1, 1]),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(JOIN))
def test_join_matches_torch(name):
    compare_with_torch(lambda lib, a, b: JOIN[name](lib, a * 1, b * 1), rand64(2, 3),
                       rand64(2, 3, seed=1))


@pytest.mark.parametrize("name", sorted(JOIN))
def test_join_gradcheck(name):
    check_gradients(lambda a, b: JOIN[name](ember, a, b), rand64(2, 3), rand64(2, 3, seed=1))


def test_cat_promotes_dtypes():
    out = ember.cat([ember.tensor([1, 2]), ember.tensor([0.5])])
    assert out.dtype is ember.float32 and out.tolist() == [1.0, 2.0, 0.5]


def test_meshgrid_without_indexing_warns():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        grids = ember.meshgrid(ember.arange(3), ember.arange(2))
    assert any("indexing argument" in str(w.message) for w in caught)
    assert tuple(grids[0].shape) == (3, 2)


@pytest.mark.parametrize("fn, exc, message", [
    (lambda t: t.cat([]), ValueError, "expected a non-empty list of Tensors"),
    (lambda t: t.cat([t.zeros(2, 3), t.zeros(2, 4)]), RuntimeError,
     ("Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for "
     "tensor number 1 in the list.")),
    (lambda t: t.cat([t.zeros(2, 3), t.zeros(3)]), RuntimeError,
     "Tensors must have same number of dimensions: got 2 and 1"),
    (lambda t: t.cat([t.tensor(1.0)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    (lambda t: t.stack([t.zeros(3), t.zeros(2)]), RuntimeError,
     "stack expects each tensor to be equal size, but got [3] at entry 0 and [2] at entry 1"),
    (lambda t: t.meshgrid(t.zeros(3), t.ones(2, 2), indexing="ij"), RuntimeError,
     "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got"),
    (lambda t: t.meshgrid(t.zeros(3), indexing="foo"), RuntimeError,
     'indexing must be one of "xy" or "ij", but received: foo'),
    (lambda t: t.cartesian_prod(t.ones(2, 2)), RuntimeError,
     "Expect a 1D vector, but got shape [2, 2]"),
    (lambda t: t.block_diag(t.ones(2, 2, 2)), RuntimeError,
     ("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input 0 has 3 "
     "dimensions")),
])
def test_join_errors(fn, exc, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(exc) as info:
            fn(lib)
        assert message.replace("torch.", "") in str(info.value).replace("torch.", "")


# split's size may be a one-element tensor (a size computed with tensor ops), alone or inside
# the list of sizes, as torch's split reads it; a NumPy integer, which torch's split does not
# take as an int, is refused with its message.
SPLIT_SIZES = {
    "0-d int tensor": lambda lib: lib.tensor(2),
    "1-element tensor": lambda lib: lib.tensor([2]),
    "0-d int32 tensor": lambda lib: lib.tensor(3, dtype=lib.int32),
    "0-d float tensor": lambda lib: lib.tensor(2.0),
    "tensor in sizes": lambda lib: (lib.tensor(1), 3),
    "numpy int64": lambda lib: __import__("numpy").int64(2),
    "numpy array": lambda lib: __import__("numpy").array([2, 2]),
    "two-element tensor": lambda lib: lib.tensor([1, 3]),
}


@requires_torch
@pytest.mark.parametrize("case", list(SPLIT_SIZES))
def test_split_sizes_read_as_torch_reads_them(case):
    def report(lib):
        x = lib.arange(4.0)
        try:
            return [[piece.tolist() for piece in x.split(SPLIT_SIZES[case](lib))],
                    [piece.tolist() for piece in lib.split(x, SPLIT_SIZES[case](lib), 0)]]
        except TypeError as error:
            return str(error)
    assert report(ember) == report(TORCH)


@requires_torch
def test_split_by_a_tensor_size_differentiates_as_torch():
    compare_with_torch(lambda lib, x: lib.cat([p * (i + 1) for i, p in enumerate(
        x.split(lib.tensor(2), dim=1))], 1), rand64(2, 5))
    check_gradients(lambda x: ember.stack([p.sum() for p in x.split(ember.tensor([3]))]),
                    rand64(7))
