"""Numbers and messages that used to differ from torch: float32 log10 at powers of ten,
float32 sigmoid's underflow to 0, reductions on integer and bool tensors (values and errors),
and the once-per-process deprecation warnings of torch.lu, lu_solve and triangular_solve."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import TORCH, requires_torch

import ember
from ember import _deprecated


def _outcome(fn):
    try:
        value = fn()
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return f"{type(error).__name__}: {error}".replace("torch", "ember")
    if isinstance(value, tuple):
        return [_outcome(lambda v=v: v) for v in value]
    return (value.tolist(), str(value.dtype).replace("torch", "ember"))


def test_float32_log10_is_correctly_rounded():
    powers = ember.tensor([10.0 ** k for k in range(-8, 9)])
    assert ember.log10(powers).tolist() == list(range(-8, 9))
    assert ember.log10(ember.tensor([100, 1000])).tolist() == [2.0, 3.0]
    x = np.random.default_rng(0).uniform(1e-3, 1e6, 10000).astype(np.float32)
    expected = np.log10(x.astype(np.float64)).astype(np.float32)
    np.testing.assert_array_equal(ember.log10(ember.tensor(x)).cpu().numpy(), expected)


@requires_torch
def test_float32_sigmoid_underflows_to_zero_as_torch():
    values = [-104.0, -100.0, -89.0, -88.7, -87.0, -20.0, 0.0, 20.0, 100.0]
    ours = ember.sigmoid(ember.tensor(values)).cpu().numpy()
    theirs = TORCH.sigmoid(TORCH.tensor(values)).cpu().numpy()
    assert ((ours == 0) == (theirs == 0)).all() and ours[1] == 0
    np.testing.assert_allclose(ours, theirs, rtol=2e-7, atol=0)
    doubles = ember.sigmoid(ember.tensor(values, dtype=ember.float64)).cpu().numpy()
    np.testing.assert_allclose(doubles, TORCH.sigmoid(TORCH.tensor(values, dtype=TORCH.float64))
                               .cpu().numpy(), rtol=4e-16, atol=0)
    assert doubles[1] > 0


REDUCTIONS = ["mean", "nanmean", "var", "std", "median", "nanmedian", "sum", "nansum", "prod",
              "std_mean", "var_mean", "amax", "amin", "max", "min", "argmax", "argmin",
              "mode", "norm", "count_nonzero", "all", "any", "aminmax"]
INT_DTYPES = ["int64", "int32", "int16", "int8", "uint8", "bool"]


@requires_torch
@pytest.mark.parametrize("dtype", INT_DTYPES)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reductions_of_integer_and_bool_tensors(name, dtype):
    def run(lib, *args, **kwargs):
        x = lib.tensor([[1, 0, 3], [4, 1, 1]]).to(getattr(lib, dtype))
        return _outcome(lambda: getattr(lib, name)(x, *args, **kwargs))
    assert run(ember) == run(TORCH)
    assert run(ember, 1) == run(TORCH, 1)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib, x: lib.quantile(x.long(), 0.5),
    lambda lib, x: lib.nanquantile(x.long(), 0.5),
    lambda lib, x: lib.quantile(x, 1.5),
    lambda lib, x: lib.nanquantile(x, -0.25),
    lambda lib, x: lib.quantile(x, lib.tensor([1.5])),
    lambda lib, x: lib.kthvalue(x.bool(), 1),
    lambda lib, x: lib.nanmean(x, dtype=lib.float64),
    lambda lib, x: lib.nanmean(x.int(), dtype=lib.float64),
    lambda lib, x: lib.nanmean(x, 0, True),
])
def test_quantile_kthvalue_and_nanmean_edges(call):
    def run(lib):
        return _outcome(lambda: call(lib, lib.tensor([[1.0, float("nan")], [2.0, 3.0]])))
    assert run(ember) == run(TORCH)


DEPRECATED = {
    "lu": lambda lib, a, b: lib.lu(a),
    "lu_solve": lambda lib, a, b: lib.lu_solve(b, *lib.linalg.lu_factor(a)),
    "triangular_solve": lambda lib, a, b: lib.triangular_solve(b, a.triu()),
}


def _messages(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message).split(" (Triggered internally")[0].replace("torch.", "ember.")
            for w in caught if w.category is UserWarning]


@requires_torch
@pytest.mark.parametrize("name", sorted(DEPRECATED))
def test_deprecated_linalg_spellings_warn_once_with_torchs_text(name, monkeypatch):
    monkeypatch.setattr(_deprecated, "_warned", set())
    a = ember.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=ember.float64)
    b = ember.tensor([[1.0], [2.0]], dtype=ember.float64)
    ours = _messages(lambda: DEPRECATED[name](ember, a, b))
    assert len(ours) == 1 and ours[0].startswith(f"ember.{name} is deprecated")
    assert _messages(lambda: DEPRECATED[name](ember, a, b)) == []
    ta, tb = (TORCH.tensor(t.tolist(), dtype=TORCH.float64) for t in (a, b))
    # torch warns once per process: its text is found on the first call made in this run.
    theirs = _messages(lambda: DEPRECATED[name](TORCH, ta, tb))
    if theirs:
        assert ours == theirs
    values = [DEPRECATED[name](lib, x, y) for lib, x, y in ((ember, a, b), (TORCH, ta, tb))]
    flat = [[t.abs().tolist() for t in (v if isinstance(v, tuple) else (v,))] for v in values]
    np.testing.assert_allclose(np.concatenate([np.ravel(t) for t in flat[0]]),
                               np.concatenate([np.ravel(t) for t in flat[1]]), rtol=1e-12)


@requires_torch
def test_range_warns_on_every_call():
    for lib in (ember, TORCH):
        texts = [text for _ in range(2) for text in _messages(lambda lib=lib: lib.range(0, 2))]
        assert len(texts) == 2 and texts[0].startswith("ember.range is deprecated")
