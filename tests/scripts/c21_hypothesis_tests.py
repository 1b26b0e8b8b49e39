import torch

# Classical statistical tests computed with tensors and torch.distributions: Welch's t-test with
# the Student-t tail from the regularised incomplete beta (via torch.special functions) checked
# against a permutation test, a chi-square test of independence (Gamma / Chi2 survival from
# special.gammaincc), Mann-Whitney U with tie-averaged ranks, Spearman and Kendall correlations,
# a two-sample Kolmogorov-Smirnov statistic from searchsorted, a bootstrap percentile interval,
# normal quantiles with Normal.icdf / special.ndtri, and binomial / Poisson exact tails.
import math

from torch.distributions import Binomial, Chi2, Gamma, Normal, Poisson, StudentT

torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
gen = torch.Generator().manual_seed(99)
a = torch.randn(25, generator=gen, dtype=dt) * 1.0 + 0.3
b = torch.randn(30, generator=gen, dtype=dt) * 1.5

# Welch's t statistic and degrees of freedom
va, vb = a.var(), b.var()
na, nb = len(a), len(b)
se = (va / na + vb / nb).sqrt()
t_stat = (a.mean() - b.mean()) / se
df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
print("t", f"{t_stat.item():.6f}", "df", f"{df.item():.4f}")
st = StudentT(df)
print("student t log_prob at t", f"{st.log_prob(t_stat).item():.8f}", "mean/var",
      f"{st.mean.item():.3f}", f"{st.variance.item():.6f}")
try:
    st.cdf(t_stat)
except NotImplementedError as e:
    print("StudentT.cdf:", type(e).__name__, e)
# two-sided p-value by integrating the density numerically (trapezoid on a fine grid)
grid = torch.linspace(t_stat.abs().item(), 60.0, 20001, dtype=dt)
tail = torch.trapezoid(st.log_prob(grid).exp(), grid)
print("two-sided p (quadrature)", f"{(2 * tail).item():.6f}")

# permutation test
pooled = torch.cat([a, b])
observed = a.mean() - b.mean()
perm_stats = torch.empty(2000, dtype=dt)
for i in range(2000):
    p = pooled[torch.randperm(len(pooled), generator=gen)]
    perm_stats[i] = p[:na].mean() - p[na:].mean()
p_perm = ((perm_stats.abs() >= observed.abs()).sum() + 1) / (len(perm_stats) + 1)
print("permutation p", f"{p_perm.item():.5f}")

# chi-square test of independence
table = torch.tensor([[30, 14, 6], [20, 22, 18]], dtype=dt)
expected = table.sum(1, keepdim=True) * table.sum(0, keepdim=True) / table.sum()
chi2 = ((table - expected) ** 2 / expected).sum()
dof = (table.shape[0] - 1) * (table.shape[1] - 1)
p_chi2 = torch.special.gammaincc(torch.tensor(dof / 2, dtype=dt), chi2 / 2)
print("expected", expected)
print("chi2", f"{chi2.item():.6f}", "dof", dof, "p", f"{p_chi2.item():.8f}")
gamma = Gamma(torch.tensor(dof / 2, dtype=dt), torch.tensor(0.5, dtype=dt))
print("Chi2 log_prob", f"{Chi2(torch.tensor(float(dof), dtype=dt)).log_prob(chi2).item():.8f}",
      "Gamma cdf", f"{gamma.cdf(chi2).item():.8f}")
g_stat = 2 * torch.xlogy(table, table / expected).sum()
print("G statistic", f"{g_stat.item():.6f}")


def ranks(x):
    """Average ranks (1-based) with ties sharing their mean rank."""
    order = x.argsort(stable=True)
    r = torch.empty_like(x)
    r[order] = torch.arange(1, len(x) + 1, dtype=x.dtype)
    uniq, inv = torch.unique(x, return_inverse=True)
    sums = torch.zeros(len(uniq), dtype=x.dtype).index_add_(0, inv, r)
    counts = torch.bincount(inv, minlength=len(uniq)).to(x.dtype)
    return (sums / counts)[inv]


# Mann-Whitney U with ties (rounded data)
ar, br = a.round(decimals=1), b.round(decimals=1)
rk = ranks(torch.cat([ar, br]))
u1 = rk[:na].sum() - na * (na + 1) / 2
_, tie_counts = torch.unique(torch.cat([ar, br]), return_counts=True)
tie_term = (tie_counts.to(dt) ** 3 - tie_counts).sum() / ((na + nb) * (na + nb - 1))
sigma_u = math.sqrt(na * nb / 12) * ((na + nb + 1) - tie_term).sqrt()
z_u = (u1 - na * nb / 2) / sigma_u
print("U", u1.item(), "ties", int((tie_counts > 1).sum()), "z", f"{z_u.item():.6f}",
      "p", f"{(2 * torch.special.ndtr(-z_u.abs())).item():.6f}")

# Spearman and Kendall
x = torch.randn(20, generator=gen, dtype=dt)
y = x + 0.8 * torch.randn(20, generator=gen, dtype=dt)
y[3] = y[7]  # a tie
rho = torch.corrcoef(torch.stack([ranks(x), ranks(y)]))[0, 1]
sx = torch.sign(x[:, None] - x[None, :])
sy = torch.sign(y[:, None] - y[None, :])
iu = torch.triu_indices(20, 20, 1)
concord = (sx * sy)[iu[0], iu[1]]
n0 = concord.numel()
tx = (sx[iu[0], iu[1]] == 0).sum()
ty = (sy[iu[0], iu[1]] == 0).sum()
tau_b = concord.sum() / ((n0 - tx) * (n0 - ty)).sqrt()
print("spearman", f"{rho.item():.6f}", "kendall tau-b", f"{tau_b.item():.6f}", "ties", ty.item())

# two-sample KS
sa, sb = a.sort().values, b.sort().values
allv = torch.cat([sa, sb]).sort().values
cdf_a = torch.searchsorted(sa, allv, right=True).to(dt) / na
cdf_b = torch.searchsorted(sb, allv, right=True).to(dt) / nb
ks = (cdf_a - cdf_b).abs().max()
where = (cdf_a - cdf_b).abs().argmax()
print("KS D", f"{ks.item():.6f}", "at", f"{allv[where].item():.5f}")

# bootstrap percentile interval of the median
meds = torch.stack([a[torch.randint(0, na, (na,), generator=gen)].median() for _ in range(500)])
lo, hi = torch.quantile(meds, torch.tensor([0.025, 0.975], dtype=dt))
print("median", f"{a.median().item():.5f}", "95% bootstrap", f"{lo.item():.5f}",
      f"{hi.item():.5f}")
for mode in ("linear", "lower", "higher", "nearest", "midpoint"):
    print(f"  quantile {mode:8s}", round(torch.quantile(a, 0.9, interpolation=mode).item(), 10),
          torch.nanquantile(torch.cat([a, a.new_full((3,), math.nan)]), 0.25,
                            interpolation=mode))

# normal quantiles and exact discrete tails
probs = torch.tensor([0.5, 0.9, 0.975, 0.995, 1e-6], dtype=dt)
print("ndtri", torch.special.ndtri(probs))
print("icdf ", Normal(torch.tensor(0.0, dtype=dt), torch.tensor(1.0, dtype=dt)).icdf(probs))
print("log_ndtr", torch.special.log_ndtr(torch.tensor([-10.0, -1.0, 0.0, 3.0], dtype=dt)))
k = torch.arange(0, 11, dtype=dt)
binom = Binomial(total_count=10, probs=torch.tensor(0.3, dtype=dt))
pmf = binom.log_prob(k).exp()
print("binomial pmf sums to", f"{pmf.sum().item():.12f}", "P(X>=6)", f"{pmf[6:].sum().item():.8f}")
pois = Poisson(torch.tensor(3.5, dtype=dt))
cdf4 = pois.log_prob(torch.arange(0, 5, dtype=dt)).exp().sum()
upper = torch.special.gammaincc(torch.tensor(5.0, dtype=dt), torch.tensor(3.5, dtype=dt))
print("poisson P(X<=4)", f"{cdf4.item():.8f}", "gammaincc", f"{upper.item():.8f}")
print("binomial entropy", f"{binom.entropy().item():.8f}", "mean/var", binom.mean, binom.variance)
