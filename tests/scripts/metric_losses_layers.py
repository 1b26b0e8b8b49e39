import torch

# Losses and layers the other programs leave out, each in a small training loop: metric
# learning with TripletMarginLoss (hard negatives by cdist), CosineEmbeddingLoss and
# MarginRankingLoss; count regression with PoissonNLLLoss and heteroscedastic regression with
# GaussianNLLLoss; a 1-D conv autoencoder with ConvTranspose1d, InstanceNorm1d, PReLU and Mish;
# a gated (GLU) block with RMSNorm; a Conv3d on a small video clip with MaxPool3d; and
# MultiLabelSoftMarginLoss, HingeEmbeddingLoss, SmoothL1Loss, SoftMarginLoss and
# MultiMarginLoss evaluated on fixed inputs.
import torch.nn.functional as F
from torch import nn

torch.manual_seed(8)
centres = torch.randn(4, 6) * 2
labels = torch.arange(4).repeat_interleave(12)
points = centres[labels] + 0.7 * torch.randn(48, 6)
embed = nn.Sequential(nn.Linear(6, 16), nn.PReLU(), nn.Linear(16, 3))
triplet = nn.TripletMarginLoss(margin=1.0, p=2)
cosine = nn.CosineEmbeddingLoss(margin=0.2)
ranking = nn.MarginRankingLoss(margin=0.5)
opt = torch.optim.Adam(embed.parameters(), lr=1e-2)
for step in range(10):
    z = embed(points)
    dist = torch.cdist(z, z)
    same = labels[:, None] == labels[None, :]
    positive = (dist * same).argmax(1)
    negative = dist.masked_fill(same, float("inf")).argmin(1)
    loss_t = triplet(z, z[positive], z[negative])
    pairs = torch.randint(0, 48, (2, 32))
    target = torch.where(labels[pairs[0]] == labels[pairs[1]], 1, -1)
    loss_c = cosine(z[pairs[0]], z[pairs[1]], target)
    loss_r = ranking(dist[torch.arange(48), negative], dist[torch.arange(48), positive],
                     torch.ones(48))
    loss = loss_t + loss_c + 0.1 * loss_r
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 3 == 0:
        print(f"metric {step}: triplet {loss_t.item():.5f} cosine {loss_c.item():.5f} "
              f"ranking {loss_r.item():.5f} prelu {embed[1].weight.item():.5f}")

x = torch.randn(64, 3)
counts = torch.poisson(torch.exp(x @ torch.tensor([0.4, -0.2, 0.3]) + 0.5))
noise_scale = 0.1 + x[:, :1].abs()
y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + noise_scale * torch.randn(64, 1)
rate_model, mean_model, var_model = nn.Linear(3, 1), nn.Linear(3, 1), nn.Linear(3, 1)
poisson, gaussian = nn.PoissonNLLLoss(log_input=True, full=True), nn.GaussianNLLLoss(eps=1e-4)
params = [*rate_model.parameters(), *mean_model.parameters(), *var_model.parameters()]
opt = torch.optim.SGD(params, lr=0.05)
for step in range(15):
    loss_p = poisson(rate_model(x).squeeze(-1), counts)
    loss_g = gaussian(mean_model(x), y, F.softplus(var_model(x)))
    opt.zero_grad()
    (loss_p + loss_g).backward()
    opt.step()
    if step % 5 == 0:
        print(f"glm {step}: poisson {loss_p.item():.5f} gaussian {loss_g.item():.5f}")
print("poisson no-full / not log:", F.poisson_nll_loss(counts[:4] + 0.5, counts[:4],
                                                       log_input=False).item())


class ConvAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv1d(2, 8, 5, stride=2, padding=2),
                                 nn.InstanceNorm1d(8, affine=True), nn.Mish(),
                                 nn.Conv1d(8, 8, 3, stride=2, padding=1), nn.PReLU(8))
        self.dec = nn.Sequential(nn.ConvTranspose1d(8, 8, 4, stride=2, padding=1), nn.Mish(),
                                 nn.ConvTranspose1d(8, 2, 4, stride=2, padding=1))

    def forward(self, x):
        return self.dec(self.enc(x))


t = torch.linspace(0, 6.28, 32)
signals = torch.stack([torch.sin(t * k) for k in (1, 2, 3, 4)])[:, None].repeat(1, 2, 1)
signals = signals + 0.05 * torch.randn_like(signals)
ae = ConvAE()
opt = torch.optim.Adam(ae.parameters(), lr=5e-3)
for step in range(12):
    loss = F.smooth_l1_loss(ae(signals), signals, beta=0.5)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 4 == 0:
        print(f"conv ae {step}: loss {loss.item():.6f} code {tuple(ae.enc(signals).shape)}")


class GatedBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.RMSNorm(dim, eps=1e-6)
        self.up = nn.Linear(dim, 4 * dim)
        self.glu = nn.GLU(dim=-1)
        self.down = nn.Linear(2 * dim, dim)

    def forward(self, x):
        return x + self.down(self.glu(self.up(self.norm(x))))


block = GatedBlock(8)
h = torch.randn(2, 5, 8)
out = block(h)
out.pow(2).mean().backward()
print("gated block", tuple(out.shape), round(out.mean().item(), 6),
      "rmsnorm grad", block.norm.weight.grad[:3])
print(block)
clip = torch.randn(2, 3, 4, 8, 8)
video = nn.Sequential(nn.Conv3d(3, 4, (3, 3, 3), padding=1), nn.ReLU(),
                      nn.MaxPool3d((1, 2, 2)), nn.AdaptiveAvgPool3d(1), nn.Flatten())
features = video(clip)
print("conv3d features", tuple(features.shape), features[0])

logits = torch.tensor([[0.3, -1.2, 2.0], [1.5, 0.1, -0.4]])
multi = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
print("multilabel soft margin", F.multilabel_soft_margin_loss(logits, multi).item())
print("multi margin", F.multi_margin_loss(logits, torch.tensor([2, 1]), margin=2.0).item())
print("hinge embedding", F.hinge_embedding_loss(logits, torch.tensor([[1, -1, 1], [-1, 1, -1]]),
                                                margin=1.5).item())
print("soft margin", F.soft_margin_loss(logits, multi * 2 - 1).item())
