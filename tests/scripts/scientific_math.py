import torch
import torch.special as special

# A small Bayesian-flavoured computation: log-densities, normal quantiles, an LU solve.
torch.manual_seed(3)
alpha = torch.tensor([0.5, 1.5, 3.0], dtype=torch.float64, requires_grad=True)
x = torch.tensor([0.2, 1.1, 2.7], dtype=torch.float64)
log_gamma_density = (alpha - 1) * torch.log(x) - x - torch.lgamma(alpha)
log_gamma_density.sum().backward()
print("gamma log-density", log_gamma_density)
print("d/dalpha", alpha.grad)
print("digamma", torch.digamma(alpha.detach()), "trigamma", torch.polygamma(1, alpha.detach()))
p = torch.tensor([0.025, 0.5, 0.975], dtype=torch.float64)
print("ndtri", special.ndtri(p), "ndtr", special.ndtr(special.ndtri(p)))
print("erfinv", torch.erfinv(torch.tensor([-0.5, 0.0, 0.9])), "log_ndtr", special.log_ndtr(
    torch.tensor([-10.0, 0.0, 3.0])))
print("xlogy", torch.xlogy(torch.tensor([0.0, 2.0]), torch.tensor([0.0, 3.0])),
      "entr", special.entr(torch.tensor([0.0, 0.5, 1.0])))
print("bessel", special.i0(torch.tensor([0.0, 1.0])), special.i1e(torch.tensor([2.0])),
      special.bessel_j0(torch.tensor([1.0])))
print("legendre", special.legendre_polynomial_p(torch.tensor([0.3, -0.6]), 3))
print("hypot", torch.hypot(torch.tensor([3.0]), torch.tensor([4.0])),
      "logaddexp", torch.logaddexp(torch.tensor([1.0]), torch.tensor([2.0])))
print("frexp", torch.frexp(torch.tensor([12.0, 0.375])))
print("shifts", torch.tensor([1, -16]) << 2, torch.tensor([1, -16]) >> 2,
      torch.gcd(torch.tensor([12, 18]), torch.tensor([8, 27])))

A = torch.tensor([[4.0, 1.0, 2.0], [1.0, 5.0, 0.5], [2.0, 0.5, 6.0]], dtype=torch.float64,
                 requires_grad=True)
b = torch.tensor([[1.0], [2.0], [3.0]], dtype=torch.float64)
LU, pivots = torch.linalg.lu_factor(A)
solution = torch.linalg.lu_solve(LU, pivots, b)
solution.sum().backward()
print("lu solve", solution.squeeze(-1), "pivots", pivots)
print("grad A", A.grad)
print("matrix_exp", torch.linalg.matrix_exp(torch.tensor([[0.0, 1.0], [-1.0, 0.0]])))
print("cond", torch.linalg.cond(A.detach()), "vander", torch.linalg.vander(torch.tensor([1, 2, 3])))
L = torch.linalg.cholesky(A.detach())
print("cholesky_solve", torch.cholesky_solve(b, L).squeeze(-1))

data = torch.randn(5, 8)
print("quantiles", torch.quantile(data, torch.tensor([0.25, 0.5, 0.75]), dim=1))
print("cov", torch.cov(data[:3]), "corrcoef", torch.corrcoef(data[:2]))
print("diff", torch.diff(torch.tensor([1, 4, 9, 16])), "trapezoid",
      torch.trapezoid(torch.tensor([1.0, 2.0, 3.0])))
hist = torch.histogram(torch.tensor([0.1, 0.4, 0.45, 0.8, 0.9]), bins=3)
print("histogram", hist.hist, hist.bin_edges)
print("isin", torch.isin(torch.tensor([1, 2, 3, 4]), torch.tensor([2, 4])),
      "triu_indices", torch.triu_indices(3, 3))
print("combinations", torch.combinations(torch.tensor([1, 2, 3])))
