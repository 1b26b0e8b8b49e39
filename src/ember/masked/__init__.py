"""ember.masked: reductions and normalizations over the elements a boolean mask selects.

``ember.masked.sum(x, dim, mask=m)`` reduces only where ``m`` (broadcast to ``x``'s shape) is
True: each masked-out element is first replaced by the operation's identity (0 for sums,
1 for products, -inf for maxima and softmax, +inf for minima, NaN for the median), then the
ordinary operation runs, so gradients are zero at masked-out elements. Means, variances and
norms count only the selected elements; a reduction over nothing gives what its identity
gives (a mean of nothing is NaN, a max of nothing -inf). ``mask=None`` selects everything.
``MaskedTensor`` is not provided.
"""
from __future__ import annotations

import math

__all__ = ["amax", "amin", "argmax", "argmin", "cumprod", "cumsum", "log_softmax", "logaddexp",
           "logsumexp", "mean", "median", "norm", "normalize", "prod", "softmax", "softmin",
           "std", "sum", "var"]


def _ember():
    import ember
    return ember


def _prepared(input, mask, dtype):
    """``input`` in ``dtype`` and the mask broadcast to its shape (None: everything)."""
    ember = _ember()
    if dtype is not None:
        input = input.to(dtype)
    if mask is None:
        return input, None
    if not isinstance(mask, ember.Tensor):
        mask = ember.tensor(mask)
    return input, mask.to(ember.bool).expand(input.shape)


def _filled(input, mask, fill):
    """``input`` with every masked-out element replaced by ``fill``."""
    if mask is None:
        return input
    ember = _ember()
    return ember.where(mask, input, ember.tensor(fill, dtype=input.dtype, device=input.device))


def _extreme(dtype, largest):
    """+-inf for floating dtypes, the integer range's end for integers."""
    ember = _ember()
    if dtype.is_floating_point or dtype.is_complex:
        return math.inf if largest else -math.inf
    info = ember.iinfo(dtype)
    return info.max if largest else info.min


def _dims(input, dim):
    if dim is None:
        return tuple(range(input.dim()))
    return (dim,) if isinstance(dim, int) else tuple(dim)


def sum(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The sum of the selected elements over ``dim`` (all dims when None).

    Args:
        input: the tensor.
        dim: a dim or tuple of dims.
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input`` (True: selected).

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> mask = ember.tensor([[True, False, True], [False, False, True]])
        >>> ember.masked.sum(x, 1, mask=mask)
        tensor([4., 6.])
    """
    input, mask = _prepared(input, mask, dtype)
    return _filled(input, mask, 0).sum(_dims(input, dim), keepdim=bool(keepdim))


def prod(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The product of the selected elements over ``dim`` (all dims when None).

    Args:
        input: the tensor.
        dim: a dim (or None for all).
        keepdim: keep the reduced dim with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.prod(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([ 3., 24.])
    """
    input, mask = _prepared(input, mask, dtype)
    filled = _filled(input, mask, 1)
    if dim is None:
        out = filled.reshape(-1).prod(0)
        return out.reshape((1,) * input.dim()) if keepdim else out
    out = filled
    for d in sorted((d % max(input.dim(), 1) for d in _dims(input, dim)), reverse=True):
        out = out.prod(d, keepdim=bool(keepdim))
    return out


def amax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The largest selected element over ``dim`` (-inf where nothing is selected).

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.amax(x, 1, mask=ember.tensor([[True, True, False]]))
        tensor([2., 5.])
    """
    input, mask = _prepared(input, mask, dtype)
    filled = _filled(input, mask, _extreme(input.dtype, largest=False))
    return filled.amax(_dims(input, dim), keepdim=bool(keepdim))


def amin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The smallest selected element over ``dim`` (+inf where nothing is selected).

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.amin(x, 1, mask=ember.tensor([[False, True, True]]))
        tensor([2., 5.])
    """
    input, mask = _prepared(input, mask, dtype)
    filled = _filled(input, mask, _extreme(input.dtype, largest=True))
    return filled.amin(_dims(input, dim), keepdim=bool(keepdim))


def argmax(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The index of the largest selected element along ``dim``, in ``input``'s dtype (as
    torch.masked returns it).

    Args:
        input: the tensor.
        dim: a dim (None: over the flattened tensor).
        keepdim: keep the reduced dim with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The indices, as a tensor of ``input``'s dtype.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.argmax(x, 1, mask=ember.tensor([[True, True, False]]))
        tensor([1., 1.])
    """
    input, mask = _prepared(input, mask, dtype)
    filled = _filled(input, mask, _extreme(input.dtype, largest=False))
    return filled.argmax(dim, keepdim=bool(keepdim)).to(input.dtype)


def argmin(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The index of the smallest selected element along ``dim``, in ``input``'s dtype.

    Args:
        input: the tensor.
        dim: a dim (None: over the flattened tensor).
        keepdim: keep the reduced dim with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The indices, as a tensor of ``input``'s dtype.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.argmin(x, 1, mask=ember.tensor([[False, True, True]]))
        tensor([1., 1.])
    """
    input, mask = _prepared(input, mask, dtype)
    filled = _filled(input, mask, _extreme(input.dtype, largest=True))
    return filled.argmin(dim, keepdim=bool(keepdim)).to(input.dtype)


def _count(input, mask, dims, keepdim):
    """How many elements each reduction selects, in ``input``'s dtype."""
    ember = _ember()
    if mask is None:
        size = 1
        for d in dims:
            size *= input.shape[d]
        shape = [1 if d % input.dim() in {e % input.dim() for e in dims} else s
                 for d, s in enumerate(input.shape)] if keepdim else \
            [s for d, s in enumerate(input.shape)
             if d % input.dim() not in {e % input.dim() for e in dims}]
        return ember.full(shape, size, dtype=input.dtype, device=input.device)
    return mask.sum(dims, keepdim=keepdim, dtype=input.dtype)


def mean(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The mean of the selected elements over ``dim`` (NaN where nothing is selected).

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> mask = ember.tensor([[True, False, True], [False, False, True]])
        >>> ember.masked.mean(x, 1, mask=mask)
        tensor([2., 6.])
    """
    input, mask = _prepared(input, mask, dtype)
    dims = _dims(input, dim)
    total = _filled(input, mask, 0).sum(dims, keepdim=bool(keepdim))
    return total / _count(input, mask, dims, bool(keepdim))


def var(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None,
        mask=None):
    """The variance of the selected elements over ``dim``: the sum of squared deviations from
    their mean over (count - correction); correction is 1 (``unbiased``) by default.

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        unbiased: correction 1 (True) or 0 (False).
        correction: the count subtracted in the denominator.
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.var(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([2., 2.])
    """
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    input, mask = _prepared(input, mask, dtype)
    dims = _dims(input, dim)
    count = _count(input, mask, dims, True)
    # The deviation is taken everywhere and masked after squaring, as torch does: where a
    # whole reduction is masked out, its NaN mean makes the (zero-weighted) gradient NaN too.
    deviation = input - _filled(input, mask, 0).sum(dims, keepdim=True) / count
    total = _filled(deviation * deviation, mask, 0).sum(dims, keepdim=bool(keepdim))
    if not keepdim:
        count = count.reshape(total.shape)
    if correction != 0:
        count = (count - correction).clamp_min(0)  # nothing selected: 0 / 0 = NaN
    return total / count


def std(input, dim=None, unbiased=None, *, correction=None, keepdim=False, dtype=None,
        mask=None):
    """The standard deviation of the selected elements: the square root of ``var``.

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        unbiased: correction 1 (True) or 0 (False).
        correction: the count subtracted in the denominator.
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.], [4., 5., 6.]])
        >>> ember.masked.std(x, 1, unbiased=False, mask=ember.tensor([[True, False, True]]))
        tensor([1., 1.])
    """
    return var(input, dim, unbiased, correction=correction, keepdim=keepdim, dtype=dtype,
               mask=mask).sqrt()


def norm(input, ord=2.0, dim=None, *, keepdim=False, dtype=None, mask=None):
    """The vector ``ord``-norm of the selected elements over ``dim``.

    Args:
        input: the tensor.
        ord: the order of the norm.
        dim: a dim or tuple of dims (all when None).
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[3., 2., 4.], [4., 5., 6.]])
        >>> ember.masked.norm(x, 2.0, 1, mask=ember.tensor([[True, False, True]]))
        tensor([5.0000, 7.2111])
    """
    ember = _ember()
    input, mask = _prepared(input, mask, dtype)
    fill = math.inf if ord == -math.inf else 0  # -inf norm: the smallest |x| selected
    return ember.linalg.vector_norm(_filled(input, mask, fill), ord, _dims(input, dim),
                                    keepdim=bool(keepdim))


def normalize(input, ord, dim, *, eps=1e-12, dtype=None, mask=None):
    """``input`` divided by the ``ord``-norm of its selected elements along ``dim`` (at least
    ``eps``); masked-out elements become 0.

    Args:
        input: the tensor.
        ord: the order of the norm.
        dim: the dim to normalize along.
        eps: the smallest norm divided by.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[3., 2., 4.]])
        >>> ember.masked.normalize(x, 2.0, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[0.6000, 0.0000, 0.8000]])
    """
    input, mask = _prepared(input, mask, dtype)
    scale = norm(input, ord, dim, keepdim=True, mask=mask).clamp_min(eps)
    return _filled(input, mask, 0) / scale


def _normalizing(name, fill, negate=False):
    def apply(input, dim, *, dtype=None, mask=None):
        input, mask = _prepared(input, mask, dtype)
        filled = _filled(input, mask, fill)
        ember = _ember()
        if negate:
            filled = -filled
        return getattr(ember, name)(filled, dim)
    return apply


def softmax(input, dim, *, dtype=None, mask=None):
    """Softmax along ``dim`` over the selected elements (masked-out elements get 0).

    Args:
        input: the tensor.
        dim: the dim.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[1., 2., 3.]])
        >>> ember.masked.softmax(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[0.1192, 0.0000, 0.8808]])
    """
    return _normalizing("softmax", -math.inf)(input, dim, dtype=dtype, mask=mask)


def log_softmax(input, dim, *, dtype=None, mask=None):
    """Log-softmax along ``dim`` over the selected elements (masked-out elements get -inf).

    Args:
        input: the tensor.
        dim: the dim.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[1., 2., 3.]])
        >>> ember.masked.log_softmax(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[-2.1269,    -inf, -0.1269]])
    """
    return _normalizing("log_softmax", -math.inf)(input, dim, dtype=dtype, mask=mask)


def softmin(input, dim, *, dtype=None, mask=None):
    """Softmin (softmax of -input) along ``dim`` over the selected elements.

    Args:
        input: the tensor.
        dim: the dim.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[1., 2., 3.]])
        >>> ember.masked.softmin(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[0.8808, 0.0000, 0.1192]])
    """
    return _normalizing("softmax", math.inf, negate=True)(input, dim, dtype=dtype, mask=mask)


def cumsum(input, dim, *, dtype=None, mask=None):
    """Running sum along ``dim`` of the selected elements (masked-out ones add 0).

    Args:
        input: the tensor.
        dim: the dim.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[1., 2., 3.]])
        >>> ember.masked.cumsum(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[1., 1., 4.]])
    """
    input, mask = _prepared(input, mask, dtype)
    return _filled(input, mask, 0).cumsum(dim)


def cumprod(input, dim, *, dtype=None, mask=None):
    """Running product along ``dim`` of the selected elements (masked-out ones multiply 1).

    Args:
        input: the tensor.
        dim: the dim.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        A tensor of ``input``'s shape.

    Example:
        >>> x = ember.tensor([[2., 5., 3.]])
        >>> ember.masked.cumprod(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([[2., 2., 6.]])
    """
    input, mask = _prepared(input, mask, dtype)
    return _filled(input, mask, 1).cumprod(dim)


def logsumexp(input, dim=None, *, keepdim=False, dtype=None, mask=None):
    """log(sum(exp)) of the selected elements over ``dim`` (-inf where none is selected).

    Args:
        input: the tensor.
        dim: a dim or tuple of dims (all when None).
        keepdim: keep the reduced dims with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The reduced tensor.

    Example:
        >>> x = ember.tensor([[1., 2., 3.]])
        >>> ember.masked.logsumexp(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([3.1269])
    """
    input, mask = _prepared(input, mask, dtype)
    return _filled(input, mask, -math.inf).logsumexp(_dims(input, dim), keepdim=bool(keepdim))


def logaddexp(input, other, *, dtype=None, input_mask=None, other_mask=None):
    """log(exp(input) + exp(other)) with masked-out elements of either taken as -inf.

    Args:
        input: the first tensor.
        other: the second tensor.
        dtype: cast both to this dtype first.
        input_mask: which elements of ``input`` count.
        other_mask: which elements of ``other`` count.

    Returns:
        The elementwise result.

    Example:
        >>> x = ember.tensor([1., 2.])
        >>> ember.masked.logaddexp(x, x, input_mask=ember.tensor([True, False]),
        ...                        other_mask=ember.tensor([True, True]))
        tensor([1.6931, 2.0000])
    """
    input, input_mask = _prepared(input, input_mask, dtype)
    other, other_mask = _prepared(other, other_mask, dtype)
    return _filled(input, input_mask, -math.inf).logaddexp(
        _filled(other, other_mask, -math.inf))


def median(input, dim=-1, *, keepdim=False, dtype=None, mask=None):
    """The median of the selected elements along ``dim`` (NaN where none is selected).

    Args:
        input: a floating tensor.
        dim: the dim.
        keepdim: keep the reduced dim with size 1.
        dtype: cast ``input`` to this dtype first.
        mask: a boolean tensor broadcastable to ``input``.

    Returns:
        The medians.

    Example:
        >>> x = ember.tensor([[1., 2., 7.], [4., 5., 6.]])
        >>> ember.masked.median(x, 1, mask=ember.tensor([[True, False, True]]))
        tensor([1., 4.])
    """
    input, mask = _prepared(input, mask, dtype)
    return _filled(input, mask, math.nan).nanmedian(dim, keepdim=bool(keepdim)).values
