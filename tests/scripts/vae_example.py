import torch

# The VAE of pytorch/examples: reparameterisation written by hand, summed binary cross-entropy
# plus the closed-form KL term, checked against torch.distributions' Normal and kl_divergence.
from torch import nn, optim
from torch.distributions import Normal, kl_divergence
from torch.nn import functional as F

torch.manual_seed(1)
images = torch.rand(48, 1, 6, 6)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(36, 20)
        self.fc21 = nn.Linear(20, 4)
        self.fc22 = nn.Linear(20, 4)
        self.fc3 = nn.Linear(4, 20)
        self.fc4 = nn.Linear(20, 36)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 36))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


def loss_function(recon_x, x, mu, logvar):
    bce = F.binary_cross_entropy(recon_x, x.view(-1, 36), reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld, kld


model = VAE()
optimizer = optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(1, 4):
    model.train()
    train_loss = 0
    for batch_idx in range(3):
        data = images[batch_idx * 16:(batch_idx + 1) * 16]
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(data)
        loss, kld = loss_function(recon_batch, data, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        posterior = Normal(mu, torch.exp(0.5 * logvar))
        library_kld = kl_divergence(posterior, Normal(0.0, 1.0)).sum()
        print(f"epoch {epoch} batch {batch_idx} loss {loss.item() / len(data):.4f} "
              f"kld {kld.item():.4f} library kld {library_kld.item():.4f}")
    print(f"====> Epoch: {epoch} Average loss: {train_loss / len(images):.4f}")

model.eval()
with torch.no_grad():
    sample = model.decode(torch.randn(4, 4))
    print(sample.view(4, 1, 6, 6).shape, f"{sample.mean().item():.4f}")
    recon, mu, logvar = model(images[:2])
    comparison = torch.cat([images[:2], recon.view(2, 1, 6, 6)])
    print(comparison.shape, comparison.dtype)
