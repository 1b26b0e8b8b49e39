"""Every optimizer given a sparse gradient (``nn.Embedding(sparse=True)``) does what torch does:
the dense-only ones raise torch's RuntimeError before touching a parameter, SGD, Adagrad,
LBFGS and SparseAdam update as torch's do."""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax", "ASGD", "NAdam", "RAdam",
              "RMSprop", "Rprop", "LBFGS", "SparseAdam", "Adafactor"]


def _train(lib, name, steps=3, **kwargs):
    """A few steps of a sparse embedding; the weights after them, or the error raised."""
    lib.manual_seed(0)
    # Drawn on the CPU, whose stream is torch's, then moved to the default device.
    embedding = lib.nn.Embedding(6, 3, sparse=True, device="cpu").to(lib.get_default_device())
    optimizer = getattr(lib.optim, name)(embedding.parameters(), **kwargs)
    batches = [[1, 2, 2], [0, 5], [2, 3, 1]]

    def closure(rows):
        optimizer.zero_grad()
        loss = (embedding(lib.tensor(rows)) ** 2).sum()
        loss.backward()
        return loss

    try:
        for rows in batches[:steps]:
            if name == "LBFGS":
                optimizer.step(lambda rows=rows: closure(rows))
            else:
                closure(rows)
                optimizer.step()
    except RuntimeError as error:
        return type(error).__name__, str(error), embedding.weight.detach().cpu().numpy().copy()
    return embedding.weight.detach().cpu().numpy().copy()


@requires_torch
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_sparse_gradient_matches_torch(name):
    kwargs = {"lr": 0.1} if name != "LBFGS" else {"lr": 0.5, "max_iter": 3}
    with warnings.catch_warnings():
        # torch warns that its sparse invariant checks are off (an implementation detail).
        warnings.simplefilter("ignore", UserWarning)
        theirs = _train(TORCH, name, **kwargs)
    ours = _train(ember, name, **kwargs)
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple), f"{name} accepted a sparse gradient torch refuses"
        assert ours[:2] == theirs[:2]
        # Refused before any update: the weights are the initial ones.
        np.testing.assert_array_equal(ours[2], theirs[2])
    else:
        assert not isinstance(ours, tuple), ours[:2]
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


@requires_torch
@pytest.mark.parametrize("kwargs", [{"lr": 0.1, "lr_decay": 0.05, "maximize": True},
                                    {"lr": 0.2, "initial_accumulator_value": 0.3, "eps": 1e-3},
                                    {"lr": 0.1, "weight_decay": 0.1}])
def test_adagrad_sparse_rule_and_errors_match_torch(kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = _train(TORCH, "Adagrad", **kwargs)
    ours = _train(ember, "Adagrad", **kwargs)
    if isinstance(theirs, tuple):
        assert ours[:2] == theirs[:2]
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_dense_only_optimizer_refuses_before_any_update():
    embedding = ember.nn.Embedding(4, 2, sparse=True)
    dense = ember.nn.Linear(2, 2)
    before = dense.weight.detach().clone()
    optimizer = ember.optim.Adam(list(dense.parameters()) + list(embedding.parameters()))
    (dense(embedding(ember.tensor([1, 3]))).sum()).backward()
    with pytest.raises(RuntimeError, match="please consider SparseAdam instead"):
        optimizer.step()
    assert ember.equal(dense.weight, before)
