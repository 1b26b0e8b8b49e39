import torch

# Classic machine learning written with torch tensors: k-means with cdist/argmin/index_add_/
# bincount, PCA three ways (pca_lowrank, svd_lowrank, linalg.svd), logistic regression fitted
# with L-BFGS and a strong-Wolfe line search, Gaussian naive Bayes with logsumexp, kNN with
# topk, a linear SVM trained on multi_margin_loss, a matrix-factorisation recommender with
# sparse embeddings and SparseAdam, and parameters_to_vector / vector_to_parameters.
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
torch.set_printoptions(precision=4)

# --- data: three Gaussian blobs in 2-D (float64 so the printed digits are exact) ---
centers = torch.tensor([[0.0, 0.0], [4.0, 4.0], [-4.0, 4.0]], dtype=torch.float64)
labels = torch.arange(3).repeat_interleave(20)
X = centers[labels] + torch.randn(60, 2, dtype=torch.float64)

# --- k-means ---
g = torch.Generator().manual_seed(1)
init = torch.randperm(60, generator=g)[:3]
C = X[init].clone()
for it in range(10):
    d = torch.cdist(X, C)
    assign = d.argmin(dim=1)
    counts = torch.bincount(assign, minlength=3)
    sums = torch.zeros_like(C).index_add_(0, assign, X)
    newC = sums / counts.clamp(min=1).unsqueeze(1).to(X.dtype)
    shift = (newC - C).norm()
    C = newC
    if shift < 1e-9:
        break
print("kmeans iters", it, "counts", counts.tolist())
order = C[:, 0].argsort()
print("centroids", C[order])
inertia = (X - C[assign]).pow(2).sum()
print("inertia", round(inertia.item(), 6))
print("cdist p=1", torch.cdist(X[:2], C, p=1.0))
print("cdist p=inf", torch.cdist(X[:2], C, p=float("inf")))

# --- PCA ---
Y = torch.randn(50, 5, dtype=torch.float64) @ torch.randn(5, 5, dtype=torch.float64)
Yc = Y - Y.mean(0)
U, S, Vh = torch.linalg.svd(Yc, full_matrices=False)
print("singular values", S)
explained = S**2 / (S**2).sum()
print("explained", explained, explained.cumsum(0))
torch.manual_seed(3)
U2, S2, V2 = torch.pca_lowrank(Y, q=3, center=True, niter=4)
print("pca_lowrank S", S2, S2.shape, U2.shape, V2.shape)
print("same subspace", torch.allclose((V2 @ V2.T), Vh[:3].T @ Vh[:3], atol=1e-6))
U3, S3, V3 = torch.svd_lowrank(Yc, q=2, niter=6)
print("svd_lowrank S", S3)
proj = Yc @ Vh[:2].T
print("projection signs fixed", (proj * proj[0].sign()).abs()[:3])

# --- logistic regression with LBFGS (strong Wolfe) ---
Xb = X[labels < 2]
yb = (labels[labels < 2] == 1).to(torch.float64)
w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
opt = torch.optim.LBFGS([w, b], lr=1, max_iter=50, line_search_fn="strong_wolfe",
                        tolerance_grad=1e-10, tolerance_change=1e-12, history_size=10)


def closure():
    opt.zero_grad()
    z = Xb @ w + b
    loss = F.binary_cross_entropy_with_logits(z, yb) + 1e-2 * w.pow(2).sum()
    loss.backward()
    return loss


for step in range(3):
    loss = opt.step(closure)
    print("lbfgs step", step, round(loss.item(), 8))
print("w", w.detach(), "b", b.detach())
state = opt.state[opt._params[0]]
print("lbfgs state keys", sorted(state.keys()))
print("func evals", state["func_evals"], "n_iter", state["n_iter"])
acc = ((Xb @ w + b > 0).to(torch.float64) == yb).double().mean()
print("train acc", acc.item())

# --- Gaussian naive Bayes ---
mu = torch.stack([X[labels == k].mean(0) for k in range(3)])
var = torch.stack([X[labels == k].var(0, unbiased=False) for k in range(3)]) + 1e-9
prior = torch.bincount(labels).double() / len(labels)
ll = -0.5 * (torch.log(2 * torch.pi * var).unsqueeze(0)
             + (X.unsqueeze(1) - mu) ** 2 / var).sum(-1) + prior.log()
logpost = ll - torch.logsumexp(ll, dim=1, keepdim=True)
print("nb posterior rows", logpost[:3].exp())
print("nb acc", (logpost.argmax(1) == labels).float().mean().item())

# --- kNN ---
Q = torch.tensor([[0.5, 0.2], [3.0, 3.5], [-3.0, 5.0], [0.0, 4.0]], dtype=torch.float64)
dist = torch.cdist(Q, X)
vals, idx = dist.topk(5, largest=False)
print("knn dists", vals)
votes = labels[idx]
print("knn votes", votes, torch.mode(votes, dim=1).values)
onehot = F.one_hot(votes, 3).sum(1)
print("vote counts", onehot)

# --- linear SVM with multi_margin_loss ---
torch.manual_seed(5)
svm = nn.Linear(2, 3).double()
sgd = torch.optim.SGD(svm.parameters(), lr=0.1, momentum=0.9)
for epoch in range(30):
    sgd.zero_grad()
    loss = F.multi_margin_loss(svm(X), labels, margin=1.0) + 1e-3 * svm.weight.pow(2).sum()
    loss.backward()
    sgd.step()
    if epoch % 10 == 0:
        print("svm epoch", epoch, round(loss.item(), 6))
print("svm acc", (svm(X).argmax(1) == labels).double().mean().item())
print("multi_margin p=2 weight", F.multi_margin_loss(
    svm(X[:4]), labels[:4], p=2, margin=0.5, weight=torch.tensor([1.0, 2.0, 0.5]).double(),
    reduction="none"))

# --- parameters_to_vector / vector_to_parameters ---
vec = parameters_to_vector(svm.parameters())
print("vec", vec.shape, vec.dtype, vec.requires_grad, vec.grad_fn is not None)
vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float64), svm.parameters())
print("weight after", svm.weight, svm.bias)

# --- matrix factorisation with sparse embeddings + SparseAdam ---
torch.manual_seed(7)
n_users, n_items, k = 8, 10, 3
users = torch.randint(0, n_users, (40,))
items = torch.randint(0, n_items, (40,))
ratings = torch.randint(1, 6, (40,)).float()


class MF(nn.Module):
    def __init__(self):
        super().__init__()
        self.u = nn.Embedding(n_users, k, sparse=True)
        self.i = nn.Embedding(n_items, k, sparse=True)
        self.ub = nn.Embedding(n_users, 1, sparse=True)
        self.ib = nn.Embedding(n_items, 1, sparse=True)
        nn.init.normal_(self.u.weight, std=0.1)
        nn.init.normal_(self.i.weight, std=0.1)
        nn.init.zeros_(self.ub.weight)
        nn.init.zeros_(self.ib.weight)

    def forward(self, u, i):
        return (self.u(u) * self.i(i)).sum(1) + self.ub(u).squeeze(1) + self.ib(i).squeeze(1) + 3.0


mf = MF()
print(mf)
sadam = torch.optim.SparseAdam(list(mf.parameters()), lr=0.05)
for epoch in range(20):
    sadam.zero_grad()
    loss = F.mse_loss(mf(users, items), ratings)
    loss.backward()
    if epoch == 0:
        gr = mf.u.weight.grad
        print("grad layout", gr.layout, gr.is_sparse, gr._nnz(), gr.shape)
        print("coalesced rows", gr.coalesce().indices().shape)
    sadam.step()
    if epoch % 5 == 4:
        print("mf epoch", epoch, f"{loss.item():.5f}")
print("sparseadam state", sorted(sadam.state[mf.u.weight].keys()), sadam.state[mf.u.weight]["step"])
print("pred", mf(torch.tensor([0, 1]), torch.tensor([2, 3])).detach())
