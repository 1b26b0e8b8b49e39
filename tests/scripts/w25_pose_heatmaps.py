import torch

# A human-pose-estimation repository (SimpleBaseline / HRNet shapes, written anew): a config
# as nested dicts (MODEL.NUM_JOINTS, HEATMAP_SIZE, SIGMA), keypoints with a visibility column,
# Gaussian target heatmaps drawn into NumPy arrays with the ul/br bounds clipping of the repo
# (target_weight zeroed for joints off the map), a deconvolution head (ConvTranspose2d with
# kernel 4, padding 1, output_padding 0) over a tiny backbone, JointsMSELoss splitting the
# heatmaps per joint and weighting by target_weight (use_target_weight), Adam with a
# MultiStepLR, get_max_preds via argmax over reshaped heatmaps with a positive-max mask,
# the quarter-pixel refinement toward the higher neighbour with np.sign, flip testing with
# flip_pairs swapped through index lists and the shifted-by-one flipped heatmaps, the PCK
# accuracy normalised by a head size with -1 for joints without labels, and an integral
# (soft-argmax) regression variant whose expectation is differentiable.
import copy

import numpy as np
import torch.nn as nn

cfg = {"MODEL": {"NUM_JOINTS": 5, "IMAGE_SIZE": [32, 32], "HEATMAP_SIZE": [16, 16],
                 "SIGMA": 1.5, "EXTRA": {"NUM_DECONV_LAYERS": 1, "NUM_DECONV_FILTERS": [16]}},
       "LOSS": {"USE_TARGET_WEIGHT": True},
       "TRAIN": {"LR": 3e-3, "LR_STEP": [4, 6], "LR_FACTOR": 0.1, "END_EPOCH": 8},
       "TEST": {"FLIP_TEST": True, "SHIFT_HEATMAP": True}}
FLIP_PAIRS = [[1, 2], [3, 4]]
torch.manual_seed(0)
np.random.seed(0)
J = cfg["MODEL"]["NUM_JOINTS"]


def generate_target(joints, joints_vis, cfg):
    heatmap_size = np.array(cfg["MODEL"]["HEATMAP_SIZE"])
    image_size = np.array(cfg["MODEL"]["IMAGE_SIZE"])
    sigma = cfg["MODEL"]["SIGMA"]
    target_weight = np.ones((J, 1), dtype=np.float32)
    target_weight[:, 0] = joints_vis[:, 0]
    target = np.zeros((J, heatmap_size[1], heatmap_size[0]), dtype=np.float32)
    tmp_size = sigma * 3
    for joint_id in range(J):
        feat_stride = image_size / heatmap_size
        mu_x = int(joints[joint_id][0] / feat_stride[0] + 0.5)
        mu_y = int(joints[joint_id][1] / feat_stride[1] + 0.5)
        ul = [int(mu_x - tmp_size), int(mu_y - tmp_size)]
        br = [int(mu_x + tmp_size + 1), int(mu_y + tmp_size + 1)]
        if ul[0] >= heatmap_size[0] or ul[1] >= heatmap_size[1] or br[0] < 0 or br[1] < 0:
            target_weight[joint_id] = 0
            continue
        size = 2 * tmp_size + 1
        x = np.arange(0, size, 1, np.float32)
        y = x[:, np.newaxis]
        x0 = y0 = size // 2
        g = np.exp(- ((x - x0) ** 2 + (y - y0) ** 2) / (2 * sigma ** 2))
        g_x = max(0, -ul[0]), min(br[0], heatmap_size[0]) - ul[0]
        g_y = max(0, -ul[1]), min(br[1], heatmap_size[1]) - ul[1]
        img_x = max(0, ul[0]), min(br[0], heatmap_size[0])
        img_y = max(0, ul[1]), min(br[1], heatmap_size[1])
        v = target_weight[joint_id]
        if v > 0.5:
            target[joint_id][img_y[0]:img_y[1], img_x[0]:img_x[1]] = \
                g[int(g_y[0]):int(g_y[1]), int(g_x[0]):int(g_x[1])]
    return target, target_weight


class PoseNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        extra = cfg["MODEL"]["EXTRA"]
        self.inplanes = 12
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8, momentum=0.1),
            nn.ReLU(inplace=True), nn.Conv2d(8, 12, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(12), nn.ReLU(inplace=True))
        layers = []
        for i in range(extra["NUM_DECONV_LAYERS"]):
            planes = extra["NUM_DECONV_FILTERS"][i]
            layers += [nn.ConvTranspose2d(self.inplanes, planes, kernel_size=4, stride=2,
                                          padding=1, output_padding=0, bias=False),
                       nn.BatchNorm2d(planes), nn.ReLU(inplace=True)]
            self.inplanes = planes
        self.deconv_layers = nn.Sequential(*layers)
        self.final_layer = nn.Conv2d(self.inplanes, cfg["MODEL"]["NUM_JOINTS"], kernel_size=1,
                                     stride=1, padding=0)
        for m in self.deconv_layers.modules():
            if isinstance(m, nn.ConvTranspose2d):
                nn.init.normal_(m.weight, std=0.001)
        nn.init.normal_(self.final_layer.weight, std=0.001)
        nn.init.constant_(self.final_layer.bias, 0)

    def forward(self, x):
        return self.final_layer(self.deconv_layers(self.backbone(x)))


class JointsMSELoss(nn.Module):
    def __init__(self, use_target_weight):
        super().__init__()
        self.criterion = nn.MSELoss(reduction="mean")
        self.use_target_weight = use_target_weight

    def forward(self, output, target, target_weight):
        batch_size, num_joints = output.size(0), output.size(1)
        heatmaps_pred = output.reshape((batch_size, num_joints, -1)).split(1, 1)
        heatmaps_gt = target.reshape((batch_size, num_joints, -1)).split(1, 1)
        loss = 0
        for idx in range(num_joints):
            heatmap_pred = heatmaps_pred[idx].squeeze()
            heatmap_gt = heatmaps_gt[idx].squeeze()
            if self.use_target_weight:
                loss += 0.5 * self.criterion(heatmap_pred.mul(target_weight[:, idx]),
                                             heatmap_gt.mul(target_weight[:, idx]))
            else:
                loss += 0.5 * self.criterion(heatmap_pred, heatmap_gt)
        return loss / num_joints


def get_max_preds(batch_heatmaps):
    assert isinstance(batch_heatmaps, np.ndarray), "batch_heatmaps should be numpy.ndarray"
    batch_size, num_joints, _, width = batch_heatmaps.shape
    heatmaps_reshaped = batch_heatmaps.reshape((batch_size, num_joints, -1))
    idx = np.argmax(heatmaps_reshaped, 2).reshape((batch_size, num_joints, 1))
    maxvals = np.amax(heatmaps_reshaped, 2).reshape((batch_size, num_joints, 1))
    preds = np.tile(idx, (1, 1, 2)).astype(np.float32)
    preds[:, :, 0] = (preds[:, :, 0]) % width
    preds[:, :, 1] = np.floor((preds[:, :, 1]) / width)
    pred_mask = np.tile(np.greater(maxvals, 0.0), (1, 1, 2)).astype(np.float32)
    return preds * pred_mask, maxvals


def refine(coords, heatmaps):
    coords = coords.copy()
    H, W = heatmaps.shape[2:]
    for n in range(coords.shape[0]):
        for p in range(coords.shape[1]):
            hm = heatmaps[n][p]
            px, py = int(np.floor(coords[n][p][0] + 0.5)), int(np.floor(coords[n][p][1] + 0.5))
            if 1 < px < W - 1 and 1 < py < H - 1:
                diff = np.array([hm[py][px + 1] - hm[py][px - 1], hm[py + 1][px] - hm[py - 1][px]])
                coords[n][p] += np.sign(diff) * .25
    return coords


def flip_back(output_flipped, matched_parts):
    output_flipped = output_flipped[:, :, :, ::-1]
    for pair in matched_parts:
        tmp = output_flipped[:, pair[0], :, :].copy()
        output_flipped[:, pair[0], :, :] = output_flipped[:, pair[1], :, :]
        output_flipped[:, pair[1], :, :] = tmp
    return output_flipped


def pck(pred, gt, vis, thr=0.5, head_size=4.0):
    dists = np.linalg.norm(pred - gt, axis=-1) / head_size
    dists[vis == 0] = -1
    accs = []
    for j in range(dists.shape[1]):
        d = dists[:, j]
        d = d[d != -1]
        accs.append(float((d < thr).mean()) if len(d) else -1.0)
    valid = [a for a in accs if a >= 0]
    return accs, sum(valid) / len(valid)


# a synthetic "person": a bright blob per joint drawn into a 32 x 32 image
def make_sample(rng):
    joints = np.stack([rng.uniform(4, 28, J), rng.uniform(4, 28, J)], axis=1).astype(np.float32)
    vis = (rng.random((J, 1)) > 0.15).astype(np.float32)
    if rng.random() < 0.3:
        joints[-1] = [40.0, 40.0]  # off the image: weight 0 through the bounds check
    yy, xx = np.mgrid[0:32, 0:32]
    img = np.zeros((32, 32), dtype=np.float32)
    for j, (x, y) in enumerate(joints):
        img += (0.5 + 0.1 * j) * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / 4.0)
    return img, joints, vis


rng = np.random.default_rng(0)
samples = [make_sample(rng) for _ in range(12)]
targets, weights = zip(*(generate_target(j, v, cfg) for _, j, v in samples))
images = torch.from_numpy(np.stack([s[0] for s in samples]))[:, None]
target = torch.from_numpy(np.stack(targets))
target_weight = torch.from_numpy(np.stack(weights))
print(images.shape, target.shape, target_weight.shape, target_weight.squeeze(-1).sum(0).tolist())
print("target peak", target.amax(dim=(2, 3))[0].tolist(), round(target.sum().item(), 4))

model = PoseNet(cfg)
criterion = JointsMSELoss(cfg["LOSS"]["USE_TARGET_WEIGHT"])
optimizer = torch.optim.Adam(model.parameters(), lr=cfg["TRAIN"]["LR"])
lr_scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, cfg["TRAIN"]["LR_STEP"],
                                                    cfg["TRAIN"]["LR_FACTOR"])
best_state, best_loss = None, float("inf")
for epoch in range(cfg["TRAIN"]["END_EPOCH"]):
    model.train()
    total = 0.0
    for b in range(0, 12, 6):
        output = model(images[b:b + 6])
        loss = criterion(output, target[b:b + 6], target_weight[b:b + 6])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * 6
    lr_scheduler.step()
    avg = total / 12
    if avg < best_loss:
        best_loss, best_state = avg, copy.deepcopy(model.state_dict())
    print(f"Epoch [{epoch}] loss {avg * 1e4:.4f}e-4 lr {lr_scheduler.get_last_lr()[0]:.1e}")
print("best", f"{best_loss * 1e4:.4f}e-4", len(best_state), list(best_state)[:3])

model.load_state_dict(best_state)
model.eval()
with torch.no_grad():
    output = model(images)
    if cfg["TEST"]["FLIP_TEST"]:
        input_flipped = np.flip(images.cpu().numpy(), 3).copy()
        output_flipped = model(torch.from_numpy(input_flipped))
        output_flipped = flip_back(output_flipped.cpu().numpy(), FLIP_PAIRS)
        output_flipped = torch.from_numpy(output_flipped.copy())
        if cfg["TEST"]["SHIFT_HEATMAP"]:
            output_flipped[:, :, :, 1:] = output_flipped.clone()[:, :, :, 0:-1]
        output = (output + output_flipped) * 0.5
heatmaps = output.numpy()
coords, maxvals = get_max_preds(heatmaps)
print(coords.dtype, coords.shape, maxvals.shape, coords[0].tolist())
fine = refine(coords, heatmaps)
gt_hm = np.stack([s[1] for s in samples]) / 2.0  # image -> heatmap coordinates
vis = np.stack([s[2] for s in samples])[..., 0] * target_weight.numpy()[..., 0]
accs, avg_acc = pck(fine, gt_hm, vis)
print("PCK per joint", [round(a, 4) for a in accs], "avg", round(avg_acc, 4))
t_coords, _ = get_max_preds(target.numpy())
print("PCK of the targets", [round(a, 4) for a in pck(t_coords, gt_hm, vis)[0]])

# integral regression: soft-argmax over the heatmaps, differentiable in the coordinates
hm = torch.randn(2, J, 16, 16, dtype=torch.float64, requires_grad=True)
prob = torch.softmax(hm.flatten(2) * 4.0, dim=-1).view_as(hm)
xs = torch.arange(16, dtype=torch.float64)
x_coord = (prob.sum(dim=2) * xs).sum(dim=-1)
y_coord = (prob.sum(dim=-1) * xs).sum(-1)
pred_xy = torch.stack((x_coord, y_coord), dim=-1)
gt_xy = torch.from_numpy(gt_hm[:2]).double()
l1 = torch.nn.functional.l1_loss(pred_xy, gt_xy, reduction="sum")
l1.backward()
print(pred_xy.shape, round(l1.item(), 6), round(hm.grad.abs().sum().item(), 6))
print(torch.autograd.gradcheck(
    lambda h: (torch.softmax(h.flatten(2), -1).view_as(h).sum(2) * xs[:4]).sum(-1),
    (hm.detach()[:, :2, :4, :4].clone().requires_grad_(),)))
