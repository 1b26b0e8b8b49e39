import torch

# Image/mask preprocessing as segmentation pipelines write it without torchvision: uint8
# images resized with bilinear/bicubic (and antialias), integer label masks that interpolate
# refuses until cast to float for "nearest", random crops and flips driven by a Generator,
# max-pooled uint8 thumbnails (avg_pool refuses uint8), per-class pixel counts, and patch
# statistics through F.unfold; the errors those pitfalls raise are printed.
import torch.nn as nn
import torch.nn.functional as F

g = torch.Generator().manual_seed(0)
image = torch.randint(0, 256, (2, 3, 12, 10), dtype=torch.uint8, generator=g)
mask = torch.randint(0, 4, (2, 12, 10), generator=g)
print("image", image.dtype, image.shape, image[0, 0, :2])

for mode, kwargs in [("bilinear", {}), ("bicubic", {}), ("bilinear", {"antialias": True}),
                     ("nearest", {}), ("nearest-exact", {})]:
    out = F.interpolate(image, size=(6, 5), mode=mode, **kwargs)
    print(mode, kwargs, out.dtype, out[1, 2, 0].tolist(), int(out.sum()))
for mode in ["nearest", "bilinear", "area"]:
    try:
        F.interpolate(mask[:, None], size=(6, 5), mode=mode)
    except NotImplementedError as error:
        print(f"long mask, {mode}:", error)
small_mask = F.interpolate(mask[:, None].float(), size=(6, 5), mode="nearest").long()[:, 0]
print("mask via float", small_mask.dtype, small_mask[0].tolist())
try:
    F.interpolate(image.float()[:, :, 0], scale_factor=2, mode="bicubic")
except NotImplementedError as error:
    print("bicubic 3-D:", error)
try:
    F.interpolate(image[:, :, 0], scale_factor=2, mode="linear")
except NotImplementedError as error:
    print("uint8 linear:", error)


def random_crop_flip(img, msk, size, generator):
    top = int(torch.randint(0, img.shape[-2] - size[0] + 1, (1,), generator=generator))
    left = int(torch.randint(0, img.shape[-1] - size[1] + 1, (1,), generator=generator))
    img = img[..., top:top + size[0], left:left + size[1]]
    msk = msk[..., top:top + size[0], left:left + size[1]]
    if torch.rand(1, generator=generator) < 0.5:
        img, msk = img.flip(-1), msk.flip(-1)
    return img, msk


for _ in range(3):
    crop, crop_mask = random_crop_flip(image, mask, (8, 8), g)
    counts = torch.bincount(crop_mask.flatten(), minlength=4)
    print("crop", crop.shape, int(crop.float().mean() * 1000), counts.tolist())

thumb = F.max_pool2d(image, 2)
print("uint8 max_pool", thumb.dtype, thumb[0, 0, 0].tolist())
print("uint8 adaptive via float", F.adaptive_avg_pool2d(image.float(), 3)[0, 0, 0])
for name, call in [("avg_pool2d", lambda: F.avg_pool2d(image, 2)),
                   ("adaptive_avg_pool2d", lambda: F.adaptive_avg_pool2d(image, 3)),
                   ("adaptive_max_pool2d", lambda: F.adaptive_max_pool2d(mask[:, None], 3)),
                   ("max_pool2d bool", lambda: F.max_pool2d(mask[:, None] > 1, 2))]:
    try:
        call()
    except NotImplementedError as error:
        print(f"{name}:", error)
print("long avg_pool2d", F.avg_pool2d(mask[:, None], 2)[0, 0, 0].tolist())
onehot = F.one_hot(mask, 4).permute(0, 3, 1, 2).float()
print("class fractions", F.adaptive_avg_pool2d(onehot, 1).flatten(1))

patches = F.unfold(image.float() / 255, kernel_size=4, stride=4)
print("patches", patches.shape, patches.mean(1)[0])
for shape in [(3, 8), (1, 0, 4, 4), (1, 1, 2, 4, 4)]:
    try:
        F.unfold(torch.ones(shape), 2)
    except (IndexError, RuntimeError) as error:
        print(f"unfold {shape}:", type(error).__name__, error)

norm = nn.BatchNorm2d(3, track_running_stats=False).eval()
print("no running stats in eval uses the batch", norm(image.float())[0, 0, 0, :3])
try:
    F.batch_norm(image.float(), None, None, training=False)
except RuntimeError as error:
    print("F.batch_norm eval:", error)
theta = torch.tensor([[[1.0, 0.0, 0.1], [0.0, 1.0, -0.1]]]).repeat(2, 1, 1)
grid = F.affine_grid(theta, [2, 3, 8, 8], align_corners=False)
warped = F.grid_sample(image.float(), grid, mode="bilinear", padding_mode="border",
                       align_corners=False)
print("warped", warped.shape, f"{warped.mean().item():.4f}")
try:
    F.affine_grid(theta, [2, 3, 8, 8, 8], align_corners=False)
except ValueError as error:
    print("affine_grid:", error)
