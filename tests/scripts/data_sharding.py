import torch  # noqa: I001 (the harness requires torch first)

# Input pipelines beyond the map-style basics: an IterableDataset that shards its stream across
# DataLoader workers with get_worker_info, ConcatDataset over heterogeneous parts, Subset,
# a BatchSampler over a SequentialSampler / RandomSampler, default_collate of dicts and
# namedtuples (nested, with numbers and strings), and a custom collate_fn padding sequences.
import collections
import math

from torch.utils.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    SequentialSampler,
    Subset,
    default_collate,
    get_worker_info,
)

Sample = collections.namedtuple("Sample", ["features", "label"])


class RangeStream(IterableDataset):
    """Yields start..end-1 as (value, value squared), each worker taking its own slice."""

    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi = self.start, self.end
        else:
            per_worker = math.ceil((self.end - self.start) / info.num_workers)
            lo = self.start + info.id * per_worker
            hi = min(lo + per_worker, self.end)
        for value in range(lo, hi):
            yield {"x": torch.tensor([float(value)]), "y": value * value}


class Records(Dataset):
    def __init__(self, n, offset=0):
        self.n, self.offset = n, offset

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        if index < 0 or index >= self.n:
            raise IndexError(index)
        value = index + self.offset
        return Sample(torch.full((2,), float(value)), value % 3)


if __name__ == "__main__":
    stream = RangeStream(3, 10)
    print("main process", [int(item["x"]) for item in stream])
    for workers in (0, 2):
        loader = DataLoader(stream, batch_size=2, num_workers=workers, pin_memory=False)
        batches = list(loader)
        print(f"workers={workers}", len(batches),
              [b["x"].squeeze(1).tolist() for b in batches], [b["y"].tolist() for b in batches])
    print("no duplicates", sorted(int(v) for b in DataLoader(stream, batch_size=3, num_workers=2)
                                  for v in b["x"].flatten()))

    parts = ConcatDataset([Records(4), Records(3, offset=100)])
    print("concat", len(parts), parts.cumulative_sizes, parts[5].features, parts[-1].label)
    subset = Subset(parts, [0, 4, 6, 2])
    print("subset", len(subset), [s.features[0].item() for s in subset])
    batch = default_collate([parts[i] for i in range(3)])
    print("namedtuple batch", type(batch).__name__, batch.features.shape, batch.label)

    records = [{"id": i, "name": f"r{i}", "pos": (torch.tensor([i, i + 1]), float(i) / 2),
                "meta": {"w": torch.tensor(float(i))}} for i in range(3)]
    collated = default_collate(records)
    print("dict batch", sorted(collated), collated["id"], collated["name"])
    print("nested", collated["pos"][0], collated["pos"][1], collated["meta"]["w"])

    sequential = list(BatchSampler(SequentialSampler(range(10)), batch_size=4, drop_last=False))
    dropped = list(BatchSampler(range(10), batch_size=4, drop_last=True))
    print("batch sampler", sequential, dropped, len(BatchSampler(range(10), 4, False)))
    generator = torch.Generator().manual_seed(6)
    shuffled = list(BatchSampler(RandomSampler(range(10), generator=generator), 3, False))
    print("random batches", shuffled)

    def pad_collate(items):
        lengths = torch.tensor([len(x) for x, _ in items])
        padded = torch.nn.utils.rnn.pad_sequence([x for x, _ in items], batch_first=True)
        return padded, lengths, torch.tensor([y for _, y in items])

    sequences = [(torch.arange(1, n + 1), n % 2) for n in (3, 1, 4, 2, 5)]
    sampler = BatchSampler(SequentialSampler(sequences), batch_size=2, drop_last=False)
    for padded, lengths, labels in DataLoader(sequences, batch_sampler=sampler,
                                              collate_fn=pad_collate):
        print("padded", padded.tolist(), lengths.tolist(), labels.tolist())
    torch.manual_seed(2)
    loader = DataLoader(subset, batch_size=2, shuffle=True, num_workers=2, drop_last=True,
                        persistent_workers=False)
    for epoch in range(2):
        print("epoch", epoch, [b.features[:, 0].tolist() for b in loader])
