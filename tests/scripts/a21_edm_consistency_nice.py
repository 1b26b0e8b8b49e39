import torch
import copy
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

# Score-based generative models as the EDM / consistency-model repos write them: Karras sigma
# schedule, EDM preconditioning (c_skip, c_out, c_in, c_noise) with its loss weighting and a
# Heun sampler, consistency training against an EMA target network (AveragedModel with
# get_ema_multi_avg_fn), and a NICE additive-coupling flow with its scaling layer and an
# ActNorm initialised from the first batch.
torch.manual_seed(0)


def karras_sigmas(n, sigma_min=0.002, sigma_max=80.0, rho=7.0):
    ramp = torch.linspace(0, 1, n)
    min_inv_rho = sigma_min ** (1 / rho)
    max_inv_rho = sigma_max ** (1 / rho)
    sigmas = (max_inv_rho + ramp * (min_inv_rho - max_inv_rho)) ** rho
    return torch.cat([sigmas, sigmas.new_zeros([1])])


print("karras", karras_sigmas(5))


class FourierFeatures(nn.Module):
    def __init__(self, dim, scale=16.0):
        super().__init__()
        self.register_buffer("freqs", torch.randn(dim // 2) * scale)

    def forward(self, x):
        f = 2 * math.pi * x[:, None] * self.freqs[None]
        return torch.cat([f.cos(), f.sin()], dim=1)


class Denoiser(nn.Module):
    def __init__(self, dim=2, hidden=64, sigma_data=0.5):
        super().__init__()
        self.sigma_data = sigma_data
        self.emb = FourierFeatures(16)
        self.net = nn.Sequential(nn.Linear(dim + 16, hidden), nn.SiLU(), nn.Linear(hidden, hidden),
                                 nn.SiLU(), nn.Linear(hidden, dim))

    def forward(self, x, sigma):
        sd = self.sigma_data
        c_skip = sd ** 2 / (sigma ** 2 + sd ** 2)
        c_out = sigma * sd / (sigma ** 2 + sd ** 2).sqrt()
        c_in = 1 / (sd ** 2 + sigma ** 2).sqrt()
        c_noise = sigma.log() / 4
        F_x = self.net(torch.cat([c_in[:, None] * x, self.emb(c_noise)], dim=1))
        return c_skip[:, None] * x + c_out[:, None] * F_x


def sample_data(n):
    theta = torch.rand(n) * 2 * math.pi
    return torch.stack([theta.cos(), theta.sin()], 1) * 0.8 + 0.05 * torch.randn(n, 2)


model = Denoiser()
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.95))
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
P_mean, P_std = -1.2, 1.2
for step in range(30):
    x0 = sample_data(128)
    rnd_normal = torch.randn(x0.shape[0])
    sigma = (rnd_normal * P_std + P_mean).exp()
    weight = (sigma ** 2 + 0.5 ** 2) / (sigma * 0.5) ** 2
    noisy = x0 + torch.randn_like(x0) * sigma[:, None]
    loss = (weight[:, None] * (model(noisy, sigma) - x0) ** 2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    ema.update_parameters(model)
    if step % 10 == 9:
        print(f"edm step {step} loss {loss.item():.4f}")
print("ema n_averaged", ema.n_averaged, type(ema.module).__name__)
print(list(ema.state_dict().keys())[:3])


@torch.no_grad()
def heun_sample(net, n, steps=6):
    sigmas = karras_sigmas(steps, sigma_max=10.0)
    x = torch.randn(n, 2) * sigmas[0]
    for i in range(steps):
        s, s_next = sigmas[i], sigmas[i + 1]
        d = (x - net(x, s.repeat(n))) / s
        x_next = x + (s_next - s) * d
        if s_next > 0:
            d2 = (x_next - net(x_next, s_next.repeat(n))) / s_next
            x_next = x + (s_next - s) * 0.5 * (d + d2)
        x = x_next
    return x


torch.manual_seed(1)
samples = heun_sample(ema.module, 256)
print("sample radius mean", f"{samples.norm(dim=1).mean().item():.3f}",
      "std", f"{samples.norm(dim=1).std().item():.3f}")

# ---- consistency training: f(x_{t_{n+1}}) pulled towards EMA target f^-(x_{t_n})
torch.manual_seed(2)
online = Denoiser()
target = copy.deepcopy(online)
target.requires_grad_(False)
opt = torch.optim.Adam(online.parameters(), lr=1e-3)
N = 10
t_grid = karras_sigmas(N, sigma_min=0.002, sigma_max=10.0)[:-1].flip(0)
for step in range(8):
    x0 = sample_data(64)
    n = torch.randint(0, N - 1, (64,))
    z = torch.randn_like(x0)
    t_n, t_n1 = t_grid[n], t_grid[n + 1]
    pred = online(x0 + t_n1[:, None] * z, t_n1)
    with torch.no_grad():
        tgt = target(x0 + t_n[:, None] * z, t_n)
    loss = F.mse_loss(pred, tgt)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for p_t, p_o in zip(target.parameters(), online.parameters()):
            p_t.mul_(0.9).add_(p_o, alpha=0.1)
    if step % 2 == 1:
        print(f"ct step {step} loss {loss.item():.6f}")
with torch.no_grad():
    one_step = online(torch.randn(4, 2) * 10.0, torch.full((4,), 10.0))
print("one-step samples", one_step.shape, bool(torch.isfinite(one_step).all()))


# ---- NICE: additive coupling layers with a diagonal scaling layer
class AdditiveCoupling(nn.Module):
    def __init__(self, dim, hidden, parity):
        super().__init__()
        self.parity = parity
        self.m = nn.Sequential(nn.Linear(dim // 2, hidden), nn.ReLU(),
                               nn.Linear(hidden, dim // 2))

    def forward(self, x, reverse=False):
        a, b = x[:, 0::2], x[:, 1::2]
        if self.parity:
            a, b = b, a
        b = b - self.m(a) if reverse else b + self.m(a)
        if self.parity:
            a, b = b, a
        return torch.stack([a, b], dim=2).reshape(x.shape)


class ActNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.loc = nn.Parameter(torch.zeros(1, dim))
        self.log_scale = nn.Parameter(torch.zeros(1, dim))
        self.register_buffer("initialized", torch.tensor(0, dtype=torch.uint8))

    def forward(self, x):
        if self.initialized.item() == 0:
            with torch.no_grad():
                self.loc.data.copy_(-x.mean(0, keepdim=True))
                self.log_scale.data.copy_(-torch.log(x.std(0, keepdim=True) + 1e-6))
                self.initialized.fill_(1)
        return (x + self.loc) * self.log_scale.exp(), self.log_scale.sum().expand(x.shape[0])


class NICE(nn.Module):
    def __init__(self, dim=4, hidden=32, n_coupling=4):
        super().__init__()
        self.actnorm = ActNorm(dim)
        self.couplings = nn.ModuleList([AdditiveCoupling(dim, hidden, i % 2)
                                        for i in range(n_coupling)])
        self.scale = nn.Parameter(torch.zeros(1, dim))

    def forward(self, x):
        x, log_det = self.actnorm(x)
        for c in self.couplings:
            x = c(x)
        return x * torch.exp(self.scale), log_det + self.scale.sum()

    def inverse(self, z):
        x = z * torch.exp(-self.scale)
        for c in reversed(self.couplings):
            x = c(x, reverse=True)
        return x / self.actnorm.log_scale.exp() - self.actnorm.loc


def logistic_log_prob(z):
    return -(F.softplus(z) + F.softplus(-z)).sum(1)


torch.manual_seed(3)
flow = NICE()
data = torch.randn(128, 4) @ torch.tensor([[1.0, 0.5, 0, 0], [0, 1.0, 0.3, 0],
                                           [0, 0, 1.0, 0.2], [0, 0, 0, 0.5]]) + 2.0
h, log_det = flow.actnorm(data)
print("actnorm initialised", flow.actnorm.initialized.item(),
      "mean ~0", bool(h.mean(0).abs().max() < 1e-5), "std", h.std(0))
opt = torch.optim.Adam(flow.parameters(), lr=1e-2)
for step in range(5):
    z, log_det = flow(data)
    nll = -(logistic_log_prob(z) + log_det).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(f"nice step {step} nll {nll.item():.5f} scale {flow.scale.detach().sum().item():.5f}")
with torch.no_grad():
    z, _ = flow(data[:5])
    back = flow.inverse(z)
print("inverse error small", (back - data[:5]).abs().max().item() < 1e-4)
jac = torch.autograd.functional.jacobian(lambda v: flow(v.unsqueeze(0))[0][0], data[0])
print("log|det J|", f"{torch.linalg.slogdet(jac)[1].item():.4f}",
      "model", f"{flow(data[:1])[1].item():.4f}")
print(flow.state_dict().keys())
