"""hypot, logaddexp(2), logcumsumexp, copysign, nextafter, ldexp, frexp, float_power, heaviside,
gcd, lcm, bit shifts, signbit, deg2rad/rad2deg, and the in-place/alias spellings: values
against torch (edge cases, float32/float64, broadcasting), grad_fn names and gradchecks."""
from __future__ import annotations

import functools
import math
import warnings

import numpy as np
import pytest
from conftest import TORCH, check_gradients, compare_with_torch, requires_torch

import ember

INF, NAN = math.inf, math.nan
EDGE = [-INF, -1e30, -3.5, -1.0, -1e-30, -0.0, 0.0, 1e-30, 0.5, 2.0, 1e30, INF, NAN]
BINARY = ["hypot", "logaddexp", "logaddexp2", "copysign", "nextafter", "ldexp"]
TOLERANCE = {"float32": {"rtol": 1e-6, "atol": 1e-7}, "float64": {"rtol": 1e-13, "atol": 1e-15}}


def _pair(lib, dtype):
    x = np.array(EDGE)[:, None] * np.ones(len(EDGE))
    y = np.ones(len(EDGE))[:, None] * np.array(EDGE)
    return (lib.tensor(x, dtype=getattr(lib, dtype)), lib.tensor(y, dtype=getattr(lib, dtype)))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", BINARY)
def test_binary_values_match_torch_on_edge_grid(name, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = getattr(ember, name)(*_pair(ember, dtype))
    theirs = getattr(TORCH, name)(*_pair(TORCH, dtype))
    assert str(ours.dtype)[6:] == str(theirs.dtype)[6:]
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), equal_nan=True,
                               **TOLERANCE[dtype])


@requires_torch
@pytest.mark.parametrize("name", BINARY)
def test_binary_gradients_broadcasting_and_grad_fn(name):
    def x():
        return ember.tensor([[0.3], [-1.2]], dtype=ember.float64, requires_grad=True)

    def y():
        return ember.tensor([1.5, -0.4, 2.0], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, a, b: getattr(lib, name)(a, b), x(), y(), rtol=1e-12)
    compare_with_torch(lambda lib, a, b: getattr(a, name)(b), x(), y(), rtol=1e-12)
    if name != "nextafter":  # a step function of its inputs: finite differences see jumps
        check_gradients(getattr(ember, name), x(), y())
    with pytest.raises(RuntimeError, match="must match the size"):
        getattr(ember, name)(ember.ones(2), ember.ones(3))


@requires_torch
@pytest.mark.parametrize("name", BINARY)
def test_binary_inplace_and_integer_inputs(name):
    base = np.array([0.25, -3.0, 5.0])
    other = np.array([2.0, 1.0, -1.0])
    ours = ember.tensor(base)
    assert hasattr(ours, name + "_") == hasattr(TORCH.Tensor, name + "_")
    if hasattr(ours, name + "_"):
        assert getattr(ours, name + "_")(ember.tensor(other)) is ours
        theirs = getattr(TORCH.tensor(base), name + "_")(TORCH.tensor(other))
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-13)
    ints = ([1, 2, 3], [2, 0, 1])
    try:
        expected = getattr(TORCH, name)(TORCH.tensor(ints[0]), TORCH.tensor(ints[1]))
    except NotImplementedError as error:
        with pytest.raises(NotImplementedError, match=str(error).replace("'", ".")):
            getattr(ember, name)(ember.tensor(ints[0]), ember.tensor(ints[1]))
    else:
        ours = getattr(ember, name)(ember.tensor(ints[0]), ember.tensor(ints[1]))
        assert ours.dtype == ember.float32 and expected.dtype == TORCH.float32
        np.testing.assert_allclose(ours.cpu().numpy(), expected.cpu().numpy())


@requires_torch
def test_copysign_with_a_number_and_its_gradient_at_zero():
    def x():
        return ember.tensor([0.0, -2.0, 3.0], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, t: lib.copysign(t, -1.0), x())
    compare_with_torch(lambda lib, t: lib.copysign(t, lib.tensor([1.0, -0.0, 2.0],
                                                                   dtype=lib.float64)), x())


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_logcumsumexp_matches_torch(dim, dtype):
    x = [[-INF, 1.0, INF, 0.0], [0.0, NAN, 1.0, 2.0], [-1e30, 3.0, -2.0, 1e3]]
    ours = ember.logcumsumexp(ember.tensor(x, dtype=getattr(ember, dtype)), dim)
    theirs = TORCH.logcumsumexp(TORCH.tensor(x, dtype=getattr(TORCH, dtype)), dim)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), equal_nan=True, rtol=1e-6)

    def t():
        return ember.tensor(np.random.default_rng(1).normal(size=(3, 4)) * 3, requires_grad=True)
    compare_with_torch(lambda lib, a: lib.logcumsumexp(a, dim), t(), rtol=1e-10)
    compare_with_torch(lambda lib, a: a.logcumsumexp(dim), t(), rtol=1e-10)
    check_gradients(lambda a: ember.logcumsumexp(a, dim), t())
    for shape in [(), (0,), (0, 3)]:
        empty = np.ones(shape)
        d = 0 if shape else -1
        assert ember.logcumsumexp(ember.tensor(empty), d).shape == \
            TORCH.logcumsumexp(TORCH.tensor(empty), d).shape
    with pytest.raises(NotImplementedError, match="logcumsumexp_out_cpu"):
        ember.logcumsumexp(ember.tensor([1, 2]), 0)


@requires_torch
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_logcumsumexp_of_complex_input_matches_torch(dim):
    x = [[1 + 1j, 2, 3j, -40 + 2j], [0, -1j, 1, 50 - 1j], [-INF + 0j, 2 - 3j, 0.5j, 1]]
    ours = ember.logcumsumexp(ember.tensor(x, dtype=ember.complex128), dim)
    theirs = TORCH.logcumsumexp(TORCH.tensor(x, dtype=TORCH.complex128), dim)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12, atol=1e-12)
    assert ember.logcumsumexp(ember.tensor(x, dtype=ember.complex64), dim).dtype == ember.complex64

    def t():
        rng = np.random.default_rng(2)
        return ember.tensor(rng.normal(size=(3, 4)) + 1j * rng.normal(size=(3, 4)),
                            requires_grad=True)
    compare_with_torch(lambda lib, a: lib.logcumsumexp(a, dim), t(), rtol=1e-10)
    check_gradients(lambda a: ember.logcumsumexp(a, dim), t())


@requires_torch
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_frexp_matches_torch(dtype):
    values = [8.0, 0.3, 0.0, -0.0, -3.0, 1e-30, 6e4, INF, -INF, NAN]
    ours = ember.frexp(ember.tensor(values, dtype=getattr(ember, dtype)))
    theirs = TORCH.frexp(TORCH.tensor(values, dtype=getattr(TORCH, dtype)))
    np.testing.assert_array_equal(ours.mantissa.cpu().numpy(), theirs.mantissa.cpu().numpy())
    np.testing.assert_array_equal(ours.exponent.cpu().numpy(), theirs.exponent.cpu().numpy())
    assert ours.exponent.dtype == ember.int32
    assert repr(ours).startswith("ember.return_types.frexp(\nmantissa=tensor(")
    x = ember.tensor([0.3, -5.0, 17.0], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, t: lib.frexp(t)[0], x)
    with pytest.raises(RuntimeError, match="only supports floating-point dtypes"):
        ember.frexp(ember.tensor([1]))


@requires_torch
def test_float_power_is_double_precision():
    def x():
        return ember.tensor([0.5, 2.0, 3.0], dtype=ember.float32, requires_grad=True)

    def e():
        return ember.tensor([2.0, -1.5, 0.5], dtype=ember.float64, requires_grad=True)
    compare_with_torch(lambda lib, a, b: lib.float_power(a, b), x(), e(), rtol=1e-12)
    compare_with_torch(lambda lib, a: lib.float_power(a, 3), x(), rtol=1e-12)
    compare_with_torch(lambda lib, b: lib.float_power(2, b), e(), rtol=1e-12)
    compare_with_torch(lambda lib, a: a.float_power(2.5), x(), rtol=1e-12)
    ours = ember.float_power(ember.tensor([2]), 3)
    assert ours.dtype == ember.float64 and ours.item() == 8.0
    target = ember.tensor([1.5, 2.0], dtype=ember.float64)
    target.float_power_(2)
    np.testing.assert_array_equal(target.cpu().numpy(), [2.25, 4.0])
    with pytest.raises(RuntimeError, match="the base given to float_power_ has dtype Float"):
        ember.ones(2).float_power_(2)


@requires_torch
def test_heaviside_matches_torch_and_has_no_derivative():
    x = [-1.0, -0.0, 0.0, 2.0, NAN, INF, -INF]
    ours = ember.heaviside(ember.tensor(x), ember.tensor([0.5]))
    theirs = TORCH.heaviside(TORCH.tensor(x), TORCH.tensor([0.5]))
    np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())
    ints = ember.heaviside(ember.tensor([-2, 0, 3]), ember.tensor([7, 7, 7]))
    assert ints.tolist() == TORCH.heaviside(TORCH.tensor([-2, 0, 3]),
                                            TORCH.tensor([7, 7, 7])).tolist()
    with pytest.raises(RuntimeError, match="tensors with different dtypes"):
        ember.heaviside(ember.tensor([1.0]), ember.tensor([1]))
    out = ember.heaviside(ember.tensor([1.0], requires_grad=True), ember.tensor([0.5]))
    assert out.grad_fn.name() == "ember::autograd::NotImplemented"
    assert repr(out).endswith("grad_fn=<NotImplemented>)")
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside is not implemented"):
        out.sum().backward()


@requires_torch
@pytest.mark.parametrize("pair", ["cc", "cf", "fc"])
def test_heaviside_refuses_complex_like_torch(pair):
    """torch refuses complex input before it compares dtypes (ember stepped on z == 0, z > 0)."""
    def make(lib, kind):
        return lib.tensor([1j, -2.0]) if kind == "c" else lib.tensor([1.0, 0.0])
    with pytest.raises(RuntimeError) as theirs:
        TORCH.heaviside(make(TORCH, pair[0]), make(TORCH, pair[1]))
    with pytest.raises(RuntimeError) as ours:
        ember.heaviside(make(ember, pair[0]), make(ember, pair[1]))
    assert str(ours.value) == str(theirs.value)


@requires_torch
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "int64"])
def test_integer_ops_match_torch(dtype):
    a = [12, -18, 0, 7, 0, -1, 100] if dtype != "uint8" else [12, 18, 0, 7, 0, 255, 100]
    b = [8, 4, 5, 0, 0, 3, 1]
    shifts = [0, 1, 3, 7, 8, 63, 70]
    ea, eb, es = (ember.tensor(v, dtype=getattr(ember, dtype)) for v in (a, b, shifts))
    ta, tb, ts = (TORCH.tensor(v, dtype=getattr(TORCH, dtype)) for v in (a, b, shifts))
    for name in ("gcd", "lcm", "bitwise_left_shift", "bitwise_right_shift"):
        other = (es, ts) if "shift" in name else (eb, tb)
        ours = getattr(ember, name)(ea, other[0])
        theirs = getattr(TORCH, name)(ta, other[1])
        assert ours.dtype == getattr(ember, dtype)
        assert ours.tolist() == theirs.tolist(), name
    assert (ea << 2).tolist() == (ta << 2).tolist()
    assert (ea >> 1).tolist() == (ta >> 1).tolist()
    assert (3 << ember.tensor([1, 2])).tolist() == (3 << TORCH.tensor([1, 2])).tolist()
    target = ea.clone()
    target <<= 1
    assert target.tolist() == (ta << 1).tolist()
    target = ea.clone()
    target.gcd_(eb)
    assert target.tolist() == TORCH.gcd(ta, tb).tolist()
    with pytest.raises(NotImplementedError, match="\"gcd_cpu\" not implemented for 'Float'"):
        ember.gcd(ember.ones(2), ember.ones(2))
    with pytest.raises(NotImplementedError, match="\"lshift_cpu\" not implemented for 'Float'"):
        ember.ones(2) << 1


@requires_torch
def test_signbit_and_angle_conversions():
    values = [-0.0, 0.0, NAN, -NAN, -INF, 3.0, -2.0]
    assert ember.signbit(ember.tensor(values)).tolist() == \
        TORCH.signbit(TORCH.tensor(values)).tolist()
    assert ember.tensor([-3, 0, 4]).signbit().tolist() == [True, False, False]
    for name in ("deg2rad", "rad2deg"):
        def x():
            return ember.tensor([-180.0, 0.0, 45.5, 1e3], dtype=ember.float64,
                                requires_grad=True)
        compare_with_torch(lambda lib, t, name=name: getattr(lib, name)(t), x(), rtol=1e-15)
        check_gradients(getattr(ember, name), x())
        ints = getattr(ember, name)(ember.tensor([90, 180]))
        expected = getattr(TORCH, name)(TORCH.tensor([90, 180]))
        assert ints.dtype == ember.float32
        np.testing.assert_allclose(ints.cpu().numpy(), expected.cpu().numpy(), rtol=1e-7)
        target = ember.tensor([30.0, 60.0])
        getattr(target, name + "_")()
        np.testing.assert_allclose(target.cpu().numpy(),
                                   getattr(TORCH, name)(TORCH.tensor([30.0, 60.0])).cpu().numpy())


@requires_torch
def test_every_inplace_spelling_torch_has():
    """Each top-level ``op_`` and each Tensor ``op_`` alias does what torch's does."""
    base = np.array([0.25, 0.5, 0.75])
    for name in ("abs_", "acos_", "arccos_", "arcsin_", "arctan_", "arctanh_", "asin_",
                 "atanh_", "ceil_", "cos_", "exp2_", "exp_", "expm1_", "fix_", "floor_",
                 "frac_", "log10_", "log1p_", "log2_", "log_", "nan_to_num_", "neg_",
                 "negative_", "reciprocal_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinh_",
                 "sqrt_", "square_", "tan_", "tanh_", "trunc_", "zero_", "deg2rad_",
                 "rad2deg_", "arccosh_", "arcsinh_", "cosh_", "acosh_", "asinh_", "atan_"):
        ours, theirs = ember.tensor(base + 1.0), TORCH.tensor(base + 1.0)
        assert getattr(ember, name)(ours) is ours
        getattr(TORCH, name)(theirs)
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12,
                                   err_msg=name)
    for name, args in (("clamp_", (0.3, 0.6)), ("clamp_min_", (0.4,)), ("clamp_max_", (0.4,)),
                       ("clip_", (0.3, 0.6)), ("fill_", (2.0,))):
        ours, theirs = ember.tensor(base), TORCH.tensor(base)
        getattr(ember, name)(ours, *args)
        getattr(TORCH, name)(theirs, *args)
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), err_msg=name)
    for name in ("absolute_", "negative_", "fix_"):
        ours, theirs = ember.tensor(base - 0.6), TORCH.tensor(base - 0.6)
        assert getattr(ours, name)() is ours
        getattr(theirs, name)()
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), err_msg=name)
    for name in ("arctan2_", "divide_", "true_divide_", "multiply_", "subtract_", "greater_",
                 "greater_equal_", "less_", "less_equal_", "not_equal_"):
        ours, theirs = ember.tensor(base), TORCH.tensor(base)
        getattr(ours, name)(ember.tensor([0.5, 0.5, 0.5]))
        getattr(theirs, name)(TORCH.tensor([0.5, 0.5, 0.5]))
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), err_msg=name)


def test_inplace_alias_records_the_graph():
    x = ember.tensor([0.2, 0.7], dtype=ember.float64, requires_grad=True)
    y = x * 1.0
    y.arcsin_()
    assert y.grad_fn.name() == "AsinBackward0"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.cpu().numpy(), 1 / np.sqrt(1 - np.array([0.2, 0.7]) ** 2))


@requires_torch
def test_linear_algebra_cumprod_and_fill_diagonal_inplace_forms():
    rng = np.random.default_rng(3)
    m, v = rng.normal(size=(3, 3)), rng.normal(size=3)
    b3 = rng.normal(size=(2, 3, 3))
    cases = [("addmm_", (m, m)), ("addmv_", (m, v)), ("addr_", (v, v)), ("addbmm_", (b3, b3)),
             ("baddbmm_", (b3, b3))]
    for name, args in cases:
        base = b3 if name == "baddbmm_" else m
        ours = ember.tensor(base)
        theirs = TORCH.tensor(base)
        if name == "addmv_":
            ours, theirs = ember.tensor(v), TORCH.tensor(v)
        assert getattr(ours, name)(*map(ember.tensor, args), beta=0.5, alpha=2.0) is ours
        getattr(theirs, name)(*map(TORCH.tensor, args), beta=0.5, alpha=2.0)
        np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12,
                                   err_msg=name)
    ours, theirs = ember.tensor(v), TORCH.tensor(v)
    ember.addmv_(ours, ember.tensor(m), ember.tensor(v))
    TORCH.addmv_(theirs, TORCH.tensor(m), TORCH.tensor(v))
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12)
    ours, theirs = ember.tensor(m), TORCH.tensor(m)
    ours.cumprod_(1)
    theirs.cumprod_(1)
    np.testing.assert_allclose(ours.cpu().numpy(), theirs.cpu().numpy(), rtol=1e-12)
    for shape, wrap in (((3, 3), False), ((7, 3), True), ((7, 3), False), ((2, 2, 2), False)):
        ours, theirs = ember.zeros(*shape), TORCH.zeros(*shape)
        ours.fill_diagonal_(5.0, wrap=wrap)
        theirs.fill_diagonal_(5.0, wrap=wrap)
        np.testing.assert_array_equal(ours.cpu().numpy(), theirs.cpu().numpy())
    x = ember.tensor(m, requires_grad=True)
    y = x * 1.0
    y.fill_diagonal_(0.0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.cpu().numpy(), 1 - np.eye(3))


@requires_torch
@pytest.mark.parametrize("case", ["real", "dim0", "neg_inf", "complex", "scalar"])
def test_logcumsumexp_forward_ad_matches_torch(case):
    # forward mode pushed the tangent through the transposed backward rule, which takes the log
    # of the cotangent: at the zero cotangent forward mode differentiates at, every tangent was
    # NaN. jvp, make_dual and forward-over-reverse (jacfwd of jacrev) against torch.
    rng = np.random.default_rng(0)
    x, v = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    dim = 0 if case == "dim0" else -1
    if case == "neg_inf":
        x[1, :2] = -np.inf
    if case == "complex":
        x, v = x + 1j * rng.standard_normal((3, 5)), v + 1j * rng.standard_normal((3, 5))
    if case == "scalar":
        x, v, dim = x[0, 0], v[0, 0], 0
    results = []
    for lib in (ember, TORCH):
        fn = functools.partial(lib.logcumsumexp, dim=dim)
        _, tangent = lib.func.jvp(fn, (lib.tensor(x),), (lib.tensor(v),))
        with lib.autograd.forward_ad.dual_level():
            dual = lib.autograd.forward_ad.make_dual(lib.tensor(x), lib.tensor(v))
            unpacked = lib.autograd.forward_ad.unpack_dual(fn(dual)).tangent
        got = [tangent.cpu().numpy(), unpacked.cpu().numpy()]
        if case in ("real", "dim0"):
            hess = lib.func.jacfwd(lib.func.jacrev(lambda t, f=fn: f(t).sin().sum()))(
                lib.tensor(x))
            got.append(hess.cpu().numpy())
        results.append(got)
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    assert np.isfinite(results[0][0][np.isfinite(x)]).all()
