import torch  # noqa: I001 (the harness requires torch first)

# A Lightning-like trainer written by hand: a LightningModule-shaped model with training_step /
# validation_step / configure_optimizers returning an optimizer and a scheduler dict, callbacks
# (early stopping on a monitored metric, top-k checkpointing, a learning-rate monitor), gradient
# accumulation with clip_grad_norm_, ReduceLROnPlateau stepped on validation loss, a checkpoint
# dict (model, optimizer, scheduler, RNG and loader-generator states, callback state) written to
# bytes, and a resumed run that continues exactly like the uninterrupted one.
import copy
import io
import math

import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.set_default_dtype(torch.float64)


class LitRegressor(nn.Module):
    def __init__(self, lr=0.05):
        super().__init__()
        self.hparams = {"lr": lr, "hidden": 16}
        self.net = nn.Sequential(nn.Linear(3, 16), nn.SiLU(), nn.Dropout(0.1), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        pred = self(x)
        return {"val_loss": F.mse_loss(pred, y, reduction="sum"), "n": y.numel(),
                "val_mae": (pred - y).abs().sum()}

    def configure_optimizers(self):
        decay = [p for n, p in self.named_parameters() if p.dim() >= 2]
        no_decay = [p for n, p in self.named_parameters() if p.dim() < 2]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                                 {"params": no_decay, "weight_decay": 0.0}],
                                lr=self.hparams["lr"], betas=(0.9, 0.98))
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5,
                                                           patience=1, threshold=1e-3)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "monitor": "val_loss"}}


class Callback:
    def on_validation_end(self, trainer, metrics):
        pass

    def state_dict(self):
        return {}

    def load_state_dict(self, state):
        pass


class EarlyStopping(Callback):
    def __init__(self, monitor, patience, min_delta=0.0):
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.best, self.wait = math.inf, 0

    def on_validation_end(self, trainer, metrics):
        current = metrics[self.monitor]
        if current < self.best - self.min_delta:
            self.best, self.wait = current, 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                trainer.should_stop = True
                print(f"  early stop: {self.monitor} did not improve for {self.wait} epochs")

    def state_dict(self):
        return {"best": self.best, "wait": self.wait}

    def load_state_dict(self, state):
        self.best, self.wait = state["best"], state["wait"]


class ModelCheckpoint(Callback):
    def __init__(self, monitor, save_top_k=2):
        self.monitor, self.save_top_k = monitor, save_top_k
        self.best_k = {}

    def on_validation_end(self, trainer, metrics):
        name = f"epoch={trainer.epoch}-{self.monitor}={metrics[self.monitor]:.4f}.ckpt"
        self.best_k[name] = metrics[self.monitor]
        if len(self.best_k) > self.save_top_k:
            worst = max(self.best_k, key=self.best_k.get)
            del self.best_k[worst]
        if name in self.best_k:
            trainer.saved[name] = trainer.save_checkpoint(next_epoch=trainer.epoch + 1)

    def state_dict(self):
        return {"best_k": dict(self.best_k)}

    def load_state_dict(self, state):
        self.best_k = dict(state["best_k"])


class LearningRateMonitor(Callback):
    def __init__(self):
        self.history = []

    def on_validation_end(self, trainer, metrics):
        self.history.append([round(g["lr"], 8) for g in trainer.optimizer.param_groups])


class Trainer:
    def __init__(self, module, callbacks, max_epochs, accumulate_grad_batches=2,
                 gradient_clip_val=0.5):
        self.module, self.callbacks, self.max_epochs = module, callbacks, max_epochs
        self.accumulate, self.clip = accumulate_grad_batches, gradient_clip_val
        config = module.configure_optimizers()
        self.optimizer = config["optimizer"]
        self.scheduler = config["lr_scheduler"]["scheduler"]
        self.monitor = config["lr_scheduler"]["monitor"]
        self.epoch, self.global_step, self.should_stop = 0, 0, False
        self.saved = {}

    def fit(self, train_loader, val_loader, stop_after=None):
        while self.epoch < self.max_epochs and not self.should_stop:
            self.module.train()
            running = 0.0
            for batch_idx, batch in enumerate(train_loader):
                loss = self.module.training_step(batch, batch_idx) / self.accumulate
                loss.backward()
                running += loss.item()
                if (batch_idx + 1) % self.accumulate == 0 or batch_idx + 1 == len(train_loader):
                    norm = nn.utils.clip_grad_norm_(self.module.parameters(), self.clip)
                    self.optimizer.step()
                    self.optimizer.zero_grad(set_to_none=True)
                    self.global_step += 1
            metrics = self.validate(val_loader)
            self.scheduler.step(metrics[self.monitor])
            print(f"epoch {self.epoch} step {self.global_step} train {running:.8f} "
                  f"val {metrics['val_loss']:.8f} mae {metrics['val_mae']:.8f} "
                  f"last clip norm {norm.item():.8f}")
            for cb in self.callbacks:
                cb.on_validation_end(self, metrics)
            self.epoch += 1
            if stop_after is not None and self.epoch == stop_after:
                return

    @torch.no_grad()
    def validate(self, loader):
        self.module.eval()
        totals = {"val_loss": 0.0, "val_mae": 0.0, "n": 0}
        for batch_idx, batch in enumerate(loader):
            out = self.module.validation_step(batch, batch_idx)
            for k in totals:
                totals[k] += out[k].item() if torch.is_tensor(out[k]) else out[k]
        return {"val_loss": totals["val_loss"] / totals["n"],
                "val_mae": totals["val_mae"] / totals["n"]}

    def save_checkpoint(self, next_epoch):
        state = {"epoch": next_epoch, "global_step": self.global_step,
                 "state_dict": self.module.state_dict(),
                 "optimizer_states": [self.optimizer.state_dict()],
                 "lr_schedulers": [self.scheduler.state_dict()],
                 "rng": torch.get_rng_state(),
                 "callbacks": {type(cb).__name__: cb.state_dict() for cb in self.callbacks},
                 "hyper_parameters": dict(self.module.hparams)}
        buffer = io.BytesIO()
        torch.save(state, buffer)
        return buffer.getvalue()

    def load_checkpoint(self, blob):
        state = torch.load(io.BytesIO(blob), weights_only=False)
        self.module.load_state_dict(state["state_dict"])
        self.optimizer.load_state_dict(state["optimizer_states"][0])
        self.scheduler.load_state_dict(state["lr_schedulers"][0])
        torch.set_rng_state(state["rng"])
        for cb in self.callbacks:
            cb.load_state_dict(state["callbacks"][type(cb).__name__])
        self.epoch, self.global_step = state["epoch"], state["global_step"]
        return state


torch.manual_seed(0)
X = torch.randn(60, 3)
Y = X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 * torch.sin(3 * X[:, 0]) + 0.05 * torch.randn(60)
train_set, val_set = random_split(TensorDataset(X, Y), [0.75, 0.25],
                                  generator=torch.Generator().manual_seed(42))
print("split sizes", len(train_set), len(val_set), "first val index", val_set.indices[:3])


def loaders(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return (DataLoader(train_set, batch_size=8, shuffle=True, generator=g),
            DataLoader(val_set, batch_size=16), g)


def make(seed=1):
    torch.manual_seed(seed)
    module = LitRegressor()
    callbacks = [EarlyStopping("val_loss", patience=3, min_delta=1e-4),
                 ModelCheckpoint("val_loss", save_top_k=2), LearningRateMonitor()]
    return module, callbacks, Trainer(module, callbacks, max_epochs=8)


print("--- uninterrupted run")
module, callbacks, trainer = make()
train_loader, val_loader, gen = loaders(7)
trainer.fit(train_loader, val_loader)
reference = copy.deepcopy(module.state_dict())
print("checkpoints kept", sorted(callbacks[1].best_k))
print("lr history", callbacks[2].history[-3:])

print("--- run stopped after 3 epochs, then resumed in a fresh trainer")
module, callbacks, trainer = make()
train_loader, val_loader, gen = loaders(7)
trainer.fit(train_loader, val_loader, stop_after=3)
blob = trainer.save_checkpoint(next_epoch=trainer.epoch)
gen_state = gen.get_state()
print("checkpoint bytes > 0:", len(blob) > 0, "keys",
      sorted(torch.load(io.BytesIO(blob), weights_only=False)))

module2, callbacks2, trainer2 = make(seed=123)  # other initial weights: the checkpoint decides
train_loader2, val_loader2, gen2 = loaders(999)
gen2.set_state(gen_state)
state = trainer2.load_checkpoint(blob)
print("resumed at epoch", trainer2.epoch, "step", trainer2.global_step, "hparams",
      state["hyper_parameters"])
trainer2.fit(train_loader2, val_loader2)
same = all(torch.equal(reference[k], v) for k, v in module2.state_dict().items())
print("resumed run ends with the uninterrupted run's weights:", same)
opt_state = trainer2.optimizer.state_dict()
print("optimizer groups", [(g["lr"], g["weight_decay"], g["params"]) for g in
                           opt_state["param_groups"]])
print("scheduler", {k: round(v, 10) if isinstance(v, float) else v
                    for k, v in trainer2.scheduler.state_dict().items()
                    if k in ("best", "num_bad_epochs", "last_epoch", "_last_lr")})
