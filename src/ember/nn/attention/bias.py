"""ember.nn.attention.bias: causal masks that ``scaled_dot_product_attention`` understands.

A ``CausalBias`` stands for the boolean mask of causal attention between ``seq_len_q`` queries
and ``seq_len_kv`` keys, in one of two alignments: ``UPPER_LEFT`` (query i sees keys 0..i, the
usual mask of training) or ``LOWER_RIGHT`` (the queries are the last ``seq_len_q`` positions of
the sequence: query i sees keys 0..i + seq_len_kv - seq_len_q, what decoding with a KV cache
needs). Passed as ``attn_mask``, it lets the attention run as ``is_causal=True`` where that is
the same mask, and as the materialized mask otherwise.
"""
from __future__ import annotations

import warnings
from enum import IntEnum

from ..._tensor import Tensor

__all__ = ["causal_upper_left", "causal_lower_right", "CausalVariant", "CausalBias"]


class CausalVariant(IntEnum):
    """Where the causal triangle of a ``CausalBias`` is anchored.

    Example:
        >>> from ember.nn.attention.bias import CausalVariant
        >>> CausalVariant.LOWER_RIGHT.value
        2
    """

    UPPER_LEFT = 1
    LOWER_RIGHT = 2


class CausalBias(Tensor):
    """A causal attention mask of ``seq_len_q`` × ``seq_len_kv``, aligned as ``variant`` says
    (make one with ``causal_upper_left`` or ``causal_lower_right``).

    Example:
        >>> import ember
        >>> from ember.nn.attention.bias import causal_lower_right
        >>> causal_lower_right(2, 3)
        tensor([[ True,  True, False],
                [ True,  True,  True]])
    """

    def __new__(cls, variant, seq_len_q, seq_len_kv):
        if not isinstance(variant, CausalVariant):
            raise TypeError(f"CausalBias(): variant must be a CausalVariant, not "
                            f"{type(variant).__name__}")
        mask = _causal_mask(variant, seq_len_q, seq_len_kv)
        self = Tensor._make_subclass(cls, mask)
        self.variant, self.seq_len_q, self.seq_len_kv = variant, seq_len_q, seq_len_kv
        if variant == CausalVariant.LOWER_RIGHT and seq_len_q > seq_len_kv:
            warnings.warn("Lower right causal bias will produce NaNs in the output when "
                          "seq_len_q > seq_len_kv!", stacklevel=3)
        return self

    def __init__(self, variant, seq_len_q, seq_len_kv):
        pass

    def _upper_left(self, device):
        return _causal_mask(CausalVariant.UPPER_LEFT, self.seq_len_q, self.seq_len_kv, device)

    def _lower_right(self, device):
        return _causal_mask(CausalVariant.LOWER_RIGHT, self.seq_len_q, self.seq_len_kv, device)

    def _materialize(self, device=None):
        """The mask as a plain boolean tensor (True where a query may attend)."""
        return _causal_mask(self.variant, self.seq_len_q, self.seq_len_kv, device)

    @staticmethod
    def _dispatch(query, key, value, attn_mask, dropout_p=0.0, is_causal=False, scale=None,
                  enable_gqa=False):
        """The attention with ``attn_mask`` (a CausalBias) applied: as ``is_causal=True`` for
        the upper-left triangle (and the lower-right one of a square), else with the
        materialized mask."""
        from ..functional import scaled_dot_product_attention
        if is_causal:
            raise ValueError("CausalBias should not be used with causal=True")
        square = attn_mask.seq_len_q == attn_mask.seq_len_kv
        if attn_mask.variant == CausalVariant.UPPER_LEFT or square:
            return scaled_dot_product_attention(query, key, value, attn_mask=None,
                                                dropout_p=dropout_p, is_causal=True,
                                                scale=scale, enable_gqa=enable_gqa)
        return scaled_dot_product_attention(query, key, value,
                                            attn_mask=attn_mask._materialize(query.device),
                                            dropout_p=dropout_p, is_causal=False, scale=scale,
                                            enable_gqa=enable_gqa)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        # by name: a wrapper of the function (a mode, a device stand-in) may be what arrives
        if getattr(func, "__name__", None) == "scaled_dot_product_attention":
            return cls._dispatch(*args, **kwargs)
        return super().__torch_function__(func, types, args, kwargs)

    def __repr__(self):
        if not hasattr(self, "variant"):  # an op's result, which is no mask description
            return super().__repr__()
        return self._materialize().__repr__()

    __str__ = __repr__


def _causal_mask(variant, seq_len_q, seq_len_kv, device=None):
    """The boolean causal mask of a plain Tensor class."""
    import ember
    mask = ember.ones(seq_len_q, seq_len_kv, dtype=ember.bool, device=device)
    diagonal = seq_len_kv - seq_len_q if variant == CausalVariant.LOWER_RIGHT else 0
    return mask.tril(diagonal=diagonal)


def causal_upper_left(*size):
    """A ``CausalBias`` whose triangle starts at the top left: query i attends to keys 0..i.

    Args:
        *size: ``seq_len_q, seq_len_kv``.

    Example:
        >>> from ember.nn.attention.bias import causal_upper_left
        >>> causal_upper_left(2, 3)
        tensor([[ True, False, False],
                [ True,  True, False]])
    """
    if len(size) != 2:
        raise AssertionError("causal_upper_left only supports 2D tensors")
    seq_len_q, seq_len_kv = size
    return CausalBias(CausalVariant.UPPER_LEFT, seq_len_q, seq_len_kv)


def causal_lower_right(*size):
    """A ``CausalBias`` whose triangle ends at the bottom right: the queries are the last
    ``seq_len_q`` positions, query i attends to keys 0..i + seq_len_kv - seq_len_q.

    Args:
        *size: ``seq_len_q, seq_len_kv``.

    Example:
        >>> from ember.nn.attention.bias import causal_lower_right
        >>> causal_lower_right(2, 3)
        tensor([[ True,  True, False],
                [ True,  True,  True]])
    """
    if len(size) != 2:
        raise AssertionError("causal_lower_right only supports 2D tensors")
    seq_len_q, seq_len_kv = size
    return CausalBias(CausalVariant.LOWER_RIGHT, seq_len_q, seq_len_kv)
