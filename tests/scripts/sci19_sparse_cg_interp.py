import torch  # noqa: I001 (the harness requires torch first)

# Sparse linear algebra and 1-D numerics as a numerical-methods course writes them, in float64:
# the 2-D Poisson matrix assembled as a COO tensor from duplicate entries (coalesce sums them),
# its reprs, indices/values, to_dense, sparse.mm / torch.mm / sparse.sum, conjugate gradients
# and Jacobi-preconditioned CG on it, a sparse matrix's gradient through sparse.mm; then
# searchsorted/bucketize interpolation (right=, side=, out-of-range), trapezoid and
# cumulative_trapezoid with x= and dx= along dims, and diff with prepend/append and n > 1.
torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)
torch.manual_seed(190)

# --- assemble the 5-point Laplacian on an m x m grid from per-edge contributions
m = 5
N = m * m
rows, cols, vals = [], [], []
for i in range(m):
    for j in range(m):
        k = i * m + j
        for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            # each neighbour adds +1 on the diagonal and -1 off it (duplicates on purpose)
            rows.append(k)
            cols.append(k)
            vals.append(1.0)
            ii, jj = i + di, j + dj
            if 0 <= ii < m and 0 <= jj < m:
                rows.append(k)
                cols.append(ii * m + jj)
                vals.append(-1.0)
A = torch.sparse_coo_tensor(torch.tensor([rows, cols]), torch.tensor(vals), (N, N))
print("uncoalesced", A.is_coalesced(), A._nnz(), A.layout, A.dtype, A.shape)
A = A.coalesce()
print("coalesced", A.is_coalesced(), A._nnz(), A.values()[:6], A.indices()[:, :6])
small = torch.sparse_coo_tensor([[0, 1, 1, 0], [2, 0, 2, 2]], [3.0, 4.0, 5.0, 1.0], (2, 3))
print(small)
print(small.coalesce())
print(small.to_dense())
print("sparse.sum", torch.sparse.sum(A), torch.sparse.sum(small, dim=1).to_dense())
Ad = A.to_dense()
print("symmetric", torch.equal(Ad, Ad.T), "diag", Ad.diagonal()[:7])
print("eig range", torch.linalg.eigvalsh(Ad)[[0, -1]])

b = torch.randn(N, 1)
print("spmm==dense", torch.allclose(torch.sparse.mm(A, b), Ad @ b),
      torch.allclose(torch.mm(A, b), Ad @ b))
print("A @ b shape", (A @ b).shape, type(A @ b).__name__, (A @ b).layout)


def cg(matvec, b, x0, tol=1e-10, maxiter=200, precond=None):
    x = x0.clone()
    r = b - matvec(x)
    z = precond(r) if precond else r
    p = z.clone()
    rz = (r * z).sum()
    for it in range(maxiter):
        Ap = matvec(p)
        alpha = rz / (p * Ap).sum()
        x = x + alpha * p
        r = r - alpha * Ap
        if r.norm() < tol:
            return x, it + 1
        z = precond(r) if precond else r
        rz_new = (r * z).sum()
        p = z + (rz_new / rz) * p
        rz = rz_new
    return x, maxiter


x, iters = cg(lambda v: torch.sparse.mm(A, v), b, torch.zeros_like(b))
print("cg iters", iters, "residual small", (Ad @ x - b).norm().item() < 1e-10)
print("cg==solve", torch.allclose(x, torch.linalg.solve(Ad, b), atol=1e-8))
dinv = 1 / Ad.diagonal().unsqueeze(1)
x2, iters2 = cg(lambda v: torch.sparse.mm(A, v), b, torch.zeros_like(b), precond=lambda r: dinv * r)
print("pcg iters", iters2, torch.allclose(x, x2, atol=1e-8))
print("x[:5]", x[:5].flatten())

# gradient through sparse.mm with respect to the sparse values and the dense vector
vals = A.values().clone().requires_grad_()
As = torch.sparse_coo_tensor(A.indices(), vals, A.shape)
v = torch.randn(N, 2, requires_grad=True)
out = torch.sparse.mm(As, v)
out.pow(2).sum().backward()
print("dv", v.grad[:3])
print("dvals", vals.grad[:6], vals.grad.shape)
Asp = A.detach().requires_grad_()
y = torch.sparse.mm(Asp, v.detach())
y.sum().backward()
print("sparse grad layout", Asp.grad.layout, Asp.grad.shape, Asp.grad._nnz())

# --- interpolation by searchsorted / bucketize
xp = torch.tensor([0.0, 0.5, 1.5, 2.0, 4.0])
fp = torch.sin(xp)
xq = torch.tensor([-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 3.99, 4.0, 5.0])
print("searchsorted left", torch.searchsorted(xp, xq))
print("searchsorted right", torch.searchsorted(xp, xq, right=True))
print("side=right", torch.searchsorted(xp, xq, side="right"), "int32",
      torch.searchsorted(xp, xq, out_int32=True).dtype)
print("bucketize", torch.bucketize(xq, xp), torch.bucketize(xq, xp, right=True))
idx = torch.searchsorted(xp, xq.clamp(xp[0], xp[-1]), right=True).clamp(1, len(xp) - 1)
x0, x1 = xp[idx - 1], xp[idx]
w = (xq.clamp(xp[0], xp[-1]) - x0) / (x1 - x0)
interp = torch.lerp(fp[idx - 1], fp[idx], w)
print("interp", interp)
# batched searchsorted: per-row sorted sequences
seq = torch.sort(torch.rand(3, 6), dim=1).values
vals_q = torch.rand(3, 4)
print("batched ss", torch.searchsorted(seq, vals_q))
sorter = torch.argsort(torch.tensor([3.0, 1.0, 2.0, 0.0]))
print("sorter", torch.searchsorted(torch.tensor([3.0, 1.0, 2.0, 0.0]), torch.tensor([1.5, 2.5]),
                                   sorter=sorter))
print("scalar", torch.searchsorted(xp, 1.0), torch.bucketize(1.0, xp))
print("int boundaries", torch.bucketize(torch.tensor([1, 5, 9]), torch.tensor([2, 4, 6, 8])))

# --- trapezoid / cumulative_trapezoid
xs = torch.linspace(0, torch.pi, 21)
ys = torch.sin(xs)
print("trapz x=", f"{torch.trapezoid(ys, xs).item():.12f}", "dx=",
      f"{torch.trapezoid(ys, dx=(torch.pi / 20)).item():.12f}")
print("trapz default dx", f"{torch.trapezoid(ys).item():.12f}")
Y = torch.stack([ys, ys ** 2, torch.cos(xs) + 1])
print("trapz dim=1", torch.trapezoid(Y, xs, dim=1))
print("trapz dim=0", torch.trapezoid(Y, dx=0.5, dim=0)[:4])
Xb = torch.stack([xs, 2 * xs, xs ** 2])
print("trapz batched x", torch.trapezoid(Y, Xb))
ct = torch.cumulative_trapezoid(ys, xs)
print("cumtrapz", ct.shape, ct[[0, 9, 19]])
print("cumtrapz dx", torch.cumulative_trapezoid(Y, dx=0.1, dim=1)[:, -1])
print("cumtrapz dim0", torch.cumulative_trapezoid(Y, dim=0).shape)
print("trapz int", torch.trapezoid(torch.tensor([1, 2, 4, 7])),
      torch.trapezoid(torch.tensor([1, 2, 4, 7]), dx=2))
print("trapz int x", torch.trapezoid(torch.tensor([1, 2, 4]), torch.tensor([0, 1, 3])))
print("cumtrapz int", torch.cumulative_trapezoid(torch.tensor([1, 2, 4, 7])))
print("trapz empty", torch.trapezoid(torch.tensor([])), torch.trapezoid(torch.tensor([2.0])))
xg = xs.clone().requires_grad_()
yg = torch.sin(xg)
torch.trapezoid(yg ** 2, xg).backward()
print("trapz grad", xg.grad[:4])
print("gradcheck trapz", torch.autograd.gradcheck(
    lambda y, x: torch.cumulative_trapezoid(y, x), (torch.rand(7, requires_grad=True),
                                                    torch.rand(7).cumsum(0).requires_grad_())))

# --- diff
a = torch.tensor([1.0, 4.0, 9.0, 16.0, 25.0])
print("diff", torch.diff(a), torch.diff(a, n=2), torch.diff(a, n=3))
print("prepend", torch.diff(a, prepend=torch.tensor([0.0])))
print("append", torch.diff(a, append=torch.tensor([36.0, 49.0])))
print("both n=2", torch.diff(a, n=2, prepend=torch.tensor([0.0]), append=torch.tensor([36.0])))
M = torch.arange(12.0).reshape(3, 4) ** 2
print("diff dim0", torch.diff(M, dim=0))
print("diff dim-1 prepend", torch.diff(M, dim=-1, prepend=torch.zeros(3, 1)))
print("diff bool", torch.diff(torch.tensor([True, False, False, True])))
print("diff int", torch.diff(torch.tensor([3, 1, 4, 1, 5], dtype=torch.int16)))
print("diff n too big", torch.diff(a, n=7))
ag = a.clone().requires_grad_()
torch.diff(ag, n=2, append=torch.tensor([36.0])).pow(2).sum().backward()
print("diff grad", ag.grad)
try:
    torch.diff(torch.tensor(3.0))
except RuntimeError as error:
    print("diff scalar:", error)
