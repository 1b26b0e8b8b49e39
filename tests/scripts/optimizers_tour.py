import torch
import torch.nn as nn

torch.manual_seed(31)
data = torch.randn(32, 5)
target = data @ torch.randn(5, 1) + 0.1 * torch.randn(32, 1)

optimizers = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.05),
    "SGD-nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True,
                                              weight_decay=1e-3),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.05),
    "Adam-amsgrad": lambda p: torch.optim.Adam(p, lr=0.05, amsgrad=True, weight_decay=0.01),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=0.05),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5),
    "Adagrad": lambda p: torch.optim.Adagrad(p, lr=0.1),
    "Adadelta": lambda p: torch.optim.Adadelta(p, lr=1.0),
    "Adamax": lambda p: torch.optim.Adamax(p, lr=0.05),
    "NAdam": lambda p: torch.optim.NAdam(p, lr=0.05),
    "RAdam": lambda p: torch.optim.RAdam(p, lr=0.05),
}
for name, make in optimizers.items():
    torch.manual_seed(0)
    model = nn.Linear(5, 1)
    optimizer = make(model.parameters())
    for step in range(20):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(data), target)
        loss.backward()
        optimizer.step()
    print(f"{name:13s} loss {loss.item():.6f} bias {model.bias.item():.6f}")
    print(name, sorted(optimizer.state[model.weight].keys()))

# parameter groups with their own learning rates
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1))
optimizer = torch.optim.SGD([{"params": model[0].parameters(), "lr": 0.01},
                             {"params": model[2].parameters()}], lr=0.1, momentum=0.9)
print([group["lr"] for group in optimizer.param_groups])
print(optimizer.param_groups[1]["momentum"], len(optimizer.param_groups[0]["params"]))
for step in range(10):
    optimizer.zero_grad(set_to_none=True)
    loss = nn.functional.mse_loss(model(data), target)
    loss.backward()
    total = nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    nn.utils.clip_grad_value_(model.parameters(), 0.05)
    optimizer.step()
    if step % 3 == 0:
        print(f"step {step} loss {loss.item():.6f} grad norm {total.item():.6f}")
print(model[0].weight.grad is not None)
optimizer.zero_grad()
print(model[0].weight.grad)
optimizer.add_param_group({"params": [nn.Parameter(torch.zeros(2))], "lr": 0.5})
print(len(optimizer.param_groups), optimizer.param_groups[2]["momentum"])
vector = nn.utils.parameters_to_vector(model.parameters())
print(vector.shape)
nn.utils.vector_to_parameters(torch.zeros_like(vector), model.parameters())
print(model[2].bias)
