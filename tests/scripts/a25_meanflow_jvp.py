import torch
# One-step generative models trained through a Jacobian-vector product, as the MeanFlow and
# continuous-time consistency (sCM) repositories write them: a time-conditioned MLP u(z, r, t)
# with sinusoidal embeddings of t and t - r, SiLU and LayerNorm; the MeanFlow identity
# u_target = v - (t - r) du/dt, the total derivative du/dt taken by torch.func.jvp with
# tangents (v, 0, 1) and cross-checked against forward_ad dual tensors and against a
# reverse-mode jacobian; a stop-gradient target, the adaptive loss weight 1/(||err||^2 + c)^p
# (detached), flow-matching samples with (r, t) drawn and sorted by torch.sort, a fraction of
# r = t; a tangent-normalised continuous consistency loss whose target is built from the jvp
# of the network along the probability-flow ODE; then one-step and two-step sampling. Prints
# losses, jvp norms, weights and sample statistics per step.
import math

import torch.nn as nn
import torch.nn.functional as F
import torch.autograd.forward_ad as fwAD
from torch.func import jvp

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

D = 2


def timestep_embedding(t, dim=8, max_period=100.0):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half) / half)
    args = t[:, None] * freqs[None] * 100.0
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class UNet(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.inp = nn.Linear(D, hidden)
        self.temb = nn.Sequential(nn.Linear(16, hidden), nn.SiLU(), nn.Linear(hidden, hidden))
        self.blocks = nn.ModuleList([
            nn.Sequential(nn.LayerNorm(hidden), nn.Linear(hidden, hidden), nn.SiLU())
            for _ in range(2)])
        self.out = nn.Linear(hidden, D)

    def forward(self, z, r, t):
        emb = self.temb(torch.cat([timestep_embedding(t), timestep_embedding(t - r)], dim=-1))
        h = self.inp(z) + emb
        for block in self.blocks:
            h = h + block(h)
        return self.out(h)


def data(n, gen):
    # a two-moons-like target: points on two arcs
    theta = torch.rand(n, generator=gen) * math.pi
    side = (torch.rand(n, generator=gen) < 0.5).double()
    x = torch.stack([torch.cos(theta) + side, torch.sin(theta) * (1 - 2 * side) + 0.5 * side], 1)
    return x + 0.05 * torch.randn(n, 2, generator=gen)


def sample_rt(n, gen, ratio=0.5):
    rt = torch.rand(n, 2, generator=gen).sort(dim=1).values
    r, t = rt[:, 0], rt[:, 1]
    same = torch.rand(n, generator=gen) < ratio
    return torch.where(same, t, r), t


model = UNet()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
gen = torch.Generator().manual_seed(3)
print("params:", sum(p.numel() for p in model.parameters()))

# jvp three ways on a fixed batch
x = data(6, gen)
e = torch.randn(6, D, generator=gen)
r, t = sample_rt(6, gen)
z = (1 - t[:, None]) * x + t[:, None] * e
v = e - x
u, dudt = jvp(model, (z, r, t), (v, torch.zeros_like(r), torch.ones_like(t)))
with fwAD.dual_level():
    out = model(fwAD.make_dual(z, v), r, fwAD.make_dual(t, torch.ones_like(t)))
    dual_dudt = fwAD.unpack_dual(out).tangent
jac_z = torch.autograd.functional.jacobian(lambda zz: model(zz, r, t).sum(0), z)
jac_t = torch.autograd.functional.jacobian(lambda tt: model(z, r, tt).sum(0), t)
manual = torch.einsum("dbk,bk->bd", jac_z, v) + jac_t.T
print(f"|du/dt| {dudt.norm().item():.6f} dual match {torch.allclose(dudt, dual_dudt)} "
      f"jacobian match {torch.allclose(dudt, manual)}")

print("== MeanFlow")
for step in range(6):
    x = data(32, gen)
    e = torch.randn(32, D, generator=gen)
    r, t = sample_rt(32, gen, ratio=0.25)
    z = (1 - t[:, None]) * x + t[:, None] * e
    v = e - x
    u, dudt = jvp(model, (z, r, t), (v, torch.zeros_like(r), torch.ones_like(t)))
    u_tgt = (v - (t - r)[:, None] * dudt).detach()
    err = (u - u_tgt).pow(2).sum(1)
    weight = 1.0 / (err.detach() + 1e-3).pow(0.5)
    loss = (weight * err).mean()
    opt.zero_grad()
    loss.backward()
    gn = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(f"step {step} loss {loss.item():.6f} mse {err.mean().item():.6f} "
          f"|jvp| {dudt.norm().item():.6f} w {weight.mean().item():.6f} |g| {gn.item():.6f}")

with torch.no_grad():
    noise = torch.randn(256, D, generator=gen)
    one = noise - model(noise, torch.zeros(256), torch.ones(256))
    mid = noise - 0.5 * model(noise, torch.full((256,), 0.5), torch.ones(256))
    two = mid - 0.5 * model(mid, torch.zeros(256), torch.full((256,), 0.5))
print("1-step mean", one.mean(0), "std", one.std(0))
print("2-step mean", two.mean(0), f"gap {(one - two).norm(dim=1).mean().item():.6f}")

print("== continuous-time consistency (TrigFlow)")
torch.manual_seed(1)
student = UNet()
opt = torch.optim.Adam(student.parameters(), lr=1e-3)
sigma_d = 0.5


def f_theta(net, xt, tt):
    # TrigFlow parameterisation: f = cos(t) x_t - sin(t) sigma_d F(x_t / sigma_d, t)
    c = torch.cos(tt)[:, None]
    s = torch.sin(tt)[:, None]
    return c * xt - s * sigma_d * net(xt / sigma_d, torch.zeros_like(tt), tt)


for step in range(4):
    x0 = data(32, gen)
    zn = torch.randn(32, D, generator=gen) * sigma_d
    tt = torch.atan(torch.exp(torch.randn(32, generator=gen) * 1.6 - 1.0) / sigma_d)
    xt = torch.cos(tt)[:, None] * x0 + torch.sin(tt)[:, None] * zn
    dxt = torch.cos(tt)[:, None] * zn - torch.sin(tt)[:, None] * x0  # the PF-ODE velocity

    def fn(a, b):
        return student(a / sigma_d, torch.zeros_like(b), b)

    F_out, dF = jvp(fn, (xt, tt), (torch.cos(tt)[:, None] * torch.sin(tt)[:, None] * dxt,
                                   torch.cos(tt) * torch.sin(tt)))
    F_det, dF = F_out.detach(), dF.detach()
    g = -torch.cos(tt)[:, None] ** 2 * (sigma_d * F_det - dxt) \
        - torch.cos(tt)[:, None] * torch.sin(tt)[:, None] * (xt + sigma_d * dF)
    g = g / (g.norm(dim=1, keepdim=True) + 0.1)
    loss = (F_out - F_det - g).pow(2).sum(1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.6f} |dF| {dF.norm().item():.6f} "
          f"|g| {g.norm(dim=1).mean().item():.6f} "
          f"t range {tt.min().item():.4f}-{tt.max().item():.4f}")
with torch.no_grad():
    t_max = torch.full((256,), math.atan(80.0 / sigma_d))
    samples = f_theta(student, torch.randn(256, D, generator=gen) * sigma_d, t_max)
print("consistency samples", tuple(samples.shape), samples.mean(0),
      F.mse_loss(samples, torch.zeros_like(samples)))
