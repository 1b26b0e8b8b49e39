import torch

# Tabular data handling as people write it before any model: parsing CSV text into tensors,
# missing values (nan_to_num, nanmean, nanmedian, nanquantile), categorical codes with
# unique(return_inverse, return_counts, dim=0), one_hot, binning with bucketize/searchsorted,
# weighted histograms, standardisation statistics, seeded train/val/test and stratified splits,
# and torch.save / torch.load of a dict holding tensors, lists and tuples.
import io
import torch.nn.functional as F

torch.set_printoptions(precision=3)
CSV = """age,income,city,score,label
34,52000,paris,0.71,1
,61000,lyon,0.42,0
45,,paris,,1
29,38000,nice,0.55,0
52,87000,lyon,0.91,1
41,45000,nice,0.33,0
38,,paris,0.62,1
27,31000,lyon,0.18,0
60,99000,paris,0.88,1
33,40000,nice,,0
"""
lines = CSV.strip().splitlines()
header = lines[0].split(",")
rows = [line.split(",") for line in lines[1:]]
num_cols = [header.index(c) for c in ("age", "income", "score")]
numeric = torch.tensor([[float(r[c]) if r[c] else float("nan") for c in num_cols] for r in rows])
print(header, numeric.shape, numeric.dtype)
print(numeric)
missing = numeric.isnan()
print("missing per column", missing.sum(0), "rows with any", missing.any(1).nonzero().flatten())
print("nanmean", numeric.nanmean(0))
print("nanmedian", numeric.nanmedian(0))
print("nanmedian all", numeric[:, 0].nanmedian())
print("nanquantile", torch.nanquantile(numeric, torch.tensor([0.25, 0.5, 0.75]), dim=0))
print("nansum", numeric.nansum(0), torch.nansum(numeric[:, 2]))
filled = torch.where(missing, numeric.nanmean(0, keepdim=True), numeric)
print("filled", filled[2])
print("nan_to_num", torch.nan_to_num(numeric[:3], nan=-1.0))
weird = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5])
print(torch.nan_to_num(weird), torch.nan_to_num(weird, nan=0.0, posinf=9.0, neginf=-9.0))
print(torch.nan_to_num(weird.double()))
print(torch.nan_to_num(weird.half()))

cities = [r[header.index("city")] for r in rows]
vocab = sorted(set(cities))
codes = torch.tensor([vocab.index(c) for c in cities])
print("codes", codes, vocab)
onehot = F.one_hot(codes)
print(onehot.dtype, onehot.shape, onehot.sum(0))
print(F.one_hot(codes, num_classes=5)[:2])
labels = torch.tensor([int(r[-1]) for r in rows])
pairs = torch.stack([codes, labels], dim=1)
uniq, inverse, counts = torch.unique(pairs, return_inverse=True, return_counts=True, dim=0)
print("pairs", uniq.tolist(), inverse.tolist(), counts.tolist())
u, inv = torch.unique(codes, sorted=True, return_inverse=True)
print(u, inv, torch.unique(codes, return_counts=True))
print("unique_consecutive", torch.unique_consecutive(labels, return_counts=True))

ages = filled[:, 0]
edges = torch.tensor([30.0, 40.0, 50.0])
print("bucketize", torch.bucketize(ages, edges), torch.bucketize(ages, edges, right=True))
print("searchsorted", torch.searchsorted(edges, ages),
      torch.searchsorted(edges, ages, side="right"))
print("searchsorted int", torch.searchsorted(edges, ages, out_int32=True).dtype)
sorter = torch.tensor([2, 0, 1])
print("sorter", torch.searchsorted(torch.tensor([50.0, 30.0, 40.0]), ages, sorter=sorter))
scores = filled[:, 2]
hist, bin_edges = torch.histogram(scores, bins=4, range=(0.0, 1.0), weight=labels.float())
print("weighted histogram", hist, bin_edges)
hist2 = torch.histogram(scores, bins=torch.tensor([0.0, 0.3, 0.6, 1.0]), density=True)
print(hist2)
print("histc", torch.histc(scores, bins=5, min=0, max=1))

mean, std = filled.mean(0), filled.std(0)
z = (filled - mean) / std
print("z stats", z.mean(0).abs().max() < 1e-6, z.std(0))
print("var_mean", torch.var_mean(filled, dim=0, correction=0))
print("std_mean", torch.std_mean(filled[:, 1], unbiased=True))
lo, hi = filled.aminmax(dim=0)
print("minmax", (filled - lo) / (hi - lo))

g = torch.Generator().manual_seed(123)
perm = torch.randperm(10, generator=g)
train_idx, val_idx, test_idx = perm[:6], perm[6:8], perm[8:]
print("split", train_idx.tolist(), val_idx.tolist(), test_idx.tolist())
strat = []
for c in labels.unique():
    idx = (labels == c).nonzero(as_tuple=True)[0]
    pick = idx[torch.randperm(idx.numel(), generator=g)[:2]]
    strat.append(pick)
strat = torch.cat(strat)
print("stratified", strat.tolist(), labels[strat].tolist())
parts = torch.tensor_split(perm, (6, 8))
print("tensor_split", parts)

blob = {"features": filled, "labels": labels, "vocab": vocab, "edges": (edges, 3),
        "meta": {"rows": 10, "ok": True},
        "list_of_tensors": [codes[:3], labels[:2].double()]}
buf = io.BytesIO()
torch.save(blob, buf)
buf.seek(0)
back = torch.load(buf)
print(sorted(back), back["vocab"], back["meta"], type(back["edges"]).__name__)
print(torch.equal(back["features"], filled), back["list_of_tensors"], back["edges"][0])
buf.seek(0)
back2 = torch.load(buf, weights_only=True)
print(back2["labels"].dtype, back2["edges"][1])
