import torch
import torch.nn.functional as F
from torch import nn

# Neural style transfer after Gatys et al. and the PyTorch tutorial: a small frozen CNN as
# the feature extractor (random weights stand in for VGG), content loss on one layer, style
# loss on Gram matrices of several, a Normalization module, the image's pixels as the only
# parameter, optimised with L-BFGS through a closure that clamps the pixels in place.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

content = torch.rand(1, 3, 24, 24)
yy, xx = torch.meshgrid(torch.linspace(-1, 1, 24), torch.linspace(-1, 1, 24), indexing="ij")
style = torch.stack([torch.sin(6 * xx), torch.cos(6 * yy), torch.sin(4 * (xx + yy))]) * 0.5 + 0.5
style = style.unsqueeze(0)
print("images", tuple(content.shape), tuple(style.shape), style.min().item() >= 0)


class Normalization(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(-1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(-1, 1, 1))

    def forward(self, img):
        return (img - self.mean) / self.std


def gram_matrix(x):
    b, c, h, w = x.size()
    features = x.view(b * c, h * w)
    return torch.mm(features, features.t()).div(b * c * h * w)


class ContentLoss(nn.Module):
    def __init__(self, target):
        super().__init__()
        self.target = target.detach()
        self.loss = torch.tensor(0.0)

    def forward(self, x):
        self.loss = F.mse_loss(x, self.target)
        return x


class StyleLoss(nn.Module):
    def __init__(self, target_feature):
        super().__init__()
        self.target = gram_matrix(target_feature).detach()
        self.loss = torch.tensor(0.0)

    def forward(self, x):
        self.loss = F.mse_loss(gram_matrix(x), self.target)
        return x


cnn = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1),
                    nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                    nn.Conv2d(16, 16, 3, padding=1)).eval().requires_grad_(False)

model = nn.Sequential(Normalization([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]))
content_losses, style_losses = [], []
conv_index = 0
for layer in cnn.children():
    if isinstance(layer, nn.Conv2d):
        conv_index += 1
        name = f"conv_{conv_index}"
    elif isinstance(layer, nn.ReLU):
        name, layer = f"relu_{conv_index}", nn.ReLU(inplace=False)
    else:
        name = f"pool_{conv_index}"
    model.add_module(name, layer)
    if name == "conv_3":
        target = model(content).detach()
        content_losses.append(ContentLoss(target))
        model.add_module("content_loss_3", content_losses[-1])
    if name in ("conv_1", "conv_2", "conv_3", "conv_4"):
        style_losses.append(StyleLoss(model(style).detach()))
        model.add_module(f"style_loss_{conv_index}", style_losses[-1])
print([name for name, _ in model.named_children()])

image = content.clone().requires_grad_(True)
optimizer = torch.optim.LBFGS([image], lr=1, max_iter=20, history_size=10,
                              line_search_fn="strong_wolfe")
style_weight, content_weight = 1e5, 1.0
evaluations = [0]
for outer in range(4):
    def closure():
        with torch.no_grad():
            image.clamp_(0, 1)
        optimizer.zero_grad()
        model(image)
        style_score = style_weight * sum(sl.loss for sl in style_losses)
        content_score = content_weight * sum(cl.loss for cl in content_losses)
        loss = style_score + content_score
        loss.backward()
        evaluations[0] += 1
        return loss

    loss = optimizer.step(closure)
    state = optimizer.state[image]
    print(f"outer {outer} loss {loss.item():.8f} evaluations {evaluations[0]} "
          f"n_iter {state['n_iter']} func_evals {state['func_evals']}")

with torch.no_grad():
    image.clamp_(0, 1)
    model(image)
    print("style", [f"{sl.loss.item():.6e}" for sl in style_losses])
    print("content", f"{content_losses[0].loss.item():.6e}")
    print("pixels", image.min().item() >= 0, image.max().item() <= 1,
          f"{(image - content).abs().mean().item():.8f}")
    print("gram of the result", gram_matrix(image)[0])
