"""Convolutions (conv1d/2d/3d, conv_transpose1d/2d/3d) as im2col + one matrix product.

A convolution is bilinear in its input x and weight w. Three bilinear maps share one geometry
(padding, stride, dilation, groups) and are each other's derivatives:

    conv(x, w)     -> y          the forward convolution
    input(gy, w)   -> x-space    its adjoint in x: the transposed convolution
    weight(x, gy)  -> w-space    its adjoint in w

For upstream gradient G:  d conv = (input(G, w), weight(x, G));  d input = (conv(G, w),
weight(G, gy));  d weight = (input(gy, G), conv(x, G)). So every derivative of every order is
one of the three maps, and double backward (gradient penalties) needs no second formula.

On arrays, conv gathers the padded input's receptive fields into a column matrix with one
strided view and one copy (im2col), then does one BLAS product per group; input does the
product with the weight transposed and scatters the columns back (col2im), one strided add
per kernel offset; weight multiplies the gradient by the columns.
"""
from __future__ import annotations

import itertools
import threading
import warnings

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import _aten
from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .. import _settings
from .._deprecated import _user_stacklevel
from .._aten import ACTIVE as _ATEN_ACTIVE
from .._tensor import Tensor
from ..amp.autocast_mode import cast_lower
from . import _kernels
from ._registry import grad_fn, record, wrap

_CONV = 0       # conv(x, w) -> y
_INPUT = 1      # input(gy, w) -> x-space
_WEIGHT = 2     # weight(x, gy) -> w-space


class Geometry:
    """The static shape of a convolution: x-space and y-space sizes, kernel, steps, groups."""

    __slots__ = ("dilation", "groups", "in_size", "kernel", "out_size", "pads", "stride")

    def __init__(self, in_size, out_size, kernel, pads, stride, dilation, groups):
        self.in_size, self.out_size, self.kernel = in_size, out_size, kernel
        self.pads, self.stride, self.dilation, self.groups = pads, stride, dilation, groups


# --- array kernels ------------------------------------------------------------------------------

def pad_array(x, pads, value=0):
    """x with ``pads`` ((low, high) per trailing spatial dim) of ``value`` around its last dims."""
    if not any(lo or hi for lo, hi in pads):
        return x
    lead = x.ndim - len(pads)
    shape = x.shape[:lead] + tuple(s + lo + hi for s, (lo, hi) in zip(x.shape[lead:], pads))
    out = np.full_like(x, value, shape=shape)
    out[(Ellipsis,) + tuple(slice(lo, lo + s) for s, (lo, _) in zip(x.shape[lead:], pads))] = x
    return out


def im2col(x_padded, kernel, stride, dilation, out_size):
    """Columns (C, *kernel, N, *out_size): column [c, k.., n, o..] is the input pixel that kernel
    offset k meets at output position o of sample n."""
    n, c = x_padded.shape[:2]
    st = x_padded.strides
    dims = range(len(kernel))
    shape = (c, *kernel, n, *out_size)
    strides = (st[1], *(st[2 + d] * dilation[d] for d in dims), st[0],
               *(st[2 + d] * stride[d] for d in dims))
    return _backend.as_strided(x_padded, shape, strides).copy()  # C order, any device


def window_view(padded, offset, stride, dilation, out):
    """The strided view of ``padded`` that kernel ``offset`` meets at every output position."""
    return padded[(Ellipsis,) + tuple(slice(o * d, o * d + s * (m - 1) + 1, s)
                                      for o, d, s, m in zip(offset, dilation, stride, out))]


def _kernel_offsets(kernel):
    return itertools.product(*(range(k) for k in kernel))


def col2im(cols, padded_shape, kernel, stride, dilation, out_size):
    """The adjoint of im2col: sum each column back onto the pixel it was read from."""
    out = np.zeros_like(cols, shape=padded_shape)
    channels_first = out.swapaxes(0, 1)        # (C, N, *padded): the layout of a column block
    for offset in _kernel_offsets(kernel):
        window_view(channels_first, offset, stride, dilation, out_size)[...] += \
            cols[(slice(None),) + offset]
    return out


def _crop(x_padded, pads, size):
    return x_padded[(slice(None), slice(None)) + tuple(slice(lo, lo + s)
                                                       for (lo, _), s in zip(pads, size))]


def _padded_size(geo):
    return tuple(s + lo + hi for s, (lo, hi) in zip(geo.in_size, geo.pads))


# Column matrices are kernel-size times bigger than the image: past this many bytes the batch
# is processed in chunks (bounding memory). The forward's columns are kept for the weight's
# gradient up to KEEP_BYTES (rebuilding them costs as much as a third of the layer's backward).
CHUNK_BYTES = 64 << 20
KEEP_BYTES = 64 << 20


def _samples_per_chunk(x_channels, geo, itemsize):
    per_sample = x_channels * _prod(geo.kernel) * _prod(geo.out_size) * itemsize
    return max(1, CHUNK_BYTES // max(per_sample, 1))


# With at least PER_SAMPLE_MIN output positions per sample and at most PER_SAMPLE_MAX_ROWS
# column rows (input channels per group times kernel size), the columns are laid out per
# sample, (N, C * K, P): one BLAS product per sample (and group) then writes the output, and
# reads the gradient, in their own (N, O, P) layout, sparing the transposing copies that one
# product over the whole batch (C * K, N * P) needs. With few positions the per-call cost of
# many small products wins; with many rows the products dominate and one big one runs faster.
PER_SAMPLE_MIN = 64
PER_SAMPLE_MAX_ROWS = 128


def _per_sample(geo, weight_shape):
    return _prod(geo.out_size) >= PER_SAMPLE_MIN and \
        _prod(weight_shape[1:]) <= PER_SAMPLE_MAX_ROWS


def sample_cols(x_padded, kernel, stride, dilation, out_size):
    """Columns per sample (N, C, *kernel, *out_size): [n, c, k.., o..] is the input pixel that
    kernel offset k meets at output position o of sample n."""
    n, c = x_padded.shape[:2]
    st = x_padded.strides
    dims = range(len(kernel))
    shape = (n, c, *kernel, *out_size)
    strides = (st[0], st[1], *(st[2 + d] * dilation[d] for d in dims),
               *(st[2 + d] * stride[d] for d in dims))
    return _backend.as_strided(x_padded, shape, strides).copy()  # C order, any device


def sample_col2im(cols, padded_shape, kernel, stride, dilation, out_size):
    """The adjoint of sample_cols: sum each column back onto the pixel it was read from."""
    out = np.zeros_like(cols, shape=padded_shape)
    for offset in _kernel_offsets(kernel):
        window_view(out, offset, stride, dilation, out_size)[...] += \
            cols[(slice(None), slice(None)) + offset]
    return out


# Stride-1 convolutions whose columns would span the whole batch (see _per_sample) take the
# flat layout: each padded image flattened, every kernel offset's window is one contiguous slice
# (see _flat_geometry), so building the columns and scattering them back copy rows as long as
# the image instead of one short run per output row (NumPy's per-run cost dominated those
# copies). The products then run over the flat output grid, whose cropped row tails hold a
# few percent of extra positions.
FLAT_LAYOUT = True


def _flat(geo, weight_shape, arr):
    """Whether the three maps of this geometry take the flat layout: stride 1, the output every
    position where the kernel fits in the padded image (a transposed convolution's
    output_padding can leave more), NumPy arrays, columns over the whole batch."""
    return FLAT_LAYOUT and all(s == 1 for s in geo.stride) and isinstance(arr, np.ndarray) \
        and not _per_sample(geo, weight_shape) and not _depthwise(weight_shape, geo.groups) \
        and _fills_grid(geo)


def _flat_cols(x, geo):
    """Columns (C, *kernel, N, length) on the flat grid: [c, k.., n, q] is flat padded pixel
    q + shift(k) of sample n, channel c."""
    n, c = x.shape[:2]
    padded, row, shifts, length = _flat_geometry(geo)
    flat = _flat_padded(x, geo, length + shifts[-1])
    dims = len(geo.kernel)
    element_strides = [row // _prod(padded[1:d + 1]) if d else row for d in range(dims)]
    view = as_strided(flat, (c,) + geo.kernel + (n, length),
                      (flat.strides[1],) + tuple(st * dil * flat.itemsize for st, dil
                                                 in zip(element_strides, geo.dilation))
                      + (flat.strides[0], flat.itemsize), writeable=False)
    return view.copy()


def _flat_grid_to_output(grid, geo):
    """(O, N, length) products on the flat grid as the (N, O, *out) output."""
    padded = _padded_size(geo)
    o, n = grid.shape[:2]
    full = grid.reshape((o, n, geo.out_size[0]) + padded[1:])
    return full[(Ellipsis,) + tuple(slice(0, s) for s in geo.out_size[1:])].swapaxes(0, 1).copy()


def _flat_grad_grid(gy, geo):
    """gy (N, O, *out) on the flat grid as (groups, O / groups, N * length), zero in the row
    tails: the layout both flat gradients multiply."""
    n, o = gy.shape[:2]
    padded, _, _, length = _flat_geometry(geo)
    grid = np.zeros((o, n, length), dtype=gy.dtype, like=gy)
    full = grid.reshape((o, n, geo.out_size[0]) + padded[1:])
    full[(Ellipsis,) + tuple(slice(0, s) for s in geo.out_size[1:])] = gy.swapaxes(0, 1)
    return grid.reshape(geo.groups, o // geo.groups, n * length)


def _flat_col2im(cols, geo, n):
    """The adjoint of _flat_cols: cols (C, *kernel, N, length) summed back onto the padded
    images (one contiguous add per kernel offset), returned cropped as (N, C, *in)."""
    c = cols.shape[0]
    padded, _, shifts, length = _flat_geometry(geo)
    flat = np.zeros((c, n, length + shifts[-1]), dtype=cols.dtype, like=cols)
    for offset, shift in zip(_kernel_offsets(geo.kernel), shifts):
        flat[:, :, shift:shift + length] += cols[(slice(None),) + offset]
    images = flat[:, :, :_prod(padded)].reshape((c, n) + padded).swapaxes(0, 1)
    return _crop(images, geo.pads, geo.in_size).copy()


def conv_array(x, w, geo):
    """y[n, o, p] = sum_{c,k} w[o, c, k] x_padded[n, c, p*stride + k*dilation], per group.

    Returns y and the column matrix (None when it is big), which the weight's gradient reuses.
    """
    n, g = x.shape[0], geo.groups
    if _depthwise(w, g):
        return _depthwise_conv(x, w, geo), None
    if _blocked(geo, w.shape, x):
        return _blocked_conv(x, w, geo), None
    step = _samples_per_chunk(x.shape[1], geo, x.itemsize)
    if n > step:
        parts = [conv_array(x[i:i + step], w, geo)[0] for i in range(0, n, step)]
        return np.concatenate(parts), None
    if _flat(geo, w.shape, x):
        length = _flat_geometry(geo)[3]
        cols = _flat_cols(x, geo).reshape(g, w[0].size, n * length)
        out = np.matmul(w.reshape(g, w.shape[0] // g, w[0].size), cols)
        out = _flat_grid_to_output(out.reshape(w.shape[0], n, length), geo)
        return out, (cols if cols.nbytes <= KEEP_BYTES else None)
    if _per_sample(geo, w.shape):
        cols = sample_cols(pad_array(x, geo.pads), geo.kernel, geo.stride, geo.dilation,
                           geo.out_size).reshape(n, g, w[0].size, _prod(geo.out_size))
        out = np.matmul(w.reshape(g, w.shape[0] // g, w[0].size), cols)
        return (out.reshape((n, w.shape[0]) + geo.out_size),
                cols if cols.nbytes <= KEEP_BYTES else None)
    cols = im2col(pad_array(x, geo.pads), geo.kernel, geo.stride, geo.dilation, geo.out_size)
    cols = cols.reshape(g, w[0].size, n * _prod(geo.out_size))
    out = np.matmul(w.reshape(g, w.shape[0] // g, w[0].size), cols)
    out = out.reshape(w.shape[0], n, *geo.out_size)
    return _backend.ascontiguousarray(out.swapaxes(0, 1)), (cols if cols.nbytes <= KEEP_BYTES else None)


def _prod(values):
    total = 1
    for v in values:
        total *= v
    return total


def channels_first(gy, groups):
    """gy (N, O, *out) as (groups, O/groups, N * out): the layout both gradients multiply."""
    return _backend.ascontiguousarray(gy.swapaxes(0, 1)).reshape(groups, gy.shape[1] // groups,
                                                           gy.size // gy.shape[1])


def grad_columns(gy, geo, weight_shape):
    """gy (N, O, *out) in the layout both gradients multiply: (N, groups, O/groups, P) for
    per-sample columns, else channels_first's."""
    if _flat(geo, weight_shape, gy):
        return _flat_grad_grid(gy, geo)
    if _per_sample(geo, weight_shape):
        n, o = gy.shape[:2]
        return gy.reshape(n, geo.groups, o // geo.groups, _prod(geo.out_size))
    return channels_first(gy, geo.groups)


def input_array(gy, w, geo, gy_cols=None):
    """The transposed convolution: scatter w[o, c, k] gy[n, o, p] back onto the x-space."""
    n, g = gy.shape[0], geo.groups
    if _depthwise(w, g):
        return _depthwise_input(gy, w, geo)
    if _blocked(geo, w.shape, gy) and w.shape[0] <= w.shape[1] * g:
        # With more output channels than input ones the gather's columns (output channels
        # times kernel rows) outgrow the scatter's and its products run on fewer rows: slower.
        gx = _blocked_input(gy, w, geo)
        if gx is not None:
            return gx
    if _phased(geo, w.shape, gy):
        return _phase_input(gy, w, geo)
    step = _samples_per_chunk(w.shape[1] * g, geo, gy.itemsize)
    if n > step:
        return np.concatenate([input_array(gy[i:i + step], w, geo) for i in range(0, n, step)])
    if gy_cols is None:
        gy_cols = grad_columns(gy, geo, w.shape)
    cols = np.matmul(w.reshape(g, w.shape[0] // g, w[0].size).swapaxes(1, 2), gy_cols)
    if _flat(geo, w.shape, gy):
        return _flat_col2im(cols.reshape((w.shape[1] * g,) + geo.kernel
                                         + (n, _flat_geometry(geo)[3])), geo, n)
    if _per_sample(geo, w.shape):
        cols = cols.reshape((n, w.shape[1] * g) + geo.kernel + geo.out_size)
        padded = sample_col2im(cols, (n, w.shape[1] * g) + _padded_size(geo), geo.kernel,
                               geo.stride, geo.dilation, geo.out_size)
        return _crop(padded, geo.pads, geo.in_size)
    cols = cols.reshape(w.shape[1] * g, *geo.kernel, n, *geo.out_size)
    padded = col2im(cols, (n, w.shape[1] * g) + _padded_size(geo), geo.kernel, geo.stride,
                    geo.dilation, geo.out_size)
    return _crop(padded, geo.pads, geo.in_size)


def weight_array(x, gy, geo, weight_shape, cols=None, gy_cols=None):
    """dL/dw[o, c, k] = sum_{n,p} gy[n, o, p] x_padded[n, c, p*stride + k*dilation]."""
    g, n = geo.groups, x.shape[0]
    if _depthwise(weight_shape, g):
        return _depthwise_weight(x, gy, geo, weight_shape)
    if _blocked(geo, weight_shape, x):
        return _blocked_weight(x, gy, geo, weight_shape)
    step = _samples_per_chunk(x.shape[1], geo, x.itemsize)
    if cols is None and n > step:
        return sum(weight_array(x[i:i + step], gy[i:i + step], geo, weight_shape)
                   for i in range(0, n, step))
    per_sample = _per_sample(geo, weight_shape)
    if cols is None and _flat(geo, weight_shape, x):
        cols = _flat_cols(x, geo).reshape(g, _prod(weight_shape[1:]),
                                          n * _flat_geometry(geo)[3])
    elif cols is None and per_sample:
        cols = sample_cols(pad_array(x, geo.pads), geo.kernel, geo.stride, geo.dilation,
                           geo.out_size).reshape(n, g, _prod(weight_shape[1:]),
                                                 _prod(geo.out_size))
    elif cols is None:
        cols = im2col(pad_array(x, geo.pads), geo.kernel, geo.stride, geo.dilation,
                      geo.out_size)
        cols = cols.reshape(g, _prod(weight_shape[1:]), gy.shape[0] * _prod(geo.out_size))
    if gy_cols is None:
        gy_cols = grad_columns(gy, geo, weight_shape)
    if per_sample:  # one product per sample: their sum over the batch
        products = np.add.reduce(np.matmul(gy_cols, cols.swapaxes(-1, -2)), axis=0)
        return products.reshape(weight_shape)
    # The transposed product (columns times the gradient's transpose) runs about 1.4x faster in
    # OpenBLAS on these shapes: few output channels, a long batch-by-positions inner dimension.
    products = np.matmul(cols, gy_cols.swapaxes(-1, -2)).swapaxes(-1, -2)
    return products.reshape(weight_shape)


# --- per-thread scratch arrays for block kernels ----------------------------------------------
# A block kernel's temporaries (columns, padded slabs, products) are a few MB, allocated anew
# for every block: each fresh allocation of that size comes from the OS as untouched pages, and
# filling it page-faults on every page (copying a block's columns into fresh memory ran 15x
# slower than into a reused array). So on plain NumPy arrays each thread reuses one array per
# purpose, grown to the largest block it has seen; traced arrays (ember.compile) get fresh ones.
_SCRATCH = threading.local()


def _scratch(slot, shape, dtype, like, reuse):
    """An uninitialised array of ``shape``: this thread's reusable one for ``slot`` (never
    handed back to the caller of an op) when ``reuse``, else a new one made like ``like``."""
    if not reuse:
        return np.empty_like(like, shape=shape, dtype=dtype)
    size, dtype = _prod(shape), np.dtype(dtype)
    buffers = _SCRATCH.__dict__
    buffer = buffers.get(slot)
    if buffer is None or buffer.dtype != dtype or buffer.size < size:
        buffer = buffers[slot] = np.empty_like(like, shape=(size,), dtype=dtype)
    return buffer[:size].reshape(shape)


# --- grouped stride-1 convolutions block by block --------------------------------------------
# Columns for the whole batch are kernel-size times the image: building them streams that many
# bytes through memory, and BLAS then multiplies matrices too big for the cache (per-group
# products of (16, 144) by (144, N * positions) ran at 66 GFLOP/s here, against 84 on one
# sample's columns). So these convolutions run block by block: a block is a few samples, or a
# slab of one sample's output rows when one sample's columns exceed COLS_BLOCK_BYTES. Each block
# pads its part of the input into the flat layout (see _flat_geometry: every kernel offset's
# window one contiguous run), copies the windows into columns, multiplies them by the weight
# (one product per group) and crops its own output rows, all in the core's cache; the blocks
# are shared among the intra-op threads. The input's gradient is the same convolution run on the
# padded gradient with the kernel flipped and each group's channel axes swapped (a gather:
# blocks write disjoint output rows), the weight's gradient a sum of per-block products added
# in block order (the same bits whatever thread ran a block).
COLS_BLOCK_BYTES = 2 << 20
BLOCKED = True  # off: the whole-batch layouts (for comparing the two)


def _blocked(geo, weight_shape, arr):
    """Whether this geometry's three maps run block by block (see above): grouped (not
    depthwise), stride 1, the output every position the kernel fits, a NumPy array, a kernel
    bigger than one pixel (a 1x1 convolution's columns are the input itself).

    Measured on the benchmark's layers (one thread, CPU ms, whole batch -> blocks): a grouped
    3x3 (16,64,32,32) groups 4 went 38 -> 27 ms fwd+bwd, its per-group products having few rows;
    a dense 3x3 (16,32,32,32)->64 and a 3x3x3 (4,16,16^3)->32 broke even (27 -> 27, 29 -> 29):
    their whole-batch products run well, and their weight gradient reuses the forward's columns,
    which blocks rebuild. So only grouped convolutions take them."""
    return BLOCKED and geo.groups > 1 and all(s == 1 for s in geo.stride) \
        and isinstance(arr, np.ndarray) and _prod(geo.kernel) > 1 \
        and not _depthwise(weight_shape, geo.groups) and _fills_grid(geo)


def _blas_pools():
    """threadpoolctl's controllers of the loaded BLAS libraries (empty without threadpoolctl)."""
    pools = _BLAS_POOLS.get("pools")
    if pools is None:
        threadpoolctl = _settings._threadpool()  # the loader set_num_threads uses
        pools = [] if threadpoolctl is None else [
            lib for lib in threadpoolctl.ThreadpoolController().lib_controllers
            if lib.user_api == "blas"]
        _BLAS_POOLS["pools"] = pools
    return pools


_BLAS_POOLS = {}


def _run_blocked(kernel, blocks, row_size, plain):
    """Run a blocked map's kernel over its blocks: in ember's intra-op threads, each with a
    one-thread BLAS (the blocks' products are small; BLAS threads per product would wait on one
    another at every call), when threadpoolctl can set BLAS's pool; else in this thread."""
    pools = _blas_pools() if plain and _kernels._threads() > 1 else []
    if not pools:
        _kernels.run_row_blocks(kernel, blocks, row_size, parallel=False)
        return
    before = [pool.num_threads for pool in pools]
    for pool in pools:
        pool.set_num_threads(1)
    try:
        _kernels.run_row_blocks(kernel, blocks, row_size, parallel=True)
    finally:
        for pool, count in zip(pools, before):
            pool.set_num_threads(count)


def _row_blocks_of(n, rows_bytes, rows):
    """Blocks (lo, hi, r0, r1): samples lo:hi, output rows r0:r1 (leading spatial dim), about
    COLS_BLOCK_BYTES of columns each (``rows_bytes``: one output row's columns)."""
    per_sample = rows_bytes * rows
    if n == 0:
        return [(0, 0, 0, rows)]
    if per_sample <= COLS_BLOCK_BYTES:
        step = max(1, COLS_BLOCK_BYTES // max(per_sample, 1))
        return [(lo, min(lo + step, n), 0, rows) for lo in range(0, n, step)]
    step = max(1, COLS_BLOCK_BYTES // rows_bytes)
    return [(i, i + 1, r0, min(r0 + step, rows)) for i in range(n) for r0 in range(0, rows, step)]


def _slab(x, geo, lo, hi, r0, r1, reuse):
    """Samples lo:hi of x, zero-padded and flattened per (sample, channel), from padded row r0
    on: every input pixel that output rows r0:r1 read (with a zero tail for the last offset)."""
    padded, row, shifts, _ = _flat_geometry(geo)
    n, c = hi - lo, x.shape[1]
    extent = shifts[-1] // row + 1
    flat = _scratch("slab", (n, c, (r1 - r0 + extent) * row), x.dtype, x, reuse)
    flat[...] = 0
    images = flat.reshape((n, c, r1 - r0 + extent) + padded[1:])
    low = geo.pads[0][0]
    t0, t1 = max(0, low - r0), min(r1 - r0 + extent, low + geo.in_size[0] - r0)
    if t0 < t1:
        images[(slice(None), slice(None), slice(t0, t1))
               + tuple(slice(lo_, lo_ + s) for s, (lo_, _) in zip(geo.in_size[1:], geo.pads[1:]))
               ] = x[lo:hi, :, t0 + r0 - low:t1 + r0 - low]
    return flat


def _slab_cols(flat, geo, positions, reuse):
    """Columns (N, C, *kernel, positions) of a slab: [n, c, k.., q] is its flat pixel q +
    shift(k)."""
    padded, row, _, _ = _flat_geometry(geo)
    dims = len(geo.kernel)
    element_strides = [row // _prod(padded[1:d + 1]) if d else row for d in range(dims)]
    shape = flat.shape[:2] + geo.kernel + (positions,)
    view = as_strided(flat, shape,
                      flat.strides[:2] + tuple(st * dil * flat.itemsize for st, dil
                                               in zip(element_strides, geo.dilation))
                      + (flat.itemsize,), writeable=False)
    cols = _scratch("cols", shape, flat.dtype, flat, reuse)
    cols[...] = view
    return cols


def _crop_rows(grid, geo, r0, r1):
    """Output rows r0:r1 of a slab's flat grid (N, O, (r1 - r0) * row)."""
    padded = _padded_size(geo)
    full = grid.reshape(grid.shape[:2] + (r1 - r0,) + padded[1:])
    return full[(Ellipsis,) + tuple(slice(0, s) for s in geo.out_size[1:])]


def _blocked_conv(x, w, geo):
    """conv_array's map, block by block (see above)."""
    n, g = x.shape[0], geo.groups
    row = _flat_geometry(geo)[1]
    per_group = w.reshape(g, w.shape[0] // g, w[0].size)
    dtype = np.result_type(x, w)
    out = np.empty_like(x, shape=(n, w.shape[0]) + geo.out_size, dtype=dtype)
    blocks = _row_blocks_of(n, w[0].size * g * row * x.itemsize, geo.out_size[0])
    reuse = _kernels.plain(x, w)

    def kernel(index, lo, hi, r0, r1):
        positions = (r1 - r0) * row
        cols = _slab_cols(_slab(x, geo, lo, hi, r0, r1, reuse), geo, positions, reuse)
        grid = _scratch("grid", (hi - lo, g, w.shape[0] // g, positions), dtype, x, reuse)
        np.matmul(per_group, cols.reshape(hi - lo, g, w[0].size, positions), out=grid)
        out[lo:hi, :, r0:r1] = _crop_rows(grid.reshape(hi - lo, w.shape[0], positions), geo,
                                          r0, r1)

    _run_blocked(kernel, blocks, _prod(x.shape[1:]), reuse)
    return out


def _blocked_input(gy, w, geo):
    """input_array's map as a convolution of gy (padded by the kernel's extent less the
    forward's padding) with the kernel flipped and each group's channel axes swapped. None
    when the forward's padding exceeds the kernel's extent."""
    extent = [d * (k - 1) for d, k in zip(geo.dilation, geo.kernel)]
    pads = tuple((e - lo, i + lo - o) for e, (lo, _), i, o
                 in zip(extent, geo.pads, geo.in_size, geo.out_size))
    if any(lo < 0 or hi < 0 for lo, hi in pads):
        return None
    g = geo.groups
    o, c = w.shape[0] // g, w.shape[1]
    flipped = w[(slice(None), slice(None)) + (slice(None, None, -1),) * len(geo.kernel)]
    swapped = flipped.reshape((g, o, c) + geo.kernel).swapaxes(1, 2)
    swapped = _backend.ascontiguousarray(swapped).reshape((g * c, o) + geo.kernel)
    gather = Geometry(geo.out_size, geo.in_size, geo.kernel, pads, geo.stride, geo.dilation, g)
    return _blocked_conv(gy, swapped, gather)


def _blocked_weight(x, gy, geo, weight_shape):
    """weight_array's map: per block, the gradient on the flat grid (zero in the cropped row
    tails) times the block's columns, summed over the block's samples; the blocks' sums added
    in block order."""
    n, g = x.shape[0], geo.groups
    o, size = weight_shape[0], _prod(weight_shape[1:])
    row = _flat_geometry(geo)[1]
    blocks = _row_blocks_of(n, size * g * row * x.itemsize, geo.out_size[0])
    dtype = np.result_type(x, gy)
    partial = np.empty_like(x, shape=(len(blocks), g, o // g, size), dtype=dtype)
    reuse = _kernels.plain(x, gy)

    def kernel(index, lo, hi, r0, r1):
        positions = (r1 - r0) * row
        cols = _slab_cols(_slab(x, geo, lo, hi, r0, r1, reuse), geo, positions, reuse)
        grid = _scratch("grid", (hi - lo, o, positions), gy.dtype, gy, reuse)
        grid[...] = 0
        _crop_rows(grid, geo, r0, r1)[...] = gy[lo:hi, :, r0:r1]
        products = np.matmul(cols.reshape(hi - lo, g, size, positions),
                             grid.reshape(hi - lo, g, o // g, positions).swapaxes(-1, -2))
        partial[index] = np.add.reduce(products, axis=0).swapaxes(-1, -2)

    _run_blocked(kernel, blocks, _prod(x.shape[1:]), reuse)
    return np.add.reduce(partial, axis=0).reshape(weight_shape)


# --- strided transposed products on phase planes, block by block ------------------------------
# With stride s, padded x-space pixel p = q*s + r is written by the kernel offsets whose reach
# k*dilation is r (mod s). Split into its s^d phase planes (pixel q of plane r is pixel q*s + r),
# each offset's strided window becomes a plain window of one plane; with the gradient laid out
# on a grid as wide as a plane (zero in the extra columns, whose products are zero) that window
# is one contiguous run per (channel, sample). So the scatter-add is one long add per offset
# instead of one per output row with a stride-s inner loop (NumPy's slowest), and one copy then
# interleaves the planes into the image. Blocks of samples keep the columns in the core's cache
# (see the grouped blocks above).
PHASE_PLANES = True


def _phased(geo, weight_shape, arr):
    """Whether input_array's scatter runs on phase planes: a stride above 1, NumPy arrays, at
    least four kernel offsets per plane, not depthwise. Measured (one thread, CPU ms, 16
    samples, stride 2, plain -> planes): 4x4 kernel 64->32 channels on 16x16 6.1 -> 5.1, on
    8x8 with 128->64 3.9 -> 4.0; with fewer offsets a plane the plain scatter wins (3x3: 3.2 ->
    3.5, 2x2: 1.5 -> 2.2)."""
    return PHASE_PLANES and any(s > 1 for s in geo.stride) and isinstance(arr, np.ndarray) \
        and _prod(geo.kernel) >= 4 * _prod(geo.stride) \
        and not _depthwise(weight_shape, geo.groups)


def _phase_input(gy, w, geo):
    """input_array's map on phase planes (see above): (N, C, *in)."""
    n, g = gy.shape[0], geo.groups
    o, c, dims = w.shape[0], w.shape[1] * g, len(geo.kernel)
    planes = tuple(-(-p // s) for p, s in zip(_padded_size(geo), geo.stride))
    plane_strides = [_prod(planes[d + 1:]) for d in range(dims)]
    length = geo.out_size[0] * plane_strides[0]
    taps = []
    for offset in _kernel_offsets(geo.kernel):
        reach = [k * d for k, d in zip(offset, geo.dilation)]
        taps.append((tuple(r % s for r, s in zip(reach, geo.stride)),
                     sum(r // s * st for r, s, st in zip(reach, geo.stride, plane_strides))))
    size, tail = _prod(planes), max(start for _, start in taps)
    per_group = w.reshape(g, o // g, w[0].size).swapaxes(1, 2)
    dtype = np.result_type(gy, w)
    out = np.empty_like(gy, shape=(n, c) + geo.in_size, dtype=dtype)
    step = max(1, COLS_BLOCK_BYTES // max(w[0].size * g * length * gy.itemsize, 1))
    blocks = [(lo, min(lo + step, n)) for lo in range(0, n, step)] or [(0, 0)]
    reuse = _kernels.plain(gy, w)
    interleave = [1, 0] + [x for d in range(dims) for x in (2 + dims + d, 2 + d)]

    def kernel(index, lo, hi):
        m = hi - lo
        grid = _scratch("grid", (o, m, geo.out_size[0]) + planes[1:], gy.dtype, gy, reuse)
        grid[...] = 0
        grid[(Ellipsis,) + tuple(slice(0, s) for s in geo.out_size[1:])] = \
            gy[lo:hi].swapaxes(0, 1)
        cols = _scratch("cols", (g, w[0].size, m * length), dtype, gy, reuse)
        np.matmul(per_group, grid.reshape(g, o // g, m * length), out=cols)
        cols = cols.reshape(c, len(taps), m, length)
        phases = _scratch("slab", (c, m) + tuple(geo.stride) + (size + tail,), dtype, gy, reuse)
        phases[...] = 0
        for k, (phase, start) in enumerate(taps):
            phases[(slice(None), slice(None)) + phase + (slice(start, start + length),)] += \
                cols[:, k]
        on_planes = phases[..., :size].reshape((c, m) + tuple(geo.stride) + planes)
        images = _scratch("images", (m, c) + tuple(q * s for q, s in zip(planes, geo.stride)),
                          dtype, gy, reuse)
        images.reshape((m, c) + tuple(x for q, s in zip(planes, geo.stride) for x in (q, s))
                       )[...] = on_planes.transpose(interleave)
        out[lo:hi] = _crop(images, geo.pads, geo.in_size)

    _run_blocked(kernel, blocks, _prod(gy.shape[1:]), reuse)
    return out


# --- depthwise convolutions (one input channel per group) --------------------------------------
# Per-group products would be outer products of tiny matrices; a multiply-add per kernel offset
# over the whole batch does the same work without building columns.

def _depthwise(weight, groups):
    shape = weight if isinstance(weight, tuple) else weight.shape
    return groups > 1 and shape[1] == 1


def _per_group(w, g):
    """w (C*M, 1, *kernel) as (C, M, K): M output channels per input channel, K offsets."""
    return w.reshape(g, w.shape[0] // g, w[0].size)


def _flat_geometry(geo):
    """For a stride-1 convolution: the padded image's flat strides, each kernel offset's flat
    shift, and the length of the output grid laid out with the padded image's row length.

    Output position o reads padded pixel o + offset; flattened, that is flat index
    q + shift with q = sum(o_d * stride_d). Taking every q in [0, out_0 * stride_0) makes
    each offset's window one contiguous slice per (sample, channel) (long inner loops instead
    of one per image row); the extra q (row tails past the output width) are cropped away.
    """
    padded = _padded_size(geo)
    strides = [1] * len(padded)
    for d in range(len(padded) - 2, -1, -1):
        strides[d] = strides[d + 1] * padded[d + 1]
    shifts = [sum(k * dil * st for k, dil, st in zip(offset, geo.dilation, strides))
              for offset in _kernel_offsets(geo.kernel)]
    return padded, strides[0], shifts, geo.out_size[0] * strides[0]


def _flat_padded(x, geo, length):
    """x zero-padded by the geometry, flattened per (sample, channel) to ``length``."""
    n, c = x.shape[:2]
    flat = _backend.namespace_of(x).zeros((n, c, length), dtype=x.dtype)
    inner = flat[:, :, :_prod(_padded_size(geo))].reshape((n, c) + _padded_size(geo))
    inner[(slice(None), slice(None)) + tuple(slice(lo, lo + s) for s, (lo, _)
                                             in zip(geo.in_size, geo.pads))] = x
    return flat


def _grid_crop(grid, geo, padded):
    """The output positions of a flat grid (N, C, out_0 * stride_0)."""
    n, c = grid.shape[:2]
    full = grid.reshape((n, c, geo.out_size[0]) + padded[1:])
    return full[(Ellipsis,) + tuple(slice(0, s) for s in geo.out_size[1:])]


def _fills_grid(geo):
    """Whether the output is every position where the kernel fits in the padded image (a
    transposed convolution's output_padding can leave more x-space than the windows read)."""
    return all(o == p - d * (k - 1) for o, p, d, k in zip(geo.out_size, _padded_size(geo),
                                                           geo.dilation, geo.kernel))


def _flat_depthwise(weight_shape, arr, geo):
    """Whether a depthwise convolution (one output per channel, stride 1, a NumPy ``arr``)
    takes the flat tap-sum kernels."""
    return weight_shape[0] == geo.groups and all(s == 1 for s in geo.stride) \
        and isinstance(arr, np.ndarray) and _fills_grid(geo)


# The tap loops below run block by block of samples (_kernels.run_row_blocks: blocks small
# enough that the accumulator and its term stay in the core's cache across the kernel's
# offsets, shared among the intra-op threads), each block padded, multiplied and cropped on its
# own. The per-channel tap broadcasts along one grid row: with NumPy's buffer one row long
# (``inner``) each multiply runs at contiguous speed, three times faster than buffered.

def _sample_blocks(kernel, n, row_size, inner, *arrays):
    _kernels.run_row_blocks(kernel, _kernels.row_blocks(n, row_size), row_size,
                            parallel=_kernels.plain(*arrays), inner=inner)


def _depthwise_conv_flat(x, w, geo):
    """y[n, c, q] = sum_k w[c, k] x_flat[n, c, q + shift_k] on the flat grid, cropped."""
    n, c = x.shape[:2]
    padded, _, shifts, length = _flat_geometry(geo)
    taps = w.reshape(c, -1)
    out = _backend.namespace_of(x).empty((n, c) + geo.out_size, dtype=np.result_type(x, w))

    def kernel(index, lo, hi):
        source = _flat_padded(x[lo:hi], geo, length + shifts[-1])
        grid = np.multiply(source[:, :, shifts[0]:shifts[0] + length], taps[:, :1])
        term = np.empty_like(grid)
        for k in range(1, len(shifts)):
            np.multiply(source[:, :, shifts[k]:shifts[k] + length], taps[:, k:k + 1], out=term)
            grid += term
        out[lo:hi] = _grid_crop(grid, geo, padded)

    _sample_blocks(kernel, n, c * length, length, x, w)
    return out


def _grid_of(gy, geo, padded, length):
    """gy (N, C, *out) on the flat output grid, zero in the cropped row tails."""
    n, c = gy.shape[:2]
    grid = _backend.namespace_of(gy).zeros((n, c, length), dtype=gy.dtype)
    _grid_crop(grid, geo, padded)[...] = gy
    return grid


def _depthwise_input_flat(gy, w, geo):
    """The transposed depthwise convolution at stride 1 as a convolution of gy, padded by the
    kernel's extent less the forward's padding, with the kernel flipped: a sum over offsets of
    contiguous windows (as the forward) instead of a scatter-add into shifted windows. None
    when the forward's padding exceeds the kernel's extent."""
    extent = [d * (k - 1) for d, k in zip(geo.dilation, geo.kernel)]
    pads = tuple((e - lo, i + lo - o) for e, (lo, _), i, o
                 in zip(extent, geo.pads, geo.in_size, geo.out_size))
    if any(lo < 0 or hi < 0 for lo, hi in pads):
        return None
    flipped = w[(Ellipsis,) + (slice(None, None, -1),) * len(geo.kernel)]
    gather = Geometry(geo.out_size, geo.in_size, geo.kernel, pads, geo.stride, geo.dilation,
                      geo.groups)
    return _depthwise_conv_flat(gy, flipped, gather)


def _depthwise_weight_flat(x, gy, geo, weight_shape):
    """dw[c, k] = sum over samples and grid positions of gy * the input window at offset k:
    one dot product per (sample, channel, offset), the blocks' partial sums added in order."""
    n, c = x.shape[:2]
    padded, _, shifts, length = _flat_geometry(geo)
    blocks = _kernels.row_blocks(n, c * length)
    dtype = np.result_type(x, gy)
    partial = _backend.namespace_of(x).empty((len(blocks), c, len(shifts)), dtype=dtype)

    def kernel(index, lo, hi):
        source = _flat_padded(x[lo:hi], geo, length + shifts[-1])
        grid = _grid_of(gy[lo:hi], geo, padded, length)
        for k, shift in enumerate(shifts):
            dots = _row_dots(grid, source[:, :, shift:shift + length])
            partial[index, :, k] = np.add.reduce(dots, axis=0)

    _kernels.run_row_blocks(kernel, blocks, c * length, parallel=_kernels.plain(x, gy))
    return np.add.reduce(partial, axis=0).reshape(weight_shape)


def _row_dots(a, b):
    """Sums of a * b along the last axis: NumPy's vecdot (BLAS dot products) where it exists."""
    vecdot = getattr(np, "vecdot", None)
    return vecdot(a, b) if vecdot is not None else np.einsum("...i,...i->...", a, b)


def _depthwise_conv(x, w, geo):
    if _flat_depthwise(w.shape, w, geo):
        return _depthwise_conv_flat(x, w, geo)
    n, g, dims = x.shape[0], geo.groups, len(geo.kernel)
    taps = _per_group(w, g)
    multiplier = taps.shape[1]
    padded = pad_array(x, geo.pads)
    # With one output per input channel the multiplier axis is dropped: broadcasting over a
    # length-1 axis costs numpy a slower loop.
    out = _backend.namespace_of(x).zeros(
        (n, g) + ((multiplier,) if multiplier > 1 else ()) + geo.out_size,
        dtype=np.result_type(x, w))
    term = np.empty_like(out)
    for k, offset in enumerate(_kernel_offsets(geo.kernel)):
        window = window_view(padded, offset, geo.stride, geo.dilation, geo.out_size)
        if multiplier > 1:
            window = window[:, :, None]
        scale = taps[:, :, k].reshape((g,) + ((multiplier,) if multiplier > 1 else ())
                                      + (1,) * dims)
        np.multiply(window, scale, out=term)
        out += term
    return out.reshape((n, w.shape[0]) + geo.out_size)


def _depthwise_input(gy, w, geo):
    if _flat_depthwise(w.shape, w, geo):
        gx = _depthwise_input_flat(gy, w, geo)
        if gx is not None:
            return gx
    n, g, dims = gy.shape[0], geo.groups, len(geo.kernel)
    taps = _per_group(w, g)
    multiplier = taps.shape[1]
    grads = gy.reshape((n, g, multiplier) + geo.out_size) if multiplier > 1 else gy
    padded = _backend.namespace_of(gy).zeros((n, g) + _padded_size(geo),
                                             dtype=np.result_type(gy, w))
    for k, offset in enumerate(_kernel_offsets(geo.kernel)):
        if multiplier > 1:
            share = (grads * taps[:, :, k].reshape((g, multiplier) + (1,) * dims)).sum(2)
        else:
            share = grads * taps[:, 0, k].reshape((g,) + (1,) * dims)
        window_view(padded, offset, geo.stride, geo.dilation, geo.out_size)[...] += share
    return _crop(padded, geo.pads, geo.in_size)


def _depthwise_weight(x, gy, geo, weight_shape):
    if _flat_depthwise(weight_shape, x, geo):
        return _depthwise_weight_flat(x, gy, geo, weight_shape)
    n, g = x.shape[0], geo.groups
    grads = gy.reshape((n, g, weight_shape[0] // g) + geo.out_size)
    padded = pad_array(x, geo.pads)
    out = _backend.namespace_of(x).empty((g, weight_shape[0] // g, _prod(geo.kernel)),
                                         dtype=np.result_type(x, gy))
    space = "xyz"[:len(geo.kernel)]
    spec = f"nco{space},nc{space}->co"
    for k, offset in enumerate(_kernel_offsets(geo.kernel)):
        window = window_view(padded, offset, geo.stride, geo.dilation, geo.out_size)
        out[:, :, k] = np.einsum(spec, grads, window)
    return out.reshape(weight_shape)


# --- the three bilinear maps as ember ops -----------------------------------------------------

def _bilinear(kind, a, b, geo, weight_shape, node_cls, bias=None, cols=None, gy_cols=None,
              columns_to=None):
    """Apply map ``kind`` to tensors a, b (plus an optional bias), recording ``node_cls``.

    ``cols`` (the forward's column matrix) and ``gy_cols`` (the gradient in channels-first
    layout) are reused when a backward already has them; a convolution appends its column
    matrix (or None) to the list ``columns_to`` for a weight gradient that reads the same one.
    """
    save = (a, b)
    if _ATEN_ACTIVE[0] and node_cls is ConvolutionBackward0 and _aten.reporting():
        out = _aten.convolution(a, b, bias, geo, kind == _INPUT)
        return record(out, node_cls, (a, b, bias), save, kind=kind, geo=geo,
                      weight_shape=weight_shape, has_bias=bias is not None)
    if kind == _CONV:
        arr, columns = conv_array(a._data, b._data, geo)
        if columns_to is not None:
            columns_to.append(columns)
        if b._requires_grad and columns is not None:
            # The weight's gradient multiplies by these same columns: keep them until backward.
            save = (a, b, columns)
    elif kind == _INPUT:
        arr = input_array(a._data, b._data, geo, gy_cols)
    else:
        arr = weight_array(a._data, b._data, geo, weight_shape, cols, gy_cols)
    if bias is not None:
        arr += bias._data.reshape((-1,) + (1,) * len(geo.kernel))
    return record(wrap(arr, a._dtype), node_cls, (a, b, bias), save, kind=kind, geo=geo,
                  weight_shape=weight_shape, has_bias=bias is not None)


def _bilinear_backward(ctx, grad):
    saved = ctx.saved_tensors
    a, b = saved[:2]
    need = ctx.needs_input_grad
    geo, shape, kind = ctx.geo, ctx.weight_shape, ctx.kind
    again = ConvolutionBackwardBackward0
    if _ATEN_ACTIVE[0] and kind != _WEIGHT and type(ctx) is ConvolutionBackward0 and \
            _aten.reporting():  # one ATen call for the three gradients, as torch's
        return _aten.convolution_backward(grad, a, b, len(need) > 2 and need[2], geo,
                                          kind == _INPUT, need,
                                          lambda: _bilinear_backward(ctx, grad))
    grad_a = grad_b = grad_bias = None
    if kind == _CONV:               # a = x, b = w
        # Both gradients read the gradient in one layout, built once (blocked maps build
        # their own per block).
        shared = need[0] and need[1] and not _blocked(geo, shape, grad._data)
        gy_cols = grad_columns(grad._data, geo, shape) if shared else None
        if need[0]:
            grad_a = _bilinear(_INPUT, grad, b, geo, shape, again, gy_cols=gy_cols)
        if need[1]:
            cols = saved[2] if len(saved) > 2 else None
            grad_b = _bilinear(_WEIGHT, a, grad, geo, shape, again, cols=cols, gy_cols=gy_cols)
    elif kind == _INPUT:            # a = gy, b = w
        # Both gradients read the columns of grad: the convolution's are reused for the weight.
        columns = []
        if need[0]:
            grad_a = _bilinear(_CONV, grad, b, geo, shape, again, columns_to=columns)
        if need[1]:
            grad_b = _bilinear(_WEIGHT, grad, a, geo, shape, again,
                               cols=columns[0] if columns else None)
    else:                           # a = x, b = gy
        if need[0]:
            grad_a = _bilinear(_INPUT, b, grad, geo, shape, again)
        if need[1]:
            grad_b = _bilinear(_CONV, a, grad, geo, shape, again)
    if len(need) > 2 and need[2]:
        grad_bias = grad.sum((0,) + tuple(range(2, grad.ndim)))
    return grad_a, grad_b, grad_bias


def _follow(out, x, weight):
    """A convolution's result in the channels-last format of its input or weight, as torch's
    oneDNN kernels write it; torch's float64 3-D convolutions run its own kernel, which writes
    row-major."""
    if x._data.ndim == 5 and x._dtype is D.float64:
        return out
    return MF.follow(out, x, weight)


def _convolution_backward(ctx, grad):
    """The gradients of a convolution (or a transposed one); its input's in the format the
    forward wrote in (a one-channel channels-last batch's keeps its channel stride of 1)."""
    grads = _bilinear_backward(ctx, grad)
    x, weight = ctx.saved_tensors[:2]
    if grads[0] is not None and ctx.kind in (_CONV, _INPUT) and x._data.ndim in (4, 5):
        _follow(grads[0], x, weight)
    return grads


ConvolutionBackward0 = grad_fn("ConvolutionBackward0")(_convolution_backward)
ConvolutionBackwardBackward0 = grad_fn("ConvolutionBackwardBackward0")(_bilinear_backward)


# --- argument checking ------------------------------------------------------------------------

def expand_param(value, dims, name, kind="convolution"):
    """An int or a sequence of one or ``dims`` ints as a ``dims``-tuple (PyTorch's message)."""
    if isinstance(value, (int, np.integer)):
        return (int(value),) * dims
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * dims
    if len(value) != dims:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {dims} "
                           f"values to match the {kind} dimensions, but got {name}={list(value)}")
    return value


_NOT_INTS = (float, np.floating, str, complex)


def _not_ints(value):
    """The parser's complaint about a stride/padding/dilation that is not a tuple of ints, or
    None: "not float" for a bare non-int, "but found element of type float at pos 0"."""
    if type(value) is int:
        return None
    if isinstance(value, _NOT_INTS):
        return f"not {type(value).__name__}"
    if isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            if isinstance(v, _NOT_INTS):
                return f"but found element of type {type(v).__name__} at pos {i}"
    return None


def _ints(value):
    """Whether ``value`` is an int or a tuple/list of ints (the modules' case, checked fast)."""
    kind = type(value)
    if kind is int:
        return True
    if kind is tuple or kind is list:
        for v in value:
            if type(v) is not int:
                return False
        return True
    return False


def _check_int_args(name, input, weight, bias, args):
    """The argument parser's TypeError for a convolution given a float or string where torch
    wants ints (``args``: (name, position, value, default) after input, weight and bias)."""
    bad = [(a, pos, v) for a, pos, v, _ in args
           if _not_ints(v) is not None and not (a == "padding" and isinstance(v, str) and
                                                not name.startswith("conv_transpose"))]
    if not bad:
        return
    if name.startswith("conv_transpose"):
        a, pos, v = bad[0]
        raise TypeError(f"{name}(): argument '{a}' (position {pos}) must be tuple of ints, "
                        f"{_not_ints(v)}")
    # the forward convolutions have two overloads (padding as ints or as a string): no match
    shown = [input, weight, bias] + [v for _, _, v, _ in args]
    last = max([3] + [i + 4 for i, (_, _, v, d) in enumerate(args) if v != d])
    got = ", ".join("Tensor" if type(v) is Tensor else type(v).__name__ for v in shown[:last])
    common = "Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, "
    raise TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but "
                    f"expected one of:\n * ({common}tuple of ints padding = 0, tuple of ints "
                    f"dilation = 1, int groups = 1)\n * ({common}str padding = \"valid\", tuple "
                    "of ints dilation = 1, int groups = 1)\n")


def _lower_name(dt):
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int"}.get(dt.name, dt.name)


def _check_common(input, weight, bias, dims, name, stride, dilation):
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        bad = "input" if not isinstance(input, Tensor) else "weight"
        position = 1 if bad == "input" else 2
        raise TypeError(f"{name}() argument '{bad}' (position {position}) must be Tensor, not "
                        f"{type(input if bad == 'input' else weight).__name__}")
    transposed = name.startswith("conv_transpose")
    if bias is not None and bias._dtype is not input._dtype and not transposed:
        # the convolutions' first check (the transposed ones make it after the weight's)
        raise RuntimeError(f"Input type ({_lower_name(input._dtype)}) and bias type "
                           f"({_lower_name(bias._dtype)}) should be the same")
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(input.shape)}")
    if weight.ndim < 3:
        raise RuntimeError("weight should have at least three dimensions")
    if weight.ndim != dims + 2:
        raise RuntimeError(f"Expected {weight.ndim}-dimensional input for {weight.ndim}-"
                           f"dimensional weight {list(weight.shape)}, but got {input.ndim}-"
                           f"dimensional input of size {list(input.shape)} instead")
    if input._dtype is not weight._dtype:
        from ._registry import type_name
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(weight._dtype)}")
    if bias is not None and bias._dtype is not input._dtype:
        raise RuntimeError(f"Input type ({_lower_name(input._dtype)}) and bias type "
                           f"({_lower_name(bias._dtype)}) should be the same")
    if stride is None:  # the forward convolutions check the rest in their own order
        return
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")


def _check_groups(weight, groups):
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{list(weight.shape)}] "
                           "instead")


def _check_bias(bias, weight, channels):
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != channels):
        raise RuntimeError(f"Given weight of size {list(weight.shape)}, expected bias to be "
                           f"1-dimensional with {channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")


def _sizes(values):
    return " x ".join(str(v) for v in values)


def _conv(input, weight, bias, stride, padding, dilation, groups, dims, name):
    # torch's order: the padding string, the tensors' ranks and dtypes, the lengths of stride,
    # padding and dilation, then stride, padding, groups, channels, bias and dilation values
    if not (_ints(stride) and _ints(padding) and _ints(dilation)):
        _check_int_args(name, input, weight, bias, (("stride", 4, stride, 1),
                                                    ("padding", 5, padding, 0),
                                                    ("dilation", 6, dilation, 1)))
    if isinstance(padding, str) and padding not in ("valid", "same") and \
            isinstance(input, Tensor) and isinstance(weight, Tensor):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    _check_common(input, weight, bias, dims, name, None, None)
    stride = expand_param(stride, dims, "stride")
    if not isinstance(padding, str):
        padding = expand_param(padding, dims, "padding")
    dilation = expand_param(dilation, dims, "dilation")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    kernel = tuple(weight.shape[2:])
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0),) * dims
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
            pads = tuple((t // 2, t - t // 2) for t in totals)
            if any(t % 2 for t in totals):
                warnings.warn("Using padding='same' with even kernel lengths and odd dilation may "
                              "require a zero-padded copy of the input be created", UserWarning,
                              stacklevel=_user_stacklevel())
    else:
        if any(p < 0 for p in padding):
            raise RuntimeError("negative padding is not supported")
        pads = tuple((p, p) for p in padding)
    _check_groups(weight, groups)
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    if x.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected "
                           f"input{list(x.shape)} to have {weight.shape[1] * groups} channels, "
                           f"but got {x.shape[1]} channels instead")
    _check_bias(bias, weight, weight.shape[0])
    if any(d <= 0 for d in dilation):
        raise RuntimeError("non-positive dilation is not supported")
    if 0 in kernel:
        # An empty kernel would leave the output uninitialised.
        sizes = (1,) * (2 - dims) + kernel
        names = ("kernel_depth", "kernel_height", "kernel_width")[-len(sizes):]
        raise RuntimeError("kernel size should be greater than zero, but got " +
                           " ".join(f"{n}: {k}" for n, k in zip(names, sizes)))
    in_size = tuple(x.shape[2:])
    padded = [s + lo + hi for s, (lo, hi) in zip(in_size, pads)]
    effective = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    if any(e > p for e, p in zip(effective, padded)):
        raise RuntimeError(f"Calculated padded input size per channel: ({_sizes(padded)}). "
                           f"Kernel size: ({_sizes(effective)}). Kernel size can't be greater "
                           "than actual input size")
    out_size = tuple((p - e) // s + 1 for p, e, s in zip(padded, effective, stride))
    geo = Geometry(in_size, out_size, kernel, pads, stride, dilation, groups)
    out = _bilinear(_CONV, x, weight, geo, tuple(weight.shape), ConvolutionBackward0, bias)
    return _follow(out, x, weight) if batched else out.squeeze(0)


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation,
                    dims, name):
    if not (_ints(stride) and _ints(padding) and _ints(output_padding) and _ints(dilation)):
        _check_int_args(name, input, weight, bias, (
            ("stride", 4, stride, 1), ("padding", 5, padding, 0),
            ("output_padding", 6, output_padding, 0), ("dilation", 8, dilation, 1)))
    stride = expand_param(stride, dims, "stride")
    dilation = expand_param(dilation, dims, "dilation")
    _check_common(input, weight, bias, dims, name, stride, dilation)
    padding = expand_param(padding, dims, "padding")
    output_padding = expand_param(output_padding, dims, "output_padding")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        axes = ("height", "width") if dims == 2 else ("depth", "height", "width")[-dims:]
        if dims == 1:
            axes = ("width",)
        parts = ([f"output_padding_{a}: {v}" for a, v in zip(axes, output_padding)]
                 + [f"stride_{a}: {v}" for a, v in zip(axes, stride)]
                 + [f"dilation_{a}: {v}" for a, v in zip(axes, dilation)])
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           "got " + " ".join(parts))
    _check_groups(weight, groups)
    batched = input.ndim == dims + 2
    x = input if batched else input.unsqueeze(0)
    if x.shape[1] != weight.shape[0]:
        raise RuntimeError(f"Given transposed=1, weight of size {list(weight.shape)}, expected "
                           f"input{list(x.shape)} to have {weight.shape[0]} channels, but got "
                           f"{x.shape[1]} channels instead")
    _check_bias(bias, weight, weight.shape[1] * groups)
    kernel = tuple(weight.shape[2:])
    in_size = tuple(x.shape[2:])
    out_size = tuple((i - 1) * s - 2 * p + d * (k - 1) + op + 1 for i, s, p, d, k, op
                     in zip(in_size, stride, padding, dilation, kernel, output_padding))
    if any(o <= 0 for o in out_size):
        raise RuntimeError(f"Given input size per channel: ({_sizes(in_size)}). Calculated "
                           f"output size per channel: ({_sizes(out_size)}). Output size is too "
                           "small")
    geo = Geometry(out_size, in_size, kernel, tuple((p, p) for p in padding), stride, dilation,
                   groups)
    out = _bilinear(_INPUT, x, weight, geo, tuple(weight.shape), ConvolutionBackward0, bias)
    return _follow(out, x, weight) if batched else out.squeeze(0)


# --- public functions ---------------------------------------------------------------------------

def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D cross-correlation of (N, C, L) input with (O, C/groups, k) weight, plus bias.

    Derivatives: d input = conv_transpose1d(grad, weight), d weight = correlation of input
    with grad, d bias = grad summed over batch and length.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation of (N, C, H, W) input with (O, C/groups, kh, kw) weight, plus bias.

    Derivatives: d input = conv_transpose2d(grad, weight), d weight = correlation of input
    with grad, d bias = grad summed over batch and pixels.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-D cross-correlation of (N, C, D, H, W) input with (O, C/groups, kd, kh, kw) weight.

    Derivatives: d input = conv_transpose3d(grad, weight), d weight = correlation of input
    with grad, d bias = grad summed over batch and voxels.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed 1-D convolution (the adjoint of conv1d in its input); weight (C, O/groups, k).

    Derivatives: d input = conv1d(grad, weight), d weight = correlation of grad with input.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 1, "conv_transpose1d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed 2-D convolution (the adjoint of conv2d in its input); weight (C, O/groups, kh,
    kw). Derivatives: d input = conv2d(grad, weight), d weight = correlation of grad with input.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 2, "conv_transpose2d")


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed 3-D convolution (the adjoint of conv3d in its input).

    Derivatives: d input = conv3d(grad, weight), d weight = correlation of grad with input.
    """
    input, weight, bias = cast_lower(input, weight, bias)
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups,
                           dilation, 3, "conv_transpose3d")


__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d"]
FUNCTIONS = {"conv1d": conv1d, "conv2d": conv2d, "conv3d": conv3d,
             "conv_transpose1d": conv_transpose1d, "conv_transpose2d": conv_transpose2d,
             "conv_transpose3d": conv_transpose3d}
METHODS = {}
