"""ember.masked against torch.masked: values, gradients, graphs and dtypes of every masked
reduction and normalization, over masks that select some, all or none of a row."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, assert_close, requires_torch

import ember
from ember.autograd.gradcheck import gradcheck

pytestmark = requires_torch

VALUES = np.array([[1.5, -2.0, 3.0, 0.5], [4.0, 5.0, -6.0, 2.5], [0.1, 0.2, 0.3, 0.4]])
MASKS = {"some": [[True, False, True, True], [False, False, True, False],
                  [False, False, False, False]],
         "all": None,
         "row": [[True, False, True, False]]}

REDUCTIONS = [("sum", (1,), {}), ("sum", (), {}), ("sum", ((0, 1),), {"keepdim": True}),
              ("mean", (1,), {}), ("mean", (), {}), ("mean", (0,), {"keepdim": True}),
              ("amax", (1,), {}), ("amin", (0,), {}), ("amax", (), {}),
              ("argmax", (1,), {}), ("argmin", (1,), {"keepdim": True}),
              ("prod", (1,), {}), ("prod", (), {}),
              ("var", (1,), {}), ("var", (1,), {"unbiased": False}),
              ("var", (0,), {"correction": 0}),
              ("std", (1,), {}), ("std", (), {"unbiased": False}),
              ("norm", (2.0, 1), {}), ("norm", (1.0,), {}), ("norm", (float("inf"), 0), {}),
              ("normalize", (2.0, 1), {}), ("logsumexp", (1,), {}), ("logsumexp", (), {}),
              ("median", (1,), {}), ("median", (0,), {"keepdim": True}),
              ("softmax", (1,), {}), ("log_softmax", (0,), {}), ("softmin", (1,), {}),
              ("cumsum", (1,), {}), ("cumprod", (0,), {}),
              ("sum", (1,), {"dtype": "float64"}), ("softmax", (1,), {"dtype": "float64"})]


def _call(lib, name, args, kwargs, mask, requires_grad=False):
    x = lib.tensor(VALUES, dtype=lib.float32, requires_grad=requires_grad)
    kwargs = {k: getattr(lib, v) if k == "dtype" else v for k, v in kwargs.items()}
    if mask is not None:
        kwargs["mask"] = lib.tensor(mask)
    return x, getattr(lib.masked, name)(x, *args, **kwargs)


@pytest.mark.parametrize(("name", "args", "kwargs"), REDUCTIONS)
@pytest.mark.parametrize("mask", list(MASKS.values()), ids=list(MASKS))
def test_masked_matches_torch(name, args, kwargs, mask):
    x, ours = _call(ember, name, args, kwargs, mask, requires_grad=True)
    y, theirs = _call(TORCH, name, args, kwargs, mask, requires_grad=True)
    assert_close(ours, theirs.detach(), rtol=1e-5, atol=1e-6)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch", "ember")
    if theirs.grad_fn is None:
        assert ours.grad_fn is None
        return
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    weights = np.linspace(0.5, 1.5, theirs.numel()).reshape(tuple(theirs.shape))
    finite = np.isfinite(theirs.detach().numpy())
    weights = np.where(finite, weights, 0.0)
    (ours * ember.tensor(weights, dtype=ours.dtype)).sum().backward()
    (theirs * TORCH.tensor(weights, dtype=theirs.dtype)).sum().backward()
    ours_grad, theirs_grad = x.grad.cpu().numpy(), y.grad.numpy()
    both = np.isfinite(theirs_grad)
    assert (np.isfinite(ours_grad) == both).all()
    np.testing.assert_allclose(ours_grad[both], theirs_grad[both], rtol=1e-5, atol=1e-5)


def test_logaddexp_and_integers():
    for lib in (ember, TORCH):
        x = lib.tensor([[1., 2.], [3., 4.]])
        m = lib.tensor([[True, False], [False, True]])
        out = lib.masked.logaddexp(x, x * 2, input_mask=m, other_mask=~m)
        assert out.tolist() == [[1.0, 4.0], [6.0, 4.0]]
        ints = lib.tensor([[1, 2], [3, 4]])
        none = lib.tensor([[False, False], [True, False]])
        assert lib.masked.amax(ints, 1, mask=none).tolist() == [-(2 ** 63), 3]
        assert lib.masked.sum(ints, 1, mask=none).tolist() == [0, 3]


def test_mask_must_broadcast():
    for lib in (ember, TORCH):
        x = lib.ones(2, 3)
        with pytest.raises(RuntimeError, match="expanded size"):
            lib.masked.sum(x, 1, mask=lib.ones(3, 2, dtype=lib.bool))


@pytest.mark.parametrize("name", ["sum", "mean", "var", "norm", "softmax", "logsumexp"])
def test_gradcheck(name):
    x = ember.tensor(VALUES, dtype=ember.float64, requires_grad=True)
    mask = ember.tensor(MASKS["row"])
    args = (2.0, 1) if name == "norm" else (1,)
    assert gradcheck(lambda t: getattr(ember.masked, name)(t, *args, mask=mask), (x,))
