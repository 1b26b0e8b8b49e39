import torch
import torch.nn.functional as F
from torch import nn

# A LLaMA-style decoder as people write it today: RMSNorm, rotary position embeddings through
# complex numbers (polar / view_as_complex / view_as_real), a SwiGLU MLP, grouped-query attention
# whose key/value heads are shared with repeat_interleave, causal scaled_dot_product_attention,
# a few AdamW steps, then greedy generation with a KV cache under inference_mode.

torch.manual_seed(0)
VOCAB, DIM, HEADS, KV_HEADS, LAYERS, MAX_LEN = 32, 32, 4, 2, 2, 24
HEAD_DIM = DIM // HEADS


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def precompute_freqs_cis(dim, end, theta=10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: dim // 2].float() / dim))
    t = torch.arange(end, dtype=torch.float32)
    freqs = torch.outer(t, freqs)
    return torch.polar(torch.ones_like(freqs), freqs)


def apply_rotary_emb(x, freqs_cis):
    x_complex = torch.view_as_complex(x.float().reshape(*x.shape[:-1], -1, 2))
    freqs_cis = freqs_cis.view(1, x_complex.shape[1], 1, x_complex.shape[-1])
    return torch.view_as_real(x_complex * freqs_cis).flatten(3).type_as(x)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.wq = nn.Linear(DIM, HEADS * HEAD_DIM, bias=False)
        self.wk = nn.Linear(DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.wv = nn.Linear(DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.wo = nn.Linear(HEADS * HEAD_DIM, DIM, bias=False)
        self.cache_k = self.cache_v = None

    def forward(self, x, freqs_cis, start_pos=0, use_cache=False):
        bsz, seqlen, _ = x.shape
        q = self.wq(x).view(bsz, seqlen, HEADS, HEAD_DIM)
        k = self.wk(x).view(bsz, seqlen, KV_HEADS, HEAD_DIM)
        v = self.wv(x).view(bsz, seqlen, KV_HEADS, HEAD_DIM)
        q, k = apply_rotary_emb(q, freqs_cis), apply_rotary_emb(k, freqs_cis)
        if use_cache:
            if start_pos == 0:
                self.cache_k = torch.zeros(bsz, MAX_LEN, KV_HEADS, HEAD_DIM)
                self.cache_v = torch.zeros(bsz, MAX_LEN, KV_HEADS, HEAD_DIM)
            self.cache_k[:, start_pos:start_pos + seqlen] = k
            self.cache_v[:, start_pos:start_pos + seqlen] = v
            k = self.cache_k[:, :start_pos + seqlen]
            v = self.cache_v[:, :start_pos + seqlen]
        k = k.repeat_interleave(HEADS // KV_HEADS, dim=2)
        v = v.repeat_interleave(HEADS // KV_HEADS, dim=2)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        out = F.scaled_dot_product_attention(q, k, v, is_causal=seqlen > 1)
        return self.wo(out.transpose(1, 2).contiguous().view(bsz, seqlen, -1))


class FeedForward(nn.Module):
    def __init__(self, hidden=64):
        super().__init__()
        self.w1 = nn.Linear(DIM, hidden, bias=False)
        self.w2 = nn.Linear(hidden, DIM, bias=False)
        self.w3 = nn.Linear(DIM, hidden, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention_norm, self.ffn_norm = RMSNorm(DIM), RMSNorm(DIM)
        self.attention, self.feed_forward = Attention(), FeedForward()

    def forward(self, x, freqs_cis, start_pos=0, use_cache=False):
        h = x + self.attention(self.attention_norm(x), freqs_cis, start_pos, use_cache)
        return h + self.feed_forward(self.ffn_norm(h))


class Llama(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok_embeddings = nn.Embedding(VOCAB, DIM)
        self.layers = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm = RMSNorm(DIM)
        self.output = nn.Linear(DIM, VOCAB, bias=False)
        self.register_buffer("freqs_cis", precompute_freqs_cis(HEAD_DIM, MAX_LEN),
                             persistent=False)

    def forward(self, tokens, start_pos=0, use_cache=False):
        h = self.tok_embeddings(tokens)
        freqs_cis = self.freqs_cis[start_pos:start_pos + tokens.shape[1]]
        for layer in self.layers:
            h = layer(h, freqs_cis, start_pos, use_cache)
        return self.output(self.norm(h)).float()


model = Llama()
print("parameters", sum(p.numel() for p in model.parameters()))
print("freqs_cis", model.freqs_cis.dtype, tuple(model.freqs_cis.shape),
      model.freqs_cis[3, :2])
# A cyclic sequence task: the next token is (token + 3) mod VOCAB.
start = torch.randint(0, VOCAB, (8, 1))
data = (start + 3 * torch.arange(17)) % VOCAB
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.1)
for step in range(6):
    logits = model(data[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), data[:, 1:].reshape(-1))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f} grad norm {norm.item():.4f}")

model.eval()
with torch.inference_mode():
    prompt = data[:2, :4]
    full = model(prompt)
    cached = model(prompt, start_pos=0, use_cache=True)
    print("cache prefill matches", torch.allclose(full, cached, atol=1e-5))
    tokens = prompt
    next_token = cached[:, -1].argmax(-1, keepdim=True)
    for pos in range(prompt.shape[1], prompt.shape[1] + 6):
        tokens = torch.cat([tokens, next_token], dim=1)
        logits = model(next_token, start_pos=pos, use_cache=True)
        next_token = logits[:, -1].argmax(-1, keepdim=True)
    print("generated", tokens.tolist())
    print("inference tensor", tokens.is_inference(), logits.requires_grad)
    recomputed = model(tokens)[:, -1]
    print("cache step matches full pass", torch.allclose(recomputed, logits[:, -1], atol=1e-4))
