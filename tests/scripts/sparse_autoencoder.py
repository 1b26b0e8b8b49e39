import torch
import torch.nn.functional as F
from torch import nn

# A sparse autoencoder of the kind interpretability work trains on a model's activations:
# synthetic activations built from a few sparse "true features", an SAE with a pre-encoder bias,
# ReLU latents with an L1 penalty (then a TopK variant), decoder columns renormalised to unit norm
# under no_grad after every step (and the gradient's parallel component removed), dead-latent
# counts with bincount and count_nonzero, and the fraction of variance explained.

torch.manual_seed(0)
D, FEATURES, LATENTS, N = 16, 24, 48, 512

true_features = F.normalize(torch.randn(FEATURES, D), dim=-1)
active = torch.rand(N, FEATURES) < 0.08
coefficients = torch.rand(N, FEATURES) * active
activations = coefficients @ true_features + 0.01 * torch.randn(N, D)
print(activations.shape, active.sum(-1).float().mean().item())


class SparseAutoencoder(nn.Module):
    def __init__(self, d, latents, k=None):
        super().__init__()
        self.k = k
        self.b_dec = nn.Parameter(torch.zeros(d))
        self.encoder = nn.Linear(d, latents)
        self.W_dec = nn.Parameter(F.normalize(torch.randn(latents, d), dim=-1))
        with torch.no_grad():
            self.encoder.weight.copy_(self.W_dec)
            self.encoder.bias.zero_()

    def encode(self, x):
        pre = self.encoder(x - self.b_dec)
        if self.k is None:
            return F.relu(pre)
        values, indices = pre.topk(self.k, dim=-1)
        return torch.zeros_like(pre).scatter(-1, indices, F.relu(values))

    def forward(self, x):
        z = self.encode(x)
        return z @ self.W_dec + self.b_dec, z

    @torch.no_grad()
    def renormalise_decoder(self):
        norms = self.W_dec.norm(dim=-1, keepdim=True)
        self.W_dec.div_(norms)

    @torch.no_grad()
    def remove_parallel_gradient(self):
        parallel = (self.W_dec.grad * self.W_dec).sum(-1, keepdim=True)
        self.W_dec.grad.sub_(parallel * self.W_dec)


def train(sae, l1, steps=40, batch=128):
    optimizer = torch.optim.Adam(sae.parameters(), lr=3e-3)
    with torch.no_grad():
        sae.b_dec.copy_(activations.median(0).values)
    fired = torch.zeros(LATENTS, dtype=torch.long)
    for step in range(steps):
        x = activations[torch.randint(0, N, (batch,))]
        recon, z = sae(x)
        mse = (recon - x).pow(2).sum(-1).mean()
        sparsity = z.abs().sum(-1).mean()
        loss = mse + l1 * sparsity
        optimizer.zero_grad()
        loss.backward()
        sae.remove_parallel_gradient()
        optimizer.step()
        sae.renormalise_decoder()
        fired += torch.bincount(z.nonzero()[:, 1], minlength=LATENTS)
        if step % 8 == 0 or step == steps - 1:
            l0 = torch.count_nonzero(z, dim=-1).float().mean().item()
            print(f"step {step:2d} loss {loss.item():.5f} mse {mse.item():.5f} "
                  f"l1 {sparsity.item():.5f} L0 {l0:.3f}")
    dead = (fired == 0).sum().item()
    return fired, dead


for name, sae, l1 in (("relu-l1", SparseAutoencoder(D, LATENTS), 0.05),
                      ("topk-4", SparseAutoencoder(D, LATENTS, k=4), 0.0)):
    print("==", name)
    fired, dead = train(sae, l1)
    with torch.no_grad():
        recon, z = sae(activations)
        residual = (activations - recon).pow(2).sum()
        total = (activations - activations.mean(0)).pow(2).sum()
        explained = 1 - residual / total
        cosine = F.normalize(sae.W_dec, dim=-1) @ true_features.T
        best = cosine.max(0).values
    print(f"dead latents {dead} most fired {fired.max().item()} "
          f"explained variance {explained.item():.4f}")
    print("decoder norms", sae.W_dec.norm(dim=-1).min().item() > 0.9999,
          sae.W_dec.norm(dim=-1).max().item() < 1.0001)
    print(f"features recovered (cos > 0.7): {(best > 0.7).sum().item()} of {FEATURES}, "
          f"mean best cosine {best.mean().item():.4f}")
    print("top latents", fired.topk(5).indices.tolist(), torch.count_nonzero(fired).item())
