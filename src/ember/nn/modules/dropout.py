"""Dropout layers: zero elements (or whole channels) with probability p while training."""
from __future__ import annotations

from .. import functional as F
from .module import Module

__all__ = [
    "AlphaDropout",
    "Dropout",
    "Dropout1d",
    "Dropout2d",
    "Dropout3d",
    "FeatureAlphaDropout",
]


class _DropoutNd(Module):
    """Holds ``p`` and ``inplace``; the survivors are scaled by 1/(1-p) so the mean is kept."""

    _function = None

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        return getattr(F, self._function)(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability p in training, scaling the rest by 1/(1-p); identity in
    eval mode.

    Args:
        p: the probability of zeroing an element (default 0.5).
        inplace: overwrite the input.

    Example:
        >>> dropout = nn.Dropout(p=0.5)
        >>> x = ember.ones(4)
        >>> dropout.eval()(x)
        tensor([1., 1., 1., 1.])
        >>> _ = ember.manual_seed(0)
        >>> sorted(set(dropout.train()(x).tolist()))
        [0.0, 2.0]
    """
    _function = "dropout"


class Dropout1d(_DropoutNd):
    """Zero whole channels of (N, C, L) inputs with probability p."""
    _function = "dropout1d"


class Dropout2d(_DropoutNd):
    """Zero whole channels of (N, C, H, W) inputs with probability p."""
    _function = "dropout2d"


class Dropout3d(_DropoutNd):
    """Zero whole channels of (N, C, D, H, W) inputs with probability p."""
    _function = "dropout3d"


class AlphaDropout(_DropoutNd):
    """Dropout that keeps SELU's zero mean and unit variance."""
    _function = "alpha_dropout"


class FeatureAlphaDropout(_DropoutNd):
    """Channel-wise alpha dropout."""
    _function = "feature_alpha_dropout"
