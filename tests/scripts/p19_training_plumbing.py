import torch

# The plumbing around a training loop as people write it: torch.amp.autocast("cpu",
# dtype=torch.bfloat16) with a GradScaler(enabled=False), gradient accumulation over micro-
# batches, clip_grad_norm_(error_if_nonfinite=True, foreach=True), an EMA of the weights with
# AveragedModel(multi_avg_fn=get_ema_multi_avg_fn(...)), parameter groups without weight decay
# for norms and biases, and optimizer.state_dict() round trips in the middle of training.
import copy

import torch.nn as nn
import torch.nn.functional as F
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 16)
        self.norm = nn.LayerNorm(16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(F.gelu(self.norm(self.fc1(x))))


model = Net()
decay, no_decay = [], []
for name, param in model.named_parameters():
    (no_decay if param.ndim < 2 or "norm" in name else decay).append(param)
print("decay", len(decay), "no_decay", len(no_decay))
optimizer = torch.optim.AdamW([
    {"params": decay, "weight_decay": 0.05},
    {"params": no_decay, "weight_decay": 0.0, "lr": 5e-3},
], lr=1e-2, betas=(0.9, 0.95))
for i, group in enumerate(optimizer.param_groups):
    print("group", i, {k: v for k, v in group.items() if k != "params"})

ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
print("ema n_averaged", ema.n_averaged)
scaler = torch.amp.GradScaler("cpu", enabled=False)
print("scaler enabled", scaler.is_enabled(), "scale", scaler.get_scale())

X = torch.randn(64, 6)
y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).long() + (X[:, 3] > 1).long()
accum = 4
for step in range(6):
    optimizer.zero_grad(set_to_none=True)
    total = 0.0
    for micro in range(accum):
        xb = X[micro * 16:(micro + 1) * 16]
        yb = y[micro * 16:(micro + 1) * 16]
        loss = F.cross_entropy(model(xb), yb) / accum
        scaler.scale(loss).backward()
        total += loss.item()
    scaler.unscale_(optimizer)
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True,
                                          foreach=True)
    scaler.step(optimizer)
    scaler.update()
    ema.update_parameters(model)
    print(f"step {step} loss {total:.6f} grad_norm {norm.item():.6f} n_avg {ema.n_averaged.item()}")

with torch.no_grad():
    diff = sum((p - q).abs().sum() for p, q in zip(model.parameters(), ema.module.parameters()))
print("ema distance", f"{diff.item():.6f}")
print("ema keys", list(ema.state_dict().keys()))

# autocast on the CPU: matmuls in bfloat16, reductions kept in float32
model32 = copy.deepcopy(model).float()
with torch.amp.autocast("cpu", dtype=torch.bfloat16):
    out = model32(X[:4].float())
    print("autocast out dtype", out.dtype, "enabled", torch.is_autocast_enabled("cpu"))
    lin = model32.fc1(X[:4].float())
    print("linear dtype", lin.dtype)
    print("softmax dtype", torch.softmax(lin, -1).dtype)
    print("log_softmax dtype", F.log_softmax(lin, -1).dtype)
    print("sum dtype", lin.sum().dtype, "mm dtype", (lin @ lin.T).dtype)
    loss = F.cross_entropy(out, y[:4])
    print("loss dtype", loss.dtype)
print("outside", torch.is_autocast_enabled("cpu"), model32(X[:4].float()).dtype)
print("bf16 logits", out.float().round(decimals=1))

# a non-finite gradient with error_if_nonfinite=True
bad = nn.Linear(2, 1)
bad(torch.tensor([[float("inf"), 1.0]])).sum().backward()
try:
    torch.nn.utils.clip_grad_norm_(bad.parameters(), 1.0, error_if_nonfinite=True, foreach=True)
except RuntimeError as error:
    print("RuntimeError:", str(error)[:80])
print("no error:", torch.nn.utils.clip_grad_norm_(bad.parameters(), 1.0))

# optimizer state round trip mid training, then training continues identically
state = copy.deepcopy(optimizer.state_dict())
print("state keys", sorted(state["state"].keys()), sorted(state["state"][0].keys()))
print("param_groups[1]", {k: v for k, v in state["param_groups"][1].items()})
twin = copy.deepcopy(model)
twin_opt = torch.optim.AdamW([
    {"params": [p for n, p in twin.named_parameters() if p.ndim >= 2 and "norm" not in n]},
    {"params": [p for n, p in twin.named_parameters() if p.ndim < 2 or "norm" in n]},
], lr=0.5)
twin_opt.load_state_dict(state)
print("loaded lr", [g["lr"] for g in twin_opt.param_groups],
      [g["weight_decay"] for g in twin_opt.param_groups])
for step in range(3):
    for m, opt in ((model, optimizer), (twin, twin_opt)):
        opt.zero_grad()
        F.cross_entropy(m(X), y).backward()
        opt.step()
    same = all(torch.equal(a, b) for a, b in zip(model.parameters(), twin.parameters()))
    print("resumed step", step, "identical", same, f"{F.cross_entropy(model(X), y).item():.6f}")
print("step count", optimizer.state[decay[0]]["step"])
wrong = torch.optim.AdamW(twin.parameters())
try:
    wrong.load_state_dict(state)
except ValueError as error:
    print("ValueError:", error)
