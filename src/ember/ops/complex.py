"""Complex tensors: building them, taking them apart, and the ops that are not holomorphic.

A complex tensor is a NumPy complex64/complex128 array. ``view_as_real`` shares its memory as
a float array with a trailing dim of 2 (real, imaginary), and ``real``/``imag`` are slices of
that view, so writing into them writes into the complex tensor, as in PyTorch.

Gradients follow PyTorch's convention: for a real loss L of z = a + ib, the gradient is
dL/da + i dL/db (the conjugate Wirtinger derivative, times 2). Holomorphic ops need no rule of
their own for it (the registry conjugates around their real-form rules); the ops here are not
holomorphic (abs, angle, conj, sgn, polar...) and their rules are written in that convention.
"""
from __future__ import annotations

import numpy as np

from .. import _backend, _conj
from .. import _dtype as D
from .._tensor import Tensor, _wrap_dim
from . import activation as _activation
from . import elementwise as _elementwise
from . import reduction as _reduction
from . import sorting as _sorting
from . import statistics as _statistics
from ._registry import (broadcast_shape, complex_half_error, computable, grad_fn,
                        none_dim_error, not_tensor, py_type_name, record, type_name, wrap)
from .shape import make_view, select

_REAL_OF = {"complex64": D.float32, "complex128": D.float64}


def _check_tensor(name, input):
    if not isinstance(input, Tensor):
        raise not_tensor(name, input)


def _is_complex(x):
    return x._dtype.category == D._COMPLEX


def is_complex(input):
    """True when ``input``'s dtype is complex (complex64 or complex128).

    Args:
        input: a Tensor.

    Returns:
        A Python bool.

    Example:
        >>> ember.is_complex(ember.tensor([1 + 2j])), ember.is_complex(ember.tensor([1.0]))
        (True, False)
    """
    _check_tensor("is_complex", input)
    return _is_complex(input)


# --- views between complex and real ----------------------------------------------------------

def view_as_real(input):
    """A real view of a complex tensor: shape ``(*input.shape, 2)``, holding (real, imag).

    The view shares memory with ``input``: writing into it changes ``input``.

    Args:
        input: a complex Tensor (not a lazily conjugated one).

    Returns:
        A float32 view for complex64, float64 for complex128.

    Example:
        >>> ember.view_as_real(ember.tensor([1 + 2j, 3 - 4j]))
        tensor([[ 1.,  2.],
                [ 3., -4.]])
    """
    _check_tensor("view_as_real", input)
    if not _is_complex(input):
        raise RuntimeError("view_as_real is only supported for complex tensors")
    if input._is_conj:
        raise RuntimeError(
            "view_as_real doesn't work on unresolved conjugated tensors.  To resolve the "
            "conjugate tensor so you can view it as real, use self.resolve_conj(); however, be "
            "warned that the resulting tensor will NOT alias the original.")
    return _view_as_real(input)


def _view_as_real(input):
    arr = input._data
    first = arr.real if input._dtype is not D.complex32 else arr["real"]
    pairs = _backend.as_strided(first, arr.shape + (2,), arr.strides + (arr.itemsize // 2,),
                                writeable=True)
    return make_view(input, pairs, ViewAsRealBackward0)


@grad_fn("ViewAsRealBackward0", complex_aware=True)
def ViewAsRealBackward0(ctx, grad):
    """Each (real, imag) pair of the gradient is one complex gradient entry."""
    return view_as_complex(grad.contiguous())


def view_as_complex(input):
    """A complex view of a float tensor whose last dim (of size 2) holds (real, imag) pairs.

    Args:
        input: a float16/float32/float64 Tensor with a last dim of size 2 and stride 1, other
            strides even.

    Returns:
        A complex view of shape ``input.shape[:-1]`` sharing ``input``'s memory.

    Example:
        >>> ember.view_as_complex(ember.tensor([[1.0, 2.0], [3.0, -4.0]]))
        tensor([1.+2.j, 3.-4.j])
    """
    _check_tensor("view_as_complex", input)
    if input._dtype not in (D.float16, D.float32, D.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double "
                           f"tensors, but got a tensor of scalar type: {type_name(input._dtype)}")
    arr = input._data
    if arr.ndim == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if arr.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    item = arr.itemsize
    if arr.strides[-1] != item:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % (2 * item) for s, n in zip(arr.strides[:-1], arr.shape[:-1]) if n > 1):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if input.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    complex_np = {D.float16: D.COMPLEX32_NP, D.float32: D.complex64.np,
                  D.float64: D.complex128.np}[input._dtype]
    # The last axis is contiguous, so NumPy can reinterpret each pair as one complex number.
    out = arr.view(complex_np)[..., 0]
    return make_view(input, out, ViewAsComplexBackward0)


@grad_fn("ViewAsComplexBackward0", complex_aware=True)
def ViewAsComplexBackward0(ctx, grad):
    return view_as_real(grad.resolve_conj())


def real(input):
    """The real part: a view for complex input, ``input`` itself for real input.

    Args:
        input: a Tensor.

    Returns:
        A float Tensor sharing memory with ``input``.

    Example:
        >>> ember.real(ember.tensor([1 + 2j, -3 + 0.5j]))
        tensor([ 1., -3.])
    """
    _check_tensor("real", input)
    if not _is_complex(input):
        return input
    # A conj view's real part is its source's: a plain view of the unconjugated memory.
    return select(view_as_real(conj(input) if input._is_conj else input), -1, 0)


def imag(input):
    """The imaginary part of a complex tensor, as a view sharing its memory.

    Args:
        input: a complex Tensor.

    Returns:
        A float Tensor.

    Example:
        >>> ember.imag(ember.tensor([1 + 2j, -3 + 0.5j]))
        tensor([2.0000, 0.5000])
    """
    _check_tensor("imag", input)
    if not _is_complex(input):
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    if not input._is_conj:
        return select(view_as_real(input), -1, 1)
    # A conj view's imaginary part is its source's negated: PyTorch's lazily negated view.
    pairs = _view_as_real(input)
    pairs._is_conj = False
    out = select(pairs, -1, 1)
    out._is_neg = True
    return out


def _set_part(index):
    def setter(self, value):
        part = real(self) if index == 0 else imag(self)
        part.copy_(value if isinstance(value, Tensor) else
                   Tensor._make(_backend.namespace_of(part._data).asarray(
                       value, dtype=part._data.dtype)))
    return setter


# --- building complex tensors ----------------------------------------------------------------

def _check_float_pair(name, a, b):
    names = ("real", "imag") if name == "complex" else ("abs", "angle")
    for position, (arg, value) in enumerate(zip(names, (a, b)), 1):
        if not isinstance(value, Tensor):
            raise not_tensor(name, value, arg, position)
    if a._dtype.category != D._FLOAT or b._dtype.category != D._FLOAT:
        raise RuntimeError("Expected both inputs to be Half, Float or Double tensors but got "
                           f"{type_name(a._dtype)} and {type_name(b._dtype)}")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"Expected object of scalar type {type_name(a._dtype)} but got "
                           f"scalar type {type_name(b._dtype)} for second argument")
    broadcast_shape(a._data.shape, b._data.shape)
    return a._dtype.to_complex()


def complex(real, imag, *, out=None):
    """The complex tensor real + i*imag (broadcast).

    d/dreal = Re(grad), d/dimag = Im(grad).

    Args:
        real: a float Tensor.
        imag: a Tensor of the same float dtype.

    Returns:
        complex64 for float32 parts, complex128 for float64.

    Example:
        >>> ember.complex(ember.tensor([1.0, 2.0]), ember.tensor([0.5, -1.0]))
        tensor([1.+0.5000j, 2.-1.0000j])
    """
    dt = _check_float_pair("complex", real, imag)
    xp = _backend.namespace_of(real._data)
    arr = xp.empty(broadcast_shape(real._data.shape, imag._data.shape), dtype=dt.np)
    if dt is D.complex32:
        arr["real"], arr["imag"] = real._data, imag._data
    else:
        arr.real = real._data
        arr.imag = imag._data
    return record(Tensor._make(arr), ComplexBackward0, (real, imag))


@grad_fn("ComplexBackward0", complex_aware=True)
def ComplexBackward0(ctx, grad):
    return (globals()["real"](grad) if ctx.needs_input_grad[0] else None,
            imag(grad) if ctx.needs_input_grad[1] else None)


def polar(abs, angle, *, out=None):
    """The complex tensor abs * (cos(angle) + i sin(angle)).

    With out = r e^{i theta}: d/dr = Re(conj(grad) e^{i theta}),
    d/dtheta = Re(conj(grad) * i * out).

    Args:
        abs: the magnitudes, a float Tensor.
        angle: the angles in radians, a Tensor of the same dtype.

    Returns:
        A complex Tensor.

    Example:
        >>> ember.polar(ember.tensor([2.0]), ember.tensor([0.0]))
        tensor([2.+0.j])
    """
    dt = _check_float_pair("polar", abs, angle)
    with np.errstate(all="ignore"):
        re, im = abs._data * np.cos(angle._data), abs._data * np.sin(angle._data)
    # the parts are placed, not added to 1j * im: 0 + -0 would drop a -0.0 imaginary part
    arr = _backend.namespace_of(re).empty(re.shape, dtype=dt.np)
    arr.real, arr.imag = re, im
    out = wrap(arr)
    return record(out, PolarBackward0, (abs, angle), (out, angle))


@grad_fn("PolarBackward0", complex_aware=True)
def PolarBackward0(ctx, grad):
    # e^{i theta} is rebuilt from the saved angle (not kept as a constant), so that a second
    # derivative sees d/dr's dependence on theta.
    out, angle = ctx.saved_tensors
    g_abs = g_angle = None
    if ctx.needs_input_grad[0]:
        from .creation import ones_like
        g_abs = real(grad.conj() * polar(ones_like(angle), angle))
    if ctx.needs_input_grad[1]:
        g_angle = real(grad.conj() * out * 1j)
    return g_abs, g_angle


# --- conjugation ------------------------------------------------------------------------------

def conj(input):
    """The complex conjugate a - ib, as a view of ``input``; real tensors are returned as they
    are.   grad: conj(grad).

    As in PyTorch the result shares ``input``'s memory and version counter and reports
    ``is_conj()``: a write through either tensor shows (conjugated) in the other. The conjugate
    of a conj view is a plain view of the original tensor.

    Args:
        input: a Tensor.

    Returns:
        ``input`` for a real tensor, else its conjugate view.

    Example:
        >>> ember.conj(ember.tensor([1 + 2j, 3 - 1j]))
        tensor([1.-2.j, 3.+1.j])
    """
    _check_tensor("conj", input)
    if not _is_complex(input):
        return input
    if getattr(input._data, "_is_meta", False):
        # Meta arrays have no memory to mirror: the conjugate is flagged as PyTorch's is.
        out = record(Tensor._make(np.conj(input._data)), ConjBackward0, (input,))
        out._is_conj = not input._is_conj
        return out
    if input._is_conj:
        out = make_view(input, _conj.source_of(input._data), ConjBackward0)
        out._is_conj = False
        return out
    out = make_view(input, _conj.conjugated(input._data), ConjBackward0)
    out._is_conj = True
    return out


@grad_fn("ConjBackward0", complex_aware=True)
def ConjBackward0(ctx, grad):
    return conj_physical(grad)


def conj_physical(input):
    """The complex conjugate, computed into new memory (``is_conj()`` stays False).

    grad: conj(grad).

    Args:
        input: a Tensor.

    Returns:
        A new Tensor (a copy of a real ``input``).

    Example:
        >>> ember.conj_physical(ember.tensor([1 + 2j]))
        tensor([1.-2.j])
    """
    _check_tensor("conj_physical", input)
    if type(input) is not Tensor and _elementwise._is_sparse(input):
        # torch's sparse kernel: a real tensor is its own conjugate
        return input if not _is_complex(input) else \
            _elementwise.on_sparse_values()(conj_physical)(input)
    out = Tensor._make(_conj_array(input._data) if _is_complex(input) else input._data.copy())
    return record(out, ConjPhysicalBackward0, (input,))


def conj_physical_(input):
    """``input`` replaced by its complex conjugate, in place (real tensors are left as they
    are).   grad: conj(grad).

    Args:
        input: a Tensor.

    Returns:
        ``input``.

    Example:
        >>> z = ember.tensor([1 + 2j, -3j])
        >>> z.conj_physical_()
        tensor([1.-2.j, -0.+3.j])
    """
    _check_tensor("conj_physical_", input)
    if not _is_complex(input):
        return input
    from ._registry import inplace
    return inplace(input, _conj_physical_in_place)


def _conj_physical_in_place(input):
    return record(Tensor._make(_conj_array(input._data)), ConjPhysicalBackward1, (input,))


def _conj_array(arr):
    """The conjugate of a complex array in new memory (complex32's pairs included)."""
    if type(arr) is not np.ndarray:
        if arr.dtype == D.COMPLEX32_NP:  # the pairs: a copy with the imaginary field negated
            out = arr.copy()
            out["imag"] = -arr["imag"]
            return out
        return np.conj(arr)
    out = np.empty_like(arr)
    _conj.conjugate_into(arr, out)
    return out


@grad_fn("ConjPhysicalBackward0", complex_aware=True)
def ConjPhysicalBackward0(ctx, grad):
    return conj_physical(grad) if _is_complex(grad) else grad


ConjPhysicalBackward1 = grad_fn("ConjPhysicalBackward1", complex_aware=True)(
    ConjPhysicalBackward0.backward)


def conj_grad(grad):
    """conj(grad) for the registry's conjugated rules: like conj_physical, but exact zeros keep
    a +0 imaginary part (as the gradients PyTorch computes directly do), not -0."""
    if not _is_complex(grad):
        return grad
    # a 0-d result must stay a (writable) array
    arr = _backend.namespace_of(grad._data).asarray(np.conj(grad._data))
    arr.imag += 0.0
    return record(Tensor._make(arr), ConjPhysicalBackward0, (grad,))


def is_conj(input):
    """True for a lazily conjugated view (the result of ``conj()`` on a complex tensor, and
    its views), False once resolved.

    Args:
        input: a Tensor.

    Returns:
        A Python bool.

    Example:
        >>> x = ember.tensor([1 + 2j])
        >>> ember.is_conj(x.conj()), ember.is_conj(x.conj().resolve_conj())
        (True, False)
    """
    _check_tensor("is_conj", input)
    return input._is_conj


def resolve_conj(input):
    """A tensor with ``is_conj()`` False holding the same values (``input`` when it already is).

    Args:
        input: a Tensor.

    Returns:
        ``input``, or a copy of it in new memory without the conjugate bit.

    Example:
        >>> ember.tensor([1 + 2j]).conj().resolve_conj()
        tensor([1.-2.j])
    """
    _check_tensor("resolve_conj", input)
    if not input._is_conj:
        return input
    from .shape import clone
    return clone(input)


def _resolve_neg(input):
    _check_tensor("resolve_neg", input)
    if not input._is_neg:
        return input
    from .shape import clone
    return clone(input)


def _is_neg(input):
    _check_tensor("is_neg", input)
    return input._is_neg


# --- magnitude, phase, direction ----------------------------------------------------------

def _abs(input):
    """|input|; for complex z, sqrt(a^2 + b^2) as a real tensor.   grad: grad * z/|z|."""
    if not isinstance(input, Tensor) or not _is_complex(input):
        return _REAL_ABS(input)
    with np.errstate(all="ignore"):
        # hypot rounds |z| correctly, as torch's kernel does; NumPy's complex abs is an ulp
        # off on a share of inputs (5% of complex64, 10% of complex128)
        array = computable(input)
        out = np.hypot(array.real, array.imag)
        out = wrap(out if input._dtype is not D.complex32 else out.astype(np.float16))
    return record(out, AbsBackward0, (input,), (input,))


@grad_fn("AbsBackward0", complex_aware=True)
def AbsBackward0(ctx, grad):
    (z,) = ctx.saved_tensors
    return grad * sgn(z)


@_elementwise.on_sparse_values(("compressed",), "angle")
def angle(input, *, out=None):
    """The argument (phase) of each element in radians, in (-pi, pi].

    Real inputs give 0 for x >= 0 and pi for x < 0 (nan stays nan); integers give the default
    float dtype.   For complex z: grad * i z / |z|^2 (0 at z = 0); zero for real input.

    Args:
        input: a Tensor.

    Returns:
        A real Tensor.

    Example:
        >>> ember.angle(ember.tensor([1j, -1.0 + 0j]))
        tensor([1.5708, 3.1416])
    """
    _check_tensor("angle", input)
    arr = input._data
    if input._dtype is D.complex32:
        raise complex_half_error("angle_cpu")
    if _is_complex(input):
        out = wrap(np.angle(arr))
    else:
        dt = input._dtype if input._dtype.category == D._FLOAT else D.get_default_dtype()
        a = arr.astype(dt.np, copy=False)
        out = wrap(np.where(a < 0, np.pi, np.where(np.isnan(a), a, 0)).astype(dt.np))
    return record(out, AngleBackward0, (input,), (input,))


@grad_fn("AngleBackward0", complex_aware=True)
def AngleBackward0(ctx, grad):
    (z,) = ctx.saved_tensors
    if not _is_complex(z):
        return grad * 0
    where = _elementwise.where
    norm2 = real(z) ** 2 + imag(z) ** 2
    safe = where(norm2 == 0, 1.0, norm2)
    return where(norm2 == 0, 0.0, grad * z * 1j / safe)


def sgn(input, *, out=None):
    """z / |z| for complex z (0 at 0); the sign (-1, 0, 1) for real tensors.

    For complex z with s = z/|z|: grad = (grad - Re(conj(grad) s) s) / |z| (0 at z = 0).

    Args:
        input: a Tensor.

    Returns:
        A Tensor of ``input``'s dtype.

    Example:
        >>> ember.sgn(ember.tensor([3 + 4j, 0j]))
        tensor([0.6000+0.8000j, 0.0000+0.0000j])
    """
    _check_tensor("sgn", input)
    if not _is_complex(input):
        return _REAL_SGN(input)
    arr = computable(input)
    with np.errstate(all="ignore"):
        mag = np.abs(arr)
        out = wrap(np.where(mag == 0, 0, arr / np.where(mag == 0, 1, mag)).astype(arr.dtype),
                   input._dtype)
    return record(out, SgnBackward0, (input,), (input, out))


@grad_fn("SgnBackward0", complex_aware=True)
def SgnBackward0(ctx, grad):
    where = _elementwise.where
    z, s = ctx.saved_tensors
    mag = _abs(z)
    safe = where(mag == 0, 1.0, mag)
    return where(mag == 0, 0.0, (grad - real(grad.conj() * s) * s) / safe)


def _sign(input):
    if isinstance(input, Tensor) and _is_complex(input):
        raise NotImplementedError("Unlike NumPy, ember.sign is not intended to support complex "
                                  "numbers. Please use ember.sgn instead.")
    return _REAL_SIGN(input)


def _sigmoid(input):
    """1 / (1 + e^-z) for complex z; the real kernel otherwise."""
    if not isinstance(input, Tensor) or not _is_complex(input):
        return _REAL_SIGMOID(input)
    if input._dtype is D.complex32:
        raise complex_half_error("sigmoid_cpu")
    return _elementwise.reciprocal(_elementwise.exp(-input) + 1)


def _var(input, *args, **kwargs):
    """Variance of complex input: var(real) + var(imag), a real tensor (the mean squared
    distance |z - mean|^2), as PyTorch defines it."""
    if not isinstance(input, Tensor) or not _is_complex(input):
        return _REAL_VAR(input, *args, **kwargs)
    return _REAL_VAR(real(input), *args, **kwargs) + _REAL_VAR(imag(input), *args, **kwargs)


def _std(input, *args, **kwargs):
    """Standard deviation of complex input: sqrt(var(real) + var(imag))."""
    if not isinstance(input, Tensor) or not _is_complex(input):
        return _REAL_STD(input, *args, **kwargs)
    if type(args[0] if args else kwargs.get("dim")) is float:  # named std, not var
        _reduction._check_overload_dim("std", args[0] if args else kwargs["dim"])
    return _var(input, *args, **kwargs).sqrt()


def _vdot(input, other, *, out=None):
    """sum(conj(input) * other) for complex vectors; the plain dot product for real ones
    (one VdotBackward0 node either way, as torch records)."""
    return _REAL_VDOT(input, other)


def _real_only(fn, kernel):
    """``fn`` refusing complex tensors with PyTorch's "not implemented" error."""
    def op(input, *args, **kwargs):
        # (clamp_min's complex bound beside a real input is refused by its own kernel)
        for t in (input, *args) if kernel else (input,):
            if isinstance(t, Tensor) and _is_complex(t):
                raise NotImplementedError(
                    f"\"{kernel}\" not implemented for '{type_name(t._dtype)}'" if kernel
                    else "clamp is not supported for complex types")
        return fn(input, *args, **kwargs)
    op.__name__, op.__doc__ = fn.__name__, fn.__doc__
    return op


def _conjugate_transpose(input, name, batches=True):
    """The conjugate transpose of the last two dims for ``tensor.<name>``: the conjugate alone
    (with torch's once-per-process deprecation warning) on a 0-D tensor, an error on 1-D and,
    unless ``batches``, above 2-D."""
    from .._deprecated import warn_once
    from .shape import transpose
    ndim = input._data.ndim
    if ndim == 0:
        warn_once(name, f"{'Tensor.' if name != 'adjoint()' else ''}{name} is deprecated on 0-D "
                        "tensors. Consider using x.conj().")
        return conj(input)
    if ndim < 2 or (ndim > 2 and not batches):
        spelled = f"tensor.{name}"
        if not batches:
            raise RuntimeError(f"{spelled} is only supported on matrices (2-D tensors). Got "
                               f"{ndim}-D tensor." + (" For batches of matrices, consider using "
                                                      "tensor.mH" if ndim > 2 else ""))
        raise RuntimeError(f"{spelled} is only supported on matrices or batches of matrices. "
                           f"Got {ndim}-D tensor.")
    return conj(transpose(input, -2, -1))


def _adjoint(input):
    """The conjugate transpose of the last two dims."""
    return _conjugate_transpose(input, "adjoint()")


def _mH(self):
    return _conjugate_transpose(self, "mH")


def _H(self):
    return _conjugate_transpose(self, "H", batches=False)


_REAL_ABS, _REAL_SGN = _elementwise.abs, _elementwise.sgn
_REAL_SIGN, _REAL_SIGMOID = _elementwise.sign, _elementwise.sigmoid
_REAL_VAR, _REAL_STD = _reduction.var, _reduction.std
_REAL_VDOT = _statistics.vdot
_REAL_ABS_ = _elementwise.METHODS["abs_"]
_REAL_ONLY = {name: _real_only(getattr(_elementwise, name), kernel) for name, kernel in (
    ("atan2", "atan2_cpu"), ("frac", "frac_cpu"), ("relu", None), ("clamp_min", None))}


def _argument(args, kwargs, at, name, default=None):
    return args[at] if len(args) > at else kwargs.get(name, default)


def _int_argument(op, name, value, position):
    if isinstance(value, (bool, float, tuple, list)):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be int, not "
                        f"{py_type_name(value)}")


def _softmax_arguments(op, input, args, kwargs):
    dim = _argument(args, kwargs, 0, "dim")
    if dim is None:
        raise none_dim_error(op)
    _int_argument(op, "dim", dim, 2)
    _wrap_dim(dim, max(input.ndim, 1))


def _softmax_kernel(input, args, kwargs):
    """torch's softmax kernel for the call's dim: the last dim's, or the one for another."""
    dim = _argument(args, kwargs, 0, "dim")
    if not isinstance(dim, int):
        return ""
    last = _wrap_dim(dim, max(input.ndim, 1)) == max(input.ndim, 1) - 1
    return "lastdim_kernel_impl" if last else "kernel_impl"


def _arg_extreme_arguments(op, input, args, kwargs):
    dim = _argument(args, kwargs, 0, "dim")
    if dim is not None:
        _int_argument(op, "dim", dim, 2)


def _k_arguments(op, input, args, kwargs):
    """topk's and kthvalue's checks of k and dim, which torch makes before the dtype's."""
    k, dim = _argument(args, kwargs, 0, "k"), _argument(args, kwargs, 1, "dim", -1)
    _int_argument(op, "k", k, 2)
    d = _wrap_dim(dim, input.ndim)
    size = input.shape[d] if input.ndim else 1
    if op == "kthvalue" and not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if op == "topk" and not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")


# The argument checks torch's parser and kernels make before refusing a complex input.
def _aminmax_arguments(name, input, args, kwargs):
    """aminmax's argument errors (positional dims, dims out of range) come before its dtype's:
    the real op on the real part checks them."""
    _reduction.FUNCTIONS["aminmax"](input.real, *args, **kwargs)


_ARGUMENTS_FIRST = {"softmax": _softmax_arguments, "log_softmax": _softmax_arguments,
                    "argmax": _arg_extreme_arguments, "argmin": _arg_extreme_arguments,
                    "kthvalue": _k_arguments, "topk": _k_arguments,
                    "aminmax": _aminmax_arguments}


def _refusing(fn, error, message, name=None):
    """``fn`` raising PyTorch's ``error(message)`` when its first argument is complex (after
    the checks of the other arguments torch makes first)."""
    check = _ARGUMENTS_FIRST.get(name)

    def op(input, *args, **kwargs):
        if name in _BINARY and args and isinstance(args[0], Tensor) and _is_complex(args[0]) \
                and isinstance(input, Tensor):
            input = args[0]  # the complex one is named, whichever side it is on
        if isinstance(input, Tensor) and _is_complex(input):
            if check is not None:
                check(name, input, args, kwargs)
            kernel = _softmax_kernel(input, args, kwargs) if "{kernel}" in message else ""
            raise error(message.format(type=type_name(input._dtype), kernel=kernel))
        return fn(input, *args, **kwargs)
    op.__name__, op.__doc__ = fn.__name__, fn.__doc__
    return op


_BINARY = ("maximum", "minimum", "fmax", "fmin")


def _ordering_ops():
    """The ops that need an order (or a real exponential) and refuse complex input."""
    families = [_elementwise, _reduction, _sorting, _activation]
    table = {
        "maximum": (RuntimeError, "maximum not implemented for complex tensors."),
        "minimum": (RuntimeError, "minimum not implemented for complex tensors."),
        "fmax": (RuntimeError, "fmax not implemented for complex tensors."),
        "fmin": (RuntimeError, "fmin not implemented for complex tensors."),
        "argmax": (RuntimeError, "argmax(): does not support complex input"),
        "argmin": (RuntimeError, "argmin(): does not support complex input"),
        "topk": (RuntimeError, " topk does not support complex dtypes on CPU"),
        "msort": (RuntimeError, " Sort does not support complex dtypes on CPU"),
        "kthvalue": (NotImplementedError, "\"kthvalue_cpu\" not implemented for '{type}'"),
        "aminmax": (NotImplementedError, "\"aminmax_cpu\" not implemented for '{type}'"),
        "softmax": (NotImplementedError,
                    "\"softmax_{kernel}\" not implemented for '{type}'"),
        "log_softmax": (NotImplementedError,
                        "\"log_softmax_{kernel}\" not implemented for '{type}'"),
    }
    functions, methods = {}, {}
    for name, (error, message) in table.items():
        for family in families:
            if name in family.FUNCTIONS:
                functions[name] = _refusing(family.FUNCTIONS[name], error, message, name)
            if name in family.METHODS:
                methods[name] = _refusing(family.METHODS[name], error, message, name)
    return functions, methods


_REFUSING_FUNCTIONS, _REFUSING_METHODS = _ordering_ops()


def _abs_(self):
    if _is_complex(self):
        raise RuntimeError("In-place abs is not supported for complex tensors.")
    return _REAL_ABS_(self)


def _scalar_conversion(kind, cpp_name):
    original = getattr(Tensor, f"__{kind}__")

    def convert(self):
        if _is_complex(self):
            value = self.item()  # (a tensor of several elements raises here, as torch does)
            if value.imag != 0:
                raise RuntimeError(f"value cannot be converted to type {cpp_name} without "
                                   "overflow")
            return int(value.real) if kind == "int" else float(value.real)
        return original(self)
    return convert


def _spread_mean(name):
    """std_mean / var_mean: a real spread of complex input beside its complex mean."""
    original = _reduction.FUNCTIONS[name]
    spread = _std if name == "std_mean" else _var

    def op(input, dim=None, *args, keepdim=False, **kwargs):
        if not isinstance(input, Tensor) or not _is_complex(input):
            return original(input, dim, *args, keepdim=keepdim, **kwargs)
        if type(dim) is float:  # named as the op, not the mean it takes first
            _reduction._check_overload_dim(name, dim)
        mean = input.mean() if dim is None else input.mean(dim, keepdim=keepdim)
        return spread(input, dim, *args, keepdim=keepdim, **kwargs), mean
    op.__name__, op.__doc__ = original.__name__, original.__doc__
    return op


def isreal(input):
    """True where an element has no imaginary part (every element of a real tensor).

    Args:
        input: a Tensor.

    Returns:
        A bool Tensor of ``input``'s shape.

    Example:
        >>> ember.isreal(ember.tensor([1 + 0j, 2j]))
        tensor([ True, False])
    """
    _check_tensor("isreal", input)
    if not _is_complex(input):
        return wrap(_backend.namespace_of(input._data).ones(input._data.shape, dtype=bool))
    return wrap(computable(input).imag == 0)


FUNCTIONS = {
    "is_complex": is_complex, "view_as_real": view_as_real, "view_as_complex": view_as_complex,
    "real": real, "imag": imag, "complex": complex, "polar": polar, "conj": conj,
    "conj_physical": conj_physical, "conj_physical_": conj_physical_, "is_conj": is_conj,
    "resolve_conj": resolve_conj, "resolve_neg": _resolve_neg, "is_neg": _is_neg, "angle": angle, "sgn": sgn, "abs": _abs,
    "absolute": _abs, "sign": _sign, "sigmoid": _sigmoid, "adjoint": _adjoint, "var": _var,
    "std": _std, "vdot": _vdot, "isreal": isreal,
    "std_mean": _spread_mean("std_mean"), "var_mean": _spread_mean("var_mean"), **_REAL_ONLY,
    **_REFUSING_FUNCTIONS,
}
METHODS = {
    "is_conj": is_conj, "resolve_conj": resolve_conj, "conj": conj,
    "conj_physical": conj_physical, "conj_physical_": conj_physical_,
    "resolve_neg": _resolve_neg, "is_neg": _is_neg,
    "angle": angle, "sgn": sgn, "abs": _abs, "absolute": _abs, "__abs__": _abs, "sign": _sign,
    "sigmoid": _sigmoid, "adjoint": _adjoint,
    "real": property(real, _set_part(0)), "imag": property(imag, _set_part(1)),
    "H": property(_H), "mH": property(_mH), "var": _var, "std": _std, "vdot": _vdot,
    "isreal": isreal, "abs_": _abs_, "absolute_": _abs_,
    "__float__": _scalar_conversion("float", "double"),
    "__int__": _scalar_conversion("int", "int64_t"), **_REAL_ONLY, **_REFUSING_METHODS,
}
