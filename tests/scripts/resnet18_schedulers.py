import torch  # noqa: I001 (the harness requires torch first)

# A torchvision-style ResNet-18 (BasicBlock, [2, 2, 2, 2], zero-initialised last BN gamma in
# each residual branch, kaiming_normal_ fan_out init) trained for a few steps as the reference
# classification recipe does: no weight decay on biases and norm weights (two param groups),
# SGD with Nesterov momentum, label smoothing, a warmup SequentialLR (LinearLR then
# CosineAnnealingLR) chained with an ExponentialLR, and a checkpoint of model, optimizer and
# scheduler that resumes to the same numbers.
import io

from torch import nn


def conv3x3(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, 3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self, layers, num_classes=10, width=64):
        super().__init__()
        self.inplanes = width
        self.conv1 = nn.Conv2d(3, width, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._make_layer(width, layers[0])
        self.layer2 = self._make_layer(width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(width * 8, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(width * 8, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        for m in self.modules():
            if isinstance(m, BasicBlock):
                nn.init.constant_(m.bn2.weight, 0)

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride=stride,
                                                 bias=False), nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        layers += [BasicBlock(planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


torch.manual_seed(0)
model = ResNet([2, 2, 2, 2], width=16)
print(sum(p.numel() for p in model.parameters()), "parameters in",
      len(list(model.modules())), "modules")
print(model.layer2[0])
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if p.ndim <= 1 else decay).append(p)
print("groups", len(decay), len(no_decay))


def build(model):
    optimizer = torch.optim.SGD([{"params": [p for p in model.parameters() if p.ndim > 1],
                                  "weight_decay": 5e-4},
                                 {"params": [p for p in model.parameters() if p.ndim <= 1],
                                  "weight_decay": 0.0}], lr=0.1, momentum=0.9, nesterov=True)
    warmup = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=3)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=6, eta_min=1e-3)
    sequential = torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, cosine],
                                                       milestones=[3])
    decay_each = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.98)
    scheduler = torch.optim.lr_scheduler.ChainedScheduler([sequential, decay_each])
    return optimizer, scheduler


optimizer, scheduler = build(model)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
images = torch.randn(8, 3, 32, 32)
labels = torch.randint(0, 10, (8,))


def train_step(model, optimizer, scheduler, step):
    model.train()
    batch = torch.arange(4) + 4 * (step % 2)
    loss = criterion(model(images[batch]), labels[batch])
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    scheduler.step()
    return loss.item(), [round(g["lr"], 6) for g in optimizer.param_groups]


for step in range(4):
    loss, lrs = train_step(model, optimizer, scheduler, step)
    print(f"step {step} loss {loss:.4f} lr {lrs}")
print("bn2 gamma moved from zero:", model.layer1[0].bn2.weight.abs().sum().item() > 0)
print("running var", model.bn1.running_var[:4], model.bn1.num_batches_tracked)

buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(), "step": 4}, buffer)
buffer.seek(0)
checkpoint = torch.load(buffer)
print(sorted(checkpoint["scheduler"])[:4])
resumed = ResNet([2, 2, 2, 2], width=16)
resumed.load_state_dict(checkpoint["model"])
resumed_optimizer, resumed_scheduler = build(resumed)
resumed_optimizer.load_state_dict(checkpoint["optimizer"])
resumed_scheduler.load_state_dict(checkpoint["scheduler"])
for step in range(checkpoint["step"], 6):
    original = train_step(model, optimizer, scheduler, step)
    again = train_step(resumed, resumed_optimizer, resumed_scheduler, step)
    print(f"step {step} original {original[0]:.4f} {original[1]} resumed {again[0]:.4f} "
          f"{again[1]}")
model.eval()
with torch.no_grad():
    print("eval logits", model(images[:2])[:, :4])
