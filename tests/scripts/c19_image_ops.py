import torch

# Image preprocessing and filtering written directly in torch, without torchvision: uint8 HWC
# to float CHW, normalize, random crop / flip / rotation drawn from a Generator, affine_grid +
# grid_sample in every mode, padding mode and align_corners, colour jitter maths, unfold
# patches, antialiased interpolate, histogram equalisation with histc/cumsum, Sobel and
# Gaussian filters via grouped conv2d, and a make_grid-style tiling.
import math

import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=4)

g = torch.Generator().manual_seed(42)
img_u8 = torch.randint(0, 256, (8, 8, 3), dtype=torch.uint8, generator=g)


def to_tensor(a):
    return a.permute(2, 0, 1).contiguous().to(torch.float32).div(255)


def normalize(t, mean, std):
    mean = torch.as_tensor(mean, dtype=t.dtype).view(-1, 1, 1)
    std = torch.as_tensor(std, dtype=t.dtype).view(-1, 1, 1)
    return (t - mean) / std


x = to_tensor(img_u8)
print("to_tensor", x.shape, x.dtype, x.is_contiguous(), x.min().item(), x.max().item())
xn = normalize(x, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
print("normalized mean/std", xn.mean((1, 2)), xn.std((1, 2)))
back = (x * 255).round().to(torch.uint8).permute(1, 2, 0)
print("roundtrip equal", torch.equal(back, img_u8))

# --- random crop / flip / rotation with a Generator ---
def random_crop(t, size, gen):
    h, w = t.shape[-2:]
    i = torch.randint(0, h - size + 1, (1,), generator=gen).item()
    j = torch.randint(0, w - size + 1, (1,), generator=gen).item()
    return t[..., i:i + size, j:j + size], (i, j)


gen = torch.Generator().manual_seed(3)
crops = []
for _ in range(3):
    c, pos = random_crop(x, 5, gen)
    if torch.rand(1, generator=gen).item() < 0.5:
        c = c.flip(-1)
        pos = pos + ("flipped",)
    crops.append(c)
    print("crop", pos, c.shape, round(c.sum().item(), 4))
k = int(torch.randint(0, 4, (1,), generator=gen))
print("rot90 k", k, torch.rot90(x, k, dims=(1, 2))[0, :2])

# --- affine_grid + grid_sample ---
batch = x.unsqueeze(0).repeat(2, 1, 1, 1)
angles = (torch.rand(2, generator=gen) - 0.5) * math.pi / 3
cos, sin = angles.cos(), angles.sin()
theta = torch.stack([torch.stack([cos, -sin, 0.1 * torch.ones(2)], 1),
                     torch.stack([sin, cos, -0.05 * torch.ones(2)], 1)], 1)
print("theta", theta)
for align in (False, True):
    grid = F.affine_grid(theta, (2, 3, 6, 7), align_corners=align)
    print("grid", align, grid.shape, grid[0, 0, :2])
    for mode in ("bilinear", "nearest", "bicubic"):
        for pad in ("zeros", "border", "reflection"):
            out = F.grid_sample(batch, grid, mode=mode, padding_mode=pad, align_corners=align)
            print(f"grid_sample {mode:8s} {pad:10s} {align!s:5s}",
                  f"{out.sum().item():.4f}", f"{out[1, 2, 3, 4].item():.5f}")
theta64 = theta.double().requires_grad_()
inp64 = batch.double().requires_grad_()
out = F.grid_sample(inp64, F.affine_grid(theta64, (2, 3, 4, 4), align_corners=False),
                    align_corners=False)
out.pow(2).sum().backward()
print("grad theta", theta64.grad)
print("grad input sum", inp64.grad.sum().item().__round__(8))
g3 = F.affine_grid(torch.eye(3, 4).unsqueeze(0), (1, 1, 2, 3, 3), align_corners=True)
print("3d grid", g3.shape, g3[0, 1, 2])

# --- colour jitter maths ---
def rgb_to_gray(t):
    return (0.299 * t[0] + 0.587 * t[1] + 0.114 * t[2]).unsqueeze(0)


def adjust_brightness(t, f):
    return (t * f).clamp(0, 1)


def adjust_contrast(t, f):
    mean = rgb_to_gray(t).mean()
    return (f * t + (1 - f) * mean).clamp(0, 1)


def adjust_saturation(t, f):
    return (f * t + (1 - f) * rgb_to_gray(t)).clamp(0, 1)


fb, fc, fs = (torch.empty(3).uniform_(0.6, 1.4, generator=gen)).tolist()
j = adjust_saturation(adjust_contrast(adjust_brightness(x, fb), fc), fs)
print("jitter factors", [round(v, 6) for v in (fb, fc, fs)])
print("jitter", j[:, 0, :3])
gamma = x.pow(0.8)
print("gamma", gamma[0, 0, :4])

# --- unfold patches ---
patches = F.unfold(x.unsqueeze(0), kernel_size=4, stride=4)
print("unfold", patches.shape)
p = patches.transpose(1, 2).reshape(1, 4, 3, 4, 4)
print("patch means", p.mean((2, 3, 4)))
refold = F.fold(patches, output_size=(8, 8), kernel_size=4, stride=4)
print("fold back equal", torch.equal(refold[0], x))
ov = F.unfold(x.unsqueeze(0), kernel_size=3, padding=1, dilation=1, stride=2)
print("overlap unfold", ov.shape, ov[0, :3, :3])

# --- interpolate, with and without antialias ---
big = x.unsqueeze(0)
for mode, aa in (("bilinear", False), ("bilinear", True), ("bicubic", False), ("bicubic", True),
                 ("area", False), ("nearest", False), ("nearest-exact", False)):
    kwargs = {"antialias": aa} if mode in ("bilinear", "bicubic") else {}
    ac = {"align_corners": False} if mode in ("bilinear", "bicubic") else {}
    small = F.interpolate(big, size=(3, 5), mode=mode, **kwargs, **ac)
    print(f"down {mode:13s} aa={aa!s:5s}", small[0, 0, 1])
up = F.interpolate(big, scale_factor=1.5, mode="bilinear", align_corners=True)
print("up", up.shape, up[0, 1, 0, :5])

# --- histogram equalisation ---
gray = (rgb_to_gray(x)[0] * 255).round()
hist = torch.histc(gray, bins=256, min=0, max=255)
cdf = hist.cumsum(0)
cdf_min = cdf[cdf > 0][0]
lut = ((cdf - cdf_min) / (gray.numel() - cdf_min) * 255).round().clamp(0, 255)
eq = lut[gray.long()]
print("hist nonzero bins", int((hist > 0).sum()), "total", hist.sum().item())
print("equalised", eq[:2])
print("bincount", torch.bincount(img_u8.flatten().long() // 64, minlength=4))
h, edges = torch.histogram(x.flatten(), bins=5, range=(0.0, 1.0))
print("histogram", h, edges)

# --- Sobel and Gaussian filters with grouped conv2d ---
sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
kernels = torch.stack([sobel_x, sobel_x.T]).unsqueeze(1)
gx_gy = F.conv2d(F.pad(rgb_to_gray(x).unsqueeze(0), (1, 1, 1, 1), mode="replicate"), kernels)
mag = gx_gy.pow(2).sum(1).sqrt()
print("sobel magnitude", mag[0, :2])
ax = torch.arange(5, dtype=torch.float32) - 2
g1 = torch.exp(-ax**2 / (2 * 1.0**2))
g1 = g1 / g1.sum()
g2 = torch.outer(g1, g1).expand(3, 1, 5, 5)
blur = F.conv2d(F.pad(x.unsqueeze(0), (2, 2, 2, 2), mode="reflect"), g2, groups=3)
print("blur", blur.shape, blur[0, :, 4, 4])
sep = F.conv2d(F.conv2d(F.pad(x.unsqueeze(0), (2, 2, 2, 2), mode="reflect"),
                        g1.view(1, 1, 1, 5).repeat(3, 1, 1, 1), groups=3),
               g1.view(1, 1, 5, 1).repeat(3, 1, 1, 1), groups=3)
print("separable equals 2d", torch.allclose(sep, blur, atol=1e-6))
print("circular pad", F.pad(x[:1, :2, :3].unsqueeze(0), (1, 1, 1, 1), mode="circular")[0, 0])

# --- make_grid-style tiling ---
def make_grid(t, nrow=2, padding=1, pad_value=0.0):
    n, c, h, w = t.shape
    ncol = math.ceil(n / nrow)
    canvas = t.new_full((c, ncol * (h + padding) + padding, nrow * (w + padding) + padding),
                        pad_value)
    for k in range(n):
        r, cc = divmod(k, nrow)
        top, left = r * (h + padding) + padding, cc * (w + padding) + padding
        canvas[:, top:top + h, left:left + w].copy_(t[k])
    return canvas


tiles = torch.stack(crops)
grid_img = make_grid(tiles, nrow=2, padding=1, pad_value=1.0)
print("grid", grid_img.shape, grid_img[0, :3, :8])
u8 = grid_img.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to(torch.uint8)
print("uint8 HWC", u8.shape, u8.dtype, u8[0, :3])
