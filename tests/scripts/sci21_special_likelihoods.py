import torch  # noqa: I001 (the harness requires torch first)

# Special functions inside likelihoods, as a statistician fits models in float64: the Gamma
# maximum-likelihood shape by Newton with digamma and polygamma (trigamma), the beta-binomial
# log-likelihood with lgamma / betaln written as gammaln sums, Fisher information and standard
# errors from the Hessian (torch.autograd.functional.hessian), a Beta CDF by Gauss-Legendre
# quadrature (no betainc in torch), the von Mises concentration by i1e / i0e, Tobit regression
# with log_ndtr for censored points, xlogy / xlog1py / entr in entropies and KL divergences,
# and gradchecks of the special functions that carry derivatives.
import math

import torch.distributions as D

sp = torch.special
torch.set_default_dtype(torch.float64)
torch.manual_seed(5)

# Gamma MLE of the shape: log(a) - digamma(a) = log(mean) - mean(log x)
x = D.Gamma(torch.tensor(2.7), torch.tensor(1.3)).sample((500,))
s = torch.log(x.mean()) - torch.log(x).mean()
a = (3 - s + torch.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s)  # Minka's starting point
print(f"gamma shape start {a.item():.10f}")
for it in range(5):
    num = torch.log(a) - sp.digamma(a) - s
    den = 1 / a - sp.polygamma(1, a)
    a = a - num / den
    print(f"  newton {it}: a = {a.item():.9f}")
rate = a / x.mean()
print(f"gamma mle shape {a.item():.8f} rate {rate.item():.8f}")
# (torch's float64 trigamma is good to about 3e-10 relative, SciPy's to rounding: 8 digits)
print("polygamma orders at a:", " ".join(f"{sp.polygamma(n, a).item():.8f}" for n in range(4)))
print("multigammaln", sp.multigammaln(torch.tensor([2.5, 4.0]), 3))

# standard errors from the observed information (Hessian of the negative log-likelihood)
def nll(params):
    shape, log_rate = params[0], params[1]
    return -D.Gamma(shape, log_rate.exp()).log_prob(x).sum()


theta = torch.stack([a, rate.log()]).detach()
H = torch.autograd.functional.hessian(nll, theta)
se = torch.linalg.inv(H).diagonal().sqrt()
print("hessian\n", H, "\nstandard errors", se)
trigamma_info = len(x) * sp.polygamma(1, a)
print("fisher info for the shape at fixed rate", f"{trigamma_info.item():.6f}",
      f"hessian entry {H[0, 0].item():.6f}")

# beta-binomial: successes k of n with p ~ Beta(alpha, beta)
k = torch.tensor([3.0, 7.0, 1.0, 9.0, 5.0, 4.0, 6.0, 2.0])
n = torch.full_like(k, 10.0)


def betaln(p, q):
    return torch.lgamma(p) + torch.lgamma(q) - torch.lgamma(p + q)


def beta_binomial_ll(log_ab):
    al, be = log_ab.exp()
    comb = torch.lgamma(n + 1) - torch.lgamma(k + 1) - torch.lgamma(n - k + 1)
    return (comb + betaln(k + al, n - k + be) - betaln(al, be)).sum()


log_ab = torch.tensor([0.0, 0.0], requires_grad=True)
opt = torch.optim.LBFGS([log_ab], max_iter=100, line_search_fn="strong_wolfe")


def closure():
    opt.zero_grad()
    loss = -beta_binomial_ll(log_ab)
    loss.backward()
    return loss


opt.step(closure)
al, be = log_ab.detach().exp()
print(f"beta-binomial alpha {al.item():.6f} beta {be.item():.6f} "
      f"ll {beta_binomial_ll(log_ab).item():.8f}")
print("gammaln == lgamma", torch.equal(sp.gammaln(k), torch.lgamma(k)))

# Beta CDF by Gauss-Legendre quadrature on [0, x]
nodes, weights = (torch.tensor(v) for v in zip(*[
    (math.cos(math.pi * (i + 0.75) / 20.5), 0.0) for i in range(20)]))
# Newton-polish the Legendre roots with the three-term recurrence
for _ in range(8):
    p0, p1 = torch.ones(20), nodes.clone()
    for j in range(2, 21):
        p0, p1 = p1, ((2 * j - 1) * nodes * p1 - (j - 1) * p0) / j
    dp = 20 * (nodes * p1 - p0) / (nodes**2 - 1)
    nodes = nodes - p1 / dp
weights = 2 / ((1 - nodes**2) * dp**2)
print("legendre weights sum", f"{weights.sum().item():.14f}")


def beta_cdf(xv, p, q):
    t = 0.5 * xv.unsqueeze(-1) * (nodes + 1)
    logpdf = sp.xlogy(p - 1, t) + sp.xlog1py(q - 1, -t) - betaln(p, q)
    return 0.5 * xv * (weights * logpdf.exp()).sum(-1)


xs = torch.tensor([0.1, 0.3, 0.5, 0.9])
mine = beta_cdf(xs, torch.tensor(2.5), torch.tensor(3.5))
print("beta cdf by quadrature", mine)
grid = torch.linspace(0.005, 0.995, 100)
survival = 1 - beta_cdf(grid, torch.tensor(2.5), torch.tensor(3.5))
print("  the mean of a Beta(2.5, 3.5) as the integral of its survival function",
      f"{survival.mean().item():.6f}", "exact", f"{2.5 / 6:.6f}")

# von Mises: kappa from the mean resultant length R, A(kappa) = I1(kappa)/I0(kappa) = R
vm = D.VonMises(torch.tensor(0.7), torch.tensor(4.0))
angles = vm.sample((400,))
C, S = torch.cos(angles).mean(), torch.sin(angles).mean()
R = torch.sqrt(C**2 + S**2)
mu_hat = torch.atan2(S, C)
kappa = torch.tensor(2.0)
for _ in range(20):
    A = sp.i1e(kappa) / sp.i0e(kappa)
    dA = 1 - A / kappa - A**2
    kappa = kappa - (A - R) / dA
print(f"von mises mu {mu_hat.item():.8f} R {R.item():.8f} kappa {kappa.item():.8f}")
print("von mises log_prob", vm.log_prob(torch.tensor([0.0, 0.7, 3.0])), "variance", vm.variance)
print("scaled bessels", sp.i0e(torch.tensor([0.5, 50.0])), sp.i1e(torch.tensor([0.5, 50.0])),
      sp.i1(torch.tensor([0.5, 5.0])))

# Tobit regression: y* = b0 + b1 z + e, observed y = max(y*, 0)
z = torch.linspace(-2, 2, 60)
y_star = 0.5 + 1.2 * z + 0.8 * torch.randn(60)
y = y_star.clamp(min=0.0)
censored = y == 0
print("censored points", int(censored.sum()))


def tobit_nll(p):
    b0, b1, log_s = p
    sig = log_s.exp()
    mu = b0 + b1 * z
    ll_obs = D.Normal(mu, sig).log_prob(y)
    ll_cens = sp.log_ndtr(-mu / sig)
    return -torch.where(censored, ll_cens, ll_obs).sum()


p = torch.zeros(3, requires_grad=True)
opt = torch.optim.LBFGS([p], max_iter=200, line_search_fn="strong_wolfe", tolerance_grad=1e-10)


def closure2():
    opt.zero_grad()
    loss = tobit_nll(p)
    loss.backward()
    return loss


opt.step(closure2)
print("tobit b0 b1 sigma", " ".join(f"{v:.6f}" for v in (p[0].item(), p[1].item(),
                                                           p[2].exp().item())))
print("log_ndtr tails", sp.log_ndtr(torch.tensor([-40.0, -5.0, 0.0, 5.0])),
      "ndtri", sp.ndtri(torch.tensor([0.025, 0.5, 0.975])), sp.ndtr(torch.tensor([1.96])))

# entropies and divergences with xlogy / entr
P = torch.tensor([0.5, 0.25, 0.25, 0.0])
Q = torch.tensor([0.4, 0.4, 0.1, 0.1])
print("entropy", sp.entr(P).sum(), "=", -sp.xlogy(P, P).sum(), "categorical",
      D.Categorical(probs=P).entropy())
print("kl(P||Q)", (sp.xlogy(P, P) - sp.xlogy(P, Q)).sum(), "torch",
      D.kl_divergence(D.Categorical(probs=P), D.Categorical(probs=Q)))
print("entr at edges", sp.entr(torch.tensor([0.0, 1.0, -1.0, float("inf")])))
print("xlogy at 0", sp.xlogy(torch.tensor([0.0, 0.0]), torch.tensor([0.0, float("nan")])),
      "xlog1py", sp.xlog1py(torch.tensor([0.0, 2.0]), torch.tensor([-1.0, 0.5])))

# gradchecks of the special functions with derivatives; the ones without raise
t = torch.tensor([0.3, 1.7, 4.2], requires_grad=True)
for name, fn in (("digamma", sp.digamma), ("polygamma2", lambda v: sp.polygamma(2, v)),
                 ("gammaln", sp.gammaln), ("i0e", sp.i0e), ("i1e", sp.i1e),
                 ("log_ndtr", sp.log_ndtr), ("ndtri", lambda v: sp.ndtri(v / 5)),
                 ("entr", sp.entr), ("xlogy", lambda v: sp.xlogy(v, v + 1)),
                 ("erfcx", sp.erfcx), ("sinc", sp.sinc), ("logit", lambda v: sp.logit(v / 5))):
    print(f"  gradcheck {name}", torch.autograd.gradcheck(fn, (t,)))
for name, fn in (("zeta", lambda v: sp.zeta(v + 1, torch.tensor(1.0))),
                 ("gammainc", lambda v: sp.gammainc(v, torch.tensor(1.0)))):
    try:
        fn(t).sum().backward()
        print(name, "has a gradient", t.grad)
    except RuntimeError as err:
        print(name, "RuntimeError", str(err).splitlines()[0][:100])
