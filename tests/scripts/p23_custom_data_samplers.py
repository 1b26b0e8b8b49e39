import torch

# The "Writing Custom Datasets, DataLoaders and Transforms" tutorial with the sampler zoo:
# a map-style dataset of landmark-like records with composable transform classes, a
# collate_fn for ragged items, Subset and random_split with a seeded generator (and
# fractional lengths), ConcatDataset, WeightedRandomSampler for class balance,
# BatchSampler over Sequential/Random samplers, SubsetRandomSampler, an IterableDataset
# and a default_collate of nested dicts.
from torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset,
                              IterableDataset, RandomSampler, SequentialSampler, Subset,
                              SubsetRandomSampler, TensorDataset, WeightedRandomSampler,
                              default_collate, random_split)

torch.manual_seed(0)


class FaceLandmarksDataset(Dataset):
    """Images of varying size with a few (x, y) landmarks each."""

    def __init__(self, n, transform=None):
        g = torch.Generator().manual_seed(7)
        self.records = []
        for i in range(n):
            h, w = 6 + i % 3, 5 + i % 4
            image = torch.rand(h, w, 3, generator=g)
            landmarks = torch.rand(4, 2, generator=g) * torch.tensor([w, h])
            self.records.append((image, landmarks))
        self.transform = transform

    def __len__(self):
        return len(self.records)

    def __getitem__(self, idx):
        if torch.is_tensor(idx):
            idx = idx.tolist()
        image, landmarks = self.records[idx]
        sample = {"image": image, "landmarks": landmarks}
        if self.transform:
            sample = self.transform(sample)
        return sample


class Rescale:
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, sample):
        image, landmarks = sample["image"], sample["landmarks"]
        h, w = image.shape[:2]
        new_h, new_w = self.output_size
        resized = torch.nn.functional.interpolate(
            image.permute(2, 0, 1)[None], size=(new_h, new_w), mode="bilinear",
            align_corners=False)[0].permute(1, 2, 0)
        return {"image": resized, "landmarks": landmarks * torch.tensor([new_w / w, new_h / h])}


class RandomCrop:
    def __init__(self, output_size):
        self.output_size = output_size

    def __call__(self, sample):
        image, landmarks = sample["image"], sample["landmarks"]
        h, w = image.shape[:2]
        new_h, new_w = self.output_size
        top = torch.randint(0, h - new_h + 1, ()).item()
        left = torch.randint(0, w - new_w + 1, ()).item()
        return {"image": image[top:top + new_h, left:left + new_w],
                "landmarks": landmarks - torch.tensor([left, top])}


class ToTensor:
    def __call__(self, sample):
        return {"image": sample["image"].permute(2, 0, 1).contiguous(),
                "landmarks": sample["landmarks"].float()}


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample


raw = FaceLandmarksDataset(10)
for i in range(3):
    sample = raw[i]
    print(i, tuple(sample["image"].shape), tuple(sample["landmarks"].shape))
print(raw[torch.tensor(4)]["landmarks"][0])
composed = Compose([Rescale((8, 8)), RandomCrop((6, 6)), ToTensor()])
transformed = FaceLandmarksDataset(10, transform=composed)
s = transformed[3]
print(tuple(s["image"].shape), s["landmarks"])

loader = DataLoader(transformed, batch_size=4, shuffle=True, num_workers=0)
for i_batch, batch in enumerate(loader):
    print(i_batch, batch["image"].size(), batch["landmarks"].size(),
          round(batch["image"].mean().item(), 5))

# ragged items need a collate_fn of their own


def pad_collate(batch):
    images = [item["image"] for item in batch]
    max_h = max(img.shape[0] for img in images)
    max_w = max(img.shape[1] for img in images)
    out = torch.zeros(len(images), 3, max_h, max_w)
    sizes = []
    for k, img in enumerate(images):
        out[k, :, :img.shape[0], :img.shape[1]] = img.permute(2, 0, 1)
        sizes.append(img.shape[:2])
    return out, torch.tensor(sizes), torch.stack([item["landmarks"] for item in batch])


ragged_loader = DataLoader(raw, batch_size=3, collate_fn=pad_collate)
images, sizes, marks = next(iter(ragged_loader))
print(images.shape, sizes.tolist(), marks.shape)
try:
    next(iter(DataLoader(raw, batch_size=3)))
except RuntimeError as error:
    print("RuntimeError:", str(error)[:60])

# splits and subsets
data = TensorDataset(torch.arange(20.0).unsqueeze(1), torch.tensor([0] * 15 + [1] * 5))
train, val = random_split(data, [16, 4], generator=torch.Generator().manual_seed(42))
print(type(train).__name__, len(train), len(val), val.indices)
parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print([list(p) for p in parts])
try:
    random_split(data, [10, 5])
except ValueError as error:
    print("ValueError:", error)
sub = Subset(data, [0, 2, 19])
print(len(sub), sub[2], sub.indices)
both = ConcatDataset([sub, Subset(data, range(3))])
print(len(both), both.cumulative_sizes, both[4])

# weighted sampling: the rare class comes up as often as the common one
labels = data.tensors[1]
class_counts = torch.bincount(labels)
weights = 1.0 / class_counts[labels].double()
sampler = WeightedRandomSampler(weights, num_samples=200, replacement=True,
                                generator=torch.Generator().manual_seed(3))
drawn = torch.tensor(list(sampler))
print("weighted draw class counts", torch.bincount(labels[drawn]).tolist(), len(sampler))
no_repl = list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7], 3, replacement=False,
                                     generator=torch.Generator().manual_seed(0)))
print("without replacement", no_repl)
try:
    WeightedRandomSampler([0.5, 0.5], num_samples=3, replacement=False)
    list(WeightedRandomSampler([0.5, 0.5], num_samples=3, replacement=False))
except RuntimeError as error:
    print("RuntimeError:", error)
weighted_loader = DataLoader(data, batch_size=8, sampler=sampler)
first = next(iter(weighted_loader))
print(first[0].flatten().tolist(), first[1].tolist())

# batch samplers
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
rand_batches = BatchSampler(RandomSampler(range(10), generator=torch.Generator().manual_seed(5)),
                            batch_size=4, drop_last=False)
print(list(rand_batches), len(rand_batches))
batch_loader = DataLoader(data, batch_sampler=rand_batches)
print([b[0].flatten().tolist() for b in batch_loader])
try:
    DataLoader(data, batch_sampler=rand_batches, batch_size=2)
except ValueError as error:
    print("ValueError:", error)
subset_sampler = SubsetRandomSampler([1, 3, 5, 7], generator=torch.Generator().manual_seed(2))
print(list(subset_sampler), len(subset_sampler))
print(list(RandomSampler(range(5), replacement=True, num_samples=7,
                         generator=torch.Generator().manual_seed(4))))


class Countdown(IterableDataset):
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return iter(torch.arange(self.start, 0, -1))


print([b.tolist() for b in DataLoader(Countdown(7), batch_size=3)])
print([b.tolist() for b in DataLoader(Countdown(7), batch_size=3, drop_last=True)])
nested = default_collate([{"x": torch.ones(2), "meta": {"id": 1, "name": "a"}},
                          {"x": torch.zeros(2), "meta": {"id": 2, "name": "b"}}])
print(nested)
print(default_collate([(1, 2.5), (3, 4.5)]))
