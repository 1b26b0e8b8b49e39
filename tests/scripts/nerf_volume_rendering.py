import torch
import torch.nn.functional as F
from torch import nn

# NeRF-style volume rendering as the nerf-pytorch family writes it: rays from a pinhole camera
# over a torch.meshgrid(indexing="ij") pixel grid, stratified samples along each ray from
# torch.linspace, a positional encoding with sin/cos at 2**arange frequencies, alpha compositing
# with an exclusive cumprod for transmittance, hierarchical (importance) sampling that inverts the
# weights' CDF with torch.searchsorted, and a few steps of fitting a tiny radiance field.

torch.manual_seed(5)
torch.set_default_dtype(torch.float64)


def positional_encoding(x, frequencies):
    bands = 2.0 ** torch.arange(frequencies) * torch.pi
    scaled = x[..., None] * bands
    encoded = torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=-1)
    return torch.cat([x, encoded.flatten(-2)], dim=-1)


def camera_rays(height, width, focal):
    i, j = torch.meshgrid(torch.arange(height, dtype=torch.float64),
                          torch.arange(width, dtype=torch.float64), indexing="ij")
    directions = torch.stack([(j - width * 0.5) / focal, -(i - height * 0.5) / focal,
                              -torch.ones_like(i)], dim=-1)
    origins = torch.tensor([0.0, 0.0, 2.0]).expand(directions.shape)
    return origins.reshape(-1, 3), F.normalize(directions.reshape(-1, 3), dim=-1)


def stratified(near, far, rays, samples, generator):
    t = torch.linspace(0.0, 1.0, samples)
    z = near * (1.0 - t) + far * t
    z = z.expand(rays, samples)
    mids = 0.5 * (z[:, 1:] + z[:, :-1])
    upper = torch.cat([mids, z[:, -1:]], -1)
    lower = torch.cat([z[:, :1], mids], -1)
    return lower + (upper - lower) * torch.rand(z.shape, generator=generator)


def composite(rgb, sigma, z, directions):
    deltas = torch.cat([z[:, 1:] - z[:, :-1], torch.full_like(z[:, :1], 1e10)], dim=-1)
    deltas = deltas * directions.norm(dim=-1, keepdim=True)
    alpha = 1.0 - torch.exp(-F.relu(sigma) * deltas)
    shifted = torch.cat([torch.ones_like(alpha[:, :1]), 1.0 - alpha + 1e-10], dim=-1)
    transmittance = torch.cumprod(shifted, dim=-1)[:, :-1]
    weights = alpha * transmittance
    color = (weights[..., None] * rgb).sum(dim=-2)
    depth = (weights * z).sum(dim=-1)
    return color, depth, weights


def sample_pdf(bins, weights, samples):
    pdf = (weights + 1e-5) / (weights + 1e-5).sum(-1, keepdim=True)
    cdf = torch.cat([torch.zeros_like(pdf[:, :1]), torch.cumsum(pdf, -1)], -1)
    u = torch.linspace(0.0, 1.0, samples).expand(cdf.shape[0], samples).contiguous()
    index = torch.searchsorted(cdf, u, right=True)
    below = (index - 1).clamp(min=0)
    above = index.clamp(max=cdf.shape[-1] - 1)
    pair = torch.stack([below, above], -1)
    cdf_pair = torch.gather(cdf[:, None].expand(-1, samples, -1), 2, pair)
    bin_pair = torch.gather(bins[:, None].expand(-1, samples, -1), 2, pair)
    span = cdf_pair[..., 1] - cdf_pair[..., 0]
    span = torch.where(span < 1e-5, torch.ones_like(span), span)
    t = (u - cdf_pair[..., 0]) / span
    return bin_pair[..., 0] + t * (bin_pair[..., 1] - bin_pair[..., 0])


class Field(nn.Module):
    def __init__(self, frequencies=4, width=32):
        super().__init__()
        self.frequencies = frequencies
        self.net = nn.Sequential(nn.Linear(3 + 6 * frequencies, width), nn.ReLU(),
                                 nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 4))

    def forward(self, points):
        out = self.net(positional_encoding(points, self.frequencies))
        return torch.sigmoid(out[..., :3]), out[..., 3]


encoded = positional_encoding(torch.tensor([[0.5, -0.25, 1.0]]), 2)
print("encoding:", encoded.shape, encoded)
origins, directions = camera_rays(6, 5, 4.0)
print("rays:", origins.shape, directions[:3])

field = Field()
optimizer = torch.optim.Adam(field.parameters(), lr=1e-2)
generator = torch.Generator().manual_seed(1)
target = torch.sigmoid(directions @ torch.tensor([[1.0, 0.5, 0.2], [0.3, -1.0, 0.4],
                                                  [0.2, 0.1, -0.5]]))
for step in range(8):
    z = stratified(1.0, 3.0, origins.shape[0], 12, generator)
    points = origins[:, None] + directions[:, None] * z[..., None]
    rgb, sigma = field(points)
    color, depth, weights = composite(rgb, sigma, z, directions)
    mids = 0.5 * (z[:, 1:] + z[:, :-1])
    fine = sample_pdf(mids, weights[:, 1:-1].detach(), 8)
    z_all, _ = torch.sort(torch.cat([z, fine], -1), -1)
    points = origins[:, None] + directions[:, None] * z_all[..., None]
    rgb, sigma = field(points)
    fine_color, fine_depth, _ = composite(rgb, sigma, z_all, directions)
    loss = F.mse_loss(color, target) + F.mse_loss(fine_color, target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    psnr = -10.0 * torch.log10(F.mse_loss(fine_color, target))
    print(f"step {step} loss {loss.item():.8f} psnr {psnr.item():.5f} "
          f"depth {fine_depth.mean().item():.6f} weights {weights.sum(-1).mean().item():.6f}")

print("fine samples:", fine[:2])
print("depth map:", fine_depth.detach().view(6, 5))
