"""Helpers shared by the distributions: parameter broadcasting, probs <-> logits, lazy properties."""
from __future__ import annotations

import numbers
from functools import update_wrapper

import ember

euler_constant = 0.57721566490153286060  # the Euler-Mascheroni constant

__all__ = [
    "broadcast_all",
    "clamp_probs",
    "lazy_property",
    "logits_to_probs",
    "probs_to_logits",
    "tril_matrix_to_vec",
    "vec_to_tril_matrix",
]


def broadcast_all(*values):
    """Broadcast tensors and numbers to one shape; numbers take the first tensor's dtype.

    With no tensor among them, numbers become tensors of the default dtype.
    """
    if not all(isinstance(v, (ember.Tensor, numbers.Number)) for v in values):
        raise ValueError("Input arguments must all be instances of Number, "
                         "torch.Tensor or objects implementing __torch_function__.")
    if all(isinstance(v, ember.Tensor) for v in values):
        return ember.broadcast_tensors(*values)
    options = {"dtype": ember.get_default_dtype()}
    for v in values:
        if isinstance(v, ember.Tensor):
            options = {"dtype": v.dtype, "device": v.device}
            break
    return ember.broadcast_tensors(*[v if isinstance(v, ember.Tensor) else
                                     ember.tensor(v, **options) for v in values])


def _standard_normal(shape, dtype, device):
    """Standard normal draws from the global generator, as ``empty(shape).normal_()``."""
    return ember.empty(shape, dtype=dtype, device=device).normal_()


def _sum_rightmost(value, dim):
    """Sum over the rightmost ``dim`` dims (none when ``dim`` is 0)."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:value.dim() - dim]) + (-1,)).sum(-1)


def logits_to_probs(logits, is_binary=False):
    """sigmoid(logits) for binary events, else softmax over the last dim."""
    if is_binary:
        return ember.sigmoid(logits)
    return ember.softmax(logits, dim=-1)


def clamp_probs(probs):
    """Clamp probabilities into [eps, 1 - eps] of their dtype, so their logs are finite."""
    eps = _EPS.get(probs.dtype)
    if eps is None:  # (finfo builds a new object per call: a log_prob's lazy logits need it)
        eps = _EPS[probs.dtype] = ember.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


_EPS = {}  # dtype -> finfo(dtype).eps


def probs_to_logits(probs, is_binary=False):
    """log(p) - log(1 - p) for binary events, else log(p), on clamped probabilities."""
    clamped = clamp_probs(probs)
    if is_binary:
        return ember.log(clamped) - ember.log1p(-clamped)
    return ember.log(clamped)


class lazy_property:
    """A property computed once on first access (with grad enabled) and cached on the instance.

    Parameters given either as ``probs`` or ``logits`` derive the other lazily this way.
    """

    def __init__(self, wrapped):
        self.wrapped = wrapped
        update_wrapper(self, wrapped)

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with ember.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class _lazy_property_and_property(lazy_property, property):
    """What the class attribute reads as: both a lazy_property and a property (for docs)."""

    def __init__(self, wrapped):
        property.__init__(self, wrapped)


def _tril_mask(n, diag, device):
    arange = ember.arange(n, device=device)
    return arange < arange.view(-1, 1) + (diag + 1)


def tril_matrix_to_vec(mat, diag=0):
    """The entries on and below diagonal ``diag`` of the last two dims, row by row."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    return mat[..., _tril_mask(n, diag, mat.device)]


def vec_to_tril_matrix(vec, diag=0):
    """Inverse of ``tril_matrix_to_vec``: a square matrix with zeros above diagonal ``diag``."""
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * vec.shape[-1]
                            + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    if round(n) - n > ember.finfo(vec.dtype).eps:
        raise ValueError(f"The size of last dimension is {vec.shape[-1]} which cannot be "
                         "expressed as the lower triangular part of a square D x D matrix.")
    n = round(n)
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    mat[..., _tril_mask(n, diag, vec.device)] = vec
    return mat
