import torch

# Data loading as training scripts set it up: an IterableDataset sharded across num_workers=2
# with get_worker_info and a worker_init_fn that seeds each worker, a map-style dataset split
# with random_split (fractions and a seeded generator), WeightedRandomSampler for class
# balance, BatchSampler, SubsetRandomSampler, ConcatDataset/Subset/TensorDataset/StackDataset,
# a collate_fn that pads variable-length sequences, default_collate on dicts and namedtuples,
# and a DataLoader with drop_last, persistent workers and a seeded generator.
import collections
import math
import random

from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset,
                              RandomSampler, SequentialSampler, StackDataset, Subset,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              default_collate, get_worker_info, random_split)

torch.manual_seed(0)


class Shards(IterableDataset):
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
        for i in range(lo, hi):
            yield torch.tensor([i, i * i])


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2 ** 32
    random.seed(worker_seed)


if __name__ == "__main__":
    print("single process", [b.tolist() for b in DataLoader(Shards(3, 10), batch_size=3)])
    g = torch.Generator()
    g.manual_seed(0)
    loader = DataLoader(Shards(3, 10), batch_size=2, num_workers=2, worker_init_fn=seed_worker,
                        generator=g)
    print("two workers", sorted(tuple(x) for b in loader for x in b.tolist()))
    print("interleaved", [b[:, 0].tolist() for b in loader])

    data = TensorDataset(torch.arange(20.0).view(10, 2), torch.tensor([0] * 7 + [1] * 3))
    train, val, test = random_split(data, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(42))
    print("split sizes", len(train), len(val), len(test), "train indices", train.indices)
    a, b = random_split(range(7), [5, 2], generator=torch.Generator().manual_seed(1))
    print(list(a), list(b))

    labels = data.tensors[1]
    counts = torch.bincount(labels)
    weights = (1.0 / counts.float())[labels]
    sampler = WeightedRandomSampler(weights, num_samples=12, replacement=True,
                                    generator=torch.Generator().manual_seed(3))
    drawn = list(sampler)
    print("weighted", drawn, "class counts", torch.bincount(labels[drawn]).tolist())
    no_repeat = WeightedRandomSampler([0.1, 0.9, 0.4, 0.6], num_samples=3, replacement=False,
                                      generator=torch.Generator().manual_seed(4))
    print("without replacement", list(no_repeat))
    print("batches", list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
    print("random batches", list(BatchSampler(RandomSampler(range(7), generator=torch.Generator().manual_seed(5)), 3, True)))
    print("subset random", list(SubsetRandomSampler([10, 20, 30, 40], generator=torch.Generator().manual_seed(6))))
    print("random with replacement", list(RandomSampler(range(5), replacement=True, num_samples=8, generator=torch.Generator().manual_seed(7))))

    both = ConcatDataset([data, Subset(data, [0, 9])])
    print("concat", len(both), both[10][0].tolist(), both[11][1].item(), both.cumulative_sizes)
    stacked = StackDataset(x=torch.arange(4), y=torch.arange(4) * 10)
    print("stack", stacked[2], len(stacked))

    sequences = [torch.arange(n) + 1 for n in (3, 1, 4, 2)]

    def pad_collate(batch):
        batch.sort(key=len, reverse=True)
        lengths = torch.tensor([len(s) for s in batch])
        return pad_sequence(batch, batch_first=True, padding_value=0), lengths

    for padded, lengths in DataLoader(sequences, batch_size=2, collate_fn=pad_collate):
        print(padded.tolist(), lengths.tolist())
    print("left padding", pad_sequence(sequences, batch_first=True, padding_side="left").tolist())

    Point = collections.namedtuple("Point", ["x", "label"])
    batch = default_collate([Point(torch.tensor([1.0, 2.0]), 0), Point(torch.tensor([3.0, 4.0]), 1)])
    print(type(batch).__name__, batch.x, batch.label)
    print(default_collate([{"a": 1.5, "b": [1, 2]}, {"a": 2.5, "b": [3, 4]}]))
    print(default_collate([(torch.tensor(1), "one"), (torch.tensor(2), "two")]))

    loader = DataLoader(data, batch_size=4, shuffle=True, drop_last=True, num_workers=2,
                        persistent_workers=True, generator=torch.Generator().manual_seed(8))
    for epoch in range(2):
        print("epoch", epoch, [y.tolist() for _, y in loader])
    print(len(loader), loader.batch_size, loader.drop_last)

    for bad in (lambda: random_split(range(5), [3, 3]),
                lambda: random_split(range(5), [0.5, 0.6]),
                lambda: WeightedRandomSampler([1.0, 2.0], num_samples=3, replacement=False).__iter__().__next__(),
                lambda: DataLoader(data, batch_size=2, shuffle=True, sampler=SequentialSampler(data)),
                lambda: DataLoader(Shards(0, 3), shuffle=True),
                lambda: BatchSampler(range(3), batch_size=0, drop_last=False)):
        try:
            bad()
        except (ValueError, RuntimeError) as error:
            print(type(error).__name__ + ":", str(error).splitlines()[0])
