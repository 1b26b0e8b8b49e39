import torch

# A Lightning-free Trainer as small repositories write it: callbacks with on_* hooks, a hooks
# dict of lists, the trainer's own state_dict/load_state_dict, a dataclass config saved with
# torch.save and loaded back through weights_only=True (the error text without an allowlist,
# then add_safe_globals and the safe_globals context manager), checkpoints written to a BytesIO,
# in the legacy (non-zip) format, and read back with mmap=True.
import dataclasses
import io
import os
import pickle
import tempfile
from collections import defaultdict
from typing import Dict, List

import torch.nn as nn
import torch.nn.functional as F


@dataclasses.dataclass
class TrainConfig:
    lr: float = 0.05
    epochs: int = 3
    batch_size: int = 8
    hidden: int = 6
    tags: tuple = ("baseline",)


class Callback:
    def on_train_start(self, trainer):
        pass

    def on_epoch_end(self, trainer, logs):
        pass

    def on_train_end(self, trainer):
        pass


class PrintLogger(Callback):
    def on_epoch_end(self, trainer, logs):
        print(f"  [logger] epoch {trainer.epoch} " +
              " ".join(f"{k}={v:.6f}" for k, v in sorted(logs.items())))


class BestTracker(Callback):
    def __init__(self):
        self.best = float("inf")
        self.best_epoch = -1

    def on_epoch_end(self, trainer, logs):
        if logs["val_loss"] < self.best:
            self.best, self.best_epoch = logs["val_loss"], trainer.epoch

    def state_dict(self):
        return {"best": self.best, "best_epoch": self.best_epoch}

    def load_state_dict(self, state):
        self.best, self.best_epoch = state["best"], state["best_epoch"]


class Trainer:
    def __init__(self, model, config: TrainConfig, callbacks: List[Callback] = ()):
        self.model = model
        self.config = config
        self.callbacks = list(callbacks)
        self.optimizer = torch.optim.SGD(model.parameters(), lr=config.lr, momentum=0.9)
        self.hooks: Dict[str, list] = defaultdict(list)
        self.epoch = 0
        self.global_step = 0
        self.history: List[float] = []

    def register_hook(self, name, fn):
        self.hooks[name].append(fn)
        return fn

    def _call(self, name, *args):
        for fn in self.hooks[name]:
            fn(self, *args)
        for cb in self.callbacks:
            getattr(cb, name, lambda *a: None)(self, *args)

    def fit(self, X, Y, Xv, Yv):
        self._call("on_train_start")
        while self.epoch < self.config.epochs:
            self.model.train()
            for i in range(0, len(X), self.config.batch_size):
                loss = F.mse_loss(self.model(X[i:i + self.config.batch_size]),
                                  Y[i:i + self.config.batch_size])
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                self._call("on_after_backward")
                self.optimizer.step()
                self.global_step += 1
            with torch.no_grad():
                val = F.mse_loss(self.model.eval()(Xv), Yv).item()
            self.history.append(val)
            self._call("on_epoch_end", {"loss": loss.item(), "val_loss": val})
            self.epoch += 1
        self._call("on_train_end")

    def state_dict(self):
        return {"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                "epoch": self.epoch, "global_step": self.global_step,
                "history": list(self.history),
                "callbacks": {type(cb).__name__: cb.state_dict() for cb in self.callbacks
                              if hasattr(cb, "state_dict")}}

    def load_state_dict(self, state):
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.epoch, self.global_step = state["epoch"], state["global_step"]
        self.history = list(state["history"])
        for cb in self.callbacks:
            if type(cb).__name__ in state["callbacks"]:
                cb.load_state_dict(state["callbacks"][type(cb).__name__])


def build(config):
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(3, config.hidden), nn.Tanh(), nn.Linear(config.hidden, 1))


torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(7)
X = torch.randn(32, 3, generator=gen)
Y = (X ** 2).sum(1, keepdim=True) * 0.3 + 0.1 * torch.randn(32, 1, generator=gen)
Xv = torch.randn(16, 3, generator=gen)
Yv = (Xv ** 2).sum(1, keepdim=True) * 0.3

config = TrainConfig()
print(config)
tracker = BestTracker()
trainer = Trainer(build(config), config, [PrintLogger(), tracker])
grad_norms = []
trainer.register_hook("on_after_backward", lambda t: grad_norms.append(
    torch.nn.utils.clip_grad_norm_(t.model.parameters(), max_norm=1.0).item()))
trainer.register_hook("on_train_end", lambda t: print("  [hook] done at step", t.global_step))
trainer.fit(X, Y, Xv, Yv)
print("hooks", {k: len(v) for k, v in trainer.hooks.items()})
print("grad norms", [round(g, 6) for g in grad_norms[:5]], len(grad_norms))
print("best", round(tracker.best, 8), tracker.best_epoch)

# the trainer's state goes to a BytesIO and back, then training continues two more epochs
buffer = io.BytesIO()
torch.save({"trainer": trainer.state_dict(), "config": dataclasses.asdict(config)}, buffer)
print("bytes written > 0", buffer.tell() > 0, "zip magic", buffer.getvalue()[:2])
buffer.seek(0)
state = torch.load(buffer, weights_only=True)
print("loaded keys", sorted(state["trainer"]), state["config"])
config2 = TrainConfig(**state["config"])
config2.epochs = 5
resumed = Trainer(build(config2), config2, [BestTracker()])
resumed.load_state_dict(state["trainer"])
print("resumed at", resumed.epoch, resumed.global_step, resumed.callbacks[0].state_dict()
      == tracker.state_dict())
resumed.fit(X, Y, Xv, Yv)
print("history", [f"{v:.8f}" for v in resumed.history])
print("momentum buffer", resumed.optimizer.state_dict()["state"][0]["momentum_buffer"][0])

# a dataclass saved as itself: weights_only refuses it until it is allowlisted
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "config.pt")
torch.save({"config": config, "step": torch.tensor(3)}, path)
try:
    torch.load(path, weights_only=True)
except pickle.UnpicklingError as error:
    text = str(error)
    print("UnpicklingError", "Weights only load failed" in text,
          "TrainConfig" in text, "add_safe_globals" in text)
    print(" ", [line for line in text.splitlines() if "Unsupported global" in line][0]
          .replace("torch", "ember").strip()[:110])
with torch.serialization.safe_globals([TrainConfig]):
    loaded = torch.load(path, weights_only=True)
print("inside safe_globals", loaded["config"], loaded["step"])
print("safe globals outside", TrainConfig in torch.serialization.get_safe_globals())
torch.serialization.add_safe_globals([TrainConfig])
print("after add", TrainConfig in torch.serialization.get_safe_globals())
print("loaded again", torch.load(path, weights_only=True)["config"] == config)
torch.serialization.clear_safe_globals()
print("after clear", torch.serialization.get_safe_globals())

# legacy format (a plain pickle stream, not a zip), and mmap=True on the zip format
legacy = os.path.join(tmp, "legacy.pt")
torch.save(trainer.model.state_dict(), legacy, _use_new_zipfile_serialization=False)
with open(legacy, "rb") as f:
    print("legacy starts with zip magic", f.read(2) == b"PK")
sd = torch.load(legacy, weights_only=True)
print("legacy keys", list(sd), sd["0.weight"].dtype)
try:
    torch.load(legacy, mmap=True, weights_only=True)
except RuntimeError as error:
    print("RuntimeError", str(error).replace(legacy, "PATH"))
zipped = os.path.join(tmp, "zipped.pt")
torch.save(trainer.model.state_dict(), zipped)
mapped = torch.load(zipped, mmap=True, weights_only=True)
print("mmap equal", all(torch.equal(mapped[k], v) for k, v in sd.items()))
fresh = build(config)
print(fresh.load_state_dict(mapped, assign=True))
print("assigned", fresh[0].weight.is_leaf, fresh[0].weight.requires_grad,
      type(fresh[0].weight).__name__)
print(f"fresh val {F.mse_loss(fresh(Xv), Yv).item():.8f}")
