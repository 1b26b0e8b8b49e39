import torch

# Preprocessing a small mixed-type table by hand: CSV text parsed into columns (torch.tensor from
# lists, float('nan') for blanks, NumPy round trips), ordinal and one-hot encoders fitted with
# torch.unique(sorted=True, return_inverse=True, return_counts=True) including dim=0 on row
# pairs, unknown categories flagged with isin, quantile binning with bucketize(right=...) and
# searchsorted(side=, sorter=), imputation with nan_to_num / where with scalars / masked_select,
# stratified K-fold written with randperm per class, and a confusion matrix per fold.
import numpy as np

CSV = """id,city,plan,age,spend,churn
1,paris,basic,34,12.5,0
2,lyon,pro,45,,1
3,paris,pro,23,40.0,0
4,nice,basic,,8.25,0
5,lyon,basic,51,15.0,1
6,paris,team,38,99.9,0
7,nice,pro,29,42.0,1
8,lyon,team,62,120.5,1
9,paris,basic,41,11.0,0
10,nice,team,33,,0
11,paris,pro,27,38.5,1
12,lyon,basic,55,9.75,0
"""

torch.set_printoptions(precision=3, sci_mode=False)
header, *rows = [line.split(",") for line in CSV.strip().splitlines()]
cols = {name: [r[i] for r in rows] for i, name in enumerate(header)}
ids = torch.tensor([int(v) for v in cols["id"]])
age = torch.tensor([float(v) if v else float("nan") for v in cols["age"]])
spend = torch.tensor([float(v) if v else float("nan") for v in cols["spend"]], dtype=torch.float64)
churn = torch.tensor([int(v) for v in cols["churn"]])
print("dtypes", ids.dtype, age.dtype, spend.dtype, churn.dtype)
print("missing age", torch.isnan(age).sum().item(),
      "missing spend", spend.isnan().nonzero().flatten())

# categorical encoders
city_names = sorted(set(cols["city"]))
city_code = torch.tensor([city_names.index(c) for c in cols["city"]])
plan_order = {"basic": 0, "pro": 1, "team": 2}
plan = torch.tensor([plan_order[p] for p in cols["plan"]], dtype=torch.int8)
cats, inverse, counts = torch.unique(city_code, sorted=True, return_inverse=True,
                                     return_counts=True)
print("city categories", cats, "counts", counts, "inverse", inverse)
one_hot = torch.nn.functional.one_hot(inverse, num_classes=len(cats))
print("one-hot\n", one_hot[:4], one_hot.dtype, one_hot.sum(0))
pairs = torch.stack([city_code, plan.long()], 1)
uniq_pairs, pair_inv, pair_counts = torch.unique(pairs, dim=0, return_inverse=True,
                                                 return_counts=True)
print("city x plan combos", uniq_pairs.tolist())
print("pair counts", pair_counts.tolist(), "inverse", pair_inv.tolist())
vals, cnts = plan.unique(return_counts=True)
print("plan codes", vals, cnts, "mode", torch.mode(plan).values.item())
print("consecutive", torch.unique_consecutive(torch.sort(city_code).values, return_counts=True))
new_cities = torch.tensor([0, 3, 2, 5])
print("known", torch.isin(new_cities, cats), "unknown", torch.isin(new_cities, cats, invert=True))
print("isin scalar", torch.isin(torch.tensor([1, 2, 3]), 2))

# imputation
age_median = age.nanmedian()
age_filled = torch.where(age.isnan(), age_median, age)
spend_mean = spend.nanmean()
spend_filled = spend.nan_to_num(nan=spend_mean.item())
print("age median", age_median.item(), "filled", age_filled)
print("spend mean", f"{spend_mean.item():.4f}", "filled", spend_filled)
print("observed spend", torch.masked_select(spend, ~spend.isnan()))
print("where scalars", torch.where(churn.bool(), 1.0, -1.0), torch.where(churn > 0, churn, 7))
print("nan_to_num defaults", torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5])
      .nan_to_num(), torch.tensor([float("inf")], dtype=torch.float16).nan_to_num())
log_spend = torch.log1p(spend_filled).float()

# standardisation
mu, sd = log_spend.mean(), log_spend.std(correction=0)
print("log spend mu/sd", f"{mu.item():.6f}", f"{sd.item():.6f}",
      "unbiased", f"{log_spend.std(unbiased=True).item():.6f}")
print("std_mean", torch.std_mean(age_filled, correction=1), torch.var_mean(age_filled, 0,
                                                                             correction=0))

# binning
edges = torch.quantile(age_filled, torch.tensor([0.25, 0.5, 0.75]))
print("age quartile edges", edges)
print("bucketize left ", torch.bucketize(age_filled, edges))
print("bucketize right", torch.bucketize(age_filled, edges, right=True))
print("int32 out", torch.bucketize(age_filled, edges, out_int32=True).dtype)
shuffled = torch.tensor([40.0, 25.0, 60.0, 33.0])
sorter = torch.argsort(shuffled)
print("searchsorted sorter", torch.searchsorted(shuffled, torch.tensor([30.0, 40.0, 70.0]),
                                                 sorter=sorter),
      torch.searchsorted(shuffled, torch.tensor([30.0, 40.0]), side="right", sorter=sorter))
print("2-d searchsorted", torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]),
                                             torch.tensor([[3], [3]])))

# NumPy round trip
arr = torch.stack([age_filled.double(), spend_filled, city_code.double()], 1).numpy()
print("numpy", type(arr).__name__, arr.dtype, arr.shape, np.round(arr[:2], 2).tolist())
back = torch.from_numpy(arr)
arr[0, 0] = -1.0
print("shares memory", back[0, 0].item(), torch.as_tensor(arr[:, 2]).long().tolist())

# features and stratified folds
Xf = torch.cat([((age_filled - age_filled.mean()) / age_filled.std()).unsqueeze(1),
                ((log_spend - mu) / sd).unsqueeze(1), one_hot.float(),
                torch.nn.functional.one_hot(plan.long(), 3).float()], 1)
print("design", Xf.shape, Xf.dtype)
k = 3
g = torch.Generator().manual_seed(0)
fold_of = torch.empty(len(churn), dtype=torch.long)
for cls in churn.unique():
    members = (churn == cls).nonzero().squeeze(1)
    members = members[torch.randperm(len(members), generator=g)]
    fold_of[members] = torch.arange(len(members)) % k
print("folds", fold_of.tolist(), "per-fold positives",
      torch.bincount(fold_of, weights=churn.float(), minlength=k))
total = torch.zeros(2, 2, dtype=torch.long)
for f in range(k):
    tr, te = fold_of != f, fold_of == f
    w = torch.zeros(Xf.shape[1], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=0.5, max_iter=40, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        logits = Xf[tr] @ w + b
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, churn[tr].float())
        loss = loss + 0.05 * w.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    pred = ((Xf[te] @ w + b) > 0).long()
    cm = torch.bincount(churn[te] * 2 + pred, minlength=4).reshape(2, 2)
    total += cm
    print(f"fold {f} test ids {ids[te].tolist()} acc {(pred == churn[te]).float().mean():.3f}")
print("confusion\n", total)
tn, fp, fn, tp = total.flatten().tolist()
print("precision", round(tp / max(tp + fp, 1), 4), "recall", round(tp / max(tp + fn, 1), 4))
