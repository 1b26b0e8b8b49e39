import torch  # noqa: I001 (the harness requires torch first)

# An input pipeline for variable-length sequence classification: a map-style Dataset, a
# random_split with a seeded generator, a WeightedRandomSampler that rebalances the rare class,
# a DataLoader with num_workers=2 (worker_init_fn, get_worker_info, persistent_workers), a
# custom collate_fn that sorts by length and pads with pad_sequence, and an LSTM fed through
# pack_padded_sequence / pad_packed_sequence whose last valid step feeds a classifier.
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from torch.utils.data import DataLoader, Dataset, WeightedRandomSampler, get_worker_info, random_split


class Sequences(Dataset):
    def __init__(self, n=120):
        g = torch.Generator().manual_seed(5)
        self.lengths = torch.randint(3, 12, (n,), generator=g)
        self.labels = (torch.rand(n, generator=g) < 0.2).long()
        self.items = [torch.randn(int(length), 4, generator=g) + 0.8 * label
                      for length, label in zip(self.lengths, self.labels)]

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return {"x": self.items[index], "y": self.labels[index], "index": index}


def collate(batch):
    batch = sorted(batch, key=lambda item: item["x"].shape[0], reverse=True)
    lengths = torch.tensor([item["x"].shape[0] for item in batch])
    padded = pad_sequence([item["x"] for item in batch], batch_first=True, padding_value=0.0)
    worker = get_worker_info()
    return {"x": padded, "lengths": lengths, "y": torch.stack([item["y"] for item in batch]),
            "index": torch.tensor([item["index"] for item in batch]),
            "worker": -1 if worker is None else worker.id}


def worker_init_fn(worker_id):
    info = get_worker_info()
    assert info.id == worker_id and info.num_workers == 2
    torch.manual_seed(1000 + worker_id)


dataset = Sequences()
train_set, val_set = random_split(dataset, [0.75, 0.25], generator=torch.Generator().manual_seed(0))
print("split sizes", len(train_set), len(val_set), "first val indices", val_set.indices[:5])
train_labels = dataset.labels[train_set.indices]
class_count = torch.bincount(train_labels)
weights = (1.0 / class_count.double())[train_labels]
print("class counts", class_count.tolist(), "weights", weights[:4].numpy().round(5))
sampler = WeightedRandomSampler(weights, num_samples=len(train_set), replacement=True,
                                generator=torch.Generator().manual_seed(1))
train_loader = DataLoader(train_set, batch_size=16, sampler=sampler, collate_fn=collate,
                          num_workers=2, worker_init_fn=worker_init_fn, persistent_workers=True)
val_loader = DataLoader(val_set, batch_size=10, shuffle=False, collate_fn=collate)
print("loader", len(train_loader), len(val_loader), train_loader.num_workers)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 16, num_layers=1, batch_first=True)
        self.head = nn.Linear(16, 2)

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=True)
        output, (h_n, _) = self.lstm(packed)
        unpacked, out_lengths = pad_packed_sequence(output, batch_first=True)
        last = unpacked[torch.arange(len(lengths)), out_lengths - 1]
        assert torch.allclose(last, h_n[-1])
        return self.head(h_n[-1]), unpacked.shape


torch.manual_seed(0)
model = Classifier()
opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(3):
    model.train()
    seen, positives, workers, total = 0, 0, set(), 0.0
    for batch in train_loader:
        logits, shape = model(batch["x"], batch["lengths"])
        loss = F.cross_entropy(logits, batch["y"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        seen += len(batch["y"])
        positives += int(batch["y"].sum())
        workers.add(batch["worker"])
        total += loss.item() * len(batch["y"])
    model.eval()
    correct = 0
    with torch.no_grad():
        for batch in val_loader:
            logits, shape = model(batch["x"], batch["lengths"])
            correct += (logits.argmax(-1) == batch["y"]).sum().item()
    print(f"epoch {epoch}: train loss {total / seen:.4f} seen {seen} positives {positives} "
          f"workers {sorted(workers)} val acc {correct}/{len(val_set)} last shape {tuple(shape)}")
batch = next(iter(val_loader))
print("val batch", batch["x"].shape, batch["lengths"].tolist(), batch["index"].tolist())
packed = pack_padded_sequence(batch["x"], batch["lengths"], batch_first=True)
print("packed", packed.data.shape, packed.batch_sizes.tolist())
unsorted = pack_padded_sequence(batch["x"][[4, 0, 7]], batch["lengths"][[4, 0, 7]],
                                batch_first=True, enforce_sorted=False)
print("unsorted indices", unsorted.sorted_indices.tolist(), unsorted.unsorted_indices.tolist())
