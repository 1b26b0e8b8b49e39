import torch

# An older repository's train.py: `from torch.cuda.amp import autocast, GradScaler` on a
# machine without CUDA (the deprecation and "CUDA is not available" warnings are caught and
# printed), the legacy set_default_tensor_type preamble, an EMA of the weights through
# AveragedModel(multi_avg_fn=get_ema_multi_avg_fn), ReduceLROnPlateau on the validation loss,
# update_bn for the EMA copy and its evaluation beside the live model.
import warnings

import torch.nn as nn
import torch.nn.functional as F
from torch.cuda.amp import GradScaler, autocast
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, update_bn


def caught(fn):
    with warnings.catch_warnings(record=True) as log:
        warnings.simplefilter("always")
        result = fn()
    for w in log:
        print(f"  {w.category.__name__}: {str(w.message).splitlines()[0][:90]}")
    return result


saved_filters = warnings.filters[:]
warnings.filterwarnings("ignore", category=FutureWarning)  # after epoch 0: stderr stays quiet
use_amp = torch.cuda.is_available()
caught(lambda: torch.set_default_tensor_type(torch.DoubleTensor))
caught(lambda: torch.set_default_tensor_type("torch.DoubleTensor"))  # warned once already
print("default dtype", torch.get_default_dtype())
scaler = caught(lambda: GradScaler(enabled=True))
print("scaler enabled", scaler.is_enabled())
scaler = caught(lambda: GradScaler(enabled=use_amp))
torch.manual_seed(0)

# Linear layers before a BatchNorm carry no bias (the norm removes it): a bias there would
# get a gradient that is zero up to rounding, which Adam scales up to a full step
model = nn.Sequential(nn.Linear(6, 16, bias=False), nn.BatchNorm1d(16), nn.ReLU(),
                      nn.Dropout(0.1), nn.Linear(16, 3))
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
opt = torch.optim.Adam(model.parameters(), lr=2e-2)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1,
                                                     threshold=1e-3)
X = torch.randn(96, 6)
Y = (X[:, :3].sum(1) > 0).long() + (X[:, 3] > 1).long()
Xv, Yv = X[64:], Y[64:]
X, Y = X[:64], Y[:64]


def evaluate(net):
    net.eval()
    with torch.no_grad():
        out = net(Xv)
        return F.cross_entropy(out, Yv).item(), (out.argmax(1) == Yv).double().mean().item()


for epoch in range(8):
    model.train()
    for idx in torch.randperm(64).split(16):
        # the deprecation warning printed for the first epoch's batches
        with caught(lambda: autocast(enabled=use_amp)) if epoch == 0 else \
                autocast(enabled=use_amp):
            loss = F.cross_entropy(model(X[idx]), Y[idx])
        opt.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        ema.update_parameters(model)
    val_loss, val_acc = evaluate(model)
    plateau.step(val_loss)
    print(f"epoch {epoch} loss {loss.item():.8f} val {val_loss:.8f} acc {val_acc:.4f} "
          f"lr {plateau.get_last_lr()[0]:.5f} bad {plateau.num_bad_epochs} ema n "
          f"{ema.n_averaged.item()}")

update_bn([(X[i:i + 16],) for i in range(0, 64, 16)], ema)
print("ema bn", ema.module[1].running_mean[:3], ema.module[1].num_batches_tracked)
ema_loss, ema_acc = evaluate(ema)
print(f"ema val {ema_loss:.8f} acc {ema_acc:.4f}")
print("ema keys", list(ema.state_dict())[:3])
print(plateau.state_dict()["best"] == min(plateau.state_dict()["best"], val_loss))
torch.set_default_dtype(torch.float32)
warnings.filters[:] = saved_filters
