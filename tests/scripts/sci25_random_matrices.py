import torch

# Random matrix theory as a statistical physicist checks it numerically in float64 and
# complex128, with seeded Generators: Gaussian orthogonal and unitary ensembles (symmetrised
# randn, complex randn) whose eigvalsh spectra fill Wigner's semicircle (torch.histogram against
# the density integrated over each bin, the second and fourth moments against the Catalan
# numbers), the consecutive level-spacing ratio <r> that tells GOE, GUE and Poisson statistics
# apart, Wishart matrices whose squared singular values (linalg.svdvals) follow the
# Marchenko-Pastur law with its edges, the Ginibre ensemble's circular law from linalg.eigvals,
# and Haar-distributed orthogonal / unitary matrices from QR with the sign of R's diagonal
# corrected (orthogonality, determinants on the unit circle, the trace's moments).
torch.set_printoptions(precision=4, sci_mode=False)
dt = torch.float64
g = torch.Generator().manual_seed(2024)


def goe(n, batch):
    a = torch.randn(batch, n, n, dtype=dt, generator=g)
    return (a + a.mT) / (2 * n) ** 0.5


def gue(n, batch):
    a = torch.randn(batch, n, n, dtype=torch.complex128, generator=g)
    return (a + a.mH) / (2 * n) ** 0.5


def semicircle_mass(edges):
    x = edges.clamp(-2, 2)
    cdf = 0.5 + (x * (4 - x * x).sqrt() / 2 + 2 * torch.asin(x / 2)) / (2 * torch.pi)
    return cdf[1:] - cdf[:-1]


print("== Wigner semicircle ==")
n, batch = 40, 16
for name, mats in (("GOE", goe(n, batch)), ("GUE", gue(n, batch))):
    ev = torch.linalg.eigvalsh(mats)
    print(name, "eigenvalues", tuple(ev.shape), ev.dtype, "hermitian:",
          torch.allclose(mats, mats.mH))
    hist, edges = torch.histogram(ev.flatten(), bins=8, range=(-2.4, 2.4))
    expected = semicircle_mass(edges) * ev.numel()
    print("  counts  ", hist.long().tolist())
    print("  expected", [round(v) for v in expected.tolist()])
    m2 = ev.pow(2).mean().item()
    m4 = ev.pow(4).mean().item()
    print(f"  moments m2={m2:.4f} (Catalan 1)  m4={m4:.4f} (Catalan 2)  "
          f"edge max |lambda| = {ev.abs().max().item():.4f}")
    chi2 = ((hist - expected) ** 2 / expected).sum()
    print(f"  chi-square over 8 bins {chi2.item():.3f}")

print("\n== level-spacing ratios ==")


def mean_ratio(levels):
    s = torch.diff(levels, dim=-1)
    r = torch.minimum(s[..., 1:], s[..., :-1]) / torch.maximum(s[..., 1:], s[..., :-1])
    keep = r.shape[-1] // 4  # the bulk of the spectrum only
    return r[..., keep:-keep].mean().item()


poisson = torch.rand(batch, n, dtype=dt, generator=g).sort(dim=-1).values
print(f"Poisson <r> = {mean_ratio(poisson):.3f} (theory 0.386)")
print(f"GOE     <r> = {mean_ratio(torch.linalg.eigvalsh(goe(n, batch))):.3f} (theory 0.531)")
print(f"GUE     <r> = {mean_ratio(torch.linalg.eigvalsh(gue(n, batch))):.3f} (theory 0.600)")

print("\n== Marchenko-Pastur ==")
p, m = 40, 160
q = p / m
X = torch.randn(6, p, m, dtype=dt, generator=g)
sv = torch.linalg.svdvals(X)
lam = (sv**2 / m).flatten()
lo, hi = (1 - q**0.5) ** 2, (1 + q**0.5) ** 2
print(f"ratio q={q}, support [{lo:.4f}, {hi:.4f}]")
print(f"observed range [{lam.min().item():.4f}, {lam.max().item():.4f}], "
      f"mean {lam.mean().item():.4f} (theory 1), variance {lam.var().item():.4f} (theory {q})")
grid = torch.linspace(lo, hi, 401, dtype=dt)
dens = ((hi - grid) * (grid - lo)).clamp(min=0).sqrt() / (2 * torch.pi * q * grid)
print(f"density integrates to {torch.trapezoid(dens, grid).item():.4f}")
qs = torch.quantile(lam, torch.tensor([0.1, 0.5, 0.9], dtype=dt))
cdf = torch.cumulative_trapezoid(dens, grid)
theory_q = [grid[1:][torch.searchsorted(cdf, t)].item() for t in (0.1, 0.5, 0.9)]
print("quantiles observed", qs, "theory", [f"{v:.3f}" for v in theory_q])

print("\n== Ginibre circular law ==")
G = torch.randn(6, 40, 40, dtype=torch.complex128, generator=g) / 40**0.5
z = torch.linalg.eigvals(G).flatten()
radius = z.abs()
print("eigenvalues", z.dtype, tuple(z.shape))
print(f"inside unit disk: {(radius <= 1.05).double().mean().item():.3f}   "
      f"mean |z|^2 {radius.pow(2).mean().item():.4f} (theory 0.5)")
ring, _ = torch.histogram(radius.pow(2), bins=5, range=(0.0, 1.0))
print("counts in equal-area rings:", ring.long().tolist())
print(f"mean of z {z.mean().real.item():+.3f}{z.mean().imag.item():+.3f}j  "
      f"trace identity sum(z) = tr G: {torch.allclose(z.sum(), G.diagonal(0, -2, -1).sum())}")

print("\n== Haar orthogonal and unitary matrices ==")


def haar(n, count, dtype):
    a = torch.randn(count, n, n, dtype=dtype, generator=g)
    Q, R = torch.linalg.qr(a)
    d = torch.diagonal(R, dim1=-2, dim2=-1)
    return Q * (d / d.abs()).unsqueeze(-2)


for dtype in (dt, torch.complex128):
    Q = haar(6, 400, dtype)
    eye = torch.eye(6, dtype=dtype)
    ortho = (Q.mH @ Q - eye).abs().amax().item()
    det = torch.linalg.det(Q)
    tr = torch.diagonal(Q, dim1=-2, dim2=-1).sum(-1)
    print(f"{str(dtype).split('.')[-1]:>10}: max |Q^H Q - I| < 1e-13 {ortho < 1e-13}  "
          f"|det| = 1: {torch.allclose(det.abs(), torch.ones(400, dtype=dt))}")
    print(f"            E|tr Q|^2 = {tr.abs().pow(2).mean().item():.3f} (theory 1)  "
          f"E|tr Q|^4 = {tr.abs().pow(4).mean().item():.3f} "
          f"(theory {3 if dtype == dt else 2})")
    if dtype == dt:
        print("            det signs:", torch.bincount((det > 0).long()).tolist())
