"""The dtype of sparse indices, as torch 2.13 keeps it: a compressed tensor (CSR, CSC, BSR,
BSC) built from int32 indices reports int32 indices, and so do the compressed results of ops on
it; COO indices are always int64 (integer indices of another dtype are converted); mixed or
non-integer compressed indices raise torch's errors (ember checks the invariants always)."""
import pickle
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

# a 4 x 4 matrix: in CSR (crow, col) and, for the block layouts, 2 x 2 blocks
CROW, COL, VALUES = [0, 2, 3, 3, 5], [0, 3, 1, 0, 2], [1.0, 2.0, 3.0, 4.0, 5.0]
BUILDS = {
    "csr": lambda lib, dt: lib.sparse_csr_tensor(lib.tensor(CROW, dtype=dt),
                                                 lib.tensor(COL, dtype=dt),
                                                 lib.tensor(VALUES), (4, 4)),
    "csc": lambda lib, dt: lib.sparse_csc_tensor(lib.tensor(CROW, dtype=dt),
                                                 lib.tensor(COL, dtype=dt),
                                                 lib.tensor(VALUES), (4, 4)),
    "bsr": lambda lib, dt: lib.sparse_bsr_tensor(lib.tensor([0, 1, 2], dtype=dt),
                                                 lib.tensor([1, 0], dtype=dt),
                                                 lib.arange(8.0).reshape(2, 2, 2), (4, 4)),
    "bsc": lambda lib, dt: lib.sparse_bsc_tensor(lib.tensor([0, 2, 2], dtype=dt),
                                                 lib.tensor([0, 1], dtype=dt),
                                                 lib.arange(8.0).reshape(2, 2, 2), (4, 4)),
}
OPS = {
    "itself": lambda lib, s: s,
    "t": lambda lib, s: s.t(),
    "mul": lambda lib, s: s * 2,
    "erf": lambda lib, s: lib.erf(s),
    "neg": lambda lib, s: -s,
    "clone": lambda lib, s: s.clone(),
    "detach": lambda lib, s: s.detach(),
    "to float64": lambda lib, s: s.to(lib.float64),
    "add": lambda lib, s: s + s,
    "to_sparse_csr": lambda lib, s: s.to_sparse_csr(),
    "to_sparse_csc": lambda lib, s: s.to_sparse_csc(),
    "to_sparse_bsr": lambda lib, s: s.to_sparse_bsr((2, 2)),
    "to_sparse_bsc": lambda lib, s: s.to_sparse_bsc((2, 2)),
    "to_sparse": lambda lib, s: s.to_sparse(),
    "to_dense().to_sparse_csr()": lambda lib, s: s.to_dense().to_sparse_csr(),
    "pickled": lambda lib, s: pickle.loads(pickle.dumps(s)),
}


def _indices(sparse):
    """(layout, the dtype of each index tensor, the index tensors as lists, dense values)."""
    layout = str(sparse.layout).split(".")[-1]
    if layout == "sparse_coo":
        parts = [sparse.coalesce().indices()]
    elif layout in ("sparse_csr", "sparse_bsr"):
        parts = [sparse.crow_indices(), sparse.col_indices()]
    else:
        parts = [sparse.ccol_indices(), sparse.row_indices()]
    return (layout, [str(part.dtype).split(".")[-1] for part in parts],
            [part.tolist() for part in parts], sparse.to_dense().tolist())


def _outcome(lib, build, op, dt):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the beta-state note
        try:
            return _indices(OPS[op](lib, BUILDS[build](lib, getattr(lib, dt))))
        except RuntimeError as error:
            return type(error).__name__, str(error)


@requires_torch
@pytest.mark.parametrize("dt", ["int32", "int64"])
@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("build", sorted(BUILDS))
def test_index_dtype_of_results_matches_torch(build, op, dt):
    if op == "pickled" and build in ("bsr", "bsc"):
        pytest.skip("torch cannot pickle a BSR or BSC tensor")
    ours = _outcome(ember, build, op, dt)
    theirs = _outcome(TORCH, build, op, dt)
    assert ours == theirs


def test_int32_indices_read_back_and_products_are_unchanged():
    csr = BUILDS["csr"](ember, ember.int32)
    assert csr.crow_indices().dtype is ember.int32 and csr.col_indices().dtype is ember.int32
    dense = ember.arange(8.0).reshape(4, 2)
    expected = BUILDS["csr"](ember, ember.int64) @ dense
    assert ember.equal(csr @ dense, expected)


@requires_torch
@pytest.mark.parametrize("dts", [("int32", "int64"), ("int64", "int32"), ("int64", "int16"),
                                 ("int16", "int16"), ("float32", "int64")])
def test_mixed_or_wrong_index_dtypes_raise_as_torch_checking(dts):
    def run(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                lib.sparse_csr_tensor(lib.tensor(CROW, dtype=getattr(lib, dts[0])),
                                      lib.tensor(COL, dtype=getattr(lib, dts[1])),
                                      lib.tensor(VALUES), (4, 4), check_invariants=True)
            except RuntimeError as error:
                return str(error)
        return None
    ours = run(ember)
    assert ours is not None and ours == run(TORCH)


@requires_torch
@pytest.mark.parametrize("dt", ["int32", "int16", "uint8", "int64"])
def test_coo_indices_become_int64_as_torch(dt):
    def run(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            coo = lib.sparse_coo_tensor(lib.tensor([[0, 1, 1], [2, 0, 2]],
                                                   dtype=getattr(lib, dt)),
                                        lib.tensor([1.0, 2.0, 3.0]), (2, 3))
        return str(coo._indices().dtype).split(".")[-1], coo.to_dense().tolist()
    assert run(ember) == run(TORCH)


def test_fractional_coo_indices_are_refused():
    """torch truncates float indices to int64; ember refuses them rather than move an entry."""
    with pytest.raises(RuntimeError, match="indices must be an int64 tensor"):
        ember.sparse_coo_tensor(ember.tensor([[0.5, 1.0]]), ember.tensor([1.0, 2.0]), (2,))
    assert np.array_equal(
        ember.sparse_coo_tensor(ember.tensor([[0, 1]], dtype=ember.int32),
                                ember.tensor([1.0, 2.0]), (2,)).to_dense().tolist(), [1.0, 2.0])
