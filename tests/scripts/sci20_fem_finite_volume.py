import torch  # noqa: I001 (the harness requires torch first)

# Finite elements and finite volumes as an engineering student codes them in float64: a 1-D
# and a 2-D P1 Poisson problem assembled element by element into a sparse COO stiffness matrix
# (duplicate entries summed by coalesce), the same assembly by index_put_(accumulate=True) and
# index_add_, Dirichlet conditions by masking, the solve against the exact solution with an
# observed convergence order, the load vector's gradient with respect to a source parameter,
# and a finite-volume advection of a square pulse by upwind and minmod-limited schemes with
# periodic torch.roll fluxes (total variation and mass checked).
import math

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6)


def fem_1d(n):
    nodes = torch.linspace(0.0, 1.0, n + 1)
    elems = torch.stack([torch.arange(n), torch.arange(1, n + 1)], 1)
    h = nodes[elems[:, 1]] - nodes[elems[:, 0]]
    local = torch.tensor([[1.0, -1.0], [-1.0, 1.0]]) / h[:, None, None]
    rows = elems[:, :, None].expand(-1, 2, 2).reshape(-1)
    cols = elems[:, None, :].expand(-1, 2, 2).reshape(-1)
    K = torch.sparse_coo_tensor(torch.stack([rows, cols]), local.reshape(-1), (n + 1, n + 1))
    mid = nodes[elems].mean(1)
    f = math.pi**2 * torch.sin(math.pi * mid)
    b = torch.zeros(n + 1).index_add_(0, elems.reshape(-1), (f * h / 2).repeat_interleave(2))
    return nodes, K, b


nodes, K, b = fem_1d(8)
print("uncoalesced nnz", K._nnz(), "coalesced", K.is_coalesced())
Kc = K.coalesce()
print("coalesced nnz", Kc._nnz(), Kc.is_coalesced())
print("indices\n", Kc.indices()[:, :7])
print("values", Kc.values()[:7])
print("dense row 3", Kc.to_dense()[3])
errors = []
for n in (8, 16, 32, 64):
    nodes, K, b = fem_1d(n)
    A = K.to_dense()
    inner = torch.arange(1, n)
    u = torch.zeros(n + 1)
    u[inner] = torch.linalg.solve(A[inner][:, inner], b[inner])
    err = (u - torch.sin(math.pi * nodes)).abs().max()
    errors.append(err)
    print(f"n {n:3d} max error {err.item():.6e}")
errs = torch.stack(errors)
print("observed order", torch.log2(errs[:-1] / errs[1:]))

# 2-D P1 on a structured triangulation of the unit square
m = 8
xs = torch.linspace(0, 1, m + 1)
X, Y = torch.meshgrid(xs, xs, indexing="xy")
pts = torch.stack([X.reshape(-1), Y.reshape(-1)], 1)
idx = torch.arange((m + 1) ** 2).reshape(m + 1, m + 1)
a, b2, c2, d = (
    idx[:-1, :-1].reshape(-1),
    idx[:-1, 1:].reshape(-1),
    idx[1:, :-1].reshape(-1),
    idx[1:, 1:].reshape(-1),
)
tris = torch.cat([torch.stack([a, b2, d], 1), torch.stack([a, d, c2], 1)])
print("triangles", tris.shape, "points", pts.shape)
P = pts[tris]
E = torch.stack([P[:, 2] - P[:, 1], P[:, 0] - P[:, 2], P[:, 1] - P[:, 0]], 1)
area = 0.5 * (E[:, 0, 0] * E[:, 1, 1] - E[:, 0, 1] * E[:, 1, 0])
print("areas sum", area.sum().item(), "all positive", bool((area > 0).all()))
local = torch.einsum("eid,ejd->eij", E, E) / (4 * area[:, None, None])
N = pts.shape[0]
K2 = torch.zeros(N, N)
rows = tris[:, :, None].expand(-1, 3, 3)
cols = tris[:, None, :].expand(-1, 3, 3)
K2.index_put_((rows.reshape(-1), cols.reshape(-1)), local.reshape(-1), accumulate=True)
Ks = torch.sparse_coo_tensor(
    torch.stack([rows.reshape(-1), cols.reshape(-1)]), local.reshape(-1), (N, N)
).coalesce()
print("index_put_ vs coalesce", torch.allclose(K2, Ks.to_dense()), "nnz", Ks._nnz())
print("row sums zero", K2.sum(1).abs().max().item() < 1e-12, "symmetric", torch.equal(K2, K2.T))

src = torch.tensor(2.0, requires_grad=True)
centroid = P.mean(1)
fvals = src * math.pi**2 * torch.sin(math.pi * centroid[:, 0]) * torch.sin(math.pi * centroid[:, 1])
load = torch.zeros(N).index_add(0, tris.reshape(-1), (fvals * area / 3).repeat_interleave(3))
boundary = (pts[:, 0] == 0) | (pts[:, 0] == 1) | (pts[:, 1] == 0) | (pts[:, 1] == 1)
free = (~boundary).nonzero().squeeze(1)
print("free nodes", free.numel(), "boundary", int(boundary.sum()))
u2 = torch.zeros(N)
u2 = u2.index_put((free,), torch.linalg.solve(K2[free][:, free], load[free]))
exact = 2 * torch.sin(math.pi * pts[:, 0]) * torch.sin(math.pi * pts[:, 1]) / 2
print(f"2-D max error {(u2 - exact).abs().max().item():.6e}")
print("centre value", u2[idx[m // 2, m // 2]])
u2.sum().backward()
print("d sum(u) / d source", src.grad)
spmv = torch.sparse.mm(Ks, u2.detach().unsqueeze(1)).squeeze(1)
print("residual via sparse.mm", (spmv[free] - load.detach()[free]).abs().max().item() < 1e-12)

# --- finite-volume advection of a square pulse on a periodic grid
n, cfl = 100, 0.5
x = (torch.arange(n) + 0.5) / n
q0 = ((x > 0.2) & (x < 0.4)).double()


def minmod(a, b):
    return torch.where(
        a * b > 0, torch.sign(a) * torch.minimum(a.abs(), b.abs()), torch.zeros_like(a)
    )


def tv(q):
    return (q - torch.roll(q, 1)).abs().sum()


for scheme in ("upwind", "minmod"):
    q = q0.clone()
    for _ in range(int(0.5 / (cfl / n))):
        if scheme == "upwind":
            flux = q
        else:
            slope = minmod(q - torch.roll(q, 1), torch.roll(q, -1) - q)
            flux = q + 0.5 * (1 - cfl) * slope
        q = q - cfl * (flux - torch.roll(flux, 1))
    print(
        f"{scheme:7s} mass {q.sum().item():.10f} TV {tv(q).item():.6f} "
        f"max {q.max().item():.6f} non-negative {q.min().item() > -1e-14}"
    )
    print("  profile near front", q[65:75])
print("exact TV", tv(q0).item())
