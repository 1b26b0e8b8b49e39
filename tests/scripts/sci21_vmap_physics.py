import torch  # noqa: I001 (the harness requires torch first)

# torch.func over the parameters of physical models, in float64: a damped driven oscillator
# integrated by RK4 and vmapped over a grid of (damping, frequency) pairs for a resonance
# curve, jacrev of the final state for parameter sensitivities (vmapped too), the Hessian of a
# Lennard-Jones cluster's energy by torch.func.hessian and its normal-mode frequencies,
# per-sample gradients of a nonlinear least-squares fit with vmap(grad), functional_call of an
# nn.Module with swapped parameters, and jvp/vjp/linearize agreeing with each other.
import math

from torch.func import functional_call, grad, hessian, jacfwd, jacrev, jvp, linearize, vjp, vmap

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)


def oscillator(params, steps=160, dt=0.05):
    """x'' + 2 zeta w x' + w^2 x = cos(1.0 t); returns the amplitude over the last cycles."""
    zeta, w = params[0], params[1]

    def f(t, y):
        return torch.stack([y[1], torch.cos(t) - 2 * zeta * w * y[1] - w**2 * y[0]])

    y = torch.zeros(2, dtype=params.dtype)
    t = torch.zeros((), dtype=params.dtype)
    peak = torch.zeros((), dtype=params.dtype)
    for i in range(steps):
        k1 = f(t, y)
        k2 = f(t + dt / 2, y + dt / 2 * k1)
        k3 = f(t + dt / 2, y + dt / 2 * k2)
        k4 = f(t + dt, y + dt * k3)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t = t + dt
        if i >= steps - 126:  # the last cycle (2 pi / 0.05 ~ 126 steps)
            peak = torch.maximum(peak, y[0].abs())
    return peak


omegas = torch.linspace(0.6, 1.4, 5)
grid = torch.stack([torch.full_like(omegas, 0.1), omegas], dim=1)
peaks = vmap(oscillator)(grid)
print("resonance curve", peaks)
loop = torch.stack([oscillator(p) for p in grid])
print("vmap equals the loop", torch.allclose(peaks, loop, rtol=1e-12, atol=0))
steady = 1 / torch.sqrt((omegas**2 - 1) ** 2 + (2 * 0.1 * omegas) ** 2)
print("steady-state amplitude", steady)


def final_state(params, dt=0.1, steps=40):
    zeta, w = params[0], params[1]
    y = torch.stack([torch.ones((), dtype=params.dtype), torch.zeros((), dtype=params.dtype)])
    A = torch.stack([torch.stack([torch.zeros_like(w), torch.ones_like(w)]),
                     torch.stack([-w**2, -2 * zeta * w])])
    step = torch.linalg.matrix_exp(A * dt)
    for _ in range(steps):
        y = step @ y
    return y


p0 = torch.tensor([0.2, 1.5])
J_rev = jacrev(final_state)(p0)
J_fwd = jacfwd(final_state)(p0)
print("d y(T) / d (zeta, w)\n", J_rev, "\nforward equals reverse", torch.allclose(J_rev, J_fwd))
eps = 1e-6
fd = torch.stack([(final_state(p0 + eps * e) - final_state(p0 - eps * e)) / (2 * eps)
                  for e in torch.eye(2)], dim=1)
print("finite differences agree", torch.allclose(J_rev, fd, atol=1e-7))
batch = torch.tensor([[0.1, 1.0], [0.3, 2.0], [0.05, 0.5]])
print("vmapped jacobians", tuple(vmap(jacrev(final_state))(batch).shape),
      vmap(jacrev(final_state))(batch)[:, 0, 1])


# Lennard-Jones cluster: the Hessian at the minimum and its normal modes
def lj_energy(flat):
    pos = flat.view(-1, 3)
    diff = pos.unsqueeze(0) - pos.unsqueeze(1)
    r2 = (diff**2).sum(-1)
    iu = torch.triu_indices(pos.shape[0], pos.shape[0], 1)
    inv6 = 1 / r2[iu[0], iu[1]] ** 3
    return (4 * (inv6**2 - inv6)).sum()


r0 = 2 ** (1 / 6)
tetra = torch.tensor([[1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, 1.0, -1.0], [-1.0, -1.0, 1.0]])
x = (tetra * r0 / (2 * math.sqrt(2))).flatten()
print("LJ4 energy at the tetrahedron", f"{lj_energy(x).item():.10f}",
      "stationary", grad(lj_energy)(x).norm().item() < 1e-10)
Hs = hessian(lj_energy)(x)
print("hessian symmetric", torch.allclose(Hs, Hs.T), tuple(Hs.shape))
evals = torch.linalg.eigvalsh(Hs)
print("zero modes (translations + rotations)", int((evals.abs() < 1e-8).sum()))
print("vibrational frequencies", torch.sqrt(evals[evals > 1e-8]))

# per-sample gradients of a Michaelis-Menten fit
S = torch.tensor([0.5, 1.0, 2.0, 4.0, 8.0, 16.0])
rate = torch.tensor([0.9, 1.5, 2.2, 2.9, 3.3, 3.6])
theta = torch.tensor([4.0, 2.0])


def residual_sq(theta, s, r):
    vmax, km = theta
    return (r - vmax * s / (km + s)) ** 2


per_sample = vmap(grad(residual_sq), in_dims=(None, 0, 0))(theta, S, rate)
print("per-sample gradients\n", per_sample)
print("sum equals the batch gradient", torch.allclose(
    per_sample.sum(0), grad(lambda t: residual_sq(t, S, rate).sum())(theta)))
for it in range(6):  # Gauss-Newton with the vmapped Jacobian of the model
    J = vmap(jacrev(lambda t, s: t[0] * s / (t[1] + s)), in_dims=(None, 0))(theta, S)
    res = rate - theta[0] * S / (theta[1] + S)
    theta = theta + torch.linalg.lstsq(J, res.unsqueeze(1)).solution.squeeze(1)
print("gauss-newton vmax, km", theta, "sse", f"{residual_sq(theta, S, rate).sum().item():.10f}")

# functional_call with other parameters, vmapped over an ensemble of weights
net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
torch.manual_seed(0)
for m in net.modules():
    if isinstance(m, torch.nn.Linear):
        torch.nn.init.normal_(m.weight, std=0.5)
        torch.nn.init.zeros_(m.bias)
params = {k: v.detach() for k, v in net.named_parameters()}
inputs = torch.tensor([[0.1, 0.2], [0.5, -0.3]])
print("functional_call", functional_call(net, params, (inputs,)).flatten(),
      "module", net(inputs).flatten())
ensemble = {k: torch.stack([v, 2 * v, -v]) for k, v in params.items()}
out = vmap(lambda p: functional_call(net, p, (inputs,)))(ensemble)
print("ensemble outputs", tuple(out.shape), out[:, :, 0])

# jvp, vjp and linearize of one map
def fn(v):
    return torch.stack([v[0] * torch.sin(v[1]), v[1] ** 2 * v[0], torch.exp(v[0] - v[1])])


v0 = torch.tensor([0.7, -0.4])
tangent = torch.tensor([1.0, 2.0])
_, jv = jvp(fn, (v0,), (tangent,))
out, pullback = vjp(fn, v0)
(vj,) = pullback(torch.tensor([1.0, 0.0, -1.0]))
_, lin = linearize(fn, v0)
print("jvp", jv, "linearize", lin(tangent), "vjp", vj)
print("consistent with the jacobian", torch.allclose(jacfwd(fn)(v0) @ tangent, jv),
      torch.allclose(torch.tensor([1.0, 0.0, -1.0]) @ jacrev(fn)(v0), vj))
