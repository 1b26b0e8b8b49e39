import torch  # noqa: I001 (the harness requires torch first)

# Three textbook PDE computations in float64, as a physics student writes them: the quantum
# harmonic oscillator's eigenstates from linalg.eigh of a finite-difference Hamiltonian (sparse
# tridiagonal built with diag offsets, eigh on a batch of frequencies, eigvalsh with UPLO=),
# the 2-D heat equation by a conv2d Laplacian stencil under each boundary padding
# (F.pad circular / reflect / replicate / constant, and conv2d's own padding_mode), and a
# periodic Poisson equation solved spectrally with fftn / ifftn, fftfreq, fftshift and rfftn.
import math

import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)

# --- quantum harmonic oscillator: -1/2 psi'' + 1/2 w^2 x^2 psi = E psi
n, L = 201, 10.0
x = torch.linspace(-L, L, n)
h = (x[1] - x[0]).item()
main = 1.0 / h ** 2 + 0.5 * x ** 2
off = torch.full((n - 1,), -0.5 / h ** 2)
H = torch.diag(main) + torch.diag(off, 1) + torch.diag(off, -1)
E, psi = torch.linalg.eigh(H)
print("lowest energies", E[:6])
print("spacing", torch.diff(E[:6]))
print("symmetric", torch.equal(H, H.mT), "eigenvalue dtype", E.dtype, psi.shape)
ground = psi[:, 0] / math.sqrt(h)
ground = ground * torch.sign(ground[n // 2])
exact = math.pi ** -0.25 * torch.exp(-x ** 2 / 2)
print("ground-state error", f"{(ground - exact).abs().max().item():.3e}")
print("normalised", f"{torch.trapezoid(ground ** 2, x).item():.10f}")
x2 = torch.stack([torch.trapezoid(psi[:, k] ** 2 / h * x ** 2, x) for k in range(4)])
print("<x^2>", x2, "virial", x2 / (E[:4]))
parity = torch.stack([(psi[:, k] * psi.flip(0)[:, k]).sum() for k in range(6)])
print("parity", parity.round())
print("eigvalsh L/U", torch.allclose(torch.linalg.eigvalsh(torch.triu(H), UPLO="U"), E),
      torch.allclose(torch.linalg.eigvalsh(torch.tril(H), UPLO="L"), E))
omegas = torch.tensor([0.5, 1.0, 2.0])
Hb = torch.diag_embed(1.0 / h ** 2 + 0.5 * omegas[:, None] ** 2 * x ** 2) + \
    torch.diag_embed(off, 1) + torch.diag_embed(off, -1)
Eb = torch.linalg.eigvalsh(Hb)
print("batched ground energies", Eb[:, 0], "ratios", Eb[:, 1] / Eb[:, 0])
# perturbation theory: gradient of the ground energy with respect to a quartic coupling
lam = torch.tensor(0.0, requires_grad=True)
E0 = torch.linalg.eigvalsh(H + lam * torch.diag(x ** 4))[0]
(dE,) = torch.autograd.grad(E0, lam)
print("dE0/dlambda", f"{dE.item():.6f}", "exact 3/4")
# time evolution of a displaced Gaussian through the eigenbasis (complex128)
packet = math.pi ** -0.25 * torch.exp(-(x - 2) ** 2 / 2) * math.sqrt(h)
coeff = psi.T @ packet
for t in (0.0, math.pi / 2, math.pi):
    phase = torch.exp(-1j * E * t)
    state = psi.to(torch.complex128) @ (phase * coeff)
    mean_x = (state.abs() ** 2 * x).sum()
    print(f"t {t:.4f} <x> {mean_x.item():.6f} norm {state.norm().item():.10f}", state.dtype)

# --- heat equation with a 5-point stencil under each boundary condition
stencil = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]).view(1, 1, 3, 3)
u0 = torch.zeros(1, 1, 12, 12)
u0[..., 2:5, 3:7] = 1.0
u0[..., 9, 10] = 4.0
alpha = 0.2
for mode in ("circular", "reflect", "replicate", "constant"):
    u = u0.clone()
    for step in range(50):
        padded = F.pad(u, (1, 1, 1, 1), mode=mode)
        u = u + alpha * F.conv2d(padded, stencil)
    print(f"heat {mode:9s} total {u.sum().item():.10f} max {u.max().item():.8f}",
          f"min {u.min().item():.3e} corner {u[0, 0, 0, 0].item():.8f}")
circ = u0.clone()
for step in range(50):
    circ = circ + alpha * (
        torch.roll(circ, 1, -1) + torch.roll(circ, -1, -1) + torch.roll(circ, 1, -2)
        + torch.roll(circ, -1, -2) - 4 * circ)
conv = torch.nn.Conv2d(1, 1, 3, padding=1, padding_mode="circular", bias=False)
with torch.no_grad():
    conv.weight.copy_(stencil)
    v = u0.clone()
    for step in range(50):
        v = v + alpha * conv(v)
print("roll == circular conv", torch.allclose(circ, v), conv)
for mode in ("reflect", "replicate", "circular"):
    print(mode, F.pad(torch.arange(6.0).view(1, 1, 2, 3), (2, 1, 1, 0), mode=mode))
print("pad 1d reflect", F.pad(torch.arange(5.0).view(1, 1, 5), (3, 2), mode="reflect"))
print("pad 3d replicate", F.pad(torch.arange(8.0).view(1, 1, 2, 2, 2), (1, 0, 0, 1, 1, 0),
                                mode="replicate"))
print("pad constant value", F.pad(torch.ones(2, 2), (1, 1), value=-3.5))
print("pad negative crops", F.pad(torch.arange(16.0).view(1, 1, 4, 4), (-1, 0, 0, -2)))
try:
    F.pad(torch.arange(6.0).view(1, 1, 2, 3), (3, 3, 0, 0), mode="reflect")
except RuntimeError as error:
    print("reflect too wide:", error)
ug = u0.clone().requires_grad_()
F.pad(ug, (1, 1, 1, 1), mode="reflect").pow(2).sum().backward()
print("reflect pad grad rows", ug.grad[0, 0, 1:4])
print("gradcheck pads", [torch.autograd.gradcheck(
    lambda t, m=m: F.pad(t, (2, 1, 1, 2), mode=m), (torch.rand(1, 2, 4, 5, requires_grad=True),))
    for m in ("circular", "reflect", "replicate")])

# --- periodic Poisson: laplacian(phi) = rho on [0, 2 pi)^2 via FFT
m = 32
grid = torch.arange(m) * (2 * math.pi / m)
X, Y = torch.meshgrid(grid, grid, indexing="ij")
phi_exact = torch.sin(X) * torch.cos(2 * Y) + 0.5 * torch.cos(3 * X)
rho = -5 * torch.sin(X) * torch.cos(2 * Y) - 4.5 * torch.cos(3 * X)
k = torch.fft.fftfreq(m, d=1 / m)
KX, KY = torch.meshgrid(k, k, indexing="ij")
K2 = KX ** 2 + KY ** 2
rho_hat = torch.fft.fftn(rho)
phi_hat = torch.where(K2 > 0, -rho_hat / torch.where(K2 > 0, K2, torch.ones_like(K2)), 0)
phi = torch.fft.ifftn(phi_hat).real
print("poisson error small", (phi - phi_exact).abs().max().item() < 1e-12, phi_hat.dtype)
print("fftfreq", k[:5], k[-3:], torch.fft.fftshift(k)[:4])
print("fftshift 2d corner", torch.fft.fftshift(K2)[m // 2, m // 2 - 2:m // 2 + 3])
print("ifftshift inverse", torch.equal(torch.fft.ifftshift(torch.fft.fftshift(K2)), K2))
power = torch.fft.fftshift(rho_hat.abs() ** 2)
peaks = torch.nonzero(power > 1e3)
print("spectral peaks", peaks.tolist())
rho_r = torch.fft.rfftn(rho)
print("rfftn shape", rho_r.shape, torch.allclose(rho_r, rho_hat[:, : m // 2 + 1]))
kr = torch.fft.rfftfreq(m, d=1 / m)
K2r = k[:, None] ** 2 + kr[None, :] ** 2
phi_r = torch.fft.irfftn(torch.where(K2r > 0, -rho_r / K2r.clamp(min=1e-30), 0), s=(m, m))
print("irfftn == ifftn", torch.allclose(phi_r, phi), "norms",
      torch.fft.fftn(rho, norm="ortho").abs().max(),
      torch.fft.fftn(rho, norm="forward").abs().max())
print("fftn dims", torch.fft.fftn(rho, dim=(0,)).shape, torch.fft.fftn(rho, s=(8, 8)).shape)
rho_g = rho.clone().requires_grad_()
torch.fft.ifftn(-torch.fft.fftn(rho_g) / K2.clamp(min=1)).real.pow(2).sum().backward()
print("spectral grad norm", f"{rho_g.grad.norm().item():.8f}")
