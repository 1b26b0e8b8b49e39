import torch  # noqa: I001 (the harness requires torch first)

# Matrix factorisations as a numerical linear algebra course exercises them, in float64 and
# complex128: LU with partial pivoting (lu_factor, lu_solve with left=False and adjoint=,
# lu_unpack, the determinant from the pivots' parity), symmetric-indefinite LDL^T with and
# without hermitian= for complex matrices, Cholesky solves and inverses, QR by Householder
# (geqrf, householder_product, ormqr with left/transpose), eigen-decomposition of
# non-symmetric and complex matrices (eig, eigvals, a similarity check and gradients of a
# phase-invariant function), tensorsolve / tensorinv for a 2-D Poisson operator, matrix_rank
# and pinv with atol/rtol, cond for several p, and the Schur-complement of a block system.
torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)
g = torch.Generator().manual_seed(21)

A = torch.randn(5, 5, generator=g)
B = torch.randn(5, 2, generator=g)
LU, piv = torch.linalg.lu_factor(A)
print("pivots", piv)
P, L, U = torch.lu_unpack(LU, piv)
print(
    "PLU == A", torch.allclose(P @ L @ U, A), "unit lower", torch.equal(L.diagonal(), torch.ones(5))
)
swaps = (piv != torch.arange(1, 6, dtype=piv.dtype)).sum()
sign = (-1) ** swaps.item()
print("det from LU", sign * U.diagonal().prod(), "linalg.det", torch.linalg.det(A))
X = torch.linalg.lu_solve(LU, piv, B)
print("lu_solve", torch.allclose(A @ X, B))
Xa = torch.linalg.lu_solve(LU, piv, B, adjoint=True)
print("adjoint", torch.allclose(A.mT @ Xa, B))
Xr = torch.linalg.lu_solve(LU, piv, B.mT, left=False)
print("left=False", torch.allclose(Xr @ A, B.mT))
P2, L2, U2 = torch.linalg.lu(A[:, :3])
print("rectangular lu shapes", P2.shape, L2.shape, U2.shape)
LUe, pive, info = torch.linalg.lu_factor_ex(torch.zeros(3, 3))
print("singular lu info", info, "pivots", pive)

# LDL^T
S = A + A.mT
LD, pivots = torch.linalg.ldl_factor(S)
print("ldl pivots", pivots)
Y = torch.linalg.ldl_solve(LD, pivots, B)
print(
    "ldl_solve residual",
    f"{(S @ Y - B).abs().max().item():.2e}" if (S @ Y - B).abs().max() > 1e-12 else "ok",
)
C = torch.randn(4, 4, dtype=torch.complex128, generator=g)
Hc = C + C.mH
Sc = C + C.mT
LDh, ph = torch.linalg.ldl_factor(Hc, hermitian=True)
LDs, ps = torch.linalg.ldl_factor(Sc, hermitian=False)
bc = torch.randn(4, 1, dtype=torch.complex128, generator=g)
print("hermitian ldl", torch.allclose(Hc @ torch.linalg.ldl_solve(LDh, ph, bc, hermitian=True), bc))
print("complex symmetric ldl", torch.allclose(Sc @ torch.linalg.ldl_solve(LDs, ps, bc), bc))
LDx, px, infox = torch.linalg.ldl_factor_ex(S)
print("ldl_factor_ex info", infox, torch.equal(LDx, LD))

# Cholesky family
SPD = A @ A.mT + 5 * torch.eye(5)
Lc = torch.linalg.cholesky(SPD)
Uc = torch.linalg.cholesky(SPD, upper=True)
print("upper == L^T", torch.allclose(Uc, Lc.mT))
print(
    "cholesky_solve upper",
    torch.allclose(torch.cholesky_solve(B, Uc, upper=True), torch.linalg.solve(SPD, B)),
)
print("cholesky_inverse", torch.allclose(torch.cholesky_inverse(Lc), torch.linalg.inv(SPD)))
print("logdet", torch.logdet(SPD), 2 * Lc.diagonal().log().sum(), torch.linalg.slogdet(SPD))

# Householder QR pieces
M = torch.randn(6, 4, generator=g)
qr, tau = torch.geqrf(M)
Q = torch.linalg.householder_product(qr, tau)
R = qr.triu()[:4]
print("QR == M", torch.allclose(Q @ R, M), "Q orthonormal", torch.allclose(Q.mT @ Q, torch.eye(4)))
Qref, Rref = torch.linalg.qr(M)
print("matches linalg.qr up to signs", torch.allclose((Q * Qref).sum(0).abs(), torch.ones(4)))
E = torch.randn(6, 3, generator=g)
print("ormqr Q^T E", torch.ormqr(qr, tau, E, left=True, transpose=True)[:4])
print("ormqr vs explicit", torch.allclose(torch.ormqr(qr, tau, E, transpose=True)[:4], Q.mT @ E))
print("ormqr right", torch.ormqr(qr, tau, E.mT, left=False).shape)
Qc = torch.linalg.qr(M, mode="complete").Q
print("complete Q", Qc.shape, "r mode", torch.linalg.qr(M, mode="r").Q.shape)

# eigen-decomposition of non-symmetric matrices
N = torch.tensor(
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [-6.0, -11.0, -6.0]]
)  # companion of (x+1)(x+2)(x+3)
vals = torch.linalg.eigvals(N)
print("companion eigenvalues", vals[vals.real.argsort()])
w, V = torch.linalg.eig(A)
print(
    "eig similarity",
    torch.allclose(V @ torch.diag(w) @ torch.linalg.inv(V), A.to(torch.complex128)),
)
print(
    "eigenvalue dtypes", w.dtype, V.dtype, "sum == trace", torch.allclose(w.sum().real, A.trace())
)
print("eigenvalues sorted by modulus", w.abs().sort().values)
Ar = A.clone().requires_grad_(True)
wr, Vr = torch.linalg.eig(Ar)
loss = (wr.abs() ** 2).sum() + (Vr.abs() ** 2)[0].sum()
loss.backward()
print("grad of |eigenvalues|^2 + |V[0]|^2 row sums", Ar.grad.sum(1))
print(
    "gradcheck eigvals",
    torch.autograd.gradcheck(
        lambda a: torch.linalg.eigvals(a).abs(), (A.clone().requires_grad_(True),)
    ),
)
Cc = (C + 2 * torch.eye(4)).requires_grad_(True)
print("complex eig", torch.linalg.eigvals(Cc.detach()).abs().sort().values)
print(
    "gradcheck complex eig phase-invariant",
    torch.autograd.gradcheck(lambda c: torch.linalg.eig(c)[1].abs(), (Cc,)),
)

# tensorsolve / tensorinv: 2-D Poisson on a 3x3 grid as a 4-index operator
n = 3
T = torch.zeros(n, n, n, n)
for i in range(n):
    for j in range(n):
        T[i, j, i, j] = 4
        for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            if 0 <= i + di < n and 0 <= j + dj < n:
                T[i, j, i + di, j + dj] = -1
rhs = torch.ones(n, n)
u = torch.linalg.tensorsolve(T, rhs)
print("tensorsolve", u)
Tinv = torch.linalg.tensorinv(T, ind=2)
print("tensorinv", Tinv.shape, torch.allclose(torch.tensordot(Tinv, rhs, dims=2), u))
print("tensorsolve dims=", torch.linalg.tensorsolve(T.permute(2, 3, 0, 1), rhs, dims=(0, 1)).shape)

# rank, pinv, cond with tolerances
lowrank = torch.randn(6, 2, generator=g) @ torch.randn(2, 5, generator=g)
noisy = lowrank + 1e-7 * torch.randn(6, 5, generator=g)
print(
    "rank default",
    torch.linalg.matrix_rank(noisy).item(),
    "atol 1e-5",
    torch.linalg.matrix_rank(noisy, atol=1e-5).item(),
    "rtol 1e-3",
    torch.linalg.matrix_rank(noisy, rtol=1e-3).item(),
    "hermitian",
    torch.linalg.matrix_rank(noisy @ noisy.mT, hermitian=True, atol=1e-8).item(),
)
Pn = torch.linalg.pinv(noisy, atol=1e-5)
print("pinv truncated", torch.allclose(Pn, torch.linalg.pinv(lowrank), atol=1e-5))
for p in (None, 1, 2, -2, float("inf"), "fro", "nuc"):
    print("cond p =", p, f"{torch.linalg.cond(SPD, p=p).item():.8f}")

# block elimination: Schur complement
K11, K12, K22 = SPD[:3, :3], SPD[:3, 3:], SPD[3:, 3:]
Sch = K22 - K12.mT @ torch.cholesky_solve(K12, torch.linalg.cholesky(K11))
print(
    "schur complement det identity",
    torch.allclose(torch.linalg.det(SPD), torch.linalg.det(K11) * torch.linalg.det(Sch)),
)
print(
    "multi_dot order-free",
    torch.allclose(torch.linalg.multi_dot([A, B, B.mT, A]), A @ B @ B.mT @ A),
)
print("vecdot complex", torch.linalg.vecdot(bc.squeeze(1), bc.squeeze(1)))
