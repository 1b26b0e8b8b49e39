import torch

# Feeding data the way training scripts do: the samplers on their own (Sequential, Random with
# and without replacement and num_samples, SubsetRandom, Weighted, BatchSampler with drop_last),
# default_collate on nested dicts / tuples / namedtuples / numbers / strings, default_convert,
# a DataLoader with a seeded generator, drop_last, a custom batch_sampler, num_workers=2 with
# prefetch_factor and persistent_workers, and len() of each.
from collections import namedtuple
from torch.utils.data import (BatchSampler, DataLoader, Dataset, RandomSampler,
                              SequentialSampler, SubsetRandomSampler, TensorDataset,
                              WeightedRandomSampler)
from torch.utils.data import default_collate
from torch.utils.data._utils.collate import default_convert

Sample = namedtuple("Sample", ["x", "y"])

print(list(SequentialSampler(range(5))), len(SequentialSampler(range(5))))
g = torch.Generator().manual_seed(0)
rs = RandomSampler(range(6), generator=g)
print(list(rs), list(rs), len(rs))
g.manual_seed(1)
rr = RandomSampler(range(6), replacement=True, num_samples=10, generator=g)
print(list(rr), len(rr), rr.num_samples)
g.manual_seed(2)
print(list(RandomSampler(range(4), num_samples=9, generator=g)))
g.manual_seed(3)
sub = SubsetRandomSampler([10, 20, 30, 40], generator=g)
print(list(sub), len(sub))
g.manual_seed(4)
w = WeightedRandomSampler([0.1, 0.1, 0.8], num_samples=8, replacement=True, generator=g)
print(list(w), len(w))
g.manual_seed(5)
w2 = WeightedRandomSampler(torch.tensor([1.0, 2.0, 3.0, 4.0]), 3, replacement=False, generator=g)
print(list(w2))
print(list(BatchSampler(SequentialSampler(range(7)), 3, drop_last=False)),
      len(BatchSampler(range(7), 3, False)), len(BatchSampler(range(7), 3, True)))
print(list(BatchSampler(range(7), batch_size=3, drop_last=True)))

batch = [{"img": torch.full((2,), float(i)), "label": i, "meta": {"name": f"s{i}", "w": 0.5 * i},
          "pair": (torch.tensor([i]), i * 1.0)} for i in range(3)]
out = default_collate(batch)
print(sorted(out), out["img"], out["label"], out["meta"], out["pair"])
print(out["label"].dtype, out["meta"]["w"].dtype, type(out["pair"]).__name__)
nt = default_collate([Sample(torch.ones(2), 1), Sample(torch.zeros(2), 0)])
print(type(nt).__name__, nt)
print(default_collate([(1, "a"), (2, "b")]), default_collate([[1, 2], [3, 4]]))
print(default_collate([True, False]), default_collate([torch.tensor(1.5), torch.tensor(2.5)]))
print(default_convert({"a": [1, 2], "t": torch.ones(1)}), default_convert((1.5, "s")))
try:
    default_collate([[1, 2], [3]])
except RuntimeError as e:
    print("RuntimeError", e)
try:
    default_collate([object(), object()])
except TypeError as e:
    print("TypeError", str(e).split(";")[0].split("found")[0])


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {"x": torch.tensor([float(i), float(i * i)]), "y": i % 3, "id": f"item{i}"}


ds = Squares(10)
loader = DataLoader(ds, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(42))
print("batches", len(loader))
for b in loader:
    print(b["x"].shape, b["y"], b["id"])
loader = DataLoader(ds, batch_size=4, shuffle=False, drop_last=True)
print("drop_last", len(loader), [b["y"].tolist() for b in loader])
bs = BatchSampler(SequentialSampler(ds), batch_size=3, drop_last=False)
loader = DataLoader(ds, batch_sampler=bs)
print("batch_sampler", len(loader), [b["x"][:, 0].tolist() for b in loader])
loader = DataLoader(ds, batch_size=None, sampler=[3, 1])
print("no batching", [b["x"] for b in loader])
loader = DataLoader(ds, batch_size=3, sampler=RandomSampler(ds, replacement=True, num_samples=5,
                                                            generator=torch.Generator().manual_seed(7)))
print("with replacement", [b["id"] for b in loader])

td = TensorDataset(torch.arange(12.0).reshape(6, 2), torch.arange(6))
loader = DataLoader(td, batch_size=4, num_workers=2, prefetch_factor=3, persistent_workers=True)
for epoch in range(2):
    print("epoch", epoch, [(x.sum().item(), y.tolist()) for x, y in loader])
print(loader.prefetch_factor, loader.persistent_workers, loader.num_workers)
for bad in (lambda: DataLoader(td, prefetch_factor=2),
            lambda: DataLoader(td, persistent_workers=True),
            lambda: DataLoader(td, batch_sampler=bs, batch_size=2),
            lambda: DataLoader(td, shuffle=True, sampler=SequentialSampler(td)),
            lambda: DataLoader(td, batch_size=None, drop_last=True),
            lambda: RandomSampler(td, num_samples=0),
            lambda: BatchSampler(range(3), 0, False),
            lambda: WeightedRandomSampler([1.0, 2.0], 5, replacement=False).__iter__().__next__(),
            lambda: list(DataLoader(td, batch_size=2, shuffle=True,
                                    generator=torch.Generator().manual_seed(0))[0])):
    try:
        bad()
        print("no error")
    except (ValueError, RuntimeError, TypeError) as e:
        print(type(e).__name__, e)
