import torch

# A repository train.py with its optional pieces switched on: torch.compile behind a flag
# (with the cudnn/tf32 switches beside it), a SummaryWriter logging scalars, histograms,
# hparams and text into a temporary run directory (read back with tensorboard's own event
# reader), a per-epoch learning-rate warmup and the model's parameter count summary.
import argparse
import glob
import os
import tempfile

import torch.nn as nn
import torch.nn.functional as F
from torch.utils.tensorboard import SummaryWriter
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

parser = argparse.ArgumentParser()
parser.add_argument("--compile", type=lambda s: s.lower() in ("1", "true", "yes"),
                    default=True)
parser.add_argument("--logdir", default=None)
parser.add_argument("--steps", type=int, default=12)
args = parser.parse_args([])
print(args)

torch.backends.cudnn.benchmark = True
torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True
torch.manual_seed(0)


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(F.relu(self.conv(x))), 1))


model = ConvNet()
eager = model
if args.compile and hasattr(torch, "compile"):
    model = torch.compile(model)
print(type(model).__name__, model._orig_mod is eager if args.compile else None)
print("state keys", list(model.state_dict())[:2])
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
warmup = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=4)
logdir = args.logdir or tempfile.mkdtemp()
writer = SummaryWriter(log_dir=logdir, flush_secs=1)
x = torch.randn(8, 1, 6, 6)
y = torch.randint(0, 3, (8,))
for step in range(args.steps):
    loss = F.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    warmup.step()
    writer.add_scalar("train/loss", loss.item(), step)
    writer.add_scalar("train/lr", opt.param_groups[0]["lr"], step)
    if step % 4 == 0:
        writer.add_histogram("conv/weight", eager.conv.weight, step)
        print(f"step {step} loss {loss.item():.6f} lr {opt.param_groups[0]['lr']:.4f}")
writer.add_scalars("compare", {"a": 1.0, "b": 2.0}, 0)
writer.add_text("notes", "compiled run", 0)
writer.add_hparams({"lr": 0.1, "compile": str(args.compile)}, {"hparam/loss": loss.item()})
writer.flush()
writer.close()

events = sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*")))
print("event files", len(events))
acc = EventAccumulator(logdir)
acc.Reload()
tags = acc.Tags()
print("scalars", sorted(tags["scalars"]), "histograms", tags["histograms"])
losses = acc.Scalars("train/loss")
print("logged", len(losses), [e.step for e in losses][:5],
      [round(e.value, 5) for e in losses[-3:]])
lrs = [round(e.value, 5) for e in acc.Scalars("train/lr")]
print("lrs", lrs[:6])
# add_hparams writes into a subdirectory named by the time; add_scalars one per key
print("subdirs", sorted(os.path.basename(d) for d in glob.glob(os.path.join(logdir, "*"))
                        if os.path.isdir(d))[-2:])
with torch.no_grad():
    # inductor's fused kernels round differently from eager: close, not always equal
    same = torch.allclose(model(x), eager(x), rtol=1e-5, atol=1e-6)
print("compiled equals eager", same)
print(f"params {sum(p.numel() for p in eager.parameters())}")
