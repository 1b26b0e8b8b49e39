import torch

# Fitting a Gaussian mixture by maximum likelihood (MixtureSameFamily), then a Bayesian
# Beta-Binomial update and gamma-family draws, as a statistics user writes them.
from torch.distributions import (
    Beta,
    Binomial,
    Categorical,
    Dirichlet,
    Gamma,
    MixtureSameFamily,
    Normal,
    Poisson,
    StudentT,
    kl_divergence,
)

torch.manual_seed(3)
data = torch.cat([Normal(-2.0, 0.5).sample((150,)), Normal(1.5, 1.0).sample((250,))])
logits = torch.zeros(2, requires_grad=True)
locs = torch.tensor([-0.5, 0.5], requires_grad=True)
log_scales = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.Adam([logits, locs, log_scales], lr=0.05)
for step in range(60):
    mixture = MixtureSameFamily(Categorical(logits=logits), Normal(locs, log_scales.exp()))
    loss = -mixture.log_prob(data).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 15 == 0:
        print(f"step {step:2d}  nll {loss.item():.4f}")
print("weights", [round(w, 3) for w in mixture.mixture_distribution.probs.tolist()])
print("locs", [round(v, 3) for v in locs.tolist()], "mean", round(mixture.mean.item(), 4))

# Beta-Binomial conjugate update from simulated coin flips.
flips = Binomial(20, torch.tensor(0.7)).sample((5,))
prior = Beta(torch.tensor(2.0), torch.tensor(2.0))
posterior = Beta(2.0 + flips.sum(), 2.0 + 100 - flips.sum())
print("flips", flips.tolist(), "posterior mean", round(posterior.mean.item(), 4))
print("KL(posterior || prior)", round(kl_divergence(posterior, prior).item(), 4))

# Gamma, Dirichlet, Poisson and Student-t draws after reseeding.
torch.manual_seed(11)
print(Gamma(torch.tensor([0.5, 2.0, 9.0]), torch.tensor(1.5)).sample((2,)))
print(Dirichlet(torch.tensor([0.3, 1.0, 4.0])).sample((2,)))
print(Poisson(torch.tensor([0.5, 12.0, 80.0])).sample((2,)))
print(StudentT(torch.tensor(3.0)).sample((4,)))
rate = torch.tensor(2.0, requires_grad=True)
Gamma(torch.tensor(3.0), rate).rsample((1000,)).mean().backward()
print("d mean / d rate", round(rate.grad.item(), 2))
