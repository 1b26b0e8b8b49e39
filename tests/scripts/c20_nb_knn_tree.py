import torch

# Three classic classifiers on the iris-like blobs people start with, float32 as loaded from a
# file: Gaussian naive Bayes (per-class means/variances by index_add_, log-likelihoods with
# logsumexp), k-nearest neighbours (cdist + topk, majority vote with mode and with a weighted
# bincount, leave-one-out accuracy), and a depth-2 decision tree grown by exhaustive Gini splits
# written with sort / cumsum / one_hot / gather. Results are rounded for printing as a report.
import math
import torch.nn.functional as F

g = torch.Generator().manual_seed(2024)
centres = torch.tensor([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.5, 2.0]])
spread = torch.tensor([[0.35, 0.38, 0.17, 0.1], [0.5, 0.3, 0.47, 0.2], [0.63, 0.32, 0.55, 0.27]])
y = torch.arange(3).repeat_interleave(25)
X = centres[y] + spread[y] * torch.randn(75, 4, generator=g)
perm = torch.randperm(75, generator=g)
train, test = perm[:55], perm[55:]
Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]
print("train per class", torch.bincount(ytr).tolist(), "test", torch.bincount(yte).tolist())

# Gaussian naive Bayes
K, D = 3, 4
counts = torch.bincount(ytr, minlength=K).float()
mu = torch.zeros(K, D).index_add_(0, ytr, Xtr) / counts[:, None]
var = torch.zeros(K, D).index_add_(0, ytr, (Xtr - mu[ytr]) ** 2) / counts[:, None] + 1e-9
prior = counts / counts.sum()
print("means", mu.round(decimals=3))
print("vars", var.round(decimals=4))


def nb_log_joint(x):
    ll = -0.5 * (((x[:, None, :] - mu) ** 2) / var + torch.log(2 * math.pi * var)).sum(-1)
    return ll + prior.log()


joint = nb_log_joint(Xte)
post = (joint - torch.logsumexp(joint, 1, keepdim=True)).exp()
pred_nb = joint.argmax(1)
print("NB accuracy", (pred_nb == yte).float().mean().item())
print("NB confident rows", (post.max(1).values > 0.99).sum().item(), "of", len(yte))
print("NB posterior row 0", [round(p, 4) for p in post[0].tolist()])

# kNN
dist = torch.cdist(Xte, Xtr)
d_k, i_k = dist.topk(5, largest=False)
votes = ytr[i_k]
pred_mode = votes.mode(1).values
w = 1.0 / (d_k + 1e-6)
weighted = torch.zeros(len(Xte), K).scatter_add_(1, votes, w)
pred_w = weighted.argmax(1)
print("kNN mode acc", (pred_mode == yte).float().mean().item(),
      "weighted acc", (pred_w == yte).float().mean().item())
print("vote shares", (F.one_hot(votes, K).sum(1).float() / 5)[:3])
print("agree", (pred_mode == pred_w).all().item(), "nearest dist", d_k[:, 0].min().item() > 0)
full = torch.cdist(X, X)
full.fill_diagonal_(float("inf"))
loo = y[full.topk(3, largest=False).indices].mode(1).values
print("LOO 3-NN accuracy", round((loo == y).float().mean().item(), 4))
_, order = full.sort(1)
print("rank of first same-class neighbour", (y[order] == y[:, None]).float().argmax(1).bincount())


# decision tree (Gini)
def gini(counts):
    n = counts.sum(-1, keepdim=True).clamp(min=1)
    return 1 - ((counts / n) ** 2).sum(-1)


def best_split(Xn, yn):
    best = (float("inf"), None, None)
    onehot = F.one_hot(yn, K).float()
    for f in range(D):
        vals, idx = Xn[:, f].sort()
        left = onehot[idx].cumsum(0)[:-1]
        right = onehot.sum(0) - left
        nl = torch.arange(1, len(yn), dtype=torch.float32)
        score = (nl * gini(left) + (len(yn) - nl) * gini(right)) / len(yn)
        distinct = vals[1:] > vals[:-1]
        score = torch.where(distinct, score, torch.full_like(score, float("inf")))
        j = score.argmin()
        if score[j] < best[0]:
            best = (score[j].item(), f, ((vals[j] + vals[j + 1]) / 2).item())
    return best


def grow(Xn, yn, depth):
    counts = torch.bincount(yn, minlength=K)
    if depth == 0 or (counts > 0).sum() == 1:
        return {"leaf": counts.argmax().item(), "n": len(yn)}
    score, f, thr = best_split(Xn, yn)
    m = Xn[:, f] <= thr
    return {"feature": f, "thr": round(thr, 4), "gini": round(score, 4),
            "left": grow(Xn[m], yn[m], depth - 1), "right": grow(Xn[~m], yn[~m], depth - 1)}


def predict(node, x):
    while "leaf" not in node:
        node = node["left"] if x[node["feature"]] <= node["thr"] else node["right"]
    return node["leaf"]


tree = grow(Xtr, ytr, 2)
print("tree root", tree["feature"], tree["thr"], tree["gini"])
print("tree", tree)
pred_tree = torch.tensor([predict(tree, x) for x in Xte])
print("tree accuracy", (pred_tree == yte).float().mean().item())
table = torch.stack([pred_nb, pred_mode, pred_tree, yte], 1)
print("disagreements", (table[:, :3] != table[:, 3:]).any(1).nonzero().flatten().tolist())
print(f"{'model':<8}{'acc':>6}")
for name, p in (("nb", pred_nb), ("knn", pred_mode), ("tree", pred_tree)):
    print(f"{name:<8}{(p == yte).float().mean():>6.2f}")
