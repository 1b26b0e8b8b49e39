import torch

# Numerical linear algebra workflows: conditioning of Vandermonde systems, polynomial roots
# from a companion matrix, Householder QR rebuilt from geqrf reflectors, a symmetric
# indefinite (KKT) system by LDL^T, a Gaussian log-likelihood through slogdet, triangle
# geometry with cross/vecdot, a multilinear system with tensorsolve/tensorinv, and a
# randomized low-rank approximation.
torch.manual_seed(0)
torch.set_printoptions(precision=6, sci_mode=False)
dt = torch.float64

print("== Vandermonde conditioning ==")
for n in (3, 5, 8):
    x = torch.linspace(0, 1, n, dtype=dt)
    V = torch.linalg.vander(x)
    conds = [torch.linalg.cond(V, p).item() for p in (None, 1, float("inf"), "fro", "nuc")]
    print(n, V.shape, " ".join(f"{c:.6e}" for c in conds))
x = torch.tensor([0.5, 1.0, 2.0, 3.0], dtype=dt)
print(torch.linalg.vander(x, N=6))
print(torch.vander(x, N=3, increasing=True))
# interpolate exp on 6 nodes, evaluate between them
nodes = torch.linspace(-1, 1, 6, dtype=dt)
coef = torch.linalg.solve(torch.linalg.vander(nodes), torch.exp(nodes))
mid = torch.tensor([-0.9, 0.1, 0.7], dtype=dt)
print(
    "interp error",
    (torch.linalg.vander(mid, N=6) @ coef - torch.exp(mid)).abs().max().item() < 1e-3,
)

print("== matrix norms ==")
A = torch.randn(3, 4, 4, dtype=dt, requires_grad=True)
for o in ("fro", "nuc", 2, -2, 1, -1, float("inf"), float("-inf")):
    n = torch.linalg.matrix_norm(A, ord=o)
    (g,) = torch.autograd.grad(n.sum(), A)
    print(o, n, g.abs().sum().item() > 0, g[0, 0])
nk = torch.linalg.matrix_norm(A, ord="nuc", dim=(0, 2), keepdim=True)
print(nk.shape, nk.flatten(), nk.grad_fn.name())
print(torch.linalg.cond(A), torch.linalg.cond(A, -2).grad_fn.name())

print("== polynomial roots (companion matrix) ==")
# p(z) = z^5 - 2z^4 + 3z^3 - z + 6
c = torch.tensor([-2.0, 3.0, 0.0, -1.0, 6.0], dtype=dt)
C = torch.zeros(5, 5, dtype=dt)
C[0] = -c
C[1:, :-1] = torch.eye(4, dtype=dt)
roots = torch.linalg.eigvals(C)
key = roots.real.round(decimals=6) * 100 + roots.imag.round(decimals=6)
roots = roots[torch.argsort(key)]
print(roots.dtype, roots)
poly = torch.tensor([1.0, -2.0, 3.0, 0.0, -1.0, 6.0], dtype=torch.complex128)
vals = torch.linalg.vander(roots, N=6).flip(-1) @ poly
print("residual small", vals.abs().max().item() < 1e-10)
Cg = C.clone().requires_grad_()
torch.linalg.eigvals(Cg).abs().sum().backward()
print(Cg.grad[0])

print("== Householder QR ==")
M = torch.randn(6, 3, dtype=dt)
a, tau = torch.geqrf(M)
Q = torch.linalg.householder_product(a, tau)
R = torch.triu(a[:3])
print(Q.shape, (Q.T @ Q - torch.eye(3, dtype=dt)).abs().max().item() < 1e-12)
print("QR == M", torch.allclose(Q @ R, M))
Qr, Rr = torch.linalg.qr(M)
print("same R up to signs", torch.allclose(R.abs(), Rr.abs()))
aa, tt = a.clone().requires_grad_(), tau.clone().requires_grad_()
w = torch.arange(18, dtype=dt).reshape(6, 3) / 10
(torch.linalg.householder_product(aa, tt) * w).sum().backward()
print(tt.grad, aa.grad[0])
print(torch.ormqr(a, tau, torch.eye(6, dtype=dt)[:, :2], left=True, transpose=True)[:3])

print("== KKT system by LDL ==")
H = torch.tensor([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]], dtype=dt)
Aeq = torch.tensor([[1.0, 1.0, 1.0]], dtype=dt)
K = torch.cat([torch.cat([H, Aeq.T], 1), torch.cat([Aeq, torch.zeros(1, 1, dtype=dt)], 1)])
rhs = torch.tensor([1.0, 2.0, 3.0, 1.0], dtype=dt)
LD, piv = torch.linalg.ldl_factor(K)
print(LD, piv)
sol = torch.linalg.ldl_solve(LD, piv, rhs.unsqueeze(-1)).squeeze(-1)
print("x, lambda", sol, torch.allclose(K @ sol, rhs))
LD2, piv2, info = torch.linalg.ldl_factor_ex(K, hermitian=True)
print(info, torch.equal(LD2, LD))
print(torch.linalg.eigvalsh(K))

print("== Gaussian log-likelihood through slogdet ==")
X = torch.randn(40, 3, dtype=dt) @ torch.tensor(
    [[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.2, -0.3, 0.7]], dtype=dt
)
Lp = torch.eye(3, dtype=dt).requires_grad_()
for step in range(4):
    S = Lp @ Lp.T + 1e-3 * torch.eye(3, dtype=dt)
    sign, logdet = torch.linalg.slogdet(S)
    quad = torch.einsum("ni,ij,nj->", X, torch.linalg.inv(S), X)
    nll = 0.5 * (40 * logdet + quad)
    (g,) = torch.autograd.grad(nll, Lp)
    with torch.no_grad():
        Lp -= 0.004 * torch.tril(g)
    print(step, sign.item(), round(logdet.item(), 8), round(nll.item(), 6))
print(torch.linalg.slogdet(-S.detach()), torch.logdet(S.detach()))

print("== triangle geometry ==")
P = torch.randn(4, 3, 3, dtype=dt, requires_grad=True)
e1, e2 = P[:, 1] - P[:, 0], P[:, 2] - P[:, 0]
normal = torch.linalg.cross(e1, e2)
area = 0.5 * torch.linalg.vector_norm(normal, dim=-1)
cosang = torch.linalg.vecdot(e1, e2) / (e1.norm(dim=-1) * e2.norm(dim=-1))
print(area, cosang)
area.sum().backward()
print(P.grad[0])
print(torch.cross(e1.detach(), e2.detach(), dim=1)[0], torch.linalg.vecdot(e1, e2, dim=0))
zc = torch.randn(3, 2, dtype=torch.complex128)
print(torch.linalg.vecdot(zc, zc.flip(0), dim=0))

print("== multilinear systems ==")
T = torch.randn(2, 3, 6, dtype=dt) + torch.eye(6, dtype=dt).reshape(2, 3, 6) * 3
B = torch.randn(2, 3, dtype=dt)
Xs = torch.linalg.tensorsolve(T, B)
print(Xs.shape, Xs)
print(torch.allclose(torch.tensordot(T, Xs, dims=1), B))
Tin = torch.randn(4, 6, 8, 3, dtype=dt).reshape(24, 24)
Tin = (Tin + 6 * torch.eye(24, dtype=dt)).reshape(4, 6, 8, 3)
Ti = torch.linalg.tensorinv(Tin, ind=2)
print(
    Ti.shape,
    torch.allclose(torch.tensordot(Ti, Tin, dims=2), torch.eye(24, dtype=dt).reshape(8, 3, 8, 3)),
)
mats = [
    torch.randn(3, 5, dtype=dt),
    torch.randn(5, 2, dtype=dt),
    torch.randn(2, 7, dtype=dt),
    torch.randn(7, 1, dtype=dt),
]
print(
    torch.linalg.multi_dot(mats).flatten(),
    torch.allclose(torch.linalg.multi_dot(mats), mats[0] @ mats[1] @ mats[2] @ mats[3]),
)
print(torch.linalg.multi_dot([torch.ones(5, dtype=dt), mats[1], torch.ones(2, dtype=dt)]))

print("== randomized low rank ==")
D = torch.randn(60, 5, dtype=dt) @ torch.randn(5, 30, dtype=dt) + 0.01 * torch.randn(
    60, 30, dtype=dt
)
U, S, Vv = torch.svd_lowrank(D, q=8, niter=2)
exact = torch.linalg.svdvals(D)
print(U.shape, Vv.shape, (S[:5] - exact[:5]).abs().max().item() < 1e-8, S[5:] < 0.2)
Up, Sp, Vp = torch.pca_lowrank(D, q=6, center=True, niter=3)
centered = torch.linalg.svdvals(D - D.mean(0))
print((Sp[:5] - centered[:5]).abs().max().item() < 1e-8)
proj = (D - D.mean(0)) @ Vp[:, :2]
print(proj.shape, (proj.var(0) / (D - D.mean(0)).var(0).sum()).sum().item() > 0.5)
