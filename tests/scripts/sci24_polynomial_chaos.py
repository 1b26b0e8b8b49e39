import torch

# Uncertainty quantification by polynomial chaos, as an engineer propagates input uncertainty
# through a model in float64: a Hermite chaos of a log-normal variable from
# special.hermite_polynomial_he with Gauss-Hermite nodes by the Golub-Welsch algorithm (eigh of
# the Jacobi matrix) against the closed-form coefficients, a Legendre chaos of the Ishigami
# function by tensor-product Gauss-Legendre projection and by least-squares regression on a
# scrambled Sobol design (torch.quasirandom.SobolEngine, linalg.lstsq), Sobol sensitivity indices
# read off the coefficients against the analytic values and a Saltelli Monte Carlo estimate with a
# seeded Generator, and the surrogate's gradient (torch.special's polynomials carry none, so the
# derivative comes from the three-term recurrence written with differentiable ops).
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
sp = torch.special


def golub_welsch(n, kind):
    k = torch.arange(1, n, dtype=dt)
    if kind == "hermite":  # probabilists' Hermite, weight exp(-x^2/2)/sqrt(2 pi)
        off = k.sqrt()
    else:  # Legendre, uniform weight on [-1, 1] normalised to one
        off = k / (4 * k * k - 1).sqrt()
    J = torch.diag(off, 1) + torch.diag(off, -1)
    nodes, vecs = torch.linalg.eigh(J)
    return nodes, vecs[0].pow(2)


print("== Gauss-Hermite nodes ==")
xh, wh = golub_welsch(8, "hermite")
print(xh, wh, sep="\n")
moments = torch.stack([(wh * xh.pow(m)).sum() for m in range(0, 9, 2)])
print("even moments", moments, "(1, 1, 3, 15, 105)")

print("== Hermite chaos of exp(sigma xi) ==")
sigma = 0.6
n = torch.arange(7)
He = sp.hermite_polynomial_he(xh[:, None], n)  # nodes x degree
fact = torch.exp(torch.lgamma(n.to(dt) + 1))
coef = (wh[:, None] * torch.exp(sigma * xh)[:, None] * He).sum(0) / fact
exact = torch.exp(torch.tensor(sigma**2 / 2, dtype=dt)) * sigma ** n.to(dt) / fact
print("projected", coef)
print("exact    ", exact)
mean = coef[0]
var = (coef[1:] ** 2 * fact[1:]).sum()
print("mean", round(mean.item(), 10), "variance", round(var.item(), 8),
      "exact", round((torch.exp(torch.tensor(sigma**2, dtype=dt)) - 1).item() * mean.item() ** 2, 8))
xi = torch.linspace(-2, 2, 5, dtype=dt)
surrogate = (coef * sp.hermite_polynomial_he(xi[:, None], n)).sum(1)
print("surrogate error", (surrogate - torch.exp(sigma * xi)).abs())

print("== Ishigami function ==")
a, b = 7.0, 0.1


def ishigami(u):  # u in [-1, 1]^3, x = pi u
    x = torch.pi * u
    return torch.sin(x[..., 0]) + a * torch.sin(x[..., 1]) ** 2 + b * x[..., 2] ** 4 * torch.sin(x[..., 0])


pi4 = torch.pi**4
V = a**2 / 8 + b * pi4 / 5 + b**2 * pi4**2 / 18 + 0.5
S1 = (0.5 * (1 + b * pi4 / 5) ** 2) / V
S2 = (a**2 / 8) / V
ST3 = (8 * b**2 * pi4**2 / 225) / V
print(f"analytic mean {a / 2:.6f} variance {V:.6f} S1 {S1:.6f} S2 {S2:.6f} S3 0 S13 {ST3:.6f}")

p = 8
deg = torch.cartesian_prod(torch.arange(p + 1), torch.arange(p + 1), torch.arange(p + 1))
deg = deg[deg.sum(1) <= p]
print("basis size", len(deg))
norms = (1.0 / (2 * deg.to(dt) + 1)).prod(1)


def design(u):  # rows: points, columns: the product Legendre basis
    P = sp.legendre_polynomial_p(u[:, :, None], torch.arange(p + 1))  # N x 3 x (p+1)
    return P[:, 0, deg[:, 0]] * P[:, 1, deg[:, 1]] * P[:, 2, deg[:, 2]]


xl, wl = golub_welsch(12, "legendre")
grid = torch.cartesian_prod(xl, xl, xl)
wgrid = torch.cartesian_prod(wl, wl, wl).prod(1)
Psi = design(grid)
c_proj = (wgrid[:, None] * ishigami(grid)[:, None] * Psi).sum(0) / norms
sobol_engine = torch.quasirandom.SobolEngine(3, scramble=True, seed=7)
u = 2 * sobol_engine.draw(512, dtype=dt) - 1
c_reg = torch.linalg.lstsq(design(u), ishigami(u)[:, None], driver="gelsd").solution[:, 0]
print("largest coefficients", c_proj.abs().topk(5).values)
print("projection vs regression max difference", round((c_proj - c_reg).abs().max().item(), 4))


def indices(c):
    var_terms = c**2 * norms
    var = var_terms[1:].sum()
    first = torch.stack([var_terms[(deg[:, i] > 0) & (deg.sum(1) == deg[:, i])].sum() for i in range(3)])
    total = torch.stack([var_terms[deg[:, i] > 0].sum() for i in range(3)])
    return c[0], var, first / var, total / var


for name, c in [("projection", c_proj), ("regression", c_reg)]:
    m, v, first, total = indices(c)
    print(f"{name:10s} mean {m.item():.5f} var {v.item():.5f}", "S", first, "ST", total)

print("== Saltelli Monte Carlo ==")
gen = torch.Generator().manual_seed(2024)
N = 4000
Am = 2 * torch.rand(N, 3, generator=gen, dtype=dt) - 1
Bm = 2 * torch.rand(N, 3, generator=gen, dtype=dt) - 1
fA, fB = ishigami(Am), ishigami(Bm)
var_mc = torch.cat([fA, fB]).var()
first_mc, total_mc = [], []
for i in range(3):
    ABi = Am.clone()
    ABi[:, i] = Bm[:, i]
    fABi = ishigami(ABi)
    first_mc.append((fB * (fABi - fA)).mean() / var_mc)
    total_mc.append(0.5 * (fA - fABi).pow(2).mean() / var_mc)
print("S ", torch.stack(first_mc))
print("ST", torch.stack(total_mc))

print("== gradient of the surrogate ==")


def legendre_all(x, n):  # the three-term recurrence keeps the graph differentiable
    P = [torch.ones_like(x), x]
    for k in range(1, n):
        P.append(((2 * k + 1) * x * P[k] - k * P[k - 1]) / (k + 1))
    return torch.stack(P, -1)


u0 = torch.tensor([[0.3, -0.2, 0.5]], dtype=dt, requires_grad=True)
P = legendre_all(u0, p)
print("recurrence equals special.legendre_polynomial_p",
      torch.allclose(P.detach(), sp.legendre_polynomial_p(u0.detach()[..., None], torch.arange(p + 1))))
surr = (c_proj * P[:, 0, deg[:, 0]] * P[:, 1, deg[:, 1]] * P[:, 2, deg[:, 2]]).sum()
(g_surr,) = torch.autograd.grad(surr, u0)
u1 = u0.detach().clone().requires_grad_()
(g_true,) = torch.autograd.grad(ishigami(u1).sum(), u1)
print("surrogate", round(surr.item(), 6), "model", round(ishigami(u0.detach()).item(), 6))
print("gradient surrogate", g_surr, "model", g_true)
try:
    sp.legendre_polynomial_p(u1, 3).sum().backward()
except RuntimeError as err:
    print("RuntimeError:", err)
