"""Docstrings for nn (attached on import; see ember._docs)."""
from __future__ import annotations

from ember import nn

from . import add_docstr

# ---------------------------------------------------------------- activations

add_docstr(nn.ReLU6, r"""ReLU6(inplace=False)

Applies ``min(max(x, 0), 6)`` elementwise: a ReLU whose output is capped at 6.

The gradient is 1 strictly between 0 and 6 and 0 elsewhere.

Args:
    inplace (bool, optional): overwrite the input instead of allocating the result.
        Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.ReLU6()
    >>> m(ember.tensor([-1.0, 3.0, 8.0]))
    tensor([0., 3., 6.])
""")

add_docstr(nn.ELU, r"""ELU(alpha=1.0, inplace=False)

Exponential linear unit, elementwise: ``x`` for ``x > 0`` and ``alpha * (exp(x) - 1)``
otherwise, so negative inputs saturate smoothly at ``-alpha``.

Args:
    alpha (float, optional): the negative saturation value. Default: ``1.0``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.ELU()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.8647,  0.0000,  2.0000])
""")

add_docstr(nn.CELU, r"""CELU(alpha=1.0, inplace=False)

Continuously differentiable ELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``
elementwise. Its derivative is continuous at 0 for every ``alpha``.

Args:
    alpha (float, optional): the negative saturation value; must not be 0. Default: ``1.0``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.CELU(alpha=2.0)
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-1.2642,  0.0000,  2.0000])
""")

add_docstr(nn.SELU, r"""SELU(inplace=False)

Scaled ELU: ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))`` with the fixed constants
``alpha ~= 1.6733`` and ``scale ~= 1.0507`` chosen so that activations keep zero mean and unit
variance through deep stacks (self-normalising networks, paired with ``AlphaDropout``).

Args:
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.SELU()
    >>> m(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-1.1113,  0.0000,  1.0507])
""")

add_docstr(nn.GELU, r"""GELU(approximate='none')

Gaussian error linear unit: ``x * Phi(x)``, where ``Phi`` is the standard normal CDF, so each
input is weighted by how likely a standard normal is to fall below it.

With ``approximate='tanh'`` the CDF is replaced by
``0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

Args:
    approximate (str, optional): ``'none'`` (exact, via erf) or ``'tanh'``. Default: ``'none'``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.GELU()
    >>> m(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.1587,  0.0000,  0.8413])
    >>> nn.GELU(approximate='tanh')(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.1588,  0.0000,  0.8412])
""")

add_docstr(nn.GLU, r"""GLU(dim=-1)

Gated linear unit: splits the input in two halves ``a`` and ``b`` along ``dim`` and returns
``a * sigmoid(b)``; the second half gates the first.

Args:
    dim (int, optional): the dimension to split; its size must be even. Default: ``-1``.

Shape:
    - Input: ``(*, 2N, *)`` with the even size at ``dim``.
    - Output: ``(*, N, *)``: half as large along ``dim``.

Example::

    >>> m = nn.GLU()
    >>> m(ember.tensor([[1.0, 2.0, 0.0, 100.0]]))
    tensor([[0.5000, 2.0000]])
""")

add_docstr(nn.Hardshrink, r"""Hardshrink(lambd=0.5)

Hard shrinkage, elementwise: ``x`` where ``|x| > lambd`` and ``0`` otherwise.

Args:
    lambd (float, optional): the half-width of the zeroed band. Default: ``0.5``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Hardshrink(lambd=1.0)
    >>> m(ember.tensor([-2.0, 0.5, 2.0]))
    tensor([-2.,  0.,  2.])
""")

add_docstr(nn.Softshrink, r"""Softshrink(lambd=0.5)

Soft shrinkage (the proximal map of the L1 norm), elementwise: ``x - lambd`` for
``x > lambd``, ``x + lambd`` for ``x < -lambd``, and ``0`` in between.

Args:
    lambd (float, optional): the shrinkage amount, at least 0. Default: ``0.5``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softshrink(lambd=1.0)
    >>> m(ember.tensor([-3.0, 0.5, 3.0]))
    tensor([-2.,  0.,  2.])
""")

add_docstr(nn.Tanhshrink, r"""Tanhshrink()

Applies ``x - tanh(x)`` elementwise: near 0 for small inputs, close to ``x - sign(x)`` for
large ones.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Tanhshrink()
    >>> m(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.2384,  0.0000,  0.2384])
""")

add_docstr(nn.Hardsigmoid, r"""Hardsigmoid(inplace=False)

A piecewise-linear sigmoid: ``0`` for ``x <= -3``, ``1`` for ``x >= 3`` and ``x / 6 + 1/2``
in between.

Args:
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Hardsigmoid()
    >>> m(ember.tensor([-4.0, 0.0, 1.5, 4.0]))
    tensor([0.0000, 0.5000, 0.7500, 1.0000])
""")

add_docstr(nn.Hardswish, r"""Hardswish(inplace=False)

``x * hardsigmoid(x)`` elementwise: ``0`` for ``x <= -3``, ``x`` for ``x >= 3`` and
``x * (x + 3) / 6`` in between (the MobileNetV3 activation).

Args:
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Hardswish()
    >>> m(ember.tensor([-4.0, -1.5, 0.0, 3.0]))
    tensor([-0.0000, -0.3750,  0.0000,  3.0000])
""")

add_docstr(nn.Hardtanh, r"""Hardtanh(min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None)

Clamps each element to ``[min_val, max_val]``; the gradient is 1 inside the interval and 0
outside.

Args:
    min_val (float, optional): the lower bound. Default: ``-1.0``.
    max_val (float, optional): the upper bound; must exceed ``min_val``. Default: ``1.0``.
    inplace (bool, optional): overwrite the input. Default: ``False``.
    min_value, max_value (float, optional): deprecated spellings of ``min_val`` and
        ``max_val``; they warn and take precedence.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Hardtanh(-2.0, 2.0)
    >>> m(ember.tensor([-3.0, -1.0, 1.0, 3.0]))
    tensor([-2., -1.,  1.,  2.])
""")

add_docstr(nn.LeakyReLU, r"""LeakyReLU(negative_slope=0.01, inplace=False)

``x`` for ``x >= 0`` and ``negative_slope * x`` otherwise, so negative inputs keep a small
gradient instead of none.

Args:
    negative_slope (float, optional): the slope for negative inputs. Default: ``0.01``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.LeakyReLU(0.1)
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.2000,  0.0000,  2.0000])
""")

add_docstr(nn.LogSigmoid, r"""LogSigmoid()

``log(sigmoid(x)) = -softplus(-x)`` elementwise, computed without overflow for large
``|x|``; always negative.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.LogSigmoid()
    >>> m(ember.tensor([-100.0, 0.0, 5.0]))
    tensor([-1.0000e+02, -6.9315e-01, -6.7153e-03])
""")

add_docstr(nn.Sigmoid, r"""Sigmoid()

The logistic function ``1 / (1 + exp(-x))`` elementwise, mapping the reals onto ``(0, 1)``.
Its derivative is ``sigmoid(x) * (1 - sigmoid(x))``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Sigmoid()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([0.1192, 0.5000, 0.8808])
""")

add_docstr(nn.Tanh, r"""Tanh()

The hyperbolic tangent elementwise, mapping the reals onto ``(-1, 1)``; its derivative is
``1 - tanh(x)**2``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Tanh()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.9640,  0.0000,  0.9640])
""")

add_docstr(nn.SiLU, r"""SiLU(inplace=False)

Sigmoid linear unit (also called swish): ``x * sigmoid(x)`` elementwise.

Args:
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.SiLU()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.2384,  0.0000,  1.7616])
""")

add_docstr(nn.Mish, r"""Mish(inplace=False)

``x * tanh(softplus(x))`` elementwise: a smooth, non-monotonic activation close to ReLU for
large ``|x|``.

Args:
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Mish()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.2525,  0.0000,  1.9440])
""")

add_docstr(nn.Softplus, r"""Softplus(beta=1.0, threshold=20.0)

A smooth ReLU: ``log(1 + exp(beta * x)) / beta`` elementwise. Where ``beta * x`` exceeds
``threshold`` the result is ``x`` itself, which is what the formula rounds to anyway and
avoids overflow.

Args:
    beta (float, optional): the sharpness; larger values approach ReLU. Default: ``1.0``.
    threshold (float, optional): above this value of ``beta * x`` the op is linear.
        Default: ``20.0``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softplus()
    >>> m(ember.tensor([-1.0, 0.0, 1.0, 30.0]))
    tensor([ 0.3133,  0.6931,  1.3133, 30.0000])
""")

add_docstr(nn.Softsign, r"""Softsign()

``x / (1 + |x|)`` elementwise: a tanh-like squashing onto ``(-1, 1)`` with polynomial tails.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softsign()
    >>> m(ember.tensor([-3.0, 0.0, 1.0]))
    tensor([-0.7500,  0.0000,  0.5000])
""")

add_docstr(nn.Threshold, r"""Threshold(threshold, value, inplace=False)

Keeps each element greater than ``threshold`` and replaces the others with ``value``.

Args:
    threshold (float): the cut-off; elements ``<= threshold`` are replaced.
    value (float): what replaces them.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Threshold(0.5, -1.0)
    >>> m(ember.tensor([0.0, 0.5, 1.0, 2.0]))
    tensor([-1., -1.,  1.,  2.])
""")

add_docstr(nn.PReLU, r"""PReLU(num_parameters=1, init=0.25, device=None, dtype=None)

Parametric ReLU: ``x`` for ``x >= 0`` and ``a * x`` otherwise, where the slope ``a`` is
learned (one shared slope, or one per channel, dimension 1 of the input).

Args:
    num_parameters (int, optional): how many slopes to learn: 1 or the number of channels.
        Default: ``1``.
    init (float, optional): the initial slope. Default: ``0.25``.
    device, dtype (optional): where and in which dtype to create the weight.

Shape:
    - Input: ``(*)``; with ``num_parameters > 1`` the channels are dimension 1.
    - Output: the same shape as the input.

Attributes:
    weight (Tensor): the learnable slopes, of shape ``(num_parameters,)``.

Example::

    >>> m = nn.PReLU()
    >>> m.weight
    Parameter containing:
    tensor([0.2500], requires_grad=True)
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.5000,  0.0000,  2.0000], grad_fn=<PreluKernelBackward0>)
""")

add_docstr(nn.RReLU, r"""RReLU(lower=0.125, upper=0.3333333333333333, inplace=False)

Randomized leaky ReLU: ``x`` for ``x >= 0`` and ``a * x`` otherwise. In training each
negative element draws its own slope ``a ~ Uniform(lower, upper)``; in evaluation ``a`` is
the fixed mean ``(lower + upper) / 2``.

Args:
    lower (float, optional): the lower bound of the slope. Default: ``1/8``.
    upper (float, optional): the upper bound of the slope. Default: ``1/3``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.RReLU(0.1, 0.3).eval()
    >>> m(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.4000,  0.0000,  2.0000])
""")

add_docstr(nn.Softmax, r"""Softmax(dim=None)

Rescales the input along ``dim`` to probabilities:
``softmax(x)_i = exp(x_i) / sum_j exp(x_j)``, computed stably by subtracting the maximum.
Every slice along ``dim`` is non-negative and sums to 1.

Args:
    dim (int): the dimension that sums to 1. ``None`` is deprecated (a dimension is guessed
        with a warning); always pass it.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softmax(dim=1)
    >>> m(ember.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    tensor([[0.0900, 0.2447, 0.6652],
            [0.3333, 0.3333, 0.3333]])
""")

add_docstr(nn.Softmin, r"""Softmin(dim=None)

``softmax(-x)`` along ``dim``: the smallest inputs get the largest probabilities.

Args:
    dim (int): the dimension that sums to 1. ``None`` is deprecated; always pass it.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softmin(dim=0)
    >>> m(ember.tensor([1.0, 2.0, 3.0]))
    tensor([0.6652, 0.2447, 0.0900])
""")

add_docstr(nn.LogSoftmax, r"""LogSoftmax(dim=None)

``log(softmax(x))`` along ``dim``, computed as ``x - logsumexp(x)``, which stays accurate
where the softmax itself would underflow to 0. Pair it with ``NLLLoss`` (or use
``CrossEntropyLoss``, which does both).

Args:
    dim (int): the dimension to normalise. ``None`` is deprecated; always pass it.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.LogSoftmax(dim=1)
    >>> m(ember.tensor([[0.0, 0.0], [0.0, 1000.0]]))
    tensor([[-6.9315e-01, -6.9315e-01],
            [-1.0000e+03,  0.0000e+00]])
""")

add_docstr(nn.Softmax2d, r"""Softmax2d()

Softmax over the channels at every spatial location: for input ``(N, C, H, W)`` (or
``(C, H, W)``) each pixel's ``C`` values become probabilities that sum to 1.

Shape:
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Softmax2d()
    >>> out = m(ember.zeros(1, 4, 2, 2))
    >>> out[0, :, 0, 0]
    tensor([0.2500, 0.2500, 0.2500, 0.2500])
""")

add_docstr(nn.MultiheadAttention, r"""MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None)

Multi-head scaled dot-product attention. Query, key and value are projected, split into
``num_heads`` heads of size ``embed_dim // num_heads``, each head computes
``softmax(Q K^T / sqrt(head_dim) + mask) V``, and the heads are concatenated and projected
back to ``embed_dim``.

Args:
    embed_dim (int): the model dimension E; must be divisible by ``num_heads``.
    num_heads (int): the number of parallel heads.
    dropout (float, optional): dropout on the attention weights in training. Default: ``0.0``.
    bias (bool, optional): add biases to the input and output projections. Default: ``True``.
    add_bias_kv (bool, optional): append a learned bias row to keys and values.
    add_zero_attn (bool, optional): append a row of zeros to keys and values.
    kdim, vdim (int, optional): the feature sizes of key and value (default ``embed_dim``).
    batch_first (bool, optional): inputs are ``(N, L, E)`` instead of ``(L, N, E)``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - query: ``(L, N, E)`` (``(N, L, E)`` with ``batch_first``), or ``(L, E)`` unbatched.
    - key, value: ``(S, N, kdim)`` and ``(S, N, vdim)``.
    - Output: ``(attn_output, attn_weights)``: ``(L, N, E)`` and, when ``need_weights``,
      ``(N, L, S)`` averaged over heads (``(N, num_heads, L, S)`` with
      ``average_attn_weights=False``).

Attributes:
    in_proj_weight (Tensor): ``(3E, E)``, the stacked Q, K, V projections (when
        ``kdim == vdim == embed_dim``; otherwise ``q_proj_weight``, ``k_proj_weight``,
        ``v_proj_weight``).
    in_proj_bias (Tensor): ``(3E,)``.
    out_proj (Linear): the output projection ``E -> E``.

Example::

    >>> attn = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
    >>> x = ember.zeros(3, 5, 8)
    >>> out, weights = attn(x, x, x)
    >>> out.shape, weights.shape
    (ember.Size([3, 5, 8]), ember.Size([3, 5, 5]))
""")

# ---------------------------------------------------------------- losses

add_docstr(nn.L1Loss, r"""L1Loss(size_average=None, reduce=None, reduction='mean')

Mean absolute error: the elementwise ``|input - target|``, then reduced.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` or ``'sum'``.
        Default: ``'mean'``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.L1Loss()
    >>> loss(ember.tensor([1.0, 2.0, 3.0]), ember.tensor([1.0, 0.0, 6.0]))
    tensor(1.6667)
    >>> nn.L1Loss(reduction='none')(ember.tensor([1.0, 2.0]), ember.tensor([0.0, 4.0]))
    tensor([1., 2.])
""")

add_docstr(nn.SmoothL1Loss, r"""SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0)

A loss that is quadratic near zero and linear beyond: with ``d = |input - target|``, each
element contributes ``0.5 * d**2 / beta`` if ``d < beta`` and ``d - 0.5 * beta`` otherwise.
Less sensitive to outliers than MSE. ``beta=0`` gives the L1 loss.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    beta (float, optional): where the quadratic part turns linear, at least 0. Default: ``1.0``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.SmoothL1Loss(reduction='none')
    >>> loss(ember.tensor([0.5, 3.0]), ember.tensor([0.0, 0.0]))
    tensor([0.1250, 2.5000])
""")

add_docstr(nn.HuberLoss, r"""HuberLoss(reduction='mean', delta=1.0)

The Huber loss: with ``d = |input - target|``, each element contributes ``0.5 * d**2`` if
``d < delta`` and ``delta * (d - 0.5 * delta)`` otherwise. It equals
``delta * SmoothL1Loss(beta=delta)``.

Args:
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    delta (float, optional): where the quadratic part turns linear, above 0. Default: ``1.0``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.HuberLoss(reduction='none', delta=2.0)
    >>> loss(ember.tensor([1.0, 4.0]), ember.tensor([0.0, 0.0]))
    tensor([0.5000, 6.0000])
""")

add_docstr(nn.BCELoss, r"""BCELoss(weight=None, size_average=None, reduce=None, reduction='mean')

Binary cross entropy between predicted probabilities ``x`` and targets ``y`` in ``[0, 1]``:
``-w * (y * log(x) + (1 - y) * log(1 - x))`` per element. The logs are clamped at -100, so
a probability of exactly 0 or 1 gives a finite loss. For raw scores use
``BCEWithLogitsLoss``, which is more stable.

Args:
    weight (Tensor, optional): a rescaling weight broadcast against the input.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: any shape, values in ``[0, 1]``; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.BCELoss()
    >>> loss(ember.tensor([0.5, 0.5]), ember.tensor([1.0, 0.0]))
    tensor(0.6931)
""")

add_docstr(nn.BCEWithLogitsLoss, r"""BCEWithLogitsLoss(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)

Binary cross entropy on raw scores (logits): ``BCELoss(sigmoid(x), y)`` computed in one
stable expression, ``max(x, 0) - x * y + log(1 + exp(-|x|))``. ``pos_weight`` multiplies the
positive term ``y * log(sigmoid(x))`` to trade recall against precision.

Args:
    weight (Tensor, optional): a rescaling weight broadcast against the input.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    pos_weight (Tensor, optional): a weight for positive examples, broadcast along the last
        (class) dimension.

Shape:
    - Input: any shape; Target: the same shape, values in ``[0, 1]``.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.BCEWithLogitsLoss()
    >>> loss(ember.tensor([0.0, 0.0]), ember.tensor([1.0, 0.0]))
    tensor(0.6931)
    >>> nn.BCEWithLogitsLoss(pos_weight=ember.tensor([3.0]))(ember.tensor([0.0]), ember.tensor([1.0]))
    tensor(2.0794)
""")

add_docstr(nn.NLLLoss, r"""NLLLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')

Negative log likelihood for classification: given log-probabilities ``input`` of shape
``(N, C)`` and class indices ``target``, each sample's loss is ``-weight[t] * input[n, t]``
with ``t = target[n]``. ``'mean'`` divides by the sum of the weights of the targets used,
not by ``N``. Apply ``LogSoftmax`` first (or use ``CrossEntropyLoss``).

Args:
    weight (Tensor, optional): a weight per class, shape ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    ignore_index (int, optional): a target value that contributes neither loss nor weight.
        Default: ``-100``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``; Target: ``(N,)``, ``()`` or
      ``(N, d1, ...)`` with integer values in ``[0, C)``.
    - Output: a scalar, or the target's shape with ``reduction='none'``.

Example::

    >>> log_probs = ember.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> nn.NLLLoss()(log_probs, ember.tensor([0, 1]))
    tensor(0.3000)
    >>> nn.NLLLoss(reduction='none')(log_probs, ember.tensor([1, 0]))
    tensor([1., 2.])
""")

add_docstr(nn.NLLLoss2d, r"""NLLLoss2d(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean')

A deprecated alias of ``NLLLoss`` kept for old code: ``NLLLoss`` already accepts spatial
inputs ``(N, C, H, W)`` with targets ``(N, H, W)``.

Args:
    weight (Tensor, optional): a weight per class, shape ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    ignore_index (int, optional): a target value that contributes nothing. Default: ``-100``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, C, H, W)``; Target: ``(N, H, W)``.
    - Output: a scalar, or ``(N, H, W)`` with ``reduction='none'``.

Example::

    >>> log_probs = ember.log(ember.full((1, 2, 2, 2), 0.5))
    >>> nn.NLLLoss2d()(log_probs, ember.zeros(1, 2, 2, dtype=ember.long))
    tensor(0.6931)
""")

add_docstr(nn.KLDivLoss, r"""KLDivLoss(size_average=None, reduce=None, reduction='mean', log_target=False)

Kullback-Leibler divergence ``KL(target || model)`` where ``input`` holds the model's
LOG-probabilities: each element contributes ``target * (log(target) - input)`` (terms with
``target == 0`` count 0). With ``log_target=True`` the target is given as log-probabilities
too. Use ``reduction='batchmean'`` (the sum divided by the batch size) for the true KL
divergence; ``'mean'`` averages over every element.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'batchmean'``, ``'sum'`` or ``'mean'``.
        Default: ``'mean'``.
    log_target (bool, optional): the target is in log space. Default: ``False``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> p = ember.tensor([[0.5, 0.5]])
    >>> log_q = ember.log(ember.tensor([[0.25, 0.75]]))
    >>> nn.KLDivLoss(reduction='batchmean')(log_q, p)
    tensor(0.1438)
""")

add_docstr(nn.PoissonNLLLoss, r"""PoissonNLLLoss(log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean')

Negative log likelihood of a Poisson target with rate given by the input:
``exp(input) - target * input`` when ``log_input`` (the input is the log rate), else
``input - target * log(input + eps)``. ``full`` adds the Stirling approximation of
``log(target!)``, a constant for targets above 1.

Args:
    log_input (bool, optional): the input is the log of the rate. Default: ``True``.
    full (bool, optional): add the Stirling term. Default: ``False``.
    size_average, reduce: deprecated; use ``reduction``.
    eps (float, optional): keeps ``log`` finite when ``log_input=False``. Default: ``1e-8``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.PoissonNLLLoss(reduction='none')
    >>> loss(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 2.0]))
    tensor([1.0000, 0.7183])
""")

add_docstr(nn.GaussianNLLLoss, r"""GaussianNLLLoss(*, full=False, eps=1e-06, reduction='mean')

Negative log likelihood of the target under a normal distribution with mean ``input`` and
variance ``var``: ``0.5 * (log(var) + (input - target)**2 / var)`` per element, with ``var``
clamped below at ``eps`` for stability (the clamp passes no gradient). ``full`` adds the
constant ``0.5 * log(2 * pi)``.

Args:
    full (bool, optional): include the constant term. Default: ``False``.
    eps (float, optional): the smallest variance used. Default: ``1e-6``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, *)``; Target: the same shape (or one fewer trailing dimension of size 1).
    - Var: the input's shape, or with its last dimension 1, or one dimension fewer
      (homoscedastic).
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.GaussianNLLLoss(reduction='none')
    >>> loss(ember.tensor([0.0, 1.0]), ember.tensor([0.0, 3.0]), ember.tensor([1.0, 4.0]))
    tensor([0.0000, 1.1931])
""")

add_docstr(nn.CosineEmbeddingLoss, r"""CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean')

Learns whether two embeddings are alike from labels ``y`` in ``{1, -1}``: with
``c = cos(x1, x2)`` the loss is ``1 - c`` for ``y = 1`` and ``max(0, c - margin)`` for
``y = -1``.

Args:
    margin (float, optional): dissimilar pairs are not penalised below this cosine;
        ``0`` to ``0.5`` is typical. Default: ``0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input1, Input2: ``(N, D)`` or ``(D,)``.
    - Target: ``(N,)`` or ``()``.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> x1 = ember.tensor([[1.0, 0.0], [1.0, 0.0]])
    >>> x2 = ember.tensor([[0.0, 1.0], [1.0, 1.0]])
    >>> nn.CosineEmbeddingLoss(reduction='none')(x1, x2, ember.tensor([1, -1]))
    tensor([1.0000, 0.7071])
""")

add_docstr(nn.HingeEmbeddingLoss, r"""HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean')

For a distance-like input ``x`` and labels ``y`` in ``{1, -1}``: the loss is ``x`` where
``y = 1`` and ``max(0, margin - x)`` where ``y = -1``, so similar pairs are pulled together
and dissimilar ones pushed beyond ``margin``.

Args:
    margin (float, optional): the distance dissimilar pairs should exceed. Default: ``1.0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.HingeEmbeddingLoss(reduction='none')
    >>> loss(ember.tensor([0.3, 0.3, 2.0]), ember.tensor([1.0, -1.0, -1.0]))
    tensor([0.3000, 0.7000, 0.0000])
""")

add_docstr(nn.MarginRankingLoss, r"""MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean')

Ranks pairs: for labels ``y`` in ``{1, -1}`` saying which of ``x1`` and ``x2`` should be
larger, each element contributes ``max(0, -y * (x1 - x2) + margin)``.

Args:
    margin (float, optional): how far the right one must lead. Default: ``0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input1, Input2: ``(N,)`` or ``()``; Target: the same shape.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> loss = nn.MarginRankingLoss(margin=0.5, reduction='none')
    >>> loss(ember.tensor([2.0, 1.0]), ember.tensor([1.0, 1.0]), ember.tensor([1.0, -1.0]))
    tensor([0.0000, 0.5000])
""")

add_docstr(nn.SoftMarginLoss, r"""SoftMarginLoss(size_average=None, reduce=None, reduction='mean')

Two-class logistic loss for labels ``y`` in ``{1, -1}``: ``log(1 + exp(-y * x))`` per
element.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: any shape; Target: the same shape.
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.SoftMarginLoss(reduction='none')
    >>> loss(ember.tensor([0.0, 2.0]), ember.tensor([1.0, -1.0]))
    tensor([0.6931, 2.1269])
""")

add_docstr(nn.MultiLabelSoftMarginLoss, r"""MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None, reduction='mean')

Multi-label one-versus-all logistic loss: for scores ``x`` of shape ``(N, C)`` and 0/1
targets ``y``, each sample's loss is the class mean of
``-(y * log(sigmoid(x)) + (1 - y) * log(sigmoid(-x)))`` (weighted per class if given).

Args:
    weight (Tensor, optional): a weight per class, shape ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, C)``; Target: ``(N, C)`` of 0s and 1s.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> loss = nn.MultiLabelSoftMarginLoss(reduction='none')
    >>> loss(ember.tensor([[0.0, 0.0], [10.0, -10.0]]), ember.tensor([[1.0, 0.0], [1.0, 0.0]]))
    tensor([6.9315e-01, 4.5399e-05])
""")

add_docstr(nn.MultiLabelMarginLoss, r"""MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean')

Multi-label hinge loss: ``target`` lists each sample's correct classes (indices, ended by the
first ``-1``). Every pair of a correct class ``j`` and an incorrect class ``i`` contributes
``max(0, 1 - (x[j] - x[i]))``, and the sum is divided by the number of classes ``C``.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, C)`` or ``(C,)``; Target: the same shape, integer class indices padded
      with ``-1``.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> loss = nn.MultiLabelMarginLoss()
    >>> x = ember.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> loss(x, ember.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)
""")

add_docstr(nn.MultiMarginLoss, r"""MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean')

Multi-class hinge loss: for scores ``x`` of shape ``(N, C)`` and the true class ``y``, each
sample's loss is ``sum over i != y of max(0, margin - x[y] + x[i])**p / C`` (each term
multiplied by ``weight[y]`` if given).

Args:
    p (int, optional): 1 or 2, the power of each hinge. Default: ``1``.
    margin (float, optional): the lead the true class should have. Default: ``1``.
    weight (Tensor, optional): a weight per class, shape ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: ``(N, C)`` or ``(C,)``; Target: ``(N,)`` or ``()`` with values in ``[0, C)``.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> loss = nn.MultiMarginLoss()
    >>> loss(ember.tensor([[0.1, 0.2, 0.4, 0.8]]), ember.tensor([3]))
    tensor(0.3250)
""")

add_docstr(nn.TripletMarginLoss, r"""TripletMarginLoss(margin=1.0, p=2.0, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean')

Metric-learning loss on triplets: an anchor ``a`` should be closer to the positive ``p``
than to the negative ``n`` by ``margin``:
``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the p-norm distance (plus ``eps``).

Args:
    margin (float, optional): the required gap. Default: ``1.0``.
    p (float, optional): the norm degree of the distance. Default: ``2``.
    eps (float, optional): added to differences to keep the norm differentiable.
        Default: ``1e-6``.
    swap (bool, optional): use ``min(d(a, n), d(p, n))`` as the negative distance
        (distance swap). Default: ``False``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Anchor, Positive, Negative: ``(N, D)`` or ``(D,)``.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> a = ember.tensor([[0.0, 0.0]])
    >>> pos, neg = ember.tensor([[3.0, 4.0]]), ember.tensor([[0.0, 1.0]])
    >>> nn.TripletMarginLoss(margin=1.0, eps=0.0)(a, pos, neg)
    tensor(5.)
""")

add_docstr(nn.TripletMarginWithDistanceLoss, r"""TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False, reduction='mean')

``TripletMarginLoss`` with a distance of your choice:
``max(d(a, p) - d(a, n) + margin, 0)`` where ``d`` is ``distance_function``.

Args:
    distance_function (Callable, optional): maps two tensors to non-negative distances;
        default ``nn.PairwiseDistance()``.
    margin (float, optional): the required gap. Default: ``1.0``.
    swap (bool, optional): use the smaller of ``d(a, n)`` and ``d(p, n)``. Default: ``False``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Anchor, Positive, Negative: ``(N, *)`` as the distance function accepts.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> l1 = lambda x, y: (x - y).abs().sum(-1)
    >>> loss = nn.TripletMarginWithDistanceLoss(distance_function=l1, reduction='none')
    >>> a = ember.tensor([[0.0, 0.0], [1.0, 1.0]])
    >>> loss(a, ember.tensor([[1.0, 1.0], [1.0, 1.0]]), ember.tensor([[0.0, 3.0], [1.0, 1.5]]))
    tensor([0.0000, 0.5000])
""")

add_docstr(nn.CTCLoss, r"""CTCLoss(blank=0, reduction='mean', zero_infinity=False)

Connectionist temporal classification: the negative log likelihood of a target sequence
given per-frame class log-probabilities, summed over every alignment that collapses to the
target (repeats merged, blanks removed). Needs no frame-level labels.

Args:
    blank (int, optional): the index of the blank class. Default: ``0``.
    reduction (str, optional): ``'none'``, ``'mean'`` (each loss divided by its target length,
        then averaged over the batch) or ``'sum'``. Default: ``'mean'``.
    zero_infinity (bool, optional): replace infinite losses (a target too long for its
        input) and their gradients by zero. Default: ``False``.

Shape:
    - Log_probs: ``(T, N, C)`` or ``(T, C)``, log-softmax outputs.
    - Targets: ``(N, S)`` padded, or the concatenated targets ``(sum(target_lengths),)``.
    - Input_lengths, Target_lengths: ``(N,)``.
    - Output: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> log_probs = ember.log(ember.full((3, 1, 2), 0.5))
    >>> targets = ember.tensor([[1]])
    >>> loss = nn.CTCLoss(reduction='sum')
    >>> loss(log_probs, targets, ember.tensor([3]), ember.tensor([1]))
    tensor(0.2877)
""")

# ---------------------------------------------------------------- pooling

add_docstr(nn.MaxPool1d, r"""MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)

The maximum over each sliding window of length ``kernel_size`` along the last dimension.
The output length is ``floor((L + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``
(``ceil`` with ``ceil_mode``). The gradient flows only to the element that was the maximum.

Args:
    kernel_size (int): the window length.
    stride (int, optional): the step between windows. Default: ``kernel_size``.
    padding (int, optional): implicit ``-inf`` padding on both sides, at most half the kernel.
        Default: ``0``.
    dilation (int, optional): the spacing between window elements. Default: ``1``.
    return_indices (bool, optional): also return the flat positions of the maxima (for
        ``MaxUnpool1d``). Default: ``False``.
    ceil_mode (bool, optional): round the output length up, so a last partial window counts.
        Default: ``False``.

Shape:
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``.

Example::

    >>> pool = nn.MaxPool1d(2)
    >>> pool(ember.tensor([[[1.0, 5.0, 2.0, 3.0, 7.0]]]))
    tensor([[[5., 3.]]])
    >>> nn.MaxPool1d(2, ceil_mode=True)(ember.tensor([[[1.0, 5.0, 2.0, 3.0, 7.0]]]))
    tensor([[[5., 3., 7.]]])
""")

add_docstr(nn.MaxPool2d, r"""MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)

The maximum over each ``kernel_size`` window of the last two dimensions. Along each spatial
dimension the output size is
``floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1``.

Args:
    kernel_size (int or tuple): the window size ``(kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit ``-inf`` padding, at most half the kernel.
        Default: ``0``.
    dilation (int or tuple, optional): the spacing between window elements. Default: ``1``.
    return_indices (bool, optional): also return the positions of the maxima, flattened over
        ``H * W`` (for ``MaxUnpool2d``). Default: ``False``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Shape:
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

Example::

    >>> pool = nn.MaxPool2d(2)
    >>> x = ember.arange(16.0).reshape(1, 1, 4, 4)
    >>> pool(x)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    >>> out, idx = nn.MaxPool2d(2, return_indices=True)(x)
    >>> idx
    tensor([[[[ 5,  7],
              [13, 15]]]])
""")

add_docstr(nn.MaxPool3d, r"""MaxPool3d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False)

The maximum over each ``kernel_size`` window of the last three dimensions (depth, height,
width), with the same output-size rule per dimension as ``MaxPool2d``.

Args:
    kernel_size (int or tuple): the window size ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit ``-inf`` padding. Default: ``0``.
    dilation (int or tuple, optional): the spacing between window elements. Default: ``1``.
    return_indices (bool, optional): also return the flat positions of the maxima.
        Default: ``False``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Shape:
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

Example::

    >>> pool = nn.MaxPool3d(2)
    >>> x = ember.arange(8.0).reshape(1, 1, 2, 2, 2)
    >>> pool(x)
    tensor([[[[[7.]]]]])
""")

add_docstr(nn.AvgPool1d, r"""AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)

The mean over each sliding window of length ``kernel_size`` along the last dimension; output
length ``floor((L + 2 * padding - kernel_size) / stride) + 1``.

Args:
    kernel_size (int): the window length.
    stride (int, optional): the step between windows. Default: ``kernel_size``.
    padding (int, optional): implicit zero padding on both sides. Default: ``0``.
    ceil_mode (bool, optional): round the output length up. Default: ``False``.
    count_include_pad (bool, optional): count padded zeros in the divisor. Default: ``True``.

Shape:
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``.

Example::

    >>> pool = nn.AvgPool1d(2)
    >>> pool(ember.tensor([[[1.0, 3.0, 5.0, 7.0]]]))
    tensor([[[2., 6.]]])
    >>> nn.AvgPool1d(2, padding=1, count_include_pad=False)(ember.tensor([[[1.0, 3.0, 5.0]]]))
    tensor([[[1., 4.]]])
""")

add_docstr(nn.AvgPool2d, r"""AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)

The mean over each ``kernel_size`` window of the last two dimensions; per spatial dimension
the output size is ``floor((in + 2 * padding - kernel) / stride) + 1``.

Args:
    kernel_size (int or tuple): the window size ``(kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit zero padding. Default: ``0``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    count_include_pad (bool, optional): count padded zeros in the divisor. Default: ``True``.
    divisor_override (int, optional): divide every window sum by this instead.

Shape:
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

Example::

    >>> pool = nn.AvgPool2d(2)
    >>> pool(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    >>> nn.AvgPool2d(2, divisor_override=1)(ember.ones(1, 1, 2, 2))
    tensor([[[[4.]]]])
""")

add_docstr(nn.AvgPool3d, r"""AvgPool3d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)

The mean over each ``kernel_size`` window of the last three dimensions, with the same
output-size rule per dimension as ``AvgPool2d``.

Args:
    kernel_size (int or tuple): the window size ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit zero padding. Default: ``0``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    count_include_pad (bool, optional): count padded zeros in the divisor. Default: ``True``.
    divisor_override (int, optional): divide every window sum by this instead.

Shape:
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

Example::

    >>> pool = nn.AvgPool3d(2)
    >>> pool(ember.arange(8.0).reshape(1, 1, 2, 2, 2))
    tensor([[[[[3.5000]]]]])
""")

add_docstr(nn.LPPool1d, r"""LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)

Power-average pooling: over each window the ``p``-norm ``(sum x**p)**(1/p)``. ``p = 1`` is
sum pooling and ``p -> inf`` tends to max pooling.

Args:
    norm_type (float): the power ``p``.
    kernel_size (int): the window length.
    stride (int, optional): the step between windows. Default: ``kernel_size``.
    ceil_mode (bool, optional): round the output length up. Default: ``False``.

Shape:
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, ``L_out = floor((L_in - kernel) / stride) + 1``.

Example::

    >>> pool = nn.LPPool1d(2, kernel_size=2)
    >>> pool(ember.tensor([[[3.0, 4.0, 6.0, 8.0]]]))
    tensor([[[ 5., 10.]]])
""")

add_docstr(nn.LPPool2d, r"""LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)

Power-average pooling over 2-D windows: the ``p``-norm ``(sum x**p)**(1/p)`` of each
``kernel_size`` window of the last two dimensions.

Args:
    norm_type (float): the power ``p``.
    kernel_size (int or tuple): the window size ``(kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Shape:
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

Example::

    >>> pool = nn.LPPool2d(1, kernel_size=2)
    >>> pool(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[10., 18.],
              [42., 50.]]]])
""")

add_docstr(nn.AdaptiveAvgPool1d, r"""AdaptiveAvgPool1d(output_size)

Average pooling that produces a fixed output length whatever the input length: output
position ``i`` averages input positions ``floor(i * L / out)`` to ``ceil((i + 1) * L / out)``
(windows may overlap when ``L`` is not a multiple of ``out``).

Args:
    output_size (int): the output length.

Shape:
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, output_size)`` or ``(C, output_size)``.

Example::

    >>> pool = nn.AdaptiveAvgPool1d(2)
    >>> pool(ember.tensor([[[1.0, 2.0, 3.0, 4.0, 5.0]]]))
    tensor([[[2., 4.]]])
""")

add_docstr(nn.AdaptiveAvgPool2d, r"""AdaptiveAvgPool2d(output_size)

Average pooling to a fixed spatial size ``(H_out, W_out)`` whatever the input size; each
output cell averages the input rows ``floor(i * H / H_out)`` to ``ceil((i + 1) * H / H_out)``
(and likewise for columns). ``output_size=1`` is global average pooling.

Args:
    output_size (int or tuple): ``(H_out, W_out)``, or one int for a square; ``None`` in the
        tuple keeps that input size.

Shape:
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

Example::

    >>> pool = nn.AdaptiveAvgPool2d(1)
    >>> pool(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[7.5000]]]])
    >>> nn.AdaptiveAvgPool2d((2, None))(ember.zeros(1, 3, 5, 7)).shape
    ember.Size([1, 3, 2, 7])
""")

add_docstr(nn.AdaptiveAvgPool3d, r"""AdaptiveAvgPool3d(output_size)

Average pooling to a fixed size ``(D_out, H_out, W_out)`` over the last three dimensions,
with the same window rule as ``AdaptiveAvgPool2d``.

Args:
    output_size (int or tuple): ``(D_out, H_out, W_out)``, or one int for a cube; ``None``
        keeps that input size.

Shape:
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

Example::

    >>> pool = nn.AdaptiveAvgPool3d(1)
    >>> pool(ember.arange(8.0).reshape(1, 1, 2, 2, 2))
    tensor([[[[[3.5000]]]]])
""")

add_docstr(nn.AdaptiveMaxPool1d, r"""AdaptiveMaxPool1d(output_size, return_indices=False)

Max pooling to a fixed output length whatever the input length, with the windows of
``AdaptiveAvgPool1d``.

Args:
    output_size (int): the output length.
    return_indices (bool, optional): also return the positions of the maxima.
        Default: ``False``.

Shape:
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, output_size)`` or ``(C, output_size)``.

Example::

    >>> pool = nn.AdaptiveMaxPool1d(2, return_indices=True)
    >>> pool(ember.tensor([[[1.0, 9.0, 3.0, 4.0, 5.0]]]))
    (tensor([[[9., 5.]]]), tensor([[[1, 4]]]))
""")

add_docstr(nn.AdaptiveMaxPool2d, r"""AdaptiveMaxPool2d(output_size, return_indices=False)

Max pooling to a fixed spatial size ``(H_out, W_out)``, with the windows of
``AdaptiveAvgPool2d``. ``output_size=1`` is global max pooling.

Args:
    output_size (int or tuple): ``(H_out, W_out)``, or one int for a square; ``None`` keeps
        that input size.
    return_indices (bool, optional): also return the positions of the maxima, flattened over
        ``H * W``. Default: ``False``.

Shape:
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``.

Example::

    >>> pool = nn.AdaptiveMaxPool2d(2)
    >>> pool(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
""")

add_docstr(nn.AdaptiveMaxPool3d, r"""AdaptiveMaxPool3d(output_size, return_indices=False)

Max pooling to a fixed size ``(D_out, H_out, W_out)`` over the last three dimensions.

Args:
    output_size (int or tuple): ``(D_out, H_out, W_out)``, or one int for a cube; ``None``
        keeps that input size.
    return_indices (bool, optional): also return the flat positions of the maxima.
        Default: ``False``.

Shape:
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

Example::

    >>> nn.AdaptiveMaxPool3d((1, 2, 2))
    AdaptiveMaxPool3d(output_size=(1, 2, 2))
""")

add_docstr(nn.MaxUnpool1d, r"""MaxUnpool1d(kernel_size, stride=None, padding=0)

A partial inverse of ``MaxPool1d``: puts each value back at the position its index names and
fills every other position with zero.

Args:
    kernel_size (int): the pooling window length.
    stride (int, optional): the pooling step. Default: ``kernel_size``.
    padding (int, optional): the pooling padding. Default: ``0``.

Shape:
    - Input and indices: ``(N, C, L_in)`` or ``(C, L_in)``.
    - Output: ``(N, C, L_out)`` with ``L_out = (L_in - 1) * stride - 2 * padding + kernel_size``,
      or the ``output_size`` passed to the call.

Example::

    >>> nn.MaxUnpool1d(2)
    MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))
""")

add_docstr(nn.MaxUnpool2d, r"""MaxUnpool2d(kernel_size, stride=None, padding=0)

A partial inverse of ``MaxPool2d``: scatters each value to the position its index names
(flattened over ``H * W``), zeros elsewhere.

Args:
    kernel_size (int or tuple): the pooling window size.
    stride (int or tuple, optional): the pooling step. Default: ``kernel_size``.
    padding (int or tuple, optional): the pooling padding. Default: ``0``.

Shape:
    - Input and indices: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)`` with ``H_out = (H_in - 1) * stride - 2 * padding + kH``
      (likewise for W), or the ``output_size`` passed to the call.

Example::

    >>> pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    >>> out, idx = pool(ember.arange(16.0).reshape(1, 1, 4, 4))
    >>> unpool(out, idx)
    tensor([[[[ 0.,  0.,  0.,  0.],
              [ 0.,  5.,  0.,  7.],
              [ 0.,  0.,  0.,  0.],
              [ 0., 13.,  0., 15.]]]])
""")

add_docstr(nn.MaxUnpool3d, r"""MaxUnpool3d(kernel_size, stride=None, padding=0)

A partial inverse of ``MaxPool3d``: scatters each value to the position its index names
(flattened over ``D * H * W``), zeros elsewhere.

Args:
    kernel_size (int or tuple): the pooling window size.
    stride (int or tuple, optional): the pooling step. Default: ``kernel_size``.
    padding (int or tuple, optional): the pooling padding. Default: ``0``.

Shape:
    - Input and indices: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` by the rule of ``MaxUnpool2d`` per dimension.

Example::

    >>> nn.MaxUnpool3d(2)
    MaxUnpool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2), padding=(0, 0, 0))
""")

# ---------------------------------------------------------------- padding

add_docstr(nn.ConstantPad1d, r"""ConstantPad1d(padding, value)

Pads the last dimension with a constant.

Args:
    padding (int or tuple): the same amount on both sides, or ``(left, right)``; negative
        amounts crop.
    value (float): the fill value.

Shape:
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
    - Output: the same with ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ConstantPad1d((1, 2), 9.0)
    >>> pad(ember.tensor([[1.0, 2.0]]))
    tensor([[9., 1., 2., 9., 9.]])
""")

add_docstr(nn.ConstantPad2d, r"""ConstantPad2d(padding, value)

Pads the last two dimensions with a constant.

Args:
    padding (int or tuple): the same amount on all four sides, or
        ``(left, right, top, bottom)``; negative amounts crop.
    value (float): the fill value.

Shape:
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ConstantPad2d((1, 0, 0, 1), -1.0)
    >>> pad(ember.ones(1, 2, 2))
    tensor([[[-1.,  1.,  1.],
             [-1.,  1.,  1.],
             [-1., -1., -1.]]])
""")

add_docstr(nn.ConstantPad3d, r"""ConstantPad3d(padding, value)

Pads the last three dimensions with a constant.

Args:
    padding (int or tuple): the same amount on all six sides, or
        ``(left, right, top, bottom, front, back)``; negative amounts crop.
    value (float): the fill value.

Shape:
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: ``D_out = D_in + front + back``, and H and W as in ``ConstantPad2d``.

Example::

    >>> pad = nn.ConstantPad3d(1, 0.5)
    >>> pad(ember.ones(1, 1, 2, 2, 2)).shape
    ember.Size([1, 1, 4, 4, 4])
""")

add_docstr(nn.ZeroPad1d, r"""ZeroPad1d(padding)

Pads the last dimension with zeros.

Args:
    padding (int or tuple): the same amount on both sides, or ``(left, right)``.

Shape:
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
    - Output: ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ZeroPad1d((2, 1))
    >>> pad(ember.tensor([[1.0, 2.0]]))
    tensor([[0., 0., 1., 2., 0.]])
""")

add_docstr(nn.ZeroPad2d, r"""ZeroPad2d(padding)

Pads the last two dimensions with zeros.

Args:
    padding (int or tuple): the same amount on all sides, or ``(left, right, top, bottom)``.

Shape:
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ZeroPad2d((1, 1, 0, 1))
    >>> pad(ember.ones(1, 1, 2))
    tensor([[[0., 1., 1., 0.],
             [0., 0., 0., 0.]]])
""")

add_docstr(nn.ZeroPad3d, r"""ZeroPad3d(padding)

Pads the last three dimensions with zeros.

Args:
    padding (int or tuple): the same amount on all sides, or
        ``(left, right, top, bottom, front, back)``.

Shape:
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: each of D, H, W grows by its two amounts.

Example::

    >>> pad = nn.ZeroPad3d((1, 1, 0, 0, 2, 0))
    >>> pad(ember.ones(1, 1, 1, 1, 1)).shape
    ember.Size([1, 1, 3, 1, 3])
""")

add_docstr(nn.ReflectionPad1d, r"""ReflectionPad1d(padding)

Pads the last dimension with its mirror image, not repeating the edge element:
``[a, b, c]`` padded by 2 on the left starts ``c, b, a, ...``. Each amount must be smaller
than the input size.

Args:
    padding (int or tuple): the same amount on both sides, or ``(left, right)``.

Shape:
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
    - Output: ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ReflectionPad1d(2)
    >>> pad(ember.tensor([[1.0, 2.0, 3.0]]))
    tensor([[3., 2., 1., 2., 3., 2., 1.]])
""")

add_docstr(nn.ReflectionPad2d, r"""ReflectionPad2d(padding)

Pads the last two dimensions by reflecting the input at its borders (edge not repeated).
Each amount must be smaller than that dimension's size.

Args:
    padding (int or tuple): the same amount on all sides, or ``(left, right, top, bottom)``.

Shape:
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ReflectionPad2d(1)
    >>> pad(ember.arange(4.0).reshape(1, 2, 2))
    tensor([[[3., 2., 3., 2.],
             [1., 0., 1., 0.],
             [3., 2., 3., 2.],
             [1., 0., 1., 0.]]])
""")

add_docstr(nn.ReflectionPad3d, r"""ReflectionPad3d(padding)

Pads the last three dimensions by reflecting the input at its borders (edge not repeated).

Args:
    padding (int or tuple): the same amount on all sides, or
        ``(left, right, top, bottom, front, back)``.

Shape:
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: each of D, H, W grows by its two amounts.

Example::

    >>> pad = nn.ReflectionPad3d(1)
    >>> pad(ember.arange(8.0).reshape(1, 1, 2, 2, 2)).shape
    ember.Size([1, 1, 4, 4, 4])
""")

add_docstr(nn.ReplicationPad1d, r"""ReplicationPad1d(padding)

Pads the last dimension by repeating its edge elements.

Args:
    padding (int or tuple): the same amount on both sides, or ``(left, right)``.

Shape:
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
    - Output: ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ReplicationPad1d((2, 1))
    >>> pad(ember.tensor([[1.0, 2.0, 3.0]]))
    tensor([[1., 1., 1., 2., 3., 3.]])
""")

add_docstr(nn.ReplicationPad2d, r"""ReplicationPad2d(padding)

Pads the last two dimensions by repeating the border rows and columns.

Args:
    padding (int or tuple): the same amount on all sides, or ``(left, right, top, bottom)``.

Shape:
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.ReplicationPad2d((1, 0, 1, 0))
    >>> pad(ember.arange(4.0).reshape(1, 2, 2))
    tensor([[[0., 0., 1.],
             [0., 0., 1.],
             [2., 2., 3.]]])
""")

add_docstr(nn.ReplicationPad3d, r"""ReplicationPad3d(padding)

Pads the last three dimensions by repeating the border values.

Args:
    padding (int or tuple): the same amount on all sides, or
        ``(left, right, top, bottom, front, back)``.

Shape:
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: each of D, H, W grows by its two amounts.

Example::

    >>> pad = nn.ReplicationPad3d((0, 0, 0, 0, 1, 1))
    >>> pad(ember.arange(2.0).reshape(1, 1, 2, 1, 1)).flatten()
    tensor([0., 0., 1., 1.])
""")

add_docstr(nn.CircularPad1d, r"""CircularPad1d(padding)

Pads the last dimension periodically: the left padding comes from the right end and vice
versa, as if the signal wrapped around.

Args:
    padding (int or tuple): the same amount on both sides, or ``(left, right)``; each at most
        the input size.

Shape:
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``.
    - Output: ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.CircularPad1d((1, 2))
    >>> pad(ember.tensor([[1.0, 2.0, 3.0]]))
    tensor([[3., 1., 2., 3., 1., 2.]])
""")

add_docstr(nn.CircularPad2d, r"""CircularPad2d(padding)

Pads the last two dimensions periodically (the input tiled like a torus).

Args:
    padding (int or tuple): the same amount on all sides, or ``(left, right, top, bottom)``.

Shape:
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``.
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``.

Example::

    >>> pad = nn.CircularPad2d(1)
    >>> pad(ember.arange(4.0).reshape(1, 1, 2, 2))
    tensor([[[[3., 2., 3., 2.],
              [1., 0., 1., 0.],
              [3., 2., 3., 2.],
              [1., 0., 1., 0.]]]])
""")

add_docstr(nn.CircularPad3d, r"""CircularPad3d(padding)

Pads the last three dimensions periodically.

Args:
    padding (int or tuple): the same amount on all sides, or
        ``(left, right, top, bottom, front, back)``.

Shape:
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: each of D, H, W grows by its two amounts.

Example::

    >>> pad = nn.CircularPad3d((0, 0, 0, 0, 1, 0))
    >>> pad(ember.arange(2.0).reshape(1, 1, 2, 1, 1)).flatten()
    tensor([1., 0., 1.])
""")
