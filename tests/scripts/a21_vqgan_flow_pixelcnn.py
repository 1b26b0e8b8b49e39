import torch
import math

import torch.nn as nn
import torch.nn.functional as F

# Generative-model pieces from research repos: a VQ codebook with straight-through gradients
# and EMA updates (scatter_add_/index_add_), rectified flow with an Euler sampler and
# classifier-free guidance, a PixelCNN with masked convolutions (mask buffer multiplied into
# the weight), a RealNVP coupling flow with its log-determinant, and top-p sampling.
torch.manual_seed(0)


class VectorQuantizerEMA(nn.Module):
    def __init__(self, num_embeddings, dim, decay=0.9, eps=1e-5, beta=0.25):
        super().__init__()
        self.decay, self.eps, self.beta = decay, eps, beta
        embed = torch.randn(num_embeddings, dim)
        self.register_buffer("embedding", embed)
        self.register_buffer("cluster_size", torch.zeros(num_embeddings))
        self.register_buffer("embed_avg", embed.clone())

    def forward(self, z):
        z_flat = z.permute(0, 2, 3, 1).reshape(-1, z.shape[1])
        d = (z_flat.pow(2).sum(1, keepdim=True) - 2 * z_flat @ self.embedding.t()
             + self.embedding.pow(2).sum(1))
        idx = d.argmin(1)
        z_q = F.embedding(idx, self.embedding).view(z.shape[0], z.shape[2], z.shape[3], -1)
        z_q = z_q.permute(0, 3, 1, 2)
        if self.training:
            with torch.no_grad():
                onehot_sum = torch.zeros_like(self.cluster_size).scatter_add_(
                    0, idx, torch.ones_like(idx, dtype=z_flat.dtype))
                embed_sum = torch.zeros_like(self.embed_avg).index_add_(0, idx, z_flat)
                self.cluster_size.mul_(self.decay).add_(onehot_sum, alpha=1 - self.decay)
                self.embed_avg.mul_(self.decay).add_(embed_sum, alpha=1 - self.decay)
                n = self.cluster_size.sum()
                size = (self.cluster_size + self.eps) / (n + len(self.cluster_size) * self.eps) * n
                self.embedding.copy_(self.embed_avg / size.unsqueeze(1))
        commit = self.beta * F.mse_loss(z, z_q.detach())
        z_q = z + (z_q - z).detach()
        avg_probs = torch.bincount(idx, minlength=len(self.cluster_size)).float() / idx.numel()
        perplexity = torch.exp(-torch.sum(avg_probs * torch.log(avg_probs + 1e-10)))
        return z_q, commit, perplexity, idx


enc = nn.Sequential(nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(), nn.Conv2d(16, 8, 3, 1, 1))
dec = nn.Sequential(nn.ConvTranspose2d(8, 16, 4, 2, 1), nn.ReLU(), nn.Conv2d(16, 1, 3, 1, 1))
vq = VectorQuantizerEMA(12, 8)
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=2e-3)
images = torch.rand(6, 1, 8, 8)
for step in range(4):
    z = enc(images)
    z_q, commit, ppl, idx = vq(z)
    recon = dec(z_q)
    loss = F.mse_loss(recon, images) + commit
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"vq step {step} loss {loss.item():.5f} commit {commit.item():.5f} "
          f"perplexity {ppl.item():.3f} used {idx.unique().numel()}")
print("cluster_size", vq.cluster_size.round(decimals=3))
print("enc grad flows through straight-through:", enc[0].weight.grad is not None)
print(list(vq.state_dict().keys()))


# ---- rectified flow / flow matching with classifier-free guidance
class VelocityNet(nn.Module):
    def __init__(self, dim=2, num_classes=3, hidden=64):
        super().__init__()
        self.label_emb = nn.Embedding(num_classes + 1, hidden)  # last index = null class
        self.time_mlp = nn.Sequential(nn.Linear(16, hidden), nn.SiLU())
        self.net = nn.Sequential(nn.Linear(dim + hidden, hidden), nn.SiLU(),
                                 nn.Linear(hidden, hidden), nn.SiLU(), nn.Linear(hidden, dim))
        self.null = num_classes

    @staticmethod
    def time_embedding(t, dim=16):
        half = dim // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        args = t[:, None].float() * freqs[None] * 1000
        return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)

    def forward(self, x, t, y):
        h = self.time_mlp(self.time_embedding(t)) + self.label_emb(y)
        return self.net(torch.cat([x, h], dim=-1))


torch.manual_seed(1)
centers = torch.tensor([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
model = VelocityNet()
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
for step in range(40):
    y = torch.randint(0, 3, (64,))
    x1 = centers[y] + 0.1 * torch.randn(64, 2)
    x0 = torch.randn(64, 2)
    t = torch.rand(64)
    xt = (1 - t[:, None]) * x0 + t[:, None] * x1
    drop = torch.rand(64) < 0.1
    y_in = torch.where(drop, torch.full_like(y, model.null), y)
    loss = F.mse_loss(model(xt, t, y_in), x1 - x0)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"flow step {step} loss {loss.item():.4f} dropped {int(drop.sum())}")


@torch.no_grad()
def euler_sample(model, y, steps=8, guidance=2.0):
    x = torch.randn(len(y), 2)
    dt = 1.0 / steps
    for i in range(steps):
        t = torch.full((len(y),), i * dt)
        v_cond = model(x, t, y)
        v_uncond = model(x, t, torch.full_like(y, model.null))
        v = v_uncond + guidance * (v_cond - v_uncond)
        x = x + dt * v
    return x


torch.manual_seed(2)
samples = euler_sample(model, torch.tensor([0, 0, 1, 1, 2, 2]))
print("samples", samples.round(decimals=2))
print("nearest center", torch.cdist(samples, centers).argmin(1).tolist())


# ---- PixelCNN masked convolutions
class MaskedConv2d(nn.Conv2d):
    def __init__(self, mask_type, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert mask_type in ("A", "B")
        self.register_buffer("mask", self.weight.data.clone())
        _, _, kH, kW = self.weight.size()
        self.mask.fill_(1)
        self.mask[:, :, kH // 2, kW // 2 + (mask_type == "B"):] = 0
        self.mask[:, :, kH // 2 + 1:] = 0

    def forward(self, x):
        self.weight.data *= self.mask
        return super().forward(x)


torch.manual_seed(3)
pixelcnn = nn.Sequential(MaskedConv2d("A", 1, 16, 5, 1, 2, bias=False), nn.BatchNorm2d(16),
                         nn.ReLU(True), MaskedConv2d("B", 16, 16, 3, 1, 1, bias=False),
                         nn.BatchNorm2d(16), nn.ReLU(True), nn.Conv2d(16, 4, 1))
print(pixelcnn[0].mask[0, 0])
data = torch.randint(0, 4, (8, 1, 6, 6))
opt = torch.optim.Adam(pixelcnn.parameters(), lr=1e-2)
for step in range(3):
    logits = pixelcnn(data.float() / 3)
    loss = F.cross_entropy(logits, data.squeeze(1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"pixelcnn step {step} nll {loss.item():.4f} bits/dim {loss.item() / math.log(2):.4f}")
# the receptive field: output at (2, 2) must not depend on pixel (2, 2) or later
pixelcnn.eval()
probe = torch.zeros(1, 1, 6, 6, requires_grad=True)
pixelcnn(probe)[0, :, 2, 2].sum().backward()
print((probe.grad[0, 0] != 0).int())

pixelcnn.eval()
with torch.no_grad():
    sample = torch.zeros(2, 1, 4, 4)
    for i in range(4):
        for j in range(4):
            probs = F.softmax(pixelcnn(sample / 3)[:, :, i, j], dim=-1)
            sample[:, 0, i, j] = torch.multinomial(probs, 1).squeeze(-1).float()
print("pixelcnn sample", sample[0, 0].long().tolist())


# ---- RealNVP affine coupling with log-det
class Coupling(nn.Module):
    def __init__(self, dim, mask):
        super().__init__()
        self.register_buffer("mask", mask)
        self.s = nn.Sequential(nn.Linear(dim, 32), nn.Tanh(), nn.Linear(32, dim), nn.Tanh())
        self.t = nn.Sequential(nn.Linear(dim, 32), nn.ReLU(), nn.Linear(32, dim))

    def forward(self, x):
        x_m = x * self.mask
        s = self.s(x_m) * (1 - self.mask)
        t = self.t(x_m) * (1 - self.mask)
        y = x_m + (1 - self.mask) * (x * torch.exp(s) + t)
        return y, s.sum(dim=1)

    def inverse(self, y):
        y_m = y * self.mask
        s = self.s(y_m) * (1 - self.mask)
        t = self.t(y_m) * (1 - self.mask)
        return y_m + (1 - self.mask) * ((y - t) * torch.exp(-s))


torch.manual_seed(4)
masks = [torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])] * 2
flows = nn.ModuleList([Coupling(2, m) for m in masks])
prior = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
opt = torch.optim.Adam(flows.parameters(), lr=5e-3)
moons = torch.stack([torch.linspace(-1, 1, 64), torch.linspace(-1, 1, 64) ** 2], 1)
for step in range(5):
    z, log_det = moons, torch.zeros(64)
    for f in flows:
        z, ld = f(z)
        log_det = log_det + ld
    nll = -(prior.log_prob(z) + log_det).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    print(f"realnvp step {step} nll {nll.item():.4f}")
with torch.no_grad():
    z = moons[:3]
    for f in flows:
        z, _ = f(z)
    x = z
    for f in reversed(flows):
        x = f.inverse(x)
print("roundtrip max err < 1e-5:", (x - moons[:3]).abs().max().item() < 1e-5)
jac = torch.autograd.functional.jacobian(lambda v: flows[0](v.unsqueeze(0))[0][0], moons[5])
print("logdet autograd", f"{torch.logdet(jac).item():.5f}",
      "coupling", f"{flows[0](moons[5:6])[1].item():.5f}")


# ---- top-p (nucleus) sampling from logits
def top_p_filter(logits, top_p=0.9, min_tokens_to_keep=1):
    sorted_logits, sorted_indices = torch.sort(logits, descending=True)
    cumulative_probs = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    sorted_indices_to_remove = cumulative_probs > top_p
    sorted_indices_to_remove[..., 1:] = sorted_indices_to_remove[..., :-1].clone()
    sorted_indices_to_remove[..., :min_tokens_to_keep] = 0
    indices_to_remove = sorted_indices_to_remove.scatter(1, sorted_indices,
                                                         sorted_indices_to_remove)
    return logits.masked_fill(indices_to_remove, float("-inf"))


torch.manual_seed(5)
logits = torch.randn(3, 10) * 2
filtered = top_p_filter(logits, 0.8)
print("kept per row", torch.isfinite(filtered).sum(1).tolist())
print(filtered[0])
probs = F.softmax(filtered / 0.7, dim=-1)
print("draws", torch.multinomial(probs, 5, replacement=True).tolist())
