import torch
import copy
import os
import tempfile
import time

import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler

# The "Transfer Learning for Computer Vision" tutorial on a small pretrained-style ResNet and a
# synthetic ants/bees set: fine-tuning the whole net with StepLR, then the net as a frozen
# feature extractor with only a new head trained; best weights kept by state_dict deepcopy.
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False),
                                            nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class TinyResNet(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = BasicBlock(8, 8)
        self.layer2 = BasicBlock(8, 16, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# "pretrained" weights: a net trained briefly elsewhere, saved and loaded back
pretrained = TinyResNet(num_classes=10)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "tiny_resnet.pth")
    torch.save(pretrained.state_dict(), path)
    weights = torch.load(path, weights_only=True)

class_names = ["ants", "bees"]
g = torch.Generator().manual_seed(0)
means = torch.tensor([[0.2, 0.5, 0.3], [0.6, 0.3, 0.5]])


def make_images(n):
    labels = torch.randint(0, 2, (n,), generator=g)
    images = means[labels][:, :, None, None] + 0.3 * torch.randn(n, 3, 8, 8, generator=g)
    normalize_mean = torch.tensor([0.485, 0.456, 0.406])[:, None, None]
    normalize_std = torch.tensor([0.229, 0.224, 0.225])[:, None, None]
    return torch.utils.data.TensorDataset((images - normalize_mean) / normalize_std, labels)


image_datasets = {"train": make_images(24), "val": make_images(12)}
dataloaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=6,
                                              shuffle=(x == "train"),
                                              generator=torch.Generator().manual_seed(1))
               for x in ["train", "val"]}
dataset_sizes = {x: len(image_datasets[x]) for x in ["train", "val"]}
print(dataset_sizes, class_names)
device = torch.device("cpu")


def train_model(model, criterion, optimizer, scheduler, num_epochs=25):
    since = time.time()
    best_model_wts = copy.deepcopy(model.state_dict())
    best_acc = 0.0
    for epoch in range(num_epochs):
        print(f"Epoch {epoch}/{num_epochs - 1}")
        print("-" * 10)
        for phase in ["train", "val"]:
            if phase == "train":
                model.train()
            else:
                model.eval()
            running_loss = 0.0
            running_corrects = 0
            for inputs, labels in dataloaders[phase]:
                inputs = inputs.to(device)
                labels = labels.to(device)
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    _, preds = torch.max(outputs, 1)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                running_loss += loss.item() * inputs.size(0)
                running_corrects += torch.sum(preds == labels.data)
            if phase == "train":
                scheduler.step()
            epoch_loss = running_loss / dataset_sizes[phase]
            epoch_acc = running_corrects.double() / dataset_sizes[phase]
            print(f"{phase} Loss: {epoch_loss:.4f} Acc: {epoch_acc:.4f}")
            if phase == "val" and epoch_acc > best_acc:
                best_acc = epoch_acc
                best_model_wts = copy.deepcopy(model.state_dict())
        print()
    time_elapsed = time.time() - since
    print(f"Training complete in {time_elapsed // 60:.0f}m {time_elapsed % 60 >= 0}")
    print(f"Best val Acc: {best_acc:4f}")
    model.load_state_dict(best_model_wts)
    return model


# fine-tuning the whole network
model_ft = TinyResNet(num_classes=10)
print(model_ft.load_state_dict(weights))
num_ftrs = model_ft.fc.in_features
model_ft.fc = nn.Linear(num_ftrs, 2)
model_ft = model_ft.to(device)
criterion = nn.CrossEntropyLoss()
optimizer_ft = optim.SGD(model_ft.parameters(), lr=0.01, momentum=0.9)
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=2, gamma=0.1)
model_ft = train_model(model_ft, criterion, optimizer_ft, exp_lr_scheduler, num_epochs=3)
print(exp_lr_scheduler.get_last_lr(), exp_lr_scheduler.state_dict()["last_epoch"])

# the network as a fixed feature extractor: freeze everything, train a new fc
model_conv = TinyResNet(num_classes=10)
model_conv.load_state_dict(weights)
for param in model_conv.parameters():
    param.requires_grad = False
model_conv.fc = nn.Linear(model_conv.fc.in_features, 2)
print(sum(p.numel() for p in model_conv.parameters() if p.requires_grad),
      sum(p.numel() for p in model_conv.parameters()))
optimizer_conv = optim.SGD(model_conv.fc.parameters(), lr=0.01, momentum=0.9)
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_conv, step_size=2, gamma=0.1)
before = model_conv.layer1.conv1.weight.clone()
model_conv = train_model(model_conv, criterion, optimizer_conv, exp_lr_scheduler, num_epochs=2)
print(torch.equal(before, model_conv.layer1.conv1.weight),
      model_conv.layer1.conv1.weight.grad is None)
print(model_conv.bn1.num_batches_tracked, model_conv.bn1.running_mean[:3])


def visualize_model_predictions(model, img):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        outputs = model(img.unsqueeze(0))
        _, preds = torch.max(outputs, 1)
        print(f"Predicted: {class_names[preds[0]]}")
        model.train(mode=was_training)


visualize_model_predictions(model_conv, image_datasets["val"][0][0])
print(model_conv.training)
torch.set_default_dtype(torch.float32)
