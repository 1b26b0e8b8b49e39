"""The array backend: which library holds a device's arrays, and the calls they spell differently.

``cpu`` arrays are NumPy's (special functions, FFT and linear algebra from NumPy/SciPy);
``cuda:N`` arrays are CuPy's (``cupyx.scipy.special``, ``cupy.fft``, ``cupy.linalg``), or, when
the environment variable ``EMBER_CUDA_STANDIN`` is set, the strict stand-in's
(``ember._backend_standin``), which refuses what CuPy refuses so that CPU-only CI finds ops that
would leave the device.

How ops use it: NumPy's ufuncs and array functions already dispatch on CuPy arrays
(``__array_ufunc__``/``__array_function__``), so ``np.exp(x)`` or ``np.concatenate(xs)`` on the
inputs' arrays stay on their device at no cost on the CPU path. What does not dispatch is
creating an array from nothing (``np.zeros(shape)``), converting (``np.asarray``, ``np.array``)
and ``np.random``: those take ``xp`` from the inputs (``namespace_of(array)``) or from the
device (``namespace(device)``). The few functions CuPy lacks or names differently have one
shim each here (``scatter_add``, ``accumulate``, ``as_strided``, ``sliding_window_view``,
``special``, ``fft``, ``linalg``).
"""
from __future__ import annotations

import os

import numpy as np

_ndarray = np.ndarray


def _standin_count():
    """How many stand-in CUDA devices ``EMBER_CUDA_STANDIN`` asks for (0: none)."""
    value = os.environ.get("EMBER_CUDA_STANDIN", "").strip()
    if value in ("", "0"):
        return 0
    return int(value) if value.isdigit() else 1


STANDIN_DEVICES = _standin_count()
_NAMESPACES = {}


def _cupy():
    try:
        import cupy
    except ImportError:
        raise RuntimeError(
            "ember was asked for a CUDA tensor, but CuPy is not installed. Install the GPU extra "
            "(pip install -e '.[gpu]' from a checkout of ember) on a machine with an NVIDIA "
            "GPU.") from None
    return cupy


def cuda_device_count():
    """The number of CUDA devices: the stand-in's, or CuPy's (0 without CuPy or a driver)."""
    if STANDIN_DEVICES:
        return STANDIN_DEVICES
    try:
        import cupy
    except ImportError:
        return 0
    try:
        return cupy.cuda.runtime.getDeviceCount()
    except cupy.cuda.runtime.CUDARuntimeError:  # no driver or no GPU
        return 0


def check_index(index):
    """RuntimeError in torch's words for a CUDA device index that does not exist; with no CUDA
    device at all, the AssertionError torch raises when it was built without CUDA."""
    count = cuda_device_count()
    if count == 0:
        from .cuda import _require
        _require()
    if index < 0 or index >= count:
        raise RuntimeError("CUDA error: invalid device ordinal")


def namespace(dev):
    """The array module for a device: numpy for ``cpu``, cupy (or the stand-in) for cuda, the
    shape-only arrays of ``_backend_meta`` for ``meta``."""
    if dev.type != "cuda":
        return _meta_namespace() if dev.type == "meta" else np
    index = dev.index or 0
    xp = _NAMESPACES.get(index)
    if xp is None:
        check_index(index)
        if STANDIN_DEVICES:
            from . import _backend_standin
            xp = _backend_standin.Namespace(index)
        else:
            xp = _CupyNamespace(_cupy(), index)
        _NAMESPACES[index] = xp
    return xp


def namespace_of(array):
    """The array module of an array (numpy for NumPy arrays and scalars)."""
    if type(array) is _ndarray or isinstance(array, (np.ndarray, np.generic)):
        return np
    if getattr(array, "_is_meta", False):
        return _meta_namespace()
    from ._device import device
    return namespace(device("cuda", device_index(array)))


def common_namespace(*values):
    """The array module of the first device array among ``values`` (numpy when there is none:
    Python numbers, NumPy arrays and scalars)."""
    for value in values:
        if not (type(value) is _ndarray or isinstance(value, (np.ndarray, np.generic, bool, int,
                                                               float, complex))):
            return namespace_of(value)
    return np


def _meta_namespace():
    from ._backend_meta import NAMESPACE
    return NAMESPACE


def is_host(array):
    return isinstance(array, (np.ndarray, np.generic))


def device_index(array):
    """The CUDA device index of a device array."""
    return getattr(array.device, "id", 0)


def address(array):
    """The byte address of an array's first element (on its device for a device array)."""
    return array.__array_interface__["data"][0] if isinstance(array, (np.ndarray, np.generic)) \
        else array.data.ptr


def memory_owner(array):
    """An object that lives exactly as long as ``array``'s memory (views keep it alive): the
    array itself for NumPy and CuPy, whose views hold their base; the NumPy data inside a
    stand-in array, whose wrappers are made afresh for every view."""
    if STANDIN_DEVICES and not isinstance(array, np.ndarray):
        return array._a
    return array


def memory_handles(array):
    """For a device array that owns its memory outright, the objects every array sharing that
    memory also holds (so their reference counts show whether anything else can see it):
    the NumPy data inside a stand-in array, CuPy's memory pointer and its memory. None for a
    view, a meta array, or memory a stand-in array took from elsewhere (DLPack)."""
    if getattr(array, "_is_meta", False):
        return None
    if STANDIN_DEVICES:
        data = array._a
        return (data,) if data.base is None else None
    if array.base is not None:
        return None
    return array.data, array.data.mem


def views(view, array):
    """Whether device array ``view`` is a view of ``array``'s memory (``array`` owning it)."""
    if STANDIN_DEVICES:
        return view._a.base is array._a
    return view.base is array


def standin_array(data, index):
    """A stand-in device array over NumPy ``data`` (the inverse of ``memory_owner``)."""
    from ._backend_standin import ndarray
    return ndarray(data, index)


def byte_bounds(array):
    """(low, high): the byte addresses an array's elements span, ``high`` exclusive, as NumPy's
    ``byte_bounds`` gives them; worked out from shape and strides, so a device array and NumPy
    1.x (which keeps the function elsewhere) have them too."""
    low = high = address(array)
    if array.size == 0:
        return low, low
    for size, stride in zip(array.shape, array.strides):
        if stride < 0:
            low += (size - 1) * stride
        else:
            high += (size - 1) * stride
    return low, high + array.itemsize


def to_host(array):
    """A NumPy array of ``array`` (itself when it is one; a copy from a device)."""
    return array if isinstance(array, np.ndarray) else array.get()


def to_device(array, dev):
    """``array`` on device ``dev``: copied over when it lives elsewhere, itself otherwise (to the
    meta device only its shape and dtype go; from it nothing can)."""
    if dev.type == "meta":
        from ._backend_meta import to_meta
        return to_meta(array)
    if getattr(array, "_is_meta", False):
        array.get()  # raises: a meta array has nothing to copy
    if dev.type != "cuda":
        return to_host(array)
    xp = namespace(dev)
    index = dev.index or 0
    if not is_host(array):
        if device_index(array) == index:
            return array
        array = array.get()
    if STANDIN_DEVICES:
        return xp.asarray(array)
    with xp.cuda.Device(index):
        return xp.asarray(array)


_CREATION = frozenset(("zeros", "ones", "empty", "full", "eye", "identity", "arange", "linspace",
                       "logspace", "tri", "asarray", "array", "ascontiguousarray", "zeros_like",
                       "ones_like", "empty_like", "full_like"))


class _CupyNamespace:
    """CuPy as the array module of ``cuda:N``: CuPy's own names, plus the three ember takes
    from cupyx under the names the stand-in's namespace and a capture's recording namespace
    have too (``scatter_add``, ``special``, ``fft``), so that every device call goes through
    ``xp`` and a compiled region records it. For N > 0 its creation functions allocate under
    device N."""

    def __init__(self, cupy, index):
        import cupyx
        import cupyx.scipy.fft
        import cupyx.scipy.special
        self._cupy, self._index = cupy, index
        self.scatter_add = cupyx.scatter_add
        self.special = cupyx.scipy.special
        self.fft = cupyx.scipy.fft

    def __getattr__(self, name):
        fn = getattr(self._cupy, name)
        if name not in _CREATION or not self._index:
            setattr(self, name, fn)  # kept: later reads of the name skip __getattr__
            return fn
        device = self._cupy.cuda.Device(self._index)

        def create(*args, **kwargs):
            with device:
                return fn(*args, **kwargs)
        return create


# -- what the libraries spell differently ----------------------------------------------------
def scatter_add(target, index, values):
    """target[index] += values in place, where repeated indices add up (``np.add.at``)."""
    if isinstance(target, np.ndarray):  # NumPy arrays and subclasses (compile's traced ones)
        np.add.at(target, index, values)
    elif getattr(target, "_is_meta", False):
        return  # a meta array has no data to write
    else:
        namespace_of(target).scatter_add(target, index, values)


# The ufuncs whose ``at`` CuPy runs with a scatter kernel.
_SCATTER_AT = frozenset(("add", "subtract", "maximum", "minimum", "bitwise_and", "bitwise_or",
                         "bitwise_xor"))


def ufunc_at(ufunc, target, index, values):
    """``ufunc.at(target, index, values)``: unbuffered in place, repeated indices each taking
    effect, on any backend.

    CuPy has ``at`` only for a few ufuncs; for the others (multiply...) the updates are applied
    in rounds: round k applies every index's k-th occurrence, so no round repeats an index.
    """
    if isinstance(target, np.ndarray) or ufunc.__name__ in _SCATTER_AT:
        ufunc.at(target, index, values)
        return
    xp = namespace_of(target)
    positions = xp.arange(target.size).reshape(target.shape)[index]
    values = xp.broadcast_to(xp.asarray(values, dtype=target.dtype), positions.shape)
    positions, values = positions.reshape(-1), values.reshape(-1)
    order = xp.argsort(positions, kind="stable")
    positions, values = positions[order], values[order]
    count = positions.size
    steps = xp.arange(count)
    starts = xp.ones(count, dtype=bool)
    starts[1:] = positions[1:] != positions[:-1]
    rank = steps - accumulate(np.maximum, xp.where(starts, steps, 0), 0)
    contiguous = target.flags.c_contiguous  # then reshape gives a view to write through
    flat = (target if contiguous else target.copy()).reshape(-1)
    for k in range(int(rank.max()) + 1 if count else 0):
        chosen = rank == k
        where = positions[chosen]
        flat[where] = ufunc(flat[where], values[chosen])
    if not contiguous:
        target[...] = flat.reshape(target.shape)


def ascontiguousarray(array):
    """``array`` in C order: itself when it already is, else a copy, on its own device (NumPy's
    ``ascontiguousarray`` would pull a device or meta array to the host)."""
    if type(array) is _ndarray:
        return np.ascontiguousarray(array)
    return namespace_of(array).ascontiguousarray(array)


def accumulate(ufunc, array, axis):
    """``ufunc.accumulate(array, axis)`` (running maximum, minimum...) on any backend.

    CuPy accumulates only add and multiply; for the others the running result is built in
    ceil(log2(n)) steps, each combining every element with the one 2**k before it
    (Hillis-Steele), which gives the same values since these ufuncs are associative.
    """
    if isinstance(array, np.ndarray) or ufunc.__name__ in ("add", "multiply") or \
            getattr(array, "_is_meta", False):
        return ufunc.accumulate(array, axis=axis)
    xp = namespace_of(array)
    out = xp.moveaxis(array, axis, 0).copy()
    shift = 1
    while shift < out.shape[0]:
        out[shift:] = ufunc(out[shift:], out[:-shift])
        shift *= 2
    return xp.moveaxis(out, 0, axis)


def as_strided(array, shape, strides, writeable=False):
    """A view of ``array`` with the given shape and byte strides (read-only on NumPy unless
    ``writeable``: CuPy's views are always writable)."""
    if isinstance(array, np.ndarray):
        return np.lib.stride_tricks.as_strided(array, shape, strides, writeable=writeable)
    return _stride_tricks(array).as_strided(array, shape, strides)


def sliding_window_view(array, window_shape, axis=None):
    """Sliding windows over ``array`` as a view (NumPy's ``sliding_window_view``)."""
    if isinstance(array, np.ndarray):
        return np.lib.stride_tricks.sliding_window_view(array, window_shape, axis)
    return _stride_tricks(array).sliding_window_view(array, window_shape, axis)


def _stride_tricks(array):
    xp = namespace_of(array)
    if STANDIN_DEVICES and not getattr(array, "_is_meta", False):
        return xp.stride_tricks
    return xp.lib.stride_tricks


def special(xp):
    """The special-function module for ``xp``: scipy.special, or cupyx.scipy.special with
    SciPy's functions on host copies for the names CuPy lacks."""
    if xp is np or getattr(xp, "_is_meta_namespace", False):  # SciPy's ufuncs take meta arrays
        import scipy.special
        return scipy.special
    return _HostFallback(xp.special)


class _HostFallback:
    """A device library of special functions; a name it lacks (``eval_chebyu``, ``airy``,
    ``spherical_jn``...) runs SciPy's function through ``host_only``: an explicit round trip
    each way, the one way these few functions leave the device."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        try:
            return getattr(self._module, name)
        except AttributeError:
            import scipy.special
            return host_only(getattr(scipy.special, name))


def fft(xp):
    """The FFT module for ``xp``: scipy.fft or cupyx.scipy.fft (one API: ``s=``, ``axes=``,
    ``norm=``)."""
    if xp is np:
        import scipy.fft
        return scipy.fft
    return xp.fft


def linalg(xp):
    """The linear-algebra module for ``xp``: numpy.linalg or cupy.linalg."""
    return xp.linalg


def default_rng(dev, seed):
    """A generator that draws on device ``dev`` (CuPy's, or the stand-in's from NumPy's)."""
    return namespace(dev).random.default_rng(seed)


def host_only(fn):
    """Run ``fn`` (an array function built on host-only routines, such as SciPy's LAPACK
    wrappers) on host copies of its device-array arguments, and copy its array results back to
    that device: an explicit round trip, which a GPU pays as a transfer each way.

    The wrappers must never see a device array: f2py's failed conversion of one (``__array__``
    raises on CuPy and on the stand-in) releases the routine's dtype twice, which corrupts
    NumPy's builtin dtype objects ("Reference count error ... deallocate the dtype")."""
    import functools

    @functools.wraps(fn)
    def call(*args, **kwargs):
        dev = None
        for arg in args:
            if hasattr(arg, "__array_function__") and not is_host(arg):
                from ._device import device_of
                dev = device_of(arg)
                break
        if dev is None:
            return fn(*args, **kwargs)
        args = tuple(to_host(a) if hasattr(a, "__array_function__") else a for a in args)
        result = fn(*args, **kwargs)
        if isinstance(result, tuple):
            return tuple(to_device(r, dev) if is_host(r) else r for r in result)
        return to_device(result, dev)
    return call
