import torch
import io
import os
import tempfile

import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# Recipes from the PyTorch recipes index: zeroing out gradients, saving and loading several
# models in one file, warmstarting a model from another model's parameters (strict=False),
# load_state_dict(assign=True), swap_tensors, and the module conversion future flag.
torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


# Zeroing out gradients: accumulate across two batches, then reset
net = Net().double()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
inputs = torch.randn(4, 3, 32, 32, dtype=torch.float64)
labels = torch.tensor([1, 0, 3, 9])
for epoch in range(2):
    running_loss = 0.0
    for i in range(3):
        optimizer.zero_grad()
        outputs = net(inputs + 0.1 * i)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    print(f"[{epoch + 1}] loss: {running_loss / 3:.10f}")
print(net.conv1.weight.grad is None, net.fc3.bias.grad.abs().sum() > 0)
optimizer.zero_grad(set_to_none=False)
print(net.fc3.bias.grad)
net.zero_grad()
print(net.fc3.bias.grad)

# Saving and loading multiple models in one file
netA = Net()
netB = Net()
optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.Adam(netB.parameters(), lr=0.01)
netB(torch.randn(1, 3, 32, 32)).sum().backward()
optimizerB.step()
buffer = io.BytesIO()
torch.save({
    "modelA_state_dict": netA.state_dict(),
    "modelB_state_dict": netB.state_dict(),
    "optimizerA_state_dict": optimizerA.state_dict(),
    "optimizerB_state_dict": optimizerB.state_dict(),
}, buffer)
buffer.seek(0)
modelA, modelB = Net(), Net()
optimModelA = optim.SGD(modelA.parameters(), lr=0.001, momentum=0.9)
optimModelB = optim.Adam(modelB.parameters(), lr=0.01)
checkpoint = torch.load(buffer, weights_only=True)
print(sorted(checkpoint))
print(modelA.load_state_dict(checkpoint["modelA_state_dict"]))
print(modelB.load_state_dict(checkpoint["modelB_state_dict"]))
optimModelA.load_state_dict(checkpoint["optimizerA_state_dict"])
optimModelB.load_state_dict(checkpoint["optimizerB_state_dict"])
modelA.eval()
modelB.train()
print(optimModelB.state_dict()["state"][0]["step"], optimModelB.param_groups[0]["lr"])
print(torch.equal(modelB.fc3.weight, netB.fc3.weight), modelA.training, modelB.training)
print(list(optimModelA.state_dict()["param_groups"][0].keys()))

# Warmstarting: a model with an extra layer and a renamed one loads what it can
class NetB(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.head = nn.Linear(84, 10)
        self.extra = nn.Linear(10, 2)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "model.pt")
    torch.save(netA.state_dict(), path)
    warm = NetB()
    result = warm.load_state_dict(torch.load(path, weights_only=True), strict=False)
    print(result)
    print(result.missing_keys, result.unexpected_keys)
    try:
        NetB().load_state_dict(torch.load(path, weights_only=True))
    except RuntimeError as err:
        print(str(err).splitlines()[0])
        print(len(str(err).splitlines()))
    state = torch.load(path, weights_only=True)
    state["fc1.weight"] = state["fc1.weight"][:60]
    try:
        NetB().load_state_dict(state, strict=False)
    except RuntimeError as err:
        print(err)
print(torch.equal(warm.conv2.weight, netA.conv2.weight))

# load_state_dict(assign=True): a model built on the meta device takes the loaded tensors
with torch.device("meta"):
    meta_model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
print(meta_model[0].weight.device, meta_model[0].weight.is_meta)
source = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
print(meta_model.load_state_dict(source.state_dict(), assign=True))
print(meta_model[0].weight.device, type(meta_model[0].weight).__name__,
      meta_model[0].weight.requires_grad)
print(meta_model[0].weight.data_ptr() == source[0].weight.data_ptr())
x = torch.randn(2, 4)
print(torch.equal(meta_model(x), source(x)))
plain = nn.Linear(4, 3)
before = plain.weight
plain.load_state_dict(source[0].state_dict())
print(plain.weight is before, torch.equal(plain.weight, source[0].weight))
frozen = {k: v.detach().clone().requires_grad_(False) for k, v in source[0].state_dict().items()}
plain.load_state_dict(frozen, assign=True)
print(type(plain.weight).__name__, plain.weight.requires_grad)

# swap_tensors exchanges two tensors' contents, Python objects staying put
a = torch.zeros(2)
b = torch.arange(3.0)
a_id, b_id = id(a), id(b)
torch.utils.swap_tensors(a, b)
print(a, b, id(a) == a_id, id(b) == b_id)

print(torch.__future__.get_swap_module_params_on_conversion())
m = nn.Linear(3, 2)
weight = m.weight
m.double()
print(m.weight is weight, m.weight.dtype, weight.dtype)
torch.__future__.set_swap_module_params_on_conversion(True)
m = nn.Linear(3, 2)
weight = m.weight
m.double()
print(m.weight is weight, m.weight.dtype, weight.dtype)
torch.__future__.set_swap_module_params_on_conversion(False)
print(torch.__future__.get_swap_module_params_on_conversion())
torch.__future__.set_overwrite_module_params_on_conversion(True)
m = nn.Linear(3, 2)
weight = m.weight
m(torch.ones(1, 3)).sum().backward()
m.double()
print(m.weight is weight, m.weight.dtype, weight.dtype, m.weight.grad.dtype, weight.grad.dtype)
torch.__future__.set_overwrite_module_params_on_conversion(False)
