import torch  # noqa: I001 (the harness requires torch first)

# Image and signal analysis the way a vision or geophysics researcher writes it in float64:
# Haar and Daubechies-4 wavelet transforms by strided conv1d / conv2d and their inverses by
# conv_transpose (perfect reconstruction, energy conservation, soft-threshold denoising), a
# multi-level 1-D decomposition with reflect padding, Horn-Schunck optical flow with conv2d
# derivative and averaging stencils on a translated Gaussian blob, and Lucas-Kanade flow from
# windowed structure tensors (avg_pool2d sums, a batched 2x2 linalg.solve, eigvalsh for
# corner strength).
import math

import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)
gen = torch.Generator().manual_seed(4)

s2 = math.sqrt(2.0)
haar_lo = torch.tensor([1.0, 1.0]) / s2
haar_hi = torch.tensor([1.0, -1.0]) / s2
r3 = math.sqrt(3.0)
db4_lo = torch.tensor([1 + r3, 3 + r3, 3 - r3, 1 - r3]) / (4 * s2)
db4_hi = db4_lo.flip(0) * torch.tensor([1.0, -1.0, 1.0, -1.0])
# dot products of a few terms: BLAS may fuse a multiply-add, so compare to rounding level
print(
    "db4 orthonormal",
    abs(torch.dot(db4_lo, db4_lo).item() - 1) < 1e-15,
    abs(torch.dot(db4_lo, db4_hi).item()) < 1e-15,
)
print("db4 shifted orthogonality", abs(torch.dot(db4_lo[2:], db4_lo[:2]).item()) < 1e-15)


def analysis(x, lo, hi):
    bank = torch.stack([lo, hi]).flip(1).unsqueeze(1)
    pad = lo.numel() - 2
    xp = F.pad(x, (0, pad), mode="circular") if pad else x
    out = F.conv1d(xp, bank, stride=2)
    return out[:, :1], out[:, 1:]


def synthesis(a, d, lo, hi):
    bank = torch.stack([lo, hi]).flip(1).unsqueeze(1).transpose(0, 1).reshape(2, 1, -1)
    y = F.conv_transpose1d(torch.cat([a, d], 1), bank, stride=2)
    extra = lo.numel() - 2
    if extra:
        y[..., :extra] += y[..., -extra:]
        y = y[..., :-extra]
    return y


t = torch.linspace(0, 1, 64)
signal = (torch.sin(2 * math.pi * 5 * t) + (t > 0.5).double()).view(1, 1, -1)
for name, lo, hi in (("haar", haar_lo, haar_hi), ("db4", db4_lo, db4_hi)):
    a, d = analysis(signal, lo, hi)
    back = synthesis(a, d, lo, hi)
    print(
        f"{name}: approx {tuple(a.shape)} energy kept "
        f"{((a**2).sum() + (d**2).sum()).item() / (signal**2).sum().item():.12f} "
        f"reconstruction {(back - signal).abs().max().item() < 1e-12}"
    )
    print("  largest details at", d.abs().squeeze().topk(3).indices.sort().values.tolist())

# multi-level Haar with denoising by soft thresholds
noisy = signal + 0.2 * torch.randn(signal.shape, generator=gen)
coeffs, approx = [], noisy
for level in range(3):
    approx, det = analysis(approx, haar_lo, haar_hi)
    coeffs.append(det)
sigma = (coeffs[0].abs().median() / 0.6745).item()
thr = sigma * math.sqrt(2 * math.log(signal.numel()))
print(f"noise sigma estimate {sigma:.6f} universal threshold {thr:.6f}")
den = approx
for det in reversed(coeffs):
    det = torch.sign(det) * F.relu(det.abs() - thr)
    den = synthesis(den, det, haar_lo, haar_hi)
print(
    "mse noisy",
    F.mse_loss(noisy, signal).item().__round__(8),
    "denoised",
    F.mse_loss(den, signal).item().__round__(8),
)

# 2-D Haar: one level on an image via conv2d with 4 filters, stride 2
img = torch.zeros(1, 1, 16, 16)
img[..., 4:12, 6:10] = 1.0
img = img + 0.05 * torch.randn(img.shape, generator=gen)
filters = torch.stack([torch.outer(u, v) for u in (haar_lo, haar_hi) for v in (haar_lo, haar_hi)])
sub = F.conv2d(img, filters.unsqueeze(1), stride=2)
print("subband energies", (sub**2).sum((0, 2, 3)))
recon = F.conv_transpose2d(sub, filters.unsqueeze(1), stride=2)
print("2-D perfect reconstruction", torch.allclose(recon, img, atol=1e-12))
print(
    "reflect-padded details",
    F.conv1d(F.pad(signal, (1, 1), mode="reflect"), haar_hi.view(1, 1, 2), stride=2)[0, 0, :6],
)

# --- Horn-Schunck optical flow on a translated blob
yy, xx = torch.meshgrid(torch.arange(32.0), torch.arange(32.0), indexing="ij")


def blob(cx, cy):
    return torch.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / 18.0).view(1, 1, 32, 32)


I1, I2 = blob(15.0, 16.0), blob(15.6, 15.7)
kx = torch.tensor([[-1.0, 1.0], [-1.0, 1.0]]).view(1, 1, 2, 2) * 0.25
ky = torch.tensor([[-1.0, -1.0], [1.0, 1.0]]).view(1, 1, 2, 2) * 0.25
kt = torch.ones(1, 1, 2, 2) * 0.25
pad = (0, 1, 0, 1)
Ix = F.conv2d(F.pad(I1, pad, mode="replicate"), kx) + F.conv2d(F.pad(I2, pad, mode="replicate"), kx)
Iy = F.conv2d(F.pad(I1, pad, mode="replicate"), ky) + F.conv2d(F.pad(I2, pad, mode="replicate"), ky)
It = F.conv2d(F.pad(I2, pad, mode="replicate"), kt) - F.conv2d(F.pad(I1, pad, mode="replicate"), kt)
avg = torch.tensor([[1, 2, 1], [2, 0, 2], [1, 2, 1.0]]).view(1, 1, 3, 3) / 12
u = torch.zeros_like(I1)
v = torch.zeros_like(I1)
alpha = 0.5
for it in range(200):
    ub = F.conv2d(u, avg, padding=1)
    vb = F.conv2d(v, avg, padding=1)
    common = (Ix * ub + Iy * vb + It) / (alpha**2 + Ix**2 + Iy**2)
    u = ub - Ix * common
    v = vb - Iy * common
    if it % 50 == 49:
        resid = (Ix * u + Iy * v + It).abs().mean()
        print(f"HS iter {it + 1} mean residual {resid.item():.6e}")
weight = Ix**2 + Iy**2
print(
    "weighted mean flow",
    ((u * weight).sum() / weight.sum()).item().__round__(6),
    ((v * weight).sum() / weight.sum()).item().__round__(6),
)

# --- Lucas-Kanade with 5x5 windows
Ixx = F.avg_pool2d(Ix * Ix, 5, stride=1, padding=2, count_include_pad=False)
Iyy = F.avg_pool2d(Iy * Iy, 5, stride=1, padding=2, count_include_pad=False)
Ixy = F.avg_pool2d(Ix * Iy, 5, stride=1, padding=2, count_include_pad=False)
Ixt = F.avg_pool2d(Ix * It, 5, stride=1, padding=2, count_include_pad=False)
Iyt = F.avg_pool2d(Iy * It, 5, stride=1, padding=2, count_include_pad=False)
M = torch.stack([torch.stack([Ixx, Ixy], -1), torch.stack([Ixy, Iyy], -1)], -2)[0, 0]
rhs = -torch.stack([Ixt, Iyt], -1)[0, 0]
lam = torch.linalg.eigvalsh(M)
good = lam[..., 0] > 1e-4
print("structure tensor", M.shape, "well-conditioned pixels", int(good.sum()))
flow = torch.linalg.solve(M[good], rhs[good])
print("LK median flow", flow.median(0).values)
print(
    "corner strength max",
    lam[..., 0].max().item().__round__(8),
    "at",
    divmod(int(lam[..., 0].argmax()), 32),
)
