import torch  # noqa: I001 (the harness requires torch first)

# Quadrature and spectral methods in float64: Gauss-Legendre, Gauss-Hermite and Gauss-Laguerre
# nodes and weights by the Golub-Welsch algorithm (eigh of the symmetric Jacobi matrix), their
# exactness on polynomials, Clenshaw-Curtis weights through an FFT, the Chebyshev spectral
# differentiation matrix on Gauss-Lobatto points, and a Chebyshev collocation solve of a
# two-point boundary-value problem with its spectral convergence.
import math

torch.set_default_dtype(torch.float64)


def golub_welsch(alpha, beta, mu0):
    """Nodes and weights from the three-term recurrence: alpha (n), beta (n - 1)."""
    J = torch.diag(alpha) + torch.diag(beta.sqrt(), 1) + torch.diag(beta.sqrt(), -1)
    nodes, vecs = torch.linalg.eigh(J)
    weights = mu0 * vecs[0] ** 2
    return nodes, weights


def gauss_legendre(n):
    k = torch.arange(1, n, dtype=torch.float64)
    return golub_welsch(torch.zeros(n), k**2 / (4 * k**2 - 1), 2.0)


def gauss_hermite(n):  # weight exp(-x^2)
    k = torch.arange(1, n, dtype=torch.float64)
    return golub_welsch(torch.zeros(n), k / 2, math.sqrt(math.pi))


def gauss_laguerre(n):  # weight exp(-x)
    k = torch.arange(n, dtype=torch.float64)
    return golub_welsch(2 * k + 1, k[1:] ** 2, 1.0)


x, w = gauss_legendre(5)
print("legendre 5 nodes", " ".join(f"{v:.12f}" for v in x.tolist()))
print("legendre 5 weights", " ".join(f"{v:.12f}" for v in w.tolist()))
print("symmetric", torch.allclose(x, -x.flip(0), atol=1e-14), torch.allclose(w, w.flip(0)))
# exact for degree 2n - 1 = 9, not for 10
for deg in (8, 9, 10):
    exact = (1 - (-1) ** (deg + 1)) / (deg + 1)
    print(f"  int x^{deg} error {abs((w * x**deg).sum().item() - exact) < 1e-14}")
xh, wh = gauss_hermite(8)
print("hermite moments", [round((wh * xh ** (2 * k)).sum().item(), 10) for k in range(4)])
gh = (wh * torch.cos(math.sqrt(2) * xh)).sum() / math.sqrt(math.pi)
print("  E[cos(Z)] for Z ~ N(0,1):", f"{gh.item():.12f}", f"exact {math.exp(-0.5):.12f}")
xl, wl = gauss_laguerre(6)
print("laguerre int x^k e^-x = k!", [round((wl * xl**k).sum().item(), 8) for k in range(6)])

# integrate on [a, b] with a change of variables, batched over several integrands
x20, w20 = gauss_legendre(20)
a, b = 0.0, math.pi
t = 0.5 * (b - a) * x20 + 0.5 * (b + a)
funcs = torch.stack([torch.sin(t), t * torch.cos(t) ** 2, torch.exp(-t) * t**2])
print("integrals", 0.5 * (b - a) * funcs @ w20)


# Clenshaw-Curtis weights via a DCT-I written with an FFT of the even extension
def clenshaw_curtis(n):
    theta = torch.arange(n + 1, dtype=torch.float64) * math.pi / n
    nodes = torch.cos(theta)
    moments = torch.zeros(n + 1)
    even = torch.arange(0, n + 1, 2)
    moments[even] = 2.0 / (1.0 - even.double() ** 2)
    ext = torch.cat([moments, moments[1:-1].flip(0)])
    dct = torch.fft.fft(ext).real / n
    weights = dct[: n + 1].clone()
    weights[0] /= 2
    weights[-1] /= 2
    return nodes, weights


xc, wc = clenshaw_curtis(16)
print("clenshaw-curtis weights sum", f"{wc.sum().item():.14f}", "min", f"{wc.min().item():.6e}")
print("  int exp(x)", f"{(wc * torch.exp(xc)).sum().item():.14f}",
      f"exact {math.e - 1 / math.e:.14f}")


# Chebyshev differentiation matrix (Trefethen, Spectral Methods in MATLAB, cheb.m)
def cheb(n):
    x = torch.cos(math.pi * torch.arange(n + 1, dtype=torch.float64) / n)
    c = torch.ones(n + 1)
    c[0] = c[-1] = 2
    c = c * (-1.0) ** torch.arange(n + 1)
    X = x.unsqueeze(1).expand(n + 1, n + 1)
    dX = X - X.T
    D = torch.outer(c, 1 / c) / (dX + torch.eye(n + 1))
    D = D - torch.diag(D.sum(1))
    return D, x


D, xg = cheb(4)
torch.set_printoptions(precision=4)
print("D_4\n", D)
torch.set_printoptions(profile="default")
for n in (8, 16, 24):
    D, xg = cheb(n)
    u = torch.exp(xg) * torch.sin(5 * xg)
    du = torch.exp(xg) * (torch.sin(5 * xg) + 5 * torch.cos(5 * xg))
    err = (D @ u - du).abs().max().item()
    print(f"n {n:2d} derivative error", f"{err:.2e}" if n < 24 else err < 1e-11)

# u'' = e^{4x}, u(+-1) = 0 (Trefethen program 13): collocation with boundary rows removed
for n in (8, 16):
    D, xg = cheb(n)
    D2 = (D @ D)[1:-1, 1:-1]
    f = torch.exp(4 * xg[1:-1])
    u = torch.zeros(n + 1)
    u[1:-1] = torch.linalg.solve(D2, f)
    exact = (torch.exp(4 * xg) - xg * math.sinh(4) - math.cosh(4)) / 16
    print(f"bvp n {n}: u(0) = {u[n // 2].item():.12f}",
          "max error below 1e-6", (u - exact).abs().max().item() < 1e-6)
conds = [torch.linalg.cond((cheb(n)[0] @ cheb(n)[0])[1:-1, 1:-1]).item() for n in (8, 16, 32)]
print("cond of D2 grows like n^4:", [f"{c:.4g}" for c in conds])

# eigenvalues of the second derivative with Dirichlet ends: -(k pi / 2)^2
D, xg = cheb(36)
lam = torch.linalg.eigvals((D @ D)[1:-1, 1:-1])
lam = lam.real.sort(descending=True).values[:5]
print("leading eigenvalues", " ".join(f"{v:.8f}" for v in lam.tolist()))
print("exact              ", " ".join(f"{-(k * math.pi / 2) ** 2:.8f}" for k in range(1, 6)))
