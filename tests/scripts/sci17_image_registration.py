import torch  # noqa: I001 (the harness requires torch first)

# Image registration as a microscopist writes it, in float64: a synthetic blob image, its
# translation estimated by phase correlation (fft2, the normalised cross-power spectrum,
# ifft2, argmax, fftshift), Sobel gradients and Gaussian blur by F.conv2d with reflect padding,
# a multi-resolution pyramid by F.interpolate (bilinear with antialias, area), and an affine
# transform recovered by gradient descent through F.affine_grid + F.grid_sample (bilinear and
# bicubic), with the warp's gradients gradchecked.
import math

import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(4)
n = 32
ys, xs = torch.meshgrid(torch.arange(n), torch.arange(n), indexing="ij")


def blobs(shift_y=0.0, shift_x=0.0):
    img = torch.zeros(n, n)
    for cy, cx, s, a in ((10.0, 12.0, 2.5, 1.0), (20.0, 8.0, 1.5, 0.7), (16.0, 22.0, 3.0, 0.5)):
        img = img + a * torch.exp(-((ys - cy - shift_y) ** 2 + (xs - cx - shift_x) ** 2)
                                  / (2 * s * s))
    return img


fixed = blobs()
moving = torch.roll(fixed, shifts=(3, -5), dims=(0, 1)) + 0.01 * torch.randn(n, n)

# Phase correlation.
Fa, Fb = torch.fft.fft2(fixed), torch.fft.fft2(moving)
cross = Fb * Fa.conj()
corr = torch.fft.ifft2(cross / (cross.abs() + 1e-12)).real
peak = torch.argmax(corr)
dy, dx = divmod(peak.item(), n)
dy, dx = (dy - n if dy > n // 2 else dy), (dx - n if dx > n // 2 else dx)
print("phase correlation shift", dy, dx, f"peak {corr.max().item():.6f}")
centred = torch.fft.fftshift(corr)
print("fftshift peak at", torch.nonzero(centred == centred.max()).tolist())
print("spectrum energy (Parseval):",
      math.isclose(Fa.abs().pow(2).sum().item() / n**2, fixed.pow(2).sum().item(),
                   rel_tol=1e-12))

# Sobel gradients and a Gaussian blur with reflect padding.
sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
kernels = torch.stack([sobel_x, sobel_x.T]).unsqueeze(1)
padded = F.pad(fixed[None, None], (1, 1, 1, 1), mode="reflect")
grads = F.conv2d(padded, kernels)
magnitude = grads.pow(2).sum(1).sqrt()[0]
print(f"gradient magnitude max {magnitude.max().item():.8f} at",
      divmod(magnitude.argmax().item(), n))
t = torch.arange(-3, 4)
g1 = torch.exp(-t.double() ** 2 / (2 * 1.2**2))
g1 = g1 / g1.sum()
blur = F.conv2d(F.pad(fixed[None, None], (3, 3, 3, 3), mode="replicate"),
                torch.outer(g1, g1)[None, None])
print(f"blur keeps the mass: {blur.sum().item():.8f} vs {fixed.sum().item():.8f}")
sep = F.conv2d(F.conv2d(F.pad(fixed[None, None], (3, 3, 3, 3), mode="replicate"),
                        g1.view(1, 1, 7, 1)), g1.view(1, 1, 1, 7))
print("separable == 2-D kernel:", torch.allclose(sep, blur))

# A pyramid.
level1 = F.interpolate(fixed[None, None], scale_factor=0.5, mode="bilinear", antialias=True)
level2 = F.interpolate(level1, size=(8, 8), mode="area")
up = F.interpolate(level2, size=(n, n), mode="bicubic", align_corners=False)
print("pyramid", tuple(level1.shape), tuple(level2.shape),
      f"means {level1.mean().item():.8f} {level2.mean().item():.8f}",
      f"reconstruction error {(up[0, 0] - fixed).abs().mean().item():.6f}")
print("nearest-exact", F.interpolate(torch.arange(6.0).view(1, 1, 6), size=4,
                                     mode="nearest-exact"))

# Affine registration by gradient descent through grid_sample.
angle = 0.2
true_theta = torch.tensor([[math.cos(angle), -math.sin(angle), 0.1],
                           [math.sin(angle), math.cos(angle), -0.05]])
target = F.grid_sample(fixed[None, None], F.affine_grid(true_theta[None], (1, 1, n, n),
                                                        align_corners=False),
                       mode="bilinear", padding_mode="zeros", align_corners=False)
# Start off the identity: there every sample sits on a pixel centre, where bilinear
# interpolation has a kink and the gradient depends on the last bit of the grid.
theta = torch.tensor([[1.0, 0.0, 0.013], [0.0, 1.0, 0.007]], requires_grad=True)
opt = torch.optim.Adam([theta], lr=0.02)
for step in range(80):
    opt.zero_grad()
    warped = F.grid_sample(fixed[None, None], F.affine_grid(theta[None], (1, 1, n, n),
                                                            align_corners=False),
                           mode="bilinear", padding_mode="zeros", align_corners=False)
    loss = (warped - target).pow(2).mean()
    loss.backward()
    opt.step()
    if step % 20 == 19:
        print(f"step {step + 1} loss {loss.item():.8e}")
print("recovered theta", theta.detach())
print(f"rotation {math.atan2(theta[1, 0].item(), theta[0, 0].item()):.4f} (true {angle})")

small = fixed[10:16, 8:14][None, None].clone().requires_grad_(True)
grid = (F.affine_grid(true_theta[None], (1, 1, 5, 5), align_corners=True) * 0.8).requires_grad_()
for mode, padding in (("bilinear", "border"), ("bicubic", "reflection"), ("nearest", "zeros")):
    out = F.grid_sample(small, grid, mode=mode, padding_mode=padding, align_corners=True)
    print(mode, padding, out[0, 0, 2], out.grad_fn.name())
print("gradcheck bilinear:", torch.autograd.gradcheck(
    lambda i, g: F.grid_sample(i, g, mode="bilinear", padding_mode="border",
                               align_corners=True), (small, grid)))
print("gradcheck bicubic:", torch.autograd.gradcheck(
    lambda i, g: F.grid_sample(i, g, mode="bicubic", padding_mode="zeros",
                               align_corners=False), (small, grid)))
