import torch

# A small conditional diffusion model as diffusion repositories write it: a cosine noise
# schedule (Nichol & Dhariwal), sinusoidal timestep embeddings, a v-prediction objective,
# class dropout for classifier-free guidance, an EMA copy of the weights updated with
# torch.lerp / lerp_, and deterministic DDIM sampling (eta = 0) with a guidance scale.
import copy
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def cosine_alphas_cumprod(steps, s=0.008):
    t = torch.linspace(0, steps, steps + 1, dtype=torch.float64) / steps
    f = torch.cos((t + s) / (1 + s) * math.pi / 2) ** 2
    alphas_cumprod = f / f[0]
    betas = 1 - alphas_cumprod[1:] / alphas_cumprod[:-1]
    betas = betas.clamp(max=0.999)
    return torch.cumprod(1 - betas, dim=0).float()


def timestep_embedding(t, dim, max_period=10000):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class Denoiser(nn.Module):
    def __init__(self, data_dim=2, classes=3, width=32, temb=16):
        super().__init__()
        self.temb = temb
        self.class_embed = nn.Embedding(classes + 1, width)  # the last index is "no class"
        self.null_class = classes
        self.time_mlp = nn.Sequential(nn.Linear(temb, width), nn.SiLU(), nn.Linear(width, width))
        self.inp = nn.Linear(data_dim, width)
        self.blocks = nn.ModuleList(
            nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.GELU())
            for _ in range(2))
        self.out = nn.Linear(width, data_dim)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x, t, y):
        h = self.inp(x) + self.time_mlp(timestep_embedding(t, self.temb)) + self.class_embed(y)
        for block in self.blocks:
            h = h + block(h)
        return self.out(h)


T = 100
alphas_cumprod = cosine_alphas_cumprod(T)
print("alphas_cumprod", alphas_cumprod[[0, 1, 49, 98, 99]])
print("embedding", timestep_embedding(torch.tensor([0, 7, 99]), 8))

# data: three classes of 2-d points around three centres
centres = torch.tensor([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
labels = torch.randint(0, 3, (384,))
data = centres[labels] + 0.3 * torch.randn(384, 2)

model = Denoiser()
ema = copy.deepcopy(model).requires_grad_(False)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
p_uncond = 0.2

for step in range(60):
    index = torch.randint(0, len(data), (64,))
    x0, y = data[index], labels[index]
    y = torch.where(torch.rand(64) < p_uncond, torch.full_like(y, model.null_class), y)
    t = torch.randint(0, T, (64,))
    noise = torch.randn_like(x0)
    a = alphas_cumprod[t].sqrt()[:, None]
    s = (1 - alphas_cumprod[t]).sqrt()[:, None]
    xt = a * x0 + s * noise
    v_target = a * noise - s * x0
    loss = F.mse_loss(model(xt, t, y), v_target)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    grad_norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    with torch.no_grad():
        for p_ema, p in zip(ema.parameters(), model.parameters()):
            p_ema.lerp_(p, 0.1)
    if step % 10 == 0 or step == 59:
        print(f"step {step:2d} loss {loss.item():.5f} grad_norm {grad_norm.item():.4f}")

with torch.no_grad():
    diffs = [torch.lerp(pe, p, 0.5).sub(p).abs().max().item() for pe, p in
             zip(ema.parameters(), model.parameters())]
    print("ema distance", f"{max(diffs):.5f}", "buffers", len(list(ema.buffers())))
    weight = torch.tensor([0.25, 0.5])
    print("lerp tensor weight", torch.lerp(torch.zeros(2), torch.ones(2), weight))


@torch.no_grad()
def ddim_sample(net, y, steps=10, guidance=2.0, generator=None):
    x = torch.randn(len(y), 2, generator=generator)
    times = torch.linspace(T - 1, 0, steps).round().long()
    null = torch.full_like(y, net.null_class)
    for i, t in enumerate(times):
        tt = t.expand(len(y))
        v_both = net(torch.cat([x, x]), torch.cat([tt, tt]), torch.cat([y, null]))
        v_cond, v_uncond = v_both.chunk(2)
        v = v_uncond + guidance * (v_cond - v_uncond)
        a_t = alphas_cumprod[t]
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * v
        eps = (1 - a_t).sqrt() * x + a_t.sqrt() * v
        a_prev = alphas_cumprod[times[i + 1]] if i + 1 < steps else torch.tensor(1.0)
        x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    return x


g = torch.Generator().manual_seed(123)
y = torch.arange(3).repeat_interleave(4)
samples = ddim_sample(ema, y, generator=g)
print("times", torch.linspace(T - 1, 0, 10).round().long())
print("samples", samples[::4])
per_class = torch.stack([samples[y == c].mean(0) for c in range(3)])
print("class means", per_class)
print("distance to centres", torch.cdist(per_class, centres).diagonal())
