import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import parametrizations, parametrize

# A temporal convolutional network (Bai et al.) / WaveNet-style forecaster: dilated causal
# Conv1d layers padded on the left only, weight_norm on the convolutions and spectral_norm on
# the output projection through nn.utils.parametrizations, gated residual blocks, Huber loss,
# then an autoregressive multi-step forecast; the parametrizations removed for deployment.

torch.manual_seed(0)
t = torch.arange(0, 240, dtype=torch.float32)
series = torch.sin(t * 0.21) + 0.5 * torch.sin(t * 0.047 + 1.0) + 0.05 * torch.randn(240)
window, horizon = 48, 6


def windows(x, length):
    return x.unfold(0, length + 1, 3)


pairs = windows(series[:200], window)
inputs, targets = pairs[:, :-1].unsqueeze(1), pairs[:, 1:].unsqueeze(1)
print("windows", tuple(inputs.shape), tuple(targets.shape))


class CausalConv1d(nn.Module):
    def __init__(self, channels_in, channels_out, kernel, dilation):
        super().__init__()
        self.left = (kernel - 1) * dilation
        self.conv = parametrizations.weight_norm(
            nn.Conv1d(channels_in, channels_out, kernel, dilation=dilation))

    def forward(self, x):
        return self.conv(F.pad(x, (self.left, 0)))


class GatedBlock(nn.Module):
    def __init__(self, channels, dilation):
        super().__init__()
        self.filter = CausalConv1d(channels, channels, 2, dilation)
        self.gate = CausalConv1d(channels, channels, 2, dilation)
        self.residual = nn.Conv1d(channels, channels, 1)
        self.skip = nn.Conv1d(channels, channels, 1)

    def forward(self, x):
        h = torch.tanh(self.filter(x)) * torch.sigmoid(self.gate(x))
        return x + self.residual(h), self.skip(h)


class TCN(nn.Module):
    def __init__(self, channels=12, dilations=(1, 2, 4, 8)):
        super().__init__()
        self.input = CausalConv1d(1, channels, 2, 1)
        self.blocks = nn.ModuleList([GatedBlock(channels, d) for d in dilations])
        self.head = parametrizations.spectral_norm(nn.Conv1d(channels, 1, 1))

    def forward(self, x):
        x = self.input(x)
        skips = 0
        for block in self.blocks:
            x, skip = block(x)
            skips = skips + skip
        return self.head(F.relu(skips))

    def receptive_field(self):
        return 1 + sum(block.filter.left for block in self.blocks) + self.input.left


model = TCN()
print("receptive field", model.receptive_field())
conv = model.blocks[0].filter.conv
print(type(conv).__name__, parametrize.is_parametrized(conv), list(conv.parametrizations.weight))
print(sorted(name for name, _ in conv.named_parameters()))
print("g shape", tuple(conv.parametrizations.weight.original0.shape),
      "v shape", tuple(conv.parametrizations.weight.original1.shape))

# causality: changing the future does not change the past outputs
probe = inputs[:1].clone()
before = model(probe)
probe[..., 30:] += 1.0
after = model(probe)
print("causal", torch.equal(before[..., :30], after[..., :30]),
      bool((before[..., 30:] != after[..., 30:]).any()))

optimizer = torch.optim.Adam(model.parameters(), lr=4e-3)
for epoch in range(8):
    permutation = torch.randperm(len(inputs))
    total = 0.0
    for i in range(0, len(inputs), 16):
        batch = permutation[i:i + 16]
        prediction = model(inputs[batch])
        loss = F.huber_loss(prediction[..., 8:], targets[batch][..., 8:], delta=0.5)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    sigma = torch.linalg.matrix_norm(model.head.weight.flatten(1), ord=2).item()
    print(f"epoch {epoch} huber {total / len(inputs):.6f} head sigma {sigma:.4f}")

model.eval()
with torch.no_grad():
    history = series[200 - window:200].clone()
    forecast = []
    for _ in range(horizon):
        nxt = model(history[-window:].view(1, 1, -1))[0, 0, -1]
        forecast.append(nxt)
        history = torch.cat([history, nxt.view(1)])
    forecast = torch.stack(forecast)
    truth = series[200:200 + horizon]
    print("forecast", forecast)
    print("truth   ", truth)
    print(f"mae {(forecast - truth).abs().mean().item():.5f}")

    reference = model(inputs[:2])
    for module in model.modules():
        if parametrize.is_parametrized(module):
            parametrize.remove_parametrizations(module, "weight")
    print("plain", parametrize.is_parametrized(conv), type(conv).__name__,
          sorted(name for name, _ in conv.named_parameters()))
    print("same output", torch.allclose(model(inputs[:2]), reference, atol=1e-6))
