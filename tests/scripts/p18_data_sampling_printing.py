import torch

# Data handling and printing as training scripts do it: random_split with fractions and a
# seeded generator, Subset / ConcatDataset / StackDataset / TensorDataset / ChainDataset,
# WeightedRandomSampler for class imbalance, BatchSampler over a SequentialSampler, a custom
# collate_fn padding variable-length items, an IterableDataset, and torch.set_printoptions
# (precision, sci_mode, linewidth, threshold/edgeitems summarisation) on the results.
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader,
                              IterableDataset, RandomSampler, SequentialSampler, StackDataset,
                              Subset, SubsetRandomSampler, TensorDataset,
                              WeightedRandomSampler, random_split)

torch.manual_seed(0)
features = torch.randn(20, 3)
labels = torch.tensor([0] * 14 + [1] * 4 + [2] * 2)
full = TensorDataset(features, labels)
train, val, test = random_split(full, [0.6, 0.25, 0.15],
                                generator=torch.Generator().manual_seed(42))
print("split sizes", len(train), len(val), len(test), train.indices[:5], type(train).__name__)
a, b = random_split(range(10), [7, 3], generator=torch.Generator().manual_seed(1))
print("range split", list(a), list(b))
try:
    random_split(full, [10, 5])
except ValueError as error:
    print("split error:", error)

counts = torch.bincount(labels)
weights = (1.0 / counts.double())[labels]
sampler = WeightedRandomSampler(weights, num_samples=30, replacement=True,
                                generator=torch.Generator().manual_seed(3))
drawn = labels[list(sampler)]
print("weighted draws", torch.bincount(drawn, minlength=3), len(sampler))
print("no replacement", list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.0, 0.7], 3, replacement=False,
                                                   generator=torch.Generator().manual_seed(5))))
print("batch sampler", list(BatchSampler(SequentialSampler(range(7)), batch_size=3,
                                         drop_last=False)))
print("batch drop", list(BatchSampler(range(7), 3, True)))
print("random sampler", list(RandomSampler(range(6), generator=torch.Generator().manual_seed(2))))
print("with replacement", list(RandomSampler(range(6), replacement=True, num_samples=4,
                                             generator=torch.Generator().manual_seed(2))))
print("subset random", list(SubsetRandomSampler([10, 11, 12, 13],
                                                generator=torch.Generator().manual_seed(0))))

sub = Subset(full, [1, 3, 5])
cat = ConcatDataset([sub, Subset(full, [19])])
print("concat", len(cat), cat.cumulative_sizes, cat[3][1], cat[-1][1])
stack = StackDataset(x=features, y=labels)
print("stack", stack[2]["y"], sorted(stack[2]))
stack_t = StackDataset(features, labels)
print("stack tuple", stack_t[0][1], len(stack_t))


class Counter(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        assert info is None
        return iter(torch.arange(self.start, self.end).tolist())


chain = ChainDataset([Counter(0, 3), Counter(10, 12)])
print("chain", list(chain))
print("iterable loader", [b.tolist() for b in DataLoader(Counter(0, 7), batch_size=3)])
print("iterable drop_last", [b.tolist() for b in DataLoader(Counter(0, 7), batch_size=3,
                                                              drop_last=True)])


class Sentences(torch.utils.data.Dataset):
    def __init__(self):
        g = torch.Generator().manual_seed(9)
        self.items = [torch.randint(1, 9, (int(n),), generator=g)
                      for n in torch.randint(2, 6, (7,), generator=g)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i], len(self.items[i])


def collate(batch):
    seqs, lens = zip(*batch)
    return pad_sequence(seqs, batch_first=True, padding_value=0), torch.tensor(lens)


loader = DataLoader(Sentences(), batch_size=3, shuffle=True, collate_fn=collate,
                    generator=torch.Generator().manual_seed(4))
for padded, lens in loader:
    print("padded batch", padded.tolist(), lens.tolist())
sampler_loader = DataLoader(full, batch_sampler=BatchSampler(range(5), 2, False))
print("batch_sampler loader", [y.tolist() for _, y in sampler_loader])
try:
    DataLoader(full, batch_size=2, sampler=range(4), shuffle=True)
except ValueError as error:
    print("loader error:", error)
try:
    DataLoader(full, batch_sampler=BatchSampler(range(5), 2, False), batch_size=3)
except ValueError as error:
    print("loader error:", error)

torch.set_printoptions(precision=2, sci_mode=False, linewidth=60)
print(features[:4] * 1000)
torch.set_printoptions(threshold=20, edgeitems=2)
print(torch.arange(100.0).reshape(10, 10) / 7)
print(torch.arange(30))
torch.set_printoptions(sci_mode=True, precision=3)
print(torch.tensor([1e-6, 1.0, 12345.0]))
torch.set_printoptions(profile="default")
print(torch.tensor([1e-6, 1.0, 12345.0]), torch.tensor([0.1, 1e10]))
print(torch.tensor([[1e-9, 3.0], [float("inf"), float("nan")]]))
print(F.one_hot(torch.tensor([0, 2]), 3).bool(), torch.tensor([1.5, 2.5]).half())
print(torch.full((2, 2), -0.0), torch.tensor([123456789.0]), torch.tensor([1, -20, 300]))
print(torch.tensor(3.14159, dtype=torch.float64), torch.tensor([True]), torch.empty(0, 3))
print(torch.tensor([2 + 3j, -1.5j]), torch.tensor([1e20, 1.0], dtype=torch.float64))
print(f"{torch.tensor(2.345):.2f}", format(torch.tensor(7), "04d"), str(torch.tensor([1.0]))[:10])
