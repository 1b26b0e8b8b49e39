"""Discrete Fourier transforms (``ember.fft``) on SciPy's pocketfft (CuPy's cuFFT on a GPU).

With X_k = sum_j x_j e^{-2 pi i jk/n}, ``norm`` scales the forward transform by 1 ("backward",
the default), 1/n ("forward") or 1/sqrt(n) ("ortho"), and the inverse by the complement, as
PyTorch does. float32 data gives complex64 spectra, float64 gives complex128; integers and
bools are transformed in the default float type.

Every transform is linear, so its gradient is its adjoint: the transform the other way with the
complementary scaling. For a real input the gradient keeps the real part of that; for the
complex-to-real ``irfft`` each bin other than DC (and Nyquist, for even n) stands for itself
and its mirror image, so its gradient counts twice. Zero-padding and cropping to ``n``/``s``
happen before the transform, as ordinary differentiable ops.
"""
from __future__ import annotations

import functools
import operator

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._device import as_device
from .._tensor import Tensor
from ._registry import grad_fn, not_tensor, py_type_name, record, type_name, wrap

_NORMS = ("backward", "forward", "ortho")
_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _library(arr):
    """SciPy's fft module for NumPy arrays, cupyx.scipy.fft for CuPy ones (lazily imported)."""
    return _backend.fft(_backend.namespace_of(arr))


def _norm(norm):
    if norm is None:
        return "backward"
    if norm not in _NORMS:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _wrap_dim(dim, ndim):
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"fft: dim must be an int or a sequence of ints, got {dim!r}")
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but "
                         f"got {dim})")
    return dim % ndim


def _check_input(name, input):
    if not isinstance(input, Tensor):
        raise not_tensor(f"fft_{name}", input)
    if input._dtype is D.float16 or (D.bfloat16 is not None and input._dtype is D.bfloat16):
        raise RuntimeError(f"Unsupported dtype {type_name(input._dtype)}")


def _promote(input):
    """Integer and bool input is transformed in the default float type."""
    if input._dtype.category < D._FLOAT:
        return input.to(D.get_default_dtype())
    return input


def _resize(input, dims, sizes):
    """Crop (a slice) or zero-pad (at the end) each of ``dims`` to its size in ``sizes``."""
    from .nn_misc import pad
    for d, n in zip(dims, sizes):
        have = input._data.shape[d]
        if n < have:
            input = input.narrow(d, 0, n)
        elif n > have:
            # F.pad's widths run from the last dim backwards, (before, after) per dim.
            widths = [0, 0] * (input._data.ndim - d)
            widths[-1] = n - have
            input = pad(input, widths)
    return input


def _dims_and_sizes(name, input, s, dim, default_all, last_half=False):
    """The transform's dims and signal sizes from PyTorch's (s, dim) arguments."""
    ndim = input._data.ndim
    if dim is not None and not isinstance(dim, (tuple, list)):
        dim = (dim,)
    if s is not None and not isinstance(s, (tuple, list)):
        s = (s,)
    if dim is None:
        if s is not None:
            dims = list(range(ndim - len(s), ndim))
            if len(s) > ndim:
                raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has "
                                   f"{ndim} dimensions.")
        else:
            dims = list(range(ndim)) if default_all else [ndim - 2, ndim - 1]
            if not default_all:
                dims = [_wrap_dim(-2, ndim), _wrap_dim(-1, ndim)]
    else:
        dims = [_wrap_dim(operator.index(d), ndim) for d in dim]
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    if len(set(dims)) != len(dims):
        raise RuntimeError("FFT dims must be unique")
    if s is None:
        sizes = [input._data.shape[d] for d in dims]
        if last_half and dims:
            sizes[-1] = 2 * (sizes[-1] - 1)
    else:
        sizes = []
        for d, n in zip(dims, s):
            n = operator.index(n)
            if n == -1 and not isinstance(s, _Length):
                n = input._data.shape[d]
                if last_half and d == dims[-1]:
                    n = 2 * (n - 1)
            sizes.append(n)
    for n in sizes:
        if n < 1:
            raise RuntimeError(f"Invalid number of data points ({n}) specified")
    return dims, sizes


def _run(fn_name, arr, sizes, dims, norm):
    lib = _library(arr)
    with np.errstate(all="ignore"):
        if fn_name == "irfftn":
            return getattr(lib, fn_name)(arr, s=sizes, axes=dims, norm=norm)
        return getattr(lib, fn_name)(arr, axes=dims, norm=norm)


def _real_full(arr, dims, norm, forward):
    """The full spectrum of a real signal the way PyTorch builds it: the one-sided transform,
    the other half filled in as its mirror image's conjugate (the inverse transform of real
    data is the conjugate of the forward one, with the complementary scaling)."""
    half = _run("rfftn", arr, None, dims, norm if forward else _SWAP[norm])
    xp = _backend.namespace_of(half)
    last, n = dims[-1], arr.shape[dims[-1]]
    m = half.shape[last]
    mirror = half
    for d in dims[:-1]:  # index k -> (-k) mod n along the other transformed dims
        mirror = xp.roll(xp.flip(mirror, d), 1, d)
    rest = xp.take(mirror, xp.arange(n - m, 0, -1), axis=last)
    full = xp.concatenate([half, xp.conj(rest)], axis=last)
    return full if forward else xp.conj(full)


def _complex_dtype(dt):
    return D.complex128 if dt in (D.float64, D.complex128) else D.complex64


# --- the three primitive transforms ----------------------------------------------------------

def _c2c(input, dims, norm, forward):
    """Complex (or real, taken as complex) input to a full complex spectrum over ``dims``."""
    dt = _complex_dtype(input._dtype)
    if input._dtype.category == D._COMPLEX:
        arr = _run("fftn" if forward else "ifftn", input._data, None, dims, norm)
    else:
        arr = _real_full(input._data, dims, norm, forward)
    out = wrap(arr, dt)
    node = FftC2CBackward0 if input._dtype.category == D._COMPLEX else FftR2CBackward0
    return record(out, node, (input,), dims=dims, norm=norm, forward=forward, onesided=False,
                  n_last=None)


def _r2c(input, dims, norm, onesided=True):
    """Real input to the non-negative-frequency half of its spectrum (last of ``dims``)."""
    dt = _complex_dtype(input._dtype)
    out = wrap(_run("rfftn", input._data, None, dims, norm), dt)
    return record(out, FftR2CBackward0, (input,), dims=dims, norm=norm, forward=True,
                  onesided=True, n_last=input._data.shape[dims[-1]])


def _c2r(input, dims, sizes, norm):
    """Half a Hermitian spectrum to the real signal of sizes ``sizes`` (inverse transform)."""
    dt = input._dtype.to_real()
    out = wrap(_run("irfftn", input._data, sizes, dims, norm), dt)
    return record(out, FftC2RBackward0, (input,), dims=dims, norm=norm)


@grad_fn("FftC2CBackward0", complex_aware=True)
def FftC2CBackward0(ctx, grad):
    """The adjoint of a DFT is the opposite DFT with the complementary scaling."""
    return _c2c(grad, ctx.dims, _SWAP[ctx.norm], not ctx.forward)


@grad_fn("FftR2CBackward0", complex_aware=True)
def FftR2CBackward0(ctx, grad):
    """Adjoint of (real input -> spectrum): zero the dropped negative frequencies (for the
    one-sided form), transform back, keep the real part."""
    from .complex import real
    if ctx.onesided:
        grad = _resize(grad, ctx.dims[-1:], [ctx.n_last])
    return real(_c2c(grad, ctx.dims, _SWAP[ctx.norm], not ctx.forward))


@grad_fn("FftC2RBackward0", complex_aware=True)
def FftC2RBackward0(ctx, grad):
    """Adjoint of the Hermitian inverse: the real-to-complex transform of grad, with the bins
    that stand for two (themselves and their mirror) doubled."""
    half = _r2c(grad, ctx.dims, _SWAP[ctx.norm])
    last = ctx.dims[-1]
    n = grad._data.shape[last]
    doubled = n - half._data.shape[last]
    if doubled > 0:
        xp = _backend.namespace_of(half._data)
        weight = xp.ones(half._data.shape[last], dtype=half._data.real.dtype)
        weight[1:1 + doubled] = 2
        shape = [1] * half._data.ndim
        shape[last] = -1
        half = half * Tensor._make(weight.reshape(shape))
    return half


# --- the public transforms -------------------------------------------------------------------

def _fftn_impl(name, input, s, dim, norm, forward, default_all=True):
    _check_input(name, input)
    dims, sizes = _dims_and_sizes(name, input, s, dim, default_all)
    norm = _norm(norm)
    x = _resize(_promote(input), dims, sizes)
    if not dims:
        return x.to(_complex_dtype(x._dtype)) if x._dtype.category != D._COMPLEX else x
    return _c2c(x, dims, norm, forward)


def _rfftn_impl(name, input, s, dim, norm, default_all=True):
    _check_input(name, input)
    if input._dtype.category == D._COMPLEX:
        # the n-D transforms say rfftn and "real-valued"
        raise RuntimeError(f"rfftn expects a real-valued input tensor, but got "
                           f"{type_name(input._dtype)}" if name != "rfft" else
                           f"rfft expects a real input tensor, but got "
                           f"{type_name(input._dtype)}")
    dims, sizes = _dims_and_sizes(name, input, s, dim, default_all)
    _some_dims("rfftn", dims)
    norm = _norm(norm)
    x = _resize(_promote(input), dims, sizes)
    return _r2c(x, dims, norm)


def _some_dims(kind, dims):
    """The real-signal transforms need a dim: torch's error for none."""
    if not dims:
        raise RuntimeError(f"{kind} must transform at least one axis")


def _irfftn_impl(name, input, s, dim, norm, default_all=True):
    _check_input(name, input)
    dims, sizes = _dims_and_sizes(name, input, s, dim, default_all, last_half=True)
    _some_dims("hfftn" if name.startswith("hfft") else "irfftn", dims)
    norm = _norm(norm)
    x = _promote(input)
    if x._dtype.category != D._COMPLEX:
        x = x.to(_complex_dtype(x._dtype))
    half = sizes[:-1] + [sizes[-1] // 2 + 1]
    x = _resize(x, dims, half)
    return _c2r(x, dims, sizes, norm)


class _Length(tuple):
    """A 1-D transform's ``n`` as the n-D ``s``. Unlike an entry of ``s``, where -1 means "the
    input's size", ``n`` must be a positive length (checked with the dims, after them)."""


def _check_int_argument(name, arg, value, position=None):
    """PyTorch's parser's refusal of a 1-D transform's ``n`` or ``dim`` that is not an int: n may
    be None (the input's size), dim may not. The text names the position of an argument given
    by position."""
    if (value is not None or arg == "dim") and (isinstance(value, bool) or
                                                not isinstance(value, (int, np.integer))):
        where = "" if position is None else f" (position {position})"
        raise TypeError(f"fft_{name}(): argument '{arg}'{where} must be int, not "
                        f"{py_type_name(value)}")


def _positional_arguments(transform):
    """A 1-D transform whose ``n`` and ``dim``, when given by position, are checked first, so
    that the error names their positions (2 and 3) as PyTorch's parser does."""
    @functools.wraps(transform)
    def checked(input, *args, **kwargs):
        for position, (arg, value) in enumerate(zip(("n", "dim"), args), start=2):
            _check_int_argument(transform.__name__, arg, value, position)
        return transform(input, *args, **kwargs)
    return checked


def _length(name, n, dim):
    """``(n,)`` and ``(dim,)`` of a 1-D transform, refused as PyTorch's argument parser does
    (dim before the input's dtype)."""
    for arg, value in (("n", n), ("dim", dim)):
        _check_int_argument(name, arg, value)
    return (None if n is None else _Length((int(n),))), (dim,)


@_positional_arguments
def fft(input, n=None, dim=-1, norm=None, *, out=None):
    """The 1-D discrete Fourier transform X_k = sum_j x_j e^{-2 pi i jk/n} along ``dim``.

    Args:
        input: a real or complex Tensor.
        n: the signal length: the input is cropped or zero-padded to it (default: its size).
        dim: the dimension to transform.
        norm: "backward" (no scaling, the default), "forward" (1/n) or "ortho" (1/sqrt(n)).

    Returns:
        A complex Tensor (complex64 for float32 input).

    Example:
        >>> ember.fft.fft(ember.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor([10.+0.j, -2.+2.j, -2.+0.j, -2.-2.j])
    """
    return _fftn_impl("fft", input, *_length("fft", n, dim), norm, True)


@_positional_arguments
def ifft(input, n=None, dim=-1, norm=None, *, out=None):
    """The 1-D inverse DFT x_j = (1/n) sum_k X_k e^{2 pi i jk/n} along ``dim``.

    Args:
        input: a real or complex Tensor.
        n: the signal length (crop or zero-pad to it).
        dim: the dimension to transform.
        norm: "backward" (1/n, the default), "forward" (no scaling) or "ortho" (1/sqrt(n)).

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.ifft(ember.tensor([10.0, -2.0, -2.0, -2.0]))
        tensor([1.-0.j, 3.-0.j, 3.-0.j, 3.+0.j])
    """
    return _fftn_impl("ifft", input, *_length("ifft", n, dim), norm, False)


def fft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The 2-D DFT over ``dim`` (the last two dims by default).

    Args:
        input: a Tensor.
        s: signal sizes per transformed dim (crop or zero-pad to them).
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho" (see ``fft``).

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.fft2(ember.tensor([[1.0, 2.0], [3.0, 4.0]]))
        tensor([[10.+0.j, -2.+0.j],
                [-4.+0.j,  0.+0.j]])
    """
    return _fftn_impl("fft2", input, s, dim, norm, True)


def ifft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The 2-D inverse DFT over ``dim``.

    Args:
        input: a Tensor.
        s: signal sizes per transformed dim.
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho" (see ``ifft``).

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.ifft2(ember.tensor([[4.0 + 0j, 2j], [0j, 0j]]))
        tensor([[1.+0.5000j, 1.-0.5000j],
                [1.+0.5000j, 1.-0.5000j]])
    """
    return _fftn_impl("ifft2", input, s, dim, norm, False)


def fftn(input, s=None, dim=None, norm=None, *, out=None):
    """The N-D DFT over ``dim`` (all dims by default, or the last len(s) when ``s`` is given).

    Args:
        input: a Tensor.
        s: signal sizes per transformed dim.
        dim: the dims to transform.
        norm: "backward", "forward" or "ortho" (see ``fft``).

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.fftn(ember.ones(2, 2))
        tensor([[4.+0.j, 0.+0.j],
                [0.+0.j, 0.+0.j]])
    """
    return _fftn_impl("fftn", input, s, dim, norm, True)


def ifftn(input, s=None, dim=None, norm=None, *, out=None):
    """The N-D inverse DFT over ``dim`` (all dims by default).

    Args:
        input: a Tensor.
        s: signal sizes per transformed dim.
        dim: the dims to transform.
        norm: "backward", "forward" or "ortho" (see ``ifft``).

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.ifftn(ember.tensor([[4.0 + 0j, 2j], [0j, 0j]]))
        tensor([[1.+0.5000j, 1.-0.5000j],
                [1.+0.5000j, 1.-0.5000j]])
    """
    return _fftn_impl("ifftn", input, s, dim, norm, False)


@_positional_arguments
def rfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The DFT of a real signal, keeping the n//2 + 1 non-negative frequencies.

    Args:
        input: a real Tensor.
        n: the signal length (crop or zero-pad to it).
        dim: the dimension to transform.
        norm: "backward", "forward" or "ortho" (see ``fft``).

    Returns:
        A complex Tensor with n//2 + 1 entries along ``dim``.

    Example:
        >>> ember.fft.rfft(ember.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor([10.+0.j, -2.+2.j, -2.+0.j])
    """
    return _rfftn_impl("rfft", input, *_length("rfft", n, dim), norm)


@_positional_arguments
def irfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The inverse of ``rfft``: the real signal of length n whose spectrum has ``input`` as its
    non-negative half (imaginary parts of the DC and Nyquist bins are ignored).

    Args:
        input: a complex (or real) Tensor, the one-sided spectrum.
        n: the output length (default 2 * (size - 1)).
        dim: the dimension to transform.
        norm: "backward" (1/n, the default), "forward" or "ortho".

    Returns:
        A real Tensor (float32 for complex64 input).

    Example:
        >>> ember.fft.irfft(ember.tensor([10 + 0j, -2 + 2j, -2 + 0j]))
        tensor([1., 2., 3., 4.])
    """
    return _irfftn_impl("irfft", input, *_length("irfft", n, dim), norm)


def rfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The 2-D DFT of a real tensor, one-sided along the last of ``dim``.

    Args:
        input: a real Tensor.
        s: signal sizes per transformed dim.
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho".

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.rfft2(ember.ones(2, 2))
        tensor([[4.+0.j, 0.+0.j],
                [0.+0.j, 0.+0.j]])
    """
    return _rfftn_impl("rfft2", input, s, dim, norm)


def irfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The inverse of ``rfft2``.

    Args:
        input: a complex Tensor, one-sided along the last of ``dim``.
        s: output sizes per transformed dim (the last defaults to 2 * (size - 1)).
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho".

    Returns:
        A real Tensor.

    Example:
        >>> ember.fft.irfft2(ember.tensor([[4 + 0j, 0j], [0j, 0j]]))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _irfftn_impl("irfft2", input, s, dim, norm)


def rfftn(input, s=None, dim=None, norm=None, *, out=None):
    """The N-D DFT of a real tensor, one-sided along the last transformed dim.

    Args:
        input: a real Tensor.
        s: signal sizes per transformed dim.
        dim: the dims to transform (default all).
        norm: "backward", "forward" or "ortho".

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.rfftn(ember.ones(2, 2))
        tensor([[4.+0.j, 0.+0.j],
                [0.+0.j, 0.+0.j]])
    """
    return _rfftn_impl("rfftn", input, s, dim, norm)


def irfftn(input, s=None, dim=None, norm=None, *, out=None):
    """The inverse of ``rfftn``.

    Args:
        input: a complex Tensor, one-sided along the last transformed dim.
        s: output sizes per transformed dim.
        dim: the dims to transform (default all).
        norm: "backward", "forward" or "ortho".

    Returns:
        A real Tensor.

    Example:
        >>> ember.fft.irfftn(ember.tensor([[4 + 0j, 0j], [0j, 0j]]))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _irfftn_impl("irfftn", input, s, dim, norm)


def _hermitian_impl(name, input, s, dim, norm, default_all):
    """hfft family: the forward DFT of a Hermitian signal given by its half, a real result:
    hfftn(x) = irfftn(conj(x)) with the complementary scaling."""
    from .complex import conj
    _check_input(name, input)
    _some_dims("hfftn", _dims_and_sizes(name, input, s, dim, default_all, last_half=True)[0])
    norm = _norm(norm)
    x = _promote(input)
    return _irfftn_impl(name, conj(x), s, dim, _SWAP[norm], default_all)


def _ihermitian_impl(name, input, s, dim, norm, default_all):
    """ihfft family: the inverse of ``hfft``, conj(rfftn(x)) with the complementary scaling.

    Over several dims it runs as PyTorch does: the one-sided transform of the last dim,
    conjugated, then the inverse transform of the others.
    """
    from .complex import conj, conj_physical
    _check_input(name, input)
    if input._dtype.category == D._COMPLEX and name == "ihfft":
        raise RuntimeError(f"{name} expects a real input tensor, but got "
                           f"{type_name(input._dtype)}")
    dims, sizes = _dims_and_sizes(name, input, s, dim, default_all)
    _some_dims("ihfftn", dims)
    norm = _norm(norm)
    if input._dtype.category == D._COMPLEX:  # the n-D forms check dims and norm first
        raise RuntimeError("Only supports floating-point dtypes, but found: "
                           f"{type_name(input._dtype)}")
    x = _resize(_promote(input), dims, sizes)
    if len(dims) == 1:
        return conj(_r2c(x, dims, _SWAP[norm]))
    half = conj_physical(_r2c(x, dims[-1:], _SWAP[norm]))
    return _c2c(half, dims[:-1], norm, False)


@_positional_arguments
def hfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The DFT of a Hermitian-symmetric signal given by its first half: a real spectrum.

    Args:
        input: the half signal (complex; real is taken as complex).
        n: the output length (default 2 * (size - 1)).
        dim: the dimension to transform.
        norm: "backward" (no scaling, the default), "forward" (1/n) or "ortho".

    Returns:
        A real Tensor.

    Example:
        >>> ember.fft.hfft(ember.tensor([1 + 0j, 2 + 0j, 3 + 0j]))
        tensor([ 8., -2.,  0., -2.])
    """
    return _hermitian_impl("hfft", input, *_length("hfft", n, dim), norm, True)


@_positional_arguments
def ihfft(input, n=None, dim=-1, norm=None, *, out=None):
    """The inverse of ``hfft``: the one-sided inverse DFT of a real signal.

    Args:
        input: a real Tensor.
        n: the signal length (crop or zero-pad to it).
        dim: the dimension to transform.
        norm: "backward" (1/n, the default), "forward" or "ortho".

    Returns:
        A complex Tensor with n//2 + 1 entries along ``dim``.

    Example:
        >>> ember.fft.ihfft(ember.tensor([8.0, -2.0, 0.0, -2.0]))
        tensor([1.-0.j, 2.-0.j, 3.-0.j])
    """
    return _ihermitian_impl("ihfft", input, *_length("ihfft", n, dim), norm, True)


def hfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The 2-D ``hfft``: a real result from half a Hermitian signal.

    Args:
        input: a complex Tensor, halved along the last of ``dim``.
        s: output sizes per transformed dim.
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho".

    Returns:
        A real Tensor.

    Example:
        >>> ember.fft.hfft2(ember.tensor([[1 + 0j, 0j], [0j, 0j]]))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _hermitian_impl("hfft2", input, s, dim, norm, True)


def ihfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    """The inverse of ``hfft2``.

    Args:
        input: a real Tensor.
        s: signal sizes per transformed dim.
        dim: the two dims to transform.
        norm: "backward", "forward" or "ortho".

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.ihfft2(ember.tensor([[1.0, 2.0, 0.0], [3.0, 5.0, 1.0]]))
        tensor([[ 2.-0.0000j,  0.+0.8660j],
                [-1.+0.0000j,  0.-0.2887j]])
    """
    return _ihermitian_impl("ihfft2", input, s, dim, norm, True)


def hfftn(input, s=None, dim=None, norm=None, *, out=None):
    """The N-D ``hfft``.

    Args:
        input: a complex Tensor, halved along the last transformed dim.
        s: output sizes per transformed dim.
        dim: the dims to transform (default all).
        norm: "backward", "forward" or "ortho".

    Returns:
        A real Tensor.

    Example:
        >>> ember.fft.hfftn(ember.tensor([[1 + 0j, 0j], [0j, 0j]]))
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _hermitian_impl("hfftn", input, s, dim, norm, True)


def ihfftn(input, s=None, dim=None, norm=None, *, out=None):
    """The inverse of ``hfftn``.

    Args:
        input: a real Tensor.
        s: signal sizes per transformed dim.
        dim: the dims to transform (default all).
        norm: "backward", "forward" or "ortho".

    Returns:
        A complex Tensor.

    Example:
        >>> ember.fft.ihfftn(ember.tensor([[1.0, 2.0, 0.0], [3.0, 5.0, 1.0]]))
        tensor([[ 2.-0.0000j,  0.+0.8660j],
                [-1.+0.0000j,  0.-0.2887j]])
    """
    return _ihermitian_impl("ihfftn", input, s, dim, norm, True)


# --- frequencies and shifts ------------------------------------------------------------------

def _frequencies(name, n, d, dtype, device, requires_grad, one_sided, out):
    from .creation import _finish
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"{name}(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    # rfftfreq's n // 2 + 1 values, with C's division (truncating): n = -1 gives one value
    count = (abs(n) // 2 * (1 if n >= 0 else -1) + 1) if one_sided else n
    if count < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {count}: [{count}]")
    dt = D.get_default_dtype() if dtype is None else D.as_dtype(dtype)
    if dt.category < D._FLOAT:
        raise RuntimeError(f"{name[4:]} requires a floating point or complex dtype")
    xp = _backend.namespace(as_device(device))
    result = _finish(_frequency_values(n, count, d, one_sided, xp).astype(dt.np), dtype, device,
                     requires_grad)
    if out is None:
        return result
    from ._out import store
    return store(result, out)


def _frequency_values(n, count, d, one_sided, xp):
    """``count`` frequencies k / (n d): k = 0, 1, ... (and the negative half of an fftfreq);
    n = 0 or d = 0 divide by zero, as torch does (rfftfreq(0) is [nan])."""
    k = xp.arange(count, dtype=np.float64)
    if not one_sided:
        k[(n + 1) // 2:] -= n
    with np.errstate(all="ignore"):
        return k / (n * d)


def fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, pin_memory=False,
            requires_grad=False):
    """The sample frequencies of an n-point ``fft``: [0, 1, ..., -(n//2), ..., -1] / (n d).

    Args:
        n: the signal length.
        d: the sample spacing (the inverse of the sampling rate).
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor of n frequencies.

    Example:
        >>> ember.fft.fftfreq(5)
        tensor([ 0.0000,  0.2000,  0.4000, -0.4000, -0.2000])
    """
    return _frequencies("fft_fftfreq", n, d, dtype, device, requires_grad, False, out)


def rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, pin_memory=False,
             requires_grad=False):
    """The sample frequencies of an n-point ``rfft``: [0, 1, ..., n//2] / (n d).

    Args:
        n: the signal length.
        d: the sample spacing.
        dtype, device, requires_grad: as for ``ember.zeros``.

    Returns:
        A 1-D Tensor of n//2 + 1 frequencies.

    Example:
        >>> ember.fft.rfftfreq(6, 0.5)
        tensor([0.0000, 0.3333, 0.6667, 1.0000])
    """
    return _frequencies("fft_rfftfreq", n, d, dtype, device, requires_grad, True, out)


def _shift(name, input, dim, sign):
    from .shape import roll
    if not isinstance(input, Tensor):
        raise not_tensor(f"fft_{name}", input)
    ndim = input._data.ndim
    if dim is None:
        dims = list(range(ndim))
    else:
        dims = [_wrap_dim(d, ndim) for d in ((dim,) if isinstance(dim, int) else dim)]
    if not dims:
        raise RuntimeError("`shifts` required")
    shifts = [sign * (input._data.shape[d] // 2) for d in dims]
    return roll(input, shifts, dims)


def fftshift(input, dim=None):
    """Move the zero frequency to the centre: roll each of ``dim`` (default all) by size//2.

    Args:
        input: a Tensor in ``fft`` order.
        dim: the dims to shift.

    Returns:
        A Tensor of the same shape.

    Example:
        >>> ember.fft.fftshift(ember.fft.fftfreq(4))
        tensor([-0.5000, -0.2500,  0.0000,  0.2500])
    """
    return _shift("fftshift", input, dim, 1)


def ifftshift(input, dim=None):
    """The inverse of ``fftshift``: roll each of ``dim`` (default all) by -(size//2).

    Args:
        input: a Tensor with the zero frequency in the centre.
        dim: the dims to shift.

    Returns:
        A Tensor of the same shape.

    Example:
        >>> ember.fft.ifftshift(ember.tensor([-0.5, -0.25, 0.0, 0.25]))
        tensor([ 0.0000,  0.2500, -0.5000, -0.2500])
    """
    return _shift("ifftshift", input, dim, -1)


FFT = {
    "fft": fft, "ifft": ifft, "fft2": fft2, "ifft2": ifft2, "fftn": fftn, "ifftn": ifftn,
    "rfft": rfft, "irfft": irfft, "rfft2": rfft2, "irfft2": irfft2, "rfftn": rfftn,
    "irfftn": irfftn, "hfft": hfft, "ihfft": ihfft, "hfft2": hfft2, "ihfft2": ihfft2,
    "hfftn": hfftn, "ihfftn": ihfftn, "fftfreq": fftfreq, "rfftfreq": rfftfreq,
    "fftshift": fftshift, "ifftshift": ifftshift,
}
