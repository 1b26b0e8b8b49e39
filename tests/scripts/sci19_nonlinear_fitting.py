import torch  # noqa: I001 (the harness requires torch first)

# Nonlinear least squares and optimisation as a numerical analyst writes them, in float64:
# an exponential-decay model fitted by Gauss-Newton and by Levenberg-Marquardt with the
# Jacobian from torch.func.jacrev (and jacfwd), each linear step through linalg.lstsq with
# every CPU driver (gels, gelsy, gelsd, gelss: solution, residuals, rank, singular values),
# a rank-deficient design, Newton's method on the Rosenbrock function with torch.func.hessian,
# implicit differentiation through a fixed point (a custom autograd.Function whose backward
# solves the adjoint equation), and vectorised bisection with torch.where masks.
import math

from torch.func import hessian, jacfwd, jacrev

torch.set_default_dtype(torch.float64)
torch.manual_seed(19)

# --- data: y = a exp(-b t) + c plus noise
t = torch.linspace(0, 4, 25)
true = torch.tensor([2.5, 1.3, 0.4])


def model(p, t):
    return p[0] * torch.exp(-p[1] * t) + p[2]


y = model(true, t) + 0.02 * torch.randn(t.shape)


def residual(p):
    return model(p, t) - y


# --- Gauss-Newton with every lstsq driver
for driver in ("gels", "gelsy", "gelsd", "gelss"):
    p = torch.tensor([1.0, 0.5, 0.0])
    for it in range(8):
        J = jacrev(residual)(p)
        r = residual(p)
        sol = torch.linalg.lstsq(J, -r.unsqueeze(-1), driver=driver)
        p = p + sol.solution.squeeze(-1)
    cost = 0.5 * residual(p).pow(2).sum().item()
    print(driver, "p", [round(v, 6) for v in p.tolist()], "cost", f"{cost:.8f}")
    print("   rank", sol.rank, "residuals", sol.residuals.shape, "sv", sol.singular_values.shape)

# jacfwd agrees with jacrev
Jf = jacfwd(residual)(p)
Jr = jacrev(residual)(p)
print("jacfwd==jacrev", torch.allclose(Jf, Jr), tuple(Jf.shape), Jf.dtype)

# --- lstsq outputs in detail on a tall full-rank system and a rank-deficient one
A = torch.randn(6, 3)
B = torch.randn(6, 2)
for driver in ("gels", "gelsy", "gelsd", "gelss"):
    out = torch.linalg.lstsq(A, B, driver=driver)
    print(driver, "solution", out.solution.round(decimals=6))
    print("   residuals", out.residuals.round(decimals=6), "rank", out.rank,
          "sv", out.singular_values.round(decimals=6))
Adef = torch.cat([A[:, :2], A[:, :1] + A[:, 1:2]], dim=1)
for driver in ("gelsy", "gelsd", "gelss"):
    out = torch.linalg.lstsq(Adef, B, driver=driver)
    print("deficient", driver, "rank", out.rank.item(), "residuals", out.residuals,
          "norm", round(out.solution.norm().item(), 6))
# batched, broadcast B
Ab = torch.randn(3, 5, 2)
Bb = torch.randn(5, 1)
out = torch.linalg.lstsq(Ab, Bb.expand(3, 5, 1))
print("batched", tuple(out.solution.shape), out.solution.squeeze(-1).round(decimals=6))
print("batched residuals", out.residuals.round(decimals=6))

# --- Levenberg-Marquardt with geodesic-free damping update
p = torch.tensor([0.5, 3.0, 1.0])
lam = 1e-2
for it in range(30):
    J = jacrev(residual)(p)
    r = residual(p)
    g = J.T @ r
    JTJ = J.T @ J
    step = torch.linalg.solve(JTJ + lam * torch.diag(torch.diagonal(JTJ)), -g)
    new = p + step
    if step.norm() < 1e-9 * p.norm():
        # converged: a step this small changes the cost below its round-off, so whether it
        # would be accepted depends on the last bits of the BLAS/LAPACK in use
        print(f"LM stopped at {it}: step {step.norm().item():.0e}")
        break
    if residual(new).pow(2).sum() < r.pow(2).sum():
        p, lam = new, lam / 3
    else:
        lam = lam * 2
    if it % 6 == 0:
        print(f"LM {it:2d} cost {0.5 * r.pow(2).sum().item():.8f} lambda {lam:.4e}")
print("LM p", [round(v, 6) for v in p.tolist()])
# parameter covariance from the final Jacobian
J = jacrev(residual)(p)
sigma2 = residual(p).pow(2).sum() / (t.numel() - 3)
cov = sigma2 * torch.linalg.inv(J.T @ J)
print("std errors", torch.sqrt(torch.diagonal(cov)).round(decimals=6))
print("correlation", torch.corrcoef(torch.randn(3, 50)).shape, (cov / torch.outer(
    cov.diagonal().sqrt(), cov.diagonal().sqrt())).round(decimals=4))


# --- Newton's method on Rosenbrock with torch.func.hessian
def rosen(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


x = torch.tensor([-1.2, 1.0])
for it in range(8):
    g = jacrev(rosen)(x)
    H = hessian(rosen)(x)
    x = x - torch.linalg.solve(H, g)
    print(f"newton {it} x {x[0].item():.10f} {x[1].item():.10f} f {rosen(x).item():.6e}")
print("hessian at optimum", hessian(rosen)(torch.tensor([1.0, 1.0])))
print("eigvalsh", torch.linalg.eigvalsh(hessian(rosen)(torch.tensor([1.0, 1.0]))))


# --- implicit differentiation through a fixed point z = tanh(W z + x)
class FixedPoint(torch.autograd.Function):
    @staticmethod
    def forward(ctx, W, x):
        z = torch.zeros_like(x)
        for _ in range(200):
            z_next = torch.tanh(W @ z + x)
            if (z_next - z).abs().max() < 1e-13:
                z = z_next
                break
            z = z_next
        ctx.save_for_backward(W, x, z)
        return z

    @staticmethod
    def backward(ctx, grad_z):
        W, x, z = ctx.saved_tensors
        d = 1 - z ** 2  # tanh' at the fixed point
        # (I - diag(d) W)^T u = grad_z
        Jz = torch.eye(len(z)) - d[:, None] * W
        u = torch.linalg.solve(Jz.T, grad_z)
        gx = d * u
        gW = torch.outer(gx, z)
        return gW, gx


n = 4
W = (0.3 * torch.randn(n, n)).requires_grad_()
xin = torch.randn(n, requires_grad=True)
z = FixedPoint.apply(W, xin)
print("fixed point", z.detach().round(decimals=8), z.grad_fn.__class__.__name__)
loss = (z ** 2).sum()
loss.backward()
print("dW", W.grad.round(decimals=6))
print("dx", xin.grad.round(decimals=6))


# unrolled reference
def unrolled(W, x):
    z = torch.zeros_like(x)
    for _ in range(200):
        z = torch.tanh(W @ z + x)
    return z


W2 = W.detach().clone().requires_grad_()
x2 = xin.detach().clone().requires_grad_()
(unrolled(W2, x2) ** 2).sum().backward()
print("implicit==unrolled", torch.allclose(W.grad, W2.grad, atol=1e-9),
      torch.allclose(xin.grad, x2.grad, atol=1e-9))
print("gradcheck fixed point", torch.autograd.gradcheck(
    lambda W, x: FixedPoint.apply(W, x),
    (W.detach().requires_grad_(), xin.detach().requires_grad_())))

# --- vectorised bisection with where masks: roots of x^3 - c for many c at once
c = torch.tensor([0.001, 0.5, 2.0, 8.0, 27.0, 100.0])
lo = torch.zeros_like(c)
hi = torch.full_like(c, 5.0)
for _ in range(60):
    mid = 0.5 * (lo + hi)
    f = mid ** 3 - c
    lo = torch.where(f < 0, mid, lo)
    hi = torch.where(f < 0, hi, mid)
root = 0.5 * (lo + hi)
print("cube roots", root)
print("bracket failed", (hi ** 3 < c))
print("error", (root - c.pow(1 / 3)).abs().max().item() < 1e-12)
# Newton-safeguarded with masks: x = cos(x) elementwise from different starts, some diverging
x = torch.tensor([-3.0, 0.0, 1.0, 10.0, float("nan")])
for _ in range(20):
    fx = x - torch.cos(x)
    dfx = 1 + torch.sin(x)
    step = torch.where(dfx.abs() > 1e-12, fx / dfx, torch.zeros_like(x))
    x = torch.where(torch.isfinite(x), x - step, x)
print("dottie", x, torch.isnan(x).nonzero().flatten())
print("isclose", torch.isclose(x, torch.full_like(x, 0.7390851332151607), equal_nan=True))
print(math.isclose(x[1].item(), 0.7390851332151607))
