import torch  # noqa: I001 (the harness requires torch first)

# Interpolation and root finding as a numerical-methods course writes them, in float64 and
# float32: a natural cubic spline (tridiagonal system by linalg.solve, evaluation with
# searchsorted), piecewise-linear interpolation with bucketize and lerp, Chebyshev nodes
# against equispaced ones (Runge's phenomenon), bisection / Newton / secant roots with
# autograd derivatives, the determinant's gradient at a singular matrix (cofactors), a
# 2-D histogram of scattered points, and linspace grids printed to the last digit.
import math

torch.set_default_dtype(torch.float64)
torch.manual_seed(5)

print("linspace float32", torch.linspace(-1, 1, 12, dtype=torch.float32).tolist())
print("linspace float64", torch.linspace(0, 2 * math.pi, 9).tolist())

# A natural cubic spline through samples of Runge's function.
def runge(x):
    return 1 / (1 + 25 * x**2)


knots = torch.linspace(-1, 1, 11)
values = runge(knots)
h = knots[1:] - knots[:-1]
n = knots.numel()
A = torch.zeros(n, n)
rhs = torch.zeros(n)
A[0, 0] = A[-1, -1] = 1.0
for i in range(1, n - 1):
    A[i, i - 1], A[i, i], A[i, i + 1] = h[i - 1], 2 * (h[i - 1] + h[i]), h[i]
    rhs[i] = 6 * ((values[i + 1] - values[i]) / h[i] - (values[i] - values[i - 1]) / h[i - 1])
M = torch.linalg.solve(A, rhs)


def spline(x):
    idx = (torch.searchsorted(knots, x, right=True) - 1).clamp(0, n - 2)
    x0, x1 = knots[idx], knots[idx + 1]
    hh = x1 - x0
    a, b = (x1 - x) / hh, (x - x0) / hh
    return (a * values[idx] + b * values[idx + 1]
            + ((a**3 - a) * M[idx] + (b**3 - b) * M[idx + 1]) * hh**2 / 6)


fine = torch.linspace(-1, 1, 201)
print(f"spline max error {(spline(fine) - runge(fine)).abs().max().item():.8f}")
print("spline at the knots:", torch.allclose(spline(knots), values))

# Piecewise-linear interpolation with bucketize and lerp.
idx = torch.bucketize(fine, knots, right=True).clamp(1, n - 1)
w = (fine - knots[idx - 1]) / (knots[idx] - knots[idx - 1])
linear = torch.lerp(values[idx - 1], values[idx], w)
print(f"linear max error {(linear - runge(fine)).abs().max().item():.8f}")

# Polynomial interpolation: equispaced vs Chebyshev nodes.
for deg in (6, 10, 14):
    equi = torch.linspace(-1, 1, deg + 1)
    cheb = torch.cos((2 * torch.arange(deg + 1) + 1) * math.pi / (2 * (deg + 1)))
    errs = []
    for nodes in (equi, cheb):
        V = torch.linalg.vander(nodes, N=deg + 1)
        coef = torch.linalg.solve(V, runge(nodes))
        approx = torch.linalg.vander(fine, N=deg + 1) @ coef
        errs.append((approx - runge(fine)).abs().max().item())
    print(f"degree {deg}: equispaced error {errs[0]:.6f}, Chebyshev error {errs[1]:.6f}")

# Roots of f(x) = cos(x) - x three ways.
def f(x):
    return torch.cos(x) - x


lo, hi = torch.tensor(0.0), torch.tensor(1.0)
for _ in range(40):
    mid = (lo + hi) / 2
    lo, hi = torch.where(f(mid) > 0, mid, lo), torch.where(f(mid) > 0, hi, mid)
print(f"bisection {((lo + hi) / 2).item():.15f}")
x = torch.tensor(1.0, requires_grad=True)
for it in range(6):
    (d,) = torch.autograd.grad(f(x), x)
    with torch.no_grad():
        x -= f(x) / d
print(f"Newton {x.item():.15f} residual {abs(f(x).item()) < 1e-15}")
x0, x1 = torch.tensor(0.0), torch.tensor(1.0)
for it in range(5):
    x0, x1 = x1, x1 - f(x1) * (x1 - x0) / (f(x1) - f(x0))
print(f"secant {x1.item():.15f}")

# The determinant's gradient at a singular matrix is the cofactor matrix (with create_graph).
S = torch.tensor([[2.0, 1.0, 0.0], [4.0, 2.0, 1.0], [0.0, 0.0, 3.0]], requires_grad=True)
print("det", torch.linalg.det(S).item())
(cof,) = torch.autograd.grad(torch.linalg.det(S), S, create_graph=True)
# (rounded: the SVD leaves rounding noise of 1e-16 where the exact cofactors are 0)
print("cofactors", cof.detach().round(decimals=8), "(first-order grad is zero:",
      bool((torch.autograd.grad(torch.linalg.det(S), S)[0] == 0).all()), ")")
(g2,) = torch.autograd.grad(cof[0, 0], S)
print("d cof_00 / dS", g2.round(decimals=8))

# A 2-D histogram of scattered points.
pts = torch.randn(500, 2) * torch.tensor([1.0, 0.5])
hist, edges = torch.histogramdd(pts, bins=[4, 3], range=[-3.0, 3.0, -1.5, 1.5])
print("histogramdd", hist, "edges are a", type(edges).__name__, [e.tolist() for e in edges])
print("complex inner products", torch.linalg.vecdot(torch.tensor([[1 + 2j, 3 - 1j]]),
                                                  torch.tensor([2 - 1j, 1 + 1j])))
