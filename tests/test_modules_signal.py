"""ember.signal.windows against torch.signal.windows: values, dtypes, graphs and errors."""
from __future__ import annotations

import pytest
from conftest import TORCH, assert_close, requires_torch

import ember

WINDOWS = [("bartlett", {}), ("blackman", {}), ("cosine", {}), ("exponential", {}),
           ("exponential", {"tau": 2.5}), ("gaussian", {}), ("gaussian", {"std": 0.7}),
           ("general_cosine", {"a": [0.46, 0.23, 0.31]}), ("general_hamming", {}),
           ("general_hamming", {"alpha": 0.6}), ("hamming", {}), ("hann", {}),
           ("kaiser", {}), ("kaiser", {"beta": 0.0}), ("kaiser", {"beta": 5.5}), ("nuttall", {})]


def _window(lib, name, M, **kwargs):
    return getattr(lib.signal.windows, name)(M, **kwargs)


@requires_torch
@pytest.mark.parametrize(("name", "extra"), WINDOWS)
@pytest.mark.parametrize("M", [0, 1, 2, 5, 8, 17])
@pytest.mark.parametrize("sym", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_window_values_match_torch(name, extra, M, sym, dtype):
    ours = _window(ember, name, M, sym=sym, dtype=getattr(ember, dtype), **extra)
    theirs = _window(TORCH, name, M, sym=sym, dtype=getattr(TORCH, dtype), **extra)
    tol = 1e-12 if dtype == "float64" else 1e-6
    assert_close(ours, theirs, rtol=tol, atol=tol)


@requires_torch
@pytest.mark.parametrize(("name", "extra"), WINDOWS)
def test_window_default_dtype_and_graph(name, extra):
    ours = _window(ember, name, 6, requires_grad=True, **extra)
    theirs = _window(TORCH, name, 6, requires_grad=True, **extra)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch", "ember")
    assert ours.requires_grad and ours.grad_fn.name() == theirs.grad_fn.name()
    ours.sum().backward()
    ember.set_default_dtype(ember.float64)
    try:
        assert _window(ember, name, 3, **extra).dtype is ember.float64
    finally:
        ember.set_default_dtype(ember.float32)


@requires_torch
@pytest.mark.parametrize("call", [
    lambda lib: lib.signal.windows.hann(-1),
    lambda lib: lib.signal.windows.hann(5, dtype=lib.int64),
    lambda lib: lib.signal.windows.hann(5, dtype=lib.float16),
    lambda lib: lib.signal.windows.gaussian(5, std=-1.0),
    lambda lib: lib.signal.windows.gaussian(5, std=0.0),
    lambda lib: lib.signal.windows.exponential(5, center=1.0),
    lambda lib: lib.signal.windows.exponential(5, tau=-1.0),
    lambda lib: lib.signal.windows.kaiser(5, beta=-1.0),
    lambda lib: lib.signal.windows.general_cosine(5, a=3),
    lambda lib: lib.signal.windows.general_cosine(5, a=[]),
    lambda lib: lib.signal.windows.bartlett(4, layout=lib.sparse_coo),
    lambda lib: lib.signal.windows.hann(2.5),
])
def test_window_errors_match_torch(call):
    with pytest.raises(Exception) as ours:  # noqa: PT011 - the type is compared below
        call(ember)
    with pytest.raises(Exception) as theirs:  # noqa: PT011
        call(TORCH)
    assert type(ours.value) is type(theirs.value)
    if type(ours.value) is ValueError:
        assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
def test_periodic_exponential_with_center():
    ours = ember.signal.windows.exponential(6, center=1.0, sym=False)
    assert_close(ours, TORCH.signal.windows.exponential(6, center=1.0, sym=False))


def test_periodic_window_is_the_longer_symmetric_one_cut():
    long = ember.signal.windows.hann(9, dtype=ember.float64)
    assert ember.allclose(ember.signal.windows.hann(8, sym=False, dtype=ember.float64),
                          long[:-1])
