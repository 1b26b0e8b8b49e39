import torch  # noqa: I001 (the harness requires torch first)

# Classical statistics written with torch in float64: chi-square and gamma p-values from the
# regularised incomplete gamma functions (special.gammainc / gammaincc), a two-sample
# Kolmogorov-Smirnov statistic by searchsorted, the Mann-Whitney U statistic from ranks
# (argsort of argsort, ties averaged by unique/scatter), Welch's t statistic, a permutation
# test with randperm, bootstrap percentile intervals with randint and quantile, kernel density
# estimation with logsumexp, Fisher's z for a correlation (atanh, special.ndtr/ndtri), and
# the Benjamini-Hochberg procedure with cummin on a flipped tensor.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(23)

# Chi-square goodness of fit for a die.
counts = torch.tensor([18.0, 22.0, 16.0, 25.0, 12.0, 27.0])
expected = counts.sum() / 6
chi2 = ((counts - expected) ** 2 / expected).sum()
dof = torch.tensor(5.0)
p_chi2 = torch.special.gammaincc(dof / 2, chi2 / 2)
print(f"chi2 {chi2.item():.6f} p {p_chi2.item():.10f}")
print("gammainc + gammaincc == 1:",
      torch.allclose(torch.special.gammainc(dof / 2, chi2 / 2) + p_chi2, torch.tensor(1.0)))
a = torch.tensor([0.5, 1.0, 2.5, 10.0])
x = torch.tensor([0.1, 1.0, 3.0, 12.0])
print("gammainc", torch.special.gammainc(a, x))
print("gammaincc", torch.special.gammaincc(a, x))
print("Gamma cdf by gammainc", torch.special.gammainc(torch.tensor(3.0), torch.tensor(2.0) * 1.5))
xg = x.clone().requires_grad_(True)
(g,) = torch.autograd.grad(torch.special.gammainc(a, xg).sum(), xg)
density = torch.exp((a - 1) * torch.log(x) - x - torch.lgamma(a))
print("d gammainc / dx == the Gamma density:", torch.allclose(g, density))
print("gradcheck gammaincc in x:", torch.autograd.gradcheck(
    lambda t: torch.special.gammaincc(a, t), (xg,)))

# Two samples.
s1 = torch.randn(60) * 1.0 + 0.3
s2 = torch.randn(45) * 1.5
allv = torch.cat([s1, s2]).sort().values
cdf1 = torch.searchsorted(s1.sort().values, allv, right=True) / s1.numel()
cdf2 = torch.searchsorted(s2.sort().values, allv, right=True) / s2.numel()
ks = (cdf1 - cdf2).abs().max()
n_eff = s1.numel() * s2.numel() / (s1.numel() + s2.numel())
lam = (math.sqrt(n_eff) + 0.12 + 0.11 / math.sqrt(n_eff)) * ks
k = torch.arange(1, 101, dtype=torch.float64)
p_ks = 2 * ((-1) ** (k - 1) * torch.exp(-2 * k**2 * lam**2)).sum()
print(f"KS D {ks.item():.10f} p {p_ks.item():.8f}")

pooled = torch.cat([s1, torch.round(s2 * 2) / 2])
order = pooled.argsort(stable=True)
ranks = torch.empty_like(pooled)
ranks[order] = torch.arange(1, pooled.numel() + 1, dtype=torch.float64)
uniq, inverse = torch.unique(pooled, return_inverse=True)
sums = torch.zeros(uniq.numel()).scatter_add(0, inverse, ranks)
ties = torch.bincount(inverse, minlength=uniq.numel())
avg_ranks = (sums / ties)[inverse]
U = avg_ranks[:60].sum() - 60 * 61 / 2
print(f"Mann-Whitney U {U.item():.1f} (tied groups: {(ties > 1).sum().item()})")
mu_u, sd_u = 60 * 45 / 2, math.sqrt(60 * 45 * (60 + 45 + 1) / 12)
z = (U - mu_u) / sd_u
print(f"z {z.item():.8f} two-sided p {(2 * torch.special.ndtr(-z.abs())).item():.8f}")

m1, m2 = s1.mean(), s2.mean()
v1, v2 = s1.var(), s2.var(unbiased=True)
t = (m1 - m2) / torch.sqrt(v1 / 60 + v2 / 45)
df = (v1 / 60 + v2 / 45) ** 2 / ((v1 / 60) ** 2 / 59 + (v2 / 45) ** 2 / 44)
print(f"Welch t {t.item():.8f} df {df.item():.6f}")
st = torch.distributions.StudentT(df)
print(f"StudentT log density at t {st.log_prob(t).item():.8f}")

# Permutation and bootstrap.
observed = (m1 - m2).abs()
both = torch.cat([s1, s2])
exceed = 0
for _ in range(500):
    perm = both[torch.randperm(both.numel())]
    exceed += int((perm[:60].mean() - perm[60:].mean()).abs() >= observed)
print("permutation p", (exceed + 1) / 501)
idx = torch.randint(0, 60, (1000, 60))
boot = s1[idx].mean(1)
print("bootstrap 95% interval", torch.quantile(boot, torch.tensor([0.025, 0.975])))
print("bootstrap sd", f"{boot.std().item():.8f}", "vs s/sqrt(n)",
      f"{(s1.std() / math.sqrt(60)).item():.8f}")

# Kernel density estimate and its log-likelihood.
grid = torch.linspace(-3, 3, 7)
h = 1.06 * s1.std() * 60 ** (-0.2)
logk = torch.distributions.Normal(s1[None, :], h).log_prob(grid[:, None])
kde = torch.logsumexp(logk, dim=1) - math.log(60)
print("KDE log density", kde)

# Correlation and Fisher's z.
xs = torch.randn(50)
ys = 0.6 * xs + 0.8 * torch.randn(50)
r = torch.corrcoef(torch.stack([xs, ys]))[0, 1]
fz = torch.atanh(r)
se = 1 / math.sqrt(50 - 3)
zc = torch.special.ndtri(torch.tensor(0.975))
print(f"r {r.item():.8f} 95% CI ({torch.tanh(fz - zc * se).item():.6f}, "
      f"{torch.tanh(fz + zc * se).item():.6f})")

# Benjamini-Hochberg on a list of p-values.
pvals = torch.tensor([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216])
sorted_p, perm = pvals.sort()
mtests = pvals.numel()
adjusted = (sorted_p * mtests / torch.arange(1, mtests + 1)).flip(0).cummin(0).values.flip(0)
adjusted = adjusted.clamp(max=1.0)
q = torch.empty_like(adjusted)
q[perm] = adjusted
print("BH adjusted", q)
print("rejected at 5%", (q <= 0.05).nonzero().flatten().tolist())
