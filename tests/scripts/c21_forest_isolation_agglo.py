import torch

# Tree ensembles and hierarchical clustering written with tensors and a seeded Generator: a
# random forest of depth-limited regression trees on bootstrap samples (randint / multinomial
# draws, feature subsets from randperm), out-of-bag error, permutation importances, an
# isolation forest's random splits and path-length anomaly scores, and single / average /
# complete-linkage agglomerative clustering by repeatedly merging the closest pair found with
# argmin + unravel_index on a masked distance matrix (checked with a cophenetic correlation).
import math

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
gen = torch.Generator().manual_seed(2024)
n, d = 64, 4
X = torch.rand(n, d, generator=gen, dtype=torch.float64) * 4 - 2
y = torch.where(X[:, 0] > 0, 2.0, -1.0) + X[:, 1] ** 2 + 0.1 * torch.randn(n, generator=gen,
                                                                             dtype=torch.float64)


def best_split(Xs, ys, features):
    best = (math.inf, None, None)
    for f in features.tolist():
        order = Xs[:, f].argsort(stable=True)
        xs, ysorted = Xs[order, f], ys[order]
        csum, csq = ysorted.cumsum(0), ysorted.pow(2).cumsum(0)
        k = torch.arange(1, len(ys), dtype=ys.dtype)
        left_sse = csq[:-1] - csum[:-1] ** 2 / k
        right_n = len(ys) - k
        right_sse = (csq[-1] - csq[:-1]) - (csum[-1] - csum[:-1]) ** 2 / right_n
        sse = left_sse + right_sse
        valid = xs[1:] > xs[:-1]
        if not valid.any():
            continue
        sse = sse.masked_fill(~valid, math.inf)
        i = int(sse.argmin())
        if sse[i] < best[0]:
            best = (sse[i].item(), f, ((xs[i] + xs[i + 1]) / 2).item())
    return best


def grow(Xs, ys, depth, max_features):
    if depth == 0 or len(ys) < 4:
        return ys.mean().item()
    feats = torch.randperm(d, generator=gen)[:max_features]
    sse, f, thr = best_split(Xs, ys, feats)
    if f is None:
        return ys.mean().item()
    left = Xs[:, f] <= thr
    return (f, thr, grow(Xs[left], ys[left], depth - 1, max_features),
            grow(Xs[~left], ys[~left], depth - 1, max_features))


def predict(tree, x):
    while isinstance(tree, tuple):
        f, thr, lo, hi = tree
        tree = lo if x[f] <= thr else hi
    return tree


n_trees = 12
forest, in_bag = [], torch.zeros(n_trees, n, dtype=torch.bool)
for t in range(n_trees):
    idx = torch.randint(0, n, (n,), generator=gen)
    in_bag[t, idx] = True
    forest.append(grow(X[idx], y[idx], depth=3, max_features=2))
print("first tree root", forest[0][:2])
preds = torch.tensor([[predict(tree, x) for x in X] for tree in forest], dtype=torch.float64)
oob_mask = ~in_bag
oob_count = oob_mask.sum(0)
oob_pred = (preds * oob_mask).sum(0) / oob_count.clamp_min(1)
has_oob = oob_count > 0
print("in-bag fraction", f"{in_bag.double().mean().item():.4f}", "points never out of bag",
      int((~has_oob).sum()))
oob_mse = (oob_pred - y)[has_oob].pow(2).mean()
print("oob mse", f"{oob_mse.item():.5f}", "train mse",
      f"{(preds.mean(0) - y).pow(2).mean().item():.5f}", "variance", f"{y.var().item():.5f}")


def forest_mse(Xe):
    p = torch.tensor([[predict(tree, x) for x in Xe] for tree in forest], dtype=torch.float64)
    return (p.mean(0) - y).pow(2).mean()


base = forest_mse(X)
imp = []
for f in range(d):
    Xp = X.clone()
    Xp[:, f] = Xp[torch.randperm(n, generator=gen), f]
    imp.append((forest_mse(Xp) - base).item())
print("permutation importances", torch.tensor(imp, dtype=torch.float64))
weights = torch.tensor([0.1, 0.4, 0.2, 0.3])
print("weighted bootstrap", torch.multinomial(weights, 8, replacement=True, generator=gen),
      "without replacement", torch.multinomial(weights, 4, generator=gen))

# isolation forest
Xa = torch.cat([torch.randn(40, 2, generator=gen, dtype=torch.float64) * 0.5,
                torch.tensor([[3.0, 3.0], [-3.0, 2.5], [2.5, -3.0]], dtype=torch.float64)])


def path_length(x, pts, depth, limit):
    if depth >= limit or len(pts) <= 1:
        m = len(pts)
        c = 2 * (math.log(m - 1) + 0.5772156649) - 2 * (m - 1) / m if m > 1 else 0.0
        return depth + c
    f = int(torch.randint(0, 2, (1,), generator=gen))
    lo, hi = pts[:, f].min().item(), pts[:, f].max().item()
    if lo == hi:
        return depth
    split = lo + (hi - lo) * torch.rand(1, generator=gen, dtype=torch.float64).item()
    side = pts[:, f] < split
    keep = side if x[f] < split else ~side
    return path_length(x, pts[keep], depth + 1, limit)


psi = 16
c_psi = 2 * (math.log(psi - 1) + 0.5772156649) - 2 * (psi - 1) / psi
scores = torch.zeros(len(Xa), dtype=torch.float64)
for t in range(20):
    sample = Xa[torch.randperm(len(Xa), generator=gen)[:psi]]
    gen_state = gen.get_state()
    for i, x in enumerate(Xa):
        gen.set_state(gen_state)  # the same random tree for every point
        scores[i] += path_length(x, sample, 0, math.ceil(math.log2(psi)))
anomaly = 2 ** (-(scores / 20) / c_psi)
print("top anomalies", anomaly.topk(3).indices.sort().values.tolist(), anomaly.topk(3).values)
print("median inlier score", f"{anomaly[:40].median().item():.4f}")

# agglomerative clustering
pts = torch.cat([torch.randn(6, 2, generator=gen, dtype=torch.float64) * 0.3 + c
                 for c in (torch.tensor([0.0, 0.0], dtype=torch.float64),
                           torch.tensor([3.0, 0.0], dtype=torch.float64),
                           torch.tensor([0.0, 3.0], dtype=torch.float64))])
D0 = torch.cdist(pts, pts)
for linkage in ("single", "average", "complete"):
    Dm = D0.clone().fill_diagonal_(math.inf)
    sizes = torch.ones(len(pts), dtype=torch.float64)
    members = {i: [i] for i in range(len(pts))}
    coph = torch.zeros_like(D0)
    heights = []
    active = torch.ones(len(pts), dtype=torch.bool)
    while active.sum() > 1:
        flat = Dm.argmin()
        i, j = torch.unravel_index(flat, Dm.shape)
        i, j = sorted((int(i), int(j)))
        h = Dm[i, j].item()
        heights.append(h)
        for a in members[i]:
            for b in members[j]:
                coph[a, b] = coph[b, a] = h
        if linkage == "single":
            new = torch.minimum(Dm[i], Dm[j])
        elif linkage == "complete":
            new = torch.maximum(Dm[i], Dm[j])
        else:
            new = (sizes[i] * Dm[i] + sizes[j] * Dm[j]) / (sizes[i] + sizes[j])
        Dm[i], Dm[:, i] = new, new
        Dm[i, i] = math.inf
        Dm[j], Dm[:, j] = math.inf, math.inf
        sizes[i] += sizes[j]
        members[i] += members.pop(j)
        active[j] = False
        if active.sum() == 3:
            groups = sorted(sorted(m) for m in members.values())
    iu = torch.triu_indices(len(pts), len(pts), offset=1)
    r = torch.corrcoef(torch.stack([D0[iu[0], iu[1]], coph[iu[0], iu[1]]]))[0, 1]
    print(f"{linkage:8s} last merges {[round(h, 4) for h in heights[-3:]]} cophenetic "
          f"{r.item():.6f}")
    print("         three clusters", groups)
print("unravel_index", torch.unravel_index(torch.tensor([0, 5, 11]), (3, 4)))
