"""index_put / index_put_ take a tuple (or list) of tensors only, as torch's argument parser
does: a slice, int, None, list or Ellipsis among them (which ``x[...]`` accepts) raises its
TypeError, whose argument numbers differ between the method and the function."""
from __future__ import annotations

import pytest
from conftest import TORCH

import ember

INDICES = {
    "slice": lambda lib: (slice(None), lib.tensor([0])),
    "none": lambda lib: (lib.tensor([0]), None),
    "int": lambda lib: (0, lib.tensor([1])),
    "list": lambda lib: ([0, 1], lib.tensor([1, 2])),
    "ellipsis": lambda lib: (Ellipsis,),
    "bare tensor": lambda lib: lib.tensor([1]),
    "bare int": lambda lib: 3,
}
CALLS = {
    "method": lambda lib, x, i: x.index_put(i, lib.tensor(1.0)),
    "method_": lambda lib, x, i: x.index_put_(i, lib.tensor(1.0)),
    "function": lambda lib, x, i: lib.index_put(x, i, lib.tensor(1.0)),
    "function_": lambda lib, x, i: lib.index_put_(x, i, lib.tensor(1.0)),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("kind", sorted(INDICES))
def test_non_tensor_indices_raise_torchs_type_error(kind, call):
    with pytest.raises(TypeError) as ours:
        CALLS[call](ember, ember.zeros(2, 3), INDICES[kind](ember))
    message = str(ours.value)
    assert "Tensor" in message
    if TORCH is not None:
        with pytest.raises(TypeError) as theirs:
            CALLS[call](TORCH, TORCH.zeros(2, 3), INDICES[kind](TORCH))
        assert message == str(theirs.value)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_tensor_tuples_and_lists_still_write(call):
    for wrap in (tuple, list):
        x = ember.zeros(2, 3)
        out = CALLS[call](ember, x, wrap([ember.tensor([1]), ember.tensor([2])]))
        assert out.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
        assert (x is out) == call.endswith("_")
