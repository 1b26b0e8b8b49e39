import torch

# A variational autoencoder's training steps: Normal.rsample, Independent, kl_divergence.
from torch import nn
from torch.distributions import Bernoulli, Independent, Normal, kl_divergence

torch.manual_seed(0)
data = (torch.rand(64, 12) > 0.6).float()


class VAE(nn.Module):
    def __init__(self, features=12, latent=3, hidden=16):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(features, hidden), nn.Tanh(),
                                     nn.Linear(hidden, 2 * latent))
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh(),
                                     nn.Linear(hidden, features))

    def forward(self, x):
        loc, raw_scale = self.encoder(x).chunk(2, dim=-1)
        posterior = Independent(Normal(loc, nn.functional.softplus(raw_scale) + 1e-3), 1)
        prior = Independent(Normal(torch.zeros_like(loc), torch.ones_like(loc)), 1)
        z = posterior.rsample()
        likelihood = Independent(Bernoulli(logits=self.decoder(z)), 1)
        reconstruction = likelihood.log_prob(x)
        kl = kl_divergence(posterior, prior)
        return -(reconstruction - kl).mean(), reconstruction.mean(), kl.mean()


model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
print(model)
for step in range(25):
    optimizer.zero_grad()
    loss, reconstruction, kl = model(data)
    loss.backward()
    optimizer.step()
    if step % 5 == 0:
        print(f"step {step:2d}  elbo loss {loss.item():.4f}  recon {reconstruction.item():.4f}"
              f"  kl {kl.item():.4f}")

posterior = Normal(torch.zeros(3), torch.ones(3))
print(posterior, posterior.batch_shape, posterior.event_shape)
print(Independent(posterior, 1), Independent(posterior, 1).event_shape)
print(posterior.sample((2,)).shape, posterior.log_prob(torch.zeros(3)))
