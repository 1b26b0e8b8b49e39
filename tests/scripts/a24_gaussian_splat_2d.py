import torch
# 2D Gaussian splatting as the 3DGS reference code and its image-fitting offshoots write it:
# per-Gaussian means, log-scales, a rotation angle, colour and opacity logits as Parameters in
# their own Adam param groups; covariances R S S^T R^T and their inverses (conics) through
# torch.linalg.inv; a tile-free rasteriser that evaluates every Gaussian at every pixel, drops
# contributions under 1/255 with torch.where, sorts by depth and composites front to back with
# an exclusive cumprod of (1 - alpha); an L1 + D-SSIM loss (Gaussian window by grouped conv2d);
# and adaptive density control as the reference writes it: accumulated view-space gradient
# norms pick Gaussians to clone or split (new means sampled from each Gaussian via bmm), low
# opacities are pruned, and every change is mirrored in the optimizer state by swapping the
# Parameter inside param_groups and concatenating or masking exp_avg and exp_avg_sq.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
H = W = 16

ys_, xs_ = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing="ij")
pix = torch.stack([xs_, ys_], -1).reshape(-1, 2)

# target: a red disc and a blue diagonal stripe on grey
target = torch.full((H * W, 3), 0.3)
disc = (pix - torch.tensor([-0.3, -0.2])).norm(dim=-1) < 0.45
stripe = (pix[:, 0] - pix[:, 1]).abs() < 0.25
target[disc] = torch.tensor([0.9, 0.1, 0.1])
target[stripe & ~disc] = torch.tensor([0.1, 0.2, 0.9])
target = target.reshape(H, W, 3)


def inverse_sigmoid(x):
    return torch.log(x / (1 - x))


class Splats(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.means = nn.Parameter(torch.rand(n, 2) * 1.6 - 0.8)
        self.log_scales = nn.Parameter(torch.full((n, 2), math.log(0.15)) + 0.1 * torch.randn(n, 2))
        self.angles = nn.Parameter(torch.rand(n) * math.pi)
        self.colors = nn.Parameter(torch.randn(n, 3) * 0.5)
        self.opacity = nn.Parameter(inverse_sigmoid(torch.full((n,), 0.5)))
        self.register_buffer("depth", torch.rand(n))

    def covariance(self):
        c, s = torch.cos(self.angles), torch.sin(self.angles)
        R = torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2)
        S = torch.diag_embed(self.log_scales.exp())
        M = R @ S
        return M @ M.transpose(1, 2)

    def render(self, bg=None):
        bg = torch.full((3,), 0.3) if bg is None else bg
        conic = torch.linalg.inv(self.covariance())
        d = pix[:, None, :] - self.means[None]
        power = -0.5 * torch.einsum("pni,nij,pnj->pn", d, conic, d)
        alpha = (torch.sigmoid(self.opacity)[None] * power.exp()).clamp(max=0.99)
        alpha = torch.where(alpha < 1.0 / 255.0, torch.zeros_like(alpha), alpha)
        order = self.depth.argsort()
        alpha = alpha[:, order]
        trans = torch.cumprod(1 - alpha, dim=1)
        trans = torch.cat([torch.ones_like(trans[:, :1]), trans[:, :-1]], 1)
        weights = alpha * trans
        rgb = weights @ torch.sigmoid(self.colors)[order] + trans[:, -1:] * (1 - alpha[:, -1:]) * bg
        return rgb.reshape(H, W, 3)


def gaussian_window(size=5, sigma=1.5):
    g = torch.exp(-((torch.arange(size) - size // 2) ** 2) / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] @ g[None, :]).expand(3, 1, size, size).contiguous()


WINDOW = gaussian_window()


def ssim(a, b, win=WINDOW):
    a, b = a.permute(2, 0, 1)[None], b.permute(2, 0, 1)[None]
    mu_a = F.conv2d(a, win, padding=2, groups=3)
    mu_b = F.conv2d(b, win, padding=2, groups=3)
    s_aa = F.conv2d(a * a, win, padding=2, groups=3) - mu_a ** 2
    s_bb = F.conv2d(b * b, win, padding=2, groups=3) - mu_b ** 2
    s_ab = F.conv2d(a * b, win, padding=2, groups=3) - mu_a * mu_b
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    num = (2 * mu_a * mu_b + c1) * (2 * s_ab + c2)
    den = (mu_a ** 2 + mu_b ** 2 + c1) * (s_aa + s_bb + c2)
    return (num / den).mean()


LRS = {"means": 0.02, "log_scales": 0.02, "angles": 0.05, "colors": 0.05, "opacity": 0.05}


def make_optimizer(model):
    return torch.optim.Adam([{"params": [getattr(model, k)], "lr": lr, "name": k}
                             for k, lr in LRS.items()], eps=1e-15)


def replace_in_optimizer(opt, model, fn):
    """fn(tensor) -> new tensor, applied to each parameter and its two Adam moments."""
    for group in opt.param_groups:
        old = group["params"][0]
        state = opt.state.pop(old, None)
        new = nn.Parameter(fn(old.detach()))
        if state is not None:
            state["exp_avg"] = fn(state["exp_avg"])
            state["exp_avg_sq"] = fn(state["exp_avg_sq"])
            opt.state[new] = state
        group["params"][0] = new
        setattr(model, group["name"], new)


def densify_and_prune(model, opt, grad_accum, denom, thresh=2e-3):
    avg = grad_accum / denom.clamp(min=1)
    big = model.log_scales.exp().max(1).values > 0.2
    clone = (avg >= thresh) & ~big
    split = (avg >= thresh) & big
    n_split = int(split.sum())
    # new means for split Gaussians: a sample from each Gaussian, two children per parent
    c, s = torch.cos(model.angles[split]), torch.sin(model.angles[split])
    R = torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2).repeat(2, 1, 1)
    offs = torch.randn(2 * n_split, 2) * model.log_scales[split].exp().repeat(2, 1)
    split_means = model.means[split].detach().repeat(2, 1) + torch.bmm(R, offs[..., None])[..., 0]
    extra = {
        "means": torch.cat([model.means[clone].detach(), split_means]),
        "log_scales": torch.cat([model.log_scales[clone].detach(),
                                 model.log_scales[split].detach().repeat(2, 1) - math.log(1.6)]),
        "angles": torch.cat([model.angles[clone].detach(), model.angles[split].detach().repeat(2)]),
        "colors": torch.cat([model.colors[clone].detach(), model.colors[split].detach().repeat(2, 1)]),
        "opacity": torch.cat([model.opacity[clone].detach(), model.opacity[split].detach().repeat(2)]),
    }
    keep = ~split
    n_new = int(clone.sum()) + 2 * n_split
    for group in opt.param_groups:
        name = group["name"]
        add = extra[name]

        old = group["params"][0]
        state = opt.state.pop(old, None)
        new = nn.Parameter(torch.cat([old.detach()[keep], add]))
        if state is not None:
            state["exp_avg"] = torch.cat([state["exp_avg"][keep], torch.zeros_like(add)])
            state["exp_avg_sq"] = torch.cat([state["exp_avg_sq"][keep], torch.zeros_like(add)])
            opt.state[new] = state
        group["params"][0] = new
        setattr(model, name, new)
    model.depth = torch.cat([model.depth[keep], torch.rand(n_new)])
    low = torch.sigmoid(model.opacity.detach()) < 0.05
    replace_in_optimizer(opt, model, lambda t: t[~low])
    model.depth = model.depth[~low]
    return int(clone.sum()), n_split, int(low.sum())


def reset_opacity(model, opt, ceiling=0.1):
    group = next(g for g in opt.param_groups if g["name"] == "opacity")
    old = group["params"][0]
    state = opt.state.pop(old)
    new = nn.Parameter(torch.min(old.detach(), inverse_sigmoid(torch.ones_like(old) * ceiling)))
    state["exp_avg"] = torch.zeros_like(new)
    state["exp_avg_sq"] = torch.zeros_like(new)
    opt.state[new] = state
    group["params"][0] = new
    model.opacity = new
    print("   opacity reset: max opacity", round(torch.sigmoid(new).max().item(), 6))


model = Splats(20)
opt = make_optimizer(model)
grad_accum = torch.zeros(20)
denom = torch.zeros(20)
print("covariance of splat 0", model.covariance()[0])
print("conic symmetric", torch.allclose(torch.linalg.inv(model.covariance()),
                                        torch.linalg.inv(model.covariance()).transpose(1, 2)))
for it in range(1, 19):
    img = model.render()
    l1 = (img - target).abs().mean()
    dssim = 1 - ssim(img, target)
    loss = 0.8 * l1 + 0.2 * dssim
    opt.zero_grad(set_to_none=True)
    loss.backward()
    grad_accum += model.means.grad.norm(dim=-1)
    denom += 1
    opt.step()
    print(f"it {it:2d} n {model.means.shape[0]:2d} loss {loss.item():.6f} l1 {l1.item():.6f} "
          f"ssim {1 - dssim.item():.6f} max|g mean| {model.means.grad.norm(dim=-1).max().item():.6f}")
    if it % 6 == 0:
        n_clone, n_split, n_pruned = densify_and_prune(model, opt, grad_accum, denom)
        n = model.means.shape[0]
        grad_accum, denom = torch.zeros(n), torch.zeros(n)
        steps = [opt.state[g["params"][0]]["step"].item() for g in opt.param_groups]
        print(f"   densify: cloned {n_clone} split {n_split} pruned {n_pruned} -> {n} splats;"
              f" opt state steps {steps}, exp_avg rows {opt.state[model.means]['exp_avg'].shape[0]}")
        if it == 12:
            reset_opacity(model, opt)

print("final colours (first 3)", torch.sigmoid(model.colors[:3]).detach())
print("psnr", round((-10 * torch.log10(((model.render() - target) ** 2).mean())).item(), 6))
