import torch

# Learning-rate schedules printed every step as training logs show them: OneCycleLR with
# cos and linear annealing (momentum cycling on SGD and beta1 cycling on Adam),
# CosineAnnealingWarmRestarts stepped per batch with fractional epochs, SequentialLR of
# LinearLR warmup into CosineAnnealingLR, ReduceLROnPlateau on a plateauing metric with
# per-group min_lr, scheduler state_dict round trips, and the warnings and errors users meet.
import warnings

import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)


def fmt(values):
    return "[" + ", ".join(f"{v:.6g}" for v in values) + "]"


opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=12, pct_start=0.25)
print("onecycle start", fmt(sched.get_last_lr()), opt.param_groups[0]["momentum"])
for step in range(12):
    opt.step()
    sched.step()
    print("onecycle", step, fmt(sched.get_last_lr()), f"{opt.param_groups[0]['momentum']:.6f}")
try:
    opt.step()
    sched.step()
except ValueError as error:
    print("ValueError:", error)

opt = torch.optim.Adam(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[0.5], epochs=2, steps_per_epoch=3,
                                            anneal_strategy="linear", div_factor=10.0,
                                            final_div_factor=100.0, three_phase=True)
for step in range(6):
    opt.step()
    sched.step()
    print("onecycle adam", step, fmt(sched.get_last_lr()), opt.param_groups[0]["betas"])

opt = torch.optim.SGD(model.parameters(), lr=0.2)
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.01)
iters = 4
for epoch in range(4):
    for i in range(iters):
        opt.step()
        sched.step(epoch + i / iters)
    print("warm restarts", epoch, fmt(sched.get_last_lr()), sched.T_cur, sched.T_i)
print("sd", {k: v for k, v in sched.state_dict().items() if k != "_get_lr_called_within_step"})

opt = torch.optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.05}],
                      lr=0.1)
warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=3)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=5, eta_min=0.001)
sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[3])
for step in range(9):
    opt.step()
    sched.step()
    print("sequential", step, fmt(sched.get_last_lr()))
state = sched.state_dict()
print("sequential state keys", sorted(state.keys()))
print("milestones", state["_milestones"], "last_epoch", state["last_epoch"])

opt = torch.optim.SGD([{"params": [model.weight]}, {"params": [model.bias]}], lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1,
                                                     threshold=0.01, min_lr=[0.1, 0.3],
                                                     cooldown=1)
metrics = [1.0, 0.9, 0.899, 0.898, 0.897, 0.896, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
for epoch, metric in enumerate(metrics):
    plateau.step(metric)
    print("plateau", epoch, fmt(plateau.get_last_lr()), plateau.num_bad_epochs,
          plateau.cooldown_counter, plateau.best)
print("plateau keys", sorted(plateau.state_dict().keys()))
try:
    torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="middle")
except ValueError as error:
    print("ValueError:", error)
try:
    torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.5)
except ValueError as error:
    print("ValueError:", error)
try:
    torch.optim.lr_scheduler.ReduceLROnPlateau(opt, min_lr=[0.1])
except ValueError as error:
    print("ValueError:", error)

# stepping the scheduler before the optimizer warns
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    sched.step()
for w in caught:
    print(w.category.__name__, str(w.message)[:90])
try:
    torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.0)
except ValueError as error:
    print("ValueError:", error)
try:
    torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=0)
except ValueError as error:
    print("ValueError:", error)
try:
    torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0)
except ValueError as error:
    print("ValueError:", error)
