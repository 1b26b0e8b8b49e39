"""Half-precision kernels compute in float32 and round once, as PyTorch's CPU kernels do.

NumPy's float16 and ml_dtypes' bfloat16 round after every ufunc, so an op written as several
array steps (gelu's x * Phi(x), layer_norm's centring and scaling) would round its result
several times and drift from PyTorch by whole units of the last place. Ops whose forward or
backward takes more than one step widen their half-precision arrays here first; the result is
rounded to the op's dtype once, when it is wrapped (forward) or by the derivative registry,
which casts each gradient to its input's dtype (backward).
"""
from __future__ import annotations

import numpy as np


def widened(array):
    """``array`` as float32 when it holds float16 or bfloat16 values, else as it is."""
    if array.dtype.itemsize == 2 and array.dtype.kind in "fV":
        return array.astype(np.float32)
    return array
