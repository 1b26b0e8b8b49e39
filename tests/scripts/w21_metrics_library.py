import torch

# A torchmetrics-shaped metrics library written from scratch: a Metric base class whose states
# are registered with add_state (tensors or lists, each with a reduction), update/compute/reset,
# forward that returns the batch value while accumulating, merge of two metric objects,
# distributed guards (is_available / is_initialized) around the sync, a MetricCollection in a
# ModuleDict, states moved with .to(dtype) and listed in state_dict only when persistent, and
# the metrics themselves: accuracy, a bincount confusion matrix, mean squared error, a
# running mean, and a binned AUROC.
import functools
from typing import Any, Callable, Dict, List, Union

import torch.distributed as dist
import torch.nn as nn


def _cat(values):
    return torch.cat(values) if isinstance(values, list) else values


class Metric(nn.Module):
    full_state_update = False

    def __init__(self):
        super().__init__()
        self._defaults: Dict[str, Union[torch.Tensor, List]] = {}
        self._reductions: Dict[str, Callable] = {}
        self._persistent: Dict[str, bool] = {}
        self._update_count = 0
        self._computed = None
        self.update = self._wrap_update(self.update)
        self.compute = self._wrap_compute(self.compute)

    def add_state(self, name, default, dist_reduce_fx=None, persistent=False):
        if not isinstance(default, (torch.Tensor, list)) or (isinstance(default, list)
                                                             and default):
            raise ValueError("state variable must be a tensor or any empty list")
        reduce = {"sum": torch.sum, "mean": torch.mean, "max": torch.max, "min": torch.min,
                  "cat": _cat, None: None}[dist_reduce_fx]
        if isinstance(default, torch.Tensor):
            self.register_buffer(name, default.clone(), persistent=persistent)
        else:
            setattr(self, name, [])
        self._defaults[name] = default.clone() if isinstance(default, torch.Tensor) else []
        self._reductions[name] = reduce
        self._persistent[name] = persistent

    def _wrap_update(self, update):
        @functools.wraps(update)
        def wrapped(*args, **kwargs):
            self._computed = None
            self._update_count += 1
            return update(*args, **kwargs)
        return wrapped

    def _wrap_compute(self, compute):
        @functools.wraps(compute)
        def wrapped(*args, **kwargs):
            if self._update_count == 0:
                print(f"  warning: {type(self).__name__}.compute called before update")
            if self._computed is None:
                self._sync()
                self._computed = compute(*args, **kwargs)
            return self._computed
        return wrapped

    def _sync(self):
        if dist.is_available() and dist.is_initialized():
            raise RuntimeError("no process group expected here")

    def forward(self, *args, **kwargs):
        saved = {name: (getattr(self, name).clone() if isinstance(getattr(self, name),
                                                                  torch.Tensor)
                        else list(getattr(self, name))) for name in self._defaults}
        count = self._update_count
        self.reset()
        self.update(*args, **kwargs)
        batch_value = self.compute()
        self._merge(saved)
        self._update_count = count + 1
        self._computed = None
        return batch_value

    def _merge(self, other_states):
        for name, reduce in self._reductions.items():
            mine, theirs = getattr(self, name), other_states[name]
            if isinstance(mine, list):
                setattr(self, name, theirs + mine)
            elif reduce in (torch.sum, None):
                setattr(self, name, mine + theirs)
            elif reduce is torch.max:
                setattr(self, name, torch.maximum(mine, theirs))
            elif reduce is torch.min:
                setattr(self, name, torch.minimum(mine, theirs))

    def merge_state(self, other: "Metric"):
        self._merge({name: getattr(other, name) for name in self._defaults})
        self._update_count += other._update_count
        self._computed = None

    def reset(self):
        self._update_count = 0
        self._computed = None
        for name, default in self._defaults.items():
            setattr(self, name, default.clone().to(self.device_of(name))
                    if isinstance(default, torch.Tensor) else [])

    def device_of(self, name):
        value = getattr(self, name)
        return value.device if isinstance(value, torch.Tensor) else torch.device("cpu")

    def __repr__(self):
        return f"{type(self).__name__}()"


class Accuracy(Metric):
    def __init__(self):
        super().__init__()
        self.add_state("correct", torch.tensor(0), dist_reduce_fx="sum")
        self.add_state("total", torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds: torch.Tensor, target: torch.Tensor) -> None:
        if preds.ndim == target.ndim + 1:
            preds = preds.argmax(dim=-1)
        self.correct += (preds == target).sum()
        self.total += target.numel()

    def compute(self) -> torch.Tensor:
        return self.correct.float() / self.total


class ConfusionMatrix(Metric):
    def __init__(self, num_classes):
        super().__init__()
        self.num_classes = num_classes
        self.add_state("confmat", torch.zeros(num_classes, num_classes, dtype=torch.long),
                       dist_reduce_fx="sum", persistent=True)

    def update(self, preds, target):
        preds = preds.argmax(-1) if preds.is_floating_point() else preds
        unique = target * self.num_classes + preds
        self.confmat += torch.bincount(unique, minlength=self.num_classes ** 2).reshape(
            self.num_classes, self.num_classes)

    def compute(self):
        return self.confmat


class MeanSquaredError(Metric):
    def __init__(self):
        super().__init__()
        self.add_state("sum_squared_error", torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("total", torch.tensor(0), dist_reduce_fx="sum")

    def update(self, preds, target):
        self.sum_squared_error += torch.sum((preds - target) ** 2)
        self.total += target.numel()

    def compute(self):
        return self.sum_squared_error / self.total


class BinnedAUROC(Metric):
    def __init__(self, thresholds=5):
        super().__init__()
        self.register_buffer("thresholds", torch.linspace(0, 1, thresholds))
        self.add_state("tps", torch.zeros(thresholds), dist_reduce_fx="sum")
        self.add_state("fps", torch.zeros(thresholds), dist_reduce_fx="sum")
        self.add_state("pos", torch.tensor(0.0), dist_reduce_fx="sum")
        self.add_state("neg", torch.tensor(0.0), dist_reduce_fx="sum")

    def update(self, probs, target):
        above = probs[:, None] >= self.thresholds[None, :]
        self.tps += (above & (target[:, None] == 1)).sum(0)
        self.fps += (above & (target[:, None] == 0)).sum(0)
        self.pos += (target == 1).sum()
        self.neg += (target == 0).sum()

    def compute(self):
        tpr = torch.flip(self.tps / self.pos, [0])
        fpr = torch.flip(self.fps / self.neg, [0])
        return torch.trapezoid(tpr, fpr)


class CatScores(Metric):
    def __init__(self):
        super().__init__()
        self.add_state("scores", [], dist_reduce_fx="cat")

    def update(self, scores):
        self.scores.append(scores.detach())

    def compute(self):
        return _cat(self.scores).sort(descending=True).values[:4]


class MetricCollection(nn.ModuleDict):
    def __init__(self, metrics: Dict[str, Metric], prefix=""):
        super().__init__()  # not super().__init__(metrics): ModuleDict would call our update
        for name, metric in metrics.items():
            self[name] = metric
        self.prefix = prefix

    def forward(self, *args: Any):
        return {self.prefix + k: m(*args) for k, m in self.items()}

    def update(self, *args):
        for m in self.values():
            m.update(*args)

    def compute(self):
        return {self.prefix + k: m.compute() for k, m in self.items()}

    def reset(self):
        for m in self.values():
            m.reset()


print("distributed", dist.is_available(), dist.is_initialized() if dist.is_available() else None)
gen = torch.Generator().manual_seed(4)
logits = torch.randn(3, 6, 3, generator=gen)
targets = torch.randint(0, 3, (3, 6), generator=gen)
collection = MetricCollection({"acc": Accuracy(), "confmat": ConfusionMatrix(3)}, prefix="val/")
print(collection)
for step in range(3):
    batch = collection(logits[step], targets[step])
    print(f"step {step} batch acc {batch['val/acc'].item():.6f} total so far",
          collection["acc"].total.item(), collection["acc"]._update_count)
epoch = collection.compute()
print("epoch acc", epoch["val/acc"], "\n", epoch["val/confmat"])
print("cached", collection["acc"].compute() is epoch["val/acc"])
print("state_dict", list(collection.state_dict()), collection.state_dict()[
    "confmat.confmat"].dtype)
print("buffers", [n for n, _ in collection.named_buffers()])
collection.reset()
print("after reset", collection["acc"].correct, collection["confmat"].confmat.sum())
collection["acc"].compute()

mse_a, mse_b = MeanSquaredError(), MeanSquaredError()
preds = torch.linspace(0, 1, 8, dtype=torch.float64)
target = torch.linspace(0, 1, 8, dtype=torch.float64) ** 2
mse_a.update(preds[:5], target[:5])
mse_b.update(preds[5:], target[5:])
mse_a.merge_state(mse_b)
whole = MeanSquaredError()
whole.update(preds, target)
print("merged", mse_a.compute(), whole.compute(), torch.allclose(mse_a.compute(),
                                                                  whole.compute()))
print("state dtypes", mse_a.sum_squared_error.dtype, mse_a.to(torch.float64).total.dtype,
      mse_a.sum_squared_error.dtype)
mse_a.double()
print("after double()", mse_a.sum_squared_error.dtype, mse_a.total.dtype)

auroc = BinnedAUROC(thresholds=6)
probs = torch.sigmoid(torch.randn(20, generator=gen))
labels = (probs + 0.3 * torch.randn(20, generator=gen) > 0.5).long()
for chunk_p, chunk_l in zip(probs.split(7), labels.split(7)):
    auroc.update(chunk_p, chunk_l)
print("auroc", auroc.compute(), auroc.tps, auroc.fps)

scores = CatScores()
for chunk in probs.split(6):
    scores.update(chunk)
print("cat states", len(scores.scores), scores.compute())
try:
    Accuracy().add_state("bad", [1.0])
except ValueError as error:
    print("ValueError", error)
