"""Linear algebra: matrix products (matmul, addmm..., einsum, tensordot, kron), norms,
inverses, solves and decompositions (cholesky, qr, svd, eigh), each with its derivative.

For C = A @ B:  dA = dC @ B^T,  dB = A^T @ dC. Batch dims broadcast, and the registry sums each
gradient back over the batch dims its input was broadcast along.
"""
from __future__ import annotations

import math
import operator
import warnings

import numpy as np

from .. import _aten
from .. import _backend
from .. import _dtype as D
from .. import _deprecated
from .._deprecated import warn_once
from .._aten import ACTIVE as _ATEN_ACTIVE
from .._tensor import Tensor
from ..amp.autocast_mode import cast_fp32, cast_lower, excluded
from ..autograd import forward_ad as _forward_ad, grad_mode
from ._registry import complex_half_error, no_meta_kernel
from ._registry import (broadcast_error, check_bool, check_same_device, grad_fn, not_tensor, record,
                        result_type_of, sum_to, type_name, wrap)
from .reduction import return_types
from .elementwise import _kernel_scalar, _quietly, mul_scalar
from .._deprecated import _user_stacklevel


def _check_dtypes(a, b, name="m1", other="m2"):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected {name} and {other} to have the same dtype, but got: "
                           f"{_lower(a._dtype)} != {_lower(b._dtype)}")


def _lower(dt):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "float16": "c10::Half", "bfloat16": "c10::BFloat16",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"
            }.get(dt.name, dt.name)


def _shape_str(shape):
    return "x".join(str(s) for s in shape)


# By name, so that checking for bfloat16 does not import ml_dtypes.
_HALF = ("float16", "bfloat16")


def _float32_arrays(*arrays):
    """float16/bfloat16 arrays as float32 for a product; the caller rounds the result once.

    NumPy has no fast half-precision product (float16 runs a slow non-BLAS loop, ml_dtypes'
    bfloat16 returns float32, einsum rejects it); PyTorch's CPU kernels accumulate in float32.
    """
    return tuple(x.astype(np.float32) if _is_half(x.dtype) else x for x in arrays)


def _is_half(dt):
    """float16 or bfloat16: the item size (a C attribute) first, as a dtype's name is a Python
    property that costs about as much as a small product's bookkeeping."""
    return dt.itemsize == 2 and dt.name in _HALF


def _product(a, b):
    """np.matmul(a, b) in the operands' dtype, computed in float32 for half precision."""
    if _is_half(a.dtype):
        return np.matmul(*_float32_arrays(a, b)).astype(a.dtype)
    return np.matmul(a, b)


# The kernel torch's matmul reaches for each (input.ndim, other.ndim), named in its ComplexHalf
# error.
_COMPLEX_HALF_MATMUL = {(1, 1): "dot", (2, 1): "addmv_impl_cpu", (1, 2): "addmv_impl_cpu"}


def matmul(input, other):
    """Matrix product with NumPy/PyTorch broadcasting rules for 1-D and batched operands.

    The grad_fn and the error messages follow the route PyTorch takes: dot, mv, mm, a folded
    mm/mv when one side has batch dims and the other is at most 2-D, else a broadcast bmm.
    Autocast runs it in its lower-precision dtype.
    """
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error(_COMPLEX_HALF_MATMUL.get((input.ndim, getattr(other, "ndim", 0)),
                                                          "addmm_impl_cpu_"))
    if type(input) is not Tensor and _is_sparse(input):  # sparse times dense, scipy.sparse
        return input.matmul(other)
    input, other = cast_lower(input, other)
    return _matmul(input, other)


def _matmul(input, other):
    """matmul outside autocast's reach (mv and dot, which PyTorch does not autocast)."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        name, pos, bad = ("input", 1, input) if not isinstance(input, Tensor) else \
            ("other", 2, other)
        raise TypeError(f"matmul(): argument '{name}' (position {pos}) must be Tensor, not "
                        f"{type(bad).__name__}")
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{a.ndim}D and {b.ndim}D")
    check_same_device(input, other)
    cls = _matmul_route(input, other)
    if input._dtype is D.bool_:  # the route checked that both dtypes agree
        raise NotImplementedError(f"\"{_bool_matmul_kernel(input, other)}\" not implemented "
                                  "for 'Bool'")
    if _ATEN_ACTIVE[0] and _aten.reporting():  # a __torch_dispatch__ mode sees the ATen call
        out = _aten.matmul(input, other, _should_fold(input, other))
        return record(out, cls, (input, other), (input, other))
    try:
        out = wrap(_product(a, b))
    except ValueError:
        raise RuntimeError("matmul: operands could not be multiplied") from None
    return record(out, cls, (input, other), (input, other))


def _matmul_route(input, other):
    """The node class of PyTorch's route for these operands; raises that route's errors."""
    a, b = input._data, other._data
    da, db = a.ndim, b.ndim
    if da <= 2 and db <= 2:
        if da == 1 and db == 1:
            _dot_checks(input, other)
            return DotBackward0
        if da == 2 and db == 1:
            _mv_checks(a.shape, b.shape, input, other)
            return MvBackward0
        _check_dtypes(input, other)
        _mm_checks((1,) + a.shape if da == 1 else a.shape, b.shape)
        return SqueezeBackward4 if da == 1 else MmBackward0
    if _should_fold(input, other):
        transpose = db > da
        if not transpose:  # fold a's batch into its rows: (B*n, k) @ b
            rows = (int(np.prod(a.shape[:-1])), a.shape[-1])
            small, small_tensor = b.shape, other
        else:  # b^T folded: (B*m, k) @ a^T
            rows = (int(np.prod(b.shape[:-2])) * b.shape[-1], b.shape[-2])
            small, small_tensor = (a.shape[::-1] if da == 2 else a.shape), input
        big_tensor = other if transpose else input
        if len(small) == 1:
            _mv_checks(rows, small, big_tensor, small_tensor)
            return UnsafeViewBackward0
        _check_dtypes(big_tensor, small_tensor)
        _mm_checks(rows, small)
        return CloneBackward0 if transpose else UnsafeViewBackward0
    _bmm_route_checks(input, other)
    return UnsafeViewBackward0


def _bool_matmul_kernel(input, other):
    """The kernel of torch's matmul route for these operands, which its error for bool names."""
    da, db = input.ndim, other.ndim
    if da == db == 1:
        return "dot"
    if da <= 2 and db <= 2:
        return "addmv_impl_cpu" if db == 1 else "addmm_impl_cpu_"
    if _should_fold(input, other):
        return "addmv_impl_cpu" if min(da, db) == 1 else "addmm_impl_cpu_"
    return "bmm"


def _should_fold(input, other):
    """PyTorch folds the batch of the bigger operand into mm/mv rows when the other one is at
    most 2-D and either needs a gradient or folding needs no copy."""
    a, b = input._data, other._data
    larger = a.ndim >= b.ndim
    big = a if larger else np.swapaxes(b, -1, -2)
    small_tensor = other if larger else input
    if not (big.ndim >= 3 and small_tensor._data.ndim <= 2):
        return False
    if small_tensor._requires_grad and grad_mode.is_grad_enabled():
        return True
    if a.ndim == 2:
        return False
    if big.size == 0:
        return True
    strides, shape = big.strides, big.shape
    # The batch and row dims must merge into one; a dim of size 1 merges with any stride (NumPy
    # gives an inserted axis stride 0 where torch computes one).
    kept = [i for i in range(big.ndim - 1) if shape[i] != 1]
    return all(strides[i] == strides[j] * shape[j] for i, j in zip(kept, kept[1:]))


def _dot_checks(input, other):
    if input._dtype is not other._dtype:
        raise RuntimeError("dot : expected both vectors to have same dtype, but found "
                           f"{type_name(input._dtype)} and {type_name(other._dtype)}")
    n, m = input._data.shape[0], other._data.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                           f"have the same number of elements, but got {n} and {m} elements "
                           "respectively")


def _mv_checks(mat_shape, vec_shape, mat, vec):
    if mat._dtype is not vec._dtype:
        raise RuntimeError("addmv input tensors must have the same dtype, but got "
                           f"{type_name(vec._dtype)}, {type_name(mat._dtype)}, and "
                           f"{type_name(vec._dtype)}")
    if mat_shape[1] != vec_shape[0]:
        raise RuntimeError(f"size mismatch, got input ({mat_shape[0]}), mat "
                           f"({_shape_str(mat_shape)}), vec ({vec_shape[0]})")


def _mm_checks(shape_a, shape_b):
    if shape_a[1] != shape_b[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_shape_str(shape_a)} "
                           f"and {_shape_str(shape_b)})")


def _bmm_route_checks(input, other):
    """Broadcast the batch dims (PyTorch's size message), then bmm's checks on the flattened
    batch."""
    a, b = input._data, other._data
    a2 = a.shape if a.ndim > 1 else (1,) + a.shape
    b2 = b.shape if b.ndim > 1 else b.shape + (1,)
    batch_a, batch_b = a2[:-2], b2[:-2]
    ndim = max(len(batch_a), len(batch_b))
    for i in range(1, ndim + 1):
        x = batch_a[-i] if i <= len(batch_a) else 1
        y = batch_b[-i] if i <= len(batch_b) else 1
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b "
                               f"({y}) at non-singleton dimension {ndim - i}")
    batch = int(np.prod(np.broadcast_shapes(batch_a, batch_b)))
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(other._dtype)}")
    if a2[-1] != b2[-2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch}, {a2[-1]}] but got: [{batch}, {b2[-2]}].")


def _matmul_backward(ctx, grad):
    """dA = dC @ B^T, dB = A^T @ dC on the operands seen as (batched) matrices; 1-D operands
    come back from their unsqueezed shapes, and the registry sums broadcast batch dims."""
    a, b = ctx.saved_tensors
    a2 = a.unsqueeze(0) if a.ndim == 1 else a
    b2 = b.unsqueeze(-1) if b.ndim == 1 else b
    shape = tuple(np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])) + \
        (a2.shape[-2], b2.shape[-1])
    if a.ndim == 1 and b.ndim == 1:  # dot: the gradients are products with a scalar
        return (grad * b if ctx.needs_input_grad[0] else None,
                grad * a if ctx.needs_input_grad[1] else None)
    g = grad.reshape(shape) if tuple(grad.shape) != shape else grad
    ga = gb = None
    # The products are those torch's backward computes (the second operand's first), which a
    # __torch_dispatch__ mode (FLOP counting) sees: mv for a vector, one folded mm for a
    # matrix met by a batch, the transposed layout for a transposed matrix (linear's weight).
    if ctx.needs_input_grad[1]:
        if b.ndim == 1 and a.ndim == 2:
            gb = matmul(a.mT, grad)
        elif b.ndim == 2 and a.ndim >= 3:
            gb = matmul(a.reshape(-1, a.shape[-1]).mT, g.reshape(-1, g.shape[-1]))
        elif b.ndim == 2 and a.ndim == 2 and _column_major(b._data):
            gb = matmul(g.t(), a).t()
        else:
            gb = matmul(_t(a2), g)
            if b.ndim == 1:
                gb = sum_to(gb, tuple(b2.shape), "matmul").reshape(b.shape)
    if ctx.needs_input_grad[0]:
        if b.ndim == 1 and a.ndim == 2:
            ga = grad.unsqueeze(-1) * b
        else:
            ga = matmul(g, _t(b2))
            if a.ndim == 1:
                ga = sum_to(ga, tuple(a2.shape), "matmul").reshape(a.shape)
    return ga, gb


def _t(matrix):
    """The transpose a backward formula takes: t() of a matrix (TBackward0 under create_graph,
    as torch's mm formulas), the last two dims of a batch (TransposeBackward0)."""
    return matrix.t() if matrix.ndim == 2 else matrix.mT


def _column_major(array):
    """torch's test for computing a product's gradient in the transposed layout: an (n, m)
    matrix with element strides (1, n), as ``weight.t()`` of a row-major weight is (a size-1
    dim included: (32, 1) from a (1, 32) weight), so that the weight's gradient comes out
    row-major and becomes its ``.grad`` as it is."""
    step = array.itemsize
    return array.strides[0] == step and array.strides[1] == array.shape[0] * step


MmBackward0 = grad_fn("MmBackward0")(_matmul_backward)
DotBackward0 = grad_fn("DotBackward0")(_matmul_backward)
MvBackward0 = grad_fn("MvBackward0")(_matmul_backward)
BmmBackward0 = grad_fn("BmmBackward0")(_matmul_backward)
SqueezeBackward4 = grad_fn("SqueezeBackward4")(_matmul_backward)
UnsafeViewBackward0 = grad_fn("UnsafeViewBackward0")(_matmul_backward)
CloneBackward0 = grad_fn("CloneBackward0")(_matmul_backward)


def mm(input, mat2):
    """The product of two matrices, (n, m) @ (m, p) -> (n, p); no broadcasting (see ``matmul``).

    Args:
        input: a 2-D Tensor.
        mat2: a 2-D Tensor whose first size equals input's second.

    Returns:
        A new (n, p) Tensor.

    Example:
        >>> a = ember.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> ember.mm(a, ember.eye(2))
        tensor([[1., 2.],
                [3., 4.]])
    """
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("addmm_impl_cpu_")
    if type(input) is not Tensor and _is_sparse(input):  # sparse times dense, scipy.sparse
        return input.mm(mat2)
    for position, (arg, value) in enumerate((("input", input), ("mat2", mat2)), 1):
        if not isinstance(value, Tensor):
            raise not_tensor("mm", value, arg, position)
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(input, mat2)


_CPP_TYPE = {D.float32: "float", D.float64: "double", D.float16: "c10::Half",
             D.bfloat16: "c10::BFloat16", D.int64: "long int", D.int32: "int",
             D.int16: "short int", D.int8: "signed char", D.uint8: "unsigned char",
             D.bool_: "bool", D.complex64: "c10::complex<float>",
             D.complex128: "c10::complex<double>"}


def _int_mm(input, mat2):
    """The product of an int8 (or uint8) matrix and an int8 matrix, accumulated and returned in
    int32, as integer-quantized matmuls compute it: (n, m) @ (m, p) -> (n, p) int32, wrapping
    around on int32 overflow. No gradient (integer inputs).

    Args:
        input: a 2-D int8 or uint8 Tensor.
        mat2: a 2-D int8 Tensor whose first size equals input's second.

    Returns:
        A new (n, p) int32 Tensor.

    Example:
        >>> a = ember.tensor([[100, -100]], dtype=ember.int8)
        >>> ember._int_mm(a, ember.tensor([[100], [-100]], dtype=ember.int8))
        tensor([[20000]], dtype=ember.int32)
    """
    for position, (arg, value) in enumerate((("self", input), ("mat2", mat2)), 1):
        if not isinstance(value, Tensor):
            raise not_tensor("_int_mm", value, arg, position)
    input.size(0), mat2.size(1)  # the result's sizes are read first: torch's IndexError
    for name, value in (("self", input), ("mat2", mat2)):
        if value.ndim != 2:
            raise RuntimeError(f"int_mm_out_cpu: Expected {name} to be of dimension 2 but got "
                               f"{value.ndim}")
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"int_mm_out_cpu: self.size(1) needs to match mat2.size(0) but got "
                           f"{input.shape[1]} and {mat2.shape[0]}")
    if input._dtype not in (D.int8, D.uint8):
        raise RuntimeError(f"int_mm_out_cpu: Expected self dtype to be int8 or uint8 but got "
                           f"{_CPP_TYPE.get(input._dtype, input._dtype.name)}")
    if mat2._dtype is not D.int8:
        raise RuntimeError(f"int_mm_out_cpu: Expected mat2 dtype to be of type int8 but got "
                           f"{_CPP_TYPE.get(mat2._dtype, mat2._dtype.name)}")
    check_same_device(input, mat2)
    xp = _backend.namespace_of(input._data)
    # int32 products summed in int32: the same wrap-around torch's int32 accumulator has
    a, b = input._data.astype(np.int32), mat2._data.astype(np.int32)
    return wrap(xp.matmul(a, b), D.int32)


def bmm(input, mat2):
    """Batched product of (b, n, m) and (b, m, p) tensors."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("bmm")
    input, mat2 = cast_lower(input, mat2)
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if input._dtype is not mat2._dtype:
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(mat2._dtype)}")
    if input.shape[0] != mat2.shape[0] or input.shape[2] != mat2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input.shape[0]}, {input.shape[2]}] but got: "
                           f"[{mat2.shape[0]}, {mat2.shape[1]}].")
    check_same_device(input, mat2)
    if input._dtype is D.bool_:
        raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    if _ATEN_ACTIVE[0] and _aten.reporting():
        out = _aten.call(_aten.aten.bmm.default, (input, mat2))
    else:
        out = wrap(_product(input._data, mat2._data))
    return record(out, BmmBackward0, (input, mat2), (input, mat2))


def _is_sparse(input):
    """A sparse matrix of any layout (their products run on scipy.sparse)."""
    return getattr(getattr(input, "layout", None), "_name", "strided") != "strided"


def mv(input, vec):
    """Matrix-vector product."""
    if type(input) is not Tensor and _is_sparse(input):  # sparse times dense, scipy.sparse
        return input.mv(vec)
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return _matmul(input, vec)


def dot(input, other):
    """Inner product of two 1-D tensors."""
    if isinstance(input, Tensor) and input._dtype is D.complex32:
        raise complex_half_error("dot")
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D "
                           "tensors")
    return _matmul(input, other)


inner_1d = dot


def outer(input, vec2):
    """Outer product: out[i, j] = input[i] * vec2[j]."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.ndim}-D")
    return input.unsqueeze(1) * vec2.unsqueeze(0)


ger = outer


def vector_norm(x=None, ord=2, dim=None, keepdim=False, *, dtype=None, input=None):
    """(sum |x|^ord)^(1/ord) over dims; ord inf/-inf give max/min |x|, 0 counts nonzeros.
    d/dx = x |x|^(ord-2) / norm^(ord-1) (for ord=2: x / norm, 0 where norm is 0)."""
    if x is None and input is None:  # torch's parser takes the tensor as x or as input
        raise TypeError('linalg_vector_norm() missing 1 required positional arguments: "x"')
    input = x if input is None else input
    if isinstance(ord, str) or ord is None:
        raise TypeError("linalg_vector_norm(): argument 'ord' (position 2) must be Number, not "
                        f"{type(ord).__name__}")
    if input._dtype.category < D._FLOAT:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {type_name(input._dtype)}")
    from .reduction import _dims
    dims = _dims(dim, input._data.ndim)
    if (ord < 0 or ord == float("inf")) and input._data.size == 0:
        _refuse_empty_norm(input, ord, dim)
    x = input._data if dtype is None else \
        input._data.astype(_check_norm_dtype("linalg.vector_norm", input, dtype).np)
    from .reduction import _accumulating, _rounded
    ax = _accumulating(np.abs(x))
    with np.errstate(all="ignore"):
        if ord == 2:
            r = np.sqrt(np.sum(ax * ax, axis=dims, keepdims=keepdim))
        elif ord == float("inf"):
            r = np.max(ax, axis=dims, keepdims=keepdim)
        elif ord == float("-inf"):
            r = np.min(ax, axis=dims, keepdims=keepdim)
        elif ord == 0:
            r = np.sum(ax != 0, axis=dims, keepdims=keepdim).astype(x.dtype)
        elif ord == 1:
            r = np.sum(ax, axis=dims, keepdims=keepdim)
        else:
            r = np.sum(ax ** ord, axis=dims, keepdims=keepdim) ** (1.0 / ord)
    r = _rounded(_backend.namespace_of(r).asarray(r), x.real.dtype)
    out = wrap(r, D.from_numpy_dtype(x.dtype) if x.dtype.kind != "c" else
               input._dtype.to_real())
    return record(out, LinalgVectorNormBackward0, (input,), (input, out), dims=dims,
                  keepdim=keepdim, ord=ord)


def _refuse_empty_norm(input, ord, dim):
    """torch's refusal of a norm with no identity (a negative or infinite ord: a minimum, a
    maximum or a reciprocal sum) over no elements, where NumPy gave inf or its ValueError."""
    shown = f"{ord:g}"
    if dim is None:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {shown} norm on an empty "
                           f"tensor because the operation does not have an identity")
    for d in (dim,) if isinstance(dim, int) else dim:
        if input._data.shape[d] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {shown} norm on the "
                               f"dimension {d}because this dimension is empty and the operation "
                               f"does not have an identity")


@grad_fn("LinalgVectorNormBackward0")
def LinalgVectorNormBackward0(ctx, grad):
    from .elementwise import where
    from .reduction import _expand_back
    x, out = ctx.saved_tensors
    shape = ctx._input_meta[0][0]
    g = _expand_back(grad, shape, ctx.dims, ctx.keepdim)
    n = _expand_back(out, shape, ctx.dims, ctx.keepdim)
    p = ctx.ord
    if p == 0:
        return None  # torch defines no gradient for the count of nonzeros: x.grad stays None
    if p == 1:
        return g * x.sign()
    if p == 2:
        return g * where(n == 0, 0.0, x / n)
    if p in (float("inf"), float("-inf")):
        mask = x.abs() == n
        return g * x.sign() * mask / mask.sum(ctx.dims, keepdim=True)
    return _general_norm_grad(x, n, g, p)


def _general_norm_grad(x, n, g, p):
    """g * d||x||_p/dx for p other than 0, 1, 2 and +-inf, with x, n (the norm) and g of x's
    shape: sgn(x) |x|^(p-1) / n^(p-1), taken as 0 where x is 0 (below p = 2 the power is
    infinite or its product with 0 undefined there) and where the norm is 0, as torch does."""
    from .elementwise import where
    ax = x.abs()
    if p < 1:
        zero = x == 0
        ax = where(zero, 1.0, ax)  # keeps the masked-out power finite (and its derivative)
        return where(zero, 0.0, x.sgn() * ax ** (p - 1)) * (g * n ** (1 - p))
    scale = where(n == 0, 0.0, g / n ** (p - 1))
    if p < 2:
        return x.sgn() * ax ** (p - 1) * scale
    return x * ax ** (p - 2) * scale


# --- products with an added term: addmm, addmv, addr, baddbmm, addbmm ------------------------

def _scaled(x, factor):
    """x * factor as torch's maybe_multiply: x itself for a factor of 1, else MulBackward1."""
    return x if factor == 1 else mul_scalar(x, factor)


def _add_product(name, cls, input, a, b, beta, alpha, product, shape_check):
    """beta * input + alpha * product(a, b), input broadcast to the product's shape."""
    _check_dtypes(a, b)
    shape_check(a._data, b._data)
    if input._dtype is not a._dtype and name != "addr":
        raise _input_dtype_error(name, input, a, b)
    if name == "addr":
        dt = result_type_of(input, a)
        beta, alpha = (_addr_scalar(value, dt, arg) for value, arg in
                       ((beta, "beta"), (alpha, "alpha")))
    else:
        if a._dtype is D.bool_:
            raise NotImplementedError(f"\"{_PRODUCT_KERNELS[name]}\" not implemented for 'Bool'")
        beta, alpha = (_product_scalar(value, a._dtype) for value in (beta, alpha))
    if _ATEN_ACTIVE[0] and name in ("addmm", "baddbmm") and _aten.reporting():
        out = _aten.call(getattr(_aten.aten, name).default, (input, a, b),
                         {"beta": beta, "alpha": alpha})
        return record(out, cls, (input, a, b), (a, b), beta=beta, alpha=alpha)
    a_arr, b_arr, input_arr = _float32_arrays(a._data, b._data, input._data)
    prod = product(a_arr, b_arr)
    if alpha != 1:
        prod = prod * alpha
    try:
        base = np.broadcast_to(input_arr, prod.shape)
    except ValueError:
        input.detach().expand(prod.shape)
        raise
    out = prod + base * beta if beta != 0 else prod.copy()
    # addr promotes as elementwise ops do; the others have input of the product's dtype
    dt = result_type_of(input, a) if name == "addr" else a._dtype
    return record(wrap(out.astype(dt.np, copy=False), dt), cls, (input, a, b), (a, b),
                  beta=beta, alpha=alpha)


# The CPU kernels whose names torch's refusal of a bool product gives.
_PRODUCT_KERNELS = {"addmm": "addmm_impl_cpu_", "addbmm": "addmm_impl_cpu_",
                    "addmv": "addmv_impl_cpu", "baddbmm": "baddbmm"}


def _product_scalar(value, dt):
    """beta or alpha of addmm, addmv, baddbmm and addbmm as their kernels read it: in the
    product's dtype (its float32 compute type for a half one), so an integral product takes
    a float truncated toward zero and a real one refuses a complex with an imaginary part."""
    if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
        return value
    return _kernel_scalar(value, dt)


def _addr_scalar(value, dt, arg):
    """addr's beta or alpha checked against its result dtype ``dt`` as add's alpha is: a bool
    only beside a bool result, no float or complex beside an integral (or bool) one, and no
    complex with an imaginary part beside a real one."""
    if isinstance(value, bool):
        if dt is not D.bool_:
            raise RuntimeError(f"Boolean {arg} only supported for Boolean results.")
        return value
    if not isinstance(value, (int, float, complex)):
        return value
    if dt.category <= D._INT and isinstance(value, (float, complex)):
        raise RuntimeError(f"For integral input tensors, argument {arg} must not be a "
                           "floating point number.")
    return value if dt is D.bool_ else _kernel_scalar(value, dt, opmath=False)


def _input_dtype_error(name, input, a, b):
    """torch's error for an added input whose dtype is not the product's (it does not
    promote; each kernel words it its own way)."""
    if name == "baddbmm":
        return RuntimeError(f"Input dtypes must be the same, got: input {_lower(input._dtype)}, "
                            f"batch1: {_lower(a._dtype)}, batch2: {_lower(b._dtype)}")
    if name == "addmv":
        return RuntimeError(f"addmv input tensors must have the same dtype, but got "
                            f"{type_name(input._dtype)}, {type_name(a._dtype)}, and "
                            f"{type_name(b._dtype)}")
    return RuntimeError(f"self and mat2 must have the same dtype, but got "
                        f"{type_name(input._dtype)} and {type_name(a._dtype)}")


def _matrix_pair(name_a, name_b):
    def check(a, b):
        if a.shape[-1] != b.shape[-2]:
            raise RuntimeError(f"{name_a} and {name_b} shapes cannot be multiplied "
                               f"({_shape_str(a.shape)} and {_shape_str(b.shape)})")
    return check


def addmm(input, mat1, mat2, *deprecated, beta=1, alpha=1, out=None):
    """beta * input + alpha * (mat1 @ mat2).
    d/dinput = beta * grad; d/dmat1 = alpha * grad @ mat2^T; d/dmat2 = alpha * mat1^T @ grad."""
    if deprecated:  # addmm(beta, input, [alpha,] mat1, mat2): PyTorch's deprecated order
        input, mat1, mat2, beta, alpha = _deprecated.product_scalars_first(
            "addmm", (input, mat1, mat2) + deprecated)
    if type(mat1) is not Tensor and _is_sparse(mat1) and out is None:  # scipy.sparse product
        from ..sparse._coo import addmm_sparse_operand
        return addmm_sparse_operand(input, mat1, mat2, beta, alpha)
    input, mat1, mat2 = cast_lower(input, mat1, mat2)
    if mat1.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f"mat1 must be a matrix, got {mat1.ndim}-D tensor" if mat1.ndim != 2
                           else f"mat2 must be a matrix, got {mat2.ndim}-D tensor")
    return _add_product("addmm", AddmmBackward0, input, mat1, mat2, beta, alpha, np.matmul,
                        _matrix_pair("mat1", "mat2"))


def _add_product_backward(ctx, grad, sum_batches=False):
    a, b = ctx.saved_tensors
    gi = _scaled(grad, ctx.beta) if ctx.needs_input_grad[0] else None
    ga = gb = None
    if sum_batches:
        grad = grad.unsqueeze(0).expand(a.shape[0], *grad.shape)
    if ctx.needs_input_grad[1]:
        ga = _scaled(matmul(grad, _t(b)), ctx.alpha)
    if ctx.needs_input_grad[2]:
        gb = _scaled(matmul(_t(a), grad), ctx.alpha)
    return gi, ga, gb


AddmmBackward0 = grad_fn("AddmmBackward0")(_add_product_backward)
BaddbmmBackward0 = grad_fn("BaddbmmBackward0")(_add_product_backward)
AddbmmBackward0 = grad_fn("AddbmmBackward0")(
    lambda ctx, grad: _add_product_backward(ctx, grad, sum_batches=True))


def baddbmm(input, batch1, batch2, *deprecated, beta=1, alpha=1, out=None):
    """beta * input + alpha * (batch1 @ batch2) for (b, n, m) and (b, m, p) batches."""
    if deprecated:  # baddbmm(beta, input, [alpha,] batch1, batch2): PyTorch's deprecated order
        input, batch1, batch2, beta, alpha = _deprecated.product_scalars_first(
            "baddbmm", (input, batch1, batch2) + deprecated)
    input, batch1, batch2 = cast_lower(input, batch1, batch2)
    if batch1.ndim != 3 or batch2.ndim != 3:
        # torch reads the result's sizes (batch1's first two, batch2's third) and expands
        # input to them before it checks the ranks
        input.expand(batch1.size(0), batch1.size(1), batch2.size(2))
    _check_batches(batch1, batch2)
    return _add_product("baddbmm", BaddbmmBackward0, input, batch1, batch2, beta, alpha,
                        np.matmul, lambda a, b: None)


def addbmm(input, batch1, batch2, *deprecated, beta=1, alpha=1, out=None):
    """beta * input + alpha * sum over the batch of batch1[i] @ batch2[i]."""
    if deprecated:  # addbmm(beta, input, [alpha,] batch1, batch2): PyTorch's deprecated order
        input, batch1, batch2, beta, alpha = _deprecated.product_scalars_first(
            "addbmm", (input, batch1, batch2) + deprecated)
    input, batch1, batch2 = cast_lower(input, batch1, batch2)
    _check_batches(batch1, batch2)
    return _add_product("addbmm", AddbmmBackward0, input, batch1, batch2, beta, alpha,
                        lambda a, b: np.matmul(a, b).sum(0), lambda a, b: None)


def _check_batches(batch1, batch2):
    if batch1.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if batch2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if batch1.shape[0] != batch2.shape[0] or batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{batch1.shape[0]}, {batch1.shape[2]}] but got: "
                           f"[{batch2.shape[0]}, {batch2.shape[1]}].")


def addmv(input, mat, vec, *deprecated, beta=1, alpha=1, out=None):
    """beta * input + alpha * (mat @ vec).
    d/dmat = alpha * outer(grad, vec); d/dvec = alpha * mat^T @ grad."""
    if deprecated:  # addmv(beta, input, [alpha,] mat, vec): PyTorch's deprecated order
        input, mat, vec, beta, alpha = _deprecated.product_scalars_first(
            "addmv", (input, mat, vec) + deprecated)
    if mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, "
                           f"{vec.ndim}")

    def check(a, b):
        if a.shape[1] != b.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({_shape_str(input.shape)}), mat "
                               f"({_shape_str(a.shape)}), vec ({b.shape[0]})")
    return _add_product("addmv", AddmvBackward0, input, mat, vec, beta, alpha, np.matmul,
                        check)


@grad_fn("AddmvBackward0")
def AddmvBackward0(ctx, grad):
    mat, vec = ctx.saved_tensors
    gi = _scaled(grad, ctx.beta) if ctx.needs_input_grad[0] else None
    gm = _scaled(outer(grad, vec), ctx.alpha) if ctx.needs_input_grad[1] else None
    gv = _scaled(matmul(mat.t(), grad), ctx.alpha) if ctx.needs_input_grad[2] else None
    return gi, gm, gv


def addr(input, vec1, vec2, *deprecated, beta=1, alpha=1, out=None):
    """beta * input + alpha * outer(vec1, vec2).
    d/dvec1 = alpha * grad @ vec2; d/dvec2 = alpha * grad^T @ vec1."""
    if deprecated:  # addr(beta, input, [alpha,] vec1, vec2): PyTorch's deprecated order
        input, vec1, vec2, beta, alpha = _deprecated.product_scalars_first(
            "addr", (input, vec1, vec2) + deprecated)
    if vec1.ndim != 1 or vec2.ndim != 1:
        raise RuntimeError(f"addr: Expected 1-d argument vec1, but got {vec1.ndim}-d" if
                           vec1.ndim != 1 else
                           f"addr: Expected 1-d argument vec2, but got {vec2.ndim}-d")
    return _add_product("addr", AddrBackward0, input, vec1, vec2, beta, alpha, np.outer,
                        lambda a, b: None)


@grad_fn("AddrBackward0")
def AddrBackward0(ctx, grad):
    v1, v2 = ctx.saved_tensors
    gi = _scaled(grad, ctx.beta) if ctx.needs_input_grad[0] else None
    g1 = _scaled(matmul(grad, v2), ctx.alpha) if ctx.needs_input_grad[1] else None
    g2 = _scaled(matmul(grad.t(), v1), ctx.alpha) if ctx.needs_input_grad[2] else None
    return gi, g1, g2


# --- einsum, tensordot, kron, cross, multi_dot -------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _check_dots(term, where):
    """Each '.' must belong to the one ellipsis of its term."""
    i, seen = 0, False
    while i < len(term):
        if term[i] == ".":
            if seen:
                ending = " but an ellipsis (...) was already found" if where == "output" else \
                    " for which an ellipsis was already found"
                raise RuntimeError(f"einsum(): found '.' for {where}{ending}")
            if term[i:i + 3] != "...":
                ending = " (...)" if where == "output" else ""
                raise RuntimeError(f"einsum(): found '.' for {where} that is not part of any "
                                   f"ellipsis{ending}")
            seen = True
            i += 3
            continue
        i += 1


def _parse_einsum(equation, shapes):
    """Explicit subscripts (ellipses spelled out as letters) for each operand and the output."""
    arrow_at = equation.find("->")
    for i, c in enumerate(equation):
        if c not in _LETTERS and c not in " ." and not (c == "," and (
                arrow_at < 0 or i < arrow_at)) and not (arrow_at >= 0 and i in (arrow_at,
                                                                                 arrow_at + 1)):
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                               "equation string, subscripts must be in [a-zA-Z]")
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the "
                           "equation")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the "
                           "equation")
    for k, term in enumerate(terms):
        _check_dots(term, f"operand {k}")
    if arrow:
        _check_dots(rhs, "output")
    free = [c for c in _LETTERS if c not in eq]
    widths = []
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        named = len(term.replace("...", ""))
        if "..." in term:
            widths.append(len(shape) - named)
        elif named != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) "
                               f"does not match the number of dimensions ({len(shape)}) for "
                               f"operand {k} and no ellipsis was given")
    width = max(widths, default=0)
    ellipsis = "".join(free[:width])
    subs = []
    for term, shape in zip(terms, shapes):
        if "..." in term:
            own = len(shape) - len(term.replace("...", ""))
            term = term.replace("...", ellipsis[width - own:])
        subs.append(term)
    if arrow:
        out = rhs.replace("...", ellipsis)
        for c in rhs.replace(".", ""):
            if rhs.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in "
                                   "the output")
        for c in out:
            if not any(c in t for t in subs):
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the "
                                   "equation for any input operand")
    else:
        counts = {}
        for t in subs:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        out = ellipsis + "".join(sorted(c for c, n in counts.items()
                                        if n == 1 and c not in ellipsis))
    sizes = {}
    for k, (term, shape) in enumerate(zip(subs, shapes)):
        own = {}
        for c, n in zip(term, shape):
            if c in own and own[c] != n:
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {k} but the "
                                   f"sizes don't match, {n} != {own[c]}")
            own[c] = n
        for position, (c, n) in enumerate(zip(term, shape)):
            seen = sizes.get(c)
            if seen is None or seen == 1:
                sizes[c] = n
            elif n != seen and n != 1:
                if c in ellipsis:  # (torch's text, its missing space too)
                    dim = position - terms[k].replace("...", "\0").index("\0")
                    raise RuntimeError(f"einsum(): dimension {dim} covered by ellipsis in "
                                       f"operand {k}has size {n} which does not broadcast with "
                                       f"previously seen ellipsis with size {seen} for the "
                                       "respective dimension")
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {k} which "
                                   f"does not broadcast with previously seen size {seen}")
    return subs, out, sizes


def _sublist_equation(arguments):
    """The equation and operands of einsum's sublist form ``einsum(op0, sublist0, op1,
    sublist1, ..., [sublist_out])``: each sublist holds ints in [0, 52) (A-Z, then a-z, as
    torch's errors name them) or Ellipsis."""
    def letters(sublist):
        out = []
        for s in sublist:
            if s is Ellipsis:
                out.append("...")
            elif not 0 <= operator.index(s) < 52:
                raise ValueError("einsum(): subscript in subscript list is not within the valid "
                                 "range [0, 52)")
            else:
                out.append(chr(ord("A") + s) if s < 26 else chr(ord("a") + s - 26))
        return "".join(out)
    output = None
    if len(arguments) % 2:  # an output sublist closes the call
        arguments, output = arguments[:-1], letters(arguments[-1])
    equation = ",".join(letters(s) for s in arguments[1::2])
    return equation + ("" if output is None else "->" + output), tuple(arguments[0::2])


def einsum(equation, *operands):
    """Sum of products of the operands' elements, indexed as the equation says (or given in
    the sublist form ``einsum(op0, [0, 1], op1, [1, 2], [0, 2])``).
    d/doperand_k = einsum of the gradient with the other operands into operand k's indices."""
    if isinstance(equation, Tensor):
        equation, operands = _sublist_equation((equation, *operands))
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not "
                        f"{type(equation).__name__}")
    for k, o in enumerate(operands):
        if not isinstance(o, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument 1, but got "
                            f"{type(o).__name__}")
    subs, out_sub, sizes = _parse_einsum(equation, [o._data.shape for o in operands])
    operands = _einsum_cast(subs, out_sub, operands)
    if _contracts(subs, out_sub):
        # PyTorch contracts operand pairs with bmm, which autocast runs in low precision.
        operands = cast_lower(*operands)
    spec = ",".join(subs) + "->" + out_sub
    dt = operands[0]._dtype
    if _ATEN_ACTIVE[0] and len(operands) == 2 and _aten.reporting() and \
            _contracts(subs, out_sub) and all(len(set(sub)) == len(sub) for sub in subs):
        # A dispatch mode (FlopCounterMode) sees the bmm torch's einsum makes of a pair, in
        # the forward and, through bmm's own derivative, in the backward.
        return _einsum_pair_by_bmm(subs, out_sub, sizes, operands)
    arrays = _float32_arrays(*(o._data for o in operands))
    result = np.einsum(spec, *arrays, optimize=len(arrays) > 2) if len(arrays) > 1 else \
        np.einsum(spec, *arrays)
    return record(wrap(_backend.namespace_of(result).asarray(result, dtype=dt.np)),
                  _EINSUM_NODES[_einsum_name(subs, out_sub)], tuple(operands), tuple(operands),
                  subs=subs, out_sub=out_sub, sizes=sizes)


def _einsum_cast(subs, out_sub, operands):
    """The operands in the dtypes PyTorch's einsum gives them, or its error. It sums first
    the letters only one operand has (so an integer or bool operand becomes int64, as sum
    makes it), then takes the operands left to right: a pair that shares a letter no later
    operand nor the output has is contracted by bmm, which wants one dtype and has no bool
    kernel; any other pair is multiplied, which promotes."""
    dtypes = []
    for k, sub in enumerate(subs):
        kept = set(out_sub).union(*(subs[:k] + subs[k + 1:]))
        dt = operands[k]._dtype
        if any(c not in kept for c in sub) and dt.category < D._FLOAT:
            dt = D.int64
        dtypes.append(dt)
    result, letters = dtypes[0], set(subs[0])
    for k in range(1, len(subs)):
        later = set(out_sub).union(*subs[k + 1:])
        if (letters & set(subs[k])) - later:
            if dtypes[k] is not result:
                raise RuntimeError(f"expected scalar type {type_name(result)} but found "
                                   f"{type_name(dtypes[k])}")
            if result is D.bool_:
                raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
        else:
            result = D.promote_types(result, dtypes[k])
        letters = (letters | set(subs[k])) & later
    if all(o._dtype is result for o in operands):
        return operands
    return tuple(o if o._dtype is result else o.to(result) for o in operands)


def _einsum_pair_by_bmm(subs, out_sub, sizes, operands):
    """Two einsum operands contracted with ember ops as torch's einsum decomposes them:
    letters only one operand has and the output lacks summed away, then (batch, left, summed)
    @ (batch, summed, right) by bmm, each group's letters in output order (summed ones in the
    first operand's), reshaped and permuted to ``out_sub``."""
    first, second = subs
    batch = [c for c in out_sub if c in first and c in second]
    left = [c for c in out_sub if c in first and c not in second]
    right = [c for c in out_sub if c in second and c not in first]
    summed = [c for c in first if c in second and c not in out_sub]

    def arrange(operand, sub, groups):
        private = [i for i, c in enumerate(sub) if not any(c in group for group in groups)]
        if private:
            operand = operand.sum(private)
            sub = "".join(c for i, c in enumerate(sub) if i not in private)
        order = [c for group in groups for c in group]
        operand = operand.permute([sub.index(c) for c in order])
        operand = operand.expand([sizes[c] for c in order])
        return operand.reshape([math.prod(sizes[c] for c in group) for group in groups])
    product = bmm(arrange(operands[0], first, (batch, left, summed)),
                  arrange(operands[1], second, (batch, summed, right)))
    grid = batch + left + right
    product = product.reshape([sizes[c] for c in grid])
    order = [grid.index(c) for c in out_sub]
    return product.permute(order) if order != sorted(order) else product


def _contracts(subs, out_sub):
    """True when a letter shared by two operands is summed away (a matrix product)."""
    seen, shared = set(), set()
    for sub in subs:
        letters = set(sub)
        shared |= seen & letters
        seen |= letters
    return bool(shared - set(out_sub))


def _einsum_name(subs, out_sub):
    """The grad_fn PyTorch shows for einsum: that of the last op of its decomposition (a
    permute, a sum, an elementwise product, or the view after a batched product)."""
    if len(subs) == 1:
        return "PermuteBackward0" if len(out_sub) == len(set(subs[0])) else "SumBackward1"
    if len(subs) == 2 and set(subs[0]) | set(subs[1]) == set(out_sub):
        return "MulBackward0"
    return "ViewBackward0"


def _einsum_operand_grad(grad, out_sub, others, other_subs, target, shape, sizes):
    """The gradient for one einsum operand with subscripts ``target`` and shape ``shape``."""
    letters = "".join(dict.fromkeys(target))
    present = set(out_sub).union(*other_subs) if other_subs else set(out_sub)
    reachable = "".join(c for c in letters if c in present)
    g = einsum(",".join([out_sub] + other_subs) + "->" + reachable, grad, *others)
    missing = [c for c in letters if c not in present]
    if missing:
        # Letters that occur only in this operand were summed away: the gradient is constant
        # along them, so broadcast it back.
        g = g.permute([reachable.index(c) for c in letters if c in reachable]) \
            if len(reachable) > 1 else g
        g = g.reshape([sizes[c] if c in reachable else 1 for c in letters]).expand(
            [sizes[c] for c in letters])
    if len(letters) != len(target):
        # Repeated letters (a diagonal): put the gradient on that diagonal via identities.
        renamed, eyes, eye_subs = [], [], []
        fresh = iter(c for c in _LETTERS if c not in target and c not in out_sub)
        seen = set()
        for c in target:
            if c in seen:
                new = next(fresh)
                eyes.append(_eye(sizes[c], grad))
                eye_subs.append(c + new)
                renamed.append(new)
            else:
                seen.add(c)
                renamed.append(c)
        g = einsum(",".join([letters] + eye_subs) + "->" + "".join(renamed), g, *eyes)
    if tuple(g.shape) != tuple(shape):
        dims = tuple(i for i, (n, m) in enumerate(zip(shape, g.shape)) if n == 1 and m != 1)
        g = g.sum(dims, keepdim=True)
    return g


def _eye(n, like):
    return wrap(_backend.namespace_of(like._data).eye(n, dtype=like._data.dtype))


def _einsum_backward(ctx, grad):
    """einsum's derivative, one einsum per operand."""
    operands = ctx.saved_tensors
    grads = []
    for k, (op, need) in enumerate(zip(operands, ctx.needs_input_grad)):
        if not need:
            grads.append(None)
            continue
        others = [o for j, o in enumerate(operands) if j != k]
        other_subs = [s for j, s in enumerate(ctx.subs) if j != k]
        grads.append(_einsum_operand_grad(grad, ctx.out_sub, others, other_subs, ctx.subs[k],
                                          tuple(op.shape), ctx.sizes))
    return tuple(grads)


_EINSUM_NODES = {name: grad_fn(name)(_einsum_backward) for name in
                 ("ViewBackward0", "PermuteBackward0", "SumBackward1", "MulBackward0")}


def tensordot(a, b, dims=2, out=None):
    """Contract dims of a with dims of b (the last ``dims`` of a with the first of b, or the
    listed pairs): a permute/reshape onto one matrix product."""
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        dims_a = list(range(a.ndim - dims, a.ndim))
        dims_b = list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if isinstance(dims_a, Tensor):
        dims_a, dims_b = dims_a.tolist(), dims_b.tolist()
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    dims_a = [d % a.ndim for d in dims_a] if a.ndim else []
    dims_b = [d % b.ndim for d in dims_b] if b.ndim else []
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{a.shape[da]} in dim {da - a.ndim if dims == len(dims_a) else da}"
                               f" and second has size {b.shape[db]} in dim {db}")
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    k = int(np.prod([a.shape[d] for d in dims_a]))
    # Explicit sizes: with k = 0, a -1 could stand for any size.
    left = a.permute(free_a + dims_a).reshape(math.prod(a.shape[d] for d in free_a), k)
    right = b.permute(dims_b + free_b).reshape(k, math.prod(b.shape[d] for d in free_b))
    shape = [a.shape[d] for d in free_a] + [b.shape[d] for d in free_b]
    if left.shape[0] == 1 and right.shape[1] == 1:
        # one output element: torch takes a product autocast leaves alone (float32 stays so)
        with excluded():
            return matmul(left, right).view(shape)
    return matmul(left, right).view(shape)


def kron(input, other):
    """Kronecker product: block (i, j) of the result is input[i, j] * other.
    d/dinput = the gradient's blocks each contracted with other (and symmetrically)."""
    for position, (arg, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise not_tensor("kron", value, arg, position)
    check_same_device(input, other)
    nd = max(input.ndim, other.ndim)
    dt = result_type_of(input, other)  # torch's promotion (NumPy's makes int64 x float32 double)
    a = input._data.reshape((1,) * (nd - input.ndim) + input._data.shape).astype(dt.np,
                                                                                 copy=False)
    b = other._data.reshape((1,) * (nd - other.ndim) + other._data.shape).astype(dt.np,
                                                                                 copy=False)
    _kron_view_check(input, other, nd)
    out = wrap(_quietly(np.kron, a, b), dt)  # NumPy's kron is Python: its warnings leak
    return record(out, KronBackward, (input, other), (input, other), a_shape=a.shape,
                  b_shape=b.shape)


def _kron_view_check(input, other, nd):
    """PyTorch's error where its kron cannot view its product as the result.

    PyTorch views input as [a0, 1, a1, 1, ...] and other as [1, b0, 1, b1, ...], multiplies
    them and views the product as [a0*b0, a1*b1, ...]. The product takes the memory order of
    its operands (dims sorted by their strides, first operand first, a broadcast dim deciding
    nothing), so strided inputs can leave an a_i and its b_i apart in memory: the view fails."""
    sizes, strides = [], []
    for value, first in ((input, True), (other, False)):
        pad = [1] * (nd - value.ndim)
        own = pad + list(value.shape)
        spread = [n for size in own for n in ((size, 1) if first else (1, size))]
        strides.append(_view_strides(list(value.shape), list(value.stride()), spread))
        sizes.append(spread)
    shape = [max(a, b) for a, b in zip(*sizes)]
    if 0 in shape:
        return
    # A dim an operand broadcasts along has stride 0 there.
    strides = [[0 if size == 1 and full != 1 else stride
                for size, full, stride in zip(spread, shape, operand)]
               for spread, operand in zip(sizes, strides)]

    def should_swap(d0, d1):
        for operand in strides:
            s0, s1 = operand[d0], operand[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return 1 if s0 > s1 else -1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    from .._memory_format import dims_by_stride, strides_in_order
    out_stride = strides_in_order(shape, dims_by_stride(2 * nd, should_swap))
    for i in range(nd):
        if shape[2 * i] != 1 and shape[2 * i + 1] != 1 and \
                out_stride[2 * i] != out_stride[2 * i + 1] * shape[2 * i + 1]:
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one "
                "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")


def _view_strides(shape, stride, new_shape):
    """The strides PyTorch gives a view of (shape, stride) as new_shape, when it only inserts
    size-1 dims: each run of dims contiguous with each other keeps its base stride."""
    if not shape:
        return [1] * len(new_shape)
    new_stride = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    base, numel, view_numel = stride[-1], 1, 1
    for d in reversed(range(len(shape))):
        numel *= shape[d]
        if d == 0 or (shape[d - 1] != 1 and stride[d - 1] != numel * base):
            while view_d >= 0 and (view_numel < numel or new_shape[view_d] == 1):
                new_stride[view_d] = view_numel * base
                view_numel *= new_shape[view_d]
                view_d -= 1
            if d > 0:
                base, numel, view_numel = stride[d - 1], 1, 1
    return new_stride


@grad_fn("UnsafeViewBackward0")
def KronBackward(ctx, grad):
    """kron's derivative (PyTorch shows the UnsafeViewBackward0 of its reshape)."""
    a, b = ctx.saved_tensors
    pairs = [n for pair in zip(ctx.a_shape, ctx.b_shape) for n in pair]
    g = grad.reshape(pairs)
    a_axes = tuple(range(0, len(pairs), 2))
    b_axes = tuple(range(1, len(pairs), 2))
    ga = gb = None
    if ctx.needs_input_grad[0]:
        b_wide = b.reshape([n if i % 2 else 1 for i, n in enumerate(pairs)])
        ga = (g * b_wide).sum(b_axes).reshape(a.shape)
    if ctx.needs_input_grad[1]:
        a_wide = a.reshape([n if i % 2 == 0 else 1 for i, n in enumerate(pairs)])
        gb = (g * a_wide).sum(a_axes).reshape(b.shape)
    return ga, gb


def _cross(input, other, d, name):
    nd = max(input.ndim, other.ndim)
    if nd == 0:
        raise RuntimeError(f"{name}: inputs dimension {d} must have length 3. Got 1 and 1")
    axis = d % nd
    sizes = [t._data.shape[axis - nd + t.ndim] if axis - nd + t.ndim >= 0 else 1
             for t in (input, other)]
    if sizes != [3, 3]:
        raise RuntimeError(f"{name}: inputs dimension {d} must have length 3. Got "
                           f"{sizes[0]} and {sizes[1]}")
    from .indexing import _broadcast_or_raise
    _broadcast_or_raise(input._data.shape, other._data.shape)
    if input._dtype is not other._dtype:
        raise RuntimeError(f"expected scalar type {type_name(input._dtype)} but found "
                           f"{type_name(other._dtype)}")
    a = input._data.reshape((1,) * (nd - input.ndim) + input._data.shape)
    b = other._data.reshape((1,) * (nd - other.ndim) + other._data.shape)
    out = wrap(np.cross(a, b, axis=axis))
    return record(out, LinalgCrossBackward0, (input, other), (input, other), dim=axis)


def linalg_cross(input, other, *, dim=-1, out=None):
    """The cross product of 3-vectors along dim (broadcasting).
    d/dinput = other x grad; d/dother = grad x input."""
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    return _cross(input, other, dim, "linalg.cross")


def cross(input, other, dim=None, *, out=None):
    """torch.cross: as linalg.cross; without dim, the first dim of size 3."""
    if dim is None:  # once a process, as PyTorch warns
        warn_once("cross-dim", "Using ember.cross without specifying the dim arg is deprecated."
                  "\nPlease either pass the dim explicitly or simply use ember.linalg.cross.\n"
                  "The default value of dim will change to agree with that of linalg.cross in a "
                  "future release.")
        # the first of input's own dims of size 3 (other's shape plays no part)
        dim = next((i for i, n in enumerate(input._data.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    if input.ndim != other.ndim:  # linalg.cross broadcasts; cross does not
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    return _cross(input, other, dim, "linalg.cross")


@grad_fn("LinalgCrossBackward0")
def LinalgCrossBackward0(ctx, grad):
    a, b = ctx.saved_tensors
    ga = linalg_cross(b, grad, dim=ctx.dim) if ctx.needs_input_grad[0] else None
    gb = linalg_cross(grad, a, dim=ctx.dim) if ctx.needs_input_grad[1] else None
    return ga, gb


def multi_dot(tensors, *, out=None):
    """The product of a chain of matrices (the first and last may be vectors)."""
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    first, last = tensors[0], tensors[-1]
    mats = [first.unsqueeze(0) if first.ndim == 1 else first] + tensors[1:-1] + \
        [last.unsqueeze(1) if last.ndim == 1 else last]
    for i, m in enumerate(mats):
        if m.ndim != 2:
            which = "first" if i == 0 else "last" if i == len(mats) - 1 else None
            if which:
                raise RuntimeError(f"multi_dot(): the {which} tensor must be 1D or 2D but got "
                                   f"{tensors[i].ndim}D")
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {m.ndim}D")
    for i, m in enumerate(mats[1:], 1):
        if m._dtype is not mats[0]._dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {_lower(mats[0]._dtype)} and tensor {i} "
                               f"{_lower(m._dtype)}")
        if m.shape[0] != mats[i - 1].shape[1]:
            raise RuntimeError(f"multi_dot(): tensors {i - 1} and {i} with shapes "
                               f"{list(tensors[i - 1].shape)} and {list(tensors[i].shape)} "
                               "cannot be multiplied")
    result = mats[0]
    for m in mats[1:]:
        result = matmul(result, m)
    shape = ([first.shape[0]] if first.ndim == 2 else []) + \
        ([last.shape[1]] if last.ndim == 2 else [])
    return result.view(shape)


def chain_matmul(*matrices, out=None):
    """Deprecated alias of linalg.multi_dot for 2-D matrices."""
    warnings.warn("ember.chain_matmul is deprecated and will be removed in a future PyTorch "
                  "release. Use ember.linalg.multi_dot instead, which accepts a list of two or "
                  "more tensors rather than multiple parameters.",
                  UserWarning, stacklevel=_user_stacklevel())
    for matrix in matrices:
        if matrix.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {matrix.ndim}, expected 2 instead.")
    if len(matrices) == 1:
        return matrices[0].clone()
    return multi_dot(matrices)


# --- decompositions, inverses and solves -------------------------------------------------------

class _LinAlgError(RuntimeError):
    """A linear algebra routine failed on its input (singular, not positive-definite...).

    Args:
        *args: the message, as for any exception.

    Example:
        >>> try:
        ...     ember.linalg.inv(ember.zeros(2, 2))
        ... except ember.linalg.LinAlgError as error:
        ...     print(type(error).__module__, type(error).__name__)
        ember._C _LinAlgError
    """


# torch's class is torch._C._LinAlgError, the name tracebacks print; linalg exports it as
# LinAlgError.
_LinAlgError.__module__ = "ember._C"
LinAlgError = _LinAlgError


def _check_matrix(name, A, square=True):
    if A._dtype.category < D._FLOAT:
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{type_name(A._dtype)}")
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")
    no_low_precision(name, A)


# torch's CPU linear algebra has no float16/bfloat16 kernels (matrix_exp aside): the ops that
# reach a LAPACK kernel name it in a NotImplementedError, the others refuse in their own words.
_LOW_PRECISION_KERNEL = {
    "linalg.det": "lu_cpu", "linalg.solve": "lu_cpu", "linalg.solve_ex": "lu_cpu",
    "linalg.lu": "lu_cpu", "linalg.lu_factor_ex": "lu_cpu", "linalg.cholesky": "cholesky_cpu",
    "linalg.qr": "geqrf_cpu", "geqrf": "geqrf_cpu", "linalg.svd": "linalg_svd_cpu",
    "linalg.eigh": "linalg_eigh_cpu", "linalg.eig": "linalg_eig_out_cpu",
    "linalg.eigvals": "linalg_eig_out_cpu", "linalg.solve_triangular": "triangular_solve_cpu",
    "ember.linalg.ldl_factor_ex": "ldl_factor_kernel_cpu",
    "ember.linalg.householder_product": "orgqr_cpu", "linalg.lu_solve": "linalg.lu_solve_cpu",
    "cholesky_inverse": "cholesky_inverse_out_cpu"}
_LOW_PRECISION_TEXT = {"linalg.inv": "linalg.inv", "linalg.inv_ex": "linalg.inv",
                       "linalg.slogdet": "linalg.slogdet", "logdet": "logdet",
                       "linalg.matrix_norm": "linalg.matrix_norm"}


def no_low_precision(name, A):
    """torch's error for a float16/bfloat16 ``A`` given to the linear algebra op ``name``."""
    dt = A._dtype
    if dt.itemsize != 2 or dt.category != D._FLOAT:
        return
    if name in _LOW_PRECISION_KERNEL:
        raise NotImplementedError(f"\"{_LOW_PRECISION_KERNEL[name]}\" not implemented for "
                                  f"'{type_name(dt)}'")
    if name in _LOW_PRECISION_TEXT:
        raise RuntimeError(f"{_LOW_PRECISION_TEXT[name]}: Low precision dtypes not supported. "
                           f"Got {type_name(dt)}")
    if name in ("linalg.matrix_rank", "linalg.lstsq"):
        raise RuntimeError(_LSTSQ_TYPES)


def _zero_pivots(a):
    """LAPACK's getrf info of each matrix: the 1-based index of the first zero diagonal entry
    of U (PyTorch names it in its singular errors), 0 for an invertible matrix."""
    from .linalg_more import _getrf
    return _getrf(a)[2]


def _singular_error(name, a, text):
    """LinAlgError ``name: text`` for the first singular matrix of ``a``, naming its batch
    element when there is a batch; ``{pivot}`` in text is its first zero pivot."""
    infos = _zero_pivots(a).reshape(-1)
    bad = int(np.flatnonzero(infos)[0]) if infos.any() else 0
    where = f"(Batch element {bad}): " if a.ndim > 2 else ""
    pivot = int(infos[bad]) if infos.any() else a.shape[-1]
    return LinAlgError(f"{name}: {where}{text.format(pivot=pivot)}")


_INV_SINGULAR = ("The diagonal element {pivot} is zero, the inversion could not be completed "
                 "because the input matrix is singular.")


def inv(A, *, out=None):
    """The inverse matrix.   d/dA = -A^{-H} grad A^{-H}."""
    return _inverse(A, "linalg.inv")


def _inverse(A, name):
    A = cast_fp32(A)
    _check_matrix("linalg.inv", A)  # (inv_ex's too: torch checks it as inv's)
    try:
        result = np.linalg.inv(A._data)
    except np.linalg.LinAlgError:
        raise _singular_error(name, A._data, _INV_SINGULAR) from None
    out = wrap(result.astype(A._data.dtype, copy=False))
    return record(out, LinalgInvExBackward0, (A,), (out,))


@grad_fn("LinalgInvExBackward0")
def LinalgInvExBackward0(ctx, grad):
    (inverse,) = ctx.saved_tensors
    inverse_h = inverse.mT
    return -matmul(matmul(inverse_h, grad), inverse_h)


def det(A, *, out=None):
    """The determinant.   d/dA = grad * det(A) * A^{-T}."""
    _check_matrix("linalg.det", A)
    value = _lu_det(A._data)
    out = wrap(_backend.namespace_of(A._data).asarray(value).astype(A._data.dtype, copy=False))
    return record(out, LinalgDetBackward0, (A,), (A, out))


def _lu_det(matrices):
    """det as torch computes it: LAPACK's LU with partial pivoting of the transposed matrices
    (det(A^T) = det(A), and a row-major A is a column-major A^T, so torch factors that without
    a copy), then the product of the pivots times the row swaps' sign. NumPy's det goes through
    exp(log|det|) and misses exact values such as det([[1, 2], [3, 4]]) = -2."""
    from .linalg_more import _getrf
    lu, pivots, _ = _getrf(np.swapaxes(matrices, -1, -2))
    n = matrices.shape[-1]
    steps = _backend.namespace_of(pivots).arange(1, n + 1, dtype=pivots.dtype)
    swaps = np.count_nonzero(pivots != steps, axis=-1)
    sign = np.where(swaps % 2 == 1, -1, 1).astype(lu.dtype)
    return sign * np.prod(np.diagonal(lu, axis1=-2, axis2=-1), axis=-1)


@grad_fn("LinalgDetBackward0")
def LinalgDetBackward0(ctx, grad):
    """grad * det(A) * A^{-T}. On a singular matrix det is 0, so a first derivative is 0 as
    torch's is (its factor is found on an identity stand-in); a derivative that will itself be
    differentiated takes, there, the cofactors from the SVD A = U S V^H instead:
    det(U) det(V^H) U diag(prod_{j != i} S_j) V^H (conjugated for complex A), which is
    exact for a rank n-1 matrix."""
    A, result = ctx.saved_tensors
    singular = (result == 0).unsqueeze(-1).unsqueeze(-1)
    if not bool(singular.any()):
        return (grad * result).unsqueeze(-1).unsqueeze(-1) * inv(A).mT
    from .creation import eye
    from .elementwise import where
    from .joining import cat
    safe = where(singular, eye(A.shape[-1], dtype=A.dtype, device=A.device), A)
    regular = (grad * result).unsqueeze(-1).unsqueeze(-1) * inv(safe).mT
    if not grad_mode.is_grad_enabled():
        return regular
    U, S, Vh = svd(A)
    phase = det(U) * det(Vh)
    if A.is_complex():
        U, Vh = U.conj(), Vh.conj()
    ones = S[..., :1] * 0 + 1
    before = cat([ones, S[..., :-1]], -1).cumprod(-1)
    after = cat([S[..., 1:], ones], -1).flip(-1).cumprod(-1).flip(-1)
    scale = (grad * phase).unsqueeze(-1) * before * after
    cofactors = matmul(U * scale.unsqueeze(-2), Vh)
    return cofactors if bool(singular.all()) else where(singular, cofactors, regular)


slogdet_type = return_types.make("linalg_slogdet", ("sign", "logabsdet"))
slogdet_top_type = return_types.make("slogdet", ("sign", "logabsdet"))


def slogdet(A, *, out=None):
    """(sign, log|det|) of A, sign = det / |det|.
    d/dA = (g_logabsdet + i Im(conj(sign) g_sign)) A^{-H} (the sign term only for complex A:
    a real A's sign is piecewise constant)."""
    _check_matrix("linalg.slogdet", A)
    sign, logabs = np.linalg.slogdet(A._data)
    # log|det| is real for complex A too (its real counterpart dtype), as in torch.
    xp = _backend.namespace_of(A._data)
    outs = (wrap(xp.asarray(sign).astype(A._data.dtype)),
            wrap(xp.asarray(logabs).astype(np.finfo(A._data.dtype).dtype)))
    # unmaterialised: only log|det| carries a gradient for real A, and a loss of the sign alone
    # leaves A without one (None, as in torch), not a gradient of zeros
    record(outs, LinalgSlogdetBackward0, (A,), (A, outs[0]), materialize_grads=False)
    return slogdet_type(*outs)


@grad_fn("LinalgSlogdetBackward0", num_outputs=2, complex_aware=True)
def LinalgSlogdetBackward0(ctx, grad_sign, grad_logabs):
    A, sign = ctx.saved_tensors
    factor = grad_logabs
    if A.is_complex() and grad_sign is not None:
        from .complex import imag
        phase = imag(sign.conj() * grad_sign) * 1j
        factor = phase if factor is None else factor + phase
    if factor is None:
        return None
    return factor.unsqueeze(-1).unsqueeze(-1) * inv(A).mH


def _slogdet_top(input):
    """torch.slogdet: linalg.slogdet under the older result name."""
    return slogdet_top_type(*slogdet(input))


def logdet(input):
    """log det(A): log|det| + i angle(det) for complex A; for real A NaN when the determinant is
    negative and -inf when it is zero."""
    _check_matrix("logdet", input)
    sign, logabs = slogdet(input)
    if input.is_complex():
        from .elementwise import log
        return logabs + log(sign)
    from .elementwise import where
    return where(sign < 0, float("nan"), logabs)


def _vector_rhs(A, B):
    return B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve(A, B, *, left=True, out=None):
    """X with A X = B (X A = B when left=False).
    d/dB = A^{-H} grad; d/dA = -d/dB X^H."""
    return _solve(A, B, left, "linalg.solve")


def _solve(A, B, left, name):
    A, B = cast_fp32(A, B)
    _check_matrix("linalg.solve", A)
    check_same_device(A, B)
    if A._dtype is not B._dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {type_name(A._dtype)} and B of type {type_name(B._dtype)} "
                           "instead")
    if not left:
        # X A = B is A^T X^T = B^T; recorded as one node, as PyTorch does.
        with grad_mode.no_grad():
            try:
                out = _solve(A.mT, B.mT, True, name).mT.contiguous()
            except RuntimeError as error:
                if not str(error).startswith("linalg.solve: Incompatible shapes"):
                    raise
                rows, cols = (B.shape[-1], 1) if B.ndim == 1 else B.shape[-2:]
                raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the "
                                   f"equation XA = B ({A.shape[-2]}x{A.shape[-1]} and "
                                   f"{rows}x{cols})") from None
        out = wrap(out._data)
        return record(out, LinalgSolveExBackward0, (A, B), (A, out), vector=False, left=False)
    vector = _vector_rhs(A, B)
    rhs = B._data[..., None] if vector else B._data
    if rhs.shape[-2] != A.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation AX "
                           f"= B ({A.shape[-2]}x{A.shape[-1]} and {rhs.shape[-2]}x"
                           f"{rhs.shape[-1]})")
    batch_a, batch_b = A.shape[:-2], rhs.shape[:-2]
    try:
        np.broadcast_shapes(batch_a, batch_b)
    except ValueError:
        raise broadcast_error(batch_b, batch_a) from None
    try:
        result = np.linalg.solve(A._data, rhs)
    except np.linalg.LinAlgError:
        raise _singular_error(f"ember.{name}", A._data, "The solver failed because the input "
                              "matrix is singular.") from None
    if vector:
        result = result[..., 0]
    out = wrap(result.astype(np.result_type(A._data, B._data), copy=False))
    return record(out, LinalgSolveExBackward0, (A, B), (A, out), vector=vector, left=True)


@grad_fn("LinalgSolveExBackward0")
def LinalgSolveExBackward0(ctx, grad):
    A, X = ctx.saved_tensors
    if not ctx.left:
        gB = solve(A, grad.mT).mT
        gA = -matmul(X.mT, gB) if ctx.needs_input_grad[0] else None
        return gA, gB if ctx.needs_input_grad[1] else None
    gB = solve(A.mT, grad)
    gA = None
    if ctx.needs_input_grad[0]:
        if ctx.vector:
            gA = -gB.unsqueeze(-1) * X.unsqueeze(-2)
        else:
            gA = -matmul(gB, X.mT)
    return gA, gB if ctx.needs_input_grad[1] else None


def cholesky(input, *, upper=False, out=None):
    """L lower-triangular with A = L L^H (or U = L^H when upper).
    d/dA = L^{-H} sym(tril(L^H grad_L)) L^{-1}, with sym halving the diagonal."""
    A = input  # torch's parser names
    check_bool("linalg_cholesky", upper, "upper")
    return _cholesky(cast_fp32(A), upper, LinalgCholeskyExBackward0)


def _cholesky(A, upper, cls, name="linalg.cholesky"):
    _check_matrix(name, A)
    # upper=True reads A's upper triangle, as LAPACK does: the lower factor of A^H.
    data = np.swapaxes(A._data, -1, -2).conj() if upper else A._data
    try:
        lower = np.linalg.cholesky(data)
        if np.isnan(lower).any():  # LAPACK lets NaN through; PyTorch reports the first minor
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        raise _cholesky_error(A._data, upper, name) from None
    result = np.swapaxes(lower, -1, -2).conj() if upper else lower
    out = wrap(_backend.namespace_of(result).ascontiguousarray(result))
    return record(out, cls, (A,), (out,), upper=upper)


def _cholesky_error(a, upper, name="linalg.cholesky"):
    """PyTorch's error for the first matrix of the batch that is not positive definite."""
    _, info = _potrf_each(a, upper)
    flat = info.reshape(-1)
    bad = int(np.flatnonzero(flat)[0]) if flat.any() else 0
    where = f"(Batch element {bad}): " if a.ndim > 2 else ""
    order = flat[bad] if flat.any() else a.shape[-1]
    return LinAlgError(f"{name}: {where}The factorization could not be completed "
                       "because the input is not positive-definite (the leading minor of order "
                       f"{order} is not positive-definite).")


def _cholesky_backward(ctx, grad):
    (factor,) = ctx.saved_tensors
    lower = factor.mH if ctx.upper else factor
    g = grad.mH if ctx.upper else grad
    from .indexing import tril
    phi = tril(matmul(lower.mH, g))
    phi = (phi + tril(phi, -1).mH) * 0.5
    lower_inv = inv(lower)
    return matmul(matmul(lower_inv.mH, phi), lower_inv)


def _cholesky_forward(attrs, inputs, outs, tangents):
    """Forward mode, as torch's: dL = L Phi(L^{-1} dA L^{-H}), Phi the lower triangle with the
    diagonal halved, from the whole tangent dA (not its symmetric part)."""
    (dA,) = tangents
    factor = outs[0]
    lower = factor.mH if attrs["upper"] else factor
    from .indexing import diag_embed, tril
    from .linalg_more import solve_triangular
    X = solve_triangular(lower, dA, upper=False)
    X = solve_triangular(lower.mH, X, upper=True, left=False)
    X = tril(X) - diag_embed(X.diagonal(0, -2, -1) * 0.5)
    dL = matmul(lower, X)
    return (dL.mH if attrs["upper"] else dL,)


LinalgCholeskyExBackward0 = grad_fn("LinalgCholeskyExBackward0", complex_aware=True)(
    _cholesky_backward)
CholeskyBackward0 = grad_fn("CholeskyBackward0", complex_aware=True)(_cholesky_backward)
LinalgCholeskyExBackward0.forward_rule = _cholesky_forward
# torch has no forward derivative for the deprecated torch.cholesky (linalg's has one)
CholeskyBackward0.forward_rule = _forward_ad.unsupported("cholesky")


def cholesky_deprecated(input, upper=False, *, out=None):
    """torch.cholesky (deprecated): as linalg.cholesky."""
    check_bool("cholesky", upper, "upper")
    warnings.warn(
        "ember.cholesky is deprecated in favor of ember.linalg.cholesky and will be removed in "
        "a future PyTorch release.\nL = ember.cholesky(A)\nshould be replaced with\nL = "
        "ember.linalg.cholesky(A)\nand\nU = ember.cholesky(A, upper=True)\nshould be replaced "
        "with\nU = ember.linalg.cholesky(A).mH\nThis transform will produce equivalent results "
        "for all valid (symmetric positive definite) inputs.",
        UserWarning, stacklevel=_user_stacklevel())
    return _cholesky(cast_fp32(input), upper, CholeskyBackward0, "cholesky")


qr_type = return_types.make("linalg_qr", ("Q", "R"))


def qr(A, mode="reduced", *, out=None):
    """Q with orthonormal columns and upper-triangular R, A = Q R ('reduced', 'complete', 'r').
    For m >= n:  d/dA = Q (grad_R + tril(Q^H gQ - gQ^H Q + R gR^H - gR R^H) R^{-H})
                        + (gQ - Q Q^H gQ) R^{-H}."""
    A = cast_fp32(A)
    _check_matrix("linalg.qr", A, square=False)
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")
    q, r = np.linalg.qr(A._data, mode="complete" if mode == "complete" else "reduced")
    if mode == "r":
        outs = (wrap(_backend.namespace_of(r).zeros((0,), dtype=A._data.dtype)), wrap(r))
    else:
        outs = (wrap(q), wrap(r))
    record(outs, LinalgQrBackward0, (A,), outs, mode=mode)
    return qr_type(*outs)


@grad_fn("LinalgQrBackward0", num_outputs=2, complex_aware=True)
def LinalgQrBackward0(ctx, grad_q, grad_r):
    """For m >= n (R's diagonal real, as LAPACK gives it), with M = Q^H gQ - gR R^H and
    sk(M) = tril(M - M^H) with its diagonal halved (the part of M that moves with Q^H dQ):
    gA = (gQ + Q (sk(M) - M)) R^{-H}. For m < n, A = Q [R1 R2]: R2 = Q^H A2 gives
    gA2 = Q gR2 and adds A2 gR2^H to gQ, then the square formula gives gA1."""
    Q, R = ctx.saved_tensors
    if ctx.mode == "r":
        raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed "
                           "when mode='r'. Please use linalg.qr(A, mode='reduced') if you are "
                           "going to differentiate through linalg.qr.")
    m, n = ctx._input_meta[0][0][-2:]
    if ctx.mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' "
                           "and nrows > ncols.")
    if m >= n:
        return _qr_backward_tall(Q, R, grad_q, grad_r)
    R1, R2 = R[..., :, :m], R[..., :, m:]
    grad_r1, grad_r2 = grad_r[..., :, :m], grad_r[..., :, m:]
    A2 = matmul(Q, R2)
    grad_a1 = _qr_backward_tall(Q, R1, grad_q + matmul(A2, grad_r2.mH), grad_r1)
    from .joining import cat
    return cat([grad_a1, matmul(Q, grad_r2)], -1)


def _qr_backward_tall(Q, R, grad_q, grad_r):
    from .indexing import diag_embed, tril
    from .linalg_more import solve_triangular
    M = matmul(Q.mH, grad_q) - matmul(grad_r, R.mH)
    skew = M - M.mH
    skew = tril(skew) - diag_embed(skew.diagonal(0, -2, -1)) * 0.5
    left = grad_q + matmul(Q, skew - M)
    return solve_triangular(R.mH, left, upper=False, left=False)


svd_type = return_types.make("linalg_svd", ("U", "S", "Vh"))


def _svd(arr, **kwargs):
    """np.linalg.svd, with torch's LinAlgError where LAPACK fails on non-finite values (naming
    the first such batch element of a batch)."""
    try:
        return np.linalg.svd(arr, **kwargs)
    except np.linalg.LinAlgError:
        bad = ~np.isfinite(arr).all(axis=(-2, -1))
        if not bad.any():
            raise
        where = "" if arr.ndim == 2 else \
            f"(Batch element {int(np.flatnonzero(bad.reshape(-1))[0])}): "
        raise LinAlgError(f"linalg.svd: {where}The algorithm failed to converge because the "
                          "input matrix contained non-finite values.") from None


def svd(A, full_matrices=True, *, driver=None, out=None):
    """U, S, Vh with A = U diag(S) Vh, S descending.
    d/dA = U [sym terms of U^H gU and V^H gV divided by S_j^2 - S_i^2, + diag(gS)] Vh, plus the
    parts of gU, gV outside the spans of U, V (reduced SVD)."""
    A = cast_fp32(A)
    _check_matrix("linalg.svd", A, square=False)
    _check_driver(driver)
    u, s, vh = _svd(A._data, full_matrices=full_matrices)
    outs = (wrap(u), wrap(s), wrap(vh))
    record(outs, LinalgSvdBackward0, (A,), outs, full_matrices=full_matrices)
    return svd_type(*outs)


def svdvals(A, *, driver=None, out=None):
    """The singular values, descending.   d/dA = U diag(grad) Vh."""
    A = cast_fp32(A)
    _check_matrix("linalg.svd", A, square=False)
    _check_driver(driver)
    u, s, vh = _svd(A._data, full_matrices=False)
    out = wrap(s)
    U, Vh = wrap(u), wrap(vh)
    return record(out, SvdvalsBackward, (A,), (U, A, Vh), full_matrices=False)


def _check_driver(driver):
    if driver is not None:
        raise RuntimeError("ember.linalg.svd: keyword argument `driver=` is only supported on "
                           "CUDA inputs with cuSOLVER backend.")


def _svd_backward(ctx, grad_u, grad_s=None, grad_vh=None):
    """With J = U^H gU, K = V^H gV, E_ij = S_j^2 - S_i^2 and skew(X) = X - X^H off the
    diagonal: gA = U (skew(J) / E S + S skew(K) / E + diag(gS + i Im(J_ii - K_ii) / 2 S_i)) V^H
    plus (1 - U U^H) gU S^{-1} V^H and U S^{-1} gV^H (1 - V V^H) for the reduced SVD of a
    non-square A. A complex loss must not depend on the phases of the singular vectors
    (Im J_ii + Im K_ii = 0), else the gradient is undefined and torch's error is raised."""
    U, S, Vh = ctx.saved_tensors
    if grad_s is None:
        grad_s, grad_u = grad_u, None
        if grad_mode.is_grad_enabled():
            # svdvals kept U and Vh as constants: redo the SVD with a graph, so that a second
            # derivative sees how U and Vh move with A.
            U, S, Vh = svd(S, full_matrices=False)
    m, n = ctx._input_meta[0][0][-2:]
    k = min(m, n)
    if ctx.full_matrices and m != n and (grad_u is not None or grad_vh is not None):
        U, Vh = U[..., :, :k], Vh[..., :k, :]
        grad_u = grad_u[..., :, :k] if grad_u is not None else None
        grad_vh = grad_vh[..., :k, :] if grad_vh is not None else None
    if grad_u is None and grad_vh is None:
        return matmul(U[..., :, :k] * grad_s.unsqueeze(-2), Vh[..., :k, :])
    from .indexing import diag_embed
    V = Vh.mH
    S_row, S_col = S.unsqueeze(-2), S.unsqueeze(-1)
    eye = Tensor._make(_backend.namespace_of(S._data).eye(k, dtype=S._data.dtype))
    E = S_row * S_row - S_col * S_col + eye
    off = 1 - eye
    diagonal = grad_s
    uhgu = vhgv = None
    if grad_u is not None:
        uhgu = matmul(U.mH, grad_u)
    if grad_vh is not None:
        grad_v = grad_vh.mH
        vhgv = matmul(Vh, grad_v)
    if U.is_complex():
        diagonal = diagonal + _svd_phase_term(uhgu, vhgv, S)
    middle = diag_embed(diagonal)
    if uhgu is not None:
        middle = middle + (uhgu - uhgu.mH) / E * S_row * off
    if vhgv is not None:
        middle = middle + S_col * ((vhgv - vhgv.mH) / E) * off
    result = matmul(matmul(U, middle), Vh)
    if grad_u is not None and m > k:
        result = result + matmul((grad_u - matmul(U, uhgu)) / S_row, Vh)
    if grad_vh is not None and n > k:
        result = result + matmul(U, ((grad_v - matmul(V, vhgv)) / S_row).mH)
    return result


def _svd_phase_term(uhgu, vhgv, S):
    """i Im(J_ii - K_ii) / 2 S_i, after checking that the loss ignores the vectors' phases."""
    from .complex import imag
    zero = S * 0
    im_u = imag(uhgu.diagonal(0, -2, -1)) if uhgu is not None else zero
    im_v = imag(vhgv.diagonal(0, -2, -1)) if vhgv is not None else zero
    if not np.allclose(im_u._data, -im_v._data, rtol=1e-2, atol=1e-2):
        raise RuntimeError("svd_backward: The singular vectors in the complex case are "
                           "specified up to multiplication by e^{i phi}. The specified loss "
                           "function depends on this phase term, making it ill-defined.")
    return (im_u - im_v) / (2 * S) * 1j


LinalgSvdBackward0 = grad_fn("LinalgSvdBackward0", num_outputs=3, complex_aware=True)(
    _svd_backward)
# Real gS: U diag(gS) Vh holds for complex A too.
SvdvalsBackward = grad_fn("LinalgSvdBackward0", complex_aware=True)(_svd_backward)


def svd_deprecated(input, some=True, compute_uv=True, *, out=None):
    """torch.svd: (U, S, V) (V, not V^H), reduced when ``some``."""
    U, S, Vh = svd(input, full_matrices=not some)
    return svd_type_old(U, S, Vh.mT)


svd_type_old = return_types.make("svd", ("U", "S", "V"))
eigh_type = return_types.make("linalg_eigh", ("eigenvalues", "eigenvectors"))


def eigh(input, UPLO="L", *, out=None):
    """Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix (reading its
    UPLO triangle).   d/dA = V (diag(gL) + (V^H gV) / (L_j - L_i)) V^H."""
    A = input  # torch's parser names
    A = cast_fp32(A)
    _check_eigh_dtype(A)
    _check_matrix("linalg.eigh", A)
    UPLO = _check_uplo(UPLO)
    values, vectors = np.linalg.eigh(A._data, UPLO=UPLO)
    outs = (wrap(values), wrap(vectors))
    record(outs, LinalgEighBackward0, (A,), outs)
    return eigh_type(*outs)


def _check_eigh_dtype(A):
    if A.ndim >= 2 and A._dtype.category < D._FLOAT:
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for "
                                  f"'{type_name(A._dtype)}'")


def _check_uplo(uplo):
    """The triangle, 'L' or 'U' (torch takes either case)."""
    if uplo not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    return uplo.upper()


def eigvalsh(input, UPLO="L", *, out=None):
    """The eigenvalues (ascending) of a symmetric matrix.   d/dA = V diag(grad) V^H."""
    A = input  # torch's parser names
    A = cast_fp32(A)
    _check_eigh_dtype(A)
    _check_matrix("linalg.eigh", A)
    UPLO = _check_uplo(UPLO)
    values, vectors = np.linalg.eigh(A._data, UPLO=UPLO)
    out = wrap(values)
    return record(out, EigvalshBackward, (A,), (A, wrap(vectors)), uplo=UPLO)


def _eigenvalue_gaps(L):
    """(I, E): the identity, and E_ij = L_j - L_i off its diagonal with 1 on it (so that
    dividing by E leaves the diagonal as it is), for eigenvalues L."""
    eye = Tensor._make(_backend.namespace_of(L._data).eye(L.shape[-1], dtype=L._data.dtype))
    return eye, L.unsqueeze(-2) - L.unsqueeze(-1) + eye


def _eigh_backward(ctx, grad_values, grad_vectors=None):
    """gA = V (diag(gL) + skew(V^H gV) / 2 E) V^H with E_ij = L_j - L_i off the diagonal. A
    complex loss must not depend on the eigenvectors' phases (Im (V^H gV)_ii = 0)."""
    L, V = ctx.saved_tensors
    from .indexing import diag_embed
    if grad_vectors is None:
        if grad_mode.is_grad_enabled():
            # eigvalsh kept V as a constant (and L holds A): redo eigh with a graph.
            L, V = eigh(L, ctx.uplo)
        return matmul(V * grad_values.unsqueeze(-2), V.mH)
    eye, E = _eigenvalue_gaps(L)
    vhgv = matmul(V.mH, grad_vectors)
    if V.is_complex():
        from .complex import imag
        if not np.allclose(imag(vhgv.diagonal(0, -2, -1))._data, 0, rtol=1e-2, atol=1e-2):
            raise RuntimeError("linalg_eigh_backward: The eigenvectors in the complex case are "
                               "specified up to multiplication by e^{i phi}. The specified "
                               "loss function depends on this quantity, so it is ill-defined.")
    off = (vhgv - vhgv.mH) * 0.5 / E
    middle = off * (1 - eye) + diag_embed(grad_values)
    return matmul(matmul(V, middle), V.mH)


def _eigh_forward(attrs, inputs, outs, tangents):
    """Forward mode, as torch's: with P = V^H dA V from the whole tangent dA, dL = Re diag(P)
    and dV = V (P / E) with E_ij = L_j - L_i and a zero diagonal."""
    (dA,) = tangents
    L, V = outs
    P = matmul(matmul(V.mH, dA), V)
    dL = P.diagonal(0, -2, -1)
    if dL.is_complex():
        from .complex import real
        dL = real(dL)
    eye, E = _eigenvalue_gaps(L)
    return dL, matmul(V, P / E * (1 - eye))


LinalgEighBackward0 = grad_fn("LinalgEighBackward0", num_outputs=2, complex_aware=True)(
    _eigh_backward)
LinalgEighBackward0.forward_rule = _eigh_forward
EigvalshBackward = grad_fn("LinalgEighBackward0", complex_aware=True)(_eigh_backward)
# its backward records an eigh (with its forward formula) under create_graph: a Hessian
# through it is taken forward over reverse, as torch's (func.hessian reads this)
EigvalshBackward.forward_formula_in_backward = True


def pinv(input, rcond=None, hermitian=False, *, atol=None, rtol=None, out=None):
    """The Moore-Penrose pseudo-inverse (singular values below the tolerance dropped).

    ``rcond`` is torch's older spelling of ``rtol`` (positional as its second argument)."""
    A = input  # torch's parser names
    if rcond is not None:
        if atol is not None or rtol is not None:
            given = ", ".join(f"{k}={type(v).__name__}" for k, v in
                              (("atol", atol), ("rtol", rtol), ("rcond", rcond)) if v is not None)
            raise TypeError(f"linalg_pinv() received an invalid combination of arguments - got "
                            f"(Tensor, {given}), but expected one of:\n"
                            " * (Tensor input, *, Tensor atol = None, Tensor rtol = None, bool "
                            "hermitian = False, Tensor out = None)\n"
                            " * (Tensor input, *, float atol = None, float rtol = None, bool "
                            "hermitian = False, Tensor out = None)\n"
                            " * (Tensor input, Tensor rcond, bool hermitian = False, *, Tensor out "
                            "= None)\n"
                            " * (Tensor input, float rcond, bool hermitian = False, *, Tensor out "
                            "= None)\n")
        rtol = rcond
    if A.ndim < 2 or A._dtype.category < D._FLOAT or A._dtype.itemsize == 2:
        shape = ", ".join(str(size) for size in A.shape)
        raise RuntimeError(f"linalg.pinv({type_name(A._dtype)}{{[{shape}]}}): expected a tensor "
                           "with 2 or more dimensions of float, double, cfloat or cdouble types")
    _check_hermitian(A, hermitian)
    arr = A._data
    if atol is None and rtol is None:
        tol = None
    else:
        u, s, vh = _svd(arr, full_matrices=False)
        smax = s[..., :1] if s.shape[-1] else s
        tol = np.maximum(0 if atol is None else _as_array(atol),
                         (0 if rtol is None else _as_array(rtol)) * smax)
    if tol is None:
        try:
            result = np.linalg.pinv(arr, hermitian=hermitian)
        except np.linalg.LinAlgError:
            if not hermitian:
                _svd(arr, compute_uv=False)  # torch's error where the input is not finite
            raise
    else:
        u, s, vh = _svd(arr, full_matrices=False)
        keep = s > tol
        s_inv = np.where(keep, 1.0 / np.where(keep, s, 1), 0)
        result = np.matmul(np.swapaxes(vh, -1, -2) * s_inv[..., None, :],
                           np.swapaxes(u, -1, -2))
    out = wrap(result.astype(arr.dtype, copy=False))
    return record(out, LinalgPinvBackward0, (A,), (A, out))


def batch_shape(shape_a, shape_b):
    """The broadcast of two batch shapes, or torch's RuntimeError naming the clash."""
    try:
        return np.broadcast_shapes(shape_a, shape_b)
    except ValueError:
        raise broadcast_error(shape_a, shape_b) from None


def _check_hermitian(A, hermitian):
    """hermitian=True goes through eigh, which wants square matrices."""
    if hermitian and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.eigh: A must be batches of square matrices, but they are "
                           f"{A.shape[-2]} by {A.shape[-1]} matrices")


_MATRIX_RANK_SIGNATURES = (
    "Tensor input, *, Tensor atol = None, Tensor rtol = None, bool hermitian = False, "
    "Tensor out = None",
    "Tensor input, *, float atol = None, float rtol = None, bool hermitian = False, "
    "Tensor out = None",
    "Tensor input, Tensor tol, bool hermitian = False, *, Tensor out = None",
    "Tensor input, float tol, bool hermitian = False, *, Tensor out = None")


def _as_array(x):
    return x._data[..., None] if isinstance(x, Tensor) else x


@grad_fn("LinalgPinvBackward0", complex_aware=True)
def LinalgPinvBackward0(ctx, grad):
    A, P = ctx.saved_tensors
    return _pinv_backward(grad, P, A)


def _pinv_backward(grad, P, A):
    """The adjoint of dP = -P dA P + P P^H dA^H (1 - A P) + (1 - P A) dA^H P^H P."""
    m, n = A.shape[-2], A.shape[-1]
    Ph, gh = P.mH, grad.mH
    if m <= n:
        K = matmul(gh, P)
        KPh = matmul(K, Ph)
        return -matmul(P, K).mH + KPh - matmul(matmul(A, P), KPh) + \
            matmul(matmul(Ph, P), gh - matmul(K, A))
    K = matmul(P, gh)
    PhK = matmul(Ph, K)
    return -matmul(K, P).mH + matmul(matmul(gh - matmul(A, K), P), Ph) + PhK - \
        matmul(matmul(PhK, P), A)


def pinverse(input, rcond=1e-15):
    """torch.pinverse: pinv with relative tolerance rcond."""
    return pinv(cast_fp32(input), rtol=rcond)


def matrix_rank(input, *, atol=None, rtol=None, hermitian=False, tol=None, out=None):
    """The number of singular values above the tolerance (max(atol, rtol * largest))."""
    A = input  # torch's parser names
    if A.ndim < 2:
        raise RuntimeError("ember.linalg.matrix_rank: The input tensor input must have at least 2 "
                           "dimensions.")
    if tol is not None and (atol is not None or rtol is not None):
        given = ", ".join(f"{k}={type(v).__name__ if not isinstance(v, Tensor) else 'Tensor'}"
                          for k, v in (("tol", tol), ("atol", atol), ("rtol", rtol))
                          if v is not None)
        listed = "".join(f" * ({signature})\n" for signature in _MATRIX_RANK_SIGNATURES)
        raise TypeError(f"linalg_matrix_rank() received an invalid combination of arguments - "
                        f"got (Tensor, {given}), but expected one of:\n{listed}")
    if A._dtype.category < D._FLOAT:
        raise RuntimeError(_LSTSQ_TYPES)
    no_low_precision("linalg.matrix_rank", A)
    _check_hermitian(A, hermitian)
    s = _svd(A._data, compute_uv=False)
    smax = s[..., :1] if s.shape[-1] else _backend.namespace_of(s).zeros(s.shape[:-1] + (1,))
    if tol is not None:
        atol = tol
    if rtol is None:
        rtol = 0.0 if atol is not None and (not isinstance(atol, (int, float)) or atol > 0) \
            else max(A.shape[-2:]) * np.finfo(s.dtype).eps
    limit = np.maximum(0 if atol is None else _as_array(atol), _as_array(rtol) * smax)
    return wrap((s > limit).sum(-1).astype(np.int64))


lstsq_type = return_types.make("linalg_lstsq", ("solution", "residuals", "rank",
                                                "singular_values"))


def lstsq(input, b, rcond=None, *, driver=None):
    """The least-squares solution X minimising ||A X - B|| (as pinv(A) @ B), with what each
    LAPACK driver reports: the squared residual norms of X's columns (gels, gelsd, gelss; when
    m > n and A has full rank), the rank (all but gels) and A's singular values (gelsd, gelss).
    d/dB = pinv(A)^H grad; d/dA through pinv; a residual r = |A x - b|^2 adds 2 (A x - b) x^H
    to d/dA and -2 (A x - b) to d/dB (its derivative through x is 0 at the minimum)."""
    A, B = input, b  # torch's parser names
    no_meta_kernel("linalg_lstsq.out", A, B)
    A, B = cast_fp32(A, B)
    _check_lstsq(A, B, driver)
    check_same_device(A, B)
    if B.ndim == 0:
        raise RuntimeError("ember.linalg.lstsq: other must have at least 1 dimension.")
    if not 0 <= A.ndim - B.ndim <= 1:
        raise RuntimeError("ember.linalg.lstsq: input.dim() must be greater or equal to "
                           "other.dim() and (input.dim() - other.dim()) <= 1")
    # B is a (batch of) vector(s) when 1-D or when it is A's shape without the last dim; a
    # B of one dim less otherwise is a matrix broadcast over A's batch
    vector = B.ndim == 1 or B.ndim == A.ndim - 1 and B.shape == A.shape[:-1]
    if B.shape[-1 if vector else -2] != A.shape[-2]:
        raise RuntimeError("ember.linalg.lstsq: input.size(-2) should match "
                           f"other.size({-1 if vector else -2})")
    # torch broadcasts A's batch with all but B's last dim whenever B has one dim less (a
    # matrix B included: its solution is then repeated over that batch)
    batch = batch_shape(A.shape[:-2], B.shape[:-1 if B.ndim == A.ndim - 1 else -2])
    rhs = B._data[..., None] if vector else B._data
    m, n = A.shape[-2:]
    xp = _backend.namespace_of(A._data)
    if rcond is not None and driver != "gels" and A._data.size and rhs.size:
        # a given rcond decides the rank as each LAPACK driver does (gelsy by its pivoted QR,
        # gelsd ignoring an rcond of 1 or more, gelss truncating its SVD): LAPACK itself
        solution, rank = _lstsq_each(A._data, rhs, driver or "gelsy", float(rcond))
    else:
        solution = np.matmul(np.linalg.pinv(A._data), rhs)
        rank = xp.asarray(np.linalg.matrix_rank(A._data), dtype=np.int64)
    if vector:
        solution = solution[..., 0]
    solution = solution.astype(A._data.dtype, copy=False)
    real = np.finfo(A._data.dtype).dtype
    residuals = xp.zeros((0,), dtype=real)
    if driver not in (None, "gelsy") and m > n and bool((rank == n).all()):
        matrix = solution[..., None] if vector else solution
        residuals = (np.abs(np.matmul(A._data, matrix) - rhs) ** 2).sum(-2).astype(real)
    values = np.linalg.svd(A._data, compute_uv=False).astype(real) \
        if driver in ("gelsd", "gelss") else xp.zeros((0,), dtype=real)
    outs = (wrap(solution), wrap(residuals),
            wrap(rank if driver != "gels" else xp.zeros((0,), dtype=np.int64)), wrap(values))
    record(outs[:2], LinalgLstsqBackward0, (A, B), (A, B, outs[0]), vector=vector)
    if not vector and outs[0].shape[:-2] != batch:
        outs = (outs[0].expand(*batch, *outs[0].shape[-2:]), *outs[1:])
    return lstsq_type(*outs)


@_backend.host_only
def _lstsq_each(a, b, driver, rcond):
    """LAPACK's least-squares driver on each matrix of a (broadcast) batch with the given
    rcond, as PyTorch calls it: the solutions (n, k) and the effective ranks."""
    from scipy.linalg import lstsq as lapack_lstsq
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    flat_a = np.broadcast_to(a, batch + a.shape[-2:]).reshape(-1, *a.shape[-2:])
    flat_b = np.broadcast_to(b, batch + b.shape[-2:]).reshape(-1, *b.shape[-2:])
    answers = [lapack_lstsq(matrix, rhs, cond=rcond, lapack_driver=driver, check_finite=False)
               for matrix, rhs in zip(flat_a, flat_b)]
    solutions = np.stack([answer[0] for answer in answers])
    ranks = np.stack([np.int64(answer[2]) for answer in answers])
    return solutions.reshape(batch + solutions.shape[1:]), ranks.reshape(batch)


_LSTSQ_TYPES = "This function doesn't handle types other than float and double"


def _check_lstsq(A, B, driver):
    if A.ndim < 2:
        raise RuntimeError("ember.linalg.lstsq: input must have at least 2 dimensions.")
    if A._dtype is not B._dtype:
        raise RuntimeError("ember.linalg.lstsq: Expected input and other to have the same dtype, "
                           f"but got input's dtype {type_name(A._dtype)} and other's dtype "
                           f"{type_name(B._dtype)}")
    if A._dtype.category < D._FLOAT:
        raise RuntimeError(_LSTSQ_TYPES)
    no_low_precision("linalg.lstsq", A)
    if driver not in (None, "gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError("ember.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, "
                           "gelsd, gelss)")


@grad_fn("LinalgLstsqBackward0", num_outputs=2, complex_aware=True)
def LinalgLstsqBackward0(ctx, grad, grad_residuals=None):
    A, B, X = ctx.saved_tensors
    P = pinv(A)
    g = grad.unsqueeze(-1) if ctx.vector else grad
    rhs = B.unsqueeze(-1) if ctx.vector else B
    gB = matmul(P.mH, g) if ctx.needs_input_grad[1] else None
    gA = _pinv_backward(matmul(g, rhs.mH), P, A) if ctx.needs_input_grad[0] else None
    if grad_residuals is not None and grad_residuals.numel():
        solution = X.unsqueeze(-1) if ctx.vector else X
        scaled = (matmul(A, solution) - rhs) * (2 * grad_residuals.unsqueeze(-2))
        gA = gA + matmul(scaled, solution.mH) if gA is not None else None
        gB = gB - scaled if gB is not None else None
    if gB is not None and ctx.vector:
        gB = gB.squeeze(-1)
    return gA, gB


def matrix_power(input, n):
    """A multiplied by itself n times (A^{-1} for negative n; identity for 0)."""
    A = input  # torch's parser names
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not "
                        f"{type(n).__name__}")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        if A.ndim < 2:
            raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                               "dimensions.")
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but "
                           f"they are {A.shape[-2]} by {A.shape[-1]} matrices")
    if n == 0:
        eye = _backend.namespace_of(A._data).eye(A.shape[-1], dtype=A._data.dtype)
        return wrap(np.broadcast_to(eye, A.shape).copy())
    if n < 0:
        A, n = inv(A), -n
    if n == 1:
        return A.clone()
    result, square = None, A
    while n:
        if n & 1:
            result = square if result is None else matmul(result, square)
        n >>= 1
        if n:
            square = matmul(square, square)
    return result


# --- norms -------------------------------------------------------------------------------------

def matrix_norm(input, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Matrix norms over dims: 'fro', 'nuc', inf/-inf (max/min row sum), 1/-1 (max/min column
    sum), 2/-2 (largest/smallest singular value)."""
    A = input  # torch's parser names
    if ord is None:
        given = "" if dim == (-2, -1) else f", dim={type(dim).__name__}"
        raise TypeError(
            f"linalg_matrix_norm() received an invalid combination of arguments - got (Tensor, "
            f"NoneType{given}), but expected one of:\n * (Tensor input, Number ord, tuple of ints "
            "dim = {-2,-1}, bool keepdim = False, *, ember.dtype dtype = None, Tensor out = None)"
            "\n * (Tensor input, str ord = \"fro\", tuple of ints dim = {-2,-1}, bool keepdim = "
            "False, *, ember.dtype dtype = None, Tensor out = None)\n")
    if ord not in ("fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    d0, d1 = _matrix_norm_dims(A, dim)
    A = _matrix_norm_dtype(A, dtype)
    if ord in ("nuc", 2, -2):
        no_low_precision("linalg.matrix_norm", A)
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim)
    if ord == "nuc" or ord in (2, -2):
        moved = A.movedim((d0, d1), (-2, -1))
        values = svdvals(moved)
        # No singular values: torch's nuclear and spectral norms are 0, the smallest is refused.
        reduced = values.sum(-1, keepdim) if ord == "nuc" or (ord == 2 and not values.shape[-1]) \
            else values.amax(-1, keepdim) if ord == 2 else values.amin(-1, keepdim)
        # keepdim as torch does it: the reduced dims go back where the matrix dims were
        return reduced.unsqueeze(-1).movedim((-2, -1), (d0, d1)) if keepdim else reduced
    summed_dim, kept_dim = (d0, d1) if ord in (1, -1) else (d1, d0)
    sums = vector_norm(A, 1, summed_dim, keepdim)
    if not keepdim and summed_dim < kept_dim:
        kept_dim -= 1
    return sums.amax(kept_dim, keepdim=keepdim) if ord > 0 else \
        sums.amin(kept_dim, keepdim=keepdim)




def nuclear_norm(input, dim=None, keepdim=False, *, out=None):
    """The nuclear norm (the sum of the singular values) of each matrix over ``dim``.

    Deprecated in PyTorch (it warns once) in favour of ``linalg.matrix_norm(A, 'nuc')``.
    d/dA = U V^H (the SVD's singular vectors).

    Args:
        input: a float or complex Tensor with at least 2 dims.
        dim: the two dims holding the matrices (default: the last two).
        keepdim: keep the reduced dims with size 1.

    Returns:
        A real Tensor of the batch's norms.

    Example:
        >>> ember.nuclear_norm(ember.tensor([[3.0, 0.0], [0.0, -4.0]]))
        tensor(7.)
    """
    if isinstance(dim, bool):  # nuclear_norm(input, keepdim): torch's second overload
        dim, keepdim = None, dim
    warn_once("nuclear_norm", "at::nuclear_norm is deprecated and it is just left for JIT "
                              "compatibility. It will be removed in a future PyTorch release. "
                              "Please use `linalg.matrix_norm(A, 'nuc', dim, keepdim)` instead")
    return matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)




def frobenius_norm(input, dim, keepdim=False, *, out=None):
    """sqrt(sum |x|^2) over ``dim`` (any dims, as torch.norm(input, 'fro', dim)).

    Deprecated in PyTorch (it warns once) in favour of ``linalg.vector_norm(A, 2, dim)``.
    d/dx = x / norm.

    Args:
        input: a float or complex Tensor.
        dim: the dims to reduce.
        keepdim: keep the reduced dims with size 1.

    Returns:
        A real Tensor of the norms.

    Example:
        >>> ember.frobenius_norm(ember.tensor([[3.0, 0.0], [0.0, -4.0]]), dim=(0, 1))
        tensor(5.)
    """
    warn_once("frobenius_norm", "at::frobenius_norm is deprecated and it is just left for JIT "
                                "compatibility. It will be removed in a future PyTorch release. "
                                "Please use `linalg.vector_norm(A, 2., dim, keepdim)` instead")
    from .reduction import norm as _norm
    return _norm(input, "fro", dim, keepdim)


def _matrix_norm_dims(A, dim):
    """The two distinct non-negative dims of matrix_norm, with torch's errors."""
    if isinstance(dim, int):
        raise TypeError(f"linalg_matrix_norm(): argument 'dim' must be tuple of ints, not "
                        f"{type(dim).__name__}")
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {len(dim)}")
    from .._tensor import _wrap_dim
    d0, d1 = (_wrap_dim(d, A.ndim) for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({d0}, {d1})")
    return d0, d1


def _matrix_norm_dtype(A, dtype):
    """A checked as floating point or complex, converted to ``dtype`` (complex for complex A)."""
    if A._dtype.category < D._FLOAT:
        raise RuntimeError("linalg.matrix_norm: Expected a floating point or complex tensor as "
                           f"input. Got {type_name(A._dtype)}")
    if dtype is None:
        return A
    return A.to(_check_norm_dtype("linalg.matrix_norm", A, dtype))


def _check_norm_dtype(name, A, dtype):
    """``dtype`` as an ember dtype, checked as torch's norms check it: floating point or
    complex, and complex exactly when A is."""
    dtype = D.as_dtype(dtype)
    if dtype.category < D._FLOAT:
        raise RuntimeError(f"{name}: dtype should be floating point or complex, but got "
                           f"{type_name(dtype)}")
    complex_input = A._dtype.category == D._COMPLEX
    if complex_input != (dtype.category == D._COMPLEX):
        raise RuntimeError(f"{name}: dtype should be {'complex' if complex_input else 'real'} "
                           f"for {'complex' if complex_input else 'real'} inputs, but got "
                           f"{type_name(dtype)}")
    return dtype


def norm(input, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """linalg.norm: vector norm for 1-D input or an int dim, matrix norm for 2 dims; the
    2-norm of the flattened input when ord and dim are both None."""
    A = input  # torch's parser names
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A.ndim not in (1, 2):
            raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must "
                               f"be 1D or 2D. Got {A.ndim}D.")
        dim = tuple(range(A.ndim))
    if len(dim) == 2 or isinstance(ord, str):
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


inv_ex_type = return_types.make("linalg_inv_ex", ("inverse", "info"))
cholesky_ex_type = return_types.make("linalg_cholesky_ex", ("L", "info"))


def _no_info(A):
    """LAPACK's info of a batch that succeeded: int32 zeros on A's device."""
    return wrap(_backend.namespace_of(A._data).zeros(A.shape[:-2], dtype=np.int32))


def inv_ex(A, *, check_errors=False, out=None):
    """(inverse, info): info is 0, or the failing pivot for a singular matrix when errors are
    not checked (the inverse is then NaN)."""
    try:
        return inv_ex_type(_inverse(A, "linalg.inv_ex"), _no_info(A))
    except LinAlgError:
        if check_errors:
            raise
    # Each singular matrix of the batch gets NaN and its first zero pivot as info.
    n = A.shape[-1]
    infos = _zero_pivots(A._data)
    flat = A._data.reshape(-1, n, n)
    result = _backend.namespace_of(flat).full(flat.shape, np.nan, dtype=A._data.dtype)
    invertible = infos.reshape(-1) == 0
    result[invertible] = np.linalg.inv(flat[invertible])
    return inv_ex_type(wrap(result.reshape(A._data.shape)), wrap(infos))


def cholesky_ex(input, *, upper=False, check_errors=False, out=None):
    """(L, info): info is 0, or the order of the first non-positive-definite leading minor
    when errors are not checked."""
    A = input  # torch's parser names
    check_bool("linalg_cholesky_ex", upper, "upper")
    try:
        return cholesky_ex_type(cholesky(A, upper=upper), _no_info(A))
    except LinAlgError as error:
        if check_errors:
            raise LinAlgError(str(error).replace("linalg.cholesky:", "linalg.cholesky_ex:", 1)
                              ) from None
        factor, info = _potrf_each(A._data, upper)
        return cholesky_ex_type(wrap(factor), wrap(info))


@_backend.host_only
def _potrf_each(a, upper):
    """LAPACK's potrf on each matrix of a batch, as PyTorch calls it: the (partial) factor with
    the other triangle zeroed, and each matrix's info (0, or the order of its first leading
    minor that is not positive definite)."""
    from scipy.linalg import lapack
    n = a.shape[-1]
    flat = a.reshape(-1, n, n)
    factors = np.empty_like(flat)
    infos = np.empty(flat.shape[0], dtype=np.int32)
    potrf, = lapack.get_lapack_funcs(("potrf",), (flat,))
    for i, m in enumerate(flat):
        c, info = potrf(m, lower=not upper, clean=True)
        factors[i], infos[i] = c, info if info > 0 else 0
    return factors.reshape(a.shape), infos.reshape(a.shape[:-2])


def _cross_method(self, other, dim=None):
    return cross(self, other, dim)


FUNCTIONS = {"matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "inner": None,
             "outer": outer, "ger": ger, "addmm": addmm, "addmv": addmv, "addr": addr,
             "baddbmm": baddbmm, "addbmm": addbmm, "einsum": einsum, "tensordot": tensordot,
             "kron": kron, "cross": cross, "chain_matmul": chain_matmul, "inverse": inv,
             "det": det, "slogdet": _slogdet_top, "logdet": logdet, "cholesky": cholesky_deprecated,
             "svd": svd_deprecated, "pinverse": pinverse, "matrix_power": matrix_power,
             "nuclear_norm": nuclear_norm, "frobenius_norm": frobenius_norm}
del FUNCTIONS["inner"]
METHODS = dict(FUNCTIONS)
for _name in ("einsum", "tensordot", "chain_matmul", "nuclear_norm", "frobenius_norm"):
    METHODS.pop(_name)
METHODS["cross"] = _cross_method
FUNCTIONS["_int_mm"] = _int_mm  # a function only, as in torch
# The ember.linalg namespace (src/ember/linalg.py re-exports these).
LINALG = {"norm": norm, "vector_norm": vector_norm, "matrix_norm": matrix_norm, "inv": inv,
          "det": det, "slogdet": slogdet, "solve": solve, "cholesky": cholesky, "qr": qr,
          "svd": svd, "svdvals": svdvals, "eigh": eigh, "eigvalsh": eigvalsh, "pinv": pinv,
          "matrix_rank": matrix_rank, "lstsq": lstsq, "matrix_power": matrix_power,
          "cross": linalg_cross, "multi_dot": multi_dot, "matmul": matmul,
          "inv_ex": inv_ex, "cholesky_ex": cholesky_ex, "LinAlgError": LinAlgError}
METHODS.update({"__matmul__": matmul, "__rmatmul__": lambda self, other: matmul(other, self)})

# torch's mm hands mat2 to saved-tensor hooks before self
MmBackward0._pack_order = (1, 0)
