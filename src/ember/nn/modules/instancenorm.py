"""Instance normalisation: each sample's channels normalised over their own spatial extent."""
from __future__ import annotations

import warnings

from ..._deprecated import _user_stacklevel
from .. import functional as F
from .batchnorm import _LazyNormBase, _NormBase

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class _InstanceNorm(_NormBase):
    """y = (x - mean) / sqrt(var + eps) per (sample, channel); affine and running statistics
    are off by default."""

    _no_batch_dim = 0

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False,
                 track_running_stats=False, device=None, dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype,
                         bias=bias)

    def _check_input_dim(self, input):
        dims = (self._no_batch_dim, self._no_batch_dim + 1)
        if input.dim() not in dims:
            raise ValueError(f"expected {dims[0]}D or {dims[1]}D input (got {input.dim()}D "
                             "input)")

    def _apply_instance_norm(self, input):
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight,
                               self.bias, self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)

    def forward(self, input):
        self._check_input_dim(input)
        feature_dim = input.dim() - self._no_batch_dim
        if input.size(feature_dim) != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match "
                                 f"num_features ({self.num_features}), but got: "
                                 f"{input.size(feature_dim)}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You "
                          "can silence this warning by not passing in num_features, which is "
                          "not used because affine=False", stacklevel=_user_stacklevel())
        if input.dim() == self._no_batch_dim:
            return self._apply_instance_norm(input.unsqueeze(0)).squeeze(0)
        return self._apply_instance_norm(input)


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation over (N, C, L) or (C, L)."""
    _no_batch_dim = 2


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation over (N, C, H, W) or (C, H, W)."""
    _no_batch_dim = 3


class InstanceNorm3d(_InstanceNorm):
    """Instance normalisation over (N, C, D, H, W) or (C, D, H, W)."""
    _no_batch_dim = 4


def _make_lazy_instance_norm(eager):
    doc = (f"An {eager.__name__} whose ``num_features`` is inferred from the first input; it "
           f"then becomes an {eager.__name__}. Unlike the eager layer, ``affine`` and "
           "``track_running_stats`` default to True, as in PyTorch.")
    return type("Lazy" + eager.__name__, (_LazyNormBase, _InstanceNorm), {
        "cls_to_become": eager, "_no_batch_dim": eager._no_batch_dim, "__doc__": doc,
        "__module__": __name__})


LazyInstanceNorm1d = _make_lazy_instance_norm(InstanceNorm1d)
LazyInstanceNorm2d = _make_lazy_instance_norm(InstanceNorm2d)
LazyInstanceNorm3d = _make_lazy_instance_norm(InstanceNorm3d)
