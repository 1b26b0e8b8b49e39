"""Sparse CSC matrices (``ember.sparse_csc``) against torch: construction, the compressed
arrays, conversions between dense, COO, CSR and CSC (both ways, and ``t()`` turning CSR into
CSC and back on the same values), products with dense matrices and their gradients, scalar
arithmetic, repr, checkpoints, and torch's errors."""
import io
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

MATRIX = [[4.0, -1.0, 0.0, 0.0], [-1.0, 4.0, -1.0, 0.0], [0.0, 0.0, 4.0, -1.0],
          [2.0, 0.0, -1.0, 3.0], [0.0, 0.5, 0.0, 0.0]]


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the beta-state and invariant notes
        return fn(*args, **kwargs)


def _arrays(matrix):
    return [matrix.ccol_indices().cpu().numpy(), matrix.row_indices().cpu().numpy(),
            matrix.values().detach().cpu().numpy()]


def _csc(lib):
    return _quiet(lambda: lib.tensor(MATRIX, dtype=lib.float64).to_sparse_csc())


BUILDS = {
    "dense": lambda lib: lib.tensor(MATRIX, dtype=lib.float64).to_sparse_csc(),
    "to_sparse(layout)": lambda lib: lib.tensor(MATRIX, dtype=lib.float64).to_sparse(
        layout=lib.sparse_csc),
    "coo": lambda lib: lib.tensor(MATRIX, dtype=lib.float64).to_sparse().to_sparse_csc(),
    "csr": lambda lib: lib.tensor(MATRIX, dtype=lib.float64).to_sparse_csr().to_sparse_csc(),
    "csr.t": lambda lib: lib.tensor(MATRIX, dtype=lib.float64).t().to_sparse_csr().t(),
    "csc.t.t": lambda lib: _csc(lib).t().t(),
    "sparse_csc_tensor": lambda lib: lib.sparse_csc_tensor(
        lib.tensor([0, 3, 6, 8, 10]), lib.tensor([0, 1, 3, 0, 1, 4, 1, 2, 2, 3]),
        lib.tensor([4.0, -1, 2, -1, 4, 0.5, -1, 4, -1, 3], dtype=lib.float64), (5, 4)),
    "compressed": lambda lib: lib.sparse_compressed_tensor(
        _csc(lib).ccol_indices(), _csc(lib).row_indices(), _csc(lib).values(), (5, 4),
        layout=lib.sparse_csc),
    "spdiags": lambda lib: lib.sparse.spdiags(lib.tensor([[1.0, 2, 3], [4, 5, 6]]),
                                              lib.tensor([0, 1]), (3, 3), layout=lib.sparse_csc),
    "mul": lambda lib: _csc(lib) * 2.5,
    "neg": lambda lib: -_csc(lib),
    "to(float32)": lambda lib: _csc(lib).to(lib.float32),
    "clone": lambda lib: _csc(lib).clone(),
}


@requires_torch
@pytest.mark.parametrize("build", sorted(BUILDS))
def test_arrays_and_layout_match_torch(build):
    ours, theirs = _quiet(BUILDS[build], ember), _quiet(BUILDS[build], TORCH)
    assert repr(ours.layout) == repr(theirs.layout).replace("torch", "ember")
    assert tuple(ours.shape) == tuple(theirs.shape) and ours._nnz() == theirs._nnz()
    for mine, reference in zip(_arrays(ours), _arrays(theirs)):
        np.testing.assert_array_equal(mine, reference)
    np.testing.assert_array_equal(ours.to_dense().cpu().numpy(), theirs.to_dense().numpy())


@requires_torch
@pytest.mark.parametrize("target", ["to_sparse_csr", "to_sparse_coo", "to_sparse", "t",
                                    "transpose"])
def test_conversions_from_csc_match_torch(target):
    def run(lib):
        csc = _csc(lib)
        out = csc.transpose(0, 1) if target == "transpose" else getattr(csc, target)()
        if out.layout == lib.sparse_csr:
            parts = [out.crow_indices(), out.col_indices(), out.values()]
        else:  # torch's COO of a CSC matrix is uncoalesced, in column-major order
            parts = [out._indices(), out._values(), lib.tensor(out.is_coalesced())]
        return repr(out.layout).split(".")[-1], [p.detach().cpu().numpy() for p in parts]
    ours, theirs = run(ember), run(TORCH)
    assert ours[0] == theirs[0]
    for mine, reference in zip(ours[1], theirs[1]):
        np.testing.assert_array_equal(mine, reference)


@requires_torch
def test_repr_matches_torch():
    def run(lib):
        csc = _csc(lib)
        leaf = _quiet(lambda: lib.sparse_csc_tensor(lib.tensor([0, 2, 3]), lib.tensor([0, 1, 1]),
                                                    lib.tensor([1.0, 2.0, 3.0]), (2, 2),
                                                    requires_grad=True))
        return [repr(csc), repr(leaf), repr(lib.zeros(2, 3).to_sparse_csc())]
    ours, theirs = _quiet(run, ember), _quiet(run, TORCH)
    assert ours == [text.replace("torch.", "ember.") for text in theirs]


PRODUCTS = {
    "@-matrix": lambda lib, s, d: s @ d,
    "@-vector": lambda lib, s, d: s @ d[:, 0],
    "mm": lambda lib, s, d: lib.mm(s, d),
    "mv": lambda lib, s, d: lib.mv(s, d[:, 1]),
    "matmul": lambda lib, s, d: lib.matmul(s, d),
    "vector@": lambda lib, s, d: d[:, 0] @ s.t(),
    "addmm": lambda lib, s, d: lib.addmm(lib.ones(5, 2, dtype=lib.float64), s, d, alpha=0.5),
    "t@": lambda lib, s, d: s.t() @ (lib.ones(5, 4, dtype=lib.float64) @ d),
    "to_dense": lambda lib, s, d: s.to_dense() @ d,
}


def _product(lib, name, source):
    x = lib.tensor(MATRIX, dtype=lib.float64, requires_grad=True)
    d = lib.tensor(np.linspace(-1.0, 1.5, 8).reshape(4, 2), dtype=lib.float64,
                   requires_grad=True)
    values = lib.tensor(_csc(lib).values().tolist(), dtype=lib.float64, requires_grad=True)
    if source == "dense":
        sparse = _quiet(x.to_sparse_csc)
    else:
        sparse = _quiet(lib.sparse_csc_tensor, _csc(lib).ccol_indices(),
                        _csc(lib).row_indices(), values, (5, 4))
    out = PRODUCTS[name](lib, sparse, d)
    (out * out).sum().backward()
    grads = [x.grad if source == "dense" else values.grad, d.grad]
    return [out.detach().cpu().numpy()] + [g.cpu().numpy() for g in grads]


@requires_torch
@pytest.mark.parametrize("source", ["dense", "values"])
@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_products_and_gradients_match_torch(name, source):
    for mine, reference in zip(_product(ember, name, source), _product(TORCH, name, source)):
        np.testing.assert_allclose(mine, reference, rtol=1e-12, atol=1e-12)


def test_gradcheck_products():
    csc = _csc(ember)
    ccol, rows = csc.ccol_indices(), csc.row_indices()

    def from_values(values, d):
        return _quiet(ember.sparse_csc_tensor, ccol, rows, values, (5, 4)) @ d

    def from_dense(x, d):
        return _quiet(x.to_sparse_csc) @ d

    d = ember.tensor(np.linspace(-1.0, 1.5, 8).reshape(4, 2), requires_grad=True)
    check_gradients(from_values, csc.values().detach().clone().requires_grad_(), d,
                    second_order=False)
    check_gradients(from_dense, ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True),
                    d, second_order=False)


def test_leaf_gets_the_dense_gradient():
    leaf = _quiet(ember.sparse_csc_tensor, [0, 2, 3], [0, 1, 1], ember.tensor([1.0, 2.0, 3.0]),
                  (2, 2), requires_grad=True)
    assert leaf.is_leaf and leaf.requires_grad
    (leaf @ ember.tensor([1.0, 5.0])).sum().backward()
    np.testing.assert_array_equal(leaf.grad.cpu().numpy(), [[1.0, 5.0], [1.0, 5.0]])


@requires_torch
def test_checkpoints_round_trip_both_ways(tmp_path):
    csc = _csc(ember)
    buffer = io.BytesIO()
    ember.save(csc, buffer)
    buffer.seek(0)
    theirs = _quiet(TORCH.load, buffer, map_location="cpu")
    assert theirs.layout == TORCH.sparse_csc
    np.testing.assert_array_equal(theirs.to_dense().numpy(), MATRIX)
    buffer = io.BytesIO()
    TORCH.save(_csc(TORCH), buffer)
    buffer.seek(0)
    ours = _quiet(ember.load, buffer)
    assert ours.layout is ember.sparse_csc
    np.testing.assert_array_equal(ours.to_dense().cpu().numpy(), MATRIX)


@requires_torch
def test_errors_match_torch():
    def run(lib):
        csc, csr = _csc(lib), _quiet(lambda: lib.tensor(MATRIX).to_sparse_csr())
        seen = []
        for bad in (csc.crow_indices, csc.col_indices, csc.indices, csc.coalesce,
                    csc.is_coalesced, csr.ccol_indices, csr.row_indices,
                    lambda: lib.sparse_compressed_tensor(lib.tensor([0, 1]), lib.tensor([0]),
                                                         lib.tensor([1.0]), (1, 1)),
                    lambda: csc @ lib.ones(3, 2, dtype=lib.float64)):
            with pytest.raises(RuntimeError) as info:
                bad()
            seen.append(str(info.value).replace("torch", "ember"))
        for ccol, rows, size in (([1, 2, 3], [0, 1, 1], (2, 2)), ([0, 2, 4], [0, 1, 1], (2, 2)),
                                 ([0, 2, 3], [0, 5, 1], (2, 2)), ([0, 2, 3], [1, 0, 1], (2, 2))):
            with pytest.raises(RuntimeError) as info:
                _quiet(lib.sparse_csc_tensor, lib.tensor(ccol), lib.tensor(rows),
                       lib.tensor([1.0, 2.0, 3.0]), size, check_invariants=True)
            seen.append(str(info.value))
        return seen
    assert run(ember) == run(TORCH)


def test_first_compressed_tensor_warns_once_naming_its_layout():
    """torch's beta-state note comes once a process, for whichever compressed layout is made
    first; run in a fresh process so that no earlier test has made one."""
    import subprocess
    import sys
    code = ("import warnings, ember\nwarnings.simplefilter('always')\n"
            "with warnings.catch_warnings(record=True) as seen:\n"
            "    ember.tensor([[1.0, 0.0]]).to_sparse_csc()\n"
            "    ember.tensor([[1.0, 0.0]]).to_sparse_csr()\n"
            "print([str(w.message)[:30] for w in seen])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "['Sparse CSC tensor support is i']"


@requires_torch
@pytest.mark.parametrize("conversion", ["to_sparse_csc", "to_sparse_csr", "to_sparse"])
def test_vector_size_errors_match_torch(conversion):
    """A sparse matrix times a vector of the wrong length: torch's words for each layout."""
    def run(lib):
        matrix = _quiet(getattr(lib.tensor([[0.0, 2.0, 0.0], [1.0, 0.0, 3.0]]), conversion))
        seen = []
        for bad in (lambda: matrix @ lib.ones(2), lambda: lib.mv(matrix, lib.ones(4)),
                    lambda: matrix.matmul(lib.ones(2))):
            with pytest.raises(RuntimeError) as info:
                bad()
            seen.append(str(info.value))
        return seen
    assert run(ember) == run(TORCH)
