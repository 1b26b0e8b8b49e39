import torch  # noqa: I001 (the harness requires torch first)

# Portfolio risk as a quantitative risk manager models it in float64: heavy-tailed returns
# from StudentT, a Gaussian copula (MultivariateNormal samples pushed through Normal.cdf, then
# into Laplace, Gumbel and Normal marginals by their icdf; torch has no Student-t CDF), VaR
# and expected shortfall by quantile with each interpolation, a Gumbel extreme-value fit to
# block maxima by maximum likelihood with LBFGS (constraints by softplus), its standard errors
# from the Hessian (torch.autograd.functional.hessian), return levels with the delta method,
# and a Kolmogorov-Smirnov distance from the empirical CDF.
import math

from torch.distributions import Gumbel, Laplace, MultivariateNormal, Normal, StudentT

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)
torch.manual_seed(31)

# heavy-tailed daily returns
t_dist = StudentT(df=torch.tensor(4.0), loc=torch.tensor(0.0005), scale=torch.tensor(0.01))
returns = t_dist.sample((2000,))
print("sample mean/std", returns.mean().item().__round__(8), returns.std().item().__round__(8))
print("theoretical variance", t_dist.variance, "entropy", t_dist.entropy())
print("log_prob of 3 returns", t_dist.log_prob(torch.tensor([-0.05, 0.0, 0.02])))
kurt = ((returns - returns.mean()) ** 4).mean() / returns.var(correction=0) ** 2
print(f"excess kurtosis {kurt.item() - 3:.6f}")

# VaR / ES with each interpolation
losses = -returns
for method in ("linear", "lower", "higher", "nearest", "midpoint"):
    var99 = torch.quantile(losses, 0.99, interpolation=method)
    es = losses[losses >= var99].mean()
    print(f"{method:8s} VaR99 {var99.item():.8f} ES99 {es.item():.8f}")
normal_var = Normal(returns.mean(), returns.std()).icdf(torch.tensor(0.01))
print("normal VaR99", -normal_var, "understates", bool(-normal_var < torch.quantile(losses, 0.99)))

# Gaussian copula with Laplace and Gumbel marginals
corr = torch.tensor([[1.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 1.0]])
mvn = MultivariateNormal(torch.zeros(3), covariance_matrix=corr)
z = mvn.sample((5000,))
u = Normal(0.0, 1.0).cdf(z)
print("uniform margins mean", u.mean(0), "min", u.min().item() > 0)
x1 = Laplace(0.0, 0.02).icdf(u[:, 0])
x2 = Gumbel(0.0, 0.015).icdf(u[:, 1])
x3 = Normal(0.001, 0.01).icdf(u[:, 2])
print("Laplace margin scale", (x1.abs().mean()).item().__round__(8))
ranks = u.argsort(0).argsort(0).double()
spearman = torch.corrcoef(ranks.T)
print("spearman\n", spearman)
print("theory 6/pi asin(rho/2)\n", 6 / math.pi * torch.asin(corr / 2))
port = x1 + x2 + x3
print("portfolio VaR99", torch.quantile(-port, 0.99).item().__round__(8))
print("mvn log_prob", mvn.log_prob(torch.tensor([[0.0, 0.0, 0.0], [1.0, -1.0, 0.5]])))
print("mvn entropy", mvn.entropy(), "precision diag", mvn.precision_matrix.diagonal())

# Gumbel fit to block maxima of |returns| (20-day blocks)
block_max = losses.view(100, 20).max(1).values
params = torch.tensor([0.0, 0.0], requires_grad=True)


def nll(p):
    loc = p[0] * 0.01 + 0.02
    scale = torch.nn.functional.softplus(p[1]) * 0.01
    return -Gumbel(loc, scale).log_prob(block_max).sum()


opt = torch.optim.LBFGS([params], lr=1, max_iter=100, line_search_fn="strong_wolfe")


def closure():
    opt.zero_grad()
    loss = nll(params)
    loss.backward()
    return loss


opt.step(closure)
loc = (params[0] * 0.01 + 0.02).item()
scale = (torch.nn.functional.softplus(params[1]) * 0.01).item()
print(f"gumbel fit loc {loc:.6f} scale {scale:.6f} nll {nll(params).item():.6f}")
moment_scale = block_max.std().item() * math.sqrt(6) / math.pi
moment_loc = block_max.mean().item() - 0.5772156649 * moment_scale
print(f"method of moments loc {moment_loc:.6f} scale {moment_scale:.6f}")


def nll_natural(theta):
    return -Gumbel(theta[0], theta[1]).log_prob(block_max).sum()


theta = torch.tensor([loc, scale])
H = torch.autograd.functional.hessian(nll_natural, theta)
cov = torch.linalg.inv(H)
print("standard errors", cov.diagonal().sqrt())
# 100-block return level and delta-method error
T = 100.0
y = -math.log(-math.log(1 - 1 / T))
level = theta[0] + theta[1] * y
grad = torch.tensor([1.0, y])
print(f"return level {level.item():.6f} +- {torch.sqrt(grad @ cov @ grad).item():.6f}")
g = Gumbel(theta[0], theta[1])
print("gumbel mean/stddev", g.mean, g.stddev, "cdf at level", g.cdf(level))

# Kolmogorov-Smirnov distance of the fit
sorted_max = block_max.sort().values
n = sorted_max.numel()
ecdf_hi = torch.arange(1, n + 1) / n
ecdf_lo = torch.arange(0, n) / n
model = g.cdf(sorted_max)
ks = torch.maximum((ecdf_hi - model).abs(), (model - ecdf_lo).abs()).max()
print(f"KS distance {ks.item():.6f} critical 5% {1.36 / math.sqrt(n):.6f}")
try:
    StudentT(df=torch.tensor(-1.0))
except ValueError as err:
    print("ValueError", str(err)[:120])
print("gumbel icdf", Gumbel(0.0, 1.0).icdf(torch.tensor([0.1, 0.5, 0.9])))
try:
    Laplace(0.0, 1.0).icdf(torch.tensor(1.5))
except ValueError as err:
    print("ValueError", str(err)[:120])
