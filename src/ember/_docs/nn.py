"""Docstrings for nn (attached on import; see ember._docs)."""
from __future__ import annotations

from ember import nn

from . import add_docstr

# ---------------------------------------------------------------- the most used layers, in full

add_docstr(nn.Linear, r"""Linear(in_features, out_features, bias=True, device=None, dtype=None)

The affine map ``y = x W^T + b`` over the last dimension of the input: every output feature
is a weighted sum of the input features plus a bias. The gradients are
``dL/dx = dL/dy W``, ``dL/dW = dL/dy^T x`` and ``dL/db`` the sum of ``dL/dy`` over the batch.

Args:
    in_features (int): the size of each input's last dimension.
    out_features (int): the size of each output's last dimension.
    bias (bool, optional): learn the additive bias ``b``. Default: ``True``.
    device, dtype (optional): where and in which floating dtype to create the parameters.

Shape:
    - Input: ``(*, in_features)``, any number of leading dimensions.
    - Output: ``(*, out_features)``.

Attributes:
    weight (Tensor): ``(out_features, in_features)``, uniform in ``(-1/sqrt(in), 1/sqrt(in))``
        (Kaiming-uniform with ``a = sqrt(5)``), so a seed gives torch's values.
    bias (Tensor): ``(out_features,)``, drawn from the same range.

Example::

    >>> _ = ember.manual_seed(0)
    >>> layer = nn.Linear(3, 2)
    >>> layer
    Linear(in_features=3, out_features=2, bias=True)
    >>> layer(ember.ones(4, 3)).shape
    ember.Size([4, 2])
    >>> layer.weight.shape, layer.bias.shape
    (ember.Size([2, 3]), ember.Size([2]))
    >>> with ember.no_grad():
    ...     _ = layer.weight.fill_(1.0)
    ...     _ = layer.bias.zero_()
    >>> layer(ember.tensor([[1.0, 2.0, 3.0]]))
    tensor([[6., 6.]], grad_fn=<AddmmBackward0>)
""")

add_docstr(nn.Conv1d, r"""Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)

1-D convolution (strictly, cross-correlation) over sequences: each output channel slides a
``(in_channels / groups, kernel_size)`` kernel along the length and sums the products, plus
a bias. The output length is
``floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1``.

Args:
    in_channels (int): channels of the input ``C_in``.
    out_channels (int): channels produced ``C_out``.
    kernel_size (int or tuple): the kernel length.
    stride (int or tuple, optional): the step between applications. Default: ``1``.
    padding (int, tuple or str, optional): added to both ends; ``'valid'`` (none) or
        ``'same'`` (output as long as the input; stride 1 only). Default: ``0``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    groups (int, optional): split the channels into independent groups; ``groups ==
        in_channels`` is a depthwise convolution. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or
        ``'circular'``. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``.
    - Output: ``(N, C_out, L_out)`` or ``(C_out, L_out)``.

Attributes:
    weight (Tensor): ``(C_out, C_in / groups, kernel_size)``, uniform in
        ``(-sqrt(k), sqrt(k))`` with ``k = groups / (C_in * kernel_size)``.
    bias (Tensor): ``(C_out,)``, drawn from the same range.

Example::

    >>> conv = nn.Conv1d(3, 8, kernel_size=3, padding=1)
    >>> conv(ember.zeros(2, 3, 5)).shape
    ember.Size([2, 8, 5])
    >>> smooth = nn.Conv1d(1, 1, kernel_size=2, bias=False)
    >>> with ember.no_grad():
    ...     _ = smooth.weight.fill_(0.5)
    >>> smooth(ember.tensor([[[1.0, 3.0, 5.0, 9.0]]]))
    tensor([[[2., 4., 7.]]], grad_fn=<ConvolutionBackward0>)
""")

add_docstr(nn.Conv2d, r"""Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)

2-D convolution (cross-correlation) over images: each output channel slides a
``(in_channels / groups, kH, kW)`` kernel over the height and width and sums the products,
plus a bias. Per spatial dimension the output size is
``floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1``.

Args:
    in_channels (int): channels of the input ``C_in``.
    out_channels (int): channels produced ``C_out``.
    kernel_size (int or tuple): the kernel size ``(kH, kW)``.
    stride (int or tuple, optional): the step between applications. Default: ``1``.
    padding (int, tuple or str, optional): added on every side; ``'valid'`` or ``'same'``.
        Default: ``0``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    groups (int, optional): independent channel groups (``in_channels`` for depthwise).
        Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or
        ``'circular'``. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``.
    - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)``.

Attributes:
    weight (Tensor): ``(C_out, C_in / groups, kH, kW)``, uniform in ``(-sqrt(k), sqrt(k))``
        with ``k = groups / (C_in * kH * kW)``.
    bias (Tensor): ``(C_out,)``, drawn from the same range.

Example::

    >>> conv = nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)
    >>> conv(ember.zeros(8, 3, 32, 32)).shape
    ember.Size([8, 16, 16, 16])
    >>> nn.Conv2d(3, 16, kernel_size=3, padding='same')(ember.zeros(1, 3, 7, 7)).shape
    ember.Size([1, 16, 7, 7])
    >>> conv.weight.shape
    ember.Size([16, 3, 3, 3])
""")

add_docstr(nn.Conv3d, r"""Conv3d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None)

3-D convolution (cross-correlation) over volumes or videos: each output channel slides a
``(in_channels / groups, kD, kH, kW)`` kernel over depth, height and width. Each of D, H, W
follows the output-size rule of ``Conv2d``.

Args:
    in_channels (int): channels of the input ``C_in``.
    out_channels (int): channels produced ``C_out``.
    kernel_size (int or tuple): the kernel size ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step between applications. Default: ``1``.
    padding (int, tuple or str, optional): added on every side; ``'valid'`` or ``'same'``.
        Default: ``0``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    groups (int, optional): independent channel groups. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or
        ``'circular'``. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``.
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or ``(C_out, D_out, H_out, W_out)``.

Attributes:
    weight (Tensor): ``(C_out, C_in / groups, kD, kH, kW)``, uniform in
        ``(-sqrt(k), sqrt(k))`` with ``k = groups / (C_in * kD * kH * kW)``.
    bias (Tensor): ``(C_out,)``.

Example::

    >>> conv = nn.Conv3d(2, 4, kernel_size=(1, 3, 3), padding=(0, 1, 1))
    >>> conv(ember.zeros(1, 2, 5, 8, 8)).shape
    ember.Size([1, 4, 5, 8, 8])
""")

add_docstr(nn.CrossEntropyLoss, r"""CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0)

The classification loss on raw scores (logits): ``log_softmax`` over the class dimension
followed by ``NLLLoss``. For a sample with logits ``x`` and true class ``y`` the loss is
``-x[y] + log(sum_c exp(x[c]))``; its gradient with respect to ``x`` is
``softmax(x) - one_hot(y)``. Targets may also be class probabilities shaped like the input
(loss ``-sum_c p[c] * log_softmax(x)[c]``). With class weights, ``'mean'`` divides by the
summed weights of the targets.

Args:
    weight (Tensor, optional): a rescaling weight per class, shape ``(C,)``.
    size_average, reduce: deprecated; use ``reduction``.
    ignore_index (int, optional): a target index that contributes nothing (class-index
        targets only). Default: ``-100``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    label_smoothing (float, optional): in ``[0, 1]``: the target becomes
        ``(1 - s) * target + s / C``. Default: ``0.0``.

Shape:
    - Input: ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)`` logits.
    - Target: ``(N,)``, ``()`` or ``(N, d1, ...)`` int64 class indices in ``[0, C)``, or
      probabilities shaped like the input.
    - Output: a scalar, or the target's shape (indices) with ``reduction='none'``.

Example::

    >>> loss = nn.CrossEntropyLoss()
    >>> logits = ember.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> loss(logits, ember.tensor([0, 2]))
    tensor(0.6691)
    >>> nn.CrossEntropyLoss(reduction='none', label_smoothing=0.1)(logits, ember.tensor([0, 2]))
    tensor([0.3729, 1.0986])
    >>> loss(logits, ember.tensor([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]]))
    tensor(0.6691)
""")

add_docstr(nn.MSELoss, r"""MSELoss(size_average=None, reduce=None, reduction='mean')

Mean squared error: ``(input - target)**2`` per element, averaged (or summed). Its gradient is
``2 * (input - target) / n`` for the mean over ``n`` elements.

Args:
    size_average, reduce: deprecated; use ``reduction``.
    reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.

Shape:
    - Input: any shape; Target: the same shape (broadcasting warns).
    - Output: a scalar, or the input's shape with ``reduction='none'``.

Example::

    >>> loss = nn.MSELoss()
    >>> loss(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 4.0]))
    tensor(2.)
    >>> nn.MSELoss(reduction='sum')(ember.tensor([1.0, 2.0]), ember.tensor([0.0, 0.0]))
    tensor(5.)
""")

add_docstr(nn.Dropout, r"""Dropout(p=0.5, inplace=False)

In training, zeroes each element independently with probability ``p`` and scales the kept
ones by ``1 / (1 - p)``, so the expected value is unchanged; in ``eval()`` it is the identity.
It keeps units from co-adapting. The gradient passes only through the kept elements (with
the same scale).

Args:
    p (float, optional): the probability of zeroing an element, in ``[0, 1]``. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> dropout = nn.Dropout(p=0.5)
    >>> x = ember.ones(8)
    >>> dropout.eval()(x)
    tensor([1., 1., 1., 1., 1., 1., 1., 1.])
    >>> _ = ember.manual_seed(0)
    >>> dropout.train()(x)
    tensor([0., 0., 2., 0., 0., 0., 2., 2.])
""")

add_docstr(nn.Embedding, r"""Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None)

A lookup table of ``num_embeddings`` learned vectors of size ``embedding_dim``: integer index
``i`` maps to row ``i`` of ``weight``. The gradient of a row is the sum of the output
gradients at the positions that looked it up.

Args:
    num_embeddings (int): the number of rows (the vocabulary size).
    embedding_dim (int): the size of each vector.
    padding_idx (int, optional): a row that starts at zero and receives no gradient (for
        padding tokens).
    max_norm (float, optional): looked-up rows with a larger norm are renormalized IN PLACE
        to this norm.
    norm_type (float, optional): the p of that norm. Default: ``2``.
    scale_grad_by_freq (bool, optional): divide each row's gradient by its frequency in the
        batch. Default: ``False``.
    sparse (bool, optional): make the weight's gradient a sparse COO tensor holding only the
        looked-up rows (for ``optim.SparseAdam`` or ``optim.SGD``). Default: ``False``.
    _weight, _freeze: internal, used by ``from_pretrained``.
    device, dtype (optional): where and in which dtype to create the weight.

Shape:
    - Input: int64 indices of any shape ``(*)``.
    - Output: ``(*, embedding_dim)``.

Attributes:
    weight (Tensor): ``(num_embeddings, embedding_dim)``, drawn from ``N(0, 1)``.

Example::

    >>> table = nn.Embedding(10, 3, padding_idx=0)
    >>> table(ember.tensor([[1, 2], [4, 9]])).shape
    ember.Size([2, 2, 3])
    >>> table(ember.tensor([0]))
    tensor([[0., 0., 0.]], grad_fn=<EmbeddingBackward0>)
    >>> pretrained = nn.Embedding.from_pretrained(ember.tensor([[1.0, 1.0], [2.0, 4.0]]))
    >>> pretrained(ember.tensor([1, 1, 0]))
    tensor([[2., 4.],
            [2., 4.],
            [1., 1.]])
""")

add_docstr(nn.Flatten, r"""Flatten(start_dim=1, end_dim=-1)

Merges the dimensions ``start_dim`` to ``end_dim`` into one, by default all but the batch
dimension, e.g. between convolutional and linear layers. A view when possible.

Args:
    start_dim (int, optional): the first dimension merged. Default: ``1``.
    end_dim (int, optional): the last dimension merged. Default: ``-1``.

Shape:
    - Input: ``(*, S_start, ..., S_end, *)``.
    - Output: ``(*, S_start * ... * S_end, *)``.

Example::

    >>> nn.Flatten()(ember.zeros(2, 3, 4, 5)).shape
    ember.Size([2, 60])
    >>> nn.Flatten(0, 1)(ember.zeros(2, 3, 4)).shape
    ember.Size([6, 4])
""")

add_docstr(nn.LayerNorm, r"""LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None)

Layer normalization: each sample is normalized over its trailing ``normalized_shape``
dimensions, ``y = (x - mean) / sqrt(var + eps) * weight + bias`` (biased variance), the same
in training and evaluation. The standard normalization of transformers.

Args:
    normalized_shape (int or list or ember.Size): the trailing shape to normalize over.
    eps (float, optional): added to the variance. Default: ``1e-5``.
    elementwise_affine (bool, optional): learn ``weight`` (and ``bias``) of
        ``normalized_shape``. Default: ``True``.
    bias (bool, optional): learn the bias when affine. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, *)`` ending in ``normalized_shape``.
    - Output: the same shape as the input.

Attributes:
    weight (Tensor): of ``normalized_shape``, ones at first.
    bias (Tensor): of ``normalized_shape``, zeros at first.

Example::

    >>> norm = nn.LayerNorm(4)
    >>> norm(ember.tensor([[1.0, 2.0, 3.0, 4.0]]))
    tensor([[-1.3416, -0.4472,  0.4472,  1.3416]],
           grad_fn=<NativeLayerNormBackward0>)
    >>> nn.LayerNorm([2, 2], elementwise_affine=False)(ember.tensor([[[0.0, 0.0], [2.0, 2.0]]]))
    tensor([[[-1.0000, -1.0000],
             [ 1.0000,  1.0000]]])
""")

add_docstr(nn.ReLU, r"""ReLU(inplace=False)

The rectified linear unit, ``max(0, x)`` elementwise. Its gradient is 1 where ``x > 0`` and
0 elsewhere (0 at ``x = 0`` too).

Args:
    inplace (bool, optional): overwrite the input instead of allocating the result.
        Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.ReLU()
    >>> m(ember.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    >>> x = ember.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    >>> m(x).sum().backward()
    >>> x.grad
    tensor([0., 0., 1.])
""")

add_docstr(nn.Sequential, r"""Sequential(*args)

A chain of modules applied in order: ``Sequential(a, b, c)(x) == c(b(a(x)))``. The modules
are registered as submodules named ``'0'``, ``'1'``, ... (or with the keys of an OrderedDict),
so their parameters belong to the Sequential. Indexing gives a module, slicing a new
Sequential; ``append``, ``extend``, ``insert`` and ``del`` edit it.

Args:
    args (Module): the modules in order, or a single OrderedDict of named modules.

Shape:
    - Input: what the first module accepts.
    - Output: what the last module returns.

Example::

    >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    >>> model(ember.zeros(2, 4)).shape
    ember.Size([2, 1])
    >>> model[1], len(model), model[:2]
    (ReLU(), 3, Sequential(
      (0): Linear(in_features=4, out_features=8, bias=True)
      (1): ReLU()
    ))
    >>> from collections import OrderedDict
    >>> named = nn.Sequential(OrderedDict([('hidden', nn.Linear(2, 2)), ('act', nn.Tanh())]))
    >>> [name for name, _ in named.named_parameters()]
    ['hidden.weight', 'hidden.bias']
""")
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

Args:
    (none): ``Tanhshrink()`` takes no constructor arguments.

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

Args:
    (none): ``LogSigmoid()`` takes no constructor arguments.

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

Args:
    (none): ``Sigmoid()`` takes no constructor arguments.

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

Args:
    (none): ``Tanh()`` takes no constructor arguments.

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

Args:
    (none): ``Softsign()`` takes no constructor arguments.

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

Args:
    (none): ``Softmax2d()`` takes no constructor arguments.

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
``log(target!)`` where ``target > 1``, a term that does not depend on the input.

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
clamped below at ``eps`` for stability; the clamp is invisible to autograd (the gradient is
computed as if ``var`` were the clamped value all along). ``full`` adds the constant
``0.5 * log(2 * pi)``.

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
    >>> pos, neg = ember.tensor([[1.0, 1.0]]), ember.tensor([[0.0, 1.0]])
    >>> nn.TripletMarginLoss(margin=1.0, eps=0.0)(a, pos, neg)
    tensor(1.4142)
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
    >>> pool(ember.tensor([[[1.0, 2.0, 2.0, 3.0]]]))
    tensor([[[2.2361, 3.6056]]])
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

    >>> pool = nn.LPPool2d(2, kernel_size=2)
    >>> pool(ember.arange(16.0).reshape(1, 1, 4, 4) / 4)
    tensor([[[[1.6202, 2.4749],
              [5.3502, 6.3344]]]])
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

# ---------------------------------------------------------------- normalization

add_docstr(nn.BatchNorm1d, r"""BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True)

Batch normalization over a 2-D or 3-D input: each channel ``c`` is normalized with the mean
and (biased) variance of its values over the batch (and length),
``y = (x - mean) / sqrt(var + eps) * weight + bias``.

In training the batch statistics are used and the running estimates updated as
``running = (1 - momentum) * running + momentum * batch`` (the running variance uses the
unbiased batch variance). In ``eval()`` the running estimates are used instead.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance for stability. Default: ``1e-5``.
    momentum (float, optional): the running-average factor; ``None`` gives a cumulative
        average. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``True``.
    track_running_stats (bool, optional): keep running estimates; when ``False`` batch
        statistics are used in eval mode too. Default: ``True``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C)`` or ``(N, C, L)``.
    - Output: the same shape as the input.

Attributes:
    weight (Tensor): ``(C,)``, initialised to ones. bias (Tensor): ``(C,)``, zeros.
    running_mean, running_var (Tensor): buffers ``(C,)``; num_batches_tracked (Tensor): a
        long scalar buffer.

Example::

    >>> bn = nn.BatchNorm1d(2)
    >>> bn(ember.tensor([[1.0, 10.0], [3.0, 30.0]]))
    tensor([[-1.0000, -1.0000],
            [ 1.0000,  1.0000]], grad_fn=<NativeBatchNormBackward0>)
    >>> bn.running_mean
    tensor([0.2000, 2.0000])
""")

add_docstr(nn.BatchNorm2d, r"""BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True)

Batch normalization over a 4-D input ``(N, C, H, W)``: each channel is normalized with the
mean and biased variance of its ``N * H * W`` values, then scaled and shifted,
``y = (x - mean) / sqrt(var + eps) * weight + bias``. Running estimates are updated in
training and used in ``eval()``, as in ``BatchNorm1d``.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance for stability. Default: ``1e-5``.
    momentum (float, optional): the running-average factor; ``None`` gives a cumulative
        average. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``True``.
    track_running_stats (bool, optional): keep running estimates. Default: ``True``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, H, W)``.
    - Output: the same shape as the input.

Attributes:
    weight, bias (Tensor): ``(C,)``, ones and zeros at first.
    running_mean, running_var (Tensor): buffers ``(C,)``.

Example::

    >>> bn = nn.BatchNorm2d(3)
    >>> x = ember.arange(24.0).reshape(2, 3, 2, 2)
    >>> y = bn(x)
    >>> y.mean(dim=(0, 2, 3)).abs().max() < 1e-6
    tensor(True)
    >>> bn.running_mean
    tensor([0.7500, 1.1500, 1.5500])
""")

add_docstr(nn.BatchNorm3d, r"""BatchNorm3d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True)

Batch normalization over a 5-D input ``(N, C, D, H, W)``: per channel, normalized with the
statistics of its ``N * D * H * W`` values, then scaled and shifted; running estimates as in
``BatchNorm1d``.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance for stability. Default: ``1e-5``.
    momentum (float, optional): the running-average factor. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``True``.
    track_running_stats (bool, optional): keep running estimates. Default: ``True``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, D, H, W)``.
    - Output: the same shape as the input.

Attributes:
    weight, bias (Tensor): ``(C,)``. running_mean, running_var (Tensor): buffers ``(C,)``.

Example::

    >>> bn = nn.BatchNorm3d(2).eval()
    >>> bn(ember.ones(1, 2, 1, 1, 2))
    tensor([[[[[1.0000, 1.0000]]],
    <BLANKLINE>
    <BLANKLINE>
             [[[1.0000, 1.0000]]]]], grad_fn=<NativeBatchNormBackward0>)
""")

add_docstr(nn.InstanceNorm1d, r"""InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None, *, bias=True)

Instance normalization: every sample's every channel is normalized over its own length,
``y = (x - mean) / sqrt(var + eps)`` (biased variance), with an optional learned per-channel
scale and shift. Unlike batch norm the statistics never mix samples.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance. Default: ``1e-5``.
    momentum (float, optional): the running-average factor when tracking. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``False``.
    track_running_stats (bool, optional): keep running estimates for eval. Default: ``False``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, L)`` or ``(C, L)``.
    - Output: the same shape as the input.

Example::

    >>> norm = nn.InstanceNorm1d(1)
    >>> norm(ember.tensor([[[1.0, 2.0, 3.0]]]))
    tensor([[[-1.2247,  0.0000,  1.2247]]])
""")

add_docstr(nn.InstanceNorm2d, r"""InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None, *, bias=True)

Instance normalization of images: each sample's each channel is normalized over its
``H * W`` values (biased variance), with an optional learned per-channel scale and shift.
Common in style transfer.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance. Default: ``1e-5``.
    momentum (float, optional): the running-average factor when tracking. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``False``.
    track_running_stats (bool, optional): keep running estimates for eval. Default: ``False``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
    - Output: the same shape as the input.

Example::

    >>> norm = nn.InstanceNorm2d(1)
    >>> norm(ember.tensor([[[[0.0, 2.0], [0.0, 2.0]]]]))
    tensor([[[[-1.0000,  1.0000],
              [-1.0000,  1.0000]]]])
""")

add_docstr(nn.InstanceNorm3d, r"""InstanceNorm3d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None, *, bias=True)

Instance normalization of volumes: each sample's each channel is normalized over its
``D * H * W`` values.

Args:
    num_features (int): the number of channels ``C``.
    eps (float, optional): added to the variance. Default: ``1e-5``.
    momentum (float, optional): the running-average factor when tracking. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``False``.
    track_running_stats (bool, optional): keep running estimates for eval. Default: ``False``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    - Output: the same shape as the input.

Example::

    >>> norm = nn.InstanceNorm3d(1)
    >>> norm(ember.tensor([0.0, 4.0]).reshape(1, 1, 2, 1, 1)).flatten()
    tensor([-1.0000,  1.0000])
""")

add_docstr(nn.GroupNorm, r"""GroupNorm(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None, *, bias=True)

Group normalization: the channels are split into ``num_groups`` groups and each sample's
group is normalized over its channels and spatial positions,
``y = (x - mean) / sqrt(var + eps) * weight + bias`` with a per-channel affine. Independent of
the batch size. ``num_groups=1`` normalizes like LayerNorm over ``(C, *)``;
``num_groups=C`` like InstanceNorm.

Args:
    num_groups (int): the number of groups; must divide ``num_channels``.
    num_channels (int): the number of channels ``C``.
    eps (float, optional): added to the variance. Default: ``1e-5``.
    affine (bool, optional): learn per-channel ``weight`` and ``bias``. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: ``(N, C, *)``.
    - Output: the same shape as the input.

Attributes:
    weight (Tensor): ``(C,)``, ones at first. bias (Tensor): ``(C,)``, zeros.

Example::

    >>> gn = nn.GroupNorm(2, 4)
    >>> gn(ember.tensor([[1.0, 3.0, 10.0, 30.0]]))
    tensor([[-1.0000,  1.0000, -1.0000,  1.0000]],
           grad_fn=<NativeGroupNormBackward0>)
""")

add_docstr(nn.RMSNorm, r"""RMSNorm(normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None)

Root-mean-square normalization over the last ``len(normalized_shape)`` dimensions:
``y = x / sqrt(mean(x**2) + eps) * weight``. Unlike LayerNorm it does not subtract the mean
and has no bias.

Args:
    normalized_shape (int or list or ember.Size): the trailing shape to normalize over.
    eps (float, optional): added inside the root; ``None`` uses ``ember.finfo(x.dtype).eps``.
    elementwise_affine (bool, optional): learn a ``weight`` of ``normalized_shape``.
        Default: ``True``.
    device, dtype (optional): where and in which dtype to create the weight.

Shape:
    - Input: ``(N, *)`` ending in ``normalized_shape``.
    - Output: the same shape as the input.

Attributes:
    weight (Tensor): of ``normalized_shape``, ones at first.

Example::

    >>> norm = nn.RMSNorm(2)
    >>> norm(ember.tensor([[3.0, 4.0], [1.0, -1.0]]))
    tensor([[ 0.8485,  1.1314],
            [ 1.0000, -1.0000]], grad_fn=<MulBackward0>)
""")

add_docstr(nn.LocalResponseNorm, r"""LocalResponseNorm(size, alpha=0.0001, beta=0.75, k=1.0)

Local response normalization across channels (as in AlexNet): each value is divided by
``(k + alpha / size * sum of squares over `size` neighbouring channels) ** beta``.

Args:
    size (int): how many neighbouring channels to sum over.
    alpha (float, optional): the multiplicative factor. Default: ``1e-4``.
    beta (float, optional): the exponent. Default: ``0.75``.
    k (float, optional): the additive constant. Default: ``1``.

Shape:
    - Input: ``(N, C, *)``.
    - Output: the same shape as the input.

Example::

    >>> lrn = nn.LocalResponseNorm(2, alpha=1.0, beta=1.0, k=1.0)
    >>> lrn(ember.tensor([[[2.0], [2.0]]]))
    tensor([[[0.6667],
             [0.4000]]])
""")

# ---------------------------------------------------------------- convolution and linear

add_docstr(nn.ConvTranspose1d, r"""ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None)

Transposed 1-D convolution (the gradient of ``Conv1d`` with respect to its input): each input
element scatters a scaled copy of the kernel into the output. Used to upsample, e.g. in
decoders. Output length:
``(L_in - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1``.

Args:
    in_channels (int): channels of the input.
    out_channels (int): channels of the output.
    kernel_size (int or tuple): the kernel length.
    stride (int or tuple, optional): the upsampling step. Default: ``1``.
    padding (int or tuple, optional): crops this much from each end of the output,
        undoing the padding of the matching ``Conv1d``. Default: ``0``.
    output_padding (int or tuple, optional): extra size added to one side, to pick among the
        input sizes a strided conv maps to the same output. Default: ``0``.
    groups (int, optional): blocked connections from input to output channels. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    padding_mode (str, optional): only ``'zeros'`` is supported. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``.
    - Output: ``(N, C_out, L_out)`` or ``(C_out, L_out)``.

Attributes:
    weight (Tensor): ``(C_in, C_out / groups, kernel_size)``, uniform in ``(-sqrt(k), sqrt(k))``
        with ``k = groups / (C_out * kernel_size)``.
    bias (Tensor): ``(C_out,)``, drawn likewise.

Example::

    >>> up = nn.ConvTranspose1d(1, 1, kernel_size=2, stride=2, bias=False)
    >>> with ember.no_grad():
    ...     _ = up.weight.fill_(1.0)
    >>> up(ember.tensor([[[1.0, 2.0, 3.0]]]))
    tensor([[[1., 1., 2., 2., 3., 3.]]], grad_fn=<ConvolutionBackward0>)
""")

add_docstr(nn.ConvTranspose2d, r"""ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None)

Transposed 2-D convolution (the input-gradient of ``Conv2d``), used to upsample feature maps.
Per spatial dimension the output size is
``(in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1``.

Args:
    in_channels (int): channels of the input.
    out_channels (int): channels of the output.
    kernel_size (int or tuple): the kernel size ``(kH, kW)``.
    stride (int or tuple, optional): the upsampling step. Default: ``1``.
    padding (int or tuple, optional): crops the output on each side. Default: ``0``.
    output_padding (int or tuple, optional): extra size on one side of each dimension.
        Default: ``0``.
    groups (int, optional): blocked connections from input to output channels. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    padding_mode (str, optional): only ``'zeros'`` is supported. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``.
    - Output: ``(N, C_out, H_out, W_out)`` or ``(C_out, H_out, W_out)``.

Attributes:
    weight (Tensor): ``(C_in, C_out / groups, kH, kW)``.
    bias (Tensor): ``(C_out,)``.

Example::

    >>> up = nn.ConvTranspose2d(16, 8, kernel_size=3, stride=2, padding=1)
    >>> x = ember.zeros(1, 16, 12, 12)
    >>> up(x).shape
    ember.Size([1, 8, 23, 23])
    >>> up(x, output_size=[24, 24]).shape
    ember.Size([1, 8, 24, 24])
""")

add_docstr(nn.ConvTranspose3d, r"""ConvTranspose3d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None)

Transposed 3-D convolution (the input-gradient of ``Conv3d``), upsampling volumes; each of
D, H, W follows the output-size rule of ``ConvTranspose2d``.

Args:
    in_channels (int): channels of the input.
    out_channels (int): channels of the output.
    kernel_size (int or tuple): the kernel size ``(kD, kH, kW)``.
    stride (int or tuple, optional): the upsampling step. Default: ``1``.
    padding (int or tuple, optional): crops the output on each side. Default: ``0``.
    output_padding (int or tuple, optional): extra size on one side. Default: ``0``.
    groups (int, optional): blocked connections from input to output channels. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    padding_mode (str, optional): only ``'zeros'`` is supported. Default: ``'zeros'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``.
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or ``(C_out, D_out, H_out, W_out)``.

Attributes:
    weight (Tensor): ``(C_in, C_out / groups, kD, kH, kW)``. bias (Tensor): ``(C_out,)``.

Example::

    >>> up = nn.ConvTranspose3d(2, 4, kernel_size=2, stride=2)
    >>> up(ember.zeros(1, 2, 3, 3, 3)).shape
    ember.Size([1, 4, 6, 6, 6])
""")

add_docstr(nn.Bilinear, r"""Bilinear(in1_features, in2_features, out_features, bias=True, device=None, dtype=None)

A bilinear map of two inputs: ``y_k = x1^T A_k x2 + b_k`` for each output feature ``k``.

Args:
    in1_features (int): the size of each ``x1``.
    in2_features (int): the size of each ``x2``.
    out_features (int): the size of each output.
    bias (bool, optional): learn an additive bias. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input1: ``(*, in1_features)``; Input2: ``(*, in2_features)`` with the same leading
      dimensions.
    - Output: ``(*, out_features)``.

Attributes:
    weight (Tensor): ``(out_features, in1_features, in2_features)``, uniform in
        ``(-1/sqrt(in1_features), 1/sqrt(in1_features))``.
    bias (Tensor): ``(out_features,)``, drawn likewise.

Example::

    >>> m = nn.Bilinear(3, 4, 5)
    >>> m(ember.zeros(8, 3), ember.zeros(8, 4)).shape
    ember.Size([8, 5])
""")

add_docstr(nn.LazyLinear, r"""LazyLinear(out_features, bias=True, device=None, dtype=None)

A ``Linear`` layer whose ``in_features`` is inferred from the first input: until then its
weight and bias are uninitialized parameters, and after the first call the module becomes a
plain ``Linear``.

Args:
    out_features (int): the size of each output.
    bias (bool, optional): learn an additive bias. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(*, H_in)``, any ``H_in``.
    - Output: ``(*, out_features)``.

Attributes:
    weight (Tensor): ``(out_features, in_features)`` once materialized.
    bias (Tensor): ``(out_features,)``.

Example::

    >>> m = nn.LazyLinear(2)
    >>> m(ember.zeros(4, 7)).shape
    ember.Size([4, 2])
    >>> m.weight.shape, type(m).__name__
    (ember.Size([2, 7]), 'Linear')
""")

add_docstr(nn.NonDynamicallyQuantizableLinear, r"""NonDynamicallyQuantizableLinear(in_features, out_features, bias=True, device=None, dtype=None)

A ``Linear`` layer under a separate class name: ``MultiheadAttention`` uses it for its output
projection so that tools which swap ``Linear`` layers leave that one alone. It computes
``y = x W^T + b`` exactly as ``Linear``.

Args:
    in_features (int): the size of each input.
    out_features (int): the size of each output.
    bias (bool, optional): learn an additive bias. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(*, in_features)``.
    - Output: ``(*, out_features)``.

Example::

    >>> attn = nn.MultiheadAttention(4, 2)
    >>> type(attn.out_proj).__name__, isinstance(attn.out_proj, nn.Linear)
    ('NonDynamicallyQuantizableLinear', True)
""")

add_docstr(nn.Identity, r"""Identity(*args, **kwargs)

Returns its input unchanged: a placeholder where an architecture expects a layer (e.g. to
strip a classifier head). Constructor arguments are accepted and ignored.

Args:
    args, kwargs: ignored.

Shape:
    - Input: any shape.
    - Output: the input itself.

Example::

    >>> m = nn.Identity(54, unused='argument')
    >>> x = ember.tensor([1.0, 2.0])
    >>> m(x) is x
    True
""")

add_docstr(nn.EmbeddingBag, r"""EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None, dtype=None)

Sums, averages or maxes bags of embeddings without materializing the per-index rows: each
bag (a row of a 2-D index tensor, or a slice of a 1-D one delimited by ``offsets``) becomes
one vector.

Args:
    num_embeddings (int): the size of the vocabulary.
    embedding_dim (int): the size of each vector.
    max_norm (float, optional): rows looked up are renormalized in place to at most this norm.
    norm_type (float, optional): the p of that norm. Default: ``2``.
    scale_grad_by_freq (bool, optional): divide gradients by index frequency in the batch.
    mode (str, optional): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
    sparse (bool, optional): produce a sparse gradient for the weight.
    include_last_offset (bool, optional): ``offsets`` has one extra entry, the end.
    padding_idx (int, optional): an index that contributes nothing to its bag.
    device, dtype (optional): where and in which dtype to create the weight.

Shape:
    - Input: ``(B, N)`` (B bags of N) or 1-D ``(M,)`` with ``offsets`` of shape ``(B,)``.
    - Output: ``(B, embedding_dim)``.

Attributes:
    weight (Tensor): ``(num_embeddings, embedding_dim)``, drawn from ``N(0, 1)``.

Example::

    >>> bag = nn.EmbeddingBag(4, 2, mode='sum')
    >>> with ember.no_grad():
    ...     _ = bag.weight.copy_(ember.arange(8.0).reshape(4, 2))
    >>> bag(ember.tensor([0, 1, 2, 3]), ember.tensor([0, 3]))
    tensor([[6., 9.],
            [6., 7.]], grad_fn=<EmbeddingBagBackward0>)
""")

# ---------------------------------------------------------------- dropout

add_docstr(nn.AlphaDropout, r"""AlphaDropout(p=0.5, inplace=False)

Dropout for self-normalizing (SELU) networks: dropped elements are set to SELU's negative
saturation value rather than 0, and the result is affinely rescaled so the mean and variance
of the input are kept. Identity in ``eval()``.

Args:
    p (float, optional): the probability of dropping an element. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: any shape.
    - Output: the same shape as the input.

Example::

    >>> m = nn.AlphaDropout(0.2)
    >>> x = ember.ones(4)
    >>> m.eval()(x)
    tensor([1., 1., 1., 1.])
""")

add_docstr(nn.FeatureAlphaDropout, r"""FeatureAlphaDropout(p=0.5, inplace=False)

``AlphaDropout`` applied to whole channels: each channel of each sample is either kept or
replaced entirely by SELU's saturation value, with the same affine correction. Identity in
``eval()``.

Args:
    p (float, optional): the probability of dropping a channel. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: ``(N, C, *)`` or ``(C, *)``.
    - Output: the same shape as the input.

Example::

    >>> m = nn.FeatureAlphaDropout(0.5).eval()
    >>> m(ember.ones(1, 2, 2))
    tensor([[[1., 1.],
             [1., 1.]]])
""")

add_docstr(nn.Dropout1d, r"""Dropout1d(p=0.5, inplace=False)

Channel dropout for 1-D feature maps: in training each channel of each sample is zeroed with
probability ``p`` (whole rows of length L at once) and the kept ones are scaled by
``1 / (1 - p)``. Identity in ``eval()``.

Args:
    p (float, optional): the probability of zeroing a channel. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: ``(N, C, L)`` or ``(C, L)``.
    - Output: the same shape as the input.

Example::

    >>> _ = ember.manual_seed(0)
    >>> m = nn.Dropout1d(0.5)
    >>> m(ember.ones(1, 4, 3))
    tensor([[[0., 0., 0.],
             [0., 0., 0.],
             [2., 2., 2.],
             [0., 0., 0.]]])
""")

add_docstr(nn.Dropout2d, r"""Dropout2d(p=0.5, inplace=False)

Channel dropout for images: in training each ``(H, W)`` channel map of each sample is zeroed
with probability ``p`` and the kept ones are scaled by ``1 / (1 - p)``. Adjacent pixels are
strongly correlated, so dropping whole channels regularizes better than single pixels.
Identity in ``eval()``.

Args:
    p (float, optional): the probability of zeroing a channel. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
    - Output: the same shape as the input.

Example::

    >>> _ = ember.manual_seed(0)
    >>> m = nn.Dropout2d(0.5)
    >>> m(ember.ones(1, 4, 1, 2)).flatten()
    tensor([0., 0., 0., 0., 2., 2., 0., 0.])
""")

add_docstr(nn.Dropout3d, r"""Dropout3d(p=0.5, inplace=False)

Channel dropout for volumes: in training each ``(D, H, W)`` channel of each sample is zeroed
with probability ``p`` and the kept ones are scaled by ``1 / (1 - p)``. Identity in
``eval()``.

Args:
    p (float, optional): the probability of zeroing a channel. Default: ``0.5``.
    inplace (bool, optional): overwrite the input. Default: ``False``.

Shape:
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Dropout3d(0.5).eval()
    >>> m(ember.ones(1, 2, 1, 1, 1)).flatten()
    tensor([1., 1.])
""")

# ---------------------------------------------------------------- recurrent

add_docstr(nn.RNNBase, r"""RNNBase(mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None)

The shared base of ``RNN``, ``LSTM`` and ``GRU``: it owns the per-layer, per-direction
weights (``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}``, with a
``_reverse`` suffix for the backward direction), initialises them uniformly in
``(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``, and runs the stacked, optionally
bidirectional loop. Construct the subclasses rather than this class.

Args:
    mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    num_layers (int, optional): how many recurrent layers are stacked. Default: ``1``.
    bias (bool, optional): use the bias vectors. Default: ``True``.
    batch_first (bool, optional): inputs and outputs are ``(N, L, *)``. Default: ``False``.
    dropout (float, optional): dropout between stacked layers in training. Default: ``0``.
    bidirectional (bool, optional): also run each layer backwards in time. Default: ``False``.
    proj_size (int, optional): LSTM only: project the hidden state to this size.
    device, dtype (optional): where and in which dtype to create the parameters.

Example::

    >>> rnn = nn.RNNBase('GRU', 3, 4, num_layers=2)
    >>> [name for name, _ in rnn.named_parameters()][:4]
    ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
""")

add_docstr(nn.RNN, r"""RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None)

An Elman recurrent network: for each time step ``t`` and layer,
``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (``relu`` with
``nonlinearity='relu'``). Layer ``k > 0`` takes layer ``k - 1``'s outputs as its input.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    num_layers (int, optional): how many layers are stacked. Default: ``1``.
    nonlinearity (str, optional): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
    bias (bool, optional): use ``b_ih`` and ``b_hh``. Default: ``True``.
    batch_first (bool, optional): input and output are ``(N, L, H)``. Default: ``False``.
    dropout (float, optional): dropout on each layer's output but the last. Default: ``0``.
    bidirectional (bool, optional): run each layer in both directions. Default: ``False``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(L, N, H_in)`` (``(N, L, H_in)`` with ``batch_first``) or ``(L, H_in)``.
    - h_0 (optional): ``(D * num_layers, N, H_out)``, zeros if omitted; ``D = 2`` if
      bidirectional else 1.
    - Output: ``(output, h_n)``: every step's last-layer state ``(L, N, D * H_out)`` and the
      final state of every layer ``(D * num_layers, N, H_out)``.

Attributes:
    weight_ih_l[k] (Tensor): ``(hidden_size, input_size)`` for ``k = 0``, else
        ``(hidden_size, D * hidden_size)``.
    weight_hh_l[k] (Tensor): ``(hidden_size, hidden_size)``.
    bias_ih_l[k], bias_hh_l[k] (Tensor): ``(hidden_size,)``.

Example::

    >>> rnn = nn.RNN(10, 20, num_layers=2)
    >>> x = ember.zeros(5, 3, 10)
    >>> output, h_n = rnn(x)
    >>> output.shape, h_n.shape
    (ember.Size([5, 3, 20]), ember.Size([2, 3, 20]))
""")

add_docstr(nn.LSTM, r"""LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None)

A long short-term memory network. At each step, with gates computed from ``x_t`` and
``h_{t-1}``: input ``i``, forget ``f``, output ``o`` (sigmoids) and candidate ``g`` (tanh),
the cell state is ``c_t = f * c_{t-1} + i * g`` and the hidden state ``h_t = o * tanh(c_t)``.
The additive cell path lets gradients flow over long sequences.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden (and cell) features.
    num_layers (int, optional): how many layers are stacked. Default: ``1``.
    bias (bool, optional): use the bias vectors. Default: ``True``.
    batch_first (bool, optional): input and output are ``(N, L, H)``. Default: ``False``.
    dropout (float, optional): dropout on each layer's output but the last. Default: ``0``.
    bidirectional (bool, optional): run each layer in both directions. Default: ``False``.
    proj_size (int, optional): if above 0, ``h_t`` is projected to this size. Default: ``0``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(L, N, H_in)`` (``(N, L, H_in)`` with ``batch_first``) or ``(L, H_in)``.
    - (h_0, c_0) (optional): ``(D * num_layers, N, H_out)`` and
      ``(D * num_layers, N, H_cell)``, zeros if omitted.
    - Output: ``(output, (h_n, c_n))``, ``output`` of shape ``(L, N, D * H_out)``.

Attributes:
    weight_ih_l[k] (Tensor): ``(4 * hidden_size, input_size)`` for ``k = 0``, the gates
        stacked in the order i, f, g, o.
    weight_hh_l[k] (Tensor): ``(4 * hidden_size, H_out)``.
    bias_ih_l[k], bias_hh_l[k] (Tensor): ``(4 * hidden_size,)``.
    weight_hr_l[k] (Tensor): ``(proj_size, hidden_size)`` when ``proj_size > 0``.

Example::

    >>> lstm = nn.LSTM(10, 20, batch_first=True, bidirectional=True)
    >>> output, (h_n, c_n) = lstm(ember.zeros(3, 5, 10))
    >>> output.shape, h_n.shape, c_n.shape
    (ember.Size([3, 5, 40]), ember.Size([2, 3, 20]), ember.Size([2, 3, 20]))
""")

add_docstr(nn.GRU, r"""GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None)

A gated recurrent unit network. At each step, with reset gate ``r`` and update gate ``z``
(sigmoids of affine maps of ``x_t`` and ``h_{t-1}``):
``n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))`` and
``h_t = (1 - z) * n + z * h_{t-1}``.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    num_layers (int, optional): how many layers are stacked. Default: ``1``.
    bias (bool, optional): use the bias vectors. Default: ``True``.
    batch_first (bool, optional): input and output are ``(N, L, H)``. Default: ``False``.
    dropout (float, optional): dropout on each layer's output but the last. Default: ``0``.
    bidirectional (bool, optional): run each layer in both directions. Default: ``False``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(L, N, H_in)`` (``(N, L, H_in)`` with ``batch_first``) or ``(L, H_in)``.
    - h_0 (optional): ``(D * num_layers, N, H_out)``, zeros if omitted.
    - Output: ``(output, h_n)``: ``(L, N, D * H_out)`` and ``(D * num_layers, N, H_out)``.

Attributes:
    weight_ih_l[k] (Tensor): ``(3 * hidden_size, input_size)`` for ``k = 0``, gates in the
        order r, z, n.
    weight_hh_l[k] (Tensor): ``(3 * hidden_size, hidden_size)``.
    bias_ih_l[k], bias_hh_l[k] (Tensor): ``(3 * hidden_size,)``.

Example::

    >>> gru = nn.GRU(4, 6, num_layers=2)
    >>> output, h_n = gru(ember.zeros(7, 2, 4))
    >>> output.shape, h_n.shape
    (ember.Size([7, 2, 6]), ember.Size([2, 2, 6]))
""")

add_docstr(nn.RNNCellBase, r"""RNNCellBase(input_size, hidden_size, bias, num_chunks, device=None, dtype=None)

The shared base of ``RNNCell``, ``LSTMCell`` and ``GRUCell``: it holds one step's weights,
``weight_ih`` of shape ``(num_chunks * hidden_size, input_size)``, ``weight_hh`` of shape
``(num_chunks * hidden_size, hidden_size)`` and the matching biases, all uniform in
``(-1/sqrt(hidden_size), 1/sqrt(hidden_size))``. Construct the subclasses rather than this
class.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    bias (bool): use ``bias_ih`` and ``bias_hh``.
    num_chunks (int): how many gate blocks are stacked (1 for RNN, 3 for GRU, 4 for LSTM).
    device, dtype (optional): where and in which dtype to create the parameters.

Example::

    >>> cell = nn.RNNCellBase(3, 5, True, 4)
    >>> cell.weight_ih.shape, cell.weight_hh.shape
    (ember.Size([20, 3]), ember.Size([20, 5]))
""")

add_docstr(nn.RNNCell, r"""RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None)

One step of an Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or ``relu``).
Loop over time yourself, feeding each step's output back in.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    bias (bool, optional): use the biases. Default: ``True``.
    nonlinearity (str, optional): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, H_in)`` or ``(H_in,)``.
    - Hidden (optional): ``(N, H_out)`` or ``(H_out,)``, zeros if omitted.
    - Output: ``(N, H_out)`` or ``(H_out,)``.

Attributes:
    weight_ih (Tensor): ``(hidden_size, input_size)``. weight_hh (Tensor):
        ``(hidden_size, hidden_size)``. bias_ih, bias_hh (Tensor): ``(hidden_size,)``.

Example::

    >>> cell = nn.RNNCell(10, 20)
    >>> h = ember.zeros(3, 20)
    >>> for x_t in ember.zeros(6, 3, 10):
    ...     h = cell(x_t, h)
    >>> h.shape
    ember.Size([3, 20])
""")

add_docstr(nn.LSTMCell, r"""LSTMCell(input_size, hidden_size, bias=True, device=None, dtype=None)

One step of an LSTM: from ``x``, ``h`` and ``c`` computes the gates i, f, g, o and returns
``(h', c')`` with ``c' = f * c + i * g`` and ``h' = o * tanh(c')``.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    bias (bool, optional): use the biases. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, H_in)`` or ``(H_in,)``.
    - (h, c) (optional): each ``(N, H_out)``, zeros if omitted.
    - Output: ``(h', c')``, each ``(N, H_out)``.

Attributes:
    weight_ih (Tensor): ``(4 * hidden_size, input_size)``. weight_hh (Tensor):
        ``(4 * hidden_size, hidden_size)``. bias_ih, bias_hh (Tensor): ``(4 * hidden_size,)``.

Example::

    >>> cell = nn.LSTMCell(10, 20)
    >>> h, c = cell(ember.zeros(3, 10))
    >>> h.shape, c.shape
    (ember.Size([3, 20]), ember.Size([3, 20]))
""")

add_docstr(nn.GRUCell, r"""GRUCell(input_size, hidden_size, bias=True, device=None, dtype=None)

One step of a GRU: from ``x`` and ``h`` computes the reset and update gates and returns
``h' = (1 - z) * n + z * h``.

Args:
    input_size (int): the number of input features.
    hidden_size (int): the number of hidden features.
    bias (bool, optional): use the biases. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, H_in)`` or ``(H_in,)``.
    - Hidden (optional): ``(N, H_out)``, zeros if omitted.
    - Output: ``(N, H_out)``.

Attributes:
    weight_ih (Tensor): ``(3 * hidden_size, input_size)``. weight_hh (Tensor):
        ``(3 * hidden_size, hidden_size)``. bias_ih, bias_hh (Tensor): ``(3 * hidden_size,)``.

Example::

    >>> cell = nn.GRUCell(4, 8)
    >>> cell(ember.zeros(2, 4)).shape
    ember.Size([2, 8])
""")

# ---------------------------------------------------------------- transformer

add_docstr(nn.TransformerEncoderLayer, r"""TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None)

One encoder block: multi-head self-attention, then a position-wise feed-forward network
``linear2(dropout(activation(linear1(x))))``, each wrapped in a residual connection and a
LayerNorm. Post-norm by default (``x = norm(x + sublayer(x))``); with ``norm_first`` the
norm comes first (``x = x + sublayer(norm(x))``), which trains more stably when deep.

Args:
    d_model (int): the feature size E.
    nhead (int): the number of attention heads; must divide ``d_model``.
    dim_feedforward (int, optional): the hidden size of the feed-forward net. Default: 2048.
    dropout (float, optional): the dropout probability. Default: ``0.1``.
    activation (str or Callable, optional): ``'relu'``, ``'gelu'`` or a callable.
        Default: relu.
    layer_norm_eps (float, optional): the LayerNorms' eps. Default: ``1e-5``.
    batch_first (bool, optional): input and output are ``(N, S, E)``. Default: ``False``.
    norm_first (bool, optional): pre-norm instead of post-norm. Default: ``False``.
    bias (bool, optional): biases in the linear layers and LayerNorms. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - src: ``(S, N, E)`` (``(N, S, E)`` with ``batch_first``) or ``(S, E)``.
    - Output: the same shape as ``src``.

Example::

    >>> layer = nn.TransformerEncoderLayer(d_model=16, nhead=4, batch_first=True)
    >>> layer(ember.zeros(2, 7, 16)).shape
    ember.Size([2, 7, 16])
""")

add_docstr(nn.TransformerEncoder, r"""TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True)

A stack of ``num_layers`` deep copies of ``encoder_layer`` applied in order (each copy has its
own parameters), followed by an optional final norm.

Args:
    encoder_layer (TransformerEncoderLayer): the block to copy.
    num_layers (int): how many copies are stacked.
    norm (Module, optional): applied to the last layer's output.
    enable_nested_tensor (bool, optional): torch's padding fast path; accepted for
        compatibility. Default: ``True``.
    mask_check (bool, optional): check the masks' layout for that fast path. Default: ``True``.

Shape:
    - src: ``(S, N, E)`` (``(N, S, E)`` when the layer is ``batch_first``).
    - mask (optional): ``(S, S)``; src_key_padding_mask (optional): ``(N, S)``, True where
      padded.
    - Output: the same shape as ``src``.

Example::

    >>> layer = nn.TransformerEncoderLayer(d_model=8, nhead=2)
    >>> encoder = nn.TransformerEncoder(layer, num_layers=3, enable_nested_tensor=False)
    >>> len(encoder.layers), encoder(ember.zeros(5, 2, 8)).shape
    (3, ember.Size([5, 2, 8]))
""")

add_docstr(nn.TransformerDecoderLayer, r"""TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None)

One decoder block: masked self-attention over the target, cross-attention from the target
to the encoder output (``memory``), then a position-wise feed-forward network; each sublayer
has a residual connection and a LayerNorm (post-norm, or pre-norm with ``norm_first``).

Args:
    d_model (int): the feature size E.
    nhead (int): the number of attention heads; must divide ``d_model``.
    dim_feedforward (int, optional): the hidden size of the feed-forward net. Default: 2048.
    dropout (float, optional): the dropout probability. Default: ``0.1``.
    activation (str or Callable, optional): ``'relu'``, ``'gelu'`` or a callable.
        Default: relu.
    layer_norm_eps (float, optional): the LayerNorms' eps. Default: ``1e-5``.
    batch_first (bool, optional): tensors are ``(N, T, E)``. Default: ``False``.
    norm_first (bool, optional): pre-norm instead of post-norm. Default: ``False``.
    bias (bool, optional): biases in the linear layers and LayerNorms. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - tgt: ``(T, N, E)``; memory: ``(S, N, E)`` (batch first with ``batch_first``).
    - Output: the same shape as ``tgt``.

Example::

    >>> layer = nn.TransformerDecoderLayer(d_model=16, nhead=4, batch_first=True)
    >>> tgt, memory = ember.zeros(2, 3, 16), ember.zeros(2, 9, 16)
    >>> layer(tgt, memory).shape
    ember.Size([2, 3, 16])
""")

add_docstr(nn.TransformerDecoder, r"""TransformerDecoder(decoder_layer, num_layers, norm=None)

A stack of ``num_layers`` deep copies of ``decoder_layer``; each attends to the same
``memory``. An optional norm is applied to the final output.

Args:
    decoder_layer (TransformerDecoderLayer): the block to copy.
    num_layers (int): how many copies are stacked.
    norm (Module, optional): applied to the last layer's output.

Shape:
    - tgt: ``(T, N, E)``; memory: ``(S, N, E)``; tgt_mask (optional): ``(T, T)``.
    - Output: the same shape as ``tgt``.

Example::

    >>> layer = nn.TransformerDecoderLayer(d_model=8, nhead=2)
    >>> decoder = nn.TransformerDecoder(layer, num_layers=2)
    >>> mask = nn.Transformer.generate_square_subsequent_mask(4)
    >>> decoder(ember.zeros(4, 1, 8), ember.zeros(6, 1, 8), tgt_mask=mask).shape
    ember.Size([4, 1, 8])
""")

add_docstr(nn.Transformer, r"""Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation=relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None)

The encoder-decoder model of "Attention Is All You Need": a ``TransformerEncoder`` reads the
source into ``memory`` and a ``TransformerDecoder`` attends to it while reading the target.
Both stacks end with a LayerNorm. Embeddings and positional encodings are the caller's.

Args:
    d_model (int, optional): the feature size E. Default: ``512``.
    nhead (int, optional): attention heads. Default: ``8``.
    num_encoder_layers (int, optional): encoder depth. Default: ``6``.
    num_decoder_layers (int, optional): decoder depth. Default: ``6``.
    dim_feedforward (int, optional): the feed-forward hidden size. Default: ``2048``.
    dropout (float, optional): the dropout probability. Default: ``0.1``.
    activation (str or Callable, optional): the feed-forward activation. Default: relu.
    custom_encoder, custom_decoder (Module, optional): replace the built stacks.
    layer_norm_eps (float, optional): the LayerNorms' eps. Default: ``1e-5``.
    batch_first (bool, optional): tensors are ``(N, seq, E)``. Default: ``False``.
    norm_first (bool, optional): pre-norm blocks. Default: ``False``.
    bias (bool, optional): biases in linear layers and norms. Default: ``True``.
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - src: ``(S, N, E)``; tgt: ``(T, N, E)`` (batch first with ``batch_first``).
    - src_mask ``(S, S)``, tgt_mask ``(T, T)``, key padding masks ``(N, S)`` / ``(N, T)``.
    - Output: ``(T, N, E)``.

Example::

    >>> model = nn.Transformer(d_model=16, nhead=2, num_encoder_layers=1,
    ...                        num_decoder_layers=1, dim_feedforward=32)
    >>> src, tgt = ember.zeros(10, 2, 16), ember.zeros(4, 2, 16)
    >>> model(src, tgt).shape
    ember.Size([4, 2, 16])
    >>> nn.Transformer.generate_square_subsequent_mask(3)
    tensor([[0., -inf, -inf],
            [0., 0., -inf],
            [0., 0., 0.]])
""")

# ---------------------------------------------------------------- containers and module

add_docstr(nn.Module, r"""Module(*args, **kwargs)

The base class of every layer and model. Subclass it, create the sub-layers and parameters
in ``__init__`` (after ``super().__init__()``) and write the computation in ``forward``;
call the module, not ``forward``, so hooks run.

Assigning a ``Parameter``, a ``Module`` or a ``Buffer`` as an attribute registers it: it then
appears in ``parameters()``, ``children()``, ``state_dict()``, moves with ``to()`` and shows in
the repr. Modules start in training mode; ``eval()`` switches layers such as Dropout and
BatchNorm to inference behaviour.

Args:
    args, kwargs: none are accepted by ``Module`` itself (passing any raises a TypeError);
        subclasses define their own.

Example::

    >>> class TwoLayer(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(4, 8)
    ...         self.out = nn.Linear(8, 1)
    ...     def forward(self, x):
    ...         return self.out(self.hidden(x).relu())
    >>> model = TwoLayer()
    >>> model(ember.zeros(5, 4)).shape
    ember.Size([5, 1])
    >>> [name for name, _ in model.named_parameters()]
    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    >>> sum(p.numel() for p in model.parameters())
    49
    >>> model
    TwoLayer(
      (hidden): Linear(in_features=4, out_features=8, bias=True)
      (out): Linear(in_features=8, out_features=1, bias=True)
    )
""")

add_docstr(nn.Container, r"""Container(**kwargs)

Deprecated: a Module that registers each keyword argument as a named submodule. It warns
with a FutureWarning; subclass ``Module`` (or use ``ModuleDict``) instead. It has no forward.

Args:
    kwargs (Module): the submodules, registered under their keyword names.

Example::

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter('ignore')
    ...     c = nn.Container(act=nn.ReLU())
    >>> c
    Container(
      (act): ReLU()
    )
""")

add_docstr(nn.ModuleList, r"""ModuleList(modules=None)

A list of modules whose entries are registered as submodules (named ``'0'``, ``'1'``, ...),
so their parameters are seen by ``parameters()``, ``to()`` and ``state_dict()``; a plain
Python list would hide them. It supports indexing, slicing, ``append``, ``extend``,
``insert`` and iteration, but has no ``forward``: you decide how to call the entries.

Args:
    modules (iterable, optional): the modules to add.

Example::

    >>> layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
    >>> layers.append(nn.ReLU())
    ModuleList(
      (0-2): 3 x Linear(in_features=4, out_features=4, bias=True)
      (3): ReLU()
    )
    >>> len(layers), len(list(layers.parameters()))
    (4, 6)
    >>> x = ember.zeros(2, 4)
    >>> for layer in layers:
    ...     x = layer(x)
    >>> x.shape
    ember.Size([2, 4])
""")

add_docstr(nn.ModuleDict, r"""ModuleDict(modules=None)

A dict of modules with string keys, each registered as a submodule under its key. It keeps
insertion order and supports ``[]``, ``in``, ``keys()``, ``items()``, ``values()``,
``update`` and ``pop``; it has no ``forward``.

Args:
    modules (Mapping or iterable of (str, Module), optional): the modules to add.

Example::

    >>> heads = nn.ModuleDict({'cls': nn.Linear(8, 3), 'box': nn.Linear(8, 4)})
    >>> feats = ember.zeros(2, 8)
    >>> {k: tuple(head(feats).shape) for k, head in heads.items()}
    {'cls': (2, 3), 'box': (2, 4)}
    >>> [name for name, _ in heads.named_parameters()]
    ['cls.weight', 'cls.bias', 'box.weight', 'box.bias']
""")

add_docstr(nn.ParameterList, r"""ParameterList(values=None)

A list of Parameters registered with the owning module under the names ``'0'``, ``'1'``, ...
Tensors appended are wrapped as Parameters (``requires_grad=True``).

Args:
    values (iterable, optional): the tensors or Parameters to add.

Example::

    >>> params = nn.ParameterList([ember.zeros(2), nn.Parameter(ember.ones(3))])
    >>> [type(p).__name__ for p in params]
    ['Parameter', 'Parameter']
    >>> [tuple(p.shape) for p in params.parameters()]
    [(2,), (3,)]
""")

add_docstr(nn.ParameterDict, r"""ParameterDict(parameters=None)

A dict of Parameters with string keys, registered with the owning module. Tensors inserted
are wrapped as Parameters. A plain ``dict`` given to the constructor is inserted in sorted key
order; an OrderedDict or another ParameterDict keeps its order.

Args:
    parameters (Mapping or iterable of (str, Tensor), optional): the entries to add.

Example::

    >>> pd = nn.ParameterDict({'scale': ember.ones(2), 'bias': ember.zeros(2)})
    >>> list(pd.keys())
    ['bias', 'scale']
    >>> pd['scale']
    Parameter containing:
    tensor([1., 1.], requires_grad=True)
""")

add_docstr(nn.Buffer, r"""Buffer(data=None, *, persistent=True)

Marks a tensor as a module buffer: assigned to a Module attribute it is registered like
``register_buffer`` would, so it moves with ``to()`` and (if ``persistent``) is saved in
``state_dict``, but it is not a parameter and gets no gradient from the optimizer.
``Buffer(t)`` returns a plain tensor sharing ``t``'s data.

Args:
    data (Tensor, optional): the buffer's value; an empty tensor if omitted.
    persistent (bool, optional): include it in ``state_dict``. Default: ``True``.

Example::

    >>> class Counter(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.steps = nn.Buffer(ember.zeros(()))
    ...         self.cache = nn.Buffer(ember.zeros(2), persistent=False)
    >>> m = Counter()
    >>> list(m.state_dict().keys()), [name for name, _ in m.named_buffers()]
    (['steps'], ['steps', 'cache'])
    >>> list(m.parameters())
    []
""")

# ---------------------------------------------------------------- misc layers

add_docstr(nn.CosineSimilarity, r"""CosineSimilarity(dim=1, eps=1e-08)

The cosine of the angle between ``x1`` and ``x2`` along ``dim``:
``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))`` after broadcasting, in ``[-1, 1]``.

Args:
    dim (int, optional): the dimension holding the vectors. Default: ``1``.
    eps (float, optional): the smallest norm used, avoiding division by zero. Default: ``1e-8``.

Shape:
    - Input1, Input2: broadcastable shapes with vectors along ``dim``.
    - Output: the broadcast shape without ``dim``.

Example::

    >>> cos = nn.CosineSimilarity(dim=1)
    >>> a = ember.tensor([[1.0, 0.0], [1.0, 1.0]])
    >>> b = ember.tensor([[0.0, 1.0], [2.0, 2.0]])
    >>> cos(a, b)
    tensor([0.0000, 1.0000])
""")

add_docstr(nn.PairwiseDistance, r"""PairwiseDistance(p=2.0, eps=1e-06, keepdim=False)

The p-norm distance between matching rows: ``||x1 - x2 + eps||_p`` over the last dimension
(``eps`` keeps the norm differentiable when the inputs are equal).

Args:
    p (float, optional): the norm degree. Default: ``2``.
    eps (float, optional): added to the difference. Default: ``1e-6``.
    keepdim (bool, optional): keep the reduced dimension with size 1. Default: ``False``.

Shape:
    - Input1, Input2: ``(N, D)`` or ``(D,)``, broadcastable.
    - Output: ``(N,)`` or ``()``, or ``(N, 1)`` with ``keepdim``.

Example::

    >>> dist = nn.PairwiseDistance(eps=0.0)
    >>> dist(ember.tensor([[0.0, 0.0], [1.0, 1.0]]), ember.tensor([[1.0, 2.0], [1.0, 1.0]]))
    tensor([2.2361, 0.0000])
    >>> nn.PairwiseDistance(p=1.0, eps=0.0)(ember.tensor([[0.0, 0.0]]), ember.tensor([[1.5, 2.0]]))
    tensor([3.5000])
""")

add_docstr(nn.PixelShuffle, r"""PixelShuffle(upscale_factor)

Rearranges channels into space: ``(*, C * r**2, H, W) -> (*, C, H * r, W * r)``, each group of
``r**2`` channels filling one ``r x r`` block. The efficient sub-pixel upsampling step.

Args:
    upscale_factor (int): the factor ``r``.

Shape:
    - Input: ``(*, C_in, H_in, W_in)`` with ``C_in`` divisible by ``r**2``.
    - Output: ``(*, C_in / r**2, H_in * r, W_in * r)``.

Example::

    >>> ps = nn.PixelShuffle(2)
    >>> ps(ember.arange(4.0).reshape(1, 4, 1, 1))
    tensor([[[[0., 1.],
              [2., 3.]]]])
""")

add_docstr(nn.PixelUnshuffle, r"""PixelUnshuffle(downscale_factor)

The inverse of ``PixelShuffle``: ``(*, C, H * r, W * r) -> (*, C * r**2, H, W)``, each
``r x r`` block becoming ``r**2`` channels.

Args:
    downscale_factor (int): the factor ``r``; must divide H and W.

Shape:
    - Input: ``(*, C_in, H_in, W_in)``.
    - Output: ``(*, C_in * r**2, H_in / r, W_in / r)``.

Example::

    >>> pu = nn.PixelUnshuffle(2)
    >>> pu(ember.arange(4.0).reshape(1, 1, 2, 2)).flatten()
    tensor([0., 1., 2., 3.])
""")

add_docstr(nn.ChannelShuffle, r"""ChannelShuffle(groups)

Interleaves channels across groups (as in ShuffleNet): the channels are viewed as
``(groups, C / groups)``, transposed and flattened back, so that the next grouped
convolution sees channels from every group.

Args:
    groups (int): the number of groups; must divide the channel count.

Shape:
    - Input: ``(N, C, *)``.
    - Output: the same shape as the input.

Example::

    >>> cs = nn.ChannelShuffle(2)
    >>> cs(ember.arange(4.0).reshape(1, 4, 1, 1)).flatten()
    tensor([0., 2., 1., 3.])
""")

add_docstr(nn.Unflatten, r"""Unflatten(dim, unflattened_size)

Expands one dimension into several: ``dim`` of size ``prod(unflattened_size)`` becomes the
dimensions ``unflattened_size``. The inverse of ``Flatten``.

Args:
    dim (int): the dimension to expand.
    unflattened_size (tuple or list or ember.Size): its new shape; may contain one ``-1``.

Shape:
    - Input: ``(*, S, *)`` with ``S`` at ``dim``.
    - Output: ``(*, U_1, ..., U_n, *)``.

Example::

    >>> m = nn.Unflatten(1, (2, 5))
    >>> m(ember.zeros(3, 10)).shape
    ember.Size([3, 2, 5])
""")

add_docstr(nn.Unfold, r"""Unfold(kernel_size, dilation=1, padding=0, stride=1)

Extracts every sliding ``kernel_size`` block of a batched image into a column (im2col): the
output column ``l`` holds the ``C * prod(kernel_size)`` values of block ``l``. A convolution
is then a matrix product with the flattened weight.

Args:
    kernel_size (int or tuple): the block size.
    dilation (int or tuple, optional): spacing between block elements. Default: ``1``.
    padding (int or tuple, optional): implicit zero padding on both sides. Default: ``0``.
    stride (int or tuple, optional): the step between blocks. Default: ``1``.

Shape:
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``.
    - Output: ``(N, C * prod(kernel_size), L)`` with ``L`` the number of blocks,
      ``prod over d of floor((size_d + 2 * padding - dilation * (k - 1) - 1) / stride + 1)``.

Example::

    >>> unfold = nn.Unfold(kernel_size=2)
    >>> unfold(ember.arange(9.0).reshape(1, 1, 3, 3))
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
""")

add_docstr(nn.Fold, r"""Fold(output_size, kernel_size, dilation=1, padding=0, stride=1)

The adjoint of ``Unfold`` (col2im): sums the columns back into an image of ``output_size``;
where blocks overlap their values add up.

Args:
    output_size (int or tuple): the spatial size ``(H, W)`` of the result.
    kernel_size (int or tuple): the block size.
    dilation (int or tuple, optional): spacing between block elements. Default: ``1``.
    padding (int or tuple, optional): the padding removed from the result. Default: ``0``.
    stride (int or tuple, optional): the step between blocks. Default: ``1``.

Shape:
    - Input: ``(N, C * prod(kernel_size), L)`` or ``(C * prod(kernel_size), L)``.
    - Output: ``(N, C, H, W)`` or ``(C, H, W)``.

Example::

    >>> fold = nn.Fold(output_size=(3, 3), kernel_size=2)
    >>> fold(ember.ones(1, 4, 4))
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
""")

add_docstr(nn.Upsample, r"""Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None)

Resizes 1-D, 2-D or 3-D spatial data (the dimensions after ``(N, C)``) to ``size`` or by
``scale_factor``, with the interpolation ``mode``. The module form of ``F.interpolate``.

Args:
    size (int or tuple, optional): the output spatial size.
    scale_factor (float or tuple, optional): the multiplier of the spatial size (give this or
        ``size``, not both).
    mode (str, optional): ``'nearest'``, ``'linear'``, ``'bilinear'``, ``'bicubic'``,
        ``'trilinear'`` or ``'nearest-exact'``. Default: ``'nearest'``.
    align_corners (bool, optional): for the linear modes, map the corner pixels' centres onto
        each other (``True``) or the corner edges (``False``, the default behaviour).
    recompute_scale_factor (bool, optional): compute the output size first and derive the
        scale used from it.

Shape:
    - Input: ``(N, C, W_in)``, ``(N, C, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``.
    - Output: the same with each spatial size ``floor(in * scale_factor)`` or ``size``.

Example::

    >>> up = nn.Upsample(scale_factor=2, mode='nearest')
    >>> up(ember.tensor([[[[1.0, 2.0]]]]))
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.]]]])
    >>> nn.Upsample(size=4, mode='linear', align_corners=True)(ember.tensor([[[0.0, 3.0]]]))
    tensor([[[0., 1., 2., 3.]]])
""")

add_docstr(nn.UpsamplingNearest2d, r"""UpsamplingNearest2d(size=None, scale_factor=None)

Nearest-neighbour 2-D upsampling: each output pixel copies the input pixel it falls in.
Equivalent to ``Upsample(..., mode='nearest')``; kept for old code.

Args:
    size (int or tuple, optional): the output size ``(H_out, W_out)``.
    scale_factor (float or tuple, optional): the multiplier of height and width.

Shape:
    - Input: ``(N, C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)``.

Example::

    >>> up = nn.UpsamplingNearest2d(scale_factor=2)
    >>> up(ember.tensor([[[[1.0, 2.0], [3.0, 4.0]]]]))
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.],
              [3., 3., 4., 4.],
              [3., 3., 4., 4.]]]])
""")

add_docstr(nn.UpsamplingBilinear2d, r"""UpsamplingBilinear2d(size=None, scale_factor=None)

Bilinear 2-D upsampling with ``align_corners=True``: the corner pixels keep their values and
everything between is linearly interpolated. Equivalent to
``Upsample(..., mode='bilinear', align_corners=True)``; kept for old code.

Args:
    size (int or tuple, optional): the output size ``(H_out, W_out)``.
    scale_factor (float or tuple, optional): the multiplier of height and width.

Shape:
    - Input: ``(N, C, H_in, W_in)``.
    - Output: ``(N, C, H_out, W_out)``.

Example::

    >>> up = nn.UpsamplingBilinear2d(size=(1, 3))
    >>> up(ember.tensor([[[[0.0, 4.0]]]]))
    tensor([[[[0., 2., 4.]]]])
""")

# ---------------------------------------------------------------- global module hooks

add_docstr(nn.register_module_forward_pre_hook, r"""register_module_forward_pre_hook(hook)

Registers a hook that runs before the ``forward`` of EVERY module, as
``hook(module, args)``; returning a value (a tuple, or a single value that is wrapped) replaces
the positional arguments. Global hooks run before the module's own pre-hooks. Meant for
debugging and profiling; torch exposes it as ``torch.nn.modules.module.register_module_forward_pre_hook``.

Args:
    hook (Callable): ``hook(module, args) -> None or modified args``.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> seen = []
    >>> handle = nn.register_module_forward_pre_hook(lambda m, args: seen.append(type(m).__name__))
    >>> _ = nn.Sequential(nn.Linear(2, 2), nn.ReLU())(ember.zeros(1, 2))
    >>> handle.remove()
    >>> seen
    ['Sequential', 'Linear', 'ReLU']
""")

add_docstr(nn.register_module_forward_hook, r"""register_module_forward_hook(hook, *, with_kwargs=False, always_call=False)

Registers a hook that runs after the ``forward`` of EVERY module, as
``hook(module, args, output)``; returning a value replaces the output. Global hooks run before
each module's own forward hooks. torch exposes it as
``torch.nn.modules.module.register_module_forward_hook``.

Args:
    hook (Callable): ``hook(module, args, output) -> None or modified output``.
    with_kwargs (bool, optional): torch only: pass the keyword arguments too (ember does not
        accept this argument yet). Default: ``False``.
    always_call (bool, optional): run the hook even when forward raised. Default: ``False``.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> shapes = []
    >>> hook = lambda m, args, out: shapes.append((type(m).__name__, tuple(out.shape)))
    >>> handle = nn.register_module_forward_hook(hook)
    >>> _ = nn.Sequential(nn.Linear(2, 3), nn.ReLU())(ember.zeros(1, 2))
    >>> handle.remove()
    >>> shapes
    [('Linear', (1, 3)), ('ReLU', (1, 3)), ('Sequential', (1, 3))]
""")

add_docstr(nn.register_module_full_backward_pre_hook, r"""register_module_full_backward_pre_hook(hook)

Registers a hook that runs for EVERY module when the gradients with respect to its outputs
have been computed, before the gradients of its inputs are, as
``hook(module, grad_output)``; returning a tuple replaces ``grad_output``. torch exposes it as
``torch.nn.modules.module.register_module_full_backward_pre_hook``.

Args:
    hook (Callable): ``hook(module, grad_output) -> None or modified grad_output``.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> grads = []
    >>> handle = nn.register_module_full_backward_pre_hook(lambda m, g: grads.append(g[0]))
    >>> x = ember.tensor([1.0, -1.0], requires_grad=True)
    >>> nn.ReLU()(x).sum().backward()
    >>> handle.remove()
    >>> grads
    [tensor([1., 1.])]
""")

add_docstr(nn.register_module_full_backward_hook, r"""register_module_full_backward_hook(hook)

Registers a hook that runs for EVERY module once the gradients with respect to its inputs are
computed, as ``hook(module, grad_input, grad_output)``; returning a tuple replaces
``grad_input``. torch exposes it as
``torch.nn.modules.module.register_module_full_backward_hook``.

Args:
    hook (Callable): ``hook(module, grad_input, grad_output) -> None or modified grad_input``.

Returns:
    RemovableHandle: call ``.remove()`` on it to unregister the hook.

Example::

    >>> seen = []
    >>> hook = lambda m, gin, gout: seen.append((gin[0], gout[0]))
    >>> handle = nn.register_module_full_backward_hook(hook)
    >>> x = ember.tensor([1.0, -1.0], requires_grad=True)
    >>> nn.ReLU()(x).sum().backward()
    >>> handle.remove()
    >>> seen
    [(tensor([1., 0.]), tensor([1., 1.]))]
""")

add_docstr(nn.FractionalMaxPool3d, r"""FractionalMaxPool3d(kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None)

Fractional max pooling of volumes (Graham, 2014): the output has a chosen size ``(T, H, W)``
that need not divide the input's, and each output element is the maximum of a
``kernel_size`` window whose start is placed pseudo-randomly, from one sample in ``[0, 1)`` per
sample, channel and spatial dimension. Fresh samples are drawn with ``ember.rand`` on every call
unless ``_random_samples`` fixes them. The gradient of each output goes to its maximum.

Args:
    kernel_size (int or tuple): the window ``(kT, kH, kW)``.
    output_size (int or tuple, optional): the output's ``(T, H, W)``; give this or
        ``output_ratio``.
    output_ratio (float or tuple, optional): the output size as a fraction in ``(0, 1)`` of the
        input size.
    return_indices (bool, optional): also return each maximum's flat index within its
        ``T * H * W`` volume. Default: ``False``.
    _random_samples (Tensor, optional): fixed ``(N, C, 3)`` samples in ``[0, 1)`` placing the
        windows.

Shape:
    - Input: ``(N, C, T_in, H_in, W_in)`` or ``(C, T_in, H_in, W_in)``.
    - Output: ``(N, C, T_out, H_out, W_out)`` or ``(C, T_out, H_out, W_out)``.

Example::

    >>> pool = nn.FractionalMaxPool3d(2, output_size=2,
    ...                               _random_samples=ember.tensor([[[0.5, 0.5, 0.5]]]))
    >>> pool(ember.arange(64.0).reshape(1, 1, 4, 4, 4))
    tensor([[[[[21., 23.],
               [29., 31.]],
    <BLANKLINE>
              [[53., 55.],
               [61., 63.]]]]])
""")

add_docstr(nn.LPPool3d, r"""LPPool3d(norm_type, kernel_size, stride=None, ceil_mode=False)

Power-average pooling over 3-D windows: the ``p``-norm ``(sum x**p)**(1/p)`` of each
``kernel_size`` window of the last three dimensions. ``p = 1`` is sum pooling and a large ``p``
approaches max pooling.

Args:
    norm_type (float): the power ``p``.
    kernel_size (int or tuple): the window size ``(kD, kH, kW)``.
    stride (int or tuple, optional): the step between windows. Default: ``kernel_size``.
    ceil_mode (bool, optional): round output sizes up. Default: ``False``.

Shape:
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``.
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``.

Example::

    >>> pool = nn.LPPool3d(2, kernel_size=2)
    >>> pool(ember.arange(16.0).reshape(1, 1, 2, 2, 4) / 4)
    tensor([[[[[5.5902, 6.8007]]]]])
""")



def _lazy_norm_doc(kind, dims, what, x_shape, shapes):
    """The docstring of ``Lazy{kind}{dims}d``: ``num_features`` inferred, shapes shown."""
    name = f"{kind}{dims}d"
    article = "An" if kind == "InstanceNorm" else "A"
    defaults = ("" if kind == "BatchNorm" else
                f"\nUnlike ``{name}``, ``affine`` and ``track_running_stats`` default to ``True``.")
    return rf"""Lazy{name}(eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *, bias=True)

{article} ``{name}`` whose ``num_features`` ``C`` is read from the channel dimension of the first
input. Until that call ``weight``, ``bias`` and the running buffers are uninitialized
placeholders; the first forward gives them shape ``(C,)`` and turns the module into a plain
``{name}``, which {what}.{defaults}

Args:
    eps (float, optional): added to the variance for stability. Default: ``1e-5``.
    momentum (float, optional): the running-average factor. Default: ``0.1``.
    affine (bool, optional): learn ``weight`` and ``bias``. Default: ``True``.
    track_running_stats (bool, optional): keep running estimates. Default: ``True``.
    device, dtype (optional): where and in which dtype to create parameters and buffers.
    bias (bool, optional): learn the shift when ``affine``. Default: ``True``.

Shape:
    - Input: {shapes}, any ``C``.
    - Output: the same shape as the input.

Example::

    >>> m = nn.Lazy{name}()
    >>> m.weight, m.running_mean
    (<UninitializedParameter>, <UninitializedBuffer>)
    >>> m(ember.zeros({x_shape})).shape
    ember.Size([{x_shape}])
    >>> m.weight.shape, m.running_mean.shape, type(m).__name__
    (ember.Size([3]), ember.Size([3]), '{name}')
"""


_BATCH = ("normalizes each channel with its mean and variance over the batch and\npositions "
          "and keeps running estimates for ``eval()``")
_INSTANCE = "normalizes each sample's each channel with its own mean and variance"
for _dims, _x, _batch_shapes, _instance_shapes in (
        (1, "2, 3, 5", "``(N, C)`` or ``(N, C, L)``", "``(N, C, L)`` or ``(C, L)``"),
        (2, "2, 3, 4, 4", "``(N, C, H, W)``", "``(N, C, H, W)`` or ``(C, H, W)``"),
        (3, "2, 3, 2, 2, 2", "``(N, C, D, H, W)``", "``(N, C, D, H, W)`` or ``(C, D, H, W)``")):
    add_docstr(getattr(nn, f"LazyBatchNorm{_dims}d"),
               _lazy_norm_doc("BatchNorm", _dims, _BATCH, _x, _batch_shapes))
    add_docstr(getattr(nn, f"LazyInstanceNorm{_dims}d"),
               _lazy_norm_doc("InstanceNorm", _dims, _INSTANCE, _x,
                              _instance_shapes))


_CONV_ARGS = """    padding (int, tuple or str, optional): zeros added to each side, or ``'valid'`` /
        ``'same'``. Default: ``0``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    groups (int, optional): split the channels into independent groups. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    padding_mode (str, optional): ``'zeros'``, ``'reflect'``, ``'replicate'`` or
        ``'circular'``. Default: ``'zeros'``."""
_CONV_TRANSPOSE_ARGS = """    padding (int or tuple, optional): cropped from each side of the output. Default: ``0``.
    output_padding (int or tuple, optional): extra size added to one side of the output.
        Default: ``0``.
    groups (int, optional): blocked connections between channels. Default: ``1``.
    bias (bool, optional): learn a bias per output channel. Default: ``True``.
    dilation (int or tuple, optional): the spacing between kernel elements. Default: ``1``.
    padding_mode (str, optional): only ``'zeros'`` is supported. Default: ``'zeros'``."""


def _lazy_conv_doc(kind, dims, spatial, x_shape, y_shape, weight_shape):
    """The docstring of ``Lazy{kind}{dims}d``: ``in_channels`` inferred, shapes shown."""
    name = f"{kind}{dims}d"
    if kind == "Conv":
        signature = "stride=1, padding=0, dilation=1, groups=1, bias=True"
        layout, args = "(out_channels, in_channels / groups, *kernel_size)", _CONV_ARGS
    else:
        signature = "stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1"
        layout, args = "(in_channels, out_channels / groups, *kernel_size)", _CONV_TRANSPOSE_ARGS
    out_spatial = ", ".join(f"{d}_out" for d in spatial.split(", "))
    return rf"""Lazy{name}(out_channels, kernel_size, {signature}, padding_mode='zeros', device=None, dtype=None)

A ``{name}`` whose ``in_channels`` is read from the first input (dim 1, or dim 0 when
unbatched). Until that call ``weight`` and ``bias`` are uninitialized placeholders; the first
forward creates them, with ``weight`` shaped ``{layout}``,
initializes them as ``{name}`` does and turns the module into a plain ``{name}``.

Args:
    out_channels (int): channels produced.
    kernel_size (int or tuple): the kernel size over ``({spatial})``.
    stride (int or tuple, optional): the step between applications. Default: ``1``.
{args}
    device, dtype (optional): where and in which dtype to create the parameters.

Shape:
    - Input: ``(N, C_in, {spatial})`` or ``(C_in, {spatial})``, any ``C_in``.
    - Output: ``(N, out_channels, {out_spatial})``, sized as by ``{name}``.

Example::

    >>> m = nn.Lazy{name}(4, 3)
    >>> m.weight, m.bias
    (<UninitializedParameter>, <UninitializedParameter>)
    >>> m(ember.zeros({x_shape})).shape
    ember.Size([{y_shape}])
    >>> m.weight.shape, m.bias.shape, type(m).__name__
    (ember.Size([{weight_shape}]), ember.Size([4]), '{name}')
"""


for _args in (("Conv", 1, "L", "1, 3, 10", "1, 4, 8", "4, 3, 3"),
              ("Conv", 2, "H, W", "1, 3, 8, 8", "1, 4, 6, 6", "4, 3, 3, 3"),
              ("Conv", 3, "D, H, W", "1, 3, 4, 4, 4", "1, 4, 2, 2, 2", "4, 3, 3, 3, 3"),
              ("ConvTranspose", 1, "L", "1, 3, 10", "1, 4, 12", "3, 4, 3"),
              ("ConvTranspose", 2, "H, W", "1, 3, 8, 8", "1, 4, 10, 10", "3, 4, 3, 3"),
              ("ConvTranspose", 3, "D, H, W", "1, 3, 4, 4, 4", "1, 4, 6, 6, 6", "3, 4, 3, 3, 3")):
    add_docstr(getattr(nn, f"Lazy{_args[0]}{_args[1]}d"), _lazy_conv_doc(*_args))


add_docstr(nn.AdaptiveLogSoftmaxWithLoss, r"""AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None)

The adaptive softmax of Grave et al. (2016), for classifiers over many classes with skewed
frequencies (word-level language models). The classes are split at ``cutoffs`` into a
shortlist ``[0, cutoffs[0])`` and clusters ``[cutoffs[i], cutoffs[i+1])``. The head, a linear
layer with ``cutoffs[0] + len(cutoffs)`` outputs, scores the shortlist's classes and one entry
per cluster; cluster ``i`` has its own two-layer tail ``in_features -> in_features //
div_value**(i+1) -> cluster size``. Then

``log p(c | x) = log_softmax(head(x))[c]`` for a shortlist class, and
``log p(c | x) = log_softmax(head(x))[cluster] + log_softmax(tail_i(x))[c - cutoffs[i]]``
for a class in cluster ``i``,

so a batch only pays for the clusters its targets fall in. ``forward(input, target)``
returns the named tuple ``(output, loss)``: each row's ``log p(target | x)`` and the mean of
its negation; ``log_prob(input)`` returns every class's log-probability and ``predict(input)``
the most likely class. The parameters and their state_dict keys (``head.weight``,
``tail.0.0.weight``, ...) are PyTorch's, so checkpoints load either way.

Args:
    in_features (int): the size of each input row.
    n_classes (int): the number of classes.
    cutoffs (Sequence[int]): increasing, unique class indices in ``[1, n_classes - 1]`` where
        the clusters start.
    div_value (float, optional): the factor by which each cluster's projection narrows.
        Default: ``4.0``.
    head_bias (bool, optional): give the head a bias. Default: ``False``.
    device, dtype (optional): where and in which floating dtype to create the parameters.

Shape:
    - input: ``(N, in_features)`` or ``(in_features,)``; target: ``(N,)`` or ``()``, values in
      ``[0, n_classes)``.
    - output: ``(N,)`` or ``()``; loss: a scalar.

Example::

    >>> _ = ember.manual_seed(0)
    >>> asm = nn.AdaptiveLogSoftmaxWithLoss(8, 10, cutoffs=[4, 7], div_value=2.0)
    >>> [name for name, _ in asm.named_parameters()]
    ['head.weight', 'tail.0.0.weight', 'tail.0.1.weight', 'tail.1.0.weight', 'tail.1.1.weight']
    >>> x = ember.randn(3, 8)
    >>> result = asm(x, ember.tensor([1, 5, 9]))
    >>> result.output.shape, result.loss.shape
    (ember.Size([3]), ember.Size([]))
    >>> asm.log_prob(x).exp().sum(dim=1)
    tensor([1.0000, 1.0000, 1.0000], grad_fn=<SumBackward1>)
    >>> asm.predict(x).shape
    ember.Size([3])
""")


add_docstr(nn.DataParallel, r"""DataParallel(module, device_ids=None, output_device=None, dim=0)

Data parallelism in one process: each ``forward`` splits the batch along ``dim`` into one
chunk per device in ``device_ids``, runs a replica of ``module`` on each (the replicas'
parameters are differentiable copies of the module's, so ``backward`` sums every chunk's
gradient into the module's own ``.grad``), and concatenates the outputs on
``output_device``. The result equals ``module(input)`` on the whole batch, except for layers
that mix rows (batch-norm statistics are per chunk, as in torch).

Without a CUDA device it wraps ``module`` and calls it unchanged (``device_ids`` is ``[]``),
as torch's does on such a machine. Either way the wrapper's state_dict keys carry the
``module.`` prefix; ``model.module`` is the wrapped module (save its state_dict for a
checkpoint without the prefix).

Args:
    module (Module): the module to parallelise; on ``device_ids[0]`` when there are devices.
    device_ids (list of int or device, optional): the CUDA devices (default: all).
    output_device (int or device, optional): where outputs are gathered (default:
        ``device_ids[0]``; ``-1`` for the CPU).
    dim (int, optional): the batch dimension. Default: ``0``.

Example::

    >>> _ = ember.manual_seed(0)
    >>> model = nn.DataParallel(nn.Linear(3, 2))
    >>> model
    DataParallel(
      (module): Linear(in_features=3, out_features=2, bias=True)
    )
    >>> list(model.state_dict())
    ['module.weight', 'module.bias']
    >>> model(ember.ones(4, 3)).shape
    ember.Size([4, 2])
""")
