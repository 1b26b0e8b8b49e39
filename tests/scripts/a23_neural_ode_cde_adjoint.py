import torch
# Neural ODEs and CDEs as torchdiffeq/torchcde-free research code writes them: a fixed-step RK4
# solver, the adjoint method written by hand as a torch.autograd.Function (the augmented state
# [z, a, a_theta] integrated backwards with vector-Jacobian products from torch.autograd.grad
# under torch.enable_grad, the parameters flattened with torch.cat), compared with backprop
# through the solver; a FFJORD-style continuous normalising flow with the Hutchinson trace
# estimator; and a neural CDE driven by Hermite cubic interpolation of irregular data with
# backward differences, trained a few steps to tell clockwise from anticlockwise spirals.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def rk4_step(f, t, z, h):
    k1 = f(t, z)
    k2 = f(t + h / 2, z + h / 2 * k1)
    k3 = f(t + h / 2, z + h / 2 * k2)
    k4 = f(t + h, z + h * k3)
    return z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def odeint_rk4(f, z0, ts, steps_per_interval=4):
    zs = [z0]
    z = z0
    for t0, t1 in zip(ts[:-1], ts[1:]):
        h = (t1 - t0) / steps_per_interval
        for i in range(steps_per_interval):
            z = rk4_step(f, t0 + i * h, z, h)
        zs.append(z)
    return torch.stack(zs)


class ODEFunc(nn.Module):
    def __init__(self, dim, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim + 1, hidden), nn.Tanh(), nn.Linear(hidden, dim))
        self.nfe = 0

    def forward(self, t, z):
        self.nfe += 1
        tt = torch.ones_like(z[..., :1]) * t
        return self.net(torch.cat([z, tt], dim=-1))


class AdjointRK4(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z0, t0, t1, func, *params):
        with torch.no_grad():
            zT = odeint_rk4(func, z0, torch.stack([t0, t1]))[-1]
        ctx.func = func
        ctx.save_for_backward(zT, t0, t1, *params)
        return zT

    @staticmethod
    def backward(ctx, grad_zT):
        zT, t0, t1, *params = ctx.saved_tensors
        func = ctx.func
        n_z = zT.numel()
        shapes = [p.shape for p in params]

        def augmented(t, state):
            z, a = state[:n_z].view_as(zT), state[n_z:2 * n_z].view_as(zT)
            with torch.enable_grad():
                z = z.detach().requires_grad_(True)
                f = func(t, z)
                vjps = torch.autograd.grad(f, (z, *params), -a, allow_unused=True)
            a_dot = vjps[0]
            p_dot = [torch.zeros(s) if g is None else g for g, s in zip(vjps[1:], shapes)]
            return torch.cat([f.reshape(-1), a_dot.reshape(-1)] + [g.reshape(-1) for g in p_dot])

        n_p = sum(p.numel() for p in params)
        state = torch.cat([zT.reshape(-1), grad_zT.reshape(-1), torch.zeros(n_p)])
        state = odeint_rk4(augmented, state, torch.stack([t1, t0]))[-1]
        grad_z0 = state[n_z:2 * n_z].view_as(zT)
        flat = state[2 * n_z:]
        grads, offset = [], 0
        for s in shapes:
            n = math.prod(s)
            grads.append(flat[offset:offset + n].view(s))
            offset += n
        return (grad_z0, None, None, None, *grads)


func = ODEFunc(2)
z0 = torch.randn(5, 2, requires_grad=True)
t0, t1 = torch.tensor(0.0), torch.tensor(1.0)
params = tuple(func.parameters())

zT = AdjointRK4.apply(z0, t0, t1, func, *params)
loss = zT.pow(2).sum()
adj = torch.autograd.grad(loss, (z0, *params))
print("adjoint grad_fn", type(zT.grad_fn).__name__, "nfe forward", func.nfe)
func.nfe = 0
zT_direct = odeint_rk4(func, z0, torch.stack([t0, t1]))[-1]
direct = torch.autograd.grad(zT_direct.pow(2).sum(), (z0, *params))
print("nfe direct", func.nfe, "same zT", torch.allclose(zT, zT_direct, rtol=0, atol=0))
for name, a, d in zip(["z0"] + [n for n, _ in func.named_parameters()], adj, direct):
    print(f"{name:14s} |adjoint| {a.norm().item():.10f} max diff {(a - d).abs().max().item():.1e}")

print("gradcheck adjoint",
      torch.autograd.gradcheck(lambda z: AdjointRK4.apply(z, t0, t1, func, *params),
                               (z0.detach().clone().requires_grad_(),), atol=1e-5, rtol=1e-4))


class CNF(nn.Module):
    def __init__(self, dim, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.Softplus(), nn.Linear(hidden, dim))
        self.eps = None

    def forward(self, t, state):
        z = state[:, :-1]
        with torch.enable_grad():
            z = z.requires_grad_(True)
            dz = self.net(z)
            e_dzdx = torch.autograd.grad(dz, z, self.eps, create_graph=True)[0]
            div = (e_dzdx * self.eps).sum(dim=1, keepdim=True)
        return torch.cat([dz, -div], dim=1)


torch.manual_seed(1)
cnf = CNF(2)
x = torch.randn(64, 2) * torch.tensor([1.0, 0.3])
opt = torch.optim.Adam(cnf.parameters(), lr=1e-2)
base = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
for step in range(4):
    cnf.eps = torch.randn_like(x)
    state = odeint_rk4(cnf, torch.cat([x, torch.zeros(64, 1)], 1), torch.tensor([0.0, 1.0]), 2)
    zT, delta_logp = state[-1][:, :2], state[-1][:, 2:]
    logp_x = base.log_prob(zT) - delta_logp.squeeze(1)
    loss = -logp_x.mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"cnf step {step} nll {loss.item():.10f}")
with torch.no_grad():
    cnf.eps = torch.randn(3, 2)
    exact = []
    for xi in x[:3]:
        jac = torch.autograd.functional.jacobian(cnf.net, xi)
        exact.append(jac.trace())
    print("exact divergence", [round(v.item(), 8) for v in exact])


def hermite_coeffs(ts, xs):
    # backward differences give each interval's start derivative; cubic Hermite on [t_i, t_i+1]
    dt = ts[1:] - ts[:-1]
    derivs = (xs[:, 1:] - xs[:, :-1]) / dt[:, None]
    derivs = torch.cat([derivs[:, :1], derivs], dim=1)
    a = xs[:, :-1]
    b = derivs[:, :-1]
    two_c = 2 * (3 * (xs[:, 1:] - a) / dt[:, None] - 2 * b - derivs[:, 1:]) / dt[:, None]
    three_d = 3 * (derivs[:, 1:] + b - 2 * (xs[:, 1:] - a) / dt[:, None]) / dt[:, None] ** 2
    return a, b, two_c, three_d


def spline_derivative(ts, coeffs, t):
    a, b, two_c, three_d = coeffs
    idx = torch.bucketize(t.detach(), ts[1:-1])
    frac = t - ts[idx]
    return b[:, idx] + (two_c[:, idx] + three_d[:, idx] * frac) * frac


class CDEFunc(nn.Module):
    def __init__(self, in_ch, hidden):
        super().__init__()
        self.in_ch, self.hidden = in_ch, hidden
        self.lin1 = nn.Linear(hidden, 32)
        self.lin2 = nn.Linear(32, in_ch * hidden)

    def forward(self, z):
        return self.lin2(F.relu(self.lin1(z))).tanh().view(*z.shape[:-1], self.hidden, self.in_ch)


class NeuralCDE(nn.Module):
    def __init__(self, in_ch, hidden, out):
        super().__init__()
        self.func = CDEFunc(in_ch, hidden)
        self.initial = nn.Linear(in_ch, hidden)
        self.readout = nn.Linear(hidden, out)

    def forward(self, ts, coeffs, x0):
        def vector_field(t, z):
            dXdt = spline_derivative(ts, coeffs, t)
            return (self.func(z) @ dXdt.unsqueeze(-1)).squeeze(-1)
        z = odeint_rk4(vector_field, self.initial(x0), ts[[0, -1]], steps_per_interval=6)[-1]
        return self.readout(z)


torch.manual_seed(2)
n, L = 16, 12
ts = torch.linspace(0, 4 * math.pi, L)
ts[1:-1] += torch.rand(L - 2) * 0.3  # irregular sampling
start = torch.rand(n) * 2 * math.pi
direction = torch.arange(n) % 2
sign = direction * 2.0 - 1.0
radius = 1 + ts / (4 * math.pi)
xs = torch.stack([radius * torch.cos(sign[:, None] * ts + start[:, None]),
                  radius * torch.sin(sign[:, None] * ts + start[:, None])], dim=2)
xs = xs + 0.05 * torch.randn_like(xs)
xs = torch.cat([ts.expand(n, L).unsqueeze(-1), xs], dim=2)  # time as a channel
coeffs = hermite_coeffs(ts, xs)
print("coeff shapes", [tuple(c.shape) for c in coeffs])
t_mid = (ts[3] + ts[4]) / 2
print("spline derivative", [round(v, 8) for v in spline_derivative(ts, coeffs, t_mid)[0].tolist()])
model = NeuralCDE(3, 8, 1)
opt = torch.optim.Adam(model.parameters(), lr=2e-2)
for step in range(4):
    logits = model(ts, coeffs, xs[:, 0]).squeeze(-1)
    loss = F.binary_cross_entropy_with_logits(logits, direction.double())
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = ((logits > 0).long() == direction).double().mean().item()
    print(f"cde step {step} loss {loss.item():.10f} acc {acc:.3f}")
torch.set_default_dtype(torch.float32)
