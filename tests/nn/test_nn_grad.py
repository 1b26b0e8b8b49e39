"""nn.grad's convolution gradients against torch's, and gradcheck of their own derivatives."""
import numpy as np
import pytest

import ember
from tests.conftest import TORCH, requires_torch

CASES = [(1, (2, 2, 9), (6, 2, 3), {"stride": 2, "padding": 1}),
         (2, (1, 4, 7, 6), (6, 2, 3, 2), {"groups": 2, "dilation": (2, 1)}),
         (3, (1, 2, 5, 4, 4), (3, 2, 2, 3, 2), {"padding": (1, 0, 1)})]


@requires_torch
@pytest.mark.parametrize(("dims", "input_shape", "weight_shape", "options"), CASES)
def test_matches_torch(dims, input_shape, weight_shape, options):
    import torch.nn.grad  # noqa: F401 (torch loads it on request)
    rng = np.random.default_rng(dims)
    x = rng.standard_normal(input_shape)
    w = rng.standard_normal(weight_shape)
    out_shape = TORCH.nn.functional.__dict__[f"conv{dims}d"](
        TORCH.tensor(x), TORCH.tensor(w), **options).shape
    g = rng.standard_normal(tuple(out_shape))
    ours = getattr(ember.nn.grad, f"conv{dims}d_input")(input_shape, ember.tensor(w),
                                                          ember.tensor(g), **options)
    theirs = getattr(TORCH.nn.grad, f"conv{dims}d_input")(input_shape, TORCH.tensor(w),
                                                           TORCH.tensor(g), **options)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-10, atol=1e-12)
    ours = getattr(ember.nn.grad, f"conv{dims}d_weight")(ember.tensor(x), weight_shape,
                                                           ember.tensor(g), **options)
    theirs = getattr(TORCH.nn.grad, f"conv{dims}d_weight")(TORCH.tensor(x), weight_shape,
                                                            TORCH.tensor(g), **options)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-10, atol=1e-12)
    assert not ours.requires_grad


def test_gradcheck_through_the_gradients():
    rng = np.random.default_rng(0)
    w = ember.tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    g = ember.tensor(rng.standard_normal((1, 3, 3, 3)), requires_grad=True)
    x = ember.tensor(rng.standard_normal((1, 2, 5, 5)), requires_grad=True)
    assert ember.autograd.gradcheck(
        lambda w, g: ember.nn.grad.conv2d_input((1, 2, 5, 5), w, g), (w, g))
    assert ember.autograd.gradcheck(
        lambda x, g: ember.nn.grad.conv2d_weight(x, (3, 2, 3, 3), g), (x, g))


def test_wrong_grad_output_shape_is_refused():
    with pytest.raises(RuntimeError, match=r"grad_output has shape \(1, 3, 2, 2\) but the "
                                           r"convolution of these sizes gives \(1, 3, 3, 3\)"):
        ember.nn.grad.conv2d_input((1, 2, 5, 5), ember.ones(3, 2, 3, 3), ember.ones(1, 3, 2, 2))
