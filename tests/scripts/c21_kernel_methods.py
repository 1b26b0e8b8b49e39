import torch

# Kernel methods in tensors: an RBF kernel from cdist (its p=2 and squared forms), kernel ridge
# regression by cholesky / cholesky_solve with the leave-one-out error from the hat matrix,
# Nystroem features from a landmark subset (eigh with clamped eigenvalues), random Fourier
# features drawn from a Generator, a soft-margin SVM solved in the dual by projected gradient
# (box clamp + equality projection) and its support vectors, and kernel PCA with centring.
import math

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
dt = torch.float64

n = 40
x = torch.linspace(-3, 3, n, dtype=dt).unsqueeze(1)
y = torch.sin(2 * x).squeeze(1) + 0.1 * torch.randn(n, dtype=dt)
xt = torch.linspace(-3.5, 3.5, 9, dtype=dt).unsqueeze(1)


def rbf(a, b, gamma):
    return torch.exp(-gamma * torch.cdist(a, b).pow(2))


D2 = torch.cdist(x, x, p=2.0).pow(2)
D2b = (x.pow(2).sum(1, keepdim=True) - 2 * x @ x.T + x.pow(2).sum(1)).clamp_min(0)
print("cdist^2 vs expansion", f"{(D2 - D2b).abs().max().item():.1e}")
print("cdist modes agree",
      torch.allclose(torch.cdist(x, xt, compute_mode="use_mm_for_euclid_dist"),
                     torch.cdist(x, xt, compute_mode="donot_use_mm_for_euclid_dist")))
print("p=1 and inf", torch.cdist(xt[:3], xt[:2], p=1), torch.cdist(xt[:3], xt[:2], p=float("inf")))

for gamma in (0.5, 2.0):
    for lam in (1e-2, 1e-1):
        K = rbf(x, x, gamma)
        L, info = torch.linalg.cholesky_ex(K + lam * torch.eye(n, dtype=dt))
        alpha = torch.cholesky_solve(y.unsqueeze(1), L).squeeze(1)
        H = K @ torch.cholesky_inverse(L)
        resid = (y - H @ y) / (1 - H.diagonal())
        pred = rbf(xt, x, gamma) @ alpha
        print(f"gamma {gamma} lam {lam} info {info.item()} loo {resid.pow(2).mean().item():.5f}",
              "dof", f"{H.trace().item():.3f}")
print("pred", pred)
print("truth", torch.sin(2 * xt).squeeze(1))

# cholesky of a singular kernel fails without the jitter
K_dup = rbf(torch.cat([x[:3], x[:3]]), torch.cat([x[:3], x[:3]]), 1.0)
L_bad, info = torch.linalg.cholesky_ex(K_dup)
print("duplicate points: info", info.item())
try:
    torch.linalg.cholesky(K_dup)
except torch.linalg.LinAlgError as e:
    print("LinAlgError:", e)

# Nystroem features
g = torch.Generator().manual_seed(3)
idx = torch.randperm(n, generator=g)[:10]
Kmm = rbf(x[idx], x[idx], 0.5)
evals, evecs = torch.linalg.eigh(Kmm)
evals = evals.clamp_min(1e-10)
T = evecs / evals.sqrt()
Phi = rbf(x, x[idx], 0.5) @ T
print("landmarks", idx.tolist())
print("nystroem approximation error", f"{(Phi @ Phi.T - rbf(x, x, 0.5)).norm().item():.4e}")
w = torch.linalg.solve(Phi.T @ Phi + 0.01 * torch.eye(10, dtype=dt), Phi.T @ y)
print("nystroem ridge train mse", f"{(Phi @ w - y).pow(2).mean().item():.5f}")

# random Fourier features for the same kernel (gamma = 0.5 -> sigma = 1)
g = torch.Generator().manual_seed(7)
m = 200
W = torch.randn(1, m, generator=g, dtype=dt)
bias = torch.rand(m, generator=g, dtype=dt) * 2 * math.pi
Z = math.sqrt(2.0 / m) * torch.cos(x @ W + bias)
print("rff kernel error", f"{(Z @ Z.T - rbf(x, x, 0.5)).abs().max().item():.4f}")
w_rff = torch.linalg.lstsq(Z, y.unsqueeze(1), driver="gelsd").solution
print("rff lstsq residual", f"{(Z @ w_rff).squeeze(1).sub(y).pow(2).mean().item():.5f}")

# soft-margin SVM in the dual: max sum(a) - 1/2 a^T Q a, 0 <= a <= C, y^T a = 0
g = torch.Generator().manual_seed(11)
m = 30
pts = torch.cat([torch.randn(m // 2, 2, generator=g, dtype=dt) + 1.5,
                 torch.randn(m // 2, 2, generator=g, dtype=dt) - 1.5])
lab = torch.cat([torch.ones(m // 2, dtype=dt), -torch.ones(m // 2, dtype=dt)])
Kp = rbf(pts, pts, 0.3)
Q = lab[:, None] * lab[None, :] * Kp
C = 1.0
a = torch.zeros(m, dtype=dt)
lr = 1.0 / torch.linalg.eigvalsh(Q).max()
for it in range(500):
    a = a + lr * (1 - Q @ a)
    a = a - (lab @ a) / m * lab
    a = a.clamp(0, C)
dual = a.sum() - 0.5 * a @ Q @ a
sv = torch.where((a > 1e-6) & (a < C - 1e-6))[0]
b0 = (lab[sv] - (a * lab) @ Kp[:, sv]).mean()
decision = (a * lab) @ Kp + b0
print("dual objective", f"{dual.item():.6f}", "equality residual", f"{(lab @ a).abs().item():.1e}")
print("support vectors", (a > 1e-6).sum().item(), "at bound", (a >= C - 1e-6).sum().item())
print("train accuracy", (decision.sign() == lab).double().mean().item())
print("margins", decision[sv].mul(lab[sv]))

# kernel PCA with double centring
Kc = rbf(pts, pts, 0.3)
one = torch.full((m, m), 1.0 / m, dtype=dt)
Kc = Kc - one @ Kc - Kc @ one + one @ Kc @ one
ev, V = torch.linalg.eigh(Kc)
ev, V = ev.flip(0), V.flip(1)
proj = V[:, :2] * ev[:2].sqrt()
proj = proj * proj[0].sign()  # fix the eigenvector signs
print("kpca eigenvalues", ev[:4])
print("explained", (ev[:2].sum() / ev.clamp_min(0).sum()).item() > 0.3)
print("class means in kpca space", proj[:m // 2].mean(0), proj[m // 2:].mean(0))
