import torch

# A Lightning-free trainer as research repos write it: a Trainer class with a callback list
# (EarlyStopping on a monitored metric with patience and min_delta, ModelCheckpoint keeping the
# top-k files in a temporary directory, an LR monitor, a timer-free progress logger), hooks
# called by name through getattr, a LightningModule-shaped model (training_step,
# validation_step, configure_optimizers returning an optimizer and a ReduceLROnPlateau
# scheduler dict), gradient accumulation, weight-decay groups from named_modules (no decay for
# norms, embeddings and biases), a register_buffer step counter saved in the state_dict,
# metric accumulators (accuracy, macro F1 from a confusion matrix built with bincount),
# torch.inference_mode evaluation, torch.set_float32_matmul_precision, and resuming from the
# best checkpoint.
import math
import os
import tempfile
from collections import defaultdict

import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision())
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = True
print(torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)


class Callback:
    def on_fit_start(self, trainer, module): pass
    def on_train_epoch_end(self, trainer, module): pass
    def on_validation_end(self, trainer, module): pass
    def on_fit_end(self, trainer, module): pass


class EarlyStopping(Callback):
    def __init__(self, monitor, patience=2, min_delta=0.0, mode="min"):
        self.monitor, self.patience, self.min_delta, self.mode = monitor, patience, min_delta, mode
        self.best = math.inf if mode == "min" else -math.inf
        self.wait = 0

    def improved(self, value):
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_validation_end(self, trainer, module):
        value = trainer.metrics[self.monitor]
        if self.improved(value):
            self.best, self.wait = value, 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                print(f"early stopping at epoch {trainer.epoch}: best {self.monitor} "
                      f"{self.best:.4f}")
                trainer.should_stop = True


class ModelCheckpoint(Callback):
    def __init__(self, dirpath, monitor, mode="max", save_top_k=2):
        self.dirpath, self.monitor, self.mode, self.save_top_k = dirpath, monitor, mode, save_top_k
        self.saved = []

    def on_validation_end(self, trainer, module):
        value = trainer.metrics[self.monitor]
        path = os.path.join(self.dirpath, f"epoch={trainer.epoch}-{self.monitor}={value:.4f}.ckpt")
        torch.save({"state_dict": module.state_dict(), "epoch": trainer.epoch,
                    "optimizer_states": [trainer.optimizer.state_dict()],
                    self.monitor: value}, path)
        self.saved.append((value, path))
        self.saved.sort(key=lambda item: item[0], reverse=self.mode == "max")
        while len(self.saved) > self.save_top_k:
            _, worst = self.saved.pop()
            os.remove(worst)

    @property
    def best_model_path(self):
        return self.saved[0][1]


class LearningRateMonitor(Callback):
    def __init__(self):
        self.history = []

    def on_validation_end(self, trainer, module):
        self.history.append([group["lr"] for group in trainer.optimizer.param_groups])


class Trainer:
    def __init__(self, max_epochs, callbacks=(), accumulate_grad_batches=1,
                 gradient_clip_val=None):
        self.max_epochs, self.callbacks = max_epochs, list(callbacks)
        self.accumulate = accumulate_grad_batches
        self.clip = gradient_clip_val
        self.should_stop, self.epoch, self.global_step = False, 0, 0
        self.metrics, self.history = {}, defaultdict(list)

    def call(self, hook, module):
        for callback in self.callbacks:
            getattr(callback, hook)(self, module)

    def fit(self, module, train_loader, val_loader):
        config = module.configure_optimizers()
        self.optimizer = config["optimizer"]
        scheduler = config["lr_scheduler"]
        self.call("on_fit_start", module)
        for self.epoch in range(self.max_epochs):
            module.train()
            losses = []
            for batch_idx, batch in enumerate(train_loader):
                loss = module.training_step(batch, batch_idx)
                (loss / self.accumulate).backward()
                if (batch_idx + 1) % self.accumulate == 0:
                    if self.clip is not None:
                        nn.utils.clip_grad_value_(module.parameters(), clip_value=self.clip)
                    self.optimizer.step()
                    self.optimizer.zero_grad()
                    self.global_step += 1
                    module.steps += 1
                losses.append(loss.detach())
            self.metrics["train_loss"] = torch.stack(losses).mean().item()
            self.call("on_train_epoch_end", module)
            self.validate(module, val_loader)
            scheduler["scheduler"].step(self.metrics[scheduler["monitor"]])
            for key, value in self.metrics.items():
                self.history[key].append(round(value, 4))
            print(f"epoch {self.epoch} step {self.global_step} " + " ".join(
                f"{k}={v:.4f}" for k, v in sorted(self.metrics.items())))
            self.call("on_validation_end", module)
            if self.should_stop:
                break
        self.call("on_fit_end", module)

    def validate(self, module, loader):
        module.eval()
        accuracy, f1 = Accuracy(), MacroF1(module.num_classes)
        total, count = 0.0, 0
        with torch.inference_mode():
            for batch in loader:
                x, y = batch
                logits = module(x)
                total += F.cross_entropy(logits, y, reduction="sum").item()
                count += y.numel()
                preds = logits.argmax(dim=-1)
                accuracy.update(preds, y)
                f1.update(preds, y)
        self.metrics.update(val_loss=total / count, val_acc=accuracy.compute(),
                            val_f1=f1.compute())


class Accuracy:
    def __init__(self):
        self.correct = torch.tensor(0)
        self.total = torch.tensor(0)

    def update(self, preds, target):
        self.correct += (preds == target).sum()
        self.total += target.numel()

    def compute(self):
        return (self.correct.float() / self.total).item()


class MacroF1:
    def __init__(self, num_classes):
        self.num_classes = num_classes
        self.confmat = torch.zeros(num_classes, num_classes, dtype=torch.long)

    def update(self, preds, target):
        idx = target * self.num_classes + preds
        self.confmat += torch.bincount(idx, minlength=self.num_classes ** 2).reshape(
            self.num_classes, self.num_classes)

    def compute(self):
        tp = self.confmat.diag().float()
        precision = tp / self.confmat.sum(dim=0).clamp(min=1)
        recall = tp / self.confmat.sum(axis=1).clamp_min(1)
        f1 = torch.where(precision + recall > 0,
                         2 * precision * recall / (precision + recall), torch.zeros_like(tp))
        return f1.mean().item()


class Classifier(nn.Module):
    def __init__(self, in_features, num_classes, hidden=32, lr=1e-2, weight_decay=0.05):
        super().__init__()
        self.num_classes, self.lr, self.weight_decay = num_classes, lr, weight_decay
        self.net = nn.Sequential(
            nn.Linear(in_features, hidden), nn.LayerNorm(hidden), nn.GELU(),
            nn.Linear(hidden, hidden), nn.GELU(), nn.Linear(hidden, num_classes))
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.register_buffer("class_weights", torch.ones(num_classes), persistent=False)

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.cross_entropy(self(x), y, weight=self.class_weights, label_smoothing=0.05)

    def configure_optimizers(self):
        decay, no_decay = set(), set()
        for module_name, module in self.named_modules():
            for param_name, _ in module.named_parameters(recurse=False):
                full = f"{module_name}.{param_name}" if module_name else param_name
                if param_name.endswith("bias") or isinstance(module, (nn.LayerNorm,
                                                                      nn.Embedding)):
                    no_decay.add(full)
                elif isinstance(module, nn.Linear):
                    decay.add(full)
        params = dict(self.named_parameters())
        assert len(decay & no_decay) == 0 and len(decay | no_decay) == len(params)
        print("decay", sorted(decay))
        print("no_decay", sorted(no_decay))
        groups = [{"params": [params[n] for n in sorted(decay)],
                   "weight_decay": self.weight_decay},
                  {"params": [params[n] for n in sorted(no_decay)], "weight_decay": 0.0}]
        optimizer = torch.optim.AdamW(groups, lr=self.lr, betas=(0.9, 0.95))
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min",
                                                               factor=0.5, patience=0)
        return {"optimizer": optimizer,
                "lr_scheduler": {"scheduler": scheduler, "monitor": "val_loss"}}


# three Gaussian blobs in 6 dimensions, one noisy feature
centers = torch.tensor([[2.0, 0, 0, 1, 0, 0], [0, 2.0, 0, 0, 1, 0], [0, 0, 2.0, 0, 0, 1]])
labels = torch.randint(0, 3, (300,))
features = centers[labels] + 1.2 * torch.randn(300, 6)
features[:, -1] = torch.randn(300) * 5
dataset = TensorDataset(features, labels)
train_set, val_set = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(1))
print("split", len(train_set), len(val_set))
train_loader = DataLoader(train_set, batch_size=16, shuffle=True,
                          generator=torch.Generator().manual_seed(2))
val_loader = DataLoader(val_set, batch_size=50)

module = Classifier(6, 3)
print("buffers", [name for name, _ in module.named_buffers()])
print("state_dict has class_weights:", "class_weights" in module.state_dict())

with tempfile.TemporaryDirectory() as tmp:
    early = EarlyStopping("val_loss", patience=2, min_delta=1e-3)
    checkpoint = ModelCheckpoint(tmp, monitor="val_acc", mode="max", save_top_k=2)
    lr_monitor = LearningRateMonitor()
    trainer = Trainer(max_epochs=7, callbacks=[early, checkpoint, lr_monitor],
                      accumulate_grad_batches=2, gradient_clip_val=0.5)
    trainer.fit(module, train_loader, val_loader)
    print("files", sorted(os.listdir(tmp)))
    print("lr history", [[f"{lr:.5f}" for lr in lrs] for lrs in lr_monitor.history])
    best = torch.load(checkpoint.best_model_path)
    print("best epoch", best["epoch"], "val_acc", round(best["val_acc"], 4))
    print("steps buffer", module.steps, best["state_dict"]["steps"])
    restored = Classifier(6, 3)
    restored.load_state_dict(best["state_dict"])
    restored.requires_grad_(False)
    print("frozen", all(not p.requires_grad for p in restored.parameters()))
    trainer.validate(restored, val_loader)
    print("revalidated", {k: round(v, 4) for k, v in trainer.metrics.items() if k != "train_loss"})
    opt_state = best["optimizer_states"][0]
    print("optimizer groups", [(g["weight_decay"], len(g["params"])) for g in
                               opt_state["param_groups"]])
    print("exp_avg_sq sum", round(sum(s["exp_avg_sq"].sum().item()
                                      for s in opt_state["state"].values()), 6))

print(dict(trainer.history))
