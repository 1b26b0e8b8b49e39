import torch

# Segmentation and detection code as users write it: a small U-Net (ConvTranspose2d up path,
# skip connections joined after F.pad to odd sizes, GroupNorm, Dropout2d) trained with a soft
# Dice + BCE loss, per-class Dice from one_hot masks, RoIAlign written with F.affine_grid /
# F.grid_sample (bilinear and nearest, every padding_mode, align_corners both ways), and
# box utilities (IoU with torch.max/torch.min broadcasting, NMS with argsort and a loop).
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class DoubleConv(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.GroupNorm(2, cout),
                         nn.LeakyReLU(0.1, inplace=True), nn.Conv2d(cout, cout, 3, padding=1),
                         nn.GroupNorm(2, cout), nn.LeakyReLU(0.1, inplace=True))


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cin // 2, kernel_size=2, stride=2)
        self.conv = DoubleConv(cin, cout)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class UNet(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.inc = DoubleConv(1, 4)
        self.down1 = nn.Sequential(nn.MaxPool2d(2), DoubleConv(4, 8))
        self.down2 = nn.Sequential(nn.MaxPool2d(2), DoubleConv(8, 16), nn.Dropout2d(0.1))
        self.up1 = Up(16, 8)
        self.up2 = Up(8, 4)
        self.outc = nn.Conv2d(4, classes, 1)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        return self.outc(self.up2(self.up1(x3, x2), x1))


def dice_loss(logits, target, eps=1.0):
    probs = logits.softmax(1)
    onehot = F.one_hot(target, logits.size(1)).permute(0, 3, 1, 2).type_as(probs)
    dims = (0, 2, 3)
    inter = torch.sum(probs * onehot, dims)
    card = torch.sum(probs + onehot, dims)
    return 1 - ((2 * inter + eps) / (card + eps)).mean(), (2 * inter + eps) / (card + eps)


images = torch.randn(3, 1, 13, 11)
masks = (images[:, 0] > 0.5).long() + (images[:, 0] > 1.2).long()
print("mask counts", torch.bincount(masks.flatten()))
model = UNet()
print(model.up1)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(5):
    opt.zero_grad()
    logits = model(images)
    dice, per_class = dice_loss(logits, masks)
    bce = F.binary_cross_entropy_with_logits(
        logits, F.one_hot(masks, 3).permute(0, 3, 1, 2).double(),
        pos_weight=torch.tensor([1.0, 2.0, 4.0])[:, None, None])
    loss = dice + bce
    loss.backward()
    opt.step()
    print(f"unet {step} loss {loss.item():.8f} dice/class {per_class.detach().numpy().round(6)}")
print("logits", logits.shape)
model.eval()
with torch.no_grad():
    pred = model(images).argmax(1)
print("accuracy", (pred == masks).double().mean().item().__round__(6))


def roi_align(features, boxes, out_size=(3, 3), mode="bilinear", padding_mode="zeros",
              align_corners=False):
    """boxes: (K, 5) rows of batch index, x1, y1, x2, y2 in pixels."""
    n, c, h, w = features.shape
    idx = boxes[:, 0].long()
    x1, y1, x2, y2 = boxes[:, 1:].unbind(1)
    theta = torch.zeros(len(boxes), 2, 3)
    theta[:, 0, 0] = (x2 - x1) / (w - 1)
    theta[:, 0, 2] = (x1 + x2) / (w - 1) - 1
    theta[:, 1, 1] = (y2 - y1) / (h - 1)
    theta[:, 1, 2] = (y1 + y2) / (h - 1) - 1
    grid = F.affine_grid(theta, [len(boxes), c, *out_size], align_corners=align_corners)
    return F.grid_sample(features[idx], grid, mode=mode, padding_mode=padding_mode,
                         align_corners=align_corners)


feat = torch.arange(2 * 2 * 6 * 7.0).reshape(2, 2, 6, 7).cos()
boxes = torch.tensor([[0, 0.5, 0.5, 4.0, 3.0], [1, 2.0, 1.0, 6.5, 5.5], [0, -1.0, -1.0, 2.0, 2.0]])
for mode in ["bilinear", "nearest", "bicubic"]:
    for padding_mode in ["zeros", "border", "reflection"]:
        for align in (False, True):
            r = roi_align(feat, boxes, mode=mode, padding_mode=padding_mode,
                          align_corners=align)
            print(f"roi {mode:8s} {padding_mode:10s} {align!s:5s} {r.sum().item():.8f} "
                  f"{r[2, 1, 0, 0].item():.8f}")
featg = feat.clone().requires_grad_(True)
boxg = boxes.clone()
out = roi_align(featg, boxg, out_size=(4, 2))
out.pow(2).sum().backward()
print("roi grad", f"{featg.grad.sum().item():.8f}", featg.grad[0, 0, 0])
theta = torch.tensor([[[0.8, -0.2, 0.1], [0.3, 0.9, -0.1]]], requires_grad=True)
grid = F.affine_grid(theta, [1, 2, 4, 5], align_corners=False)
F.grid_sample(feat[:1], grid, align_corners=False).sum().backward()
print("theta grad", theta.grad)
grid3d = F.affine_grid(torch.eye(3, 4)[None], [1, 1, 2, 3, 4], align_corners=True)
print("affine_grid 3d", grid3d.shape, grid3d[0, 1, 2, 3])


def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[:, :2])
    rb = torch.min(a[:, None, 2:], b[:, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b - inter)


def nms(boxes, scores, threshold):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(i.item())
        if order.numel() == 1:
            break
        ious = box_iou(boxes[i][None], boxes[order[1:]])[0]
        order = order[1:][ious <= threshold]
    return torch.tensor(keep)


dets = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 9, 10.5],
                     [21, 19, 29, 31]], dtype=torch.float64)
scores = torch.tensor([0.9, 0.8, 0.7, 0.95, 0.6])
print("iou", box_iou(dets[:2], dets))
print("nms", nms(dets, scores, 0.5))
print("topk per class", scores.topk(2), torch.sort(scores, stable=True, descending=True))
