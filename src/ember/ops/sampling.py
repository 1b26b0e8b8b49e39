"""Resampling: interpolate/upsample, pixel_shuffle/unshuffle, affine_grid and grid_sample.

Interpolation with nearest, linear and cubic kernels is separable and linear in the input: along
each spatial dim the output is an (out, in) matrix times the input, with PyTorch's source-index
rules (align_corners, scale_factor, the cubic kernel with A = -0.75) written into the matrix.
The matrices have 1, 2 or 4 nonzeros per row, so they are kept as gather taps (pooling.Taps)
and cost O(output). The derivative multiplies by the transposed matrices, and its own
derivative by the matrices again, so gradients of every order work (``pooling.separable``).
"""
from __future__ import annotations

import functools
import itertools
import math
import operator
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._deprecated import _user_stacklevel
from .._tensor import Tensor
from ..autograd import grad_mode
from ._registry import grad_fn, record, type_name, wrap
from .pooling import (
    Repeat,
    Taps,
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    check_kernel_dtype,
    separable,
    separable_pair,
)

_NODES = {name: separable_pair(f"Upsample{name}Backward0") for name in (
    "Nearest1D", "Nearest2D", "Nearest3D", "NearestExact1D", "NearestExact2D", "NearestExact3D",
    "Linear1D", "Bilinear2D", "Bicubic2D", "Trilinear3D", "Bilinear2DAa", "Bicubic2DAa")}


# --- one dim's interpolation map ----------------------------------------------------------------

def _nearest_map(size, out, scale, exact):
    """PyTorch's nearest source index, computed in float32 as its kernels do."""
    if scale is not None and scale > 0:
        step = np.float32(1.0 / scale)
    else:
        step = np.float32(size) / np.float32(out)
    positions = np.arange(out, dtype=np.float32)
    if exact:
        positions = positions + np.float32(0.5)
    source = np.minimum(np.floor(positions * step).astype(np.int64), size - 1)
    if not exact and out == size:
        source = np.arange(out)
    if out % size == 0 and np.array_equal(source, np.arange(out) // (out // size)):
        return Repeat(out // size)     # integer upscaling: np.repeat, not a dense product
    return Taps(source[:, None], np.ones((out, 1)), size)


def _source_positions(size, out, scale, align_corners, cubic):
    """Where each output sample sits in input coordinates (PyTorch's area_pixel rules)."""
    if align_corners:
        step = (size - 1) / (out - 1) if out > 1 else 0.0
        return np.arange(out) * step
    step = 1.0 / scale if scale is not None and scale > 0 else size / out
    source = (np.arange(out) + 0.5) * step - 0.5
    return source if cubic else np.maximum(source, 0.0)


def _linear_map(size, out, scale, align_corners):
    source = _source_positions(size, out, scale, align_corners, cubic=False)
    low = np.minimum(source.astype(np.int64), size - 1)
    high = np.minimum(low + 1, size - 1)
    frac = source - low
    return Taps(np.stack([low, high], 1), np.stack([1.0 - frac, frac], 1), size)


def _cubic_map(size, out, scale, align_corners, a=-0.75):
    source = _source_positions(size, out, scale, align_corners, cubic=True)
    low = np.floor(source).astype(np.int64)
    t = source - low

    def near(x):       # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):        # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], 1)
    # Taps outside the input read its edge sample, as PyTorch's bounded access does.
    index = np.clip(low[:, None] - 1 + np.arange(4), 0, size - 1)
    return Taps(index, weights, size)


def _antialias_map(size, out, scale, align_corners, cubic, like):
    """The antialiased (out, size) resampling matrix: each output sample averages the inputs
    under its filter (the triangle for bilinear, the a = -0.5 cubic for bicubic) stretched by
    the downscaling factor, the weights normalised to sum to 1; upscaling uses the plain filter.
    As in torch, align_corners changes only the step, (size - 1) / (out - 1); the filter stays
    centred on the output pixel's centre. The matrix is built beside ``like`` (its device).
    """
    if align_corners:
        step = (size - 1) / (out - 1) if out > 1 else 0.0
    else:
        step = 1.0 / scale if scale is not None and scale > 0 else size / out
    support = (2.0 if cubic else 1.0) * max(step, 1.0)
    stretch = 1.0 / step if step >= 1.0 else 1.0
    centre = step * (np.arange(out, like=like) + 0.5)
    first = np.maximum((centre - support + 0.5).astype(np.int64), 0)
    last = np.minimum((centre + support + 0.5).astype(np.int64), size)
    cols = np.arange(size, like=like)
    x = np.abs((cols[None, :] - centre[:, None] + 0.5) * stretch)
    if cubic:
        a = -0.5
        taps = np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                        np.where(x < 2, (((x - 5) * x + 8) * x - 4) * a, 0.0))
    else:
        taps = np.maximum(1 - x, 0.0)
    taps[(cols[None, :] < first[:, None]) | (cols[None, :] >= last[:, None])] = 0
    total = taps.sum(axis=1, keepdims=True)
    return np.where(total != 0, taps / np.where(total != 0, total, 1.0), 0.0)


# --- interpolate ----------------------------------------------------------------------------------

_DIMS_OF_MODE = {"linear": 1, "bilinear": 2, "trilinear": 3}


def _output_size(input, size, scale_factor, mode, recompute_scale_factor):
    dims = input.ndim - 2
    spatial = list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dims:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {spatial} and output size of {size}. "
                    "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                    "size in (o1, o2, ...,oK) format.")
            if not all(isinstance(s, int) or isinstance(s, Tensor) and
                       s._dtype.category < D._FLOAT for s in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] "
                                "or Tuple[int, int, int], but got size with types "
                                f"{[type(s) for s in size]}")
            out = [int(s) for s in size]
        else:
            out = [int(size)] * dims
        return out, None
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != dims:
            raise ValueError(
                "Input and scale_factor must have the same number of spatial dimensions, but got "
                f"input with spatial dimensions of {spatial} and scale_factor of shape "
                f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                "and scale_factor in (s1, s2, ...,sK) format.")
        scales = [float(s) for s in scale_factor]
    else:
        scales = [float(scale_factor)] * dims
    if not all(map(math.isfinite, scales)):
        raise RuntimeError("value cannot be converted to type int64_t without overflow")
    out = [math.floor(float(n) * s) for n, s in zip(spatial, scales)]
    if recompute_scale_factor or mode == "area":
        scales = None
    return out, scales


def _check_kernel_arguments(input, size, mode, align_corners, scales):
    """torch's upsample kernels take an int output size and a bool align_corners; anything
    else fails their argument parser, whose text lists both overloads with every argument but
    the input marked."""
    interpolating = mode in _DIMS_OF_MODE or mode == "bicubic"
    if (size is None or isinstance(size, (int, np.integer, Tensor, list, tuple))) and \
            (not interpolating or type(align_corners) is bool):
        return
    dims = input.ndim - 2
    kernel = {"nearest": "upsample_nearest", "nearest-exact": "_upsample_nearest_exact",
              "linear": "upsample_linear", "bilinear": "upsample_bilinear",
              "bicubic": "upsample_bicubic", "trilinear": "upsample_trilinear"}[mode]
    kernel += f"{dims}d"

    def described(value):
        if isinstance(value, (list, tuple)):
            names = ", ".join(type(v).__name__ for v in value)
            return f"tuple of ({names})" if isinstance(value, tuple) else f"list of [{names}]"
        return type(value).__name__
    given = size if isinstance(size, (list, tuple)) else \
        [size] * dims if size is not None else None
    factors = None if size is not None else [float(s) for s in scales or []] or None
    args = [given] + ([align_corners] if interpolating else []) + [factors]
    got = ", ".join(["Tensor"] + [type(a).__name__ for a in args])
    marked = ", ".join(["Tensor"] + [f"!{described(a)}!" for a in args])
    corners = "bool align_corners, " if interpolating else ""
    per_dim = ", ".join(f"float scales{'_' + d if dims > 1 else ''} = None"
                        for d in "dhw"[3 - dims:])
    raise TypeError(
        f"{kernel}() received an invalid combination of arguments - got ({got}), but expected "
        "one of:\n"
        f" * (Tensor input, tuple of ints output_size, {corners}tuple of floats scale_factors)\n"
        f"      didn't match because some of the arguments have invalid types: ({marked})\n"
        f" * (Tensor input, tuple of ints output_size, {corners}{per_dim}, *, "
        "Tensor out = None)\n")


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resample the spatial dims of (N, C, *spatial) input to ``size`` or by ``scale_factor``.

    Modes: nearest, nearest-exact, linear (3-D input), bilinear and bicubic (4-D), trilinear
    (5-D), area (adaptive average pooling). ``antialias`` (bilinear/bicubic, floating input)
    widens the filter by the downscaling factor so each output averages all the inputs it
    covers. Derivative: the transposed interpolation. A channels-last input gives a
    channels-last result, as torch's kernels write it.
    """
    out = _interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor,
                       antialias)
    return MF.follow(out, input) if isinstance(input, Tensor) and out is not input else out


def _interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor,
                 antialias):
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    # PyTorch checks size and scale_factor before the input's rank and the mode.
    out, scales = _output_size(input, size, scale_factor, mode, recompute_scale_factor)
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    dims = input.ndim - 2
    if antialias and (mode not in ("bilinear", "bicubic") or dims != 2):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes "
                         "and requires a 4-D tensor as input")
    known = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area")
    if mode not in known or dims not in (1, 2, 3) or mode == "bicubic" and dims != 2:
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for "
            "the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
            f"nearest-exact (got {mode})")
    needed = _DIMS_OF_MODE.get(mode)
    if needed is not None and needed != dims:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs "
                                  f"{needed + 2}D input")
    _check_kernel_arguments(input, size, mode, align_corners, scales)
    if mode != "area" and min([*input.shape[2:], *out]) <= 0:
        names = "DHW"[3 - dims:]
        given, wanted = (", ".join(f"{c}: {n}" for c, n in zip(names, sizes))
                         for sizes in (input.shape[2:], out))
        raise RuntimeError("Input and output sizes should be greater than 0, but got input "
                           f"({given}){' and' if dims == 1 else ''} output ({wanted})")
    if mode == "area":
        pool = (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dims - 1]
        return pool(input, out if dims > 1 else out[0])
    if input._dtype is not D.uint8 or mode in ("linear", "trilinear"):
        # PyTorch's kernels take floating inputs, and uint8 images for nearest, bilinear and
        # bicubic; each names itself when refusing another dtype.
        kernel = {"bilinear": "upsample_bilinear2d_channels_last",
                  "bicubic": "compute_indices_weights_cubic"}.get(mode)
        if mode in ("nearest", "nearest-exact"):
            kernel = "upsample_nearest2d_channels_last" if dims == 2 else \
                "compute_indices_weights_nearest"
        check_kernel_dtype(input, kernel or "compute_indices_weights_linear", "float")
    if antialias and input._dtype.category == D._FLOAT:
        matrices = tuple(_antialias_map(n, o, s, align_corners, mode == "bicubic", input._data)
                         for n, o, s in zip(input.shape[2:], out, scales or [None] * dims))
        name = "Bicubic2DAa" if mode == "bicubic" else "Bilinear2DAa"
        return separable(input, matrices, _NODES[name])
    if input._dtype is D.uint8 and mode in ("bilinear", "bicubic"):
        return _resample_uint8(input, out, scales or [None] * dims, align_corners,
                               mode == "bicubic", antialias)
    spatial = input.shape[2:]
    scales = scales or [None] * dims
    matrices = []
    for n, o, s in zip(spatial, out, scales):
        if mode in ("nearest", "nearest-exact"):
            matrix = _nearest_map(n, o, s, mode == "nearest-exact")
        elif mode == "bicubic":
            matrix = _cubic_map(n, o, s, align_corners)
        else:
            matrix = _linear_map(n, o, s, align_corners)
        matrices.append(matrix)
    name = {"nearest": "Nearest", "nearest-exact": "NearestExact", "linear": "Linear",
            "bilinear": "Bilinear", "bicubic": "Bicubic", "trilinear": "Trilinear"}[mode]
    return separable(input, tuple(matrices), _NODES[f"{name}{dims}D"])


def _uint8_weights(n_in, n_out, scale, align_corners, cubic, antialias=False):
    """torch's fixed-point resampling weights for uint8 images: (n_out, n_in) int64 holding
    int16 values, and their precision in bits.

    Linear taps are the triangle filter over the support around each output's centre,
    normalised; cubic taps are the a = -0.75 convolution at the four neighbours, clamped at the
    borders; with antialias, the float path's stretched filters (_antialias_map). All are then
    scaled by the largest power of two that keeps them in int16.
    """
    if align_corners:
        step = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        step = 1.0 / scale if scale is not None and scale > 0 else n_in / n_out
    weights = np.zeros((n_out, n_in))
    rows = np.arange(n_out)
    if antialias:
        weights = _antialias_map(n_in, n_out, scale, align_corners, cubic, weights)
    elif cubic:
        real = step * rows if align_corners else step * (rows + 0.5) - 0.5
        base = np.floor(real).astype(np.int64)
        t = real - base
        near = lambda x: (1.25 * x - 2.25) * x * x + 1  # noqa: E731 - |x| <= 1
        far = lambda x: ((-0.75 * x + 3.75) * x - 6.0) * x + 3.0  # noqa: E731 - 1 < |x| < 2
        for k, w in enumerate((far(t + 1), near(t), near(1 - t), far(2 - t))):
            np.add.at(weights, (rows, np.clip(base - 1 + k, 0, n_in - 1)), w)
    else:
        delta = 0.5 if align_corners else 0.0
        centre = step * (rows + 0.5 - delta)
        first = np.maximum((centre - 0.5 + delta).astype(np.int64), 0)
        last = np.minimum((centre + 1.5 + delta).astype(np.int64), n_in)
        cols = np.arange(n_in)
        taps = np.maximum(1 - np.abs(cols[None, :] - centre[:, None] + 0.5 - delta), 0)
        taps[(cols[None, :] < first[:, None]) | (cols[None, :] >= last[:, None])] = 0
        total = taps.sum(axis=1, keepdims=True)
        weights = np.divide(taps, total, out=np.zeros_like(taps), where=total != 0)
    precision = 0
    while precision < 22 and int(0.5 + weights.max() * (1 << (precision + 1))) < (1 << 15):
        precision += 1
    scaled = weights * (1 << precision)
    return np.where(scaled < 0, scaled - 0.5, scaled + 0.5).astype(np.int64), precision


def _resample_uint8(input, out, scales, align_corners, cubic, antialias):
    """Bilinear/bicubic resampling of uint8 images as torch does it: one spatial dim at a time
    (last first) in fixed point, rounding and clamping to 0..255 after each pass."""
    x = input._data.astype(np.int64)
    dims = len(out)
    for k in range(dims - 1, -1, -1):
        axis = x.ndim - dims + k
        weights, precision = _uint8_weights(x.shape[axis], out[k], scales[k], align_corners,
                                            cubic, antialias)
        # The weights are worked out on the host (their precision search reads them there).
        weights = _backend.namespace_of(x).asarray(weights)
        moved = np.moveaxis(x, axis, -1) @ weights.T + (1 << (precision - 1))
        x = np.moveaxis(np.clip(moved >> precision, 0, 255), -1, axis)
    return Tensor._make(x.astype(np.uint8))


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate (PyTorch warns the same way)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=_user_stacklevel())
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='nearest')."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=_user_stacklevel())
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='bilinear', align_corners=True)."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=_user_stacklevel())
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# --- pixel shuffle --------------------------------------------------------------------------------

def _shuffle_array(x, factor):
    *lead, c, h, w = x.shape
    channels = c // (factor * factor)
    blocks = x.reshape(*lead, channels, factor, factor, h, w)
    k = len(lead)
    blocks = blocks.transpose(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return blocks.reshape(*lead, channels, h * factor, w * factor)


def _unshuffle_array(x, factor):
    *lead, c, h, w = x.shape
    blocks = x.reshape(*lead, c, h // factor, factor, w // factor, factor)
    k = len(lead)
    blocks = blocks.transpose(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return blocks.reshape(*lead, c * factor * factor, h // factor, w // factor)


def pixel_shuffle(input, upscale_factor):
    """(*, C*r^2, H, W) -> (*, C, H*r, W*r): each channel block of r^2 becomes an r x r tile.

    Derivative: pixel_unshuffle of the gradient.
    """
    factor = int(upscale_factor)
    if input.ndim < 3:
        raise RuntimeError("pixel_shuffle expects input to have at least 3 dimensions, but got "
                           f"input with {input.ndim} dimension(s)")
    if factor <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {factor}")
    if input.shape[-3] % (factor * factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible "
                           f"by the square of upscale_factor, but input.size(-3)="
                           f"{input.shape[-3]} is not divisible by {factor * factor}")
    out = wrap(_shuffle_array(input._data, factor))
    return MF.follow(record(out, PixelShuffleBackward0, (input,), factor=factor), input)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H*r, W*r) -> (*, C*r^2, H, W): the inverse of pixel_shuffle.

    Derivative: pixel_shuffle of the gradient.
    """
    factor = int(downscale_factor)
    if input.ndim < 3:
        raise RuntimeError("pixel_unshuffle expects input to have at least 3 dimensions, but got "
                           f"input with {input.ndim} dimension(s)")
    if factor <= 0:
        raise RuntimeError("pixel_unshuffle expects a positive downscale_factor, but got "
                           f"{factor}")
    for axis, label in ((-2, "height"), (-1, "width")):
        if input.shape[axis] % factor:
            raise RuntimeError(f"pixel_unshuffle expects {label} to be divisible by "
                               f"downscale_factor, but input.size({axis})={input.shape[axis]} "
                               f"is not divisible by {factor}")
    if input.numel() == 0:  # torch hands an empty input back as it came, unshuffled
        return input.clone()
    out = wrap(_unshuffle_array(input._data, factor))
    return MF.follow(record(out, PixelUnshuffleBackward0, (input,), factor=factor), input)


@grad_fn("PixelShuffleBackward0")
def PixelShuffleBackward0(ctx, grad):
    return pixel_unshuffle(grad, ctx.factor)


@grad_fn("PixelUnshuffleBackward0")
def PixelUnshuffleBackward0(ctx, grad):
    return pixel_shuffle(grad, ctx.factor)


# --- affine_grid ----------------------------------------------------------------------------------

def _grid_warning():
    warnings.warn("Default grid_sample and affine_grid behavior has changed to align_corners=False "
                  "since 1.3.0. Please specify align_corners=True if the old behavior is desired. "
                  "See the documentation of grid_sample for details.",
                  UserWarning, stacklevel=_user_stacklevel())


def _linspace(steps, align_corners, theta):
    """Normalised pixel coordinates in [-1, 1] (an array like theta's): pixel centres, or
    corners with align_corners. As torch's: its linspace (symmetric about 0, so the grid of
    an identity theta is exactly the pixel centres), then times (steps - 1), then divided by
    steps, each rounded in theta's dtype."""
    from .creation import linspace
    dtype = theta._data.dtype
    if steps <= 1:
        return _backend.namespace_of(theta._data).zeros(max(steps, 0), dtype=dtype)
    points = linspace(-1.0, 1.0, steps, dtype=theta.dtype, device=theta.device)._data
    if not align_corners:
        points = points * dtype.type(steps - 1) / dtype.type(steps)
    return points


def affine_grid(theta, size, align_corners=None):
    """Sampling grid (N, H, W, 2) (or (N, D, H, W, 3)) of theta applied to [x, y, 1] pixel
    coordinates in [-1, 1]. Derivative: grad_theta = grad^T @ base grid (linear in theta).
    """
    if align_corners is None:
        _grid_warning()
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    given = size  # the messages show size as the caller gave it (a list, tuple or Size)
    size = tuple(int(s) for s in size)
    if len(size) == 4:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (2, 3):
            raise ValueError("Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                             f"{given}. Got {theta.shape}.")
        spatial = size[2:]
    elif len(size) == 5:
        if theta.ndim != 3 or tuple(theta.shape[-2:]) != (3, 4):
            raise ValueError("Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                             f"{given}. Got {theta.shape}.")
        spatial = size[2:]
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {given}.")
    if min(spatial) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {given}")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids "
                      "when align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", UserWarning,
                      stacklevel=_user_stacklevel())
    if theta.shape[0] != size[0]:  # torch's bmm of the base grid by theta refuses it
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {len(spatial) + 1}] but got: [{theta.shape[0]}, "
                           f"{len(spatial) + 1}].")
    axes = [_linspace(n, align_corners, theta) for n in reversed(spatial)]   # x, y(, z)
    mesh = np.meshgrid(*axes[::-1], indexing="ij")[::-1]
    base = np.stack(list(mesh) + [np.ones_like(mesh[0])], axis=-1).reshape(-1, len(spatial) + 1)
    base_tensor = Tensor._make(base)
    grid = np.matmul(base, theta._data.swapaxes(1, 2))
    out = wrap(grid.reshape((size[0],) + tuple(spatial) + (len(spatial),)))
    return record(out, AffineGridGeneratorBackward0, (theta,), base=base_tensor)


@grad_fn("AffineGridGeneratorBackward0")
def AffineGridGeneratorBackward0(ctx, grad):
    n = grad.shape[0]
    flat = grad.reshape(n, -1, grad.shape[-1])
    return flat.transpose(1, 2) @ ctx.base


# --- grid_sample ----------------------------------------------------------------------------------

def _unnormalize(coord, size, align_corners, fused=False):
    """Grid coordinate in [-1, 1] -> pixel coordinate, and d pixel / d coord.

    ``fused``: (coord + 1) * size / 2 - 0.5 with one rounding, as torch's vectorised 2-D CPU
    kernel computes it (its multiply and subtract are contracted into an FMA): at a grid point
    that lands a rounding step from a pixel centre, as the identity affine grid's do, the floor
    then picks torch's pixel, and the gradient its one-sided difference."""
    if align_corners:
        return (coord + 1) / 2 * (size - 1), (size - 1) / 2
    if fused and not isinstance(coord, Tensor):
        return _fused_multiply_add(coord + 1, size / 2, -0.5), size / 2
    return ((coord + 1) * size - 1) / 2, size / 2


def _split(x):
    """Veltkamp's split of float64 values into a high part of 26 bits and the exact rest."""
    scaled = 134217729.0 * x  # 2**27 + 1
    high = scaled - (scaled - x)
    return high, x - high


def _fused_multiply_add(a, b, c):
    """a * b + c rounded once (NumPy has no fma): the product's rounding error is recovered
    exactly (Dekker's product) and the sum's too (Knuth's two-sum), then added back. Float32
    and narrower values multiply exactly in float64."""
    if a.dtype.itemsize <= 4:
        return (a.astype(np.float64) * b + c).astype(a.dtype)
    with np.errstate(all="ignore"):
        product = a * b
        a_high, a_low = _split(a)
        b_high, b_low = _split(np.float64(b))
        product_error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + \
            a_low * b_low
        total = product + c
        back = total - product
        sum_error = (product - (total - back)) + (c - back)
        fused = total + (sum_error + product_error)
    return np.where(np.isfinite(fused), fused, total)


def _clip(coord, size):
    """Clamp to [0, size - 1]; the derivative is 0 where clamped (as PyTorch's)."""
    slope = ((coord > 0) & (coord < size - 1)).astype(coord.dtype)
    return np.clip(coord, 0, size - 1), slope


def _reflect(coord, twice_low, twice_high):
    """Reflect into [twice_low / 2, twice_high / 2] by folding; derivative +-1."""
    if twice_low == twice_high:
        return np.zeros_like(coord), np.zeros_like(coord)
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    shifted = coord - low
    sign = np.where(shifted < 0, -1.0, 1.0).astype(coord.dtype)
    shifted = np.abs(shifted)
    extra = np.fmod(shifted, span)
    even = np.floor(shifted / span) % 2 == 0
    return (np.where(even, extra + low, span - extra + low),
            np.where(even, sign, -sign).astype(coord.dtype))


def _source(coord, size, padding_mode, align_corners, fused=False):
    """Pixel coordinate to sample for each grid value, and its derivative w.r.t. the value."""
    pixel, slope = _unnormalize(coord, size, align_corners, fused)
    slope = np.full_like(coord, slope)
    if padding_mode == "border":
        pixel, clip_slope = _clip(pixel, size)
        slope = slope * clip_slope
    elif padding_mode == "reflection":
        if align_corners:
            pixel, reflect_slope = _reflect(pixel, 0, 2 * (size - 1))
        else:
            pixel, reflect_slope = _reflect(pixel, -1, 2 * size - 1)
        pixel, clip_slope = _clip(pixel, size)
        slope = slope * reflect_slope * clip_slope
    return pixel, slope


def _corners(coords, mode, sizes):
    """(flat index, weight, d weight / d coordinate per axis, inside mask) of each tap;
    out-of-range taps get weight 0 and a valid index. ``coords`` and ``sizes`` run x first
    (the last input dim), so 2-D takes (ix, iy) with (width, height) and 3-D adds (iz,
    depth)."""
    if mode == "nearest":
        zero = np.zeros_like(coords[0])
        corners = [([np.rint(c) for c in coords], np.ones_like(coords[0]), [zero] * len(coords))]
    else:
        low = [np.floor(c) for c in coords]
        high_weight = [c - f for c, f in zip(coords, low)]
        corners = []
        # x varies fastest: (x0, y0), (x1, y0), (x0, y1), (x1, y1), then the same at z1
        for bits in itertools.product((0, 1), repeat=len(coords)):
            bits = bits[::-1]
            factors = [h if bit else 1 - h for bit, h in zip(bits, high_weight)]
            slopes = []
            for axis, bit in enumerate(bits):
                others = [f for k, f in enumerate(factors) if k != axis]
                slopes.append(functools.reduce(operator.mul, others, 1.0 if bit else -1.0))
            corners.append(([f + bit for f, bit in zip(low, bits)],
                            functools.reduce(operator.mul, factors), slopes))
    taps = []
    for position, weight, slopes in corners:
        inside = functools.reduce(operator.and_, [(p >= 0) & (p <= n - 1)
                                                  for p, n in zip(position, sizes)])
        index = 0
        for p, n in reversed(list(zip(position, sizes))):
            index = index * n + np.clip(p, 0, n - 1)
        taps.append((index.astype(np.int64), weight * inside, [d * inside for d in slopes],
                     inside))
    return taps


# Keys' cubic convolution kernel with a = -0.75 (grid_sample's bicubic, as in PyTorch): the
# weights of the taps at floor(c) - 1 .. floor(c) + 2 for t = c - floor(c), and d/dt of each.
_CUBIC_A = -0.75


def _cubic_weights(t):
    def near(x):  # |x| <= 1
        return ((_CUBIC_A + 2) * x - (_CUBIC_A + 3)) * x * x + 1

    def near_slope(x):
        return (3 * (_CUBIC_A + 2) * x - 2 * (_CUBIC_A + 3)) * x

    def far(x):  # 1 < |x| < 2
        return ((_CUBIC_A * x - 5 * _CUBIC_A) * x + 8 * _CUBIC_A) * x - 4 * _CUBIC_A

    def far_slope(x):
        return (3 * _CUBIC_A * x - 10 * _CUBIC_A) * x + 8 * _CUBIC_A

    return ([far(t + 1), near(t), near(1 - t), far(2 - t)],
            [far_slope(t + 1), near_slope(t), -near_slope(1 - t), -far_slope(2 - t)])


def _padded_tap(position, size, padding_mode, align_corners):
    """Where a bicubic tap outside the input reads: border and reflection fold each integer
    tap position back inside (torch pads the taps, not the sampled coordinate)."""
    if padding_mode == "border":
        return np.clip(position, 0, size - 1)
    if padding_mode == "reflection":
        if align_corners:
            position = _reflect(position, 0, 2 * (size - 1))[0]
        else:
            position = _reflect(position, -1, 2 * size - 1)[0]
        return np.clip(position, 0, size - 1)
    return position


def _bicubic_taps(coords, sizes, padding_mode, align_corners):
    """The 16 taps of 2-D bicubic sampling, in _corners' (index, weight, slopes) form."""
    lows, weights, slopes = [], [], []
    for c in coords:
        low = np.floor(c)
        w, dw = _cubic_weights(c - low)
        lows.append(low)
        weights.append(w)
        slopes.append(dw)
    (low_x, low_y), (width, height) = lows, sizes
    taps = []
    for ky in range(4):
        for kx in range(4):
            px = _padded_tap(low_x + (kx - 1), width, padding_mode, align_corners)
            py = _padded_tap(low_y + (ky - 1), height, padding_mode, align_corners)
            inside = (px >= 0) & (px <= width - 1) & (py >= 0) & (py <= height - 1)
            index = np.clip(py, 0, height - 1) * width + np.clip(px, 0, width - 1)
            weight = weights[0][kx] * weights[1][ky]
            taps.append((index.astype(np.int64), weight * inside,
                         [slopes[0][kx] * weights[1][ky] * inside,
                          weights[0][kx] * slopes[1][ky] * inside], inside))
    return taps


def _grid_taps(input_shape, grid, mode, padding_mode, align_corners):
    sizes = input_shape[2:][::-1]
    fused = len(sizes) == 2  # (torch's 3-D kernel is scalar code: no FMA)
    if mode == "bicubic":
        unnormalized = [_unnormalize(grid[..., axis], size, align_corners, fused)
                        for axis, size in enumerate(sizes)]
        taps = _bicubic_taps([pixel for pixel, _ in unnormalized], sizes, padding_mode,
                             align_corners)
        return taps, [np.full_like(grid[..., 0], slope) for _, slope in unnormalized]
    sources = [_source(grid[..., axis], size, padding_mode, align_corners, fused)
               for axis, size in enumerate(sizes)]
    return (_corners([pixel for pixel, _ in sources], mode, sizes),
            [slope for _, slope in sources])


def _grid_sample_array(x, grid, mode, padding_mode, align_corners):
    n, c = x.shape[:2]
    flat = x.reshape(n, c, -1)
    points = math.prod(grid.shape[1:-1])
    taps, _ = _grid_taps(x.shape, grid, mode, padding_mode, align_corners)
    out = 0
    for index, weight, _, _ in taps:
        picked = np.take_along_axis(flat, index.reshape(n, 1, points), axis=2)
        out = out + picked * weight.reshape(n, 1, points).astype(x.dtype)
    return out.reshape((n, c) + grid.shape[1:-1]).astype(x.dtype, copy=False)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample (N, C, H, W) input at grid (N, Ho, Wo, 2) points (x, y in [-1, 1]), or
    (N, C, D, H, W) input at grid (N, Do, Ho, Wo, 3) points (x, y, z).

    mode bilinear (trilinear on 5-D input), nearest, or bicubic (4-D input; Keys' cubic
    kernel with a = -0.75 over 4 x 4 taps, each tap padded); padding_mode zeros, border or
    reflection. Derivative: the gradient scattered onto the sampled pixels with the same
    weights; for the grid, the weights' slopes times the sampled values (0 for nearest).
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' "
                         f"or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        _grid_warning()
        align_corners = False
    return _grid_sampler(input, grid, mode, padding_mode, align_corners)


def _grid_sampler(input, grid, mode, padding_mode, align_corners, rank=None):
    """grid_sample after its argument names are checked; ``rank`` 4 or 5 when the caller
    (grid_sampler_2d/3d) takes only that rank."""
    def rank_error(expected):
        return RuntimeError(f"grid_sampler(): expected {expected}D input and grid with same "
                            f"number of dimensions, but got input with sizes "
                            f"{list(input.shape)} and grid with sizes {list(grid.shape)}")

    if rank and (input.ndim != rank or grid.ndim != rank):
        raise rank_error(rank)
    spatial = input.ndim - 2
    if grid.shape[-1] != spatial:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {spatial} in last "
                           f"dimension, but got grid with sizes {list(grid.shape)}")
    if input.ndim != grid.ndim or input.ndim not in (4, 5):
        raise rank_error(input.ndim)
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, but "
                           f"got input with sizes {list(input.shape)} and grid with sizes "
                           f"{list(grid.shape)}")
    if mode == "bicubic" and spatial == 3:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if input._dtype is not grid._dtype:  # torch's CPU kernel reads the grid as input's type
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(grid._dtype)}")
    out = wrap(_grid_sample_array(input._data, grid._data, mode, padding_mode, align_corners))
    node = GridSampler2DBackward0 if spatial == 2 else GridSampler3DBackward0
    return record(out, node, (input, grid), (input, grid), mode=mode,
                  padding_mode=padding_mode, align_corners=align_corners)


def _grid_sampler_backward(ctx, grad, second_order_node):
    x, grid = ctx.saved_tensors
    arr, g = x._data, grad._data
    n, c = arr.shape[:2]
    taps, source_slopes = _grid_taps(arr.shape, grid._data, ctx.mode, ctx.padding_mode,
                                     ctx.align_corners)
    points = math.prod(g.shape[2:])
    g_flat = g.reshape(n, c, points)
    plane = math.prod(arr.shape[2:])
    grad_input = grad_grid = None
    if ctx.needs_input_grad[0]:
        base = (_backend.namespace_of(arr).arange(n * c, dtype=np.int64) * plane).reshape(n, c,
                                                                                          1)
        index = np.concatenate([base + t[0].reshape(n, 1, points) for t in taps], axis=2)
        weights = np.concatenate([g_flat * t[1].reshape(n, 1, points) for t in taps], axis=2)
        total = np.bincount(index.ravel(), weights.ravel(), minlength=n * c * plane)
        grad_input = total.reshape(arr.shape).astype(arr.dtype)
    if ctx.needs_input_grad[1]:
        flat = arr.reshape(n, c, plane)
        per_axis = [0] * len(source_slopes)
        for index, _, slopes, _ in taps:
            # sum over channels of grad * sampled value, once per tap
            picked = np.take_along_axis(flat, index.reshape(n, 1, points), axis=2)
            weighted = (picked * g_flat).sum(1).reshape(index.shape)
            per_axis = [total + weighted * slope for total, slope in zip(per_axis, slopes)]
        grad_grid = np.stack([total * slope for total, slope in zip(per_axis, source_slopes)],
                             axis=-1).astype(arr.dtype)
    results = [None if r is None else Tensor._make(r) for r in (grad_input, grad_grid)]
    if grad_mode.is_grad_enabled():
        # A graph of this derivative is wanted (a gradient penalty, a second derivative): its
        # node differentiates the sampler written with ember ops (see _grid_sampler_vjp).
        options = dict(mode=ctx.mode, padding_mode=ctx.padding_mode,
                       align_corners=ctx.align_corners)
        results = [None if r is None else record(r, second_order_node, (grad, x, grid),
                                                 (grad, x, grid), which=which, **options)
                   for which, r in enumerate(results)]
    return tuple(results)


def _grid_sampler_double_backward(ctx, cotangent):
    """The vector-Jacobian product of one of grid_sample's derivatives (w.r.t. the input
    when ctx.which is 0, the grid when 1) with respect to (grad_output, input, grid).

    The three are taken as fresh leaves: their own graphs (grad_output's runs back through
    the forward) are the engine's to follow, and following them here too would count those
    paths twice. So this second derivative is not itself differentiable."""
    from ..autograd import grad as autograd_grad
    leaves = [t.detach().requires_grad_() for t in ctx.saved_tensors]
    grad, x, grid = leaves
    with grad_mode.enable_grad():
        out = _grid_sample_composite(x, grid, ctx.mode, ctx.padding_mode, ctx.align_corners)
        (first,) = autograd_grad(out, (x, grid)[ctx.which], grad, create_graph=True,
                                 materialize_grads=True)
        found = autograd_grad(first, leaves, cotangent, allow_unused=True) \
            if first.requires_grad else (None,) * 3
    return tuple(g if need else None for g, need in zip(found, ctx.needs_input_grad))


def _grid_sample_composite(x, grid, mode, padding_mode, align_corners):
    """grid_sample built from differentiable ember ops, for derivatives of its derivative.

    Which pixels a point reads (its taps) is piecewise constant in the grid, so the taps come
    from the array helpers above; only the weights depend on the grid. Each axis's pixel
    coordinate is the affine unnormalisation of the grid value, then (except for bicubic,
    which pads its taps instead) padded: clipping and reflection are piecewise linear, so the
    padded coordinate is slope * pixel + a constant, the slope and constant from _source."""
    from .creation import ones_like
    from .indexing import gather
    arr = grid._data
    n, c = x.shape[:2]
    sizes = x.shape[2:][::-1]
    points = math.prod(grid.shape[1:-1])
    plane = math.prod(x.shape[2:])
    coords = []
    for axis, size in enumerate(sizes):
        pixel_value, scale = _unnormalize(arr[..., axis], size, align_corners)
        pixel = _unnormalize(grid[..., axis], size, align_corners)[0]
        if mode != "bicubic":
            padded, slope = _source(arr[..., axis], size, padding_mode, align_corners)
            slope = slope / scale
            pixel = pixel * Tensor._make(slope) + Tensor._make(padded - slope * pixel_value)
        coords.append(pixel)
    taps, _ = _grid_taps(tuple(x.shape), arr, mode, padding_mode, align_corners)
    lows = [Tensor._make(np.floor(c._data)) for c in coords]
    fracs = [c - low for c, low in zip(coords, lows)]
    if mode == "bicubic":
        factors = [_cubic_weight_tensors(t) for t in fracs]
        weights = [factors[0][kx] * factors[1][ky] for ky in range(4) for kx in range(4)]
    elif mode == "bilinear":
        weights = []
        for bits in itertools.product((0, 1), repeat=len(coords)):
            parts = [f if bit else 1 - f for bit, f in zip(bits[::-1], fracs)]
            weights.append(functools.reduce(operator.mul, parts))
    else:
        weights = [ones_like(fracs[0])]
    flat = x.reshape(n, c, plane)
    out = 0
    for (index, _, _, inside), weight in zip(taps, weights):
        inside = Tensor._make(inside.astype(arr.dtype))
        picked = gather(flat, 2, Tensor._make(np.broadcast_to(
            index.reshape(n, 1, points), (n, c, points)).copy()))
        out = out + picked * (weight * inside).reshape(n, 1, points)
    return out.reshape((n, c) + tuple(grid.shape[1:-1]))


def _cubic_weight_tensors(t):
    """_cubic_weights' four tap weights as ember tensors of t (differentiable)."""
    a = _CUBIC_A

    def near(u):
        return ((a + 2) * u - (a + 3)) * u * u + 1

    def far(u):
        return ((a * u - 5 * a) * u + 8 * a) * u - 4 * a
    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


@grad_fn("GridSampler2DBackward0")
def GridSampler2DBackward0(ctx, grad):
    return _grid_sampler_backward(ctx, grad, GridSampler2DBackwardBackward0)


@grad_fn("GridSampler3DBackward0")
def GridSampler3DBackward0(ctx, grad):
    return _grid_sampler_backward(ctx, grad, GridSampler3DBackwardBackward0)


GridSampler2DBackwardBackward0 = grad_fn("GridSampler2DBackwardBackward0")(
    _grid_sampler_double_backward)
GridSampler3DBackwardBackward0 = grad_fn("GridSampler3DBackwardBackward0")(
    _grid_sampler_double_backward)


__all__ = [
    "affine_grid",
    "grid_sample",
    "interpolate",
    "pixel_shuffle",
    "pixel_unshuffle",
    "upsample",
    "upsample_bilinear",
    "upsample_nearest",
]
FUNCTIONS = {"pixel_shuffle": pixel_shuffle, "pixel_unshuffle": pixel_unshuffle}
METHODS = {}
