import torch  # noqa: I001 (the harness requires torch first)

# torch.distributions in depth, as a probabilistic programmer audits the families before a
# model uses them, in float64: LowRankMultivariateNormal, RelaxedOneHotCategorical and
# ExpRelaxedCategorical, Kumaraswamy, GeneralizedPareto, InverseGamma, Wishart, LKJCholesky,
# MixtureSameFamily with cdf, ContinuousBernoulli, RelaxedBernoulli; constraints, biject_to
# and transform_to round trips; Independent with reinterpreted_batch_ndims; entropy,
# enumerate_support (expand=True/False), expand(), batch/event shapes, validation errors and
# kl_divergence's NotImplementedError for unregistered pairs.
import torch.distributions as D
from torch.distributions import constraints, biject_to, transform_to
from torch.distributions.relaxed_categorical import ExpRelaxedCategorical

torch.set_default_dtype(torch.float64)
torch.manual_seed(18)


def fmt(t, digits=8):
    t = torch.as_tensor(t)
    return " ".join(f"{v:.{digits}g}" for v in t.detach().flatten().tolist())


def describe(name, d, value=None, samples=(3,)):
    print(name, "batch", tuple(d.batch_shape), "event", tuple(d.event_shape),
          "support", d.support, "rsample", d.has_rsample)
    x = d.sample(samples) if value is None else value
    print("  sample shape", tuple(x.shape), "log_prob", fmt(d.log_prob(x)))
    for attr in ("mean", "mode", "variance", "stddev", "entropy"):
        try:
            v = getattr(d, attr)
            v = v() if callable(v) else v
            print("  ", attr, fmt(v))
        except NotImplementedError as err:
            print("  ", attr, "NotImplementedError", err)


# LowRankMultivariateNormal against the full covariance
loc = torch.tensor([0.5, -1.0, 2.0])
cov_factor = torch.tensor([[1.0, 0.2], [0.0, 0.5], [-0.3, 0.4]])
cov_diag = torch.tensor([0.5, 1.0, 0.25])
lr = D.LowRankMultivariateNormal(loc, cov_factor, cov_diag)
full = D.MultivariateNormal(loc, covariance_matrix=lr.covariance_matrix)
x = lr.sample((4,))
describe("LowRankMVN", lr, x)
print("  full log_prob", fmt(full.log_prob(x)), "entropy", fmt(full.entropy()))
print("  precision", fmt(lr.precision_matrix), "scale_tril", fmt(lr.scale_tril, 6))
print("  kl lr||full", fmt(D.kl_divergence(lr, full)), "kl lr||lr2", fmt(D.kl_divergence(
    lr, D.LowRankMultivariateNormal(loc + 1, cov_factor * 0.5, cov_diag + 0.1))))
lr_b = lr.expand((2,))
print("  expand", tuple(lr_b.batch_shape), tuple(lr_b.sample().shape))

# relaxed categoricals
probs = torch.tensor([0.1, 0.6, 0.3])
for temp in (0.1, 0.5, 2.0):
    r = D.RelaxedOneHotCategorical(torch.tensor(temp), probs=probs)
    e = ExpRelaxedCategorical(torch.tensor(temp), probs=probs)
    v = r.rsample((2,))
    print("relaxed", temp, fmt(v, 6), "log_prob", fmt(r.log_prob(v)), "exp", fmt(e.log_prob(
        v.log())), r.support, e.support)
rb = D.RelaxedBernoulli(torch.tensor(0.3), logits=torch.tensor([-1.0, 0.0, 2.0]))
vb = rb.rsample()
print("relaxed bernoulli", fmt(vb, 6), fmt(rb.log_prob(vb)), rb.temperature, rb.probs)

# less common continuous families
fams = {
    "Kumaraswamy": D.Kumaraswamy(torch.tensor([0.5, 2.0]), torch.tensor([1.5, 4.0])),
    "GeneralizedPareto": D.GeneralizedPareto(torch.tensor([0.0, 1.0]),
                                             torch.tensor([1.0, 2.0]),
                                             torch.tensor([0.25, -0.2])),
    "InverseGamma": D.InverseGamma(torch.tensor([3.0, 1.5]), torch.tensor([2.0, 0.5])),
    "ContinuousBernoulli": D.ContinuousBernoulli(probs=torch.tensor([0.2, 0.5, 0.9])),
    "HalfNormal": D.HalfNormal(torch.tensor([1.0, 0.3])),
    "LogNormal": D.LogNormal(torch.tensor([0.0, 1.0]), torch.tensor([0.5, 0.25])),
    "Weibull": D.Weibull(torch.tensor([1.0, 2.0]), torch.tensor([0.5, 3.0])),
    "Gumbel": D.Gumbel(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.5])),
    "FisherSnedecor": D.FisherSnedecor(torch.tensor([5.0, 10.0]), torch.tensor([6.0, 12.0])),
    "Chi2": D.Chi2(torch.tensor([3.0, 7.5])),
}
for name, d in fams.items():
    describe(name, d)
    pts = d.sample((2,))
    for method in ("cdf", "icdf"):
        try:
            arg = pts if method == "cdf" else torch.tensor([[0.1], [0.9]]).expand(2,
                                                                                  *d.batch_shape)
            print("  ", method, fmt(getattr(d, method)(arg)))
        except NotImplementedError as err:
            print("  ", method, "NotImplementedError", err)
cb = fams["ContinuousBernoulli"]
print("cb near 0.5", fmt(D.ContinuousBernoulli(probs=torch.tensor([0.499, 0.5, 0.501])).mean,
                         12))

# Wishart and LKJCholesky
wish = D.Wishart(df=torch.tensor(5.0), covariance_matrix=torch.tensor([[2.0, 0.3],
                                                                       [0.3, 1.0]]))
Wd = wish.sample((2,))
describe("Wishart", wish, Wd)
try:
    D.Wishart(df=torch.tensor(0.5), covariance_matrix=torch.eye(3))
except ValueError as err:
    print("Wishart df:", str(err)[:90])
lkj = D.LKJCholesky(3, concentration=torch.tensor([0.5, 2.0]))
Lc = lkj.sample()
print("LKJ", tuple(Lc.shape), fmt(lkj.log_prob(Lc)), lkj.support)
print("LKJ corr diag", fmt((Lc @ Lc.mT).diagonal(dim1=-2, dim2=-1)))
try:
    D.LKJCholesky(1)
except ValueError as err:
    print("LKJ dim:", err)

# mixtures with cdf
mix = D.MixtureSameFamily(D.Categorical(torch.tensor([0.3, 0.5, 0.2])),
                          D.Normal(torch.tensor([-2.0, 0.0, 3.0]), torch.tensor([0.5, 1.0, 0.7])))
grid = torch.tensor([-3.0, -1.0, 0.0, 2.0, 4.0])
print("mixture", fmt(mix.log_prob(grid)), "cdf", fmt(mix.cdf(grid)), "mean", fmt(mix.mean),
      "var", fmt(mix.variance))
print("mixture shapes", tuple(mix.batch_shape), tuple(mix.event_shape),
      tuple(mix.sample((4,)).shape))
mix2 = D.MixtureSameFamily(D.Categorical(torch.ones(2, 3)),
                           D.Independent(D.Normal(torch.randn(2, 3, 4), torch.ones(2, 3, 4)), 1))
print("mixture of Independent", tuple(mix2.batch_shape), tuple(mix2.event_shape),
      fmt(mix2.log_prob(torch.zeros(2, 4))))
try:
    mix2.cdf(torch.zeros(2, 4))
except NotImplementedError as err:
    print("mixture cdf:", err)
try:
    D.MixtureSameFamily(D.Categorical(torch.ones(3)), D.Normal(torch.zeros(4), 1.0))
except ValueError as err:
    print("mixture shapes:", err)

# Independent
base = D.Normal(torch.zeros(2, 3, 4), torch.ones(2, 3, 4))
for k in (0, 1, 2, 3):
    ind = D.Independent(base, k)
    print("Independent", k, tuple(ind.batch_shape), tuple(ind.event_shape),
          tuple(ind.log_prob(torch.zeros(2, 3, 4)).shape), ind.support)
try:
    D.Independent(base, 4)
except ValueError as err:
    print("Independent 4:", err)
print("Independent entropy", fmt(D.Independent(base, 2).entropy()))
print("kl Independent", fmt(D.kl_divergence(D.Independent(base, 1), D.Independent(
    D.Normal(torch.ones(2, 3, 4), 2 * torch.ones(2, 3, 4)), 1))))

# enumerate_support
for d in (D.Bernoulli(torch.tensor([0.2, 0.7])), D.Categorical(torch.tensor([[0.2, 0.8],
                                                                            [0.5, 0.5]])),
          D.Binomial(3, torch.tensor([0.5, 0.1])), D.OneHotCategorical(torch.tensor([0.2, 0.3,
                                                                                    0.5]))):
    s1 = d.enumerate_support()
    s0 = d.enumerate_support(expand=False)
    print(type(d).__name__, "support", tuple(s1.shape), tuple(s0.shape),
          d.has_enumerate_support, fmt(d.log_prob(s1)))
try:
    D.Poisson(torch.tensor(2.0)).enumerate_support()
except NotImplementedError as err:
    print("Poisson enumerate:", type(err).__name__, err)
try:
    D.Binomial(torch.tensor([2.0, 3.0]), torch.tensor([0.5, 0.5])).enumerate_support()
except NotImplementedError as err:
    print("Binomial enumerate:", err)

# constraints, biject_to, transform_to
for c in (constraints.positive, constraints.unit_interval, constraints.simplex,
          constraints.real_vector, constraints.interval(-1.0, 3.0),
          constraints.greater_than(2.0), constraints.less_than(-1.0),
          constraints.lower_cholesky, constraints.positive_definite,
          constraints.corr_cholesky, constraints.half_open_interval(0.0, 1.0)):
    try:
        t = biject_to(c)
    except NotImplementedError as err:
        print(c, "biject_to NotImplementedError", err)
        continue
    u = torch.randn(3)
    y = t(u)
    back = t.inv(y)
    ok = c.check(y).all().item()
    print(c, type(t).__name__, "in support", ok, "round trip",
          torch.allclose(t(back), y), "logdet", fmt(t.log_abs_det_jacobian(u, y).sum(), 7),
          "event", c.event_dim, t.domain.event_dim, t.codomain.event_dim)
    print("   transform_to", type(transform_to(c)).__name__)
print("check", constraints.positive.check(torch.tensor([-1.0, 0.0, 1.0])),
      constraints.simplex.check(torch.tensor([[0.5, 0.5], [0.6, 0.6]])),
      constraints.integer_interval(0, 3).check(torch.tensor([0.0, 1.5, 3.0, 4.0])),
      constraints.boolean.check(torch.tensor([0.0, 1.0, 2.0])))
print("is_dependent", constraints.is_dependent(constraints.real),
      constraints.is_dependent(D.Binomial(3, 0.5).support))
try:
    biject_to(constraints.integer_interval(0, 3))
except NotImplementedError as err:
    print("biject integer:", err)

# validation errors
for call in (lambda: D.Normal(0.0, -1.0), lambda: D.Beta(torch.tensor([0.5]), torch.tensor([0.0])),
             lambda: D.Categorical(torch.tensor([0.5, -0.1])),
             lambda: D.Normal(0.0, 1.0).log_prob([0.5]),
             lambda: D.Exponential(1.0).log_prob(torch.tensor(-1.0)),
             lambda: D.Bernoulli(torch.tensor(0.3)).log_prob(torch.tensor(0.5)),
             lambda: D.Dirichlet(torch.tensor([1.0, 2.0])).log_prob(torch.tensor([0.4, 0.4]))):
    try:
        call()
        print("no error")
    except Exception as err:
        print(type(err).__name__, str(err).splitlines()[0][:150])
print("without validation", D.Exponential(1.0, validate_args=False).log_prob(torch.tensor(-1.0)))

# kl registry
pairs = [(D.Kumaraswamy(2.0, 3.0), D.Beta(2.0, 3.0)), (D.Beta(2.0, 3.0), D.Kumaraswamy(2.0, 3.0)),
         (D.Gamma(2.0, 1.0), D.InverseGamma(2.0, 1.0)), (D.Normal(0.0, 1.0), D.Laplace(0.0, 1.0)),
         (D.Laplace(0.0, 1.0), D.Normal(0.0, 1.0)), (D.Exponential(2.0), D.Gamma(1.0, 1.0)),
         (D.Gumbel(0.0, 1.0), D.Normal(0.0, 1.0)), (D.Uniform(0.0, 1.0), D.Beta(2.0, 2.0)),
         (D.Poisson(2.0), D.Binomial(5, 0.4)), (D.ContinuousBernoulli(0.3),
                                                 D.ContinuousBernoulli(0.6))]
for p, q in pairs:
    try:
        print("kl", type(p).__name__, type(q).__name__, fmt(D.kl_divergence(p, q)))
    except NotImplementedError as err:
        print("kl", type(p).__name__, type(q).__name__, "NotImplementedError", err)


@D.register_kl(D.Kumaraswamy, D.Beta)
def _kl_kuma_beta(p, q):
    samples = p.rsample((20000,))
    return (p.log_prob(samples) - q.log_prob(samples)).mean(0)


torch.manual_seed(3)
print("registered kl", f"{D.kl_divergence(D.Kumaraswamy(2.0, 3.0), D.Beta(2.0, 3.0)).item():.4f}")
print("repr", D.Kumaraswamy(2.0, 3.0), D.GeneralizedPareto(0.0, 1.0, 0.1), lr, mix)
