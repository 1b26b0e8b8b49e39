import torch  # noqa: I001 (the harness requires torch first)

# HuggingFace-style decoder idioms: _init_weights via apply, extended attention masks with
# finfo.min, position ids from a left-padded attention mask, past_key_values grown with cat, a jit-
# scripted mask helper, embedding resizing, weight tying, checkpointing, greedy decoding.
import math

import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


# The scripted helper builds the mask, not the activation: torch 2.13 gives a scripted
# activation inside checkpoint(..., use_reentrant=False) other gradients than eager mode does.
@torch.jit.script
def make_causal_mask(size: int):
    return torch.tril(torch.ones(size, size, dtype=torch.bool))


def gelu_new(x):
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))
    return 0.5 * x * (1.0 + torch.tanh(inner))


class Config:
    vocab_size, hidden, heads, layers, init_range = 20, 16, 2, 2, 0.02


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads, self.dim = cfg.heads, cfg.hidden // cfg.heads
        self.qkv = nn.Linear(cfg.hidden, 3 * cfg.hidden)
        self.out = nn.Linear(cfg.hidden, cfg.hidden)

    def forward(self, x, mask, past=None):
        b, t, _ = x.shape
        q, k, v = self.qkv(x).split(x.size(-1), dim=2)
        q, k, v = (z.view(b, t, self.heads, self.dim).transpose(1, 2) for z in (q, k, v))
        if past is not None:
            k, v = torch.cat((past[0], k), dim=-2), torch.cat((past[1], v), dim=-2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.dim) + mask[..., -t:, :]
        out = scores.softmax(-1) @ v
        return self.out(out.transpose(1, 2).reshape(b, t, -1)), (k, v)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(cfg.hidden), nn.LayerNorm(cfg.hidden)
        self.attn = Attention(cfg)
        self.fc, self.proj = nn.Linear(cfg.hidden, 4 * cfg.hidden), nn.Linear(4 * cfg.hidden, cfg.hidden)

    def forward(self, x, mask, past=None):
        a, present = self.attn(self.ln1(x), mask, past)
        x = x + a
        return x + self.proj(gelu_new(self.fc(self.ln2(x)))), present


class TinyLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte, self.wpe = nn.Embedding(cfg.vocab_size, cfg.hidden), nn.Embedding(32, cfg.hidden)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln_f = nn.LayerNorm(cfg.hidden)
        self.lm_head = nn.Linear(cfg.hidden, cfg.vocab_size, bias=False)
        self.gradient_checkpointing = False
        self.apply(self._init_weights)
        self.tie_weights()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=self.cfg.init_range)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=self.cfg.init_range)
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def tie_weights(self):
        self.lm_head.weight = self.wte.weight

    def resize_token_embeddings(self, n):
        old = self.wte
        new = nn.Embedding(n, old.embedding_dim).to(old.weight.device, dtype=old.weight.dtype)
        self._init_weights(new)
        k = min(n, old.num_embeddings)
        new.weight.data[:k, :] = old.weight.data[:k, :]
        self.wte = new
        self.lm_head = nn.Linear(self.cfg.hidden, n, bias=False)
        self.tie_weights()
        self.cfg.vocab_size = n
        return new

    def forward(self, input_ids, attention_mask, past_key_values=None):
        position_ids = attention_mask.long().cumsum(-1) - 1
        position_ids.masked_fill_(attention_mask == 0, 1)
        past_len = 0 if past_key_values is None else past_key_values[0][0].size(-2)
        position_ids = position_ids[:, past_len:]
        t_total = attention_mask.size(1)
        causal = make_causal_mask(t_total)
        ext = attention_mask[:, None, None, :].to(self.wte.weight.dtype) * causal[None, None]
        ext = (1.0 - ext) * torch.finfo(self.wte.weight.dtype).min
        x = self.wte(input_ids) + self.wpe(position_ids)
        presents = ()
        for i, block in enumerate(self.blocks):
            past = None if past_key_values is None else past_key_values[i]
            if self.gradient_checkpointing and self.training and not torch.jit.is_tracing():
                x, present = checkpoint(block, x, ext, past, use_reentrant=False)
            else:
                x, present = block(x, ext, past)
            presents = presents + (present,)
        return self.lm_head(self.ln_f(x)), presents


model = TinyLM(Config())
print(sum(p.numel() for p in model.parameters()), model.lm_head.weight is model.wte.weight)
seqs = [[3, 5, 7, 9, 11], [4, 6, 8]]
width = max(len(s) for s in seqs)
ids = torch.stack([F.pad(torch.tensor(s), (width - len(s), 0), value=0) for s in seqs])
mask = torch.stack([F.pad(torch.ones(len(s), dtype=torch.long), (width - len(s), 0)) for s in seqs])
print(ids, mask, sep="\n")

opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
model.gradient_checkpointing = True
model.train()
for step in range(6):
    logits, _ = model(ids, mask)
    labels = ids.masked_fill(mask == 0, -100)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)), labels[:, 1:].reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    print(step, f"{loss.item():.6f}")

new = model.resize_token_embeddings(24)
print(new, model.lm_head.weight.shape, model.lm_head.weight is model.wte.weight)
model.eval()


@torch.no_grad()
def generate(model, ids, mask, steps):
    logits, past = model(ids, mask)
    for _ in range(steps):
        nxt = logits[:, -1].argmax(-1, keepdim=True)
        ids = torch.cat([ids, nxt], dim=-1)
        mask = torch.cat([mask, mask.new_ones((mask.shape[0], 1))], dim=-1)
        logits, past = model(nxt, mask, past_key_values=past)
    return ids, past


out, past = generate(model, ids, mask, 4)
print(out)
print(len(past), past[0][0].shape, past[0][0].requires_grad)
full, _ = model(out[:, :-1], torch.cat([mask, mask.new_ones(2, 3)], -1))
print(torch.equal(full[:, -1].argmax(-1), out[:, -1]))
print(f"{full.abs().sum().item():.8f}")
