"""Sorting and selection: sort, argsort, topk, kthvalue, median, mode, cummax/cummin, unique,
searchsorted, bucketize, histc, bincount.

Every differentiable op here picks elements of its input, and returns their indices beside
them: the gradient goes back to the picked places (scattered by those indices), zero elsewhere.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._deprecated import warn_once
from .._tensor import Tensor, _int_arg, _wrap_dim
from ._registry import ALL_DIMS, complex_half_error, keepdim_without_dim, none_dim_error
from ._registry import grad_fn, not_tensor, record, refuse_complex, type_name, wrap
from ._registry import check_dim_type
from .reduction import check_nonempty, median_type, mode_type, return_types

sort_type = return_types.make("sort", ("values", "indices"))
topk_type = return_types.make("topk", ("values", "indices"))
kthvalue_type = return_types.make("kthvalue", ("values", "indices"))
cummax_type = return_types.make("cummax", ("values", "indices"))
cummin_type = return_types.make("cummin", ("values", "indices"))
nanmedian_type = return_types.make("nanmedian", ("values", "indices"))


def _has_nan(arr):
    """Whether arr's dtype holds NaN: NumPy's floats and ml_dtypes' bfloat16 and float8 (kind
    'V', as complex32's (real, imag) records, which have field names)."""
    return arr.dtype.kind == "f" or arr.dtype.kind == "V" and arr.dtype.names is None


def _sort_key(arr, descending):
    """An array whose ascending order is arr's wanted order, but for NaN: NaN sorts as the
    largest value (as PyTorch), so descending it keeps NaN last (see _argsort)."""
    if not descending:
        return arr
    if arr.dtype.kind == "f" or arr.dtype.name == "bfloat16":  # ml_dtypes' kind is 'V'
        return -arr
    if arr.dtype.kind == "c":
        return arr
    if arr.dtype == np.bool_:
        return ~arr
    return ~arr  # bitwise not reverses the order of signed and unsigned integers alike


def _argsort(arr, axis, descending, stable=True):
    if arr.ndim == 0:
        return _backend.namespace_of(arr).zeros((), dtype=np.int64)
    order = np.argsort(_sort_key(arr, descending), axis=axis, kind="stable").astype(np.int64)
    if descending and (arr.dtype.kind == "f" or arr.dtype.name == "bfloat16"):
        if bool(np.isnan(arr).any()):  # NaN first, before +inf: a stable pass on "is a number"
            number = ~np.isnan(np.take_along_axis(arr, order, axis))
            order = np.take_along_axis(order, np.argsort(number, axis=axis, kind="stable"), axis)
    return order


def _pick(input, d, indices, keepdim=True):
    """input's values at ``indices`` along dim d."""
    if input._data.ndim == 0:
        return input._data.copy()
    values = np.take_along_axis(input._data, indices if keepdim else
                                np.expand_dims(indices, d), d)
    return values if keepdim else np.squeeze(values, d)


def _scatter_back(ctx, grad, _indices_grad=None):
    """zeros of the input's shape with the gradient put back at the picked indices."""
    indices = ctx.indices
    shape = ctx._input_meta[0][0]
    if not shape:
        return grad.reshape(())
    idx = Tensor._make(indices)
    if not ctx.keepdim:
        grad = grad.unsqueeze(ctx.dim)
        idx = idx.unsqueeze(ctx.dim)
    return grad.new_zeros(shape).scatter(ctx.dim, idx, grad)


def _scatter_add_back(ctx, grad, _indices_grad=None):
    """As _scatter_back, adding where indices repeat (cummax/cummin)."""
    shape = ctx._input_meta[0][0]
    if not shape:
        return grad.reshape(())
    return grad.new_zeros(shape).scatter_add(ctx.dim, Tensor._make(ctx.indices), grad)


SortBackward0 = grad_fn("SortBackward0")(_scatter_back)
TopkBackward0 = grad_fn("TopkBackward0")(_scatter_back)
KthvalueBackward0 = grad_fn("KthvalueBackward0")(_scatter_back)
MedianBackward1 = grad_fn("MedianBackward1")(_scatter_back)
NanmedianBackward1 = grad_fn("NanmedianBackward1")(_scatter_back)
ModeBackward0 = grad_fn("ModeBackward0")(_scatter_back)
CummaxBackward0 = grad_fn("CummaxBackward0")(_scatter_add_back)
CumminBackward0 = grad_fn("CumminBackward0")(_scatter_add_back)


def _pair(values, indices, cls, input, result_type, d, keepdim):
    out = (wrap(values, input._dtype), wrap(indices))
    record(out, cls, (input,), indices=indices, dim=d, keepdim=keepdim)
    return result_type(*out)


def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    """(values, indices) sorted along dim (stable; NaN sorts as the largest value).
    d/dinput = the gradient scattered back by indices."""
    if not isinstance(input, Tensor):
        raise not_tensor("sort", input)
    d = _wrap_dim(dim, input._data.ndim)
    if input._dtype.category == D._COMPLEX:
        raise RuntimeError(" Sort does not support complex dtypes on CPU")
    indices = _argsort(input._data, d, descending)
    values = _pick(input, d, indices)
    if input._data.ndim > 1:  # both laid out like the input, as torch allocates them
        values = MF.like_source(values, input._data)
        indices = MF.like_source(indices, input._data)
    return _pair(values, indices, SortBackward0, input, sort_type, d, True)


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort input along dim."""
    if not isinstance(input, Tensor):
        raise not_tensor("argsort", input)
    d = _wrap_dim(dim, input._data.ndim)
    if input._dtype.category == D._COMPLEX:
        raise RuntimeError(" Sort does not support complex dtypes on CPU")
    return wrap(_argsort(input._data, d, descending))


def msort(input):
    """input sorted along dim 0."""
    return sort(input, 0).values


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    """(values, indices) of the k largest (or smallest) elements along dim.
    d/dinput = the gradient scattered back by indices."""
    if type(k) is not int and (isinstance(k, bool) or not isinstance(k, np.integer)):
        raise TypeError(f"topk(): argument 'k' (position 2) must be int, not "
                        f"{type(k).__name__}")
    if input._dtype is D.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    order = _argsort(input._data, d, largest)
    indices = order
    if input._data.ndim:
        indices = _backend.namespace_of(order).ascontiguousarray(
            order[(slice(None),) * d + (slice(0, k),)])
        if k:
            _as_torch_selects(input._data, order, indices, d, k, largest, sorted)
    return _pair(_pick(input, d, indices), indices, TopkBackward0, input, topk_type, d, True)


def _as_torch_selects(arr, order, indices, d, k, largest, ordered):
    """Overwrite, in place, the rows of topk's ``indices`` (a stable sort's first k) where
    torch's unstable selection reports others. Only equivalent values (equal, or both NaN)
    next to each other within the first k + 1 of the sorted row leave a choice; sorted=False
    keeps the selection's own order, so every row goes through it then."""
    if ordered:
        ahead = (slice(None),) * d
        head = np.take_along_axis(arr, order[ahead + (slice(0, k + 1),)], d)
        later, earlier = head[ahead + (slice(1, None),)], head[ahead + (slice(None, -1),)]
        tie = later == earlier
        if arr.dtype.kind in "fV":
            tie = tie | (np.isnan(later) & np.isnan(earlier))
        if not bool(tie.any()):
            return
        chosen = np.flatnonzero(np.moveaxis(tie, d, -1).reshape(-1, tie.shape[d]).any(-1))
    else:
        chosen = _backend.namespace_of(indices).arange(indices.size // k)
    rows = np.moveaxis(arr, d, -1).reshape(-1, arr.shape[d])
    picks = np.moveaxis(indices, d, -1).reshape(-1, k)
    n = rows.shape[-1]
    if k == 1 and n >= 64:
        return  # a one-element heap keeps the first best: the stable sort's pick
    codes, mask = _rank_codes(rows[chosen], largest,
                              np.moveaxis(order, d, -1).reshape(-1, n)[chosen])
    if k * 64 <= n:  # partial_sort: heap selection, then heap sort, row by row
        for r, row in zip(chosen, codes.tolist()):
            picks[r] = _topk_heap_order(row, k, mask)
    else:  # nth_element, then std::sort of the first k - 1
        shift = mask.bit_length()
        _nth_element_rows(codes, k - 1, shift, mask)
        if ordered:
            _std_sort_rows(codes, k - 1, shift, mask)
        picks[chosen] = codes[:, :k] & mask
    np.copyto(np.moveaxis(indices, d, -1), picks.reshape(np.moveaxis(indices, d, -1).shape))


def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """(values, indices) of the k-th smallest element (1-based) along dim."""
    if type(k) is not int:
        if isinstance(k, (bool, float)):
            raise TypeError(f"kthvalue(): argument 'k' (position 2) must be int, not "
                            f"{type(k).__name__}")
        k = _int_arg(k, "k")
    d = _wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d] if input._data.ndim else 1
    if size == 0:
        check_nonempty("kthvalue", input, (d,))
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if input._dtype is D.bool_:
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    return _select_rank(input, d, keepdim, lambda n, valid: k - 1, KthvalueBackward0,
                        kthvalue_type, lambda arr, indices: _as_torch_kth(arr, d, indices, k - 1))


def _as_torch_kth(arr, d, indices, rank):
    """Overwrite, in place, the kthvalue ``indices`` (keepdim shape, a stable sort's pick) of
    rows whose k-th value occurs more than once: torch finds it by its own quickselect, whose
    swaps decide which of the equal elements it reports."""
    kth = np.take_along_axis(arr, indices, d)
    same = arr == kth
    if arr.dtype.kind in "fV":
        same = same | (np.isnan(arr) & np.isnan(kth))
    tie = same.sum(d) > 1
    if not bool(tie.any()):
        return
    rows = np.moveaxis(arr, d, -1).reshape(-1, arr.shape[d])
    picks = np.moveaxis(indices, d, -1).reshape(-1)
    chosen = np.flatnonzero(tie.reshape(-1))
    codes, mask = _rank_codes(rows[chosen], False)
    for r, row in zip(chosen, codes.tolist()):
        picks[r] = _quickselect_index(row, rank, mask)
    np.copyto(np.moveaxis(indices, d, -1), picks.reshape(np.moveaxis(indices, d, -1).shape))


def _quickselect_index(codes, rank, mask):
    """The original index of the element torch's kthvalue selects at ``rank`` (0-based): a
    quickselect with NaN last, its pivot the median of the first, the second (after swapping
    the middle element there) and the last, and Hoare partitioning. ``codes`` are the row's
    _rank_codes: ``a`` comes after ``b`` when ``a > b | mask``."""
    values = codes
    low, high = 0, len(values) - 1
    while high > low:
        if high == low + 1:
            if values[low] > values[high] | mask:
                values[low], values[high] = values[high], values[low]
            break
        mid = low + (high - low) // 2
        values[mid], values[low + 1] = values[low + 1], values[mid]
        if values[low + 1] > values[high] | mask:
            values[low + 1], values[high] = values[high], values[low + 1]
        if values[low] > values[high] | mask:
            values[low], values[high] = values[high], values[low]
        if values[low + 1] > values[low] | mask:
            values[low + 1], values[low] = values[low], values[low + 1]
        i, j, pivot = low + 1, high, values[low]
        below, above = pivot & ~mask, pivot | mask  # x < below: x before; x > above: after
        while True:
            i += 1
            while values[i] < below:
                i += 1
            j -= 1
            while values[j] > above:
                j -= 1
            if j < i:
                break
            values[i], values[j] = values[j], values[i]
        values[low], values[j] = values[j], values[low]
        if j <= rank:
            low = i
        if j >= rank:
            high = j - 1
    return values[rank] & mask


def _select_rank(input, d, keepdim, rank, cls, result_type, adjust=None):
    """The element of a given rank (by stable ascending order) along d, and its index.

    ``rank(n, valid)`` gets the dim's size and the count of non-NaN entries per slice (NaNs
    sort last) and returns the rank to pick, per slice.
    """
    xp = _backend.namespace_of(input._data)
    if input._data.ndim == 0:
        return _pair(input._data.copy(), xp.zeros((), np.int64), cls, input, result_type, d,
                     keepdim)
    arr = input._data
    order = _argsort(arr, d, False)
    n = arr.shape[d]
    valid = (~np.isnan(arr)).sum(axis=d, keepdims=True) if _has_nan(arr) else \
        xp.full(arr.shape[:d] + (1,) + arr.shape[d + 1:], n)
    indices = np.take_along_axis(order, rank(n, valid) + np.zeros_like(valid), d)
    if adjust is not None:
        adjust(arr, indices)
    if not keepdim:
        indices = np.squeeze(indices, d)
    return _pair(_pick(input, d, indices, keepdim), indices, cls, input, result_type, d,
                 keepdim)


def _refuse_bool(input, dim):
    if input._dtype is D.bool_:
        kernel = "median_cpu" if dim is None else "median_out"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def median(input, dim=ALL_DIMS, keepdim=False, *, out=None):
    """The lower median of all elements, or (values, indices) along dim; NaN if any is NaN.
    d/dinput = the gradient at the median element(s)."""
    dim = _median_checks("median", input, dim, keepdim)
    if dim is None:
        flat = input._data.reshape(-1)
        if flat.size == 0 or _has_nan(flat) and np.isnan(flat).any():
            value = np.nan
        else:
            value = np.sort(flat)[(flat.size - 1) // 2]
        out = wrap(_backend.namespace_of(flat).asarray(value, dtype=flat.dtype), input._dtype)
        return record(out, MedianBackward0, (input,), (input, out))
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.size == 0:
        check_nonempty("median", input, (d,))
    # A slice holding NaN has NaN as median: the first NaN sits at rank ``valid``.
    return _select_rank(input, d, keepdim,
                        lambda n, valid: np.where(valid < n, valid, (n - 1) // 2),
                        MedianBackward1, median_type)


def _median_checks(name, input, dim, keepdim):
    """median's and nanmedian's argument checks, in torch's order (the dim before the dtype);
    returns the dim, None for all elements."""
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)
    if dim is ALL_DIMS:
        if keepdim:
            raise keepdim_without_dim(name)
        dim = None
    elif dim is None:
        raise none_dim_error(name)
    else:
        check_dim_type(name, dim)
        _wrap_dim(dim, input._data.ndim)
    _refuse_bool(input, dim)
    refuse_complex(input, "median_cpu" if dim is None else "median_out")
    return dim


def nanmedian(input, dim=ALL_DIMS, keepdim=False, *, out=None):
    """median ignoring NaNs (NaN only where all are NaN)."""
    dim = _median_checks("nanmedian", input, dim, keepdim)
    if dim is None:
        flat = input._data.reshape(-1)
        kept = flat[~np.isnan(flat)] if _has_nan(flat) else flat
        value = np.sort(kept)[(kept.size - 1) // 2] if kept.size else np.nan
        out = wrap(_backend.namespace_of(flat).asarray(value, dtype=flat.dtype), input._dtype)
        return record(out, NanmedianBackward0, (input,), (input, out))
    d = _wrap_dim(dim, input._data.ndim)
    if input._data.ndim and not input._data.shape[d]:  # torch's text says median
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    return _select_rank(input, d, keepdim, lambda n, valid: np.maximum((valid - 1) // 2, 0),
                        NanmedianBackward1, nanmedian_type)


def _evenly_distribute(ctx, grad):
    x, out = ctx.saved_tensors
    mask = (x == out) | (x.isnan() & out.isnan())
    return mask * (grad / mask.sum())


MedianBackward0 = grad_fn("MedianBackward0")(_evenly_distribute)
NanmedianBackward0 = grad_fn("NanmedianBackward0")(_evenly_distribute)


def mode(input, dim=-1, keepdim=False, *, out=None):
    """(values, indices) of the most frequent value along dim (the smallest on ties), and the
    index torch reports for it: its last occurrence in the order torch's sort leaves the row
    in (the last in the row up to 16 elements)."""
    if not isinstance(input, Tensor):
        raise not_tensor("mode", input)
    check_dim_type("mode", dim)
    d = _wrap_dim(dim, input._data.ndim)  # torch checks dim before the dtype
    refuse_complex(input, "mode_cpu")
    if input._data.size == 0:
        check_nonempty("mode", input, (d,))
    xp = _backend.namespace_of(input._data)
    if input._data.ndim == 0:
        return _pair(input._data.copy(), xp.zeros((), np.int64), ModeBackward0, input,
                     mode_type, d, keepdim)
    arr = np.moveaxis(input._data, d, -1)
    n = arr.shape[-1]
    order = np.argsort(arr, axis=-1, kind="stable")
    ordered = np.take_along_axis(arr, order, -1)
    # Runs of equal values in sorted order: the longest (first on ties) is the mode.
    starts = xp.ones(ordered.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    run_id = np.cumsum(starts, axis=-1) - 1
    flat_rows = run_id.reshape(-1, n)
    tally = xp.zeros(flat_rows.shape, dtype=np.int64)
    _backend.scatter_add(tally, (xp.arange(flat_rows.shape[0])[:, None], flat_rows), 1)
    best_run = tally.argmax(axis=-1).reshape(arr.shape[:-1] + (1,))
    in_best = run_id == best_run
    # The stable sort keeps original order within a run: its last member is the last index.
    last = n - 1 - np.argmax(in_best[..., ::-1], axis=-1)
    indices = np.take_along_axis(order, last[..., None], -1)
    # torch sorts each row's (value, index) pairs with libstdc++'s unstable introsort: past
    # 16 elements a repeated mode's reported occurrence is wherever that sort leaves it, and
    # NaNs (unordered, never equal) stay where insertion leaves them at any length
    redo = (tally.max(-1) > 1).reshape(arr.shape[:-1]) if n > 16 else None
    if arr.dtype.kind in "fV":
        has_nan = np.isnan(arr).any(-1)
        redo = has_nan if redo is None else redo | has_nan
    if redo is not None and bool(redo.any()):
        rows, picks = arr.reshape(-1, n), indices.reshape(-1)
        redo = redo.reshape(-1)
        if arr.dtype.kind in "fV":  # NaN compares false both ways: no ranks for these rows
            for r in np.flatnonzero(redo & has_nan.reshape(-1)).tolist():
                picks[r] = _introsort_mode_index(rows[r].tolist())
            redo = redo & ~has_nan.reshape(-1)
        chosen = np.flatnonzero(redo)
        codes, mask = _rank_codes(rows[chosen], False)
        _std_sort_rows(codes, n, mask.bit_length(), mask)
        # ranks count the row's distinct values upwards, as run ids do: the mode's last
        # occurrence in that order sits where its run ends
        best = best_run.reshape(-1)[chosen][:, None]
        end = ((codes >> mask.bit_length()) <= best).sum(1, keepdims=True) - 1
        picks[chosen] = np.take_along_axis(codes, end, 1)[:, 0] & mask
    indices = np.moveaxis(indices, -1, d)
    if not keepdim:
        indices = np.squeeze(indices, d)
    return _pair(_pick(input, d, indices, keepdim), indices, ModeBackward0, input,
                 mode_type, d, keepdim)


# --- torch's CPU orders: libstdc++'s std::sort, nth_element and partial_sort --------------
# torch.mode sorts each row's (value, index) pairs with std::sort, and topk selects them with
# nth_element (then std::sort of the first k - 1) or, when k * 64 <= n, partial_sort. These
# are unstable: among equal values the order they leave decides the reported indices. Written
# from the algorithms' description: introsort (median-of-three quicksort down to runs of 16,
# heapsort past 2 log2(n) levels, one final insertion sort), introselect (the same partition
# down to 3 elements, heap selection past the depth limit), and heap selection + heap sort.

def _by_value(x, y):
    return x[0] < y[0]


def _introsort_mode_index(row):
    """The index torch.mode reports for one row: sort the pairs as libstdc++ does, then take
    the last pair of the first longest run of equal values."""
    pairs = [(value, i) for i, value in enumerate(row)]
    _std_sort(pairs, 0, len(pairs), _by_value)
    best_count, best_index, count = 0, 0, 0
    for i, (value, index) in enumerate(pairs):
        count += 1
        if i == len(pairs) - 1 or value != pairs[i + 1][0]:
            if count > best_count:
                best_count, best_index = count, index
            count = 0
    return best_index


def _topk_heap_order(codes, k, mask):
    """The indices torch.topk reports for one row when k * 64 <= n (partial_sort), given as
    _rank_codes (first = smallest)."""
    def less(x, y):
        return x | mask < y
    _heap_select(codes, 0, k, len(codes), less)
    _sort_heap(codes, 0, k, less)
    return [c & mask for c in codes[:k]]


def _rank_codes(rows, first_largest, order=None):
    """Each element of the 2-D ``rows`` as one int, ``rank << shift | index``: its rank among
    the row's distinct values (equal values and NaNs share one; NaN the largest; from the
    largest down if ``first_largest``) above its index, ``mask`` the index bits. ``a`` comes
    before ``b`` exactly when ``a | mask < b``, so the emulated sorts compare plain ints.
    ``order``: the rows' stable argsort in that order, when the caller has it."""
    xp = _backend.namespace_of(rows)
    n = rows.shape[-1]
    floating = rows.dtype.kind in "fV"
    if floating and rows.dtype.itemsize < 4:
        rows = rows.astype(np.float32)  # half and bfloat16: exact
    if order is None:
        order = _argsort(rows, 1, first_largest)
    ordered = np.take_along_axis(rows, order, -1)
    step = ordered[:, 1:] != ordered[:, :-1]
    if floating:
        step &= ~(np.isnan(ordered[:, 1:]) & np.isnan(ordered[:, :-1]))
    dense = xp.zeros(rows.shape, dtype=np.int64)
    np.cumsum(step, axis=-1, out=dense[:, 1:])
    shift = max(n - 1, 1).bit_length()
    codes = xp.empty(rows.shape, dtype=np.int64)
    np.put_along_axis(codes, order, (dense << shift) | order, 1)
    return codes, (1 << shift) - 1


def _std_sort(pairs, low, high, less):
    n = high - low
    if n < 2:
        return
    _introsort_loop(pairs, low, high, 2 * (n.bit_length() - 1), less)
    if n > 16:
        _insertion_sort(pairs, low, low + 16, less)
        for i in range(low + 16, high):  # unguarded: the first 16 hold a sentinel
            item, j = pairs[i], i
            while less(item, pairs[j - 1]):
                pairs[j] = pairs[j - 1]
                j -= 1
            pairs[j] = item
    else:
        _insertion_sort(pairs, low, high, less)


def _insertion_sort(pairs, low, high, less):
    for i in range(low + 1, high):
        item = pairs[i]
        if less(item, pairs[low]):
            pairs[low + 1:i + 1] = pairs[low:i]
            pairs[low] = item
            continue
        j = i
        while less(item, pairs[j - 1]):
            pairs[j] = pairs[j - 1]
            j -= 1
        pairs[j] = item


def _partition_around_median(pairs, low, high, less):
    """Move the median of (second, middle, last) to the front and partition the rest about it
    (Hoare's scheme, stopping on equal values); returns the cut."""
    a, b, c = low + 1, low + (high - low) // 2, high - 1
    if less(pairs[a], pairs[b]):
        pick = b if less(pairs[b], pairs[c]) else c if less(pairs[a], pairs[c]) else a
    else:
        pick = a if less(pairs[a], pairs[c]) else c if less(pairs[b], pairs[c]) else b
    pairs[low], pairs[pick] = pairs[pick], pairs[low]
    pivot, first, last = pairs[low], low + 1, high
    while True:
        while less(pairs[first], pivot):
            first += 1
        last -= 1
        while less(pivot, pairs[last]):
            last -= 1
        if not first < last:
            return first
        pairs[first], pairs[last] = pairs[last], pairs[first]
        first += 1


def _introsort_loop(pairs, low, high, depth, less):
    while high - low > 16:
        if depth == 0:
            _heap_select(pairs, low, high, high, less)
            _sort_heap(pairs, low, high, less)
            return
        depth -= 1
        cut = _partition_around_median(pairs, low, high, less)
        _introsort_loop(pairs, cut, high, depth, less)
        high = cut


# The two phases on many rows at once: libstdc++'s partition and the selection and sort
# loops built on it, applied to 2-D codes (one row per tied row), each step a few NumPy ops
# over all pending segments (disjoint, so their order does not matter).

def _partition_rows(codes, rows, low, high, shift):
    """_partition_around_median on the segments codes[rows[s], low[s]:high[s]] (all longer
    than 3) at once; returns their cuts. The Hoare scans need no stepping: the left scan stops
    at the positions holding values not below the pivot (ascending), the right one at those
    not above it (descending); the t-th stops swap while the left lies before the right, and
    the cut is the next left stop, or the last right one swapped if that comes first."""
    xp = _backend.namespace_of(codes)
    size = high - low
    width = int(size.max())
    seg = xp.arange(rows.size)
    pos = low[:, None] + xp.arange(width)
    valid = pos < high[:, None]
    vals = codes[rows[:, None], np.minimum(pos, codes.shape[1] - 1)]
    mask = (1 << shift) - 1
    ra, rb, rc = (vals[seg, c] >> shift for c in (1, size // 2, size - 1))
    pick = np.where(ra < rb, np.where(rb < rc, size // 2, np.where(ra < rc, size - 1, 1)),
                    np.where(ra < rc, 1, np.where(rb < rc, size - 1, size // 2)))
    pivot = vals[seg, pick]
    vals[seg, pick] = vals[seg, 0]
    vals[seg, 0] = pivot
    stop_left = valid & (vals >= (pivot & ~mask)[:, None])  # rank not below the pivot's
    stop_left[:, 0] = False
    stop_right = valid & (vals <= (pivot | mask)[:, None])  # rank not above it
    count = np.int16 if width < 2 ** 15 else np.int64
    lefts = np.cumsum(stop_left, 1, dtype=count)
    rights_after = np.cumsum(stop_right, 1, dtype=count)
    rights_after = rights_after[:, -1:] - rights_after
    swaps = (stop_left & (rights_after >= lefts)).sum(1, dtype=count)[:, None]
    row, left = np.nonzero(stop_left & (lefts <= swaps))
    row_r, right = np.nonzero((stop_right & (rights_after < swaps))[:, ::-1])
    right = width - 1 - right
    moved = vals[row, left]
    vals[row, left] = vals[row_r, right]
    vals[row_r, right] = moved
    next_left = stop_left & (lefts == swaps + 1)
    cut = np.where(next_left.any(1), next_left.argmax(1), width)
    last_right = stop_right & (rights_after == swaps - 1)
    cut = np.where(swaps[:, 0] > 0, np.minimum(cut, last_right.argmax(1)), cut)
    for r, c in ((seg, 0), (seg, pick), (row, left), (row_r, right)):  # the moved places
        codes[rows[r], low[r] + c] = vals[r, c]
    return low + cut


def _stable_window_sort(codes, low, high, width, shift):
    """Sort codes[r, low[r]:high[r]] (at most ``width`` long) by rank, stably: what insertion
    sort leaves."""
    xp = _backend.namespace_of(codes)
    pos = low[:, None] + xp.arange(width)
    valid = pos < high[:, None]
    pos = np.minimum(pos, codes.shape[1] - 1)
    rows = xp.arange(codes.shape[0])[:, None].repeat(width, 1)
    window = codes[rows, pos]
    key = np.where(valid, window >> shift, np.iinfo(np.int64).max)
    window = np.take_along_axis(window, np.argsort(key, axis=1, kind="stable"), 1)
    codes[rows[valid], pos[valid]] = window[valid]


def _nth_element_rows(codes, nth, shift, mask):
    """libstdc++'s nth_element (introselect: partitions down to 3 elements, then insertion
    sort; heap selection past 2 log2(n) levels) of every row of the 2-D codes, in place."""
    xp = _backend.namespace_of(codes)
    count, n = codes.shape
    low, high = xp.zeros(count, dtype=np.int64), xp.full(count, n, dtype=np.int64)
    depth = 2 * (n.bit_length() - 1)
    active = np.flatnonzero(high - low > 3)
    while active.size:
        if depth == 0:  # heap selection past the depth limit: rare, row by row
            for r in active.tolist():
                row, lo, hi = codes[r].tolist(), int(low[r]), int(high[r])
                _heap_select(row, lo, nth + 1, hi, lambda x, y: x | mask < y)
                row[lo], row[nth] = row[nth], row[lo]
                codes[r] = row
            low[active] = high[active]
            break
        depth -= 1
        cut = _partition_rows(codes, active, low[active], high[active], shift)
        left = cut <= nth
        low[active] = np.where(left, cut, low[active])
        high[active] = np.where(left, high[active], cut)
        active = np.flatnonzero(high - low > 3)
    _stable_window_sort(codes, low, high, 3, shift)


def _std_sort_rows(codes, length, shift, mask):
    """_std_sort of the first ``length`` codes of every row of the 2-D codes, in place: the
    partitions down to runs of 16, then one insertion sort, which is a stable sort by rank."""
    xp = _backend.namespace_of(codes)
    if length > 16:
        rows = xp.arange(codes.shape[0])
        low, high = xp.zeros(rows.size, dtype=np.int64), xp.full(rows.size, length,
                                                                 dtype=np.int64)
        depth = 2 * (length.bit_length() - 1)
        while rows.size:
            if depth == 0:  # heapsort past the depth limit: rare, segment by segment
                for r, lo, hi in zip(rows.tolist(), low.tolist(), high.tolist()):
                    row = codes[r].tolist()
                    _heap_select(row, lo, hi, hi, lambda x, y: x | mask < y)
                    _sort_heap(row, lo, hi, lambda x, y: x | mask < y)
                    codes[r] = row
                break
            depth -= 1
            # segments of like length together: padding each to the longest would not scale
            bucket = (high - low - 1).astype(np.uint64)  # bit length by halving steps
            size_class = np.floor(np.log2(bucket.astype(np.float64))).astype(np.int64)
            cut = xp.empty(rows.shape, dtype=np.int64)
            for c in np.unique(size_class).tolist():
                part = np.flatnonzero(size_class == c)
                cut[part] = _partition_rows(codes, rows[part], low[part], high[part], shift)
            rows, low, high = (np.concatenate(pair) for pair in
                               ((rows, rows), (cut, low), (high, cut)))
            keep = high - low > 16
            rows, low, high = rows[keep], low[keep], high[keep]
    head = codes[:, :length]
    codes[:, :length] = np.take_along_axis(head, np.argsort(head >> shift, axis=1,
                                                            kind="stable"), 1)


def _heap_select(pairs, low, middle, high, less):
    """A heap of [low, middle) holding the "first" (middle - low) pairs of [low, high)."""
    length = middle - low
    for parent in range((length - 2) // 2, -1, -1):
        _adjust_heap(pairs, low, parent, length, pairs[low + parent], less)
    for i in range(middle, high):
        if less(pairs[i], pairs[low]):
            item = pairs[i]
            pairs[i] = pairs[low]
            _adjust_heap(pairs, low, 0, length, item, less)


def _sort_heap(pairs, low, high, less):
    for end in range(high - low - 1, 0, -1):
        item = pairs[low + end]
        pairs[low + end] = pairs[low]
        _adjust_heap(pairs, low, 0, end, item, less)


def _adjust_heap(pairs, base, hole, length, item, less):
    top, child = hole, hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(pairs[base + child], pairs[base + child - 1]):
            child -= 1
        pairs[base + hole] = pairs[base + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        pairs[base + hole] = pairs[base + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and less(pairs[base + parent], item):
        pairs[base + hole] = pairs[base + parent]
        hole, parent = parent, (parent - 1) // 2
    pairs[base + hole] = item


def _cumulative(input, dim, ufunc, cls, result_type, better):
    arr = input._data
    xp = _backend.namespace_of(arr)
    if arr.size == 0 and arr.ndim and isinstance(dim, int) and not -arr.ndim <= dim < arr.ndim:
        dim = 0  # torch returns an empty tensor's empty results without checking dim
    d = _wrap_dim(dim, input._data.ndim)
    if arr.ndim == 0:
        return _pair(arr.copy(), xp.zeros((), np.int64), cls, input, result_type, d, True)
    values = _backend.accumulate(ufunc, arr, d)
    shape = [1] * arr.ndim
    shape[d] = arr.shape[d]
    positions = xp.arange(arr.shape[d]).reshape(shape)
    # Where the element reaches the running extreme it becomes the (last) index of it.
    hits = np.where(better(arr, values), positions, 0)
    indices = _backend.accumulate(np.maximum, hits, d).astype(np.int64)
    if _has_nan(arr):
        nan = np.isnan(arr)
        if nan.any():
            first_nan = _backend.accumulate(np.maximum, np.where(nan, positions, -1), d)
            seen = _backend.accumulate(np.logical_or, nan, d)
            indices = np.where(seen, first_nan, indices)
            values = np.where(seen, np.nan, values)
    return _pair(values, indices, cls, input, result_type, d, True)


def cummax(input, dim):
    """(running maximum, index of the last element equal to it) along dim.
    d/dinput = the gradient added back at those indices."""
    if not isinstance(input, Tensor):
        raise not_tensor("cummax", input)
    check_dim_type("cummax", dim)
    if not input._data.ndim and dim not in (-1, 0):
        raise IndexError(f"cummax(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    if input._data.size:
        _wrap_dim(dim, input._data.ndim)  # torch checks dim before the dtype
    refuse_complex(input, "cummax_cpu")
    return _cumulative(input, dim, np.maximum, CummaxBackward0, cummax_type,
                       lambda x, run: x >= run)


def cummin(input, dim):
    """(running minimum, index of the last element equal to it) along dim."""
    if not isinstance(input, Tensor):
        raise not_tensor("cummin", input)
    check_dim_type("cummin", dim)
    if not input._data.ndim and dim not in (-1, 0):
        raise IndexError(f"cummin(): Expected reduction dim -1 or 0 for scalar but got {dim}")
    if input._data.size:
        _wrap_dim(dim, input._data.ndim)  # torch checks dim before the dtype
    refuse_complex(input, "cummin_cpu")
    return _cumulative(input, dim, np.minimum, CumminBackward0, cummin_type,
                       lambda x, run: x <= run)


def _underivable(name, op):
    """torch's node for a unique op it records but cannot differentiate: backward raises."""
    def rule(ctx, grad):
        raise NotImplementedError(f"the derivative for '{op}' is not implemented.")
    return grad_fn(name)(rule)


Unique2Backward0 = _underivable("Unique2Backward0", "_unique2")
UniqueDimBackward0 = _underivable("UniqueDimBackward0", "unique_dim")
UniqueConsecutiveBackward0 = _underivable("UniqueConsecutiveBackward0", "unique_consecutive")


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (sorted), optionally with each element's position among them and
    each value's count; with dim, the distinct slices along dim."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("unique")
    refuse_complex(input, "unique" if dim is None else "unique_dim")
    arr = input._data
    if dim is None:
        # torch keeps every NaN as a value of its own, as a NaN equals nothing
        values, inverse, counts = np.unique(arr.reshape(-1), return_inverse=True,
                                            return_counts=True, equal_nan=False)
        inverse = inverse.reshape(arr.shape)
    else:
        d = _wrap_dim(dim, arr.ndim)
        values, inverse, counts = np.unique(arr, return_inverse=True, return_counts=True,
                                            axis=d)
        inverse = inverse.reshape(-1)
    node = Unique2Backward0 if dim is None else UniqueDimBackward0
    return _unique_result(record(wrap(values, input._dtype), node, (input,)), inverse, counts,
                          return_inverse, return_counts)


def _unique_result(values, inverse, counts, return_inverse, return_counts):
    out = [values]
    if return_inverse:
        out.append(wrap(inverse.astype(np.int64)))
    if return_counts:
        out.append(wrap(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """Collapse each run of equal consecutive values (or slices along dim) to one."""
    arr = input._data
    if dim is None:
        refuse_complex(input, "unique")
        flat = arr.reshape(-1)
        starts = _backend.namespace_of(flat).ones(flat.shape, dtype=bool)
        starts[1:] = flat[1:] != flat[:-1]
        values = flat[starts]
        inverse = (np.cumsum(starts) - 1).reshape(arr.shape)
    else:
        refuse_complex(input, "unique_dim")
        if not arr.ndim:  # any dim, before wrapping it
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        d = _wrap_dim(dim, arr.ndim)
        rest = math.prod(n for i, n in enumerate(arr.shape) if i != d)  # -1 fails when empty
        moved = np.moveaxis(arr, d, 0).reshape(arr.shape[d], rest)
        starts = _backend.namespace_of(moved).ones(moved.shape[0], dtype=bool)
        starts[1:] = (moved[1:] != moved[:-1]).any(axis=1)
        values = np.compress(starts, arr, axis=d)
        inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), starts.size))
    values = record(wrap(values, input._dtype), UniqueConsecutiveBackward0, (input,))
    return _unique_result(values, inverse, counts, return_inverse, return_counts)


# torch warns once per program for each operand it has to copy to a contiguous layout.
_NON_CONTIGUOUS = ("ember.searchsorted(): {0} tensor is non-contiguous, this will lower the "
                   "performance due to extra data copy when converting non-contiguous tensor to "
                   "contiguous, please use contiguous {0} tensor if possible. This message will "
                   "only appear once per program.")


def _check_sorter(sorter, boundaries):
    """torch's checks of searchsorted's ``sorter``: int64 indices, the boundaries' shape, each
    index inside the sorted dim (NumPy would take an int32 sorter or raise its own IndexError)."""
    if sorter._dtype is not D.int64:
        raise RuntimeError("ember.searchsorted(): sorter must be a tensor of long dtype but got "
                           f"dtype {type_name(sorter._dtype)}")
    if sorter.shape != boundaries.shape:
        raise RuntimeError("ember.searchsorted(): boundary and sorter must have the same size, "
                           f"but got boundary tensor {list(boundaries.shape)}and got sorter "
                           f"tensor {list(sorter.shape)}")
    indices = sorter._data
    if indices.size and bool((indices < 0).any() | (indices >= boundaries.shape[-1]).any()):
        raise RuntimeError("ember.searchsorted(): sorter index out of range")


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """For each value, the index where it would be inserted into the sorted last dim of
    sorted_sequence to keep it sorted (after equal values when right)."""
    seq = sorted_sequence._data
    scalar = not isinstance(input, Tensor)
    values = _backend.namespace_of(seq).asarray(input) if scalar else input._data
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"ember.searchsorted(): side can only be 'left' or 'right' but "
                               f"got {side}")
        if right and side == "left":
            raise RuntimeError("ember.searchsorted(): side and right can't be set to opposites, "
                               "got side of left while right was True")
        right = side == "right"
    if seq.ndim > 1 and seq.shape[:-1] != values.shape[:-1]:
        raise RuntimeError("ember.searchsorted(): boundaries tensor should be 1 dimension or the "
                           "first N-1 dimensions of boundaries tensor and input value tensor "
                           f"must match, but we got boundaries tensor {list(seq.shape)} and "
                           f"input value tensor {list(values.shape)}")
    refuse_complex(sorted_sequence, "searchsorted_out_cpu")
    if not scalar:
        refuse_complex(input, "searchsorted_out_cpu")
    for name, tensor in (("input value", None if scalar else input),
                         ("boundary", sorted_sequence), ("sorter", sorter)):
        if tensor is not None and not tensor.is_contiguous():
            warn_once(f"searchsorted {name}", _NON_CONTIGUOUS.format(name))
    if sorter is not None:
        _check_sorter(sorter, sorted_sequence)
        seq = np.take_along_axis(seq, sorter._data, -1)
    how = "right" if right else "left"
    if seq.dtype.kind in "fV" and seq.size and bool(np.isnan(seq).any()):
        result = _bisect(seq, values, right)
    elif seq.ndim <= 1:
        result = np.searchsorted(seq, values, side=how)
    else:
        rows = seq.reshape(-1, seq.shape[-1])
        vals = values.reshape(rows.shape[0], -1)
        result = np.stack([np.searchsorted(r, v, side=how) for r, v in zip(rows, vals)])
        result = result.reshape(values.shape)
    return wrap(result.astype(np.int32 if out_int32 else np.int64))


def _bisect(seq, values, right):
    """torch's binary search itself, for boundaries holding NaN: every comparison with a NaN is
    false, so a probe that lands on one moves the search right (NumPy orders NaN last and
    compares it as such, which lands elsewhere)."""
    xp = _backend.namespace_of(seq)
    n = seq.shape[-1]
    rows = seq.reshape(-1, n) if seq.ndim > 1 else seq.reshape(1, n)
    vals = values.reshape(rows.shape[0], -1) if seq.ndim > 1 else values.reshape(1, -1)
    start = xp.zeros_like(vals, dtype=np.int64)
    end = xp.full_like(vals, n, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for _ in range(n.bit_length()):
            active = start < end
            mid = start + (end - start) // 2
            probe = np.take_along_axis(rows, np.minimum(mid, n - 1), -1)
            after = ~(probe > vals) if right else ~(probe >= vals)
            start = np.where(active & after, mid + 1, start)
            end = np.where(active & ~after, mid, end)
    return start.reshape(values.shape)


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value given sorted 1-D boundaries (right: boundaries[i-1] <= x <
    boundaries[i]; else boundaries[i-1] < x <= boundaries[i])."""
    if boundaries._data.ndim != 1:
        raise RuntimeError("boundaries tensor must be 1 dimension, but got dim("
                           f"{boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def histc(input, bins=100, min=0, max=0, *, out=None):
    """Counts of input in ``bins`` equal-width bins over [min, max] (the data's range when
    both are 0); values outside are ignored."""
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)):
        raise TypeError(f"histc(): argument 'bins' (position 2) must be int, not "
                        f"{type(bins).__name__}")
    if input._dtype.category != D._FLOAT:
        # torch's kernel reaches linspace first for bool, and aminmax for complex values
        # whose range it must find
        kernel = "linspace_cpu" if input._dtype is D.bool_ else "aminmax_cpu" \
            if input._dtype.category == D._COMPLEX and min == 0 and max == 0 else "histogram_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    if bins <= 0:  # torch's text names histogram
        raise RuntimeError(f"ember.histogram(): bins must be > 0, but got {bins} for dimension 0")
    arr = input._data.reshape(-1)
    lo, hi = float(min), float(max)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"ember.histc: range of [{_num(lo)}, {_num(hi)}] is not finite")
    if lo == hi and arr.size:
        lo, hi = float(arr.min()), float(arr.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"ember.histc: range of [{_num(lo)}, {_num(hi)}] is not finite")
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("ember.histc: max must be larger than min")
    counts, _ = np.histogram(arr, bins=bins, range=(lo, hi))
    return wrap(counts.astype(input._data.dtype))


def _num(value):
    """A float as PyTorch prints a range bound: 1 not 1.0, inf, nan."""
    return str(int(value)) if value.is_integer() else str(value)


def bincount(input, weights=None, minlength=0):
    """How often each value 0..max occurs in a 1-D non-negative int tensor (summing weights
    instead of counting when given)."""
    arr = input._data
    if input._dtype.category != D._INT or input._dtype is D.bool_:
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for "
                                  f"'{type_name(input._dtype)}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if arr.ndim != 1 or (arr.size and arr.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return wrap(np.bincount(arr, minlength=minlength).astype(np.int64))
    if weights._data.ndim != 1 or weights._data.shape[0] != arr.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    w = weights._data
    counts = np.bincount(arr, weights=w, minlength=minlength)
    # torch sums float32 weights in float32 and every other dtype (halves too) in float64
    out = wrap(counts, D.float32 if weights._dtype is D.float32 else D.float64)
    from .elementwise import _not_implemented
    return record(out, _not_implemented("bincount"), (weights,))


FUNCTIONS = {"sort": sort, "argsort": argsort, "msort": msort, "topk": topk,
             "kthvalue": kthvalue, "median": median, "nanmedian": nanmedian, "mode": mode,
             "cummax": cummax, "cummin": cummin, "unique": unique,
             "unique_consecutive": unique_consecutive, "searchsorted": searchsorted,
             "bucketize": bucketize, "histc": histc, "bincount": bincount}
METHODS = dict(FUNCTIONS)
for _name in ("searchsorted", "bucketize"):
    METHODS.pop(_name)
