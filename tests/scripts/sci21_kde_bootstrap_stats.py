import torch  # noqa: I001 (the harness requires torch first)

# Descriptive statistics as an applied statistician computes them: Gaussian kernel density
# estimates with Silverman's and Scott's bandwidths and leave-one-out likelihood bandwidth
# selection, bootstrap percentile confidence intervals with every torch.quantile interpolation
# mode, histc / histogram / histogramdd / bincount with weights, weighted covariance with
# fweights and aweights against the textbook formulas, corrcoef, and the nan-aware reductions
# on data with missing values.
import math

torch.manual_seed(2021)
torch.set_default_dtype(torch.float64)

# a bimodal sample
n = 200
comp = torch.rand(n) < 0.3
data = torch.where(comp, torch.randn(n) * 0.5 - 2.0, torch.randn(n) + 1.0)
sd = data.std()
iqr = torch.quantile(data, 0.75) - torch.quantile(data, 0.25)
h_silverman = 0.9 * torch.minimum(sd, iqr / 1.34) * n ** (-0.2)
h_scott = 1.06 * sd * n ** (-0.2)
print(f"mean {data.mean().item():.6f} sd {sd.item():.6f} iqr {iqr.item():.6f}")
print(f"bandwidths silverman {h_silverman.item():.6f} scott {h_scott.item():.6f}")


def kde(points, sample, h):
    z = (points.unsqueeze(-1) - sample) / h
    return torch.exp(-0.5 * z**2).sum(-1) / (sample.numel() * h * math.sqrt(2 * math.pi))


grid = torch.linspace(-4, 4, 9)
print("kde silverman", kde(grid, data, h_silverman))
fine = torch.linspace(-6, 6, 2001)
print("kde integrates to", f"{torch.trapezoid(kde(fine, data, h_scott), fine).item():.8f}")


# leave-one-out log likelihood in the bandwidth, maximised with autograd
def loo_loglik(log_h):
    h = log_h.exp()
    z = (data.unsqueeze(1) - data) / h
    k = torch.exp(-0.5 * z**2) / (h * math.sqrt(2 * math.pi))
    k = k - torch.diag(torch.diagonal(k))
    return torch.log(k.sum(1) / (n - 1)).sum()


log_h = torch.tensor(0.0, requires_grad=True)
opt = torch.optim.LBFGS([log_h], lr=1, max_iter=50, line_search_fn="strong_wolfe")


def closure():
    opt.zero_grad()
    loss = -loo_loglik(log_h)
    loss.backward()
    return loss


opt.step(closure)
print(f"ml bandwidth {log_h.exp().item():.6f} loo loglik {loo_loglik(log_h).item():.6f}")

# bootstrap of the mean with every interpolation mode
B = 400
idx = torch.randint(0, n, (B, n))
medians = data[idx].mean(dim=1)
probs = torch.tensor([0.025, 0.5, 0.975])
for mode in ("linear", "lower", "higher", "midpoint", "nearest"):
    print(f"{mode:8s}", torch.quantile(medians, probs, interpolation=mode))
print("median of the sample", data.median(), "nanmedian", data.nanmedian())
q2d = torch.quantile(data.reshape(20, 10), torch.tensor([0.1, 0.9]), dim=1, keepdim=True)
print("quantile dim=1 keepdim", tuple(q2d.shape), q2d[:, :3, 0])

# histograms
counts = torch.histc(data, bins=8, min=-4, max=4)
print("histc", counts, counts.sum())
hist, edges = torch.histogram(data, bins=6, range=(-3.0, 3.0), density=True)
print("histogram density", hist, "edges", edges)
print("density integrates to", ((edges[1:] - edges[:-1]) * hist).sum())
w = torch.rand(n)
hw = torch.histogram(data, bins=torch.tensor([-5.0, -1.0, 0.0, 0.5, 5.0]), weight=w)
print("weighted, explicit edges", hw.hist, hw.bin_edges)
pairs = torch.stack([data, data**2 / 4 + 0.3 * torch.randn(n)], dim=1)
h2, e2 = torch.histogramdd(pairs, bins=[4, 3], range=[-4.0, 4.0, 0.0, 6.0])
print("histogramdd\n", h2, "\nedges", [e.tolist() for e in e2])
h3 = torch.histogramdd(pairs, bins=[torch.tensor([-4.0, 0.0, 4.0]), torch.tensor([0.0, 1.0, 9.0])],
                       density=True)
print("histogramdd density", h3.hist)
labels = (data > 0).long() + (data > 1.5).long()
print("bincount", torch.bincount(labels), torch.bincount(labels, weights=data, minlength=5))

# weighted covariance
X = torch.stack([data, 0.5 * data + torch.randn(n), torch.randn(n)])
fw = torch.randint(1, 4, (n,))
aw = torch.rand(n)
for kw in ({}, {"correction": 0}, {"fweights": fw}, {"aweights": aw},
           {"fweights": fw, "aweights": aw, "correction": 2}):
    print("cov", sorted(kw), torch.cov(X, **kw)[0])
v = fw * aw
mean = (X * v).sum(1, keepdim=True) / v.sum()
manual = (X - mean) * v @ (X - mean).T / (v.sum() - (v * aw).sum() / v.sum())
print("textbook formula agrees", torch.allclose(torch.cov(X, fweights=fw, aweights=aw), manual))
print("corrcoef\n", torch.corrcoef(X))
print("cov of one variable", torch.cov(data[:5]), torch.corrcoef(data[:5]))

# missing values
M = data[:24].reshape(4, 6).clone()
M[0, 1] = M[2, 2] = M[2, 5] = M[3, 0] = float("nan")
print("nanmean", M.nanmean(dim=1), "nansum", M.nansum(dim=0))
print("nanmedian", M.nanmedian(dim=1))
print("nanquantile", torch.nanquantile(M, 0.3, dim=1), torch.nanquantile(M, 0.5))
print("nanquantile midpoint", torch.nanquantile(M, torch.tensor([0.25, 0.75]), dim=0,
                                               interpolation="midpoint"))
all_nan = torch.full((3,), float("nan"))
print("all nan", all_nan.nanmean(), torch.nanquantile(all_nan, 0.5), all_nan.nanmedian())
print("mean vs nanmean", M.mean(), M.nanmean(), "std ignoring nan",
      torch.sqrt(((M - M.nanmean()) ** 2).nansum() / (~M.isnan()).sum().sub(1)))

# errors a statistician meets
for call in (lambda: torch.quantile(data, 1.5),
             lambda: torch.quantile(data, 0.5, interpolation="cubic"),
             lambda: torch.cov(X, fweights=aw),
             lambda: torch.cov(X, aweights=-aw),
             lambda: torch.histc(labels, bins=3),
             lambda: torch.bincount(labels - 1)):
    try:
        call()
    except Exception as err:
        print(type(err).__name__, str(err).splitlines()[0])
