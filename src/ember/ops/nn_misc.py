"""The other layers of ``nn.functional``: linear maps, dropout, embeddings, distances,
attention and padding.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .. import _backend
from .. import _dtype as D
from .._deprecated import _user_stacklevel
from .. import _aten
from .._aten import ACTIVE as _ATEN_ACTIVE
from .._tensor import Tensor, _wrap_dim
from ..amp.autocast_mode import cast_fp32, cast_lower, excluded
from ..autograd.grad_mode import _state as _grad_state
from ._registry import (
    array_path,
    check_same_device,
    grad_fn,
    legacy_type_name,
    not_tensor,
    py_type_name,
    record,
    result_type_of,
    type_name,
    wrap,
)
from ..autograd import forward_ad as _forward_ad
from .elementwise import where
from .linalg import _column_major, _float32_arrays, _product, matmul
from .shape import TBackward0, ViewBackward0, make_view

_quiet = np.errstate


def _size(shape):
    return f"ember.Size({list(shape)})"


# --- linear maps ------------------------------------------------------------------------------

def _addmm(bias, mat1, mat2):
    """bias + mat1 @ mat2.   d/dmat1 = grad @ mat2.T, d/dmat2 = mat1.T @ grad, d/dbias = grad."""
    check_same_device(mat1, mat2)
    check_same_device(mat1, bias)
    a, b = mat1._data, mat2._data
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} "
                           f"and {b.shape[0]}x{b.shape[1]})")
    if _ATEN_ACTIVE[0] and _aten.reporting():  # a __torch_dispatch__ mode sees aten.addmm
        out = _aten.call(_aten.aten.addmm.default, (bias, mat1, mat2))
        return _record_addmm(out, bias, mat1, mat2)
    bias_arr = bias._data
    if a.dtype.itemsize == 2 or b.dtype.itemsize == 2 or bias_arr.dtype.itemsize == 2:
        bias_arr, a, b = _float32_arrays(bias_arr, a, b)  # (half precision: in float32)
    product = a @ b
    # The bias added into the product (the same sum, bit for bit) rather than into a third
    # array; where it would widen the product's dtype, into a new one as NumPy promotes.
    if type(product) is np.ndarray is type(bias_arr) and product.dtype == bias_arr.dtype \
            and (bias_arr.ndim < 2 or bias_arr.shape[0] == product.shape[0]):
        np.add(product, bias_arr, out=product)
    else:
        product = bias_arr + product
    out = wrap(product, mat1._dtype)
    return _record_addmm(out, bias, mat1, mat2)


def _record_addmm(out, bias, mat1, mat2):
    # (forward-mode AD runs the rule for the inputs with tangents: it keeps both)
    if mat1._requires_grad and mat2._requires_grad or _forward_ad._state.level is not None:
        return record(out, AddmmBackward0, (bias, mat1, mat2), (mat1, mat2))
    # As torch, mat1 is kept only for d/dmat2 and mat2 only for d/dmat1: a frozen layer keeps
    # no activation (and saved-tensor hooks see what torch's see).
    return record(out, AddmmBackward0, (bias, mat1, mat2),
                  (mat1 if mat2._requires_grad else None, mat2 if mat1._requires_grad else None),
                  mat2_column_major=_column_major(mat2._data))


def _mat2_column_major(ctx, mat2):
    """Whether mat2 is a transposed matrix (linear's weight.t()), read from it when saved."""
    return _column_major(mat2) if mat2 is not None else ctx.mat2_column_major


@grad_fn("AddmmBackward0")
def AddmmBackward0(ctx, grad):
    mat1, mat2 = ctx.saved_tensors
    if array_path(grad, *(m for m in (mat1, mat2) if m is not None)):
        # the same products (and bias sum) on the arrays
        return (_addmm_bias_grad(ctx, grad),
                *_addmm_backward_arrays(ctx, grad._data, getattr(mat1, "_data", None),
                                        getattr(mat2, "_data", None)))
    g1 = grad.mm(mat2.t()) if ctx.needs_input_grad[1] else None
    g2 = None
    if ctx.needs_input_grad[2]:
        # For mat2 = weight.t() (linear), compute in the transposed layout, as torch does, so
        # that the weight's gradient comes out contiguous and becomes .grad without a copy.
        column_major = _mat2_column_major(ctx, None if mat2 is None else mat2._data)
        g2 = grad.t().mm(mat1).t() if column_major else mat1.t().mm(grad)
    return grad, g1, g2


def _addmm_bias_grad(ctx, grad):
    """d/dbias: the gradient, summed over the batch here for a bias of one row (linear's) as
    the registry would sum it back to the bias' shape."""
    meta = ctx._input_meta[0]
    if meta is None:
        return None
    if len(meta[0]) == 1 and grad._data.ndim == 2 and meta[0][0] == grad._data.shape[1] and \
            meta[1] is grad._dtype:
        return Tensor._make(np.add.reduce(grad._data, (0,)))  # (ndarray.sum's ufunc)
    return grad


def _addmm_backward_arrays(ctx, grad, mat1, mat2):
    """AddmmBackward0's d/dmat1 and d/dmat2 on NumPy arrays, in the layouts of its ops."""
    g1 = Tensor._make(_product(grad, mat2.T)) if ctx.needs_input_grad[1] else None
    g2 = None
    if ctx.needs_input_grad[2]:
        if _mat2_column_major(ctx, mat2):
            g2 = Tensor._make(_product(grad.T, mat1))
            g2 = make_view(g2, g2._data.T)  # (g2.t(), without the op's dispatch)
        else:
            g2 = Tensor._make(_product(mat1.T, grad))
    return g1, g2


def linear(input, weight, bias=None):
    """input @ weight.T + bias (addmm for a 2-D input with bias, as PyTorch records it)."""
    if not isinstance(input, Tensor):
        raise not_tensor("linear", input)
    input, weight, bias = cast_lower(input, weight, bias)
    try:
        weight_dtype = weight._dtype
    except AttributeError:
        raise not_tensor("linear", weight, "weight", 2) from None
    if input._dtype is not weight_dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{type_name(input._dtype)} and {type_name(weight._dtype)}")
    if bias is not None and bias._data.ndim and weight._data.ndim == 2 and \
            bias._data.shape[-1] not in (1, weight._data.shape[0]):
        _check_linear_shapes(input, weight)  # torch checks the product first
        target = list(input.shape[:-1]) + [weight._data.shape[0]]
        raise RuntimeError(f"The expanded size of the tensor ({target[-1]}) must match the "
                           f"existing size ({bias._data.shape[-1]}) at non-singleton dimension "
                           f"{len(target) - 1}.  Target sizes: {target}.  Tensor sizes: "
                           f"{list(bias._data.shape)}")
    if bias is not None and _plain_linear(input, weight, bias):
        return _linear_arrays(input, weight, bias)
    try:
        if bias is None:
            return matmul(input, weight.t())
        ndim = input._data.ndim
        if ndim == 2:
            return _addmm(bias, input, weight.t())
        if ndim == 0 or weight._data.ndim != 2 or not input._data.flags.c_contiguous:
            # torch folds only a contiguous input into one addmm: else matmul, then the bias
            return matmul(input, weight.t()) + bias
        shape = input._data.shape
        flat = input.reshape(-1, shape[-1])
        return _addmm(bias, flat, weight.t()).reshape(shape[:-1] + (weight._data.shape[0],))
    except (RuntimeError, IndexError, ValueError):
        _check_linear_shapes(input, weight)  # the product's error named as linear's
        if bias is not None and input._data.ndim == 2 and weight._data.ndim != 2:
            raise RuntimeError(f"mat2 must be a matrix, got {weight._data.ndim}-D tensor") \
                from None
        raise


def _plain_linear(input, weight, bias):
    """Whether ``linear`` may build its graph directly (``_linear_arrays``): a C-contiguous 1-D
    or a 2-D input, a 2-D weight and a 1-D bias of its rows, all plain Tensors of one float32 or
    float64 dtype on NumPy arrays, shapes that multiply, and nothing watching the ops (no
    dispatch mode, no forward AD)."""
    x, w, b = input._data, weight._data, bias._data
    if (type(x) is not _ndarray or type(w) is not _ndarray or type(b) is not _ndarray
            or not (_plain(input) and _plain(weight) and _plain(bias))
            or _ATEN_ACTIVE[0] or _forward_ad._state.level is not None):
        return False
    dt = input._dtype
    return ((dt is D.float32 or dt is D.float64) and weight._dtype is dt and bias._dtype is dt
            and w.ndim == 2 and b.shape == w.shape[:1] and x.ndim in (1, 2)
            and x.shape[-1] == w.shape[1] and (x.ndim == 2 or x.flags.c_contiguous))


def _plain(tensor):
    """Whether ``tensor`` is a Tensor or a Parameter (which takes no part in dispatch and
    overrides none of the ops linear runs), not some other subclass."""
    cls = type(tensor)
    return cls is Tensor or cls._is_param and cls.__base__ is Tensor


def _linear_arrays(input, weight, bias):
    """linear's ops as its general path dispatches them (a 1-D input viewed as one row,
    weight.t(), addmm, the row viewed back as 1-D), with the same views, nodes and arithmetic,
    made here without each op's argument parsing and checks (``_plain_linear`` did those)."""
    x = input._data
    one_row = x.ndim == 1
    mat1 = make_view(input, x.reshape(1, x.shape[0]), ViewBackward0) if one_row else input
    mat2 = make_view(weight, weight._data.T, TBackward0)
    product = mat1._data @ mat2._data
    np.add(product, bias._data, out=product)  # (as _addmm adds the bias)
    out = _record_addmm(Tensor._wrap(product, input._dtype, input._device), bias, mat1, mat2)
    if one_row:
        return make_view(out, product.reshape(product.shape[1]), ViewBackward0)
    return out


_ndarray = np.ndarray


def _check_linear_shapes(input, weight):
    """torch's errors for an input that a 2-D weight cannot multiply: a 0-d input, or a last
    dim other than weight's columns (the input read as rows of that dim)."""
    if weight._data.ndim != 2:
        return
    shape = input._data.shape
    if not shape:
        raise RuntimeError("both arguments to linear need to be at least 1D, but they are 0D "
                           "and 2D")
    if shape[-1] != weight._data.shape[1]:
        rows = math.prod(shape[:-1])
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{shape[-1]} and "
                           f"{weight._data.shape[1]}x{weight._data.shape[0]})")


def bilinear(input1, input2, weight, bias=None):
    """out[..., o] = input1[..., i] weight[o, i, j] input2[..., j] + bias[o]."""
    if input1.dim() != input2.dim():
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} and "
                           f"{input2.dim()}")
    for d, (a, b) in enumerate(zip(input1.shape[:-1], input2.shape[:-1])):
        if a != b:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {d}: "
                               f"got {a} and {b}")
    # size() raises PyTorch's IndexError for a weight of too few dims.
    in1 = weight.size(1)
    if input1.size(-1) != in1:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got "
                           f"{input1.size(-1)} but expected {in1}")
    in2 = weight.size(2)
    if input2.size(-1) != in2:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got "
                           f"{input2.size(-1)} but expected {in2}")
    out_features = weight.size(0)
    if bias is not None and bias.size(0) != out_features:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias.size(0)} but expected {out_features}")
    if weight.dim() != 3:
        raise RuntimeError("number of dimensions must match")
    lead = tuple(input1.shape[:-1])
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    mixed = x1.mm(weight.permute(1, 0, 2).reshape(in1, out_features * in2))
    out = (mixed.reshape(-1, out_features, in2) * x2.unsqueeze(1)).sum(-1)
    out = out.reshape(lead + (out_features,))
    return out + bias if bias is not None else out


# --- dropout ----------------------------------------------------------------------------------

def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p != p:  # NaN passes torch's Python check; its kernel refuses it
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")


def _noise(input, shape, p):
    """A 0/1 mask drawn as PyTorch does: empty(shape).bernoulli_(1 - p)."""
    from .creation import empty
    # The mask is drawn on the input's device, by that device's generator (a meta input's mask
    # is a meta tensor: nothing is drawn, as in torch), whatever the default device is.
    device = input._device
    order = _memory_order(input._data) if shape == tuple(input.shape) else None
    if order is None:
        return empty(shape, dtype=input._dtype, device=device).bernoulli_(1 - p)
    # empty_like keeps the input's layout and bernoulli_ fills it in memory order, so a
    # transposed input gets its mask drawn along memory, then viewed back in logical order.
    noise = empty(tuple(shape[d] for d in order), dtype=input._dtype,
                  device=device).bernoulli_(1 - p)
    return noise.permute(tuple(int(d) for d in np.argsort(order)))


def _memory_order(array):
    """The dims of a non-contiguous array from outermost to innermost in memory (the order
    torch's empty_like keeps), or None when the array is C-contiguous."""
    if array.flags.c_contiguous or array.ndim < 2 or min(array.strides) < 0:
        return None
    return sorted(range(array.ndim), key=lambda d: -array.strides[d])


def _apply_noise(input, noise, inplace, offset=None):
    if inplace:
        input.mul_(noise)
        return input.add_(offset) if offset is not None else input
    out = input * noise
    return out + offset if offset is not None else out


def _dropout_impl(input, p, training, inplace, feature, alpha):
    _check_p(p)
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        zero = Tensor._make(_backend.namespace_of(input._data).zeros((), input._dtype.np))
        return input.mul_(zero) if inplace else input * zero
    if feature and input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if input._dtype.category < D._FLOAT:
        # torch scales in place into the input's dtype, which cannot hold 1 / (1 - p).
        raise RuntimeError(f"result type {type_name(D.get_default_dtype())} can't be cast to "
                           f"the desired output type {type_name(input._dtype)}")
    shape = tuple(input.shape)
    if feature:
        shape = shape[:2] + (1,) * (len(shape) - 2)
    noise = _noise(input, shape, p)
    if alpha:
        scale_alpha = 1.7580993408473766
        a = 1.0 / math.sqrt((scale_alpha * scale_alpha * p + 1) * (1 - p))
        offset = (noise - 1) * (scale_alpha * a) + scale_alpha * a * p
        return _apply_noise(input, noise * a, inplace, offset)
    return _apply_noise(input, noise / (1 - p), inplace)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1 / (1 - p)."""
    return _dropout_impl(input, p, training, inplace, feature=False, alpha=False)


def _feature_dropout(input, p, training, inplace, batched_dims, name, alpha=False):
    _check_p(p)
    ndim = input.dim()
    count = batched_dims[0] - 2
    spatial = f"{count} spatial dimension" + ("s" if count > 1 else "")
    if ndim not in batched_dims and ndim + 1 not in batched_dims:
        raise RuntimeError(f"{name}: Expected {batched_dims[0] - 1}D or {batched_dims[0]}D input,"
                           f" but received a {ndim}D input. Note that {name} exists to provide "
                           f"channel-wise dropout on inputs with {spatial}, a channel "
                           "dimension, and an optional batch dimension (i.e. "
                           f"{batched_dims[0] - 1}D or {batched_dims[0]}D inputs).")
    if ndim not in batched_dims:
        out = _dropout_impl(input.unsqueeze(0), p, training, False, True, alpha)
        out = out.squeeze(0)
        if inplace and out is not input:
            input.copy_(out)
            return input
        return out
    return _dropout_impl(input, p, training, inplace, True, alpha)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of an (N, C, L) input) with probability p."""
    return _feature_dropout(input, p, training, inplace, (3,), "dropout1d")


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of an (N, C, H, W) input) with probability p."""
    _check_p(p)
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated "
                      "and will result in an error in a future release. To retain the behavior "
                      "and silence this warning, please use dropout instead. Note that dropout2d "
                      "exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D "
                      "or 4D inputs).", UserWarning, stacklevel=_user_stacklevel())
    if ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise"
                      " 1D dropout behavior is desired - input is interpreted as shape (N, C, L),"
                      " where C is the channel dim. This behavior will change in a future "
                      "release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.",
                      UserWarning, stacklevel=_user_stacklevel())
    return _dropout_impl(input, p, training, inplace, feature=True, alpha=False)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of an (N, C, D, H, W) input) with probability p."""
    _check_p(p)
    ndim = input.dim()
    if ndim not in (4, 5):
        warnings.warn(f"dropout3d: Received a {ndim}-D input to dropout3d, which is deprecated "
                      "and will result in an error in a future release. To retain the behavior "
                      "and silence this warning, please use dropout instead. Note that dropout3d "
                      "exists to provide channel-wise dropout on inputs with 3 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 4D "
                      "or 5D inputs).", UserWarning, stacklevel=_user_stacklevel())
    if ndim != 5:  # (torch's Python wrapper batches anything but a 5-D input)
        out = _dropout_impl(input.unsqueeze(0), p, training, False, True, False).squeeze(0)
        if inplace:
            input.copy_(out)
            return input
        return out
    return _dropout_impl(input, p, training, inplace, feature=True, alpha=False)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout that keeps SELU's self-normalising mean and variance."""
    return _dropout_impl(input, p, training, inplace, feature=False, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """alpha_dropout of whole channels."""
    return _dropout_impl(input, p, training, inplace, feature=True, alpha=True)


def channel_shuffle(input, groups):
    """Interleave the channels of ``groups`` groups: (N, g*k, ...) -> channel j*g + i holds
    group i's channel j.   d/dinput = the inverse shuffle of grad."""
    channels = input.shape[1] if input.dim() > 1 else 0
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    if input.dim() <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if channels % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {channels} "
                           f"channels and {groups} groups.")
    return _shuffle(input, groups)


native_channel_shuffle = channel_shuffle


def _shuffle(input, groups):
    x = input._data
    n, c = x.shape[:2]
    rest = x.shape[2:]
    out = x.reshape((n, groups, c // groups) + rest).swapaxes(1, 2).reshape(x.shape)
    return record(wrap(_backend.ascontiguousarray(out), input._dtype), ChannelShuffleBackward0,
                  (input,), groups=groups)


@grad_fn("ChannelShuffleBackward0")
def ChannelShuffleBackward0(ctx, grad):
    return _shuffle(grad, grad.shape[1] // ctx.groups)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + g) / tau) with Gumbel noise g = -log(Exp(1)); ``hard`` returns the
    one-hot argmax in the forward pass with the soft sample's gradient (straight-through)."""
    from .activation import softmax
    from .creation import empty
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.",
                      stacklevel=_user_stacklevel())
    gumbels = -empty(tuple(logits.shape), dtype=logits.dtype).exponential_().log()
    soft = softmax((logits + gumbels) / tau, dim)
    if not hard:
        return soft
    index = soft.max(dim, keepdim=True)[1]
    one_hot_sample = Tensor._make(np.zeros_like(soft._data)).scatter_(dim, index, 1.0)
    return one_hot_sample - soft.detach() + soft


# --- embeddings -------------------------------------------------------------------------------

def _check_indices(indices, name="embedding", argument=1):
    if not isinstance(indices, Tensor) or indices._dtype not in (D.int64, D.int32):
        got = type(indices).__name__ if not isinstance(indices, Tensor) else \
            legacy_type_name(indices._dtype)
        raise RuntimeError(f"Expected tensor for argument #{argument} 'indices' to have one of "
                           f"the following scalar types: Long, Int; but got {got} instead (while "
                           f"checking arguments for {name})")


def _check_renorm_rows(input, weight):
    """embedding_renorm_'s IndexError for the smallest index outside the table (it selects
    each distinct row; a negative one within the table wraps there)."""
    count, arr = weight._data.shape[0], input._data
    bad = arr[(arr >= count) | (arr < -count)]
    if bad.size:
        raise IndexError(f"select(): index {int(bad.min())} out of range for tensor of size "
                         f"{list(weight.shape)} at dimension 0")


def _padding_index(padding_idx, count):
    if padding_idx is None:
        return None
    if padding_idx > 0 and padding_idx >= count or padding_idx < -count:
        raise AssertionError("Padding_idx must be within num_embeddings")
    return padding_idx + count if padding_idx < 0 else padding_idx


def _renorm_rows(weight, indices, max_norm, norm_type):
    """Scale the referenced rows of weight in place so their norm is at most max_norm."""
    rows = np.unique(indices)
    data = weight._data
    # The scale is formed in double, as PyTorch's kernel does from the norm's item(): in
    # float32, norm + 1e-7 rounds back to the norm and a row of norm 2 came out 0.5, not
    # 0.49999997. The product is then taken in the dtype's opmath type (float32 for halves).
    norms = np.linalg.norm(data[rows], ord=norm_type, axis=1).astype(np.float64)
    scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
    opmath = np.float64 if data.dtype == np.float64 else np.float32
    data[rows] = (data[rows].astype(opmath) * scale[:, None].astype(opmath)).astype(data.dtype)
    weight._vc[0] += 1


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """weight[input]: rows of the table.   d/dweight = grad rows summed into their indices
    (none for padding_idx)."""
    # torch checks padding_idx against the table first, then renormalises the rows (with the
    # renorm's own checks), then looks them up.
    padding = None if padding_idx is None else _padding_index(padding_idx, weight.size(0))
    if max_norm is not None:
        _check_indices(input, "embedding_renorm_", 2)
        if weight._data.ndim == 2:
            _check_renorm_rows(input, weight)
    for name, position, value in (("scale_grad_by_freq", 4, scale_grad_by_freq),
                                  ("sparse", 5, sparse)):
        if type(value) is not bool:
            raise TypeError(f"embedding(): argument '{name}' (position {position}) must be bool, "
                            f"not {py_type_name(value)}")
    _check_indices(input)
    check_same_device(weight, input)  # CPU indices into a device table raise, as in torch
    if weight._data.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    count = weight.shape[0]
    if count == 0 and input.numel():
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    idx = input._data.astype(np.int64)
    outside = None
    if _backend.is_host(idx) or max_norm is not None or weight._dtype.category < D._FLOAT:
        if idx.size and (idx.min() < -count or idx.max() >= count or idx.min() < 0):
            raise IndexError("index out of range in self")
    else:
        # A device checks the indices without waiting for the host, as torch's CUDA kernel
        # asserts on the device: an index outside the table gives a row of NaN, never a row.
        outside = (idx < 0) | (idx >= count)
        idx = np.where(outside, 0, idx)
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    rows = weight._data[idx]
    out = wrap(rows if outside is None else np.where(outside[..., None], np.nan, rows),
               weight._dtype)
    # The indices are saved as the tensor they came in (so saved-tensor hooks see them, and an
    # in-place change before backward is caught), as torch saves them.
    return record(out, EmbeddingBackward0, (weight,), save=(input,), padding=padding,
                  scale=scale_grad_by_freq, sparse=sparse)


@grad_fn("EmbeddingBackward0")
def EmbeddingBackward0(ctx, grad):
    count, dim = ctx._input_meta[0][0]
    idx = ctx.saved_tensors[0]._data.astype(np.int64, copy=False).reshape(-1)
    rows = grad.reshape(-1, dim)
    if ctx.sparse:
        if ctx.scale:
            raise RuntimeError("embedding_backward: scale_grad_by_freq not supported with "
                               "sparse gradients")
        from ..sparse._coo import embedding_grad
        return embedding_grad(rows, idx, None if ctx.padding is None else idx != ctx.padding,
                              (count, dim))
    xp = _backend.namespace_of(idx)
    outside = None if xp is np else (idx < 0) | (idx >= count)
    if outside is not None:  # the forward's NaN rows: their gradient is NaN, in row 0
        idx = xp.where(outside, 0, idx)
    coef = xp.ones(idx.shape, rows._dtype.np)
    if ctx.padding is not None:
        coef[idx == ctx.padding] = 0
    if ctx.scale:
        coef = coef / xp.bincount(idx, minlength=count)[idx]
    if outside is not None:
        coef = xp.where(outside, np.nan, coef).astype(rows._dtype.np)
        if not _grad_state.enabled:
            # No graph wanted: the rows go into the table with one scatter-add on the device
            # (the scatter_add op would read the indices back to check them).
            table = xp.zeros((count, dim), rows._dtype.np)
            _backend.scatter_add(table, idx, rows._data * coef[:, None])
            return Tensor._make(table)
    # Plain arrays only: ember.compile's traced arrays take scatter_add, which sums each row's
    # gradients in the same (token) order, so both give the same bits.
    if not _grad_state.enabled and xp is np and type(rows._data) is np.ndarray \
            and rows._data.dtype in (np.float32, np.float64):
        # No graph wanted: the scatter is one sparse-dense product, (count x tokens) one-hot
        # matrix (holding the coefficients) times the gradient rows, several times faster
        # than np.add.at or scatter_add.
        import scipy.sparse
        onehot = scipy.sparse.csr_matrix((coef.astype(rows._data.dtype, copy=False),
                                          (idx, xp.arange(idx.size))),
                                         shape=(count, idx.size))
        return Tensor._make((onehot @ rows._data).astype(rows._data.dtype, copy=False))
    if ctx.padding is not None or ctx.scale or outside is not None:
        rows = rows * Tensor._make(coef[:, None])
    return _scatter_rows(rows, idx, count, dim)


def _scatter_rows(rows, idx, count, dim):
    """A (count, dim) tensor with rows[i] added into row idx[i]."""
    target = Tensor._make(np.zeros_like(rows._data, shape=(count, dim)))
    index = Tensor._make(np.broadcast_to(idx[:, None], (idx.shape[0], dim)).copy())
    return target.scatter_add(0, index, rows)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode="mean", sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """Sum, mean or max of the embeddings of each bag (rows of a 2-D input, or the runs of a
    1-D input that start at ``offsets``)."""
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != tuple(input.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         f"not None, then it must have the same shape as the input "
                         f"({input.shape})")
    return _embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode,
                          sparse, per_sample_weights, include_last_offset, padding_idx)[0]


def _embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode,
                   sparse, per_sample_weights, include_last_offset, padding_idx):
    """(bags' result, each index's bag, each bag's count of non-padding indices, and for max
    the row each maximum came from, -1 in an empty bag)."""
    if per_sample_weights is not None and per_sample_weights.shape != input.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         "not None, then it must have the same shape as the input "
                         f"({input.shape})")
    _check_indices(input, "embedding_bag")
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max, but got {mode}")
    if scale_grad_by_freq and mode == "max":
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if sparse and mode == "max":
        raise ValueError("max mode does not support sparse weights")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. "
                                  f"per_sample_weights is only supported for mode='sum' (got "
                                  f"mode='{mode}'). Please open a feature request on GitHub.")
    if per_sample_weights is not None and per_sample_weights._dtype is not weight._dtype:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have the same type as "
                           "tensor for argument #1 'per_sample_weights'; but type "
                           f"{weight.type()} does not equal {per_sample_weights.type()} (while "
                           "checking arguments for embedding_bag)")
    count, dim = weight.shape
    padding = _padding_index(padding_idx, count)
    idx2 = input._data.astype(np.int64)
    xp = _backend.namespace_of(idx2)
    if idx2.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated "
                             "is a mini-batch of fixed length sequences. However, found offsets "
                             f"of type {type(offsets)}")
        bags, length = idx2.shape
        if length == 0:  # torch's offsets are arange(0, numel, length)
            raise RuntimeError("step must be nonzero")
        idx = idx2.reshape(-1)
        bag_of = xp.repeat(xp.arange(bags), length)
    elif idx2.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        if offsets._dtype not in (D.int64, D.int32):
            raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                               f"following scalar types: Long, Int; but got {offsets.type()} "
                               "instead (while checking arguments for embedding_bag)")
        starts = offsets._data.astype(np.int64)
        if starts.size and starts[0] != 0:
            raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the "
                               f"mini-batch has to start from position 0. However, got "
                               f"{int(starts[0])}\n[ {legacy_type_name(offsets._dtype)}{{}} ]")
        if starts.size and starts[-1] > idx2.shape[0]:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length "
                               f"{idx2.shape[0]} but got offsets[-1] of {int(starts[-1])}")
        if mode != "max" and starts.size > 1 and (starts[1:] < starts[:-1]).any():
            # torch's kernel walks past the end of a bag that ends before it starts
            raise RuntimeError("Expected i < index_size to be true, but got false.  (Could this "
                               "error message be improved?  If so, please report an enhancement "
                               "request to PyTorch.)")
        if include_last_offset:
            starts = starts[:-1]
        bags = starts.shape[0]
        idx = idx2
        bag_of = xp.searchsorted(starts, xp.arange(idx.shape[0]), side="right") - 1
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{idx2.ndim}")
    if idx.size and (idx.min() < 0 or idx.max() >= count):
        bad = int(np.flatnonzero((idx < 0) | (idx >= count))[0])
        if mode == "max":
            raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found "
                               f"idx to be {int(idx[bad])}")
        raise RuntimeError(f"Index {bad} of input takes value {int(idx[bad])} which is not in the "
                           f"valid range [0, {count})")
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    keep = idx != padding if padding is not None else xp.ones(idx.shape, bool)
    table = weight._data
    rows = table[idx]
    # a 2-D input's weights are per index too: flattened as the indices are
    psw = per_sample_weights._data.reshape(-1) if per_sample_weights is not None else None
    sizes = np.bincount(bag_of[keep], minlength=bags)
    if mode == "max":
        out = xp.full((bags, dim), -np.inf, table.dtype)
        np.maximum.at(out, bag_of[keep], rows[keep])
        out[sizes == 0] = 0
        # The gradient of a max goes to the first row that attains it, per bag and column.
        hit_pos, hit_col = np.nonzero((rows == out[bag_of]) & keep[:, None])
        first = xp.full((bags, dim), idx.shape[0], np.int64)
        np.minimum.at(first, (bag_of[hit_pos], hit_col), hit_pos)
        argrow = np.where(sizes[:, None] > 0, idx[np.minimum(first, idx.shape[0] - 1)], -1)
        coef = None
    else:
        coef = keep.astype(table.dtype)
        if mode == "mean":
            coef = coef / np.maximum(sizes, 1)[bag_of]
        weighted = coef if psw is None else coef * psw
        out = xp.zeros((bags, dim), table.dtype)
        _backend.scatter_add(out, bag_of, rows * weighted[:, None])
        argrow = None
    # without the per-sample weights: the backward multiplies them in as a tensor, so that the
    # weight's gradient has a derivative with respect to them too
    grad_coef = coef
    if scale_grad_by_freq:
        # Each row's gradient is divided by how often the row was looked up in this call.
        grad_coef = coef / np.bincount(idx, minlength=count)[idx].astype(table.dtype)
    result = wrap(out, weight._dtype)
    result = record(result, EmbeddingBagBackward0, (weight, per_sample_weights),
                    (weight, per_sample_weights) if per_sample_weights is not None else (),
                    indices=idx, bag_of=bag_of, coef=grad_coef, argrow=argrow, keep=keep,
                    sparse=sparse, weights_shape=None if per_sample_weights is None
                    else tuple(per_sample_weights.shape))
    return result, bag_of, sizes, argrow


def embedding_bag_aten(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False,
                       per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """ATen's ``embedding_bag``: ``F.embedding_bag`` of 1-D ``indices`` with the mode as a number
    (0 sum, 1 mean, 2 max), and the bookkeeping tensors of torch's CPU kernel besides.

    Returns (output, offset2bag, bag_size, max_indices): the bags' sums, means or maxima; each
    index's bag (left empty for a float32/float16/bfloat16 sum without padding_idx, which
    torch's kernel computes without it); each bag's count of non-padding indices (zeros for a
    sum: one per bag when an input requires grad, else one per offset); and, per bag, the count
    again for a mean, the row each maximum came from for a max (0 in an empty bag), zeros for
    a sum. Their dtype is int32 when indices and offsets both are, else int64.

    Args:
        weight: the (num_embeddings, dim) table.
        indices: 1-D int64 or int32 row numbers, the bags one after another.
        offsets: where each bag starts in ``indices`` (the first 0).
        scale_grad_by_freq: divide each row's gradient by its count in ``indices``.
        mode: 0 sum, 1 mean, 2 max.
        sparse: a sparse gradient for ``weight``.
        per_sample_weights: a weight per index (sum mode only).
        include_last_offset: ``offsets`` ends with the end of the last bag.
        padding_idx: a row left out of every bag.

    Returns:
        (output, offset2bag, bag_size, max_indices).

    Example:
        >>> weight = ember.arange(6.).reshape(3, 2)
        >>> out, offset2bag, bag_size, max_indices = ember.embedding_bag(
        ...     weight, ember.tensor([0, 2, 1]), ember.tensor([0, 2]), False, 2)
        >>> out
        tensor([[4., 5.],
                [2., 3.]])
        >>> offset2bag, bag_size, max_indices
        (tensor([0, 0, 1]), tensor([2, 1]), tensor([[2, 2],
                [1, 1]]))
    """
    if mode not in (0, 1, 2):
        raise RuntimeError("`mode` must be sum, mean, or max.")
    if per_sample_weights is not None and mode != 0:
        raise RuntimeError("embedding_bag: per_sample_weights only supported with mode='sum'")
    for position, (name, value) in enumerate((("weight", weight), ("indices", indices),
                                              ("offsets", offsets)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"embedding_bag(): argument '{name}' (position {position}) must be "
                            f"Tensor, not {py_type_name(value)}")
    for value in (indices, offsets):
        if value._dtype not in (D.int64, D.int32):
            # torch's check names the indices argument for the offsets too
            raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                               f"following scalar types: Long, Int; but got {value.type()} "
                               "instead (while checking arguments for embedding_bag)")
    if indices.dim() != 1:
        raise RuntimeError(f"embedding_bag: expected 1-D indices, but got {indices.dim()}-D "
                           "(2-D bags are F.embedding_bag's form)")
    count = weight.shape[0]
    if padding_idx is not None and not -count <= padding_idx < count:
        raise RuntimeError("padding_idx must be within the number of embeddings, "
                           f"{-count} through {count - 1}, but got {padding_idx}")
    output, bag_of, sizes, argrow = _embedding_bag(
        indices, weight, offsets, None, 2, scale_grad_by_freq, ("sum", "mean", "max")[mode],
        sparse, per_sample_weights, include_last_offset, padding_idx)
    index_dtype = D.int32 if indices._dtype is offsets._dtype is D.int32 else D.int64
    xp = _backend.namespace_of(bag_of)
    # float32, float16 and bfloat16 (the float dtypes of at most 4 bytes) take the fast sum
    if mode == 0 and weight.is_floating_point() and weight.element_size() <= 4 \
            and padding_idx is None:
        offset2bag = xp.zeros(0, np.int64)
    else:
        offset2bag = bag_of
    if mode == 0:
        needs_grad = weight.requires_grad or (per_sample_weights is not None
                                              and per_sample_weights.requires_grad)
        bag_size = xp.zeros(sizes.shape[0] if needs_grad else offsets.shape[0], np.int64)
        max_indices = bag_size.copy()
    else:
        bag_size = sizes
        max_indices = sizes.copy() if mode == 1 else xp.where(argrow >= 0, argrow, 0)
    return (output,) + tuple(wrap(a.astype(index_dtype.np)) for a in
                             (offset2bag, bag_size, max_indices))


@grad_fn("EmbeddingBagBackward0")
def EmbeddingBagBackward0(ctx, grad):
    count, dim = ctx._input_meta[0][0] if ctx._input_meta[0] is not None else (None, None)
    bag_rows = grad[Tensor._make(ctx.bag_of)]
    gw = gp = None
    if ctx.needs_input_grad[0] and ctx.argrow is not None:
        valid = ctx.argrow >= 0
        index = Tensor._make(np.where(valid, ctx.argrow, 0))
        target = Tensor._make(np.zeros_like(grad._data, shape=(count, dim)))
        gw = target.scatter_add(0, index, grad * Tensor._make(valid.astype(grad._dtype.np)))
    elif ctx.needs_input_grad[0]:
        coef = Tensor._make(ctx.coef)
        if ctx.weights_shape is not None:
            coef = coef * ctx.saved_tensors[1].reshape(-1)
        if ctx.sparse:
            from ..sparse._coo import embedding_grad
            gw = embedding_grad(bag_rows * coef[:, None], ctx.indices, ctx.keep, (count, dim))
        else:
            gw = _scatter_rows(bag_rows * coef[:, None], ctx.indices, count, dim)
    if ctx.needs_input_grad[1]:
        looked_up = ctx.saved_tensors[0][Tensor._make(ctx.indices)]
        gp = (bag_rows * looked_up).sum(-1) * Tensor._make(ctx.keep.astype(grad._dtype.np))
        gp = gp.reshape(ctx.weights_shape)
    return gw, gp


def one_hot(input, num_classes=-1):
    """A (..., num_classes) int64 tensor with a 1 at each value's position."""
    tensor = input  # torch's parser names it input
    if type(num_classes) is not int and not isinstance(num_classes, (np.integer, Tensor)):
        raise TypeError("one_hot(): argument 'num_classes' (position 2) must be int, not "
                        f"{type(num_classes).__name__}")
    if not isinstance(tensor, Tensor) or tensor._dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    values = tensor._data
    if values.size and values.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if not values.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(values.max()) + 1
    elif values.size and values.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = (values[..., None] == _backend.namespace_of(values).arange(num_classes)).astype(
        np.int64)
    return wrap(out)


# --- distances --------------------------------------------------------------------------------

def _norm_along(input, p, dim, keepdim, node_cls):
    """The p-norm of input along one dim (p may be 0, inf or -inf)."""
    x = input._data
    a = np.abs(x)
    with _quiet(all="ignore"):
        if p == math.inf:
            r = a.max(axis=dim, keepdims=keepdim) if x.shape[dim] else np.zeros_like(x,
                                                                                    shape=())
        elif p == -math.inf:
            r = a.min(axis=dim, keepdims=keepdim)
        elif p == 0:
            r = (a != 0).sum(axis=dim, keepdims=keepdim).astype(x.dtype)
        elif p == 1:
            r = a.sum(axis=dim, keepdims=keepdim)
        elif p == 2:
            r = np.sqrt((a * a).sum(axis=dim, keepdims=keepdim))
        else:
            r = (a ** p).sum(axis=dim, keepdims=keepdim) ** (1.0 / p)
    # A norm is real: a complex input's is in the matching real dtype.
    dt = input._dtype.to_real() if input._dtype.is_complex else input._dtype
    out = wrap(r.astype(dt.np, copy=False), dt)
    return record(out, node_cls, (input,), (input, out), p=p, dim=dim, keepdim=keepdim)


def _norm_grad(x, out, grad, p, dim, keepdim, share_ties=True):
    """d||x||_p/dx applied to grad: x |x|^(p-2) / ||x||^(p-1) (sign(x) for p = 1).

    For p = +-inf a norm splits the gradient among the entries tied for the extreme, while
    torch's distance kernels (cdist, pdist: share_ties=False) give each tied entry all of it.
    """
    from .linalg import _general_norm_grad
    if not keepdim:
        out = out.unsqueeze(dim)
        grad = grad.unsqueeze(dim)
    if p == 0:
        return x * 0
    if p == 1:
        return grad * x.sign()
    if p in (math.inf, -math.inf):
        hit = (x.abs() == out)
        return grad * x.sign() * (hit / hit.sum(dim, keepdim=True) if share_ties else hit)
    if p == 2:
        return grad * x / where(out == 0, math.inf, out)
    return _general_norm_grad(x, out.expand_as(x), grad.expand_as(x), p)


@grad_fn("NormBackward1")
def NormBackward1(ctx, grad):
    if ctx.p == 0:
        return None  # the count of nonzeros has no gradient in torch: x.grad stays None
    x, out = ctx.saved_tensors
    return _norm_grad(x, out, grad, ctx.p, ctx.dim, ctx.keepdim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p along the last dim."""
    ndim = max(x1.dim(), x2.dim())
    diff = x1 - x2 + eps
    if ndim == 0:
        diff = diff.reshape(1)
    return _norm_along(diff, p, max(ndim, 1) - 1, keepdim and ndim > 0, NormBackward1)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps)) along dim."""
    from .reduction import norm
    if eps < 0:
        raise RuntimeError(f"eps must be non-negative, got: {eps:g}")
    dt = result_type_of(x1, x2)
    if dt.category != D._FLOAT:
        raise RuntimeError("expected common dtype to be floating point, yet common dtype is "
                           f"{type_name(dt)}")
    x1, x2 = (x if x._dtype is dt else x.to(dt) for x in (x1, x2))
    if x1.shape != x2.shape:
        from .loss import _broadcast_shape
        shape = _broadcast_shape(tuple(x1.shape), tuple(x2.shape))
        x1, x2 = x1.expand(shape), x2.expand(shape)
    d = _wrap_dim(dim, max(x1.dim(), 1))
    n1 = norm(x1, 2, d, keepdim=True)
    n2 = norm(x2, 2, d, keepdim=True)
    # PyTorch clamps the norms in place without recording it: the gradient flows as if the
    # clamp were not there. Adding a constant offset reproduces that.
    n1 = n1 + Tensor._make(np.maximum(eps - n1._data, 0))
    n2 = n2 + Tensor._make(np.maximum(eps - n2._data, 0))
    return ((x1 / n1) * (x2 / n2)).sum(d)


def pdist(input, p=2):
    """The p-norm distance between every pair of rows i < j of an (N, M) input."""
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    if input._dtype in (D.float16, D.bfloat16):
        raise NotImplementedError(f"\"pdist\" not implemented for '{type_name(input._dtype)}'")
    n = input.shape[0]
    first, second = np.triu_indices(n, 1)
    x = input._data
    diff = Tensor._make(x[first] - x[second])
    out = _norm_along(diff, p, 1, False, NormBackward1)
    result = wrap(out._data, input._dtype)
    return record(result, PdistBackward0, (input,), (input,), p=p, first=first, second=second)


@grad_fn("PdistBackward0")
def PdistBackward0(ctx, grad):
    (x,) = ctx.saved_tensors
    first = Tensor._make(ctx.first)
    second = Tensor._make(ctx.second)
    diff = x[first] - x[second]
    dist = _norm_along(diff, ctx.p, 1, False, NormBackward1)
    g = _norm_grad(diff, dist, grad, ctx.p, 1, False, share_ties=False)
    n, m = x.shape
    return _scatter_rows(g, ctx.first, n, m) - _scatter_rows(g, ctx.second, n, m)


_CPP_NAMES = {"Float": "float", "Double": "double", "Half": "c10::Half",
              "BFloat16": "c10::BFloat16"}


def _check_cdist_dtypes(x1, x2, use_mm):
    """torch's cdist runs the matrix-product path in any float dtype but the same for both; its
    elementwise kernel takes no half type (x1's checked first) and no second dtype."""
    first, second = type_name(x1._dtype), type_name(x2._dtype)
    if use_mm:
        if first != second:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                               f"{_CPP_NAMES[first]} != {_CPP_NAMES[second]}")
        return
    if first in ("Half", "BFloat16"):
        raise NotImplementedError(f"\"cdist\" not implemented for '{first}'")
    if first != second:
        raise RuntimeError(f"expected scalar type {first} but found {second}")


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between each row of x1 and each row of x2 (batched over lead dims)."""
    x1, x2 = cast_fp32(x1, x2)
    for label, x in (("X1", x1), ("X2", x2)):
        if isinstance(x, Tensor) and x._dtype.category != D._FLOAT:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {label} got: "
                               f"{type_name(x._dtype)}")
    if x1.dim() < 2 or x2.dim() < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {x1.dim()}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    a, b = x1._data, x2._data
    rows, cols = a.shape[-2], b.shape[-2]
    use_mm = p == 2 and (compute_mode == "use_mm_for_euclid_dist" or
                         compute_mode == "use_mm_for_euclid_dist_if_necessary" and
                         (rows > 25 or cols > 25))
    _check_cdist_dtypes(x1, x2, use_mm)
    if use_mm:
        return _euclidean_dist(x1, x2)
    diff = Tensor._make(a[..., :, None, :] - b[..., None, :, :])
    out = _norm_along(diff, p, diff.ndim - 1, False, NormBackward1)._data
    result = wrap(out.astype(a.dtype, copy=False), x1._dtype)
    return record(result, CdistBackward0, (x1, x2), (x1, x2, result), p=p)


def _euclidean_dist(x1, x2):
    """cdist's matrix-product path: sqrt(|a|² + |b|² - 2 a·b), as its own autograd node.

    PyTorch takes this path for p = 2 when asked or when either side has over 25 rows; its
    graph is EuclideanDistBackward0 under a view (not CdistBackward0), and its backward is
    made of ordinary ops, so it can be differentiated again.
    """
    batch = tuple(np.broadcast_shapes(tuple(x1.shape[:-2]), tuple(x2.shape[:-2])))
    rows, cols = x1.shape[-2], x2.shape[-2]
    if x1.dim() > 2 or x2.dim() > 2:
        # broadcast the batch dimensions and fold them into one, as PyTorch does
        size = math.prod(batch)
        x1 = x1.expand(batch + tuple(x1.shape[-2:])).reshape(size, rows, x1.shape[-1])
        x2 = x2.expand(batch + tuple(x2.shape[-2:])).reshape(size, cols, x2.shape[-1])
    a, b = x1._data, x2._data
    # [-2a, |a|², 1] · [b, 1, |b|²] in one product, as PyTorch forms it: a point's distance to
    # itself then comes out 0 (not a rounding residue); negative residues are clamped to 0
    norm_a = (a * a).sum(-1, keepdims=True)
    norm_b = (b * b).sum(-1, keepdims=True)
    left = np.concatenate([-2 * a, norm_a, np.ones_like(norm_a)], -1)
    right = np.concatenate([b, np.ones_like(norm_b), norm_b], -1)
    squared = left @ np.swapaxes(right, -1, -2)
    out = np.sqrt(np.maximum(squared, 0))
    result = wrap(out.astype(a.dtype, copy=False), x1._dtype)
    result = record(result, EuclideanDistBackward0, (x1, x2), (x1, x2, result))
    return result.view(batch + (rows, cols))


@grad_fn("EuclideanDistBackward0")
def EuclideanDistBackward0(ctx, grad):
    x1, x2, dist = ctx.saved_tensors
    # d dist_ij / d x1_i = (x1_i - x2_j) / dist_ij, taken as 0 where the distance is 0
    ratio = grad / where(dist == 0, math.inf, dist)
    g1 = x1 * ratio.sum(-1, keepdim=True) - ratio @ x2 if ctx.needs_input_grad[0] else None
    g2 = (x2 * ratio.sum(-2).unsqueeze(-1) - ratio.transpose(-1, -2) @ x1
          if ctx.needs_input_grad[1] else None)
    return g1, g2


@grad_fn("CdistBackward0")
def CdistBackward0(ctx, grad):
    x1, x2, dist = ctx.saved_tensors
    from ..autograd.grad_mode import no_grad
    with no_grad():
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
        g = _norm_grad(diff, dist, grad, ctx.p, diff.ndim - 1, False, share_ties=False)
        g1 = g.sum(-2) if ctx.needs_input_grad[0] else None
        g2 = (-g).sum(-3) if ctx.needs_input_grad[1] else None
        if ctx.p == 0 and g2 is not None:
            g2 = g2.abs()  # zeros: torch's kernel writes +0, not the negation's -0
    # torch declares no derivative for cdist's backward: under create_graph each gradient
    # carries its CdistBackwardBackward0 node, whose backward raises NotImplementedError.
    inputs = (grad, x1, x2, dist)
    return tuple(None if g is None else record(g, CdistBackwardBackward0, inputs)
                 for g in (g1, g2))


@grad_fn("CdistBackwardBackward0")
def CdistBackwardBackward0(ctx, grad):
    raise NotImplementedError("the derivative for '_cdist_backward' is not implemented.")


# --- attention --------------------------------------------------------------------------------

def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """softmax(query @ key.T * scale + mask) @ value, with optional causal mask and dropout."""
    from .activation import softmax
    from .linalg import _lower
    query, key, value, attn_mask = cast_lower(query, key, value, attn_mask)
    if not (query._dtype is key._dtype is value._dtype):
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got "
                           f"query.dtype: {_lower(query._dtype)} key.dtype: {_lower(key._dtype)} "
                           f"and value.dtype: {_lower(value._dtype)} instead.")
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, "
                           f"but got query.dim: {query.dim()} key.dim: {key.dim()} and "
                           f"value.dim: {value.dim()} instead.")
    if attn_mask is not None and attn_mask._dtype not in (D.bool_, D.float32, query._dtype):
        raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, "
                           f"but got attn_mask.dtype: {_lower(attn_mask._dtype)} and  query.dtype: "
                           f"{_lower(query._dtype)} instead.")
    if query._dtype is D.float16 or query._dtype is D.bfloat16:
        # PyTorch's CPU kernel computes half precision in float32 and rounds the output once.
        if attn_mask is not None and attn_mask.is_floating_point():
            attn_mask = attn_mask.float()
        with excluded():
            out = scaled_dot_product_attention(query.float(), key.float(), value.float(),
                                               attn_mask, dropout_p, is_causal, scale, enable_gqa)
        return out.to(query._dtype)
    length, source = query.shape[-2], key.shape[-2]
    factor = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and query.dim() >= 3:
        heads = query.shape[-3]
        if heads % key.shape[-3] or heads % value.shape[-3]:
            # torch's message, cut short as torch prints it.
            raise RuntimeError("Number of heads in key and value must divide the number of "
                               "heads in ")
        key = _repeat_heads(key, heads // key.shape[-3])
        value = _repeat_heads(value, heads // value.shape[-3])
    from ..backends import cuda as switches
    flash = switches.flash_sdp_enabled()
    if flash and _flash_eligible(query, key, value, attn_mask, dropout_p):
        return _attention(query, key, value, attn_mask, is_causal, factor)
    # PyTorch's fused CPU kernel applies a mask and is_causal together; its math kernel
    # refuses the pair.
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                           "set when is_causal=True")
    if not switches.math_sdp_enabled():
        # torch's two texts: a fused kernel allowed but unfit for these inputs, or none allowed.
        raise RuntimeError("No available kernel.  Aborting execution." if flash else
                           "No viable backend for scaled_dot_product_attention was found. This "
                           "is likely due to turning off both the math kernel and the fused "
                           "kernels.")
    scores = matmul(query, key.transpose(-2, -1)) * factor
    if is_causal:
        causal = _backend.namespace_of(scores._data).ones((length, source), bool)
        scores = where(Tensor._make(np.tril(causal)), scores, -math.inf)
    if attn_mask is not None:
        if attn_mask._dtype is D.bool_:
            scores = where(attn_mask, scores, -math.inf)
        else:
            scores = scores + attn_mask
    # torch's math kernel takes a "safe" softmax: a row masked throughout gets zero weights
    # (and zero gradient), not softmax's NaN; its scores are swapped for zeros first, so the
    # backward sees no NaN either.
    empty = (scores == -math.inf).all(-1, keepdim=True).detach()
    weights = where(empty, 0.0, softmax(where(empty, 0.0, scores), -1))
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return matmul(weights, value)


# torch has no forward derivative for cdist (either kernel): a dual input raises its error
# (ember's transposed backward failed further on, with the double-backward's message)
CdistBackward0.forward_rule = _forward_ad.unsupported("_cdist_forward")
EuclideanDistBackward0.forward_rule = _forward_ad.unsupported("_euclidean_dist")


def _flash_eligible(query, key, value, attn_mask, dropout_p):
    """Where PyTorch's CPU kernel runs its fused (flash) attention: non-empty 4-D inputs with
    the same batch, head and embedding sizes, no dropout, and a mask (if any) that needs no
    gradient."""
    return (dropout_p == 0.0 and query.dim() == 4 and key.dim() == 4 and value.dim() == 4
            and query.shape[:2] == key.shape[:2] == value.shape[:2]
            and query.shape[-1] == key.shape[-1] == value.shape[-1]
            and query.numel() > 0 and key.numel() > 0
            and (attn_mask is None or (not attn_mask.requires_grad
                                       and _mask_fits(attn_mask, _scores_shape(query, key))))
            and query._dtype is key._dtype is value._dtype
            and query._dtype in (D.float32, D.float64))


def _mask_fits(mask, shape):
    """Whether mask broadcasts to the scores' shape without enlarging it."""
    try:
        return np.broadcast_shapes(tuple(mask.shape), shape) == shape
    except ValueError:
        return False


def _scores_shape(query, key):
    return tuple(query.shape[:-1]) + (key.shape[-2],)


def _attention_mask(attn_mask, is_causal, length, source, xp):
    """The additive mask as an array of namespace ``xp`` (0 kept, -inf masked), or None;
    is_causal with attn_mask masks what either masks."""
    causal = np.tril(xp.ones((length, source), bool)) if is_causal else None
    if attn_mask is None:
        return None if causal is None else np.where(causal, 0.0, -np.inf)
    mask = attn_mask._data
    if mask.dtype == np.bool_:
        return np.where(mask if causal is None else mask & causal, 0.0, -np.inf)
    return mask if causal is None else np.where(causal, mask, -np.inf)


def _attention_weights(q, k, mask, factor):
    """softmax(q @ k.T * factor + mask) on arrays; rows masked throughout are all zero."""
    scores = np.matmul(q, k.swapaxes(-1, -2))
    scores *= factor
    if mask is not None:
        scores += mask.astype(scores.dtype, copy=False)
    with np.errstate(all="ignore"):
        top = np.max(scores, axis=-1, keepdims=True)
        empty = np.isneginf(top)
        # A device always takes the where: reading whether any row is empty would wait for it.
        if not _backend.is_host(top) or empty.any():
            top = np.where(empty, 0.0, top)
        scores -= top
        np.exp(scores, out=scores)
        total = np.add.reduce(scores, axis=-1, keepdims=True)
        total[total == 0] = 1.0
        scores /= total
    return scores


def _attention(query, key, value, attn_mask, is_causal, factor):
    """The fused attention node: one forward on arrays, and a backward with the closed-form
    derivative of softmax(q k^T * scale + mask) v."""
    length, source = query.shape[-2], key.shape[-2]
    mask = _attention_mask(attn_mask, is_causal, length, source,
                           _backend.namespace_of(query._data))
    weights = _attention_weights(query._data, key._data, mask, factor)
    out = wrap(np.matmul(weights, value._data), query._dtype)
    return record(out, ScaledDotProductFlashAttentionForCpuBackward0, (query, key, value),
                  (query, key, value), weights=weights, mask=mask, factor=factor)


@grad_fn("ScaledDotProductFlashAttentionForCpuBackward0")
def ScaledDotProductFlashAttentionForCpuBackward0(ctx, grad):
    """With P the attention weights and G the output's gradient:
    dV = P^T G,  dS = P * (G V^T - rowsum(G V^T * P)),  dQ = dS K * scale,  dK = dS^T Q * scale.
    """
    q, k, v = ctx.saved_tensors
    need_q, need_k, need_v = ctx.needs_input_grad
    if _grad_state.enabled:  # create_graph: the same formulas with ember ops on P rebuilt
        from .activation import softmax
        scores = matmul(q, k.transpose(-2, -1)) * ctx.factor
        if ctx.mask is not None:
            scores = scores + Tensor._make(ctx.mask.astype(q._dtype.np, copy=False))
            # Rows masked throughout have zero weights (and gradients), not softmax's NaN.
            empty = Tensor._make(np.isneginf(ctx.mask.max(-1, keepdims=True)))
            scores = where(empty, 0.0, scores)
            p = where(empty, 0.0, softmax(scores, -1))
        else:
            p = softmax(scores, -1)
        gp = matmul(grad, v.transpose(-2, -1))
        gs = p * (gp - (gp * p).sum(-1, keepdim=True)) * ctx.factor
        return (matmul(gs, k) if need_q else None,
                matmul(gs.transpose(-2, -1), q) if need_k else None,
                matmul(p.transpose(-2, -1), grad) if need_v else None)
    p, g = ctx.weights, grad._data
    gv = Tensor._make(np.matmul(p.swapaxes(-1, -2), g)) if need_v else None
    if not (need_q or need_k):
        return None, None, gv
    gs = np.matmul(g, v._data.swapaxes(-1, -2))
    gs -= np.einsum("...ij,...ij->...i", gs, p)[..., None]
    gs *= p
    gs *= ctx.factor
    gq = Tensor._make(np.matmul(gs, k._data)) if need_q else None
    gk = Tensor._make(np.matmul(gs.swapaxes(-1, -2), q._data)) if need_k else None
    return gq, gk, gv


def _repeat_heads(t, repeats):
    if repeats == 1:
        return t
    shape = tuple(t.shape)
    expanded = t.unsqueeze(-3).expand(shape[:-3] + (shape[-3], repeats) + shape[-2:])
    return expanded.reshape(shape[:-3] + (shape[-3] * repeats,) + shape[-2:])


def check_attention_masks(key_padding_mask, attn_mask,
                          names=("key_padding_mask", "attn_mask")):
    """torch's checks of attention masks: each must be bool (True = masked out) or floating
    (added to the scores); an integer mask is refused rather than added as numbers, and masks
    of two different types draw its deprecation warning (at the caller's caller). ``names``:
    how the calling layer spells the two arguments."""
    for name, mask in zip(names, (key_padding_mask, attn_mask)):
        if mask is not None and mask._dtype is not D.bool_ and not mask.is_floating_point():
            raise AssertionError(f"only bool and floating types of {name} are supported")
    if key_padding_mask is not None and attn_mask is not None and \
            key_padding_mask._dtype is not attn_mask._dtype:
        warnings.warn(f"Support for mismatched {names[0]} and {names[1]} is deprecated. Use "
                      "same type for both instead.", UserWarning, stacklevel=_user_stacklevel())


def _none_or_dtype(input):
    """The dtype of ``input``, or None for None (what a mask's type is compared against)."""
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """An attention mask as an additive float mask of ``target_type``: a bool mask (True = may
    not attend) becomes 0 / -inf, a float mask is returned as it is. An integer mask is refused,
    and a mask whose dtype differs from ``other_type`` (another mask's) draws torch's
    deprecation warning when ``check_other``."""
    if mask is None:
        return None
    if mask._dtype is not D.bool_ and not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use "
                      "same type for both instead.", UserWarning, stacklevel=_user_stacklevel())
    if mask.is_floating_point():
        return mask
    from .creation import zeros_like
    return zeros_like(mask, dtype=target_type).masked_fill_(mask, float("-inf"))


def _split_packed(proj, parts, size):
    """The ``parts`` projections packed along the last dim of ``proj``, as separate contiguous
    tensors (last dim ``size`` each)."""
    proj = proj.unflatten(-1, (parts, size)).unsqueeze(0).transpose(0, -2).squeeze(-2)
    proj = proj.contiguous()
    return tuple(proj[i] for i in range(parts))


def _in_projection_packed(q, k, v, w, b=None):
    """q W_q^T + b_q, k W_k^T + b_k, v W_v^T + b_v with W = [W_q; W_k; W_v] (3E, E) packed and
    b = [b_q; b_k; b_v]: one product for self-attention (q is k is v), two when only k is v
    (query alone, key/value packed), three otherwise. Returns the three (..., E) projections."""
    e = q.size(-1)
    if k is v:
        if q is k:
            return _split_packed(linear(q, w, b), 3, e)
        w_q, w_kv = w.split([e, 2 * e])
        b_q, b_kv = (None, None) if b is None else b.split([e, 2 * e])
        q_proj = linear(q, w_q, b_q)
        return (q_proj, *_split_packed(linear(k, w_kv, b_kv), 2, e))
    w_q, w_k, w_v = w.chunk(3)
    b_q, b_k, b_v = (None, None, None) if b is None else b.chunk(3)
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def _in_projection(q, k, v, w_q, w_k, w_v, b_q=None, b_k=None, b_v=None):
    """q W_q^T + b_q, k W_k^T + b_k, v W_v^T + b_v with separate weights: W_q (Eq, Eq),
    W_k (Eq, Ek), W_v (Eq, Ev), after checking those shapes (and the biases', (Eq,))."""
    eq, ek, ev = q.size(-1), k.size(-1), v.size(-1)
    for name, weight, shape in (("query", w_q, (eq, eq)), ("key", w_k, (eq, ek)),
                                ("value", w_v, (eq, ev))):
        if tuple(weight.shape) != shape:
            raise AssertionError(f"expecting {name} weights shape of {shape}, but got "
                                 f"{weight.shape}")
    for name, bias in (("query", b_q), ("key", b_k), ("value", b_v)):
        if bias is not None and tuple(bias.shape) != (eq,):
            raise AssertionError(f"expecting {name} bias shape of {(eq,)}, but got "
                                 f"{bias.shape}")
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def _static_heads(static, name, bsz_heads, head_dim):
    if static.size(0) != bsz_heads:
        raise AssertionError(f"expecting {name}.size(0) of {bsz_heads}, but got "
                             f"{static.size(0)}")
    if static.size(2) != head_dim:
        raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got "
                             f"{static.size(2)}")
    return static


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether attention's inputs are batched (3-D query) or not (2-D), after checking that
    key, value and the masks have the dimensions that go with it."""
    if query.dim() not in (2, 3):
        raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                             f"{query.dim()}-D query tensor")
    batched = query.dim() == 3
    kind = "batched (3-D)" if batched else "unbatched (2-D)"
    if key.dim() != query.dim() or value.dim() != query.dim():
        raise AssertionError(f"For {kind} `query`, expected `key` and `value` to be "
                             f"{query.dim()}-D but found {key.dim()}-D and {value.dim()}-D "
                             "tensors respectively")
    if key_padding_mask is not None and key_padding_mask.dim() != query.dim() - 1:
        raise AssertionError(f"For {kind} `query`, expected `key_padding_mask` to be `None` or "
                             f"{query.dim() - 1}-D but found {key_padding_mask.dim()}-D tensor "
                             "instead")
    if attn_mask is not None:
        if attn_mask.dim() not in (2, 3):
            raise AssertionError(f"For {kind} `query`, expected `attn_mask` to be `None`, 2-D "
                                 f"or 3-D but found {attn_mask.dim()}-D tensor instead")
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                 f"{attn_mask.shape}")
    return batched


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """The computation of nn.MultiheadAttention on (L, N, E) inputs (or unbatched (L, E)):
    project q, k, v (packed or separate weights), split into heads,
    softmax(q k^T / sqrt(d) + mask) v, merge, project out with F.linear. With need_weights the
    scores are formed by baddbmm/bmm and returned (averaged over heads or per head); without,
    the heads go through scaled_dot_product_attention. Returns (output, weights or None)."""
    from .activation import softmax
    from .creation import zeros
    from .joining import cat
    from .linalg import baddbmm, bmm
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       _none_or_dtype(attn_mask), "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to create "
                           "this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        # The fused attention applies the causal mask itself.
        attn_mask = None
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype,
                                    check_other=False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got "
                             f"{embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        for name, weight in (("q_proj_weight", q_proj_weight), ("k_proj_weight", k_proj_weight),
                             ("v_proj_weight", v_proj_weight)):
            if weight is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name} is None")
        b_q, b_k, b_v = (None, None, None) if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = _in_projection(query, key, value, q_proj_weight, k_proj_weight,
                                 v_proj_weight, b_q, b_k, b_v)
    src_len = key.shape[0]
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {_size(attn_mask.shape)}, "
                                   f"but should be {(tgt_len, src_len)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(f"The shape of the 3D attn_mask is {_size(attn_mask.shape)}, "
                                   f"but should be {(bsz * num_heads, tgt_len, src_len)}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")
    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = cat([k, bias_k.repeat(1, bsz, 1)])
        v = cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")
    bsz_heads = bsz * num_heads
    q = q.view(tgt_len, bsz_heads, head_dim).transpose(0, 1)
    k = k.view(k.shape[0], bsz_heads, head_dim).transpose(0, 1) if static_k is None \
        else _static_heads(static_k, "static_k", bsz_heads, head_dim)
    v = v.view(v.shape[0], bsz_heads, head_dim).transpose(0, 1) if static_v is None \
        else _static_heads(static_v, "static_v", bsz_heads, head_dim)
    if add_zero_attn:
        k = cat([k, zeros((bsz_heads, 1, head_dim), dtype=k.dtype, device=k.device)], dim=1)
        v = cat([v, zeros((bsz_heads, 1, head_dim), dtype=v.dtype, device=v.device)], dim=1)
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    src_len = k.size(1)
    if key_padding_mask is not None:
        for dim, size in enumerate((bsz, src_len)):
            if key_padding_mask.shape[dim] != size:
                raise AssertionError(f"Expected key_padded_mask.shape[{dim}] to be {size}, but "
                                     f"got {key_padding_mask.shape[dim]}")
        padding = key_padding_mask.view(bsz, 1, 1, src_len).expand(
            -1, num_heads, -1, -1).reshape(bsz_heads, 1, src_len)
        attn_mask = padding if attn_mask is None else attn_mask + padding
    if not training:
        dropout_p = 0.0
    if need_weights:
        q_scaled = q * math.sqrt(1.0 / float(head_dim))
        if attn_mask is not None:
            weights = baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
        else:
            weights = bmm(q_scaled, k.transpose(-2, -1))
        weights = softmax(weights, dim=-1)
        if dropout_p > 0.0:
            weights = dropout(weights, p=dropout_p)
        out = bmm(weights, v).transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim)
        out = linear(out, out_proj_weight, out_proj_bias)
        out = out.view(tgt_len, bsz, out.size(1))
        weights = weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        if not batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights
    if attn_mask is not None:
        if attn_mask.size(0) == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.view(bsz, num_heads, -1, src_len)
    q = q.view(bsz, num_heads, tgt_len, head_dim)
    k = k.view(bsz, num_heads, src_len, head_dim)
    v = v.view(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).contiguous().view(bsz * tgt_len, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias)
    out = out.view(tgt_len, bsz, out.size(1))
    return (out if batched else out.squeeze(1)), None


# --- padding ----------------------------------------------------------------------------------

_PAD_NODES = {}


def pad(input, pad, mode="constant", value=None):
    """Pad the last len(pad) // 2 dims: pad = (left, right, top, bottom, ...), last dim first.
    Modes: constant (value), reflect, replicate, circular."""
    for position, v in enumerate(pad):
        if v is None:  # torch's parser words this one otherwise, counting from 1
            raise TypeError(f"pad(): argument 'pad' failed to unpack the object at pos "
                            f"{position + 1} with error \"type must be tuple of ints,but got "
                            "NoneType\"")
        if isinstance(v, (float, bool, complex, str)):
            raise TypeError("pad(): argument 'pad' (position 2) must be tuple of ints, but found "
                            f"element of type {type(v).__name__} at pos {position}")
    if isinstance(value, (str, bytes, list, tuple, dict)):
        raise TypeError(f"pad(): argument 'value' (position 4) must be float, not "
                        f"{type(value).__name__}")
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           "dimension but got padding length " + str(len(pad)) + " and input of "
                           "dimension " + str(input.dim()))
    pad = [int(v) for v in pad]
    if mode == "constant":
        return _like_channels_last(_constant_pad(input, pad, 0 if value is None else value),
                                   input)
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    dims = len(pad) // 2
    if mode == "replicate" or mode == "reflect" and dims < 3:   # autocast's float32 list
        input = cast_fp32(input)
    if input.dim() not in (dims + 1, dims + 2) or dims > 3:
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {input.dim()}D input tensor.\n"
            "Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    shape = input._data.shape
    if mode != "circular" and 0 in shape[len(shape) - dims - 1:]:
        raise RuntimeError(f"Expected {dims + 1}D or {dims + 2}D (batch mode) tensor with possibly "
                           "0 batch size and other non-zero dimensions for input, but got: "
                           f"{list(shape)}")
    out = _index_pad(input, pad, mode, dims)
    return out if mode == "circular" else _like_channels_last(out, input)


def _like_channels_last(out, input):
    """A fresh pad result in the channels-last layout its input has, as torch's constant,
    reflect and replicate pads write it (circular pads are row-major in torch too)."""
    from .. import _memory_format as MF
    return MF.follow(out, input) if out is not input else out


def _constant_pad(input, pad, value):
    """np.pad with a constant (negative amounts crop).   d/dinput = grad cropped back."""
    x = input._data
    ndim = x.ndim
    widths = [(0, 0)] * ndim
    crop = [slice(None)] * ndim
    for i in range(len(pad) // 2):
        d = ndim - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        widths[d] = (max(before, 0), max(after, 0))
        crop[d] = slice(max(-before, 0), x.shape[d] - max(-after, 0))
        if x.shape[d] + before + after < 0:
            raise RuntimeError(f"The input size {x.shape[d]}, plus negative padding {before} and "
                               f"{after} resulted in a negative output size, which is invalid. "
                               f"Check dimension {d} of your input.")
    out = np.pad(x[tuple(crop)], widths, constant_values=value)
    region = tuple(slice(w[0], w[0] + s) for w, s in zip(widths, x[tuple(crop)].shape))
    return record(wrap(out, input._dtype), ConstantPadNdBackward0, (input,), pad=pad,
                  region=region, crop=tuple(crop))


@grad_fn("ConstantPadNdBackward0")
def ConstantPadNdBackward0(ctx, grad):
    inner = grad[ctx.region]
    if any(c != slice(None) for c in ctx.crop):
        widths = [0] * (2 * grad.ndim)
        shape = ctx._input_meta[0][0]
        for d, c in enumerate(ctx.crop):
            if c != slice(None):
                start, stop, _ = c.indices(shape[d])
                widths[2 * (grad.ndim - 1 - d)] = start
                widths[2 * (grad.ndim - 1 - d) + 1] = shape[d] - stop
        inner = _constant_pad(inner, widths, 0)
    return inner


def _index_pad(input, pad, mode, dims):
    """Reflect/replicate/circular padding as a gather along each padded dim."""
    x = input._data
    xp = _backend.namespace_of(x)
    index_maps = []
    for i in range(dims):
        d = x.ndim - 1 - i
        before, after = pad[2 * i], pad[2 * i + 1]
        size = x.shape[d]
        if mode == "reflect" and (before >= size or after >= size):
            raise RuntimeError(f"Argument #{4 + 2 * i}: Padding size should be less than the "
                               "corresponding input dimension, but got: padding "
                               f"({before}, {after}) at dimension {d} of input {list(x.shape)}")
        if mode == "circular" and (before > size or after > size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if mode == "circular":
            positions = xp.arange(size)
            if before < 0:
                positions = positions[-before:]
            if after < 0:
                positions = positions[:len(positions) + after]
            positions = np.pad(positions, (max(before, 0), max(after, 0)), mode="wrap")
        else:
            # Output j reads input j - before, reflected or clamped into the whole input (a
            # negative amount crops the result, not the input the padding is taken from).
            positions = xp.arange(size + before + after) - before
            if mode == "reflect":
                positions = np.abs(positions)
                positions = np.where(positions >= size, 2 * (size - 1) - positions, positions)
            else:
                positions = np.clip(positions, 0, size - 1)
        index_maps.append((d, positions))
    out = x
    for d, positions in index_maps:
        out = np.take(out, positions, axis=d)
    name = {"reflect": "ReflectionPad", "replicate": "ReplicationPad"}.get(mode)
    node_cls = _pad_node(f"{name}{dims}DBackward0") if name else _pad_node("PadBackward0")
    return record(wrap(out, input._dtype), node_cls, (input,), maps=index_maps)


def _pad_node(name):
    if name not in _PAD_NODES:
        _PAD_NODES[name] = grad_fn(name)(_index_pad_backward)
    return _PAD_NODES[name]


def _index_pad_backward(ctx, grad):
    """Each output position came from one input position: sum the gradient back along each
    padded dim, innermost map last."""
    shape = list(grad.shape)
    input_shape = ctx._input_meta[0][0]
    for d, positions in reversed(ctx.maps):
        shape[d] = input_shape[d]
        index_shape = [1] * grad.ndim
        index_shape[d] = positions.shape[0]
        index = np.broadcast_to(positions.reshape(index_shape), grad.shape).copy()
        target = Tensor._make(np.zeros_like(grad._data, shape=shape))
        grad = target.scatter_add(d, Tensor._make(index), grad)
    return grad


FUNCTIONS = {"embedding_bag": embedding_bag_aten, "cdist": cdist, "pdist": pdist, "cosine_similarity": cosine_similarity,
             "pairwise_distance": pairwise_distance, "bilinear": bilinear,
             "dropout": dropout, "alpha_dropout": alpha_dropout,
             "feature_alpha_dropout": feature_alpha_dropout}
METHODS = {}
