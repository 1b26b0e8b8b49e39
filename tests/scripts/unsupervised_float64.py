import torch

# Classical unsupervised learning in float64 tensors: PCA by linalg.eigh of the covariance
# (checked against svd and pca_lowrank's subspace), ZCA whitening, k-means++ seeding with
# torch.multinomial and Lloyd iterations by cdist/argmin/index_add_, a Gaussian mixture fitted
# by EM (logsumexp responsibilities, MultivariateNormal log_prob), kNN classification by topk,
# and a rotation fitted by gradient descent through linalg.matrix_exp (orthogonal Procrustes
# checked against the SVD solution).
from torch.distributions import MultivariateNormal

torch.manual_seed(17)
torch.set_default_dtype(torch.float64)
means = torch.tensor([[0.0, 0.0, 0.0], [4.0, 4.0, 0.0], [0.0, 5.0, 3.0]])
labels = torch.arange(3).repeat_interleave(40)
mix = torch.tensor([[1.0, 0.6, 0.0], [0.0, 0.8, 0.3], [0.0, 0.0, 0.5]])
X = means[labels] + torch.randn(120, 3) @ mix

Xc = X - X.mean(0)
cov = Xc.T @ Xc / (len(X) - 1)
evals, evecs = torch.linalg.eigh(cov)
order = evals.argsort(descending=True)
evals, evecs = evals[order], evecs[:, order]
print("explained variance ratio", (evals / evals.sum()).numpy().round(6))
U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
print("eigh vs svd spectrum:", torch.allclose(S ** 2 / (len(X) - 1), evals))
projection = Xc @ evecs[:, :2]
print("projection", tuple(projection.shape), "variances", projection.var(0).numpy().round(6))
U_low, S_low, V_low = torch.pca_lowrank(X, q=2, center=True, niter=4)
overlap = (V_low.T @ evecs[:, :2]).abs().sum(0)
print("pca_lowrank spans the top-2 subspace:", torch.allclose(overlap.pow(2).sum(),
                                                              torch.tensor(2.0), atol=1e-6))
W = evecs @ torch.diag(evals.rsqrt()) @ evecs.T
white = Xc @ W
print("zca whitened covariance is I:", torch.allclose(white.T @ white / (len(X) - 1),
                                                       torch.eye(3), atol=1e-10))

k = 3
centroids = X[torch.randint(len(X), (1,))]
for _ in range(k - 1):
    d2 = torch.cdist(X, centroids).min(dim=1).values ** 2
    centroids = torch.cat([centroids, X[torch.multinomial(d2 / d2.sum(), 1)]])
for it in range(8):
    assign = torch.cdist(X, centroids).argmin(dim=1)
    sums = torch.zeros(k, 3).index_add_(0, assign, X)
    counts = torch.bincount(assign, minlength=k).clamp(min=1)
    new = sums / counts[:, None]
    shift = (new - centroids).norm()
    centroids = new
    inertia = (X - centroids[assign]).pow(2).sum()
    print(f"kmeans {it}: inertia {inertia.item():.6f} shift {shift.item():.6f} "
          f"sizes {torch.bincount(assign, minlength=k).tolist()}")
    if shift < 1e-9:
        break

weights = torch.full((k,), 1.0 / k)
mus = centroids.clone()
covs = torch.eye(3).repeat(k, 1, 1)
for it in range(10):
    log_p = MultivariateNormal(mus, covariance_matrix=covs).log_prob(X[:, None]) + weights.log()
    log_norm = torch.logsumexp(log_p, dim=1, keepdim=True)
    resp = (log_p - log_norm).exp()
    nk = resp.sum(0)
    weights = nk / len(X)
    mus = resp.T @ X / nk[:, None]
    diff = X[:, None] - mus
    covs = torch.einsum("nk,nki,nkj->kij", resp, diff, diff) / nk[:, None, None]
    covs = covs + 1e-6 * torch.eye(3)
    if it % 3 == 0:
        print(f"em {it}: log-likelihood {log_norm.sum().item():.6f} "
              f"weights {weights.numpy().round(5)}")
print("gmm means\n", mus.numpy().round(4))

queries = means + 0.5
dist = torch.cdist(queries, X)
nearest = dist.topk(5, largest=False)
votes = labels[nearest.indices]
print("knn labels", torch.mode(votes, dim=1).values.tolist(), "distances",
      nearest.values[:, 0].numpy().round(6))

true_rotation = torch.linalg.matrix_exp(torch.tensor([[0.0, -0.7, 0.2], [0.7, 0.0, -0.1],
                                                      [-0.2, 0.1, 0.0]]))
target = Xc @ true_rotation.T
params = torch.zeros(3, requires_grad=True)
opt = torch.optim.Adam([params], lr=0.1)
for step in range(30):
    a, b, c = params
    skew = torch.stack([torch.stack([torch.zeros(()), -a, b]), torch.stack([a, torch.zeros(()), -c]),
                        torch.stack([-b, c, torch.zeros(())])])
    R = torch.linalg.matrix_exp(skew)
    loss = (Xc @ R.T - target).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 10 == 0:
        print(f"rotation {step}: loss {loss.item():.8f} det {torch.linalg.det(R).item():.6f}")
U, _, Vh = torch.linalg.svd(target.T @ Xc)
procrustes = U @ Vh
print("procrustes recovers the rotation:", torch.allclose(procrustes, true_rotation))
print("fitted parameters", params.detach().numpy().round(4))
