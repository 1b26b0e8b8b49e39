"""Observers: modules that watch the values passing through them (their running min and max)
and turn that range into the scale and zero point of an integer grid, as torch's eager-mode
quantization-aware training uses them.

For values in [lo, hi] (widened to include 0) and integers [qmin, qmax]:

- affine: ``scale = (hi - lo) / (qmax - qmin)``, ``zero_point = qmin - round(lo / scale)``
  clamped to [qmin, qmax];
- symmetric: ``scale = max(-lo, hi) / ((qmax - qmin) / 2)``, zero point 0 (128 for quint8);

the scale is at least float32's eps. ``MinMaxObserver`` keeps the overall min and max,
``MovingAverageMinMaxObserver`` an exponential moving average of each batch's; the per-channel
variants keep one range per index along ``ch_axis``.
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

from ...nn.modules.module import Module

__all__ = ["MinMaxObserver", "MovingAverageMinMaxObserver", "PerChannelMinMaxObserver",
           "MovingAveragePerChannelMinMaxObserver"]


def _ember():
    import ember
    return ember


def _with_args(cls, **kwargs):
    """A factory of ``cls`` instances with ``kwargs`` (torch's ``with_args``)."""
    return _PartialWrapper(functools.partial(cls, **kwargs))


class _PartialWrapper:
    def __init__(self, p):
        self.p = p
        self.callable_args = {}

    def __call__(self, *args, **keywords):
        return self.p(*args, **keywords)

    def __repr__(self):
        return self.p.__repr__() + self.callable_args.__repr__()

    with_args = _with_args


def _qrange(dtype, quant_min, quant_max, reduce_range):
    """(qmin, qmax) as torch's observers choose them from the dtype, a custom range and
    ``reduce_range`` (which halves the range, for x86's int16 sums)."""
    name = dtype.name
    if quant_min is not None and quant_max is not None:
        length = quant_max - quant_min + 1
        if name in ("qint8", "int8"):
            if not 0 < length <= 256:
                raise AssertionError("quantization range should be positive and not exceed the "
                                     "maximum bit range (=256).")
            quant_min, quant_max = -length // 2, length // 2 - 1
        elif name in ("quint8", "uint8"):
            quant_min, quant_max = 0, length - 1
        if reduce_range:
            quant_min, quant_max = quant_min // 2, quant_max // 2
        return quant_min, quant_max
    if name in ("qint8", "int8"):
        return (-64, 63) if reduce_range else (-128, 127)
    if name in ("quint8", "uint8"):
        return (0, 127) if reduce_range else (0, 255)
    if name in ("qint32", "int32"):
        return -(2 ** 31), 2 ** 31 - 1
    return 0, 15


class ObserverBase(Module):
    """What every observer shares: the target dtype and scheme, the integer range, ``eps``.

    Args:
        dtype: the quantized dtype (default ``ember.quint8``).
        qscheme: the scheme (default ``ember.per_tensor_affine``).
        reduce_range: use one bit less of the range (as x86's kernels need).
        quant_min, quant_max (int, optional): a custom integer range (it must hold 0).
        eps (float): the smallest scale.

    Example:
        >>> obs = ember.ao.quantization.MinMaxObserver()
        >>> (obs.quant_min, obs.quant_max)
        (0, 255)
    """

    with_args = classmethod(_with_args)

    def __init__(self, dtype=None, qscheme=None, reduce_range=False, quant_min=None,
                 quant_max=None, factory_kwargs=None, eps=float(np.finfo(np.float32).eps),
                 is_dynamic=False, **kwargs):
        super().__init__()
        ember = _ember()
        self.dtype = ember.quint8 if dtype is None else dtype
        self.qscheme = ember.per_tensor_affine if qscheme is None else qscheme
        self.reduce_range = reduce_range
        self.is_dynamic = is_dynamic
        self.register_buffer("eps", ember.tensor([eps]))
        self.has_customized_qrange = quant_min is not None and quant_max is not None
        if self.has_customized_qrange and not quant_min <= 0 <= quant_max:
            raise AssertionError("Used-specified quantization range must include 0.")
        if self.has_customized_qrange and quant_min >= quant_max:
            raise AssertionError("qmin must be strictly less than qmax for user-specified "
                                 "quantization range.")
        self.quant_min, self.quant_max = _qrange(self.dtype, quant_min, quant_max, reduce_range)

    def _calculate_qparams(self, min_val, max_val):
        ember = _ember()
        if min_val.numel() == 0 or max_val.numel() == 0 or (
                min_val.dim() == 0 and float(min_val) == float("inf")
                and float(max_val) == float("-inf")):
            warnings.warn("must run observer before calling calculate_qparams. Returning "
                          "default values.", stacklevel=3)
            return ember.tensor([1.0]), ember.tensor([0])
        quant_min, quant_max = self.quant_min, self.quant_max
        lo = ember.minimum(min_val, ember.zeros_like(min_val))
        hi = ember.maximum(max_val, ember.zeros_like(max_val))
        zero_point = ember.zeros(lo.shape, dtype=ember.int64, device=lo.device)
        if self.qscheme.name in ("per_tensor_symmetric", "per_channel_symmetric"):
            hi = ember.maximum(-lo, hi)
            scale = hi / (float(quant_max - quant_min) / 2)
            scale = ember.maximum(scale, self.eps)
            if self.dtype.name in ("quint8", "uint8"):
                middle = (quant_min + quant_max) // 2 if self.has_customized_qrange else 128
                zero_point = ember.full(zero_point.shape, middle, dtype=ember.int64,
                                        device=lo.device)
        else:
            scale = (hi - lo) / float(quant_max - quant_min)
            scale = ember.maximum(scale, self.eps)
            zero_point = quant_min - ember.round(lo / scale).to(ember.int32)
            zero_point = ember.clamp(zero_point, quant_min, quant_max)
        if scale.dim() == 0:
            scale = ember.tensor([float(scale)], dtype=scale.dtype, device=lo.device)
        if zero_point.dim() == 0:
            zero_point = ember.tensor([int(zero_point)], dtype=zero_point.dtype,
                                      device=lo.device)
        return scale, zero_point

    def calculate_qparams(self):
        """(scale, zero_point) of the range observed so far."""
        return self._calculate_qparams(self.min_val, self.max_val)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}"

    def reset_min_max_vals(self):
        ember = _ember()
        self.min_val.copy_(ember.tensor(float("inf")))
        self.max_val.copy_(ember.tensor(float("-inf")))


class MinMaxObserver(ObserverBase):
    """Keeps the smallest and largest value seen (per tensor).

    Args:
        dtype, qscheme, reduce_range, quant_min, quant_max, eps: as ``ObserverBase``'s.

    Example:
        >>> obs = ember.ao.quantization.MinMaxObserver()
        >>> _ = obs(ember.tensor([-1.0, 0.5, 2.0]))
        >>> obs.min_val, obs.max_val
        (tensor(-1.), tensor(2.))
        >>> obs.calculate_qparams()
        (tensor([0.0118]), tensor([85], dtype=ember.int32))
    """

    def __init__(self, dtype=None, qscheme=None, reduce_range=False, quant_min=None,
                 quant_max=None, factory_kwargs=None, eps=float(np.finfo(np.float32).eps),
                 is_dynamic=False, **kwargs):
        super().__init__(dtype, qscheme, reduce_range, quant_min, quant_max, factory_kwargs,
                         eps, is_dynamic, **kwargs)
        ember = _ember()
        self.register_buffer("min_val", ember.tensor(float("inf")))
        self.register_buffer("max_val", ember.tensor(float("-inf")))

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        x = x_orig.detach().to(self.min_val.dtype)
        low, high = _ember().aminmax(x)
        self.min_val.copy_(_ember().minimum(low, self.min_val))
        self.max_val.copy_(_ember().maximum(high, self.max_val))
        return x_orig


class MovingAverageMinMaxObserver(MinMaxObserver):
    """An exponential moving average (weight ``averaging_constant``) of each batch's min and
    max; the first batch's range as it is.

    Args:
        averaging_constant (float): the weight of each new batch (default 0.01).
        dtype, qscheme, reduce_range, quant_min, quant_max, eps: as ``ObserverBase``'s.

    Example:
        >>> obs = ember.ao.quantization.MovingAverageMinMaxObserver(averaging_constant=0.5)
        >>> _ = obs(ember.tensor([0.0, 2.0]))
        >>> _ = obs(ember.tensor([0.0, 4.0]))
        >>> obs.max_val
        tensor(3.)
    """

    def __init__(self, averaging_constant=0.01, dtype=None, qscheme=None, reduce_range=False,
                 quant_min=None, quant_max=None, eps=float(np.finfo(np.float32).eps),
                 is_dynamic=False, **kwargs):
        self.averaging_constant = averaging_constant
        super().__init__(dtype=dtype, qscheme=qscheme, reduce_range=reduce_range,
                         quant_min=quant_min, quant_max=quant_max, eps=eps,
                         is_dynamic=is_dynamic, **kwargs)

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        x = x_orig.detach().to(self.min_val.dtype)
        low, high = _ember().aminmax(x)
        if float(self.min_val) == float("inf") and float(self.max_val) == float("-inf"):
            self.min_val.copy_(low)
            self.max_val.copy_(high)
        else:
            c = self.averaging_constant
            self.min_val.copy_(self.min_val + c * (low - self.min_val))
            self.max_val.copy_(self.max_val + c * (high - self.max_val))
        return x_orig


class PerChannelMinMaxObserver(ObserverBase):
    """Keeps the smallest and largest value of each index along ``ch_axis``.

    Args:
        ch_axis (int): the channel dimension (default 0).
        dtype, qscheme, reduce_range, quant_min, quant_max, eps: as ``ObserverBase``'s.

    Example:
        >>> obs = ember.ao.quantization.PerChannelMinMaxObserver(ch_axis=0)
        >>> _ = obs(ember.tensor([[1.0, -2.0], [3.0, 4.0]]))
        >>> obs.min_val, obs.max_val
        (tensor([-2.,  3.]), tensor([1., 4.]))
    """

    def __init__(self, ch_axis=0, dtype=None, qscheme=None, reduce_range=False, quant_min=None,
                 quant_max=None, factory_kwargs=None, eps=float(np.finfo(np.float32).eps),
                 is_dynamic=False, **kwargs):
        ember = _ember()
        qscheme = ember.per_channel_affine if qscheme is None else qscheme
        super().__init__(dtype, qscheme, reduce_range, quant_min, quant_max, factory_kwargs,
                         eps, is_dynamic, **kwargs)
        self.ch_axis = ch_axis
        self.register_buffer("min_val", ember.tensor([]))
        self.register_buffer("max_val", ember.tensor([]))

    def _channel_ranges(self, x):
        x = x.detach().to(self.min_val.dtype)
        rows = x.movedim(self.ch_axis, 0).flatten(1)
        return _ember().aminmax(rows, dim=1)

    def _store(self, low, high):
        if self.min_val.shape != low.shape:
            self.min_val.resize_(low.shape)
            self.max_val.resize_(high.shape)
        self.min_val.copy_(low)
        self.max_val.copy_(high)

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        low, high = self._channel_ranges(x_orig)
        if self.min_val.numel():
            low, high = _ember().minimum(low, self.min_val), _ember().maximum(high, self.max_val)
        self._store(low, high)
        return x_orig


class MovingAveragePerChannelMinMaxObserver(PerChannelMinMaxObserver):
    """Per channel, an exponential moving average of each batch's min and max.

    Args:
        averaging_constant (float): the weight of each new batch (default 0.01).
        ch_axis (int): the channel dimension (default 0).
        dtype, qscheme, reduce_range, quant_min, quant_max, eps: as ``ObserverBase``'s.

    Example:
        >>> obs = ember.ao.quantization.MovingAveragePerChannelMinMaxObserver(
        ...     averaging_constant=0.5)
        >>> _ = obs(ember.tensor([[0.0, 2.0]]))
        >>> _ = obs(ember.tensor([[0.0, 4.0]]))
        >>> obs.max_val
        tensor([3.])
    """

    def __init__(self, averaging_constant=0.01, ch_axis=0, dtype=None, qscheme=None,
                 reduce_range=False, quant_min=None, quant_max=None,
                 eps=float(np.finfo(np.float32).eps), is_dynamic=False, **kwargs):
        super().__init__(ch_axis=ch_axis, dtype=dtype, qscheme=qscheme,
                         reduce_range=reduce_range, quant_min=quant_min, quant_max=quant_max,
                         eps=eps, is_dynamic=is_dynamic, **kwargs)
        self.averaging_constant = averaging_constant

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        low, high = self._channel_ranges(x_orig)
        if self.min_val.numel():
            c = self.averaging_constant
            low = self.min_val + c * (low - self.min_val)
            high = self.max_val + c * (high - self.max_val)
        self._store(low, high)
        return x_orig

