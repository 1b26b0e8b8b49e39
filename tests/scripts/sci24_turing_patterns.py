import torch

# Pattern formation in reaction-diffusion systems, as a mathematical biologist explores it in
# float64: the Turing instability of the Schnakenberg model from the eigenvalues of the
# linearised operator at every wavenumber at once (batched linalg.eigvals, complex output, the
# band of unstable modes and the fastest-growing wavelength), the eigenvalue derivative with
# respect to the diffusion ratio by autograd through eigvals, Gray-Scott spots grown with a
# conv2d Laplacian under circular padding, a pseudo-spectral semi-implicit scheme with rfft2 and
# the radially averaged power spectrum (bincount over integer wavenumber shells), and a 1-D
# Brusselator whose pattern wavelength is read off the FFT peak against the linear prediction.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64

print("== Turing analysis of the Schnakenberg model ==")
a, b = 0.1, 0.9
u0, v0 = a + b, b / (a + b) ** 2
J = torch.tensor([[-1 + 2 * u0 * v0, u0**2], [-2 * u0 * v0, -(u0**2)]], dtype=dt)
print("steady state", round(u0, 6), round(v0, 6))
print("Jacobian", J, "trace", J.trace().item() < 0, "det", J.det().item() > 0)
d = torch.tensor(40.0, dtype=dt, requires_grad=True)
k = torch.linspace(0, 2, 81, dtype=dt)
Dm = torch.stack([torch.ones((), dtype=dt), d])
A = J - torch.diag_embed(Dm * 1.0)[None] * (k**2)[:, None, None]
ev = torch.linalg.eigvals(A)
print(ev.dtype, ev.shape)
growth = ev.real.max(-1).values
unstable = k[growth > 0]
print("unstable band", round(unstable.min().item(), 4), round(unstable.max().item(), 4))
kmax = k[growth.argmax()]
print("fastest mode k", round(kmax.item(), 4), "wavelength", round((2 * torch.pi / kmax).item(), 4),
      "growth", round(growth.max().item(), 6))
print("complex pairs at k=0", ev[0])
(g,) = torch.autograd.grad(growth.max(), d)
print("d(growth)/d(diffusion ratio)", round(g.item(), 8))
dc = []
for dd in [5.0, 8.0, 9.0, 30.0]:
    Ad = J - torch.diag(torch.tensor([1.0, dd], dtype=dt))[None] * (k**2)[:, None, None]
    dc.append(torch.linalg.eigvals(Ad).real.max().item() > 0)
print("Turing unstable for d in 5, 8, 9, 30:", dc)
# the critical ratio solves (d J11 + J22)^2 = 4 d det J
coef = torch.stack([J[0, 0] ** 2, 2 * J[0, 0] * J[1, 1] - 4 * J.det(), J[1, 1] ** 2])
disc = coef[1] ** 2 - 4 * coef[0] * coef[2]
d_crit = (-coef[1] + disc.sqrt()) / (2 * coef[0])
print("critical diffusion ratio", round(d_crit.item(), 6))

print("== Gray-Scott spots ==")
gen = torch.Generator().manual_seed(5)
n = 48
U = torch.ones(1, 1, n, n, dtype=dt)
V = torch.zeros(1, 1, n, n, dtype=dt)
U[..., 20:28, 20:28] = 0.5
V[..., 20:28, 20:28] = 0.25
U += 0.02 * torch.rand(U.shape, generator=gen, dtype=dt)
V += 0.02 * torch.rand(V.shape, generator=gen, dtype=dt)
lap = torch.tensor([[0.05, 0.2, 0.05], [0.2, -1.0, 0.2], [0.05, 0.2, 0.05]], dtype=dt)[None, None]


def laplacian(Z):
    return torch.nn.functional.conv2d(torch.nn.functional.pad(Z, (1, 1, 1, 1), mode="circular"), lap)


Du, Dv, F, kill = 0.16, 0.08, 0.035, 0.065
for step in range(1, 601):
    UVV = U * V * V
    U = U + Du * laplacian(U) - UVV + F * (1 - U)
    V = V + Dv * laplacian(V) + UVV - (F + kill) * V
    if step % 150 == 0:
        print(f"  step {step} mean U {U.mean().item():.6f} mean V {V.mean().item():.6f} "
              f"max V {V.max().item():.6f}")
spots = (V[0, 0] > 0.2)
print("cells above 0.2", spots.sum().item(), "bounds", U.min().item() > 0, V.min().item() >= 0)

print("== semi-implicit spectral Schnakenberg ==")
m, Lbox, tau = 64, 60.0, 0.05
kx = 2 * torch.pi * torch.fft.fftfreq(m, d=Lbox / m, dtype=dt)
ky = 2 * torch.pi * torch.fft.rfftfreq(m, d=Lbox / m, dtype=dt)
K2 = kx[:, None] ** 2 + ky[None, :] ** 2
u = u0 + 0.01 * torch.randn(m, m, generator=gen, dtype=dt)
v = v0 + 0.01 * torch.randn(m, m, generator=gen, dtype=dt)
dv = d.detach().item()
for step in range(400):
    fu = a - u + u * u * v
    fv = b - u * u * v
    u = torch.fft.irfft2((torch.fft.rfft2(u) + tau * torch.fft.rfft2(fu)) / (1 + tau * K2), s=(m, m))
    v = torch.fft.irfft2((torch.fft.rfft2(v) + tau * torch.fft.rfft2(fv)) / (1 + tau * dv * K2), s=(m, m))
print("u range", round(u.min().item(), 5), round(u.max().item(), 5), "mean", round(u.mean().item(), 6))
P = torch.fft.fft2(u - u.mean()).abs() ** 2
kxf = torch.fft.fftfreq(m, dtype=dt) * m
shell = (kxf[:, None] ** 2 + kxf[None, :] ** 2).sqrt().round().long()
radial = torch.bincount(shell.flatten(), weights=P.flatten()) / torch.bincount(shell.flatten())
peak_shell = radial[1:m // 2].argmax() + 1
print("radial spectrum peak at shell", peak_shell.item(), "wavelength",
      round(Lbox / peak_shell.item(), 4), "predicted", round((2 * torch.pi / kmax).item(), 4))

print("== 1-D Brusselator ==")
A_, B_ = 2.0, 4.5
Du1, Dv1 = 1.0, 8.0
n1, L1, h1 = 128, 64.0, 0.01
x = torch.linspace(0, L1, n1 + 1, dtype=dt)[:-1]
dx = L1 / n1
p = A_ + 0.01 * torch.randn(n1, generator=gen, dtype=dt)
q = B_ / A_ + 0.01 * torch.randn(n1, generator=gen, dtype=dt)
for step in range(2000):
    lp = (p.roll(1) - 2 * p + p.roll(-1)) / dx**2
    lq = (q.roll(1) - 2 * q + q.roll(-1)) / dx**2
    p, q = (p + h1 * (Du1 * lp + A_ - (B_ + 1) * p + p * p * q),
            q + h1 * (Dv1 * lq + B_ * p - p * p * q))
spectrum = torch.fft.rfft(p - p.mean()).abs()
mode = spectrum[1:].argmax() + 1
kb = torch.linspace(0.01, 2, 400, dtype=dt)
Jb = torch.tensor([[B_ - 1, A_**2], [-B_, -(A_**2)]], dtype=dt)
Ab = Jb - torch.diag(torch.tensor([Du1, Dv1], dtype=dt))[None] * (kb**2)[:, None, None]
kfast = kb[torch.linalg.eigvals(Ab).real.max(-1).values.argmax()]
print("amplitude", round((p.max() - p.min()).item(), 5), "FFT mode", mode.item(), "wavelength",
      round(L1 / mode.item(), 4), "linear prediction", round((2 * torch.pi / kfast).item(), 4))
