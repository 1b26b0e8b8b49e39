import torch  # noqa: I001 (the harness requires torch first)

# More HuggingFace idioms, from T5/BERT-style model files: T5's relative position buckets
# (log-spaced, torch.min against full_like), T5LayerNorm (RMS in float32, rsqrt, cast back),
# a persistent=False position_ids buffer made by arange().expand(), ModelOutput-like
# OrderedDict results, output_hidden_states tuples, a load_state_dict pre-hook that renames
# old checkpoint keys, and SDPA with a boolean padding mask next to is_causal.
import math
from collections import OrderedDict

import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)


def relative_position_bucket(relative_position, bidirectional=True, num_buckets=8, max_distance=16):
    relative_buckets = 0
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    large = max_exact + (
        torch.log(relative_position.float() / max_exact) / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, num_buckets - 1))
    return relative_buckets + torch.where(is_small, relative_position, large)


class T5LayerNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        variance = hidden_states.to(torch.float32).pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        if self.weight.dtype in [torch.float16, torch.bfloat16]:
            hidden_states = hidden_states.to(self.weight.dtype)
        return self.weight * hidden_states


class Encoder(nn.Module):
    def __init__(self, vocab=16, dim=16, heads=2, layers=2, max_pos=12):
        super().__init__()
        self.heads = heads
        self.embed = nn.Embedding(vocab, dim)
        self.register_buffer("position_ids", torch.arange(max_pos).expand((1, -1)), persistent=False)
        self.rel_bias = nn.Embedding(8, heads)
        self.layers = nn.ModuleList(nn.ModuleDict({"norm": T5LayerNorm(dim), "qkv": nn.Linear(dim, 3 * dim),
                                                   "o": nn.Linear(dim, dim)}) for _ in range(layers))
        self.final_norm = T5LayerNorm(dim)
        self._register_load_state_dict_pre_hook(self._rename_old_keys)

    @staticmethod
    def _rename_old_keys(state_dict, prefix, *args):
        for key in [k for k in state_dict if k.startswith(prefix + "wte.")]:
            state_dict[key.replace("wte.", "embed.")] = state_dict.pop(key)

    def forward(self, ids, attention_mask, causal=False, output_hidden_states=False):
        n = ids.shape[1]
        pos = self.position_ids[:, :n]
        rel = relative_position_bucket(pos[0][None, :] - pos[0][:, None], bidirectional=not causal)
        bias = self.rel_bias(rel).permute(2, 0, 1).unsqueeze(0)
        keep = attention_mask[:, None, None, :].bool()
        if causal:
            keep = keep & torch.ones(n, n, dtype=torch.bool).tril()
        bias = torch.where(keep, bias, torch.finfo(bias.dtype).min)
        x, hidden = self.embed(ids), ()
        for layer in self.layers:
            if output_hidden_states:
                hidden = hidden + (x,)
            q, k, v = layer["qkv"](layer["norm"](x)).unflatten(-1, (3, self.heads, -1)).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            x = x + layer["o"](a.transpose(1, 2).flatten(2))
        x = self.final_norm(x)
        out = OrderedDict(last_hidden_state=x)
        if output_hidden_states:
            out["hidden_states"] = hidden + (x,)
        return out


rel = torch.arange(-10, 11)
print(relative_position_bucket(rel), relative_position_bucket(rel, bidirectional=False), sep="\n")
model = Encoder()
print(list(model.state_dict())[:2], model.position_ids.shape, model.position_ids.stride())
ids = torch.randint(1, 16, (3, 7))
mask = torch.ones(3, 7, dtype=torch.long)
mask[1, 5:] = 0
mask[2, 3:] = 0
ids = ids.masked_fill(mask == 0, 0)
opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
target = torch.randn(3, 7, 16)
for step in range(5):
    out = model(ids, mask, output_hidden_states=True)
    loss = ((out["last_hidden_state"] - target) ** 2 * mask[..., None]).sum() / mask.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", len(out["hidden_states"]), list(out.keys()))
model.eval()
with torch.no_grad():
    enc = model(ids, mask)["last_hidden_state"]
    dec = model(ids, mask, causal=True)["last_hidden_state"]
    q = torch.randn(1, 2, 4, 8)
    same = torch.allclose(F.scaled_dot_product_attention(q, q, q, is_causal=True),
                          F.scaled_dot_product_attention(q, q, q, attn_mask=torch.ones(4, 4, dtype=torch.bool).tril()))
print(enc.shape, f"{enc.abs().mean().item():.4f}", f"{dec[0, 0].norm().item():.4f}", same)
old = {k.replace("embed.", "wte."): v for k, v in model.state_dict().items()}
fresh = Encoder()
print(fresh.load_state_dict(old), torch.equal(fresh.embed.weight, model.embed.weight))
with torch.no_grad():
    print(torch.allclose(fresh(ids, mask)["last_hidden_state"], enc))
