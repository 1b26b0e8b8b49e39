import torch

# torch.distributions as its docs page teaches it, with validation on: constraint objects and
# their checks, the ValueError a bad parameter or an out-of-support value raises, batch and
# event shapes through expand and Independent, enumerate_support, cdf/icdf/entropy, biject_to
# and transform_to mapping unconstrained parameters, and a small VAE whose ELBO uses
# rsample, kl_divergence and a Bernoulli likelihood over logits, trained in float64.
from torch import nn
from torch.distributions import (Bernoulli, Beta, Binomial, Categorical, Dirichlet, Gamma,
                                 Independent, MultivariateNormal, Normal, OneHotCategorical,
                                 Poisson, Uniform, constraints, kl_divergence)
from torch.distributions.transforms import ExpTransform, StickBreakingTransform

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.distributions.Distribution.set_default_validate_args(True)

for c in (constraints.real, constraints.positive, constraints.unit_interval,
          constraints.interval(0, 2), constraints.greater_than(1.5),
          constraints.integer_interval(0, 4), constraints.simplex, constraints.boolean,
          constraints.independent(constraints.real, 1), constraints.positive_definite,
          constraints.lower_cholesky, constraints.nonnegative_integer,
          constraints.half_open_interval(0, 1), constraints.corr_cholesky):
    print(c, c.is_discrete, c.event_dim)
print(constraints.positive.check(torch.tensor([1.0, 0.0, -1.0])),
      constraints.simplex.check(torch.tensor([[0.2, 0.8], [0.5, 0.6]])),
      constraints.interval(0, 2).check(torch.tensor([0.0, 2.0, 2.5])),
      constraints.integer_interval(0, 4).check(torch.tensor([0.0, 1.5, 4.0])))

for label, make in [
        ("Normal scale", lambda: Normal(torch.zeros(3), torch.tensor([1.0, -1.0, 0.0]))),
        ("Beta concentration", lambda: Beta(torch.tensor(0.0), torch.tensor(1.0))),
        ("Categorical probs", lambda: Categorical(probs=torch.tensor([0.5, -0.1]))),
        ("Categorical both", lambda: Categorical(probs=torch.ones(2), logits=torch.ones(2))),
        ("Bernoulli probs", lambda: Bernoulli(probs=torch.tensor([1.5]))),
        ("Uniform bounds", lambda: Uniform(torch.tensor(1.0), torch.tensor(0.0))),
        ("MVN covariance", lambda: MultivariateNormal(torch.zeros(2), torch.tensor(
            [[1.0, 2.0], [2.0, 1.0]]))),
        ("MVN two matrices", lambda: MultivariateNormal(torch.zeros(2), torch.eye(2),
                                                        precision_matrix=torch.eye(2))),
        ("Dirichlet", lambda: Dirichlet(torch.tensor([1.0, 0.0])))]:
    try:
        make()
        print(label, "accepted")
    except ValueError as error:
        print(label, "->", error)

normal = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
for label, call in [("Normal.log_prob(nan)", lambda: normal.log_prob(torch.tensor(
                        [0.0, float("nan")]))),
                    ("Poisson.log_prob(-1)", lambda: Poisson(torch.tensor(2.0)).log_prob(
                        torch.tensor(-1.0))),
                    ("Binomial.log_prob(1.5)", lambda: Binomial(3, torch.tensor(0.5)).log_prob(
                        torch.tensor(1.5))),
                    ("Categorical.log_prob(3)", lambda: Categorical(torch.ones(3)).log_prob(
                        torch.tensor(3))),
                    ("Gamma.log_prob(0)", lambda: Gamma(2.0, 1.0).log_prob(torch.tensor(0.0))),
                    ("Beta.log_prob(1.2)", lambda: Beta(2.0, 2.0).log_prob(torch.tensor(1.2))),
                    ("Normal.log_prob(shape)", lambda: normal.log_prob(torch.zeros(3))),
                    ("Normal.rsample shape", lambda: normal.rsample((2,)).shape),
                    ("Poisson.rsample", lambda: Poisson(torch.tensor(2.0)).rsample())]:
    try:
        print(label, call())
    except (ValueError, NotImplementedError) as error:
        print(label, "->", type(error).__name__, error)

independent = Independent(Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
print(independent, independent.batch_shape, independent.event_shape)
print(independent.log_prob(torch.zeros(3, 2)), independent.expand((4, 3)).batch_shape)
expanded = Normal(torch.tensor(0.0), 1.0).expand((2, 3))
print(expanded.batch_shape, expanded.sample().shape, expanded.log_prob(torch.zeros(2, 3)).shape)
print(Normal(0.0, 1.0).cdf(torch.tensor([-1.0, 0.0, 1.96])),
      Normal(0.0, 1.0).icdf(torch.tensor([0.025, 0.5])), normal.entropy(),
      Uniform(0.0, 4.0).cdf(torch.tensor([1.0, 3.0])), Gamma(2.0, 3.0).entropy())
print(Bernoulli(torch.tensor([0.3, 0.9])).enumerate_support(),
      Categorical(torch.tensor([0.2, 0.8])).enumerate_support(expand=False),
      Binomial(2, torch.tensor([0.5, 0.1])).enumerate_support().shape,
      OneHotCategorical(torch.ones(3)).enumerate_support())
print(Categorical(logits=torch.tensor([1.0, 2.0, 3.0])).probs, Bernoulli(logits=torch.tensor(
    0.0)).probs, Categorical(probs=torch.tensor([1.0, 3.0])).logits)
print(Normal(0.0, 1.0).support, Gamma(1.0, 1.0).support, Categorical(torch.ones(3)).support,
      Normal.arg_constraints, Beta.has_rsample, Poisson.has_enumerate_support)
print(MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
      .covariance_matrix)

positive = torch.distributions.biject_to(constraints.positive)
simplex = torch.distributions.transform_to(constraints.simplex)
raw = torch.tensor([-1.0, 0.0, 2.0])
print(positive, positive(raw), positive.inv(positive(raw)))
print(simplex, simplex(raw), simplex(raw).sum(), type(torch.distributions.biject_to(
    constraints.simplex)).__name__)
print(isinstance(positive, ExpTransform), isinstance(torch.distributions.biject_to(
    constraints.simplex), StickBreakingTransform))
print(torch.distributions.biject_to(constraints.interval(-1.0, 3.0))(raw),
      torch.distributions.transform_to(constraints.lower_cholesky)(torch.tensor(
          [[1.0, 2.0], [3.0, -1.0]])))
try:
    torch.distributions.biject_to(constraints.integer_interval(0, 3))
except NotImplementedError as error:
    print("biject_to:", error)

# --- a VAE on binary patterns, ELBO by rsample and kl_divergence -------------------------
torch.manual_seed(0)
patterns = (torch.rand(64, 12) < torch.linspace(0.1, 0.9, 12)).double()


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(12, 16), nn.Tanh(), nn.Linear(16, 4))
        self.decoder = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 12))

    def forward(self, x):
        loc, log_scale = self.encoder(x).chunk(2, dim=-1)
        posterior = Independent(Normal(loc, log_scale.exp()), 1)
        prior = Independent(Normal(torch.zeros_like(loc), torch.ones_like(loc)), 1)
        z = posterior.rsample()
        likelihood = Independent(Bernoulli(logits=self.decoder(z)), 1)
        return likelihood.log_prob(x) - kl_divergence(posterior, prior)


vae = VAE()
optimizer = torch.optim.Adam(vae.parameters(), lr=0.02)
for step in range(15):
    elbo = vae(patterns).mean()
    optimizer.zero_grad()
    (-elbo).backward()
    optimizer.step()
    if step % 3 == 0:
        print(step, f"{elbo.item():.8f}", f"{vae.encoder[0].weight.grad.norm().item():.8f}")
