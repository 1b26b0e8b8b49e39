import torch

# ultralytics-shaped detection code: letterbox resizing with F.interpolate and F.pad, anchor
# points and strides from meshgrid(indexing="ij"), xywh/xyxy conversions, dist2bbox/bbox2dist,
# a DFL head decoded with softmax @ arange, bbox_iou with GIoU/DIoU/CIoU (atan aspect term
# under no_grad), the task-aligned assigner (candidates inside boxes via amin, top-k alignment
# metrics, highest-overlap resolution with one_hot/argmax, scatter of normalised targets),
# the BCE + CIoU + DFL loss with its target-score normalisation, and a hand-written
# batched NMS with class offsets, conf thresholds and max_det.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def letterbox(img, new_shape=(32, 32), color=114 / 255):
    h, w = img.shape[-2:]
    r = min(new_shape[0] / h, new_shape[1] / w)
    new_unpad = int(round(w * r)), int(round(h * r))
    dw, dh = (new_shape[1] - new_unpad[0]) / 2, (new_shape[0] - new_unpad[1]) / 2
    if (w, h) != new_unpad:
        img = F.interpolate(img, size=(new_unpad[1], new_unpad[0]), mode="bilinear",
                            align_corners=False)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    return F.pad(img, (left, right, top, bottom), value=color), r, (dw, dh)


raw = torch.rand(1, 3, 20, 30)
padded, ratio, (dw, dh) = letterbox(raw)
print("letterbox", tuple(padded.shape), f"{ratio:.4f}", dw, dh,
      f"{padded[0, 0, 0, 0].item():.4f}", f"{padded[0, :, 16].mean().item():.6f}")


def make_anchors(feats, strides, grid_cell_offset=0.5):
    anchor_points, stride_tensor = [], []
    dtype, device = feats[0].dtype, feats[0].device
    for i, stride in enumerate(strides):
        h, w = feats[i].shape[2:]
        sx = torch.arange(end=w, device=device, dtype=dtype) + grid_cell_offset
        sy = torch.arange(end=h, device=device, dtype=dtype) + grid_cell_offset
        sy, sx = torch.meshgrid(sy, sx, indexing="ij")
        anchor_points.append(torch.stack((sx, sy), -1).view(-1, 2))
        stride_tensor.append(torch.full((h * w, 1), stride, dtype=dtype, device=device))
    return torch.cat(anchor_points), torch.cat(stride_tensor)


def xywh2xyxy(x):
    y = torch.empty_like(x)
    xy, wh = x[..., :2], x[..., 2:] / 2
    y[..., :2] = xy - wh
    y[..., 2:] = xy + wh
    return y


def dist2bbox(distance, anchor_points, xywh=True, dim=-1):
    lt, rb = distance.chunk(2, dim)
    x1y1, x2y2 = anchor_points - lt, anchor_points + rb
    if xywh:
        return torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), dim)
    return torch.cat((x1y1, x2y2), dim)


def bbox2dist(anchor_points, bbox, reg_max):
    x1y1, x2y2 = bbox.chunk(2, -1)
    return torch.cat((anchor_points - x1y1, x2y2 - anchor_points), -1).clamp_(0, reg_max - 0.01)


def bbox_iou(box1, box2, xywh=True, GIoU=False, DIoU=False, CIoU=False, eps=1e-7):
    if xywh:
        (x1, y1, w1, h1), (x2, y2, w2, h2) = box1.chunk(4, -1), box2.chunk(4, -1)
        w1_, h1_, w2_, h2_ = w1 / 2, h1 / 2, w2 / 2, h2 / 2
        b1_x1, b1_x2, b1_y1, b1_y2 = x1 - w1_, x1 + w1_, y1 - h1_, y1 + h1_
        b2_x1, b2_x2, b2_y1, b2_y2 = x2 - w2_, x2 + w2_, y2 - h2_, y2 + h2_
    else:
        b1_x1, b1_y1, b1_x2, b1_y2 = box1.chunk(4, -1)
        b2_x1, b2_y1, b2_x2, b2_y2 = box2.chunk(4, -1)
        w1, h1 = b1_x2 - b1_x1, b1_y2 - b1_y1 + eps
        w2, h2 = b2_x2 - b2_x1, b2_y2 - b2_y1 + eps
    inter = (b1_x2.minimum(b2_x2) - b1_x1.maximum(b2_x1)).clamp_(0) * \
        (b1_y2.minimum(b2_y2) - b1_y1.maximum(b2_y1)).clamp_(0)
    union = w1 * h1 + w2 * h2 - inter + eps
    iou = inter / union
    if CIoU or DIoU or GIoU:
        cw = b1_x2.maximum(b2_x2) - b1_x1.minimum(b2_x1)
        ch = b1_y2.maximum(b2_y2) - b1_y1.minimum(b2_y1)
        if CIoU or DIoU:
            c2 = cw.pow(2) + ch.pow(2) + eps
            rho2 = ((b2_x1 + b2_x2 - b1_x1 - b1_x2).pow(2)
                    + (b2_y1 + b2_y2 - b1_y1 - b1_y2).pow(2)) / 4
            if CIoU:
                v = (4 / math.pi ** 2) * ((w2 / h2).atan() - (w1 / h1).atan()).pow(2)
                with torch.no_grad():
                    alpha = v / (v - iou + (1 + eps))
                return iou - (rho2 / c2 + v * alpha)
            return iou - rho2 / c2
        c_area = cw * ch + eps
        return iou - (c_area - union) / c_area
    return iou


a = torch.tensor([[0.0, 0.0, 4.0, 4.0], [1.0, 1.0, 3.0, 5.0]])
b = torch.tensor([[2.0, 2.0, 6.0, 6.0], [1.0, 1.0, 3.0, 5.0]])
for kind in ("IoU", "GIoU", "DIoU", "CIoU"):
    flags = {kind: True} if kind != "IoU" else {}
    print(kind, bbox_iou(a, b, xywh=False, **flags).squeeze(-1))


class TaskAlignedAssigner(nn.Module):
    def __init__(self, topk=4, num_classes=3, alpha=1.0, beta=6.0, eps=1e-9):
        super().__init__()
        self.topk, self.num_classes, self.bg_idx = topk, num_classes, num_classes
        self.alpha, self.beta, self.eps = alpha, beta, eps

    @torch.no_grad()
    def forward(self, pd_scores, pd_bboxes, anc_points, gt_labels, gt_bboxes, mask_gt):
        self.bs, self.n_max_boxes = pd_scores.shape[0], gt_bboxes.shape[1]
        if self.n_max_boxes == 0:
            return (torch.full_like(pd_scores[..., 0], self.bg_idx), torch.zeros_like(pd_bboxes),
                    torch.zeros_like(pd_scores), torch.zeros_like(pd_scores[..., 0]),
                    torch.zeros_like(pd_scores[..., 0]))
        mask_pos, align_metric, overlaps = self.get_pos_mask(
            pd_scores, pd_bboxes, gt_labels, gt_bboxes, anc_points, mask_gt)
        target_gt_idx, fg_mask, mask_pos = self.select_highest_overlaps(
            mask_pos, overlaps, self.n_max_boxes)
        target_labels, target_bboxes, target_scores = self.get_targets(
            gt_labels, gt_bboxes, target_gt_idx, fg_mask)
        align_metric *= mask_pos
        pos_align_metrics = align_metric.amax(dim=-1, keepdim=True)
        pos_overlaps = (overlaps * mask_pos).amax(dim=-1, keepdim=True)
        norm_align_metric = (align_metric * pos_overlaps
                             / (pos_align_metrics + self.eps)).amax(-2).unsqueeze(-1)
        target_scores = target_scores * norm_align_metric
        return target_labels, target_bboxes, target_scores, fg_mask.bool(), target_gt_idx

    def get_pos_mask(self, pd_scores, pd_bboxes, gt_labels, gt_bboxes, anc_points, mask_gt):
        mask_in_gts = self.select_candidates_in_gts(anc_points, gt_bboxes)
        align_metric, overlaps = self.get_box_metrics(pd_scores, pd_bboxes, gt_labels,
                                                      gt_bboxes, mask_in_gts * mask_gt)
        mask_topk = self.select_topk_candidates(align_metric,
                                                topk_mask=mask_gt.expand(-1, -1, self.topk).bool())
        return mask_topk * mask_in_gts * mask_gt, align_metric, overlaps

    def get_box_metrics(self, pd_scores, pd_bboxes, gt_labels, gt_bboxes, mask_gt):
        na = pd_bboxes.shape[-2]
        mask_gt = mask_gt.bool()
        overlaps = torch.zeros([self.bs, self.n_max_boxes, na], dtype=pd_bboxes.dtype)
        bbox_scores = torch.zeros([self.bs, self.n_max_boxes, na], dtype=pd_scores.dtype)
        ind = torch.zeros([2, self.bs, self.n_max_boxes], dtype=torch.long)
        ind[0] = torch.arange(end=self.bs).view(-1, 1).expand(-1, self.n_max_boxes)
        ind[1] = gt_labels.squeeze(-1)
        bbox_scores[mask_gt] = pd_scores[ind[0], :, ind[1]][mask_gt]
        pd_boxes = pd_bboxes.unsqueeze(1).expand(-1, self.n_max_boxes, -1, -1)[mask_gt]
        gt_boxes = gt_bboxes.unsqueeze(2).expand(-1, -1, na, -1)[mask_gt]
        overlaps[mask_gt] = bbox_iou(gt_boxes, pd_boxes, xywh=False,
                                     CIoU=True).squeeze(-1).clamp_(0)
        align_metric = bbox_scores.pow(self.alpha) * overlaps.pow(self.beta)
        return align_metric, overlaps

    def select_topk_candidates(self, metrics, topk_mask=None):
        topk_metrics, topk_idxs = torch.topk(metrics, self.topk, dim=-1, largest=True)
        if topk_mask is None:
            topk_mask = (topk_metrics.max(-1, keepdim=True)[0] > self.eps).expand_as(topk_idxs)
        topk_idxs.masked_fill_(~topk_mask, 0)
        count_tensor = torch.zeros(metrics.shape, dtype=torch.int8, device=topk_idxs.device)
        ones = torch.ones_like(topk_idxs[:, :, :1], dtype=torch.int8)
        for k in range(self.topk):
            count_tensor.scatter_add_(-1, topk_idxs[:, :, k:k + 1], ones)
        count_tensor.masked_fill_(count_tensor > 1, 0)
        return count_tensor.to(metrics.dtype)

    def get_targets(self, gt_labels, gt_bboxes, target_gt_idx, fg_mask):
        batch_ind = torch.arange(end=self.bs, dtype=torch.int64)[..., None]
        target_gt_idx = target_gt_idx + batch_ind * self.n_max_boxes
        target_labels = gt_labels.long().flatten()[target_gt_idx]
        target_bboxes = gt_bboxes.view(-1, gt_bboxes.shape[-1])[target_gt_idx]
        target_labels.clamp_(0)
        target_scores = torch.zeros((target_labels.shape[0], target_labels.shape[1],
                                     self.num_classes), dtype=torch.int64)
        target_scores.scatter_(2, target_labels.unsqueeze(-1), 1)
        fg_scores_mask = fg_mask[:, :, None].repeat(1, 1, self.num_classes)
        target_scores = torch.where(fg_scores_mask > 0, target_scores, 0)
        return target_labels, target_bboxes, target_scores

    @staticmethod
    def select_candidates_in_gts(xy_centers, gt_bboxes, eps=1e-9):
        n_anchors = xy_centers.shape[0]
        bs, n_boxes, _ = gt_bboxes.shape
        lt, rb = gt_bboxes.view(-1, 1, 4).chunk(2, 2)
        bbox_deltas = torch.cat((xy_centers[None] - lt, rb - xy_centers[None]), dim=2)
        return bbox_deltas.view(bs, n_boxes, n_anchors, -1).amin(3).gt_(eps)

    @staticmethod
    def select_highest_overlaps(mask_pos, overlaps, n_max_boxes):
        fg_mask = mask_pos.sum(-2)
        if fg_mask.max() > 1:
            mask_multi_gts = (fg_mask.unsqueeze(1) > 1).expand(-1, n_max_boxes, -1)
            max_overlaps_idx = overlaps.argmax(1)
            is_max_overlaps = torch.zeros(mask_pos.shape, dtype=mask_pos.dtype)
            is_max_overlaps.scatter_(1, max_overlaps_idx.unsqueeze(1), 1)
            mask_pos = torch.where(mask_multi_gts, is_max_overlaps, mask_pos).float()
            fg_mask = mask_pos.sum(-2)
        target_gt_idx = mask_pos.argmax(-2)
        return target_gt_idx, fg_mask, mask_pos


class DFLoss(nn.Module):
    def __init__(self, reg_max=8):
        super().__init__()
        self.reg_max = reg_max

    def __call__(self, pred_dist, target):
        target = target.clamp_(0, self.reg_max - 1 - 0.01)
        tl = target.long()
        tr = tl + 1
        wl = tr - target
        wr = 1 - wl
        return (F.cross_entropy(pred_dist, tl.view(-1), reduction="none").view(tl.shape) * wl
                + F.cross_entropy(pred_dist, tr.view(-1), reduction="none").view(tl.shape) * wr
                ).mean(-1, keepdim=True)


class Detect(nn.Module):
    def __init__(self, nc=3, reg_max=8, ch=(8, 8), strides=(8.0, 16.0)):
        super().__init__()
        self.nc, self.reg_max, self.no = nc, reg_max, nc + 4 * reg_max
        self.stride = torch.tensor(strides)
        self.cv2 = nn.ModuleList(nn.Conv2d(c, 4 * reg_max, 1) for c in ch)
        self.cv3 = nn.ModuleList(nn.Conv2d(c, nc, 1) for c in ch)
        self.register_buffer("proj", torch.arange(reg_max, dtype=torch.float))

    def bias_init(self):
        for a, b, s in zip(self.cv2, self.cv3, self.stride):
            a.bias.data[:] = 1.0
            b.bias.data[: self.nc] = math.log(5 / self.nc / (32 / s) ** 2)

    def forward(self, x):
        return [torch.cat((self.cv2[i](x[i]), self.cv3[i](x[i])), 1) for i in range(len(x))]


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), nn.SiLU(),
                                  nn.Conv2d(8, 8, 3, 2, 1), nn.SiLU(),
                                  nn.Conv2d(8, 8, 3, 2, 1), nn.SiLU())
        self.down = nn.Sequential(nn.Conv2d(8, 8, 3, 2, 1), nn.SiLU())

    def forward(self, x):
        p3 = self.stem(x)
        return [p3, self.down(p3)]


backbone, head = Backbone(), Detect()
head.bias_init()
assigner = TaskAlignedAssigner(topk=4, num_classes=3)
dfl = DFLoss(head.reg_max)
bce = nn.BCEWithLogitsLoss(reduction="none")


def bbox_decode(anchor_points, pred_dist, proj):
    b, a, c = pred_dist.shape
    pred_dist = pred_dist.view(b, a, 4, c // 4).softmax(3).matmul(proj.type(pred_dist.dtype))
    return dist2bbox(pred_dist, anchor_points, xywh=False)


def compute_loss(feats, targets, imgsz):
    pred_distri, pred_scores = torch.cat(
        [xi.view(feats[0].shape[0], head.no, -1) for xi in feats], 2).split(
        (head.reg_max * 4, head.nc), 1)
    pred_scores = pred_scores.permute(0, 2, 1).contiguous()
    pred_distri = pred_distri.permute(0, 2, 1).contiguous()
    anchor_points, stride_tensor = make_anchors(feats, head.stride, 0.5)
    bs = pred_scores.shape[0]
    # targets: (image index, class, x, y, w, h) normalised -> padded per image
    counts = targets[:, 0].long().bincount(minlength=bs)
    out = torch.zeros(bs, int(counts.max()), 5)
    for i in range(bs):
        matches = targets[:, 0] == i
        n = int(matches.sum())
        if n:
            out[i, :n] = targets[matches, 1:]
    out[..., 1:5] = xywh2xyxy(out[..., 1:5].mul_(imgsz[[1, 0, 1, 0]]))
    gt_labels, gt_bboxes = out.split((1, 4), 2)
    mask_gt = gt_bboxes.sum(2, keepdim=True).gt_(0.0)
    pred_bboxes = bbox_decode(anchor_points, pred_distri, head.proj)
    _, target_bboxes, target_scores, fg_mask, _ = assigner(
        pred_scores.detach().sigmoid(),
        (pred_bboxes.detach() * stride_tensor).type(gt_bboxes.dtype),
        anchor_points * stride_tensor, gt_labels, gt_bboxes, mask_gt)
    target_scores_sum = max(target_scores.sum(), 1)
    loss_cls = bce(pred_scores, target_scores.to(pred_scores.dtype)).sum() / target_scores_sum
    target_bboxes = target_bboxes / stride_tensor
    weight = target_scores.sum(-1)[fg_mask].unsqueeze(-1)
    iou = bbox_iou(pred_bboxes[fg_mask], target_bboxes[fg_mask], xywh=False, CIoU=True)
    loss_iou = ((1.0 - iou) * weight).sum() / target_scores_sum
    target_ltrb = bbox2dist(anchor_points, target_bboxes, head.reg_max - 1)
    loss_dfl = (dfl(pred_distri[fg_mask].view(-1, head.reg_max), target_ltrb[fg_mask])
                * weight).sum() / target_scores_sum
    return torch.stack([loss_iou * 7.5, loss_cls * 0.5, loss_dfl * 1.5]), int(fg_mask.sum())


images = torch.rand(2, 3, 32, 32)
targets = torch.tensor([[0, 0, 0.30, 0.35, 0.40, 0.45],
                        [0, 2, 0.70, 0.70, 0.30, 0.35],
                        [1, 1, 0.50, 0.50, 0.60, 0.55]])
imgsz = torch.tensor(images.shape[2:], dtype=torch.float64)
anchors, strides = make_anchors(head(backbone(images)), head.stride)
print("anchors", anchors.shape, anchors[[0, 1, 16, 17]].tolist(), strides.unique().tolist())
params = list(backbone.parameters()) + list(head.parameters())
optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.937, nesterov=True)
for step in range(5):
    loss, n_fg = compute_loss(head(backbone(images)), targets, imgsz)
    optimizer.zero_grad()
    (loss.sum() * images.shape[0]).backward()
    torch.nn.utils.clip_grad_norm_(params, max_norm=10.0)
    optimizer.step()
    print(f"step {step} box {loss[0].item():.5f} cls {loss[1].item():.5f} "
          f"dfl {loss[2].item():.5f} fg {n_fg}")


def nms(boxes, scores, iou_thres):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(i)
        if order.numel() == 1:
            break
        ious = bbox_iou(boxes[i].unsqueeze(0), boxes[order[1:]], xywh=False).squeeze(-1)
        order = order[1:][ious <= iou_thres]
    return torch.stack(keep) if keep else torch.zeros(0, dtype=torch.long)


def non_max_suppression(prediction, conf_thres=0.25, iou_thres=0.45, max_det=5, max_wh=7680):
    bs, nc = prediction.shape[0], prediction.shape[1] - 4
    xc = prediction[:, 4:4 + nc].amax(1) > conf_thres
    prediction = prediction.transpose(-1, -2)
    prediction[..., :4] = xywh2xyxy(prediction[..., :4])
    output = [torch.zeros((0, 6))] * bs
    for xi, x in enumerate(prediction):
        x = x[xc[xi]]
        if not x.shape[0]:
            continue
        box, cls = x.split((4, nc), 1)
        conf, j = cls.max(1, keepdim=True)
        x = torch.cat((box, conf, j.float()), 1)[conf.view(-1) > conf_thres]
        c = x[:, 5:6] * max_wh  # offset boxes by class: one NMS call for all classes
        i = nms(x[:, :4] + c, x[:, 4], iou_thres)[:max_det]
        output[xi] = x[i]
    return output


with torch.no_grad():
    feats = head(backbone(images))
    anchors, strides = make_anchors(feats, head.stride)
    box, cls = torch.cat([xi.view(2, head.no, -1) for xi in feats], 2).split(
        (head.reg_max * 4, head.nc), 1)
    dbox = dist2bbox(box.view(2, 4, head.reg_max, -1).transpose(2, 1).softmax(1).transpose(2, 1)
                     .mul(head.proj.view(1, 1, -1, 1)).sum(2), anchors.unsqueeze(0).transpose(1, 2),
                     xywh=True, dim=1) * strides.transpose(0, 1)
    preds = torch.cat((dbox, cls.sigmoid()), 1)
    for i, det in enumerate(non_max_suppression(preds, conf_thres=0.05)):
        print(f"image {i}: {det.shape[0]} detections")
        for row in det.tolist():
            print("  " + " ".join(f"{v:7.3f}" for v in row))
