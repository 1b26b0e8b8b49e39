"""Inside ``vmap``, a tensor that holds one sample of the batch (a sliced input, or anything
computed from one) refuses to give up its value as torch's batched tensors do: ``.item()``,
``float()``, ``bool()`` (data-dependent control flow), ``.tolist()``, ``.numpy()`` and
value-sized ops raise torch's RuntimeError; tensors outside the batch still work."""
import pytest

import ember
from tests.conftest import TORCH, requires_torch

READS = {
    "item": lambda t: t.sum().item(),
    "float": lambda t: float(t.sum()),
    "int": lambda t: int(t.sum()),
    "complex": lambda t: complex(t.sum()),
    "index": lambda t: [1, 2, 3][t.long().sum()],
    "bool": lambda t: bool(t.sum()),
    "if": lambda t: t if t.sum() > 0 else -t,
    "tolist": lambda t: t.tolist(),
    "numpy": lambda t: t.numpy(),
    "data_ptr": lambda t: t.data_ptr(),
    "nonzero": lambda t: t.nonzero(),
    "scaled_by_item": lambda t: t * t.max().item(),
    "after_inplace": lambda t: ember_or_torch(t).zeros(3).add_(t).sum().item(),
    "iadd_into_unbatched": lambda t: _iadd(ember_or_torch(t).zeros(3), t),
    "setitem_into_unbatched": lambda t: _setitem(ember_or_torch(t).zeros(3), t),
    "returns_str": lambda t: repr(t),
}


def _iadd(z, t):
    z += t
    return z


def _setitem(z, t):
    z[0] = t[0]
    return z


def ember_or_torch(t):
    return ember if isinstance(t, ember.Tensor) else TORCH


def _outcome(lib, name):
    try:
        result = lib.func.vmap(READS[name])(lib.ones(2, 3))
    except Exception as error:  # noqa: BLE001 - the type and message are what is compared
        return type(error).__name__, str(error)
    return "value", result.tolist()


@requires_torch
@pytest.mark.parametrize("name", READS)
def test_reading_a_batched_value_raises_as_torch(name):
    assert _outcome(ember, name) == _outcome(TORCH, name)


def test_item_on_a_batched_tensor_raises():
    with pytest.raises(RuntimeError, match=r"calling \.item\(\) on a Tensor"):
        ember.func.vmap(lambda t: t * t.sum().item())(ember.ones(2, 3))
    with pytest.raises(RuntimeError, match="data-dependent control flow"):
        ember.func.vmap(lambda t: t if t.sum() > 0 else -t)(ember.ones(2, 3))


def test_tensors_outside_the_batch_still_give_their_values():
    scale = ember.tensor(2.0)
    out = ember.func.vmap(lambda t: t * scale.item() + ember.ones(3).sum().item())(
        ember.ones(2, 3))
    assert out.tolist() == [[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]
    assert ember.ones(2).sum().item() == 2.0  # and after the call


def test_unmapped_inputs_are_not_batched():
    out = ember.func.vmap(lambda t, w: t * w.sum().item(), in_dims=(0, None))(
        ember.ones(2, 3), ember.ones(4))
    assert out.tolist() == [[4.0] * 3] * 2
