"""Where torch's CPU kernels round once and NumPy's plain expression would round twice: a
float16/bfloat16 tensor times or over a number (the number stays float32), lerp, add/sub with
alpha and addcmul of halves as fused multiply-adds in float32, addcmul/addcdiv of halves in
float32. Compared with torch bit for bit (torch on the same CPU), and with values worked out
here in float64. float32 lerp and addcmul are fused as torch's (Adam's moments go through
them) and compared bit for bit; float32 add/sub with alpha round a product and a sum
separately where torch fuses them (a deliberate choice for speed, ops.elementwise._fused_add):
compared within that rounding."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from tests.conftest import TORCH, installed, requires_torch, to_torch

HALVES = ["float16", pytest.param("bfloat16", marks=pytest.mark.skipif(
    not installed("ml_dtypes"), reason="ml_dtypes not installed: bfloat16 is skipped "
    "(pip install -e \".[bf16]\")"))]


def _randn(n, dtype, seed):
    arr = np.random.default_rng(seed).standard_normal(n) * 3
    return ember.tensor(arr, dtype=ember.float32).to(getattr(ember, dtype))


def _torch(x):
    """A torch copy of ``x`` in its dtype (bfloat16 travels as float32, which holds it)."""
    if x.dtype is ember.float32 or x.dtype is ember.float16:
        return to_torch(x)
    return to_torch(x.float()).to(getattr(TORCH, str(x.dtype)[6:]))


def _within_rounding(ours, theirs, *operands):
    """float32 results that may differ by the rounding of one product: at most an ulp of the
    largest operand magnitude, element by element."""
    a = ours.float().cpu().numpy().astype(np.float64)
    b = theirs.float().numpy().astype(np.float64)
    scale = sum(np.abs(o.float().cpu().numpy().astype(np.float64)) for o in operands)
    assert a.shape == b.shape
    assert np.all(np.abs(a - b) <= 2.0 ** -23 * scale), np.max(np.abs(a - b))


def _same_bits(ours, theirs):
    a = ours.float().cpu().numpy()
    b = theirs.float().numpy()
    assert a.shape == b.shape
    assert np.array_equal(a, b), f"{int((a != b).sum())} of {a.size} differ"


@pytest.mark.parametrize("dtype", HALVES)
def test_half_times_number_keeps_the_number_in_float32(dtype):
    x = ember.tensor([3.0, 0.0172, 1.0], dtype=getattr(ember, dtype))
    expected = (x.float().cpu().numpy() * np.float32(-4.775)).astype(np.float32)
    got = (x * -4.775).float().cpu().numpy()
    rounded_first = x.float().cpu().numpy() * ember.tensor(-4.775).to(x.dtype).item()
    assert np.array_equal(got, ember.tensor(expected).to(x.dtype).float().cpu().numpy())
    if dtype == "bfloat16":
        assert got[0] == -14.3125 and rounded_first[0] != got[0]
    assert (-4.775 * x).dtype is x.dtype


@requires_torch
@pytest.mark.parametrize("dtype", HALVES)
@pytest.mark.parametrize("op", ["mul", "div", "floor_divide", "mul_", "div_", "rmul",
                                "tensor0d", "add", "sub", "remainder"])
def test_half_by_number_matches_torch(dtype, op):
    x = _randn(4096, dtype, 1)
    t = _torch(x)
    for lib, a in ((ember, x), (TORCH, t)):
        number = -4.7753
        if op == "rmul":
            result = number * a
        elif op == "tensor0d":
            result = a * lib.tensor(number)
        elif op.endswith("_"):
            result = getattr(a.clone(), op)(number)
        else:
            result = getattr(lib, op)(a, number)
        if lib is ember:
            ours = result
        else:
            theirs = result
    assert str(ours.dtype)[6:] == str(theirs.dtype)[6:]
    _same_bits(ours, theirs)


@requires_torch
@pytest.mark.parametrize("weight", [0.0, 0.05, 0.3, 0.5, 0.95, 1.0, -0.7, 1.5, "tensor"])
def test_float32_lerp_matches_torch(weight):
    a, b = _randn(5000, "float32", 2), _randn(5000, "float32", 3)
    w = _randn(5000, "float32", 4).abs() / 3 if weight == "tensor" else weight
    ours = ember.lerp(a, b, w)
    theirs = TORCH.lerp(to_torch(a), to_torch(b), to_torch(w))
    _same_bits(ours, theirs)
    inplace = a.clone()
    inplace.lerp_(b, w)
    _same_bits(inplace, TORCH.from_numpy(ours.cpu().numpy()))
    _same_bits(ember._foreach_lerp([a], [b], w)[0] if weight != "tensor" else ours,
               TORCH.from_numpy(ours.cpu().numpy()))


def test_lerp_reaches_its_end_exactly():
    a = ember.tensor([0.1, -3.3, 7.7], dtype=ember.float32)
    b = ember.tensor([0.3, 1e-3, -2.9], dtype=ember.float32)
    assert ember.equal(ember.lerp(a, b, 1.0), b)
    assert ember.equal(ember.lerp(a, b, 0.0), a)
    a64, b64 = a.double(), b.double()
    assert ember.equal(ember.lerp(a64, b64, 1.0), b64)


def test_lerp_gradients_unchanged():
    a = ember.rand(4, dtype=ember.float64, requires_grad=True)
    b = ember.rand(4, dtype=ember.float64, requires_grad=True)
    w = ember.rand(4, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda x, y: ember.lerp(x, y, 0.8), (a, b))
    assert ember.autograd.gradcheck(lambda x, y, z: ember.lerp(x, y, z), (a, b, w))


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", *HALVES])
def test_add_sub_alpha_and_addcmul_match_torch_bitwise(dtype):
    # A multiple of every vector width: torch's half kernels round a tail past the last full
    # vector in another order (float32 has no such tail difference)
    a, x, y = (_randn(4099 if dtype == "float32" else 4096, dtype, seed) for seed in (5, 6, 7))
    ta, tx, ty = _torch(a), _torch(x), _torch(y)
    if dtype == "float32":  # the product rounded, then the sum: within one product's rounding
        def check(ours, theirs, *operands):
            _within_rounding(ours, theirs, *operands)
    else:
        def check(ours, theirs, *operands):
            _same_bits(ours, theirs)
    check(ember.add(a, x, alpha=0.3141), TORCH.add(ta, tx, alpha=0.3141), a, x)
    check(ember.sub(a, x, alpha=-2.7), TORCH.sub(ta, tx, alpha=-2.7), a, x * 2.7)
    check(a.clone().add_(x, alpha=-1e-3), ta.clone().add_(tx, alpha=-1e-3), a, x)
    check(a.clone().sub_(x, alpha=0.9), ta.clone().sub_(tx, alpha=0.9), a, x)
    _same_bits(ember.addcmul(a, x, y, value=0.3141), TORCH.addcmul(ta, tx, ty, value=0.3141))
    _same_bits(a.clone().addcmul_(x, x, value=0.001), ta.clone().addcmul_(tx, tx, value=0.001))
    _same_bits(ember.addcmul(a, x, y), TORCH.addcmul(ta, tx, ty))
    _same_bits(ember.addcdiv(a, x, y, value=-0.01), TORCH.addcdiv(ta, tx, ty, value=-0.01))
    if dtype != "float32":
        return
    # a broadcast operand, and a strided one
    check(ember.add(a[:9].reshape(3, 3).t(), x[:3], alpha=1.7),
          TORCH.add(ta[:9].reshape(3, 3).t(), tx[:3], alpha=1.7),
          a[:9].reshape(3, 3).t(), x[:3] * 1.7)


def test_add_alpha_rounds_product_then_sum_in_float32():
    # ember's float32 choice (ops.elementwise._fused_add): 1 - (1 + 2^-23)(1 - 2^-24) is 2^-24
    # exactly, but the product rounded first to float32 is 1, so the sum is 0; torch's fused
    # kernel gives 2^-24
    a = ember.tensor([1.0], dtype=ember.float32)
    x = ember.tensor([1.0 + 2.0 ** -23], dtype=ember.float32)
    alpha = -(1.0 - 2.0 ** -24)
    product = np.float32(np.float32(alpha) * np.float32(1.0 + 2.0 ** -23))
    assert ember.add(a, x, alpha=alpha).item() == np.float32(1.0) + product == 0.0
    assert a.clone().add_(x, alpha=alpha).item() == 0.0


@requires_torch
def test_add_alpha_gradients_and_grad_fn_match_torch():
    results = []
    for lib, dt in ((ember, ember.float32), (TORCH, TORCH.float32)):
        a = lib.tensor([1.0, 2.0, 3.0], dtype=dt, requires_grad=True)
        x = lib.tensor([0.5, -1.0, 4.0], dtype=dt, requires_grad=True)
        out = lib.add(a, x, alpha=0.25) * lib.sub(a, x, alpha=3.0)
        out.sum().backward()
        results.append((type(lib.add(a, x, alpha=0.25).grad_fn).__name__,
                        type(lib.sub(a, x, alpha=3.0).grad_fn).__name__,
                        a.grad.tolist(), x.grad.tolist(), out.tolist()))
    assert results[0] == results[1]


def test_add_alpha_forward_ad():
    import ember.autograd.forward_ad as fwAD
    with fwAD.dual_level():
        a = fwAD.make_dual(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 0.0]))
        x = fwAD.make_dual(ember.tensor([3.0, 4.0]), ember.tensor([0.0, 2.0]))
        tangent = fwAD.unpack_dual(ember.sub(a, x, alpha=0.5)).tangent
    assert tangent.tolist() == [1.0, -1.0]


@requires_torch
@pytest.mark.parametrize("dtype", ["float32", *HALVES])
def test_fused_ops_broadcast_the_wider_operand(dtype):
    """The kernels add onto the product's array only when it has the result's shape. Rows of
    64 elements, a multiple of every vector width (torch's half kernels round a shorter tail
    in another order); float32 within one product's rounding (see _within_rounding)."""
    big, small = _randn(192, dtype, 8).reshape(3, 64), _randn(64, dtype, 9)
    tb, ts = _torch(big), _torch(small)
    if dtype == "float32":
        def check(ours, theirs):
            _within_rounding(ours, theirs, 2 * big, 2 * small.expand(3, 64), big * small)
    else:
        def check(ours, theirs):
            _same_bits(ours, theirs)
    check(ember.add(big, small, alpha=0.3), TORCH.add(tb, ts, alpha=0.3))
    check(ember.add(small, big, alpha=-1.7), TORCH.add(ts, tb, alpha=-1.7))
    check(ember.addcmul(big, small, small, value=0.1), TORCH.addcmul(tb, ts, ts, value=0.1))
    check(ember.addcmul(small, big, small, value=0.1), TORCH.addcmul(ts, tb, ts, value=0.1))
    check(ember.lerp(big, small.expand(3, 64), 0.7), TORCH.lerp(tb, ts.expand(3, 64), 0.7))
    check(ember.lerp(small.expand(3, 64), big, 0.2), TORCH.lerp(ts.expand(3, 64), tb, 0.2))


@requires_torch
@pytest.mark.parametrize("op", ["lerp", "lerp_tensor", "addcmul", "addcdiv"])
def test_float32_broadcast_and_strided_operands_match_torch_bitwise(op):
    a = _randn(600, "float32", 8).reshape(20, 30)
    x = _randn(30, "float32", 9)
    y = _randn(600, "float32", 10).reshape(30, 20).t()  # strided
    w = _randn(20, "float32", 11).abs().reshape(20, 1) / 2  # either side of 0.5
    calls = {"lerp": lambda lib, a, x, y, w: lib.lerp(a, y, 0.62),
             "lerp_tensor": lambda lib, a, x, y, w: a.clone().lerp_(y, w),
             "addcmul": lambda lib, a, x, y, w: a.clone().addcmul_(x, y, value=-0.37),
             "addcdiv": lambda lib, a, x, y, w: lib.addcdiv(a, x, y, value=0.11)}[op]
    _same_bits(calls(ember, a, x, y, w), calls(TORCH, *(to_torch(t) for t in (a, x, y, w))))
