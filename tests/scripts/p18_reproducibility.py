import torch

# Reproducibility code as training scripts write it: seeding everything, torch.Generator
# objects passed to samplers and random ops, get_state/set_state and get_rng_state
# checkpoints, torch.random.fork_rng around an evaluation, per-worker seeds in a DataLoader
# (worker_init_fn reading torch.initial_seed()), dropout/RReLU/randperm streams restored
# exactly, and the errors for bad seeds.
import random

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.initial_seed()


print("seeded", seed_everything(1234))
state = torch.get_rng_state()
a = torch.randn(3)
torch.set_rng_state(state)
b = torch.randn(3)
print("replay", torch.equal(a, b), a)
g = torch.Generator().manual_seed(99)
print("generator", g.initial_seed(), torch.rand(2, generator=g),
      torch.randint(0, 10, (4,), generator=g))
saved = g.get_state()
first = torch.randperm(8, generator=g)
g.set_state(saved)
print("randperm replay", torch.equal(first, torch.randperm(8, generator=g)), first)
print("state bytes", saved.dtype, saved.shape)
with torch.random.fork_rng():
    torch.manual_seed(0)
    inside = torch.rand(2)
after = torch.rand(2)
torch.set_rng_state(state)
torch.randn(3)
print("fork_rng kept the outer stream", torch.equal(after, torch.rand(2)), inside)
print("seed wraps", torch.Generator().manual_seed(-1).initial_seed(),
      torch.Generator().manual_seed(2**64 - 1).initial_seed())
for bad in [2**64, -(2**63) - 1]:
    try:
        torch.manual_seed(bad)
    except ValueError as error:
        print("bad seed:", type(error).__name__, error)
torch.manual_seed(7)
net = nn.Sequential(nn.Linear(4, 8), nn.RReLU(), nn.Dropout(0.3), nn.Linear(8, 2))
x = torch.randn(6, 4)
state = torch.get_rng_state()
out1 = net(x)
torch.set_rng_state(state)
out2 = net(x)
print("train-mode replay", torch.equal(out1, out2), out1[0])
print("rrelu / dropout values", F.rrelu(-torch.ones(4), training=True),
      F.dropout(torch.ones(6), 0.5, training=True))
print("bernoulli / multinomial", torch.bernoulli(torch.full((5,), 0.3)),
      torch.multinomial(torch.tensor([0.1, 0.6, 0.3]), 4, replacement=True))
print("normal_ / exponential_", torch.empty(3).normal_(2.0, 0.5), torch.empty(2).exponential_(3.0))
print("cauchy_ / geometric_ / log_normal_", torch.empty(2).cauchy_(),
      torch.empty(2).geometric_(0.4), torch.empty(2).log_normal_(0.0, 0.25))
print("float64 draws", torch.rand(2, dtype=torch.float64), torch.randn(2, dtype=torch.float64))
print("half draws", torch.rand(3, dtype=torch.float16), torch.randn(3, dtype=torch.bfloat16))


class Noisy(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        return i, torch.rand(1).item()


def record_seed(worker_id):
    info = torch.utils.data.get_worker_info()
    np.random.seed(torch.initial_seed() % 2**32)
    assert info.id == worker_id


loader = DataLoader(Noisy(), batch_size=2, shuffle=True, num_workers=0,
                    generator=torch.Generator().manual_seed(5))
print("loader order", [idx.tolist() for idx, _ in loader])
loader_w = DataLoader(Noisy(), batch_size=2, shuffle=False, num_workers=2,
                      worker_init_fn=record_seed, generator=torch.Generator().manual_seed(5))
runs = [[round(v, 6) for _, vals in loader_w for v in vals.tolist()] for _ in range(2)]
print("each epoch draws new worker seeds", runs[0] != runs[1], len(runs[0]))
