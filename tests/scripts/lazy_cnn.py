import torch
import torch.nn as nn
import torch.nn.functional as F

# A CNN built from lazy layers (no input sizes written anywhere): the optimizer is made before
# the first forward pass, the first batch sizes every layer, then it trains, is checkpointed
# and reloaded into a fresh lazy copy, with an out= buffer reused for the evaluation logits.
torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.LazyConv2d(6, 3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(), nn.MaxPool2d(2),
            nn.LazyConv2d(8, 3), nn.ReLU(), nn.LPPool2d(2, 2))
        self.head = nn.Sequential(nn.Flatten(), nn.LazyLinear(16), nn.ReLU(), nn.LazyLinear(3))

    def forward(self, x):
        return self.head(self.features(x))


model = Net()
print(model.head[1].weight)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
images = torch.randn(24, 2, 12, 12)
labels = torch.randint(0, 3, (24,))
for epoch in range(4):
    total = 0.0
    for start in range(0, 24, 8):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images[start:start + 8]), labels[start:start + 8])
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch}: loss {total / 3:.4f}")
print(model)
print([tuple(p.shape) for p in model.parameters()])

state = model.state_dict()
fresh = Net()
print(fresh.load_state_dict(state))
fresh.eval()
model.eval()
logits = torch.empty(0)
with torch.no_grad():
    torch.matmul(model.features(images[:4]).flatten(1), model.head[1].weight.t(), out=logits)
    print(logits.shape, torch.allclose(fresh(images[:4]), model(images[:4])))
print(type(fresh.features[0]).__name__, type(fresh.head[3]).__name__)
