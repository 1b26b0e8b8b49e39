import torch

# Generative models as their papers' reference code writes them: a Glow step (ActNorm with
# data-dependent init, an invertible 1x1 convolution in LU form via torch.linalg.lu_factor /
# lu_unpack, slogdet log-determinants, an affine coupling), checked by exact inversion; and a
# VQ-VAE quantizer with the straight-through estimator, codebook EMA updates
# (index_add_ / scatter_add_ / one_hot), commitment loss and codebook perplexity.
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class ActNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.loc = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.log_scale = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.register_buffer("initialized", torch.tensor(0, dtype=torch.uint8))

    def forward(self, x):
        if self.initialized.item() == 0:
            with torch.no_grad():
                mean = x.mean(dim=(0, 2, 3), keepdim=True)
                std = x.std(dim=(0, 2, 3), keepdim=True)
                self.loc.data.copy_(-mean)
                self.log_scale.data.copy_(torch.log(1 / (std + 1e-6)))
                self.initialized.fill_(1)
        h, w = x.shape[2:]
        logdet = h * w * self.log_scale.sum()
        return (x + self.loc) * self.log_scale.exp(), logdet

    def reverse(self, y):
        return y * torch.exp(-self.log_scale) - self.loc


class InvConv1x1LU(nn.Module):
    def __init__(self, channels):
        super().__init__()
        q, _ = torch.linalg.qr(torch.randn(channels, channels))
        lu, pivots = torch.linalg.lu_factor(q)
        p, lower, upper = torch.lu_unpack(lu, pivots)
        s = torch.diagonal(upper)
        self.register_buffer("p", p)
        self.register_buffer("sign_s", torch.sign(s))
        self.register_buffer("l_mask", torch.tril(torch.ones(channels, channels), -1))
        self.register_buffer("eye", torch.eye(channels))
        self.lower = nn.Parameter(lower)
        self.log_s = nn.Parameter(torch.log(torch.abs(s)))
        self.upper = nn.Parameter(torch.triu(upper, 1))

    def weight(self):
        lower = self.lower * self.l_mask + self.eye
        upper = self.upper * self.l_mask.T + torch.diag(self.sign_s * torch.exp(self.log_s))
        return self.p @ lower @ upper

    def forward(self, x):
        weight = self.weight()
        h, w = x.shape[2:]
        return F.conv2d(x, weight[:, :, None, None]), h * w * self.log_s.sum()

    def reverse(self, y):
        return F.conv2d(y, torch.linalg.inv(self.weight())[:, :, None, None])


class AffineCoupling(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(channels // 2, 16, 3, padding=1), nn.ReLU(),
                                 nn.Conv2d(16, channels, 3, padding=1))
        self.scale = nn.Parameter(torch.zeros(1, channels // 2, 1, 1))

    def forward(self, x):
        xa, xb = x.chunk(2, 1)
        log_s, t = self.net(xa).chunk(2, 1)
        s = torch.sigmoid(log_s + 2.0)
        yb = (xb + t) * s
        return torch.cat([xa, yb], 1), torch.log(s).flatten(1).sum(1)

    def reverse(self, y):
        ya, yb = y.chunk(2, 1)
        log_s, t = self.net(ya).chunk(2, 1)
        return torch.cat([ya, yb / torch.sigmoid(log_s + 2.0) - t], 1)


class GlowStep(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.layers = nn.ModuleList([ActNorm(channels), InvConv1x1LU(channels),
                                     AffineCoupling(channels)])

    def forward(self, x):
        total = torch.zeros(x.size(0))
        for layer in self.layers:
            x, logdet = layer(x)
            total = total + logdet
        return x, total

    def reverse(self, z):
        for layer in reversed(self.layers):
            z = layer.reverse(z)
        return z


def squeeze2x2(x):
    b, c, h, w = x.shape
    x = x.view(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(b, c * 4, h // 2, w // 2)


data = torch.rand(8, 1, 8, 8) + 0.1 * torch.arange(8.0).view(8, 1, 1, 1)
x = squeeze2x2(data)
flow = nn.Sequential(GlowStep(4), GlowStep(4))
conv = flow[0].layers[1]
w = conv.weight()
sign, logabs = torch.linalg.slogdet(2 * w)
print("1x1 slogdet", sign, f"{logabs.item():.8f}", "log_s sum", f"{conv.log_s.sum().item():.8f}")
print("det close", torch.allclose(logabs, conv.log_s.sum() + 4 * torch.log(torch.tensor(2.0))),
      f"{torch.det(2 * w).abs().log().item():.8f}", logabs.grad_fn)
optimizer = torch.optim.Adamax(flow.parameters(), lr=1e-2)
prior = torch.distributions.Normal(0.0, 1.0)
for step in range(5):
    optimizer.zero_grad()
    z, logdet = x, torch.zeros(x.size(0))
    for block in flow:
        z, ld = block(z)
        logdet = logdet + ld
    log_prob = prior.log_prob(z).flatten(1).sum(1) + logdet
    bpd = -(log_prob - 64 * torch.log(torch.tensor(256.0))) / (64 * torch.log(torch.tensor(2.0)))
    loss = bpd.mean()
    loss.backward()
    optimizer.step()
    print(f"step {step} bpd {loss.item():.8f} logdet {logdet.mean().item():.8f}")
print("actnorm initialized", flow[0].layers[0].initialized, flow[1].layers[0].initialized)
with torch.no_grad():
    z = x
    for block in flow:
        z, _ = block(z)
    back = z
    for block in reversed(flow):
        back = block.reverse(back)
    print("inverse error < 1e-10", (back - x).abs().max().item() < 1e-10)
lu, piv = torch.linalg.lu_factor(conv.weight().detach())
rhs = torch.randn(4, 2)
print("lu_solve", torch.allclose(torch.linalg.lu_solve(lu, piv, rhs),
                                 torch.linalg.solve(conv.weight().detach(), rhs)))
P, L, U = torch.linalg.lu(conv.weight().detach())
print("lu shapes", P.shape, L.diagonal(), torch.allclose(P @ L @ U, conv.weight().detach()))
print("pivots dtype", piv.dtype, piv)
slog = torch.linalg.slogdet(torch.randn(3, 3, 3, requires_grad=True))
print("batched slogdet", slog.sign, slog.logabsdet.grad_fn.name())


# VQ-VAE quantizer with EMA codebook
class VectorQuantizerEMA(nn.Module):
    def __init__(self, num_codes, dim, decay=0.9, eps=1e-5, beta=0.25):
        super().__init__()
        self.decay, self.eps, self.beta = decay, eps, beta
        embed = torch.randn(num_codes, dim)
        self.register_buffer("embed", embed)
        self.register_buffer("cluster_size", torch.zeros(num_codes))
        self.register_buffer("embed_avg", embed.clone())

    def forward(self, z):
        flat = z.permute(0, 2, 3, 1).reshape(-1, z.size(1))
        dist = (flat.pow(2).sum(1, keepdim=True) - 2 * flat @ self.embed.t()
                + self.embed.pow(2).sum(1)[None])
        codes = dist.argmin(1)
        print("  cdist agrees", torch.equal(torch.cdist(flat, self.embed).argmin(1), codes))
        onehot = F.one_hot(codes, self.embed.size(0)).type(flat.dtype)
        quant = self.embed[codes].view(z.size(0), z.size(2), z.size(3), -1).permute(0, 3, 1, 2)
        if self.training:
            with torch.no_grad():
                self.cluster_size.mul_(self.decay).add_(onehot.sum(0), alpha=1 - self.decay)
                summed = torch.zeros_like(self.embed_avg).index_add_(0, codes, flat)
                self.embed_avg.mul_(self.decay).add_(summed, alpha=1 - self.decay)
                n = self.cluster_size.sum()
                size = (self.cluster_size + self.eps) / (n + self.embed.size(0) * self.eps) * n
                self.embed.copy_(self.embed_avg / size.unsqueeze(1))
        commit = F.mse_loss(z, quant.detach())
        quant = z + (quant - z).detach()
        avg = onehot.mean(0)
        perplexity = torch.exp(-torch.sum(avg * torch.log(avg + 1e-10)))
        return quant, self.beta * commit, perplexity, codes


encoder = nn.Sequential(nn.Conv2d(1, 8, 4, 2, 1), nn.ReLU(), nn.Conv2d(8, 3, 1))
decoder = nn.Sequential(nn.ConvTranspose2d(3, 8, 4, 2, 1), nn.ReLU(), nn.Conv2d(8, 1, 1))
vq = VectorQuantizerEMA(6, 3)
opt = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=3e-3)
for step in range(4):
    opt.zero_grad()
    z = encoder(data)
    quant, commit, perplexity, codes = vq(z)
    recon = decoder(quant)
    loss = F.mse_loss(recon, data) + commit
    loss.backward()
    opt.step()
    print(f"vq step {step} loss {loss.item():.8f} perplexity {perplexity.item():.6f} "
          f"usage {torch.bincount(codes, minlength=6).tolist()}")
print("enc grad flows", encoder[0].weight.grad.abs().sum() > 0)
print("cluster", vq.cluster_size)
counts = torch.zeros(6).scatter_add_(0, codes, torch.ones_like(codes, dtype=torch.float64))
print("scatter_add", counts, torch.equal(counts.long(), torch.bincount(codes, minlength=6)))
vq.eval()
print(sorted(vq.state_dict().keys()))
