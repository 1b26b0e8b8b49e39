"""Sorting and selection ops against torch, gradcheck, and their errors."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, rand64, requires_torch

import ember

# Distinct values, so the picked indices are unambiguous (PyTorch leaves ties unspecified).
DIFFERENTIABLE = {
    "sort": lambda t, x: x.sort(),
    "sort_desc_dim0": lambda t, x: t.sort(x, 0, descending=True),
    "msort": lambda t, x: t.msort(x),
    "topk": lambda t, x: x.topk(2),
    "topk_smallest_dim0": lambda t, x: t.topk(x, 2, 0, largest=False),
    "kthvalue": lambda t, x: x.kthvalue(3),
    "kthvalue_keepdim": lambda t, x: t.kthvalue(x, 2, 0, keepdim=True),
    "median_all": lambda t, x: x.median(),
    "median_dim": lambda t, x: x.median(1),
    "median_keepdim": lambda t, x: t.median(x, 0, keepdim=True),
    "nanmedian": lambda t, x: x.nanmedian(),
    "nanmedian_dim": lambda t, x: x.nanmedian(1),
    "cummax": lambda t, x: x.cummax(1),
    "cummin": lambda t, x: t.cummin(x, 0),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_selection_matches_torch(name):
    compare_with_torch(lambda lib, a: DIFFERENTIABLE[name](lib, a * 1), rand64(4, 5))


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_selection_gradcheck(name):
    fn = DIFFERENTIABLE[name]

    def values(a):
        out = fn(ember, a)
        return out if isinstance(out, ember.Tensor) else out[0]
    check_gradients(values, rand64(4, 5))


@requires_torch
def test_mode_and_cumulative_ties_match_torch():
    data = [[1.0, 3, 3, 2, 3, 1, 1], [2, 2, 5, 5, 0, 0, 0]]
    for fn in (lambda t, x: x.mode(1), lambda t, x: x.cummax(1), lambda t, x: x.cummin(1),
               lambda t, x: x.median(1), lambda t, x: x.mode(0)):
        compare_with_torch(fn, ember.tensor(data, requires_grad=True))


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t, x: x.sort(descending=True), lambda t, x: x.sort(), lambda t, x: x.median(0),
    lambda t, x: x.median(), lambda t, x: x.nanmedian(), lambda t, x: x.nanmedian(0),
    lambda t, x: x.cummax(0), lambda t, x: x.argsort(descending=True),
])
def test_nan_handling_matches_torch(fn):
    compare_with_torch(fn, ember.tensor([3.0, float("nan"), 1.0, 2.0]), grad=False)


@requires_torch
@pytest.mark.parametrize("fn", [
    lambda t: t.tensor([5, 1, 4, 1]).sort(descending=True),
    lambda t: t.tensor([True, False, True]).sort(),
    lambda t: t.tensor([3, 1, 2], dtype=t.uint8).argsort(descending=True),
    lambda t: t.argsort(t.tensor([[3.0, 1.0], [0.0, 2.0]]), 0),
    lambda t: t.unique(t.tensor([3, 1, 2, 3, 1])),
    lambda t: t.unique(t.tensor([3, 1, 2, 3, 1]), return_inverse=True, return_counts=True),
    lambda t: t.unique(t.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True),
    lambda t: t.unique(t.tensor([[1.0, 2.0], [1.0, 0.0]]), return_counts=True),
    lambda t: t.unique_consecutive(t.tensor([1, 1, 2, 2, 3, 1, 1]), return_inverse=True,
                                   return_counts=True),
    lambda t: t.unique_consecutive(t.tensor([[1, 1], [1, 1], [2, 0]]), dim=0),
    lambda t: t.searchsorted(t.tensor([1, 3, 5, 7]), t.tensor([[3, 6, 9]])),
    lambda t: t.searchsorted(t.tensor([1, 3, 5, 7]), t.tensor([3, 6]), right=True),
    lambda t: t.searchsorted(t.tensor([[1, 3], [2, 4]]), t.tensor([[3], [3]]), side="right"),
    lambda t: t.searchsorted(t.tensor([1.0, 2.0]), t.tensor([1.5]), out_int32=True),
    lambda t: t.bucketize(t.tensor([3, 6, 9]), t.tensor([1, 3, 5, 7]), right=True),
    lambda t: t.bucketize(t.tensor([3, 6, 9]), t.tensor([1, 3, 5, 7])),
    lambda t: t.histc(t.tensor([1.0, 2.0, 1.0]), bins=4, min=0, max=3),
    lambda t: t.histc(t.tensor([1.0, 2.0, 1.0, 7.0])),
    lambda t: t.bincount(t.tensor([0, 1, 1, 3]), minlength=5),
    lambda t: t.bincount(t.tensor([0, 1, 1]), weights=t.tensor([0.5, 1.0, 1.0])),
    lambda t: t.bincount(t.tensor([0, 2]), weights=t.tensor([1, 2])),
    lambda t: t.tensor([[1.0, 5.0, 2.0], [0.0, 0.0, 0.0]]).mode(1),
])
def test_integer_valued_ops_match_torch(fn):
    compare_with_torch(lambda lib: fn(lib), grad=False)


def test_sort_is_stable_and_returns_named_tuple():
    out = ember.tensor([2, 1, 2, 1]).sort()
    assert out.indices.tolist() == [1, 3, 0, 2]
    assert repr(out).startswith("ember.return_types.sort(")
    assert ember.tensor([2, 1, 2, 1]).sort(descending=True).indices.tolist() == [0, 2, 1, 3]


def test_gradients_flow_only_to_picked_elements():
    x = ember.tensor([4.0, 1.0, 3.0, 2.0], requires_grad=True)
    x.topk(2).values.sum().backward()
    np.testing.assert_array_equal(x.grad.cpu().numpy(), [1.0, 0.0, 1.0, 0.0])
    y = ember.tensor([1.0, 3.0, 2.0, 5.0], requires_grad=True)
    y.cummax(0).values.sum().backward()
    np.testing.assert_array_equal(y.grad.cpu().numpy(), [1.0, 2.0, 0.0, 1.0])


@pytest.mark.parametrize("fn, message", [
    (lambda t: t.bincount(t.tensor([-1])), "bincount only supports 1-d non-negative integral"),
    (lambda t: t.zeros(2, 7).topk(9), "selected index k out of range"),
    (lambda t: t.zeros(2, 7).kthvalue(9, 1), ("kthvalue(): selected number k out of range for "
     "dimension 1")),
    (lambda t: t.searchsorted(t.tensor([[1, 3]]), t.tensor([1])),
     "boundaries tensor [1, 2] and input value tensor [1]"),
    (lambda t: t.histc(t.tensor([1, 2])), "\"histogram_cpu\" not implemented for 'Long'"),
])
def test_sorting_errors(fn, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(RuntimeError) as info:
            fn(lib)
        assert message in str(info.value)


@pytest.mark.parametrize("sorted_", [True, False])
def test_unique_keeps_every_nan_as_its_own_value(sorted_):
    """A NaN equals nothing, so torch returns each one (NumPy's unique merges them)."""
    x = [float("nan"), 2.0, float("nan"), 1.0]
    values, inverse, counts = ember.unique(ember.tensor(x), sorted=sorted_, return_inverse=True,
                                           return_counts=True)
    assert values.isnan().sum().item() == 2
    assert counts.tolist() == [1, 1, 1, 1]
    assert sorted(inverse.tolist()) == [0, 1, 2, 3]
    if TORCH is not None:
        theirs = TORCH.unique(TORCH.tensor(x), sorted=sorted_, return_inverse=True,
                              return_counts=True)
        for ours, t in zip((values, inverse, counts), theirs):
            np.testing.assert_array_equal(ours.cpu().numpy(), t.numpy())


@requires_torch
@pytest.mark.parametrize("kwargs", [{"right": True, "side": "left"},
                                    {"right": False, "side": "right"},
                                    {"right": True, "side": "right"}, {"side": "middle"}], ids=str)
def test_searchsorted_side_against_right_as_torch(kwargs):
    # side="left" with right=True contradicts itself and an unknown side is refused (ember
    # let side win, and read any other word as "left")
    results = []
    for lib in (ember, TORCH):
        try:
            results.append(lib.searchsorted(lib.tensor([1.0, 2.0]), lib.tensor([1.0]),
                                            **kwargs).tolist())
        except RuntimeError as error:
            results.append(str(error).replace("torch.", "ember."))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_with_nan_boundaries_bisects_as_torch(dtype, right):
    # torch bisects with plain comparisons, false against NaN, so a probe landing on a NaN moves
    # right: [1, nan, nan, nan] puts 0.5 at 4 and inf past [1, 2, nan] at 3 (NumPy: 0 and 2)
    nan, inf = float("nan"), float("inf")
    rng = np.random.default_rng(6)
    noisy = np.sort(np.where(rng.random(37) < 0.3, nan, rng.normal(size=37)))
    rows = np.sort(np.where(rng.random((3, 9)) < 0.4, nan, rng.normal(size=(3, 9))), axis=-1)
    queries = [nan, -inf, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 100.0, inf]
    cases = [([1.0, 2.0, nan], queries), ([1.0, nan, nan, nan], queries), ([nan], queries),
             (noisy.tolist(), queries), (rows.tolist(), rng.normal(size=(3, 5)).tolist())]
    for boundaries, values in cases:
        results = []
        for lib in (ember, TORCH):
            kind = getattr(lib, dtype)
            results.append(lib.searchsorted(lib.tensor(boundaries, dtype=kind),
                                            lib.tensor(values, dtype=kind), right=right).tolist())
        assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("length", [3, 16, 17, 30, 64, 257, 1000])
def test_mode_reports_the_occurrence_torchs_sort_leaves_last(length):
    # torch sorts (value, index) pairs with libstdc++'s unstable introsort and reports the last
    # pair of the longest run: past 16 elements that is not the last occurrence in the row
    # (ember reported the last occurrence), and NaNs stay where insertion leaves them
    rng = np.random.default_rng(length)
    ints = rng.integers(0, 1 + length // 5, (6, length))
    floats = ints.astype(float)
    floats[rng.random(floats.shape) < 0.2] = float("nan")
    results = []
    for lib in (ember, TORCH):
        outs = [lib.mode(lib.tensor(ints), 1), lib.mode(lib.tensor(floats), 1),
                lib.mode(lib.tensor(ints.T.copy()), 0, keepdim=True),
                lib.mode(lib.tensor(ints, dtype=lib.float16), 1)]
        results.append([(o.values.tolist(), o.indices.tolist()) for o in outs])
    assert repr(results[0]) == repr(results[1])


def test_sort_heap_fallback_sorts():
    # past 2 log2(n) partition levels libstdc++ heap-sorts the range: the fallback must sort
    from ember.ops import sorting
    rng = np.random.default_rng(0)
    for n in (17, 50, 301):
        pairs = [(int(v), i) for i, v in enumerate(rng.integers(0, 9, n))]
        sorting._heap_select(pairs, 0, n, n, sorting._by_value)
        sorting._sort_heap(pairs, 0, n, sorting._by_value)
        assert [v for v, _ in pairs] == sorted(v for v, _ in pairs)


@requires_torch
@pytest.mark.parametrize("length", [5, 17, 30, 100, 1000])
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("ordered", [True, False])
def test_topk_among_ties_reports_torchs_selection(length, largest, ordered):
    # torch selects with libstdc++'s nth_element (then sorts the first k - 1) or, for
    # k * 64 <= n, partial_sort: among equal values (and NaNs) the indices it reports are the
    # order those leave ([1, 3, 3, 2, 3], k=2: torch [2, 4], a stable sort [1, 2]); sorted=False
    # keeps the selection's order
    rng = np.random.default_rng(length)
    values = rng.integers(0, 1 + length // 4, (4, length)).astype(float)
    values[rng.random(values.shape) < 0.1] = float("nan")
    results = []
    for lib in (ember, TORCH):
        outs = []
        for k in sorted({1, 2, min(length, 7), length // 2, length}):
            for data in (lib.tensor(values), lib.tensor(np.nan_to_num(values, nan=-1.0)).long()):
                out = lib.topk(data, k, 1, largest=largest, sorted=ordered)
                outs.append((out.values.tolist(), out.indices.tolist()))
        out = lib.topk(lib.tensor(values.T.copy()), 3, 0, largest=largest, sorted=ordered)
        outs.append((out.values.tolist(), out.indices.tolist()))
        results.append(outs)
    assert repr(results[0]) == repr(results[1])


@requires_torch
@pytest.mark.parametrize("length", [2, 3, 5, 17, 40, 1000])
def test_kthvalue_among_ties_reports_torchs_quickselect_pick(length):
    # torch's kthvalue quickselects (median-of-three pivot, Hoare partition, NaN last): which of
    # several equal k-th values it reports is where its swaps leave them ([2, 1, 2, 1, 2],
    # k=1..5 differ from a stable sort's picks already at five elements)
    rng = np.random.default_rng(length)
    values = rng.integers(0, 1 + length // 5, (4, length)).astype(float)
    with_nan = values.copy()
    with_nan[rng.random(values.shape) < 0.2] = float("nan")
    results = []
    for lib in (ember, TORCH):
        outs = []
        for k in sorted({1, 2, (length + 1) // 2, length}):
            for data in (lib.tensor(values), lib.tensor(with_nan), lib.tensor(values).long()):
                out = lib.kthvalue(data, k, 1)
                outs.append((out.values.tolist(), out.indices.tolist()))
            out = lib.kthvalue(lib.tensor(values.T.copy()), k, 0, keepdim=True)
            outs.append(out.indices.tolist())
        results.append(outs)
    assert repr(results[0]) == repr(results[1])


@requires_torch
def test_descending_order_puts_nan_before_inf():
    # NaN sorts as the largest value: descending, every NaN comes before +inf (a key mapping
    # NaN to -inf tied it with +inf, and the stable sort then kept index order)
    values = [1.0, float("inf"), float("nan"), 2.0, float("nan"), float("-inf"), float("inf")]
    results = []
    for lib in (ember, TORCH):
        data = lib.tensor(values)
        out = lib.sort(data, descending=True)
        top = lib.topk(lib.tensor([values] * 2, dtype=lib.float16), 3, largest=True)
        results.append((out.values.tolist(), out.indices.tolist(),
                        lib.argsort(data, descending=True).tolist(),
                        top.values.tolist(), top.indices.tolist()))
    assert repr(results[0]) == repr(results[1])


@requires_torch
@pytest.mark.parametrize("seed", range(4))
def test_tied_rows_report_torchs_indices_randomized(seed):
    # many rows full of ties (small integer ranges, NaN, inf), every length regime of torch's
    # selections (insertion only, introsort past 16, heap selection for k * 64 <= n): topk,
    # kthvalue and mode report the very indices torch does
    rng = np.random.default_rng(seed)
    for _ in range(25):
        n = int(rng.choice([1, 3, 5, 16, 17, 40, 64, 100, 128, 300]))
        x = rng.integers(0, int(rng.integers(1, n + 1)) + 1, (int(rng.integers(1, 12)), n))
        x = x.astype(float)
        if rng.random() < 0.3:
            x[rng.random(x.shape) < 0.1] = float("nan")
        if rng.random() < 0.3:
            x[rng.random(x.shape) < 0.1] = float("inf")
        dtype = str(rng.choice(["float32", "float64", "int64", "float16"]))
        if dtype == "int64":
            x = np.nan_to_num(x, nan=3, posinf=7)
        k = int(rng.integers(1, n + 1)) if rng.random() < 0.5 else min(n, int(rng.choice([1, 5])))
        results = []
        for lib in (ember, TORCH):
            data = lib.tensor(x.astype(dtype))
            outs = [lib.topk(data, k, largest=largest, sorted=ordered).indices.tolist()
                    for largest in (True, False) for ordered in (True, False)]
            outs += [lib.kthvalue(data, k).indices.tolist(), lib.mode(data).indices.tolist()]
            results.append(outs)
        assert results[0] == results[1], (n, k, dtype)


def test_sort_of_many_rows_at_once_matches_the_row_by_row_sort():
    # _std_sort_rows partitions all rows' segments together without stepping the scans; it
    # must leave every row exactly as libstdc++'s introsort, emulated one row at a time, does
    from ember.ops import sorting
    rng = np.random.default_rng(0)
    for n in (17, 40, 300):
        rows = rng.integers(0, int(rng.integers(2, 9)), (20, n))
        codes, mask = sorting._rank_codes(rows, False)
        expected = []
        for row in codes.tolist():
            pairs = [(code >> mask.bit_length(), code & mask) for code in row]
            sorting._std_sort(pairs, 0, n, sorting._by_value)
            expected.append([i for _, i in pairs])
        sorting._std_sort_rows(codes, n, mask.bit_length(), mask)
        assert (codes & mask).tolist() == expected


_NON_CONTIGUOUS_CALLS = """
import warnings
def run(lib):
    rows = lib.tensor([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    calls = [lambda: lib.searchsorted(rows[0], lib.ones(3, 2).T),
             lambda: lib.bucketize(lib.ones(3, 2).T, rows[0]),
             lambda: lib.searchsorted(rows.T.contiguous().T, lib.ones(2, 2)),
             lambda: lib.searchsorted(rows[0], lib.ones(3), sorter=(lib.arange(6) // 2)[::2]),
             lambda: lib.searchsorted(rows[0], 2.0),
             lambda: lib.searchsorted(rows[0], lib.ones(3, 2).T)]
    out = []
    for call in calls:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        out.append([str(w.message).split(" (Triggered internally")[0].replace("torch.", "ember.")
                    for w in caught])
    return out
"""


@requires_torch
def test_searchsorted_warns_once_per_non_contiguous_operand_as_torch(monkeypatch):
    # torch copies a non-contiguous input, boundary or sorter tensor and says so, once per
    # program for each of the three (ember stayed silent); a scalar input is not a tensor
    import subprocess
    import sys

    from ember import _deprecated
    monkeypatch.setattr(_deprecated, "_warned", set())
    namespace = {}
    exec(_NON_CONTIGUOUS_CALLS, namespace)
    ours = namespace["run"](ember)
    script = _NON_CONTIGUOUS_CALLS + "import json, torch\nprint(json.dumps(run(torch)))"
    theirs = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True).stdout
    import json
    assert ours == json.loads(theirs)
    assert [len(messages) for messages in ours] == [1, 0, 1, 1, 0, 0]
