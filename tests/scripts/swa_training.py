import torch
import torch.nn as nn
from torch.optim.swa_utils import (SWALR, AveragedModel, get_ema_multi_avg_fn,
                                   update_bn)

# Stochastic weight averaging: train a small regressor with SGD, switch to SWALR half way,
# average the weights with AveragedModel, keep an EMA copy too, then recompute the averaged
# model's batch-norm statistics with update_bn and compare the three models' losses.

torch.manual_seed(0)
x = torch.randn(64, 4)
y = (x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * torch.randn(64, 1))
batches = [(x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16)]

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
swa_model = AveragedModel(model)
ema_model = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True)
swa_scheduler = SWALR(optimizer, swa_lr=0.01, anneal_epochs=3, anneal_strategy="cos")
loss_fn = nn.MSELoss()
swa_start = 5

for epoch in range(10):
    total = 0.0
    for inputs, targets in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        ema_model.update_parameters(model)
        total += loss.item()
    if epoch >= swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()
    lr = optimizer.param_groups[0]["lr"]
    print(f"epoch {epoch}: loss {total / len(batches):.5f} lr {lr:.5f}")

print("averaged", int(swa_model.n_averaged), "ema steps", int(ema_model.n_averaged))
update_bn(batches, swa_model)
bn = swa_model.module[1]
print("swa running mean", [round(v, 4) for v in bn.running_mean.tolist()])
print("bn momentum restored", bn.momentum, "batches tracked", int(bn.num_batches_tracked))
with torch.no_grad():
    for name, net in (("model", model), ("swa", swa_model), ("ema", ema_model)):
        net.eval()
        print(name, "loss", round(loss_fn(net(x), y).item(), 4))
print(swa_model.module[0].weight[0])
print(sorted(swa_model.state_dict())[:3])
