import torch
from torch.func import (
    functional_call,
    grad,
    grad_and_value,
    hessian,
    jacfwd,
    jacrev,
    jvp,
    vjp,
    vmap,
)

# Scientific fitting with torch.func: Levenberg-Marquardt on an exponential decay with
# forward-mode Jacobians, Gauss-Newton on enzyme kinetics with reverse-mode Jacobians, a
# Laplace approximation of the parameter covariance from the Hessian, a vmap-batched RK4
# parameter sweep of a damped oscillator with batched sensitivities, and per-sample
# gradients of a small regression model.
torch.manual_seed(0)
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64

print("== Levenberg-Marquardt (jacfwd) ==")
t = torch.linspace(0, 4, 30, dtype=dt)
true = torch.tensor([2.0, -0.7, 0.5], dtype=dt)


def decay(p, t):
    return p[0] * torch.exp(p[1] * t) + p[2]


y = decay(true, t) + 0.01 * torch.randn(30, dtype=dt)
p = torch.tensor([1.0, -0.2, 0.0], dtype=dt)
lam = 1e-2
for it in range(10):
    r = decay(p, t) - y
    J = jacfwd(decay)(p, t)
    A = J.T @ J
    step = torch.linalg.solve(A + lam * torch.diag(torch.diagonal(A)), -J.T @ r)
    trial = p + step
    if (decay(trial, t) - y).pow(2).sum() < r.pow(2).sum():
        p, lam = trial, lam * 0.3
    else:
        lam *= 10
    print(it, f"{r.pow(2).sum().item():.8e}", p)
print(torch.allclose(jacrev(decay)(p, t), jacfwd(decay)(p, t)))

print("== Laplace approximation ==")
sigma2 = (decay(p, t) - y).pow(2).sum() / (30 - 3)
H = hessian(lambda q: 0.5 * (decay(q, t) - y).pow(2).sum() / sigma2)(p)
cov = torch.linalg.inv(H)
# seven significant digits: the fitted p carries round-off of the BLAS/LAPACK in use, which
# moves H's entries (up to 2e5) in their twelfth digit
print([[f"{v:.7g}" for v in row] for row in H.tolist()])
print("std errors", cov.diagonal().sqrt())
J = jacfwd(decay)(p, t)
print("Gauss-Newton vs Hessian", torch.allclose(H, J.T @ J / sigma2, rtol=0.05))

print("== Gauss-Newton on Michaelis-Menten (jacrev) ==")
S = torch.tensor([0.02, 0.06, 0.11, 0.22, 0.56, 1.10], dtype=dt)
rate = torch.tensor([76.0, 97.0, 123.0, 159.0, 191.0, 207.0], dtype=dt)


def mm(theta, s):
    return theta[0] * s / (theta[1] + s)


theta = torch.tensor([200.0, 0.1], dtype=dt)
for it in range(8):
    res = rate - mm(theta, S)
    Jr = jacrev(mm)(theta, S)
    theta = theta + torch.linalg.lstsq(Jr, res.unsqueeze(-1)).solution.squeeze(-1)
    print(it, round(res.pow(2).sum().item(), 6), theta)
g, loss_val = grad_and_value(lambda th: (rate - mm(th, S)).pow(2).sum())(theta)
print(round(loss_val.item(), 6), g.abs().max().item() < 1e-4)

print("== vmap-batched RK4 sweep ==")


def rhs(state, k, c):
    return torch.stack([state[1], -k * state[0] - c * state[1]])


def integrate(k, c):
    s = torch.tensor([1.0, 0.0], dtype=dt)
    h = 0.25
    for _ in range(8):
        k1 = rhs(s, k, c)
        k2 = rhs(s + h / 2 * k1, k, c)
        k3 = rhs(s + h / 2 * k2, k, c)
        k4 = rhs(s + h * k3, k, c)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return s


ks = torch.linspace(1, 4, 5, dtype=dt)
cs = torch.linspace(0.1, 0.5, 5, dtype=dt)
final = vmap(integrate)(ks, cs)
print(final)
print(torch.allclose(final[2], integrate(ks[2], cs[2])))
grid = vmap(vmap(integrate, in_dims=(None, 0)), in_dims=(0, None))(ks[:2], cs[:3])
print(grid.shape, grid[1, 2])
print(vmap(integrate, in_dims=(0, None), out_dims=1)(ks[:3], cs[0]).shape)
dk = vmap(grad(lambda k, c: integrate(k, c)[0]))(ks, cs)
print("dx/dk", dk)
jk, jc = vmap(jacfwd(integrate, argnums=(0, 1)))(ks, cs)
print(torch.allclose(jk[:, 0], dk), jc)
_, tangent = jvp(
    lambda k: integrate(k, torch.tensor(0.2, dtype=dt)), (ks[1],), (torch.tensor(1.0, dtype=dt),)
)
print("jvp", tangent)
out, pullback = vjp(integrate, ks[0], cs[0])
print("vjp", pullback(torch.tensor([1.0, 0.0], dtype=dt)))

print("== per-sample gradients ==")
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)).double()
params = {k: v.detach() for k, v in model.named_parameters()}
xb = torch.randn(6, 3, dtype=dt)
yb = torch.randn(6, 1, dtype=dt)


def sample_loss(prm, xi, yi):
    pred = functional_call(model, prm, (xi.unsqueeze(0),))
    return (pred - yi.unsqueeze(0)).pow(2).mean()


per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))(params, xb, yb)
print({k: tuple(v.shape) for k, v in per_sample.items()})
print(per_sample["2.bias"].flatten())
full = torch.autograd.grad(torch.nn.functional.mse_loss(model(xb), yb), list(model.parameters()))
print(all(torch.allclose(per_sample[k].mean(0), g) for k, g in zip(params, full)))
norms = torch.stack([v.flatten(1).norm(dim=1) for v in per_sample.values()]).norm(dim=0)
print("per-sample grad norms", norms)
print(vmap(jacrev(lambda x: model(x).squeeze(-1)))(xb).shape)

print("== vmap Monte Carlo and likelihoods ==")
torch.manual_seed(1)
thetas = torch.linspace(-1, 1, 5, dtype=dt)


def mc_moment(theta):
    noise = torch.randn(64, dtype=dt)
    return (theta + 0.5 * noise).pow(2).mean()


est = vmap(mc_moment, randomness="different")(thetas)
print(est, (est - (thetas**2 + 0.25)).abs().max().item() < 0.5)
same = vmap(mc_moment, randomness="same")(thetas)
print(same - thetas**2)
jitter = vmap(lambda t: t * torch.rand(()) + torch.randn_like(t), randomness="different")(
    torch.ones(4, 3, dtype=dt)
)
print(jitter)
obs = torch.tensor([0.3, -0.2, 1.1, 0.8, 0.1], dtype=dt)


def loglik(params):
    return torch.distributions.Normal(params[0], params[1].exp()).log_prob(obs).sum()


grid = torch.stack(
    torch.meshgrid(
        torch.linspace(-0.5, 1.0, 3, dtype=dt),
        torch.linspace(-1.0, 0.5, 2, dtype=dt),
        indexing="ij",
    ),
    -1,
).reshape(-1, 2)
print(vmap(loglik)(grid))
print(vmap(grad(loglik))(grid))
print(torch.rand(2, dtype=dt))
