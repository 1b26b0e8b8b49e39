import torch

# A time-series forecasting repo: a synthetic multivariate series (trend + two seasonalities +
# noise) in NumPy, a StandardScaler fitted on the training span only, sliding windows cut three
# ways (Tensor.unfold, np.lib.stride_tricks.sliding_window_view, and a Dataset indexing
# start:start + lookback), a chronological split, three forecasters (an LSTM encoder with a
# multi-horizon linear head, a causal dilated Conv1d stack padded on the left with F.pad, and
# DLinear's moving-average decomposition through AvgPool1d with replicate padding), RevIN-style
# per-window normalisation (mean/std over time with keepdim=True, unbiased=False), MSE training
# with CosineAnnealingWarmRestarts, MAE / RMSE / sMAPE metrics on the inverse-transformed
# forecasts, and a recursive multi-step rollout that feeds predictions back with torch.cat.
import math

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
rng = np.random.default_rng(0)
T, C = 420, 3
t = np.arange(T, dtype=np.float64)
series = np.stack([
    0.01 * t + np.sin(2 * np.pi * t / 24) + 0.3 * np.sin(2 * np.pi * t / 7),
    0.5 * np.cos(2 * np.pi * t / 24 + 1.0) + 0.002 * t,
    np.sin(2 * np.pi * t / 12) * (1 + 0.001 * t),
], axis=1) + 0.1 * rng.standard_normal((T, C))
series = series.astype(np.float32)
print("series", series.shape, series.dtype, np.round(series[:2], 4).tolist())

train_end, val_end = int(T * 0.7), int(T * 0.85)
mean = series[:train_end].mean(axis=0, keepdims=True)
std = series[:train_end].std(axis=0, keepdims=True)
scaled = (series - mean) / std
print("scaler", np.round(mean, 4).tolist(), np.round(std, 4).tolist())

LOOKBACK, HORIZON = 32, 8
data = torch.from_numpy(scaled)
windows = data.unfold(0, LOOKBACK + HORIZON, 1)  # (N, C, L + H)
print("unfold", tuple(windows.shape), windows.stride(), windows.is_contiguous())
np_windows = np.lib.stride_tricks.sliding_window_view(scaled, LOOKBACK + HORIZON, axis=0)
print("same as sliding_window_view:", torch.equal(windows, torch.from_numpy(np_windows.copy())))
x_all = windows[..., :LOOKBACK].permute(0, 2, 1).contiguous()  # (N, L, C)
y_all = windows[..., LOOKBACK:].transpose(1, 2)  # (N, H, C)
print("x/y", tuple(x_all.shape), tuple(y_all.shape), y_all.is_contiguous())


class WindowDataset(Dataset):
    def __init__(self, array, start, end, lookback, horizon):
        self.array = torch.as_tensor(array)
        self.starts = range(start, end - lookback - horizon + 1)
        self.lookback, self.horizon = lookback, horizon

    def __len__(self):
        return len(self.starts)

    def __getitem__(self, i):
        s = self.starts[i]
        x = self.array[s:s + self.lookback]
        y = self.array[s + self.lookback:s + self.lookback + self.horizon]
        return x, y


train_set = WindowDataset(scaled, 0, train_end, LOOKBACK, HORIZON)
val_set = WindowDataset(scaled, train_end - LOOKBACK, val_end, LOOKBACK, HORIZON)
test_set = WindowDataset(scaled, val_end - LOOKBACK, T, LOOKBACK, HORIZON)
print("windows", len(train_set), len(val_set), len(test_set))
x0, y0 = train_set[5]
print("dataset matches unfold:", torch.equal(x0, x_all[5]), torch.equal(y0, y_all[5]))


class RevIN(nn.Module):
    def __init__(self, num_features, eps=1e-5, affine=True):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(num_features)) if affine else None
        self.bias = nn.Parameter(torch.zeros(num_features)) if affine else None

    def forward(self, x, mode):
        if mode == "norm":
            self.mean = x.mean(dim=1, keepdim=True).detach()
            self.stdev = torch.sqrt(torch.var(x, dim=1, keepdim=True, unbiased=False)
                                    + self.eps).detach()
            x = (x - self.mean) / self.stdev
            return x * self.weight + self.bias
        x = (x - self.bias) / (self.weight + self.eps * self.eps)
        return x * self.stdev + self.mean


class LSTMForecaster(nn.Module):
    def __init__(self, c, hidden=24, horizon=HORIZON):
        super().__init__()
        self.revin = RevIN(c)
        self.lstm = nn.LSTM(input_size=c, hidden_size=hidden, num_layers=1, batch_first=True)
        self.head = nn.Linear(hidden, horizon * c)
        self.c, self.horizon = c, horizon

    def forward(self, x):
        x = self.revin(x, "norm")
        out, (h_n, c_n) = self.lstm(x)
        y = self.head(h_n[-1]).view(-1, self.horizon, self.c)
        return self.revin(y, "denorm")


class CausalConv1d(nn.Conv1d):
    def __init__(self, cin, cout, kernel_size, dilation):
        super().__init__(cin, cout, kernel_size, dilation=dilation)
        self.left = (kernel_size - 1) * dilation

    def forward(self, x):
        return super().forward(F.pad(x, (self.left, 0)))


class TCNForecaster(nn.Module):
    def __init__(self, c, channels=16, horizon=HORIZON):
        super().__init__()
        layers, cin = [], c
        for dilation in (1, 2, 4, 8):
            layers += [CausalConv1d(cin, channels, 3, dilation), nn.GELU()]
            cin = channels
        self.tcn = nn.Sequential(*layers)
        self.head = nn.Linear(channels, horizon * c)
        self.c, self.horizon = c, horizon

    def forward(self, x):
        h = self.tcn(x.transpose(1, 2))  # (B, C, L)
        return self.head(h[:, :, -1]).reshape(x.size(0), self.horizon, self.c) + x[:, -1:, :]


class DLinear(nn.Module):
    def __init__(self, lookback, horizon, kernel=9):
        super().__init__()
        self.kernel = kernel
        self.avg = nn.AvgPool1d(kernel_size=kernel, stride=1, padding=0)
        self.seasonal = nn.Linear(lookback, horizon)
        self.trend = nn.Linear(lookback, horizon)

    def decompose(self, x):  # x: (B, L, C)
        pad = (self.kernel - 1) // 2
        xt = F.pad(x.permute(0, 2, 1), (pad, pad), mode="replicate")
        trend = self.avg(xt).permute(0, 2, 1)
        return x - trend, trend

    def forward(self, x):
        seasonal, trend = self.decompose(x)
        out = self.seasonal(seasonal.transpose(-1, -2)) + self.trend(trend.transpose(-1, -2))
        return out.transpose(-1, -2)


def metrics(pred, target):
    pred = pred * torch.from_numpy(std) + torch.from_numpy(mean)
    target = target * torch.from_numpy(std) + torch.from_numpy(mean)
    mae = F.l1_loss(pred, target).item()
    rmse = math.sqrt(F.mse_loss(pred, target).item())
    smape = (200 * (pred - target).abs() / (pred.abs() + target.abs() + 1e-8)).mean().item()
    return mae, rmse, smape


@torch.no_grad()
def evaluate(model, dataset):
    model.eval()
    loader = DataLoader(dataset, batch_size=64, shuffle=False)
    preds, targets = zip(*[(model(x), y) for x, y in loader])
    return metrics(torch.cat(preds), torch.cat(targets))


def fit(name, model, epochs=3, lr=5e-3):
    loader = DataLoader(train_set, batch_size=32, shuffle=True,
                        generator=torch.Generator().manual_seed(1))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=len(loader),
                                                                     T_mult=2, eta_min=1e-4)
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for i, (x, y) in enumerate(loader):
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step(epoch + i / len(loader))
            total += loss.item() * len(x)
        mae, rmse, smape = evaluate(model, val_set)
        print(f"{name} epoch {epoch} train_mse {total / len(train_set):.4f} val_mae {mae:.4f} "
              f"val_rmse {rmse:.4f} val_smape {smape:.2f} lr {optimizer.param_groups[0]['lr']:.5f}")
    return model


models = {"lstm": LSTMForecaster(C), "tcn": TCNForecaster(C), "dlinear": DLinear(LOOKBACK, HORIZON)}
for name, model in models.items():
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(name, "params", n_params)
    fit(name, model)
    print(name, "test", [round(m, 4) for m in evaluate(model, test_set)])

# recursive rollout: forecast 8 steps, append the first 4, forecast again
model = models["dlinear"].eval()
context = x_all[-1:].clone()
rolled = []
with torch.no_grad():
    for _ in range(3):
        step = model(context)[:, :4]
        rolled.append(step)
        context = torch.cat([context[:, 4:], step], dim=1)
rolled = torch.cat(rolled, dim=1)
print("rollout", tuple(rolled.shape), [round(v, 4) for v in rolled[0, :, 0].tolist()])
seasonal, trend = model.decompose(x_all[:2])
print("decompose sums back:", torch.allclose(seasonal + trend, x_all[:2]),
      round(trend.std(dim=1).mean().item(), 4))
