"""Fractional max pooling against torch: the same windows from the same _random_samples (and
from the same seed), the indices, the gradient, the module's checks and the errors."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import CPU_RNG, TORCH, cpu_only, requires_torch

import ember

_RNG = np.random.default_rng(0)
X2 = _RNG.standard_normal((2, 3, 9, 8))
S2 = _RNG.uniform(0, 1, (2, 3, 2))
X3 = _RNG.standard_normal((1, 2, 7, 6, 8))
S3 = _RNG.uniform(0, 1, (1, 2, 3))


def _pool(lib, dims, dtype, **kwargs):
    x = lib.tensor(X2 if dims == 2 else X3, dtype=getattr(lib, dtype), requires_grad=True)
    samples = lib.tensor(S2 if dims == 2 else S3, dtype=getattr(lib, dtype))
    fn = getattr(lib.nn.functional, f"fractional_max_pool{dims}d")
    out, indices = fn(x, return_indices=True, _random_samples=samples, **kwargs)
    weights = lib.arange(out.numel(), dtype=out.dtype).reshape(out.shape)
    (out * weights).sum().backward()
    return (out.grad_fn.name(), out.detach().cpu().numpy(), indices.cpu().numpy(),
            x.grad.cpu().numpy())


CASES = [
    (2, {"kernel_size": (3, 2), "output_size": (4, 5)}),
    (2, {"kernel_size": 2, "output_ratio": (0.5, 0.6)}),
    (2, {"kernel_size": 1, "output_size": 1}),
    # the last window ends on the last row and column (output + kernel - 1 == input): allowed
    (2, {"kernel_size": (2, 3), "output_size": (8, 6)}),
    (3, {"kernel_size": (2, 3, 2), "output_size": (3, 2, 4)}),
    (3, {"kernel_size": 2, "output_ratio": (0.5, 0.5, 0.5)}),
]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("dims,kwargs", CASES)
def test_fractional_max_pool_matches_torch(dims, kwargs, dtype):
    ours, theirs = _pool(ember, dims, dtype, **kwargs), _pool(TORCH, dims, dtype, **kwargs)
    assert ours[0] == theirs[0]
    for a, b in zip(ours[1:], theirs[1:]):
        np.testing.assert_array_equal(a, b)


@requires_torch
@cpu_only(CPU_RNG)
def test_module_draws_its_samples_as_torch_does():
    outs = []
    for lib in (ember, TORCH):
        lib.manual_seed(0)
        pool = lib.nn.FractionalMaxPool2d(2, output_size=3, return_indices=True)
        out, indices = pool(lib.arange(98.0).reshape(2, 1, 7, 7))
        outs.append((repr(pool), out.tolist(), indices.tolist()))
    assert outs[0] == outs[1]


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, x: lib.nn.functional.fractional_max_pool2d(x, 2, output_size=8),
    lambda lib, x: lib.nn.functional.fractional_max_pool2d(x, 2),
    lambda lib, x: lib.nn.functional.fractional_max_pool2d(x, 2, output_size=(9, 1)),
    lambda lib, x: lib.nn.functional.fractional_max_pool3d(x.unsqueeze(0), (1, 2, 2),
                                                           output_size=(1, 8, 1)),
    lambda lib, x: lib.nn.functional.fractional_max_pool2d(
        x, 2, output_size=2, _random_samples=lib.rand(2, 1, 2)),
    lambda lib, x: lib.nn.functional.fractional_max_pool3d(x.unsqueeze(0), 2, output_size=7),
    lambda lib, x: lib.nn.functional.fractional_max_pool3d(x.unsqueeze(0), (1, 1, 2),
                                                           output_size=(2, 6, 8)),
    lambda lib, x: lib.nn.FractionalMaxPool2d(2),
    lambda lib, x: lib.nn.FractionalMaxPool2d(2, output_size=2, output_ratio=0.5),
    lambda lib, x: lib.nn.FractionalMaxPool2d(2, output_ratio=1.5),
    lambda lib, x: lib.nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 1.0)),
])
def test_errors_match_torch(call):
    errors = []
    for lib in (ember, TORCH):
        with pytest.raises(Exception) as caught:
            call(lib, lib.tensor(X2))
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]


def test_unbatched_input_and_gradcheck():
    x = ember.tensor(X2[0, :, :5, :5], requires_grad=True)
    samples = ember.tensor(S2[:1])
    out = ember.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=samples)
    assert out.shape == (3, 3, 3)
    assert ember.autograd.gradcheck(
        lambda t: ember.nn.functional.fractional_max_pool2d(t, 2, output_size=3,
                                                            _random_samples=samples), (x,))
