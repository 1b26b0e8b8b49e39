import torch

# Classic supervised models in tensors: multinomial logistic regression fitted by L-BFGS with a
# strong-Wolfe line search (its gradient checked against the closed form), a linear SVM on the
# squared hinge with SGD + weight decay, decision stumps found by sort / cumsum / unique and
# boosted on residuals, isotonic regression by pool-adjacent-violators with cummax as the
# baseline, and a biased matrix factorisation with sparse Embeddings under SparseAdam.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=5, sci_mode=False)
n, d, k = 90, 3, 3
means = torch.tensor([[2.0, 0.0, 0.0], [-1.0, 2.0, 0.5], [-1.0, -2.0, -0.5]], dtype=torch.float64)
y = torch.arange(k).repeat(n // k)
X = means[y] + torch.randn(n, d, dtype=torch.float64)

W = torch.zeros(d, k, dtype=torch.float64, requires_grad=True)
b = torch.zeros(k, dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([W, b], lr=1, max_iter=50, history_size=5, tolerance_grad=1e-10,
                        tolerance_change=1e-12, line_search_fn="strong_wolfe")
lam = 0.05


def closure():
    opt.zero_grad()
    loss = F.cross_entropy(X @ W + b, y) + lam * W.pow(2).sum()
    loss.backward()
    return loss


loss = opt.step(closure)
print("softmax regression loss", f"{loss.item():.8f}", "final", f"{closure().item():.8f}")
P = (X @ W + b).softmax(1)
grad_closed = X.T @ (P - F.one_hot(y, k).double()) / n + 2 * lam * W
print("closed-form gradient matches", torch.allclose(grad_closed, W.grad, atol=1e-12),
      W.grad.abs().max() < 1e-6)
print("W", W.detach())
print("accuracy", (P.argmax(1) == y).double().mean().item())
print("lbfgs iters", opt.state[W]["n_iter"], "evals", opt.state[W]["func_evals"])

# linear SVM, one-vs-rest squared hinge
torch.manual_seed(1)
svm = nn.Linear(d, k).double()
sgd = torch.optim.SGD(svm.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-3)
Y = F.one_hot(y, k).double() * 2 - 1
for epoch in range(60):
    sgd.zero_grad()
    margins = (1 - Y * svm(X)).clamp(min=0)
    loss = margins.pow(2).mean()
    loss.backward()
    sgd.step()
print(f"svm loss {loss.item():.6f} support vectors {(margins > 0).sum().item()}")
print("svm acc", (svm(X).argmax(1) == y).double().mean().item(),
      "hinge_embedding", F.hinge_embedding_loss(svm(X)[:, 0], Y[:, 0]).item() > 0)
print("multi_margin", round(F.multi_margin_loss(svm(X), y, p=2, margin=1.0).item(), 8))

# decision stumps + gradient boosting (regression)
torch.manual_seed(2)
xr = torch.rand(40, dtype=torch.float64) * 6
yr = torch.sin(xr) + 0.1 * torch.randn(40, dtype=torch.float64)


def best_stump(x, r):
    order = x.argsort()
    xs, rs = x[order], r[order]
    uniq, counts = torch.unique(xs, return_counts=True)
    csum = rs.cumsum(0)
    total = csum[-1]
    ends = counts.cumsum(0) - 1
    left_n = (ends + 1).double()
    right_n = len(x) - left_n
    left_sum = csum[ends]
    gain = left_sum ** 2 / left_n + (total - left_sum) ** 2 / right_n.clamp(min=1)
    gain[-1] = -float("inf")
    j = gain.argmax()
    thr = (uniq[j] + uniq[j + 1]) / 2
    return thr, left_sum[j] / left_n[j], (total - left_sum[j]) / right_n[j]


pred = torch.full_like(yr, yr.mean().item())
stumps = []
for m in range(15):
    resid = yr - pred
    thr, lv, rv = best_stump(xr, resid)
    stumps.append((round(thr.item(), 4), round(lv.item(), 4), round(rv.item(), 4)))
    pred = pred + 0.5 * torch.where(xr <= thr, lv, rv)
print("first stumps", stumps[:3])
print(f"boosted mse {F.mse_loss(pred, yr).item():.6f}", "baseline",
      f"{yr.var(unbiased=False).item():.6f}")

# isotonic regression: pool adjacent violators
torch.manual_seed(3)
xi = torch.arange(12, dtype=torch.float64)
yi = 0.5 * xi + torch.randn(12, dtype=torch.float64) * 1.5
print("running max", yi.cummax(0).values)
blocks = [[v.item(), 1.0] for v in yi]
i = 0
while i < len(blocks) - 1:
    if blocks[i][0] > blocks[i + 1][0]:
        v1, w1 = blocks[i]
        v2, w2 = blocks[i + 1]
        blocks[i] = [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2]
        del blocks[i + 1]
        i = max(i - 1, 0)
    else:
        i += 1
fit = torch.cat([torch.full((int(w),), v, dtype=torch.float64) for v, w in blocks])
print("isotonic", fit)
print("monotone", bool((fit.diff() >= 0).all()), "sse", round((fit - yi).pow(2).sum().item(), 8))

# matrix factorisation with sparse gradients
torch.manual_seed(4)
n_users, n_items, rank = 8, 10, 3
users = torch.randint(0, n_users, (60,))
items = torch.randint(0, n_items, (60,))
true_u, true_v = torch.randn(n_users, rank), torch.randn(n_items, rank)
ratings = (true_u[users] * true_v[items]).sum(1) + 3.0


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.u = nn.Embedding(n_users, rank, sparse=True)
        self.v = nn.Embedding(n_items, rank, sparse=True)
        self.ub = nn.Embedding(n_users, 1, sparse=True)
        self.vb = nn.Embedding(n_items, 1, sparse=True)
        self.mu = nn.Parameter(torch.tensor(3.0))

    def forward(self, u, i):
        dot = (self.u(u) * self.v(i)).sum(1)
        return dot + self.ub(u).squeeze(1) + self.vb(i).squeeze(1) + self.mu


model = MF()
sparse_params = [p for name, p in model.named_parameters() if name != "mu"]
opt_s = torch.optim.SparseAdam(sparse_params, lr=0.05)
opt_d = torch.optim.Adam([model.mu], lr=0.05)
for step in range(100):
    opt_s.zero_grad()
    opt_d.zero_grad()
    loss = F.mse_loss(model(users, items), ratings)
    loss.backward()
    if step == 0:
        g = model.u.weight.grad
        print("sparse grad", g.layout, g.is_coalesced(), g._nnz(), g.coalesce()._nnz())
    opt_s.step()
    opt_d.step()
    if step % 25 == 0:
        print(f"step {step:3d} mse {loss.item():.4f}")
print("final mse", round(loss.item(), 3), "mu", round(model.mu.item(), 3))
print("state keys", sorted(opt_s.state[model.u.weight]), opt_s.state[model.u.weight]["step"])
