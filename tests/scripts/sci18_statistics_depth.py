import torch  # noqa: I001 (the harness requires torch first)

# Descriptive and robust statistics as a data scientist computes them in torch, in float64 and
# float32: order statistics (kthvalue, median/nanmedian with dim, mode, quantile/nanquantile
# with every interpolation and keepdim), running extremes (cummax/cummin, logcumsumexp),
# weighted covariance (fweights/aweights/correction) and corrcoef, histograms (histc, histogram
# with weights/density and explicit edges, histogramdd, bincount with weights and minlength),
# unique with dim/return_inverse/return_counts, unique_consecutive, searchsorted with sorter
# and side, the median absolute deviation and Huber M-estimation by IRLS, bootstrap standard
# errors, and ties and NaNs throughout.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(18)


def fmt(t, digits=8):
    return " ".join(f"{v:.{digits}g}" for v in torch.as_tensor(t).detach().flatten().tolist())


X = torch.randn(5, 7)
X[1, 3] = float("nan")
X[4, 0] = float("nan")
ties = torch.tensor([[3.0, 1.0, 2.0, 2.0, 3.0, 1.0, 3.0], [5.0, 5.0, 4.0, 4.0, 1.0, 1.0, 2.0]])

# order statistics
# (which of tied elements kthvalue's index names is left to torch's quickselect: indices are
# printed for distinct values only)
distinct = torch.tensor([[0.3, -1.2, 2.2, 0.9, -0.4, 1.7, 0.0], [5.0, 4.0, 3.0, 2.0, 1.0, 0.5,
                                                                  -1.0]])
for k in (1, 3, 7):
    v, i = torch.kthvalue(distinct, k, dim=1)
    print("kthvalue", k, v.tolist(), i.tolist(), torch.kthvalue(ties, k, dim=1).values.tolist())
v, i = torch.kthvalue(distinct, 2, dim=0, keepdim=True)
print("kthvalue dim0", v.tolist(), i.tolist())
print("median", torch.median(ties), torch.median(ties, dim=1), torch.median(X, 0).values)
print("nanmedian", torch.nanmedian(X), fmt(torch.nanmedian(X, 1).values),
      torch.nanmedian(X, 1).indices)
print("mode", torch.mode(ties, 1), torch.mode(ties, 0).values)
print("mode float32", torch.mode(torch.tensor([2.5, 1.0, 2.5, 1.0]), 0))
q = torch.tensor([0.0, 0.1, 0.25, 0.5, 0.9, 1.0])
data = torch.tensor([[1.0, 7.0, 3.0, 3.0, 9.0, 2.0], [4.0, float("nan"), 0.5, 8.0, 6.0, 6.0]])
for interp in ("linear", "lower", "higher", "midpoint", "nearest"):
    print("quantile", interp, fmt(torch.quantile(data[0], q, interpolation=interp)),
          "nanquantile", fmt(torch.nanquantile(data, q, dim=1, interpolation=interp)))
print("quantile keepdim", torch.quantile(data, 0.5, dim=1, keepdim=True),
      torch.quantile(data, torch.tensor([0.5]), dim=0, keepdim=True).shape)
print("quantile nan", torch.quantile(data, 0.5, dim=1))
for bad in (lambda: torch.quantile(data, 1.5), lambda: torch.quantile(data.int(), 0.5),
            lambda: torch.quantile(data, torch.tensor([[0.5]])),
            lambda: torch.quantile(data, 0.5, interpolation="cubic"),
            lambda: torch.quantile(data, torch.tensor([0.5], dtype=torch.float32))):
    try:
        bad()
    except Exception as err:
        print(type(err).__name__, err)

# running extremes
seq = torch.tensor([1.0, 3.0, 2.0, 3.0, float("nan"), 0.5, 4.0])
print("cummax", torch.cummax(seq, 0))
print("cummin", torch.cummin(seq.flip(0), 0))
print("cummax ints", torch.cummax(torch.tensor([[1, 5, 5, 2], [0, 0, 3, 3]]), 1))
print("logcumsumexp", fmt(torch.logcumsumexp(torch.tensor([-1e3, 0.0, 1e3, -math.inf,
                                                               2.0]), 0)))

# covariance
obs = torch.randn(3, 10)
fw = torch.tensor([1, 2, 1, 3, 1, 1, 2, 1, 1, 1])
aw = torch.rand(10)
print("cov", fmt(torch.cov(obs), 7))
print("cov correction 0", fmt(torch.cov(obs, correction=0), 7))
print("cov fweights", fmt(torch.cov(obs, fweights=fw), 7))
print("cov aweights", fmt(torch.cov(obs, aweights=aw), 7))
print("cov both", fmt(torch.cov(obs, fweights=fw, aweights=aw, correction=2), 7))
expanded = obs.repeat_interleave(fw, dim=1)
print("fweights = repeats", torch.allclose(torch.cov(obs, fweights=fw), torch.cov(expanded)))
print("corrcoef", fmt(torch.corrcoef(obs), 7))
print("cov 1-D", torch.cov(torch.tensor([1.0, 2.0, 4.0])), torch.corrcoef(torch.tensor(
    [1.0, 2.0, 4.0])))
for bad in (lambda: torch.cov(obs, fweights=fw.float()), lambda: torch.cov(obs, fweights=-fw),
            lambda: torch.cov(obs, aweights=-aw), lambda: torch.cov(torch.randn(2, 2, 2)),
            lambda: torch.cov(obs, fweights=fw[:5])):
    try:
        bad()
    except Exception as err:
        print(type(err).__name__, err)
print("cov single obs", torch.cov(torch.tensor([[1.0], [2.0]])))

# histograms
samples = torch.randn(200)
print("histc", torch.histc(samples, bins=8, min=-3, max=3))
print("histc auto", torch.histc(torch.tensor([1.0, 2.0, 1.0, 4.0]), bins=3))
hist, edges = torch.histogram(samples, bins=6, range=(-2.0, 2.0))
print("histogram", hist, fmt(edges, 4))
hist_w, _ = torch.histogram(samples, bins=torch.tensor([-3.0, -1.0, 0.0, 0.5, 3.0]),
                            weight=samples.abs(), density=True)
print("histogram weighted density", fmt(hist_w, 7))
hdd = torch.histogramdd(torch.randn(100, 2), bins=[3, 4], range=[-2.0, 2.0, -1.0, 1.0])
print("histogramdd", hdd.hist, [fmt(e, 4) for e in hdd.bin_edges])
print("bincount", torch.bincount(torch.tensor([0, 2, 2, 5, 1])),
      torch.bincount(torch.tensor([0, 2, 2, 5]), weights=torch.tensor([0.5, 1.0, 1.5, 2.0]),
                     minlength=8), torch.bincount(torch.tensor([], dtype=torch.long),
                                                  minlength=3))
try:
    torch.bincount(torch.tensor([1, -1]))
except RuntimeError as err:
    print("bincount negative:", err)

# unique and searchsorted
u = torch.tensor([[1, 2], [3, 4], [1, 2], [0, 9], [3, 4]])
vals, inv, counts = torch.unique(u, dim=0, return_inverse=True, return_counts=True)
print("unique dim0", vals.tolist(), inv.tolist(), counts.tolist())
flat = torch.tensor([3, 3, 1, 1, 1, 2, 3, 3, 0])
print("unique", torch.unique(flat, sorted=True, return_inverse=True, return_counts=True))
print("unique_consecutive", torch.unique_consecutive(flat, return_inverse=True,
                                                     return_counts=True))
print("unique floats", torch.unique(torch.tensor([0.5, float("nan"), 0.5, -0.0, 0.0])))
unsorted = torch.tensor([4.0, 1.0, 3.0, 2.0, 3.0])
sorter = torch.argsort(unsorted, stable=True)
probe = torch.tensor([0.5, 3.0, 3.5, 10.0])
print("searchsorted sorter", torch.searchsorted(unsorted, probe, sorter=sorter),
      torch.searchsorted(unsorted, probe, sorter=sorter, side="right"),
      torch.searchsorted(unsorted.sort().values, probe, right=True, out_int32=True))
print("bucketize", torch.bucketize(probe, torch.tensor([1.0, 3.0, 5.0]), right=True))

# robust statistics: MAD and a Huber M-estimate of location by IRLS
contaminated = torch.cat([torch.randn(40) * 0.5 + 2.0, torch.tensor([25.0, 30.0, -20.0])])
med = contaminated.median()
mad = (contaminated - med).abs().median() * 1.4826
print("mean", f"{contaminated.mean().item():.8f}", "median", f"{med.item():.8f}",
      "MAD", f"{mad.item():.8f}")
mu = med.clone()
for it in range(20):
    r = (contaminated - mu) / mad
    w = torch.where(r.abs() <= 1.345, torch.ones_like(r), 1.345 / r.abs())
    mu = (w * contaminated).sum() / w.sum()
print("huber location", f"{mu.item():.10f}", "weights<1:", int((w < 1).sum()))
trimmed = contaminated.sort().values[4:-4].mean()
print("trimmed mean", f"{trimmed.item():.10f}")

# bootstrap standard error of the median
idx = torch.randint(0, contaminated.numel(), (500, contaminated.numel()))
boot = contaminated[idx].median(dim=1).values
print("bootstrap median se", f"{boot.std().item():.8f}", "ci",
      fmt(torch.quantile(boot, torch.tensor([0.025, 0.975])), 8))

# float32 summaries
f32 = torch.randn(1000, dtype=torch.float32) * 3 + 1
print("float32", f32.mean().dtype, f"{f32.mean().item():.5f}", f"{f32.std().item():.5f}",
      f"{f32.var(correction=0).item():.5f}", torch.std_mean(f32, correction=2)[0].dtype,
      f"{torch.quantile(f32, 0.5).item():.5f}", f"{f32.median().item():.5f}")
print("aminmax", torch.aminmax(X.nan_to_num(0.0), dim=1))
print("var of one", torch.tensor([2.0]).var(), torch.tensor([2.0]).std(correction=0))
