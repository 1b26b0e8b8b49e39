import torch

# Generative training loops as their reference code writes them: WGAN-GP on 2-D data (gradient
# penalty from torch.autograd.grad(create_graph=True) at random interpolates, n_critic steps,
# Adam with betas=(0.5, 0.9)), a critic with parametrizations.spectral_norm and a generator
# with parametrizations.weight_norm, and a score-based model (denoising score matching over a
# VE SDE, Euler-Maruyama and predictor-corrector Langevin sampling, probability-flow ODE).
import math

import torch.nn as nn
from torch.nn.utils import parametrizations, parametrize

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def sample_ring(n):
    angle = torch.rand(n) * 2 * math.pi
    radius = 2 + 0.1 * torch.randn(n)
    return torch.stack([radius * angle.cos(), radius * angle.sin()], 1)


G = nn.Sequential(parametrizations.weight_norm(nn.Linear(4, 32)), nn.ReLU(),
                  parametrizations.weight_norm(nn.Linear(32, 2), dim=None))
D = nn.Sequential(parametrizations.spectral_norm(nn.Linear(2, 32)), nn.LeakyReLU(0.2),
                  parametrizations.spectral_norm(nn.Linear(32, 1), n_power_iterations=2))
print(G[0])
print(sorted(G.state_dict().keys()))
print(sorted(D.state_dict().keys()))
print("weight_norm g", G[2].parametrizations.weight.original0.shape,
      G[0].parametrizations.weight.original0.shape)
print("is_parametrized", parametrize.is_parametrized(D[0]), parametrize.is_parametrized(D[1]))
opt_g = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.9))
opt_d = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.9))


def gradient_penalty(critic, real, fake):
    eps = torch.rand(real.size(0), 1)
    mixed = (eps * real + (1 - eps) * fake).requires_grad_(True)
    score = critic(mixed)
    grads = torch.autograd.grad(outputs=score, inputs=mixed,
                                grad_outputs=torch.ones_like(score),
                                create_graph=True, retain_graph=True, only_inputs=True)[0]
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


for it in range(4):
    for _ in range(3):
        real = sample_ring(16)
        fake = G(torch.randn(16, 4)).detach()
        gp = gradient_penalty(D, real, fake)
        d_loss = D(fake).mean() - D(real).mean() + 10 * gp
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
    g_loss = -D(G(torch.randn(16, 4))).mean()
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    print(f"wgan {it} d {d_loss.item():.8f} gp {gp.item():.8f} g {g_loss.item():.8f}")
D.eval()
with torch.no_grad():
    w = D[0].weight
    print("spectral norm ~1", f"{torch.linalg.matrix_norm(w, ord=2).item():.6f}",
          f"{torch.linalg.svdvals(w)[0].item():.6f}")
with parametrize.cached():
    print("cached", D[0].weight is D[0].weight)
parametrize.remove_parametrizations(G[0], "weight", leave_parametrized=True)
print("after remove", G[0], type(G[0].weight).__name__, sorted(G[0].state_dict()))

# --- score-based model over a VE SDE ---
sigma_min, sigma_max = 0.01, 3.0


def sigma(t):
    return sigma_min * (sigma_max / sigma_min) ** t


class ScoreNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.freqs = nn.Parameter(torch.randn(8) * 4, requires_grad=False)
        self.net = nn.Sequential(nn.Linear(2 + 16, 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(),
                                 nn.Linear(64, 2))

    def forward(self, x, t):
        proj = torch.log(sigma(t))[:, None] * self.freqs[None] * 2 * math.pi
        emb = torch.cat([proj.sin(), proj.cos()], -1)
        return self.net(torch.cat([x, emb], -1)) / sigma(t)[:, None]


score = ScoreNet()
opt = torch.optim.Adam(score.parameters(), lr=2e-3)
ema = torch.optim.swa_utils.AveragedModel(
    score, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(0.9))
for it in range(6):
    x0 = sample_ring(64)
    t = torch.rand(64) * (1 - 1e-3) + 1e-3
    z = torch.randn_like(x0)
    s = sigma(t)[:, None]
    loss = ((score(x0 + s * z, t) * s + z) ** 2).sum(1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    ema.update_parameters(score)
    print(f"dsm {it} loss {loss.item():.8f}")
print("ema n_averaged", ema.n_averaged)


@torch.no_grad()
def euler_maruyama(model, n=8, steps=20):
    x = torch.randn(n, 2) * sigma_max
    ts = torch.linspace(1.0, 1e-3, steps)
    dt = ts[0] - ts[1]
    for t in ts:
        tb = torch.full((n,), t.item())
        g2 = sigma(tb) ** 2 * 2 * math.log(sigma_max / sigma_min)
        x = x + g2[:, None] * model(x, tb) * dt + torch.sqrt(g2 * dt)[:, None] * torch.randn_like(x)
    return x


@torch.no_grad()
def langevin_corrector(model, x, t, snr=0.16):
    tb = torch.full((x.size(0),), t)
    grad = model(x, tb)
    noise = torch.randn_like(x)
    step = 2 * (snr * noise.norm(dim=-1).mean() / grad.norm(dim=-1).mean()) ** 2
    return x + step * grad + torch.sqrt(2 * step) * noise


samples = euler_maruyama(ema.module)
print("em samples", samples.mean(0), f"{samples.norm(dim=1).mean().item():.6f}")
print("corrected", langevin_corrector(score, samples, 0.01).std(0))


def probability_flow(model, x, steps=10):
    ts = torch.linspace(1.0, 1e-3, steps + 1)
    for i in range(steps):
        t, dt = ts[i], ts[i] - ts[i + 1]
        tb = torch.full((x.size(0),), t.item())
        g2 = sigma(tb) ** 2 * 2 * math.log(sigma_max / sigma_min)
        x = x + 0.5 * g2[:, None] * model(x, tb) * dt
    return x


xT = torch.randn(4, 2, requires_grad=True)
x0 = probability_flow(score, xT * sigma_max)
x0.pow(2).sum().backward()
print("flow", x0.detach(), "dx0/dxT", xT.grad)
