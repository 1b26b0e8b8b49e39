"""``ember.fft``: PyTorch's discrete Fourier transforms (see ember.ops.fft for the math)."""
from __future__ import annotations

from .ops.fft import (
                      fft,
                      fft2,
                      fftfreq,
                      fftn,
                      fftshift,
                      hfft,
                      hfft2,
                      hfftn,
                      ifft,
                      ifft2,
                      ifftn,
                      ifftshift,
                      ihfft,
                      ihfft2,
                      ihfftn,
                      irfft,
                      irfft2,
                      irfftn,
                      rfft,
                      rfft2,
                      rfftfreq,
                      rfftn,
)

__all__ = ["fft", "fft2", "fftfreq", "fftn", "fftshift", "hfft", "hfft2", "hfftn", "ifft",
           "ifft2", "ifftn", "ifftshift", "ihfft", "ihfft2", "ihfftn", "irfft", "irfft2",
           "irfftn", "rfft", "rfft2", "rfftfreq", "rfftn"]
