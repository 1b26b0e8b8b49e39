import torch  # noqa: I001 (the harness requires torch first)

# Deformation fields and second derivatives, in float64, as in medical-image registration and
# physics-informed warping: a smooth displacement field sampled with grid_sample whose
# regulariser penalises the Jacobian of the warp (gradients of gradients through grid_sample),
# a gradient penalty on a critic that reads its input through a spatial transformer
# (WGAN-GP style, create_graph through grid_sample), the Hessian of an image-matching loss
# with respect to a 2-D translation, a complex wave field's intensity curvature through
# torch.polar, and areas and line integrals by trapezoid with non-uniform x.
import math

import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(12)
n = 12
ys, xs = torch.meshgrid(torch.linspace(-1, 1, n), torch.linspace(-1, 1, n), indexing="ij")
image = torch.exp(-((xs - 0.2) ** 2 + (ys + 0.1) ** 2) / 0.2)[None, None]
target = torch.exp(-((xs + 0.05) ** 2 + (ys - 0.1) ** 2) / 0.25)[None, None]
identity = F.affine_grid(torch.eye(2, 3)[None], (1, 1, n, n), align_corners=True)

# A displacement field fitted with a penalty on the warp's spatial derivatives (computed by
# autograd through grid_sample, so the penalty's gradient is a second derivative).
field = torch.zeros(1, n, n, 2, requires_grad=True)
opt = torch.optim.Adam([field], lr=0.02)
probe = torch.rand(1, 6, 6, 2) * 1.6 - 0.8
for step in range(30):
    opt.zero_grad()
    warped = F.grid_sample(image, identity + field, mode="bilinear", padding_mode="border",
                           align_corners=True)
    data = (warped - target).pow(2).mean()
    points = probe.clone().requires_grad_(True)
    sampled = F.grid_sample(field.permute(0, 3, 1, 2), points, mode="bicubic",
                            padding_mode="border", align_corners=True)
    (slope,) = torch.autograd.grad(sampled.pow(2).sum(), points, create_graph=True)
    smooth = slope.pow(2).mean()
    loss = data + 0.1 * smooth
    loss.backward()
    opt.step()
    if step % 10 == 9:
        print(f"step {step + 1} data {data.item():.8f} smoothness {smooth.item():.8e}")
print("field grad finite:", bool(torch.isfinite(field.grad).all()))

# A critic on warped images with a gradient penalty.
critic = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(n * n, 8), torch.nn.Tanh(),
                             torch.nn.Linear(8, 1))
# (a translation that keeps samples off exact pixel positions, where bilinear sampling has a
# kink and the gradient depends on the last bit of the grid)
theta = torch.tensor([[[0.9, 0.1, 0.0537], [-0.1, 0.95, 0.0213]]], requires_grad=True)
copt = torch.optim.SGD(critic.parameters(), lr=0.05)
for step in range(5):
    copt.zero_grad()
    grid = F.affine_grid(theta, (1, 1, n, n), align_corners=False)
    fake = F.grid_sample(image, grid, align_corners=False)
    alpha = torch.rand(1, 1, 1, 1)
    mixed = (alpha * target + (1 - alpha) * fake).requires_grad_(True)
    (g,) = torch.autograd.grad(critic(mixed).sum(), mixed, create_graph=True)
    penalty = (g.flatten(1).norm(dim=1) - 1).pow(2).mean()
    loss = critic(fake).mean() - critic(target).mean() + 10 * penalty
    loss.backward()
    copt.step()
    print(f"critic step {step} loss {loss.item():.8f} penalty {penalty.item():.8f} "
          f"|d/dtheta| {theta.grad.norm().item():.8f}")
    theta.grad = None

# The Hessian of an image-matching loss in a translation (t_x, t_y).
def matching(t):
    th = torch.cat([torch.eye(2), t.view(2, 1)], dim=1)[None]
    grid = F.affine_grid(th, (1, 1, n, n), align_corners=False)
    return (F.grid_sample(image, grid, mode="bicubic", padding_mode="zeros",
                          align_corners=False) - target).pow(2).sum()


t0 = torch.tensor([0.03, -0.02])
H = torch.autograd.functional.hessian(matching, t0)
print("Hessian in the translation", H)
print("symmetric:", torch.allclose(H, H.T, atol=1e-10))
t = t0.clone()
for it in range(4):
    gt = torch.autograd.functional.jacobian(matching, t)
    Ht = torch.autograd.functional.hessian(matching, t)
    t = t - torch.linalg.solve(Ht, gt)
    print(f"Newton {it} t = ({t[0].item():.8f}, {t[1].item():.8f}) "
          f"loss {matching(t).item():.10f}")

# Curvature of a wave field's intensity, through polar.
amp = torch.tensor([1.0, 0.8, 1.2], requires_grad=True)
phase = torch.tensor([0.1, 1.3, -0.7], requires_grad=True)


def intensity(a, ph):
    field = torch.polar(a, ph)
    total = field.sum() * torch.polar(torch.ones(()), ph[0] * 2)
    return total.abs().pow(2) + total.real


Hp = torch.autograd.functional.hessian(intensity, (amp, phase))
print("d2I/da2", Hp[0][0])
print("d2I/da dphi", Hp[0][1])
print("gradgradcheck polar:", torch.autograd.gradgradcheck(intensity, (amp, phase)))

# Trapezoid areas with non-uniform x and a 2-D x.
xq = torch.cumsum(torch.rand(40) * 0.1, 0)
yq = torch.sin(xq) * torch.exp(-xq)
print(f"area {torch.trapezoid(yq, xq).item():.10f}")
curves = torch.stack([yq, yq ** 2])
print("per-curve areas", torch.trapezoid(curves, xq[None], dim=1))
print("running area (last 3)", torch.cumulative_trapezoid(curves, xq[None], dim=-1)[:, -3:])
theta_c = torch.linspace(0, 2 * math.pi, 200)
cx, cy = torch.cos(theta_c), 0.5 * torch.sin(theta_c)
dcx = torch.gradient(cx, spacing=(theta_c,))[0]
dcy = torch.gradient(cy, spacing=(theta_c,))[0]
area = 0.5 * torch.trapezoid(cx * dcy - cy * dcx, theta_c)
print(f"ellipse area by Green's theorem {area.item():.8f} (pi/2 = {math.pi / 2:.8f})")
