"""Activation functions as modules; each forward is one call of ``nn.functional``."""
from __future__ import annotations

import warnings

from ... import empty
from ..._deprecated import _user_stacklevel
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module
from .utils import named_function

__all__ = [
    "CELU",
    "ELU",
    "GELU",
    "GLU",
    "SELU",
    "Hardshrink",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "LeakyReLU",
    "LogSigmoid",
    "LogSoftmax",
    "Mish",
    "PReLU",
    "RReLU",
    "ReLU",
    "ReLU6",
    "SiLU",
    "Sigmoid",
    "Softmax",
    "Softmax2d",
    "Softmin",
    "Softplus",
    "Softshrink",
    "Softsign",
    "Tanh",
    "Tanhshrink",
    "Threshold",
]


def _inplace_suffix(module):
    return ", inplace=True" if module.inplace else ""


class _Elementwise(Module):
    """An activation with no settings: ``forward`` is ``F.<name>(input)``."""

    _function = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # any argument is Module's TypeError, as in torch

    def forward(self, input):
        return getattr(F, self._function)(input)


def _init_named_for(cls, base, names=("__init__",)):
    """Give ``cls`` a copy of ``base.__init__`` (and of the other methods ``names``) under its
    own name, so that Python's argument errors name it (``ReLU.__init__() got an unexpected
    keyword argument 'foo'``, ``ReLU.forward() takes 2 positional arguments``), as torch's
    classes, each with its own methods, do."""
    for name in names:
        if name not in vars(cls):
            setattr(cls, name, named_function(getattr(base, name), f"{cls.__qualname__}.{name}"))


class _InplaceElementwise(Module):
    """An activation whose only setting is ``inplace`` (printed by some, as PyTorch does)."""

    _function = None
    _show_inplace = True

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _init_named_for(cls, _InplaceElementwise, ("__init__", "forward"))

    def forward(self, input):
        return getattr(F, self._function)(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace and self._show_inplace else ""


class Threshold(Module):
    """y = x if x > threshold else value."""

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}{_inplace_suffix(self)}"


class ReLU(_InplaceElementwise):
    """y = max(0, x), elementwise.

    Args:
        inplace: overwrite the input instead of allocating the result.

    Example:
        >>> nn.ReLU()(ember.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    _function = "relu"


class RReLU(Module):
    """Leaky ReLU with a slope drawn from U(lower, upper) in training, (lower+upper)/2 in eval."""

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}{_inplace_suffix(self)}"


class Hardtanh(Module):
    """y = clamp(x, min_val, max_val)."""

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        super().__init__()
        if min_value is not None:
            warnings.warn("keyword argument `min_value` is deprecated and renamed to `min_val`",
                          FutureWarning, stacklevel=_user_stacklevel())
            min_val = min_value
        if max_value is not None:
            warnings.warn("keyword argument `max_value` is deprecated and renamed to `max_val`",
                          FutureWarning, stacklevel=_user_stacklevel())
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        assert self.max_val > self.min_val, \
            f"max_val ({self.max_val}) must be greater than min_val ({self.min_val})"

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}{_inplace_suffix(self)}"


class ReLU6(Hardtanh):
    """y = min(max(0, x), 6)."""

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Sigmoid(_Elementwise):
    """y = 1 / (1 + exp(-x))."""
    _function = "sigmoid"


class Tanh(_Elementwise):
    """y = tanh(x)."""
    _function = "tanh"


class LogSigmoid(_Elementwise):
    """y = log(sigmoid(x))."""
    _function = "logsigmoid"


class Softsign(_Elementwise):
    """y = x / (1 + |x|)."""
    _function = "softsign"


class Tanhshrink(_Elementwise):
    """y = x - tanh(x)."""
    _function = "tanhshrink"


class Hardsigmoid(_InplaceElementwise):
    """y = clamp(x/6 + 1/2, 0, 1)."""
    _function = "hardsigmoid"
    _show_inplace = False


class Hardswish(_InplaceElementwise):
    """y = x * hardsigmoid(x)."""
    _function = "hardswish"
    _show_inplace = False


class SiLU(_InplaceElementwise):
    """y = x * sigmoid(x)."""
    _function = "silu"


class Mish(_InplaceElementwise):
    """y = x * tanh(softplus(x))."""
    _function = "mish"


class SELU(_InplaceElementwise):
    """y = scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))."""
    _function = "selu"


class ELU(Module):
    """y = x if x > 0 else alpha * (exp(x) - 1)."""

    _function = "elu"

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return getattr(F, self._function)(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}{_inplace_suffix(self)}"


class CELU(ELU):
    """y = max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _function = "celu"

    def __init__(self, alpha=1.0, inplace=False):  # its own, so that errors name CELU
        super().__init__(alpha, inplace)


class GLU(Module):
    """Split ``dim`` in halves a, b: y = a * sigmoid(b)."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class GELU(Module):
    """y = x * Phi(x) (``approximate='tanh'``: the tanh approximation)."""

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Hardshrink(Module):
    """y = x if |x| > lambd else 0."""

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.hardshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Softshrink(Hardshrink):
    """y = x - lambd if x > lambd, x + lambd if x < -lambd, else 0."""

    def forward(self, input):
        return F.softshrink(input, self.lambd)


class LeakyReLU(Module):
    """y = x if x >= 0 else negative_slope * x."""

    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}{_inplace_suffix(self)}"


class Softplus(Module):
    """y = log(1 + exp(beta * x)) / beta (linear above ``threshold``)."""

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class PReLU(Module):
    """y = x if x >= 0 else a * x, with a learned slope per channel (or one shared)."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        self.num_parameters = num_parameters
        super().__init__()
        self.init = init
        self.weight = Parameter(empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class _DimActivation(Module):
    _function = None

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _init_named_for(cls, _DimActivation)

    def forward(self, input):
        return getattr(F, self._function)(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmin(_DimActivation):
    """y = softmax(-x) along ``dim``."""
    _function = "softmin"


class Softmax(_DimActivation):
    """y_i = exp(x_i) / sum_j exp(x_j) along ``dim``."""
    _function = "softmax"


class LogSoftmax(_DimActivation):
    """y_i = x_i - log(sum_j exp(x_j)) along ``dim``."""
    _function = "log_softmax"


class Softmax2d(Module):
    """Softmax over the channels (dim -3) at every spatial location."""

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D "
                             "instead")
        return F.softmax(input, -3)


# PyTorch defines MultiheadAttention in its activation module; ember keeps it with the
# Transformer layers that use it, and exposes it here too.
from .transformer import MultiheadAttention  # noqa: E402,F401

__all__.append("MultiheadAttention")
