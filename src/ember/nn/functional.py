"""ember.nn.functional: PyTorch's functional layer API, re-exported from the op families.

Each name here is the op of the same name in ``torch.nn.functional``; the implementations and
their derivatives live in ``ember.ops`` (activation, loss, normalization, nn_misc, ...).
"""
from __future__ import annotations

import enum as _enum
import inspect

from ..ops._out import with_out as _with_out
from ..ops.activation import (  # noqa: F401
    celu,
    celu_,
    elu,
    elu_,
    gelu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    leaky_relu,
    leaky_relu_,
    log_softmax,
    logsigmoid,
    mish,
    prelu,
    relu6,
    relu_,
    rrelu,
    rrelu_,
    selu,
    selu_,
    silu,
    softmax,
    softmin,
    softplus,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
    threshold_,
)
from ..ops.conv import *
from ..ops.elementwise import relu as _relu
from ..ops.elementwise import sigmoid, tanh  # noqa: F401
from ..ops.loss import (  # noqa: F401
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cross_entropy,
    ctc_loss,
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    kl_div,
    l1_loss,
    linear_cross_entropy,
    margin_ranking_loss,
    mse_loss,
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    soft_margin_loss,
    triplet_margin_loss,
    triplet_margin_with_distance_loss,
)
from ..ops.nn_misc import (  # noqa: F401
    _canonical_mask,
    _in_projection,
    _in_projection_packed,
    _none_or_dtype,
    alpha_dropout,
    bilinear,
    channel_shuffle,
    cosine_similarity,
    dropout,
    dropout1d,
    dropout2d,
    dropout3d,
    embedding,
    embedding_bag,
    feature_alpha_dropout,
    gumbel_softmax,
    linear,
    multi_head_attention_forward,
    native_channel_shuffle,
    one_hot,
    pad,
    pairwise_distance,
    pdist,
    scaled_dot_product_attention,
)
from ..ops.normalization import (  # noqa: F401
    batch_norm,
    group_norm,
    instance_norm,
    layer_norm,
    local_response_norm,
    normalize,
    rms_norm,
)
from ..ops.pooling import *
from ..ops.sampling import *

normalize = _with_out("nn.functional.normalize", normalize)


def relu(input, inplace=False):
    """max(input, 0), elementwise.   d/dinput = 1 where input > 0, else 0.

    Args:
        input: a Tensor.
        inplace: overwrite ``input`` instead of allocating the result.

    Returns:
        A Tensor of input's shape (``input`` itself when ``inplace``).

    Example:
        >>> F.relu(ember.tensor([-1.5, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    return relu_(input) if inplace else _relu(input)


def _with_indices(pool):
    """PyTorch's ``<pool>_with_indices`` spelling: the pool that also returns argmax indices,
    with the pool's own signature (its ``return_indices`` accepted and overridden)."""
    signature = inspect.signature(pool)

    def with_indices(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.arguments["return_indices"] = True
        return pool(*bound.args, **bound.kwargs)
    with_indices.__name__ = with_indices.__qualname__ = f"{pool.__name__}_with_indices"
    with_indices.__doc__ = f"``{pool.__name__}(..., return_indices=True)``: (output, indices)."
    with_indices.__signature__ = signature
    return with_indices


for _pool in ("max_pool1d", "max_pool2d", "max_pool3d", "adaptive_max_pool1d",
              "adaptive_max_pool2d", "adaptive_max_pool3d", "fractional_max_pool2d",
              "fractional_max_pool3d"):
    if _pool in globals():
        globals()[f"{_pool}_with_indices"] = _with_indices(globals()[_pool])
del _pool


from ..ops.top_aliases import conv_tbc  # noqa: E402,F401 - the same function as ember.conv_tbc


def assert_int_or_pair(arg, arg_name, message):
    """Check that ``arg`` is an int or a pair (a kernel size, a stride), raising
    ``AssertionError(message.format(arg_name))`` otherwise.

    Args:
        arg (int or sequence): the value to check.
        arg_name (str): its name, put into ``message``.
        message (str): the error's text, with ``{}`` where the name goes.

    Example:
        >>> F.assert_int_or_pair((3, 3), "kernel_size", "{} must be an int or a pair")
        >>> F.assert_int_or_pair((3, 3, 3), "kernel_size", "{} must be an int or a pair")
        Traceback (most recent call last):
        ...
        AssertionError: kernel_size must be an int or a pair
    """
    if not (isinstance(arg, int) or len(arg) == 2):
        raise AssertionError(message.format(arg_name))


class ScalingType(_enum.Enum):
    """How a scaled matmul's scale tensor applies to its operand: one scale for the tensor,
    one per row, or one per block of 1x16, 1x32, 1x128 or 128x128 elements.

    Args:
        value (int): the member's number.

    Example:
        >>> F.ScalingType.RowWise
        <_ScalingType.RowWise: 1>
    """

    TensorWise = 0
    RowWise = 1
    BlockWise1x16 = 2
    BlockWise1x32 = 3
    BlockWise1x128 = 4
    BlockWise128x128 = 5


class SwizzleType(_enum.Enum):
    """The memory layout of a blockwise scale tensor: plain, or swizzled in 32x4x4 tiles.

    Args:
        value (int): the member's number.

    Example:
        >>> F.SwizzleType.NO_SWIZZLE
        <_SwizzleType.NO_SWIZZLE: 0>
    """

    NO_SWIZZLE = 0
    SWIZZLE_32_4_4 = 1


from ._grouped_mm import grouped_mm, scaled_grouped_mm  # noqa: E402

# torch's classes are named _ScalingType and _SwizzleType, which their reprs show.
ScalingType.__name__ = ScalingType.__qualname__ = "_ScalingType"
SwizzleType.__name__ = SwizzleType.__qualname__ = "_SwizzleType"


# Calls with Tensor subclasses, duck types or an active mode go through __torch_function__.
from .._subclass import dispatch_namespace as _dispatch_namespace  # noqa: E402

_dispatch_namespace(globals(), "ember.nn.functional", "python")
