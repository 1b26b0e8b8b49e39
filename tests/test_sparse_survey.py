"""A survey of the elementwise ops on every sparse layout (COO, CSR, CSC, BSR, BSC) against
torch 2.13: for each op and layout, what torch does (a result of some layout and dtype, or an
error) is what ember does, with the same values and the same gradient where torch's backward
runs. The ops that keep zero at zero act on the stored values; the others raise torch's error.
"""
import warnings

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, check_gradients, requires_torch

MATRIX = [[0.5, 0.0, -0.8, 0.0], [0.0, 0.3, 0.0, 0.25], [0.7, 0.0, 0.0, -0.4]]
WEIGHTS = np.arange(12.0).reshape(3, 4) - 5.0
LAYOUTS = {
    "coo": lambda x: x.to_sparse(),
    "csr": lambda x: x.to_sparse_csr(),
    "csc": lambda x: x.to_sparse_csc(),
    "bsr": lambda x: x.to_sparse_bsr((1, 2)),
    "bsc": lambda x: x.to_sparse_bsc((3, 1)),
}


def _special(name):
    return lambda lib, s: getattr(lib.special, name)(s)


def _function(name):
    return lambda lib, s: getattr(lib, name)(s)


def _method(name):
    return lambda lib, s: getattr(s, name)()


def _in_place(name):
    return lambda lib, s: getattr(s.clone(), name)()


def _nn(name):
    return lambda lib, s: getattr(lib.nn.functional, name)(s)


# every op of the survey: its result or its error is torch's on each layout
SURVEY = {
    **{name: _function(name) for name in (
        "erf", "erfinv", "isnan", "isinf", "isposinf", "isneginf", "signbit", "deg2rad",
        "rad2deg", "angle", "conj_physical", "nan_to_num", "clone", "sum", "positive",
        "negative", "fix", "arcsin", "arctan", "arcsinh", "arctanh", "sgn", "neg", "abs",
        "expm1", "log1p", "trunc")},
    **{"special." + name: _special(name) for name in ("erf", "erfinv", "expm1", "log1p")},
    **{"." + name: _method(name) for name in (
        "erf", "erfinv", "isnan", "isinf", "signbit", "deg2rad", "rad2deg", "half", "int",
        "long", "bool", "short", "byte", "char", "bfloat16", "clone", "sum")},
    **{"." + name: _in_place(name) for name in ("erf_", "erfinv_", "deg2rad_", "rad2deg_", "nan_to_num_")},
    "nan_to_num(nan, posinf)": lambda lib, s: lib.nan_to_num(s, nan=0.0, posinf=1.0),
    "isnan of nan": lambda lib, s: lib.isnan(s / 0.0),
    "isinf of inf": lambda lib, s: lib.isinf(s / 0.0),
    "nan_to_num of inf": lambda lib, s: lib.nan_to_num(s / 0.0, posinf=9.0, neginf=-9.0),
    "div floor": lambda lib, s: lib.div(s, 0.3, rounding_mode="floor"),
    "div trunc": lambda lib, s: lib.div(s, 0.3, rounding_mode="trunc"),
    "div None": lambda lib, s: lib.div(s, 0.3, rounding_mode=None),
    "div by a 0-d tensor, floor": lambda lib, s: lib.div(s, lib.tensor(0.3, dtype=lib.float64),
                                                         rounding_mode="floor"),
    "div by a vector": lambda lib, s: lib.div(s, lib.ones(4, dtype=lib.float64)),
    "div by a vector, floor": lambda lib, s: lib.div(s, lib.ones(4, dtype=lib.float64),
                                                     rounding_mode="floor"),
    "floor_divide": lambda lib, s: lib.floor_divide(s, 0.3),
    "floor_divide by a vector": lambda lib, s: lib.floor_divide(s, lib.ones(4,
                                                                            dtype=lib.float64)),
    "//": lambda lib, s: s // 0.3,
    "to float32": lambda lib, s: s.to(lib.float32),
    "mul then erf": lambda lib, s: lib.erf(s * 2.0),
    "exp": _function("exp"),
    "cos": _function("cos"),
    "sigmoid": _function("sigmoid"),
}
# dense ops torch refuses on some or every layout: its error, word for word
SURVEY.update({
    **{"F." + name: _nn(name) for name in (
        "leaky_relu", "hardshrink", "softshrink", "silu", "gelu", "elu", "selu", "celu",
        "hardtanh", "relu6", "softplus", "mish", "hardswish", "hardsigmoid", "logsigmoid")},
    "clamp": lambda lib, s: lib.clamp(s, -0.5, 0.5),
    "clamp_min": lambda lib, s: s.clamp_min(-0.5),
    "clamp_max": lambda lib, s: s.clamp_max(0.5),
    "clip": lambda lib, s: lib.clip(s, -0.5, 0.5),
    "copysign": lambda lib, s: lib.copysign(s, -1.0),
    "threshold": lambda lib, s: lib.threshold(s, 0.1, 0.0),
    "fmod": lambda lib, s: lib.fmod(s, -1.5),
    "remainder": lambda lib, s: lib.remainder(s, -1.5),
    "lerp": lambda lib, s: lib.lerp(s, s, 0.5),
    "addcmul": lambda lib, s: lib.addcmul(s, s, s),
    "mean": lambda lib, s: s.mean(),
    # over a dim torch's compressed layouts fail in resize_reduction, which ember does not
    # tell from the whole reduction: compared on COO only
    "mean(dim) coo": lambda lib, s: s.mean(1) if s.layout == lib.sparse_coo else s.clone(),
    **{name: (lambda name: lambda lib, s: getattr(s, name)())(name) for name in (
        "amax", "amin", "argmax", "argmin", "max", "min", "median", "nanmedian", "nansum",
        "prod", "std", "var", "trace", "all", "count_nonzero")},
    **{name: (lambda name: lambda lib, s: getattr(s, name)(0))(name) for name in (
        "cumsum", "cumprod", "logcumsumexp", "sort", "argsort", "flip", "softmax",
        "log_softmax", "mode")},
    "cummax coo": lambda lib, s: s.cummax(0) if s.layout == lib.sparse_coo else s.clone(),
    "topk": lambda lib, s: s.topk(1),
    "roll": lambda lib, s: s.roll(1, 0),
    "tril": lambda lib, s: s.tril(),
    "triu": lambda lib, s: s.triu(),
    "msort": lambda lib, s: lib.msort(s),
    "F.dropout": lambda lib, s: lib.nn.functional.dropout(s, 0.5),
    "nn.SiLU": lambda lib, s: lib.nn.SiLU()(s),
    # COO's own full reductions (the compressed layouts refuse them)
    "norm": lambda lib, s: s.norm(),
    "norm(1)": lambda lib, s: s.norm(1),
    "norm(inf)": lambda lib, s: s.norm(float("inf")),
    "norm(0)": lambda lib, s: s.detach().norm(0),  # no gradient to compare: torch gives None
    "norm over every dim": lambda lib, s: s.norm(dim=(0, 1)),
    "norm(dim=0)": lambda lib, s: s.norm(dim=0),
    "norm(keepdim)": lambda lib, s: s.norm(keepdim=True),
    "linalg.vector_norm": lambda lib, s: lib.linalg.vector_norm(s),
    "any": lambda lib, s: s.any(),
    "any(dim)": lambda lib, s: s.any(1),
})
# torch's error for these, word for word, on every layout
SURVEY.update({
    **{name: _function(name) for name in ("erfc", "lgamma", "digamma", "i0", "logit",
                                          "isfinite")},
    **{"special." + name: _special(name) for name in ("i1", "i1e", "i0e", "ndtri", "sinc")},
})


def _outcome(lib, op, layout, table):
    """What ``op`` gives on ``layout``: ("ok", layout, dtype, dense values, dx) with dx the
    gradient of a weighted sum of the dense result (None where backward raises or no graph is
    made), or ("error", type, message up to torch's hint)."""
    x = lib.tensor(MATRIX, dtype=lib.float64, requires_grad=True)
    with warnings.catch_warnings():
        # the beta-state note, and torch's note that a backward made a sparse input dense
        warnings.simplefilter("ignore", UserWarning)
        try:
            out = table[op](lib, LAYOUTS[layout](x))
        except RuntimeError as error:
            message = str(error).split(" This could be")[0].replace("CUDA'", "CPU'")
            return ("error", type(error).__name__, message)
        dense = out.to_dense() if out.layout != lib.strided else out
        grad = None
        if out.requires_grad:
            try:
                (dense * lib.tensor(WEIGHTS, dtype=lib.float64)).sum().backward()
                grad = x.grad.cpu().numpy()
            except RuntimeError:
                grad = None
    values = dense.detach().cpu().to(lib.float64).numpy()
    return ("ok", str(out.layout).split(".")[-1], str(out.dtype).split(".")[-1], values, grad)


@requires_torch
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("op", sorted(SURVEY))
def test_survey_matches_torch(op, layout):
    ours, theirs = _outcome(ember, op, layout, SURVEY), _outcome(TORCH, op, layout, SURVEY)
    assert ours[:3] == theirs[:3]
    if ours[0] == "ok":
        np.testing.assert_allclose(ours[3], theirs[3], rtol=1e-13, atol=0)
        if theirs[4] is not None:  # ember's gradient where torch's backward runs
            np.testing.assert_allclose(ours[4], theirs[4], rtol=1e-13, atol=0)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("op", ["erf", "erfinv", "deg2rad", "rad2deg"])
def test_gradcheck_of_the_new_value_ops(op, layout):
    """The derivative at the stored entries, in float64 (torch's backward for erf and erfinv
    raises: its derivative needs exp of a sparse tensor)."""
    pattern = LAYOUTS[layout](ember.tensor(MATRIX, dtype=ember.float64))

    def f(values):
        return getattr(ember, op)(pattern._with_values(values, None)).to_dense()
    values = (pattern._sparse_values.detach() * 0.5).requires_grad_()
    check_gradients(f, values, second_order=False)


@pytest.mark.parametrize("p", [2, 1, 3.5, float("inf")])
def test_gradcheck_of_the_coo_norm(p):
    """The norm of a COO tensor is its stored values' norm: its derivative in float64."""
    pattern = LAYOUTS["coo"](ember.tensor(MATRIX, dtype=ember.float64))

    def f(values):
        return pattern._with_values(values, None).norm(p)
    values = (pattern._sparse_values.detach() * 0.5).requires_grad_()
    check_gradients(f, values, second_order=False)


@pytest.mark.parametrize("layout", ["csr", "bsr"])
def test_in_place_value_op_keeps_the_tensor(layout):
    sparse = LAYOUTS[layout](ember.tensor(MATRIX, dtype=ember.float64))
    indices = sparse._sparse_indices
    expected = ember.erf(sparse._sparse_values)
    assert sparse.erf_() is sparse and sparse._sparse_indices is indices
    assert ember.equal(sparse._sparse_values, expected)
