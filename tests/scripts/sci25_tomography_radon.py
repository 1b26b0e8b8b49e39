import torch
import torch.nn.functional as F

# Computed tomography as a medical-imaging student writes it in float64: a Shepp-Logan-style
# phantom of ellipses, its Radon transform by rotating the image with affine_grid / grid_sample
# and summing columns, filtered back-projection with the Ram-Lak and Shepp-Logan ramp filters
# applied through rfft / irfft on a zero-padded detector axis (back-projection by 1-D linear
# interpolation of each filtered view, as a grid_sample over a one-row image), and an iterative
# least-squares reconstruction: the Radon operator's adjoint taken by autograd (a vector-Jacobian
# product of a linear map), conjugate gradients on the normal equations with Tikhonov damping,
# and projected gradient descent onto nonnegative images; the adjoint identity <Ax, y> = <x, A^T y>
# and the reconstruction errors are printed.
torch.set_printoptions(precision=5, sci_mode=False)
dt = torch.float64
N = 32
n_angles = 24


def phantom(n):
    centres = torch.linspace(-1, 1, n, dtype=dt) * (n - 1) / n  # pixel centres, as grid_sample
    ys, xs = torch.meshgrid(centres, centres, indexing="ij")
    # (intensity, semi-axis a, semi-axis b, centre x, centre y, angle in degrees)
    ellipses = [(1.0, 0.69, 0.92, 0.0, 0.0, 0.0), (-0.8, 0.6624, 0.874, 0.0, -0.0184, 0.0),
                (-0.2, 0.11, 0.31, 0.22, 0.0, -18.0), (-0.2, 0.16, 0.41, -0.22, 0.0, 18.0),
                (0.1, 0.21, 0.25, 0.0, 0.35, 0.0), (0.1, 0.046, 0.046, 0.0, 0.1, 0.0)]
    img = torch.zeros(n, n, dtype=dt)
    for value, a, b, x0, y0, deg in ellipses:
        th = torch.tensor(deg, dtype=dt).deg2rad()
        xr = (xs - x0) * th.cos() + (ys - y0) * th.sin()
        yr = -(xs - x0) * th.sin() + (ys - y0) * th.cos()
        img = img + value * ((xr / a) ** 2 + (yr / b) ** 2 <= 1).to(dt)
    return img


thetas = torch.arange(n_angles, dtype=dt) * torch.pi / n_angles


def rotation_grids(n):
    c, s = thetas.cos(), thetas.sin()
    z = torch.zeros_like(c)
    mats = torch.stack([torch.stack([c, -s, z], 1), torch.stack([s, c, z], 1)], 1)
    return F.affine_grid(mats, (n_angles, 1, n, n), align_corners=False)


grids = rotation_grids(N)


def radon(img):
    batch = img.expand(n_angles, 1, N, N)
    rotated = F.grid_sample(batch, grids, mode="bilinear", padding_mode="zeros",
                            align_corners=False)
    return rotated.sum(dim=2).squeeze(1) * (2.0 / N)


def back_project(sino):
    centres = torch.linspace(-1, 1, N, dtype=dt) * (N - 1) / N
    ys, xs = torch.meshgrid(centres, centres, indexing="ij")
    t = xs[None] * thetas.cos()[:, None, None] + ys[None] * thetas.sin()[:, None, None]
    grid = torch.stack([t.reshape(n_angles, 1, N * N), torch.zeros(n_angles, 1, N * N,
                                                                    dtype=dt)], dim=-1)
    vals = F.grid_sample(sino[:, None, None, :], grid, mode="bilinear", padding_mode="zeros",
                         align_corners=False)
    return vals.reshape(n_angles, N, N).sum(0) * (torch.pi / n_angles)


img = phantom(N)
print("== phantom ==")
print("pixels:", img.shape, "sum:", round(img.sum().item(), 6), "distinct levels:",
      torch.unique(img.round(decimals=6)).tolist())

sino = radon(img)
print("\n== sinogram ==")
print("shape:", tuple(sino.shape), "dtype:", sino.dtype)
print("mass per view (constant up to interpolation):",
      [f"{m:.4f}" for m in (sino.sum(1)[::4] * (2.0 / N)).tolist()])
print("view 0, centre detector cells:", sino[0, 12:20])
print("max over views:", sino.amax(1)[::6])

print("\n== filtered back-projection ==")
pad = 2 * N
freqs = torch.fft.rfftfreq(pad, d=2.0 / N, dtype=dt)
ramp = freqs.abs() * 2 * torch.pi
filters = {"ram-lak": ramp, "shepp-logan": ramp * torch.sinc(freqs / freqs.max() / 2),
           "hann": ramp * (0.5 + 0.5 * torch.cos(torch.pi * freqs / freqs.max()))}
for name, filt in filters.items():
    spec = torch.fft.rfft(sino, n=pad, dim=1)
    filtered = torch.fft.irfft(spec * filt, n=pad, dim=1)[:, :N] / (2 * torch.pi)
    recon = back_project(filtered)
    err = (recon - img).norm() / img.norm()
    print(f"{name:12s} rel error {err.item():.5f}  mean {recon.mean().item():.5f}  "
          f"centre {recon[N // 2 - 2:N // 2 + 2, N // 2].tolist()[0]:.5f}")

print("\n== adjoint by autograd ==")
g = torch.Generator().manual_seed(7)
x_rand = torch.rand(N, N, dtype=dt, generator=g)
y_rand = torch.randn(n_angles, N, dtype=dt, generator=g)


def radon_adjoint(y):
    x = torch.zeros(N, N, dtype=dt, requires_grad=True)
    (ax,) = torch.autograd.grad(radon(x), x, grad_outputs=y)
    return ax


lhs = (radon(x_rand) * y_rand).sum()
rhs = (x_rand * radon_adjoint(y_rand)).sum()
print(f"<Ax, y> = {lhs.item():.6f}   <x, A^T y> = {rhs.item():.6f}   "
      f"rel diff < 1e-12: {abs(lhs - rhs).item() / abs(lhs).item() < 1e-12}")
print("A^T y grad_fn-free, dtype:", radon_adjoint(y_rand).requires_grad,
      radon_adjoint(y_rand).dtype)

print("\n== CG on the normal equations (A^T A + lam I) x = A^T b ==")
noise = 0.01 * torch.randn(sino.shape, dtype=dt, generator=g)
b = sino + noise
for lam in (1e-3, 1e-1):
    def normal_op(v, lam=lam):
        return radon_adjoint(radon(v)) + lam * v

    x = torch.zeros(N, N, dtype=dt)
    r = radon_adjoint(b) - normal_op(x)
    p = r.clone()
    rs = (r * r).sum()
    history = []
    for it in range(12):
        Ap = normal_op(p)
        alpha = rs / (p * Ap).sum()
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = (r * r).sum()
        p = r + (rs_new / rs) * p
        rs = rs_new
        if it % 3 == 2:
            history.append(f"{(x - img).norm().item() / img.norm().item():.4f}")
    resid = (radon(x) - b).norm() / b.norm()
    print(f"lam={lam:g}: rel error every 3 steps {history}, data residual {resid.item():.5f}")

print("\n== projected gradient onto x >= 0 ==")
x = torch.zeros(N, N, dtype=dt, requires_grad=True)
step = 0.02
for it in range(30):
    loss = 0.5 * (radon(x) - b).pow(2).sum()
    (gx,) = torch.autograd.grad(loss, x)
    with torch.no_grad():
        x -= step * gx
        x.clamp_(min=0)
    if it % 10 == 9:
        print(f"iter {it + 1:2d} loss {loss.item():.5f} rel error "
              f"{((x - img).norm() / img.norm()).item():.5f} negatives {(x < 0).sum().item()}")
print("final grad_fn of loss:", type(loss.grad_fn).__name__)
