"""uint8 images through bilinear, bicubic and nearest interpolate: torch's fixed-point values
exactly, for several channel counts, sizes, scale factors and align_corners."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
import ember.nn.functional as F

SIZES = [{"scale_factor": 1.5}, {"scale_factor": 0.6}, {"scale_factor": 2.3},
         {"size": (5, 13)}, {"size": (7, 4)}, {"scale_factor": (1.0, 2.0)}, {"size": (2, 3)}]


@requires_torch
@pytest.mark.parametrize("channels", [1, 3, 6])
@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("kwargs", SIZES, ids=[str(k) for k in SIZES])
def test_uint8_resampling_matches_torch(mode, align_corners, channels, kwargs):
    data = np.random.default_rng(channels).integers(0, 256, (2, channels, 7, 9), dtype=np.uint8)
    theirs = TORCH.nn.functional.interpolate(TORCH.from_numpy(data), mode=mode,
                                             align_corners=align_corners, **kwargs)
    ours = F.interpolate(ember.tensor(data), mode=mode, align_corners=align_corners, **kwargs)
    assert ours.dtype == ember.uint8
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())


@requires_torch
@pytest.mark.parametrize("mode", ["nearest", "nearest-exact"])
def test_uint8_nearest_matches_torch(mode):
    data = np.random.default_rng(0).integers(0, 256, (1, 3, 5, 6), dtype=np.uint8)
    theirs = TORCH.nn.functional.interpolate(TORCH.from_numpy(data), scale_factor=1.7, mode=mode)
    ours = F.interpolate(ember.tensor(data), scale_factor=1.7, mode=mode)
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())


@requires_torch
@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_uint8_antialias_matches_torch_bit_for_bit(mode, align_corners):
    # antialias widens the fixed-point filters when downscaling (ember ignored it for uint8).
    rng = np.random.default_rng(1)
    for (h, w), size in [((12, 10), (6, 5)), ((7, 9), (15, 4)), ((5, 5), (2, 8))]:
        image = rng.integers(0, 256, (1, 3, h, w), dtype=np.uint8)
        kwargs = dict(size=size, mode=mode, align_corners=align_corners, antialias=True)
        ours = F.interpolate(ember.tensor(image), **kwargs)
        theirs = TORCH.nn.functional.interpolate(TORCH.from_numpy(image), **kwargs)
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())
