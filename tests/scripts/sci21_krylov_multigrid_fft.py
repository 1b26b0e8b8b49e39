import torch  # noqa: I001 (the harness requires torch first)

# Iterative solvers for the 2-D Poisson equation as a computational scientist writes them in
# float64: a matrix-free Laplacian by conv2d, conjugate gradient, restarted GMRES(m) with
# Arnoldi and a small least-squares solve, a geometric multigrid V-cycle with weighted Jacobi
# smoothing, avg_pool2d restriction and bilinear interpolate prolongation, the FFT solution of
# the periodic problem with fftfreq wavenumbers, and Newton-Krylov for the nonlinear Bratu
# problem with Jacobian-vector products from torch.func.jvp.
import math

import torch.nn.functional as F
from torch.func import jvp

torch.set_default_dtype(torch.float64)

n = 31  # interior points per side (Dirichlet), h = 1 / (n + 1)
h = 1.0 / (n + 1)
stencil = torch.tensor([[0.0, -1.0, 0.0], [-1.0, 4.0, -1.0], [0.0, -1.0, 0.0]]).view(1, 1, 3, 3)


def laplace(u, h):
    """-Laplacian with zero Dirichlet boundary: u is (N, N)."""
    return F.conv2d(F.pad(u[None, None], (1, 1, 1, 1)), stencil)[0, 0] / h**2


xs = torch.linspace(h, 1 - h, n)
X, Y = torch.meshgrid(xs, xs, indexing="ij")
# a source that is not one eigenfunction of the discrete operator: the solvers must iterate
exact = torch.sin(math.pi * X) * torch.sin(2 * math.pi * Y) * torch.exp(X)
f = (5 * math.pi**2 - 1) * exact - 2 * math.pi * torch.cos(math.pi * X) * torch.sin(
    2 * math.pi * Y) * torch.exp(X)


def cg(A, b, tol=1e-10, maxiter=500):
    x = torch.zeros_like(b)
    r = b - A(x)
    p = r.clone()
    rs = (r * r).sum()
    for k in range(maxiter):
        Ap = A(p)
        alpha = rs / (p * Ap).sum()
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = (r * r).sum()
        if rs_new.sqrt() < tol * b.norm():
            return x, k + 1
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x, maxiter


u_cg, iters = cg(lambda u: laplace(u, h), f)
print("cg iterations", iters, "discretisation error", f"{(u_cg - exact).abs().max().item():.6e}")


def gmres(A, b, m=20, tol=1e-10, max_restarts=20):
    x = torch.zeros_like(b).flatten()
    bflat = b.flatten()
    Af = lambda v: A(v.view_as(b)).flatten()  # noqa: E731
    history = []
    for restart in range(max_restarts):
        r = bflat - Af(x)
        beta = r.norm()
        history.append(beta.item() / bflat.norm().item())
        if history[-1] < tol:
            break
        V = torch.zeros(m + 1, bflat.numel())
        Hm = torch.zeros(m + 1, m)
        V[0] = r / beta
        for j in range(m):
            w = Af(V[j])
            # classical Gram-Schmidt twice: the basis stays orthogonal to rounding
            coef = V[: j + 1] @ w
            w = w - V[: j + 1].T @ coef
            again = V[: j + 1] @ w
            w = w - V[: j + 1].T @ again
            Hm[: j + 1, j] = coef + again
            Hm[j + 1, j] = w.norm()
            V[j + 1] = w / Hm[j + 1, j]
        e1 = torch.zeros(m + 1)
        e1[0] = beta
        yk = torch.linalg.lstsq(Hm, e1.unsqueeze(1)).solution.squeeze(1)
        x = x + V[:m].T @ yk
    return x.view_as(b), history


# (the residuals after the first cycle are printed as a count: a restarted residual carries
# the basis vectors' rounding in its high frequencies, which the operator multiplies by its
# condition number at every Arnoldi step; two libraries' runs agree to a few digits there)
u_gm, hist = gmres(lambda u: laplace(u, h), f, m=10, max_restarts=40)
print("gmres first cycle", " ".join(f"{v:.6e}" for v in hist[:2]), "converged",
      hist[-1] < 1e-10, "within 40 restarts")
print("gmres agrees with cg", torch.allclose(u_gm, u_cg, atol=1e-8))


# multigrid: grids of 2^k - 1 interior points; restriction by full weighting written as
# avg_pool2d on the padded grid, prolongation by bilinear interpolation (align_corners=True)
def smooth(u, f, h, sweeps, omega=0.8):
    for _ in range(sweeps):
        u = u + omega * (h**2 / 4) * (f - laplace(u, h))
    return u


def restrict(r):
    weights = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]).view(1, 1, 3, 3)
    return F.conv2d(r[None, None], weights / 16, stride=2)[0, 0]


def prolong(e):
    padded = F.pad(e[None, None], (1, 1, 1, 1))
    size = 2 * (e.shape[0] + 1) + 1
    fine = F.interpolate(padded, size=(size, size), mode="bilinear", align_corners=True)
    return fine[0, 0, 1:-1, 1:-1]


def v_cycle(u, f, h):
    if u.shape[0] <= 3:
        return smooth(u, f, h, 50)
    u = smooth(u, f, h, 3)
    r = f - laplace(u, h)
    e = v_cycle(torch.zeros((u.shape[0] - 1) // 2, (u.shape[0] - 1) // 2), restrict(r), 2 * h)
    u = u + prolong(e)
    return smooth(u, f, h, 3)


u = torch.zeros(n, n)
for cycle in range(8):
    u = v_cycle(u, f, h)
    res = (f - laplace(u, h)).norm() / f.norm()
    if cycle < 5 or cycle == 7:
        print(f"v-cycle {cycle}: relative residual {res.item():.3e}")
print("multigrid agrees with cg", torch.allclose(u, u_cg, atol=1e-6))
pooled = F.avg_pool2d(u[None, None], 2)
print("avg_pool2d of the solution", tuple(pooled.shape), f"{pooled.mean().item():.10f}")

# periodic Poisson by FFT: -lap u = g on [0, 2pi)^2, g with zero mean
N = 32
grid = torch.arange(N) * (2 * math.pi / N)
GX, GY = torch.meshgrid(grid, grid, indexing="ij")
u_true = torch.cos(3 * GX) * torch.sin(2 * GY) + 0.5 * torch.sin(GX + GY)
g = 13 * torch.cos(3 * GX) * torch.sin(2 * GY) + 0.5 * 2 * torch.sin(GX + GY)
k = torch.fft.fftfreq(N, d=1.0 / N)
KX, KY = torch.meshgrid(k, k, indexing="ij")
K2 = KX**2 + KY**2
K2[0, 0] = 1.0
u_hat = torch.fft.fft2(g) / K2
u_hat[0, 0] = 0.0
u_fft = torch.fft.ifft2(u_hat).real
print("fftfreq", k[:5], k[-3:], "rfftfreq", torch.fft.rfftfreq(8, d=0.5))
print("fft poisson error", (u_fft - u_true).abs().max().item() < 1e-12)
kr = torch.fft.rfftfreq(N, d=1.0 / N)
KXr, KYr = torch.meshgrid(k, kr, indexing="ij")
K2r = KXr**2 + KYr**2
K2r[0, 0] = 1.0
g_hat = torch.fft.rfft2(g) / K2r
g_hat[0, 0] = 0.0
u_r = torch.fft.irfft2(g_hat, s=(N, N))
print("rfft2 poisson agrees", torch.allclose(u_r, u_fft, atol=1e-12), tuple(g_hat.shape))
spectrum = torch.fft.fftshift(torch.fft.fft2(u_true).abs() / N**2)
peaks = torch.nonzero(spectrum > 0.1)
print("spectral peaks (shifted index)", peaks.tolist())

# Newton-Krylov for Bratu: -lap u = lam e^u, Jacobian-vector products by forward mode
lam = 6.0
m = 15
hb = 1.0 / (m + 1)


def bratu_residual(u):
    return laplace(u, hb) - lam * torch.exp(u)


u = torch.zeros(m, m)
for newton in range(8):
    F_u = bratu_residual(u)
    norm = F_u.norm().item()
    if norm < 1e-7:
        print(f"newton {newton}: |F| below 1e-7")
        break
    print(f"newton {newton}: |F| {norm:.6e}")
    J = lambda v: jvp(bratu_residual, (u,), (v,))[1]  # noqa: E731
    du, _ = gmres(J, -F_u, m=40, tol=1e-12)
    u = u + du
print("bratu max u", f"{u.max().item():.10f}", "symmetric",
      torch.allclose(u, u.T, atol=1e-10), torch.allclose(u, u.flip(0), atol=1e-10))
