import torch  # noqa: I001 (the harness requires torch first)

# Statistical physics as a computational physicist writes it with torch: Lennard-Jones molecular
# dynamics in a periodic box (minimum-image displacements with remainder/round, neighbour lists
# by cdist + topk, forces from autograd.grad, velocity Verlet, kinetic temperature, a radial
# distribution histogram), a checkerboard Metropolis Ising model driven by a seeded
# torch.Generator with roll-based neighbour sums (magnetisation and energy per site), and a
# D2Q9 lattice Boltzmann shear-wave decay with streaming by torch.roll over (dx, dy) shifts.
import math

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(2024)

# --- Lennard-Jones particles on a perturbed cubic lattice
n_side, box = 3, 4.2
grid = torch.arange(n_side, dtype=torch.float64) * (box / n_side)
pos = torch.cartesian_prod(grid, grid, grid)
pos = pos + 0.05 * torch.randn(pos.shape, generator=gen)
pos = torch.remainder(pos, box)
N = pos.shape[0]
vel = 0.3 * torch.randn(N, 3, generator=gen)
vel = vel - vel.mean(0, keepdim=True)
print("N", N, "box", box, "com velocity", vel.sum(0).abs().max().item() < 1e-12)


def minimum_image(delta):
    return delta - box * torch.round(delta / box)


def lj_energy(x, cutoff=2.0):
    delta = minimum_image(x[:, None, :] - x[None, :, :])
    r2 = (delta ** 2).sum(-1)
    mask = torch.triu(torch.ones(N, N, dtype=torch.bool), diagonal=1) & (r2 < cutoff ** 2)
    inv6 = torch.where(mask, 1.0 / r2.masked_fill(~mask, 1.0) ** 3, torch.zeros_like(r2))
    return (4 * (inv6 ** 2 - inv6)).sum()


def forces(x):
    x = x.detach().requires_grad_()
    energy = lj_energy(x)
    (grad,) = torch.autograd.grad(energy, x)
    return -grad, energy.detach()


f, U = forces(pos)
print("U0", f"{U.item():.8f}", "net force", f.sum(0).abs().max().item() < 1e-10)
dt = 0.002
for step in range(60):
    vel = vel + 0.5 * dt * f
    pos = torch.remainder(pos + dt * vel, box)
    f, U = forces(pos)
    vel = vel + 0.5 * dt * f
    if step % 15 == 0:
        K = 0.5 * (vel ** 2).sum()
        T = 2 * K / (3 * (N - 1))
        print(f"md {step:2d} U {U.item():.8f} K {K.item():.8f} E {(U + K).item():.8f}",
              f"T {T.item():.6f}")
print("inside box", bool(((pos >= 0) & (pos < box)).all()))

# neighbour lists: cdist on unwrapped-by-minimum-image distances, k nearest with topk
delta = minimum_image(pos[:, None, :] - pos[None, :, :])
dist = delta.norm(dim=-1)
plain = torch.cdist(pos, pos)
print("cdist >= minimum image", bool((plain >= dist - 1e-12).all()),
      "diag", f"{plain.diagonal().abs().max().item():.6e}")
knn_d, knn_i = torch.topk(dist + torch.eye(N) * 1e9, k=4, dim=1, largest=False)
print("knn of 0", knn_i[0].tolist(), [round(v, 6) for v in knn_d[0].tolist()])
print("knn sorted", bool((knn_d[:, 1:] >= knn_d[:, :-1]).all()), knn_i.dtype)
nearest = knn_d[:, 0]
print("nearest neighbour mean/min", f"{nearest.mean().item():.6f}", f"{nearest.min().item():.6f}")
print("cdist p=1 / inf", torch.cdist(pos[:3], pos[3:6], p=1),
      torch.cdist(pos[:3], pos[3:6], p=float("inf")))
pairs = dist[torch.triu_indices(N, N, offset=1).unbind()]
hist = torch.histc(pairs, bins=10, min=0.0, max=box / 2)
edges = torch.linspace(0, box / 2, 11)
shell = 4 / 3 * math.pi * (edges[1:] ** 3 - edges[:-1] ** 3)
g_r = hist / shell / (N * (N - 1) / 2 / box ** 3)
print("g(r)", g_r)
counts, bin_edges = torch.histogram(pairs, bins=5, range=(0.5, 2.1))
print("histogram", counts, bin_edges)

# --- 2-D Ising model, checkerboard Metropolis with a seeded Generator
L = 16
gen = torch.Generator().manual_seed(7)
spins = torch.where(torch.rand(L, L, generator=gen) < 0.5, -1, 1).to(torch.int8)
print("spins", spins.dtype, spins.sum().item())
ii, jj = torch.meshgrid(torch.arange(L), torch.arange(L), indexing="ij")
checker = (ii + jj) % 2 == 0


def neighbour_sum(s):
    return (torch.roll(s, 1, 0) + torch.roll(s, -1, 0) + torch.roll(s, 1, 1) + torch.roll(s, -1, 1))


def energy_per_site(s):
    s = s.double()
    return (-(s * torch.roll(s, 1, 0)).sum() - (s * torch.roll(s, 1, 1)).sum()) / s.numel()


for beta in (0.2, 0.44, 0.8):
    s = spins.clone()
    for sweep in range(40):
        for colour in (checker, ~checker):
            dE = 2 * s.double() * neighbour_sum(s).double()
            accept = torch.rand(L, L, generator=gen) < torch.exp(-beta * dE)
            s = torch.where(accept & colour, -s, s)
    m = s.double().mean().abs()
    print(f"ising beta {beta} |m| {m.item():.6f} e {energy_per_site(s).item():.6f}", s.dtype)
print("roll tuple", torch.roll(torch.arange(12).reshape(3, 4), shifts=(1, -1), dims=(0, 1)))
print("roll flat", torch.roll(torch.arange(6), 2), torch.roll(torch.arange(6).reshape(2, 3), 1))

# --- D2Q9 lattice Boltzmann: decay of a shear wave
nx, ny, tau = 24, 12, 0.8
e = torch.tensor([[0, 0], [1, 0], [0, 1], [-1, 0], [0, -1], [1, 1], [-1, 1], [-1, -1], [1, -1]])
w = torch.tensor([4 / 9] + [1 / 9] * 4 + [1 / 36] * 4)
y = torch.arange(ny, dtype=torch.float64)
u0 = 0.05
ux = u0 * torch.sin(2 * math.pi * y / ny).expand(nx, ny).clone()
uy = torch.zeros(nx, ny)
rho = torch.ones(nx, ny)


def equilibrium(rho, ux, uy):
    eu = e[:, 0, None, None] * ux + e[:, 1, None, None] * uy
    usq = ux ** 2 + uy ** 2
    return w[:, None, None] * rho * (1 + 3 * eu + 4.5 * eu ** 2 - 1.5 * usq)


fi = equilibrium(rho, ux, uy)
nu = (tau - 0.5) / 3
for t in range(1, 101):
    rho = fi.sum(0)
    ux = (fi * e[:, 0, None, None]).sum(0) / rho
    uy = (fi * e[:, 1, None, None]).sum(0) / rho
    fi = fi - (fi - equilibrium(rho, ux, uy)) / tau
    fi = torch.stack([torch.roll(fi[k], shifts=(int(e[k, 0]), int(e[k, 1])), dims=(0, 1))
                      for k in range(9)])
    if t % 25 == 0:
        amp = ux[0].abs().max()
        theory = u0 * math.exp(-nu * (2 * math.pi / ny) ** 2 * t)
        print(f"lbm t {t:3d} amplitude {amp.item():.8f} theory {theory:.8f}",
              f"mass {rho.sum().item():.8f}")
print("lbm uy max", uy.abs().max().item() < 1e-12)
