import torch

# Variational inference in the style of probabilistic-programming tutorials: a Beta-Bernoulli
# coin posterior fitted by reparameterised samples and compared with the closed form, a Dirichlet
# mixture-weight posterior, a LogNormal scale through TransformedDistribution with an
# ExpTransform, unconstrained parameters mapped through biject_to(constraints.positive), a
# Bayesian linear regression with a Gamma noise prior, and KL divergences between them.
# (Gamma and Beta samples differentiate through dx/dalpha, which torch approximates to about
# 1e-5 and ember computes from SciPy's gammainc: trained values are printed to the digits the
# two share.)
from torch import distributions as D
from torch.distributions import constraints, transforms

torch.manual_seed(0)

# --- Beta-Bernoulli ------------------------------------------------------------------------------
flips = (torch.rand(40) < 0.7).float()
raw = torch.zeros(2, requires_grad=True)
to_positive = D.biject_to(constraints.positive)
optimizer = torch.optim.Adam([raw], lr=0.05)
prior = D.Beta(torch.tensor(2.0), torch.tensor(2.0))
for step in range(40):
    concentration = to_positive(raw) + 0.5
    q = D.Beta(concentration[0], concentration[1])
    p = q.rsample((16,))
    log_likelihood = D.Bernoulli(probs=p.unsqueeze(1)).log_prob(flips).sum(1)
    elbo = (log_likelihood + prior.log_prob(p) - q.log_prob(p)).mean()
    optimizer.zero_grad()
    (-elbo).backward()
    optimizer.step()
    if step % 20 == 0:
        print(f"beta step {step:3d} elbo {elbo.item():.2f}")
heads = flips.sum()
exact = D.Beta(2 + heads, 2 + 40 - heads)
print(f"q mean {q.mean.item():.3f} exact {exact.mean.item():.4f}"
      f" kl {D.kl_divergence(q, exact).item():.3f}")
print(q.support, type(to_positive).__name__, to_positive.inv(torch.tensor(2.0)))

# --- Dirichlet ----------------------------------------------------------------------------------
counts = torch.tensor([12.0, 5.0, 3.0])
posterior = D.Dirichlet(1.0 + counts)
print(posterior.mean, posterior.variance, posterior.concentration)
samples = posterior.rsample((4,))
print(samples.sum(-1), posterior.log_prob(samples).shape,
      D.kl_divergence(posterior, D.Dirichlet(torch.ones(3))))
print(D.Categorical(probs=posterior.mean).entropy(), D.Multinomial(20, posterior.mean).sample())

# --- transformed distributions ------------------------------------------------------------------
base = D.Normal(torch.tensor(0.0), torch.tensor(0.5))
log_normal = D.TransformedDistribution(base, [transforms.ExpTransform()])
reference = D.LogNormal(torch.tensor(0.0), torch.tensor(0.5))
x = torch.tensor([0.5, 1.0, 2.0])
print(log_normal.log_prob(x), reference.log_prob(x), reference.mean, reference.variance)
affine = D.TransformedDistribution(D.Uniform(0.0, 1.0),
                                   [transforms.AffineTransform(loc=2.0, scale=3.0)])
print(affine.sample((3,)), affine.log_prob(torch.tensor(3.0)), affine.support)
sigmoid = transforms.SigmoidTransform()
y = sigmoid(torch.tensor([-1.0, 0.0, 2.0]))
print(y, sigmoid.inv(y), sigmoid.log_abs_det_jacobian(torch.tensor([0.0]), y[1:2]))
stick = transforms.StickBreakingTransform()
simplex = stick(torch.tensor([0.3, -0.2]))
print(simplex, simplex.sum(), stick.inv(simplex))

# --- Bayesian linear regression with mean-field Normal and Gamma posteriors ----------------------
torch.manual_seed(1)
features = torch.randn(60, 2)
targets = features @ torch.tensor([1.5, -0.7]) + 0.3 + 0.4 * torch.randn(60)
loc = torch.zeros(3, requires_grad=True)
log_scale = torch.full((3,), -1.0, requires_grad=True)
raw_rate = torch.tensor([0.0, 0.0], requires_grad=True)
optimizer = torch.optim.Adam([loc, log_scale, raw_rate], lr=0.05)
weight_prior = D.Independent(D.Normal(torch.zeros(3), torch.ones(3)), 1)
precision_prior = D.Gamma(torch.tensor(2.0), torch.tensor(1.0))
for step in range(40):
    q_weights = D.Independent(D.Normal(loc, log_scale.exp()), 1)
    shape_rate = D.transform_to(constraints.positive)(raw_rate)
    q_precision = D.Gamma(shape_rate[0] + 1.0, shape_rate[1] + 0.1)
    w = q_weights.rsample((8,))
    tau = q_precision.rsample((8,))
    mean = features @ w[:, :2].T + w[:, 2]
    noise = D.Normal(mean, tau.rsqrt())
    expected_ll = noise.log_prob(targets.unsqueeze(1)).sum(0).mean()
    kl = D.kl_divergence(q_weights, weight_prior) + D.kl_divergence(q_precision, precision_prior)
    loss = -(expected_ll - kl)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 20 == 0:
        print(f"blr step {step:3d} loss {loss.item():.2f} kl {kl.item():.3f}")
print([f"{v:.3f}" for v in loc.tolist()], [f"{v:.3f}" for v in log_scale.exp().tolist()],
      f"{q_precision.mean.rsqrt().item():.3f}")
print(q_weights, q_weights.event_shape, q_precision.batch_shape, q_precision.support)
