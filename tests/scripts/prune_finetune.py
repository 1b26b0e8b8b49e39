import torch  # noqa: I001 (the harness requires torch first)

# The pruning tutorial's workflow on a LeNet-style classifier: train, prune (random and L1
# unstructured on conv1, L2-structured channels on conv2, then global magnitude pruning over
# every layer), inspect the reparametrisation (weight_orig, weight_mask, the forward pre-hooks),
# fine-tune with the masks held, make the pruning permanent with prune.remove, and save.
import io

import torch.nn.functional as F
from torch.nn.utils import prune
from torch import nn

torch.manual_seed(11)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 12, 3)
        self.fc1 = nn.Linear(12 * 2 * 2, 32)
        self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


# Four classes of 14x14 images: a bright quadrant on noise.
labels = torch.randint(0, 4, (64,))
images = torch.randn(64, 1, 14, 14) * 0.5
for index, label in enumerate(labels.tolist()):
    row, col = divmod(label, 2)
    images[index, 0, row * 7:(row + 1) * 7, col * 7:(col + 1) * 7] += 1.5


def train(model, steps, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for step in range(steps):
        batch = torch.arange(16) + 16 * (step % 4)
        loss = F.cross_entropy(model(images[batch]), labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


def accuracy(model):
    with torch.no_grad():
        return (model(images).argmax(1) == labels).float().mean().item()


def sparsity(module, name="weight"):
    tensor = getattr(module, name)
    return f"{100.0 * float((tensor == 0).sum()) / tensor.nelement():.1f}%"


model = LeNet()
print("trained loss", round(train(model, 24, 0.05), 4), "accuracy", accuracy(model))

prune.random_unstructured(model.conv1, name="weight", amount=0.3)
print([name for name, _ in model.conv1.named_parameters()])
print([name for name, _ in model.conv1.named_buffers()])
print([type(h).__name__ for h in model.conv1._forward_pre_hooks.values()])
print("conv1 sparsity", sparsity(model.conv1))
prune.l1_unstructured(model.conv1, name="bias", amount=3)
print("conv1 bias", model.conv1.bias)
prune.ln_structured(model.conv2, name="weight", amount=0.5, n=2, dim=0)
kept_channels = model.conv2.weight_mask.sum(dim=(1, 2, 3)) != 0
print("conv2 channels kept", kept_channels.nonzero().flatten().tolist())
# Pruning conv1's weight again stacks the methods in a PruningContainer.
prune.l1_unstructured(model.conv1, name="weight", amount=0.2)
hook = next(h for h in model.conv1._forward_pre_hooks.values() if h._tensor_name == "weight")
print(type(hook).__name__, [type(m).__name__ for m in hook])
print("conv1 sparsity", sparsity(model.conv1))

parameters = [(model.conv1, "weight"), (model.conv2, "weight"), (model.fc1, "weight"),
              (model.fc2, "weight")]
prune.global_unstructured(parameters, pruning_method=prune.L1Unstructured, amount=0.6)
for module, name in parameters:
    print(type(module).__name__, sparsity(module, name))
total = sum(float((m.weight == 0).sum()) for m, _ in parameters)
print("global sparsity", round(100.0 * total / sum(m.weight.nelement() for m, _ in parameters),
                               2))
print("accuracy after pruning", accuracy(model))

print("fine-tuned loss", round(train(model, 24, 0.02), 4), "accuracy", accuracy(model))
# Gradients reach weight_orig only where the mask keeps entries, so the zeros stay zeros.
print("pruned entries still zero:",
      bool((model.fc1.weight[model.fc1.weight_mask == 0] == 0).all()))
print("fc1 sparsity after fine-tuning", sparsity(model.fc1))
print(sorted(model.state_dict())[:6])

for module, name in parameters:
    prune.remove(module, name)
prune.remove(model.conv1, "bias")
print("pruned?", prune.is_pruned(model), sorted(model.state_dict()))
print("fc1 sparsity after remove", sparsity(model.fc1), type(model.fc1.weight).__name__)
buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
buffer.seek(0)
dense = LeNet()
dense.load_state_dict(torch.load(buffer))
print("reloaded accuracy", accuracy(dense))
