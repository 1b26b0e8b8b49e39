"""ember.nn.attention: choosing the kernels of ``scaled_dot_product_attention``.

On the CPU ember has torch's two paths: the fused ("flash") one for plain 4-D inputs and the
math one (matmul, softmax, matmul) for everything else, whose float rounding differs
slightly. ``sdpa_kernel`` selects among them through the switches of ``ember.backends.cuda``
(``flash_sdp_enabled()`` and friends), as torch does; with no usable path enabled the call
raises torch's RuntimeError. The memory-efficient and cuDNN kernels are CUDA-only in torch and
absent in ember: enabling them alone leaves no path on the CPU, as in torch.
"""
from __future__ import annotations

import contextlib
from enum import IntEnum

__all__ = ["SDPBackend", "sdpa_kernel"]


class SDPBackend(IntEnum):
    """The attention kernels, with torch's numbering."""

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4


_SWITCHES = {SDPBackend.MATH: "math", SDPBackend.FLASH_ATTENTION: "flash",
             SDPBackend.EFFICIENT_ATTENTION: "mem_efficient",
             SDPBackend.CUDNN_ATTENTION: "cudnn"}


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority=False):
    """Inside the ``with`` block, ``scaled_dot_product_attention`` may use only ``backends``;
    the previous choice is restored on exit.

    Args:
        backends (SDPBackend or list of SDPBackend): the kernels allowed.
        set_priority (bool): try them in the given order (ember has at most one usable path
            per input, so the order changes nothing). Default: False.

    Example:
        >>> from ember.nn.attention import SDPBackend, sdpa_kernel
        >>> with sdpa_kernel([SDPBackend.MATH]):
        ...     ember.backends.cuda.flash_sdp_enabled(), ember.backends.cuda.math_sdp_enabled()
        (False, True)
        >>> ember.backends.cuda.flash_sdp_enabled()
        True
    """
    from ...backends import cuda
    if isinstance(backends, SDPBackend):
        backends = [backends]
    saved = dict(cuda._sdp)
    cuda._sdp.update({switch: backend in backends for backend, switch in _SWITCHES.items()})
    try:
        yield
    finally:
        cuda._sdp.update(saved)
