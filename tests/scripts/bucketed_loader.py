import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import (
    ChainDataset,
    DataLoader,
    Dataset,
    DistributedSampler,
    IterableDataset,
    Sampler,
    StackDataset,
    SubsetRandomSampler,
    WeightedRandomSampler,
    default_convert,
    random_split,
)

# The input pipeline of a text classifier trained data-parallel: a length-bucketing batch
# sampler, DistributedSampler with explicit replicas and set_epoch, SubsetRandomSampler and
# WeightedRandomSampler over class frequencies, StackDataset and ChainDataset, random_split with
# fractions and a Generator, a collate_fn that pads with pad_sequence (right and left) and packs
# for an LSTM, and a few optimisation steps on the batches.

torch.manual_seed(4)


class Reviews(Dataset):
    def __init__(self, count, generator):
        lengths = torch.randint(2, 9, (count,), generator=generator)
        self.texts = [torch.randint(1, 20, (n,), generator=generator) for n in lengths.tolist()]
        self.labels = torch.randint(0, 3, (count,), generator=generator)

    def __len__(self):
        return len(self.texts)

    def __getitem__(self, index):
        return self.texts[index], self.labels[index]


class BucketBatchSampler(Sampler):
    """Batches of similar lengths: shuffle, sort inside pools of 4 batches, then shuffle."""

    def __init__(self, lengths, batch_size, generator):
        self.lengths, self.batch_size, self.generator = lengths, batch_size, generator

    def __iter__(self):
        order = torch.randperm(len(self.lengths), generator=self.generator).tolist()
        pool = 4 * self.batch_size
        batches = []
        for start in range(0, len(order), pool):
            chunk = sorted(order[start:start + pool], key=lambda i: self.lengths[i])
            batches += [chunk[i:i + self.batch_size] for i in range(0, len(chunk),
                                                                     self.batch_size)]
        for index in torch.randperm(len(batches), generator=self.generator).tolist():
            yield batches[index]

    def __len__(self):
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size


def collate(batch):
    texts, labels = zip(*batch)
    lengths = torch.tensor([len(t) for t in texts])
    return pad_sequence(texts, batch_first=True, padding_value=0), lengths, torch.stack(labels)


class Counter(IterableDataset):
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __iter__(self):
        return iter(range(self.start, self.stop))


generator = torch.Generator().manual_seed(9)
data = Reviews(40, generator)
train, valid, test = random_split(data, [0.6, 0.25, 0.15],
                                  generator=torch.Generator().manual_seed(1))
print("split sizes:", len(train), len(valid), len(test), train.indices[:6])

lengths = [len(data[i][0]) for i in train.indices]
sampler = BucketBatchSampler(lengths, 5, torch.Generator().manual_seed(2))
loader = DataLoader(train, batch_sampler=sampler, collate_fn=collate)
print("batches:", len(loader))
for padded, lens, labels in loader:
    print(tuple(padded.shape), lens.tolist(), labels.tolist())

left = pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])], batch_first=True,
                    padding_value=-1, padding_side="left")
print("left padded:", left)

for rank in range(2):
    distributed = DistributedSampler(valid, num_replicas=2, rank=rank, shuffle=True, seed=3)
    distributed.set_epoch(1)
    print(f"rank {rank} indices:", list(distributed), "len", len(distributed))
tail = DistributedSampler(range(7), num_replicas=3, rank=2, shuffle=False, drop_last=True)
print("drop_last rank 2:", list(tail), len(tail))

counts = torch.bincount(data.labels, minlength=3)
weights = (1.0 / counts.double())[data.labels]
weighted = WeightedRandomSampler(weights, num_samples=12, replacement=True,
                                 generator=torch.Generator().manual_seed(5))
drawn = list(weighted)
print("weighted draws:", drawn, torch.bincount(data.labels[drawn], minlength=3).tolist())
subset = SubsetRandomSampler(list(range(0, 40, 3)), generator=torch.Generator().manual_seed(6))
print("subset order:", list(subset))

stacked = StackDataset(text=data, index=range(40))
print("stacked item:", stacked[3]["index"], stacked[3]["text"][1], len(stacked))
chained = ChainDataset([Counter(0, 3), Counter(10, 12)])
print("chained:", list(chained), [b.tolist() for b in DataLoader(chained, batch_size=2)])
print("converted:", default_convert({"a": [1, 2], "b": (3.5, "s")}))

embed = nn.Embedding(20, 6, padding_idx=0)
lstm = nn.LSTM(6, 8, batch_first=True)
head = nn.Linear(8, 3)
params = [*embed.parameters(), *lstm.parameters(), *head.parameters()]
optimizer = torch.optim.SGD(params, lr=0.5, momentum=0.9)
for epoch in range(2):
    total = 0.0
    for padded, lens, labels in DataLoader(train, batch_size=6, shuffle=True, collate_fn=collate,
                                           drop_last=True,
                                           generator=torch.Generator().manual_seed(epoch)):
        packed = pack_padded_sequence(embed(padded), lens, batch_first=True,
                                      enforce_sorted=False)
        output, (hidden, _) = lstm(packed)
        unpacked, out_lens = pad_packed_sequence(output, batch_first=True)
        loss = nn.functional.cross_entropy(head(hidden[-1]), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total:.6f} unpacked {tuple(unpacked.shape)} {out_lens.tolist()}")
print("padding row stays zero:", embed.weight[0].abs().sum().item())
