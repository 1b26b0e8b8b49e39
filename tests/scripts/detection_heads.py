import torch

# The box arithmetic of a one-stage detector written in plain torch, as detection codebases
# carry it: anchors from meshgrid(indexing="ij"), pairwise IoU with broadcasting and clamp,
# anchor matching by max/argmax, box encoding and decoding in (dx, dy, dw, dh), a sigmoid
# focal loss and smooth L1 trained on a tiny conv head, a greedy non-maximum suppression
# loop, and RoI pooling by affine_grid + grid_sample.
import torch.nn.functional as F
from torch import nn

torch.manual_seed(12)


def make_anchors(feature_size, stride, sizes=(8.0, 16.0)):
    ys, xs = torch.meshgrid(torch.arange(feature_size), torch.arange(feature_size),
                            indexing="ij")
    centres = torch.stack([(xs + 0.5) * stride, (ys + 0.5) * stride], -1).reshape(-1, 1, 2)
    half = torch.tensor(sizes)[None, :, None].expand(1, len(sizes), 2) / 2
    return torch.cat([centres - half, centres + half], -1).reshape(-1, 4)


def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter)


def encode(anchors, boxes):
    wa, ha = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    xa, ya = anchors[:, 0] + 0.5 * wa, anchors[:, 1] + 0.5 * ha
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    x, y = boxes[:, 0] + 0.5 * w, boxes[:, 1] + 0.5 * h
    return torch.stack([(x - xa) / wa, (y - ya) / ha, torch.log(w / wa), torch.log(h / ha)], 1)


def decode(anchors, deltas):
    wa, ha = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    xa, ya = anchors[:, 0] + 0.5 * wa, anchors[:, 1] + 0.5 * ha
    x, y = deltas[:, 0] * wa + xa, deltas[:, 1] * ha + ya
    w, h = torch.exp(deltas[:, 2].clamp(max=4.0)) * wa, torch.exp(deltas[:, 3].clamp(max=4.0)) * ha
    return torch.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], 1)


def nms(boxes, scores, threshold):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(i.item())
        if order.numel() == 1:
            break
        overlap = box_iou(boxes[i][None], boxes[order[1:]])[0]
        order = order[1:][overlap <= threshold]
    return torch.tensor(keep, dtype=torch.long)


def focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * ((1 - p_t) ** gamma)
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * loss).sum()


anchors = make_anchors(4, 8)
gt_boxes = torch.tensor([[2.0, 3.0, 12.0, 14.0], [16.0, 16.0, 31.0, 30.0]])
print("anchors", tuple(anchors.shape), anchors[:3].tolist())
iou = box_iou(anchors, gt_boxes)
best_iou, matched = iou.max(dim=1)
labels = (best_iou >= 0.4).float()
labels[iou.argmax(dim=0)] = 1.0
print("positives", int(labels.sum()), "best iou", best_iou.topk(3).values)
targets = encode(anchors, gt_boxes[matched])
print("round trip", torch.allclose(decode(anchors, targets), gt_boxes[matched], atol=1e-5))

image = torch.zeros(1, 3, 32, 32)
for x0, y0, x1, y1 in gt_boxes.long().tolist():
    image[:, :, y0:y1, x0:x1] = 1.0
image = image + 0.1 * torch.randn_like(image)
head = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                     nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(4))
cls_out, box_out = nn.Conv2d(16, 2, 1), nn.Conv2d(16, 8, 1)
nn.init.constant_(cls_out.bias, -2.0)
params = [*head.parameters(), *cls_out.parameters(), *box_out.parameters()]
opt = torch.optim.SGD(params, lr=0.05, momentum=0.9)
pos = labels > 0
for step in range(20):
    feats = head(image)
    logits = cls_out(feats).permute(0, 2, 3, 1).reshape(-1)
    deltas = box_out(feats).permute(0, 2, 3, 1).reshape(-1, 4)
    loss_cls = focal_loss(logits, labels) / pos.sum().clamp(min=1)
    loss_box = F.smooth_l1_loss(deltas[pos], targets[pos], beta=1 / 9)
    opt.zero_grad()
    (loss_cls + loss_box).backward()
    opt.step()
    if step % 5 == 0:
        print(f"step {step:2d} focal {loss_cls.item():.5f} box {loss_box.item():.5f}")

with torch.no_grad():
    feats = head(image)
    scores = torch.sigmoid(cls_out(feats).permute(0, 2, 3, 1).reshape(-1))
    boxes = decode(anchors, box_out(feats).permute(0, 2, 3, 1).reshape(-1, 4))
    candidates = scores > 0.05
    keep = nms(boxes[candidates], scores[candidates], 0.5)
    print("candidates", int(candidates.sum()), "kept", keep.tolist())
    print("kept scores", scores[candidates][keep][:4])

    rois = gt_boxes / 32 * 2 - 1
    theta = torch.zeros(2, 2, 3)
    theta[:, 0, 0] = (rois[:, 2] - rois[:, 0]) / 2
    theta[:, 1, 1] = (rois[:, 3] - rois[:, 1]) / 2
    theta[:, 0, 2] = (rois[:, 2] + rois[:, 0]) / 2
    theta[:, 1, 2] = (rois[:, 3] + rois[:, 1]) / 2
    grid = F.affine_grid(theta, [2, 3, 4, 4], align_corners=False)
    pooled = F.grid_sample(image.expand(2, -1, -1, -1), grid, align_corners=False)
    print("roi pooled", tuple(pooled.shape), pooled.mean(dim=(1, 2, 3)))
