"""Embedding(sparse=True) / EmbeddingBag(sparse=True): the weight's gradient is a sparse COO
tensor laid out as torch lays it out, it accumulates as torch's does, and SGD (with momentum,
nesterov, maximize) and SparseAdam apply it as torch does."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

LIBS = [pytest.param(ember, id="ember"),
        pytest.param(TORCH, id="torch", marks=requires_torch)]


def _layout(grad):
    """What a program can print of a sparse gradient: its entries in order, size and nnz."""
    return {"indices": grad._indices().tolist(), "values": np.round(
        grad._values().detach().cpu().numpy().astype(np.float64), 5).tolist(),
            "size": list(grad.shape), "nnz": grad._nnz(), "sparse": grad.is_sparse,
            "coalesced": grad.is_coalesced(), "dtype": str(grad.dtype).split(".")[-1]}


def _embedding_case(lib, padding_idx, shape, dtype):
    lib.manual_seed(0)
    table = lib.nn.Embedding(6, 3, padding_idx=padding_idx, sparse=True, dtype=dtype)
    index = lib.tensor(np.array([[0, 2, 5, 2], [1, 0, 3, 1], [4, 4, 0, 2]]).reshape(shape))
    (table(index) * lib.arange(3.0, dtype=dtype)).sum().backward()
    return _layout(table.weight.grad)


@requires_torch
@pytest.mark.parametrize("padding_idx", [None, 2, -1])
@pytest.mark.parametrize("shape", [(12,), (3, 4), (2, 3, 2)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_embedding_sparse_gradient_is_torchs(padding_idx, shape, dtype):
    ours = _embedding_case(ember, padding_idx, shape, getattr(ember, dtype))
    assert ours == _embedding_case(TORCH, padding_idx, shape, getattr(TORCH, dtype))
    assert ours["sparse"] and not ours["coalesced"]


def _bag_case(lib, mode, padding_idx, weighted, last_offset):
    lib.manual_seed(0)
    bag = lib.nn.EmbeddingBag(6, 2, mode=mode, sparse=True, padding_idx=padding_idx,
                              include_last_offset=last_offset)
    flat = lib.tensor([0, 2, 5, 2, 1, 0, 3])
    offsets = lib.tensor([0, 3, 5, 7] if last_offset else [0, 3, 5])
    weights = lib.tensor([0.5, 1.0, 2.0, -1.0, 3.0, 0.25, 1.5]) if weighted else None
    out = bag(flat, offsets, per_sample_weights=weights)
    (out * lib.tensor([1.0, -2.0])).sum().backward()
    return _layout(bag.weight.grad)


@requires_torch
@pytest.mark.parametrize("mode, weighted", [("sum", False), ("sum", True), ("mean", False)])
@pytest.mark.parametrize("padding_idx", [None, 2])
@pytest.mark.parametrize("last_offset", [False, True])
def test_embedding_bag_sparse_gradient_is_torchs(mode, weighted, padding_idx, last_offset):
    assert _bag_case(ember, mode, padding_idx, weighted, last_offset) == \
        _bag_case(TORCH, mode, padding_idx, weighted, last_offset)


@pytest.mark.parametrize("padding_idx", [None, 0, 3])
@pytest.mark.parametrize("bag_mode", [None, "sum", "mean"])
def test_sparse_gradient_densifies_to_the_dense_gradient(padding_idx, bag_mode):
    """The sparse gradient holds the same numbers as the dense one, for random lookups."""
    rng = np.random.default_rng(7)
    index = ember.tensor(rng.integers(0, 5, size=(4, 6)))
    upstream = ember.tensor(rng.standard_normal((4, 6, 3) if bag_mode is None else (4, 3)))
    weights = rng.standard_normal((5, 3))
    grads = []
    for sparse in (False, True):
        weight = ember.tensor(weights, requires_grad=True)
        if bag_mode is None:
            out = ember.nn.functional.embedding(index, weight, padding_idx, sparse=sparse)
        else:
            out = ember.nn.functional.embedding_bag(index, weight, mode=bag_mode, sparse=sparse,
                                                    padding_idx=padding_idx)
        (out * upstream).sum().backward()
        grads.append(weight.grad)
    dense, sparse = grads
    assert sparse.is_sparse and not dense.is_sparse
    np.testing.assert_allclose(sparse.to_dense().cpu().numpy(), dense.cpu().numpy(), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(sparse.coalesce().to_dense().cpu().numpy(), dense.cpu().numpy(),
                               rtol=1e-12,
                               atol=1e-12)


def _accumulation(lib):
    lookup = lib.nn.functional.embedding
    index = lib.tensor([0, 1, 3])
    out = {}
    weight = lib.zeros(5, 2, requires_grad=True)
    lookup(index, weight, sparse=True).sum().backward()
    lookup(lib.tensor([3, 4]), weight, sparse=True).mul(2).sum().backward()
    # The order and count of the uncoalesced entries is torch's implementation detail (its
    # merge differs for contiguous and non-contiguous values): the coalesced tensor is compared.
    out["sparse+sparse"] = (weight.grad.is_sparse, _layout(weight.grad.coalesce()))
    weight.grad = None
    lookup(index, weight, sparse=True).sum().backward()
    (weight * 3).sum().backward()
    out["sparse then dense"] = (weight.grad.is_sparse, weight.grad.tolist())
    weight.grad = None
    (weight * 3).sum().backward()
    lookup(index, weight, sparse=True).sum().backward()
    out["dense then sparse"] = (weight.grad.is_sparse, weight.grad.tolist())
    both = lookup(index, weight, sparse=True).sum() + lookup(index[:2], weight, sparse=True).sum()
    (grad,) = lib.autograd.grad(both, weight)
    out["autograd.grad"] = (grad.is_sparse, _layout(grad.coalesce()))
    return out


@requires_torch
def test_sparse_gradients_accumulate_as_torchs():
    assert _accumulation(ember) == _accumulation(TORCH)


def _train(lib, optimizer_name, options, steps=4):
    lib.manual_seed(3)
    # Drawn on the CPU, whose stream is torch's, then moved to the device the batches are on.
    table = lib.nn.Embedding(7, 3, sparse=True, device="cpu").to(lib.get_default_device())
    optimizer = getattr(lib.optim, optimizer_name)(table.parameters(), **options)
    batches = [lib.tensor([[0, 2, 2], [5, 1, 0]]), lib.tensor([[3, 3, 6]]),
               lib.tensor([[6, 0, 4], [2, 2, 2]])]
    losses = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = table(batches[step % len(batches)]).pow(2).sum()
        loss.backward()
        optimizer.step()
        losses.append(round(loss.item(), 4))
    return losses, table.weight.detach().cpu().numpy().astype(np.float64)


@requires_torch
@pytest.mark.parametrize("optimizer_name, options", [
    ("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.1, "nesterov": False}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "maximize": True}),
    ("SparseAdam", {"lr": 0.05}), ("SparseAdam", {"lr": 0.05, "betas": (0.8, 0.9)}),
    ("SparseAdam", {"lr": 0.05, "maximize": True}),
], ids=lambda value: str(value) if isinstance(value, str) else "-".join(map(str, value)))
def test_optimizers_apply_sparse_gradients_as_torch(optimizer_name, options):
    our_losses, our_weight = _train(ember, optimizer_name, options)
    their_losses, their_weight = _train(TORCH, optimizer_name, options)
    assert our_losses == pytest.approx(their_losses, rel=1e-5)
    np.testing.assert_allclose(our_weight, their_weight, rtol=1e-5, atol=1e-6)


def _error(lib, action):
    with pytest.raises(Exception) as info:
        action(lib)
    return type(info.value), str(info.value).replace("torch.", "ember.")


def _sgd_weight_decay(lib):
    table = lib.nn.Embedding(4, 2, sparse=True)
    table(lib.tensor([1])).sum().backward()
    lib.optim.SGD(table.parameters(), lr=0.1, weight_decay=0.1).step()


def _sparse_adam_dense_grad(lib):
    table = lib.nn.Embedding(4, 2)
    table(lib.tensor([1])).sum().backward()
    lib.optim.SparseAdam(table.parameters()).step()


@requires_torch
@pytest.mark.parametrize("action", [
    lambda lib: lib.nn.functional.embedding(lib.tensor([1, 1]), lib.ones(3, 2,
                                                                         requires_grad=True),
                                            scale_grad_by_freq=True, sparse=True).sum().backward(),
    lambda lib: lib.nn.functional.embedding_bag(lib.tensor([[1, 2]]), lib.ones(3, 2),
                                                mode="max", sparse=True),
    _sgd_weight_decay, _sparse_adam_dense_grad,
    lambda lib: lib.ones(3, 2).add_(lib.ones(4, 2).to_sparse()),
    lambda lib: lib.add(lib.ones(3, 2), lib.ones(4, 2).to_sparse()),
    lambda lib: lib.ones(4, 2).to_sparse().add_(lib.ones(4, 2)),
], ids=["scale_grad_by_freq", "bag-max", "sgd-weight-decay", "sparse-adam-dense",
        "add_-size", "add-size", "sparse-add_-dense"])
def test_errors_as_torch(action):
    assert _error(ember, action) == _error(TORCH, action)


@pytest.mark.parametrize("lib", LIBS)
def test_zero_grad_without_none_empties_a_sparse_gradient(lib):
    table = lib.nn.Embedding(4, 2, sparse=True)
    table(lib.tensor([1, 3])).sum().backward()
    table.zero_grad(set_to_none=False)
    grad = table.weight.grad
    assert grad.is_sparse and grad._nnz() == 0 and list(grad.shape) == [4, 2]
    assert grad.to_dense().abs().sum().item() == 0


def test_dense_add_of_sparse_touches_only_the_entries_in_place():
    dense = ember.zeros(1000, 4)
    version = dense._version
    sparse = ember.sparse_coo_tensor([[3, 998, 3]], ember.ones(3, 4), (1000, 4))
    same = dense.add_(sparse, alpha=-0.5)
    assert same is dense and dense._version == version + 1
    expected = np.zeros((1000, 4))
    expected[3], expected[998] = -1.0, -0.5
    np.testing.assert_array_equal(dense.cpu().numpy(), expected)
    dense.sub_(sparse)
    expected[3], expected[998] = -3.0, -1.5
    np.testing.assert_array_equal(dense.cpu().numpy(), expected)
    np.testing.assert_array_equal(ember.add(dense, sparse, alpha=2).cpu().numpy(), expected + 2 *
                                  sparse.to_dense().cpu().numpy())


def test_dense_plus_sparse_is_differentiable_in_both():
    dense = ember.randn(3, 2, dtype=ember.float64, requires_grad=True)
    values = ember.randn(2, 2, dtype=ember.float64, requires_grad=True)

    def fn(dense, values):
        return ember.add(dense, ember.sparse_coo_tensor([[0, 2]], values, (3, 2)), alpha=1.5)

    assert ember.autograd.gradcheck(fn, (dense, values))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int16", "uint8", "bool",
                                   "complex64", "bfloat16"])
def test_embedding_of_non_integer_indices_names_the_type_as_torch(dtype):
    def message(lib):
        lib.manual_seed(0)
        with pytest.raises(RuntimeError) as caught:
            lib.nn.Embedding(10, 3)(lib.zeros(2, dtype=getattr(lib, dtype)))
        return str(caught.value).replace("torch.", "ember.")
    assert message(ember) == message(TORCH)
