"""Exponential families: p(x; theta) = exp(<t(x), theta> - F(theta) + k(x))."""
from __future__ import annotations

import ember

from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """A distribution in exponential-family form.

    Subclasses give ``_natural_params`` (theta), ``_log_normalizer`` (F) and ``_mean_carrier_measure``
    (E[k(X)]); the entropy then follows from the Bregman divergence of F:
    H = F(theta) - <theta, grad F(theta)> - E[k(X)].
    """

    @property
    def _natural_params(self):
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError

    def entropy(self):
        """Entropy through the log-normalizer's gradient (computed by autograd)."""
        result = -self._mean_carrier_measure
        params = [p.detach().requires_grad_() for p in self._natural_params]
        log_normalizer = self._log_normalizer(*params)
        gradients = ember.autograd.grad(log_normalizer.sum(), params, create_graph=True)
        result = result + log_normalizer
        for param, gradient in zip(params, gradients):
            result = result - (param * gradient).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
