import torch  # noqa: I001 (the harness requires torch first)

# torchvision-style detection utilities written with plain torch ops (no torch.ops.torchvision):
# box conversions, pairwise IoU / GIoU / DIoU, greedy NMS and the coordinate-offset batched NMS,
# an anchor generator over feature-map grids, a Faster R-CNN box coder with the log(1000/16)
# clamp, a proposal matcher with low-quality matches, a balanced positive/negative sampler,
# sigmoid focal loss, smooth-L1 with beta=1/9, and a postprocess that keeps the top detections.
import math

import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def box_convert(boxes, in_fmt, out_fmt):
    if in_fmt == out_fmt:
        return boxes.clone()
    if in_fmt == "cxcywh":
        cx, cy, w, h = boxes.unbind(-1)
        boxes = torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], dim=-1)
    elif in_fmt == "xywh":
        x, y, w, h = boxes.unbind(-1)
        boxes = torch.stack([x, y, x + w, y + h], dim=-1)
    if out_fmt == "cxcywh":
        x1, y1, x2, y2 = boxes.unbind(-1)
        return torch.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], dim=-1)
    if out_fmt == "xywh":
        x1, y1, x2, y2 = boxes.unbind(-1)
        return torch.stack([x1, y1, x2 - x1, y2 - y1], dim=-1)
    return boxes


def box_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def _box_inter_union(boxes1, boxes2):
    area1, area2 = box_area(boxes1), box_area(boxes2)
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[:, :, 0] * wh[:, :, 1]
    return inter, area1[:, None] + area2 - inter


def box_iou(boxes1, boxes2):
    inter, union = _box_inter_union(boxes1, boxes2)
    return inter / union


def generalized_box_iou(boxes1, boxes2):
    inter, union = _box_inter_union(boxes1, boxes2)
    iou = inter / union
    lti = torch.min(boxes1[:, None, :2], boxes2[:, :2])
    rbi = torch.max(boxes1[:, None, 2:], boxes2[:, 2:])
    whi = (rbi - lti).clamp(min=0)
    areai = whi[:, :, 0] * whi[:, :, 1]
    return iou - (areai - union) / areai


def distance_box_iou(boxes1, boxes2, eps=1e-7):
    iou = box_iou(boxes1, boxes2)
    lti = torch.min(boxes1[:, None, :2], boxes2[:, :2])
    rbi = torch.max(boxes1[:, None, 2:], boxes2[:, 2:])
    diag = ((rbi - lti).clamp(min=0) ** 2).sum(dim=-1) + eps
    c1 = (boxes1[:, None, :2] + boxes1[:, None, 2:]) / 2
    c2 = (boxes2[None, :, :2] + boxes2[None, :, 2:]) / 2
    return iou - ((c1 - c2) ** 2).sum(dim=-1) / diag


def nms(boxes, scores, iou_threshold):
    order = scores.argsort(descending=True, stable=True)
    keep = []
    suppressed = torch.zeros(boxes.shape[0], dtype=torch.bool)
    ious = box_iou(boxes, boxes)
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= ious[i] > iou_threshold
    return torch.tensor(keep, dtype=torch.int64)


def batched_nms(boxes, scores, idxs, iou_threshold):
    if boxes.numel() == 0:
        return torch.empty((0,), dtype=torch.int64, device=boxes.device)
    max_coordinate = boxes.max()
    offsets = idxs.to(boxes) * (max_coordinate + torch.tensor(1).to(boxes))
    return nms(boxes + offsets[:, None], scores, iou_threshold)


def random_boxes(n, size=32.0):
    xy = torch.rand(n, 2) * size * 0.7
    wh = torch.rand(n, 2) * size * 0.3 + 2
    return torch.cat([xy, xy + wh], dim=1)


boxes = random_boxes(12)
scores = torch.rand(12)
labels = torch.randint(0, 3, (12,))
print("cxcywh round trip:", torch.allclose(
    box_convert(box_convert(boxes, "xyxy", "cxcywh"), "cxcywh", "xyxy"), boxes))
print("xywh", box_convert(boxes[:2], "xyxy", "xywh"))
iou = box_iou(boxes, boxes)
print("iou diag", iou.diagonal().tolist()[:3], "max off-diag", f"{(iou - torch.eye(12)).max():.6f}")
giou = generalized_box_iou(boxes[:4], boxes[4:8])
print("giou", giou)
print("diou", distance_box_iou(boxes[:3], boxes[3:6]))
keep = nms(boxes, scores, 0.3)
print("nms keep", keep.tolist())
kept_batched = batched_nms(boxes, scores, labels, 0.3)
print("batched keep", kept_batched.tolist(), "labels", labels[kept_batched].tolist())
print("empty batched", batched_nms(torch.empty(0, 4), torch.empty(0),
                                   torch.empty(0, dtype=torch.long), 0.5))


class AnchorGenerator:
    def __init__(self, sizes=((8,), (16,)), aspect_ratios=((0.5, 1.0, 2.0),) * 2):
        self.cell_anchors = [self.generate_anchors(s, a) for s, a in zip(sizes, aspect_ratios)]

    @staticmethod
    def generate_anchors(scales, aspect_ratios):
        scales = torch.as_tensor(scales, dtype=torch.float32)
        aspect_ratios = torch.as_tensor(aspect_ratios, dtype=torch.float32)
        h_ratios = torch.sqrt(aspect_ratios)
        w_ratios = 1 / h_ratios
        ws = (w_ratios[:, None] * scales[None, :]).view(-1)
        hs = (h_ratios[:, None] * scales[None, :]).view(-1)
        base_anchors = torch.stack([-ws, -hs, ws, hs], dim=1) / 2
        return base_anchors.round()

    def grid_anchors(self, grid_sizes, strides):
        anchors = []
        for size, stride, base in zip(grid_sizes, strides, self.cell_anchors):
            gh, gw = size
            sh, sw = stride
            shifts_x = torch.arange(0, gw, dtype=torch.int32) * sw
            shifts_y = torch.arange(0, gh, dtype=torch.int32) * sh
            shift_y, shift_x = torch.meshgrid(shifts_y, shifts_x, indexing="ij")
            shift_x, shift_y = shift_x.reshape(-1), shift_y.reshape(-1)
            shifts = torch.stack((shift_x, shift_y, shift_x, shift_y), dim=1)
            anchors.append((shifts.view(-1, 1, 4) + base.view(1, -1, 4)).reshape(-1, 4))
        return anchors


gen = AnchorGenerator()
print("cell anchors", gen.cell_anchors[0], gen.cell_anchors[0].dtype)
anchors = torch.cat(gen.grid_anchors([(4, 4), (2, 2)], [(8, 8), (16, 16)])).to(torch.float64)
print("anchors", anchors.shape, anchors.dtype, anchors[::13][:4])


class BoxCoder:
    def __init__(self, weights=(10.0, 10.0, 5.0, 5.0), bbox_xform_clip=math.log(1000.0 / 16)):
        self.weights, self.bbox_xform_clip = weights, bbox_xform_clip

    def encode(self, reference_boxes, proposals):
        wx, wy, ww, wh = self.weights
        pw, ph = proposals[:, 2] - proposals[:, 0], proposals[:, 3] - proposals[:, 1]
        px, py = proposals[:, 0] + 0.5 * pw, proposals[:, 1] + 0.5 * ph
        gw = reference_boxes[:, 2] - reference_boxes[:, 0]
        gh = reference_boxes[:, 3] - reference_boxes[:, 1]
        gx, gy = reference_boxes[:, 0] + 0.5 * gw, reference_boxes[:, 1] + 0.5 * gh
        return torch.stack((wx * (gx - px) / pw, wy * (gy - py) / ph,
                            ww * torch.log(gw / pw), wh * torch.log(gh / ph)), dim=1)

    def decode(self, rel_codes, boxes):
        wx, wy, ww, wh = self.weights
        widths, heights = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
        ctr_x, ctr_y = boxes[:, 0] + 0.5 * widths, boxes[:, 1] + 0.5 * heights
        dx, dy = rel_codes[:, 0::4] / wx, rel_codes[:, 1::4] / wy
        dw = torch.clamp(rel_codes[:, 2::4] / ww, max=self.bbox_xform_clip)
        dh = torch.clamp(rel_codes[:, 3::4] / wh, max=self.bbox_xform_clip)
        pred_ctr_x = dx * widths[:, None] + ctr_x[:, None]
        pred_ctr_y = dy * heights[:, None] + ctr_y[:, None]
        pred_w, pred_h = torch.exp(dw) * widths[:, None], torch.exp(dh) * heights[:, None]
        c_to_c_h = torch.tensor(0.5, dtype=pred_ctr_y.dtype) * pred_h
        c_to_c_w = torch.tensor(0.5, dtype=pred_ctr_x.dtype) * pred_w
        return torch.stack((pred_ctr_x - c_to_c_w, pred_ctr_y - c_to_c_h,
                            pred_ctr_x + c_to_c_w, pred_ctr_y + c_to_c_h), dim=2).flatten(1)


coder = BoxCoder()
gt = random_boxes(3)
codes = coder.encode(gt[torch.tensor([0, 1, 2, 0])], anchors[:4])
print("codes", codes)
print("decode(encode) == gt:", torch.allclose(coder.decode(codes, anchors[:4]),
                                               gt[torch.tensor([0, 1, 2, 0])]))
huge = coder.decode(torch.tensor([[0.0, 0.0, 100.0, -100.0]]), anchors[:1])
print("clamped decode", huge)


def match(match_quality_matrix, high=0.5, low=0.3, allow_low_quality_matches=True):
    matched_vals, matches = match_quality_matrix.max(dim=0)
    all_matches = matches.clone()
    below = matched_vals < low
    between = (matched_vals >= low) & (matched_vals < high)
    matches[below] = -1
    matches[between] = -2
    if allow_low_quality_matches:
        highest_quality_foreach_gt, _ = match_quality_matrix.max(dim=1)
        gt_pred_pairs = torch.where(match_quality_matrix == highest_quality_foreach_gt[:, None])
        pred_inds_to_update = gt_pred_pairs[1]
        matches[pred_inds_to_update] = all_matches[pred_inds_to_update]
    return matches


quality = box_iou(gt, anchors)
matches = match(quality)
print("matches", torch.bincount(matches + 2).tolist(), (matches >= 0).nonzero().flatten().tolist())


def balanced_sample(matched_idxs, batch_size_per_image=16, positive_fraction=0.25):
    positive = torch.where(matched_idxs >= 1)[0]
    negative = torch.where(matched_idxs == 0)[0]
    num_pos = min(positive.numel(), int(batch_size_per_image * positive_fraction))
    num_neg = min(negative.numel(), batch_size_per_image - num_pos)
    perm1 = torch.randperm(positive.numel())[:num_pos]
    perm2 = torch.randperm(negative.numel())[:num_neg]
    pos_mask = torch.zeros_like(matched_idxs, dtype=torch.uint8)
    neg_mask = torch.zeros_like(matched_idxs, dtype=torch.uint8)
    pos_mask[positive[perm1]] = 1
    neg_mask[negative[perm2]] = 1
    return pos_mask, neg_mask


labels_per_anchor = (matches >= 0).to(torch.int64)
labels_per_anchor[matches == -2] = -1
pos_mask, neg_mask = balanced_sample(labels_per_anchor)
print("sampled", int(pos_mask.sum()), int(neg_mask.sum()), pos_mask.dtype)


def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


cls_logits = torch.randn(anchors.shape[0], 3, requires_grad=True)
box_regression = torch.randn(anchors.shape[0], 4, requires_grad=True)
fg = torch.where(matches >= 0)[0]
gt_classes = torch.zeros_like(cls_logits)
gt_classes[fg, torch.tensor([0, 2, 1, 2, 0, 1, 1, 2][: fg.numel()])] = 1.0
valid = matches != -2
cls_loss = sigmoid_focal_loss(cls_logits[valid], gt_classes[valid], reduction="sum")
cls_loss = cls_loss / max(1, fg.numel())
target_regression = coder.encode(gt[matches[fg]], anchors[fg])
reg_loss = F.smooth_l1_loss(box_regression[fg], target_regression, beta=1 / 9, reduction="sum")
reg_loss = reg_loss / max(1, fg.numel())
l1 = F.l1_loss(box_regression[fg], target_regression)
print(f"focal {cls_loss.item():.10f} smooth_l1 {reg_loss.item():.10f} l1 {l1.item():.10f}")
(cls_loss + reg_loss).backward()
print("grad norms", f"{cls_logits.grad.norm():.10f}", f"{box_regression.grad.norm():.10f}")

# postprocess: per-class score threshold, top-k candidates, decode, clip, remove small, NMS
with torch.no_grad():
    scores_all = torch.sigmoid(cls_logits).flatten()
    keep_idxs = scores_all > 0.3
    scores_sel = scores_all[keep_idxs]
    topk_idxs = torch.where(keep_idxs)[0]
    num_topk = min(10, topk_idxs.size(0))
    scores_sel, idxs = scores_sel.topk(num_topk)
    topk_idxs = topk_idxs[idxs]
    anchor_idxs = torch.div(topk_idxs, 3, rounding_mode="floor")
    labels_sel = topk_idxs % 3
    det = coder.decode(box_regression[anchor_idxs], anchors[anchor_idxs])
    det = det.clamp(min=0)
    det[:, 0::2] = det[:, 0::2].clamp(max=32)
    det[:, 1::2] = det[:, 1::2].clamp(max=32)
    ws, hs = det[:, 2] - det[:, 0], det[:, 3] - det[:, 1]
    big = torch.where((ws >= 1e-2) & (hs >= 1e-2))[0]
    det, scores_sel, labels_sel = det[big], scores_sel[big], labels_sel[big]
    keep = batched_nms(det, scores_sel, labels_sel, 0.5)[:5]
    print("detections", det[keep].round(decimals=3), scores_sel[keep].round(decimals=4),
          labels_sel[keep].tolist())
