import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)

# two-moons-like synthetic data: three gaussian blobs
n_per_class = 100
centers = torch.tensor([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
features = torch.cat([torch.randn(n_per_class, 2) * 0.7 + c for c in centers])
labels = torch.arange(3).repeat_interleave(n_per_class)
print(features.shape, labels.shape, labels.dtype)

dataset = TensorDataset(features, labels)
print(len(dataset), dataset[0])
train_set, test_set = torch.utils.data.random_split(dataset, [240, 60])
print(len(train_set), len(test_set))
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
test_loader = DataLoader(test_set, batch_size=64)
xb, yb = next(iter(train_loader))
print(xb.shape, yb.shape, yb[:8])


class MLP(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return self.out(x)


model = MLP()
print(model)
print(sum(p.numel() for p in model.parameters()))
loss_fn = nn.CrossEntropyLoss()


def evaluate(net):
    net.eval()
    correct = 0
    total = 0
    with torch.no_grad():
        for x, y in test_loader:
            pred = net(x).argmax(dim=1)
            correct += (pred == y).sum().item()
            total += y.numel()
    return correct / total


for name, make_optimizer in [("SGD", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
                             ("Adam", lambda p: torch.optim.Adam(p, lr=0.01))]:
    torch.manual_seed(7)
    model = MLP()
    optimizer = make_optimizer(model.parameters())
    print(name, optimizer.defaults)
    step = 0
    for epoch in range(5):
        model.train()
        running = 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            running += loss.item()
            step += 1
            if step % 10 == 0:
                print(f"{name} step {step:3d} loss {loss.item():.6f}")
        print(f"{name} epoch {epoch} mean loss {running / len(train_loader):.6f}")
    print(f"{name} test accuracy {evaluate(model):.4f}")

logits = model(features[:5])
print(F.softmax(logits, dim=1).sum(dim=1))
print(F.cross_entropy(logits, labels[:5], reduction="none").shape)
print(nn.NLLLoss()(F.log_softmax(logits, dim=1), labels[:5]).item() > 0)
