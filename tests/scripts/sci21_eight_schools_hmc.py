import torch  # noqa: I001 (the harness requires torch first)

# The eight schools model (Rubin 1981) three ways, as a probabilistic programmer fits it in
# float64: the non-centred hierarchical posterior written with torch.distributions, its
# unconstrained parameterisation through biject_to(constraints.positive), mean-field ADVI with
# reparameterised Normal guides and Adam, and Hamiltonian Monte Carlo with a leapfrog
# integrator at a fixed step size and a Metropolis correction; the effective sample size by
# FFT autocorrelations.
import torch.distributions as D
from torch.distributions import constraints, biject_to

torch.set_default_dtype(torch.float64)
torch.manual_seed(21)

y = torch.tensor([28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0])
sigma = torch.tensor([15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0])
J = y.numel()
to_tau = biject_to(constraints.positive)
print("bijection", to_tau, "domain", to_tau.domain, "codomain", to_tau.codomain)


def log_joint(z):
    """z = [mu, log tau, eta_1..eta_J] (unconstrained); the non-centred model."""
    mu, u, eta = z[..., 0], z[..., 1], z[..., 2:]
    tau = to_tau(u)
    theta = mu.unsqueeze(-1) + tau.unsqueeze(-1) * eta
    lp = D.Normal(0.0, 5.0).log_prob(mu)
    lp = lp + D.HalfCauchy(5.0).log_prob(tau) + to_tau.log_abs_det_jacobian(u, tau)
    lp = lp + D.Normal(0.0, 1.0).log_prob(eta).sum(-1)
    lp = lp + D.Independent(D.Normal(theta, sigma), 1).log_prob(y)
    return lp


z0 = torch.zeros(J + 2)
print("log joint at 0", f"{log_joint(z0).item():.10f}")
print("batched", [f"{v:.6f}" for v in log_joint(torch.stack([z0, z0 + 0.1])).tolist()])

# mean-field ADVI: q(z) = N(m, softplus(rho)^2), ELBO by reparameterised samples
m = torch.zeros(J + 2, requires_grad=True)
rho = torch.full((J + 2,), -1.0, requires_grad=True)
opt = torch.optim.Adam([m, rho], lr=0.05)
for step in range(101):
    q = D.Independent(D.Normal(m, torch.nn.functional.softplus(rho)), 1)
    z = q.rsample((16,))
    elbo = (log_joint(z) - q.log_prob(z)).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if step % 50 == 0:
        print(f"advi step {step:3d} elbo {elbo.item():.6f} |grad m| {m.grad.norm().item():.6f}")
q = D.Independent(D.Normal(m.detach(), torch.nn.functional.softplus(rho.detach())), 1)
print("advi mu", f"{m[0].item():.4f}", "tau median", f"{to_tau(m[1]).item():.4f}")
print("advi entropy", f"{q.entropy().item():.6f}", q)
theta_q = m[0] + to_tau(m[1]) * m[2:]
print("advi theta", " ".join(f"{v:.3f}" for v in theta_q.tolist()))


def grad_log_joint(z):
    z = z.detach().requires_grad_(True)
    lp = log_joint(z)
    (g,) = torch.autograd.grad(lp, z)
    return lp.detach(), g


def leapfrog(z, p, eps, steps):
    lp, g = grad_log_joint(z)
    p = p + 0.5 * eps * g
    for i in range(steps):
        z = z + eps * p
        lp, g = grad_log_joint(z)
        if i < steps - 1:
            p = p + eps * g
    p = p + 0.5 * eps * g
    return z, p, lp


# HMC with a fixed step size (a step-size adaptation feeds each rounding step back into the
# chain: the runs would agree only to a few digits after a hundred iterations)
z = m.detach().clone()
lp, _ = grad_log_joint(z)
eps, n_leap = 0.3, 6
draws, accepted = [], 0
n_warm, n_draw = 10, 50
for it in range(n_warm + n_draw):
    p0 = torch.randn(J + 2)
    z_new, p_new, lp_new = leapfrog(z, p0, eps, n_leap)
    log_ratio = (lp_new - 0.5 * p_new @ p_new) - (lp - 0.5 * p0 @ p0)
    accept_prob = torch.clamp(log_ratio.exp(), max=1.0).item()
    if torch.rand(()) < accept_prob:
        z, lp = z_new, lp_new
        accepted += it >= n_warm
    if it >= n_warm:
        draws.append(z)
    if it % 15 == 0 or it == n_warm + n_draw - 1:
        print(f"hmc it {it:3d} accept {accept_prob:.4f} lp {lp.item():.6f}")
draws = torch.stack(draws)
print("acceptance", accepted / n_draw)
tau_draws = to_tau(draws[:, 1])
theta = draws[:, :1] + tau_draws.unsqueeze(1) * draws[:, 2:]
print("posterior mu mean/sd", f"{draws[:, 0].mean().item():.4f}",
      f"{draws[:, 0].std().item():.4f}")
print("tau quantiles", torch.quantile(tau_draws, torch.tensor([0.1, 0.5, 0.9])))
print("theta means", theta.mean(0))


# effective sample size of mu by the initial positive sequence of autocorrelations
def ess(x):
    x = x - x.mean()
    n = x.numel()
    f = torch.fft.rfft(x, n=2 * n)
    acf = torch.fft.irfft(f * f.conj(), n=2 * n)[:n]
    acf = acf / acf[0]
    total = 1.0
    for k in range(1, n - 1, 2):
        pair = acf[k] + acf[k + 1]
        if pair < 0:
            break
        total = total + 2 * pair
    return float(n / total)


print("ess mu", f"{ess(draws[:, 0]):.4f}", "ess log tau", f"{ess(draws[:, 1]):.4f}")
