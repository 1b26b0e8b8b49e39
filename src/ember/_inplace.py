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


def functions(existing):
    """The in-place functions ember has a method for and ``existing`` does not define yet."""
    return {name: _calling(name) for name in NAMES
            if name not in existing and hasattr(Tensor, name)}
