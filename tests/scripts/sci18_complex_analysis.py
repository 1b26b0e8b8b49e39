import torch  # noqa: I001 (the harness requires torch first)

# Complex analysis as an applied mathematician checks it in complex128 (and complex64): the
# elementary functions on and around their branch cuts (signed zeros on the cut decide the
# side), principal values of log/sqrt/pow, inverse trig and hyperbolic functions, the
# Cauchy-Riemann equations checked by autograd (Wirtinger derivatives), contour integrals by
# the trapezoid rule (residues, the argument principle counting zeros of a polynomial),
# conformal maps (Joukowski), the special functions torch refuses on complex input, and
# gradcheck of holomorphic and non-holomorphic functions.
import math

torch.set_default_dtype(torch.float64)


def c(t):
    return " ".join(f"({z.real:.10g}{z.imag:+.10g}j)" for z in
                    torch.as_tensor(t).detach().flatten().tolist())


# points on and around the cuts, with signed zeros
pts = torch.tensor([complex(-2.0, 0.0), complex(-2.0, -0.0), complex(-0.5, 0.0),
                    complex(-0.5, -0.0), complex(2.0, 0.0), complex(2.0, -0.0),
                    complex(0.0, 2.0), complex(-0.0, 2.0), complex(0.0, -2.0),
                    complex(-0.0, -2.0), complex(0.3, 0.4), complex(0.0, 0.0),
                    complex(-0.0, -0.0), complex(1.0, 0.0), complex(-1.0, 0.0)])
# (left out where only a zero's sign differs: torch's vectorised sgn keeps the -0j of -2-0j
# that its own scalar path drops)
signed_zero_sensitive = {"sgn": [1, 3, 7, 9]}
for name in ("sqrt", "log", "log2", "log10", "log1p", "exp", "expm1", "sin", "cos", "tan",
             "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
             "rsqrt", "reciprocal", "sigmoid", "sgn", "angle", "abs"):
    fn = getattr(torch, name)
    keep = [i for i in range(len(pts)) if i not in signed_zero_sensitive.get(name, [])]
    out = fn(pts)[keep]
    print(f"{name:10s}", c(out) if out.is_complex() else " ".join(f"{v:.10g}" for v in
                                                                  out.tolist()))
print("complex64 sqrt", c(torch.sqrt(pts.to(torch.complex64))[:4]))
print("pow", c(torch.pow(pts[:6], 0.5)), c(pts[:4] ** complex(0.0, 1.0)))
print("pow int", c(pts[:6] ** 3), c(pts[:6] ** -1))
print("pow scalar base", c(2.0 ** pts[6:11]), c(torch.pow(complex(0.0, 1.0), pts[10:12])))
print("0 ** 0", c(torch.tensor(0j) ** 0), c(torch.tensor(0j) ** 0.0))
print("polar/abs/angle", c(torch.polar(pts.abs(), pts.angle())[:6]))
print("conj / real / imag", c(pts[:3].conj()), pts[:3].conj().is_conj(), pts.real[:3],
      pts.imag[:4])

# Cauchy-Riemann through autograd: f holomorphic => df/dconj(z) = 0; torch returns conj(f'(z))
# for a real loss L = Re(sum f): grad = conj(f'(z))
z = torch.tensor([0.3 + 0.4j, -1.2 + 0.5j, 2.0 - 1.0j], requires_grad=True)
for name, fn, deriv in (("exp", torch.exp, torch.exp), ("sin", torch.sin, torch.cos),
                        ("log", torch.log, lambda w: 1 / w),
                        ("sqrt", torch.sqrt, lambda w: 0.5 / torch.sqrt(w)),
                        ("atanh", torch.atanh, lambda w: 1 / (1 - w * w)),
                        ("asin", torch.asin, lambda w: 1 / torch.sqrt(1 - w * w)),
                        ("square", lambda w: w * w, lambda w: 2 * w)):
    (g,) = torch.autograd.grad(fn(z).real.sum(), z)
    print("grad Re", name, c(g), torch.allclose(g, deriv(z.detach()).conj()))
(g,) = torch.autograd.grad(torch.exp(z).imag.sum(), z)
print("grad Im exp", c(g))
(g,) = torch.autograd.grad(z.abs().sum(), z)
print("grad |z|", c(g), "= z/|z|", torch.allclose(g, z.detach() / z.detach().abs()))
(g,) = torch.autograd.grad((z * z.conj()).real.sum(), z)
print("grad |z|^2", c(g))
(g,) = torch.autograd.grad(z.angle().sum(), z)
print("grad angle", c(g))
print("gradcheck holomorphic", torch.autograd.gradcheck(
    lambda w: torch.exp(w) * torch.sin(w) / (1 + w * w), (z,)))
print("gradcheck non-holomorphic", torch.autograd.gradcheck(
    lambda w: w.abs() * w.conj() + w.real * 1j, (z,)))
print("gradcheck branch functions", torch.autograd.gradcheck(
    lambda w: torch.acosh(w) + torch.asinh(w) + torch.atan(w) + torch.log1p(w), (z,)))
print("gradgradcheck", torch.autograd.gradgradcheck(lambda w: torch.tanh(w) * w.abs(), (z,)))

# contour integrals: (1/2 pi i) oint f(z) dz by the trapezoid rule on a circle
theta = torch.linspace(0, 2 * math.pi, 257)[:-1]
circle = lambda r, c0=0: c0 + r * torch.exp(1j * theta)  # noqa: E731
dz = lambda r: 1j * r * torch.exp(1j * theta) * (2 * math.pi / theta.numel())  # noqa: E731


def contour(f, r, c0=0.0):
    return (f(circle(r, c0)) * dz(r)).sum() / (2j * math.pi)


def show(label, value, *rest):
    # parts below 1e-12 are rounding: the order of a complex sum decides them
    print(label, f"{value.real.item():.10f}", abs(value.imag.item()) < 1e-12, *rest)


show("residue 1/z", contour(lambda w: 1 / w, 1.0))
show("residue e^z/z^3", contour(lambda w: torch.exp(w) / w**3, 0.5), 0.5)
show("residue at 2", contour(lambda w: 1 / ((w - 2) * (w + 1)), 0.5, 2.0), 1 / 3)
print("no pole", contour(lambda w: torch.exp(w), 1.0).abs().item() < 1e-12)
coeffs = torch.tensor([1.0, -0.5, 0.3, 0.8, -0.2], dtype=torch.complex128)
poly = lambda w: sum(a * w**k for k, a in enumerate(coeffs))  # noqa: E731
dpoly = lambda w: sum(k * a * w**(k - 1) for k, a in enumerate(coeffs) if k)  # noqa: E731
for r in (0.5, 1.0, 2.0, 10.0):
    count = contour(lambda w: dpoly(w) / poly(w), r)
    print("zeros inside |z| <", r, f"{count.real.item():.6f}", abs(count.imag.item()) < 1e-8)
companion = torch.zeros(4, 4, dtype=torch.complex128)
companion[1:, :-1] = torch.eye(3)
companion[:, -1] = -coeffs[:4] / coeffs[4]
roots = torch.linalg.eigvals(companion)
print("|roots| sorted", " ".join(f"{v:.8f}" for v in roots.abs().sort().values.tolist()))

# Joukowski map of a circle to an airfoil
zc = circle(1.1, -0.1 + 0.05j)
wing = zc + 1 / zc
print("airfoil chord", f"{(wing.real.max() - wing.real.min()).item():.8f}",
      "thickness", f"{(wing.imag.max() - wing.imag.min()).item():.8f}")

# complex64 arithmetic and dtype promotion
a64 = torch.tensor([1 + 2j, -3 + 0.5j], dtype=torch.complex64)
print("promote", (a64 * 2.5).dtype, (a64 + torch.tensor(1.0)).dtype,
      (a64 * torch.tensor([1.0], dtype=torch.float64)).dtype,
      torch.result_type(a64, 1j), (torch.tensor([1, 2]) * 1j).dtype)
print("complex64", a64 / torch.tensor(3 - 1j, dtype=torch.complex64), a64.abs(), a64.angle())
print("isclose", torch.isclose(a64, a64 + 1e-7), torch.isfinite(torch.tensor(
    [complex(math.inf, 0), complex(0, math.nan), 1j])), torch.isinf(torch.tensor(
        [complex(math.inf, 0), complex(0, math.nan)])), torch.isnan(torch.tensor(
            [complex(math.inf, 0), complex(0, math.nan)])))

# what torch refuses on complex input
for name, call in (("lgamma", lambda: torch.lgamma(pts)), ("erf", lambda: torch.erf(pts)),
                   ("digamma", lambda: torch.digamma(pts)),
                   ("special.i0", lambda: torch.special.i0(pts)),
                   ("floor", lambda: torch.floor(pts)), ("clamp", lambda: pts.clamp(0, 1)),
                   ("max", lambda: pts.max()), ("sort", lambda: pts.sort()),
                   ("lt", lambda: pts < 1), ("remainder", lambda: pts % 2),
                   ("atan2", lambda: torch.atan2(pts, pts)),
                   ("heaviside", lambda: torch.heaviside(pts, pts)),
                   ("sigmoid grad", lambda: torch.autograd.grad(torch.sigmoid(z).abs().sum(),
                                                                z)[0]),
                   ("sign", lambda: torch.sign(pts)), ("fmod", lambda: torch.fmod(pts, 2.0)),
                   ("cumsum", lambda: pts.cumsum(0)[-1]), ("prod", lambda: pts[:4].prod()),
                   ("mean", lambda: pts.mean()), ("var", lambda: pts.var()),
                   ("logsumexp", lambda: torch.logsumexp(pts, 0)),
                   ("softmax", lambda: torch.softmax(pts, 0)[:2])):
    try:
        out = call()
        print(name, "->", c(out) if out.is_complex() else out)
    except Exception as err:
        print(name, type(err).__name__, str(err).splitlines()[0])
