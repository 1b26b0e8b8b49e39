import torch  # noqa: I001 (the harness requires torch first)

# A statistician's survey of torch.distributions in float64: every registered kl_divergence
# pair this program's families reach, checked against a Monte Carlo estimate; cdf / icdf round
# trips and the families that do not have them; entropy against -E[log p]; rsample pathwise
# gradients of a quantile-matching loss (Gamma, Beta, StudentT, Kumaraswamy, VonMises-free);
# MixtureSameFamily of MultivariateNormal(scale_tril) components with an EM-free gradient fit;
# Independent reinterpretation; VonMises's missing entropy; argument validation errors.
import torch.distributions as D

torch.set_default_dtype(torch.float64)
torch.manual_seed(11)


def fmt(t, digits=7):
    return " ".join(f"{v:.{digits}g}" for v in torch.as_tensor(t).detach().flatten().tolist())


pairs = [
    (D.Normal(0.3, 1.2), D.Normal(-0.5, 0.8)),
    (D.Gamma(2.0, 1.5), D.Gamma(3.0, 1.0)),
    (D.Beta(2.0, 3.0), D.Beta(1.5, 1.5)),
    (D.Exponential(2.0), D.Gamma(1.5, 2.5)),
    (D.Laplace(0.0, 1.0), D.Normal(0.2, 1.5)),
    (D.Uniform(-1.0, 2.0), D.Normal(0.0, 2.0)),
    (D.Gumbel(0.0, 1.0), D.Gumbel(0.5, 2.0)),
    (D.Poisson(3.0), D.Poisson(4.5)),
    (D.Binomial(10, 0.3), D.Binomial(10, 0.5)),
    (D.Geometric(0.3), D.Geometric(0.6)),
    (D.Dirichlet(torch.tensor([1.0, 2.0, 3.0])), D.Dirichlet(torch.tensor([2.0, 2.0, 2.0]))),
    (D.Bernoulli(0.2), D.Bernoulli(0.7)),
    (D.Pareto(1.0, 3.0), D.Pareto(1.0, 2.0)),
    (D.HalfNormal(1.0), D.HalfNormal(2.0)),
    (D.LogNormal(0.0, 0.5), D.LogNormal(0.3, 0.7)),
    (D.Cauchy(0.0, 1.0), D.Cauchy(1.0, 2.0)),
    (D.ContinuousBernoulli(0.3), D.ContinuousBernoulli(0.8)),
    (D.Weibull(1.0, 2.0), D.Gamma(2.0, 1.0)),
]
for p, q in pairs:
    try:
        kl = D.kl_divergence(p, q)
    except NotImplementedError as err:
        print(type(p).__name__, type(q).__name__, "NotImplementedError", err)
        continue
    x = p.sample((20000,))
    mc = (p.log_prob(x) - q.log_prob(x)).mean()
    close = torch.isclose(kl, mc, rtol=0.05, atol=0.02) if torch.isfinite(kl) else None
    print(f"kl {type(p).__name__:>19s} || {type(q).__name__:<19s} {kl.item():.10f} mc agrees",
          bool(close) if close is not None else "inf")

mvn_p = D.MultivariateNormal(torch.tensor([0.0, 1.0]),
                             scale_tril=torch.tensor([[1.0, 0.0], [0.5, 0.8]]))
mvn_q = D.LowRankMultivariateNormal(torch.tensor([0.5, 0.0]), torch.tensor([[0.3], [0.6]]),
                                    torch.tensor([0.7, 0.4]))
for a, b in ((mvn_p, mvn_q), (mvn_q, mvn_p)):
    print("kl", type(a).__name__, type(b).__name__, fmt(D.kl_divergence(a, b), 12))
print("kl of each with itself is zero", [D.kl_divergence(d, d).abs().item() < 1e-12
                                         for d in (mvn_p, mvn_q)])
ind_p = D.Independent(D.Normal(torch.zeros(3), torch.ones(3)), 1)
ind_q = D.Independent(D.Normal(torch.ones(3), 2 * torch.ones(3)), 1)
print("kl independent", fmt(D.kl_divergence(ind_p, ind_q), 12), ind_p.batch_shape,
      ind_p.event_shape)

# cdf / icdf round trips
u = torch.tensor([0.01, 0.25, 0.5, 0.9, 0.999])
for d in (D.Normal(1.0, 2.0), D.Exponential(0.5), D.Uniform(-2.0, 3.0), D.Cauchy(0.0, 1.5),
          D.Laplace(1.0, 0.5), D.Gumbel(0.0, 2.0), D.HalfNormal(1.5), D.HalfCauchy(1.0),
          D.LogNormal(0.0, 1.0), D.ContinuousBernoulli(0.3), D.Pareto(1.0, 2.5),
          D.Gamma(2.0, 1.0), D.Beta(2.0, 2.0), D.StudentT(3.0), D.Weibull(1.0, 1.5),
          D.Kumaraswamy(2.0, 3.0)):
    name = type(d).__name__
    try:
        q = d.icdf(u)
        print(f"{name:>19s} icdf {fmt(q, 8)} | cdf(icdf) = u",
              torch.allclose(d.cdf(q), u, rtol=0, atol=1e-12))
    except NotImplementedError:
        try:
            c = d.cdf(torch.tensor([0.5, 1.0, 2.0]))
            print(f"{name:>19s} no icdf; cdf {fmt(c, 8)}")
        except NotImplementedError:
            print(f"{name:>19s} neither cdf nor icdf")

# entropy against a Monte Carlo -E[log p]
for d in (D.StudentT(4.0, 1.0, 2.0), D.Kumaraswamy(2.0, 5.0), D.Gamma(0.7, 2.0),
          D.Beta(0.5, 0.5), D.ContinuousBernoulli(0.9), D.Dirichlet(torch.tensor([0.5, 1.0, 4.0])),
          D.Chi2(3.0)):
    x = d.sample((20000,))
    mc = -d.log_prob(x).mean()
    print(f"entropy {type(d).__name__:>19s} {d.entropy().item():.10f} mc agrees",
          bool(torch.isclose(d.entropy(), mc, rtol=0.03, atol=0.03)))

try:
    D.VonMises(0.0, 2.0).entropy()
except NotImplementedError:
    print("VonMises entropy: NotImplementedError")

# pathwise gradients: match the 10% and 90% quantiles of samples to targets (torch's Gamma
# sample derivative is an approximation good to ~1e-4 relative, ember's the exact implicit
# one from SciPy's incomplete gamma, and so for Beta and Dirichlet: printed to 3 digits)
targets = torch.tensor([0.8, 3.5])
log_shape = torch.tensor([0.0, 0.0], requires_grad=True)  # Gamma concentration, rate
opt = torch.optim.Adam([log_shape], lr=0.05)
probs = torch.tensor([0.1, 0.9])
for step in range(61):
    g = D.Gamma(log_shape[0].exp(), log_shape[1].exp())
    x = g.rsample((512,))
    loss = (torch.quantile(x, probs) - targets).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 20 == 0:
        print(f"gamma quantile fit step {step} loss {loss.item():.3g} "
              f"shape {log_shape[0].exp().item():.3g} rate {log_shape[1].exp().item():.3g}")
for d_fn in (lambda t: D.Beta(t, t + 1), lambda t: D.StudentT(t + 2, 0.0, 1.0),
             lambda t: D.Kumaraswamy(t, 2.0), lambda t: D.Dirichlet(torch.stack([t, 2 * t])),
             lambda t: D.Chi2(t + 1)):
    t = torch.tensor(1.5, requires_grad=True)
    d = d_fn(t)
    x = d.rsample((4000,))
    (gx,) = torch.autograd.grad(x.pow(2).mean(), t)
    print(f"d E[x^2] / dt for {type(d).__name__:>12s}: {gx.item():.3g}")

# a mixture of full-covariance Gaussians fitted by gradient ascent on the likelihood
true = D.MixtureSameFamily(
    D.Categorical(torch.tensor([0.3, 0.7])),
    D.MultivariateNormal(torch.tensor([[-2.0, 0.0], [1.5, 1.0]]),
                         scale_tril=torch.tensor([[[0.5, 0.0], [0.2, 0.4]],
                                                  [[0.8, 0.0], [-0.3, 0.6]]])))
data = true.sample((400,))
print("mixture", true.batch_shape, true.event_shape, "mean", fmt(true.mean), "variance",
      fmt(true.variance))
logits = torch.zeros(2, requires_grad=True)
locs = torch.tensor([[-1.0, 0.5], [1.0, 0.5]], requires_grad=True)
raw = torch.zeros(2, 3, requires_grad=True)
opt = torch.optim.Adam([logits, locs, raw], lr=0.05)
tril = torch.tril_indices(2, 2)
for step in range(151):
    L = torch.zeros(2, 2, 2).index_put((torch.arange(2).unsqueeze(1), tril[0], tril[1]), raw)
    L = L.tril(-1) + torch.diag_embed(torch.nn.functional.softplus(L.diagonal(dim1=-2, dim2=-1)))
    model = D.MixtureSameFamily(D.Categorical(logits=logits),
                                D.MultivariateNormal(locs, scale_tril=L))
    nll = -model.log_prob(data).mean()
    opt.zero_grad()
    nll.backward()
    opt.step()
    if step % 50 == 0:
        print(f"mixture fit step {step} nll {nll.item():.8f}")
print("fitted weights", fmt(torch.softmax(logits, 0), 5), "locs", fmt(locs, 5))
print("true nll", f"{-true.log_prob(data).mean().item():.8f}")

# validation errors
for make in (lambda: D.Gamma(torch.tensor(-1.0), 1.0),
             lambda: D.Beta(1.0, 1.0).log_prob(torch.tensor(1.5)),
             lambda: D.MultivariateNormal(torch.zeros(2), scale_tril=torch.eye(2) * -1),
             lambda: D.Dirichlet(torch.tensor([1.0, 2.0])).log_prob(torch.tensor([0.5, 0.6])),
             lambda: D.StudentT(0.0),
             lambda: D.Kumaraswamy(1.0, 1.0).icdf(torch.tensor(0.5))):
    try:
        make()
        print("no error")
    except (ValueError, NotImplementedError) as err:
        print(type(err).__name__, str(err).splitlines()[0][:150])
