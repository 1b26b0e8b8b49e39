import torch
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

# A small Mixtral-flavoured decoder as LLM repos write it: RMSNorm computed in float32,
# rotary embeddings through torch.polar / view_as_complex / view_as_real, grouped-query
# attention with F.scaled_dot_product_attention(enable_gqa=True) under a sliding-window mask,
# ALiBi biases, a top-2 mixture of experts dispatched with topk/softmax/index_add_, a KV cache
# grown with torch.cat and trimmed with narrow, PEFT-style prefix tuning and IA3 scaling, and
# gradient checkpointing with use_reentrant=False.
torch.manual_seed(0)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        input_dtype = x.dtype
        x = x.to(torch.float32)
        variance = x.pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(variance + self.eps)
        return self.weight * x.to(input_dtype)


def precompute_freqs_cis(dim, end, theta=10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    t = torch.arange(end, device=freqs.device)
    freqs = torch.outer(t, freqs).float()
    return torch.polar(torch.ones_like(freqs), freqs)


def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.float().reshape(*xk.shape[:-1], -1, 2))
    freqs_cis = freqs_cis.view(1, xq_.shape[1], 1, xq_.shape[-1])
    xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)
    xk_out = torch.view_as_real(xk_ * freqs_cis).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)


def sliding_window_mask(q_len, kv_len, window, device=None):
    q_pos = torch.arange(kv_len - q_len, kv_len, device=device).unsqueeze(1)
    k_pos = torch.arange(kv_len, device=device).unsqueeze(0)
    return (k_pos <= q_pos) & (k_pos > q_pos - window)


def alibi_slopes(n_heads):
    start = 2 ** (-(2 ** -(math.log2(n_heads) - 3)))
    return torch.tensor([start * start ** i for i in range(n_heads)])


class Attention(nn.Module):
    def __init__(self, dim, n_heads, n_kv_heads, window):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = n_heads, n_kv_heads, dim // n_heads
        self.wq = nn.Linear(dim, n_heads * self.head_dim, bias=False)
        self.wk = nn.Linear(dim, n_kv_heads * self.head_dim, bias=False)
        self.wv = nn.Linear(dim, n_kv_heads * self.head_dim, bias=False)
        self.wo = nn.Linear(n_heads * self.head_dim, dim, bias=False)
        self.window = window
        self.ia3_v = None

    def forward(self, x, freqs_cis, cache=None, prefix=None):
        B, T, _ = x.shape
        q = self.wq(x).view(B, T, self.n_heads, self.head_dim)
        k = self.wk(x).view(B, T, self.n_kv_heads, self.head_dim)
        v = self.wv(x).view(B, T, self.n_kv_heads, self.head_dim)
        if self.ia3_v is not None:
            v = v * self.ia3_v.view(1, 1, self.n_kv_heads, self.head_dim)
        q, k = apply_rotary_emb(q, k, freqs_cis)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if "k" in cache:
                k = torch.cat([cache["k"], k], dim=2)
                v = torch.cat([cache["v"], v], dim=2)
            keep = min(k.shape[2], self.window)
            cache["k"] = k.narrow(2, k.shape[2] - keep, keep)
            cache["v"] = v.narrow(2, v.shape[2] - keep, keep)
        mask = sliding_window_mask(T, k.shape[2], self.window, x.device)
        if prefix is not None:
            pk, pv = prefix
            k = torch.cat([pk.expand(B, -1, -1, -1), k], dim=2)
            v = torch.cat([pv.expand(B, -1, -1, -1), v], dim=2)
            mask = torch.cat([torch.ones(T, pk.shape[2], dtype=torch.bool), mask], dim=1)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, enable_gqa=True)
        return self.wo(out.transpose(1, 2).reshape(B, T, -1))


class MoE(nn.Module):
    def __init__(self, dim, hidden, num_experts=4, top_k=2):
        super().__init__()
        self.gate = nn.Linear(dim, num_experts, bias=False)
        self.experts = nn.ModuleList([nn.ModuleDict({
            "w1": nn.Linear(dim, hidden, bias=False), "w2": nn.Linear(hidden, dim, bias=False),
            "w3": nn.Linear(dim, hidden, bias=False)}) for _ in range(num_experts)])
        self.top_k = top_k

    def forward(self, x):
        shape = x.shape
        x = x.view(-1, shape[-1])
        router_logits = self.gate(x)
        routing_weights = F.softmax(router_logits, dim=1, dtype=torch.float)
        routing_weights, selected = torch.topk(routing_weights, self.top_k, dim=-1)
        routing_weights /= routing_weights.sum(dim=-1, keepdim=True)
        routing_weights = routing_weights.to(x.dtype)
        final = torch.zeros_like(x)
        expert_mask = F.one_hot(selected, num_classes=len(self.experts)).permute(2, 1, 0)
        for e, expert in enumerate(self.experts):
            idx, top_x = torch.where(expert_mask[e])
            if top_x.numel() == 0:
                continue
            current = x[top_x]
            h = expert["w2"](F.silu(expert["w1"](current)) * expert["w3"](current))
            final.index_add_(0, top_x, h * routing_weights[top_x, idx, None])
        # Switch-style load-balancing loss
        tokens_per_expert = expert_mask.float().sum(-1).sum(-1) / x.shape[0]
        aux = len(self.experts) * (tokens_per_expert * router_logits.softmax(-1).mean(0)).sum()
        return final.view(shape), aux, selected


class Block(nn.Module):
    def __init__(self, dim, n_heads, n_kv_heads, window):
        super().__init__()
        self.attention_norm = RMSNorm(dim)
        self.attention = Attention(dim, n_heads, n_kv_heads, window)
        self.ffn_norm = RMSNorm(dim)
        self.moe = MoE(dim, dim * 2)

    def forward(self, x, freqs_cis, cache=None, prefix=None):
        h = x + self.attention(self.attention_norm(x), freqs_cis, cache, prefix)
        m, aux, _ = self.moe(self.ffn_norm(h))
        return h + m, aux


class Transformer(nn.Module):
    def __init__(self, vocab=32, dim=32, n_layers=2, n_heads=4, n_kv_heads=2, window=6,
                 max_len=32, grad_ckpt=False):
        super().__init__()
        self.tok_embeddings = nn.Embedding(vocab, dim)
        self.layers = nn.ModuleList([Block(dim, n_heads, n_kv_heads, window)
                                     for _ in range(n_layers)])
        self.norm = RMSNorm(dim)
        self.output = nn.Linear(dim, vocab, bias=False)
        self.register_buffer("freqs_cis", precompute_freqs_cis(dim // n_heads, max_len),
                             persistent=False)
        self.grad_ckpt = grad_ckpt

    def forward(self, tokens, start_pos=0, caches=None, prefixes=None):
        T = tokens.shape[1]
        h = self.tok_embeddings(tokens)
        freqs_cis = self.freqs_cis[start_pos:start_pos + T]
        aux_total = 0.0
        for i, layer in enumerate(self.layers):
            cache = caches[i] if caches is not None else None
            prefix = prefixes[i] if prefixes is not None else None
            if self.grad_ckpt and self.training:
                h, aux = checkpoint(layer, h, freqs_cis, cache, prefix, use_reentrant=False)
            else:
                h, aux = layer(h, freqs_cis, cache, prefix)
            aux_total = aux_total + aux
        return self.output(self.norm(h)).float(), aux_total


model = Transformer()
print("freqs_cis", model.freqs_cis.dtype, model.freqs_cis.shape, model.freqs_cis[1, :2])
print("state_dict has freqs_cis:", "freqs_cis" in model.state_dict())
print("alibi slopes", alibi_slopes(4), alibi_slopes(8)[:3])
print(sliding_window_mask(4, 6, 3).int())

data = torch.randint(0, 32, (4, 13))
x, y = data[:, :-1], data[:, 1:]
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.1)
for step in range(4):
    logits, aux = model(x)
    loss = F.cross_entropy(logits.reshape(-1, 32), y.reshape(-1)) + 0.01 * aux
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    print(f"step {step} loss {loss.item():.4f} aux {aux.item():.4f}")
_, _, selected = model.layers[0].moe(model.layers[0].ffn_norm(model.tok_embeddings(x[:1, :4])))
print("experts chosen", selected.tolist())

# gradient checkpointing gives the same gradients
model.zero_grad()
model.train()
logits, aux = model(x)
F.cross_entropy(logits.reshape(-1, 32), y.reshape(-1)).backward()
plain = [p.grad.clone() for p in model.parameters()]
model.zero_grad()
model.grad_ckpt = True
logits, aux = model(x)
F.cross_entropy(logits.reshape(-1, 32), y.reshape(-1)).backward()
same = all(torch.allclose(a, p.grad, atol=1e-6) for a, p in zip(plain, model.parameters()))
print("checkpointed grads match", same)
model.grad_ckpt = False

# incremental decoding with a KV cache must reproduce the full forward
model.eval()
with torch.no_grad():
    prompt = data[:2, :5]
    full, _ = model(data[:2, :8])
    caches = [{} for _ in model.layers]
    out, _ = model(prompt, 0, caches)
    steps = [out[:, -1]]
    for pos in range(5, 8):
        out, _ = model(data[:2, pos:pos + 1], pos, caches)
        steps.append(out[:, -1])
    print("cache shapes", [tuple(c["k"].shape) for c in caches])
    print("cached == full", torch.allclose(torch.stack(steps, 1), full[:, 4:8], atol=1e-5))
    # greedy generation with the cache
    caches = [{} for _ in model.layers]
    tokens = data[:1, :3]
    out, _ = model(tokens, 0, caches)
    generated = tokens
    for pos in range(3, 10):
        nxt = out[:, -1].argmax(-1, keepdim=True)
        generated = torch.cat([generated, nxt], dim=1)
        out, _ = model(nxt, pos, caches)
    print("generated", generated.tolist())

# PEFT: freeze the base, learn prefix key/values per layer and IA3 scaling vectors
for p in model.parameters():
    p.requires_grad_(False)
prefixes = nn.ParameterList()
for layer in model.layers:
    att = layer.attention
    att.ia3_v = nn.Parameter(torch.ones(att.n_kv_heads * att.head_dim))
    prefixes.append(nn.Parameter(torch.randn(1, att.n_kv_heads, 3, att.head_dim) * 0.02))
    prefixes.append(nn.Parameter(torch.randn(1, att.n_kv_heads, 3, att.head_dim) * 0.02))
peft_params = list(prefixes) + [layer.attention.ia3_v for layer in model.layers]
print("trainable", sum(p.numel() for p in peft_params), "frozen",
      sum(p.numel() for p in model.parameters() if not p.requires_grad))
model.train()
opt = torch.optim.Adam(peft_params, lr=1e-2)
pairs = [(prefixes[2 * i], prefixes[2 * i + 1]) for i in range(len(model.layers))]
for step in range(3):
    logits, _ = model(x, prefixes=pairs)
    loss = F.cross_entropy(logits.reshape(-1, 32), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"peft step {step} loss {loss.item():.4f} ia3 mean "
          f"{model.layers[0].attention.ia3_v.mean().item():.5f}")
print("base weight grad", model.output.weight.grad)

# ALiBi as an additive float mask with GQA
q = torch.randn(1, 4, 5, 8)
k = torch.randn(1, 2, 5, 8)
v = torch.randn(1, 2, 5, 8)
pos = torch.arange(5)
bias = alibi_slopes(4).view(4, 1, 1) * (pos.view(1, 1, 5) - pos.view(1, 5, 1)).float()
bias = bias.masked_fill(pos.view(1, 5) > pos.view(5, 1), float("-inf"))
o = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.unsqueeze(0), enable_gqa=True)
ref = torch.softmax(q @ k.repeat_interleave(2, 1).transpose(-1, -2) / math.sqrt(8) + bias,
                    -1) @ v.repeat_interleave(2, 1)
print("alibi sdpa", o.shape, torch.allclose(o, ref, atol=1e-6))
try:
    F.scaled_dot_product_attention(q, k, v)
except RuntimeError as e:
    print("RuntimeError:", e)
