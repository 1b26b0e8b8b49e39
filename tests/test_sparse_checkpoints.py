"""Sparse COO and CSR tensors in checkpoints (torch's form, both ways) and sparse.addmm as
torch's one SparseAddmmBackward0 node."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

DENSE = [[1.0, 0.0, 2.0], [0.0, 0.0, 3.0], [4.0, 5.0, 0.0]]


def _quiet(build):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # beta-state and invariant warnings
        return build()


@requires_torch
@pytest.mark.parametrize("make", [lambda lib: lib.tensor(DENSE).to_sparse(),
                                  lambda lib: lib.tensor(DENSE).to_sparse().t(),
                                  lambda lib: lib.tensor(DENSE).to_sparse_csr()],
                         ids=["coo", "coo-uncoalesced-transpose", "csr"])
def test_sparse_tensors_move_between_ember_and_torch_checkpoints(make, tmp_path):
    # torch writes _rebuild_sparse_tensor(layout, parts), which weights_only loads accept
    ours, theirs = _quiet(lambda: make(ember)), _quiet(lambda: make(TORCH))
    ember.save({"s": ours}, tmp_path / "ember.pt")
    TORCH.save({"s": theirs}, tmp_path / "torch.pt")
    from_ember = TORCH.load(tmp_path / "ember.pt", weights_only=True, map_location="cpu")["s"]
    from_torch = _quiet(lambda: ember.load(tmp_path / "torch.pt")["s"])
    assert str(from_ember.layout) == str(theirs.layout)
    assert from_ember.to_dense().tolist() == theirs.to_dense().tolist()
    assert from_torch.layout is ours.layout
    assert from_torch.to_dense().tolist() == ours.to_dense().cpu().tolist()
    assert repr(from_torch) == repr(ours.to("cpu"))


def test_a_sparse_checkpoint_round_trips_and_a_bad_index_is_refused(tmp_path):
    # the parts are checked as torch checks them on load: an index past the size is an error
    sparse = ember.tensor(DENSE).to_sparse()
    ember.save(sparse, tmp_path / "good.pt")
    assert ember.load(tmp_path / "good.pt").to_dense().tolist() == DENSE
    sparse._sparse_indices._data[0, 0] = 7
    ember.save(sparse, tmp_path / "bad.pt")
    with pytest.raises(RuntimeError, match="size is inconsistent with indices"):
        ember.load(tmp_path / "bad.pt")


def test_sparse_addmm_is_one_node_with_every_gradient():
    mat = ember.tensor(np.linspace(0, 1, 6).reshape(3, 2), requires_grad=True)
    x = ember.tensor(np.linspace(-1, 1, 6).reshape(3, 2), requires_grad=True)
    values = ember.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=ember.float64, requires_grad=True)

    def csr(v):
        return _quiet(lambda: ember.sparse_csr_tensor(ember.tensor([0, 2, 3, 5]),
                                                      ember.tensor([0, 2, 2, 0, 1]), v, (3, 3)))
    out = ember.sparse.addmm(mat, csr(values), x, beta=0.5, alpha=2.0)
    assert type(out.grad_fn).__name__ == "SparseAddmmBackward0"
    check_gradients(lambda m, v, d: ember.sparse.addmm(m, csr(v), d, beta=0.5, alpha=2.0),
                    mat, values, x, second_order=False)
    coo = ember.tensor(DENSE, dtype=ember.float64).to_sparse()
    assert ember.allclose(ember.sparse.addmm(mat, coo, x, beta=0.5, alpha=2.0),
                          mat * 0.5 + 2.0 * (coo.to_dense() @ x))
