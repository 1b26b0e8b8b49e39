import torch

# LLM inference and fine-tuning tricks: speculative decoding with a small draft model
# (acceptance by min(1, p/q), resampling from the normalised residual max(0, p - q)),
# contrastive decoding (expert minus amateur log-probs under an adaptive plausibility
# mask), DoRA (a LoRA update with a learned magnitude over torch.linalg.vector_norm of the
# columns), and 4-bit fake quantisation with a straight-through round and clamp, per-group
# absmax scales, and torch.fake_quantize_per_channel_affine as a cross-check.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
V, D = 12, 16


class TinyLM(nn.Module):
    def __init__(self, dim, layers):
        super().__init__()
        self.emb = nn.Embedding(V, dim)
        self.blocks = nn.ModuleList(nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, dim),
                                                  nn.GELU()) for _ in range(layers))
        self.head = nn.Linear(dim, V)

    def forward(self, idx):
        x = self.emb(idx).cumsum(1) / torch.arange(1, idx.shape[1] + 1)[None, :, None]
        for b in self.blocks:
            x = x + b(x)
        return self.head(x)


target = TinyLM(D, 3).eval()
draft = TinyLM(8, 1).eval()
for p in draft.parameters():
    p.data.mul_(0.5)


@torch.no_grad()
def speculative_generate(prefix, n_new, gamma=3, temperature=1.0, generator=None):
    seq = prefix.clone()
    accepted_total = drafted_total = 0
    while seq.shape[1] < prefix.shape[1] + n_new:
        draft_seq = seq.clone()
        qs = []
        for _ in range(gamma):
            q = F.softmax(draft(draft_seq)[:, -1] / temperature, -1)
            tok = torch.multinomial(q, 1, generator=generator)
            qs.append(q)
            draft_seq = torch.cat([draft_seq, tok], 1)
        p_all = F.softmax(target(draft_seq)[:, -gamma - 1:] / temperature, -1)
        n_acc = 0
        for i in range(gamma):
            tok = draft_seq[0, seq.shape[1] + i]
            p_tok, q_tok = p_all[0, i, tok], qs[i][0, tok]
            r = torch.rand(1, generator=generator)
            if r < torch.clamp(p_tok / q_tok, max=1.0):
                n_acc += 1
            else:
                break
        drafted_total += gamma
        accepted_total += n_acc
        seq = draft_seq[:, :seq.shape[1] + n_acc]
        if n_acc < gamma:
            residual = torch.clamp(p_all[:, n_acc] - qs[n_acc], min=0)
            residual = residual / residual.sum(-1, keepdim=True)
            nxt = torch.multinomial(residual, 1, generator=generator)
        else:
            nxt = torch.multinomial(p_all[:, -1], 1, generator=generator)
        seq = torch.cat([seq, nxt], 1)
    return seq[:, :prefix.shape[1] + n_new], accepted_total, drafted_total


gen = torch.Generator().manual_seed(42)
prefix = torch.tensor([[1, 5, 7]])
out, acc, drafted = speculative_generate(prefix, 10, generator=gen)
print("speculative", out.tolist(), "accepted", acc, "of", drafted)
with torch.no_grad():
    p = F.softmax(target(prefix)[:, -1], -1)
    q = F.softmax(draft(prefix)[:, -1], -1)
    print("acceptance rate", round((torch.minimum(p, q).sum()).item(), 5))
    print("total variation", round((0.5 * (p - q).abs().sum()).item(), 5))


@torch.no_grad()
def contrastive_decode(prefix, steps, alpha=0.1, beta=0.5):
    seq = prefix
    for _ in range(steps):
        exp_logits = target(seq)[:, -1]
        ama_logits = draft(seq)[:, -1]
        cutoff = torch.log(torch.tensor(alpha)) + exp_logits.max(dim=-1, keepdim=True).values
        diffs = (1 + beta) * exp_logits - beta * ama_logits
        cd_logits = diffs.masked_fill(exp_logits < cutoff, -float("inf"))
        seq = torch.cat([seq, cd_logits.argmax(-1, keepdim=True)], 1)
    return seq, cd_logits


seq, last = contrastive_decode(prefix, 6)
print("contrastive", seq.tolist())
print("mask", torch.isinf(last).sum().item(), "kept", F.softmax(last, -1).gt(0).sum().item())
with torch.no_grad():
    lp_exp = F.log_softmax(target(prefix)[:, -1], -1)
    lp_ama = F.log_softmax(draft(prefix)[:, -1], -1)
    print("greedy", lp_exp.argmax().item(), "contrastive score", (lp_exp - lp_ama).topk(3))


class DoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r=4, alpha=8):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        out_f, in_f = base.weight.shape
        self.lora_A = nn.Parameter(torch.randn(r, in_f) / r)
        self.lora_B = nn.Parameter(torch.zeros(out_f, r))
        self.scaling = alpha / r
        self.magnitude = nn.Parameter(
            torch.linalg.vector_norm(base.weight, dim=1, keepdim=True).detach().clone())

    def forward(self, x):
        delta = self.lora_B @ self.lora_A * self.scaling
        weight = self.base.weight + delta
        norm = torch.linalg.vector_norm(weight, dim=1, keepdim=True).detach()
        return F.linear(x, self.magnitude * weight / norm, self.base.bias)


base = nn.Linear(D, 6)
dora = DoRALinear(base)
x = torch.randn(32, D)
ytrue = torch.randn(32, 6)
print("dora == base at init", torch.allclose(dora(x), base(x), atol=1e-6))
print("trainable", [n for n, p in dora.named_parameters() if p.requires_grad])
opt = torch.optim.AdamW([p for p in dora.parameters() if p.requires_grad], lr=1e-2)
for step in range(6):
    loss = F.mse_loss(dora(x), ytrue)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"dora step {step} loss {loss.item():.5f} mag {dora.magnitude.norm().item():.5f}")
print("norms", torch.linalg.vector_norm(base.weight, dim=1)[:3],
      torch.linalg.vector_norm(base.weight, ord=1, dim=1)[:3],
      torch.linalg.vector_norm(base.weight, ord=float("inf")))
with torch.no_grad():
    merged = dora.magnitude * (base.weight + dora.lora_B @ dora.lora_A * dora.scaling)
    merged = merged / torch.linalg.vector_norm(base.weight + dora.lora_B @ dora.lora_A *
                                               dora.scaling, dim=1, keepdim=True)
    print("merged equals", torch.allclose(F.linear(x, merged, base.bias), dora(x), atol=1e-5))


class STEQuant4(torch.autograd.Function):
    @staticmethod
    def forward(ctx, w, group_size):
        shape = w.shape
        wg = w.reshape(-1, group_size)
        scale = wg.abs().amax(-1, keepdim=True).clamp(min=1e-8) / 7
        q = torch.clamp(torch.round(wg / scale), -8, 7)
        return (q * scale).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


w = torch.randn(6, D, requires_grad=True)
wq = STEQuant4.apply(w, 8)
print("levels per group", [wq.reshape(-1, 8)[i].unique().numel() for i in range(3)])
err = (wq - w).abs()
print("quant error", round(err.max().item(), 5), "mean", round(err.mean().item(), 5))
(wq * torch.arange(D)).sum().backward()
print("STE grad", w.grad[0, :5])
# the detach trick instead of a Function
w2 = w.detach().clone().requires_grad_()
scale = w2.detach().abs().amax(-1, keepdim=True) / 7
w_ste = w2 + ((w2 / scale).round().clamp(-8, 7) * scale - w2).detach()
print("detach trick", torch.equal(w_ste.reshape(-1), STEQuant4.apply(w2.detach(), D).reshape(-1)))
w_ste.sum().backward()
print("grad ones", torch.equal(w2.grad, torch.ones_like(w2)))
scale_c = w.detach().abs().amax(-1) / 7
fq = torch.fake_quantize_per_channel_affine(w.detach(), scale_c,
                                             torch.zeros(6, dtype=torch.int32), 0, -8, 7)
print("fake_quantize agrees", torch.allclose(fq, STEQuant4.apply(w.detach(), D), atol=1e-6))
print("round half even", torch.round(torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])))
nibbles = torch.tensor([3, -2, 7, -8]) & 0xF
packed = (nibbles[0::2] | (nibbles[1::2] << 4)).to(torch.uint8)
print("packed nibbles", packed, packed.dtype)
lo = (packed & 0xF).to(torch.int8)
hi = (packed >> 4).to(torch.int8)
unpack = torch.stack([lo, hi], -1).flatten()
print("unpacked", torch.where(unpack > 7, unpack - 16, unpack))
