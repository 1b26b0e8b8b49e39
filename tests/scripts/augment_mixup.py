import torch  # noqa: I001 (the harness requires torch first)

# Image augmentation written with tensor ops as training scripts do without torchvision:
# random flips by torch.where and flip, random crops from reflect padding, random erasing,
# colour jitter, resizing with F.interpolate (bilinear with antialias, bicubic, nearest-exact,
# area), rotations by affine_grid/grid_sample and rot90, then mixup (lambda from Beta) and
# cutmix (a box from the lambda) with soft-target cross_entropy and one_hot labels, and
# test-time augmentation averaging the flipped predictions.
import math

import torch.nn.functional as F
from torch import nn
from torch.distributions import Beta

torch.manual_seed(31)
images = torch.rand(8, 3, 16, 16)
labels = torch.randint(0, 4, (8,))
images[:, labels % 3, 4:12, 4:12] += 0.5


def augment(batch):
    n = batch.shape[0]
    flip = torch.rand(n) < 0.5
    batch = torch.where(flip[:, None, None, None], batch.flip(-1), batch)
    padded = F.pad(batch, (2, 2, 2, 2), mode="reflect")
    dx, dy = torch.randint(0, 5, (2,)).tolist()
    batch = padded[..., dy:dy + 16, dx:dx + 16]
    brightness = torch.empty(n, 1, 1, 1).uniform_(0.8, 1.2)
    gray = batch.mean(1, keepdim=True)
    saturation = torch.empty(n, 1, 1, 1).uniform_(0.7, 1.3)
    batch = (gray + (batch - gray) * saturation) * brightness
    erase = torch.rand(n) < 0.3
    y0, x0 = torch.randint(0, 12, (2,)).tolist()
    batch = batch.clone()
    batch[erase, :, y0:y0 + 4, x0:x0 + 4] = 0.0
    return batch.clamp(0, 1), flip.sum().item(), (dx, dy), erase.sum().item()


out, flips, shift, erased = augment(images)
print("augment", tuple(out.shape), "flips", flips, "shift", shift, "erased", erased,
      "mean", round(out.mean().item(), 6))
for mode, kwargs in [("bilinear", {"align_corners": False, "antialias": True}),
                     ("bicubic", {"align_corners": True}), ("nearest-exact", {}), ("area", {})]:
    small = F.interpolate(images[:2], size=(7, 7), mode=mode, **kwargs)
    print(f"resize {mode:13s}", tuple(small.shape), round(small.sum().item(), 4))
up = F.interpolate(images[:1], scale_factor=1.5, mode="bilinear", align_corners=False)
print("upsample", tuple(up.shape), round(up.std().item(), 6))
angle = math.radians(30)
theta = torch.tensor([[math.cos(angle), -math.sin(angle), 0.0],
                      [math.sin(angle), math.cos(angle), 0.0]]).expand(2, 2, 3)
grid = F.affine_grid(theta, [2, 3, 16, 16], align_corners=False)
rotated = F.grid_sample(images[:2], grid, mode="bilinear", padding_mode="reflection",
                        align_corners=False)
print("rotated", round(rotated.mean().item(), 6), "rot90 == transpose+flip:",
      torch.equal(torch.rot90(images[:1], 1, (2, 3)), images[:1].transpose(2, 3).flip(2)))

model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                      nn.AdaptiveAvgPool2d(2), nn.Flatten(), nn.Linear(32, 4))
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05)
beta = Beta(torch.tensor(0.4), torch.tensor(0.4))
for step in range(12):
    x, _, _, _ = augment(images)
    y = F.one_hot(labels, num_classes=4).float()
    lam = beta.sample().item()
    perm = torch.randperm(x.shape[0])
    if step % 2 == 0:
        x = lam * x + (1 - lam) * x[perm]
        kind = "mixup"
    else:
        cut = math.sqrt(1 - lam)
        h = w = int(16 * cut)
        cy, cx = torch.randint(0, 16, (2,)).tolist()
        y0, y1 = max(cy - h // 2, 0), min(cy + h // 2, 16)
        x0, x1 = max(cx - w // 2, 0), min(cx + w // 2, 16)
        x = x.clone()
        x[:, :, y0:y1, x0:x1] = x[perm][:, :, y0:y1, x0:x1]
        lam = 1 - (y1 - y0) * (x1 - x0) / 256
        kind = "cutmix"
    target = lam * y + (1 - lam) * y[perm]
    loss = F.cross_entropy(model(x), target, label_smoothing=0.05)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(f"step {step:2d} {kind} lam {lam:.4f} loss {loss.item():.5f}")

model.eval()
with torch.no_grad():
    probs = (model(images).softmax(-1) + model(images.flip(-1)).softmax(-1)) / 2
print("tta predictions", probs.argmax(-1).tolist(), "labels", labels.tolist())
print("soft-target CE equals hard CE on one-hot:", torch.allclose(
    F.cross_entropy(probs.log(), F.one_hot(labels, 4).float()),
    F.cross_entropy(probs.log(), labels)))
