import torch

# Time-series and tabular models as their papers' reference code writes them: N-BEATS with
# generic and trend (polynomial basis) blocks subtracting backcasts, an FT-Transformer
# whose numerical features each get their own embedding (an einsum over per-feature weights)
# plus categorical embeddings with offsets and a [CLS] token, and anomaly detection by an
# autoencoder's reconstruction error against torch.quantile thresholds (every interpolation,
# nanquantile, a tensor of quantiles), scored with a precision / recall table.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


# ---------------- N-BEATS ----------------
class GenericBlock(nn.Module):
    def __init__(self, backcast, forecast, width=32):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(backcast, width), nn.ReLU(), nn.Linear(width, width),
                                nn.ReLU())
        self.theta = nn.Linear(width, backcast + forecast)
        self.backcast = backcast

    def forward(self, x):
        theta = self.theta(self.fc(x))
        return theta[:, : self.backcast], theta[:, self.backcast:]


class TrendBlock(nn.Module):
    def __init__(self, backcast, forecast, degree=2, width=32):
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(backcast, width), nn.ReLU())
        self.theta = nn.Linear(width, 2 * (degree + 1), bias=False)
        t_back = torch.arange(backcast) / backcast
        t_fore = torch.arange(forecast) / forecast
        powers = torch.arange(degree + 1)[:, None]
        self.register_buffer("back_basis", t_back[None] ** powers)
        self.register_buffer("fore_basis", t_fore[None] ** powers)

    def forward(self, x):
        theta_b, theta_f = self.theta(self.fc(x)).chunk(2, dim=-1)
        return theta_b @ self.back_basis, theta_f @ self.fore_basis


class NBeats(nn.Module):
    def __init__(self, backcast=12, forecast=4):
        super().__init__()
        self.blocks = nn.ModuleList([TrendBlock(backcast, forecast),
                                     GenericBlock(backcast, forecast),
                                     GenericBlock(backcast, forecast)])

    def forward(self, x):
        residual, forecast = x.flip(dims=(1,)), 0
        for block in self.blocks:
            back, fore = block(residual)
            residual = residual - back
            forecast = forecast + fore
        return forecast


t = torch.arange(400.0)
series = 0.01 * t + torch.sin(2 * torch.pi * t / 12) + 0.1 * torch.randn(400)
windows = series.unfold(0, 16, 1)
print("windows", windows.shape, windows.stride())
x_all, y_all = windows[:, :12], windows[:, 12:]
model = NBeats()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(4):
    perm = torch.randperm(len(x_all))
    total = 0.0
    for batch in perm.split(64):
        level = x_all[batch].mean(1, keepdim=True)
        pred = model(x_all[batch] - level) + level
        loss = F.l1_loss(pred, y_all[batch])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(batch)
    print(f"nbeats epoch {epoch} mae {total / len(x_all):.6f}")
with torch.no_grad():
    level = x_all[-3:].mean(1, keepdim=True)
    smape = (200 * (model(x_all[-3:] - level) + level - y_all[-3:]).abs()
             / (y_all[-3:].abs() + (model(x_all[-3:] - level) + level).abs())).mean()
    print("smape", f"{smape.item():.4f}", "trend basis", model.blocks[0].fore_basis)


# ---------------- FT-Transformer ----------------
class NumericalEmbedding(nn.Module):
    def __init__(self, n_features, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_features, dim) / dim ** 0.5)
        self.bias = nn.Parameter(torch.zeros(n_features, dim))

    def forward(self, x):
        return torch.einsum("bf,fd->bfd", x, self.weight) + self.bias


class FTTransformer(nn.Module):
    def __init__(self, n_num, cardinalities, dim=8, classes=2):
        super().__init__()
        self.num = NumericalEmbedding(n_num, dim)
        offsets = torch.tensor([0] + cardinalities[:-1]).cumsum(0)
        self.register_buffer("offsets", offsets)
        self.cat = nn.Embedding(sum(cardinalities), dim)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        layer = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, dropout=0.0,
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.LayerNorm(dim), nn.ReLU(), nn.Linear(dim, classes))

    def forward(self, x_num, x_cat):
        tokens = torch.cat([self.cls.expand(len(x_num), -1, -1), self.num(x_num),
                            self.cat(x_cat + self.offsets)], dim=1)
        return self.head(self.encoder(tokens)[:, 0])


n = 256
x_num = torch.randn(n, 3)
x_cat = torch.stack([torch.randint(0, 3, (n,)), torch.randint(0, 5, (n,))], dim=1)
target = ((x_num[:, 0] + (x_cat[:, 1] >= 2).double() - 0.5 * x_num[:, 2]) > 0.5).long()
ft = FTTransformer(3, [3, 5])
print("offsets", ft.offsets, "tokens", ft.cat.num_embeddings)
no_decay = [p for name, p in ft.named_parameters() if p.ndim < 2 or "cls" in name]
decay = [p for name, p in ft.named_parameters() if p.ndim >= 2 and "cls" not in name]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-5},
                         {"params": no_decay, "weight_decay": 0.0}], lr=3e-3)
print("groups", [len(g["params"]) for g in opt.param_groups])
for step in range(12):
    logits = ft(x_num, x_cat)
    loss = F.cross_entropy(logits, target, label_smoothing=0.05)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0 or step == 11:
        acc = (logits.argmax(1) == target).double().mean()
        print(f"ft step {step:2d} loss {loss.item():.6f} acc {acc.item():.4f}")
print("cls grad norm", f"{ft.cls.grad.norm().item():.6f}")


# ---------------- anomaly detection ----------------
normal = torch.randn(300, 6) @ torch.randn(6, 6) * 0.5
anomalies = torch.randn(12, 6) * 3
data = torch.cat([normal, anomalies])
is_anomaly = torch.cat([torch.zeros(300, dtype=torch.bool), torch.ones(12, dtype=torch.bool)])
ae = nn.Sequential(nn.Linear(6, 3), nn.Tanh(), nn.Linear(3, 6))
opt = torch.optim.Adam(ae.parameters(), lr=1e-2)
for step in range(150):
    loss = F.mse_loss(ae(normal), normal)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"ae loss {loss.item():.6f}")
with torch.no_grad():
    errors = F.mse_loss(ae(data), data, reduction="none").mean(1)
    train_errors = errors[:300]
    for method in ("linear", "lower", "higher", "midpoint", "nearest"):
        print(method, f"{torch.quantile(train_errors, 0.95, interpolation=method).item():.6f}")
    qs = torch.quantile(train_errors, torch.tensor([0.5, 0.9, 0.99]))
    print("quantiles", qs)
    with_nan = train_errors.clone()
    with_nan[::50] = float("nan")
    print("quantile with nan", torch.quantile(with_nan, 0.9),
          "nanquantile", f"{torch.nanquantile(with_nan, 0.9).item():.6f}")
    per_feature = torch.quantile(F.mse_loss(ae(normal), normal, reduction="none"), 0.99,
                                 dim=0, keepdim=True)
    print("per feature", per_feature.shape)
    for q in qs:
        flagged = errors > q
        tp = (flagged & is_anomaly).sum()
        precision = tp / flagged.sum().clamp(min=1)
        recall = tp / is_anomaly.sum()
        print(f"threshold {q.item():.4f} flagged {flagged.sum().item():3d} "
              f"precision {precision.item():.4f} recall {recall.item():.4f}")
    order = errors.argsort(descending=True)
    print("top flagged", order[:5].tolist(), is_anomaly[order[:12]].sum().item())
for bad in (1.5, torch.tensor([[0.5]])):
    try:
        torch.quantile(train_errors, bad)
    except RuntimeError as error:
        print("RuntimeError", error)
try:
    torch.quantile(train_errors.float(), 0.5, interpolation="cubic")
except RuntimeError as error:
    print("RuntimeError", error)
