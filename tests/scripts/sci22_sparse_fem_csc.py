import torch

import math

# Sparse finite-difference and finite-element workflows in the three compressed layouts the
# SciPy-minded write: a 2-D Poisson matrix in CSR and its CSC twin (csr.t() and to_sparse_csc),
# conjugate gradients with a Jacobi preconditioner, Crank-Nicolson heat steps, a least-squares
# fit through a CSC design matrix, and a coefficient-recovery problem whose gradient flows
# through a dense matrix made sparse (torch sends such a matrix the dense gradient).
torch.set_printoptions(precision=6)
dtype = torch.float64

# --- 1. the 2-D five-point Laplacian, assembled once, stored three ways ----------------------
n = 12
N = n * n
h = 1.0 / (n + 1)
main = torch.full((N,), 4.0, dtype=dtype)
side = -torch.ones(N, dtype=dtype)
side_x = side.clone()
side_x[torch.arange(N) % n == 0] = 0.0  # no coupling across the grid's rows
# spdiags takes entry (r, r + k) from column r + k of its row: the sub-diagonal's zeros sit
# one column before a grid row starts, the super-diagonal's at the start
diags = torch.stack([main, side_x.roll(-1), side_x, side, side])
offsets = torch.tensor([0, -1, 1, -n, n])
A_coo = torch.sparse.spdiags(diags, offsets, (N, N)).coalesce()
A = (A_coo / h ** 2).to_sparse_csr()
print("layout:", A.layout, "| nnz:", A._nnz(), "| shape:", A.shape)
print("first crow_indices:", A.crow_indices()[:6])
At = A.t()
print("A.t() layout:", At.layout, "| ccol == crow:",
      torch.equal(At.ccol_indices(), A.crow_indices()))
A_csc = A.to_sparse_csc()
print("to_sparse_csc layout:", A_csc.layout, "| symmetric:",
      torch.equal(A_csc.ccol_indices(), A.crow_indices())
      and torch.equal(A_csc.row_indices(), A.col_indices()))
print("CSC values equal CSR values (symmetric matrix):", torch.equal(A_csc.values(), A.values()))
dense = A.to_dense()
print("dense symmetric:", torch.equal(dense, dense.T),
      "| row sums at a corner:", dense[0].sum().item() * h ** 2)
ev = torch.linalg.eigvalsh(dense)
exact_min = 2 * (2 - 2 * math.cos(math.pi * h)) / h ** 2
print("smallest eigenvalue %.6f (exact %.6f)" % (ev[0].item(), exact_min))
print("condition number: %.4f" % (ev[-1] / ev[0]).item())

# --- 2. preconditioned conjugate gradients on the CSR and the CSC matrix ----------------------
xs = torch.arange(1, n + 1, dtype=dtype) * h
X, Y = torch.meshgrid(xs, xs, indexing="ij")
# -lap u = f with u = x(1 - x) y(1 - y) exp(x + y): not an eigenvector of the matrix
u_exact = (X * (1 - X) * Y * (1 - Y) * torch.exp(X + Y)).reshape(-1)
f = (((X ** 2 + 3 * X) * Y * (1 - Y) + (Y ** 2 + 3 * Y) * X * (1 - X))
     * torch.exp(X + Y)).reshape(-1)

def pcg(matvec, b, diag, tol=1e-10, maxiter=300):
    x = torch.zeros_like(b)
    r = b - matvec(x)
    z = r / diag
    p = z.clone()
    rz = r @ z
    for k in range(maxiter):
        Ap = matvec(p)
        alpha = rz / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        if r.norm() < tol * b.norm():
            return x, k + 1
        z = r / diag
        rz_new = r @ z
        p = z + (rz_new / rz) * p
        rz = rz_new
    return x, maxiter

diag = torch.full((N,), 4.0 / h ** 2, dtype=dtype)
u_csr, it_csr = pcg(lambda v: A @ v, f, diag)
u_csc, it_csc = pcg(lambda v: A_csc @ v, f, diag)
print("PCG iterations (CSR, CSC):", it_csr, it_csc)
print("CSR and CSC solutions agree:", torch.allclose(u_csr, u_csc, rtol=1e-12, atol=1e-12))
print("discretisation error: %.6e" % (u_csr - u_exact).abs().max().item())
print("agrees with a dense solve:", torch.allclose(u_csr, torch.linalg.solve(dense, f), rtol=1e-8))
print("residual small:", ((A @ u_csr - f).norm() / f.norm()).item() < 1e-9)
print("mv and matmul agree:",
      torch.allclose(torch.mv(A, u_csr), A.matmul(u_csr.unsqueeze(1)).squeeze(1)))

# --- 3. Crank-Nicolson for u_t = lap u in 1-D, each step by CG on a CSC matrix ---------------
m = 40
hx = 1.0 / (m + 1)
L = torch.sparse.spdiags(torch.stack([torch.full((m,), -2.0, dtype=dtype),
                                      torch.ones(m, dtype=dtype), torch.ones(m, dtype=dtype)]),
                         torch.tensor([0, -1, 1]), (m, m), layout=torch.sparse_csc) * (1 / hx ** 2)
print("CN operator layout:", L.layout, "| nnz:", L._nnz())
x1 = torch.arange(1, m + 1, dtype=dtype) * hx
u = torch.sin(math.pi * x1) + 0.5 * torch.sin(3 * math.pi * x1)
dt = 1e-3
eye = torch.eye(m, dtype=dtype)
lhs = (eye - 0.5 * dt * L.to_dense()).to_sparse_csc()
for step in range(50):
    rhs = u + 0.5 * dt * (L @ u)
    u, _ = pcg(lambda v: lhs @ v, rhs, lhs.to_dense().diagonal())
t_end = 50 * dt
lam1 = 4 / hx ** 2 * math.sin(math.pi * hx / 2) ** 2
lam3 = 4 / hx ** 2 * math.sin(3 * math.pi * hx / 2) ** 2
g1 = (1 - 0.5 * dt * lam1) / (1 + 0.5 * dt * lam1)
g3 = (1 - 0.5 * dt * lam3) / (1 + 0.5 * dt * lam3)
predicted = g1 ** 50 * torch.sin(math.pi * x1) + 0.5 * g3 ** 50 * torch.sin(3 * math.pi * x1)
print("CN matches the discrete mode decay:", torch.allclose(u, predicted, rtol=1e-8, atol=1e-10))
print("u max at t=%.3f: %.8f (continuous %.8f)"
      % (t_end, u.max().item(), math.exp(-math.pi ** 2 * t_end)))

# --- 4. least squares through a sparse CSC design matrix (B-spline hat functions) ------------
knots = torch.linspace(0, 1, 9, dtype=dtype)
samples = torch.linspace(0, 1, 60, dtype=dtype)
width = knots[1] - knots[0]
hat = (1 - (samples[:, None] - knots[None, :]).abs() / width).clamp(min=0)
Bm = hat.to_sparse_csc()
print("design matrix:", Bm.shape, "nnz", Bm._nnz(), "| ccol_indices", Bm.ccol_indices())
target = torch.exp(-3 * samples) * torch.cos(4 * samples)
normal = Bm.t() @ Bm.to_dense()
coef = torch.linalg.solve(normal, Bm.t() @ target)
fit = Bm @ coef
print("spline coefficients:", coef)
print("fit rms error: %.6e" % (fit - target).pow(2).mean().sqrt().item())
print("partition of unity:",
      torch.allclose(Bm @ torch.ones(9, dtype=dtype), torch.ones(60, dtype=dtype)))

# --- 5. coefficient recovery: gradients through a dense stiffness matrix made sparse -----------
m = 20
hx = 1.0 / m
Dm = (torch.diag(torch.ones(m, dtype=dtype)) - torch.diag(torch.ones(m - 1, dtype=dtype), -1)) / hx
x_nodes = torch.arange(1, m + 1, dtype=dtype) * hx
k_true = 1.0 + 0.5 * torch.sin(2 * math.pi * (x_nodes - hx / 2))
load = torch.ones(m, dtype=dtype)

def solve_displacement(k, sparse):
    K = Dm.T @ torch.diag(k) @ Dm * hx
    if sparse:
        K = K.to_sparse_csr()
    # 60 unrolled CG steps (exact to rounding for this 20 x 20 system)
    x = torch.zeros(m, dtype=dtype)
    r = load * hx
    p = r
    for _ in range(60):
        Kp = K @ p
        rr = r @ r
        alpha = rr / (p @ Kp)
        x = x + alpha * p
        r = r - alpha * Kp
        p = r + (r @ r) / rr * p
        if (r @ r).item() < 1e-28:
            break
    return x

observed = solve_displacement(k_true, sparse=False).detach()
print("tip displacement: %.8f" % observed[-1].item())
k = torch.ones(m, dtype=dtype, requires_grad=True)
loss = (solve_displacement(k, sparse=True) - observed).pow(2).sum()
loss.backward()
g_sparse = k.grad.clone()
k.grad = None
(solve_displacement(k, sparse=False) - observed).pow(2).sum().backward()
print("loss at k=1: %.6e" % loss.item())
print("sparse-path gradient equals the dense one:",
      torch.allclose(g_sparse, k.grad, rtol=1e-9, atol=1e-14))
print("gradient (first 5):", g_sparse[:5])
log_k = torch.zeros(m, dtype=dtype, requires_grad=True)
opt = torch.optim.LBFGS([log_k], lr=1, max_iter=25, line_search_fn="strong_wolfe")
def closure():
    opt.zero_grad()
    misfit = (solve_displacement(log_k.exp(), sparse=True) - observed).pow(2).sum() * 1e6
    misfit = misfit + 1e-4 * torch.diff(log_k).pow(2).sum()
    misfit.backward()
    return misfit
start = opt.step(closure)
print("LBFGS start objective: %.6e" % start.item())
print("recovered coefficient error (max): %.3f" % (log_k.exp() - k_true).abs().max().item())
final = (solve_displacement(log_k.exp(), sparse=True) - observed).abs().max().item()
print("displacement misfit after fit: %.2e" % final)

# --- 6. the compressed arrays of a small matrix, and torch's errors --------------------------
small = torch.tensor([[0.0, 2.0, 0.0], [1.0, 0.0, 3.0]], dtype=dtype)
print(small.to_sparse_csc())
print(small.to_sparse_csr().t())
built = torch.sparse_csc_tensor(torch.tensor([0, 1, 2, 3]), torch.tensor([1, 0, 1]),
                                torch.tensor([1.0, 2.0, 3.0], dtype=dtype), (2, 3))
print("sparse_csc_tensor equals to_sparse_csc:", torch.equal(built.to_dense(), small))
for bad in (lambda: small.to_sparse_csc().crow_indices(),
            lambda: small.to_sparse_csr().row_indices(),
            lambda: small.to_sparse_csc() @ torch.ones(2, dtype=dtype)):
    try:
        bad()
    except RuntimeError as e:
        print("RuntimeError:", str(e).splitlines()[0][:100])
