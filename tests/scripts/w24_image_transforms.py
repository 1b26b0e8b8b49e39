import torch

# An image-classification repo that avoids torchvision: transforms written by hand as classes
# (Compose, ToTensor from HWC uint8 NumPy, RandomCrop with reflect padding through F.pad,
# RandomHorizontalFlip through torch.flip, Normalize with view(-1, 1, 1) statistics, Cutout,
# Resize through F.interpolate), a Dataset of synthetic striped images whose class is the
# stripe orientation, a small ResNet-ish CNN in channels_last with kaiming init applied by
# model.apply, SGD with nesterov momentum and no weight decay on BatchNorm, CosineAnnealingLR
# with warmup through LambdaLR, the ImageNet example's AverageMeter and top-k accuracy
# function, label smoothing, flip test-time augmentation, and a per-class accuracy report.
import math

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
torch.backends.cudnn.benchmark = True


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        return "Compose(" + ", ".join(type(t).__name__ for t in self.transforms) + ")"


class ToTensor:
    def __call__(self, pic):
        return torch.from_numpy(np.ascontiguousarray(pic)).permute(2, 0, 1).contiguous().float(
        ).div(255)


class RandomCrop:
    def __init__(self, size, padding, generator):
        self.size, self.padding, self.generator = size, padding, generator

    def __call__(self, img):
        img = F.pad(img.unsqueeze(0), [self.padding] * 4, mode="reflect").squeeze(0)
        h, w = img.shape[-2:]
        top, left = torch.randint(0, h - self.size + 1, size=(2,), generator=self.generator)
        return img[..., top:top + self.size, left:left + self.size]


class RandomHorizontalFlip:
    def __init__(self, p, generator):
        self.p, self.generator = p, generator

    def __call__(self, img):
        if torch.rand(1, generator=self.generator) < self.p:
            return torch.flip(img, dims=[-1])
        return img


class Normalize:
    def __init__(self, mean, std):
        self.mean = torch.as_tensor(mean).view(-1, 1, 1)
        self.std = torch.as_tensor(std).view(-1, 1, 1)

    def __call__(self, img):
        return (img - self.mean) / self.std


class Cutout:
    def __init__(self, length, generator):
        self.length, self.generator = length, generator

    def __call__(self, img):
        h, w = img.size(1), img.size(2)
        mask = torch.ones((h, w), dtype=torch.float32)
        y, x = torch.randint(h, (1,), generator=self.generator), torch.randint(
            w, (1,), generator=self.generator)
        y1, y2 = int(torch.clamp(y - self.length // 2, 0, h)), int(
            torch.clamp(y + self.length // 2, 0, h))
        x1, x2 = int(torch.clamp(x - self.length // 2, 0, w)), int(
            torch.clamp(x + self.length // 2, 0, w))
        mask[y1:y2, x1:x2] = 0.0
        return img * mask.expand_as(img)


class Resize:
    def __init__(self, size):
        self.size = size

    def __call__(self, img):
        return F.interpolate(img[None], size=self.size, mode="bilinear",
                             align_corners=False, antialias=False)[0]


def make_image(label, rng):
    """A 14x14 RGB uint8 image with stripes: 0 horizontal, 1 vertical, 2 diagonal."""
    yy, xx = np.mgrid[0:14, 0:14]
    phase = rng.uniform(0, 2 * np.pi)
    coord = [yy, xx, (yy + xx) / np.sqrt(2)][label]
    base = 0.5 + 0.5 * np.sin(coord * 1.3 + phase)
    color = rng.uniform(0.4, 1.0, size=3)
    img = base[..., None] * color + rng.normal(0, 0.08, size=(14, 14, 3))
    return (np.clip(img, 0, 1) * 255).astype(np.uint8)


class StripesDataset(Dataset):
    classes = ("horizontal", "vertical", "diagonal")

    def __init__(self, n, seed, transform):
        rng = np.random.default_rng(seed)
        self.labels = rng.integers(0, 3, size=n)
        self.images = [make_image(int(lbl), rng) for lbl in self.labels]
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.transform(self.images[index]), int(self.labels[index])


g = torch.Generator().manual_seed(11)
mean, std = (0.45, 0.45, 0.45), (0.25, 0.25, 0.25)
train_tf = Compose([ToTensor(), Resize((16, 16)), RandomCrop(16, 2, g),
                    RandomHorizontalFlip(0.5, g), Normalize(mean, std), Cutout(4, g)])
test_tf = Compose([ToTensor(), Resize([16, 16]), Normalize(mean, std)])
print(train_tf)
train_set = StripesDataset(96, seed=1, transform=train_tf)
test_set = StripesDataset(48, seed=2, transform=test_tf)
x0, y0 = train_set[0]
print("sample", x0.shape, x0.dtype, y0, round(x0.mean().item(), 4), round(x0.std().item(), 4))
print("class counts", np.bincount(train_set.labels).tolist())


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)), inplace=True)
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class TinyResNet(nn.Module):
    def __init__(self, num_classes=3, width=8):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(width), nn.ReLU(inplace=True))
        self.layer1 = BasicBlock(width, width, 1)
        self.layer2 = BasicBlock(width, 2 * width, 2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(2 * width, num_classes)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
        nn.init.constant_(m.weight, 1)
        nn.init.constant_(m.bias, 0)
    elif isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0, 0.01)
        nn.init.zeros_(m.bias)


class AverageMeter:
    def __init__(self, name, fmt=":f"):
        self.name, self.fmt = name, fmt
        self.reset()

    def reset(self):
        self.val = self.avg = self.sum = self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count

    def __str__(self):
        fmtstr = "{name} {val" + self.fmt + "} ({avg" + self.fmt + "})"
        return fmtstr.format(**self.__dict__)


def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


model = TinyResNet().to(memory_format=torch.channels_last)
model.apply(init_weights)
bn_params = [p for n, p in model.named_parameters() if "bn" in n or ".1." in n or p.ndim == 1]
other_params = [p for n, p in model.named_parameters()
                if not ("bn" in n or ".1." in n or p.ndim == 1)]
print("param groups", len(bn_params), len(other_params))
optimizer = torch.optim.SGD([{"params": other_params, "weight_decay": 5e-4},
                             {"params": bn_params, "weight_decay": 0}],
                            lr=0.1, momentum=0.9, nesterov=True)
epochs, warmup = 4, 1
train_loader = DataLoader(train_set, batch_size=24, shuffle=True, drop_last=True,
                          generator=torch.Generator().manual_seed(3))
test_loader = DataLoader(test_set, batch_size=48)
steps = epochs * len(train_loader)


def lr_lambda(step):
    if step < warmup * len(train_loader):
        return (step + 1) / (warmup * len(train_loader))
    progress = (step - warmup * len(train_loader)) / max(1, steps - warmup * len(train_loader))
    return 0.5 * (1 + math.cos(math.pi * progress))


scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)

for epoch in range(epochs):
    model.train()
    losses, top1 = AverageMeter("Loss", ":.4e"), AverageMeter("Acc@1", ":6.2f")
    for images, target in train_loader:
        images = images.to(memory_format=torch.channels_last, non_blocking=True)
        output = model(images)
        loss = criterion(output, target)
        acc1, acc2 = accuracy(output, target, topk=(1, 2))
        losses.update(loss.item(), images.size(0))
        top1.update(acc1[0], images.size(0))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
    print(f"epoch {epoch}", losses, top1, f"lr {scheduler.get_last_lr()[0]:.5f}")

model.eval()
with torch.no_grad():
    images, target = next(iter(test_loader))
    logits = model(images.contiguous(memory_format=torch.channels_last))
    tta = (logits.softmax(-1) + model(images.flip(3)).softmax(dim=-1)) / 2
    acc1, acc2 = accuracy(logits, target, topk=(1, 2))
    print("test acc@1 %.2f acc@2 %.2f" % (acc1.item(), acc2.item()))
    print("tta acc@1 %.2f" % accuracy(tta, target)[0].item())
    pred = tta.argmax(1)
    for c, name in enumerate(test_set.classes):
        mask = target == c
        print(f"  {name:>10s}: {(pred[mask] == c).float().mean().item() * 100:5.1f}% of "
              f"{int(mask.sum())}")
    print("features", model.pool(model.layer2(model.layer1(model.stem(images[:2])))).squeeze(
        (-1, -2)).shape)
print("running_var", model.stem[1].running_var[:3])
print("channels_last", model.stem[0].weight.is_contiguous(memory_format=torch.channels_last))
