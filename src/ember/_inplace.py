"""Top-level in-place functions (``ember.sin_(x)`` is ``x.sin_()``), as PyTorch exposes them.

The names are PyTorch's top-level ``op_`` functions; each one that ember has as a Tensor method
becomes a function that calls that method, so new in-place methods appear here by themselves.
"""
from __future__ import annotations

from ._tensor import Tensor

# PyTorch 2.13's top-level in-place functions that are Tensor methods with the same signature.
NAMES = (
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_",
    "arctan_", "arctanh_", "as_strided_", "asin_", "asinh_", "atan_", "atanh_", "ceil_",
    "clamp_", "clamp_max_", "clamp_min_", "clip_", "conj_physical_", "cos_", "cosh_",
    "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fill_", "fix_",
    "floor_", "frac_", "gcd_", "i0_", "index_put_", "lcm_", "ldexp_", "log10_", "log1p_",
    "log2_", "log_", "logit_", "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_",
    "relu_", "resize_as_", "round_", "rsqrt_", "selu_", "celu_", "sigmoid_", "sin_", "sinc_",
    "sinh_", "sqrt_", "square_", "tan_", "tanh_", "threshold_", "trunc_", "xlogy_", "zero_",
)


def _calling(name):
    def fn(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = "ember"
    fn.__doc__ = f"``input.{name}(...)``: in place, returns ``input``."
    return fn


def _dropout(name, feature, alpha, inplace):
    def fn(input, p, train):
        from .ops._registry import check_inplace
        from .ops.nn_misc import _dropout_impl
        if inplace:
            check_inplace(input)
        return _dropout_impl(input, p, train, inplace, feature=feature, alpha=alpha)
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = "ember"
    kind = ("alpha " if alpha else "") + ("feature " if feature else "") + "dropout"
    fn.__doc__ = (f"{kind.capitalize()} of ``input`` with probability ``p`` when ``train``"
                  + (", in place (returns ``input``)." if inplace else "."))
    return fn


def embedding_renorm_(input, indices, max_norm, norm_type):
    """Rescale the rows of ``input`` that ``indices`` names so each has a ``norm_type``-norm of
    at most ``max_norm`` (rows above it become ``row * max_norm / (norm + 1e-7)``), in place.

    Args:
        input: the (num_embeddings, dim) weight.
        indices: an integer tensor of row numbers (repeats count once).
        max_norm: the largest norm a row keeps.
        norm_type: the p of the p-norm.

    Returns:
        ``input`` itself.

    Example:
        >>> w = ember.tensor([[3.0, 4.0], [1.0, 0.0]])
        >>> ember.embedding_renorm_(w, ember.tensor([0, 1]), 1.0, 2.0)
        tensor([[0.6000, 0.8000],
                [1.0000, 0.0000]])
    """
    from .ops._registry import check_inplace
    from .ops.nn_misc import _renorm_rows
    check_inplace(input)
    _renorm_rows(input, indices._data.reshape(-1), max_norm, norm_type)
    return input


def functions(existing):
    """The in-place functions ember has a method for and ``existing`` does not define yet."""
    found = {name: _calling(name) for name in NAMES
             if name not in existing and hasattr(Tensor, name)}
    for name, feature, alpha in (("dropout", False, False), ("feature_dropout", True, False),
                                 ("alpha_dropout", False, True),
                                 ("feature_alpha_dropout", True, True)):
        found[name + "_"] = _dropout(name + "_", feature, alpha, inplace=True)
        if name not in existing:
            found[name] = _dropout(name, feature, alpha, inplace=False)
    found["embedding_renorm_"] = embedding_renorm_
    return found
