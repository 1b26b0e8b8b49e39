import torch

# Matrix decompositions and clustering beyond k-means: NMF by Lee-Seung multiplicative updates
# (Frobenius and KL), FastICA by hand (whitening with eigh, the logcosh fixed point, symmetric
# decorrelation through an inverse square root), PCA by SVD against torch.pca_lowrank, spectral
# embedding of a kNN graph (normalised Laplacian, eigh) and DBSCAN written with cdist / nonzero
# and a breadth-first expansion, then the contingency table of the clusters.
import math

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
dt = torch.float64

# ---- NMF ----
W_true = torch.rand(20, 3, dtype=dt)
H_true = torch.rand(3, 12, dtype=dt)
V = W_true @ H_true + 0.01 * torch.rand(20, 12, dtype=dt)
g = torch.Generator().manual_seed(1)
W = torch.rand(20, 3, generator=g, dtype=dt)
H = torch.rand(3, 12, generator=g, dtype=dt)
eps = torch.finfo(dt).eps
for it in range(301):
    H *= (W.T @ V) / (W.T @ W @ H + eps)
    W *= (V @ H.T) / (W @ H @ H.T + eps)
    if it % 100 == 0:
        print(f"nmf fro it {it:3d}", f"{torch.linalg.matrix_norm(V - W @ H).item():.6f}")
print("nonnegative", bool((W >= 0).all() and (H >= 0).all()))
scale = W.sum(0)
print("column-normalised W sums", (W / scale).sum(0))
W2 = torch.rand(20, 3, generator=g, dtype=dt)
H2 = torch.rand(3, 12, generator=g, dtype=dt)
for it in range(200):
    R = V / (W2 @ H2)
    H2 *= (W2.T @ R) / W2.sum(0, keepdim=True).T
    R = V / (W2 @ H2)
    W2 *= (R @ H2.T) / H2.sum(1, keepdim=True).T
WH = W2 @ H2
kl = (V * torch.log(V / WH) - V + WH).sum()
print("nmf kl divergence", f"{kl.item():.6f}", "xlogy form",
      f"{(torch.xlogy(V, V / WH) - V + WH).sum().item():.6f}")

# ---- FastICA ----
t = torch.linspace(0, 8, 400, dtype=dt)
S = torch.stack([torch.sin(2 * t), torch.sign(torch.sin(3 * t)), (t % 1.0) * 2 - 1])
A = torch.tensor([[1.0, 1.0, 1.0], [0.5, 2.0, 1.0], [1.5, 1.0, 2.0]], dtype=dt)
Xm = A @ S
Xc = Xm - Xm.mean(1, keepdim=True)
cov = Xc @ Xc.T / Xc.shape[1]
d_, E = torch.linalg.eigh(cov)
Wh = E @ torch.diag(d_.rsqrt()) @ E.T
Xw = Wh @ Xc
print("whitened covariance", torch.allclose(Xw @ Xw.T / Xw.shape[1], torch.eye(3, dtype=dt)))


def sym_decorrelation(Wm):
    s, u = torch.linalg.eigh(Wm @ Wm.T)
    return u @ torch.diag(s.rsqrt()) @ u.T @ Wm


g = torch.Generator().manual_seed(5)
Wica = sym_decorrelation(torch.randn(3, 3, generator=g, dtype=dt))
for it in range(200):
    wx = Wica @ Xw
    gwx = torch.tanh(wx)
    g_prime = (1 - gwx.pow(2)).mean(1)
    W_new = sym_decorrelation(gwx @ Xw.T / Xw.shape[1] - g_prime[:, None] * Wica)
    lim = (torch.einsum("ij,ij->i", W_new, Wica).abs() - 1).abs().max()
    Wica = W_new
    if lim < 1e-10:
        break
print("fastica converged at", it, "orthogonal",
      torch.allclose(Wica @ Wica.T, torch.eye(3, dtype=dt)))
S_hat = Wica @ Xw
corr = torch.corrcoef(torch.cat([S, S_hat]))[:3, 3:].abs()
print("source recovery |corr| max per source", corr.max(1).values)
print("matching", corr.argmax(1).unique().numel() == 3)

# ---- PCA by SVD vs pca_lowrank ----
scales = torch.tensor([5.0, 3.0, 1.0, 0.5, 0.2, 0.1], dtype=dt)
X = torch.randn(50, 6, dtype=dt) @ torch.diag(scales)
U, Sv, Vh = torch.linalg.svd(X - X.mean(0), full_matrices=False)
U2, S2, V2 = torch.pca_lowrank(X, q=3, center=True, niter=4)
print("singular values", Sv[:3], S2)
print("subspace agree", torch.allclose((V2 @ V2.T), Vh[:3].T @ Vh[:3], atol=1e-3))
evr = Sv.pow(2) / Sv.pow(2).sum()
print("explained variance ratio", evr, "cumulative", evr.cumsum(0)[2])
print("components for 95%", int(torch.searchsorted(evr.cumsum(0), 0.95)) + 1)

# ---- spectral embedding of two rings ----
g = torch.Generator().manual_seed(2)
jitter = 0.3 * torch.rand(60, generator=g, dtype=dt)
ang = (torch.arange(60, dtype=dt) + jitter) * (2 * math.pi / 30)
rad = torch.cat([torch.full((30,), 1.0, dtype=dt), torch.full((30,), 5.0, dtype=dt)])
P = torch.stack([rad * ang.cos(), rad * ang.sin()], 1)
P = P + 0.05 * torch.randn(60, 2, generator=g, dtype=dt)
Dm = torch.cdist(P, P)
k = 4
knn = Dm.topk(k + 1, largest=False).indices[:, 1:]
Adj = torch.zeros(60, 60, dtype=dt).scatter_(1, knn, 1.0)
Adj = torch.maximum(Adj, Adj.T)
deg = Adj.sum(1)
Dinv = deg.rsqrt()
Lsym = torch.eye(60, dtype=dt) - Dinv[:, None] * Adj * Dinv[None, :]
lam_, vec = torch.linalg.eigh(Lsym)
print("smallest laplacian eigenvalues", lam_[:3])
print("components (zero eigenvalues)", int((lam_ < 1e-9).sum()))
emb = vec[:, :2] * Dinv[:, None]
labels = (emb[:, 1] > 0).long()
print("ring labels pure", labels[:30].unique().numel() == 1 and labels[30:].unique().numel() == 1)

# ---- DBSCAN ----
eps_, min_pts = 1.3, 3
neigh = Dm <= eps_
core = neigh.sum(1) >= min_pts
lab = torch.full((60,), -1, dtype=torch.long)
cluster = 0
for i in torch.nonzero(core).flatten().tolist():
    if lab[i] != -1:
        continue
    queue = [i]
    lab[i] = cluster
    while queue:
        j = queue.pop()
        if not core[j]:
            continue
        for nb in torch.nonzero(neigh[j], as_tuple=True)[0].tolist():
            if lab[nb] == -1:
                lab[nb] = cluster
                queue.append(nb)
    cluster += 1
print("dbscan clusters", cluster, "noise", (lab == -1).sum().item(), "core", core.sum().item())
print("cluster sizes", torch.bincount(lab[lab >= 0]).tolist())
truth = torch.cat([torch.zeros(30, dtype=torch.long), torch.ones(30, dtype=torch.long)])
table = torch.bincount(truth * (cluster + 1) + (lab + 1), minlength=2 * (cluster + 1))
print("contingency\n", table.view(2, cluster + 1))
