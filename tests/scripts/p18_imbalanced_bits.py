import torch

# An imbalanced-classification script with the low-level tricks such scripts pick up: class
# weights computed with NumPy (float64, so cross_entropy refuses them until cast), inverse-
# frequency weights from scatter_(reduce="add") counts, focal loss, bit tricks with
# Tensor.view(dtype) (float bits as int32, fp16 pairs packed into int32, bytes of a tensor),
# and the errors those tricks meet.
import numpy as np
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
n, classes = 64, 3
x = torch.randn(n, 5)
y = torch.where(x[:, 0] > 1.0, 2, torch.where(x[:, 1] > 0.8, 1, 0))
counts = torch.zeros(classes).scatter_(0, y, torch.ones(n), reduce="add")
print("counts", counts, torch.bincount(y, minlength=classes))
np_weights = torch.from_numpy(len(y) / (classes * np.bincount(y.numpy(), minlength=classes)))
print("numpy weights", np_weights)
model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, classes))
try:
    F.cross_entropy(model(x), y, weight=np_weights)
except RuntimeError as error:
    print("weight dtype:", error)
weights = np_weights.float()
for mistake in ["max", "mean"]:
    try:
        torch.zeros(classes).scatter(0, y, torch.ones(n), reduce=mistake)
    except RuntimeError as error:
        print(f"reduce={mistake!r}:", error)
prod = torch.ones(classes).scatter(0, torch.tensor([0, 0, 2]), torch.tensor([2.0, 3.0, 5.0]),
                                   reduce="multiply")
print("multiply", prod)


def focal_loss(logits, target, alpha, gamma=2.0):
    logp = F.log_softmax(logits, dim=1)
    logp_t = logp.gather(1, target[:, None]).squeeze(1)
    p_t = logp_t.exp()
    return (-alpha[target] * (1 - p_t) ** gamma * logp_t).mean()


opt = torch.optim.Adam(model.parameters(), lr=0.02)
for epoch in range(5):
    opt.zero_grad()
    logits = model(x)
    ce = F.cross_entropy(logits, y, weight=weights, label_smoothing=0.05)
    focal = focal_loss(logits, y, weights)
    (ce + focal).backward()
    opt.step()
    print(f"epoch {epoch} ce {ce.item():.6f} focal {focal.item():.6f}")
with torch.no_grad():
    pred = model(x).argmax(1)
recall = torch.zeros(classes).scatter_add_(0, y, (pred == y).float()) / counts
print("recall per class", recall)

# bit tricks
f = torch.tensor([1.0, -2.0, 0.5, float("inf")])
bits = f.view(torch.int32)
print("float bits", bits, [hex(b & 0xFFFFFFFF) for b in bits.tolist()])
print("sign bits", (bits >> 31) & 1, "exponents", ((bits >> 23) & 0xFF) - 127)
print("back", bits.view(torch.float32))
halves = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float16)
packed = halves.view(torch.int32)
print("packed fp16 pairs", packed, packed.view(torch.float16))
print("bytes", torch.tensor([258], dtype=torch.int16).view(torch.uint8))
grid = torch.arange(24, dtype=torch.float32).reshape(4, 6)
print("even slice view", grid[:, 2:6].view(torch.float64).shape)
for name, make in [("odd width", lambda: grid[:, :3].view(torch.float64)),
                   ("transposed", lambda: grid.t().view(torch.float64)),
                   ("odd offset", lambda: grid[:, 1:5].view(torch.float64)),
                   ("scalar", lambda: torch.tensor(1.0).view(torch.int16))]:
    try:
        make()
    except RuntimeError as error:
        print(f"{name}:", error)
