"""ember.fft against torch.fft: values, dtypes, grad_fn names, gradients and errors."""
from __future__ import annotations

import numpy as np
import pytest
from conftest import TORCH, as_cpu_text, assert_close, compare_with_torch, requires_torch

import ember
import ember.fft as efft


def real_input(*shape, dtype=ember.float64, seed=0, requires_grad=True):
    rng = np.random.default_rng(seed)
    return ember.tensor(rng.standard_normal(shape), dtype=dtype, requires_grad=requires_grad)


def complex_input(*shape, dtype=ember.complex128, seed=1, requires_grad=True):
    rng = np.random.default_rng(seed)
    arr = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
    return ember.tensor(arr, dtype=dtype, requires_grad=requires_grad)


# (name, keyword arguments, input kind) — a grid over n/s, dim and norm.
CASES = [
    ("fft", {}, "r"), ("fft", {}, "c"), ("fft", {"n": 8, "norm": "ortho"}, "c"),
    ("fft", {"n": 3, "dim": 0}, "r"), ("fft", {"norm": "forward"}, "r"),
    ("ifft", {}, "c"), ("ifft", {"dim": 0, "n": 5}, "c"), ("ifft", {"norm": "ortho"}, "r"),
    ("fft2", {}, "c"), ("fft2", {"s": (2, 7)}, "r"), ("ifft2", {"norm": "forward"}, "c"),
    ("fftn", {}, "r"), ("fftn", {"s": (5,), "norm": "ortho"}, "c"), ("ifftn", {"dim": (0,)}, "c"),
    ("ifftn", {"s": (4, 4)}, "r"),
    ("rfft", {}, "r"), ("rfft", {"n": 5, "norm": "forward"}, "r"), ("rfft", {"dim": 0}, "r"),
    ("rfft", {"n": 9, "norm": "ortho"}, "r"),
    ("irfft", {}, "c"), ("irfft", {"n": 7}, "c"), ("irfft", {"n": 12, "norm": "ortho"}, "c"),
    ("irfft", {"dim": 0, "norm": "forward"}, "c"), ("irfft", {}, "r"),
    ("rfft2", {}, "r"), ("rfft2", {"s": (4, 5)}, "r"), ("irfft2", {}, "c"),
    ("irfft2", {"s": (3, 5), "norm": "ortho"}, "c"), ("rfftn", {"norm": "forward"}, "r"),
    ("irfftn", {"s": (2, 6)}, "c"), ("irfftn", {"dim": (1,)}, "c"),
    ("hfft", {}, "c"), ("hfft", {"n": 5, "norm": "forward"}, "c"), ("hfft", {"norm": "ortho"}, "c"),
    ("ihfft", {}, "r"), ("ihfft", {"n": 7, "norm": "ortho"}, "r"), ("hfft2", {}, "c"),
    ("hfft2", {"s": (3, 4), "norm": "forward"}, "c"), ("ihfft2", {}, "r"), ("hfftn", {}, "c"),
    ("ihfftn", {"dim": (0, 1), "norm": "forward"}, "r"),
    ("fftshift", {}, "r"), ("fftshift", {"dim": 1}, "c"), ("ifftshift", {"dim": (0,)}, "r"),
    ("ifftshift", {}, "c"),
]
IDS = [f"{n}-{k}-{'-'.join(f'{a}={b}' for a, b in kw.items())}" for n, kw, k in CASES]


def _input(kind, dtype, shape=(3, 6)):
    if kind == "r":
        return real_input(*shape, dtype=dtype)
    return complex_input(*shape, dtype=ember.complex128 if dtype is ember.float64
                         else ember.complex64)


@requires_torch
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=IDS)
def test_values_dtypes_and_gradients_match_torch(name, kwargs, kind, dtype):
    x = _input(kind, dtype)
    tol = 1e-4 if dtype is ember.float32 else 1e-10
    compare_with_torch(lambda m, a: getattr(m.fft, name)(a, **kwargs), x, rtol=tol, atol=tol,
                       check_grad_fn=False)


@pytest.mark.parametrize("name,kwargs,kind", CASES, ids=IDS)
def test_gradcheck(name, kwargs, kind):
    x = _input(kind, ember.float64, shape=(3, 4))
    assert ember.autograd.gradcheck(lambda a: getattr(efft, name)(a, **kwargs), (x,))


def test_gradgradcheck():
    x = real_input(6)
    assert ember.autograd.gradgradcheck(lambda a: efft.irfft(efft.rfft(a) ** 2, n=6), (x,))


@requires_torch
@pytest.mark.parametrize("expr", [
    "F.fft(r)", "F.fft(c)", "F.rfft(r)", "F.irfft(c)", "F.fft(r, n=4)", "F.fft(r, n=8)",
    "F.rfft(r, n=8)", "F.irfft(c, n=20)", "F.fftshift(r)", "F.ihfft(r)", "F.hfft(c)",
])
def test_grad_fn_names_match_torch(expr):
    def names(m):
        r = m.ones(6, requires_grad=True)
        c = m.ones(6, dtype=m.complex64, requires_grad=True)
        out = eval(expr, {"F": m.fft, "r": r, "c": c})
        node = out.grad_fn
        return node.name(), [f.name().replace("torch::", "ember::")
                             for f, _ in node.next_functions if f is not None]
    assert names(ember) == names(TORCH)


@requires_torch
@pytest.mark.parametrize("expr", [
    "F.fft(m.arange(4))", "F.fft(m.tensor([True, False]))", "F.fftn(m.ones(2, 3), dim=())",
    "F.fft(m.ones(4, dtype=m.float64))", "F.irfft(m.ones(3))", "F.fftfreq(5)",
    "F.fftfreq(4, 0.1, dtype=m.float64)", "F.rfftfreq(7)", "F.rfftfreq(6, 0.5)",
    "F.fftfreq(0)", "F.fftfreq(1)", "F.fftfreq(4, requires_grad=True)",
    "F.fftshift(m.arange(6).reshape(2, 3))", "F.ifftshift(m.arange(5))",
"F.rfft(m.ones(1))", "F.irfft(m.ones(1, dtype=m.cfloat), n=1)",
    "F.hfft(m.ones(3))",
])
def test_special_inputs_match_torch(expr):
    theirs = eval(expr, {"F": TORCH.fft, "m": TORCH})
    ours = eval(expr, {"F": efft, "m": ember})
    assert_close(ours, theirs, rtol=1e-6, atol=1e-6)
    assert ours.requires_grad == theirs.requires_grad
    assert as_cpu_text(repr(ours)) == repr(theirs).replace("torch.", "ember.")


ERRORS = [
    "F.rfft(m.ones(4, dtype=m.cfloat))", "F.ihfft(m.ones(4, dtype=m.cfloat))",
    "F.fft(m.ones(4), n=0)", "F.fft(m.ones(4), norm='foo')", "F.fft(m.ones(4), dim=1)",
    "F.fft2(m.ones(4))", "F.irfft(m.ones(4, dtype=m.cfloat)[:1])",
    "F.fftn(m.ones(4), s=(3, 3), dim=(0,))", "F.fft(m.ones(0))", "F.fft(m.tensor(1.0))",
    "F.fft(m.ones(2, dtype=m.float16))", "F.fftn(m.ones(2, 3), dim=(0, 0))",
    "F.fftfreq(-1)", "F.rfftn(m.ones(0, 3))", "F.fft2(m.ones(2, 3), s=(2,))",
    "F.fft([1.0, 2.0])", "F.fftshift(m.tensor(3.0))",
]


@requires_torch
@pytest.mark.parametrize("expr", ERRORS)
def test_errors_match_torch(expr):
    with pytest.raises(Exception) as theirs:
        eval(expr, {"F": TORCH.fft, "m": TORCH})
    with pytest.raises(type(theirs.value)) as ours:
        eval(expr, {"F": efft, "m": ember})
    assert str(ours.value) == str(theirs.value).replace("torch.", "ember.")


def test_round_trips():
    x = real_input(4, 6, requires_grad=False)
    np.testing.assert_allclose(efft.irfft(efft.rfft(x), n=6).cpu().numpy(), x.cpu().numpy(),
                               atol=1e-12)
    np.testing.assert_allclose(efft.ifftn(efft.fftn(x)).real.cpu().numpy(), x.cpu().numpy(),
                               atol=1e-12)
    np.testing.assert_allclose(efft.hfft(efft.ihfft(x), n=6).cpu().numpy(), x.cpu().numpy(),
                               atol=1e-12)


def test_all_torch_fft_names_exist():
    names = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
             "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn",
             "fftfreq", "rfftfreq", "fftshift", "ifftshift"]
    assert all(callable(getattr(ember.fft, n)) for n in names)
    if TORCH is not None:
        public = {n for n in dir(TORCH.fft) if not n.startswith("_") and
                  callable(getattr(TORCH.fft, n))}
        assert public - set(names) <= {"Tensor"}


# A 1-D transform's dim may not be None (n may): torch's parser refuses it, before rfft and
# ihfft check that their input is real (they reported the complex input instead).
@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
@pytest.mark.parametrize("dtype", ["float32", "complex64"])
def test_one_dimensional_transform_refuses_dim_none(name, dtype):
    x = ember.ones(4, dtype=getattr(ember, dtype))
    with pytest.raises(TypeError, match=f"^fft_{name}\\(\\): argument 'dim' \\(position 3\\) must "
                                        "be int, not NoneType$"):
        getattr(ember.fft, name)(x, 4, None)
    with pytest.raises(TypeError, match=f"^fft_{name}\\(\\): argument 'dim' must be int, not "
                                        "NoneType$"):
        getattr(ember.fft, name)(x, 4, dim=None)
    with pytest.raises(TypeError, match=f"^fft_{name}\\(\\): argument 'n' \\(position 2\\) must be "
                                        "int, not float$"):
        getattr(ember.fft, name)(x, 1.5)
    assert getattr(ember.fft, name)(ember.ones(4), None, -1).shape[0] >= 3
