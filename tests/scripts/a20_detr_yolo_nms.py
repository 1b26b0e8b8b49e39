import torch

# Detection pieces as DETR and YOLO repositories write them: box conversions, generalized IoU,
# Hungarian matching with scipy.optimize.linear_sum_assignment on a cost built from
# torch.cdist and softmax class probabilities, sigmoid focal loss, YOLO grid decoding with
# meshgrid(indexing="ij") and anchors, class-aware NMS written by hand (and batched by the
# coordinate-offset trick), mAP-style precision/recall with cumsum.
import torch.nn as nn
import torch.nn.functional as F
from scipy.optimize import linear_sum_assignment

torch.manual_seed(0)


def box_cxcywh_to_xyxy(x):
    x_c, y_c, w, h = x.unbind(-1)
    return torch.stack([x_c - 0.5 * w, y_c - 0.5 * h, x_c + 0.5 * w, y_c + 0.5 * h], dim=-1)


def box_xyxy_to_cxcywh(x):
    x0, y0, x1, y1 = x.unbind(-1)
    return torch.stack([(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0], dim=-1)


def box_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def box_iou(boxes1, boxes2):
    area1, area2 = box_area(boxes1), box_area(boxes2)
    lt = torch.max(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.min(boxes1[:, None, 2:], boxes2[:, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[:, :, 0] * wh[:, :, 1]
    union = area1[:, None] + area2 - inter
    return inter / union, union


def generalized_box_iou(boxes1, boxes2):
    assert (boxes1[:, 2:] >= boxes1[:, :2]).all()
    assert (boxes2[:, 2:] >= boxes2[:, :2]).all()
    iou, union = box_iou(boxes1, boxes2)
    lt = torch.min(boxes1[:, None, :2], boxes2[:, :2])
    rb = torch.max(boxes1[:, None, 2:], boxes2[:, 2:])
    wh = (rb - lt).clamp(min=0)
    area = wh[:, :, 0] * wh[:, :, 1]
    return iou - (area - union) / area


def sigmoid_focal_loss(inputs, targets, num_boxes, alpha=0.25, gamma=2):
    prob = inputs.sigmoid()
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = prob * targets + (1 - prob) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss.mean(1).sum() / num_boxes


class HungarianMatcher(nn.Module):
    def __init__(self, cost_class=1, cost_bbox=5, cost_giou=2):
        super().__init__()
        self.cost_class, self.cost_bbox, self.cost_giou = cost_class, cost_bbox, cost_giou

    @torch.no_grad()
    def forward(self, outputs, targets):
        bs, num_queries = outputs["pred_logits"].shape[:2]
        out_prob = outputs["pred_logits"].flatten(0, 1).softmax(-1)
        out_bbox = outputs["pred_boxes"].flatten(0, 1)
        tgt_ids = torch.cat([v["labels"] for v in targets])
        tgt_bbox = torch.cat([v["boxes"] for v in targets])
        cost_class = -out_prob[:, tgt_ids]
        cost_bbox = torch.cdist(out_bbox, tgt_bbox, p=1)
        cost_giou = -generalized_box_iou(box_cxcywh_to_xyxy(out_bbox),
                                         box_cxcywh_to_xyxy(tgt_bbox))
        C = self.cost_bbox * cost_bbox + self.cost_class * cost_class + \
            self.cost_giou * cost_giou
        C = C.view(bs, num_queries, -1).cpu()
        sizes = [len(v["boxes"]) for v in targets]
        indices = [linear_sum_assignment(c[i]) for i, c in enumerate(C.split(sizes, -1))]
        return [(torch.as_tensor(i, dtype=torch.int64), torch.as_tensor(j, dtype=torch.int64))
                for i, j in indices]


num_classes, num_queries = 4, 7
head_cls = nn.Linear(16, num_classes + 1)
head_box = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 4))
queries = torch.randn(2, num_queries, 16)
targets = [{"labels": torch.tensor([1, 3]), "boxes": torch.tensor([[0.3, 0.4, 0.2, 0.3],
                                                                    [0.7, 0.6, 0.3, 0.2]])},
           {"labels": torch.tensor([0, 0, 2]),
            "boxes": torch.tensor([[0.5, 0.5, 0.4, 0.4], [0.2, 0.8, 0.1, 0.1],
                                   [0.8, 0.2, 0.2, 0.3]])}]
matcher = HungarianMatcher()
empty_weight = torch.ones(num_classes + 1)
empty_weight[-1] = 0.1
opt = torch.optim.AdamW([*head_cls.parameters(), *head_box.parameters()], lr=1e-2,
                        weight_decay=1e-4)
for step in range(5):
    outputs = {"pred_logits": head_cls(queries), "pred_boxes": head_box(queries).sigmoid()}
    indices = matcher(outputs, targets)
    if step in (0, 4):
        print("indices", [(i.tolist(), j.tolist()) for i, j in indices])
    batch_idx = torch.cat([torch.full_like(src, i) for i, (src, _) in enumerate(indices)])
    src_idx = torch.cat([src for (src, _) in indices])
    target_classes_o = torch.cat([t["labels"][J] for t, (_, J) in zip(targets, indices)])
    target_classes = torch.full(outputs["pred_logits"].shape[:2], num_classes,
                                dtype=torch.int64)
    target_classes[batch_idx, src_idx] = target_classes_o
    loss_ce = F.cross_entropy(outputs["pred_logits"].transpose(1, 2), target_classes,
                              empty_weight)
    src_boxes = outputs["pred_boxes"][batch_idx, src_idx]
    target_boxes = torch.cat([t["boxes"][i] for t, (_, i) in zip(targets, indices)], dim=0)
    num_boxes = float(target_boxes.shape[0])
    loss_bbox = F.l1_loss(src_boxes, target_boxes, reduction="none").sum() / num_boxes
    loss_giou = (1 - torch.diag(generalized_box_iou(box_cxcywh_to_xyxy(src_boxes),
                                                    box_cxcywh_to_xyxy(target_boxes)))).sum()
    loss_giou = loss_giou / num_boxes
    onehot = F.one_hot(target_classes, num_classes + 1)[..., :-1].float()
    loss_focal = sigmoid_focal_loss(outputs["pred_logits"][..., :-1], onehot, num_boxes)
    loss = loss_ce + 5 * loss_bbox + 2 * loss_giou + loss_focal
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} ce {loss_ce.item():.4f} l1 {loss_bbox.item():.4f} "
          f"giou {loss_giou.item():.4f} focal {loss_focal.item():.4f}")

b = torch.tensor([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0], [5.0, 5.0, 6.0, 7.0]])
print("giou", generalized_box_iou(b, b))
print("cxcywh", box_xyxy_to_cxcywh(b))
print("cdist p=1", torch.cdist(b, b[:2], p=1))
print("cdist p=2", torch.cdist(b, b[:2]))

# YOLO-style decoding of a (B, A, H, W, 5 + C) head
A, H, W, C = 3, 4, 5, 2
anchors = torch.tensor([[10.0, 13.0], [16.0, 30.0], [33.0, 23.0]])
stride = 8
pred = torch.randn(1, A, H, W, 5 + C)
yv, xv = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
grid = torch.stack((xv, yv), 2).view(1, 1, H, W, 2).float()
print("grid", grid.shape, grid[0, 0, 1, :3])
xy = (pred[..., :2].sigmoid() * 2 - 0.5 + grid) * stride
wh = (pred[..., 2:4].sigmoid() * 2) ** 2 * anchors.view(1, A, 1, 1, 2)
conf = pred[..., 4:5].sigmoid()
cls = pred[..., 5:].sigmoid()
boxes = torch.cat([xy, wh], -1).view(-1, 4)
scores, labels = (conf * cls).view(-1, C).max(1)
keep = scores > 0.3
boxes, scores, labels = box_cxcywh_to_xyxy(boxes[keep]), scores[keep], labels[keep]
print("candidates", boxes.shape[0], scores[:4], labels[:8])


def nms(boxes, scores, iou_threshold):
    order = scores.argsort(descending=True)
    keep = []
    while order.numel() > 0:
        i = order[0]
        keep.append(i.item())
        if order.numel() == 1:
            break
        iou = box_iou(boxes[i].unsqueeze(0), boxes[order[1:]])[0].squeeze(0)
        order = order[1:][iou <= iou_threshold]
    return torch.tensor(keep, dtype=torch.long)


max_wh = 4096
offsets = labels[:, None].float() * max_wh
kept = nms(boxes + offsets, scores, 0.45)
print("kept", kept.tolist())
print("kept boxes", boxes[kept][:3].round(decimals=2))
print("per class", {c: (labels[kept] == c).sum().item() for c in range(C)})

# precision / recall curve as mAP code computes it
tp = torch.tensor([1, 0, 1, 1, 0, 0, 1, 0], dtype=torch.float32)
conf = torch.tensor([0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3])
i = torch.argsort(-conf)
tpc = tp[i].cumsum(0)
fpc = (1 - tp[i]).cumsum(0)
recall = tpc / (4 + 1e-16)
precision = tpc / (tpc + fpc)
mpre = torch.cat([torch.tensor([1.0]), precision, torch.tensor([0.0])])
mrec = torch.cat([torch.tensor([0.0]), recall, torch.tensor([1.0])])
mpre = torch.flip(torch.cummax(torch.flip(mpre, [0]), 0).values, [0])
x = torch.linspace(0, 1, 101)
ap = torch.trapezoid(torch.from_numpy(__import__("numpy").interp(x.numpy(), mrec.numpy(),
                                                                  mpre.numpy())), x.double())
print("precision", precision, "recall", recall)
print("AP", round(ap.item(), 5))
