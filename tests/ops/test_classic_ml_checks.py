"""Argument checks that classical-ML code trips over, as torch makes them (found writing
tests/scripts/c21_ml_error_paths.py): searchsorted's sorter (int64, the boundaries' shape,
indices in range), bincount's minlength and weights (and the float64 sum of half weights),
var/std with both unbiased and correction, cosine_embedding_loss's input/target dims, and
bernoulli on a bad p spending the draws torch's kernel spends before it raises."""
from __future__ import annotations

import pytest
from conftest import TORCH, cpu_only, requires_torch

import ember


def _cases(lib):
    e = lib.tensor([0.0, 1.0, 2.0])
    v = lib.tensor([1.0])
    return {
        "sorter int32": lambda: lib.searchsorted(e, v, sorter=lib.tensor([0, 1, 2],
                                                                         dtype=lib.int32)),
        "sorter float": lambda: lib.searchsorted(e, v, sorter=lib.tensor([0.0, 1.0, 2.0])),
        "sorter past end": lambda: lib.searchsorted(e, v, sorter=lib.tensor([0, 1, 5])),
        "sorter negative": lambda: lib.searchsorted(e, v, sorter=lib.tensor([0, -1, 2])),
        "sorter short": lambda: lib.searchsorted(e, v, sorter=lib.tensor([0, 1])),
        "sorter 2-d": lambda: lib.searchsorted(e, v, sorter=lib.tensor([[0, 1, 2]])),
        "bincount minlength": lambda: lib.bincount(lib.tensor([0]), minlength=-1),
        "bincount weights long": lambda: lib.bincount(lib.tensor([0, 1]), weights=lib.ones(3)),
        "bincount weights 2-d": lambda: lib.bincount(lib.tensor([0, 1]),
                                                     weights=lib.ones(2, 1)),
        "var both": lambda: lib.var(lib.tensor([1.0, 2.0]), unbiased=True, correction=1),
        "std both": lambda: lib.std(lib.tensor([1.0, 2.0]), unbiased=False, correction=0),
        "var_mean both": lambda: lib.var_mean(lib.tensor([1.0, 2.0]), unbiased=False,
                                              correction=0),
        "cosine 3-d inputs": lambda: lib.nn.functional.cosine_embedding_loss(
            lib.ones(3, 2, 2), lib.ones(3, 2, 2), lib.ones(3)),
        "cosine 2-d target": lambda: lib.nn.functional.cosine_embedding_loss(
            lib.ones(3, 2), lib.ones(3, 2), lib.ones(3, 1)),
        "cosine 0-d target": lambda: lib.nn.functional.cosine_embedding_loss(
            lib.ones(3, 2), lib.ones(3, 2), lib.ones(())),
        "cosine 1-d inputs": lambda: lib.nn.functional.cosine_embedding_loss(
            lib.ones(2), lib.ones(2), lib.ones(2)),
        "bernoulli long": lambda: lib.bernoulli(lib.tensor([0, 1])),
    }


EXPECTED = {
    "sorter int32": (RuntimeError, "sorter must be a tensor of long dtype but got dtype Int"),
    "sorter float": (RuntimeError, "sorter must be a tensor of long dtype but got dtype Float"),
    "sorter past end": (RuntimeError, "sorter index out of range"),
    "sorter negative": (RuntimeError, "sorter index out of range"),
    "sorter short": (RuntimeError, "boundary and sorter must have the same size"),
    "sorter 2-d": (RuntimeError, "boundary and sorter must have the same size"),
    "bincount minlength": (RuntimeError, "minlength should be >= 0"),
    "bincount weights long": (RuntimeError, "weights should be 1-d and have the same length"),
    "bincount weights 2-d": (RuntimeError, "weights should be 1-d and have the same length"),
    "var both": (TypeError, "var() received an invalid combination of arguments"),
    "std both": (TypeError, "std() received an invalid combination of arguments"),
    "var_mean both": (TypeError, "var_mean() received an invalid combination of arguments"),
    "cosine 3-d inputs": (RuntimeError, "1D target tensor expects 2D input tensors"),
    "cosine 2-d target": (RuntimeError, "0D or 1D target tensor expected"),
    "cosine 0-d target": (RuntimeError, "0D target tensor expects 1D input tensors"),
    "cosine 1-d inputs": (RuntimeError, "1D target tensor expects 2D input tensors"),
    "bernoulli long": (NotImplementedError, "\"bernoulli_tensor_cpu_p_\" not implemented for "
                                            "'Long'"),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_arguments_raise(case):
    kind, text = EXPECTED[case]
    with pytest.raises(kind) as caught:
        _cases(ember)[case]()
    assert text in str(caught.value)


# (var/std are called as functions with keywords: a method call or a positional dim changes
# torch's "got (...)" line, which ember cannot see)
@requires_torch
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_messages_match_torch(case):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(Exception) as caught:
            _cases(lib)[case]()
        messages.append((type(caught.value), str(caught.value).replace("torch.", "ember.")))
    assert messages[0] == messages[1]


@requires_torch
def test_bincount_weight_dtypes_match_torch():
    for name in ("float16", "float32", "float64", "int64", "bool"):
        ours = ember.bincount(ember.tensor([0, 1, 1]),
                              weights=ember.tensor([1, 0, 1]).to(getattr(ember, name)))
        theirs = TORCH.bincount(TORCH.tensor([0, 1, 1]),
                                weights=TORCH.tensor([1, 0, 1]).to(getattr(TORCH, name)))
        assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
        assert ours.tolist() == theirs.tolist()


@cpu_only("compares the CPU generator's stream with torch's; the stand-in device draws from "
          "its own generator")
@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("probs", [[0.5, 1.5], [1.5, 0.5], [0.5, 0.5, 0.5, -0.5],
                                   [[0.2, 0.3], [float("nan"), 0.1]]])
def test_bernoulli_error_spends_the_draws_torch_spends(probs, dtype):
    streams = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        with pytest.raises(RuntimeError, match="Expected p_in >= 0 && p_in <= 1"):
            lib.bernoulli(lib.tensor(probs, dtype=getattr(lib, dtype)))
        streams.append(lib.rand(3).tolist())
    assert streams[0] == streams[1]


def test_searchsorted_with_a_valid_sorter_still_works():
    seq = ember.tensor([40.0, 25.0, 60.0, 33.0])
    got = ember.searchsorted(seq, ember.tensor([30.0, 40.0, 70.0]), sorter=seq.argsort())
    assert got.tolist() == [1, 2, 4]
