"""Tensor attributes and top-level names beside the ops (grad_dtype, name, storage_type,
Storage/StorageBase/legacy_contiguous_format, GradScaler) and the sparse products smm, hspmm,
hsmm, dsmm, sspaddmm, saddmm: values, layouts, errors and gradients against torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires, requires_torch

import ember
from ember.autograd import gradcheck


def _error(fn, module):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(module)
        except Exception as exc:  # noqa: BLE001 - the tests compare types and messages
            return type(exc).__name__, str(exc).replace("torch.", "ember.")
    raise AssertionError("no error raised")


def _same_error(fn, exact=True):
    ours, theirs = _error(fn, ember), _error(fn, TORCH)
    assert ours[0] == theirs[0], (ours, theirs)
    if exact:
        assert ours[1] == theirs[1]


# -- grad_dtype ----------------------------------------------------------------------------------
def test_grad_dtype_defaults_to_the_dtype_and_casts_accumulated_gradients():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    assert x.grad_dtype is ember.float32
    x.grad_dtype = ember.float64
    (x * 3).sum().backward()
    assert x.grad.dtype is ember.float64 and x.grad.tolist() == [3.0, 3.0]
    (x * 3).sum().backward()  # accumulation keeps the chosen dtype
    assert x.grad.dtype is ember.float64 and x.grad.tolist() == [6.0, 6.0]
    x.grad_dtype = None
    assert x.grad_dtype is None
    x.grad = ember.ones(2, dtype=ember.float16)  # any dtype is allowed now
    assert x.grad.dtype is ember.float16


@requires_torch
@pytest.mark.parametrize("dtype", ["float64", "float16", "int64", "complex64"])
def test_assigning_a_gradient_of_another_dtype_raises_torchs_error(dtype):
    def assign(m):
        t = m.ones(2, requires_grad=True)
        t.grad = m.ones(2, dtype=getattr(m, dtype))
    _same_error(assign)


@requires_torch
def test_grad_dtype_errors_match_torch():
    _same_error(lambda m: (m.ones(2, requires_grad=True) * 2).grad_dtype)
    _same_error(lambda m: setattr(m.ones(2, requires_grad=True) * 2, "grad_dtype", m.float64))
    _same_error(lambda m: setattr(m.ones(2, requires_grad=True), "grad_dtype", 3))

    def assign_after_choice(m):
        t = m.ones(2, dtype=m.float64, requires_grad=True)
        t.grad_dtype = m.float16
        t.grad = m.ones(2, dtype=m.float64)
    _same_error(assign_after_choice)


@requires_torch
def test_grad_dtype_matches_torch_through_a_small_model():
    def run(m):
        m.manual_seed(0)
        w = m.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
        w.grad_dtype = m.float64
        for _ in range(2):
            (w @ m.tensor([1.0, 3.0])).pow(2).sum().backward()
        return w.grad
    assert_close(run(ember), run(TORCH))


# -- name, storage_type, storages ----------------------------------------------------------------
@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool", "uint8", "complex64"])
@pytest.mark.filterwarnings("ignore:TypedStorage is deprecated")
def test_storage_type_names_the_legacy_storage(dtype):
    ours = ember.ones(2, dtype=getattr(ember, dtype)).storage_type()
    theirs = TORCH.ones(2, dtype=getattr(TORCH, dtype)).storage_type()
    assert ours.__name__ == theirs.__name__ and ours is getattr(ember, ours.__name__)


@requires_torch
def test_name_storage_aliases_and_storage_base_match_torch():
    assert ember.ones(2).name is None and TORCH.ones(2).name is None
    with pytest.raises(AttributeError):
        ember.ones(2).name = "x"
    assert ember.Storage is ember.FloatStorage and TORCH.Storage is TORCH.FloatStorage
    assert ember.legacy_contiguous_format is ember.contiguous_format
    assert repr(ember.legacy_contiguous_format) == "ember.contiguous_format"
    for module in (ember, TORCH):
        assert isinstance(module.UntypedStorage(2), module.StorageBase)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert not isinstance(module.FloatStorage(2), module.StorageBase)
    _same_error(lambda m: m.ones(2).to_sparse().storage_type())
    from ember.amp import GradScaler
    assert ember.GradScaler is GradScaler


@requires("ml_dtypes")
@pytest.mark.filterwarnings("ignore:TypedStorage is deprecated")
def test_bfloat16_storage_exists_with_ml_dtypes():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        storage = ember.BFloat16Storage([1, 2])
    assert storage.dtype is ember.bfloat16 and storage.tolist() == [1.0, 2.0]
    assert ember.ones(2, dtype=ember.bfloat16).storage_type() is ember.BFloat16Storage


# -- sparse products -----------------------------------------------------------------------------
def _operands(m, requires_grad=False):
    indices = m.tensor([[0, 2, 2], [2, 0, 2]])
    values = m.tensor([3.0, 4.0, 5.0], dtype=m.float64, requires_grad=requires_grad)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sparse = m.sparse_coo_tensor(indices, values, (3, 3))
        extra = m.sparse_coo_tensor(m.tensor([[0, 1], [1, 0]]),
                                    m.tensor([1.0, -2.0], dtype=m.float64), (3, 2))
    dense = m.arange(6.0, dtype=m.float64).reshape(3, 2).requires_grad_(requires_grad)
    return sparse, dense, extra


PRODUCTS = {
    "smm": lambda m, s, d, e: m.smm(s, d),
    "hspmm": lambda m, s, d, e: m.hspmm(s, d),
    "hsmm": lambda m, s, d, e: m.hsmm(s, d),
    "dsmm": lambda m, s, d, e: m.dsmm(s, d),
    "sspaddmm": lambda m, s, d, e: m.sspaddmm(e, s, d, beta=2, alpha=3),
    "saddmm": lambda m, s, d, e: m.saddmm(e, s, d),
    "Tensor.smm": lambda m, s, d, e: s.smm(d),
    "Tensor.sspaddmm": lambda m, s, d, e: e.sspaddmm(s, d, beta=0.5),
}


@requires_torch
@pytest.mark.parametrize("name", PRODUCTS)
def test_sparse_products_match_torch(name):
    ours = PRODUCTS[name](ember, *_operands(ember))
    theirs = PRODUCTS[name](TORCH, *_operands(TORCH))
    assert ours.is_sparse == theirs.is_sparse
    if theirs.is_sparse:
        assert ours.is_coalesced() == theirs.is_coalesced()
        assert ours._indices().tolist() == theirs._indices().tolist()
        assert_close(ours._values(), theirs._values())
        assert (ours.sparse_dim(), ours.dense_dim()) == (theirs.sparse_dim(), theirs.dense_dim())
    assert_close(ours.to_dense(), theirs.to_dense())


@requires_torch
@pytest.mark.parametrize("name", ["smm", "hspmm", "sspaddmm", "Tensor.smm"])
def test_undifferentiable_sparse_products_refuse_backward_as_torch_does(name):
    def backward(m):
        PRODUCTS[name](m, *_operands(m, requires_grad=True)).to_dense().sum().backward()
    _same_error(backward)


def test_dsmm_gradients_pass_gradcheck():
    sparse, dense, _ = _operands(ember, requires_grad=True)
    indices = sparse._indices()
    assert gradcheck(lambda v, d: ember.dsmm(ember.sparse_coo_tensor(indices, v, (3, 3)), d),
                     (sparse._values(), dense))


@requires_torch
def test_dsmm_gradients_match_torch():
    def grads(m):
        sparse, dense, _ = _operands(m, requires_grad=True)
        out = m.dsmm(sparse, dense)
        assert type(out.grad_fn).__name__ == "MmBackward0"
        (out * m.tensor([[1.0, -1.0], [2.0, 0.5], [3.0, 1.0]], dtype=m.float64)).sum().backward()
        return dense.grad
    assert_close(grads(ember), grads(TORCH))


@requires_torch
@pytest.mark.parametrize("call", [
    lambda m, s, d, e: m.smm(d, d),
    lambda m, s, d, e: m.smm(s, d.float()),
    lambda m, s, d, e: m.hspmm(s, d.float()),
    lambda m, s, d, e: m.dsmm(s, d.float()),
    lambda m, s, d, e: m.smm(s, s),
    lambda m, s, d, e: m.smm(s, m.ones(2, 2, dtype=m.float64)),
    lambda m, s, d, e: m.hspmm(s, m.ones(2, 2, dtype=m.float64)),
    lambda m, s, d, e: m.dsmm(s, m.ones(2, 2, dtype=m.float64)),
    lambda m, s, d, e: m.dsmm(d, d),
    lambda m, s, d, e: m.sspaddmm(e, d, d),
    lambda m, s, d, e: m.sspaddmm(e, s, s),
    lambda m, s, d, e: m.sspaddmm(e, s, m.ones(2, 2, dtype=m.float64)),
    lambda m, s, d, e: m.sspaddmm(m.ones(2, 2, dtype=m.float64).to_sparse(), s, d),
    lambda m, s, d, e: d.smm(d),
])
def test_sparse_product_errors_match_torch(call):
    _same_error(lambda m: call(m, *_operands(m)))


def test_hspmm_of_a_dense_matrix_is_not_implemented():
    _, dense, _ = _operands(ember)
    with pytest.raises(NotImplementedError, match="hspmm"):
        ember.hspmm(dense, dense)


def test_sparse_products_keep_only_rows_with_entries():
    indices = np.array([[1, 1], [0, 3]])
    sparse = ember.sparse_coo_tensor(ember.tensor(indices), ember.tensor([2.0, -1.0]), (4, 4))
    dense = ember.arange(8.0).reshape(4, 2)
    out = ember.hspmm(sparse, dense)
    assert out._indices().tolist() == [[1]]
    assert out._values().tolist() == [[2 * 0.0 - 6.0, 2 * 1.0 - 7.0]]


@requires_torch
def test_hspmm_and_dsmm_write_into_out_as_torch_does():
    def run(m):
        sparse, dense, _ = _operands(m)
        sparse_out = m.empty(0, dtype=m.float64).to_sparse()
        dense_out = m.empty(3, 2, dtype=m.float64)
        first = m.hspmm(sparse, dense, out=sparse_out)
        second = m.dsmm(sparse, dense, out=dense_out)
        assert first is sparse_out and second is dense_out
        return sparse_out._indices(), sparse_out._values(), dense_out, tuple(sparse_out.shape)
    ours, theirs = run(ember), run(TORCH)
    assert_close(list(ours[:3]), list(theirs[:3]))
    assert ours[3] == theirs[3]

    def wrong_dtype(m):
        sparse, dense, _ = _operands(m)
        m.hspmm(sparse, dense, out=m.empty(0).to_sparse())
    _same_error(wrong_dtype)
    with pytest.raises(RuntimeError):
        sparse, dense, _ = _operands(ember)
        ember.hspmm(sparse, dense, out=ember.empty(3, 2, dtype=ember.float64))
