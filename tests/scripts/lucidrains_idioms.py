import torch
import torch.nn.functional as F
from torch import einsum, nn

# lucidrains-style transformer idioms: exists/default helpers, einsum attention with finfo masks,
# rotary embeddings (outer + cat + rotate_half), cosine-sim attention through F.normalize, a
# ModuleList of [attn, ff] pairs, SDPA with a boolean mask, top-p sampling.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def exists(val):
    return val is not None


def default(val, d):
    return val if exists(val) else d


class RotaryEmbedding(nn.Module):
    def __init__(self, dim, theta=10000):
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2).float() / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, n, device):
        t = torch.arange(n, device=device).type_as(self.inv_freq)
        freqs = torch.outer(t, self.inv_freq)
        return torch.cat((freqs, freqs), dim=-1)


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(pos, t):
    return t * pos.cos() + rotate_half(t) * pos.sin()


class Attention(nn.Module):
    def __init__(self, dim, heads=2, dim_head=8, cosine_sim=False, scale=None):
        super().__init__()
        self.heads, self.cosine_sim = heads, cosine_sim
        self.scale = default(scale, dim_head ** -0.5)
        self.to_qkv = nn.Linear(dim, heads * dim_head * 3, bias=False)
        self.to_out = nn.Linear(heads * dim_head, dim)

    def forward(self, x, mask=None, rotary=None):
        b, n, _ = x.shape
        q, k, v = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = (t.reshape(b, n, self.heads, -1).permute(0, 2, 1, 3) for t in (q, k, v))
        if exists(rotary):
            q, k = apply_rotary_pos_emb(rotary, q), apply_rotary_pos_emb(rotary, k)
        if self.cosine_sim:
            q, k = F.normalize(q, dim=-1), F.normalize(k, dim=-1)
        sim = einsum("b h i d, b h j d -> b h i j", q, k) * self.scale
        causal = torch.ones(n, n, dtype=torch.bool).triu(1)
        sim = sim.masked_fill(causal, -torch.finfo(sim.dtype).max)
        if exists(mask):
            sim = sim.masked_fill(~mask[:, None, None, :], -torch.finfo(sim.dtype).max)
        attn = sim.softmax(dim=-1)
        out = einsum("b h i j, b h j d -> b h i d", attn, v)
        if exists(mask):
            keep = mask[:, None, None, :] & ~causal
            ref = F.scaled_dot_product_attention(q, k, v, attn_mask=keep, scale=self.scale)
            assert torch.allclose(out, ref)
        return self.to_out(out.permute(0, 2, 1, 3).reshape(b, n, -1))


class FeedForward(nn.Sequential):
    def __init__(self, dim, mult=2):
        super().__init__(nn.LayerNorm(dim), nn.Linear(dim, dim * mult * 2), GEGLU(),
                         nn.Linear(dim * mult, dim))


class GEGLU(nn.Module):
    def forward(self, x):
        x, gate = x.chunk(2, dim=-1)
        return F.gelu(gate) * x


class Transformer(nn.Module):
    def __init__(self, num_tokens, dim=16, depth=2, dim_head=8):
        super().__init__()
        self.emb = nn.Embedding(num_tokens, dim)
        self.rotary = RotaryEmbedding(dim_head)
        self.layers = nn.ModuleList([])
        for i in range(depth):
            self.layers.append(nn.ModuleList([
                nn.LayerNorm(dim), Attention(dim, dim_head=dim_head, cosine_sim=i % 2 == 1,
                                             scale=10 if i % 2 else None), FeedForward(dim)]))
        self.to_logits = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, num_tokens))

    def forward(self, x, mask=None):
        x = self.emb(x)
        rotary = self.rotary(x.shape[1], x.device)
        for norm, attn, ff in self.layers:
            x = attn(norm(x), mask=mask, rotary=rotary) + x
            x = ff(x) + x
        return self.to_logits(x)


@torch.no_grad()
def sample(model, prompt, steps, top_p=0.9, temperature=1.0):
    out = prompt
    for _ in range(steps):
        logits = model(out)[:, -1] / max(temperature, 1e-10)
        sorted_logits, sorted_idx = torch.sort(logits, descending=True)
        cum = F.softmax(sorted_logits, dim=-1).cumsum(dim=-1)
        remove = cum > top_p
        remove[..., 1:] = remove[..., :-1].clone()
        remove[..., 0] = False
        sorted_logits[remove] = float("-inf")
        probs = F.softmax(logits.scatter(1, sorted_idx, sorted_logits), dim=-1)
        out = torch.cat((out, torch.multinomial(probs, 1)), dim=-1)
    return out


model = Transformer(num_tokens=12)
print(model.layers[0][1], sum(p.numel() for p in model.parameters()))
seq = torch.randint(0, 12, (4, 9))
mask = torch.ones(4, 8, dtype=torch.bool)
mask[1, 6:] = False
mask[3, 5:] = False
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(8):
    logits = model(seq[:, :-1], mask=mask)
    loss = F.cross_entropy(logits.transpose(1, 2), seq[:, 1:].masked_fill(~mask, -100))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.8f}")
model.eval()
print(sample(model, seq[:2, :3], 6))
print(model.rotary.inv_freq, list(model.state_dict())[:3])
