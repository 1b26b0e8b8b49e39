import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrizations, parametrize

# The optimizers and schedules beyond the common ones, and constrained weights through
# parametrizations, on one small regression.

torch.manual_seed(5)
data = torch.randn(48, 6)
target = torch.tanh(data @ torch.randn(6, 2))

optimizers = {
    "Rprop": lambda p: torch.optim.Rprop(p, lr=0.01),
    "Rprop-etas": lambda p: torch.optim.Rprop(p, lr=0.02, etas=(0.4, 1.3),
                                              step_sizes=(1e-4, 0.5)),
    "ASGD": lambda p: torch.optim.ASGD(p, lr=0.05, t0=10),
    "ASGD-wd": lambda p: torch.optim.ASGD(p, lr=0.05, lambd=1e-3, weight_decay=1e-2),
    "Adafactor": lambda p: torch.optim.Adafactor(p, lr=0.05),
    "Adafactor-wd": lambda p: torch.optim.Adafactor(p, lr=0.05, weight_decay=0.01, d=2.0),
}
for name, make in optimizers.items():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 2))
    optimizer = make(model.parameters())
    scheduler = torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=30, power=2.0)
    for step in range(30):
        optimizer.zero_grad()
        loss = F.mse_loss(model(data), target)
        loss.backward()
        optimizer.step()
        scheduler.step()
    print(f"{name:13s} loss {loss.item():.6f} lr {scheduler.get_last_lr()[0]:.6f}")
    print(name, sorted(optimizer.state[model[0].weight].keys()))

# SparseAdam updates only the embedding rows a batch used.
torch.manual_seed(0)
embedding = nn.Embedding(10, 4)
head = nn.Linear(4, 1)
sparse_optimizer = torch.optim.SparseAdam(list(embedding.parameters()), lr=0.05)
dense_optimizer = torch.optim.Adam(head.parameters(), lr=0.05)
tokens = torch.randint(0, 6, (32,))
labels = (tokens % 2).float().unsqueeze(1)
untouched = embedding.weight[6:].detach().clone()
for step in range(25):
    sparse_optimizer.zero_grad()
    dense_optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(head(embedding(tokens)), labels)
    loss.backward()
    embedding.weight.grad = embedding.weight.grad.to_sparse()
    sparse_optimizer.step()
    dense_optimizer.step()
print(f"SparseAdam loss {loss.item():.6f}")
print("rows never seen unchanged:", torch.equal(embedding.weight[6:].detach(), untouched))

# Constrained weights: orthogonal, spectral-normalised and weight-normalised layers train.
torch.manual_seed(1)
layers = {
    "orthogonal": parametrizations.orthogonal(nn.Linear(6, 6)),
    "spectral": parametrizations.spectral_norm(nn.Linear(6, 6)),
    "weight_norm": parametrizations.weight_norm(nn.Linear(6, 6)),
}
for name, layer in layers.items():
    model = nn.Sequential(layer, nn.Tanh(), nn.Linear(6, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(20):
        optimizer.zero_grad()
        loss = F.mse_loss(model(data), target)
        loss.backward()
        optimizer.step()
    weight = layer.weight.detach()
    print(f"{name:11s} loss {loss.item():.6f} largest singular value "
          f"{torch.linalg.matrix_norm(weight, ord=2).item():.4f}")
    print(type(layer).__name__, sorted(layer.state_dict().keys()))
parametrize.remove_parametrizations(layers["orthogonal"], "weight")
print(type(layers["orthogonal"]).__name__, parametrize.is_parametrized(layers["orthogonal"]))
