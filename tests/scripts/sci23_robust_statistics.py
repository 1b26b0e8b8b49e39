import torch

# Descriptive and robust statistics on a small measurement campaign: quantiles under every
# interpolation rule (and with missing values), weighted covariance with frequency and
# reliability weights, correlation matrices, order statistics (kthvalue, mode, median),
# binning with histogram/histogramdd, and empirical CDFs with searchsorted(side=, sorter=).
torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64

print("== quantiles ==")
x = torch.randn(4, 7, dtype=dt)
q = torch.tensor([0.1, 0.5, 0.93], dtype=dt)
for m in ("linear", "lower", "higher", "midpoint", "nearest"):
    print(m, torch.quantile(x, q, dim=1, interpolation=m).T)
    print(
        "   ",
        torch.quantile(x, 0.25, interpolation=m),
        torch.quantile(x.float(), 0.75, dim=0, interpolation=m, keepdim=True).shape,
    )
xn = x.clone()
xn[0, 2] = float("nan")
xn[2, 1:4] = float("nan")
print(torch.nanquantile(xn, q, dim=1), torch.quantile(xn, 0.5, dim=1))
print(torch.nanquantile(xn, 0.5, dim=1, interpolation="nearest"), torch.nanmedian(xn, dim=1))
print(torch.nanmean(xn, 1), torch.nansum(xn), torch.nanmedian(xn))
xg = x.clone().requires_grad_()
torch.quantile(xg, q, dim=1).sum().backward()
print(xg.grad)
iqr = torch.quantile(x, 0.75, dim=1) - torch.quantile(x, 0.25, dim=1)
print("IQR", iqr, "MAD", (x - x.median(1, keepdim=True).values).abs().median(1).values)

print("== order statistics ==")
v = torch.tensor([[3.0, 1.0, 4.0, 1.0, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]], dtype=dt)
print(torch.kthvalue(v, 2, dim=1), torch.kthvalue(v, 1, dim=0, keepdim=True))
print(torch.mode(torch.tensor([[1, 2, 2, 3, 3], [4, 4, 1, 1, 0]]), dim=1))
print(torch.mode(torch.tensor([2.0, 1.0, 1.0, 2.0, 3.0])))
vg = v.clone().requires_grad_()
torch.kthvalue(vg, 3, dim=1).values.sum().backward()
print(vg.grad)
vg.grad = None
torch.mode(vg.round(), 1).values.sum().backward()
print(vg.grad)
print(torch.median(x, 1), torch.median(torch.tensor([1.0, 2.0, 3.0, 4.0])))
print(
    torch.msort(x[:, :3]),
    torch.topk(x[0], 3, largest=False),
    torch.sort(x[1], descending=True, stable=True),
)
trimmed = torch.sort(x.flatten()).values[3:-3].mean()
print("trimmed mean", round(trimmed.item(), 8))

print("== weighted covariance and correlation ==")
obs = torch.randn(3, 12, dtype=dt)
obs[2] = 0.7 * obs[0] + 0.3 * obs[2]
fw = torch.randint(1, 4, (12,))
aw = torch.rand(12, dtype=dt)
print(torch.cov(obs))
print(
    torch.cov(obs, correction=0).diagonal(),
    torch.cov(obs, fweights=fw).diagonal(),
    torch.cov(obs, aweights=aw).diagonal(),
)
print(torch.cov(obs, fweights=fw, aweights=aw, correction=2))
# the same as repeating each observation fweights times
rep = obs.repeat_interleave(fw, dim=1)
print(torch.allclose(torch.cov(obs, fweights=fw), torch.cov(rep)))
print(torch.corrcoef(obs), torch.cov(obs[0]), torch.corrcoef(obs[:2]).shape)
og = obs.clone().requires_grad_()
torch.cov(og, fweights=fw, aweights=aw).sum().backward()
print(og.grad[:, :4])
og.grad = None
torch.corrcoef(og).triu(1).sum().backward()
print(og.grad[:, :4])

print("== binning ==")
pts = torch.rand(60, 3, dtype=dt)
H = torch.histogramdd(pts, bins=[3, 4, 2])
print(H.hist.shape, H.hist.sum(), [e.shape for e in H.bin_edges], H.hist[0])
H2 = torch.histogramdd(
    pts,
    bins=[torch.tensor([0.0, 0.5, 1.0], dtype=dt)] * 3,
    weight=torch.rand(60, dtype=dt),
    density=True,
)
print(H2.hist, (H2.hist * 0.125).sum())
H3 = torch.histogramdd(pts[:, :2], bins=3, range=[0.0, 1.0, 0.0, 1.0])
print(H3)
h, e = torch.histogram(pts[:, 0], bins=5, range=(0.0, 1.0), density=True)
print(h, e)
print(
    torch.histc(pts[:, 0].float(), bins=4, min=0, max=1),
    torch.bincount(
        torch.tensor([0, 2, 2, 5]),
        weights=torch.tensor([0.5, 1.0, 1.0, 2.0], dtype=dt),
        minlength=7,
    ),
)

print("== empirical CDF and lookups ==")
sample = torch.randn(25, dtype=dt)
srt = sample.sort().values
grid = torch.linspace(-2, 2, 9, dtype=dt)
ecdf = torch.searchsorted(srt, grid, side="right").to(dt) / 25
print(ecdf)
order = torch.argsort(sample, stable=True)
print(
    torch.equal(
        torch.searchsorted(sample, grid, side="right", sorter=order),
        torch.searchsorted(srt, grid, right=True),
    )
)
tied = torch.tensor([1.0, 3.0, 3.0, 5.0, 7.0], dtype=dt)
vals = torch.tensor([[0.0, 3.0, 6.0, 8.0], [3.0, 3.0, 1.0, 7.0]], dtype=dt)
print(
    torch.searchsorted(tied, vals),
    torch.searchsorted(tied, vals, side="right"),
    torch.searchsorted(tied, vals, right=True, out_int32=True),
)
uns = torch.tensor([5.0, 1.0, 7.0, 3.0, 3.0], dtype=dt)
sorter = torch.argsort(uns, stable=True)
print(
    torch.searchsorted(uns, vals, sorter=sorter),
    torch.searchsorted(uns, vals, side="right", sorter=sorter),
)
print(
    torch.searchsorted(tied, 3.0),
    torch.searchsorted(torch.tensor([[1, 2, 3], [2, 4, 6]]), torch.tensor([[2], [5]])),
)
print(torch.bucketize(vals, tied), torch.bucketize(vals, tied, right=True))
# Kolmogorov-Smirnov statistic against the standard normal
cdf = torch.special.ndtr(srt)
ks = torch.maximum(
    torch.arange(1, 26, dtype=dt) / 25 - cdf, cdf - torch.arange(25, dtype=dt) / 25
).max()
print("KS", round(ks.item(), 8))
print(
    torch.aminmax(x, dim=0),
    torch.std_mean(x, dim=1, correction=0),
    torch.var_mean(x, 0, keepdim=True),
)
print(torch.cummax(x[0], 0), torch.cummin(x[1], 0), torch.logcumsumexp(x[2], 0))
print(torch.unique(torch.tensor([3, 1, 3, 2, 1]), return_inverse=True, return_counts=True))
print(
    torch.unique_consecutive(
        torch.tensor([1, 1, 2, 2, 3, 1, 1]), return_counts=True, return_inverse=True
    )
)
