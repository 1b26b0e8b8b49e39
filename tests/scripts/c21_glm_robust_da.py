import torch

# Generalised linear models and robust fits as statisticians write them: logistic regression by
# Newton-IRLS with the Hessian from torch.autograd.functional.hessian and from torch.func, the
# standard errors from its inverse, Poisson regression against PoissonNLLLoss(log_input,
# full=True), heteroscedastic regression with GaussianNLLLoss, quantile regression on the
# pinball loss, Huber regression by IRLS with a MAD scale, Theil-Sen slopes from combinations,
# RANSAC with a Generator, and linear / quadratic discriminant analysis with cov(aweights=...),
# slogdet and solve_triangular.
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd.functional import hessian, jacobian

torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
n = 80
X = torch.cat([torch.ones(n, 1, dtype=dt), torch.randn(n, 2, dtype=dt)], 1)
beta_true = torch.tensor([-0.5, 1.2, -0.8], dtype=dt)
y = torch.bernoulli(torch.sigmoid(X @ beta_true))
print("positives", int(y.sum()))


def nll(beta):
    return F.binary_cross_entropy_with_logits(X @ beta, y, reduction="sum")


beta = torch.zeros(3, dtype=dt)
for it in range(8):
    g = jacobian(nll, beta)
    H = hessian(nll, beta)
    step = torch.linalg.solve(H, g)
    beta = beta - step
    size = f"{step.norm().item():.3e}" if step.norm() > 1e-12 else "below 1e-12"
    print(f"newton {it} nll {nll(beta).item():.10f} |step| {size}")
    if step.norm() < 1e-10:
        break
p = torch.sigmoid(X @ beta)
H_closed = X.T @ (X * (p * (1 - p))[:, None])
print("hessian matches closed form", torch.allclose(hessian(nll, beta), H_closed))
H_func = torch.func.hessian(nll)(beta)
print("torch.func.hessian agrees", torch.allclose(H_func, H_closed),
      "jacrev", torch.func.jacrev(nll)(beta).abs().max() < 1e-8)
se = torch.linalg.inv(H_closed).diagonal().sqrt()
z = beta / se
pvals = 2 * torch.special.ndtr(-z.abs())
print("beta", beta, "se", se)
print("z", z, "p-values", pvals)
print("95% ci", torch.stack([beta - 1.959964 * se, beta + 1.959964 * se], 1))

# Poisson regression by IRLS and the loss module
counts = torch.poisson(torch.exp(X @ torch.tensor([0.3, 0.5, -0.2], dtype=dt)))
b = torch.zeros(3, dtype=dt)
for it in range(25):
    mu = torch.exp(X @ b)
    W = mu
    zadj = X @ b + (counts - mu) / mu
    b_new = torch.linalg.solve(X.T @ (W[:, None] * X), X.T @ (W * zadj))
    if (b_new - b).abs().max() < 1e-12:
        b = b_new
        break
    b = b_new
print("poisson irls iterations", it, "beta", b)
loss_fn = nn.PoissonNLLLoss(log_input=True, full=True, reduction="sum")
deviance = 2 * (torch.xlogy(counts, counts / torch.exp(X @ b)) - (counts - torch.exp(X @ b))).sum()
print(loss_fn, "nll", f"{loss_fn(X @ b, counts).item():.8f}", "deviance", f"{deviance.item():.8f}")
print("poisson_nll_loss no-log", F.poisson_nll_loss(torch.exp(X @ b), counts, log_input=False,
                                                   eps=1e-8).item() > 0)

# heteroscedastic regression: mean and variance heads
torch.manual_seed(1)
xs = torch.linspace(-2, 2, 64, dtype=dt).unsqueeze(1)
ys = 0.5 * xs + (0.1 + 0.4 * xs.abs()) * torch.randn(64, 1, dtype=dt)
mean_head, var_head = nn.Linear(1, 1).double(), nn.Linear(1, 1).double()
gnll = nn.GaussianNLLLoss(full=True, eps=1e-6)
opt = torch.optim.Adam([*mean_head.parameters(), *var_head.parameters()], lr=0.05)
for step in range(150):
    var = F.softplus(var_head(xs.abs()))
    loss = gnll(mean_head(xs), ys, var)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print(f"gaussian nll step {step} {loss.item():.6f}")
print(gnll, "slope", f"{mean_head.weight.item():.4f}",
      "var at 0 / 2", F.softplus(var_head(torch.tensor([[0.0], [2.0]], dtype=dt))).squeeze(1))

# quantile regression
for tau in (0.1, 0.5, 0.9):
    w = torch.zeros(2, dtype=dt, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.05)
    for step in range(300):
        r = ys.squeeze(1) - (w[0] + w[1] * xs.squeeze(1))
        loss = torch.maximum(tau * r, (tau - 1) * r).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    below = (r < 0).double().mean().item()
    print(f"tau {tau} intercept {w[0].item():.4f} slope {w[1].item():.4f} share above "
          f"{1 - below:.4f}")

# Huber regression by IRLS, with a few gross outliers
Xr = torch.stack([torch.ones(40, dtype=dt), torch.linspace(0, 10, 40, dtype=dt)], 1)
yr = Xr @ torch.tensor([1.0, 2.0], dtype=dt) + 0.5 * torch.randn(40, dtype=dt)
yr[[3, 17, 31]] += torch.tensor([25.0, -30.0, 40.0], dtype=dt)
ols = torch.linalg.lstsq(Xr, yr).solution
bh = ols.clone()
for it in range(50):
    res = yr - Xr @ bh
    scale = (res - res.median()).abs().median() / 0.6745
    u = res / (1.345 * scale)
    wts = torch.where(u.abs() <= 1, torch.ones_like(u), 1 / u.abs())
    bh_new = torch.linalg.solve(Xr.T @ (wts[:, None] * Xr), Xr.T @ (wts * yr))
    if torch.allclose(bh_new, bh, atol=1e-12, rtol=0):
        break
    bh = bh_new
print("ols", ols, "huber", bh, "iterations", it)
print("downweighted points", torch.nonzero(wts < 0.5).flatten().tolist())
print("huber_loss module", nn.HuberLoss(delta=1.345)(Xr @ bh, yr).item() < nn.HuberLoss(
    delta=1.345)(Xr @ ols, yr).item())

# Theil-Sen and RANSAC
pairs = torch.combinations(torch.arange(40), r=2)
dx = Xr[pairs[:, 1], 1] - Xr[pairs[:, 0], 1]
slopes = (yr[pairs[:, 1]] - yr[pairs[:, 0]]) / dx
ts_slope = slopes.median()
ts_icpt = (yr - ts_slope * Xr[:, 1]).median()
print("pairs", pairs.shape, "theil-sen", f"{ts_slope.item():.5f}", f"{ts_icpt.item():.5f}")
gen = torch.Generator().manual_seed(123)
best_inliers, best = -1, None
for trial in range(30):
    idx = torch.randperm(40, generator=gen)[:2]
    coef = torch.linalg.solve(Xr[idx], yr[idx])
    inliers = ((yr - Xr @ coef).abs() < 1.5).sum().item()
    if inliers > best_inliers:
        best_inliers, best = inliers, coef
mask = (yr - Xr @ best).abs() < 1.5
refit = torch.linalg.lstsq(Xr[mask], yr[mask]).solution
print("ransac inliers", best_inliers, "refit", refit)

# discriminant analysis
g = torch.Generator().manual_seed(7)
m0 = torch.tensor([0.0, 0.0], dtype=dt)
m1 = torch.tensor([2.0, 1.0], dtype=dt)
A0 = torch.tensor([[1.0, 0.0], [0.6, 0.8]], dtype=dt)
A1 = torch.tensor([[0.5, 0.0], [-0.3, 1.2]], dtype=dt)
Xd = torch.cat([torch.randn(50, 2, generator=g, dtype=dt) @ A0.T + m0,
                torch.randn(30, 2, generator=g, dtype=dt) @ A1.T + m1])
yd = torch.cat([torch.zeros(50, dtype=torch.long), torch.ones(30, dtype=torch.long)])
priors = torch.bincount(yd).to(dt) / len(yd)
means = torch.stack([Xd[yd == c].mean(0) for c in range(2)])
covs = torch.stack([torch.cov(Xd[yd == c].T) for c in range(2)])
pooled = ((torch.bincount(yd) - 1).to(dt)[:, None, None] * covs).sum(0) / (len(yd) - 2)
weights = (yd == 0).to(dt) * 2 + 1
print("weighted cov", torch.cov(Xd.T, aweights=weights), "fweights",
      torch.cov(Xd.T, fweights=(yd + 1), correction=0))
print("corrcoef", round(torch.corrcoef(Xd.T)[0, 1].item(), 10))
Lp = torch.linalg.cholesky(pooled)


def lda_scores(x):
    diff = (x[:, None, :] - means[None]).reshape(-1, 2)
    sol = torch.linalg.solve_triangular(Lp, diff.T, upper=False)
    maha = sol.pow(2).sum(0).reshape(len(x), 2)
    return -0.5 * maha + priors.log()


def qda_scores(x):
    out = []
    for c in range(2):
        sign, logdet = torch.linalg.slogdet(covs[c])
        Lc = torch.linalg.cholesky(covs[c])
        sol = torch.linalg.solve_triangular(Lc, (x - means[c]).T, upper=False)
        out.append(-0.5 * sol.pow(2).sum(0) - 0.5 * logdet + priors[c].log())
    return torch.stack(out, 1)


for name, fn in (("lda", lda_scores), ("qda", qda_scores)):
    s = fn(Xd)
    post = torch.softmax(s, 1)
    print(name, "accuracy", (s.argmax(1) == yd).double().mean().item(),
          "mean posterior of truth", f"{post.gather(1, yd[:, None]).mean().item():.6f}")
print("slogdet", torch.linalg.slogdet(covs[1]), "det", torch.linalg.det(covs[1]))
w_lda = torch.linalg.solve(pooled, means[1] - means[0])
print("fisher direction", w_lda / w_lda.norm())
