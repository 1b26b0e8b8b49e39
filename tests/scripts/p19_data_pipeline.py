import torch

# A data pipeline as training scripts assemble it: a map-style Dataset of variable-length
# token sequences, random_split with a seeded generator, WeightedRandomSampler for class
# imbalance, SubsetRandomSampler for a validation fold, ConcatDataset of TensorDatasets, a
# collate_fn that left-pads with pad_sequence(batch_first=True, padding_side="left") and
# builds attention masks, an IterableDataset with worker_init_fn sharding (num_workers=2),
# DataLoader(pin_memory=True) on the CPU, and the errors of a misconfigured loader.
import math
import warnings

import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import (ConcatDataset, DataLoader, Dataset, IterableDataset, Subset,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              get_worker_info, random_split)

torch.manual_seed(0)


class Sequences(Dataset):
    def __init__(self, n):
        g = torch.Generator().manual_seed(7)
        self.lengths = torch.randint(2, 7, (n,), generator=g)
        self.items = [torch.randint(1, 20, (int(n_),), generator=g) for n_ in self.lengths]
        self.labels = (self.lengths > 4).long()

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i], self.labels[i]


def collate_left(batch):
    seqs, labels = zip(*batch)
    padded = pad_sequence(seqs, batch_first=True, padding_value=0, padding_side="left")
    mask = padded != 0
    return padded, mask, torch.stack(labels)


ds = Sequences(20)
print("labels", ds.labels.tolist(), "counts", torch.bincount(ds.labels).tolist())
train, val = random_split(ds, [0.75, 0.25], generator=torch.Generator().manual_seed(42))
print("split", len(train), len(val), train.indices[:5], val.indices)

class_counts = torch.bincount(ds.labels[train.indices])
sample_weights = (1.0 / class_counts.double())[ds.labels[train.indices]]
sampler = WeightedRandomSampler(sample_weights, num_samples=len(train), replacement=True,
                                generator=torch.Generator().manual_seed(1))
print("sampler", len(sampler), list(sampler)[:8])
loader = DataLoader(train, batch_size=4, sampler=sampler, collate_fn=collate_left,
                    pin_memory=True, drop_last=True)
print("batches", len(loader))
for i, (padded, mask, labels) in enumerate(loader):
    print(i, padded.tolist(), mask.sum(1).tolist(), labels.tolist(), padded.is_pinned())

print("right", pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], batch_first=True))
print("left", pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], batch_first=True,
                           padding_side="left", padding_value=-1))
print("time-major left", pad_sequence([torch.ones(2, 3), torch.zeros(1, 3)],
                                      padding_side="left").shape)
try:
    pad_sequence([torch.tensor([1])], padding_side="middle")
except (ValueError, RuntimeError) as error:
    print(type(error).__name__, error)

fold = SubsetRandomSampler(list(range(0, 20, 3)), generator=torch.Generator().manual_seed(5))
print("fold", list(fold), len(fold))
for padded, mask, labels in DataLoader(ds, batch_size=3, sampler=fold, collate_fn=collate_left):
    print("fold batch", tuple(padded.shape), labels.tolist())

a = TensorDataset(torch.arange(6.0).view(3, 2), torch.tensor([0, 1, 0]))
b = TensorDataset(torch.arange(6.0, 14.0).view(4, 2), torch.tensor([1, 1, 0, 1]))
both = ConcatDataset([a, b])
print("concat", len(both), both.cumulative_sizes, both[4], both[-1])
sub = Subset(both, [6, 0, 3])
print("subset", [sub[i][1].item() for i in range(len(sub))])
for x, y in DataLoader(both, batch_size=3, shuffle=True,
                       generator=torch.Generator().manual_seed(3)):
    print("shuffled", x[:, 0].tolist(), y.tolist())
try:
    TensorDataset(torch.zeros(3), torch.zeros(4))
except AssertionError as error:
    print("AssertionError", error)


class Shards(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        return iter(range(self.start, self.end))


def worker_init_fn(worker_id):
    info = get_worker_info()
    dataset = info.dataset
    per_worker = int(math.ceil((dataset.end - dataset.start) / float(info.num_workers)))
    dataset.start = dataset.start + worker_id * per_worker
    dataset.end = min(dataset.start + per_worker, dataset.end)


if __name__ == "__main__":
    stream = Shards(3, 13)
    print("single", list(DataLoader(stream, batch_size=None)))
    out = list(DataLoader(stream, num_workers=2, worker_init_fn=worker_init_fn, batch_size=2))
    print("two workers", [t.tolist() for t in out])
    out = list(DataLoader(stream, num_workers=2, batch_size=4))
    print("duplicated without sharding", sorted(torch.cat(out).tolist()))
    print("pinned map", next(iter(DataLoader(a, batch_size=2, pin_memory=True)))[0].is_pinned())

try:
    DataLoader(ds, batch_size=2, shuffle=True, sampler=fold)
except ValueError as error:
    print("ValueError:", error)
try:
    DataLoader(Shards(0, 3), shuffle=True)
except ValueError as error:
    print("ValueError:", str(error)[:90])
try:
    random_split(ds, [0.5, 0.6])
except ValueError as error:
    print("ValueError:", error)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    parts = random_split(range(10), [0.33, 0.33, 0.34], generator=torch.Generator().manual_seed(0))
print("fraction lengths", [len(p) for p in parts], [str(w.message)[:60] for w in caught])
try:
    WeightedRandomSampler([1.0, 2.0], num_samples=5, replacement=False)
except (ValueError, RuntimeError) as error:
    print(type(error).__name__, error)
try:
    list(WeightedRandomSampler([1.0, 2.0], num_samples=5, replacement=False))
except (ValueError, RuntimeError) as error:
    print(type(error).__name__, error)
emb = torch.nn.Embedding(20, 4, padding_idx=0)
padded, mask, labels = collate_left([ds[i] for i in range(4)])
pooled = (emb(padded) * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
print("pooled", pooled.shape, F.cross_entropy(torch.nn.Linear(4, 2)(pooled), labels).item() > 0)
