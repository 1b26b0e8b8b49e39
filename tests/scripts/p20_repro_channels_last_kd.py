import torch
import random

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

# --- reproducibility ------------------------------------------------------------------------
torch.manual_seed(0)
random.seed(0)
np.random.seed(0)
torch.use_deterministic_algorithms(True)
print("deterministic", torch.are_deterministic_algorithms_enabled(),
      torch.is_deterministic_algorithms_warn_only_enabled())
torch.backends.cudnn.benchmark = False
torch.backends.cudnn.deterministic = True
print("initial seed", torch.initial_seed())


def seed_worker(worker_id):
    worker_seed = torch.initial_seed() % 2 ** 32
    np.random.seed(worker_seed)
    random.seed(worker_seed)


g = torch.Generator()
g.manual_seed(0)
dataset = TensorDataset(torch.arange(10.0), torch.arange(10))
loader = DataLoader(dataset, batch_size=3, shuffle=True, worker_init_fn=seed_worker, generator=g)
print([b[1].tolist() for b in loader])
g.manual_seed(0)
print("same order again", [b[1].tolist() for b in loader])
print("generator state size", g.get_state().shape, g.get_state().dtype)
state = torch.get_rng_state()
a = torch.rand(3)
torch.set_rng_state(state)
print("rng state restored", torch.equal(a, torch.rand(3)))
with torch.random.fork_rng():
    torch.rand(5)
print("fork_rng", torch.rand(1))
g2 = torch.Generator().manual_seed(7)
print(torch.randint(0, 100, (4,), generator=g2), torch.randperm(6, generator=g2))
print(torch.normal(torch.zeros(3), torch.ones(3), generator=g2))
print(torch.multinomial(torch.tensor([0.1, 0.6, 0.3]), 5, replacement=True, generator=g2))
try:
    torch.zeros(4).index_add_(0, torch.tensor([0, 0]), torch.ones(2)).cumsum(0)
    x = torch.randn(4, 4)
    torch.kthvalue(x, 2)
    print("deterministic ops fine")
except RuntimeError as e:
    print("RuntimeError", e)
torch.use_deterministic_algorithms(False)

# --- channels_last memory format -----------------------------------------------------------
torch.manual_seed(1)
x = torch.empty(2, 3, 4, 5)
print(x.stride(), x.is_contiguous())
x = x.to(memory_format=torch.channels_last)
print(x.shape, x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=torch.channels_last))
x = x.to(memory_format=torch.contiguous_format)
print(x.stride())
x = x.contiguous(memory_format=torch.channels_last)
print(x.stride())
y = torch.empty(2, 3, 4, 5, memory_format=torch.channels_last)
print("empty cl", y.stride())
print("empty_like keeps", torch.empty_like(y).stride(), (y + 1).stride(), y.relu().stride())
special = torch.empty(4, 1, 4, 4).to(memory_format=torch.channels_last)
print("ambiguous", special.is_contiguous(memory_format=torch.channels_last),
      special.is_contiguous())
model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                      nn.Conv2d(8, 4, 3)).double()
model_cl = model.to(memory_format=torch.channels_last)
print("weight stride", model_cl[0].weight.stride())
inp = torch.randn(2, 3, 8, 8, dtype=torch.float64).to(memory_format=torch.channels_last)
out = model_cl(inp)
print("output cl", out.is_contiguous(memory_format=torch.channels_last), out.stride())
ref = model(inp.contiguous())
print("same values", torch.allclose(out, ref))
print(torch.randn(2, 3, 4, 4, 4).to(memory_format=torch.channels_last_3d).stride())
try:
    torch.randn(3, 4, 5).to(memory_format=torch.channels_last)
except RuntimeError as e:
    print("RuntimeError", e)

# --- knowledge distillation ------------------------------------------------------------------
torch.manual_seed(2)
torch.set_default_dtype(torch.float64)


class DeepNN(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, kernel_size=3, padding=1), nn.ReLU(),
            nn.Conv2d(8, 8, kernel_size=3, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.classifier = nn.Sequential(nn.Linear(8 * 4 * 4, 32), nn.ReLU(), nn.Dropout(0.1),
                                        nn.Linear(32, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


class LightNN(nn.Module):
    def __init__(self, num_classes=4):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, kernel_size=3, padding=1), nn.ReLU(),
                                      nn.MaxPool2d(kernel_size=2, stride=2))
        self.classifier = nn.Sequential(nn.Linear(4 * 4 * 4, 16), nn.ReLU(), nn.Dropout(0.1),
                                        nn.Linear(16, num_classes))

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)


images = torch.randn(32, 3, 8, 8)
labels = torch.randint(0, 4, (32,))
train_loader = DataLoader(TensorDataset(images, labels), batch_size=8, shuffle=True,
                          generator=torch.Generator().manual_seed(3))


def train(model, train_loader, epochs, learning_rate):
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    for epoch in range(epochs):
        running_loss = 0.0
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
        print(f"Epoch {epoch + 1}/{epochs}, Loss: {running_loss / len(train_loader):.8f}")


def test(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for inputs, labels in loader:
            predicted = model(inputs).argmax(1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    return 100 * correct / total


teacher = DeepNN()
train(teacher, train_loader, epochs=3, learning_rate=0.001)
print(f"teacher accuracy {test(teacher, train_loader):.2f}%")
torch.manual_seed(42)
student = LightNN()
print("parameters", sum(p.numel() for p in teacher.parameters()),
      sum(p.numel() for p in student.parameters()))


def train_knowledge_distillation(teacher, student, train_loader, epochs, learning_rate, T,
                                 soft_target_loss_weight, ce_loss_weight):
    ce_loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(student.parameters(), lr=learning_rate)
    teacher.eval()
    student.train()
    for epoch in range(epochs):
        running_loss = 0.0
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            with torch.no_grad():
                teacher_logits = teacher(inputs)
            student_logits = student(inputs)
            soft_targets = nn.functional.softmax(teacher_logits / T, dim=-1)
            soft_prob = nn.functional.log_softmax(student_logits / T, dim=-1)
            soft_targets_loss = torch.sum(soft_targets * (soft_targets.log() - soft_prob)) / \
                soft_prob.size()[0] * (T ** 2)
            label_loss = ce_loss(student_logits, labels)
            loss = soft_target_loss_weight * soft_targets_loss + ce_loss_weight * label_loss
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
        print(f"KD Epoch {epoch + 1}/{epochs}, Loss: {running_loss / len(train_loader):.8f}")


train_knowledge_distillation(teacher, student, train_loader, epochs=3, learning_rate=0.001,
                             T=2, soft_target_loss_weight=0.25, ce_loss_weight=0.75)
print(f"student accuracy {test(student, train_loader):.2f}%")
kl = F.kl_div(F.log_softmax(student(images[:4]) / 2, -1), F.softmax(teacher(images[:4]) / 2, -1),
              reduction="batchmean")
print("kl_div batchmean", round(kl.item(), 8))
cos = nn.CosineEmbeddingLoss()
print("cosine loss", round(cos(student(images[:4]), teacher(images[:4]),
                               torch.ones(4)).item(), 8))
