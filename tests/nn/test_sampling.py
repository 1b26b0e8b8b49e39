"""interpolate, pixel_shuffle/unshuffle, affine_grid and grid_sample against torch."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import ember
from ember.ops import sampling
from tests.conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch


def F(lib):
    """The functional namespace of ``lib``: ember's sampling ops or torch.nn.functional."""
    return sampling if lib is ember else lib.nn.functional


INTERPOLATE = [
    ((2, 3, 5, 6), {"scale_factor": 2}),
    ((2, 3, 5, 6), {"scale_factor": 1.7}),
    ((2, 3, 5, 6), {"size": (3, 4)}),
    ((2, 3, 5, 6), {"scale_factor": (0.5, 1.5), "recompute_scale_factor": True}),
    ((2, 3, 5, 6), {"scale_factor": 1.7, "mode": "nearest-exact"}),
    ((2, 3, 5, 6), {"scale_factor": 1.7, "mode": "bilinear"}),
    ((2, 3, 5, 6), {"scale_factor": 1.7, "mode": "bilinear", "align_corners": True}),
    ((2, 3, 5, 6), {"scale_factor": 0.6, "mode": "bilinear", "recompute_scale_factor": True}),
    ((2, 3, 5, 6), {"size": (8, 3), "mode": "bilinear"}),
    ((2, 3, 5, 6), {"scale_factor": 1.7, "mode": "bicubic"}),
    ((2, 3, 5, 6), {"size": (9, 4), "mode": "bicubic", "align_corners": True}),
    ((2, 3, 7, 6), {"size": (3, 4), "mode": "area"}),
    ((3, 5, 6), {"scale_factor": 2.5, "mode": "linear"}),
    ((3, 5, 6), {"size": 4, "mode": "linear", "align_corners": True}),
    ((3, 5, 6), {"size": 3}),
    ((3, 5, 6), {"scale_factor": 1.5, "mode": "area"}),
    ((1, 2, 3, 4, 5), {"scale_factor": 1.5, "mode": "trilinear"}),
    ((1, 2, 3, 4, 5), {"scale_factor": (2, 1, 0.5)}),
    ((2, 3, 17, 13), {"size": (7, 5), "mode": "bilinear", "antialias": True}),
    ((2, 3, 17, 13), {"size": (7, 5), "mode": "bicubic", "antialias": True}),
    ((2, 3, 17, 13), {"size": (6, 30), "mode": "bilinear", "antialias": True,
                      "align_corners": True}),
    ((2, 3, 17, 13), {"size": (9, 4), "mode": "bicubic", "antialias": True,
                      "align_corners": True}),
    ((1, 2, 9, 11), {"scale_factor": 0.37, "mode": "bilinear", "antialias": True}),
    ((1, 2, 9, 11), {"scale_factor": 0.37, "mode": "bicubic", "antialias": True,
                     "recompute_scale_factor": True}),
]


@requires_torch
@pytest.mark.parametrize("shape, kw", INTERPOLATE)
def test_interpolate_matches_torch(shape, kw):
    compare_with_torch(lambda lib, x: F(lib).interpolate(x, **kw), rand64(*shape))


@requires_torch
def test_interpolate_float32_and_uint8_nearest_match_torch():
    x = ember.tensor(np.random.default_rng(0).standard_normal((1, 2, 5, 7)).astype(np.float32),
                     requires_grad=True)
    compare_with_torch(lambda lib, x: F(lib).interpolate(x, scale_factor=1.3, mode="bilinear"),
                       x)
    image = ember.tensor(np.arange(35, dtype=np.uint8).reshape(1, 1, 5, 7))
    compare_with_torch(lambda lib, x: F(lib).interpolate(x, size=(7, 3)), image)


@requires_torch
@pytest.mark.parametrize("name", ["upsample", "upsample_nearest", "upsample_bilinear"])
def test_deprecated_upsample_warns_like_torch(name):
    x = rand64(1, 2, 3, 4)
    with pytest.warns(UserWarning, match=f"`nn.functional.{name}` is deprecated"):
        ours = getattr(sampling, name)(x, scale_factor=2)
    with pytest.warns(UserWarning, match=f"`nn.functional.{name}` is deprecated"):
        theirs = getattr(TORCH.nn.functional, name)(TORCH.from_numpy(x.detach().cpu().numpy()),
                                                    scale_factor=2)
    np.testing.assert_allclose(ours.detach().cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12)


@requires_torch
@pytest.mark.parametrize("batched", [True, False])
def test_pixel_shuffle_roundtrip_matches_torch(batched):
    shape = (2, 8, 3, 4) if batched else (8, 3, 4)
    compare_with_torch(lambda lib, x: F(lib).pixel_shuffle(x, 2), rand64(*shape))
    compare_with_torch(lambda lib, x: F(lib).pixel_unshuffle(x, 2), rand64(*shape[:-3], 2, 6, 4))


@requires_torch
@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_matches_torch(mode, padding_mode, align_corners):
    x = rand64(2, 3, 5, 6)
    grid = rand64(2, 4, 3, 2, low=-1.3, high=1.3, seed=1)
    compare_with_torch(lambda lib, x, g: F(lib).grid_sample(
        x, g, mode=mode, padding_mode=padding_mode, align_corners=align_corners), x, grid)


@requires_torch
@pytest.mark.parametrize("theta_shape, size, align_corners", [
    ((2, 2, 3), (2, 3, 4, 5), False), ((2, 2, 3), (2, 3, 4, 5), True),
    ((2, 3, 4), (2, 3, 4, 5, 3), False), ((1, 2, 3), (1, 1, 1, 4), False)])
def test_affine_grid_matches_torch(theta_shape, size, align_corners):
    compare_with_torch(lambda lib, t: F(lib).affine_grid(t, size, align_corners=align_corners),
                       rand64(*theta_shape))


@requires_torch
def test_affine_grid_then_grid_sample_matches_torch():
    def warp(lib, x, theta):
        grid = F(lib).affine_grid(theta, (2, 3, 6, 5), align_corners=False)
        return F(lib).grid_sample(x, grid, align_corners=False)
    theta = ember.tensor([[[0.9, -0.2, 0.1], [0.3, 1.1, -0.2]],
                          [[1.2, 0.1, 0.0], [-0.1, 0.8, 0.3]]], dtype=ember.float64,
                         requires_grad=True)
    compare_with_torch(warp, rand64(2, 3, 7, 8), theta)


@requires_torch
@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("size", [28, 33])
def test_identity_grid_picks_torchs_pixels(mode, dtype, size):
    """The identity affine grid lands a rounding step off pixel centres: which side the floor
    takes decides the one-sided difference the grid's gradient is (an STN's first steps)."""
    def grid_gradient(lib):
        theta = lib.tensor([[[1.0, 0, 0], [0, 1, 0]]], dtype=getattr(lib, dtype))
        grid = F(lib).affine_grid(theta, (1, 1, size, size), align_corners=False)
        grid = grid.detach().requires_grad_()
        image = lib.arange(size * size, dtype=getattr(lib, dtype)).reshape(1, 1, size, size)
        F(lib).grid_sample(image ** 2, grid, mode=mode, align_corners=False).sum().backward()
        return grid.grad.double().cpu().numpy()
    # (the wrong side of a floor is off by the order of the value itself)
    np.testing.assert_allclose(grid_gradient(ember), grid_gradient(TORCH),
                               rtol=1e-3 if dtype == "float32" else 1e-7)


def test_fused_multiply_add_rounds_once():
    from fractions import Fraction
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.uniform(-1, 3, 2000), np.arange(-1, 1, 1 / 28) + 1])
    for b, c in ((14.0, -0.5), (16.5, -0.5), (0.3, 7.25)):
        exact = [float(Fraction(x) * Fraction(b) + Fraction(c)) for x in a]
        assert sampling._fused_multiply_add(a, b, c).tolist() == exact


@pytest.mark.parametrize("fn", [
    lambda x: sampling.interpolate(x, scale_factor=1.5, mode="bilinear"),
    lambda x: sampling.interpolate(x, size=(3, 7), mode="bicubic", align_corners=True),
    lambda x: sampling.interpolate(x, scale_factor=2),
    lambda x: sampling.interpolate(x, size=(2, 3), mode="area"),
    lambda x: sampling.interpolate(x, size=(3, 2), mode="bicubic", antialias=True),
    lambda x: sampling.pixel_shuffle(x.reshape(1, 4, 2, 5), 2),
    lambda x: sampling.pixel_unshuffle(x[:, :, :, :4], 2),
])
def test_sampling_gradients(fn):
    check_gradients(fn, rand64(1, 2, 4, 5))


@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
def test_grid_sample_gradcheck(padding_mode):
    # Points away from pixel boundaries, where bilinear sampling is differentiable.
    grid = rand64(1, 3, 2, 2, low=-0.9, high=0.9, seed=3)
    assert ember.autograd.gradcheck(
        lambda x, g: sampling.grid_sample(x, g, padding_mode=padding_mode, align_corners=False),
        (rand64(1, 2, 4, 5), grid))


@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_bicubic_gradcheck(padding_mode, align_corners):
    """Bicubic taps reach one pixel past the cell, so points near and beyond the border test
    the padding of each tap; the cubic kernel is C1, so gradcheck holds across cells."""
    grid = rand64(1, 3, 2, 2, low=-1.2, high=1.2, seed=4)
    assert ember.autograd.gradcheck(
        lambda x, g: sampling.grid_sample(x, g, mode="bicubic", padding_mode=padding_mode,
                                          align_corners=align_corners),
        (rand64(1, 2, 4, 5), grid))


def test_grid_sample_bicubic_interpolates_pixels_and_keeps_constants():
    """The cubic kernel is interpolating (weights 0, 1, 0, 0 at a pixel centre) and its
    weights sum to 1: pixel centres give the pixels back, a constant image stays constant."""
    image = rand64(1, 1, 5, 6, requires_grad=False)
    rows, cols = np.meshgrid(np.arange(5.0), np.arange(6.0), indexing="ij")
    centres = np.stack([2 * cols / 5 - 1, 2 * rows / 4 - 1], axis=-1)[None]
    out = sampling.grid_sample(image, ember.tensor(centres), mode="bicubic", align_corners=True)
    np.testing.assert_allclose(out.cpu().numpy(), image.cpu().numpy(), rtol=0, atol=1e-14)
    points = ember.tensor(np.array([[[[0.13, -0.4], [0.77, 0.52]]]]))
    flat = sampling.grid_sample(ember.full((1, 1, 5, 6), 2.5, dtype=ember.float64), points,
                                mode="bicubic", padding_mode="border", align_corners=False)
    np.testing.assert_allclose(flat.cpu().numpy(), 2.5, rtol=1e-14)


def test_affine_grid_gradients():
    check_gradients(lambda t: sampling.affine_grid(t, (2, 1, 3, 4), align_corners=False),
                    rand64(2, 2, 3))


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("padding_mode", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_grid_sample_double_backward_gradgradchecks(mode, padding_mode, align_corners):
    # Second derivatives (a gradient penalty through a spatial transformer, a Hessian) go
    # through grid_sample's own derivative, in every mode, as torch's do.
    x = rand64(1, 2, 3, 4)
    grid = rand64(1, 2, 3, 2, low=-1.2, high=1.2, seed=1)
    assert ember.autograd.gradgradcheck(
        lambda a, b: sampling.grid_sample(a, b, mode=mode, padding_mode=padding_mode,
                                          align_corners=align_corners), (x, grid))


def test_grid_sample_3d_double_backward_gradgradchecks():
    x = rand64(1, 1, 2, 3, 3)
    grid = rand64(1, 2, 2, 2, 3, seed=2)
    assert ember.autograd.gradgradcheck(
        lambda a, b: sampling.grid_sample(a, b, align_corners=False), (x, grid))


@requires_torch
@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
def test_grid_sample_second_derivatives_match_torch(mode):
    def second(lib, x, grid):
        out = lib.nn.functional.grid_sample(x, grid, mode=mode, padding_mode="border",
                                            align_corners=False)
        gx, gg = lib.autograd.grad(out.pow(2).sum(), (x, grid), create_graph=True)
        assert gx.grad_fn.name() == gg.grad_fn.name() == "GridSampler2DBackwardBackward0"
        return lib.autograd.grad(gx.pow(2).sum() + gg.pow(3).sum(), (x, grid))

    x, grid = rand64(1, 2, 3, 4), rand64(1, 2, 3, 2, low=-1.2, high=1.2, seed=1)
    ours = second(ember, x, grid)
    theirs = second(TORCH, *(TORCH.tensor(t.detach().cpu().numpy(), requires_grad=True)
                             for t in (x, grid)))
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.cpu().numpy(), b.numpy(), rtol=1e-10, atol=1e-12)


def test_align_corners_default_warns():
    with pytest.warns(UserWarning, match="Default grid_sample and affine_grid behavior"):
        sampling.affine_grid(rand64(1, 2, 3), (1, 1, 2, 2))


@pytest.mark.parametrize("call, error, message", [
    (lambda: sampling.interpolate(rand64(1, 1, 4, 4), scale_factor=2, align_corners=True),
     ValueError, "align_corners option can only be set with the interpolating modes"),
    (lambda: sampling.interpolate(rand64(1, 1, 4, 4), size=3, scale_factor=2),
     ValueError, "only one of size or scale_factor should be defined"),
    (lambda: sampling.interpolate(rand64(1, 1, 4, 4)),
     ValueError, "either size or scale_factor should be defined"),
    (lambda: sampling.interpolate(rand64(1, 1, 4, 4), scale_factor=2, mode="linear"),
     NotImplementedError, "Got 4D input, but linear mode needs 3D input"),
    (lambda: sampling.interpolate(rand64(1, 1, 4, 4), size=(2, 3, 4)),
     ValueError, r"output size of \(2, 3, 4\)"),
    (lambda: sampling.pixel_shuffle(rand64(1, 5, 2, 2), 2),
     RuntimeError, r"input.size\(-3\)=5 is not divisible by 4"),
    (lambda: sampling.pixel_unshuffle(rand64(1, 5, 3, 2), 2),
     RuntimeError, r"height to be divisible by downscale_factor, but input.size\(-2\)=3"),
    (lambda: sampling.grid_sample(rand64(1, 1, 4, 4), rand64(1, 2, 2, 3), align_corners=False),
     RuntimeError, (r"expected grid to have size 2 in last dimension, but got grid with sizes "
     r"\[1, 2, 2, 3\]")),
    (lambda: sampling.grid_sample(rand64(1, 1, 4, 4), rand64(1, 2, 2, 2), mode="foo",
                                  align_corners=False),
     ValueError, "expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: 'foo'"),
    (lambda: sampling.affine_grid(rand64(1, 3, 3), (1, 1, 4, 4), align_corners=False),
     ValueError, "Expected a batch of 2D affine matrices of shape Nx2x3 for size"),
])
def test_sampling_errors(call, error, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error, match=message):
            call()


@requires_torch
def test_sampling_error_messages_match_torch():
    cases = [
        lambda F, x: F.interpolate(x, scale_factor=2, mode="linear"),
        lambda F, x: F.pixel_shuffle(x[:, :1].expand(1, 5, 4, 4), 2),
        lambda F, x: F.interpolate(x, size=3, scale_factor=2),
        lambda F, x: F.interpolate(x, size=3, mode="nearest", antialias=True),
        lambda F, x: F.interpolate(x[0], size=3, mode="linear", antialias=True),
    ]
    for case in cases:
        with pytest.raises(Exception) as theirs:
            case(TORCH.nn.functional, TORCH.zeros(1, 1, 4, 4))
        with pytest.raises(Exception) as ours:
            case(sampling, ember.zeros(1, 1, 4, 4))
        assert type(ours.value) is type(theirs.value)
        assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("kw", [{"scale_factor": 1.7, "mode": "bilinear"},
                                {"size": (7, 3), "mode": "bicubic", "align_corners": True},
                                {"scale_factor": 1.5, "mode": "nearest"}])
def test_interpolate_gather_path_matches_torch(monkeypatch, kw):
    # Large images gather taps instead of multiplying by dense matrices: force that path.
    from ember.ops import pooling
    monkeypatch.setattr(pooling.Taps, "DENSE_LIMIT", 0)
    compare_with_torch(lambda lib, x: F(lib).interpolate(x, **kw), rand64(2, 3, 5, 6))
    check_gradients(lambda x: sampling.interpolate(x, **kw), rand64(1, 2, 4, 5))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_base_is_linspace_scaled_in_the_dtype(dtype, align_corners):
    # The identity grid is linspace(-1, 1, n), times (n - 1), then divided by n (pixel
    # centres), each step rounded in theta's dtype, as torch builds it (which holds for torch
    # itself on any CPU; ember computed it in float64 and rounded once, a unit in the last
    # place away, enough to move an identity warp off the exact pixel centres).
    libs = [ember] + ([TORCH] if TORCH is not None else [])
    for lib in libs:
        dt = getattr(lib, dtype)
        for n in (2, 5, 7, 8, 33, 64):
            grid = lib.nn.functional.affine_grid(lib.eye(2, 3, dtype=dt)[None], (1, 1, 3, n),
                                                 align_corners=align_corners)
            expected = lib.linspace(-1, 1, n, dtype=dt)
            if not align_corners:
                expected = expected * (n - 1) / n
            assert lib.equal(grid[0, 1, :, 0], expected), (lib.__name__, n)


@requires_torch
@pytest.mark.parametrize("size", [[2, 3, 4, 4], (2, 3, 4, 4), "Size", [1, 1, 2, 2, 2, 2],
                                  (1, 1, 0, 2)])
def test_affine_grid_messages_show_size_as_given(size):
    def message(lib, theta_shape):
        given = lib.Size([2, 3, 4, 4]) if size == "Size" else size
        with pytest.raises((ValueError, NotImplementedError)) as error:
            lib.nn.functional.affine_grid(lib.zeros(theta_shape), given, align_corners=False)
        return type(error.value).__name__, str(error.value).replace("torch.", "ember.")
    for theta_shape in [(2, 3, 3), (2, 2, 3)]:
        if size == [2, 3, 4, 4] and theta_shape == (2, 2, 3):
            continue  # a valid call
        if size in ([2, 3, 4, 4], (2, 3, 4, 4), "Size") and theta_shape == (2, 2, 3):
            continue
        assert message(ember, theta_shape) == message(TORCH, theta_shape)
