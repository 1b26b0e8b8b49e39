import torch  # noqa: I001 (the harness requires torch first)

# Autoregressive time-series forecasting with a decoder-only Transformer: sine mixtures with
# noise, sliding windows, a linear value embedding plus learned positions, nn.TransformerDecoder
# (memory = the encoded context) with the causal mask from
# nn.Transformer.generate_square_subsequent_mask, AdamW with a LambdaLR warmup, gradient
# clipping, then multi-step forecasting by feeding predictions back in.
import math

from torch import nn

torch.manual_seed(21)
length, context, horizon = 160, 24, 8
t = torch.arange(length, dtype=torch.float)
series = torch.stack([torch.sin(2 * math.pi * t / period) + 0.5 * torch.cos(2 * math.pi * t / 7)
                      for period in (16.0, 20.0, 24.0)])
series = series + 0.05 * torch.randn_like(series)
mean, std = series.mean(), series.std()
series = (series - mean) / std
windows = series.unfold(1, context + 1, 3).reshape(-1, context + 1)
print("windows", windows.shape)

mask = nn.Transformer.generate_square_subsequent_mask(context)
print(mask[:4, :4])
print("dtype", mask.dtype, "masked", int(torch.isinf(mask).sum()))


class Forecaster(nn.Module):
    def __init__(self, d_model=32, heads=4, layers=2):
        super().__init__()
        self.embed = nn.Linear(1, d_model)
        self.position = nn.Parameter(torch.randn(1, context, d_model) * 0.02)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model, heads, 64, dropout=0.0, batch_first=True), 1)
        layer = nn.TransformerDecoderLayer(d_model, heads, 64, dropout=0.0, batch_first=True,
                                           norm_first=True)
        self.decoder = nn.TransformerDecoder(layer, layers, norm=nn.LayerNorm(d_model))
        self.out = nn.Linear(d_model, 1)

    def forward(self, x):
        steps = x.size(1)
        h = self.embed(x.unsqueeze(-1)) + self.position[:, :steps]
        causal = nn.Transformer.generate_square_subsequent_mask(steps)
        memory = self.encoder(h, mask=causal, is_causal=True)
        h = self.decoder(h, memory, tgt_mask=causal, memory_mask=causal, tgt_is_causal=True,
                         memory_is_causal=True)
        return self.out(h).squeeze(-1)


model = Forecaster()
print(sum(p.numel() for p in model.parameters()), "parameters")
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
warmup = 5
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda step: min(1.0, (step + 1) / warmup))
inputs, targets = windows[:, :-1], windows[:, 1:]
for step in range(30):
    batch = torch.randperm(inputs.size(0))[:16]
    prediction = model(inputs[batch])
    loss = nn.functional.mse_loss(prediction, targets[batch])
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    if step % 6 == 0 or step == 29:
        print(f"step {step:2d} loss {loss.item():.4f} grad norm {norm.item():.3f} "
              f"lr {scheduler.get_last_lr()[0]:.5f}")

# The causal mask makes each position's output independent of later inputs.
model.eval()
with torch.no_grad():
    probe = inputs[:1].clone()
    before = model(probe)
    probe[0, -1] += 5.0
    after = model(probe)
    print("earlier outputs unchanged:", torch.allclose(before[0, :-1], after[0, :-1],
                                                       atol=1e-5),
          "last changed:", not torch.allclose(before[0, -1], after[0, -1]))
    history = series[0, -context:].clone()
    forecast = []
    for _ in range(horizon):
        next_value = model(history.unsqueeze(0))[0, -1]
        forecast.append(round(next_value.item() * std.item() + mean.item(), 3))
        history = torch.cat([history[1:], next_value.view(1)])
    print("forecast", forecast)
