"""ember.backends: the switches PyTorch programs flip for their compute libraries.

ember computes with NumPy and SciPy on the CPU and CuPy on a GPU, so most of these switches
have nothing to select: they are stored and reported back as PyTorch reports them, and each
``is_available()`` says truthfully whether ember uses that library here. The ones with an
effect in ember (``cuda.matmul.allow_tf32``, which is the float32 matmul precision) act.
"""
from __future__ import annotations

from . import cpu, cuda, cudnn, mha, mkl, mkldnn, mps, openmp, opt_einsum  # noqa: F401

__all__ = ["cpu", "cuda", "cudnn", "mha", "mkl", "mkldnn", "mps", "openmp", "opt_einsum"]
