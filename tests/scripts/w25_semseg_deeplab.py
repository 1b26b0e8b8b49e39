import torch

# A semantic-segmentation repository (DeepLab / mmseg shapes, written anew): a VOC-style
# palette and label maps with 255 as the ignore value, a joint random-scale / crop / flip
# transform over image and mask (mask resized with mode="nearest", padded with 255), an ASPP
# head with dilated 3x3 convs and an image-pooling branch upsampled with
# F.interpolate(align_corners=True), auxiliary-head loss weighting, nn.CrossEntropyLoss(
# ignore_index=255) beside an OHEM cross-entropy keeping the hardest pixels (torch.sort of the
# per-pixel losses with a threshold and min_kept), a poly learning-rate schedule
# (1 - iter / max_iter) ** 0.9 written into param_groups, a backbone group with a tenth of the
# learning rate, a confusion matrix from torch.bincount with minlength, per-class IoU with nan
# for absent classes and nanmean, pixel accuracy, sliding-window inference with overlapping
# crops accumulated by a count map, and flip-augmented test logits.
import math
import random

import numpy as np
import torch.nn as nn
import torch.nn.functional as F

IGNORE = 255
NUM_CLASSES = 4
torch.manual_seed(0)
random.seed(0)
np.random.seed(0)


def make_sample(rng, size=24):
    """An image of coloured rectangles and its label map; two thin lines are 'ignore'."""
    label = np.zeros((size, size), dtype=np.uint8)
    img = rng.normal(0, 0.1, size=(3, size, size)).astype(np.float32)
    for cls in range(1, NUM_CLASSES):
        y0, x0 = rng.integers(0, size - 8, size=2)
        h, w = rng.integers(4, 9, size=2)
        label[y0:y0 + h, x0:x0 + w] = cls
        img[cls - 1, y0:y0 + h, x0:x0 + w] += 1.0
    label[size // 2, :] = IGNORE
    label[:, size // 3] = IGNORE
    return img, label


class JointTransform:
    def __init__(self, crop=16, scales=(0.75, 1.0, 1.25)):
        self.crop, self.scales = crop, scales

    def __call__(self, img, mask):
        img = torch.from_numpy(img).unsqueeze(0)
        mask = torch.from_numpy(mask.astype(np.int64))[None, None].float()
        s = random.choice(self.scales)
        size = [int(img.shape[-2] * s), int(img.shape[-1] * s)]
        img = F.interpolate(img, size=size, mode="bilinear", align_corners=False)
        mask = F.interpolate(mask, size=size, mode="nearest")
        ph, pw = max(self.crop - size[0], 0), max(self.crop - size[1], 0)
        if ph or pw:
            img = F.pad(img, (0, pw, 0, ph), value=0.0)
            mask = F.pad(mask, (0, pw, 0, ph), value=float(IGNORE))
        H, W = img.shape[-2:]
        y, x = random.randint(0, H - self.crop), random.randint(0, W - self.crop)
        img = img[..., y:y + self.crop, x:x + self.crop]
        mask = mask[..., y:y + self.crop, x:x + self.crop]
        if random.random() < 0.5:
            img, mask = img.flip(-1), mask.flip(dims=[3])
        return img.squeeze(0).contiguous(), mask.squeeze(0).squeeze(0).long()


class ASPPPooling(nn.Sequential):
    def __init__(self, in_ch, out_ch):
        super().__init__(nn.AdaptiveAvgPool2d(1), nn.Conv2d(in_ch, out_ch, 1, bias=False),
                         nn.BatchNorm2d(out_ch), nn.ReLU())

    def forward(self, x):
        size = x.shape[-2:]
        for mod in self:
            x = mod(x)
        return F.interpolate(x, size=size, mode="bilinear", align_corners=True)


class ASPP(nn.Module):
    def __init__(self, in_ch, out_ch, rates=(1, 2, 3)):
        super().__init__()
        mods = [nn.Sequential(nn.Conv2d(in_ch, out_ch, 1, bias=False), nn.BatchNorm2d(out_ch),
                              nn.ReLU())]
        for r in rates[1:]:
            mods.append(nn.Sequential(nn.Conv2d(in_ch, out_ch, 3, padding=r, dilation=r,
                                                bias=False), nn.BatchNorm2d(out_ch), nn.ReLU()))
        mods.append(ASPPPooling(in_ch, out_ch))
        self.convs = nn.ModuleList(mods)
        self.project = nn.Sequential(nn.Conv2d(len(mods) * out_ch, out_ch, 1, bias=False),
                                     nn.BatchNorm2d(out_ch), nn.ReLU(), nn.Dropout(0.1))

    def forward(self, x):
        return self.project(torch.cat([conv(x) for conv in self.convs], dim=1))


class DeepLabLite(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8),
            nn.ReLU(inplace=True), nn.Conv2d(8, 12, 3, padding=2, dilation=2, bias=False),
            nn.BatchNorm2d(12), nn.ReLU(inplace=True))
        self.aspp = ASPP(12, 8)
        self.classifier = nn.Conv2d(8, num_classes, 1)
        self.aux = nn.Conv2d(12, num_classes, 1)

    def forward(self, x):
        size = x.shape[-2:]
        feats = self.backbone(x)
        out = F.interpolate(self.classifier(self.aspp(feats)), size=size, mode="bilinear",
                            align_corners=True)
        if self.training:
            aux = F.interpolate(self.aux(feats), size, mode="bilinear", align_corners=True)
            return {"out": out, "aux": aux}
        return {"out": out}


class OhemCrossEntropy(nn.Module):
    def __init__(self, ignore_label=IGNORE, thresh=0.7, min_kept=64):
        super().__init__()
        self.thresh = -math.log(thresh)
        self.min_kept = max(1, min_kept)
        self.ignore_label = ignore_label
        self.criterion = nn.CrossEntropyLoss(ignore_index=ignore_label, reduction="none")

    def forward(self, score, target):
        pixel_losses = self.criterion(score, target).contiguous().view(-1)
        mask = target.contiguous().view(-1) != self.ignore_label
        pixel_losses = pixel_losses[mask]
        pixel_losses, _ = pixel_losses.sort(descending=True)
        threshold = max(pixel_losses[min(self.min_kept, pixel_losses.numel() - 1)].item(),
                        self.thresh)
        kept = pixel_losses[pixel_losses > threshold]
        return kept.mean(), kept.numel()


def fast_hist(pred, label, n):
    k = (label >= 0) & (label < n)
    return torch.bincount(n * label[k] + pred[k], minlength=n ** 2).reshape(n, n)


def scores(hist):
    hist = hist.double()
    acc = torch.diag(hist).sum() / hist.sum()
    iou = torch.diag(hist) / (hist.sum(dim=1) + hist.sum(dim=0) - torch.diag(hist))
    return acc.item(), iou, torch.nanmean(iou).item()


def poly_lr(optimizer, base_lrs, it, max_iter, power=0.9):
    factor = (1 - it / max_iter) ** power
    for group, base in zip(optimizer.param_groups, base_lrs):
        group["lr"] = base * factor
    return factor


rng = np.random.default_rng(0)
raw = [make_sample(rng) for _ in range(8)]
pal = np.array([[0, 0, 0], [128, 0, 0], [0, 128, 0], [128, 128, 0]], dtype=np.uint8)
colour = pal[np.where(raw[0][1] == IGNORE, 0, raw[0][1])]
print("palette image", colour.shape, colour.dtype, colour.reshape(-1, 3).sum(axis=0).tolist())
print("label values", np.unique(raw[0][1]).tolist())
transform = JointTransform()
batch = [transform(img, mask) for img, mask in raw]
images = torch.stack([b[0] for b in batch])
masks = torch.stack([b[1] for b in batch])
print(images.shape, masks.shape, masks.dtype, torch.unique(masks).tolist())
print("ignored pixels", (masks == IGNORE).sum().item(), "per class",
      torch.bincount(masks[masks != IGNORE].flatten(), minlength=NUM_CLASSES).tolist())

model = DeepLabLite(NUM_CLASSES)
criterion = nn.CrossEntropyLoss(ignore_index=IGNORE)
ohem = OhemCrossEntropy(min_kept=100)
params = [{"params": model.backbone.parameters(), "lr": 0.01},
          {"params": [p for n, p in model.named_parameters() if not n.startswith("backbone")],
           "lr": 0.1}]
optimizer = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=1e-4, nesterov=True)
base_lrs = [g["lr"] for g in optimizer.param_groups]
max_iter = 6
for it in range(max_iter):
    model.train()
    factor = poly_lr(optimizer, base_lrs, it, max_iter)
    idx = torch.arange(it % 2 * 4, it % 2 * 4 + 4)
    x, y = images[idx], masks[idx]
    outputs = model(x)
    loss_main = criterion(outputs["out"], y)
    loss_aux = criterion(outputs["aux"], y)
    loss_ohem, kept = ohem(outputs["out"], y)
    loss = loss_main + 0.4 * loss_aux + 0.5 * loss_ohem
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    print(f"iter {it} poly {factor:.4f} lrs {[round(g['lr'], 5) for g in optimizer.param_groups]}"
          f" main {loss_main.item():.4f} aux {loss_aux.item():.4f} ohem {loss_ohem.item():.4f}"
          f" kept {kept}")

# the ignore value against nn.CrossEntropyLoss spellings
logits = torch.randn(2, NUM_CLASSES, 3, 3, dtype=torch.float64, requires_grad=True)
target = torch.randint(0, NUM_CLASSES, (2, 3, 3))
target[0, 0] = IGNORE
per_pixel = F.cross_entropy(logits, target, ignore_index=IGNORE, reduction="none")
print("ignored loss is zero:", per_pixel[0, 0].tolist())
mean = F.cross_entropy(logits, target, ignore_index=IGNORE)
print(f"{mean.item():.6f} {(per_pixel.sum() / (target != IGNORE).sum()).item():.6f}")
weighted = F.cross_entropy(logits, target, weight=torch.tensor([1.0, 2, 0.5, 1], dtype=torch.float64),
                           ignore_index=IGNORE, label_smoothing=0.1)
weighted.backward()
print(f"{weighted.item():.6f}", logits.grad[0, :, 0, 0].tolist())
try:
    F.cross_entropy(logits, target.float())
except RuntimeError as e:
    print("RuntimeError:", str(e).splitlines()[0])

# evaluation: sliding window with overlap, flip test, confusion matrix
model.eval()
hist = torch.zeros(NUM_CLASSES, NUM_CLASSES, dtype=torch.int64)
crop, stride = 16, 8
with torch.no_grad():
    for img, mask in raw[:3]:
        x = torch.from_numpy(img)[None]
        H, W = x.shape[-2:]
        logits_sum = x.new_zeros((1, NUM_CLASSES, H, W))
        count = x.new_zeros((1, 1, H, W))
        for y0 in range(0, max(H - crop, 0) + 1, stride):
            for x0 in range(0, max(W - crop, 0) + 1, stride):
                patch = x[:, :, y0:y0 + crop, x0:x0 + crop]
                out = model(patch)["out"] + model(patch.flip(3))["out"].flip(3)
                logits_sum[:, :, y0:y0 + crop, x0:x0 + crop] += out
                count[:, :, y0:y0 + crop, x0:x0 + crop] += 1
        print("window count", count.min().item(), count.max().item(), count.sum().item())
        pred = (logits_sum / count).argmax(dim=1).squeeze(0)
        label = torch.as_tensor(mask.astype(np.int64))
        hist += fast_hist(pred.flatten(), label.flatten(), NUM_CLASSES)
print(hist)
acc, iou, miou = scores(hist)
print(f"pixel acc {acc:.4f} mIoU {miou:.4f}", [round(v, 4) for v in iou.tolist()])
absent = torch.tensor([[5, 0, 0], [1, 3, 0], [0, 0, 0]])
print(scores(absent)[1], round(scores(absent)[2], 6))
