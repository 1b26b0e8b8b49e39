import torch

import math

# Data-driven dynamics the way the Brunton & Kutz book codes port to torch: exact DMD of a
# travelling-wave field, Hankel (time-delay) DMD of one signal, EDMD with a polynomial
# dictionary (Koopman eigenfunctions of a system with a known slow manifold), optimised DMD
# by gradient descent on complex eigenvalues, and a Kuramoto network's synchronisation.
torch.manual_seed(0)
torch.set_printoptions(precision=5)
dtype = torch.float64

def sort_complex(z):
    # a fixed order for printing: by imaginary part, then real part
    key = z.imag.round(decimals=8) * 1e3 + z.real
    return z[torch.argsort(key)]

# --- 1. exact DMD of two superposed spatio-temporal modes -------------------------------------
x = torch.linspace(-10, 10, 80, dtype=dtype)
t = torch.linspace(0, 4 * math.pi, 60, dtype=dtype)
dt = (t[1] - t[0]).item()
Xg, Tg = torch.meshgrid(x, t, indexing="ij")
f1 = (1 / torch.cosh(Xg + 3)) * torch.exp(2.3j * Tg)
f2 = 2 / torch.cosh(Xg) * torch.tanh(Xg) * torch.exp(2.8j * Tg)
F = f1 + f2
print("data:", F.shape, F.dtype)
X1, X2 = F[:, :-1], F[:, 1:]
U, S, Vh = torch.linalg.svd(X1, full_matrices=False)
print("leading singular values:", S[:2], "| the rest below 1e-12:", bool((S[2:] < 1e-12).all()))
energy = torch.cumsum(S ** 2, 0) / (S ** 2).sum()
r = int((energy < 1 - 1e-10).sum().item()) + 1
print("rank kept:", r)
U, S, V = U[:, :r], S[:r], Vh[:r].mH
Atilde = U.mH @ X2 @ V @ torch.diag(1 / S).to(F.dtype)
lam, W = torch.linalg.eig(Atilde)
omega = torch.log(lam) / dt
omega_sorted = sort_complex(omega)
print("continuous-time frequencies:", omega_sorted.imag, "| growth rates ~ 0:",
      omega_sorted.real.abs().max().item() < 1e-12)
Phi = X2 @ V @ torch.diag(1 / S).to(F.dtype) @ W
b = torch.linalg.lstsq(Phi, F[:, 0:1]).solution.squeeze(1)
recon = Phi @ (b[:, None] * torch.exp(omega[:, None] * t[None, :]))
print("reconstruction relative error < 1e-12:", ((recon - F).norm() / F.norm()).item() < 1e-12)
print("mode amplitudes |b| sorted:", torch.sort(b.abs()).values)
print("unit-circle eigenvalues:", torch.allclose(lam.abs(), torch.ones(r, dtype=dtype)))

# --- 2. Hankel DMD: frequencies and damping of one noisy scalar signal ------------------------
gen = torch.Generator().manual_seed(1)
ts = torch.arange(200, dtype=dtype) * 0.05
signal = (torch.exp(-0.1 * ts) * torch.cos(3.0 * ts)
          + 0.5 * torch.exp(-0.3 * ts) * torch.sin(7.0 * ts))
noisy = signal + 1e-4 * torch.randn(200, dtype=dtype, generator=gen)
delays = 20
H = noisy.unfold(0, 200 - delays + 1, 1)  # delays x (columns) Hankel matrix
print("Hankel matrix:", H.shape, "| a view of the signal:", H.data_ptr() == noisy.data_ptr())
U, S, Vh = torch.linalg.svd(H[:, :-1], full_matrices=False)
print("singular values (4 strong, rest noise):", S[:6])
U4, S4, V4 = U[:, :4], S[:4], Vh[:4].T
Ah = U4.T @ H[:, 1:] @ V4 / S4
ev = torch.linalg.eigvals(Ah)
cont = torch.log(ev) / 0.05
cont = sort_complex(cont)
print("recovered growth rates:", cont.real)
print("recovered frequencies:", cont.imag)

# --- 3. EDMD with a polynomial dictionary: the Koopman eigenvalues are exp(mu dt), exp(lam dt)
mu, lam_ = -0.05, -1.0
def flow(z, dt=0.1):
    # exact time-dt map of x' = mu x, y' = lam (y - x^2)
    x0, y0 = z[:, 0], z[:, 1]
    b_ = lam_ / (lam_ - 2 * mu)
    x1 = x0 * math.exp(mu * dt)
    y1 = (y0 - b_ * x0 ** 2) * math.exp(lam_ * dt) + b_ * x1 ** 2
    return torch.stack([x1, y1], 1)
pts = 2 * torch.rand(400, 2, dtype=dtype, generator=gen) - 1
nxt = flow(pts)
def dictionary(z):
    x0, y0 = z[:, 0], z[:, 1]
    # closed under the flow: the span of {1, x, y, x^2} maps into itself
    return torch.stack([torch.ones_like(x0), x0, y0, x0 ** 2], 1)
Psi0, Psi1 = dictionary(pts), dictionary(nxt)
K = torch.linalg.lstsq(Psi0, Psi1).solution
kev = torch.linalg.eigvals(K)
kev_sorted = torch.sort(kev.real, descending=True).values
print("EDMD Koopman eigenvalues:", kev_sorted)
expected = torch.tensor([1.0, math.exp(mu * 0.1), math.exp(2 * mu * 0.1), math.exp(lam_ * 0.1)],
                        dtype=dtype)
print("match exp(eigs * dt):",
      torch.allclose(kev_sorted, torch.sort(expected, descending=True).values))
print("imaginary parts vanish:", kev.imag.abs().max().item() < 1e-8)
print("lstsq residual ~ 0:", (Psi0 @ K - Psi1).abs().max().item() < 1e-10)

# --- 4. optimised DMD: fit complex exponentials by gradient descent (Wirtinger gradients) ---------
tt = torch.linspace(0, 3, 40, dtype=dtype)
target = (1.5 * torch.exp((-0.2 + 2.0j) * tt) + (0.5 - 0.3j) * torch.exp((-0.5 - 4.0j) * tt))
alpha = torch.tensor([-0.1 + 1.8j, -0.4 - 3.8j], dtype=torch.complex128, requires_grad=True)
def amplitudes(alpha):
    Vm = torch.exp(alpha[None, :] * tt[:, None])
    return torch.linalg.lstsq(Vm, target[:, None]).solution.squeeze(1), Vm
opt = torch.optim.Adam([alpha], lr=0.02)
for it in range(200):
    opt.zero_grad()
    amp, Vm = amplitudes(alpha)
    loss = (Vm @ amp - target).abs().pow(2).sum()
    loss.backward()
    opt.step()
    if it % 50 == 0:
        print("iter %3d loss %.6e grad dtype %s" % (it, loss.item(), alpha.grad.dtype))
print("fitted exponents:", alpha.detach())
amp, _ = amplitudes(alpha.detach())
print("fitted amplitudes:", amp)

# --- 5. Kuramoto oscillators: the order parameter and the critical coupling -------------------
n = 64
omega_i = torch.randn(n, dtype=dtype, generator=gen) * 0.5
theta0 = 2 * math.pi * torch.rand(n, dtype=dtype, generator=gen)
def kuramoto_rhs(theta, coupling):
    z = torch.exp(1j * theta).mean()
    return omega_i + coupling * z.abs() * torch.sin(torch.angle(z) - theta)
def simulate(coupling, steps=300, h=0.05):
    theta = theta0.clone()
    for _ in range(steps):
        k1 = kuramoto_rhs(theta, coupling)
        k2 = kuramoto_rhs(theta + 0.5 * h * k1, coupling)
        k3 = kuramoto_rhs(theta + 0.5 * h * k2, coupling)
        k4 = kuramoto_rhs(theta + h * k3, coupling)
        theta = theta + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return theta
print("initial order parameter r = %.5f" % torch.exp(1j * theta0).mean().abs().item())
for coupling in (0.2, 0.8, 2.0):
    th = simulate(coupling)
    z = torch.polar(torch.ones(n, dtype=dtype), th).mean()
    locked = (kuramoto_rhs(th, coupling) - kuramoto_rhs(th, coupling).mean()).abs() < 1e-3
    print("K = %.1f: r = %.5f, psi = %.5f, phase-locked oscillators %d"
          % (coupling, z.abs().item(), z.angle().item(), int(locked.sum())))
# gradient of the final order parameter with respect to the coupling (through 300 RK4 steps)
kc = torch.tensor(1.0, dtype=dtype, requires_grad=True)
r_final = torch.exp(1j * simulate(kc, steps=150)).mean().abs()
r_final.backward()
print("r(K=1) = %.6f, dr/dK = %.6f" % (r_final.item(), kc.grad.item()))
