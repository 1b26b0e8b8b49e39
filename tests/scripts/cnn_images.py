import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

images = torch.rand(64, 1, 28, 28)
targets = (images[:, 0, :14].mean(dim=(1, 2)) > images[:, 0, 14:].mean(dim=(1, 2))).long()
print(images.shape, targets.bincount())


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.25)
        self.fc = nn.Linear(16 * 6 * 6, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.dropout(x)
        return self.fc(x)


model = SmallCNN()
print(model)
for name, param in model.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)
for name, buffer in model.named_buffers():
    print(name, buffer)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))

out = model(images[:4])
print(out.shape)
print(model.conv1(images[:1]).shape, model.pool(model.conv1(images[:1])).shape)

loader = DataLoader(TensorDataset(images, targets), batch_size=16, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    model.train()
    for batch, (x, y) in enumerate(loader):
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if batch % 2 == 0:
            print(f"epoch {epoch} batch {batch} loss {loss.item():.6f}")

print(model.bn1.running_mean)
print(model.bn1.running_var)
print(model.bn1.num_batches_tracked)
model.eval()
print(model.training, model.dropout.training)
with torch.no_grad():
    first = model(images[:8])
    second = model(images[:8])
print(torch.equal(first, second))
predictions = first.argmax(1)
print(predictions, (predictions == targets[:8]).float().mean().item())

drop = nn.Dropout(p=0.5)
print(drop(torch.ones(2, 8)))
print(F.dropout(torch.ones(10), p=0.3, training=True))
print(F.max_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2))
print(F.avg_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2))
print(F.adaptive_avg_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 1))
