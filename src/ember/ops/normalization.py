"""Normalisation layers: layer, batch, group, instance, RMS and local response norms.

layer_norm, batch_norm and group_norm are primitives (PyTorch's Native*NormBackward0 nodes).
Their derivatives recompute the statistics with ember ops from the saved input, so that they
can be differentiated again (double backward through a normalisation is common in
gradient-penalty training).
"""
from __future__ import annotations

import math

import numpy as np

from .. import _dtype as D
from .. import _memory_format as MF
from .._tensor import Tensor
from ..autograd.grad_mode import _state as _grad_state
from ._half import widened
from . import _kernels
from ._kernels import (
    _EINSUM_DTYPES,
    c_einsum,
    einsum_for,
    plain,
    row_blocks,
    row_dots,
    row_sums,
    run_row_blocks,
)
from ._registry import grad_fn, record, require_float, type_name, wrap

_quiet = np.errstate


def _size(shape):
    return f"ember.Size({list(shape)})"


def _normalize_grad(x, grad_xhat, axes, eps):
    """d/dx of xhat = (x - mean) / sqrt(var + eps), both over ``axes``, applied to grad_xhat:
    rstd * (g - mean(g) - xhat * mean(g * xhat))."""
    mean = x.mean(axes, keepdim=True)
    centered = x - mean
    rstd = ((centered * centered).mean(axes, keepdim=True) + eps).rsqrt()
    xhat = centered * rstd
    return rstd * (grad_xhat - grad_xhat.mean(axes, keepdim=True)
                   - xhat * (grad_xhat * xhat).mean(axes, keepdim=True)), xhat


def _normalized_array(x, axes, eps):
    with _quiet(all="ignore"):
        mean = x.mean(axis=axes, keepdims=True)
        centered = x - mean
        var = (centered * centered).mean(axis=axes, keepdims=True)
        return centered / np.sqrt(var + eps), mean, var


def _affine_grads(ctx, grad, xhat, reduce_axes):
    gw = (grad * xhat).sum(reduce_axes) if ctx.needs_input_grad[1] else None
    gb = grad.sum(reduce_axes) if ctx.needs_input_grad[2] else None
    return gw, gb


# --- layer norm -------------------------------------------------------------------------------

def _check_mixed_dtype(input, *params):
    """PyTorch's CPU rule for norm parameters (and running stats) of another dtype: the first
    one given decides. Of the input's dtype, the others must match it too (checked after the
    kernel's dtype, by _check_same_dtype); of another, all must be float32 and the input half
    or bfloat16. Returns whether the dtypes are mixed."""
    given = [t for t in params if t is not None]
    if not given or given[0]._dtype is input._dtype:
        return False
    if any(t._dtype is not D.float32 for t in given):
        raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    if input._dtype not in (D.float16, D.bfloat16):
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
    return True


def _check_same_dtype(input, mixed, *params):
    if mixed:
        return
    for t in params:
        if t is not None and t._dtype is not input._dtype:
            raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                               f"{type_name(t._dtype)}")


def _require_real_float(input, kernel):
    """torch's normalisation kernels take real floating types only: integers, bools and
    complex numbers (which NumPy would normalise silently) are its NotImplementedError."""
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input._dtype)}'")
    require_float(input, kernel)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """(x - mean) / sqrt(var + eps) * weight + bias over the last len(normalized_shape) dims.
    d/dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = grad * weight."""
    if isinstance(normalized_shape, int):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of "
                        "ints, not int")
    normalized_shape = tuple(int(s) for s in normalized_shape)
    mixed = _check_mixed_dtype(input, weight, bias)
    k = len(normalized_shape)
    shape = input._data.shape
    if k == 0 or shape[len(shape) - k:] != normalized_shape or len(shape) < k:
        if k == 0:
            raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                               "containing at least one element, but got normalized_shape = []")
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with "
                           f"shape [*, {', '.join(map(str, normalized_shape))}], but got input "
                           f"of size{list(shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != normalized_shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {list(t.shape)} and normalized_shape = "
                               f"{list(normalized_shape)}")
    _require_real_float(input, "LayerNormKernelImpl")
    _check_same_dtype(input, mixed, weight, bias)
    axes = tuple(range(len(shape) - k, len(shape)))
    count = _prod(normalized_shape)
    rows = _prod(shape[:len(shape) - k])
    # On a (rows, count) view. Plain arrays run block by block in the intra-op threads;
    # others (ember.compile's traced ones, which ONNX export reads call by call, other
    # backends' and dtypes) take the whole array at once, with the same ufuncs and row sums
    # (einsum's for NumPy arrays: a row's sum does not depend on the rows beside it), so a
    # compiled plan gives eager's bits. mean and rstd are kept for backward, which recomputes
    # xhat from them (the caller may modify the output in place).
    # Half-precision data is normalised in float32 and rounded once, as torch's kernel does.
    x = widened(input._data).reshape(rows, count)
    w = None if weight is None else widened(weight._data).reshape(count)
    b = None if bias is None else widened(bias._data).reshape(count)
    if type(x) is np.ndarray and x.dtype in _EINSUM_DTYPES:
        out, mean, rstd = _layer_norm_rows(x, w, b, eps)
    else:
        sums = isinstance(x, np.ndarray) and x.dtype in _EINSUM_DTYPES
        with _quiet(all="ignore"):
            mean = np.einsum("ij->i", x).reshape(rows, 1) if sums else \
                np.add.reduce(x, axis=1, keepdims=True)
            mean /= count
            out = np.subtract(x, mean)
            rstd = np.einsum("ij,ij->i", out, out).reshape(rows, 1) if sums else \
                np.add.reduce(out * out, axis=1, keepdims=True)
            rstd /= count
            rstd += eps
            np.sqrt(rstd, out=rstd)
            np.reciprocal(rstd, out=rstd)
            out *= rstd
            if w is not None:
                out *= w
            if b is not None:
                out += b
    out = out.reshape(shape)
    if not input._data.flags.c_contiguous:  # torch writes a row-major result of any layout
        out = MF.row_major_array(out)
    if not mixed and x.dtype != input._data.dtype:
        # torch keeps a half-precision input's mean and rstd in its own dtype (float32 only
        # beside float32 parameters), and its backward reads them rounded so
        mean = mean.astype(input._data.dtype).astype(x.dtype)
        rstd = rstd.astype(input._data.dtype).astype(x.dtype)
    return record(wrap(out, input._dtype), NativeLayerNormBackward0,
                  (input, weight, bias), (input, weight), axes=axes, eps=eps, mean=mean,
                  rstd=rstd)


def _prod(shape):
    result = 1
    for size in shape:
        result *= size
    return result


@grad_fn("NativeLayerNormBackward0")
def NativeLayerNormBackward0(ctx, grad):
    x, weight = ctx.saved_tensors
    batch_axes = tuple(range(x.ndim - len(ctx.axes)))
    if _grad_state.enabled:  # create_graph: statistics recomputed with ember ops from x
        grad_xhat = grad * weight if weight is not None else grad
        gx, xhat = _normalize_grad(x, grad_xhat, ctx.axes, ctx.eps)
        return (gx,) + _affine_grads(ctx, grad, xhat, batch_axes)
    # The same formula on (rows, count) arrays (see _layer_norm_rows_backward); traced
    # arrays run the same blocks one after another in this thread, where the capture sees them.
    rstd = ctx.rstd
    norm_shape = x._data.shape[len(batch_axes):]
    rows, count = ctx.mean.shape[0], _prod(norm_shape)
    g = widened(grad._data).reshape(rows, count)
    x_rows = widened(x._data).reshape(rows, count)
    w = None if weight is None else widened(weight._data).reshape(count)
    if isinstance(x_rows, np.ndarray) and x_rows.dtype in _EINSUM_DTYPES:
        parallel = type(x_rows) is np.ndarray and type(g) is np.ndarray
        gx, gw, gb = _layer_norm_rows_backward(x_rows, g, w, ctx.mean, rstd,
                                               ctx.needs_input_grad, parallel)
        return (None if gx is None else Tensor._make(gx.reshape(x._data.shape)),
                None if gw is None else Tensor._make(gw.reshape(norm_shape)),
                None if gb is None else Tensor._make(gb.reshape(norm_shape)))
    with _quiet(all="ignore"):
        xhat = np.subtract(x_rows, ctx.mean)
        xhat *= rstd
        needs_x, needs_w, needs_b = ctx.needs_input_grad
        gw = gb = None
        if needs_w:
            gw = Tensor._make(_column_dots(g, xhat).reshape(norm_shape))
        if needs_b:
            gb = Tensor._make(np.add.reduce(g, axis=0).reshape(norm_shape))
        if not needs_x:
            return None, gw, gb
        gx = np.multiply(g, w) if w is not None else g.copy()
        sum_g = row_sums(gx, 1)
        sum_g_xhat = row_dots(gx, xhat, 1)
        sum_g /= count
        sum_g_xhat /= count
        gx -= sum_g
        gx -= np.multiply(xhat, sum_g_xhat)
        gx *= rstd
    return Tensor._make(gx.reshape(x._data.shape)), gw, gb


# Rows in the tile of a weight or bias vector: a block of rows is viewed as groups of this many
# rows and multiplied by (or added to) the tile, a same-shape operation with one contiguous
# inner loop per group (a row vector broadcast along the rows restarts NumPy's loop on each
# row, twice the time). A tile of a few thousand elements stays in L1; one as large as the
# block took as much of L2 as the data.
_TILE_ELEMENTS = 4096


def _row_tile(row):
    """``row`` (a 1-d array) repeated for a few rows, for ``_rows_op``; None for None."""
    if row is None:
        return None
    return np.tile(row, (max(1, _TILE_ELEMENTS // max(row.shape[0], 1)), 1))


def _rows_op(ufunc, block, tile, start=0):
    """``ufunc(block, rows, out=block)`` for a (rows, count) block, ``rows`` the tile's rows
    repeated from row ``start`` (the block's first row takes tile row ``start``): the rows up
    to the tile's next repetition, those in whole repetitions (as groups of the tile's shape),
    then the rest. Elementwise, so the values are those of a plain broadcast."""
    per = tile.shape[0]
    head = min(-start % per, block.shape[0])
    if head:
        part = block[:head]
        ufunc(part, tile[start:start + head], out=part)
    body = block[head:]
    whole = body.shape[0] - body.shape[0] % per
    if whole:
        grouped = body[:whole].reshape(-1, per, body.shape[1])
        ufunc(grouped, tile, out=grouped)
    if whole < body.shape[0]:
        rest = body[whole:]
        ufunc(rest, tile[:rest.shape[0]], out=rest)


def _layer_norm_rows(x, weight, bias, eps):
    """layer_norm's forward on a (rows, count) float array, block by block of rows: per row the
    mean, the variance of the centred row (two passes, as exact as the dtype allows) and
    rstd = 1 / sqrt(var + eps); out = (x - mean) * rstd * weight + bias, built in the output.
    The row sums are einsum's (one read of each row, no squared temporary), the ufuncs those
    of the whole-array path, so the bits are the same. Returns (out, mean, rstd), the
    statistics as (rows, 1) arrays."""
    rows, count = x.shape
    out = np.empty_like(x)
    mean = np.empty_like(x, shape=(rows, 1))
    rstd = np.empty_like(x, shape=(rows, 1))
    if not rows or not count:
        with _quiet(all="ignore"):  # no elements per row: NaN statistics, as torch gives
            mean[:] = np.add.reduce(x, axis=1, keepdims=True) / count
            rstd[:] = np.nan
        return out, mean, rstd
    blocks = row_blocks(rows, count)
    weights, biases = _row_tile(weight), _row_tile(bias)

    def kernel(index, lo, hi):
        block, out_block, m, r = x[lo:hi], out[lo:hi], mean[lo:hi], rstd[lo:hi]
        c_einsum("ij->i", block, out=m[:, 0])
        m /= count
        np.subtract(block, m, out=out_block)
        c_einsum("ij,ij->i", out_block, out_block, out=r[:, 0])
        r /= count
        r += eps
        np.sqrt(r, out=r)
        np.reciprocal(r, out=r)
        out_block *= r
        if weights is not None:
            _rows_op(np.multiply, out_block, weights)
        if biases is not None:
            _rows_op(np.add, out_block, biases)

    run_row_blocks(kernel, blocks, count)
    return out, mean, rstd


def _layer_norm_rows_backward(x, g, weight, mean, rstd, needs, parallel=True):
    """layer_norm's no-graph backward on (rows, count) float arrays, block by block of rows.
    With c = x - mean (so xhat = rstd * c), h = g * weight * rstd and the row sums
    s1 = sum(h), s2 = sum(h * c):

        dx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat)),   gw = g * weight,
           = h - q * c - s1 / count,   q = rstd**2 * s2 / count  (per row),
        dweight = sum over rows of (g * rstd) * c,   dbias = sum over rows of g,

    so that xhat is never built. The sums over rows are one partial sum per block, added in
    block order. Returns the three gradients as arrays (None where ``needs`` says not needed);
    ``parallel=False`` runs the blocks in this thread."""
    rows, count = x.shape
    needs_x, needs_w, needs_b = needs
    blocks = row_blocks(rows, count)
    weights = _row_tile(weight)
    gx = np.empty_like(x) if needs_x else None
    part_w = np.empty_like(x, shape=(len(blocks), count)) if needs_w else None
    part_b = np.empty_like(x, shape=(len(blocks), count)) if needs_b else None
    einsum = einsum_for(parallel)

    def kernel(index, lo, hi):
        g_block, r = g[lo:hi], rstd[lo:hi]
        centred = np.subtract(x[lo:hi], mean[lo:hi])
        if needs_b:
            einsum("ij->j", g_block, out=part_b[index])
        # g * rstd, built in dx's rows (no temporary: one array less in the cache), then
        # scaled there by the weight once the weight gradient has read it.
        gx_block = gx[lo:hi] if needs_x else None
        if needs_w or needs_x:
            scaled = np.multiply(g_block, r, out=gx_block)
        if needs_w:
            einsum("ij,ij->j", scaled, centred, out=part_w[index])
        if not needs_x:
            return
        if weights is not None:
            _rows_op(np.multiply, gx_block, weights)
        s1 = einsum("ij->i", gx_block)
        q = einsum("ij,ij->i", gx_block, centred)
        r = r[:, 0]
        q *= r
        q *= r
        q /= count
        s1 /= count
        centred *= q[:, None]
        gx_block -= centred
        gx_block -= s1[:, None]

    run_row_blocks(kernel, blocks, count, parallel)
    zeros = np.zeros_like(x, shape=count)
    gw = np.add.reduce(part_w, axis=0) if needs_w and rows else (zeros if needs_w else None)
    gb = np.add.reduce(part_b, axis=0) if needs_b and rows else (zeros if needs_b else None)
    return gx, gw, gb


def _column_dots(a, b):
    """sum over rows of a * b: the weight gradient of an affine normalisation."""
    if a.dtype == b.dtype and a.dtype in _EINSUM_DTYPES and isinstance(a, np.ndarray):
        return np.einsum("ij,ij->j", a, b)
    return np.add.reduce(a * b, axis=0)


# --- batch norm -------------------------------------------------------------------------------

def _channel_shape(input):
    return (1, input._data.shape[1]) + (1,) * (input._data.ndim - 2)


def _in_suggested_format(out, input, row_major_stays=True):
    """batch_norm's and group_norm's result array laid out as torch writes it: in the format
    the input's strides suggest (channels-last stays so, a permuted input gives row-major).
    ``row_major_stays``: a row-major input gives a row-major result (batch_norm's rule; a
    one-channel channels-last batch is both, and group_norm writes it channels-last)."""
    if input._data.flags.c_contiguous and (row_major_stays or 1 not in input._data.shape):
        return out
    return MF.in_format(out, MF.suggest(input._data.shape, input.stride()))


def _input_grad_laid_out(grads, x, like):
    """The node's gradients with the input's laid out by ``like(array, x)`` (torch's norm
    kernels write it so; a one-channel channels-last batch's keeps its channel stride)."""
    gx = grads[0]
    if gx is not None and not _grad_state.enabled and gx._base is None and gx._data.ndim > 2:
        gx._data = like(gx._data, x)
    return grads


def _batch_norm_rank_error(input, running_mean, running_var, weight, bias, training):
    """torch's errors for a 0-d or 1-D input, which it reads as having no channel dim: its size
    check of the batch indexes past a 0-d shape, the parameters must then hold 0 elements, and
    the channel count is read last."""
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel():
            raise RuntimeError(f"{name} should contain 0 elements not {t.numel()}")
    if not training:
        for name, t in (("running_mean", running_mean), ("running_var", running_var)):
            if t is None:
                raise RuntimeError(f"{name} must be defined in evaluation mode")
    raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1)"
                     if input._data.ndim else "dimension specified as 1 but tensor has no "
                     "dimensions")


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) by the batch statistics (training) or the running ones.
    Training updates running_mean/var in place: r = (1 - momentum) r + momentum * stat, with
    the unbiased batch variance."""
    shape = input._data.shape
    if training:  # torch's batch-size check, then its eps check, then the kernel's
        if not shape:
            raise IndexError("tuple index out of range")
        if shape[0] * math.prod(shape[2:]) == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input "
                             f"size {_size(shape)}")
    if training and eps <= 0 or eps < 0:
        raise ValueError(f"batch_norm eps must be "
                         f"{'positive during training' if training else 'non-negative'}, "
                         f"but got {eps}")
    return _batch_norm_kernel(input, running_mean, running_var, weight, bias, training, momentum,
                              eps)


def _batch_norm_kernel(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """batch_norm past its Python checks of the batch size and eps (instance_norm reaches the
    kernel without them)."""
    shape = input._data.shape
    if input._data.ndim < 2:
        _batch_norm_rank_error(input, running_mean, running_var, weight, bias, training)
    channels = shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
    if not training:
        for name, t in (("running_mean", running_mean), ("running_var", running_var)):
            if t is None:
                raise RuntimeError(f"{name} must be defined in evaluation mode")
    _require_real_float(input, "batch_norm")
    params = (weight, bias, running_mean, running_var)
    _check_same_dtype(input, _check_mixed_dtype(input, *params), *params)
    axes = (0,) + tuple(range(2, len(shape)))
    cshape = _channel_shape(input)
    x = input._data
    use_batch = training or running_mean is None or running_var is None
    if use_batch and _channel_kernel_applies(x, weight, bias):
        out, mean, var, batch_rstd = _batch_norm_channels(
            x.reshape(shape[0], channels, -1), _vector(weight), _vector(bias), eps)
        out = out.reshape(shape)
        mean, var, batch_rstd = (a.reshape(cshape) for a in (mean, var, batch_rstd))
    elif use_batch:
        xhat, mean, var = _normalized_array(x, axes, eps)
        with _quiet(all="ignore"):
            batch_rstd = 1.0 / np.sqrt(var + eps)
        out = _affine(xhat, weight, bias, cshape)
    else:
        mean = running_mean._data.reshape(cshape)
        rstd = 1.0 / np.sqrt(running_var._data.reshape(cshape) + eps)
        out = _affine((x - mean) * rstd, weight, bias, cshape)
    if use_batch:
        if training and running_mean is not None:
            n = x.size // channels if channels else 0
            unbiased = var.reshape(-1) * (n / max(n - 1, 1))
            _update_running(running_mean, mean.reshape(-1), momentum)
            if running_var is not None:
                _update_running(running_var, unbiased, momentum)
        rstd = None
    out = _in_suggested_format(out.astype(x.dtype, copy=False), input)
    return record(wrap(out, input._dtype), NativeBatchNormBackward0,
                  (input, weight, bias), (input, weight), axes=axes, eps=eps,
                  use_batch=use_batch, cshape=cshape,
                  rstd=None if rstd is None else Tensor._make(rstd.astype(x.dtype)),
                  mean=None if use_batch else Tensor._make(mean.astype(x.dtype)),
                  stats=(mean, batch_rstd) if use_batch else None)


def _affine(xhat, weight, bias, cshape):
    out = xhat
    if weight is not None:
        out = out * weight._data.reshape(cshape)
    if bias is not None:
        out = out + bias._data.reshape(cshape)
    return out


def _vector(t):
    return None if t is None else t._data.reshape(-1)


def _channel_kernel_applies(x, *params):
    """batch and group norm run their blocked kernels on non-empty float32/float64 NumPy
    arrays (ember.compile's traced ones too, in one thread) with parameters of the same dtype;
    other dtypes and backends take the whole-array formulas."""
    if not isinstance(x, np.ndarray) or x.dtype not in _EINSUM_DTYPES or not x.size:
        return False
    for t in params:
        if t is not None and (not isinstance(t._data, np.ndarray) or t._data.dtype != x.dtype):
            return False
    return True


# Planes shorter than this (the spatial size S of an (N, C, S) batch) get their per-channel
# values as a (C, S) tile: a block of samples is then one contiguous inner loop per sample
# instead of one per channel, which on short planes costs twice a same-shape operation.
_SHORT_PLANE = 1024


def _per_channel(values, size, tiled):
    """Per-channel values (C,) as the operand of an (n, C, S) block: a (C, S) tile when
    ``tiled`` (see ``_channel_tiles``), else a (C, 1) column. Elementwise either way, so the
    results are the same."""
    column = values[:, None]
    return np.repeat(column, size, axis=1) if tiled else column


def _channel_tiles(x):
    """Whether batch norm's kernels on (N, C, S) ``x`` take (C, S) tiles: NumPy's arrays
    (ember.compile's traced ones too, so that a plan replays the tiles) with short planes whose
    tile is no larger than a block."""
    _, channels, size = x.shape
    return isinstance(x, np.ndarray) and size < _SHORT_PLANE \
        and channels * size <= _kernels.BLOCK_ELEMENTS


def _batch_norm_channels(x, weight, bias, eps):
    """batch_norm's forward with batch statistics on an (N, C, S) float array, in three runs
    over blocks of samples: per-channel sums, then the sums of squares of the centred values
    (centred into the output, so the variance is the exact two-pass one), then the scaling
    out = c * (rstd * weight) + bias in place. Sums across blocks add one partial per block in
    block order. Returns (out, mean, biased var, rstd), the statistics as (C,) arrays."""
    n, channels, size = x.shape
    count = n * size
    blocks = row_blocks(n, channels * size)
    parallel = plain(x)
    einsum = einsum_for(parallel)
    out = np.empty_like(x)
    partial = np.empty((len(blocks), channels), x.dtype, like=x)

    def sums(index, lo, hi):
        einsum("ncs->c", x[lo:hi], out=partial[index])

    run_row_blocks(sums, blocks, channels * size, parallel, size)
    mean = np.add.reduce(partial, axis=0)
    mean /= count
    tiled = _channel_tiles(x)
    column = _per_channel(mean, size, tiled)

    def squares(index, lo, hi):
        centred = out[lo:hi]
        np.subtract(x[lo:hi], column, out=centred)
        einsum("ncs,ncs->c", centred, centred, out=partial[index])

    run_row_blocks(squares, blocks, channels * size, parallel, size)
    var = np.add.reduce(partial, axis=0)
    var /= count
    rstd = var + eps
    np.sqrt(rstd, out=rstd)
    np.reciprocal(rstd, out=rstd)
    scale = _per_channel(rstd if weight is None else rstd * weight, size, tiled)
    shift = None if bias is None else _per_channel(bias, size, tiled)

    def affine(index, lo, hi):
        block = out[lo:hi]
        block *= scale
        if shift is not None:
            block += shift

    run_row_blocks(affine, blocks, channels * size, parallel, size)
    return out, mean, var, rstd


def _batch_norm_channels_backward(x, g, weight, mean, rstd, needs):
    """batch_norm's no-graph backward with batch statistics on (N, C, S) float arrays. With
    c = x - mean and the per-channel sums A = sum g, B = sum g * c (one run over blocks of
    samples, partials added in block order):

        dbias = A,  dweight = rstd * B,
        dx = rstd * weight * (g - A / count - c * rstd**2 * B / count),

    the second run building dx in place from c, which the first run left in dx's buffer."""
    n, channels, size = x.shape
    count = n * size
    needs_x, needs_w, needs_b = needs
    blocks = row_blocks(n, channels * size)
    parallel = plain(x, g)
    einsum = einsum_for(parallel)
    dx = np.empty_like(x)
    part_a = np.empty((len(blocks), channels), x.dtype, like=x)
    part_b = np.empty((len(blocks), channels), x.dtype, like=x)
    tiled = _channel_tiles(x)
    column = _per_channel(mean, size, tiled)

    def sums(index, lo, hi):
        centred = dx[lo:hi]
        np.subtract(x[lo:hi], column, out=centred)
        einsum("ncs->c", g[lo:hi], out=part_a[index])
        einsum("ncs,ncs->c", g[lo:hi], centred, out=part_b[index])

    run_row_blocks(sums, blocks, channels * size, parallel, size)
    sum_g = np.add.reduce(part_a, axis=0)
    sum_gc = np.add.reduce(part_b, axis=0)
    gw = sum_gc * rstd if needs_w else None
    gb = sum_g if needs_b else None
    if not needs_x:
        return None, gw, gb
    q = _per_channel(rstd * rstd * sum_gc / count, size, tiled)
    r = _per_channel(sum_g / count, size, tiled)
    p = _per_channel(rstd if weight is None else rstd * weight, size, tiled)

    def gradient(index, lo, hi):
        block = dx[lo:hi]
        block *= q
        np.subtract(g[lo:hi], block, out=block)
        block -= r
        block *= p

    run_row_blocks(gradient, blocks, channels * size, parallel, size)
    return dx, gw, gb


def _update_running(stat, value, momentum):
    stat._data[...] = (1 - momentum) * stat._data + momentum * value.astype(stat._data.dtype)
    stat._vc[0] += 1


@grad_fn("NativeBatchNormBackward0")
def NativeBatchNormBackward0(ctx, grad):
    """batch_norm's gradients; the input's laid out as the input is."""
    return _input_grad_laid_out(_batch_norm_backward(ctx, grad), ctx.saved_tensors[0],
                                lambda array, x: MF.like_source(array, x._data))


def _batch_norm_backward(ctx, grad):
    x, weight = ctx.saved_tensors
    if not _grad_state.enabled and isinstance(x._data, np.ndarray):
        n, c = x._data.shape[:2]
        if ctx.use_batch and _channel_kernel_applies(x._data, weight, grad):
            mean, rstd = (a.reshape(c) for a in ctx.stats)
            gx, gw, gb = _batch_norm_channels_backward(
                x._data.reshape(n, c, -1), grad._data.reshape(n, c, -1), _vector(weight),
                mean, rstd, ctx.needs_input_grad)
            return (None if gx is None else Tensor._make(gx.reshape(x._data.shape)),
                    None if gw is None else Tensor._make(gw),
                    None if gb is None else Tensor._make(gb))
        if ctx.use_batch:
            mean, rstd = (a.reshape(1, c, 1) for a in ctx.stats)
        else:
            mean, rstd = ctx.mean._data.reshape(1, c, 1), ctx.rstd._data.reshape(1, c, 1)
        return _normalize_backward(ctx, x._data.reshape(n, c, -1), grad._data.reshape(n, c, -1),
                                   weight, mean, rstd, ctx.use_batch)
    w = weight.reshape(ctx.cshape) if weight is not None else None
    grad_xhat = grad * w if w is not None else grad
    if ctx.use_batch:
        gx, xhat = _normalize_grad(x, grad_xhat, ctx.axes, ctx.eps)
    else:
        gx = grad_xhat * ctx.rstd
        xhat = (x - ctx.mean) * ctx.rstd
    return (gx,) + _affine_grads(ctx, grad, xhat, ctx.axes)


def _normalize_backward(ctx, x, g, weight, mean, rstd, batch_statistics):
    """The no-graph backward of batch and group norm on (N, G, C, S) arrays (batch norm: G
    absent, as (N, C, S)) with per-channel weight and statistics broadcastable to x:

        gb = sum g,  gw = sum g * xhat  (over all but the channel axes),
        dx = rstd * (gw' - mean(gw') - xhat * mean(gw' * xhat)),  gw' = g * weight,

    the means over each statistic's slice; with fixed (running) statistics dx = rstd * gw'.
    """
    reduce_axes = (0, x.ndim - 1)
    stat_axes = tuple(i for i in range(x.ndim) if mean.shape[i] == 1)
    xhat = x - mean
    xhat *= rstd
    needs_x, needs_w, needs_b = ctx.needs_input_grad
    shape = x.shape[1:-1]
    gw = Tensor._make(_sum_over(g * xhat, reduce_axes).reshape(-1)) if needs_w else None
    gb = Tensor._make(_sum_over(g, reduce_axes).reshape(-1)) if needs_b else None
    if not needs_x:
        return None, gw, gb
    if weight is not None:
        gx = np.multiply(g, weight._data.reshape(shape + (1,)))
    else:
        gx = np.copy(g)
    if batch_statistics:
        count = _prod(x.shape[i] for i in stat_axes)
        with _quiet(all="ignore"):  # an empty batch divides by zero count: nothing to scale
            mean_g = _sum_over(gx, stat_axes) / count
            mean_g_xhat = _sum_over(gx * xhat, stat_axes) / count
        xhat *= mean_g_xhat
        gx -= mean_g
        gx -= xhat
    gx *= rstd
    return Tensor._make(gx.reshape(ctx._input_meta[0][0])), gw, gb


def _sum_over(a, axes):
    return np.add.reduce(a, axis=axes, keepdims=True)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalise each (sample, channel) plane over its spatial dims; batch_norm on the input
    viewed as one batch of N*C channels, as PyTorch computes it."""
    shape = input._data.shape
    if use_input_stats:
        spatial = int(np.prod(shape[2:]))
        if spatial == 1:
            raise ValueError("Expected more than 1 spatial element when training, got input size "
                             f"{_size(shape)}")
    n, c = shape[0], shape[1]
    if n == 0 and (weight is not None or bias is not None):
        # torch repeats the affine parameters once per sample and reads the first copy
        raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
    folded = input.contiguous().reshape((1, n * c) + shape[2:])  # (row-major, as torch's)
    repeat = (lambda t: None if t is None else t.reshape(1, c).expand(n, c).reshape(n * c))
    mean_rep = None if running_mean is None else Tensor._make(np.tile(running_mean._data, n))
    var_rep = None if running_var is None else Tensor._make(np.tile(running_var._data, n))
    out = _batch_norm_kernel(folded, mean_rep, var_rep, repeat(weight), repeat(bias),
                             use_input_stats, momentum, eps)
    if use_input_stats:
        for stat, rep in ((running_mean, mean_rep), (running_var, var_rep)):
            if stat is not None:  # (a mean over no samples is NaN, as in torch)
                stat._data[...] = rep._data.reshape(n, c).mean(0) if n else np.nan
                stat._vc[0] += 1
    return out.reshape(shape)


# --- group norm -------------------------------------------------------------------------------

def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each of num_groups groups of channels per sample, then scale/shift per
    channel.   d/dx as layer_norm's within each group."""
    shape = input._data.shape
    if input._data.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input._data.ndim}")
    if num_groups == 0:  # torch's Python wrapper divides by it first
        raise ZeroDivisionError("integer division or modulo by zero")
    if num_groups < 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    n, c = shape[0], shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {list(shape)} and num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {list(t.shape)} and "
                               f"input of shape {list(shape)}")
    mixed = _check_mixed_dtype(input, weight, bias)
    _require_real_float(input, "GroupNormKernelImpl")
    _check_same_dtype(input, mixed, weight, bias)
    cshape = _channel_shape(input)
    if _channel_kernel_applies(input._data, weight, bias):
        x = input._data.reshape(n * num_groups, c // num_groups, -1)
        out, mean, rstd = _group_norm_rows(x, _vector(weight), _vector(bias), eps, num_groups)
        out = out.reshape(shape)
    else:
        # (the group's length spelt out: an empty batch cannot infer it)
        grouped = input._data.reshape(n, num_groups, math.prod(shape[1:]) // num_groups)
        xhat, mean, var = _normalized_array(grouped, (2,), eps)
        with _quiet(all="ignore"):
            rstd = 1.0 / np.sqrt(var + eps)
        out = _affine(xhat.reshape(shape), weight, bias, cshape)
    out = _in_suggested_format(out, input, row_major_stays=False)
    return record(wrap(out, input._dtype), NativeGroupNormBackward0, (input, weight, bias),
                  (input, weight), groups=num_groups, eps=eps, cshape=cshape,
                  stats=(mean, rstd))


def _per_row(t, n, groups):
    """A per-channel vector as an (n * groups, channels per group) array: row r of a grouped
    (n * groups, channels per group, S) view scales by row r % groups of the reshaped vector."""
    return None if t is None else np.tile(t._data.reshape(groups, -1), (n, 1))


def _group_norm_rows(x, weight, bias, eps, groups):
    """group_norm's forward on an (R, C, S) float array (R = samples x groups, C channels per
    group), block by block of rows: per row the mean and the variance of the centred values
    (centred into the output), then the affine step per channel, in place. ``weight``/``bias``
    are the (groups * C,) channel vectors or None. On short planes (see ``_channel_tiles``) it
    is out = c * rstd * weight + bias with the channel values as (groups, C * S) tiles that row
    r of the array takes row r % groups of (same-shape operations, one inner loop per group
    row); on long ones out = c * (rstd * weight) + bias per channel. The choice depends on the
    shape alone. Returns (out, mean, rstd), the statistics (R, 1)."""
    rows, channels, size = x.shape
    count = channels * size
    flat = x.reshape(rows, count)
    # Row-major, so out_flat is a view of it: x may be a strided view (a channels-last input
    # grouped), whose layout empty_like would copy, making out_flat a detached copy.
    out = np.empty_like(x, order="C")
    out_flat = out.reshape(rows, count)
    mean = np.empty((rows, 1), x.dtype, like=x)
    rstd = np.empty((rows, 1), x.dtype, like=x)
    einsum = einsum_for(plain(x))
    tiled = size < _SHORT_PLANE and groups * count <= _kernels.BLOCK_ELEMENTS
    if tiled:
        def tile(t):
            return None if t is None else _per_channel(t, size, True).reshape(groups, count)
    else:
        def tile(t):  # per (row, channel): row r of the array takes row r % groups
            return None if t is None else np.tile(t.reshape(groups, channels), (rows // groups, 1))
    weights, biases = tile(weight), tile(bias)

    def kernel(index, lo, hi):
        block, centred, m, r = flat[lo:hi], out_flat[lo:hi], mean[lo:hi], rstd[lo:hi]
        einsum("ij->i", block, out=m[:, 0])
        m /= count
        np.subtract(block, m, out=centred)
        einsum("ij,ij->i", centred, centred, out=r[:, 0])
        r /= count
        r += eps
        np.sqrt(r, out=r)
        np.reciprocal(r, out=r)
        if tiled:
            centred *= r
            if weights is not None:
                _rows_op(np.multiply, centred, weights, lo % groups)
            if biases is not None:
                _rows_op(np.add, centred, biases, lo % groups)
            return
        block_out = out[lo:hi]
        if weights is None:
            centred *= r
        else:
            block_out *= (weights[lo:hi] * r)[:, :, None]
        if biases is not None:
            block_out += biases[lo:hi, :, None]

    run_row_blocks(kernel, row_blocks(rows, count), count, plain(x), size)
    return out, mean, rstd


def _group_norm_rows_backward(x, g, weight, mean, rstd, needs_x):
    """group_norm's no-graph backward on (R, C, S) float arrays, block by block of rows. With
    c = x - mean, the per-(row, channel) sums A = sum_s g and B = sum_s g * c, and
    s1 = sum_C weight * A, s2 = sum_C weight * B per row:

        dx = rstd * weight * g - rstd * s1 / count - c * rstd**3 * s2 / count,
        dweight = sum over samples of rstd * B,  dbias = sum over samples of A.

    Returns (dx or None, rstd * B, A), the sums per row, which the caller adds over samples."""
    rows, channels, size = x.shape
    count = channels * size
    dx = np.empty_like(x) if needs_x else None
    sum_g = np.empty((rows, channels), x.dtype, like=x)
    sum_gc = np.empty((rows, channels), x.dtype, like=x)
    einsum = einsum_for(plain(x, g))

    def kernel(index, lo, hi):
        g_block, r = g[lo:hi], rstd[lo:hi]
        centred = np.subtract(x[lo:hi], mean[lo:hi, :, None])
        a, b = sum_g[lo:hi], sum_gc[lo:hi]
        einsum("rcs->rc", g_block, out=a)
        einsum("rcs,rcs->rc", g_block, centred, out=b)
        if needs_x:
            if weight is None:
                s1, s2 = einsum("rc->r", a)[:, None], einsum("rc->r", b)[:, None]
            else:
                w = weight[lo:hi]
                s1, s2 = einsum("rc,rc->r", a, w)[:, None], einsum("rc,rc->r", b, w)[:, None]
            k = r / count
            s1 *= k
            s2 *= r
            s2 *= r
            s2 *= k
            p = r if weight is None else w * r
            block = dx[lo:hi]
            np.multiply(g_block, p[:, :, None], out=block)
            centred *= s2[:, :, None]
            block -= centred
            block -= s1[:, :, None]
        b *= r

    run_row_blocks(kernel, row_blocks(rows, count), count, plain(x, g), size)
    return dx, sum_gc, sum_g


@grad_fn("NativeGroupNormBackward0")
def NativeGroupNormBackward0(ctx, grad):
    """group_norm's gradients; the input's in the format the input's strides suggest."""
    return _input_grad_laid_out(_group_norm_backward(ctx, grad), ctx.saved_tensors[0],
                                lambda array, x: _in_suggested_format(array, x, False))


def _group_norm_backward(ctx, grad):
    x, weight = ctx.saved_tensors
    shape = tuple(x.shape)
    if not _grad_state.enabled and _channel_kernel_applies(x._data, weight, grad) \
            and isinstance(ctx.stats[0], np.ndarray) and ctx.stats[0].ndim == 2:
        n, c, groups = shape[0], shape[1], ctx.groups
        grouped = (n * groups, c // groups, -1)
        mean, rstd = ctx.stats
        gx, gw, gb = _group_norm_rows_backward(
            x._data.reshape(grouped), grad._data.reshape(grouped), _per_row(weight, n, groups),
            mean, rstd, ctx.needs_input_grad[0])
        needs_x, needs_w, needs_b = ctx.needs_input_grad
        return (Tensor._make(gx.reshape(shape)) if needs_x else None,
                Tensor._make(np.add.reduce(gw.reshape(n, c), axis=0)) if needs_w else None,
                Tensor._make(np.add.reduce(gb.reshape(n, c), axis=0)) if needs_b else None)
    if not _grad_state.enabled and isinstance(x._data, np.ndarray):
        n, c, groups = shape[0], shape[1], ctx.groups
        grouped = (n, groups, c // groups, -1)
        mean, rstd = (a.reshape(n, groups, 1, 1) for a in ctx.stats)
        return _normalize_backward(ctx, x._data.reshape(grouped), grad._data.reshape(grouped),
                                   weight, mean, rstd, True)
    grad_xhat = grad * weight.reshape(ctx.cshape) if weight is not None else grad
    grouped = (shape[0], ctx.groups, -1)
    gx, xhat = _normalize_grad(x.reshape(grouped), grad_xhat.reshape(grouped), (2,), ctx.eps)
    axes = (0,) + tuple(range(2, len(shape)))
    return (gx.reshape(shape),) + _affine_grads(ctx, grad, xhat.reshape(shape), axes)


# --- composites -------------------------------------------------------------------------------

def rms_norm(input, normalized_shape, weight=None, eps=None):
    """input / sqrt(mean(input², last dims) + eps) * weight (eps defaults to the dtype's)."""
    if isinstance(normalized_shape, int):
        raise TypeError("rms_norm(): argument 'normalized_shape' (position 2) must be tuple of "
                        "ints, not int")
    normalized_shape = tuple(normalized_shape)
    k = len(normalized_shape)
    shape = tuple(input.shape)
    if k and len(shape) < k:
        raise ValueError(f"Input tensor must have at least {k} dimensions, but got {len(shape)}")
    if k == 0 or shape[len(shape) - k:] != normalized_shape:
        if k == 0:  # (the mean over no dims would be silently the mean over all)
            raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                               "containing at least one element, but got normalized_shape = []")
        # (torch's rms_norm words the shape without layer_norm's comma after the star)
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with "
                           f"shape [*{', '.join(map(str, normalized_shape))}], but got input "
                           f"of size{list(shape)}")
    if input._dtype.category < D._FLOAT:
        raise NotImplementedError(f"\"rms_norm\" not implemented for '{type_name(input._dtype)}'")
    if eps is None:
        eps = float(np.finfo(input._dtype.np).eps)
    dims = tuple(range(-k, 0))
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    out = out * weight if weight is not None else out
    if not input._data.flags.c_contiguous:  # torch's fused kernel writes the suggested format
        out._data = _in_suggested_format(out._data, input)
    return out


_LRN_3D_DTYPES = (D.float32, D.float64, D.int64)
_LRN_2D_DTYPES = (*_LRN_3D_DTYPES, D.float16, D.bfloat16)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """input / (k + alpha * mean of input² over ``size`` neighbouring channels) ** beta."""
    dim = input.dim()
    if dim < 3:
        # (torch's text carries the indent of its source line's continuation)
        raise ValueError(f"Expected 3D or higher dimensionality{' ' * 26}input (got {dim} "
                         "dimensions)")
    if input.numel() == 0:
        return input
    # torch averages the squares with avg_pool2d (a 3-d input) or avg_pool3d, whose CPU kernels
    # take these dtypes only (NumPy would compute on any)
    kernel, dtypes = ("avg_pool2d", _LRN_2D_DTYPES) if dim == 3 else \
        ("avg_pool3d_out_frame", _LRN_3D_DTYPES)
    if input._dtype not in dtypes:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input._dtype)}'")
    from .joining import cat
    squared = input * input
    shape = tuple(input.shape)
    before, after = size // 2, (size - 1) // 2
    zeros = (lambda count: squared.new_zeros((shape[0], count) + shape[2:]))
    padded = cat([zeros(before), squared, zeros(after)], 1)
    channels = shape[1]
    window = padded.narrow(1, 0, channels)
    for offset in range(1, size):
        window = window + padded.narrow(1, offset, channels)
    denominator = (window * (alpha / size) + k) ** beta
    return _like_input(input / denominator, input)


def _like_input(out, input):
    """A composite's fresh result laid out as torch's elementwise steps leave it: with the
    strides of a preserve_format copy of the input."""
    if not input._data.flags.c_contiguous:
        out._data = MF.like_source(out._data, input._data)
    return out


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p along dim, eps)."""
    from .loss import _clamp_min
    from .reduction import norm
    denominator = _clamp_min(norm(input, p, dim, keepdim=True), eps).expand_as(input)
    return _like_input(input / denominator, input)
