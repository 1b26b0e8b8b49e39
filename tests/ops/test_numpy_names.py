"""NumPy's argument spellings (axis=, keepdims=) where torch accepts them, as functions and as
Tensor methods, compared with torch."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember

KEEPDIMS = ("all amax amin aminmax any argmax argmin logsumexp max mean median min mode nanmean "
            "nanmedian nansum prod std sum var").split()
AXIS_ONLY = ("argsort count_nonzero cummax cummin cumprod cumsum log_softmax logcumsumexp "
             "softmax sort squeeze unbind unsqueeze").split()
EXTRA = {"kthvalue": (2,), "topk": (2,), "chunk": (2,)}


def _x(lib):
    data = np.random.default_rng(0).standard_normal((3, 4, 5))
    return lib.tensor(data)


def _flat(result):
    if isinstance(result, (tuple, list)):
        return [r for part in result for r in _flat(part)]
    return [result.cpu().numpy()]


def _compare(call):
    ours, theirs = _flat(call(ember)), _flat(call(TORCH))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a.shape == b.shape
        np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=1e-12, atol=1e-12)


@requires_torch
@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", KEEPDIMS + ["std_mean", "var_mean"])
def test_axis_and_keepdims(name, method):
    if method and not hasattr(TORCH.Tensor, name):
        pytest.skip(f"torch has no Tensor.{name}")
    def call(lib):
        fn = getattr(_x(lib), name) if method else lambda **kw: getattr(lib, name)(_x(lib), **kw)
        return fn(axis=1, keepdims=True)
    _compare(call)


@requires_torch
@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name", AXIS_ONLY + sorted(EXTRA))
def test_axis(name, method):
    extra = EXTRA.get(name, ())
    def call(lib):
        x = _x(lib)
        fn = getattr(x, name) if method else lambda *a, **kw: getattr(lib, name)(x, *a, **kw)
        return fn(*extra, axis=1)
    _compare(call)


@requires_torch
def test_axis_on_joining_indexing_and_size():
    def call(lib):
        x = _x(lib)
        i = lib.tensor([[[0], [1]]] * 3).expand(3, 2, 5)
        return [lib.cat([x, x], axis=1), lib.stack([x, x], axis=2), x.gather(axis=1, index=i),
                x.index_select(axis=2, index=lib.tensor([0, 3])), x.select(axis=1, index=2),
                lib.tensor(x.size(axis=2)), lib.tensor(x.stride(axis=0))]
    _compare(call)
