"""Docstrings for nn.functional (attached on import; see ember._docs)."""
from __future__ import annotations

from ember.nn import functional as F

from . import add_docstr

# ---------------------------------------------------------------- activations

add_docstr(F.elu, r"""elu(input, alpha=1.0, inplace=False) -> Tensor

Exponential linear unit, elementwise: ``x`` for ``x > 0`` and ``alpha * (exp(x) - 1)``
otherwise. The derivative is 1 for ``x > 0`` and ``alpha * exp(x)`` otherwise.

Args:
    input (Tensor): the input.
    alpha (float, optional): the negative saturation value. Default: ``1.0``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.elu(ember.tensor([-1.0, 0.0, 1.0]), alpha=2.0)
    tensor([-1.2642,  0.0000,  1.0000])
""")

add_docstr(F.elu_, r"""elu_(input, alpha=1.0) -> Tensor

In-place version of ``F.elu``: overwrites ``input`` with ``x`` where ``x > 0`` and
``alpha * (exp(x) - 1)`` elsewhere, and returns it.

Args:
    input (Tensor): the tensor to overwrite.
    alpha (float, optional): the negative saturation value. Default: ``1.0``.

Returns:
    Tensor: ``input`` itself.

Example::

    >>> x = ember.tensor([-1.0, 2.0])
    >>> F.elu_(x) is x, x
    (True, tensor([-0.6321,  2.0000]))
""")

add_docstr(F.gelu, r"""gelu(input, approximate='none') -> Tensor

Gaussian error linear unit: ``x * Phi(x)`` with ``Phi`` the standard normal CDF
(``0.5 * (1 + erf(x / sqrt(2)))``). ``approximate='tanh'`` uses
``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))`` instead.

Args:
    input (Tensor): the input.
    approximate (str, optional): ``'none'`` or ``'tanh'``. Default: ``'none'``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.gelu(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-0.0455,  0.0000,  1.9545])
""")

add_docstr(F.glu, r"""glu(input, dim=-1) -> Tensor

Gated linear unit: splits ``input`` into halves ``a`` and ``b`` along ``dim`` and returns
``a * sigmoid(b)``.

Args:
    input (Tensor): the input; its size along ``dim`` must be even.
    dim (int, optional): the dimension to split. Default: ``-1``.

Returns:
    Tensor: half the size of ``input`` along ``dim``.

Example::

    >>> F.glu(ember.tensor([[3.0, 3.0, 0.0, 2.0]]))
    tensor([[1.5000, 2.6424]])
""")

add_docstr(F.hardsigmoid, r"""hardsigmoid(input, inplace=False) -> Tensor

Piecewise-linear sigmoid: ``0`` for ``x <= -3``, ``1`` for ``x >= 3``, ``x / 6 + 0.5``
between (gradient ``1/6`` there, 0 outside).

Args:
    input (Tensor): the input.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: values in ``[0, 1]``, shaped like ``input``.

Example::

    >>> F.hardsigmoid(ember.tensor([-6.0, 0.0, 3.0]))
    tensor([0.0000, 0.5000, 1.0000])
""")

add_docstr(F.hardswish, r"""hardswish(input, inplace=False) -> Tensor

``x * hardsigmoid(x)``: ``0`` for ``x <= -3``, ``x`` for ``x >= 3``, ``x * (x + 3) / 6``
between.

Args:
    input (Tensor): the input.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.hardswish(ember.tensor([-4.0, 1.0, 4.0]))
    tensor([-0.0000, 0.6667, 4.0000])
""")

add_docstr(F.hardtanh, r"""hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False) -> Tensor

Clamps ``input`` to ``[min_val, max_val]``; the gradient is 1 strictly inside and 0 outside.

Args:
    input (Tensor): the input.
    min_val (float, optional): the lower bound. Default: ``-1``.
    max_val (float, optional): the upper bound. Default: ``1``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the clamped values.

Example::

    >>> F.hardtanh(ember.tensor([-2.0, 0.5, 2.0]))
    tensor([-1.0000,  0.5000,  1.0000])
""")

add_docstr(F.hardtanh_, r"""hardtanh_(input, min_val=-1.0, max_val=1.0) -> Tensor

In-place version of ``F.hardtanh``: clamps ``input`` to ``[min_val, max_val]`` in place and
returns it.

Args:
    input (Tensor): the tensor to overwrite.
    min_val (float, optional): the lower bound. Default: ``-1``.
    max_val (float, optional): the upper bound. Default: ``1``.

Returns:
    Tensor: ``input`` itself.

Example::

    >>> x = ember.tensor([-5.0, 0.5, 5.0])
    >>> _ = F.hardtanh_(x, -2.0, 2.0)
    >>> x
    tensor([-2.0000,  0.5000,  2.0000])
""")

add_docstr(F.leaky_relu, r"""leaky_relu(input, negative_slope=0.01, inplace=False) -> Tensor

``x`` for ``x >= 0`` and ``negative_slope * x`` otherwise, elementwise.

Args:
    input (Tensor): the input.
    negative_slope (float, optional): the slope for negative inputs. Default: ``0.01``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.leaky_relu(ember.tensor([-10.0, 10.0]), 0.2)
    tensor([-2., 10.])
""")

add_docstr(F.leaky_relu_, r"""leaky_relu_(input, negative_slope=0.01) -> Tensor

In-place version of ``F.leaky_relu``: multiplies the negative elements of ``input`` by
``negative_slope`` in place and returns it.

Args:
    input (Tensor): the tensor to overwrite.
    negative_slope (float, optional): the slope for negative inputs. Default: ``0.01``.

Returns:
    Tensor: ``input`` itself.

Example::

    >>> x = ember.tensor([-10.0, 10.0])
    >>> _ = F.leaky_relu_(x, 0.5)
    >>> x
    tensor([-5., 10.])
""")

add_docstr(F.logsigmoid, r"""logsigmoid(input) -> Tensor

``log(1 / (1 + exp(-x)))`` elementwise, computed stably as ``-softplus(-x)``.

Args:
    input (Tensor): the input.

Returns:
    Tensor: negative values, shaped like ``input``.

Example::

    >>> F.logsigmoid(ember.tensor([-50.0, 0.0, 3.0]))
    tensor([-5.0000e+01, -6.9315e-01, -4.8587e-02])
""")

add_docstr(F.mish, r"""mish(input, inplace=False) -> Tensor

``x * tanh(softplus(x))`` elementwise.

Args:
    input (Tensor): the input.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.mish(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.3034,  0.0000,  0.8651])
""")

add_docstr(F.relu6, r"""relu6(input, inplace=False) -> Tensor

``min(max(x, 0), 6)`` elementwise.

Args:
    input (Tensor): the input.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: values in ``[0, 6]``, shaped like ``input``.

Example::

    >>> F.relu6(ember.tensor([-1.0, 4.0, 9.0]))
    tensor([0., 4., 6.])
""")

add_docstr(F.silu, r"""silu(input, inplace=False) -> Tensor

Sigmoid linear unit (swish): ``x * sigmoid(x)`` elementwise. Its derivative is
``sigmoid(x) * (1 + x * (1 - sigmoid(x)))``.

Args:
    input (Tensor): the input.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: the activations, shaped like ``input``.

Example::

    >>> F.silu(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.2689,  0.0000,  0.7311])
""")

add_docstr(F.softplus, r"""softplus(input, beta=1.0, threshold=20.0) -> Tensor

``log(1 + exp(beta * x)) / beta`` elementwise, returning ``x`` itself where
``beta * x > threshold`` (where the two agree to float precision). Its derivative is
``sigmoid(beta * x)``.

Args:
    input (Tensor): the input.
    beta (float, optional): the sharpness. Default: ``1``.
    threshold (float, optional): beyond this ``beta * x`` the op is linear. Default: ``20``.

Returns:
    Tensor: positive values, shaped like ``input``.

Example::

    >>> F.softplus(ember.tensor([-2.0, 0.0, 2.0]), beta=2.0)
    tensor([0.0091, 0.3466, 2.0091])
""")

add_docstr(F.softshrink, r"""softshrink(input, lambd=0.5) -> Tensor

Soft thresholding: ``x - lambd`` for ``x > lambd``, ``x + lambd`` for ``x < -lambd``, ``0``
otherwise.

Args:
    input (Tensor): the input.
    lambd (float, optional): the threshold, at least 0. Default: ``0.5``.

Returns:
    Tensor: the shrunk values, shaped like ``input``.

Example::

    >>> F.softshrink(ember.tensor([-2.0, 0.25, 2.0]))
    tensor([-1.5000,  0.0000,  1.5000])
""")

add_docstr(F.softsign, r"""softsign(input) -> Tensor

``x / (1 + |x|)`` elementwise.

Args:
    input (Tensor): the input.

Returns:
    Tensor: values in ``(-1, 1)``, shaped like ``input``.

Example::

    >>> F.softsign(ember.tensor([-1.0, 0.0, 3.0]))
    tensor([-0.5000,  0.0000,  0.7500])
""")

add_docstr(F.tanhshrink, r"""tanhshrink(input) -> Tensor

``x - tanh(x)`` elementwise.

Args:
    input (Tensor): the input.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.tanhshrink(ember.tensor([-2.0, 0.0, 2.0]))
    tensor([-1.0360,  0.0000,  1.0360])
""")

add_docstr(F.log_softmax, r"""log_softmax(input, dim=None, _stacklevel=3, dtype=None) -> Tensor

``log(softmax(x))`` along ``dim``, computed as ``x - logsumexp(x, dim)`` so large logits do
not overflow. The derivative is ``grad - exp(out) * grad.sum(dim)``.

Args:
    input (Tensor): the input.
    dim (int): the dimension to normalize; ``None`` is deprecated (a dimension is guessed with
        a warning).
    dtype (ember.dtype, optional): cast ``input`` to this dtype first.

Returns:
    Tensor: log-probabilities, shaped like ``input``.

Example::

    >>> F.log_softmax(ember.tensor([[1.0, 1.0], [0.0, 100.0]]), dim=1)
    tensor([[  -0.6931,   -0.6931],
            [-100.0000,    0.0000]])
""")

add_docstr(F.softmin, r"""softmin(input, dim=None, _stacklevel=3, dtype=None) -> Tensor

``softmax(-x)`` along ``dim``: probabilities favouring the smallest entries.

Args:
    input (Tensor): the input.
    dim (int): the dimension that sums to 1; ``None`` is deprecated.
    dtype (ember.dtype, optional): cast ``input`` to this dtype first.

Returns:
    Tensor: probabilities, shaped like ``input``.

Example::

    >>> F.softmin(ember.tensor([0.0, 1.0, 2.0]), dim=0)
    tensor([0.6652, 0.2447, 0.0900])
""")

add_docstr(F.gumbel_softmax, r"""gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1) -> Tensor

A differentiable sample from a categorical distribution: ``softmax((logits + g) / tau)``
with Gumbel noise ``g = -log(E)``, ``E ~ Exponential(1)``. Low ``tau`` gives nearly one-hot
samples. With ``hard=True`` the forward value is the one-hot argmax while the gradient is the
soft sample's (the straight-through estimator).

Args:
    logits (Tensor): unnormalized log-probabilities.
    tau (float, optional): the temperature, above 0. Default: ``1``.
    hard (bool, optional): return one-hot samples. Default: ``False``.
    eps (float, optional): unused; kept for compatibility. Default: ``1e-10``.
    dim (int, optional): the category dimension. Default: ``-1``.

Returns:
    Tensor: samples shaped like ``logits``, summing to 1 along ``dim``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> logits = ember.tensor([[0.0, 0.0, 5.0]])
    >>> F.gumbel_softmax(logits, tau=0.5, hard=True)
    tensor([[0., 0., 1.]])
    >>> F.gumbel_softmax(logits).sum().round(decimals=4)
    tensor(1.)
""")

# ---------------------------------------------------------------- linear, embedding, misc

add_docstr(F.linear, r"""linear(input, weight, bias=None) -> Tensor

The affine map ``y = input @ weight.T + bias`` over the last dimension.

Args:
    input (Tensor): ``(*, in_features)``.
    weight (Tensor): ``(out_features, in_features)`` (or ``(in_features,)`` for a single
        output with that dimension dropped).
    bias (Tensor, optional): ``(out_features,)`` or broadcastable to the output.

Returns:
    Tensor: ``(*, out_features)``.

Example::

    >>> x = ember.tensor([[1.0, 2.0]])
    >>> w = ember.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, -1.0]])
    >>> F.linear(x, w, ember.tensor([0.0, 0.0, 10.0]))
    tensor([[1., 3., 8.]])
""")

add_docstr(F.embedding, r"""embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False) -> Tensor

Looks up rows of a table: ``weight[input]``. The gradient adds each output row's gradient into
the row it came from (nothing into ``padding_idx``).

Args:
    input (LongTensor): indices of any shape, in ``[0, num_embeddings)``.
    weight (Tensor): the table ``(num_embeddings, embedding_dim)``.
    padding_idx (int, optional): a row that receives no gradient.
    max_norm (float, optional): rows looked up are renormalized IN PLACE to at most this norm.
    norm_type (float, optional): the p of that norm. Default: ``2``.
    scale_grad_by_freq (bool, optional): divide gradients by index frequency in the batch.
    sparse (bool, optional): produce a sparse gradient for ``weight``.

Returns:
    Tensor: ``(*input.shape, embedding_dim)``.

Example::

    >>> table = ember.tensor([[0.0, 0.0], [1.0, 10.0], [2.0, 20.0]])
    >>> F.embedding(ember.tensor([[2, 1], [0, 2]]), table)
    tensor([[[ 2., 20.],
             [ 1., 10.]],
    <BLANKLINE>
            [[ 0.,  0.],
             [ 2., 20.]]])
""")

add_docstr(F.embedding_bag, r"""embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None) -> Tensor

Reduces bags of embedding rows without materializing them: each bag (a row of a 2-D
``input``, or the slice of a 1-D ``input`` between consecutive ``offsets``) becomes the sum,
mean or max of its rows.

Args:
    input (LongTensor): ``(B, N)`` bags, or 1-D indices split by ``offsets``.
    weight (Tensor): the table ``(num_embeddings, embedding_dim)``.
    offsets (LongTensor, optional): the start of each bag, for 1-D ``input``.
    max_norm (float, optional): renormalize looked-up rows in place to at most this norm.
    norm_type (float, optional): the p of that norm. Default: ``2``.
    scale_grad_by_freq (bool, optional): divide gradients by index frequency.
    mode (str, optional): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
    sparse (bool, optional): produce a sparse gradient for ``weight``.
    per_sample_weights (Tensor, optional): weights shaped like ``input`` (``'sum'`` only).
    include_last_offset (bool, optional): ``offsets`` ends with the total length.
    padding_idx (int, optional): an index left out of its bag.

Returns:
    Tensor: ``(B, embedding_dim)``.

Example::

    >>> table = ember.tensor([[1.0, 0.0], [0.0, 1.0], [4.0, 4.0]])
    >>> F.embedding_bag(ember.tensor([0, 1, 2]), table, ember.tensor([0, 2]), mode='sum')
    tensor([[1., 1.],
            [4., 4.]])
    >>> F.embedding_bag(ember.tensor([[0, 2]]), table)
    tensor([[2.5000, 2.0000]])
""")

add_docstr(F.one_hot, r"""one_hot(tensor, num_classes=-1) -> LongTensor

One-hot encoding: an int64 tensor of shape ``(*tensor.shape, num_classes)`` with a 1 at each
value's position and 0 elsewhere. Not differentiable.

Args:
    tensor (LongTensor): class indices, non-negative.
    num_classes (int, optional): the number of classes; ``-1`` uses ``tensor.max() + 1``.

Returns:
    LongTensor: the encoding.

Example::

    >>> F.one_hot(ember.tensor([0, 2, 1]))
    tensor([[1, 0, 0],
            [0, 0, 1],
            [0, 1, 0]])
    >>> F.one_hot(ember.tensor([1]), num_classes=4)
    tensor([[0, 1, 0, 0]])
""")

add_docstr(F.normalize, r"""normalize(input, p=2.0, dim=1, eps=1e-12, out=None) -> Tensor

Scales vectors along ``dim`` to unit p-norm: ``x / max(||x||_p, eps)``. The ``eps`` floor
leaves all-zero vectors at zero instead of dividing by zero.

Args:
    input (Tensor): the input.
    p (float, optional): the norm degree. Default: ``2``.
    dim (int or tuple, optional): the dimension(s) holding the vectors. Default: ``1``.
    eps (float, optional): the smallest norm divided by. Default: ``1e-12``.
    out (Tensor, optional): where to write the result (no autograd).

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.normalize(ember.tensor([[3.0, 4.0], [0.0, 0.0]]))
    tensor([[0.6000, 0.8000],
            [0.0000, 0.0000]])
    >>> F.normalize(ember.tensor([[1.0, 3.0]]), p=1.0)
    tensor([[0.2500, 0.7500]])
""")

add_docstr(F.cosine_similarity, r"""cosine_similarity(x1, x2, dim=1, eps=1e-08) -> Tensor

The cosine of the angle between ``x1`` and ``x2`` along ``dim`` after broadcasting:
``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))``.

Args:
    x1 (Tensor): the first input.
    x2 (Tensor): the second input, broadcastable with ``x1``.
    dim (int, optional): the vector dimension. Default: ``1``.
    eps (float, optional): the smallest norm used. Default: ``1e-8``.

Returns:
    Tensor: the broadcast shape without ``dim``, values in ``[-1, 1]``.

Example::

    >>> F.cosine_similarity(ember.tensor([[1.0, 0.0]]), ember.tensor([[1.0, 1.0], [-2.0, 0.0]]))
    tensor([ 0.7071, -1.0000])
""")

add_docstr(F.pad, r"""pad(input, pad, mode='constant', value=None) -> Tensor

Pads (or, with negative amounts, crops) the last ``len(pad) // 2`` dimensions. ``pad`` lists
the amounts from the LAST dimension backwards: ``(left, right)`` for the last,
``(left, right, top, bottom)`` for the last two, and so on.

Args:
    input (Tensor): the input.
    pad (tuple): an even number of ints.
    mode (str, optional): ``'constant'``, ``'reflect'`` (mirror without the edge),
        ``'replicate'`` (repeat the edge) or ``'circular'`` (wrap around). The non-constant
        modes pad at most the last three dimensions of a batched input. Default:
        ``'constant'``.
    value (float, optional): the fill for ``'constant'``. Default: ``0``.

Returns:
    Tensor: the padded tensor.

Example::

    >>> x = ember.tensor([[1.0, 2.0, 3.0]])
    >>> F.pad(x, (1, 2))
    tensor([[0., 1., 2., 3., 0., 0.]])
    >>> F.pad(x, (2, 0), mode='reflect')
    tensor([[3., 2., 1., 2., 3.]])
    >>> F.pad(x, (0, 0, 1, 0), value=-1.0)
    tensor([[-1., -1., -1.],
            [ 1.,  2.,  3.]])
""")

add_docstr(F.channel_shuffle, r"""channel_shuffle(input, groups) -> Tensor

Interleaves the channels (dimension 1) across ``groups``: viewed as
``(groups, C / groups)``, transposed and flattened back.

Args:
    input (Tensor): ``(N, C, *)``.
    groups (int): the number of groups; must divide ``C``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.channel_shuffle(ember.arange(6.0).reshape(1, 6, 1), 3).flatten()
    tensor([0., 2., 4., 1., 3., 5.])
""")

# ---------------------------------------------------------------- losses

add_docstr(F.binary_cross_entropy, r"""binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean') -> Tensor

Binary cross entropy between probabilities ``x`` and targets ``y`` in ``[0, 1]``:
``-w * (y * log(x) + (1 - y) * log(1 - x))`` per element, each log clamped at -100.

Args:
    input (Tensor): probabilities in ``[0, 1]``, any shape.
    target (Tensor): targets shaped like ``input``.
    weight (Tensor, optional): a rescaling weight broadcast against ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``input``'s shape with ``reduction='none'``.

Example::

    >>> p = ember.tensor([0.9, 0.2, 0.5])
    >>> F.binary_cross_entropy(p, ember.tensor([1.0, 0.0, 1.0]), reduction='none')
    tensor([0.1054, 0.2231, 0.6931])
""")

add_docstr(F.binary_cross_entropy_with_logits, r"""binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None) -> Tensor

Binary cross entropy on logits, ``binary_cross_entropy(sigmoid(x), y)`` computed stably as
``max(x, 0) - x * y + log(1 + exp(-|x|))`` (with ``pos_weight`` scaling the positive term).
The gradient with respect to ``x`` is ``sigmoid(x) - y`` (unweighted).

Args:
    input (Tensor): logits, any shape.
    target (Tensor): targets in ``[0, 1]`` shaped like ``input``.
    weight (Tensor, optional): a rescaling weight broadcast against ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    pos_weight (Tensor, optional): a weight of positive examples per class (last dimension).

Returns:
    Tensor: a scalar, or ``input``'s shape with ``reduction='none'``.

Example::

    >>> logits = ember.tensor([0.0, 3.0, -3.0])
    >>> F.binary_cross_entropy_with_logits(logits, ember.tensor([1.0, 1.0, 1.0]), reduction='none')
    tensor([0.6931, 0.0486, 3.0486])
""")

add_docstr(F.nll_loss, r"""nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean') -> Tensor

Negative log likelihood: picks ``-input[n, target[n]]`` (times ``weight[target[n]]``) for each
sample. With ``'mean'`` the sum is divided by the total weight of the targets used. Expects
log-probabilities, e.g. from ``F.log_softmax``.

Args:
    input (Tensor): ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)`` log-probabilities.
    target (LongTensor): ``(N,)``, ``()`` or ``(N, d1, ...)`` class indices.
    weight (Tensor, optional): a weight per class ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    ignore_index (int, optional): a target value that is skipped. Default: ``-100``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``target``'s shape with ``reduction='none'``.

Example::

    >>> logp = ember.tensor([[-0.1, -2.5], [-1.5, -0.3], [-0.7, -0.7]])
    >>> F.nll_loss(logp, ember.tensor([0, 1, -100]))
    tensor(0.2000)
    >>> F.nll_loss(logp, ember.tensor([0, 1, 0]), weight=ember.tensor([1.0, 3.0]))
    tensor(0.3400)
""")

add_docstr(F.kl_div, r"""kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False) -> Tensor

The Kullback-Leibler divergence ``KL(target || exp(input))`` pointwise:
``target * (log(target) - input)``, where ``input`` is LOG-probabilities (and ``target`` too
with ``log_target=True``). ``reduction='batchmean'`` gives the mathematical KL divergence per
sample; ``'mean'`` divides by the number of elements instead.

Args:
    input (Tensor): log-probabilities.
    target (Tensor): probabilities (or log-probabilities), shaped like ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'batchmean'``, ``'sum'`` or ``'mean'``.
        Default: ``'mean'``.
    log_target (bool, optional): ``target`` is given in log space. Default: ``False``.

Returns:
    Tensor: a scalar, or ``input``'s shape with ``reduction='none'``.

Example::

    >>> log_q = ember.log(ember.tensor([[0.5, 0.5]]))
    >>> p = ember.tensor([[1.0, 0.0]])
    >>> F.kl_div(log_q, p, reduction='batchmean')
    tensor(0.6931)
""")

add_docstr(F.l1_loss, r"""l1_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None) -> Tensor

Mean absolute error: ``|input - target|`` per element, then reduced. The gradient is the sign
of the difference.

Args:
    input (Tensor): predictions.
    target (Tensor): targets, broadcastable with ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    weight (Tensor, optional): a weight per element, broadcast against the loss.

Returns:
    Tensor: a scalar, or the elementwise losses with ``reduction='none'``.

Example::

    >>> F.l1_loss(ember.tensor([0.0, 2.0, 4.0]), ember.tensor([1.0, 2.0, 2.0]))
    tensor(1.)
""")

add_docstr(F.smooth_l1_loss, r"""smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0) -> Tensor

With ``d = |input - target|``: ``0.5 * d**2 / beta`` where ``d < beta`` and
``d - 0.5 * beta`` elsewhere. Quadratic near zero, linear for outliers.

Args:
    input (Tensor): predictions.
    target (Tensor): targets shaped like ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    beta (float, optional): the switch point; ``0`` gives the L1 loss. Default: ``1.0``.

Returns:
    Tensor: a scalar, or the elementwise losses with ``reduction='none'``.

Example::

    >>> F.smooth_l1_loss(ember.tensor([0.5, 4.0]), ember.zeros(2), reduction='none', beta=2.0)
    tensor([0.0625, 3.0000])
""")

add_docstr(F.huber_loss, r"""huber_loss(input, target, reduction='mean', delta=1.0, weight=None) -> Tensor

With ``d = |input - target|``: ``0.5 * d**2`` where ``d < delta`` and
``delta * (d - 0.5 * delta)`` elsewhere.

Args:
    input (Tensor): predictions.
    target (Tensor): targets shaped like ``input``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    delta (float, optional): the switch point, above 0. Default: ``1.0``.
    weight (Tensor, optional): a weight per element, broadcast against the loss.

Returns:
    Tensor: a scalar, or the elementwise losses with ``reduction='none'``.

Example::

    >>> F.huber_loss(ember.tensor([0.5, 4.0]), ember.zeros(2), reduction='none')
    tensor([0.1250, 3.5000])
""")

add_docstr(F.poisson_nll_loss, r"""poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-08, reduce=None, reduction='mean') -> Tensor

Poisson negative log likelihood: ``exp(input) - target * input`` with ``log_input`` (input is
the log rate), else ``input - target * log(input + eps)``; ``full`` adds Stirling's
approximation of ``log(target!)`` where ``target > 1``.

Args:
    input (Tensor): the (log) rate.
    target (Tensor): observed counts, shaped like ``input``.
    log_input (bool, optional): ``input`` is a log rate. Default: ``True``.
    full (bool, optional): add the Stirling term. Default: ``False``.
    size_average, reduce: deprecated; use ``reduction``.
    eps (float, optional): keeps the log finite. Default: ``1e-8``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or the elementwise losses with ``reduction='none'``.

Example::

    >>> F.poisson_nll_loss(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 4.0]), log_input=False, reduction='none')
    tensor([ 1.0000, -0.7726])
""")

add_docstr(F.gaussian_nll_loss, r"""gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction='mean') -> Tensor

Gaussian negative log likelihood: ``0.5 * (log(var) + (input - target)**2 / var)`` per element
with ``var`` clamped at ``eps`` (the clamp itself is not differentiated: the gradient flows
to ``var`` as if it had that value); ``full`` adds ``0.5 * log(2 * pi)``.

Args:
    input (Tensor): the predicted means ``(N, *)``.
    target (Tensor): the observations, shaped like ``input``.
    var (Tensor or float): the predicted variances, shaped like ``input``, or with a last
        dimension of 1, or one dimension fewer; all non-negative.
    full (bool, optional): include the constant. Default: ``False``.
    eps (float, optional): the variance floor. Default: ``1e-6``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or the elementwise losses with ``reduction='none'``.

Example::

    >>> mu, y = ember.tensor([[0.0], [0.0]]), ember.tensor([[1.0], [2.0]])
    >>> F.gaussian_nll_loss(mu, y, ember.tensor([[1.0], [4.0]]), reduction='none')
    tensor([[0.5000],
            [1.1931]])
""")

add_docstr(F.cosine_embedding_loss, r"""cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean') -> Tensor

With ``c = cos(input1, input2)`` along the last dimension: ``1 - c`` where ``target = 1`` and
``max(0, c - margin)`` where ``target = -1``.

Args:
    input1 (Tensor): ``(N, D)`` or ``(D,)``.
    input2 (Tensor): shaped like ``input1``.
    target (Tensor): ``(N,)`` or ``()``, values 1 or -1.
    margin (float, optional): in ``[-1, 1]``. Default: ``0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> a, b = ember.tensor([[1.0, 0.0], [0.0, 1.0]]), ember.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> F.cosine_embedding_loss(a, b, ember.tensor([1, -1]), reduction='none')
    tensor([0., 1.])
""")

add_docstr(F.hinge_embedding_loss, r"""hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean') -> Tensor

For distances ``x`` and labels ``y`` in ``{1, -1}``: ``x`` where ``y = 1`` and
``max(0, margin - x)`` where ``y = -1``.

Args:
    input (Tensor): distances, any shape.
    target (Tensor): 1 or -1, shaped like ``input``.
    margin (float, optional): the separation for ``y = -1``. Default: ``1.0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``input``'s shape with ``reduction='none'``.

Example::

    >>> F.hinge_embedding_loss(ember.tensor([0.5, 0.5]), ember.tensor([1.0, -1.0]), reduction='none')
    tensor([0.5000, 0.5000])
""")

add_docstr(F.margin_ranking_loss, r"""margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean') -> Tensor

``max(0, -target * (input1 - input2) + margin)`` elementwise: penalizes pairs ranked against
``target`` (1 means ``input1`` should be larger, -1 means ``input2``).

Args:
    input1 (Tensor): first scores ``(N,)`` or ``()``.
    input2 (Tensor): second scores, shaped like ``input1``.
    target (Tensor): 1 or -1, shaped like ``input1``.
    margin (float, optional): the required lead. Default: ``0``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> F.margin_ranking_loss(ember.tensor([1.0, 3.0]), ember.tensor([2.0, 2.0]), ember.tensor([1.0, 1.0]))
    tensor(0.5000)
""")

add_docstr(F.soft_margin_loss, r"""soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean') -> Tensor

Logistic loss for labels in ``{1, -1}``: ``log(1 + exp(-target * input))`` per element.

Args:
    input (Tensor): scores, any shape.
    target (Tensor): 1 or -1, shaped like ``input``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``input``'s shape with ``reduction='none'``.

Example::

    >>> F.soft_margin_loss(ember.tensor([0.0, 0.0]), ember.tensor([1.0, -1.0]))
    tensor(0.6931)
""")

add_docstr(F.multilabel_soft_margin_loss, r"""multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean') -> Tensor

One-versus-all logistic loss per class, averaged over the ``C`` classes of each sample:
``-mean_c(y_c * log(sigmoid(x_c)) + (1 - y_c) * log(sigmoid(-x_c)))``.

Args:
    input (Tensor): scores ``(N, C)``.
    target (Tensor): 0/1 labels ``(N, C)``.
    weight (Tensor, optional): a weight per class ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> F.multilabel_soft_margin_loss(ember.zeros(1, 3), ember.tensor([[1.0, 0.0, 1.0]]))
    tensor(0.6931)
""")

add_docstr(F.multilabel_margin_loss, r"""multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean') -> Tensor

Multi-label hinge loss: ``target`` holds each sample's correct classes, ended by the first
``-1``; every (correct ``j``, incorrect ``i``) pair adds ``max(0, 1 - (x[j] - x[i]))``, and the
total is divided by ``C``.

Args:
    input (Tensor): scores ``(N, C)`` or ``(C,)``.
    target (LongTensor): shaped like ``input``: class indices padded with ``-1``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> x = ember.tensor([[1.0, 0.0, 0.5]])
    >>> F.multilabel_margin_loss(x, ember.tensor([[0, -1, 2]]))
    tensor(0.1667)
""")

add_docstr(F.multi_margin_loss, r"""multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean') -> Tensor

Multi-class hinge loss: for the true class ``y``,
``sum over i != y of max(0, margin - x[y] + x[i])**p`` divided by ``C``.

Args:
    input (Tensor): scores ``(N, C)`` or ``(C,)``.
    target (LongTensor): ``(N,)`` or ``()`` class indices.
    p (int, optional): 1 or 2. Default: ``1``.
    margin (float, optional): the required lead of the true class. Default: ``1``.
    weight (Tensor, optional): a weight per class ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> x = ember.tensor([[2.0, 1.5, 0.0], [0.0, 0.0, 3.0]])
    >>> F.multi_margin_loss(x, ember.tensor([0, 2]), reduction='none')
    tensor([0.1667, 0.0000])
""")

add_docstr(F.triplet_margin_loss, r"""triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, size_average=None, reduce=None, reduction='mean') -> Tensor

``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the p-norm distance of the difference plus
``eps``: the anchor should be closer to the positive than to the negative by ``margin``.

Args:
    anchor (Tensor): ``(N, D)`` or ``(D,)``.
    positive (Tensor): shaped like ``anchor``.
    negative (Tensor): shaped like ``anchor``.
    margin (float, optional): the required gap. Default: ``1``.
    p (float, optional): the norm degree. Default: ``2``.
    eps (float, optional): added to the differences. Default: ``1e-6``.
    swap (bool, optional): use ``min(d(a, n), d(p, n))``. Default: ``False``.
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> a, pos, neg = ember.zeros(2, 2), ember.tensor([[1.0, 0.0], [0.0, 1.0]]), ember.tensor([[3.0, 4.0], [0.0, 1.5]])
    >>> F.triplet_margin_loss(a, pos, neg, eps=0.0, reduction='none')
    tensor([0.0000, 0.5000])
""")

add_docstr(F.triplet_margin_with_distance_loss, r"""triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False, reduction='mean') -> Tensor

``max(d(a, p) - d(a, n) + margin, 0)`` with a distance ``d`` of your choice (default
``F.pairwise_distance``).

Args:
    anchor (Tensor): the anchors.
    positive (Tensor): the positives.
    negative (Tensor): the negatives.
    distance_function (Callable, optional): ``d(x, y)`` returning non-negative distances.
    margin (float, optional): the required gap. Default: ``1``.
    swap (bool, optional): use ``min(d(a, n), d(p, n))``. Default: ``False``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Returns:
    Tensor: a scalar, or one loss per triplet with ``reduction='none'``.

Example::

    >>> cos_dist = lambda x, y: 1.0 - F.cosine_similarity(x, y)
    >>> a, pos, neg = ember.tensor([[1.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([[0.0, 1.0]])
    >>> F.triplet_margin_with_distance_loss(a, pos, neg, distance_function=cos_dist, margin=1.5)
    tensor(0.5000)
""")

add_docstr(F.ctc_loss, r"""ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False) -> Tensor

Connectionist temporal classification loss: ``-log`` of the total probability of all frame
alignments that collapse (merge repeats, drop blanks) to the target sequence.

Args:
    log_probs (Tensor): ``(T, N, C)`` or ``(T, C)`` log-softmax outputs.
    targets (Tensor): ``(N, S)`` padded targets, or all targets concatenated.
    input_lengths (Tensor or tuple): ``(N,)``, each at most ``T``.
    target_lengths (Tensor or tuple): ``(N,)``.
    blank (int, optional): the blank class. Default: ``0``.
    reduction (str, optional): ``'none'``, ``'mean'`` (each loss divided by its target length,
        then the batch mean) or ``'sum'``. Default: ``'mean'``.
    zero_infinity (bool, optional): zero infinite losses and their gradients.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> log_probs = ember.log(ember.tensor([[[0.5, 0.5]], [[0.5, 0.5]]]))
    >>> F.ctc_loss(log_probs, ember.tensor([[1]]), [2], [1], reduction='none')
    tensor([0.2877])
""")

add_docstr(F.linear_cross_entropy, r"""linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None, reduction='mean', ignore_index=None, label_smoothing=0.0, options=None) -> Tensor

Cross entropy of a linear projection: ``cross_entropy(linear(input, linear_weight,
linear_bias), target, ...)``, the usual last step of a language model (hidden states times
the output embedding, then the loss). ``ignore_index=None`` ignores no class index.

Args:
    input (Tensor): ``(N, in_features)`` hidden states.
    linear_weight (Tensor): ``(C, in_features)``.
    target (Tensor): ``(N,)`` class indices or ``(N, C)`` probabilities.
    linear_bias (Tensor, optional): ``(C,)``.
    weight (Tensor, optional): a weight per class ``(C,)``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    ignore_index (int, optional): a target value to skip. Default: ``None``.
    label_smoothing (float, optional): in ``[0, 1]``. Default: ``0``.
    options (optional): torch's chunking options; accepted for compatibility.

Returns:
    Tensor: a scalar, or ``(N,)`` with ``reduction='none'``.

Example::

    >>> h = ember.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> w = ember.tensor([[2.0, 0.0], [0.0, 0.0]])
    >>> F.linear_cross_entropy(h, w, ember.tensor([0, 1]), reduction='none')
    tensor([0.1269, 0.6931])
""")

# ---------------------------------------------------------------- pooling

add_docstr(F.avg_pool2d, r"""avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) -> Tensor

The mean of each ``kernel_size`` window over the last two dimensions; per dimension the
output size is ``floor((in + 2 * padding - kernel) / stride) + 1``. Each input gets
``grad / divisor`` from every window that covers it.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    kernel_size (int or tuple): the window ``(kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit zeros on both sides. Default: ``0``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    count_include_pad (bool, optional): count padding in the divisor. Default: ``True``.
    divisor_override (int, optional): divide by this instead of the window size.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

Example::

    >>> F.avg_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
""")

add_docstr(F.avg_pool3d, r"""avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) -> Tensor

The mean of each ``kernel_size`` window over the last three dimensions, with the output-size
rule of ``avg_pool2d`` per dimension.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    kernel_size (int or tuple): the window ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit zeros on both sides. Default: ``0``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    count_include_pad (bool, optional): count padding in the divisor. Default: ``True``.
    divisor_override (int, optional): divide by this instead of the window size.

Returns:
    Tensor: ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> F.avg_pool3d(ember.arange(16.0).reshape(1, 1, 2, 2, 4), 2).flatten()
    tensor([6.5000, 8.5000])
""")

add_docstr(F.lp_pool1d, r"""lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False) -> Tensor

The p-norm ``(sum x**p)**(1/p)`` of each window of length ``kernel_size`` along the last
dimension.

Args:
    input (Tensor): ``(N, C, L)`` or ``(C, L)``.
    norm_type (float): the power ``p``.
    kernel_size (int): the window length.
    stride (int, optional): the step. Default: ``kernel_size``.
    ceil_mode (bool, optional): round the output length up. Default: ``False``.

Returns:
    Tensor: ``(N, C, L_out)``.

Example::

    >>> F.lp_pool1d(ember.tensor([[[1.0, 2.0, 2.0, 3.0]]]), 2, 2)
    tensor([[[2.2361, 3.6056]]])
""")

add_docstr(F.lp_pool2d, r"""lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False) -> Tensor

The p-norm ``(sum x**p)**(1/p)`` of each ``kernel_size`` window over the last two dimensions.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    norm_type (float): the power ``p``.
    kernel_size (int or tuple): the window ``(kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

Example::

    >>> F.lp_pool2d(ember.tensor([[[[1.0, 2.0, 0.0, 0.5]]]]), 2, (1, 2))
    tensor([[[[2.2361, 0.5000]]]])
""")

add_docstr(F.max_pool1d_with_indices, r"""max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False) -> (Tensor, LongTensor)

``F.max_pool1d`` that also returns where each maximum came from: the index along the last
dimension (the input for ``F.max_unpool1d``). It returns the pair whatever
``return_indices`` says.

Args:
    input (Tensor): ``(N, C, L)`` or ``(C, L)``.
    kernel_size (int): the window length.
    stride (int, optional): the step. Default: ``kernel_size``.
    padding (int, optional): implicit ``-inf`` padding. Default: ``0``.
    dilation (int, optional): spacing of window elements. Default: ``1``.
    ceil_mode (bool, optional): round the output length up. Default: ``False``.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): the maxima and their positions, each ``(N, C, L_out)``.

Example::

    >>> F.max_pool1d_with_indices(ember.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2)
    (tensor([[[3., 2.]]]), tensor([[[1, 2]]]))
""")

add_docstr(F.max_pool2d_with_indices, r"""max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False) -> (Tensor, LongTensor)

``F.max_pool2d`` that also returns the position of each maximum, flattened over ``H * W`` of
its channel (the input for ``F.max_unpool2d``).

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    kernel_size (int or tuple): the window ``(kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit ``-inf`` padding. Default: ``0``.
    dilation (int or tuple, optional): spacing of window elements. Default: ``1``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): the maxima and their flat positions, each ``(N, C, H_out, W_out)``.

Example::

    >>> x = ember.tensor([[[[1.0, 2.0], [4.0, 3.0]]]])
    >>> F.max_pool2d_with_indices(x, 2)
    (tensor([[[[4.]]]]), tensor([[[[2]]]]))
""")

add_docstr(F.max_pool3d_with_indices, r"""max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False) -> (Tensor, LongTensor)

``F.max_pool3d`` that also returns the position of each maximum, flattened over
``D * H * W`` of its channel.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    kernel_size (int or tuple): the window ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    padding (int or tuple, optional): implicit ``-inf`` padding. Default: ``0``.
    dilation (int or tuple, optional): spacing of window elements. Default: ``1``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): the maxima and their flat positions.

Example::

    >>> x = ember.tensor([5.0, 1.0, 2.0, 3.0, 0.0, 9.0, 4.0, 7.0]).reshape(1, 1, 2, 2, 2)
    >>> F.max_pool3d_with_indices(x, 2)
    (tensor([[[[[9.]]]]]), tensor([[[[[5]]]]]))
""")

add_docstr(F.max_unpool2d, r"""max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

A partial inverse of ``F.max_pool2d``: writes each value at the flat position its index names
in an otherwise zero output.

Args:
    input (Tensor): the pooled values ``(N, C, H_in, W_in)``.
    indices (LongTensor): the positions from ``max_pool2d(..., return_indices=True)``.
    kernel_size (int or tuple): the pooling window.
    stride (int or tuple, optional): the pooling step. Default: ``kernel_size``.
    padding (int or tuple, optional): the pooling padding. Default: ``0``.
    output_size (tuple, optional): the exact output size, when the pooling rounded.

Returns:
    Tensor: ``(N, C, H_out, W_out)`` with ``H_out = (H_in - 1) * stride - 2 * padding + kH``.

Example::

    >>> x = ember.tensor([[[[1.0, 2.0], [4.0, 3.0]]]])
    >>> out, idx = F.max_pool2d(x, 2, return_indices=True)
    >>> F.max_unpool2d(out, idx, 2)
    tensor([[[[0., 0.],
              [4., 0.]]]])
""")

add_docstr(F.adaptive_avg_pool2d, r"""adaptive_avg_pool2d(input, output_size) -> Tensor

Average pooling to a fixed ``(H_out, W_out)``: output cell ``(i, j)`` averages rows
``floor(i * H / H_out)`` to ``ceil((i + 1) * H / H_out)`` and the matching columns.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    output_size (int or tuple): ``(H_out, W_out)``, one int for a square, ``None`` entries
        keep the input size.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

Example::

    >>> F.adaptive_avg_pool2d(ember.arange(9.0).reshape(1, 1, 3, 3), 2)
    tensor([[[[2., 3.],
              [5., 6.]]]])
""")

add_docstr(F.adaptive_avg_pool3d, r"""adaptive_avg_pool3d(input, output_size) -> Tensor

Average pooling to a fixed ``(D_out, H_out, W_out)`` with the window rule of
``adaptive_avg_pool2d`` in each dimension.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    output_size (int or tuple): the output size; ``None`` entries keep the input size.

Returns:
    Tensor: ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> F.adaptive_avg_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), (1, 1, 2)).flatten()
    tensor([3., 4.])
""")

add_docstr(F.adaptive_max_pool1d, r"""adaptive_max_pool1d(input, output_size, return_indices=False) -> Tensor

Max pooling to a fixed output length, with windows ``floor(i * L / out)`` to
``ceil((i + 1) * L / out)``.

Args:
    input (Tensor): ``(N, C, L)`` or ``(C, L)``.
    output_size (int): the output length.
    return_indices (bool, optional): also return the positions of the maxima.

Returns:
    Tensor or (Tensor, LongTensor): ``(N, C, output_size)`` (and the indices).

Example::

    >>> F.adaptive_max_pool1d(ember.tensor([[[1.0, 5.0, 2.0, 8.0, 3.0]]]), 2)
    tensor([[[5., 8.]]])
""")

add_docstr(F.adaptive_max_pool1d_with_indices, r"""adaptive_max_pool1d_with_indices(input, output_size, return_indices=False) -> (Tensor, LongTensor)

``F.adaptive_max_pool1d`` returning the maxima together with their positions along the last
dimension, whatever ``return_indices`` says.

Args:
    input (Tensor): ``(N, C, L)`` or ``(C, L)``.
    output_size (int): the output length.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): each ``(N, C, output_size)``.

Example::

    >>> F.adaptive_max_pool1d_with_indices(ember.tensor([[[1.0, 5.0, 2.0, 8.0]]]), 2)
    (tensor([[[5., 8.]]]), tensor([[[1, 3]]]))
""")

add_docstr(F.adaptive_max_pool2d, r"""adaptive_max_pool2d(input, output_size, return_indices=False) -> Tensor

Max pooling to a fixed ``(H_out, W_out)`` with the windows of ``adaptive_avg_pool2d``.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    output_size (int or tuple): ``(H_out, W_out)``, one int for a square.
    return_indices (bool, optional): also return the flat positions of the maxima.

Returns:
    Tensor or (Tensor, LongTensor): ``(N, C, H_out, W_out)`` (and the indices).

Example::

    >>> F.adaptive_max_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 1)
    tensor([[[[15.]]]])
""")

add_docstr(F.adaptive_max_pool2d_with_indices, r"""adaptive_max_pool2d_with_indices(input, output_size, return_indices=False) -> (Tensor, LongTensor)

``F.adaptive_max_pool2d`` returning the maxima together with their positions, flattened over
``H * W``, whatever ``return_indices`` says.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    output_size (int or tuple): ``(H_out, W_out)``.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): each ``(N, C, H_out, W_out)``.

Example::

    >>> F.adaptive_max_pool2d_with_indices(ember.arange(4.0).reshape(1, 1, 2, 2), 1)
    (tensor([[[[3.]]]]), tensor([[[[3]]]]))
""")

add_docstr(F.adaptive_max_pool3d, r"""adaptive_max_pool3d(input, output_size, return_indices=False) -> Tensor

Max pooling to a fixed ``(D_out, H_out, W_out)``: output cell ``(i, j, l)`` is the maximum over
depths ``floor(i * D / D_out)`` to ``ceil((i + 1) * D / D_out)`` and the matching rows and
columns. The gradient goes to the element that was the maximum.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    output_size (int or tuple): ``(D_out, H_out, W_out)``, one int for a cube; ``None``
        keeps that dimension's size.
    return_indices (bool, optional): also return the positions of the maxima, flattened over
        ``D * H * W``.

Returns:
    Tensor or (Tensor, LongTensor): ``(N, C, D_out, H_out, W_out)`` (and the indices).

Example::

    >>> F.adaptive_max_pool3d(ember.arange(8.0).reshape(1, 2, 2, 2), 1, return_indices=True)
    (tensor([[[[7.]]]]), tensor([[[[7]]]]))
""")

add_docstr(F.adaptive_max_pool3d_with_indices, r"""adaptive_max_pool3d_with_indices(input, output_size, return_indices=False) -> (Tensor, LongTensor)

``F.adaptive_max_pool3d`` returning the maxima together with their positions, flattened over
``D * H * W``, whatever ``return_indices`` says.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    output_size (int or tuple): ``(D_out, H_out, W_out)``.
    return_indices (bool, optional): ignored; the indices are always returned.

Returns:
    (Tensor, LongTensor): each ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> F.adaptive_max_pool3d_with_indices(ember.arange(8.0).reshape(1, 1, 2, 2, 2), (1, 2, 1))
    (tensor([[[[[5.],
               [7.]]]]]), tensor([[[[[5],
               [7]]]]]))
""")

add_docstr(F.max_unpool1d, r"""max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

A partial inverse of ``F.max_pool1d``: writes each value at the position its index names in an
otherwise zero output. The gradient is the output's gradient read at the same positions.

Args:
    input (Tensor): the pooled values ``(N, C, L_in)`` or ``(C, L_in)``.
    indices (LongTensor): the positions from ``max_pool1d(..., return_indices=True)``.
    kernel_size (int or tuple): the pooling window.
    stride (int or tuple, optional): the pooling step. Default: ``kernel_size``.
    padding (int or tuple, optional): the pooling padding. Default: ``0``.
    output_size (sequence, optional): the exact output length, when the pooling rounded; it
        must lie strictly within one stride of the default (ValueError otherwise).

Returns:
    Tensor: ``(N, C, L_out)`` with ``L_out = (L_in - 1) * stride - 2 * padding + kernel_size``.

Example::

    >>> out, idx = F.max_pool1d(ember.tensor([[[1.0, 3.0, 5.0, 2.0, 4.0]]]), 2,
    ...                         return_indices=True)
    >>> F.max_unpool1d(out, idx, 2, output_size=[5])
    tensor([[[0., 3., 5., 0., 0.]]])
""")

add_docstr(F.max_unpool3d, r"""max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None) -> Tensor

A partial inverse of ``F.max_pool3d``: writes each value at the flat position its index names
in an otherwise zero output. The gradient is the output's gradient read at the same positions.

Args:
    input (Tensor): the pooled values ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    indices (LongTensor): the positions from ``max_pool3d(..., return_indices=True)``.
    kernel_size (int or tuple): the pooling window.
    stride (int or tuple, optional): the pooling step. Default: ``kernel_size``.
    padding (int or tuple, optional): the pooling padding. Default: ``0``.
    output_size (sequence, optional): the exact output size, when the pooling rounded.

Returns:
    Tensor: ``(N, C, D_out, H_out, W_out)``, each ``(in - 1) * stride - 2 * padding + kernel``.

Example::

    >>> x = ember.tensor([5.0, 1.0, 2.0, 3.0, 0.0, 9.0, 4.0, 7.0]).reshape(1, 1, 2, 2, 2)
    >>> out, idx = F.max_pool3d(x, 2, return_indices=True)
    >>> F.max_unpool3d(out, idx, 2).flatten()
    tensor([0., 0., 0., 0., 0., 9., 0., 0.])
""")

add_docstr(F.fractional_max_pool2d_with_indices, r"""fractional_max_pool2d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None) -> (Tensor, LongTensor)

``F.fractional_max_pool2d`` returning the maxima together with their positions, flattened over
``H * W``, whatever ``return_indices`` says.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    kernel_size (int or tuple): the pooling window.
    output_size (int or tuple, optional): ``(H_out, W_out)``.
    output_ratio (tuple, optional): the output size as fractions of the input's, one per dim.
    return_indices (bool, optional): ignored; the indices are always returned.
    _random_samples (Tensor, optional): ``(N, C, 2)`` values in ``[0, 1)`` placing the windows.

Returns:
    (Tensor, LongTensor): each ``(N, C, H_out, W_out)``.

Example::

    >>> x = ember.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.fractional_max_pool2d_with_indices(x, 2, output_size=2,
    ...                                      _random_samples=ember.full((1, 1, 2), 0.5))
    (tensor([[[[ 5.,  7.],
              [13., 15.]]]]), tensor([[[[ 5,  7],
              [13, 15]]]]))
""")

add_docstr(F.fractional_max_pool3d_with_indices, r"""fractional_max_pool3d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None) -> (Tensor, LongTensor)

``F.fractional_max_pool3d`` returning the maxima together with their positions, flattened over
``D * H * W``, whatever ``return_indices`` says.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    kernel_size (int or tuple): the pooling window.
    output_size (int or tuple, optional): ``(D_out, H_out, W_out)``.
    output_ratio (tuple, optional): the output size as fractions of the input's, one per dim.
    return_indices (bool, optional): ignored; the indices are always returned.
    _random_samples (Tensor, optional): ``(N, C, 3)`` values in ``[0, 1)`` placing the windows.

Returns:
    (Tensor, LongTensor): each ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> x = ember.arange(27.0).reshape(1, 1, 3, 3, 3)
    >>> F.fractional_max_pool3d_with_indices(x, 2, output_size=1,
    ...                                      _random_samples=ember.full((1, 1, 3), 0.5))
    (tensor([[[[[26.]]]]]), tensor([[[[[26]]]]]))
""")

# ---------------------------------------------------------------- dropout

add_docstr(F.dropout1d, r"""dropout1d(input, p=0.5, training=True, inplace=False) -> Tensor

Zeroes whole channels of a ``(N, C, L)`` (or ``(C, L)``) input, each with probability ``p``,
and scales the kept ones by ``1 / (1 - p)``; the identity when ``training`` is False.

Args:
    input (Tensor): ``(N, C, L)`` or ``(C, L)``.
    p (float, optional): the drop probability. Default: ``0.5``.
    training (bool, optional): apply dropout. Default: ``True``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> F.dropout1d(ember.ones(1, 4, 2), p=0.5)
    tensor([[[0., 0.],
             [0., 0.],
             [2., 2.],
             [0., 0.]]])
    >>> F.dropout1d(ember.ones(1, 2, 2), training=False)
    tensor([[[1., 1.],
             [1., 1.]]])
""")

add_docstr(F.dropout2d, r"""dropout2d(input, p=0.5, training=True, inplace=False) -> Tensor

Zeroes whole ``(H, W)`` channel maps of a ``(N, C, H, W)`` (or ``(C, H, W)``) input, each with
probability ``p``, and scales the kept ones by ``1 / (1 - p)``; the identity when
``training`` is False.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    p (float, optional): the drop probability. Default: ``0.5``.
    training (bool, optional): apply dropout. Default: ``True``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> F.dropout2d(ember.ones(1, 4, 1, 1), p=0.5).flatten()
    tensor([0., 0., 2., 0.])
""")

add_docstr(F.dropout3d, r"""dropout3d(input, p=0.5, training=True, inplace=False) -> Tensor

Zeroes whole ``(D, H, W)`` channels of a ``(N, C, D, H, W)`` (or ``(C, D, H, W)``) input, each
with probability ``p``, and scales the kept ones by ``1 / (1 - p)``; the identity when
``training`` is False.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    p (float, optional): the drop probability. Default: ``0.5``.
    training (bool, optional): apply dropout. Default: ``True``.
    inplace (bool, optional): overwrite ``input``. Default: ``False``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> F.dropout3d(ember.ones(1, 4, 1, 1, 1), p=0.5).flatten()
    tensor([0., 0., 2., 0.])
""")

# ---------------------------------------------------------------- normalization

add_docstr(F.batch_norm, r"""batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05) -> Tensor

Normalizes each channel (dimension 1): ``(x - mean) / sqrt(var + eps) * weight + bias``. With
``training=True`` the statistics are the batch's (biased variance) and the running buffers,
if given, are updated in place with ``momentum`` (using the unbiased variance); otherwise the
running buffers are used.

Args:
    input (Tensor): ``(N, C, *)``.
    running_mean (Tensor or None): ``(C,)``.
    running_var (Tensor or None): ``(C,)``.
    weight (Tensor, optional): the per-channel scale ``(C,)``.
    bias (Tensor, optional): the per-channel shift ``(C,)``.
    training (bool, optional): use and track batch statistics. Default: ``False``.
    momentum (float, optional): the running-average factor. Default: ``0.1``.
    eps (float, optional): added to the variance. Default: ``1e-5``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> x = ember.tensor([[1.0], [3.0]])
    >>> mean, var = ember.zeros(1), ember.ones(1)
    >>> F.batch_norm(x, mean, var, training=True)
    tensor([[-1.0000],
            [ 1.0000]])
    >>> mean, var
    (tensor([0.2000]), tensor([1.1000]))
""")

add_docstr(F.instance_norm, r"""instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-05) -> Tensor

Normalizes each channel of each sample over its own spatial positions:
``(x - mean) / sqrt(var + eps)`` (biased variance), then the optional per-channel affine.

Args:
    input (Tensor): ``(N, C, *)``.
    running_mean (Tensor, optional): ``(C,)``, updated when ``use_input_stats``.
    running_var (Tensor, optional): ``(C,)``.
    weight (Tensor, optional): the per-channel scale ``(C,)``.
    bias (Tensor, optional): the per-channel shift ``(C,)``.
    use_input_stats (bool, optional): use each instance's statistics (else the running ones).
        Default: ``True``.
    momentum (float, optional): the running-average factor. Default: ``0.1``.
    eps (float, optional): added to the variance. Default: ``1e-5``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.instance_norm(ember.tensor([[[1.0, 3.0], [2.0, 6.0]]]))
    tensor([[[-1.0000,  1.0000],
             [-1.0000,  1.0000]]])
""")

add_docstr(F.layer_norm, r"""layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05) -> Tensor

Normalizes over the last ``len(normalized_shape)`` dimensions of each sample:
``(x - mean) / sqrt(var + eps) * weight + bias``, biased variance.

Args:
    input (Tensor): ``(*, normalized_shape)``.
    normalized_shape (list or ember.Size): the trailing shape to normalize over.
    weight (Tensor, optional): the scale, of ``normalized_shape``.
    bias (Tensor, optional): the shift, of ``normalized_shape``.
    eps (float, optional): added to the variance. Default: ``1e-5``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.layer_norm(ember.tensor([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]), (3,))
    tensor([[-1.2247,  0.0000,  1.2247],
            [ 0.0000,  0.0000,  0.0000]])
""")

add_docstr(F.group_norm, r"""group_norm(input, num_groups, weight=None, bias=None, eps=1e-05) -> Tensor

Splits the channels into ``num_groups`` groups and normalizes each sample's group over its
channels and positions, then applies the per-channel ``weight`` and ``bias``.

Args:
    input (Tensor): ``(N, C, *)``.
    num_groups (int): must divide ``C``.
    weight (Tensor, optional): the per-channel scale ``(C,)``.
    bias (Tensor, optional): the per-channel shift ``(C,)``.
    eps (float, optional): added to the variance. Default: ``1e-5``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.group_norm(ember.tensor([[1.0, 3.0, 0.0, 0.0]]), 2)
    tensor([[-1.0000,  1.0000,  0.0000,  0.0000]])
""")

add_docstr(F.rms_norm, r"""rms_norm(input, normalized_shape, weight=None, eps=None) -> Tensor

``x / sqrt(mean(x**2) + eps) * weight`` over the last ``len(normalized_shape)`` dimensions
(no mean subtraction, no bias).

Args:
    input (Tensor): ``(*, normalized_shape)``.
    normalized_shape (list or ember.Size): the trailing shape to normalize over.
    weight (Tensor, optional): the scale, of ``normalized_shape``.
    eps (float, optional): added inside the root; ``None`` uses ``ember.finfo(dtype).eps``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.rms_norm(ember.tensor([[1.0, 2.0], [3.0, -3.0]]), (2,))
    tensor([[ 0.6325,  1.2649],
            [ 1.0000, -1.0000]])
""")

add_docstr(F.local_response_norm, r"""local_response_norm(input, size, alpha=0.0001, beta=0.75, k=1.0) -> Tensor

Divides each value by ``(k + alpha / size * sum of squares of `size` neighbouring channels)
** beta`` (channels are dimension 1; the window is zero-padded at the ends).

Args:
    input (Tensor): ``(N, C, *)``, at least 3-D.
    size (int): the number of neighbouring channels.
    alpha (float, optional): the multiplicative factor. Default: ``1e-4``.
    beta (float, optional): the exponent. Default: ``0.75``.
    k (float, optional): the additive constant. Default: ``1``.

Returns:
    Tensor: shaped like ``input``.

Example::

    >>> F.local_response_norm(ember.tensor([[[1.0], [3.0]]]), size=2, alpha=2.0, beta=1.0)
    tensor([[[0.5000],
             [0.2727]]])
""")

# ---------------------------------------------------------------- sampling, folding, attention

add_docstr(F.interpolate, r"""interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False) -> Tensor

Resamples the spatial dimensions (everything after ``(N, C)``) to ``size`` or by
``scale_factor``. ``'nearest'`` copies the input pixel each output falls in; the linear modes
interpolate between neighbours. With ``align_corners=False`` (the default) pixels are treated
as areas and the output ignores the input's corner centres; with ``True`` the corner pixels'
centres line up exactly.

Args:
    input (Tensor): ``(N, C, W)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    size (int or tuple, optional): the output spatial size.
    scale_factor (float or tuple, optional): the spatial multiplier (give this or ``size``).
    mode (str, optional): ``'nearest'``, ``'nearest-exact'``, ``'linear'`` (3-D),
        ``'bilinear'`` / ``'bicubic'`` (4-D), ``'trilinear'`` (5-D) or ``'area'``.
        Default: ``'nearest'``.
    align_corners (bool, optional): for the linear and cubic modes. Default: ``False``.
    recompute_scale_factor (bool, optional): derive the scale from the computed size.
    antialias (bool, optional): low-pass filter when downsampling (bilinear, bicubic).

Returns:
    Tensor: the resampled tensor.

Example::

    >>> x = ember.tensor([[[0.0, 2.0]]])
    >>> F.interpolate(x, scale_factor=2)
    tensor([[[0., 0., 2., 2.]]])
    >>> F.interpolate(x, size=4, mode='linear')
    tensor([[[0.0000, 0.5000, 1.5000, 2.0000]]])
    >>> F.interpolate(x, size=3, mode='linear', align_corners=True)
    tensor([[[0., 1., 2.]]])
""")

add_docstr(F.upsample, r"""upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None) -> Tensor

Deprecated alias of ``F.interpolate`` (it warns); resamples the spatial dimensions to
``size`` or by ``scale_factor``.

Args:
    input (Tensor): ``(N, C, *spatial)``.
    size (int or tuple, optional): the output spatial size.
    scale_factor (float or tuple, optional): the spatial multiplier.
    mode (str, optional): as in ``F.interpolate``. Default: ``'nearest'``.
    align_corners (bool, optional): for the linear modes.

Returns:
    Tensor: the resampled tensor.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     y = F.upsample(ember.tensor([[[1.0, 2.0]]]), scale_factor=2)
    >>> y
    tensor([[[1., 1., 2., 2.]]])
""")

add_docstr(F.upsample_nearest, r"""upsample_nearest(input, size=None, scale_factor=None) -> Tensor

Deprecated: ``F.interpolate(input, size, scale_factor, mode='nearest')`` (it warns).

Args:
    input (Tensor): ``(N, C, *spatial)``.
    size (int or tuple, optional): the output spatial size.
    scale_factor (int or tuple, optional): the spatial multiplier.

Returns:
    Tensor: the upsampled tensor.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     y = F.upsample_nearest(ember.tensor([[[[1.0, 2.0]]]]), scale_factor=2)
    >>> y
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.]]]])
""")

add_docstr(F.upsample_bilinear, r"""upsample_bilinear(input, size=None, scale_factor=None) -> Tensor

Deprecated: ``F.interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)``
(it warns).

Args:
    input (Tensor): ``(N, C, H, W)``.
    size (int or tuple, optional): the output size.
    scale_factor (int or tuple, optional): the multiplier.

Returns:
    Tensor: the upsampled tensor.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     y = F.upsample_bilinear(ember.tensor([[[[0.0, 3.0]]]]), size=(1, 4))
    >>> y
    tensor([[[[0., 1., 2., 3.]]]])
""")

add_docstr(F.affine_grid, r"""affine_grid(theta, size, align_corners=None) -> Tensor

The sampling grid of an affine transform, for ``F.grid_sample``: output pixel ``(x, y)`` (in
normalized coordinates ``[-1, 1]``) samples the input at ``theta @ [x, y, 1]``. Differentiable
in ``theta`` (spatial transformer networks).

Args:
    theta (Tensor): ``(N, 2, 3)`` for 2-D or ``(N, 3, 4)`` for 3-D.
    size (ember.Size or list): the output size ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    align_corners (bool, optional): ``-1`` and ``1`` are the corner pixels' centres
        (``True``) or their outer edges (``False``, the default).

Returns:
    Tensor: ``(N, H, W, 2)`` or ``(N, D, H, W, 3)``.

Example::

    >>> identity = ember.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    >>> F.affine_grid(identity, [1, 1, 2, 2], align_corners=False)
    tensor([[[[-0.5000, -0.5000],
              [ 0.5000, -0.5000]],
    <BLANKLINE>
             [[-0.5000,  0.5000],
              [ 0.5000,  0.5000]]]])
""")

add_docstr(F.grid_sample, r"""grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None) -> Tensor

Samples ``input`` at the locations in ``grid``, given in normalized coordinates (``-1`` the
left/top edge, ``1`` the right/bottom; the last grid dimension is ``(x, y)``). Bilinear
sampling is differentiable in both the input and the grid.

Args:
    input (Tensor): ``(N, C, H, W)`` (or 5-D for volumes).
    grid (Tensor): ``(N, H_out, W_out, 2)`` (or ``(N, D, H, W, 3)``).
    mode (str, optional): ``'bilinear'``, ``'nearest'`` or ``'bicubic'``. Default:
        ``'bilinear'``.
    padding_mode (str, optional): outside points read ``'zeros'``, the ``'border'`` value or
        the ``'reflection'``. Default: ``'zeros'``.
    align_corners (bool, optional): as in ``F.affine_grid``. Default: ``False``.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

Example::

    >>> img = ember.tensor([[[[0.0, 10.0], [20.0, 30.0]]]])
    >>> grid = ember.tensor([[[[0.0, 0.0], [-1.0, -1.0]]]])
    >>> F.grid_sample(img, grid, align_corners=True)
    tensor([[[[15.,  0.]]]])
""")

add_docstr(F.unfold, r"""unfold(input, kernel_size, dilation=1, padding=0, stride=1) -> Tensor

Extracts sliding blocks as columns (im2col): column ``l`` of the result holds the
``C * kH * kW`` values of the ``l``-th block, blocks ordered row by row.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    kernel_size (int or tuple): the block size.
    dilation (int or tuple, optional): spacing of block elements. Default: ``1``.
    padding (int or tuple, optional): implicit zeros on both sides. Default: ``0``.
    stride (int or tuple, optional): the step between blocks. Default: ``1``.

Returns:
    Tensor: ``(N, C * kH * kW, L)``.

Example::

    >>> F.unfold(ember.arange(6.0).reshape(1, 1, 2, 3), kernel_size=(2, 2))
    tensor([[[0., 1.],
             [1., 2.],
             [3., 4.],
             [4., 5.]]])
""")

add_docstr(F.fold, r"""fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor

Sums columns of blocks back into an image (col2im), the adjoint of ``F.unfold``: overlapping
block values add up.

Args:
    input (Tensor): ``(N, C * kH * kW, L)`` or ``(C * kH * kW, L)``.
    output_size (int or tuple): the image size ``(H, W)``.
    kernel_size (int or tuple): the block size.
    dilation (int or tuple, optional): spacing of block elements. Default: ``1``.
    padding (int or tuple, optional): the padding removed from the result. Default: ``0``.
    stride (int or tuple, optional): the step between blocks. Default: ``1``.

Returns:
    Tensor: ``(N, C, H, W)``.

Example::

    >>> cols = F.unfold(ember.ones(1, 1, 2, 3), kernel_size=2)
    >>> F.fold(cols, output_size=(2, 3), kernel_size=2)
    tensor([[[[1., 2., 1.],
              [1., 2., 1.]]]])
""")

add_docstr(F.scaled_dot_product_attention, r"""scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False) -> Tensor

Attention over the last two dimensions:
``softmax(query @ key.transpose(-2, -1) * scale + bias) @ value`` with
``scale = 1 / sqrt(E)`` by default. A boolean mask keeps the positions marked True (others get
``-inf``); a float mask is added. ``is_causal`` masks out keys later than the query.

Args:
    query (Tensor): ``(N, ..., L, E)``.
    key (Tensor): ``(N, ..., S, E)``.
    value (Tensor): ``(N, ..., S, Ev)``.
    attn_mask (Tensor, optional): broadcastable to ``(N, ..., L, S)``.
    dropout_p (float, optional): dropout on the attention weights. Default: ``0``.
    is_causal (bool, optional): apply a lower-triangular mask (no ``attn_mask`` then).
    scale (float, optional): the logit scale. Default: ``1 / sqrt(E)``.
    enable_gqa (bool, optional): let key/value have fewer heads than query (grouped-query
        attention; the heads dimension is -3).

Returns:
    Tensor: ``(N, ..., L, Ev)``.

Example::

    >>> q = ember.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    >>> k = ember.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    >>> v = ember.tensor([[[1.0, 2.0], [3.0, 4.0]]])
    >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)
    tensor([[[1.0000, 2.0000],
             [2.3395, 3.3395]]])
    >>> F.scaled_dot_product_attention(q, k, v, scale=100.0)
    tensor([[[1., 2.],
             [3., 4.]]])
""")

add_docstr(F.multi_head_attention_forward, r"""multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training=True, key_padding_mask=None, need_weights=True, attn_mask=None, use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None, v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True, is_causal=False) -> (Tensor, Optional[Tensor])

The computation behind ``nn.MultiheadAttention`` with the weights passed explicitly: project
query, key and value with ``in_proj_weight`` (or the three separate weights), split into
``num_heads`` heads, apply scaled dot-product attention with the masks, concatenate and
apply the output projection.

Args:
    query (Tensor): ``(L, N, E)`` or ``(L, E)``.
    key (Tensor): ``(S, N, E)``.
    value (Tensor): ``(S, N, E)``.
    embed_dim_to_check (int): the expected ``E``.
    num_heads (int): the number of heads.
    in_proj_weight (Tensor): ``(3E, E)``; in_proj_bias (Tensor): ``(3E,)``.
    bias_k, bias_v (Tensor or None): a bias row appended to keys and values.
    add_zero_attn (bool): append a zero row to keys and values.
    dropout_p (float): dropout on the attention weights when ``training``.
    out_proj_weight (Tensor): ``(E, E)``; out_proj_bias (Tensor): ``(E,)``.
    training (bool, optional): apply dropout. Default: ``True``.
    key_padding_mask (Tensor, optional): ``(N, S)``, True marks padding.
    need_weights (bool, optional): also return the attention weights. Default: ``True``.
    attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``.
    use_separate_proj_weight (bool, optional): use the three separate projections.
    q_proj_weight, k_proj_weight, v_proj_weight (Tensor, optional): those projections.
    static_k, static_v (Tensor, optional): precomputed projected keys/values.
    average_attn_weights (bool, optional): average the weights over heads. Default: ``True``.
    is_causal (bool, optional): a hint that ``attn_mask`` is causal.

Returns:
    (Tensor, Tensor or None): the output ``(L, N, E)`` and the weights ``(N, L, S)``.

Example::

    >>> E = 4
    >>> x = ember.ones(3, 1, E)
    >>> out, w = F.multi_head_attention_forward(
    ...     x, x, x, E, 2, ember.eye(E).repeat(3, 1), ember.zeros(3 * E), None, None, False,
    ...     0.0, ember.eye(E), ember.zeros(E), training=False)
    >>> out.shape, w
    (ember.Size([3, 1, 4]), tensor([[[0.3333, 0.3333, 0.3333],
             [0.3333, 0.3333, 0.3333],
             [0.3333, 0.3333, 0.3333]]]))
""")


add_docstr(F.sigmoid, r"""sigmoid(input) -> Tensor

The logistic function ``1 / (1 + exp(-input))``, elementwise, with values in (0, 1). The same
as ``ember.sigmoid``; ``nn.Sigmoid`` is its module form.

Gradient: ``out * (1 - out)``, computed from the saved output.

Args:
    input (Tensor): a floating tensor.

Returns:
    Tensor: the result, same shape and dtype as ``input``.

Example::

    >>> F.sigmoid(ember.tensor([0., 2.]))
    tensor([0.5000, 0.8808])
""")

add_docstr(F.fractional_max_pool2d, r"""fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None) -> Tensor

Fractional max pooling of images (Graham, 2014): the output has a chosen size ``(H, W)`` that
need not divide the input's, and each output element is the maximum of a ``kernel_size``
window whose start is placed pseudo-randomly from one sample in ``[0, 1)`` per sample, channel
and spatial dimension. Samples are drawn with ``ember.rand`` on each call unless
``_random_samples`` fixes them. The gradient of each output goes to its maximum.

Args:
    input (Tensor): ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``.
    kernel_size (int or tuple): the window ``(kH, kW)``.
    output_size (int or tuple, optional): the output's ``(H, W)``; give this or
        ``output_ratio``.
    output_ratio (tuple, optional): the output size as fractions in ``(0, 1)`` of the input's.
    return_indices (bool, optional): also return each maximum's flat index within its
        ``H_in * W_in`` plane. Default: ``False``.
    _random_samples (Tensor, optional): fixed ``(N, C, 2)`` samples in ``[0, 1)``.

Returns:
    Tensor: ``(N, C, H, W)``, or the pair ``(output, indices)`` with ``return_indices``.

Example::

    >>> F.fractional_max_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2, output_size=2,
    ...                         return_indices=True,
    ...                         _random_samples=ember.tensor([[[0.5, 0.5]]]))
    (tensor([[[[ 5.,  7.],
              [13., 15.]]]]), tensor([[[[ 5,  7],
              [13, 15]]]]))
""")

add_docstr(F.fractional_max_pool3d, r"""fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None) -> Tensor

Fractional max pooling of volumes: as ``F.fractional_max_pool2d`` over the last three
dimensions, with an output of the chosen size ``(T, H, W)`` whose ``kernel_size`` windows are
placed pseudo-randomly from one sample in ``[0, 1)`` per sample, channel and spatial
dimension. The gradient of each output goes to its maximum.

Args:
    input (Tensor): ``(N, C, T_in, H_in, W_in)`` or ``(C, T_in, H_in, W_in)``.
    kernel_size (int or tuple): the window ``(kT, kH, kW)``.
    output_size (int or tuple, optional): the output's ``(T, H, W)``; give this or
        ``output_ratio``.
    output_ratio (tuple, optional): the output size as fractions in ``(0, 1)`` of the input's.
    return_indices (bool, optional): also return each maximum's flat index within its
        ``T_in * H_in * W_in`` volume. Default: ``False``.
    _random_samples (Tensor, optional): fixed ``(N, C, 3)`` samples in ``[0, 1)``.

Returns:
    Tensor: ``(N, C, T, H, W)``, or the pair ``(output, indices)`` with ``return_indices``.

Example::

    >>> out, idx = F.fractional_max_pool3d(
    ...     ember.arange(64.0).reshape(1, 1, 4, 4, 4), 2, output_size=2, return_indices=True,
    ...     _random_samples=ember.tensor([[[0.5, 0.5, 0.5]]]))
    >>> out.flatten()
    tensor([21., 23., 29., 31., 53., 55., 61., 63.])
    >>> idx.flatten()
    tensor([21, 23, 29, 31, 53, 55, 61, 63])
""")

add_docstr(F.lp_pool3d, r"""lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False) -> Tensor

The p-norm ``(sum x**p)**(1/p)`` of each ``kernel_size`` window over the last three
dimensions; ``p = 1`` sums each window.

Args:
    input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    norm_type (float): the power ``p``.
    kernel_size (int or tuple): the window ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step. Default: ``kernel_size``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Returns:
    Tensor: ``(N, C, D_out, H_out, W_out)``.

Example::

    >>> F.lp_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 2, 2)
    tensor([[[[[11.8322]]]]])
    >>> F.lp_pool3d(ember.ones(1, 1, 2, 2, 4), 1, 2)
    tensor([[[[[8., 8.]]]]])
""")
