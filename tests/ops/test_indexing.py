"""Indexing: __getitem__/__setitem__ with every index kind, gather/scatter and the index_*,
masked_*, take, triangle and diagonal ops, against torch and gradcheck; errors."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import (TORCH, assert_close, check_gradients, compare_with_torch, rand64,
                      requires_torch)
from hypothesis import given, settings
from hypothesis import strategies as st

import ember


def _long(lib, values):
    return lib.tensor(values, dtype=lib.int64)


def _mask(lib, x):
    return x > 0


GETITEM = {
    "int": lambda t, x: x[1],
    "neg_int": lambda t, x: x[-1, -2],
    "slice": lambda t, x: x[1:],
    "full_slice": lambda t, x: x[:],
    "tuple_full_slices": lambda t, x: x[:, :],
    "step": lambda t, x: x[::2, 1::3],
    "none": lambda t, x: x[None],
    "none_mid": lambda t, x: x[:, None, 2],
    "ellipsis": lambda t, x: x[...],
    "ellipsis_int": lambda t, x: x[..., 0],
    "ellipsis_none": lambda t, x: x[..., None],
    "zero_d_tensor": lambda t, x: x[_long(t, 1)],
    "list": lambda t, x: x[[0, 2, 2]],
    "repeated_list": lambda t, x: x[[1, 1, 1], [0, 0, 3]],
    "int_tensor": lambda t, x: x[_long(t, [[0, 1], [2, 2]])],
    "bool_tensor": lambda t, x: x[_mask(t, x)],
    "bool_row_mask": lambda t, x: x[t.tensor([True, False, True])],
    "mixed_slice_list": lambda t, x: x[1:, [0, 0, 2]],
    "mixed_int_list": lambda t, x: x[0, [1, 2]],
    "separated_advanced": lambda t, x: x[[0, 1], :, ][:, [2, 3]],
    "python_bool": lambda t, x: x[True],
    "none_list": lambda t, x: x[None, [0, 2]],
}


@requires_torch
@pytest.mark.parametrize("name", sorted(GETITEM))
def test_getitem_matches_torch(name):
    compare_with_torch(lambda lib, a: GETITEM[name](lib, a * 1), rand64(3, 4))


@pytest.mark.parametrize("name", sorted(GETITEM))
def test_getitem_gradcheck(name):
    check_gradients(lambda a: GETITEM[name](ember, a), rand64(3, 4))


def test_repeated_indices_accumulate():
    x = ember.zeros(4, requires_grad=True)
    x[ember.tensor([1, 1, 3, 1])].sum().backward()
    assert x.grad.tolist() == [0.0, 3.0, 0.0, 1.0]


def test_basic_index_is_view_and_advanced_is_copy():
    x = ember.zeros(3, 4)
    assert x[1:, ::2]._base is x
    assert x[[0, 1]]._base is None
    x[1:, ::2].add_(1)
    assert x.sum().item() == 4


@pytest.mark.parametrize("index, exc, message", [
    (5, IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    ((0, 5), IndexError, "index 5 is out of bounds for dimension 1 with size 4"),
    ((0, 0, 0), IndexError, "too many indices for tensor of dimension 2"),
    ([5], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    ("mask2", IndexError, ("The shape of the mask [2] at index 0 does not match the shape of the "
     "indexed tensor [3, 4] at index 0")),
    (1.5, IndexError, ("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
     "Variables are valid indices (got float)")),
    (slice(None, None, -1), ValueError, "step must be greater than zero"),
    ("float_tensor", IndexError, "tensors used as indices must be long, int, byte or bool"),
    (([0, 1], [1, 2, 0]), IndexError, ("shape mismatch: indexing tensors could not be broadcast "
     "together with shapes [2], [3]")),
])
def test_getitem_errors(index, exc, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        idx = {"mask2": lib.ones(2, dtype=lib.bool), "float_tensor": lib.tensor([1.0])}.get(
            index, index) if isinstance(index, str) else index
        with pytest.raises(exc) as info:
            lib.zeros(3, 4)[idx]
        assert message in str(info.value)


SETITEM = {
    "int_row": lambda t, y, v: y.__setitem__(1, v[0]),
    "slice_scalar": lambda t, y, v: y.__setitem__((0, slice(1, 3)), 7.0),
    "step_tensor": lambda t, y, v: y.__setitem__((slice(None), slice(None, None, 2)),
                                                 v[:, :2] * 2),
    "list_rows": lambda t, y, v: y.__setitem__([0, 2], v[1]),
    "bool_mask_scalar": lambda t, y, v: y.__setitem__(y > 0, 0.0),
    "bool_mask_tensor": lambda t, y, v: y.__setitem__(t.tensor([True, False, True]), v[:2]),
    "ellipsis_tensor": lambda t, y, v: y.__setitem__(Ellipsis, v),
    "full_slice_scalar": lambda t, y, v: y.__setitem__(slice(None), 1.5),
    "none_index": lambda t, y, v: y.__setitem__(None, v[2]),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SETITEM))
def test_setitem_matches_torch(name):
    def fn(lib, x, v):
        y = x * 1
        SETITEM[name](lib, y, v)
        return y
    ours, theirs = compare_with_torch(fn, rand64(3, 4), rand64(3, 4, seed=1),
                                      check_grad_fn=False)
    assert ours.grad_fn.name().replace("ember::", "torch::") == theirs.grad_fn.name()


@pytest.mark.parametrize("name", sorted(SETITEM))
def test_setitem_gradcheck(name):
    def fn(x, v):
        y = x * 1
        SETITEM[name](ember, y, v)
        return y
    check_gradients(fn, rand64(3, 4), rand64(3, 4, seed=1))


def test_setitem_bumps_version_and_respects_leaf_rule():
    x = ember.zeros(3)
    x[0] = 1.0
    x[[1]] = 2.0
    assert x._version_count == 2 and x.tolist() == [1.0, 2.0, 0.0]
    leaf = ember.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad"):
        leaf[0] = 1.0
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad"):
        leaf[[0]] = 1.0


@pytest.mark.parametrize("index, value, message", [
    (0, "ones3", ("The expanded size of the tensor (4) must match the existing size (3) at "
     "non-singleton dimension 0.  Target sizes: [4].  Tensor sizes: [3]")),
    ([0, 1], "ones3", ("shape mismatch: value tensor of shape [3] cannot be broadcast to "
     "indexing result of shape [2, 4]")),
])
def test_setitem_errors(index, value, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(RuntimeError) as info:
            lib.zeros(3, 4)[index] = lib.ones(3)
        assert message in str(info.value)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-3, 2), min_size=1, max_size=6), st.integers(0, 3))
def test_advanced_index_property(rows, col):
    """x[rows, col] equals NumPy's, and its gradient counts how often each place was read."""
    data = np.arange(12.0).reshape(3, 4)
    x = ember.tensor(data, requires_grad=True)
    out = x[rows, col]
    np.testing.assert_array_equal(out.detach().cpu().numpy(), data[rows, col])
    out.sum().backward()
    expected = np.zeros((3, 4))
    np.add.at(expected, (np.array(rows), col), 1.0)
    np.testing.assert_array_equal(x.grad.cpu().numpy(), expected)


# --- gather/scatter and the index_* ops ------------------------------------------------------

OPS = {
    "gather": lambda t, x, s: x.gather(1, _long(t, [[0, 0, 3], [1, 2, 2], [3, 3, 3]])),
    "scatter": lambda t, x, s: x.scatter(1, _long(t, [[0, 1], [2, 3], [1, 0]]), s[:, :2]),
    "scatter_value": lambda t, x, s: x.scatter(0, _long(t, [[0, 1, 2, 0]]), 2.5),
    "scatter_add": lambda t, x, s: x.scatter_add(0, _long(t, [[0, 0, 2, 1], [0, 1, 1, 1]]),
                                                 s[:2]),
    "scatter_reduce_sum": lambda t, x, s: x.scatter_reduce(
        0, _long(t, [[0, 0, 2, 1], [0, 1, 1, 1]]), s[:2], "sum"),
    "scatter_reduce_mean": lambda t, x, s: x.scatter_reduce(
        0, _long(t, [[0, 0, 2, 1], [0, 1, 1, 1]]), s[:2], "mean", include_self=False),
    "scatter_reduce_amax": lambda t, x, s: x.scatter_reduce(
        1, _long(t, [[0, 1], [2, 2], [3, 0]]), s[:, :2], "amax"),
    "scatter_reduce_prod": lambda t, x, s: x.scatter_reduce(
        1, _long(t, [[0, 1], [2, 2], [3, 0]]), s[:, :2], "prod"),
    "index_select": lambda t, x, s: x.index_select(1, _long(t, [3, 0, 0])),
    "index_add": lambda t, x, s: x.index_add(0, _long(t, [2, 0, 2]), s,
                                             alpha=2),
    "index_copy": lambda t, x, s: x.index_copy(1, _long(t, [3, 0, 1, 2]), s),
    "index_fill": lambda t, x, s: x.index_fill(1, _long(t, [1, 3]), -1.0),
    "index_fill_tensor": lambda t, x, s: x.index_fill(0, _long(t, [1]), s[0, 0]),
    "index_put": lambda t, x, s: x.index_put((_long(t, [0, 2]), _long(t, [1, 1])), s[0, :2]),
    "index_put_acc": lambda t, x, s: x.index_put((_long(t, [0, 0]),), s[:2],
                                                 accumulate=True),
    "masked_fill": lambda t, x, s: x.masked_fill(s > 0, 0.5),
    "masked_fill_tensor": lambda t, x, s: x.masked_fill(s > 0, s[1, 1]),
    "masked_select": lambda t, x, s: x.masked_select(s > 0),
    "masked_select_broadcast": lambda t, x, s: x[0].masked_select(s > 0),
    "masked_scatter": lambda t, x, s: x.masked_scatter(x > 0, s),
    "take": lambda t, x, s: x.take(_long(t, [[0, 11], [-1, 5]])),
    "take_along_dim": lambda t, x, s: t.take_along_dim(x, _long(t, [[0, 3], [1, 1], [2, 0]]),
                                                       1),
    "take_along_dim_flat": lambda t, x, s: t.take_along_dim(x, _long(t, [7, 0, 7])),
    "where": lambda t, x, s: t.where(s > 0, x, s),
    "where_scalar": lambda t, x, s: t.where(x > 0, x, 0.0),
    "tril": lambda t, x, s: x.tril(),
    "triu": lambda t, x, s: t.triu(x, 1),
    "tril_neg": lambda t, x, s: t.tril(x, -1),
    "diagonal": lambda t, x, s: t.diagonal(x, -1),
    "diag_matrix": lambda t, x, s: t.diag(x, 1),
    "diag_vector": lambda t, x, s: t.diag(x[0], -1),
    "diag_embed": lambda t, x, s: t.diag_embed(x, 1),
    "diag_embed_dims": lambda t, x, s: t.diag_embed(x, 0, 0, 2),
    "trace": lambda t, x, s: t.trace(x),
    "select_scatter": lambda t, x, s: t.select_scatter(x, s[0], 0, 1),
    "slice_scatter": lambda t, x, s: t.slice_scatter(x, s[:, :2], 1, 0, 4, 2),
    "diagonal_scatter": lambda t, x, s: t.diagonal_scatter(x, s[0, :3], 1),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(OPS))
def test_index_op_matches_torch(name):
    compare_with_torch(lambda lib, x, s: OPS[name](lib, x * 1, s * 1), rand64(3, 4),
                       rand64(3, 4, seed=1))


@pytest.mark.parametrize("name", sorted(OPS))
def test_index_op_gradcheck(name):
    check_gradients(lambda x, s: OPS[name](ember, x, s), rand64(3, 4), rand64(3, 4, seed=1))


def test_scatter_gradient_to_larger_src_is_zero_padded():
    src = ember.ones(3, 4, requires_grad=True)
    ember.zeros(3, 4).scatter_add(0, ember.tensor([[0, 1]]), src).sum().backward()
    assert src.grad.sum().item() == 2.0 and tuple(src.grad.shape) == (3, 4)


def test_nonzero_and_one_arg_where():
    x = ember.tensor([[0.0, 1.0], [2.0, 0.0]])
    assert ember.nonzero(x).tolist() == [[0, 1], [1, 0]]
    rows, cols = ember.where(x)
    assert rows.tolist() == [0, 1] and cols.tolist() == [1, 0]
    assert rows.dtype is ember.int64


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t, y, s: y.scatter_(1, _long(t, [[0, 1], [2, 3], [1, 0]]), s[:, :2]),
    lambda t, y, s: y.scatter_(0, _long(t, [[0, 1, 2, 0]]), 2.5),
    lambda t, y, s: y.scatter_add_(0, _long(t, [[0, 0, 2, 1]]), s[:1]),
    lambda t, y, s: y.index_put_((_long(t, [0, 2]),), s[0], accumulate=True),
    lambda t, y, s: y.masked_fill_(s > 0, s[0, 0]),
    lambda t, y, s: y.index_add_(1, _long(t, [0, 0]), s[:, :2], alpha=3),
    lambda t, y, s: y.index_copy_(0, _long(t, [2, 0]), s[:2]),
    lambda t, y, s: y.masked_scatter_(s > 0, s * 2),
    lambda t, y, s: y.tril_(1),
])
def test_inplace_index_ops_match_torch(fn):
    def run(lib, x, s):
        y = x * 1
        fn(lib, y, s)
        return y
    compare_with_torch(run, rand64(3, 4), rand64(3, 4, seed=1))


@requires_torch
@pytest.mark.parametrize("shape, dim", [((0, 3), 0), ((4, 0), 0), ((2, 0, 3), 1)])
def test_index_add_into_an_empty_input_checks_no_index(shape, dim):
    # torch returns an empty 2-D or wider input as it is, out-of-range index or not
    def run(lib):
        source_shape = list(shape)
        source_shape[dim] = 1
        return lib.zeros(shape).index_add(dim, lib.tensor([5]), lib.ones(source_shape))
    assert_close(run(ember), run(TORCH))


def test_inplace_index_methods():
    x = ember.zeros(3, 4)
    x.masked_fill_(x == 0, 1.0)
    x.index_fill_(0, ember.tensor([1]), 5.0)
    x.index_add_(1, ember.tensor([0]), ember.ones(3, 1))
    assert x.sum().item() == 4 + 20 + 4 + 3 and x._version_count == 3


@pytest.mark.parametrize("fn, exc, message", [
    (lambda t, x: x.index_select(0, t.tensor([0.0])), RuntimeError,
     "index_select(): Expected dtype int32 or int64 for index"),
    # the CPU's check (a device selects NaN: tests/backend/test_device_training_paths.py)
    (lambda t, x: x.cpu().index_select(0, t.tensor([5], device="cpu")), IndexError,
     "index out of range in self"),
    (lambda t, x: x.index_select(0, t.tensor([[0]])), IndexError,
     "index_select(): Index is supposed to be a vector"),
    (lambda t, x: x.masked_fill(t.ones(3, 4), 1.0), RuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype float"),
    (lambda t, x: x.masked_fill(t.ones(2, 4, dtype=t.bool), 1.0), RuntimeError,
     ("The size of tensor a (2) must match the size of tensor b (3) at non-singleton "
     "dimension 0")),
    (lambda t, x: x.masked_fill(x > 0, t.ones(2)), RuntimeError,
     "only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)."),
    (lambda t, x: x.masked_select(t.ones(3, 4)), RuntimeError,
     "masked_select: expected BoolTensor for mask"),
    (lambda t, x: x.masked_scatter(x != 0, t.ones(2)), RuntimeError,
     "Number of elements of source < number of ones in mask"),
    (lambda t, x: x.take(t.tensor([12])), IndexError,
     "out of range: tried to access index 12 on a tensor of 12 elements."),
    (lambda t, x: x.take(t.tensor([1.0])), RuntimeError,
     "take(): Expected a long tensor for index, but got Float"),
    (lambda t, x: t.take_along_dim(x, t.tensor([0]), 1), RuntimeError,
     ("input and indices should have the same number of dimensions, but got 2 dimensions for "
     "input, and 1 dimensions for indices")),
    (lambda t, x: x.index_add(0, t.tensor([0]), t.ones(2, 4)), RuntimeError,
     "index_add_(): Number of indices (1) should be equal to source.size(dim): (2), for dim: 0"),
    (lambda t, x: x.index_add(0, t.tensor([0]), t.ones(1, 4, dtype=t.float64)), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    # along the first or last dim of a 2-D or wider input torch adds through scatter_add_,
    # which words the bound its own way; a middle dim or a 1-D input keeps index_add's words
    (lambda t, x: x.index_add(0, t.tensor([7, -9]), t.ones(2, 4)), RuntimeError,
     "index 7 is out of bounds for dimension 0 with size 3"),
    (lambda t, x: x.index_add_(1, t.tensor([-1]), t.ones(3, 1)), RuntimeError,
     "index -1 is out of bounds for dimension 1 with size 4"),
    (lambda t, x: x.reshape(3, 2, 2).index_add(1, t.tensor([2]), t.ones(3, 1, 2)), IndexError,
     "index out of range in self"),
    (lambda t, x: x[0].index_add(0, t.tensor([4]), t.ones(1)), IndexError,
     "index out of range in self"),
    (lambda t, x: x.index_copy(0, t.tensor([0]), t.ones(1, 3)), RuntimeError,
     "Destination slice shape: 4 at dimension 0 and source slice shape: 3 at dimension 0."),
    (lambda t, x: x.index_fill(0, t.tensor([7]), 1.0), IndexError,
     "index 7 is out of bounds for dimension 0 with size 3"),
    (lambda t, x: t.zeros(3).tril(), RuntimeError,
     "tril: input tensor must have at least 2 dimensions"),
    (lambda t, x: t.diag(t.zeros(2, 2, 2)), RuntimeError,
     "diag(): Supports 1D or 2D tensors. Got 3D"),
    (lambda t, x: t.trace(t.zeros(3)), RuntimeError,
     "trace: expected a matrix, but got tensor with dim 1"),
    (lambda t, x: t.diag_embed(t.zeros(3), 0, 0, 0), RuntimeError,
     "diagonal dimensions cannot be identical 0, 0"),
    (lambda t, x: x.diagonal(0, 0, 0), RuntimeError,
     "diagonal dimensions cannot be identical 0, 0"),
    (lambda t, x: t.select_scatter(x, t.ones(5), 0, 1), RuntimeError,
     ("expected src to have a size equal to the slice of self. src size = [5], slice size = "
     "[4]")),
    (lambda t, x: x.gather(1, t.tensor([[5]])), RuntimeError,
     "index 5 is out of bounds for dimension 1 with size 4"),
    (lambda t, x: x.scatter_reduce(0, t.tensor([[0]]), t.ones(1, 1), "foo"), RuntimeError,
     "reduce argument must be either sum, prod, mean, amax or amin, got foo"),
    (lambda t, x: x.gather(1, t.tensor([[0.0]])), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda t, x: x.gather(1, t.tensor([[0]], dtype=t.int16)), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    (lambda t, x: x.scatter(1, t.tensor([[0.0]]), 1.0), RuntimeError,
     "scatter(): Expected dtype int32/int64 for index"),
    (lambda t, x: x.scatter_add(1, t.tensor([[0.0]]), t.ones(1, 1)), RuntimeError,
     "scatter(): Expected dtype int32/int64 for index"),
    (lambda t, x: x.scatter_reduce(1, t.tensor([[0.0]]), t.ones(1, 1), "amax"), RuntimeError,
     "scatter(): Expected dtype int32/int64 for index"),
    (lambda t, x: x.index_add(0, t.tensor([0.0]), t.ones(1, 4)), RuntimeError,
     "index_add_(): Expected dtype int32/int64 for index but got: Float"),
    (lambda t, x: x.index_copy(0, t.tensor([0], dtype=t.int32), t.ones(1, 4)), RuntimeError,
     "index_copy_(): Expected a long tensor for index, but got Int"),
    (lambda t, x: x.index_fill(0, t.tensor([0.0]), 1.0), IndexError,
     "index_fill_(): Expected dtype int64 for index."),
    (lambda t, x: t.take_along_dim(x, t.tensor([[0.0]]), 1), RuntimeError,
     "take_along_dim(): dtype of indices should be Long but got Float"),
    # indices that do not broadcast against the input outside dim: the broadcasting error
    (lambda t, x: t.take_along_dim(x, t.tensor([[0], [2]]), 1), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"),
    (lambda t, x: x.index_fill(0, t.empty(2, device="meta"), 1.0), RuntimeError,
     "index_copy(): self, index and source expected to be in the same device"),
])
def test_index_op_errors(fn, exc, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(exc) as info:
            fn(lib, lib.randn(3, 4))
        assert message in str(info.value), lib.__name__


@requires_torch
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["max", "min"])
def test_scatter_reduce_reads_max_and_min_forward_only(reduce, include_self):
    # torch's kernel takes "max"/"min" for "amax"/"amin"; its derivative refuses them
    def run(lib):
        src = lib.tensor([[2.0, -1.0, 3.0], [0.5, 4.0, -2.0]], requires_grad=True)
        index = lib.tensor([[0, 0, 2], [1, 0, 1]])
        out = lib.zeros(3, 3).scatter_reduce(0, index, src, reduce, include_self=include_self)
        inplace = lib.zeros(3, 3).scatter_reduce_(0, index, src.detach(), reduce)
        with pytest.raises(RuntimeError) as info:
            out.sum().backward()
        return out.detach(), inplace, str(info.value)
    ours, theirs = run(ember), run(TORCH)
    assert_close(ours[0], theirs[0])
    assert_close(ours[1], theirs[1])
    assert ours[2] == theirs[2]


@pytest.mark.parametrize("name", ["gather", "scatter", "scatter_add", "scatter_reduce"])
def test_int32_index_matches_int64(name):
    """gather and the scatters take int32 indices as PyTorch 2.13 does, with the same values
    and gradients as an int64 index."""
    calls = {
        "gather": lambda lib, x, i, s: x.gather(1, i),
        "scatter": lambda lib, x, i, s: x.scatter(1, i, s),
        "scatter_add": lambda lib, x, i, s: x.scatter_add(1, i, s),
        "scatter_reduce": lambda lib, x, i, s: x.scatter_reduce(1, i, s, "amax"),
    }
    index = ember.tensor([[0, 2], [1, 3], [3, 0]], dtype=ember.int32)
    x, src = rand64(3, 4), rand64(3, 2, seed=1)
    out = calls[name](ember, x, index, src)
    expected = calls[name](ember, x.detach(), index.long(), src.detach())
    assert ember.equal(out, expected)
    check_gradients(lambda a, s: calls[name](ember, a, index, s), x, src, second_order=False)


@requires_torch
@pytest.mark.parametrize("method", ["scatter", "scatter_"])
@pytest.mark.parametrize("tensor_src", [True, False])
def test_scatter_reduce_argument_is_add_or_multiply(method, tensor_src):
    # An unknown reduce raised in torch; ember wrote the values as if no reduce were given.
    def call(lib, reduce):
        src = lib.tensor([1.0, 2.0]) if tensor_src else 2.0
        return getattr(lib.ones(3), method)(0, lib.tensor([0, 0]), src, reduce=reduce)
    for reduce in ("add", "multiply"):
        np.testing.assert_array_equal(call(ember, reduce).cpu().numpy(),
                                      call(TORCH, reduce).numpy())
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH, "max")
    with pytest.raises(RuntimeError) as ours:
        call(ember, "max")
    assert str(ours.value) == str(theirs.value) == "reduce argument must be either add or " \
                                                  "multiply."


SCALAR_WRITERS = {
    "fill_": lambda t, x, v: x.clone().fill_(v),
    "fill_one": lambda t, x, v: x[:1, :1].clone().fill_(v),
    "scatter": lambda t, x, v: x.scatter(1, t.tensor([[0], [2]]), v),
    "scatter_add": lambda t, x, v: x.scatter(1, t.tensor([[1], [0]]), v, reduce="add"),
    "scatter_": lambda t, x, v: x.clone().scatter_(0, t.tensor([[1, 0, 1]]), value=v),
    "masked_fill": lambda t, x, v: x.masked_fill(x > 0, v),
    "masked_fill_": lambda t, x, v: x.clone().masked_fill_(t.tensor([True, False, True]), v),
    "index_fill": lambda t, x, v: x.index_fill(1, t.tensor([0, 2]), v),
}
SCALAR_VALUES = [1e6, 1e40, 2.7, 300, -1, -300, float("nan"), float("inf"), 2 + 0j, 2j, True,
                 2 ** 63, 2 ** 70, -2 ** 63 - 1]


@requires_torch
@pytest.mark.parametrize("writer", sorted(SCALAR_WRITERS))
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64", "int8", "int32",
                                   "int64", "uint8", "bool", "complex64"])
def test_writing_a_python_number_that_does_not_fit_raises_as_torch(writer, dtype):
    # a number outside an integer dtype's range, NaN or inf into integers, an imaginary part
    # into a real dtype, a finite number past float32's range: torch refuses each (the halves
    # as c10::Half/BFloat16 unless one element is filled); ember wrapped or cast them to a
    # wrong number (1e6 filled a uint8 tensor with 64, 2j filled ints with 0)
    def outcome(lib, value):
        x = lib.tensor([[0, 1, 0], [1, 1, 0]]).to(getattr(lib, dtype))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                out = SCALAR_WRITERS[writer](lib, x, value)
        except (RuntimeError, OverflowError) as error:
            return type(error).__name__, str(error)
        return str(out.to(lib.complex128).tolist())
    for value in SCALAR_VALUES:
        assert outcome(ember, value) == outcome(TORCH, value), value


HALF_SCATTERS = {
    "scatter_add_1d": lambda t, x, i: t.zeros(3, dtype=x.dtype).scatter_add(0, i, x),
    "scatter_add_dim1": lambda t, x, i: t.zeros(4, 3, dtype=x.dtype).scatter_add(
        1, i[:10].expand(4, -1), x.reshape(4, 10)),
    "scatter_reduce_sum": lambda t, x, i: t.ones(3, dtype=x.dtype).scatter_reduce(0, i, x, "sum"),
    "scatter_reduce_prod": lambda t, x, i: t.zeros(3, dtype=x.dtype).scatter_reduce(
        0, i, x / 20, "prod", include_self=False),
    "scatter_reduce_mean": lambda t, x, i: t.ones(3, dtype=x.dtype).scatter_reduce(0, i, x, "mean"),
    "scatter_reduce_mean_fresh": lambda t, x, i: t.zeros(4, 3, dtype=x.dtype).scatter_reduce(
        1, i[:10].expand(4, -1), x.reshape(4, 10), "mean", include_self=False),
    "scatter_reduce_amax": lambda t, x, i: t.zeros(3, dtype=x.dtype).scatter_reduce(0, i, x,
                                                                                    "amax"),
    "scatter_reduce_arg_add": lambda t, x, i: t.zeros(3, dtype=x.dtype).scatter(0, i, x,
                                                                               reduce="add"),
}


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("name", sorted(HALF_SCATTERS))
def test_half_scatter_accumulates_in_float_as_torch(name, dtype):
    # torch's scatter kernels add (and multiply) float16/bfloat16 in float and round once; a
    # mean's sum is rounded to the half type before the division (ember added in the half
    # type, a rounding step apart per element: 245.625 where torch has 245.75)
    if dtype == "bfloat16":
        pytest.importorskip("ml_dtypes")
    values = (np.random.default_rng(9).normal(size=40) * 3 + 20).tolist()
    index = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0] * 4
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(values).to(getattr(lib, dtype))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scatter's deprecated reduce argument
            out = HALF_SCATTERS[name](lib, x, lib.tensor(index))
        results.append((str(out.dtype).split(".")[1], out.tolist()))
    assert results[0] == results[1]


# A scalar index counts as rank 1 for a vector (and a vector index for a scalar input): the
# Transforms tutorial one-hot encodes labels with zeros(10).scatter_(0, tensor(y), value=1).
SCALAR_INDEX = {
    "gather": lambda t, x, s: x.gather(0, _long(t, 2)),
    "gather_scalar_input": lambda t, x, s: s.gather(0, _long(t, [0, 0])),
    "scatter_src": lambda t, x, s: x.scatter(0, _long(t, 1), s),
    "scatter_value": lambda t, x, s: x.scatter(0, _long(t, 3), 2.5),
    "scatter_into_scalar": lambda t, x, s: s.scatter(0, _long(t, [0]), x[:1]),
    "scatter_add": lambda t, x, s: x.scatter_add(0, _long(t, 4), s),
    "scatter_reduce_sum": lambda t, x, s: x.scatter_reduce(0, _long(t, 2), s, "sum"),
    "scatter_reduce_amax": lambda t, x, s: x.scatter_reduce(0, _long(t, 2), s, "amax",
                                                            include_self=False),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(SCALAR_INDEX))
def test_scalar_index_gather_scatter_match_torch(name):
    compare_with_torch(lambda lib, x, s: SCALAR_INDEX[name](lib, x * 1, s * 1), rand64(5),
                       rand64(seed=1))


@pytest.mark.parametrize("name", sorted(SCALAR_INDEX))
def test_scalar_index_gather_scatter_gradcheck(name):
    check_gradients(lambda x, s: SCALAR_INDEX[name](ember, x, s), rand64(5), rand64(seed=1))


def test_one_hot_by_scatter_with_a_scalar_index():
    one_hot = ember.zeros(10).scatter_(0, ember.tensor(7), value=1)
    assert one_hot.tolist() == [0.0] * 7 + [1.0] + [0.0] * 2
    with pytest.raises(RuntimeError, match="same number of dimensions as self"):
        ember.zeros(3, 3).scatter(0, ember.tensor(1), 7.0)
    with pytest.raises(RuntimeError, match="out of bounds for dimension 0 with size 10"):
        ember.zeros(10).gather(0, ember.tensor(12))


_PROD_INDEX = [0, 2, 2, 2]
_PROD_CASES = {"no zero": ([1.0, 2.0, 0.5], [1.5, 2.0, 2.0, 3.0]),
               "one src zero": ([1.0, 2.0, 0.5], [1.5, 0.0, 2.0, 3.0]),
               "input zero": ([0.0, 2.0, 0.0], [1.5, 2.0, 2.0, 3.0]),
               "input and src zero": ([1.0, 2.0, 0.0], [1.5, 0.0, 2.0, 3.0]),
               "two src zeros": ([1.0, 2.0, 0.5], [1.5, 0.0, 0.0, 3.0])}


@requires_torch
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("case", sorted(_PROD_CASES))
def test_scatter_reduce_prod_gradients_with_zeros_match_torch(case, include_self):
    # the src gradient is the product of the other factors landing on its place: it was
    # computed as product / src, nan at a zero src where torch gives the product of the others
    inp, src = _PROD_CASES[case]
    results = []
    for lib in (ember, TORCH):
        i = lib.tensor(inp, dtype=lib.float64, requires_grad=True)
        s = lib.tensor(src, dtype=lib.float64, requires_grad=True)
        out = i.scatter_reduce(0, lib.tensor(_PROD_INDEX), s, "prod", include_self=include_self)
        grads = lib.autograd.grad(out, (i, s), lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64))
        results.append([g.cpu().numpy() for g in grads])
    for ours, theirs in zip(*results):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("case", ["no zero", "one src zero", "input zero", "input and src zero"])
def test_scatter_reduce_prod_with_zeros_gradgradcheck(case, include_self):
    inp, src = _PROD_CASES[case]
    index = ember.tensor(_PROD_INDEX)

    def fn(i, s):
        return i.scatter_reduce(0, index, s, "prod", include_self=include_self)

    args = (ember.tensor(inp, dtype=ember.float64, requires_grad=True),
            ember.tensor(src, dtype=ember.float64, requires_grad=True))
    assert ember.autograd.gradcheck(fn, args)
    assert ember.autograd.gradgradcheck(fn, args)


@requires_torch
def test_scatter_reduce_prod_two_zeros_on_a_place_has_no_second_derivative():
    messages = []
    for lib in (ember, TORCH):
        s = lib.tensor([1.5, 0.0, 0.0, 3.0], dtype=lib.float64, requires_grad=True)
        out = lib.ones(3, dtype=lib.float64).scatter_reduce(0, lib.tensor(_PROD_INDEX), s, "prod")
        (g,) = lib.autograd.grad(out.sum(), s, create_graph=True)
        np.testing.assert_array_equal(g.detach().cpu().numpy(), [1.0, 0.0, 0.0, 0.0])
        with pytest.raises(RuntimeError) as info:
            lib.autograd.grad(g.sum(), s)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


# A Python number that the tensor's dtype cannot hold, written by ``t[index] = value``, is refused
# with torch's error (whatever the index, an empty mask too), never NumPy's ValueError or
# OverflowError, a silent wrap (300 into uint8) or an inf (1e300 into float32).
_KEYS = [0, slice(None), "mask", "empty mask", "index"]


def _key(key):
    return {"mask": ember.tensor([True, False]), "empty mask": ember.tensor([False, False]),
            "index": ember.tensor([1])}.get(key, key) if isinstance(key, str) else key


@pytest.mark.parametrize("key", _KEYS, ids=str)
@pytest.mark.parametrize("dtype, value, cpp", [
    ("int64", float("nan"), "int64_t"), ("int64", float("inf"), "int64_t"),
    ("int64", 1e30, "int64_t"), ("int32", float("nan"), "int"), ("int32", 2 ** 31, "int"),
    ("uint8", 300, "uint8_t"), ("int8", -129, "int8_t"), ("float32", 1e300, "float"),
    ("complex64", 1e300, "c10::complex<float>"), ("int64", 1 + 1j, "int64_t")])
def test_setitem_number_the_dtype_cannot_hold(key, dtype, value, cpp):
    t = ember.tensor([2, 3]).to(getattr(ember, dtype))
    with pytest.raises(RuntimeError, match=f"^value cannot be converted to type {cpp} without "
                                           "overflow$"):
        t[_key(key)] = value
    assert t.tolist() == ember.tensor([2, 3]).to(getattr(ember, dtype)).tolist()


@pytest.mark.parametrize("dtype", ["int64", "uint8", "bool", "float16"])
@pytest.mark.parametrize("value", [2 ** 63, -2 ** 63 - 1])
def test_setitem_int_past_int64(dtype, value):
    t = ember.tensor([2, 3]).to(getattr(ember, dtype))
    with pytest.raises(ValueError, match="^Overflow when unpacking long long$"):
        t[0] = value


def test_setitem_numbers_that_fit():
    t = ember.tensor([2, 3], dtype=ember.uint8)
    t[0] = -1  # a C cast: 255, as torch writes it
    t[ember.tensor([False, True])] = 7
    assert t.tolist() == [255, 7]
    h = ember.tensor([1.0, 2.0], dtype=ember.float16)
    h[0] = 1e30  # one element through double: inf, silently as in torch
    f = ember.tensor([1.0, 2.0])
    f[:] = 2.0 + 0j
    assert math.isinf(h[0].item()) and f.tolist() == [2.0, 2.0]


# A NumPy uint8 array (an image mask read with PIL or cv2) indexes as torch's deprecated byte
# mask, as a uint8 tensor does: it selected rows 1 and 0 as integer indices, a silently wrong
# result. Writing one value under a lone byte mask is refused as torch refuses it.
BYTE_MASKS = {
    "array": lambda: np.array([1, 0], dtype=np.uint8),
    "2-d array": lambda: np.ones((2, 3), dtype=np.uint8),
    "array after a slice": lambda: (slice(None), np.array([1, 0, 1], dtype=np.uint8)),
    "array after an int": lambda: (0, np.array([1, 0, 1], dtype=np.uint8)),
    "list of uint8 scalars": lambda: [np.uint8(1), np.uint8(0)],
    "tensor after a slice": lambda: (slice(None), ember.tensor([1, 0, 1], dtype=ember.uint8)),
}


@pytest.mark.parametrize("case", list(BYTE_MASKS))
def test_numpy_byte_mask_indexes_as_torch(case):
    x = ember.arange(24.0).reshape(2, 3, 4)
    with pytest.warns(UserWarning, match="indexing with dtype ember.uint8 is now deprecated"):
        ours = x[BYTE_MASKS[case]()]
    with pytest.raises(RuntimeError, match="masked_fill_ only supports boolean masks"):
        x.clone()[BYTE_MASKS[case]()] = -1.0
    if TORCH is None:
        pytest.skip("compares with torch, which is not installed")
    index = BYTE_MASKS[case]()
    if case.startswith("tensor"):
        index = (index[0], TORCH.tensor([1, 0, 1], dtype=TORCH.uint8))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = TORCH.arange(24.0).reshape(2, 3, 4)[index]
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.cpu().numpy().tolist() == theirs.numpy().tolist()


# index_add_ and index_copy_ check their index's rank before its dtype (IndexError), as torch
# does: a 2-d index of a wrong dtype raised the dtype's RuntimeError.
@pytest.mark.parametrize("dtype", ["int8", "float32", "bool", "int64"])
def test_index_add_and_copy_check_the_index_rank_first(dtype):
    index = ember.tensor([[1, 0, 1], [0, 1, 0]]).to(getattr(ember, dtype))
    with pytest.raises(IndexError, match=r"^index_add_\(\): Index is supposed to be a vector, "
                                         r"but got dim: 2 with type: "):
        ember.zeros(2, 3).index_add_(0, index, ember.ones(2, 3))
    with pytest.raises(IndexError, match=r"^index_copy_\(\): Index should have dimension 1 or 0 "
                                         r"\(got 2\)$"):
        ember.zeros(2, 3).index_copy_(0, index, ember.ones(2, 3))
    with pytest.raises(RuntimeError, match="^index_add_\\(\\): Expected dtype int32/int64 for "
                                           "index but got: Char$"):
        ember.zeros(2, 3).index_add_(0, ember.tensor([1, 0], dtype=ember.int8), ember.ones(2, 3))


# A byte mask of another shape than the tensor's leading dims: torch's IndexError for the
# shape comes before the masked_fill_ refusal of one value under a byte mask.
@pytest.mark.parametrize("shape, error", [((0,), IndexError), ((), IndexError), ((3,), IndexError),
                                          ((2, 3), RuntimeError)])
def test_byte_mask_shape_checked_before_its_dtype(shape, error):
    x = ember.zeros(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error):
            x[ember.tensor([1, 0], dtype=ember.uint8)] = 0.5


# ``self[index] = value`` takes a tensor, a Python number or a NumPy scalar that torch's parser
# reads as one (integers, np.float64, np.complex128); anything else is refused before the index
# is read, with torch's TypeError: None was written as NaN, an array or a list was written.
REFUSED_VALUES = [None, np.array([1.0, 2.0]), np.array(3.0), [1.0, 2.0], (1.0, 2.0),
                  np.float32(7), np.float16(7), np.bool_(True), np.complex64(1), "a"]


@pytest.mark.parametrize("value", REFUSED_VALUES, ids=[repr(v) for v in REFUSED_VALUES])
@pytest.mark.parametrize("index", [0, slice(0, 2), "tensor", "mask", Ellipsis])
def test_setitem_refuses_what_torch_refuses(index, value):
    def attempt(lib):
        target = lib.zeros(3)
        where = {"tensor": lib.tensor([0, 1]),
                 "mask": lib.tensor([True, True, False])}.get(index, index) \
            if isinstance(index, str) else index
        with pytest.raises(TypeError) as error:
            target[where] = value
        assert target.tolist() == [0.0, 0.0, 0.0]
        return str(error.value).replace("torch.", "ember.")
    ours = attempt(ember)
    assert ours.startswith("can't assign a ")
    if TORCH is not None:
        assert ours == attempt(TORCH)


@pytest.mark.parametrize("value", [np.int64(7), np.int32(7), np.uint8(7), np.float64(7), 7,
                                   7.0, True])
def test_setitem_takes_numbers_and_numpy_numbers(value):
    target = ember.zeros(3)
    target[1:] = value
    assert target.tolist() == [0.0, float(value), float(value)]
    assert ember.zeros(2, dtype=ember.int64).__setitem__(0, np.int64(3)) is None


_DOUBLE_BACKWARD_INDICES = [
    "x[:]", "x[...]", "x[:, :]", "x[:, :4]", "x[0]", "x[-1, 1:3]", "x[:, :, 2]", "x[..., 1]",
    "x[None]", "x[:, None, 1]", "x[i]", "x[:, i]", "x[0, i]", "x[i, 1:]", "x[1:, i]",
    "x[i, :, i]", "x[x > 0]", "x[[0, 1]]", "x[lib.tensor(1)]", "x[1, ..., None]",
    "x[:, 1:2, None, ::2]", "x[True]", "x[True, 0]", "x[i, None]", "x[..., i, :]",
    "x[1:, 0, i]", "x[None, 0, i]", "x.narrow(1, 0, 2)", "x.select(2, 1)", "x.unfold(2, 2, 1)",
    "x.take(i)"]


@requires_torch
@pytest.mark.parametrize("expr", _DOUBLE_BACKWARD_INDICES)
def test_indexing_gradient_grad_fn_and_second_derivative_match_torch(expr):
    # torch's gradient of x[index] under create_graph comes out of the backward of the first
    # view op it applied for the index (SelectBackwardBackward0, SliceBackwardBackward0,
    # SqueezeBackward1), of index()'s index_put (IndexPutImplBackward0), or is the incoming
    # gradient itself for an alias; ember showed IndexGradBackward0 for all of them
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(np.random.default_rng(0).standard_normal((3, 4, 5)), requires_grad=True)
        i = lib.tensor([0, 2])
        y = eval(expr, {"x": x, "i": i, "lib": lib})
        (g,) = lib.autograd.grad((y * y).sum(), x, create_graph=True)
        (h,) = lib.autograd.grad((g * g * g).sum(), x)
        results.append((type(y.grad_fn).__name__, type(g.grad_fn).__name__,
                        g.detach().cpu().numpy(), h.cpu().numpy()))
    assert results[0][:2] == results[1][:2]
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[0][3], results[1][3], rtol=1e-12, atol=1e-12)


def test_indexing_gradgradcheck():
    x = rand64(3, 4)
    i = ember.tensor([2, 0, 2])
    for fn in (lambda t: t[1:, ::2] ** 2, lambda t: t[0, i] ** 3, lambda t: t[None, :, 1] ** 2,
               lambda t: t[t > 0] ** 3, lambda t: t[...] ** 3):
        check_gradients(fn, x)


def _write_slice(lib, t):
    out = lib.zeros(6, dtype=t.dtype)
    out[1:4] = t[:3] ** 2
    return out


def _write_mask_number(lib, t):
    out = t.clone()
    out[out > 0] = 0.0
    return out


def _write_index(lib, t):
    out = lib.ones(2, 6, dtype=t.dtype)
    out[lib.tensor([1, 0]), lib.tensor([3, 5])] = t[:2]
    out[0] = t.cos()
    return out


def _copy_into(lib, t):
    return lib.zeros(3, 6, dtype=t.dtype).copy_(t.sin())


@requires_torch
@pytest.mark.parametrize("fn", [_write_slice, _write_mask_number, _write_index, _copy_into])
def test_writes_carry_the_tangent_under_forward_ad(fn):
    # an untracked write (no input requiring grad) skipped the tangent: jvp gave zeros for a
    # dual written into a plain tensor, and kept a dual's tangent where a number was written
    rng = np.random.default_rng(0)
    x, v = rng.standard_normal(6), rng.standard_normal(6)
    results = []
    for lib in (ember, TORCH):
        _, tangent = lib.func.jvp(lambda t, lib=lib: fn(lib, t), (lib.tensor(x),),
                                  (lib.tensor(v),))
        with lib.autograd.forward_ad.dual_level():
            dual = lib.autograd.forward_ad.make_dual(lib.tensor(x), lib.tensor(v))
            unpacked = lib.autograd.forward_ad.unpack_dual(fn(lib, dual)).tangent
        results.append((tangent.cpu().numpy(), unpacked.cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
