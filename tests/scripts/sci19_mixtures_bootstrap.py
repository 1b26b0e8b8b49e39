import torch  # noqa: I001 (the harness requires torch first)

# Statistics a data scientist computes on a sample, in float64 and float32: a two-dimensional
# Gaussian mixture fitted by EM (responsibilities through logsumexp, weighted means and
# covariances, MultivariateNormal log-densities, the log-likelihood never decreasing), kernel
# density estimation with a Scott bandwidth, bootstrap confidence intervals for the median and
# a correlation (quantile with each interpolation, nanquantile, nanmedian, kthvalue, mode,
# msort), weighted covariance (cov with fweights/aweights/correction, corrcoef), and weighted
# histograms (histogram / histogramdd with weights and density, histc, bincount).
import math

import torch.distributions as D

torch.set_default_dtype(torch.float64)
torch.manual_seed(77)
torch.set_printoptions(precision=5)

# --- data: three clusters
centres = torch.tensor([[0.0, 0.0], [4.0, 1.0], [1.0, 5.0]])
sizes = [60, 40, 50]
chunks = [
    torch.randn(n, 2) @ torch.tensor([[1.0, 0.3], [0.0, 0.7]]) + c for n, c in zip(sizes, centres)
]
data = torch.cat(chunks)
N, K = data.shape[0], 3

# --- EM for a Gaussian mixture
means = data[torch.tensor([0, 70, 120])].clone()
covs = torch.eye(2).repeat(K, 1, 1)
log_w = torch.full((K,), -math.log(K))
previous = -math.inf
for it in range(30):
    comp = D.MultivariateNormal(means, covariance_matrix=covs)
    log_p = comp.log_prob(data[:, None, :]) + log_w
    ll = torch.logsumexp(log_p, dim=1)
    resp = (log_p - ll[:, None]).exp()
    total = ll.sum()
    assert total >= previous - 1e-9
    previous = total
    Nk = resp.sum(0)
    means = resp.T @ data / Nk[:, None]
    diff = data[None] - means[:, None]
    covs = torch.einsum("kn,kni,knj->kij", resp.T, diff, diff) / Nk[
        :, None, None
    ] + 1e-6 * torch.eye(2)
    log_w = torch.log(Nk / N)
    if it % 10 == 0:
        print(f"em {it:2d} loglik {total.item():.6f} weights", log_w.exp())
order = torch.argsort(means[:, 0] + 10 * means[:, 1])
print("means", means[order])
print("weights", log_w.exp()[order])
print("cov det", torch.linalg.det(covs[order]))
labels = resp.argmax(1)
print("cluster sizes", torch.bincount(labels, minlength=4))
mix = D.MixtureSameFamily(
    D.Categorical(logits=log_w), D.MultivariateNormal(means, covariance_matrix=covs)
)
print("mixture log-lik agrees", torch.allclose(mix.log_prob(data).sum(), total, atol=1e-6))

# --- KDE
x = data[:, 0]
bandwidth = x.std() * N ** (-1 / 5)
grid = torch.linspace(-3, 7, 6)
kde = torch.logsumexp(D.Normal(x, bandwidth).log_prob(grid[:, None]), dim=1) - math.log(N)
print("bandwidth", bandwidth, "kde", kde.exp())
print(
    "kde integrates",
    torch.trapezoid(
        torch.logsumexp(
            D.Normal(x, bandwidth).log_prob(torch.linspace(-8, 12, 801)[:, None]), dim=1
        ).exp()
        / N,
        torch.linspace(-8, 12, 801),
    ),
)

# --- bootstrap intervals
gen = torch.Generator().manual_seed(5)
B = 500
idx = torch.randint(0, N, (B, N), generator=gen)
boot_median = x[idx].median(dim=1).values
for interp in ("linear", "lower", "higher", "midpoint", "nearest"):
    print(
        f"median CI {interp:8s}",
        torch.quantile(boot_median, torch.tensor([0.025, 0.975]), interpolation=interp),
    )
boot_corr = torch.stack([torch.corrcoef(data[i].T)[0, 1] for i in idx[:100]])
print(
    "corr CI",
    torch.quantile(boot_corr, torch.tensor([0.05, 0.5, 0.95])),
    "point",
    torch.corrcoef(data.T)[0, 1],
)
print(
    "quantile keepdim dim",
    torch.quantile(data, torch.tensor([0.25, 0.75]), dim=0, keepdim=True).shape,
)
print("quantile float q", torch.quantile(x, 0.9), x.quantile(0.1, interpolation="nearest"))
xn = x.clone()
xn[::7] = float("nan")
print(
    "nanquantile",
    torch.nanquantile(xn, torch.tensor([0.1, 0.5, 0.9])),
    "quantile",
    torch.quantile(xn, 0.5),
)
print("nanmedian", torch.nanmedian(xn), xn.nanmedian(dim=0), torch.median(xn))
M = xn[:12].reshape(3, 4)
print(
    "nanmedian rows",
    torch.nanmedian(M, dim=1),
    torch.nanquantile(M, 0.5, dim=1, interpolation="lower"),
)
print("kthvalue", torch.kthvalue(x[:11], 3), torch.kthvalue(data[:6], 2, dim=0))
print("kthvalue keepdim", torch.kthvalue(M, 1, dim=1, keepdim=True).values.shape)
rolls = torch.randint(1, 7, (5, 30), generator=gen)
print("mode", torch.mode(rolls, dim=1), torch.mode(rolls[:, :16], dim=1))
print("mode 1-D", torch.mode(torch.tensor([2, 2, 1, 1, 3])))
print("mode float ties", torch.mode(torch.tensor([[1.5, 0.5, 0.5, 1.5], [3.0, 3.0, 2.0, 2.0]])))
print("msort", torch.msort(data[:4]))
print("sort stable", torch.sort(torch.tensor([2, 1, 2, 1, 0]), stable=True, descending=True))

# --- weighted covariance
obs = data[:10].T
fw = torch.tensor([1, 2, 1, 3, 1, 1, 2, 1, 1, 4])
aw = torch.linspace(0.1, 1.0, 10)
print("cov", torch.cov(obs))
print("cov fweights", torch.cov(obs, fweights=fw))
print("cov aweights", torch.cov(obs, aweights=aw))
print("cov both, correction 0", torch.cov(obs, fweights=fw, aweights=aw, correction=0))
print("cov correction 2", torch.cov(obs, correction=2))
repeated = obs.repeat_interleave(fw, dim=1)
print("fweights == repetition", torch.allclose(torch.cov(obs, fweights=fw), torch.cov(repeated)))
print("cov 1-D", torch.cov(obs[0]), torch.cov(obs[0], correction=0))
print("corrcoef", torch.corrcoef(obs), torch.corrcoef(torch.stack([obs[0], obs[0] * 0])))
print("cov float32", torch.cov(obs.float(), aweights=aw.float()))
try:
    torch.cov(obs, fweights=fw.double())
except RuntimeError as error:
    print("fweights float:", error)
try:
    torch.cov(obs, fweights=-fw)
except RuntimeError as error:
    print("negative fweights:", error)

# --- weighted histograms
w = torch.rand(N, generator=gen)
hist, edges = torch.histogram(x, bins=6, weight=w)
print("weighted hist", hist, edges)
dens, _ = torch.histogram(x, bins=6, weight=w, density=True)
print("density integrates", (dens * torch.diff(edges)).sum())
hist_e, _ = torch.histogram(x, bins=torch.tensor([-4.0, -1.0, 0.0, 2.0, 8.0]), density=True)
print("explicit edges density", hist_e)
h2, e2 = torch.histogramdd(data, bins=[3, 4], weight=w)
print("histogramdd", h2, [e.shape for e in e2])
h3, e3 = torch.histogramdd(data, bins=[2, 2], range=[-2.0, 6.0, -2.0, 8.0], density=True)
print("histogramdd density", h3, e3)
h4, _ = torch.histogramdd(data[:, :1], bins=[torch.tensor([-5.0, 0.0, 2.0, 9.0])])
print("histogramdd edges", h4)
print("histc", torch.histc(x.float(), bins=5), torch.histc(x, bins=4, min=-1, max=1))
print(
    "bincount weights",
    torch.bincount(labels, weights=w),
    torch.bincount(labels, weights=w.float()).dtype,
)
print(
    "bincount int weights",
    torch.bincount(torch.tensor([0, 1, 1, 3]), weights=torch.tensor([1, 2, 3, 4])),
)
