import torch

# Evaluation code after training a classifier: confusion matrix with bincount and with
# index_put_(accumulate=True), precision / recall / F1 per class (macro and micro), ROC curve
# and AUC with sort / cumsum / trapezoid, average precision, temperature scaling fitted with
# L-BFGS, expected calibration error with bucketize, bootstrap confidence intervals, and the
# ways people print 0-d tensors (f-strings with format specs, round(), item(), tolist()).
import torch.nn.functional as F

torch.manual_seed(11)
n, k = 200, 4
y = torch.randint(0, k, (n,))
logits = torch.randn(n, k) * 1.5
logits[torch.arange(n), y] += 2.0
probs = logits.softmax(-1)
pred = probs.argmax(-1)

cm = torch.bincount(y * k + pred, minlength=k * k).reshape(k, k)
print(cm)
cm2 = torch.zeros(k, k, dtype=torch.long)
cm2.index_put_((y, pred), torch.ones(n, dtype=torch.long), accumulate=True)
print("same", torch.equal(cm, cm2))
tp = cm.diag()
precision = tp / cm.sum(0).clamp(min=1)
recall = tp / cm.sum(1)
f1 = 2 * precision * recall / (precision + recall)
print("precision", precision)
print("recall", recall)
print("f1", f1, "macro", f1.mean(), "micro", tp.sum() / cm.sum())
print(f"accuracy {(pred == y).float().mean():.4f} / {100 * (pred == y).float().mean():.1f}%")
print(f"macro F1 {f1.mean():.3f} {f1.mean():>10.5f}| {f1.mean():<9.2e}|")
print("rounded", round(f1.mean().item(), 4), round(float(f1[0]), 2), f1.tolist())
print("format", format(f1[1], ".6f"), "{:+.3f}".format(f1[2]), "{:.2%}".format(recall[0]))
print("int formats", f"{cm.sum():d} {cm[0, 0]:5d} {cm.max():x}")
print("str of 0-d", str(tp.sum()), repr(f1.max()), f1.argmax().item())

# one-vs-rest ROC for class 0
score = probs[:, 0]
target = (y == 0).float()
order = score.argsort(descending=True)
s_sorted, t_sorted = score[order], target[order]
tps = t_sorted.cumsum(0)
fps = (1 - t_sorted).cumsum(0)
distinct = torch.cat([torch.nonzero(s_sorted.diff(), as_tuple=True)[0],
                      torch.tensor([n - 1])])
tpr = torch.cat([torch.zeros(1), tps[distinct] / tps[-1]])
fpr = torch.cat([torch.zeros(1), fps[distinct] / fps[-1]])
print("roc points", tpr.shape[0], "auc", f"{torch.trapezoid(tpr, fpr):.6f}")
print("auc via trapz", round(torch.trapz(tpr, fpr).item(), 6))
# rank-based AUC (Mann-Whitney)
ranks = torch.empty(n)
ranks[score.argsort()] = torch.arange(1, n + 1, dtype=torch.float)
npos = target.sum()
auc_rank = (ranks[target.bool()].sum() - npos * (npos + 1) / 2) / (npos * (n - npos))
print("auc by ranks", f"{auc_rank:.6f}")
prec_curve = tps / torch.arange(1, n + 1)
ap = (prec_curve * t_sorted).sum() / t_sorted.sum()
print("average precision", f"{ap:.6f}")
print("cumulative_trapezoid", torch.cumulative_trapezoid(tpr[:6], fpr[:6]))
print("best threshold", f"{s_sorted[(tpr[1:] - fpr[1:]).argmax().clamp(max=n - 1)]:.5f}")

# temperature scaling
T = torch.ones(1, requires_grad=True)
opt = torch.optim.LBFGS([T], lr=0.1, max_iter=100, line_search_fn="strong_wolfe")
val_logits = logits.double()


def closure():
    opt.zero_grad()
    loss = F.cross_entropy(val_logits / T.double(), y)
    loss.backward()
    return loss


before = F.cross_entropy(val_logits, y).item()
opt.step(closure)
after = F.cross_entropy(val_logits / T.double(), y).item()
print(f"temperature {T.item():.4f} nll {before:.5f} -> {after:.5f}")
state = opt.state[opt.param_groups[0]["params"][0]]
print("lbfgs state", sorted(state), state["func_evals"], state["n_iter"])


def ece(p, labels, bins=10):
    conf, guess = p.max(-1)
    correct = (guess == labels).float()
    edges = torch.linspace(0, 1, bins + 1)
    which = torch.bucketize(conf, edges[1:-1])
    count = torch.bincount(which, minlength=bins).float()
    acc = torch.zeros(bins).scatter_add_(0, which, correct)
    cf = torch.zeros(bins).scatter_add_(0, which, conf)
    mask = count > 0
    gap = (acc[mask] / count[mask] - cf[mask] / count[mask]).abs()
    return (gap * count[mask]).sum() / labels.numel(), count


e1, counts = ece(probs, y)
e2, _ = ece((logits / T.detach()).softmax(-1), y)
print(f"ECE {e1:.4f} -> {e2:.4f}", counts.long().tolist())

# bootstrap CI of accuracy
g = torch.Generator().manual_seed(5)
correct = (pred == y).float()
idx = torch.randint(0, n, (500, n), generator=g)
boot = correct[idx].mean(1)
lo, hi = torch.quantile(boot, torch.tensor([0.025, 0.975]))
print(f"accuracy 95% CI [{lo:.3f}, {hi:.3f}] std {boot.std():.4f}")
print("bootstrap quantiles", torch.quantile(boot, 0.5, interpolation="nearest"),
      torch.quantile(boot, 0.5, interpolation="midpoint"), boot.median())
sorted_boot, _ = boot.sort()
print("percentile by index", sorted_boot[[12, 487]])

# top-k accuracy and per-class support
top2 = probs.topk(2, dim=1).indices
print("top-2 acc", (top2 == y.unsqueeze(1)).any(1).float().mean())
print("support", torch.unique(y, return_counts=True)[1], y.bincount(minlength=6))
report = torch.stack([precision, recall, f1, cm.sum(1).float()], dim=1)
for c, row in enumerate(report):
    p_, r_, f_, s_ = row.tolist()
    print(f"class {c}: p={p_:.3f} r={r_:.3f} f1={f_:.3f} n={int(s_)}")
