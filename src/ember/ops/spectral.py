"""Window functions and the short-time Fourier transform (``stft``/``istft``).

The windows are PyTorch's: a symmetric window of length N reaches both ends of its formula; a
periodic one (the default, for spectral analysis) is the symmetric window of length N + 1
without its last sample. They are computed in the requested dtype in the order PyTorch computes
them, so float32 windows round the same way.

``stft`` cuts the (centre-padded) signal into frames ``hop_length`` apart, multiplies each by
the window and transforms it; ``istft`` transforms the frames back, overlap-adds them and
divides by the summed squared window. Both are compositions of differentiable ops (pad,
unfold, multiply, fft, index_add), so their gradients need no rule of their own.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._deprecated import warn_once
from .._device import as_device
from .._tensor import Tensor
from ._registry import legacy_type_name, not_tensor, type_name

# --- windows ---------------------------------------------------------------------------------

def _window_dtype(name, dtype):
    dt = D.get_default_dtype() if dtype is None else D.as_dtype(dtype)
    if dt.category != D._FLOAT:
        if dt.category == D._COMPLEX:
            raise NotImplementedError(f"\"arange_cpu\" not implemented for '{type_name(dt)}'")
        raise RuntimeError(f"{name} expects floating point dtypes, got: {_options(dt)}")
    return dt


_CPP_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
              "uint8": "unsigned char", "bool": "bool"}


def _options(dt):
    return (f"TensorOptions(dtype={_CPP_NAMES.get(dt.name, dt.name)}, device=cpu, "
            "layout=Strided (default), requires_grad=false (default), pinned_memory=false, "
            "memory_format=(nullopt))")


_WINDOW_OPTIONS = ("*, ember.dtype dtype = None, ember.layout layout = None, ember.device device "
                   "= None, bool pin_memory = False, bool requires_grad = False")


def _check_float_arguments(name, given, float_names):
    """torch's window overloads take periodic and then the float coefficients positionally, each
    only after the ones before it: a coefficient given while an earlier one is left out (e.g.
    ``kaiser_window(8, beta=8.0)``) matches none of them and is a TypeError, not a default."""
    present = [value is not None for value in given]
    if present == sorted(present, reverse=True):
        return
    prefix = present.index(False)
    names = ("periodic", *float_names)
    got = ["int", *(["bool"] + ["float"] * len(float_names))[:prefix]]
    got += [f"{names[i]}={'bool' if i == 0 else 'float'}" for i in range(prefix, len(names))
            if present[i]]
    overloads = ["int window_length", "int window_length, bool periodic"]
    for count in range(1, len(float_names) + 1):
        floats = ", ".join(f"float {n}" for n in float_names[:count])
        overloads.append(f"int window_length, bool periodic, {floats}")
    lines = "\n".join(f" * ({signature}, {_WINDOW_OPTIONS})" for signature in overloads)
    raise TypeError(f"{name}() received an invalid combination of arguments - got "
                    f"({', '.join(got)}), but expected one of:\n{lines}\n")


def _window(name, window_length, periodic, dtype, device, requires_grad, formula):
    """Shared body: checks, the periodic N+1 trick, the formula on arange(N) in dtype."""
    from .creation import _finish
    if not isinstance(window_length, (int, np.integer)) or isinstance(window_length, bool):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(window_length).__name__}")
    dt = _window_dtype(name, dtype)
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got "
                           f"window_length={window_length}")
    xp = _backend.namespace(as_device(device))
    if window_length == 0:
        arr = xp.zeros(0, dtype=dt.np)
    elif window_length == 1:
        arr = xp.ones(1, dtype=dt.np)
    else:
        n = window_length + 1 if periodic else window_length
        with np.errstate(all="ignore"):
            arr = formula(xp.arange(n, dtype=dt.np), n, dt.np)[:window_length]
    return _finish(xp.ascontiguousarray(arr, dtype=dt.np), dtype, device, requires_grad)


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                pin_memory=False, requires_grad=False):
    """The Hann window w[n] = 0.5 - 0.5 cos(2 pi n / (N - 1)) (N is window_length, or
    window_length + 1 when ``periodic``).

    Args:
        window_length: the number of samples.
        periodic: give the periodic window, for spectral analysis (default True).
        dtype, device, requires_grad: as for ``ember.zeros`` (a floating dtype).

    Returns:
        A 1-D Tensor of window_length samples.

    Example:
        >>> ember.hann_window(5, periodic=False)
        tensor([0.0000, 0.5000, 1.0000, 0.5000, 0.0000])
    """
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   lambda k, n, np_dt: _cosine_sum(k, n, np_dt, 0.5, 0.5))


def hamming_window(window_length, periodic=None, alpha=None, beta=None, *, dtype=None,
                   layout=None, device=None, pin_memory=False, requires_grad=False):
    """The generalised Hamming window w[n] = alpha - beta cos(2 pi n / (N - 1)).

    Args:
        window_length: the number of samples.
        periodic: give the periodic window (default True).
        alpha, beta: the coefficients (0.54 and 0.46 by default).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor.

    Example:
        >>> ember.hamming_window(4, dtype=ember.float64)
        tensor([0.0800, 0.5400, 1.0000, 0.5400], dtype=ember.float64)
    """
    _check_float_arguments("hamming_window", (periodic, alpha, beta), ("alpha", "beta"))
    periodic = True if periodic is None else periodic
    alpha = 0.54 if alpha is None else alpha
    beta = 0.46 if beta is None else beta
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   lambda k, n, np_dt: _cosine_sum(k, n, np_dt, alpha, beta))


def _cosine_sum(k, n, np_dt, alpha, beta):
    return np.cos(k * np_dt.type(2 * math.pi / (n - 1))) * np_dt.type(-beta) + np_dt.type(alpha)


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    pin_memory=False, requires_grad=False):
    """The Blackman window w[n] = 0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1)).

    Args:
        window_length: the number of samples.
        periodic: give the periodic window (default True).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor.

    Example:
        >>> ember.blackman_window(6)
        tensor([-2.9802e-08,  1.3000e-01,  6.3000e-01,  1.0000e+00,  6.3000e-01,
                 1.3000e-01])
    """
    def formula(k, n, np_dt):
        angle = k * np_dt.type(math.pi / (n - 1))
        return (np.cos(angle * np_dt.type(4)) * np_dt.type(0.08)
                - np.cos(angle * np_dt.type(2)) * np_dt.type(0.5) + np_dt.type(0.42))
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad,
                   formula)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    pin_memory=False, requires_grad=False):
    """The Bartlett (triangular) window: 2n / (N - 1) rising, then 2 - 2n / (N - 1).

    Args:
        window_length: the number of samples.
        periodic: give the periodic window (default True).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor.

    Example:
        >>> ember.bartlett_window(5)
        tensor([0.0000, 0.4000, 0.8000, 0.8000, 0.4000])
    """
    def formula(k, n, np_dt):
        w = k * np_dt.type(2.0 / (n - 1))
        first_half = ((n - 1) >> 1) + 1
        w[first_half:] = np_dt.type(2) - w[first_half:]
        return w
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad,
                   formula)


def kaiser_window(window_length, periodic=None, beta=None, *, dtype=None, layout=None,
                  device=None, pin_memory=False, requires_grad=False):
    """The Kaiser window w[n] = I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta), a = (N - 1)/2
    (I0 is the modified Bessel function of order 0).

    Args:
        window_length: the number of samples.
        periodic: give the periodic window (default True).
        beta: the shape parameter (12.0 by default; larger: narrower main lobe, lower side
            lobes).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor.

    Example:
        >>> ember.kaiser_window(6, False, 8.0)
        tensor([0.0023, 0.2268, 0.8598, 0.8598, 0.2268, 0.0023])
    """
    _check_float_arguments("kaiser_window", (periodic, beta), ("beta",))
    periodic = True if periodic is None else periodic
    beta = 12.0 if beta is None else beta

    def formula(k, n, np_dt):
        special = _backend.special(_backend.namespace_of(k))
        a = np_dt.type((n - 1) / 2.0)
        ratio = (k - a) / a
        arg = np_dt.type(beta) * np.sqrt(np.maximum(np_dt.type(1) - ratio * ratio, 0))
        return (special.i0(arg) / special.i0(np_dt.type(beta))).astype(np_dt)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad,
                   formula)


# --- stft / istft ----------------------------------------------------------------------------

def _describe(t):
    """PyTorch's short description of a tensor in stft's messages, e.g. ember.FloatTensor[24]."""
    return f"{legacy_type_name(t._dtype)}[{', '.join(str(s) for s in t._data.shape)}]"


def _describe_window(window):
    if window is None:
        return "None"
    return f"{legacy_type_name(window._dtype)}{{[{', '.join(str(s) for s in window.shape)}]}}"


def _flag(value):
    return "None" if value is None else str(int(bool(value)))


def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
         pad_mode="reflect", normalized=False, onesided=None, return_complex=None,
         align_to_window=None):
    """The short-time Fourier transform: X[f, t] = sum_k w[k] x[t hop + k] e^{-2 pi i f k / n_fft}.

    With ``center`` the signal is first padded by n_fft // 2 on both sides (``pad_mode``), so
    frame t is centred on sample t * hop_length.

    Args:
        input: a real or complex signal, 1-D (L) or batched 2-D (B, L).
        n_fft: the FFT size of each frame.
        hop_length: the distance between frames (default n_fft // 4).
        win_length: the window size, at most n_fft (default n_fft; centred in the frame).
        window: a 1-D tensor of win_length samples (default: all ones, with a warning).
        center: pad so frames are centred on their sample.
        pad_mode: "reflect", "constant", "replicate" or "circular".
        normalized: multiply by n_fft ** -0.5.
        onesided: keep only the n_fft // 2 + 1 non-negative frequencies (default for real
            input and window).
        return_complex: must be given for real input; True returns a complex tensor, False
            (deprecated) its real view with a trailing dim of 2.

    Returns:
        A Tensor of shape (B?, n_freq, n_frames).

    Example:
        >>> x = ember.arange(8.0)
        >>> ember.stft(x, 4, hop_length=2, window=ember.hann_window(4), return_complex=True)
        tensor([[ 1.+0.j,  4.+0.j,  8.+0.j, 12.+0.j, 12.+0.j],
                [ 0.+0.j, -2.+1.j, -4.+1.j, -6.+1.j, -6.-1.j],
                [-1.+0.j,  0.+0.j,  0.+0.j,  0.+0.j,  0.+0.j]])
    """
    from . import fft as F
    from .complex import view_as_real
    from .nn_misc import pad
    if not isinstance(input, Tensor):
        raise not_tensor("stft", input)
    is_complex = input._dtype.category == D._COMPLEX or (
        window is not None and window._dtype.category == D._COMPLEX)
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    # torch pads (center) in Python first; the kernel then warns, checks return_complex, the
    # dtype and the rank, in that order
    x = input
    shape = list(x.shape)
    if center:
        if pad_mode not in ("reflect", "constant", "replicate", "circular"):
            raise NotImplementedError(f"Unrecognised padding mode {pad_mode}")
        if x._data.ndim in (1, 2):
            batched = x.reshape((1,) * (3 - x._data.ndim) + tuple(x.shape))
            if pad_mode == "reflect" and n_fft // 2 >= x._data.shape[-1]:
                raise RuntimeError(
                    f"Argument #4: Padding size should be less than the corresponding input "
                    f"dimension, but got: padding ({n_fft // 2}, {n_fft // 2}) at dimension 2 of "
                    f"input {list(batched.shape)}")
            x = pad(batched, [n_fft // 2, n_fft // 2], mode=pad_mode).reshape(
                tuple(x.shape[:-1]) + (x._data.shape[-1] + 2 * (n_fft // 2),))
            shape = list(x.shape)
        elif shape:
            shape[-1] += 2 * (n_fft // 2)
        else:  # torch pads a 0-d signal as a (1, 1, 1) one, with pad's own errors
            shape = list(pad(x.reshape(1, 1, 1), [n_fft // 2, n_fft // 2], mode=pad_mode).shape)

    def fail(detail):
        return RuntimeError(
            f"stft({legacy_type_name(x._dtype)}[{', '.join(map(str, shape))}], n_fft={n_fft}, "
            f"hop_length={hop}, win_length={win}, window={_describe_window(window)}, "
            f"normalized={_flag(normalized)}, onesided={_flag(onesided)}, "
            f"return_complex={_flag(return_complex)}, align_to_window={_flag(align_to_window)})"
            f" : {detail}")

    if window is None:
        warn_once("stft window", (
            "A window was not provided. A rectangular window will be applied,which is known to "
            "cause spectral leakage. Other windows such as torch.hann_window or "
            "torch.hamming_window are recommended to reduce spectral leakage.To suppress this "
            "warning and use a rectangular window, explicitly set "
            "`window=torch.ones(n_fft, device=<device>)`."))
    if return_complex is None:
        if not is_complex:
            raise RuntimeError(
                "stft requires the return_complex parameter be given for real inputs, and will "
                "further require that return_complex=True in a future PyTorch release.")
        return_complex = True
    if not return_complex:
        warn_once("stft return_complex", (
            "stft with return_complex=False is deprecated. In a future pytorch release, stft "
            "will return complex tensors for all inputs, and return_complex=False will raise "
            "an error.\nNote: you can still call torch.view_as_real on the complex output to "
            "recover the old return format."))
    if x._dtype.category < D._FLOAT:
        raise fail("expected a tensor of floating point or complex values")
    if x._data.ndim not in (1, 2):
        raise fail("expected a 1D or 2D tensor")
    length = x._data.shape[-1]
    if not 0 < n_fft <= length:
        raise fail(f"expected 0 < n_fft < {length}, but got n_fft={n_fft}")
    if hop <= 0:
        raise fail(f"expected hop_length > 0, but got hop_length={hop}")
    if not 0 < win <= n_fft:
        raise fail(f"expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window._data.ndim != 1 or window._data.shape[0] != win):
        raise fail(f"expected a 1D window tensor of size equal to win_length={win}, but got "
                   f"window with size {list(window.shape)}")
    if onesided is None:
        onesided = not is_complex
    elif onesided and is_complex:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    frames = x.unfold(-1, n_fft, hop)  # (B?, n_frames, n_fft)
    if window is not None:
        if win < n_fft:  # the window sits in the middle of the frame
            left = (n_fft - win) // 2
            window = pad(window, [left, n_fft - win - left])
        frames = frames * window
    elif win < n_fft:
        left = (n_fft - win) // 2
        mask = _backend.namespace_of(x._data).zeros(n_fft, dtype=x._dtype.to_real().np)
        mask[left:left + win] = 1
        frames = frames * Tensor._make(mask)
    norm = "ortho" if normalized else "backward"
    spectrum = F.rfft(frames, dim=-1, norm=norm) if onesided else F.fft(frames, dim=-1,
                                                                          norm=norm)
    # torch transposes in place, and squeezes a 1-D signal's batch dim in place: the grad_fn
    # names (TransposeBackward1, SqueezeBackward4) follow
    if spectrum._data.ndim == 2:
        out = spectrum.unsqueeze(0).transpose_(-1, -2).squeeze_(0)
    else:
        out = spectrum.transpose_(-1, -2)
    return out if return_complex else view_as_real(out)


def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True,
          normalized=False, onesided=None, length=None, return_complex=False):
    """The inverse of ``stft``: inverse-transform each frame, window it, overlap-add, and divide
    by the overlap-added squared window (which must not vanish anywhere).

    Args:
        input: the complex spectrum from ``stft`` (B?, n_freq, n_frames).
        n_fft, hop_length, win_length, window, center, normalized, onesided: as given to stft.
        length: trim or zero-pad the signal to this many samples.
        return_complex: return the complex signal (for a two-sided, complex spectrum).

    Returns:
        The signal, (B?, L).

    Example:
        >>> x = ember.arange(8.0)
        >>> w = ember.hann_window(4)
        >>> ember.istft(ember.stft(x, 4, 2, window=w, return_complex=True), 4, 2, window=w)
        tensor([0., 1., 2., 3., 4., 5., 6., 7.])
    """
    from . import fft as F
    if not isinstance(input, Tensor):
        raise not_tensor("istft", input)
    if window is None:  # warned before any check, once, as torch's kernel does
        warn_once("istft window", (
            "A window was not provided. A rectangular window will be applied.Please provide "
            "the same window used by stft to make the inversion lossless.To suppress this "
            "warning and use a rectangular window, explicitly set "
            "`window=torch.ones(n_fft, device=<device>)`."))
    if input._dtype.category != D._COMPLEX:
        raise RuntimeError("istft requires a complex-valued input tensor matching the output "
                           "from stft with return_complex=True.")
    hop = n_fft // 4 if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length

    given_onesided = onesided
    given_window = window  # the messages name the window given, not the one padded or made

    def fail(detail, sep=" : "):
        return RuntimeError(
            f"istft(CPU{type_name(input._dtype)}Type[{', '.join(map(str, input.shape))}], "
            f"n_fft={n_fft}, hop_length={hop}, win_length={win}, "
            f"window={_describe_window(given_window)}, center={_flag(center)}, "
            f"normalized={_flag(normalized)}, onesided={_flag(given_onesided)}, "
            f"length={length}, return_complex={_flag(return_complex)}){sep}{detail}")

    if input._data.ndim < 2:  # a 1-D spectrum is read with one more (real, imag) dim
        raise IndexError("Dimension out of range (expected to be in range of [-2, 1], but got "
                         "-3)" if input._data.ndim else
                         "Dimension specified as -3 but tensor has no dimensions")
    if input._data.ndim > 3:
        raise fail("expected a tensor with 2 or 3 dimensions of complex dtype")
    n_freq, n_frames = input._data.shape[-2:]
    if onesided is None:
        onesided = n_freq != n_fft
    if onesided and return_complex:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    if onesided and n_freq != n_fft // 2 + 1:
        raise fail("expected the frequency dimension (3rd to the last) of the input tensor to "
                   f"match n_fft / 2 + 1 when onesided=True, but got {n_freq}")
    if not onesided and n_freq != n_fft:
        raise fail("expected the frequency dimension (3rd to the last) of the input tensor to "
                   f"match n_fft when onesided=False, but got {n_freq}")
    if not 0 < win <= n_fft:
        raise fail(f"expected 0 < win_length <= n_fft, but got win_length={win}")
    if window is not None and (window._data.ndim != 1 or window._data.shape[0] != win):
        raise fail("Invalid window shape. window has to be 1D and length of `win_length`")
    real_dt = input._dtype.to_real()
    if window is None:
        window = Tensor._make(_backend.namespace_of(input._data).ones(win, dtype=real_dt.np))
    if win < n_fft:
        from .nn_misc import pad
        left = (n_fft - win) // 2
        window = pad(window, [left, n_fft - win - left])
    norm = "ortho" if normalized else "backward"
    spectrum = input.transpose(-1, -2)  # (B?, n_frames, n_freq)
    if return_complex:
        frames = F.ifft(spectrum, n=n_fft, dim=-1, norm=norm)
    else:
        # A real signal's spectrum is Hermitian: its first n_fft // 2 + 1 bins say it all.
        if not onesided:
            spectrum = spectrum.narrow(-1, 0, n_fft // 2 + 1)
        frames = F.irfft(spectrum, n=n_fft, dim=-1, norm=norm)
    frames = frames * window
    total = n_fft + hop * (n_frames - 1)
    xp = _backend.namespace_of(frames._data)
    positions = (xp.arange(n_frames)[:, None] * hop + xp.arange(n_fft)[None, :]).reshape(-1)
    index = Tensor._make(positions.astype(np.int64))
    batch = tuple(frames.shape[:-2])
    signal = Tensor._zeros(batch + (total,), frames._dtype, frames._device).index_add(
        -1, index, frames.reshape(batch + (-1,)))
    w2 = np.abs(window.detach()._data) ** 2
    envelope = xp.zeros(total, dtype=w2.dtype)
    _backend.scatter_add(envelope, positions, np.tile(w2, n_frames))
    start = n_fft // 2 if center else 0
    if length is not None:
        end = start + length
    else:
        end = total - n_fft // 2 if center else total
    end_clipped = min(end, total)
    if (np.abs(envelope[start:end_clipped]) < 1e-11).any():
        raise fail("window overlap add min: 1\n[ CPUBoolType{} ]", sep=" ")
    envelope = Tensor._make(envelope[start:end_clipped].astype(w2.dtype))
    if batch:
        signal = signal[..., start:end_clipped] / envelope
    else:
        # torch runs an unbatched spectrum as a batch of one and squeezes it at the end
        signal = (signal[start:end_clipped].unsqueeze(0) / envelope).squeeze(0)
    if end > total:
        from .nn_misc import pad
        warn_once("istft.length", "The length of signal is shorter than the length parameter. "
                  "Result is being padded with zeros in the tail. Please check your center "
                  "and hop_length settings.")
        signal = pad(signal, [0, end - total])
    return signal


FUNCTIONS = {
    "hann_window": hann_window, "hamming_window": hamming_window,
    "blackman_window": blackman_window, "bartlett_window": bartlett_window,
    "kaiser_window": kaiser_window, "stft": stft, "istft": istft,
}
METHODS = {"stft": stft, "istft": istft}
