import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


# --- spatial transformer network ----------------------------------------------------------
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, kernel_size=5)
        self.conv2 = nn.Conv2d(4, 8, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(8 * 4 * 4, 20)
        self.fc2 = nn.Linear(20, 10)
        self.localization = nn.Sequential(
            nn.Conv2d(1, 4, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(4, 5, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True)
        )
        self.fc_loc = nn.Sequential(
            nn.Linear(5 * 3 * 3, 32),
            nn.ReLU(True),
            nn.Linear(32, 3 * 2)
        )
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 5 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        x = F.grid_sample(x, grid, align_corners=False)
        return x

    def forward(self, x):
        x = self.stn(x)
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 8 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


model = Net()
print(model.fc_loc)
images = torch.rand(16, 1, 28, 28)
targets = torch.randint(0, 10, (16,))
optimizer = optim.SGD(model.parameters(), lr=0.05)
for step in range(4):
    model.train()
    optimizer.zero_grad()
    output = model(images)
    loss = F.nll_loss(output, targets)
    loss.backward()
    optimizer.step()
    print(f"stn step {step} loss {loss.item():.8f}")
model.eval()
with torch.no_grad():
    transformed = model.stn(images[:2])
    print("stn out", transformed.shape, round(transformed.sum().item(), 6))
    theta = model.fc_loc(model.localization(images[:2]).view(-1, 45)).view(-1, 2, 3)
    print("theta", theta.round(decimals=5))

# affine_grid / grid_sample corner cases printed in full
theta = torch.tensor([[[0.8, -0.2, 0.1], [0.3, 0.9, -0.2]]])
img = torch.arange(16.0).reshape(1, 1, 4, 4)
for align in (False, True):
    grid = F.affine_grid(theta, (1, 1, 3, 3), align_corners=align)
    print("grid", align, grid[0, 0])
    for mode in ("bilinear", "nearest", "bicubic"):
        for padding in ("zeros", "border", "reflection"):
            out = F.grid_sample(img, grid, mode=mode, padding_mode=padding, align_corners=align)
            print(f"  {mode:8s} {padding:10s}", out.flatten().round(decimals=4).tolist())
theta3 = torch.eye(3, 4).unsqueeze(0)
print("3d grid", F.affine_grid(theta3, (1, 1, 2, 2, 2), align_corners=False).shape)
theta_g = theta.clone().requires_grad_()
img_g = img.clone().requires_grad_()
print("gradcheck grid_sample", torch.autograd.gradcheck(
    lambda t, i: F.grid_sample(i, F.affine_grid(t, (1, 1, 3, 3), align_corners=False),
                               align_corners=False, padding_mode="border"), (theta_g, img_g)))
try:
    F.affine_grid(theta, (1, 1, 3), align_corners=False)
except (ValueError, NotImplementedError, RuntimeError) as e:
    print(type(e).__name__, e)

# --- FGSM adversarial examples ----------------------------------------------------------
torch.manual_seed(1)
classifier = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 32), nn.ReLU(), nn.Linear(32, 10))
data = torch.rand(8, 1, 28, 28)
labels = classifier(data).argmax(1)


def fgsm_attack(image, epsilon, data_grad):
    sign_data_grad = data_grad.sign()
    perturbed_image = image + epsilon * sign_data_grad
    perturbed_image = torch.clamp(perturbed_image, 0, 1)
    return perturbed_image


def denorm(batch, mean=[0.1307], std=[0.3081]):
    mean = torch.tensor(mean).view(1, -1, 1, 1)
    std = torch.tensor(std).view(1, -1, 1, 1)
    return batch * std + mean


for epsilon in [0, .05, .1, .2, .3]:
    x = data.clone().requires_grad_(True)
    output = classifier(x)
    loss = F.nll_loss(F.log_softmax(output, dim=1), labels)
    classifier.zero_grad()
    loss.backward()
    data_grad = x.grad.data
    data_denorm = denorm(x)
    perturbed = fgsm_attack(data_denorm, epsilon, data_grad)
    perturbed_normalized = (perturbed - 0.1307) / 0.3081
    final_pred = classifier(perturbed_normalized).argmax(1)
    correct = (final_pred == labels).sum().item()
    print(f"Epsilon: {epsilon}\tTest Accuracy = {correct} / {len(labels)} = "
          f"{correct / len(labels)}")

# --- neural style transfer with Gram matrices and LBFGS --------------------------------
torch.manual_seed(2)


def gram_matrix(input):
    a, b, c, d = input.size()
    features = input.view(a * b, c * d)
    G = torch.mm(features, features.t())
    return G.div(a * b * c * d)


class ContentLoss(nn.Module):
    def __init__(self, target):
        super().__init__()
        self.target = target.detach()

    def forward(self, input):
        self.loss = F.mse_loss(input, self.target)
        return input


class StyleLoss(nn.Module):
    def __init__(self, target_feature):
        super().__init__()
        self.target = gram_matrix(target_feature).detach()

    def forward(self, input):
        G = gram_matrix(input)
        self.loss = F.mse_loss(G, self.target)
        return input


class Normalization(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def forward(self, img):
        return (img - self.mean) / self.std


cnn = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1),
                    nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU()).eval()
style_img = torch.rand(1, 3, 16, 16)
content_img = torch.rand(1, 3, 16, 16)
normalization = Normalization([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
content_layers = ['conv_2']
style_layers = ['conv_1', 'conv_2', 'conv_3']
content_losses, style_losses = [], []
model = nn.Sequential(normalization)
i = 0
for layer in cnn.children():
    if isinstance(layer, nn.Conv2d):
        i += 1
        name = 'conv_{}'.format(i)
    elif isinstance(layer, nn.ReLU):
        name = 'relu_{}'.format(i)
        layer = nn.ReLU(inplace=False)
    elif isinstance(layer, nn.MaxPool2d):
        name = 'pool_{}'.format(i)
    model.add_module(name, layer)
    if name in content_layers:
        target = model(content_img).detach()
        content_loss = ContentLoss(target)
        model.add_module("content_loss_{}".format(i), content_loss)
        content_losses.append(content_loss)
    if name in style_layers:
        target_feature = model(style_img).detach()
        style_loss = StyleLoss(target_feature)
        model.add_module("style_loss_{}".format(i), style_loss)
        style_losses.append(style_loss)
print(model)
input_img = content_img.clone()
input_img.requires_grad_(True)
model.eval()
model.requires_grad_(False)
optimizer = optim.LBFGS([input_img])
run = [0]
# two LBFGS steps of 20 evaluations: the clamp in the closure later throws the image far
# off, where rounding differences of the convolutions grow to printed digits
while run[0] <= 30:
    def closure():
        with torch.no_grad():
            input_img.clamp_(0, 1)
        optimizer.zero_grad()
        model(input_img)
        style_score = sum(sl.loss for sl in style_losses) * 1e5
        content_score = sum(cl.loss for cl in content_losses)
        loss = style_score + content_score
        loss.backward()
        run[0] += 1
        if run[0] % 20 == 0:
            print(f"run {run[0]}: Style Loss : {style_score.item():4f} "
                  f"Content Loss: {content_score.item():4f}")
        return style_score + content_score
    optimizer.step(closure)
with torch.no_grad():
    input_img.clamp_(0, 1)
print("final image mean", round(input_img.mean().item(), 8))
print("lbfgs state keys", sorted(optimizer.state[optimizer._params[0]].keys()))
