import torch

# Classical time-series modelling in tensors: an AR(p) model fitted by least squares on lagged
# columns from Tensor.unfold (and by Yule-Walker from autocovariances, solved as a Toeplitz
# system), ARIMA differencing with torch.diff(n=2) and its inversion by cumsum, Holt-Winters
# exponential smoothing with its parameters fitted by Adam through the recursion, dynamic time
# warping by dynamic programming with a backtracked path, compounding returns with cumprod,
# cumulative_trapezoid / trapezoid integrals, and STFT band energies as features.
import math

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
dt = torch.float64

# AR(2) process
n = 300
phi = torch.tensor([0.6, -0.3], dtype=dt)
eps = torch.randn(n, dtype=dt)
x = torch.zeros(n, dtype=dt)
for t in range(2, n):
    x[t] = phi[0] * x[t - 1] + phi[1] * x[t - 2] + eps[t]
p = 2
windows = x.unfold(0, p + 1, 1)
print("windows", windows.shape, windows.stride(), windows.is_contiguous())
lags, target = windows[:, :p].flip(1), windows[:, p]
design = torch.cat([torch.ones(len(target), 1, dtype=dt), lags], 1)
coef = torch.linalg.lstsq(design, target.unsqueeze(1)).solution.squeeze(1)
print("least-squares AR coefficients", coef)
resid = target - design @ coef
aic = len(target) * resid.var(correction=0).log() + 2 * (p + 1)
print("residual sd", f"{resid.std().item():.5f}", "aic", f"{aic.item():.4f}")
xc = x - x.mean()
acov = torch.stack([(xc[: n - k] * xc[k:]).sum() / n for k in range(p + 1)])
R = acov[torch.arange(p)[:, None].sub(torch.arange(p)).abs()]
print("toeplitz", R)
yw = torch.linalg.solve(R, acov[1:])
print("yule-walker", yw, "sigma2", f"{(acov[0] - yw @ acov[1:]).item():.5f}")
forecast = x[-p:].flip(0).clone()
preds = []
for h in range(5):
    nxt = coef[0] + coef[1:] @ forecast
    preds.append(nxt)
    forecast = torch.cat([nxt.view(1), forecast[:-1]])
print("5-step forecast", torch.stack(preds))

# ARIMA(0, 2, 0) style differencing and its inverse
trend = torch.cumsum(torch.cumsum(0.1 + 0.05 * torch.randn(40, dtype=dt), 0), 0)
d2 = torch.diff(trend, n=2)
d1 = torch.diff(trend, prepend=trend[:1])
print("second differences", d2[:5], "mean", f"{d2.mean().item():.5f}")
print("first diff with prepend", d1[:4])
slopes = trend[1] - trend[0] + torch.cumsum(d2, 0)
rebuilt = torch.cat([trend[:2], trend[1] + torch.cumsum(slopes, 0)])
print("reintegrated", torch.allclose(rebuilt, trend), rebuilt.shape)

# Holt-Winters additive with learned smoothing parameters
season = 4
t_ = torch.arange(48, dtype=dt)
series = 10 + 0.3 * t_ + 2 * torch.sin(2 * math.pi * t_ / season) + 0.3 * torch.randn(48, dtype=dt)
raw = torch.zeros(3, dtype=dt, requires_grad=True)
opt = torch.optim.Adam([raw], lr=0.1)


def holt_winters(y, params):
    alpha, beta, gamma = torch.sigmoid(params).unbind()
    level = y[:season].mean()
    slope = (y[season:2 * season].mean() - y[:season].mean()) / season
    seas = list(y[:season] - level)
    fitted = []
    for i in range(season, len(y)):
        s = seas[i - season]
        fitted.append(level + slope + s)
        new_level = alpha * (y[i] - s) + (1 - alpha) * (level + slope)
        slope = beta * (new_level - level) + (1 - beta) * slope
        seas.append(gamma * (y[i] - new_level) + (1 - gamma) * s)
        level = new_level
    return torch.stack(fitted), level, slope, seas


for it in range(40):
    fitted, *_ = holt_winters(series, raw)
    loss = (fitted - series[season:]).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if it % 10 == 0:
        print(f"hw it {it:2d} mse {loss.item():.6f} grad {raw.grad}")
fitted, level, slope, seas = holt_winters(series, raw.detach())
print("alpha beta gamma", torch.sigmoid(raw.detach()))
h = torch.arange(1, 5, dtype=dt)
print("hw forecast", level + h * slope + torch.stack(seas[-season:]))

# simple exponential smoothing vs its closed form as a weighted sum
a = 0.3
s = series[0]
for v in series[1:]:
    s = a * v + (1 - a) * s
weights = a * (1 - a) ** torch.arange(len(series) - 2, -1, -1, dtype=dt)
closed = (weights * series[1:]).sum() + (1 - a) ** (len(series) - 1) * series[0]
print("ses", f"{s.item():.8f}", "closed form", f"{closed.item():.8f}")

# dynamic time warping
q = torch.sin(torch.linspace(0, 2 * math.pi, 15, dtype=dt))
r = torch.sin(torch.linspace(0, 2 * math.pi, 22, dtype=dt) ** 1.2 / (2 * math.pi) ** 0.2)
cost = torch.cdist(q[:, None], r[:, None], p=1)
D = torch.full((16, 23), float("inf"), dtype=dt)
D[0, 0] = 0
for i in range(1, 16):
    for j in range(1, 23):
        D[i, j] = cost[i - 1, j - 1] + torch.min(torch.stack([D[i - 1, j], D[i, j - 1],
                                                             D[i - 1, j - 1]]))
i, j = 15, 22
path = [(i - 1, j - 1)]
while (i, j) != (1, 1):
    step = torch.argmin(torch.stack([D[i - 1, j - 1], D[i - 1, j], D[i, j - 1]])).item()
    i, j = [(i - 1, j - 1), (i - 1, j), (i, j - 1)][step]
    path.append((i - 1, j - 1))
print("dtw distance", f"{D[15, 22].item():.6f}", "path length", len(path))
print("path head", path[::-1][:8])
resampled = torch.nn.functional.interpolate(r.view(1, 1, -1), size=15, mode="linear",
                                            align_corners=True).flatten()
print("L1 on resampled", f"{(q - resampled).abs().sum().item():.6f}")

# returns, cumprod, drawdowns, integrals
prices = 100 * torch.cumprod(1 + 0.01 * torch.randn(30, dtype=dt), 0)
rets = prices[1:] / prices[:-1] - 1
compounded = torch.cumprod(1 + rets, 0)[-1] * prices[0]
print("compounded", f"{compounded.item():.6f}", f"{prices[-1].item():.6f}")
peak = torch.cummax(prices, 0).values
print("max drawdown", f"{((prices - peak) / peak).min().item():.6f}")
print("log returns sum", f"{torch.log1p(rets).sum().item():.8f}",
      f"{torch.log(prices[-1] / prices[0]).item():.8f}")
tt = torch.linspace(0, 1, 11, dtype=dt)
print("trapezoid", torch.trapezoid(tt ** 2, tt).item(), torch.trapezoid(tt ** 2, dx=0.1).item())
print("cumulative", torch.cumulative_trapezoid(tt ** 2, tt)[-3:])
print("trapz 2d", torch.trapezoid(torch.stack([tt, tt ** 2]), dim=1))

# STFT features
fs = 64
sig = torch.sin(2 * math.pi * 8 * torch.arange(256, dtype=dt) / fs)
sig[128:] = torch.sin(2 * math.pi * 20 * torch.arange(128, dtype=dt) / fs)
spec = torch.stft(sig, n_fft=32, hop_length=16, window=torch.hann_window(32, dtype=dt),
                  return_complex=True, center=True, pad_mode="reflect")
print("stft", spec.shape, spec.dtype)
power = spec.abs().pow(2)
freqs = torch.fft.rfftfreq(32, d=1 / fs)
bands = torch.bucketize(freqs, torch.tensor([10.0, 16.0]))
band_energy = torch.zeros(3, power.shape[1], dtype=dt).index_add_(0, bands, power)
print("dominant frequency per frame", freqs[power.argmax(0)].tolist())
print("band share first/last frame", (band_energy / band_energy.sum(0))[:, [0, -1]])
recon = torch.istft(spec, n_fft=32, hop_length=16, window=torch.hann_window(32, dtype=dt),
                    length=256)
print("istft error below 1e-12", bool((recon - sig).abs().max() < 1e-12))
