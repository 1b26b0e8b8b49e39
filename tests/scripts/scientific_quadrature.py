import torch
from torch import special
from torch.quasirandom import SobolEngine

# Numerical methods a scientist writes with torch: quasi-Monte Carlo integration with a
# scrambled Sobol sequence, a least-squares polynomial fit with linalg.lstsq, the vibration
# modes of a spring-mass chain from linalg.eigh, Bessel, ndtri and xlogy special functions,
# and trapezoid / cumulative_trapezoid quadrature, all in float64.
torch.manual_seed(8)
torch.set_default_dtype(torch.float64)

# Quasi-Monte Carlo: the volume of the unit ball in 4 dimensions (pi^2 / 2) and a Gaussian
# expectation through the inverse CDF (ndtri) of Sobol points.
engine = SobolEngine(dimension=4, scramble=True, seed=3)
first = engine.draw(4)
print("first points", first.dtype, first[:2])
points = engine.draw(4092)
print("drawn", engine.num_generated, tuple(points.shape), "in [0,1)",
      bool(((points >= 0) & (points < 1)).all()))
inside = ((2 * points - 1).pow(2).sum(1) <= 1).double().mean() * 2 ** 4
print(f"ball volume {inside.item():.5f} exact {torch.pi ** 2 / 2:.5f}")
normal = special.ndtri(points[:, :2].clamp(1e-12, 1 - 1e-12))
print(f"E[x^2 + y^2] {normal.pow(2).sum(1).mean().item():.5f} (2 exactly)")
engine.reset()
print("reset repeats", torch.equal(engine.draw(4), first))
engine.fast_forward(4)
print("fast_forward", torch.equal(engine.draw(8), points[4:12]))
plain = SobolEngine(2).draw(5, dtype=torch.float32)
print("unscrambled", plain)

# Least squares: fit a cubic to noisy samples with a Vandermonde matrix.
x = torch.linspace(-1, 1, 40)
y = 0.5 - 2 * x + 0.7 * x ** 3 + 0.01 * torch.randn(40)
vander = torch.linalg.vander(x, N=4)
solution = torch.linalg.lstsq(vander, y.unsqueeze(1))
coeffs = solution.solution.squeeze(1)
print("cubic coefficients", coeffs.round(decimals=3), "rank", solution.rank)
residual = (vander @ coeffs - y).pow(2).sum()
print(f"residual {residual.item():.6e}",
      torch.allclose(coeffs, torch.linalg.pinv(vander) @ y))

# Vibration modes of n masses joined by springs (fixed ends): K v = w^2 M v.
n = 6
k = torch.full((n + 1,), 1.0)
k[3] = 2.0
stiffness = torch.diag(k[:-1] + k[1:]) - torch.diag(k[1:-1], 1) - torch.diag(k[1:-1], -1)
masses = torch.tensor([1.0, 1.0, 2.0, 2.0, 1.0, 1.0])
m_inv_sqrt = masses.rsqrt()
eigenvalues, modes = torch.linalg.eigh(m_inv_sqrt[:, None] * stiffness * m_inv_sqrt)
print("frequencies", eigenvalues.sqrt())
shape = m_inv_sqrt[:, None] * modes
shape = shape / shape.abs().max(0).values * shape[0].sign()
print("lowest mode", shape[:, 0])
print("orthogonal in the mass metric",
      torch.allclose(shape.T @ torch.diag(masses) @ shape,
                     torch.diag((shape.T @ torch.diag(masses) @ shape).diagonal())))

# Special functions: Bessel-function zeros bracketed by sign changes, xlogy entropy, i0 / i1.
r = torch.linspace(0.1, 12, 400)
j0 = special.bessel_j0(r)
crossings = r[:-1][(j0[:-1] * j0[1:]) < 0]
print("J0 sign changes near", crossings.round(decimals=2))
print("J1 at 1, Y0 at 1", special.bessel_j1(torch.tensor([1.0])), special.bessel_y0(
    torch.tensor([1.0])))
print("I0, I1, I0e", special.i0(torch.tensor([0.5, 2.0])), special.i1(torch.tensor([0.5])),
      special.i0e(torch.tensor([10.0])))
probs = torch.tensor([0.0, 0.25, 0.25, 0.5])
print("entropy via xlogy", -special.xlogy(probs, probs).sum(), special.entr(probs).sum())
print("xlog1py", special.xlog1py(torch.tensor([0.0, 2.0]), torch.tensor([-1.0, 1.0])))

# Quadrature: trapezoid on uniform and non-uniform grids, the running integral of sin.
t = torch.linspace(0, torch.pi, 101)
print(f"int sin {torch.trapezoid(torch.sin(t), t).item():.8f}",
      f"dx form {torch.trapezoid(torch.sin(t), dx=torch.pi / 100).item():.8f}")
uneven = torch.sort(torch.rand(50) * 2).values
print(f"int x^2 uneven {torch.trapezoid(uneven ** 2, uneven).item():.6f}")
running = torch.cumulative_trapezoid(torch.sin(t), t)
print("cumulative", running.shape, running[[24, 49, 99]])
print("max error vs 1 - cos", (running - (1 - torch.cos(t[1:]))).abs().max().item() < 2e-4)
grid = torch.stack([torch.sin(t), t ** 2])
print("batched", torch.trapezoid(grid, t, dim=1), torch.trapz(grid, t))
