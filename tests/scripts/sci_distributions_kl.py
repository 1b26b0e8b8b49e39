import torch

# A statistician's tour of torch.distributions in float64: closed-form KL divergences checked
# against Monte Carlo estimates, LowRankMultivariateNormal against the equivalent full
# MultivariateNormal, precision/covariance parametrisations, TransformedDistribution with
# composed transforms (log-normal, a logit-normal on (0, 1)), Student-t and Laplace
# entropies and CDFs, discrete families (Binomial, Poisson, NegativeBinomial, Geometric,
# Categorical) log-probabilities and moments, biject_to constraints, and a Wishart draw.
import torch.distributions as D
from torch.distributions import constraints, transforms

torch.manual_seed(41)
torch.set_default_dtype(torch.float64)

pairs = [
    (D.Normal(0.3, 1.2), D.Normal(-0.5, 0.7)),
    (D.Gamma(2.0, 3.0), D.Gamma(1.5, 1.0)),
    (D.Beta(2.0, 5.0), D.Beta(1.0, 1.0)),
    (D.Exponential(2.0), D.Exponential(0.5)),
    (D.Laplace(0.0, 1.0), D.Laplace(1.0, 2.0)),
    (D.Poisson(3.0), D.Poisson(4.5)),
    (D.Bernoulli(probs=0.3), D.Bernoulli(logits=torch.tensor(0.4))),
    (D.Dirichlet(torch.tensor([1.0, 2.0, 3.0])), D.Dirichlet(torch.tensor([2.0, 2.0, 2.0]))),
]
for p, q in pairs:
    kl = D.kl_divergence(p, q)
    xs = p.sample((20000,))
    mc = (p.log_prob(xs) - q.log_prob(xs)).mean()
    print(f"KL({type(p).__name__}) {kl.item():.8f} monte carlo {mc.item():.2f}")

loc = torch.tensor([1.0, -1.0, 0.5])
factor = torch.tensor([[1.0, 0.2], [0.5, -0.3], [0.0, 0.8]])
diag = torch.tensor([0.5, 0.4, 0.3])
low = D.LowRankMultivariateNormal(loc, factor, diag)
full = D.MultivariateNormal(loc, covariance_matrix=factor @ factor.T + torch.diag(diag))
point = torch.tensor([0.2, 0.1, -0.4])
print("low-rank log_prob", round(low.log_prob(point).item(), 10), "full",
      round(full.log_prob(point).item(), 10))
print("entropies", round(low.entropy().item(), 10), round(full.entropy().item(), 10))
print("covariance agrees:", torch.allclose(low.covariance_matrix, full.covariance_matrix),
      "precision agrees:", torch.allclose(low.precision_matrix, full.precision_matrix))
by_precision = D.MultivariateNormal(loc, precision_matrix=full.precision_matrix)
print("precision parametrisation", round(by_precision.log_prob(point).item(), 10),
      "scale_tril", by_precision.scale_tril.diagonal().numpy().round(8))
print("KL(full || standard)", round(D.kl_divergence(
    full, D.MultivariateNormal(torch.zeros(3), torch.eye(3))).item(), 10))
print("mvn rsample", full.rsample((2,)).numpy().round(6))

log_normal = D.TransformedDistribution(D.Normal(0.0, 0.5), [transforms.ExpTransform()])
print("log-normal log_prob", round(log_normal.log_prob(torch.tensor(1.5)).item(), 10),
      "matches LogNormal:", torch.allclose(log_normal.log_prob(torch.tensor(1.5)),
                                           D.LogNormal(0.0, 0.5).log_prob(torch.tensor(1.5))))
logit_normal = D.TransformedDistribution(
    D.Normal(torch.zeros(2), torch.ones(2)),
    [transforms.AffineTransform(0.5, 2.0), transforms.SigmoidTransform()])
y = torch.tensor([0.2, 0.9])
print("logit-normal log_prob", logit_normal.log_prob(y).numpy().round(10),
      "support", logit_normal.support)
chain = transforms.ComposeTransform([transforms.AffineTransform(1.0, 3.0),
                                     transforms.ExpTransform()])
v = torch.tensor([0.1, -0.2])
print("compose inverse round trip:", torch.allclose(chain.inv(chain(v)), v),
      "log|J|", chain.log_abs_det_jacobian(v, chain(v)).numpy().round(10))
for c in (constraints.positive, constraints.unit_interval, constraints.simplex):
    t = D.biject_to(c)
    print(f"biject_to({c}) -> {type(t).__name__}", bool(c.check(t(torch.randn(3))).all()))
to_cholesky = D.transform_to(constraints.lower_cholesky)
print("transform_to(lower_cholesky)", type(to_cholesky).__name__,
      bool(constraints.lower_cholesky.check(to_cholesky(torch.randn(3, 3)))))
try:
    D.biject_to(constraints.lower_cholesky)
except NotImplementedError as error:
    print("biject_to(lower_cholesky):", error)

st = D.StudentT(df=4.0, loc=1.0, scale=2.0)
print("student-t entropy", round(st.entropy().item(), 10), "variance", st.variance.item(),
      "log_prob", round(st.log_prob(torch.tensor(3.0)).item(), 10))
lap = D.Laplace(0.5, 1.5)
print("laplace cdf/icdf", lap.cdf(torch.tensor([0.0, 2.0])).numpy().round(10),
      lap.icdf(torch.tensor(0.9)).item().__round__(10), "entropy", round(lap.entropy().item(), 10))
counts = torch.tensor([0.0, 2.0, 5.0])
families = [D.Binomial(10, probs=torch.tensor(0.3)), D.Poisson(2.5),
            D.NegativeBinomial(total_count=4.0, probs=torch.tensor(0.4)),
            D.Geometric(probs=torch.tensor(0.25))]
for fam in families:
    print(f"{type(fam).__name__:16s} log_prob {fam.log_prob(counts).numpy().round(10)} "
          f"mean {fam.mean.item():.6f} var {fam.variance.item():.6f}")
cat = D.Categorical(logits=torch.tensor([0.5, -1.0, 2.0, 0.0]))
print("categorical", cat.probs.numpy().round(10), "entropy", round(cat.entropy().item(), 10),
      "enumerate", cat.enumerate_support().tolist(), "samples", cat.sample((8,)).tolist())
print("one-hot", D.OneHotCategorical(probs=cat.probs).sample().tolist(),
      "multinomial", D.Multinomial(20, probs=cat.probs).sample().tolist())
wishart = D.Wishart(df=torch.tensor(5.0), covariance_matrix=torch.eye(2) * 0.5)
draw = wishart.sample()
print("wishart draw symmetric:", torch.allclose(draw, draw.T),
      "log_prob", round(wishart.log_prob(torch.eye(2)).item(), 10), "mean", wishart.mean.tolist())
