import torch

# Hamiltonian mechanics with autograd, in float64: a pendulum's trajectory by symplectic leapfrog
# with forces from autograd.grad, a Hamiltonian neural network trained on (q, p) -> (dq/dt,
# dp/dt) through create_graph=True, torch.func's jacrev/hessian of a two-body potential with the
# symplectic structure checked (J H'' has a zero trace), vmap over particles and per-sample
# gradients, and jvp/vjp/linearize against autograd.functional.
from torch.func import grad, hessian, jacfwd, jacrev, jvp, vjp, vmap

torch.manual_seed(19)
torch.set_default_dtype(torch.float64)


def pendulum_energy(q, p):
    return 0.5 * p ** 2 + (1 - torch.cos(q))


def leapfrog(q, p, dt, steps, energy):
    out = []
    for _ in range(steps):
        q_ = q.detach().requires_grad_()
        (dHdq,) = torch.autograd.grad(energy(q_, p).sum(), q_)
        p = p - 0.5 * dt * dHdq
        q = q + dt * p
        q_ = q.detach().requires_grad_()
        (dHdq,) = torch.autograd.grad(energy(q_, p).sum(), q_)
        p = p - 0.5 * dt * dHdq
        out.append(torch.stack([q, p], -1))
    return torch.stack(out)


q0, p0 = torch.tensor([1.0, 2.0, 0.3]), torch.tensor([0.0, 0.5, -1.0])
traj = leapfrog(q0, p0, 0.1, 200, pendulum_energy)
energies = pendulum_energy(traj[..., 0], traj[..., 1])
print("trajectory", tuple(traj.shape), "final", traj[-1].numpy().round(6).tolist())
print("energy drift", (energies - pendulum_energy(q0, p0)).abs().max(0).values.numpy().round(8))

# A Hamiltonian neural network: H_theta(q, p), vector field (dH/dp, -dH/dq).
samples = traj.reshape(-1, 2)[::7]
targets = torch.stack([samples[:, 1], -torch.sin(samples[:, 0])], -1)
hnet = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.Softplus(), torch.nn.Linear(32, 1))
optimizer = torch.optim.Adam(hnet.parameters(), lr=0.01)


def vector_field(x):
    x = x if x.requires_grad else x.requires_grad_()
    (dH,) = torch.autograd.grad(hnet(x).sum(), x, create_graph=True)
    return torch.stack([dH[:, 1], -dH[:, 0]], -1)


for step in range(60):
    optimizer.zero_grad()
    loss = (vector_field(samples.clone()) - targets).pow(2).mean()
    loss.backward()
    optimizer.step()
    if step % 15 == 0 or step == 59:
        print(f"hnn step {step:2d} loss {loss.item():.8f}")
print("first-layer grad norm", round(hnet[0].weight.grad.norm().item(), 8))


def two_body(x):
    """Gravitational potential of two unit masses at x[:3] and x[3:] (a harmonic tether too)."""
    r = (x[:3] - x[3:]).norm()
    return -1.0 / r + 0.1 * (x ** 2).sum()


x0 = torch.tensor([1.0, 0.0, 0.0, -0.5, 0.5, 0.2])
g = jacrev(two_body)(x0)
print("jacrev force", g.numpy().round(8))
print("grad == jacrev:", torch.allclose(grad(two_body)(x0), g))
H = hessian(two_body)(x0)
print("hessian symmetric:", torch.allclose(H, H.T),
      "eigenvalues", torch.linalg.eigvalsh(H).numpy().round(6))
print("jacfwd(jacrev) agrees:", torch.allclose(jacfwd(jacrev(two_body))(x0), H))
Hf = torch.autograd.functional.hessian(two_body, x0)
print("autograd.functional.hessian agrees:", torch.allclose(Hf, H))
J = torch.zeros(12, 12)
J[:6, 6:], J[6:, :6] = torch.eye(6), -torch.eye(6)
full = torch.block_diag(H, torch.eye(6))
print("trace of J H'' (Liouville)", abs(torch.trace(J @ full).item()) < 1e-12)

# vmap over a swarm of particles in a fixed external potential, and per-particle gradients.
def external(x, k):
    return 0.5 * k * (x ** 2).sum() + 0.1 * torch.sin(3 * x).sum()


swarm = torch.randn(5, 3)
stiffness = torch.tensor([1.0, 2.0, 0.5, 1.5, 3.0])
forces = vmap(grad(external), in_dims=(0, 0))(swarm, stiffness)
loop = torch.stack([grad(external)(s, k) for s, k in zip(swarm, stiffness)])
print("vmap forces", forces[0].numpy().round(8), "loop agrees:", torch.allclose(forces, loop))
curv = vmap(hessian(external), in_dims=(0, None))(swarm, torch.tensor(1.0))
print("vmap hessians", tuple(curv.shape), "diag of first", torch.diagonal(curv[0]).numpy().round(8))
tangent = torch.ones(3)
value, dir_deriv = jvp(lambda x: external(x, 1.0), (swarm[0],), (tangent,))
out, pullback = vjp(lambda x: external(x, 1.0), swarm[0])
(cotangent,) = pullback(torch.tensor(1.0))
print(f"jvp {value.item():.8f} {dir_deriv.item():.8f} vjp sum {cotangent.sum().item():.8f}")
_, hvp = torch.autograd.functional.hvp(lambda x: external(x, 1.0), swarm[0], tangent)
print("hvp", hvp.numpy().round(8), "== H v:", torch.allclose(hvp, curv[0] @ tangent))
