import torch

# Two programs built on autograd.grad(create_graph=True): a WGAN critic with gradient penalty
# on interpolates (norm(2, dim=1)), and a physics-informed network fitting u'' = -pi^2 sin(pi x)
# from its second derivative, trained through both derivatives.
import math

import torch.nn as nn
from torch import autograd

torch.manual_seed(0)

# --- WGAN-GP on 2-D points -------------------------------------------------------------------
generator = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))
critic = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 32),
                       nn.LeakyReLU(0.2), nn.Linear(32, 1))
opt_g = torch.optim.Adam(generator.parameters(), lr=1e-3, betas=(0.5, 0.9))
opt_c = torch.optim.Adam(critic.parameters(), lr=1e-3, betas=(0.5, 0.9))


def real_batch(n):
    angle = torch.rand(n) * 2 * math.pi
    return torch.stack([angle.cos(), angle.sin()], dim=1) * 2 + 0.05 * torch.randn(n, 2)


def gradient_penalty(critic, real, fake):
    alpha = torch.rand(real.size(0), 1).expand_as(real)
    interpolates = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    scores = critic(interpolates)
    gradients = autograd.grad(outputs=scores, inputs=interpolates,
                              grad_outputs=torch.ones_like(scores), create_graph=True,
                              retain_graph=True, only_inputs=True)[0]
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean()


for iteration in range(6):
    for _ in range(3):
        real = real_batch(32)
        fake = generator(torch.randn(32, 2)).detach()
        penalty = gradient_penalty(critic, real, fake)
        critic_loss = critic(fake).mean() - critic(real).mean() + 10 * penalty
        opt_c.zero_grad()
        critic_loss.backward()
        opt_c.step()
    for p in critic.parameters():
        p.requires_grad_(False)
    generator_loss = -critic(generator(torch.randn(32, 2))).mean()
    opt_g.zero_grad()
    generator_loss.backward()
    opt_g.step()
    for p in critic.parameters():
        p.requires_grad_(True)
    print(f"iter {iteration} critic {critic_loss.item():.6f} penalty {penalty.item():.6f}"
          f" generator {generator_loss.item():.6f}")
print(critic[0].weight.grad is not None, generator[0].weight.grad.abs().sum() > 0)

# --- physics-informed network for u'' + pi^2 sin(pi x) = 0, u(0) = u(1) = 0 -----------------
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(1, 20), nn.Tanh(), nn.Linear(20, 20), nn.Tanh(), nn.Linear(20, 1))
net = net.double()
optimizer = torch.optim.Adam(net.parameters(), lr=5e-3)
x_interior = torch.linspace(0, 1, 25, dtype=torch.float64).unsqueeze(1)[1:-1]
x_boundary = torch.tensor([[0.0], [1.0]], dtype=torch.float64)


def pde_residual(x):
    x = x.clone().requires_grad_(True)
    u = net(x)
    du = torch.autograd.grad(u, x, torch.ones_like(u), create_graph=True)[0]
    d2u = torch.autograd.grad(du.sum(), x, create_graph=True)[0]
    return d2u + math.pi ** 2 * torch.sin(math.pi * x)


for step in range(30):
    optimizer.zero_grad()
    residual = pde_residual(x_interior)
    loss = residual.pow(2).mean() + 10 * net(x_boundary).pow(2).mean()
    loss.backward()
    optimizer.step()
    if step % 6 == 0:
        print(f"pinn step {step:2d} loss {loss.item():.8f}")

x_test = torch.tensor([[0.25], [0.5]], dtype=torch.float64)
print(net(x_test).detach(), torch.sin(math.pi * x_test))
residual = pde_residual(x_test)
print(residual.dtype, residual.grad_fn.name(), residual.shape)
hess = torch.autograd.functional.hessian(lambda v: net(v.unsqueeze(0)).squeeze(),
                                         torch.tensor([0.5], dtype=torch.float64))
print(hess.shape, hess.dtype)
