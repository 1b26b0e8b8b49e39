import torch  # noqa: I001 (the harness requires torch first)

# A small residual CNN trained with the usual tricks: a DataLoader over a custom Dataset,
# label smoothing, SGD with nesterov momentum and weight decay, OneCycleLR, gradient
# accumulation, an EMA of the weights kept by hand with lerp_, and evaluation under inference_mode.
from torch import nn
from torch.nn import functional as F
import copy

from torch.utils.data import DataLoader, Dataset

torch.manual_seed(42)


class Shapes(Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 3, 8, 8)
        self.y = (self.x.mean(dim=(1, 2, 3)) > 0).long() + (self.x[:, 0].std(dim=(1, 2)) > 1).long()

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                          nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU(inplace=True))
        self.layer1 = BasicBlock(8, 8)
        self.layer2 = BasicBlock(8, 16, stride=2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, 3)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


train_loader = DataLoader(Shapes(64), batch_size=8, shuffle=True, drop_last=True)
test_loader = DataLoader(Shapes(32), batch_size=16)
model = ResNet()
ema = copy.deepcopy(model)
n_averaged = 0
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True,
                            weight_decay=5e-4)
accumulation = 2
scheduler = torch.optim.lr_scheduler.OneCycleLR(
    optimizer, max_lr=0.1, epochs=3, steps_per_epoch=len(train_loader) // accumulation)
for epoch in range(3):
    model.train()
    for step, (inputs, targets) in enumerate(train_loader):
        loss = criterion(model(inputs), targets) / accumulation
        loss.backward()
        if (step + 1) % accumulation == 0:
            optimizer.step()
            optimizer.zero_grad()
            scheduler.step()
            with torch.no_grad():
                for e, p in zip(ema.parameters(), model.parameters()):
                    e.lerp_(p, 0.1)
            n_averaged += 1
            print(f"epoch {epoch} step {step} loss {loss.item() * accumulation:.4f} "
                  f"lr {scheduler.get_last_lr()[0]:.5f}")
    for name, net in (("model", model), ("ema", ema)):
        net.eval()
        correct = total = 0
        with torch.inference_mode():
            for inputs, targets in test_loader:
                correct += (net(inputs).argmax(1) == targets).sum().item()
                total += targets.numel()
        print(f"epoch {epoch} {name} accuracy {correct}/{total}")
print(n_averaged, model.layer1.bn1.running_var[:3])
