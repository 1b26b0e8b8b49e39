import torch

# Model-agnostic meta-learning on sine regression (torch.func.functional_call with adapted
# parameters from autograd.grad(create_graph=True) inner steps) and a RealNVP normalizing flow
# (affine coupling layers, the log-determinant, a MultivariateNormal base distribution).
from collections import OrderedDict

import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import MultivariateNormal
from torch.func import functional_call

torch.manual_seed(0)

model = nn.Sequential(nn.Linear(1, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(),
                      nn.Linear(40, 1))
meta_optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def sample_task():
    amplitude = torch.empty(1).uniform_(0.1, 5.0)
    phase = torch.empty(1).uniform_(0, torch.pi)

    def task(n):
        x = torch.empty(n, 1).uniform_(-5, 5)
        return x, amplitude * torch.sin(x + phase)
    return task


def adapt(params, x, y, steps=2, inner_lr=0.01):
    for _ in range(steps):
        loss = F.mse_loss(functional_call(model, params, (x,)), y)
        grads = torch.autograd.grad(loss, list(params.values()), create_graph=True)
        params = OrderedDict((name, p - inner_lr * g)
                             for (name, p), g in zip(params.items(), grads))
    return params


for meta_step in range(8):
    meta_optimizer.zero_grad()
    meta_loss = 0.0
    for _ in range(4):
        task = sample_task()
        x_support, y_support = task(10)
        x_query, y_query = task(10)
        adapted = adapt(OrderedDict(model.named_parameters()), x_support, y_support)
        meta_loss = meta_loss + F.mse_loss(functional_call(model, adapted, (x_query,)), y_query)
    meta_loss = meta_loss / 4
    meta_loss.backward()
    meta_optimizer.step()
    if meta_step % 2 == 0:
        print(f"meta step {meta_step} query loss {meta_loss.item():.6f}"
              f" grad {model[0].weight.grad.norm().item():.6f}")
adapted = adapt(dict(model.named_parameters()), x_support, y_support)
print(sorted(adapted), adapted["0.weight"].grad_fn.name())
print(functional_call(model, {k: v.detach() for k, v in adapted.items()},
                      (torch.zeros(2, 1),)))


# --- RealNVP on two moons ------------------------------------------------------------------------
class Coupling(nn.Module):
    def __init__(self, mask, hidden=32):
        super().__init__()
        self.register_buffer("mask", mask)
        self.scale = nn.Sequential(nn.Linear(2, hidden), nn.LeakyReLU(), nn.Linear(hidden, 2),
                                   nn.Tanh())
        self.shift = nn.Sequential(nn.Linear(2, hidden), nn.LeakyReLU(), nn.Linear(hidden, 2))

    def forward(self, x):
        masked = x * self.mask
        s = self.scale(masked) * (1 - self.mask)
        t = self.shift(masked) * (1 - self.mask)
        y = masked + (1 - self.mask) * (x * torch.exp(s) + t)
        return y, s.sum(dim=1)

    def inverse(self, y):
        masked = y * self.mask
        s = self.scale(masked) * (1 - self.mask)
        t = self.shift(masked) * (1 - self.mask)
        return masked + (1 - self.mask) * ((y - t) * torch.exp(-s))


class RealNVP(nn.Module):
    def __init__(self, layers=4):
        super().__init__()
        masks = [torch.tensor([1.0, 0.0]) if i % 2 == 0 else torch.tensor([0.0, 1.0])
                 for i in range(layers)]
        self.couplings = nn.ModuleList(Coupling(m) for m in masks)
        self.base = MultivariateNormal(torch.zeros(2), torch.eye(2))

    def forward(self, x):
        log_det = torch.zeros(x.shape[0])
        for coupling in self.couplings:
            x, ld = coupling(x)
            log_det = log_det + ld
        return x, log_det

    def log_prob(self, x):
        z, log_det = self(x)
        return self.base.log_prob(z) + log_det

    def sample(self, n):
        z = self.base.sample((n,))
        for coupling in reversed(self.couplings):
            z = coupling.inverse(z)
        return z


def two_moons(n):
    t = torch.rand(n) * torch.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], 1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
    return torch.where((torch.arange(n) % 2 == 0)[:, None], upper, lower) + 0.05 * torch.randn(n, 2)


torch.manual_seed(2)
flow = RealNVP()
optimizer = torch.optim.Adam(flow.parameters(), lr=3e-3)
for step in range(20):
    x = two_moons(128)
    loss = -flow.log_prob(x).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 4 == 0:
        print(f"flow step {step:2d} nll {loss.item():.6f}")
with torch.no_grad():
    samples = flow.sample(4)
    z, log_det = flow(samples)
print(samples.shape, z.shape, log_det.shape)
print(flow.base, flow.base.covariance_matrix, flow.base.entropy())
skewed = MultivariateNormal(torch.tensor([1.0, -1.0]),
                            scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
print(skewed.log_prob(torch.zeros(3, 2)), skewed.variance, skewed.precision_matrix)
print(skewed.rsample((2,)).shape, flow.couplings[0].mask, list(flow.state_dict())[:3])
