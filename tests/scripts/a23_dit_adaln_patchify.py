import torch
# A diffusion transformer the way DiT-style repositories write it: patchify through F.unfold and
# unpatchify through F.fold (checked against the einsum reshuffle the reference code uses),
# fixed 2-D sin-cos position embeddings from torch.meshgrid kept as a frozen Parameter,
# sinusoidal timestep embeddings, label embeddings with class dropout for classifier-free
# guidance, adaLN-Zero blocks whose modulation Linear is zero-initialised and split with
# torch.chunk, a learned-sigma output split in two, a few training steps, and a guided sample.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def modulate(x, shift, scale):
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)


def sincos_2d(dim, grid):
    ys, xs = torch.meshgrid(torch.arange(grid, dtype=torch.float64),
                            torch.arange(grid, dtype=torch.float64), indexing="ij")

    def one_axis(d, pos):
        omega = 1.0 / 10000 ** (torch.arange(d // 2, dtype=torch.float64) / (d / 2.0))
        out = pos.reshape(-1)[:, None] * omega[None]
        return torch.cat([torch.sin(out), torch.cos(out)], dim=1)

    return torch.cat([one_axis(dim // 2, ys), one_axis(dim // 2, xs)], dim=1).float()


class TimestepEmbedder(nn.Module):
    def __init__(self, hidden, freq_dim=64):
        super().__init__()
        self.freq_dim = freq_dim
        self.mlp = nn.Sequential(nn.Linear(freq_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden))

    @staticmethod
    def timestep_embedding(t, dim, max_period=10000):
        half = dim // 2
        freqs = torch.exp(-math.log(max_period) * torch.arange(0, half, dtype=torch.float32) / half)
        args = t[:, None].float() * freqs[None]
        return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)

    def forward(self, t):
        return self.mlp(self.timestep_embedding(t, self.freq_dim))


class LabelEmbedder(nn.Module):
    def __init__(self, num_classes, hidden, dropout_prob):
        super().__init__()
        self.table = nn.Embedding(num_classes + 1, hidden)
        self.num_classes, self.dropout_prob = num_classes, dropout_prob

    def token_drop(self, labels, force_drop_ids=None):
        if force_drop_ids is None:
            drop = torch.rand(labels.shape[0]) < self.dropout_prob
        else:
            drop = force_drop_ids == 1
        return torch.where(drop, self.num_classes, labels)

    def forward(self, labels, train, force_drop_ids=None):
        if (train and self.dropout_prob > 0) or force_drop_ids is not None:
            labels = self.token_drop(labels, force_drop_ids)
        return self.table(labels)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        x = F.scaled_dot_product_attention(q, k, v)
        return self.proj(x.transpose(1, 2).reshape(B, N, C))


class DiTBlock(nn.Module):
    def __init__(self, hidden, heads, mlp_ratio=4.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(hidden, elementwise_affine=False, eps=1e-6)
        self.attn = Attention(hidden, heads)
        self.norm2 = nn.LayerNorm(hidden, elementwise_affine=False, eps=1e-6)
        inner = int(hidden * mlp_ratio)
        self.mlp = nn.Sequential(nn.Linear(hidden, inner), nn.GELU(approximate="tanh"),
                                 nn.Linear(inner, hidden))
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden, 6 * hidden))

    def forward(self, x, c):
        shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp = \
            self.adaLN_modulation(c).chunk(6, dim=1)
        x = x + gate_msa.unsqueeze(1) * self.attn(modulate(self.norm1(x), shift_msa, scale_msa))
        x = x + gate_mlp.unsqueeze(1) * self.mlp(modulate(self.norm2(x), shift_mlp, scale_mlp))
        return x


class FinalLayer(nn.Module):
    def __init__(self, hidden, patch, out_channels):
        super().__init__()
        self.norm_final = nn.LayerNorm(hidden, elementwise_affine=False, eps=1e-6)
        self.linear = nn.Linear(hidden, patch * patch * out_channels)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(hidden, 2 * hidden))

    def forward(self, x, c):
        shift, scale = self.adaLN_modulation(c).chunk(2, dim=1)
        return self.linear(modulate(self.norm_final(x), shift, scale))


class DiT(nn.Module):
    def __init__(self, size=8, patch=2, in_ch=4, hidden=32, depth=2, heads=4, num_classes=5,
                 class_dropout=0.25, learn_sigma=True):
        super().__init__()
        self.size, self.patch, self.in_ch = size, patch, in_ch
        self.out_ch = in_ch * 2 if learn_sigma else in_ch
        self.x_embed = nn.Linear(in_ch * patch * patch, hidden)
        self.t_embedder = TimestepEmbedder(hidden)
        self.y_embedder = LabelEmbedder(num_classes, hidden, class_dropout)
        self.num_patches = (size // patch) ** 2
        self.pos_embed = nn.Parameter(torch.zeros(1, self.num_patches, hidden), requires_grad=False)
        self.blocks = nn.ModuleList([DiTBlock(hidden, heads) for _ in range(depth)])
        self.final_layer = FinalLayer(hidden, patch, self.out_ch)
        self.initialize_weights()

    def initialize_weights(self):
        def _basic_init(module):
            if isinstance(module, nn.Linear):
                nn.init.xavier_uniform_(module.weight)
                if module.bias is not None:
                    nn.init.constant_(module.bias, 0)
        self.apply(_basic_init)
        grid = int(self.num_patches ** 0.5)
        self.pos_embed.data.copy_(sincos_2d(self.pos_embed.shape[-1], grid).unsqueeze(0))
        nn.init.normal_(self.y_embedder.table.weight, std=0.02)
        nn.init.normal_(self.t_embedder.mlp[0].weight, std=0.02)
        nn.init.normal_(self.t_embedder.mlp[2].weight, std=0.02)
        for block in self.blocks:
            nn.init.constant_(block.adaLN_modulation[-1].weight, 0)
            nn.init.constant_(block.adaLN_modulation[-1].bias, 0)
        nn.init.constant_(self.final_layer.adaLN_modulation[-1].weight, 0)
        nn.init.constant_(self.final_layer.adaLN_modulation[-1].bias, 0)
        nn.init.constant_(self.final_layer.linear.weight, 0)
        nn.init.constant_(self.final_layer.linear.bias, 0)

    def patchify(self, x):
        return F.unfold(x, kernel_size=self.patch, stride=self.patch).transpose(1, 2)

    def unpatchify(self, x):
        return F.fold(x.transpose(1, 2), output_size=(self.size, self.size),
                      kernel_size=self.patch, stride=self.patch)

    def forward(self, x, t, y, force_drop_ids=None):
        x = self.x_embed(self.patchify(x)) + self.pos_embed
        c = self.t_embedder(t) + self.y_embedder(y, self.training, force_drop_ids)
        for block in self.blocks:
            x = block(x, c)
        return self.unpatchify(self.final_layer(x, c))

    def forward_with_cfg(self, x, t, y, cfg_scale):
        half = x[: len(x) // 2]
        combined = torch.cat([half, half], dim=0)
        model_out = self.forward(combined, t, y)
        eps, rest = model_out[:, :self.in_ch], model_out[:, self.in_ch:]
        cond_eps, uncond_eps = torch.split(eps, len(eps) // 2, dim=0)
        half_eps = uncond_eps + cfg_scale * (cond_eps - uncond_eps)
        eps = torch.cat([half_eps, half_eps], dim=0)
        return torch.cat([eps, rest], dim=1)


model = DiT()
print(model.pos_embed.requires_grad, tuple(model.pos_embed.shape),
      round(model.pos_embed[0, 5, :4].sum().item(), 6))
n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
print("trainable", n_train, "total", sum(p.numel() for p in model.parameters()))
print([k for k in model.state_dict() if "blocks.0" in k])

# unfold/fold against the reference repo's einsum unpatchify
x = torch.randn(2, 4, 8, 8)
tokens = model.patchify(x)
print("tokens", tuple(tokens.shape))
p, h = 2, 4
print("fold round trip", torch.equal(model.unpatchify(tokens), x))
imgs = x.reshape(2, 4, h, p, h, p)
imgs = torch.einsum("nchpwq->nhwcpq", imgs).reshape(2, h * h, 4 * p * p)
print("einsum patchify matches", torch.equal(imgs, tokens))

t = torch.randint(0, 1000, (2,))
y = torch.tensor([1, 3])
out = model(x, t, y)
print("zero-init output", tuple(out.shape), out.abs().max().item())

# diffusion targets with a cosine-free linear schedule, as the reference loop builds them
betas = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
alphas_cumprod = torch.cumprod(1.0 - betas, dim=0)
sqrt_ac = alphas_cumprod.sqrt().float()
sqrt_1m = (1.0 - alphas_cumprod).sqrt().float()
print("alphas_cumprod", [round(v, 6) for v in alphas_cumprod[[0, 499, 999]].tolist()])

opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3,
                        weight_decay=0)
data = torch.randn(8, 4, 8, 8)
labels = torch.randint(0, 5, (8,))
model.train()
for step in range(4):
    t = torch.randint(0, 1000, (8,))
    noise = torch.randn_like(data)
    x_t = sqrt_ac[t].view(-1, 1, 1, 1) * data + sqrt_1m[t].view(-1, 1, 1, 1) * noise
    out = model(x_t, t, labels)
    eps, model_var = out.chunk(2, dim=1)
    loss = F.mse_loss(eps, noise)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    if step == 0:
        # adaLN-Zero: at the first step only the zero-initialised layers receive gradient
        live = sorted({n.split(".")[0] + "." + n.split(".")[-2]
                       for n, p in model.named_parameters()
                       if p.grad is not None and p.grad.abs().sum() > 0})
        dead = sorted(n for n, p in model.named_parameters()
                      if p.requires_grad and (p.grad is None or p.grad.abs().sum() == 0))
        print("live", live)
        print("dead", len(dead), dead[:3])
    gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(f"step {step} loss {loss.item():.5f} grad_norm {gn.item():.5f} "
          f"var {model_var.mean().item():.5f}")

# classifier-free guided call: the class-dropped half uses the null token
model.eval()
with torch.no_grad():
    z = torch.randn(2, 4, 8, 8)
    z = torch.cat([z, z], 0)
    y_cfg = torch.tensor([2, 4, 5, 5])
    tt = torch.full((4,), 500, dtype=torch.long)
    guided = model.forward_with_cfg(z, tt, y_cfg, cfg_scale=4.0)
    print("guided", tuple(guided.shape), torch.equal(guided[:2, :4], guided[2:, :4]))
    dropped = model(z[:2], tt[:2], torch.tensor([2, 4]), force_drop_ids=torch.tensor([1, 0]))
    null = model(z[:1], tt[:1], torch.tensor([5]))
    print("forced drop equals null label", torch.allclose(dropped[:1], null, atol=1e-6))
    print(f"guided mean {guided.mean().item():.5f} std {guided.std().item():.5f}")
