"""Autocast: regions where matrix products and convolutions run in a lower-precision float.

Inside ``with ember.autocast("cpu", dtype=ember.bfloat16):`` the ops PyTorch lists as safe in
low precision (matmul, mm, bmm, addmm, baddbmm, addbmm, linear, conv*, conv_transpose*, prelu,
scaled_dot_product_attention, einsum/tensordot contractions) cast their floating-point inputs to
the autocast dtype and return results in it; the ops it lists as needing float32 (most losses,
cdist, reflection/replication padding, linalg decompositions...) cast low-precision inputs up
to float32. Every other op runs in the dtype of its inputs. float64 tensors are never cast.

The casts are ordinary ``Tensor.to`` calls, so they record ``ToCopyBackward0`` and gradients
reach float32 parameters in float32. Ops hook in with one line at their top:
``input, weight = cast_lower(input, weight)`` or ``input, target = cast_fp32(input, target)``;
with no autocast region active that costs one thread-local lookup.

Casts of float32 leaf tensors that require grad (the weights) are cached until the outermost
autocast region exits, so a weight used several times is converted once (PyTorch's weight
cache; ``cache_enabled=False`` turns it off).

State is per thread, as in PyTorch: a thread started inside a region does not inherit it.
"""
from __future__ import annotations

import collections.abc
import contextlib
import functools
import threading
import warnings

from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .._device import device as _device_cls
from .._tensor import Tensor
from ..autograd import grad_mode

_DEVICE_TYPES = ("cpu", "cuda")
_SUPPORTED = tuple(d for d in (D.bfloat16, D.float16) if d is not None)
# PyTorch's defaults: bfloat16 on the CPU, float16 on CUDA (float16 too where ml_dtypes, which
# provides bfloat16, is missing).
_DEFAULT_DTYPE = {"cpu": D.bfloat16 or D.float16, "cuda": D.float16}


class _State(threading.local):
    def __init__(self):
        self.enabled = dict.fromkeys(_DEVICE_TYPES, False)
        self.dtype = dict(_DEFAULT_DTYPE)
        self.active = {}            # device type -> dtype, only for devices where autocast is on
        self.nesting = 0
        self.cache_enabled = True
        self.cache = {}             # id(weight) -> (weight, its cast); the weight keeps the id


_state = _State()
# How many threads have autocast on somewhere: ops read this plain global first, so that
# with autocast off they skip the (slower) thread-local lookup.
_threads_on = [0]
_threads_lock = threading.Lock()


def _refresh():
    was_on = bool(_state.active)
    _state.active = {d: _state.dtype[d] for d in _DEVICE_TYPES if _state.enabled[d]}
    if was_on != bool(_state.active):
        with _threads_lock:
            _threads_on[0] += 1 if _state.active else -1


def _type_label(value):
    cls = type(value)
    return f"ember.{cls.__name__}" if cls.__module__.startswith("ember") else cls.__name__


def _class_repr(value):
    """``<class 'ember.device'>``: the public name PyTorch's messages show for its classes."""
    return f"<class '{_type_label(value)}'>" if type(value).__module__.startswith("ember") \
        else str(type(value))


def _device_type(device_type, func="is_autocast_enabled"):
    """Check a device-type string (PyTorch's errors) and give it back."""
    if not isinstance(device_type, str):
        raise TypeError(f"{func}(): argument 'device_type' (position 1) must be str, not "
                        f"{_type_label(device_type)}")
    if device_type not in _DEVICE_TYPES:
        _device_cls(device_type)    # raises PyTorch's message for a malformed device string
        raise RuntimeError("unsupported scalarType")
    return device_type


# --- the state API (torch.is_autocast_enabled, torch.get_autocast_dtype, ...) ----------------

def is_autocast_available(device_type):
    """True for the device types ember can autocast: 'cpu' and 'cuda'."""
    return device_type in _DEVICE_TYPES


def is_autocast_enabled(device_type=None):
    """Whether autocast is on for ``device_type`` ('cuda' when omitted, as in PyTorch)."""
    return _state.enabled[_device_type("cuda" if device_type is None else device_type)]


def set_autocast_enabled(device_type, enabled=None):
    """Turn autocast on or off for a device type (one argument: for 'cuda')."""
    if enabled is None:
        device_type, enabled = "cuda", device_type
    _state.enabled[_device_type(device_type, "set_autocast_enabled")] = bool(enabled)
    _refresh()


def get_autocast_dtype(device_type):
    """The dtype autocast casts to on ``device_type`` (bfloat16 on 'cpu', float16 on 'cuda')."""
    return _state.dtype[_device_type(device_type, "get_autocast_dtype")]


def set_autocast_dtype(device_type, dtype):
    _state.dtype[_device_type(device_type, "set_autocast_dtype")] = D.as_dtype(dtype)
    _refresh()


def _deprecated(old, new):
    warnings.warn(f"ember.{old} is deprecated. Please use ember.{new} instead.",
                  DeprecationWarning, stacklevel=_user_stacklevel())


def is_autocast_cpu_enabled():
    """Deprecated spelling of ``is_autocast_enabled('cpu')``."""
    _deprecated("is_autocast_cpu_enabled()", "is_autocast_enabled('cpu')")
    return _state.enabled["cpu"]


def set_autocast_cpu_enabled(enabled):
    """Deprecated spelling of ``set_autocast_enabled('cpu', enabled)``."""
    _deprecated("set_autocast_cpu_enabled(enabled)", "set_autocast_enabled('cpu', enabled)")
    set_autocast_enabled("cpu", enabled)


def get_autocast_cpu_dtype():
    """Deprecated spelling of ``get_autocast_dtype('cpu')``."""
    _deprecated("get_autocast_cpu_dtype()", "get_autocast_dtype('cpu')")
    return _state.dtype["cpu"]


def set_autocast_cpu_dtype(dtype):
    """Deprecated spelling of ``set_autocast_dtype('cpu', dtype)``."""
    _deprecated("set_autocast_cpu_dtype(dtype)", "set_autocast_dtype('cpu', dtype)")
    set_autocast_dtype("cpu", dtype)


def get_autocast_gpu_dtype():
    """Deprecated spelling of ``get_autocast_dtype('cuda')``."""
    _deprecated("get_autocast_gpu_dtype()", "get_autocast_dtype('cuda')")
    return _state.dtype["cuda"]


def set_autocast_gpu_dtype(dtype):
    """Deprecated spelling of ``set_autocast_dtype('cuda', dtype)``."""
    _deprecated("set_autocast_gpu_dtype(dtype)", "set_autocast_dtype('cuda', dtype)")
    set_autocast_dtype("cuda", dtype)


def is_autocast_cache_enabled():
    return _state.cache_enabled


def set_autocast_cache_enabled(enabled):
    _state.cache_enabled = bool(enabled)


def clear_autocast_cache():
    """Forget the cached low-precision copies of weights."""
    _state.cache.clear()


def autocast_increment_nesting():
    _state.nesting += 1
    return _state.nesting


def autocast_decrement_nesting():
    _state.nesting -= 1
    return _state.nesting


# --- the context manager ---------------------------------------------------------------------

class autocast:
    """Run a region in mixed precision: a context manager, or a decorator for a function.

    Args:
        device_type: 'cpu' or 'cuda' (a string, as ``tensor.device.type``).
        dtype: the lower-precision dtype, ``ember.bfloat16`` or ``ember.float16``; by default
            the device's current autocast dtype (bfloat16 on the CPU, float16 on CUDA).
        enabled: False runs the region without autocast (it still nests and restores).
        cache_enabled: keep low-precision copies of weights for the whole region (default:
            ``is_autocast_cache_enabled()``).
    """

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(  # noqa: TRY004 - PyTorch raises ValueError
                f"Expected `device_type` of type `str`, got: `{_class_repr(device_type)}`")
        self.fast_dtype = get_autocast_dtype(device_type) if dtype is None else dtype
        self.device = device_type
        self._cache_enabled = (is_autocast_cache_enabled() if cache_enabled is None
                               else cache_enabled)
        if enabled:
            if device_type == "cuda":
                from .. import cuda
                if not cuda.is_available():
                    warnings.warn("CUDA is not available or torch_xla is imported. Disabling "
                                  "autocast.", stacklevel=_user_stacklevel())
                    enabled = False
            elif self.fast_dtype not in _SUPPORTED:
                name = device_type.upper()
                warnings.warn(f"In {name} autocast, but the target dtype is not supported. "
                              f"Disabling autocast.\n{name} Autocast only supports dtypes of "
                              + ", ".join(map(str, _SUPPORTED)) + " currently.",
                              stacklevel=_user_stacklevel())
                enabled = False
        self._enabled = enabled

    def __enter__(self):
        self.prev_cache_enabled = _state.cache_enabled
        self.prev = _state.enabled[self.device]
        self.prev_fastdtype = _state.dtype[self.device]
        _state.enabled[self.device] = bool(self._enabled)
        _state.dtype[self.device] = self.fast_dtype
        _refresh()
        autocast_increment_nesting()
        _state.cache_enabled = bool(self._cache_enabled)
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        # The cache lives as long as the outermost region: weights change between steps.
        if autocast_decrement_nesting() == 0:
            clear_autocast_cache()
        _state.enabled[self.device] = self.prev
        _state.dtype[self.device] = self.prev_fastdtype
        _state.cache_enabled = self.prev_cache_enabled
        _refresh()
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(
                f"autocast()(func) requires a callable, but got {type(func).__name__}. Did you "
                "mean to use autocast as a context manager? For example:\n"
                "    with ember.autocast(device_type=...):\n"
                "        output = model(input)")

        @functools.wraps(func)
        def decorate_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorate_autocast


# --- the casts that ops call ------------------------------------------------------------------

def _eligible(value, device_type):
    """A floating-point tensor (never float64) on a device type where autocast is on."""
    return (isinstance(value, Tensor) and value._dtype.category == D._FLOAT
            and value._dtype is not D.float64 and value._device.type == device_type)


def _to_lower(value, active):
    if not isinstance(value, Tensor):
        return value
    target = active.get(value._device.type)
    if target is None or value._dtype is target or not _eligible(value, value._device.type):
        return value
    cacheable = (_state.cache_enabled and value._dtype is D.float32 and value._requires_grad
                 and value.grad_fn is None and value._base is None
                 and grad_mode._state.enabled)
    if not cacheable:
        return value.to(target)
    hit = _state.cache.get(id(value))
    if hit is not None and hit[0] is value and hit[1]._dtype is target:
        return hit[1]
    cast = value.to(target)
    _state.cache[id(value)] = (value, cast)
    return cast


def cast_lower(*tensors):
    """The arguments of an op on the lower-precision list, cast to the autocast dtype.

    Non-tensors (None, numbers) pass through, as do float64 and non-float tensors. One
    argument gives one value back, several a tuple.
    """
    if _threads_on[0]:
        active = _state.active
        if active:
            tensors = tuple(_to_lower(t, active) for t in tensors)
    return tensors[0] if len(tensors) == 1 else tensors


def cast_fp32(*tensors):
    """The arguments of an op on the float32 list: float16/bfloat16 tensors cast to float32
    (one argument gives one value back, several a tuple)."""
    if _threads_on[0]:
        active = _state.active
        if active:
            tensors = tuple(t.to(D.float32) if isinstance(t, Tensor)
                            and t._device.type in active and t._dtype in _SUPPORTED else t
                            for t in tensors)
    return tensors[0] if len(tensors) == 1 else tensors


def lower_dtype(device_type):
    """The dtype autocast casts the lower-precision list to on ``device_type`` right now, or
    None where autocast is off there."""
    return _state.active.get(device_type) if _threads_on[0] else None


@contextlib.contextmanager
def excluded():
    """Run an op's inner steps without autocast (PyTorch casts once, at the op's entry)."""
    active = _state.active
    _state.active = {}
    try:
        yield
    finally:
        _state.active = active


# --- custom autograd Functions ------------------------------------------------------------------

def _cast(value, device_type, dtype):
    """Cast eligible tensors inside (nested) lists, tuples and dicts to ``dtype``."""
    if isinstance(value, Tensor):
        return value.to(dtype) if _eligible(value, device_type) else value
    if isinstance(value, (str, bytes)) or type(value).__module__ == "numpy":
        return value
    if isinstance(value, collections.abc.Mapping):
        return {_cast(k, device_type, dtype): _cast(v, device_type, dtype)
                for k, v in value.items()}
    if isinstance(value, collections.abc.Iterable):
        items = (_cast(v, device_type, dtype) for v in value)
        return type(value)(items) if isinstance(value, (list, tuple)) else items
    return value


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorate a custom Function's ``forward`` for autocast regions.

    With ``cast_inputs``, inside an autocast region the floating-point tensor arguments are
    cast to it and ``forward`` runs with autocast off; otherwise ``forward`` runs under the
    current autocast state, which ``custom_bwd`` then restores for ``backward``.
    """
    if not isinstance(device_type, str):
        raise ValueError(  # noqa: TRY004 - PyTorch raises ValueError
            f"Expected `device_type` of type `str`, got: `{_class_repr(device_type)}`")
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        ctx = args[0]
        ctx._dtype = get_autocast_dtype(device_type)
        if cast_inputs is None:
            ctx._fwd_used_autocast = is_autocast_enabled(device_type)
            return fwd(*args, **kwargs)
        ctx._fwd_used_autocast = False
        if not is_autocast_enabled(device_type):
            return fwd(*args, **kwargs)
        with autocast(device_type=device_type, enabled=False):
            return fwd(*_cast(args, device_type, cast_inputs),
                       **_cast(kwargs, device_type, cast_inputs))
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorate a custom Function's ``backward`` to run under its forward's autocast state."""
    if not isinstance(device_type, str):
        raise ValueError(  # noqa: TRY004 - PyTorch raises ValueError
            f"Expected `device_type` of type `str`, got: `{_class_repr(device_type)}`")
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type=device_type, enabled=ctx._fwd_used_autocast, dtype=ctx._dtype):
            return bwd(*args, **kwargs)
    return decorate_bwd


FUNCTIONS = {"autocast": autocast, "is_autocast_enabled": is_autocast_enabled,
             "set_autocast_enabled": set_autocast_enabled,
             "get_autocast_dtype": get_autocast_dtype, "set_autocast_dtype": set_autocast_dtype,
             "is_autocast_cpu_enabled": is_autocast_cpu_enabled,
             "set_autocast_cpu_enabled": set_autocast_cpu_enabled,
             "get_autocast_cpu_dtype": get_autocast_cpu_dtype,
             "set_autocast_cpu_dtype": set_autocast_cpu_dtype,
             "get_autocast_gpu_dtype": get_autocast_gpu_dtype,
             "set_autocast_gpu_dtype": set_autocast_gpu_dtype,
             "is_autocast_cache_enabled": is_autocast_cache_enabled,
             "set_autocast_cache_enabled": set_autocast_cache_enabled,
             "clear_autocast_cache": clear_autocast_cache,
             "autocast_increment_nesting": autocast_increment_nesting,
             "autocast_decrement_nesting": autocast_decrement_nesting}
