import torch

# Computational electromagnetics by the finite-difference time-domain method (Yee's staggered
# grid), as a photonics student writes it in float64: a 1-D Gaussian pulse meeting a dielectric
# slab with Mur absorbing boundaries (in-place slice updates), the reflection and transmission
# spectra from rfft of probe signals against the Fabry-Perot formulas (complex arithmetic), energy
# bookkeeping, the resonances of a 2-D rectangular cavity with conducting walls from the FFT of a
# probe (peaks by argmax in windows) against f = c/2 sqrt((m/a)^2 + (n/b)^2), and an inverse
# design: the slab permittivity fitted by gradient descent through a functional (torch.cat)
# time-stepping loop, its autograd gradient checked against a finite difference.
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
S = 0.5  # Courant number c dt / dx


def run_1d(eps, steps, src=20, probes=(10, None), record=True):
    n = len(eps)
    Ez = torch.zeros(n, dtype=dt)
    Hy = torch.zeros(n - 1, dtype=dt)
    left_prev = torch.zeros(2, dtype=dt)
    right_prev = torch.zeros(2, dtype=dt)
    mur = (S - 1) / (S + 1)
    sig_r, sig_t = [], []
    t = torch.arange(steps, dtype=dt)
    pulse = torch.exp(-(((t - 40) / 12) ** 2))
    for k in range(steps):
        Hy += S * (Ez[1:] - Ez[:-1])
        Ez[1:-1] += S / eps[1:-1] * (Hy[1:] - Hy[:-1])
        Ez[src] += pulse[k]
        Ez[0] = left_prev[1] + mur * (Ez[1] - left_prev[0])
        Ez[-1] = right_prev[0] + mur * (Ez[-2] - right_prev[1])
        left_prev = Ez[:2].clone()
        right_prev = Ez[-2:].clone()
        if record:
            sig_r.append(Ez[probes[0]].clone())
            sig_t.append(Ez[probes[1] if probes[1] is not None else -10].clone())
    return Ez, Hy, torch.stack(sig_r) if record else None, torch.stack(sig_t) if record else None


print("== 1-D pulse through a dielectric slab ==")
N, steps = 400, 1400
vacuum = torch.ones(N, dtype=dt)
slab = vacuum.clone()
slab[200:230] = 4.0  # refractive index 2, thickness 30 cells
_, _, inc_r, inc_t = run_1d(vacuum, steps, probes=(30, 300))
Ez, Hy, ref_r, ref_t = run_1d(slab, steps, probes=(30, 300))
reflected = ref_r - inc_r
print("peak incident", round(inc_t.max().item(), 6), "peak transmitted", round(ref_t.max().item(), 6),
      "peak reflected", round(reflected.min().item(), 6))
print("fields left after absorption", f"{Ez.abs().max().item():.2e}")
Finc = torch.fft.rfft(inc_t)
Fref = torch.fft.rfft(reflected)
Ftr = torch.fft.rfft(ref_t)
freqs = torch.fft.rfftfreq(steps)  # cycles per time step
band = (freqs > 0.002) & (freqs < 0.03)
R = (Fref.abs() / Finc.abs())[band] ** 2
T = (Ftr.abs() / Finc.abs())[band] ** 2
print("R + T stays one", round((R + T).min().item(), 3), round((R + T).max().item(), 3))
# Fabry-Perot: a slab of index n and thickness d, vacuum wavelength lambda = dx / (S f)
n_idx, d = 2.0, 30
lam = 1 / (freqs[band] / S)
delta = 2 * torch.pi * n_idx * d / lam
r12 = (1 - n_idx) / (1 + n_idx)
phase = torch.exp(2j * delta)
r_fp = r12 * (1 - phase) / (1 - r12**2 * phase)
R_fp = r_fp.abs() ** 2
print("samples", band.sum().item(), "max |R - R_FabryPerot|", round((R - R_fp).abs().max().item(), 3))
for i in range(0, int(band.sum()), 12):
    print(f"  f {freqs[band][i].item():.5f} R {R[i].item():.4f} FP {R_fp[i].item():.4f}")

print("== 2-D cavity modes ==")
nx, ny, steps2 = 30, 20, 1024
Ez2 = torch.zeros(nx, ny, dtype=dt)
Hx = torch.zeros(nx, ny - 1, dtype=dt)
Hy2 = torch.zeros(nx - 1, ny, dtype=dt)
S2 = 0.5
probe = []
gen = torch.Generator().manual_seed(0)
Ez2[1:-1, 1:-1] = torch.randn(nx - 2, ny - 2, generator=gen, dtype=dt)
for k in range(steps2):
    Hx -= S2 * (Ez2[:, 1:] - Ez2[:, :-1])
    Hy2 += S2 * (Ez2[1:, :] - Ez2[:-1, :])
    Ez2[1:-1, 1:-1] += S2 * ((Hy2[1:, 1:-1] - Hy2[:-1, 1:-1]) - (Hx[1:-1, 1:] - Hx[1:-1, :-1]))
    probe.append(Ez2[7, 5].item())
spec = torch.fft.rfft(torch.tensor(probe, dtype=dt) * torch.hann_window(steps2, dtype=dt)).abs()
f2 = torch.fft.rfftfreq(steps2)
a, b = nx - 1, ny - 1
m, n = torch.meshgrid(torch.arange(1, 4), torch.arange(1, 3), indexing="ij")
# the discrete dispersion relation of the Yee grid (continuum c/2 sqrt(...) for comparison)
kx, ky = torch.pi * m / a, torch.pi * n / b
f_yee = torch.asin(S2 * torch.sqrt(torch.sin(kx / 2) ** 2 + torch.sin(ky / 2) ** 2)) / torch.pi
f_cont = S2 / 2 * torch.sqrt((m / a) ** 2 + (n / b) ** 2)
for fy, fc, mm, nn in zip(f_yee.flatten(), f_cont.flatten(), m.flatten(), n.flatten()):
    lo = int((fy * steps2).round()) - 2
    k = spec[lo:lo + 5].argmax() + lo
    print(f"  mode ({mm.item()},{nn.item()}) Yee {fy.item():.5f} continuum {fc.item():.5f} "
          f"FFT peak {f2[k].item():.5f}")

print("== inverse design of a slab ==")


def simulate(eps_slab, n=120, steps=260):
    eps = torch.cat([torch.ones(50, dtype=dt), eps_slab.expand(12), torch.ones(n - 62, dtype=dt)])
    Ez = torch.zeros(n, dtype=dt)
    Hy = torch.zeros(n - 1, dtype=dt)
    t = torch.arange(steps, dtype=dt)
    pulse = torch.exp(-(((t - 30) / 8) ** 2))
    energy_right = torch.zeros((), dtype=dt)
    for k in range(steps):
        Hy = Hy + S * (Ez[1:] - Ez[:-1])
        inner = Ez[1:-1] + S / eps[1:-1] * (Hy[1:] - Hy[:-1])
        inner = inner + torch.nn.functional.one_hot(torch.tensor(19), n - 2).to(dt) * pulse[k]
        Ez = torch.cat([Ez[1:2] * 0, inner, Ez[-2:-1] * 0])
        energy_right = energy_right + Ez[90] ** 2
    return energy_right


target = simulate(torch.tensor(2.5, dtype=dt)).detach()
print("target transmitted energy", round(target.item(), 8))
eps_p = torch.tensor(6.0, dtype=dt, requires_grad=True)
loss = (simulate(eps_p) - target) ** 2
(g,) = torch.autograd.grad(loss, eps_p)
h = 1e-5
with torch.no_grad():
    fd = ((simulate(eps_p + h) - target) ** 2 - (simulate(eps_p - h) - target) ** 2) / (2 * h)
print("gradient", f"{g.item():.6e}", "finite difference", f"{fd.item():.6e}",
      "agree", abs(g - fd).item() < 1e-6 * abs(fd).item())
