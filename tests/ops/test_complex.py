"""Complex tensors: construction, views, conjugation, math, printing and autograd vs torch.

Gradients follow PyTorch's convention (for a real loss L of z = a + ib the gradient is
dL/da + i dL/db); every case is checked against torch and with ember's complex gradcheck.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import (CHECK_WRAPPERS, CPU_RNG, TORCH, as_cpu_text, assert_close,
                      compare_with_torch, cpu_only, requires_torch)

import ember


def crand(*shape, seed=0, dtype=ember.complex128, requires_grad=True):
    rng = np.random.default_rng(seed)
    arr = rng.uniform(-1, 1, shape) + 1j * rng.uniform(-1, 1, shape)
    return ember.tensor(arr, dtype=dtype, requires_grad=requires_grad)


def rrand(*shape, seed=1, requires_grad=True):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.uniform(0.2, 1.5, shape), dtype=ember.float64,
                        requires_grad=requires_grad)


# Real losses of complex intermediates: backward() must give torch's numbers.
LOSSES = {
    "abs": lambda m, z: m.abs(z).sum(),
    "angle": lambda m, z: (m.angle(z) * 2).sum(),
    "real": lambda m, z: (z.real ** 2).sum(),
    "imag": lambda m, z: (z.imag * 3).sum(),
    "conj": lambda m, z: m.view_as_real(z.conj().resolve_conj() * (2 - 1j)).sum(),
    "conj_physical": lambda m, z: (m.conj_physical(z) * z).real.sum(),
    "mul": lambda m, z: (z * z * (1 + 2j)).abs().sum(),
    "div": lambda m, z: ((z + 3) / (z - 3j)).imag.sum(),
    "exp": lambda m, z: z.exp().real.sum(),
    "log": lambda m, z: (z.log() * 1j).real.sum(),
    "sin_tanh": lambda m, z: (z.sin() + z.tanh()).abs().sum(),
    "sqrt_pow": lambda m, z: (z.sqrt() + z ** 3 + z.reciprocal()).abs().sum(),
    "sigmoid": lambda m, z: z.sigmoid().real.sum(),
    "matmul": lambda m, z: (z @ z.mT @ z).abs().sum(),
    "sum_mean_prod": lambda m, z: (z.sum(0) * z.mean(1) + z.prod(0)).abs().sum(),
    "view_as_real": lambda m, z: (m.view_as_real(z) ** 2 * m.arange(2)).sum(),
    "sgn": lambda m, z: (m.sgn(z) * z.conj()).imag.sum(),
    "var_std": lambda m, z: z.var() + z.std(0).sum(),
    "adjoint_H": lambda m, z: (z.mH @ z).abs().sum() + (z.adjoint() * 1j).real.sum(),
    "vdot": lambda m, z: m.vdot(z[0], z[1]).abs(),
    "pow_tensor": lambda m, z: (z ** z).abs().sum(),
    "index_where": lambda m, z: m.where(z.real > 0, z[[0, 2, 1]], 0).abs().sum(),
    "det_inv": lambda m, z: m.linalg.det(z).abs() + m.linalg.inv(z).imag.sum(),
    "cumprod_trace": lambda m, z: z.cumprod(1).real.sum() + z.trace().abs(),
}


@requires_torch
def test_zero_gradients_print_as_torch():
    def grad(m):
        z = m.tensor([1 + 1j, 2 - 1j], requires_grad=True)
        (z[0] * (2 + 1j)).abs().backward()
        return as_cpu_text(repr(z.grad))
    assert grad(ember) == grad(TORCH).replace("torch.", "ember.")


@requires_torch
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_backward_of_real_loss_matches_torch(name):
    z = crand(3, 3)
    compare_with_torch(lambda m, x: LOSSES[name](m, x), z, check_grad_fn=False)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gradcheck_real_losses(name):
    z = crand(3, 3)
    assert ember.autograd.gradcheck(lambda x: LOSSES[name](ember, x), (z,))


# Complex-valued outputs: gradcheck reads their real and imaginary parts apart.
COMPLEX_OUT = {
    "mul_div": lambda z, w: z * w / (w + 2),
    "exp_log": lambda z, w: (z.exp() + (w + 3).log()) * 1j,
    "matmul": lambda z, w: z @ w,
    "conj": lambda z, w: z.conj() * w,
    "abs_angle": lambda z, w: ember.polar(z.abs() + 1, w.angle()),
    "view_as_complex": lambda z, w: ember.view_as_complex(ember.view_as_real(z) * 2) * w,
    "sgn": lambda z, w: ember.sgn(z) + w.sgn(),
}


@pytest.mark.parametrize("name", sorted(COMPLEX_OUT))
def test_gradcheck_complex_outputs(name):
    assert ember.autograd.gradcheck(COMPLEX_OUT[name], (crand(2, 2), crand(2, 2, seed=3)))


def test_gradgradcheck_complex():
    assert ember.autograd.gradgradcheck(lambda z: z * z.exp(), (crand(3),))


@requires_torch
def test_complex_and_polar_gradients_match_torch():
    for fn in (lambda m, a, b: m.complex(a, b) * (1 - 2j),
               lambda m, a, b: m.polar(a, b) * (1 - 2j),
               lambda m, a, b: (m.polar(a, b) ** 2).abs()):
        compare_with_torch(fn, rrand(4), rrand(4, seed=5))
    r, t = rrand(4), rrand(4, seed=5)
    assert ember.autograd.gradcheck(lambda a, b: ember.complex(a, b) ** 2, (r, t))
    assert ember.autograd.gradcheck(lambda a, b: ember.polar(a, b) ** 2, (r, t))


def test_polar_second_derivatives_gradgradcheck():
    # d/dr = Re(conj(g) e^{i theta}) depends on theta: a second derivative must see it (the
    # mixed d2/dr dtheta was dropped when e^{i theta} was kept as a constant).
    r, t = rrand(4) + 1.5, rrand(4, seed=5)
    assert ember.autograd.gradgradcheck(
        lambda a, b: ember.view_as_real(ember.polar(a, b)), (r, t))
    assert ember.autograd.gradgradcheck(lambda a: ember.polar(a, a * 2).abs() ** 3, (r,))


@requires_torch
def test_real_input_mixed_with_complex_keeps_real_gradient():
    compare_with_torch(lambda m, a: (a * (2 + 1j)).exp(), rrand(3))
    compare_with_torch(lambda m, a: a.to(m.complex128) * 1j, rrand(3))
    y = rrand(3)
    ours = (y * 1j).abs().sum()
    ours.backward()
    assert y.grad.dtype is ember.float64


@requires_torch
@pytest.mark.parametrize("cast", ["to", "type", "hfft"])
def test_backward_through_a_real_to_complex_cast_is_silent(cast, monkeypatch):
    """The complex gradient reaching a cast's real input keeps its real part without the
    'discards the imaginary part' warning a forward cast gives (torch warns nothing)."""
    from ember import _deprecated
    monkeypatch.setattr(_deprecated, "_warned", set())
    ops = {"to": lambda m, a: a.to(m.complex128).abs(),
           "type": lambda m, a: a.type(m.complex128) * (1 - 2j),
           "hfft": lambda m, a: m.fft.hfft(a.to(m.complex128), n=6)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compare_with_torch(ops[cast], rrand(4))
    assert ember.autograd.gradcheck(lambda a: ops[cast](ember, a).abs(), (rrand(4),))


@requires_torch
def test_grad_fn_names_match_torch():
    z = crand(3)
    r = rrand(3)
    for fn in (lambda m, x: x.conj(), lambda m, x: x.abs(), lambda m, x: x.angle(),
               lambda m, x: m.view_as_real(x), lambda m, x: x.sgn(),
               lambda m, x: x.conj_physical(), lambda m, x: x.real, lambda m, x: x.imag):
        compare_with_torch(fn, z, grad=False)
    compare_with_torch(lambda m, a: m.complex(a, a), r, grad=False)
    compare_with_torch(lambda m, a: m.polar(a, a), r, grad=False)
    compare_with_torch(lambda m, a: m.view_as_complex(m.stack([a, a], -1)), r, grad=False)


# --- values and dtypes vs torch -------------------------------------------------------------

def _values():
    return [1 + 2j, -3.5 - 0.25j, 0j, complex(-0.0, 2), 1e-3 + 1e3j]


UNARY = ["abs", "angle", "sgn", "exp", "log", "sqrt", "sin", "cos", "tan", "sinh", "cosh",
         "tanh", "sigmoid", "reciprocal", "neg", "square", "rsqrt", "asin", "acos", "atan",
         "asinh", "acosh", "atanh", "expm1", "log1p", "log10", "log2", "conj", "conj_physical",
         "isnan", "isfinite", "isinf"]


@requires_torch
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", UNARY)
def test_unary_values_match_torch(name, dtype):
    x = ember.tensor(_values(), dtype=getattr(ember, dtype))
    tol = 1e-4 if dtype == "complex64" else 1e-10
    compare_with_torch(lambda m, a: getattr(m, name)(a), x, rtol=tol, atol=tol, grad=False)


@requires_torch
@pytest.mark.parametrize("other", [2, 2.5, 1j, True, "f32", "f64", "i64", "c128_0d", "f64_0d"])
def test_promotion_matches_torch(other):
    z = ember.tensor([1 + 1j, 2 - 1j])
    make = {"f32": lambda m: m.ones(2), "f64": lambda m: m.ones(2, dtype=m.float64),
            "i64": lambda m: m.ones(2, dtype=m.int64),
            "c128_0d": lambda m: m.tensor(1j, dtype=m.complex128),
            "f64_0d": lambda m: m.tensor(2.0, dtype=m.float64)}

    def fn(m, a):
        b = make[other](m) if other in make else other
        return a * b, b + a, a / b

    compare_with_torch(fn, z, grad=False)
    compare_with_torch(lambda m, a: a.real * 1j, z, grad=False)
    compare_with_torch(lambda m, a: m.ones(2, dtype=m.int64) * 1j + a.imag, z, grad=False)


@requires_torch
def test_reductions_and_matmul_match_torch():
    z = crand(3, 4, requires_grad=False, dtype=ember.complex64)
    w = crand(4, 2, seed=2, requires_grad=False, dtype=ember.complex64)
    for fn in (lambda m, a: m.std_mean(a), lambda m, a: m.var_mean(a, 1, keepdim=True),
               lambda m, a: m.isreal(a), lambda m, a: m.isreal(a.real),
               lambda m, a: a.cumprod(1), lambda m, a: m.linalg.vector_norm(a, 1),
               lambda m, a: a.sum(), lambda m, a: a.mean(1), lambda m, a: a.prod(0),
               lambda m, a: a @ m.ones(4, 2, dtype=m.complex64), lambda m, a: a.var(1),
               lambda m, a: a.std(), lambda m, a: a.cumsum(0), lambda m, a: a.mH):
        compare_with_torch(fn, z, rtol=1e-5, atol=1e-5)
    compare_with_torch(lambda m, a, b: m.matmul(a, b), z, w, rtol=1e-5, atol=1e-5)


# --- construction, views, conj ---------------------------------------------------------------

def test_view_as_real_and_complex_share_memory():
    z = ember.tensor([1 + 2j, 3 - 4j])
    r = ember.view_as_real(z)
    assert r.dtype is ember.float32 and r.shape == (2, 2) and r._base is z
    r[0, 1] = 7.0
    assert z[0].item() == 1 + 7j
    back = ember.view_as_complex(r)
    back[1] = 0j
    assert z.tolist() == [1 + 7j, 0j]


def test_real_imag_are_writable_views():
    z = ember.zeros(3, dtype=ember.complex128)
    z.real[1] = 5
    z.imag.fill_(2)
    assert z.tolist() == [2j, 5 + 2j, 2j]
    z.imag = ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64)
    assert z.imag.tolist() == [1.0, 2.0, 3.0]
    assert z.real.stride() == (2,)
    x = ember.ones(2)
    assert x.real is x


def test_conj_bit():
    z = ember.tensor([1 + 2j])
    c = z.conj()
    assert c.is_conj() and ember.is_conj(c) and not z.is_conj()
    assert c.tolist() == [1 - 2j]
    assert not c.resolve_conj().is_conj() and c.resolve_conj().tolist() == [1 - 2j]
    assert not c.conj().is_conj() and c.conj().tolist() == [1 + 2j]
    assert not z.conj_physical().is_conj()
    x = ember.ones(2)
    assert x.conj() is x and not x.conj().is_conj()


@cpu_only(CPU_RNG)
@requires_torch
def test_random_complex_draws_match_torch():
    # Bit for bit: a small tensor's parts are drawn in double with std 1/sqrt(2) and rounded
    # once (scaling float32 draws afterwards was an ulp off now and then).
    for fn in (lambda m: m.randn(5, dtype=m.complex64), lambda m: m.randn(20, dtype=m.cdouble),
               lambda m: m.randn(2, 2, dtype=m.complex64),
               lambda m: m.randn(9, dtype=m.complex64), lambda m: m.rand(3, 2, dtype=m.cfloat),
               lambda m: m.randn_like(m.zeros(7, dtype=m.cfloat)),
               lambda m: m.empty(5, dtype=m.complex64).normal_(0.5, 2.0),
               lambda m: m.empty(40, dtype=m.cdouble).normal_(std=3.0)):
        for seed in range(20):
            ember.manual_seed(seed)
            TORCH.manual_seed(seed)
            ours, theirs = fn(ember), fn(TORCH)
            assert str(ours.dtype).replace("ember", "torch") == str(theirs.dtype)
            assert ours.tolist() == theirs.tolist()


def test_complex_normal_fills_both_parts_on_every_device():
    # Each part has the mean and half the variance (the stand-in's CUDA draws left the
    # imaginary parts zero).
    ember.manual_seed(0)
    z = ember.empty(20000, dtype=ember.complex64).normal_(1.0, 2.0).cpu().numpy()
    for part in (z.real, z.imag):
        assert abs(part.mean() - 1.0) < 0.1 and abs(part.var() - 2.0) < 0.15


@requires_torch
def test_complex_to_real_cast_warns_like_torch():
    z = ember.tensor([1 + 2j])
    from ember import _deprecated
    _deprecated._warned.discard("complex_cast")
    with pytest.warns(UserWarning, match="Casting complex values to real discards the "
                                         "imaginary part"):
        out = z.to(ember.float32)
    assert out.tolist() == [1.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once per process, as torch
        assert z.double().tolist() == [1.0]


COMPLEX_TO_REAL = {
    "copy_": lambda z: ember.zeros(2).copy_(z),
    "tensor(dtype=)": lambda z: ember.tensor(z, dtype=ember.float32),
    "as_tensor(dtype=)": lambda z: ember.as_tensor(z, dtype=ember.float64),
    "tensor(array, dtype=)": lambda z: ember.tensor(z.numpy(), dtype=ember.float32),
    "fill_": lambda z: ember.zeros(2).fill_(z[0]),
    "setitem": lambda z: ember.zeros(2).__setitem__(slice(None), z),
    "long": lambda z: z.long(),
}


@cpu_only(CHECK_WRAPPERS)
@pytest.mark.parametrize("case", COMPLEX_TO_REAL)
def test_complex_to_real_warning_is_torchs_at_the_users_line(case):
    """Every cast of complex values to a real dtype gives torch's UserWarning at the caller's
    line: NumPy's ComplexWarning leaked from copy_, tensor(z, dtype=) and fill_, pointing into
    ember's files."""
    from ember import _deprecated
    z = ember.tensor([1 + 2j, 3 - 1j])
    _deprecated._warned.discard("complex_cast")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        COMPLEX_TO_REAL[case](z)
    assert [(w.category, str(w.message), w.filename) for w in caught
            if "copy construct" not in str(w.message)] == \
        [(UserWarning, "Casting complex values to real discards the imaginary part", __file__)]


# --- errors ----------------------------------------------------------------------------------

ERRORS = {
    "view_as_real_of_real": lambda m: m.view_as_real(m.ones(2)),
    "view_as_complex_last_dim": lambda m: m.view_as_complex(m.ones(3)),
    "view_as_complex_stride": lambda m: m.view_as_complex(m.ones(2, 3).t()),
    "view_as_complex_offset": lambda m: m.view_as_complex(m.ones(3, 4)[:, 1:3]),
    "view_as_complex_long": lambda m: m.view_as_complex(m.ones(3, 2, dtype=m.int64)),
    "view_as_real_conj": lambda m: m.view_as_real(m.ones(2, dtype=m.cfloat).conj()),
    "complex_mixed": lambda m: m.complex(m.ones(2), m.ones(2, dtype=m.float64)),
    "complex_int": lambda m: m.complex(m.ones(2, dtype=m.int64), m.ones(2, dtype=m.int64)),
    "complex_shapes": lambda m: m.complex(m.ones(2), m.ones(3)),
    "polar_mixed": lambda m: m.polar(m.ones(2), m.ones(2, dtype=m.float64)),
    "imag_of_real": lambda m: m.ones(2).imag,
    "sign": lambda m: m.ones(2, dtype=m.cfloat).sign(),
    "lt": lambda m: m.ones(2, dtype=m.cfloat) < 1,
    "max": lambda m: m.ones(2, dtype=m.cfloat).max(),
    "floor": lambda m: m.ones(2, dtype=m.cfloat).floor(),
    "clamp": lambda m: m.ones(2, dtype=m.cfloat).clamp(0, 1),
    "relu": lambda m: m.relu(m.ones(2, dtype=m.cfloat)),
    "atan2": lambda m: m.atan2(m.ones(2, dtype=m.cfloat), m.ones(2, dtype=m.cfloat)),
    "fmod": lambda m: m.fmod(m.ones(2, dtype=m.cfloat), 2),
    "backward_complex": lambda m: m.ones(2, dtype=m.cfloat, requires_grad=True).sum().backward(),
    "abs_": lambda m: m.ones(2, dtype=m.cfloat).abs_(),
    "maximum": lambda m: m.maximum(m.ones(2, dtype=m.cfloat), m.ones(2, dtype=m.cfloat)),
    "minimum": lambda m: m.ones(2, dtype=m.cfloat).minimum(m.ones(2, dtype=m.cfloat)),
    "argmax": lambda m: m.ones(2, dtype=m.cfloat).argmax(),
    "argmin": lambda m: m.argmin(m.ones(2, dtype=m.cfloat)),
    "topk": lambda m: m.ones(2, dtype=m.cfloat).topk(1),
    "sort": lambda m: m.ones(2, dtype=m.cfloat).sort(),
    "kthvalue": lambda m: m.ones(2, dtype=m.cfloat).kthvalue(1),
    "softmax": lambda m: m.softmax(m.ones(2, dtype=m.cfloat), 0),
    "arange": lambda m: m.arange(3, dtype=m.cfloat),
    "float": lambda m: float(m.tensor(1j)),
    "int": lambda m: int(m.tensor(1j)),
    "clamp_min": lambda m: m.ones(2, dtype=m.cfloat).clamp_min(0),
    "remainder": lambda m: m.remainder(m.ones(2, dtype=m.cfloat), 2),
    "mod_operator": lambda m: m.ones(2, dtype=m.cdouble) % m.ones(2, dtype=m.cdouble),
    "rmod_operator": lambda m: 2 % m.ones(2, dtype=m.cfloat),
    "remainder_": lambda m: m.ones(2, dtype=m.cfloat).remainder_(2),
    "fmod_": lambda m: m.ones(2, dtype=m.cdouble).fmod_(2),
    "fmod_complex_divisor": lambda m: m.fmod(m.ones(2), m.ones(2, dtype=m.cfloat)),
    "floor_divide": lambda m: m.ones(2, dtype=m.cfloat) // 2,
    "linspace_real_dtype": lambda m: m.linspace(1j, 2, 3, dtype=m.float32),
    "linspace_int_dtype": lambda m: m.linspace(0, 2j, 3, dtype=m.int64),
    "logspace_real_dtype": lambda m: m.logspace(1j, 2, 3, dtype=m.float64),
    "linspace_1d_start": lambda m: m.linspace(m.ones(2), 2, 3),
}


@requires_torch
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_torch(name):
    with pytest.raises(Exception) as theirs:
        ERRORS[name](TORCH)
    with pytest.raises(type(theirs.value)) as ours:
        ERRORS[name](ember)
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


# Real-only ops given complex numbers: NumPy would compute on them, torch refuses.
REAL_ONLY = {
    "deg2rad": (RuntimeError, lambda m: m.deg2rad(m.ones(2, dtype=m.complex64))),
    "rad2deg": (RuntimeError, lambda m: m.ones(2, dtype=m.complex128).rad2deg()),
    "isin": (RuntimeError, lambda m: m.isin(m.ones(2, dtype=m.complex64), m.ones(3))),
    "isin_test_elements": (RuntimeError, lambda m: m.isin(m.ones(3), m.ones(2) * 1j)),
    "layer_norm": (NotImplementedError, lambda m: m.nn.functional.layer_norm(
        m.ones(2, 3, dtype=m.complex64), (3,))),
    "group_norm": (NotImplementedError, lambda m: m.nn.functional.group_norm(
        m.ones(1, 2, 3, dtype=m.complex128), 2)),
    "batch_norm": (NotImplementedError, lambda m: m.nn.functional.batch_norm(
        m.ones(2, 2, 3, dtype=m.complex64), None, None, training=True)),
    "instance_norm": (NotImplementedError, lambda m: m.nn.functional.instance_norm(
        m.ones(2, 2, 3, dtype=m.complex64))),
}


@pytest.mark.parametrize("name", sorted(REAL_ONLY))
def test_real_only_ops_refuse_complex_as_torch(name):
    kind, call = REAL_ONLY[name]
    with pytest.raises(kind) as ours:
        call(ember)
    if TORCH is not None:
        with pytest.raises(kind) as theirs:
            call(TORCH)
        assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


RANGES = [
    "m.linspace(0, 1 + 2j, 4)",
    "m.linspace(-1 - 1j, 1 + 1j, 5, dtype=m.complex128)",
    "m.linspace(m.tensor(1j), m.tensor(2 + 0j), 3)",
    "m.linspace(m.tensor(1.0), m.tensor(2.0), 3)",
    "m.linspace(1, 2j, 1)",
    "m.linspace(1 + 1j, 2j, 0)",
    "m.linspace(0, 1, 3, dtype=m.complex64)",
    "m.logspace(0, 1 + 1j, 3)",
    "m.logspace(0, 1j, 3, base=2)",
    "m.logspace(0, 1, 3, dtype=m.complex128)",
    "m.logspace(1j, 2, 3, dtype=m.complex128)",
]


@requires_torch
@pytest.mark.parametrize("expr", RANGES)
def test_complex_ranges_match_torch(expr):
    ours, theirs = eval(expr, {"m": ember}), eval(expr, {"m": TORCH})
    assert_close(ours, theirs, rtol=1e-6, atol=1e-6)


def test_complex_ranges_follow_the_default_dtype():
    previous = ember.get_default_dtype()
    ember.set_default_dtype(ember.float64)
    try:
        assert ember.linspace(0, 1j, 3).dtype == ember.complex128
        with pytest.raises(RuntimeError, match=r"inferred dtype c10::complex<double> can't be "
                                               "safely cast to passed dtype Float"):
            ember.linspace(0, 1j, 3, dtype=ember.float32)
    finally:
        ember.set_default_dtype(previous)


# --- printing --------------------------------------------------------------------------------

PRINTED = [
    "m.tensor([1+2j, -3.5-0.25j, 0j])",
    "m.tensor([1e10+1j, 1e-5j])",
    "m.tensor([complex(float('nan'), float('inf')), complex(-0.0, -0.0)])",
    "m.tensor(1+1j)",
    "m.tensor(-2.5j, dtype=m.complex128)",
    "m.zeros(0, dtype=m.cdouble)",
    "m.zeros(2, 0, dtype=m.cfloat)",
    "m.tensor([[1+1j, 2.5-3j], [100j, -1e-3]])",
    "m.tensor([1+1j, 2+2j], dtype=m.complex128)",
    "m.tensor([123456.0+1j, 1j])",
    "m.tensor([1+1j]).conj()",
    "m.arange(30, dtype=m.float64).reshape(3, 10) * (1 - 0.5j)",
    "m.arange(1200).to(m.complex64) * 1j",
    "m.tensor([1+1j], requires_grad=True) * 2",
]


@requires_torch
@pytest.mark.parametrize("expr", PRINTED)
def test_printing_matches_torch(expr):
    theirs = repr(eval(expr, {"m": TORCH}))
    ours = as_cpu_text(repr(eval(expr, {"m": ember})))
    assert ours == theirs.replace("torch.", "ember.").replace("<MulBackward0>", "<MulBackward0>")


@requires_torch
@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_updates_complex_parameters_as_real_pairs_like_torch(amsgrad):
    def run(m):
        z = m.tensor([1 + 2j, -0.5 + 0.1j, 3j], dtype=m.complex128, requires_grad=True)
        opt = m.optim.Adam([z], lr=0.1, amsgrad=amsgrad, weight_decay=0.01)
        for _ in range(5):
            opt.zero_grad()
            ((z * (1 - 1j)).real ** 2 + z.imag.abs()).sum().backward()
            opt.step()
        return z.detach()
    assert_close(run(ember), run(TORCH), rtol=1e-10, atol=1e-12)


# Points in all four quadrants: a derivative written for one branch (acosh's 1/sqrt(z**2 - 1))
# has the wrong sign in the left half-plane (found by a complex-analysis program).
_QUADRANTS = [0.3 + 0.4j, -1.2 + 0.5j, -0.7 - 1.3j, 2.0 - 1.0j, -2.5 + 0.1j]


@requires_torch
@pytest.mark.parametrize("name", ["acosh", "asinh", "atanh", "acos", "asin", "atan", "sqrt",
                                  "log", "log1p", "rsqrt", "tan", "tanh"])
def test_branch_function_gradients_in_every_quadrant_match_torch(name):
    z = ember.tensor(_QUADRANTS, dtype=ember.complex128, requires_grad=True)
    compare_with_torch(lambda m, a: getattr(m, name)(a), z, rtol=1e-10, atol=1e-12)
    assert ember.autograd.gradcheck(getattr(ember, name), (z,))


@requires_torch
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("exponent", [0.5, -0.5, -1, -2, 2, 3, 0.5 + 0j, -1 + 0j])
def test_complex_pow_by_scalar_takes_torchs_shortcuts(exponent, dtype):
    """sqrt for 0.5, division for the negative ones: (-2+0j) ** 0.5 is exactly 1.414...j and
    0j ** -1 is inf+nanj, bit for bit as torch gives them (np.power left 8.7e-17 in the real
    part and gave nan+nanj)."""
    values = [complex(-2.0, 0.0), complex(-2.0, -0.0), 0.3 + 0.4j, 0j, 1j, -0.7 - 1.3j]
    ours = (ember.tensor(values, dtype=getattr(ember, dtype)) ** exponent).cpu().numpy()
    theirs = (TORCH.tensor(values, dtype=getattr(TORCH, dtype)) ** exponent).numpy()
    # NumPy's and torch's complex division round apart by an ulp on general values
    eps = np.finfo(ours.real.dtype).eps
    for part in ("real", "imag"):
        mine, ref = getattr(ours, part), getattr(theirs, part)
        np.testing.assert_allclose(mine, ref, rtol=4 * eps, atol=0)
        zero = ref == 0  # exact zeros keep torch's sign
        np.testing.assert_array_equal(np.signbit(mine[zero]), np.signbit(ref[zero]))


@requires_torch
def test_polar_keeps_negative_zero_parts_like_torch():
    """polar(r, -0.0) is r - 0j: the parts are placed, not summed with 1j * im (0 + -0 = 0)."""
    r, theta = [2.0, 0.0, 1.5, 3.0], [-0.0, -0.0, math.pi, -math.pi / 2]
    ours = ember.polar(ember.tensor(r, dtype=ember.float64),
                       ember.tensor(theta, dtype=ember.float64)).cpu().numpy()
    theirs = TORCH.polar(TORCH.tensor(r, dtype=TORCH.float64),
                         TORCH.tensor(theta, dtype=TORCH.float64)).numpy()
    for part in ("real", "imag"):
        np.testing.assert_array_equal(getattr(ours, part), getattr(theirs, part))
        np.testing.assert_array_equal(np.signbit(getattr(ours, part)),
                                      np.signbit(getattr(theirs, part)))


@requires_torch
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_log1p_is_accurate_near_zero_like_torch(dtype):
    """log1p(z) ~ z for tiny z: NumPy's complex log1p is log(1 + z), which gave 0 for the real
    part of log1p(1e-20 - 1e-20j) and of log1p(-1e-300) and lost -0.0 at -0-0j."""
    inf, nan = float("inf"), float("nan")
    values = [complex(-0.0, -0.0), complex(-0.0, 0.0), complex(0.0, -0.0), 1e-20 - 1e-20j,
              complex(-1e-300, 0.0), complex(-0.5, -0.0), complex(-1.0, 0.0), complex(-2.0, -0.0),
              0.3 + 0.4j, -0.3 + 0.39j, 1e300 + 1e300j, complex(inf, 1.0), complex(nan, 0.0),
              complex(-1.0, 1e-10), 4.0 - 7.0j]
    ours = ember.log1p(ember.tensor(values, dtype=getattr(ember, dtype))).cpu().numpy()
    theirs = TORCH.log1p(TORCH.tensor(values, dtype=getattr(TORCH, dtype))).numpy()
    eps = np.finfo(ours.real.dtype).eps
    for part in ("real", "imag"):
        mine, ref = getattr(ours, part), getattr(theirs, part)
        np.testing.assert_allclose(mine, ref, rtol=8 * eps, atol=0)  # libm's last bits differ
        zero = ref == 0
        np.testing.assert_array_equal(np.signbit(mine[zero]), np.signbit(ref[zero]))
    z = ember.tensor([1e-3 + 2e-3j, -0.4 + 0.1j, 2.0 - 1.0j], dtype=ember.complex128,
                     requires_grad=True)
    assert ember.autograd.gradcheck(ember.log1p, (z,))


@requires_torch
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_acos_signs_of_zero_match_torch(dtype):
    """torch's complex128 acos gives +0j on the real segment [-1, 1] for either sign of the
    input's zero imaginary part; its complex64 acos, like C99's, gives -0j for +0j."""
    values = [complex(x, s) for x in (-2.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0)
              for s in (0.0, -0.0)]
    ours = ember.acos(ember.tensor(values, dtype=getattr(ember, dtype))).cpu().numpy()
    theirs = TORCH.acos(TORCH.tensor(values, dtype=getattr(TORCH, dtype))).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    for part in ("real", "imag"):
        np.testing.assert_array_equal(np.signbit(getattr(ours, part)),
                                      np.signbit(getattr(theirs, part)))


def test_complex64_abs_is_correctly_rounded():
    # NumPy's complex64 abs is an ulp off on ~5% of inputs (|1+1.1j| among them); torch's and
    # ember's |z| round sqrt(re^2 + im^2), computed exactly in float64, once to float32.
    values = np.random.default_rng(0).standard_normal((2, 2000)).astype(np.float32)
    values[:, 0] = (1.0, 1.1)
    z = (values[0] + 1j * values[1]).astype(np.complex64)
    exact = np.sqrt(values[0].astype(np.float64) ** 2 + values[1].astype(np.float64) ** 2)
    got = ember.abs(ember.from_numpy(z)).numpy()
    assert got.dtype == np.float32
    assert np.array_equal(got, exact.astype(np.float32))
    if TORCH is not None:
        assert np.array_equal(got, TORCH.from_numpy(z).abs().numpy())
