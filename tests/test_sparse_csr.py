"""Sparse CSR matrices: construction (from dense and COO tensors and from compressed rows),
printing, accessors, products with dense matrices and their gradients, compared with torch;
gradcheck of the product in float64."""
import pickle
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

DENSE = [[0.0, 2.0, 0.0, 1.5], [3.0, 0.0, 4.0, 0.0], [0.0, 0.0, 0.0, 0.0],
         [0.0, -1.0, 0.0, 5.0]]


@pytest.fixture(autouse=True)
def _quiet():
    # torch warns once that CSR is a beta feature and that it skips invariant checks.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


BUILDS = {
    "dense": lambda lib: lib.tensor(DENSE).to_sparse_csr(),
    "to_sparse_layout": lambda lib: lib.tensor(DENSE).to_sparse(layout=lib.sparse_csr),
    "from_coo": lambda lib: lib.sparse_coo_tensor([[1, 0, 3, 1], [2, 1, 3, 0]],
                                                  [4.0, 2.0, 5.0, 3.0], (4, 4)).to_sparse_csr(),
    "compressed": lambda lib: lib.sparse_csr_tensor(
        lib.tensor([0, 2, 4, 4, 6]), lib.tensor([1, 3, 0, 2, 1, 3]),
        lib.tensor([2.0, 1.5, 3.0, 4.0, -1.0, 5.0], dtype=lib.float64), requires_grad=True),
    "default_size": lambda lib: lib.sparse_csr_tensor([0, 1, 1], [2], [5.0]),
    "double": lambda lib: lib.tensor(DENSE).to_sparse_csr().double(),
    "scaled": lambda lib: lib.tensor(DENSE).to_sparse_csr() * 2,
}


@requires_torch
@pytest.mark.parametrize("name", sorted(BUILDS))
def test_repr_and_accessors_match_torch(name):
    ours, theirs = BUILDS[name](ember), BUILDS[name](TORCH)
    assert repr(ours) == repr(theirs).replace("torch.", "ember.")
    assert (ours.is_sparse, ours.is_sparse_csr, str(ours.layout), ours._nnz(), tuple(ours.shape)) \
        == (theirs.is_sparse, theirs.is_sparse_csr, str(theirs.layout).replace("torch", "ember"),
            theirs._nnz(), tuple(theirs.shape))
    for accessor in ("crow_indices", "col_indices", "values"):
        assert getattr(ours, accessor)().tolist() == getattr(theirs, accessor)().tolist()
    assert ours.to_dense().tolist() == theirs.to_dense().tolist()
    assert repr(ours.to_sparse_coo()) == repr(theirs.to_sparse_coo()).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("product", ["matmul", "mm", "sparse.mm", "method", "vector", "mv"])
def test_products_and_gradients_match_torch(product):
    def run(lib):
        csr = lib.sparse_csr_tensor(lib.tensor([0, 2, 4, 4, 6]), lib.tensor([1, 3, 0, 2, 1, 3]),
                                    lib.tensor([2.0, 1.5, 3.0, 4.0, -1.0, 5.0],
                                               dtype=lib.float64), requires_grad=True)
        dense = lib.linspace(-1, 1, 8, dtype=lib.float64).reshape(4, 2).requires_grad_()
        calls = {"matmul": lambda: csr @ dense, "mm": lambda: lib.mm(csr, dense),
                 "sparse.mm": lambda: lib.sparse.mm(csr, dense),
                 "method": lambda: csr.matmul(dense), "vector": lambda: csr @ dense[:, 0],
                 "mv": lambda: lib.mv(csr, dense[:, 1])}
        out = calls[product]()
        (out * out).sum().backward()
        return out, out.grad_fn.name(), dense.grad, csr.grad
    ours, theirs = run(ember), run(TORCH)
    assert ours[1] == theirs[1]
    np.testing.assert_allclose(ours[0].detach().cpu().numpy(), theirs[0].detach().numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(ours[2].cpu().numpy(), theirs[2].numpy(), rtol=1e-12)
    # At the stored entries the gradients agree. Off them, torch's `@`/mm (MmBackward0) gives
    # the leaf the dense product's gradient everywhere, sparse.mm only at the stored entries;
    # ember's sparse tensors carry gradients through their values, so always the latter.
    stored = ember.tensor(DENSE).to_sparse_csr()  # the same pattern as the leaf's
    mask = stored.to_dense().cpu().numpy() != 0
    theirs_grad = theirs[3].to_dense().numpy()
    assert ours[3].to_dense().cpu().numpy()[mask] == pytest.approx(theirs_grad[mask], rel=1e-12)
    if product == "sparse.mm":
        assert ours[3].to_dense().cpu().numpy() == pytest.approx(theirs_grad, rel=1e-12)
        assert str(ours[3].layout) == str(theirs[3].layout).replace("torch", "ember")


def test_product_gradcheck():
    crow, cols = ember.tensor([0, 2, 3, 5]), ember.tensor([0, 2, 1, 0, 1])

    def product(values, dense):
        return ember.sparse_csr_tensor(crow, cols, values, (3, 3)) @ dense
    check_gradients(product, ember.tensor([1.0, -2.0, 0.5, 3.0, 1.5], dtype=ember.float64,
                                          requires_grad=True),
                    ember.randn(3, 2, dtype=ember.float64, requires_grad=True),
                    second_order=False)


@requires_torch
@pytest.mark.parametrize("beta, alpha", [(1.0, 1.0), (0.5, 2.0), (0.0, -1.5)])
def test_sampled_addmm_and_gradients_match_torch(beta, alpha):
    def run(lib):
        csr = lib.tensor(DENSE, dtype=lib.float64).to_sparse_csr().requires_grad_()
        mat1 = lib.linspace(-1, 1, 12, dtype=lib.float64).reshape(4, 3).requires_grad_()
        mat2 = lib.linspace(0.5, -2, 12, dtype=lib.float64).reshape(3, 4).requires_grad_()
        out = lib.sparse.sampled_addmm(csr, mat1, mat2, beta=beta, alpha=alpha)
        dense = out.to_dense()
        (dense * dense).sum().backward()
        return (repr(out.layout), out.crow_indices().tolist(), out.col_indices().tolist(),
                out.values().detach(), out.grad_fn.name(), mat1.grad, mat2.grad,
                csr.grad.to_dense())
    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == theirs[0].replace("torch", "ember") and ours[1:3] == theirs[1:3]
    assert ours[4] == theirs[4] == "SparseSampledAddmmBackward0"
    for mine, reference in zip(ours[3:], theirs[3:]):
        if not isinstance(mine, str):
            np.testing.assert_allclose(mine.cpu().numpy(), reference.numpy(), rtol=1e-12,
                                       atol=1e-12)


def test_sampled_addmm_gradcheck():
    crow, cols = ember.tensor([0, 2, 3, 5]), ember.tensor([0, 2, 1, 0, 1])

    def sddmm(values, mat1, mat2):
        csr = ember.sparse_csr_tensor(crow, cols, values, (3, 3))
        return ember.sparse.sampled_addmm(csr, mat1, mat2, beta=0.5, alpha=2.0).to_dense()
    check_gradients(sddmm, ember.tensor([1.0, -2.0, 0.5, 3.0, 1.5], dtype=ember.float64,
                                        requires_grad=True),
                    ember.randn(3, 2, dtype=ember.float64, requires_grad=True),
                    ember.randn(2, 3, dtype=ember.float64, requires_grad=True))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(4), lib.ones(4, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(4, 2), lib.ones(3, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(3, 2), lib.ones(2, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(4, 2), lib.ones(2, 3)),
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(4, 2, dtype=lib.float64),
                                            lib.ones(2, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a.double(), lib.ones(4, 2), lib.ones(2, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a, a, lib.ones(4, 4)),
    lambda lib, a: lib.sparse.sampled_addmm(a, lib.ones(4, 2), lib.ones(2, 4),
                                            out=lib.zeros(4, 4)),
])
def test_sampled_addmm_errors_match_torch(call):
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH, TORCH.tensor(DENSE).to_sparse_csr())
    with pytest.raises(RuntimeError) as ours:
        call(ember, ember.tensor(DENSE).to_sparse_csr())
    assert str(ours.value) == str(theirs.value)


def test_pickles_as_csr():
    csr = ember.tensor(DENSE).to_sparse_csr()
    again = pickle.loads(pickle.dumps(csr))
    assert again.layout is ember.sparse_csr
    assert again.crow_indices().tolist() == csr.crow_indices().tolist()


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib: lib.sparse_csr_tensor([0, 2, 1], [0, 1], [1.0, 2.0], check_invariants=True),
    lambda lib: lib.sparse_csr_tensor([1, 2], [0, 1], [1.0, 2.0], check_invariants=True),
    lambda lib: lib.sparse_csr_tensor([0, 1, 2], [0, 5], [1.0, 2.0], (2, 3),
                                      check_invariants=True),
    lambda lib: lib.sparse_csr_tensor([0, 1, 2], [0, 1], [1.0, 2.0, 3.0],
                                      check_invariants=True),
    lambda lib: lib.tensor(DENSE).to_sparse_csr().indices(),
    lambda lib: lib.tensor(DENSE).to_sparse_csr().coalesce(),
    lambda lib: lib.tensor(DENSE).to_sparse_csr() @ lib.ones(3, 2),
])
def test_errors_match_torch(call):
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


SQUARE = [[1.0, 0.0, 2.0], [0.0, 3.0, 0.0], [4.0, 0.0, -1.0]]
LAYOUT_PAIRS = [("csr", "csr"), ("csr", "csc"), ("csc", "csr"), ("csc", "csc")]


def _as_layout(lib, name, values=SQUARE):
    dense = lib.tensor(values, dtype=lib.float64)
    return {"csr": dense.to_sparse_csr, "csc": dense.to_sparse_csc, "coo": dense.to_sparse}[name]()


@requires_torch
@pytest.mark.parametrize("first, second", LAYOUT_PAIRS)
@pytest.mark.parametrize("product", ["matmul", "mm", "sparse.mm"])
def test_compressed_times_compressed_is_csr_as_torch(first, second, product):
    """Two compressed matrices multiply into a CSR matrix (torch.sparse.mm: CSR for a CSR
    mat2, CSC for two CSC operands, and no CSR @ CSC); the gradient reaches mat1's values."""
    other = [[0.5, -1.0, 0.0], [0.0, 2.0, 1.0], [3.0, 0.0, 0.0]]

    def run(lib):
        a = _as_layout(lib, first).requires_grad_()
        b = _as_layout(lib, second, other)
        calls = {"matmul": lambda: a @ b, "mm": lambda: lib.mm(a, b),
                 "sparse.mm": lambda: lib.sparse.mm(a, b)}
        try:
            out = calls[product]()
        except RuntimeError as error:
            return str(error), a
        return (str(out.layout), out.grad_fn.name()), out, a
    ours, theirs = run(ember), run(TORCH)
    if isinstance(theirs[0], str):
        assert ours[0] == theirs[0]
        return
    assert ours[0] == (theirs[0][0].replace("torch", "ember"), theirs[0][1])
    expected = np.array(SQUARE) @ np.array(other)
    # torch.sparse.mm of two CSC matrices returns a CSC tensor with no entries (a wrong
    # product); ember's holds the product
    np.testing.assert_allclose(ours[1].to_dense().detach().cpu().numpy(), expected, rtol=1e-12)
    if (first, second, product) != ("csc", "csc", "sparse.mm"):
        assert repr(ours[1].detach()) == repr(theirs[1].detach()).replace("torch.", "ember.")
    # d sum((A B)^2) / dA = 2 (A B) B^T at A's stored entries (torch's backward refuses most
    # of these layout pairs)
    ours[1].to_dense().pow(2).sum().backward()
    mask = np.array(SQUARE) != 0
    np.testing.assert_allclose(ours[2].grad.to_dense().cpu().numpy()[mask],
                               (2 * expected @ np.array(other).T)[mask], rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("first, second", [("csr", "coo"), ("coo", "csr"), ("csc", "coo"),
                                           ("coo", "csc")])
@pytest.mark.parametrize("product", ["matmul", "sparse.mm"])
def test_compressed_times_coo_has_no_kernel_as_in_torch(first, second, product):
    def call(lib):
        a, b = _as_layout(lib, first), _as_layout(lib, second)
        return a @ b if product == "matmul" else lib.sparse.mm(a, b)
    with pytest.raises(RuntimeError) as theirs:
        call(TORCH)
    with pytest.raises(RuntimeError) as ours:
        call(ember)
    assert str(ours.value) == str(theirs.value)


def test_compressed_product_gradcheck():
    b = ember.tensor([[0.5, -1.0, 0.0], [0.0, 2.0, 1.0], [3.0, 0.0, 0.0]],
                     dtype=ember.float64).to_sparse_csr()

    def product(values):
        a = ember.sparse_csr_tensor(ember.tensor([0, 2, 3, 5]), ember.tensor([0, 2, 1, 0, 2]),
                                    values, (3, 3))
        return (a @ b).to_dense()
    check_gradients(product, ember.tensor([1.0, 2.0, 3.0, 4.0, -1.0], dtype=ember.float64,
                                          requires_grad=True), second_order=False)
