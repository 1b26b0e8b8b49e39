import torch

# The top of a typical repository train.py: argparse with defaults, a config dataclass,
# logging of losses to stdout, every seed set, device selection falling back to the CPU,
# the precision/default flags, torch.compile behind a flag, a plain epoch loop.
import argparse
import logging
import random
import sys
from dataclasses import asdict, dataclass, field

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split


@dataclass
class Config:
    lr: float = 3e-3
    batch_size: int = 16
    epochs: int = 3
    hidden: int = 32
    weight_decay: float = 1e-2
    seed: int = 1337
    compile: bool = False
    dims: list = field(default_factory=lambda: [8, 4])


def get_args(argv=None):
    parser = argparse.ArgumentParser(description="toy trainer")
    parser.add_argument("--lr", type=float, default=Config.lr)
    parser.add_argument("--batch-size", type=int, default=Config.batch_size)
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    return parser.parse_args(argv)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s",
                    force=True)
logger = logging.getLogger("train")

args = get_args([])
cfg = Config(lr=args.lr, batch_size=args.batch_size, epochs=args.epochs, compile=args.compile)
logger.info("config %s", asdict(cfg))
logger.info("args %s", vars(args))
seed_everything(cfg.seed)

device = ("cuda" if torch.cuda.is_available()
          else "mps" if torch.backends.mps.is_available() else "cpu")
logger.info("device %s mps built %s", device, torch.backends.mps.is_built() in (True, False))
torch.set_float32_matmul_precision("high")
torch.backends.cudnn.benchmark = True
torch.backends.cuda.matmul.allow_tf32 = True
torch.backends.cudnn.allow_tf32 = True
torch.set_default_device("cpu")
torch.set_default_dtype(getattr(torch, args.dtype))
logger.info("default dtype %s default device %s", torch.get_default_dtype(),
            torch.get_default_device())
logger.info("precision %s cudnn.benchmark %s", torch.get_float32_matmul_precision(),
            torch.backends.cudnn.benchmark)
logger.info("cuda devices %d, bf16 %s", torch.cuda.device_count(),
            torch.cuda.is_available() and torch.cuda.is_bf16_supported())

# data: numpy -> tensors, the way many repositories build a toy set
features = np.random.randn(200, cfg.dims[0]).astype(np.float32)
weights = np.random.randn(cfg.dims[0], 1).astype(np.float32)
labels = (features @ weights > 0).astype(np.int64).ravel()
data = TensorDataset(torch.from_numpy(features), torch.from_numpy(labels))
train_set, val_set = random_split(data, [160, 40], generator=torch.Generator().manual_seed(42))
logger.info("split %d %d first idx %s", len(train_set), len(val_set), train_set.indices[:5])
train_loader = DataLoader(train_set, batch_size=cfg.batch_size, shuffle=True, drop_last=True,
                          pin_memory=torch.cuda.is_available(), num_workers=0)
val_loader = DataLoader(val_set, batch_size=64)


class MLP(nn.Module):
    def __init__(self, din, hidden, dout):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(din, hidden), nn.GELU(), nn.Dropout(0.1),
                                 nn.Linear(hidden, dout))

    def forward(self, x):
        return self.net(x)


model = MLP(cfg.dims[0], cfg.hidden, 2).to(device)
n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
logger.info("model has %d trainable parameters (%.2fK)", n_params, n_params / 1e3)
if cfg.compile:
    model = torch.compile(model)
decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr,
                              betas=(0.9, 0.95))
steps = cfg.epochs * len(train_loader)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.lr, total_steps=steps)
logger.info("groups %s", [len(g["params"]) for g in optimizer.param_groups])

global_step = 0
for epoch in range(cfg.epochs):
    model.train()
    running = 0.0
    for i, (xb, yb) in enumerate(train_loader):
        xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
        logits = model(xb)
        loss = F.cross_entropy(logits, yb, label_smoothing=0.1)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        running += loss.item()
        global_step += 1
        if global_step % 5 == 0:
            logger.info("epoch %d step %d loss %.5f lr %.6f", epoch, global_step, loss.item(),
                        scheduler.get_last_lr()[0])
    model.eval()
    correct = total = 0
    val_loss = 0.0
    with torch.no_grad():
        for xb, yb in val_loader:
            out = model(xb.to(device))
            yb = yb.to(device)
            val_loss += F.cross_entropy(out, yb, reduction="sum").item()
            correct += (out.argmax(dim=-1) == yb).sum().item()
            total += yb.size(0)
    logger.info("epoch %d train %.4f val %.4f acc %.3f (%d/%d)", epoch,
                running / len(train_loader), val_loss / total, correct / total, correct, total)
logger.warning("done after %d steps; last lr %s", global_step, scheduler.get_last_lr())
print(type(scheduler.get_last_lr()[0]).__name__, type(loss.item()).__name__)
print(optimizer)
# leave the process as found: the root logger's stdout handler and the default device
logging.getLogger().handlers.clear()
logging.getLogger().setLevel(logging.WARNING)
torch.set_default_device(None)
print("default device after reset", torch.get_default_device())
