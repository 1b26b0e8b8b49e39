import torch  # noqa: I001 (the harness requires torch first)

# Function transforms as a computational scientist composes them, in float64: the Jacobian of a
# chaotic map (Henon, Lorenz by RK4) with jacrev/jacfwd and argnums / has_aux, Lyapunov
# exponents from QR re-orthonormalisation of the tangent flow, per-particle forces by vmap over
# grad with in_dims / out_dims and chunk_size, Hessian-vector products by forward-over-reverse
# (jvp of grad) against autograd.functional.hvp / vhp, torch.func.linearize, functional_call
# on an nn.Module with swapped parameters, an ensemble by stack_module_state, and a custom
# autograd.Function with setup_context and vmap support.
import math

from torch.func import (
    functional_call,
    grad,
    grad_and_value,
    hessian,
    jacfwd,
    jacrev,
    jvp,
    linearize,
    stack_module_state,
    vjp,
    vmap,
)

torch.set_default_dtype(torch.float64)
torch.manual_seed(1919)
torch.set_printoptions(precision=6)


# --- Henon map and its Jacobian
def henon(state, a=1.4, b=0.3):
    x, y = state[0], state[1]
    return torch.stack([1 - a * x**2 + y, b * x])


s = torch.tensor([0.1, 0.1])
for _ in range(100):
    s = henon(s)
J = jacrev(henon)(s)
print("henon state", s, "jacobian", J, "det", torch.linalg.det(J))
print("jacfwd == jacrev", torch.allclose(jacfwd(henon)(s), J))
Ja = jacrev(henon, argnums=(0, 1))(s, torch.tensor(1.4))
print("argnums", Ja[0].shape, Ja[1])


def henon_aux(state):
    out = henon(state)
    return out, out.norm()


Jx, aux = jacrev(henon_aux, has_aux=True)(s)
print("has_aux", aux, torch.equal(Jx, J))
# Lyapunov exponents by QR
Q = torch.eye(2)
total = torch.zeros(2)
s = torch.tensor([0.1, 0.1])
for _ in range(500):
    Q, R = torch.linalg.qr(jacfwd(henon)(s) @ Q)
    total = total + R.diagonal().abs().log()
    s = henon(s)
print("henon lyapunov", total / 500, "sum vs log b", (total / 500).sum(), math.log(0.3))


# --- Lorenz system by RK4 and the Jacobian of the flow map
def lorenz(u, sigma=10.0, rho=28.0, beta=8 / 3):
    x, y, z = u.unbind(-1)
    return torch.stack([sigma * (y - x), x * (rho - z) - y, x * y - beta * z], dim=-1)


def flow(u, dt=0.025, steps=20):
    for _ in range(steps):
        k1 = lorenz(u)
        k2 = lorenz(u + 0.5 * dt * k1)
        k3 = lorenz(u + 0.5 * dt * k2)
        k4 = lorenz(u + dt * k3)
        u = u + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return u


u0 = torch.tensor([1.0, 1.0, 1.0])
Jflow = jacfwd(flow)(u0)
print("flow", flow(u0), "\nflow jacobian", Jflow)
print(
    "liouville: log det", torch.linalg.slogdet(Jflow).logabsdet, "expected", -(10 + 1 + 8 / 3) * 0.5
)
batch = u0 + 0.01 * torch.randn(4, 3)
print("batched flow", vmap(flow)(batch).shape, torch.allclose(vmap(flow)(batch), flow(batch)))
print("batched jacobian", vmap(jacfwd(flow))(batch).shape)


# --- per-particle forces with vmap over grad
def pair_energy(xi, others):
    r = (others - xi).norm(dim=-1)
    return (1 / r**12 - 1 / r**6).sum()


pos = torch.tensor([[0.0, 0.0], [1.1, 0.0], [0.0, 1.2], [1.0, 1.0]])
forces = torch.stack(
    [-grad(pair_energy)(pos[i], torch.cat([pos[:i], pos[i + 1 :]])) for i in range(4)]
)
others = torch.stack([torch.cat([pos[:i], pos[i + 1 :]]) for i in range(4)])
vforces = -vmap(grad(pair_energy))(pos, others)
print("forces", vforces, torch.allclose(forces, vforces), "net", vforces.sum(0).abs().max() < 1e-12)
print("in_dims None", vmap(pair_energy, in_dims=(0, None))(pos, pos[:1] + 5.0))
print("out_dims", vmap(lambda a: (a.sum(), a * 2), out_dims=(0, 1))(pos)[1].shape)
print("chunk_size", torch.allclose(vmap(grad(pair_energy), chunk_size=2)(pos, others), -vforces))
gv = grad_and_value(pair_energy)(pos[0], others[0])
print("grad_and_value", gv[0], gv[1])
print("hessian of pair energy", hessian(pair_energy)(pos[0], others[0]))
print(
    "hessian argnums", [h.shape for h in hessian(pair_energy, argnums=(0, 1))(pos[0], others[0])[0]]
)


# --- Hessian-vector products
def rosen(x):
    return ((1 - x[:-1]) ** 2 + 100 * (x[1:] - x[:-1] ** 2) ** 2).sum()


x = torch.tensor([-1.2, 1.0, 0.8, 1.5])
v = torch.tensor([1.0, -1.0, 0.5, 0.0])
_, hvp_fwd = jvp(grad(rosen), (x,), (v,))
_, hvp_ref = torch.autograd.functional.hvp(rosen, x, v)
_, vhp_ref = torch.autograd.functional.vhp(rosen, x, v)
print("hvp", hvp_fwd, torch.allclose(hvp_fwd, hvp_ref), torch.allclose(hvp_ref, vhp_ref))
print("hessian @ v", torch.allclose(hessian(rosen)(x) @ v, hvp_fwd))
value, lin = linearize(grad(rosen), x)
print("linearize", value, torch.allclose(lin(v), hvp_fwd))
out, pullback = vjp(henon, s)
print(
    "vjp",
    pullback(torch.tensor([1.0, 0.0]))[0],
    torch.allclose(pullback(torch.ones(2))[0], J.T @ torch.ones(2)),
)
print("functional.jacobian vectorize", torch.autograd.functional.jacobian(henon, s, vectorize=True))
print(
    "functional.hessian create_graph",
    torch.autograd.functional.hessian(rosen, x, create_graph=True).requires_grad,
)

# --- functional_call and ensembles
net = torch.nn.Sequential(torch.nn.Linear(1, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
params = {k: v.detach() for k, v in net.named_parameters()}
xs = torch.linspace(0, 1, 5).unsqueeze(1)


def u(params, x):
    return functional_call(net, params, (x,)).squeeze(-1)


du = vmap(grad(lambda p, xi: u(p, xi.unsqueeze(0)).sum(), argnums=1), in_dims=(None, 0))(params, xs)
print("du/dx", du.squeeze(-1))
d2u = vmap(hessian(lambda xi: u(params, xi.unsqueeze(0)).sum()))(xs)
print("d2u/dx2", d2u.flatten())
zeroed = {k: torch.zeros_like(v) for k, v in params.items()}
print(
    "swapped params",
    functional_call(net, zeroed, (xs,)).flatten(),
    "original kept",
    torch.equal(net[0].weight, params["0.weight"]),
)
pgrads = grad(lambda p: (u(p, xs) - xs.squeeze(1) ** 2).pow(2).mean())(params)
print("param grads", {k: tuple(g.shape) for k, g in pgrads.items()}, pgrads["2.bias"])
models = [torch.nn.Linear(3, 2) for _ in range(4)]
stacked, buffers = stack_module_state(models)
print("stacked", {k: tuple(v.shape) for k, v in stacked.items()}, buffers)
base = torch.nn.Linear(3, 2).to("meta")
inp = torch.randn(5, 3)
ens = vmap(lambda p, b, x: functional_call(base, (p, b), (x,)), in_dims=(0, 0, None))(
    stacked, buffers, inp
)
print("ensemble", ens.shape, torch.allclose(ens[2], models[2](inp)))


# --- a custom Function with setup_context, usable under vmap and jacrev
class Softclip(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x, limit):
        return limit * torch.tanh(x / limit)

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, limit = inputs
        ctx.save_for_backward(x)
        ctx.limit = limit

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        return grad_out * (1 - torch.tanh(x / ctx.limit) ** 2), None


z = torch.linspace(-3, 3, 5, requires_grad=True)
Softclip.apply(z, 2.0).sum().backward()
print("softclip grad", z.grad)
print("vmap softclip", vmap(Softclip.apply, in_dims=(0, None))(torch.randn(2, 3), 2.0).shape)
print("jacrev softclip", jacrev(Softclip.apply)(torch.tensor([0.5, -4.0]), 2.0))
print(
    "gradcheck softclip",
    torch.autograd.gradcheck(
        lambda t: Softclip.apply(t, 1.5), (torch.randn(4, requires_grad=True),)
    ),
)
