import torch

# A small decoder with grouped-query attention as Llama-style code writes it: F.scaled_dot_
# product_attention with enable_gqa, is_causal, and a boolean and an additive attn_mask; a KV
# cache grown with torch.cat during generation; sampling with temperature, top-k, top-p
# (nucleus) filtering, a repetition penalty, torch.multinomial with a seeded Generator; and
# greedy/beam-free decoding checked against the full (uncached) forward.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class GQAttention(nn.Module):
    def __init__(self, dim=32, n_heads=4, n_kv_heads=2):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = n_heads, n_kv_heads, dim // n_heads
        self.q = nn.Linear(dim, n_heads * self.head_dim, bias=False)
        self.kv = nn.Linear(dim, 2 * n_kv_heads * self.head_dim, bias=False)
        self.o = nn.Linear(dim, dim, bias=False)

    def forward(self, x, cache=None, mask=None):
        b, t, _ = x.shape
        q = self.q(x).view(b, t, self.n_heads, self.head_dim).transpose(1, 2)
        k, v = self.kv(x).view(b, t, 2, self.n_kv_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        if cache is not None:
            k = torch.cat([cache[0], k], dim=2)
            v = torch.cat([cache[1], v], dim=2)
        if mask is None and cache is None:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        else:
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, enable_gqa=True)
        return self.o(out.transpose(1, 2).reshape(b, t, -1)), (k, v)


class Decoder(nn.Module):
    def __init__(self, vocab=20, dim=32, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.blocks = nn.ModuleList(GQAttention(dim) for _ in range(layers))
        self.norms = nn.ModuleList(nn.RMSNorm(dim) for _ in range(layers))
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(dim, 64), nn.SiLU(), nn.Linear(64, dim))
                                  for _ in range(layers))
        self.head = nn.Linear(dim, vocab, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, tokens, caches=None, mask=None):
        h = self.embed(tokens)
        new_caches = []
        for i, (block, norm, mlp) in enumerate(zip(self.blocks, self.norms, self.mlps)):
            attn, cache = block(norm(h), None if caches is None else caches[i], mask)
            h = h + attn
            h = h + mlp(h)
            new_caches.append(cache)
        return self.head(h), new_caches


model = Decoder()
tokens = torch.randint(0, 20, (4, 12))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.1)
for step in range(6):
    logits, _ = model(tokens[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, 20), tokens[:, 1:].reshape(-1))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.5f}")

# The same attention through every mask spelling.
q = torch.randn(2, 4, 5, 8, dtype=torch.float64)
k = torch.randn(2, 2, 5, 8, dtype=torch.float64)
v = torch.randn(2, 2, 5, 8, dtype=torch.float64)
causal = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
bool_mask = torch.ones(5, 5, dtype=torch.bool).tril()
with_bool = F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask, enable_gqa=True)
additive = torch.zeros(5, 5, dtype=torch.float64).masked_fill(~bool_mask, float("-inf"))
with_float = F.scaled_dot_product_attention(q, k, v, attn_mask=additive, enable_gqa=True)
expanded = F.scaled_dot_product_attention(q, k.repeat_interleave(2, dim=1),
                                          v.repeat_interleave(2, dim=1), is_causal=True)
print("masks agree", torch.allclose(causal, with_bool), torch.allclose(causal, with_float),
      torch.allclose(causal, expanded))
manual = (q @ k.repeat_interleave(2, 1).transpose(-2, -1) / math.sqrt(8) + additive).softmax(-1)
print("manual", torch.allclose(manual @ v.repeat_interleave(2, 1), causal))
scaled = F.scaled_dot_product_attention(q, k, v, enable_gqa=True, scale=0.5)
print("scale kwarg", scaled[0, 0, 0])
padding = torch.tensor([[True] * 5, [True] * 3 + [False] * 2]).view(2, 1, 1, 5)
padded = F.scaled_dot_product_attention(q, k, v, attn_mask=padding, enable_gqa=True)
print("key padding", padded[1, 3, :2])
qg = q.clone().requires_grad_()
kg = k.clone().requires_grad_()
F.scaled_dot_product_attention(qg, kg, v, attn_mask=bool_mask, enable_gqa=True).pow(2).sum().backward()
print("grads", qg.grad.norm().item(), kg.grad.norm().item(), kg.grad.shape)


def filter_logits(logits, top_k=0, top_p=1.0, temperature=1.0):
    logits = logits / temperature
    if top_k > 0:
        kth = torch.topk(logits, top_k).values[..., -1, None]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, sorted_index = torch.sort(logits, descending=True)
        cumulative = sorted_logits.softmax(-1).cumsum(-1)
        remove = cumulative > top_p
        remove[..., 1:] = remove[..., :-1].clone()
        remove[..., 0] = False
        logits = logits.masked_fill(remove.scatter(-1, sorted_index, remove), float("-inf"))
    return logits


@torch.no_grad()
def generate(model, prompt, steps, generator, **kwargs):
    model.eval()
    logits, caches = model(prompt)
    out = prompt
    for _ in range(steps):
        last = logits[:, -1]
        seen = torch.zeros_like(last, dtype=torch.bool).scatter_(1, out, True)
        last = torch.where(seen, torch.where(last > 0, last / 1.3, last * 1.3), last)
        probs = filter_logits(last, **kwargs).softmax(-1)
        nxt = torch.multinomial(probs, 1, generator=generator)
        out = torch.cat([out, nxt], dim=1)
        logits, caches = model(nxt, caches)
    return out


gen = torch.Generator().manual_seed(1234)
prompt = tokens[:2, :3]
print(generate(model, prompt, 8, gen, top_k=5, temperature=0.8))
print(generate(model, prompt, 8, gen, top_p=0.7))
print(generate(model, prompt, 8, gen, top_k=8, top_p=0.9, temperature=1.5))

# Cached logits equal the full forward on the generated sequence.
with torch.no_grad():
    seq = generate(model, prompt, 5, torch.Generator().manual_seed(7), top_k=3)
    full, _ = model(seq)
    logits, caches = model(seq[:, :4])
    step_logits, caches = model(seq[:, 4:5], caches)
    print("cache consistent", torch.allclose(full[:, 4], step_logits[:, 0], atol=1e-5),
          caches[0][0].shape)

for bad in (lambda: F.scaled_dot_product_attention(q, k, v),
            lambda: F.scaled_dot_product_attention(q[:, :3], k, v, enable_gqa=True),
            lambda: torch.multinomial(torch.tensor([0.0, 0.0]), 1),
            lambda: torch.multinomial(torch.tensor([0.5, -0.1]), 1),
            lambda: torch.multinomial(torch.tensor([0.5, 0.5]), 3)):
    try:
        bad()
    except RuntimeError as error:
        print("RuntimeError:", str(error).splitlines()[0])
