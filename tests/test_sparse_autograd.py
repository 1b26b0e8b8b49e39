"""Sparse COO tensors in autograd, op by op as torch: which results carry a graph, their
``grad_fn`` names, ``requires_grad``/``is_leaf``, and the leaf's ``.grad`` (layout and values);
``sparse_mask`` with its gradient, gradchecked in float64."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

INDICES = [[0, 1, 1, 2], [2, 0, 2, 1]]
VALUES = [1.0, 2.0, 3.0, 4.0]


def _leaf(lib, indices=INDICES, values=VALUES, size=(3, 3)):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch's note on invariant checks
        return lib.sparse_coo_tensor(lib.tensor(indices), lib.tensor(values, dtype=lib.float64),
                                     size, requires_grad=True)


def _dense(lib):
    return lib.arange(12.0, dtype=lib.float64).reshape(3, 4).requires_grad_()


def _node_name(tensor):
    node = tensor.grad_fn
    return None if node is None else node.name().replace("torch::", "ember::")


OPS = {
    "coalesce": lambda lib, s, d: s.coalesce(),
    "coalesce-repeats": lambda lib, s, d: _leaf(lib, [[0, 1, 1, 0], [2, 0, 2, 2]]).coalesce(),
    "to_dense": lambda lib, s, d: s.to_dense(),
    "to_sparse": lambda lib, s, d: s.to_dense().to_sparse(),
    "to_sparse(2)": lambda lib, s, d: s.to_dense().to_sparse(2),
    "sparse.mm": lambda lib, s, d: lib.sparse.mm(s, d),
    "sparse.addmm": lambda lib, s, d: lib.sparse.addmm(lib.ones(3, 4, dtype=lib.float64), s, d),
    "mm": lambda lib, s, d: lib.mm(s, d),
    "matmul": lambda lib, s, d: lib.matmul(s, d),
    "@": lambda lib, s, d: s @ d,
    "@-vector": lambda lib, s, d: s @ d[:, 0],
    "mm-then-sparse.mm": lambda lib, s, d: lib.mm(s, d) + lib.sparse.mm(s, d),
    "dense+sparse": lambda lib, s, d: d[:, :3] + s,
    "sparse.sum": lambda lib, s, d: lib.sparse.sum(s),
    "sparse.sum(0)": lambda lib, s, d: lib.sparse.sum(s, 0),
    "sparse.sum(1)": lambda lib, s, d: lib.sparse.sum(s, dim=1),
    "sparse.sum((0, 1))": lambda lib, s, d: lib.sparse.sum(s, (0, 1)),
    "softmax": lambda lib, s, d: lib.sparse.softmax(s, 1),
    "log_softmax": lambda lib, s, d: lib.sparse.log_softmax(s, 0),
    "mul-scalar": lambda lib, s, d: s * 2,
    "rmul-scalar": lambda lib, s, d: 2 * s,
    "mul-sparse": lambda lib, s, d: s * s,
    "add-sparse": lambda lib, s, d: s + s,
    "sub-sparse": lambda lib, s, d: s - s.detach(),
    "div-scalar": lambda lib, s, d: s / 2,
    "neg": lambda lib, s, d: -s,
    "t": lambda lib, s, d: s.t(),
    "transpose": lambda lib, s, d: s.transpose(0, 1),
    "values": lambda lib, s, d: s.coalesce().values(),
    "clone": lambda lib, s, d: s.clone(),
    "float": lambda lib, s, d: s.float(),
    "double": lambda lib, s, d: s.double(),
    "detach": lambda lib, s, d: s.detach(),
    "sparse_mask-dense": lambda lib, s, d: d[:, :3].sparse_mask(s.detach().coalesce()),
    "sparse_mask-sparse": lambda lib, s, d: s.sparse_mask(s.detach().coalesce()),
}


def _run(lib, op):
    sparse, dense = _leaf(lib), _dense(lib)
    out = OPS[op](lib, sparse, dense)
    seen = [_node_name(out), out.requires_grad, out.is_leaf, repr(out.layout).split(".")[-1]]
    if out.requires_grad:
        plain = out.to_dense() if out.is_sparse else out
        (plain * plain).sum().backward()
    for leaf in (sparse, dense):
        grad = leaf.grad
        seen.append(None if grad is None else
                    (repr(grad.layout).split(".")[-1], grad.to_dense().tolist()))
    return seen


@requires_torch
@pytest.mark.parametrize("op", sorted(OPS))
def test_graph_and_leaf_gradients_match_torch(op):
    ours, theirs = _run(ember, op), _run(TORCH, op)
    assert ours[:4] == theirs[:4]
    for mine, reference in zip(ours[4:], theirs[4:]):
        assert (mine is None) == (reference is None)
        if mine is not None:
            assert mine[0] == reference[0]
            np.testing.assert_allclose(mine[1], reference[1], rtol=1e-12, atol=1e-12)


@requires_torch
@pytest.mark.parametrize("op", ["to_dense", "sparse.mm", "sparse.sum", "mul-scalar", "values",
                                "softmax"])
def test_uncoalesced_leaf_gradient_is_once_per_place_as_torch(op):
    # each entry's value gradient is the dense gradient at its place: torch gives the leaf
    # that gradient once per place, in index order; one per entry would double (0, 2) here
    def run(lib):
        sparse = _leaf(lib, [[1, 0, 2, 0], [0, 2, 1, 2]], [1.0, 2.0, 3.0, 4.0])
        out = OPS[op](lib, sparse, _dense(lib))
        plain = out.to_dense() if out.is_sparse else out
        (plain * plain).sum().backward()
        grad = sparse.grad
        return (grad._indices().tolist(), grad._values().tolist(), grad._nnz(),
                grad.to_dense().tolist())
    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == theirs[0] and ours[2] == theirs[2] == 3
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-12)
    np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("values", ["leaf", "graph"])
def test_constructor_from_values_with_grad_is_a_node_as_torch(values):
    # torch's sparse_coo_tensor puts its own node on values that carry a gradient
    def run(lib):
        leaf = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            sparse = lib.sparse_coo_tensor(lib.tensor([[0, 1, 0], [1, 0, 1]]),
                                           leaf if values == "leaf" else leaf * 2, (2, 2))
        node = sparse.grad_fn
        below = [None if n is None else n.name().replace("torch::", "ember::")
                 for n, _ in node.next_functions]
        lib.sparse.sum(sparse * sparse).backward()
        return node.name(), below, sparse.is_leaf, repr(sparse).split("\n")[-1], leaf.grad
    ours, theirs = run(ember), run(TORCH)
    assert ours[:3] == theirs[:3]
    assert ours[3] == theirs[3].replace("torch.", "ember.")
    np.testing.assert_allclose(ours[4].cpu().numpy(), theirs[4].numpy(), rtol=1e-12)


@requires_torch
def test_repr_names_the_node_as_torch():
    for build in (lambda lib: _leaf(lib).coalesce(), lambda lib: _leaf(lib).t(),
                  lambda lib: lib.sparse.softmax(_leaf(lib), 1)):
        assert repr(build(ember)) == repr(build(TORCH)).replace("torch.", "ember.")


@requires_torch
def test_underscore_values_is_outside_the_graph_as_torch():
    def run(lib):
        values = (_leaf(lib) * 2)._values()
        with pytest.raises(RuntimeError) as info:
            values.sum().backward()
        return values.requires_grad, values.is_leaf, str(info.value)
    assert run(ember) == run(TORCH)


@requires_torch
def test_uncoalesced_values_and_indices_refuse_as_torch():
    def run(lib):
        sparse = _leaf(lib, [[0, 0], [1, 1]], [1.0, 2.0])
        messages = []
        for method in (sparse.values, sparse.indices):
            with pytest.raises(RuntimeError) as info:
                method()
            messages.append(str(info.value))
        return messages
    assert run(ember) == run(TORCH)


# -- sparse_mask ---------------------------------------------------------------------------
def _mask(lib, indices, size=(3, 3)):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        index = lib.tensor(indices) if indices[0] else lib.zeros((2, 0), dtype=lib.int64)
        dense = size[len(indices):]
        return lib.sparse_coo_tensor(index, lib.ones((len(indices[0]),) + tuple(dense)), size)


@requires_torch
@pytest.mark.parametrize("indices", [[[0, 2, 1], [1, 0, 2]], [[0, 0, 2], [1, 1, 2]], [[], []]],
                         ids=["coalesced-order", "repeats", "empty"])
@pytest.mark.parametrize("source", ["dense", "sparse"])
def test_sparse_mask_matches_torch(indices, source):
    def run(lib):
        data = lib.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, -3.0], [0.5, 0.0, 4.0]],
                          dtype=lib.float64)
        data = data.to_sparse() if source == "sparse" else data
        mask = _mask(lib, indices)
        mask = mask.coalesce() if indices[0] == [0, 2, 1] else mask
        out = data.sparse_mask(mask)
        return (out._indices().tolist(), out._values().tolist(), out.is_coalesced(),
                repr(out.dtype).split(".")[-1])
    assert run(ember) == run(TORCH)


def test_sparse_mask_gradcheck_dense_input():
    mask = _mask(ember, [[0, 2, 1, 0], [1, 0, 2, 1]])  # (0, 1) twice: both get the gradient
    dense = ember.tensor(np.random.default_rng(0).standard_normal((3, 3)), requires_grad=True)
    check_gradients(lambda d: d.sparse_mask(mask).to_dense(), dense)


def test_sparse_mask_gradcheck_sparse_input():
    mask = _mask(ember, [[0, 2, 1], [2, 0, 1]]).coalesce()  # (2, 0) is not in the source
    values = ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64, requires_grad=True)

    def masked(v):
        source = ember.sparse_coo_tensor(ember.tensor([[0, 1, 1, 0], [2, 0, 1, 2]]), v, (3, 3))
        return source.sparse_mask(mask).values()
    check_gradients(masked, values)


@requires_torch
def test_sparse_mask_hybrid_matches_torch():
    def run(lib):
        data = lib.arange(12.0, dtype=lib.float64).reshape(3, 4).requires_grad_()
        mask = _mask(lib, [[2, 0]], (3, 4))
        out = data.sparse_mask(mask)
        out.to_dense().pow(2).sum().backward()
        return out._values().tolist(), _node_name(out), data.grad.tolist()
    assert run(ember) == run(TORCH)


@requires_torch
def test_sparse_mask_errors_match_torch():
    def run(lib):
        data = lib.ones(3, 3)
        errors = []
        for mask in (lib.ones(3, 3), _mask(lib, [[0], [1]], (3, 4))):
            try:
                data.sparse_mask(mask)
            except (RuntimeError, NotImplementedError) as error:
                errors.append((type(error).__name__, str(error).split(":")[0]))
        return errors
    ours, theirs = run(ember), run(TORCH)
    assert [kind for kind, _ in ours] == [kind for kind, _ in theirs]
    assert ours[1] == theirs[1]


# -- index_select and narrow_copy -------------------------------------------------------------
def _slices(lib, sparse, op, dim):
    if op == "index_select":
        return sparse.index_select(dim, lib.tensor([2, 0, 2]))
    return sparse.narrow_copy(dim, 1, 2)


@requires_torch
def test_index_select_and_narrow_copy_functions_take_sparse_tensors():
    def run(lib):
        sparse = _leaf(lib, [[0, 1, 2], [2, 0, 1]], [1.0, 2.0, 3.0])
        picked = lib.index_select(sparse, 1, lib.tensor([1, 2]))
        narrowed = lib.narrow_copy(sparse, 0, 1, 2)
        return [(out._indices().tolist(), out._values().tolist(), tuple(out.shape))
                for out in (picked, narrowed)]
    assert run(ember) == run(TORCH)


@requires_torch
@pytest.mark.parametrize("op", ["index_select", "narrow_copy"])
@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("coalesced", [False, True])
def test_index_select_and_narrow_copy_match_torch(op, dim, coalesced):
    def run(lib):
        sparse = _leaf(lib, [[0, 1, 1, 2, 0], [2, 0, 2, 1, 2]], [1.0, 2.0, 3.0, 4.0, 5.0])
        sparse = sparse.coalesce() if coalesced else sparse
        out = _slices(lib, sparse, op, dim)
        hybrid = lib.sparse_coo_tensor(lib.tensor([[0, 2]]), lib.tensor([[1.0, 2.0, 3.0],
                                                                         [4.0, 5.0, 6.0]]),
                                       (3, 3))
        dense_part = _slices(lib, hybrid, op, 1)
        return (out._indices().tolist(), out._values().tolist(), out.is_coalesced(),
                tuple(out.shape), _node_name(out), dense_part._values().tolist(),
                tuple(dense_part.shape))
    assert run(ember) == run(TORCH)


@requires_torch
def test_index_select_and_narrow_copy_refuse_as_torch():
    def run(lib):
        sparse = _leaf(lib, [[0, 1], [2, 0]], [1.0, 2.0])
        seen = []
        for bad in (lambda: sparse.index_select(0, lib.tensor([3])),
                    lambda: sparse.index_select(2, lib.tensor([0])),
                    lambda: sparse.index_select(0, lib.tensor([0.0])),
                    lambda: sparse.index_select(0, lib.tensor([0], dtype=lib.int32)),
                    lambda: sparse.index_select(0, lib.tensor([[0]])),
                    lambda: sparse.narrow_copy(0, 2, 2),
                    lambda: sparse.narrow_copy(-1, 0, 1)):
            with pytest.raises((IndexError, RuntimeError)) as info:
                bad()
            seen.append((info.type.__name__, str(info.value)))
        for op in ("index_select", "narrow_copy"):  # no sparse backward in torch
            with pytest.raises(NotImplementedError) as info:
                _slices(lib, sparse, op, 0).to_dense().sum().backward()
            seen.append(str(info.value).split(" backend")[0])
        return seen
    assert run(ember) == run(TORCH)


@pytest.mark.parametrize("product", ["mm", "matmul-vector", "dense+sparse"])
def test_dense_gradient_of_a_sparse_leaf_is_the_dense_derivative(product):
    """mm/matmul and dense + sparse give a sparse leaf the gradient a dense matrix in its
    place gets (torch's rule), accumulated over two backward passes."""
    other = ember.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    apply = {"mm": lambda m: ember.mm(m, other),
             "matmul-vector": lambda m: m @ other[:, 1],
             "dense+sparse": lambda m: other[:, :3] + m}[product]
    sparse = _leaf(ember)
    stand_in = sparse.to_dense().detach().requires_grad_()
    for _ in range(2):
        apply(sparse).pow(2).sum().backward()
        apply(stand_in).pow(2).sum().backward()
    assert not sparse.grad.is_sparse
    np.testing.assert_allclose(sparse.grad.cpu().numpy(), stand_in.grad.cpu().numpy(),
                               rtol=1e-12, atol=1e-12)
    sparse.grad = None
    assert sparse.grad is None
