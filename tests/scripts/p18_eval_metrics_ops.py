import torch

# An evaluation script as users write one after training: ROC-AUC and average precision from
# sort / cumsum / trapezoid, a confusion matrix via bincount, per-class precision/recall with
# nan_to_num, calibration error with bucketize / histc / histogram / scatter_reduce, quantiles
# (every interpolation), median / mode / kthvalue ties, run-length encoding with
# unique_consecutive, deduplication with unique(dim=0), top-k accuracy, and bootstrap
# confidence intervals drawn with a seeded generator.
torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
N, C = 40, 4
logits = torch.randn(N, C) * 2
targets = torch.randint(0, C, (N,))
logits[torch.arange(N), targets] += 1.5
probs = logits.softmax(1)
pred = probs.argmax(1)

conf = torch.bincount(targets * C + pred, minlength=C * C).reshape(C, C)
print("confusion\n", conf)
tp = conf.diag().double()
precision = torch.nan_to_num(tp / conf.sum(0), nan=0.0)
recall = tp / conf.sum(1)
f1 = torch.where(precision + recall > 0, 2 * precision * recall / (precision + recall),
                 torch.zeros(()))
print("precision", precision, "recall", recall, "macro f1", f"{f1.mean().item():.8f}")
for k in (1, 2, 3):
    topk = probs.topk(k, dim=1).indices
    print(f"top{k}", (topk == targets[:, None]).any(1).double().mean().item())


def roc_auc(scores, positive):
    order = torch.argsort(scores, descending=True, stable=True)
    pos = positive[order].double()
    tps = torch.cumsum(pos, 0)
    fps = torch.cumsum(1 - pos, 0)
    tpr = torch.cat([torch.zeros(1), tps / tps[-1]])
    fpr = torch.cat([torch.zeros(1), fps / fps[-1]])
    precision = tps / torch.arange(1, len(pos) + 1)
    ap = (precision * pos).sum() / pos.sum()
    return torch.trapezoid(tpr, fpr), ap


for c in range(C):
    auc, ap = roc_auc(probs[:, c], targets == c)
    print(f"class {c} auc {auc.item():.8f} ap {ap.item():.8f}")

confidence, _ = probs.max(1)
correct = (pred == targets).double()
edges = torch.linspace(0, 1, 6)
bins = torch.bucketize(confidence, edges[1:-1], right=True)
print("bins", bins.tolist())
count = torch.zeros(5).scatter_add_(0, bins, torch.ones(N))
acc_bin = torch.zeros(5).scatter_reduce(0, bins, correct, reduce="mean", include_self=False)
conf_bin = torch.zeros(5).scatter_reduce(0, bins, confidence, reduce="mean", include_self=False)
max_bin = torch.full((5,), -1.0).scatter_reduce(0, bins, confidence, reduce="amax")
ece = (count / N * (acc_bin - conf_bin).abs()).sum()
print("count", count, "ece", f"{ece.item():.8f}", "max", max_bin)
print("histc", torch.histc(confidence, bins=5, min=0, max=1))
hist = torch.histogram(confidence, bins=4, range=(0.0, 1.0), density=True)
print("histogram", hist.hist, hist.bin_edges)
hist_w = torch.histogram(confidence, edges, weight=correct)
print("weighted", hist_w.hist)
print("searchsorted", torch.searchsorted(edges, torch.tensor([0.0, 0.2, 0.55, 1.0])),
      torch.searchsorted(edges, torch.tensor([0.2, 0.2]), side="right"))
unsorted = torch.tensor([0.9, 0.1, 0.5, 0.3])
sorter = torch.argsort(unsorted)
print("sorter", torch.searchsorted(unsorted, torch.tensor([0.4, 0.95]), sorter=sorter))

for mode in ["linear", "lower", "higher", "midpoint", "nearest"]:
    q = torch.quantile(confidence, torch.tensor([0.1, 0.5, 0.9]), interpolation=mode)
    print("quantile", mode, q)
print("quantile dim", torch.quantile(probs, 0.5, dim=0, keepdim=True))
ties = torch.tensor([3, 1, 2, 3, 1, 2, 2, 1])
print("median", torch.median(ties), torch.median(ties.double().view(2, 4), dim=1))
print("mode", torch.mode(ties), torch.mode(ties.view(2, 4), dim=1))
print("kthvalue", torch.kthvalue(ties, 4), torch.nanmedian(torch.tensor([1.0, float("nan"), 3.0])))
print("nanquantile", torch.nanquantile(torch.tensor([1.0, float("nan"), 3.0, 4.0]), 0.5))

runs = torch.tensor([0, 0, 1, 1, 1, 0, 2, 2, 0, 0, 0])
values, inverse, counts = torch.unique_consecutive(runs, return_inverse=True, return_counts=True)
print("rle", values, counts, inverse)
rows = torch.tensor([[1, 2], [3, 4], [1, 2], [0, 9], [3, 4]])
uniq, inv, cnt = torch.unique(rows, dim=0, return_inverse=True, return_counts=True)
print("unique rows", uniq.tolist(), inv, cnt)
print("unique sorted", torch.unique(torch.tensor([3, 1, 3, 2]), sorted=True, return_counts=True))
print("unique_consecutive dim", torch.unique_consecutive(rows[[0, 2, 1, 4, 3]], dim=0))

gen = torch.Generator().manual_seed(123)
boot = []
for _ in range(50):
    idx = torch.randint(0, N, (N,), generator=gen)
    boot.append(correct[idx].mean())
boot = torch.stack(boot)
lo, hi = torch.quantile(boot, torch.tensor([0.025, 0.975]))
print("bootstrap", f"{boot.mean().item():.8f}", f"{lo.item():.6f}", f"{hi.item():.6f}",
      f"{boot.std(unbiased=True).item():.8f}", f"{boot.var(correction=0).item():.10f}")
print("cummax", torch.cummax(confidence[:6], 0), torch.cummin(confidence[:4], 0).indices)
print("diff", torch.diff(confidence[:5], prepend=torch.zeros(1), append=torch.ones(1)))
print("logcumsumexp", torch.logcumsumexp(logits[:3, 0], 0), torch.cumprod(probs[0], 0))
print("take_along_dim", torch.take_along_dim(probs, targets[:, None], 1)[:3].squeeze(1))
print("aminmax", torch.aminmax(logits[:4], dim=1), torch.std_mean(logits[:, 0]))
print("cov", torch.cov(logits.T[:2]), torch.corrcoef(logits.T[:2]))
print("count_nonzero", torch.count_nonzero(conf, dim=0), torch.argwhere(conf.diag() > 5))
