import torch
import torch.nn.functional as F
from torch import nn

# LLM inference as serving code writes it: a tiny decoder whose attention keeps a KV cache
# (past_key_values tuples grown with cat on dim -2), greedy and sampled decoding under
# inference_mode, temperature / top-k / top-p (nucleus) filtering with sort, cumsum, scatter and
# masked_fill(-inf), a repetition penalty through gather/scatter_, and speculative decoding where
# a small draft model proposes tokens the large one accepts or rejects.

torch.manual_seed(0)
VOCAB, CONTEXT = 24, 32


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)

    def forward(self, x, past=None):
        batch, length, dim = x.shape
        q, k, v = self.qkv(x).split(dim, dim=-1)
        q, k, v = (t.view(batch, length, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=-2)
            v = torch.cat([past[1], v], dim=-2)
        total = k.shape[-2]
        mask = torch.ones(length, total, dtype=torch.bool).tril(diagonal=total - length)
        scores = (q @ k.transpose(-2, -1)) / (q.shape[-1] ** 0.5)
        scores = scores.masked_fill(~mask, float("-inf"))
        out = scores.softmax(dim=-1) @ v
        out = out.transpose(1, 2).contiguous().view(batch, length, dim)
        return self.proj(out), (k, v)


class TinyLM(nn.Module):
    def __init__(self, dim, heads, layers):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, dim)
        self.pos = nn.Embedding(CONTEXT, dim)
        self.blocks = nn.ModuleList([Attention(dim, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, VOCAB, bias=False)

    def forward(self, ids, past_key_values=None):
        start = 0 if past_key_values is None else past_key_values[0][0].shape[-2]
        positions = torch.arange(start, start + ids.shape[1])
        x = self.embed(ids) + self.pos(positions)
        presents = []
        for index, block in enumerate(self.blocks):
            out, present = block(x, None if past_key_values is None else past_key_values[index])
            x = x + out
            presents.append(present)
        return self.head(self.norm(x)), tuple(presents)


def filter_logits(logits, top_k=0, top_p=1.0):
    if top_k > 0:
        kth = torch.topk(logits, top_k, dim=-1).values[..., -1, None]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
        cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative > top_p
        remove[..., 1:] = remove[..., :-1].clone()
        remove[..., 0] = False
        remove = remove.scatter(-1, order, remove)
        logits = logits.masked_fill(remove, float("-inf"))
    return logits


def repetition_penalty(logits, ids, penalty):
    seen = torch.gather(logits, 1, ids)
    seen = torch.where(seen < 0, seen * penalty, seen / penalty)
    return logits.scatter_(1, ids, seen)


model, draft = TinyLM(32, 4, 2).eval(), TinyLM(16, 2, 1).eval()
prompt = torch.tensor([[1, 5, 9, 2], [3, 3, 7, 11]])

with torch.inference_mode():
    full, _ = model(prompt)
    logits, past = model(prompt[:, :2])
    step, past = model(prompt[:, 2:], past)
    print("cache matches full:", torch.allclose(torch.cat([logits, step], 1), full, atol=1e-5))
    print("cache shapes:", [tuple(k.shape) for k, _ in past], "inference:", step.is_inference())

    ids, past = prompt, None
    logits, past = model(ids)
    for _ in range(6):
        next_id = logits[:, -1].argmax(dim=-1, keepdim=True)
        ids = torch.cat([ids, next_id], dim=1)
        logits, past = model(next_id, past)
    print("greedy:", ids.tolist())

    generator = torch.Generator().manual_seed(7)
    ids, past = prompt, None
    logits, past = model(ids)
    for step_index in range(6):
        last = repetition_penalty(logits[:, -1].clone(), ids, 1.3) / 0.8
        filtered = filter_logits(last, top_k=10, top_p=0.9)
        probs = F.softmax(filtered, dim=-1)
        kept = torch.isfinite(filtered).sum(dim=-1)
        next_id = torch.multinomial(probs, 1, generator=generator)
        print(f"step {step_index} kept {kept.tolist()} p {probs.gather(1, next_id).flatten()}")
        ids = torch.cat([ids, next_id], dim=1)
        logits, past = model(next_id, past)
    print("sampled:", ids.tolist())

    generator = torch.Generator().manual_seed(3)
    ids, accepted_total, proposed_total = prompt[:1], 0, 0
    while ids.shape[1] < 16:
        guess = ids
        draft_probs = []
        for _ in range(4):
            probs = draft(guess)[0][:, -1].softmax(-1)
            token = torch.multinomial(probs, 1, generator=generator)
            draft_probs.append(probs)
            guess = torch.cat([guess, token], 1)
        target = model(guess)[0][:, ids.shape[1] - 1:-1].softmax(-1)
        accepted = 0
        for index in range(4):
            token = guess[0, ids.shape[1] + index]
            ratio = (target[0, index, token] / draft_probs[index][0, token]).clamp(max=1.0)
            if torch.rand(1, generator=generator) < ratio:
                accepted += 1
                continue
            residual = (target[0, index] - draft_probs[index][0]).clamp(min=0)
            token = torch.multinomial(residual / residual.sum(), 1, generator=generator)
            break
        new = torch.cat([guess[:, ids.shape[1]:ids.shape[1] + accepted], token.view(1, 1)], 1)
        ids = torch.cat([ids, new], dim=1)
        accepted_total, proposed_total = accepted_total + accepted, proposed_total + 4
        print(f"speculative accepted {accepted}/4 -> length {ids.shape[1]}")
    print("speculative:", ids[0].tolist(), f"rate {accepted_total / proposed_total:.3f}")

print("grad mode after:", torch.is_grad_enabled(), torch.is_inference_mode_enabled())
