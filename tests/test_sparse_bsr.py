"""Sparse block matrices (``ember.sparse_bsr``, ``ember.sparse_bsc``) against torch: building
them from dense, COO, CSR, CSC and each other, the compressed arrays with (nnz, r, c) values,
repr, products with dense matrices and the gradients torch computes on its CPU, the gradients
it has no CPU kernel for checked by gradcheck, checkpoints, and torch's errors."""
import copy
import io
import pickle
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

# 6 x 4 in 2 x 2 blocks: blocks (0, 0), (1, 1), (2, 0) hold nonzeros, (0, 1), (1, 0), (2, 1) none
MATRIX = [[1.0, 2.0, 0.0, 0.0], [3.0, 4.0, 0.0, 0.0], [0.0, 0.0, 5.0, 0.0],
          [0.0, 0.0, 0.0, 6.0], [7.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
WEIGHT = np.linspace(-1.0, 1.5, 12).reshape(4, 3)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the beta-state and invariant notes
        return fn(*args, **kwargs)


def _dense(lib):
    return lib.tensor(MATRIX, dtype=lib.float64)


def _arrays(matrix, lib):
    if matrix.layout == lib.sparse_bsr:
        parts = [matrix.crow_indices(), matrix.col_indices()]
    else:
        parts = [matrix.ccol_indices(), matrix.row_indices()]
    return [p.detach().cpu().numpy() for p in parts + [matrix.values()]]


BUILDS = {
    "dense-bsr": lambda lib: _dense(lib).to_sparse_bsr((2, 2)),
    "dense-bsr-int": lambda lib: _dense(lib).to_sparse_bsr(2),
    "dense-bsr-3x2": lambda lib: _dense(lib).to_sparse_bsr((3, 2)),
    "dense-bsc": lambda lib: _dense(lib).to_sparse_bsc((2, 2)),
    "dense-bsc-1x4": lambda lib: _dense(lib).to_sparse_bsc((1, 4)),
    "to_sparse(layout=bsr)": lambda lib: _dense(lib).to_sparse(layout=lib.sparse_bsr,
                                                              blocksize=(2, 2)),
    "to_sparse(layout=bsc)": lambda lib: _dense(lib).to_sparse(layout=lib.sparse_bsc,
                                                              blocksize=(2, 1)),
    "coo-bsr": lambda lib: _dense(lib).to_sparse().to_sparse_bsr((2, 2)),
    "coo-bsc": lambda lib: _dense(lib).to_sparse().to_sparse_bsc((3, 2)),
    "csr-bsr": lambda lib: _dense(lib).to_sparse_csr().to_sparse_bsr((2, 2)),
    "csc-bsr": lambda lib: _dense(lib).to_sparse_csc().to_sparse_bsr((2, 2)),
    "csr-bsc": lambda lib: _dense(lib).to_sparse_csr().to_sparse_bsc((2, 2)),
    "bsc-bsr": lambda lib: _dense(lib).to_sparse_bsc((2, 2)).to_sparse_bsr((2, 2)),
    "bsr-bsc": lambda lib: _dense(lib).to_sparse_bsr((2, 2)).to_sparse_bsc((2, 2)),
    "bsr.to_sparse(layout=bsc)": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse(
        layout=lib.sparse_bsc, blocksize=2),
    "coo-explicit-zero": lambda lib: lib.sparse_coo_tensor(
        lib.tensor([[0, 3], [0, 3]]), lib.tensor([0.0, 1.0]), (4, 4)).to_sparse_bsr((2, 2)),
    "bsr.t": lambda lib: _dense(lib).to_sparse_bsr((3, 2)).t(),
    "bsc.transpose": lambda lib: _dense(lib).to_sparse_bsc((2, 2)).transpose(0, 1),
    "bsr.t.t": lambda lib: _dense(lib).to_sparse_bsr((2, 2)).t().t(),
    "sparse_bsr_tensor": lambda lib: lib.sparse_bsr_tensor(
        lib.tensor([0, 1, 2, 3]), lib.tensor([0, 1, 0]),
        lib.arange(12, dtype=lib.float64).reshape(3, 2, 2), (6, 4)),
    "sparse_bsr_tensor-int32": lambda lib: lib.sparse_bsr_tensor(
        lib.tensor([0, 2, 2]).int(), lib.tensor([0, 2]).int(), lib.ones(2, 1, 3)),
    "sparse_bsc_tensor": lambda lib: lib.sparse_bsc_tensor(
        [0, 2, 3], [0, 2, 1], lib.arange(12.0).reshape(3, 2, 2), (6, 4)),
    "compressed-bsr": lambda lib: lib.sparse_compressed_tensor(
        [0, 1, 2, 3], [0, 1, 0], lib.ones(3, 2, 2), layout=lib.sparse_bsr),
    "compressed-bsc": lambda lib: lib.sparse_compressed_tensor(
        [0, 1, 1], [2], lib.ones(1, 2, 2), (6, 4), layout=lib.sparse_bsc),
    "empty": lambda lib: lib.zeros(4, 4).to_sparse_bsr((2, 2)),
    "mul": lambda lib: _dense(lib).to_sparse_bsr(2) * 2.5,
    "rmul": lambda lib: 0.5 * _dense(lib).to_sparse_bsc(2),
    "neg": lambda lib: -_dense(lib).to_sparse_bsr(2),
    "to(float32)": lambda lib: _dense(lib).to_sparse_bsr(2).to(lib.float32),
    "float": lambda lib: _dense(lib).to_sparse_bsc(2).float(),
    "clone": lambda lib: _dense(lib).to_sparse_bsr(2).clone(),
    "detach": lambda lib: _dense(lib).to_sparse_bsc(2).detach(),
    "int": lambda lib: lib.ones(4, 4, dtype=lib.int64).to_sparse_bsr((2, 2)),
}


@requires_torch
@pytest.mark.parametrize("build", sorted(BUILDS))
def test_arrays_layout_and_repr_match_torch(build):
    ours, theirs = _quiet(BUILDS[build], ember), _quiet(BUILDS[build], TORCH)
    assert repr(ours.layout) == repr(theirs.layout).replace("torch", "ember")
    assert tuple(ours.shape) == tuple(theirs.shape) and ours._nnz() == theirs._nnz()
    assert (ours.sparse_dim(), ours.dense_dim()) == (theirs.sparse_dim(), theirs.dense_dim())
    assert (ours.is_sparse, ours.is_sparse_csr) == (theirs.is_sparse, theirs.is_sparse_csr)
    for mine, reference in zip(_arrays(ours, ember), _arrays(theirs, TORCH)):
        np.testing.assert_array_equal(mine, reference)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch", "ember")
    np.testing.assert_array_equal(ours.to_dense().cpu().numpy(), theirs.to_dense().cpu().numpy())
    if not build.endswith("int32"):  # ember's index arrays are int64 whatever it was given
        assert repr(ours) == repr(theirs).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("layout", ["bsr", "bsc"])
def test_to_sparse_coo_matches_torch(layout):
    def run(lib):
        coo = getattr(_dense(lib), f"to_sparse_{layout}")((2, 2)).to_sparse()
        return (coo._indices().cpu().numpy(), coo._values().cpu().numpy(), coo.is_coalesced(),
                repr(coo.layout).split(".")[-1])
    ours, theirs = run(ember), _quiet(run, TORCH)
    for mine, reference in zip(ours, theirs):
        np.testing.assert_array_equal(mine, reference)


def _values(lib):
    return lib.arange(12, dtype=lib.float64).reshape(3, 2, 2)


# Products whose values and gradients torch's CPU build computes for BSR.
PRODUCTS = {
    "@-matrix": lambda lib, s, w: s @ w,
    "@-vector": lambda lib, s, w: s @ w[:, 0],
    "mm": lambda lib, s, w: lib.mm(s, w),
    "mv": lambda lib, s, w: lib.mv(s, w[:, 1]),
    "matmul": lambda lib, s, w: lib.matmul(s, w),
    "addmm": lambda lib, s, w: lib.addmm(lib.ones(6, 3, dtype=lib.float64), s, w, beta=0.5,
                                         alpha=2.0),
    "to_dense": lambda lib, s, w: s.to_dense() @ w,
    "t.to_dense": lambda lib, s, w: s.t().to_dense().t() @ w,
    "mul.to_dense": lambda lib, s, w: (s * 3.0).to_dense() @ w,
}


def _product(lib, name, source):
    x = lib.tensor(MATRIX, dtype=lib.float64, requires_grad=True)
    values = _values(lib).requires_grad_()
    weight = lib.tensor(WEIGHT)
    if source == "dense":
        sparse = _quiet(x.to_sparse_bsr, (2, 2))
    elif source == "leaf":
        sparse = _quiet(lib.sparse_bsr_tensor, [0, 1, 2, 3], [0, 1, 0], _values(lib), (6, 4),
                        requires_grad=True)
    else:
        sparse = _quiet(lib.sparse_bsr_tensor, [0, 1, 2, 3], [0, 1, 0], values, (6, 4))
    out = PRODUCTS[name](lib, sparse, weight)
    (out * out).sum().backward()
    grad = {"dense": x.grad, "values": values.grad, "leaf": sparse.grad}[source]
    grad = grad.to_dense() if grad.layout != lib.strided else grad
    return [out.detach().cpu().numpy(), grad.cpu().numpy(), out.grad_fn.name()]


@requires_torch
@pytest.mark.parametrize("source", ["dense", "values", "leaf"])
@pytest.mark.parametrize("name", sorted(PRODUCTS))
def test_products_and_gradients_match_torch(name, source):
    if source == "leaf" and "to_dense" in name:
        pytest.skip("torch cannot run backward to a BSR leaf through to_dense "
                    "('Sparse BSR tensors do not have is_contiguous')")
    ours, theirs = _product(ember, name, source), _quiet(_product, TORCH, name, source)
    for mine, reference in zip(ours[:2], theirs[:2]):
        np.testing.assert_allclose(mine, reference, rtol=1e-12, atol=1e-12)
    assert ours[2] == theirs[2]


@requires_torch
def test_grad_fn_names_match_torch():
    def run(lib):
        values = _values(lib).requires_grad_()
        x = lib.tensor(MATRIX, dtype=lib.float64, requires_grad=True)
        built = lib.sparse_bsr_tensor([0, 1, 2, 3], [0, 1, 0], values, (6, 4))
        made = x.to_sparse_bsc((2, 2))
        outs = [built, built.values(), built * 2, -built, built.t(), built.to_dense(),
                built.to_sparse(), made, made.to_sparse_bsr((2, 2)), made.clone(),
                built + built]
        return [type(o.grad_fn).__name__ if lib is TORCH else o.grad_fn.name() for o in outs] \
            + [built.is_leaf, repr(built).split("grad_fn=")[-1]]
    assert run(ember) == _quiet(run, TORCH)


@pytest.mark.parametrize("layout", ["bsr", "bsc"])
def test_gradcheck_through_block_matrices(layout):
    """Every product in float64, with the dense operand's gradient too: torch's CPU build has
    no kernel for that one (a BSC times a dense matrix), ember computes it."""
    build = getattr(ember, f"sparse_{layout}_tensor")
    compressed, plain = ([0, 1, 2, 3], [0, 1, 0]) if layout == "bsr" else ([0, 2, 3], [0, 2, 1])
    weight = ember.tensor(WEIGHT, requires_grad=True)

    def from_values(values, w):
        matrix = _quiet(build, compressed, plain, values, (6, 4))
        return matrix @ w + ember.sparse.mm(matrix, w) + \
            matrix.t().to_dense().sum(0, keepdim=True).t()

    def from_dense(x, w):
        matrix = _quiet(getattr(x, f"to_sparse_{layout}"), (2, 2))
        return ember.addmm(w[:1].expand(6, 3), matrix, w) + matrix @ w

    check_gradients(from_values, _values(ember).requires_grad_(), weight, second_order=False)
    check_gradients(from_dense, ember.tensor(MATRIX, dtype=ember.float64, requires_grad=True),
                    weight, second_order=False)
    check_gradients(lambda values: _quiet(build, compressed, plain, values, (6, 4)).to_sparse(
        layout=ember.sparse_bsc if layout == "bsr" else ember.sparse_bsr, blocksize=2).to_dense(),
        _values(ember).requires_grad_())


def test_sum_add_and_leaf_gradient():
    dense = ember.tensor(MATRIX, dtype=ember.float64)
    bsr = _quiet(dense.to_sparse_bsr, 2)
    assert bsr.sum().item() == dense.sum().item()
    leaf = _quiet(ember.sparse_bsc_tensor, [0, 2, 3], [0, 2, 1], _values(ember), (6, 4),
                  requires_grad=True)
    assert leaf.is_leaf and leaf.grad_fn is None
    (leaf @ ember.ones(4, dtype=ember.float64)).sum().backward()
    np.testing.assert_array_equal(leaf.grad.cpu().numpy(), np.ones((6, 4)))  # torch: the dense one
    # torch's CPU build adds two block matrices only with one pattern (MKL); ember any two
    other = ember.eye(6, 4, dtype=ember.float64)
    other[0, 3] = 1.0  # in block (0, 1), which ``dense`` does not have
    for layout in ("bsr", "bsc"):
        first, second = (_quiet(getattr(m, f"to_sparse_{layout}"), 2) for m in (dense, other))
        total = first.add(second, alpha=-1.5)
        assert total.layout is first.layout and total._nnz() == 4
        np.testing.assert_array_equal(total.to_dense().cpu().numpy(),
                                      dense.cpu().numpy() - 1.5 * other.cpu().numpy())


def test_pickle_and_deepcopy_keep_the_layout():
    bsc = _quiet(ember.tensor(MATRIX).to_sparse_bsc, (2, 2))
    for copied in (pickle.loads(pickle.dumps(bsc)), copy.deepcopy(bsc)):
        assert copied.layout is ember.sparse_bsc
        np.testing.assert_array_equal(copied.to_dense().cpu().numpy(), MATRIX)
        np.testing.assert_array_equal(copied.row_indices().cpu().numpy(),
                                      bsc.row_indices().cpu().numpy())


@requires_torch
@pytest.mark.parametrize("layout", ["bsr", "bsc"])
def test_checkpoints_round_trip_both_ways(layout):
    convert = f"to_sparse_{layout}"
    buffer = io.BytesIO()
    ember.save(_quiet(getattr(ember.tensor(MATRIX), convert), (2, 2)), buffer)
    buffer.seek(0)
    theirs = _quiet(TORCH.load, buffer, map_location="cpu")
    assert theirs.layout == getattr(TORCH, f"sparse_{layout}")
    np.testing.assert_array_equal(theirs.to_dense().cpu().numpy(), MATRIX)
    buffer = io.BytesIO()
    TORCH.save(_quiet(getattr(TORCH.tensor(MATRIX), convert), (3, 2)), buffer)
    buffer.seek(0)
    ours = _quiet(ember.load, buffer)
    assert ours.layout is getattr(ember, f"sparse_{layout}")
    assert tuple(ours.values().shape) == (4, 3, 2)
    np.testing.assert_array_equal(ours.to_dense().cpu().numpy(), MATRIX)


ERRORS = {
    "bsr.crow->ccol": lambda lib: _dense(lib).to_sparse_bsr(2).ccol_indices(),
    "bsr.row_indices": lambda lib: _dense(lib).to_sparse_bsr(2).row_indices(),
    "bsc.crow_indices": lambda lib: _dense(lib).to_sparse_bsc(2).crow_indices(),
    "bsc.col_indices": lambda lib: _dense(lib).to_sparse_bsc(2).col_indices(),
    "bsr.indices": lambda lib: _dense(lib).to_sparse_bsr(2).indices(),
    "bsr.coalesce": lambda lib: _dense(lib).to_sparse_bsr(2).coalesce(),
    "bsc.is_coalesced": lambda lib: _dense(lib).to_sparse_bsc(2).is_coalesced(),
    "dense blocksize": lambda lib: _dense(lib).to_sparse_bsr((4, 4)),
    "dense blocksize 3": lambda lib: _dense(lib).to_sparse_bsc((3, 3)),
    "blocksize of 3": lambda lib: _dense(lib).to_sparse_bsr((2, 2, 2)),
    "coo blocksize": lambda lib: _dense(lib).to_sparse().to_sparse_bsr((4, 4)),
    "csr blocksize": lambda lib: _dense(lib).to_sparse_csr().to_sparse_bsc((4, 4)),
    "1-D": lambda lib: lib.ones(4).to_sparse_bsr((2, 2)),
    "no blocksize dense": lambda lib: _dense(lib).to_sparse(layout=lib.sparse_bsr),
    "no blocksize coo": lambda lib: _dense(lib).to_sparse().to_sparse(layout=lib.sparse_bsc),
    "no blocksize csr": lambda lib: _dense(lib).to_sparse_csr().to_sparse(layout=lib.sparse_bsr),
    "no blocksize bsr": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse(layout=lib.sparse_bsr),
    "no blocksize bsc": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse(layout=lib.sparse_bsc),
    "bsr->csr": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse_csr(),
    "bsr->csc": lambda lib: _dense(lib).to_sparse_bsc(2).to_sparse_csc(),
    "bsr layout csr": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse(layout=lib.sparse_csr),
    "blocksize changed": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse_bsr(1),
    "blocksize changed bsc": lambda lib: _dense(lib).to_sparse_bsr(2).to_sparse_bsc((2, 1)),
    "sum(dim)": lambda lib: _dense(lib).to_sparse_bsr(2).sum(0),
    "sub": lambda lib: _dense(lib).to_sparse_bsr(2) - _dense(lib).to_sparse_bsr(2),
    "mul sparse": lambda lib: _dense(lib).to_sparse_bsr(2) * _dense(lib).to_sparse_bsr(2),
    "@ sparse": lambda lib: _dense(lib).to_sparse_bsr(2) @ _dense(lib).t().to_sparse_bsr(2),
    "@ shapes": lambda lib: _dense(lib).to_sparse_bsr(2) @ lib.ones(5, 2, dtype=lib.float64),
    "@ vector": lambda lib: _dense(lib).to_sparse_bsr(2) @ lib.ones(5, dtype=lib.float64),
    "@ dtype": lambda lib: _dense(lib).to_sparse_bsr(2) @ lib.ones(4, 2),
    "compressed coo": lambda lib: lib.sparse_compressed_tensor(
        [0, 1], [0], lib.ones(1, 2, 2), layout=lib.sparse_coo),
    "compressed none": lambda lib: lib.sparse_compressed_tensor([0, 1], [0], lib.ones(1, 2, 2)),
}

# Constructor arguments torch refuses when it checks the invariants.
INVALID = {
    "shape not divisible": ("bsr", [0, 1, 2, 3], [0, 1, 0], (6, 5)),
    "rows": ("bsr", [0, 1, 2, 3], [0, 1, 0], (8, 4)),
    "column blocks": ("bsc", [0, 2, 3], [0, 2, 1], (6, 6)),
    "column out of range": ("bsr", [0, 1, 2, 3], [0, 2, 0], (6, 4)),
    "row out of range": ("bsc", [0, 2, 3], [0, 3, 1], (6, 4)),
    "first": ("bsr", [1, 1, 2, 3], [0, 1, 0], (6, 4)),
    "last": ("bsr", [0, 1, 2, 2], [0, 1, 0], (6, 4)),
    "nnz": ("bsr", [0, 1, 2, 3], [0, 1], (6, 4)),
    "unsorted": ("bsr", [0, 2, 2, 3], [1, 0, 0], (6, 4)),
    "repeated": ("bsc", [0, 2, 3], [1, 1, 0], (6, 4)),
    "size 1-D": ("bsr", [0, 1, 2, 3], [0, 1, 0], (24,)),
    "values 2-D": ("bsr", [0, 1, 2, 3], [0, 1, 0], "2-D"),
    "values 1-D": ("bsc", [0, 2, 3], [0, 2, 1], "1-D"),
    "float indices": ("bsr", [0.0, 1, 2, 3], [0.0, 1, 0], (6, 4)),
    "int32 and int64": ("bsr", "int32", [0, 1, 0], (6, 4)),
    "csr unsorted": ("csr", [0, 2, 3], [1, 0, 0], (2, 2)),
    "csr repeated": ("csr", [0, 2, 3], [0, 0, 0], (2, 2)),
    "csr row count": ("csr", [0, 3, 3], [0, 1, 1], (2, 2)),
    "csr rows": ("csr", [0, 2, 3], [0, 1, 0], (3, 2)),
    "csc columns": ("csc", [0, 2, 3], [0, 1, 0], (2, 3)),
}


def _invalid(lib, name):
    layout, compressed, plain, size = INVALID[name]
    values = _values(lib)
    if layout in ("csr", "csc"):
        values = lib.tensor([1.0, 2.0, 3.0])
    if size == "2-D":
        values, size = values[:, 0], (6, 4)
    elif size == "1-D":
        values, size = values[:, 0, 0], (6, 4)
    if compressed == "int32":
        compressed = lib.tensor([0, 1, 2, 3], dtype=lib.int32)
    return getattr(lib, f"sparse_{layout}_tensor")(
        compressed if isinstance(compressed, lib.Tensor) else lib.tensor(compressed),
        lib.tensor(plain), values, size, check_invariants=True)


def _error(fn):
    try:
        _quiet(fn)
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        return type(error).__name__, str(error).replace("torch", "ember")
    return None


@requires_torch
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_torch(name):
    ours = _error(lambda: ERRORS[name](ember))
    assert ours is not None and ours == _error(lambda: ERRORS[name](TORCH))


@requires_torch
@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_arrays_raise_as_torch_checking_invariants(name):
    ours = _error(lambda: _invalid(ember, name))
    assert ours is not None and ours == _error(lambda: _invalid(TORCH, name))


@pytest.mark.parametrize("name", ["column out of range", "unsorted", "first", "nnz"])
def test_invalid_arrays_raise_even_unchecked(name):
    """torch builds these unchecked (and then reads outside its arrays); ember always checks."""
    layout, compressed, plain, size = INVALID[name]
    with pytest.raises(RuntimeError, match="must be equal to nnz|is not satisfied"):
        _quiet(getattr(ember, f"sparse_{layout}_tensor"), compressed, plain, _values(ember),
               size)


def test_layouts_are_distinct_objects():
    layouts = [ember.strided, ember.sparse_coo, ember.sparse_csr, ember.sparse_csc,
               ember.sparse_bsr, ember.sparse_bsc]
    assert len({id(layout) for layout in layouts}) == 6
    assert [repr(layout) for layout in layouts[-2:]] == ["ember.sparse_bsr", "ember.sparse_bsc"]
    assert pickle.loads(pickle.dumps(ember.sparse_bsr)) is ember.sparse_bsr
