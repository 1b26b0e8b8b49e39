import torch

# A self-supervised monocular-depth repository (monodepth2 shapes, written anew): an options
# class with defaults, a tiny encoder-decoder predicting sigmoid disparity at two scales,
# disp_to_depth with min/max depth, BackprojectDepth (a meshgrid of pixel coordinates as
# nn.Parameter(requires_grad=False), inv_K @ pix_coords * depth, homogeneous ones
# concatenated) and Project3D (K @ T, division by z + eps, normalisation to [-1, 1] and
# permute to (B, H, W, 2)), F.grid_sample with padding_mode="border" and align_corners=True,
# an SSIM module built from ReflectionPad2d and AvgPool2d(3, 1), the photometric loss 0.85 *
# SSIM + 0.15 * L1, the per-pixel minimum over source frames with identity-reprojection
# auto-masking (torch.min returning values and indices), the edge-aware smoothness loss on
# mean-normalised disparity, transformation_from_parameters through an axis-angle rotation
# matrix, compute_depth_errors (abs_rel, sq_rel, rmse, rmse_log, a1/a2/a3) with median
# scaling in NumPy, and the metrics logged through .item() and np.mean.
import numpy as np
import torch.nn as nn
import torch.nn.functional as F


class Options:
    height, width = 16, 24
    min_depth, max_depth = 0.1, 100.0
    scales = [0, 1]
    disparity_smoothness = 1e-3
    learning_rate = 1e-3
    avg_reprojection = False
    disable_automasking = False


opt = Options()
torch.manual_seed(0)
np.random.seed(0)


def disp_to_depth(disp, min_depth, max_depth):
    min_disp, max_disp = 1 / max_depth, 1 / min_depth
    scaled_disp = min_disp + (max_disp - min_disp) * disp
    return scaled_disp, 1 / scaled_disp


class BackprojectDepth(nn.Module):
    def __init__(self, batch_size, height, width):
        super().__init__()
        self.batch_size, self.height, self.width = batch_size, height, width
        meshgrid = np.meshgrid(range(self.width), range(self.height), indexing="xy")
        self.id_coords = np.stack(meshgrid, axis=0).astype(np.float32)
        self.id_coords = nn.Parameter(torch.from_numpy(self.id_coords), requires_grad=False)
        self.ones = nn.Parameter(torch.ones(self.batch_size, 1, self.height * self.width),
                                 requires_grad=False)
        self.pix_coords = torch.unsqueeze(torch.stack(
            [self.id_coords[0].view(-1), self.id_coords[1].view(-1)], 0), 0)
        self.pix_coords = self.pix_coords.repeat(batch_size, 1, 1)
        self.pix_coords = nn.Parameter(torch.cat([self.pix_coords, self.ones], 1),
                                       requires_grad=False)

    def forward(self, depth, inv_K):
        cam_points = torch.matmul(inv_K[:, :3, :3], self.pix_coords)
        cam_points = depth.view(self.batch_size, 1, -1) * cam_points
        return torch.cat([cam_points, self.ones], 1)


class Project3D(nn.Module):
    def __init__(self, batch_size, height, width, eps=1e-7):
        super().__init__()
        self.batch_size, self.height, self.width, self.eps = batch_size, height, width, eps

    def forward(self, points, K, T):
        P = torch.matmul(K, T)[:, :3, :]
        cam_points = torch.matmul(P, points)
        pix_coords = cam_points[:, :2, :] / (cam_points[:, 2, :].unsqueeze(1) + self.eps)
        pix_coords = pix_coords.view(self.batch_size, 2, self.height, self.width)
        pix_coords = pix_coords.permute(0, 2, 3, 1)
        pix_coords[..., 0] /= self.width - 1
        pix_coords[..., 1] /= self.height - 1
        return (pix_coords - 0.5) * 2


class SSIM(nn.Module):
    def __init__(self):
        super().__init__()
        self.mu_x_pool = nn.AvgPool2d(3, 1)
        self.mu_y_pool = nn.AvgPool2d(3, 1)
        self.sig_x_pool = nn.AvgPool2d(3, 1)
        self.sig_y_pool = nn.AvgPool2d(3, 1)
        self.sig_xy_pool = nn.AvgPool2d(3, 1)
        self.refl = nn.ReflectionPad2d(1)
        self.C1, self.C2 = 0.01 ** 2, 0.03 ** 2

    def forward(self, x, y):
        x, y = self.refl(x), self.refl(y)
        mu_x, mu_y = self.mu_x_pool(x), self.mu_y_pool(y)
        sigma_x = self.sig_x_pool(x ** 2) - mu_x ** 2
        sigma_y = self.sig_y_pool(y ** 2) - mu_y ** 2
        sigma_xy = self.sig_xy_pool(x * y) - mu_x * mu_y
        SSIM_n = (2 * mu_x * mu_y + self.C1) * (2 * sigma_xy + self.C2)
        SSIM_d = (mu_x ** 2 + mu_y ** 2 + self.C1) * (sigma_x + sigma_y + self.C2)
        return torch.clamp((1 - SSIM_n / SSIM_d) / 2, 0, 1)


def rot_from_axisangle(vec):
    angle = torch.norm(vec, 2, 2, True)
    axis = vec / (angle + 1e-7)
    ca, sa = torch.cos(angle), torch.sin(angle)
    C = 1 - ca
    x, y, z = axis[..., 0].unsqueeze(1), axis[..., 1].unsqueeze(1), axis[..., 2].unsqueeze(1)
    xs, ys, zs = x * sa, y * sa, z * sa
    xC, yC, zC = x * C, y * C, z * C
    xyC, yzC, zxC = x * yC, y * zC, z * xC
    rot = torch.zeros((vec.shape[0], 4, 4)).to(device=vec.device)
    rot[:, 0, 0] = torch.squeeze(x * xC + ca)
    rot[:, 0, 1] = torch.squeeze(xyC - zs)
    rot[:, 0, 2] = torch.squeeze(zxC + ys)
    rot[:, 1, 0] = torch.squeeze(xyC + zs)
    rot[:, 1, 1] = torch.squeeze(y * yC + ca)
    rot[:, 1, 2] = torch.squeeze(yzC - xs)
    rot[:, 2, 0] = torch.squeeze(zxC - ys)
    rot[:, 2, 1] = torch.squeeze(yzC + xs)
    rot[:, 2, 2] = torch.squeeze(z * zC + ca)
    rot[:, 3, 3] = 1
    return rot


def transformation_from_parameters(axisangle, translation):
    R = rot_from_axisangle(axisangle)
    T = torch.eye(4).repeat(translation.shape[0], 1, 1)
    T[:, :3, 3] = translation.contiguous().view(-1, 3)
    return torch.matmul(R, T)


def get_smooth_loss(disp, img):
    grad_disp_x = torch.abs(disp[:, :, :, :-1] - disp[:, :, :, 1:])
    grad_disp_y = torch.abs(disp[:, :, :-1, :] - disp[:, :, 1:, :])
    grad_img_x = torch.mean(torch.abs(img[:, :, :, :-1] - img[:, :, :, 1:]), 1, keepdim=True)
    grad_img_y = torch.mean(torch.abs(img[:, :, :-1, :] - img[:, :, 1:, :]), 1, keepdim=True)
    grad_disp_x *= torch.exp(-grad_img_x)
    grad_disp_y *= torch.exp(-grad_img_y)
    return grad_disp_x.mean() + grad_disp_y.mean()


def compute_depth_errors(gt, pred):
    thresh = np.maximum((gt / pred), (pred / gt))
    a1 = (thresh < 1.25).mean()
    a2 = (thresh < 1.25 ** 2).mean()
    a3 = (thresh < 1.25 ** 3).mean()
    rmse = np.sqrt(((gt - pred) ** 2).mean())
    rmse_log = np.sqrt(((np.log(gt) - np.log(pred)) ** 2).mean())
    abs_rel = np.mean(np.abs(gt - pred) / gt)
    sq_rel = np.mean(((gt - pred) ** 2) / gt)
    return abs_rel, sq_rel, rmse, rmse_log, a1, a2, a3


class DepthNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.ELU())
        self.enc2 = nn.Sequential(nn.Conv2d(8, 16, 3, 2, 1), nn.ELU())
        self.dec2 = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(16, 8, 3), nn.ELU())
        self.dec1 = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(16, 8, 3), nn.ELU())
        self.dispconv = nn.ModuleDict({"1": nn.Conv2d(8, 1, 3, padding=1, padding_mode="reflect"),
                                       "0": nn.Conv2d(8, 1, 3, padding=1, padding_mode="reflect")})

    def forward(self, x):
        f1 = self.enc1(x)
        f2 = self.enc2(f1)
        outputs = {}
        d2 = F.interpolate(self.dec2(f2), scale_factor=2, mode="nearest")
        outputs[("disp", 1)] = torch.sigmoid(self.dispconv["1"](d2))
        d1 = self.dec1(torch.cat([d2, f1], dim=1))
        d1 = F.interpolate(d1, scale_factor=2.0, mode="nearest")
        outputs[("disp", 0)] = torch.sigmoid(self.dispconv["0"](d1))
        return outputs


B, H, W = 2, opt.height, opt.width
K = torch.tensor([[0.58 * W, 0, 0.5 * W, 0], [0, 1.92 * H, 0.5 * H, 0], [0, 0, 1, 0],
                  [0, 0, 0, 1]], dtype=torch.float32).unsqueeze(0).repeat(B, 1, 1)
inv_K = torch.linalg.pinv(K)
print("K @ inv_K is identity:", torch.allclose(K @ inv_K, torch.eye(4).expand(B, 4, 4),
                                               atol=1e-5))
backproject = BackprojectDepth(B, H, W)
project = Project3D(B, H, W)
print([(n, tuple(p.shape), p.requires_grad) for n, p in backproject.named_parameters()])
print(sum(p.numel() for p in backproject.parameters() if p.requires_grad))

# a textured scene seen from a camera moving to the right: the source frames are the target
# shifted by one pixel each way (a constant-depth wall)
yy, xx = torch.meshgrid(torch.arange(H, dtype=torch.float32), torch.arange(W, dtype=torch.float32),
                        indexing="ij")
scene = torch.stack([torch.sin(xx * 0.9 + yy * 0.3), torch.cos(xx * 0.5 - yy * 0.7),
                     torch.sin(xx * 0.3) * torch.cos(yy * 0.4)], dim=0) * 0.5 + 0.5
target = scene.unsqueeze(0).repeat(B, 1, 1, 1)
sources = {-1: torch.roll(target, shifts=-1, dims=3), 1: torch.roll(target, shifts=1, dims=-1)}
axisangle = torch.zeros(B, 1, 3)
axisangle[:, 0, 1] = torch.tensor([0.01, -0.02])
T_by_frame = {f: transformation_from_parameters(axisangle * f, torch.tensor(
    [[0.015 * f, 0.0, 0.0]]).repeat(B, 1)) for f in (-1, 1)}
print("T[1][0]", [[round(v, 5) for v in row] for row in T_by_frame[1][0].tolist()])
R = T_by_frame[1][:, :3, :3]
print("rotation orthogonal:", torch.allclose(R @ R.transpose(1, 2), torch.eye(3).expand(B, 3, 3),
                                              atol=1e-6), f"{torch.linalg.det(R)[0].item():.6f}")

model = DepthNet()
ssim = SSIM()
optimizer = torch.optim.Adam(model.parameters(), opt.learning_rate)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 3, 0.1)


def compute_reprojection_loss(pred, target):
    abs_diff = torch.abs(target - pred)
    l1_loss = abs_diff.mean(1, True)
    ssim_loss = ssim(pred, target).mean(1, True)
    return 0.85 * ssim_loss + 0.15 * l1_loss


for step in range(5):
    outputs = model(target)
    total_loss = 0
    losses = {}
    for scale in opt.scales:
        disp = outputs[("disp", scale)]
        up = F.interpolate(disp, [opt.height, opt.width], mode="bilinear", align_corners=False)
        _, depth = disp_to_depth(up, opt.min_depth, opt.max_depth)
        reprojection_losses, identity_losses = [], []
        for frame_id in (-1, 1):
            cam_points = backproject(depth, inv_K)
            pix_coords = project(cam_points, K, T_by_frame[frame_id])
            warped = F.grid_sample(sources[frame_id], pix_coords, padding_mode="border",
                                   align_corners=True)
            reprojection_losses.append(compute_reprojection_loss(warped, target))
            identity_losses.append(compute_reprojection_loss(sources[frame_id], target))
        reprojection_losses = torch.cat(reprojection_losses, 1)
        identity_reprojection_loss = torch.cat(identity_losses, 1)
        identity_reprojection_loss += torch.randn(identity_reprojection_loss.shape) * 0.00001
        combined = torch.cat((identity_reprojection_loss, reprojection_losses), dim=1)
        to_optimise, idxs = torch.min(combined, dim=1)
        automask = (idxs > identity_reprojection_loss.shape[1] - 1).float()
        loss = to_optimise.mean()
        mean_disp = disp.mean(2, True).mean(3, True)
        norm_disp = disp / (mean_disp + 1e-7)
        color = F.interpolate(target, scale_factor=0.5 ** scale, mode="area")
        smooth_loss = get_smooth_loss(norm_disp, color)
        loss += opt.disparity_smoothness * smooth_loss / (2 ** scale)
        total_loss += loss
        losses[f"loss/{scale}"] = loss.item()
        losses[f"automask/{scale}"] = automask.mean().item()
    total_loss /= len(opt.scales)
    optimizer.zero_grad()
    total_loss.backward()
    optimizer.step()
    scheduler.step()
    print(f"step {step} total {total_loss.item():.5f}",
          " ".join(f"{k} {v:.4f}" for k, v in losses.items()))

# evaluation against a synthetic ground-truth depth, median scaled
model.eval()
with torch.no_grad():
    pred_disp, _ = disp_to_depth(model(target)[("disp", 0)], opt.min_depth, opt.max_depth)
pred_disp = pred_disp.cpu()[:, 0].numpy()
gt_depth = (2.0 + np.linspace(0, 1, W, dtype=np.float32)[None, None, :] * np.ones((B, H, 1)))
errors = []
for i in range(B):
    pred_depth = 1 / pred_disp[i]
    gt = gt_depth[i]
    mask = np.logical_and(gt > opt.min_depth, gt < opt.max_depth)
    pred_depth, gt = pred_depth[mask], gt[mask]
    ratio = np.median(gt) / np.median(pred_depth)
    pred_depth = np.clip(pred_depth * ratio, opt.min_depth, opt.max_depth)
    errors.append(compute_depth_errors(gt, pred_depth))
mean_errors = np.array(errors).mean(0)
print(("{:>8} | " * 7).format("abs_rel", "sq_rel", "rmse", "rmse_log", "a1", "a2", "a3"))
print(("&{: 8.3f}  " * 7).format(*mean_errors.tolist()) + "\\\\")

# grid_sample spellings on float64: identity grids from affine_grid reproduce the input
img64 = torch.rand(1, 2, 4, 5, dtype=torch.float64, requires_grad=True)
theta = torch.tensor([[[1.0, 0, 0], [0, 1, 0]]], dtype=torch.float64)
grid = F.affine_grid(theta, size=[1, 2, 4, 5], align_corners=True)
same = F.grid_sample(img64, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
print("identity warp:", torch.allclose(same, img64), grid.shape)
shifted = F.grid_sample(img64, grid + 0.3, mode="bilinear", padding_mode="reflection",
                        align_corners=False)
shifted.sum().backward()
print(f"{shifted.sum().item():.6f}", img64.grad.sum().item().__round__(6))
print(torch.autograd.gradcheck(lambda im, g: F.grid_sample(im, g, padding_mode="border",
                                                           align_corners=True),
                               (img64.detach().requires_grad_(),
                                (grid * 0.7 + 0.05).requires_grad_())))
