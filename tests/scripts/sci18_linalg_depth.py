import torch  # noqa: I001 (the harness requires torch first)

# Linear algebra in depth, as a numerical analyst checks a library before trusting it, in
# float64 and complex128: matrix_norm and cond for every ord, matrix_rank with atol/rtol and
# hermitian=, svdvals of batches, batched complex Hermitian eigh with gradients of a
# gauge-invariant loss, solve_ex / cholesky_ex / inv_ex info tensors on singular and indefinite
# batches, ldl_factor / ldl_solve, householder_product against geqrf, multi_dot, tensorsolve /
# tensorinv, vander, lu with pivots and lu_unpack, matrix_power with negative powers, and
# gradients through each (gradcheck).
from torch.autograd import gradcheck

torch.set_default_dtype(torch.float64)
torch.manual_seed(18)
LA = torch.linalg


def fmt(t, digits=8):
    return " ".join(f"{v:.{digits}g}" for v in t.detach().flatten().tolist())


A = torch.randn(4, 4)
B = torch.randn(3, 5)
for ord_ in ("fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")):
    print("matrix_norm", ord_, fmt(LA.matrix_norm(A, ord=ord_)), fmt(LA.matrix_norm(B, ord_)))
for ord_ in (None, "fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")):
    print("cond", ord_, fmt(LA.cond(A, p=ord_)))
print("norm vector ords", [f"{LA.vector_norm(A[0], o).item():.8g}"
                           for o in (0, 1, 2, 3.5, float("inf"), float("-inf"), -1)])
print("norm dim", fmt(LA.norm(A, dim=(0, 1))), fmt(LA.norm(A, 3, dim=1)),
      fmt(LA.norm(A, "nuc", dim=(1, 0), keepdim=True)), LA.norm(A, "nuc", (1, 0), True).shape)
try:
    LA.matrix_norm(torch.randn(4), "fro")
except RuntimeError as err:
    print("matrix_norm 1-D:", err)
try:
    LA.matrix_norm(A, ord=3)
except RuntimeError as err:
    print("matrix_norm ord 3:", err)
try:
    LA.cond(torch.randn(3, 4), p=1)
except RuntimeError as err:
    print("cond non-square:", err)
print("cond singular", LA.cond(torch.ones(3, 3), 1), LA.cond(torch.zeros(2, 2), "fro"),
      LA.cond(torch.zeros(2, 2), "nuc"), LA.cond(torch.ones(2, 0, 0), 1))

# gradients of norms
for ord_ in ("fro", "nuc", 2, -2, 1, float("inf")):
    X = torch.randn(3, 4, requires_grad=True)
    print("gradcheck matrix_norm", ord_, gradcheck(lambda m: LA.matrix_norm(m, ord_), (X,)))
X = torch.randn(4, 4, requires_grad=True)
print("gradcheck cond 2", gradcheck(lambda m: LA.cond(m), (X,)))
# (torch 2.13's own backward of cond for "fro", 1 and inf fails: it modifies the saved
# inverse in place; "nuc" and 2 go through svdvals)
print("gradcheck cond nuc", gradcheck(lambda m: LA.cond(m, "nuc"), (X,)))

# matrix_rank with tolerances
U, _ = LA.qr(torch.randn(6, 6))
V, _ = LA.qr(torch.randn(6, 6))
S = torch.tensor([10.0, 1.0, 1e-3, 1e-6, 1e-10, 0.0])
M = U @ torch.diag(S) @ V.T
print("rank default", LA.matrix_rank(M).item())
for atol, rtol in ((None, None), (1e-4, None), (None, 1e-2), (1e-8, 1e-5), (0.0, 0.0),
                   (torch.tensor(1e-5), None), (2.0, 0.0)):
    print("rank atol", atol, "rtol", rtol, LA.matrix_rank(M, atol=atol, rtol=rtol).item())
H = M @ M.T
print("rank hermitian", LA.matrix_rank(H, hermitian=True).item(),
      LA.matrix_rank(H, hermitian=True, rtol=1e-9).item())
batch = torch.stack([M, torch.eye(6), torch.zeros(6, 6)])
print("rank batch", LA.matrix_rank(batch), LA.matrix_rank(batch, atol=torch.tensor([1.0, 1.0, 0.0])))
print("rank int dtype", LA.matrix_rank(M).dtype)
print("svdvals", fmt(LA.svdvals(batch).clamp(min=1e-12), 6))  # below: rounding residue
print("svdvals complex", LA.svdvals(torch.randn(2, 3, 3, dtype=torch.complex128)).dtype)

# batched complex Hermitian eigh, gradients of a gauge-invariant function
Z = torch.randn(3, 4, 4, dtype=torch.complex128)
Hc = Z + Z.mH
w, Q = LA.eigh(Hc)
print("eigh", w.dtype, Q.dtype, fmt(w, 7))
print("eigh residual", (Hc @ Q - Q * w.unsqueeze(-2)).abs().max().item() < 1e-12)
print("eigh lower/upper", torch.allclose(LA.eigvalsh(Hc, UPLO="U"), w))
Zl = Z.clone().requires_grad_()


def spectral_loss(z):
    h = z + z.mH
    vals, vecs = LA.eigh(h)
    proj = vecs[..., :1] @ vecs[..., :1].mH  # gauge-invariant: the top projector
    return vals.pow(2).sum() + (proj * h).real.sum()


loss = spectral_loss(Zl)
loss.backward()
print("eigh loss", f"{loss.item():.10g}", "grad", fmt(Zl.grad.abs().sum((-1, -2)), 8))
print("gradcheck eigh vals", gradcheck(lambda z: LA.eigvalsh(z + z.mH), (Zl[0].detach()
                                                                      .requires_grad_(),)))
print("gradcheck eigh loss", gradcheck(spectral_loss, (Zl[:1].detach().requires_grad_(),)))
try:
    vals, vecs = LA.eigh(Zl + Zl.mH)
    vecs.sum().abs().backward()
except RuntimeError as err:
    print("gauge:", str(err).splitlines()[0])

# *_ex info tensors
batch = torch.stack([torch.eye(3) * 2, torch.tensor([[1.0, 2, 3], [2, 4, 6], [0, 1, 1]]),
                     torch.tensor([[4.0, 1, 0], [1, -3, 0], [0, 0, 1]])])
rhs = torch.ones(3, 3, 1)
X, info = LA.solve_ex(batch, rhs)
print("solve_ex info", info, info.dtype)
print("solve_ex x[0]", fmt(X[0]))
L, info = LA.cholesky_ex(batch)
print("cholesky_ex info", info)
print("cholesky_ex L[0]", fmt(L[0]))
Ainv, info = LA.inv_ex(batch)
print("inv_ex info", info)
try:
    LA.cholesky_ex(batch, check_errors=True)
except Exception as err:
    print("cholesky_ex check_errors:", type(err).__name__, err)
try:
    LA.solve_ex(batch, rhs, check_errors=True)
except Exception as err:
    print("solve_ex check_errors:", type(err).__name__, err)
try:
    LA.cholesky(batch)
except Exception as err:
    print("cholesky:", type(err).__name__, err)
try:
    LA.inv(batch[1])
except Exception as err:
    print("inv:", type(err).__name__, err)
LUf, piv, info = LA.lu_factor_ex(batch)
print("lu_factor_ex info", info, piv)

# LDL^T of a symmetric indefinite matrix
Sym = torch.tensor([[4.0, 1, 2, 0], [1, -3, 0, 1], [2, 0, 1, 1], [0, 1, 1, 2]])
LD, pivots = LA.ldl_factor(Sym)
print("ldl pivots", pivots)
b = torch.arange(1.0, 5.0).unsqueeze(-1)
xs = LA.ldl_solve(LD, pivots, b)
print("ldl_solve", fmt(xs), "residual small", (Sym @ xs - b).abs().max().item() < 1e-12)
LD2, piv2, info2 = LA.ldl_factor_ex(Sym, hermitian=True)
print("ldl_factor_ex info", info2, torch.equal(piv2, pivots))

# Householder QR pieces
G = torch.randn(5, 3)
Araw, tau = torch.geqrf(G)
Qh = LA.householder_product(Araw, tau)
Qr, Rr = LA.qr(G)
print("householder Q", tuple(Qh.shape), torch.allclose(Qh.abs(), Qr.abs()))
print("R diag", fmt(Araw.diagonal()), fmt(Rr.diagonal()))
Ag = Araw.clone().requires_grad_()
tg = tau.clone().requires_grad_()
print("gradcheck householder_product", gradcheck(LA.householder_product, (Ag, tg)))
print("ormqr", fmt(torch.ormqr(Araw, tau, torch.eye(5)[:, :2], transpose=True), 6))

# multi_dot, tensorsolve, tensorinv, vander
mats = [torch.randn(2, 7), torch.randn(7, 3), torch.randn(3, 5), torch.randn(5)]
print("multi_dot", fmt(LA.multi_dot(mats)), LA.multi_dot(mats).shape)
mats_g = [m.clone().requires_grad_() for m in mats[:3]]
print("gradcheck multi_dot", gradcheck(lambda a, b, c: LA.multi_dot([a, b, c]), mats_g))
try:
    LA.multi_dot([torch.randn(3)])
except RuntimeError as err:
    print("multi_dot one:", err)
T = torch.randn(2, 3, 6)
Bt = torch.randn(2, 3)
Xt = LA.tensorsolve(T, Bt)
print("tensorsolve", Xt.shape, fmt(torch.tensordot(T, Xt, dims=1) - Bt, 2) if False else
      (torch.tensordot(T, Xt, dims=1) - Bt).abs().max().item() < 1e-12)
T4 = torch.randn(4, 6, 8, 3)
Ti = LA.tensorinv(T4, ind=2)
print("tensorinv", Ti.shape, torch.allclose(torch.tensordot(Ti, T4, 2), torch.eye(8 * 3)
                                           .reshape(8, 3, 8, 3)))
try:
    LA.tensorinv(torch.randn(4, 5), ind=1)
except RuntimeError as err:
    print("tensorinv:", err)
print("gradcheck tensorsolve", gradcheck(LA.tensorsolve, (T.requires_grad_(),
                                                          Bt.requires_grad_())))
xv = torch.tensor([1.0, 2.0, 3.0, 0.5])
print("vander", LA.vander(xv))
print("vander N", LA.vander(xv, N=2), torch.vander(xv, N=3, increasing=True))
print("vander int", LA.vander(torch.tensor([2, 3])).dtype)
print("gradcheck vander", gradcheck(lambda v: LA.vander(v, N=5), (xv.requires_grad_(),)))

# LU with pivots
P, Lm, Um = LA.lu(batch[2])
print("lu P", P)
print("lu L", fmt(Lm), "U", fmt(Um))
LUp, pv = LA.lu_factor(batch[2])
P2, L2, U2 = torch.lu_unpack(LUp, pv)
print("lu_unpack", torch.equal(P, P2), torch.allclose(Lm, L2), pv)
_, L3, U3 = LA.lu(batch[2], pivot=True)
Aw = torch.randn(3, 5, requires_grad=True)
print("gradcheck lu wide", gradcheck(lambda a: LA.lu(a)[1:], (Aw,)))
print("lu_solve left=False adjoint", fmt(torch.linalg.lu_solve(LUp, pv, torch.ones(2, 3),
                                                            left=False, adjoint=True)))

# matrix_power
Mp = torch.tensor([[2.0, 1.0], [1.0, 3.0]])
for k in (-3, -1, 0, 1, 2, 5):
    print("matrix_power", k, fmt(LA.matrix_power(Mp, k)))
print("matrix_power int", LA.matrix_power(torch.tensor([[1, 1], [1, 0]]), 10))
try:
    LA.matrix_power(torch.tensor([[1, 1], [1, 0]]), -1)
except RuntimeError as err:
    print("matrix_power int -1:", err)
try:
    LA.matrix_power(torch.ones(2, 2), -1)
except Exception as err:
    print("matrix_power singular -1:", type(err).__name__, err)
Mg = Mp.clone().requires_grad_()
for k in (-2, 3):
    print("gradcheck matrix_power", k, gradcheck(lambda m: LA.matrix_power(m, k), (Mg,)))
print("matrix_exp of log", fmt(torch.matrix_exp(Mp)))
