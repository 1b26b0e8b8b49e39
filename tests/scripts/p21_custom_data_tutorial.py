import torch
import collections
import math

import numpy as np
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset,
                              IterableDataset, RandomSampler, SequentialSampler, Subset,
                              WeightedRandomSampler, default_collate, get_worker_info,
                              random_split)

# "Writing Custom Datasets, DataLoaders and Transforms" on a synthetic face-landmarks set
# (images as NumPy HxWxC arrays, landmarks as (N, 2) arrays), transforms written by hand,
# then the torch.utils.data recipes: iterable datasets split across workers, dataset
# combinators, samplers and collation.
torch.manual_seed(0)
rng = np.random.default_rng(0)


class FaceLandmarksDataset(Dataset):
    """Face Landmarks dataset."""

    def __init__(self, n, transform=None):
        self.images = [rng.integers(0, 256, (rng.integers(20, 40), rng.integers(20, 40), 3))
                       .astype(np.uint8) for _ in range(n)]
        self.landmarks = [rng.random((4, 2)) * np.array(img.shape[:2][::-1])
                          for img in self.images]
        self.transform = transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, idx):
        if torch.is_tensor(idx):
            idx = idx.tolist()
        sample = {"image": self.images[idx], "landmarks": self.landmarks[idx]}
        if self.transform:
            sample = self.transform(sample)
        return sample


class Rescale:
    """Rescale the image in a sample to a given size (nearest neighbour, by hand)."""

    def __init__(self, output_size):
        assert isinstance(output_size, (int, tuple))
        self.output_size = output_size

    def __call__(self, sample):
        image, landmarks = sample["image"], sample["landmarks"]
        h, w = image.shape[:2]
        if isinstance(self.output_size, int):
            if h > w:
                new_h, new_w = self.output_size * h / w, self.output_size
            else:
                new_h, new_w = self.output_size, self.output_size * w / h
        else:
            new_h, new_w = self.output_size
        new_h, new_w = int(new_h), int(new_w)
        rows = (np.arange(new_h) * h / new_h).astype(int)
        cols = (np.arange(new_w) * w / new_w).astype(int)
        img = image[rows][:, cols]
        landmarks = landmarks * [new_w / w, new_h / h]
        return {"image": img, "landmarks": landmarks}


class RandomCrop:
    """Crop randomly the image in a sample (offsets from torch's generator)."""

    def __init__(self, output_size):
        if isinstance(output_size, int):
            self.output_size = (output_size, output_size)
        else:
            assert len(output_size) == 2
            self.output_size = output_size

    def __call__(self, sample):
        image, landmarks = sample["image"], sample["landmarks"]
        h, w = image.shape[:2]
        new_h, new_w = self.output_size
        top = int(torch.randint(0, h - new_h + 1, ()))
        left = int(torch.randint(0, w - new_w + 1, ()))
        image = image[top: top + new_h, left: left + new_w]
        landmarks = landmarks - [left, top]
        return {"image": image, "landmarks": landmarks}


class ToTensor:
    """Convert ndarrays in sample to Tensors."""

    def __call__(self, sample):
        image, landmarks = sample["image"], sample["landmarks"]
        image = image.transpose((2, 0, 1))
        return {"image": torch.from_numpy(image.copy()),
                "landmarks": torch.from_numpy(landmarks)}


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, sample):
        for t in self.transforms:
            sample = t(sample)
        return sample

    def __repr__(self):
        return self.__class__.__name__ + "(" + ", ".join(type(t).__name__
                                                         for t in self.transforms) + ")"


face_dataset = FaceLandmarksDataset(6)
for i, sample in enumerate(face_dataset):
    print(i, sample["image"].shape, sample["landmarks"].shape)
    if i == 2:
        break

composed = Compose([Rescale(16), RandomCrop(12)])
print(composed)
for tsfrm in [Rescale(20), RandomCrop(12), composed]:
    transformed_sample = tsfrm(face_dataset[3])
    print(type(tsfrm).__name__, transformed_sample["image"].shape,
          np.round(transformed_sample["landmarks"][0], 4))

transformed_dataset = FaceLandmarksDataset(
    8, transform=Compose([Rescale(16), RandomCrop(12), ToTensor()]))
for i, sample in enumerate(transformed_dataset):
    print(i, sample["image"].size(), sample["landmarks"].size(), sample["image"].dtype,
          sample["landmarks"].dtype)
    if i == 2:
        break
dataloader = DataLoader(transformed_dataset, batch_size=4, shuffle=True, num_workers=0)
for i_batch, sample_batched in enumerate(dataloader):
    print(i_batch, sample_batched["image"].size(), sample_batched["landmarks"].size())
print(sample_batched["landmarks"][0].round(decimals=3))

# an iterable dataset that splits its range across workers
class MyIterableDataset(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        assert end > start, "this example code only works with end >= start"
        self.start = start
        self.end = end

    def __iter__(self):
        worker_info = get_worker_info()
        if worker_info is None:
            iter_start = self.start
            iter_end = self.end
        else:
            per_worker = int(math.ceil((self.end - self.start) / float(worker_info.num_workers)))
            worker_id = worker_info.id
            iter_start = self.start + worker_id * per_worker
            iter_end = min(iter_start + per_worker, self.end)
        return iter(range(iter_start, iter_end))


ds = MyIterableDataset(start=3, end=7)
print(list(DataLoader(ds, num_workers=0)))
print(list(DataLoader(ds, batch_size=3)))
print(get_worker_info())
chained = ChainDataset([MyIterableDataset(0, 2), MyIterableDataset(10, 13)])
print(list(chained), list(DataLoader(chained, batch_size=2)))

# combinators and splits
class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError(i)
        return torch.tensor([i, i * i])


concat = ConcatDataset([Squares(3), Squares(4)])
print(len(concat), concat.cumulative_sizes, concat[3], concat[-1])
subset = Subset(concat, [6, 0, 4])
print(len(subset), [s.tolist() for s in subset], subset.indices)
parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(42))
print([len(p) for p in parts], [list(p) for p in parts])
parts = random_split(Squares(7), [4, 3], generator=torch.Generator().manual_seed(1))
print([p.indices for p in parts], type(parts[0]).__name__)
try:
    random_split(range(5), [3, 3])
except ValueError as err:
    print("ValueError:", err)

# samplers
weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
sampler = WeightedRandomSampler(weights, 8, replacement=True,
                                generator=torch.Generator().manual_seed(0))
print(list(sampler), len(sampler))
print(list(WeightedRandomSampler(weights, 4, replacement=False,
                                 generator=torch.Generator().manual_seed(0))))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
print(list(BatchSampler(RandomSampler(range(7), generator=torch.Generator().manual_seed(3)),
                        batch_size=4, drop_last=False)))
loader = DataLoader(Squares(6), batch_sampler=BatchSampler(SequentialSampler(range(6)), 4,
                                                           False))
print([b.tolist() for b in loader], len(loader))

# collation of dicts, namedtuples, numbers and strings
Point = collections.namedtuple("Point", ["x", "y"])
print(default_collate([Point(1, 2.0), Point(3, 4.0)]))
print(default_collate([{"id": 1, "name": "a", "v": np.array([1.0])},
                       {"id": 2, "name": "b", "v": np.array([2.0])}]))
print(default_collate([(torch.ones(2), 0), (torch.zeros(2), 1)]))
batch = default_collate([torch.tensor([1, 2]), torch.tensor([3, 4])])
print(batch, batch.is_pinned())
pinned_loader = DataLoader(Squares(4), batch_size=2, pin_memory=False)
print([b.shape for b in pinned_loader])
try:
    default_collate([torch.ones(2), torch.ones(3)])
except RuntimeError as err:
    print("RuntimeError:", err)
