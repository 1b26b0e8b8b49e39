import torch
# Metric-learning heads and episodes as the face-recognition, few-shot and supervised
# contrastive repositories write them: ArcFace (additive angular margin: cos(theta + m) from
# sqrt(1 - cos^2) with clamp, the th/mm fallback when theta + m passes pi, easy_margin, a
# one-hot built with scatter_ and the scale s), CosFace (additive cosine margin) and
# SphereFace-style acos margins; batch-hard triplet mining over a pairwise torch.cdist matrix
# (hardest positive by masked max, hardest negative by masked min through masked_fill) and
# nn.TripletMarginWithDistanceLoss with a cosine distance; a center loss as a custom
# autograd.Function that updates the centers in its own backward (index_add_ and bincount);
# prototypical networks on N-way K-shot episodes (prototypes as support means, negative
# squared Euclidean logits); and the SupCon loss with a logits mask built from
# torch.scatter on eye. Prints losses, margins, mined indices and gradient norms.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class ArcMarginProduct(nn.Module):
    def __init__(self, in_features, out_features, s=16.0, m=0.5, easy_margin=False):
        super().__init__()
        self.s, self.m, self.easy_margin = s, m, easy_margin
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)
        self.cos_m, self.sin_m = math.cos(m), math.sin(m)
        self.th = math.cos(math.pi - m)
        self.mm = math.sin(math.pi - m) * m

    def forward(self, x, label):
        cosine = F.linear(F.normalize(x), F.normalize(self.weight))
        sine = torch.sqrt((1.0 - torch.pow(cosine, 2)).clamp(0, 1))
        phi = cosine * self.cos_m - sine * self.sin_m
        if self.easy_margin:
            phi = torch.where(cosine > 0, phi, cosine)
        else:
            phi = torch.where(cosine > self.th, phi, cosine - self.mm)
        one_hot = torch.zeros(cosine.size())
        one_hot.scatter_(1, label.view(-1, 1).long(), 1)
        output = (one_hot * phi) + ((1.0 - one_hot) * cosine)
        return output * self.s, cosine


class AddMarginProduct(nn.Module):
    def __init__(self, in_features, out_features, s=16.0, m=0.35):
        super().__init__()
        self.s, self.m = s, m
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, label):
        cosine = F.linear(F.normalize(x), F.normalize(self.weight))
        one_hot = F.one_hot(label, cosine.shape[1]).to(cosine.dtype)
        return self.s * (cosine - one_hot * self.m), cosine


def angular_margin(x, w, label, m=2):
    cos = F.linear(F.normalize(x), F.normalize(w)).clamp(-1 + 1e-7, 1 - 1e-7)
    theta = torch.acos(cos)
    target = torch.cos(m * theta.gather(1, label[:, None]))
    return x.norm(dim=1, keepdim=True) * cos.scatter(1, label[:, None], target)


class CenterLossFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, feats, labels, centers, alpha):
        ctx.save_for_backward(feats, labels, centers)
        ctx.alpha = alpha
        return (feats - centers.index_select(0, labels)).pow(2).sum() / 2.0 / feats.shape[0]

    @staticmethod
    def backward(ctx, grad_output):
        feats, labels, centers = ctx.saved_tensors
        diff = centers.index_select(0, labels) - feats
        counts = torch.bincount(labels, minlength=centers.shape[0]).to(feats.dtype)
        delta = torch.zeros_like(centers).index_add_(0, labels, diff)
        delta = delta / (1.0 + counts).unsqueeze(1)
        centers.sub_(ctx.alpha * delta)
        return -grad_output * diff / feats.shape[0], None, None, None


def batch_hard_triplet(emb, labels, margin=0.3):
    dist = torch.cdist(emb, emb)
    same = labels.unsqueeze(0) == labels.unsqueeze(1)
    eye = torch.eye(len(labels), dtype=torch.bool)
    hardest_pos, pos_idx = dist.masked_fill(~same | eye, float("-inf")).max(dim=1)
    hardest_neg, neg_idx = dist.masked_fill(same, float("inf")).min(dim=1)
    return F.relu(hardest_pos - hardest_neg + margin).mean(), pos_idx, neg_idx


def supcon_loss(features, labels, temperature=0.1):
    n = features.shape[0]
    mask = torch.eq(labels.view(-1, 1), labels.view(1, -1)).double()
    anchor_dot_contrast = torch.div(features @ features.T, temperature)
    logits_max, _ = torch.max(anchor_dot_contrast, dim=1, keepdim=True)
    logits = anchor_dot_contrast - logits_max.detach()
    logits_mask = torch.scatter(torch.ones_like(mask), 1, torch.arange(n).view(-1, 1), 0)
    mask = mask * logits_mask
    exp_logits = torch.exp(logits) * logits_mask
    log_prob = logits - torch.log(exp_logits.sum(1, keepdim=True))
    mask_pos_pairs = mask.sum(1)
    mask_pos_pairs = torch.where(mask_pos_pairs < 1e-6, 1, mask_pos_pairs)
    mean_log_prob_pos = (mask * log_prob).sum(1) / mask_pos_pairs
    return -mean_log_prob_pos.mean()


n_cls, d_in, d_emb = 4, 10, 6
proto_means = torch.randn(n_cls, d_in) * 2
labels = torch.arange(24) % n_cls
data = proto_means[labels] + torch.randn(24, d_in)
backbone = nn.Sequential(nn.Linear(d_in, 16), nn.PReLU(), nn.Linear(16, d_emb))

print("== margin heads")
for name, head in [("arcface", ArcMarginProduct(d_emb, n_cls)),
                   ("arcface-easy", ArcMarginProduct(d_emb, n_cls, easy_margin=True)),
                   ("cosface", AddMarginProduct(d_emb, n_cls))]:
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(d_in, 16), nn.PReLU(), nn.Linear(16, d_emb))
    opt = torch.optim.SGD(list(net.parameters()) + list(head.parameters()), lr=0.05, momentum=0.9)
    for step in range(3):
        logits, cos = head(net(data), labels)
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
    acc = (cos.argmax(1) == labels).double().mean().item()
    print(f"{name:12s} loss {loss.item():.6f} acc {acc:.4f} "
          f"target cos {cos.gather(1, labels[:, None]).mean().item():.6f} "
          f"|g_w| {head.weight.grad.norm().item():.6f} prelu {net[1].weight.item():.6f}")
w = torch.randn(n_cls, d_emb, requires_grad=True)
feat = torch.randn(8, d_emb, requires_grad=True)
out = angular_margin(feat, w, labels[:8])
out.sum().backward()
print("A-softmax logits", tuple(out.shape), f"|g_x| {feat.grad.norm().item():.6f} "
      f"|g_w| {w.grad.norm().item():.6f}")
cos_edge = torch.tensor([[1.0, -1.0, 0.0, 0.5]], requires_grad=True)
sine = torch.sqrt((1.0 - cos_edge.pow(2)).clamp(0, 1))
sine.sum().backward()
print("sqrt at cos=+-1 grad:", cos_edge.grad)

print("== batch-hard triplet + center loss")
torch.manual_seed(2)
centers = torch.zeros(n_cls, d_emb)
opt = torch.optim.Adam(backbone.parameters(), lr=0.01)
cos_triplet = nn.TripletMarginWithDistanceLoss(
    distance_function=lambda a, b: 1.0 - F.cosine_similarity(a, b), margin=0.2)
for step in range(4):
    emb = backbone(data)
    tri, pos_idx, neg_idx = batch_hard_triplet(emb, labels)
    center = CenterLossFunction.apply(emb, labels, centers, 0.5)
    ctri = cos_triplet(emb, emb[pos_idx], emb[neg_idx])
    loss = tri + 0.1 * center + ctri
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} triplet {tri.item():.6f} center {center.item():.6f} cos-triplet "
          f"{ctri.item():.6f} pos {pos_idx[:4].tolist()} neg {neg_idx[:4].tolist()} "
          f"|centers| {centers.norm().item():.6f}")
print("center loss grad_fn:", type(center.grad_fn).__name__)

print("== prototypical episodes")
torch.manual_seed(3)
encoder = nn.Sequential(nn.Linear(d_in, 16), nn.ReLU(), nn.Linear(16, d_emb))
opt = torch.optim.Adam(encoder.parameters(), lr=0.01)
gen = torch.Generator().manual_seed(9)
for episode in range(4):
    n_way, k_shot, n_query = 3, 2, 3
    classes = torch.randperm(n_cls, generator=gen)[:n_way]
    x = proto_means[classes].repeat_interleave(k_shot + n_query, 0) \
        + torch.randn(n_way * (k_shot + n_query), d_in, generator=gen)
    z = encoder(x).view(n_way, k_shot + n_query, d_emb)
    protos = z[:, :k_shot].mean(1)
    queries = z[:, k_shot:].reshape(-1, d_emb)
    logits = -torch.cdist(queries, protos).pow(2)
    target = torch.arange(n_way).repeat_interleave(n_query)
    log_p = F.log_softmax(logits, dim=1)
    loss = F.nll_loss(log_p, target)
    acc = (log_p.argmax(1) == target).double().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"episode {episode} classes {classes.tolist()} loss {loss.item():.6f} "
          f"acc {acc.item():.4f} |g| {encoder[0].weight.grad.norm().item():.6f}")

print("== SupCon")
torch.manual_seed(4)
proj = nn.Sequential(nn.Linear(d_in, 16), nn.ReLU(), nn.Linear(16, d_emb))
opt = torch.optim.SGD(proj.parameters(), lr=0.1)
for step in range(3):
    views = torch.cat([data + 0.1 * torch.randn(24, d_in, generator=gen),
                       data + 0.1 * torch.randn(24, d_in, generator=gen)])
    feats = F.normalize(proj(views), dim=1)
    loss = supcon_loss(feats, torch.cat([labels, labels]))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step} supcon {loss.item():.6f} |g| {proj[2].weight.grad.norm().item():.6f}")
