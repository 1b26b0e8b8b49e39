import torch  # noqa: I001 (the harness requires torch first)

# Bayesian linear regression in float64 the way a statistician writes it: the conjugate
# Gaussian posterior through a Cholesky factor (cholesky_inverse, solve_triangular with
# left=False and unitriangular), the log evidence against MultivariateNormal's marginal
# log_prob, the posterior in precision form, LDL and LU factorisations (ldl_factor/ldl_solve,
# lu_factor_ex/lu_solve with adjoint, lu/lu_unpack), Householder QR pieces (geqrf,
# householder_product, ormqr), solve_ex, multi_dot, and gradients of the evidence with respect
# to the prior and noise precisions.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(2024)
n, d = 40, 4
X = torch.cat([torch.ones(n, 1), torch.randn(n, d - 1)], dim=1)
w_true = torch.tensor([0.5, -1.0, 2.0, 0.25])
y = X @ w_true + 0.3 * torch.randn(n)

alpha = torch.tensor(2.0, requires_grad=True)   # prior precision
beta = torch.tensor(10.0, requires_grad=True)   # noise precision

A = alpha * torch.eye(d) + beta * X.T @ X
L = torch.linalg.cholesky(A)
mean = beta * torch.cholesky_solve((X.T @ y).unsqueeze(1), L).squeeze(1)
cov = torch.cholesky_inverse(L)
print("posterior mean", mean.detach())
print("posterior sd", cov.diagonal().sqrt().detach())
print("cov == inv(A):", torch.allclose(cov, torch.linalg.inv(A)))

resid = y - X @ mean
log_ev = (d / 2 * torch.log(alpha) + n / 2 * torch.log(beta)
          - beta / 2 * resid.pow(2).sum() - alpha / 2 * mean.pow(2).sum()
          - torch.log(torch.diagonal(L)).sum() - n / 2 * math.log(2 * math.pi))
marginal = torch.distributions.MultivariateNormal(
    torch.zeros(n), covariance_matrix=X @ X.T / alpha + torch.eye(n) / beta)
print(f"log evidence {log_ev.item():.10f}")
print(f"marginal log_prob {marginal.log_prob(y).item():.10f}")
g_alpha, g_beta = torch.autograd.grad(log_ev, (alpha, beta))
print(f"d/d alpha {g_alpha.item():.8f} d/d beta {g_beta.item():.8f}")
g2 = torch.autograd.grad(marginal.log_prob(y), (alpha, beta))
print("same gradients:", all(torch.allclose(a, b) for a, b in zip((g_alpha, g_beta), g2)))

# Evidence maximisation (type-II ML) with log-parameters.
log_a = torch.zeros((), requires_grad=True)
log_b = torch.zeros((), requires_grad=True)
opt = torch.optim.Adam([log_a, log_b], lr=0.1)
for step in range(60):
    opt.zero_grad()
    cov_y = X @ X.T / log_a.exp() + torch.eye(n) / log_b.exp()
    nll = -torch.distributions.MultivariateNormal(torch.zeros(n), cov_y).log_prob(y)
    nll.backward()
    opt.step()
    if step % 20 == 19:
        print(f"step {step + 1} nll {nll.item():.8f} alpha {log_a.exp().item():.6f} "
              f"beta {log_b.exp().item():.6f}")

# Precision-form posterior and its predictive.
post = torch.distributions.MultivariateNormal(mean.detach(), precision_matrix=A.detach())
print("scale_tril", post.scale_tril)
x_new = torch.tensor([[1.0, 0.0, 0.5, -1.0], [1.0, 2.0, -1.0, 0.0]])
pred_var = torch.linalg.multi_dot([x_new, post.covariance_matrix, x_new.T]).diagonal() + 0.1
print("predictive", (x_new @ post.mean), pred_var)
print("entropy", f"{post.entropy().item():.10f}")

# Triangular solves on either side.
B = torch.randn(3, d)
Z = torch.linalg.solve_triangular(L.detach(), B, upper=False, left=False)
print("Z L == B:", torch.allclose(Z @ L.detach(), B))
U = torch.triu(torch.randn(d, d)) + 3 * torch.eye(d)
Zu = torch.linalg.solve_triangular(U, B.T, upper=True, unitriangular=True)
U1 = U.triu(1) + torch.eye(d)
print("unitriangular ignores the diagonal:", torch.allclose(U1 @ Zu, B.T))
print("triangular_solve", torch.triangular_solve(B.T, U, upper=True).solution[:, 0])

# Symmetric indefinite systems by LDL^T.
S = torch.randn(d, d)
S = S + S.T
LD, pivots = torch.linalg.ldl_factor(S)
rhs = torch.randn(d, 2)
sol = torch.linalg.ldl_solve(LD, pivots, rhs)
print("ldl residual small:", torch.allclose(S @ sol, rhs))
print("pivots", pivots)

# LU with info codes and adjoint solves; the explicit P, L, U.
LUf, piv, info = torch.linalg.lu_factor_ex(S)
print("lu info", info, "pivots", piv)
sol_adj = torch.linalg.lu_solve(LUf, piv, rhs, adjoint=True)
print("adjoint solve:", torch.allclose(S.T @ sol_adj, rhs))
sol_left = torch.linalg.lu_solve(LUf, piv, rhs.T, left=False)
print("right solve:", torch.allclose(sol_left @ S, rhs.T))
P, Lf, Uf = torch.lu_unpack(LUf, piv)
print("P L U == S:", torch.allclose(P @ Lf @ Uf, S))
P2, L2, U2 = torch.linalg.lu(S)
print("lu matches unpack:", torch.equal(P, P2), torch.allclose(L2, Lf))
singular = torch.ones(3, 3)
print("singular info", torch.linalg.lu_factor_ex(singular).info,
      torch.linalg.solve_ex(singular, torch.ones(3)).info)

# Householder QR: geqrf's reflectors, Q rebuilt, Q^T applied without forming Q.
a, tau = torch.geqrf(X)
Q = torch.linalg.householder_product(a, tau)
Qr, Rr = torch.linalg.qr(X)
print("Q agrees up to signs:", torch.allclose(Q.abs(), Qr.abs()))
QTy = torch.ormqr(a, tau, y.unsqueeze(1), transpose=True)[:d, 0]
R = a[:d].triu()
w_qr = torch.linalg.solve_triangular(R, QTy.unsqueeze(1), upper=True).squeeze(1)
print("least squares by QR", w_qr)
print("lstsq", torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1))
print("R mode", torch.linalg.qr(X, mode="r")[0].shape, torch.linalg.qr(X, mode="r")[1].shape,
      "complete", torch.linalg.qr(X, mode="complete")[0].shape)

# Gradients through the factorisations, checked in float64.
M = torch.randn(d, d)
M = (M @ M.T + d * torch.eye(d)).requires_grad_(True)
print("gradcheck cholesky_inverse:", torch.autograd.gradcheck(
    lambda m: torch.cholesky_inverse(torch.linalg.cholesky((m + m.T) / 2)), (M,)))
print("gradcheck lu_solve:", torch.autograd.gradcheck(
    lambda m: torch.linalg.lu_solve(*torch.linalg.lu_factor(m), rhs), (M,)))
print("gradcheck householder_product:", torch.autograd.gradcheck(
    torch.linalg.householder_product, (a.clone().requires_grad_(), tau.clone().requires_grad_())))
print("gradcheck ldl_solve via solve_triangular:", torch.autograd.gradcheck(
    lambda m: torch.linalg.solve_triangular(m.triu(), rhs, upper=True, left=True), (M,)))
