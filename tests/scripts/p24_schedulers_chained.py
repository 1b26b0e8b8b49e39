import torch

# The torch.optim docs' "How to adjust learning rate" section, scheduler by scheduler, in
# float64 training loops: MultiplicativeLR, ChainedScheduler over ExponentialLR and
# MultiStepLR, SequentialLR (LinearLR warm-up into CosineAnnealingLR), CyclicLR cycling
# momentum, OneCycleLR's three phases and cosine/linear annealing, CosineAnnealingWarmRestarts
# stepped with fractional epochs, ReduceLROnPlateau's cooldown, a scheduler's state_dict round
# trip, and the warnings and errors of the ordering a user gets wrong.
import warnings

from torch import nn
from torch.optim import SGD, Adam
from torch.optim.lr_scheduler import (
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingLR,
    CosineAnnealingWarmRestarts,
    CyclicLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    OneCycleLR,
    PolynomialLR,
    ReduceLROnPlateau,
    SequentialLR,
    StepLR,
)

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
inputs = torch.randn(32, 4)
targets = inputs @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * torch.randn(32, 1)


def fresh(optimizer_class=SGD, **kwargs):
    torch.manual_seed(1)
    model = nn.Linear(4, 1)
    return model, optimizer_class(model.parameters(), **kwargs)


def train(model, optimizer, scheduler, steps, label, metric=False):
    print(f"== {label}")
    for step in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(inputs), targets)
        loss.backward()
        optimizer.step()
        if metric:
            scheduler.step(loss.item())
        else:
            scheduler.step()
        lrs = [round(group["lr"], 8) for group in optimizer.param_groups]
        print(step, f"{loss.item():.6f}", lrs, [round(x, 8) for x in scheduler.get_last_lr()])


model, optimizer = fresh(lr=0.05)
train(model, optimizer, MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.9), 4,
      "MultiplicativeLR")

model, optimizer = fresh(lr=0.1, momentum=0.9)
chained = ChainedScheduler([ConstantLR(optimizer, factor=0.5, total_iters=2),
                            ExponentialLR(optimizer, gamma=0.9)], optimizer=optimizer)
train(model, optimizer, chained, 5, "ChainedScheduler(ConstantLR, ExponentialLR)")

model, optimizer = fresh(lr=0.1)
warm = LinearLR(optimizer, start_factor=0.1, end_factor=1.0, total_iters=3)
cosine = CosineAnnealingLR(optimizer, T_max=4, eta_min=0.01)
sequential = SequentialLR(optimizer, schedulers=[warm, cosine], milestones=[3])
train(model, optimizer, sequential, 8, "SequentialLR(LinearLR -> CosineAnnealingLR)")
print(sequential.state_dict()["_milestones"], sequential.last_epoch)

model, optimizer = fresh(lr=0.1, momentum=0.9)
cyclic = CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=2, mode="triangular2",
                  base_momentum=0.8, max_momentum=0.9)
print("momentum before", optimizer.param_groups[0]["momentum"])
train(model, optimizer, cyclic, 9, "CyclicLR triangular2")
print("momentum after", round(optimizer.param_groups[0]["momentum"], 8))
model, optimizer = fresh(lr=0.1)
train(model, optimizer, CyclicLR(optimizer, 0.01, 0.1, step_size_up=3, step_size_down=1,
                                 mode="exp_range", gamma=0.9, cycle_momentum=False), 5,
      "CyclicLR exp_range")

for strategy, three_phase in [("cos", False), ("linear", True)]:
    model, optimizer = fresh(Adam, lr=0.01)
    one_cycle = OneCycleLR(optimizer, max_lr=0.05, total_steps=8, pct_start=0.25,
                           anneal_strategy=strategy, three_phase=three_phase)
    train(model, optimizer, one_cycle, 8, f"OneCycleLR {strategy} three_phase={three_phase}")
    print("betas", [round(b, 6) for b in optimizer.param_groups[0]["betas"]],
          optimizer.param_groups[0]["initial_lr"], optimizer.param_groups[0]["max_lr"])
    try:
        one_cycle.step()
    except ValueError as error:
        print("one step too many:", error)

model, optimizer = fresh(lr=0.1)
restarts = CosineAnnealingWarmRestarts(optimizer, T_0=2, T_mult=2, eta_min=0.001)
print("== CosineAnnealingWarmRestarts with fractional epochs")
for epoch in range(3):
    for i in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(inputs), targets).backward()
        optimizer.step()
        restarts.step(epoch + i / 2)
        print(epoch, i, round(optimizer.param_groups[0]["lr"], 8), restarts.T_cur, restarts.T_i)

model, optimizer = fresh(lr=0.5)
plateau = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1, threshold=0.5,
                            cooldown=1, min_lr=0.05)
train(model, optimizer, plateau, 9, "ReduceLROnPlateau", metric=True)
print(plateau.num_bad_epochs, plateau.cooldown_counter, plateau.best < 1)

model, optimizer = fresh(lr=0.1)
groups_optimizer = SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.01}],
                       lr=0.1)
lambdas = LambdaLR(groups_optimizer, lr_lambda=[lambda e: 0.5 ** e, lambda e: 1 + e])
for _ in range(3):
    groups_optimizer.step()
    lambdas.step()
print("LambdaLR per group", lambdas.get_last_lr(), list(lambdas.state_dict()))

model, optimizer = fresh(lr=0.1)
step_lr = StepLR(optimizer, step_size=2, gamma=0.5)
for _ in range(3):
    optimizer.step()
    step_lr.step()
state = step_lr.state_dict()
print("StepLR state", state)
model2, optimizer2 = fresh(lr=0.1)
resumed = StepLR(optimizer2, step_size=2, gamma=0.5)
resumed.load_state_dict(state)
optimizer2.param_groups[0]["lr"] = state["_last_lr"][0]
for _ in range(3):
    optimizer2.step()
    resumed.step()
    print("resumed", resumed.last_epoch, resumed.get_last_lr())

model, optimizer = fresh(lr=0.1)
poly = PolynomialLR(optimizer, total_iters=4, power=2.0)
print("PolynomialLR", [round(lr, 8) for lr in [poly.get_last_lr()[0]] + [
    (optimizer.step(), poly.step(), poly.get_last_lr()[0])[2] for _ in range(5)]])
multi = MultiStepLR(SGD(model.parameters(), lr=1.0), milestones=[2, 2, 4], gamma=0.1)
print("MultiStepLR repeated milestone", [(multi.optimizer.step(), multi.step(),
                                          round(multi.get_last_lr()[0], 8))[2]
                                         for _ in range(5)])

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    model, optimizer = fresh(lr=0.1)
    early = StepLR(optimizer, step_size=1)
    early.step()
    optimizer.step()
for warning in caught:
    print(warning.category.__name__, str(warning.message).split("  See")[0][:150])
for label, make in [
        ("SequentialLR milestones", lambda o: SequentialLR(
            o, [ConstantLR(o), ExponentialLR(o, 0.9)], milestones=[1, 2])),
        ("SequentialLR other optimizer", lambda o: SequentialLR(
            o, [ConstantLR(o), ExponentialLR(SGD(model.parameters(), lr=1.0), 0.9)],
            milestones=[1])),
        ("OneCycleLR no steps", lambda o: OneCycleLR(o, max_lr=0.1)),
        ("OneCycleLR pct_start", lambda o: OneCycleLR(o, max_lr=0.1, total_steps=4,
                                                      pct_start=1.5)),
        ("CyclicLR mode", lambda o: CyclicLR(o, 0.01, 0.1, mode="sine")),
        ("LinearLR factor", lambda o: LinearLR(o, start_factor=0.0)),
        ("ReduceLROnPlateau factor", lambda o: ReduceLROnPlateau(o, factor=1.0)),
        ("ReduceLROnPlateau mode", lambda o: ReduceLROnPlateau(o, mode="best")),
        ("CosineAnnealingWarmRestarts T_0", lambda o: CosineAnnealingWarmRestarts(o, T_0=0)),
        ("LambdaLR lambdas", lambda o: LambdaLR(o, [lambda e: 1.0, lambda e: 2.0])),
        ("StepLR on a list", lambda o: StepLR([o], 1))]:
    model, optimizer = fresh(lr=0.1)
    try:
        make(optimizer)
        print(label, "accepted")
    except (ValueError, TypeError) as error:
        print(label, "->", type(error).__name__, error)
