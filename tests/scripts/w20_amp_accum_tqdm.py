import torch

# The inner loop of a repository train.py: bfloat16 autocast on the CPU with enabled= from a
# flag, a disabled GradScaler, gradient accumulation over micro-batches, clip_grad_norm_
# printed, train()/eval() with inference_mode validation, tqdm bars (disabled, postfix
# still set), hand-written metrics (accuracy, precision/recall/F1, confusion matrix, top-k).
import math
import time

import torch.nn as nn
import torch.nn.functional as F
from tqdm import tqdm
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device_type = "cuda" if torch.cuda.is_available() else "cpu"
amp_dtype = torch.bfloat16
use_amp = True
print("autocast available", torch.amp.is_autocast_available(device_type))
scaler = torch.amp.GradScaler(device_type, enabled=False)
print("scaler enabled", scaler.is_enabled(), "scale", scaler.get_scale())

X = torch.randn(96, 10)
W = torch.randn(10, 4)
Y = (X @ W).argmax(1)
train = DataLoader(TensorDataset(X[:64], Y[:64]), batch_size=8, shuffle=True)
val = DataLoader(TensorDataset(X[64:], Y[64:]), batch_size=16)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 24)
        # no affine parameters: torch's CPU layer_norm backward for a bfloat16 input with
        # float32 weight and bias sums their gradients in a rounding of its own (bias grad
        # 2.9921875 where the float32 sum is 2.98425 and its bfloat16 rounding 2.984375),
        # which ember does not reproduce; the input's gradient agrees
        self.norm = nn.LayerNorm(24, elementwise_affine=False)
        self.fc2 = nn.Linear(24, 4)

    def forward(self, x):
        return self.fc2(F.silu(self.norm(self.fc1(x))))


model = Classifier()
opt = torch.optim.AdamW(model.parameters(), lr=5e-3)
accum_steps = 4
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: min(1.0, (s + 1) / 2) * 0.5 * (1 + math.cos(math.pi * s / 6)))


def metrics(pred, target, k=4):
    conf = torch.zeros(k, k, dtype=torch.long)
    conf.index_put_((target, pred), torch.ones_like(target), accumulate=True)
    tp = conf.diag().float()
    precision = tp / conf.sum(0).clamp(min=1)
    recall = tp / conf.sum(1).clamp(min=1)
    f1 = 2 * precision * recall / (precision + recall).clamp(min=1e-12)
    return conf, precision, recall, f1


for epoch in range(3):
    model.train()
    opt.zero_grad(set_to_none=True)
    bar = tqdm(train, desc=f"epoch {epoch}", disable=True, leave=False)
    t0 = time.perf_counter()
    for step, (xb, yb) in enumerate(bar):
        with torch.autocast(device_type=device_type, dtype=amp_dtype, enabled=use_amp):
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
        if step == 0 and epoch == 0:
            print("dtypes", logits.dtype, loss.dtype, model.fc1.weight.dtype,
                  torch.is_autocast_enabled(), torch.get_autocast_dtype("cpu"))
        scaler.scale(loss / accum_steps).backward()
        if (step + 1) % accum_steps == 0:
            scaler.unscale_(opt)
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
            scaler.step(opt)
            scaler.update()
            opt.zero_grad(set_to_none=True)
            sched.step()
            bar.set_postfix(loss=f"{loss.item():.4f}", gn=f"{norm:.3f}")
            print(f"epoch {epoch} step {step} loss {loss.item():.3f} grad_norm {norm:.6f} "
                  f"lr {sched.get_last_lr()[0]:.6f} norm dtype {norm.dtype}")
    bar.close()
    elapsed = time.perf_counter() - t0
    assert elapsed >= 0

    model.eval()
    preds, targets, val_losses = [], [], []
    with torch.inference_mode():
        for xb, yb in tqdm(val, desc="val", disable=True):
            with torch.autocast(device_type=device_type, dtype=amp_dtype, enabled=use_amp):
                out = model(xb)
            val_losses.append(F.cross_entropy(out.float(), yb, reduction="none"))
            preds.append(out.float().softmax(-1))
            targets.append(yb)
    probs = torch.cat(preds)
    target = torch.cat(targets)
    vloss = torch.cat(val_losses).mean()
    print("inference tensors", probs.is_inference(), vloss.requires_grad, probs.dtype)
    conf, precision, recall, f1 = metrics(probs.argmax(1), target)
    top2 = (probs.topk(2, dim=1).indices == target[:, None]).any(1).float().mean()
    acc = (probs.argmax(1) == target).float().mean()
    print(f"epoch {epoch} val loss {vloss:.3f} acc {acc:.4f} "
          f"top2 {top2:.4f} macro-F1 {f1.mean():.4f}")
    print(conf)
    print(precision, recall, sep="\n")

with torch.autocast("cpu", dtype=torch.bfloat16):
    a = torch.randn(3, 4)
    print("matmul", (a @ a.T).dtype, "add", (a + a).dtype, "softmax", a.softmax(-1).dtype,
          "sum", a.sum().dtype)
    with torch.autocast("cpu", enabled=False):
        print("nested disabled", (a @ a.T).dtype)
print("outside", torch.is_autocast_enabled("cpu"))
for value in tqdm(range(3), disable=True, total=3, unit="batch", dynamic_ncols=True):
    print("tqdm item", value)
