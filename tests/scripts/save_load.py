import torch
import torch.nn as nn
import os
import tempfile

torch.manual_seed(5)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
data = torch.randn(16, 4)
target = torch.randn(16, 2)
for _ in range(3):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(data), target)
    loss.backward()
    optimizer.step()
print(f"loss {loss.item():.6f}")

state = model.state_dict()
print(list(state.keys()))
print({k: tuple(v.shape) for k, v in state.items()})
print(state["2.num_batches_tracked"])
opt_state = optimizer.state_dict()
print(opt_state["param_groups"])
print(sorted(opt_state["state"].keys()), sorted(opt_state["state"][0].keys()))
print(opt_state["state"][0]["step"])

with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "checkpoint.pt")
    torch.save({"model": state, "optimizer": opt_state, "epoch": 3, "loss": loss.item()}, path)
    checkpoint = torch.load(path)
    print(sorted(checkpoint.keys()), checkpoint["epoch"])

    torch.manual_seed(99)
    restored = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 2))
    print(torch.equal(restored[0].weight, model[0].weight))
    result = restored.load_state_dict(checkpoint["model"])
    print(result)
    print(all(torch.equal(a, b) for a, b in zip(restored.state_dict().values(),
                                                 model.state_dict().values())))
    new_optimizer = torch.optim.Adam(restored.parameters(), lr=1e-2)
    new_optimizer.load_state_dict(checkpoint["optimizer"])
    print(new_optimizer.state_dict()["param_groups"][0]["lr"])

    # training continues identically from the checkpoint
    for net, opt in [(model, optimizer), (restored, new_optimizer)]:
        opt.zero_grad()
        step_loss = nn.functional.mse_loss(net(data), target)
        step_loss.backward()
        opt.step()
        print(f"continued loss {step_loss.item():.6f}")
    print(torch.equal(model[3].bias, restored[3].bias))

    tensor_path = os.path.join(directory, "tensor.pt")
    torch.save(torch.arange(6).view(2, 3), tensor_path)
    print(torch.load(tensor_path))
    torch.save([torch.ones(2), {"x": torch.zeros(1, dtype=torch.int64)}], tensor_path)
    print(torch.load(tensor_path))

partial = nn.Linear(4, 8)
try:
    partial.load_state_dict({"weight": torch.zeros(8, 4)})
except RuntimeError as error:
    print(type(error).__name__, error)
print(partial.load_state_dict({"weight": torch.zeros(8, 4)}, strict=False))
try:
    partial.load_state_dict({"weight": torch.zeros(3, 4), "bias": torch.zeros(8)})
except RuntimeError as error:
    print(type(error).__name__, error)
