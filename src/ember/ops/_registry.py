"""The op machinery: turning arguments into arrays, recording Nodes, undoing broadcasting.

An op is a plain function that computes its result on backend arrays and calls ``record`` to
attach a grad_fn. Its derivative is declared right beside it with ``@grad_fn("NameBackward0")``,
written with ember ops so that it can itself be differentiated. This module does the parts
every op shares, once: dtype promotion, device checks, summing gradients back to each input's
shape, casting them to the input's dtype, and skipping inputs that need no gradient.
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._conj import LIVE as _CONJ_LIVE
from .._conj import written as _conj_written
from .._aten import ACTIVE as _ATEN_ACTIVE
from .._tensor import Tensor
from ..amp.autocast_mode import _threads_on as _AUTOCAST_ON
from ..autograd import forward_ad as _forward_ad
from ..autograd import grad_mode
from ..autograd.graph import (Node, SavedTensor, _Anomaly, _sequence, forward_trace,
                              gradient_edge, saved_hooks_active)
from ..autograd.graph import _hooks_in_use as _HOOKS_IN_USE

_grad_state = grad_mode._state
_FLOAT32, _FLOAT64 = D.float32, D.float64
_COMPLEX = D._COMPLEX
_COMPLEX32 = D.complex32
_ndarray = np.ndarray
_SCALARS = (bool, int, float, complex)


def grad_fn(name, *, num_outputs=1, complex_aware=False):
    """Declare a derivative rule; the decorated function becomes the Node class ``name``.

    The rule gets the node (its saved tensors and attributes) and the gradient of each output,
    and returns one gradient per input (None where it has none). It may return gradients in
    the broadcast shape: they are summed back to each input's shape here.

    Rules are written as real derivatives (grad * f'(x)). For a holomorphic op on complex
    numbers PyTorch's convention wants grad * conj(f'(z)) = conj(rule(conj(grad))), so that is
    how a rule runs when a gradient is complex; ``complex_aware`` rules (the non-holomorphic
    ops: abs, angle, conj...) are written in that convention and run as they are. A complex
    gradient for a real input keeps its real part.
    """
    def deco(rule):
        def apply(self, *grads):
            # Complex gradients are rare: one attribute test settles the usual single gradient.
            first = grads[0]
            if (first is not None and first._dtype.category == _COMPLEX
                    or self._num_outputs > 1 and _has_complex(grads)) and not complex_aware:
                result = _conjugated(rule, self, grads)
            else:
                result = rule(self, *grads)
            if type(result) is not tuple:
                # One input (the common case): check its gradient without building lists.
                meta = self._input_meta[0]
                if result is None or meta is None or not self.needs_input_grad[0]:
                    return (None,)
                if result._data.shape != meta[0] or result._dtype is not meta[1]:
                    result = _to_input(result, meta, name)
                return (result,)
            # An input that needs no gradient has no meta (see record).
            metas = self._input_meta
            if len(result) == 2 == len(metas):
                # A binary op: its two gradients without a loop or a list.
                first, second = result
                meta_first, meta_second = metas
                if first is None or meta_first is None:
                    first = None
                elif first._data.shape != meta_first[0] or first._dtype is not meta_first[1]:
                    first = _to_input(first, meta_first, name)
                if second is None or meta_second is None:
                    second = None
                elif second._data.shape != meta_second[0] or second._dtype is not meta_second[1]:
                    second = _to_input(second, meta_second, name)
                return (first, second)
            return [None if g is None or meta is None else
                    g if g._data.shape == meta[0] and g._dtype is meta[1] else
                    _to_input(g, meta, name) for g, meta in zip(result, metas)]
        cls = type(name, (Node,), {"__slots__": (), "backward": rule, "apply": apply,
                                   "__doc__": rule.__doc__, "__module__": rule.__module__})
        cls._num_outputs_default = num_outputs
        return cls
    return deco


def _to_input(grad, meta, name):
    """``grad`` summed back to its input's shape and cast to its dtype (``meta``); a complex
    gradient of a real input keeps its real part."""
    shape, dt = meta
    if grad._data.shape != shape:
        grad = sum_to(grad, shape, name)
    if grad._dtype is not dt:
        grad = _real_part(grad) if grad._dtype.category == _COMPLEX and \
            dt.category != _COMPLEX else grad.to(dt)
        if grad._dtype is not dt:
            grad = grad.to(dt)
    return grad


def _has_complex(grads):
    for g in grads:
        if g is not None and g._dtype.category == D._COMPLEX:
            return True
    return False


def _conjugated(rule, node, grads):
    """conj(rule(conj(grad))): a real-form rule of a holomorphic op in PyTorch's convention."""
    from .complex import conj_grad
    result = rule(node, *(conj_grad(g) if g is not None and g._dtype.category == D._COMPLEX
                          else g for g in grads))
    if type(result) is not tuple:
        return conj_grad(result) if result is not None else None
    return tuple(conj_grad(g) if g is not None else None for g in result)


def _real_part(grad):
    from .complex import real
    return real(grad)


def sum_to(grad, shape, op_name="op"):
    """Sum a broadcast gradient back to ``shape`` (the input's shape before broadcasting)."""
    lead = grad.ndim - len(shape)
    if lead < 0:
        raise RuntimeError(f"{op_name}: gradient of shape {tuple(grad.shape)} cannot be reduced "
                           f"to input shape {tuple(shape)}")
    inner = tuple(lead + i for i, s in enumerate(shape)
                  if s == 1 and grad._data.shape[lead + i] != 1)
    if not inner and grad._data.shape[lead:] == tuple(shape):
        # Only leading dims to drop: one sum gives the shape, and a fresh array, not a view.
        if not lead:
            return grad
        if array_path(grad):  # the same sum on the array (ndarray.sum's ufunc, called directly)
            return wrap(np.add.reduce(grad._data, tuple(range(lead))))
        return grad.sum(tuple(range(lead)))
    dims = tuple(range(lead)) + inner
    if array_path(grad):  # the same sum and reshape on the array
        arr = np.add.reduce(grad._data, dims, None, None, True) if dims else grad._data
        if lead or arr.shape != shape:
            try:
                arr = arr.reshape(shape)
            except ValueError:  # a gradient of the wrong size: the ops' error, below
                arr = None
        if arr is not None:
            return wrap(arr)
    if dims:
        grad = grad.sum(dims, keepdim=True)
    if lead or grad._data.shape != shape:
        grad = grad.reshape(shape)
    return grad


def broadcast_error(shape_a, shape_b, out_ndim=0):
    """PyTorch's message for shapes that do not broadcast: the first clash from the right,
    numbered among the output's dims (``out_ndim`` when more operands take part)."""
    ndim = max(len(shape_a), len(shape_b))
    out_ndim = max(out_ndim, ndim)
    for i in range(1, ndim + 1):
        a = shape_a[-i] if i <= len(shape_a) else 1
        b = shape_b[-i] if i <= len(shape_b) else 1
        if a != b and a != 1 and b != 1:
            return RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b "
                                f"({b}) at non-singleton dimension {out_ndim - i}")
    return RuntimeError(f"shapes {list(shape_a)} and {list(shape_b)} cannot be broadcast")


def broadcast_shape(*shapes):
    """The common shape of ``shapes``; RuntimeError naming the first pair that clashes."""
    if len(shapes) == 2:  # two shapes (the common case), without np.broadcast_shapes' cost
        longer, shorter = shapes if len(shapes[0]) >= len(shapes[1]) else shapes[::-1]
        lead = len(longer) - len(shorter)
        out = list(longer)
        for i, size in enumerate(shorter):
            have = longer[lead + i]
            if have == 1:
                out[lead + i] = size
            elif size != have and size != 1:
                break  # a clash: the message below
        else:
            return tuple(out)
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        out_ndim = max(len(s) for s in shapes)
        shape = shapes[0]
        for other in shapes[1:]:
            try:
                shape = np.broadcast_shapes(shape, other)
            except ValueError:
                raise broadcast_error(shape, other, out_ndim) from None
        raise


def array_path(*tensors):
    """Whether a derivative rule may compute on its tensors' NumPy arrays directly instead of
    through ember ops (a small tensor's backward is then a few microseconds shorter per op):
    no graph is recorded (no create_graph), no dispatch mode watches the ops a backward runs,
    autocast is off, and each is a plain float32/float64 Tensor on a plain NumPy array."""
    if _grad_state.enabled or _ATEN_ACTIVE[0] or _AUTOCAST_ON[0]:
        return False
    for t in tensors:
        if type(t) is not Tensor or type(t._data) is not _ndarray or \
                t._dtype is not _FLOAT32 and t._dtype is not _FLOAT64:
            return False
    return True


def needs_grad(*inputs):
    """True when grad mode is on and some input tensor requires grad."""
    if not _grad_state.enabled:
        return False
    for t in inputs:
        if isinstance(t, Tensor) and t._requires_grad:
            return True
    return False


def refuse_grad(function, *named):
    """torch's error for a ``(name, tensor)`` argument that requires grad, under grad mode, where
    ``function`` has no derivative for it (a loss's target, a quantizer's scale)."""
    if grad_mode.is_grad_enabled():
        for name, value in named:
            if value is not None and value.requires_grad:
                raise RuntimeError(f"The function '{function}' is not differentiable with "
                                   f"respect to argument '{name}'. This input cannot have "
                                   f"requires_grad True.")


def record(out, cls, inputs, save=(), **attrs):
    """Attach a new ``cls`` node to ``out`` if any input needs a gradient; return ``out``."""
    if _forward_ad._state.level is not None:
        _forward_ad.propagate(out, cls, inputs, save, attrs)
    if not _grad_state.enabled:
        return out
    # Plain code, no generator expressions or helper calls: this runs once per op.
    count = len(inputs)
    if count == 1:
        t = inputs[0]
        if not (isinstance(t, Tensor) and t._requires_grad):
            return out
        fn = t.grad_fn
        edges = ((fn, t._output_nr) if fn is not None else gradient_edge(t),)
        key = ((t._data.shape, t._dtype),)
    elif count == 2:
        # A binary op: both edges and metas without lists.
        first, second = inputs
        if isinstance(first, Tensor) and first._requires_grad:
            fn = first.grad_fn
            edge_first = (fn, first._output_nr) if fn is not None else gradient_edge(first)
            meta_first = (first._data.shape, first._dtype)
        else:
            edge_first, meta_first = _NO_EDGE, None
        if isinstance(second, Tensor) and second._requires_grad:
            fn = second.grad_fn
            edge_second = (fn, second._output_nr) if fn is not None else gradient_edge(second)
            meta_second = (second._data.shape, second._dtype)
        elif meta_first is None:
            return out
        else:
            edge_second, meta_second = _NO_EDGE, None
        edges = (edge_first, edge_second)
        key = (meta_first, meta_second)
    else:
        edges = []
        meta = []
        any_needed = False
        for t in inputs:
            if isinstance(t, Tensor) and t._requires_grad:
                any_needed = True
                fn = t.grad_fn
                edges.append((fn, t._output_nr) if fn is not None else gradient_edge(t))
                meta.append((t._data.shape, t._dtype))
            else:
                edges.append(_NO_EDGE)
                meta.append(None)
        if not any_needed:
            return out
        edges = tuple(edges)
        key = tuple(meta)
    node = _new_node(cls)
    node._seq = next(_sequence)
    node.next_functions = edges
    node._input_meta, node.needs_input_grad = _META.get(key) or _intern(key)
    if _Anomaly.enabled:
        node._anomaly_trace = forward_trace()
    if attrs:
        node.__dict__.update(attrs)
    if type(out) is tuple:
        node._num_outputs = len(out)
        node._output_meta = tuple((o._data.shape, o._dtype, o._device)
                                  if o._dtype.category >= D._FLOAT else None for o in out)
        for i, o in enumerate(out):
            if o._dtype.category >= D._FLOAT:
                o.grad_fn, o._output_nr, o._requires_grad = node, i, True
    else:
        out.grad_fn = node
        out._requires_grad = True
    count = len(save)
    if not count:
        node._saved = ()
    elif _HOOKS_IN_USE[0] and cls._pack_order is not None:
        node._saved = _saved_in_pack_order(save, node, cls._pack_order)
    elif count == 1:
        t = save[0]
        node._saved = (SavedTensor(t, node) if isinstance(t, Tensor) else t,)
    elif count == 2:
        first, second = save
        node._saved = (SavedTensor(first, node) if isinstance(first, Tensor) else first,
                       SavedTensor(second, node) if isinstance(second, Tensor) else second)
    else:
        saved = []
        for t in save:
            saved.append(SavedTensor(t, node) if isinstance(t, Tensor) else t)
        node._saved = tuple(saved)
    return out


def _saved_in_pack_order(save, node, order):
    """``save`` as the node's saved tuple, its tensors handed to saved-tensor hooks in
    ``order`` (torch's order of saving them)."""
    saved = list(save)
    for i in order:
        t = save[i]
        if isinstance(t, Tensor):
            saved[i] = SavedTensor(t, node)
    return tuple(saved)


# One (input meta, needs_input_grad) pair per distinct input record, shared by every node that
# records it: a long graph then holds far fewer objects for Python's cyclic garbage collector to
# scan, and makes fewer that trigger a scan. An input that needs no gradient has no meta.
_META = {}
_META_LIMIT = 8192


def _intern(key):
    entry = (key, tuple([m is not None for m in key]))
    if len(_META) >= _META_LIMIT:
        return entry
    return _META.setdefault(key, entry)


_new_node = object.__new__
_NO_EDGE = (None, 0)
_WRAP_SCALARS = (np.generic, *_SCALARS)


def wrap(result, dt=None):
    """Make a Tensor of an op's array result (NumPy returns scalars for 0-d inputs)."""
    if type(result) is not _ndarray and isinstance(result, _WRAP_SCALARS):
        result = np.asarray(result)
    if dt is not None and result.dtype is not dt.np and result.dtype != dt.np:
        result = result.astype(dt.np) if dt is not _COMPLEX32 else D.to_complex32(result)
    return Tensor._make(result)


def is_sparse(tensor):
    """A sparse tensor of any layout. Asked only where ``type(tensor) is not Tensor``: a dense
    tensor pays that one test, a Parameter two more."""
    return isinstance(tensor, Tensor) and type(tensor._data) is not _ndarray and \
        getattr(tensor, "_sparse_values", None) is not None


def numpy_scalar_kind(x):
    """The Python number type torch's argument parser reads a NumPy scalar as, so that it takes
    part in type promotion as a weak Python scalar, not with its own dtype: integers as int,
    np.complex128 (a Python complex) as complex, and every other one (floats of any width,
    np.bool_, np.complex64, whose imaginary part the conversion drops) as float."""
    if isinstance(x, np.integer):
        return int
    return complex if isinstance(x, complex) else float


def python_scalar(x):
    """A NumPy scalar as the Python number torch's argument parser reads it
    (``numpy_scalar_kind``); anything else unchanged."""
    if isinstance(x, (np.number, np.bool_)):
        return numpy_scalar_kind(x)(x)
    return x


def as_tensor_arg(x, like=None):
    """Tensors pass through; Python/NumPy scalars become 0-d tensors."""
    if isinstance(x, Tensor):
        return x
    x = python_scalar(x)
    if isinstance(x, _SCALARS):
        dt = D._scalar_dtype(x)
        return Tensor._make(np.asarray(x, dtype=dt.np))
    if isinstance(x, np.ndarray):
        return Tensor._make(x)
    raise TypeError(f"expected Tensor as element 1 in argument 1, but got {py_type_name(x)}")


_RESULT_CACHE = {}


def _kind(x):
    if isinstance(x, Tensor):
        return (x._dtype, x._data.ndim == 0)
    if isinstance(x, np.generic):
        return (numpy_scalar_kind(x), None)
    t = type(x)
    if t in (bool, int, float, complex):
        return (t, None)
    if isinstance(x, bool):
        return (bool, None)
    if isinstance(x, int):
        return (int, None)
    if isinstance(x, float):
        return (float, None)
    raise TypeError(f"unsupported operand type {py_type_name(x)}")


def result_type_of(*args):
    """PyTorch's result dtype for tensors and Python scalars mixed in one op."""
    if len(args) == 2:
        # Fast paths for the common cases: same-dtype tensors, float tensor with a scalar.
        a, b = args
        if isinstance(a, Tensor):
            da = a._dtype
            tb = type(b)
            if tb is float or tb is int:
                if da.category == D._FLOAT or (tb is int and da.category == D._INT):
                    return da
            elif isinstance(b, Tensor) and b._dtype is da:
                return da
    key = tuple(_kind(a) for a in args) + (D._default[0],)
    hit = _RESULT_CACHE.get(key)
    if hit is not None:
        return hit
    dims, zero, scalars = [], [], []
    for k, zero_dim in key[:-1]:
        if zero_dim is None:
            scalars.append(D._scalar_dtype(k(1) if k is not complex else 1j))
        elif zero_dim:
            zero.append(k)
        else:
            dims.append(k)
    r = D.result_dtype(dims, zero, scalars)
    _RESULT_CACHE[key] = r
    return r


def check_same_device(a, b):
    """RuntimeError, in torch's words, for tensors on two devices; a 0-d CPU tensor may join a
    tensor on any device (it takes part as a scalar), as torch allows."""
    da, db = a._device, b._device
    if da is not db and da != db and not (db.type == "cpu" and not b._data.ndim) and \
            not (da.type == "cpu" and not a._data.ndim):
        if "meta" in (da.type, db.type):  # PyTorch's meta kernel words it from the first
            raise RuntimeError(f"Tensor on device {db} is not on the expected device {da}!")
        raise RuntimeError("Expected all tensors to be on the same device, but found at least two "
                           f"devices, {da} and {db}!")


def check_devices(tensors):
    """``check_same_device`` over a sequence (cat, stack...): all on the first one's device."""
    first = tensors[0]
    for t in tensors[1:]:
        if t._device is not first._device and t._device != first._device:
            check_same_device(first, t)


def operands(a, b, dt):
    """Arrays (or weak Python scalars) of two operands, cast to the computation dtype ``dt``.

    A 0-d CPU tensor beside a tensor on another device comes as a NumPy scalar, which every
    backend takes, rather than as an array of the wrong device.
    """
    if dt is _COMPLEX32:
        # NumPy has no complex32 arithmetic: each operand is rounded to complex32, as torch
        # converts them, then the op runs in complex64 (wrap rounds the result back).
        return _complex_half_operand(a), _complex_half_operand(b)
    if isinstance(a, Tensor):
        xa = a._data
        if xa.dtype != dt.np:
            xa = xa.astype(dt.np) if a._dtype is not _COMPLEX32 else D.cast(xa, dt)
    elif isinstance(a, np.generic) and a.dtype != dt.np:
        xa = a.astype(dt.np)  # a NumPy scalar is cast to the op's dtype first, as torch does
    else:
        xa = a
    if isinstance(b, Tensor):
        xb = b._data
        if xb.dtype != dt.np:
            xb = xb.astype(dt.np) if b._dtype is not _COMPLEX32 else D.cast(xb, dt)
        if isinstance(a, Tensor) and a._device is not b._device and a._device != b._device:
            check_same_device(a, b)
            if b._device.type == "cpu" and not xb.ndim:
                xb = xb[()]
            elif a._device.type == "cpu" and not xa.ndim:
                xa = xa[()]
    elif isinstance(b, np.generic) and b.dtype != dt.np:
        xb = b.astype(dt.np)
    elif type(b) is int and dt.category == D._INT:
        xb = _wrapped_int(b, dt)
    else:
        xb = b
    return xa, xb


def _wrapped_int(value, dt):
    """A Python int beside an integer tensor: as is when ``dt`` holds it, else wrapped into
    ``dt`` as torch casts it (-1 is 255 for uint8) where NumPy would refuse it."""
    info = np.iinfo(dt.np)
    if info.min <= value <= info.max or not -2 ** 63 <= value < 2 ** 64:
        return value
    return (np.uint64(value) if value >= 2 ** 63 else np.int64(value)).astype(dt.np)


def _complex_half_operand(x):
    if isinstance(x, Tensor):
        return D.from_complex32(D.as_np(x._data, _COMPLEX32))
    return D.from_complex32(D.to_complex32(x))[()]


def computable(tensor):
    """``tensor``'s array in a dtype NumPy computes with: complex32 storage as complex64."""
    arr = tensor._data
    return arr if tensor._dtype is not _COMPLEX32 else D.from_complex32(arr)


def complex_half_error(kernel):
    """torch's error for a CPU kernel it has no ComplexHalf (complex32) version of."""
    return NotImplementedError(f"\"{kernel}\" not implemented for 'ComplexHalf'")


def refuse_complex(input, kernel):
    """torch's NotImplementedError for a CPU kernel with no complex version, when ``input`` is
    complex."""
    if input._dtype.category == D._COMPLEX:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input._dtype)}'")


def can_cast(src, dst):
    """PyTorch's rule for in-place results: no float->int, complex->real or non-bool->bool."""
    if src.category == D._COMPLEX and dst.category != D._COMPLEX:
        return False
    if src.category == D._FLOAT and dst.category < D._FLOAT:
        return False
    if src.category != D._BOOL and dst.category == D._BOOL:
        return False
    return True


_SHORT = {"FloatTensor": "Float", "DoubleTensor": "Double", "HalfTensor": "Half",
          "BFloat16Tensor": "BFloat16", "LongTensor": "Long", "IntTensor": "Int",
          "ShortTensor": "Short", "CharTensor": "Char", "ByteTensor": "Byte",
          "BoolTensor": "Bool", "ComplexFloatTensor": "ComplexFloat",
          "ComplexDoubleTensor": "ComplexDouble", "ComplexHalfTensor": "ComplexHalf",
          "UInt16Tensor": "UInt16",
          "UInt32Tensor": "UInt32", "UInt64Tensor": "UInt64"}


def type_name(dt):
    """PyTorch's short scalar-type name used in messages (Float, Long, ..., Float8_e4m3fn:
    the dtypes outside ``_SHORT`` are their legacy name without "Tensor")."""
    legacy = dt._legacy
    return _SHORT.get(legacy) or legacy[:-len("Tensor")]


# The dtypes with a legacy tensor class that torch's argument-type errors name (FloatTensor...);
# the others they name by their CPU type ("CPUBoolType", "CPUBFloat16Type").
_LEGACY_CLASSES = frozenset(("FloatTensor", "DoubleTensor", "HalfTensor", "ByteTensor",
                             "CharTensor", "ShortTensor", "IntTensor", "LongTensor"))


def legacy_type_name(dt, package="ember"):
    """The tensor type torch's checked-argument errors print: ``ember.FloatTensor``, or
    ``CPUBoolType`` for a dtype without such a class."""
    if dt._legacy in _LEGACY_CLASSES:
        return f"{package}.{dt._legacy}"
    return f"CPU{dt._legacy[:-len('Tensor')]}Type"


# ember's classes for what torch builds in C, by the full names torch's messages give them
_C_TYPE_NAMES = {}
_HEAP_TYPE = 1 << 9  # CPython's Py_TPFLAGS_HEAPTYPE: a class defined by a class statement


def py_type_name(value):
    """The name torch's argument parser gives ``value``'s type (CPython's tp_name): a class
    written in Python by its bare name, a type built in C by its dotted name
    (``numpy.ndarray``, ``numpy.float64``, ``ember.Size``, ``ember.dtype``)."""
    kind = type(value)
    if not _C_TYPE_NAMES:
        import ember
        _C_TYPE_NAMES.update({
            ember.Size: "ember.Size", ember.dtype: "ember.dtype",
            ember.device: "ember.device", ember.Generator: "ember._C.Generator",
            ember.layout: "ember.layout", ember.memory_format: "ember.memory_format",
            ember.finfo: "ember.finfo", ember.iinfo: "ember.iinfo"})
    named = _C_TYPE_NAMES.get(kind)
    if named is not None:
        return named
    if kind.__flags__ & _HEAP_TYPE or kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__qualname__}"


def not_tensor(name, value, arg="input", position=1):
    """PyTorch's TypeError for a non-tensor where an op takes a Tensor argument."""
    return TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not "
                     f"{py_type_name(value)}")


def check_dim_type(name, dim, expected="int"):
    """PyTorch's parser's TypeError for a ``dim`` of the wrong type (a float, a bool, a
    sequence or None where one int is wanted), naming the op and the argument's position."""
    if type(dim) is not int and (isinstance(dim, (float, bool)) or expected == "int" and
                                 (dim is None or isinstance(dim, (tuple, list)))):
        raise TypeError(f"{name}(): argument 'dim' (position 2) must be {expected}, not "
                        f"{type(dim).__name__}")


def check_bool(name, value, arg):
    """PyTorch's parser's TypeError for a bool argument given anything but a Python bool (an
    int or a NumPy bool included), naming the op and the argument."""
    if type(value) is not bool:
        kind = type(value)
        shown = kind.__name__ if kind.__module__ == "builtins" else \
            f"{kind.__module__}.{kind.__name__}"
        raise TypeError(f"{name}(): argument '{arg}' must be bool, not {shown}")


def missing_arguments(name, *args):
    """PyTorch's argument parser's TypeError for required arguments not given."""
    listed = ", ".join(f'"{a}"' for a in args)
    return TypeError(f"{name}() missing {len(args)} required positional arguments: {listed}")


def no_meta_kernel(op, *tensors):
    """PyTorch's NotImplementedError for an op that has no meta kernel, when any of
    ``tensors`` is on the meta device (raised before the op looks at anything else)."""
    if any(isinstance(t, Tensor) and t._device.type == "meta" for t in tensors):
        raise NotImplementedError(
            f"aten::{op}: attempted to run this operator with Meta tensors, but there was no "
            "fake impl or Meta kernel registered. You may have run into this message while "
            "using an operator with PT2 compilation APIs (ember.compile/ember.export); in order "
            "to use this operator with those APIs you'll need to add a fake impl.")


def _fits(value, kind):
    """Whether PyTorch's argument parser takes ``value`` for a parameter of type ``kind``."""
    if kind == "Tensor":
        return isinstance(value, Tensor)
    if kind == "int":
        return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if kind == "tuple of ints":
        return isinstance(value, (tuple, list)) and all(_fits(v, "int") for v in value)
    if kind == "ember.dtype":
        return isinstance(value, D.dtype)
    if kind == "Number":
        return isinstance(value, (int, float, complex, np.number))
    return False


def invalid_combination(name, args, signatures):
    """PyTorch's TypeError when no overload of ``name`` takes the positional ``args``: each
    signature listed, with the arguments of the wrong type marked where the count fits.
    ``signatures`` are PyTorch's, e.g. "Tensor input, int dim = 0"."""
    got = ", ".join("Tensor" if isinstance(a, Tensor) else py_type_name(a) for a in args)
    lines = []
    for signature in signatures:
        params = [p.split(" = ")[0].rsplit(" ", 1) for p in signature.split(", ")]
        required = sum(" = " not in p for p in signature.split(", "))
        lines.append(f" * ({signature})\n")
        if required <= len(args) <= len(params):
            marked = ", ".join(("{}" if _fits(a, kind) else "!{}!").format(
                "Tensor" if isinstance(a, Tensor) else py_type_name(a))
                for a, (kind, _) in zip(args, params))
            lines.append(f"      didn't match because some of the arguments have invalid "
                         f"types: ({marked})\n")
    return TypeError(f"{name}() received an invalid combination of arguments - got ({got}), but "
                     f"expected one of:\n{''.join(lines)}")


class _AllDims:
    """The default of a ``dim`` that torch's parser types as an int: not given, so the op
    reduces (or squeezes) every dim. It tells an omitted dim from an explicit None, which torch
    refuses with a TypeError where ember would otherwise reduce everything."""

    __slots__ = ()

    def __repr__(self):
        return "<all dims>"


ALL_DIMS = _AllDims()


def keepdim_without_dim(name, signatures=None):
    """torch's TypeError for ``keepdim`` given without a dim: the overload that reduces every
    dim takes no keepdim, so torch refuses the call where ember would keep each dim as size 1.
    ``signatures`` lists the op's overloads; an op whose dim is required says it is missing."""
    if signatures is None:
        return TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    listed = "".join(f" * ({signature})\n" for signature in signatures)
    return TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                     f"keepdim=bool), but expected one of:\n{listed}")


def none_dim_error(name, signatures=None, expected="int", position=2, given="NoneType"):
    """torch's TypeError for ``dim=None`` (or a dim of another type, named by ``given``) where
    its parser wants ``expected``: the "invalid combination of arguments" text listing
    ``signatures`` (each a string, or a pair of the signature and the line saying why it did not
    match) when the op has several overloads, else the one-argument text."""
    if signatures is None:
        return TypeError(f"{name}(): argument 'dim' (position {position}) must be {expected}, "
                         f"not {given}")
    listed = "".join(f" * ({signature})\n" if isinstance(signature, str) else
                     f" * ({signature[0]})\n      "
                     f"{signature[1].replace('!NoneType!', f'!{given}!')}\n"
                     for signature in signatures)
    return TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                     f"{given}), but expected one of:\n{listed}")


def tensor_sequence(name, tensors):
    """``tensors`` as a list for cat/stack: a tuple or list of Tensors, never a bare Tensor."""
    if isinstance(tensors, Tensor) or not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {py_type_name(tensors)}")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{py_type_name(t)}")
    return list(tensors)


def require_float(input, kernel):
    """NotImplementedError, in PyTorch's words, when a float-only kernel gets integers/bools."""
    if input._dtype.category < D._FLOAT:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(input._dtype)}'")


_INFERENCE_INPLACE_MESSAGE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a "
    "clone to get a normal tensor before doing inplace update.See "
    "https://github.com/pytorch/rfcs/pull/17 for more details.")


def check_inplace(target):
    """PyTorch's rules: a leaf that requires grad (or a view of one) can't be modified in place,
    nor can a tensor made under inference_mode once the mode has ended."""
    if target._inference and not target._inference_writable and not _grad_state.inference:
        raise RuntimeError(_INFERENCE_INPLACE_MESSAGE)
    if _grad_state.enabled and target._requires_grad:
        if target._custom_view is not None:
            raise RuntimeError(
                f"{target._custom_view} is a view and is being modified inplace. This view was "
                "created inside a custom Function (or because an input was returned as-is) and "
                "the autograd logic to handle view+inplace would override the custom backward "
                "associated with the custom Function, leading to incorrect gradients. This "
                "behavior is forbidden. You can fix this by cloning the output of the custom "
                "Function.")
        base = target._base
        if base is not None and base.grad_fn is None and base._requires_grad:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
        if target.grad_fn is None:
            if target._base is not None and target._base._requires_grad:
                raise RuntimeError("a view of a leaf Variable that requires grad is being used "
                                   "in an in-place operation.")
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                               "operation.")


OVERLAP_MESSAGE = ("unsupported operation: some elements of the input tensor and the written-to "
                   "tensor refer to a single memory location. Please clone() the tensor before "
                   "performing the operation.")


def partial_overlap(a, b):
    """Whether arrays a and b share some memory without being the same elements in the same
    layout: torch's "partial overlap", checked only where both are dense (a strided or expanded
    view is too hard for it, and allowed)."""
    if a.size == 0 or b.size == 0:
        return False
    (a_lo, a_hi), (b_lo, b_hi) = _backend.byte_bounds(a), _backend.byte_bounds(b)
    if a_hi - a_lo != a.nbytes or b_hi - b_lo != b.nbytes:
        return False
    if a_lo == b_lo and a_hi == b_hi:
        return a.strides != b.strides
    return a_lo < b_hi and b_lo < a_hi


def check_no_partial_overlap(target, *others, region=None):
    """torch refuses to write into ``target`` (or its ``region``, an array view of it) what an
    input partially occupies: views of one tensor share its version counter, so only they
    are compared."""
    counter = target._vc
    written = target._data if region is None else region
    for other in others:
        if isinstance(other, Tensor) and other._vc is counter and (
                other is not target or region is not None) and \
                partial_overlap(written, other._data):
            raise RuntimeError(OVERLAP_MESSAGE)


def inplace(target, compute, *others, overlap_checked=False, aliased_ok=False):
    """Run an in-place op: ``compute(self_alias, *others)`` gives the out-of-place result.

    Without a graph the result's data is written into ``target``'s array. With one, the new
    node takes ``target``'s place in the graph: its input edge is ``target``'s old history, and
    a copy of the old value is kept only if the derivative saved it. ``overlap_checked``: the
    caller compared the inputs with the part of ``target`` it writes (``x[i] = v``) itself.
    ``aliased_ok``: the op may write an expanded ``target`` (torch's fills do).
    """
    check_inplace(target)
    if not overlap_checked:
        check_no_partial_overlap(target, *others)
    # A view made under no_grad of a base that requires grad still goes to views, which
    # raises PyTorch's error for it.
    if not needs_grad(target, *others) and not (
            _grad_state.enabled and target._view_fn is not None
            and target._base._requires_grad):
        with grad_mode.no_grad():
            out = compute(target, *others)
        _write(target, out, aliased_ok)
        return target
    if target._view_fn is not None:
        from .views import inplace_on_view
        return inplace_on_view(target, compute, *others)
    # Saved-tensor hooks may keep what they are given (or a view of it): give them the old
    # value in memory of its own, which the write below leaves alone.
    alias = Tensor._make(target._data.copy() if saved_hooks_active() else target._data)
    alias.grad_fn, alias._output_nr = target.grad_fn, target._output_nr
    alias._requires_grad = target._requires_grad
    if alias.grad_fn is None and alias._requires_grad:
        alias._accumulator = target._accumulator
    out = compute(alias, *others)
    node = out.grad_fn
    if node is not None and node._saved and any(type(s) is SavedTensor and s.tensor is alias
                                                 for s in node._saved):
        alias._data = alias._data.copy()
    _write(target, out, aliased_ok)
    target.grad_fn, target._output_nr = node, out._output_nr
    if target._retains_grad:
        target._rebase_retained_grad()
    target._requires_grad = out._requires_grad or target._requires_grad
    if "_views" in target.__dict__:
        from .views import refresh_views
        refresh_views(target)
    return target


def _repeats_elements(array):
    """Whether an array's elements share memory through a stride-0 (expanded) dim (an empty
    array has no elements to share: its strides may be 0 where a size is 0)."""
    return array.size > 0 and \
        any(stride == 0 and size > 1 for size, stride in zip(array.shape, array.strides))


INTERNAL_OVERLAP_MESSAGE = (
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation.")


def write_into(array, value, aliased_ok=False):
    """``array[...] = value`` for an op writing every element: torch's RuntimeError where
    several elements of ``array`` share one memory place (an expanded tensor), unless
    ``aliased_ok`` (the fills, which write one value everywhere, torch allows there). NumPy marks
    such views read-only; a device array is always writable, so its strides are read."""
    if type(array) is not np.ndarray and _repeats_elements(array) and not aliased_ok:
        raise RuntimeError(INTERNAL_OVERLAP_MESSAGE)
    try:
        array[...] = value
    except ValueError:
        if array.flags.writeable:
            raise
        if not aliased_ok and _repeats_elements(array):
            raise RuntimeError(INTERNAL_OVERLAP_MESSAGE) from None
        # a read-only view into an expanded array: the elements it writes are its own, or the
        # op fills them all alike
        _writable_alias(array)[...] = value


def _writable_alias(array):
    """A writable NumPy array over the memory of ``array``, a read-only broadcast view of a
    writable array (the write then lands once in each shared place)."""
    root, node = array, array.base
    while node is not None:  # through as_strided's holders to the array owning the memory
        if isinstance(node, np.ndarray):
            root = node
        node = getattr(node, "base", None)
    offset = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return np.ndarray(array.shape, array.dtype, buffer=root, offset=offset,
                      strides=array.strides)


def _write(target, out, aliased_ok=False):
    # torch checks the shape before the cast
    if out._data.shape != target._data.shape:
        # The out-of-place result has the broadcast shape of all operands.
        raise RuntimeError(f"output with shape {list(target.shape)} doesn't match the broadcast "
                           f"shape {list(out.shape)}")
    if not can_cast(out._dtype, target._dtype):
        raise RuntimeError(f"result type {type_name(out._dtype)} can't be cast to the desired "
                           f"output type {type_name(target._dtype)}")
    if _forward_ad._state.level is not None and "_fw_grad" in out.__dict__:
        _forward_ad._attach(target, out.__dict__["_fw_grad"])
    write_into(target._data, out._data if out._dtype is target._dtype else
               D.as_np(out._data, target._dtype), aliased_ok)
    target._vc[0] += 1
    if _CONJ_LIVE:
        _conj_written(target)

