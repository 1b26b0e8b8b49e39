import torch

# A text pipeline and an encoder-decoder Transformer: a map-style Dataset returning dicts, a
# collate_fn padding with pad_sequence, random_split with a seeded Generator, Subset and
# ConcatDataset, an IterableDataset, a BatchSampler, default_collate; then nn.Transformer on a
# copy-reverse task with causal and key-padding masks, teacher forcing and greedy decoding.
import math
from collections import namedtuple

import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset,
                              RandomSampler, SequentialSampler, Subset, default_collate,
                              random_split)

torch.manual_seed(0)
PAD, BOS, EOS = 0, 1, 2


class ReverseDataset(Dataset):
    def __init__(self, count, vocab=10, generator=None):
        lengths = torch.randint(2, 6, (count,), generator=generator)
        self.items = [torch.randint(3, vocab, (n,), generator=generator) for n in lengths.tolist()]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        source = self.items[index]
        target = torch.cat([torch.tensor([BOS]), source.flip(0), torch.tensor([EOS])])
        return {"source": source, "target": target, "length": len(source)}


def collate(batch):
    return {"source": pad_sequence([b["source"] for b in batch], batch_first=True,
                                   padding_value=PAD),
            "target": pad_sequence([b["target"] for b in batch], batch_first=True,
                                   padding_value=PAD),
            "length": torch.tensor([b["length"] for b in batch])}


generator = torch.Generator().manual_seed(42)
full = ReverseDataset(96, generator=generator)
train, valid = random_split(full, [0.75, 0.25], generator=torch.Generator().manual_seed(1))
print(len(train), len(valid), train.indices[:5], type(train).__name__)
print(len(ConcatDataset([train, Subset(full, range(4))])), full[0])
loader = DataLoader(train, batch_size=12, shuffle=True, collate_fn=collate,
                    generator=torch.Generator().manual_seed(7), drop_last=True)
batch = next(iter(loader))
print({k: tuple(v.shape) for k, v in batch.items()}, batch["source"][0], len(loader))


class Squares(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        for i in range(self.n):
            yield torch.tensor([i, i * i])


print([b.tolist() for b in DataLoader(Squares(5), batch_size=2)])
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
print(list(BatchSampler(RandomSampler(range(7), generator=torch.Generator().manual_seed(3)),
                        batch_size=3, drop_last=True)))
Point = namedtuple("Point", ["x", "y"])
print(default_collate([Point(1, 2.0), Point(3, 4.0)]))
print(default_collate([{"a": torch.ones(2), "b": 1}, {"a": torch.zeros(2), "b": 2}]))


class PositionalEncoding(nn.Module):
    def __init__(self, dim, max_len=16):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div = torch.exp(torch.arange(0, dim, 2) * (-math.log(10000.0) / dim))
        pe = torch.zeros(max_len, dim)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(1)]


class Seq2Seq(nn.Module):
    def __init__(self, vocab=10, dim=32):
        super().__init__()
        self.dim = dim
        self.embed = nn.Embedding(vocab, dim, padding_idx=PAD)
        self.position = PositionalEncoding(dim)
        self.transformer = nn.Transformer(d_model=dim, nhead=4, num_encoder_layers=2,
                                          num_decoder_layers=2, dim_feedforward=64, dropout=0.0,
                                          batch_first=True)
        self.out = nn.Linear(dim, vocab)

    def forward(self, source, target):
        causal = nn.Transformer.generate_square_subsequent_mask(target.size(1))
        hidden = self.transformer(
            self.position(self.embed(source) * math.sqrt(self.dim)),
            self.position(self.embed(target) * math.sqrt(self.dim)), tgt_mask=causal,
            src_key_padding_mask=source == PAD, tgt_key_padding_mask=target == PAD,
            memory_key_padding_mask=source == PAD, tgt_is_causal=True)
        return self.out(hidden)


model = Seq2Seq()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(3):
    model.train()
    total = 0.0
    for batch in loader:
        logits = model(batch["source"], batch["target"][:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)),
                               batch["target"][:, 1:].reshape(-1), ignore_index=PAD)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / len(loader):.6f}")

model.eval()
with torch.no_grad():
    source = full[0]["source"].unsqueeze(0)
    decoded = torch.tensor([[BOS]])
    for _ in range(source.size(1) + 1):
        next_token = model(source, decoded)[:, -1].argmax(-1, keepdim=True)
        decoded = torch.cat([decoded, next_token], dim=1)
print(source, decoded)
print(nn.Transformer.generate_square_subsequent_mask(3))
attention = nn.MultiheadAttention(8, 2, batch_first=True)
q = torch.randn(1, 3, 8)
_, weights = attention(q, q, q, key_padding_mask=torch.tensor([[False, False, True]]),
                       average_attn_weights=False)
print(weights.shape, weights[0, 0])
