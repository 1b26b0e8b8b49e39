import torch

# Sparse linear models fitted the way a statistics course writes them: standardising the design
# with correction=0, ridge in closed form (linalg.solve, lstsq, cholesky_solve) and by gradient
# descent, the lasso by cyclic coordinate descent with soft thresholding written with sign /
# clamp_min, by ISTA and by FISTA (checked against F.softshrink), an elastic-net path over a
# geometric grid of penalties with warm starts, and the support each recovers.
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
n, d = 60, 8
X = torch.randn(n, d, dtype=torch.float64)
X[:, 3] = X[:, 2] * 0.9 + 0.1 * torch.randn(n, dtype=torch.float64)  # correlated pair
beta_true = torch.tensor([3.0, -2.0, 0.0, 1.5, 0.0, 0.0, 0.5, 0.0], dtype=torch.float64)
y = X @ beta_true + 0.3 * torch.randn(n, dtype=torch.float64) + 4.0

mu, sd = X.mean(0), X.std(0, correction=0)
print("population sd", sd)
print("sample sd / population", (X.std(0) / sd)[:3], f"{(n / (n - 1)) ** 0.5:.4f}")
print("var unbiased=False equals correction=0",
      torch.equal(X.var(0, unbiased=False), X.var(0, correction=0)))
Z = (X - mu) / sd
yc = y - y.mean()
print("standardised mean", Z.mean(0).abs().max() < 1e-12, "var", Z.var(0, correction=0))

# ridge, three ways
lam = 2.0
G = Z.T @ Z + lam * torch.eye(d, dtype=torch.float64)
b_solve = torch.linalg.solve(G, Z.T @ yc)
L = torch.linalg.cholesky(G)
b_chol = torch.cholesky_solve((Z.T @ yc).unsqueeze(1), L).squeeze(1)
Zaug = torch.cat([Z, lam ** 0.5 * torch.eye(d, dtype=torch.float64)])
b_lstsq = torch.linalg.lstsq(Zaug, torch.cat([yc, torch.zeros(d, dtype=torch.float64)])).solution
print("ridge", b_solve)
print("agree", torch.allclose(b_solve, b_chol), torch.allclose(b_solve, b_lstsq))
w = torch.zeros(d, dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.005)
for step in range(300):
    opt.zero_grad()
    loss = 0.5 * (Z @ w - yc).pow(2).sum() + 0.5 * lam * w.pow(2).sum()
    loss.backward()
    opt.step()
print("ridge by GD", w.detach(), f"{loss.item():.6f}")
print("gap to closed form", f"{(w.detach() - b_solve).norm().item():.3e}")


def soft_threshold(v, t):
    return torch.sign(v) * torch.clamp_min(v.abs() - t, 0.0)


print("soft threshold", soft_threshold(torch.tensor([-2.0, -0.5, 0.0, 0.3, 1.5]), 0.5))
print("softshrink    ", F.softshrink(torch.tensor([-2.0, -0.5, 0.0, 0.3, 1.5]), 0.5))

alpha = 0.1 * n  # penalty on the sum of squares / 2


def lasso_objective(b):
    return 0.5 * (Z @ b - yc).pow(2).sum() + alpha * b.abs().sum()


# cyclic coordinate descent
b = torch.zeros(d, dtype=torch.float64)
col_sq = Z.pow(2).sum(0)
r = yc.clone()
for sweep in range(100):
    b_old = b.clone()
    for j in range(d):
        r += Z[:, j] * b[j]
        rho = Z[:, j] @ r
        b[j] = soft_threshold(rho, alpha) / col_sq[j]
        r -= Z[:, j] * b[j]
    if (b - b_old).abs().max() < 1e-10:
        break
print("CD sweeps", sweep + 1, "objective", f"{lasso_objective(b).item():.6f}")
print("CD beta", b)
print("support", torch.nonzero(b).flatten().tolist(), "nnz", torch.count_nonzero(b).item())

# ISTA and FISTA on the same objective
step = 1.0 / torch.linalg.matrix_norm(Z, ord=2) ** 2
print("step", f"{step.item():.6f}", "lipschitz", f"{(1 / step).item():.4f}")
b_ista = torch.zeros(d, dtype=torch.float64)
hist = []
for it in range(200):
    grad = Z.T @ (Z @ b_ista - yc)
    b_ista = F.softshrink(b_ista - step * grad, (alpha * step).item())
    if it % 50 == 0:
        hist.append(round(lasso_objective(b_ista).item(), 5))
print("ISTA objective", hist, f"{lasso_objective(b_ista).item():.6f}")
b_f = torch.zeros(d, dtype=torch.float64)
v = b_f.clone()
t = 1.0
for it in range(200):
    b_next = soft_threshold(v - step * Z.T @ (Z @ v - yc), alpha * step)
    t_next = (1 + (1 + 4 * t * t) ** 0.5) / 2
    v = b_next + (t - 1) / t_next * (b_next - b_f)
    b_f, t = b_next, t_next
print("FISTA objective", f"{lasso_objective(b_f).item():.6f}")
print("FISTA vs CD", f"{(b_f - b).abs().max().item():.2e}", "ISTA vs CD",
      f"{(b_ista - b).abs().max().item():.2e}")

# elastic net path with warm starts
lams = torch.logspace(1, -2, 6, dtype=torch.float64) * n
print("path lambdas", lams)
l1_ratio = 0.7
b = torch.zeros(d, dtype=torch.float64)
path = []
for lam_k in lams:
    r = yc - Z @ b
    for sweep in range(200):
        delta = 0.0
        for j in range(d):
            r += Z[:, j] * b[j]
            denom = col_sq[j] + lam_k * (1 - l1_ratio)
            new = soft_threshold(Z[:, j] @ r, lam_k * l1_ratio) / denom
            delta = max(delta, (new - b[j]).abs().item())
            b[j] = new
            r -= Z[:, j] * b[j]
        if delta < 1e-9:
            break
    path.append(b.clone())
    print(f"lambda {lam_k.item():9.4f} nnz {int((b != 0).sum())} sweeps {sweep + 1:3d}",
          "norm", f"{b.norm(p=1).item():.5f}")
P = torch.stack(path)
print("path shape", P.shape, "entry order", (P != 0).int().argmax(0).tolist())
print("final coefficients in original units", (P[-1] / sd))
print("intercept", f"{(y.mean() - (P[-1] / sd) @ mu).item():.5f}")
