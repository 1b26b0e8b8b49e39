import torch

# Unsupervised models written straight in tensors: k-means++ seeding drawn with multinomial
# from a Generator, Lloyd steps with scatter_add_ / bincount, a diagonal Gaussian mixture fitted
# by EM with logsumexp, an HMM's forward algorithm and Viterbi decoding, and label propagation
# on a k-nearest-neighbour graph.
import math

torch.set_printoptions(precision=4)
g = torch.Generator().manual_seed(7)

centers = torch.tensor([[0.0, 0.0], [5.0, 1.0], [1.0, 6.0]], dtype=torch.float64)
truth = torch.arange(3).repeat_interleave(torch.tensor([15, 20, 25]))
X = centers[truth] + 0.8 * torch.randn(60, 2, generator=g, dtype=torch.float64)
print("data", X.shape, X.dtype, truth.bincount().tolist())

# --- k-means++ seeding ---
first = torch.randint(0, X.shape[0], (1,), generator=g)
chosen = [first.item()]
for _ in range(2):
    d2 = torch.cdist(X, X[chosen]).pow(2).min(dim=1).values
    probs = d2 / d2.sum()
    nxt = torch.multinomial(probs, 1, generator=g)
    chosen.append(int(nxt))
print("seeds", chosen)
C = X[chosen].clone()
for step in range(20):
    assign = torch.cdist(X, C).argmin(1)
    sums = torch.zeros_like(C).scatter_add_(0, assign.unsqueeze(1).expand(-1, 2), X)
    counts = torch.bincount(assign, minlength=3).unsqueeze(1)
    newC = sums / counts
    if torch.equal(newC, C):
        break
    C = newC
order = C[:, 0].argsort()
print("lloyd steps", step, "centres", C[order])
relabel = torch.empty_like(order)
relabel[order] = torch.arange(3)
print("cluster sizes", torch.bincount(relabel[assign]).tolist())
inertia = (X - C[assign]).pow(2).sum(1)
print(f"inertia {inertia.sum():.4f} worst {inertia.max():.4f} at {inertia.argmax()}")

# --- Gaussian mixture by EM (diagonal covariances) ---
K = 3
mu = C.clone()
var = torch.ones(K, 2, dtype=torch.float64)
pi = torch.full((K,), 1.0 / K, dtype=torch.float64)
prev = -math.inf
for it in range(50):
    sq = ((X.unsqueeze(1) - mu) ** 2) / var
    log_norm = -0.5 * (sq + var.log() + math.log(2 * math.pi)).sum(-1)
    joint = log_norm + pi.log()
    ll = torch.logsumexp(joint, dim=1)
    resp = (joint - ll.unsqueeze(1)).exp()
    Nk = resp.sum(0)
    mu = (resp.T @ X) / Nk.unsqueeze(1)
    var = (resp.T @ X.pow(2)) / Nk.unsqueeze(1) - mu.pow(2) + 1e-6
    pi = Nk / Nk.sum()
    total = ll.sum().item()
    if total - prev < 1e-8:
        break
    prev = total
print("em iters", it, "loglik", round(total, 6))
o = mu[:, 0].argsort()
print("weights", pi[o])
print("means", mu[o])
print("vars", var[o])
hard = resp.argmax(1)
print("agreement with k-means", (hard == assign).float().mean().item())
print("max responsibility stats", resp.max(1).values.aminmax())

# --- HMM: forward algorithm and Viterbi ---
A = torch.tensor([[0.8, 0.15, 0.05], [0.1, 0.7, 0.2], [0.25, 0.25, 0.5]], dtype=torch.float64)
B = torch.tensor([[0.6, 0.3, 0.1], [0.1, 0.5, 0.4], [0.2, 0.2, 0.6]], dtype=torch.float64)
start = torch.tensor([0.5, 0.3, 0.2], dtype=torch.float64)
obs = torch.tensor([0, 0, 1, 2, 2, 1, 0, 2, 2, 2, 1, 0])
logA, logB = A.log(), B.log()
alpha = start.log() + logB[:, obs[0]]
for o_t in obs[1:]:
    alpha = torch.logsumexp(alpha.unsqueeze(1) + logA, dim=0) + logB[:, o_t]
print("log p(obs)", f"{torch.logsumexp(alpha, 0).item():.6f}")
delta = start.log() + logB[:, obs[0]]
back = []
for o_t in obs[1:]:
    scores = delta.unsqueeze(1) + logA
    best, arg = scores.max(dim=0)
    back.append(arg)
    delta = best + logB[:, o_t]
state = delta.argmax()
path = [state.item()]
for arg in reversed(back):
    state = arg[state]
    path.append(state.item())
path.reverse()
print("viterbi", path, "score", round(delta.max().item(), 6))
bp = torch.stack(back)
print("backpointers", bp.shape, bp[:3])

# --- label propagation on a kNN graph ---
known = torch.tensor([0, 20, 40])
D = torch.cdist(X, X)
D.fill_diagonal_(float("inf"))
knn_d, knn_i = D.topk(5, dim=1, largest=False)
W = torch.zeros(60, 60, dtype=torch.float64)
W.scatter_(1, knn_i, torch.exp(-knn_d.pow(2)))
W = torch.maximum(W, W.T)
Dinv = W.sum(1).rsqrt()
S = Dinv.unsqueeze(1) * W * Dinv.unsqueeze(0)
Y0 = torch.zeros(60, 3, dtype=torch.float64)
Y0[known, truth[known]] = 1.0
F_ = Y0.clone()
for _ in range(30):
    F_ = 0.9 * S @ F_ + 0.1 * Y0
pred = F_.argmax(1)
print("propagated accuracy", (pred == truth).double().mean().item())
print("unlabelled rows", (F_.sum(1) == 0).nonzero(as_tuple=True)[0].tolist())
print("row sums", F_.sum(1)[:4])
print("graph degree", (W > 0).sum(1).unique(return_counts=True))
