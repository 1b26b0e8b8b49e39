import torch  # noqa: I001 (the harness requires torch first)

# minGPT / nanoGPT shapes: configure_optimizers splitting decay / no-decay by module type with the
# tied lm_head seen once, scaled c_proj init through apply(), get_num_params(non_embedding),
# crop_block_size surgery on wpe and the causal-mask buffer, a GPT-2-style Conv1D checkpoint
# loaded with transposes, and sampling: temperature + top-k, top-p, min-p, repetition penalty,
# a KV cache that matches the full recompute, and speculative decoding with a draft model.
import inspect
import math

import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.n_head, self.n_embd = n_head, n_embd
        self.register_buffer("bias", torch.tril(torch.ones(block_size, block_size))
                             .view(1, 1, block_size, block_size))

    def forward(self, x, cache=None):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        past = 0
        if cache is not None:
            if "k" in cache:
                past = cache["k"].size(2)
                k = torch.cat([cache["k"], k], dim=2)
                v = torch.cat([cache["v"], v], dim=2)
            cache["k"], cache["v"] = k, v
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        S = k.size(2)
        att = att.masked_fill(self.bias[:, :, past:past + T, :S] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(n_embd), nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size)
        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(n_embd, 4 * n_embd),
                                      c_proj=nn.Linear(4 * n_embd, n_embd),
                                      act=nn.GELU(approximate="tanh")))

    def forward(self, x, cache=None):
        x = x + self.attn(self.ln_1(x), cache)
        m = self.mlp
        return x + m.c_proj(m.act(m.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocab_size=13, block_size=16, n_layer=2, n_head=2, n_embd=8):
        super().__init__()
        self.block_size, self.n_layer = block_size, n_layer
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab_size, n_embd), wpe=nn.Embedding(block_size, n_embd),
            h=nn.ModuleList([Block(n_embd, n_head, block_size) for _ in range(n_layer)]),
            ln_f=nn.LayerNorm(n_embd)))
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def get_num_params(self, non_embedding=True):
        n_params = sum(p.numel() for p in self.parameters())
        if non_embedding:
            n_params -= self.transformer.wpe.weight.numel()
        return n_params

    def crop_block_size(self, block_size):
        assert block_size <= self.block_size
        self.block_size = block_size
        self.transformer.wpe.weight = nn.Parameter(self.transformer.wpe.weight[:block_size])
        for block in self.transformer.h:
            block.attn.bias = block.attn.bias[:, :, :block_size, :block_size]

    def forward(self, idx, targets=None, caches=None, start=0):
        b, t = idx.size()
        pos = torch.arange(start, start + t, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for i, block in enumerate(self.transformer.h):
            x = block(x, None if caches is None else caches[i])
        x = self.transformer.ln_f(x)
        if targets is not None:
            logits = self.lm_head(x)
            return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1),
                                           ignore_index=-1)
        return self.lm_head(x[:, [-1], :]), None

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        decay, no_decay = set(), set()
        whitelist, blacklist = (nn.Linear,), (nn.LayerNorm, nn.Embedding)
        for mn, m in self.named_modules():
            for pn, p in m.named_parameters():
                fpn = f"{mn}.{pn}" if mn else pn
                if pn.endswith("bias"):
                    no_decay.add(fpn)
                elif pn.endswith("weight") and isinstance(m, whitelist):
                    decay.add(fpn)
                elif pn.endswith("weight") and isinstance(m, blacklist):
                    no_decay.add(fpn)
        # lm_head.weight is tied to wte.weight, which named_parameters() reports once
        decay.remove("lm_head.weight")
        param_dict = dict(self.named_parameters())
        inter, union = decay & no_decay, decay | no_decay
        assert len(inter) == 0, f"parameters {inter} made it into both decay/no_decay sets!"
        missing = param_dict.keys() - union
        assert len(missing) == 0, f"parameters {missing} were not separated"
        groups = [{"params": [param_dict[pn] for pn in sorted(decay)],
                   "weight_decay": weight_decay},
                  {"params": [param_dict[pn] for pn in sorted(no_decay)], "weight_decay": 0.0}]
        fused = "fused" in inspect.signature(torch.optim.AdamW).parameters
        print(f"decay {len(decay)} tensors, no_decay {len(no_decay)} tensors, fused known {fused}")
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas)

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None, generator=None):
        for _ in range(max_new_tokens):
            idx_cond = idx if idx.size(1) <= self.block_size else idx[:, -self.block_size:]
            logits, _ = self(idx_cond)
            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float("Inf")
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1, generator=generator)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


model = GPT()
print("params", model.get_num_params(), model.get_num_params(non_embedding=False),
      "unique tensors", len(list(model.parameters())))
print("tied:", model.lm_head.weight is model.transformer.wte.weight,
      "state_dict has both keys:", {"lm_head.weight", "transformer.wte.weight"}
      <= model.state_dict().keys())
print("c_proj std", f"{model.transformer.h[0].attn.c_proj.weight.std().item():.6f}")
optimizer = model.configure_optimizers(0.1, 3e-3, (0.9, 0.95))

# a tiny "copy the pattern" task
data = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] * 6)
for it in range(12):
    ix = torch.randint(len(data) - 9, (4,))
    xb = torch.stack([data[i:i + 8] for i in ix])
    yb = torch.stack([data[i + 1:i + 9] for i in ix])
    lr = 3e-3 * min(1.0, (it + 1) / 4) * 0.5 * (1 + math.cos(math.pi * it / 12))
    for g in optimizer.param_groups:
        g["lr"] = lr
    _, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    if it % 4 == 3:
        print(f"iter {it} lr {lr:.6f} loss {loss.item():.10f}")

model.eval()
prompt = torch.tensor([[1, 2, 3]])
g = torch.Generator().manual_seed(5)
print("top-k sample", model.generate(prompt, 6, temperature=0.8, top_k=3, generator=g).tolist())
print("greedy-ish", model.generate(prompt, 4, temperature=1e-3, top_k=1).tolist())

# KV cache: incremental decoding gives the same last-step logits as recomputing the prefix
with torch.no_grad():
    seq = torch.tensor([[3, 4, 5, 6, 7]])
    full, _ = model(seq)
    caches = [dict() for _ in range(model.n_layer)]
    step_logits, _ = model(seq[:, :3], caches=caches)
    for t in range(3, 5):
        step_logits, _ = model(seq[:, t:t + 1], caches=caches, start=t)
    print("kv cache matches:", torch.allclose(full, step_logits), caches[0]["k"].shape)

logits = torch.randn(2, 13)


def top_p_filter(logits, top_p):
    sorted_logits, sorted_indices = torch.sort(logits, descending=True)
    cumulative = sorted_logits.softmax(-1).cumsum(-1)
    remove = cumulative > top_p
    remove[..., 1:] = remove[..., :-1].clone()
    remove[..., 0] = False
    return logits.masked_fill(remove.scatter(1, sorted_indices, remove), float("-inf"))


def min_p_filter(logits, min_p):
    probs = logits.softmax(-1)
    threshold = probs.amax(-1, keepdim=True) * min_p
    return logits.masked_fill(probs < threshold, float("-inf"))


def repetition_penalty(logits, previous, penalty=1.3):
    score = torch.gather(logits, 1, previous)
    score = torch.where(score < 0, score * penalty, score / penalty)
    return logits.scatter(1, previous, score)


print("top-p kept", torch.isfinite(top_p_filter(logits, 0.7)).sum(-1).tolist())
print("min-p kept", torch.isfinite(min_p_filter(logits, 0.3)).sum(-1).tolist())
penalised = repetition_penalty(logits, torch.tensor([[0, 1, 1], [5, 6, 7]]))
print("penalised", (penalised - logits).nonzero().tolist())
print("sampled", torch.multinomial(top_p_filter(logits, 0.9).softmax(-1), 3).tolist())

# speculative decoding: a cropped copy as the draft model proposes, the target accepts or resamples
draft = GPT(block_size=16)
draft.load_state_dict(model.state_dict())
draft.crop_block_size(8)
print("cropped wpe", tuple(draft.transformer.wpe.weight.shape),
      tuple(draft.transformer.h[0].attn.bias.shape))
with torch.no_grad():
    draft.transformer.h[1].mlp.c_fc.weight.mul_(0.5)
    seq = torch.tensor([[2, 3, 4]])
    accepted_total = 0
    for _ in range(2):
        proposal, q_probs = seq, []
        for _ in range(3):
            q = F.softmax(draft(proposal)[0][:, -1], dim=-1)
            q_probs.append(q)
            proposal = torch.cat([proposal, torch.multinomial(q, 1)], dim=1)
        target_logits, _ = model(proposal, torch.zeros_like(proposal))
        p_all = F.softmax(target_logits[:, seq.size(1) - 1:-1], dim=-1)
        n_ok = 0
        for j in range(3):
            token = proposal[0, seq.size(1) + j]
            p, q = p_all[0, j, token], q_probs[j][0, token]
            if torch.rand(()) < torch.clamp(p / q, max=1.0):
                n_ok += 1
                continue
            residual = (p_all[0, j] - q_probs[j][0]).clamp(min=0)
            token = torch.multinomial(residual / residual.sum(), 1)
            proposal = torch.cat([proposal[:, :seq.size(1) + j], token.view(1, 1)], dim=1)
            break
        accepted_total += n_ok
        seq = proposal
    print("speculative", seq.tolist(), "accepted", accepted_total)

# a GPT-2-style checkpoint stores Conv1D weights transposed: copy with .t() under no_grad
hf_like = {k: (v.t().contiguous() if k.endswith(("c_attn.weight", "c_proj.weight",
                                                  "c_fc.weight")) else v)
           for k, v in model.state_dict().items() if not k.endswith(".attn.bias")}
fresh = GPT()
sd = fresh.state_dict()
transposed = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"]
for k, v in hf_like.items():
    with torch.no_grad():
        if any(k.endswith(w) for w in transposed):
            assert v.shape[::-1] == sd[k].shape
            sd[k].copy_(v.t())
        else:
            sd[k].copy_(v)
print("loaded matches:", all(torch.equal(a, b) for a, b in
                             zip(fresh.parameters(), model.parameters())))
print("param vector norm", f"{nn.utils.parameters_to_vector(fresh.parameters()).norm():.10f}")
