import torch

# Attention variants as language-model code writes them: Transformer-XL recurrence (a
# detached memory of earlier segments, relative positions with the pad-and-reshape "rel
# shift", causal masks offset by the memory length with torch.triu), T5's bucketed relative
# position bias (log-spaced buckets with torch.where / torch.full_like), ALiBi slopes, and
# nn.TransformerEncoder in eval mode with src_key_padding_mask (torch's fast path pads the
# masked positions' outputs with zeros), scaled_dot_product_attention with boolean masks.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
D, H, SEG, MEM = 8, 2, 4, 4


def rel_shift(x):
    # x: (q, k, b, h) -> shift so column j holds relative distance q_i - j
    zero_pad = torch.zeros((x.size(0), 1, *x.size()[2:]), dtype=x.dtype)
    padded = torch.cat([zero_pad, x], dim=1)
    padded = padded.view(x.size(1) + 1, x.size(0), *x.size()[2:])
    return padded[1:].view_as(x)


class RelMultiHeadAttn(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(D, 3 * D, bias=False)
        self.r_net = nn.Linear(D, D, bias=False)
        self.o = nn.Linear(D, D, bias=False)
        self.r_w_bias = nn.Parameter(torch.randn(H, D // H) * 0.1)
        self.r_r_bias = nn.Parameter(torch.randn(H, D // H) * 0.1)
        self.norm = nn.LayerNorm(D)

    def forward(self, w, r, mems):
        qlen, bsz = w.size(0), w.size(1)
        cat = torch.cat([mems, w], 0)
        heads = self.qkv(cat)
        r_k = self.r_net(r).view(r.size(0), H, D // H)
        q, k, v = torch.chunk(heads, 3, dim=-1)
        q = q[-qlen:].view(qlen, bsz, H, D // H)
        k = k.view(cat.size(0), bsz, H, D // H)
        v = v.view(cat.size(0), bsz, H, D // H)
        ac = torch.einsum("ibnd,jbnd->ijbn", q + self.r_w_bias, k)
        bd = rel_shift(torch.einsum("ibnd,jnd->ijbn", q + self.r_r_bias, r_k))
        score = (ac + bd) / math.sqrt(D // H)
        klen = cat.size(0)
        mask = torch.triu(torch.ones(qlen, klen), diagonal=1 + klen - qlen).bool()
        score = score.masked_fill(mask[:, :, None, None], float("-inf"))
        prob = F.softmax(score, dim=1)
        vec = torch.einsum("ijbn,jbnd->ibnd", prob, v).contiguous().view(qlen, bsz, D)
        return self.norm(w + self.o(vec))


def positional(klen):
    pos = torch.arange(klen - 1, -1, -1.0)
    inv_freq = 1 / (10000 ** (torch.arange(0.0, D, 2.0) / D))
    sinusoid = torch.outer(pos, inv_freq)
    return torch.cat([sinusoid.sin(), sinusoid.cos()], -1)


x = torch.arange(12.0).view(3, 4)
print("rel_shift", rel_shift(x[:, :, None, None]).squeeze())
layer = RelMultiHeadAttn()
emb = nn.Embedding(20, D)
head = nn.Linear(D, 20)
params = list(layer.parameters()) + list(emb.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
stream = torch.randint(0, 20, (4 * SEG + 1, 2))
for epoch in range(2):
    mems = torch.zeros(MEM, 2, D)
    total = 0.0
    for s in range(4):
        inp = stream[s * SEG:(s + 1) * SEG]
        tgt = stream[s * SEG + 1:(s + 1) * SEG + 1]
        out = layer(emb(inp), positional(SEG + MEM), mems)
        loss = F.cross_entropy(head(out).view(-1, 20), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        mems = torch.cat([mems, out], 0)[-MEM:].detach()
        total += loss.item()
    print(f"xl epoch {epoch} loss {total / 4:.8f} mem grad {mems.requires_grad}")


def t5_bucket(relative_position, bidirectional=True, num_buckets=8, max_distance=16):
    buckets = 0
    if bidirectional:
        num_buckets //= 2
        buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    large = max_exact + (
        torch.log(relative_position.float() / max_exact) / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, num_buckets - 1))
    return buckets + torch.where(is_small, relative_position, large)


ctx = torch.arange(10)[:, None]
mem = torch.arange(10)[None, :]
print("t5 buckets\n", t5_bucket(mem - ctx)[:4])
print("t5 causal\n", t5_bucket(mem - ctx, bidirectional=False)[-1])
bias_table = nn.Embedding(8, H)
bias = bias_table(t5_bucket(mem - ctx)).permute(2, 0, 1).unsqueeze(0)
print("bias", bias.shape, bias.grad_fn.name())


def alibi_slopes(n):
    start = 2 ** (-(2 ** -(math.log2(n) - 3)))
    return torch.tensor([start * start ** i for i in range(n)])


slopes = alibi_slopes(4)
alibi = slopes[:, None, None] * (mem[:, :5] - ctx[:5]).clamp(max=0)[None]
print("alibi", slopes, alibi[1])

q = torch.randn(2, H, 5, 4)
k = torch.randn(2, H, 5, 4)
v = torch.randn(2, H, 5, 4)
bool_mask = torch.ones(5, 5, dtype=torch.bool).tril()
a1 = F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask)
a2 = F.scaled_dot_product_attention(q, k, v, is_causal=True)
a3 = F.scaled_dot_product_attention(q, k, v, attn_mask=alibi[:H, None].squeeze(1), scale=0.3)
print("sdpa bool==causal", torch.allclose(a1, a2), a3.sum().item().__round__(8))
window = torch.ones(5, 5, dtype=torch.bool).triu(-1)
both = F.scaled_dot_product_attention(q, k, v, attn_mask=window, is_causal=True)
print("mask and causal", torch.allclose(both, F.scaled_dot_product_attention(
    q, k, v, attn_mask=window & bool_mask)), f"{both.sum().item():.8f}")
try:
    F.scaled_dot_product_attention(q[0], k[0], v[0], attn_mask=bool_mask, is_causal=True)
except RuntimeError as error:
    print("sdpa error:", error)

enc_layer = nn.TransformerEncoderLayer(d_model=D, nhead=H, dim_feedforward=16, dropout=0.1,
                                       batch_first=True, norm_first=False)
encoder = nn.TransformerEncoder(enc_layer, num_layers=2, enable_nested_tensor=True)
print(encoder.layers[0].self_attn)
src = torch.randn(3, 6, D)
pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 2 + [True] * 4])
encoder.eval()
with torch.no_grad():
    out = encoder(src, src_key_padding_mask=pad)
print("eval padded rows", out[1, 4:].abs().sum().item(), out[2, 2:].abs().sum().item())
print("eval out", out[0, 0])
encoder.train()
torch.manual_seed(1)
out_train = encoder(src, src_key_padding_mask=pad)
print("train padded nonzero", bool(out_train[2, 3].abs().sum() > 0), out_train.grad_fn.name())
