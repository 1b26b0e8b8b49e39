import torch

# A Llama-style decoder as LLM repositories write it: rotary embeddings as complex numbers
# (torch.polar, view_as_complex / view_as_real, type_as), nn.RMSNorm next to an RMSNorm by
# hand, a SwiGLU feed-forward, grouped-query attention through
# F.scaled_dot_product_attention(enable_gqa=True, scale=...) inside
# torch.nn.attention.sdpa_kernel (and a causal_lower_right bias for a chunk of queries
# against a cache), a static KV cache written with index_copy_, tied input and
# output embeddings, and a generate loop under torch.inference_mode() with a repetition
# penalty (gather / scatter_), top-k and top-p filtering (sort, cumsum, masked_fill).
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.nn.attention.bias import causal_lower_right

torch.manual_seed(0)


def precompute_freqs_cis(dim, end, theta=10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: dim // 2].float() / dim))
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


class HandRMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        x_float = x.float()
        normed = x_float * torch.rsqrt(x_float.pow(2).mean(-1, keepdim=True) + self.eps)
        return normed.type_as(x) * self.weight


class Attention(nn.Module):
    def __init__(self, dim, n_heads, n_kv_heads, max_len):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.head_dim = n_heads, n_kv_heads, dim // n_heads
        self.wq = nn.Linear(dim, n_heads * self.head_dim, bias=False)
        self.wk = nn.Linear(dim, n_kv_heads * self.head_dim, bias=False)
        self.wv = nn.Linear(dim, n_kv_heads * self.head_dim, bias=False)
        self.wo = nn.Linear(n_heads * self.head_dim, dim, bias=False)
        self.register_buffer("cache_k", torch.zeros(1, n_kv_heads, max_len, self.head_dim),
                             persistent=False)
        self.register_buffer("cache_v", torch.zeros(1, n_kv_heads, max_len, self.head_dim),
                             persistent=False)

    def forward(self, x, freqs_cis, start_pos=None):
        b, s, _ = x.shape
        q = self.wq(x).view(b, s, self.n_heads, self.head_dim)
        k = self.wk(x).view(b, s, self.n_kv_heads, self.head_dim)
        v = self.wv(x).view(b, s, self.n_kv_heads, self.head_dim)
        q, k = apply_rotary_emb(q, k, freqs_cis)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        if start_pos is None:  # training: the whole sequence, causal
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True,
                                                 scale=1 / math.sqrt(self.head_dim))
        else:
            positions = torch.arange(start_pos, start_pos + s)
            self.cache_k.index_copy_(2, positions, k)
            self.cache_v.index_copy_(2, positions, v)
            keys = self.cache_k[:, :, : start_pos + s]
            values = self.cache_v[:, :, : start_pos + s]
            mask = torch.ones(s, start_pos + s, dtype=torch.bool).tril(diagonal=start_pos)
            out = F.scaled_dot_product_attention(q, keys, values, attn_mask=mask,
                                                 enable_gqa=True, scale=self.head_dim ** -0.5)
        return self.wo(out.transpose(1, 2).reshape(b, s, -1))


class SwiGLU(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.w1 = nn.Linear(dim, hidden, bias=False)
        self.w2 = nn.Linear(hidden, dim, bias=False)
        self.w3 = nn.Linear(dim, hidden, bias=False)

    def forward(self, x):
        return self.w2(F.silu(self.w1(x)) * self.w3(x))


class Block(nn.Module):
    def __init__(self, dim, n_heads, n_kv_heads, max_len):
        super().__init__()
        self.attention_norm = nn.RMSNorm(dim, eps=1e-6)
        self.attention = Attention(dim, n_heads, n_kv_heads, max_len)
        self.ffn_norm = HandRMSNorm(dim)
        self.feed_forward = SwiGLU(dim, 4 * dim * 2 // 3)

    def forward(self, x, freqs_cis, start_pos=None):
        h = x + self.attention(self.attention_norm(x), freqs_cis, start_pos)
        return h + self.feed_forward(self.ffn_norm(h))


class Transformer(nn.Module):
    def __init__(self, vocab=17, dim=16, n_layers=2, n_heads=4, n_kv_heads=2, max_len=24):
        super().__init__()
        self.tok_embeddings = nn.Embedding(vocab, dim)
        self.layers = nn.ModuleList(Block(dim, n_heads, n_kv_heads, max_len)
                                    for _ in range(n_layers))
        self.norm = nn.RMSNorm(dim)
        self.output = nn.Linear(dim, vocab, bias=False)
        self.output.weight = self.tok_embeddings.weight  # weight tying
        self.register_buffer("freqs_cis", precompute_freqs_cis(dim // n_heads, max_len),
                             persistent=False)

    def forward(self, tokens, start_pos=None):
        s = tokens.shape[1]
        offset = 0 if start_pos is None else start_pos
        freqs = self.freqs_cis[offset: offset + s]
        h = self.tok_embeddings(tokens)
        for layer in self.layers:
            h = layer(h, freqs, start_pos)
        return self.output(self.norm(h)).float()


freqs = precompute_freqs_cis(4, 3)
print("freqs_cis", freqs.dtype, freqs)
print("as real", torch.view_as_real(freqs)[2])
x = torch.randn(2, 5, 8)
print("RMSNorm", nn.RMSNorm(8), nn.RMSNorm([5, 8], eps=None, elementwise_affine=False))
print("by hand vs module", torch.allclose(HandRMSNorm(8)(x), nn.RMSNorm(8, eps=1e-6)(x)),
      (F.rms_norm(x, (8,)) - HandRMSNorm(8, eps=torch.finfo(torch.float32).eps)(x)).abs().max()
      < 1e-6)

model = Transformer()
print(model.layers[0])
print("tied", model.output.weight is model.tok_embeddings.weight,
      "parameters", sum(p.numel() for p in model.parameters()),
      "state_dict keys", len(model.state_dict()))

# next-token training on a repeating pattern
pattern = torch.tensor([1, 5, 2, 9, 4, 7, 3])
seq = pattern.repeat(4)[:22]
opt = torch.optim.AdamW(model.parameters(), lr=1e-2, betas=(0.9, 0.95), weight_decay=0.1)
for step in range(25):
    with sdpa_kernel(SDPBackend.MATH):
        logits = model(seq[None, :-1])
    loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), seq[None, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 6 == 0 or step == 24:
        print(f"step {step:2d} loss {loss.item():.5f}")
print("tied grad shape", model.tok_embeddings.weight.grad.shape)

# one prefill through the cache equals the full forward
model.eval()
with torch.inference_mode():
    full = model(seq[None, :8])
    cached = model(seq[None, :8], start_pos=0)
    print("prefill matches", torch.allclose(full, cached, atol=1e-5))
    step_logits = model(seq[None, 8:9], start_pos=8)
    print("incremental matches", torch.allclose(model(seq[None, :9])[:, -1], step_logits[:, -1],
                                                atol=1e-5))


def repetition_penalty(logits, generated, penalty):
    score = torch.gather(logits, 1, generated)
    score = torch.where(score < 0, score * penalty, score / penalty)
    return logits.scatter(1, generated, score)


def top_k_top_p(logits, k, p):
    kth = torch.topk(logits, k).values[..., -1, None]
    logits = logits.masked_fill(logits < kth, float("-inf"))
    sorted_logits, sorted_index = torch.sort(logits, descending=True)
    cumulative = sorted_logits.softmax(-1).cumsum(-1)
    remove = cumulative > p
    remove[..., 1:] = remove[..., :-1].clone()
    remove[..., 0] = False
    remove = remove.scatter(1, sorted_index, remove)
    return logits.masked_fill(remove, float("-inf"))


@torch.inference_mode()
def generate(prompt, new_tokens, generator, penalty=1.3, k=5, p=0.9, temperature=0.8):
    tokens = prompt.clone()
    logits = model(tokens, start_pos=0)[:, -1]
    for _ in range(new_tokens):
        logits = repetition_penalty(logits, tokens, penalty) / temperature
        logits = top_k_top_p(logits, k, p)
        probs = F.softmax(logits, dim=-1)
        nxt = torch.multinomial(probs, 1, generator=generator)
        tokens = torch.cat([tokens, nxt], dim=1)
        logits = model(nxt, start_pos=tokens.shape[1] - 1)[:, -1]
    return tokens, probs


g = torch.Generator().manual_seed(42)
out, last_probs = generate(seq[None, :5], 10, g)
print("generated", out.tolist())
print("last probs", last_probs)
print("inference tensor", out.is_inference(), out.requires_grad)
greedy_logits = model(seq[None, :7]).detach()
print("greedy", greedy_logits[0, -1].argmax().item())

tied = torch.tensor([[1.0, 3.0, 3.0, 2.0, 3.0]])
values, index = torch.topk(tied, 2)
# which of the tied indices topk returns is where torch's CPU selection leaves them; code
# that needs an order asks sort(stable=True)
print("topk ties", values, index, torch.topk(tied, 3, largest=False, sorted=False).indices,
      torch.sort(tied, descending=True, stable=True))
# a chunk of 3 new queries against 7 cached keys: the causal triangle anchored bottom right
chunk_q, cached_k = torch.randn(1, 4, 3, 4), torch.randn(1, 2, 7, 4)
bias = causal_lower_right(3, 7)
print("lower-right bias", bias)
chunk = F.scaled_dot_product_attention(chunk_q, cached_k, cached_k, attn_mask=bias,
                                       enable_gqa=True)
print("chunk", chunk[0, 1], torch.allclose(chunk, F.scaled_dot_product_attention(
    chunk_q, cached_k, cached_k, attn_mask=bias._materialize(), enable_gqa=True)))
print("backends", SDPBackend.MATH, [str(b) for b in (SDPBackend.FLASH_ATTENTION,)])
penalised = repetition_penalty(torch.tensor([[2.0, -1.0, 0.5]]), torch.tensor([[0, 1, 1]]), 2.0)
print("penalty", penalised)
try:
    F.scaled_dot_product_attention(torch.randn(1, 4, 3, 8), torch.randn(1, 3, 3, 8),
                                   torch.randn(1, 3, 3, 8), enable_gqa=True)
except RuntimeError as error:
    print("RuntimeError", str(error).splitlines()[0])
