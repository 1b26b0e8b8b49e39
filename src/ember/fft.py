"""``ember.fft``: PyTorch's discrete Fourier transforms (see ember.ops.fft for the math)."""
from __future__ import annotations

from .ops import fft as _ops
from .ops._out import with_out as _with_out


def _taking_out(name):
    """The transform ``name`` with PyTorch's ``out=`` keyword."""
    return _with_out("fft." + name, getattr(_ops, name))


fft, ifft, fft2, ifft2 = (_taking_out(n) for n in ("fft", "ifft", "fft2", "ifft2"))
fftn, ifftn, rfft, irfft = (_taking_out(n) for n in ("fftn", "ifftn", "rfft", "irfft"))
rfft2, irfft2, rfftn, irfftn = (_taking_out(n) for n in ("rfft2", "irfft2", "rfftn", "irfftn"))
hfft, ihfft, hfft2, ihfft2 = (_taking_out(n) for n in ("hfft", "ihfft", "hfft2", "ihfft2"))
hfftn, ihfftn = _taking_out("hfftn"), _taking_out("ihfftn")
fftfreq, rfftfreq = _ops.fftfreq, _ops.rfftfreq
fftshift, ifftshift = _ops.fftshift, _ops.ifftshift

__all__ = ["fft", "fft2", "fftfreq", "fftn", "fftshift", "hfft", "hfft2", "hfftn", "ifft",
           "ifft2", "ifftn", "ifftshift", "ihfft", "ihfft2", "ihfftn", "irfft", "irfft2",
           "irfftn", "rfft", "rfft2", "rfftfreq", "rfftn"]

# Calls with Tensor subclasses, duck types or an active mode go through __torch_function__.
from ._subclass import dispatch_namespace as _dispatch_namespace  # noqa: E402

_dispatch_namespace(globals(), "ember.fft")
