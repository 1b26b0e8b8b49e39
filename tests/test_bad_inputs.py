"""Bad inputs across op families: ember raises the exception type PyTorch raises, never returns.

Each case is a call PyTorch 2.13 refuses, written once as ``fn(lib)`` so that it runs on ember and
on torch alike, with the type torch raises. The ember test checks the type (exactly, not a
subclass), that a value is never returned, and that no NumPy wording leaks into the message; when
torch is importable a second test checks that torch still raises the listed type, so the table
stays the spec. ``python tests/test_bad_inputs.py`` prints the tally against torch (same type /
different type / silent return).
"""
from __future__ import annotations

import builtins
import re
import sys
import warnings
from typing import Callable, NamedTuple

import pytest
from conftest import TORCH, requires_torch

import ember


class Case(NamedTuple):
    family: str
    name: str
    error: str  # the name of the exception type torch raises
    fn: Callable


CASES: list[Case] = []


def _family(family, table):
    """Register ``{ErrorType: {name: fn}}`` under ``family``."""
    for error, calls in table.items():
        for name, fn in calls.items():
            CASES.append(Case(family, name, error.__name__, fn))


class LinAlgError(RuntimeError):
    """Stands for each library's own ``linalg.LinAlgError`` (a RuntimeError) in the tables."""


def F(t):
    return t.nn.functional


def f23(t):
    return t.arange(6.).reshape(2, 3)


def i23(t):
    return t.arange(6).reshape(2, 3)


def img(t):
    return t.ones(1, 3, 8, 8)


def _with_grad(t, value):
    p = t.nn.Parameter(t.ones(1))
    p.grad = t.full((1,), value)
    return p


# --- generated families -----------------------------------------------------------------------

# Binary ops whose operands do not broadcast.
for _op in ["add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt", "ge", "maximum", "minimum",
            "pow", "atan2", "fmod", "remainder", "logical_and", "logical_or", "logical_xor",
            "fmax", "fmin", "true_divide", "floor_divide", "isclose"]:
    _family("broadcast", {RuntimeError: {
        _op: lambda t, op=_op: getattr(t, op)(t.ones(2, 3), t.ones(3, 2))}})
for _op in ["__add__", "__mul__", "__sub__", "__truediv__", "__eq__", "__lt__", "__pow__"]:
    _family("broadcast", {RuntimeError: {
        _op: lambda t, op=_op: getattr(t.ones(2, 3), op)(t.ones(4))}})
_family("broadcast", {RuntimeError: {
    "__and__": lambda t: t.ones(2, 3, dtype=t.bool) & t.ones(4, dtype=t.bool),
    "where": lambda t: t.where(t.ones(2, 3) > 0, t.ones(3, 2), t.ones(2, 3)),
    "where_cond": lambda t: t.where(t.ones(4) > 0, t.ones(2, 3), t.ones(2, 3)),
    "clamp_min_tensor": lambda t: t.clamp(t.ones(2, 3), min=t.zeros(4)),
    "clamp_max_tensor": lambda t: t.clamp(t.ones(2, 3), max=t.zeros(3, 2)),
    "lerp": lambda t: t.lerp(t.ones(2, 3), t.ones(4), 0.5),
    "addcmul": lambda t: t.addcmul(t.ones(2, 3), t.ones(4), t.ones(4)),
    "add_inplace_grow": lambda t: t.ones(3).add_(t.ones(2, 3)),
    "mul_inplace_grow": lambda t: t.ones(1).mul_(t.ones(3)),
    "masked_fill": lambda t: t.ones(2, 3).masked_fill(t.ones(4, dtype=t.bool), 0.),
    "expand": lambda t: t.ones(2, 3).expand(4, 3),
    "broadcast_tensors": lambda t: t.broadcast_tensors(t.ones(2), t.ones(3)),
    "broadcast_to": lambda t: t.broadcast_to(t.ones(3), (2, 4)),
}})

# Bitwise ops on types without bits.
for _op in ["bitwise_and", "bitwise_or", "bitwise_xor"]:
    _family("bitwise", {NotImplementedError: {
        f"{_op}_float": lambda t, op=_op: getattr(t, op)(t.ones(3), t.ones(3)),
        f"{_op}_float_scalar": lambda t, op=_op: getattr(t, op)(t.ones(3), 1)}})
_family("bitwise", {
    NotImplementedError: {
        "bitwise_not_float": lambda t: t.bitwise_not(t.ones(3)),
        "and_float": lambda t: t.ones(3) & t.ones(3),
        "or_float": lambda t: t.ones(3) | 1,
        "xor_float": lambda t: t.ones(3) ^ t.ones(3),
        "iand_float": lambda t: t.ones(3).__iand__(t.ones(3)),
        "and_long_float": lambda t: t.arange(3) & t.ones(3),
        "and_bool_float_scalar": lambda t: t.ones(3, dtype=t.bool) & 1.5,
        "lshift_float": lambda t: t.ones(3) << 1,
        "rshift_float": lambda t: t.ones(3) >> 1,
        "lshift_long_by_float": lambda t: t.arange(3) << 1.5,
        "ilshift_float": lambda t: t.ones(3).__ilshift__(1),
        "bitwise_left_shift_float": lambda t: t.bitwise_left_shift(t.ones(3), t.ones(3)),
        "bitwise_right_shift_float": lambda t: t.bitwise_right_shift(t.ones(3), 1),
    },
    TypeError: {
        "invert_float": lambda t: ~t.ones(3),
        "invert_complex": lambda t: ~t.ones(3, dtype=t.complex64),
    },
})

# Index values outside the indexed dim: RuntimeError from gather/scatter's kernels, IndexError
# from the index_* family; ops marked ``wraps`` accept -1 as PyTorch does.
_INDEX_OPS = {
    "gather": (RuntimeError, False, lambda t, i: t.gather(t.zeros(3), 0, t.tensor([i]))),
    "gather_2d": (RuntimeError, False,
                  lambda t, i: t.gather(t.zeros(2, 3), 1, t.tensor([[i], [0]]))),
    "scatter": (RuntimeError, False,
                lambda t, i: t.zeros(3).scatter(0, t.tensor([i]), t.ones(1))),
    "scatter_value": (RuntimeError, False,
                      lambda t, i: t.zeros(3).scatter(0, t.tensor([i]), 1.0)),
    "scatter_": (RuntimeError, False,
                 lambda t, i: t.zeros(3).scatter_(0, t.tensor([i]), t.ones(1))),
    "scatter_add": (RuntimeError, False,
                    lambda t, i: t.zeros(3).scatter_add(0, t.tensor([i]), t.ones(1))),
    "scatter_add_": (RuntimeError, False,
                     lambda t, i: t.zeros(3).scatter_add_(0, t.tensor([i]), t.ones(1))),
    "scatter_reduce": (RuntimeError, False, lambda t, i: t.zeros(3).scatter_reduce(
        0, t.tensor([i]), t.ones(1), "sum")),
    "index_select": (IndexError, False,
                     lambda t, i: t.index_select(t.zeros(3), 0, t.tensor([i]))),
    "index_select_dim1": (RuntimeError, False,
                          lambda t, i: t.index_select(t.zeros(2, 3), 1, t.tensor([i]))),
    "index_select_dim2": (IndexError, False,
                          lambda t, i: t.index_select(t.zeros(2, 2, 3), 2, t.tensor([i]))),
    "index_add_": (IndexError, False,
                   lambda t, i: t.zeros(3).index_add_(0, t.tensor([i]), t.ones(1))),
    "index_add": (IndexError, False,
                  lambda t, i: t.zeros(3).index_add(0, t.tensor([i]), t.ones(1))),
    "index_copy_": (IndexError, False,
                    lambda t, i: t.zeros(3).index_copy_(0, t.tensor([i]), t.ones(1))),
    "index_copy": (IndexError, False,
                   lambda t, i: t.zeros(3).index_copy(0, t.tensor([i]), t.ones(1))),
    "embedding": (IndexError, False, lambda t, i: F(t).embedding(t.tensor([i]), t.ones(3, 2))),
    "nn_Embedding": (IndexError, False, lambda t, i: t.nn.Embedding(3, 2)(t.tensor([i]))),
    "nll_loss_target": (IndexError, False,
                        lambda t, i: F(t).nll_loss(t.zeros(1, 3), t.tensor([i]))),
    "cross_entropy_target": (IndexError, False,
                             lambda t, i: F(t).cross_entropy(t.zeros(1, 3), t.tensor([i]))),
    "index_fill_": (IndexError, True,
                    lambda t, i: t.zeros(3).index_fill_(0, t.tensor([i]), 1.)),
    "index_put_": (IndexError, True,
                   lambda t, i: t.zeros(3).index_put_((t.tensor([i]),), t.ones(1))),
    "take": (IndexError, True, lambda t, i: t.take(t.zeros(3), t.tensor([i]))),
    "getitem_tensor": (IndexError, True, lambda t, i: t.zeros(3)[t.tensor([i])]),
    "getitem_list": (IndexError, True, lambda t, i: t.zeros(3)[[i]]),
    "getitem_int": (IndexError, True, lambda t, i: t.zeros(3)[i]),
    "setitem_int": (IndexError, True, lambda t, i: t.zeros(3).__setitem__(i, 1.)),
    "setitem_tensor": (IndexError, True,
                       lambda t, i: t.zeros(3).__setitem__(t.tensor([i]), 1.)),
    "select": (IndexError, True, lambda t, i: t.zeros(3).select(0, i)),
    "one_hot": (RuntimeError, False, lambda t, i: F(t).one_hot(t.tensor([i]), 3)),
}
for _name, (_error, _wraps, _fn) in _INDEX_OPS.items():
    _values = {"too_large": 3, "too_large_far": 10**6, "very_negative": -4}
    if not _wraps:
        _values["negative"] = -1
    _family("index", {_error: {f"{_name}_{label}": lambda t, fn=_fn, i=i: fn(t, i)
                               for label, i in _values.items()}})

# Reductions: a dim outside the tensor, a float dim, a list instead of a tensor.
for _op in ["sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "max", "min", "std",
            "var", "logsumexp", "cumsum", "cumprod", "all", "any", "nansum", "median", "mode",
            "count_nonzero", "cummax", "cummin", "var_mean", "std_mean", "argsort", "sort",
            "softmax", "log_softmax"]:
    def _reduce(t, op=_op):
        return getattr(F(t) if op in ("softmax", "log_softmax") else t, op)
    _family("reduce_dims", {
        IndexError: {f"{_op}_dim_oob": lambda t, f=_reduce: f(t)(t.ones(2, 3), 2),
                     f"{_op}_dim_neg_oob": lambda t, f=_reduce: f(t)(t.ones(2, 3), -3)},
        TypeError: {f"{_op}_dim_float": lambda t, f=_reduce: f(t)(t.ones(2, 3), 0.5)},
        # F.softmax calls input.softmax: PyTorch's own AttributeError for a list.
        AttributeError if _op.endswith("softmax") else TypeError: {
            f"{_op}_list": lambda t, f=_reduce: f(t)([1., 2.], 0)},
    })

# Elementwise and shape ops given a non-tensor.
for _op in ["exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "sqrt", "abs", "neg", "relu",
            "floor", "ceil", "round", "trunc", "frac", "sign", "reciprocal", "square", "exp2",
            "log1p", "expm1", "rsqrt", "log2", "log10", "asin", "acos", "atan", "sinh", "cosh",
            "asinh", "acosh", "atanh", "sgn", "isnan", "isinf", "isfinite", "logical_not",
            "bitwise_not", "nan_to_num", "clone", "flatten", "ravel", "t", "numel", "nonzero",
            "argwhere", "diag", "tril", "triu", "trace"]:
    _family("non_tensor", {TypeError: {
        f"{_op}_{label}": lambda t, op=_op, v=value: getattr(t, op)(v)
        for label, value in (("list", [1.0, 2.0]), ("str", "a"), ("none", None))}})

# Factories: negative, fractional, textual and overflowing sizes; dtype given as a string.
for _op in ["zeros", "ones", "empty", "rand", "randn"]:
    _family("factory_sizes", {
        RuntimeError: {f"{_op}_negative": lambda t, op=_op: getattr(t, op)(2, -1),
                       f"{_op}_overflow": lambda t, op=_op: getattr(t, op)(2**62, 2**62)},
        TypeError: {f"{_op}_float": lambda t, op=_op: getattr(t, op)(2, 1.5),
                    f"{_op}_str": lambda t, op=_op: getattr(t, op)("a"),
                    f"{_op}_dtype_str": lambda t, op=_op: getattr(t, op)(2, dtype="float32")},
    })

# Shape ops given a dim outside a (2, 3) tensor, or a float dim.
_DIM_OPS = {
    "transpose": lambda t, d: t.ones(2, 3).transpose(d, 0),
    "squeeze": lambda t, d: t.ones(2, 3).squeeze(d),
    "flip": lambda t, d: t.ones(2, 3).flip(d),
    "select": lambda t, d: t.ones(2, 3).select(d, 0),
    "unbind": lambda t, d: t.ones(2, 3).unbind(d),
    "split": lambda t, d: t.ones(2, 3).split(1, d),
    "chunk": lambda t, d: t.ones(2, 3).chunk(2, d),
    "cat": lambda t, d: t.cat([t.ones(2, 3), t.ones(2, 3)], d),
    "narrow": lambda t, d: t.ones(2, 3).narrow(d, 0, 1),
    "movedim": lambda t, d: t.ones(2, 3).movedim(d, 0),
    "roll": lambda t, d: t.ones(2, 3).roll(1, d),
    "gather": lambda t, d: t.ones(2, 3).gather(d, t.zeros(2, 3, dtype=t.long)),
    "index_select": lambda t, d: t.ones(2, 3).index_select(d, t.tensor([0])),
    "diagonal": lambda t, d: t.ones(2, 3).diagonal(0, d, 0),
    "unflatten": lambda t, d: t.ones(2, 3).unflatten(d, (1, -1)),
    "cumsum": lambda t, d: t.ones(2, 3).cumsum(d),
    "norm": lambda t, d: t.ones(2, 3).norm(dim=d),
    "topk": lambda t, d: t.ones(2, 3).topk(1, d),
    "kthvalue": lambda t, d: t.ones(2, 3).kthvalue(1, d),
    "repeat_interleave": lambda t, d: t.ones(2, 3).repeat_interleave(2, d),
    "tensor_split": lambda t, d: t.tensor_split(t.ones(2, 3), 2, d),
    "glu": lambda t, d: F(t).glu(t.ones(2, 4), d),
    "normalize": lambda t, d: F(t).normalize(t.ones(2, 3), dim=d),
    "cosine_similarity": lambda t, d: F(t).cosine_similarity(t.ones(2, 3), t.ones(2, 3), d),
    "unsqueeze": lambda t, d: t.ones(2, 3).unsqueeze(d + 1 if d > 0 else d - 1),
    "stack": lambda t, d: t.stack([t.ones(2, 3), t.ones(2, 3)], d + 1 if d > 0 else d - 1),
}
for _name, _fn in _DIM_OPS.items():
    _family("dims", {
        IndexError: {f"{_name}_dim_oob": lambda t, fn=_fn: fn(t, 2),
                     f"{_name}_dim_neg_oob": lambda t, fn=_fn: fn(t, -3)},
        TypeError: {f"{_name}_dim_float": lambda t, fn=_fn: fn(t, 0.5)},
    })

# --- hand-written families --------------------------------------------------------------------
_family("dtype", {
    IndexError: {
        "getitem_float_tensor": lambda t: t.zeros(3)[t.tensor([0.5])],
        "cumsum_on_bool_out": lambda t: t.ones(3, dtype=t.bool).cumprod(1),
    },
    NotImplementedError: {
        "batch_norm_long":
            lambda t: F(t).batch_norm(i23(t), t.zeros(3, dtype=t.long), t.ones(3, dtype=t.long),
                                      training=True),
        "layer_norm_long": lambda t: F(t).layer_norm(i23(t), (3,)),
        "group_norm_long": lambda t: F(t).group_norm(i23(t).reshape(1, 2, 3), 1),
        "lerp_long": lambda t: t.lerp(t.arange(3), t.arange(3), 0.5),
        "lerp_long_tensor_w": lambda t: t.lerp(t.arange(3), t.arange(3), t.arange(3)),
        "softmax_long": lambda t: F(t).softmax(i23(t), 0),
        "log_softmax_long": lambda t: F(t).log_softmax(i23(t), 0),
        "mse_long": lambda t: F(t).mse_loss(t.arange(3), t.arange(3)),
        "cross_entropy_long_input": lambda t: F(t).cross_entropy(i23(t), t.tensor([0, 1])),
        "gelu_long": lambda t: F(t).gelu(t.arange(3)),
        "silu_long": lambda t: F(t).silu(t.arange(3)),
        "softplus_long": lambda t: F(t).softplus(t.arange(3)),
        "elu_long": lambda t: F(t).elu(t.arange(3)),
        "normal_long": lambda t: t.arange(3).normal_(),
        "uniform_long": lambda t: t.arange(3).uniform_(),
        "randn_long": lambda t: t.randn(3, dtype=t.long),
        "rand_long": lambda t: t.rand(3, dtype=t.long),
        "histc_long": lambda t: t.histc(t.arange(3)),
        "max_complex": lambda t: t.ones(3, dtype=t.complex64).max(),
        "lt_complex": lambda t: t.ones(3, dtype=t.complex64) < 1,
        "clamp_complex": lambda t: t.clamp(t.ones(3, dtype=t.complex64), 0, 1),
        "floor_complex": lambda t: t.floor(t.ones(3, dtype=t.complex64)),
        "abs_bool": lambda t: t.abs(t.ones(3, dtype=t.bool)),
        "fmod_bool": lambda t: t.fmod(t.ones(3, dtype=t.bool), t.ones(3, dtype=t.bool)),
        "remainder_bool": lambda t: t.remainder(t.ones(3, dtype=t.bool), t.ones(3, dtype=t.bool)),
        "floor_divide_bool":
            lambda t: t.floor_divide(t.ones(3, dtype=t.bool), t.ones(3, dtype=t.bool)),
    },
    RuntimeError: {
        "std_long": lambda t: t.std(i23(t)),
        "var_long": lambda t: t.var(i23(t)),
        "mean_long": lambda t: t.mean(i23(t)),
        "std_mean_long": lambda t: t.std_mean(i23(t)),
        "var_dim_long": lambda t: i23(t).var(0),
        "linear_long": lambda t: t.nn.Linear(3, 2)(i23(t)),
        "randint_bool": lambda t: t.randint(0, 3, (3,), dtype=t.complex64),
        "linspace_bool": lambda t: t.linalg.inv(t.eye(2, dtype=t.long)),
        "det_long": lambda t: t.det(t.eye(2, dtype=t.long)),
        "matmul_long_float": lambda t: t.matmul(t.ones(2, 2, dtype=t.long), t.ones(2, 2)),
        "mm_mixed": lambda t: t.mm(t.ones(2, 2, dtype=t.float64), t.ones(2, 2)),
        "dot_mixed": lambda t: t.dot(t.ones(2, dtype=t.long), t.ones(2)),
        "bmm_mixed": lambda t: t.bmm(t.ones(1, 2, 2, dtype=t.float64), t.ones(1, 2, 2)),
        "index_add_mixed":
            lambda t: t.zeros(3).index_add_(0, t.tensor([0]), t.ones(1, dtype=t.float64)),
        "index_copy_mixed":
            lambda t: t.zeros(3).index_copy_(0, t.tensor([0]), t.ones(1, dtype=t.float64)),
        "scatter_src_dtype":
            lambda t: t.zeros(3).scatter(0, t.tensor([0]), t.ones(1, dtype=t.float64)),
        "scatter_add_src_dtype":
            lambda t: t.zeros(3).scatter_add(0, t.tensor([0]), t.ones(1, dtype=t.float64)),
        "masked_scatter_dtype":
            lambda t: t.zeros(3).masked_scatter(t.ones(3, dtype=t.bool),
                                                t.ones(3, dtype=t.float64)),
        "gather_float_index": lambda t: t.gather(t.zeros(3), 0, t.tensor([0.])),
        "index_select_float_index": lambda t: t.index_select(t.zeros(3), 0, t.tensor([0.])),
        "scatter_float_index": lambda t: t.zeros(3).scatter(0, t.tensor([0.]), t.ones(1)),
        "take_float_index": lambda t: t.take(t.zeros(3), t.tensor([0.])),
        "embedding_float_index": lambda t: F(t).embedding(t.tensor([0.]), t.ones(3, 2)),
        "masked_fill_float_mask": lambda t: t.zeros(3).masked_fill(t.ones(3), 1.),
        "where_float_cond": lambda t: t.where(t.ones(3), t.ones(3), t.ones(3)),
        "bce_long_target":
            lambda t: F(t).binary_cross_entropy(t.full((3,), 0.5), t.tensor([0, 1, 0])),
        "bce_logits_long_target":
            lambda t: F(t).binary_cross_entropy_with_logits(t.zeros(3), t.tensor([0, 1, 0])),
        "nll_float_target": lambda t: F(t).nll_loss(t.zeros(2, 3), t.tensor([0., 1.])),
        "cross_entropy_int32_target":
            lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1], dtype=t.int32)),
        "ce_bool_target": lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([True, False])),
        "add_inplace_float_into_long": lambda t: t.arange(3).add_(t.ones(3)),
        "mul_inplace_float_into_bool": lambda t: t.ones(3, dtype=t.bool).mul_(1.5),
        "div_inplace_long": lambda t: t.arange(3).div_(2),
        "sqrt_inplace_long": lambda t: t.arange(3).sqrt_(),
        "sin_out_long": lambda t: t.arange(3).exp_(),
        "requires_grad_long": lambda t: t.arange(3).requires_grad_(),
        "tensor_long_requires_grad": lambda t: t.tensor([1, 2], requires_grad=True),
        "zeros_long_requires_grad": lambda t: t.zeros(2, dtype=t.long, requires_grad=True),
        "ones_bool_requires_grad": lambda t: t.ones(2, dtype=t.bool, requires_grad=True),
        "param_long": lambda t: t.nn.Parameter(t.arange(3)),
        "dtype_string_to": lambda t: t.ones(2).to("float32"),
        "histc_nan_range": lambda t: t.histc(t.ones(3), bins=4, min=0, max=float("nan")),
        "histc_inf_range": lambda t: t.histc(t.tensor([1., float("inf")]), bins=4),
        "histc_bins0": lambda t: t.histc(t.ones(3), bins=0),
        "histc_min_gt_max": lambda t: t.histc(t.ones(3), bins=4, min=3, max=1),
        "cholesky_long": lambda t: t.linalg.cholesky(t.eye(2, dtype=t.long)),
        "topk_bool": lambda t: t.topk(t.ones(3, dtype=t.bool), 1),
        "sort_complex": lambda t: t.sort(t.ones(3, dtype=t.complex64)),
        "relu_bool": lambda t: t.relu(t.ones(3, dtype=t.bool)),
        "sub_bool": lambda t: t.ones(3, dtype=t.bool) - t.ones(3, dtype=t.bool),
        "neg_bool": lambda t: -t.ones(3, dtype=t.bool),
        "rsub_bool": lambda t: 1 - t.ones(3, dtype=t.bool),
        "sub_bool_scalar": lambda t: t.ones(3, dtype=t.bool).sub(True),
        "addmm_long_float":
            lambda t: t.addmm(t.ones(2, 2), t.ones(2, 2, dtype=t.long), t.ones(2, 2)),
    },
    TypeError: {
        "cumsum_bad_dtype_arg": lambda t: t.cumsum(t.ones(3), 0, dtype="float32"),
        "dtype_string_tensor": lambda t: t.tensor([1.], dtype="float32"),
        "dtype_string_zeros": lambda t: t.zeros(2, dtype="float32"),
        "dtype_string_ones": lambda t: t.ones(2, dtype="float64"),
        "dtype_string_arange": lambda t: t.arange(3, dtype="int64"),
        "dtype_string_full": lambda t: t.full((2,), 1., dtype="float32"),
        "dtype_string_sum": lambda t: t.ones(2).sum(dtype="float32"),
        "dtype_int": lambda t: t.zeros(2, dtype=3),
        "empty_dtype_string": lambda t: t.empty(2, dtype="float32"),
        "randn_dtype_string": lambda t: t.randn(2, dtype="float32"),
    },
})

_family("index_shape", {
    IndexError: {
        "scatter_dim_oob": lambda t: t.zeros(3).scatter(1, t.zeros(1, dtype=t.long), t.ones(1)),
        "gather_dim_oob": lambda t: t.gather(t.zeros(3), 2, t.zeros(1, dtype=t.long)),
        "index_select_2d_index":
            lambda t: t.index_select(t.zeros(3), 0, t.zeros(1, 1, dtype=t.long)),
        "index_select_dim_oob": lambda t: t.index_select(t.zeros(3), 1, t.zeros(1, dtype=t.long)),
        "index_copy_index_len": lambda t: t.zeros(3).index_copy_(0, t.tensor([0, 1]), t.ones(3)),
        "getitem_bool_mask_shape": lambda t: t.zeros(3)[t.ones(4, dtype=t.bool)],
        "getitem_too_many": lambda t: t.zeros(3)[0, 0],
        "getitem_float": lambda t: t.zeros(3)[1.5],
    },
    RuntimeError: {
        "scatter_src_smaller":
            lambda t: t.zeros(3, 3).scatter(0, t.zeros(2, 3, dtype=t.long), t.ones(1, 3)),
        "scatter_ndim": lambda t: t.zeros(3, 3).scatter(0, t.zeros(3, dtype=t.long), t.ones(3)),
        "scatter_add_src_smaller":
            lambda t: t.zeros(3).scatter_add(0, t.zeros(3, dtype=t.long), t.ones(2)),
        "scatter_reduce_bad_reduce":
            lambda t: t.zeros(3).scatter_reduce(0, t.zeros(1, dtype=t.long), t.ones(1), "bogus"),
        "gather_ndim": lambda t: t.gather(t.zeros(3, 3), 0, t.zeros(3, dtype=t.long)),
        "gather_index_too_big_other_dim":
            lambda t: t.gather(t.zeros(3, 3), 0, t.zeros(3, 4, dtype=t.long)),
        "index_add_source_shape":
            lambda t: t.zeros(3, 2).index_add_(0, t.tensor([0]), t.ones(1, 3)),
        "index_add_index_len": lambda t: t.zeros(3).index_add_(0, t.tensor([0, 1]), t.ones(1)),
        "index_fill_2d_index": lambda t: t.zeros(3).index_fill_(0, t.zeros(1, 1, dtype=t.long), 1.),
        "masked_select_shape": lambda t: t.masked_select(t.zeros(3), t.ones(4, dtype=t.bool)),
        "masked_scatter_small_source":
            lambda t: t.zeros(3).masked_scatter(t.ones(3, dtype=t.bool), t.ones(2)),
        "setitem_shape": lambda t: t.zeros(3).__setitem__(slice(None), t.ones(4)),
        "index_put_shape": lambda t: t.zeros(3).index_put_((t.tensor([0, 1]),), t.ones(3)),
        "take_along_dim_ndim":
            lambda t: t.take_along_dim(t.zeros(3, 3), t.zeros(3, dtype=t.long), 0),
        "embedding_1d_weight": lambda t: F(t).embedding(t.tensor([0]), t.ones(3)),
        "embedding_3d_weight": lambda t: F(t).embedding(t.tensor([0]), t.ones(3, 2, 2)),
        "one_hot_float": lambda t: F(t).one_hot(t.tensor([0.]), 3),
        "one_hot_small_classes": lambda t: F(t).one_hot(t.tensor([3]), 2),
        "ce_target_ndim": lambda t: F(t).cross_entropy(t.zeros(2, 3), t.zeros(2, 2, dtype=t.long)),
        "ce_probs_shape": lambda t: F(t).cross_entropy(t.zeros(2, 3), t.zeros(2, 4)),
        "ce_weight_len":
            lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1]), weight=t.ones(4)),
    },
    TypeError: {
        "getitem_str": lambda t: t.zeros(3)["a"],
        "nll_float_ignore_index":
            lambda t: F(t).nll_loss(t.zeros(2, 3), t.tensor([0, 1]), ignore_index=1.5),
        "ce_float_ignore_index":
            lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1]), ignore_index=-100.5),
        "CrossEntropyLoss_float_ignore_index":
            lambda t: t.nn.CrossEntropyLoss(ignore_index=0.5)(t.zeros(2, 3), t.tensor([0, 1])),
    },
    ValueError: {
        "ce_target_shape": lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1, 2])),
        "nll_1d_input_batch_target": lambda t: F(t).nll_loss(t.zeros(3), t.tensor([0, 1])),
    },
})

_family("python_type", {
    AttributeError: {
        "softmax_list": lambda t: F(t).softmax([1., 2.], 0),
    },
    RuntimeError: {
        "tensor_dict": lambda t: t.tensor({"a": 1}),
        "tensor_none": lambda t: t.tensor(None),
        "tensor_object": lambda t: t.tensor(object()),
        "to_bad_str": lambda t: t.ones(3).to("bogus"),
        "device_bad": lambda t: t.ones(3, device="bogus"),
        "device_bad_index": lambda t: t.ones(3, device="cpu:x"),
        "item_multi": lambda t: t.ones(3).item(),
        "bool_multi": lambda t: bool(t.ones(3)),
        "numpy_requires_grad": lambda t: t.ones(3, requires_grad=True).cpu().numpy(),
        "backward_non_scalar": lambda t: t.ones(3, requires_grad=True).mul(2).backward(),
        "backward_no_grad": lambda t: t.ones(3).sum().backward(),
        "grad_non_scalar": lambda t: t.autograd.grad(t.ones(3, requires_grad=True) * 2, []),
    },
    TypeError: {
        "sum_list": lambda t: t.sum([1, 2]),
        "mean_list": lambda t: t.mean([1., 2.]),
        "relu_list": lambda t: t.relu([1., 2.]),
        "F_relu_list": lambda t: F(t).relu([1., 2.]),
        "exp_list": lambda t: t.exp([1.]),
        "exp_float": lambda t: t.exp(1.),
        "sin_none": lambda t: t.sin(None),
        "abs_str": lambda t: t.abs("a"),
        "sigmoid_list": lambda t: t.sigmoid([1.]),
        "tanh_int": lambda t: t.tanh(1),
        "max_list": lambda t: t.max([1, 2]),
        "argmax_list": lambda t: t.argmax([1, 2]),
        "matmul_list": lambda t: t.matmul([[1.]], t.ones(1, 1)),
        "mm_list": lambda t: t.mm(t.ones(1, 1), [[1.]]),
        "cat_tensor": lambda t: t.cat(t.ones(2, 3)),
        "stack_tensor": lambda t: t.stack(t.ones(2, 3)),
        "cat_list_of_lists": lambda t: t.cat([[1.], [2.]]),
        "stack_list_of_floats": lambda t: t.stack([1., 2.]),
        "cat_none": lambda t: t.cat(None),
        "cat_int": lambda t: t.cat([t.ones(1), 1]),
        "tensor_str": lambda t: t.tensor("abc"),
        "tensor_mixed_list": lambda t: t.tensor([1, "a"]),
        "as_tensor_str": lambda t: t.as_tensor("abc"),
        "view_str": lambda t: t.ones(6).view("a"),
        "view_float": lambda t: t.ones(6).view(2.0, 3),
        "view_none": lambda t: t.ones(6).view(None),
        "reshape_float": lambda t: t.ones(6).reshape(2.5, 3),
        "reshape_float_single": lambda t: t.ones(6).reshape(2.5),
        "reshape_str": lambda t: t.ones(6).reshape("a"),
        "reshape_fn_float": lambda t: t.reshape(t.ones(6), (2.0, 3)),
        "zeros_float_size": lambda t: t.zeros(2.5),
        "ones_str_size": lambda t: t.ones("a"),
        "empty_float_size": lambda t: t.empty(2.0, 3),
        "randn_float_size": lambda t: t.randn(2.5),
        "full_float_size": lambda t: t.full((2.5,), 1.),
        "expand_float": lambda t: t.ones(1).expand(2.5),
        "repeat_float": lambda t: t.ones(2).repeat(2.5),
        "permute_float": lambda t: t.ones(2, 3).permute(1.0, 0),
        "transpose_float": lambda t: t.ones(2, 3).transpose(0.0, 1),
        "sum_dim_float": lambda t: t.ones(3).sum(0.5),
        "sum_dim_str": lambda t: t.ones(3).sum("a"),
        "mean_dim_float": lambda t: t.ones(3).mean(0.0),
        "softmax_dim_float": lambda t: F(t).softmax(t.ones(3), 0.5),
        "unsqueeze_float": lambda t: t.ones(3).unsqueeze(0.5),
        "squeeze_str": lambda t: t.ones(3).squeeze("a"),
        "flatten_float": lambda t: t.ones(3).flatten(0.5),
        "narrow_float": lambda t: t.ones(3).narrow(0, 0.5, 1),
        "topk_float_k": lambda t: t.ones(3).topk(1.5),
        "split_float": lambda t: t.ones(4).split(1.5),
        "chunk_float": lambda t: t.ones(4).chunk(1.5),
        "roll_float": lambda t: t.ones(4).roll(1.5),
        "add_str": lambda t: t.ones(3) + "a",
        "add_none": lambda t: t.ones(3) + None,
        "mul_list": lambda t: t.ones(3).mul([1, 2, 3]),
        "add_fn_list": lambda t: t.add(t.ones(3), [1, 2, 3]),
        "eq_str": lambda t: t.eq(t.ones(3), "a"),
        "pow_str": lambda t: t.ones(3) ** "a",
        "clamp_str": lambda t: t.clamp(t.ones(3), min="a"),
        "where_list": lambda t: t.where([True], t.ones(1), t.ones(1)),
        "linear_list": lambda t: F(t).linear([[1.]], t.ones(1, 1)),
        "Linear_float_features": lambda t: t.nn.Linear(2.5, 3),
        "Linear_list_input": lambda t: t.nn.Linear(1, 1)([1.]),
        "Conv2d_str_kernel": lambda t: t.nn.Conv2d(1, 1, "a"),
        "dropout_p_str": lambda t: F(t).dropout(t.ones(3), p="a"),
        "requires_grad_str": lambda t: t.ones(3).requires_grad_("yes"),
        "dtype_bad_name": lambda t: t.ones(3).to(dtype="float32"),
        "index_tensor_float": lambda t: [1, 2][t.tensor(0.5)],
        "len_0d": lambda t: len(t.tensor(1.)),
        "iter_0d": lambda t: iter(t.tensor(1.)),
        "set_default_dtype_long": lambda t: t.set_default_dtype(t.long),
        "no_grad_arg": lambda t: t.set_grad_enabled("a"),
    },
    ValueError: {
        "tensor_list_str": lambda t: t.tensor(["a", "b"]),
        "tensor_ragged": lambda t: t.tensor([[1, 2], [3]]),
        "Dropout_p_big": lambda t: t.nn.Dropout(1.5),
        "Dropout_p_neg": lambda t: F(t).dropout(t.ones(3), p=-0.1),
        "type_bad": lambda t: t.ones(3).type("bogus"),
        "float_multi": lambda t: float(t.ones(3)),
        "int_multi": lambda t: int(t.ones(3)),
        "manual_seed_str": lambda t: t.manual_seed("a"),
    },
})

_family("shape", {
    IndexError: {
        "permute_oob": lambda t: t.ones(2, 3).permute(0, 2),
        "transpose_oob": lambda t: t.ones(2, 3).transpose(0, 2),
        "squeeze_oob": lambda t: t.ones(2, 3).squeeze(2),
        "unsqueeze_oob": lambda t: t.ones(2, 3).unsqueeze(4),
        "unsqueeze_neg_oob": lambda t: t.ones(2, 3).unsqueeze(-4),
        "flatten_oob": lambda t: t.ones(2, 3).flatten(0, 2),
        "cat_dim_oob": lambda t: t.cat([t.ones(2), t.ones(2)], 1),
        "stack_dim_oob": lambda t: t.stack([t.ones(2), t.ones(2)], 3),
        "unbind_oob": lambda t: t.ones(4).unbind(1),
        "flip_oob": lambda t: t.ones(2, 3).flip(2),
        "roll_dim_oob": lambda t: t.ones(2, 3).roll(1, 2),
        "select_0d": lambda t: t.tensor(1.).select(0, 0),
        "swapaxes_oob": lambda t: t.ones(2).swapaxes(0, 1),
        "squeeze_list_dup": lambda t: t.ones(1, 1).squeeze((0, 5)),
    },
    RuntimeError: {
        "view_numel": lambda t: t.ones(6).view(4, 2),
        "view_two_minus_one": lambda t: t.ones(6).view(-1, -1),
        "view_non_contiguous": lambda t: t.ones(2, 3).t().view(6),
        "view_negative": lambda t: t.ones(6).view(-2, 3),
        "reshape_numel": lambda t: t.ones(6).reshape(4, 2),
        "reshape_minus_one_uninferable": lambda t: t.ones(6).reshape(-1, 4),
        "reshape_zero_minus_one": lambda t: t.ones(0).reshape(0, -1),
        "permute_dup": lambda t: t.ones(2, 3).permute(0, 0),
        "permute_len": lambda t: t.ones(2, 3).permute(0),
        "t_3d": lambda t: t.ones(2, 3, 4).t(),
        "flatten_bad_range": lambda t: t.ones(2, 3, 4).flatten(2, 1),
        "unflatten_bad": lambda t: t.ones(6).unflatten(0, (4, 2)),
        "movedim_dup": lambda t: t.ones(2, 3).movedim((0, 1), (0, 0)),
        "movedim_len": lambda t: t.ones(2, 3).movedim((0, 1), (0,)),
        "cat_shapes": lambda t: t.cat([t.ones(2, 3), t.ones(2, 4)]),
        "cat_ndim": lambda t: t.cat([t.ones(2, 3), t.ones(3)]),
        "stack_shapes": lambda t: t.stack([t.ones(2), t.ones(3)]),
        "stack_empty": lambda t: t.stack([]),
        "hstack_empty": lambda t: t.hstack([]),
        "vstack_shapes": lambda t: t.vstack([t.ones(2), t.ones(3)]),
        "split_sizes_sum": lambda t: t.ones(4).split([1, 2]),
        "split_zero": lambda t: t.ones(4).split(0),
        "split_negative": lambda t: t.ones(4).split(-1),
        "chunk_zero": lambda t: t.ones(4).chunk(0),
        "tensor_split_zero": lambda t: t.tensor_split(t.ones(4), 0),
        "expand_shrink": lambda t: t.ones(3).expand(2),
        "expand_fewer_dims": lambda t: t.ones(2, 3).expand(3),
        "expand_negative_new": lambda t: t.ones(3).expand(-1, 3),
        "repeat_fewer_dims": lambda t: t.ones(2, 3).repeat(2),
        "repeat_negative": lambda t: t.ones(2).repeat(-1),
        "repeat_interleave_neg": lambda t: t.ones(2).repeat_interleave(-1),
        "repeat_interleave_len": lambda t: t.ones(2).repeat_interleave(t.tensor([1, 2, 3])),
        "tile_negative": lambda t: t.ones(2).tile((-1,)),
        "flip_dup": lambda t: t.ones(2, 3).flip(0, 0),
        "roll_len_mismatch": lambda t: t.ones(2, 3).roll((1, 2), (0,)),
        "narrow_len": lambda t: t.ones(3).narrow(0, 1, 3),
        "narrow_negative_len": lambda t: t.ones(3).narrow(0, 0, -1),
        "diagonal_dup": lambda t: t.ones(2, 3).diagonal(0, 0, 0),
        "diag_3d": lambda t: t.diag(t.ones(2, 2, 2)),
        "tril_1d": lambda t: t.tril(t.ones(3)),
        "triu_1d": lambda t: t.triu(t.ones(3)),
        "trace_1d": lambda t: t.trace(t.ones(3)),
        "unfold_size_big": lambda t: t.ones(3).unfold(0, 4, 1),
        "unfold_step_zero": lambda t: t.ones(3).unfold(0, 2, 0),
        "masked_fill_nonscalar_value":
            lambda t: t.ones(3).masked_fill(t.ones(3, dtype=t.bool), t.ones(3)),
        "set_inplace_view_expand": lambda t: t.ones(1).expand(3).add_(1),
    },
    ValueError: {
        "cat_empty_list": lambda t: t.cat([]),
    },
})

_family("reduction", {
    IndexError: {
        "sum_dim_oob": lambda t: t.ones(2, 3).sum(2),
        "sum_dim_neg_oob": lambda t: t.ones(2, 3).sum(-3),
        "mean_dim_oob": lambda t: t.ones(2, 3).mean(5),
        "prod_dim_oob": lambda t: t.ones(2, 3).prod(2),
        "std_dim_oob": lambda t: t.ones(2, 3).std(2),
        "max_dim_oob": lambda t: t.ones(2, 3).max(2),
        "argmax_dim_oob": lambda t: t.ones(2, 3).argmax(2),
        "cumsum_dim_oob": lambda t: t.ones(2, 3).cumsum(2),
        "cumprod_dim_oob": lambda t: t.ones(2, 3).cumprod(-3),
        "logsumexp_dim_oob": lambda t: t.ones(2, 3).logsumexp(2),
        "softmax_dim_oob": lambda t: F(t).softmax(t.ones(2, 3), 2),
        "log_softmax_dim_oob": lambda t: F(t).log_softmax(t.ones(2, 3), -3),
        "norm_dim_oob": lambda t: t.ones(2, 3).norm(dim=2),
        "all_dim_oob": lambda t: t.ones(2, 3).all(2),
        "any_dim_oob": lambda t: t.ones(2, 3).any(2),
        "sort_dim_oob": lambda t: t.ones(2, 3).sort(2),
        "topk_dim_oob": lambda t: t.ones(3).topk(1, dim=1),
        "argmax_empty": lambda t: t.ones(0).argmax(),
        "argmin_empty": lambda t: t.ones(0).argmin(),
        "max_dim_empty": lambda t: t.ones(0, 3).max(0),
        "min_dim_empty": lambda t: t.ones(0, 3).min(0),
        "argmax_dim_empty": lambda t: t.ones(0, 3).argmax(0),
        "amax_dim_empty": lambda t: t.ones(0, 3).amax(0),
        "kthvalue_empty": lambda t: t.ones(0).kthvalue(1),
        "median_dim_empty": lambda t: t.ones(0, 3).median(0),
        "mode_dim_empty": lambda t: t.ones(0, 3).mode(0),
        "cummax_dim_oob": lambda t: t.ones(3).cummax(1),
    },
    RuntimeError: {
        "sum_dup_dims": lambda t: t.ones(2, 3).sum((0, 0)),
        "topk_k_big": lambda t: t.ones(3).topk(4),
        "topk_k_neg": lambda t: t.ones(3).topk(-1),
        "kthvalue_k_big": lambda t: t.ones(3).kthvalue(4),
        "kthvalue_k_zero": lambda t: t.ones(3).kthvalue(0),
        "amax_empty": lambda t: t.ones(0).amax(),
        "amin_empty": lambda t: t.ones(0).amin(),
        "max_empty": lambda t: t.ones(0).max(),
        "min_empty": lambda t: t.ones(0).min(),
        "aminmax_empty": lambda t: t.aminmax(t.ones(0)),
        "norm_p_str": lambda t: t.ones(3).norm(p="bogus"),
    },
    TypeError: {
        "var_correction_str": lambda t: t.ones(3).var(correction="a"),
    },
})

_family("factory", {
    RuntimeError: {
        "arange_inf": lambda t: t.arange(float("inf")),
        "arange_nan": lambda t: t.arange(float("nan")),
        "arange_neg_inf_start": lambda t: t.arange(float("-inf"), 0),
        "arange_step_zero": lambda t: t.arange(0, 10, 0),
        "arange_wrong_sign": lambda t: t.arange(0, 10, -1),
        "arange_huge": lambda t: t.arange(0, 1e30, 1e-30),
        "eye_neg": lambda t: t.eye(-1),
        "eye_neg_m": lambda t: t.eye(2, -1),
        "empty_huge": lambda t: t.empty(2**62, 2**62),
        "zeros_neg": lambda t: t.zeros(-1),
        "ones_neg": lambda t: t.ones(2, -3),
        "empty_neg": lambda t: t.empty(-1),
        "full_neg": lambda t: t.full((-1,), 1.),
        "rand_neg": lambda t: t.rand(-1),
        "randn_neg": lambda t: t.randn(3, -1),
        "randint_neg_size": lambda t: t.randint(0, 3, (-1,)),
        "randint_low_high": lambda t: t.randint(3, 3, (2,)),
        "randint_high_low": lambda t: t.randint(5, 3, (2,)),
        "randperm_neg": lambda t: t.randperm(-1),
        "linspace_neg": lambda t: t.linspace(0, 1, -1),
        "logspace_neg": lambda t: t.logspace(0, 1, -1),
        "normal_neg_std": lambda t: t.normal(0., -1., (3,)),
        "normal_tensor_neg_std": lambda t: t.normal(t.zeros(3), -t.ones(3)),
        "normal_inplace_neg_std": lambda t: t.zeros(3).normal_(0, -1),
        "uniform_inplace_bad_range": lambda t: t.zeros(3).uniform_(1, 0),
        "bernoulli_p_big": lambda t: t.bernoulli(t.full((3,), 1.5)),
        "bernoulli_p_nan": lambda t: t.bernoulli(t.full((3,), float("nan"))),
        "bernoulli_inplace_p_big": lambda t: t.zeros(3).bernoulli_(1.5),
        "multinomial_neg": lambda t: t.multinomial(t.tensor([-1., 2.]), 1),
        "multinomial_nan": lambda t: t.multinomial(t.tensor([float("nan"), 1.]), 1),
        "multinomial_inf": lambda t: t.multinomial(t.tensor([float("inf"), 1.]), 1),
        "multinomial_zero_sum": lambda t: t.multinomial(t.zeros(3), 1),
        "multinomial_too_many": lambda t: t.multinomial(t.ones(3), 4),
        "multinomial_zero_samples": lambda t: t.multinomial(t.ones(3), 0),
        "multinomial_3d": lambda t: t.multinomial(t.ones(1, 1, 3), 1),
        "exponential_neg": lambda t: t.zeros(3).exponential_(-1.),
        "randint_float_dtype":
            lambda t: t.randint(-1, 3, (2,), dtype=t.uint8),
        "full_bool_fill_float": lambda t: t.tensor([256], dtype=t.uint8),
        "tensor_overflow_int8": lambda t: t.tensor([300], dtype=t.int8),
        "tensor_nan_to_long": lambda t: t.tensor(float("nan"), dtype=t.long),
        "zeros_size_list_neg": lambda t: t.zeros([2, -2]),
        "cartesian_prod_2d": lambda t: t.cartesian_prod(t.ones(2, 2)),
        "meshgrid_2d": lambda t: t.meshgrid(t.ones(2, 2), indexing="ij"),
        "meshgrid_bad_indexing": lambda t: t.meshgrid(t.ones(2), indexing="bogus"),
    },
    TypeError: {
        "empty_overflow_single": lambda t: t.empty(2**63),
        "zeros_like_bad_dtype": lambda t: t.zeros_like(t.ones(3), dtype="float32"),
    },
    ValueError: {
        "tensor_overflow_int": lambda t: t.tensor([2**64]),
    },
})

_family("linalg", {
    LinAlgError: {
        "inv_singular": lambda t: t.linalg.inv(t.zeros(2, 2)),
        "solve_singular": lambda t: t.linalg.solve(t.zeros(2, 2), t.ones(2)),
        "cholesky_not_pd": lambda t: t.linalg.cholesky(-t.eye(2)),
        "matrix_power_neg_singular": lambda t: t.linalg.matrix_power(t.zeros(2, 2), -1),
    },
    RuntimeError: {
        "matmul_inner": lambda t: t.matmul(t.ones(2, 3), t.ones(2, 3)),
        "matmul_0d": lambda t: t.matmul(t.tensor(1.), t.ones(2)),
        "matmul_batch": lambda t: t.matmul(t.ones(2, 2, 3), t.ones(3, 3, 2)),
        "mm_1d": lambda t: t.mm(t.ones(3), t.ones(3, 2)),
        "mm_inner": lambda t: t.mm(t.ones(2, 3), t.ones(2, 3)),
        "bmm_2d": lambda t: t.bmm(t.ones(2, 3), t.ones(3, 2)),
        "bmm_batch": lambda t: t.bmm(t.ones(2, 2, 3), t.ones(3, 3, 2)),
        "mv_shape": lambda t: t.mv(t.ones(2, 3), t.ones(2)),
        "mv_1d": lambda t: t.mv(t.ones(3), t.ones(3)),
        "dot_len": lambda t: t.dot(t.ones(2), t.ones(3)),
        "dot_2d": lambda t: t.dot(t.ones(2, 2), t.ones(2, 2)),
        "outer_2d": lambda t: t.outer(t.ones(2, 2), t.ones(2)),
        "addmm_shape": lambda t: t.addmm(t.ones(3, 3), t.ones(2, 3), t.ones(3, 2)),
        "matmul_op_inner": lambda t: t.ones(2, 3) @ t.ones(2, 3),
        "inv_nonsquare": lambda t: t.linalg.inv(t.ones(2, 3)),
        "inverse_1d": lambda t: t.inverse(t.ones(3)),
        "det_nonsquare": lambda t: t.det(t.ones(2, 3)),
        "det_1d": lambda t: t.linalg.det(t.ones(3)),
        "slogdet_nonsquare": lambda t: t.linalg.slogdet(t.ones(2, 3)),
        "solve_shape": lambda t: t.linalg.solve(t.eye(2), t.ones(3)),
        "cholesky_nonsquare": lambda t: t.linalg.cholesky(t.ones(2, 3)),
        "eigh_nonsquare": lambda t: t.linalg.eigh(t.ones(2, 3)),
        "qr_1d": lambda t: t.linalg.qr(t.ones(3)),
        "svd_1d": lambda t: t.linalg.svd(t.ones(3)),
        "pinv_1d": lambda t: t.linalg.pinv(t.ones(3)),
        "matrix_power_nonsquare": lambda t: t.linalg.matrix_power(t.ones(2, 3), 2),
        "cross_dim3": lambda t: t.linalg.cross(t.ones(2), t.ones(2)),
        "cross_shape": lambda t: t.cross(t.ones(3), t.ones(4)),
        "norm_ord_bad": lambda t: t.linalg.norm(t.ones(2, 2), ord="bogus"),
        "matrix_norm_1d": lambda t: t.linalg.matrix_norm(t.ones(3)),
        "vector_norm_long": lambda t: t.linalg.vector_norm(t.arange(3)),
        "einsum_bad": lambda t: t.einsum("ij,jk->ik", t.ones(2, 3), t.ones(2, 3)),
        "einsum_operands": lambda t: t.einsum("ij,jk->ik", t.ones(2, 3)),
        "tensordot_dims": lambda t: t.tensordot(t.ones(2, 3), t.ones(2, 3), dims=([1], [1, 0])),
        "tensordot_size": lambda t: t.tensordot(t.ones(2, 3), t.ones(2, 3), dims=([1], [0])),
        "kron_ok": lambda t: t.baddbmm(t.ones(2, 2, 2), t.ones(2, 2, 3), t.ones(2, 2, 2)),
        "lstsq_shape": lambda t: t.linalg.lstsq(t.ones(3, 2), t.ones(4, 1)),
    },
})

_family("nn", {
    AssertionError: {
        "Embedding_padding_idx_oob": lambda t: t.nn.Embedding(3, 2, padding_idx=3),
        "MultiheadAttention_indivisible": lambda t: t.nn.MultiheadAttention(5, 2),
    },
    IndexError: {
        "softmax_no_dim_3d": lambda t: F(t).softmax(t.ones(3), dim=3),
        "normalize_p_zero": lambda t: F(t).normalize(t.ones(3), dim=2),
        "Sequential_bad_index": lambda t: t.nn.Sequential(t.nn.ReLU())[3],
        "ModuleList_bad_index": lambda t: t.nn.ModuleList([t.nn.ReLU()])[2],
    },
    KeyError: {
        "register_buffer_bad_name": lambda t: t.nn.Module().register_buffer("a.b", t.ones(1)),
    },
    NotImplementedError: {
        "pad_mode_bad": lambda t: F(t).pad(t.ones(1, 1, 3), (1, 1), mode="bogus"),
        "interpolate_mode_bad": lambda t: F(t).interpolate(img(t), size=4, mode="bogus"),
    },
    RuntimeError: {
        "conv2d_kernel0": lambda t: t.nn.Conv2d(3, 8, 0)(img(t)),
        "conv2d_channels": lambda t: t.nn.Conv2d(4, 8, 3)(img(t)),
        "conv2d_kernel_big": lambda t: t.nn.Conv2d(3, 8, 9)(img(t)),
        "conv2d_stride0": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3, 3), stride=0),
        "conv2d_neg_padding": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3, 3), padding=-1),
        "conv2d_dilation0": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3, 3), dilation=0),
        "conv2d_weight_ndim": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3)),
        "conv2d_input_2d": lambda t: F(t).conv2d(t.ones(8, 8), t.ones(8, 3, 3, 3)),
        "conv2d_bias_len": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3, 3), bias=t.ones(7)),
        "conv2d_groups": lambda t: F(t).conv2d(img(t), t.ones(8, 3, 3, 3), groups=2),
        "conv1d_channels": lambda t: F(t).conv1d(t.ones(1, 2, 5), t.ones(1, 3, 2)),
        "conv1d_kernel0": lambda t: t.nn.Conv1d(2, 2, 0)(t.ones(1, 2, 5)),
        "conv_transpose2d_channels": lambda t: F(t).conv_transpose2d(img(t), t.ones(4, 2, 3, 3)),
        "max_pool2d_kernel0": lambda t: F(t).max_pool2d(img(t), 0),
        "max_pool2d_kernel_big": lambda t: F(t).max_pool2d(img(t), 9),
        "max_pool2d_stride0": lambda t: F(t).max_pool2d(img(t), 2, stride=0),
        "max_pool2d_pad_big": lambda t: F(t).max_pool2d(img(t), 2, padding=2),
        "max_pool2d_2d_input": lambda t: F(t).max_pool2d(t.ones(8), 2),
        "avg_pool2d_kernel_big": lambda t: F(t).avg_pool2d(img(t), 9),
        "avg_pool2d_kernel0": lambda t: F(t).avg_pool2d(img(t), 0),
        "avg_pool2d_pad_big": lambda t: F(t).avg_pool2d(img(t), 2, padding=2),
        "max_pool1d_kernel_big": lambda t: F(t).max_pool1d(t.ones(1, 1, 3), 4),
        "adaptive_avg_pool2d_neg": lambda t: F(t).adaptive_avg_pool2d(img(t), -1),
        "adaptive_avg_pool2d_neg_pair": lambda t: F(t).adaptive_avg_pool2d(img(t), (2, -1)),
        "adaptive_max_pool2d_neg": lambda t: F(t).adaptive_max_pool2d(img(t), -1),
        "adaptive_avg_pool1d_neg": lambda t: F(t).adaptive_avg_pool1d(t.ones(1, 1, 4), -2),
        "adaptive_avg_pool2d_1d_input": lambda t: F(t).adaptive_avg_pool2d(t.ones(4), 2),
        "linear_shape": lambda t: t.nn.Linear(4, 2)(t.ones(2, 3)),
        "F_linear_shape": lambda t: F(t).linear(t.ones(2, 3), t.ones(2, 4)),
        "F_linear_bias": lambda t: F(t).linear(t.ones(2, 3), t.ones(2, 3), t.ones(3)),
        "bilinear_shape": lambda t: t.nn.Bilinear(2, 3, 4)(t.ones(1, 2), t.ones(1, 2)),
        "batch_norm_channels": lambda t: t.nn.BatchNorm1d(4)(t.ones(2, 3)),
        "layer_norm_shape": lambda t: F(t).layer_norm(t.ones(2, 3), (4,)),
        "LayerNorm_shape": lambda t: t.nn.LayerNorm(4)(t.ones(2, 3)),
        "layer_norm_weight_shape": lambda t: F(t).layer_norm(t.ones(2, 3), (3,), weight=t.ones(4)),
        "group_norm_indivisible": lambda t: F(t).group_norm(t.ones(2, 3, 4), 2),
        "embedding_weight_1d": lambda t: t.nn.functional.embedding(t.tensor([0, 1]), t.ones(3)),
        "Embedding_neg_size": lambda t: t.nn.Embedding(-1, 2),
        "mse_shape": lambda t: F(t).mse_loss(t.ones(2, 3), t.ones(3, 2)),
        "l1_shape": lambda t: F(t).l1_loss(t.ones(2, 3), t.ones(4)),
        "smooth_l1_shape": lambda t: F(t).smooth_l1_loss(t.ones(2), t.ones(3)),
        "huber_shape": lambda t: F(t).huber_loss(t.ones(2), t.ones(3)),
        "bce_input_gt1": lambda t: F(t).binary_cross_entropy(t.full((2,), 1.5), t.ones(2)),
        "bce_input_neg": lambda t: F(t).binary_cross_entropy(t.full((2,), -0.5), t.ones(2)),
        "bce_input_nan": lambda t: F(t).binary_cross_entropy(t.full((2,), float("nan")), t.ones(2)),
        "ce_label_smoothing_big":
            lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1]), label_smoothing=1.5),
        "nll_3d_target_shape":
            lambda t: F(t).nll_loss(t.zeros(2, 3, 4), t.zeros(2, 5, dtype=t.long)),
        "kl_div_shape": lambda t: F(t).kl_div(t.ones(2), t.ones(3), reduction="batchmean"),
        "cosine_similarity_shape": lambda t: F(t).cosine_similarity(t.ones(2, 3), t.ones(2, 4)),
        "pairwise_distance_shape": lambda t: F(t).pairwise_distance(t.ones(2, 3), t.ones(2, 4)),
        "pad_odd_length": lambda t: F(t).pad(t.ones(2, 3), (1,)),
        "pad_too_long": lambda t: F(t).pad(t.ones(3), (1, 1, 1, 1)),
        "pad_reflect_big": lambda t: F(t).pad(t.ones(1, 1, 3), (3, 3), mode="reflect"),
        "unfold_kernel_big": lambda t: F(t).unfold(img(t), 9),
        "fold_bad": lambda t: F(t).fold(t.ones(1, 4, 5), (3, 3), 2),
        "pixel_shuffle_bad": lambda t: F(t).pixel_shuffle(t.ones(1, 3, 2, 2), 2),
        "glu_odd": lambda t: F(t).glu(t.ones(3)),
        "sdpa_shape":
            lambda t: F(t).scaled_dot_product_attention(t.ones(1, 2, 3), t.ones(1, 2, 4),
                                                        t.ones(1, 2, 4)),
        "rnn_input_size": lambda t: t.nn.RNN(3, 4)(t.ones(2, 1, 5)),
        "lstm_input_size": lambda t: t.nn.LSTM(3, 4)(t.ones(2, 1, 5)),
        "gru_input_size": lambda t: t.nn.GRU(3, 4)(t.ones(2, 1, 5)),
        "load_state_dict_missing": lambda t: t.nn.Linear(2, 2).load_state_dict({}),
        "load_state_dict_shape":
            lambda t: t.nn.Linear(2, 2).load_state_dict({"weight": t.ones(3, 3),
                                                         "bias": t.ones(2)}),
    },
    TypeError: {
        "register_parameter_tensor": lambda t: t.nn.Module().register_parameter("a", t.ones(1)),
        "optim_tensor_not_list": lambda t: t.optim.SGD(t.nn.Parameter(t.ones(1)), lr=0.1),
    },
    ValueError: {
        "conv2d_groups_zero": lambda t: t.nn.Conv2d(3, 6, 3, groups=0),
        "conv2d_padding_str_bad": lambda t: t.nn.Conv2d(3, 6, 3, padding="bogus"),
        "conv2d_padding_same_stride": lambda t: t.nn.Conv2d(3, 6, 3, padding="same", stride=2),
        "Conv2d_groups_indivisible": lambda t: t.nn.Conv2d(3, 4, 3, groups=3),
        "batch_norm_one_value": lambda t: t.nn.BatchNorm1d(3)(t.ones(1, 3)),
        "BatchNorm2d_3d": lambda t: t.nn.BatchNorm2d(3)(t.ones(3, 4, 4)),
        "GroupNorm_indivisible": lambda t: t.nn.GroupNorm(2, 3),
        "instance_norm_channels": lambda t: t.nn.InstanceNorm1d(4, affine=True)(t.ones(2, 3, 5)),
        "bce_shape": lambda t: F(t).binary_cross_entropy(t.full((2,), 0.5), t.ones(3)),
        "bce_logits_shape": lambda t: F(t).binary_cross_entropy_with_logits(t.ones(2), t.ones(3)),
        "bce_reduction_bad":
            lambda t: F(t).binary_cross_entropy(t.full((2,), 0.5), t.ones(2), reduction="bogus"),
        "mse_reduction_bad": lambda t: F(t).mse_loss(t.ones(2), t.ones(2), reduction="bogus"),
        "ce_reduction_bad":
            lambda t: F(t).cross_entropy(t.zeros(2, 3), t.tensor([0, 1]), reduction="bogus"),
        "interpolate_no_size": lambda t: F(t).interpolate(img(t)),
        "interpolate_both": lambda t: F(t).interpolate(img(t), size=4, scale_factor=2.),
        "dropout_p_big_F": lambda t: F(t).dropout(t.ones(3), p=1.5),
        "dropout2d_p_big": lambda t: F(t).dropout2d(t.ones(1, 2, 3, 3), p=2.),
        "optim_lr_neg": lambda t: t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=-1),
        "optim_empty": lambda t: t.optim.SGD([], lr=0.1),
        "adam_beta_big": lambda t: t.optim.Adam([t.nn.Parameter(t.ones(1))], betas=(1.5, 0.9)),
        "optim_non_leaf": lambda t: t.optim.SGD([t.ones(1, requires_grad=True) * 2], lr=0.1),
        "clip_grad_norm_bad_type":
            lambda t: t.nn.utils.clip_grad_norm_([t.nn.Parameter(t.ones(1))], max_norm=1.,
                                                 norm_type="bogus"),
    },
})

_family("nonfinite", {
    IndexError: {
        "to_long_inf_index": lambda t: t.zeros(3)[t.tensor([float("inf")]).long()],
    },
    LinAlgError: {
        "cholesky_nan": lambda t: t.linalg.cholesky(t.full((2, 2), float("nan"))),
    },
    OverflowError: {
        "int_inf_tensor": lambda t: int(t.tensor(float("inf"))),
    },
    RuntimeError: {
        "histc_nan_input_range": lambda t: t.histc(t.tensor([float("nan"), 1.])),
        "full_int_nan": lambda t: t.full((2,), float("nan"), dtype=t.long),
        "arange_nan_step": lambda t: t.arange(0, 1, float("nan")),
        "uniform_inf": lambda t: t.zeros(3).uniform_(0, float("inf")),
        "normal_nan_std": lambda t: t.normal(0., float("nan"), (3,)),
        "bernoulli_inf": lambda t: t.bernoulli(t.full((2,), float("inf"))),
        "multinomial_all_nan": lambda t: t.multinomial(t.full((3,), float("nan")), 1),
        "clip_grad_norm_nonfinite":
            lambda t: t.nn.utils.clip_grad_norm_([_with_grad(t, float("nan"))], 1.,
                                                 error_if_nonfinite=True),
    },
    TypeError: {
        "randint_inf": lambda t: t.randint(0, float("inf"), (2,)),
        "linspace_inf_steps": lambda t: t.linspace(0, 1, 2.5),
        "kthvalue_nan_k": lambda t: t.ones(3).kthvalue(float("nan")),
        "topk_inf_k": lambda t: t.ones(3).topk(float("inf")),
        "zeros_inf": lambda t: t.zeros(float("inf")),
        "eye_inf": lambda t: t.eye(float("inf")),
        "repeat_inf": lambda t: t.ones(2).repeat(float("inf")),
    },
    ValueError: {
        "int_nan_tensor": lambda t: int(t.tensor(float("nan"))),
    },
})


# --- the tests --------------------------------------------------------------------------------

_NUMPY_WORDS = re.compile(r"\bnumpy\b(?!\(\))|\bufunc\b|\bndarray\b|\baxis\b|\bnp\.")


def _expected(lib, error):
    return lib.linalg.LinAlgError if error == "LinAlgError" else getattr(builtins, error)


def _raised(lib, case):
    """The exception ``case`` raises on ``lib``, or None when it returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            case.fn(lib)
        except Exception as exc:  # noqa: BLE001 - the type is what is checked
            return exc
    return None


def _ids(case):
    return f"{case.family}-{case.name}"


# Out-of-range class targets and float-table indices: torch's CUDA kernels assert on the device
# instead of raising on the host (a check there would wait for the device); ember's device
# paths make the loss, the embedding row or the selected slice NaN.
_CHECKED_ON_THE_DEVICE = {
    f"{op}_{bad}" for op in ("nll_loss_target", "cross_entropy_target", "embedding",
                             "nn_Embedding", "index_select", "index_select_dim1",
                             "index_select_dim2")
    for bad in ("too_large", "too_large_far", "very_negative", "negative")}


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_ember_raises_torch_type(case):
    if case.name in _CHECKED_ON_THE_DEVICE and ember.get_default_device().type != "cpu":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss = case.fn(ember)
        assert bool(loss.isnan().any().cpu()), "an out-of-range index gave a number"
        return
    exc = _raised(ember, case)
    assert exc is not None, f"returned a value where torch raises {case.error}"
    expected = _expected(ember, case.error)
    assert type(exc) is expected, f"{type(exc).__name__} ({exc}) where torch raises {case.error}"
    assert not _NUMPY_WORDS.search(str(exc)), f"NumPy wording reaches the user: {exc}"


@requires_torch
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_torch_raises_listed_type(case):
    exc = _raised(TORCH, case)
    assert exc is not None, "torch returns: the case is not a bad input"
    assert type(exc) is _expected(TORCH, case.error), f"torch raises {type(exc).__name__}: {exc}"


def test_every_family_has_many_cases():
    families = {}
    for case in CASES:
        families[case.family] = families.get(case.family, 0) + 1
    assert len(CASES) >= 600
    assert len({_ids(case) for case in CASES}) == len(CASES), "duplicate case names"
    assert min(families.values()) >= 10, families


def _tally():
    """(same type, different type, silent) counts of ember against torch over CASES."""
    same, different, silent = [], [], []
    for case in CASES:
        theirs, ours = _raised(TORCH, case), _raised(ember, case)
        if theirs is None:
            continue
        if ours is None:
            silent.append(case)
        elif type(ours).__name__.lstrip("_") == type(theirs).__name__.lstrip("_"):
            same.append(case)
        else:
            different.append(case)
    return same, different, silent


if __name__ == "__main__":
    if TORCH is None:
        sys.exit("the tally compares with torch: pip install 'ember[ref]'")
    same, different, silent = _tally()
    for case in different + silent:
        print(f"{'different' if case in different else 'silent':9} {_ids(case)}")
    print(f"{len(CASES)} cases: {len(same)} same type, {len(different)} different type, "
          f"{len(silent)} silent")
