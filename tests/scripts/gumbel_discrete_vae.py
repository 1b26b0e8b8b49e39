import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import (
    Bernoulli,
    OneHotCategorical,
    RelaxedBernoulli,
    RelaxedOneHotCategorical,
    kl_divergence,
)

# Discrete latent variables trained by relaxation: a categorical VAE on binary patterns with
# F.gumbel_softmax (soft, then hard straight-through) and an annealed temperature, the ELBO's
# KL against a uniform OneHotCategorical prior, Bernoulli(logits) reconstruction, and the
# distributions' own relaxed samplers (RelaxedOneHotCategorical, RelaxedBernoulli) with
# rsample gradients.
torch.manual_seed(19)
LATENTS, CLASSES, PIXELS = 3, 4, 16

prototypes = (torch.rand(CLASSES, PIXELS) < 0.5).float()
codes = torch.randint(0, CLASSES, (64,))
data = (prototypes[codes] + (torch.rand(64, PIXELS) < 0.05).float()) % 2


class CategoricalVAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(PIXELS, 32), nn.ReLU(),
                                     nn.Linear(32, LATENTS * CLASSES))
        self.decoder = nn.Sequential(nn.Linear(LATENTS * CLASSES, 32), nn.ReLU(),
                                     nn.Linear(32, PIXELS))

    def forward(self, x, tau, hard):
        logits = self.encoder(x).view(-1, LATENTS, CLASSES)
        z = F.gumbel_softmax(logits, tau=tau, hard=hard, dim=-1)
        return self.decoder(z.flatten(1)), logits, z


model = CategoricalVAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
prior = OneHotCategorical(probs=torch.full((LATENTS, CLASSES), 1.0 / CLASSES))
for step in range(24):
    tau = max(0.5, 2.0 * 0.9 ** step)
    hard = step >= 12
    recon_logits, logits, z = model(data, tau, hard)
    reconstruction = -Bernoulli(logits=recon_logits).log_prob(data).sum(1).mean()
    posterior = OneHotCategorical(logits=logits)
    kl = kl_divergence(posterior, prior).sum(1).mean()
    loss = reconstruction + kl
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 4 == 3:
        print(f"step {step:2d} tau {tau:.3f} hard {hard} recon {reconstruction.item():.4f} "
              f"kl {kl.item():.4f} one-hot {bool((z.sum(-1) - 1).abs().max() < 1e-6)}")
print("hard samples are one-hot", bool(((z == 0) | (z == 1)).all()), z[0])

with torch.no_grad():
    logits = model.encoder(data[:4]).view(-1, LATENTS, CLASSES)
    print("posterior modes", logits.argmax(-1).tolist(), "true codes", codes[:4].tolist())

temperature = torch.tensor(0.5)
logits = torch.tensor([[1.0, 0.0, -1.0]], requires_grad=True)
relaxed = RelaxedOneHotCategorical(temperature, logits=logits)
sample = relaxed.rsample((3,))
print("relaxed sample", sample, "log_prob", relaxed.log_prob(sample))
sample[:, 0, 0].sum().backward()
print("rsample gradient", logits.grad)
bern = RelaxedBernoulli(torch.tensor([0.3]), probs=torch.tensor([0.2, 0.7]))
print("relaxed bernoulli", bern.rsample((2,)), bern.batch_shape)
print("entropy", prior.entropy(), "enumerate", prior.enumerate_support().shape)
