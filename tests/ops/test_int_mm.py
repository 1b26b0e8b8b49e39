"""torch._int_mm: int8 (or uint8) times int8 matrices accumulated in int32, as integer-quantized
inference code emulates an int8 GEMM; values, dtypes, out= and errors compared with torch."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember


def _pair(left="int8", n=5, m=7, p=3, seed=0):
    rng = np.random.default_rng(seed)
    low = 0 if left == "uint8" else -128
    a = rng.integers(low, low + 256, (n, m)).astype(left)
    b = rng.integers(-128, 128, (m, p)).astype(np.int8)
    return a, b


@pytest.mark.parametrize("left", ["int8", "uint8"])
def test_accumulates_in_int32(left):
    a, b = _pair(left)
    out = ember._int_mm(ember.tensor(a), ember.tensor(b))
    assert out.dtype is ember.int32 and tuple(out.shape) == (5, 3)
    # every product sum fits in int32 here: the int64 product is the exact answer
    np.testing.assert_array_equal(out.cpu().numpy(), a.astype(np.int64) @ b.astype(np.int64))


@requires_torch
@pytest.mark.parametrize("left", ["int8", "uint8"])
@pytest.mark.parametrize("shape", [(17, 8, 9), (1, 1, 1), (0, 4, 3), (4, 0, 3)])
def test_matches_torch(left, shape):
    a, b = _pair(left, *shape)
    ours = ember._int_mm(ember.tensor(a), ember.tensor(b))
    theirs = TORCH._int_mm(TORCH.tensor(a), TORCH.tensor(b))
    assert str(theirs.dtype) == "torch.int32"
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
def test_strided_inputs_match_torch():
    a, b = _pair(n=6, m=8, p=4)

    def run(m):
        x, y = m.tensor(a), m.tensor(b)
        return m._int_mm(x.t().contiguous().t(), y), m._int_mm(x[:, ::2], y[::2])

    for ours, theirs in zip(run(ember), run(TORCH)):
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.numpy())


@requires_torch
def test_out_matches_torch():
    a, b = _pair()
    results = []
    for m in (ember, TORCH):
        out = m.empty(5, 3, dtype=m.int32)
        assert m._int_mm(m.tensor(a), m.tensor(b), out=out) is out
        results.append(out.cpu().numpy())
        with pytest.raises(RuntimeError) as info:
            m._int_mm(m.tensor(a), m.tensor(b), out=m.empty(5, 3))
        results.append(str(info.value))
    np.testing.assert_array_equal(results[0], results[2])
    assert results[1] == results[3]


_BAD = {
    "self int32": lambda m, a, b: (a.int(), b),
    "mat2 int32": lambda m, a, b: (a, b.int()),
    "floats": lambda m, a, b: (a.float(), b.float()),
    "mat2 uint8": lambda m, a, b: (a, b.to(m.uint8)),
    "self 1-D": lambda m, a, b: (a[0], b),
    "self 3-D": lambda m, a, b: (a[None], b),
    "mat2 3-D": lambda m, a, b: (a, b[None]),
    "sizes": lambda m, a, b: (a, b[:5]),
    "sizes before dtypes": lambda m, a, b: (a[:, :3].float(), b),
}
# The result's sizes are read before any check: IndexError for a 1-D mat2 or a 0-d input.
_BAD_SIZES = {
    "mat2 1-D": lambda m, a, b: (a, b[:, 0]),
    "mat2 0-d": lambda m, a, b: (a, b[0, 0]),
    "self 0-d": lambda m, a, b: (a[0, 0], b[0, 0]),
}


@requires_torch
@pytest.mark.parametrize("case", sorted(_BAD))
def test_errors_match_torch(case):
    a, b = _pair()
    messages = []
    for m in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            m._int_mm(*_BAD[case](m, m.tensor(a), m.tensor(b)))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("case", sorted(_BAD_SIZES))
def test_size_errors_match_torch(case):
    a, b = _pair()
    messages = []
    for m in (ember, TORCH):
        with pytest.raises(IndexError) as info:
            m._int_mm(*_BAD_SIZES[case](m, m.tensor(a), m.tensor(b)))
        messages.append(str(info.value))
    assert messages[0] == messages[1]
