import torch
from torch.signal import windows
from torch.utils import benchmark

import contextlib
import hashlib
import io
import os
import pathlib
import tempfile

# Spectral features with torch.signal.windows, a model shipped as a local hub repository and
# a checkpoint fetched through a file:// URL (torch.hub), and a torch.utils.benchmark timing
# whose report layout (not its numbers) is printed.
torch.manual_seed(1)
t = torch.arange(256, dtype=torch.float64) / 64
signal = torch.sin(2 * torch.pi * 5 * t) + 0.5 * torch.sin(2 * torch.pi * 12 * t)
for name in ("hann", "hamming", "blackman", "nuttall"):
    w = getattr(windows, name)(64, sym=False, dtype=torch.float64)
    frames = signal.unfold(0, 64, 32) * w
    spectrum = torch.fft.rfft(frames).abs()
    print(f"{name:9s} peak bins {spectrum.mean(0).topk(2).indices.tolist()} "
          f"energy {spectrum.pow(2).sum().item():.3f}")
print("kaiser", windows.kaiser(7, beta=6.0))
print("gaussian", windows.gaussian(6, std=1.5))
print("exponential", windows.exponential(5, tau=2.0))

HUBCONF = '''dependencies = ["torch"]
import torch


def small_mlp(hidden=8, pretrained=False):
    """A two-layer perceptron."""
    torch.manual_seed(3)
    return torch.nn.Sequential(torch.nn.Linear(4, hidden), torch.nn.ReLU(),
                               torch.nn.Linear(hidden, 2))
'''

with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    repo = tmp / "repo"
    repo.mkdir()
    (repo / "hubconf.py").write_text(HUBCONF)
    torch.hub.set_dir(str(tmp / "hub"))
    model = torch.hub.load(str(repo), "small_mlp", source="local", hidden=5)
    print(model)
    weights = tmp / "weights.pt"
    torch.save(model.state_dict(), weights)
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:8]
    named = tmp / f"small-{digest}.pt"
    os.rename(weights, named)
    with contextlib.redirect_stdout(io.StringIO()) as note:  # names a random temporary path
        state = torch.hub.load_state_dict_from_url(named.as_uri(), check_hash=True,
                                                   progress=False)
    print("announced:", note.getvalue().startswith("Downloading: "))
    print(sorted(state), state["0.weight"].shape)
    print("cached:", os.listdir(tmp / "hub" / "checkpoints") == [named.name])
    fresh = torch.hub.load(str(repo), "small_mlp", source="local", hidden=5)
    fresh.load_state_dict(state)
    x = torch.randn(3, 4)
    print("same outputs:", torch.allclose(fresh(x), model(x)))

timer = benchmark.Timer("model(x)", globals={"model": model, "x": torch.randn(16, 4)},
                        label="mlp", sub_label="batch 16", description="forward")
measurement = timer.timeit(50)
report = repr(measurement).splitlines()
print(report[1:3], report[-1])
print(measurement.number_per_run, len(measurement.times), measurement.title)
