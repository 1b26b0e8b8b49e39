import torch

# A person re-identification repository (reid-strong-baseline / fast-reid shapes, written
# anew): a yacs-like config as a nested dict with attribute access, a RandomIdentitySampler
# (P identities x K instances, defaultdict(list) of indices, copy.deepcopy and
# np.random.choice with replace=True for short identities), a backbone with a BNNeck (a
# BatchNorm1d whose bias is frozen with requires_grad_(False)) and weights_init_kaiming /
# weights_init_classifier applied by apply(), CrossEntropyLabelSmooth written with
# log_softmax and scatter_, the batch-hard TripletLoss on euclidean_dist built with the
# deprecated scalars-first dist_mat.addmm_(1, -2, x, y.t()), hard positives/negatives through
# torch.max/torch.min over masked rows and nn.MarginRankingLoss, the soft-margin variant
# through nn.SoftMarginLoss, a warmup multi-step scheduler as a _LRScheduler subclass
# (bisect_right over milestones), the center loss group, evaluation as query/gallery with the
# same-camera same-id matches removed, CMC via np.cumsum and mAP from precision at each hit,
# and features flipped and averaged at test time (torch.flip on the width dimension).
import copy
import random
from bisect import bisect_right
from collections import defaultdict

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset
from torch.utils.data.sampler import Sampler


class CfgNode(dict):
    def __getattr__(self, name):
        value = self[name]
        return CfgNode(value) if isinstance(value, dict) else value


cfg = CfgNode({"DATALOADER": {"NUM_INSTANCE": 4}, "SOLVER": {
    "IMS_PER_BATCH": 16, "BASE_LR": 3.5e-3, "MARGIN": 0.3, "STEPS": (6, 9), "GAMMA": 0.1,
    "WARMUP_FACTOR": 0.1, "WARMUP_ITERS": 3, "WARMUP_METHOD": "linear", "MAX_EPOCHS": 10},
    "MODEL": {"NECK": "bnneck", "IF_LABELSMOOTH": "on", "FEAT": 16}})
random.seed(0)
np.random.seed(0)
torch.manual_seed(0)
NUM_IDS = 8


class ReIDDataset(Dataset):
    """(image, pid, camid): each identity is a colour-striped 3 x 16 x 8 'person' in 2 cameras."""

    def __init__(self, pids, per_id, seed):
        g = torch.Generator().manual_seed(seed)
        base = torch.rand(NUM_IDS, 3, 4, 1, generator=g).repeat_interleave(4, dim=2)
        self.items = []
        for pid in pids:
            for k in range(per_id):
                img = base[pid].expand(3, 16, 8) + 0.15 * torch.randn(3, 16, 8, generator=g)
                self.items.append((img, pid, k % 2))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


class RandomIdentitySampler(Sampler):
    def __init__(self, data_source, batch_size, num_instances):
        self.data_source = data_source
        self.batch_size = batch_size
        self.num_instances = num_instances
        self.num_pids_per_batch = self.batch_size // self.num_instances
        self.index_dic = defaultdict(list)
        for index, (_, pid, _) in enumerate(self.data_source.items):
            self.index_dic[pid].append(index)
        self.pids = list(self.index_dic.keys())
        self.length = 0
        for pid in self.pids:
            num = len(self.index_dic[pid])
            num = max(num, self.num_instances)
            self.length += num - num % self.num_instances

    def __iter__(self):
        batch_idxs_dict = defaultdict(list)
        for pid in self.pids:
            idxs = copy.deepcopy(self.index_dic[pid])
            if len(idxs) < self.num_instances:
                idxs = np.random.choice(idxs, size=self.num_instances, replace=True)
            random.shuffle(idxs)
            batch_idxs = []
            for idx in idxs:
                batch_idxs.append(int(idx))
                if len(batch_idxs) == self.num_instances:
                    batch_idxs_dict[pid].append(batch_idxs)
                    batch_idxs = []
        avai_pids = copy.deepcopy(self.pids)
        final_idxs = []
        while len(avai_pids) >= self.num_pids_per_batch:
            selected_pids = random.sample(avai_pids, self.num_pids_per_batch)
            for pid in selected_pids:
                batch_idxs = batch_idxs_dict[pid].pop(0)
                final_idxs.extend(batch_idxs)
                if len(batch_idxs_dict[pid]) == 0:
                    avai_pids.remove(pid)
        self.length = len(final_idxs)
        return iter(final_idxs)

    def __len__(self):
        return self.length


def weights_init_kaiming(m):
    classname = m.__class__.__name__
    if classname.find("Linear") != -1:
        nn.init.kaiming_normal_(m.weight, a=0, mode="fan_out")
        nn.init.constant_(m.bias, 0.0)
    elif classname.find("Conv") != -1:
        nn.init.kaiming_normal_(m.weight, a=0, mode="fan_in")
        if m.bias is not None:
            nn.init.constant_(m.bias, 0.0)
    elif classname.find("BatchNorm") != -1:
        if m.affine:
            nn.init.constant_(m.weight, 1.0)
            nn.init.constant_(m.bias, 0.0)


def weights_init_classifier(m):
    if m.__class__.__name__.find("Linear") != -1:
        nn.init.normal_(m.weight, std=0.001)
        if m.bias is not None:
            nn.init.constant_(m.bias, 0.0)


class Baseline(nn.Module):
    def __init__(self, num_classes, feat):
        super().__init__()
        self.base = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8),
                                  nn.ReLU(inplace=True), nn.MaxPool2d(2),
                                  nn.Conv2d(8, feat, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(feat), nn.ReLU(inplace=True))
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.bottleneck = nn.BatchNorm1d(feat)
        self.bottleneck.bias.requires_grad_(False)
        self.classifier = nn.Linear(feat, num_classes, bias=False)
        self.base.apply(weights_init_kaiming)
        self.bottleneck.apply(weights_init_kaiming)
        self.classifier.apply(weights_init_classifier)

    def forward(self, x):
        global_feat = self.gap(self.base(x))
        global_feat = global_feat.view(global_feat.shape[0], -1)
        feat = self.bottleneck(global_feat)
        if self.training:
            return self.classifier(feat), global_feat
        return feat


def euclidean_dist(x, y):
    m, n = x.size(0), y.size(0)
    xx = torch.pow(x, 2).sum(1, keepdim=True).expand(m, n)
    yy = torch.pow(y, 2).sum(1, keepdim=True).expand(n, m).t()
    dist = xx + yy
    dist.addmm_(1, -2, x, y.t())  # the deprecated beta, alpha-first order the repos keep
    return dist.clamp(min=1e-12).sqrt()


def hard_example_mining(dist_mat, labels):
    N = dist_mat.size(0)
    is_pos = labels.expand(N, N).eq(labels.expand(N, N).t())
    is_neg = labels.expand(N, N).ne(labels.expand(N, N).t())
    dist_ap, relative_p_inds = torch.max(dist_mat[is_pos].contiguous().view(N, -1), 1,
                                         keepdim=True)
    dist_an, relative_n_inds = torch.min(dist_mat[is_neg].contiguous().view(N, -1), 1,
                                         keepdim=True)
    return dist_ap.squeeze(1), dist_an.squeeze(1)


class TripletLoss:
    def __init__(self, margin=None):
        self.margin = margin
        self.ranking_loss = nn.MarginRankingLoss(margin=margin) if margin is not None \
            else nn.SoftMarginLoss()

    def __call__(self, global_feat, labels, normalize_feature=False):
        if normalize_feature:
            global_feat = F.normalize(global_feat, p=2, dim=-1)
        dist_mat = euclidean_dist(global_feat, global_feat)
        dist_ap, dist_an = hard_example_mining(dist_mat, labels)
        y = dist_an.new().resize_as_(dist_an).fill_(1)
        if self.margin is not None:
            loss = self.ranking_loss(dist_an, dist_ap, y)
        else:
            loss = self.ranking_loss(dist_an - dist_ap, y)
        return loss, dist_ap, dist_an


class CrossEntropyLabelSmooth(nn.Module):
    def __init__(self, num_classes, epsilon=0.1):
        super().__init__()
        self.num_classes, self.epsilon = num_classes, epsilon
        self.logsoftmax = nn.LogSoftmax(dim=1)

    def forward(self, inputs, targets):
        log_probs = self.logsoftmax(inputs)
        targets = torch.zeros(log_probs.size()).scatter_(1, targets.unsqueeze(1).data.cpu(), 1)
        targets = (1 - self.epsilon) * targets + self.epsilon / self.num_classes
        return (- targets * log_probs).mean(0).sum()


class WarmupMultiStepLR(torch.optim.lr_scheduler.LRScheduler):
    def __init__(self, optimizer, milestones, gamma=0.1, warmup_factor=1.0 / 3, warmup_iters=500,
                 warmup_method="linear", last_epoch=-1):
        if not list(milestones) == sorted(milestones):
            raise ValueError("Milestones should be a list of increasing integers. Got {}",
                             milestones)
        self.milestones, self.gamma = milestones, gamma
        self.warmup_factor, self.warmup_iters = warmup_factor, warmup_iters
        self.warmup_method = warmup_method
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        warmup_factor = 1
        if self.last_epoch < self.warmup_iters:
            if self.warmup_method == "constant":
                warmup_factor = self.warmup_factor
            elif self.warmup_method == "linear":
                alpha = self.last_epoch / self.warmup_iters
                warmup_factor = self.warmup_factor * (1 - alpha) + alpha
        return [base_lr * warmup_factor * self.gamma ** bisect_right(self.milestones, self.last_epoch)
                for base_lr in self.base_lrs]


train_set = ReIDDataset(range(NUM_IDS), per_id=6, seed=1)
sampler = RandomIdentitySampler(train_set, cfg.SOLVER.IMS_PER_BATCH, cfg.DATALOADER.NUM_INSTANCE)
print("sampler length", len(sampler), "pids", sampler.pids[:4], len(sampler.index_dic[0]))
train_loader = DataLoader(train_set, batch_size=cfg.SOLVER.IMS_PER_BATCH, sampler=sampler,
                          drop_last=True)
model = Baseline(NUM_IDS, cfg.MODEL.FEAT)
print(model.bottleneck, model.bottleneck.bias.requires_grad,
      [n for n, p in model.named_parameters() if not p.requires_grad])
triplet = TripletLoss(cfg.SOLVER.MARGIN)
soft_triplet = TripletLoss(None)
xent = CrossEntropyLabelSmooth(num_classes=NUM_IDS)
params = []
for key, value in model.named_parameters():
    if not value.requires_grad:
        continue
    lr, weight_decay = cfg.SOLVER.BASE_LR, 5e-4
    if "bias" in key:
        lr, weight_decay = cfg.SOLVER.BASE_LR * 2, 0.0
    params += [{"params": [value], "lr": lr, "weight_decay": weight_decay}]
optimizer = torch.optim.Adam(params)
scheduler = WarmupMultiStepLR(optimizer, cfg.SOLVER.STEPS, cfg.SOLVER.GAMMA,
                              cfg.SOLVER.WARMUP_FACTOR, cfg.SOLVER.WARMUP_ITERS,
                              cfg.SOLVER.WARMUP_METHOD)
print("param groups", len(optimizer.param_groups), "lr", scheduler.get_last_lr()[:2])
for epoch in range(cfg.SOLVER.MAX_EPOCHS):
    model.train()
    for n_iter, (img, target, _) in enumerate(train_loader):
        score, feat = model(img)
        loss_id = xent(score, target)
        loss_tri, dist_ap, dist_an = triplet(feat, target)
        loss = loss_id + loss_tri
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        acc = (score.max(1)[1] == target).float().mean()
    with torch.no_grad():
        soft, _, _ = soft_triplet(feat, target, normalize_feature=True)
    print(f"Epoch[{epoch + 1}] Loss: {loss.item():.4f} id {loss_id.item():.4f} tri "
          f"{loss_tri.item():.4f} soft {soft.item():.4f} Acc: {acc.item():.3f} "
          f"ap/an {dist_ap.mean().item():.3f}/{dist_an.mean().item():.3f} "
          f"Base Lr: {scheduler.get_last_lr()[0]:.2e}")
    scheduler.step()
try:
    WarmupMultiStepLR(optimizer, [5, 2])
except ValueError as e:
    print("ValueError:", e.args[0])


def eval_func(distmat, q_pids, g_pids, q_camids, g_camids, max_rank=5):
    num_q, num_g = distmat.shape
    indices = np.argsort(distmat, axis=1, kind="stable")
    matches = (g_pids[indices] == q_pids[:, np.newaxis]).astype(np.int32)
    all_cmc, all_AP = [], []
    for q_idx in range(num_q):
        order = indices[q_idx]
        remove = (g_pids[order] == q_pids[q_idx]) & (g_camids[order] == q_camids[q_idx])
        orig_cmc = matches[q_idx][np.invert(remove)]
        if not np.any(orig_cmc):
            continue
        cmc = orig_cmc.cumsum()
        cmc[cmc > 1] = 1
        all_cmc.append(cmc[:max_rank])
        num_rel = orig_cmc.sum()
        tmp_cmc = orig_cmc.cumsum()
        tmp_cmc = [x / (i + 1.) for i, x in enumerate(tmp_cmc)]
        tmp_cmc = np.asarray(tmp_cmc) * orig_cmc
        all_AP.append(tmp_cmc.sum() / num_rel)
    all_cmc = np.asarray(all_cmc).astype(np.float32)
    return all_cmc.sum(0) / len(all_cmc), np.mean(all_AP)


test_set = ReIDDataset(range(NUM_IDS), per_id=4, seed=2)
loader = DataLoader(test_set, batch_size=8, shuffle=False)
model.eval()
feats, pids, camids = [], [], []
with torch.no_grad():
    for img, pid, camid in loader:
        f = model(img) + model(torch.flip(img, [3]))
        feats.append(F.normalize(f / 2, dim=1))
        pids.extend(pid.tolist())
        camids.extend(np.asarray(camid))
feats = torch.cat(feats, dim=0)
pids, camids = np.asarray(pids), np.asarray(camids)
num_query = 8
is_query = np.zeros(len(pids), dtype=bool)
is_query[::4] = True
qf, gf = feats[torch.from_numpy(is_query)], feats[torch.from_numpy(~is_query)]
distmat = euclidean_dist(qf, gf).pow(2).cpu().numpy()
print("distmat", distmat.shape, distmat.dtype, f"{distmat.min():.4f}")
cmc, mAP = eval_func(distmat, pids[is_query], pids[~is_query], camids[is_query],
                     camids[~is_query])
print("mAP: {:.1%}".format(mAP))
for r in [1, 3, 5]:
    print("CMC curve, Rank-{:<3}:{:.1%}".format(r, cmc[r - 1]))
ref = torch.cdist(qf, gf).pow(2)
print("addmm_ distances match cdist:", torch.allclose(torch.from_numpy(distmat), ref, atol=1e-5))
cos = 1 - qf @ gf.T
print("cosine ranks agree with euclidean:", bool((np.argsort(cos.numpy(), 1, kind="stable")[:, 0] ==
                                                  np.argsort(distmat, 1, kind="stable")[:, 0]).all()))
