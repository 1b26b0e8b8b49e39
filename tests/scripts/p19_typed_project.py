import torch

# A typed, Lightning-style project layout in plain PyTorch: dataclass configs, Dataset
# subclasses parameterised as Dataset[tuple[Tensor, Tensor]] and IterableDataset[dict], a
# Sampler[int] subclass, a DataLoader[...] annotation, a LightningModule-like class with
# training_step / validation_step / configure_optimizers, @torch.no_grad() on methods, metric
# accumulation, a metric-learning head with TripletMarginWithDistanceLoss (its default
# PairwiseDistance and a custom cosine distance), checkpoint dicts, and the errors a
# misconfigured loader gives.
import dataclasses
import io
from typing import Dict, Iterator, List, Tuple

import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from torch.utils.data import DataLoader, Dataset, IterableDataset, Sampler


@dataclasses.dataclass
class Config:
    dim: int = 6
    hidden: int = 16
    classes: int = 3
    lr: float = 3e-3
    batch_size: int = 8
    epochs: int = 3


class Blobs(Dataset[Tuple[Tensor, Tensor]]):
    def __init__(self, n: int, dim: int, classes: int, seed: int) -> None:
        g = torch.Generator().manual_seed(seed)
        self.centers = torch.randn(classes, dim, generator=g) * 3
        self.y = torch.randint(0, classes, (n,), generator=g)
        self.x = self.centers[self.y] + torch.randn(n, dim, generator=g)

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, index: int) -> Tuple[Tensor, Tensor]:
        return self.x[index], self.y[index]


class Stream(IterableDataset[Dict[str, Tensor]]):
    def __init__(self, base: Blobs, limit: int) -> None:
        self.base, self.limit = base, limit

    def __iter__(self) -> Iterator[Dict[str, Tensor]]:
        for i in range(self.limit):
            x, y = self.base[i]
            yield {"x": x, "y": y}


class EveryOther(Sampler[int]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __iter__(self) -> Iterator[int]:
        return iter(range(0, self.n, 2))

    def __len__(self) -> int:
        return (self.n + 1) // 2


class Classifier(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.encoder = nn.Sequential(nn.Linear(cfg.dim, cfg.hidden), nn.LayerNorm(cfg.hidden),
                                     nn.GELU(), nn.Dropout(0.1))
        self.head = nn.Linear(cfg.hidden, cfg.classes)
        self.triplet = nn.TripletMarginWithDistanceLoss(margin=0.5)
        self.cosine_triplet = nn.TripletMarginWithDistanceLoss(
            distance_function=lambda a, b: 1 - F.cosine_similarity(a, b), margin=0.2)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        z = self.encoder(x)
        return self.head(z), z

    def training_step(self, batch: Tuple[Tensor, Tensor]) -> Dict[str, Tensor]:
        x, y = batch
        logits, z = self(x)
        ce = F.cross_entropy(logits, y)
        order = torch.argsort(y, stable=True)
        anchor, positive = z[order], z[order].roll(1, 0)
        negative = z[order].roll(len(y) // 2, 0)
        metric = self.triplet(anchor, positive, negative)
        return {"loss": ce + 0.1 * metric, "ce": ce, "triplet": metric}

    @torch.no_grad()
    def validation_step(self, batch: Tuple[Tensor, Tensor]) -> Dict[str, Tensor]:
        x, y = batch
        logits, _ = self(x)
        return {"correct": (logits.argmax(-1) == y).sum(), "count": torch.tensor(len(y))}

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.cfg.lr)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        return opt, sched


torch.manual_seed(0)
cfg = Config()
print(cfg)
# the same seed draws the same centres first, then other points
train_set, val_set = Blobs(48, cfg.dim, cfg.classes, 1), Blobs(24, cfg.dim, cfg.classes, 1)
train_loader: DataLoader[Tuple[Tensor, Tensor]] = DataLoader(
    train_set, batch_size=cfg.batch_size, shuffle=True,
    generator=torch.Generator().manual_seed(3))
val_loader = DataLoader(val_set, batch_size=12, sampler=EveryOther(len(val_set)))
model = Classifier(cfg)
print(model)
opt, sched = model.configure_optimizers()
for epoch in range(cfg.epochs):
    model.train()
    logs: List[Dict[str, float]] = []
    for batch in train_loader:
        out = model.training_step(batch)
        opt.zero_grad()
        out["loss"].backward()
        opt.step()
        logs.append({k: v.item() for k, v in out.items()})
    sched.step()
    model.eval()
    correct = count = 0
    for batch in val_loader:
        metrics = model.validation_step(batch)
        correct += metrics["correct"].item()
        count += metrics["count"].item()
    mean = {k: sum(d[k] for d in logs) / len(logs) for k in logs[0]}
    print(f"epoch {epoch} " + " ".join(f"{k} {v:.6f}" for k, v in mean.items()) +
          f" val_acc {correct / count:.4f} lr {sched.get_last_lr()[0]:.6f}")

a, p, n = torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)
print("triplet default", f"{model.triplet(a, p, n).item():.6f}",
      "cosine", f"{model.cosine_triplet(a, p, n).item():.6f}",
      "functional", f"{F.triplet_margin_with_distance_loss(a, p, n, margin=0.5).item():.6f}")
print(list(dict(model.named_children())), [n for n, _ in model.triplet.named_children()])

for batch in DataLoader(Stream(val_set, 5), batch_size=2):
    print("stream batch", sorted(batch), tuple(batch["x"].shape), batch["y"].tolist())

buffer = io.BytesIO()
torch.save({"config": dataclasses.asdict(cfg), "state_dict": model.state_dict(),
            "optimizer": opt.state_dict(), "epoch": cfg.epochs}, buffer)
buffer.seek(0)
ckpt = torch.load(buffer, weights_only=True)
restored = Classifier(Config(**ckpt["config"]))
print("restored", restored.load_state_dict(ckpt["state_dict"]), ckpt["epoch"],
      sorted(ckpt["optimizer"]["state"])[:3])

for attribute in ("batch_size", "dataset", "num_workers"):
    try:
        setattr(train_loader, attribute, getattr(train_loader, attribute))
        print(attribute, "set")
    except ValueError as error:
        print("ValueError:", error)


class NoIter(IterableDataset):
    pass


try:
    NoIter()
except TypeError as error:
    print("TypeError:", error)
print(Dataset[int], Sampler[int].__origin__ is Sampler)
