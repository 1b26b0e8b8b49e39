"""A small GPT that learns to write like Shakespeare's sonnets, one character at a time.

The model: token and position embeddings, then blocks of (LayerNorm, causal self-attention)
and (LayerNorm, MLP), each added back to its input, a final LayerNorm and a linear map to
next-character logits. Trained with AdamW on the sonnets shipped with ember; then it samples.
A few minutes on a laptop CPU give recognisable words and line shapes.

    python examples/charlm_gpt.py                 # 800 steps of 16 windows of 64 characters
    python examples/charlm_gpt.py --steps 20      # a quick look
"""
from __future__ import annotations

import argparse
import math
import os
import time

import ember as torch
import ember.nn as nn
import ember.nn.functional as F
import ember.optim as optim
from ember.nn.utils import clip_grad_norm_
from ember.data import load_text


class CausalSelfAttention(nn.Module):
    """Each position mixes the values of itself and earlier positions, weighted by
    softmax(q·k / sqrt(d)); later positions are masked out so the model cannot peek."""

    def __init__(self, embed, heads, context, dropout):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(embed, 3 * embed)
        self.proj = nn.Linear(embed, embed)
        self.dropout = nn.Dropout(dropout)
        mask = torch.tril(torch.ones(context, context, dtype=torch.bool))
        self.register_buffer("mask", mask.view(1, 1, context, context))

    def forward(self, x):
        batch, time_steps, embed = x.shape
        q, k, v = self.qkv(x).split(embed, dim=2)
        # (batch, heads, time, head size): every head attends independently.
        shape = (batch, time_steps, self.heads, embed // self.heads)
        q, k, v = (t.view(shape).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])
        visible = self.mask[:, :, :time_steps, :time_steps]
        scores = scores.masked_fill(~visible, float("-inf"))
        weights = self.dropout(F.softmax(scores, dim=-1))
        out = (weights @ v).transpose(1, 2).reshape(batch, time_steps, embed)
        return self.dropout(self.proj(out))


class Block(nn.Module):
    """Attention then a position-wise MLP, each on a LayerNorm'd input, each residual."""

    def __init__(self, embed, heads, context, dropout):
        super().__init__()
        self.norm1 = nn.LayerNorm(embed)
        self.attention = CausalSelfAttention(embed, heads, context, dropout)
        self.norm2 = nn.LayerNorm(embed)
        self.mlp = nn.Sequential(nn.Linear(embed, 4 * embed), nn.GELU(approximate="tanh"),
                                 nn.Linear(4 * embed, embed), nn.Dropout(dropout))

    def forward(self, x):
        x = x + self.attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class GPT(nn.Module):
    def __init__(self, vocab, context=64, embed=64, heads=4, layers=2, dropout=0.1):
        super().__init__()
        self.context = context
        self.tokens = nn.Embedding(vocab, embed)
        self.positions = nn.Embedding(context, embed)
        self.blocks = nn.Sequential(*[Block(embed, heads, context, dropout)
                                      for _ in range(layers)])
        self.norm = nn.LayerNorm(embed)
        self.head = nn.Linear(embed, vocab)

    def forward(self, idx, targets=None):
        positions = torch.arange(idx.shape[1])
        x = self.tokens(idx) + self.positions(positions)
        logits = self.head(self.norm(self.blocks(x)))
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.view(-1))
        return logits, loss

    @torch.no_grad()
    def generate(self, idx, length, temperature=0.8):
        """Append ``length`` characters, each sampled from the softmax of the last logits."""
        for _ in range(length):
            logits, _ = self(idx[:, -self.context:])
            probs = F.softmax(logits[:, -1, :] / temperature, dim=-1)
            idx = torch.cat([idx, torch.multinomial(probs, num_samples=1)], dim=1)
        return idx


class Characters:
    """Maps each distinct character of the text to an integer and back."""

    def __init__(self, text):
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def encode(self, text):
        return torch.tensor([self.index[c] for c in text], dtype=torch.long)

    def decode(self, ids):
        return "".join(self.chars[i] for i in ids)


def batches(data, context, batch_size):
    """Random windows of the text: inputs and the same windows shifted by one character."""
    starts = torch.randint(len(data) - context - 1, (batch_size,))
    offsets = torch.arange(context)
    windows = starts.view(-1, 1) + offsets.view(1, -1)
    return data[windows], data[windows + 1]


@torch.no_grad()
def evaluate(model, data, context, batch_size, rounds=4):
    model.eval()
    losses = [model(*batches(data, context, batch_size))[1].item() for _ in range(rounds)]
    model.train()
    return sum(losses) / len(losses)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=800)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--context", type=int, default=64)
    parser.add_argument("--embed", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--sample", type=int, default=300, help="characters to generate")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if os.environ.get("EMBER_EXAMPLES_QUICK"):
        args.steps, args.context, args.embed, args.sample = 3, 16, 32, 20

    torch.manual_seed(args.seed)
    text = load_text()
    chars = Characters(text)
    data = chars.encode(text)
    split = int(0.9 * len(data))
    train, valid = data[:split], data[split:]
    model = GPT(len(chars.chars), context=args.context, embed=args.embed, layers=args.layers)
    count = sum(p.numel() for p in model.parameters())
    print(f"{len(text)} characters, {len(chars.chars)} distinct; model: {count} parameters")
    optimizer = optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    start = time.perf_counter()
    for step in range(1, args.steps + 1):
        # Cosine decay of the learning rate to a tenth over the run.
        lr = args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / args.steps)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        _, loss = model(*batches(train, args.context, args.batch_size))
        optimizer.zero_grad()
        loss.backward()
        clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 100 == 0 or step == args.steps:
            valid_loss = evaluate(model, valid, args.context, args.batch_size)
            print(f"step {step}: train loss {loss.item():.3f}, valid loss {valid_loss:.3f} "
                  f"({time.perf_counter() - start:.0f} s)")
    model.eval()
    prompt = chars.encode("Shall I ").view(1, -1)
    print("---")
    print(chars.decode(model.generate(prompt, args.sample)[0].tolist()))
    return model


if __name__ == "__main__":
    main()
