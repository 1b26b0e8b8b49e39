import torch  # noqa: I001 (the harness requires torch first)

# Iterative linear algebra and spectral graph theory in float64, as a numerical analyst writes
# them: conjugate gradients on the 2-D Poisson matrix built with torch.kron, GMRES by Arnoldi
# (Gram-Schmidt with linalg.vecdot) and a small least-squares solve, Lanczos tridiagonalisation
# against linalg.eigvalsh, power and inverse iteration, spectral clustering of a two-community
# graph by the Fiedler vector of its Laplacian, PageRank by power iteration on a sparse COO
# matrix, random walks with matrix_power, and complex Hermitian inner products.
torch.set_default_dtype(torch.float64)
torch.manual_seed(17)

m = 8
T = 2 * torch.eye(m) - torch.diag(torch.ones(m - 1), 1) - torch.diag(torch.ones(m - 1), -1)
A = torch.kron(torch.eye(m), T) + torch.kron(T, torch.eye(m))
xs = torch.linspace(0, 1, m + 2)[1:-1]
X, Y = torch.meshgrid(xs, xs, indexing="ij")
b = (X * (1 - X) * torch.exp(Y) + 0.1 * torch.randn(m, m)).reshape(-1)
print("Poisson matrix", tuple(A.shape), "symmetric:", torch.equal(A, A.T),
      f"cond {torch.linalg.cond(A).item():.6f}")


def conjugate_gradient(A, b, tol=1e-10, maxiter=200):
    x = torch.zeros_like(b)
    r = b - A @ x
    p = r.clone()
    rs = torch.linalg.vecdot(r, r)
    history = []
    for it in range(maxiter):
        Ap = A @ p
        alpha = rs / torch.linalg.vecdot(p, Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = torch.linalg.vecdot(r, r)
        history.append(rs_new.sqrt().item())
        if rs_new.sqrt() < tol:
            break
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x, it + 1, history


x_cg, iters, hist = conjugate_gradient(A, b)
x_direct = torch.linalg.solve(A, b)
print("CG iterations", iters, "residual", f"{hist[-1]:.1e}",
      "matches solve:", torch.allclose(x_cg, x_direct, atol=1e-9))
print("CG residuals (first 5)", [f"{h:.6e}" for h in hist[:5]])
print("CG converges in at most n steps:", iters <= m * m)


def gmres(A, b, k):
    n = b.shape[0]
    Q = torch.zeros(n, k + 1)
    H = torch.zeros(k + 1, k)
    beta = torch.linalg.vector_norm(b)
    Q[:, 0] = b / beta
    for j in range(k):
        w = A @ Q[:, j]
        for i in range(j + 1):
            H[i, j] = torch.linalg.vecdot(Q[:, i], w)
            w = w - H[i, j] * Q[:, i]
        H[j + 1, j] = torch.linalg.vector_norm(w)
        Q[:, j + 1] = w / H[j + 1, j]
    e1 = torch.zeros(k + 1)
    e1[0] = beta
    y = torch.linalg.lstsq(H, e1.unsqueeze(1)).solution.squeeze(1)
    return Q[:, :k] @ y, H


N = torch.randn(30, 30) / 30 + torch.eye(30)
rhs = torch.randn(30)
for k in (5, 10, 20):
    xk, H = gmres(N, rhs, k)
    residual = torch.linalg.vector_norm(N @ xk - rhs).item()
    print(f"GMRES k={k}", f"residual {residual:.6e}" if residual > 1e-12 else "converged")
print("Hessenberg below subdiagonal is zero:", torch.equal(torch.tril(H, -2), torch.zeros_like(H)))

# Lanczos: the Ritz values approach the extreme eigenvalues.
S = torch.randn(40, 40)
S = (S + S.T) / 2
q = torch.randn(40)
q = q / q.norm()
alphas, betas, q_prev, beta = [], [], torch.zeros(40), torch.tensor(0.0)
for j in range(15):
    v = S @ q - beta * q_prev
    a = torch.linalg.vecdot(q, v)
    v = v - a * q
    beta = v.norm()
    alphas.append(a)
    betas.append(beta)
    q_prev, q = q, v / beta
Tk = torch.diag(torch.stack(alphas)) + torch.diag(torch.stack(betas[:-1]), 1) \
    + torch.diag(torch.stack(betas[:-1]), -1)
ritz = torch.linalg.eigvalsh(Tk)
exact = torch.linalg.eigvalsh(S)
print(f"largest Ritz {ritz[-1].item():.6f} vs eigenvalue {exact[-1].item():.8f}")
print(f"smallest Ritz {ritz[0].item():.6f} vs eigenvalue {exact[0].item():.8f}")

# Power and shifted inverse iteration.
v = torch.rand(m * m)
for _ in range(300):
    v = A @ v
    v = v / v.norm()
print(f"power iteration {torch.linalg.vecdot(v, A @ v).item():.8f}",
      f"eigvalsh max {torch.linalg.eigvalsh(A)[-1].item():.8f}")
LU, piv = torch.linalg.lu_factor(A - 0.1 * torch.eye(m * m))
v = torch.ones(m * m)
for _ in range(20):
    v = torch.linalg.lu_solve(LU, piv, v.unsqueeze(1)).squeeze(1)
    v = v / v.norm()
print(f"inverse iteration {torch.linalg.vecdot(v, A @ v).item():.10f}",
      f"(exact {8 * torch.sin(torch.tensor(torch.pi / (2 * (m + 1)))).pow(2).item():.10f})")

# Spectral clustering of two communities.
n = 20
labels = torch.arange(n) >= n // 2
probs = torch.where(labels[:, None] == labels[None, :], torch.tensor(0.8), torch.tensor(0.05))
adj = torch.bernoulli(torch.triu(probs, 1))
adj = adj + adj.T
deg = adj.sum(1)
L = torch.diag(deg) - adj
evals, evecs = torch.linalg.eigh(L)
fiedler = evecs[:, 1]
guess = fiedler > 0
agreement = max((guess == labels).float().mean().item(), (guess != labels).float().mean().item())
print("Laplacian eigenvalues 2-4", evals[1:4], f"smallest |{evals[0].abs().item() < 1e-12}|")
print("connected:", evals[1].item() > 1e-9, "clustering agreement", agreement)
Lsym = torch.eye(n) - adj / torch.sqrt(deg[:, None] * deg[None, :])
print("normalised Laplacian spectrum in [0, 2]:",
      bool(((torch.linalg.eigvalsh(Lsym) > -1e-12) & (torch.linalg.eigvalsh(Lsym) < 2)).all()))

# PageRank on a sparse matrix.
edges = torch.tensor([[0, 1, 1, 2, 2, 3, 4, 4, 5], [1, 2, 3, 0, 4, 4, 5, 0, 0]])
out_deg = torch.bincount(edges[0], minlength=6).double()
P = torch.sparse_coo_tensor(edges.flip(0), 1.0 / out_deg[edges[0]], (6, 6)).coalesce()
rank = torch.full((6,), 1 / 6)
for _ in range(100):
    rank = 0.85 * torch.sparse.mm(P, rank.unsqueeze(1)).squeeze(1) + 0.15 / 6
print("PageRank", rank, f"sum {rank.sum().item():.12f}")
dense = P.to_dense()
walk = torch.linalg.matrix_power(dense, 50) @ torch.full((6,), 1 / 6)
print("50-step random walk", walk)
print("stationary check:", torch.allclose(dense @ walk, walk, atol=1e-6))

# Complex inner products: vecdot conjugates its first argument.
u = torch.randn(3, 4, dtype=torch.complex128)
w = torch.randn(4, dtype=torch.complex128)
print("vecdot", torch.linalg.vecdot(u, w))
print("== sum(conj(u) * w):", torch.allclose(torch.linalg.vecdot(u, w), (u.conj() * w).sum(-1)),
      "vdot of rows:", torch.allclose(torch.linalg.vecdot(u[0], w), torch.vdot(u[0], w)))
print("norms are real:", torch.linalg.vecdot(u, u))
