"""Sparse COO tensors: construction, printing, coalescing, products and reductions, with
values and gradients compared against torch and gradchecked in float64."""
import pickle
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

INDICES = [[0, 1, 1, 2, 0], [2, 0, 2, 1, 2]]  # (0, 2) appears twice: not coalesced
VALUES = [3.0, 4.0, 5.0, 6.0, -1.0]


def _make(lib, values=VALUES, indices=INDICES, size=(3, 3), **kwargs):
    with warnings.catch_warnings():
        # torch warns once that it skips invariant checks; ember always checks them.
        warnings.simplefilter("ignore", UserWarning)
        return lib.sparse_coo_tensor(lib.tensor(indices), values, size, **kwargs)


def _same_repr(ours, theirs):
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")


def _values(lib, requires_grad=True):
    return lib.tensor(VALUES, dtype=lib.float64, requires_grad=requires_grad)


@requires_torch
@pytest.mark.parametrize("build", [
    lambda lib: _make(lib),
    lambda lib: _make(lib).coalesce(),
    lambda lib: _make(lib, dtype=lib.float64),
    lambda lib: _make(lib, requires_grad=True),
    lambda lib: _make(lib, lib.tensor(VALUES, requires_grad=True)),
    lambda lib: _make(lib).coalesce().t(),
    lambda lib: lib.eye(3).to_sparse(),
    lambda lib: lib.arange(6.0).reshape(3, 2).to_sparse(1),
    lambda lib: _make(lib, [[1.0, 2.0], [3.0, 4.0]], [[0, 2]], (3, 2)),
    lambda lib: _make(lib, lib.tensor([1, 2]), [[0, 4]], (5,)),
    # Long rows wrap within the width left after "values=tensor(" / "indices=tensor(".
    lambda lib: lib.arange(1.0, 10.0).div(7).reshape(3, 3).to_sparse(),
    lambda lib: lib.arange(-40.0, 40.0).div(3).reshape(8, 10).to_sparse(),
    lambda lib: lib.arange(1.0, 31.0).reshape(15, 2).div(9).to_sparse(1),
])
def test_repr_matches_torch(build):
    _same_repr(build(ember), build(TORCH))


@requires_torch
def test_attributes_match_torch():
    ours, theirs = _make(ember), _make(TORCH)
    for name in ("is_coalesced", "sparse_dim", "dense_dim", "_nnz", "dim", "numel"):
        assert getattr(ours, name)() == getattr(theirs, name)()
    assert ours.is_sparse and not ember.ones(1).is_sparse
    assert repr(ours.layout) == "ember.sparse_coo" and repr(ember.ones(1).layout) == \
        "ember.strided"
    assert tuple(ours.shape) == tuple(theirs.shape) and ours.size(-1) == 3
    coalesced = ours.coalesce()
    assert coalesced.is_coalesced() and coalesced._nnz() == 4
    np.testing.assert_array_equal(coalesced.indices().cpu().numpy(), theirs.coalesce().indices())
    np.testing.assert_array_equal(coalesced.values().cpu().numpy(), theirs.coalesce().values())


@requires_torch
def test_errors_match_torch():
    cases = [
        lambda lib: _make(lib).indices(),
        lambda lib: _make(lib).values(),
        lambda lib: _make(lib, [1.0, 2.0, 3.0], [[0, 1]], (2,)),
        lambda lib: _make(lib, [1.0, 2.0], [[0, 3]], (2,), check_invariants=True),
        lambda lib: _make(lib) + lib.ones(3, 3),
        lambda lib: lib.sparse.mm(_make(lib), lib.ones(2, 2)),
    ]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(TORCH)
        with pytest.raises(type(theirs.value)) as ours:
            case(ember)
        assert str(ours.value).replace("ember.", "torch.") == str(theirs.value) or \
            str(ours.value).startswith(str(theirs.value).split(":")[0])


def test_dense_ops_on_a_sparse_tensor_raise_instead_of_computing():
    # exp would make every place nonzero: torch's sparse backend has no kernel for it
    with pytest.raises(NotImplementedError, match="Could not run 'aten::exp' with arguments "
                                                  "from the 'Sparse"):
        _make(ember).exp()
    with pytest.raises(NotImplementedError, match="Could not run 'aten::cumsum' with arguments "
                                                  "from the 'Sparse"):
        _make(ember).cumsum(0)
    with pytest.raises(RuntimeError, match="does not support sparse COO tensors"):
        _make(ember).isreal()  # an op whose error on sparse input is not torch's
    with pytest.raises(TypeError, match="to_dense"):  # torch's type
        _make(ember).numpy()


def test_size_is_checked_against_indices():
    with pytest.raises(RuntimeError, match="size is inconsistent with indices: for dim 0, "
                                           "size is 2 but found index 3"):
        _make(ember, [1.0, 2.0], [[0, 3]], (2,))
    with pytest.raises(RuntimeError, match="indices must be an int64 tensor"):
        ember.sparse_coo_tensor(ember.tensor([[0.0, 1.0]]), ember.tensor([1.0, 2.0]))


@requires_torch
@pytest.mark.parametrize("op", [
    lambda lib, s: s.to_dense(),
    lambda lib, s: s.coalesce().to_dense(),
    lambda lib, s: lib.ones(3, 3, dtype=lib.float64) + s,
    lambda lib, s: (s + s).to_dense(),
    lambda lib, s: (s * 2.5).to_dense(),
    lambda lib, s: (-s).to_dense(),
    lambda lib, s: s.t().to_dense(),
    lambda lib, s: lib.sparse.sum(s),
    lambda lib, s: lib.sparse.sum(s, dim=0).to_dense(),
    lambda lib, s: lib.sparse.sum(s, dim=(0, 1)),
    lambda lib, s: lib.sparse.softmax(s, 1).to_dense(),
    lambda lib, s: lib.sparse.softmax(s, 0).to_dense(),
    lambda lib, s: lib.sparse.log_softmax(s, 1).to_dense(),
], ids=["to_dense", "coalesce", "dense+sparse", "sparse+sparse", "mul", "neg", "t", "sum",
        "sum0", "sum01", "softmax1", "softmax0", "log_softmax"])
def test_ops_and_value_gradients_match_torch(op):
    results = []
    for lib in (ember, TORCH):
        values = _values(lib)
        out = op(lib, _make(lib, values))
        out.backward(lib.ones_like(out) * lib.arange(out.numel(), dtype=lib.float64)
                     .reshape(out.shape))
        results.append((out.detach().cpu().numpy(), values.grad.cpu().numpy()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("name,call", [
    ("SparseAddmmBackward0", lambda lib, s, d: lib.sparse.mm(s, d)),
    ("MmBackward0", lambda lib, s, d: lib.spmm(s, d)),
    ("MmBackward0", lambda lib, s, d: s @ d),
    ("MmBackward0", lambda lib, s, d: s.mm(d)),
    ("MmBackward0", lambda lib, s, d: s.matmul(d)),
    ("MmBackward0", lambda lib, s, d: lib.mm(s, d)),
    ("MmBackward0", lambda lib, s, d: lib.matmul(s, d)),
])
def test_sparse_dense_products_match_torch(name, call):
    rng = np.random.default_rng(0)
    dense = rng.standard_normal((3, 4))
    results = []
    for lib in (ember, TORCH):
        values = _values(lib)
        d = lib.tensor(dense, requires_grad=True)
        out = call(lib, _make(lib, values), d)
        assert type(out.grad_fn).__name__ == name
        out.backward(lib.tensor(np.arange(12.0).reshape(3, 4)))
        results.append([t.detach().cpu().numpy() for t in (out, values.grad, d.grad)])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@requires_torch
def test_dense_times_sparse_and_sparse_times_vector_match_torch():
    rng = np.random.default_rng(1)
    left, vector = rng.standard_normal((2, 3)), rng.standard_normal(3)
    ours = [ember.tensor(left) @ _make(ember, dtype=ember.float64),
            _make(ember, dtype=ember.float64) @ ember.tensor(vector)]
    theirs = [TORCH.tensor(left) @ _make(TORCH, dtype=TORCH.float64),
              TORCH.mv(_make(TORCH, dtype=TORCH.float64), TORCH.tensor(vector))]
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.cpu().numpy(), b.cpu().numpy(), rtol=1e-12)


@requires_torch
def test_sparse_times_sparse_matches_torch():
    ours = _make(ember) @ _make(ember).t()
    theirs = _make(TORCH) @ _make(TORCH).t()
    _same_repr(ours, theirs.coalesce())


def _sparse_sparse_grads(lib, product):
    """Gradients of both operands' values through a sparse @ sparse product (a 3x3 with a
    repeated entry times a 3x3 transposed), as the product's grad_fn name and the grads."""
    first_values = lib.tensor(VALUES, dtype=lib.float64, requires_grad=True)
    second_values = lib.tensor([1.0, -2.0, 0.5, 3.0, 2.0], dtype=lib.float64,
                               requires_grad=True)
    first, second = _make(lib, first_values), _make(lib, second_values).t()
    out = product(lib, first, second)
    weights = lib.arange(9.0, dtype=lib.float64).reshape(3, 3)
    (out.to_dense() * weights).sum().backward()
    return out.grad_fn.name(), first_values.grad.cpu().numpy(), second_values.grad.cpu().numpy()


@requires_torch
@pytest.mark.parametrize("product", [lambda lib, a, b: lib.sparse.mm(a, b),
                                     lambda lib, a, b: a @ b, lambda lib, a, b: a.mm(b)])
def test_sparse_times_sparse_differentiates_both_operands_as_torch(product):
    ours, theirs = _sparse_sparse_grads(ember, product), _sparse_sparse_grads(TORCH, product)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-12)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-12)


def test_sparse_times_sparse_refuses_a_second_derivative():
    values = ember.tensor(VALUES, dtype=ember.float64, requires_grad=True)
    out = ember.sparse.mm(_make(ember, values), _make(ember, values.detach()))
    total = ember.sparse.sum(out * 1.0)
    with pytest.raises(RuntimeError, match="create_graph=True through them is not supported"):
        ember.autograd.grad(total.to_dense() if total.is_sparse else total, values,
                            create_graph=True)


def test_leaf_sparse_tensor_collects_a_sparse_gradient():
    sparse = _make(ember, dtype=ember.float64, requires_grad=True)
    assert sparse.is_leaf and sparse.requires_grad
    # torch.sparse.mm gives the leaf a sparse gradient (mm and @ a dense one, as torch's).
    ember.sparse.mm(sparse, ember.ones(3, 2, dtype=ember.float64)).sum().backward()
    assert sparse.grad.is_sparse
    # once per place: (0, 2)'s two entries share one gradient value, as in torch
    np.testing.assert_array_equal(sparse.grad._values().cpu().numpy(), np.full(4, 2.0))


def test_hybrid_tensor_to_dense_and_sum():
    values = ember.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    sparse = _make(ember, values, [[0, 2, 0]], (3, 2))
    np.testing.assert_array_equal(sparse.to_dense().cpu().numpy(), [[6.0, 8.0], [0, 0], [3.0, 4.0]])
    assert ember.sparse.sum(sparse, dim=1).to_dense().tolist() == [14.0, 0.0, 7.0]
    np.testing.assert_array_equal(ember.sparse.sum(sparse, dim=0).cpu().numpy(), [9.0, 12.0])


def test_to_sparse_round_trip_and_pickle():
    dense = ember.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0]])
    sparse = dense.to_sparse()
    assert sparse.is_coalesced() and sparse._nnz() == 3
    np.testing.assert_array_equal(sparse.to_dense().cpu().numpy(), dense.cpu().numpy())
    assert dense.to_dense() is dense
    again = pickle.loads(pickle.dumps(sparse))
    np.testing.assert_array_equal(again.to_dense().cpu().numpy(), dense.cpu().numpy())


@pytest.mark.parametrize("fn", [
    lambda v: _make(ember, v).to_dense(),
    lambda v: _make(ember, v).coalesce().values(),
    lambda v: ember.sparse.mm(_make(ember, v), ember.arange(6.0, dtype=ember.float64)
                              .reshape(3, 2)),
    lambda v: ember.sparse.sum(_make(ember, v), dim=1).to_dense(),
    lambda v: ember.sparse.softmax(_make(ember, v), 1).values(),
    lambda v: ember.sparse.log_softmax(_make(ember, v), 0).values(),
    lambda v: (ember.ones(3, 3, dtype=ember.float64) + _make(ember, v)) ** 2,
], ids=["to_dense", "coalesce", "mm", "sum", "softmax", "log_softmax", "add"])
def test_gradcheck_through_values(fn):
    check_gradients(fn, _values(ember))


def test_gradcheck_mm_in_the_dense_operand():
    dense = ember.tensor(np.random.default_rng(2).standard_normal((3, 2)), requires_grad=True)
    values = _values(ember)
    check_gradients(lambda v, d: _make(ember, v) @ d, values, dense)


@requires_torch
@pytest.mark.parametrize("product", ["matmul", "method", "mv"])
def test_sparse_times_vector_matches_torch(product):
    def run(lib):
        values = _values(lib)
        sparse = _make(lib, values=values)
        vec = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
        out = {"matmul": lambda: sparse @ vec, "method": lambda: sparse.matmul(vec),
               "mv": lambda: lib.mv(sparse, vec)}[product]()
        (out * out).sum().backward()
        return out.tolist(), out.grad_fn.name(), vec.grad.tolist(), values.grad.tolist()
    assert run(ember) == run(TORCH)


@requires_torch
@pytest.mark.parametrize("call", [lambda lib, s, v: lib.sparse.mm(s, v),
                                  lambda lib, s, v: lib.mm(s, v), lambda lib, s, v: s.mm(v)])
def test_mm_refuses_a_vector_as_torch(call):
    def run(lib):
        call(lib, _make(lib), lib.ones(3))
    with pytest.raises(IndexError) as theirs:
        run(TORCH)
    with pytest.raises(IndexError) as ours:
        run(ember)
    assert str(ours.value) == str(theirs.value)


HYBRID = ([[0, 2]], [[1.0, 2.0], [3.0, 4.0]], (3, 2))  # one sparse dim, one dense dim
JOINS = {
    "cat0": lambda lib, a, b, h: lib.cat([a, b], 0),
    "cat1": lambda lib, a, b, h: lib.cat((a, b), dim=1),
    "cat_negative": lambda lib, a, b, h: lib.cat([a, b, a], -1),
    "cat_dense_dim": lambda lib, a, b, h: lib.cat([h, h * 2], 1),
    "cat_one": lambda lib, a, b, h: lib.cat([a]),
    "stack0": lambda lib, a, b, h: lib.stack([a, b]),
    "stack_last": lambda lib, a, b, h: lib.stack([a, b], -1),
    "stack_dense_dim": lambda lib, a, b, h: lib.stack([h, h], 2),
    "unsqueeze0": lambda lib, a, b, h: a.unsqueeze(0),
    "unsqueeze_dense": lambda lib, a, b, h: lib.unsqueeze(h, 2),
    "unsqueeze_between": lambda lib, a, b, h: h.unsqueeze(1),
}


def _join_operands(lib, requires_grad=False):
    a = _make(lib, _values(lib, requires_grad))
    b = _make(lib, lib.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=lib.float64),
              [[2, 0, 1, 1, 0], [0, 0, 1, 2, 1]])
    h = _make(lib, lib.tensor(HYBRID[1], dtype=lib.float64, requires_grad=requires_grad),
              HYBRID[0], HYBRID[2])
    return a, b, h


@requires_torch
@pytest.mark.parametrize("name", sorted(JOINS))
def test_cat_stack_and_unsqueeze_of_sparse_tensors_match_torch(name):
    """Joined sparse COO tensors keep their entries in order (never marked coalesced), with
    torch's indices, values, shape and grad_fn name."""
    ours = JOINS[name](ember, *_join_operands(ember, requires_grad=True))
    theirs = JOINS[name](TORCH, *_join_operands(TORCH, requires_grad=True))
    _same_repr(ours, theirs)
    assert ours.is_coalesced() == theirs.is_coalesced()
    assert np.array_equal(ours.to_dense().detach().cpu().numpy(), theirs.to_dense().detach().numpy())


@pytest.mark.parametrize("name", sorted(JOINS))
def test_cat_stack_and_unsqueeze_of_sparse_tensors_gradcheck(name):
    """The gradient reaches each operand's values (torch's backward through a sparse cat
    fails on as_strided; ember's values are ordinary tensors)."""
    def fn(values, hybrid):
        a = ember.sparse_coo_tensor(ember.tensor(INDICES), values, (3, 3))
        h = ember.sparse_coo_tensor(ember.tensor(HYBRID[0]), hybrid, HYBRID[2])
        b = ember.sparse_coo_tensor(ember.tensor([[2, 0], [0, 1]]), values[:2] * 3, (3, 3))
        return JOINS[name](ember, a, b, h).to_dense()
    check_gradients(fn, _values(ember), ember.tensor(HYBRID[1], dtype=ember.float64,
                                                     requires_grad=True), second_order=False)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, a, h: lib.cat([a, lib.ones(3, 3, dtype=lib.float64)]),
    lambda lib, a, h: lib.cat([a, h]),
    lambda lib, a, h: lib.cat([a, a], 2),
    lambda lib, a, h: lib.cat([a.to_sparse_csr(), a.to_sparse_csr()]),
    lambda lib, a, h: lib.stack([a, a], 3),
    lambda lib, a, h: lib.stack([a, _make(lib, size=(3, 4))]),
    lambda lib, a, h: a.unsqueeze(3),
])
def test_sparse_join_errors_match_torch(call):
    a = _make(TORCH).coalesce(), _make(ember).coalesce()
    h = [_make(lib, lib.tensor(HYBRID[1]), HYBRID[0], HYBRID[2]) for lib in (TORCH, ember)]
    with pytest.raises(Exception) as theirs:
        call(TORCH, a[0], h[0])
    with pytest.raises(Exception) as ours:
        call(ember, a[1], h[1])
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


# numpy() of a sparse tensor of any layout is torch's TypeError naming the layout (it was a
# RuntimeError: code catching torch's TypeError missed it).
@pytest.mark.parametrize("convert, kind", [
    (lambda t: t.to_sparse(), "Sparse"), (lambda t: t.to_sparse_csr(), "SparseCsr"),
    (lambda t: t.to_sparse_csc(), "SparseCsc"), (lambda t: t.to_sparse_bsr((1, 1)), "SparseBsr"),
    (lambda t: t.to_sparse_bsc((1, 1)), "SparseBsc")])
def test_sparse_numpy_is_refused_with_torchs_type_error(convert, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the compressed layouts' beta warning
        sparse = convert(ember.eye(2))
    with pytest.raises(TypeError, match=f"^can't convert {kind} layout tensor to numpy. Use "
                                        r"Tensor.to_dense\(\) first.$"):
        sparse.numpy()
    assert sparse.to_dense().tolist() == [[1.0, 0.0], [0.0, 1.0]]


SELECTS = {
    "row": lambda t: t[0], "last_row": lambda t: t[-1], "column": lambda t: t[:, 1],
    "element": lambda t: t[0, 2], "missing_element": lambda t: t[1, 1],
    "chained": lambda t: t[0][2], "new_dim": lambda t: t[None, 1],
    "select_method": lambda t: t.select(1, 2), "select_function": lambda t: ember_or_torch(t).select(t, 0, -1),
    "hybrid_row": lambda t: _hybrid_of(t)[0], "hybrid_dense_dim": lambda t: _hybrid_of(t).select(1, 1),
    "hybrid_empty_row": lambda t: _hybrid_of(t)[1],
    "csr_row": lambda t: t.to_sparse_csr()[0], "csc_column": lambda t: t.to_sparse_csc()[:, 2],
}


def ember_or_torch(tensor):
    return ember if isinstance(tensor, ember.Tensor) else TORCH


def _hybrid_of(tensor):
    lib = ember_or_torch(tensor)
    return _make(lib, lib.tensor(HYBRID[1], dtype=lib.float64), HYBRID[0], HYBRID[2])


@requires_torch
@pytest.mark.parametrize("name", sorted(SELECTS))
def test_integer_indexing_and_select_of_sparse_tensors_match_torch(name):
    """An integer index keeps the entries at it (a sparse result, coalesced only when at most
    one entry is left); indexing every sparse dim leaves a dense tensor of the summed entries."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ours, theirs = SELECTS[name](_make(ember)), SELECTS[name](_make(TORCH))
    _same_repr(ours.cpu() if theirs.layout == TORCH.strided else ours, theirs)
    if theirs.layout == TORCH.sparse_coo:
        assert ours.is_coalesced() == theirs.is_coalesced()


@requires_torch
@pytest.mark.parametrize("call", [lambda t: t[3], lambda t: t[0, -4], lambda t: t.select(0, 3),
                                  lambda t: t.select(2, 0), lambda t: t.to_sparse_csr()[None]])
def test_sparse_index_errors_match_torch(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(Exception) as theirs:
            call(_make(TORCH))
        with pytest.raises(Exception) as ours:
            call(_make(ember))
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_sparse_select_gradcheck():
    def fn(values):
        tensor = ember.sparse_coo_tensor(ember.tensor(INDICES), values, (3, 3))
        return tensor[0].to_dense() * 2 + tensor[:, 2].to_dense() + tensor[0, 2]
    check_gradients(fn, _values(ember), second_order=False)
    assert _make(ember, _values(ember))[1].grad_fn.name() == "SelectBackward0"
