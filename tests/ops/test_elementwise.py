"""Elementwise ops: gradients (gradcheck, gradgradcheck), values against torch, promotion,
in-place forms and their errors, and hypothesis properties of broadcasting and promotion."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from ember.ops import elementwise
from tests.conftest import TORCH, check_gradients, rand64, requires_torch
from tests.conftest import compare_with_torch as _compare

# --- the op tables ------------------------------------------------------------------------------

# Differentiable unary ops: name -> (low, high) of a domain where the op is smooth.
UNARY = {
    "neg": (-2, 2), "abs": (0.2, 2), "sign": (0.2, 2), "sgn": (0.2, 2),
    "reciprocal": (0.5, 2), "square": (-2, 2), "sqrt": (0.2, 3), "rsqrt": (0.2, 3),
    "exp": (-2, 2), "exp2": (-2, 2), "expm1": (-2, 2), "log": (0.2, 3), "log2": (0.2, 3),
    "log10": (0.2, 3), "log1p": (-0.5, 2), "sin": (-3, 3), "cos": (-3, 3), "tan": (-1, 1),
    "asin": (-0.8, 0.8), "acos": (-0.8, 0.8), "atan": (-3, 3), "sinh": (-2, 2),
    "cosh": (-2, 2), "asinh": (-2, 2), "acosh": (1.2, 3), "atanh": (-0.8, 0.8),
    "tanh": (-2, 2), "sigmoid": (-3, 3), "relu": (0.1, 2), "floor": (0.1, 0.9),
    "ceil": (0.1, 0.9), "round": (0.1, 0.4), "trunc": (0.1, 0.9), "frac": (0.1, 0.9),
    "nan_to_num": (-2, 2),
}
# Aliases share the implementation of the op they name; checked once by identity (clip is its
# own function, whose errors name clip: test_mixed_bounds_error_names_the_function_called).
ALIASES = {
    "absolute": "abs", "negative": "neg", "arcsin": "asin", "arccos": "acos",
    "arctan": "atan", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh",
    "arctan2": "atan2", "fix": "trunc", "subtract": "sub", "multiply": "mul",
    "divide": "div", "true_divide": "div", "greater": "gt", "greater_equal": "ge",
    "less": "lt", "less_equal": "le", "not_equal": "ne",
}
# Differentiable binary ops: name -> ((low, high) of input, (low, high) of other).
BINARY = {
    "add": ((-2, 2), (-2, 2)), "sub": ((-2, 2), (-2, 2)), "rsub": ((-2, 2), (-2, 2)),
    "mul": ((-2, 2), (-2, 2)), "div": ((-2, 2), (0.5, 2)), "pow": ((0.5, 2), (-2, 2)),
    "atan2": ((-2, 2), (0.5, 2)), "remainder": ((2.1, 2.9), (0.7, 0.9)),
    "fmod": ((2.1, 2.9), (0.7, 0.9)), "minimum": ((-2, 0), (0.1, 2)),
    "maximum": ((-2, 0), (0.1, 2)), "fmax": ((-2, 0), (0.1, 2)), "fmin": ((-2, 0), (0.1, 2)),
}
# Ops with a third tensor or keyword arguments, each called through a lambda.
SPECIAL = {
    "lerp": lambda lib, x, y, w: lib.lerp(x, y, w),
    "where": lambda lib, x, y, w: lib.where(w > 0, x, y),
    "clamp": lambda lib, x, y, w: lib.clamp(x, -0.5, 0.5),
    "clip": lambda lib, x, y, w: lib.clip(x, -0.5, 0.5),
    "clamp_min": lambda lib, x, y, w: lib.clamp_min(x, -0.3),
    "clamp_max": lambda lib, x, y, w: lib.clamp_max(x, 0.3),
    "addcmul": lambda lib, x, y, w: lib.addcmul(x, y, w, value=0.5),
    "addcdiv": lambda lib, x, y, w: lib.addcdiv(x, y, w.abs() + 0.5, value=-2),
}
# Recorded by PyTorch but with no derivative: backward through them raises.
NOT_DIFFERENTIABLE = {"floor_divide": lambda lib, x, y: lib.floor_divide(x * 3, y.abs() + 0.5)}
# Ops without a gradient (comparisons, logic, tests): name -> how to call them.
NON_DIFFERENTIABLE = {
    name: (lambda lib, x, y, name=name: getattr(lib, name)(x, y))
    for name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
                 "logical_xor", "isclose")
}
NON_DIFFERENTIABLE.update({
    name: (lambda lib, x, y, name=name: getattr(lib, name)(x))
    for name in ("isnan", "isinf", "isfinite", "isposinf", "isneginf", "logical_not")
})
NON_DIFFERENTIABLE.update({
    name: (lambda lib, x, y, name=name: getattr(lib, name)((x * 10).long(), (y * 10).long()))
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor")
})
NON_DIFFERENTIABLE.update({
    name: (lambda lib, x, y, name=name: getattr(lib, name)((x * 10).long(),
                                                           (y * 10).long().abs() % 8))
    for name in ("bitwise_left_shift", "bitwise_right_shift")
})
NON_DIFFERENTIABLE["bitwise_not"] = lambda lib, x, y: lib.bitwise_not((x * 10).long())
NON_DIFFERENTIABLE["equal"] = lambda lib, x, y: lib.equal(x, y)
NON_DIFFERENTIABLE["allclose"] = lambda lib, x, y: lib.allclose(x, y)

BROADCAST_SHAPES = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3)),
                    ((3, 1, 2), (4, 1)), ((2, 3), ())]


def test_every_elementwise_function_is_tested():
    tested = set(UNARY) | set(ALIASES) | set(BINARY) | set(SPECIAL) | set(NON_DIFFERENTIABLE) \
        | set(NOT_DIFFERENTIABLE)
    assert set(elementwise.FUNCTIONS) - tested == set()


@pytest.mark.parametrize("alias,name", sorted(ALIASES.items()))
def test_alias_is_the_same_function(alias, name):
    assert elementwise.FUNCTIONS[alias] is elementwise.FUNCTIONS[name]


def compare_with_torch(fn, *inputs, **kwargs):
    """The shared oracle, on fresh leaf copies so repeated calls never accumulate grads."""
    fresh = [t.detach().clone().requires_grad_(t.requires_grad) if isinstance(t, ember.Tensor)
             else t for t in inputs]
    return _compare(fn, *fresh, **kwargs)


def compare_or_same_error(fn, *inputs, **kwargs):
    """Oracle comparison, or, where torch raises, the same exception type and message."""
    try:
        fn(TORCH, *[TORCH.from_numpy(t.detach().cpu().numpy().copy()) if isinstance(t, ember.Tensor)
                    else t for t in inputs])
    except (RuntimeError, TypeError, NotImplementedError) as error:
        with pytest.raises(type(error)) as ours:
            fn(ember, *inputs)
        assert str(ours.value) == str(error)
        return None
    return compare_with_torch(fn, *inputs, **kwargs)


def _rand(shape, low, high, seed, dtype=ember.float64, requires_grad=True):
    t = rand64(*shape, low=low, high=high, seed=seed, requires_grad=False).to(dtype)
    return t.requires_grad_(requires_grad)


# --- unary ---------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(), (4,), (2, 3)])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradcheck(name, shape):
    low, high = UNARY[name]
    x = _rand(shape, low, high, seed=1)
    check_gradients(getattr(ember, name), x)


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_matches_torch(name, dtype):
    low, high = UNARY[name]
    x = _rand((2, 3), low, high, seed=2, dtype=dtype)
    # torch's sgn gradient is a ZeroTensor that cannot be read; ember's is plain zeros.
    grad = name != "sgn"
    compare_with_torch(lambda lib, t: getattr(lib, name)(t), x, grad=grad)
    compare_with_torch(lambda lib, t: getattr(t, name)(), x, grad=grad)
    if not grad:
        y = x.detach().requires_grad_()
        getattr(ember, name)(y).sum().backward()
        assert y.grad.tolist() == [[0.0] * 3] * 2


@requires_torch
@pytest.mark.parametrize("dtype", [ember.int64, ember.int32, ember.uint8, ember.bool])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_on_integer_tensors_matches_torch(name, dtype):
    x = ember.tensor([[0, 1, 2], [3, 1, 0]]).to(dtype)
    try:
        expected = getattr(TORCH, name)(TORCH.from_numpy(x.cpu().numpy().copy()))
    except (RuntimeError, NotImplementedError) as error:
        with pytest.raises(type(error)) as ours:
            getattr(ember, name)(x)
        assert str(ours.value) == str(error)
        return
    compare_with_torch(lambda lib, t: getattr(lib, name)(t), x)
    assert str(getattr(ember, name)(x).dtype).replace("ember", "torch") == str(expected.dtype)


@pytest.mark.parametrize("name", ["exp", "log", "expm1", "log1p"])
def test_float32_exp_and_log_round_once_from_float64(name):
    # NumPy's own float32 loops are an ulp off on a large share of inputs (exp on about 40%
    # of these); ember evaluates in float64 and rounds once, as a correctly rounded libm does
    values = np.random.default_rng(5).standard_normal(20000).astype(np.float32)
    if name.startswith("log"):
        values = np.abs(values)
    got = getattr(ember, name)(ember.tensor(values)).cpu().numpy()
    want = getattr(np, name)(values.astype(np.float64)).astype(np.float32)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, want)
    inplace = ember.tensor(values)
    getattr(inplace, name + "_")()
    np.testing.assert_array_equal(inplace.cpu().numpy(), want)


@requires_torch
@pytest.mark.parametrize("name", ["exp", "log", "expm1", "log1p"])
def test_float32_exp_and_log_agree_with_torch_within_an_ulp(name):
    # torch's vectorised float32 exp/log are within an ulp and mostly correctly rounded, ember's
    # correctly rounded (the test above). How often torch's bits equal the correctly rounded
    # ones depends on the CPU its kernels were dispatched for (log: 99% on one x86 machine, 92%
    # on an AMD EPYC), so that share is torch's property and not asserted here.
    values = np.random.default_rng(6).standard_normal(20000).astype(np.float32)
    if name.startswith("log"):
        values = np.abs(values)
    got = getattr(ember, name)(ember.tensor(values)).cpu().numpy()
    want = getattr(TORCH, name)(TORCH.from_numpy(values)).numpy()
    ulps = np.abs(got.view(np.int32).astype(np.int64) - want.view(np.int32).astype(np.int64))
    assert ulps.max() <= 1


@requires_torch
def test_unary_special_values_match_torch():
    x = ember.tensor([0.0, -0.0, 1.0, -1.0, float("inf"), float("-inf"), float("nan"), 1e-30,
                      88.0, -88.0, 100.0])
    for name in sorted(UNARY):
        compare_with_torch(lambda lib, t, name=name: getattr(lib, name)(t), x, grad=False)


@requires_torch
def test_relu_sign_abs_gradient_at_zero_matches_torch():
    x = ember.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    for name in ("relu", "abs", "sqrt", "clamp_min"):
        fn = (lambda lib, t: lib.clamp_min(t, 0.0)) if name == "clamp_min" else \
            (lambda lib, t: getattr(lib, name)(t))
        x.grad = None
        compare_with_torch(fn, x)


@requires_torch
@pytest.mark.parametrize("kwargs", [{}, {"nan": 1.5}, {"nan": 0.0, "posinf": 9.0, "neginf": -9.0}])
def test_nan_to_num_matches_torch(kwargs):
    x = ember.tensor([1.0, float("nan"), float("inf"), -float("inf")], requires_grad=True)
    compare_with_torch(lambda lib, t: lib.nan_to_num(t, **kwargs), x)


@requires_torch
@pytest.mark.parametrize("decimals", [0, 1, 2, -1])
def test_round_half_even_and_decimals_match_torch(decimals):
    x = ember.tensor([0.5, 1.5, 2.5, -0.5, 1.25, 12.345, 155.0], requires_grad=True)
    compare_with_torch(lambda lib, t: lib.round(t, decimals=decimals), x)


# --- binary --------------------------------------------------------------------------------

@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradcheck_broadcasting(name, shapes):
    (low_a, high_a), (low_b, high_b) = BINARY[name]
    x = _rand(shapes[0], low_a, high_a, seed=3)
    y = _rand(shapes[1], low_b, high_b, seed=4)
    check_gradients(getattr(ember, name), x, y)


@requires_torch
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_matches_torch(name, shapes):
    (low_a, high_a), (low_b, high_b) = BINARY[name]
    x = _rand(shapes[0], low_a, high_a, seed=5, dtype=ember.float32)
    y = _rand(shapes[1], low_b, high_b, seed=6, dtype=ember.float32)
    compare_with_torch(lambda lib, a, b: getattr(lib, name)(a, b), x, y)


@requires_torch
@pytest.mark.parametrize("scalar", [2, 2.5, -1.5, True])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_with_python_scalar_matches_torch(name, scalar):
    (low_a, high_a), _ = BINARY[name]
    x = _rand((2, 3), low_a, high_a, seed=7, dtype=ember.float32)
    if name in ("remainder", "fmod") and scalar is True:
        scalar = 2
    compare_or_same_error(lambda lib, a: getattr(lib, name)(a, scalar), x)


OPERATORS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
    "**": lambda a, b: a ** b,
}


@requires_torch
@pytest.mark.parametrize("reflected", [False, True])
@pytest.mark.parametrize("scalar", [3, 1.5, -2.0])
@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_operators_with_scalars_match_torch(symbol, scalar, reflected):
    op = OPERATORS[symbol]
    x = _rand((2, 3), 0.5, 2.0, seed=8, dtype=ember.float32)
    fn = (lambda lib, a: op(scalar, a)) if reflected else (lambda lib, a: op(a, scalar))
    # // (and scalar % tensor) are recorded without a derivative: compare values and name only.
    differentiable = symbol != "//" and not (symbol == "%" and reflected)
    ours, theirs = compare_with_torch(fn, x, grad=differentiable, check_grad_fn=differentiable)
    assert ours.grad_fn.name().replace("ember", "torch") == theirs.grad_fn.name()


@requires_torch
@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_operators_between_tensors_match_torch(symbol):
    x = _rand((2, 3), 0.5, 2.0, seed=9, dtype=ember.float32)
    y = _rand((3,), 0.5, 2.0, seed=10, dtype=ember.float32)
    differentiable = symbol != "//"
    ours, theirs = compare_with_torch(lambda lib, a, b: OPERATORS[symbol](a, b), x, y,
                                      grad=differentiable, check_grad_fn=differentiable)
    assert ours.grad_fn.name().replace("ember", "torch") == theirs.grad_fn.name()


@pytest.mark.parametrize("name", sorted(NOT_DIFFERENTIABLE))
def test_ops_without_derivative_raise_in_backward(name):
    x = _rand((2, 3), -1, 1, seed=30)
    y = _rand((3,), -1, 1, seed=31)
    out = NOT_DIFFERENTIABLE[name](ember, x, y)
    assert out.grad_fn.name() == "ember::autograd::NotImplemented"
    with pytest.raises(RuntimeError, match=f"derivative for aten::{name} is not implemented"):
        out.sum().backward()
    if TORCH is not None:
        compare_with_torch(NOT_DIFFERENTIABLE[name], x, y, grad=False, check_grad_fn=False)


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_ops_gradcheck(name):
    x = _rand((2, 3), -1, 1, seed=11)
    y = _rand((3,), -1, 1, seed=12)
    w = _rand((2, 1), -1, 1, seed=13)
    fn = SPECIAL[name]
    check_gradients(lambda a, b, c: fn(ember, a, b, c), x, y, w)


@requires_torch
@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_ops_match_torch(name):
    x = _rand((2, 3), -1, 1, seed=14, dtype=ember.float32)
    y = _rand((3,), -1, 1, seed=15, dtype=ember.float32)
    w = _rand((2, 1), -1, 1, seed=16, dtype=ember.float32)
    compare_with_torch(SPECIAL[name], x, y, w)


@requires_torch
def test_lerp_with_scalar_weight_and_clamp_with_tensor_bounds_match_torch():
    x = _rand((2, 3), -1, 1, seed=17, dtype=ember.float32)
    y = _rand((2, 3), -1, 1, seed=18, dtype=ember.float32)
    compare_with_torch(lambda lib, a, b: lib.lerp(a, b, 0.3), x, y)
    low = ember.full((3,), -0.2, requires_grad=True)
    high = ember.full((2, 1), 0.5, requires_grad=True)
    compare_with_torch(lambda lib, a, lo, hi: lib.clamp(a, min=lo, max=hi), x, low, high)
    compare_with_torch(lambda lib, a, lo: lib.clamp(a, min=lo), x, low)
    compare_with_torch(lambda lib, a, lo: lib.clamp_min(a, lo), x, low)
    compare_with_torch(lambda lib, a, hi: lib.clamp_max(a, hi), x, high)
    check_gradients(lambda a, lo, hi: ember.clamp(a, lo, hi), x.double(), low.double(),
                    high.double())
    compare_with_torch(lambda lib, a: lib.where(a > 0, a, 0.0), x)
    compare_with_torch(lambda lib, a: lib.where(a > 0, 1.0, a), x)


@requires_torch
@pytest.mark.parametrize("mode", [None, "trunc", "floor"])
def test_div_rounding_modes_match_torch(mode):
    x = ember.tensor([[-7.0, 7.0, 5.5], [-5.5, 0.0, 3.0]], requires_grad=True)
    y = ember.tensor([2.0, -2.0, 1.5])
    compare_with_torch(lambda lib, a, b: lib.div(a, b, rounding_mode=mode), x, y)
    ints = ember.tensor([[-7, 7, 5], [-5, 0, 3]])
    compare_with_torch(lambda lib, a: lib.div(a, 2, rounding_mode=mode), ints)
    compare_with_torch(lambda lib, a: lib.div(a, -2, rounding_mode=mode), ints)


@requires_torch
def test_remainder_and_fmod_signs_match_torch():
    x = ember.tensor([-7.0, 7.0, -7.5, 7.5])
    for divisor in (3, -3, 2.5, -2.5):
        compare_with_torch(lambda lib, a, d=divisor: lib.remainder(a, d), x, grad=False)
        compare_with_torch(lambda lib, a, d=divisor: lib.fmod(a, d), x, grad=False)
        compare_with_torch(lambda lib, a, d=divisor: a.long() % int(d), x, grad=False)
        compare_with_torch(lambda lib, a, d=divisor: a.long() // int(d), x, grad=False)


@requires_torch
def test_integer_division_by_zero():
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            lib.tensor([1, 2]) // 0
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            lib.tensor([1, 2]) % lib.tensor([0, 1])
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            lib.tensor([5, 3]).fmod(lib.tensor([1, 0]))  # it gave 0 for the integer fmod
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            lib.tensor([5, 3]).fmod_(0)
    compare_with_torch(lambda lib, a: a.fmod(0), ember.tensor([1.0, 0.0, -1.0]), grad=False)
    compare_with_torch(lambda lib, a: a / 0, ember.tensor([1, 0, -1]), grad=False)


@requires_torch
def test_pow_special_cases_match_torch():
    x = ember.tensor([0.0, 1.0, 2.0, -2.0], requires_grad=True)
    for exponent in (0, 1, 2, 3, 0.5, -1, 2.0):
        x.grad = None
        compare_with_torch(lambda lib, a, e=exponent: a ** e, x)
    p = ember.tensor([0.0, 1.0, 2.0, 3.0], requires_grad=True)
    compare_with_torch(lambda lib, a, e: a ** e, x, p)
    compare_with_torch(lambda lib, e: 2 ** e, p)
    compare_with_torch(lambda lib, e: 0 ** e, p, grad=False)
    ints = ember.tensor([1, 2, 3])
    compare_with_torch(lambda lib, a: a ** 2, ints)
    compare_with_torch(lambda lib, a: a ** 0.5, ints)
    compare_with_torch(lambda lib, a: 2 ** a, ints)
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError, match="Integers to negative integer powers are not "
                                               "allowed."):
            lib.tensor([1, 2]) ** -1


@requires_torch
def test_integer_tensor_exponents_may_be_negative_as_in_torch():
    # torch refuses a negative Python-int exponent but gives 1, +-1 or 0 for negative entries
    # of an integer exponent tensor; NumPy refuses both
    bases = [2, 0, -2, 1, -1, -1, 3, 7]
    exps = [-1, -1, -1, -7, -3, -4, 2, 0]
    for dtype in ("int64", "int32", "int8"):
        compare_with_torch(lambda lib, d=dtype: lib.tensor(bases, dtype=getattr(lib, d))
                           ** lib.tensor(exps, dtype=getattr(lib, d)))
    compare_with_torch(lambda lib: 2 ** lib.tensor([3, -1]))
    compare_with_torch(lambda lib: (-1) ** lib.tensor([-3, -2, 0, 2]))
    compare_with_torch(lambda lib: lib.tensor([[2], [3]]).pow(lib.tensor([-1, 2])))
    compare_with_torch(lambda lib: lib.tensor([2, 4]).pow_(lib.tensor([-1, 1])))


@requires_torch
@pytest.mark.parametrize("name", sorted(NON_DIFFERENTIABLE))
def test_non_differentiable_ops_match_torch(name):
    x = ember.tensor([[0.5, -1.0, 0.0], [float("nan"), float("inf"), -float("inf")]])
    y = ember.tensor([0.5, 2.0, 0.0])
    compare_with_torch(NON_DIFFERENTIABLE[name], x, y, grad=False)
    compare_with_torch(NON_DIFFERENTIABLE[name], x[:, :2].abs(), x[:, :2].abs(), grad=False)


@requires_torch
def test_comparison_results_are_not_differentiable():
    x = ember.ones(2, requires_grad=True)
    for result in (x > 0, x == x, x.isnan(), x != 1):
        assert result.dtype == ember.bool and not result.requires_grad


@requires_torch
def test_bool_tensor_operators_match_torch():
    a = ember.tensor([True, False, True])
    b = ember.tensor([True, True, False])
    for op in (lambda x, y: x & y, lambda x, y: x | y, lambda x, y: x ^ y,
               lambda x, y: ~x, lambda x, y: x + y, lambda x, y: x * y, lambda x, y: x & True,
               lambda x, y: x + 1, lambda x, y: x * 1.5, lambda x, y: x / y):
        compare_with_torch(lambda lib, x, y, op=op: op(x, y), a, b, grad=False)
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with two bool "
                                               "tensors is not supported"):
            lib.tensor([True]) - lib.tensor([False])
        with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor "
                                               "is not supported"):
            -lib.tensor([True])


@requires_torch
def test_bitwise_on_float_raises_like_torch():
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            lib.bitwise_and(lib.ones(2), lib.ones(2))
        assert str(info.value) == "\"bitwise_and_cpu\" not implemented for 'Float'"


@requires_torch
def test_where_condition_must_be_bool():
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            lib.where(lib.ones(2), lib.ones(2), lib.zeros(2))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@requires_torch
def test_addcmul_broadcast_mismatch_raises_like_torch():
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            lib.addcmul(lib.ones(2, 3), lib.ones(3), lib.ones(4))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@requires_torch
@pytest.mark.parametrize("shapes", [((2, 3), (4,)), ((2, 3), (3, 2)), ((5,), (2, 4))], ids=str)
def test_broadcast_mismatch_raises_like_torch(shapes):
    messages = []
    for lib in (ember, TORCH):
        with pytest.raises(RuntimeError) as info:
            lib.ones(*shapes[0]) + lib.ones(*shapes[1])
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "must match the size of tensor b" in messages[0]


# --- dtype promotion -------------------------------------------------------------------------

def _operand(spec):
    """An operand from a compact spec: ('t', dtype) tensor, ('0d', dtype) 0-d tensor, or a
    Python scalar."""
    if isinstance(spec, tuple):
        kind, dtype = spec
        shape = () if kind == "0d" else (2,)
        return ember.ones(shape, dtype=dtype) * 2 if dtype != ember.bool else \
            ember.ones(shape, dtype=dtype)
    return spec


PROMOTION_CASES = [
    (("t", ember.int64), 2.5, ember.float32),
    (("t", ember.int32), 2.5, ember.float32),
    (("t", ember.int64), ("t", ember.float32), ember.float32),
    (("t", ember.float32), ("0d", ember.float64), ember.float32),
    (("t", ember.int32), ("0d", ember.float64), ember.float64),
    (("t", ember.int8), ("0d", ember.int64), ember.int8),
    (("t", ember.bool), 3, ember.int64),
    (("t", ember.bool), 1.5, ember.float32),
    (("t", ember.bool), True, ember.bool),
    (("t", ember.uint8), ("t", ember.int8), ember.int16),
    (("t", ember.uint8), 300, ember.uint8),
    (("t", ember.float16), ("t", ember.float32), ember.float32),
    (("t", ember.float16), 2.5, ember.float16),
    (("0d", ember.int64), 2.5, ember.float32),
    (("0d", ember.float64), ("0d", ember.float32), ember.float64),
    (("t", ember.int64), ("t", ember.bool), ember.int64),
]


@pytest.mark.parametrize("left,right,expected", PROMOTION_CASES, ids=str)
@pytest.mark.parametrize("op", ["add", "mul", "sub"])
def test_promotion_table(op, left, right, expected):
    if op == "sub" and ember.bool in (left[1], getattr(right, "__getitem__", lambda i: None)(1)) \
            or op == "sub" and right is True:
        with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with"):
            ember.sub(_operand(left), _operand(right))
        return
    out = getattr(ember, op)(_operand(left), _operand(right))
    assert out.dtype == expected
    assert ember.result_type(_operand(left), _operand(right)) == expected


@pytest.mark.parametrize("left,right", [(("t", ember.int64), ("t", ember.int64)),
                                        (("t", ember.int32), 2), (("t", ember.bool), True),
                                        (("t", ember.int64), ("t", ember.float64))])
def test_true_division_of_integers_gives_float(left, right):
    out = _operand(left) / _operand(right)
    assert out.dtype == (ember.float64 if right == ("t", ember.float64) else ember.float32)
    assert out.tolist() == [1.0, 1.0] if not isinstance(right, int) or right is True else True


@requires_torch
@pytest.mark.parametrize("left,right,expected", PROMOTION_CASES, ids=str)
def test_promotion_table_matches_torch(left, right, expected):
    def convert(spec):
        value = _operand(spec)
        return TORCH.from_numpy(value.cpu().numpy().copy()) if isinstance(value, ember.Tensor) \
            else value
    theirs = (convert(left) * convert(right)).dtype
    assert str(theirs) == str(expected).replace("ember", "torch")


def test_promote_types_and_result_type():
    assert ember.promote_types(ember.int64, ember.float16) == ember.float16
    assert ember.promote_types(ember.uint8, ember.int8) == ember.int16
    assert ember.promote_types(ember.bool, ember.uint8) == ember.uint8
    assert ember.result_type(ember.ones(2, dtype=ember.int32), 1.0) == ember.float32
    assert ember.result_type(ember.ones(2, dtype=ember.int32), ember.tensor(1.0,
                             dtype=ember.float64)) == ember.float64


@requires_torch
def test_default_dtype_changes_scalar_promotion():
    previous = ember.get_default_dtype()
    ember.set_default_dtype(ember.float64)
    try:
        assert (ember.tensor([1, 2]) * 1.5).dtype == ember.float64
        assert ember.tensor([1.5]).dtype == ember.float64
        assert (ember.tensor([1, 2]) / 2).dtype == ember.float64
    finally:
        ember.set_default_dtype(previous)
    with pytest.raises(TypeError, match="only floating-point types are supported as the "
                                        "default type"):
        ember.set_default_dtype(ember.int64)


# --- in-place forms ------------------------------------------------------------------------

INPLACE_BINARY = ["add_", "sub_", "mul_", "div_", "pow_", "remainder_", "fmod_", "atan2_"]
INPLACE_UNARY = sorted(name for name in elementwise.METHODS
                       if name.endswith("_") and not name.startswith("_") and
                       name[:-1] in UNARY or name in ("clamp_", "clip_", "clamp_min_",
                                                      "clamp_max_"))


@requires_torch
@pytest.mark.parametrize("name", INPLACE_BINARY)
def test_inplace_binary_matches_torch(name):
    base = _rand((2, 3), 0.5, 2.0, seed=20, dtype=ember.float32, requires_grad=False)
    other = _rand((3,), 0.5, 2.0, seed=21, dtype=ember.float32, requires_grad=False)
    ours = base.clone()
    result = getattr(ours, name)(other)
    assert result is ours
    assert ours._vc[0] == 1
    theirs = TORCH.from_numpy(base.cpu().numpy().copy())
    getattr(theirs, name)(TORCH.from_numpy(other.cpu().numpy().copy()))
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-6)


@requires_torch
@pytest.mark.parametrize("name", INPLACE_BINARY)
def test_inplace_binary_gradient_matches_torch(name):
    x = _rand((2, 3), 0.5, 2.0, seed=22, dtype=ember.float32)
    y = _rand((3,), 0.5, 2.0, seed=23, dtype=ember.float32)

    def fn(lib, a, b):
        h = a * 1
        getattr(h, name)(b)
        return h
    compare_with_torch(fn, x, y)


@requires_torch
@pytest.mark.parametrize("name", INPLACE_UNARY)
def test_inplace_unary_matches_torch(name):
    low, high = UNARY.get(name[:-1], (-0.9, 0.9))
    x = _rand((2, 3), low, high, seed=24, dtype=ember.float32)
    args = {"clamp_": (-0.5, 0.5), "clip_": (-0.5, 0.5), "clamp_min_": (0.0,),
            "clamp_max_": (0.0,)}.get(name, ())

    def fn(lib, a):
        h = a * 1
        out = getattr(h, name)(*args)
        assert out is h
        return h
    # sgn's gradient is an unreadable ZeroTensor in torch; the in-place inverse hyperbolics
    # have no derivative in torch (their backward raises, checked below).
    no_derivative = name in ("asinh_", "acosh_", "atanh_")
    compare_with_torch(fn, x, grad=name != "sgn_" and not no_derivative)
    if no_derivative:
        with pytest.raises(NotImplementedError, match=f"inplace version of {name[:-1]}"):
            fn(ember, x.detach().requires_grad_()).sum().backward()


@requires_torch
@pytest.mark.parametrize("operator", ["+=", "-=", "*=", "/=", "//=", "%=", "**="])
def test_augmented_assignment_matches_torch(operator):
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
        alias = x
        namespace = {"x": x, "y": lib.tensor([2.0, 3.0])}
        exec(f"x {operator} y", namespace)
        assert namespace["x"] is alias  # in place: the same tensor object
        results.append(namespace["x"].cpu().numpy().copy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)


@requires_torch
def test_add_and_sub_with_alpha_match_torch():
    x = _rand((2, 3), -1, 1, seed=25, dtype=ember.float32)
    y = _rand((3,), -1, 1, seed=26, dtype=ember.float32)
    compare_with_torch(lambda lib, a, b: lib.add(a, b, alpha=2.5), x, y)
    compare_with_torch(lambda lib, a, b: lib.sub(a, b, alpha=-3), x, y)

    def inplace(lib, a, b):
        h = a * 1
        h.add_(b, alpha=0.5)
        h.sub_(b, alpha=2)
        return h
    compare_with_torch(inplace, x, y)


INPLACE_ERRORS = [
    (lambda lib: lib.tensor([1, 2]).add_(1.5),
     "result type Float can't be cast to the desired output type Long"),
    (lambda lib: lib.tensor([1, 2]).__iadd__(lib.tensor([0.5, 0.5])),
     "result type Float can't be cast to the desired output type Long"),
    (lambda lib: lib.tensor([1, 2]).div_(2),
     "result type Float can't be cast to the desired output type Long"),
    (lambda lib: lib.tensor([True, False]).add_(2),
     "result type Long can't be cast to the desired output type Bool"),
    (lambda lib: lib.tensor([1, 2], dtype=lib.int32).mul_(lib.ones(2, dtype=lib.float64)),
     "result type Double can't be cast to the desired output type Int"),
    (lambda lib: lib.ones(3).add_(lib.ones(2, 3)),
     "output with shape [3] doesn't match the broadcast shape [2, 3]"),
    (lambda lib: lib.ones(3, requires_grad=True).exp_(),
     "a leaf Variable that requires grad is being used in an in-place operation."),
]


@pytest.mark.parametrize("fn,message", INPLACE_ERRORS, ids=[m for _, m in INPLACE_ERRORS])
def test_inplace_errors(fn, message):
    with pytest.raises(RuntimeError) as ours:
        fn(ember)
    assert str(ours.value) == message
    if TORCH is not None:
        with pytest.raises(RuntimeError) as theirs:
            fn(TORCH)
        assert str(theirs.value) == message


def test_inplace_int_with_int_keeps_dtype():
    x = ember.tensor([1, 2])
    x += 3
    x *= ember.tensor([2, 2], dtype=ember.int8)
    assert x.dtype == ember.int64 and x.tolist() == [8, 10]
    f = ember.ones(2, dtype=ember.float16)
    f += ember.ones(2, dtype=ember.float64)
    assert f.dtype == ember.float16


# --- hypothesis: broadcasting and promotion against torch ----------------------------------

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def _shapes():
    return st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple)


@st.composite
def _broadcastable_pair(draw):
    shape = draw(_shapes())
    other = []
    for size in shape[draw(st.integers(0, len(shape))):]:
        other.append(draw(st.sampled_from([1, size])))
    pair = (shape, tuple(other))
    return pair if draw(st.booleans()) else pair[::-1]


@requires_torch
@settings(max_examples=50, deadline=None)
@given(_broadcastable_pair(), st.sampled_from(["add", "mul", "sub", "maximum", "atan2"]))
def test_property_broadcasting_matches_torch(shapes, name):
    rng = np.random.default_rng(len(shapes[0]) * 7 + len(shapes[1]))
    x = ember.tensor(rng.uniform(0.5, 2, shapes[0]), requires_grad=True)
    y = ember.tensor(rng.uniform(0.5, 2, shapes[1]), requires_grad=True)
    out, _ = compare_with_torch(lambda lib, a, b: getattr(lib, name)(a, b), x, y)
    assert tuple(out.shape) == np.broadcast_shapes(shapes[0], shapes[1])


def _value(kind, dtype):
    if kind == "int":
        return 3
    if kind == "float":
        return 1.5
    if kind == "bool":
        return True
    shape = () if kind == "0d" else (2,)
    return ember.ones(shape, dtype=getattr(ember, dtype))


@requires_torch
@settings(max_examples=50, deadline=None)
@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.sampled_from(["t", "0d"]),
       st.sampled_from(["t", "0d", "int", "float", "bool"]),
       st.sampled_from(["add", "mul", "div", "maximum", "eq"]))
def test_property_promotion_matches_torch(left_dtype, right_dtype, left_kind, right_kind, op):
    a = _value(left_kind, left_dtype)
    b = _value(right_kind, right_dtype)
    if op == "maximum" and not isinstance(b, ember.Tensor):
        b = ember.tensor(b)

    def torch_of(v):
        return TORCH.from_numpy(v.cpu().numpy().copy()) if isinstance(v, ember.Tensor) else v
    try:
        expected = getattr(TORCH, op)(torch_of(a), torch_of(b))
    except RuntimeError as error:
        with pytest.raises(RuntimeError) as ours:
            getattr(ember, op)(a, b)
        assert str(ours.value) == str(error)
        return
    out = getattr(ember, op)(a, b)
    assert str(out.dtype).replace("ember", "torch") == str(expected.dtype)
    np.testing.assert_allclose(out.cpu().numpy().astype(np.float64),
                               expected.cpu().numpy().astype(np.float64), rtol=1e-3)
    if op != "eq":
        assert str(ember.result_type(a, b)).replace("ember", "torch") == \
            str(TORCH.result_type(torch_of(a), torch_of(b)))


@requires_torch
@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8"])
@pytest.mark.parametrize("shift", [0, 1, 3, 7, 8, 31, 63, 64, 70])
def test_shifts_match_torch(dtype, shift):
    """<< and >> (and their function and in-place forms) give torch's values and dtypes,
    including shifts by the type's width or more."""
    values = [1, 0, 5, 100, 127] if dtype in ("uint8", "int8") else [1, -8, 5, 2**20, 0]
    for lib_fn in (lambda t, x: x << shift, lambda t, x: x >> shift,
                   lambda t, x: shift << x, lambda t, x: t.bitwise_right_shift(x, shift),
                   lambda t, x: t.bitwise_left_shift(x, t.full_like(x, shift)),
                   lambda t, x: x.clone().__irshift__(shift)):
        ours = lib_fn(ember, ember.tensor(values, dtype=getattr(ember, dtype)))
        theirs = lib_fn(TORCH, TORCH.tensor(values, dtype=getattr(TORCH, dtype)))
        assert str(ours.dtype)[6:] == str(theirs.dtype)[6:]
        assert ours.tolist() == theirs.tolist()


@requires_torch
def test_relu_double_backward_is_threshold_backward_as_torch():
    # relu's derivative is one recorded op, named and connected as torch's threshold_backward.
    def grad_of_cube(m, x):
        y = m.relu(x)
        (g,) = m.autograd.grad((y * y * y).sum(), x, create_graph=True)
        return g
    x = ember.tensor([-1.5, 0.0, 0.5, 2.0, -0.25], dtype=ember.float64, requires_grad=True)
    ours, theirs = compare_with_torch(grad_of_cube, x)
    assert [type(n).__name__ for n, _ in ours.grad_fn.next_functions] == \
        [type(n).__name__ for n, _ in theirs.grad_fn.next_functions]
    check_gradients(lambda t: ember.relu(t) ** 2, rand64(6, seed=3) + 0.05)


def test_where_method_takes_the_condition_first():
    """``x.where(condition, other)`` is ``where(condition, x, other)``; a bool tensor's method
    gave where(x, condition, other) silently."""
    x = ember.tensor([1.0, -2.0, 3.0])
    mask = ember.tensor([True, False, True])
    assert x.where(mask, 0.0).tolist() == [1.0, 0.0, 3.0]
    assert x.where(condition=mask, other=5).tolist() == [1.0, 5.0, 3.0]
    b = ember.tensor([True, False])
    assert b.where(ember.tensor([False, True]), False).tolist() == [False, False]
    with pytest.raises(TypeError, match=r"got \(Tensor\), but expected one of"):
        x.where(mask)
    if TORCH is not None:
        tb = TORCH.tensor([True, False])
        assert tb.where(TORCH.tensor([False, True]), False).tolist() == [False, False]


@requires_torch
def test_clamp_without_bounds_names_ember():
    with pytest.raises(RuntimeError) as theirs:
        TORCH.clamp(TORCH.ones(2))
    with pytest.raises(RuntimeError) as ours:
        ember.clamp(ember.ones(2))
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("name", ["isclose", "allclose"])
@pytest.mark.parametrize("tolerances", [{"rtol": -1.0}, {"atol": -0.5}, {"rtol": -1, "atol": -2},
                                        {"rtol": -1e-20}, {"rtol": 0.0, "atol": 0.0}], ids=str)
def test_isclose_refuses_negative_tolerances_as_torch(name, tolerances):
    # A negative tolerance made NumPy's test quietly false everywhere; torch refuses it.
    results = []
    for lib in (ember, TORCH):
        a, b = lib.tensor([1.0, 2.0]), lib.tensor([1.0, 2.5])
        try:
            out = getattr(lib, name)(a, b, **tolerances)
            results.append(out if isinstance(out, bool) else out.tolist())
        except RuntimeError as error:
            results.append(str(error))
    assert results[0] == results[1]


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_remainder_zero_keeps_the_dividends_sign_as_torch(dtype):
    # torch's float remainder is fmod moved by the divisor when the signs differ, so a zero
    # result keeps the dividend's sign (remainder(-4., 2.) is -0.); NumPy's takes the divisor's
    inf = float("inf")
    a = [-0.0, 0.0, -4.0, 4.0, 5.5, -5.5, -5.0, 5.0, 3.0, -6.0, 1e-30]
    b = [3.0, -3.0, 2.0, -2.0, 2.0, 2.0, inf, -inf, 0.0, -3.0, -1.0]
    results = []
    for lib in (ember, TORCH):
        x, y = lib.tensor(a, dtype=getattr(lib, dtype)), lib.tensor(b, dtype=getattr(lib, dtype))
        outs = [lib.remainder(x, y), x % 2.0, lib.remainder(-4.0, y), x.clone().remainder_(-2.0)]
        results.append([(o.tolist(), lib.signbit(o).tolist()) for o in outs])
    assert repr(results[0]) == repr(results[1])


@requires_torch
@pytest.mark.parametrize("name", ["isclose", "allclose"])
@pytest.mark.parametrize("tolerances", [{"rtol": float("inf")}, {"atol": float("inf")},
                                        {"rtol": float("inf"), "equal_nan": True},
                                        {"rtol": float("nan")}, {"atol": float("nan")}], ids=str)
@pytest.mark.parametrize("dtype", ["float64", "int64", "complex128"])
def test_isclose_with_infinite_or_nan_tolerances_as_torch(name, tolerances, dtype):
    # an infinite tolerance never makes inf close to a finite number in torch (NumPy warned and
    # said it was); a NaN tolerance is refused
    inf, nan = float("inf"), float("nan")
    a, b = [inf, -inf, inf, 1.0, 1e308, nan, 0.0], [inf, inf, 1e30, 1e30, -1e308, nan, 5.0]
    if dtype == "int64":
        a, b = [0, 5, -3, 7], [100, 5, 2, -9]
    results = []
    for lib in (ember, TORCH):
        x, y = lib.tensor(a, dtype=getattr(lib, dtype)), lib.tensor(b, dtype=getattr(lib, dtype))
        try:
            out = getattr(lib, name)(x, y, **tolerances)
            results.append(out if isinstance(out, bool) else out.tolist())
        except RuntimeError as error:
            results.append(str(error))
    assert results[0] == results[1]


# Float bounds of float32/float64 tensors take a path with cached 0-d bound arrays: bounds that
# float32 rounds or flushes, NaN, -0.0, min > max, and values on the bounds.
CLAMP_FLOAT_BOUNDS = [(1e-7, 1 - 1e-7), (0.1, 0.3), (-3e38, 3.4e38), (1e-50, 0.5),
                      (float("nan"), 0.5), (-0.0, 0.0), (0.5, -0.5), (0.25, 0.25)]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bounds", CLAMP_FLOAT_BOUNDS)
def test_clamp_float_bounds_same_bits_as_torch(dtype, bounds):
    low, high = bounds
    values = np.array([[0.0, -0.0, 1e-7, 0.1, 0.3, 0.9999999, 1.0, 0.25],
                       [-2.0, 2.0, float("nan"), float("inf"), float("-inf"), 1e-45, 0.5, -0.5]])
    grad = np.arange(16.0).reshape(2, 8)
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        out = lib.clamp(x, min=low, max=high)
        assert out.grad_fn.name() == "ClampBackward1"
        out.backward(lib.tensor(grad, dtype=getattr(lib, dtype)))
        results.append((out.detach().cpu().numpy(), x.grad.cpu().numpy()))
    for ours, theirs in zip(*results):
        assert ours.dtype == theirs.dtype
        np.testing.assert_array_equal(ours.view(f"u{ours.itemsize}"),
                                      theirs.view(f"u{theirs.itemsize}"))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_atan2_gradient_same_bits_as_torch(dtype):
    # grad * x * (1 / (y^2 + x^2)): a division by the squared radius rounds differently
    rng = np.random.default_rng(40)
    y_values, x_values = rng.normal(size=(2, 500))
    results = []
    for lib in (ember, TORCH):
        y = lib.tensor(y_values, dtype=getattr(lib, dtype), requires_grad=True)
        x = lib.tensor(x_values, dtype=getattr(lib, dtype), requires_grad=True)
        lib.atan2(y, x).backward(lib.ones(500, dtype=getattr(lib, dtype)) * 0.7)
        results.append((y.grad.cpu().numpy(), x.grad.cpu().numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_array_equal(ours.view(f"u{ours.itemsize}"),
                                      theirs.view(f"u{theirs.itemsize}"))
    check_gradients(lambda a, b: ember.atan2(a, b), rand64(4, low=0.5, high=2),
                    rand64(4, low=0.5, high=2))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_atan2_gradient_at_the_origin_is_zero_as_torch(dtype):
    # where the squared radius is 0 (the origin, or y = 1e-200 whose square underflows) torch
    # takes the gradient as 0, not 0 * inf = nan; its second derivative there stays nan
    results = []
    for lib in (ember, TORCH):
        kw = {"dtype": getattr(lib, dtype), "requires_grad": True}
        y = lib.tensor([0.0, 0.0, 1e-200 if dtype == "float64" else 1e-30, 1.0, -2.0], **kw)
        x = lib.tensor([0.0, -0.0, 0.0, 0.0, 3.0], **kw)
        gy, gx = lib.autograd.grad(lib.atan2(y, x).sum(), (y, x), create_graph=True)
        assert gy.grad_fn.name() == gx.grad_fn.name() == "MulBackward0"
        second = lib.autograd.grad((gy + gx).sum(), (y, x))
        results.append([t.detach().cpu().numpy() for t in (gy, gx, *second)])
    for ours, theirs in zip(results[0][:2], results[1][:2]):
        np.testing.assert_array_equal(ours.view(f"u{ours.itemsize}"),
                                      theirs.view(f"u{theirs.itemsize}"))
    for ours, theirs in zip(results[0][2:], results[1][2:]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, equal_nan=True)
    check_gradients(lambda a, b: ember.atan2(a, b), rand64(4, low=-2, high=2),
                    rand64(4, low=-2, high=2, seed=1))


@requires_torch
def test_sign_gradient_is_zeros_whatever_the_upstream_gradient_as_torch():
    # torch's derivative is zeros_like(grad): grad * 0 gave -0 under a negative gradient and
    # NaN under an infinite or NaN one, and -0 reached the bias of an abs() double backward.
    # (torch's sgn gradient is a ZeroTensor that cannot be read: ember's is plain zeros)
    results = []
    for lib in (ember, TORCH):
        x = lib.tensor([-1.5, 0.0, 2.0, 3.0], requires_grad=True)
        lib.sign(x).backward(lib.tensor([-2.0, float("inf"), float("nan"), -0.0]))
        b = lib.tensor([0.25, 0.25], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([-1.5, 0.5], dtype=lib.float64, requires_grad=True)
        (g,) = lib.autograd.grad(lib.abs(y * 1.5 + b).sum(), y, create_graph=True)
        g.pow(2).sum().backward()
        results.append((x.grad.tolist(), x.grad.signbit().tolist(), b.grad.signbit().tolist()))
    assert results[0] == results[1]
    x = ember.tensor([-1.5, 0.0, 2.0], requires_grad=True)
    ember.sgn(x).backward(ember.tensor([-2.0, float("inf"), float("nan")]))
    assert x.grad.tolist() == [0.0, 0.0, 0.0] and not x.grad.signbit().any()


# alpha of add/sub/rsub (and their in-place forms) that the result's dtype cannot take is refused
# as torch refuses it, never truncated or promoted: an optimizer given weight_decay=True used to
# step as if it were 1.
@pytest.mark.parametrize("call", [
    lambda: ember.add(ember.ones(2), ember.ones(2), alpha=True),
    lambda: ember.sub(ember.ones(2), ember.ones(2), alpha=True),
    lambda: ember.rsub(ember.ones(2), ember.ones(2), alpha=True),
    lambda: ember.ones(2).add_(ember.ones(2), alpha=True),
    lambda: ember.ones(2).sub_(3.0, alpha=True),
    lambda: ember.ones(2, dtype=ember.int64).add(ember.ones(2, dtype=ember.int64), alpha=False),
])
def test_bool_alpha_needs_a_bool_result(call):
    with pytest.raises(RuntimeError, match="^Boolean alpha only supported for Boolean results.$"):
        call()


@pytest.mark.parametrize("alpha", [1.5, 0.0, 2j])
def test_float_alpha_refused_for_integral_results(alpha):
    ints = ember.tensor([1, 2])
    with pytest.raises(RuntimeError, match="^For integral input tensors, argument alpha must "
                                           "not be a floating point number.$"):
        ember.add(ints, ints, alpha=alpha)
    with pytest.raises(RuntimeError, match="^For integral input tensors"):
        ember.sub(ints, 1, alpha=alpha)


def test_complex_alpha_refused_for_real_results():
    with pytest.raises(RuntimeError, match="^For non-complex input tensors, argument alpha must "
                                           "not be a complex number.$"):
        ember.add(ember.ones(2), ember.ones(2), alpha=1j)


def test_alphas_the_result_takes():
    bools = ember.tensor([True, False])
    assert ember.add(bools, bools, alpha=True).tolist() == [True, False]
    assert ember.add(ember.tensor([1, 2]), ember.ones(2), alpha=1.5).tolist() == [2.5, 3.5]
    assert ember.add(ember.tensor([1, 2]), ember.tensor([1, 1]), alpha=3).tolist() == [4, 5]
    x = ember.ones(2)
    x.add_(ember.ones(2), alpha=-0.5)
    assert x.tolist() == [0.5, 0.5]
    z = ember.ones(2, dtype=ember.complex64)
    assert ember.add(z, z, alpha=1j).tolist() == [1 + 1j, 1 + 1j]


# alpha is read in the result's dtype: a bool result takes a nonzero integer as True (add of two
# bool tensors with alpha=2 gave the int64 [3, 0, 3]), and a value the dtype cannot hold is
# refused (int8 with alpha=300 wrapped around; half with alpha=1e6 gave inf).
ALPHA_READS = [
    (lambda t: t.add(t.tensor([True, False, True]), t.tensor([True, False, True]), alpha=2),
     [True, False, True]),
    (lambda t: t.add(t.tensor([False, False]), t.tensor([True, False]), alpha=-1), [True, False]),
    (lambda t: t.add(t.tensor([True, False]), t.tensor([True, True]), alpha=0), [True, False]),
    (lambda t: t.tensor([False, True]).add_(t.tensor([True, False]), alpha=5), [True, True]),
    (lambda t: t.add(t.tensor([1, 2], dtype=t.uint8), t.tensor([1, 2], dtype=t.uint8), alpha=-1),
     [0, 0]),
]


@pytest.mark.parametrize("case", range(len(ALPHA_READS)))
def test_alpha_is_read_in_the_result_dtype(case):
    fn, expected = ALPHA_READS[case]
    assert fn(ember).tolist() == expected
    if TORCH is not None:
        assert fn(TORCH).tolist() == expected


@pytest.mark.parametrize("fn, error, message", [
    (lambda t: t.add(t.ones(2, dtype=t.int8), t.ones(2, dtype=t.int8), alpha=300), RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.sub(t.ones(2, dtype=t.int8), 1, alpha=-129), RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.add(t.ones(2, dtype=t.float16), t.ones(2, dtype=t.float16), alpha=1e6),
     RuntimeError, "value cannot be converted to type c10::Half without overflow"),
    (lambda t: t.add(t.ones(2), t.ones(2), alpha=1e40), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda t: t.ones(2).add_(t.ones(2), alpha=1e40), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda t: t.ones(2).sub_(1.0, alpha=-1e40), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda t: t.add(t.ones(2, dtype=t.int64), t.ones(2, dtype=t.int64), alpha=2 ** 63),
     RuntimeError, "value cannot be converted to type int64_t without overflow"),
    (lambda t: t.add(t.tensor([True]), t.tensor([True]), alpha=2 ** 64), OverflowError,
     "int too big to convert"),
])
def test_alpha_the_result_dtype_cannot_take_is_refused(fn, error, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(error, match=message):
            fn(lib)


# threshold, fill_diagonal_ and a scalar exponent read their numbers in the tensor's dtype, as
# torch's kernels do: threshold(-1.5) on integers is threshold(-1) (ember compared with -1.5 and
# kept the -1), and values the dtype cannot hold are refused (ember wrapped 300 into int8).
SCALAR_READS = [
    (lambda t: t.threshold(t.tensor([-2, -1, 0, 1]), -1.5, 5), [5, 5, 0, 1]),
    (lambda t: t.threshold(t.tensor([-2, 0, 2]), 0, -9.7), [-9, -9, 2]),
    (lambda t: t.nn.functional.threshold_(t.tensor([0, 1, 2]), 0.5, 7.9), [7, 1, 2]),
    (lambda t: t.threshold(t.tensor([1.0, 2.0], dtype=t.float16), 1e5, 1), [1.0, 1.0]),
    (lambda t: t.zeros(2, 2, dtype=t.int64).fill_diagonal_(-2.9), [[-2, 0], [0, -2]]),
    (lambda t: t.zeros(2, 2, dtype=t.uint8).fill_diagonal_(-1), [[255, 0], [0, 255]]),
    (lambda t: t.zeros(2, 2, dtype=t.bool).fill_diagonal_(0.5), [[True, False], [False, True]]),
    (lambda t: t.ones(2) ** 1e40, [1.0, 1.0]),
]


@pytest.mark.parametrize("case", range(len(SCALAR_READS)))
def test_scalars_read_in_the_tensor_dtype(case):
    fn, expected = SCALAR_READS[case]
    assert fn(ember).tolist() == expected
    if TORCH is not None:
        assert fn(TORCH).tolist() == expected


@pytest.mark.parametrize("fn, error, message", [
    (lambda t: t.threshold(t.zeros(2, dtype=t.int8), 0, 300), RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.threshold(t.zeros(2, dtype=t.float16), 0, 1e5), RuntimeError,
     "value cannot be converted to type c10::Half without overflow"),
    (lambda t: t.threshold(t.zeros(2, dtype=t.int64), 0, float("nan")), RuntimeError,
     "value cannot be converted to type int64_t without overflow"),
    (lambda t: t.threshold(t.zeros(2, dtype=t.bool), 0, 1), NotImplementedError,
     "\"threshold_cpu\" not implemented for 'Bool'"),
    (lambda t: t.zeros(2, 2, dtype=t.int8).fill_diagonal_(300), RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.zeros(2, 2).fill_diagonal_(1j), RuntimeError,
     "value cannot be converted to type float without overflow"),
    (lambda t: t.ones(2, dtype=t.int8) ** 300, RuntimeError,
     "value cannot be converted to type int8_t without overflow"),
    (lambda t: t.ones(2, dtype=t.float16) ** 1e5, RuntimeError,
     "value cannot be converted to type c10::Half without overflow"),
    (lambda t: t.ones(2) ** 2 ** 70, OverflowError, "int too big to convert"),
])
def test_scalars_the_tensor_dtype_cannot_take_are_refused(fn, error, message):
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(error, match=message):
            fn(lib)


# addcmul's and addcdiv's value is a Number to torch: a 0-d tensor that needs no grad is read as
# its number (RMSprop, Adagrad and Adadelta pass 1 - alpha with a tensor alpha); other tensors
# are refused (a NumPy TypeError leaked for every tensor before).
@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
def test_addc_value_tensor(name):
    x = ember.tensor([1.0, 2.0])
    op = getattr(ember, name)
    assert op(x, x, x, value=ember.tensor(0.5)).tolist() == op(x, x, x, value=0.5).tolist()
    assert getattr(x.clone(), name + "_")(x, x, value=ember.tensor(2)).tolist() == \
        op(x, x, x, value=2).tolist()
    for value in (ember.tensor([0.5]), ember.tensor(0.5, requires_grad=True)):
        with pytest.raises(TypeError, match=f"^{name}\\(\\): argument 'value' must be Number, "
                                            "not Tensor$"):
            op(x, x, x, value=value)


# addcmul's and addcdiv's value is read in the result's dtype as torch's kernels read it: an
# integral result truncates 2.5 to 2 (it scaled by 2.5 and truncated the sum, a silently
# different number), a value the dtype (float32 for a half one) cannot hold is refused, and
# so is a complex beside a real result.
ADDC_VALUES = [
    (lambda t: t.addcmul(t.tensor([1, 2, 3]), t.tensor([1, 2, 3]), t.tensor([1, 2, 3]),
                         value=2.5), [3, 10, 21]),
    (lambda t: t.addcmul(t.tensor([1, 2, 3]), t.tensor([1, 2, 3]), t.tensor([1, 2, 3]),
                         value=-2.5), [-1, -6, -15]),
    (lambda t: t.tensor([1, 2, 3]).addcmul_(t.tensor([1, 2, 3]), t.tensor([1, 2, 3]),
                                            value=0.5), [1, 2, 3]),
    (lambda t: t.addcmul(t.tensor([1, 2, 3], dtype=t.uint8), t.tensor([1, 2, 3], dtype=t.uint8),
                         t.tensor([1, 1, 1], dtype=t.uint8), value=-1), [0, 0, 0]),
    (lambda t: t.addcmul(t.tensor([1.0]), t.tensor([2]), t.tensor([3]), value=2.5), [16.0]),
    (lambda t: t.addcmul(t.tensor([1.0], dtype=t.float64), t.tensor([2.0], dtype=t.float64),
                         t.tensor([3.0], dtype=t.float64), value=2 + 0j), [13.0]),
    (lambda t: t.addcmul(t.tensor([1.0], dtype=t.float16), t.tensor([2.0], dtype=t.float16),
                         t.tensor([3.0], dtype=t.float16), value=1e5), [float("inf")]),
]


@pytest.mark.parametrize("case", range(len(ADDC_VALUES)))
def test_addc_value_is_read_in_the_result_dtype(case):
    fn, expected = ADDC_VALUES[case]
    assert fn(ember).tolist() == expected
    if TORCH is not None:
        assert fn(TORCH).tolist() == expected


ADDC_REFUSED = [
    (lambda t, n: getattr(t, n)(t.tensor([1.0]), t.tensor([2.0]), t.tensor([3.0]), value=1j),
     RuntimeError, "value cannot be converted to type float without overflow"),
    (lambda t, n: getattr(t, n)(t.tensor([1.0], dtype=t.float16), t.tensor([2.0], dtype=t.float16),
                                t.tensor([3.0], dtype=t.float16), value=1e40),
     RuntimeError, "value cannot be converted to type float without overflow"),
    (lambda t, n: getattr(t, n)(t.tensor([1.0], dtype=t.float64), t.tensor([2.0]),
                                t.tensor([3.0]), value=2j),
     RuntimeError, "value cannot be converted to type double without overflow"),
]


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("case", range(len(ADDC_REFUSED)))
def test_addc_value_the_result_dtype_cannot_take_is_refused(name, case):
    fn, error, message = ADDC_REFUSED[case]
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        with pytest.raises(error, match=message):
            fn(lib, name)


def test_addc_integer_value_limits():
    for lib in (ember, TORCH) if TORCH is not None else (ember,):
        small = lib.tensor([1], dtype=lib.int8)
        with pytest.raises(RuntimeError, match="value cannot be converted to type int8_t"):
            lib.addcmul(small, small, small, value=300)
        with pytest.raises(RuntimeError, match="value cannot be converted to type int64_t"):
            lib.addcmul(small.long(), small.long(), small.long(), value=float("nan"))
        with pytest.raises(OverflowError, match="int too big to convert"):
            lib.addcmul(small.long(), small.long(), small.long(), value=2 ** 64)
        flags = lib.tensor([True, False])
        with pytest.raises(NotImplementedError, match="not implemented for 'Bool'"):
            lib.addcmul(flags, flags, flags, value=2)


@pytest.mark.parametrize("name", ["clamp", "clip"])
def test_mixed_bounds_error_names_the_function_called(name):
    """A Tensor bound beside a number matches neither overload: torch's text names the function
    the user called (clip's said clamp)."""
    x = ember.ones(2, 3)
    with pytest.raises(TypeError, match=f"^{name}\\(\\) received an invalid combination of "
                                        r"arguments - got \(Tensor, Tensor, float\)"):
        getattr(ember, name)(x, ember.ones(3), 1.0)
    leaf = ember.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    out = getattr(ember, name)(leaf, 0.0, 1.0)
    assert out.tolist() == [0.0, 0.5, 1.0] and out.grad_fn.name() == "ClampBackward1"
    out.sum().backward()
    assert leaf.grad.tolist() == [0.0, 1.0, 0.0]
