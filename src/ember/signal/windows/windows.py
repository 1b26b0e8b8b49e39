"""The window functions of ``ember.signal.windows``.

Each window w[n], n = 0..M-1, is computed with ember ops from an evenly spaced grid
(``linspace``), in the requested floating dtype, so that ``requires_grad=True`` gives a window
with a graph, as torch's does. ``sym=True`` (the default) gives a symmetric window for filter
design; ``sym=False`` a periodic one for spectral analysis (the symmetric window of length
M + 1 without its last point). Every window is normalised so its largest value is 1 (which an
even-length symmetric window does not reach).
"""
from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine",
           "general_hamming", "hamming", "hann", "kaiser", "nuttall"]


def _ember():
    import ember
    return ember


def _checked(name, M, dtype, layout):
    """torch's argument checks, in its order; returns the dtype to compute in."""
    ember = _ember()
    if not isinstance(M, int) or isinstance(M, bool):
        raise TypeError(f"{name}(): argument 'M' must be int, not {type(M).__name__}")
    dtype = ember.get_default_dtype() if dtype is None else dtype
    if M < 0:
        raise ValueError(f"{name} requires non-negative window length, got M={M}")
    if layout is not ember.strided:
        raise ValueError(f"{name} is implemented for strided tensors only, got: {layout}")
    if dtype not in (ember.float32, ember.float64):
        raise ValueError(f"{name} expects float32 or float64 dtypes, got: {dtype}")
    return dtype


def _trivial(M, dtype, device, requires_grad):
    """The windows of length 0 (empty) and 1 (a single 1), or None for longer ones."""
    ember = _ember()
    if M == 0:
        return ember.empty((0,), dtype=dtype, device=device, requires_grad=requires_grad)
    if M == 1:
        return ember.ones((1,), dtype=dtype, device=device, requires_grad=requires_grad)
    return None


def _grid(start, step, M, dtype, device, requires_grad):
    """M points start, start + step, ..., start + (M - 1) * step."""
    return _ember().linspace(start, start + (M - 1) * step, M, dtype=dtype, device=device,
                             requires_grad=requires_grad)


def _span(M, sym):
    """The denominator that makes a window symmetric (M - 1) or periodic (M)."""
    return M - 1 if sym else M


def exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=None, device=None,
                requires_grad=False):
    """The exponential (Poisson) window: w[n] = exp(-|n - center| / tau).

    Args:
        M: the window length.
        center: where the peak sits (default: the middle); only for ``sym=False``.
        tau: the decay length (> 0).
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.exponential(5)
        tensor([0.1353, 0.3679, 1.0000, 0.3679, 0.1353])
    """
    ember = _ember()
    dtype = _checked("exponential", M, dtype, layout or ember.strided)
    if tau <= 0:
        raise ValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    if M == 0:
        return ember.empty((0,), dtype=dtype, device=device, requires_grad=requires_grad)
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    k = _grid(-center / tau, 1 / tau, M, dtype, device, requires_grad)
    return ember.exp(-ember.abs(k))


def cosine(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The cosine (sine) window: w[n] = sin(pi (n + 1/2) / M).

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.cosine(5)
        tensor([0.3090, 0.8090, 1.0000, 0.8090, 0.3090])
    """
    ember = _ember()
    dtype = _checked("cosine", M, dtype, layout or ember.strided)
    if M == 0:
        return ember.empty((0,), dtype=dtype, device=device, requires_grad=requires_grad)
    step = math.pi / (M + 1 if not sym and M > 1 else M)
    return ember.sin(_grid(0.5 * step, step, M, dtype, device, requires_grad))


def gaussian(M, *, std=1.0, sym=True, dtype=None, layout=None, device=None,
             requires_grad=False):
    """The Gaussian window: w[n] = exp(-(n - (M - 1)/2)^2 / (2 std^2)).

    Args:
        M: the window length.
        std: the standard deviation, in samples (> 0).
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.gaussian(4, std=0.5, dtype=ember.float64)
        tensor([0.0111, 0.6065, 0.6065, 0.0111], dtype=ember.float64)
    """
    ember = _ember()
    dtype = _checked("gaussian", M, dtype, layout or ember.strided)
    if std <= 0:
        raise ValueError(f"Standard deviation must be positive, got: {std} instead.")
    if M == 0:
        return ember.empty((0,), dtype=dtype, device=device, requires_grad=requires_grad)
    scale = 1 / (std * math.sqrt(2))
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    k = _grid(start * scale, scale, M, dtype, device, requires_grad)
    return ember.exp(-(k ** 2))


def kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=None, device=None,
           requires_grad=False):
    """The Kaiser window: w[n] = I0(beta sqrt(1 - (2n/(M-1) - 1)^2)) / I0(beta), I0 the
    modified Bessel function of order 0; larger beta, narrower window.

    Args:
        M: the window length.
        beta: the shape parameter (>= 0).
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.kaiser(5, beta=8.0)
        tensor([0.0023, 0.3690, 1.0000, 0.3690, 0.0023])
    """
    ember = _ember()
    dtype = _checked("kaiser", M, dtype, layout or ember.strided)
    if beta < 0:
        raise ValueError(f"beta must be non-negative, got: {beta} instead.")
    small = _trivial(M, dtype, device, requires_grad)
    if small is not None:
        return small
    # The grid's ends are computed in the window's dtype, as the rest of it is.
    b = ember.tensor(beta, dtype=dtype, device=device)
    step = 2.0 * b / _span(M, sym)
    end = ember.minimum(b, -b + (M - 1) * step)
    k = ember.linspace(-b.item(), end.item(), M, dtype=dtype, device=device,
                       requires_grad=requires_grad)
    return ember.i0(ember.sqrt(b * b - ember.pow(k, 2))) / ember.i0(b)


def general_cosine(M, *, a, sym=True, dtype=None, layout=None, device=None,
                   requires_grad=False):
    """A sum of cosines: w[n] = sum_i (-1)^i a[i] cos(2 pi i n / (M - 1)).

    Hann, Hamming, Blackman and Nuttall windows are such sums with particular coefficients.

    Args:
        M: the window length.
        a: the coefficients a[0], a[1], ... (a list or tuple).
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.general_cosine(4, a=[0.5, 0.5])
        tensor([0.0000, 0.7500, 0.7500, 0.0000])
    """
    ember = _ember()
    dtype = _checked("general_cosine", M, dtype, layout or ember.strided)
    small = _trivial(M, dtype, device, requires_grad)
    if small is not None:
        return small
    if not isinstance(a, Iterable):
        raise TypeError("Coefficients must be a list/tuple")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    k = _grid(0, 2 * math.pi / _span(M, sym), M, dtype, device, requires_grad)
    signed = ember.tensor([(-1) ** i * w for i, w in enumerate(a)], dtype=dtype, device=device,
                          requires_grad=requires_grad)
    order = ember.arange(signed.shape[0], dtype=dtype, device=device,
                         requires_grad=requires_grad)
    return (signed.unsqueeze(-1) * ember.cos(order.unsqueeze(-1) * k)).sum(0)


def general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=None, device=None,
                    requires_grad=False):
    """The generalized Hamming window: w[n] = alpha - (1 - alpha) cos(2 pi n / (M - 1)).

    Args:
        M: the window length.
        alpha: the window coefficient.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.general_hamming(4, alpha=0.6)
        tensor([0.2000, 0.8000, 0.8000, 0.2000])
    """
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout,
                          device=device, requires_grad=requires_grad)


def hamming(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The Hamming window: general_hamming with alpha = 0.54.

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.hamming(5)
        tensor([0.0800, 0.5400, 1.0000, 0.5400, 0.0800])
    """
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def hann(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The Hann window: w[n] = 1/2 - 1/2 cos(2 pi n / (M - 1)).

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.hann(5)
        tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
        >>> ember.signal.windows.hann(5, sym=False)
        tensor([0.0000, 0.3455, 0.9045, 0.9045, 0.3455])
    """
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The Blackman window: general_cosine with a = (0.42, 0.5, 0.08).

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.blackman(5, dtype=ember.float64)
        tensor([-1.3878e-17,  3.4000e-01,  1.0000e+00,  3.4000e-01, -1.3878e-17],
               dtype=ember.float64)
    """
    ember = _ember()
    _checked("blackman", M, dtype, layout or ember.strided)
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout,
                          device=device, requires_grad=requires_grad)


def bartlett(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The Bartlett (triangular) window: w[n] = 1 - |2n/(M - 1) - 1|.

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.bartlett(5)
        tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    ember = _ember()
    dtype = _checked("bartlett", M, dtype, layout or ember.strided)
    small = _trivial(M, dtype, device, requires_grad)
    if small is not None:
        return small
    k = _grid(-1, 2 / _span(M, sym), M, dtype, device, requires_grad)
    return 1 - ember.abs(k)


def nuttall(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The minimum 4-term Blackman-Harris window of Nuttall: general_cosine with
    a = (0.3635819, 0.4891775, 0.1365995, 0.0106411).

    Args:
        M: the window length.
        sym: symmetric (True) or periodic (False) window.
        dtype: float32 or float64 (default: the default dtype).
        layout: must be ``ember.strided``.
        device: where to create it.
        requires_grad: record operations on the result.

    Returns:
        A 1-D tensor of length M.

    Example:
        >>> ember.signal.windows.nuttall(5)
        tensor([3.6280e-04, 2.2698e-01, 1.0000e+00, 2.2698e-01, 3.6280e-04])
    """
    return general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym,
                          dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)
