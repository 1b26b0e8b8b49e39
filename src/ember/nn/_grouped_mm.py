"""``F.grouped_mm``: one matrix product per group (Mixture-of-Experts layers), with the groups
either stacked in a 3-D operand or cut from a 2-D one at the offsets ``offs``.

The derivative of each layout is a grouped product of another layout with the same offsets
(a 2-D x 3-D product's weight gradient is a 2-D x 2-D product, and so on), so the backward is
written with ``grouped_mm`` itself and differentiates again.
"""
from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._legacy import _CPP_NAMES
from .._tensor import Tensor
from ..ops._registry import check_same_device, grad_fn, record, type_name

_ACCEPTED = (D.float32, D.float16, D.bfloat16)


def _check_layout(mat):
    """torch's grouped kernels take row- or column-major matrices whose leading stride is a
    whole number of 16-byte units; any other layout is refused."""
    strides, sizes = mat.stride(), tuple(mat.shape)
    alignment = 16 // mat.element_size()
    if strides[-2] == 1 and strides[-1] >= max(1, sizes[-2]):
        lead = strides[-1]
    elif strides[-1] == 1 and strides[-2] >= max(1, sizes[-1]):
        lead = strides[-2]
    else:
        raise RuntimeError(f"Invalid strides/sizes, got {list(strides)} for strides and "
                           f"{list(sizes)} for sizes")
    if lead % alignment:
        raise RuntimeError("strides should be multiple of 16 bytes")


def _check(mat_a, mat_b, offs, bias, out_dtype):
    """torch's checks of grouped_mm's arguments, in its order."""
    for name, mat in (("mat_a", mat_a), ("mat_b", mat_b)):
        if not isinstance(mat, Tensor):
            raise TypeError(f"grouped_mm(): argument '{name}' must be Tensor, not "
                            f"{type(mat).__name__}")
        if mat.dtype not in _ACCEPTED:
            raise RuntimeError(f"Expected {name} to be Float32, BFloat16 or Float16 matrix, got "
                               f"{type_name(mat.dtype)}")
    for name, mat in (("mat_a", mat_a), ("mat_b", mat_b)):
        if mat.dim() not in (2, 3):
            raise RuntimeError(f"{name} has to be 2 or 3d")
    if (mat_a.dim() == 3 or mat_b.dim() == 3) and mat_a.shape[-1] != mat_b.shape[-2]:
        raise RuntimeError("contraction dimension of mat_a and mat_b must match")
    _check_layout(mat_a)
    _check_layout(mat_b)
    if (offs is not None) != (mat_a.dim() == 2 or mat_b.dim() == 2):
        raise RuntimeError("Have to provide offsets if there is a 2d matrix, or no offset if "
                           "both matrices are 3d")
    if offs is not None:
        if offs.dim() != 1:
            raise RuntimeError("offs has to be 1D")
        if offs.dtype is not D.int32:
            raise RuntimeError("Offsets have to be int32")
    if bias is not None:
        raise RuntimeError("Bias not supported yet")
    if out_dtype is not None and out_dtype is not mat_a.dtype:
        raise RuntimeError("Grouped gemm output dtype must match `mat_a` dtype")
    check_same_device(mat_a, mat_b)
    if mat_a.dim() == 3 and mat_b.dim() == 3 and mat_a.shape[0] != mat_b.shape[0]:
        raise RuntimeError("batched dimension has to match")
    stacked = mat_a if mat_a.dim() == 3 else mat_b if mat_b.dim() == 3 else None
    if stacked is not None and offs is not None and offs.shape[0] != stacked.shape[0]:
        raise RuntimeError("matrix batch sizes have to match")
    if mat_a.dtype is not mat_b.dtype:
        first, second = _CPP_NAMES[mat_a.dtype.name], _CPP_NAMES[mat_b.dtype.name]
        if offs is None:
            raise RuntimeError(f"Expected out tensor to have dtype {second}, but got {first} "
                               f"instead")
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {first} != "
                           f"{second}")


def _product(a, b, xp):
    """a @ b on raw arrays, accumulated in float32 for the 16-bit dtypes."""
    if a.dtype.itemsize == 2:
        return xp.matmul(a.astype(np.float32), b.astype(np.float32)).astype(a.dtype)
    return xp.matmul(a, b)


def _forward(a, b, ends):
    """The grouped product on raw arrays; ``ends`` the offsets as ints (None when both are 3-D).
    A group spans [previous end, its end) of the cut dimension, clipped to the operand as a
    slice is; entries past the last end stay zero."""
    xp = _backend.namespace_of(a)
    if ends is None:
        return _product(a, b, xp)
    starts = [0, *ends[:-1]]
    if a.ndim == 2 and b.ndim == 3:
        out = xp.zeros((a.shape[0], b.shape[2]), dtype=a.dtype)
        for group, (start, end) in enumerate(zip(starts, ends)):
            if end > start:
                out[start:end] = _product(a[start:end], b[group], xp)
        return out
    if a.ndim == 3:
        out = xp.zeros((a.shape[1], b.shape[1]), dtype=a.dtype)
        for group, (start, end) in enumerate(zip(starts, ends)):
            if end > start:
                out[:, start:end] = _product(a[group], b[:, start:end], xp)
        return out
    out = xp.zeros((len(ends), a.shape[0], b.shape[1]), dtype=a.dtype)
    for group, (start, end) in enumerate(zip(starts, ends)):
        left, right = a[:, start:end], b[start:end]
        if left.shape[1] != right.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left.shape[0]}x"
                               f"{left.shape[1]} and {right.shape[0]}x{right.shape[1]})")
        out[group] = _product(left, right, xp)
    return out


def _grouped(mat_a, mat_b, offs):
    """The grouped product of checked operands, recording its node."""
    ends = None if offs is None else [int(end) for end in _backend.to_host(offs._data)]
    out = Tensor._make(_forward(mat_a._data, mat_b._data, ends))
    return record(out, GroupedMmBackward0, (mat_a, mat_b), (mat_a, mat_b), offs=offs)


@grad_fn("GroupedMmBackward0")
def GroupedMmBackward0(ctx, grad):
    """d mat_a = grouped(grad, mat_b^T), d mat_b = grouped(mat_a^T, grad), with the same offsets:
    each group's gradients are those of its own product."""
    a, b = ctx.saved_tensors
    grad_a = grad_b = None
    if ctx.needs_input_grad[0]:
        grad_a = _grouped(grad, b.transpose(-2, -1), ctx.offs)
    if ctx.needs_input_grad[1]:
        grad_b = _grouped(a.transpose(-2, -1), grad, ctx.offs)
    return grad_a, grad_b


def grouped_mm(mat_a, mat_b, *, offs=None, bias=None, out_dtype=None):
    """One matrix product per group: ``out[g] = mat_a[g] @ mat_b[g]``, the groups of a 2-D
    operand cut from its jagged dimension at ``offs`` (group g spans ``[offs[g-1], offs[g])``,
    the first from 0).

    The layouts: 3-D x 3-D is a batched product (no ``offs``); 2-D (M, K) x 3-D (G, K, N) cuts
    the rows of ``mat_a`` into G groups, giving (M, N); 3-D (G, M, K) x 2-D (K, N) cuts the
    columns of ``mat_b``, giving (M, N); 2-D (M, K) x 2-D (K, N) cuts the contraction
    dimension, giving (G, M, N). Rows or columns past ``offs[-1]`` are left zero (torch leaves
    them unset). float16 and bfloat16 products accumulate in float32.

    Args:
        mat_a (Tensor): float32, float16 or bfloat16, 2-D or 3-D, row- or column-major with a
            leading stride of a whole number of 16 bytes (torch's grouped-GEMM layouts).
        mat_b (Tensor): the same dtype and layout rules.
        offs (Tensor, optional): int32 1-D cumulative ends of the groups; required when an
            operand is 2-D, refused when both are 3-D.
        bias (Tensor, optional): not supported (torch raises too).
        out_dtype (ember.dtype, optional): must be ``mat_a``'s dtype.

    Returns:
        Tensor: the grouped products, differentiable in both operands (``GroupedMmBackward0``).

    Example:
        >>> a = ember.arange(16.).reshape(4, 4)
        >>> b = ember.stack([ember.eye(4), 2 * ember.eye(4)])
        >>> F.grouped_mm(a, b, offs=ember.tensor([1, 4], dtype=ember.int32))
        tensor([[ 0.,  1.,  2.,  3.],
                [ 8., 10., 12., 14.],
                [16., 18., 20., 22.],
                [24., 26., 28., 30.]])
    """
    _check(mat_a, mat_b, offs, bias, out_dtype)
    return _grouped(mat_a, mat_b, offs)


def scaled_grouped_mm(mat_a, mat_b, scale_a, scale_recipe_a, scale_b, scale_recipe_b,
                      swizzle_a=None, swizzle_b=None, bias=None, offs=None,
                      output_dtype=D.bfloat16, contraction_dim=(), use_fast_accum=False):
    """``grouped_mm`` of float8 operands decoded by their scales (per tensor, row or block, as
    ``scale_recipe_a``/``scale_recipe_b`` say). torch runs it only on CUDA (its kernel is
    ``_scaled_grouped_mm_v2``, with no CPU implementation); ember has no such kernel on any
    device, so every call raises ``NotImplementedError`` naming the backend, as torch's CPU
    build does.

    Args:
        mat_a, mat_b (Tensor): the float8 operands, laid out as for ``grouped_mm``.
        scale_a, scale_b (Tensor or list of Tensor): the decoding scales.
        scale_recipe_a, scale_recipe_b (F.ScalingType or list): how each operand is scaled.
        swizzle_a, swizzle_b (F.SwizzleType or list, optional): the scales' layouts.
        bias (Tensor, optional): added to each group's output.
        offs (Tensor, optional): int32 group ends, as for ``grouped_mm``.
        output_dtype (ember.dtype, optional): Default: ``ember.bfloat16``.
        contraction_dim (tuple of int, optional): which dimensions are K.
        use_fast_accum (bool, optional): tensor-core fast accumulation (Hopper only).

    Returns:
        Tensor: never; raises NotImplementedError.

    Example:
        >>> recipe = F.ScalingType.TensorWise
        >>> try:
        ...     F.scaled_grouped_mm(ember.ones(1, 16, 16), ember.ones(1, 16, 16),
        ...                         ember.tensor(1.0), recipe, ember.tensor(1.0), recipe)
        ... except NotImplementedError as error:
        ...     print(str(error).split(" This")[0])
        Could not run 'aten::_scaled_grouped_mm_v2' with arguments from the 'CPU' backend.
    """
    device = mat_a.device.type.upper() if isinstance(mat_a, Tensor) else "CPU"
    raise NotImplementedError(f"Could not run 'aten::_scaled_grouped_mm_v2' with arguments "
                              f"from the '{device}' backend.")
