"""The half-Cauchy distribution |X|, X ~ Cauchy(0, scale)."""
from __future__ import annotations

import math

import ember

from ._half import _Folded
from .cauchy import Cauchy

__all__ = ["HalfCauchy"]


class HalfCauchy(_Folded):
    """|X| with X ~ Cauchy(0, scale)."""

    _base = Cauchy

    @property
    def mean(self):
        return ember.full(self._extended_shape(), math.inf, dtype=self.scale.dtype,
                          device=self.scale.device)

    @property
    def variance(self):
        return self.base_dist.variance

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)  # (a number is refused before it becomes a tensor)
        value = ember.as_tensor(value, dtype=self.base_dist.scale.dtype,
                                device=self.base_dist.scale.device)
        return super().log_prob(value)
