import torch

# Finite-difference stencils as sparse matrices, the way a numerical-PDE course writes them in
# float64: the 1-D second difference from torch.sparse.spdiags in COO and CSR layouts, the 2-D
# five-point Laplacian assembled from COO triplets (duplicates summed by coalesce) and turned into
# CSR, the biharmonic operator as a CSR @ CSR product (its layout and entries), the smallest
# eigenvalues by torch.lobpcg on the sparse matrix against the analytic spectrum, a Poisson solve
# by conjugate gradients with CSR mat-vecs, implicit-Euler heat steps, and a diffusivity fitted
# by Newton's method with its gradient taken by autograd through sparse.mm and the CG iterations.
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64
torch.manual_seed(0)

print("== 1-D second difference ==")
n = 6
e = torch.ones(n, dtype=dt)
bands = torch.stack([-e, 2 * e, -e])
offsets = torch.tensor([-1, 0, 1])
D_coo = torch.sparse.spdiags(bands, offsets, (n, n))
D_csr = torch.sparse.spdiags(bands, offsets, (n, n), layout=torch.sparse_csr)
print(D_coo)
print(D_csr)
print("equal", torch.equal(D_coo.to_dense(), D_csr.to_dense()))
D4 = D_csr @ D_csr
print("D @ D", D4.layout, D4.crow_indices(), D4.col_indices(), D4.values(), sep="\n")
print(D4.to_dense())

print("== 2-D five-point Laplacian ==")
m = 12
N = m * m
idx = torch.arange(N).reshape(m, m)
rows, cols, vals = [idx.flatten()], [idx.flatten()], [torch.full((N,), 4.0, dtype=dt)]
for a, b in [(idx[1:, :], idx[:-1, :]), (idx[:, 1:], idx[:, :-1])]:
    for r, c in [(a, b), (b, a)]:
        rows.append(r.flatten())
        cols.append(c.flatten())
        vals.append(torch.full((r.numel(),), -1.0, dtype=dt))
# the diagonal split into two halves: coalesce sums the duplicates
rows.append(idx.flatten())
cols.append(idx.flatten())
vals.append(torch.zeros(N, dtype=dt))
L = torch.sparse_coo_tensor(torch.stack([torch.cat(rows), torch.cat(cols)]), torch.cat(vals), (N, N))
print("entries before coalesce", L._nnz(), "coalesced", L.is_coalesced())
L = L.coalesce()
print("after", L._nnz(), L.is_coalesced(), "row sums at a corner, an edge, inside",
      torch.sparse.sum(L, dim=1).to_dense()[[0, 1, m + 1]])
Lc = L.to_sparse_csr()
print("CSR nnz", Lc.values().numel(), "crow", Lc.crow_indices()[:6])
B = Lc @ Lc
print("biharmonic", B.layout, "nnz", B.values().numel(), "row of an inner point",
      B.to_dense()[2 * m + 2][B.to_dense()[2 * m + 2] != 0])
print("symmetric", torch.equal(B.to_dense(), B.to_dense().T))

print("== smallest eigenvalues by LOBPCG ==")
k = torch.arange(1, m + 1, dtype=dt)
lam1 = 4 * torch.sin(torch.pi * k / (2 * (m + 1))) ** 2
exact = (lam1[:, None] + lam1[None, :]).flatten().sort().values[:3]
start = torch.randn(N, 3, dtype=dt)
E, U = torch.lobpcg(Lc, k=3, X=start, largest=False, niter=300, tol=1e-9)
print("lobpcg", E, "exact", exact)
print("residual small", ((Lc @ U) - U * E).norm().item() < 1e-6)
E_top, _ = torch.lobpcg(L, k=1, largest=True, niter=300, tol=1e-9)
print("largest", E_top, "exact", (2 * lam1[-1]).reshape(1))


def cg(A, b, iters, tol=1e-12):
    x = torch.zeros_like(b)
    r = b - A @ x
    p = r.clone()
    rs = r @ r
    for it in range(iters):
        Ap = A @ p
        alpha = rs / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        if rs_new.sqrt() < tol:
            return x, it + 1
        p = r + (rs_new / rs) * p
        rs = rs_new
    return x, iters


print("== Poisson by conjugate gradients ==")
h = 1.0 / (m + 1)
xs = torch.arange(1, m + 1, dtype=dt) * h
X, Y = torch.meshgrid(xs, xs, indexing="ij")
f = torch.exp(X) * Y * (1 - Y) * 10
u, iters = cg(Lc, (h * h * f).flatten(), 200)
print("CG iterations", iters, "residual below 1e-10",
      ((Lc @ u) - (h * h * f).flatten()).norm().item() < 1e-10, "u max", round(u.max().item(), 8))
print("dense solve agrees", torch.allclose(u, torch.linalg.solve(L.to_dense(), (h * h * f).flatten()),
                                           atol=1e-9))

print("== implicit Euler heat steps ==")
tau = 0.5
I = torch.sparse.spdiags(torch.ones(1, N, dtype=dt), torch.tensor([0]), (N, N))
M = (I + tau * L).coalesce().to_sparse_csr()
print("system", M.layout, "diagonal", M.to_dense().diagonal()[:3])
heat = torch.zeros(m, m, dtype=dt)
heat[m // 2 - 1:m // 2 + 1, m // 2 - 1:m // 2 + 1] = 1.0
heat = heat.flatten()
for step in range(4):
    heat, its = cg(M, heat, 200)
    print(f"  step {step} total heat {heat.sum().item():.6f} peak {heat.max().item():.6f} CG {its}")

print("== diffusivity fitted through the solver ==")
Li, Lv = L.indices(), L.values()
target_kappa = 0.8
b = torch.ones(N, dtype=dt)
A_true = torch.sparse_coo_tensor(Li, target_kappa * Lv + (Li[0] == Li[1]).to(dt), (N, N))
observed = cg(A_true, b, 200)[0]
kappa = torch.tensor(0.3, dtype=dt, requires_grad=True)


def misfit(kappa):
    A = torch.sparse_coo_tensor(Li, kappa * Lv + (Li[0] == Li[1]).to(dt), (N, N))
    matvec = type("Op", (), {"__matmul__": lambda self, v: torch.sparse.mm(A, v[:, None])[:, 0]})()
    u, _ = cg(matvec, b, 60, tol=1e-10)
    return 0.5 * (u - observed).pow(2).sum()


# secant iterations on the autograd gradient (torch has no double backward through sparse.mm)
previous = None
for it in range(6):
    loss = misfit(kappa)
    (g,) = torch.autograd.grad(loss, kappa)
    print(f"  iter {it} kappa {kappa.item():.8f} loss {loss.item():.3e} gradient {g.item():.3e}")
    step = -0.1 * g.sign() if previous is None else -g * (kappa - previous[0]) / (g - previous[1])
    previous = (kappa.detach().clone(), g)
    with torch.no_grad():
        kappa += step
with torch.no_grad():
    fd = (misfit(torch.tensor(0.5 + 1e-6, dtype=dt)) - misfit(torch.tensor(0.5 - 1e-6, dtype=dt))) / 2e-6
k5 = torch.tensor(0.5, dtype=dt, requires_grad=True)
print("gradient at 0.5", round(torch.autograd.grad(misfit(k5), k5)[0].item(), 6), "finite difference",
      round(fd.item(), 6))

print("== a saddle-point system assembled from sparse blocks ==")
# the pure-Neumann 1-D Laplacian is singular; a Lagrange multiplier fixes the mean to zero
Dn = torch.sparse.spdiags(torch.stack([-e, 2 * e, -e]), offsets, (n, n)).to_dense()
Dn[0, 0] = Dn[-1, -1] = 1.0
Dn = Dn.to_sparse()
c = torch.ones(n, 1, dtype=dt).to_sparse()
corner = torch.zeros(1, 1, dtype=dt).to_sparse()
K = torch.cat([torch.cat([Dn, c], dim=1), torch.cat([c.t(), corner], dim=1)], dim=0)
print(K.shape, K._nnz(), K.is_coalesced())
print(K.to_dense())
rhs = torch.cat([torch.linspace(-1, 1, n, dtype=dt), torch.zeros(1, dtype=dt)])
sol = torch.linalg.solve(K.to_dense(), rhs)
print("solution", sol[:-1], "multiplier", round(sol[-1].item(), 10), "mean", round(sol[:-1].mean().item(), 12))
batch = torch.stack([Dn, Dn * 2])
print("stacked", batch.shape, batch.sparse_dim(), (batch.to_dense()[1] == 2 * Dn.to_dense()).all().item())
