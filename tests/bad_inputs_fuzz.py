"""A differential fuzz of bad inputs: the same call on torch and on ember, outcomes compared.

The grid crosses the public functions the programs in tests/scripts use most (ember.*, Tensor
methods, nn.functional, linalg, fft) with adversarial arguments: operands that do not broadcast,
int/bool/complex where a float is wanted, dims out of range, negative and float sizes, empty
and 0-d tensors, non-contiguous inputs, out-of-bounds and float indices, ``out=`` tensors of
the wrong dtype or shape, a meta tensor beside a CPU one, NaN; and the module forwards,
optimizers and loaders programs build, fed inputs of the wrong shape or dtype, bad masks, bad
hyper-parameters, non-leaf or repeated parameters, bad batch sizes. Each call runs under both
libraries and lands in one class:

- ``same-raise``: both raise the same exception type (``message`` counts those whose text also
  agrees once torch's name is ember's);
- ``type``: both raise, of different types;
- ``silent``: torch raises, ember returns a value (the worst: a silently wrong number);
- ``refused``: torch returns, ember raises;
- ``same-value`` / ``value``: both return, and the results (dtype, shape, values) agree or not.

``python tests/bad_inputs_fuzz.py`` prints the counts and every case outside same-raise and
same-value. tests/test_bad_inputs_fuzz.py runs the grid as a test.
"""
from __future__ import annotations

import importlib.util
import math
import pathlib
import re
import warnings
from typing import Callable, NamedTuple

import numpy as np


class Case(NamedTuple):
    family: str
    name: str
    fn: Callable  # fn(lib) -> result
    random: bool = False  # compare only dtype and shape of the results


CASES: list[Case] = []

# --- inputs: built the same way under each library ---------------------------------------------

_ARRAYS = {
    "f23": np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -2.5]], dtype=np.float32),
    "d23": np.array([[0.5, -1.0, 2.0], [3.0, 0.0, -2.5]], dtype=np.float64),
    "f3": np.array([1.0, 2.0, 3.0], dtype=np.float32),
    "f4": np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32),
    "f32": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float32),
    "f22": np.array([[2.0, 1.0], [1.0, 3.0]], dtype=np.float32),
    "sing": np.array([[1.0, 2.0], [2.0, 4.0]], dtype=np.float32),
    "f222": np.arange(8, dtype=np.float32).reshape(2, 2, 2) + np.eye(2, dtype=np.float32),
    "f0": np.zeros((0,), dtype=np.float32),
    "f20": np.zeros((2, 0), dtype=np.float32),
    "f00": np.zeros((0, 0), dtype=np.float32),
    "fs": np.array(1.5, dtype=np.float32),
    "i23": np.array([[0, 1, 2], [3, 4, 5]], dtype=np.int64),
    "i3": np.array([0, 1, 2], dtype=np.int64),
    "i22": np.array([[2, 1], [1, 3]], dtype=np.int64),
    "is": np.array(2, dtype=np.int64),
    "b23": np.array([[True, False, True], [False, True, True]]),
    "b3": np.array([True, False, True]),
    "c23": np.array([[1 + 1j, 2, 3j], [0, -1j, 1]], dtype=np.complex64),
    "c22": np.array([[2, 1j], [-1j, 3]], dtype=np.complex64),
    "nan23": np.array([[np.nan, 1.0, np.inf], [-np.inf, 0.0, 2.0]], dtype=np.float32),
    "u23": np.array([[0, 1, 2], [3, 4, 255]], dtype=np.uint8),
}


def T(lib, spec):
    """The tensor named ``spec`` under ``lib``: an entry of _ARRAYS, or ``nc23`` (a
    non-contiguous 2x3 view), ``m23``/``m3`` (meta tensors)."""
    if spec == "nc23":
        return lib.tensor(_ARRAYS["f32"].copy()).t()
    if spec == "m23":
        return lib.empty(2, 3, device="meta")
    if spec == "m3":
        return lib.empty(3, device="meta")
    return lib.tensor(_ARRAYS[spec].copy())


def _materialize(lib, args):
    """Arguments with each ``"@spec"`` string made a tensor and each ``"%name"`` string the
    library's dtype of that name (also inside lists and tuples)."""
    def one(a):
        if isinstance(a, str) and a.startswith("@"):
            return T(lib, a[1:])
        if isinstance(a, str) and a.startswith("%"):
            return getattr(lib, a[1:])
        if isinstance(a, (list, tuple)):
            return type(a)(one(x) for x in a)
        return a
    return [one(a) for a in args]


_NAMED: set = set()


def _add(family, name, fn, random=False):
    """One case; a call the grid already holds (the same name: the same call) is not added
    twice where two sweeps cross."""
    if (family, name) not in _NAMED:
        _NAMED.add((family, name))
        CASES.append(Case(family, name, fn, random))


def _call(path, *args, random=False, family=None, **kwargs):
    """A case calling ``lib.<path>(*args, **kwargs)`` (path dotted: ``nn.functional.relu``;
    ``.name`` calls a method of the first argument)."""
    def fn(lib):
        values = _materialize(lib, args)
        kw = dict(zip(kwargs, _materialize(lib, list(kwargs.values()))))
        if path.startswith("."):
            return getattr(values[0], path[1:])(*values[1:], **kw)
        target = lib
        for part in path.split("."):
            target = getattr(target, part)
        return target(*values, **kw)
    shown = ", ".join([_show(a) for a in args] + [f"{k}={_show(v)}" for k, v in kwargs.items()])
    _add(family or path.split(".")[0].lstrip("."), f"{path}({shown})", fn, random)


def _show(value):
    if isinstance(value, str) and value[:1] in ("@", "%"):
        return value[1:]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return repr(value)


# --- the grid ------------------------------------------------------------------------------------

# Elementwise unary ops over every kind of tensor.
_UNARY_INPUTS = ["@f23", "@i23", "@b23", "@c23", "@f0", "@f20", "@fs", "@nc23", "@m23",
                 "@nan23", "@u23"]
for _op in ["abs", "neg", "exp", "log", "sqrt", "sin", "tanh", "sigmoid", "floor", "round",
            "trunc", "sign", "reciprocal", "erf", "log1p", "rsqrt", "square", "frac", "isnan",
            "isinf", "isfinite", "logical_not", "bitwise_not", "angle", "real", "imag",
            "exp2", "relu", "nan_to_num", "signbit", "lgamma", "digamma", "positive", "sgn"]:
    for _x in _UNARY_INPUTS:
        _call(_op, _x, family="unary")
for _op in ["relu", "gelu", "silu", "softplus", "elu", "leaky_relu", "hardtanh", "mish",
            "logsigmoid", "softsign", "relu6", "hardswish", "hardsigmoid", "selu", "tanhshrink"]:
    for _x in _UNARY_INPUTS:
        _call(f"nn.functional.{_op}", _x, family="activation")

# Binary ops over pairs that broadcast or not, of mixed dtypes and devices.
_PAIRS = [("@f23", "@f23"), ("@f23", "@f3"), ("@f23", "@f4"), ("@f23", "@f32"),
          ("@f23", "@i23"), ("@f23", "@b23"), ("@i23", "@i23"), ("@i23", "@b23"),
          ("@b23", "@b23"), ("@c23", "@f23"), ("@f23", "@fs"), ("@f0", "@f3"),
          ("@f20", "@f23"), ("@f23", "@m23"), ("@nc23", "@f23"), ("@f23", 2),
          ("@i23", 2.5), ("@u23", -1), ("@d23", "@f23"), ("@nan23", "@f23")]
for _op in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "atan2",
            "maximum", "minimum", "fmax", "fmin", "eq", "lt", "ge", "logical_and",
            "logical_xor", "bitwise_and", "bitwise_or", "hypot", "copysign", "xlogy", "ldexp",
            "isclose", "equal", "dist"]:
    for _a, _b in _PAIRS:
        _call(_op, _a, _b, family="binary")
_MATRIX_PAIRS = [("@f23", "@f32"), ("@f23", "@f23"), ("@f3", "@f3"), ("@f3", "@f4"),
                 ("@f23", "@f3"), ("@fs", "@f3"), ("@i23", "@f32"), ("@i23", "@i23"),
                 ("@b23", "@b23"), ("@f20", "@f00"), ("@f222", "@f22"), ("@f23", "@m23"),
                 ("@c23", "@f32"), ("@d23", "@f32"), ("@nc23", "@f32")]
for _op in ["matmul", "mm", "dot", "outer", "bmm", "mv", "inner", "kron"]:
    for _a, _b in _MATRIX_PAIRS:
        _call(_op, _a, _b, family="matrix")
for _op in ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy",
            "binary_cross_entropy_with_logits", "kl_div", "soft_margin_loss",
            "cosine_similarity", "pairwise_distance", "poisson_nll_loss"]:
    for _a, _b in [("@f23", "@f23"), ("@f23", "@f32"), ("@f23", "@f4"), ("@f23", "@i23"),
                   ("@i23", "@i23"), ("@f0", "@f0"), ("@f23", "@m23"), ("@c23", "@c23"),
                   ("@fs", "@fs"), ("@f23", "@b23")]:
        _call(f"nn.functional.{_op}", _a, _b, family="loss")

# Reductions and dim-taking ops over dims in and out of range, and not dims at all.
_DIMS = [0, -1, 2, -3, 5, (0, 1), (0, 0), 1.5, None]
for _op in ["sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "std", "var",
            "logsumexp", "cumsum", "cumprod", "softmax", "log_softmax", "all", "any", "max",
            "min", "median", "nansum", "count_nonzero", "squeeze", "unsqueeze", "flip",
            "logcumsumexp", "cummax", "nanmedian", "mode", "std_mean", "aminmax"]:
    for _x in ["@f23", "@i23", "@b23", "@f0", "@f20", "@fs", "@c23", "@m23"]:
        for _d in _DIMS:
            _call(_op, _x, _d, family="reduction")

# Shape ops with sizes and dims that do not fit.
for _x in ["@f23", "@f0", "@nc23", "@fs"]:
    for _size in [(3, 2), (-1,), (-1, -1), (4, 2), (-2, 3), (0,), (2, 3, 1), (6,), (2.0, 3),
                  (0, -1)]:
        _call(".view", _x, _size, family="shape")
        _call("reshape", _x, _size, family="shape")
    for _dims in [(1, 0), (0, 0), (0,), (0, 1, 2), (2, 0), (-1, -2), ()]:
        _call("permute", _x, _dims, family="shape")
    for _d0, _d1 in [(0, 1), (0, 2), (-3, 0), (1, 1), (-1, -2)]:
        _call("transpose", _x, _d0, _d1, family="shape")
    for _size in [(2, 3), (4, 3), (-1, 3), (2, -2), (3, 2), (1, 2, 3), (3,)]:
        _call(".expand", _x, _size, family="shape")
    for _reps in [(2,), (2, 2), (-1, 2), (0, 1), (1, 1, 1)]:
        _call(".repeat", _x, _reps, family="shape")
    for _s, _d in [(2, 0), (0, 0), (-1, 0), (2, 5), (1, -1), ([1, 1], 0), ([1, 2], 1)]:
        _call("split", _x, _s, _d, family="shape")
    for _n, _d in [(2, 0), (0, 0), (-1, 0), (2, 5)]:
        _call("chunk", _x, _n, _d, family="shape")
    for _d, _s, _l in [(0, 0, 3), (1, 2, 2), (1, -1, 1), (1, 0, -1), (2, 0, 1), (1, 4, 0)]:
        _call("narrow", _x, _d, _s, _l, family="shape")
    for _d, _i in [(0, 2), (0, -3), (1, 3), (5, 0), (0, -1), (1, 1.0)]:
        _call("select", _x, _d, _i, family="shape")
    for _s, _e in [(0, -1), (1, 0), (0, 5), (-3, 0)]:
        _call("flatten", _x, _s, _e, family="shape")
    for _shifts, _dims in [(1, 0), (1, 5), ((1, 2), (0,)), (1, None)]:
        _call("roll", _x, _shifts, _dims, family="shape")
    for _src, _dst in [(0, 1), (0, 5), ((0, 1), (1,)), (0, -3)]:
        _call("movedim", _x, _src, _dst, family="shape")
    for _k in [0, 1, -5]:
        _call("tril", _x, _k, family="shape")
        _call("diag", _x, _k, family="shape")
    _call("t", _x, family="shape")
for _tensors in [["@f23", "@f23"], ["@f23", "@f3"], ["@f23", "@i23"], [], ["@f23", "@m23"],
                 ["@f0", "@f23"], ["@fs", "@fs"], ["@f23", "@c23"], ["@f23", "@f32"],
                 ["@f20", "@f23"], "@f23"]:
    for _d in [0, 1, 2, -3]:
        _call("cat", _tensors, _d, family="join")
        _call("stack", _tensors, _d, family="join")
    _call("hstack", _tensors, family="join")
    _call("vstack", _tensors, family="join")

# Creation with sizes, steps and fill values that do not make a tensor.
for _op in ["zeros", "ones", "empty", "rand", "randn"]:
    for _size in [(2, 3), (-1,), (2, -3), (2.5,), ((2, 3),), (0,), ((),), ("a",), (None,)]:
        _call(_op, *_size, family="creation", random=_op in ("empty", "rand", "randn"))
for _size, _fill in [((2,), 1.5), ((2,), "a"), ((-1,), 0), ((2,), None), ((2,), 1 + 2j),
                     ((2,), True), ((2,), float("nan"))]:
    _call("full", _size, _fill, family="creation")
for _range in [(0, 5, 0), (5, 0, 1), (0, 5, -1), (0, 1, 0.25), (float("nan"),),
               (0, float("inf")), (-3,), (1.5,), (0, 5, 2)]:
    _call("arange", *_range, family="creation")
for _steps in [-1, 0, 1, 2.5, 3]:
    _call("linspace", 0, 1, _steps, family="creation")
    _call("logspace", 0, 1, _steps, family="creation")
for _eye in [(-1,), (2, -1), (2.5,), (0,), (2, 3)]:
    _call("eye", *_eye, family="creation")
for _low, _high, _size in [(0, 0, (2,)), (5, 2, (2,)), (0, 5, (-1,)), (0, 5, (2,)),
                           (0.5, 5, (2,)), (0, 2 ** 70, (2,))]:
    _call("randint", _low, _high, _size, family="creation", random=True)
for _n in [-1, 0, 3, 2.5]:
    _call("randperm", _n, family="creation", random=True)
for _data in [[[1, 2], [3]], [1, "a"], [], [[]], [1, 2.5, True], [1 + 2j, 1], [[1, 2], 3],
              [None], [2 ** 70], [float("nan")]]:
    _call("tensor", _data, family="creation")
for _data, _dtype in [([1.5], "int64"), ([-1], "uint8"), ([300], "uint8"), ([1j], "float32"),
                      ([1.5], "bool")]:
    _add("creation", f"tensor({_data!r}, dtype={_dtype})",
         lambda lib, d=_data, t=_dtype: lib.tensor(d, dtype=getattr(lib, t)))

# Indexing and setting with keys out of range or of the wrong type.
_KEYS = {"2": lambda lib: 2, "-3": lambda lib: -3, "1.0": lambda lib: 1.0,
         "step0": lambda lib: slice(None, None, 0), "step-1": lambda lib: slice(None, None, -1),
         "(0,0,0)": lambda lib: (0, 0, 0), "None": lambda lib: None,
         "...": lambda lib: Ellipsis, "[0,2]": lambda lib: [0, 2],
         "[[0,1],[0,5]]": lambda lib: [[0, 1], [0, 5]],
         "tensor([0,1])": lambda lib: lib.tensor([0, 1]),
         "tensor([0,3])": lambda lib: lib.tensor([0, 3]),
         "tensor([1.0])": lambda lib: lib.tensor([1.0]),
         "tensor(b3)": lambda lib: T(lib, "b3"), "tensor(b23)": lambda lib: T(lib, "b23"),
         "(slice,tensor([5]))": lambda lib: (slice(None), lib.tensor([5])),
         "(0,slice,None,0)": lambda lib: (0, slice(None), None, 0),
         "'a'": lambda lib: "a", "tensor(u8)": lambda lib: lib.tensor([1, 0], dtype=lib.uint8),
         "tensor(is)": lambda lib: T(lib, "is"), "tensor(fs)": lambda lib: T(lib, "fs")}
for _x in ["f23", "f0", "fs", "nc23"]:
    for _key, _make in _KEYS.items():
        _add("index", f"{_x}[{_key}]", lambda lib, x=_x, k=_make: T(lib, x)[k(lib)])
        for _value in ["0.5", "f4", "c23", "i3"]:
            def _set(lib, x=_x, k=_make, v=_value):
                target = T(lib, x)
                target[k(lib)] = 0.5 if v == "0.5" else T(lib, v)
                return target
            _add("setitem", f"{_x}[{_key}] = {_value}", _set)
for _index in ["@i3", "@f3", "@b3", "@is", "@i23", "@m3"]:
    for _x, _d in [("@f23", 0), ("@f23", 1), ("@f23", 2), ("@fs", 0), ("@f0", 0)]:
        if _index != "@m3" or _d == 2:  # torch reads a meta index's absent data: a by-chance value
            _call("index_select", _x, _d, _index, family="gather")
        _call("gather", _x, _d, _index, family="gather")
        if _d == 0:
            _call("take", _x, _index, family="gather")
        _call(".index_add", _x, _d, _index, _x, family="gather")
        _call(".scatter", _x, _d, _index, 1.0, family="gather")
        _call(".index_fill", _x, _d, _index, 1.0, family="gather")
        _call(".index_copy", _x, _d, _index, _x, family="gather")
    _call("masked_select", "@f23", _index, family="gather")
    _call(".masked_fill", "@f23", _index, 0.0, family="gather")
    _call("nn.functional.embedding", _index, "@f32", family="gather")
    _call("nn.functional.one_hot", _index, family="gather")
    _call("nn.functional.one_hot", _index, 2, family="gather")
    _call("bincount", _index, family="gather")

# out= tensors of the wrong dtype, shape or device.
for _out in ["@i23", "@f3", "@f0", "@nc23", "@b23", "@m23", "@d23", "@c23", "@fs"]:
    for _op, _args in [("add", ("@f23", "@f23")), ("mul", ("@i23", "@i23")),
                       ("sum", ("@f23", 0)), ("matmul", ("@f23", "@f32")),
                       ("cat", (["@f23", "@f23"],)), ("exp", ("@f23",)),
                       ("eq", ("@f23", "@f23")), ("argmax", ("@f23", 1)),
                       ("where", ("@b23", "@f23", "@f23")), ("clamp", ("@f23", 0.0, 1.0))]:
        _call(_op, *_args, out=_out, family="out")

# Linear algebra and FFTs on inputs of the wrong shape, dtype or rank.
_MATRICES = ["@f22", "@sing", "@f23", "@i22", "@c22", "@f00", "@fs", "@f3", "@f222", "@m23",
             "@nan23"]
for _op in ["linalg.inv", "linalg.det", "linalg.slogdet", "linalg.pinv", "linalg.matrix_rank",
            "linalg.cholesky", "linalg.qr", "linalg.svd", "linalg.svdvals", "linalg.eigh",
            "linalg.eigvalsh", "linalg.eigvals", "linalg.matrix_norm", "linalg.matrix_exp",
            "linalg.matrix_power", "det", "inverse", "trace", "linalg.lu_factor"]:
    for _a in _MATRICES:
        if _op == "linalg.matrix_power":
            for _n in (2, -1, 0.5):
                _call(_op, _a, _n, family="linalg")
        else:
            _call(_op, _a, family="linalg")
for _a, _b in [("@f22", "@f3"), ("@f22", "@f22"), ("@f23", "@f3"), ("@sing", "@f22"),
               ("@i22", "@i22"), ("@f22", "@d23"), ("@f222", "@f22"), ("@f22", "@m23")]:
    for _op in ["linalg.solve", "linalg.lstsq", "linalg.solve_triangular", "cholesky_solve"]:
        if _op in ("linalg.solve", "linalg.solve_triangular") and _b == "@m23":
            continue  # torch reads a meta tensor's absent data here: it raises or returns by chance
        if _op == "linalg.solve_triangular":
            _call(_op, _a, _b, upper=True, family="linalg")
        else:
            _call(_op, _a, _b, family="linalg")
for _ord in ["fro", "nuc", 2, -1, "bad", 3, float("inf"), 0]:
    for _x in ["@f22", "@f3", "@f222", "@i22"]:
        _call("linalg.norm", _x, _ord, family="linalg")
        _call("linalg.vector_norm", _x, _ord, family="linalg")
        _call("linalg.matrix_norm", _x, _ord, family="linalg")
for _op in ["fft.fft", "fft.ifft", "fft.rfft", "fft.irfft", "fft.hfft", "fft.ihfft"]:
    for _x in ["@f4", "@c23", "@i3", "@b3", "@f0", "@fs", "@m3"]:
        for _kw in [{}, {"n": 0}, {"n": -1}, {"dim": 5}, {"norm": "bad"}, {"n": 2.5},
                    {"norm": "forward"}]:
            _call(_op, _x, **_kw, family="fft")
for _op in ["fft.fft2", "fft.fftn", "fft.rfft2", "fft.irfftn"]:
    for _x in ["@f23", "@f3", "@c23", "@f20"]:
        for _kw in [{}, {"s": (2, 2, 2)}, {"dim": (0, 0)}, {"dim": (0, 5)}, {"s": (0, 2)},
                    {"s": (2,), "dim": (0, 1)}]:
            _call(_op, _x, **_kw, family="fft")

# nn.functional ops with arguments that do not fit the input.
_IMG = np.arange(2 * 3 * 4 * 4, dtype=np.float32).reshape(2, 3, 4, 4) / 10
_ARRAYS.update(img=_IMG, img1=_IMG[0].copy(), w3=np.ones((4, 3, 2, 2), np.float32),
               w2=np.ones((4, 2, 2, 2), np.float32), vec4=np.ones(4, np.float32),
               logits=np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], np.float32),
               t_ok=np.array([2, 0]), t_big=np.array([3, 0]), t_neg=np.array([-1, 0]),
               t_2d=np.array([[2], [0]]), t_prob=np.full((2, 3), 1 / 3, np.float32),
               t_f=np.array([2.0, 0.0], np.float32), t_3=np.array([2, 0, 1]),
               prob23=np.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]], np.float32),
               prob_bad=np.array([[0.5, 0.5], [0.2, 0.8]], np.float32),
               d_prob=np.full((2, 3), 1 / 3), t_i32=np.array([2, 0], np.int32),
               t_u8=np.array([2, 0], np.uint8), t_ok_f=np.array([2.0, 0.0]))
for _kw in [{}, {"stride": 0}, {"padding": -1}, {"groups": 2}, {"dilation": 0},
            {"padding": "same", "stride": 2}, {"padding": "bad"}, {"stride": (1, 1, 1)}]:
    for _x, _w in [("@img", "@w3"), ("@img", "@w2"), ("@img1", "@w3"), ("@f23", "@w3"),
                   ("@img", "@vec4")]:
        _call("nn.functional.conv2d", _x, _w, **_kw, family="nn")
for _op in ["max_pool2d", "avg_pool2d", "lp_pool2d"]:
    for _k, _kw in [(2, {}), (0, {}), (5, {}), (2, {"stride": 0}), (2, {"padding": 2}),
                    (-1, {}), (2, {"padding": -1}), ((2, 2, 2), {})]:
        for _x in ["@img", "@img1", "@f23"]:
            if _op == "lp_pool2d":
                _call(f"nn.functional.{_op}", _x, 2, _k, **_kw, family="nn")
            else:
                _call(f"nn.functional.{_op}", _x, _k, **_kw, family="nn")
for _x, _w in [("@f23", "@f32"), ("@f23", "@f23"), ("@f3", "@f23"), ("@i23", "@i23"),
               ("@f23", "@m23"), ("@fs", "@f3"), ("@f20", "@f20")]:
    if (_x, _w) != ("@f23", "@m23"):  # torch reads the meta weight's absent data: by chance
        _call("nn.functional.linear", _x, _w, family="nn")
    _call("nn.functional.bilinear", _x, _x, _w, family="nn")
for _target in ["@t_ok", "@t_big", "@t_neg", "@t_2d", "@t_prob", "@t_f", "@t_3", "@fs",
                "@f23"]:
    for _input in ["@logits", "@f3", "@i23", "@f20"]:
        _call("nn.functional.cross_entropy", _input, _target, family="nn")
        _call("nn.functional.nll_loss", _input, _target, family="nn")
        _call("nn.functional.multi_margin_loss", _input, _target, family="nn")
for _pad, _mode in [((1, 1), "constant"), ((1,), "constant"), ((-3, 0), "constant"),
                    ((1, 1, 1, 1, 1, 1), "constant"), ((4, 4), "reflect"), ((1, 1), "bad"),
                    ((1, 1), "circular"), ((1.5, 1), "constant"), ((2, 2), "replicate")]:
    for _x in ["@f23", "@img", "@f0"]:
        _call("nn.functional.pad", _x, _pad, _mode, family="nn")
for _kw in [{"size": (2, 2)}, {"size": -1}, {"scale_factor": 2.0},
            {"size": 2, "scale_factor": 2.0}, {}, {"size": (2, 2), "mode": "bad"},
            {"size": 0}, {"size": (2, 2), "mode": "bilinear"}, {"scale_factor": -1.0}]:
    for _x in ["@img", "@f23", "@f3"]:
        _call("nn.functional.interpolate", _x, **_kw, family="nn")
for _p in [-0.1, 1.5, 0.0, 1.0, float("nan")]:
    for _x in ["@f23", "@i23"]:
        _call("nn.functional.dropout", _x, _p, family="nn", random=True)
for _x in ["@f23", "@i23", "@f0", "@img", "@img1"]:
    for _shape in [(3,), (2,), (2, 3), (4,), (-1,), ()]:
        _call("nn.functional.layer_norm", _x, _shape, family="nn")
    for _groups in [1, 2, 3, 0, -1]:
        _call("nn.functional.group_norm", _x, _groups, family="nn")
for _x, _kw in [("@f23", {"dtype": "int64"}), ("@i23", {}), ("@b23", {})]:
    for _op in ["softmax", "log_softmax"]:
        _add("nn", f"{_op}({_x[1:]}, 1, {_kw})",
             lambda lib, op=_op, x=_x, kw=_kw: getattr(lib.nn.functional, op)(
                 T(lib, x[1:]), 1, **{k: getattr(lib, v) for k, v in kw.items()}))
for _q, _k, _v in [("@img", "@img", "@img"), ("@img", "@img1", "@img1"), ("@f23", "@f32", "@f32"),
                   ("@f23", "@f23", "@f23"), ("@i23", "@i23", "@i23"), ("@f3", "@f3", "@f3")]:
    _call("nn.functional.scaled_dot_product_attention", _q, _k, _v, family="nn")

# Odds and ends the programs use: where, clamp, einsum, topk, sort, multinomial...
for _c, _a, _b in [("@b23", "@f23", "@f23"), ("@f23", "@f23", "@f23"), ("@i23", "@f23", 0.0),
                   ("@b3", "@f23", "@f4"), ("@b23", "@f23", "@i23"), ("@b23", "@m23", "@f23"),
                   ("@u23", "@f23", "@f23")]:
    _call("where", _c, _a, _b, family="misc")
for _kw in [{"min": 1.0, "max": 0.0}, {}, {"min": "@f3"}, {"min": "@f4"}, {"min": 1 + 1j},
            {"max": float("nan")}]:
    for _x in ["@f23", "@i23", "@b23", "@c23"]:
        _call("clamp", _x, **_kw, family="misc")
# A Tensor bound beside a number bound matches neither of clamp's overloads (two Tensors, two
# Numbers); a 0-d bound reads as a number unless it requires grad. Each call form (function or
# method, positional or keyword, in place).
_BOUNDS = {"f3": lambda lib: lib.tensor([0.0, 0.5, 1.0]), "fs": lambda lib: lib.tensor(0.5),
           "fs_grad": lambda lib: lib.tensor(0.5, requires_grad=True),
           "i3": lambda lib: lib.tensor([0, 1, 2])}
for _bn, _bound in _BOUNDS.items():
    for _op in ["clamp", "clip"]:
        for _form, _use in [
                (f"{_op}(f23, {_bn}, 1.0)", lambda x, b, lib, o=_op: getattr(lib, o)(x, b, 1.0)),
                (f"{_op}(f23, 0, {_bn})", lambda x, b, lib, o=_op: getattr(lib, o)(x, 0, b)),
                (f"{_op}(f23, min={_bn}, max=1.0)",
                 lambda x, b, lib, o=_op: getattr(lib, o)(x, min=b, max=1.0)),
                (f"{_op}(f23, {_bn}, max=True)",
                 lambda x, b, lib, o=_op: getattr(lib, o)(x, b, max=True)),
                (f"{_op}(f23, {_bn}, None)", lambda x, b, lib, o=_op: getattr(lib, o)(x, b, None)),
                (f"f23.{_op}({_bn}, 1.0)", lambda x, b, lib, o=_op: getattr(x, o)(b, 1.0)),
                (f"f23.{_op}(min=0.0, max={_bn})",
                 lambda x, b, lib, o=_op: getattr(x, o)(min=0.0, max=b)),
                (f"f23.{_op}_({_bn}, 1.0)", lambda x, b, lib, o=_op: getattr(x, o + "_")(b, 1.0)),
                (f"f23.{_op}_({_bn}, {_bn})",
                 lambda x, b, lib, o=_op: getattr(x, o + "_")(b, b.detach() + 1))]:
            _add("misc", _form, lambda lib, u=_use, mk=_bound: u(T(lib, "f23"), mk(lib), lib))
for _steps_call in ["linspace", "logspace"]:
    _add("creation", f"{_steps_call}(0, 1.0, dtype=float64)",
         lambda lib, o=_steps_call: getattr(lib, o)(0, 1.0, dtype=lib.float64))
    _add("creation", f"{_steps_call}(tensor(0.), 1)",
         lambda lib, o=_steps_call: getattr(lib, o)(lib.tensor(0.0), 1))
for _spec, _ops in [("ij,jk->ik", ("@f23", "@f32")), ("ij,jk->ik", ("@f23", "@f23")),
                    ("ij->k", ("@f23",)), ("i,i", ("@f3", "@f4")), ("ii->i", ("@f23",)),
                    ("ij,jk", ("@f23",)), ("a..b,b", ("@f23", "@f3")), ("ij", ("@f3",)),
                    ("ij->ji", ("@f23",)), ("ij,ij->", ("@f23", "@i23"))]:
    _call("einsum", _spec, *_ops, family="misc")
for _k in [0, 3, 4, -1, 1.5]:
    for _x in ["@f23", "@f0", "@fs", "@b23", "@c23"]:
        _call("topk", _x, _k, family="misc")
        _call("kthvalue", _x, _k, family="misc")
for _x in ["@f23", "@c23", "@b23", "@fs", "@f0", "@nan23"]:
    for _d in [0, 5, -3]:
        _call("sort", _x, _d, family="misc")
        _call("argsort", _x, _d, family="misc")
        _call("unique_consecutive", _x, dim=_d, family="misc")
for _p, _n, _kw in [("@f3", 2, {}), ("@f3", 4, {}), ("@f3", 4, {"replacement": True}),
                    ("@nan23", 1, {}), ("@i3", 1, {}), ("@f0", 1, {}), ("@f23", -1, {}),
                    ("@f222", 1, {}), ("@fs", 1, {})]:
    _call("multinomial", _p, _n, **_kw, family="misc", random=True)
for _x, _q in [("@f23", 0.5), ("@f23", 1.5), ("@f23", -0.1), ("@i23", 0.5), ("@f0", 0.5),
               ("@f23", "@f3"), ("@f23", float("nan"))]:
    _call("quantile", _x, _q, family="misc")
    _call("nanquantile", _x, _q, family="misc")
for _a, _b in [("@f23", "@f23"), ("@f23", "@f32"), ("@f3", "@f3"), ("@i23", "@i23"),
               ("@f222", "@f23"), ("@f20", "@f20")]:
    _call("cdist", _a, _b, family="misc")
    _call("cross", _a, _b, family="misc")
    _call("tensordot", _a, _b, 1, family="misc")
for _x, _bins in [("@f23", 0), ("@f23", -1), ("@i23", 4), ("@f0", 4), ("@nan23", 4),
                  ("@f23", 2.5)]:
    _call("histc", _x, _bins, family="misc")
for _x, _v in [("@f3", "@f3"), ("@f23", "@f3"), ("@i3", "@f3"), ("@f3", "@f23"),
               ("@c23", "@c23")]:
    _call("searchsorted", _x, _v, family="misc")
    _call("bucketize", _v, _x, family="misc")
for _x, _y in [("@f23", "@f23"), ("@f23", "@i23"), ("@f23", "@f3"), ("@f23", "@f4"),
               ("@f23", "@m23"), ("@c23", "@c23")]:
    _call("allclose", _x, _y, family="misc")
    _call("lerp", _x, _y, 0.5, family="misc")
    _call("trapezoid", _x, _y, family="misc")


# Modules, optimizers and loaders as programs build them, fed what does not fit: the module's
# parameters are random (so only dtype and shape of a result are compared), the errors exact.
_BATCH = {"seq": (5, 2, 3), "seq4": (5, 2, 4), "seq2d": (5, 3), "q": (3, 2, 4), "q5": (3, 2, 5)}


def _ones(lib, spec):
    return lib.ones(*_BATCH[spec]) if spec in _BATCH else T(lib, spec)


def _module(name, make, spec, **call):
    def fn(lib):
        lib.manual_seed(0)
        module = make(lib.nn)
        kw = {k: (_ones(lib, v[1:]) if isinstance(v, str) else v(lib)) for k, v in call.items()}
        return module(_ones(lib, spec), **kw)
    shown = "".join(f", {k}={v if isinstance(v, str) else 'mask'}" for k, v in call.items())
    _add("module", f"{name}({spec}{shown})", fn, random=True)


for _make_name, _make in [("Linear(3, 4)", lambda nn: nn.Linear(3, 4)),
                          ("Linear(4, 2)", lambda nn: nn.Linear(4, 2)),
                          ("Conv2d(3, 4, 2)", lambda nn: nn.Conv2d(3, 4, 2)),
                          ("Conv2d(2, 4, 2)", lambda nn: nn.Conv2d(2, 4, 2)),
                          ("Conv2d(3, 4, 5)", lambda nn: nn.Conv2d(3, 4, 5)),
                          ("Conv1d(3, 2, 2)", lambda nn: nn.Conv1d(3, 2, 2)),
                          ("BatchNorm1d(3)", lambda nn: nn.BatchNorm1d(3)),
                          ("BatchNorm1d(4)", lambda nn: nn.BatchNorm1d(4)),
                          ("BatchNorm2d(3)", lambda nn: nn.BatchNorm2d(3)),
                          ("LayerNorm(3)", lambda nn: nn.LayerNorm(3)),
                          ("GroupNorm(2, 4)", lambda nn: nn.GroupNorm(2, 4)),
                          ("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4)),
                          ("GRU(3, 4, batch_first=True)",
                           lambda nn: nn.GRU(3, 4, batch_first=True)),
                          ("Embedding(5, 3)", lambda nn: nn.Embedding(5, 3)),
                          ("MaxPool2d(2)", lambda nn: nn.MaxPool2d(2)),
                          ("Flatten()", lambda nn: nn.Flatten()),
                          ("Dropout(0.5)", lambda nn: nn.Dropout(0.5))]:
    for _spec in ["f23", "f32", "i23", "f3", "fs", "f0", "img", "img1", "seq", "seq4", "seq2d",
                  "i3", "t_big", "t_neg", "t_f"]:
        _module(_make_name, _make, _spec)
for _spec, _mask in [("q", None), ("q5", None), ("q", "@f22"), ("q", "@f32"), ("q", "@b23"),
                     ("q", "@f3")]:
    def _attention(lib, spec=_spec, mask=_mask):
        lib.manual_seed(0)
        module = lib.nn.MultiheadAttention(4, 2)
        x = _ones(lib, spec)
        kw = {} if mask is None else {"attn_mask": lib.zeros(3, 3) if mask == "@f22" else
                                      T(lib, mask[1:])}
        return module(x, x, x, **kw)
    _add("module", f"MultiheadAttention(4, 2)({_spec}, attn_mask={_mask})", _attention,
         random=True)
    def _padding(lib, spec=_spec, mask=_mask):
        lib.manual_seed(0)
        module = lib.nn.MultiheadAttention(4, 2)
        x = _ones(lib, spec)
        kw = {} if mask is None else {"key_padding_mask": T(lib, mask[1:]).bool()}
        return module(x, x, x, **kw)
    _add("module", f"MultiheadAttention(4, 2)({_spec}, key_padding_mask={_mask})", _padding,
         random=True)
_add("module", "MultiheadAttention(5, 2)", lambda lib: lib.nn.MultiheadAttention(5, 2).embed_dim)


def _optimizer(name, kind, params, **kw):
    def fn(lib):
        leaf = lib.ones(2, requires_grad=True)
        made = {"leaf": [leaf], "twice": [leaf, leaf], "none": [],
                "nonleaf": [leaf * 2], "tensor": leaf, "nograd": [lib.ones(2)],
                "groups": [{"params": [leaf]}, {"params": [leaf]}],
                "dict": [{"lr": 0.1}]}[params]
        optimizer = getattr(lib.optim, kind)(made, **kw)
        return len(optimizer.param_groups), len(optimizer.param_groups[0]["params"])
    _add("module", name, fn)


for _kind in ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]:
    for _params in ["leaf", "twice", "none", "nonleaf", "tensor", "nograd", "groups", "dict"]:
        _optimizer(f"optim.{_kind}({_params}, lr=0.1)", _kind, _params, lr=0.1)
    for _lr in [-1.0, 0.0, "0.1", float("nan")]:
        _optimizer(f"optim.{_kind}(leaf, lr={_lr!r})", _kind, "leaf", lr=_lr)
for _betas in [(0.9, 1.0), (-0.1, 0.999), (0.9,), (0.9, 0.999)]:
    _optimizer(f"optim.Adam(leaf, betas={_betas})", "Adam", "leaf", betas=_betas)
for _kw in [{"momentum": -0.5}, {"weight_decay": -1.0}, {"nesterov": True},
            {"nesterov": True, "momentum": 0.9}, {"momentum": 0.9, "dampening": 0.5}]:
    _optimizer(f"optim.SGD(leaf, lr=0.1, {_kw})", "SGD", "leaf", lr=0.1, **_kw)


def _loader(name, **kw):
    def fn(lib):
        data = lib.utils.data.TensorDataset(lib.arange(6.0).reshape(3, 2), lib.arange(3))
        return [tuple(b) for b in lib.utils.data.DataLoader(data, **kw)]
    _add("module", f"DataLoader(3 rows, {name})", fn)


for _kw in [{"batch_size": 2}, {"batch_size": 0}, {"batch_size": -1}, {"batch_size": 1.5},
            {"batch_size": None}, {"batch_size": "2"}, {"batch_size": 2, "drop_last": True},
            {"batch_size": 5, "drop_last": True}, {"shuffle": True, "sampler": [0, 1, 2]},
            {"batch_size": 2, "batch_sampler": [[0, 1]]}, {"num_workers": -1},
            {"batch_size": 2, "sampler": [2, 0]}]:
    _loader(", ".join(f"{k}={v!r}" for k, v in _kw.items()), **_kw)
for _values, _accumulate in [("@f3", False), ("@f4", False), ("@i3", False), ("@f23", False),
                             ("@f3", True), ("@fs", False)]:
    for _index in [("@i3",), ("@t_ok",), ("@f3",), ("@b3",)]:
        def _put(lib, values=_values, index=_index, accumulate=_accumulate):
            target = T(lib, "f32").clone()
            return target.index_put_(tuple(_materialize(lib, index)),
                                     _materialize(lib, [values])[0], accumulate=accumulate)
        _add("module", f"f32.index_put_({_index[0][1:]}, {_values[1:]}, "
             f"accumulate={_accumulate})", _put)


# Calls with arguments missing, extra or of the wrong type, as programs get them wrong: the
# errors of PyTorch's argument parser (and of its Python functions).
_PARSER_CALLS = {
    ".view()": lambda x, lib: x.view(), ".view('a')": lambda x, lib: x.view("a"),
    ".view(2.0, 3)": lambda x, lib: x.view(2.0, 3), ".reshape('a')": lambda x, lib: x.reshape("a"),
    ".reshape()": lambda x, lib: x.reshape(), ".reshape(None)": lambda x, lib: x.reshape(None),
    ".permute()": lambda x, lib: x.permute(), ".permute(0)": lambda x, lib: x.permute(0),
    ".transpose(0)": lambda x, lib: x.transpose(0), ".expand()": lambda x, lib: x.expand(),
    ".repeat()": lambda x, lib: x.repeat(), ".sum('a')": lambda x, lib: x.sum("a"),
    ".size('a')": lambda x, lib: x.size("a"), ".to('cpux')": lambda x, lib: x.to("cpux"),
    ".type('float')": lambda x, lib: x.type("float"), ".add()": lambda x, lib: x.add(),
    ".add('a')": lambda x, lib: x.add("a"), ".mul(x, x)": lambda x, lib: x.mul(x, x),
    ".squeeze('a')": lambda x, lib: x.squeeze("a"), ".unsqueeze()": lambda x, lib: x.unsqueeze(),
    ".unsqueeze(1.5)": lambda x, lib: x.unsqueeze(1.5),
    ".flatten('a')": lambda x, lib: x.flatten("a"),
    ".index_select(0)": lambda x, lib: x.index_select(0),
    ".masked_fill(mask)": lambda x, lib: x.masked_fill(x > 0),
    ".clamp('a')": lambda x, lib: x.clamp("a"), ".max('a')": lambda x, lib: x.max("a"),
    ".topk()": lambda x, lib: x.topk(), ".fill_()": lambda x, lib: x.fill_(),
    ".fill_('a')": lambda x, lib: x.fill_("a"), ".item(1)": lambda x, lib: x.item(1),
    ".new_zeros()": lambda x, lib: x.new_zeros(), ".t(1)": lambda x, lib: x.t(1),
    ".chunk()": lambda x, lib: x.chunk(), ".split()": lambda x, lib: x.split(),
    ".narrow(0, 1)": lambda x, lib: x.narrow(0, 1), ".gather(0)": lambda x, lib: x.gather(0),
    ".scatter_(0, x)": lambda x, lib: x.scatter_(0, x), ".matmul()": lambda x, lib: x.matmul(),
    ".matmul(3)": lambda x, lib: x.matmul(3), ".softmax()": lambda x, lib: x.softmax(),
    ".softmax('a')": lambda x, lib: x.softmax("a"),
    ".std(unbiased='a')": lambda x, lib: x.std(unbiased="a"),
    ".mean(dtype='a')": lambda x, lib: x.mean(dtype="a"),
    ".argmax(1.5)": lambda x, lib: x.argmax(1.5), ".cumsum()": lambda x, lib: x.cumsum(),
    ".pow()": lambda x, lib: x.pow(), ".eq()": lambda x, lib: x.eq(),
    ".all(1.5)": lambda x, lib: x.all(1.5), ".contiguous(1)": lambda x, lib: x.contiguous(1),
    ".detach(1)": lambda x, lib: x.detach(1), ".clone(1)": lambda x, lib: x.clone(1),
    ".float(1)": lambda x, lib: x.float(1), ".tolist(1)": lambda x, lib: x.tolist(1),
    ".norm('a')": lambda x, lib: x.norm("a"),
    ".norm(p='fro', dim=5)": lambda x, lib: x.norm(p="fro", dim=5),
    ".requires_grad_('a')": lambda x, lib: x.requires_grad_("a"),
    ".backward(1)": lambda x, lib: x.backward(1),
    "kaiser_window(5, beta='x')": lambda x, lib: lib.kaiser_window(5, beta="x"),
    "kaiser_window()": lambda x, lib: lib.kaiser_window(),
    "hann_window(5.5)": lambda x, lib: lib.hann_window(5.5),
    "zeros()": lambda x, lib: lib.zeros(), "arange()": lambda x, lib: lib.arange(),
    "arange('a')": lambda x, lib: lib.arange("a"),
    "linspace(0, 1)": lambda x, lib: lib.linspace(0, 1),
    "full((2,))": lambda x, lib: lib.full((2,)),
    "cat()": lambda x, lib: lib.cat(), "cat(x, x)": lambda x, lib: lib.cat(x, x),
    "stack(x)": lambda x, lib: lib.stack(x), "matmul(x)": lambda x, lib: lib.matmul(x),
    "where(x > 0, x)": lambda x, lib: lib.where(x > 0, x),
    "einsum('ij')": lambda x, lib: lib.einsum("ij"), "tensor()": lambda x, lib: lib.tensor(),
    "randn('a')": lambda x, lib: lib.randn("a"), "randint(5)": lambda x, lib: lib.randint(5),
    "randint(5, (2,), 3)": lambda x, lib: lib.randint(5, (2,), 3),
    "manual_seed('a')": lambda x, lib: lib.manual_seed("a"),
    "manual_seed(1.5)": lambda x, lib: lib.manual_seed(1.5),
    "max(x, 'a')": lambda x, lib: lib.max(x, "a"),
    "sum(x, dim='a')": lambda x, lib: lib.sum(x, dim="a"),
    "mean(x, 1.5)": lambda x, lib: lib.mean(x, 1.5),
    "clamp(x, 'a')": lambda x, lib: lib.clamp(x, "a"),
    "add(x)": lambda x, lib: lib.add(x), "add(x, x, x)": lambda x, lib: lib.add(x, x, x),
    "add(x, x, alpha='a')": lambda x, lib: lib.add(x, x, alpha="a"),
    "mm(x)": lambda x, lib: lib.mm(x), "exp()": lambda x, lib: lib.exp(),
    "exp(1.0)": lambda x, lib: lib.exp(1.0), "exp([1.0])": lambda x, lib: lib.exp([1.0]),
    "sqrt(x, x)": lambda x, lib: lib.sqrt(x, x), "abs('a')": lambda x, lib: lib.abs("a"),
    "softmax(x)": lambda x, lib: lib.softmax(x),
    "flatten(x, 'a')": lambda x, lib: lib.flatten(x, "a"),
    "reshape(x)": lambda x, lib: lib.reshape(x), "reshape(x, 6)": lambda x, lib: lib.reshape(x, 6),
    "transpose(x, 0)": lambda x, lib: lib.transpose(x, 0),
    "zeros_like()": lambda x, lib: lib.zeros_like(),
    "zeros_like([1])": lambda x, lib: lib.zeros_like([1]),
    "from_numpy([1])": lambda x, lib: lib.from_numpy([1]),
    "device('cpu', 'a')": lambda x, lib: lib.device("cpu", "a"),
    "device('blah')": lambda x, lib: lib.device("blah"),
    "device(1.5)": lambda x, lib: lib.device(1.5),
    "empty(2, dtype='float')": lambda x, lib: lib.empty(2, dtype="float"),
    "ones(2, device=1.5)": lambda x, lib: lib.ones(2, device=1.5),
    "sort(x, 'a')": lambda x, lib: lib.sort(x, "a"), "topk(x)": lambda x, lib: lib.topk(x),
    "gather(x, 0)": lambda x, lib: lib.gather(x, 0),
    "F.relu()": lambda x, lib: lib.nn.functional.relu(),
    "F.relu('a')": lambda x, lib: lib.nn.functional.relu("a"),
    "F.linear(x)": lambda x, lib: lib.nn.functional.linear(x),
    "F.softmax(x)": lambda x, lib: lib.nn.functional.softmax(x),
    "F.dropout(x, 'a')": lambda x, lib: lib.nn.functional.dropout(x, "a"),
    "F.dropout(x, 1.5)": lambda x, lib: lib.nn.functional.dropout(x, 1.5),
    "F.one_hot(x)": lambda x, lib: lib.nn.functional.one_hot(x),
    "F.pad(x, 1)": lambda x, lib: lib.nn.functional.pad(x, 1),
    "F.pad(x, (1,))": lambda x, lib: lib.nn.functional.pad(x, (1,)),
    "F.mse_loss(x)": lambda x, lib: lib.nn.functional.mse_loss(x),
    "F.cross_entropy(x)": lambda x, lib: lib.nn.functional.cross_entropy(x),
    "F.embedding(x)": lambda x, lib: lib.nn.functional.embedding(x),
}
for _name, _fn in _PARSER_CALLS.items():
    _add("parser", _name, lambda lib, fn=_fn: fn(T(lib, "f23"), lib))


# Modules misused as programs misuse them: the wrong number of inputs, state dicts with keys
# missing, unexpected or of another shape, buffers and parameters under bad names.
def _state_dict_case(name, change, strict=True):
    def fn(lib):
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.ReLU(), lib.nn.Linear(4, 2))
        state = dict(model.state_dict())
        change(state, lib)
        result = model.load_state_dict(state, strict=strict)
        return tuple(sorted(result.missing_keys)), tuple(sorted(result.unexpected_keys))
    _add("module", f"load_state_dict({name}, strict={strict})", fn)


for _strict in (True, False):
    for _name, _change in [
            ("as saved", lambda state, lib: None),
            ("missing 0.bias", lambda state, lib: state.pop("0.bias")),
            ("extra 3.weight", lambda state, lib: state.update({"3.weight": lib.ones(2)})),
            ("0.weight of [4, 2]", lambda state, lib: state.update({"0.weight": lib.ones(4, 2)})),
            ("0.bias of [5]", lambda state, lib: state.update({"0.bias": lib.ones(5)})),
            ("2.weight a list", lambda state, lib: state.update({"2.weight": [[1.0] * 4] * 2})),
            ("0.bias double", lambda state, lib: state.update(
                {"0.bias": lib.ones(4, dtype=lib.float64)})),
            ("0.bias 0-d", lambda state, lib: state.update({"0.bias": lib.tensor(1.0)})),
            ("prefixed module.", lambda state, lib: [state.update({"module." + k: state.pop(k)})
                                                      for k in list(state)]),
            ("missing and extra", lambda state, lib: state.update(
                {"9.x": state.pop("2.bias")}))]:
        _state_dict_case(_name, _change, _strict)
_add("module", "load_state_dict(a list)",
     lambda lib: lib.nn.Linear(3, 4).load_state_dict([1, 2]))
_add("module", "load_state_dict(None)", lambda lib: lib.nn.Linear(3, 4).load_state_dict(None))
for _bad in ["a.b", "", "weight", 1, None, "x y"]:
    _add("module", f"register_buffer({_bad!r}, ones)",
         lambda lib, b=_bad: lib.nn.Linear(3, 4).register_buffer(b, lib.ones(2)))
    _add("module", f"register_parameter({_bad!r}, Parameter)",
         lambda lib, b=_bad: lib.nn.Linear(3, 4).register_parameter(
             b, lib.nn.Parameter(lib.ones(2))))
    _add("module", f"add_module({_bad!r}, ReLU)",
         lambda lib, b=_bad: lib.nn.Linear(3, 4).add_module(b, lib.nn.ReLU()))
_add("module", "register_buffer('b', a list)",
     lambda lib: lib.nn.Linear(3, 4).register_buffer("b", [1.0]))
_add("module", "register_parameter('p', a tensor)",
     lambda lib: lib.nn.Linear(3, 4).register_parameter("p", lib.ones(2)))
_add("module", "module.weight = a tensor",
     lambda lib: setattr(lib.nn.Linear(3, 4), "weight", lib.ones(4, 3)))
_add("module", "add_module('m', a tensor)",
     lambda lib: lib.nn.Linear(3, 4).add_module("m", lib.ones(2)))
for _make_name, _make, _args in [
        ("Linear(3, 4)", lambda nn: nn.Linear(3, 4), ["f23", "f23"]),
        ("Linear(3, 4)", lambda nn: nn.Linear(3, 4), []),
        ("ReLU()", lambda nn: nn.ReLU(), ["f23", "f23"]),
        ("Conv2d(3, 4, 2)", lambda nn: nn.Conv2d(3, 4, 2), ["img", "img"]),
        ("Sequential(Linear(3, 4))", lambda nn: nn.Sequential(nn.Linear(3, 4)), ["f23", "f23"]),
        ("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4), ["seq", "seq"]),
        ("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4), ["seq", "f23"]),
        ("MSELoss()", lambda nn: nn.MSELoss(), ["f23"]),
        ("CrossEntropyLoss()", lambda nn: nn.CrossEntropyLoss(), ["logits"]),
        ("Embedding(5, 3)", lambda nn: nn.Embedding(5, 3), ["t_ok", "t_ok"])]:
    def _called(lib, make=_make, args=_args):
        lib.manual_seed(0)
        return make(lib.nn)(*[_ones(lib, a) for a in args])
    _add("module", f"{_make_name}({', '.join(_args)}) [arity]", _called, random=True)
for _kw in [{"shuffle": True, "batch_sampler": [[0, 1]]},
            {"batch_size": 2, "batch_sampler": [[0, 1], [2]], "drop_last": True},
            {"sampler": [0, 1], "batch_sampler": [[0, 1]]},
            {"batch_size": None, "drop_last": True}, {"batch_size": None, "shuffle": True},
            {"batch_sampler": [[0, 1], [2]]}, {"batch_sampler": [[0, 5]]},
            {"sampler": [0, 5]}, {"batch_size": 2, "collate_fn": "a"},
            {"batch_size": 2, "timeout": -1}, {"batch_size": 2, "prefetch_factor": 2},
            {"batch_size": 2, "persistent_workers": True}, {"shuffle": "yes"}]:
    _loader(", ".join(f"{k}={v!r}" for k, v in _kw.items()), **_kw)
for _kind in ["SGD", "Adam"]:
    for _kw in [{"lr": -1e-3, "momentum": 0.9} if _kind == "SGD" else {"lr": 1e-3, "eps": -1.0},
                {"lr": 0.1, "weight_decay": "a"}, {"lr": None}, {"lr": 0.1, "foo": 1}]:
        _optimizer(f"optim.{_kind}(leaf, {_kw})", _kind, "leaf", **_kw)


def _add_group(name, group):
    def fn(lib):
        leaf, other = lib.ones(2, requires_grad=True), lib.ones(3, requires_grad=True)
        optimizer = lib.optim.SGD([leaf], lr=0.1)
        optimizer.add_param_group(group(leaf, other, lib))
        return len(optimizer.param_groups), optimizer.param_groups[-1]["lr"]
    _add("module", f"SGD.add_param_group({name})", fn)


for _name, _group in [("the same leaf", lambda a, b, lib: {"params": [a]}),
                      ("a new leaf", lambda a, b, lib: {"params": [b]}),
                      ("a new leaf, lr 0.5", lambda a, b, lib: {"params": b, "lr": 0.5}),
                      ("no params", lambda a, b, lib: {"lr": 0.5}),
                      ("a non-leaf", lambda a, b, lib: {"params": [b * 2]}),
                      ("a set", lambda a, b, lib: {"params": {b}}),
                      ("a bare tensor list", lambda a, b, lib: [b])]:
    _add_group(_name, _group)

# Losses fed targets of another shape or dtype than the input.
for _op, _pairs in [
        ("mse_loss", [("f23", "f3"), ("f3", "f23"), ("f23", "d23"), ("fs", "f3")]),
        ("l1_loss", [("f23", "f3"), ("f23", "d23")]),
        ("binary_cross_entropy", [("prob23", "d23"), ("prob23", "f3"), ("prob23", "t_prob"),
                                  ("prob23", "b23")]),
        ("binary_cross_entropy_with_logits", [("f23", "d23"), ("f23", "f3")]),
        ("cross_entropy", [("logits", "t_prob"), ("logits", "prob_bad"), ("logits", "d_prob"),
                           ("logits", "t_i32"), ("logits", "t_u8"), ("logits", "t_ok_f")]),
        ("nll_loss", [("logits", "t_i32"), ("logits", "t_u8"), ("logits", "t_prob"),
                      ("logits", "t_2d")]),
        ("kl_div", [("f23", "f3"), ("f23", "d23")]),
        ("huber_loss", [("f23", "f3")]), ("smooth_l1_loss", [("f23", "f3")]),
        ("soft_margin_loss", [("f23", "f3")]), ("poisson_nll_loss", [("f23", "f3")])]:
    for _a, _b in _pairs:
        _call(f"nn.functional.{_op}", f"@{_a}", f"@{_b}", family="loss")


# --- the wider grid (session 19): where programs make mistakes and wrong numbers hide ----------

_ARRAYS.update(
    h22=np.array([[2.0, 1.0], [1.0, 3.0]], np.float16),
    notpd=np.array([[1.0, 2.0], [2.0, 1.0]], np.float32),
    c22d=np.array([[2, 1j], [-1j, 3]], np.complex128),
    f322=np.arange(12, dtype=np.float32).reshape(3, 2, 2) + 3 * np.eye(2, dtype=np.float32),
    f21=np.array([[1.0], [2.0]], np.float32), i32_22=np.array([[2, 1], [1, 3]], np.int32),
    b22=np.array([[True, False], [False, True]]), h4=np.array([1.0, 2.0, 3.0, 4.0], np.float16),
    i2=np.array([0, 0]), i2_32=np.array([0, 0], np.int32), i2_16=np.array([0, 0], np.int16),
    i25=np.array([[0, 1, 0], [1, 0, 5]]), ineg=np.array([[0, -1, 0], [1, 0, 1]]),
    i12=np.array([[0, 1]]), i33=np.array([[0, 1, 0], [1, 0, 1], [0, 0, 0]]),
    pos23=np.array([[0.5, 1.0, 2.0], [3.0, 0.25, 2.5]], np.float32))

# Linear algebra: non-square, singular, batched shapes that do not broadcast, mixed dtypes,
# the string arguments (UPLO, driver, mode) and the ord values.
for _op in ["linalg.cholesky", "linalg.cholesky_ex", "linalg.inv", "linalg.inv_ex",
            "linalg.det", "linalg.eig", "linalg.eigvals", "linalg.eigh", "linalg.svd", "linalg.qr",
            "linalg.lu", "linalg.lu_factor_ex", "linalg.matrix_exp", "linalg.pinv",
            "linalg.matrix_rank", "linalg.cond", "linalg.slogdet", "linalg.ldl_factor",
            "linalg.svdvals", "linalg.eigvalsh"]:
    for _a in ["@h22", "@notpd", "@c22d", "@f322", "@i32_22", "@b22", "@sing"]:
        if (_op, _a) != ("linalg.ldl_factor", "@sing"):  # torch: an internal assert (its bug)
            _call(_op, _a, family="linalg")
for _a, _b in [("@f222", "@f322"), ("@f22", "@f21"), ("@f22", "@c22"), ("@c22", "@f22"),
               ("@h22", "@h22"), ("@f22", "@i22"), ("@f23", "@f21"), ("@f322", "@f21"),
               ("@f22", "@d23"), ("@sing", "@f21")]:
    for _op in ["linalg.solve", "linalg.solve_ex", "linalg.lstsq", "cholesky_solve"]:
        _call(_op, _a, _b, family="linalg")
    _call("linalg.solve_triangular", _a, _b, upper=False, family="linalg")
    _call("linalg.solve", _a, _b, left=False, family="linalg")
for _uplo in ["L", "U", "u", "X", ""]:
    for _a in ["@f22", "@c22"]:
        _call("linalg.eigh", _a, UPLO=_uplo, family="linalg")
        _call("linalg.eigvalsh", _a, UPLO=_uplo, family="linalg")
for _mode in ["reduced", "complete", "r", "bad"]:
    _call("linalg.qr", "@f23", mode=_mode, family="linalg")
for _driver in [None, "gelsd", "gelsy", "gelss", "gels", "bad"]:
    for _a, _b in [("@f22", "@f21"), ("@f32", "@f32"), ("@sing", "@f21")]:
        _call("linalg.lstsq", _a, _b, driver=_driver, family="linalg")
# lstsq's shape rules: B of A's rank or one less (a vector when it is A's shape without the last
# dim, or 1-D; else a matrix whose leading dims broadcast with A's batch), never 0-d.
for _a, _b in [((3, 2), ()), ((3, 2), (2,)), ((2, 3, 2), (3,)), ((1, 3, 2), (2,)),
               ((2, 3), (2, 2, 2)), ((3, 2), (2, 3, 2)), ((1, 3, 2), (2, 3)),
               ((1, 3, 2), (3, 2)), ((2, 2, 2), (2, 3)), ((2, 3, 2), (3, 2)),
               ((4, 3, 1), (4, 3)), ((2, 3, 2), (1, 3))]:
    _add("linalg", f"linalg.lstsq(ones{_a}, ones{_b})",
         lambda lib, a=_a, b=_b: lib.linalg.lstsq(lib.ones(a, dtype=lib.float64),
                                                  lib.linspace(-1, 1, math.prod(b),
                                                               dtype=lib.float64).reshape(b)))
for _driver in [None, "gesvd", "bad"]:
    _call("linalg.svd", "@f23", driver=_driver, family="linalg")
for _ord in ["fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf"), 3, "bad", 0, None]:
    _call("linalg.cond", "@f22", _ord, family="linalg")
    _call("linalg.matrix_norm", "@f222", _ord, dim=(0, 0), family="linalg")
    _call("linalg.norm", "@f222", _ord, dim=(1, 2), family="linalg")
    _call("linalg.norm", "@f222", _ord, dim=1, family="linalg")
    _call("linalg.vector_norm", "@f23", _ord, dim=(0, 0), family="linalg")
for _kw in [{"dtype": "int64"}, {"dtype": "float64"}, {"dtype": "complex64"}]:
    for _op in ["linalg.vector_norm", "linalg.matrix_norm", "linalg.norm"]:
        for _x in ["@f22", "@c22"]:
            _add("linalg", f"{_op}({_x[1:]}, {_kw})",
                 lambda lib, op=_op, x=_x, kw=_kw: _call_path(lib, op)(
                     T(lib, x[1:]), **{k: getattr(lib, v) for k, v in kw.items()}))
for _args in [("@f23", "@f23"), ("@f22", "@f22"), ("@f23", "@f32"), ("@f23", "@i23"),
              ("@f23", "@c23")]:
    _call("linalg.cross", *_args, family="linalg")
    _call("linalg.vecdot", *_args, family="linalg")
    _call("linalg.multi_dot", list(_args), family="linalg")
for _mats in [["@f23"], [], ["@f3", "@f32", "@f21"], ["@f23", "@f32", "@f23"], ["@f3", "@f3"],
              ["@f222", "@f22"]]:
    _call("linalg.multi_dot", _mats, family="linalg")
for _a, _kw in [("@f22", {"tol": -1.0}), ("@f22", {"atol": -1.0}), ("@f22", {"rtol": 2.0}),
                ("@f23", {"hermitian": True}), ("@f22", {"atol": 1.0, "tol": 1.0})]:
    _call("linalg.matrix_rank", _a, **_kw, family="linalg")
    _call("linalg.pinv", _a, **{k: v for k, v in _kw.items() if k != "tol"}, family="linalg")
for _a, _k in [("@f23", 2), ("@f222", -1), ("@sing", -1), ("@i22", -1), ("@f3", 2)]:
    _call("linalg.matrix_power", _a, _k, family="linalg")
for _a, _kw in [("@f22", {"upper": True}), ("@notpd", {}), ("@f23", {}), ("@c22", {}),
                ("@f22", {"upper": "yes"})]:
    _call("linalg.cholesky", _a, **_kw, family="linalg")
    _call("cholesky", _a, **_kw, family="linalg")
for _x, _kw in [("@f3", {}), ("@f3", {"N": -1}), ("@f23", {}), ("@f3", {"N": 0}), ("@fs", {}),
                ("@i3", {"N": 2})]:
    _call("linalg.vander", _x, **_kw, family="linalg")
for _x, _kw in [("@f3", {}), ("@f23", {"dim1": 0, "dim2": 0}), ("@f23", {"offset": 5}),
                ("@f23", {"dim1": 5})]:
    _call("linalg.diagonal", _x, **_kw, family="linalg")

# FFTs: lengths <= 0, dims repeated or out of range, norm strings, real-only on complex, half.
for _op in ["fft.fft", "fft.ifft", "fft.rfft", "fft.irfft", "fft.hfft", "fft.ihfft"]:
    for _x in ["@h4", "@c23", "@f23"]:
        for _kw in [{"norm": "ortho"}, {"norm": "backward"}, {"norm": "Forward"},
                    {"norm": ""}, {"norm": None}, {"dim": -3}, {"n": 1}]:
            _call(_op, _x, **_kw, family="fft")
for _op in ["fft.fft2", "fft.ifft2", "fft.fftn", "fft.ifftn", "fft.rfft2", "fft.rfftn",
            "fft.irfft2", "fft.irfftn", "fft.hfft2", "fft.hfftn", "fft.ihfft2", "fft.ihfftn"]:
    for _x in ["@f23", "@c23", "@f3", "@fs"]:
        for _kw in [{}, {"dim": (1, 1)}, {"dim": (0, -2)}, {"s": (-1, 2)}, {"s": (2, 2, 2),
                    "dim": (0, 1)}, {"norm": "bad"}, {"dim": ()}]:
            _call(_op, _x, **_kw, family="fft")
for _op in ["fft.fftshift", "fft.ifftshift"]:
    for _x, _kw in [("@f23", {}), ("@f23", {"dim": 5}), ("@f23", {"dim": (0, 0)}),
                    ("@fs", {}), ("@f23", {"dim": 1.5})]:
        _call(_op, _x, **_kw, family="fft")
for _op in ["fft.fftfreq", "fft.rfftfreq"]:
    for _args, _kw in [((0,), {}), ((-1,), {}), ((4,), {"d": 0.0}), ((2.5,), {}),
                       ((4,), {"d": "a"}), ((4,), {"dtype": "int64"})]:
        _add("fft", f"{_op}{_args}, {_kw}",
             lambda lib, op=_op, a=_args, kw=_kw: _call_path(lib, op)(
                 *a, **{k: (getattr(lib, v) if k == "dtype" else v) for k, v in kw.items()}))

# Special functions on int, bool, complex and half inputs, and arguments out of their domain.
for _op in ["special.erf", "special.erfc", "special.erfcx", "special.erfinv", "special.expit",
            "special.logit", "special.i0", "special.i0e", "special.i1", "special.i1e",
            "special.ndtr", "special.ndtri", "special.log_ndtr", "special.digamma",
            "special.gammaln", "special.entr", "special.sinc", "special.expm1", "special.exp2",
            "special.log1p", "special.bessel_j0", "special.bessel_j1", "special.bessel_y0",
            "special.modified_bessel_i0", "special.modified_bessel_k0",
            "special.spherical_bessel_j0", "special.airy_ai", "special.round", "lgamma",
            "erfinv", "i0", "logit", "sinc", "mvlgamma", "special.psi"]:
    for _x in ["@i23", "@b23", "@c23", "@h4", "@pos23"]:
        if _op == "mvlgamma":
            _call(_op, _x, 1, family="special")
        else:
            _call(_op, _x, family="special")
for _n in [-1, 0, 1.5, 2]:
    for _x in ["@pos23", "@i23", "@c23"]:
        _call("special.polygamma", _n, _x, family="special")
        _call("polygamma", _n, _x, family="special")
for _p in [0, 1, 2, 3, -1]:
    _call("special.multigammaln", "@pos23", _p, family="special")
    _call("mvlgamma", "@d23", _p, family="special")
for _a, _b in [("@pos23", "@pos23"), ("@i23", "@pos23"), ("@c23", "@c23"), ("@pos23", "@f3"),
               ("@pos23", 2.0), ("@b23", "@b23"), ("@pos23", "@f4")]:
    for _op in ["special.zeta", "special.xlog1py", "special.xlogy", "special.gammainc",
                "special.gammaincc", "special.chebyshev_polynomial_t",
                "special.hermite_polynomial_h", "special.legendre_polynomial_p"]:
        _call(_op, _a, _b, family="special")
for _kw in [{"eps": -1.0}, {"eps": 0.6}, {"eps": None}]:
    _call("special.logit", "@pos23", **_kw, family="special")
for _kw in [{"decimals": 1}, {"decimals": 1.5}, {"decimals": -1}]:
    _call("special.round", "@pos23", **_kw, family="special")
    _call("round", "@i23", **_kw, family="special")
for _d in [1, 5, None]:
    _call("special.softmax", "@pos23", _d, family="special")
    _call("special.log_softmax", "@pos23", _d, family="special")
    _call("special.logsumexp", "@pos23", _d, family="special")


def _call_path(lib, path):
    target = lib
    for part in path.split("."):
        target = getattr(target, part)
    return target


# Distributions: bad parameters with validation on and off, values outside the support, and
# sample shapes.
_DISTS = {
    "Normal(0., -1.)": lambda D, t: D.Normal(t(0.0), t(-1.0)),
    "Normal(zeros(3), ones(2))": lambda D, t: D.Normal(t([0.0] * 3), t([1.0] * 2)),
    "Normal(0, 1) ints": lambda D, t: D.Normal(0, 1),
    "Bernoulli(probs=1.5)": lambda D, t: D.Bernoulli(probs=t(1.5)),
    "Bernoulli(probs, logits)": lambda D, t: D.Bernoulli(probs=t(0.5), logits=t(0.0)),
    "Bernoulli()": lambda D, t: D.Bernoulli(),
    "Categorical(probs=[.5, -.5])": lambda D, t: D.Categorical(probs=t([0.5, -0.5])),
    "Categorical(probs=0-d)": lambda D, t: D.Categorical(probs=t(0.5)),
    "Categorical(probs=[0., 0.])": lambda D, t: D.Categorical(probs=t([0.0, 0.0])),
    "Uniform(1., 0.)": lambda D, t: D.Uniform(t(1.0), t(0.0)),
    "Exponential(-1.)": lambda D, t: D.Exponential(t(-1.0)),
    "Beta(0., 1.)": lambda D, t: D.Beta(t(0.0), t(1.0)),
    "Gamma(-1., 1.)": lambda D, t: D.Gamma(t(-1.0), t(1.0)),
    "Poisson(-1.)": lambda D, t: D.Poisson(t(-1.0)),
    "Binomial(-1, 0.5)": lambda D, t: D.Binomial(t(-1.0), t(0.5)),
    "Binomial(5, 1.5)": lambda D, t: D.Binomial(5, t(1.5)),
    "Geometric(probs=0.)": lambda D, t: D.Geometric(probs=t(0.0)),
    "Dirichlet([1., -1.])": lambda D, t: D.Dirichlet(t([1.0, -1.0])),
    "Dirichlet(0-d)": lambda D, t: D.Dirichlet(t(1.0)),
    "MultivariateNormal(zeros(2), notpd)":
        lambda D, t: D.MultivariateNormal(t([0.0, 0.0]), t([[1.0, 2.0], [2.0, 1.0]])),
    "MultivariateNormal(zeros(3), eye(2))":
        lambda D, t: D.MultivariateNormal(t([0.0] * 3), t([[1.0, 0.0], [0.0, 1.0]])),
    "MultivariateNormal(zeros(2))": lambda D, t: D.MultivariateNormal(t([0.0, 0.0])),
    "MultivariateNormal(zeros(2), 1-D cov)":
        lambda D, t: D.MultivariateNormal(t([0.0, 0.0]), t([1.0, 1.0])),
    "Laplace(0., 0.)": lambda D, t: D.Laplace(t(0.0), t(0.0)),
    "StudentT(-1.)": lambda D, t: D.StudentT(t(-1.0)),
    "LogNormal(0., -1.)": lambda D, t: D.LogNormal(t(0.0), t(-1.0)),
    "Cauchy(0., -1.)": lambda D, t: D.Cauchy(t(0.0), t(-1.0)),
    "Multinomial(3, probs=[.5, -.5])": lambda D, t: D.Multinomial(3, probs=t([0.5, -0.5])),
    "Multinomial(1.5, probs=[.5, .5])": lambda D, t: D.Multinomial(1.5, probs=t([0.5, 0.5])),
    "OneHotCategorical(probs=[[.2, .8]])": lambda D, t: D.OneHotCategorical(probs=t([[.2, .8]])),
    "Normal(nan, 1.)": lambda D, t: D.Normal(t(float("nan")), t(1.0)),
    "Exponential(int)": lambda D, t: D.Exponential(t(2)),
}
for _name, _make in _DISTS.items():
    for _validate in (True, False):
        def _made(lib, make=_make, validate=_validate):
            d = make(_Validated(lib.distributions, validate), lib.tensor)
            return tuple(d.batch_shape), tuple(d.event_shape)
        _add("distribution", f"{_name} [validate_args={_validate}]", _made)


class _Validated:
    """distributions with validate_args passed to every constructor."""

    def __init__(self, module, validate):
        self.module, self.validate = module, validate

    def __getattr__(self, name):
        cls = getattr(self.module, name)
        return lambda *a, **k: cls(*a, validate_args=self.validate, **k)


_LOG_PROBS = {
    "Uniform(0., 1.).log_prob(1.5)": (lambda D, t: D.Uniform(t(0.0), t(1.0)), 1.5),
    "Bernoulli(0.3).log_prob(2.)": (lambda D, t: D.Bernoulli(t(0.3)), 2.0),
    "Bernoulli(0.3).log_prob(0.5)": (lambda D, t: D.Bernoulli(t(0.3)), 0.5),
    "Categorical([.2, .8]).log_prob(3)": (lambda D, t: D.Categorical(t([0.2, 0.8])), 3),
    "Categorical([.2, .8]).log_prob(-1)": (lambda D, t: D.Categorical(t([0.2, 0.8])), -1),
    "Categorical([.2, .8]).log_prob(1.5)": (lambda D, t: D.Categorical(t([0.2, 0.8])), 1.5),
    "Poisson(2.).log_prob(-1.)": (lambda D, t: D.Poisson(t(2.0)), -1.0),
    "Poisson(2.).log_prob(1.5)": (lambda D, t: D.Poisson(t(2.0)), 1.5),
    "Beta(2., 2.).log_prob(1.5)": (lambda D, t: D.Beta(t(2.0), t(2.0)), 1.5),
    "Exponential(1.).log_prob(-1.)": (lambda D, t: D.Exponential(t(1.0)), -1.0),
    "Binomial(5, .5).log_prob(6.)": (lambda D, t: D.Binomial(5, t(0.5)), 6.0),
    "Gamma(1., 1.).log_prob(-1.)": (lambda D, t: D.Gamma(t(1.0), t(1.0)), -1.0),
    "Geometric(.5).log_prob(-1.)": (lambda D, t: D.Geometric(t(0.5)), -1.0),
    "Dirichlet([1., 1.]).log_prob([.5, .6])":
        (lambda D, t: D.Dirichlet(t([1.0, 1.0])), [0.5, 0.6]),
    "Dirichlet([1., 1.]).log_prob([.5, .5, 0.])":
        (lambda D, t: D.Dirichlet(t([1.0, 1.0])), [0.5, 0.5, 0.0]),
    "MultivariateNormal(2).log_prob(zeros(3))":
        (lambda D, t: D.MultivariateNormal(t([0.0, 0.0]), t([[1.0, 0.0], [0.0, 1.0]])),
         [0.0, 0.0, 0.0]),
    "Normal(zeros(3), 1.).log_prob(zeros(2))":
        (lambda D, t: D.Normal(t([0.0] * 3), t(1.0)), [0.0, 0.0]),
    "Normal(0., 1.).log_prob(nan)": (lambda D, t: D.Normal(t(0.0), t(1.0)), float("nan")),
    "Normal(0., 1.).log_prob(1)": (lambda D, t: D.Normal(t(0.0), t(1.0)), "int"),
    "LogNormal(0., 1.).log_prob(-1.)": (lambda D, t: D.LogNormal(t(0.0), t(1.0)), -1.0),
    "HalfNormal(1.).log_prob(-1.)": (lambda D, t: D.HalfNormal(t(1.0)), -1.0),
    "Multinomial(3, [.5, .5]).log_prob([1., 1.])":
        (lambda D, t: D.Multinomial(3, t([0.5, 0.5])), [1.0, 1.0]),
    "OneHotCategorical([.2, .8]).log_prob([1., 1.])":
        (lambda D, t: D.OneHotCategorical(t([0.2, 0.8])), [1.0, 1.0]),
}
for _name, (_make, _value) in _LOG_PROBS.items():
    for _validate in (True, False):
        def _logp(lib, make=_make, value=_value, validate=_validate):
            d = make(_Validated(lib.distributions, validate), lib.tensor)
            return d.log_prob(lib.tensor(1) if value == "int" else lib.tensor(value))
        _add("distribution", f"{_name} [validate_args={_validate}]", _logp)
for _shape in [(2,), 2, [2, 1], (), (-1,), (2.5,), "Size([2, 3])", None]:
    for _name, _make in [("Normal(zeros(3), ones(3))",
                          lambda D, t: D.Normal(t([0.0] * 3), t([1.0] * 3))),
                         ("Categorical([.2, .8])", lambda D, t: D.Categorical(t([0.2, 0.8]))),
                         ("Dirichlet([1., 1.])", lambda D, t: D.Dirichlet(t([1.0, 1.0])))]:
        for _method in ["sample", "rsample"]:
            def _sampled(lib, make=_make, shape=_shape, method=_method):
                lib.manual_seed(0)
                d = make(lib.distributions, lib.tensor)
                if shape is None:
                    return getattr(d, method)()
                given = lib.Size([2, 3]) if shape == "Size([2, 3])" else shape
                return getattr(d, method)(given)
            _add("distribution", f"{_name}.{_method}({_shape!r})", _sampled, random=True)
for _name, _call_it in [
        ("Categorical([.2, .8]).cdf(0)", lambda d, lib: d.cdf(lib.tensor(0))),
        ("Categorical([.2, .8]).entropy()", lambda d, lib: d.entropy()),
        ("Categorical([.2, .8]).expand((3,))", lambda d, lib: d.expand((3,)).batch_shape),
        ("Categorical([.2, .8]).mean", lambda d, lib: d.mean),
        ("Categorical([.2, .8]).enumerate_support()", lambda d, lib: d.enumerate_support())]:
    _add("distribution", _name, lambda lib, f=_call_it: f(
        lib.distributions.Categorical(lib.tensor([0.2, 0.8])), lib))
for _name, _call_it in [
        ("Normal(zeros(3), 1.).expand((2,))", lambda d, lib: d.expand((2,)).batch_shape),
        ("Normal(zeros(3), 1.).expand((2, 3))", lambda d, lib: d.expand((2, 3)).batch_shape),
        ("Normal(zeros(3), 1.).icdf(1.5)", lambda d, lib: d.icdf(lib.tensor(1.5))),
        ("Normal(zeros(3), 1.).cdf(zeros(2))", lambda d, lib: d.cdf(lib.zeros(2))),
        ("Normal(zeros(3), 1.).enumerate_support()", lambda d, lib: d.enumerate_support())]:
    _add("distribution", _name, lambda lib, f=_call_it: f(
        lib.distributions.Normal(lib.zeros(3), lib.tensor(1.0)), lib))

# nn modules called with the wrong rank, channels, dtype, hidden state or mask.
_BATCH.update(seq_d=(5, 2, 3), img3=(2, 3, 4, 4, 4), h_ok=(1, 2, 4), h_bad=(1, 3, 4),
              h_2l=(2, 2, 4), h_1d=(2, 4), h_un=(1, 4), src5=(3, 2, 5), tgt=(4, 2, 4),
              tgt_b3=(4, 3, 4), m33=(3, 3), m44=(4, 4), m433=(4, 3, 3), m533=(5, 3, 3),
              m23b=(2, 3), m32=(3, 2))


def _typed(lib, spec):
    """``spec`` of _BATCH/_ARRAYS, with a ``:dtype`` suffix to cast (``img:float64``)."""
    name, _, dtype = spec.partition(":")
    value = _ones(lib, name)
    return value.to(getattr(lib, dtype)) if dtype else value


def _forward(name, make, *inputs, **kw):
    def fn(lib):
        lib.manual_seed(0)
        module = make(lib.nn)
        args = [tuple(_typed(lib, s) for s in a) if isinstance(a, tuple) else _typed(lib, a)
                for a in inputs]
        return module(*args, **{k: _typed(lib, v) for k, v in kw.items()})
    shown = ", ".join([str(a) for a in inputs] + [f"{k}={v}" for k, v in kw.items()])
    _add("module", f"{name}({shown})", fn, random=True)


for _make_name, _make in [("Conv1d(3, 2, 2)", lambda nn: nn.Conv1d(3, 2, 2)),
                          ("Conv2d(3, 4, 2)", lambda nn: nn.Conv2d(3, 4, 2)),
                          ("Conv3d(3, 2, 2)", lambda nn: nn.Conv3d(3, 2, 2)),
                          ("ConvTranspose2d(3, 2, 2)", lambda nn: nn.ConvTranspose2d(3, 2, 2)),
                          ("ConvTranspose1d(2, 3, 2)", lambda nn: nn.ConvTranspose1d(2, 3, 2)),
                          ("Linear(4, 2)", lambda nn: nn.Linear(4, 2)),
                          ("BatchNorm2d(3)", lambda nn: nn.BatchNorm2d(3)),
                          ("InstanceNorm2d(3)", lambda nn: nn.InstanceNorm2d(3)),
                          ("LayerNorm(4)", lambda nn: nn.LayerNorm(4))]:
    for _spec in ["img:float64", "img:int64", "img:float16", "img3", "seq4:float64",
                  "seq4:int64", "seq_d", "img1:float64"]:
        _forward(_make_name, _make, _spec)
for _make_name, _make in [("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4)),
                          ("GRU(3, 4)", lambda nn: nn.GRU(3, 4)),
                          ("RNN(3, 4)", lambda nn: nn.RNN(3, 4)),
                          ("GRU(3, 4, batch_first=True)",
                           lambda nn: nn.GRU(3, 4, batch_first=True)),
                          ("LSTM(3, 4, num_layers=2)", lambda nn: nn.LSTM(3, 4, num_layers=2))]:
    lstm = _make_name.startswith("LSTM")
    for _h in ["h_ok", "h_bad", "h_2l", "h_1d", "h_un"]:
        for _x in ["seq", "seq2d"]:
            if lstm:
                _forward(_make_name, _make, _x, (_h, "h_ok"))
                _forward(_make_name, _make, _x, ("h_ok", _h))
            else:
                _forward(_make_name, _make, _x, _h)
    if lstm:
        _forward(_make_name, _make, "seq", "h_ok")
        _forward(_make_name, _make, "seq", ("h_ok",))
    else:
        _forward(_make_name, _make, "seq", ("h_ok", "h_ok"))
    for _x in ["seq:float64", "seq:int64", "q5", "img3"]:
        _forward(_make_name, _make, _x)
    _forward(_make_name, _make, "seq", ("h_ok:float64", "h_ok") if lstm else "h_ok:float64")
for _name, _make in [("RNN(3, 4, nonlinearity='bad')",
                      lambda nn: nn.RNN(3, 4, nonlinearity="bad")),
                     ("LSTM(3, 4, proj_size=4)", lambda nn: nn.LSTM(3, 4, proj_size=4)),
                     ("LSTM(3, 4, proj_size=-1)", lambda nn: nn.LSTM(3, 4, proj_size=-1)),
                     ("GRU(3, 4, dropout=1.5)", lambda nn: nn.GRU(3, 4, dropout=1.5)),
                     ("LSTM(3, 0)", lambda nn: nn.LSTM(3, 0)),
                     ("LSTM(3, 4, num_layers=0)", lambda nn: nn.LSTM(3, 4, num_layers=0)),
                     ("LSTM(3, 4.5)", lambda nn: nn.LSTM(3, 4.5)),
                     ("Conv2d(3, 4, 2, groups=2)", lambda nn: nn.Conv2d(3, 4, 2, groups=2)),
                     ("Conv2d(3, 4, 2, padding_mode='bad')",
                      lambda nn: nn.Conv2d(3, 4, 2, padding_mode="bad")),
                     ("Conv2d(3, 4, 2, padding='same', stride=2)",
                      lambda nn: nn.Conv2d(3, 4, 2, padding="same", stride=2)),
                     ("Conv2d(3, 4, 0)", lambda nn: nn.Conv2d(3, 4, 0)),
                     ("Linear(3, -1)", lambda nn: nn.Linear(3, -1)),
                     ("Embedding(5, 3, padding_idx=5)",
                      lambda nn: nn.Embedding(5, 3, padding_idx=5)),
                     ("Embedding(5, 3, padding_idx=-6)",
                      lambda nn: nn.Embedding(5, 3, padding_idx=-6)),
                     ("EmbeddingBag(5, 3, mode='bad')",
                      lambda nn: nn.EmbeddingBag(5, 3, mode="bad")),
                     ("MultiheadAttention(5, 2)", lambda nn: nn.MultiheadAttention(5, 2)),
                     ("TransformerEncoderLayer(5, 2)",
                      lambda nn: nn.TransformerEncoderLayer(5, 2)),
                     ("TransformerEncoderLayer(4, 2, activation='bad')",
                      lambda nn: nn.TransformerEncoderLayer(4, 2, activation="bad")),
                     ("Dropout(1.5)", lambda nn: nn.Dropout(1.5)),
                     ("BatchNorm2d(0)", lambda nn: nn.BatchNorm2d(0)),
                     ("GroupNorm(2, 3)", lambda nn: nn.GroupNorm(2, 3))]:
    def _built(lib, make=_make):
        lib.manual_seed(0)
        return sum(p.numel() for p in make(lib.nn).parameters())
    _add("module", f"{_name} [built]", _built)
for _q, _masks in [("q", {"attn_mask": "m33:int64"}), ("q", {"attn_mask": "m433"}),
                   ("q", {"attn_mask": "m533"}), ("q", {"attn_mask": "m44"}),
                   ("q", {"attn_mask": "m33:float64"}), ("q", {"key_padding_mask": "m23b"}),
                   ("q", {"key_padding_mask": "m32:bool"}), ("q", {"key_padding_mask":
                                                                    "m23b:int64"}),
                   ("q", {"attn_mask": "m33:bool", "key_padding_mask": "m23b"}),
                   ("q:float64", {}), ("q5", {"attn_mask": "m33:bool"}),
                   ("seq4", {"attn_mask": "m33:bool"}), ("f3", {})]:
    _forward("MultiheadAttention(4, 2)", lambda nn: nn.MultiheadAttention(4, 2), _q, _q, _q,
             **_masks)
    _forward("TransformerEncoderLayer(4, 2, 8)",
             lambda nn: nn.TransformerEncoderLayer(4, 2, 8),
             _q, **{{"attn_mask": "src_mask", "key_padding_mask": "src_key_padding_mask"}[k]: v
                    for k, v in _masks.items()})
for _src, _tgt in [("q", "tgt"), ("q", "tgt_b3"), ("src5", "tgt"), ("q", "q5"), ("f3", "tgt"),
                   ("q:float64", "tgt")]:
    _forward("Transformer(4, 2, 1, 1, 8)", lambda nn: nn.Transformer(4, 2, 1, 1, 8), _src, _tgt)
_ARRAYS.update(e_big=np.array([1, 5]), e_neg=np.array([1, -1]), e_f=np.array([1.0, 2.0]),
               e_i32=np.array([1, 2], np.int32), e_b=np.array([True, False]),
               e_2d=np.array([[1, 2], [3, 4]]), e_4=np.array([1, 2, 4, 0]),
               o_ok=np.array([0, 2]), o_start1=np.array([1, 2]), o_down=np.array([0, 3, 2]),
               o_past=np.array([0, 9]), o_f=np.array([0.0, 2.0]), o_2d=np.array([[0, 2]]),
               o_i32=np.array([0, 2], np.int32), w4=np.ones(4, np.float32),
               w3=np.ones(3, np.float32), w4d=np.ones(4))
for _idx in ["e_big", "e_neg", "e_f", "e_i32", "e_b", "e_2d", "e_4"]:
    _forward("Embedding(5, 3)", lambda nn: nn.Embedding(5, 3), _idx)
    _call("nn.functional.embedding", f"@{_idx}", "@f32", padding_idx=0, family="gather")
    _call("nn.functional.embedding", f"@{_idx}", "@f32", max_norm=1.0, family="gather")
for _idx, _offsets, _kw in [("e_4", "o_ok", {}), ("e_4", "o_start1", {}),
                            ("e_4", "o_down", {}), ("e_4", "o_past", {}), ("e_4", "o_f", {}),
                            ("e_2d", "o_ok", {}), ("e_4", "o_2d", {}), ("e_4", "o_i32", {}),
                            ("e_f", "o_ok", {}), ("e_4", "o_ok", {"per_sample_weights": "w3"}),
                            ("e_4", "o_ok", {"per_sample_weights": "w4d"}),
                            ("e_big", "o_ok", {}), ("e_neg", "o_ok", {})]:
    for _mode in ["mean", "max"]:
        _forward(f"EmbeddingBag(5, 3, mode='{_mode}')",
                 lambda nn, m=_mode: nn.EmbeddingBag(5, 3, mode=m), _idx, _offsets, **_kw)
    _forward("EmbeddingBag(5, 3, mode='sum')", lambda nn: nn.EmbeddingBag(5, 3, mode="sum"),
             _idx, _offsets, per_sample_weights="w4")
_forward("EmbeddingBag(5, 3)", lambda nn: nn.EmbeddingBag(5, 3), "e_4")
_forward("EmbeddingBag(5, 3)", lambda nn: nn.EmbeddingBag(5, 3), "e_2d")

# Losses: targets of the wrong dtype, shape or range; class weights of the wrong size; CTC's
# lengths.
_ARRAYS.update(lp=np.log(np.full((5, 2, 4), 0.25, np.float32)),
               ctc_t=np.array([[1, 2, 3], [1, 1, 2]]), ctc_t0=np.array([[1, 0, 3], [1, 1, 2]]),
               ctc_tf=np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 2.0]], np.float32),
               ctc_t5=np.array([[1, 2, 5], [1, 1, 2]]), len55=np.array([5, 5]),
               len65=np.array([6, 5]), len33=np.array([3, 3]), len43=np.array([4, 3]),
               len_neg=np.array([-1, 3]), len3=np.array([3, 3, 3]),
               len55_f=np.array([5.0, 5.0], np.float32), cw2=np.ones(2, np.float32),
               cw3=np.array([1.0, 2.0, 0.5], np.float32), cw3d=np.array([1.0, 2.0, 0.5]),
               cw33=np.ones((3, 3), np.float32), cw3i=np.array([1, 2, 1]),
               pm=np.array([1.0, -1.0]), pm3=np.array([1.0, -1.0, 2.0]),
               t_ign=np.array([-100, 0]), t_11=np.array([1.0, -1.0], np.float32),
               t_ml=np.array([[2, -1, 0], [0, 1, -1]]), var23=np.full((2, 3), 0.5, np.float32),
               var_neg=np.array([[0.5, -0.5, 1.0], [1.0, 1.0, 1.0]], np.float32),
               var21=np.full((2, 1), 0.5, np.float32), var2=np.full((2,), 0.5, np.float32))
for _lp, _t, _il, _tl in [("lp", "ctc_t", "len55", "len33"), ("lp", "ctc_t", "len65", "len33"),
                          ("lp", "ctc_t", "len55", "len43"), ("lp", "ctc_t0", "len55", "len33"),
                          ("lp", "ctc_tf", "len55", "len33"), ("lp", "ctc_t5", "len55", "len33"),
                          ("lp", "ctc_t", "len55", "len_neg"), ("lp", "ctc_t", "len3", "len33"),
                          ("lp", "ctc_t", "len55_f", "len33"), ("f23", "ctc_t", "len55", "len33"),
                          ("lp", "i3", "len55", "len33")]:
    _call("nn.functional.ctc_loss", f"@{_lp}", f"@{_t}", f"@{_il}", f"@{_tl}", family="loss")
for _kw in [{"blank": 5}, {"blank": -1}, {"reduction": "bad"}, {"zero_infinity": True},
            {"reduction": "sum"}]:
    _call("nn.functional.ctc_loss", "@lp", "@ctc_t", "@len55", "@len33", **_kw, family="loss")
_call("nn.functional.ctc_loss", "@lp", "@ctc_t", [5, 5], [3, 3], family="loss")
_call("nn.functional.ctc_loss", "@lp", "@ctc_t", (5, 6), (3, 3), family="loss")
for _w in ["@cw2", "@cw3", "@cw3d", "@cw33", "@cw3i", None]:
    for _t in ["@t_ok", "@t_ign", "@t_big"]:
        _call("nn.functional.nll_loss", "@logits", _t, weight=_w, family="loss")
        _call("nn.functional.cross_entropy", "@logits", _t, weight=_w, family="loss")
    _call("nn.functional.cross_entropy", "@logits", "@t_prob", weight=_w, family="loss")
for _kw in [{"label_smoothing": 1.5}, {"label_smoothing": -0.1}, {"label_smoothing": 0.2},
            {"ignore_index": 5}, {"ignore_index": 0}, {"reduction": "bad"},
            {"reduction": "none"}, {"reduce": False}, {"size_average": False}]:
    _call("nn.functional.cross_entropy", "@logits", "@t_ok", **_kw, family="loss")
    _call("nn.functional.nll_loss", "@logits", "@t_ok",
          **{k: v for k, v in _kw.items() if k != "label_smoothing"}, family="loss")
for _a, _b in [("@f23", "@f23"), ("@f23", "@pos23"), ("@f23", "@f3"), ("@i23", "@i23")]:
    for _kw in [{"log_target": True}, {"reduction": "batchmean"}, {"reduction": "bad"},
                {"log_target": True, "reduction": "batchmean"}, {"reduction": "none"}]:
        _call("nn.functional.kl_div", _a, _b, **_kw, family="loss")
for _args in [("@f3", "@f3", "@pm3"), ("@f3", "@f4", "@pm3"), ("@f23", "@f23", "@f23"),
              ("@f3", "@f3", "@pm")]:
    _call("nn.functional.margin_ranking_loss", *_args, family="loss")
for _args in [("@f23", "@f23", "@t_11"), ("@f23", "@f23", "@pm3"), ("@f23", "@f32", "@t_11"),
              ("@f3", "@f3", "@fs"), ("@f23", "@f23", "@t_ok")]:
    _call("nn.functional.cosine_embedding_loss", *_args, family="loss")
for _args in [("@f23", "@f23", "@f23"), ("@f23", "@f3", "@f23"), ("@f23", "@f32", "@f23"),
              ("@f3", "@f3", "@f3"), ("@fs", "@fs", "@fs")]:
    _call("nn.functional.triplet_margin_loss", *_args, family="loss")
for _t in ["@t_ml", "@f23", "@i3", "@t_11", "@i23"]:
    _call("nn.functional.multilabel_margin_loss", "@f23", _t, family="loss")
    _call("nn.functional.multilabel_soft_margin_loss", "@f23", _t, family="loss")
    _call("nn.functional.hinge_embedding_loss", "@f23", _t, family="loss")
for _var in ["@var23", "@var_neg", "@var21", "@var2", "@f3", 0.5]:
    _call("nn.functional.gaussian_nll_loss", "@f23", "@f23", _var, family="loss")
for _w in ["@f23", "@f3", "@f4", "@i23"]:
    _call("nn.functional.binary_cross_entropy", "@prob23", "@prob23", weight=_w, family="loss")
    _call("nn.functional.binary_cross_entropy_with_logits", "@f23", "@prob23", weight=_w,
          family="loss")
    _call("nn.functional.binary_cross_entropy_with_logits", "@f23", "@prob23", pos_weight=_w,
          family="loss")

# Indexing: index_put_ with duplicate indices of other dtypes, masks of the wrong shape,
# take_along_dim, scatter and gather with indices out of range or of the wrong rank.
for _index in ["@i2", "@i2_32", "@i2_16", "@t_f", "@e_b", "@b3", "@u23"]:
    for _values, _accumulate in [("@f3", True), ("@f3", False), ("@d23", True), (1.0, True),
                                 ("@i3", True)]:
        def _put2(lib, index=_index, values=_values, accumulate=_accumulate):
            target = T(lib, "f23").clone()
            key = _materialize(lib, [index])[0]
            value = lib.tensor(values) if isinstance(values, float) else \
                _materialize(lib, [values])[0]
            if isinstance(values, str) and values == "@d23":
                value = value[0]
            return target.index_put_((key,), value, accumulate=accumulate)
        _add("gather", f"f23.index_put_(({_index[1:]},), {_values}, accumulate={_accumulate})",
             _put2)
for _mask in ["@b3", "@b22", "@b23", "@e_b", "@u23"]:
    _add("index", f"f23[{_mask[1:]}] (mask)", lambda lib, m=_mask: T(lib, "f23")[T(lib, m[1:])])
    _call(".masked_fill", "@f23", _mask, 1.0, family="index")
    _call("masked_select", "@f32", _mask, family="index")
    _call(".masked_scatter", "@f23", _mask, "@f3", family="index")
    _call(".masked_scatter", "@f23", _mask, "@f23", family="index")
# (no index out of range: torch's take_along_dim reads past the input without a check)
for _index, _dim in [("@i3", 0), ("@i3", None), ("@t_f", None), ("@i12", 1), ("@i23", 5),
                     ("@i33", 0), ("@i2_32", None), ("@i2_16", None), ("@i2_32", 0)]:
    _call("take_along_dim", "@f23", _index, _dim, family="gather")
for _index in ["@i25", "@ineg", "@i12", "@i33", "@i3", "@t_f", "@i2_32"]:
    for _d in (0, 1):
        _call("scatter", "@f23", _d, _index, "@f23", family="gather")
        _call("scatter_add", "@f23", _d, _index, "@f23", family="gather")
        _call("gather", "@f23", _d, _index, family="gather")
        _call(".scatter_", "@f23", _d, _index, 2.0, family="gather")
        _call("scatter_reduce", "@f23", _d, _index, "@f23", "amax", family="gather")
for _reduce in ["sum", "prod", "mean", "amax", "amin", "bad", "add", "multiply"]:
    _call("scatter_reduce", "@f23", 1, "@i23", "@f23", _reduce, family="gather")
    _call(".scatter_", "@f23", 1, "@i23", "@f23", reduce=_reduce, family="gather")
for _src in ["@f3", "@f32", "@d23", "@i23", "@f4"]:
    _call(".index_add", "@f23", 1, "@i3", _src, family="gather")
    _call(".index_add", "@f23", 1, "@i3", _src, alpha=2, family="gather")
    _call(".index_copy", "@f23", 1, "@i3", _src, family="gather")
    _call(".put", "@f23", "@i3", _src, family="gather")
    _call(".put", "@f23", "@i3", _src, accumulate=True, family="gather")

# In-place ops where torch refuses them: on leaves that require grad, on views of such leaves,
# on expanded tensors (several elements share one memory place), into a dtype the result does
# not fit, into a shape the result does not broadcast to.
_INPLACE = {
    "add_(1)": lambda x, lib: x.add_(1), "mul_(2)": lambda x, lib: x.mul_(2),
    "zero_()": lambda x, lib: x.zero_(), "fill_(1.)": lambda x, lib: x.fill_(1.0),
    "copy_(ones)": lambda x, lib: x.copy_(lib.ones(x.shape)),
    "[0] = 1.": lambda x, lib: x.__setitem__(0, 1.0), "clamp_(0, 1)": lambda x, lib: x.clamp_(0, 1),
    "relu_()": lambda x, lib: x.relu_(), "exp_()": lambda x, lib: x.exp_(),
    "uniform_()": lambda x, lib: x.uniform_(), "normal_()": lambda x, lib: x.normal_(),
    "masked_fill_(x > 0, 0.)": lambda x, lib: x.masked_fill_(x > 0, 0.0),
    "index_fill_(0, [0], 1.)": lambda x, lib: x.index_fill_(0, lib.tensor([0]), 1.0),
    "scatter_(0, [[0]], 1.)": lambda x, lib: x.scatter_(0, lib.tensor([[0]]), 1.0),
    "sub_(x)": lambda x, lib: x.sub_(x), "div_(2)": lambda x, lib: x.div_(2),
    "pow_(2)": lambda x, lib: x.pow_(2), "sigmoid_()": lambda x, lib: x.sigmoid_(),
    "t_()": lambda x, lib: x.t_(), "unsqueeze_(0)": lambda x, lib: x.unsqueeze_(0),
    "resize_(6)": lambda x, lib: x.resize_(6), "detach_()": lambda x, lib: x.detach_(),
    "requires_grad_(False)": lambda x, lib: x.requires_grad_(False),
    "nn.init.normal_": lambda x, lib: lib.nn.init.normal_(x),
    "F.relu(inplace=True)": lambda x, lib: lib.nn.functional.relu(x, inplace=True),
    "F.dropout(inplace=True)": lambda x, lib: lib.nn.functional.dropout(x, 0.0, inplace=True),
}
_TARGETS = {
    "leaf": lambda lib: lib.ones(2, 3, requires_grad=True),
    "leaf[0]": lambda lib: lib.ones(2, 3, requires_grad=True)[0],
    "leaf.view(6)": lambda lib: lib.ones(2, 3, requires_grad=True).view(6),
    "leaf.t()": lambda lib: lib.ones(2, 3, requires_grad=True).t(),
    "leaf.detach()": lambda lib: lib.ones(2, 3, requires_grad=True).detach(),
    "leaf * 2": lambda lib: lib.ones(2, 3, requires_grad=True) * 2,
    "(leaf * 2)[0]": lambda lib: (lib.ones(2, 3, requires_grad=True) * 2)[0],
    "ones(1, 3).expand(2, 3)": lambda lib: lib.ones(1, 3).expand(2, 3),
    "ones(3).expand(2, 3)": lambda lib: lib.ones(3).expand(2, 3),
}
for _target, _make in _TARGETS.items():
    for _name, _op in _INPLACE.items():
        def _inplace(lib, make=_make, op=_op):
            lib.manual_seed(0)
            x = make(lib)
            result = op(x, lib)
            return result if result is not None else x
        # random values, or resize_'s new (uninitialised) memory: dtype and shape compared
        _add("inplace", f"{_target}.{_name}", _inplace,
             random=_name.startswith(("uniform", "normal", "nn.init", "resize_")))
for _name, _op in [("add_(1)", lambda x, lib: x.add_(1)),
                   ("zero_()", lambda x, lib: x.zero_())]:
    def _nograd(lib, op=_op):
        x = lib.ones(2, 3, requires_grad=True)
        with lib.no_grad():
            op(x, lib)
        return x
    _add("inplace", f"no_grad: leaf.{_name}", _nograd)
for _x in ["i23", "b23", "f23", "u23", "i3", "f3", "fs"]:
    for _name, _op in [("add_(1.5)", lambda x, lib: x.add_(1.5)),
                       ("mul_(f23)", lambda x, lib: x.mul_(T(lib, "f23"))),
                       ("div_(2)", lambda x, lib: x.div_(2)),
                       ("true_divide_(2)", lambda x, lib: x.true_divide_(2)),
                       ("floor_divide_(2)", lambda x, lib: x.floor_divide_(2)),
                       ("add_(1)", lambda x, lib: x.add_(1)),
                       ("add_(c23)", lambda x, lib: x.add_(T(lib, "c23"))),
                       ("add_(True)", lambda x, lib: x.add_(True)),
                       ("sqrt_()", lambda x, lib: x.sqrt_()),
                       ("sigmoid_()", lambda x, lib: x.sigmoid_()),
                       ("pow_(-1)", lambda x, lib: x.pow_(-1)),
                       ("add_(f23)", lambda x, lib: x.add_(T(lib, "f23"))),
                       ("copy_(c23)", lambda x, lib: x.copy_(T(lib, "c23"))),
                       ("clamp_(0.5)", lambda x, lib: x.clamp_(0.5)),
                       ("lerp_(f23, 0.5)", lambda x, lib: x.lerp_(T(lib, "f23"), 0.5)),
                       ("addcmul_(f23, f23)", lambda x, lib: x.addcmul_(T(lib, "f23"),
                                                                       T(lib, "f23"))),
                       ("masked_fill_(b23, 1.5)", lambda x, lib: x.masked_fill_(T(lib, "b23"),
                                                                              1.5))]:
        _add("inplace", f"{_x}.{_name}", lambda lib, x=_x, op=_op: op(T(lib, x), lib))
for _out in ["@i23", "@f3", "@f32", "@f0", "@d23", "@b23"]:
    for _op, _args in [("sin", ("@f23",)), ("sqrt", ("@i23",)), ("linalg.inv", ("@f22",)),
                       ("mm", ("@f23", "@f32")), ("sort", ("@f23",)), ("max", ("@f23", 1)),
                       ("cumsum", ("@f23", 1)), ("index_select", ("@f23", 1, "@i3"))]:
        if _op in ("sort", "max"):
            _add("out", f"{_op}({', '.join(map(_show, _args))}, out=({_out[1:]}, i23))",
                 lambda lib, op=_op, a=_args, o=_out: _call_path(lib, op)(
                     *_materialize(lib, a), out=(T(lib, o[1:]), T(lib, "i23"))))
        else:
            _call(_op, *_args, out=_out, family="out")
for _name, _fn in [("add(f23, f23, out=expand)",
                    lambda lib: lib.add(T(lib, "f23"), 1, out=lib.ones(3).expand(2, 3))),
                   ("exp(f23, out=leaf)",
                    lambda lib: lib.exp(T(lib, "f23"), out=lib.ones(2, 3, requires_grad=True))),
                   ("exp(leaf, out=f23)",
                    lambda lib: lib.exp(lib.ones(2, 3, requires_grad=True), out=T(lib, "f23"))),
                   ("exp(f23, out=f23 view t())",
                    lambda lib: lib.exp(T(lib, "f23"), out=T(lib, "f32").t())),
                   ("add(x, x, out=x[::2]) overlap",
                    lambda lib: (lambda x: lib.add(x, 1, out=x[:, :2]))(T(lib, "f23")))]:
    _add("out", _name, _fn)

# Autograd misuse: requires_grad on integers, backward twice, on a non-scalar, of what does not
# require grad; grad of a tensor that was not used; a saved tensor modified in place; .grad of
# another shape; conversions of tensors that need grad or hold several values.


def _graph(lib):
    x = lib.tensor([[0.5, -1.0, 2.0], [3.0, 0.0, -2.5]], requires_grad=True)
    return x, (x * x).exp()


def _twice(lib, retain):
    x, y = _graph(lib)
    y.sum().backward(retain_graph=retain)
    y.sum().backward()
    return x.grad


def _modified(lib):
    x = lib.tensor([0.5, 1.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()
    return x.grad


def _modified_sigmoid(lib):
    x = lib.tensor([0.5, 1.0], requires_grad=True)
    y = x * 1
    z = y.sigmoid()
    z.mul_(2)
    z.sum().backward()
    return x.grad


def _modified_input(lib):
    x = lib.tensor([0.5, 1.0], requires_grad=True)
    y = x * 1
    z = y * y
    y.add_(1)
    z.sum().backward()
    return x.grad


def _assign_grad(value):
    def fn(lib):
        x = lib.ones(2, 3, requires_grad=True)
        x.grad = value(lib)
        return x.grad
    return fn


_AUTOGRAD = {
    "i23.requires_grad_()": lambda lib: T(lib, "i23").requires_grad_(),
    "b23.requires_grad_()": lambda lib: T(lib, "b23").requires_grad_(),
    "c23.requires_grad_()": lambda lib: T(lib, "c23").requires_grad_().requires_grad,
    "i23.requires_grad_(False)": lambda lib: T(lib, "i23").requires_grad_(False),
    "tensor([1, 2], requires_grad=True)": lambda lib: lib.tensor([1, 2], requires_grad=True),
    "zeros(2, dtype=int64, requires_grad=True)":
        lambda lib: lib.zeros(2, dtype=lib.int64, requires_grad=True),
    "arange(3, requires_grad=True)": lambda lib: lib.arange(3, requires_grad=True),
    "nn.Parameter(i23)": lambda lib: lib.nn.Parameter(T(lib, "i23")),
    "nn.Parameter(i23, requires_grad=False)":
        lambda lib: lib.nn.Parameter(T(lib, "i23"), requires_grad=False),
    "i23.requires_grad = True": lambda lib: setattr(T(lib, "i23"), "requires_grad", True),
    "(leaf * 2).requires_grad_(False)":
        lambda lib: (lib.ones(2, requires_grad=True) * 2).requires_grad_(False),
    "(leaf * 2).requires_grad_(True)":
        lambda lib: (lib.ones(2, requires_grad=True) * 2).requires_grad_(True).requires_grad,
    "backward twice": lambda lib: _twice(lib, False),
    "backward twice, retain_graph": lambda lib: _twice(lib, True),
    "y.backward() non-scalar": lambda lib: _graph(lib)[1].backward(),
    "y.backward(ones(3))": lambda lib: _graph(lib)[1].backward(lib.ones(3)),
    "y.backward(ones(2, 3, int))": lambda lib: _graph(lib)[1].backward(
        lib.ones(2, 3, dtype=lib.int64)),
    "y.backward(ones(3, 2))": lambda lib: _graph(lib)[1].backward(lib.ones(3, 2)),
    "y.sum().backward(ones(2))": lambda lib: _graph(lib)[1].sum().backward(lib.ones(2)),
    "y.sum().backward(2.0)": lambda lib: _graph(lib)[1].sum().backward(2.0),
    "f23.backward()": lambda lib: T(lib, "f23").sum().backward(),
    "leaf.detach().sum().backward()":
        lambda lib: lib.ones(2, requires_grad=True).detach().sum().backward(),
    "no_grad: y.sum().backward()": lambda lib: _nograd_backward(lib),
    "grad(y.sum(), unused)": lambda lib: lib.autograd.grad(
        _graph(lib)[1].sum(), lib.ones(2, requires_grad=True)),
    "grad(y.sum(), unused, allow_unused=True)": lambda lib: lib.autograd.grad(
        _graph(lib)[1].sum(), lib.ones(2, requires_grad=True), allow_unused=True),
    "grad(y.sum(), unused, materialize_grads=True)": lambda lib: lib.autograd.grad(
        _graph(lib)[1].sum(), lib.ones(2, requires_grad=True), materialize_grads=True),
    "grad(y, x) non-scalar": lambda lib: (lambda g: lib.autograd.grad(g[1], g[0]))(_graph(lib)),
    "grad(y.sum(), f23)": lambda lib: lib.autograd.grad(_graph(lib)[1].sum(), T(lib, "f23")),
    "grad(f23.sum(), leaf)": lambda lib: lib.autograd.grad(
        T(lib, "f23").sum(), lib.ones(2, requires_grad=True)),
    "grad(y.sum(), [])": lambda lib: lib.autograd.grad(_graph(lib)[1].sum(), []),
    "grad(y, x, ones(3))": lambda lib: (lambda g: lib.autograd.grad(g[1], g[0], lib.ones(3)))(
        _graph(lib)),
    "grad(y.sum(), x) twice": lambda lib: (lambda g: (lib.autograd.grad(g[1].sum(), g[0]),
                                                      lib.autograd.grad(g[1].sum(), g[0])))(
        _graph(lib)),
    "x.exp() modified in place": _modified,
    "sigmoid output modified in place": _modified_sigmoid,
    "mul input modified in place": _modified_input,
    "x.grad = ones(3)": _assign_grad(lambda lib: lib.ones(3)),
    "x.grad = ones(2, 3, float64)": _assign_grad(lambda lib: lib.ones(2, 3, dtype=lib.float64)),
    "x.grad = ones(2, 3, int64)": _assign_grad(lambda lib: lib.ones(2, 3, dtype=lib.int64)),
    "x.grad = [1.0]": _assign_grad(lambda lib: [1.0]),
    "x.grad = ones(2, 3)": _assign_grad(lambda lib: lib.ones(2, 3)),
    "x.grad = meta": _assign_grad(lambda lib: lib.ones(2, 3, device="meta")),
    "leaf.numpy()": lambda lib: lib.ones(2, requires_grad=True).numpy(),
    "leaf.tolist()": lambda lib: lib.ones(2, requires_grad=True).tolist(),
    "leaf.item() (2 values)": lambda lib: lib.ones(2, requires_grad=True).item(),
    "f23.item()": lambda lib: T(lib, "f23").item(),
    "f0.item()": lambda lib: T(lib, "f0").item(),
    "float(f23)": lambda lib: float(T(lib, "f23")), "int(f3)": lambda lib: int(T(lib, "f3")),
    "bool(f3)": lambda lib: bool(T(lib, "f3")), "bool(f0)": lambda lib: bool(T(lib, "f0")),
    "len(fs)": lambda lib: len(T(lib, "fs")), "iter(fs)": lambda lib: list(iter(T(lib, "fs"))),
    "index(f3)": lambda lib: [0, 1, 2][T(lib, "f3")],
    "range(fs)": lambda lib: list(range(T(lib, "fs"))),
    "range(is)": lambda lib: list(range(T(lib, "is"))),
    "complex(c23)": lambda lib: complex(T(lib, "c23")),
    "float(c22[0, 1])": lambda lib: float(T(lib, "c22")[0, 1]),
    "int(meta)": lambda lib: int(lib.ones((), device="meta")),
    "leaf.view(3, 2).t_()": lambda lib: lib.ones(2, 3, requires_grad=True).view(3, 2).t_().shape,
    "x.retain_grad() on leaf": lambda lib: lib.ones(2, requires_grad=True).retain_grad(),
    "f23.retain_grad()": lambda lib: T(lib, "f23").retain_grad(),
    "(leaf*2).grad": lambda lib: (lib.ones(2, requires_grad=True) * 2).grad,
    "register_hook on f23": lambda lib: T(lib, "f23").register_hook(lambda g: g),
    "hook returning wrong shape": lambda lib: _bad_hook(lib),
    "Function.apply": lambda lib: lib.autograd.Function.apply(T(lib, "f23")),
}


def _nograd_backward(lib):
    x = lib.ones(2, requires_grad=True)
    with lib.no_grad():
        y = (x * 2).sum()
    y.backward()
    return x.grad


def _bad_hook(lib):
    x = lib.ones(2, 3, requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g.sum(0))
    y.sum().backward()
    return x.grad


for _name, _fn in _AUTOGRAD.items():
    _add("autograd", _name, _fn)


# Saving and loading: files truncated, corrupt or absent; DataLoader workers and collation
# failing.
def _saved(lib):
    import io
    buffer = io.BytesIO()
    lib.save({"w": lib.ones(2, 3), "n": 3}, buffer)
    return buffer.getvalue()


def _load(change, **kw):
    def fn(lib):
        import io
        data = change(_saved(lib))
        loaded = lib.load(io.BytesIO(data), **kw)
        return tuple(sorted(loaded)) if isinstance(loaded, dict) else loaded
    return fn


for _name, _change in [("as saved", lambda d: d), ("truncated to half", lambda d: d[:len(d) // 2]),
                       ("last byte cut", lambda d: d[:-1]), ("empty", lambda d: b""),
                       ("garbage", lambda d: b"not a checkpoint at all"),
                       ("first 100 bytes", lambda d: d[:100]),
                       ("a pickled list", lambda d: __import__("pickle").dumps([1, 2]))]:
    _add("module", f"load({_name})", _load(_change))
    _add("module", f"load({_name}, weights_only=False)", _load(_change, weights_only=False))
_add("module", "load(a missing path)", lambda lib: lib.load("/nonexistent/ember_fuzz.pt"))
_add("module", "load(buffer, map_location='bad')",
     _load(lambda d: d, map_location="bad"))
_add("module", "save(a lambda)", lambda lib: lib.save(lambda: 1, __import__("io").BytesIO()))


class _Rows:
    """A map-style dataset whose items are ``make(i)``, built under each library."""

    def __init__(self, lib, make, n=4):
        self.lib, self.make, self.n = lib, make, n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.make(self.lib, i)


def _fail_at_two(lib, i):
    if i == 2:
        raise ValueError("row 2 is bad")
    return lib.ones(2) * i


for _name, _make in [("a row raises ValueError", _fail_at_two),
                     ("rows of unequal sizes", lambda lib, i: lib.ones(2 + i % 2)),
                     ("rows of None", lambda lib, i: None),
                     ("rows of strings", lambda lib, i: f"r{i}"),
                     ("rows of mixed dtypes", lambda lib, i: lib.ones(2, dtype=lib.int64)
                      if i % 2 else lib.ones(2)),
                     ("rows of dicts with other keys", lambda lib, i: {f"k{i}": lib.ones(2)}),
                     ("rows of tuples of other lengths", lambda lib, i: (lib.ones(2),) * (1 + i)),
                     ("rows of numpy arrays", lambda lib, i: np.ones(2) * i),
                     ("rows of meta and cpu", lambda lib, i: lib.ones(2, device="meta" if i % 2
                                                                      else "cpu"))]:
    for _workers in (0, 1) if _name == "a row raises ValueError" else (0,):
        def _loaded(lib, make=_make, workers=_workers):
            loader = lib.utils.data.DataLoader(_Rows(lib, make), batch_size=2,
                                               num_workers=workers)
            return [b if isinstance(b, (list, tuple)) else b for b in loader]
        _add("module", f"DataLoader({_name}, num_workers={_workers})", _loaded)
for _name, _kw in [("collate_fn raises", {"collate_fn": lambda b: 1 / 0}),
                   ("worker_init_fn raises", {"num_workers": 1,
                                               "worker_init_fn": lambda w: 1 / 0})]:
    _add("module", f"DataLoader({_name})", lambda lib, kw=_kw: list(lib.utils.data.DataLoader(
        _Rows(lib, lambda lib, i: lib.ones(2)), batch_size=2, **kw)))


# --- session 20: the library around the ops, as training programs misuse it ----------------------
# Losses with reduction strings they do not know, probability targets, margins and deltas out of
# range; Module's API before __init__ ran and with names or types it refuses; optimizers' and LR
# schedulers' hyper-parameter checks and state loading; datasets, samplers and loaders built
# wrong; torch.func and autograd.grad misused.
_ARRAYS.update(mm_t=np.array([2, 0]), mm_w3=np.array([1.0, 2.0, 0.5], np.float32),
               p_bad=np.array([[0.1, 1.5, 0.9], [0.3, 0.7, -0.2]], np.float32),
               sm_prob=np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], np.float32),
               sm_prob3=np.full((2, 4), 0.25, np.float32),
               lg3=np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10,
               t3_ok=np.array([[0, 1, 2, 0], [2, 2, 1, 0]]),
               t3_bad=np.array([[0, 1, 2], [2, 2, 1]]))
_ALL_LOSSES = {
    "mse_loss": ("@f23", "@f23"), "l1_loss": ("@f23", "@f23"),
    "smooth_l1_loss": ("@f23", "@f23"), "huber_loss": ("@f23", "@f23"),
    "binary_cross_entropy": ("@prob23", "@prob23"),
    "binary_cross_entropy_with_logits": ("@f23", "@prob23"), "kl_div": ("@f23", "@prob23"),
    "nll_loss": ("@logits", "@t_ok"), "cross_entropy": ("@logits", "@t_ok"),
    "soft_margin_loss": ("@f23", "@f23"), "poisson_nll_loss": ("@f23", "@prob23"),
    "multi_margin_loss": ("@logits", "@mm_t"), "multilabel_soft_margin_loss": ("@f23", "@prob23"),
    "hinge_embedding_loss": ("@f23", "@f23"), "margin_ranking_loss": ("@f3", "@f3", "@pm3"),
    "cosine_embedding_loss": ("@f23", "@f23", "@t_11"),
    "triplet_margin_loss": ("@f23", "@f23", "@f23"),
    "gaussian_nll_loss": ("@f23", "@f23", "@var23"),
}
for _op, _args in _ALL_LOSSES.items():
    for _reduction in ["bad", "batchmean", "NONE", "elementwise_mean", None, 1]:
        _call(f"nn.functional.{_op}", *_args, reduction=_reduction, family="loss")
for _kw in [{"p": 3}, {"p": 0}, {"margin": -1.0}, {"weight": "@mm_w3"}, {"weight": "@cw2"},
            {"weight": "@cw33"}]:
    _call("nn.functional.multi_margin_loss", "@logits", "@mm_t", **_kw, family="loss")
for _t in ["@t_big", "@t_neg", "@t_prob", "@t_2d", "@i3"]:
    _call("nn.functional.multi_margin_loss", "@logits", _t, family="loss")
for _delta in [0.0, -1.0, 2.0]:
    _call("nn.functional.huber_loss", "@f23", "@f23", delta=_delta, family="loss")
    _call("nn.functional.smooth_l1_loss", "@f23", "@f23", beta=_delta, family="loss")
for _a, _b in [("@p_bad", "@prob23"), ("@prob23", "@p_bad"), ("@nan23", "@prob23"),
               ("@prob23", "@nan23")]:
    _call("nn.functional.binary_cross_entropy", _a, _b, family="loss")
for _t in ["@sm_prob", "@sm_prob3", "@t_prob"]:
    for _kw in [{"label_smoothing": 0.1}, {"ignore_index": 1}, {"weight": "@cw3"},
                {"label_smoothing": 0.1, "weight": "@cw3"}, {"reduction": "sum"}]:
        _call("nn.functional.cross_entropy", "@logits", _t, **_kw, family="loss")
for _t in ["@t3_ok", "@t3_bad", "@t_ok", "@t_2d"]:
    for _op in ["nll_loss", "cross_entropy"]:
        _call(f"nn.functional.{_op}", "@lg3", _t, family="loss")
        _call(f"nn.functional.{_op}", "@lg3", _t, weight="@cw3", reduction="none", family="loss")
for _x, _t in [("@f3", "@is"), ("@f3", "@i3"), ("@fs", "@is"), ("@logits", "@is")]:
    _call("nn.functional.cross_entropy", _x, _t, family="loss")
    _call("nn.functional.nll_loss", _x, _t, family="loss")
for _full in (True, False):
    for _log in (True, False):
        _call("nn.functional.poisson_nll_loss", "@f23", "@prob23", log_input=_log, full=_full,
              eps=-1.0, family="loss")
for _kw in [{"margin": -1.0}, {"p": 0}, {"p": -1.0}, {"eps": -1.0}, {"swap": True}]:
    _call("nn.functional.triplet_margin_loss", "@f23", "@f23", "@f23", **_kw, family="loss")
for _kw in [{"full": True}, {"eps": -1.0}, {"eps": 0.0}]:
    _call("nn.functional.gaussian_nll_loss", "@f23", "@f23", "@var23", **_kw, family="loss")
for _cls, _args in [("MSELoss", ("f23", "f23")), ("CrossEntropyLoss", ("logits", "t_ok")),
                    ("NLLLoss", ("logits", "t_ok")), ("BCELoss", ("prob23", "prob23")),
                    ("KLDivLoss", ("f23", "prob23")), ("HuberLoss", ("f23", "f23")),
                    ("L1Loss", ("f23", "f23"))]:
    for _kw in [{"reduction": "bad"}, {"reduction": "none"}, {"size_average": False},
                {"reduce": False, "reduction": "sum"}]:
        def _loss_module(lib, cls=_cls, args=_args, kw=_kw):
            return getattr(lib.nn, cls)(**kw)(*[T(lib, a) for a in args])
        _add("loss", f"nn.{_cls}({_kw})({', '.join(_args)})", _loss_module)


# Module's own API.
def _no_init(what):
    def fn(lib):
        class Net(lib.nn.Module):
            def __init__(self):
                if what == "module":
                    self.layer = lib.nn.Linear(3, 4)
                elif what == "parameter":
                    self.w = lib.nn.Parameter(lib.ones(2))
                elif what == "buffer":
                    self.register_buffer("b", lib.ones(2))
                elif what == "tensor":
                    self.t = lib.ones(2)
                    super().__init__()
                    return len(list(self.parameters()))
                super().__init__()
        return len(list(Net().parameters()))
    return fn


for _what in ["module", "parameter", "buffer", "tensor"]:
    _add("nnapi", f"Module subclass assigns a {_what} before super().__init__()", _no_init(_what))
_NN_API = {
    "Linear.train('a')": lambda lib: lib.nn.Linear(3, 4).train("a").training,
    "Linear.train(0)": lambda lib: lib.nn.Linear(3, 4).train(0).training,
    "Linear.eval(True)": lambda lib: lib.nn.Linear(3, 4).eval(True),
    "Linear.get_submodule('nope')": lambda lib: lib.nn.Linear(3, 4).get_submodule("nope"),
    "Sequential.get_submodule('0.weight')": lambda lib: lib.nn.Sequential(
        lib.nn.Linear(3, 4)).get_submodule("0.weight"),
    "Sequential.get_submodule('5')": lambda lib: lib.nn.Sequential(
        lib.nn.Linear(3, 4)).get_submodule("5"),
    "Linear.get_parameter('nope')": lambda lib: lib.nn.Linear(3, 4).get_parameter("nope"),
    "Linear.get_parameter('weight')": lambda lib: tuple(
        lib.nn.Linear(3, 4).get_parameter("weight").shape),
    "BatchNorm1d.get_parameter('running_mean')": lambda lib: lib.nn.BatchNorm1d(3).get_parameter(
        "running_mean"),
    "Linear.get_buffer('weight')": lambda lib: lib.nn.Linear(3, 4).get_buffer("weight"),
    "Sequential(1)": lambda lib: lib.nn.Sequential(1),
    "Sequential(Linear)[5]": lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 4))[5],
    "Sequential(Linear)[-2]": lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 4))[-2],
    "Sequential(Linear)['0']": lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 4))["0"],
    "Sequential(Linear)[1.5]": lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 4))[1.5],
    "del Sequential(Linear)[3]": lambda lib: lib.nn.Sequential(lib.nn.Linear(3, 4)).__delitem__(3),
    "Sequential().append(1)": lambda lib: lib.nn.Sequential().append(1),
    "ModuleList([1])": lambda lib: lib.nn.ModuleList([1]),
    "ModuleList().append(ones)": lambda lib: lib.nn.ModuleList().append(lib.ones(2)),
    "ModuleList([ReLU])[3]": lambda lib: lib.nn.ModuleList([lib.nn.ReLU()])[3],
    "ModuleList([ReLU]).insert(5, ReLU)": lambda lib: lib.nn.ModuleList(
        [lib.nn.ReLU()]).insert(5, lib.nn.ReLU()),
    "ModuleList([ReLU])(x)": lambda lib: lib.nn.ModuleList([lib.nn.ReLU()])(lib.ones(2)),
    "ModuleDict({1: ReLU})": lambda lib: lib.nn.ModuleDict({1: lib.nn.ReLU()}),
    "ModuleDict({'a.b': ReLU})": lambda lib: lib.nn.ModuleDict({"a.b": lib.nn.ReLU()}),
    "ModuleDict({'a': 1})": lambda lib: lib.nn.ModuleDict({"a": 1}),
    "ModuleDict([ReLU])": lambda lib: lib.nn.ModuleDict([lib.nn.ReLU()]),
    "ModuleDict()['nope']": lambda lib: lib.nn.ModuleDict()["nope"],
    "ParameterList([1.0])": lambda lib: len(lib.nn.ParameterList([1.0])),
    "ParameterDict({'a': ones})['a'].requires_grad": lambda lib: lib.nn.ParameterDict(
        {"a": lib.ones(2)})["a"].requires_grad,
    "ParameterDict()['nope']": lambda lib: lib.nn.ParameterDict()["nope"],
    "Parameter([1.0])": lambda lib: lib.nn.Parameter([1.0]),
    "Parameter(b23)": lambda lib: lib.nn.Parameter(T(lib, "b23")),
    "Parameter(c23)": lambda lib: lib.nn.Parameter(T(lib, "c23")).requires_grad,
    "Parameter(f23, requires_grad='a')": lambda lib: lib.nn.Parameter(T(lib, "f23"), "a"),
    "Linear.to(int64)": lambda lib: lib.nn.Linear(3, 4).to(lib.int64),
    "Linear.to(dtype=bool)": lambda lib: lib.nn.Linear(3, 4).to(dtype=lib.bool),
    "Linear.to('cpux')": lambda lib: lib.nn.Linear(3, 4).to("cpux"),
    "Linear.to(float)": lambda lib: lib.nn.Linear(3, 4).to(float).weight.dtype,
    "Linear.to(int)": lambda lib: lib.nn.Linear(3, 4).to(int).weight.dtype,
    "Linear.to(complex64).weight.dtype": lambda lib: lib.nn.Linear(3, 4).to(
        lib.complex64).weight.dtype,
    "Linear.type(int64)": lambda lib: lib.nn.Linear(3, 4).type(lib.int64).weight.dtype,
    "Linear.requires_grad_('a')": lambda lib: lib.nn.Linear(3, 4).requires_grad_("a"),
    "Linear.apply(1)": lambda lib: lib.nn.Linear(3, 4).apply(1),
    "Linear.register_forward_hook(1)(x)": lambda lib: (
        lambda m: (m.register_forward_hook(1), m(T(lib, "f23"))))(lib.nn.Linear(3, 4)),
    "Linear.register_forward_pre_hook returning 1": lambda lib: (
        lambda m: (m.register_forward_pre_hook(lambda mod, a: 1), m(T(lib, "f23")))[1])(
        lib.nn.Linear(3, 4)),
    "Linear.weight = Parameter(ones(2)); forward": lambda lib: (
        lambda m: (setattr(m, "weight", lib.nn.Parameter(lib.ones(2))), m(T(lib, "f23")))[1])(
        lib.nn.Linear(3, 4)),
    "Linear.weight = None; forward": lambda lib: (
        lambda m: (setattr(m, "weight", None), m(T(lib, "f23")))[1])(lib.nn.Linear(3, 4)),
    "Linear.bias = ones(4)": lambda lib: setattr(lib.nn.Linear(3, 4), "bias", lib.ones(4)),
    "Linear.relu = ReLU(); Linear.relu = 1": lambda lib: (
        lambda m: (setattr(m, "relu", lib.nn.ReLU()), setattr(m, "relu", 1)))(
        lib.nn.Linear(3, 4)),
    "Linear.nope": lambda lib: lib.nn.Linear(3, 4).nope,
    "Linear.zero_grad(); weight.grad": lambda lib: (lambda m: (m.zero_grad(), m.weight.grad)[1])(
        lib.nn.Linear(3, 4)),
    "Linear.state_dict(prefix=1)": lambda lib: lib.nn.Linear(3, 4).state_dict(prefix=1),
    "Linear.load_state_dict(weight [4, 3] int64)": lambda lib: (
        lambda m: tuple(m.load_state_dict({"weight": lib.ones(4, 3, dtype=lib.int64),
                                           "bias": lib.ones(4)})) and m.weight.dtype)(
        lib.nn.Linear(3, 4)),
    "Linear.load_state_dict(assign=True, weight int64)": lambda lib: (
        lambda m: (m.load_state_dict({"weight": lib.ones(4, 3, dtype=lib.int64),
                                      "bias": lib.ones(4)}, assign=True), m.weight.dtype)[1])(
        lib.nn.Linear(3, 4)),
    "Linear.load_state_dict(weight needs grad)": lambda lib: (
        lambda m: (m.load_state_dict({"weight": lib.ones(4, 3, requires_grad=True),
                                      "bias": lib.ones(4)}), m.weight.requires_grad)[1])(
        lib.nn.Linear(3, 4)),
    "BatchNorm1d.load_state_dict(no num_batches_tracked)": lambda lib: (
        lambda m: tuple(m.load_state_dict({k: v for k, v in m.state_dict().items()
                                           if k != "num_batches_tracked"}).missing_keys))(
        lib.nn.BatchNorm1d(3)),
    "Linear.load_state_dict(strict='a')": lambda lib: tuple(lib.nn.Linear(3, 4).load_state_dict(
        {}, strict="a").missing_keys),
    "nn.init.kaiming_uniform_(f3)": lambda lib: lib.nn.init.kaiming_uniform_(lib.ones(3)),
    "nn.init.xavier_normal_(f3)": lambda lib: lib.nn.init.xavier_normal_(lib.ones(3)),
    "nn.init.xavier_uniform_(fs)": lambda lib: lib.nn.init.xavier_uniform_(lib.ones(())),
    "nn.init.kaiming_normal_(f23, mode='bad')": lambda lib: lib.nn.init.kaiming_normal_(
        lib.ones(2, 3), mode="bad"),
    "nn.init.kaiming_normal_(f23, nonlinearity='bad')": lambda lib: lib.nn.init.kaiming_normal_(
        lib.ones(2, 3), nonlinearity="bad"),
    "nn.init.calculate_gain('bad')": lambda lib: lib.nn.init.calculate_gain("bad"),
    "nn.init.calculate_gain('leaky_relu', 'a')": lambda lib: lib.nn.init.calculate_gain(
        "leaky_relu", "a"),
    "nn.init.calculate_gain('leaky_relu', True)": lambda lib: lib.nn.init.calculate_gain(
        "leaky_relu", True),
    "nn.init.orthogonal_(f3)": lambda lib: lib.nn.init.orthogonal_(lib.ones(3)),
    "nn.init.eye_(f222)": lambda lib: lib.nn.init.eye_(lib.ones(2, 2, 2)),
    "nn.init.dirac_(f23)": lambda lib: lib.nn.init.dirac_(lib.ones(2, 3)),
    "nn.init.dirac_(ones(4, 3, 2), groups=3)": lambda lib: lib.nn.init.dirac_(
        lib.ones(4, 3, 2), groups=3),
    "nn.init.sparse_(f222, 0.5)": lambda lib: lib.nn.init.sparse_(lib.ones(2, 2, 2), 0.5),
    "nn.init.uniform_(i23)": lambda lib: lib.nn.init.uniform_(T(lib, "i23")),
    "nn.init.normal_(f23, std=-1.0)": lambda lib: lib.nn.init.normal_(lib.ones(2, 3), std=-1.0),
    "nn.init.uniform_(f23, 1.0, 0.0)": lambda lib: lib.nn.init.uniform_(lib.ones(2, 3), 1.0, 0.0),
    "nn.init.constant_(f23, 'a')": lambda lib: lib.nn.init.constant_(lib.ones(2, 3), "a"),
    "nn.init.trunc_normal_(f23, a=2.0, b=-2.0)": lambda lib: lib.nn.init.trunc_normal_(
        lib.ones(2, 3), a=2.0, b=-2.0).shape,
    "nn.init.zeros_(leaf)": lambda lib: lib.nn.init.zeros_(lib.ones(2, requires_grad=True)),
    "clip_grad_norm_(nan grad, error_if_nonfinite=True)": lambda lib: _clip(lib, True),
    "clip_grad_norm_(nan grad)": lambda lib: _clip(lib, False),
    "clip_grad_norm_(norm_type='bad')": lambda lib: _clip(lib, False, norm_type="bad"),
    "clip_grad_norm_(norm_type=0)": lambda lib: _clip(lib, False, norm_type=0),
    "clip_grad_norm_(max_norm='a')": lambda lib: _clip(lib, False, max_norm="a"),
    "clip_grad_value_(clip_value=None)": lambda lib: lib.nn.utils.clip_grad_value_(
        lib.nn.Linear(3, 4).parameters(), None),
    "parameters_to_vector(f23)": lambda lib: lib.nn.utils.parameters_to_vector(T(lib, "f23")),
    "parameters_to_vector([])": lambda lib: lib.nn.utils.parameters_to_vector([]),
    "vector_to_parameters(ones(5), Linear)": lambda lib: lib.nn.utils.vector_to_parameters(
        lib.ones(5), lib.nn.Linear(3, 4).parameters()),
    "vector_to_parameters(ones(16, 1), Linear)": lambda lib: lib.nn.utils.vector_to_parameters(
        lib.ones(16, 1), lib.nn.Linear(3, 4).parameters()),
    "vector_to_parameters(ones(20), Linear)": lambda lib: lib.nn.utils.vector_to_parameters(
        lib.ones(20), lib.nn.Linear(3, 4).parameters()),
    "pad_sequence([f3, f23])": lambda lib: lib.nn.utils.rnn.pad_sequence(
        [T(lib, "f3"), T(lib, "f23")]),
    "pad_sequence([f23, f32])": lambda lib: lib.nn.utils.rnn.pad_sequence(
        [T(lib, "f23"), T(lib, "f32")]),
    "pad_sequence([])": lambda lib: lib.nn.utils.rnn.pad_sequence([]),
    "pad_sequence([f3, f4], padding_side='middle')": lambda lib: lib.nn.utils.rnn.pad_sequence(
        [T(lib, "f3"), T(lib, "f4")], padding_side="middle"),
    "pad_sequence([f3, i3])": lambda lib: lib.nn.utils.rnn.pad_sequence(
        [T(lib, "f3"), T(lib, "i3")]),
    "pack_padded_sequence(lengths unsorted)": lambda lib: _pack(lib, [2, 5]),
    "pack_padded_sequence(lengths unsorted, enforce_sorted=False)":
        lambda lib: _pack(lib, [2, 5], enforce_sorted=False),
    "pack_padded_sequence(length 0)": lambda lib: _pack(lib, [5, 0]),
    "pack_padded_sequence(3 lengths)": lambda lib: _pack(lib, [5, 4, 3]),
    "pack_padded_sequence(lengths float tensor)": lambda lib: _pack(lib, lib.tensor([5.0, 2.0])),
    "pack_padded_sequence(lengths 2-D)": lambda lib: _pack(lib, [[5, 2]]),
    "pad_packed_sequence(total_length=3)": lambda lib: lib.nn.utils.rnn.pad_packed_sequence(
        _pack(lib, [5, 2]), total_length=3),
    "pad_packed_sequence(a tensor)": lambda lib: lib.nn.utils.rnn.pad_packed_sequence(
        lib.ones(5, 2, 3)),
    "LSTM(packed of 4 features)": lambda lib: lib.nn.LSTM(3, 4)(_pack(lib, [5, 2], features=4)),
}


# (pack_padded_sequence with a length past the padded length is not here: torch packs it
# without a check, reading past the input.)
def _clip(lib, error, **kw):
    model = lib.nn.Linear(3, 4)
    for p in model.parameters():
        p.grad = lib.full_like(p, float("nan"))
    kw.setdefault("max_norm", 1.0)
    return lib.nn.utils.clip_grad_norm_(model.parameters(), error_if_nonfinite=error, **kw)


def _pack(lib, lengths, features=3, **kw):
    return lib.nn.utils.rnn.pack_padded_sequence(lib.ones(5, 2, features), lengths, **kw)


for _name, _fn in _NN_API.items():
    _add("nnapi", _name, _fn)


# Optimizers: every hyper-parameter check, state loading, steps without grads, closures. (Not
# differentiable=True on leaves: torch's step then records the in-place update and refuses it;
# ember runs the step under no_grad, as its tests of the tensor path rely on.)
_OPTIM_BAD = {
    "Adam": [{"weight_decay": -1.0}, {"betas": (1.0, 0.9)}, {"betas": (0.9, 1.5)},
             {"eps": 0.0}, {"lr": 0.1, "amsgrad": True}, {"foreach": True, "fused": True},
             {"lr": "tensor", "foreach": True}, {"lr": "tensor"}, {"betas": ("t", 0.9)},
             {"betas": (0, 0.9)}, {"maximize": True}],
    "AdamW": [{"weight_decay": -1.0}, {"betas": (1.0, 0.9)}, {"eps": -1.0}, {"lr": -0.1}],
    "RMSprop": [{"alpha": -1.0}, {"momentum": -1.0}, {"eps": -1.0}, {"weight_decay": -1.0},
                {"centered": True, "momentum": 0.5}],
    "Adagrad": [{"lr_decay": -1.0}, {"initial_accumulator_value": -1.0}, {"eps": -1.0},
                {"weight_decay": -1.0}],
    "Adadelta": [{"rho": 1.5}, {"rho": -0.1}, {"eps": -1.0}, {"lr": -1.0}],
    "Adamax": [{"betas": (1.0, 0.9)}, {"eps": -1.0}, {"weight_decay": -1.0}],
    "NAdam": [{"momentum_decay": -1.0}, {"betas": (0.9, 1.0)}, {"weight_decay": -1.0}],
    "RAdam": [{"betas": (1.0, 0.9)}, {"eps": -1.0}, {"weight_decay": -1.0}],
    "Rprop": [{"etas": (1.5, 1.2)}, {"etas": (0.5, 0.9)}, {"lr": -1.0}],
    "ASGD": [{"lr": -1.0}, {"weight_decay": -1.0}],
    "SGD": [{"lr": 0.1, "dampening": 0.5, "nesterov": True, "momentum": 0.9},
            {"lr": 0.1, "momentum": 0.9, "maximize": "a"}, {}],
    "LBFGS": [{"lr": -1.0}, {"history_size": 0}],
}
for _kind, _kws in _OPTIM_BAD.items():
    for _kw in _kws:
        def _made_optimizer(lib, kind=_kind, kw=_kw):
            leaf = lib.ones(2, requires_grad=True)
            kw = {k: (lib.tensor(0.01) if v == "tensor" else
                      tuple(lib.tensor(0.9) if b == "t" else b for b in v)
                      if isinstance(v, tuple) else v) for k, v in kw.items()}
            optimizer = getattr(lib.optim, kind)([leaf], **kw)
            (leaf * leaf).sum().backward()
            if kind == "LBFGS":
                optimizer.step(lambda: (leaf * leaf).sum())
            else:
                optimizer.step()
            return leaf.detach()
        _add("optim", f"optim.{_kind}(leaf, {_kw}).step()", _made_optimizer)


def _state_mismatch(change):
    def fn(lib):
        a, b = lib.ones(2, requires_grad=True), lib.ones(3, requires_grad=True)
        source = lib.optim.Adam([a, b], lr=0.1)
        (a.sum() + b.sum()).backward()
        source.step()
        state = source.state_dict()
        target_params = change(lib, a, b, state)
        target = lib.optim.Adam(target_params, lr=0.1)
        target.load_state_dict(state)
        return sorted(target.state_dict()["state"]), target.param_groups[0]["lr"]
    return fn


for _name, _change in [
        ("as saved", lambda lib, a, b, s: [a, b]),
        ("one param fewer", lambda lib, a, b, s: [a]),
        ("two groups", lambda lib, a, b, s: [{"params": [a]}, {"params": [b]}]),
        ("no param_groups", lambda lib, a, b, s: (s.pop("param_groups"), [a, b])[1]),
        ("no state", lambda lib, a, b, s: (s.pop("state"), [a, b])[1]),
        ("params swapped", lambda lib, a, b, s: [b, a]),
        ("lr a string", lambda lib, a, b, s: (s["param_groups"][0].update(lr="a"), [a, b])[1]),
        ("a list", lambda lib, a, b, s: (s.clear(), [a, b])[1])]:
    _add("optim", f"Adam.load_state_dict({_name})", _state_mismatch(_change))


def _optim_misc(name, fn):
    _add("optim", name, fn)


_optim_misc("SGD.step() with no grads", lambda lib: (
    lambda p: (lib.optim.SGD([p], lr=0.1).step(), p.detach())[1])(lib.ones(2, requires_grad=True)))
_optim_misc("SGD.step(closure returning 1)", lambda lib: (
    lambda p: lib.optim.SGD([p], lr=0.1).step(lambda: 1))(lib.ones(2, requires_grad=True)))
_optim_misc("SGD.step(closure=1)", lambda lib: (
    lambda p: lib.optim.SGD([p], lr=0.1).step(1))(lib.ones(2, requires_grad=True)))
_optim_misc("LBFGS.step() without closure", lambda lib: (
    lambda p: lib.optim.LBFGS([p]).step())(lib.ones(2, requires_grad=True)))
_optim_misc("LBFGS(two groups)", lambda lib: lib.optim.LBFGS(
    [{"params": [lib.ones(2, requires_grad=True)]},
     {"params": [lib.ones(2, requires_grad=True)]}]))
_optim_misc("SGD(named_parameters)", lambda lib: len(lib.optim.SGD(
    lib.nn.Linear(3, 4).named_parameters(), lr=0.1).param_groups[0]["params"]))
_optim_misc("SGD(a dict of tensors)", lambda lib: lib.optim.SGD(
    dict(lib.nn.Linear(3, 4).named_parameters()), lr=0.1))
_optim_misc("SGD(a generator consumed)", lambda lib: (
    lambda g: (list(g), lib.optim.SGD(g, lr=0.1)))(lib.nn.Linear(3, 4).parameters()))
_optim_misc("SGD([int tensor])", lambda lib: len(lib.optim.SGD([T(lib, "i3")], lr=0.1)
                                                 .param_groups[0]["params"]))
_optim_misc("SGD([a float])", lambda lib: lib.optim.SGD([1.0], lr=0.1))
_optim_misc("SGD.zero_grad(set_to_none=False) grads", lambda lib: (
    lambda p: (p.sum().backward(), lib.optim.SGD([p], lr=0.1).zero_grad(False), p.grad)[2])(
    lib.ones(2, requires_grad=True)))
_optim_misc("SGD.add_param_group('a')", lambda lib: lib.optim.SGD(
    [lib.ones(2, requires_grad=True)], lr=0.1).add_param_group("a"))
_optim_misc("SGD.add_param_group({'params': ones(2)})", lambda lib: lib.optim.SGD(
    [lib.ones(2, requires_grad=True)], lr=0.1).add_param_group({"params": lib.ones(2)}))
_optim_misc("SGD() no lr", lambda lib: lib.optim.SGD([lib.ones(2, requires_grad=True)])
            .param_groups[0]["lr"])


# LR schedulers: bad arguments, and stepping where the schedule has ended.
def _sched(name, make, steps=1, opt="SGD"):
    def fn(lib):
        leaf = lib.ones(2, requires_grad=True)
        optimizer = getattr(lib.optim, opt)([leaf], lr=0.1)
        S = lib.optim.lr_scheduler
        scheduler = make(S, optimizer, lib)
        for _ in range(steps):
            optimizer.step()
            if isinstance(scheduler, S.ReduceLROnPlateau):
                scheduler.step(1.0)
            else:
                scheduler.step()
        return [round(v, 10) for v in scheduler.get_last_lr()] \
            if hasattr(scheduler, "get_last_lr") else None
    _add("sched", name, fn)


_SCHEDS = {
    "StepLR(step_size=0)": lambda S, o, lib: S.StepLR(o, step_size=0),
    "StepLR(step_size=1.5)": lambda S, o, lib: S.StepLR(o, step_size=1.5),
    "StepLR(step_size=-1)": lambda S, o, lib: S.StepLR(o, step_size=-1),
    "StepLR(gamma='a')": lambda S, o, lib: S.StepLR(o, 1, gamma="a"),
    "StepLR(a module)": lambda S, o, lib: S.StepLR(lib.nn.Linear(3, 4), 1),
    "StepLR(last_epoch=5)": lambda S, o, lib: S.StepLR(o, 1, last_epoch=5),
    "MultiStepLR(milestones=[3, 1])": lambda S, o, lib: S.MultiStepLR(o, [3, 1]),
    "MultiStepLR(milestones=3)": lambda S, o, lib: S.MultiStepLR(o, 3),
    "ExponentialLR(gamma=-1)": lambda S, o, lib: S.ExponentialLR(o, -1.0),
    "LambdaLR([f, f])": lambda S, o, lib: S.LambdaLR(o, [lambda e: 1.0, lambda e: 1.0]),
    "LambdaLR(1)": lambda S, o, lib: S.LambdaLR(o, 1),
    "LambdaLR(lambda returns None)": lambda S, o, lib: S.LambdaLR(o, lambda e: None),
    "MultiplicativeLR([f, f])": lambda S, o, lib: S.MultiplicativeLR(
        o, [lambda e: 1.0, lambda e: 1.0]),
    "ConstantLR(factor=1.5)": lambda S, o, lib: S.ConstantLR(o, factor=1.5),
    "ConstantLR(factor=-0.5)": lambda S, o, lib: S.ConstantLR(o, factor=-0.5),
    "LinearLR(start_factor=0)": lambda S, o, lib: S.LinearLR(o, start_factor=0.0),
    "LinearLR(start_factor=1.5)": lambda S, o, lib: S.LinearLR(o, start_factor=1.5),
    "LinearLR(end_factor=1.5)": lambda S, o, lib: S.LinearLR(o, end_factor=1.5),
    "LinearLR(end_factor=-0.1)": lambda S, o, lib: S.LinearLR(o, end_factor=-0.1),
    "LinearLR(total_iters=0)": lambda S, o, lib: S.LinearLR(o, total_iters=0),
    "PolynomialLR(total_iters=0)": lambda S, o, lib: S.PolynomialLR(o, total_iters=0),
    "CosineAnnealingLR(T_max=0)": lambda S, o, lib: S.CosineAnnealingLR(o, T_max=0),
    "CosineAnnealingWarmRestarts(T_0=0)": lambda S, o, lib: S.CosineAnnealingWarmRestarts(o, 0),
    "CosineAnnealingWarmRestarts(T_0=1.5)":
        lambda S, o, lib: S.CosineAnnealingWarmRestarts(o, 1.5),
    "CosineAnnealingWarmRestarts(T_mult=0)":
        lambda S, o, lib: S.CosineAnnealingWarmRestarts(o, 2, T_mult=0),
    "CosineAnnealingWarmRestarts(T_mult=1.5)":
        lambda S, o, lib: S.CosineAnnealingWarmRestarts(o, 2, T_mult=1.5),
    "CosineAnnealingWarmRestarts(eta_min='a')":
        lambda S, o, lib: S.CosineAnnealingWarmRestarts(o, 2, eta_min="a"),
    "ReduceLROnPlateau(factor=1.0)": lambda S, o, lib: S.ReduceLROnPlateau(o, factor=1.0),
    "ReduceLROnPlateau(mode='bad')": lambda S, o, lib: S.ReduceLROnPlateau(o, mode="bad"),
    "ReduceLROnPlateau(threshold_mode='bad')":
        lambda S, o, lib: S.ReduceLROnPlateau(o, threshold_mode="bad"),
    "ReduceLROnPlateau(min_lr=[0, 0])": lambda S, o, lib: S.ReduceLROnPlateau(o, min_lr=[0, 0]),
    "ReduceLROnPlateau(a module)": lambda S, o, lib: S.ReduceLROnPlateau(lib.nn.Linear(3, 4)),
    "ReduceLROnPlateau.step()": lambda S, o, lib: S.ReduceLROnPlateau(o).step(),
    "ReduceLROnPlateau.step('a')": lambda S, o, lib: S.ReduceLROnPlateau(o).step("a"),
    "OneCycleLR(max_lr=1.0)": lambda S, o, lib: S.OneCycleLR(o, max_lr=1.0),
    "OneCycleLR(total_steps=0)": lambda S, o, lib: S.OneCycleLR(o, 1.0, total_steps=0),
    "OneCycleLR(total_steps=1.5)": lambda S, o, lib: S.OneCycleLR(o, 1.0, total_steps=1.5),
    "OneCycleLR(epochs=0, steps_per_epoch=2)":
        lambda S, o, lib: S.OneCycleLR(o, 1.0, epochs=0, steps_per_epoch=2),
    "OneCycleLR(epochs=2, steps_per_epoch=0)":
        lambda S, o, lib: S.OneCycleLR(o, 1.0, epochs=2, steps_per_epoch=0),
    "OneCycleLR(pct_start=1.5)": lambda S, o, lib: S.OneCycleLR(o, 1.0, 10, pct_start=1.5),
    "OneCycleLR(anneal_strategy='bad')":
        lambda S, o, lib: S.OneCycleLR(o, 1.0, 10, anneal_strategy="bad"),
    "OneCycleLR(max_lr=[1.0, 2.0])": lambda S, o, lib: S.OneCycleLR(o, [1.0, 2.0], 10),
    "OneCycleLR(three_phase=True, pct_start=0.6)":
        lambda S, o, lib: S.OneCycleLR(o, 1.0, 10, three_phase=True, pct_start=0.6),
    "CyclicLR(mode='bad')": lambda S, o, lib: S.CyclicLR(o, 0.01, 0.1, mode="bad"),
    "CyclicLR(step_size_up=0)": lambda S, o, lib: S.CyclicLR(o, 0.01, 0.1, step_size_up=0),
    "CyclicLR(base_lr=[1, 2])": lambda S, o, lib: S.CyclicLR(o, [0.01, 0.02], 0.1),
    "SequentialLR(milestones=[1, 2])": lambda S, o, lib: S.SequentialLR(
        o, [S.StepLR(o, 1), S.StepLR(o, 1)], milestones=[1, 2]),
    "SequentialLR([])": lambda S, o, lib: S.SequentialLR(o, [], milestones=[]),
    "SequentialLR(milestones=[2, 1])": lambda S, o, lib: S.SequentialLR(
        o, [S.StepLR(o, 1), S.StepLR(o, 1), S.StepLR(o, 1)], milestones=[2, 1]),
    "SequentialLR(a plateau)": lambda S, o, lib: S.SequentialLR(
        o, [S.StepLR(o, 1), S.ReduceLROnPlateau(o)], milestones=[1]),
    "SequentialLR(other optimizer)": lambda S, o, lib: S.SequentialLR(
        o, [S.StepLR(o, 1), S.StepLR(lib.optim.SGD([lib.ones(1, requires_grad=True)], lr=1),
                                     1)], milestones=[1]),
    "ChainedScheduler([])": lambda S, o, lib: S.ChainedScheduler([]),
    "ChainedScheduler(other optimizer)": lambda S, o, lib: S.ChainedScheduler(
        [S.StepLR(o, 1), S.StepLR(lib.optim.SGD([lib.ones(1, requires_grad=True)], lr=1), 1)]),
    "StepLR.load_state_dict(None)": lambda S, o, lib: S.StepLR(o, 1).load_state_dict(None),
}
for _name, _make in _SCHEDS.items():
    _sched(_name, _make)
_sched("OneCycleLR(total_steps=2) stepped 3 times",
       lambda S, o, lib: S.OneCycleLR(o, 1.0, total_steps=2), steps=3)
_sched("CyclicLR(cycle_momentum) on Adagrad",
       lambda S, o, lib: S.CyclicLR(o, 0.01, 0.1), opt="Adagrad")
_sched("CyclicLR(cycle_momentum) on SGD", lambda S, o, lib: S.CyclicLR(o, 0.01, 0.1))
_sched("OneCycleLR on Adagrad", lambda S, o, lib: S.OneCycleLR(o, 1.0, 10), opt="Adagrad")


# Datasets, samplers and loaders built wrong.
class _Stream:
    """An iterable dataset of three rows, built under each library."""

    def __init__(self, lib):
        base = lib.utils.data.IterableDataset
        self.dataset = type("Stream", (base,), {
            "__iter__": lambda self: iter([lib.ones(2) * i for i in range(3)])})()


def _data(name, fn):
    _add("data", name, fn)


def _rows(lib, n=4):
    return lib.utils.data.TensorDataset(lib.arange(2.0 * n).reshape(n, 2))


_DATA = {
    "random_split(4 rows, [2, 1])": lambda lib, D: D.random_split(_rows(lib), [2, 1]),
    "random_split(4 rows, [2, 3])": lambda lib, D: D.random_split(_rows(lib), [2, 3]),
    "random_split(4 rows, [0.5, 0.6])": lambda lib, D: D.random_split(_rows(lib), [0.5, 0.6]),
    "random_split(4 rows, [0.5, 0.5]) lengths": lambda lib, D: [
        len(s) for s in D.random_split(_rows(lib), [0.5, 0.5])],
    "random_split(4 rows, [0.7, 0.3]) lengths": lambda lib, D: [
        len(s) for s in D.random_split(_rows(lib), [0.7, 0.3])],
    "random_split(4 rows, [-1, 5])": lambda lib, D: [
        len(s) for s in D.random_split(_rows(lib), [-1, 5])],
    "random_split(4 rows, [1.5, -0.5])": lambda lib, D: D.random_split(_rows(lib), [1.5, -0.5]),
    "random_split(4 rows, [2, 2], generator=1)": lambda lib, D: D.random_split(
        _rows(lib), [2, 2], generator=1),
    "TensorDataset(ones(3), ones(4))": lambda lib, D: D.TensorDataset(lib.ones(3), lib.ones(4)),
    "TensorDataset()[0]": lambda lib, D: D.TensorDataset()[0],
    "TensorDataset(fs)": lambda lib, D: len(D.TensorDataset(T(lib, "fs"))),
    "TensorDataset(ones(3))[5]": lambda lib, D: D.TensorDataset(lib.ones(3))[5],
    "Subset(4 rows, [5])[0]": lambda lib, D: D.Subset(_rows(lib), [5])[0],
    "Subset(4 rows, [1.5])[0]": lambda lib, D: D.Subset(_rows(lib), [1.5])[0],
    "ConcatDataset([])": lambda lib, D: D.ConcatDataset([]),
    "ConcatDataset([stream])": lambda lib, D: D.ConcatDataset([_Stream(lib).dataset]),
    "ConcatDataset([rows, rows])[8]": lambda lib, D: D.ConcatDataset([_rows(lib), _rows(lib)])[8],
    "ConcatDataset([rows, rows])[-9]":
        lambda lib, D: D.ConcatDataset([_rows(lib), _rows(lib)])[-9],
    "DataLoader(stream, shuffle=True)": lambda lib, D: list(D.DataLoader(
        _Stream(lib).dataset, shuffle=True)),
    "DataLoader(stream, sampler=[0, 1])": lambda lib, D: list(D.DataLoader(
        _Stream(lib).dataset, sampler=[0, 1])),
    "DataLoader(stream, batch_sampler=[[0, 1]])": lambda lib, D: list(D.DataLoader(
        _Stream(lib).dataset, batch_sampler=[[0, 1]])),
    "len(DataLoader(stream))": lambda lib, D: len(D.DataLoader(_Stream(lib).dataset)),
    "DataLoader(stream, batch_size=2)": lambda lib, D: [
        tuple(b.shape) for b in D.DataLoader(_Stream(lib).dataset, batch_size=2)],
    "DataLoader(stream, batch_size=2, drop_last=True)": lambda lib, D: [
        tuple(b.shape) for b in D.DataLoader(_Stream(lib).dataset, batch_size=2,
                                             drop_last=True)],
    "DataLoader(None)": lambda lib, D: list(D.DataLoader(None)),
    "DataLoader([1, 2, 3], batch_size=2)": lambda lib, D: list(D.DataLoader([1, 2, 3],
                                                                            batch_size=2)),
    "DataLoader(rows, multiprocessing_context='spawn')": lambda lib, D: list(D.DataLoader(
        _rows(lib), multiprocessing_context="spawn")),
    "DataLoader(rows, num_workers=1.5)": lambda lib, D: list(D.DataLoader(
        _rows(lib), num_workers=1.5)),
    "DataLoader(rows, num_workers='2')": lambda lib, D: list(D.DataLoader(
        _rows(lib), num_workers="2")),
    "DataLoader(rows, batch_size=2, generator=1)": lambda lib, D: list(D.DataLoader(
        _rows(lib), batch_size=2, shuffle=True, generator=1)),
    "DataLoader(rows, batch_sampler=BatchSampler(..., 0, False))": lambda lib, D: list(
        D.DataLoader(_rows(lib), batch_sampler=D.BatchSampler(D.SequentialSampler(
            range(4)), 0, False))),
    "RandomSampler(rows, num_samples=0)": lambda lib, D: D.RandomSampler(_rows(lib),
                                                                         num_samples=0),
    "RandomSampler(rows, num_samples=-1)": lambda lib, D: D.RandomSampler(_rows(lib),
                                                                          num_samples=-1),
    "RandomSampler(rows, num_samples=1.5)": lambda lib, D: D.RandomSampler(_rows(lib),
                                                                           num_samples=1.5),
    "RandomSampler(rows, replacement='a')": lambda lib, D: D.RandomSampler(_rows(lib),
                                                                           replacement="a"),
    "len(RandomSampler(rows, num_samples=7))": lambda lib, D: len(D.RandomSampler(
        _rows(lib), num_samples=7)),
    "len(RandomSampler(rows, num_samples=7, replacement=True))": lambda lib, D: len(
        D.RandomSampler(_rows(lib), replacement=True, num_samples=7)),
    "BatchSampler(range(4), 0, False)": lambda lib, D: D.BatchSampler(range(4), 0, False),
    "BatchSampler(range(4), 2.5, False)": lambda lib, D: D.BatchSampler(range(4), 2.5, False),
    "BatchSampler(range(4), True, False)": lambda lib, D: D.BatchSampler(range(4), True, False),
    "BatchSampler(range(4), 2, 'a')": lambda lib, D: D.BatchSampler(range(4), 2, "a"),
    "list(BatchSampler(range(5), 2, True))": lambda lib, D: list(D.BatchSampler(range(5), 2,
                                                                                True)),
    "len(BatchSampler(range(5), 2, False))": lambda lib, D: len(D.BatchSampler(range(5), 2,
                                                                               False)),
    "WeightedRandomSampler(f23, 2)": lambda lib, D: D.WeightedRandomSampler(T(lib, "f23"), 2),
    "WeightedRandomSampler([1, 1], 0)": lambda lib, D: D.WeightedRandomSampler([1.0, 1.0], 0),
    "WeightedRandomSampler([1, 1], 2, replacement='a')": lambda lib, D: D.WeightedRandomSampler(
        [1.0, 1.0], 2, replacement="a"),
    "list(WeightedRandomSampler([1, -1], 2))": lambda lib, D: list(D.WeightedRandomSampler(
        [1.0, -1.0], 2)),
    "list(WeightedRandomSampler([0, 0], 2))": lambda lib, D: list(D.WeightedRandomSampler(
        [0.0, 0.0], 2)),
    "list(WeightedRandomSampler([1, 1], 3, replacement=False))": lambda lib, D: list(
        D.WeightedRandomSampler([1.0, 1.0], 3, replacement=False)),
    "list(SubsetRandomSampler([]))": lambda lib, D: list(D.SubsetRandomSampler([])),
    "default_collate([])": lambda lib, D: D.default_collate([]),
    "default_collate([object()])": lambda lib, D: D.default_collate([1j, object()]),
    "default_collate([ones(2), 1])": lambda lib, D: D.default_collate([lib.ones(2), 1]),
    "default_collate(['a', 1])": lambda lib, D: D.default_collate(["a", 1]),
    "default_collate([np str array])": lambda lib, D: D.default_collate(
        [np.array(["a"]), np.array(["b"])]),
    "default_collate([np object array])": lambda lib, D: D.default_collate(
        [np.array([None]), np.array([None])]),
}
for _name, _fn in _DATA.items():
    _data(_name, lambda lib, fn=_fn: fn(lib, lib.utils.data))


# torch.func and autograd.grad misuse.
def _square_sum(x):
    return (x * x).sum()


_FUNC = {
    "vmap(mul)(ones(2, 3), ones(3, 3))": lambda lib, F: F.vmap(lib.mul)(
        lib.ones(2, 3), lib.ones(3, 3)),
    "vmap(sum, in_dims=5)(f23)": lambda lib, F: F.vmap(lib.sum, in_dims=5)(T(lib, "f23")),
    "vmap(sum, in_dims=-3)(f23)": lambda lib, F: F.vmap(lib.sum, in_dims=-3)(T(lib, "f23")),
    "vmap(sum, in_dims=(0, 0))(f23)": lambda lib, F: F.vmap(lib.sum, in_dims=(0, 0))(
        T(lib, "f23")),
    "vmap(sum, in_dims='a')(f23)": lambda lib, F: F.vmap(lib.sum, in_dims="a")(T(lib, "f23")),
    "vmap(sum, in_dims=1.5)(f23)": lambda lib, F: F.vmap(lib.sum, in_dims=1.5)(T(lib, "f23")),
    "vmap(add, in_dims=(0, 0))(f23, 1)": lambda lib, F: F.vmap(lib.add, in_dims=(0, 0))(
        T(lib, "f23"), 1),
    "vmap(add, in_dims=(0, None))(f23, 1)": lambda lib, F: F.vmap(lib.add, in_dims=(0, None))(
        T(lib, "f23"), 1),
    "vmap(sum)()": lambda lib, F: F.vmap(lib.sum)(),
    "vmap(sum)(fs)": lambda lib, F: F.vmap(lib.sum)(T(lib, "fs")),
    "vmap(sum)(f0)": lambda lib, F: F.vmap(lib.sum)(T(lib, "f0")),
    "vmap(sum)(1.0)": lambda lib, F: F.vmap(lib.sum)(1.0),
    "vmap(sum, in_dims=None)(f23)": lambda lib, F: F.vmap(lib.sum, in_dims=None)(T(lib, "f23")),
    "vmap(x -> 1)(f23)": lambda lib, F: F.vmap(lambda x: 1)(T(lib, "f23")),
    "vmap(x -> (x, 'a'))(f23)": lambda lib, F: F.vmap(lambda x: (x, "a"))(T(lib, "f23")),
    "vmap(sum, out_dims=1)(f23)": lambda lib, F: F.vmap(lib.sum, out_dims=1)(T(lib, "f23")),
    "vmap(neg, out_dims=2)(f23)": lambda lib, F: F.vmap(lib.neg, out_dims=2)(T(lib, "f23")),
    "vmap(neg, out_dims=(0, 0))(f23)": lambda lib, F: F.vmap(lib.neg, out_dims=(0, 0))(
        T(lib, "f23")),
    "vmap(x -> x.item())(f23)": lambda lib, F: F.vmap(lambda x: x.sum().item())(T(lib, "f23")),
    "vmap(x -> float(x))(f23)": lambda lib, F: F.vmap(lambda x: float(x.sum()))(T(lib, "f23")),
    "vmap(x -> x.tolist())(f23)": lambda lib, F: F.vmap(lambda x: x.tolist())(T(lib, "f23")),
    "vmap(x -> rand_like(x))(f23)": lambda lib, F: F.vmap(lambda x: lib.rand_like(x))(
        T(lib, "f23")),
    "vmap(..., randomness='bad')(f23)": lambda lib, F: F.vmap(lib.neg, randomness="bad")(
        T(lib, "f23")),
    "vmap(x -> x.add_(ones(2, 3)))(f23)": lambda lib, F: F.vmap(
        lambda x: x.add_(lib.ones(2, 3)))(T(lib, "f23")),
    "vmap(1)(f23)": lambda lib, F: F.vmap(1)(T(lib, "f23")),
    "vmap(sum, chunk_size=0)(f23)": lambda lib, F: F.vmap(lib.sum, chunk_size=0)(T(lib, "f23")),
    "grad(x -> x * x)(f3)": lambda lib, F: F.grad(lambda x: x * x)(T(lib, "f3")),
    "grad(x -> 1.0)(f3)": lambda lib, F: F.grad(lambda x: 1.0)(T(lib, "f3")),
    "grad(square_sum, argnums=1)(f3)": lambda lib, F: F.grad(_square_sum, argnums=1)(
        T(lib, "f3")),
    "grad(square_sum, argnums=1.5)(f3)": lambda lib, F: F.grad(_square_sum, argnums=1.5)(
        T(lib, "f3")),
    "grad(square_sum, argnums=())(f3)": lambda lib, F: F.grad(_square_sum, argnums=())(
        T(lib, "f3")),
    "grad(square_sum, argnums=(0, 0))(f3)": lambda lib, F: F.grad(_square_sum, argnums=(0, 0))(
        T(lib, "f3")),
    "grad(square_sum)(i3)": lambda lib, F: F.grad(_square_sum)(T(lib, "i3")),
    "grad(square_sum)(1.0)": lambda lib, F: F.grad(_square_sum)(1.0),
    "grad(square_sum)()": lambda lib, F: F.grad(_square_sum)(),
    "grad(x -> (x.sum(), 1))(f3)": lambda lib, F: F.grad(lambda x: (x.sum(), 1))(T(lib, "f3")),
    "grad(x -> (x.sum(), 1), has_aux=True)(f3)": lambda lib, F: F.grad(
        lambda x: (x.sum(), 1), has_aux=True)(T(lib, "f3")),
    "grad(x -> x.sum(), has_aux=True)(f3)": lambda lib, F: F.grad(
        lambda x: x.sum(), has_aux=True)(T(lib, "f3")),
    "grad(x -> x.sum(), has_aux=True)(f23)": lambda lib, F: F.grad(
        lambda x: (x, x), has_aux=True)(T(lib, "f23")),
    "jacrev(sin, argnums=2)(f3)": lambda lib, F: F.jacrev(lib.sin, argnums=2)(T(lib, "f3")),
    "jacrev(x -> 1)(f3)": lambda lib, F: F.jacrev(lambda x: 1)(T(lib, "f3")),
    "jacfwd(sin, argnums=2)(f3)": lambda lib, F: F.jacfwd(lib.sin, argnums=2)(T(lib, "f3")),
    "jacrev(sin)(i3)": lambda lib, F: F.jacrev(lib.sin)(T(lib, "i3")),
    "hessian(sin)(f3)": lambda lib, F: F.hessian(lib.sin)(T(lib, "f3")).shape,
    "vjp(sin, f3)[1](ones(2))": lambda lib, F: F.vjp(lib.sin, T(lib, "f3"))[1](lib.ones(2)),
    "vjp(sin, f3)[1](ones(3, dtype=float64))": lambda lib, F: F.vjp(lib.sin, T(lib, "f3"))[1](
        lib.ones(3, dtype=lib.float64)),
    "vjp(sin, f3)[1]()": lambda lib, F: F.vjp(lib.sin, T(lib, "f3"))[1](),
    "vjp(sin, 1.0)": lambda lib, F: F.vjp(lib.sin, 1.0),
    "jvp(sin, f3, f3)": lambda lib, F: F.jvp(lib.sin, T(lib, "f3"), T(lib, "f3")),
    "jvp(sin, (f3,), (f4,))": lambda lib, F: F.jvp(lib.sin, (T(lib, "f3"),), (T(lib, "f4"),)),
    "jvp(sin, (f3,), (f3, f3))": lambda lib, F: F.jvp(lib.sin, (T(lib, "f3"),),
                                                      (T(lib, "f3"), T(lib, "f3"))),
    "jvp(sin, (f3,), (i3,))": lambda lib, F: F.jvp(lib.sin, (T(lib, "f3"),), (T(lib, "i3"),)),
    "jvp(sin, (f3,), (d23,))": lambda lib, F: F.jvp(lib.sin, (T(lib, "f3"),), (T(lib, "d23"),)),
    "functional_call(Linear, {'nope': ones}, f23)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 4), {"nope": lib.ones(2)}, (T(lib, "f23"),)).shape,
    "functional_call(Linear, {'weight': ones(4, 2)}, f23)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 4), {"weight": lib.ones(4, 2)}, (T(lib, "f23"),)),
    "functional_call(Linear, {'nope': ones}, f23, strict=True)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 4), {"nope": lib.ones(2)}, (T(lib, "f23"),), strict=True),
    "functional_call(Linear, ({'weight': w}, {'weight': w}), f23)":
        lambda lib, F: F.functional_call(lib.nn.Linear(3, 4), ({"weight": lib.ones(4, 3)},
                                                                {"weight": lib.ones(4, 3)}),
                                         (T(lib, "f23"),)),
}
for _name, _fn in _FUNC.items():
    _add("func", _name, lambda lib, fn=_fn: fn(lib, lib.func))


def _xy(lib):
    x = lib.tensor([0.5, 1.0, 2.0], requires_grad=True)
    return x, x * x


_GRAD = {
    "grad(y, x, grad_outputs=ones(2))": lambda lib, A: (lambda x, y: A.grad(
        y, x, grad_outputs=lib.ones(2)))(*_xy(lib)),
    "grad(y, x, grad_outputs=[ones(3), ones(3)])": lambda lib, A: (lambda x, y: A.grad(
        y, x, grad_outputs=[lib.ones(3), lib.ones(3)]))(*_xy(lib)),
    "grad(y, x, grad_outputs=ones(3, int64))": lambda lib, A: (lambda x, y: A.grad(
        y, x, grad_outputs=lib.ones(3, dtype=lib.int64)))(*_xy(lib)),
    "grad(y, x, grad_outputs=ones(3, float64))": lambda lib, A: (lambda x, y: A.grad(
        y, x, grad_outputs=lib.ones(3, dtype=lib.float64)))(*_xy(lib)),
    "grad(y, x, grad_outputs=2.0)": lambda lib, A: (lambda x, y: A.grad(
        y, x, grad_outputs=2.0))(*_xy(lib)),
    "grad(y.sum(), x.detach())": lambda lib, A: (lambda x, y: A.grad(y.sum(), x.detach()))(
        *_xy(lib)),
    "grad(y.sum(), [x, x])": lambda lib, A: (lambda x, y: A.grad(y.sum(), [x, x]))(*_xy(lib)),
    "grad(y.sum(), y)": lambda lib, A: (lambda x, y: A.grad(y.sum(), y))(*_xy(lib)),
    "grad(y.sum(), y * 2)": lambda lib, A: (lambda x, y: A.grad(y.sum(), y * 2))(*_xy(lib)),
    "grad(y.sum(), y * 2, allow_unused=True)": lambda lib, A: (lambda x, y: A.grad(
        y.sum(), y * 2, allow_unused=True))(*_xy(lib)),
    "grad(y.sum(), x, materialize_grads=True, allow_unused=False)": lambda lib, A: (
        lambda x, y: A.grad(y.sum(), x, materialize_grads=True, allow_unused=False))(*_xy(lib)),
    "grad(y.sum(), 1.0)": lambda lib, A: (lambda x, y: A.grad(y.sum(), 1.0))(*_xy(lib)),
    "grad(1.0, x)": lambda lib, A: (lambda x, y: A.grad(1.0, x))(*_xy(lib)),
    "grad([], x)": lambda lib, A: (lambda x, y: A.grad([], x))(*_xy(lib)),
    "grad(y.sum(), x, is_grads_batched=True)": lambda lib, A: (lambda x, y: A.grad(
        y.sum(), x, is_grads_batched=True))(*_xy(lib)),
    "grad(y, x, ones(2, 3), is_grads_batched=True)": lambda lib, A: (lambda x, y: A.grad(
        y, x, lib.ones(2, 3), is_grads_batched=True))(*_xy(lib)),
    "grad(y.sum(), x) twice with create_graph": lambda lib, A: (lambda x, y: (
        A.grad(y.sum(), x, create_graph=True), A.grad(y.sum(), x)))(*_xy(lib)),
    "grad(grad(y.sum(), x), x) without create_graph": lambda lib, A: (lambda x, y: A.grad(
        A.grad(y.sum(), x)[0].sum(), x))(*_xy(lib)),
    "backward([y, y], [ones(3)])": lambda lib, A: (lambda x, y: A.backward(
        [y, y], [lib.ones(3)]))(*_xy(lib)),
    "backward(y, ones(3), inputs=[])": lambda lib, A: (lambda x, y: A.backward(
        y, lib.ones(3), inputs=[]))(*_xy(lib)),
    "backward(y.sum(), inputs=[f3])": lambda lib, A: (lambda x, y: A.backward(
        y.sum(), inputs=[T(lib, "f3")]))(*_xy(lib)),
    "y.sum().backward(inputs=[y])": lambda lib, A: (lambda x, y: (
        y.sum().backward(inputs=[y]), y.grad)[1])(*_xy(lib)),
    "y.sum().backward(inputs=x) then x.grad": lambda lib, A: (lambda x, y: (
        y.sum().backward(inputs=x), x.grad)[1])(*_xy(lib)),
    "backward of an int sum": lambda lib, A: T(lib, "i3").sum().backward(),
    "functional.jacobian(sin, [1.0])": lambda lib, A: A.functional.jacobian(lib.sin, [1.0]),
    "functional.jacobian(x -> 1.0, f3)": lambda lib, A: A.functional.jacobian(
        lambda x: 1.0, T(lib, "f3")),
    "functional.jacobian(sin, f3, strategy='bad')": lambda lib, A: A.functional.jacobian(
        lib.sin, T(lib, "f3"), strategy="bad"),
    "functional.jacobian(sin, f3, vectorize=True, strategy='forward-mode')":
        lambda lib, A: A.functional.jacobian(lib.sin, T(lib, "f3"), vectorize=True,
                                             strategy="forward-mode").shape,
    "functional.jacobian(sin, f3, strategy='forward-mode')": lambda lib, A: A.functional.jacobian(
        lib.sin, T(lib, "f3"), strategy="forward-mode"),
    "functional.jacobian(x -> f3, f3, strict=True)": lambda lib, A: A.functional.jacobian(
        lambda x: lib.ones(3), T(lib, "f3"), strict=True),
    "functional.hessian(sin, f3)": lambda lib, A: A.functional.hessian(lib.sin, T(lib, "f3")),
    "functional.hessian(x -> (x.sum(), x.sum()), f3)": lambda lib, A: A.functional.hessian(
        lambda x: (x.sum(), x.sum()), T(lib, "f3")),
    "functional.vjp(sin, f3, ones(2))": lambda lib, A: A.functional.vjp(
        lib.sin, T(lib, "f3"), lib.ones(2)),
    "functional.vjp(sin, f3)": lambda lib, A: A.functional.vjp(lib.sin, T(lib, "f3")),
    "functional.jvp(sin, f3, ones(2))": lambda lib, A: A.functional.jvp(
        lib.sin, T(lib, "f3"), lib.ones(2)),
    "functional.hvp(x -> x.sum(), f3, ones(2))": lambda lib, A: A.functional.hvp(
        lambda x: (x * x).sum(), T(lib, "f3"), lib.ones(2)),
    "gradcheck(sin, f3)": lambda lib, A: A.gradcheck(lib.sin, (T(lib, "f3").requires_grad_(),)),
    "gradcheck(sin, d3 not requiring grad)": lambda lib, A: A.gradcheck(
        lib.sin, (lib.ones(3, dtype=lib.float64),)),
}
for _name, _fn in _GRAD.items():
    _add("autograd", _name, lambda lib, fn=_fn: fn(lib, lib.autograd))



# Lists (and NumPy arrays) of floats as indices: torch reads them as long indices, truncated;
# a float scalar or a float tensor among them is refused.
for _key_name, _key in [("[1.0]", lambda lib: [1.0]), ("[1.5, 0]", lambda lib: [1.5, 0]),
                        ("[True, 1.0]", lambda lib: [True, 1.0]),
                        ("np.array([1.0])", lambda lib: np.array([1.0])),
                        ("np.array([[1.7, 0.2]])", lambda lib: np.array([[1.7, 0.2]])),
                        ("[nan]", lambda lib: [float("nan")]), ("[5.0]", lambda lib: [5.0]),
                        ("[-1.0]", lambda lib: [-1.0]),
                        ("[tensor(1.0)]", lambda lib: [lib.tensor(1.0)]),
                        ("(0, [1.0])", lambda lib: (0, [1.0])), ("[[1.0]]", lambda lib: [[1.0]])]:
    for _x in ["f3", "f23", "fs"]:
        _add("index", f"{_x}[{_key_name}]", lambda lib, x=_x, k=_key: T(lib, x)[k(lib)])

        def _set_float_list(lib, x=_x, k=_key):
            target = T(lib, x)
            target[k(lib)] = 7.0
            return target
        _add("setitem", f"{_x}[{_key_name}] = 7.0", _set_float_list)


# Transformer with batch_first and inputs of rank 1 or 2 (torch reads the sequence length before
# its layers run), and SVDs of matrices with an infinity but no NaN (NaN values, no error).
for _batch_first in (True, False):
    for _src, _tgt in [((4,), (4,)), ((4,), (3, 4)), ((3, 4), (4,)), ((2, 3, 4), (4,)),
                       ((3, 4), (2, 4)), ((2, 3, 4), (3, 5, 4))]:
        def _transformer(lib, bf=_batch_first, src=_src, tgt=_tgt):
            lib.manual_seed(0)
            model = lib.nn.Transformer(4, 2, 1, 1, 8, batch_first=bf)
            return model(lib.ones(*src), lib.ones(*tgt))
        _add("module", f"Transformer(4, 2, 1, 1, 8, batch_first={_batch_first})({_src}, {_tgt})",
             _transformer, random=True)
_ARRAYS.update(inf22=np.array([[1.0, np.inf], [0.0, 1.0]], np.float32),
               ninf22=np.array([[1.0, 0.0], [-np.inf, 1.0]], np.float32))
for _x in ["@inf22", "@ninf22"]:
    for _op in ["linalg.svdvals", "linalg.pinv", "linalg.matrix_rank", "linalg.cond"]:
        _call(_op, _x, family="linalg")
    _call("linalg.matrix_norm", _x, ord=2, family="linalg")
    _add("linalg", f"linalg.svd({_x[1:]})[1]",
         lambda lib, x=_x: lib.linalg.svd(T(lib, x[1:]))[1])


# layer_norm and rms_norm over an empty normalized_shape (rms_norm's mean over no dims was
# silently a mean over all).
for _x in ["@f23", "@fs", "@i23"]:
    for _shape in [(), []]:
        _call("nn.functional.layer_norm", _x, _shape, family="nn")
        _call("nn.functional.rms_norm", _x, _shape, family="nn")

# --- session 21: the vision and signal helpers, creation, autograd and checkpoints as programs
# misuse them ----------------------------------------------------------------------------------
_ARRAYS.update(
    img2=np.arange(2 * 1 * 3 * 3, dtype=np.float32).reshape(2, 1, 3, 3) / 10,
    img5=np.arange(2 * 1 * 2 * 3 * 3, dtype=np.float32).reshape(2, 1, 2, 3, 3) / 10,
    grid_ok=np.zeros((2, 2, 2, 2), np.float32), grid_b1=np.zeros((1, 2, 2, 2), np.float32),
    grid_c3=np.zeros((2, 2, 2, 3), np.float32), grid_3d=np.zeros((2, 2, 2), np.float32),
    grid_d=np.zeros((2, 2, 2, 2), np.float64),
    theta=np.tile(np.eye(2, 3, dtype=np.float32), (2, 1, 1)),
    theta33=np.tile(np.eye(3, dtype=np.float32), (2, 1, 1)),
    theta34=np.tile(np.eye(3, 4, dtype=np.float32), (2, 1, 1)),
    sig=np.sin(np.arange(16, dtype=np.float32)), sig2=np.ones((2, 16), np.float32),
    win4=np.hanning(4).astype(np.float32), win8=np.hanning(8).astype(np.float32),
    idx_big=np.array([0, 3]), idx_neg=np.array([0, -1]), idx_f=np.array([0.0, 1.0], np.float32),
    idx_i32=np.array([0, 2], np.int32), cls_neg=np.array([0, -1, 2]),
    cls_big=np.array([0, 1, 5]), probs_neg=np.array([[0.5, -0.1, 0.6]], np.float32),
    probs_zero=np.array([[0.0, 0.0, 0.0], [0.2, 0.3, 0.5]], np.float32),
    probs_inf=np.array([[np.inf, 1.0, 1.0]], np.float32),
    pd233=np.array([[[2.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 1.0]],
                    [[1.0, 0.0, 0.0], [0.0, 1.0, 2.0], [0.0, 2.0, 1.0]]], np.float32),
    sing222=np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [2.0, 4.0]]], np.float32),
    f33=np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 2.0]], np.float32),
    big=np.array([1e39, 1.0], np.float64))

# grid_sample and affine_grid with grids and thetas of the wrong shape, dtype and options.
for _x, _g in [("@img2", "@grid_ok"), ("@img2", "@grid_b1"), ("@img2", "@grid_c3"),
               ("@img2", "@grid_3d"), ("@img2", "@grid_d"), ("@f23", "@grid_ok"),
               ("@img5", "@grid_ok"), ("@i23", "@grid_ok")]:
    for _kw in [{}, {"mode": "bad"}, {"padding_mode": "bad"}, {"mode": "bicubic"},
                {"align_corners": True}]:
        _call("nn.functional.grid_sample", _x, _g, **_kw, family="vision")
for _theta, _size in [("@theta", (2, 1, 3, 3)), ("@theta", (2, 1, 3)), ("@theta", (3, 1, 3, 3)),
                      ("@theta33", (2, 1, 3, 3)), ("@theta34", (2, 1, 2, 3, 3)),
                      ("@theta", (2, 1, 2, 3, 3)), ("@f23", (1, 1, 3, 3)), ("@i23", (1, 1, 3, 3)),
                      ("@theta", (2, 1, 0, 3))]:
    for _kw in [{}, {"align_corners": True}]:
        _call("nn.functional.affine_grid", _theta, _size, **_kw, family="vision")
# interpolate: modes against ranks, align_corners and antialias where a mode refuses them, sizes
# and scales of the wrong length or value.
for _mode in ["nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact"]:
    for _x in ["@img1", "@img", "@img5"]:
        _call("nn.functional.interpolate", _x, scale_factor=2, mode=_mode, family="vision")
    for _kw in [{"align_corners": True}, {"antialias": True}]:
        _call("nn.functional.interpolate", "@img", size=(2, 2), mode=_mode, **_kw,
              family="vision")
for _kw in [{"size": (2, 2, 2)}, {"size": (2,)}, {"scale_factor": (2.0,)},
            {"scale_factor": (2.0, 2.0, 2.0)}, {"size": (2.5, 2)}, {"size": (0, 2)},
            {"scale_factor": 0.0}, {"scale_factor": 2.0, "recompute_scale_factor": True},
            {"size": 2, "recompute_scale_factor": True}, {"scale_factor": float("nan")},
            {"size": (2, 2), "mode": "bilinear", "align_corners": 1}]:
    _call("nn.functional.interpolate", "@img", **_kw, family="vision")
    _call("nn.functional.upsample", "@img", **_kw, family="vision")
# pad: each mode on each rank, paddings as large as the dim or larger, values beside a mode
# that ignores them.
for _mode in ["reflect", "replicate", "circular"]:
    for _x in ["@f3", "@f23", "@img1", "@img", "@img5", "@fs"]:
        for _pad in [(1, 1), (3, 0), (2, 2, 1, 1), (1, 1, 1, 1, 1, 1), (-1, 0), (1, 1, 5, 5)]:
            _call("nn.functional.pad", _x, _pad, mode=_mode, family="vision")
    _call("nn.functional.pad", "@img", (1, 1), mode=_mode, value=1.0, family="vision")
for _pad in [(1, 1, 1), (1, 1, 1, 1, 1, 1, 1, 1), (), [1, 1]]:
    _call("nn.functional.pad", "@img", _pad, family="vision")
# unfold and fold: kernels larger than the input, sizes that do not tile, wrong ranks.
for _x in ["@img", "@img1", "@f23", "@img5", "@i23"]:
    for _kw in [{"kernel_size": 2}, {"kernel_size": 5}, {"kernel_size": 0},
                {"kernel_size": 2, "stride": 0}, {"kernel_size": (2, 2, 2)},
                {"kernel_size": 2, "dilation": -1}, {"kernel_size": 2, "padding": -1}]:
        _call("nn.functional.unfold", _x, **_kw, family="vision")
_ARRAYS.update(cols=np.ones((2, 12, 9), np.float32), cols2=np.ones((12, 9), np.float32),
               cols_bad=np.ones((2, 10, 9), np.float32), cols_l=np.ones((2, 12, 7), np.float32))
for _x in ["@cols", "@cols2", "@cols_bad", "@cols_l", "@img"]:
    for _out, _kw in [((4, 4), {"kernel_size": 2}), ((4, 4), {"kernel_size": 2, "stride": 0}),
                      ((5, 5), {"kernel_size": 2}), ((4,), {"kernel_size": 2}),
                      ((4, 4), {"kernel_size": 3})]:
        _call("nn.functional.fold", _x, _out, **_kw, family="vision")
for _x, _r in [("@img", 2), ("@img1", 1), ("@f23", 2), ("@img", 0), ("@img", -1)]:
    _call("nn.functional.pixel_shuffle", _x, _r, family="vision")
    _call("nn.functional.pixel_unshuffle", _x, _r, family="vision")

# embedding with indices out of range or of the wrong dtype, padding_idx out of range; one_hot
# with negative or too-large classes; multinomial rows that are not a distribution.
for _idx in ["@idx_big", "@idx_neg", "@idx_f", "@idx_i32", "@is", "@f0"]:
    for _kw in [{}, {"padding_idx": 3}, {"padding_idx": -4}, {"padding_idx": 1}]:
        _call("nn.functional.embedding", _idx, "@f32", **_kw, family="gather")
for _idx in ["@cls_neg", "@cls_big", "@idx_f", "@idx_i32", "@f0", "@is"]:
    for _n in [-1, 0, 3, 6, 2.5]:
        _call("nn.functional.one_hot", _idx, _n, family="gather")
for _p in ["@probs_neg", "@probs_zero", "@probs_inf", "@b3", "@c23"]:
    for _n, _kw in [(1, {}), (2, {"replacement": True}), (4, {}), (0, {})]:
        _call("multinomial", _p, _n, **_kw, family="gather", random=True)

# stft and istft: no window, windows and n_fft that do not fit, hops of zero.
for _x in ["@sig", "@sig2", "@f23", "@c23", "@fs", "@i3"]:
    for _kw in [{"n_fft": 4, "return_complex": True},
                {"n_fft": 4, "window": "@win4", "return_complex": True},
                {"n_fft": 4, "window": "@win8", "return_complex": True},
                {"n_fft": 32, "window": "@win4", "return_complex": True},
                {"n_fft": 0, "return_complex": True}, {"n_fft": 4, "hop_length": 0,
                                                       "return_complex": True},
                {"n_fft": 4, "win_length": 8, "return_complex": True},
                {"n_fft": 4, "window": "@win4"}, {"n_fft": 4, "window": "@win4",
                                                  "return_complex": False},
                {"n_fft": 4, "window": "@win4", "return_complex": True, "pad_mode": "bad"}]:
        _call("stft", _x, **_kw, family="fft")
for _name, _fn in [
        ("istft(stft(sig)) no window", lambda lib: lib.istft(
            lib.stft(T(lib, "sig"), 4, window=T(lib, "win4"), return_complex=True), 4)),
        ("istft(stft(sig), window=win4)", lambda lib: lib.istft(
            lib.stft(T(lib, "sig"), 4, window=T(lib, "win4"), return_complex=True), 4,
            window=T(lib, "win4"))),
        ("istft(stft(sig), n_fft=8)", lambda lib: lib.istft(
            lib.stft(T(lib, "sig"), 4, window=T(lib, "win4"), return_complex=True), 8)),
        ("istft(real, 4)", lambda lib: lib.istft(lib.ones(3, 5), 4)),
        ("istft(stft(sig), window=win8)", lambda lib: lib.istft(
            lib.stft(T(lib, "sig"), 4, window=T(lib, "win4"), return_complex=True), 4,
            window=T(lib, "win8")))]:
    _add("fft", _name, _fn)

# Tensor creation from data that does not make a tensor, fill values a dtype cannot hold.
for _data in [[[1, 2], [3, 4, 5]], [[[1], [2]], [[3]]], [[1, 2], [3, "a"]], [1, [2]],
              [[1.0], 2], ["a", "b"], [[1, 2], []], [1, None], [object()], [[1 + 1j, 2], [3, 4]],
              [True, 2.5], [np.float32(1.0), 2], [np.array([1, 2]), np.array([3])],
              [(1, 2), (3, 4)], [(1, 2), [3]], [1e400], [-2 ** 63 - 1], {"a": 1}, {1, 2},
              "abc", b"ab"]:
    _add("creation", f"tensor({_data!r})".replace(repr(object())[:-1], "object at"),
         lambda lib, d=_data: lib.tensor(d))
for _fill, _dtype in [(True, "int64"), (1.5, "int64"), (300, "uint8"), (-1, "uint8"),
                      (1 + 2j, "float32"), (1e40, "float32"), (float("nan"), "int64"),
                      (float("inf"), "int32"), (2 ** 70, "int64"), (1.5, "bool"),
                      ("a", "float32"), (None, "float32")]:
    _add("creation", f"full((2,), {_fill!r}, dtype={_dtype})",
         lambda lib, f=_fill, t=_dtype: lib.full((2,), f, dtype=getattr(lib, t)))
for _range in [(0.0, 1.0, 0.0), (0, 5, 0.0), (1, 0, 0.5), (0, 1, -0.1), (0, 1e20, 1e-10),
               (0, float("nan"), 1), (0, 5, 1 + 1j), ("a",), (0, 5, None)]:
    _call("arange", *_range, family="creation")
for _op in ["zeros", "ones", "empty", "full_like", "zeros_like"]:
    for _arg in [-1, (-1,), (2, -1), [2, -1], (2 ** 63,), (2, None)]:
        if _op.endswith("_like"):
            _add("creation", f"{_op}(f23, dtype={_arg!r})",
                 lambda lib, op=_op, a=_arg: getattr(lib, op)(T(lib, "f23"), a))
        else:
            _call(_op, _arg, family="creation", random=_op == "empty")
for _op, _args in [("eye", (3, 2.5)), ("eye", (2 ** 63,)), ("tensor", ([1, 2],)),
                   ("ones", (2, 3))]:
    for _dtype in ["float", "'float32'", "np.float32", "int"]:
        _add("creation", f"{_op}{_args}, dtype={_dtype}",
             lambda lib, op=_op, a=_args, d=_dtype: getattr(lib, op)(
                 *a, dtype={"float": float, "'float32'": "float32", "np.float32": np.float32,
                            "int": int}[d]))
for _x, _kw in [("@f23", {"dtype": "int64", "requires_grad": True}),
                ("@i23", {"requires_grad": True}), ("@f23", {"device": "cuda:x"}),
                ("@f23", {"device": 1.5})]:
    _add("creation", f"tensor({_x[1:]}, {_kw})", lambda lib, x=_x, kw=_kw: lib.tensor(
        _ARRAYS[x[1:]].tolist(), **{k: getattr(lib, v) if k == "dtype" else v
                                    for k, v in kw.items()}))

# view/reshape/expand/unflatten texts: sizes that do not fit, views of non-contiguous storage,
# views as another dtype.
for _x in ["@f23", "@nc23", "@f222"]:
    for _size in [(-1, -1, 2), (5,), (4, -1), (2, 3, 0), (-1, 0), (3, -2)]:
        _call(".view", _x, *_size, family="shape")
    for _dtype in ["int64", "float64", "int8", "bool", "complex64", "float16"]:
        _add("shape", f"{_x[1:]}.view({_dtype})",
             lambda lib, x=_x, d=_dtype: T(lib, x[1:]).view(getattr(lib, d)))
    for _size in [(2,), (1, 2, 3), (2, 2, 2, 2), (-1, -1, -1), (0, 2, 2, 2)]:
        _call(".expand", _x, *_size, family="shape")
        _call(".expand_as", _x, f"@{'f3' if len(_size) == 1 else 'f222'}", family="shape")
    for _d, _sizes in [(0, (1, 2)), (1, (2, 2)), (1, (-1, -1)), (5, (1, 2)), (0, ()),
                       (1, (-1, 4))]:
        _call("unflatten", _x, _d, _sizes, family="shape")
    _call(".view_as", _x, "@f3", family="shape")
    _call(".reshape_as", _x, "@f3", family="shape")

# cat/stack of tensors of mismatched shapes, dtypes, devices and requires_grad.
for _tensors in [["@f23", "@img"], ["@f3", "@fs"], ["@fs", "@f3"], ["@b23", "@i23"],
                 ["@m23", "@f23"], ["@f23", "@u23"], ["@f222", "@f23"], ["@f0", "@fs"],
                 ["@f0", "@f0"], ["@c23", "@i23"]]:
    for _op, _kw in [("cat", {}), ("cat", {"dim": -1}), ("stack", {}), ("stack", {"dim": 3}),
                     ("concat", {"dim": 1}), ("hstack", {}), ("dstack", {}),
                     ("column_stack", {})]:
        _call(_op, _tensors, **_kw, family="join")
for _name, _fn in [("cat((f23, f23), out=i23)", lambda lib: lib.cat(
                        (T(lib, "f23"), T(lib, "f23")), out=T(lib, "i23"))),
                   ("cat([f23, 1.0])", lambda lib: lib.cat([T(lib, "f23"), 1.0])),
                   ("cat(f23, f23)", lambda lib: lib.cat(T(lib, "f23"), T(lib, "f23"))),
                   ("stack([f23, [1, 2, 3]])", lambda lib: lib.stack([T(lib, "f23"), [1, 2, 3]])),
                   ("cat(generator)", lambda lib: lib.cat(t for t in [T(lib, "f3")])),
                   ("cat([f3, f3], dim=None)", lambda lib: lib.cat([T(lib, "f3")] * 2, dim=None)),
                   ("cat([f3, f3], dim='a')", lambda lib: lib.cat([T(lib, "f3")] * 2, dim="a"))]:
    _add("join", _name, _fn)


# In-place ops on leaves that require grad (and on their views), requires_grad on integers.
def _leaf(lib, dtype=None):
    return lib.ones(2, 3, dtype=dtype or lib.float32, requires_grad=True)


for _name, _op in [("add_(1)", lambda x, lib: x.add_(1)), ("zero_()", lambda x, lib: x.zero_()),
                   ("[0] = 1", lambda x, lib: x.__setitem__(0, 1.0)),
                   ("[0].mul_(2)", lambda x, lib: x[0].mul_(2)),
                   ("view(-1).fill_(1)", lambda x, lib: x.view(-1).fill_(1.0)),
                   ("t().relu_()", lambda x, lib: x.t().relu_()),
                   ("copy_(f23)", lambda x, lib: x.copy_(T(lib, "f23"))),
                   ("uniform_()", lambda x, lib: x.uniform_()),
                   ("normal_()", lambda x, lib: x.normal_()),
                   ("clamp_(0, 1)", lambda x, lib: x.clamp_(0, 1)),
                   ("resize_(6)", lambda x, lib: x.resize_(6)),
                   ("sigmoid_()", lambda x, lib: x.sigmoid_()),
                   ("nn.init.zeros_", lambda x, lib: lib.nn.init.zeros_(x)),
                   ("F.relu(inplace=True)", lambda x, lib: lib.nn.functional.relu(x, True)),
                   ("F.dropout(inplace=True)",
                    lambda x, lib: lib.nn.functional.dropout(x, 0.5, True, True)),
                   ("exp(x, out=x)", lambda x, lib: lib.exp(x, out=x)),
                   ("detach().add_(1) then x", lambda x, lib: (x.detach().add_(1), x)[1]),
                   ("data.add_(1) then x", lambda x, lib: (x.data.add_(1), x)[1]),
                   ("add_(1) under no_grad", lambda x, lib: (_nograd(lib, x.add_, 1), x)[1]),
                   ("requires_grad_(False).add_(1)",
                    lambda x, lib: x.requires_grad_(False).add_(1))]:
    _add("autograd", f"leaf.{_name}", lambda lib, op=_op: op(_leaf(lib), lib),
         random=_name in ("uniform_()", "normal_()", "F.dropout(inplace=True)"))


def _nograd(lib, fn, *args):
    with lib.no_grad():
        return fn(*args)


for _dtype in ["int64", "int32", "uint8", "bool", "complex64", "float16"]:
    for _name, _op in [("requires_grad_()", lambda x: x.requires_grad_()),
                       ("requires_grad_(False)", lambda x: x.requires_grad_(False)),
                       ("requires_grad = True", lambda x: setattr(x, "requires_grad", True)),
                       ("ones(requires_grad=True)", None),
                       ("nn.Parameter", None)]:
        def _int_grad(lib, d=_dtype, op=_op, name=_name):
            x = lib.ones(2, dtype=getattr(lib, d))
            if name == "ones(requires_grad=True)":
                return lib.ones(2, dtype=getattr(lib, d), requires_grad=True)
            if name == "nn.Parameter":
                return lib.nn.Parameter(x)
            op(x)
            return x.requires_grad
        _add("autograd", f"{_dtype} {_name}", _int_grad)
for _name, _fn in [("non-leaf.requires_grad_(False)",
                    lambda lib: (_leaf(lib) * 2).requires_grad_(False)),
                   ("non-leaf.requires_grad = False",
                    lambda lib: setattr(_leaf(lib) * 2, "requires_grad", False)),
                   ("leaf.grad = int tensor",
                    lambda lib: setattr(_leaf(lib), "grad", lib.ones(2, 3, dtype=lib.int64))),
                   ("leaf.grad = 1.0", lambda lib: setattr(_leaf(lib), "grad", 1.0)),
                   ("leaf.requires_grad_('yes')", lambda lib: _leaf(lib).requires_grad_("yes")),
                   ("leaf.numpy()", lambda lib: _leaf(lib).numpy()),
                   ("leaf.tolist()", lambda lib: _leaf(lib).tolist()),
                   ("leaf.item()", lambda lib: _leaf(lib).item()),
                   ("float(leaf[0, 0])", lambda lib: float(_leaf(lib)[0, 0])),
                   ("leaf.retain_grad() then .grad", lambda lib: (
                       lambda x: (x.retain_grad(), x.grad)[1])(_leaf(lib))),
                   ("non-leaf.grad", lambda lib: (_leaf(lib) * 2).grad),
                   ("leaf.backward()", lambda lib: _leaf(lib).backward()),
                   ("leaf.sum().backward(ones(2))", lambda lib: _leaf(lib).sum().backward(
                       lib.ones(2)))]:
    _add("autograd", _name, _fn)


# Checkpoints: weights_only=True with a global it does not allow, and save/load misuse.
class _Custom:
    """A class a weights-only load refuses."""

    def __init__(self):
        self.value = 1


def _saved_custom(lib, obj):
    import io
    buffer = io.BytesIO()
    lib.save(obj, buffer)
    buffer.seek(0)
    return buffer


for _name, _obj in [("a custom object", lambda lib: _Custom()),
                    ("a dict holding a custom object", lambda lib: {"w": lib.ones(2),
                                                                    "c": _Custom()}),
                    ("a slice", lambda lib: slice(1, 2)),
                    ("a numpy array", lambda lib: np.ones(2)),
                    ("a set", lambda lib: {1, 2}),
                    ("a Size", lambda lib: lib.Size([2, 3])),
                    ("a dtype", lambda lib: lib.float64),
                    ("an OrderedDict", lambda lib: __import__("collections").OrderedDict(a=1)),
                    ("a Linear module", lambda lib: lib.nn.Linear(2, 2))]:
    for _wo in (True, None):
        def _wo_load(lib, obj=_obj, wo=_wo):
            loaded = lib.load(_saved_custom(lib, obj(lib)), **(
                {} if wo is None else {"weights_only": wo}))
            return type(loaded).__name__
        _add("module", f"load(save({_name}), weights_only={_wo})", _wo_load)
for _name, _fn in [("save(t, 123)", lambda lib: lib.save(lib.ones(2), 123)),
                   ("save(t, '/nonexistent/dir/x.pt')",
                    lambda lib: lib.save(lib.ones(2), "/nonexistent/dir/x.pt")),
                   ("save(t, buffer, pickle_protocol=99)", lambda lib: lib.save(
                       lib.ones(2), __import__("io").BytesIO(), pickle_protocol=99)),
                   ("load(123)", lambda lib: lib.load(123)),
                   ("load(buffer, map_location='cuda:x')", lambda lib: lib.load(
                       _saved_custom(lib, lib.ones(2)), map_location="cuda:x")),
                   ("load(buffer, map_location=1.5)", lambda lib: lib.load(
                       _saved_custom(lib, lib.ones(2)), map_location=1.5)),
                   ("load(buffer, mmap=True)", lambda lib: lib.load(
                       _saved_custom(lib, lib.ones(2)), mmap=True)),
                   ("load(buffer, weights_only='yes')", lambda lib: lib.load(
                       _saved_custom(lib, lib.ones(2)), weights_only="yes"))]:
    _add("module", _name, _fn)

# Linear algebra on singular, non-positive-definite and non-square batches: the texts name the
# batch element and the order of the minor.
for _op in ["linalg.cholesky", "linalg.inv", "linalg.solve", "linalg.det", "linalg.eigh",
            "cholesky_inverse", "linalg.lu_factor", "linalg.ldl_factor", "cholesky"]:
    for _a in ["@pd233", "@sing222", "@f33", "@f23", "@f222"]:
        if _op == "linalg.solve":
            _call(_op, _a, "@f3", family="linalg")
            _call(_op, _a, "@f21", family="linalg")
        elif _op != "linalg.ldl_factor" or _a not in ("@sing222", "@f222"):
            _call(_op, _a, family="linalg")  # (torch fails an internal assert on those two)

# clamp with a bound the input's dtype cannot hold.
for _x in ["@f23", "@h4", "@i23", "@u23", "@d23"]:
    for _kw in [{"min": 1e40}, {"max": -1e40}, {"min": 1e39, "max": 1e40}, {"min": 2 ** 70},
                {"max": float("inf")}, {"min": -300}, {"min": 1e300, "max": None}]:
        _call("clamp", _x, **_kw, family="misc")
        _call(".clamp_", _x, **_kw, family="misc")


# More distributions, validated: parameters on a support's edge, out-of-support values for the
# rest of the family, and the wrappers (Independent, MixtureSameFamily, TransformedDistribution).
_DISTS_MORE = {
    "Normal(0., 0.)": lambda D, t: D.Normal(t(0.0), t(0.0)),
    "Normal(0., inf)": lambda D, t: D.Normal(t(0.0), t(float("inf"))),
    "Bernoulli(logits=nan)": lambda D, t: D.Bernoulli(logits=t(float("nan"))),
    "Categorical(logits=[0., nan])": lambda D, t: D.Categorical(logits=t([0.0, float("nan")])),
    "Categorical(probs=[[.5, .5], [1., 1.]])":
        lambda D, t: D.Categorical(probs=t([[0.5, 0.5], [1.0, 1.0]])),
    "Binomial(2.5, .5)": lambda D, t: D.Binomial(t(2.5), t(0.5)),
    "Poisson(0.)": lambda D, t: D.Poisson(t(0.0)),
    "Weibull(-1., 1.)": lambda D, t: D.Weibull(t(-1.0), t(1.0)),
    "Pareto(1., 0.)": lambda D, t: D.Pareto(t(1.0), t(0.0)),
    "Chi2(-1.)": lambda D, t: D.Chi2(t(-1.0)),
    "FisherSnedecor(1., -1.)": lambda D, t: D.FisherSnedecor(t(1.0), t(-1.0)),
    "VonMises(0., -1.)": lambda D, t: D.VonMises(t(0.0), t(-1.0)),
    "Gumbel(0., -1.)": lambda D, t: D.Gumbel(t(0.0), t(-1.0)),
    "HalfCauchy(-1.)": lambda D, t: D.HalfCauchy(t(-1.0)),
    "Kumaraswamy(1., 0.)": lambda D, t: D.Kumaraswamy(t(1.0), t(0.0)),
    "LogisticNormal(zeros(2), -ones(2))": lambda D, t: D.LogisticNormal(t([0.0, 0.0]),
                                                                        t([-1.0, -1.0])),
    "NegativeBinomial(-1., .5)": lambda D, t: D.NegativeBinomial(t(-1.0), t(0.5)),
    "NegativeBinomial(2., 1.5)": lambda D, t: D.NegativeBinomial(t(2.0), t(1.5)),
    "ContinuousBernoulli(1.5)": lambda D, t: D.ContinuousBernoulli(t(1.5)),
    "RelaxedBernoulli(-1., .5)": lambda D, t: D.RelaxedBernoulli(t(-1.0), t(0.5)),
    "LowRankMultivariateNormal(zeros(2), ones(2, 1), -ones(2))":
        lambda D, t: D.LowRankMultivariateNormal(t([0.0, 0.0]), t([[1.0], [1.0]]),
                                                 t([-1.0, -1.0])),
    "LowRankMultivariateNormal(zeros(2), ones(3, 1), ones(2))":
        lambda D, t: D.LowRankMultivariateNormal(t([0.0, 0.0]), t([[1.0], [1.0], [1.0]]),
                                                 t([1.0, 1.0])),
    "Wishart(2., eye(2))": lambda D, t: D.Wishart(t(0.5), t([[1.0, 0.0], [0.0, 1.0]])),
    "MultivariateNormal(zeros(2), precision_matrix=notpd)":
        lambda D, t: D.MultivariateNormal(t([0.0, 0.0]),
                                          precision_matrix=t([[1.0, 2.0], [2.0, 1.0]])),
    "MultivariateNormal(zeros(2), scale_tril=upper)":
        lambda D, t: D.MultivariateNormal(t([0.0, 0.0]),
                                          scale_tril=t([[1.0, 1.0], [0.0, 1.0]])),
}
for _name, _make in _DISTS_MORE.items():
    for _validate in (True, False):
        def _made_more(lib, make=_make, validate=_validate):
            d = make(_Validated(lib.distributions, validate), lib.tensor)
            return tuple(d.batch_shape), tuple(d.event_shape)
        _add("distribution", f"{_name} [validate_args={_validate}]", _made_more)
_LOG_PROBS_MORE = {
    "Uniform(0., 1.).log_prob(1.)": (lambda D, t: D.Uniform(t(0.0), t(1.0)), 1.0),
    "Beta(2., 2.).log_prob(0.)": (lambda D, t: D.Beta(t(2.0), t(2.0)), 0.0),
    "Laplace(0., 1.).log_prob(inf)": (lambda D, t: D.Laplace(t(0.0), t(1.0)), float("inf")),
    "Weibull(1., 1.).log_prob(-1.)": (lambda D, t: D.Weibull(t(1.0), t(1.0)), -1.0),
    "Pareto(1., 1.).log_prob(.5)": (lambda D, t: D.Pareto(t(1.0), t(1.0)), 0.5),
    "Chi2(2.).log_prob(-1.)": (lambda D, t: D.Chi2(t(2.0)), -1.0),
    "StudentT(2.).log_prob(nan)": (lambda D, t: D.StudentT(t(2.0)), float("nan")),
    "Cauchy(0., 1.).log_prob(inf)": (lambda D, t: D.Cauchy(t(0.0), t(1.0)), float("inf")),
    "HalfCauchy(1.).log_prob(-1.)": (lambda D, t: D.HalfCauchy(t(1.0)), -1.0),
    "Gumbel(0., 1.).log_prob(inf)": (lambda D, t: D.Gumbel(t(0.0), t(1.0)), float("inf")),
    "VonMises(0., 1.).log_prob(10.)": (lambda D, t: D.VonMises(t(0.0), t(1.0)), 10.0),
    "NegativeBinomial(2., .5).log_prob(1.5)":
        (lambda D, t: D.NegativeBinomial(t(2.0), t(0.5)), 1.5),
    "Geometric(.5).log_prob(.5)": (lambda D, t: D.Geometric(t(0.5)), 0.5),
    "Binomial(5, .5).log_prob(-1.)": (lambda D, t: D.Binomial(5, t(0.5)), -1.0),
    "Multinomial(3, [.5, .5]).log_prob([1., 2.5])":
        (lambda D, t: D.Multinomial(3, t([0.5, 0.5])), [1.0, 2.5]),
    "Categorical([.2, .8]).log_prob([[0, 1], [1, 0]])":
        (lambda D, t: D.Categorical(t([0.2, 0.8])), [[0, 1], [1, 0]]),
    "Categorical([.2, .8]).log_prob(zeros(3, 1))":
        (lambda D, t: D.Categorical(t([[0.2, 0.8], [0.5, 0.5]])), [[0], [1], [0]]),
    "ContinuousBernoulli(.3).log_prob(1.5)": (lambda D, t: D.ContinuousBernoulli(t(0.3)), 1.5),
    "Kumaraswamy(1., 1.).log_prob(1.5)": (lambda D, t: D.Kumaraswamy(t(1.0), t(1.0)), 1.5),
    "LogisticNormal(zeros(2), ones(2)).log_prob([.5, .5])":
        (lambda D, t: D.LogisticNormal(t([0.0, 0.0]), t([1.0, 1.0])), [0.5, 0.5]),
    "LogisticNormal(zeros(2), ones(2)).log_prob([.2, .3, .4])":
        (lambda D, t: D.LogisticNormal(t([0.0, 0.0]), t([1.0, 1.0])), [0.2, 0.3, 0.4]),
    "Exponential(1.).log_prob(0.)": (lambda D, t: D.Exponential(t(1.0)), 0.0),
    "Gamma(2., 1.).log_prob(0.)": (lambda D, t: D.Gamma(t(2.0), t(1.0)), 0.0),
}
for _name, (_make, _value) in _LOG_PROBS_MORE.items():
    for _validate in (True, False):
        def _logp_more(lib, make=_make, value=_value, validate=_validate):
            d = make(_Validated(lib.distributions, validate), lib.tensor)
            return d.log_prob(lib.tensor(value))
        _add("distribution", f"{_name} [validate_args={_validate}]", _logp_more)
for _name, _fn in [
        ("Independent(Normal(zeros(3), 1.), 2)", lambda D, t: D.Independent(
            D.Normal(t([0.0] * 3), t(1.0)), 2, validate_args=True).event_shape),
        ("Independent(Normal(zeros(3), 1.), -1)", lambda D, t: D.Independent(
            D.Normal(t([0.0] * 3), t(1.0)), -1).event_shape),
        ("Independent(Normal(zeros(2, 3), 1.), 1).log_prob(zeros(3, 3))", lambda D, t:
            D.Independent(D.Normal(t([[0.0] * 3] * 2), t(1.0)), 1,
                          validate_args=True).log_prob(t([[0.0] * 3] * 3))),
        ("MixtureSameFamily(Categorical(3), Normal(zeros(2), 1.))", lambda D, t:
            D.MixtureSameFamily(D.Categorical(t([1 / 3] * 3)),
                                D.Normal(t([0.0, 0.0]), t(1.0))).batch_shape),
        ("MixtureSameFamily(Normal, Normal)", lambda D, t: D.MixtureSameFamily(
            D.Normal(t(0.0), t(1.0)), D.Normal(t([0.0, 0.0]), t(1.0))).batch_shape),
        ("MixtureSameFamily(Categorical, a list)", lambda D, t: D.MixtureSameFamily(
            D.Categorical(t([0.5, 0.5])), [1, 2]).batch_shape),
        ("TransformedDistribution(Normal, ExpTransform).log_prob(-1.)", lambda D, t:
            D.TransformedDistribution(D.Normal(t(0.0), t(1.0)), [D.ExpTransform()],
                                      validate_args=True).log_prob(t(-1.0))),
        ("TransformedDistribution(Normal, [1])", lambda D, t: D.TransformedDistribution(
            D.Normal(t(0.0), t(1.0)), [1]).batch_shape),
        ("kl_divergence(Normal, Bernoulli)", lambda D, t: D.kl_divergence(
            D.Normal(t(0.0), t(1.0)), D.Bernoulli(t(0.5)))),
        ("kl_divergence(Normal(zeros(2)), Normal(zeros(3)))", lambda D, t: D.kl_divergence(
            D.Normal(t([0.0] * 2), t(1.0)), D.Normal(t([0.0] * 3), t(1.0)))),
        ("Normal(0., 1.).log_prob('a')", lambda D, t: D.Normal(t(0.0), t(1.0)).log_prob("a")),
        ("Normal(0., 1.).log_prob(1.0) a float", lambda D, t: D.Normal(
            t(0.0), t(1.0), validate_args=True).log_prob(1.0)),
        ("Normal(0., 1.).cdf(nan) validated", lambda D, t: D.Normal(
            t(0.0), t(1.0), validate_args=True).cdf(t(float("nan")))),
        ("Categorical([.2, .8]).sample() then log_prob(2)", lambda D, t: D.Categorical(
            t([0.2, 0.8]), validate_args=True).log_prob(t(2))),
        ("Bernoulli(.5).entropy() of probs 1.", lambda D, t: D.Bernoulli(t(1.0)).entropy()),
        ("Normal(loc=zeros(2), scale=ones(2)).expand((3,))", lambda D, t: D.Normal(
            t([0.0] * 2), t([1.0] * 2)).expand((3,)).batch_shape),
        ("Uniform(0., 1.).icdf(1.5) validated", lambda D, t: D.Uniform(
            t(0.0), t(1.0), validate_args=True).icdf(t(1.5))),
        ("Dirichlet([1., 1.]).rsample((-1,))", lambda D, t: D.Dirichlet(
            t([1.0, 1.0])).rsample((-1,)).shape)]:
    _add("distribution", _name, lambda lib, f=_fn: f(lib.distributions, lib.tensor))


# In-place ops whose operand broadcasts past self, scatters with indices out of range, masked
# scatters short of sources, batch/instance norms with running stats of the wrong size.
for _name, _fn in [
        ("f3.add_(f23)", lambda lib: T(lib, "f3").add_(T(lib, "f23"))),
        ("f23.mul_(f4)", lambda lib: T(lib, "f23").mul_(T(lib, "f4"))),
        ("f3.copy_(f23)", lambda lib: T(lib, "f3").copy_(T(lib, "f23"))),
        ("f23.copy_(f3)", lambda lib: T(lib, "f23").copy_(T(lib, "f3"))),
        ("f23.copy_(f4)", lambda lib: T(lib, "f23").copy_(T(lib, "f4"))),
        ("f23.masked_fill_(b3[:2], 1.)", lambda lib: T(lib, "f23").masked_fill_(
            T(lib, "b3")[:2], 1.0)),
        ("f23.masked_fill_(b23, f3)", lambda lib: T(lib, "f23").masked_fill_(
            T(lib, "b23"), T(lib, "f3"))),
        ("f23.masked_scatter_(b23, f3)", lambda lib: T(lib, "f23").masked_scatter_(
            T(lib, "b23"), T(lib, "f3"))),
        ("f23.masked_scatter_(b23, i23)", lambda lib: T(lib, "f23").masked_scatter_(
            T(lib, "b23"), T(lib, "i23"))),
        ("f23.scatter_(1, [[0, 5]], 1.)", lambda lib: T(lib, "f23").scatter_(
            1, lib.tensor([[0, 5]]), 1.0)),
        ("f23.scatter_(1, [[0, -1]], 1.)", lambda lib: T(lib, "f23").scatter_(
            1, lib.tensor([[0, -1]]), 1.0)),
        ("f23.scatter_(1, [[0, 1, 2, 0]], f23)", lambda lib: T(lib, "f23").scatter_(
            1, lib.tensor([[0, 1, 2, 0]]), T(lib, "f23"))),
        ("f23.scatter_add_(1, [[0, 1]], i23)", lambda lib: T(lib, "f23").scatter_add_(
            1, lib.tensor([[0, 1]]), T(lib, "i23"))),
        ("f23.scatter_reduce_(1, [[0, 1]], f23, 'bad')", lambda lib: T(lib, "f23")
            .scatter_reduce_(1, lib.tensor([[0, 1]]), T(lib, "f23"), "bad")),
        ("f23.scatter_reduce_(1, [[0, 1]], f23, 'mean')", lambda lib: T(lib, "f23")
            .scatter_reduce_(1, lib.tensor([[0, 1]]), T(lib, "f23"), "mean")),
        ("f23.index_put_(([0, 5],), f3)", lambda lib: T(lib, "f23").index_put_(
            (lib.tensor([0, 5]),), T(lib, "f3"))),
        ("f23.index_put_(([0, 1],), f4, accumulate=True)", lambda lib: T(lib, "f23")
            .index_put_((lib.tensor([0, 1]),), T(lib, "f4"), accumulate=True)),
        ("f23.index_add_(0, [0, 1], f23, alpha=1.5) int", lambda lib: T(lib, "i23")
            .index_add_(0, lib.tensor([0, 1]), T(lib, "i23"), alpha=1.5)),
        ("f23.put_([7], f3[:1])", lambda lib: T(lib, "f23").put_(lib.tensor([7]),
                                                                T(lib, "f3")[:1])),
        ("f23.put_([0, 1], f3)", lambda lib: T(lib, "f23").put_(lib.tensor([0, 1]),
                                                               T(lib, "f3"))),
        ("f23.index_fill_(1, [3], 1.)", lambda lib: T(lib, "f23").index_fill_(
            1, lib.tensor([3]), 1.0)),
        ("f23.index_copy_(1, [0], f3)", lambda lib: T(lib, "f23").index_copy_(
            1, lib.tensor([0]), T(lib, "f3"))),
        ("f23.fill_(f3)", lambda lib: T(lib, "f23").fill_(T(lib, "f3"))),
        ("f23.fill_('a')", lambda lib: T(lib, "f23").fill_("a")),
        ("i23.fill_(1.5)", lambda lib: T(lib, "i23").fill_(1.5)),
        ("u23.fill_(-1)", lambda lib: T(lib, "u23").fill_(-1)),
        ("u23.fill_(300)", lambda lib: T(lib, "u23").fill_(300)),
        ("f23.fill_(1e40)", lambda lib: T(lib, "f23").fill_(1e40)),
        ("f23.masked_fill(b23, 1e40)", lambda lib: T(lib, "f23").masked_fill(
            T(lib, "b23"), 1e40)),
        ("i23.masked_fill(b23, 1.5)", lambda lib: T(lib, "i23").masked_fill(
            T(lib, "b23"), 1.5)),
        ("u23.masked_fill(b23, 300)", lambda lib: T(lib, "u23").masked_fill(
            T(lib, "b23"), 300)),
        ("f23.index_fill(1, [0], 1e40)", lambda lib: T(lib, "f23").index_fill(
            1, lib.tensor([0]), 1e40)),
        ("u23.index_fill(1, [0], -5)", lambda lib: T(lib, "u23").index_fill(
            1, lib.tensor([0]), -5)),
        ("f23.resize_(-1)", lambda lib: T(lib, "f23").resize_(-1)),
        ("f23.resize_as_(f4)", lambda lib: T(lib, "f23").resize_as_(T(lib, "f4")).shape),
        ("f23.t_() of 3-d", lambda lib: T(lib, "f222").t_()),
        ("f23.unsqueeze_(5)", lambda lib: T(lib, "f23").unsqueeze_(5)),
        ("f23.squeeze_(5)", lambda lib: T(lib, "f23").squeeze_(5)),
        ("f23.transpose_(0, 2)", lambda lib: T(lib, "f23").transpose_(0, 2)),
        ("f23.lerp_(f23, f3[:2])", lambda lib: T(lib, "f23").lerp_(T(lib, "f23"),
                                                                  T(lib, "f3")[:2])),
        ("f23.addmm_(f23, f32)", lambda lib: T(lib, "f23").addmm_(T(lib, "f23"),
                                                                 T(lib, "f32"))),
        ("f22.addmm_(f23, f32, beta=nan)", lambda lib: T(lib, "f22").addmm_(
            T(lib, "f23"), T(lib, "f32"), beta=float("nan"))),
        ("i22.addmm_(i23, f32)", lambda lib: T(lib, "i22").addmm_(T(lib, "i23"),
                                                                 T(lib, "f32"))),
        ("f23.baddbmm_ of 2-d", lambda lib: T(lib, "f23").baddbmm_(T(lib, "f23"),
                                                                  T(lib, "f32"))),
        ("f3.addcmul_(f23, f23)", lambda lib: T(lib, "f3").addcmul_(T(lib, "f23"),
                                                                   T(lib, "f23"))),
        ("i23.addcdiv_(i23, i23)", lambda lib: T(lib, "i23").addcdiv_(T(lib, "i23"),
                                                                     T(lib, "i23"))),
        ("f23.pow_(f23) of i23", lambda lib: T(lib, "i23").pow_(T(lib, "f23"))),
        ("i23.pow_(-1)", lambda lib: T(lib, "i23").pow_(-1)),
        ("i23 ** -1", lambda lib: T(lib, "i23") ** -1),
        ("2 ** i23 negative", lambda lib: 2 ** (T(lib, "i23") - 3)),
        ("i23.div_(2)", lambda lib: T(lib, "i23").div_(2)),
        ("i23.div_(2, rounding_mode='bad')", lambda lib: T(lib, "i23").div_(
            2, rounding_mode="bad")),
        ("i23 // 0", lambda lib: T(lib, "i23") // 0),
        ("i23 % 0", lambda lib: T(lib, "i23") % 0),
        ("i23.remainder_(0)", lambda lib: T(lib, "i23").remainder_(0)),
        ("i23.fmod(0)", lambda lib: T(lib, "i23").fmod(0)),
        ("b23.neg_()", lambda lib: T(lib, "b23").neg_()),
        ("b23.sub_(b23)", lambda lib: T(lib, "b23").sub_(T(lib, "b23"))),
        ("b23 - b23", lambda lib: T(lib, "b23") - T(lib, "b23")),
        ("-b23", lambda lib: -T(lib, "b23")),
        ("f23 << 1", lambda lib: T(lib, "f23") << 1),
        ("i23 << -1", lambda lib: T(lib, "i23") << -1),
        ("i23 >> 70", lambda lib: T(lib, "i23") >> 70),
        ("~f23", lambda lib: ~T(lib, "f23")),
        ("f23 & f23", lambda lib: T(lib, "f23") & T(lib, "f23")),
        ("i23.bitwise_left_shift_(f23)", lambda lib: T(lib, "i23").bitwise_left_shift_(
            T(lib, "f23"))),
        ("f23.exponential_(-1.)", lambda lib: T(lib, "f23").exponential_(-1.0)),
        ("f23.geometric_(1.5)", lambda lib: T(lib, "f23").geometric_(1.5)),
        ("f23.bernoulli_(1.5)", lambda lib: T(lib, "f23").bernoulli_(1.5)),
        ("f23.bernoulli_(f23)", lambda lib: T(lib, "f23").bernoulli_(T(lib, "f23"))),
        ("bernoulli(f23)", lambda lib: lib.bernoulli(T(lib, "f23"))),
        ("bernoulli(nan23)", lambda lib: lib.bernoulli(T(lib, "nan23"))),
        ("f23.uniform_(1., 0.)", lambda lib: T(lib, "f23").uniform_(1.0, 0.0)),
        ("f23.uniform_(0., inf)", lambda lib: T(lib, "f23").uniform_(0.0, float("inf"))),
        ("f23.normal_(0., -1.)", lambda lib: T(lib, "f23").normal_(0.0, -1.0)),
        ("i23.normal_()", lambda lib: T(lib, "i23").normal_()),
        ("f23.random_(5, 2)", lambda lib: T(lib, "f23").random_(5, 2)),
        ("u23.random_(0, 300)", lambda lib: T(lib, "u23").random_(0, 300)),
        ("f23.cauchy_(0., -1.)", lambda lib: T(lib, "f23").cauchy_(0.0, -1.0)),
        ("f23.log_normal_(0., -1.)", lambda lib: T(lib, "f23").log_normal_(0.0, -1.0)),
        ("poisson(-f23)", lambda lib: lib.poisson(-T(lib, "pos23"))),
        ("normal(f23, -f23)", lambda lib: lib.normal(T(lib, "f23"), -T(lib, "pos23"))),
        ("normal(0., 1., (-1,))", lambda lib: lib.normal(0.0, 1.0, (-1,))),
        ("normal(f23, f3)", lambda lib: lib.normal(T(lib, "f23"), T(lib, "f4"))),
        ("rand(2, dtype=int64)", lambda lib: lib.rand(2, dtype=lib.int64)),
        ("randn(2, dtype=bool)", lambda lib: lib.randn(2, dtype=lib.bool)),
        ("randint(5, (2,), dtype=bool)", lambda lib: lib.randint(5, (2,), dtype=lib.bool)),
        ("randint(0, 300, (2,), dtype=uint8)", lambda lib: lib.randint(0, 300, (2,),
                                                                      dtype=lib.uint8)),
        ("randint(-5, 5, (2,), dtype=uint8)", lambda lib: lib.randint(-5, 5, (2,),
                                                                     dtype=lib.uint8)),
        ("randperm(5, dtype=float16).shape", lambda lib: lib.randperm(5, dtype=lib.float16)),
        ("randperm(300, dtype=uint8)", lambda lib: lib.randperm(300, dtype=lib.uint8))]:
    _add("inplace", _name, _fn, random=any(w in _name for w in (
        "_(", "bernoulli", "poisson", "normal(", "rand")) and not _name.startswith(
        ("f3.", "f23.add", "f23.mul", "f23.copy", "f23.mask", "f23.scat", "f23.index", "f23.put",
         "f23.fill", "i23.fill", "u23.fill", "f23.resize", "f23.t_", "f23.unsq", "f23.sque",
         "f23.trans", "f23.lerp", "f23.addmm", "f22.", "i22.", "f23.baddbmm", "i23.addcdiv",
         "f23.pow", "i23.pow", "i23.div", "i23.rem", "b23.", "i23.bitwise")))
_ARRAYS.update(rm3=np.zeros(3, np.float32), rm4=np.zeros(4, np.float32),
               bn_x=np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10)
for _rm, _w in [("@rm3", None), ("@rm4", None), ("@rm3", "@rm4"), (None, "@rm3"),
                ("@i3", None), ("@rm3", "@f23")]:
    for _training in (True, False):
        _call("nn.functional.batch_norm", "@bn_x", _rm, "@rm3" if _rm else None, _w,
              training=_training, family="nn")
        if _rm != "@i3":  # (torch updates an int64 running mean in place, truncating)
            _call("nn.functional.instance_norm", "@bn_x", _rm, "@rm3" if _rm else None, _w,
                  use_input_stats=_training, family="nn")
for _x, _kw in [("@bn_x", {"momentum": 1.5}), ("@bn_x", {"eps": -1.0}), ("@f3", {}),
                ("@fs", {}), ("@i23", {})]:
    _call("nn.functional.batch_norm", _x, None, None, training=True, **_kw, family="nn")


# --- session 22: nn layers built and called wrong, loss modules, the remaining optimizers, state
# dicts and index ops as programs get them wrong --------------------------------------------------
_BATCH.update(z_img=(0, 3, 4, 4), z_vec=(0, 3), z_vec4=(0, 4), z_seq=(5, 0, 3), z_1d=(0, 3, 5),
              z_img3=(0, 3, 2, 4, 4), z_bf=(0, 5, 3), seq1d=(2, 3, 5), img3d=(2, 3, 2, 4, 4),
              vec3=(2, 3), vec4=(2, 4), vec5=(2, 5), img_c4=(2, 4, 4, 4), img_c6=(2, 6, 4, 4),
              img_s1=(2, 3, 1, 1), seq_c4=(2, 4, 5), seq_l1=(2, 3, 1), img_odd=(2, 3, 5, 5))


def _maker(layer, *args, **kw):
    """A maker of ``nn.<layer>(*args, **kw)``, as _layer_built and _layer_called take."""
    return lambda nn: getattr(nn, layer)(*args, **kw)


def _layer_built(name, make):
    """A layer built with arguments it may refuse: the count of its parameters and buffers."""
    def fn(lib):
        lib.manual_seed(0)
        module = make(lib.nn)
        return sum(p.numel() for p in module.parameters()) + \
            sum(b.numel() for b in module.buffers())
    _add("layer", f"{name} [built]", fn)


def _layer_called(name, make, *inputs, **kw):
    """A layer built (maybe wrong) and called on inputs of _BATCH/_ARRAYS (``:dtype`` casts)."""
    def fn(lib):
        lib.manual_seed(0)
        module = make(lib.nn)
        args = [tuple(_typed(lib, s) for s in a) if isinstance(a, tuple) else _typed(lib, a)
                for a in inputs]
        return module(*args, **{k: _typed(lib, v) for k, v in kw.items()})
    shown = ", ".join([str(a) for a in inputs] + [f"{k}={v}" for k, v in kw.items()])
    _add("layer", f"{name}({shown})", fn, random=True)


# Constructors: sizes negative, zero or float; strides, dilations, groups and paddings that no
# layer takes; probabilities outside [0, 1]; names no layer knows.
_CONV_BAD = [{"stride": 0}, {"stride": -1}, {"padding": -1}, {"dilation": 0}, {"dilation": -1},
             {"groups": 0}, {"groups": -1}, {"groups": 2}, {"padding": "bad"},
             {"padding": "valid"}, {"padding": "same"}, {"padding_mode": "reflect"},
             {"padding_mode": "circular", "padding": 1}, {"bias": False}, {"stride": 1.5},
             {"padding": (1,)}, {"kernel_size": (2, 2, 2, 2)}]
for _conv, _in, _spec in [("Conv1d", 3, "seq1d"), ("Conv2d", 3, "img"), ("Conv3d", 3, "img3d"),
                          ("ConvTranspose1d", 3, "seq1d"), ("ConvTranspose2d", 3, "img")]:
    for _args in [(0, 4, 2), (-1, 4, 2), (3, 0, 2), (3, -1, 2), (3, 4, -1), (3, 4, 1.5),
                  (3.0, 4, 2), ("3", 4, 2), (3, 4, 0)]:
        _layer_built(f"{_conv}{_args}", lambda nn, c=_conv, a=_args: getattr(nn, c)(*a))
    for _kw in _CONV_BAD + ([{"output_padding": 1}, {"output_padding": 2, "stride": 2},
                             {"output_padding": 1, "dilation": 2}]
                            if _conv.startswith("ConvT") else []):
        _kw = dict(_kw)
        _k = _kw.pop("kernel_size", 2)
        _name = f"{_conv}({_in}, 4, {_k!r}, " + ", ".join(f"{k}={v!r}" for k, v in _kw.items()) \
            + ")"
        _make = _maker(_conv, _in, 4, _k, **_kw)
        _layer_built(_name, _make)
        _layer_called(_name, _make, _spec)
for _conv, _spec in [("Conv1d", "seq_c4"), ("Conv2d", "img_c4"), ("Conv2d", "img_s1"),
                     ("ConvTranspose2d", "img_c4"), ("Conv1d", "seq_l1")]:
    for _args in [(3, 4, 2), (4, 4, 2, 1, 0, 1, 2), (4, 6, 3, 1, 1, 1, 4)]:
        _make = _maker(_conv, *_args)
        _layer_called(f"{_conv}{_args}", _make, _spec)
_layer_called("ConvTranspose2d(3, 2, 2, stride=2)", lambda nn: nn.ConvTranspose2d(3, 2, 2, 2),
              "img")
for _size in [(9, 9), (8, 8), (7, 7), (10, 10), [2, 3, 8, 8], (8,)]:
    def _transposed(lib, size=_size):
        lib.manual_seed(0)
        return lib.nn.ConvTranspose2d(3, 2, 2, 2)(_ones(lib, "img"), output_size=size)
    _add("layer", f"ConvTranspose2d(3, 2, 2, 2)(img, output_size={_size})", _transposed,
         random=True)
for _args in [(0, 3), (3, 0), (-1, 3), (3, -2), (3.5, 2), ("3", 2), (3, 4.0)]:
    _layer_built(f"Linear{_args}", lambda nn, a=_args: nn.Linear(*a))
for _args in [(2, 3, -1), (0, 3, 4), (2, 3, 0), (-2, 3, 4)]:
    _layer_built(f"Bilinear{_args}", lambda nn, a=_args: nn.Bilinear(*a))
for _args, _kw in [((0, 3), {}), ((-1, 3), {}), ((5, -1), {}), ((5, 0), {}), ((5.5, 3), {}),
                   ((5, 3), {"padding_idx": 4.5}), ((5, 3), {"max_norm": -1.0}),
                   ((5, 3), {"norm_type": -1.0}), ((5, 3), {"sparse": "a"})]:
    _name = f"Embedding{_args}" if not _kw else \
        f"Embedding({_args[0]}, {_args[1]}, {', '.join(f'{k}={v!r}' for k, v in _kw.items())})"
    _make = _maker("Embedding", *_args, **_kw)
    _layer_built(_name, _make)
    _layer_called(_name, _make, "t_ok")
for _shape in [(5, 3), (4, 3), (5,), (5, 3, 1)]:
    _add("layer", f"Embedding(5, 3, _weight=ones{_shape}) [built]",
         lambda lib, s=_shape: lib.nn.Embedding(5, 3, _weight=lib.ones(*s)).weight.shape)
    _add("layer", f"Embedding.from_pretrained(ones{_shape})(t_ok)",
         lambda lib, s=_shape: lib.nn.Embedding.from_pretrained(lib.ones(*s))(T(lib, "t_ok")))
for _rnn in ["RNN", "LSTM", "GRU"]:
    for _args, _kw in [((-1, 4), {}), ((3, -1), {}), ((0, 4), {}), ((3, 4), {"num_layers": -1}),
                       ((3, 4), {"num_layers": 1.5}), ((3, 4), {"dropout": -0.1}),
                       ((3, 4), {"dropout": True}), ((3, 4), {"dropout": 0.5}),
                       ((3, 4), {"bidirectional": "a"}), ((3, 4), {"proj_size": 2}),
                       ((3, 4), {"proj_size": 5}), ((3, 4), {"batch_first": 1}),
                       ((3, 4.0), {}), (("3", 4), {}), ((3, 4), {"nonlinearity": "relu"})]:
        _name = f"{_rnn}{_args}" if not _kw else \
            f"{_rnn}({_args[0]}, {_args[1]}, " + \
            ", ".join(f"{k}={v!r}" for k, v in _kw.items()) + ")"
        _layer_built(_name, lambda nn, r=_rnn, a=_args, kw=_kw: getattr(nn, r)(*a, **kw))
for _cell in ["RNNCell", "LSTMCell", "GRUCell"]:
    for _args in [(-1, 4), (3, -1), (0, 4), (3, 0), (3.0, 4)]:
        _layer_built(f"{_cell}{_args}", lambda nn, c=_cell, a=_args: getattr(nn, c)(*a))
    _layer_built(f"{_cell}(3, 4, nonlinearity='bad')",
                 lambda nn, c=_cell: getattr(nn, c)(3, 4, nonlinearity="bad")
                 if c == "RNNCell" else getattr(nn, c)(3, 4, bias="a"))
    _make = _maker(_cell, 3, 4)
    lstm = _cell == "LSTMCell"
    for _x in ["vec3", "f3", "seq", "vec4", "vec3:float64", "vec3:int64", "fs", "z_vec"]:
        _layer_called(f"{_cell}(3, 4)", _make, _x)
    for _h in ["vec4", "h_1d", "vec3", "f4", "h_ok", "m23b", "vec4:float64", "h_un"]:
        if lstm:
            _layer_called(f"{_cell}(3, 4)", _make, "vec3", (_h, "vec4"))
            _layer_called(f"{_cell}(3, 4)", _make, "vec3", ("vec4", _h))
        else:
            _layer_called(f"{_cell}(3, 4)", _make, "vec3", _h)
    _layer_called(f"{_cell}(3, 4)", _make, "f3", ("f4", "f4") if lstm else "f4")
    _layer_called(f"{_cell}(3, 4)", _make, "f3", ("vec4", "vec4") if lstm else "vec4")
    _layer_called(f"{_cell}(3, 4)", _make, "vec3", "vec4" if lstm else ("vec4", "vec4"))
for _norm, _spec in [("BatchNorm1d", "vec3"), ("BatchNorm2d", "img"), ("BatchNorm3d", "img3d"),
                     ("InstanceNorm1d", "seq1d"), ("InstanceNorm2d", "img"),
                     ("InstanceNorm3d", "img3d")]:
    for _args, _kw in [((-1,), {}), ((0,), {}), ((3.5,), {}), ((3,), {"eps": -1.0}),
                       ((3,), {"eps": 0.0}), ((3,), {"momentum": -0.5}),
                       ((3,), {"momentum": 1.5}), ((3,), {"momentum": None}),
                       ((3,), {"affine": False, "track_running_stats": False}),
                       ((3,), {"affine": True, "track_running_stats": True}), (("3",), {})]:
        _name = f"{_norm}({_args[0]!r}" + "".join(f", {k}={v!r}" for k, v in _kw.items()) + ")"
        _make = _maker(_norm, *_args, **_kw)
        _layer_built(_name, _make)
        _layer_called(_name, _make, _spec)
    for _x in ["vec3", "seq1d", "img", "img3d", "img_c4", "seq_c4", "vec4", "z_vec", "z_1d",
               "z_img", "z_img3", "f3", "fs", "img:float64", "img:int64", "seq1d:float64",
               "vec3:int64", "img1", "seq2d", "img_s1", "seq_l1"]:
        _layer_called(f"{_norm}(3)", lambda nn, n=_norm: getattr(nn, n)(3), _x)
        _layer_called(f"{_norm}(3, affine=True)",
                      lambda nn, n=_norm: getattr(nn, n)(3, affine=True), _x)
    _layer_called(f"{_norm}(3).eval()", lambda nn, n=_norm: getattr(nn, n)(3).eval(), _spec)
    _layer_called(f"{_norm}(3).eval()", lambda nn, n=_norm: getattr(nn, n)(3).eval(),
                  _spec.replace("vec3", "z_vec").replace("seq1d", "z_1d").replace(
                      "img3d", "z_img3").replace("img", "z_img"))
for _args in [(0, 4), (-1, 4), (2, 0), (2, -2), (3, 4), (2, 4.0), (2.0, 4), (5, 4), (4, 4)]:
    _make = _maker("GroupNorm", *_args)
    _layer_built(f"GroupNorm{_args}", _make)
for _args in [(2, 4), (1, 3), (3, 3), (4, 4), (2, 6)]:
    _make = _maker("GroupNorm", *_args)
    for _x in ["img_c4", "img", "vec4", "f4", "z_img", "img_c6", "img_c4:float64", "img_c4:int64",
               "seq_c4", "fs"]:
        _layer_called(f"GroupNorm{_args}", _make, _x)
for _shape in [0, -1, (3, -1), (4, 4), (3, 4, 4), (2, 3, 4, 4, 1), (), 4.0, "4", (4, 0)]:
    _make = _maker("LayerNorm", _shape)
    _layer_built(f"LayerNorm({_shape!r})", _make)
    _layer_called(f"LayerNorm({_shape!r})", _make, "img")
    _make = _maker("RMSNorm", _shape)
    _layer_built(f"RMSNorm({_shape!r})", _make)
    _layer_called(f"RMSNorm({_shape!r})", _make, "img")
for _x in ["f3", "fs", "z_img", "img:int64", "img:float64", "vec4"]:
    _layer_called("LayerNorm(4)", lambda nn: nn.LayerNorm(4), _x)
    _layer_called("RMSNorm(4)", lambda nn: nn.RMSNorm(4), _x)
    _layer_called("LayerNorm(4, elementwise_affine=False)",
                  lambda nn: nn.LayerNorm(4, elementwise_affine=False), _x)
for _args in [(0,), (-1,), (2.5,), (2, -1.0), (2, 1.0, -1.0), (3, 1e-4, 0.75, 0.0)]:
    _make = _maker("LocalResponseNorm", *_args)
    _layer_built(f"LocalResponseNorm{_args}", _make)
    for _x in ["img", "vec3", "f3", "seq1d", "img3d", "z_img", "img:int64"]:
        _layer_called(f"LocalResponseNorm{_args}", _make, _x)
for _drop in ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
              "FeatureAlphaDropout"]:
    for _p in [-0.1, 1.5, 1.0, 0.0, "0.5", None, True]:
        _layer_built(f"{_drop}({_p!r})", lambda nn, d=_drop, p=_p: getattr(nn, d)(p))
    for _x in ["f3", "fs", "vec3", "seq1d", "img", "img3d", "z_img", "img:int64", "b23"]:
        _layer_called(f"{_drop}(0.5)", lambda nn, d=_drop: getattr(nn, d)(0.5), _x)
        _layer_called(f"{_drop}(1.0)", lambda nn, d=_drop: getattr(nn, d)(1.0), _x)
# Pools, adaptive pools and their modules: kernels, strides and paddings no pool takes, inputs of
# the wrong rank, empty batches and integer inputs.
for _pool, _specs in [("MaxPool1d", ["seq1d", "vec3", "img", "z_1d", "seq1d:int64",
                                     "seq1d:float64", "f3", "seq_l1"]),
                      ("MaxPool2d", ["img", "seq1d", "img3d", "z_img", "img:int64",
                                     "img:float64", "img1", "img_s1", "img:bool"]),
                      ("MaxPool3d", ["img3d", "img", "z_img3", "img3d:int64"]),
                      ("AvgPool1d", ["seq1d", "vec3", "img", "z_1d", "seq1d:int64", "f3",
                                     "seq_l1"]),
                      ("AvgPool2d", ["img", "seq1d", "img3d", "z_img", "img:int64",
                                     "img:float64", "img1", "img_s1", "img:bool"]),
                      ("AvgPool3d", ["img3d", "img", "z_img3", "img3d:int64"]),
                      ("LPPool1d", ["seq1d", "img", "seq1d:int64"]),
                      ("LPPool2d", ["img", "seq1d", "img:int64"])]:
    _lp = _pool.startswith("LP")
    for _args, _kw in [((2,), {}), ((0,), {}), ((-1,), {}), ((2,), {"stride": 0}),
                       ((2,), {"stride": -1}), ((2,), {"padding": 2}), ((2,), {"padding": -1}),
                       ((3,), {"padding": 1}), ((2,), {"dilation": 0}),
                       ((2,), {"ceil_mode": True}), ((5,), {}), ((2.5,), {}),
                       ((2,), {"return_indices": True}), ((2,), {"count_include_pad": False}),
                       ((2,), {"divisor_override": 0}), ((2,), {"divisor_override": -1})]:
        if ("dilation" in _kw or "return_indices" in _kw) and not _pool.startswith("Max"):
            continue
        if ("count_include_pad" in _kw or "divisor_override" in _kw) and \
                not _pool.startswith("Avg"):
            continue
        if _lp:
            if "padding" in _kw:
                continue
            _args = (2,) + _args
        _name = f"{_pool}({', '.join(repr(a) for a in _args)}" + \
            "".join(f", {k}={v!r}" for k, v in _kw.items()) + ")"
        _make = _maker(_pool, *_args, **_kw)
        for _x in (_specs if _args in ((2,), (2, 2)) and not _kw else _specs[:1]):
            _layer_called(_name, _make, _x)
for _pool, _specs in [("AdaptiveAvgPool1d", ["seq1d", "img", "vec3", "z_1d", "seq1d:int64"]),
                      ("AdaptiveAvgPool2d", ["img", "seq1d", "img3d", "z_img", "img:int64",
                                             "img:float64", "img1"]),
                      ("AdaptiveMaxPool1d", ["seq1d", "img", "z_1d", "seq1d:int64"]),
                      ("AdaptiveMaxPool2d", ["img", "seq1d", "z_img", "img:int64", "img1"]),
                      ("AdaptiveAvgPool3d", ["img3d", "img", "z_img3"]),
                      ("AdaptiveMaxPool3d", ["img3d", "img"])]:
    _rank = int(_pool[-2])
    for _size in [2, 0, -1, 1.5, None, (2,) * _rank, (2,) * (_rank + 1), (None,) * _rank, 10,
                  "2"]:
        _make = _maker(_pool, _size)
        for _x in (_specs if _size == 2 else _specs[:1]):
            _layer_called(f"{_pool}({_size!r})", _make, _x)
    if "Max" in _pool:
        _layer_called(f"{_pool}(2, return_indices=True)",
                      lambda nn, p=_pool: getattr(nn, p)(2, return_indices=True), _specs[0])
for _args, _kw in [((2,), {"output_size": 2}), ((2,), {"output_ratio": 0.5}), ((2,), {}),
                   ((2,), {"output_size": 2, "output_ratio": 0.5}),
                   ((2,), {"output_ratio": 1.5}), ((2,), {"output_ratio": 0.0}),
                   ((5,), {"output_size": 2}), ((2,), {"output_size": 4})]:
    _name = "FractionalMaxPool2d(2" + "".join(f", {k}={v!r}" for k, v in _kw.items()) + ")"
    _layer_called(_name, lambda nn, a=_args, kw=_kw: nn.FractionalMaxPool2d(*a, **kw), "img")
for _args, _x, _i in [((2,), "img_p", "img_pi"), ((2,), "img_p", "img_pi_big"),
                      ((2,), "img_p", "img_pi_f"), ((2,), "img_p", "img_pi_3d"),
                      ((3,), "img_p", "img_pi")]:
    def _unpool(lib, a=_args, x=_x, i=_i):
        out, idx = lib.nn.functional.max_pool2d(_ones(lib, "img"), 2, return_indices=True)
        index = {"img_pi": idx, "img_pi_big": idx + 100, "img_pi_f": idx.float(),
                 "img_pi_3d": idx[0]}[i]
        return lib.nn.MaxUnpool2d(*a)(out, index)
    _add("layer", f"MaxUnpool2d{_args}(pooled, {_i})", _unpool)
_add("layer", "MaxUnpool2d(2)(pooled, idx, output_size=(9, 9))",
     lambda lib: lib.nn.MaxUnpool2d(2)(*lib.nn.functional.max_pool2d(
         _ones(lib, "img"), 2, return_indices=True), output_size=(9, 9)))
_add("layer", "MaxUnpool2d(2)(pooled, idx, output_size=(5, 5))",
     lambda lib: lib.nn.MaxUnpool2d(2)(*lib.nn.functional.max_pool2d(
         _ones(lib, "img"), 2, return_indices=True), output_size=(5, 5)))
# Activations with parameters out of range or called on what they do not take.
for _name, _make in [("Softmax(dim=5)", lambda nn: nn.Softmax(dim=5)),
                     ("Softmax(dim=-3)", lambda nn: nn.Softmax(dim=-3)),
                     ("Softmax(dim=1.5)", lambda nn: nn.Softmax(dim=1.5)),
                     ("LogSoftmax(dim=2)", lambda nn: nn.LogSoftmax(dim=2)),
                     ("Softmin(dim=2)", lambda nn: nn.Softmin(dim=2)),
                     ("Softmax2d()", lambda nn: nn.Softmax2d()),
                     ("GLU()", lambda nn: nn.GLU()), ("GLU(dim=0)", lambda nn: nn.GLU(dim=0)),
                     ("GLU(dim=5)", lambda nn: nn.GLU(dim=5)),
                     ("PReLU(0)", lambda nn: nn.PReLU(0)), ("PReLU(-1)", lambda nn: nn.PReLU(-1)),
                     ("PReLU(3)", lambda nn: nn.PReLU(3)), ("PReLU(2)", lambda nn: nn.PReLU(2)),
                     ("PReLU(init='a')", lambda nn: nn.PReLU(init="a")),
                     ("Hardtanh(1.0, -1.0)", lambda nn: nn.Hardtanh(1.0, -1.0)),
                     ("Hardtanh(1.0, 1.0)", lambda nn: nn.Hardtanh(1.0, 1.0)),
                     ("ReLU6(inplace='a')", lambda nn: nn.ReLU6(inplace="a")),
                     ("Threshold(0.5)", lambda nn: nn.Threshold(0.5)),
                     ("Threshold('a', 0.0)", lambda nn: nn.Threshold("a", 0.0)),
                     ("LeakyReLU('a')", lambda nn: nn.LeakyReLU("a")),
                     ("LeakyReLU(-1.0)", lambda nn: nn.LeakyReLU(-1.0)),
                     ("ELU(alpha='a')", lambda nn: nn.ELU(alpha="a")),
                     ("CELU(alpha=0.0)", lambda nn: nn.CELU(alpha=0.0)),
                     ("RReLU(0.5, 0.1)", lambda nn: nn.RReLU(0.5, 0.1).eval()),
                     ("RReLU(-1.0, 2.0)", lambda nn: nn.RReLU(-1.0, 2.0).eval()),
                     ("Softplus(beta=0)", lambda nn: nn.Softplus(beta=0)),
                     ("Softplus(threshold='a')", lambda nn: nn.Softplus(threshold="a")),
                     ("Softshrink(-1.0)", lambda nn: nn.Softshrink(-1.0)),
                     ("Hardshrink(-1.0)", lambda nn: nn.Hardshrink(-1.0)),
                     ("Mish()", lambda nn: nn.Mish()), ("SiLU()", lambda nn: nn.SiLU()),
                     ("GELU(approximate='bad')", lambda nn: nn.GELU(approximate="bad")),
                     ("GELU(approximate='tanh')", lambda nn: nn.GELU(approximate="tanh")),
                     ("Tanhshrink()", lambda nn: nn.Tanhshrink()),
                     ("Identity(3, x=1)", lambda nn: nn.Identity(3, x=1))]:
    for _x in ["f23", "i23", "b23", "fs", "f0", "img", "c23", "f3", "u23"]:
        _layer_called(_name, _make, _x)
# Reshaping, padding, upsampling and distance layers.
for _name, _make in [("Flatten(2, 1)", lambda nn: nn.Flatten(2, 1)),
                     ("Flatten(0, 5)", lambda nn: nn.Flatten(0, 5)),
                     ("Flatten(-5)", lambda nn: nn.Flatten(-5)),
                     ("Unflatten(1, (2, 2))", lambda nn: nn.Unflatten(1, (2, 2))),
                     ("Unflatten(1, (-1, -1))", lambda nn: nn.Unflatten(1, (-1, -1))),
                     ("Unflatten(1, (3, 1))", lambda nn: nn.Unflatten(1, (3, 1))),
                     ("Unflatten(5, (3, 1))", lambda nn: nn.Unflatten(5, (3, 1))),
                     ("Unflatten(1, [])", lambda nn: nn.Unflatten(1, [])),
                     ("Unflatten(1, 3)", lambda nn: nn.Unflatten(1, 3)),
                     ("Unflatten('a', (3, 1))", lambda nn: nn.Unflatten("a", (3, 1))),
                     ("PixelShuffle(0)", lambda nn: nn.PixelShuffle(0)),
                     ("PixelShuffle(-1)", lambda nn: nn.PixelShuffle(-1)),
                     ("PixelShuffle(2)", lambda nn: nn.PixelShuffle(2)),
                     ("PixelUnshuffle(2)", lambda nn: nn.PixelUnshuffle(2)),
                     ("PixelUnshuffle(3)", lambda nn: nn.PixelUnshuffle(3)),
                     ("PixelUnshuffle(0)", lambda nn: nn.PixelUnshuffle(0)),
                     ("ChannelShuffle(2)", lambda nn: nn.ChannelShuffle(2)),
                     ("ChannelShuffle(3)", lambda nn: nn.ChannelShuffle(3)),
                     ("ChannelShuffle(0)", lambda nn: nn.ChannelShuffle(0)),
                     ("ChannelShuffle(-1)", lambda nn: nn.ChannelShuffle(-1)),
                     ("Upsample(scale_factor=2)", lambda nn: nn.Upsample(scale_factor=2)),
                     ("Upsample(scale_factor=-1)", lambda nn: nn.Upsample(scale_factor=-1)),
                     ("Upsample(scale_factor=0)", lambda nn: nn.Upsample(scale_factor=0)),
                     ("Upsample(size=0)", lambda nn: nn.Upsample(size=0)),
                     ("Upsample(size=-2)", lambda nn: nn.Upsample(size=-2)),
                     ("Upsample()", lambda nn: nn.Upsample()),
                     ("Upsample(size=2, scale_factor=2)",
                      lambda nn: nn.Upsample(size=2, scale_factor=2)),
                     ("Upsample(scale_factor=2, mode='bad')",
                      lambda nn: nn.Upsample(scale_factor=2, mode="bad")),
                     ("Upsample(scale_factor=2, mode='bilinear')",
                      lambda nn: nn.Upsample(scale_factor=2, mode="bilinear")),
                     ("Upsample(scale_factor=2, mode='linear')",
                      lambda nn: nn.Upsample(scale_factor=2, mode="linear")),
                     ("Upsample(scale_factor=(2, 2, 2))",
                      lambda nn: nn.Upsample(scale_factor=(2, 2, 2))),
                     ("UpsamplingNearest2d(scale_factor=2)",
                      lambda nn: nn.UpsamplingNearest2d(scale_factor=2)),
                     ("UpsamplingBilinear2d(size=3)", lambda nn: nn.UpsamplingBilinear2d(size=3)),
                     ("ZeroPad2d(-1)", lambda nn: nn.ZeroPad2d(-1)),
                     ("ZeroPad2d(-3)", lambda nn: nn.ZeroPad2d(-3)),
                     ("ZeroPad2d((1, 1))", lambda nn: nn.ZeroPad2d((1, 1))),
                     ("ConstantPad1d(2, 'a')", lambda nn: nn.ConstantPad1d(2, "a")),
                     ("ConstantPad2d(1, 1.5)", lambda nn: nn.ConstantPad2d(1, 1.5)),
                     ("ReflectionPad1d(3)", lambda nn: nn.ReflectionPad1d(3)),
                     ("ReflectionPad2d(4)", lambda nn: nn.ReflectionPad2d(4)),
                     ("ReflectionPad2d(-1)", lambda nn: nn.ReflectionPad2d(-1)),
                     ("ReplicationPad2d(2)", lambda nn: nn.ReplicationPad2d(2)),
                     ("ReplicationPad3d(1)", lambda nn: nn.ReplicationPad3d(1)),
                     ("CircularPad2d(5)", lambda nn: nn.CircularPad2d(5)),
                     ("CircularPad1d(1)", lambda nn: nn.CircularPad1d(1)),
                     ("Fold((4, 4), 2)", lambda nn: nn.Fold((4, 4), 2)),
                     ("Unfold(2)", lambda nn: nn.Unfold(2)),
                     ("Unfold(5)", lambda nn: nn.Unfold(5)),
                     ("CosineSimilarity(dim=5)", lambda nn: nn.CosineSimilarity(dim=5)),
                     ("CosineSimilarity(eps=-1.0)", lambda nn: nn.CosineSimilarity(eps=-1.0)),
                     ("PairwiseDistance(p=-1.0)", lambda nn: nn.PairwiseDistance(p=-1.0)),
                     ("PairwiseDistance(p=0.0)", lambda nn: nn.PairwiseDistance(p=0.0))]:
    _two = _name.startswith(("CosineSimilarity", "PairwiseDistance"))
    for _x in ["f23", "img", "img1", "seq1d", "img3d", "f3", "fs", "z_img", "img:int64",
               "img_c4", "img_odd"]:
        if _two:
            _layer_called(_name, _make, _x, _x)
            _layer_called(_name, _make, _x, "f3")
        else:
            _layer_called(_name, _make, _x)
# Transformers and attention built wrong, and called with empty batches.
for _name, _make in [("TransformerEncoderLayer(4, 3)", lambda nn: nn.TransformerEncoderLayer(4, 3)),
                     ("TransformerEncoderLayer(4, 0)", lambda nn: nn.TransformerEncoderLayer(4, 0)),
                     ("TransformerEncoderLayer(4, 2, 0)",
                      lambda nn: nn.TransformerEncoderLayer(4, 2, 0)),
                     ("TransformerEncoderLayer(4, 2, -1)",
                      lambda nn: nn.TransformerEncoderLayer(4, 2, -1)),
                     ("TransformerEncoderLayer(4, 2, 8, dropout=1.5)",
                      lambda nn: nn.TransformerEncoderLayer(4, 2, 8, dropout=1.5)),
                     ("TransformerEncoderLayer(4, 2, 8, layer_norm_eps=-1.0)",
                      lambda nn: nn.TransformerEncoderLayer(4, 2, 8, layer_norm_eps=-1.0)),
                     ("TransformerDecoderLayer(4, 3)", lambda nn: nn.TransformerDecoderLayer(4, 3)),
                     ("TransformerDecoderLayer(4, 2, activation='bad')",
                      lambda nn: nn.TransformerDecoderLayer(4, 2, activation="bad")),
                     ("TransformerEncoder(layer, 0)",
                      lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 0)),
                     ("TransformerEncoder(layer, -1)",
                      lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), -1)),
                     ("TransformerEncoder(layer, 1.5)",
                      lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 1.5)),
                     ("TransformerEncoder(Linear, 2)",
                      lambda nn: nn.TransformerEncoder(nn.Linear(4, 4), 2)),
                     ("Transformer(5, 2)", lambda nn: nn.Transformer(5, 2)),
                     ("Transformer(4, 2, 0, 0, 8)", lambda nn: nn.Transformer(4, 2, 0, 0, 8)),
                     ("MultiheadAttention(4, 0)", lambda nn: nn.MultiheadAttention(4, 0)),
                     ("MultiheadAttention(4, -2)", lambda nn: nn.MultiheadAttention(4, -2)),
                     ("MultiheadAttention(0, 1)", lambda nn: nn.MultiheadAttention(0, 1)),
                     ("MultiheadAttention(-4, 2)", lambda nn: nn.MultiheadAttention(-4, 2)),
                     ("MultiheadAttention(4, 2, dropout=1.5)",
                      lambda nn: nn.MultiheadAttention(4, 2, dropout=1.5)),
                     ("MultiheadAttention(4, 2, kdim=-1)",
                      lambda nn: nn.MultiheadAttention(4, 2, kdim=-1)),
                     ("MultiheadAttention(4, 2, kdim=3, vdim=5)",
                      lambda nn: nn.MultiheadAttention(4, 2, kdim=3, vdim=5)),
                     ("MultiheadAttention(4, 2.0)", lambda nn: nn.MultiheadAttention(4, 2.0))]:
    _layer_built(_name, _make)
_BATCH.update(zq=(3, 0, 4), zq_bf=(0, 3, 4), q_bf=(2, 3, 4), kv3=(3, 2, 3), kv5=(3, 2, 5))
for _x in ["zq", "zq_bf", "q_bf", "f3", "fs"]:
    _layer_called("MultiheadAttention(4, 2)", lambda nn: nn.MultiheadAttention(4, 2), _x, _x, _x)
    _layer_called("MultiheadAttention(4, 2, batch_first=True)",
                  lambda nn: nn.MultiheadAttention(4, 2, batch_first=True), _x, _x, _x)
    _layer_called("TransformerEncoderLayer(4, 2, 8)",
                  lambda nn: nn.TransformerEncoderLayer(4, 2, 8), _x)
    _layer_called("TransformerDecoderLayer(4, 2, 8)",
                  lambda nn: nn.TransformerDecoderLayer(4, 2, 8), _x, "q")
for _k, _v in [("kv3", "kv5"), ("kv5", "kv3"), ("q", "kv5"), ("kv3", "kv3"), ("seq_d", "seq_d")]:
    _layer_called("MultiheadAttention(4, 2, kdim=3, vdim=5)",
                  lambda nn: nn.MultiheadAttention(4, 2, kdim=3, vdim=5), "q", _k, _v)
    _layer_called("MultiheadAttention(4, 2)", lambda nn: nn.MultiheadAttention(4, 2), "q", _k, _v)
# Zero-size batches through every common layer (torch keeps the empty batch or names what it
# cannot reduce over), and recurrent layers fed an empty batch or sequence.
for _name, _make, _x in [("Linear(3, 4)", lambda nn: nn.Linear(3, 4), "z_vec"),
                         ("Linear(3, 4)", lambda nn: nn.Linear(3, 4), "z_vec4"),
                         ("Linear(0, 4)", lambda nn: nn.Linear(0, 4), "f20"),
                         ("Linear(3, 0)", lambda nn: nn.Linear(3, 0), "vec3"),
                         ("Bilinear(3, 3, 2)", lambda nn: nn.Bilinear(3, 3, 2), "z_vec"),
                         ("Conv1d(3, 2, 2)", lambda nn: nn.Conv1d(3, 2, 2), "z_1d"),
                         ("Conv2d(3, 2, 2)", lambda nn: nn.Conv2d(3, 2, 2), "z_img"),
                         ("Conv3d(3, 2, 2)", lambda nn: nn.Conv3d(3, 2, 2), "z_img3"),
                         ("ConvTranspose2d(3, 2, 2)", lambda nn: nn.ConvTranspose2d(3, 2, 2),
                          "z_img"),
                         ("ConvTranspose1d(3, 2, 2)", lambda nn: nn.ConvTranspose1d(3, 2, 2),
                          "z_1d"),
                         ("Conv2d(3, 2, 2, padding='same')",
                          lambda nn: nn.Conv2d(3, 2, 2, padding="same"), "z_img"),
                         ("Conv2d(3, 2, 2, padding_mode='reflect', padding=1)",
                          lambda nn: nn.Conv2d(3, 2, 2, padding_mode="reflect", padding=1),
                          "z_img"),
                         ("Embedding(5, 3)", lambda nn: nn.Embedding(5, 3), "e_empty"),
                         ("EmbeddingBag(5, 3)", lambda nn: nn.EmbeddingBag(5, 3), "e_empty2"),
                         ("Flatten()", lambda nn: nn.Flatten(), "z_img"),
                         ("Softmax(dim=1)", lambda nn: nn.Softmax(dim=1), "z_img"),
                         ("Upsample(scale_factor=2)", lambda nn: nn.Upsample(scale_factor=2),
                          "z_img"),
                         ("Upsample(scale_factor=2, mode='bilinear')",
                          lambda nn: nn.Upsample(scale_factor=2, mode="bilinear"), "z_img"),
                         ("PixelShuffle(1)", lambda nn: nn.PixelShuffle(1), "z_img"),
                         ("ReflectionPad2d(1)", lambda nn: nn.ReflectionPad2d(1), "z_img"),
                         ("ReplicationPad2d(1)", lambda nn: nn.ReplicationPad2d(1), "z_img"),
                         ("CircularPad2d(1)", lambda nn: nn.CircularPad2d(1), "z_img"),
                         ("PReLU(3)", lambda nn: nn.PReLU(3), "z_img"),
                         ("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4), "z_seq"),
                         ("GRU(3, 4)", lambda nn: nn.GRU(3, 4), "z_seq"),
                         ("RNN(3, 4)", lambda nn: nn.RNN(3, 4), "z_seq"),
                         ("GRU(3, 4, batch_first=True)",
                          lambda nn: nn.GRU(3, 4, batch_first=True), "z_bf"),
                         ("LSTM(3, 4)", lambda nn: nn.LSTM(3, 4), "z_len"),
                         ("LSTM(3, 4, bidirectional=True)",
                          lambda nn: nn.LSTM(3, 4, bidirectional=True), "z_seq"),
                         ("GRU(3, 4, num_layers=2)", lambda nn: nn.GRU(3, 4, num_layers=2),
                          "z_seq")]:
    _layer_called(_name, _make, _x)
_ARRAYS.update(e_empty=np.zeros((0,), np.int64), e_empty2=np.zeros((2, 0), np.int64))
_BATCH.update(z_len=(0, 2, 3))


# Loss modules built and called wrong: reduction names, class weights of the wrong length,
# label smoothing and margins out of range, spatial targets that do not fit, inputs and targets
# that broadcast (torch warns and broadcasts, or refuses).
_ARRAYS.update(
    lg4=np.linspace(-1, 1, 2 * 3 * 2 * 2, dtype=np.float32).reshape(2, 3, 2, 2),
    tg4=np.array([[[0, 1], [2, 0]], [[1, 1], [0, 2]]]),
    tg4_big=np.array([[[0, 1], [3, 0]], [[1, 1], [0, 2]]]),
    tg4_neg=np.array([[[0, 1], [-1, 0]], [[1, 1], [0, 2]]]),
    tg4_shape=np.array([[[0, 1, 2]], [[1, 1, 0]]]), tg4_f=np.zeros((2, 2, 2), np.float32),
    tg4_prob=np.full((2, 3, 2, 2), 1 / 3, np.float32), tg4_3d=np.array([[0, 1], [2, 0]]),
    lg3d=np.linspace(-1, 1, 2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4),
    tg3d=np.array([[0, 1, 2, 0], [2, 2, 1, 0]]), tg3d_short=np.array([[0, 1, 2], [2, 2, 1]]),
    lg1=np.array([1.0, 2.0, 0.5], np.float32), tg0=np.array(2), tg0_big=np.array(3),
    tg1=np.array([2]), f21=np.array([[1.0], [2.0]], np.float32),
    f2=np.array([1.0, 2.0], np.float32), f12=np.array([[1.0, 2.0]], np.float32),
    cw4=np.ones(4, np.float32), cw1=np.ones(1, np.float32), pw4=np.ones(4, np.float32),
    pw21=np.ones((2, 1), np.float32), pw3=np.array([1.0, 2.0, 3.0], np.float32),
    t23i=np.array([[1, 0, 1], [0, 1, 1]]), t01=np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]],
                                                       np.float32),
    y2=np.array([1.0, -1.0], np.float32), y3=np.array([1.0, -1.0, 1.0], np.float32),
    y2i=np.array([1, -1]), y2bad=np.array([1.0, 0.5], np.float32),
    lp_c5=np.log(np.full((5, 2, 5), 0.2, np.float32)))


def _loss_module(name, make, *inputs):
    def fn(lib):
        return make(lib.nn, lib)(*[T(lib, a) for a in inputs])
    _add("loss", f"nn.{name}({', '.join(inputs)})", fn)


_W = {"cw3": lambda lib: T(lib, "cw3"), "cw4": lambda lib: T(lib, "cw4"),
      "cw2": lambda lib: T(lib, "cw2"), "cw1": lambda lib: T(lib, "cw1"),
      "cw3d": lambda lib: T(lib, "cw3d"), "cw3i": lambda lib: T(lib, "cw3i"),
      "cw33": lambda lib: T(lib, "cw33"), "list": lambda lib: [1.0, 2.0, 0.5]}
for _loss in ["CrossEntropyLoss", "NLLLoss"]:
    for _w in _W:
        for _x, _t in [("logits", "t_ok"), ("lg4", "tg4"), ("lg1", "tg0")]:
            _loss_module(f"{_loss}(weight={_w})",
                         lambda nn, lib, loss=_loss, w=_w: getattr(nn, loss)(weight=_W[w](lib)),
                         _x, _t)
    for _kw in [{"reduction": "bad"}, {"reduction": None}, {"reduction": "Mean"},
                {"reduction": "none"}, {"ignore_index": 2}, {"ignore_index": 1.5},
                {"ignore_index": -1}, {"size_average": False}, {"reduce": False},
                {"label_smoothing": 1.5}, {"label_smoothing": -0.1}, {"label_smoothing": 1.0},
                {"label_smoothing": "a"}]:
        if "label_smoothing" in _kw and _loss == "NLLLoss":
            continue
        _shown = ", ".join(f"{k}={v!r}" for k, v in _kw.items())
        for _x, _t in [("logits", "t_ok"), ("logits", "t_prob"), ("lg4", "tg4")]:
            _loss_module(f"{_loss}({_shown})",
                         lambda nn, lib, loss=_loss, kw=_kw: getattr(nn, loss)(**kw), _x, _t)
    for _x, _t in [("lg4", "tg4_big"), ("lg4", "tg4_neg"), ("lg4", "tg4_shape"), ("lg4", "tg4_f"),
                   ("lg4", "tg4_prob"), ("lg4", "tg4_3d"), ("lg4", "t_ok"), ("lg3d", "tg3d"),
                   ("lg3d", "tg3d_short"), ("lg3d", "tg4"), ("lg1", "tg0"), ("lg1", "tg0_big"),
                   ("lg1", "tg1"), ("lg1", "t_ok"), ("logits", "tg0"), ("lg4", "tg3d"),
                   ("logits", "tg4"), ("f0", "e_empty"), ("f20", "e_empty"), ("lg1", "lg1"),
                   ("logits", "logits"), ("lg4", "lg4")]:
        _loss_module(f"{_loss}()", lambda nn, lib, loss=_loss: getattr(nn, loss)(), _x, _t)
for _loss, _pairs in [
        ("MSELoss", [("f23", "f21"), ("f23", "f3"), ("f21", "f2"), ("f23", "f12"), ("f2", "f21"),
                     ("f23", "fs"), ("fs", "f23"), ("f23", "i23"), ("i23", "i23"),
                     ("f23", "b23"), ("f0", "f0"), ("f0", "f3")]),
        ("L1Loss", [("f23", "f21"), ("f21", "f2"), ("f23", "i23"), ("f23", "c23"),
                    ("c23", "c23")]),
        ("SmoothL1Loss", [("f23", "f21"), ("f21", "f2"), ("f23", "d23")]),
        ("HuberLoss", [("f23", "f21"), ("f21", "f2"), ("f23", "d23")]),
        ("BCELoss", [("prob23", "f21"), ("prob23", "t01"), ("prob23", "t23i"), ("f23", "t01"),
                     ("prob23", "f12"), ("f2", "f21")]),
        ("BCEWithLogitsLoss", [("f23", "t01"), ("f23", "t23i"), ("f23", "f21"), ("f2", "f21"),
                               ("f23", "f12")]),
        ("SoftMarginLoss", [("f23", "t01"), ("f23", "f21"), ("f21", "f2")]),
        ("KLDivLoss", [("f23", "prob23"), ("f23", "f21"), ("f21", "f2")]),
        ("PoissonNLLLoss", [("f23", "f21"), ("f21", "f2")]),
        ("MultiLabelSoftMarginLoss", [("f23", "t01"), ("f23", "t23i"), ("f23", "f21"),
                                      ("f3", "f3"), ("f23", "f3")]),
        ("MultiLabelMarginLoss", [("f23", "t_ml"), ("f23", "t01"), ("f3", "i3"), ("f23", "t23i")]),
        ("MultiMarginLoss", [("logits", "t_ok"), ("logits", "t_big"), ("logits", "t_f"),
                             ("lg1", "tg0"), ("lg4", "tg4")]),
        ("HingeEmbeddingLoss", [("f23", "t01"), ("f23", "f21"), ("f2", "y2i")]),
        ("GaussianNLLLoss", [("f23", "f23", "var21"), ("f23", "f23", "var2"),
                             ("f23", "f23", "f3"), ("f23", "f23", "var_neg"),
                             ("f23", "f21", "var23"), ("f21", "f2", "var2")]),
        ("CosineEmbeddingLoss", [("f23", "f23", "y2"), ("f23", "f23", "y3"),
                                 ("f23", "f23", "y2i"), ("f23", "f32", "y2"),
                                 ("f3", "f3", "fs"), ("f23", "f23", "y2bad")]),
        ("MarginRankingLoss", [("f2", "f2", "y2"), ("f2", "f3", "y2"), ("f2", "f2", "y3"),
                               ("f23", "f23", "y2"), ("f2", "f2", "y2i")]),
        ("TripletMarginLoss", [("f23", "f23", "f23"), ("f23", "f23", "f21"),
                               ("f23", "f3", "f23"), ("f23", "d23", "f23"),
                               ("f3", "f3", "f3"), ("img", "img", "img")])]:
    for _args in _pairs:
        _loss_module(f"{_loss}()", lambda nn, lib, loss=_loss: getattr(nn, loss)(), *_args)
    for _kw in [{"reduction": "bad"}, {"reduction": "sum"}, {"reduction": 1}]:
        _loss_module(f"{_loss}(reduction={_kw['reduction']!r})",
                     lambda nn, lib, loss=_loss, kw=_kw: getattr(nn, loss)(**kw), *_pairs[0])
for _name, _make, _args in [
        ("BCELoss(weight=cw4)", lambda nn, lib: nn.BCELoss(weight=T(lib, "cw4")),
         ("prob23", "t01")),
        ("BCELoss(weight=cw3)", lambda nn, lib: nn.BCELoss(weight=T(lib, "cw3")),
         ("prob23", "t01")),
        ("BCELoss(weight=pw21)", lambda nn, lib: nn.BCELoss(weight=T(lib, "pw21")),
         ("prob23", "t01")),
        ("BCELoss(weight=cw3d)", lambda nn, lib: nn.BCELoss(weight=T(lib, "cw3d")),
         ("prob23", "t01")),
        ("BCEWithLogitsLoss(pos_weight=pw4)",
         lambda nn, lib: nn.BCEWithLogitsLoss(pos_weight=T(lib, "pw4")), ("f23", "t01")),
        ("BCEWithLogitsLoss(pos_weight=pw3)",
         lambda nn, lib: nn.BCEWithLogitsLoss(pos_weight=T(lib, "pw3")), ("f23", "t01")),
        ("BCEWithLogitsLoss(pos_weight=pw21)",
         lambda nn, lib: nn.BCEWithLogitsLoss(pos_weight=T(lib, "pw21")), ("f23", "t01")),
        ("BCEWithLogitsLoss(weight=cw4)",
         lambda nn, lib: nn.BCEWithLogitsLoss(weight=T(lib, "cw4")), ("f23", "t01")),
        ("BCEWithLogitsLoss(pos_weight=cw3d)",
         lambda nn, lib: nn.BCEWithLogitsLoss(pos_weight=T(lib, "cw3d")), ("f23", "t01")),
        ("MultiLabelSoftMarginLoss(weight=cw4)",
         lambda nn, lib: nn.MultiLabelSoftMarginLoss(weight=T(lib, "cw4")), ("f23", "t01")),
        ("MultiMarginLoss(weight=cw4)",
         lambda nn, lib: nn.MultiMarginLoss(weight=T(lib, "cw4")), ("logits", "t_ok")),
        ("MultiMarginLoss(weight=cw33)",
         lambda nn, lib: nn.MultiMarginLoss(weight=T(lib, "cw33")), ("logits", "t_ok")),
        ("MultiMarginLoss(p=3)", lambda nn, lib: nn.MultiMarginLoss(p=3), ("logits", "t_ok")),
        ("MultiMarginLoss(p=0)", lambda nn, lib: nn.MultiMarginLoss(p=0), ("logits", "t_ok")),
        ("MultiMarginLoss(margin='a')", lambda nn, lib: nn.MultiMarginLoss(margin="a"),
         ("logits", "t_ok")),
        ("HuberLoss(delta=0.0)", lambda nn, lib: nn.HuberLoss(delta=0.0), ("f23", "f23")),
        ("HuberLoss(delta=-1.0)", lambda nn, lib: nn.HuberLoss(delta=-1.0), ("f23", "f23")),
        ("SmoothL1Loss(beta=-1.0)", lambda nn, lib: nn.SmoothL1Loss(beta=-1.0), ("f23", "f23")),
        ("SmoothL1Loss(beta=0.0)", lambda nn, lib: nn.SmoothL1Loss(beta=0.0), ("f23", "f23")),
        ("TripletMarginLoss(p=0)", lambda nn, lib: nn.TripletMarginLoss(p=0),
         ("f23", "f23", "f23")),
        ("TripletMarginLoss(margin=-1.0)", lambda nn, lib: nn.TripletMarginLoss(margin=-1.0),
         ("f23", "f23", "f23")),
        ("TripletMarginWithDistanceLoss(margin=-1.0)",
         lambda nn, lib: nn.TripletMarginWithDistanceLoss(margin=-1.0), ("f23", "f23", "f23")),
        ("TripletMarginWithDistanceLoss(margin=0.0)",
         lambda nn, lib: nn.TripletMarginWithDistanceLoss(margin=0.0), ("f23", "f23", "f23")),
        ("TripletMarginWithDistanceLoss(distance_function=1)",
         lambda nn, lib: nn.TripletMarginWithDistanceLoss(distance_function=1),
         ("f23", "f23", "f23")),
        ("GaussianNLLLoss(eps=-1.0)", lambda nn, lib: nn.GaussianNLLLoss(eps=-1.0),
         ("f23", "f23", "var23")),
        ("GaussianNLLLoss(full='a')", lambda nn, lib: nn.GaussianNLLLoss(full="a"),
         ("f23", "f23", "var23")),
        ("PoissonNLLLoss(log_input=False)", lambda nn, lib: nn.PoissonNLLLoss(log_input=False),
         ("f23", "f23")),
        ("PoissonNLLLoss(eps=-1.0, log_input=False)",
         lambda nn, lib: nn.PoissonNLLLoss(eps=-1.0, log_input=False), ("prob23", "f23")),
        ("KLDivLoss(reduction='batchmean')", lambda nn, lib: nn.KLDivLoss(reduction="batchmean"),
         ("f23", "prob23")),
        ("KLDivLoss(reduction='batchmean')", lambda nn, lib: nn.KLDivLoss(reduction="batchmean"),
         ("fs", "fs")),
        ("KLDivLoss(log_target=True)", lambda nn, lib: nn.KLDivLoss(log_target=True),
         ("f23", "f21")),
        ("CosineEmbeddingLoss(margin=2.0)", lambda nn, lib: nn.CosineEmbeddingLoss(margin=2.0),
         ("f23", "f23", "y2")),
        ("MarginRankingLoss(margin='a')", lambda nn, lib: nn.MarginRankingLoss(margin="a"),
         ("f2", "f2", "y2")),
        ("CTCLoss(blank=5)", lambda nn, lib: nn.CTCLoss(blank=5),
         ("lp_c5", "ctc_t", "len55", "len33")),
        ("CTCLoss(blank=-1)", lambda nn, lib: nn.CTCLoss(blank=-1),
         ("lp_c5", "ctc_t", "len55", "len33")),
        ("CTCLoss(blank=4)", lambda nn, lib: nn.CTCLoss(blank=4),
         ("lp_c5", "ctc_t", "len55", "len33")),
        ("CTCLoss(reduction='bad')", lambda nn, lib: nn.CTCLoss(reduction="bad"),
         ("lp_c5", "ctc_t", "len55", "len33")),
        ("CTCLoss(zero_infinity=True)", lambda nn, lib: nn.CTCLoss(zero_infinity=True),
         ("lp_c5", "ctc_t", "len55", "len33")),
        ("CTCLoss()", lambda nn, lib: nn.CTCLoss(), ("lp_c5", "ctc_t", "len33", "len55"))]:
    _loss_module(_name, _make, *_args)


# Optimizers: the kinds the first sweep left out, given repeated, non-leaf, bare or empty
# parameters; hyper-parameters of the wrong type or range; fused and capturable on the CPU;
# a loaded state whose tensors do not fit the parameters, then stepped.
_OPTIM_KINDS = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam",
                "RAdam", "ASGD", "Rprop", "LBFGS", "SparseAdam", "Adafactor"]


def _opt_step(lib, optimizer, leaf):
    if isinstance(optimizer, lib.optim.LBFGS):
        return optimizer.step(lambda: (leaf * leaf).sum())
    return optimizer.step()


for _kind in _OPTIM_KINDS[5:]:
    for _params in ["leaf", "twice", "none", "nonleaf", "tensor", "nograd", "groups", "dict"]:
        _optimizer(f"optim.{_kind}({_params}, lr=0.1)", _kind, _params, lr=0.1)
    for _lr in [-1.0, 0.0, "0.1", float("nan")]:
        _optimizer(f"optim.{_kind}(leaf, lr={_lr!r})", _kind, "leaf", lr=_lr)
for _kind in _OPTIM_KINDS:
    for _kw in [{"lr": 0.1, "eps": -1.0}, {"lr": 0.1, "weight_decay": -1.0},
                {"lr": 0.1, "weight_decay": "a"}, {"lr": 0.1, "fused": True},
                {"lr": 0.1, "foreach": True}, {"lr": 0.1, "capturable": True},
                {"lr": 0.1, "maximize": True},
                {"lr": "tensor"}, {"lr": 0.1, "betas": (0.9, 1.0)}, {"lr": 0.1, "betas": (0.9,)},
                {"lr": 0.1, "momentum": -0.1}, {"lr": 0.1, "foo": 1}, {"lr": 1e10},
                {"lr": float("inf")}, {"lr": 0.1, "eps": float("nan")}]:
        def _hyper(lib, kind=_kind, kw=_kw):
            leaf = lib.ones(2, requires_grad=True)
            kw = {k: (lib.tensor(0.01) if v == "tensor" else v) for k, v in kw.items()}
            optimizer = getattr(lib.optim, kind)([leaf], **kw)
            (leaf * leaf).sum().backward()
            if kind == "SparseAdam":
                leaf.grad = leaf.grad.to_sparse()
            _opt_step(lib, optimizer, leaf)
            return leaf.detach()
        _shown = ", ".join(f"{k}={v!r}" for k, v in _kw.items())
        _add("optim", f"optim.{_kind}(leaf, {_shown}).step()", _hyper)
    for _grad in ["ones(3)", "int", "double", "sparse", "nan"]:
        def _bad_grad(lib, kind=_kind, grad=_grad):
            leaf = lib.ones(2, requires_grad=True)
            optimizer = getattr(lib.optim, kind)([leaf], lr=0.1)
            leaf.grad = {"ones(3)": lambda: lib.ones(3),
                         "int": lambda: lib.ones(2, dtype=lib.int64),
                         "double": lambda: lib.ones(2, dtype=lib.float64),
                         "sparse": lambda: lib.ones(2).to_sparse(),
                         "nan": lambda: lib.tensor([float("nan"), 1.0])}[grad]() \
                if grad not in ("ones(3)", "int", "double") else leaf.grad
            if grad in ("ones(3)", "int", "double"):
                value = {"ones(3)": lib.ones(3), "int": lib.ones(2, dtype=lib.int64),
                         "double": lib.ones(2, dtype=lib.float64)}[grad]
                leaf.grad = value
            _opt_step(lib, optimizer, leaf)
            return leaf.detach()
        _add("optim", f"optim.{_kind}(leaf).step() with a grad of {_grad}", _bad_grad)


def _loaded_then_stepped(kind, change):
    def fn(lib):
        a, b = lib.ones(2, requires_grad=True), lib.ones(3, requires_grad=True)
        source = getattr(lib.optim, kind)([a, b], lr=0.1, **(
            {"momentum": 0.9} if kind == "SGD" else {}))
        (a.sum() + b.sum()).backward()
        source.step()
        state = source.state_dict()
        params = change(lib, a, b, state)
        target = getattr(lib.optim, kind)(params, lr=0.1, **(
            {"momentum": 0.9} if kind == "SGD" else {}))
        target.load_state_dict(state)
        for p in params if isinstance(params[0], lib.Tensor) else \
                [q for g in params for q in g["params"]]:
            p.grad = lib.ones_like(p)
        target.step()
        return tuple(p.detach() for p in (a, b))
    return fn


for _kind in ["SGD", "Adam", "RMSprop", "Adagrad"]:
    for _name, _change in [
            ("as saved", lambda lib, a, b, s: [a, b]),
            ("params swapped", lambda lib, a, b, s: [b, a]),
            ("one param of another shape", lambda lib, a, b, s: [a, lib.ones(
                4, requires_grad=True)]),
            ("two groups", lambda lib, a, b, s: [{"params": [a]}, {"params": [b]}]),
            ("a state tensor double", lambda lib, a, b, s: (
                [v.update({k: t.double()}) for v in s["state"].values()
                 for k, t in list(v.items()) if k != "step" and isinstance(t, lib.Tensor)],
                [a, b])[1]),
            ("a state of another shape", lambda lib, a, b, s: (
                [v.update({k: lib.ones(5)}) for v in s["state"].values()
                 for k, t in list(v.items()) if k != "step" and isinstance(t, lib.Tensor)],
                [a, b])[1]),
            ("a group with another key", lambda lib, a, b, s: (
                s["param_groups"][0].update(params=[0, 7]), [a, b])[1]),
            ("a param id twice", lambda lib, a, b, s: (
                s["param_groups"][0].update(params=[0, 0]), [a, b])[1])]:
        _add("optim", f"{_kind}.load_state_dict({_name}).step()",
             _loaded_then_stepped(_kind, _change))


# Module.load_state_dict on a model with buffers and nested children: the strict texts, shapes of
# buffers, assign=True, non-tensor values and non-persistent buffers.
def _model_state_case(name, change, **kw):
    def fn(lib):
        lib.manual_seed(0)
        nn = lib.nn
        model = nn.Sequential(nn.Conv2d(3, 4, 2), nn.BatchNorm2d(4),
                              nn.Sequential(nn.Flatten(), nn.Linear(4, 2)))
        model[2].register_buffer("scale", lib.ones(2), persistent=False)
        state = dict(model.state_dict())
        change(state, lib)
        result = model.load_state_dict(state, **kw)
        return tuple(sorted(result.missing_keys)), tuple(sorted(result.unexpected_keys))
    shown = "".join(f", {k}={v}" for k, v in kw.items())
    _add("module", f"nested.load_state_dict({name}{shown})", fn)


for _kw in [{}, {"strict": False}, {"assign": True}]:
    for _name, _change in [
            ("as saved", lambda s, lib: None),
            ("no num_batches_tracked", lambda s, lib: s.pop("1.num_batches_tracked")),
            ("running_mean of [3]", lambda s, lib: s.update({"1.running_mean": lib.ones(3)})),
            ("num_batches_tracked float", lambda s, lib: s.update(
                {"1.num_batches_tracked": lib.tensor(1.5)})),
            ("num_batches_tracked of [1]", lambda s, lib: s.update(
                {"1.num_batches_tracked": lib.tensor([3])})),
            ("running_var an int", lambda s, lib: s.update({"1.running_var": 1})),
            ("2.1.weight of [2, 5] and 0.bias of [5]", lambda s, lib: s.update(
                {"2.1.weight": lib.ones(2, 5), "0.bias": lib.ones(5)})),
            ("the non-persistent buffer", lambda s, lib: s.update({"2.scale": lib.ones(2)})),
            ("2.1.weight int64", lambda s, lib: s.update(
                {"2.1.weight": lib.ones(2, 4, dtype=lib.int64)})),
            ("2.1.weight requires grad", lambda s, lib: s.update(
                {"2.1.weight": lib.ones(2, 4, requires_grad=True)})),
            ("keys missing in two children", lambda s, lib: (s.pop("0.weight"),
                                                              s.pop("2.1.bias"))),
            ("unexpected child key", lambda s, lib: s.update({"2.2.weight": lib.ones(1)})),
            ("a meta tensor", lambda s, lib: s.update(
                {"0.bias": lib.empty(4, device="meta")})),
            ("a 0-d for a [4]", lambda s, lib: s.update({"0.bias": lib.tensor(1.0)}))]:
        _model_state_case(_name, _change, **_kw)


# Index, gather and scatter edge cases: index tensors of other ranks, dtypes and sizes than the
# input, sources short of the index, dims out of range.
_ARRAYS.update(ix2d=np.array([[0, 1], [1, 0]]), ix_i32=np.array([0, 1], np.int32),
               ix_i16=np.array([0, 1], np.int16), ix_u8=np.array([0, 1], np.uint8),
               ix24=np.array([[0, 1, 1, 0], [1, 0, 0, 1]]), ix13=np.array([[0, 1, 1]]),
               ix33=np.array([[0, 1, 1], [1, 0, 0], [0, 0, 1]]), ix0=np.zeros((0,), np.int64),
               ix20=np.zeros((2, 0), np.int64), ix_b=np.array([True, False]),
               ix_s=np.array(1), ix1=np.array([[1], [0]]), src12=np.ones((1, 2), np.float32),
               src22=np.ones((2, 2), np.float32), src_d=np.ones((2, 3)))
for _index in ["ix2d", "ix_i32", "ix_i16", "ix_u8", "ix0", "ix_b", "ix_s", "ix20", "ix24"]:
    for _d in [0, 1, -1, 2]:
        _call("index_select", "@f23", _d, f"@{_index}", family="index")
        _call(".index_fill", "@f23", _d, f"@{_index}", 2.0, family="index")
        _call(".index_add", "@f23", _d, f"@{_index}", "@f23", family="index")
        _call(".index_copy", "@f23", _d, f"@{_index}", "@f23", family="index")
for _index in ["ix24", "ix13", "ix33", "ix_i32", "ix0", "ix20", "ix1", "ix_s", "ix_b", "ix2d"]:
    for _d in [0, 1, -1]:
        _call("gather", "@f23", _d, f"@{_index}", family="index")
        _call("scatter", "@f23", _d, f"@{_index}", "@src12", family="index")
        _call("scatter", "@f23", _d, f"@{_index}", "@src22", family="index")
        _call("scatter", "@f23", _d, f"@{_index}", "@src_d", family="index")
        _call("scatter_add", "@f23", _d, f"@{_index}", "@src22", family="index")
        _call("take_along_dim", "@f23", f"@{_index}", _d, family="index")
    _call("gather", "@f23", 1, f"@{_index}", sparse_grad=True, family="index")
    _call("scatter", "@f23", 1, f"@{_index}", 1.5, reduce="add", family="index")
    _call("scatter", "@f23", 1, f"@{_index}", 1.5, reduce="bad", family="index")
for _x in ["@f23", "@nc23", "@f222", "@fs", "@f0"]:
    for _shape in [(3, -1), (-1,), (1, -1, 1), (2, 1, 3), (-1, 0), (0, -1), (1, 1, 1, -1)]:
        _call(".view", _x, _shape, family="shape")
        _call(".reshape", _x, _shape, family="shape")
    for _size in [(2, 2, 3), (-1, -1), (1, 2, 3), (2, 3, 2), (0, 3), (2, 0), (3, -1), (-1,),
                  (2, 2, 2), (4, 2, 2)]:
        _call(".expand", _x, _size, family="shape")
    for _dims in [(0, 0, 1), (2, 1, 0), (-1, 0), (0, -2), (1.0, 0), (0, 1, 2, 3), (-3, 1, 2)]:
        _call(".permute", _x, _dims, family="shape")


# --- session 23: einsum equations, complex beside real, integer reductions, custom Functions and
# hooks, the func transforms, every distribution's methods, nn.utils' parametrizations -----------
_ARRAYS.update(c3=np.array([1 + 1j, 2, -1j], np.complex64), c2=np.array([1 + 1j, 2], np.complex64),
               f32c=np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32),
               i32=np.array([[1, 2], [3, 4], [5, 6]]), b3x=np.array([True, True, False]),
               f2=np.array([1.0, 2.0], np.float32), d3=np.array([1.0, 2.0, 3.0]),
               i3p=np.array([1, 2, 3]), i_neg=np.array([1, -1, 2]), f_idx=np.array([1.0, 2.0]))

# einsum: equations that do not fit their operands, in every way a hand-written one goes wrong.
for _eq, _ops in [("ij,jk->ik", ["@f23", "@f32"]), ("ij,jk->ik", ["@f23"]),
                  ("ij,jk->ik", ["@f23", "@f32", "@f3"]), ("ij,jk->ik", ["@f23", "@f3"]),
                  ("ij,jk->ik", ["@f23", "@i32"]), ("ij,jk->ik", ["@c23", "@f32"]),
                  ("ij,jk->ik", ["@f23", "@b23"]), ("ij,jk->ik", ["@d23", "@f32"]),
                  ("ij,jk->iik", ["@f23", "@f32"]), ("ij,jk->iz", ["@f23", "@f32"]),
                  ("ij,jk->", ["@f23", "@f32"]), ("ij,jk->ik->i", ["@f23", "@f32"]),
                  ("ij,jk-ik", ["@f23", "@f32"]), ("ij,jk>ik", ["@f23", "@f32"]),
                  ("ij,,jk->ik", ["@f23", "@f32"]), ("i j, j k -> i k", ["@f23", "@f32"]),
                  ("IJ,JK->IK", ["@f23", "@f32"]), ("i1,1k->ik", ["@f23", "@f32"]),
                  ("ij,jk->ik", ["@f23", "@f23"]), ("ii", ["@f23"]), ("ii->i", ["@f22"]),
                  ("iij->j", ["@f222"]), ("ij->ij", ["@f3"]), ("i->", ["@f23"]),
                  ("...ij,...jk->...ik", ["@f222", "@f23"]), ("...,...->...", ["@f23", "@f3"]),
                  ("...,...->...", ["@f23", "@f4"]), ("i...j->j", ["@f23"]),
                  ("....->", ["@f23"]), ("...i...->i", ["@f23"]), ("i,i->", ["@f3", "@f0"]),
                  ("i,i->", ["@f0", "@f0"]), ("ij->", ["@f20"]), ("i,j->ij", ["@f3", "@i3"]),
                  ("i,j->ij", ["@f3", 2.0]), ("i,j->ij", ["@f3", [1.0, 2.0]]),
                  ("ij->ji", ["@m23"]), ("ij,jk->ik", ["@f23", "@m23"]), ("", ["@fs"]),
                  ("->", ["@fs"]), ("i->i", ["@fs"]), ("->", ["@f3"]), ("ab,bc->ac", []),
                  ("ij", ["@f23", "@f23"]), ("ij,ij->ij", ["@f23", "@f3"]),
                  ("ij,ij->ij", ["@f23", "@fs"]), ("ij,kj->ik", ["@f23", "@f23"]),
                  ("bij,bjk->bik", ["@f222", "@f222"]), ("bij,bjk->bik", ["@f222", "@f23"]),
                  ("ii->", ["@f23"]), ("ij,j", ["@f23", "@f4"]), ("i,i", ["@i3", "@i3"]),
                  ("i,i", ["@b3", "@b3"]), ("i,i", ["@u23", "@u23"]), ("ij,ij", ["@u23", "@i23"])]:
    _call("einsum", _eq, *_ops, family="einsum")
for _name, _fn in [
        ("einsum(f23, [0, 1], f32, [1, 2], [0, 2])", lambda lib: lib.einsum(
            T(lib, "f23"), [0, 1], T(lib, "f32"), [1, 2], [0, 2])),
        ("einsum(f23, [0, 1], f32, [2, 1], [0, 2])", lambda lib: lib.einsum(
            T(lib, "f23"), [0, 1], T(lib, "f32"), [2, 1], [0, 2])),
        ("einsum(f23, [0, 60])", lambda lib: lib.einsum(T(lib, "f23"), [0, 60])),
        ("einsum(f23, [0, -1])", lambda lib: lib.einsum(T(lib, "f23"), [0, -1])),
        ("einsum(f23, [0])", lambda lib: lib.einsum(T(lib, "f23"), [0])),
        ("einsum(f23, [0, 1], [2])", lambda lib: lib.einsum(T(lib, "f23"), [0, 1], [2])),
        ("einsum(f23, [0, 1.5])", lambda lib: lib.einsum(T(lib, "f23"), [0, 1.5])),
        ("einsum(f23, [0, Ellipsis])", lambda lib: lib.einsum(T(lib, "f23"), [0, Ellipsis])),
        ("einsum('ij->ji', [f23])", lambda lib: lib.einsum("ij->ji", [T(lib, "f23")])),
        ("einsum('ij->ji', (f23,))", lambda lib: lib.einsum("ij->ji", (T(lib, "f23"),))),
        ("einsum('ij->ji', [f23, f23])", lambda lib: lib.einsum(
            "ij->ji", [T(lib, "f23"), T(lib, "f23")])),
        ("einsum(1, f23)", lambda lib: lib.einsum(1, T(lib, "f23"))),
        ("einsum('ij->ji', f23).backward", lambda lib: lib.autograd.grad(lib.einsum(
            "ij,ij->", lib.ones(2, 3, requires_grad=True), lib.ones(2, 3)), [])),
        ("einsum('ij->ji', f23, out=...)", lambda lib: lib.einsum(
            "ij->ji", T(lib, "f23"), out=lib.empty(3, 2)))]:
    _add("einsum", _name, _fn)

# Complex tensors beside real ones: views, constructors, ops that have no complex kernel,
# in-place results that cannot hold a complex value, and casts.
for _op, _args in [("view_as_real", ["@f23"]), ("view_as_real", ["@c23"]),
                   ("view_as_real", ["@i23"]), ("view_as_complex", ["@f23"]),
                   ("view_as_complex", ["@f32c"]), ("view_as_complex", ["@d23"]),
                   ("view_as_complex", ["@i32"]), ("view_as_complex", ["@c23"]),
                   ("view_as_complex", ["@f2"]), ("view_as_complex", ["@fs"]),
                   ("view_as_complex", ["@nc23"]), ("polar", ["@f23", "@f23"]),
                   ("polar", ["@f23", "@d23"]), ("polar", ["@f23", "@i23"]),
                   ("polar", ["@c23", "@f23"]), ("polar", ["@f23", "@f3"]),
                   ("polar", ["@f23", "@f4"]), ("complex", ["@f23", "@f23"]),
                   ("complex", ["@f23", "@d23"]), ("complex", ["@i23", "@i23"]),
                   ("complex", ["@f23", "@i23"]), ("complex", ["@c23", "@c23"]),
                   ("complex", ["@f23", "@f4"]), ("complex", ["@f23", "@f3"]),
                   ("complex", ["@f23", 1.0]), ("complex", ["@b23", "@b23"])]:
    _call(_op, *_args, family="complex")
for _op in ["clamp", "floor", "ceil", "round", "trunc", "frac", "sign", "max", "min", "argmax",
            "argmin", "sort", "argsort", "topk", "cummax", "cummin", "median", "msort",
            "relu", "sigmoid", "erf", "lgamma", "heaviside", "remainder", "fmod", "atan2",
            "maximum", "minimum", "lt", "ge", "signbit", "kthvalue", "logcumsumexp", "amax",
            "aminmax", "isneginf", "isposinf", "nanmedian", "quantile", "histc", "hypot",
            "copysign", "floor_divide", "clamp_min", "logaddexp", "nextafter", "xlogy",
            "std", "var", "mean", "nansum", "nanmean", "cumsum", "prod", "dist", "renorm",
            "bucketize", "searchsorted", "unique", "isclose", "allclose", "equal", "dot",
            "vdot", "cross", "trace", "diff", "tril", "flip", "roll"]:
    _extra = {"clamp": [0.0, 1.0], "heaviside": ["@c3"], "remainder": [2], "fmod": [2],
              "atan2": ["@c3"], "maximum": ["@c3"], "minimum": ["@c3"], "lt": [1],
              "ge": ["@c3"], "kthvalue": [1], "logcumsumexp": [0], "topk": [1],
              "cummax": [0], "cummin": [0], "quantile": [0.5], "hypot": ["@c3"],
              "copysign": ["@c3"], "floor_divide": [2], "clamp_min": [0.0],
              "logaddexp": ["@c3"], "nextafter": ["@c3"], "xlogy": ["@c3"], "cumsum": [0],
              "dist": ["@c3"], "renorm": [2, 0, 1.0], "bucketize": ["@f3"],
              "searchsorted": ["@f3"], "isclose": ["@c3"], "allclose": ["@c3"],
              "equal": ["@c3"], "dot": ["@c3"], "vdot": ["@f3"], "cross": ["@c3"],
              "roll": [1], "flip": [(0,)]}.get(_op, [])
    for _x in ["@c3", "@c23"]:
        if _op in ("trace", "tril", "renorm") and _x == "@c3":
            continue
        _call(_op, _x, *[("@c23" if (a == "@c3" and _x == "@c23") else a) for a in _extra],
              family="complex")
    if _extra and isinstance(_extra[0], str) and _extra[0] == "@c3":
        _call(_op, "@f3", "@c3", family="complex")  # the real one first
for _target, _source in [("@f23", "@c23"), ("@d23", "@c23"), ("@i23", "@c23"),
                         ("@c23", "@f23"), ("@c23", "@i23"), ("@b23", "@c23")]:
    for _method in ["add_", "mul_", "copy_", "sub_", "div_", "masked_fill_"]:
        if _method == "masked_fill_":
            _call(f".{_method}", _target, "@b23", 1j, family="complex")
        else:
            _call(f".{_method}", _target, _source, family="complex")
for _name, _fn in [
        ("f23[0] = c3", lambda lib: _setitem(T(lib, "f23"), 0, T(lib, "c3"))),
        ("f23[0] = 1j", lambda lib: _setitem(T(lib, "f23"), 0, 1j)),
        ("i23[0] = 1j", lambda lib: _setitem(T(lib, "i23"), 0, 1j)),
        ("f23.fill_(1j)", lambda lib: T(lib, "f23").fill_(1j)),
        ("c23.to(float32)", lambda lib: T(lib, "c23").to(lib.float32)),
        ("c23.float()", lambda lib: T(lib, "c23").float()),
        ("c23.long()", lambda lib: T(lib, "c23").long()),
        ("c23.bool()", lambda lib: T(lib, "c23").bool()),
        ("float(c23[0, 0])", lambda lib: float(T(lib, "c23")[0, 0])),
        ("int(c23[0, 1])", lambda lib: int(T(lib, "c23")[0, 1])),
        ("c23.item()", lambda lib: T(lib, "c23")[0, 0].item()),
        ("c23.real = f23", lambda lib: _setattr_ret(T(lib, "c23"), "real", T(lib, "f23"))),
        ("c23.imag = f3", lambda lib: _setattr_ret(T(lib, "c23"), "imag", T(lib, "f3"))),
        ("c23.real = f32", lambda lib: _setattr_ret(T(lib, "c23"), "real", T(lib, "f32"))),
        ("f23.imag", lambda lib: T(lib, "f23").imag),
        ("f23.imag = f23", lambda lib: _setattr_ret(T(lib, "f23"), "imag", T(lib, "f23"))),
        ("f23.real = f23", lambda lib: _setattr_ret(T(lib, "f23"), "real", T(lib, "f23"))),
        ("i23.real", lambda lib: T(lib, "i23").real),
        ("f23.conj()", lambda lib: T(lib, "f23").conj()),
        ("c23.conj().numpy()", lambda lib: T(lib, "c23").conj().numpy()),
        ("c23.conj().view(float32)", lambda lib: T(lib, "c23").conj().view(lib.float32)),
        ("c23.view(float32)", lambda lib: T(lib, "c23").view(lib.float32)),
        ("c23.view(float64)", lambda lib: T(lib, "c23").view(lib.float64)),
        ("c23.view(int8)", lambda lib: T(lib, "c23").view(lib.int8)),
        ("f23.view(complex64)", lambda lib: T(lib, "f23").view(lib.complex64)),
        ("f32c.view(complex64)", lambda lib: T(lib, "f32c").view(lib.complex64)),
        ("zeros(2, dtype=complex32)", lambda lib: lib.zeros(2, dtype=lib.complex32).dtype),
        ("ones(2, dtype=complex64, requires_grad=True).sum().backward()", lambda lib: (
            lambda x: (x.sum().backward(), x.grad)[1])(
            lib.ones(2, dtype=lib.complex64, requires_grad=True))),
        ("c3 leaf: c.abs().backward() non-scalar", lambda lib: (
            lambda x: x.abs().backward())(lib.ones(2, dtype=lib.complex64, requires_grad=True))),
        ("c3 leaf: c.sum().backward() complex scalar", lambda lib: (
            lambda x: x.sum().backward())(lib.ones(2, dtype=lib.complex64, requires_grad=True))),
        ("autograd.grad(complex output)", lambda lib: (
            lambda x: lib.autograd.grad(x * 2j, x, lib.ones(2)))(
            lib.ones(2, requires_grad=True))),
        ("autograd.grad(real out, grad_outputs complex)", lambda lib: (
            lambda x: lib.autograd.grad((x * 2).sum(), x, lib.tensor(1j)))(
            lib.ones(2, requires_grad=True))),
        ("mse_loss(c3, c3)", lambda lib: lib.nn.functional.mse_loss(T(lib, "c3"), T(lib, "c3"))),
        ("l1_loss(c3, c3)", lambda lib: lib.nn.functional.l1_loss(T(lib, "c3"), T(lib, "c3"))),
        ("Linear(3, 2)(c23)", lambda lib: lib.nn.Linear(3, 2)(T(lib, "c23"))),
        ("Linear(3, 2, dtype=complex64)(f23)", lambda lib: lib.nn.Linear(
            3, 2, dtype=lib.complex64)(T(lib, "f23"))),
        ("softmax(c23, 0)", lambda lib: lib.softmax(T(lib, "c23"), 0)),
        ("linalg.norm(c23)", lambda lib: lib.linalg.norm(T(lib, "c23"))),
        ("linalg.vector_norm(c3, ord=inf)", lambda lib: lib.linalg.vector_norm(
            T(lib, "c3"), ord=float("inf"))),
        ("fft.rfft(c3)", lambda lib: lib.fft.rfft(T(lib, "c3"))),
        ("fft.irfft(f3)", lambda lib: lib.fft.irfft(T(lib, "f3"))),
        ("fft.ihfft(c3)", lambda lib: lib.fft.ihfft(T(lib, "c3"))),
        ("angle(c3) vs angle(i3)", lambda lib: lib.angle(T(lib, "i3"))),
        ("isreal(c3)", lambda lib: lib.isreal(T(lib, "c3"))),
        ("is_complex(f3)", lambda lib: T(lib, "f3").is_complex()),
        ("c3 < f3", lambda lib: T(lib, "c3") < T(lib, "f3")),
        ("c3 // 2", lambda lib: T(lib, "c3") // 2),
        ("c3 % 2", lambda lib: T(lib, "c3") % 2),
        ("c3 & c3", lambda lib: T(lib, "c3") & T(lib, "c3")),
        ("c3 ** 0.5", lambda lib: T(lib, "c3") ** 0.5),
        ("abs(c3).dtype", lambda lib: abs(T(lib, "c3")).dtype),
        ("arange(3, dtype=complex64)", lambda lib: lib.arange(3, dtype=lib.complex64)),
        ("linspace(0, 1, 3, dtype=complex64)", lambda lib: lib.linspace(
            0, 1, 3, dtype=lib.complex64)),
        ("randint(3, (2,), dtype=complex64)", lambda lib: lib.randint(
            3, (2,), dtype=lib.complex64)),
        ("rand(2, dtype=complex64)", lambda lib: lib.rand(2, dtype=lib.complex64).shape),
        ("randn(2, dtype=complex64).dtype", lambda lib: lib.randn(2, dtype=lib.complex64).dtype),
        ("tensor([1j]).to(int64)", lambda lib: lib.tensor([1j]).to(lib.int64)),
        ("tensor([1 + 0j, 2]).dtype", lambda lib: lib.tensor([1 + 0j, 2]).dtype),
        ("tensor([1j], dtype=float32)", lambda lib: lib.tensor([1j], dtype=lib.float32))]:
    _add("complex", _name, _fn)


def _setitem(target, key, value):
    target[key] = value
    return target


def _setattr_ret(target, name, value):
    setattr(target, name, value)
    return target


# Reductions and statistics of integer and bool tensors, with dtype= and correction=.
for _op, _kw in [("mean", {}), ("mean", {"dtype": "float32"}), ("mean", {"dim": 0}),
                 ("nanmean", {}), ("nanmean", {"dtype": "float64"}), ("std", {}),
                 ("std", {"correction": 0}), ("var", {"dim": 1}), ("var_mean", {}),
                 ("std_mean", {"dim": 0}), ("quantile", {"q": 0.5}),
                 ("nanquantile", {"q": 0.5}), ("median", {}), ("norm", {}),
                 ("logsumexp", {"dim": 0}), ("sum", {"dtype": "float32"}),
                 ("sum", {"dtype": "bool"}), ("sum", {"dtype": "int8"}),
                 ("prod", {"dtype": "float64"}), ("cumsum", {"dim": 0, "dtype": "float32"}),
                 ("cumprod", {"dim": 1}), ("histc", {}), ("histc", {"bins": 3, "min": 0,
                                                                     "max": 4}),
                 ("mean", {"dtype": "int64"}), ("nansum", {"dtype": "float32"}),
                 ("amax", {"dim": ()}), ("cov", {}), ("corrcoef", {}), ("count_nonzero", {}),
                 ("linalg.vector_norm", {}), ("linalg.matrix_norm", {}),
                 ("linalg.norm", {"ord": 2}), ("special.logsumexp", {"dim": 1}),
                 ("softmax", {"dim": 0}), ("log_softmax", {"dim": 0, "dtype": "float32"}),
                 ("nn.functional.normalize", {}), ("renorm", {"p": 2, "dim": 0, "maxnorm": 1}),
                 ("sum", {"dim": 1, "keepdim": True, "dtype": "float16"}),
                 ("var", {"unbiased": False}), ("std", {"dim": 1, "correction": 3}),
                 ("var", {"correction": 1.5}), ("std", {"correction": -1}),
                 ("mean", {"dim": 0, "dtype": "complex64"}), ("bincount", {}),
                 ("bincount", {"minlength": -1})]:
    for _x in ["@i23", "@b23", "@u23", "@i3p", "@i_neg", "@f23"]:
        _call(_op, _x, **{k: (f"%{v}" if k == "dtype" else v) for k, v in _kw.items()},
              family="intreduce")


# Custom autograd Functions written wrong: gradients of the wrong number, shape, dtype or kind,
# non-tensors saved, inputs changed in place, twice-differentiated once_differentiable ones.
def _function(lib, backward, forward=None, once=False, name="Fn"):
    """A Function subclass of ``lib`` whose forward doubles x (or runs ``forward``) and whose
    backward returns ``backward(ctx, grad, lib)``."""
    def fwd(ctx, x, *rest):
        if forward is not None:
            return forward(ctx, x, lib, *rest)
        ctx.save_for_backward(x)
        return x * 2

    def bwd(ctx, grad):
        return backward(ctx, grad, lib)
    if once:
        bwd = lib.autograd.function.once_differentiable(bwd)
    return type(name, (lib.autograd.Function,), {"forward": staticmethod(fwd),
                                                 "backward": staticmethod(bwd)})


def _through(lib, fn_class, *extra, x=None, backward=True):
    x = lib.ones(2, 3, requires_grad=True) if x is None else x
    y = fn_class.apply(x, *extra)
    if backward:
        y.sum().backward()
        return x.grad
    return y


for _name, _backward in [
        ("two gradients for one input", lambda ctx, g, lib: (g * 2, g)),
        ("no gradient (an empty tuple)", lambda ctx, g, lib: ()),
        ("a gradient of shape [3]", lambda ctx, g, lib: g.sum(0)),
        ("a gradient of shape [2, 3, 1]", lambda ctx, g, lib: g[..., None]),
        ("a gradient of shape [1, 3]", lambda ctx, g, lib: g[:1]),
        ("a gradient of shape [3, 2]", lambda ctx, g, lib: g.t()),
        ("a float64 gradient", lambda ctx, g, lib: g.double()),
        ("an int64 gradient", lambda ctx, g, lib: g.long()),
        ("a complex gradient", lambda ctx, g, lib: g * 1j),
        ("a number", lambda ctx, g, lib: 1.0),
        ("a list", lambda ctx, g, lib: [g]),
        ("None", lambda ctx, g, lib: None),
        ("a meta gradient", lambda ctx, g, lib: lib.empty(2, 3, device="meta")),
        ("a 0-d gradient", lambda ctx, g, lib: g.sum()),
        ("its saved tensor", lambda ctx, g, lib: ctx.saved_tensors[0]),
        ("ctx.needs_input_grad", lambda ctx, g, lib: g * len(ctx.needs_input_grad))]:
    _add("autograd", f"Function whose backward returns {_name}",
         lambda lib, b=_backward: _through(lib, _function(lib, b)))
for _name, _fn in [
        ("Function.apply(x, 2.0), backward returns two gradients",
         lambda lib: _through(lib, _function(
             lib, lambda ctx, g, lib: (g, g), forward=lambda ctx, x, lib, k: x * k), 2.0)),
        ("Function.apply(x, 2.0), backward returns (g, None)",
         lambda lib: _through(lib, _function(
             lib, lambda ctx, g, lib: (g, None), forward=lambda ctx, x, lib, k: x * k), 2.0)),
        ("save_for_backward(1.0)", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib: (ctx.save_for_backward(1.0), x * 2)[1]))),
        ("save_for_backward(None)", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g * (ctx.saved_tensors[0] is None),
            forward=lambda ctx, x, lib: (ctx.save_for_backward(None), x * 2)[1]))),
        ("save_for_backward([x])", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib: (ctx.save_for_backward([x]), x * 2)[1]))),
        ("save_for_backward(output) then output modified", lambda lib: (
            lambda x: (lambda y: (y.add_(1), y.sum().backward(), x.grad)[2])(
                _function(lib, lambda ctx, g, lib: g * ctx.saved_tensors[0],
                          forward=lambda ctx, x, lib: (lambda y: (ctx.save_for_backward(y),
                                                                  y)[1])(x * 2)).apply(x)))(
            lib.ones(2, 3, requires_grad=True))),
        ("saved_tensors after backward", lambda lib: (
            lambda x: (lambda y: (y.sum().backward(), y.grad_fn.saved_tensors))(
                _function(lib, lambda ctx, g, lib: g * 2).apply(x)))(
            lib.ones(2, 3, requires_grad=True))),
        ("backward twice through a Function", lambda lib: (
            lambda x: (lambda y: (y.sum().backward(), y.sum().backward()))(
                _function(lib, lambda ctx, g, lib: g * ctx.saved_tensors[0]).apply(x)))(
            lib.ones(2, 3, requires_grad=True))),
        ("forward changes its input without mark_dirty", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g, forward=lambda ctx, x, lib: x.mul_(2)),
            x=lib.ones(2, 3, requires_grad=True) * 1)),
        ("mark_dirty of an input not changed", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib: (ctx.mark_dirty(x), x * 2)[1]),
            x=lib.ones(2, 3, requires_grad=True) * 1)),
        ("mark_dirty on a leaf", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib: (ctx.mark_dirty(x), x.mul_(2))[1]))),
        ("mark_non_differentiable(output), backward through it", lambda lib: _through(
            lib, _function(lib, lambda ctx, g, lib: g, forward=lambda ctx, x, lib: (
                lambda y: (ctx.mark_non_differentiable(y), y)[1])(x * 2)))),
        ("mark_non_differentiable(1.0)", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib: (ctx.mark_non_differentiable(1.0), x * 2)[1]))),
        ("forward returns a number", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g, forward=lambda ctx, x, lib: 2.0), backward=False)),
        ("forward returns None", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g, forward=lambda ctx, x, lib: None), backward=False)),
        ("forward returns its input", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g * 3, forward=lambda ctx, x, lib: x))),
        ("forward returns (y, 1)", lambda lib: _through(lib, _function(
            lib, lambda ctx, g, lib: g, forward=lambda ctx, x, lib: (x * 2, 1)),
            backward=False)[1]),
        ("once_differentiable, differentiated twice", lambda lib: (
            lambda x: lib.autograd.grad(lib.autograd.grad(
                _function(lib, lambda ctx, g, lib: g * ctx.saved_tensors[0] * 2,
                          once=True).apply(x).sum(), x, create_graph=True)[0].sum(), x))(
            lib.ones(2, 3, requires_grad=True))),
        ("Function()(x) (a legacy call)", lambda lib: _function(
            lib, lambda ctx, g, lib: g)()(lib.ones(2, requires_grad=True))),
        ("Function.apply(x, k=2.0)", lambda lib: _function(
            lib, lambda ctx, g, lib: g,
            forward=lambda ctx, x, lib, k=1.0: x * k).apply(lib.ones(2), k=2.0)),
        ("Function.apply() with no input", lambda lib: _function(
            lib, lambda ctx, g, lib: g).apply()),
        ("Function.forward(None, x) direct", lambda lib: _function(
            lib, lambda ctx, g, lib: g).forward(None, lib.ones(2))),
        ("vmap over a Function without a vmap rule", lambda lib: lib.func.vmap(
            _function(lib, lambda ctx, g, lib: g).apply)(lib.ones(2, 3))),
        ("Function.apply under no_grad, then backward", lambda lib: (
            lambda y: y.sum().backward())(_nograd(lib, _function(
                lib, lambda ctx, g, lib: g).apply, lib.ones(2, requires_grad=True))))]:
    _add("autograd", _name, _fn)


# Hooks that return what they must not, and hooks where no gradient flows.
def _tensor_hook(lib, hook, x=None):
    x = lib.ones(2, 3, requires_grad=True) if x is None else x
    y = x * 2
    y.register_hook(hook)
    y.sum().backward()
    return x.grad


def _module_hook(lib, kind, hook, module=None, x=None):
    module = lib.nn.Linear(3, 2) if module is None else module
    lib.manual_seed(0)
    getattr(module, kind)(hook)
    x = lib.ones(4, 3, requires_grad=True) if x is None else x
    out = module(x)
    out.sum().backward()
    return x.grad


for _name, _hook in [("float64", lambda g: g.double()), ("int64", lambda g: g.long()),
                     ("shape [3]", lambda g: g.sum(0)), ("a number", lambda g: 1.0),
                     ("a tuple", lambda g: (g,)), ("meta", lambda g: g.to("meta")),
                     ("complex", lambda g: g * 1j), ("0-d", lambda g: g.sum()),
                     ("a non-contiguous gradient", lambda g: g.t().contiguous().t())]:
    _add("autograd", f"tensor hook returning {_name}", lambda lib, h=_hook: _tensor_hook(lib, h))
for _name, _fn in [
        ("register_hook on a tensor without grad",
         lambda lib: T(lib, "f23").register_hook(lambda g: g)),
        ("register_hook(1)", lambda lib: type(_leaf(lib).register_hook(1)).__name__),
        ("register_hook on a leaf, hook returns float64", lambda lib: (
            lambda x: (x.register_hook(lambda g: g.double()), (x * 2).sum().backward(),
                       x.grad)[2])(_leaf(lib))),
        ("register_post_accumulate_grad_hook on a non-leaf", lambda lib: (
            _leaf(lib) * 2).register_post_accumulate_grad_hook(lambda p: None)),
        ("register_post_accumulate_grad_hook on f23", lambda lib: T(
            lib, "f23").register_post_accumulate_grad_hook(lambda p: None)),
        ("retain_grad on f23", lambda lib: T(lib, "f23").retain_grad())]:
    _add("autograd", _name, _fn)
for _kind, _name, _hook in [
        ("register_full_backward_hook", "two grad_inputs", lambda m, gi, go: (gi[0], gi[0])),
        ("register_full_backward_hook", "a grad_input of shape [3]",
         lambda m, gi, go: (gi[0].sum(0),)),
        ("register_full_backward_hook", "a float64 grad_input",
         lambda m, gi, go: (gi[0].double(),)),
        ("register_full_backward_hook", "a bare tensor", lambda m, gi, go: gi[0]),
        ("register_full_backward_hook", "a number", lambda m, gi, go: 1.0),
        ("register_full_backward_hook", "(None,)", lambda m, gi, go: (None,)),
        ("register_full_backward_pre_hook", "two grad_outputs",
         lambda m, go: (go[0], go[0])),
        ("register_full_backward_pre_hook", "a grad_output of shape [2]",
         lambda m, go: (go[0].sum(0),)),
        ("register_full_backward_pre_hook", "a bare tensor", lambda m, go: go[0]),
        ("register_backward_hook", "two grad_inputs", lambda m, gi, go: gi + gi),
        ("register_forward_hook", "a number", lambda m, i, o: 1.0),
        ("register_forward_hook", "None", lambda m, i, o: None),
        ("register_forward_pre_hook", "a number", lambda m, i: 1.0),
        ("register_forward_pre_hook", "a tensor of another shape", lambda m, i: i[0][:, :2])]:
    _add("autograd", f"Linear.{_kind} returning {_name}",
         lambda lib, k=_kind, h=_hook: _module_hook(lib, k, h))
for _name, _fn in [
        ("full backward hook, then an in-place ReLU on the output", lambda lib: (
            lambda m: (m.register_full_backward_hook(lambda *a: None),
                       lib.nn.functional.relu(m(lib.ones(4, 3, requires_grad=True)),
                                              inplace=True).sum().backward()))(
            lib.nn.Linear(3, 2))),
        ("full backward hook on a module with no input needing grad", lambda lib: _module_hook(
            lib, "register_full_backward_hook", lambda m, gi, go: None, x=lib.ones(4, 3))),
        ("register_full_backward_hook(1)", lambda lib: type(lib.nn.Linear(3, 2)
         .register_full_backward_hook(1)).__name__),
        ("register_forward_hook(with_kwargs=True), hook takes 3", lambda lib: (
            lambda m: (m.register_forward_hook(lambda m, i, o: o, with_kwargs=True),
                       m(lib.ones(2, 3)))[1])(lib.nn.Linear(3, 2))),
        ("register_forward_pre_hook(with_kwargs=True) returning one value", lambda lib: (
            lambda m: (m.register_forward_pre_hook(lambda m, a, k: a, with_kwargs=True),
                       m(lib.ones(2, 3)))[1])(lib.nn.Linear(3, 2)))]:
    _add("autograd", _name, _fn)


# torch.utils.checkpoint misused, and anomaly mode's report of a NaN gradient.
def _checkpointed(lib, fn, x=None, **kw):
    import importlib
    checkpoint = importlib.import_module(f"{lib.__name__}.utils.checkpoint")
    x = lib.ones(2, 3, requires_grad=True) if x is None else x
    y = checkpoint.checkpoint(fn, x, **kw)
    if isinstance(y, tuple) or not y.requires_grad:
        return y
    y.sum().backward()
    return x.grad


for _name, _fn in [
        ("checkpoint(use_reentrant=False)", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), use_reentrant=False)),
        ("checkpoint(use_reentrant=True)", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), use_reentrant=True)),
        ("checkpoint(use_reentrant=True), input without grad", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), x=lib.ones(2, 3), use_reentrant=True)),
        ("checkpoint(use_reentrant='a')", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), use_reentrant="a")),
        ("checkpoint(use_reentrant=False, bad=1)", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), use_reentrant=False, bad=1)),
        ("checkpoint(use_reentrant=True, bad=1)", lambda lib: _checkpointed(
            lib, lambda x: x.sin(), use_reentrant=True, bad=1)),
        ("checkpoint(fn returning a number)", lambda lib: _checkpointed(
            lib, lambda x: 1.0, use_reentrant=False)),
        ("checkpoint(fn returning (y, 1))", lambda lib: _checkpointed(
            lib, lambda x: (x.sin(), 1), use_reentrant=False)),
        ("checkpoint(1, x)", lambda lib: _checkpointed(lib, 1, use_reentrant=False)),
        ("checkpoint, then autograd.grad (use_reentrant=True)", lambda lib: (
            lambda x: lib.autograd.grad(__import__(f"{lib.__name__}.utils.checkpoint",
                                                   fromlist=["checkpoint"]).checkpoint(
                lambda a: a.sin(), x, use_reentrant=True).sum(), x))(
            lib.ones(2, 3, requires_grad=True))),
        ("checkpoint_sequential(segments=0)", lambda lib: __import__(
            f"{lib.__name__}.utils.checkpoint", fromlist=["checkpoint_sequential"])
         .checkpoint_sequential(lib.nn.Sequential(lib.nn.ReLU()), 0,
                                lib.ones(2, 3, requires_grad=True), use_reentrant=False)),
        ("checkpoint_sequential(segments=5) of 1 layer", lambda lib: __import__(
            f"{lib.__name__}.utils.checkpoint", fromlist=["checkpoint_sequential"])
         .checkpoint_sequential(lib.nn.Sequential(lib.nn.ReLU()), 5,
                                lib.ones(2, 3, requires_grad=True), use_reentrant=False)),
        ("detect_anomaly: a NaN gradient", lambda lib: _anomalous(lib)),
        ("set_detect_anomaly('a')", lambda lib: lib.autograd.set_detect_anomaly("a")),
        ("detect_anomaly(check_nan='a')", lambda lib: type(lib.autograd.detect_anomaly(
            check_nan="a")).__name__)]:
    _add("autograd", _name, _fn)


def _anomalous(lib):
    x = lib.tensor([0.0, 1.0], requires_grad=True)
    with lib.autograd.detect_anomaly():
        x.sqrt().mul(0.0).sum().backward()  # sqrt's gradient at 0 times 0: NaN
    return x.grad


# The func transforms: in_dims/out_dims structures, batch sizes that differ, randomness,
# jacobians of what has none.
_FUNC_23 = {
    "vmap(add)(ones(2, 3), ones(3, 3))": lambda lib, F: F.vmap(lib.add)(
        lib.ones(2, 3), lib.ones(3, 3)),
    "vmap(add, in_dims=(0, 1))(ones(2, 3), ones(3, 2))": lambda lib, F: F.vmap(
        lib.add, in_dims=(0, 1))(lib.ones(2, 3), lib.ones(3, 2)),
    "vmap(add, in_dims=(0, 1))(ones(2, 3), ones(3, 3))": lambda lib, F: F.vmap(
        lib.add, in_dims=(0, 1))(lib.ones(2, 3), lib.ones(3, 3)),
    "vmap(add, in_dims=[0, 0])(f23, f23)": lambda lib, F: F.vmap(
        lib.add, in_dims=[0, 0])(T(lib, "f23"), T(lib, "f23")),
    "vmap(add, in_dims=(0,))(f23, f23)": lambda lib, F: F.vmap(
        lib.add, in_dims=(0,))(T(lib, "f23"), T(lib, "f23")),
    "vmap(add, in_dims=(0, 0, 0))(f23, f23)": lambda lib, F: F.vmap(
        lib.add, in_dims=(0, 0, 0))(T(lib, "f23"), T(lib, "f23")),
    "vmap(add, in_dims=(None, None))(f23, f23)": lambda lib, F: F.vmap(
        lib.add, in_dims=(None, None))(T(lib, "f23"), T(lib, "f23")),
    "vmap(add, in_dims=(0, -3))(f23, f23)": lambda lib, F: F.vmap(
        lib.add, in_dims=(0, -3))(T(lib, "f23"), T(lib, "f23")),
    "vmap(f(d), in_dims=({'a': 0},))({'a': f23})": lambda lib, F: F.vmap(
        lambda d: d["a"] * 2, in_dims=({"a": 0},))({"a": T(lib, "f23")}),
    "vmap(f(d), in_dims=({'b': 0},))({'a': f23})": lambda lib, F: F.vmap(
        lambda d: d["a"] * 2, in_dims=({"b": 0},))({"a": T(lib, "f23")}),
    "vmap(f(d), in_dims=({'a': 1.5},))({'a': f23})": lambda lib, F: F.vmap(
        lambda d: d["a"] * 2, in_dims=({"a": 1.5},))({"a": T(lib, "f23")}),
    "vmap(f(pair))((f23, f32))": lambda lib, F: F.vmap(lambda p: p[0].sum() + p[1].sum())(
        (T(lib, "f23"), T(lib, "f32"))),
    "vmap(f(x, k=...))(f23, k=f23)": lambda lib, F: F.vmap(lambda x, k: x + k)(
        T(lib, "f23"), k=T(lib, "f23")),
    "vmap(x -> None)(f23)": lambda lib, F: F.vmap(lambda x: None)(T(lib, "f23")),
    "vmap(x -> (x, x), out_dims=(0,))(f23)": lambda lib, F: F.vmap(
        lambda x: (x, x), out_dims=(0,))(T(lib, "f23")),
    "vmap(x -> (x, x), out_dims=(0, 5))(f23)": lambda lib, F: F.vmap(
        lambda x: (x, x), out_dims=(0, 5))(T(lib, "f23")),
    "vmap(x -> (x, x), out_dims=(0, None))(f23)": lambda lib, F: F.vmap(
        lambda x: (x, x), out_dims=(0, None))(T(lib, "f23")),
    "vmap(x -> {'a': x}, out_dims={'b': 0})(f23)": lambda lib, F: F.vmap(
        lambda x: {"a": x}, out_dims={"b": 0})(T(lib, "f23")),
    "vmap(x -> x, out_dims=None)(f23)": lambda lib, F: F.vmap(
        lambda x: x, out_dims=None)(T(lib, "f23")),
    "vmap(x -> ones(2), out_dims=None)(f23)": lambda lib, F: F.vmap(
        lambda x: lib.ones(2), out_dims=None)(T(lib, "f23")),
    "vmap(x -> x.sum().item())(f23)": lambda lib, F: F.vmap(lambda x: x.sum().item())(
        T(lib, "f23")),
    "vmap(x -> x.nonzero())(f23)": lambda lib, F: F.vmap(lambda x: x.nonzero())(T(lib, "f23")),
    "vmap(x -> x[x > 0])(f23)": lambda lib, F: F.vmap(lambda x: x[x > 0])(T(lib, "f23")),
    "vmap(x -> x if x.sum() > 0 else -x)(f23)": lambda lib, F: F.vmap(
        lambda x: x if x.sum() > 0 else -x)(T(lib, "f23")),
    "vmap(dropout, randomness='error')(f23)": lambda lib, F: F.vmap(
        lambda x: lib.nn.functional.dropout(x, 0.5), randomness="error")(T(lib, "f23")),
    "vmap(rand_like, randomness='error')(f23)": lambda lib, F: F.vmap(
        lambda x: lib.rand_like(x), randomness="error")(T(lib, "f23")),
    "vmap(normal_, randomness='same')(f23)": lambda lib, F: F.vmap(
        lambda x: x.clone().normal_(), randomness="same")(T(lib, "f23")).shape,
    "vmap(randn(3), randomness='different')(f23)": lambda lib, F: F.vmap(
        lambda x: x + lib.randn(3), randomness="different")(T(lib, "f23")).shape,
    "vmap(sum, chunk_size=-1)(f23)": lambda lib, F: F.vmap(lib.sum, chunk_size=-1)(
        T(lib, "f23")),
    "vmap(sum, chunk_size=1.5)(f23)": lambda lib, F: F.vmap(lib.sum, chunk_size=1.5)(
        T(lib, "f23")),
    "vmap(vmap(sum))(f3)": lambda lib, F: F.vmap(F.vmap(lib.sum))(T(lib, "f3")),
    "vmap(x -> x.view(-1))(nc23)": lambda lib, F: F.vmap(lambda x: x.view(-1))(
        T(lib, "nc23")),
    "vmap(x -> x.add_(f23))(f23)": lambda lib, F: F.vmap(lambda x: x.add_(T(lib, "f23")))(
        T(lib, "f23")),
    "vmap(x -> f3.add_(x))(f23)": lambda lib, F: F.vmap(lambda x: T(lib, "f3").add_(x))(
        T(lib, "f23")),
    "grad(x -> (x * 1j).abs().sum())(f3)": lambda lib, F: F.grad(
        lambda x: (x * 1j).abs().sum())(T(lib, "f3")),
    "grad(x -> (x * 1j).sum())(f3)": lambda lib, F: F.grad(lambda x: (x * 1j).sum())(
        T(lib, "f3")),
    "grad(x -> x.sum().long())(f3)": lambda lib, F: F.grad(lambda x: x.sum().long())(
        T(lib, "f3")),
    "grad(x -> x.sum().detach())(f3)": lambda lib, F: F.grad(lambda x: x.sum().detach())(
        T(lib, "f3")),
    "grad(x -> ones(()))(f3)": lambda lib, F: F.grad(lambda x: lib.ones(()))(T(lib, "f3")),
    "grad(x -> x.sum())(c3)": lambda lib, F: F.grad(lambda x: x.sum())(T(lib, "c3")),
    "grad(x -> x.abs().sum())(c3)": lambda lib, F: F.grad(lambda x: x.abs().sum())(
        T(lib, "c3")),
    "grad(f, argnums=0)((f3, f3))": lambda lib, F: F.grad(lambda p: (p[0] * p[1]).sum())(
        (T(lib, "f3"), T(lib, "f3"))),
    "grad(f, argnums=(0, 1))(f3, 2.0)": lambda lib, F: F.grad(
        lambda x, k: (x * k).sum(), argnums=(0, 1))(T(lib, "f3"), 2.0),
    "grad(f, has_aux=True) aux not a tensor": lambda lib, F: F.grad(
        lambda x: (x.sum(), "aux"), has_aux=True)(T(lib, "f3")),
    "grad(f, has_aux=True) returning 3 values": lambda lib, F: F.grad(
        lambda x: (x.sum(), x, x), has_aux=True)(T(lib, "f3")),
    "grad_and_value(x -> x)(f3)": lambda lib, F: F.grad_and_value(lambda x: x)(T(lib, "f3")),
    "jacrev(x -> x.long())(f3)": lambda lib, F: F.jacrev(lambda x: x.long())(T(lib, "f3")),
    "jacrev(sin, has_aux=True)(f3)": lambda lib, F: F.jacrev(lib.sin, has_aux=True)(
        T(lib, "f3")),
    "jacrev(x -> (x, 1), has_aux=True)(f3)": lambda lib, F: F.jacrev(
        lambda x: (x.sin(), 1), has_aux=True)(T(lib, "f3")),
    "jacrev(sin, chunk_size=0)(f3)": lambda lib, F: F.jacrev(lib.sin, chunk_size=0)(
        T(lib, "f3")),
    "jacrev(sin)(c3)": lambda lib, F: F.jacrev(lib.sin)(T(lib, "c3")),
    "jacrev(sin)(fs)": lambda lib, F: F.jacrev(lib.sin)(T(lib, "fs")),
    "jacrev(sin)(f0)": lambda lib, F: F.jacrev(lib.sin)(T(lib, "f0")),
    "jacfwd(sin)(i3)": lambda lib, F: F.jacfwd(lib.sin)(T(lib, "i3")),
    "jacfwd(sin, randomness='bad')(f3)": lambda lib, F: F.jacfwd(lib.sin, randomness="bad")(
        T(lib, "f3")),
    "jacfwd(x -> x.item())(f3)": lambda lib, F: F.jacfwd(lambda x: x.sum().item())(
        T(lib, "f3")),
    "hessian(x -> x.sin())(f3)": lambda lib, F: F.hessian(lambda x: x.sin())(T(lib, "f3")),
    "hessian(x -> x.sum())(i3)": lambda lib, F: F.hessian(lambda x: x.sum())(T(lib, "i3")),
    "hessian(x -> x.pow(3).sum())(f23)": lambda lib, F: F.hessian(lambda x: x.pow(3).sum())(
        T(lib, "f23")),
    "vjp(sin, f3)[1](ones(3), ones(3))": lambda lib, F: F.vjp(lib.sin, T(lib, "f3"))[1](
        lib.ones(3), lib.ones(3)),
    "vjp(sin, f3)[1]((ones(3),))": lambda lib, F: F.vjp(lib.sin, T(lib, "f3"))[1](
        (lib.ones(3),)),
    "vjp(sin, i3)": lambda lib, F: F.vjp(lib.sin, T(lib, "i3"))[0],
    "vjp(x -> (x, x), f3)[1](ones(3))": lambda lib, F: F.vjp(
        lambda x: (x, x), T(lib, "f3"))[1](lib.ones(3)),
    "jvp(sin, f3, (f3,))": lambda lib, F: F.jvp(lib.sin, T(lib, "f3"), (T(lib, "f3"),)),
    "jvp(sin, (f3,), f3)": lambda lib, F: F.jvp(lib.sin, (T(lib, "f3"),), T(lib, "f3")),
    "jvp(sin, [f3], [f3])": lambda lib, F: F.jvp(lib.sin, [T(lib, "f3")], [T(lib, "f3")]),
    "jvp(x -> x.item(), (f3,), (f3,))": lambda lib, F: F.jvp(
        lambda x: x.sum().item(), (T(lib, "f3"),), (T(lib, "f3"),)),
    "linearize(sin, f3)[1](f4)": lambda lib, F: F.linearize(lib.sin, T(lib, "f3"))[1](
        T(lib, "f4")),
    "functional_call(Linear, {'weight': ones(2, 3, float64)}, f23)": lambda lib, F:
        F.functional_call(lib.nn.Linear(3, 2), {"weight": lib.ones(2, 3, dtype=lib.float64)},
                          (T(lib, "f23"),)),
    "functional_call(Linear, {'weight': 1.0}, f23)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 2), {"weight": 1.0}, (T(lib, "f23"),)),
    "functional_call(Linear, {}, f23, strict=True)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 2), {}, (T(lib, "f23"),), strict=True),
    "functional_call(Linear, [], f23)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 2), [], (T(lib, "f23"),)),
    "functional_call(Linear, {'weight': w}, f23, kwargs=1)": lambda lib, F: F.functional_call(
        lib.nn.Linear(3, 2), {"weight": lib.ones(2, 3)}, (T(lib, "f23"),), 1),
    "stack_module_state([])": lambda lib, F: F.stack_module_state([]),
    "stack_module_state([Linear(3, 2), Linear(3, 4)])": lambda lib, F: F.stack_module_state(
        [lib.nn.Linear(3, 2), lib.nn.Linear(3, 4)]),
}
for _name, _fn in _FUNC_23.items():
    _add("func", _name, lambda lib, fn=_fn: (lib.manual_seed(0), fn(lib, lib.func))[1],
         random="random" in _name)


# Every distribution's methods on values outside its support or of the wrong shape, and the
# statistics it may not have: with validate_args given either way.
_DIST_SWEEP = {
    "Normal(zeros(2), ones(2))": (lambda D, t: D.Normal(t([0.0, 0.0]), t([1.0, 1.0])), -5.0),
    "Uniform(zeros(2), ones(2))": (lambda D, t: D.Uniform(t([0.0, 0.0]), t([1.0, 1.0])), 1.5),
    "Exponential(ones(2))": (lambda D, t: D.Exponential(t([1.0, 2.0])), -1.0),
    "Laplace(zeros(2), ones(2))": (lambda D, t: D.Laplace(t([0.0, 0.0]), t([1.0, 1.0])), 0.5),
    "Cauchy(zeros(2), ones(2))": (lambda D, t: D.Cauchy(t([0.0, 0.0]), t([1.0, 1.0])), 0.5),
    "Gamma(ones(2) * 2, ones(2))": (lambda D, t: D.Gamma(t([2.0, 2.0]), t([1.0, 1.0])), -1.0),
    "Beta(ones(2) * 2, ones(2) * 3)": (lambda D, t: D.Beta(t([2.0, 2.0]), t([3.0, 3.0])), 1.5),
    "LogNormal(zeros(2), ones(2))": (lambda D, t: D.LogNormal(t([0.0, 0.0]), t([1.0, 1.0])),
                                     -1.0),
    "HalfNormal(ones(2))": (lambda D, t: D.HalfNormal(t([1.0, 2.0])), -1.0),
    "HalfCauchy(ones(2))": (lambda D, t: D.HalfCauchy(t([1.0, 2.0])), -1.0),
    "StudentT(ones(2) * 3)": (lambda D, t: D.StudentT(t([3.0, 3.0])), 0.5),
    "Chi2(ones(2) * 3)": (lambda D, t: D.Chi2(t([3.0, 3.0])), -1.0),
    "Gumbel(zeros(2), ones(2))": (lambda D, t: D.Gumbel(t([0.0, 0.0]), t([1.0, 1.0])), 0.5),
    "Weibull(ones(2), ones(2) * 2)": (lambda D, t: D.Weibull(t([1.0, 1.0]), t([2.0, 2.0])),
                                      -1.0),
    "Pareto(ones(2), ones(2) * 3)": (lambda D, t: D.Pareto(t([1.0, 1.0]), t([3.0, 3.0])), 0.5),
    "Kumaraswamy(ones(2) * 2, ones(2) * 2)": (
        lambda D, t: D.Kumaraswamy(t([2.0, 2.0]), t([2.0, 2.0])), 1.5),
    "VonMises(zeros(2), ones(2))": (lambda D, t: D.VonMises(t([0.0, 0.0]), t([1.0, 1.0])),
                                    0.5),
    "FisherSnedecor(ones(2) * 3, ones(2) * 5)": (
        lambda D, t: D.FisherSnedecor(t([3.0, 3.0]), t([5.0, 5.0])), -1.0),
    "ContinuousBernoulli(probs=[.3, .7])": (
        lambda D, t: D.ContinuousBernoulli(probs=t([0.3, 0.7])), 1.5),
    "Bernoulli(probs=[.3, .7])": (lambda D, t: D.Bernoulli(probs=t([0.3, 0.7])), 0.5),
    "Geometric(probs=[.3, .7])": (lambda D, t: D.Geometric(probs=t([0.3, 0.7])), 1.5),
    "Poisson([2., 3.])": (lambda D, t: D.Poisson(t([2.0, 3.0])), -1.0),
    "Binomial(5, probs=[.3, .7])": (lambda D, t: D.Binomial(5, probs=t([0.3, 0.7])), 6.0),
    "NegativeBinomial(5, probs=[.3, .7])": (
        lambda D, t: D.NegativeBinomial(5, probs=t([0.3, 0.7])), 0.5),
    "Categorical(probs=[[.2, .8], [.5, .5]])": (
        lambda D, t: D.Categorical(probs=t([[0.2, 0.8], [0.5, 0.5]])), 2.0),
    "OneHotCategorical(probs=[[.2, .8], [.5, .5]])": (
        lambda D, t: D.OneHotCategorical(probs=t([[0.2, 0.8], [0.5, 0.5]])), 0.5),
    "Dirichlet([[1., 2.], [2., 2.]])": (
        lambda D, t: D.Dirichlet(t([[1.0, 2.0], [2.0, 2.0]])), 0.7),
    "MultivariateNormal(zeros(2), eye(2))": (
        lambda D, t: D.MultivariateNormal(t([0.0, 0.0]), t([[1.0, 0.0], [0.0, 1.0]])), 0.5),
    "Multinomial(3, probs=[.2, .8])": (lambda D, t: D.Multinomial(3, probs=t([0.2, 0.8])),
                                       1.0),
    "RelaxedBernoulli(0.5, probs=[.3, .7])": (
        lambda D, t: D.RelaxedBernoulli(t(0.5), probs=t([0.3, 0.7])), 1.5),
    "LKJCholesky(2, 1.)": (lambda D, t: D.LKJCholesky(2, t(1.0)), 0.5),
    "Wishart(2., eye(2))": (lambda D, t: D.Wishart(t(2.0), t([[1.0, 0.0], [0.0, 1.0]])), 0.5),
}
_DIST_METHODS = {
    "log_prob(outside)": lambda d, lib, v: d.log_prob(lib.full(d.batch_shape + d.event_shape,
                                                               v)),
    "log_prob(shape [3])": lambda d, lib, v: d.log_prob(lib.full((3,), v)),
    "log_prob(int)": lambda d, lib, v: d.log_prob(lib.ones(d.batch_shape + d.event_shape,
                                                           dtype=lib.int64)),
    "log_prob(float64)": lambda d, lib, v: d.log_prob(lib.ones(
        d.batch_shape + d.event_shape, dtype=lib.float64) * 0.5),
    "log_prob(a number)": lambda d, lib, v: d.log_prob(0.5),
    "cdf(outside)": lambda d, lib, v: d.cdf(lib.full(d.batch_shape, v)),
    "icdf(1.5)": lambda d, lib, v: d.icdf(lib.full(d.batch_shape, 1.5)),
    "icdf(0.5)": lambda d, lib, v: d.icdf(lib.full(d.batch_shape, 0.5)),
    "entropy()": lambda d, lib, v: d.entropy(),
    "mean": lambda d, lib, v: d.mean,
    "mode": lambda d, lib, v: d.mode,
    "variance": lambda d, lib, v: d.variance,
    "stddev": lambda d, lib, v: d.stddev,
    "perplexity()": lambda d, lib, v: d.perplexity(),
    "enumerate_support()": lambda d, lib, v: d.enumerate_support(),
    "enumerate_support(expand=False)": lambda d, lib, v: d.enumerate_support(expand=False),
    "expand((3,))": lambda d, lib, v: tuple(d.expand((3,)).batch_shape),
    "expand((3, 2))": lambda d, lib, v: tuple(d.expand((3, 2)).batch_shape),
    "expand([])": lambda d, lib, v: tuple(d.expand([]).batch_shape),
    "sample((-1,))": lambda d, lib, v: d.sample((-1,)),
    "sample(2.5)": lambda d, lib, v: d.sample(2.5),
    "rsample((2,))": lambda d, lib, v: d.rsample((2,)),
    "sample_n(2)": lambda d, lib, v: d.sample_n(2),
    "support": lambda d, lib, v: type(d.support).__name__,
    "has_rsample": lambda d, lib, v: d.has_rsample,
    "has_enumerate_support": lambda d, lib, v: d.has_enumerate_support,
}
for _name, (_make, _outside) in _DIST_SWEEP.items():
    for _method, _fn in _DIST_METHODS.items():
        for _validate in ((True, False) if _method.startswith(("log_prob", "cdf", "icdf"))
                          else (None,)):
            def _dist_case(lib, make=_make, fn=_fn, v=_outside, validate=_validate):
                lib.manual_seed(0)
                D = lib.distributions if validate is None else _Validated(
                    lib.distributions, validate)
                return fn(make(D, lib.tensor), lib, v)
            _shown = "" if _validate is None else f" [validate_args={_validate}]"
            # (a float64 value beside float32 parameters is float32-accurate: its dtype and
            # shape are compared)
            _add("distribution", f"{_name}.{_method}{_shown}", _dist_case,
                 random=_method.startswith(("sample", "rsample", "log_prob(float64)")))
for _name, _fn in [
        ("kl_divergence(Normal, Beta)", lambda lib: lib.distributions.kl_divergence(
            lib.distributions.Normal(0.0, 1.0), lib.distributions.Beta(2.0, 2.0))),
        ("kl_divergence(Normal [2], Normal [3])", lambda lib: lib.distributions.kl_divergence(
            lib.distributions.Normal(lib.zeros(2), 1.0),
            lib.distributions.Normal(lib.zeros(3), 1.0))),
        ("kl_divergence(Normal, 1.0)", lambda lib: lib.distributions.kl_divergence(
            lib.distributions.Normal(0.0, 1.0), 1.0)),
        ("Normal(0, 1, validate_args='a')", lambda lib: lib.distributions.Normal(
            0.0, 1.0, validate_args="a").mean),
        ("Distribution.set_default_validate_args('a')", lambda lib: (
            lib.distributions.Distribution.set_default_validate_args("a"))),
        ("Independent(Normal(zeros(2)), 2)", lambda lib: lib.distributions.Independent(
            lib.distributions.Normal(lib.zeros(2), 1.0), 2)),
        ("Independent(Normal(zeros(2)), -1)", lambda lib: tuple(lib.distributions.Independent(
            lib.distributions.Normal(lib.zeros(2), 1.0), -1).event_shape)),
        ("MixtureSameFamily(Categorical [3], Normal [2])", lambda lib:
            lib.distributions.MixtureSameFamily(
                lib.distributions.Categorical(lib.ones(3)),
                lib.distributions.Normal(lib.zeros(2), 1.0)).mean),
        ("MixtureSameFamily(Normal, Normal)", lambda lib: lib.distributions.MixtureSameFamily(
            lib.distributions.Normal(lib.zeros(2), 1.0),
            lib.distributions.Normal(lib.zeros(2), 1.0)).mean),
        ("TransformedDistribution(Normal, [1])", lambda lib:
            lib.distributions.TransformedDistribution(
                lib.distributions.Normal(0.0, 1.0), [1]).mean),
        ("TransformedDistribution(Normal, ExpTransform()).log_prob(-1.)", lambda lib:
            lib.distributions.TransformedDistribution(
                lib.distributions.Normal(0.0, 1.0),
                lib.distributions.transforms.ExpTransform(),
                validate_args=True).log_prob(lib.tensor(-1.0))),
        ("AffineTransform(0., 0.).inv(ones(2))", lambda lib:
            lib.distributions.transforms.AffineTransform(0.0, 0.0).inv(lib.ones(2))),
        ("constraints.positive.check(ones(2)) then event_dim", lambda lib:
            lib.distributions.constraints.positive.check(lib.tensor([1.0, -1.0]))),
        ("biject_to(constraints.real_vector)(ones(2))", lambda lib:
            lib.distributions.biject_to(lib.distributions.constraints.real_vector)(
                lib.ones(2))),
        ("transform_to(constraints.simplex)(ones(3))", lambda lib:
            lib.distributions.transform_to(lib.distributions.constraints.simplex)(
                lib.ones(3)))]:
    _add("distribution", _name, _fn)


# nn.utils: weight and spectral norms, parametrizations, pruning, fusing, packing.
def _parametrized(lib, parametrization, tensor_name="weight", unsafe=False, module=None):
    import importlib
    P = importlib.import_module(f"{lib.__name__}.nn.utils.parametrize")
    module = lib.nn.Linear(3, 2) if module is None else module
    P.register_parametrization(module, tensor_name, parametrization(lib), unsafe=unsafe)
    return tuple(getattr(module, tensor_name).shape)


class _Shrink:
    """A parametrization (built per library) that changes the tensor's shape."""

    def __new__(cls, lib):
        class Shrink(lib.nn.Module):
            def forward(self, x):
                return x[:1]
        return Shrink()


class _Plain:
    def __new__(cls, lib):
        class Plain(lib.nn.Module):
            def forward(self, x):
                return x * 2
        return Plain()


def _nn_utils(lib, path):
    import importlib
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(f"{lib.__name__}.nn.utils{module and '.' + module}"),
                   name)


for _name, _fn in [
        ("weight_norm(Linear, name='nope')", lambda lib: _nn_utils(lib, "weight_norm")(
            lib.nn.Linear(3, 2), name="nope")),
        ("weight_norm(Linear, dim=5)", lambda lib: _nn_utils(lib, "weight_norm")(
            lib.nn.Linear(3, 2), dim=5).weight_g.shape),
        ("weight_norm(Linear, dim=None)", lambda lib: tuple(_nn_utils(lib, "weight_norm")(
            lib.nn.Linear(3, 2), dim=None).weight_g.shape)),
        ("weight_norm twice", lambda lib: (lambda m: _nn_utils(lib, "weight_norm")(
            _nn_utils(lib, "weight_norm")(m)))(lib.nn.Linear(3, 2))),
        ("remove_weight_norm(Linear)", lambda lib: _nn_utils(lib, "remove_weight_norm")(
            lib.nn.Linear(3, 2))),
        ("spectral_norm(Linear, name='nope')", lambda lib: _nn_utils(lib, "spectral_norm")(
            lib.nn.Linear(3, 2), name="nope")),
        ("spectral_norm(Linear, n_power_iterations=0)", lambda lib: _nn_utils(
            lib, "spectral_norm")(lib.nn.Linear(3, 2), n_power_iterations=0)),
        ("spectral_norm(Linear, n_power_iterations=-1)", lambda lib: _nn_utils(
            lib, "spectral_norm")(lib.nn.Linear(3, 2), n_power_iterations=-1)),
        ("spectral_norm twice", lambda lib: (lambda m: _nn_utils(lib, "spectral_norm")(
            _nn_utils(lib, "spectral_norm")(m)))(lib.nn.Linear(3, 2))),
        ("remove_spectral_norm(Linear)", lambda lib: _nn_utils(lib, "remove_spectral_norm")(
            lib.nn.Linear(3, 2))),
        ("spectral_norm(Linear, name='bias')", lambda lib: tuple(_nn_utils(
            lib, "spectral_norm")(lib.nn.Linear(3, 2), name="bias").bias.shape)),
        ("parametrizations.weight_norm(Linear, name='nope')", lambda lib: _nn_utils(
            lib, "parametrizations.weight_norm")(lib.nn.Linear(3, 2), name="nope")),
        ("parametrizations.spectral_norm(Linear, n_power_iterations=0)", lambda lib: _nn_utils(
            lib, "parametrizations.spectral_norm")(lib.nn.Linear(3, 2),
                                                   n_power_iterations=0)),
        ("parametrizations.spectral_norm(Linear, dim=5)", lambda lib: _nn_utils(
            lib, "parametrizations.spectral_norm")(lib.nn.Linear(3, 2), dim=5)),
        ("parametrizations.orthogonal(Linear, name='bias')", lambda lib: tuple(_nn_utils(
            lib, "parametrizations.orthogonal")(lib.nn.Linear(3, 2), name="bias").bias.shape)),
        ("parametrizations.orthogonal(Linear, orthogonal_map='bad')", lambda lib: _nn_utils(
            lib, "parametrizations.orthogonal")(lib.nn.Linear(3, 2), orthogonal_map="bad")),
        ("parametrizations.orthogonal(Linear(int))", lambda lib: _nn_utils(
            lib, "parametrizations.orthogonal")(lib.nn.Linear(3, 2).to(lib.float64),
                                                name="nope")),
        ("register_parametrization changing the shape", lambda lib: _parametrized(
            lib, _Shrink)),
        ("register_parametrization changing the shape, unsafe", lambda lib: _parametrized(
            lib, _Shrink, unsafe=True)),
        ("register_parametrization of a missing tensor", lambda lib: _parametrized(
            lib, _Plain, tensor_name="nope")),
        ("register_parametrization(not a module)", lambda lib: _parametrized(
            lib, lambda lib: (lambda x: x * 2))),
        ("remove_parametrizations of an unparametrized tensor", lambda lib: _nn_utils(
            lib, "parametrize.remove_parametrizations")(lib.nn.Linear(3, 2), "weight")),
        ("prune.l1_unstructured(Linear, 'weight', amount=1.5)", lambda lib: _nn_utils(
            lib, "prune.l1_unstructured")(lib.nn.Linear(3, 2), "weight", amount=1.5)),
        ("prune.l1_unstructured(Linear, 'weight', amount=10)", lambda lib: _nn_utils(
            lib, "prune.l1_unstructured")(lib.nn.Linear(3, 2), "weight", amount=10)),
        ("prune.l1_unstructured(Linear, 'weight', amount=-1)", lambda lib: _nn_utils(
            lib, "prune.l1_unstructured")(lib.nn.Linear(3, 2), "weight", amount=-1)),
        ("prune.l1_unstructured(Linear, 'nope', amount=1)", lambda lib: _nn_utils(
            lib, "prune.l1_unstructured")(lib.nn.Linear(3, 2), "nope", amount=1)),
        ("prune.l1_unstructured(Linear, 'weight', amount='a')", lambda lib: _nn_utils(
            lib, "prune.l1_unstructured")(lib.nn.Linear(3, 2), "weight", amount="a")),
        ("prune.random_unstructured(Linear, 'weight', amount=0.5).weight.shape", lambda lib:
            tuple(_nn_utils(lib, "prune.random_unstructured")(
                lib.nn.Linear(3, 2), "weight", amount=0.5).weight.shape)),
        ("prune.ln_structured(Linear, 'weight', 0.5, n=2, dim=5)", lambda lib: _nn_utils(
            lib, "prune.ln_structured")(lib.nn.Linear(3, 2), "weight", 0.5, n=2, dim=5)),
        ("prune.remove(Linear, 'weight') unpruned", lambda lib: _nn_utils(
            lib, "prune.remove")(lib.nn.Linear(3, 2), "weight")),
        ("prune.global_unstructured(amount=0.5) no method", lambda lib: _nn_utils(
            lib, "prune.global_unstructured")([(lib.nn.Linear(3, 2), "weight")], None,
                                              amount=0.5)),
        ("fuse_conv_bn_eval in training mode", lambda lib: _nn_utils(
            lib, "fusion.fuse_conv_bn_eval")(lib.nn.Conv2d(3, 4, 2), lib.nn.BatchNorm2d(4))),
        ("fuse_conv_bn_eval with BatchNorm of 5 features", lambda lib: _nn_utils(
            lib, "fusion.fuse_conv_bn_eval")(lib.nn.Conv2d(3, 4, 2).eval(),
                                             lib.nn.BatchNorm2d(5).eval())),
        ("fuse_linear_bn_eval with BatchNorm of 3 features", lambda lib: _nn_utils(
            lib, "fusion.fuse_linear_bn_eval")(lib.nn.Linear(3, 2).eval(),
                                               lib.nn.BatchNorm1d(3).eval())),
        ("clip_grad_value_(clip_value=-1.0)", lambda lib: (lambda p: (
            p.sum().backward(), _nn_utils(lib, "clip_grad_value_")([p], -1.0), p.grad)[2])(
            lib.tensor([3.0, -4.0], requires_grad=True))),
        ("clip_grad_value_(clip_value='a')", lambda lib: (lambda p: (
            p.sum().backward(), _nn_utils(lib, "clip_grad_value_")([p], "a"), p.grad)[2])(
            lib.tensor([3.0, -4.0], requires_grad=True))),
        ("clip_grad_norm_(no grads)", lambda lib: _nn_utils(lib, "clip_grad_norm_")(
            [lib.ones(2, requires_grad=True)], 1.0)),
        ("clip_grad_norm_(max_norm=-1.0)", lambda lib: (lambda p: (
            (p * p).sum().backward(), _nn_utils(lib, "clip_grad_norm_")([p], -1.0), p.grad)[2])(
            lib.tensor([3.0, -4.0], requires_grad=True))),
        ("clip_grad_norm_(inf grad, norm_type=inf, error_if_nonfinite=True)", lambda lib: (
            lambda p: (p.mul(lib.tensor([float("inf"), 1.0])).sum().backward(),
                       _nn_utils(lib, "clip_grad_norm_")([p], 1.0, norm_type=float("inf"),
                                                         error_if_nonfinite=True))[1])(
            lib.tensor([3.0, -4.0], requires_grad=True))),
        ("clip_grad_norm_(inf grad, norm_type=inf)", lambda lib: (
            lambda p: (p.mul(lib.tensor([float("inf"), 1.0])).sum().backward(),
                       _nn_utils(lib, "clip_grad_norm_")([p], 1.0, norm_type=float("inf")),
                       p.grad)[2])(lib.tensor([3.0, -4.0], requires_grad=True))),
        ("clip_grad_norm_(int grads)", lambda lib: _nn_utils(lib, "clip_grad_norm_")(
            [lib.ones(2)], 1.0)),
        ("clip_grad_norm_(a tensor of grads, foreach=True)", lambda lib: (lambda p: (
            (p * p).sum().backward(),
            _nn_utils(lib, "clip_grad_norm_")(p, 1.0, foreach=True), p.grad)[2])(
            lib.tensor([3.0, -4.0], requires_grad=True))),
        ("get_total_norm([])", lambda lib: _nn_utils(lib, "get_total_norm")([])),
        ("get_total_norm([ones(2), ones(3, float64)])", lambda lib: _nn_utils(
            lib, "get_total_norm")([lib.ones(2), lib.ones(3, dtype=lib.float64)])),
        ("pack_sequence([f3, f4])", lambda lib: _nn_utils(lib, "rnn.pack_sequence")(
            [T(lib, "f3"), T(lib, "f4")]).batch_sizes),
        ("pack_sequence([f3, f4], enforce_sorted=False)", lambda lib: _nn_utils(
            lib, "rnn.pack_sequence")([T(lib, "f3"), T(lib, "f4")],
                                      enforce_sorted=False).batch_sizes),
        ("pack_sequence([])", lambda lib: _nn_utils(lib, "rnn.pack_sequence")([])),
        ("pack_sequence([f3, f0])", lambda lib: _nn_utils(lib, "rnn.pack_sequence")(
            [T(lib, "f3"), T(lib, "f0")])),
        ("pack_sequence([fs])", lambda lib: _nn_utils(lib, "rnn.pack_sequence")(
            [T(lib, "fs")])),
        ("pack_sequence([f3, i3])", lambda lib: _nn_utils(lib, "rnn.pack_sequence")(
            [T(lib, "f3"), T(lib, "i3")]).data),
        ("unpad_sequence(f32c, [3, 4])", lambda lib: _nn_utils(lib, "rnn.unpad_sequence")(
            T(lib, "f32c"), lib.tensor([3, 4]))),
        ("unpad_sequence(f32c, [2])", lambda lib: _nn_utils(lib, "rnn.unpad_sequence")(
            T(lib, "f32c"), lib.tensor([2]))),
        ("unpack_sequence(f23)", lambda lib: _nn_utils(lib, "rnn.unpack_sequence")(
            T(lib, "f23"))),
        ("pad_sequence([f3, f4], padding_value='a')", lambda lib: _nn_utils(
            lib, "rnn.pad_sequence")([T(lib, "f3"), T(lib, "f4")], padding_value="a")),
        ("pad_sequence([f3, f4], batch_first=1)", lambda lib: _nn_utils(
            lib, "rnn.pad_sequence")([T(lib, "f3"), T(lib, "f4")], batch_first=1)),
        ("pad_sequence([fs, fs])", lambda lib: _nn_utils(lib, "rnn.pad_sequence")(
            [T(lib, "fs"), T(lib, "fs")])),
        ("pad_sequence(f23)", lambda lib: _nn_utils(lib, "rnn.pad_sequence")(T(lib, "f23"))),
        ("pad_packed_sequence(padding_value='a')", lambda lib: _nn_utils(
            lib, "rnn.pad_packed_sequence")(_nn_utils(lib, "rnn.pack_sequence")(
                [T(lib, "f4"), T(lib, "f3")]), padding_value="a")),
        ("pad_packed_sequence(total_length=-1)", lambda lib: _nn_utils(
            lib, "rnn.pad_packed_sequence")(_nn_utils(lib, "rnn.pack_sequence")(
                [T(lib, "f4"), T(lib, "f3")]), total_length=-1)),
        ("PackedSequence(f3, i3)", lambda lib: _nn_utils(lib, "rnn.PackedSequence")(
            T(lib, "f3"), T(lib, "i3"))),
        ("PackedSequence(f3)", lambda lib: _nn_utils(lib, "rnn.PackedSequence")(
            T(lib, "f3"))),
        ("parameters_to_vector([f3, i3])", lambda lib: _nn_utils(
            lib, "parameters_to_vector")([T(lib, "f3"), T(lib, "i3")])),
        ("parameters_to_vector([f3, d23])", lambda lib: _nn_utils(
            lib, "parameters_to_vector")([T(lib, "f3"), T(lib, "d23")])),
        ("parameters_to_vector([f3, m3])", lambda lib: _nn_utils(
            lib, "parameters_to_vector")([T(lib, "f3"), T(lib, "m3")])),
        ("vector_to_parameters(ones(6, dtype=int64), Linear(2, 2))", lambda lib: (
            lambda m: (_nn_utils(lib, "vector_to_parameters")(
                lib.arange(6), m.parameters()), m.weight)[1])(lib.nn.Linear(2, 2))),
        ("vector_to_parameters([1.0] * 6, Linear(2, 2))", lambda lib: _nn_utils(
            lib, "vector_to_parameters")([1.0] * 6, lib.nn.Linear(2, 2).parameters())),
        ("stateless.functional_call(Linear, {'weight': ones(3)}, f23)", lambda lib: _nn_utils(
            lib, "stateless.functional_call")(lib.nn.Linear(3, 2), {"weight": lib.ones(3)},
                                              (T(lib, "f23"),)))]:
    _add("nnutils", _name, _fn)


# --- session 24: hyper-parameters, loaders, distributions' parameters, special functions' edges,
# views, index dtypes, out= dtypes, in-place targets and checkpoints of odd objects, swept -------
_NAN, _INF = float("nan"), float("inf")
_SCALARS = [-1.0, 0.0, 2.0, _NAN, _INF, "a", None, True, "tensor", -0.5]
_PAIRS_BAD = [(1.0, 0.9), (0.9, 1.0), (-0.1, 0.9), (0.9, -0.1), (0.9,), (0.9, 0.99, 0.9), 0.9,
              "a", (_NAN, 0.9), (2.0, 0.5), ("t", "t")]
_FLAGS = ["a", 1, None, 0, True]


def _hyper(lib, value):
    """A hyper-parameter value under ``lib``: "tensor" is a 0-d tensor, "t" inside a pair too."""
    if value == "tensor" or value == "t":
        return lib.tensor(0.05)
    if isinstance(value, tuple):
        return tuple(_hyper(lib, v) for v in value)
    return value


_OPTIM_PARAMS = {
    "SGD": (["lr", "momentum", "dampening", "weight_decay"], [], ["nesterov", "maximize"],
            {"lr": 0.1, "momentum": 0.9}),
    "Adam": (["lr", "eps", "weight_decay"], ["betas"],
             ["amsgrad", "maximize", "foreach", "fused", "capturable",
              "decoupled_weight_decay"], {}),
    "AdamW": (["lr", "eps", "weight_decay"], ["betas"], ["amsgrad", "maximize"], {}),
    "Adamax": (["lr", "eps", "weight_decay"], ["betas"], ["maximize"], {}),
    "NAdam": (["lr", "eps", "weight_decay", "momentum_decay"], ["betas"],
              ["decoupled_weight_decay"], {}),
    "RAdam": (["lr", "eps", "weight_decay"], ["betas"], ["decoupled_weight_decay"], {}),
    "RMSprop": (["lr", "alpha", "eps", "weight_decay", "momentum"], [], ["centered"], {}),
    "Adagrad": (["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"], [],
                ["maximize"], {}),
    "Adadelta": (["lr", "rho", "eps", "weight_decay"], [], ["maximize"], {}),
    "Rprop": (["lr"], ["etas", "step_sizes"], ["maximize"], {}),
    "ASGD": (["lr", "lambd", "alpha", "t0", "weight_decay"], [], ["maximize"], {}),
    "LBFGS": (["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change",
               "history_size"], [], ["line_search_fn"], {}),
    "Adafactor": (["lr", "beta2_decay", "eps", "d", "weight_decay"], [], ["maximize"], {}),
    "Muon": (["lr", "weight_decay", "momentum", "eps", "ns_steps"], ["ns_coefficients"],
             ["nesterov", "adjust_lr_fn"], {}),
}


def _optimized(kind, kw):
    """Two steps of ``kind`` on a 2x3 leaf with a closure; the leaf's values after them."""
    def fn(lib):
        leaf = lib.tensor(_ARRAYS["f23"].copy(), requires_grad=True)
        optimizer = getattr(lib.optim, kind)([leaf], **{k: _hyper(lib, v) for k, v in kw.items()})

        def closure():
            optimizer.zero_grad()
            loss = (leaf * leaf * lib.tensor([[1.0, 2.0, 3.0]])).sum()
            loss.backward()
            return loss
        for _ in range(2):
            optimizer.step(closure)
        return leaf.detach()
    return fn


for _kind, (_scalars, _pairs, _flags, _base) in _OPTIM_PARAMS.items():
    for _names, _values in [(_scalars, _SCALARS), (_pairs, _PAIRS_BAD), (_flags, _FLAGS)]:
        for _param in _names:
            for _value in _values:
                _kw = {**_base, _param: _value}
                _add("optim", f"optim.{_kind}(leaf, {_param}={_value!r}) 2 steps",
                     _optimized(_kind, _kw))

# LR schedulers: each argument given what it does not take, four steps.
_SCHED_BASE = {
    "StepLR": {"step_size": 1}, "MultiStepLR": {"milestones": [1, 2]}, "ConstantLR": {},
    "LinearLR": {}, "ExponentialLR": {"gamma": 0.5}, "PolynomialLR": {},
    "CosineAnnealingLR": {"T_max": 3}, "CosineAnnealingWarmRestarts": {"T_0": 2},
    "CyclicLR": {"base_lr": 0.01, "max_lr": 0.1}, "OneCycleLR": {"max_lr": 1.0, "total_steps": 10},
    "ReduceLROnPlateau": {"patience": 0}, "LambdaLR": {"lr_lambda": "half"},
    "MultiplicativeLR": {"lr_lambda": "half"},
}
_SCHED_ARGS = {
    "StepLR": ["step_size", "gamma", "last_epoch"], "MultiStepLR": ["milestones", "gamma"],
    "ConstantLR": ["factor", "total_iters"], "LinearLR": ["start_factor", "end_factor",
                                                           "total_iters"],
    "ExponentialLR": ["gamma", "last_epoch"], "PolynomialLR": ["total_iters", "power"],
    "CosineAnnealingLR": ["T_max", "eta_min"], "CosineAnnealingWarmRestarts": ["T_0", "T_mult",
                                                                              "eta_min"],
    "CyclicLR": ["base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma",
                 "scale_mode", "cycle_momentum", "base_momentum", "max_momentum"],
    "OneCycleLR": ["max_lr", "total_steps", "pct_start", "anneal_strategy", "div_factor",
                   "final_div_factor", "three_phase", "base_momentum", "max_momentum"],
    "ReduceLROnPlateau": ["mode", "factor", "patience", "threshold", "threshold_mode",
                          "cooldown", "min_lr", "eps"],
    "LambdaLR": ["lr_lambda"], "MultiplicativeLR": ["lr_lambda"],
}
_SCHED_VALUES = [-1, 0, 1.5, "a", None, _NAN, True, 2, [1, 2], "min", -0.5]
_LAMBDAS = {"half": lambda epoch: 0.5, "negative": lambda epoch: -1.0,
            "string": lambda epoch: "a", "none": lambda epoch: None,
            "nan": lambda epoch: float("nan")}


def _scheduled(kind, kw):
    def fn(lib):
        leaf = lib.ones(2, requires_grad=True)
        optimizer = lib.optim.SGD([leaf], lr=0.1, momentum=0.9)
        S = lib.optim.lr_scheduler
        given = {k: (_LAMBDAS[v] if k == "lr_lambda" and isinstance(v, str) and v in _LAMBDAS
                     else [_LAMBDAS["half"]] * 2 if k == "lr_lambda" and v == [1, 2] else v)
                 for k, v in kw.items()}
        scheduler = getattr(S, kind)(optimizer, **given)
        rates = []
        for _ in range(4):
            optimizer.step()
            if kind == "ReduceLROnPlateau":
                scheduler.step(1.0)
            else:
                scheduler.step()
            rates.append(tuple(group["lr"] for group in optimizer.param_groups))
        return rates
    return fn


for _kind, _args in _SCHED_ARGS.items():
    for _arg in _args:
        _values = list(_SCHED_VALUES) + (list(_LAMBDAS) if _arg == "lr_lambda" else [])
        for _value in _values:
            _add("sched", f"{_kind}({_arg}={_value!r}) 4 steps",
                 _scheduled(_kind, {**_SCHED_BASE[_kind], _arg: _value}))

# Loaders and samplers: each argument given what it does not take (no value that would start
# worker processes), the batches' shapes.
_LOADER_VALUES = [-1, 0, 1.5, "a", None, True, 2, [0, 1]]


def _batches(lib, loader):
    return [tuple(b.shape) if isinstance(b, lib.Tensor) else
            tuple(tuple(x.shape) if isinstance(x, lib.Tensor) else x for x in b)
            for b in loader]


for _arg in ["batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn",
             "pin_memory", "drop_last", "timeout", "worker_init_fn", "prefetch_factor",
             "persistent_workers", "generator", "in_order", "pin_memory_device"]:
    for _value in _LOADER_VALUES:
        if _arg == "num_workers" and _value in (True, 2, [0, 1]):
            continue
        _add("data", f"DataLoader(rows, {_arg}={_value!r})",
             lambda lib, a=_arg, v=_value: _batches(lib, lib.utils.data.DataLoader(
                 _rows(lib, 5), **{a: v})))
        if _arg in ("batch_size", "shuffle", "drop_last", "sampler"):
            _add("data", f"DataLoader(rows, batch_sampler=[[0, 1]], {_arg}={_value!r})",
                 lambda lib, a=_arg, v=_value: _batches(lib, lib.utils.data.DataLoader(
                     _rows(lib, 5), batch_sampler=[[0, 1]], **{a: v})))
_SAMPLERS = {
    "RandomSampler": (lambda D, lib: [_rows(lib, 5)], ["replacement", "num_samples"]),
    "SequentialSampler": (lambda D, lib: [], ["data_source"]),
    "BatchSampler": (lambda D, lib: [], ["sampler", "batch_size", "drop_last"]),
    "WeightedRandomSampler": (lambda D, lib: [], ["weights", "num_samples", "replacement"]),
    "SubsetRandomSampler": (lambda D, lib: [], ["indices"]),
}
_SAMPLER_BASE = {"SequentialSampler": {"data_source": range(3)},
                 "BatchSampler": {"sampler": range(5), "batch_size": 2, "drop_last": False},
                 "WeightedRandomSampler": {"weights": [1.0, 2.0, 3.0], "num_samples": 4},
                 "SubsetRandomSampler": {"indices": [0, 2]}, "RandomSampler": {}}
for _kind, (_positional, _args) in _SAMPLERS.items():
    for _arg in _args:
        for _value in _LOADER_VALUES + [[-1.0, 2.0], [], 3.5e9]:
            def _sampled_rows(lib, kind=_kind, make=_positional, arg=_arg, value=_value):
                D = lib.utils.data
                lib.manual_seed(0)
                sampler = getattr(D, kind)(*make(D, lib), **{**_SAMPLER_BASE[kind], arg: value})
                return len(sampler), [len(b) if isinstance(b, list) else 1 for b in sampler]
            _add("data", f"{_kind}({_arg}={_value!r})", _sampled_rows)
for _lengths in [[2, 2], [0.5, 0.5], [1, 1, 1, 1, 1, 0], [0.0, 1.0], [3, -1], [2.5, 2.5],
                 [0.2] * 5, [1.0], [5], [], [True, 4], [0.5, "a"], [_NAN, 0.5], (2, 3),
                 [0.3, 0.3, 0.4]]:
    _add("data", f"random_split(5 rows, {_lengths!r}) lengths",
         lambda lib, n=_lengths: [len(s) for s in lib.utils.data.random_split(
             _rows(lib, 5), n, generator=lib.Generator().manual_seed(0))])

# Distributions: each parameter of each scalar-parameter distribution given a value out of its
# domain, validated or not; shapes, log_prob at a point of the support and the mean compared. In
# float32: torch's GeneralizedPareto refuses float64 parameters (its constants are float32), and
# its VonMises normalizer is a polynomial fit good to about 1e-8.
_DIST_PARAMS = {
    "Normal": ([0.0, 1.0], 0.5), "LogNormal": ([0.0, 1.0], 0.5), "Laplace": ([0.0, 1.0], 0.5),
    "Cauchy": ([0.0, 1.0], 0.5), "Gumbel": ([0.0, 1.0], 0.5), "HalfNormal": ([1.0], 0.5),
    "HalfCauchy": ([1.0], 0.5), "Exponential": ([1.0], 0.5), "Gamma": ([2.0, 1.0], 0.5),
    "Chi2": ([2.0], 0.5), "Beta": ([2.0, 2.0], 0.5), "Uniform": ([0.0, 1.0], 0.5),
    "StudentT": ([3.0, 0.0, 1.0], 0.5), "Poisson": ([2.0], 1.0), "Bernoulli": ([0.3], 1.0),
    "Geometric": ([0.3], 1.0), "Binomial": ([5.0, 0.3], 2.0),
    "NegativeBinomial": ([5.0, 0.3], 2.0), "Kumaraswamy": ([2.0, 2.0], 0.5),
    "Pareto": ([1.0, 2.0], 1.5), "Weibull": ([1.0, 2.0], 0.5),
    "FisherSnedecor": ([2.0, 3.0], 0.5), "VonMises": ([0.0, 1.0], 0.5),
    "ContinuousBernoulli": ([0.3], 0.5), "InverseGamma": ([2.0, 1.0], 0.5),
    "GeneralizedPareto": ([0.0, 1.0, 0.5], 0.5),
}
_DIST_BAD = [-1.0, 0.0, 1.5, _NAN, _INF, -_INF, "int", "py"]


def _dist_param(lib, value):
    if value == "int":
        return lib.tensor(2)
    if value == "py":
        return 2
    return lib.tensor(value)


for _kind, (_params, _point) in _DIST_PARAMS.items():
    for _i in range(len(_params)):
        for _bad in _DIST_BAD:
            for _validate in (True, False):
                def _dist_made(lib, kind=_kind, params=_params, i=_i, bad=_bad, point=_point,
                               validate=_validate):
                    args = [_dist_param(lib, p) for p in params]
                    args[i] = _dist_param(lib, bad)
                    d = getattr(lib.distributions, kind)(*args, validate_args=validate)
                    at = lib.tensor(point)
                    return tuple(d.batch_shape), tuple(d.event_shape), d.log_prob(at), d.mean
                _shown = [repr(p) for p in _params]
                _shown[_i] = repr(_bad) if not isinstance(_bad, str) else f"<{_bad}>"
                _add("distribution", f"{_kind}({', '.join(_shown)}).log_prob({_point}), mean "
                     f"[validate_args={_validate}]", _dist_made)

# Special functions at the edges of their domains: infinities, NaN, signed zeros, poles, values
# past the range of their float type, in float32 and float64.
_EDGES = [-_INF, -1e300, -3.0, -2.0, -1.0, -0.5, -0.0, 0.0, 1e-30, 0.5, 1.0, 2.0, 30.0, 1e300,
          _INF, _NAN]
for _op in ["erf", "erfc", "erfcx", "erfinv", "expit", "logit", "i0", "i0e", "i1", "i1e", "ndtr",
            "ndtri", "log_ndtr", "digamma", "gammaln", "entr", "sinc", "expm1", "exp2", "log1p",
            "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
            "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
            "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0",
            "airy_ai", "psi"]:
    for _dtype in ("float32", "float64"):
        _add("special", f"special.{_op}(edges, {_dtype})",
             lambda lib, op=_op, dt=_dtype: getattr(lib.special, op)(
                 lib.tensor(_EDGES, dtype=getattr(lib, dt))))
for _op in ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
            "chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
            "laguerre_polynomial_l", "legendre_polynomial_p", "shifted_chebyshev_polynomial_t",
            "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
            "shifted_chebyshev_polynomial_w"]:
    # (no NaN among the points: torch's vectorised kernel gives a NaN point the value of the
    # point before it)
    for _n in [-1, 0, 1, 3, 2.5, _NAN, "int tensor"]:
        _add("special", f"special.{_op}([-2, -1, -0.5, 0, 0.5, 1, 2, inf], {_n!r})",
             lambda lib, op=_op, n=_n: getattr(lib.special, op)(
                 lib.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, _INF], dtype=lib.float64),
                 lib.tensor([0, 1, 2, 3, 4, 5, 6, 7]) if n == "int tensor" else n))
for _op in ["xlogy", "xlog1py", "zeta", "gammainc", "gammaincc"]:
    for _other in [0.0, -1.0, 1.0, _INF, _NAN, -_INF]:
        _add("special", f"special.{_op}(edges, {_other!r})",
             lambda lib, op=_op, o=_other: getattr(lib.special, op)(
                 lib.tensor(_EDGES, dtype=lib.float64), o))
        _add("special", f"special.{_op}({_other!r}, edges)",
             lambda lib, op=_op, o=_other: getattr(lib.special, op)(
                 o, lib.tensor(_EDGES, dtype=lib.float64)))
# (not at the poles, the non-positive integers: torch's polygamma gives large finite numbers
# there)
_OFF_POLES = [x for x in _EDGES if not (x <= 0 and float(x).is_integer())]
for _n in [0, 1, 2, 5]:
    _add("special", f"special.polygamma({_n}, edges off the poles)",
         lambda lib, n=_n: lib.special.polygamma(n, lib.tensor(_OFF_POLES, dtype=lib.float64)))
for _p in [1, 2, 3]:
    _add("special", f"special.multigammaln(edges, {_p})",
         lambda lib, p=_p: lib.special.multigammaln(lib.tensor(_EDGES, dtype=lib.float64), p))

# Views: as_strided past the storage or with negative strides, narrow, unfold, diagonal, select,
# movedim, unflatten and view(dtype) with arguments that do not fit.
for _x in ["@f23", "@nc23"]:
    for _size in [(2, 3), (3, 3), (6,), (7,), (-1, 3), (2,), ()]:
        for _stride in [(3, 1), (1, 2), (0, 0), (-1, 1), (3,), ()]:
            for _offset in [0, 1, 5, -1]:
                _call("as_strided", _x, _size, _stride, _offset, family="view")
for _dim in [0, 1, 2, -3]:
    for _start in [0, -1, 2, 5, -4, 1.5]:
        for _length in [0, 1, 3, -1]:
            _call("narrow", "@f23", _dim, _start, _length, family="view")
for _dim in [0, 1, 2, -1]:
    for _size in [0, 1, 3, 4, -1]:
        for _step in [0, 1, -1, 2]:
            _call(".unfold", "@f23", _dim, _size, _step, family="view")
for _x in ["@f23", "@f3", "@f222"]:
    for _offset in [0, 1, -5, 5]:
        for _d1, _d2 in [(0, 1), (0, 0), (1, 2), (-1, -2), (0, -3)]:
            _call("diagonal", _x, _offset, _d1, _d2, family="view")
    for _dim in [0, 1, 2, -3]:
        for _index in [0, -1, 2, 3, -4]:
            _call("select", _x, _dim, _index, family="view")
    for _src, _dst in [(0, 1), (0, 2), ((0, 1), (1,)), ((0, 0), (1, 0)), (-3, 0),
                       ((0, 1), (1, 0)), ((), ())]:
        _call("movedim", _x, _src, _dst, family="view")
    for _dim in [0, 1, 2, -1]:
        for _sizes in [(2, 3), (3, -1), (-1, -1), (4,), (1, 3), (0,), ()]:
            _call("unflatten", _x, _dim, _sizes, family="view")
# (not of f0 or f20: torch gives a tensor made from an empty NumPy array the stride 0, so it
# refuses to view it as another element size)
for _x in ["@f23", "@nc23", "@fs", "@i23", "@b23", "@c23"]:
    for _dtype in ["%int8", "%int16", "%int32", "%int64", "%float16", "%float64", "%complex64",
                   "%complex128", "%bool", "%uint8"]:
        _call(".view", _x, _dtype, family="view")

# Indexing with index tensors of every dtype, in each op that takes one.
_INDEX_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "bool", "float32", "float16",
                 "complex64"]


def _index_of(lib, dtype, rank):
    data = [1, 0] if rank == 1 else [[1, 0, 1], [0, 1, 0]]
    return lib.tensor(data).to(getattr(lib, dtype))


_INDEX_OPS = {
    "x[i]": lambda lib, x, i: x[i],
    "x[:, i]": lambda lib, x, i: x[:, i],
    "x[i, i]": lambda lib, x, i: x[i, i],
    "x[i] = 1.": lambda lib, x, i: (_setitem(x, i, 1.0), x)[1],
    "x[i] += 1.": lambda lib, x, i: (_setitem(x, i, x[i] + 1.0), x)[1],
    "index_select(x, 0, i)": lambda lib, x, i: lib.index_select(x, 0, i),
    "take(x, i)": lambda lib, x, i: lib.take(x, i),
    "x.index_add_(0, i, ones)": lambda lib, x, i: x.index_add_(0, i, lib.ones(i.shape[0], 3)),
    "x.index_copy_(0, i, ones)": lambda lib, x, i: x.index_copy_(0, i, lib.ones(i.shape[0], 3)),
    "x.index_fill_(0, i, 2.)": lambda lib, x, i: x.index_fill_(0, i, 2.0),
    "gather(x, 1, i)": lambda lib, x, i: lib.gather(x, 1, i),
    "x.scatter_(1, i, 2.)": lambda lib, x, i: x.scatter_(1, i, 2.0),
    "x.scatter_add_(1, i, ones)": lambda lib, x, i: x.scatter_add_(1, i, lib.ones(i.shape)),
    "x.put_(i, ones)": lambda lib, x, i: x.put_(i, lib.ones(i.shape)),
    "take_along_dim(x, i, 1)": lambda lib, x, i: lib.take_along_dim(x, i, 1),
    "x.index_put_((i,), 2.)": lambda lib, x, i: x.index_put_((i,), lib.tensor(2.0)),
    "masked_select(x, i)": lambda lib, x, i: lib.masked_select(x, i),
    "x.masked_fill(i, 2.)": lambda lib, x, i: x.masked_fill(i, 2.0),
}
for _dtype in _INDEX_DTYPES:
    for _rank in (1, 2):
        for _name, _op in _INDEX_OPS.items():
            _add("index", f"{_name} with i a {_rank}-d {_dtype}",
                 lambda lib, op=_op, dt=_dtype, r=_rank: op(
                     lib, T(lib, "f23"), _index_of(lib, dt, r)))

# out= of every dtype, and of shapes that must be resized or cannot be.
_OUT_OPS = [("sub", ("@f23", "@f23")), ("div", ("@i23", "@i23")), ("sin", ("@f23",)),
            ("abs", ("@i23",)), ("neg", ("@f23",)), ("sqrt", ("@f23",)), ("floor", ("@f23",)),
            ("mean", ("@f23", 0)), ("prod", ("@f23", 1)), ("cumsum", ("@f23", 1)),
            ("mm", ("@f23", "@f32")), ("stack", (["@f23", "@f23"],)), ("lt", ("@f23", 0.0)),
            ("logical_and", ("@b23", "@b23")), ("bitwise_and", ("@i23", "@i23")),
            ("pow", ("@f23", 2)), ("sigmoid", ("@f23",)), ("maximum", ("@f23", "@f23")),
            ("remainder", ("@i23", 2)), ("isnan", ("@f23",)), ("round", ("@f23",)),
            ("angle", ("@c23",)), ("real", ("@c23",)), ("atan2", ("@f23", "@f23")),
            ("tanh", ("@i23",))]
for _out in ["%int64", "%int32", "%bool", "%float16", "%float64", "%complex64", "%uint8",
             "shape3", "shape0", "shape32"]:
    for _op, _args in _OUT_OPS:
        def _out_case(lib, op=_op, args=_args, out=_out):
            values = _materialize(lib, args)
            if out.startswith("%"):
                shape = getattr(lib, op)(*values).shape
                target = lib.zeros(shape, dtype=getattr(lib, out[1:]))
            else:
                target = lib.zeros({"shape3": (3,), "shape0": (0,), "shape32": (3, 2)}[out])
            result = getattr(lib, op)(*values, out=target)
            return result, target, result.data_ptr() == target.data_ptr()
        _add("out", f"{_op}({', '.join(_show(a) for a in _args)}, out={_show(_out)})",
             _out_case)

# In-place methods on leaves that require grad, on their views, on expanded tensors (under
# no_grad too), on integer and bool tensors given a float result. (Not resize_: growing an
# expanded tensor's storage leaves its new elements uninitialised.)
_INPLACE_METHODS = {
    "add_(1.5)": lambda x, lib: x.add_(1.5), "mul_(2)": lambda x, lib: x.mul_(2),
    "div_(2)": lambda x, lib: x.div_(2), "sub_(ones)": lambda x, lib: x.sub_(lib.ones(3)),
    "clamp_(0, 1)": lambda x, lib: x.clamp_(0, 1), "exp_()": lambda x, lib: x.exp_(),
    "sigmoid_()": lambda x, lib: x.sigmoid_(), "relu_()": lambda x, lib: x.relu_(),
    "zero_()": lambda x, lib: x.zero_(), "fill_(2)": lambda x, lib: x.fill_(2),
    "copy_(ones)": lambda x, lib: x.copy_(lib.ones(3)), "abs_()": lambda x, lib: x.abs_(),
    "masked_fill_(mask, 0)": lambda x, lib: x.masked_fill_(lib.tensor([True, False, True]), 0),
    "pow_(2)": lambda x, lib: x.pow_(2), "neg_()": lambda x, lib: x.neg_(),
    "floor_()": lambda x, lib: x.floor_(), "sqrt_()": lambda x, lib: x.sqrt_(),
    "unsqueeze_(0)": lambda x, lib: x.unsqueeze_(0), "t_()": lambda x, lib: x.t_(),
    "lerp_(ones, 0.5)": lambda x, lib: x.lerp_(lib.ones(3), 0.5),
    "addcmul_(ones, ones)": lambda x, lib: x.addcmul_(lib.ones(3), lib.ones(3)),
    "clamp_min_(0.5)": lambda x, lib: x.clamp_min_(0.5), "tanh_()": lambda x, lib: x.tanh_(),
    "index_fill_(1, [0], 0)": lambda x, lib: x.index_fill_(-1, lib.tensor([0]), 0),
    "scatter_(1, [[0]], 0)": lambda x, lib: x.scatter_(-1, lib.zeros(
        x.shape[:-1] + (1,), dtype=lib.int64), 0),
    "bitwise_not_()": lambda x, lib: x.bitwise_not_(), "logical_not_()": lambda x, lib:
        x.logical_not_(),
    "squeeze_()": lambda x, lib: x.squeeze_(),
}
_INPLACE_TARGETS = {
    "a leaf requiring grad": lambda lib: lib.ones(2, 3, requires_grad=True),
    "a view of a leaf requiring grad": lambda lib: lib.ones(2, 3, requires_grad=True)[0],
    "an expanded tensor": lambda lib: lib.ones(1, 3).expand(2, 3),
    "an int tensor": lambda lib: lib.tensor([[1, 2, 3], [4, 5, 6]]),
    "a bool tensor": lambda lib: lib.tensor([[True, False, True], [False, True, True]]),
    "a non-leaf": lambda lib: lib.ones(2, 3, requires_grad=True) * 2,
}
for _target, _make in _INPLACE_TARGETS.items():
    for _name, _method in _INPLACE_METHODS.items():
        def _inplace(lib, make=_make, method=_method):
            x = make(lib)
            result = method(x, lib)
            if result.requires_grad:
                result.sum().backward()
            return result, result.grad_fn is not None
        _add("inplace", f"{_name} on {_target}", _inplace)

        def _inplace_nograd(lib, make=_make, method=_method):
            x = make(lib)
            with lib.no_grad():
                result = method(x, lib)
            return result, result.requires_grad
        _add("inplace", f"{_name} on {_target} under no_grad", _inplace_nograd)

# Checkpoints of odd objects, loaded with weights_only either way: what comes back.


def _views_of(tensor):
    return tensor, tensor[1:], tensor.view(2, 2)


def _plain(lib, value):
    """A comparable form of a loaded object."""
    if isinstance(value, lib.Tensor):
        layout = str(value.layout).rpartition(".")[2]
        dense = value.to_dense() if layout != "strided" else value
        # (ember's sparse tensors are of a subclass: the layout is compared, not the class)
        kind = type(value).__name__ if layout == "strided" else "Tensor"
        return _form(lib, dense, False), value.requires_grad, kind, layout
    if isinstance(value, dict):
        return type(value).__name__, tuple((_plain(lib, k), _plain(lib, v))
                                           for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(_plain(lib, v) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value).__name__, tuple(sorted(value, key=repr))
    if isinstance(value, np.ndarray):
        return "ndarray", value.dtype.str, value.tolist()
    if isinstance(value, (lib.dtype, lib.device, lib.Size)) or type(value).__module__ in (
            "collections", "builtins", "numpy"):
        return type(value).__name__, str(value).replace("torch", "ember")
    return type(value).__name__


_ODD = {
    "a frozenset": lambda lib: frozenset({1, 2}), "a complex": lambda lib: 1 + 2j,
    "bytes": lambda lib: b"ab", "a bytearray": lambda lib: bytearray(b"ab"),
    "a range": lambda lib: range(3), "Ellipsis": lambda lib: ..., "None": lambda lib: None,
    "a dict with tensor keys": lambda lib: {lib.ones(1): 1},
    "a tuple of views of one storage": lambda lib: _views_of(lib.arange(4.0)),
    "a non-contiguous view": lambda lib: lib.arange(6.0).reshape(2, 3).t(),
    "a numpy scalar": lambda lib: np.float32(1.5), "a numpy int array": lambda lib: np.arange(3),
    "a numpy dtype": lambda lib: np.dtype("float32"), "a device": lambda lib: lib.device("cpu"),
    "a defaultdict": lambda lib: __import__("collections").defaultdict(int, a=1),
    "a leaf requiring grad": lambda lib: lib.ones(2, requires_grad=True),
    "a non-leaf": lambda lib: lib.ones(2, requires_grad=True) * 2,
    "a Parameter": lambda lib: lib.nn.Parameter(lib.ones(2)),
    "a complex tensor": lambda lib: T(lib, "c23"), "a bool tensor": lambda lib: T(lib, "b23"),
    "a 0-d int tensor": lambda lib: T(lib, "is"), "an empty tensor": lambda lib: T(lib, "f20"),
    "a meta tensor": lambda lib: T(lib, "m23"), "a lambda": lambda lib: lambda: 1,
    "a generator": lambda lib: (i for i in range(2)), "a class": lambda lib: _Custom,
    "a Generator": lambda lib: lib.Generator(), "a module's state_dict": lambda lib:
        lib.nn.Linear(2, 2).state_dict(),
    "a sparse tensor": lambda lib: lib.eye(2).to_sparse(),
    "float('nan')": lambda lib: _NAN, "2 ** 70": lambda lib: 2 ** 70,
    "a finfo": lambda lib: lib.finfo(lib.float32),
    "a layout": lambda lib: lib.strided, "a memory format": lambda lib: lib.channels_last,
}
# ember.bfloat16 comes with the bf16 extra (ml_dtypes): its cases join the grid when it is there
_HAS_BFLOAT16 = importlib.util.find_spec("ml_dtypes") is not None
if _HAS_BFLOAT16:
    _ODD["a bfloat16 tensor"] = lambda lib: lib.ones(2, dtype=lib.bfloat16)
for _name, _obj in _ODD.items():
    for _wo in (True, False):
        _add("serial", f"load(save({_name}), weights_only={_wo})",
             lambda lib, obj=_obj, wo=_wo: _plain(lib, lib.load(_saved_custom(lib, obj(lib)),
                                                                weights_only=wo)))

# Tensors made from data holding None, with each dtype given (NumPy reads None as NaN).
for _data in [None, [None], [1.0, None], [[2.0], [None]]]:
    for _dtype in ["float32", "float16", "bfloat16", "float64", "complex64", "bool", "int64",
                   "uint8", None]:
        if _dtype == "bfloat16" and not _HAS_BFLOAT16:
            continue
        for _make in ["tensor", "as_tensor"]:
            _add("creation", f"{_make}({_data!r}, dtype={_dtype})",
                 lambda lib, make=_make, data=_data, dt=_dtype: getattr(lib, make)(
                     data, dtype=None if dt is None else getattr(lib, dt)))

# FFTs: n and dim crossed, on real and complex inputs.
for _op in ["fft.fft", "fft.ifft", "fft.rfft", "fft.irfft", "fft.hfft", "fft.ihfft"]:
    for _x in ["@f23", "@c23"]:
        for _n in [0, -1, 1.5, None, 3, True]:
            for _dim in [0, 1, -3, 2, 1.5, None]:
                _call(_op, _x, _n, _dim, family="fft")


# --- session 25: families the grid covered thinly ------------------------------------------------
# nn.functional's shape-bound ops (convolution, pooling, resampling, padding, folding, shuffling,
# normalisation) over inputs of every rank and of the wrong dtype or an empty dim.
_ARRAYS.update(
    x3=np.arange(2 * 2 * 6, dtype=np.float32).reshape(2, 2, 6) / 10,
    x4=np.arange(1 * 2 * 6 * 6, dtype=np.float32).reshape(1, 2, 6, 6) / 10,
    x5=np.arange(1 * 2 * 2 * 6 * 6, dtype=np.float32).reshape(1, 2, 2, 6, 6) / 10,
    x4i=np.arange(1 * 2 * 6 * 6, dtype=np.int64).reshape(1, 2, 6, 6),
    x4h=(np.arange(1 * 2 * 6 * 6, dtype=np.float32).reshape(1, 2, 6, 6) / 10).astype(np.float16),
    x4d=np.arange(1 * 2 * 6 * 6, dtype=np.float64).reshape(1, 2, 6, 6) / 10,
    x4c=(np.arange(1 * 2 * 6 * 6, dtype=np.float32).reshape(1, 2, 6, 6) / 10).astype(
        np.complex64),
    x4b=np.arange(1 * 2 * 6 * 6).reshape(1, 2, 6, 6) % 2 == 0,
    x4e=np.zeros((0, 2, 6, 6), np.float32), x4z=np.zeros((1, 2, 0, 6), np.float32),
    x4c1=np.ones((1, 1, 6, 6), np.float32),
    w1=np.ones((3, 2, 3), np.float32) / 10, w2=np.ones((3, 2, 3, 3), np.float32) / 10,
    w3=np.ones((3, 2, 1, 3, 3), np.float32) / 10, wt2=np.ones((2, 3, 3, 3), np.float32) / 10,
    w2d=np.ones((3, 2, 3, 3), np.float64) / 10, b4=np.zeros(4, np.float32),
    cd23=np.array([[1 + 1j, 2, 3j], [0, -1j, 1]], dtype=np.complex128))
_SHAPED = [("conv1d", ("@w1",), {}), ("conv2d", ("@w2",), {}), ("conv3d", ("@w3",), {}),
           ("conv_transpose2d", ("@wt2",), {}), ("conv2d", ("@w2",), {"stride": 0}),
           ("conv2d", ("@w2",), {"padding": -1}), ("conv2d", ("@w2",), {"dilation": 0}),
           ("conv2d", ("@w2",), {"groups": 2}), ("conv2d", ("@w2",), {"padding": "same",
                                                                       "stride": 2}),
           ("conv2d", ("@w2",), {"padding": "bad"}), ("conv2d", ("@w2", "@b4"), {}),
           ("conv2d", ("@w2d",), {}), ("conv2d", ("@w2",), {"padding": "valid"}),
           ("max_pool1d", (2,), {}), ("max_pool2d", (2,), {}), ("max_pool3d", (2,), {}),
           ("max_pool2d", (0,), {}), ("max_pool2d", (2,), {"stride": 0}),
           ("max_pool2d", (3,), {"padding": 2}), ("max_pool2d", (7,), {}),
           ("max_pool2d", (2,), {"dilation": 0}),
           ("max_pool2d", (3,), {"ceil_mode": True, "return_indices": True}),
           ("avg_pool1d", (2,), {}), ("avg_pool2d", (2,), {}), ("avg_pool3d", (2,), {}),
           ("avg_pool2d", (2,), {"divisor_override": 0}), ("avg_pool2d", (3,), {"padding": 2}),
           ("adaptive_avg_pool1d", (2,), {}), ("adaptive_avg_pool2d", (2,), {}),
           ("adaptive_avg_pool3d", (2,), {}), ("adaptive_max_pool2d", ((2, 2),), {}),
           ("adaptive_avg_pool2d", (0,), {}), ("adaptive_avg_pool2d", (-1,), {}),
           ("adaptive_avg_pool2d", ((2, 2, 2),), {}), ("lp_pool1d", (2, 2), {}),
           ("lp_pool2d", (2, 2), {}), ("lp_pool2d", (0, 2), {}),
           ("pixel_shuffle", (2,), {}), ("pixel_unshuffle", (2,), {}),
           ("pixel_unshuffle", (4,), {}), ("channel_shuffle", (2,), {}),
           ("interpolate", (), {"scale_factor": 2}),
           ("interpolate", (), {"scale_factor": 2, "mode": "bilinear"}),
           ("interpolate", (), {"scale_factor": 2, "mode": "linear"}),
           ("interpolate", (), {"scale_factor": 2, "mode": "trilinear"}),
           ("interpolate", (), {"size": 3, "mode": "area"}),
           ("interpolate", (), {"size": 3, "mode": "bicubic"}),
           ("interpolate", (), {"size": 3, "mode": "nearest-exact"}),
           ("pad", ((1, 1),), {"mode": "reflect"}), ("pad", ((1, 1),), {"mode": "replicate"}),
           ("pad", ((1, 1),), {"mode": "circular"}), ("pad", ((7, 7),), {"mode": "reflect"}),
           ("unfold", (2,), {}), ("unfold", (7,), {}), ("fold", ((7, 7), 2), {}),
           ("layer_norm", ((6,),), {}), ("layer_norm", ((5,),), {}), ("group_norm", (2,), {}),
           ("group_norm", (3,), {}), ("instance_norm", (), {}),
           ("local_response_norm", (2,), {}), ("normalize", (), {"dim": 5}),
           ("softmax", (), {"dim": 3}), ("log_softmax", (), {"dim": -5}),
           ("glu", (), {"dim": 1}), ("glu", (), {"dim": -1}),
           ("dropout2d", (), {"training": False}), ("dropout3d", (), {"training": False}),
           ("feature_alpha_dropout", (), {"training": False}),
           ("batch_norm", (None, None), {"training": True}),
           ("cosine_similarity", ("@x4",), {"dim": 4}),
           ("pairwise_distance", ("@x4",), {}), ("pdist", (), {}),
           ("hardtanh", (), {"min_val": 2.0, "max_val": 1.0}), ("threshold", (0.5, 2.0), {}),
           ("rrelu", (), {"training": False}), ("celu", (), {"alpha": 0.0}),
           ("softmin", (), {"dim": 1}), ("gumbel_softmax", (), {"tau": 0.0})]
for _name, _args, _kw in _SHAPED:
    for _x in ["@f3", "@f23", "@x3", "@x4", "@x5", "@x4i", "@x4h", "@x4d", "@x4c", "@x4b",
               "@x4e", "@x4z", "@x4c1", "@fs"]:
        _call(f"nn.functional.{_name}", _x, *_args, **_kw, family="nnshape",
              random=_name == "gumbel_softmax")

# linalg over singular, non-square, batched, empty, complex and integer matrices, and pairs whose
# batches or sizes do not match.
_LINALG_INPUTS = ["@f22", "@sing", "@f23", "@f32", "@f222", "@sing222", "@c22", "@i22", "@f00",
                  "@f20", "@fs", "@f3", "@nan23", "@pd233", "@f33", "@d23"]
for _name, _kw in [("inv", {}), ("det", {}), ("slogdet", {}), ("cholesky", {}), ("qr", {}),
                   ("eigvals", {}), ("eigvalsh", {}), ("svdvals", {}), ("pinv", {}),
                   ("matrix_rank", {}), ("matrix_norm", {}), ("matrix_norm", {"ord": 2}),
                   ("matrix_norm", {"ord": "nuc"}), ("matrix_norm", {"ord": 3}), ("cond", {}),
                   ("cond", {"p": 1}), ("matrix_exp", {}), ("inv_ex", {}), ("cholesky_ex", {}),
                   ("lu_factor", {}), ("lu", {}), ("eig", {}), ("eigh", {}), ("svd", {}),
                   ("matrix_power", {"n": 2}), ("matrix_power", {"n": -1}),
                   ("matrix_power", {"n": 0}), ("vector_norm", {"ord": 0}),
                   ("vector_norm", {"ord": -1}), ("norm", {"ord": "fro"}),
                   ("norm", {"ord": 2}), ("diagonal", {"offset": 3}), ("tensorinv", {"ind": 1}),
                   ("qr", {"mode": "bad"}), ("svd", {"full_matrices": False}),
                   ("eigh", {"UPLO": "X"})]:
    for _a in _LINALG_INPUTS:
        if _name in ("matrix_power",):
            _call(f"linalg.{_name}", _a, _kw["n"], family="linalg")
        else:
            _call(f"linalg.{_name}", _a, **_kw, family="linalg")
for _name in ["solve", "lstsq", "solve_ex", "vecdot", "cross", "matmul", "cholesky_solve",
              "solve_triangular", "multi_dot", "tensorsolve", "lu_solve", "householder_product"]:
    for _a, _b in [("@f22", "@f3"), ("@f22", "@f23"), ("@f222", "@f23"), ("@f222", "@f32"),
                   ("@sing", "@f22"), ("@f23", "@f23"), ("@i22", "@f22"), ("@c22", "@f22"),
                   ("@f22", "@f0"), ("@f33", "@f22"), ("@f22", "@i22"), ("@sing222", "@f222"),
                   ("@f3", "@f3"), ("@f32", "@f23")]:
        if _name == "multi_dot":
            _call("linalg.multi_dot", [_a, _b], family="linalg")
        elif _name == "cholesky_solve":  # (a top-level function, not linalg's)
            _call("cholesky_solve", _a, _b, family="linalg")
        elif _name == "solve_triangular":
            _call("linalg.solve_triangular", _a, _b, upper=True, family="linalg")
        else:
            _call(f"linalg.{_name}", _a, _b, family="linalg")

# Complex inputs to ops that order or round real numbers only.
for _op, _extra in [("floor", ()), ("ceil", ()), ("trunc", ()), ("frac", ()), ("round", ()),
                    ("clamp", (0.0, 1.0)), ("clamp_min", (0.0,)), ("sort", ()),
                    ("argsort", ()), ("topk", (1,)), ("kthvalue", (1,)), ("cummax", (0,)),
                    ("cummin", (0,)), ("max", ()), ("min", ()), ("amax", ()), ("argmax", ()),
                    ("msort", ()), ("fmod", (2,)), ("remainder", (2,)), ("floor_divide", (2,)),
                    ("erf", ()), ("erfc", ()), ("erfinv", ()), ("lgamma", ()), ("digamma", ()),
                    ("i0", ()), ("histc", ()), ("heaviside", ("@c23",)), ("hypot", ("@c23",)),
                    ("copysign", ("@c23",)), ("nextafter", ("@c23",)), ("logaddexp", ("@c23",)),
                    ("fmax", ("@c23",)), ("maximum", ("@c23",)), ("lt", ("@c23",)),
                    ("signbit", ()), ("sign", ()), ("median", ()), ("quantile", (0.5,)),
                    ("nanmedian", ()), ("aminmax", ()), ("relu", ()), ("bucketize", ("@f3",)),
                    ("searchsorted", ("@f3",)), ("xlogy", ("@c23",)), ("logit", ()),
                    ("cumprod", (1,)), ("logcumsumexp", (1,)), ("diff", ()), ("trapezoid", ()),
                    ("isin", ("@c23",)), ("unique", ()), ("bincount", ()), ("exp2", ()),
                    ("rad2deg", ()), ("deg2rad", ()), ("polygamma", ())]:
    for _x in ["@c23", "@cd23"]:
        if _op == "polygamma":
            _call("polygamma", 1, _x, family="complex")
        elif _op in ("bucketize", "searchsorted"):
            _call(_op, _x, *_extra, family="complex")
            _call(_op, "@f3", _x, family="complex")
        else:
            _call(_op, _x, *_extra, family="complex")
for _op in ["hardtanh", "relu6", "elu", "selu", "celu", "leaky_relu", "softplus", "threshold",
            "hardsigmoid", "hardswish", "mish", "silu", "gelu", "logsigmoid", "softshrink",
            "hardshrink", "tanhshrink", "rrelu", "glu", "max_pool1d", "avg_pool1d"]:
    for _x in ["@c23", "@cd23"]:
        _args = {"threshold": (0.5, 1.0), "max_pool1d": (2,), "avg_pool1d": (2,)}.get(_op, ())
        _call(f"nn.functional.{_op}", _x, *_args, family="complex")

# Named binary ops (methods and functions) given what is neither a tensor nor a number: torch's
# parser refuses them, where its operators leave them to Python or NumPy.
_NOT_OPERANDS = [np.array([1.0, 2.0, 3.0]), None, [1.0, 2.0, 3.0], "a", (1,)]
for _op in ["add", "sub", "mul", "div", "eq", "ne", "lt", "ge", "maximum", "minimum", "atan2",
            "fmod", "remainder", "pow", "bitwise_and", "logical_and", "xlogy", "hypot",
            "true_divide", "floor_divide", "rsub", "multiply", "subtract", "greater"]:
    for _other in _NOT_OPERANDS:
        _call(_op, "@f3", _other, family="operand")
        if _op != "rsub":  # (a function only: torch's Tensor has no rsub method)
            _call(f".{_op}", "@f3", _other, family="operand")
for _op in ["add_", "mul_", "sub_", "div_", "eq_", "lt_"]:
    for _other in _NOT_OPERANDS:
        _call(f".{_op}", "@f3", _other, family="operand")
# keepdim without a dim, which no overload takes.
for _op in ["sum", "mean", "prod", "max", "min", "median", "nanmedian", "amax", "amin", "all",
            "any", "std", "var", "logsumexp", "argmax", "argmin", "nansum", "norm",
            "count_nonzero", "mode"]:
    _call(_op, "@f23", keepdim=True, family="operand")
    _call(f".{_op}", "@f23", keepdim=True, family="operand")

# Tensors made from NumPy scalars, each element's type promoting with the others', read as an
# index by an integer dtype.
for _data in [[np.int16(300), np.int8(1)], [np.uint8(3), np.int8(-1)], [1, np.uint8(3)],
              [1, np.uint32(3)], [np.uint32(3), True], [np.uint32(3), np.uint16(2)],
              [np.uint64(1), np.uint64(2)], [np.float32(1.5)], [np.float16(2)],
              [np.bool_(True)], [np.int8(1), 1.5], [np.uint64(2 ** 63)], [np.float64(1.5)],
              [np.complex64(1), 1j], [np.datetime64(3, "D")], np.uint64(3), np.float32(2.5),
              [[np.uint32(1)], [1]], [np.int32(3), np.int64(4)], [np.float16(1), 1.5]]:
    for _dtype in [None, "int64", "uint64", "float32", "uint8", "bool"]:
        _add("creation", f"tensor({_data!r}, dtype={_dtype})",
             lambda lib, data=_data, dt=_dtype: lib.tensor(
                 data, dtype=None if dt is None else getattr(lib, dt)))


# --- running and comparing -----------------------------------------------------------------------

def _normalised_message(text):
    return text.split(" (Triggered internally at ")[0].replace("torch", "ember")


def outcome(lib, case):
    """("raise", type name, message) or ("value", a comparable form of the result)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np_state = np.seterr(all="ignore")
        try:
            result = case.fn(lib)
        except Exception as exc:  # noqa: BLE001 - what is raised is the outcome
            # with the names of the classes it derives from: an error that is both of torch's
            # types (ember's CheckpointError: RuntimeError and UnpicklingError) is caught as
            # either
            return "raise", type(exc).__name__.lstrip("_"), _normalised_message(str(exc)), \
                tuple(k.__name__.lstrip("_") for k in type(exc).__mro__)
        finally:
            np.seterr(**np_state)
        try:
            return "value", _form(lib, result, case.random)
        except Exception as exc:  # noqa: BLE001 - a result that cannot be read is a failure
            return "value", ("unreadable", type(exc).__name__, str(exc))


def _form(lib, value, random):
    """A comparable form: tensors as (dtype, shape, values or None), containers recursively."""
    if isinstance(value, lib.Tensor):
        dtype = str(value.dtype).split(".")[-1]
        if value.device.type == "meta" or random:
            return ("tensor", dtype, tuple(value.shape), value.device.type, None)
        data = value.detach().resolve_conj().resolve_neg().cpu().numpy()
        return ("tensor", dtype, tuple(value.shape), value.device.type, data)
    if isinstance(value, (tuple, list)):
        return tuple(_form(lib, v, random) for v in value)
    if isinstance(value, lib.dtype):
        return ("dtype", str(value).split(".")[-1])
    if isinstance(value, lib.Size):
        return tuple(value)
    if type(value).__name__ == "Generator":  # manual_seed's answer: compared by kind
        return ("Generator",)
    return value


def _same_form(ours, theirs):
    if isinstance(ours, tuple) and ours and ours[0] == "tensor":
        if not (isinstance(theirs, tuple) and theirs and theirs[0] == "tensor"):
            return False
        if ours[1:4] != theirs[1:4]:
            return False
        if ours[4] is None or theirs[4] is None:
            return True
        a, b = ours[4], theirs[4]
        if a.dtype.kind in "fc":
            tolerance = 1e-3 if a.dtype.itemsize <= 2 * (2 if a.dtype.kind == "c" else 1) \
                else 1e-5 if a.dtype.itemsize <= 4 * (2 if a.dtype.kind == "c" else 1) else 1e-10
            return bool(np.allclose(a, b, rtol=tolerance, atol=tolerance, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        return len(ours) == len(theirs) and all(_same_form(a, b) for a, b in zip(ours, theirs))
    if isinstance(ours, float) and isinstance(theirs, float):
        return ours == theirs or (math.isnan(ours) and math.isnan(theirs)) or \
            math.isclose(ours, theirs, rel_tol=1e-6)
    return type(ours) is type(theirs) and ours == theirs


def classify(ember, torch, case):
    """(class, detail) of one case: see the module docstring for the classes."""
    ours, theirs = outcome(ember, case), outcome(torch, case)
    if theirs[0] == "raise":
        if ours[0] == "value":
            return "silent", f"torch raises {theirs[1]}: {theirs[2][:120]}"
        if theirs[1] not in ours[3]:
            return "type", f"ember {ours[1]}: {ours[2][:100]} | torch {theirs[1]}: " \
                           f"{theirs[2][:100]}"
        return ("message" if ours[2] == theirs[2] else "same-raise"), ""
    if ours[0] == "raise":
        return "refused", f"ember raises {ours[1]}: {ours[2][:150]}"
    if _same_form(ours[1], theirs[1]):
        return "same-value", ""
    return "value", f"ember {_brief(ours[1])} | torch {_brief(theirs[1])}"


def _brief(form):
    text = re.sub(r"\s+", " ", repr(form))
    return text[:160]


def run(ember, torch, cases=CASES):
    """{class: [(case, detail)]} over ``cases``."""
    classes = {}
    for case in cases:
        kind, detail = classify(ember, torch, case)
        classes.setdefault(kind, []).append((case, detail))
    return classes


def summary(classes):
    """The counts the report gives: cases, both-raise with the same type, message matches..."""
    count = {kind: len(found) for kind, found in classes.items()}
    both_raise = count.get("message", 0) + count.get("same-raise", 0) + count.get("type", 0)
    return {"cases": sum(count.values()), "both raise": both_raise,
            "same type": count.get("message", 0) + count.get("same-raise", 0),
            "same message": count.get("message", 0), "different type": count.get("type", 0),
            "silent (torch raises, ember returns)": count.get("silent", 0),
            "refused (torch returns, ember raises)": count.get("refused", 0),
            "both return, same result": count.get("same-value", 0),
            "both return, different result": count.get("value", 0)}


# The divergences left to fix: one line per case, "<class> <family> <name>". The test fails on
# any divergence not listed; ``python tests/bad_inputs_fuzz.py --write-known`` rewrites the list
# after fixes (and shows what was added, which should be nothing).
KNOWN_FILE = pathlib.Path(__file__).with_name("bad_inputs_fuzz_known.txt")
DIVERGENT = ("silent", "type", "refused", "value")


def warned(lib, case):
    """The (category, message) pairs of the warnings a call that returns gives, or None when it
    raises. PyTorch gives some warnings once a process, so this is a report (``--warnings``),
    not a test: what an earlier call warned decides what a later one does."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        np_state = np.seterr(all="ignore")
        try:
            case.fn(lib)
        except Exception:  # noqa: BLE001 - only returning calls are compared
            return None
        finally:
            np.seterr(**np_state)
    return sorted({(w.category.__name__, _normalised_message(str(w.message))) for w in caught})


def line(kind, case):
    return f"{kind} {case.family} {case.name}"


def known():
    """The listed divergences, as a set of lines."""
    return {text for text in KNOWN_FILE.read_text().splitlines() if text and text[0] != "#"}


if __name__ == "__main__":
    import sys

    import torch

    import ember
    write = "--write-known" in sys.argv
    families = [a for a in sys.argv[1:] if not a.startswith("--")]
    chosen = [c for c in CASES if not families or c.family in families]
    found = run(ember, torch, chosen)
    for kind in DIVERGENT:
        for case, detail in found.get(kind, []):
            print(f"{kind:8} {case.family:10} {case.name}  ->  {detail}")
    for key, value in summary(found).items():
        print(f"{key}: {value}")
    if "--warnings" in sys.argv:
        compared = differ = 0
        for case in chosen:
            ours, theirs = warned(ember, case), warned(torch, case)
            if ours is None or theirs is None:
                continue
            compared += 1
            if ours != theirs:
                differ += 1
                print(f"warning  {case.family:10} {case.name}  ->  ember {ours} | torch {theirs}")
        print(f"returning calls whose warnings differ: {differ} of {compared}")
    if write:
        lines = sorted(line(kind, case) for kind in DIVERGENT for case, _ in found.get(kind, []))
        added = set(lines) - known() if KNOWN_FILE.exists() else set()
        KNOWN_FILE.write_text("# Divergences from torch the fuzz still finds (see "
                              "bad_inputs_fuzz.py).\n" + "\n".join(lines) + "\n")
        print(f"wrote {len(lines)} lines to {KNOWN_FILE.name}; new: {sorted(added)}")
