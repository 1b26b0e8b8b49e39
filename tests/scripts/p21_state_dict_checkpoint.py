import torch
import io
import os
import tempfile

import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# "What is a state_dict", "Saving and loading a general checkpoint" and "Saving and loading
# models across devices" recipes, with the loops and prints as the recipes write them.
torch.manual_seed(0)


class TheModelClass(nn.Module):
    def __init__(self):
        super(TheModelClass, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.bn = nn.BatchNorm1d(120)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.bn(self.fc1(x)))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


model = TheModelClass()
optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
print("Model's state_dict:")
for param_tensor in model.state_dict():
    print(param_tensor, "\t", model.state_dict()[param_tensor].size())
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

inputs = torch.randn(4, 3, 32, 32)
labels = torch.tensor([0, 3, 9, 1])
criterion = nn.CrossEntropyLoss()
for epoch in range(2):
    optimizer.zero_grad()
    loss = criterion(model(inputs), labels)
    loss.backward()
    optimizer.step()
state = optimizer.state_dict()
print(sorted(state["state"].keys()), list(state["state"][0].keys()))
print(state["state"][0]["momentum_buffer"].shape, state["param_groups"][0]["params"])
print(model.bn.num_batches_tracked, model.bn.running_mean[:3])

with tempfile.TemporaryDirectory() as tmp:
    PATH = os.path.join(tmp, "model.pt")
    EPOCH = 5
    LOSS = 0.4
    torch.save({
        "epoch": EPOCH,
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "loss": LOSS,
    }, PATH)

    model2 = TheModelClass()
    optimizer2 = optim.SGD(model2.parameters(), lr=0.001, momentum=0.9)
    checkpoint = torch.load(PATH, weights_only=True)
    model2.load_state_dict(checkpoint["model_state_dict"])
    optimizer2.load_state_dict(checkpoint["optimizer_state_dict"])
    epoch = checkpoint["epoch"]
    loss = checkpoint["loss"]
    print(epoch, loss, type(checkpoint["model_state_dict"]).__name__)
    model2.eval()
    with torch.no_grad():
        print(torch.equal(model2(inputs), model.eval()(inputs)))
    model.train()
    model2.train()
    for m, opt in ((model, optimizer), (model2, optimizer2)):
        opt.zero_grad()
        criterion(m(inputs), labels).backward()
        opt.step()
    print(torch.equal(model.fc3.weight, model2.fc3.weight))

    # across devices: save on one, load with map_location
    torch.save(model.state_dict(), PATH)
    device = torch.device("cpu")
    model3 = TheModelClass()
    model3.load_state_dict(torch.load(PATH, map_location=device, weights_only=True))
    print(next(model3.parameters()).device)
    model3.load_state_dict(torch.load(PATH, map_location="cpu", weights_only=True))
    model3.to(device)
    state = torch.load(PATH, map_location=lambda storage, loc: storage, weights_only=True)
    print(len(state), state["fc3.bias"].device)
    state = torch.load(PATH, map_location={"cpu": "cpu"}, weights_only=True)
    print(state["conv1.weight"].shape)

    # state_dict tensors share memory with the model: clone to keep a snapshot
    snapshot = {k: v.clone() for k, v in model.state_dict().items()}
    shared = model.state_dict()
    with torch.no_grad():
        model.fc3.bias.add_(1.0)
    print(torch.equal(shared["fc3.bias"], model.fc3.bias),
          torch.equal(snapshot["fc3.bias"], model.fc3.bias))
    print(model.state_dict(keep_vars=True)["fc3.bias"].requires_grad,
          model.state_dict()["fc3.bias"].requires_grad)
    print(list(model.state_dict(prefix="net.").keys())[:2])
    print(model.state_dict()._metadata[""], model.state_dict()._metadata["bn"])

    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=True)
    print(type(loaded).__name__, hasattr(loaded, "_metadata"))
    again = torch.load(io.BytesIO(buffer.getvalue()), weights_only=True, mmap=False)
    print(again["bn.num_batches_tracked"])
