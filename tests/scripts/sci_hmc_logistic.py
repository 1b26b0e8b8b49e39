import torch

# Hamiltonian Monte Carlo for a Bayesian logistic regression in float64: the log-posterior from
# torch.distributions (an Independent Normal prior, a Bernoulli likelihood with logits), its
# gradient through torch.autograd.grad, leapfrog trajectories, a Metropolis accept with
# torch.rand and log1p/logsumexp, and the effective sample size of each coefficient from the
# FFT autocorrelation of the chain.
from torch.distributions import Bernoulli, Independent, Normal

torch.manual_seed(5)
torch.set_default_dtype(torch.float64)
N, D = 80, 3
X = torch.cat([torch.ones(N, 1), torch.randn(N, D - 1)], dim=1)
true_w = torch.tensor([-0.5, 1.5, -2.0])
y = torch.bernoulli(torch.sigmoid(X @ true_w))
print("data", tuple(X.shape), "positives", int(y.sum().item()))

prior = Independent(Normal(torch.zeros(D), 2.0 * torch.ones(D)), 1)
print("prior", prior.batch_shape, prior.event_shape)


def log_posterior(w):
    return prior.log_prob(w) + Bernoulli(logits=X @ w).log_prob(y).sum()


def potential_and_grad(w):
    w = w.detach().requires_grad_()
    u = -log_posterior(w)
    (g,) = torch.autograd.grad(u, w)
    return u.detach(), g


w0 = torch.zeros(D)
u0, g0 = potential_and_grad(w0)
print(f"U(0) {u0.item():.6f} = N log 2 + prior {(N * torch.log(torch.tensor(2.0))).item():.6f}")
print("grad U(0)", g0.numpy().round(6))

# The gradient of the Bernoulli likelihood by hand: X^T (sigmoid(Xw) - y) plus the prior's w/4.
w_test = torch.tensor([0.3, -0.2, 0.7])
_, g_auto = potential_and_grad(w_test)
g_hand = X.T @ (torch.sigmoid(X @ w_test) - y) + w_test / 4.0
print("autograd matches hand gradient:", torch.allclose(g_auto, g_hand))


def leapfrog(w, p, step, n_steps):
    u, g = potential_and_grad(w)
    p = p - 0.5 * step * g
    for i in range(n_steps):
        w = w + step * p
        u, g = potential_and_grad(w)
        if i < n_steps - 1:
            p = p - step * g
    p = p - 0.5 * step * g
    return w, p, u


step, n_steps, n_samples = 0.1, 8, 120
w, (u, _) = w0.clone(), potential_and_grad(w0)
samples, accepted, log_alphas = [], 0, []
for it in range(n_samples):
    p = torch.randn(D)
    w_new, p_new, u_new = leapfrog(w, p, step, n_steps)
    h_old = u + 0.5 * p.dot(p)
    h_new = u_new + 0.5 * p_new.dot(p_new)
    log_alpha = torch.clamp(h_old - h_new, max=0.0)
    log_alphas.append(log_alpha)
    if torch.log(torch.rand(())) < log_alpha:
        w, u = w_new, u_new
        accepted += 1
    samples.append(w)
    if it % 25 == 0:
        print(f"iter {it:3d} U {u.item():.6f} dH {(h_new - h_old).item():+.3e}",
              f"w {w.numpy().round(4)}")

chain = torch.stack(samples[20:])
print("acceptance", accepted / n_samples)
mean_alpha = torch.logsumexp(torch.stack(log_alphas), 0) - torch.log(torch.tensor(n_samples * 1.0))
print(f"mean accept prob {mean_alpha.exp().item():.6f} log1p(-mean) "
      f"{torch.log1p(-mean_alpha.exp()).item():.6f}")
print("posterior mean", chain.mean(0).numpy().round(5))
print("posterior std", chain.std(0).numpy().round(5))
print("quantiles", torch.quantile(chain, torch.tensor([0.05, 0.5, 0.95]), dim=0).numpy().round(5))


def autocorrelation(x):
    n = x.shape[0]
    x = x - x.mean(0)
    spectrum = torch.fft.rfft(x, n=2 * n, dim=0)
    acov = torch.fft.irfft(spectrum * spectrum.conj(), n=2 * n, dim=0)[:n]
    return acov / acov[0]


rho = autocorrelation(chain)
print("autocorr lag 1..3", rho[1:4].numpy().round(5))
# Geyer's initial positive sequence: sum pairs rho(2k) + rho(2k+1) while they stay positive.
pairs = rho[: rho.shape[0] // 2 * 2].reshape(-1, 2, D).sum(1)
ess = []
for d in range(D):
    negative = (pairs[:, d] <= 0).nonzero()
    cut = int(negative[0, 0].item()) if len(negative) else pairs.shape[0]
    tau = -1 + 2 * pairs[:cut, d].sum()
    ess.append(chain.shape[0] / tau.item())
print("ESS", [round(e, 3) for e in ess])
print("posterior predictive accuracy",
      ((torch.sigmoid(X @ chain.T).mean(1) > 0.5).double() == y).double().mean().item())
