import torch
# Two models trained through derivatives of the network itself, as their reference code writes
# them: a Lagrangian neural network, whose accelerations come from the Euler-Lagrange equation
# solved with torch.func (hessian over both arguments, grad over q, vmap over the batch, and a
# batched torch.linalg.solve), trained on an anisotropic coupled oscillator so the loss
# backpropagates through second derivatives into the weights, then rolled out with RK4 and its
# learned energy checked for conservation; and a SIREN (sine layers with omega_0 = 30 and the
# paper's uniform initialisation) fitted only to an image's gradient field (Poisson
# reconstruction: autograd.grad with create_graph=True on the input coordinates), with its
# Laplacian read off by a second differentiation per coordinate.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, hessian, vmap

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

K = torch.tensor([[2.0, 0.4], [0.4, 1.0]])


def true_accel(q):
    return -q @ K.T


mlp = nn.Sequential(nn.Linear(4, 32), nn.Softplus(), nn.Linear(32, 32), nn.Softplus(), nn.Linear(32, 1))


def lagrangian(p, q, qd):
    return functional_call(mlp, p, (torch.cat([q, qd]),)).squeeze()


def accel(p, q, qd):
    (_, _), (h_qd_q, h_qd_qd) = hessian(lagrangian, argnums=(1, 2))(p, q, qd)
    g_q = grad(lagrangian, argnums=1)(p, q, qd)
    return torch.linalg.solve(h_qd_qd, g_q - h_qd_q @ qd)


def batched_accel(q, qd):
    # per-sample Hessian rows from double backward of the batch sum (each L depends on its own row)
    q = q.detach().requires_grad_(True)
    qd = qd.detach().requires_grad_(True)
    L = mlp(torch.cat([q, qd], 1)).sum()
    g_q, g_qd = torch.autograd.grad(L, (q, qd), create_graph=True)
    rows_q, rows_qd = [], []
    for i in range(qd.shape[1]):
        r_q, r_qd = torch.autograd.grad(g_qd[:, i].sum(), (q, qd), create_graph=True)
        rows_q.append(r_q)
        rows_qd.append(r_qd)
    h_qd_q, h_qd_qd = torch.stack(rows_q, 1), torch.stack(rows_qd, 1)
    rhs = g_q - (h_qd_q @ qd.unsqueeze(-1)).squeeze(-1)
    return torch.linalg.solve(h_qd_qd, rhs)


q = torch.randn(48, 2)
qd = torch.randn(48, 2)
target = true_accel(q)
params = dict(mlp.named_parameters())
a0 = batched_accel(q, qd)
print("accel batch", tuple(a0.shape), "requires_grad", a0.requires_grad)
a_func = vmap(accel, in_dims=(None, 0, 0))(params, q[:2], qd[:2])
print("torch.func hessian/vmap matches the double-backward rows", torch.allclose(a0[:2], a_func))

opt = torch.optim.Adam(mlp.parameters(), lr=2e-3)
for step in range(12):
    pred = batched_accel(q, qd)
    loss = F.mse_loss(pred, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"lnn step {step} loss {loss.item():.8f} |g last| {mlp[4].weight.grad.norm().item():.8f}")


def energy(p, q, qd):
    g_qd = grad(lagrangian, argnums=2)(p, q, qd)
    return (g_qd * qd).sum() - lagrangian(p, q, qd)


p_det = {k: v.detach() for k, v in mlp.named_parameters()}
state = torch.tensor([0.5, -0.3, 0.0, 0.2])


def f(s):
    with torch.enable_grad():
        a = batched_accel(s[None, :2], s[None, 2:])[0].detach()
    return torch.cat([s[2:], a])


e0 = energy(p_det, state[:2], state[2:]).item()
dt = 0.05
for i in range(20):
    k1 = f(state)
    k2 = f(state + dt / 2 * k1)
    k3 = f(state + dt / 2 * k2)
    k4 = f(state + dt * k3)
    state = state + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
e1 = energy(p_det, state[:2], state[2:]).item()
print("rollout state", state, "learned energy drift < 1e-6", abs(e1 - e0) < 1e-6)


class SineLayer(nn.Module):
    def __init__(self, d_in, d_out, first=False, omega=30.0):
        super().__init__()
        self.omega = omega
        self.linear = nn.Linear(d_in, d_out)
        bound = 1 / d_in if first else math.sqrt(6 / d_in) / omega
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x):
        return torch.sin(self.omega * self.linear(x))


class Siren(nn.Module):
    def __init__(self, hidden=24):
        super().__init__()
        self.net = nn.Sequential(SineLayer(2, hidden, first=True), SineLayer(hidden, hidden))
        self.out = nn.Linear(hidden, 1)
        with torch.no_grad():
            b = math.sqrt(6 / hidden) / 30.0
            self.out.weight.uniform_(-b, b)

    def forward(self, coords):
        return self.out(self.net(coords))


def gradient(y, x):
    return torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0]


def laplacian(y, x):
    g = gradient(y, x)
    return sum(gradient(g[..., i], x)[..., i:i + 1] for i in range(x.shape[-1]))


lin = torch.linspace(-1, 1, 12)
coords = torch.stack(torch.meshgrid(lin, lin, indexing="ij"), -1).reshape(-1, 2)
img = torch.sin(3 * coords[:, :1]) * torch.cos(2 * coords[:, 1:])
img_grad = torch.cat([3 * torch.cos(3 * coords[:, :1]) * torch.cos(2 * coords[:, 1:]),
                      -2 * torch.sin(3 * coords[:, :1]) * torch.sin(2 * coords[:, 1:])], 1)
img_lap = -13 * img

siren = Siren()
opt = torch.optim.Adam(siren.parameters(), lr=1e-3)
for step in range(8):
    x = coords.clone().requires_grad_(True)
    out = siren(x)
    g = gradient(out, x)
    loss = (g - img_grad).pow(2).sum(-1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"siren step {step} grad loss {loss.item():.8f} |g w0| {siren.net[0].linear.weight.grad.norm().item():.6f}")

x = coords.clone().requires_grad_(True)
out = siren(x)
lap = laplacian(out, x)
recon = out - out.mean() + img.mean()
print("laplacian shape", tuple(lap.shape), "lap err", round((lap - img_lap).pow(2).mean().item(), 6))
print("reconstruction mse (up to a constant)", round((recon - img).pow(2).mean().item(), 8))
print("image corner values", out[:3].detach().squeeze(1))
