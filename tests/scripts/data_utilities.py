import torch
from torch.utils.data import DataLoader, Dataset, Subset, TensorDataset, random_split

torch.manual_seed(12)


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        return torch.tensor([float(index)]), index * index


dataset = Squares(10)
print(len(dataset), dataset[3])
loader = DataLoader(dataset, batch_size=4)
for x, y in loader:
    print(x.shape, y)
loader = DataLoader(dataset, batch_size=3, shuffle=True, drop_last=True)
print(len(loader))
for x, y in loader:
    print(x.view(-1), y)
generator = torch.Generator().manual_seed(1)
print([batch[1].tolist() for batch in DataLoader(dataset, batch_size=5, shuffle=True,
                                                 generator=generator)])
first, second = random_split(dataset, [0.7, 0.3], generator=torch.Generator().manual_seed(0))
print(len(first), len(second), first.indices, second.indices)
print(Subset(dataset, [1, 4])[1])

pairs = TensorDataset(torch.arange(6).view(3, 2), torch.tensor([0, 1, 0]))
print(pairs[1], pairs.tensors[0].shape)


def collate(batch):
    inputs, targets = zip(*batch)
    return torch.stack(inputs), torch.tensor(targets)


for inputs, targets in DataLoader(pairs, batch_size=2, collate_fn=collate):
    print(inputs, targets)
dict_batches = DataLoader([{"a": torch.ones(2) * i, "b": i} for i in range(4)], batch_size=2)
for batch in dict_batches:
    print(batch)
print(next(iter(DataLoader([(1.0, 2), (3.0, 4)], batch_size=2))))

# random helpers that share the global generator
print(torch.randint(0, 5, (6,)), torch.rand(2), torch.randn(2, dtype=torch.float64))
print(torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 5, replacement=True))
print(torch.bernoulli(torch.full((6,), 0.5)))
print(torch.normal(0.0, 1.0, size=(3,)), torch.empty(3).uniform_(-1, 1))
print(torch.empty(4).normal_(mean=2, std=0.1), torch.empty(3).exponential_())
state = torch.get_rng_state()
first_draw = torch.rand(3)
torch.set_rng_state(state)
print(torch.equal(first_draw, torch.rand(3)))
print(torch.initial_seed())
gen = torch.Generator()
gen.manual_seed(3)
print(torch.rand(2, generator=gen), torch.randperm(5, generator=gen))
