"""One training step of a small GPT, ember and torch side by side: a real program's row.

    python benchmarks/run.py gpt

nanoGPT's model (token and position embeddings, pre-norm blocks of causal self-attention
through scaled_dot_product_attention and a 4x GELU MLP, a final layer_norm, a language-model
head tied to the token embedding) with the shakespeare-char configuration scaled to a 2-core
machine: 2 layers, 4 heads, width 128, context 64, batch 8, vocabulary 65, dropout 0.2 as in
that configuration. The step is nanoGPT's: forward, cross_entropy over every position,
zero_grad(set_to_none), backward, clip_grad_norm_(1.0), AdamW(lr 1e-3, betas (0.9, 0.99),
weight decay 0.1 on the matrices only). The same module code runs on both libraries.
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import interleaved  # noqa: E402

N_LAYER, N_HEAD, N_EMBD, BLOCK, BATCH, VOCAB, DROPOUT = 2, 4, 128, 64, 8, 65, 0.2


def build(lib):
    """nanoGPT's GPT class, written against ``lib``'s public API."""
    nn, F = lib.nn, lib.nn.functional

    class CausalSelfAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.c_attn = nn.Linear(N_EMBD, 3 * N_EMBD)
            self.c_proj = nn.Linear(N_EMBD, N_EMBD)
            self.resid_dropout = nn.Dropout(DROPOUT)

        def forward(self, x):
            b, t, c = x.size()
            q, k, v = self.c_attn(x).split(N_EMBD, dim=2)
            q = q.view(b, t, N_HEAD, c // N_HEAD).transpose(1, 2)
            k = k.view(b, t, N_HEAD, c // N_HEAD).transpose(1, 2)
            v = v.view(b, t, N_HEAD, c // N_HEAD).transpose(1, 2)
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=DROPOUT if self.training
                                               else 0.0, is_causal=True)
            y = y.transpose(1, 2).contiguous().view(b, t, c)
            return self.resid_dropout(self.c_proj(y))

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(N_EMBD)
            self.attn = CausalSelfAttention()
            self.ln_2 = nn.LayerNorm(N_EMBD)
            self.mlp = nn.Sequential(nn.Linear(N_EMBD, 4 * N_EMBD), nn.GELU(),
                                     nn.Linear(4 * N_EMBD, N_EMBD), nn.Dropout(DROPOUT))

        def forward(self, x):
            x = x + self.attn(self.ln_1(x))
            return x + self.mlp(self.ln_2(x))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(VOCAB, N_EMBD)
            self.wpe = nn.Embedding(BLOCK, N_EMBD)
            self.drop = nn.Dropout(DROPOUT)
            self.h = nn.ModuleList([Block() for _ in range(N_LAYER)])
            self.ln_f = nn.LayerNorm(N_EMBD)
            self.lm_head = nn.Linear(N_EMBD, VOCAB, bias=False)
            self.wte.weight = self.lm_head.weight
            for name, p in self.named_parameters():
                if p.dim() >= 2:
                    std = 0.02 / math.sqrt(2 * N_LAYER) if name.endswith("c_proj.weight") \
                        else 0.02
                    nn.init.normal_(p, mean=0.0, std=std)
                elif name.endswith("bias"):
                    nn.init.zeros_(p)

        def forward(self, idx, targets):
            pos = lib.arange(0, idx.size(1), dtype=lib.long)
            x = self.drop(self.wte(idx) + self.wpe(pos))
            for block in self.h:
                x = block(x)
            logits = self.lm_head(self.ln_f(x))
            return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))

    return GPT()


def make_step(lib, seed=0):
    """A closure running one training step of the model on ``lib``."""
    lib.manual_seed(seed)
    model = build(lib)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = lib.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                           {"params": no_decay, "weight_decay": 0.0}],
                          lr=1e-3, betas=(0.9, 0.99))
    rng = np.random.default_rng(seed)
    data = rng.integers(0, VOCAB, (BATCH, BLOCK + 1))
    x = lib.tensor(data[:, :-1])
    y = lib.tensor(data[:, 1:])

    def step():
        loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        lib.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss
    return step


def gpt(libs):
    """ms per training step of the small GPT for each library."""
    steps = {name: make_step(lib) for name, lib in libs.items()}
    for step in steps.values():  # warm up: lazy imports, first-call allocations
        step()
    best = interleaved(steps, repeat=10, number=3)
    return {k: v * 1e3 for k, v in best.items()}, "ms/step", "reported (no target)"


WORKLOADS = {"gpt": gpt}
