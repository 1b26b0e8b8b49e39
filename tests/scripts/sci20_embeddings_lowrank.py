import torch  # noqa: I001 (the harness requires torch first)

# Dimensionality reduction as a data scientist writes it from scratch in float64: classical
# multidimensional scaling (double centring of squared distances, eigh, top eigenpairs),
# t-SNE by hand (perplexity calibrated by bisection per point, Student-t affinities, early
# exaggeration and momentum gradient steps against the autograd gradient of the KL loss),
# spectral clustering of concentric rings with a Gaussian affinity and the normalised
# Laplacian's eigenvectors (k-means on them), and randomized low-rank factorizations
# (torch.svd_lowrank and torch.pca_lowrank) against the exact SVD.
import math

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)
torch.manual_seed(11)

# three Gaussian clusters in 5-D
centres = torch.tensor([[0.0, 0, 0, 0, 0], [4.0, 4, 0, 0, 0], [0.0, 4, 4, 1, 0]])
labels = torch.arange(3).repeat_interleave(20)
X = centres[labels] + 0.6 * torch.randn(60, 5)

# --- classical MDS
D2 = torch.cdist(X, X) ** 2
n = D2.shape[0]
J = torch.eye(n) - torch.full((n, n), 1.0 / n)
B = -0.5 * J @ D2 @ J
evals, evecs = torch.linalg.eigh(B)
top = evals.flip(0)[:3]
print("top MDS eigenvalues", top, "negative count", int((evals < -1e-9).sum()))
Y = evecs[:, -2:].flip(1) * torch.sqrt(evals[-2:].flip(0))
Y = Y * torch.sign(Y[0])
print("embedding first rows\n", Y[:3])
stress = ((torch.cdist(Y, Y) - torch.cdist(X, X)) ** 2).sum() / (torch.cdist(X, X) ** 2).sum()
print(f"stress {stress.item():.6f}")
Xc = X - X.mean(0)
U, S, Vh = torch.linalg.svd(Xc, full_matrices=False)
print("MDS == PCA", torch.allclose(S[:2] ** 2, evals[-2:].flip(0)))

# --- randomized low rank
A = Xc @ torch.randn(5, 40) + 1e-3 * torch.randn(60, 40)
U_r, S_r, V_r = torch.svd_lowrank(A, q=6, niter=3)
S_exact = torch.linalg.svdvals(A)
print("svd_lowrank shapes", U_r.shape, S_r.shape, V_r.shape)
print("top singular values exact", S_exact[:5])
print("lowrank agrees", torch.allclose(S_r[:5], S_exact[:5], rtol=1e-8))
recon = U_r[:, :5] @ torch.diag(S_r[:5]) @ V_r[:, :5].T
print(f"rank-5 reconstruction error {(recon - A).norm().item() / A.norm().item():.3e}")
Up, Sp, Vp = torch.pca_lowrank(X, q=4, center=True)
print("pca_lowrank sv", Sp[:3], "exact", S[:3])
print("explained variance ratio", (Sp[:3] ** 2 / (Xc**2).sum()))
Up2, Sp2, Vp2 = torch.pca_lowrank(X, q=3, center=False, niter=4)
print("uncentred leading sv", Sp2[0], "vs", torch.linalg.svdvals(X)[0])


# --- t-SNE by hand
def affinities(X, perplexity=10.0):
    D = torch.cdist(X, X) ** 2
    n = D.shape[0]
    target = math.log(perplexity)
    lo = torch.full((n,), 1e-10)
    hi = torch.full((n,), 1e4)
    beta = torch.ones(n)
    mask = ~torch.eye(n, dtype=torch.bool)
    for _ in range(60):
        logits = torch.where(mask, -D * beta[:, None], torch.tensor(-math.inf))
        P = torch.softmax(logits, dim=1)
        H = -(torch.special.xlogy(P, P)).sum(1)
        too_flat = H > target
        lo = torch.where(too_flat, beta, lo)
        hi = torch.where(too_flat, hi, beta)
        beta = torch.where(hi < 1e4, (lo + hi) / 2, beta * 2)
    P = (P + P.T) / (2 * n)
    return P, beta, H


P, beta, H = affinities(X)
print("perplexity reached", torch.exp(H[:4]), "betas", beta[:4])
print("P sums to", P.sum().item(), "symmetric", torch.equal(P, P.T))

Yt = 1e-2 * torch.randn(60, 2, generator=torch.Generator().manual_seed(5))
velocity = torch.zeros_like(Yt)
mask = ~torch.eye(60, dtype=torch.bool)


def kl_loss(Y, P):
    num = 1.0 / (1.0 + torch.cdist(Y, Y) ** 2)
    num = num * mask
    Q = num / num.sum()
    return (torch.special.xlogy(P, P) - torch.special.xlogy(P, Q.clamp_min(1e-300))).sum(), Q, num


for it in range(300):
    exaggeration = 4.0 if it < 60 else 1.0
    momentum = 0.5 if it < 60 else 0.6
    loss, Q, num = kl_loss(Yt, P)
    diff = Yt[:, None, :] - Yt[None, :, :]
    grad = 4 * ((exaggeration * P - Q) * num)[:, :, None].mul(diff).sum(1)
    if it == 0:
        Yg = Yt.clone().requires_grad_(True)
        (auto,) = torch.autograd.grad(kl_loss(Yg, P)[0], Yg)
        # the sum of Q is taken over every pair: the closed form uses the same normalisation
        plain = 4 * ((P - Q) * num)[:, :, None].mul(diff).sum(1)
        print("analytic gradient == autograd", torch.allclose(plain, auto, atol=1e-12))
    velocity = momentum * velocity - 20.0 * grad
    Yt = Yt + velocity
    Yt = Yt - Yt.mean(0)
    if it % 75 == 74:
        print(f"t-SNE iter {it + 1} KL {loss.item():.6f}")
centroids = torch.stack([Yt[labels == k].mean(0) for k in range(3)])
spread = torch.stack([(Yt[labels == k] - centroids[k]).norm(dim=1).mean() for k in range(3)])
gap = torch.pdist(centroids).min()
print("clusters separated", bool(gap > 2 * spread.max()))

# --- spectral clustering of two rings
theta = torch.linspace(0, 2 * math.pi, 41)[:-1]
ring = torch.stack([torch.cos(theta), torch.sin(theta)], 1)
pts = torch.cat([ring, 3 * ring]) + 0.05 * torch.randn(80, 2)
W = torch.exp(-(torch.cdist(pts, pts) ** 2) / (2 * 0.3**2))
W.fill_diagonal_(0)
d = W.sum(1)
Lsym = torch.eye(80) - W / torch.sqrt(d[:, None] * d[None, :])
lam, vec = torch.linalg.eigh(Lsym)
print("smallest Laplacian eigenvalues", lam[:4])
emb = vec[:, :2] / vec[:, :2].norm(dim=1, keepdim=True)
cent = emb[[0, 79]]
for _ in range(10):
    assign = torch.cdist(emb, cent).argmin(1)
    cent = torch.stack([emb[assign == k].mean(0) for k in range(2)])
truth = torch.arange(2).repeat_interleave(40)
agree = (assign == truth).double().mean().item()
print("ring purity", max(agree, 1 - agree), "cluster sizes", torch.bincount(assign).tolist())
print("pdist length", torch.pdist(pts).shape, "p=1 sample", torch.pdist(pts[:3], p=1))
