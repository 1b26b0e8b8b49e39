"""Every index form PyTorch accepts, drawn at random and compared with torch.

Index items are ints, slices, None, an Ellipsis, lists, tuples and ranges of ints, bool lists,
int and bool tensors, in any order (so advanced indices may be adjacent or separated by a slice,
which decides where the broadcast index dims go). Reads, their gradients, writes
(``__setitem__``, ``index_put_``) and the errors must all be torch's.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import TORCH, requires_torch
from hypothesis import given, settings
from hypothesis import strategies as st

import ember

SHAPE = (3, 4, 5)


def _item(draw, size):
    """One index item for a dim of ``size``, as a description both libraries can build."""
    kind = draw(st.sampled_from(["int", "slice", "list", "tuple", "range", "boollist",
                                 "tensor", "tensor2d", "booltensor"]))
    ints = st.integers(-size, size - 1)
    if kind == "int":
        return ("int", draw(ints))
    if kind == "slice":
        start = draw(st.one_of(st.none(), st.integers(-size, size)))
        stop = draw(st.one_of(st.none(), st.integers(-size, size)))
        return ("slice", start, stop, draw(st.one_of(st.none(), st.integers(1, 3))))
    if kind in ("list", "tuple", "tensor"):
        return (kind, draw(st.lists(ints, min_size=1, max_size=3)))
    if kind == "range":
        start = draw(st.integers(0, size - 1))
        return ("range", start, draw(st.integers(start, size)))
    if kind == "tensor2d":
        return ("tensor2d", draw(st.lists(ints, min_size=2, max_size=2)))
    return (kind, draw(st.lists(st.booleans(), min_size=size, max_size=size)))


@st.composite
def indices(draw):
    """A tuple index over SHAPE, possibly with None and one Ellipsis."""
    n = draw(st.integers(1, len(SHAPE)))
    dims = list(range(n))
    items = [_item(draw, SHAPE[d]) for d in dims]
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), ("none",))
    if n < len(SHAPE) and draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), ("ellipsis",))
        # Items after the ellipsis index the last dims: redraw them for those sizes.
        at = items.index(("ellipsis",))
        tail = [i for i in items[at + 1:] if i != ("none",)]
        sizes = SHAPE[len(SHAPE) - len(tail):]
        it = iter(sizes)
        items = items[:at + 1] + [i if i == ("none",) else _item(draw, next(it))
                                  for i in items[at + 1:]]
    return tuple(items)


def _build(lib, desc):
    def one(item):
        kind = item[0]
        if kind == "int":
            return item[1]
        if kind == "slice":
            return slice(*item[1:])
        if kind == "none":
            return None
        if kind == "ellipsis":
            return Ellipsis
        if kind in ("list", "boollist"):
            return list(item[1])
        if kind == "tuple":
            return tuple(item[1])
        if kind == "range":
            return range(item[1], item[2])
        if kind == "tensor":
            return lib.tensor(item[1])
        if kind == "tensor2d":
            return lib.tensor([item[1], item[1][::-1]])
        return lib.tensor(item[1])
    return tuple(one(i) for i in desc)


def _run(lib, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn(), None
        except Exception as error:  # noqa: BLE001 - compared with torch's
            return None, error


def _data(lib):
    return lib.tensor(np.arange(np.prod(SHAPE), dtype=np.float64).reshape(SHAPE))


def _same_error(ours, theirs):
    assert type(ours) is type(theirs), (ours, theirs)


@requires_torch
@settings(max_examples=150, deadline=None)
@given(indices())
def test_read_and_its_gradient_match_torch(desc):
    results = {}
    for name, lib in (("torch", TORCH), ("ember", ember)):
        x = _data(lib).requires_grad_(True)
        out, error = _run(lib, lambda lib=lib, x=x: x[_build(lib, desc)])
        if error is None:
            weights = lib.tensor(np.arange(out.numel(), dtype=np.float64).reshape(
                tuple(out.shape)))
            (out * weights).sum().backward()
            results[name] = (out.detach().cpu().numpy(), x.grad.cpu().numpy(), None)
        else:
            results[name] = (None, None, error)
    (out_t, grad_t, err_t), (out_e, grad_e, err_e) = results["torch"], results["ember"]
    if err_t is not None:
        _same_error(err_e, err_t)
        return
    assert err_e is None, err_e
    assert out_e.shape == out_t.shape
    np.testing.assert_array_equal(out_e, out_t)
    np.testing.assert_array_equal(grad_e, grad_t)


@requires_torch
@settings(max_examples=150, deadline=None)
@given(indices(), st.sampled_from(["full", "lead1", "row", "scalar"]))
def test_write_matches_torch(desc, form):
    ref, error = _run(TORCH, lambda: _data(TORCH)[_build(TORCH, desc)])
    if error is not None:
        return
    shape = tuple(ref.shape)
    value_shape = {"full": shape, "lead1": (1, *shape), "row": shape[-1:], "scalar": ()}[form]
    values = np.arange(1, 1 + int(np.prod(value_shape)), dtype=np.float64).reshape(value_shape)
    results = {}
    for name, lib in (("torch", TORCH), ("ember", ember)):
        x = _data(lib)
        v = lib.tensor(values).requires_grad_(True)
        base = lib.zeros(SHAPE, dtype=lib.float64, requires_grad=True)
        y = x + base

        def write(lib=lib, y=y, v=v):
            y[_build(lib, desc)] = v * 2
            (y * lib.arange(y.numel(), dtype=lib.float64).reshape(SHAPE)).sum().backward()
            return y.detach().cpu().numpy(), base.grad.cpu().numpy(), v.grad.cpu().numpy()
        results[name] = _run(lib, write)
    (got_t, err_t), (got_e, err_e) = results["torch"], results["ember"]
    if err_t is not None:
        _same_error(err_e, err_t)
        assert str(err_e).replace("ember.", "torch.") == str(err_t)
        return
    assert err_e is None, err_e
    for a, b in zip(got_e, got_t):
        np.testing.assert_array_equal(a, b)


@requires_torch
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-3, 2), min_size=2, max_size=2), min_size=1, max_size=2),
       st.booleans())
def test_index_put_matches_torch(rows, accumulate):
    results = {}
    for name, lib in (("torch", TORCH), ("ember", ember)):
        x = lib.zeros(3, 4, dtype=lib.float64)
        idx = (lib.tensor([r[0] for r in rows]), lib.tensor([r[1] % 4 for r in rows]))
        results[name] = x.index_put_(idx, lib.tensor([1.5], dtype=lib.float64),
                                     accumulate=accumulate).cpu().numpy()
    np.testing.assert_array_equal(results["ember"], results["torch"])


@requires_torch
def test_index_put_refuses_another_dtype_as_torch_does():
    x = ember.zeros(3, dtype=ember.float64)
    with pytest.raises(RuntimeError, match="^Index put requires the source and destination "
                       "dtypes match, got Double for the destination and Float for the source"):
        x.index_put_((ember.tensor([0]),), ember.tensor([1.5]))


NON_TUPLE = {
    "nested_list": lambda lib: [[0, 1], [1, 0]],
    "list_of_tensors": lambda lib: [lib.tensor([0, 1]), lib.tensor([1, 2])],
    "list_with_slice": lambda lib: [slice(None), 1],
    "list_with_none": lambda lib: [None, 1],
    "flat_list": lambda lib: [0, 2],
    "tuple_in_tuple": lambda lib: ((0, 1),),
    "range_and_list": lambda lib: (range(2), [0, 2]),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(NON_TUPLE))
def test_sequence_index_forms_match_torch(name):
    with warnings.catch_warnings(record=True) as caught_t:
        warnings.simplefilter("always")
        ref = _data(TORCH)[NON_TUPLE[name](TORCH)]
    with warnings.catch_warnings(record=True) as caught_e:
        warnings.simplefilter("always")
        got = _data(ember)[NON_TUPLE[name](ember)]
    np.testing.assert_array_equal(got.cpu().numpy(), ref.cpu().numpy())
    assert [str(w.message).split(" (Triggered")[0] for w in caught_e] == [
        str(w.message).split(" (Triggered")[0] for w in caught_t]


@requires_torch
def test_setitem_shape_mismatch_is_torchs_runtime_error():
    for value, lib_message in ((np.ones(3), "The expanded size of the tensor (4) must match the "
                                "existing size (3) at non-singleton dimension 0.  Target sizes: "
                                "[4].  Tensor sizes: [3]"),
                               (np.ones((2, 4)), "expand(ember.FloatTensor{[2, 4]}, size=[4]): "
                                "the number of sizes provided (1) must be greater or equal to the "
                                "number of dimensions in the tensor (2)")):
        x = ember.zeros(3, 4)
        with pytest.raises(RuntimeError) as info:
            x[0] = ember.tensor(value, dtype=ember.float32)
        assert str(info.value) == lib_message
    x = ember.zeros(3, 4)
    x[0] = ember.ones(1, 4)
    assert x[0].tolist() == [1.0] * 4


# torch numbers an out-of-bounds index tensor's dimension among the index tensors, not among
# the tensor's dims; plain ints keep the tensor's dim (a select).
OUT_OF_BOUNDS = [
    ((slice(None), slice(None), [7]), "index 7 is out of bounds for dimension 0 with size 5"),
    ((slice(None), [7]), "index 7 is out of bounds for dimension 0 with size 4"),
    (([0], [9]), "index 9 is out of bounds for dimension 1 with size 4"),
    (([0], slice(None), [9]), "index 9 is out of bounds for dimension 1 with size 5"),
    ((Ellipsis, [6]), "index 6 is out of bounds for dimension 0 with size 5"),
    ((0, [7]), "index 7 is out of bounds for dimension 0 with size 4"),
    ((slice(None), 9), "index 9 is out of bounds for dimension 1 with size 4"),
    (([0, 1], slice(1, None), [2, -9]), "index -9 is out of bounds for dimension 1 with size 5"),
    ((None, slice(None), [9]), "index 9 is out of bounds for dimension 0 with size 4"),
]


@pytest.mark.parametrize("index, message", OUT_OF_BOUNDS, ids=[m for _, m in OUT_OF_BOUNDS])
def test_out_of_bounds_index_tensor_is_numbered_as_torch(index, message):
    x = ember.zeros(3, 4, 5)
    with pytest.raises(IndexError, match=f"^{message}$"):
        x[index]
    with pytest.raises(IndexError, match=f"^{message}$"):
        x[index] = 1.0
    if TORCH is not None:
        with pytest.raises(IndexError, match=f"^{message}$"):
            TORCH.zeros(3, 4, 5)[index]


def test_out_of_bounds_index_put_is_numbered_as_torch():
    y = ember.zeros(3, 4, 5)
    with pytest.raises(IndexError, match="^index -6 is out of bounds for dimension 2 with "):
        y.index_put_((ember.tensor([0]), ember.tensor([1]), ember.tensor([-6])),
                     ember.tensor(1.0), accumulate=True)
    with pytest.raises(IndexError, match="^index 9 is out of bounds for dimension 1 with "):
        y.index_put((ember.tensor([0]), ember.tensor([9])), ember.tensor(1.0))
