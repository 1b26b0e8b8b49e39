"""Matrix products (matmul, mm, bmm, mv, dot, outer) and vector norms.

For C = A @ B:  dA = dC @ B^T,  dB = A^T @ dC. Batch dims broadcast, and the registry sums each
gradient back over the batch dims its input was broadcast along.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype as D
from .._tensor import Tensor
from ._registry import check_same_device, grad_fn, record, wrap, type_name


def _check_dtypes(a, b, name="m1", other="m2"):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected {name} and {other} to have the same dtype, but got: "
                           f"{_lower(a._dtype)} != {_lower(b._dtype)}")


def _lower(dt):
    return {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "float16": "c10::Half", "bfloat16": "c10::BFloat16"}.get(dt.name, dt.name)


def _shape_str(shape):
    return "x".join(str(s) for s in shape)


def matmul(input, other):
    """Matrix product with NumPy/PyTorch broadcasting rules for 1-D and batched operands."""
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not "
                        f"{type(other).__name__ if isinstance(input, Tensor) else type(input).__name__}")
    a, b = input._data, other._data
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{a.ndim}D and {b.ndim}D")
    _check_dtypes(input, other)
    check_same_device(input, other)
    k_a = a.shape[-1]
    k_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if k_a != k_b:
        if a.ndim == 1 and b.ndim == 1:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                               f"[{b.shape[0]}] to have the same number of elements, but got "
                               f"{a.shape[0]} and {b.shape[0]} elements respectively")
        if a.ndim == 2 and b.ndim == 1:
            raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat "
                               f"({_shape_str(a.shape)}), vec ({b.shape[0]})")
        am = a.reshape(-1, k_a) if a.ndim > 2 else a.reshape(1, -1) if a.ndim == 1 else a
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                           f"({_shape_str(am.shape)} and "
                           f"{_shape_str(b.shape if b.ndim > 1 else (b.shape[0], 1))})")
    try:
        out = wrap(np.matmul(a, b))
    except ValueError:
        raise RuntimeError(f"The size of tensor a ({a.shape[:-2]}) must match the size of tensor "
                           f"b ({b.shape[:-2]}) at non-singleton dimension") from None
    if a.ndim == 2 and b.ndim == 2:
        cls = MmBackward0
    elif a.ndim == 1 and b.ndim == 1:
        cls = DotBackward0
    elif a.ndim == 2 and b.ndim == 1:
        cls = MvBackward0
    elif a.ndim == 1:
        cls = SqueezeBackward4
    elif a.ndim == 3 and b.ndim == 3 and a.shape[0] == b.shape[0]:
        cls = BmmBackward0
    else:
        cls = UnsafeViewBackward0
    return record(out, cls, (input, other), (input, other))


def _matmul_backward(ctx, grad):
    a, b = ctx.saved_tensors
    a2 = a.unsqueeze(0) if a.ndim == 1 else a
    b2 = b.unsqueeze(-1) if b.ndim == 1 else b
    g = grad
    if a.ndim == 1:
        g = g.unsqueeze(-2)
    if b.ndim == 1:
        g = g.unsqueeze(-1)
    ga = gb = None
    if ctx.needs_input_grad[0]:
        ga = matmul(g, b2.mT)
        if a.ndim == 1:
            ga = ga.squeeze(-2)
    if ctx.needs_input_grad[1]:
        gb = matmul(a2.mT, g)
        if b.ndim == 1:
            gb = gb.squeeze(-1)
    return ga, gb


MmBackward0 = grad_fn("MmBackward0")(_matmul_backward)
DotBackward0 = grad_fn("DotBackward0")(_matmul_backward)
MvBackward0 = grad_fn("MvBackward0")(_matmul_backward)
BmmBackward0 = grad_fn("BmmBackward0")(_matmul_backward)
SqueezeBackward4 = grad_fn("SqueezeBackward4")(_matmul_backward)
UnsafeViewBackward0 = grad_fn("UnsafeViewBackward0")(_matmul_backward)


def mm(input, mat2):
    """Product of two matrices."""
    if input.ndim != 2:
        raise RuntimeError(f"self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched product of (b, n, m) and (b, m, p) tensors."""
    if input.ndim != 3:
        raise RuntimeError(f"batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError(f"batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0] or input.shape[2] != mat2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{input.shape[0]}, {input.shape[2]}] but got: "
                           f"[{mat2.shape[0]}, {mat2.shape[1]}].")
    return matmul(input, mat2)


def mv(input, vec):
    """Matrix-vector product."""
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return matmul(input, vec)


def dot(input, other):
    """Inner product of two 1-D tensors."""
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D "
                           "tensors")
    _check_dtypes(input, other, "self", "tensor")
    return matmul(input, other)


inner_1d = dot


def outer(input, vec2):
    """Outer product: out[i, j] = input[i] * vec2[j]."""
    return input.unsqueeze(1) * vec2.unsqueeze(0)


ger = outer


def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None):
    """(sum |x|^ord)^(1/ord) over dims; ord inf/-inf give max/min |x|, 0 counts nonzeros.
    d/dx = x |x|^(ord-2) / norm^(ord-1) (for ord=2: x / norm, 0 where norm is 0)."""
    if input._dtype.category < D._FLOAT:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {type_name(input._dtype)}")
    from .reduction import _dims
    dims = _dims(dim, input._data.ndim)
    x = input._data if dtype is None else input._data.astype(D.as_dtype(dtype).np)
    ax = np.abs(x)
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
    out = wrap(r, D.from_numpy_dtype(x.dtype) if x.dtype.kind != "c" else
               input._dtype.to_real())
    return record(out, LinalgVectorNormBackward0, (input,), (input, out), dims=dims,
                  keepdim=keepdim, ord=ord)


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
        return g * 0
    if p == 1:
        return g * x.sign()
    if p == 2:
        return g * where(n == 0, 0.0, x / n)
    if p in (float("inf"), float("-inf")):
        mask = x.abs() == n
        return g * x.sign() * mask / mask.sum(ctx.dims, keepdim=True)
    ax = x.abs()
    return g * where(n == 0, 0.0, x * ax ** (p - 2) / n ** (p - 1))


FUNCTIONS = {"matmul": matmul, "mm": mm, "bmm": bmm, "mv": mv, "dot": dot, "inner": None,
             "outer": outer, "ger": ger}
del FUNCTIONS["inner"]
METHODS = dict(FUNCTIONS)
METHODS.update({"__matmul__": matmul, "__rmatmul__": lambda self, other: matmul(other, self)})
