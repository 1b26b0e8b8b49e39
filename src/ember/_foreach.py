"""``ember._foreach_*``: one op applied across lists of tensors, PyTorch's multi-tensor API.

Programs reach these for polyak averaging (``_foreach_lerp_(targets, sources, tau)``), gradient
clipping (``_foreach_norm``, ``_foreach_mul_``) and hand-written optimizers. Each function maps
the matching ember op over the tensors of its list arguments, so values, dtypes, broadcasting,
errors and gradients are those of the op itself. The out-of-place forms return a tuple of new
tensors; the in-place forms (trailing underscore) update each tensor and return the list given.
"""
from __future__ import annotations

import numbers

import ember
from ember._tensor import Tensor

_UNARY = ("abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "erfc", "exp", "expm1",
          "floor", "frac", "lgamma", "log", "log10", "log1p", "log2", "neg", "reciprocal",
          "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc")
# Binary ops whose second argument is a scalar, a list of scalars, a tensor list or a 0-dim
# tensor; add and sub also take alpha.
_BINARY = ("add", "sub", "mul", "div", "maximum", "minimum", "clamp_min", "clamp_max", "pow")


def _check_list(tensors):
    if not isinstance(tensors, (list, tuple)) or not all(isinstance(t, Tensor)
                                                         for t in tensors):
        raise TypeError(f"expected a list of Tensors, but got {type(tensors).__name__}")
    if not tensors:
        raise RuntimeError("Tensor list must have at least one tensor.")


def _per_tensor(tensors, other, op):
    """``other`` spread over ``tensors``: one value per tensor, whatever form it came in."""
    if isinstance(other, (list, tuple)):
        if other and isinstance(other[0], Tensor):
            if len(other) != len(tensors):
                raise RuntimeError(f"Tensor lists must have the same number of tensors, got "
                                   f"{len(tensors)} and {len(other)}")
        elif len(other) != len(tensors):
            raise RuntimeError("Tensor list must have same number of elements as scalar list.")
        return list(other)
    if isinstance(other, Tensor) and op in ("add", "sub", "mul", "div") and other.dim() != 0:
        raise RuntimeError(f"scalar tensor expected to be 0 dim but it has {other.dim()} "
                           f"dimensions and {other.numel()} elements.")
    return [other] * len(tensors)


def _scalars(tensors, value):
    """addcmul/addcdiv's value: one number, a list of numbers, or a 1-D tensor of them."""
    if isinstance(value, Tensor):
        if value.dim() != 1 or value.numel() != len(tensors):
            raise RuntimeError(f"Expected length of scalars to match input of length "
                               f"{len(tensors)} but got {value.numel()} instead.")
        return value.tolist()
    return _per_tensor(tensors, value, "addcmul")


def _operand(op, t, o):
    # maximum and minimum take tensors only; a number becomes one of t's dtype and device.
    if op in ("maximum", "minimum") and not isinstance(o, Tensor):
        return ember.tensor(o, dtype=t.dtype, device=t.device)
    return o


def _binary_value(op, t, o, alpha):
    if op in ("add", "sub"):
        return getattr(ember, op)(t, o, alpha=alpha)
    return getattr(ember, op)(t, _operand(op, t, o))


def _make_unary(op):
    def out_of_place(self):
        _check_list(self)
        return tuple(getattr(t, op)() for t in self)

    def in_place(self):
        _check_list(self)
        for t in self:
            getattr(t, op + "_")()
        return self

    return out_of_place, in_place


def _make_binary(op):
    def out_of_place(self, other, *, alpha=1):
        if isinstance(self, numbers.Number) and op == "pow":
            _check_list(other)
            return tuple(ember.pow(self, t) for t in other)
        _check_list(self)
        return tuple(_binary_value(op, t, o, alpha)
                     for t, o in zip(self, _per_tensor(self, other, op)))

    def in_place(self, other, *, alpha=1):
        _check_list(self)
        for t, o in zip(self, _per_tensor(self, other, op)):
            if op in ("add", "sub"):
                getattr(t, op + "_")(o, alpha=alpha)
            else:
                getattr(t, op + "_")(_operand(op, t, o))
        return self

    return out_of_place, in_place


def _foreach_lerp(self, tensors1, weight):
    """start + weight * (end - start) for each pair (self[i], tensors1[i])."""
    _check_list(self)
    ends = _per_tensor(self, tensors1, "lerp")
    return tuple(ember.lerp(s, e, w) for s, e, w in zip(self, ends, _per_tensor(self, weight,
                                                                               "lerp")))


def _foreach_lerp_(self, tensors1, weight):
    """self[i] += weight * (tensors1[i] - self[i]), in place; returns self."""
    _check_list(self)
    ends = _per_tensor(self, tensors1, "lerp")
    for s, e, w in zip(self, ends, _per_tensor(self, weight, "lerp")):
        s.lerp_(e, w)
    return self


def _make_pointwise(op):
    def out_of_place(self, tensor1, tensor2, value=1):
        _check_list(self)
        firsts, seconds = _per_tensor(self, tensor1, op), _per_tensor(self, tensor2, op)
        return tuple(getattr(ember, op)(t, a, b, value=v)
                     for t, a, b, v in zip(self, firsts, seconds, _scalars(self, value)))

    def in_place(self, tensor1, tensor2, value=1):
        _check_list(self)
        firsts, seconds = _per_tensor(self, tensor1, op), _per_tensor(self, tensor2, op)
        for t, a, b, v in zip(self, firsts, seconds, _scalars(self, value)):
            getattr(t, op + "_")(a, b, value=v)
        return self

    return out_of_place, in_place


def _foreach_norm(self, ord=2, dtype=None):
    """The vector ``ord``-norm of each tensor, flattened: a tuple of 0-dim tensors."""
    _check_list(self)
    return tuple(ember.linalg.vector_norm(t, ord, dtype=dtype) for t in self)


def _foreach_max(self):
    """The largest element of each tensor: a tuple of 0-dim tensors."""
    _check_list(self)
    if any(t.numel() == 0 for t in self):
        raise RuntimeError("_foreach_max cannot compute the maximum of an empty tensor; max "
                           "over zero elements is undefined.")
    return tuple(t.max() for t in self)


def _foreach_zero_(self):
    """Fill every tensor with zeros, in place; returns self."""
    _check_list(self)
    for t in self:
        t.zero_()
    return self


def _foreach_copy_(self, src, non_blocking=False):
    """Copy src[i] into self[i] (broadcasting, casting), in place; returns self."""
    _check_list(self)
    for t, s in zip(self, _per_tensor(self, src, "copy")):
        t.copy_(s, non_blocking=non_blocking)
    return self


def _foreach_clone(self):
    """A copy of each tensor: a tuple of new tensors."""
    _check_list(self)
    return tuple(t.clone() for t in self)


def _install():
    table = globals()
    families = [(op, _make_unary(op), "{op}(x) of each tensor") for op in _UNARY]
    binary = ("{op}(self[i], other[i]) where other is a number, a list of numbers, a tensor "
              "list or a 0-dim tensor")
    families += [(op, _make_binary(op), binary) for op in _BINARY]
    families += [(op, _make_pointwise(op), "{op}(self[i], tensor1[i], tensor2[i], value)")
                 for op in ("addcmul", "addcdiv")]
    for op, (out_of_place, in_place), what in families:
        for fn, suffix, returns in ((out_of_place, "", "a tuple of new tensors"),
                                    (in_place, "_", "in place, returning self")):
            fn.__name__ = fn.__qualname__ = f"_foreach_{op}{suffix}"
            fn.__doc__ = f"{what.format(op=op)} for each tensor of the list: {returns}."
            table[fn.__name__] = fn


_install()
NAMES = tuple(sorted(name for name in globals() if name.startswith("_foreach_")))
