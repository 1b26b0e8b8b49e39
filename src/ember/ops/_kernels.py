"""Shared pieces of the fused kernels: row blocks run across threads, slow library ufuncs split
across threads, row sums.

A fused kernel makes several NumPy passes over its data. On a large array each pass streams
it from main memory; on a block of rows small enough to stay in the core's cache the passes
after the first read the cache, several times faster. So kernels run block by block
(``run_row_blocks``), and the blocks are shared among ember's intra-op threads
(``ember.set_num_threads``), as PyTorch runs its kernels: NumPy and SciPy release the GIL
inside their loops. Block bounds depend on the shape alone, never on the thread count, and a
reduction across rows adds up one partial sum per block in block order, so results are
bit-identical whatever the number of threads.

NumPy's ufunc machinery copies operands through a buffer of ``np.getbufsize()`` elements (8192)
when a broadcast operand cannot be described by one stride, which is the case for a per-row value
(shape (rows, 1)) beside rows shorter than the buffer: it then gathers several rows per inner
loop, and such a pass costs three times a contiguous one. With the buffer no longer than one row
the inner loop is one row with the value as a scalar, at contiguous speed. So blocks of rows run
with that buffer size (in NumPy's per-thread error-state context, restored on exit); it changes
which loop runs, never the order of any sum, so the bits are the same.

SciPy's special-function ufuncs (ndtr, erf, ...) are scalar loops, several times slower per
element than NumPy's vectorised exp or tanh, and they release the GIL. On a large array they
run on contiguous slices in the intra-op threads, so their cost is divided by the thread count.
"""
from __future__ import annotations

import itertools
import os

import numpy as np

from .. import _settings

# Below this many elements a thread hand-off costs more than the loop it saves, for a loop
# of SciPy's scalar special functions (about 10 ns an element: erf, ndtr).
PARALLEL_MIN_SPECIAL = 1 << 16
# The same for kernels made of NumPy's vectorised passes (a fraction of a ns an element each):
# below this size the data of a block sequence stays in one core's cache, and the second
# thread's costs (waking it, and each of its dozen NumPy calls a block taking the GIL back
# from the other thread, tens of µs on a 2-vCPU VM) exceed the time it saves. Measured on a
# quiet 2-vCPU Xeon VM (fwd+bwd at 2 threads, block pool from 65,536 elements -> from this
# size): softmax on (256, 1024) 0.79 -> 0.55 ms (one thread: 0.48), log_softmax 0.90 -> 0.60,
# silu 0.77 -> 0.65, cross_entropy 0.98 -> 0.74, group_norm 2.08 -> 1.48; layer_norm on
# (8192, 256), above it, keeps its threads (7.0 ms at 2 threads, 9.2 at one).
PARALLEL_MIN_PASSES = 1 << 20
# Elements in one row block: a few temporaries of this size stay in a core's L2 cache, and
# the per-block Python calls (a dozen, about a microsecond each) stay small beside the work.
# The optimizers' array paths cut their updates into pieces of the same size.
BLOCK_ELEMENTS = 1 << 16
_pool = {}
_DEFAULT_BUFFER = np.getbufsize()
try:
    # NumPy 2 keeps its error state and buffer size in a context variable: a prebuilt state
    # (warnings off, a given buffer) is set and reset for a fraction of np.errstate's and
    # np.setbufsize's cost, which is several microseconds each.
    from numpy._core.umath import _extobj_contextvar, _make_extobj
    _IGNORE_ALL = _make_extobj(all="ignore")  # every warning off, NumPy's default buffer
except ImportError:  # pragma: no cover - NumPy 1.x: its buffer size is not scoped, left alone
    _extobj_contextvar = _IGNORE_ALL = None
_ROW_STATES = {}  # buffer size -> NumPy error state with every warning off and that buffer


def quietly(fn, *args):
    """``fn(*args)`` with NumPy's floating-point warnings off, as under ``np.errstate(all=
    "ignore")`` (PyTorch gives inf/nan silently) at a quarter of its cost, which matters on
    small tensors."""
    if _extobj_contextvar is None:
        with np.errstate(all="ignore"):
            return fn(*args)
    token = _extobj_contextvar.set(_IGNORE_ALL)
    try:
        return fn(*args)
    finally:
        _extobj_contextvar.reset(token)
try:
    # einsum's C entry point: np.einsum's Python wrapper costs about 3 µs a call, as much as
    # a row block's reduction. It skips the array-function protocol, so kernels use it on
    # plain arrays only (``einsum_for``); ember.compile's traced arrays need np.einsum.
    from numpy._core.multiarray import c_einsum
except ImportError:  # pragma: no cover - NumPy 1.x
    c_einsum = np.einsum
# einsum accumulates in the array's own dtype: only where that is what a reduction does too.
_EINSUM_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _threads():
    count = _settings._state["threads"]
    if count is None:
        count = _pool.get("cpus")
        if count is None:
            count = _pool["cpus"] = _settings._cpu_count()
    return count


def _forget_pool():
    # A forked child (a DataLoader worker) has only the thread that forked: the parent's pool
    # workers are not there to run what it would queue, and the first large kernel would wait
    # forever. The child starts a pool of its own on first use.
    _pool.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _executor(workers):
    executor = _pool.get(workers)
    if executor is None:
        from concurrent.futures import ThreadPoolExecutor
        executor = _pool[workers] = ThreadPoolExecutor(workers, "ember-intraop")
    return executor


def parallel_unary(ufunc, a, out=None):
    """``ufunc(a, out=out)`` for a NumPy array, split into one slice per intra-op thread when
    ``a`` is large and C-contiguous. Returns ``out`` (a new array of a's shape when None)."""
    if out is None:
        out = np.empty_like(a)
    threads = _threads()
    if threads < 2 or a.size < PARALLEL_MIN_SPECIAL or not a.flags.c_contiguous \
            or not out.flags.c_contiguous or type(a) is not np.ndarray:
        return ufunc(a, out=out)
    flat, flat_out = a.reshape(-1), out.reshape(-1)
    step = -(-flat.size // threads)
    bounds = [(i, min(i + step, flat.size)) for i in range(0, flat.size, step)]
    futures = [_executor(threads - 1).submit(ufunc, flat[lo:hi], out=flat_out[lo:hi])
               for lo, hi in bounds[1:]]
    lo, hi = bounds[0]
    ufunc(flat[lo:hi], out=flat_out[lo:hi])
    for future in futures:
        future.result()
    return out


def _call_with_errstate(state, fn, a):
    with np.errstate(**state):
        return fn(a)


def parallel_map(fn, a):
    """``fn(a)`` for an elementwise ``fn`` (each result element a function of the same input
    element alone: a SciPy special function), computed on one contiguous slice per intra-op
    thread when ``a`` is a large C-contiguous NumPy array, the slices' results joined in order.
    Each element is computed by the same function whatever the slicing, so the values are those
    of ``fn(a)`` at any thread count. The workers run with the caller's NumPy error state."""
    threads = _threads()
    if threads < 2 or a.size < PARALLEL_MIN_SPECIAL or type(a) is not np.ndarray \
            or not a.flags.c_contiguous:
        return fn(a)
    flat = a.reshape(-1)
    step = -(-flat.size // threads)
    state = np.geterr()
    executor = _executor(threads - 1)
    futures = [executor.submit(_call_with_errstate, state, fn, flat[lo:lo + step])
               for lo in range(step, flat.size, step)]
    try:
        first = fn(flat[:step])
    finally:
        # The workers finish before this returns or raises: no work is left running behind.
        for future in futures:
            future.exception()
    return np.concatenate([first] + [future.result() for future in futures]).reshape(a.shape)


def einsum_for(parallel):
    """The einsum a kernel calls: the C entry point for plain arrays (``parallel``), else
    np.einsum, which hands traced arrays to ember.compile's capture."""
    return c_einsum if parallel else np.einsum


def row_sums(a, axis):
    """Sums of ``a`` along ``axis``, kept as a length-1 axis. On contiguous rows (the last axis)
    einsum's unrolled loop reads each row once, about twice as fast as ``np.add.reduce``."""
    if (axis == a.ndim - 1 and a.flags.c_contiguous and isinstance(a, np.ndarray)
            and a.dtype in _EINSUM_DTYPES):
        return (c_einsum if type(a) is np.ndarray else np.einsum)("...i->...", a)[..., None]
    return np.add.reduce(a, axis=axis, keepdims=True)


def row_dots(a, b, axis):
    """Sums of ``a * b`` along ``axis`` (kept as a length-1 axis), without the product array
    where both are contiguous rows."""
    if (axis == a.ndim - 1 and a.shape == b.shape and a.flags.c_contiguous
            and b.flags.c_contiguous and isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
            and a.dtype == b.dtype and a.dtype in _EINSUM_DTYPES):
        return (c_einsum if plain(a, b) else np.einsum)("...i,...i->...", a, b)[..., None]
    return np.add.reduce(a * b, axis=axis, keepdims=True)


def row_blocks(rows, row_size):
    """Bounds ``(lo, hi)`` of consecutive blocks of whole rows, about ``BLOCK_ELEMENTS``
    elements each (at least one row): a function of the shape alone."""
    per = max(1, BLOCK_ELEMENTS // max(row_size, 1))
    return [(lo, min(lo + per, rows)) for lo in range(0, rows, per)]


# Rows at least this long run with a buffer of one row (rounded down to NumPy's multiple of 16):
# on shorter ones the per-row inner loops cost more than the buffer copies they avoid.
_ROW_BUFFER_MIN = 128


class _Claims:
    """Block indices handed out one at a time to whichever thread asks next, until all are
    taken or a kernel has raised. Each ``iter()`` is one thread's own generator over the shared
    counter (itertools.count's next is atomic under the GIL), so no index is handed out twice."""

    def __init__(self, count):
        self._next = itertools.count().__next__
        self._count = count
        self.stopped = False

    def __iter__(self):
        while not self.stopped:
            index = self._next()
            if index >= self._count:
                return
            yield index


def _run_blocks(kernel, blocks, indices, run):
    # Floating-point warnings are off as in every kernel (NumPy's error state is per thread,
    # so each worker sets its own, and its buffer size with it).
    if _extobj_contextvar is None or not _ROW_BUFFER_MIN <= run < _DEFAULT_BUFFER:
        quietly(_run_each, kernel, blocks, indices)
        return
    size = run - run % 16
    state = _ROW_STATES.get(size)
    if state is None:
        state = _ROW_STATES[size] = _make_extobj(all="ignore", bufsize=size)
    token = _extobj_contextvar.set(state)
    try:
        _run_each(kernel, blocks, indices)
    finally:
        _extobj_contextvar.reset(token)


def _run_each(kernel, blocks, indices):
    try:
        for index in indices:
            kernel(index, *blocks[index])
    except BaseException:
        if type(indices) is _Claims:  # the other threads take no further block
            indices.stopped = True
        raise


def run_row_blocks(kernel, blocks, row_size, parallel=True, inner=None, special=False):
    """Call ``kernel(index, lo, hi)`` for each block of ``blocks`` (``row_blocks``' bounds).
    When there is enough work for several threads (and ``parallel``: ember.compile's capture
    records only the calls made in its own thread) the calling thread and the intra-op workers
    claim the blocks one at a time, so a thread that the OS runs late (a busy machine) takes
    fewer blocks instead of being waited for; a worker that has not started when every block is
    taken is not waited for at all. ``inner`` is the length of the contiguous runs over which
    the kernel broadcasts a per-row value (default: the whole row), the length NumPy's ufunc
    buffer is set to. The threads share the blocks from ``PARALLEL_MIN_PASSES`` elements on, or
    from ``PARALLEL_MIN_SPECIAL`` for a kernel that calls SciPy's special functions
    (``special``).
    The kernel writes its results into rows ``lo:hi`` of arrays it shares (and per-block
    partial sums into slot ``index``), so no two threads write the same memory and the results
    do not depend on which thread ran a block. If a kernel raises, no block starts after it,
    and the error is raised once the blocks already running have finished."""
    count = len(blocks)
    threads = min(_threads(), count) if parallel else 1
    run = row_size if inner is None else inner
    smallest = PARALLEL_MIN_SPECIAL if special else PARALLEL_MIN_PASSES
    if threads < 2 or blocks[-1][1] * row_size < smallest:
        _run_blocks(kernel, blocks, range(count), run)
        return
    claims = _Claims(count)
    executor = _executor(threads - 1)
    futures = [executor.submit(_run_blocks, kernel, blocks, claims, run)
               for _ in range(threads - 1)]
    try:
        _run_blocks(kernel, blocks, claims, run)
    finally:
        for future in futures:
            if not future.cancel():
                future.result()


def flat_blocks(kernel, size, parallel=True, special=False):
    """Call ``kernel(lo, hi)`` over consecutive ranges ``[lo, hi)`` of a flat array of ``size``
    elements, about ``BLOCK_ELEMENTS`` each, shared among the intra-op threads (from the size
    ``run_row_blocks`` says for ``special``)."""
    if size <= BLOCK_ELEMENTS:  # one block (a small tensor): called directly, as a block is
        if size:
            quietly(kernel, 0, size)
        return
    run_row_blocks(lambda index, lo, hi: kernel(lo, hi), row_blocks(size, 1), 1, parallel,
                   special=special)


def plain(*arrays):
    """True when every array is a plain NumPy ndarray (not a subclass such as ember.compile's
    traced arrays, nor another backend's): those run block by block in threads."""
    for a in arrays:
        if type(a) is not np.ndarray:
            return False
    return True
