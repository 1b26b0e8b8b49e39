import torch  # noqa: I001 (the harness requires torch first)

# Two variational autoencoders written against torch.distributions: a binary-data VAE whose
# decoder likelihood is BCE-with-logits, trained on the ELBO with the analytic KL (Independent
# Normals, kl_divergence) and evaluated with the importance-weighted bound (rsample((K,)),
# logsumexp) and a low-rank Gaussian posterior; then a ProdLDA-style topic model over word
# counts with a Dirichlet posterior (reparameterised Dirichlet.rsample) and a Dirichlet prior.
import math

from torch import nn
import torch.nn.functional as F
from torch.distributions import (Dirichlet, Independent, LowRankMultivariateNormal, Normal,
                                 kl_divergence)

torch.manual_seed(0)
prototypes = (torch.rand(4, 16) > 0.5).float()
labels = torch.randint(0, 4, (96,))
flips = (torch.rand(96, 16) < 0.1).float()
data = (prototypes[labels] + flips) % 2


class VAE(nn.Module):
    def __init__(self, features=16, latent=2, hidden=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(features, hidden), nn.ReLU())
        self.mu, self.logvar = nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.dec = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, features))

    def posterior(self, x):
        h = self.enc(x)
        return Independent(Normal(self.mu(h), torch.exp(0.5 * self.logvar(h))), 1)

    def log_likelihood(self, x, z):
        logits = self.dec(z)
        target = x.expand_as(logits)
        return -F.binary_cross_entropy_with_logits(logits, target, reduction="none").sum(-1)

    def elbo(self, x):
        q = self.posterior(x)
        prior = Independent(Normal(torch.zeros_like(q.mean), torch.ones_like(q.mean)), 1)
        z = q.rsample()
        return self.log_likelihood(x, z) - kl_divergence(q, prior)

    def iwae(self, x, k=16):
        q = self.posterior(x)
        z = q.rsample((k,))
        prior = Normal(0.0, 1.0)
        log_w = self.log_likelihood(x, z) + prior.log_prob(z).sum(-1) - q.log_prob(z)
        return torch.logsumexp(log_w, dim=0) - math.log(k)


vae = VAE()
opt = torch.optim.Adam(vae.parameters(), lr=5e-3)
for epoch in range(6):
    for batch in data.split(32):
        loss = -vae.elbo(batch).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        print(f"epoch {epoch} elbo {vae.elbo(data).mean().item():.4f} "
              f"iwae {vae.iwae(data).mean().item():.4f}")
with torch.no_grad():
    q = vae.posterior(data[:4])
    print("posterior", q.batch_shape, q.event_shape, q.mean.shape, q.variance.shape)
    print("entropy", q.entropy())
    low_rank = LowRankMultivariateNormal(q.mean, cov_factor=0.1 * torch.ones(4, 2, 1),
                                         cov_diag=q.variance)
    print("low-rank", low_rank.covariance_matrix[0], low_rank.entropy())
    print("low-rank log_prob", low_rank.log_prob(torch.zeros(4, 2)))
    samples = vae.dec(torch.randn(3, 2)).sigmoid().round()
    print("decoded samples", samples.sum(-1))

vocab, topics, docs = 20, 3, 48
topic_words = torch.softmax(3 * torch.randn(topics, vocab), -1)
doc_topics = Dirichlet(torch.full((topics,), 0.3)).sample((docs,))
counts = torch.distributions.Multinomial(30, probs=doc_topics @ topic_words).sample()
print("counts", counts.shape, counts.sum(-1)[:5])


class ProdLDA(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(vocab, 32), nn.Softplus(), nn.Linear(32, topics))
        self.beta = nn.Linear(topics, vocab, bias=False)
        self.bn = nn.BatchNorm1d(vocab, affine=False)

    def forward(self, x):
        concentration = F.softplus(self.encoder(x)) + 1e-2
        q = Dirichlet(concentration)
        theta = q.rsample()
        word_logits = self.bn(self.beta(theta))
        recon = (x * F.log_softmax(word_logits, -1)).sum(-1)
        kl = kl_divergence(q, Dirichlet(torch.full_like(concentration, 0.3)))
        return -(recon - kl).mean(), kl.mean()


lda = ProdLDA()
opt = torch.optim.Adam(lda.parameters(), lr=1e-2)
for step in range(12):
    loss, kl = lda(counts)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(f"lda step {step} loss {loss.item():.4f} kl {kl.item():.4f}")
print("top words per topic", lda.beta.weight.t().topk(3, dim=-1).indices.tolist())
d = Dirichlet(torch.tensor([0.5, 1.0, 2.0]))
print(d.mean, d.variance, d.entropy(), d.log_prob(torch.tensor([0.2, 0.3, 0.5])))
