"""A CSR or CSC tensor pickled by an ember from before the compressed layouts shared one module
names ``ember.sparse._csr._rebuild_csr`` / ``ember.sparse._csc._rebuild_csc`` with the tensor's
(indices, values, shape); such pickles still load, with the same entries."""
import pickle
import warnings

import pytest

import ember


class _OldPickle:
    """Pickles as the earlier ember pickled a compressed tensor."""

    def __init__(self, rebuild, tensor):
        self.args = (rebuild, (tensor._sparse_indices, tensor._sparse_values.detach(),
                               tensor._sparse_shape))

    def __reduce__(self):
        return self.args


@pytest.mark.parametrize("layout", ["csr", "csc"])
def test_a_compressed_tensor_pickled_by_the_earlier_module_loads(layout):
    import importlib
    dense = ember.tensor([[0.0, 2.0, 0.0], [3.0, 0.0, 4.0]])
    with warnings.catch_warnings():  # CSR's warn-once beta notice, whichever test ran first
        warnings.simplefilter("ignore")
        sparse = getattr(dense, f"to_sparse_{layout}")()
    module = importlib.import_module(f"ember.sparse._{layout}")
    data = pickle.dumps(_OldPickle(getattr(module, f"_rebuild_{layout}"), sparse))
    assert f"ember.sparse._{layout}".encode() in data
    loaded = pickle.loads(data)
    assert loaded.layout is sparse.layout
    assert ember.equal(loaded.to_dense().cpu(), dense.cpu())
    assert repr(loaded) == repr(sparse)
