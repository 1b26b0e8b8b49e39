"""Pooling: max/avg/adaptive/lp pooling, max_unpool, and unfold/fold (im2col/col2im).

Every pooling op here is, for fixed window choices, linear in its input, so each derivative is
a linear map whose own derivative is the forward map again:

    max pooling      gather at the argmax indices   <->  scatter-add onto those indices
    avg pooling      window sum / divisor           <->  spread each gradient over its window
    adaptive avg     one averaging matrix per dim   <->  the transposed matrices
    unfold           im2col                         <->  col2im (fold)

Each pair is declared once as two primitives that record each other, so gradients of any
order work. 1-D pooling runs the 2-D op on an unsqueezed input, as PyTorch does.
"""
from __future__ import annotations

import itertools

import numpy as np

from .. import _backend
from .. import _dtype as D
from .. import _memory_format as MF
from .._tensor import Tensor
from ..amp.autocast_mode import cast_fp32
from ..autograd import forward_ad as _forward_ad
from ._registry import grad_fn, needs_grad, py_type_name, record, type_name, wrap
from .conv import _ints, _not_ints, col2im, expand_param, im2col, pad_array, window_view


# The dtypes each of PyTorch's CPU pooling and resampling kernels is built for, beside the
# floating ones: "float" (float16, bfloat16, float32, float64), "float_long" (and int64),
# "single_double_long" (float32, float64, int64) and "real" (every dtype but bool and complex).
def check_kernel_dtype(input, kernel, supported):
    """PyTorch's NotImplementedError for a kernel without a version for input's dtype."""
    dtype = input._dtype
    if supported == "real":
        fits = dtype is not D.bool_ and dtype.category != D._COMPLEX
    elif supported == "float_complex_bool":
        fits = dtype is D.bool_ or dtype.category >= D._FLOAT
    elif supported == "single_double_long":
        fits = dtype in (D.float32, D.float64, D.int64)
    else:
        fits = dtype.category == D._FLOAT or (supported == "float_long" and dtype is D.int64)
    if not fits:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{type_name(dtype)}'")


def _prod(values):
    total = 1
    for v in values:
        total *= v
    return total


# --- scatter/gather on flattened planes (max pooling, adaptive max, max_unpool) ---------------

def _scatter_array(values, indices, plane, accumulate):
    """out[..., indices[..., i]] (+)= values[..., i] over each flattened plane of out, whose
    shape is values' leading dims + ``plane``."""
    xp = _backend.namespace_of(values)
    lead = values.shape[:values.ndim - len(plane)]
    size = _prod(plane)
    count = _prod(indices.shape[len(lead):])
    flat_index = (indices.reshape(_prod(lead), count)
                  + (xp.arange(_prod(lead), dtype=np.int64) * size)[:, None]).ravel()
    flat_values = values.reshape(-1)
    if accumulate:
        out = xp.bincount(flat_index, weights=flat_values, minlength=_prod(lead) * size)
        out = out.astype(values.dtype, copy=False)
    else:
        out = np.zeros_like(values, shape=(_prod(lead) * size,))
        out[flat_index] = flat_values
    return out.reshape(lead + tuple(plane))


def _gather_array(source, indices, plane):
    """out[..., i] = source[..., indices[..., i]] over each flattened ``plane`` of source."""
    lead = source.shape[:source.ndim - len(plane)]
    flat = source.reshape(lead + (_prod(plane),))
    count = _prod(indices.shape[len(lead):])
    picked = np.take_along_axis(flat, indices.reshape(lead + (count,)), axis=-1)
    return picked.reshape(indices.shape)


def scatter_plane(values, indices, plane, node_cls, unique):
    """Tensor version of _scatter_array (``unique``: no index repeats within a plane, so plain
    assignment suffices); its derivative gathers at the same indices."""
    out = wrap(_scatter_array(values._data, indices, plane, not unique))
    return record(out, node_cls, (values,), indices=indices, plane=plane, unique=unique)


def gather_plane(source, indices, plane, node_cls, unique):
    """Tensor version of _gather_array; its derivative scatter-adds onto the same indices."""
    out = wrap(_gather_array(source._data, indices, plane))
    return record(out, node_cls, (source,), indices=indices, plane=plane, unique=unique)


def _check_adaptive_grad(name, grad, dims):
    """torch's adaptive pooling backward refuses a gradient empty in a non-batch dim (an
    output_size of 0)."""
    first = 1 if grad.ndim == dims + 2 else 0
    empty = [d for d in range(first, grad.ndim) if grad.shape[d] == 0]
    if empty:
        raise RuntimeError(f"{name}_backward(): Expected grad_output to have non-zero size for "
                           f"non-batch dimensions, but grad_output has sizes {list(grad.shape)} "
                           f"with dimension {empty[0]} being empty")


def _input_format(x):
    """The format torch's pooling backward writes the input's gradient in: the one the
    input's strides suggest (a one-channel channels-last batch's gradient keeps its channel
    stride, which the leaf then takes over with the gradient); None for row-major."""
    if x._data.ndim < 4:
        return None
    fmt = MF.suggest(x._data.shape, x.stride())
    return None if fmt is MF.contiguous_format else fmt


def _in_input_format(ctx, grad_input):
    """``grad_input`` laid out as ``_input_format`` found the forward's input."""
    fmt = getattr(ctx, "fmt", None)
    if fmt is not None:
        grad_input._data = MF.laid_out(grad_input._data, fmt)
    return grad_input


def _gather_backward(ctx, grad):
    kind = type(ctx).__name__
    if kind.startswith("AdaptiveMaxPool"):
        _check_adaptive_grad(f"adaptive_max_pool{kind[15]}d", grad, int(kind[15]))
    # (max pooling saves its indices as a tensor, through saved-tensor hooks)
    indices = ctx.saved_tensors[0]._data if ctx._saved else ctx.indices
    return _in_input_format(ctx, scatter_plane(grad, indices, ctx.plane,
                                               _SCATTER_CLASS[type(ctx).__name__], ctx.unique))


def _scatter_backward(ctx, grad):
    return gather_plane(grad, ctx.indices, ctx.plane, _GATHER_CLASS[type(ctx).__name__],
                        ctx.unique)


MaxPool2DWithIndicesBackward0 = grad_fn("MaxPool2DWithIndicesBackward0")(_gather_backward)
MaxPool3DWithIndicesBackward0 = grad_fn("MaxPool3DWithIndicesBackward0")(_gather_backward)
AdaptiveMaxPool2DBackward0 = grad_fn("AdaptiveMaxPool2DBackward0")(_gather_backward)
MaxPool2DWithIndicesBackwardBackward0 = grad_fn(
    "MaxPool2DWithIndicesBackwardBackward0")(_scatter_backward)
MaxPool3DWithIndicesBackwardBackward0 = grad_fn(
    "MaxPool3DWithIndicesBackwardBackward0")(_scatter_backward)
AdaptiveMaxPool2DBackwardBackward0 = grad_fn(
    "AdaptiveMaxPool2DBackwardBackward0")(_scatter_backward)
MaxUnpool2DBackward0 = grad_fn("MaxUnpool2DBackward0")(_scatter_backward)
MaxUnpool2DBackwardBackward0 = grad_fn("MaxUnpool2DBackwardBackward0")(_gather_backward)
MaxUnpool3DBackward0 = grad_fn("MaxUnpool3DBackward0")(_scatter_backward)
MaxUnpool3DBackwardBackward0 = grad_fn("MaxUnpool3DBackwardBackward0")(_gather_backward)
AdaptiveMaxPool3DBackward0 = grad_fn("AdaptiveMaxPool3DBackward0")(_gather_backward)
AdaptiveMaxPool3DBackwardBackward0 = grad_fn(
    "AdaptiveMaxPool3DBackwardBackward0")(_scatter_backward)

FractionalMaxPool2DBackward0 = grad_fn("FractionalMaxPool2DBackward0")(_gather_backward)
FractionalMaxPool3DBackward0 = grad_fn("FractionalMaxPool3DBackward0")(_gather_backward)
FractionalMaxPool2DBackwardBackward0 = grad_fn(
    "FractionalMaxPool2DBackwardBackward0")(_scatter_backward)
FractionalMaxPool3DBackwardBackward0 = grad_fn(
    "FractionalMaxPool3DBackwardBackward0")(_scatter_backward)

# Which node a derivative records: a gather's derivative is a scatter and vice versa.
_SCATTER_CLASS = {
    "FractionalMaxPool2DBackward0": FractionalMaxPool2DBackwardBackward0,
    "FractionalMaxPool3DBackward0": FractionalMaxPool3DBackwardBackward0,
    "MaxPool2DWithIndicesBackward0": MaxPool2DWithIndicesBackwardBackward0,
    "MaxPool3DWithIndicesBackward0": MaxPool3DWithIndicesBackwardBackward0,
    "AdaptiveMaxPool2DBackward0": AdaptiveMaxPool2DBackwardBackward0,
    "AdaptiveMaxPool3DBackward0": AdaptiveMaxPool3DBackwardBackward0,
    "MaxUnpool2DBackwardBackward0": MaxUnpool2DBackward0,
    "MaxUnpool3DBackwardBackward0": MaxUnpool3DBackward0}
_GATHER_CLASS = {
    "FractionalMaxPool2DBackwardBackward0": FractionalMaxPool2DBackward0,
    "FractionalMaxPool3DBackwardBackward0": FractionalMaxPool3DBackward0,
    "MaxPool2DWithIndicesBackwardBackward0": MaxPool2DWithIndicesBackward0,
    "MaxPool3DWithIndicesBackwardBackward0": MaxPool3DWithIndicesBackward0,
    "AdaptiveMaxPool2DBackwardBackward0": AdaptiveMaxPool2DBackward0,
    "AdaptiveMaxPool3DBackwardBackward0": AdaptiveMaxPool3DBackward0,
    "MaxUnpool2DBackward0": MaxUnpool2DBackwardBackward0,
    "MaxUnpool3DBackward0": MaxUnpool3DBackwardBackward0}


# --- window geometry and checks ---------------------------------------------------------------

def _output_length(size, kernel, stride, pad, dilation, ceil_mode):
    """PyTorch's pooling output length (ceil mode drops a window that starts in the padding)."""
    span = size + 2 * pad - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _check_ints(name, args):
    """The argument parser's TypeError for a size argument that is not a tuple of ints (``args``:
    (argument name, position, value))."""
    for arg, position, value in args:
        if value is None and arg == "output_size" and name.endswith("1d"):
            raise TypeError(f"{name}(): argument 'output_size' (position 2) must be tuple of "
                            "ints, not NoneType")
        if value is not None and not _ints(value):
            problem = _not_ints(value)
            if problem is not None:
                raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be "
                                f"tuple of ints, {problem}")


def _pool_param(value, dims, arg, name):
    """One of the pooling's size arguments as a tuple of ``dims`` ints; one of another length
    gets the op's own text from torch's 2-D and 3-D max and average pools."""
    try:
        return expand_param(value, dims, arg, "pooling")
    except RuntimeError:
        if name not in ("max_pool2d", "max_pool3d", "avg_pool2d", "avg_pool3d"):
            raise
        count = "two" if dims == 2 else "three"
        either = "" if name == "avg_pool3d" else "either "
        if arg == "dilation":
            rule = f"must be either a single int, or a tuple of {count} ints"
        elif arg == "stride":
            rule = f"must {either}be omitted, a single int, or a tuple of {count} ints"
        else:
            rule = f"must {either}be a single int, or a tuple of {count} ints"
        raise RuntimeError(f"{name}: {arg} {rule}") from None


def _pool_args(input, kernel_size, stride, padding, dilation, dims, name, divisor_override=None):
    """Normalised (kernel, stride, padding, dilation) tuples, checked as PyTorch checks them."""
    _check_ints(name, (("kernel_size", 2, kernel_size), ("stride", 3, stride),
                       ("padding", 4, padding), ("dilation", 5, dilation)))
    kernel = _pool_param(kernel_size, dims, "kernel_size", name)
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) \
        else _pool_param(stride, dims, "stride", name)
    padding = _pool_param(padding, dims, "padding", name)
    dilation = _pool_param(dilation, dims, "dilation", name)
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{py_type_name(input)}")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool(input, kernel, stride, padding, dilation, dims, name)
    return kernel, stride, padding, dilation


def _half_down(value):
    """value / 2 rounded toward zero, as C++ divides (PyTorch's bound on a negative kernel's
    padding)."""
    return -(-value // 2) if value < 0 else value // 2


def _check_pool(input, kernel, stride, padding, dilation, dims, name):
    """PyTorch's checks of a 2-D or 3-D pooling call, in its order: the input's rank; each
    dim's stride and padding as the output length is worked out; then the kernel, stride and
    dilation signs, empty dims, padding against the kernel (the output's size last, in
    _out_sizes)."""
    ndim = input.ndim
    if name == "avg_pool2d":
        if ndim < 3:  # PyTorch reads the channel count, size(-3), before any check
            from .._tensor import _wrap_dim
            _wrap_dim(-3, ndim)
    elif ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"non-empty {dims + 1}D or {dims + 2}D (batch mode) tensor expected "
                           "for input")
    for k, s, p, d in zip(kernel, stride, padding, dilation):
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > _half_down((k - 1) * d + 1):
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    axes = "HW" if dims == 2 else "THW"
    for values, what, prefix in ((kernel, "kernel size", "k"), (stride, "stride", "d"),
                                 (dilation, "dilation", "dilation")):
        if any(v <= 0 for v in values):
            raise RuntimeError(f"{what} should be greater than zero, but got " + " ".join(
                f"{prefix}{a}: {v}" for a, v in zip(axes, values)))
    shape = list(input.shape)
    if dims == 2:
        if ndim not in (3, 4) or 0 in shape[-3:] or (ndim == 3 and 0 in shape):
            raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch "
                               f"size for input, but got:{shape}")
        (kh, kw), (ph, pw) = kernel, padding
        if ph > kh // 2 or pw > kw // 2:
            raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but "
                               f"got padW = {pw}, padH = {ph}, kW = {kw}, kH = {kh}")
        return
    where = "avg_pool3d()" if name == "avg_pool3d" else \
        "max_pool3d_with_indices_out_cpu_template()"
    if 0 in shape[-4:]:
        raise RuntimeError(f"{where}: Expected input's non-batch dimensions to have positive "
                           f"length, but input has a shape of {shape} and non-batch dimension 0 "
                           "has length zero!")
    (kt, kh, kw), (pt, ph, pw) = kernel, padding
    if name == "avg_pool3d" and any(n < k for n, k in zip(shape[-3:], kernel)):
        t, h, w = shape[-3:]
        raise RuntimeError(f"input image (T: {t} H: {h} W: {w}) smaller than kernel size "
                           f"(kT: {kt} kH: {kh} kW: {kw})")
    if pt > kt // 2 or ph > kh // 2 or pw > kw // 2:
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got "
                           f"kT: {kt} kW: {kw} kH: {kh} padT: {pt} padW: {pw} padH: {ph}")


def _out_sizes(x, kernel, stride, padding, dilation, ceil_mode):
    size = tuple(x.shape[-len(kernel):])
    out = tuple(_output_length(*args, ceil_mode)
                for args in zip(size, kernel, stride, padding, dilation))
    if any(o < 1 for o in out):
        channels = x.shape[-len(kernel) - 1]
        shown = "x".join(str(s) for s in (channels,) + size)
        got = "x".join(str(s) for s in (channels,) + out)
        raise RuntimeError(f"Given input size: ({shown}). Calculated output size: ({got}). "
                           "Output size is too small")
    return size, out


def _padded_for(size, out, kernel, stride, padding, dilation):
    """(low, high) pads that cover every window, including ceil mode's partial last one."""
    return tuple((p, max(0, (o - 1) * s + d * (k - 1) + 1 - n - p))
                 for n, o, k, s, p, d in zip(size, out, kernel, stride, padding, dilation))


# --- max pooling --------------------------------------------------------------------------------

def _lowest(dtype):
    return -np.inf if dtype.kind in "fV" else np.iinfo(dtype).min   # bfloat16's kind is V


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, dims,
              name, node_cls):
    kernel, stride, padding, dilation = _pool_args(input, kernel_size, stride, padding, dilation,
                                                   dims, name)
    check_kernel_dtype(input, name, "real")
    x = input
    size, out = _out_sizes(x, kernel, stride, padding, dilation, ceil_mode)
    arr = x._data
    pads = _padded_for(size, out, kernel, stride, padding, dilation)
    padded = pad_array(arr, pads, _lowest(arr.dtype))
    offsets = list(itertools.product(*(range(k) for k in kernel)))
    windows = [window_view(padded, offset, stride, dilation, out) for offset in offsets]
    best = windows[0].copy()
    for values in windows[1:]:
        np.maximum(best, values, out=best)     # NaN wins, as in PyTorch
    # a dual input (forward AD) records too: record pushes its tangent through the indices
    # (max_pool1d/2d gave a zero tangent and jvp returned zeros)
    want_grad = needs_grad(x) or (_forward_ad._state.level is not None and
                                  _forward_ad._tangent(x) is not None)
    indices = None
    if return_indices or want_grad:
        winner = _argmax_offsets(windows, best)
        indices = _flat_indices(winner, kernel, stride, padding, dilation, size, out)
    result = wrap(best)
    if want_grad:
        # Windows that cannot overlap give each input element at most one gradient.
        unique = all(s >= d * (k - 1) + 1 for s, d, k in zip(stride, dilation, kernel))
        # The indices go through saved-tensor hooks, as torch's saved indices do.
        record(result, node_cls, (x,), save=(Tensor._make(indices),), plane=size,
               unique=unique, fmt=_input_format(x))
    if return_indices:
        return result, Tensor._make(indices)
    return result


def _argmax_offsets(windows, best):
    """Which kernel offset gave each maximum: the first one that equals it (PyTorch's strict >
    scan), or the last NaN where the maximum is NaN."""
    kind = np.uint8 if len(windows) < 256 else np.int64
    # winner = how many leading offsets fall short of the maximum
    short = windows[0] != best
    winner = short.astype(kind)
    for values in windows[1:-1]:
        short &= values != best
        winner += short
    if best.dtype.kind in "fV" and np.isnan(best).any():
        for number, values in enumerate(windows):
            np.copyto(winner, number, where=np.isnan(values))
    return winner


def _flat_indices(winner, kernel, stride, padding, dilation, size, out):
    """Each output's argmax as a flat index into its input plane (PyTorch's indices)."""
    plane_strides = [_prod(size[d + 1:]) for d in range(len(size))]
    # Flat distance of each kernel offset from its window's first element, and of each window's
    # first element from the plane's start.
    # The winners' namespace: device winners give device indices, meta ones meta indices.
    xp = _backend.namespace_of(winner)
    offset_table = xp.zeros(kernel, dtype=np.int64)
    base = xp.zeros((1,) * len(out), dtype=np.int64)
    for d, (k, s, p, dil, m, step) in enumerate(zip(kernel, stride, padding, dilation, out,
                                                     plane_strides)):
        shape = [1] * len(out)
        shape[d] = k
        offset_table = offset_table + (xp.arange(k) * dil * step).reshape(shape)
        shape[d] = m
        base = base + ((xp.arange(m) * s - p) * step).reshape(shape)
    return xp.take(offset_table.ravel(), winner) + base


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Maximum over each kh x kw window of (N, C, H, W) input (padding counts as -inf).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    return MF.follow(_max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                               return_indices, 2, "max_pool2d", MaxPool2DWithIndicesBackward0),
                     input)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Maximum over each kd x kh x kw window of (N, C, D, H, W) input.

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    input = cast_fp32(input)
    out = _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3,
                    "max_pool3d", MaxPool3DWithIndicesBackward0)
    return MF.follow(out, input) if input.dim() == 5 else out  # a batch keeps channels_last_3d


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Maximum over each length-k window of (N, C, L) input (the 2-D op on a height-1 image).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    _check_ints("max_pool1d_with_indices" if return_indices else "max_pool1d", (
        ("kernel_size", 2, kernel_size), ("stride", 3, stride), ("padding", 4, padding),
        ("dilation", 5, dilation)))
    if return_indices:
        _check_rank_1d(input, "max_pool1d")
    else:
        _check_max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)
        check_kernel_dtype(input, "max_pool1d_impl", "float")
    result = max_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)),
                        None if _none(stride) else (1, _one(stride)), (0, _one(padding)),
                        (1, _one(dilation)), ceil_mode, return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def _check_rank_1d(input, name):
    if isinstance(input, Tensor) and input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor "
                           f"for argument #1 'self' (while checking arguments for {name})")


def _check_max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode):
    """PyTorch's own checks of max_pool1d without indices (its other path is the 2-D op's)."""
    if not isinstance(input, Tensor):
        return
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{list(input.shape)}")
    k = _one(kernel_size)
    s = k if _none(stride) else _one(stride)
    p, d = _one(padding), _one(dilation)
    for name, value, ok in (("kernel_size", k, k > 0), ("stride", s, s > 0)):
        if not ok:
            raise RuntimeError(f"max_pool1d() {name} must be greater than zero, but got {value}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got "
                           f"padding={p} and kernel_size={k}")
    if d <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d}")
    length = _output_length(input.shape[-1], k, s, p, d, ceil_mode)
    if length <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {length}")


def _check_1d(input, name):
    if isinstance(input, Tensor) and (input.ndim not in (2, 3) or 0 in input.shape[-2:]):
        raise RuntimeError(f"{name}() Expected 2D or 3D input tensor, but got "
                           f"{list(input.shape)}")


def _none(value):
    return value is None or (not isinstance(value, (int, np.integer)) and len(value) == 0)


def _one(value):
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = tuple(value)
    if len(value) != 1:
        raise RuntimeError(f"expected a single integer value, but got {list(value)}")
    return int(value[0])


def _unpool_output_size(input, kernel, stride, padding, output_size, dims):
    """The unpooled spatial size: the pooling's input size by default, else ``output_size``
    (its last ``dims`` entries), which must lie strictly within one stride of the default."""
    default = tuple((n - 1) * s - 2 * p + k for n, s, p, k in
                    zip(input.shape[-dims:], stride, padding, kernel))
    if output_size is None:
        return default
    given = [int(n) for n in output_size]
    if len(given) == dims + 2:
        given = given[2:]
    if len(given) != dims:
        raise ValueError(f"output_size should be a sequence containing {dims} or {dims + 2} "
                         f"elements, but it has a length of '{len(given)}'")
    for dim, (size, natural, step) in enumerate(zip(given, default, stride)):
        if not natural - step < size < natural + step:
            raise ValueError(f'invalid output_size "{output_size}" (dim {dim} must be between '
                             f"{natural - step} and {natural + step})")
    return tuple(given)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, dims, node_cls):
    """Place each pooled value back at its argmax index (flat within each plane) in a zero
    tensor of the unpooled size. Derivative: the output's gradient gathered at the indices."""
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"Input to max_unpooling{dims}d should be a {dims + 1}d or "
                           f"{dims + 2}d Tensor, but got a tensor with {input.ndim} dimensions.")
    kernel = expand_param(kernel_size, dims, "kernel_size", "pooling")
    stride = kernel if _none(stride) else expand_param(stride, dims, "stride", "pooling")
    padding = expand_param(padding, dims, "padding", "pooling")
    plane = _unpool_output_size(input, kernel, stride, padding, output_size, dims)
    if indices._dtype is not D.int64:
        raise RuntimeError("elements in indices should be type int64" +
                           ("" if dims == 3 else f" but got: {type_name(indices._dtype)}"))
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({list(input.shape)}) but got indices tensor with shape: "
                           f"{list(indices.shape)}")
    idx = indices._data
    if idx.size and (idx.min() < 0 or idx.max() >= _prod(plane)):
        raise RuntimeError(f"Found an invalid max index: {int(idx.max())} (output volumes are "
                           f"of size {'x'.join(str(n) for n in plane)})")
    out = wrap(_scatter_array(input._data, idx, plane, accumulate=False))
    return record(out, node_cls, (input,), indices=idx, plane=plane, unique=False)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Place each pooled value back at its argmax index in a zero (N, C, H, W) tensor.

    Derivative: the output's gradient gathered at the same indices.
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2,
                       MaxUnpool2DBackward0)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Place each pooled value back at its argmax index in a zero (N, C, D, H, W) tensor: the
    inverse of ``max_pool3d(..., return_indices=True)`` where the maxima were.

    Derivative: the output's gradient gathered at the same indices.
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3,
                       MaxUnpool3DBackward0)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Place each pooled value back at its argmax index in a zero (N, C, L) tensor (the 2-D
    unpooling of a height-1 image, as torch computes it).

    Derivative: the output's gradient gathered at the same indices.
    """
    kernel = expand_param(kernel_size, 1, "kernel_size", "pooling")
    stride = kernel if _none(stride) else expand_param(stride, 1, "stride", "pooling")
    padding = expand_param(padding, 1, "padding", "pooling")
    length = _unpool_output_size(input, kernel, stride, padding, output_size, 1)
    out = max_unpool2d(input.unsqueeze(-1), indices.unsqueeze(-1), kernel + (1,),
                       stride + (1,), padding + (0,), length + (1,))
    return out.squeeze(-1)


# --- average pooling ----------------------------------------------------------------------------

class _AvgGeometry:
    __slots__ = ("divisor", "kernel", "out", "pads", "size", "stride")

    def __init__(self, size, out, kernel, stride, pads, divisor):
        self.size, self.out, self.kernel = size, out, kernel
        self.stride, self.pads, self.divisor = stride, pads, divisor


def _divisor(size, out, kernel, stride, padding, count_include_pad, divisor_override, dtype,
             xp):
    """Each output's divisor: the window's size clipped to the padded input (or to the input
    itself without count_include_pad), as a broadcastable array of namespace ``xp``."""
    if divisor_override:
        return dtype.type(divisor_override)
    result = xp.ones((), dtype=dtype)
    for d, (n, m, k, s, p) in enumerate(zip(size, out, kernel, stride, padding)):
        start = xp.arange(m) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        shape = [1] * len(out)
        shape[d] = m
        result = result * (end - start).astype(dtype).reshape(shape)
    return result


def _avg_array(arr, geo):
    """Window sums of ``arr`` over the geometry's windows, divided by each window's divisor
    (float16 and bfloat16 added and divided in float32, rounded once, as torch does)."""
    wide = arr.dtype.itemsize == 2 and arr.dtype.kind in "fV"
    padded = pad_array(arr.astype(np.float32) if wide else arr, geo.pads)
    total = None
    for offset in itertools.product(*(range(k) for k in geo.kernel)):
        window = window_view(padded, offset, geo.stride, (1,) * len(geo.kernel), geo.out)
        total = window.copy() if total is None else np.add(total, window, out=total)
    if wide:
        return (total / geo.divisor.astype(np.float32)).astype(arr.dtype)
    return total / geo.divisor if total.dtype.kind in "fV" else total // geo.divisor


def _spread_array(grad, geo):
    """The adjoint of _avg_array: each output's grad / divisor added over its whole window,
    the outputs in row-major order, as torch's kernel adds them (so a float16 or bfloat16
    element's shares round in torch's order)."""
    share = grad / geo.divisor
    lead = grad.shape[:grad.ndim - len(geo.kernel)]
    padded_shape = lead + tuple(n + lo + hi for n, (lo, hi) in zip(geo.size, geo.pads))
    out = _backend.namespace_of(grad).zeros(padded_shape, dtype=grad.dtype)
    # an element meets its windows' outputs in row-major order as the offsets run backwards
    for offset in itertools.product(*(range(k - 1, -1, -1) for k in geo.kernel)):
        window_view(out, offset, geo.stride, (1,) * len(geo.kernel), geo.out)[...] += share
    return out[(Ellipsis,) + tuple(slice(lo, lo + n) for n, (lo, _) in zip(geo.size, geo.pads))]


def _avg_op(x, geo, node_cls, fmt=None):
    return record(wrap(_avg_array(x._data, geo)), node_cls, (x,), geo=geo, fmt=fmt)


def _spread_op(grad, geo, node_cls):
    return record(wrap(_spread_array(grad._data, geo)), node_cls, (grad,), geo=geo)


def _avg_backward(ctx, grad):
    return _in_input_format(ctx, _spread_op(grad, ctx.geo, _AVG_NEXT[type(ctx).__name__]))


def _spread_backward(ctx, grad):
    return _avg_op(grad, ctx.geo, _AVG_NEXT[type(ctx).__name__])


AvgPool2DBackward0 = grad_fn("AvgPool2DBackward0")(_avg_backward)
AvgPool3DBackward0 = grad_fn("AvgPool3DBackward0")(_avg_backward)
AvgPool2DBackwardBackward0 = grad_fn("AvgPool2DBackwardBackward0")(_spread_backward)
AvgPool3DBackwardBackward0 = grad_fn("AvgPool3DBackwardBackward0")(_spread_backward)
_AVG_NEXT = {"AvgPool2DBackward0": AvgPool2DBackwardBackward0,
             "AvgPool3DBackward0": AvgPool3DBackwardBackward0,
             "AvgPool2DBackwardBackward0": AvgPool2DBackward0,
             "AvgPool3DBackwardBackward0": AvgPool3DBackward0}


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override, dims, name, node_cls):
    kernel, stride, padding, _ = _pool_args(input, kernel_size, stride, padding, 1, dims, name,
                                            divisor_override)
    check_kernel_dtype(input, "avg_pool2d" if dims == 2 else "avg_pool3d_out_frame",
                       "float_long" if dims == 2 else "single_double_long")
    x = input
    size, out = _out_sizes(x, kernel, stride, padding, (1,) * dims, ceil_mode)
    pads = _padded_for(size, out, kernel, stride, padding, (1,) * dims)
    dtype = x._data.dtype if x._data.dtype.kind in "fV" else np.dtype(np.int64)
    divisor = _divisor(size, out, kernel, stride, padding, count_include_pad, divisor_override,
                       dtype, _backend.namespace_of(x._data))
    geo = _AvgGeometry(size, out, kernel, stride, pads, divisor)
    # torch's 2-D average pooling writes the input's gradient in the input's format; its 3-D
    # one writes it row-major
    return _avg_op(x, geo, node_cls, _input_format(x) if dims == 2 else None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over each kh x kw window of (N, C, H, W) input.

    Derivative: each output's gradient, divided by its divisor, spread over its window.
    """
    return MF.follow(_avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                               divisor_override, 2, "avg_pool2d", AvgPool2DBackward0), input)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over each kd x kh x kw window of (N, C, D, H, W) input.

    Derivative: each output's gradient, divided by its divisor, spread over its window.
    """
    input = cast_fp32(input)
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 3, "avg_pool3d", AvgPool3DBackward0)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """Mean over each length-k window of (N, C, L) input (the 2-D op on a height-1 image).

    Derivative: each output's gradient, divided by its divisor, spread over its window.
    """
    _check_ints("avg_pool1d", (("kernel_size", 2, kernel_size), ("stride", 3, stride),
                               ("padding", 4, padding)))
    _check_rank_1d(input, "avg_pool1d")
    result = avg_pool2d(input.unsqueeze(-2), (1, _one(kernel_size)),
                        None if _none(stride) else (1, _one(stride)), (0, _one(padding)),
                        ceil_mode, count_include_pad)
    return result.squeeze(-2)


def _repeated(size, dims):
    """An int repeated ``dims`` times, or the sequence itself: unpacking it into ``dims`` names
    raises Python's ValueError on a wrong length, as PyTorch's lp_pool does."""
    return (size,) * dims if isinstance(size, int) else tuple(size)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum over each window of x^p)^(1/p), computed as PyTorch does: from avg_pool2d of x^p.

    Derivative: through pow, avg_pool2d, abs/relu and sign (a composite of ember ops).
    """
    from .elementwise import relu
    kh, kw = _repeated(kernel_size, 2)
    out = avg_pool2d(input.pow(norm_type), (kh, kw), stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(kh * kw).pow(1.0 / norm_type)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum over each 3-D window of x^p)^(1/p), from avg_pool3d of x^p as PyTorch does.

    Derivative: through pow, avg_pool3d, abs/relu and sign (a composite of ember ops).
    """
    from .elementwise import relu
    kd, kh, kw = _repeated(kernel_size, 3)
    out = avg_pool3d(input.pow(norm_type), (kd, kh, kw), stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(kd * kh * kw).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """(sum over each length-k window of x^p)^(1/p), from avg_pool1d of x^p as PyTorch does.

    Derivative: through pow, avg_pool1d, abs/relu and sign (a composite of ember ops).
    """
    from .elementwise import relu
    out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(_one(kernel_size)).pow(1.0 / norm_type)


# --- separable linear maps: adaptive average pooling (and interpolation, in sampling.py) -------

class Repeat:
    """The (in * factor, in) 0/1 matrix that repeats each element ``factor`` times (or, with
    ``transposed``, its transpose: sums of blocks of ``factor``), applied without forming it."""

    __slots__ = ("factor", "transposed")

    def __init__(self, factor, transposed=False):
        self.factor, self.transposed = factor, transposed

    @property
    def T(self):
        return Repeat(self.factor, not self.transposed)

    def apply(self, arr, axis):
        if not self.transposed:
            return np.repeat(arr, self.factor, axis)
        blocks = arr.shape[:axis] + (arr.shape[axis] // self.factor, self.factor)
        return arr.reshape(blocks + arr.shape[axis + 1:]).sum(axis + 1)


class Taps:
    """An (out, size) matrix with a few nonzeros per row: row o is sum_t weights[o, t] at
    column index[o, t]. Up to DENSE_LIMIT columns it is applied as a dense BLAS product
    (faster there); beyond, by gathering (and its transpose by bincount scatter-adds), whose
    cost grows with out * taps rather than out * size."""

    DENSE_LIMIT = 512

    __slots__ = ("index", "size", "transposed", "weights")

    def __init__(self, index, weights, size, transposed=False):
        self.index, self.weights, self.size, self.transposed = index, weights, size, transposed

    @property
    def T(self):
        return Taps(self.index, self.weights, self.size, not self.transposed)

    def dense(self, xp):
        """The matrix itself, in namespace ``xp``."""
        index, weights = xp.asarray(self.index), xp.asarray(self.weights)
        matrix = xp.zeros((index.shape[0], self.size))
        _backend.scatter_add(matrix, (xp.arange(index.shape[0])[:, None], index), weights)
        return matrix.T if self.transposed else matrix

    def apply(self, arr, axis):
        xp = _backend.namespace_of(arr)
        moved = np.moveaxis(arr, axis, -1)
        if self.size <= self.DENSE_LIMIT:
            out = moved @ self.dense(xp).T.astype(arr.dtype, copy=False)
            return np.moveaxis(out, -1, axis)
        # The taps are described on the host; the array's device gets its own copy.
        index = xp.asarray(self.index)
        weights = xp.asarray(self.weights).astype(arr.dtype, copy=False)
        if not self.transposed:
            out = moved[..., index[:, 0]] * weights[:, 0]
            for tap in range(1, index.shape[1]):
                out += moved[..., index[:, tap]] * weights[:, tap]
            return np.moveaxis(out, -1, axis)
        lead = moved.shape[:-1]
        rows = _prod(lead)
        flat = moved.reshape(rows, moved.shape[-1])
        # Each (row, output) value lands on (row, index[output, tap]) with its weight.
        targets = (xp.arange(rows, dtype=np.int64)[:, None, None] * self.size
                   + index[None]).ravel()
        values = (flat[:, :, None] * weights[None]).ravel()
        out = xp.bincount(targets, values, minlength=rows * self.size).astype(arr.dtype)
        return np.moveaxis(out.reshape(lead + (self.size,)), -1, axis)


def apply_matrices(arr, matrices):
    """Contract each of the trailing len(matrices) dims of ``arr`` with its (out, in) matrix
    (a dense array, a Repeat or a Taps)."""
    dims = len(matrices)
    for d, matrix in enumerate(matrices):
        axis = arr.ndim - dims + d
        if isinstance(matrix, (Repeat, Taps)):
            arr = matrix.apply(arr, axis)
            continue
        moved = np.moveaxis(arr, axis, -1)
        matrix = _backend.namespace_of(arr).asarray(matrix.T).astype(arr.dtype, copy=False)
        arr = np.moveaxis(moved @ matrix, -1, axis)
    return _backend.ascontiguousarray(arr)


def separable(x, matrices, node_cls):
    """y = x contracted with one matrix per trailing dim; derivative: the transposed matrices."""
    out = wrap(apply_matrices(x._data, matrices))
    return record(out, node_cls, (x,), matrices=matrices)


def _separable_backward(ctx, grad):
    transposed = tuple(m.T for m in ctx.matrices)
    adaptive = getattr(ctx, "adaptive", None)
    if adaptive is None:
        return separable(grad, transposed, SEPARABLE_NEXT[type(ctx).__name__])
    # adaptive average pooling's own derivative: its values as torch's kernel adds them
    kind = type(ctx).__name__
    _check_adaptive_grad(f"adaptive_avg_pool{kind[15]}d", grad, int(kind[15]))
    values = wrap(_adaptive_spread_array(grad._data, *adaptive), grad._dtype)
    return record(values, SEPARABLE_NEXT[type(ctx).__name__], (grad,), matrices=transposed)


def _adaptive_spread_array(grad, size, out):
    """Each output's gradient divided by its window's length in each dim in turn (in the
    gradient's dtype) and added into the window, the outputs in row-major order, as torch's
    adaptive-average-pool backward adds them."""
    xp = _backend.namespace_of(grad)
    dims = len(size)
    bounds = [adaptive_bounds(n, o) for n, o in zip(size, out)]
    share = grad
    for d, (start, end) in enumerate(bounds):
        length = (end - start).reshape((-1,) + (1,) * (dims - 1 - d))
        share = share / xp.asarray(length).astype(grad.dtype)
    share = share.astype(grad.dtype, copy=False)
    lead = grad.shape[:grad.ndim - dims]
    result = xp.zeros(lead + tuple(size), dtype=grad.dtype)
    # an element meets the windows over it in row-major output order as the offsets run back
    for offset in itertools.product(*(range(int((e - s).max()) - 1, -1, -1)
                                      for s, e in bounds)):
        where, inside = [slice(None)] * len(lead), True
        for d, ((start, end), k) in enumerate(zip(bounds, offset)):
            shape = (-1,) + (1,) * (dims - 1 - d)
            where.append(xp.asarray(np.minimum(start + k, end - 1).reshape(shape)))
            inside = inside & (start + k < end).reshape(shape)
        term = share if np.all(inside) else np.where(xp.asarray(inside), share, 0)
        _backend.scatter_add(result, tuple(where), term.astype(grad.dtype, copy=False))
    return result


SEPARABLE_NEXT = {}


def separable_pair(name):
    """Node classes ``name`` and ``name``'s double-backward node, each recording the other."""
    forward = grad_fn(name)(_separable_backward)
    twice = name.replace("Backward0", "BackwardBackward0")
    backward = grad_fn(twice)(_separable_backward)
    SEPARABLE_NEXT[name], SEPARABLE_NEXT[twice] = backward, forward
    return forward


AdaptiveAvgPool2DBackward0 = separable_pair("AdaptiveAvgPool2DBackward0")
AdaptiveAvgPool3DBackward0 = separable_pair("AdaptiveAvgPool3DBackward0")


def adaptive_bounds(size, out):
    """Window [start, end) of each of ``out`` adaptive windows over ``size`` elements."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def _averaging_matrix(size, out, dtype):
    start, end = adaptive_bounds(size, out)
    cols = np.arange(size)
    inside = (cols >= start[:, None]) & (cols < end[:, None])
    return (inside / (end - start)[:, None]).astype(dtype)


def _adaptive_size(input, output_size, dims, name):
    # (a string reaches the parser through the Python wrapper, which took it for a sequence)
    _check_ints(name, (("output_size", 2, tuple(output_size) if isinstance(output_size, str)
                        else output_size),))
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{py_type_name(input)}")
    if input.ndim not in (dims + 1, dims + 2):
        got = "got: " if "max" in name else "got "  # torch's two spellings
        raise RuntimeError(f"{name}(): Expected {dims + 1}D or {dims + 2}D tensor, but {got}"
                           f"{list(input.shape)}")
    if isinstance(output_size, (int, np.integer)):
        output_size = (int(output_size),) * dims
    output_size = tuple(output_size)
    if len(output_size) != dims:
        raise RuntimeError(f"{name}: internal error: output_size.size() must be {dims}")
    if any(o is not None and o < 0 for o in output_size):
        if "max" in name:
            shape = list(input.shape[:-dims]) + list(output_size)
            raise RuntimeError(f"Trying to create tensor with negative dimension "
                               f"{min(o for o in output_size if o is not None)}: {shape}")
        raise RuntimeError(f"{name}: elements of output_size must be greater than or equal to 0 "
                           f"but received {{{', '.join(str(o) for o in output_size)}}}")
    shape = tuple(input.shape)
    for d in range(1, input.ndim):
        if shape[d] == 0:  # an empty window's mean or maximum has no value
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(shape)} with dimension "
                               f"{d} being empty")
    size = tuple(input.shape[-dims:])
    return tuple(s if o is None else int(o) for o, s in zip(output_size, size)), size


def _adaptive_avg(input, output_size, dims, name, node_cls):
    out, size = _adaptive_size(input, output_size, dims, name)
    check_kernel_dtype(input, name if dims == 2 else f"{name}_cpu", "float")
    if all(o == 1 for o in out):
        return input.mean(tuple(range(-dims, 0)), keepdim=True)
    dtype = input._data.dtype
    matrices = tuple(_averaging_matrix(n, o, dtype) for n, o in zip(size, out))
    # the values window by window; the matrices serve the derivative
    result = wrap(_adaptive_mean_array(input._data, size, out, wide=dims < 3), input._dtype)
    return record(result, node_cls, (input,), matrices=matrices, adaptive=(size, out))


def _adaptive_mean_array(arr, size, out, wide):
    """Each adaptive window's sum, added element by element in row-major order (in float32
    for half types when ``wide``, as torch's 1-D and 2-D kernels; its 3-D one adds in the
    half type), divided by its length in each dim in turn: a NaN or inf stays in its own
    windows (a product with averaging matrices spread it over every output through 0 * inf)."""
    xp = _backend.namespace_of(arr)
    dims = len(size)
    if 0 in out:  # no windows: an empty result
        return xp.zeros(arr.shape[:arr.ndim - dims] + tuple(out), arr.dtype)
    acc = arr.astype(np.float32) if wide and arr.dtype.itemsize == 2 else arr
    bounds = [adaptive_bounds(n, o) for n, o in zip(size, out)]
    total = None
    for offset in itertools.product(*(range(int((e - s).max())) for s, e in bounds)):
        picked, inside = acc, True
        for d, ((start, end), k) in enumerate(zip(bounds, offset)):
            picked = xp.take(picked, xp.asarray(np.minimum(start + k, end - 1)),
                             axis=arr.ndim - dims + d)
            inside = inside & (start + k < end).reshape((-1,) + (1,) * (dims - 1 - d))
        term = np.where(xp.asarray(inside), picked, 0) if not np.all(inside) else picked
        total = term if total is None else total + term
    for d, (start, end) in enumerate(bounds):  # over each dim's length in turn, as torch
        length = (end - start).reshape((-1,) + (1,) * (dims - 1 - d))
        total = total / xp.asarray(length).astype(acc.dtype)
    return total.astype(arr.dtype)


def adaptive_avg_pool2d(input, output_size):
    """Mean over PyTorch's adaptive windows [floor(i*H/h), ceil((i+1)*H/h)) in each dim.

    Derivative: each output's gradient spread evenly over its window (the transposed map).
    """
    return MF.follow(_adaptive_avg(input, output_size, 2, "adaptive_avg_pool2d",
                                   AdaptiveAvgPool2DBackward0), input)


def adaptive_avg_pool3d(input, output_size):
    """Mean over adaptive windows in each of the last three dims of (N, C, D, H, W) input.

    Derivative: each output's gradient spread evenly over its window (the transposed map).
    """
    input = cast_fp32(input)
    out = _adaptive_avg(input, output_size, 3, "adaptive_avg_pool3d", AdaptiveAvgPool3DBackward0)
    # torch keeps a batch's channels_last_3d in the one-element means only.
    return MF.follow(out, input) if input.dim() == 5 and out.shape[2:] == (1, 1, 1) else out


def adaptive_avg_pool1d(input, output_size):
    """Mean over adaptive windows of (N, C, L) input (the 2-D op on a height-1 image).

    Derivative: each output's gradient spread evenly over its window.
    """
    _check_ints("adaptive_avg_pool1d", (("output_size", 2, output_size),))
    _check_1d(input, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _one(output_size))).squeeze(-2)


def _adaptive_max(input, output_size, return_indices, dims, name, node_cls):
    """Maximum over PyTorch's adaptive windows [floor(i*n/o), ceil((i+1)*n/o)) in each of the
    last ``dims`` dims, with the flat in-plane index of each maximum."""
    out, size = _adaptive_size(input, output_size, dims, name)
    check_kernel_dtype(input, name if dims == 2 else f"{name}_cpu", "float")
    x = input
    xp = _backend.namespace_of(x._data)
    if 0 in out:  # no windows: empty values and indices
        shape = tuple(x.shape[:-dims]) + out
        empty = xp.zeros(shape, np.int64)
        result = record(wrap(xp.zeros(shape, x._data.dtype), x._dtype), node_cls, (x,),
                        indices=empty, plane=size, unique=False)
        return (result, Tensor._make(empty)) if return_indices else result
    flat = 0
    for d, (n, o) in enumerate(zip(size, out)):
        start, end = adaptive_bounds(n, o)
        width = int((end - start).max()) if o else 0
        # Short windows repeat their last element, which leaves the maximum unchanged.
        grid = xp.asarray(np.minimum(start[:, None] + np.arange(width), end[:, None] - 1))
        shape = [1] * (2 * dims)
        shape[d], shape[dims + d] = o, width
        flat = flat + grid.reshape(shape) * _prod(size[d + 1:])
    flat = flat.reshape(out + (-1,))
    values = x._data.reshape(x.shape[:-dims] + (_prod(size),))[..., flat]
    winner = values.argmax(-1)[..., None]
    if values.dtype.kind in "fV":
        nan = np.isnan(values)
        # PyTorch's scan lets every NaN replace the running maximum: the last NaN wins.
        last_nan = nan.shape[-1] - 1 - nan[..., ::-1].argmax(-1)
        winner = np.where(nan.any(-1, keepdims=True), last_nan[..., None], winner)
    best = np.take_along_axis(values, winner, -1)[..., 0]
    indices = np.take_along_axis(np.broadcast_to(flat, values.shape), winner, -1)[..., 0]
    result = record(wrap(best), node_cls, (x,), indices=indices, plane=size, unique=False,
                    fmt=_input_format(x))
    if return_indices:
        return result, Tensor._make(_backend.ascontiguousarray(indices))
    return result


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Maximum over PyTorch's adaptive windows [floor(i*H/h), ceil((i+1)*H/h)) in each dim.

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    return MF.follow(_adaptive_max(input, output_size, return_indices, 2, "adaptive_max_pool2d",
                                   AdaptiveMaxPool2DBackward0), input)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Maximum over adaptive windows in each of the last three dims of (N, C, D, H, W) input
    (``None`` in ``output_size`` keeps that dim's size).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    return _adaptive_max(input, output_size, return_indices, 3, "adaptive_max_pool3d",
                         AdaptiveMaxPool3DBackward0)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """Maximum over adaptive windows of (N, C, L) input (the 2-D op on a height-1 image).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    _check_ints("adaptive_max_pool1d", (("output_size", 2, output_size),))
    _check_1d(input, "adaptive_max_pool1d")
    result = adaptive_max_pool2d(input.unsqueeze(-2), (1, _one(output_size)), return_indices)
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


# --- fractional max pooling ---------------------------------------------------------------------

_SPATIAL_NAMES = {2: ("height", "width"), 3: ("time", "height", "width")}


def _fractional_starts(samples, size, out, pool, dtype):
    """The window starts PyTorch's pseudo-random sequence gives, one row per (sample, plane):
    start_i = int((i + u) * alpha) - int(u * alpha) with alpha = (size - pool) / (out - 1),
    computed in the input's precision; the last window ends at the input's end."""
    xp = _backend.namespace_of(samples)
    u = samples.astype(dtype, copy=False)[..., None]
    starts = xp.full(u.shape[:-1] + (out,), size - pool, dtype=np.int64)
    if out > 1:
        alpha = dtype.type(size - pool) / dtype.type(out - 1)
        steps = xp.arange(out - 1, dtype=dtype)
        starts[..., :-1] = ((steps + u) * alpha).astype(np.int64) - (u * alpha).astype(np.int64)
    return starts


def _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices,
                         random_samples, dims):
    name = f"fractional_max_pool{dims}d"
    if output_size is None and output_ratio is None:
        raise ValueError(f"{name} requires specifying either an output_size or an output_ratio")
    if input.dim() not in (dims + 1, dims + 2):
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-input.dim()}, {input.dim() - 1}], but got {-dims - 1})")
    x = input if input.dim() == dims + 2 else input.unsqueeze(0)
    spatial = tuple(x.shape[2:])
    pool = expand_param(kernel_size, dims, "kernel_size", name)
    if output_size is None:
        if not isinstance(output_ratio, (tuple, list)):
            # torch's functional form takes one ratio per dim only (its module expands a
            # number): a bare number fails there with this TypeError.
            raise TypeError(f"object of type '{type(output_ratio).__name__}' has no len()")
        out = tuple(int(n * r) for n, r in zip(spatial, output_ratio))
    else:
        out = expand_param(output_size, dims, "output_size", name)
    # PyTorch's order of checks: (time,) width, height. The 2-D check lets the last window
    # end on the input's last element (out + pool - 1 == size); the 3-D one does not.
    order = (1, 0) if dims == 2 else (0, 2, 1)
    where = "fractional_max_pool2d()" if dims == 2 else "fractional_max_pool3d_out()"
    reach = 0 if dims == 2 else 1
    for d in order:
        if out[d] + pool[d] - 1 + reach > spatial[d]:
            label = _SPATIAL_NAMES[dims][d]
            raise RuntimeError(f"{where}: pool {label} {pool[d]} too large relative to input "
                               f"{label} {spatial[d]}")
    if random_samples is None:
        from .creation import rand
        random_samples = rand(x.shape[0], x.shape[1], dims, dtype=x.dtype, device=x.device)
    samples = random_samples._data
    if random_samples.dtype is not x.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.shape[1] != x.shape[1]:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    dtype = x._data.dtype if x._data.dtype.kind in "fV" else np.dtype(np.float32)
    # PyTorch's 2-D kernel takes the width's sequence from sample 0, the 3-D one takes the
    # dims in order.
    xp = _backend.namespace_of(x._data)
    grids = []
    for d in range(dims):
        which = dims - 1 - d if dims == 2 else d
        starts = _fractional_starts(samples[..., which], spatial[d], out[d], pool[d], dtype)
        grids.append(starts[..., None] + xp.arange(pool[d]))  # (N, C, out_d, pool_d)
    n_batch, channels = x.shape[:2]
    flat = xp.zeros((n_batch, channels) + out + pool, dtype=np.int64)
    for d, grid in enumerate(grids):
        shape = [n_batch, channels] + [1] * (2 * dims)
        shape[2 + d], shape[2 + dims + d] = out[d], pool[d]
        flat = flat * spatial[d] + grid.reshape(shape)
    flat = flat.reshape((n_batch, channels) + out + (_prod(pool),))
    plane = x._data.reshape((n_batch, channels, _prod(spatial)))
    values = np.take_along_axis(plane, flat.reshape(n_batch, channels, -1), -1).reshape(
        flat.shape)
    winner = values.argmax(-1)[..., None]
    if values.dtype.kind in "fV":
        nan = np.isnan(values)
        last_nan = nan.shape[-1] - 1 - nan[..., ::-1].argmax(-1)
        winner = np.where(nan.any(-1, keepdims=True), last_nan[..., None], winner)
    best = np.take_along_axis(values, winner, -1)[..., 0]
    indices = np.take_along_axis(flat, winner, -1)[..., 0]
    node = FractionalMaxPool2DBackward0 if dims == 2 else FractionalMaxPool3DBackward0
    result = record(wrap(_backend.ascontiguousarray(best)), node, (x,), indices=indices,
                    plane=spatial, unique=False)
    index_tensor = Tensor._make(_backend.ascontiguousarray(indices))
    if input.dim() == dims + 1:
        result, index_tensor = result.squeeze(0), index_tensor.squeeze(0)
    return (result, index_tensor) if return_indices else result


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """Max over pseudo-randomly placed kh x kw windows giving an output of ``output_size``
    (or ``output_ratio`` times the input), as PyTorch places them from ``_random_samples``
    (N, C, 2) in [0, 1) (drawn with ember.rand when not given).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices,
                                _random_samples, 2)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """fractional_max_pool2d over (N, C, T, H, W) inputs, with ``_random_samples`` (N, C, 3).

    Derivative: each output's gradient goes to the input element that was its maximum.
    """
    return _fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices,
                                _random_samples, 3)


# --- unfold / fold ------------------------------------------------------------------------------

def _unfold_array(x, geo):
    if x.ndim == 3:
        return _unfold_array(x[None], geo)[0]
    kernel, dilation, pads, stride, out = geo
    cols = im2col(pad_array(x, pads), kernel, stride, dilation, out)
    n = x.shape[0]
    # im2col's (C, kh, kw, N, oh, ow) -> F.unfold's (N, C*kh*kw, oh*ow)
    return _backend.ascontiguousarray(cols.reshape(x.shape[1] * _prod(kernel), n,
                                             _prod(out)).swapaxes(0, 1))


def _fold_array(cols, geo, size):
    if cols.ndim == 2:
        return _fold_array(cols[None], geo, size)[0]
    kernel, dilation, pads, stride, out = geo
    n = cols.shape[0]
    blocks = _backend.ascontiguousarray(cols.swapaxes(0, 1)).reshape(
        (cols.shape[1] // _prod(kernel),) + kernel + (n,) + out)
    padded = col2im(blocks, (n, blocks.shape[0]) + tuple(s + lo + hi for s, (lo, hi)
                                                          in zip(size, pads)),
                    kernel, stride, dilation, out)
    return _backend.ascontiguousarray(padded[(Ellipsis,) + tuple(slice(lo, lo + s) for s, (lo, _)
                                                           in zip(size, pads))])


def _unfold_op(x, geo, size, node_cls):
    return record(wrap(_unfold_array(x._data, geo)), node_cls, (x,), geo=geo, size=size)


def _fold_op(cols, geo, size, node_cls):
    return record(wrap(_fold_array(cols._data, geo, size)), node_cls, (cols,), geo=geo,
                  size=size)


@grad_fn("Im2ColBackward0")
def Im2ColBackward0(ctx, grad):
    return _fold_op(grad, ctx.geo, ctx.size, Col2ImBackward0)


@grad_fn("Col2ImBackward0")
def Col2ImBackward0(ctx, grad):
    return _unfold_op(grad, ctx.geo, ctx.size, Im2ColBackward0)


def _pair_of(value, name, op, position):
    """An unfold/fold size argument as a pair: torch's parser takes an int or ints of length 2
    (each element an int), then the op checks the length."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                            f"ints, but found element of type {type(v).__name__} at pos {i}")
    values = [int(v) for v in values] * (1 if isinstance(value, (list, tuple)) else 2)
    if len(values) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(values)}")
    return tuple(values)


def _unfold_geometry(size, kernel_size, dilation, padding, stride, fold=False):
    """(kernel, dilation, pads, stride, blocks) of im2col/col2im, with their checks in torch's
    order: each argument's length (as they come: kernel_size, dilation, padding, stride), then
    the values (col2im checks the stride second, im2col last)."""
    op, first = ("col2im", 3) if fold else ("im2col", 2)
    kernel = _pair_of(kernel_size, "kernel_size", op, first)
    dilation = _pair_of(dilation, "dilation", op, first + 1)
    padding = _pair_of(padding, "padding", op, first + 2)
    stride = _pair_of(stride, "stride", op, first + 3)
    checks = [("kernel size", "kernel", kernel), ("dilation", "dilation", dilation),
              ("padding", "pad", padding), ("stride", "stride", stride)]
    if fold:
        checks.insert(1, checks.pop())
    for what, short, values in checks:
        if what == "padding":
            if any(p < 0 for p in values):
                raise RuntimeError(f"padding should be non-negative, but got pad_height: "
                                   f"{values[0]} pad_width: {values[1]}")
        elif any(v <= 0 for v in values):
            raise RuntimeError(f"{what} should be greater than zero, but got {short}_height: "
                               f"{values[0]} {short}_width: {values[1]}")
    out = tuple((n + 2 * p - d * (k - 1) - 1) // s + 1
                for n, p, d, k, s in zip(size, padding, dilation, kernel, stride))
    return (kernel, dilation, tuple((p, p) for p in padding), stride, out)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of (N, C, H, W) input as columns: (N, C*kh*kw, L), L blocks (im2col).

    Derivative: fold (col2im) of the gradient, summing overlapping blocks.
    """
    ndim = input.ndim
    geo = _unfold_geometry((1, 1), kernel_size, dilation, padding, stride)
    # PyTorch reads a size past the last dim of a 0-, 1- or 2-D input before checking its rank.
    if ndim == 0:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if ndim < 3:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, "
                         f"{ndim - 1}], but got {ndim})")
    if ndim > 4 or 0 in tuple(input.shape)[ndim - 3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and "
                           f"other non-zero dimensions for input, but got: {list(input.shape)}")
    x = input
    size = tuple(x.shape[-2:])
    geo = _unfold_geometry(size, *geo[:2], padding, geo[3])
    if any(o < 1 for o in geo[4]):
        raise RuntimeError(f"Given input with spatial size ({size[0]}, {size[1]}), "
                           f"kernel_size=({geo[0][0]}, {geo[0][1]}), dilation=({geo[1][0]}, "
                           f"{geo[1][1]}), padding=({geo[2][0][0]}, {geo[2][1][0]}), calculated "
                           f"shape of the array of sliding blocks as ({geo[4][0]}, {geo[4][1]}), "
                           "but its components must be at least one.")
    check_kernel_dtype(x, "im2col_out_cpu", "float_complex_bool")
    return _unfold_op(x, geo, size, Im2ColBackward0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum columns (N, C*kh*kw, L) back into an (N, C, H, W) image (col2im); inverse of unfold
    up to overlap counts. Derivative: unfold of the gradient.
    """
    x = input
    if isinstance(output_size, (list, tuple)):
        for i, v in enumerate(output_size):
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
                raise TypeError("col2im(): argument 'output_size' failed to unpack the object at "
                                f"pos 2 with error \"type must be tuple of ints,but got "
                                f"{type(v).__name__}\"")
    size = _pair_of(output_size, "output_size", "col2im", 2)
    geo = _unfold_geometry(size, kernel_size, dilation, padding, stride, fold=True)
    if input.ndim not in (2, 3) or 0 in tuple(input.shape)[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch "
                           "size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    blocks = _prod(geo[0])
    if x.shape[-2] % blocks:
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={x.shape[-2]} and "
                           f"kernel_size=({geo[0][0]}, {geo[0][1]}).")
    if x.shape[-1] != _prod(geo[4]):
        raise RuntimeError(f"Given output_size=({size[0]}, {size[1]}), kernel_size=({geo[0][0]}, "
                           f"{geo[0][1]}), dilation=({geo[1][0]}, {geo[1][1]}), padding="
                           f"({geo[2][0][0]}, {geo[2][1][0]}), stride=({geo[3][0]}, {geo[3][1]}), "
                           f"expected size of input's dimension 2 to match the calculated number "
                           f"of sliding blocks {geo[4][0]} * {geo[4][1]} = {_prod(geo[4])}, but "
                           f"got input.size(2)={x.shape[-1]}.")
    check_kernel_dtype(x, "col2im_out_cpu", "float_complex_bool")
    return _fold_op(x, geo, size, Col2ImBackward0)


__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "fold",
    "fractional_max_pool2d",
    "fractional_max_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "unfold",
]
FUNCTIONS = {"max_pool1d": max_pool1d, "max_pool2d": max_pool2d, "max_pool3d": max_pool3d,
             "avg_pool1d": avg_pool1d, "adaptive_avg_pool1d": adaptive_avg_pool1d}
METHODS = {}
