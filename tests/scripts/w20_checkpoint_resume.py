import torch

# Checkpointing the way repository train.py files do it: a dict of model, optimizer,
# scheduler, GradScaler, epoch and RNG states saved mid-training, training resumed from it
# (map_location="cpu", weights_only True and False) and checked against an uninterrupted
# run, a partial load with strict=False printing missing/unexpected keys, best-model
# tracking with copy.deepcopy(state_dict()), and patience-based early stopping.
import copy
import os
import random
import tempfile

import numpy as np
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, head=True):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(5, 12), nn.LayerNorm(12), nn.Tanh())
        self.bn = nn.BatchNorm1d(12)
        if head:
            self.head = nn.Linear(12, 3)

    def forward(self, x):
        return self.head(self.bn(self.body(x)))


def make_all(seed=0):
    torch.manual_seed(seed)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    scaler = torch.amp.GradScaler("cpu", enabled=False)
    return model, opt, sched, scaler


gen = torch.Generator().manual_seed(123)
X = torch.randn(64, 5, generator=gen)
Y = torch.randint(0, 3, (64,), generator=gen)
Xv = torch.randn(32, 5, generator=gen)
Yv = torch.randint(0, 3, (32,), generator=gen)


def train_epoch(model, opt, sched, scaler):
    model.train()
    perm = torch.randperm(64)
    for idx in perm.split(16):
        noise = 0.01 * torch.randn(len(idx), 5)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=False):
            loss = F.cross_entropy(model(X[idx] + noise), Y[idx])
        opt.zero_grad()
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        scaler.step(opt)
        scaler.update()
    sched.step()
    return loss.item()


def evaluate(model):
    model.eval()
    with torch.inference_mode():
        return F.cross_entropy(model(Xv), Yv).item()


tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "ckpt.pt")

# uninterrupted run of 4 epochs
model, opt, sched, scaler = make_all()
for epoch in range(4):
    last = train_epoch(model, opt, sched, scaler)
reference = {k: v.clone() for k, v in model.state_dict().items()}
print(f"uninterrupted last loss {last:.6f} val {evaluate(model):.6f}")

# two epochs, save, then resume for two more in fresh objects
model, opt, sched, scaler = make_all()
random.seed(5)
np.random.seed(5)
for epoch in range(2):
    train_epoch(model, opt, sched, scaler)
torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(), "scaler": scaler.state_dict(), "epoch": epoch,
            "rng": torch.get_rng_state(), "py_rng": random.getstate(),
            "np_rng": np.random.get_state(), "best_val": 1.5}, path)
print("scaler state", scaler.state_dict(), "enabled", scaler.is_enabled())

for weights_only in (False, True):
    model, opt, sched, scaler = make_all(seed=99)
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=weights_only)
    except Exception as error:
        print("weights_only", weights_only, type(error).__name__,
              str(error).splitlines()[0][:60])
        ckpt = torch.load(path, map_location=torch.device("cpu"), weights_only=False)
    print("keys", sorted(ckpt), "epoch", ckpt["epoch"], type(ckpt["rng"]).__name__,
          ckpt["rng"].dtype, ckpt["rng"].shape)
    print(model.load_state_dict(ckpt["model"]))
    opt.load_state_dict(ckpt["optimizer"])
    sched.load_state_dict(ckpt["scheduler"])
    scaler.load_state_dict(ckpt["scaler"])
    torch.set_rng_state(ckpt["rng"])
    start = ckpt["epoch"] + 1
    print("resume from", start, "lr", sched.get_last_lr(), "step",
          opt.state_dict()["state"][0]["step"])
    for epoch in range(start, 4):
        last = train_epoch(model, opt, sched, scaler)
    same = all(torch.equal(reference[k], v) for k, v in model.state_dict().items())
    print(f"resumed last loss {last:.6f} identical {same}")

# partial load into a model without the head, and one with an extra module
headless = Net(head=False)
result = headless.load_state_dict(ckpt["model"], strict=False)
print("missing", result.missing_keys)
print("unexpected", result.unexpected_keys)
wider = Net()
wider.extra = nn.Linear(3, 3)
missing, unexpected = wider.load_state_dict(ckpt["model"], strict=False)
print("missing", missing, "unexpected", unexpected)
try:
    headless.load_state_dict(ckpt["model"])
except RuntimeError as error:
    print("RuntimeError", str(error).splitlines()[0])
filtered = {k.replace("body.", "trunk."): v for k, v in ckpt["model"].items()}
print(Net().load_state_dict(filtered, strict=False))

# best-model tracking and early stopping on a validation loss that stops improving
model, opt, sched, scaler = make_all(seed=3)
best_val, best_state, best_epoch, patience, bad = float("inf"), None, -1, 2, 0
for epoch in range(30):
    train_epoch(model, opt, sched, scaler)
    val = evaluate(model)
    if val < best_val - 1e-4:
        best_val, best_epoch, bad = val, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad += 1
    print(f"epoch {epoch} val {val:.5f} best {best_val:.5f} bad {bad}")
    if bad >= patience:
        print("early stop at", epoch, "best epoch", best_epoch)
        break
print("best state is a copy", best_state["head.weight"].data_ptr()
      != model.state_dict()["head.weight"].data_ptr())
model.load_state_dict(best_state)
print(f"restored val {evaluate(model):.5f}")
torch.save(best_state, os.path.join(tmp, "best.pt"))
loaded = torch.load(os.path.join(tmp, "best.pt"), weights_only=True)
print(type(loaded).__name__, list(loaded)[:4], loaded["bn.num_batches_tracked"])
