import torch

# A small MobileNet-style classifier as vision code writes it: depthwise separable convs
# (groups=in_channels), BatchNorm + ReLU6, inverted residuals, channels_last memory format,
# AdaptiveAvgPool2d, F.interpolate in every mode (with align_corners and antialias),
# pixel_shuffle / pixel_unshuffle for an upsampling head, and F.unfold / F.fold patch
# embeddings for a ViT-like stem without einops.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class ConvBNReLU(nn.Sequential):
    def __init__(self, cin, cout, kernel=3, stride=1, groups=1):
        super().__init__(
            nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        self.use_res = stride == 1 and cin == cout
        self.conv = nn.Sequential(
            ConvBNReLU(cin, hidden, kernel=1),
            ConvBNReLU(hidden, hidden, stride=stride, groups=hidden),
            nn.Conv2d(hidden, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
        )

    def forward(self, x):
        return x + self.conv(x) if self.use_res else self.conv(x)


class TinyMobileNet(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.features = nn.Sequential(
            ConvBNReLU(3, 8, stride=2),
            InvertedResidual(8, 8, 1, 2),
            InvertedResidual(8, 12, 2, 3),
            InvertedResidual(12, 12, 1, 3),
        )
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(12, classes))

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


model = TinyMobileNet()
print(model.features[2])
print("params", sum(p.numel() for p in model.parameters()))
dw = model.features[1].conv[1][0]
print("depthwise", dw, dw.weight.shape)

images = torch.randn(6, 3, 16, 16)
labels = torch.tensor([0, 1, 2, 3, 4, 0])
model = model.to(memory_format=torch.channels_last)
images = images.contiguous(memory_format=torch.channels_last)
print("channels_last", images.is_contiguous(memory_format=torch.channels_last),
      images.stride(), model.features[0][0].weight.stride())
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
for step in range(4):
    optimizer.zero_grad()
    out = model(images)
    loss = F.cross_entropy(out, labels, label_smoothing=0.1)
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.6f} out_cl "
          f"{out.is_contiguous()} grad_cl "
          f"{model.features[0][0].weight.grad.is_contiguous(memory_format=torch.channels_last)}")
model.eval()
with torch.no_grad():
    print("eval logits", model(images)[:2])
bn = model.features[0][1]
print("running", bn.running_mean[:3], bn.running_var[:3], bn.num_batches_tracked)

# every interpolate mode, up and down
x = torch.arange(2 * 1 * 5 * 6, dtype=torch.float64).reshape(2, 1, 5, 6).sin()
for mode in ["nearest", "nearest-exact", "bilinear", "bicubic", "area"]:
    for size in [(3, 4), (8, 9)]:
        kwargs = {"align_corners": False} if mode in ("bilinear", "bicubic") else {}
        y = F.interpolate(x, size=size, mode=mode, **kwargs)
        print(mode, size, y.shape, f"{y.sum().item():.8f}", f"{y[0, 0, -1, -1].item():.8f}")
for mode in ["bilinear", "bicubic"]:
    y = F.interpolate(x, scale_factor=0.5, mode=mode, align_corners=True)
    z = F.interpolate(x, size=(2, 3), mode=mode, antialias=True)
    print(mode, "align", y.shape, f"{y.sum().item():.8f}", "antialias",
          f"{z.sum().item():.8f}", f"{z[1, 0, 0, 0].item():.8f}")
y = F.interpolate(x, scale_factor=1.7, mode="bilinear", recompute_scale_factor=True)
print("recompute", y.shape)
seq = torch.randn(2, 3, 7)
print("linear", F.interpolate(seq, size=4, mode="linear").shape,
      f"{F.interpolate(seq, scale_factor=2.0, mode='linear').sum().item():.8f}")
vol = torch.randn(1, 2, 3, 4, 5)
print("trilinear", f"{F.interpolate(vol, size=(4, 5, 6), mode='trilinear').sum().item():.8f}")
up = nn.Upsample(scale_factor=2, mode="nearest")
print(up, up(x).shape)

# gradient through interpolation
xg = x.clone().requires_grad_(True)
F.interpolate(xg, size=(7, 4), mode="bicubic", align_corners=False).pow(2).sum().backward()
print("bicubic grad", f"{xg.grad.sum().item():.8f}", f"{xg.grad.abs().max().item():.8f}")
xg.grad = None
F.interpolate(xg, size=(3, 3), mode="bilinear", antialias=True).pow(2).sum().backward()
print("antialias grad", f"{xg.grad.sum().item():.8f}")

# pixel shuffle head (ESPCN style)
feat = torch.randn(2, 12, 4, 4)
shuffled = F.pixel_shuffle(feat, 2)
print("pixel_shuffle", shuffled.shape, torch.equal(F.pixel_unshuffle(shuffled, 2), feat))
ps = nn.PixelShuffle(3)
print(ps, ps(torch.randn(1, 18, 2, 2)).shape)
print(nn.PixelUnshuffle(2))

# ViT patch embedding via unfold, and fold back
img = torch.randn(2, 3, 8, 8)
patches = F.unfold(img, kernel_size=4, stride=4)
print("unfold", patches.shape)
tokens = patches.transpose(1, 2)
proj = nn.Linear(3 * 16, 10)
print("tokens", proj(tokens).shape)
back = F.fold(patches, output_size=(8, 8), kernel_size=4, stride=4)
print("fold roundtrip", torch.equal(back, img))
overlap = F.fold(F.unfold(img, 3, padding=1), (8, 8), 3, padding=1)
counts = F.fold(F.unfold(torch.ones_like(img), 3, padding=1), (8, 8), 3, padding=1)
print("overlap", torch.allclose(overlap / counts, img), counts[0, 0, :2, :3])
unf = nn.Unfold(kernel_size=(2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
print(unf, unf(img).shape)
imgg = img.clone().requires_grad_(True)
F.unfold(imgg, 3, padding=1, stride=2).pow(2).sum().backward()
print("unfold grad", f"{imgg.grad.sum().item():.8f}")
try:
    F.fold(patches, output_size=(12, 12), kernel_size=4, stride=4)
except RuntimeError as error:
    print("fold error:", error)
try:
    F.pixel_shuffle(torch.randn(1, 5, 2, 2), 2)
except RuntimeError as error:
    print("pixel_shuffle error:", error)
