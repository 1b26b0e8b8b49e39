import torch  # noqa: I001 (the harness requires torch first)

# Partial differential equations three ways, in float64: the 2-D heat equation stepped
# explicitly with a torch.roll Laplacian and checked against an F.conv2d stencil; the 1-D
# Poisson problem solved as a tridiagonal system with linalg.solve (and by a banded
# Thomas sweep); and a physics-informed network for u'' = -pi^2 sin(pi x) with second
# derivatives through nested autograd.grad, collocation points from a Sobol sequence, and the
# error measured with trapezoid / cumulative_trapezoid.
import math

import torch.nn.functional as F
from torch.quasirandom import SobolEngine

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)

n, alpha, dt = 24, 1.0, 0.2
u = torch.zeros(n, n)
u[8:16, 8:16] = 1.0
stencil = torch.tensor([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]).view(1, 1, 3, 3)
for step in range(30):
    lap_roll = (torch.roll(u, 1, 0) + torch.roll(u, -1, 0) + torch.roll(u, 1, 1)
                + torch.roll(u, -1, 1) - 4 * u)
    padded = F.pad(u.view(1, 1, n, n), (1, 1, 1, 1), mode="circular")
    lap_conv = F.conv2d(padded, stencil).view(n, n)
    if step == 0:
        print("roll vs conv2d Laplacian:", torch.allclose(lap_roll, lap_conv, atol=1e-14))
    u = u + alpha * dt * lap_roll
    if step % 10 == 9:
        print(f"heat step {step + 1}: mass {u.sum().item():.10f} max {u.max().item():.8f} "
              f"centre {u[11:13, 11:13].mean().item():.8f}")
print("symmetric in x and y:", torch.allclose(u, u.T), "min", round(u.min().item(), 10))

# -u'' = f on (0, 1), u(0) = u(1) = 0, with f = pi^2 sin(pi x): u = sin(pi x).
m = 49
h = 1.0 / (m + 1)
x = torch.linspace(h, 1 - h, m)
f = math.pi ** 2 * torch.sin(math.pi * x)
A = (torch.diag(torch.full((m,), 2.0)) - torch.diag(torch.ones(m - 1), 1)
     - torch.diag(torch.ones(m - 1), -1)) / h ** 2
u_dense = torch.linalg.solve(A, f)
print(f"dense solve max error {(u_dense - torch.sin(math.pi * x)).abs().max().item():.6e}")
lower, diag, upper = -torch.ones(m) / h ** 2, 2 * torch.ones(m) / h ** 2, -torch.ones(m) / h ** 2
c, d = torch.zeros(m), torch.zeros(m)
c[0], d[0] = upper[0] / diag[0], f[0] / diag[0]
for i in range(1, m):
    denom = diag[i] - lower[i] * c[i - 1]
    c[i] = upper[i] / denom
    d[i] = (f[i] - lower[i] * d[i - 1]) / denom
u_thomas = torch.zeros(m)
u_thomas[-1] = d[-1]
for i in range(m - 2, -1, -1):
    u_thomas[i] = d[i] - c[i] * u_thomas[i + 1]
print("Thomas sweep agrees:", torch.allclose(u_thomas, u_dense, rtol=1e-12))
evals = torch.linalg.eigvalsh(A * h ** 2)
print("stiffness eigenvalues", evals[:3].numpy().round(10),
      "cond", round(torch.linalg.cond(A).item(), 4))
print("LU-factored solve agrees:", torch.allclose(torch.linalg.lu_solve(*torch.linalg.lu_factor(A),
                                                  f.unsqueeze(-1)).squeeze(-1), u_dense))

# A physics-informed network.
net = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 16),
                          torch.nn.Tanh(), torch.nn.Linear(16, 1))
engine = SobolEngine(1, scramble=True, seed=4)
collocation = engine.draw(64).to(torch.float64)
print("collocation", collocation.dtype, collocation[:3].squeeze().numpy().round(6))
boundary = torch.tensor([[0.0], [1.0]])
optimizer = torch.optim.LBFGS(net.parameters(), lr=1.0, max_iter=15, history_size=10,
                              line_search_fn="strong_wolfe")


def pde_loss():
    xc = collocation.clone().requires_grad_()
    out = net(xc)
    (du,) = torch.autograd.grad(out.sum(), xc, create_graph=True)
    (d2u,) = torch.autograd.grad(du.sum(), xc, create_graph=True)
    residual = d2u + math.pi ** 2 * torch.sin(math.pi * xc)
    return residual.pow(2).mean() + 10 * net(boundary).pow(2).mean()


def closure():
    optimizer.zero_grad()
    loss = pde_loss()
    loss.backward()
    return loss


for outer in range(3):
    loss = optimizer.step(closure)
    print(f"lbfgs round {outer} loss {loss.item():.6e}")

grid = torch.linspace(0, 1, 101).unsqueeze(-1)
with torch.no_grad():
    pred = net(grid).squeeze()
exact = torch.sin(math.pi * grid.squeeze())
l2 = torch.trapezoid((pred - exact) ** 2, grid.squeeze()).sqrt()
print(f"L2 error {l2.item():.4e} max error {(pred - exact).abs().max().item():.4e}")
area = torch.cumulative_trapezoid(pred, grid.squeeze())
print(f"integral of u {area[-1].item():.5f} (exact {2 / math.pi:.5f}) half {area[49].item():.5f}")
