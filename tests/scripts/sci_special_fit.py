import torch

# Special functions and likelihood fits a statistician writes: a table of torch.special values
# (scaled Bessel, normal quantiles and log-CDF, erfcx, zeta, polygamma, multigammaln, spherical
# Bessel, orthogonal polynomials), lgamma/digamma gradients, and maximum-likelihood fits of von
# Mises, Gamma, Beta and Dirichlet parameters, plus reparameterised (rsample) gradients.
import torch.special as sp
from torch.distributions import Beta, Dirichlet, Gamma, Normal, VonMises

torch.manual_seed(9)
torch.set_default_dtype(torch.float64)
x = torch.tensor([0.1, 0.5, 1.0, 2.5, 7.0, 30.0])
print("i0e", sp.i0e(x).numpy().round(10))
print("i1e", sp.i1e(x).numpy().round(10))
print("i1 ", sp.i1(x[:4]).numpy().round(10))
print("k0e", sp.modified_bessel_k0(x[:4]).numpy().round(10), sp.scaled_modified_bessel_k1(x[:3]))
print("ndtri", sp.ndtri(torch.tensor([1e-10, 0.01, 0.3, 0.999999])).numpy().round(10))
print("log_ndtr", sp.log_ndtr(torch.tensor([-40.0, -5.0, 0.0, 6.0])).numpy())
print("erfcx", sp.erfcx(torch.tensor([-3.0, 0.0, 2.0, 50.0, 1e5])).numpy())
print("xlogy", sp.xlogy(torch.tensor([0.0, 0.0, 2.0]), torch.tensor([0.0, float("nan"), 5.0])))
print("xlog1py", sp.xlog1py(torch.tensor([0.0, 3.0]), torch.tensor([-1.0, 0.5])))
print("zeta", sp.zeta(torch.tensor([2.0, 3.0, 4.5]), torch.tensor([1.0, 2.0, 0.5])).numpy())
# (torch's float64 trigamma is good to about 1e-9 relative, SciPy's to the last bit: 8 digits)
print("polygamma", [sp.polygamma(k, torch.tensor([0.5, 3.0])).numpy().round(8).tolist()
                    for k in range(4)])
print("multigammaln", sp.multigammaln(torch.tensor([2.5, 4.0]), 3).numpy().round(10))
print("bessel_j0 j1 y0", sp.bessel_j0(x[:4]).numpy().round(10), sp.bessel_j1(x[:2]),
      sp.bessel_y0(x[1:3]))
print("spherical_bessel_j0", sp.spherical_bessel_j0(torch.tensor([0.0, 1.0, 3.14159])))
print("chebyshev T", sp.chebyshev_polynomial_t(torch.tensor([0.3, -0.8, 1.5]), 4))
print("chebyshev U", sp.chebyshev_polynomial_u(torch.tensor([0.3, 2.0]), torch.tensor([3, 5])))
print("hermite H", sp.hermite_polynomial_h(torch.tensor([0.5, -1.0]), 5))
print("hermite He", sp.hermite_polynomial_he(torch.tensor([0.5, -1.0]), 5))
print("laguerre", sp.laguerre_polynomial_l(torch.tensor([0.5, 2.0]), 3))
print("sinc entr", sp.sinc(torch.tensor([0.0, 0.5])), sp.entr(torch.tensor([-1.0, 0.3])),
      "expit logit", sp.expit(torch.tensor([-800.0, 0.0])),
      sp.logit(torch.tensor([0.25]), eps=1e-6))
print("gammainc", sp.gammainc(torch.tensor([0.5, 2.0]), torch.tensor([1.0, 3.0])),
      sp.gammaincc(torch.tensor([2.0]), torch.tensor([3.0])))
print("log_softmax vs logsumexp", torch.allclose(sp.log_softmax(x, 0), x - sp.logsumexp(x, 0)))
print("softmax float32 out", sp.softmax(x, 0, dtype=torch.float32).dtype)

a = torch.tensor([0.3, 1.0, 4.5, 20.0], requires_grad=True)
(torch.lgamma(a).sum() + torch.digamma(a).sum()).backward()
print("d lgamma + d digamma", a.grad.numpy().round(10))
print("matches digamma + trigamma:", torch.allclose(
    a.grad, torch.digamma(a.detach()) + torch.polygamma(1, a.detach())))
(g2,) = torch.autograd.grad(sp.multigammaln(a, 2).sum(), a)
print("d multigammaln", g2.numpy().round(10))

# Von Mises fit: mean direction by atan2, concentration by Newton on A(kappa) = i1e/i0e.
angles = VonMises(torch.tensor(0.7), torch.tensor(3.0)).sample((400,))
print("von mises sample", angles[:3].numpy().round(6))
mu_hat = torch.atan2(angles.sin().mean(), angles.cos().mean())
r_bar = torch.sqrt(angles.sin().mean() ** 2 + angles.cos().mean() ** 2)
kappa = torch.tensor(1.0)
for _ in range(6):
    a_k = sp.i1e(kappa) / sp.i0e(kappa)
    da = 1 - a_k / kappa - a_k ** 2
    kappa = kappa - (a_k - r_bar) / da
# torch evaluates log I0(kappa) in VonMises.log_prob by a polynomial fit (about 1e-8 relative).
print(f"von mises mu {mu_hat.item():.6f} kappa {kappa.item():.6f}",
      f"log-lik {VonMises(mu_hat, kappa).log_prob(angles).sum().item():.4f}")

# Gamma, Beta and Dirichlet maximum likelihood by Adam on log-parameters.
g_data = Gamma(torch.tensor(2.5), torch.tensor(1.5)).sample((300,))
b_data = Beta(torch.tensor(2.0), torch.tensor(5.0)).sample((300,))
d_data = Dirichlet(torch.tensor([1.0, 2.0, 4.0])).sample((300,))
print("samples", g_data[:2].numpy().round(6), b_data[:2].numpy().round(6),
      d_data[0].numpy().round(6))
params = torch.zeros(7, requires_grad=True)
optimizer = torch.optim.Adam([params], lr=0.1)
for step in range(60):
    optimizer.zero_grad()
    p = params.exp()
    nll = -(Gamma(p[0], p[1]).log_prob(g_data).mean() + Beta(p[2], p[3]).log_prob(b_data).mean()
            + Dirichlet(p[4:]).log_prob(d_data).mean())
    nll.backward()
    optimizer.step()
    if step % 15 == 0 or step == 59:
        print(f"step {step:2d} nll {nll.item():.8f}",
              f"params {params.exp().detach().numpy().round(5)}")

# Reparameterised gradients: d E[f(X)] / d theta through rsample (implicit reparameterisation).
torch.manual_seed(1)
conc = torch.tensor([2.0, 3.0], requires_grad=True)
ga = Gamma(conc[0], torch.tensor(1.0)).rsample((2000,))
be = Beta(conc[0], conc[1]).rsample((2000,))
di = Dirichlet(conc).rsample((5,))
(ga.mean() + be.mean() + di[:, 0].sum()).backward()
# torch's implicit gamma gradient is a rational approximation (about 1e-4 relative); ember
# differentiates the regularized incomplete gamma/beta function (SciPy) itself.
print("rsample grads", conc.grad.numpy().round(2))
no = Normal(torch.tensor(0.0), torch.tensor(1.0))
print("normal icdf/cdf", no.icdf(torch.tensor([0.975])), no.cdf(torch.tensor([1.96])),
      "entropy", Gamma(conc, torch.tensor(2.0)).entropy())
