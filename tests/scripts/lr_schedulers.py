import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)


def make(lr=0.1):
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)


schedulers = {
    "StepLR": lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5),
    "MultiStepLR": lambda opt: torch.optim.lr_scheduler.MultiStepLR(opt, [2, 5], gamma=0.1),
    "ExponentialLR": lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9),
    "CosineAnnealingLR": lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=8),
    "LambdaLR": lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (e + 1)),
    "LinearLR": lambda opt: torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25,
                                                              total_iters=4),
    "OneCycleLR": lambda opt: torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0,
                                                                  total_steps=10),
}
for name, make_scheduler in schedulers.items():
    optimizer = make()
    scheduler = make_scheduler(optimizer)
    rates = []
    for epoch in range(8):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr()[0])
    print(name, [round(r, 8) for r in rates])
    print(name, "state keys", sorted(scheduler.state_dict().keys())[:4])

optimizer = make()
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5,
                                                     patience=1)
for metric in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7]:
    plateau.step(metric)
    print("plateau", optimizer.param_groups[0]["lr"])

optimizer = make()
warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=2)
decay = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.5)
chained = torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, decay], milestones=[2])
for _ in range(5):
    optimizer.step()
    chained.step()
    print("sequential", [round(r, 8) for r in chained.get_last_lr()])

# a tiny training loop with the scheduler in it
data = torch.randn(20, 3)
target = data @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
for epoch in range(15):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(data), target)
    loss.backward()
    optimizer.step()
    scheduler.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch} loss {loss.item():.6f} lr {scheduler.get_last_lr()[0]:.6f}")
print(model.weight, model.bias)
print(optimizer.param_groups[0]["initial_lr"])
