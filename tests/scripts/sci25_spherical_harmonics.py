import torch

# Spherical harmonics as a geophysicist or quantum chemist builds them in float64: fully
# normalised associated Legendre functions by the stable three-term recurrence (m = 0 checked
# against special.legendre_polynomial_p), real spherical harmonics on a Gauss-Legendre (nodes and
# weights by Golub-Welsch, linalg.eigh) times uniform-longitude grid, their Gram matrix by
# quadrature, the expansion of a smooth field and its angular power spectrum, the spectrum's
# invariance under a rotation built with linalg.matrix_exp of a skew matrix, the addition theorem
# against P_l(cos gamma), complex harmonics from torch.polar with the conjugation symmetry
# Y_l,-m = (-1)^m conj(Y_lm), and solid harmonics r^l Y_lm shown harmonic by a Laplacian taken
# with second derivatives through autograd (and the gravitational J2 acceleration as a gradient).
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
L = 4


def gauss_legendre(n):
    k = torch.arange(1, n, dtype=dt)
    off = k / (4 * k * k - 1).sqrt()
    nodes, vecs = torch.linalg.eigh(torch.diag(off, 1) + torch.diag(off, -1))
    return nodes, 2 * vecs[0].pow(2)


def legendre_normalised(lmax, x):
    """P_lm(x) normalised so that the real harmonics are orthonormal on the sphere."""
    s = (1 - x * x).clamp(min=0).sqrt()
    P = {(0, 0): torch.full_like(x, (1 / (4 * torch.pi)) ** 0.5)}
    for m in range(1, lmax + 1):
        P[m, m] = -((2 * m + 1) / (2 * m)) ** 0.5 * s * P[m - 1, m - 1]
    for m in range(lmax):
        P[m + 1, m] = (2 * m + 3) ** 0.5 * x * P[m, m]
    for m in range(lmax + 1):
        for l in range(m + 2, lmax + 1):
            a = ((4 * l * l - 1) / (l * l - m * m)) ** 0.5
            b = (((l - 1) ** 2 - m * m) / (4 * (l - 1) ** 2 - 1)) ** 0.5
            P[l, m] = a * (x * P[l - 1, m] - b * P[l - 2, m])
    return P


def real_harmonics(lmax, cos_theta, phi):
    P = legendre_normalised(lmax, cos_theta)
    out = []
    for l in range(lmax + 1):
        for m in range(-l, l + 1):
            if m == 0:
                out.append(P[l, 0])
            elif m > 0:
                out.append(2**0.5 * (-1) ** m * P[l, m] * torch.cos(m * phi))
            else:
                out.append(2**0.5 * (-1) ** m * P[l, -m] * torch.sin(-m * phi))
    return torch.stack(out, -1)


print("== Gauss-Legendre grid ==")
nodes, weights = gauss_legendre(L + 3)
n_phi = 2 * L + 4
phis = torch.arange(n_phi, dtype=dt) * 2 * torch.pi / n_phi
print("nodes:", torch.where(nodes.abs() < 1e-14, 0.0, nodes))  # the middle one is 0 up to round-off
print("weights sum:", round(weights.sum().item(), 12))
ct, ph = torch.meshgrid(nodes, phis, indexing="ij")
w = (weights[:, None] * (2 * torch.pi / n_phi)).expand_as(ct)
print("area of the sphere:", round(w.sum().item(), 10), "(4 pi =", round(4 * torch.pi, 10), ")")

print("\n== m = 0 against special.legendre_polynomial_p ==")
x = torch.linspace(-1, 1, 7, dtype=dt)
P = legendre_normalised(L, x)
for l in range(L + 1):
    ref = torch.special.legendre_polynomial_p(x, l) * ((2 * l + 1) / (4 * torch.pi)) ** 0.5
    print(f"l={l}: max diff < 1e-14 {torch.allclose(P[l, 0], ref, atol=1e-14)}  "
          f"P_l(1)={torch.special.legendre_polynomial_p(torch.ones((), dtype=dt), l).item():.1f}")

print("\n== orthonormality by quadrature ==")
Y = real_harmonics(L, ct, ph)
G = torch.einsum("ij,ijk,ijl->kl", w, Y, Y)
print("harmonics:", Y.shape[-1], " max |G - I| < 1e-13:",
      (G - torch.eye(Y.shape[-1], dtype=dt)).abs().max().item() < 1e-13)

print("\n== expansion of a field ==")


def field(cos_theta, phi):
    s = (1 - cos_theta**2).sqrt()
    return torch.exp(0.6 * s * torch.cos(phi)) + 0.3 * cos_theta**3


n_fine = 16
nodes_f, weights_f = gauss_legendre(n_fine)
phis_f = torch.arange(2 * n_fine, dtype=dt) * torch.pi / n_fine
ctf, phf = torch.meshgrid(nodes_f, phis_f, indexing="ij")
wf = weights_f[:, None] * (torch.pi / n_fine)
Lx = 8
Yf = real_harmonics(Lx, ctf, phf)
coef = torch.einsum("ij,ijk->k", wf * field(ctf, phf), Yf)
degrees = torch.cat([torch.full((2 * l + 1,), l) for l in range(Lx + 1)])
power = torch.zeros(Lx + 1, dtype=dt).index_add_(0, degrees, coef**2)
print("power per degree:", [f"{v:.3e}" for v in power.tolist()])
g = torch.Generator().manual_seed(3)
test_ct = torch.rand(50, dtype=dt, generator=g) * 2 - 1
test_ph = torch.rand(50, dtype=dt, generator=g) * 2 * torch.pi
approx = real_harmonics(Lx, test_ct, test_ph) @ coef
print(f"reconstruction max error at 50 random points: "
      f"{(approx - field(test_ct, test_ph)).abs().max().item():.2e}")

print("\n== rotation invariance of the power spectrum ==")
axis = torch.tensor([0.3, -0.5, 0.8], dtype=dt)
axis = axis / axis.norm()
K = torch.zeros(3, 3, dtype=dt)
K[0, 1], K[0, 2], K[1, 2] = -axis[2], axis[1], -axis[0]
K = K - K.T
R = torch.linalg.matrix_exp(0.9 * K)
print("R orthogonal:", torch.allclose(R.T @ R, torch.eye(3, dtype=dt)), " det",
      round(torch.linalg.det(R).item(), 12))
st = (1 - ctf**2).sqrt()
xyz = torch.stack([st * torch.cos(phf), st * torch.sin(phf), ctf], -1)
rot = xyz @ R  # rotated field f(R^T r) sampled at the grid points
rot_ct = rot[..., 2].clamp(-1, 1)
rot_ph = torch.atan2(rot[..., 1], rot[..., 0])
coef_r = torch.einsum("ij,ijk->k", wf * field(rot_ct, rot_ph), Yf)
power_r = torch.zeros(Lx + 1, dtype=dt).index_add_(0, degrees, coef_r**2)
print("coefficients changed:", (coef_r - coef).abs().max().item() > 1e-3)
print("power spectra agree to 1e-10:", torch.allclose(power, power_r, rtol=1e-10, atol=1e-14))

print("\n== addition theorem ==")
a = torch.tensor([0.2, 1.1], dtype=dt)  # (cos theta, phi) of two directions
b = torch.tensor([-0.5, 2.7], dtype=dt)
Ya = real_harmonics(L, a[0], a[1])
Yb = real_harmonics(L, b[0], b[1])
cos_gamma = a[0] * b[0] + ((1 - a[0] ** 2) * (1 - b[0] ** 2)).sqrt() * torch.cos(a[1] - b[1])
start = 0
for l in range(L + 1):
    lhs = (Ya[start:start + 2 * l + 1] * Yb[start:start + 2 * l + 1]).sum()
    rhs = (2 * l + 1) / (4 * torch.pi) * torch.special.legendre_polynomial_p(cos_gamma, l)
    print(f"l={l}: sum_m Y(a)Y(b) = {lhs.item():+.8f}   (2l+1)/(4pi) P_l(cos g) = "
          f"{rhs.item():+.8f}")
    start += 2 * l + 1

print("\n== complex harmonics ==")
Pa = legendre_normalised(L, torch.tensor(0.35, dtype=dt))
phi0 = torch.tensor(0.8, dtype=dt)
for l, m in ((2, 1), (3, 2), (4, 3)):
    Ylm = torch.polar((-1) ** m * Pa[l, m], m * phi0)
    Yl_m = torch.polar(Pa[l, m], -m * phi0)
    print(f"Y_{l}{m} = {Ylm.item():.6f}   Y_{l},-{m} = {Yl_m.item():.6f}   symmetry holds: "
          f"{torch.allclose(Yl_m, (-1) ** m * Ylm.conj())}   dtype {Ylm.dtype}")

print("\n== solid harmonics are harmonic (autograd Laplacian) ==")


def solid(points, lmax):
    r = points.norm(dim=-1)
    cos_theta = points[..., 2] / r
    phi = torch.atan2(points[..., 1], points[..., 0])
    Yr = real_harmonics(lmax, cos_theta, phi)
    powers = torch.cat([r[..., None] ** l for l in range(lmax + 1) for _ in range(2 * l + 1)], -1)
    return Yr * powers


pts = (torch.rand(6, 3, dtype=dt, generator=g) - 0.5).requires_grad_(True)
S = solid(pts, 3)
lap = torch.zeros_like(S)
for k in range(S.shape[-1]):
    (gk,) = torch.autograd.grad(S[:, k].sum(), pts, create_graph=True)
    for d in range(3):
        (hd,) = torch.autograd.grad(gk[:, d].sum(), pts, retain_graph=True)
        lap[:, k] = lap[:, k] + hd[:, d].detach()
print("max |Laplacian of r^l Y_lm| over 16 harmonics < 1e-9:", lap.abs().max().item() < 1e-9)
sq = (pts**2).sum(-1)
(lap_r2,) = torch.autograd.grad(sq.sum(), pts, create_graph=True)
print("but the Laplacian of r^2 is 6:", torch.autograd.grad(lap_r2.sum(), pts)[0].sum(-1))

print("\n== J2 gravity as a gradient ==")
mu_e, R_e, J2 = 398600.4418, 6378.137, 1.08263e-3
pos = torch.tensor([7000.0, -1200.0, 2500.0], dtype=dt, requires_grad=True)
r = pos.norm()
sin_lat = pos[2] / r
U = mu_e / r * (1 - J2 * (R_e / r) ** 2 * torch.special.legendre_polynomial_p(sin_lat, 2))
(acc,) = torch.autograd.grad(U, pos)
print("acceleration km/s^2:", acc)
print("radial part vs point mass:", f"{(acc @ pos / r).item():.8f}",
      f"{(-mu_e / r**2).item():.8f}")
