"""Normalisation layers: layer, batch, group, instance, RMS and local response norms.

layer_norm, batch_norm and group_norm are primitives (PyTorch's Native*NormBackward0 nodes).
Their derivatives recompute the statistics with ember ops from the saved input, so that they
can be differentiated again (double backward through a normalisation is common in
gradient-penalty training).
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..autograd.grad_mode import _state as _grad_state
from ._half import widened
from ._kernels import _EINSUM_DTYPES, row_blocks, row_dots, row_sums, run_row_blocks
from ._registry import grad_fn, record, require_float, wrap

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

def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """(x - mean) / sqrt(var + eps) * weight + bias over the last len(normalized_shape) dims.
    d/dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = grad * weight."""
    if isinstance(normalized_shape, int):
        raise TypeError("layer_norm(): argument 'normalized_shape' (position 2) must be tuple of "
                        "ints, not int")
    normalized_shape = tuple(int(s) for s in normalized_shape)
    require_float(input, "LayerNormKernelImpl")
    k = len(normalized_shape)
    shape = input._data.shape
    if k == 0 or shape[len(shape) - k:] != normalized_shape or len(shape) < k:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with "
                           f"shape [*, {', '.join(map(str, normalized_shape))}], but got input "
                           f"of size{list(shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != normalized_shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {list(t.shape)} and normalized_shape = "
                               f"{list(normalized_shape)}")
    if input._dtype.np in _EINSUM_DTYPES:
        for t in (weight, bias):
            if t is not None and t._dtype is not input._dtype:
                raise RuntimeError(
                    "mixed dtype (CPU): " + ("expect parameter to have scalar type of Float"
                                             if input._dtype.np == np.float32
                                             else "all inputs must share same datatype."))
    axes = tuple(range(len(shape) - k, len(shape)))
    count = _prod(normalized_shape)
    rows = _prod(shape[:len(shape) - k])
    # On a (rows, count) view. Plain arrays run block by block in the intra-op threads;
    # others (ember.compile's traced ones, which ONNX export reads call by call, other
    # backends' and dtypes) take the whole array at once, with the same ufuncs and reductions
    # in the same order, so a compiled plan gives eager's bits. mean and rstd are kept for
    # backward, which recomputes xhat from them (the caller may modify the output in place).
    # Half-precision data is normalised in float32 and rounded once, as torch's kernel does.
    x = widened(input._data).reshape(rows, count)
    w = None if weight is None else widened(weight._data).reshape(count)
    b = None if bias is None else widened(bias._data).reshape(count)
    if type(x) is np.ndarray and x.dtype in _EINSUM_DTYPES:
        out, mean, rstd = _layer_norm_rows(x, w, b, eps)
    else:
        with _quiet(all="ignore"):
            mean = np.add.reduce(x, axis=1, keepdims=True)
            mean /= count
            out = np.subtract(x, mean)
            rstd = np.add.reduce(out * out, axis=1, keepdims=True)
            rstd /= count
            rstd += eps
            np.sqrt(rstd, out=rstd)
            np.reciprocal(rstd, out=rstd)
            out *= rstd
            if w is not None:
                out *= w
            if b is not None:
                out += b
    return record(wrap(out.reshape(shape), input._dtype), NativeLayerNormBackward0,
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
        gx = np.multiply(g, w) if w is not None else np.array(g, copy=True)
        sum_g = row_sums(gx, 1)
        sum_g_xhat = row_dots(gx, xhat, 1)
        sum_g /= count
        sum_g_xhat /= count
        gx -= sum_g
        gx -= np.multiply(xhat, sum_g_xhat)
        gx *= rstd
    return Tensor._make(gx.reshape(x._data.shape)), gw, gb


def _tiled(row, blocks):
    """``row`` repeated for the rows of the largest block: multiplying a block by a same-shape
    contiguous array runs one long inner loop, where broadcasting a row starts one per row."""
    if row is None:
        return None
    return np.tile(row, (max(hi - lo for lo, hi in blocks), 1))


def _layer_norm_rows(x, weight, bias, eps):
    """layer_norm's forward on a (rows, count) float array, block by block of rows: per row the
    mean, the variance of the centred row (two passes, as exact as the dtype allows) and
    rstd = 1 / sqrt(var + eps); out = (x - mean) * rstd * weight + bias, built in the output.
    The ufuncs and reductions are layer_norm's whole-array ones, so the bits are the same.
    Returns (out, mean, rstd), the statistics as (rows, 1) arrays."""
    rows, count = x.shape
    out = np.empty_like(x)
    mean = np.empty((rows, 1), x.dtype)
    rstd = np.empty((rows, 1), x.dtype)
    if not rows or not count:
        with _quiet(all="ignore"):  # no elements per row: NaN statistics, as torch gives
            mean[:] = np.add.reduce(x, axis=1, keepdims=True) / count
            rstd[:] = np.nan
        return out, mean, rstd
    blocks = row_blocks(rows, count)
    weights, biases = _tiled(weight, blocks), _tiled(bias, blocks)

    def kernel(index, lo, hi):
        block, out_block, m, r = x[lo:hi], out[lo:hi], mean[lo:hi], rstd[lo:hi]
        np.add.reduce(block, axis=1, keepdims=True, out=m)
        m /= count
        np.subtract(block, m, out=out_block)
        np.add.reduce(out_block * out_block, axis=1, keepdims=True, out=r)
        r /= count
        r += eps
        np.sqrt(r, out=r)
        np.reciprocal(r, out=r)
        out_block *= r
        if weights is not None:
            out_block *= weights[:hi - lo]
        if biases is not None:
            out_block += biases[:hi - lo]

    run_row_blocks(kernel, blocks, count)
    return out, mean, rstd


def _layer_norm_rows_backward(x, g, weight, mean, rstd, needs, parallel=True):
    """layer_norm's no-graph backward on (rows, count) float arrays, block by block of rows.
    With c = x - mean (so xhat = rstd * c), gw = g * weight and the row sums s1 = sum(gw),
    s2 = sum(gw * c):

        dx = rstd * (gw - mean(gw) - xhat * mean(gw * xhat))
           = rstd * gw - q * c - rstd * s1 / count,   q = rstd**3 * s2 / count  (per row),
        dweight = sum over rows of (g * rstd) * c,   dbias = sum over rows of g,

    so that xhat is never built and only two passes broadcast a per-row value over a block.
    The sums over rows are one partial sum per block, added in block order. Returns the three
    gradients as arrays (None where ``needs`` says not needed); ``parallel=False`` runs the
    blocks in this thread."""
    rows, count = x.shape
    needs_x, needs_w, needs_b = needs
    blocks = row_blocks(rows, count)
    weights = _tiled(weight, blocks)
    gx = np.empty_like(x) if needs_x else None
    part_w = np.empty((len(blocks), count), x.dtype) if needs_w else None
    part_b = np.empty((len(blocks), count), x.dtype) if needs_b else None

    def kernel(index, lo, hi):
        g_block, r = g[lo:hi], rstd[lo:hi, 0]
        centred = np.subtract(x[lo:hi], mean[lo:hi])
        if needs_w:
            np.einsum("ij,ij->j", np.einsum("ij,i->ij", g_block, r), centred,
                      out=part_w[index])
        if needs_b:
            np.einsum("ij->j", g_block, out=part_b[index])
        if not needs_x:
            return
        gx_block = gx[lo:hi]
        gw = g_block if weights is None else np.multiply(g_block, weights[:hi - lo])
        s1 = np.einsum("ij->i", gw)
        q = np.einsum("ij,ij->i", gw, centred)
        q *= r
        q *= r
        q *= r
        q /= count
        s1 *= r
        s1 /= count
        np.einsum("ij,i->ij", gw, r, out=gx_block)
        # gw's own buffer (when it is one) takes the product: einsum's out may not alias.
        gx_block -= np.einsum("ij,i->ij", centred, q, out=None if weights is None else gw)
        gx_block -= s1[:, None]

    run_row_blocks(kernel, blocks, count, parallel)
    zeros = np.zeros(count, x.dtype)
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


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) by the batch statistics (training) or the running ones.
    Training updates running_mean/var in place: r = (1 - momentum) r + momentum * stat, with
    the unbiased batch variance."""
    shape = input._data.shape
    if input._data.ndim < 2:
        raise ValueError(f"Expected 2D or higher input (got {input._data.ndim}D input)")
    require_float(input, "batch_norm")
    if training:
        count = int(np.prod(shape)) // shape[1] if shape[1] else 0
        if count == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input "
                             f"size {_size(shape)}")
    channels = shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
    axes = (0,) + tuple(range(2, len(shape)))
    cshape = _channel_shape(input)
    x = input._data
    use_batch = training or running_mean is None or running_var is None
    if use_batch:
        xhat, mean, var = _normalized_array(x, axes, eps)
        with _quiet(all="ignore"):
            batch_rstd = 1.0 / np.sqrt(var + eps)
        if training and running_mean is not None:
            n = x.size // channels
            unbiased = var.reshape(-1) * (n / max(n - 1, 1))
            _update_running(running_mean, mean.reshape(-1), momentum)
            if running_var is not None:
                _update_running(running_var, unbiased, momentum)
        rstd = None
    else:
        mean = running_mean._data.reshape(cshape)
        rstd = 1.0 / np.sqrt(running_var._data.reshape(cshape) + eps)
        xhat = (x - mean) * rstd
    out = xhat
    if weight is not None:
        out = out * weight._data.reshape(cshape)
    if bias is not None:
        out = out + bias._data.reshape(cshape)
    return record(wrap(out.astype(x.dtype, copy=False), input._dtype), NativeBatchNormBackward0,
                  (input, weight, bias), (input, weight), axes=axes, eps=eps,
                  use_batch=use_batch, cshape=cshape,
                  rstd=None if rstd is None else Tensor._make(rstd.astype(x.dtype)),
                  mean=None if use_batch else Tensor._make(mean.astype(x.dtype)),
                  stats=(mean, batch_rstd) if use_batch else None)


def _update_running(stat, value, momentum):
    stat._data[...] = (1 - momentum) * stat._data + momentum * value.astype(stat._data.dtype)
    stat._vc[0] += 1


@grad_fn("NativeBatchNormBackward0")
def NativeBatchNormBackward0(ctx, grad):
    x, weight = ctx.saved_tensors
    if not _grad_state.enabled and isinstance(x._data, np.ndarray):
        n, c = x._data.shape[:2]
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
        gx = np.array(g, copy=True)
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
    folded = input.reshape((1, n * c) + shape[2:])
    repeat = (lambda t: None if t is None else t.reshape(1, c).expand(n, c).reshape(n * c))
    mean_rep = None if running_mean is None else Tensor._make(np.tile(running_mean._data, n))
    var_rep = None if running_var is None else Tensor._make(np.tile(running_var._data, n))
    out = batch_norm(folded, mean_rep, var_rep, repeat(weight), repeat(bias),
                     use_input_stats, momentum, eps)
    if use_input_stats:
        for stat, rep in ((running_mean, mean_rep), (running_var, var_rep)):
            if stat is not None:
                stat._data[...] = rep._data.reshape(n, c).mean(0)
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
    require_float(input, "GroupNormKernelImpl")
    n, c = shape[0], shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {list(shape)} and num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape {list(t.shape)} and "
                               f"input of shape {list(shape)}")
    grouped = input._data.reshape(n, num_groups, -1)
    xhat, mean, var = _normalized_array(grouped, (2,), eps)
    with _quiet(all="ignore"):
        rstd = 1.0 / np.sqrt(var + eps)
    out = xhat.reshape(shape)
    cshape = _channel_shape(input)
    if weight is not None:
        out = out * weight._data.reshape(cshape)
    if bias is not None:
        out = out + bias._data.reshape(cshape)
    return record(wrap(out, input._dtype), NativeGroupNormBackward0, (input, weight, bias),
                  (input, weight), groups=num_groups, eps=eps, cshape=cshape,
                  stats=(mean, rstd))


@grad_fn("NativeGroupNormBackward0")
def NativeGroupNormBackward0(ctx, grad):
    x, weight = ctx.saved_tensors
    shape = tuple(x.shape)
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
    if shape[len(shape) - k:] != normalized_shape:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with "
                           f"shape [*, {', '.join(map(str, normalized_shape))}], but got input "
                           f"of size{list(shape)}")
    if eps is None:
        eps = float(np.finfo(input._dtype.np).eps)
    dims = tuple(range(-k, 0))
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out * weight if weight is not None else out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """input / (k + alpha * mean of input² over ``size`` neighbouring channels) ** beta."""
    dim = input.dim()
    if dim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    from .joining import cat
    squared = input * input
    shape = tuple(input.shape)
    before, after = size // 2, (size - 1) // 2
    zeros = (lambda count: Tensor._make(np.zeros((shape[0], count) + shape[2:],
                                                 squared._dtype.np)))
    padded = cat([zeros(before), squared, zeros(after)], 1)
    channels = shape[1]
    window = padded.narrow(1, 0, channels)
    for offset in range(1, size):
        window = window + padded.narrow(1, offset, channels)
    denominator = (window * (alpha / size) + k) ** beta
    return input / denominator


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p along dim, eps)."""
    from .loss import _clamp_min
    from .reduction import norm
    denominator = _clamp_min(norm(input, p, dim, keepdim=True), eps).expand_as(input)
    return input / denominator
