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
from enum import Enum

from ...backends.cuda import SDPAParams, can_use_efficient_attention, can_use_flash_attention

__all__ = ["SDPAParams", "SDPBackend", "activate_flash_attention_impl",
           "can_use_efficient_attention", "can_use_flash_attention",
           "current_flash_attention_impl", "list_flash_attention_impls",
           "register_flash_attention_impl", "restore_flash_attention_impl", "sdpa_kernel"]

WARN_FOR_UNFUSED_KERNELS = False


def _import_kernels(module_path):
    """The registration of torch's FA3/FA4: import the kernel package, which ember cannot use
    (they are CUDA kernels), so an installed package still leaves nothing to activate."""
    import importlib
    importlib.import_module(module_path)
    raise RuntimeError(f"the flash-attention kernels of '{module_path}' are CUDA kernels, "
                       f"which ember cannot run")


# name -> the function that installs it (and may return a handle with .remove()).
_IMPLS = {"FA3": lambda: _import_kernels("flash_attn_interface"),
          "FA4": lambda: _import_kernels("flash_attn.cute.interface")}
_active = [None]  # (name, handle) of the activated implementation


def register_flash_attention_impl(impl, *, register_fn):
    """Make a flash-attention implementation available to ``activate_flash_attention_impl``
    under the name ``impl``.

    Args:
        impl (str): its name.
        register_fn: called on activation; it may return a handle whose ``remove()``
            undoes it.

    Example:
        >>> from ember.nn import attention
        >>> attention.register_flash_attention_impl("Mine", register_fn=lambda: None)
        >>> "Mine" in attention.list_flash_attention_impls()
        True
    """
    _IMPLS[impl] = register_fn


def list_flash_attention_impls():
    """The names of the registered flash-attention implementations.

    Example:
        >>> ember.nn.attention.list_flash_attention_impls()[:2]
        ['FA3', 'FA4']
    """
    return list(_IMPLS)


def current_flash_attention_impl():
    """The name of the activated implementation, or None for the default.

    Example:
        >>> print(ember.nn.attention.current_flash_attention_impl())
        None
    """
    return None if _active[0] is None else _active[0][0]


def restore_flash_attention_impl(_raise_warn=True):
    """Go back to the default implementation (removing the activated one's handle).

    Args:
        _raise_warn (bool): log a warning when none was activated.

    Example:
        >>> ember.nn.attention.restore_flash_attention_impl(_raise_warn=False)
    """
    handle = None if _active[0] is None else _active[0][1]
    if handle is not None:
        handle.remove()
    elif _raise_warn:
        import logging
        logging.getLogger(__name__).warning(
            "Trying to restore default FA2 impl when no custom impl was activated")
    _active[0] = None


def activate_flash_attention_impl(impl):
    """Activate the registered implementation ``impl`` (after restoring the default).

    Args:
        impl (str): a name from ``list_flash_attention_impls()``.

    Example:
        >>> from ember.nn import attention
        >>> attention.register_flash_attention_impl("Plain", register_fn=lambda: None)
        >>> attention.activate_flash_attention_impl("Plain")
    """
    restore_flash_attention_impl(_raise_warn=False)
    register = _IMPLS.get(impl)
    if register is None:
        raise ValueError(f"Unknown flash attention impl '{impl}'. Available implementations: "
                         f"{list_flash_attention_impls()}")
    handle = register()
    if handle is not None:
        _active[0] = (impl, handle)


class SDPBackend(Enum):
    """The attention kernels, with torch's numbering. As torch's enum (a C++ one), a member
    converts to its number (``int()``, indexing) but is no int: ``SDPBackend.MATH == 0`` is
    False and members do not order.

    Example:
        >>> from ember.nn.attention import SDPBackend
        >>> SDPBackend.MATH == 0, int(SDPBackend.MATH), str(SDPBackend.FLASH_ATTENTION)
        (False, 0, 'SDPBackend.FLASH_ATTENTION')
    """

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __int__(self):
        return self.value

    __index__ = __int__

    def __hash__(self):
        return hash(self.value)

    def __str__(self):
        return f"SDPBackend.{self.name}"


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
