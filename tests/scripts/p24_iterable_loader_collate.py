import torch

# The torch.utils.data docs page, section by section: an IterableDataset split across workers
# with get_worker_info (in __iter__ and in a worker_init_fn), what automatic batching does
# with dicts, namedtuples, NumPy arrays and strings (default_collate / default_convert),
# batch_size=None, a custom collate_fn padding variable-length sequences, samplers (sequence,
# random with a generator, subset, weighted, BatchSampler with drop_last), random_split by
# fractions, and the errors of options that do not fit together.
import collections
import math

import numpy as np
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset,
                              IterableDataset, RandomSampler, SequentialSampler,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              default_collate, default_convert, get_worker_info, random_split)


class RangeStream(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi = self.start, self.end
        else:
            per_worker = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per_worker
            hi = min(lo + per_worker, self.end)
        return iter(range(lo, hi))


stream = RangeStream(3, 7)
print(list(DataLoader(stream, num_workers=0)))
print(sorted(int(x) for x in DataLoader(stream, num_workers=2)))
print(list(DataLoader(stream, batch_size=3, num_workers=0)))


class PlainRange(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        return iter(range(self.start, self.end))


def split_per_worker(worker_id):
    info = get_worker_info()
    dataset = info.dataset
    overall_start, overall_end = 3, 7
    per_worker = int(math.ceil((overall_end - overall_start) / float(info.num_workers)))
    dataset.start = overall_start + worker_id * per_worker
    dataset.end = min(dataset.start + per_worker, overall_end)


print(sorted(int(x) for x in DataLoader(PlainRange(3, 7), num_workers=2,
                                       worker_init_fn=split_per_worker)))
print(sorted(int(x) for x in DataLoader(PlainRange(3, 7), num_workers=2)))

Point = collections.namedtuple("Point", ["x", "y"])
print(default_collate([Point(1, 2.0), Point(3, 4.0)]))
print(default_collate([{"id": 1, "name": "a", "feat": np.array([1.0, 2.0])},
                       {"id": 2, "name": "b", "feat": np.array([3.0, 4.0])}]))
print(default_collate([(torch.tensor([1]), [True, False]), (torch.tensor([2]), [False, True])]))
print(default_collate([np.int32(3), np.int32(4)]), default_collate([b"x", b"y"]))
print(default_convert({"a": np.arange(3), "b": [np.float32(1.5)], "c": "text"}))
print(default_convert(Point(np.zeros(2), 1)))
for bad in ([torch.zeros(2), torch.zeros(3)], [{"a": 1}, {"b": 2}], [object(), object()],
            [np.array(["a", "b"]), np.array(["c", "d"])], [(1, 2), (3,)]):
    try:
        print(default_collate(bad))
    except (RuntimeError, TypeError, KeyError) as error:
        print(type(error).__name__, error)


class Words(Dataset):
    def __init__(self):
        self.sentences = [[4, 8, 15], [16, 23], [42], [1, 2, 3, 4]]

    def __len__(self):
        return len(self.sentences)

    def __getitem__(self, index):
        return torch.tensor(self.sentences[index]), len(self.sentences[index])


def pad_collate(batch):
    sequences, lengths = zip(*batch)
    padded = torch.nn.utils.rnn.pad_sequence(sequences, batch_first=True, padding_value=0)
    return padded, torch.tensor(lengths)


for padded, lengths in DataLoader(Words(), batch_size=3, collate_fn=pad_collate):
    print(padded, lengths)
print([item for item in DataLoader(Words(), batch_size=None)][:2])
generator = torch.Generator().manual_seed(42)
print([batch.tolist() for batch in DataLoader(Words(), batch_size=2, shuffle=True,
                                              generator=generator,
                                              collate_fn=lambda b: torch.cat([s for s, _ in b]))])

data = TensorDataset(torch.arange(10.0), torch.arange(10) % 3)
print(list(SequentialSampler(data)), list(RandomSampler(data, generator=torch.Generator(
).manual_seed(0))))
print(list(RandomSampler(data, replacement=True, num_samples=4,
                         generator=torch.Generator().manual_seed(1))))
print(list(SubsetRandomSampler([1, 5, 7], generator=torch.Generator().manual_seed(2))))
print(list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7], 6, replacement=True,
                                 generator=torch.Generator().manual_seed(3))))
print(list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7], 3, replacement=False,
                                 generator=torch.Generator().manual_seed(3))))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(range(10), batch_size=3, drop_last=True)), len(BatchSampler(
    range(10), 3, True)), len(BatchSampler(range(10), 3, False)))
loader = DataLoader(data, batch_sampler=BatchSampler(range(10), 4, drop_last=True))
for features, labels in loader:
    print(features, labels)
print(len(loader), len(DataLoader(data, batch_size=4)), len(DataLoader(data, batch_size=4,
                                                                       drop_last=True)))
train, valid, test = random_split(range(10), [0.5, 0.3, 0.2],
                                  generator=torch.Generator().manual_seed(42))
print(list(train), list(valid), list(test), train.indices)
parts = random_split(range(7), [0.5, 0.5], generator=torch.Generator().manual_seed(0))
print([len(p) for p in parts])
both = ConcatDataset([data, TensorDataset(torch.tensor([100.0]), torch.tensor([7]))])
print(len(both), both[10], both.cumulative_sizes, both[-1])

for label, make in [
        ("shuffle + sampler", lambda: DataLoader(data, shuffle=True,
                                                 sampler=SequentialSampler(data))),
        ("batch_sampler + batch_size", lambda: DataLoader(
            data, batch_size=2, batch_sampler=BatchSampler(range(10), 2, False))),
        ("batch_size=None + drop_last", lambda: DataLoader(data, batch_size=None,
                                                           drop_last=True)),
        ("iterable + shuffle", lambda: DataLoader(stream, shuffle=True)),
        ("iterable + sampler", lambda: DataLoader(stream, sampler=[0, 1])),
        ("negative workers", lambda: DataLoader(data, num_workers=-1)),
        ("timeout", lambda: DataLoader(data, timeout=-1)),
        ("prefetch without workers", lambda: DataLoader(data, prefetch_factor=2)),
        ("persistent without workers", lambda: DataLoader(data, persistent_workers=True)),
        ("random_split lengths", lambda: random_split(range(10), [3, 3])),
        ("random_split fractions", lambda: random_split(range(10), [0.5, 0.6])),
        ("WeightedRandomSampler too many", lambda: list(WeightedRandomSampler([1.0, 1.0], 3,
                                                                              False))),
        ("BatchSampler size", lambda: BatchSampler(range(3), 0, False)),
        ("RandomSampler num_samples", lambda: RandomSampler(data, num_samples=0))]:
    try:
        make()
        print(label, "accepted")
    except (ValueError, RuntimeError, TypeError) as error:
        print(label, "->", type(error).__name__, error)
try:
    len(DataLoader(stream))
except TypeError as error:
    print("len(iterable loader):", error)
