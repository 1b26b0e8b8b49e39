"""LayerNorm, GroupNorm, RMSNorm and LocalResponseNorm."""
from __future__ import annotations

import numbers

import numpy as np

from ... import _backend, empty
from ..._tensor import Tensor
from ...autograd import Function
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["CrossMapLRN2d", "GroupNorm", "LayerNorm", "LocalResponseNorm", "RMSNorm"]


def _as_shape(normalized_shape):
    if isinstance(normalized_shape, numbers.Integral):
        return (int(normalized_shape),)
    return tuple(normalized_shape)



def _affine_parameters(module, shape, affine, bias, device, dtype):
    """Register the affine ``weight`` and ``bias`` of a norm layer (None where disabled)."""
    module.register_parameter(
        "weight", Parameter(empty(shape, device=device, dtype=dtype)) if affine else None)
    module.register_parameter(
        "bias", Parameter(empty(shape, device=device, dtype=dtype)) if affine and bias else None)


def _reset_affine(module):
    """weight = 1, bias = 0: the norm starts as the plain normalisation."""
    if module.weight is not None:
        init.ones_(module.weight)
    if module.bias is not None:
        init.zeros_(module.bias)

class LayerNorm(Module):
    """y = (x - mean) / sqrt(var + eps) * weight + bias over the trailing ``normalized_shape``
    dims; weight starts at ones and bias at zeros.

    Args:
        normalized_shape: the size of the trailing dimensions to normalise (an int or a tuple).
        eps: added to the variance (default 1e-5).
        elementwise_affine: learn ``weight`` (and ``bias``) of ``normalized_shape``.
        bias: learn the bias (default True).

    Example:
        >>> norm = nn.LayerNorm(4)
        >>> y = norm(ember.tensor([[1.0, 2.0, 3.0, 4.0]]))
        >>> y
        tensor([[-1.3416, -0.4472,  0.4472,  1.3416]], grad_fn=<NativeLayerNormBackward0>)
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True,
                 device=None, dtype=None):
        super().__init__()
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        _affine_parameters(self, self.normalized_shape, elementwise_affine, bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return ("{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}, "
                "bias={use_bias}".format(**self.__dict__, use_bias=self.bias is not None))


class GroupNorm(Module):
    """Normalise each sample over groups of ``num_channels // num_groups`` channels (and the
    spatial dims), then a per-channel affine map."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        _affine_parameters(self, num_channels, affine, bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        _reset_affine(self)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return ("{num_groups}, {num_channels}, eps={eps}, affine={affine}, "
                "bias={use_bias}".format(**self.__dict__, use_bias=self.bias is not None))


class RMSNorm(Module):
    """y = x / sqrt(mean(x^2) + eps) * weight over the trailing ``normalized_shape`` dims
    (``eps=None``: the dtype's machine epsilon)."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None,
                 dtype=None):
        super().__init__()
        self.normalized_shape = _as_shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(empty(self.normalized_shape, device=device, dtype=dtype))
        else:
            self.register_parameter("weight", None)
        self.reset_parameters()

    def reset_parameters(self):
        if self.elementwise_affine:
            init.ones_(self.weight)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return ("{normalized_shape}, eps={eps}, "
                "elementwise_affine={elementwise_affine}".format(**self.__dict__))


class LocalResponseNorm(Module):
    """b_c = a_c / (k + alpha/n * sum of a^2 over the ``size`` neighbouring channels)^beta."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)


def _cross_map_windows(channels, size, xp):
    """The 0/1 channel-mixing matrices of torch's legacy cross-map LRN.

    ``forward[c, j]`` = 1 when channel j's square enters channel c's normaliser: j within
    ``pre = (size - 1) // 2 + 1`` channels after c (c included) or within ``pre - 1`` before it,
    and channel 0 always (the running-sum update never subtracts it). ``backward[i, c]`` = 1
    for c in ``[i - p, i - p + size - 1]`` with ``p = int(size - (size - 1) / 2)``: the window
    torch's backward sums over, which is not the transpose of the forward's, so its gradient
    (and ember's, which reproduces it) differs from the derivative of the forward. Built with
    ``xp``, the input's array module.
    """
    index = xp.arange(channels)
    pre = (size - 1) // 2 + 1
    upper = np.minimum(index + pre - 1, channels - 1)
    lower = np.maximum(index - pre + 1, 1)
    forward = (index[None, :] >= lower[:, None]) & (index[None, :] <= upper[:, None])
    forward[:, 0] = True
    shift = int(size - (size - 1) / 2)
    start = index - shift
    backward = (index[None, :] >= start[:, None]) & (index[None, :] <= start[:, None] + size - 1)
    return forward.astype(np.float64), backward.astype(np.float64)


class _Legacy:
    """Holds the Function under torch's name, so that its node is ``CrossMapLRN2dBackward``."""

    class CrossMapLRN2d(Function):
        """torch's legacy cross-map LRN as one autograd node, with torch's forward window and
        torch's backward formula."""

        @staticmethod
        def forward(ctx, input, size, alpha, beta, k):
            x = input.detach()._data
            xp = _backend.namespace_of(x)
            forward, backward = _cross_map_windows(x.shape[1], size, xp)
            scale = (k + alpha / size * xp.einsum("cj,njhw->nchw", forward, x * x)).astype(x.dtype)
            out = (x * scale ** -beta).astype(x.dtype)
            ctx.saved = (x, scale, out, backward, size, alpha, beta)
            return Tensor._make(out)

        @staticmethod
        def backward(ctx, grad_output):
            x, scale, out, backward, size, alpha, beta = ctx.saved
            channels = x.shape[1]
            shift = int(size - (size - 1) / 2)
            if shift > size - 1:  # torch's backward fails so for size 1, with this error
                raise RuntimeError(f"start ({shift}) + length ({channels}) exceeds dimension "
                                   f"size ({channels + size - 1}).")
            g = grad_output.detach()._data
            summed = _backend.namespace_of(g).einsum("ic,nchw->nihw", backward, g * out / scale)
            grad = scale ** -beta * g - 2 * alpha * beta / size * x * summed
            return Tensor._make(grad.astype(x.dtype)), None, None, None, None


class CrossMapLRN2d(Module):
    """Local response normalisation across channels of a 4-D input, torch's legacy layer:
    ``out = x * (k + alpha / size * sum of x^2 over a window of channels) ^ -beta``.

    The channel window and the gradient are torch's (see ``_cross_map_windows``): the result
    and the gradient equal torch's, though that gradient is not the exact derivative (torch's
    own gradcheck of this layer fails); ``nn.LocalResponseNorm`` is the exact, centred form.

    Args:
        size: the number of channels in the window.
        alpha: the multiplicative factor. Default: ``1e-4``.
        beta: the exponent. Default: ``0.75``.
        k: the additive constant. Default: ``1``.

    Example:
        >>> lrn = nn.CrossMapLRN2d(3, alpha=0.1, beta=0.5, k=1)
        >>> lrn
        CrossMapLRN2d(3, alpha=0.1, beta=0.5, k=1)
        >>> lrn(ember.ones(1, 3, 1, 1)).flatten()
        tensor([0.9682, 0.9535, 0.9535])
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        if input.dim() != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D "
                             "instead.")
        return _Legacy.CrossMapLRN2d.apply(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)
