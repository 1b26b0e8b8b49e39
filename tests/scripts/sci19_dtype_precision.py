import torch  # noqa: I001 (the harness requires torch first)

# Floating-point and integer arithmetic as a numerical scientist audits it before trusting a
# result: float16/bfloat16 accumulation (sum, cumsum, mean, matmul and dot in half types, the
# printed reprs), finfo/iinfo of every dtype, integer overflow wrapping, floor_divide /
# remainder / fmod / div(rounding_mode=) sign rules on every integer dtype and on floats,
# frexp / ldexp / nextafter / copysign / signbit on signed zeros and infinities, isclose /
# allclose with equal_nan, type promotion of mixed operands, and complex128 linear algebra.
torch.manual_seed(1919)

# --- finfo / iinfo
for dt in (
    torch.float16,
    torch.bfloat16,
    torch.float32,
    torch.float64,
    torch.complex64,
    torch.complex128,
):
    fi = torch.finfo(dt)
    print(dt, fi.bits, fi.eps, fi.max, fi.min, fi.tiny, fi.smallest_normal, fi.resolution, fi.dtype)
for dt in (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool):
    try:
        ii = torch.iinfo(dt)
        print(dt, ii.bits, ii.min, ii.max, ii.dtype)
    except TypeError as error:
        print(dt, "TypeError", error)
print(torch.finfo(), torch.finfo().eps == torch.finfo(torch.get_default_dtype()).eps)

# --- half-precision accumulation
x = torch.full((4096,), 0.1)
for dt in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
    h = x.to(dt)
    print(dt, "sum", h.sum(), "mean", h.mean(), "cumsum[-1]", h.cumsum(0)[-1])
    print("   sum dtype=float32", h.sum(dtype=torch.float32), "prod", h[:8].prod())
ones16 = torch.ones(3000, dtype=torch.float16)
print("fp16 ones cumsum", ones16.cumsum(0)[[2046, 2047, 2048, 2049, 2999]])
print("bf16 ones cumsum", ones16.bfloat16().cumsum(0)[[254, 255, 256, 257, 511, 2999]])
print("fp16 ones sum", ones16.sum(), ones16.bfloat16().sum())
a = torch.randn(16, 64)
b = torch.randn(64, 8)
for dt in (torch.float16, torch.bfloat16):
    c = a.to(dt) @ b.to(dt)
    ref = a.to(dt).double() @ b.to(dt).double()
    print(
        dt,
        "matmul dtype",
        c.dtype,
        "max err vs fp64 <",
        ((c.double() - ref).abs().max() < 0.1).item(),
    )
    print("   dot", torch.dot(a[0].to(dt), b[:, 0].to(dt)).dtype)
print(torch.tensor([1.0, 2.0, 3.5, 65504.0, 70000.0, 1e-8], dtype=torch.float16))
print(torch.tensor([1.0, 2.0, 3.5, 65504.0, 70000.0, 1e-8, 3e38], dtype=torch.bfloat16))
print(torch.tensor([0.1, 0.2, 0.3], dtype=torch.float16) * 3)
print(
    torch.tensor([1 / 3, 2 / 3], dtype=torch.bfloat16) + torch.tensor([1e-3], dtype=torch.bfloat16)
)
print(torch.arange(0, 1, 0.125, dtype=torch.float16), torch.linspace(0, 1, 5, dtype=torch.bfloat16))
print(
    "half var/std",
    torch.tensor([1.0, 2.0, 4.0], dtype=torch.float16).var(),
    torch.tensor([1.0, 2.0, 4.0], dtype=torch.bfloat16).std(),
)
print("half norm", torch.tensor([300.0, 400.0], dtype=torch.float16).norm())
print("half softmax", torch.softmax(torch.tensor([10.0, 11.0, 12.0], dtype=torch.float16), 0))

# --- integer overflow and division rules
for dt in (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64):
    info = torch.iinfo(dt)
    top = torch.tensor([info.max], dtype=dt)
    print(
        dt,
        "max+1",
        top + 1,
        "max*2",
        top * 2,
        "sum",
        torch.full((3,), info.max, dtype=dt).sum().dtype,
    )
    if dt is torch.uint8:
        a = torch.tensor([7, 200, 0, 255], dtype=dt)
        b = torch.tensor([2, 3, 5, 16], dtype=dt)
    else:
        a = torch.tensor([7, -7, 7, -7, 0, -8], dtype=dt)
        b = torch.tensor([2, 2, -2, -2, 3, 3], dtype=dt)
    print("   floor_divide", torch.floor_divide(a, b), "//", a // b)
    print("   remainder", torch.remainder(a, b), "%", a % b, "fmod", torch.fmod(a, b))
    print(
        "   div trunc",
        torch.div(a, b, rounding_mode="trunc"),
        "floor",
        torch.div(a, b, rounding_mode="floor"),
        "true",
        torch.div(a, b),
    )
    print(
        "   scalar",
        a % 3,
        torch.fmod(a, 3),
        a // 3,
        torch.remainder(a, -3) if dt is not torch.uint8 else None,
    )
    try:
        print(a // torch.zeros_like(a))
    except RuntimeError as error:
        print("   divide by zero:", error)
print(
    "int8 min // -1",
    torch.tensor([-128], dtype=torch.int8) // -1,
    torch.tensor([-128], dtype=torch.int8).abs(),
)
print("neg uint8", -torch.tensor([1, 2], dtype=torch.uint8))
f = torch.tensor([7.5, -7.5, 7.5, -7.5, 0.0, -0.0, 5.0, float("inf")])
g = torch.tensor([2.0, 2.0, -2.0, -2.0, 3.0, 3.0, float("inf"), 2.0])
print("float floor_divide", torch.floor_divide(f, g))
print("float remainder", torch.remainder(f, g))
print("float fmod", torch.fmod(f, g))
print(
    "float div floor",
    torch.div(f, g, rounding_mode="floor"),
    torch.div(f, 0.0, rounding_mode="trunc"),
)
print("remainder by zero", torch.remainder(f, 0.0), torch.fmod(f, 0.0))

# --- frexp / ldexp / nextafter / copysign / signbit
v = torch.tensor(
    [0.0, -0.0, 1.0, -3.5, 1e-310, 6e-39, float("inf"), float("-inf"), float("nan"), 1024.0],
    dtype=torch.float64,
)
mant, expo = torch.frexp(v)
print("frexp", mant, expo, expo.dtype)
print("ldexp", torch.ldexp(mant, expo))
m32, e32 = torch.frexp(v.float())
print("frexp32", m32, e32, e32.dtype)
m16, e16 = torch.frexp(torch.tensor([1.0, 6e-5, 65504.0], dtype=torch.float16))
print("frexp16", m16, e16, e16.dtype)
print(
    "ldexp int exp",
    torch.ldexp(torch.tensor([1.0, 3.0]), torch.tensor([3, -2])),
    torch.ldexp(torch.tensor([1.0]), torch.tensor([1030])).dtype,
)
one = torch.tensor([1.0, 0.0, -0.0, 1.0])
print("nextafter up", torch.nextafter(one, torch.tensor([2.0, 1.0, -1.0, 0.0])) - one)
print("nextafter 32", torch.nextafter(one.float(), torch.full((4,), float("inf"))))
print(
    "nextafter 64 0->1",
    torch.nextafter(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)),
)
print(
    "copysign",
    torch.copysign(torch.tensor([1.0, 2.0, -3.0, 0.0]), torch.tensor([-0.0, 0.0, 1.0, -1.0])),
)
print(
    "copysign scalar",
    torch.copysign(torch.tensor([1, -2, 3]), -1.0),
    torch.copysign(torch.tensor([1.0, 2.0]), -0.0),
)
print(
    "signbit",
    torch.signbit(torch.tensor([0.0, -0.0, -1.0, float("nan"), -float("nan")])),
    torch.signbit(torch.tensor([-1, 0, 1])),
)
print(
    "sign/sgn",
    torch.sign(torch.tensor([-0.0, 0.0, -2.0, float("nan")])),
    torch.sgn(torch.tensor([3 + 4j, 0j, -2j])),
)

# --- isclose / allclose
p = torch.tensor([1.0, float("nan"), float("inf"), -float("inf"), 1e-9, 1.0 + 1e-6])
q = torch.tensor([1.0, float("nan"), float("inf"), float("inf"), 0.0, 1.0])
print("isclose", torch.isclose(p, q))
print("isclose equal_nan", torch.isclose(p, q, equal_nan=True))
print("isclose tight", torch.isclose(p, q, rtol=0, atol=0))
print("isclose loose", torch.isclose(p, q, rtol=1e-5, atol=1e-8, equal_nan=True))
print("allclose", torch.allclose(p, q), torch.allclose(p[[0, 1]], q[[0, 1]], equal_nan=True))
print(
    "isclose int",
    torch.isclose(torch.tensor([1, 2, 3]), torch.tensor([1, 3, 3])),
    torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3]), atol=1),
)
print(
    "isclose complex",
    torch.isclose(
        torch.tensor([1 + 1j, complex("nan")]),
        torch.tensor([1 + 1j, complex("nan")]),
        equal_nan=True,
    ),
)
try:
    torch.isclose(torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64))
except RuntimeError as error:
    print("isclose dtypes:", error)
try:
    torch.isclose(p, q, rtol=-1.0)
except RuntimeError as error:
    print("isclose rtol:", error)

# --- promotion of mixed operands
cases = [
    (torch.tensor([1], dtype=torch.int8), torch.tensor([1], dtype=torch.uint8)),
    (torch.tensor([1], dtype=torch.int32), 2.5),
    (torch.tensor([1], dtype=torch.float16), torch.tensor(1.0, dtype=torch.float64)),
    (torch.tensor([1], dtype=torch.bfloat16), torch.tensor([1], dtype=torch.float16)),
    (torch.tensor([True]), 3),
    (torch.tensor([1], dtype=torch.uint8), -1),
    (torch.tensor([1.0]), 1j),
    (torch.tensor([1], dtype=torch.int64), torch.tensor(1.0, dtype=torch.float64)),
]
for left, right in cases:
    print(
        "promote",
        (left + right).dtype,
        torch.result_type(left, right),
        torch.promote_types(
            left.dtype, right.dtype if isinstance(right, torch.Tensor) else left.dtype
        ),
    )
print(
    torch.can_cast(torch.float64, torch.int32),
    torch.can_cast(torch.int32, torch.float16),
    torch.can_cast(torch.complex64, torch.float64),
)

# --- complex128 linear algebra
A = torch.randn(4, 4, dtype=torch.complex128)
H = A + A.mH
w, V = torch.linalg.eigh(H)
print("eigh real eigenvalues", w.dtype, w)
print("unitary", torch.allclose(V.mH @ V, torch.eye(4, dtype=torch.complex128)))
print("det", torch.linalg.det(A), "slogdet", torch.linalg.slogdet(A))
print("inv check", torch.allclose(torch.linalg.inv(A) @ A, torch.eye(4, dtype=torch.complex128)))
S = torch.linalg.svdvals(A)
print("svdvals", S.dtype, S)
b = torch.randn(4, 2, dtype=torch.complex128)
print("solve", torch.linalg.solve(A, b))
Q, R = torch.linalg.qr(A)
print("qr diag R", R.diagonal())
print(
    "norms",
    torch.linalg.norm(A),
    torch.linalg.matrix_norm(A, ord=2),
    torch.linalg.vector_norm(b, ord=1),
)
L = torch.linalg.cholesky(H @ H.mH + torch.eye(4))
print("cholesky diag", L.diagonal())
print("vdot", torch.vdot(b[:, 0], b[:, 1]), "inner", torch.inner(b[:, 0], b[:, 1]))
print("matrix_exp trace", torch.linalg.matrix_exp(1j * H / 4).diagonal().sum())
ev = torch.linalg.eigvals(A)
print("eigvals sum vs trace", torch.allclose(ev.sum(), A.diagonal().sum()))
print(
    "complex64 from 128", A.to(torch.complex64).dtype, A.real.dtype, A.abs().dtype, A.angle().dtype
)
