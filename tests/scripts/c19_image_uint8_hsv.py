import torch

# Pixel maths on uint8 and float images: interpolate of uint8 batches (antialiased too, and the
# modes that refuse uint8), an RGB -> HSV -> RGB hue rotation written with where/fmod/einsum,
# percentile clipping with quantile, pixel (un)shuffle, pooling with count_include_pad /
# ceil_mode / divisor_override, Tensor.unfold patches, roll/flip, pads of every mode and
# the Upsample modules.
import torch.nn.functional as F

torch.set_printoptions(precision=4)
g = torch.Generator().manual_seed(0)
u8 = torch.randint(0, 256, (1, 3, 6, 6), dtype=torch.uint8, generator=g)
for mode in ("nearest", "nearest-exact", "bilinear", "bicubic"):
    try:
        kw = {"antialias": True} if mode in ("bilinear", "bicubic") else {}
        out = F.interpolate(u8, size=(4, 3), mode=mode, **kw)
        print(mode, out.dtype, out[0, 0])
    except Exception as e:
        print(mode, type(e).__name__, str(e)[:120])
try:
    print(F.interpolate(u8, size=(9, 9), mode="bilinear", align_corners=False)[0, 0, 0])
except Exception as e:
    print(type(e).__name__, str(e)[:120])
x = u8.float() / 255
# rgb -> hsv -> rgb hue shift
r, gg, b = x.unbind(1)
maxc, _ = x.max(1)
minc, _ = x.min(1)
v = maxc
cr = maxc - minc
s = cr / torch.where(maxc == 0, torch.ones_like(maxc), maxc)
crd = torch.where(cr == 0, torch.ones_like(cr), cr)
rc, gc, bc = (maxc - r) / crd, (maxc - gg) / crd, (maxc - b) / crd
hr = (maxc == r) * (bc - gc)
hg = ((maxc == gg) & (maxc != r)) * (2.0 + rc - bc)
hb = ((maxc != gg) & (maxc != r)) * (4.0 + gc - rc)
h = torch.fmod((hr + hg + hb) / 6.0 + 1.0, 1.0)
print("hsv", h[0, 0], s[0, 0, :3], v[0, 0, :3])
h2 = (h + 0.25) % 1.0
i = torch.floor(h2 * 6.0)
f = h2 * 6.0 - i
i = i.to(torch.int32) % 6
p = (v * (1 - s)).clamp(0, 1)
q = (v * (1 - s * f)).clamp(0, 1)
t = (v * (1 - s * (1 - f))).clamp(0, 1)
mask = i.unsqueeze(1) == torch.arange(6, dtype=torch.int32).view(-1, 1, 1)
a1 = torch.stack((v, q, p, p, t, v), dim=1)
a2 = torch.stack((t, v, v, q, p, p), dim=1)
a3 = torch.stack((p, p, t, v, v, q), dim=1)
a4 = torch.stack((a1, a2, a3), dim=1)
rgb = torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(x.dtype), a4)
print("hue shifted", rgb.shape, rgb[0, :, 0, 0])
print("quantile", torch.quantile(x.flatten(1), torch.tensor([0.02, 0.98]), dim=1))
print("nanquantile", torch.nanquantile(x[0, 0], 0.5, dim=0, interpolation="nearest"))
print("pixel_shuffle", F.pixel_shuffle(x[:, :2].repeat(1, 2, 1, 1), 2).shape,
      F.pixel_unshuffle(x, 2).shape)
print("avg", F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)[0, 0])
print("avg ceil", F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True, divisor_override=3)[0, 0])
tiles = x.unfold(2, 3, 3).unfold(3, 3, 3)
print("patches", tiles.shape, tiles[0, 0, 1, 1])
print("roll", torch.roll(u8[0, 0], shifts=(1, -2), dims=(0, 1))[0])
print("fliplr", torch.fliplr(u8[0, 0])[0], torch.flipud(u8[0, 0])[0])
print(u8.float().mean(dim=(0, 2, 3)), u8.double().std(dim=(0, 2, 3)))
try:
    u8.mean()
except Exception as e:
    print(type(e).__name__, e)
print(torch.clamp(u8.to(torch.int16) + 100, 0, 255).to(torch.uint8)[0, 0, 0], (u8 + 100)[0, 0, 0])
print(F.max_pool2d(u8.float(), 2, return_indices=True)[1][0, 0])
print(F.adaptive_avg_pool2d(x, (4, 5))[0, 0])
print(F.adaptive_max_pool2d(x, 4)[0, 0])
gray = (0.2989 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).unsqueeze(1)
print(gray.to(x.dtype).expand(-1, 3, -1, -1).shape)
print(F.pad(x, (1, 2, 0, 1), value=0.5)[0, 0, :2])
print(F.pad(u8, (2, 2), mode="constant", value=7)[0, 0, 0])
print(F.pad(x, (2, 2, 2, 2), mode="reflect")[0, 0, 0],
      F.pad(x, (1, 1, 1, 1), mode="replicate")[0, 0, 0])
print(torch.nn.ReflectionPad2d((1, 0, 2, 0))(x).shape, torch.nn.ZeroPad2d(1)(x).sum())
print(torch.nn.Upsample(scale_factor=2, mode="nearest")(u8)[0, 0, 0])
print(torch.nn.UpsamplingBilinear2d(scale_factor=2)(x)[0, 0, 0])
