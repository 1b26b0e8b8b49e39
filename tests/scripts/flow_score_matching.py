import torch  # noqa: I001 (the harness requires torch first)

# Two density models on a 2-D "two moons"-like set, both needing derivatives of a network with
# respect to its input. (1) A small continuous-depth normalizing flow whose change of variables
# uses the exact log-determinant of the Jacobian from torch.autograd.functional.jacobian
# (create_graph=True, so the log-likelihood trains). (2) Score matching (Hyvarinen, 2005) of an
# energy model, whose objective needs the trace of the energy's Hessian in x, from
# torch.autograd.functional.hessian and, per sample, from torch.func (vmap over jacfwd(grad)).
import math

from torch import nn
from torch.autograd.functional import hessian, jacobian, jvp, vjp

torch.manual_seed(8)
torch.set_default_dtype(torch.float64)
angles = torch.rand(64) * math.pi
upper = torch.stack([torch.cos(angles), torch.sin(angles)], 1)
lower = torch.stack([1 - torch.cos(angles), 0.5 - torch.sin(angles)], 1)
data = torch.cat([upper, lower]) + 0.05 * torch.randn(128, 2)
data = (data - data.mean(0)) / data.std(0)


class Flow(nn.Module):
    """x -> z by a few residual steps z = x + h * tanh(W2 tanh(W1 x + b1) + b2)."""

    def __init__(self, steps=3, width=16):
        super().__init__()
        self.steps = nn.ModuleList(nn.Sequential(nn.Linear(2, width), nn.Tanh(),
                                                 nn.Linear(width, 2), nn.Tanh())
                                   for _ in range(steps))

    def forward(self, x):
        for f in self.steps:
            x = x + 0.3 * f(x)
        return x


flow = Flow()
base = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))


def log_likelihood(x):
    """log p(x) = log N(f(x)) + log|det df/dx|, one exact 2x2 Jacobian per sample."""
    z = flow(x)
    log_dets = torch.stack([
        torch.linalg.slogdet(jacobian(flow, point, create_graph=True))[1] for point in x])
    return base.log_prob(z) + log_dets


optimizer = torch.optim.Adam(flow.parameters(), lr=2e-2)
for step in range(12):
    batch = data[torch.randperm(128)[:32]]
    loss = -log_likelihood(batch).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(f"flow step {step:2d} nll {loss.item():.6f}")
with torch.no_grad():
    print("mean log-likelihood", round(log_likelihood(data[:16]).mean().item(), 8))
point = data[0]
print("jacobian", jacobian(flow, point))
value, jv = jvp(flow, point, torch.tensor([1.0, 0.0]))
value, vj = vjp(flow, point, torch.tensor([1.0, 0.0]))
print("jvp column", jv, "vjp row", vj)


class Energy(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.Softplus(), nn.Linear(32, 32),
                                 nn.Softplus(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


energy = Energy()


def score_matching_loss(x):
    """E[ 1/2 |grad_x E|^2 - tr(Hess_x E) ] for the density exp(-E) (up to a constant)."""
    x = x.requires_grad_(True)
    e = energy(x).sum()
    (score,) = torch.autograd.grad(e, x, create_graph=True)
    trace = 0
    for d in range(2):
        (second,) = torch.autograd.grad(score[:, d].sum(), x, create_graph=True)
        trace = trace + second[:, d]
    return (0.5 * (score ** 2).sum(1) - trace).mean()


optimizer = torch.optim.Adam(energy.parameters(), lr=1e-2)
for step in range(15):
    loss = score_matching_loss(data[torch.randperm(128)[:32]].clone())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 5 == 0 or step == 14:
        print(f"score matching step {step:2d} loss {loss.item():.6f}")

x0 = data[3]
h = hessian(lambda x: energy(x), x0)
print("hessian", h, "symmetric:", torch.allclose(h, h.T))
per_sample = torch.func.vmap(torch.func.jacfwd(torch.func.grad(lambda x: energy(x))))(data[:4])
print("vmap hessians match:", torch.allclose(per_sample[3], h))
print("traces", per_sample.diagonal(dim1=1, dim2=2).sum(-1).detach())
torch.set_default_dtype(torch.float32)
