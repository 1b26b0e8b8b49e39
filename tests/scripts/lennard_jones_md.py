import torch

# Molecular dynamics of a small Lennard-Jones cluster in float64: the pair energy from
# torch.cdist, forces as -dE/dx through autograd.grad (create_graph=True, so the force field
# itself can be differentiated), a velocity-Verlet integrator, and the total-energy drift that
# shows the integrator is symplectic. A last step fits the well depth epsilon by
# differentiating a force-matching loss through the forces; torch has no second derivative of
# cdist, so the differentiated forces measure distances by hand.
torch.manual_seed(4)
torch.set_default_dtype(torch.float64)
N, DT, STEPS = 13, 0.002, 60


def lj_energy(positions, epsilon=1.0, sigma=1.0, by_hand=False):
    i, j = torch.triu_indices(N, N, offset=1)
    if by_hand:
        r = (positions[i] - positions[j]).norm(dim=-1)
    else:
        r = torch.cdist(positions, positions)[i, j]
    inv6 = (sigma / r) ** 6
    return (4 * epsilon * (inv6 ** 2 - inv6)).sum()


def forces(positions, epsilon=1.0, create_graph=False):
    if not positions.requires_grad:
        positions = positions.requires_grad_()
    energy = lj_energy(positions, epsilon, by_hand=create_graph)
    (grad,) = torch.autograd.grad(energy, positions, create_graph=create_graph)
    return energy, -grad


# A perturbed cubic lattice near the LJ minimum spacing 2^(1/6).
grid = torch.stack(torch.meshgrid(*(torch.arange(3.0),) * 3, indexing="ij"), -1).reshape(-1, 3)
x = (grid[:N] * 2 ** (1 / 6) + 0.05 * torch.randn(N, 3)).detach()
v = 0.1 * torch.randn(N, 3)
v = v - v.mean(0)
mass = 1.0

energy, f = forces(x.clone())
print(f"initial potential {energy.item():.6f} max |F| {f.norm(dim=1).max().item():.6f}")
print("net force ~ 0", f.sum(0).abs().max().item() < 1e-10)
e0 = None
for step in range(STEPS):
    v_half = v + 0.5 * DT * f / mass
    x = (x + DT * v_half).detach()
    energy, f = forces(x.clone())
    v = v_half + 0.5 * DT * f / mass
    kinetic = 0.5 * mass * (v ** 2).sum()
    total = energy.detach() + kinetic
    if e0 is None:
        e0 = total
    if step % 10 == 9:
        print(f"step {step + 1} potential {energy.item():.6f} kinetic {kinetic.item():.6f} "
              f"drift {(total - e0).item():.3e}")

centre = x.mean(0)
radii = (x - centre).norm(dim=1)
print("momentum", v.sum(0).abs().max().item() < 1e-12, "radius of gyration",
      round(radii.pow(2).mean().sqrt().item(), 6))
d = torch.cdist(x, x)
print("closest pair", round(d[d > 0].min().item(), 6), "neighbours <1.3",
      int((d[torch.triu(torch.ones(N, N, dtype=torch.bool), 1)] < 1.3).sum().item()))

# Hessian-vector product through the forces (create_graph=True on the first derivative).
x_probe = x.clone().requires_grad_()
_, f_probe = forces(x_probe, create_graph=True)
direction = torch.randn(N, 3)
(hvp,) = torch.autograd.grad((f_probe * direction).sum(), x_probe, retain_graph=True)
other = torch.randn(N, 3)
(hvp_other,) = torch.autograd.grad((f_probe * other).sum(), x_probe)
print("hvp norm", round(hvp.norm().item(), 6), "hessian symmetric",
      torch.allclose((hvp * other).sum(), (hvp_other * direction).sum()))
_, f_cdist = forces(x.clone(), create_graph=False)
print("cdist forces agree", torch.allclose(f_cdist, f_probe.detach()))

# Force matching: recover epsilon from reference forces by gradient descent on log(epsilon).
reference = forces(x.clone(), epsilon=1.7)[1].detach()
log_eps = torch.zeros((), requires_grad=True)
optimizer = torch.optim.Adam([log_eps], lr=0.1)
for it in range(25):
    _, predicted = forces(x.clone(), epsilon=log_eps.exp(), create_graph=True)
    loss = (predicted - reference).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 6 == 0 or it == 24:
        print(f"fit {it} loss {loss.item():.6e} epsilon {log_eps.exp().item():.6f}")
