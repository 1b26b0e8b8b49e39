import torch

# Two small pipelines: keyword-style audio classification from torch.stft magnitude spectrograms
# and torch.fft.rfft band energies into a Conv1d network, and a tabular model with categorical
# embeddings, BatchNorm1d on the numeric columns and a WeightedRandomSampler DataLoader that
# rebalances a skewed label.
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, WeightedRandomSampler

torch.manual_seed(0)
sample_rate, length = 800, 400
time = torch.arange(length) / sample_rate


def make_clip(label):
    frequency = 60.0 + 90.0 * label + 10.0 * torch.rand(1)
    wave = torch.sin(2 * torch.pi * frequency * time) * (0.5 + torch.rand(1))
    return wave + 0.3 * torch.randn(length)


labels = torch.randint(0, 3, (24,))
clips = torch.stack([make_clip(label) for label in labels.tolist()])
window = torch.hann_window(64)
spec = torch.stft(clips, n_fft=64, hop_length=16, win_length=64, window=window,
                  return_complex=True)
magnitude = spec.abs()
log_spec = torch.log1p(magnitude)
print(spec.shape, spec.dtype, magnitude.shape, f"{log_spec.mean().item():.6f}")
power = torch.fft.rfft(clips, dim=-1).abs() ** 2
freqs = torch.fft.rfftfreq(length, d=1 / sample_rate)
bands = torch.stack([power[:, (freqs >= lo) & (freqs < lo + 100)].sum(-1)
                     for lo in range(0, 400, 100)], dim=1)
print(freqs[:4], bands.shape, bands.argmax(dim=1)[:8], labels[:8])
back = torch.istft(spec, n_fft=64, hop_length=16, window=window, length=length)
print("istft round trip", torch.allclose(back, clips, atol=1e-5), back.shape)


class AudioNet(nn.Module):
    def __init__(self, freq_bins=33, classes=3):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv1d(freq_bins, 16, kernel_size=3, padding=1),
                                  nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2),
                                  nn.Conv1d(16, 16, kernel_size=3, padding="same"), nn.ReLU(),
                                  nn.AdaptiveAvgPool1d(1), nn.Flatten())
        self.band_proj = nn.Linear(4, 8)
        self.head = nn.Linear(24, classes)

    def forward(self, spectrogram, band_energy):
        band = F.relu(self.band_proj(torch.log(band_energy + 1.0)))
        return self.head(torch.cat([self.conv(spectrogram), band], dim=1))


net = AudioNet()
optimizer = torch.optim.Adam(net.parameters(), lr=5e-3)
for epoch in range(10):
    logits = net(log_spec, bands)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 3 == 0:
        print(f"audio epoch {epoch} loss {loss.item():.6f}")
net.eval()
print("audio accuracy", (net(log_spec, bands).argmax(1) == labels).float().mean().item())

# --- tabular ------------------------------------------------------------------------------------
torch.manual_seed(3)
n = 120
cities = torch.randint(0, 5, (n,))
weekdays = torch.randint(0, 7, (n,))
numeric = torch.randn(n, 3) * torch.tensor([1.0, 10.0, 0.1]) + torch.tensor([0.0, 50.0, 1.0])
target = ((cities == 2) | (numeric[:, 0] > 1.2)).long()
print("label counts", torch.bincount(target))
class_weights = 1.0 / torch.bincount(target).float()
sample_weights = class_weights[target]
sampler = WeightedRandomSampler(sample_weights, num_samples=n, replacement=True)
dataset = TensorDataset(cities, weekdays, numeric, target)
loader = DataLoader(dataset, batch_size=32, sampler=sampler, drop_last=False)


class TabularModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.city = nn.Embedding(5, 3)
        self.weekday = nn.Embedding(7, 2, max_norm=1.0)
        self.numeric_bn = nn.BatchNorm1d(3)
        self.mlp = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 2))

    def forward(self, city, weekday, numbers):
        x = torch.cat([self.city(city), self.weekday(weekday), self.numeric_bn(numbers)], dim=1)
        return self.mlp(x)


tabular = TabularModel()
optimizer = torch.optim.Adagrad(tabular.parameters(), lr=0.05)
for epoch in range(4):
    seen, total_loss = torch.zeros(2, dtype=torch.long), 0.0
    for city, weekday, numbers, y in loader:
        loss = F.cross_entropy(tabular(city, weekday, numbers), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * y.shape[0]
        seen += torch.bincount(y, minlength=2)
    print(f"tabular epoch {epoch} loss {total_loss / n:.6f} seen {seen.tolist()}")
print(tabular.numeric_bn.running_mean, tabular.numeric_bn.num_batches_tracked)
print(tabular.weekday.weight.norm(dim=1).max() <= 1.0 + 1e-6, len(loader), sampler.num_samples)
