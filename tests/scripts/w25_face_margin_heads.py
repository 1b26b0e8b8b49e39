import torch

# A face-recognition repository (insightface / arcface-pytorch shapes, written anew): an
# embedding network ending in BatchNorm1d(affine=False) features, margin heads that
# F.normalize both features and class centres and F.linear them into cosines (ArcFace with
# easy_margin and the th/mm fallback, CosFace, SphereFace-style cos(m*theta) through
# torch.acos and a piecewise k), the one-hot by scatter_(1, label.view(-1, 1).long(), 1), the
# logits scaled by s, CenterLoss with its centres as an nn.Parameter and distmat built with
# addmm_(x, c.t(), beta=1, alpha=-2), a PK batch of classes, SGD with separate groups for the
# backbone and the head, verification pairs scored by cosine similarity, the best threshold
# searched over np.arange, TAR at a fixed FAR from sorted impostor scores, and a 10-fold
# accuracy with KFold written by hand.
import math

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import Parameter

torch.manual_seed(0)
np.random.seed(0)
NUM_IDS, FEAT, EMB = 6, 12, 8


class ArcMarginProduct(nn.Module):
    def __init__(self, in_features, out_features, s=16.0, m=0.30, easy_margin=False):
        super().__init__()
        self.s, self.m = s, m
        self.weight = Parameter(torch.FloatTensor(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)
        self.easy_margin = easy_margin
        self.cos_m, self.sin_m = math.cos(m), math.sin(m)
        self.th = math.cos(math.pi - m)
        self.mm = math.sin(math.pi - m) * m

    def forward(self, input, label):
        cosine = F.linear(F.normalize(input), F.normalize(self.weight))
        sine = torch.sqrt((1.0 - torch.pow(cosine, 2)).clamp(0, 1))
        phi = cosine * self.cos_m - sine * self.sin_m
        if self.easy_margin:
            phi = torch.where(cosine > 0, phi, cosine)
        else:
            phi = torch.where(cosine > self.th, phi, cosine - self.mm)
        one_hot = torch.zeros(cosine.size(), device=input.device)
        one_hot.scatter_(1, label.view(-1, 1).long(), 1)
        output = (one_hot * phi) + ((1.0 - one_hot) * cosine)
        return output * self.s


class AddMarginProduct(nn.Module):
    def __init__(self, in_features, out_features, s=16.0, m=0.35):
        super().__init__()
        self.s, self.m = s, m
        self.weight = Parameter(torch.empty(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, input, label):
        cosine = F.linear(F.normalize(input, p=2, dim=1), F.normalize(self.weight, dim=-1))
        one_hot = F.one_hot(label, num_classes=cosine.size(1)).to(cosine.dtype)
        return self.s * (cosine - one_hot * self.m)

    def __repr__(self):
        return (self.__class__.__name__ + "(in_features=" + str(self.weight.shape[1])
                + ", out_features=" + str(self.weight.shape[0]) + ", s=" + str(self.s)
                + ", m=" + str(self.m) + ")")


class SphereProduct(nn.Module):
    def __init__(self, in_features, out_features, m=2):
        super().__init__()
        self.m = m
        self.weight = Parameter(torch.FloatTensor(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)
        self.mlambda = [lambda x: x ** 0, lambda x: x ** 1, lambda x: 2 * x ** 2 - 1]

    def forward(self, input, label):
        cos_theta = F.linear(F.normalize(input), F.normalize(self.weight)).clamp(-1, 1)
        cos_m_theta = self.mlambda[self.m](cos_theta)
        theta = cos_theta.data.acos()
        k = (self.m * theta / 3.14159265).floor()
        phi_theta = ((-1.0) ** k) * cos_m_theta - 2 * k
        norm = torch.norm(input, 2, 1)
        one_hot = torch.zeros_like(cos_theta).scatter_(1, label.view(-1, 1), 1.0)
        output = one_hot * (phi_theta - cos_theta) / (1 + 5.0) + cos_theta
        return output * norm.view(-1, 1), k


class CenterLoss(nn.Module):
    def __init__(self, num_classes, feat_dim):
        super().__init__()
        self.num_classes = num_classes
        self.centers = nn.Parameter(torch.randn(num_classes, feat_dim))

    def forward(self, x, labels):
        batch_size = x.size(0)
        distmat = torch.pow(x, 2).sum(dim=1, keepdim=True).expand(batch_size, self.num_classes) + \
            torch.pow(self.centers, 2).sum(dim=1, keepdim=True).expand(
                self.num_classes, batch_size).t()
        distmat.addmm_(x, self.centers.t(), beta=1, alpha=-2)
        classes = torch.arange(self.num_classes).long()
        labels = labels.unsqueeze(1).expand(batch_size, self.num_classes)
        mask = labels.eq(classes.expand(batch_size, self.num_classes))
        dist = distmat * mask.float()
        return dist.clamp(min=1e-12, max=1e+12).sum() / batch_size


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(FEAT, 16), nn.PReLU(16), nn.Linear(16, EMB))
        self.features = nn.BatchNorm1d(EMB, eps=1e-05, affine=False)

    def forward(self, x):
        return self.features(self.body(x))


# identities: a random centre per id, faces as noisy copies
centres = torch.randn(NUM_IDS, FEAT) * 2
labels_all = torch.arange(NUM_IDS).repeat_interleave(8)
faces = centres[labels_all] + 0.7 * torch.randn(len(labels_all), FEAT)
print(faces.shape, labels_all[:10].tolist())

heads = {"arc": ArcMarginProduct(EMB, NUM_IDS, easy_margin=False),
         "arc_easy": ArcMarginProduct(EMB, NUM_IDS, easy_margin=True),
         "cos": AddMarginProduct(EMB, NUM_IDS)}
print(heads["cos"], heads["arc"].th.__round__(6), round(heads["arc"].mm, 6))
probe = torch.randn(4, EMB)
probe_labels = torch.tensor([0, 1, 2, 3])
for name, head in heads.items():
    out = head(probe, probe_labels)
    print(name, out.shape, [round(v, 4) for v in out[0].tolist()])
sphere = SphereProduct(EMB, NUM_IDS, m=2)
sphere_out, k = sphere(probe, probe_labels)
print("sphere", k.unique().tolist(), round(sphere_out.sum().item(), 4))

for head_name in ("arc", "cos"):
    torch.manual_seed(1)
    backbone = Backbone()
    head = ArcMarginProduct(EMB, NUM_IDS) if head_name == "arc" else AddMarginProduct(EMB, NUM_IDS)
    center_loss = CenterLoss(NUM_IDS, EMB)
    optimizer = torch.optim.SGD([{"params": backbone.parameters(), "weight_decay": 5e-4},
                                 {"params": head.parameters()}], lr=0.1, momentum=0.9)
    optimizer_center = torch.optim.SGD(center_loss.parameters(), lr=0.5)
    criterion = nn.CrossEntropyLoss()
    for step in range(8):
        # a PK batch: 3 identities x 4 faces
        ids = torch.randperm(NUM_IDS)[:3]
        pick = torch.cat([torch.nonzero(labels_all == i, as_tuple=True)[0][torch.randperm(8)[:4]]
                          for i in ids])
        x, y = faces[pick], labels_all[pick]
        emb = backbone(x)
        logits = head(emb, y)
        loss_ce = criterion(logits, y)
        loss_c = center_loss(emb, y)
        loss = loss_ce + 0.01 * loss_c
        optimizer.zero_grad()
        optimizer_center.zero_grad()
        loss.backward()
        optimizer.step()
        for param in center_loss.parameters():
            param.grad.data *= (1.0 / 0.01)
        optimizer_center.step()
        acc = (logits.argmax(1) == y).float().mean()
        if step % 2 == 1:
            print(f"{head_name} step {step} ce {loss_ce.item():.4f} center {loss_c.item():.4f} "
                  f"acc {acc.item():.3f}")

    # verification: every pair of faces, same-id pairs as positives
    backbone.eval()
    with torch.no_grad():
        emb = F.normalize(backbone(faces))
    sims = emb @ emb.T
    iu = torch.triu_indices(len(faces), len(faces), offset=1)
    scores = sims[iu[0], iu[1]].numpy()
    issame = (labels_all[iu[0]] == labels_all[iu[1]]).numpy()
    thresholds = np.arange(-1, 1, 0.05)
    accs = np.array([((scores > t) == issame).mean() for t in thresholds])
    best = int(np.argmax(accs))
    print(f"{head_name} pairs {len(scores)} positives {int(issame.sum())} best thr "
          f"{thresholds[best]:.2f} acc {accs[best]:.4f}")
    impostor = np.sort(scores[~issame])[::-1]
    far = 1e-2
    thr_far = impostor[int(far * len(impostor))]
    tar = (scores[issame] > thr_far).mean()
    print(f"{head_name} TAR@FAR={far}: {tar:.4f} at {thr_far:.4f}")
    folds = np.array_split(np.arange(len(scores)), 10)
    fold_accs = []
    for k in range(10):
        test = folds[k]
        train = np.concatenate([folds[j] for j in range(10) if j != k])
        t_best = thresholds[np.argmax([((scores[train] > t) == issame[train]).mean()
                                       for t in thresholds])]
        fold_accs.append(((scores[test] > t_best) == issame[test]).mean())
    print(f"{head_name} 10-fold {np.mean(fold_accs):.4f} +- {np.std(fold_accs):.4f}")
    dist = torch.cdist(emb, emb).pow(2)
    print(f"{head_name} squared distance = 2 - 2cos:",
          torch.allclose(dist, (2 - 2 * sims).clamp_min(0), atol=1e-5))
