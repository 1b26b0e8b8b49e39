"""Samplers behind ember.distributions that PyTorch exposes as ops (cauchy_, ...).

Each draws from ember's generator in the order and precision PyTorch's CPU kernels draw from
theirs, so that seeded programs see the same numbers.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _random
from .creation import _fill_with, _gen


def _elementwise(fn, values):
    """``fn`` (a ``math`` function) on each float64 element: glibc's results, which NumPy's
    vectorised versions do not always reproduce to the last bit."""
    flat = values.reshape(-1)
    return np.fromiter((fn(v) for v in flat.tolist()), np.float64, flat.size).reshape(values.shape)


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill with Cauchy(median, sigma) draws: median + sigma tan(pi (u - 1/2)), u ~ U[0, 1)."""
    gen = _gen(generator)
    with gen._lock:
        u = _random._uniform_f64(gen._random64(self.numel()))
    values = median + sigma * _elementwise(math.tan, math.pi * (u - 0.5))
    return _fill_with(self, _random._cast_from_double(values, self._dtype.np)
                      .reshape(self._data.shape))


FUNCTIONS = {}
METHODS = {"cauchy_": cauchy_}
