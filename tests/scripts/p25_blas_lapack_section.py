import torch

# The "BLAS and LAPACK Operations" section of the torch docs page, row by row, the way a user
# checks each entry against its formula: the beta/alpha forms (addbmm, addmm, addmv, addr,
# baddbmm) including the documented rule that beta=0 ignores nan and inf in input, the
# products (dot, vdot, inner, outer, mv, chain_matmul, matrix_power with negative exponents),
# determinants of singular matrices, and LU factor/solve, with gradients in float64 and the
# errors mismatched shapes and dtypes raise.
import warnings

torch.manual_seed(3)
torch.set_printoptions(precision=5)
f64 = dict(dtype=torch.float64)

M = torch.randn(3, 5, **f64)
b1, b2 = torch.randn(4, 3, 2, **f64), torch.randn(4, 2, 5, **f64)
print("addbmm", torch.addbmm(M, b1, b2, beta=0.5, alpha=2.0))
print("addbmm check", torch.allclose(torch.addbmm(M, b1, b2, beta=0.5, alpha=2.0),
                                     0.5 * M + 2.0 * (b1 @ b2).sum(0)))
print("baddbmm", torch.baddbmm(M, b1, b2, alpha=0.5).shape)
nan_input = torch.full((3, 5), float("nan"), **f64)
print("addmm beta=0 ignores nan", torch.addmm(nan_input, b1[0], b2[0], beta=0).isnan().any())
print("addmm beta=0.0 vs 1", torch.addmm(nan_input, b1[0], b2[0], beta=1).isnan().all())
vec = torch.randn(5, **f64)
print("addmv", torch.addmv(torch.ones(3, **f64), M, vec, beta=2, alpha=-1))
print("addr", torch.addr(torch.zeros(3, 2, **f64), torch.arange(3.0, **f64),
                         torch.tensor([1.0, -1.0], **f64), alpha=3))
bool_a, bool_b = torch.tensor([True, False, True]), torch.tensor([True, True])
print("addr bool", torch.addr(torch.zeros(3, 2, dtype=torch.bool), bool_a, bool_b))
ints = torch.addr(torch.ones(2, 2, dtype=torch.int64), torch.tensor([1, 2]), torch.tensor([3, 4]),
                  beta=2, alpha=3)
print("addr int", ints)
try:
    torch.addr(torch.ones(2, 2, dtype=torch.int64), torch.tensor([1, 2]), torch.tensor([3, 4]),
               alpha=0.5)
except RuntimeError as err:
    print("RuntimeError:", err)

# gradients of the beta/alpha forms
inp = torch.randn(3, 5, **f64, requires_grad=True)
m1 = torch.randn(3, 4, **f64, requires_grad=True)
m2 = torch.randn(4, 5, **f64, requires_grad=True)
out = torch.addmm(inp, m1, m2, beta=0.25, alpha=-2.0)
print(out.grad_fn.name())
out.sum().backward()
print("d inp", inp.grad[0], "d m1", m1.grad[0])
bi = torch.randn(2, 3, 5, **f64, requires_grad=True)
ba, bb = torch.randn(2, 3, 4, **f64, requires_grad=True), torch.randn(2, 4, 5, **f64)
o = torch.baddbmm(bi, ba, bb, beta=3.0)
print(o.grad_fn.name())
(o ** 2).mean().backward()
print("baddbmm grads", bi.grad.sum().item().__round__(6), ba.grad[1, 2])
u = torch.randn(3, **f64, requires_grad=True)
v = torch.randn(2, **f64, requires_grad=True)
r = torch.addr(torch.zeros(3, 2, **f64), u, v, beta=0, alpha=1.5)
print(r.grad_fn.name())
r.pow(2).sum().backward()
print("addr grads", u.grad, v.grad)
print("gradcheck addbmm", torch.autograd.gradcheck(
    lambda i, x, y: torch.addbmm(i, x, y, beta=0.3, alpha=1.7),
    (torch.randn(3, 5, **f64, requires_grad=True), torch.randn(2, 3, 4, **f64, requires_grad=True),
     torch.randn(2, 4, 5, **f64, requires_grad=True))))
print("gradcheck addmv", torch.autograd.gradcheck(
    lambda i, x, y: torch.addmv(i, x, y, beta=-1.0, alpha=0.5),
    (torch.randn(3, **f64, requires_grad=True), torch.randn(3, 4, **f64, requires_grad=True),
     torch.randn(4, **f64, requires_grad=True))))

# the vector products
x, y = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, -5.0, 6.0])
print("dot", torch.dot(x, y), "inner", torch.inner(x, y), "outer", torch.outer(x, y[:2]))
cx = torch.tensor([1 + 2j, 3 - 1j])
cy = torch.tensor([2 - 1j, 1j])
print("vdot", torch.vdot(cx, cy), "dot", torch.dot(cx, cy))
print("inner 2d", torch.inner(torch.ones(2, 3), torch.arange(6.0).reshape(2, 3)))
for bad in [lambda: torch.dot(x, y.double()), lambda: torch.dot(x, y[:2]),
            lambda: torch.dot(x.reshape(3, 1), y), lambda: torch.mv(torch.ones(2, 3), x[:2]),
            lambda: torch.addmm(torch.ones(2, 2), torch.ones(2, 3), torch.ones(2, 3))]:
    try:
        bad()
    except RuntimeError as err:
        print("RuntimeError:", err)

mats = [torch.randn(2, 3, **f64), torch.randn(3, 4, **f64), torch.randn(4, 2, **f64)]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    chained = torch.chain_matmul(*mats)
print("chain_matmul", chained.shape, torch.allclose(chained, torch.linalg.multi_dot(mats)))
print("chain_matmul warned", [str(w.message)[:60] for w in caught])
A = torch.tensor([[2.0, 1.0], [1.0, 3.0]], **f64)
print("matrix_power -2", torch.matrix_power(A, -2))
print("matrix_power 0", torch.linalg.matrix_power(A, 0))
try:
    torch.linalg.matrix_power(torch.tensor([[1.0, 2.0], [2.0, 4.0]]), -1)
except RuntimeError as err:
    print(type(err).__name__ + ":", err)

# determinants of a singular matrix
S = torch.tensor([[1.0, 2.0], [2.0, 4.0]], **f64, requires_grad=True)
print("det", torch.det(S), "logdet", torch.logdet(S))
sign, logabs = torch.linalg.slogdet(S)
print("slogdet", sign, logabs)
torch.det(S).backward()
print("d det at singular", S.grad)
neg = torch.tensor([[0.0, 1.0], [1.0, 0.0]], **f64)
print("logdet negative det", torch.logdet(neg), torch.linalg.slogdet(neg))

# LU: factor once, solve twice, unpack
Bm = torch.randn(3, 3, **f64)
LU, piv = torch.linalg.lu_factor(Bm)
print("pivots", piv, piv.dtype)
P, L, U = torch.lu_unpack(LU, piv)
print("P", P)
print("PLU == B", torch.allclose(P @ L @ U, Bm))
rhs = torch.randn(3, 2, **f64)
sol = torch.linalg.lu_solve(LU, piv, rhs)
print("lu_solve", torch.allclose(Bm @ sol, rhs))
solT = torch.linalg.lu_solve(LU, piv, rhs, adjoint=True)
print("lu_solve adjoint", torch.allclose(Bm.mT @ solT, rhs))
solL = torch.linalg.lu_solve(LU, piv, rhs.mT, left=False)
print("lu_solve right", torch.allclose(solL @ Bm, rhs.mT))
