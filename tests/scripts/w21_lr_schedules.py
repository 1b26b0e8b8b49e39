import torch

# Learning-rate schedules as train.py files wire them: a cosine schedule with linear warmup
# written as a LambdaLR (the transformers get_cosine_schedule_with_warmup shape), warmup then
# cosine through SequentialLR(LinearLR, CosineAnnealingLR), OneCycleLR stepped per batch with
# its momentum cycling, ReduceLROnPlateau read through get_last_lr(), per-group lambdas, the
# "Detected call of lr_scheduler.step() before optimizer.step()" warning, and a scheduler's
# state_dict saved and restored mid-run.
import math
import warnings
from functools import partial

import torch.nn as nn
from torch.optim.lr_scheduler import (CosineAnnealingLR, LambdaLR, LinearLR, OneCycleLR,
                                      ReduceLROnPlateau, SequentialLR)


def _cosine_with_warmup(step, *, warmup, total, cycles=0.5, floor=0.0):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    progress = float(step - warmup) / float(max(1, total - warmup))
    return max(floor, 0.5 * (1.0 + math.cos(math.pi * float(cycles) * 2.0 * progress)))


def get_cosine_schedule_with_warmup(optimizer, warmup, total, last_epoch=-1):
    return LambdaLR(optimizer, partial(_cosine_with_warmup, warmup=warmup, total=total),
                    last_epoch)


def fresh(lr=0.1, momentum=0.9, groups=1):
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    if groups == 1:
        params = model.parameters()
    else:
        params = [{"params": [model.weight]}, {"params": [model.bias], "lr": lr * 10}]
    return model, torch.optim.SGD(params, lr=lr, momentum=momentum)


def step_opt(model, opt):
    loss = model(torch.ones(2, 3)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()


def fmt(values):
    return "[" + ", ".join(f"{v:.6g}" for v in values) + "]"


# 1. cosine with warmup via LambdaLR
model, opt = fresh()
sched = get_cosine_schedule_with_warmup(opt, warmup=3, total=10)
lrs = []
for step in range(10):
    step_opt(model, opt)
    sched.step()
    lrs.append(sched.get_last_lr()[0])
print("lambda cosine", fmt(lrs))
print("state keys", sorted(sched.state_dict()), sched.state_dict()["lr_lambdas"])

# 2. SequentialLR(LinearLR warmup, CosineAnnealingLR)
model, opt = fresh()
warm = LinearLR(opt, start_factor=0.1, end_factor=1.0, total_iters=3)
cos = CosineAnnealingLR(opt, T_max=6, eta_min=1e-3)
seq = SequentialLR(opt, schedulers=[warm, cos], milestones=[3])
lrs = [opt.param_groups[0]["lr"]]
for step in range(9):
    step_opt(model, opt)
    seq.step()
    lrs.append(seq.get_last_lr()[0])
print("sequential", fmt(lrs))
print("sequential state", sorted(seq.state_dict()), seq.state_dict()["_milestones"],
      seq.last_epoch)

# 3. OneCycleLR stepped every batch, printing lr and momentum
model, opt = fresh(lr=0.01)
one = OneCycleLR(opt, max_lr=0.2, total_steps=8, pct_start=0.25, anneal_strategy="cos",
                 div_factor=10.0, final_div_factor=100.0)
print("onecycle start", f"{opt.param_groups[0]['lr']:.6g}",
      opt.param_groups[0]["momentum"], opt.param_groups[0]["initial_lr"],
      opt.param_groups[0]["max_lr"], f"{opt.param_groups[0]['min_lr']:.6g}")
for step in range(8):
    step_opt(model, opt)
    one.step() if step < 7 else None
    g = opt.param_groups[0]
    print(f"  batch {step} lr {g['lr']:.6g} momentum {g['momentum']:.6g}")
try:
    one.step()
    one.step()
except ValueError as error:
    print("ValueError", error)
model, opt = fresh(lr=0.01)
lin = OneCycleLR(opt, max_lr=[0.2], epochs=2, steps_per_epoch=3, anneal_strategy="linear",
                 three_phase=True)
got = []
for _ in range(5):
    step_opt(model, opt)
    lin.step()
    got.append(lin.get_last_lr()[0])
print("three phase linear", fmt(got))

# 4. ReduceLROnPlateau on a validation loss, two groups
model, opt = fresh(groups=2)
plateau = ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1, threshold=0.01,
                            cooldown=1, min_lr=[1e-3, 1e-2])
for epoch, val in enumerate([1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.5, 0.6, 0.61, 0.62]):
    step_opt(model, opt)
    plateau.step(val)
    print(f"  epoch {epoch} val {val} lr {fmt(plateau.get_last_lr())} bad "
          f"{plateau.num_bad_epochs} cooldown {plateau.cooldown_counter} best {plateau.best}")
print("plateau state", sorted(k for k in plateau.state_dict() if not k.startswith("_")))

# 5. per-group lambdas and the step-order warning
model, opt = fresh(groups=2)
per_group = LambdaLR(opt, lr_lambda=[lambda e: 0.5 ** e, lambda e: 1.0 / (e + 1)])
with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    per_group.step()
print("warned", [str(w.message)[:60] for w in log])
for _ in range(3):
    step_opt(model, opt)
    per_group.step()
print("per group", fmt(per_group.get_last_lr()), per_group.last_epoch)

# 6. state_dict mid-run: a fresh scheduler resumes the same curve
model, opt = fresh()
sched = CosineAnnealingLR(opt, T_max=8)
for _ in range(3):
    step_opt(model, opt)
    sched.step()
saved_sched, saved_opt = sched.state_dict(), opt.state_dict()
rest = []
for _ in range(3):
    step_opt(model, opt)
    sched.step()
    rest.append(sched.get_last_lr()[0])
model2, opt2 = fresh()
opt2.load_state_dict(saved_opt)
sched2 = CosineAnnealingLR(opt2, T_max=8)
sched2.load_state_dict(saved_sched)
again = []
for _ in range(3):
    step_opt(model2, opt2)
    sched2.step()
    again.append(sched2.get_last_lr()[0])
print("resumed", fmt(rest), fmt(again), rest == again)
print("saved", {k: v for k, v in saved_sched.items() if k != "_get_lr_called_within_step"})
