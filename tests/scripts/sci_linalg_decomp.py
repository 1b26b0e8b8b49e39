import torch

# Matrix decompositions a numerical analyst leans on, in float64: a thin SVD and the Eckart-Young
# low-rank error, eigh with gradients of an eigenvalue (d lambda = v^T dA v), lstsq with each CPU
# driver on a polynomial fit, matrix_exp and its gradient against a finite difference, the
# nuclear norm as a convex surrogate for rank, pinv and cond, and k-means by cdist.
torch.manual_seed(13)
torch.set_default_dtype(torch.float64)

A = torch.randn(8, 5) @ torch.diag(torch.tensor([5.0, 3.0, 1.0, 0.1, 0.01])) @ torch.randn(5, 5)
U, S, Vh = torch.linalg.svd(A, full_matrices=False)
print("thin svd", tuple(U.shape), tuple(S.shape), tuple(Vh.shape))
print("singular values", S.numpy().round(8))
print("svdvals agree:", torch.allclose(torch.linalg.svdvals(A), S))
for k in (1, 2, 3):
    Ak = U[:, :k] @ torch.diag(S[:k]) @ Vh[:k]
    err = torch.linalg.matrix_norm(A - Ak, ord=2)
    print(f"rank {k}: spectral error {err.item():.8f} = next singular value {S[k].item():.8f}")
print("norms fro", round(torch.linalg.matrix_norm(A).item(), 8),
      "nuc", round(torch.linalg.matrix_norm(A, ord="nuc").item(), 8),
      "-2", round(torch.linalg.matrix_norm(A, ord=-2).item(), 8),
      "inf", round(torch.linalg.matrix_norm(A, ord=float("inf")).item(), 8))
print("cond 2", round(torch.linalg.cond(A).item(), 6), "cond fro (square)",
      round(torch.linalg.cond(A[:5]).item(), 6), "matrix_rank", torch.linalg.matrix_rank(A).item(),
      "rank at rtol 1e-2", torch.linalg.matrix_rank(A, rtol=1e-2).item())
P = torch.linalg.pinv(A)
print("pinv is a generalized inverse:", torch.allclose(A @ P @ A, A), tuple(P.shape))
print("pinv(rtol) rank-3 part", torch.linalg.pinv(A, rtol=0.05).norm().item().__round__(6))

# Sensitivity of the smallest and largest eigenvalue of a symmetric matrix.
B = torch.randn(4, 4)
M = (B + B.T).requires_grad_()
evals, evecs = torch.linalg.eigh(M)
print("eigh values", evals.detach().numpy().round(8))
(evals[0] + 2 * evals[-1]).backward()
v0, v3 = evecs[:, 0].detach(), evecs[:, -1].detach()
print("d(lambda) = v v^T:", torch.allclose(M.grad, torch.outer(v0, v0) + 2 * torch.outer(v3, v3)))
print("eigvalsh", torch.linalg.eigvalsh(M.detach(), UPLO="U").numpy().round(8))
w, V = torch.linalg.eig(M.detach())
print("eig real parts sorted", w.real.sort().values.numpy().round(8), w.dtype, V.dtype)
C = torch.tensor([[0.0, -2.0], [2.0, 0.0]])
print("eigvals of a rotation generator", torch.linalg.eigvals(C))

# Polynomial least squares through every CPU driver.
t = torch.linspace(-1, 1, 25)
y = 1 - 2 * t + 0.5 * t ** 3 + 0.05 * torch.randn(25)
V = torch.linalg.vander(t, N=4)
for driver in ("gels", "gelsy", "gelsd", "gelss"):
    fit = torch.linalg.lstsq(V, y.unsqueeze(-1), driver=driver)
    print(f"{driver:5s} coef {fit.solution.squeeze().numpy().round(6)} rank {fit.rank}"
          f" residuals {fit.residuals.numpy().round(8)} sv {fit.singular_values.shape}")
normal_eq = torch.linalg.solve(V.T @ V, V.T @ y)
print("normal equations agree:", torch.allclose(normal_eq, torch.linalg.lstsq(V, y.unsqueeze(-1))
                                                .solution.squeeze()))

# The matrix exponential of a damped oscillator and its gradient in the damping.
damping = torch.tensor(0.3, requires_grad=True)
G = torch.stack([torch.stack([torch.tensor(0.0), torch.tensor(1.0)]),
                 torch.stack([torch.tensor(-4.0), -damping])])
E = torch.linalg.matrix_exp(G * 2.0)
print("exp(2G)", E.detach().numpy().round(8))
E[0, 0].backward()
h = 1e-6
fd = (torch.linalg.matrix_exp(torch.tensor([[0.0, 1.0], [-4.0, -0.3 - h]]) * 2)[0, 0]
      - torch.linalg.matrix_exp(torch.tensor([[0.0, 1.0], [-4.0, -0.3 + h]]) * 2)[0, 0]) / (2 * h)
print(f"d exp / d damping {damping.grad.item():.8f} finite difference {fd.item():.8f}")
print("det exp = exp trace:", torch.allclose(torch.linalg.det(E), torch.exp(torch.trace(G * 2))))

# Matrix completion by nuclear-norm-regularised least squares (subgradient through svd).
truth = torch.randn(6, 2) @ torch.randn(2, 6)
mask = torch.rand(6, 6) < 0.7
X = torch.zeros(6, 6, requires_grad=True)
optimizer = torch.optim.Adam([X], lr=0.1)
for step in range(40):
    optimizer.zero_grad()
    loss = ((X - truth)[mask] ** 2).sum() + 0.1 * torch.linalg.matrix_norm(X, ord="nuc")
    loss.backward()
    optimizer.step()
    if step % 10 == 0 or step == 39:
        print(f"step {step:2d} loss {loss.item():.6f}")
print("completed spectrum", torch.linalg.svdvals(X.detach()).numpy().round(4))

# k-means by cdist.
centres_true = ([0.0, 0.0], [4.0, 1.0], [1.0, 5.0])
points = torch.cat([torch.randn(20, 2) + torch.tensor(c) for c in centres_true])
centres = points[[0, 20, 40]].clone()
for it in range(5):
    assign = torch.cdist(points, centres).argmin(1)
    centres = torch.stack([points[assign == k].mean(0) for k in range(3)])
    inertia = torch.cdist(points, centres).min(1).values.pow(2).sum()
    print(f"kmeans {it} inertia {inertia.item():.6f} sizes {torch.bincount(assign).tolist()}")
print("centres", centres.numpy().round(5))
