import torch  # noqa: I001 (the harness requires torch first)

# lucidrains-style building blocks: einops rearrange/repeat/pack/unpack inside forward, rotary
# embeddings through torch.polar and view_as_complex, ALiBi slopes, token shift with a negative
# pad, learned-temperature cosine-sim attention, SDPA with boolean/float masks, is_causal,
# scale= and grouped-query heads, a Perceiver latent cross-attention, classifier-free-guidance
# null conditioning, and a vector quantizer with an EMA codebook and straight-through gradients.
import math

import torch.nn.functional as F
from einops import pack, rearrange, reduce, repeat, unpack
from einops.layers.torch import Rearrange
from torch import einsum, nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def exists(v):
    return v is not None


def default(v, d):
    return v if exists(v) else d


def l2norm(t, dim=-1):
    return F.normalize(t, dim=dim)


def prob_mask_like(shape, prob, device=None):
    if prob == 1:
        return torch.ones(shape, device=device, dtype=torch.bool)
    if prob == 0:
        return torch.zeros(shape, device=device, dtype=torch.bool)
    return torch.zeros(shape, device=device).float().uniform_(0, 1) < prob


def precompute_freqs_cis(dim, end, theta=10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].double() / dim))
    t = torch.arange(end, device=freqs.device, dtype=torch.float64)
    freqs = torch.outer(t, freqs)
    return torch.polar(torch.ones_like(freqs), freqs)


def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.reshape(*xk.shape[:-1], -1, 2))
    freqs_cis = freqs_cis.view(1, xq_.shape[1], 1, xq_.shape[-1])
    xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)
    xk_out = torch.view_as_real(xk_ * freqs_cis).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)


def alibi_slopes(heads):
    def power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        return [start * start ** i for i in range(n)]
    if math.log2(heads).is_integer():
        return power_of_2(heads)
    closest = 2 ** math.floor(math.log2(heads))
    return power_of_2(closest) + power_of_2(2 * closest)[0::2][: heads - closest]


def shift_tokens(t):
    t, t_shift = t.chunk(2, dim=-1)
    t_shift = F.pad(t_shift, (0, 0, 1, -1), value=0.0)
    return torch.cat((t, t_shift), dim=-1)


class RMSNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.scale = dim ** 0.5
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return F.normalize(x, dim=-1) * self.scale * self.gamma


class GEGLU(nn.Module):
    def forward(self, x):
        x, gate = x.chunk(2, dim=-1)
        return F.gelu(gate) * x


class Attention(nn.Module):
    def __init__(self, dim, heads=4, kv_heads=2, dim_head=4, causal=True, alibi=False):
        super().__init__()
        self.heads, self.kv_heads, self.causal = heads, kv_heads, causal
        self.norm = RMSNorm(dim)
        self.to_q = nn.Linear(dim, heads * dim_head, bias=False)
        self.to_kv = nn.Linear(dim, 2 * kv_heads * dim_head, bias=False)
        self.temperature = nn.Parameter(torch.tensor(10.0).log())
        self.to_out = nn.Sequential(Rearrange("b h n d -> b n (h d)"),
                                    nn.Linear(heads * dim_head, dim, bias=False))
        if alibi:
            self.register_buffer("slopes", torch.tensor(alibi_slopes(heads)).view(heads, 1, 1),
                                 persistent=False)
        else:
            self.slopes = None

    def forward(self, x, freqs_cis, mask=None):
        x = shift_tokens(self.norm(x))
        q = rearrange(self.to_q(x), "b n (h d) -> b n h d", h=self.heads)
        k, v = rearrange(self.to_kv(x), "b n (kv h d) -> kv b n h d", kv=2, h=self.kv_heads)
        q, k = apply_rotary_emb(q, k, freqs_cis)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        q, k = l2norm(q), l2norm(k)
        q = q * self.temperature.clamp(max=math.log(100.0)).exp()
        scale = torch.tensor(1.0)
        if self.slopes is not None:
            n = x.shape[1]
            pos = torch.arange(n)
            bias = -self.slopes * (pos[None, :, None] - pos[None, None, :]).abs()
            bias = bias.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
            if exists(mask):
                bias = bias.masked_fill(~rearrange(mask, "b j -> b 1 1 j"), float("-inf"))
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=scale.item(),
                                                 enable_gqa=True)
        elif exists(mask):
            out = F.scaled_dot_product_attention(
                q, k, v, attn_mask=rearrange(mask, "b j -> b 1 1 j"), scale=scale.item(),
                enable_gqa=True)
        else:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal,
                                                 scale=scale.item(), enable_gqa=True)
        return self.to_out(out)


class Transformer(nn.Module):
    def __init__(self, num_tokens=11, dim=16, depth=2, max_len=8):
        super().__init__()
        self.token_emb = nn.Embedding(num_tokens, dim)
        self.register_buffer("freqs_cis", precompute_freqs_cis(4, max_len), persistent=False)
        self.layers = nn.ModuleList([])
        for i in range(depth):
            self.layers.append(nn.ModuleList([
                Attention(dim, alibi=(i == 1)),
                nn.Sequential(RMSNorm(dim), nn.Linear(dim, dim * 4), GEGLU(),
                              nn.Linear(dim * 2, dim))]))
        self.null_cond = nn.Parameter(torch.randn(dim))
        self.to_logits = nn.Sequential(RMSNorm(dim), nn.Linear(dim, num_tokens))

    def forward(self, x, cond=None, cond_drop_prob=0.0, mask=None):
        n = x.shape[1]
        x = self.token_emb(x)
        if exists(cond):
            keep = prob_mask_like((x.shape[0],), 1 - cond_drop_prob)
            cond = torch.where(rearrange(keep, "b -> b 1"), cond, self.null_cond)
            x, ps = pack([cond, x], "b * d")
        for attn, ff in self.layers:
            x = attn(x, self.freqs_cis[: x.shape[1]], mask=mask) + x
            x = ff(x) + x
        if exists(cond):
            _, x = unpack(x, ps, "b * d")
        assert x.shape[1] == n
        return self.to_logits(x)


model = Transformer()
tokens = torch.randint(0, 11, (3, 6))
cond = torch.randn(3, 16)
logits = model(tokens, cond=cond, cond_drop_prob=0.5)
print(logits.shape, logits[0, :2, :4])
loss = F.cross_entropy(rearrange(logits[:, :-1], "b n c -> b c n"), tokens[:, 1:])
loss.backward()
print(f"loss {loss.item():.10f}")
print("temperature grads", [round(attn.temperature.grad.item(), 10) for attn, _ in model.layers])
print("null_cond grad norm", f"{model.null_cond.grad.norm().item():.10f}")

mask = torch.tensor([[True] * 6, [True] * 4 + [False] * 2, [True] * 5 + [False]])
masked = model(tokens, mask=mask)
print("masked", masked[1, :3, :3])

# Perceiver-style latents attending to a flattened image
latents = nn.Parameter(torch.randn(4, 8))
image = torch.randn(2, 3, 4, 4)
ctx = rearrange(image, "b c h w -> b (h w) c")
ctx_proj = nn.Linear(3, 8)(ctx)
lat = repeat(latents, "n d -> b n d", b=2)
sim = einsum("b i d, b j d -> b i j", lat, ctx_proj) * 8 ** -0.5
sim = sim - sim.amax(dim=-1, keepdim=True).detach()
attn = sim.softmax(dim=-1)
out = einsum("b i j, b j d -> b i d", attn, ctx_proj)
print(out.shape, reduce(out, "b n d -> b d", "mean")[0, :4])
x_sdpa = F.scaled_dot_product_attention(lat.unsqueeze(1), ctx_proj.unsqueeze(1),
                                        ctx_proj.unsqueeze(1), scale=8 ** -0.5).squeeze(1)
print("einsum == sdpa:", torch.allclose(out, x_sdpa))


class VectorQuantize(nn.Module):
    def __init__(self, dim, codebook_size, decay=0.8, eps=1e-5, commitment=0.25):
        super().__init__()
        self.decay, self.eps, self.commitment = decay, eps, commitment
        embed = torch.randn(codebook_size, dim)
        self.register_buffer("embed", embed)
        self.register_buffer("cluster_size", torch.zeros(codebook_size))
        self.register_buffer("embed_avg", embed.clone())

    def forward(self, x):
        flatten, ps = pack([x], "* d")
        dist = -torch.cdist(flatten, self.embed, p=2)
        embed_ind = dist.argmax(dim=-1)
        embed_onehot = F.one_hot(embed_ind, self.embed.shape[0]).type(x.dtype)
        quantize = F.embedding(embed_ind, self.embed)
        if self.training:
            self.cluster_size.data.lerp_(embed_onehot.sum(0), 1 - self.decay)
            embed_sum = flatten.t() @ embed_onehot
            self.embed_avg.data.lerp_(embed_sum.t(), 1 - self.decay)
            n = self.cluster_size.sum()
            cluster_size = (self.cluster_size + self.eps) / (n + self.embed.shape[0] * self.eps) * n
            self.embed.data.copy_(self.embed_avg / cluster_size.unsqueeze(1))
        (quantize,) = unpack(quantize, ps, "* d")
        loss = F.mse_loss(quantize.detach(), x) * self.commitment
        quantize = x + (quantize - x).detach()
        (embed_ind,) = unpack(embed_ind, ps, "*")
        return quantize, embed_ind, loss


vq = VectorQuantize(4, 6)
feats = torch.randn(2, 5, 4, requires_grad=True)
for i in range(3):
    q, ind, commit = vq(feats)
    print(i, ind.tolist(), f"{commit.item():.10f}", vq.cluster_size.round(decimals=4).tolist())
(q.sum() + commit).backward()
print("straight-through grad", feats.grad[0, 0])
