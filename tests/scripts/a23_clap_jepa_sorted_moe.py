import torch
# Three training-loop pieces from recent representation-learning and LLM repositories: a
# CLAP-style audio-text contrastive model (log-mel features from torch.stft, F.normalize'd
# projections, a learned logit scale exponentiated and clamped at 100, symmetric cross-entropy,
# the raw parameter clamped in place after each step, recall@k by topk); an I-JEPA-style
# predictor trained against an EMA target encoder updated with torch._foreach_mul_ /
# torch._foreach_add_ under a cosine momentum schedule, with per-sample context and target
# patch sets drawn by randperm and gathered; and a sparse mixture of experts dispatched by a
# stable argsort of expert ids with torch.bincount counts, a per-expert capacity, torch.split
# into expert batches and index_add_ combination, checked against a dense loop.
import copy
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def log_mel(wave, n_fft=64, hop=16, n_mels=8):
    spec = torch.stft(wave, n_fft, hop_length=hop, window=torch.hann_window(n_fft),
                      return_complex=True).abs().pow(2)
    freqs = torch.linspace(0, 1, spec.shape[-2])
    centers = torch.linspace(0, 1, n_mels + 2)
    lower, mid, upper = centers[:-2, None], centers[1:-1, None], centers[2:, None]
    fb = torch.clamp(torch.minimum((freqs - lower) / (mid - lower),
                                   (upper - freqs) / (upper - mid)), min=0)
    return torch.log(fb @ spec + 1e-6)


class CLAP(nn.Module):
    def __init__(self, n_mels=8, vocab=20, dim=16, proj=12):
        super().__init__()
        self.audio = nn.Sequential(nn.Conv1d(n_mels, dim, 3, padding=1), nn.GELU(),
                                   nn.AdaptiveAvgPool1d(1), nn.Flatten())
        self.text = nn.EmbeddingBag(vocab, dim, mode="mean", padding_idx=0)
        self.audio_proj = nn.Sequential(nn.Linear(dim, proj), nn.ReLU(), nn.Linear(proj, proj))
        self.text_proj = nn.Sequential(nn.Linear(dim, proj), nn.ReLU(), nn.Linear(proj, proj))
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))

    def forward(self, mel, tokens):
        a = F.normalize(self.audio_proj(self.audio(mel)), dim=-1)
        t = F.normalize(self.text_proj(self.text(tokens)), dim=-1)
        return a, t, self.logit_scale.exp().clamp(max=100)


B = 8
waves = torch.randn(B, 256) * torch.linspace(0.2, 1.0, B)[:, None]
waves += torch.sin(torch.arange(256) * (torch.arange(B)[:, None] + 1) * 0.2)
mel = log_mel(waves)
tokens = torch.stack([torch.randint(1, 20, (5,)) for _ in range(B)])
tokens[::3, -2:] = 0
print("log-mel", tuple(mel.shape), f"{mel.mean().item():.5f}")
clap = CLAP()
opt = torch.optim.AdamW(clap.parameters(), lr=5e-3, weight_decay=0.2)
labels = torch.arange(B)
for step in range(5):
    a, t, scale = clap(mel, tokens)
    logits_per_audio = scale * a @ t.t()
    logits_per_text = logits_per_audio.t()
    loss = (F.cross_entropy(logits_per_audio, labels)
            + F.cross_entropy(logits_per_text, labels)) / 2
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    with torch.no_grad():
        clap.logit_scale.clamp_(0, math.log(100))
    print(f"clap step {step} loss {loss.item():.5f} scale {scale.item():.4f}")
with torch.no_grad():
    a, t, _ = clap(mel, tokens)
    sims = a @ t.t()
    top = sims.topk(3, dim=1).indices
    r1 = (top[:, 0] == labels).float().mean().item()
    r3 = (top == labels[:, None]).any(1).float().mean().item()
    print("recall@1", r1, "recall@3", r3, "norms",
          [round(v, 5) for v in a.norm(dim=1)[:3].tolist()])


class Encoder(nn.Module):
    def __init__(self, n_patches=16, patch_dim=6, dim=16):
        super().__init__()
        self.embed = nn.Linear(patch_dim, dim)
        self.pos = nn.Parameter(torch.randn(1, n_patches, dim) * 0.02)
        self.block = nn.TransformerEncoderLayer(dim, 2, 32, dropout=0.0, batch_first=True,
                                                norm_first=True)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, keep=None):
        x = self.embed(x) + self.pos
        if keep is not None:
            x = torch.gather(x, 1, keep[..., None].expand(-1, -1, x.shape[-1]))
        return self.norm(self.block(x))


class Predictor(nn.Module):
    def __init__(self, n_patches=16, dim=16):
        super().__init__()
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, n_patches, dim) * 0.02)
        self.block = nn.TransformerEncoderLayer(dim, 2, 32, dropout=0.0, batch_first=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, ctx, ctx_idx, tgt_idx):
        pos = self.pos.expand(ctx.shape[0], -1, -1)
        ctx = ctx + torch.gather(pos, 1, ctx_idx[..., None].expand(-1, -1, pos.shape[-1]))
        queries = self.mask_token + torch.gather(
            pos, 1, tgt_idx[..., None].expand(-1, -1, pos.shape[-1]))
        x = self.block(torch.cat([ctx, queries], dim=1))
        return self.proj(x[:, ctx.shape[1]:])


torch.manual_seed(1)
patches = torch.randn(6, 16, 6)
encoder = Encoder()
target_encoder = copy.deepcopy(encoder)
for p in target_encoder.parameters():
    p.requires_grad = False
predictor = Predictor()
opt = torch.optim.AdamW(list(encoder.parameters()) + list(predictor.parameters()), lr=1e-3)
steps, m0, m1 = 4, 0.996, 1.0
momentum = [m0 + (m1 - m0) * (1 - math.cos(math.pi * i / steps)) / 2 for i in range(steps + 1)]
print("momentum", [round(m, 6) for m in momentum])
for step in range(steps):
    order = torch.stack([torch.randperm(16) for _ in range(6)])
    ctx_idx, tgt_idx = order[:, :10].sort(dim=1).values, order[:, 10:].sort(dim=1).values
    with torch.no_grad():
        h = F.layer_norm(target_encoder(patches), (16,))
        h = torch.gather(h, 1, tgt_idx[..., None].expand(-1, -1, 16))
    z = predictor(encoder(patches, ctx_idx), ctx_idx, tgt_idx)
    loss = F.smooth_l1_loss(z, h)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        m = momentum[step + 1]
        tgt_params = list(target_encoder.parameters())
        src_params = [p.detach() for p in encoder.parameters()]
        torch._foreach_mul_(tgt_params, m)
        torch._foreach_add_(tgt_params, src_params, alpha=1 - m)
    gap = max((a - b).abs().max().item() for a, b in zip(tgt_params, src_params))
    print(f"jepa step {step} loss {loss.item():.6f} m {m:.6f} ema gap {gap:.6f}")
print("target frozen", all(not p.requires_grad for p in target_encoder.parameters()),
      "target grads", [p.grad for p in target_encoder.parameters()][:2])


class SortedMoE(nn.Module):
    def __init__(self, dim, n_experts, top_k, capacity_factor):
        super().__init__()
        self.router = nn.Linear(dim, n_experts, bias=False)
        self.w1 = nn.Parameter(torch.randn(n_experts, dim, 2 * dim) * dim ** -0.5)
        self.w2 = nn.Parameter(torch.randn(n_experts, 2 * dim, dim) * (2 * dim) ** -0.5)
        self.E, self.k, self.cf = n_experts, top_k, capacity_factor

    def expert(self, e, x):
        return F.gelu(x @ self.w1[e]) @ self.w2[e]

    def forward(self, x):
        T = x.shape[0]
        probs = self.router(x).softmax(dim=-1)
        weights, experts = probs.topk(self.k, dim=-1)
        weights = weights / weights.sum(-1, keepdim=True)
        flat_expert = experts.reshape(-1)
        flat_token = torch.arange(T).repeat_interleave(self.k)
        order = torch.argsort(flat_expert, stable=True)
        counts = torch.bincount(flat_expert, minlength=self.E)
        capacity = math.ceil(self.cf * T * self.k / self.E)
        starts = torch.cumsum(counts, 0) - counts
        rank = torch.arange(order.numel()) - starts[flat_expert[order]]
        kept = rank < capacity
        out = torch.zeros_like(x)
        sorted_tokens = flat_token[order]
        sorted_weights = weights.reshape(-1)[order]
        for e, (tok, w, keep) in enumerate(zip(sorted_tokens.split(counts.tolist()),
                                              sorted_weights.split(counts.tolist()),
                                              kept.split(counts.tolist()))):
            tok, w = tok[keep], w[keep]
            if tok.numel():
                out.index_add_(0, tok, self.expert(e, x[tok]) * w[:, None])
        frac = counts.float() / (T * self.k)
        aux = self.E * (frac * probs.mean(0)).sum()
        return out, aux, counts, int((~kept).sum())

    def dense_reference(self, x):
        probs = self.router(x).softmax(dim=-1)
        weights, experts = probs.topk(self.k, dim=-1)
        weights = weights / weights.sum(-1, keepdim=True)
        out = torch.zeros_like(x)
        for t in range(x.shape[0]):
            for j in range(self.k):
                out[t] += weights[t, j] * self.expert(experts[t, j].item(), x[t:t + 1])[0]
        return out


torch.manual_seed(2)
moe = SortedMoE(8, 4, 2, capacity_factor=4.0).double()
x = torch.randn(12, 8, dtype=torch.float64)
out, aux, counts, dropped = moe(x)
ref = moe.dense_reference(x)
print("tokens per expert", counts.tolist(), "dropped", dropped,
      "matches dense", torch.allclose(out, ref, rtol=1e-12, atol=1e-14), f"aux {aux.item():.8f}")
(out.sum() + 0.01 * aux).backward()
print("grads", f"{moe.w1.grad.norm().item():.8f} {moe.router.weight.grad.norm().item():.8f}")
moe.cf = 1.0
out, aux, counts, dropped = moe(x)
print("capacity", math.ceil(1.0 * 12 * 2 / 4), "dropped", dropped,
      "zero rows", int((out.abs().sum(1) == 0).sum()))
