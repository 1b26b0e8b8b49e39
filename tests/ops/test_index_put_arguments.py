"""index_put / index_put_ take a tuple (or list) of tensors only, as torch's argument parser
does: a slice, int, None, list or Ellipsis among them (which ``x[...]`` accepts) raises its
TypeError, whose argument numbers differ between the method and the function."""
from __future__ import annotations

import warnings

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


# One value under one uint8 mask: torch's index_put_ writes it as masked_fill_ (as
# ``self[mask] = value`` does), which refuses a uint8 mask (it was written as a mask, silently);
# several values and accumulate=True still take the deprecated uint8 mask.
@pytest.mark.parametrize("call", [
    lambda x, m: x.index_put_((m,), ember.tensor(2.0)),
    lambda x, m: x.index_put_((m,), ember.tensor([2.0])),
    lambda x, m: ember.index_put(x, (m,), ember.tensor(2.0)),
    lambda x, m: x.index_put((m,), ember.tensor(2.0)),
    lambda x, m: ember.index_put_(x, (m,), ember.tensor(2.0))])
def test_index_put_one_value_under_a_uint8_mask(call):
    x, mask = ember.zeros(2, 3), ember.tensor([1, 0], dtype=ember.uint8)
    with pytest.raises(RuntimeError, match="^masked_fill_ only supports boolean masks, but got "
                                           "mask with dtype unsigned char$"):
        call(x, mask)
    assert x.sum().item() == 0


def test_uint8_masks_that_index_put_still_takes():
    mask = ember.tensor([1, 0], dtype=ember.uint8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # uint8 indexing is deprecated
        added = ember.zeros(2, 3).index_put_((mask,), ember.tensor(2.0), accumulate=True)
        rows = ember.zeros(2, 3).index_put_((mask,), ember.ones(3))
    assert added.tolist() == rows.mul(2).tolist() == [[2.0] * 3, [0.0] * 3]
