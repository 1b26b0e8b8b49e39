import torch

import math

# Monte Carlo inference the way the probabilistic-programming tutorials write it in plain torch:
# a bootstrap particle filter (multinomial and systematic resampling) for a stochastic-
# volatility model, self-normalised importance sampling with its effective sample size,
# annealed importance sampling for a marginal likelihood, and the Laplace approximation of a
# Bayesian logistic regression (torch.func.hessian) refined by natural-gradient steps.
torch.manual_seed(0)
torch.set_printoptions(precision=5)
dtype = torch.float64

# --- 1. a stochastic-volatility series and its bootstrap particle filter -----------------------
T, P = 40, 300
phi, sigma, beta = 0.9, 0.4, 0.7
h = torch.zeros(T, dtype=dtype)
h[0] = torch.randn((), dtype=dtype) * sigma / math.sqrt(1 - phi ** 2)
for t in range(1, T):
    h[t] = phi * h[t - 1] + sigma * torch.randn((), dtype=dtype)
y = beta * torch.exp(h / 2) * torch.randn(T, dtype=dtype)
print("observations: mean %.5f, std %.5f" % (y.mean().item(), y.std().item()))

def systematic(weights, u):
    positions = (torch.arange(len(weights), dtype=dtype) + u) / len(weights)
    idx = torch.searchsorted(torch.cumsum(weights, 0), positions)
    return idx.clamp(max=len(weights) - 1)

def particle_filter(phi, resample, gen):
    x = torch.randn(P, dtype=dtype, generator=gen) * sigma / math.sqrt(1 - phi ** 2)
    loglik = torch.zeros((), dtype=dtype)
    means, ess_min = [], P
    for t in range(T):
        if t > 0:
            x = phi * x + sigma * torch.randn(P, dtype=dtype, generator=gen)
        logw = torch.distributions.Normal(0.0, beta * torch.exp(x / 2)).log_prob(y[t])
        loglik = loglik + torch.logsumexp(logw, 0) - math.log(P)
        w = torch.softmax(logw, 0)
        means.append((w * x).sum())
        ess_min = min(ess_min, (1 / (w ** 2).sum()).item())
        if resample == "multinomial":
            idx = torch.multinomial(w, P, replacement=True, generator=gen)
        else:
            idx = systematic(w, torch.rand((), dtype=dtype, generator=gen))
        x = x[idx]
    return loglik, torch.stack(means), ess_min

for scheme in ("multinomial", "systematic"):
    gen = torch.Generator().manual_seed(7)
    ll, filt, ess = particle_filter(phi, scheme, gen)
    rmse = (filt - h).pow(2).mean().sqrt()
    print("%-11s log-likelihood %.5f | filter RMSE %.5f | min ESS %.2f"
          % (scheme, ll.item(), rmse.item(), ess))
# the likelihood over a grid of phi (common random numbers: the same generator seed)
grid = torch.tensor([0.6, 0.9, 0.97], dtype=dtype)
lls = torch.stack([particle_filter(p.item(), "systematic",
                                   torch.Generator().manual_seed(11))[0] for p in grid])
print("log-likelihood over phi:", lls)
print("best phi on the grid:", grid[lls.argmax()].item())

# --- 2. self-normalised importance sampling of a banana-shaped posterior --------------------
def log_target(z):
    return -0.5 * (z[:, 0] ** 2 / 4 + (z[:, 1] + 0.5 * z[:, 0] ** 2 - 2) ** 2)
proposal = torch.distributions.MultivariateNormal(torch.tensor([0.0, 1.0], dtype=dtype),
                                                  torch.diag(torch.tensor([4.0, 4.0], dtype=dtype)))
z = proposal.sample((4000,))
logw = log_target(z) - proposal.log_prob(z)
w = torch.softmax(logw, 0)
print("IS mean:", (w[:, None] * z).sum(0))
print("IS effective sample size: %.2f" % (1 / (w ** 2).sum()).item())
log_evidence = torch.logsumexp(logw, 0) - math.log(4000)
print("log normalising constant: %.5f (exact %.5f)" % (log_evidence.item(), math.log(4 * math.pi)))
# Pareto-smoothing diagnostic: the largest weights' tail shape by the Hill estimator
top = torch.topk(logw, 100).values
k_hat = (top[:-1] - top[-1]).mean()
print("Hill tail index: %.4f" % k_hat.item())

# --- 3. annealed importance sampling with Metropolis moves ---------------------------------
def log_prior(z):
    return torch.distributions.Normal(0.0, 3.0).log_prob(z).sum(-1)
def log_lik(z):
    return torch.distributions.Normal(z.sum(-1), 0.5).log_prob(torch.tensor(1.2, dtype=dtype))
betas = torch.linspace(0, 1, 30, dtype=dtype) ** 3
n_chains = 500
zc = torch.randn(n_chains, 2, dtype=dtype) * 3.0
log_weights = torch.zeros(n_chains, dtype=dtype)
accepted = 0
for b0, b1 in zip(betas[:-1], betas[1:]):
    log_weights += (b1 - b0) * log_lik(zc)
    for _ in range(2):
        prop = zc + 0.5 * torch.randn_like(zc)
        log_ratio = (log_prior(prop) + b1 * log_lik(prop)) - (log_prior(zc) + b1 * log_lik(zc))
        accept = torch.rand(n_chains, dtype=dtype).log() < log_ratio
        zc = torch.where(accept[:, None], prop, zc)
        accepted += int(accept.sum())
log_Z = torch.logsumexp(log_weights, 0) - math.log(n_chains)
# exact: z1 + z2 ~ N(0, 18), so y ~ N(0, 18.25)
exact = torch.distributions.Normal(0.0, math.sqrt(18.25)).log_prob(torch.tensor(1.2)).item()
print("AIS log Z: %.5f (exact %.5f), acceptance %.4f"
      % (log_Z.item(), exact, accepted / (n_chains * 2 * (len(betas) - 1))))

# --- 4. Laplace approximation of a Bayesian logistic regression -----------------------------
n, d = 120, 3
Xd = torch.cat([torch.ones(n, 1, dtype=dtype), torch.randn(n, d - 1, dtype=dtype)], 1)
w_true = torch.tensor([-0.5, 1.5, -1.0], dtype=dtype)
labels = torch.bernoulli(torch.sigmoid(Xd @ w_true))
print("labels: %d ones of %d" % (int(labels.sum()), n))

def neg_log_post(w):
    logits = Xd @ w
    nll = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction="sum")
    return nll + 0.5 * (w ** 2).sum() / 10.0

w = torch.zeros(d, dtype=dtype)
for it in range(8):  # Newton's method with torch.func
    g = torch.func.grad(neg_log_post)(w)
    H = torch.func.hessian(neg_log_post)(w)
    w = w - torch.linalg.solve(H, g)
print("MAP weights:", w)
print("gradient at MAP ~ 0:", torch.func.grad(neg_log_post)(w).abs().max().item() < 1e-10)
H = torch.func.hessian(neg_log_post)(w)
cov = torch.linalg.inv(H)
print("posterior std devs:", cov.diagonal().sqrt())
laplace = torch.distributions.MultivariateNormal(w, precision_matrix=H)
print("Laplace log evidence: %.5f" % (-neg_log_post(w) + 0.5 * d * math.log(2 * math.pi)
                                      - 0.5 * torch.logdet(H) - 0.5 * d * math.log(10.0)
                                      - 0.5 * d * math.log(2 * math.pi)).item())
print("analytic Hessian X^T S X + I/10 agrees:",
      torch.allclose(H, Xd.T @ (Xd * (torch.sigmoid(Xd @ w) * (1 - torch.sigmoid(Xd @ w)))[:, None])
                     + torch.eye(d, dtype=dtype) / 10.0))
draws = laplace.sample((2000,))
pred = torch.sigmoid(torch.tensor([1.0, 0.5, -0.5], dtype=dtype) @ draws.T).mean()
print("posterior predictive at x*: %.5f" % pred.item())

# natural-gradient descent from the prior mean: Fisher = expected Hessian of the likelihood
w_ng = torch.zeros(d, dtype=dtype, requires_grad=True)
for step in range(6):
    loss = neg_log_post(w_ng)
    (grad,) = torch.autograd.grad(loss, w_ng)
    p = torch.sigmoid(Xd @ w_ng.detach())
    fisher = Xd.T @ (Xd * (p * (1 - p))[:, None]) + torch.eye(d, dtype=dtype) / 10.0
    with torch.no_grad():
        w_ng -= torch.linalg.solve(fisher, grad)
    print("natural gradient step %d: loss %.8f" % (step, loss.item()))
print("natural gradient reaches the MAP:", torch.allclose(w_ng.detach(), w, atol=1e-8))
