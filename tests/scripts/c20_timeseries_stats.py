import torch

# Time-series preprocessing and statistics as analysts write it in tensors: moving averages
# with unfold and with cumsum, an exponentially weighted mean, lag features with roll and
# masks, differencing, rolling z-score anomalies, IQR outliers with quantile, autocorrelation
# through rfft, seasonal means by scatter_add / index_reduce, forward-filling gaps with cummax
# on indices, resampling with reshape, and summary tables printed with f-strings.
torch.set_printoptions(precision=4, linewidth=100)
g = torch.Generator().manual_seed(3)
n = 48
t = torch.arange(n, dtype=torch.float64)
season = torch.sin(2 * torch.pi * t / 12)
series = 10 + 0.05 * t + 2 * season + 0.3 * torch.randn(n, generator=g, dtype=torch.float64)
series[[7, 30]] += torch.tensor([4.0, -5.0], dtype=torch.float64)
print(series[:6], series.dtype)

w = 5
win = series.unfold(0, w, 1)
print("windows", win.shape, win.stride())
ma = win.mean(1)
cs = torch.cat([torch.zeros(1, dtype=torch.float64), series.cumsum(0)])
ma2 = (cs[w:] - cs[:-w]) / w
print("moving average agrees", torch.allclose(ma, ma2), (ma - ma2).abs().max() < 1e-12)
print("ma head", ma[:4])
alpha = 0.3
ewm = torch.empty_like(series)
ewm[0] = series[0]
for i in range(1, n):
    ewm[i] = alpha * series[i] + (1 - alpha) * ewm[i - 1]
print("ewm tail", ewm[-3:])
weights = (1 - alpha) ** torch.arange(n - 1, -1, -1, dtype=torch.float64)
print("ewm closed form", torch.isclose(ewm[-1], (alpha * (weights * series)[1:]).sum()
                                      + weights[0] * series[0]))

lags = torch.stack([series.roll(k) for k in (1, 2, 12)], dim=1)
valid = torch.arange(n) >= 12
X = lags[valid]
print("lag matrix", X.shape, X[0])
coef = torch.linalg.lstsq(torch.cat([X, torch.ones(len(X), 1, dtype=torch.float64)], 1),
                          series[valid].unsqueeze(1)).solution.squeeze(1)
print("AR coefficients", coef)

d1 = series.diff()
d12 = series.diff(n=1, dim=0)[12:] - series.diff()[:-12]
print("diff stats", d1.mean(), d1.std(), d12.shape)
roll_mean = win.mean(1)
roll_std = win.std(1)
z = (series[w - 1:] - roll_mean) / roll_std
flag = (z.abs() > 1.7).nonzero().squeeze(1) + w - 1
print("rolling z flags", flag.tolist())
q1, q3 = torch.quantile(d1, torch.tensor([0.25, 0.75], dtype=torch.float64))
iqr = q3 - q1
out_idx = ((d1 < q1 - 1.5 * iqr) | (d1 > q3 + 1.5 * iqr)).nonzero(as_tuple=True)[0]
print(f"IQR {iqr:.4f} outliers at {out_idx.tolist()}")
med = series.median()
mad = (series - med).abs().median()
print(f"median {med:.4f} MAD {mad:.4f}")

x = series - series.mean()
spec = torch.fft.rfft(x, n=2 * n)
acf = torch.fft.irfft(spec * spec.conj(), n=2 * n)[:n]
acf = acf / acf[0]
print("acf lags 1,6,12", acf[[1, 6, 12]])
power = spec.abs().pow(2)[: n // 2]
print("dominant period", (2 * n / power[1:].argmax().add(1)).item())

month = torch.arange(n) % 12
sums = torch.zeros(12, dtype=torch.float64).scatter_add_(0, month, series)
cnts = torch.bincount(month, minlength=12)
print("seasonal means", sums / cnts)
print("index_reduce mean", torch.zeros(12, dtype=torch.float64).index_reduce_(
    0, month, series, "mean", include_self=False)[:4])
print("amax by month", torch.full((12,), -torch.inf, dtype=torch.float64).scatter_reduce(
    0, month, series, "amax")[:4])

gappy = series.clone()
gappy[[3, 4, 5, 20, 21]] = float("nan")
ok = ~gappy.isnan()
last = torch.where(ok, torch.arange(n), 0).cummax(0).values
filled = gappy[last]
print("forward fill", filled[2:7], filled.isnan().any())
interp = gappy.clone()
idx = torch.arange(n, dtype=torch.float64)
known = ok.nonzero().squeeze(1)
pos = torch.searchsorted(known, torch.arange(n))
lo_i = known[(pos - 1).clamp(min=0)]
hi_i = known[pos.clamp(max=len(known) - 1)]
frac = torch.where(hi_i > lo_i, (idx - lo_i) / (hi_i - lo_i).clamp(min=1), torch.zeros(()))
lerp = torch.lerp(series[lo_i], series[hi_i], frac)
interp = torch.where(ok, gappy, lerp)
print("linear fill", interp[2:7])

quarterly = series.reshape(-1, 3)
print("quarterly", quarterly.mean(1)[:4], quarterly.amax(1)[:4])
stats = torch.stack([series.min(), series.max(), series.mean(), series.std(),
                     series.quantile(0.9), series.kthvalue(5).values])
for name, v in zip(["min", "max", "mean", "std", "p90", "5th"], stats):
    print(f"{name:>5}: {v.item():9.4f}")
print("argmin/argmax", series.argmin().item(), series.argmax().item(),
      "aminmax", [round(v.item(), 4) for v in series.aminmax()])
