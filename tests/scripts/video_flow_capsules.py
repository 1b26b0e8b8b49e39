import torch
import torch.nn as nn
import torch.nn.functional as F

# Three vision programs off the beaten path: a 3-D convolutional video classifier (Conv3d with
# strides and dilation, BatchNorm3d, MaxPool3d, AdaptiveAvgPool3d, Dropout3d in eval,
# ConvTranspose3d and trilinear upsampling for a reconstruction head), optical-flow warping as
# RAFT writes it (a coordinate grid, a correlation volume by einsum, grid_sample with
# border padding, a photometric loss), and a capsule layer with squash and dynamic routing.

torch.manual_seed(13)
torch.set_default_dtype(torch.float64)


class Video3D(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv3d(2, 4, kernel_size=(3, 3, 3), padding=1), nn.BatchNorm3d(4), nn.ReLU(),
            nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2)),
            nn.Conv3d(4, 6, kernel_size=3, stride=(1, 2, 2), padding=2, dilation=2),
            nn.Dropout3d(0.5), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool3d((1, 1, 1))
        self.classify = nn.Linear(6, 3)
        self.decode = nn.ConvTranspose3d(6, 2, kernel_size=(1, 2, 2), stride=(1, 2, 2))

    def forward(self, clip):
        features = self.features(clip)
        logits = self.classify(self.pool(features).flatten(1))
        upsampled = F.interpolate(self.decode(features), size=clip.shape[2:],
                                  mode="trilinear", align_corners=False)
        return logits, upsampled


clips = torch.randn(2, 2, 4, 8, 8)
labels = torch.tensor([0, 2])
model = Video3D()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
for step in range(4):
    model.train()
    logits, recon = model(clips)
    loss = F.cross_entropy(logits, labels) + F.mse_loss(recon, clips)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"video step {step} loss {loss.item():.10f} recon {tuple(recon.shape)}")
model.eval()
with torch.no_grad():
    logits, _ = model(clips)
print("eval logits:", logits, "running var:", model.features[1].running_var)


def coords_grid(batch, height, width):
    ys, xs = torch.meshgrid(torch.arange(height), torch.arange(width), indexing="ij")
    return torch.stack([xs, ys], dim=0).double()[None].repeat(batch, 1, 1, 1)


def warp(image, flow):
    _, _, height, width = image.shape
    coords = coords_grid(image.shape[0], height, width) + flow
    x = 2.0 * coords[:, 0] / (width - 1) - 1.0
    y = 2.0 * coords[:, 1] / (height - 1) - 1.0
    grid = torch.stack([x, y], dim=-1)
    return F.grid_sample(image, grid, mode="bilinear", padding_mode="border", align_corners=True)


frame1 = torch.rand(1, 3, 6, 7)
frame2 = torch.roll(frame1, shifts=(0, 1), dims=(2, 3))
fmap1, fmap2 = frame1.flatten(2), frame2.flatten(2)
corr = torch.einsum("bci,bcj->bij", fmap1, fmap2) / fmap1.shape[1] ** 0.5
print("correlation:", corr.shape, corr.amax(-1)[0, :6])
flow = torch.zeros(1, 2, 6, 7, requires_grad=True)
flow_optimizer = torch.optim.SGD([flow], lr=2.0)
for step in range(5):
    warped = warp(frame2, flow)
    photometric = (warped - frame1).abs().mean() + 0.01 * flow.diff(dim=-1).abs().mean()
    flow_optimizer.zero_grad()
    photometric.backward()
    flow_optimizer.step()
    print(f"flow step {step} loss {photometric.item():.10f} mean dx {flow[:, 0].mean().item():.8f}")


def squash(s, dim=-1):
    norm_sq = (s ** 2).sum(dim=dim, keepdim=True)
    return norm_sq / (1 + norm_sq) * s / torch.sqrt(norm_sq + 1e-8)


class CapsuleLayer(nn.Module):
    def __init__(self, in_caps, in_dim, out_caps, out_dim, iterations=3):
        super().__init__()
        self.weight = nn.Parameter(0.1 * torch.randn(1, in_caps, out_caps, out_dim, in_dim))
        self.iterations = iterations

    def forward(self, u):
        u_hat = (self.weight @ u[:, :, None, :, None]).squeeze(-1)
        logits = torch.zeros(u_hat.shape[:3])
        for iteration in range(self.iterations):
            coupling = logits.softmax(dim=2)
            v = squash((coupling[..., None] * u_hat).sum(dim=1))
            if iteration < self.iterations - 1:
                logits = logits + (u_hat * v[:, None]).sum(-1)
        return v, coupling


capsules = CapsuleLayer(6, 4, 3, 5)
primary = squash(torch.randn(2, 6, 4))
digits, coupling = capsules(primary)
lengths = digits.norm(dim=-1)
margin = F.one_hot(torch.tensor([1, 2]), 3) * F.relu(0.9 - lengths) ** 2 + \
    0.5 * (1 - F.one_hot(torch.tensor([1, 2]), 3)) * F.relu(lengths - 0.1) ** 2
margin.sum(-1).mean().backward()
print("capsule lengths:", lengths)
print("coupling:", coupling[0, :2])
print("capsule grad norm:", f"{capsules.weight.grad.norm().item():.10f}")
