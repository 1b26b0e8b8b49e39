import torch

# A denoising diffusion model's training and sampling: a tiny UNet with GroupNorm, SiLU, a
# sinusoidal time embedding and skip connections, a linear beta schedule with cumprod, the
# schedule gathered per timestep, and a few ancestral sampling steps under no_grad.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def sinusoidal_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, in_ch, out_ch, time_dim):
        super().__init__()
        self.norm1 = nn.GroupNorm(4, in_ch)
        self.conv1 = nn.Conv2d(in_ch, out_ch, 3, padding=1)
        self.time = nn.Linear(time_dim, out_ch)
        self.norm2 = nn.GroupNorm(4, out_ch)
        self.conv2 = nn.Conv2d(out_ch, out_ch, 3, padding=1)
        self.skip = nn.Conv2d(in_ch, out_ch, 1) if in_ch != out_ch else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(emb)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)


class TinyUNet(nn.Module):
    def __init__(self, channels=1, base=8, time_dim=16):
        super().__init__()
        self.time_dim = time_dim
        self.time_mlp = nn.Sequential(nn.Linear(time_dim, time_dim * 2), nn.SiLU(),
                                      nn.Linear(time_dim * 2, time_dim))
        self.inc = nn.Conv2d(channels, base, 3, padding=1)
        self.down1 = ResBlock(base, base, time_dim)
        self.pool = nn.Conv2d(base, base, 3, stride=2, padding=1)
        self.down2 = ResBlock(base, 2 * base, time_dim)
        self.up_t = nn.ConvTranspose2d(2 * base, base, 2, stride=2)
        self.up_nn = nn.Upsample(scale_factor=2, mode="nearest")
        self.up1 = ResBlock(2 * base + 2 * base, base, time_dim)
        self.out = nn.Sequential(nn.GroupNorm(4, base), nn.SiLU(), nn.Conv2d(base, channels, 1))

    def forward(self, x, t):
        emb = self.time_mlp(sinusoidal_embedding(t, self.time_dim))
        h1 = self.down1(self.inc(x), emb)
        h2 = self.down2(self.pool(h1), emb)
        up = torch.cat([self.up_t(h2), self.up_nn(h2)[:, : h1.shape[1]], h1,
                        F.interpolate(h2, scale_factor=2.0)[:, : h1.shape[1]]], dim=1)
        return self.out(self.up1(up, emb))


T = 50
betas = torch.linspace(1e-4, 0.02, T)
alphas = 1.0 - betas
alphas_cumprod = torch.cumprod(alphas, dim=0)
alphas_cumprod_prev = F.pad(alphas_cumprod[:-1], (1, 0), value=1.0)
sqrt_ac = alphas_cumprod.sqrt()
sqrt_one_minus_ac = (1.0 - alphas_cumprod).sqrt()
posterior_variance = betas * (1.0 - alphas_cumprod_prev) / (1.0 - alphas_cumprod)
print("schedule", alphas_cumprod[[0, 10, 49]], posterior_variance[1:4])


def extract(schedule, t, shape):
    out = schedule.gather(-1, t)
    return out.reshape(t.shape[0], *((1,) * (len(shape) - 1)))


def q_sample(x0, t, noise):
    return extract(sqrt_ac, t, x0.shape) * x0 + extract(sqrt_one_minus_ac, t, x0.shape) * noise


# Data: blurry blobs on an 8x8 grid, scaled to [-1, 1].
grid = torch.linspace(-1, 1, 8)
yy, xx = torch.meshgrid(grid, grid, indexing="ij")
centres = torch.rand(32, 2) * 1.2 - 0.6
data = torch.exp(-((xx - centres[:, 0, None, None]) ** 2 + (yy - centres[:, 1, None, None]) ** 2)
                 / 0.1)
data = (data * 2 - 1).unsqueeze(1)
print("data", data.shape, f"{data.mean().item():.5f} {data.std().item():.5f}")

model = TinyUNet()
print("parameters", sum(p.numel() for p in model.parameters()))
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
for step in range(12):
    batch = data[torch.randint(0, data.shape[0], (16,))]
    t = torch.randint(0, T, (batch.shape[0],), dtype=torch.long)
    noise = torch.randn_like(batch)
    loss = F.mse_loss(model(q_sample(batch, t, noise), t), noise)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        grad_norm = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
        print(f"step {step:2d} loss {loss.item():.6f} grad norm {grad_norm.item():.6f}")


@torch.no_grad()
def p_sample(x, t_index):
    t = torch.full((x.shape[0],), t_index, dtype=torch.long)
    beta_t = extract(betas, t, x.shape)
    sqrt_one_minus = extract(sqrt_one_minus_ac, t, x.shape)
    sqrt_recip_alpha = extract(torch.rsqrt(alphas), t, x.shape)
    mean = sqrt_recip_alpha * (x - beta_t * model(x, t) / sqrt_one_minus)
    if t_index == 0:
        return mean
    return mean + torch.sqrt(extract(posterior_variance, t, x.shape)) * torch.randn_like(x)


model.eval()
x = torch.randn(2, 1, 8, 8)
for t_index in reversed(range(0, T, 10)):
    x = p_sample(x, t_index)
    print(f"t={t_index:2d} mean {x.mean().item():.5f} std {x.std().item():.5f} "
          f"requires_grad {x.requires_grad}")
print(x[0, 0, :2].clamp(-1, 1))
print(model.up1.norm1, model.up_t, model.up_nn)
