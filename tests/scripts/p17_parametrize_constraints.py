import torch

# Constrained weights with torch.nn.utils.parametrize, as orthogonal-RNN and GAN code uses them:
# parametrizations.orthogonal (matrix_exp, cayley, householder), weight_norm and spectral_norm
# in their parametrization form, a custom Symmetric parametrization with right_inverse, a
# chain of two parametrizations, parametrize.cached(), the state_dict keys and reprs they make,
# training through them, and remove_parametrizations keeping or dropping the constraint.
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.utils.parametrize as P
from torch.nn.utils import parametrizations

torch.manual_seed(0)


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class PositiveScale(nn.Module):
    def forward(self, X):
        return X * F.softplus(torch.ones(()))


layer = nn.Linear(4, 4, dtype=torch.float64)
P.register_parametrization(layer, "weight", Symmetric())
print(layer)
print(sorted(layer.state_dict()))
print("symmetric", torch.equal(layer.weight, layer.weight.T), P.is_parametrized(layer, "weight"))
layer.weight = torch.eye(4, dtype=torch.float64) * 2
print("assigned through right_inverse", layer.parametrizations.weight.original.diagonal())
P.register_parametrization(layer, "weight", PositiveScale())
print(type(layer.parametrizations.weight).__name__, len(layer.parametrizations.weight))
print(layer.weight.diagonal())
with P.cached():
    first = layer.weight
    print("cached", first is layer.weight)
print("not cached", first is layer.weight)
P.remove_parametrizations(layer, "weight", leave_parametrized=True)
print(type(layer).__name__, sorted(layer.state_dict()), layer.weight.diagonal())

for orthogonal_map in ("matrix_exp", "cayley", "householder"):
    torch.manual_seed(1)
    lin = parametrizations.orthogonal(nn.Linear(5, 5, dtype=torch.float64),
                                      orthogonal_map=orthogonal_map)
    eye = lin.weight @ lin.weight.T
    print(orthogonal_map, torch.allclose(eye, torch.eye(5, dtype=torch.float64)),
          sorted(lin.state_dict()))
    opt = torch.optim.SGD(lin.parameters(), lr=0.1)
    x = torch.randn(8, 5, dtype=torch.float64)
    for step in range(3):
        loss = (lin(x) - x.flip(1)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    w = lin.weight
    print(f"  loss {loss.item():.8f} still orthogonal",
          torch.allclose(w @ w.T, torch.eye(5, dtype=torch.float64)))

wide = parametrizations.orthogonal(nn.Linear(6, 3, dtype=torch.float64))
print("wide rows orthonormal", torch.allclose(wide.weight @ wide.weight.T,
                                              torch.eye(3, dtype=torch.float64)))

torch.manual_seed(2)
conv = parametrizations.weight_norm(nn.Conv1d(3, 4, 3), name="weight", dim=0)
print(conv.parametrizations.weight.original0.shape, conv.parametrizations.weight.original1.shape)
print(sorted(conv.state_dict()))
norms = conv.weight.flatten(1).norm(dim=1)
print("weight_norm g equals row norms",
      torch.allclose(norms, conv.parametrizations.weight.original0.flatten()))

torch.manual_seed(3)
critic = nn.Sequential(parametrizations.spectral_norm(nn.Linear(6, 8)), nn.LeakyReLU(0.2),
                       parametrizations.spectral_norm(nn.Linear(8, 1)))
print(critic)
print(sorted(critic.state_dict()))
opt = torch.optim.Adam(critic.parameters(), lr=1e-3)
data = torch.randn(16, 6)
for step in range(4):
    loss = critic(data).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} critic {loss.item():.6f}")
critic.eval()
sigma = torch.linalg.matrix_norm(critic[0].weight, ord=2)
print(f"spectral norm after power iteration {sigma.item():.4f}")
u = critic[0].parametrizations.weight[0]._u
print("u", u.shape, f"{u.norm().item():.6f}")
P.remove_parametrizations(critic[0], "weight", leave_parametrized=False)
print(sorted(critic[0].state_dict()))

for bad in (lambda: P.register_parametrization(nn.Linear(2, 2), "missing", Symmetric()),
            lambda: parametrizations.orthogonal(nn.Linear(3, 3), orthogonal_map="qr"),
            lambda: P.remove_parametrizations(nn.Linear(2, 2), "weight"),
            lambda: parametrizations.weight_norm(nn.Linear(2, 2), name="nope")):
    try:
        bad()
    except (ValueError, AttributeError) as error:
        print(type(error).__name__ + ":", error)
