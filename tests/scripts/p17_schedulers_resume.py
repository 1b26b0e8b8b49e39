import torch

# Training utilities around one small regression model: OneCycleLR (three_phase, linear
# annealing, cycling momentum), CosineAnnealingWarmRestarts with T_mult and fractional epochs,
# SequentialLR chaining LinearLR warmup into ExponentialLR, ChainedScheduler, ReduceLROnPlateau
# in max mode with cooldown and an absolute threshold, and a checkpoint saved mid-training to a
# BytesIO (model, optimizer, scheduler, RNG state) whose resumed run must match the
# uninterrupted one step for step.
import io

import torch.nn as nn
import torch.nn.functional as F
from torch.optim import lr_scheduler

torch.manual_seed(0)
inputs = torch.randn(64, 5)
targets = inputs @ torch.randn(5, 1) + 0.1 * torch.randn(64, 1)


def make():
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(5, 16), nn.GELU(), nn.Dropout(0.1), nn.Linear(16, 1))


def lrs(scheduler, steps, metric=None):
    out = []
    for step in range(steps):
        scheduler.optimizer.step()
        if metric is None:
            scheduler.step()
        else:
            scheduler.step(metric(step))
        out.append(round(scheduler.optimizer.param_groups[0]["lr"], 6))
    return out


model = make()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
one_cycle = lr_scheduler.OneCycleLR(opt, max_lr=0.5, total_steps=12, three_phase=True,
                                    anneal_strategy="linear", pct_start=0.25)
print("onecycle", lrs(one_cycle, 11))
print("momentum", round(opt.param_groups[0]["momentum"], 6), sorted(one_cycle.state_dict())[:4])

opt = torch.optim.AdamW(model.parameters(), lr=0.01)
warm = lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2, eta_min=1e-4)
values = []
for epoch in range(2):
    for i in range(4):
        warm.step(epoch + i / 4)
        values.append(round(warm.get_last_lr()[0], 6))
print("warm restarts", values, warm.T_cur, warm.T_i)

opt = torch.optim.SGD(model.parameters(), lr=0.2)
seq = lr_scheduler.SequentialLR(opt, [lr_scheduler.LinearLR(opt, 0.1, 1.0, total_iters=3),
                                      lr_scheduler.ExponentialLR(opt, gamma=0.8)], milestones=[3])
print("sequential", lrs(seq, 8))
opt = torch.optim.SGD(model.parameters(), lr=0.2)
chained = lr_scheduler.ChainedScheduler([lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2),
                                         lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)])
print("chained", lrs(chained, 7))
opt = torch.optim.SGD(model.parameters(), lr=0.2)
plateau = lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=1, cooldown=2,
                                         threshold=0.05, threshold_mode="abs", min_lr=0.01)
accuracy = [0.5, 0.6, 0.62, 0.63, 0.64, 0.9, 0.91, 0.9, 0.92, 0.93, 0.93, 0.94]
print("plateau", lrs(plateau, 12, lambda s: accuracy[s]), plateau.num_bad_epochs, plateau.best)
opt = torch.optim.SGD(model.parameters(), lr=0.2)
lam = lr_scheduler.LambdaLR(opt, lambda s: 1 / (1 + s))
poly = lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)
print("lambda+poly", lrs(lam, 3), [round(x, 6) for x in poly.get_last_lr()])


def train(model, optimizer, scheduler, steps, start=0, log=None):
    for step in range(start, start + steps):
        model.train()
        index = torch.randperm(64)[:16]
        loss = F.mse_loss(model(inputs[index]), targets[index])
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if log is not None:
            log.append(f"{step} {loss.item():.6f} {scheduler.get_last_lr()[0]:.6f}")


def fresh():
    model = make()
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01, betas=(0.9, 0.95))
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.03, total_steps=20)
    return model, optimizer, scheduler


torch.manual_seed(5)
model, optimizer, scheduler = fresh()
reference = []
train(model, optimizer, scheduler, 20, log=reference)

torch.manual_seed(5)
model, optimizer, scheduler = fresh()
resumed = []
train(model, optimizer, scheduler, 8, log=resumed)
buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(), "rng": torch.get_rng_state(), "step": 8}, buffer)
print("checkpoint bytes > 0", buffer.tell() > 0)
train(model, optimizer, scheduler, 3)  # training that the restore throws away
buffer.seek(0)
checkpoint = torch.load(buffer)
model, optimizer, scheduler = fresh()
model.load_state_dict(checkpoint["model"])
optimizer.load_state_dict(checkpoint["optimizer"])
scheduler.load_state_dict(checkpoint["scheduler"])
torch.set_rng_state(checkpoint["rng"])
train(model, optimizer, scheduler, 12, start=checkpoint["step"], log=resumed)
print("resumed equals uninterrupted", resumed == reference)
for line in reference[::4]:
    print(line)
state = optimizer.state_dict()
print(sorted(state["param_groups"][0]), len(state["state"]), sorted(state["state"][0]))
print({k: v for k, v in scheduler.state_dict().items() if k != "_anneal_func_type"})

for bad in (lambda: lr_scheduler.OneCycleLR(opt, max_lr=0.1),
            lambda: lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10, pct_start=1.5),
            lambda: lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=0),
            lambda: lr_scheduler.ReduceLROnPlateau(opt, mode="up"),
            lambda: lr_scheduler.SequentialLR(opt, [lr_scheduler.StepLR(opt, 2)], milestones=[3])):
    try:
        bad()
    except ValueError as error:
        print("ValueError:", error)
